/* optimize.c - rewrites before evaluation: constant folding of
 * expressions, conjunctions of a FILTER split into filters of their own,
 * and a top-k for ORDER BY under a LIMIT (join order and
 * filter placement happen when a basic graph pattern is opened, with the
 * store's exact counts: eval_bgp.c). */
#include <limits.h>
#include <string.h>

#include "sparql/optimize.h"

/* 1 if e reads no variable, no EXISTS pattern, and no function that must
 * give a new value each time it is called. */
static int constant(const sp_expr *e) {
  switch (e->op) {
  case SP_E_CONST:
    return 1;
  case SP_E_VAR:
  case SP_E_EXISTS:
  case SP_E_NOTEXISTS:
  case SP_E_AGG:
    return 0;
  case SP_E_BUILTIN:
    switch (e->fn) {
    case SP_FN_RAND:
    case SP_FN_BNODE:
    case SP_FN_UUID:
    case SP_FN_STRUUID:
    case SP_FN_BOUND:
      return 0;
    default:
      break;
    }
    break;
  default:
    break;
  }
  for (int i = 0; i < e->nargs; i++)
    if (!constant(e->args[i])) return 0;
  return 1;
}

/* A constant's value, made once for the query instead of from its text
 * at each row (kept in the query's arena; its strings are the term's). */
static void keep_value(ev_ctx *cx, sp_expr *e) {
  sp_val *v = arena_alloc(cx->q->arena, sizeof *v);
  if (!v) return; /* made at each use */
  kg_term t = sp_term_kg(&e->term);
  *v = sp_val_from_term(&t);
  e->val = v;
}

/* Folds e in place when it is constant and evaluates without error. */
static void fold_expr(ev_ctx *cx, sp_expr *e) {
  if (!e) return;
  if (e->op == SP_E_CONST) {
    keep_value(cx, e);
    return;
  }
  if (constant(e)) {
    sp_val v = ev_expr(cx, e, NULL);
    if (v.type == SPV_ERROR) return; /* keep it: the error is per row */
    kg_term t = sp_val_to_term(&v);
    sp_term c = {(int)t.kind, arena_strndup(cx->q->arena, t.value, t.len),
                 t.len,
                 t.datatype ? arena_strdup(cx->q->arena, t.datatype) : NULL,
                 t.lang ? arena_strdup(cx->q->arena, t.lang) : NULL, -1};
    if (!c.value) return;
    e->op = SP_E_CONST;
    e->term = c;
    e->nargs = 0;
    keep_value(cx, e);
    return;
  }
  for (int i = 0; i < e->nargs; i++) fold_expr(cx, e->args[i]);
  if (e->pattern) sp_optimize_node(cx, e->pattern);
}

/* SLICE over ORDER (a PROJECT between them only hides columns): the
 * sort keeps offset + limit rows, not all of them. DISTINCT and REDUCED
 * between them would need more rows than that, so they stop it. */
static void top_k(sp_node *n) {
  if (n->op != SP_N_SLICE || n->limit < 0) return;
  sp_node *o = n->a->op == SP_N_PROJECT ? n->a->a : n->a;
  if (o->op != SP_N_ORDER) return;
  long long off = n->offset > 0 ? n->offset : 0;
  if (n->limit > LLONG_MAX - off) return; /* nothing to save */
  /* LIMIT 0 keeps one row, which the SLICE drops (0 means all) */
  o->topk = off + n->limit > 0 ? off + n->limit : 1;
}

static int and_leaves(const sp_expr *e) {
  return e->op == SP_E_AND ? and_leaves(e->args[0]) + and_leaves(e->args[1]) : 1;
}

static void and_fill(sp_expr *e, sp_expr **out, int *k) {
  if (e->op != SP_E_AND) {
    out[(*k)++] = e;
    return;
  }
  and_fill(e->args[0], out, k);
  and_fill(e->args[1], out, k);
}

/* FILTER(a && b) as FILTER(a) FILTER(b): a row passes both the same way
 * (true && error is an error, which a FILTER drops), and each part can
 * run as soon as its own variables are bound (eval_bgp.c). */
static void split_and(ev_ctx *cx, sp_node *n) {
  if (n->op != SP_N_FILTER) return;
  int total = 0;
  for (int i = 0; i < n->nexprs; i++) total += and_leaves(n->exprs[i]);
  if (total == n->nexprs) return;
  sp_expr **v = arena_alloc(cx->q->arena, (size_t)total * sizeof *v);
  if (!v) return; /* keep them whole */
  int k = 0;
  for (int i = 0; i < n->nexprs; i++) and_fill(n->exprs[i], v, &k);
  n->exprs = v;
  n->nexprs = total;
}

void sp_optimize_node(ev_ctx *cx, sp_node *n) {
  if (!n) return;
  top_k(n);
  for (int i = 0; i < n->nexprs; i++) fold_expr(cx, n->exprs[i]);
  split_and(cx, n);
  fold_expr(cx, n->expr);
  sp_optimize_node(cx, n->a);
  sp_optimize_node(cx, n->b);
}

void sp_optimize(ev_ctx *cx, sp_query *q) {
  sp_optimize_node(cx, q->pattern);
  for (int i = 0; i < q->nupdates; i++) sp_optimize_node(cx, q->updates[i].where);
}
