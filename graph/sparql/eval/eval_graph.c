/* eval_graph.c - GRAPH and the dataset: FROM / FROM NAMED as graph ids,
 * the named graphs a GRAPH ?g ranges over, and the GRAPH iterator (one
 * pass per graph when the pattern cannot bind ?g itself). */
#include <stdlib.h>

#include "sparql/eval/eval.h"

/* ------------------------------------------------------------- dataset */

/* The store's ids of the IRIs, 0 where it has none (then the graph is
 * empty); new, ev_ctx_clear frees. */
static kg_id *ids_of(ev_ctx *cx, const char **iris, int n) {
  kg_id *v = calloc((size_t)n + 1, sizeof *v);
  for (int i = 0; v && i < n; i++) {
    kg_term t = kg_iri(iris[i]);
    v[i] = ev_lookup(cx, &t);
  }
  return v;
}

kg_status ev_set_dataset(ev_ctx *cx, const char **from, int nfrom,
                         const char **named, int nnamed, kg_error *err) {
  if (nfrom || nnamed) {
    cx->from = ids_of(cx, from, nfrom);
    cx->nfrom = nfrom;
    cx->from_named = ids_of(cx, named, nnamed);
    cx->nfrom_named = nnamed;
    cx->has_from_named = 1;
    if (!cx->from || !cx->from_named)
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
    /* FROM without FROM NAMED: no named graphs; FROM NAMED alone: an
     * empty default graph */
    if (!nfrom) {
      cx->nfrom = 1;
      cx->from[0] = 0;
    }
  }
  return KG_OK;
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
  if (store_graph_counts(&cx->view, &gc, &ng, &e) != KG_OK) return NULL;
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
  if (in) ev_row_set(it->cx, gr->in, in);
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

ev_iter *ev_open_graph(ev_ctx *cx, const sp_node *n, const kg_id *in,
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
  gr->in = ev_row_new(cx);
  gr->graphs = ev_named_graphs(cx, &gr->ng);
  if (!gr->in || !gr->graphs) {
    graph_free(&gr->base);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  ev_row_set(cx, gr->in, in);
  return &gr->base;
}

