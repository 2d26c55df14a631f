/* eval_order.c - ORDER BY: a full sort, or a top-k when the optimizer
 * found a LIMIT above it (sp_node.topk): a bounded max-heap of the best k
 * rows seen so far, so that memory is k rows and each further row costs
 * a comparison with the worst kept one (usually on its first condition
 * alone: later conditions are evaluated only on a tie).
 *
 * Both give the same rows in the same order: by the conditions in turn
 * (SPARQL's order: unbound, blank nodes, IRIs, literals; an error orders
 * as unbound), then by arrival, so equal rows keep the pattern's order. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "sparql/eval/eval.h"

/* Rows live in slots: slot s holds a row, its condition values and its
 * arrival number; `heap` lists the slots in use. */
typedef struct order_it {
  ev_iter base;
  const sp_node *n;
  size_t width, ne;
  kg_id *ids;          /* slot s: ids + s * width */
  sp_val *keys;        /* slot s: keys + s * ne */
  unsigned long long *seq;
  size_t *heap;        /* a max-heap (worst first) while reading, sorted after */
  size_t nslots, capids, capkeys, capseq, capheap;
  size_t i;            /* next row handed out */
} order_it;

/* One condition compared, DESC applied. */
static int cmp_key(const sp_node *n, int k, const sp_val *a, const sp_val *b) {
  int r = sp_val_order(a->type == SPV_ERROR ? NULL : a,
                       b->type == SPV_ERROR ? NULL : b);
  return n->desc && n->desc[k] ? -r : r;
}

static int cmp_slots(const void *x, const void *y, void *c) {
  const order_it *o = c;
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  for (size_t k = 0; k < o->ne; k++) {
    int r = cmp_key(o->n, (int)k, &o->keys[a * o->ne + k], &o->keys[b * o->ne + k]);
    if (r) return r;
  }
  return (o->seq[a] > o->seq[b]) - (o->seq[a] < o->seq[b]);
}

static int worse(const order_it *o, size_t a, size_t b) {
  return cmp_slots(&o->heap[a], &o->heap[b], (void *)o) > 0;
}

static void swap(order_it *o, size_t a, size_t b) {
  size_t t = o->heap[a];
  o->heap[a] = o->heap[b];
  o->heap[b] = t;
}

static void sift_up(order_it *o, size_t i) {
  while (i > 0 && worse(o, i, (i - 1) / 2)) {
    swap(o, i, (i - 1) / 2);
    i = (i - 1) / 2;
  }
}

static void sift_down(order_it *o, size_t i) {
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= o->nslots) return;
    if (c + 1 < o->nslots && worse(o, c + 1, c)) c++;
    if (!worse(o, c, i)) return;
    swap(o, i, c);
    i = c;
  }
}

/* A new slot at the end of the heap; -1 when out of memory. */
static int slot_add(order_it *o, size_t *slot) {
  size_t s = o->nslots;
  if (!grow(&o->ids, &o->capids, s + 1, o->width * sizeof *o->ids, 64) ||
      !grow(&o->keys, &o->capkeys, s + 1, (o->ne ? o->ne : 1) * sizeof *o->keys, 64) ||
      !grow(&o->seq, &o->capseq, s + 1, sizeof *o->seq, 64) ||
      !grow(&o->heap, &o->capheap, s + 1, sizeof *o->heap, 64))
    return -1;
  o->heap[s] = s;
  o->nslots++;
  *slot = s;
  return 0;
}

/* Takes one row: kept (in a new slot or in place of the worst) or not. */
static int order_take(ev_ctx *cx, order_it *o, const kg_id *row,
                      unsigned long long seq, sp_val *cand) {
  const sp_node *n = o->n;
  size_t k = 0, slot;
  int full = n->topk > 0 && o->nslots >= (size_t)n->topk;
  sp_fctx_next_solution(&cx->f);
  if (full) {
    /* compare with the worst kept, a condition at a time */
    const sp_val *w = o->keys + o->heap[0] * o->ne;
    int r = 0;
    for (; k < o->ne && !r; k++) {
      cand[k] = ev_expr(cx, n->exprs[k], row);
      r = cmp_key(n, (int)k, &cand[k], &w[k]);
    }
    if (r >= 0) return 0; /* not better (a tie came later: worse) */
    slot = o->heap[0];
  } else if (slot_add(o, &slot) < 0) {
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  for (; k < o->ne; k++) cand[k] = ev_expr(cx, n->exprs[k], row);
  memcpy(o->keys + slot * o->ne, cand, o->ne * sizeof *cand);
  memcpy(o->ids + slot * o->width, row, o->width * sizeof *row);
  o->seq[slot] = seq;
  if (full) sift_down(o, 0);
  else if (n->topk > 0) sift_up(o, o->nslots - 1);
  return 0;
}

static int order_next(ev_iter *it, kg_id *row) {
  order_it *o = (order_it *)it;
  if (o->i >= o->nslots) return 0;
  memcpy(row, o->ids + o->heap[o->i] * o->width, o->width * sizeof *row);
  o->i++;
  return 1;
}
static void order_reopen(ev_iter *it, const kg_id *in) {
  (void)in;
  ((order_it *)it)->i = 0;
}
static void order_free(ev_iter *it) {
  order_it *o = (order_it *)it;
  free(o->ids);
  free(o->keys);
  free(o->seq);
  free(o->heap);
  free(o);
}

ev_iter *ev_open_order(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g) {
  order_it *o = calloc(1, sizeof *o);
  kg_id *row = ev_row_new(cx);
  sp_val *cand = malloc(((size_t)n->nexprs + 1) * sizeof *cand);
  ev_iter *a = o && row && cand ? ev_open(cx, n->a, in, g) : NULL;
  int rc = a ? 0 : -1;
  if (!o || !row || !cand) ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  if (o) {
    o->base = (ev_iter){order_next, order_reopen, order_free, cx};
    o->n = n;
    o->width = (size_t)cx->nvars;
    o->ne = (size_t)n->nexprs;
  }
  unsigned long long seq = 0;
  while (!rc && (rc = a->next(a, row)) > 0) {
    const ev_graph *saved = cx->active;
    cx->active = g;
    rc = order_take(cx, o, row, seq++, cand);
    cx->active = saved;
    if (!rc && ev_cancelled(cx)) rc = -1;
  }
  ev_free(a);
  free(row);
  free(cand);
  if (rc < 0) {
    if (o) order_free(&o->base);
    return NULL;
  }
  if (o->nslots) qsort_r(o->heap, o->nslots, sizeof *o->heap, cmp_slots, o);
  return &o->base;
}
