/* eval_ops.c - the dispatcher ev_open(), which opens the iterator of each
 * algebra operator, and the small operators: empty, unit, materialized
 * rows, filter, extend, values; what variables a node binds. Joins,
 * GRAPH and the solution modifiers have files of their own. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval/eval.h"

/* Every iterator's solutions extend its input row (are compatible with it
 * and bind at least its variables). */

void ev_free(ev_iter *it) {
  if (it) it->free(it);
}

/* ------------------------------------------------------------- basics */

static int empty_next(ev_iter *it, kg_id *row) {
  (void)it, (void)row;
  return 0;
}
static void empty_reopen(ev_iter *it, const kg_id *in) { (void)it, (void)in; }
static void plain_free(ev_iter *it) { free(it); }

ev_iter *ev_empty(ev_ctx *cx) {
  ev_iter *it = calloc(1, sizeof *it);
  if (!it) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  *it = (ev_iter){empty_next, empty_reopen, plain_free, cx};
  return it;
}

typedef struct unit_it {
  ev_iter base;
  kg_id *in;
  int done;
} unit_it;

static int unit_next(ev_iter *it, kg_id *row) {
  unit_it *u = (unit_it *)it;
  if (u->done) return 0;
  u->done = 1;
  ev_row_set(it->cx, row, u->in);
  return 1;
}
static void unit_reopen(ev_iter *it, const kg_id *in) {
  unit_it *u = (unit_it *)it;
  if (in) ev_row_set(it->cx, u->in, in);
  u->done = 0;
}
static void unit_free(ev_iter *it) {
  free(((unit_it *)it)->in);
  free(it);
}

