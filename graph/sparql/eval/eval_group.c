/* eval_group.c - GROUP BY with aggregates, and ORDER BY (with a top-k
 * bound when a LIMIT follows). */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval/eval.h"

/* ---------------------------------------------------------------- group */

typedef struct group {
  kg_id *key;          /* key value ids (nexprs) */
  sp_agg **aggs;
  ev_rows distinct;    /* COUNT(DISTINCT *): rows seen */
  struct group *next;  /* hash chain */
  struct group *order; /* creation order */
} group;

typedef struct group_it {
  ev_iter base;
  const sp_node *n;
  ev_rows out;
  size_t i;
} group_it;

static uint64_t keys_hash(const kg_id *k, int n) {
  uint64_t h = 0x84222325cbf29ce4ULL;
  for (int i = 0; i < n; i++) {
    h ^= k[i];
    h *= 0x100000001b3ULL;
  }
  return h ^ (h >> 29);
}

static int group_next(ev_iter *it, kg_id *row) {
  group_it *g = (group_it *)it;
  if (g->i >= g->out.n) return 0;
  memcpy(row, g->out.data + g->i * g->out.width, g->out.width * sizeof *row);
  g->i++;
  return 1;
}
static void group_reopen(ev_iter *it, const kg_id *in) {
  (void)in;
  ((group_it *)it)->i = 0;
}
static void group_free(ev_iter *it) {
  ev_rows_free(&((group_it *)it)->out);
  free(it);
}

/* COUNT(DISTINCT *) counts distinct solutions of the variables a user can
 * see (those of SELECT DISTINCT *): the hidden ones that blank nodes and
 * paths introduce are left out, in `vis`, a copy of the row. */
static int seen_row(ev_rows *r, const sp_query *q, const kg_id *row,
                    kg_id *vis) {
  for (size_t v = 0; v < r->width; v++)
    vis[v] = sp_name_hidden(q->vars[v]) ? 0 : row[v];
  for (size_t i = 0; i < r->n; i++)
    if (!memcmp(r->data + i * r->width, vis, r->width * sizeof *vis)) return 1;
  return 0;
}

static void groups_free(group *first, int naggs) {
  while (first) {
    group *n = first->order;
    for (int a = 0; a < naggs; a++) sp_agg_free(first->aggs[a]);
    ev_rows_free(&first->distinct);
    free(first->key);
    free(first->aggs);
    free(first);
    first = n;
  }
}

