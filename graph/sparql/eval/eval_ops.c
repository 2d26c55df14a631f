/* eval_ops.c - the algebra's operators as pull iterators: join, left
 * join, union, minus, filter, extend, values, graph, project, distinct,
 * slice, and the dispatcher ev_open(). */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval/eval.h"

/* Every iterator's solutions extend its input row (are compatible with it
 * and bind at least its variables). */

static kg_id *row_new(ev_ctx *cx) {
  return calloc((size_t)cx->nvars + 1, sizeof(kg_id));
}

static void row_set(ev_ctx *cx, kg_id *dst, const kg_id *src) {
  if (src) memcpy(dst, src, (size_t)cx->nvars * sizeof *dst);
  else memset(dst, 0, (size_t)cx->nvars * sizeof *dst);
}

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
  row_set(it->cx, row, u->in);
  return 1;
}
static void unit_reopen(ev_iter *it, const kg_id *in) {
  unit_it *u = (unit_it *)it;
  if (in) row_set(it->cx, u->in, in);
  u->done = 0;
}
static void unit_free(ev_iter *it) {
  free(((unit_it *)it)->in);
  free(it);
}

ev_iter *ev_unit(ev_ctx *cx, const kg_id *in) {
  unit_it *u = calloc(1, sizeof *u);
  if (u) u->in = row_new(cx);
  if (!u || !u->in) {
    free(u);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  u->base = (ev_iter){unit_next, unit_reopen, unit_free, cx};
  row_set(cx, u->in, in);
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

/* ---------------------------------------------------------------- join */

/* A hash table of materialized rows keyed on some variables. */
typedef struct rowhash {
  ev_rows rows;
  int *keys;             /* variables of the key */
  int nkeys;
  uint32_t *bucket;      /* head index + 1 */
  uint32_t *chain;       /* next index + 1 */
  size_t nb;
} rowhash;

static uint64_t key_hash(const kg_id *row, const int *keys, int nk) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < nk; i++) {
    h ^= row[keys[i]];
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
  }
  return h;
}

static int rowhash_build(ev_ctx *cx, rowhash *h) {
  size_t n = h->rows.n;
  h->nb = 16;
  while (h->nb < n * 2) h->nb *= 2;
  h->bucket = calloc(h->nb, sizeof *h->bucket);
  h->chain = calloc(n + 1, sizeof *h->chain);
  if (!h->bucket || !h->chain)
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  for (size_t i = n; i-- > 0;) {
    const kg_id *r = h->rows.data + i * h->rows.width;
    size_t b = key_hash(r, h->keys, h->nkeys) & (h->nb - 1);
    h->chain[i] = h->bucket[b];
    h->bucket[b] = (uint32_t)(i + 1);
  }
  return 0;
}

static void rowhash_free(rowhash *h) {
  ev_rows_free(&h->rows);
  free(h->keys);
  free(h->bucket);
  free(h->chain);
}

/* Keys: variables certainly bound on both sides. */
static int *common_keys(const sp_query *q, const sp_node *a, const sp_node *b,
                        int *nk) {
  int nv = q->nvars;
  unsigned char *buf = calloc((size_t)nv + 1, 4);
  int *keys = calloc((size_t)nv + 1, sizeof *keys);
  *nk = 0;
  if (!buf || !keys) {
    free(buf);
    return keys;
  }
  unsigned char *ca = buf, *ma = ca + nv + 1, *cb = ma + nv + 1,
                *mb = cb + nv + 1;
  ev_node_vars(q, a, ca, ma);
  ev_node_vars(q, b, cb, mb);
  for (int i = 0; i < nv; i++)
    if (ca[i] && cb[i]) keys[(*nk)++] = i;
  free(buf);
  return keys;
}

typedef struct join_it {
  ev_iter base;
  const sp_node *n;
  ev_iter *a, *b;        /* b: bind-joined per row of a, or NULL */
  rowhash h;             /* hashed right side otherwise */
  int hashed;
  kg_id *ra, *rb;
  int have_a;
  size_t cand;           /* next candidate + 1 in the hash chain / scan */
  int scan_all;          /* no keys: try every row */
  /* left join */
  int left;
  int matched;
  const ev_graph *g;
} join_it;