ev_iter *ev_unit(ev_ctx *cx, const kg_id *in) {
  unit_it *u = calloc(1, sizeof *u);
  if (u) u->in = ev_row_new(cx);
  if (!u || !u->in) {
    free(u);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  u->base = (ev_iter){unit_next, unit_reopen, unit_free, cx};
  ev_row_set(cx, u->in, in);
  return &u->base;
}

typedef struct rows_it {
  ev_iter base;
  ev_rows rows;
  size_t i;
} rows_it;

static int rows_next(ev_iter *it, kg_id *row) {
  rows_it *r = (rows_it *)it;
  if (r->i >= r->rows.n) return 0;
  memcpy(row, r->rows.data + r->i * r->rows.width,
         r->rows.width * sizeof *row);
  r->i++;
  return 1;
}
static void rows_reopen(ev_iter *it, const kg_id *in) {
  (void)in;
  ((rows_it *)it)->i = 0;
}
static void rows_free(ev_iter *it) {
  ev_rows_free(&((rows_it *)it)->rows);
  free(it);
}

ev_iter *ev_rows_iter(ev_ctx *cx, ev_rows *rows) {
  rows_it *r = calloc(1, sizeof *r);
  if (!r) {
    ev_rows_free(rows);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  r->base = (ev_iter){rows_next, rows_reopen, rows_free, cx};
  r->rows = *rows;
  memset(rows, 0, sizeof *rows);
  return &r->base;
}

/* ------------------------------------------------------- variable sets */

static void path_vars(const sp_triple *t, unsigned char *v) {
  if (t->s.kind == SP_VAR) v[t->s.var] = 1;
  if (t->p.kind == SP_VAR) v[t->p.var] = 1;
  if (t->o.kind == SP_VAR) v[t->o.var] = 1;
}

void ev_node_vars(const sp_query *q, const sp_node *n, unsigned char *cert,
                  unsigned char *maybe) {
  int nv = q->nvars;
  unsigned char *c2 = calloc((size_t)nv + 1, 2);
  if (!c2) return;
  unsigned char *m2 = c2 + nv + 1;
  switch (n->op) {
  case SP_N_BGP:
  case SP_N_PATH:
    for (int i = 0; i < n->ntriples; i++) path_vars(&n->triples[i], cert);
    break;
  case SP_N_JOIN:
    ev_node_vars(q, n->a, cert, maybe);
    ev_node_vars(q, n->b, cert, maybe);
    break;
  case SP_N_LEFTJOIN:
    ev_node_vars(q, n->a, cert, maybe);
    ev_node_vars(q, n->b, m2, maybe);
    for (int i = 0; i < nv; i++) maybe[i] |= m2[i];
    break;
  case SP_N_UNION: {
    unsigned char *ca = calloc((size_t)nv + 1, 1);
    if (!ca) break;
    ev_node_vars(q, n->a, ca, maybe);
    ev_node_vars(q, n->b, c2, maybe);
    for (int i = 0; i < nv; i++) {
      if (ca[i] && c2[i]) cert[i] = 1;
      else if (ca[i] || c2[i]) maybe[i] = 1;
    }
    free(ca);
    break;
  }
  case SP_N_FILTER:
  case SP_N_MINUS:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
  case SP_N_ORDER:
    ev_node_vars(q, n->a, cert, maybe);
    break;
  case SP_N_GRAPH:
    ev_node_vars(q, n->a, cert, maybe);
    if (n->graph.kind == SP_VAR) cert[n->graph.var] = 1;
    break;
  case SP_N_EXTEND:
    ev_node_vars(q, n->a, cert, maybe);
    maybe[n->var] = 1;
    break;
  case SP_N_GROUP:
    for (int i = 0; i < n->nexprs; i++)
      if (n->key_vars && n->key_vars[i] >= 0) maybe[n->key_vars[i]] = 1;
    for (int i = 0; i < n->naggs; i++) maybe[n->agg_vars[i]] = 1;
    break;
  case SP_N_VALUES:
    for (int j = 0; j < n->nvars; j++) {
      int all = n->nrows > 0;
      for (int r = 0; r < n->nrows; r++)
        if (!n->rows[r][j].kind) all = 0;
      if (all) cert[n->vars[j]] = 1;
      else maybe[n->vars[j]] = 1;
    }
    break;
  case SP_N_SERVICE:
    ev_node_vars(q, n->a, m2, maybe);
    for (int i = 0; i < nv; i++) maybe[i] |= m2[i];
    break;
  case SP_N_PROJECT: {
    unsigned char *ca = calloc((size_t)nv + 1, 1);
    if (!ca) break;
    ev_node_vars(q, n->a, ca, m2);
    for (int j = 0; j < n->nvars; j++) {
      int v = n->vars[j];
      if (ca[v]) cert[v] = 1;
      else if (m2[v]) maybe[v] = 1;
    }
    free(ca);
    break;
  }
  case SP_N_TABLE:
    break;
  }
  free(c2);
}

static int vars_subset(const unsigned char *a, const unsigned char *b,
                       int n) {
  for (int i = 0; i < n; i++)
    if (a[i] && !b[i]) return 0;
  return 1;
}

/* Expressions that only read variables the pattern certainly binds. */
static int exprs_local(const sp_query *q, const sp_node *child,
                       sp_expr *const *e, int ne) {
  int nv = q->nvars;
  unsigned char *buf = calloc((size_t)nv + 1, 3);
  if (!buf) return 0;
  unsigned char *cert = buf, *maybe = buf + nv + 1, *used = maybe + nv + 1;
  ev_node_vars(q, child, cert, maybe);
  int ok = 1;
  for (int i = 0; i < ne && ok; i++)
    if (ev_expr_vars(e[i], used)) ok = 0;
  ok = ok && vars_subset(used, cert, nv);
  free(buf);
  return ok;
}

int ev_takes_input(const sp_query *q, const sp_node *n) {
  switch (n->op) {
  case SP_N_BGP:
  case SP_N_PATH:
  case SP_N_VALUES:
  case SP_N_TABLE:
    return 1;
  case SP_N_JOIN:
  case SP_N_UNION:
    return ev_takes_input(q, n->a) && ev_takes_input(q, n->b);
  case SP_N_GRAPH:
    return ev_takes_input(q, n->a);
  case SP_N_FILTER:
    return ev_takes_input(q, n->a) && exprs_local(q, n->a, n->exprs, n->nexprs);
  case SP_N_EXTEND:
    return ev_takes_input(q, n->a) && exprs_local(q, n->a, &n->expr, 1);
  default:
    return 0;
  }
}

/* -------------------------------------------------------------- filter */

typedef struct filter_it {
  ev_iter base;
  ev_iter *a;
  sp_expr **exprs;
  int n;
  const ev_graph *g;
  /* extend */
  int var;
  const sp_expr *expr;
  kg_id *in;
} filter_it;

static int filter_next(ev_iter *it, kg_id *row) {
  filter_it *f = (filter_it *)it;
  ev_ctx *cx = it->cx;
  int rc;
  while ((rc = f->a->next(f->a, row)) > 0) {
    if (ev_cancelled(cx)) return -1;
    const ev_graph *saved = cx->active;
    cx->active = f->g;
    int ok = 1;
    for (int i = 0; i < f->n && ok; i++) ok = ev_filter(cx, f->exprs[i], row);
    cx->active = saved;
    if (cx->failed) return -1;
    if (ok) return 1;
  }
  return rc;
}

static int extend_next(ev_iter *it, kg_id *row) {
  filter_it *f = (filter_it *)it;
  ev_ctx *cx = it->cx;
  int rc;
  while ((rc = f->a->next(f->a, row)) > 0) {
    const ev_graph *saved = cx->active;
    cx->active = f->g;
    sp_val v = ev_expr(cx, f->expr, row);
    cx->active = saved;
    if (cx->failed) return -1;
    kg_id id = ev_value_id(cx, &v);
    if (v.type != SPV_ERROR && !id)
      return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    if (f->in && f->in[f->var]) {
      /* bound from outside: the row must agree */
      if (id != f->in[f->var]) continue;
    }
    row[f->var] = id;
    return 1;
  }
  return rc;
}

static void filter_reopen(ev_iter *it, const kg_id *in) {
  filter_it *f = (filter_it *)it;
  f->a->reopen(f->a, in);
  if (in && f->in) ev_row_set(it->cx, f->in, in);
}
static void filter_free(ev_iter *it) {
  filter_it *f = (filter_it *)it;
  ev_free(f->a);
  free(f->in);
  free(f);
}

static ev_iter *open_filter(ev_ctx *cx, const sp_node *n, const kg_id *in,
                            const ev_graph *g) {
  if (n->a->op == SP_N_BGP)
    return ev_open_bgp(cx, n->a, n->exprs, n->nexprs, in, g);
  filter_it *f = calloc(1, sizeof *f);
  if (!f) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  f->base = (ev_iter){filter_next, filter_reopen, filter_free, cx};
  f->exprs = n->exprs;
  f->n = n->nexprs;
  f->g = g;
  f->a = ev_open(cx, n->a, in, g);
  if (!f->a) {
    filter_free(&f->base);
    return NULL;
  }
  return &f->base;
}

static ev_iter *open_extend(ev_ctx *cx, const sp_node *n, const kg_id *in,
                            const ev_graph *g) {
  filter_it *f = calloc(1, sizeof *f);
  if (!f) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  f->base = (ev_iter){extend_next, filter_reopen, filter_free, cx};
  f->var = n->var;
  f->expr = n->expr;
  f->g = g;
  f->in = ev_row_new(cx);
  if (f->in) ev_row_set(cx, f->in, in);
  f->a = f->in ? ev_open(cx, n->a, in, g) : NULL;
  if (!f->a) {
    filter_free(&f->base);
    return NULL;
  }
  return &f->base;
}

/* -------------------------------------------------------------- values */

typedef struct values_it {
  ev_iter base;
  ev_rows rows;          /* the table as ids */
  kg_id *in;
  size_t i;
} values_it;

static int values_next(ev_iter *it, kg_id *row) {
  values_it *v = (values_it *)it;
  while (v->i < v->rows.n) {
    const kg_id *r = v->rows.data + v->i++ * v->rows.width;
    if (ev_merge(it->cx->nvars, v->in, r, row)) {
      sp_fctx_next_solution(&it->cx->f);
      return 1;
    }
  }
  return 0;
}
static void values_reopen(ev_iter *it, const kg_id *in) {
  values_it *v = (values_it *)it;
  if (in) ev_row_set(it->cx, v->in, in);
  v->i = 0;
}
static void values_free(ev_iter *it) {
  values_it *v = (values_it *)it;
  ev_rows_free(&v->rows);
  free(v->in);
  free(v);
}

static ev_iter *open_values(ev_ctx *cx, const sp_node *n, const kg_id *in) {
  values_it *v = calloc(1, sizeof *v);
  kg_id *row = ev_row_new(cx);
  if (v) v->in = ev_row_new(cx);
  if (!v || !v->in || !row) {
    free(row);
    if (v) values_free(&v->base);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  v->base = (ev_iter){values_next, values_reopen, values_free, cx};
  ev_row_set(cx, v->in, in);
  v->rows.width = (size_t)cx->nvars;
  for (int r = 0; r < n->nrows; r++) {
    ev_row_set(cx, row, NULL);
    for (int j = 0; j < n->nvars; j++)
      row[n->vars[j]] = n->rows[r][j].kind ? ev_const(cx, &n->rows[r][j]) : 0;
    if (ev_rows_push(&v->rows, row) < 0) {
      free(row);
      values_free(&v->base);
      ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      return NULL;
    }
  }
  free(row);
  return &v->base;
}

/* ------------------------------------------------------------ dispatch */

static ev_iter *open_node(ev_ctx *cx, const sp_node *n, const kg_id *in,
                          const ev_graph *g) {
  switch (n->op) {
  case SP_N_BGP:
    return ev_open_bgp(cx, n, NULL, 0, in, g);
  case SP_N_PATH:
    return ev_open_path(cx, n, in, g);
  case SP_N_JOIN:
    return ev_open_join(cx, n, in, g, 0);
  case SP_N_LEFTJOIN:
    return ev_open_join(cx, n, in, g, 1);
  case SP_N_FILTER:
    return open_filter(cx, n, in, g);
  case SP_N_UNION:
    return ev_open_union(cx, n, in, g);
  case SP_N_MINUS:
    return ev_open_minus(cx, n, in, g);
  case SP_N_GRAPH:
    return ev_open_graph(cx, n, in, g);
  case SP_N_EXTEND:
    return open_extend(cx, n, in, g);
  case SP_N_GROUP:
    return ev_open_group(cx, n, in, g);
  case SP_N_VALUES:
    return open_values(cx, n, in);
  case SP_N_SERVICE:
    return ev_open_service(cx, n, in, g);
  case SP_N_PROJECT:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
    return ev_open_modifier(cx, n, in, g);
  case SP_N_ORDER:
    return ev_open_order(cx, n, in, g);
  case SP_N_TABLE:
    return ev_empty(cx);
  }
  ev_fail(cx, KG_ERR_EVAL, "unknown algebra operator %d", (int)n->op);
  return NULL;
}

ev_iter *ev_open(ev_ctx *cx, const sp_node *n, const kg_id *in,
                 const ev_graph *g) {
  if (cx->failed) return NULL;
  ev_iter *it = open_node(cx, n, in, g);
  return cx->prof ? ev_prof_wrap(cx, n, it) : it;
}
