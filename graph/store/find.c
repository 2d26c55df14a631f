/* find.c - statement patterns (kg_store_find) and the graphs of a store
 * with their sizes, as kg_results read from the store's view. */
#include "grow.h"
#include "result.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- scans */

/* A scan over a snapshot: the rows are the store as the call found it,
 * whatever commits come while they are read. */
typedef struct scan_src {
  kg_scan sc;
  kg_view view;
} scan_src;

static void scan_free(void *src) {
  scan_src *s = src;
  if (!s) return;
  view_release(&s->view);
  free(s);
}

static int scan_next_row(kg_result *r, void *src, kg_error *err) {
  scan_src *s = src;
  kg_qid q;
  if (!scan_next(&s->sc, &q))
    return index_damaged(s->view.base, err) == KG_OK ? 0 : -1;
  if (!store_term(r->st, q.s, &r->quad.s) ||
      !store_term(r->st, q.p, &r->quad.p) ||
      !store_term(r->st, q.o, &r->quad.o)) {
    if (dict_damaged(r->st->dict, err) == KG_OK)
      kg_err(err, KG_ERR_CORRUPT,
             "store damaged: a statement refers to a missing term");
    return -1;
  }
  memset(&r->quad.g, 0, sizeof r->quad.g);
  if (q.g && !store_term(r->st, q.g, &r->quad.g)) {
    if (dict_damaged(r->st->dict, err) == KG_OK)
      kg_err(err, KG_ERR_CORRUPT,
             "store damaged: a statement refers to a missing term");
    return -1;
  }
  return 1;
}