static int join_candidate(join_it *j, kg_id *row) {
  ev_ctx *cx = j->base.cx;
  while (j->cand) {
    size_t i = j->cand - 1;
    j->cand = j->scan_all ? (i + 1 < j->h.rows.n ? i + 2 : 0) : j->h.chain[i];
    const kg_id *rb = j->h.rows.data + i * j->h.rows.width;
    if (!ev_merge(cx->nvars, j->ra, rb, row)) continue;
    if (j->left && j->n->expr) {
      const ev_graph *saved = cx->active;
      cx->active = j->g;
      int ok = ev_filter(cx, j->n->expr, row);
      cx->active = saved;
      if (!ok) continue;
    }
    return 1;
  }
  return 0;
}

static int join_next(ev_iter *it, kg_id *row) {
  join_it *j = (join_it *)it;
  ev_ctx *cx = it->cx;
  for (;;) {
    if (ev_cancelled(cx)) return -1;
    if (j->have_a) {
      int rc;
      if (j->hashed) {
        rc = join_candidate(j, row);
      } else {
        rc = j->b->next(j->b, row);
        while (rc > 0 && j->left && j->n->expr) {
          const ev_graph *saved = cx->active;
          cx->active = j->g;
          int ok = ev_filter(cx, j->n->expr, row);
          cx->active = saved;
          if (ok) break;
          rc = j->b->next(j->b, row);
        }
      }
      if (rc < 0) return -1;
      if (rc > 0) {
        j->matched = 1;
        return 1;
      }
      j->have_a = 0;
      if (j->left && !j->matched) {
        row_set(cx, row, j->ra);
        return 1;
      }
    }
    int rc = j->a->next(j->a, j->ra);
    if (rc <= 0) return rc;
    j->have_a = 1;
    j->matched = 0;
    if (j->hashed) {
      if (j->scan_all) {
        j->cand = j->h.rows.n ? 1 : 0;
      } else {
        int bound = 1;
        for (int k = 0; k < j->h.nkeys; k++)
          if (!j->ra[j->h.keys[k]]) bound = 0;
        if (bound) {
          size_t b = key_hash(j->ra, j->h.keys, j->h.nkeys) & (j->h.nb - 1);
          j->cand = j->h.bucket[b];
        } else {
          /* a key variable is unbound on this row: compare with all */
          j->scan_all = 1;
          j->cand = j->h.rows.n ? 1 : 0;
        }
      }
    } else {
      j->b->reopen(j->b, j->ra);
    }
  }
}

static void join_reopen(ev_iter *it, const kg_id *in) {
  join_it *j = (join_it *)it;
  j->a->reopen(j->a, in);
  j->have_a = 0;
}

static void join_free(ev_iter *it) {
  join_it *j = (join_it *)it;
  ev_free(j->a);
  ev_free(j->b);
  rowhash_free(&j->h);
  free(j->ra);
  free(j->rb);
  free(j);
}

static ev_iter *open_join(ev_ctx *cx, const sp_node *n, const kg_id *in,
                          const ev_graph *g, int left) {
  join_it *j = calloc(1, sizeof *j);
  if (!j) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  j->base = (ev_iter){join_next, join_reopen, join_free, cx};
  j->n = n;
  j->left = left;
  j->g = g;
  j->ra = row_new(cx);
  j->rb = row_new(cx);
  const sp_node *first = n->a, *second = n->b;
  /* an inner join may run either way round: bind into the side that
   * takes input */
  if (!left && !ev_takes_input(cx->q, second) &&
      ev_takes_input(cx->q, first)) {
    first = n->b;
    second = n->a;
  }
  j->a = j->ra && j->rb ? ev_open(cx, first, in, g) : NULL;
  if (!j->a) {
    join_free(&j->base);
    return NULL;
  }
  if (ev_takes_input(cx->q, second)) {
    j->b = ev_open(cx, second, in, g);
    if (!j->b) {
      join_free(&j->base);
      return NULL;
    }
    return &j->base;
  }
  j->hashed = 1;
  ev_iter *b = ev_open(cx, second, in, g);
  if (!b || ev_drain(b, &j->h.rows) < 0) {
    ev_free(b);
    join_free(&j->base);
    return NULL;
  }
  ev_free(b);
  j->h.keys = common_keys(cx->q, first, second, &j->h.nkeys);
  if (!j->h.keys || rowhash_build(cx, &j->h) < 0) {
    join_free(&j->base);
    return NULL;
  }
  j->scan_all = j->h.nkeys == 0;
  return &j->base;
}

