/* index.h - the quad index: an immutable sorted base in six orders, change
 * layers over it, pattern scans, and the merge that makes a new base.
 *
 * On disk the base of generation G is six files "quads-G.<order>" in the
 * store directory, each a 32-byte header and the sorted keys, read
 * through mmap. In memory the base is six heap arrays.
 */
#ifndef KG_INDEX_H
#define KG_INDEX_H

#include "store/quads.h"

typedef struct kg_index kg_index;

/* Opens the base of generation `gen` in `dir` (gen 0 or dir NULL: an
 * empty base). New index, caller closes. */
kg_status index_open(const char *dir, uint64_t gen, kg_index **out,
                     kg_error *err);
/* Closes the index, or drops one hold when snapshots share it (its maps
 * stay valid after its files are deleted). */
void index_close(kg_index *x);
kg_index *index_hold(kg_index *x);

size_t index_size(const kg_index *x);
/* The raw keys of an order (unchecked: estimates only). */
const qkey *index_keys(const kg_index *x, kg_order ord, size_t *n);
int index_contains(const kg_index *x, const kg_qid *q);

/* Keys per checksummed chunk of a base file (16 KB). */
enum { CHUNK_KEYS = 1024 };
/* The first key >= k (> k when strict) in an order, checking each chunk
 * it reads; 0 after a chunk fails (see index_damaged). */
size_t index_bound(const kg_index *x, kg_order ord, const qkey *k,
                   int strict);
/* Key i of an order, its chunk checked; NULL past the end or when the
 * chunk fails. */
const qkey *index_key_at(const kg_index *x, kg_order ord, size_t i);
/* KG_ERR_CORRUPT naming the first chunk of the base found damaged by a
 * scan, search or merge, else KG_OK (x may be NULL). A scan that meets
 * damage ends early: callers ask here before taking its end as the
 * answer. */
kg_status index_damaged(const kg_index *x, kg_error *err);
/* Replaces the file of one order of generation `gen` with `keys` (n,
 * sorted in that order): a repair from a sound order. */
kg_status index_write_order(const char *dir, uint64_t gen, kg_order ord,
                            const qkey *keys, size_t n, kg_error *err);

/* Removes the files of generation `gen` from `dir`. */
void index_remove_files(const char *dir, uint64_t gen);

/* --------------------------------------------------------------- views */

/* What a reader sees: the base and up to two change layers (committed
 * changes not yet merged, and the open transaction's), top last. */
typedef struct kg_view {
  const kg_index *base;
  qset *layer[2];
  int nlayers;
} kg_view;

/* A snapshot: the view's base and layers held until view_release, which
 * also empties it (a view never held is not released). */
kg_view view_hold(const kg_view *v);
void view_release(kg_view *v);

/* 1 if q is in the view. */
int view_contains(const kg_view *v, const kg_qid *q);
/* Exact number of quads in the view. */
size_t view_size(const kg_view *v);

/* ----------------------------------------------------------------- scan */

typedef enum {
  G_UNION,   /* any graph, each triple once (g reported as 0) */
  G_DEFAULT, /* the default graph only */
  G_NAMED,   /* any named graph, g reported */
  G_FIXED,   /* the graph `g` */
  G_ALL      /* every quad, g reported (0 = default graph) */
} kg_gmode;

/* A pattern: 0 in s, p, o = any. */
typedef struct kg_pattern {
  kg_id s, p, o, g;
  kg_gmode gmode;
} kg_pattern;

typedef struct src {
  const qkey *keys;     /* base range, or NULL */
  const qentry *ents;   /* layer range, or NULL */
  size_t i, n;
  const kg_index *base; /* keys of a base: its chunks are checked */
  kg_order ord;
  size_t checked_to;    /* keys before this index are in sound chunks */
} src;

typedef struct kg_scan {
  kg_order ord;
  qkey lo, hi;          /* inclusive range of keys */
  int prefix;           /* bound leading components */
  src s[3];
  int ns;
  kg_gmode gmode;
  int have_last;
  qkey last;            /* G_UNION: last triple emitted */
} kg_scan;

void scan_init(kg_scan *sc, const kg_view *v, const kg_pattern *p);
/* Same in a given order; the pattern's bound positions must lead it
 * (other bound positions are ignored). */
void scan_init_order(kg_scan *sc, const kg_view *v, const kg_pattern *p,
                     kg_order ord);
/* scan_init with the unbound object limited to the ids olo..ohi (a
 * range of values, where ids sort by value). Only when the predicate is
 * bound or the subject is not: then an order puts the object right after
 * the bound positions (else the whole pattern is scanned). */
void scan_init_range(kg_scan *sc, const kg_view *v, const kg_pattern *p,
                     kg_id olo, kg_id ohi);
/* 1 and *q filled, or 0 at the end. */
int scan_next(kg_scan *sc, kg_qid *q);
/* An estimate of the quads a pattern matches (exact for the base). */
size_t scan_estimate(const kg_view *v, const kg_pattern *p);
size_t scan_estimate_range(const kg_view *v, const kg_pattern *p, kg_id olo,
                           kg_id ohi);
/* fanout.c: the mean number of p's statements per subject (fanout[0])
 * and per object (fanout[1]) in the base, from a sample; 0 when the base
 * has none of p (estimates only: the change layers are left out). */
int scan_fanout(const kg_view *v, kg_id p, double fanout[2]);
/* A slot for one malloc'd block kept with a base and freed with it, for
 * what is computed once per base (fanout.c's samples). Like the rest of
 * the index, used by one thread of the handle at a time. */
void **index_memo(const kg_index *x);

/* ---------------------------------------------------------------- merge */

/* Extra sorted runs of added keys (bulk loads), produced one order at a
 * time: get() gives the runs of `ord`, each either in memory (keys[r])
 * or in a file (fds[r] >= 0, keys[r] NULL) that the merge reads through
 * a small buffer; put() releases them. */
typedef struct kg_runs {
  kg_status (*get)(void *ctx, kg_order ord, const qkey ***keys,
                   const int **fds, size_t **n, int *nruns, kg_error *err);
  void (*put)(void *ctx, kg_order ord);
  void *ctx;
} kg_runs;

/* Merges nr sorted run files (fds[i] holding n[i] keys, read from
 * offset 0) into out_fd, written from its current offset; *out_n gets
 * the keys written (copies kept). For loads with more runs than one
 * index merge reads. */
kg_status index_merge_runs(const int *fds, const size_t *n, int nr,
                           int out_fd, size_t *out_n, kg_error *err);

/* Called for each quad the merge adds (SPOG order) or removes: op -1
 * removed, +1 added by a change layer, +2 added by the runs only. */
typedef int (*merge_fn)(void *ctx, const kg_qid *q, int op);

/* Writes generation `gen` into dir (or heap when dir is NULL): the view
 * plus the runs. Calls fn (may be NULL) for every quad that is new to the
 * base or removed from it. *out is the new base (caller closes). */
kg_status index_merge(const kg_view *v, const kg_runs *runs, const char *dir,
                      uint64_t gen, merge_fn fn, void *ctx, kg_index **out,
                      kg_error *err);

#endif /* KG_INDEX_H */
