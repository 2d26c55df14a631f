/* eval_plan.c - planning a basic graph pattern: the patterns ordered by
 * estimated selectivity, each filter at the first level that binds its
 * variables, the stars, and how each level reads (a range of ids for its
 * object's filters, a hash join where reading all of its statements
 * costs less than a search a row). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/eval/bgp.h"

/* ------------------------------------------------------------- dataset */

int bgp_graph_mode(ev_ctx *cx, const ev_graph *g, const kg_id *row,
                   kg_pattern *p) {
  switch (g->kind) {
  case EG_FIXED:
    p->gmode = G_FIXED;
    p->g = g->id;
    return 1;
  case EG_VAR:
    if (row[g->var]) {
      if (row[g->var] >= EV_LOCAL) return 0;
      p->gmode = G_FIXED;
      p->g = row[g->var];
    } else {
      p->gmode = G_NAMED;
    }
    return 1;
  default:
    if (cx->nfrom == 1) {
      p->gmode = G_FIXED;
      p->g = cx->from[0];
      return cx->from[0] != 0;
    }
    if (cx->nfrom > 1) {
      p->gmode = G_ALL;   /* filtered to the FROM graphs, deduplicated */
      return 1;
    }
    p->gmode = cx->union_default ? G_UNION : G_DEFAULT;
    return 1;
  }
}

/* ------------------------------------------------------------- planning */

/* Rows one binding of the bound variables yields: the pattern's count
 * with its constants, divided, for a bound subject or object of a known
 * predicate, by its distinct subjects or objects (count / fanout, from
 * the base's sample: store/fanout.c), else by a fixed guess. */
static double estimate(ev_ctx *cx, const bgp_it *b, const tp *p,
                       const unsigned char *bound) {
  if (p->missing) return 0;
  kg_pattern pat = {p->cst[0], p->cst[1], p->cst[2], 0, G_UNION};
  bgp_graph_mode(cx, &b->g, b->in ? b->in : b->row, &pat);
  if (pat.gmode == G_NAMED || pat.gmode == G_ALL) pat.gmode = G_UNION;
  double est = (double)scan_estimate(&cx->view, &pat);
  if (p->var[2] >= 0 && !bound[p->var[2]]) est *= p->narrow;
  static const double guess[3] = {1000.0, 20.0, 200.0};
  double f[2], count = 0;
  int known = -1; /* not asked yet */
  for (int i = 0; i < 3; i++) {
    if (p->var[i] < 0 || !bound[p->var[i]]) continue;
    if (known < 0) {
      known = p->cst[1] && scan_fanout(&cx->view, p->cst[1], f);
      kg_pattern all = {0, p->cst[1], 0, 0, G_UNION};
      if (known) count = (double)scan_estimate(&cx->view, &all);
    }
    if (known && i != 1 && count > 0)
      est *= f[i / 2] / count; /* est / (count / fanout) */
    else
      est /= guess[i];
  }
  return est;
}

static int shares(const tp *p, const unsigned char *bound) {
  for (int i = 0; i < 3; i++)
    if (p->var[i] >= 0 && bound[p->var[i]]) return 1;
  return 0;
}

/* A min-heap of patterns by estimate (then by position: plans do not
 * depend on the heap's whims). */
typedef struct hitem {
  double est;
  int i;
} hitem;

typedef struct heap {
  hitem *v;
  int n;
} heap;

static int hless(const hitem *a, const hitem *b) {
  return a->est < b->est || (a->est == b->est && a->i < b->i);
}

static void hpush(heap *h, hitem x) {
  int k = h->n++;
  while (k > 0 && hless(&x, &h->v[(k - 1) / 2])) {
    h->v[k] = h->v[(k - 1) / 2];
    k = (k - 1) / 2;
  }
  h->v[k] = x;
}

