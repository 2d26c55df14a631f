/* eval_path.c - property paths (spec 18.4): links, inverses, sequences
 * and alternatives as bags; *, + and ? as sets by breadth-first search
 * with cycle detection; negated property sets. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "idset.h"
#include "sparql/eval/eval.h"

typedef struct idlist {
  kg_id *v;
  size_t n, cap;
} idlist;

static int push(idlist *l, kg_id id) {
  if (!grow(&l->v, &l->cap, l->n + 1, sizeof *l->v, 16)) return -1;
  l->v[l->n++] = id;
  return 0;
}

typedef struct pctx {
  ev_ctx *cx;
  const ev_graph *g;
  const kg_id *row;    /* for a graph variable bound by the row */
  int oom;
  int var_start;       /* the start node came from a variable's value */
} pctx;

static void scan_graph(pctx *pc, kg_pattern *p) {
  ev_ctx *cx = pc->cx;
  switch (pc->g->kind) {
  case EG_FIXED:
    p->gmode = G_FIXED;
    p->g = pc->g->id;
    break;
  case EG_VAR:
    p->gmode = pc->row && pc->row[pc->g->var] ? G_FIXED : G_NAMED;
    p->g = pc->row ? pc->row[pc->g->var] : 0;
    break;
  default:
    if (cx->nfrom == 1) {
      p->gmode = G_FIXED;
      p->g = cx->from[0];
    } else {
      p->gmode = cx->union_default || cx->nfrom > 1 ? G_UNION : G_DEFAULT;
    }
  }
}

/* Neighbours of x over predicate p (0 = any predicate, with `skip` the
 * excluded ones): objects when dir > 0, subjects when dir < 0. */
static void neighbours(pctx *pc, kg_id x, kg_id p, const kg_id *skip,
                       int nskip, int dir, idlist *out) {
  if (x >= EV_LOCAL) return;
  kg_pattern pat = {dir > 0 ? x : 0, p, dir > 0 ? 0 : x, 0, G_UNION};
  scan_graph(pc, &pat);
  kg_scan sc;
  scan_init(&sc, &pc->cx->view, &pat);
  kg_qid q;
  while (scan_next(&sc, &q)) {
    int excluded = 0;
    for (int i = 0; i < nskip && !excluded; i++) excluded = q.p == skip[i];
    if (excluded) continue;
    if (push(out, dir > 0 ? q.o : q.s) < 0) pc->oom = 1;
  }
}

static kg_id iri_id(ev_ctx *cx, const char *iri) {
  kg_term t = kg_iri(iri);
  return ev_lookup(cx, &t);
}

static kg_id *iri_ids(ev_ctx *cx, const char **iris, int n) {
  kg_id *v = calloc((size_t)n + 1, sizeof *v);
  for (int i = 0; v && i < n; i++) v[i] = iri_id(cx, iris[i]);
  return v;
}

static void eval_from(pctx *pc, const sp_path *p, kg_id x, int dir,
                      idlist *out);

/* 1 if x is a subject or object in the active graph. */
static int in_graph(pctx *pc, kg_id x) {
  if (x >= EV_LOCAL) return 0;
  for (int side = 0; side < 2; side++) {
    kg_pattern pat = {side ? 0 : x, 0, side ? x : 0, 0, G_UNION};
    scan_graph(pc, &pat);
    kg_scan sc;
    scan_init(&sc, &pc->cx->view, &pat);
    kg_qid q;
    if (scan_next(&sc, &q)) return 1;
  }
  return 0;
}

/* *, + and ?: the distinct nodes reachable from x. */
static void closure(pctx *pc, const sp_path *inner, kg_id x, int dir,
                    int zero, int many, idlist *out) {
  idset seen = {0};
  idlist queue = {0}, step = {0};
  /* the zero-length step: a query constant matches itself; a value
   * from a variable only if it is a node of the graph (it is matched as
   * the variable would be) */
  if (zero && (!pc->var_start || in_graph(pc, x))) {
    idset_add(&seen, x);
    push(out, x);
  }
  pc->var_start = 0;
  if (push(&queue, x) < 0) pc->oom = 1;
  size_t head = 0;
  while (head < queue.n && !pc->oom && !pc->cx->failed) {
    kg_id n = queue.v[head++];
    step.n = 0;
    eval_from(pc, inner, n, dir, &step);
    for (size_t i = 0; i < step.n; i++) {
      int r = idset_add(&seen, step.v[i]);
      if (r < 0) pc->oom = 1;
      if (r <= 0) continue;
      if (push(out, step.v[i]) < 0) pc->oom = 1;
      if (many && push(&queue, step.v[i]) < 0) pc->oom = 1;
    }
    if (ev_cancelled(pc->cx)) break;
  }
  free(seen.slot);
  free(queue.v);
  free(step.v);
}