ev_iter *ev_open_group(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g) {
  group_it *gi = calloc(1, sizeof *gi);
  if (!gi) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  gi->base = (ev_iter){group_next, group_reopen, group_free, cx};
  gi->n = n;
  gi->out.width = (size_t)cx->nvars;
  int nk = n->nexprs, na = n->naggs;
  size_t nb = 1024;
  group **table = calloc(nb, sizeof *table);
  kg_id *row = calloc((size_t)cx->nvars + 1, sizeof *row);
  kg_id *vis = calloc((size_t)cx->nvars + 1, sizeof *vis);
  kg_id *key = calloc((size_t)nk + 1, sizeof *key);
  group *first = NULL, *last = NULL;
  size_t ngroups = 0;
  int rc = table && row && vis && key ? 0 : ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  ev_iter *a = rc ? NULL : ev_open(cx, n->a, in, g);
  if (!a) rc = -1;
  const ev_graph *saved = cx->active;
  cx->active = g;
  while (!rc && (rc = a->next(a, row)) > 0) {
    rc = 0;
    if (ev_cancelled(cx)) {
      rc = -1;
      break;
    }
    sp_fctx_next_solution(&cx->f);
    for (int k = 0; k < nk; k++) {
      /* GROUP BY ?v: the id is the key (no value needed) */
      if (n->exprs[k]->op == SP_E_VAR) {
        key[k] = row[n->exprs[k]->var];
        continue;
      }
      sp_val v = ev_expr(cx, n->exprs[k], row);
      key[k] = ev_value_id(cx, &v);
    }
    uint64_t h = keys_hash(key, nk);
    group *gr = table[h & (nb - 1)];
    while (gr && memcmp(gr->key, key, (size_t)nk * sizeof *key)) gr = gr->next;
    if (!gr) {
      gr = calloc(1, sizeof *gr);
      if (gr) {
        gr->key = malloc(((size_t)nk + 1) * sizeof *gr->key);
        gr->aggs = calloc((size_t)na + 1, sizeof *gr->aggs);
      }
      if (!gr || !gr->key || !gr->aggs) {
        if (gr) {
          free(gr->key);
          free(gr->aggs);
          free(gr);
        }
        rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
        break;
      }
      memcpy(gr->key, key, (size_t)nk * sizeof *key);
      gr->distinct.width = (size_t)cx->nvars;
      for (int i = 0; i < na; i++) {
        const sp_expr *e = n->aggs[i];
        gr->aggs[i] = sp_agg_new(e->agg, e->distinct, e->separator);
        if (!gr->aggs[i]) rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      }
      gr->next = table[h & (nb - 1)];
      table[h & (nb - 1)] = gr;
      if (last) last->order = gr;
      else first = gr;
      last = gr;
      ngroups++;
      if (rc) break;
    }
    for (int i = 0; i < na; i++) {
      const sp_expr *e = n->aggs[i];
      if (!e->nargs) {
        /* COUNT(*), COUNT(DISTINCT *) */
        if (e->distinct) {
          if (seen_row(&gr->distinct, cx->q, row, vis)) continue;
          if (ev_rows_push(&gr->distinct, vis) < 0) {
            rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
            break;
          }
        }
        sp_agg_add(gr->aggs[i], &cx->f, NULL);
        continue;
      }
      if (e->agg == SP_AGG_COUNT && !e->distinct &&
          e->args[0]->op == SP_E_VAR) {
        /* COUNT(?v) only asks whether ?v is bound */
        sp_val v = row[e->args[0]->var] ? sp_val_bool(1) : sp_val_error();
        sp_agg_add(gr->aggs[i], &cx->f, &v);
        continue;
      }
      sp_val v = ev_expr(cx, e->args[0], row);
      sp_agg_add(gr->aggs[i], &cx->f, &v);
    }
  }
  cx->active = saved;
  ev_free(a);
  /* an aggregate over no solutions and no GROUP BY: one group */
  if (!rc && !ngroups && nk == 0) {
    group *gr = calloc(1, sizeof *gr);
    if (gr) gr->aggs = calloc((size_t)na + 1, sizeof *gr->aggs);
    if (!gr || !gr->aggs) {
      free(gr);
      rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    } else {
      for (int i = 0; i < na; i++)
        gr->aggs[i] = sp_agg_new(n->aggs[i]->agg, n->aggs[i]->distinct,
                                 n->aggs[i]->separator);
      first = last = gr;
    }
  }
  for (group *gr = first; !rc && gr; gr = gr->order) {
    if (in) memcpy(row, in, (size_t)cx->nvars * sizeof *row);
    else memset(row, 0, (size_t)cx->nvars * sizeof *row);
    int ok = 1;
    for (int k = 0; k < nk; k++) {
      int v = n->key_vars ? n->key_vars[k] : -1;
      if (v < 0) continue;
      if (row[v] && gr->key && row[v] != gr->key[k]) ok = 0;
      row[v] = gr->key ? gr->key[k] : 0;
    }
    for (int i = 0; i < na && ok; i++) {
      sp_val r = sp_agg_result(gr->aggs[i], &cx->f);
      kg_id id = ev_value_id(cx, &r);
      int v = n->agg_vars[i];
      if (row[v] && row[v] != id) ok = 0;
      row[v] = id;
    }
    if (ok && ev_rows_push(&gi->out, row) < 0)
      rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  groups_free(first, na);
  free(table);
  free(row);
  free(vis);
  free(key);
  if (rc < 0) {
    group_free(&gi->base);
    return NULL;
  }
  return &gi->base;
}

/* ---------------------------------------------------------------- order */

typedef struct sortrow {
  size_t idx;          /* row index in rows */
  sp_val *keys;
} sortrow;

typedef struct order_ctx {
  const sp_node *n;
} order_ctx;

static int cmp_rows(const void *x, const void *y, void *c) {
  const sortrow *a = x, *b = y;
  const order_ctx *oc = c;
  for (int i = 0; i < oc->n->nexprs; i++) {
    const sp_val *va = a->keys[i].type == SPV_ERROR ? NULL : &a->keys[i];
    const sp_val *vb = b->keys[i].type == SPV_ERROR ? NULL : &b->keys[i];
    int r = sp_val_order(va, vb);
    if (r) return oc->n->desc && oc->n->desc[i] ? -r : r;
  }
  return (a->idx > b->idx) - (a->idx < b->idx);
}

typedef struct order_it {
  ev_iter base;
  ev_rows rows;
  sortrow *sorted;
  size_t n, i;
} order_it;

static int order_next(ev_iter *it, kg_id *row) {
  order_it *o = (order_it *)it;
  if (o->i >= o->n) return 0;
  memcpy(row, o->rows.data + o->sorted[o->i].idx * o->rows.width,
         o->rows.width * sizeof *row);
  o->i++;
  return 1;
}
static void order_reopen(ev_iter *it, const kg_id *in) {
  (void)in;
  ((order_it *)it)->i = 0;
}
static void order_free(ev_iter *it) {
  order_it *o = (order_it *)it;
  ev_rows_free(&o->rows);
  free(o->sorted);
  free(o);
}

ev_iter *ev_open_order(ev_ctx *cx, const sp_node *n, long long limit,
                       const kg_id *in, const ev_graph *g) {
  order_it *o = calloc(1, sizeof *o);
  if (!o) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  o->base = (ev_iter){order_next, order_reopen, order_free, cx};
  ev_iter *a = ev_open(cx, n->a, in, g);
  if (!a || ev_drain(a, &o->rows) < 0) {
    ev_free(a);
    order_free(&o->base);
    return NULL;
  }
  ev_free(a);
  size_t nr = o->rows.n, ne = (size_t)n->nexprs;
  o->sorted = malloc((nr ? nr : 1) * sizeof *o->sorted);
  sp_val *keys = arena_alloc(cx->arena, (nr * ne + 1) * sizeof *keys);
  if (!o->sorted || !keys) {
    order_free(&o->base);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  const ev_graph *saved = cx->active;
  cx->active = g;
  for (size_t r = 0; r < nr; r++) {
    const kg_id *row = o->rows.data + r * o->rows.width;
    o->sorted[r].idx = r;
    o->sorted[r].keys = keys + r * ne;
    sp_fctx_next_solution(&cx->f);
    for (size_t k = 0; k < ne; k++)
      o->sorted[r].keys[k] = ev_expr(cx, n->exprs[k], row);
  }
  cx->active = saved;
  order_ctx oc = {n};
  if (limit >= 0 && limit <= 1000 && (size_t)limit < nr / 4) {
    /* ORDER BY ... LIMIT k: keep the k smallest in a sorted window */
    size_t k = (size_t)limit, m = 0;
    for (size_t r = 0; r < nr; r++) {
      sortrow x = o->sorted[r];
      if (m == k && (!k || cmp_rows(&x, &o->sorted[k - 1], &oc) >= 0))
        continue;
      size_t pos = m < k ? m : k - 1;
      while (pos > 0 && cmp_rows(&x, &o->sorted[pos - 1], &oc) < 0) {
        o->sorted[pos] = o->sorted[pos - 1];
        pos--;
      }
      o->sorted[pos] = x;
      if (m < k) m++;
    }
    o->n = m;
  } else {
    qsort_r(o->sorted, nr, sizeof *o->sorted, cmp_rows, &oc);
    o->n = nr;
    if (limit >= 0 && (size_t)limit < o->n) o->n = (size_t)limit;
  }
  return &o->base;
}
