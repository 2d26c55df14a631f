/* eval_bgp.c - basic graph patterns, as planned by eval_plan.c: nested
 * index scans with filters applied as soon as their variables are bound;
 * a star's patterns (a bound subject, a named predicate) matched in the
 * subject's statements, read once; a hash join's pattern read once into
 * a table; an object's filters decided by a range of ids. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "sparql/eval/bgp.h"

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

/* Reads subject s's statements into the block (its scan gone past
 * BLOCK_MAX, or out of memory: big, and the patterns scan as usual). */
static void block_fill(ev_ctx *cx, bgp_it *b, block *k, kg_id s) {
  kg_pattern pat = {s, 0, 0, 0, G_UNION};
  k->s = s;
  k->n = 0;
  k->big = 0;
  if (!bgp_graph_mode(cx, &b->g, b->row, &pat)) return; /* no graph: empty */
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

/* ---------------------------------------------------------------- scan */

static int skipped(uint32_t skip, int f) {
  return f < 32 && (skip >> f & 1);
}

/* Binds a quad's positions to the pattern's variables in row (a row of
 * its own: the hash table's); 0 when one variable gets two ids. */
static int bind_alone(const tp *p, const kg_qid *q, kg_id *row) {
  kg_id vals[3] = {q->s, q->p, q->o};
  for (int i = 0; i < 3; i++)
    if (p->var[i] >= 0) row[p->var[i]] = 0;
  for (int i = 0; i < 3; i++) {
    int v = p->var[i];
    if (v < 0) continue;
    if (row[v] && row[v] != vals[i]) return 0;
    row[v] = vals[i];
  }
  return 1;
}

/* Reads the level's pattern, its constants only, into a table keyed by
 * the position the rows before it bind, keeping the statements that pass
 * the filters of its own variables (l->own). -1 on error. */
static int tab_build(ev_ctx *cx, bgp_it *b, level *l) {
  const tp *p = l->p;
  kg_pattern pat = {p->cst[0], p->cst[1], p->cst[2], 0, G_UNION};
  kg_id *row = ev_row_new(cx);
  /* rows of s, p, o, g keyed on the position bound before */
  l->tab.rows.width = 4;
  l->tab.keys = malloc(sizeof *l->tab.keys);
  if (!row || !l->tab.keys) {
    free(row);
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  l->tab.keys[0] = l->hpos;
  l->tab.nkeys = 1;
  int ok = bgp_graph_mode(cx, &b->g, b->row, &pat), seg = -1, rc = 0;
  uint32_t skip = 0;
  kg_scan sc;
  if (ok && l->rg.mask) ok = ev_range_next(cx, &l->rg, &pat, &sc, &seg, &skip);
  else if (ok) scan_init(&sc, &cx->view, &pat);
  const ev_graph *saved = cx->active;
  cx->active = &b->g;
  while (ok && !rc) {
    kg_qid q;
    if (!scan_next(&sc, &q)) {
      ok = seg >= 0 && ev_range_next(cx, &l->rg, &pat, &sc, &seg, &skip);
      continue;
    }
    if (ev_cancelled(cx)) rc = -1;
    if (rc || !bind_alone(p, &q, row)) continue;
    int pass = 1;
    for (int f = 0; f < l->nfilters && pass; f++)
      if (skipped(l->own, f) && !skipped(skip, f))
        pass = ev_filter(cx, l->filters[f], row);
    kg_id quad[4] = {q.s, q.p, q.o, q.g};
    if (cx->failed) rc = -1;
    else if (pass && ev_rows_push(&l->tab.rows, quad) < 0)
      rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  cx->active = saved;
  free(row);
  if (!rc) rc = ev_rowhash_build(cx, &l->tab);
  l->built = !rc;
  return rc;
}

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
  if (!l->dead && !bgp_graph_mode(cx, &b->g, b->row, &pat)) l->dead = 1;
  l->pat = pat;
  l->from_blk = 0;
  l->from_tab = 0;
  l->seg = -1;
  l->skip = 0;
  if (!l->dead && l->hpos >= 0 && b->row[p->var[l->hpos]] &&
      (l->built || ++l->searches * HASH_SEARCH >= l->own_est)) {
    kg_id probe[4] = {0};
    probe[l->hpos] = b->row[p->var[l->hpos]];
    if (!l->built && tab_build(cx, b, l) < 0) {
      l->dead = 1; /* the query fails: bgp_next sees cx->failed */
      return;
    }
    if (b->prof) b->prof[l - b->lv]->hash = p->var[l->hpos];
    l->from_tab = 1;
    l->hat = probe[l->hpos] < EV_LOCAL ? ev_rowhash_first(&l->tab, probe) : 0;
    l->skip = l->own;
    return;
  }
  if (!l->dead && l->blk) {
    block *k = l->blk;
    if (k->s != b->row[k->var]) block_fill(cx, b, k, b->row[k->var]);
    l->from_blk = !k->big;
    l->bi = 0;
  }
  if (l->dead || l->from_blk) return;
  if (l->rg.mask && p->var[2] >= 0 && !b->row[p->var[2]])
    l->dead = !ev_range_next(cx, &l->rg, &pat, &l->sc, &l->seg, &l->skip);
  else
    scan_init(&l->sc, &cx->view, &pat);
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
  if (l->from_tab) {
    /* rows of the key's hash: binding checks the key (bound before) */
    if (!l->hat) return 0;
    const kg_id *r = l->tab.rows.data + (l->hat - 1) * 4;
    *q = (kg_qid){r[0], r[1], r[2], r[3]};
    l->hat = l->tab.chain[l->hat - 1];
    return 1;
  }
  while (l->from_blk) {
    /* a star: the subject's statements with this predicate (and the
     * object, when a constant: bound variables are checked by binding) */
    if (l->bi >= l->blk->n) return 0;
    *q = l->blk->q[l->bi++];
    if (q->p == l->p->cst[1] && (l->p->var[2] >= 0 || q->o == l->p->cst[2]))
      return 1;
  }
  for (;;) {
    if (!scan_next(&l->sc, q)) {
      if (l->seg >= 0 &&
          ev_range_next(cx, &l->rg, &l->pat, &l->sc, &l->seg, &l->skip))
        continue;
      return 0;
    }
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
        if (!skipped(l->skip, f)) ok = ev_filter(cx, l->filters[f], b->row);
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
    if (v < cx->nvars) bgp_plan(cx, b, ++b->replans <= REPLAN_MAX ? in : NULL);
  }
  memcpy(b->row, b->in, (size_t)cx->nvars * sizeof *b->row);
  for (int k = 0; k < b->n; k++) b->lv[k].nbind = 0;
  b->depth = -1;
  b->done = 0;
}

static void bgp_free(ev_iter *it) {
  bgp_it *b = (bgp_it *)it;
  for (int k = 0; k < b->n && b->lv; k++) ev_rowhash_free(&b->lv[k].tab);
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
        kg_term k = sp_term_kg(pos[j]);
        p->cst[j] = ev_lookup(cx, &k);
        if (!p->cst[j]) p->missing = 1;
      }
    }
  }
  bgp_narrow(cx, b);
  if (b->n) {
    if (bgp_plan(cx, b, in) < 0) {
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
