/* stats.c - statistics of a store: sizes, distinct terms, the most used
 * predicates and classes. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "idset.h"
#include "store/inline.h"
#include "store/store.h"

typedef struct counter {
  kg_id id;
  unsigned long long n;
} counter;

/* Most used first; ties by IRI, so that equal data gives equal
 * statistics whatever order it was loaded in. */
static int by_count(const void *a, const void *b, void *dict) {
  const counter *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? 1 : -1;
  kg_term tx, ty;
  if (x->id == y->id || !dict_term(dict, x->id, &tx) ||
      !dict_term(dict, y->id, &ty))
    return (x->id > y->id) - (x->id < y->id);
  size_t n = tx.len < ty.len ? tx.len : ty.len;
  int c = memcmp(tx.value, ty.value, n);
  if (c) return c;
  return (tx.len > ty.len) - (tx.len < ty.len);
}

static int by_iri(const void *a, const void *b) {
  const kg_count *x = a, *y = b;
  return strcmp(x->iri, y->iri);
}

/* Scans all triples (each once, whatever graphs hold it) in `ord` (with
 * predicate `fixed_p` when non-zero) and counts the distinct values of the
 * first unbound key component; fills per-value counts when `out` is given
 * and the triples scanned when `triples` is. */
static kg_status distinct_leading(kg_store *st, kg_order ord, kg_id fixed_p,
                                  unsigned long long *distinct, counter **out,
                                  size_t *nout, unsigned long long *triples,
                                  kg_error *err) {
  kg_view v = store_view(st);
  kg_pattern p = {0, fixed_p, 0, 0, G_UNION};
  kg_scan sc;
  scan_init_order(&sc, &v, &p, ord);
  int depth = sc.prefix;
  size_t cap = 0, n = 0;
  counter *c = NULL;
  unsigned long long d = 0;
  kg_id last = 0;
  int have = 0;
  kg_qid q;
  unsigned long long all = 0;
  while (scan_next(&sc, &q)) {
    all++;
    kg_id lead = qkey_from(ord, &q).k[depth];
    if (!have || lead != last) {
      d++;
      last = lead;
      have = 1;
      if (out) {
        if (!grow(&c, &cap, n + 1, sizeof *c, 256)) {
          free(c);
          return kg_err(err, KG_ERR_NOMEM, "out of memory");
        }
        c[n++] = (counter){lead, 0};
      }
    }
    if (out) c[n - 1].n++;
  }
  kg_status ds = index_damaged(v.base, err);
  if (ds != KG_OK) {
    free(c);
    return ds;
  }
  *distinct = d;
  if (triples) *triples = all;
  if (out) {
    *out = c;
    *nout = n;
  }
  return KG_OK;
}

/* The distinct terms the statements use (in any position, graph names
 * included). The dictionary keeps the terms of removed statements and
 * of failed loads, so its size is no answer. */
static kg_status count_terms(kg_store *st, unsigned long long *out,
                             kg_error *err) {
  kg_id max = dict_count(st->dict);
  uint64_t *seen = calloc((size_t)max / 64 + 1, sizeof *seen);
  if (!seen) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_view v = store_view(st);
  kg_pattern all = {0, 0, 0, 0, G_ALL};
  kg_scan sc;
  kg_qid q;
  unsigned long long n = 0;
  idset inl = {0};
  int nomem = 0;
  scan_init(&sc, &v, &all);
  while (scan_next(&sc, &q)) {
    kg_id ids[4] = {q.s, q.p, q.o, q.g};
    for (int i = 0; i < 4; i++) {
      kg_id id = ids[i];
      if (inline_is(id)) {
        int added = idset_add(&inl, id);
        nomem |= added < 0;
        n += added > 0;
        continue;
      }
      if (!id || id > max) continue;
      uint64_t bit = (uint64_t)1 << (id % 64);
      if (!(seen[id / 64] & bit)) {
        seen[id / 64] |= bit;
        n++;
      }
    }
  }
  free(seen);
  free(inl.slot);
  *out = n;
  if (nomem) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  return index_damaged(v.base, err);
}