static hitem hpop(heap *h) {
  hitem top = h->v[0], x = h->v[--h->n];
  int k = 0;
  for (;;) {
    int c = 2 * k + 1;
    if (c >= h->n) break;
    if (c + 1 < h->n && hless(&h->v[c + 1], &h->v[c])) c++;
    if (!hless(&h->v[c], &x)) break;
    h->v[k] = h->v[c];
    k = c;
  }
  if (h->n) h->v[k] = x;
  return top;
}

enum { PLAN_EXACT_MAX = 64 };

/* The greedy plan of plan() for many patterns, in n log n: a pattern's
 * estimate is taken when it becomes connected (a variable of it bound),
 * not again at every step. Through a variable -> patterns index. */
static int plan_large(ev_ctx *cx, bgp_it *b, unsigned char *bound, tp *order) {
  int nv = cx->nvars, n = b->n, rc = -1;
  int *start = calloc((size_t)nv + 2, sizeof *start);
  int *uses = malloc(((size_t)n * 3 + 1) * sizeof *uses);
  char *state = calloc((size_t)n + 1, 1); /* 1 connected, 2 placed */
  heap conn = {malloc(((size_t)n * 3 + 1) * sizeof(hitem)), 0};
  heap rest = {malloc(((size_t)n + 1) * sizeof(hitem)), 0};
  if (!start || !uses || !state || !conn.v || !rest.v) goto done;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < 3; j++)
      if (b->pats[i].var[j] >= 0) start[b->pats[i].var[j] + 1]++;
  for (int v = 0; v < nv; v++) start[v + 1] += start[v];
  int *fill = calloc((size_t)nv + 1, sizeof *fill);
  if (!fill) goto done;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < 3; j++) {
      int v = b->pats[i].var[j];
      if (v >= 0) uses[start[v] + fill[v]++] = i;
    }
  free(fill);
  for (int i = 0; i < n; i++) {
    const tp *p = &b->pats[i];
    hitem x = {estimate(cx, b, p, bound), i};
    int c = shares(p, bound) || (p->var[0] < 0 && p->var[1] < 0 && p->var[2] < 0);
    if (c) state[i] = 1;
    hpush(c ? &conn : &rest, x);
  }
  for (int k = 0; k < n; k++) {
    hitem x;
    do x = conn.n ? hpop(&conn) : hpop(&rest);
    while (state[x.i] == 2);
    state[x.i] = 2;
    order[k] = b->pats[x.i];
    order[k].est = x.est;
    for (int j = 0; j < 3; j++) {
      int v = order[k].var[j];
      if (v < 0 || bound[v]) continue;
      bound[v] = 1;
      for (int u = start[v]; u < start[v + 1]; u++) {
        int i = uses[u];
        if (state[i]) continue;
        state[i] = 1;
        hpush(&conn, (hitem){estimate(cx, b, &b->pats[i], bound), i});
      }
    }
  }
  rc = 0;
done:
  free(start);
  free(uses);
  free(state);
  free(conn.v);
  free(rest.v);
  return rc;
}

/* Orders the patterns greedily: the cheapest next, preferring ones that
 * share a bound variable (no cross products while avoidable). */
static void plan(ev_ctx *cx, bgp_it *b, const kg_id *in) {
  int nv = cx->nvars, n = b->n;
  unsigned char *bound = calloc((size_t)nv + 1, 1);
  tp *order = malloc((size_t)n * sizeof *order);
  int *used = calloc((size_t)n + 1, sizeof *used);
  if (!bound || !order || !used) {
    free(bound);
    free(order);
    free(used);
    return; /* keep the written order */
  }
  for (int v = 0; v < nv; v++) bound[v] = in && in[v];
  if (b->g.kind == EG_VAR && in && in[b->g.var]) bound[b->g.var] = 1;
  if (n > PLAN_EXACT_MAX) {
    if (plan_large(cx, b, bound, order) == 0)
      memcpy(b->pats, order, (size_t)n * sizeof *order);
    free(bound);
    free(order);
    free(used);
    return;
  }
  for (int k = 0; k < n; k++) {
    int best = -1, best_conn = 0;
    double best_est = 0;
    for (int i = 0; i < n; i++) {
      if (used[i]) continue;
      int conn = shares(&b->pats[i], bound) ||
                 (b->pats[i].var[0] < 0 && b->pats[i].var[1] < 0 &&
                  b->pats[i].var[2] < 0);
      double est = estimate(cx, b, &b->pats[i], bound);
      if (best < 0 || (conn && !best_conn) ||
          (conn == best_conn && est < best_est)) {
        best = i;
        best_est = est;
        best_conn = conn;
      }
    }
    used[best] = 1;
    order[k] = b->pats[best];
    order[k].est = best_est;
    for (int j = 0; j < 3; j++)
      if (order[k].var[j] >= 0) bound[order[k].var[j]] = 1;
  }
  memcpy(b->pats, order, (size_t)n * sizeof *order);
  free(bound);
  free(order);
  free(used);
}

