/* eval_bgp.c - basic graph patterns: triple patterns ordered by estimated
 * selectivity, evaluated as nested index scans with filters applied as
 * soon as their variables are bound; a star's patterns (a bound subject,
 * a named predicate) matched in the subject's statements, read once. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "sparql/eval/eval.h"

typedef struct tp {
  const sp_triple *t;
  int var[3];          /* s, p, o variable or -1 */
  kg_id cst[3];        /* constant id (0 when a variable) */
  int missing;         /* a constant the store does not hold */
} tp;

/* A star: the statements of one subject, read once (one index lookup)
 * for all the patterns that share that bound subject and name their
 * predicate, which then match in memory instead of a lookup each. */
typedef struct block {
  int var;             /* the subject variable */
  kg_id s;             /* the subject read; 0 none yet */
  int big;             /* more than BLOCK_MAX statements: scan instead */
  kg_qid *q;
  size_t n, cap;
} block;

enum { BLOCK_MAX = 512 };

typedef struct level {
  tp *p;
  kg_scan sc;
  block *blk;          /* a star pattern's subject block, or NULL */
  int from_blk;        /* this run reads blk, not sc */
  size_t bi;           /* next statement of blk */
  int nbind;
  int bind[4];         /* variables this level bound */
  sp_expr **filters;
  int nfilters;
  int dead;            /* the scan cannot match (unknown term bound) */
} level;

typedef struct bgp_it {
  ev_iter base;
  int n;
  tp *pats;
  level *lv;
  int depth;           /* current level; -1 before the start */
  int done;
  kg_id *row, *in;
  ev_graph g;
  sp_expr **end_filters;  /* filters for an empty pattern */
  int nend;
  sp_expr **filters;
  int nfilters;
  unsigned char *in_bound; /* which variables `in` bound at planning */
  const sp_node *node;
  int replans;             /* plans made at reopens (REPLAN_MAX at most) */
  ev_prof_level **prof;    /* .explain analyze: each level's record */
  block *blocks;           /* one per star subject variable */
  int nblocks;
} bgp_it;

/* ------------------------------------------------------------- dataset */

/* Sets the scan's graph part from the graph context and the row. Returns 0
 * if the pattern cannot match at all. */
