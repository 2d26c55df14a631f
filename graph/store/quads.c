/* quads.c - quad keys in six orders, radix sorting, and change sets. */
#include "store/quads.h"

#include <stdlib.h>
#include <string.h>

/* positions of s, p, o, g in each order */
const unsigned char quad_pos[ORD_N][4] = {
  [ORD_SPOG] = {0, 1, 2, 3}, [ORD_POSG] = {2, 0, 1, 3},
  [ORD_OSPG] = {1, 2, 0, 3}, [ORD_GSPO] = {1, 2, 3, 0},
  [ORD_GPOS] = {3, 1, 2, 0}, [ORD_GOSP] = {2, 3, 1, 0},
};

const char *const order_name[ORD_N] = {"spog", "posg", "ospg",
                                       "gspo", "gpos", "gosp"};

qkey qkey_from(kg_order ord, const kg_qid *q) {
  qkey k;
  const unsigned char *p = quad_pos[ord];
  k.k[p[0]] = q->s;
  k.k[p[1]] = q->p;
  k.k[p[2]] = q->o;
  k.k[p[3]] = q->g;
  return k;
}

kg_qid qkey_to(kg_order ord, const qkey *k) {
  const unsigned char *p = quad_pos[ord];
  kg_qid q = {k->k[p[0]], k->k[p[1]], k->k[p[2]], k->k[p[3]]};
  return q;
}

static int prefix_cmp(const qkey *a, const qkey *b, int ncomp) {
  for (int i = 0; i < ncomp; i++)
    if (a->k[i] != b->k[i]) return a->k[i] < b->k[i] ? -1 : 1;
  return 0;
}

/* LSD radix sort with 16-bit digits; digits equal in every key are
 * skipped, so ids below 65536 cost one pass per component. Stable. */
int qkey_sort_prefix(qkey *keys, size_t n, qkey *tmp, int ncomp) {
  if (n < 2) return 0;
  if (n < 64) {
    for (size_t i = 1; i < n; i++) {
      qkey v = keys[i];
      size_t j = i;
      while (j && prefix_cmp(&keys[j - 1], &v, ncomp) > 0) {
        keys[j] = keys[j - 1];
        j--;
      }
      keys[j] = v;
    }
    return 0;
  }
  qkey *own = NULL;
  if (!tmp) {
    own = tmp = malloc(n * sizeof *tmp);
    if (!tmp) return -1;
  }
  size_t *count = malloc(65536 * sizeof *count);
  if (!count) {
    free(own);
    return -1;
  }
  qkey *src = keys, *dst = tmp;
  for (int comp = ncomp - 1; comp >= 0; comp--) {
    for (int shift = 0; shift < 32; shift += 16) {
      uint32_t first = (src[0].k[comp] >> shift) & 0xffff;
      int varies = 0;
      for (size_t i = 1; i < n && !varies; i++)
        varies = ((src[i].k[comp] >> shift) & 0xffff) != first;
      if (!varies) continue;
      memset(count, 0, 65536 * sizeof *count);
      for (size_t i = 0; i < n; i++) count[(src[i].k[comp] >> shift) & 0xffff]++;
      size_t sum = 0;
      for (size_t d = 0; d < 65536; d++) {
        size_t c = count[d];
        count[d] = sum;
        sum += c;
      }
      for (size_t i = 0; i < n; i++)
        dst[count[(src[i].k[comp] >> shift) & 0xffff]++] = src[i];
      qkey *t = src;
      src = dst;
      dst = t;
    }
  }
  if (src != keys) memcpy(keys, src, n * sizeof *keys);
  free(count);
  free(own);
  return 0;
}

int qkey_sort(qkey *keys, size_t n, qkey *tmp) {
  return qkey_sort_prefix(keys, n, tmp, 4);
}

