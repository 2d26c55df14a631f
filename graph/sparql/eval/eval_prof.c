/* eval_prof.c - counting for `.explain analyze`: when a query runs with a
 * profile (ev_ctx.prof), every operator's iterator is wrapped in one that
 * counts its loops (runs: reads after an open or a reopen) and the rows
 * it hands out, kept by algebra node. Off
 * (prof NULL), nothing is wrapped and nothing costs. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval/eval.h"

static size_t ptr_hash(const void *p, size_t mask) {
  uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ULL;
  return (size_t)(h >> 17) & mask;
}

ev_prof_node *ev_prof_find(const ev_prof *p, const sp_node *n) {
  if (!p || !p->nslot) return NULL;
  size_t mask = p->nslot - 1;
  for (size_t i = ptr_hash(n, mask); p->slot[i]; i = (i + 1) & mask)
    if (p->slot[i]->n == n) return p->slot[i];
  return NULL;
}

ev_prof_node *ev_prof_at(ev_ctx *cx, const sp_node *n) {
  ev_prof *p = cx->prof;
  if (!p) return NULL;
  ev_prof_node *found = ev_prof_find(p, n);
  if (found) return found;
  if ((p->n + 1) * 2 > p->nslot) {
    size_t ns = p->nslot ? p->nslot * 2 : 64;
    ev_prof_node **slot = calloc(ns, sizeof *slot);
    if (!slot) {
      ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      return NULL;
    }
    for (size_t i = 0; i < p->nslot; i++) {
      if (!p->slot[i]) continue;
      size_t j = ptr_hash(p->slot[i]->n, ns - 1);
      while (slot[j]) j = (j + 1) & (ns - 1);
      slot[j] = p->slot[i];
    }
    free(p->slot);
    p->slot = slot;
    p->nslot = ns;
  }
  ev_prof_node *pn = calloc(1, sizeof *pn);
  if (!pn) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  pn->n = n;
  size_t j = ptr_hash(n, p->nslot - 1);
  while (p->slot[j]) j = (j + 1) & (p->nslot - 1);
  p->slot[j] = pn;
  p->n++;
  return pn;
}

void ev_prof_free(ev_prof *p) {
  if (!p) return;
  for (size_t i = 0; i < p->nslot; i++) {
    ev_prof_node *pn = p->slot[i];
    if (!pn) continue;
    free(pn->levels);
    free(pn);
  }
  free(p->slot);
  memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------ counting */

typedef struct count_it {
  ev_iter base;
  ev_iter *a;
  ev_prof_node *pn;
  int fresh;           /* (re)opened, not yet read: the next read is a loop */
} count_it;

static int count_next(ev_iter *it, kg_id *row) {
  count_it *c = (count_it *)it;
  if (c->fresh) c->pn->loops++;
  c->fresh = 0;
  int rc = c->a->next(c->a, row);
  if (rc > 0) c->pn->rows++;
  return rc;
}
static void count_reopen(ev_iter *it, const kg_id *in) {
  count_it *c = (count_it *)it;
  c->fresh = 1;
  c->a->reopen(c->a, in);
}
static void count_free(ev_iter *it) {
  ev_free(((count_it *)it)->a);
  free(it);
}

ev_iter *ev_prof_wrap(ev_ctx *cx, const sp_node *n, ev_iter *it) {
  if (!cx->prof || !it) return it;
  ev_prof_node *pn = ev_prof_at(cx, n);
  count_it *c = pn ? calloc(1, sizeof *c) : NULL;
  if (!c) {
    ev_free(it);
    if (pn) ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  c->base = (ev_iter){count_next, count_reopen, count_free, cx};
  c->a = it;
  c->pn = pn;
  c->fresh = 1;
  return &c->base;
}

void ev_prof_how(ev_ctx *cx, const sp_node *n, const char *how) {
  ev_prof_node *pn = cx->prof ? ev_prof_at(cx, n) : NULL;
  if (pn) pn->how = how;
}