/* --------------------------------------------------------------- union */

typedef struct union_it {
  ev_iter base;
  ev_iter *a, *b;
  int second;
} union_it;

static int union_next(ev_iter *it, kg_id *row) {
  union_it *u = (union_it *)it;
  if (!u->second) {
    int rc = u->a->next(u->a, row);
    if (rc) return rc;
    u->second = 1;
  }
  return u->b->next(u->b, row);
}
static void union_reopen(ev_iter *it, const kg_id *in) {
  union_it *u = (union_it *)it;
  u->a->reopen(u->a, in);
  u->b->reopen(u->b, in);
  u->second = 0;
}
static void union_free(ev_iter *it) {
  union_it *u = (union_it *)it;
  ev_free(u->a);
  ev_free(u->b);
  free(u);
}

static ev_iter *open_union(ev_ctx *cx, const sp_node *n, const kg_id *in,
                           const ev_graph *g) {
  union_it *u = calloc(1, sizeof *u);
  if (!u) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  u->base = (ev_iter){union_next, union_reopen, union_free, cx};
  u->a = ev_open(cx, n->a, in, g);
  u->b = u->a ? ev_open(cx, n->b, in, g) : NULL;
  if (!u->b) {
    union_free(&u->base);
    return NULL;
  }
  return &u->base;
}

/* --------------------------------------------------------------- minus */

typedef struct minus_it {
  ev_iter base;
  ev_iter *a;
  ev_rows b;
} minus_it;

static int minus_excluded(ev_ctx *cx, const kg_id *ra, const ev_rows *b) {
  for (size_t i = 0; i < b->n; i++) {
    const kg_id *rb = b->data + i * b->width;
    int shared = 0, compatible = 1;
    for (int v = 0; v < cx->nvars && compatible; v++) {
      if (!ra[v] || !rb[v]) continue;
      shared = 1;
      if (ra[v] != rb[v]) compatible = 0;
    }
    if (shared && compatible) return 1;
  }
  return 0;
}

static int minus_next(ev_iter *it, kg_id *row) {
  minus_it *m = (minus_it *)it;
  int rc;
  while ((rc = m->a->next(m->a, row)) > 0)
    if (!minus_excluded(it->cx, row, &m->b)) return 1;
  return rc;
}
static void minus_reopen(ev_iter *it, const kg_id *in) {
  ((minus_it *)it)->a->reopen(((minus_it *)it)->a, in);
}
static void minus_free(ev_iter *it) {
  minus_it *m = (minus_it *)it;
  ev_free(m->a);
  ev_rows_free(&m->b);
  free(m);
}