static int graph_mode(ev_ctx *cx, const ev_graph *g, const kg_id *row,
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

static int in_from(ev_ctx *cx, kg_id g) {
  for (int i = 0; i < cx->nfrom; i++)
    if (cx->from[i] == g) return 1;
  return 0;
}

static int named_ok(ev_ctx *cx, kg_id g) {
  if (!cx->has_from_named) return 1;
  for (int i = 0; i < cx->nfrom_named; i++)
    if (cx->from_named[i] == g) return 1;
  return 0;
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
  graph_mode(cx, &b->g, b->in ? b->in : b->row, &pat);
  if (pat.gmode == G_NAMED || pat.gmode == G_ALL) pat.gmode = G_UNION;
  double est = (double)scan_estimate(&cx->view, &pat);
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

/* Reads subject s's statements into the block (its scan gone past
 * BLOCK_MAX, or out of memory: big, and the patterns scan as usual). */
static void block_fill(ev_ctx *cx, bgp_it *b, block *k, kg_id s) {
  kg_pattern pat = {s, 0, 0, 0, G_UNION};
  k->s = s;
  k->n = 0;
  k->big = 0;
  if (!graph_mode(cx, &b->g, b->row, &pat)) return; /* no graph: empty */
  kg_scan sc;
  kg_qid q;
  scan_init(&sc, &cx->view, &pat);
  while (scan_next(&sc, &q)) {
    if (k->n == BLOCK_MAX || !grow(&k->q, &k->cap, k->n + 1, sizeof *k->q, 32)) {
      k->big = 1;
      return;
    }
    k->q[k->n++] = q;
  }
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

/* ---------------------------------------------------------------- scan */

static void level_start(ev_ctx *cx, bgp_it *b, level *l) {
  tp *p = l->p;
  kg_pattern pat = {0, 0, 0, 0, G_UNION};
  kg_id *slots[3] = {&pat.s, &pat.p, &pat.o};
  l->dead = p->missing;
  l->nbind = 0;
  for (int i = 0; i < 3 && !l->dead; i++) {
    if (p->var[i] < 0) {
      *slots[i] = p->cst[i];
    } else if (b->row[p->var[i]]) {
      kg_id v = b->row[p->var[i]];
      if (v >= EV_LOCAL) l->dead = 1; /* not a term of the store */
      *slots[i] = v;
    }
  }
  if (!l->dead && !graph_mode(cx, &b->g, b->row, &pat)) l->dead = 1;
  l->from_blk = 0;
  if (!l->dead && l->blk) {
    block *k = l->blk;
    if (k->s != b->row[k->var]) block_fill(cx, b, k, b->row[k->var]);
    l->from_blk = !k->big;
    l->bi = 0;
  }
  if (!l->dead && !l->from_blk) scan_init(&l->sc, &cx->view, &pat);
}

static void level_unbind(bgp_it *b, level *l) {
  for (int i = 0; i < l->nbind; i++) b->row[l->bind[i]] = 0;
  l->nbind = 0;
}

/* Binds the level's variables from a matched quad; 0 if it conflicts. */
static int level_bind(ev_ctx *cx, bgp_it *b, level *l, const kg_qid *q) {
  kg_id vals[3] = {q->s, q->p, q->o};
  for (int i = 0; i < 3; i++) {
    int v = l->p->var[i];
    if (v < 0) continue;
    if (b->row[v]) {
      if (b->row[v] != vals[i]) return 0;
    } else {
      b->row[v] = vals[i];
      l->bind[l->nbind++] = v;
    }
  }
  if (b->g.kind == EG_VAR) {
    int v = b->g.var;
    if (!named_ok(cx, q->g)) return 0;
    if (b->row[v]) {
      if (b->row[v] != q->g) return 0;
    } else {
      b->row[v] = q->g;
      l->bind[l->nbind++] = v;
    }
  }
  return 1;
}

/* Next quad of a level's scan, with the FROM-merge filtering. */
static int level_next(ev_ctx *cx, bgp_it *b, level *l, kg_qid *q) {
  if (l->dead) return 0;
  while (l->from_blk) {
    /* a star: the subject's statements with this predicate (and the
     * object, when a constant: bound variables are checked by binding) */
    if (l->bi >= l->blk->n) return 0;
    *q = l->blk->q[l->bi++];
    if (q->p == l->p->cst[1] && (l->p->var[2] >= 0 || q->o == l->p->cst[2]))
      return 1;
  }
  for (;;) {
    if (!scan_next(&l->sc, q)) return 0;
    if (b->g.kind != EG_DEFAULT || cx->nfrom <= 1) return 1;
    /* several FROM graphs: keep the first copy of each triple */
    if (!in_from(cx, q->g)) continue;
    kg_qid last = *q;
    (void)last;
    return 1;
  }
}

static int bgp_next(ev_iter *it, kg_id *out) {
  bgp_it *b = (bgp_it *)it;
  ev_ctx *cx = it->cx;
  if (b->done) return 0;
  if (cx->failed) return -1; /* planning again at a reopen failed */
  if (b->n == 0) {
    b->done = 1;
    memcpy(out, b->row, (size_t)cx->nvars * sizeof *out);
    for (int f = 0; f < b->nend; f++)
      if (!ev_filter(cx, b->end_filters[f], out)) return cx->failed ? -1 : 0;
    return 1;
  }
  if (b->depth < 0) {
    b->depth = 0;
    level_start(cx, b, &b->lv[0]);
  }
  while (b->depth >= 0) {
    if (ev_cancelled(cx)) return -1;
    level *l = &b->lv[b->depth];
    kg_qid q;
    level_unbind(b, l);
    if (!level_next(cx, b, l, &q)) {
      b->depth--;
      continue;
    }
    if (!level_bind(cx, b, l, &q)) continue;
    int ok = 1;
    if (l->nfilters) {
      const ev_graph *saved = cx->active;
      cx->active = &b->g;
      for (int f = 0; f < l->nfilters && ok; f++)
        ok = ev_filter(cx, l->filters[f], b->row);
      cx->active = saved;
      if (cx->failed) return -1;
    }
    if (!ok) continue;
    if (b->prof) b->prof[b->depth]->rows++;
    if (b->depth == b->n - 1) {
      memcpy(out, b->row, (size_t)cx->nvars * sizeof *out);
      sp_fctx_next_solution(&cx->f); /* a new solution: BNODE(str) anew */
      return 1;
    }
    b->depth++;
    level_start(cx, b, &b->lv[b->depth]);
  }
  b->done = 1;
  return 0;
}

/* Plans the levels for what `in` binds: the patterns' order, the
 * filters' places, the stars, the profile's record. -1 on error. */
static int plan_levels(ev_ctx *cx, bgp_it *b, const kg_id *in) {
  for (int v = 0; v < cx->nvars; v++) b->in_bound[v] = in && in[v];
  if (b->n > 1) plan(cx, b, in);
  for (int i = 0; i < b->nblocks; i++) free(b->blocks[i].q);
  free(b->blocks);
  b->blocks = NULL;
  b->nblocks = 0;
  for (int k = 0; k < b->n; k++) {
    b->lv[k].p = &b->pats[k];
    b->lv[k].blk = NULL;
  }
  if (place_filters(cx, b, in) < 0 || plan_stars(cx, b, in) < 0 ||
      (cx->prof && prof_plan(cx, b, b->node, in) < 0))
    return -1;
  return 0;
}

enum { REPLAN_MAX = 3 };

/* An inner side of a nested loop is opened before the outer rows exist
 * and reopened with each: planned again when the input binds other
 * variables than it was planned for (once, as a rule), so that its order
 * and stars count on them. Inputs that keep changing what they bind (an
 * OPTIONAL's variable, say) get, past REPLAN_MAX, the plan that assumes
 * nothing of the input, right for any, and keep it. */
static void bgp_reopen(ev_iter *it, const kg_id *in) {
  bgp_it *b = (bgp_it *)it;
  ev_ctx *cx = it->cx;
  if (in) memcpy(b->in, in, (size_t)cx->nvars * sizeof *in);
  if (in && b->n > 1 && !cx->failed && b->replans <= REPLAN_MAX) {
    int v = 0;
    while (v < cx->nvars && !in[v] == !b->in_bound[v]) v++;
    /* an error fails the query (bgp_next sees it) */
    if (v < cx->nvars) plan_levels(cx, b, ++b->replans <= REPLAN_MAX ? in : NULL);
  }
  memcpy(b->row, b->in, (size_t)cx->nvars * sizeof *b->row);
  for (int k = 0; k < b->n; k++) b->lv[k].nbind = 0;
  b->depth = -1;
  b->done = 0;
}

static void bgp_free(ev_iter *it) {
  bgp_it *b = (bgp_it *)it;
  free(b->pats);
  free(b->lv);
  free(b->prof);
  for (int i = 0; i < b->nblocks; i++) free(b->blocks[i].q);
  free(b->blocks);
  free(b->row);
  free(b->in);
  free(b->in_bound);
  free(b);
}

/* Multiple FROM graphs: the same triple in two of them must count once.
 * Wraps the BGP's output in a DISTINCT over the pattern's variables when
 * needed (rare). */
ev_iter *ev_open_bgp(ev_ctx *cx, const sp_node *n, sp_expr **filters,
                     int nfilters, const kg_id *in, const ev_graph *g) {
  bgp_it *b = calloc(1, sizeof *b);
  if (!b) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  b->base = (ev_iter){bgp_next, bgp_reopen, bgp_free, cx};
  b->g = *g;
  b->n = n->ntriples;
  b->filters = filters;
  b->nfilters = nfilters;
  b->row = calloc((size_t)cx->nvars + 1, sizeof *b->row);
  b->in = calloc((size_t)cx->nvars + 1, sizeof *b->in);
  b->pats = calloc((size_t)b->n + 1, sizeof *b->pats);
  b->lv = calloc((size_t)b->n + 1, sizeof *b->lv);
  b->in_bound = calloc((size_t)cx->nvars + 1, 1);
  b->node = n;
  if (!b->row || !b->in || !b->pats || !b->lv || !b->in_bound) {
    bgp_free(&b->base);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  if (in) memcpy(b->in, in, (size_t)cx->nvars * sizeof *in);
  for (int i = 0; i < b->n; i++) {
    tp *p = &b->pats[i];
    const sp_triple *t = &n->triples[i];
    const sp_term *pos[3] = {&t->s, &t->p, &t->o};
    p->t = t;
    for (int j = 0; j < 3; j++) {
      p->var[j] = pos[j]->kind == SP_VAR ? pos[j]->var : -1;
      if (p->var[j] < 0) {
        kg_term k = {(kg_term_kind)pos[j]->kind, pos[j]->value, pos[j]->len,
                     pos[j]->datatype, pos[j]->lang};
        p->cst[j] = ev_lookup(cx, &k);
        if (!p->cst[j]) p->missing = 1;
      }
    }
  }
  if (b->n) {
    if (plan_levels(cx, b, in) < 0) {
      bgp_free(&b->base);
      return NULL;
    }
  } else {
    b->end_filters = filters;
    b->nend = nfilters;
  }
  bgp_reopen(&b->base, NULL);
  if (b->g.kind == EG_DEFAULT && cx->nfrom > 1 && b->n) {
    /* wrap: distinct over the pattern's variables */
    ev_rows rows = {0};
    if (ev_drain(&b->base, &rows) < 0) {
      bgp_free(&b->base);
      ev_rows_free(&rows);
      return NULL;
    }
    bgp_free(&b->base);
    /* remove duplicate rows (same bindings from two FROM graphs) */
    size_t w = 0;
    for (size_t i = 0; i < rows.n; i++) {
      const kg_id *r = rows.data + i * rows.width;
      int dup = 0;
      for (size_t j = 0; j < w && !dup; j++)
        dup = !memcmp(rows.data + j * rows.width, r,
                      rows.width * sizeof *r);
      if (!dup) {
        if (w != i)
          memmove(rows.data + w * rows.width, r, rows.width * sizeof *r);
        w++;
      }
    }
    rows.n = w;
    return ev_rows_iter(cx, &rows);
  }
  return &b->base;
}