size_t qkey_bound(const void *items, size_t n, size_t stride, const qkey *k,
                  int strict) {
  const unsigned char *base = items;
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = qkey_cmp((const qkey *)(base + mid * stride), k);
    if (c < 0 || (strict && c == 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* ----------------------------------------------------------- change set */

typedef struct slot {
  kg_qid q;
  int op;      /* 0 = neutral (kept so probing works), +1, -1 */
  int used;
} slot;

struct qset {
  int holds;   /* snapshots that share it besides its owner */
  slot *tab;
  size_t cap, used, adds, dels;
  qentry *sorted[ORD_N];
  size_t nsorted[ORD_N];
  int valid[ORD_N];
};

qset *qset_new(void) { return calloc(1, sizeof(qset)); }

static void invalidate(qset *s) {
  for (int i = 0; i < ORD_N; i++) s->valid[i] = 0;
}

void qset_clear(qset *s) {
  if (!s) return;
  if (s->tab) memset(s->tab, 0, s->cap * sizeof *s->tab);
  s->used = s->adds = s->dels = 0;
  invalidate(s);
}

void qset_free(qset *s) {
  if (!s) return;
  if (s->holds) {
    s->holds--;
    return;
  }
  free(s->tab);
  for (int i = 0; i < ORD_N; i++) free(s->sorted[i]);
  free(s);
}

qset *qset_hold(qset *s) {
  if (s) s->holds++;
  return s;
}

int qset_shared(const qset *s) { return s && s->holds > 0; }

qset *qset_copy(const qset *s) {
  qset *c = qset_new();
  if (!c || !s->cap) return c;
  c->tab = malloc(s->cap * sizeof *c->tab);
  if (!c->tab) {
    free(c);
    return NULL;
  }
  memcpy(c->tab, s->tab, s->cap * sizeof *c->tab);
  c->cap = s->cap;
  c->used = s->used;
  c->adds = s->adds;
  c->dels = s->dels;
  return c;
}

static uint64_t qhash(const kg_qid *q) {
  uint64_t a = ((uint64_t)q->s << 32) | q->p;
  uint64_t b = ((uint64_t)q->o << 32) | q->g;
  uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL);
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return h;
}

static slot *lookup(const qset *s, const kg_qid *q) {
  if (!s->cap) return NULL;
  for (size_t j = qhash(q) & (s->cap - 1);; j = (j + 1) & (s->cap - 1)) {
    slot *e = &s->tab[j];
    if (!e->used) return NULL;
    if (!memcmp(&e->q, q, sizeof *q)) return e;
  }
}

static int grow(qset *s) {
  size_t cap = s->cap ? s->cap * 2 : 256;
  slot *t = calloc(cap, sizeof *t);
  if (!t) return -1;
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->tab[i].used || !s->tab[i].op) continue;
    size_t j = qhash(&s->tab[i].q) & (cap - 1);
    while (t[j].used) j = (j + 1) & (cap - 1);
    t[j] = s->tab[i];
  }
  free(s->tab);
  s->tab = t;
  s->cap = cap;
  s->used = s->adds + s->dels;
  return 0;
}

int qset_get(const qset *s, const kg_qid *q) {
  slot *e = lookup(s, q);
  return e ? e->op : 0;
}

static void count_op(qset *s, int op, int delta) {
  if (op > 0) s->adds += (size_t)delta;
  else if (op < 0) s->dels += (size_t)delta;
}

int qset_set(qset *s, const kg_qid *q, int op, int below) {
  slot *e = lookup(s, q);
  int visible = e && e->op ? e->op > 0 : below;
  if (visible == (op > 0)) return 0;
  invalidate(s);
  if (e) {
    count_op(s, e->op, -1);
    e->op = (op > 0) == below ? 0 : op;
    count_op(s, e->op, 1);
    return 1;
  }
  if ((s->used + 1) * 4 > s->cap * 3 && grow(s) < 0) return -1;
  size_t j = qhash(q) & (s->cap - 1);
  while (s->tab[j].used) j = (j + 1) & (s->cap - 1);
  s->tab[j].q = *q;
  s->tab[j].op = op;
  s->tab[j].used = 1;
  s->used++;
  count_op(s, op, 1);
  return 1;
}

size_t qset_adds(const qset *s) { return s ? s->adds : 0; }
size_t qset_dels(const qset *s) { return s ? s->dels : 0; }

static int entry_cmp(const void *a, const void *b) {
  return qkey_cmp(&((const qentry *)a)->key, &((const qentry *)b)->key);
}

const qentry *qset_sorted(qset *s, kg_order ord, size_t *n) {
  if (s->valid[ord]) {
    *n = s->nsorted[ord];
    return s->sorted[ord];
  }
  size_t m = s->adds + s->dels;
  qentry *v = realloc(s->sorted[ord], (m ? m : 1) * sizeof *v);
  if (!v) return NULL;
  s->sorted[ord] = v;
  size_t k = 0;
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->tab[i].used || !s->tab[i].op) continue;
    v[k].key = qkey_from(ord, &s->tab[i].q);
    v[k].op = s->tab[i].op;
    k++;
  }
  qsort(v, k, sizeof *v, entry_cmp);
  s->nsorted[ord] = k;
  s->valid[ord] = 1;
  *n = k;
  return v;
}

int qset_each(const qset *s, int (*fn)(void *ctx, const kg_qid *q, int op),
              void *ctx) {
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->tab[i].used || !s->tab[i].op) continue;
    int r = fn(ctx, &s->tab[i].q, s->tab[i].op);
    if (r) return r;
  }
  return 0;
}

int qset_merge_into(qset *s, const qset *top) {
  for (size_t i = 0; i < top->cap; i++) {
    const slot *e = &top->tab[i];
    if (!e->used || !e->op) continue;
    /* top's entry differs from the state visible through s */
    slot *m = lookup(s, &e->q);
    int below = m && m->op ? m->op < 0 : e->op < 0;
    if (qset_set(s, &e->q, e->op, below) < 0) return -1;
  }
  return 0;
}