static kg_status top_list(kg_store *st, counter *c, size_t n, size_t top,
                          kg_count **out, size_t *nout, kg_error *err) {
  if (n) qsort_r(c, n, sizeof *c, by_count, st->dict);
  if (n > top) n = top;
  *out = calloc(n ? n : 1, sizeof **out);
  if (!*out) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  *nout = n;
  for (size_t i = 0; i < n; i++) {
    kg_term t;
    if (!dict_term(st->dict, c[i].id, &t))
      return kg_err(err, KG_ERR_CORRUPT, "term %u is missing", c[i].id);
    (*out)[i].iri = strndup(t.value, t.len);
    (*out)[i].n = c[i].n;
    if (!(*out)[i].iri) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  return KG_OK;
}

static kg_status store_stats(kg_store *st, size_t top, kg_stats **out,
                         kg_error *err) {
  kg_error_clear(err);
  kg_stats *s = calloc(1, sizeof *s);
  if (!s) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  *out = NULL;
  kg_view v = store_view(st);
  s->triples = view_size(&v);

  counter *pc = NULL, *cc = NULL;
  size_t npc = 0, ncc = 0;
  graph_count *g = NULL;
  size_t ng = 0;
  kg_status rc = count_terms(st, &s->terms, err);
  if (rc == KG_OK)
    rc = distinct_leading(st, ORD_SPOG, 0, &s->subjects, NULL, NULL,
                          &s->distinct_triples, err);
  if (rc == KG_OK)
    rc = distinct_leading(st, ORD_POSG, 0, &s->predicates, &pc, &npc, NULL,
                          err);
  if (rc == KG_OK)
    rc = distinct_leading(st, ORD_OSPG, 0, &s->objects, NULL, NULL, NULL,
                          err);
  kg_term type = kg_iri(KG_RDF_TYPE);
  kg_id type_id = dict_find(st->dict, &type);
  if (rc == KG_OK && type_id)
    rc = distinct_leading(st, ORD_POSG, type_id, &s->classes, &cc, &ncc,
                          NULL, err);
  if (rc == KG_OK)
    rc = top_list(st, pc, npc, top, &s->top_predicates, &s->npredicates, err);
  if (rc == KG_OK)
    rc = top_list(st, cc, ncc, top, &s->top_classes, &s->nclasses, err);
  if (rc == KG_OK) rc = store_graph_counts(&v, &g, &ng, err);
  if (rc == KG_OK) {
    s->graphs = calloc(ng ? ng : 1, sizeof *s->graphs);
    if (!s->graphs) rc = kg_err(err, KG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == KG_OK && i < ng; i++) {
      s->graphs[i].n = (unsigned long long)g[i].n;
      s->ngraphs = i + 1;
      kg_term t;
      if (!g[i].g) continue;
      if (!dict_term(st->dict, g[i].g, &t) ||
          !(s->graphs[i].iri = strndup(t.value, t.len)))
        rc = kg_err(err, KG_ERR_NOMEM, "out of memory");
    }
    /* the named graphs by name, after the default graph */
    if (rc == KG_OK && s->ngraphs > 2)
      qsort(s->graphs + 1, s->ngraphs - 1, sizeof *s->graphs, by_iri);
  }
  free(pc);
  free(cc);
  free(g);
  if (rc != KG_OK) {
    kg_stats_free(s);
    return rc;
  }
  *out = s;
  return KG_OK;
}

static void free_counts(kg_count *c, size_t n) {
  for (size_t i = 0; c && i < n; i++) free(c[i].iri);
  free(c);
}

void kg_stats_free(kg_stats *s) {
  if (!s) return;
  free_counts(s->graphs, s->ngraphs);
  free_counts(s->top_predicates, s->npredicates);
  free_counts(s->top_classes, s->nclasses);
  free(s);
}

kg_status kg_store_stats(kg_store *st, size_t top, kg_stats **out,
                         kg_error *err) {
  if (st->remote) return st->remote->stats(st, top, out, err);
  kg_status s = store_call(st, err);
  if (s == KG_OK) s = store_stats(st, top, out, err);
  store_leave(st);
  return s;
}
