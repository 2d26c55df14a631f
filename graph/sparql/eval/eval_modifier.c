/* eval_modifier.c - the solution modifiers PROJECT, DISTINCT, REDUCED and
 * SLICE as pull iterators (ORDER BY sorts in eval_order.c). */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval/eval.h"

/* ----------------------------------------- project, distinct, slice */

typedef struct mod_it {
  ev_iter base;
  const sp_node *n;
  ev_iter *a;
  kg_id *in;
  unsigned char *keep;   /* PROJECT */
  /* DISTINCT: open-addressing set of row indexes into seen */
  ev_rows seen;
  uint32_t *set;
  size_t nset;
  long long skipped, emitted;
} mod_it;

static int project_next(ev_iter *it, kg_id *row) {
  mod_it *m = (mod_it *)it;
  int rc = m->a->next(m->a, row);
  if (rc <= 0) return rc;
  for (int v = 0; v < it->cx->nvars; v++)
    if (!m->keep[v]) row[v] = m->in[v];
  return 1;
}

static uint64_t row_hash(const kg_id *r, int n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < n; i++) {
    h ^= r[i];
    h *= 0x100000001b3ULL;
  }
  return h ^ (h >> 31);
}

/* 1 if row was new (and is now remembered), 0 if seen, -1 on error. */
static int distinct_add(ev_ctx *cx, mod_it *m, const kg_id *row) {
  int nv = cx->nvars;
  if ((m->seen.n + 1) * 2 > m->nset) {
    size_t ns = m->nset ? m->nset * 2 : 1024;
    uint32_t *s = calloc(ns, sizeof *s);
    if (!s) return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < m->seen.n; i++) {
      size_t j = row_hash(m->seen.data + i * m->seen.width, nv) & (ns - 1);
      while (s[j]) j = (j + 1) & (ns - 1);
      s[j] = (uint32_t)(i + 1);
    }
    free(m->set);
    m->set = s;
    m->nset = ns;
  }
  size_t j = row_hash(row, nv) & (m->nset - 1);
  while (m->set[j]) {
    const kg_id *r = m->seen.data + (m->set[j] - 1) * m->seen.width;
    if (!memcmp(r, row, (size_t)nv * sizeof *row)) return 0;
    j = (j + 1) & (m->nset - 1);
  }
  if (ev_rows_push(&m->seen, row) < 0)
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  m->set[j] = (uint32_t)m->seen.n;
  return 1;
}

static int distinct_next(ev_iter *it, kg_id *row) {
  mod_it *m = (mod_it *)it;
  int rc;
  while ((rc = m->a->next(m->a, row)) > 0) {
    int r = distinct_add(it->cx, m, row);
    if (r) return r;
  }
  return rc;
}

static int slice_next(ev_iter *it, kg_id *row) {
  mod_it *m = (mod_it *)it;
  if (m->n->limit >= 0 && m->emitted >= m->n->limit) return 0;
  int rc;
  while ((rc = m->a->next(m->a, row)) > 0) {
    if (m->skipped < m->n->offset) {
      m->skipped++;
      continue;
    }
    m->emitted++;
    return 1;
  }
  return rc;
}

static void mod_reopen(ev_iter *it, const kg_id *in) {
  mod_it *m = (mod_it *)it;
  m->a->reopen(m->a, in);
  if (in) ev_row_set(it->cx, m->in, in);
  m->skipped = m->emitted = 0;
  m->seen.n = 0;
  if (m->set) memset(m->set, 0, m->nset * sizeof *m->set);
}
static void mod_free(ev_iter *it) {
  mod_it *m = (mod_it *)it;
  ev_free(m->a);
  free(m->in);
  free(m->keep);
  ev_rows_free(&m->seen);
  free(m->set);
  free(m);
}

ev_iter *ev_open_modifier(ev_ctx *cx, const sp_node *n, const kg_id *in,
                          const ev_graph *g) {
  mod_it *m = calloc(1, sizeof *m);
  if (!m) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  int (*next)(ev_iter *, kg_id *) =
      n->op == SP_N_PROJECT ? project_next
      : n->op == SP_N_SLICE ? slice_next : distinct_next;
  m->base = (ev_iter){next, mod_reopen, mod_free, cx};
  m->n = n;
  m->in = ev_row_new(cx);
  m->seen.width = (size_t)cx->nvars;
  if (m->in) ev_row_set(cx, m->in, in);
  if (n->op == SP_N_PROJECT) {
    m->keep = calloc((size_t)cx->nvars + 1, 1);
    if (m->keep)
      for (int j = 0; j < n->nvars; j++) m->keep[n->vars[j]] = 1;
  }
  int ok = m->in && (n->op != SP_N_PROJECT || m->keep);
  if (ok) m->a = ev_open(cx, n->a, in, g);
  if (!m->a) {
    mod_free(&m->base);
    if (!ok) ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  return &m->base;
}