static void eval_from(pctx *pc, const sp_path *p, kg_id x, int dir,
                      idlist *out) {
  ev_ctx *cx = pc->cx;
  switch (p->op) {
  case SP_PATH_LINK: {
    kg_id pid = iri_id(cx, p->iri);
    if (pid) neighbours(pc, x, pid, NULL, 0, dir, out);
    return;
  }
  case SP_PATH_INV:
    eval_from(pc, p->args[0], x, -dir, out);
    return;
  case SP_PATH_ALT:
    for (int i = 0; i < p->nargs; i++) eval_from(pc, p->args[i], x, dir, out);
    return;
  case SP_PATH_SEQ: {
    idlist cur = {0}, next = {0};
    if (push(&cur, x) < 0) pc->oom = 1;
    for (int k = 0; k < p->nargs && cur.n; k++) {
      const sp_path *a = p->args[dir > 0 ? k : p->nargs - 1 - k];
      next.n = 0;
      for (size_t i = 0; i < cur.n; i++) eval_from(pc, a, cur.v[i], dir, &next);
      idlist t = cur;
      cur = next;
      next = t;
    }
    for (size_t i = 0; i < cur.n; i++)
      if (push(out, cur.v[i]) < 0) pc->oom = 1;
    free(cur.v);
    free(next.v);
    return;
  }
  case SP_PATH_STAR:
    closure(pc, p->args[0], x, dir, 1, 1, out);
    return;
  case SP_PATH_PLUS:
    closure(pc, p->args[0], x, dir, 0, 1, out);
    return;
  case SP_PATH_OPT:
    closure(pc, p->args[0], x, dir, 1, 0, out);
    return;
  case SP_PATH_NPS: {
    /* forward IRIs apply in the path's direction, inverse ones against */
    if (p->niris || !p->ninv_iris) {
      kg_id *skip = iri_ids(cx, p->iris, p->niris);
      if (!skip) pc->oom = 1;
      else neighbours(pc, x, 0, skip, p->niris, dir, out);
      free(skip);
    }
    if (p->ninv_iris) {
      kg_id *skip = iri_ids(cx, p->inv_iris, p->ninv_iris);
      if (!skip) pc->oom = 1;
      else neighbours(pc, x, 0, skip, p->ninv_iris, -dir, out);
      free(skip);
    }
    return;
  }
  }
}

/* Every node of the active graph (subjects and objects). */
static void all_nodes(pctx *pc, idlist *out) {
  idset seen = {0};
  kg_pattern pat = {0, 0, 0, 0, G_UNION};
  scan_graph(pc, &pat);
  kg_scan sc;
  scan_init(&sc, &pc->cx->view, &pat);
  kg_qid q;
  while (scan_next(&sc, &q)) {
    kg_id two[2] = {q.s, q.o};
    for (int i = 0; i < 2; i++) {
      int r = idset_add(&seen, two[i]);
      if (r < 0) pc->oom = 1;
      if (r > 0 && push(out, two[i]) < 0) pc->oom = 1;
    }
  }
  free(seen.slot);
}

/* Candidate start nodes of a path walked in `dir` (a superset of the
 * nodes with a match, distinct). */
static void starts(pctx *pc, const sp_path *p, int dir, idset *s) {
  ev_ctx *cx = pc->cx;
  switch (p->op) {
  case SP_PATH_LINK: {
    kg_id pid = iri_id(cx, p->iri);
    if (!pid) return;
    kg_pattern pat = {0, pid, 0, 0, G_UNION};
    scan_graph(pc, &pat);
    kg_scan sc;
    scan_init(&sc, &cx->view, &pat);
    kg_qid q;
    while (scan_next(&sc, &q))
      if (idset_add(s, dir > 0 ? q.s : q.o) < 0) pc->oom = 1;
    return;
  }
  case SP_PATH_INV:
    starts(pc, p->args[0], -dir, s);
    return;
  case SP_PATH_SEQ:
    starts(pc, p->args[dir > 0 ? 0 : p->nargs - 1], dir, s);
    return;
  case SP_PATH_ALT:
    for (int i = 0; i < p->nargs; i++) starts(pc, p->args[i], dir, s);
    return;
  case SP_PATH_PLUS:
    starts(pc, p->args[0], dir, s);
    return;
  default: {
    idlist all = {0};
    all_nodes(pc, &all);
    for (size_t i = 0; i < all.n; i++)
      if (idset_add(s, all.v[i]) < 0) pc->oom = 1;
    free(all.v);
    return;
  }
  }
}

/* ------------------------------------------------------------ iterator */