static ev_iter *open_minus(ev_ctx *cx, const sp_node *n, const kg_id *in,
                           const ev_graph *g) {
  minus_it *m = calloc(1, sizeof *m);
  if (!m) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  m->base = (ev_iter){minus_next, minus_reopen, minus_free, cx};
  m->a = ev_open(cx, n->a, in, g);
  ev_iter *b = m->a ? ev_open(cx, n->b, in, g) : NULL;
  if (!b || ev_drain(b, &m->b) < 0) {
    ev_free(b);
    minus_free(&m->base);
    return NULL;
  }
  ev_free(b);
  return &m->base;
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
  if (in && f->in) row_set(it->cx, f->in, in);
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
  f->in = row_new(cx);
  if (f->in) row_set(cx, f->in, in);
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
  if (in) row_set(it->cx, v->in, in);
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
  kg_id *row = row_new(cx);
  if (v) v->in = row_new(cx);
  if (!v || !v->in || !row) {
    free(row);
    if (v) values_free(&v->base);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  v->base = (ev_iter){values_next, values_reopen, values_free, cx};
  row_set(cx, v->in, in);
  v->rows.width = (size_t)cx->nvars;
  for (int r = 0; r < n->nrows; r++) {
    row_set(cx, row, NULL);
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

/* --------------------------------------------------------------- graph */

kg_id *ev_named_graphs(ev_ctx *cx, size_t *n) {
  *n = 0;
  if (cx->has_from_named) {
    kg_id *v = malloc(((size_t)cx->nfrom_named + 1) * sizeof *v);
    if (!v) return NULL;
    for (int i = 0; i < cx->nfrom_named; i++)
      if (cx->from_named[i]) v[(*n)++] = cx->from_named[i];
    return v;
  }
  graph_count *gc = NULL;
  size_t ng = 0;
  kg_error e;
  if (store_graph_counts(cx->st, &gc, &ng, &e) != KG_OK) return NULL;
  kg_id *v = malloc((ng + 1) * sizeof *v);
  for (size_t i = 0; v && i < ng; i++)
    if (gc[i].g) v[(*n)++] = gc[i].g;
  free(gc);
  return v;
}

/* GRAPH ?g over a pattern that cannot bind ?g itself: one pass per graph. */
typedef struct graph_it {
  ev_iter base;
  const sp_node *n;
  kg_id *graphs;
  size_t ng, gi;
  ev_iter *cur;
  ev_graph g;
  kg_id *in;
  int var;
} graph_it;

/* The inner pattern is evaluated in each graph without ?g bound (spec
 * 18.5: eval(D(G), P) joined with ?g = G). */
static int graph_next(ev_iter *it, kg_id *row) {
  graph_it *gr = (graph_it *)it;
  ev_ctx *cx = it->cx;
  for (;;) {
    if (gr->cur) {
      int rc;
      while ((rc = gr->cur->next(gr->cur, row)) > 0) {
        kg_id gid = gr->g.id;
        if (row[gr->var] && row[gr->var] != gid) continue;
        row[gr->var] = gid;
        return 1;
      }
      if (rc < 0) return rc;
      ev_free(gr->cur);
      gr->cur = NULL;
    }
    if (gr->gi >= gr->ng) return 0;
    kg_id gid = gr->graphs[gr->gi++];
    if (gr->in[gr->var] && gr->in[gr->var] != gid) continue;
    gr->g = (ev_graph){EG_FIXED, gid, 0};
    gr->cur = ev_open(cx, gr->n->a, gr->in, &gr->g);
    if (!gr->cur) return -1;
  }
}
static void graph_reopen(ev_iter *it, const kg_id *in) {
  graph_it *gr = (graph_it *)it;
  if (in) row_set(it->cx, gr->in, in);
  gr->gi = 0;
  ev_free(gr->cur);
  gr->cur = NULL;
}
static void graph_free(ev_iter *it) {
  graph_it *gr = (graph_it *)it;
  ev_free(gr->cur);
  free(gr->graphs);
  free(gr->in);
  free(gr);
}

static int graph_allowed(ev_ctx *cx, kg_id id) {
  if (!cx->has_from_named) return 1;
  for (int i = 0; i < cx->nfrom_named; i++)
    if (cx->from_named[i] == id) return 1;
  return 0;
}

/* Only patterns whose scans can bind ?g themselves, and whose filters do
 * not read ?g (inside GRAPH ?g it is not yet bound). */
static int binds_graph(const sp_query *q, const sp_node *n, int var) {
  switch (n->op) {
  case SP_N_BGP:
    return n->ntriples > 0;
  case SP_N_FILTER: {
    if (n->a->op != SP_N_BGP || !n->a->ntriples) return 0;
    unsigned char *used = calloc((size_t)q->nvars + 1, 1);
    int ok = used != NULL;
    for (int i = 0; ok && i < n->nexprs; i++)
      if (ev_expr_vars(n->exprs[i], used)) ok = 0;
    ok = ok && !used[var];
    free(used);
    return ok;
  }
  default:
    return 0;
  }
}

static ev_iter *open_graph(ev_ctx *cx, const sp_node *n, const kg_id *in,
                           const ev_graph *outer) {
  (void)outer;
  if (n->graph.kind != SP_VAR) {
    kg_term t = {(kg_term_kind)n->graph.kind, n->graph.value, n->graph.len,
                 NULL, NULL};
    kg_id id = ev_lookup(cx, &t);
    if (!id || !graph_allowed(cx, id)) {
      /* no such named graph: only an empty group matches nothing */
      return ev_empty(cx);
    }
    ev_graph g = {EG_FIXED, id, 0};
    ev_graph *gp = arena_alloc(cx->arena, sizeof *gp);
    if (!gp) {
      ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      return NULL;
    }
    *gp = g;
    return ev_open(cx, n->a, in, gp);
  }
  int var = n->graph.var;
  if (in && in[var]) {
    if (in[var] >= EV_LOCAL || !graph_allowed(cx, in[var]))
      return ev_empty(cx);
    ev_graph *gp = arena_alloc(cx->arena, sizeof *gp);
    if (!gp) {
      ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      return NULL;
    }
    *gp = (ev_graph){EG_FIXED, in[var], 0};
    /* ?g must also stay bound: it is, through `in` */
    return ev_open(cx, n->a, in, gp);
  }
  if (binds_graph(cx->q, n->a, var) && !cx->has_from_named) {
    ev_graph *gp = arena_alloc(cx->arena, sizeof *gp);
    if (!gp) {
      ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      return NULL;
    }
    *gp = (ev_graph){EG_VAR, 0, var};
    return ev_open(cx, n->a, in, gp);
  }
  graph_it *gr = calloc(1, sizeof *gr);
  if (!gr) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  gr->base = (ev_iter){graph_next, graph_reopen, graph_free, cx};
  gr->n = n;
  gr->var = var;
  gr->in = row_new(cx);
  gr->graphs = ev_named_graphs(cx, &gr->ng);
  if (!gr->in || !gr->graphs) {
    graph_free(&gr->base);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  row_set(cx, gr->in, in);
  return &gr->base;
}

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
  if (in) row_set(it->cx, m->in, in);
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

static ev_iter *open_mod(ev_ctx *cx, const sp_node *n, const kg_id *in,
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
  m->in = row_new(cx);
  m->seen.width = (size_t)cx->nvars;
  if (m->in) row_set(cx, m->in, in);
  if (n->op == SP_N_PROJECT) {
    m->keep = calloc((size_t)cx->nvars + 1, 1);
    if (m->keep)
      for (int j = 0; j < n->nvars; j++) m->keep[n->vars[j]] = 1;
  }
  int ok = m->in && (n->op != SP_N_PROJECT || m->keep);
  /* SLICE over ORDER: only the first offset+limit rows need sorting */
  if (ok && n->op == SP_N_SLICE && n->a->op == SP_N_ORDER && n->limit >= 0)
    m->a = ev_open_order(cx, n->a, n->offset + n->limit, in, g);
  else if (ok)
    m->a = ev_open(cx, n->a, in, g);
  if (!m->a) {
    mod_free(&m->base);
    if (!ok) ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  return &m->base;
}

/* ------------------------------------------------------------ dispatch */

ev_iter *ev_open(ev_ctx *cx, const sp_node *n, const kg_id *in,
                 const ev_graph *g) {
  if (cx->failed) return NULL;
  switch (n->op) {
  case SP_N_BGP:
    return ev_open_bgp(cx, n, NULL, 0, in, g);
  case SP_N_PATH:
    return ev_open_path(cx, n, in, g);
  case SP_N_JOIN:
    return open_join(cx, n, in, g, 0);
  case SP_N_LEFTJOIN:
    return open_join(cx, n, in, g, 1);
  case SP_N_FILTER:
    return open_filter(cx, n, in, g);
  case SP_N_UNION:
    return open_union(cx, n, in, g);
  case SP_N_MINUS:
    return open_minus(cx, n, in, g);
  case SP_N_GRAPH:
    return open_graph(cx, n, in, g);
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
    return open_mod(cx, n, in, g);
  case SP_N_ORDER:
    return ev_open_order(cx, n, -1, in, g);
  case SP_N_TABLE:
    return ev_empty(cx);
  }
  ev_fail(cx, KG_ERR_EVAL, "unknown algebra operator %d", (int)n->op);
  return NULL;
}