static kg_status result_scan(kg_store *st, const kg_pattern *p, kg_result **out,
                      kg_error *err) {
  *out = result_new(KG_RESULT_GRAPH, st, NULL, 0);
  scan_src *s = calloc(1, sizeof *s);
  if (!*out || !s) {
    free(s);
    kg_result_free(*out);
    *out = NULL;
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  kg_view v = store_view(st);
  s->view = view_hold(&v);
  scan_init(&s->sc, &s->view, p);
  result_set_source(*out, scan_next_row, scan_free, s);
  store_result_locked(*out, st);
  return KG_OK;
}

/* Looks up a pattern term: 0 for wildcard; -1 if the term is unknown
 * (nothing can match). */
static int pattern_id(kg_store *st, const kg_term *t, kg_id *id) {
  *id = 0;
  if (!t || t->kind == KG_TERM_NONE) return 0;
  *id = dict_find(st->dict, t);
  return *id ? 0 : -1;
}

static kg_status store_find(kg_store *st, const kg_term *s, const kg_term *p,
                        const kg_term *o, const kg_term *g, kg_result **out,
                        kg_error *err) {
  kg_error_clear(err);
  kg_pattern pat = {0, 0, 0, 0, G_ALL};
  int miss = pattern_id(st, s, &pat.s) | pattern_id(st, p, &pat.p) |
             pattern_id(st, o, &pat.o) | pattern_id(st, g, &pat.g);
  if (pat.g) pat.gmode = G_FIXED;
  if (miss) TRY(dict_damaged(st->dict, err));
  if (miss) {
    *out = result_new(KG_RESULT_GRAPH, st, NULL, 0);
    return *out ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  return result_scan(st, &pat, out, err);
}

/* --------------------------------------------------------------- graphs */

typedef struct graphs_src {
  graph_count *v;
  size_t n, i;
  char num[32];
} graphs_src;

static int gc_cmp(const void *a, const void *b) {
  const graph_count *x = a, *y = b;
  return (x->g > y->g) - (x->g < y->g);
}

/* Counts per graph: skip through the base's GSPO keys by graph, then
 * adjust with the change layers. */
kg_status store_graph_counts(const kg_view *view, graph_count **out,
                             size_t *n, kg_error *err) {
  size_t cap = 0, m = 1;
  graph_count *v = NULL;
  if (!grow(&v, &cap, 1, sizeof *v, 16))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  v[0] = (graph_count){0, 0};
  size_t nk;
  index_keys(view->base, ORD_GSPO, &nk);
  size_t i = 0;
  const qkey *at;
  while (i < nk && (at = index_key_at(view->base, ORD_GSPO, i))) {
    kg_id g = at->k[0];
    qkey next = {{g + 1, 0, 0, 0}};
    size_t j = g == KG_ID_MAX ? nk
                              : index_bound(view->base, ORD_GSPO, &next, 0);
    if (j <= i) break; /* damage met: index_damaged says where */
    if (!g) {
      v[0].n += (long long)(j - i);
      i = j;
      continue;
    }
    if (!grow(&v, &cap, m + 1, sizeof *v, 16)) {
      free(v);
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
    }
    v[m++] = (graph_count){g, (long long)(j - i)};
    i = j;
  }
  kg_status dmg = index_damaged(view->base, err);
  if (dmg != KG_OK) {
    free(v);
    return dmg;
  }
  for (int l = 0; l < view->nlayers; l++) {
    size_t ne;
    const qentry *e = qset_sorted(view->layer[l], ORD_GSPO, &ne);
    if (!e) {
      free(v);
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < ne; k++) {
      kg_id g = e[k].key.k[0];
      size_t pos = 0;
      while (pos < m && v[pos].g != g) pos++;
      if (pos == m) {
        if (!grow(&v, &cap, m + 1, sizeof *v, 16)) {
          free(v);
          return kg_err(err, KG_ERR_NOMEM, "out of memory");
        }
        v[m++] = (graph_count){g, 0};
      }
      v[pos].n += e[k].op;
    }
  }
  qsort(v, m, sizeof *v, gc_cmp);
  size_t w = 0;
  for (size_t k = 0; k < m; k++)
    if (v[k].n > 0 || v[k].g == 0) v[w++] = v[k];
  *out = v;
  *n = w;
  return KG_OK;
}

static int graphs_next(kg_result *r, void *src, kg_error *err) {
  graphs_src *s = src;
  if (s->i >= s->n) return 0;
  graph_count *c = &s->v[s->i++];
  memset(r->row, 0, 2 * sizeof *r->row);
  if (c->g && !store_term(r->st, c->g, &r->row[0])) {
    kg_err(err, KG_ERR_CORRUPT, "graph name %u is missing", c->g);
    return -1;
  }
  snprintf(s->num, sizeof s->num, "%lld", c->n);
  r->row[1] = kg_literal(s->num, KG_XSD "integer", NULL);
  return 1;
}

static void graphs_free(void *src) {
  graphs_src *s = src;
  if (!s) return;
  free(s->v);
  free(s);
}

static kg_status store_graphs(kg_store *st, kg_result **out, kg_error *err) {
  kg_error_clear(err);
  static const char *cols[] = {"graph", "triples"};
  *out = NULL;
  graphs_src *s = calloc(1, sizeof *s);
  kg_result *r = result_new(KG_RESULT_BINDINGS, st, cols, 2);
  if (!s || !r) {
    free(s);
    kg_result_free(r);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  result_set_source(r, graphs_next, graphs_free, s);
  kg_view v = store_view(st);
  kg_status rc = store_graph_counts(&v, &s->v, &s->n, err);
  if (rc != KG_OK) {
    kg_result_free(r);
    return rc;
  }
  *out = r;
  return KG_OK;
}

kg_status kg_store_find(kg_store *st, const kg_term *s, const kg_term *p,
                        const kg_term *o, const kg_term *g, kg_result **out,
                        kg_error *err) {
  if (st->remote) return st->remote->find(st, s, p, o, g, out, err);
  kg_store *on;
  kg_status rc = store_read_enter(st, &on, err);
  if (rc == KG_OK) rc = store_find(on, s, p, o, g, out, err);
  store_read_leave(st, on, rc == KG_OK ? *out : NULL);
  return rc;
}

kg_status kg_store_graphs(kg_store *st, kg_result **out, kg_error *err) {
  if (st->remote) return st->remote->graphs(st, out, err);
  kg_store *on;
  kg_status s = store_read_enter(st, &on, err);
  if (s == KG_OK) s = store_graphs(on, out, err);
  store_read_leave(st, on, s == KG_OK ? *out : NULL);
  return s;
}
