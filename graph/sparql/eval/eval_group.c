/* eval_group.c - GROUP BY with aggregates (ORDER BY is in eval_order.c). */
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
