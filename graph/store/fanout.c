/* fanout.c - how many statements of a predicate one subject or one object
 * has on average, for the planner's join estimates, from a sample of the
 * base, kept with it, or of the committed layer when the base has none
 * (no statistics are stored: a few binary searches per predicate).
 *
 * Statements drawn evenly from the predicate's range in POSG each give
 * their subject's count (SPOG range s,p) and their object's (POSG range
 * p,o). Drawn by statement, a subject with f statements is drawn f times
 * as often, so the mean of 1/f estimates distinct subjects / statements,
 * and its inverse the mean per subject. */
#include <stdlib.h>

#include "store/index.h"

enum { SAMPLES = 32, MEMO_MAX = 4096 };

/* The samples of a base, kept with it (index_memo): a base never
 * changes, so neither do they. */
typedef struct memo_entry {
  kg_id p;
  int have;
  double f[2];
} memo_entry;
typedef struct memo {
  size_t n, cap;
  memo_entry e[];
} memo;

/* Sorted keys: a base order (qkey) or a change layer's (qentry). */
typedef struct sorted {
  const unsigned char *items;
  size_t n, stride;
} sorted;

static const qkey *key_at(const sorted *a, size_t i) {
  return (const qkey *)(a->items + i * a->stride);
}

static size_t bound(const sorted *a, uint32_t k0, uint32_t k1,
                    uint32_t rest) {
  qkey k = {{k0, k1, rest, rest}};
  return qkey_bound(a->items, a->n, a->stride, &k, rest != 0);
}

/* Keys with the first two components (a, b). */
static size_t range(const sorted *s, uint32_t a, uint32_t b) {
  return bound(s, a, b, UINT32_MAX) - bound(s, a, b, 0);
}

/* The fanouts of p from one source (POSG and SPOG keys); 0 if p has
 * none there. */
static int sample(const sorted *pos, const sorted *spo, kg_id p,
                  double fanout[2]) {
  size_t a = bound(pos, p, 0, 0);
  size_t b = bound(pos, p, UINT32_MAX, UINT32_MAX);
  if (!pos->items || !spo->items || a >= b) return 0;
  size_t step = (b - a) > SAMPLES ? (b - a) / SAMPLES : 1;
  double inv_s = 0, inv_o = 0;
  int k = 0;
  for (size_t i = a + step / 2; i < b && k < SAMPLES; i += step, k++) {
    /* POSG: k[0] p, k[1] o, k[2] s */
    const qkey *q = key_at(pos, i);
    size_t fs = range(spo, q->k[2], p);
    size_t fo = range(pos, p, q->k[1]);
    inv_s += 1.0 / (double)(fs ? fs : 1);
    inv_o += 1.0 / (double)(fo ? fo : 1);
  }
  fanout[0] = k / inv_s;
  fanout[1] = k / inv_o;
  return 1;
}

/* The base's (kept with it), or NULL. */
static memo_entry *remembered(const kg_index *x, kg_id p) {
  memo *m = *index_memo(x);
  for (size_t i = 0; m && i < m->n; i++)
    if (m->e[i].p == p) return &m->e[i];
  return NULL;
}

static void remember(const kg_index *x, kg_id p, int have,
                     const double f[2]) {
  memo **mp = (memo **)index_memo(x);
  memo *m = *mp;
  if (!m || m->n == m->cap) {
    size_t cap = m ? 2 * m->cap : 16;
    if (cap > MEMO_MAX) return;
    memo *g = realloc(m, sizeof *g + cap * sizeof g->e[0]);
    if (!g) return; /* not kept: sampled again next time */
    if (!m) g->n = 0;
    g->cap = cap;
    *mp = m = g;
  }
  m->e[m->n++] = (memo_entry){p, have, {f[0], f[1]}};
}

int scan_fanout(const kg_view *v, kg_id p, double fanout[2]) {
  memo_entry *e = remembered(v->base, p);
  if (e) {
    fanout[0] = e->f[0], fanout[1] = e->f[1];
    if (e->have) return 1;
  } else {
    sorted pos = {0}, spo = {0};
    pos.items = (const void *)index_keys(v->base, ORD_POSG, &pos.n);
    spo.items = (const void *)index_keys(v->base, ORD_SPOG, &spo.n);
    pos.stride = spo.stride = sizeof(qkey);
    int have = sample(&pos, &spo, p, fanout);
    remember(v->base, p, have, fanout);
    if (have) return 1;
  }
  /* none in the base (a small store keeps its statements in the
   * committed layer until a checkpoint): that layer, sampled anew */
  if (v->nlayers < 1 || !v->layer[0]) return 0;
  sorted pos = {0}, spo = {0};
  pos.items = (const void *)qset_sorted(v->layer[0], ORD_POSG, &pos.n);
  spo.items = (const void *)qset_sorted(v->layer[0], ORD_SPOG, &spo.n);
  pos.stride = spo.stride = sizeof(qentry);
  return sample(&pos, &spo, p, fanout);
}