/* Puts each filter at the first level where all its variables are bound
 * (by the input row or the patterns so far); EXISTS goes last. */
static int place_filters(ev_ctx *cx, bgp_it *b, const kg_id *in) {
  int nv = cx->nvars, n = b->n, nf = b->nfilters;
  /* the level at which each variable is first bound (-1: before any),
   * then each filter at the deepest level of its variables: linear in the
   * patterns and filters, as a query of 100,000 of them needs */
  int *lvl = malloc(((size_t)nv + 1) * sizeof *lvl);
  unsigned char *used = calloc((size_t)nv + 1, 1);
  int *at = calloc((size_t)nf + 1, sizeof *at);
  int *count = calloc((size_t)n + 1, sizeof *count);
  if (!lvl || !used || !at || !count) {
    free(lvl);
    free(used);
    free(at);
    free(count);
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  for (int v = 0; v < nv; v++) lvl[v] = in && in[v] ? -1 : INT_MAX;
  if (b->g.kind == EG_VAR && lvl[b->g.var] > 0) lvl[b->g.var] = 0;
  for (int k = 0; k < n; k++)
    for (int j = 0; j < 3; j++) {
      int v = b->pats[k].var[j];
      if (v >= 0 && lvl[v] > k) lvl[v] = k;
    }
  for (int f = 0; f < nf; f++) {
    at[f] = n - 1;
    memset(used, 0, (size_t)nv + 1);
    if (ev_expr_vars(b->filters[f], used)) goto counted; /* EXISTS: last */
    int deepest = 0;
    for (int v = 0; v < nv && deepest < n; v++)
      if (used[v] && lvl[v] > deepest) deepest = lvl[v] == INT_MAX ? n : lvl[v];
    if (deepest < n) at[f] = deepest;
  counted:
    count[at[f]]++;
  }
  int rc = 0;
  for (int k = 0; k < n && !rc; k++) {
    level *l = &b->lv[k];
    l->nfilters = 0;
    l->filters = arena_alloc(cx->arena, ((size_t)count[k] + 1) * sizeof *l->filters);
    if (!l->filters) rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  for (int f = 0; f < nf && !rc; f++) {
    level *l = &b->lv[at[f]];
    l->filters[l->nfilters++] = b->filters[f];
  }
  free(lvl);
  free(used);
  free(at);
  free(count);
  return rc;
}

/* Finds the stars: patterns with a named predicate whose subject
 * variable is bound before them (by an earlier pattern or the input), two
 * or more on one variable. Only where every level reads the same graphs
 * (so one subject's block serves them all). */
static int plan_stars(ev_ctx *cx, bgp_it *b, const kg_id *in) {
  if (!(b->g.kind == EG_FIXED || (b->g.kind == EG_DEFAULT && cx->nfrom <= 1)))
    return 0;
  int nv = cx->nvars, n = b->n, rc = 0;
  int *first = malloc(((size_t)nv + 1) * sizeof *first); /* level binding it */
  int *count = calloc((size_t)nv + 1, sizeof *count);
  int *star = calloc((size_t)n + 1, sizeof *star);
  if (!first || !count || !star) {
    rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    goto done;
  }
  for (int v = 0; v < nv; v++) first[v] = in && in[v] ? -1 : n;
  for (int k = 0; k < n; k++)
    for (int j = 0; j < 3; j++) {
      int v = b->pats[k].var[j];
      if (v >= 0 && first[v] > k) first[v] = k;
    }
  for (int k = 0; k < n; k++) {
    const tp *p = &b->pats[k];
    int v = p->var[0];
    star[k] = v >= 0 && p->var[1] < 0 && p->var[2] != v && first[v] < k;
    if (star[k]) count[v]++;
  }
  for (int v = 0; v < nv; v++)
    if (count[v] >= 2) b->nblocks++;
  b->blocks = calloc((size_t)b->nblocks + 1, sizeof *b->blocks);
  if (!b->blocks) {
    rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    goto done;
  }
  b->nblocks = 0;
  for (int k = 0; k < n; k++) {
    int v = b->pats[k].var[0];
    if (!star[k] || count[v] < 2) continue;
    block *blk = NULL;
    for (int i = 0; i < b->nblocks && !blk; i++)
      if (b->blocks[i].var == v) blk = &b->blocks[i];
    if (!blk) {
      blk = &b->blocks[b->nblocks++];
      blk->var = v;
    }
    b->lv[k].blk = blk;
  }
done:
  free(first);
  free(count);
  free(star);
  return rc;
}

/* .explain analyze: the plan of the first open, with the estimate of
 * each level (the rows of the levels before it times its own), and where
 * this open's levels count their rows. */
static int prof_plan(ev_ctx *cx, bgp_it *b, const sp_node *n, const kg_id *in) {
  ev_prof_node *pn = ev_prof_at(cx, n);
  if (!pn) return -1;
  free(b->prof);
  b->prof = calloc((size_t)b->n, sizeof *b->prof);
  unsigned char *bound = calloc((size_t)cx->nvars + 1, 1);
  if (!pn->levels) pn->levels = calloc((size_t)b->n, sizeof *pn->levels);
  if (!b->prof || !bound || !pn->levels) {
    free(bound);
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  /* the first plan, or one that replaced it before it gave a row */
  unsigned long long ran = 0;
  for (int k = 0; k < pn->nlevels; k++) ran += pn->levels[k].rows;
  int first = !ran;
  double est = 1;
  for (int v = 0; v < cx->nvars; v++) bound[v] = in && in[v];
  for (int k = 0; k < b->n && first; k++) {
    ev_prof_level *l = &pn->levels[k];
    l->triple = (int)(b->pats[k].t - n->triples);
    est *= estimate(cx, b, &b->pats[k], bound);
    l->est = est;
    l->star = b->lv[k].blk ? b->lv[k].blk->var : -1;
    l->hash = -1; /* set when its table is built */
    l->ranged = b->lv[k].rg.mask;
    l->filters = b->lv[k].filters;
    l->nfilters = b->lv[k].nfilters;
    for (int j = 0; j < 3; j++)
      if (b->pats[k].var[j] >= 0) bound[b->pats[k].var[j]] = 1;
  }
  if (first) pn->nlevels = b->n;
  for (int k = 0; k < b->n; k++)
    for (int i = 0; i < pn->nlevels; i++)
      if (pn->levels[i].triple == (int)(b->pats[k].t - n->triples))
        b->prof[k] = &pn->levels[i];
  free(bound);
  return 0;
}

/* 1 if FILTERs on p's object may become a range of ids: a named
 * predicate, an object variable that is not also the subject. */
static int object_ranged(const tp *p) {
  return p->var[1] < 0 && p->var[2] >= 0 && p->var[2] != p->var[0];
}

/* How each level reads: its object's range (the ids its filters pass),
 * and a hash join where reading all of its pattern's statements costs
 * less than a search for each row of the levels before it. */
static int plan_access(ev_ctx *cx, bgp_it *b, const kg_id *in) {
  unsigned char *bound = calloc((size_t)cx->nvars + 1, 1);
  unsigned char *used = calloc((size_t)cx->nvars + 1, 1);
  if (!bound || !used) {
    free(bound);
    free(used);
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  for (int v = 0; v < cx->nvars; v++) bound[v] = in && in[v];
  int graphs = b->g.kind == EG_FIXED || (b->g.kind == EG_DEFAULT && cx->nfrom <= 1);
  double outer = 1;
  for (int k = 0; k < b->n; k++) {
    level *l = &b->lv[k];
    const tp *p = l->p;
    memset(&l->rg, 0, sizeof l->rg);
    l->hpos = -1;
    l->own = 0;
    int o = p->var[2];
    if (object_ranged(p) && !bound[o] && !l->blk)
      for (int f = 0; f < l->nfilters && f < 32; f++)
        ev_range_add(l->filters[f], o, f, &l->rg);
    double est = b->n > 1 ? p->est : 1; /* plan()'s */
    int key = p->var[0] >= 0 && bound[p->var[0]] ? 0
            : o >= 0 && bound[o] ? 2 : -1;
    if (k > 0 && key >= 0 && graphs && !l->blk && p->var[1] < 0 && !p->missing) {
      kg_pattern pat = {p->cst[0], p->cst[1], p->cst[2], 0, G_UNION};
      bgp_graph_mode(cx, &b->g, in, &pat);
      /* the same filters as bgp_narrow's: o is first bound here */
      double own = (double)scan_estimate(&cx->view, &pat) *
                   (l->rg.mask ? p->narrow : 1);
      if (own <= HASH_MAX && own < HASH_RATIO * outer) l->hpos = key;
      l->own_est = own;
      l->searches = 0;
    }
    for (int f = 0; f < l->nfilters && f < 32 && l->hpos >= 0; f++) {
      memset(used, 0, (size_t)cx->nvars + 1);
      int mine = !ev_expr_vars(l->filters[f], used);
      for (int v = 0; v < cx->nvars && mine; v++)
        mine = !used[v] || v == p->var[0] || v == p->var[1] || v == o;
      if (mine) l->own |= 1u << f;
    }
    outer *= est > 1 ? est : 1;
    for (int j = 0; j < 3; j++)
      if (p->var[j] >= 0) bound[p->var[j]] = 1;
  }
  free(bound);
  free(used);
  return 0;
}

int bgp_plan(ev_ctx *cx, bgp_it *b, const kg_id *in) {
  for (int v = 0; v < cx->nvars; v++) b->in_bound[v] = in && in[v];
  if (b->n > 1) plan(cx, b, in);
  for (int i = 0; i < b->nblocks; i++) free(b->blocks[i].q);
  free(b->blocks);
  b->blocks = NULL;
  b->nblocks = 0;
  for (int k = 0; k < b->n; k++) {
    level *l = &b->lv[k];
    l->p = &b->pats[k];
    l->blk = NULL;
    ev_rowhash_free(&l->tab);
    l->built = 0;
  }
  if (place_filters(cx, b, in) < 0 || plan_stars(cx, b, in) < 0 ||
      plan_access(cx, b, in) < 0 ||
      (cx->prof && prof_plan(cx, b, b->node, in) < 0))
    return -1;
  return 0;
}

void bgp_narrow(ev_ctx *cx, bgp_it *b) {
  for (int i = 0; i < b->n; i++) {
    tp *p = &b->pats[i];
    ev_range r = {0};
    p->narrow = 1;
    for (int f = 0; f < b->nfilters && f < 32 && object_ranged(p); f++)
      ev_range_add(b->filters[f], p->var[2], f, &r);
    if (r.mask && !p->missing) {
      kg_pattern pat = {p->cst[0], p->cst[1], p->cst[2], 0, G_UNION};
      double all = (double)scan_estimate(&cx->view, &pat);
      if (all > 0) p->narrow = ev_range_count(cx, &pat, &r, all) / all;
    }
  }
}