typedef struct path_it {
  ev_iter base;
  const sp_node *n;
  ev_graph g;
  kg_id *in;
  idlist pairs;        /* s, o, s, o, ... */
  size_t i;
  int svar, ovar;
  int gvar;            /* graph variable to bind (EG_VAR), or -1 */
  int computed;
} path_it;

static kg_id end_id(ev_ctx *cx, const sp_term *t, const kg_id *in, int *var) {
  if (t->kind == SP_VAR) {
    *var = t->var;
    return in ? in[t->var] : 0;
  }
  *var = -1;
  return ev_const(cx, t);
}

static int compute(path_it *pi) {
  ev_ctx *cx = pi->base.cx;
  const sp_triple *t = &pi->n->triples[0];
  pctx pc = {cx, &pi->g, pi->in, 0, 0};
  kg_id s = end_id(cx, &t->s, pi->in, &pi->svar);
  kg_id o = end_id(cx, &t->o, pi->in, &pi->ovar);
  idlist ends = {0};
  if (s) {
    pc.var_start = pi->svar >= 0;
    eval_from(&pc, t->path, s, 1, &ends);
    for (size_t i = 0; i < ends.n; i++)
      if (!o || ends.v[i] == o)
        if (push(&pi->pairs, s) < 0 || push(&pi->pairs, ends.v[i]) < 0)
          pc.oom = 1;
  } else if (o) {
    pc.var_start = pi->ovar >= 0;
    eval_from(&pc, t->path, o, -1, &ends);
    for (size_t i = 0; i < ends.n; i++)
      if (push(&pi->pairs, ends.v[i]) < 0 || push(&pi->pairs, o) < 0)
        pc.oom = 1;
  } else {
    idset cand = {0};
    starts(&pc, t->path, 1, &cand);
    for (size_t c = 0; c < cand.cap && !pc.oom && !cx->failed; c++) {
      kg_id x = cand.slot ? cand.slot[c] : 0;
      if (!x) continue;
      ends.n = 0;
      eval_from(&pc, t->path, x, 1, &ends);
      for (size_t i = 0; i < ends.n; i++) {
        /* ?x path ?x: only the pairs that loop */
        if (pi->svar >= 0 && pi->svar == pi->ovar && ends.v[i] != x) continue;
        if (push(&pi->pairs, x) < 0 || push(&pi->pairs, ends.v[i]) < 0)
          pc.oom = 1;
      }
    }
    free(cand.slot);
  }
  free(ends.v);
  if (pc.oom) return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  return cx->failed ? -1 : 0;
}

static int path_next(ev_iter *it, kg_id *row) {
  path_it *pi = (path_it *)it;
  ev_ctx *cx = it->cx;
  if (!pi->computed) {
    pi->computed = 1;
    pi->pairs.n = 0;
    if (compute(pi) < 0) return -1;
  }
  while (pi->i < pi->pairs.n) {
    kg_id s = pi->pairs.v[pi->i], o = pi->pairs.v[pi->i + 1];
    pi->i += 2;
    memcpy(row, pi->in, (size_t)cx->nvars * sizeof *row);
    if (pi->svar >= 0) {
      if (row[pi->svar] && row[pi->svar] != s) continue;
      row[pi->svar] = s;
    }
    if (pi->ovar >= 0) {
      if (row[pi->ovar] && row[pi->ovar] != o) continue;
      row[pi->ovar] = o;
    }
    sp_fctx_next_solution(&cx->f);
    return 1;
  }
  return 0;
}

static void path_reopen(ev_iter *it, const kg_id *in) {
  path_it *pi = (path_it *)it;
  if (in) memcpy(pi->in, in, (size_t)it->cx->nvars * sizeof *in);
  pi->computed = 0;
  pi->i = 0;
}

static void path_free(ev_iter *it) {
  path_it *pi = (path_it *)it;
  free(pi->in);
  free(pi->pairs.v);
  free(pi);
}

/* GRAPH ?g { path } is evaluated one named graph at a time by the GRAPH
 * operator, so g here is the default graph or a fixed one. */
ev_iter *ev_open_path(ev_ctx *cx, const sp_node *n, const kg_id *in,
                      const ev_graph *g) {
  path_it *pi = calloc(1, sizeof *pi);
  if (pi) pi->in = calloc((size_t)cx->nvars + 1, sizeof *pi->in);
  if (!pi || !pi->in) {
    free(pi);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  pi->base = (ev_iter){path_next, path_reopen, path_free, cx};
  pi->n = n;
  pi->g = *g;
  pi->gvar = -1;
  if (in) memcpy(pi->in, in, (size_t)cx->nvars * sizeof *in);
  return &pi->base;
}
