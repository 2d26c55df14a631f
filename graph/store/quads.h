/* quads.h - quads of term ids in six sort orders, sets of changes to them,
 * and sorted runs: the building blocks of the index.
 *
 * An index holds every quad in six orders (SPOG, POSG, OSPG, GSPO, GPOS,
 * GOSP) so that any pattern of bound positions is a prefix range of one
 * of them. A key is the quad's ids permuted into the order's positions.
 */
#ifndef KG_QUADS_H
#define KG_QUADS_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

typedef enum {
  ORD_SPOG, ORD_POSG, ORD_OSPG, ORD_GSPO, ORD_GPOS, ORD_GOSP, ORD_N
} kg_order;

/* A key in some order: k[0] is the most significant component. */
typedef struct qkey {
  uint32_t k[4];
} qkey;

/* Position of s, p, o, g (0..3) within each order's key. */
extern const unsigned char quad_pos[ORD_N][4];
extern const char *const order_name[ORD_N];

qkey qkey_from(kg_order ord, const kg_qid *q);
kg_qid qkey_to(kg_order ord, const qkey *k);

static inline int qkey_cmp(const qkey *a, const qkey *b) {
  for (int i = 0; i < 4; i++)
    if (a->k[i] != b->k[i]) return a->k[i] < b->k[i] ? -1 : 1;
  return 0;
}

/* Sorts n keys ascending (LSD radix over the varying digits). `tmp` is
 * scratch of n keys or NULL to allocate. Returns 0, or -1 out of memory. */
int qkey_sort(qkey *keys, size_t n, qkey *tmp);

/* Sorts by the first ncomp components only (1 to 4), keys equal in them
 * staying in the order given. Same scratch and result as qkey_sort. */
int qkey_sort_prefix(qkey *keys, size_t n, qkey *tmp, int ncomp);

/* The one binary search over sorted keys: first index among n items
 * `stride` bytes apart, each beginning with a qkey (a qkey or qentry
 * array), whose key is >= *k (lower bound), or > *k when `strict` (upper
 * bound). */
size_t qkey_bound(const void *items, size_t n, size_t stride, const qkey *k,
                  int strict);

/* ----------------------------------------------------------- change set */

/* A set of quad states layered over the state below it: op +1 = present,
 * -1 = absent, 0 = no change. Entries are only kept when they differ from
 * the layer below, so sizes add up exactly. */
typedef struct qset qset;

typedef struct qentry {
  qkey key;   /* in the order asked for */
  int op;     /* +1 or -1 */
} qentry;

qset *qset_new(void);
/* Frees the set, or drops one hold when snapshots share it. */
void qset_free(qset *s);
/* Snapshots: a hold keeps the set alive (qset_free drops it); a shared
 * set is never changed: its owner changes a qset_copy instead. */
qset *qset_hold(qset *s);
int qset_shared(const qset *s);
/* A new set with the same entries; NULL when out of memory. */
qset *qset_copy(const qset *s);
void qset_clear(qset *s);
/* State of q in this layer: +1, -1, or 0 when the layer says nothing. */
int qset_get(const qset *s, const kg_qid *q);
/* Records q's new state (+1/-1) given whether the layers below hold it;
 * returns 1 if the visible state changed, 0 if not, -1 out of memory. */
int qset_set(qset *s, const kg_qid *q, int op, int below);
/* Entries that add / remove, relative to below. */
size_t qset_adds(const qset *s);
size_t qset_dels(const qset *s);
/* All non-neutral entries sorted in `ord`; borrowed until the set
 * changes. NULL only when out of memory. */
const qentry *qset_sorted(qset *s, kg_order ord, size_t *n);
/* Calls fn for each non-neutral entry (in no particular order); stops
 * and returns fn's value when it is non-zero. */
int qset_each(const qset *s, int (*fn)(void *ctx, const kg_qid *q, int op),
              void *ctx);
/* Moves every entry of `top` into `s` (commit of a transaction):
 * entries are combined so that s stays relative to the layer below s. */
int qset_merge_into(qset *s, const qset *top);

#endif /* KG_QUADS_H */
