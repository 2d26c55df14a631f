/* explain.c - the plan a query ran with (`.explain analyze`): every
 * operator on a line of its own, children indented below it, with the
 * rows it was estimated to give and the rows it gave, as PostgreSQL's
 * EXPLAIN ANALYZE shows them. A basic graph pattern lists its triple
 * patterns in the order the planner chose, each with the filters placed
 * at it.
 *
 * Estimates: a pattern's is the planner's (the index's count, narrowed by
 * the variables bound before it), times the rows of the patterns before
 * it; operators that keep or cut rows pass theirs up (filters count as
 * keeping every row); joins of groups, paths, GROUP BY and SERVICE are
 * not estimated ("?"). Actual rows are totals over every run ("loops N"
 * when an operator ran more than once, as the inner side of a nested
 * loop join does). */
#include <math.h>

#include "sparql/explain.h"

static void indent(strbuf *b, int depth) {
  for (int i = 0; i < depth; i++) strbuf_puts(b, "  ");
}

static double est_node(const ev_prof *p, const sp_node *n);

/* A node's estimate, worked out once (kept in its record): printing asks
 * for every node's, and each asks for its children's. */
static double est_of(const ev_prof *p, const sp_node *n) {
  ev_prof_node *pn = ev_prof_find(p, n);
  if (pn && pn->est_done) return pn->est;
  double e = est_node(p, n);
  if (pn) {
    pn->est = e;
    pn->est_done = 1;
  }
  return e;
}

static double est_node(const ev_prof *p, const sp_node *n) {
  const ev_prof_node *pn = ev_prof_find(p, n);
  double a = n->a ? est_of(p, n->a) : -1, b = n->b ? est_of(p, n->b) : -1;
  switch (n->op) {
  case SP_N_BGP:
    if (!n->ntriples) return 1;
    return pn && pn->nlevels ? pn->levels[pn->nlevels - 1].est : -1;
  case SP_N_VALUES:
    return n->nrows;
  case SP_N_TABLE:
    return 0;
  case SP_N_FILTER:
  case SP_N_EXTEND:
  case SP_N_PROJECT:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_GRAPH:
  case SP_N_LEFTJOIN:
  case SP_N_MINUS:
    return a;
  case SP_N_ORDER:
    return n->topk > 0 && a > (double)n->topk ? (double)n->topk : a;
  case SP_N_SLICE: {
    if (a < 0) return n->limit >= 0 ? (double)n->limit : -1;
    double left = a - (n->offset > 0 ? (double)n->offset : 0);
    if (left < 0) left = 0;
    return n->limit >= 0 && left > (double)n->limit ? (double)n->limit : left;
  }
  case SP_N_UNION:
    return a >= 0 && b >= 0 ? a + b : -1;
  case SP_N_GROUP:
    return n->nexprs ? -1 : 1;
  default:
    return -1;
  }
}

static void number(strbuf *b, double x) {
  if (x < 0) strbuf_putc(b, '?');
  else if (x < 1e15) strbuf_printf(b, "%.0f", floor(x + 0.5));
  else strbuf_printf(b, "%.3g", x);
}

/* "  [est N, actual M, loops K, how]", or "  [not run]". */
static void note(strbuf *b, double est, const ev_prof_node *pn,
                 unsigned long long rows) {
  if (!pn) {
    strbuf_puts(b, "  [not run]\n");
    return;
  }
  strbuf_puts(b, "  [est ");
  number(b, est);
  strbuf_printf(b, ", actual %llu", rows);
  if (pn->loops > 1) strbuf_printf(b, ", loops %llu", pn->loops);
  if (pn->how) strbuf_printf(b, ", %s", pn->how);
  strbuf_puts(b, "]\n");
}

static void print_bgp(const sp_query *q, const ev_prof *p, const sp_node *n,
                      int depth, strbuf *b) {
  const ev_prof_node *pn = ev_prof_find(p, n);
  indent(b, depth);
  strbuf_puts(b, n->ntriples ? "(bgp)" : "(table unit)");
  unsigned long long rows = pn ? pn->rows : 0;
  /* a FILTER's pattern is run inside it: its rows are its last level's */
  if (pn && pn->nlevels && !pn->loops) rows = pn->levels[pn->nlevels - 1].rows;
  note(b, est_of(p, n), pn, rows);
  if (!pn || !pn->nlevels) {
    for (int i = 0; i < n->ntriples; i++) {
      indent(b, depth + 1);
      sp_triple_print(q, &n->triples[i], b);
      strbuf_putc(b, '\n');
    }
    return;
  }
  for (int k = 0; k < pn->nlevels; k++) {
    const ev_prof_level *l = &pn->levels[k];
    indent(b, depth + 1);
    sp_triple_print(q, &n->triples[l->triple], b);
    strbuf_puts(b, "  [est ");
    number(b, l->est);
    strbuf_printf(b, ", actual %llu", l->rows);
    if (l->star >= 0) strbuf_printf(b, ", star on ?%s", q->vars[l->star]);
    if (l->hash >= 0) strbuf_printf(b, ", hash join on ?%s", q->vars[l->hash]);
    strbuf_puts(b, "]\n");
    for (int f = 0; f < l->nfilters; f++) {
      indent(b, depth + 2);
      strbuf_puts(b, "(filter ");
      sp_expr_print(q, l->filters[f], depth + 2, b);
      strbuf_puts(b, f < 32 && (l->ranged >> f & 1) ? ")  [a range of ids]\n"
                                                    : ")\n");
    }
  }
}

static void print_node(const sp_query *q, const ev_prof *p, const sp_node *n,
                       int depth, strbuf *b) {
  const ev_prof_node *pn = ev_prof_find(p, n);
  switch (n->op) {
  case SP_N_BGP:
    print_bgp(q, p, n, depth, b);
    return;
  case SP_N_PATH:
    indent(b, depth);
    sp_triple_print(q, &n->triples[0], b);
    break;
  case SP_N_VALUES:
    indent(b, depth);
    strbuf_printf(b, "(table %d rows)", n->nrows);
    break;
  case SP_N_TABLE:
    indent(b, depth);
    strbuf_puts(b, "(table empty)");
    break;
  default:
    indent(b, depth);
    sp_node_head(q, n, depth, b);
    strbuf_putc(b, ')');
  }
  note(b, est_of(p, n), pn, pn ? pn->rows : 0);
  /* FILTER over a pattern runs as the pattern with the filters inside */
  if (n->a) print_node(q, p, n->a, depth + 1, b);
  if (n->b) print_node(q, p, n->b, depth + 1, b);
}

void sp_plan_print(const sp_query *q, const ev_prof *p, strbuf *out) {
  if (q->pattern) print_node(q, p, q->pattern, 0, out);
}
