/* info.c - what the shell asks a store about itself (size, statistics,
 * graphs, statement patterns, names to complete), asked a server as
 * SELECT queries whose answers the session keeps until an update. */
#include <stdlib.h>
#include <string.h>

#include "remote/remote.h"

/* The number in the first cell of a one-row answer, or -1. */
static long long first_number(const sp_table *t) {
  if (t->nrows < 1 || t->ncols < 1) return -1;
  const kg_term *c = sp_table_cell(t, 0, 0);
  return c->kind == KG_TERM_LITERAL ? atoll(c->value) : -1;
}

static kg_status count(kg_store *st, const char *sparql, long long *n,
                       kg_error *err) {
  const sp_table *t;
  TRY(remote_select(st, sparql, &t, err));
  *n = first_number(t);
  if (*n < 0)
    return kg_err(err, KG_ERR_NET, "the server did not count: no number "
                                   "in its answer to %s", sparql);
  return KG_OK;
}

long long remote_size(kg_store *st) {
  long long n;
  kg_error e;
  return count(st, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", &n, &e)
             ? -1 : n;
}

/* A table's rows of (IRI, count) as kg_counts, blank or literal cells
 * left out. */
static kg_status counts(const sp_table *t, kg_count **out, size_t *n,
                        kg_error *err) {
  *n = 0;
  *out = calloc(t->nrows + 1, sizeof **out);
  if (!*out) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t r = 0; r < t->nrows && t->ncols >= 2; r++) {
    const kg_term *iri = sp_table_cell(t, r, 0), *k = sp_table_cell(t, r, 1);
    if (iri->kind != KG_TERM_IRI || k->kind != KG_TERM_LITERAL) continue;
    kg_count *c = &(*out)[(*n)++];
    c->n = strtoull(k->value, NULL, 10);
    if (!(c->iri = strndup(iri->value, iri->len)))
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  return KG_OK;
}

static const char graphs_query[] =
    "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } "
    "} GROUP BY ?graph ORDER BY ?graph";

static kg_status stats_fill(kg_store *st, size_t top, kg_stats *s,
                            kg_error *err) {
  /* what queries see: the server's default graph (for kgsh serve and
   * Virtuoso, every graph) */
  static const struct {
    size_t off;
    const char *q;
  } sizes[] = {
      {offsetof(kg_stats, triples),
       "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
      {offsetof(kg_stats, subjects),
       "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"},
      {offsetof(kg_stats, predicates),
       "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"},
      {offsetof(kg_stats, objects),
       "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"},
      {offsetof(kg_stats, classes),
       "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"},
      {offsetof(kg_stats, terms),
       "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { { ?t ?p ?o } UNION "
       "{ ?s ?t ?o } UNION { ?s ?p ?t } }"},
  };
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    long long n;
    TRY(count(st, sizes[i].q, &n, err));
    *(unsigned long long *)((char *)s + sizes[i].off) = (unsigned long long)n;
  }
  s->distinct_triples = s->triples;
  const sp_table *t;
  TRY(remote_select(st, graphs_query, &t, err));
  TRY(counts(t, &s->graphs, &s->ngraphs, err));
  char q[256];
  snprintf(q, sizeof q, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } "
                        "GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT %zu", top);
  TRY(remote_select(st, q, &t, err));
  TRY(counts(t, &s->top_predicates, &s->npredicates, err));
  snprintf(q, sizeof q, "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } "
                        "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT %zu", top);
  TRY(remote_select(st, q, &t, err));
  return counts(t, &s->top_classes, &s->nclasses, err);
}

kg_status remote_stats(kg_store *st, size_t top, kg_stats **out,
                       kg_error *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_status s = stats_fill(st, top, *out, err);
  if (s != KG_OK) {
    kg_stats_free(*out);
    *out = NULL;
  }
  return s;
}

/* A copy of a cached answer, as a result of its own. */
static kg_status table_copy_result(kg_store *st, const sp_table *t,
                                   kg_result **out, kg_error *err) {
  sp_table *c = sp_table_new();
  int ok = c != NULL;
  for (size_t i = 0; ok && i < t->ncols; i++)
    ok = sp_table_add_column(c, t->cols[i], strlen(t->cols[i])) >= 0;
  for (size_t r = 0; ok && r < t->nrows; r++) {
    kg_term *row = sp_table_add_row(c);
    for (size_t i = 0; row && ok && i < t->ncols; i++)
      ok = sp_table_set(c, &row[i], sp_table_cell(t, r, i)) == 0;
    ok = ok && row;
  }
  *out = ok ? remote_table_result(st, c) : NULL;
  if (!ok) sp_table_free(c);
  return *out ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
}

kg_status remote_graphs(kg_store *st, kg_result **out, kg_error *err) {
  const sp_table *t;
  TRY(remote_select(st, graphs_query, &t, err));
  return table_copy_result(st, t, out, err);
}

kg_status remote_iris(kg_store *st, const char *prefix, int role,
                      size_t max, kg_iri_fn fn, void *ctx, kg_error *err) {
  static const char *const patterns[] = {
      [KG_ROLE_ANY] = "{ ?i ?p ?o }",
      [KG_ROLE_PREDICATE] = "{ ?s ?i ?o }",
      [KG_ROLE_CLASS] = "{ ?s a ?i }",
  };
  if (role < KG_ROLE_ANY || role > KG_ROLE_CLASS) role = KG_ROLE_ANY;
  strbuf q = {0};
  strbuf_printf(&q, "SELECT DISTINCT ?i WHERE { %s FILTER(isIRI(?i) && "
                    "STRSTARTS(STR(?i), ", patterns[role]);
  kg_term p = kg_literal(prefix ? prefix : "", NULL, NULL);
  p.len = strlen(p.value);
  kg_term_write_nt(&q, &p);
  strbuf_printf(&q, ")) } ORDER BY ?i LIMIT %zu", max);
  if (q.oom) {
    strbuf_free(&q);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  const sp_table *t;
  kg_status s = remote_select(st, q.data, &t, err);
  strbuf_free(&q);
  for (size_t r = 0; s == KG_OK && r < t->nrows && t->ncols; r++) {
    const kg_term *c = sp_table_cell(t, r, 0);
    if (c->kind == KG_TERM_IRI && fn(ctx, c->value, c->len)) break;
  }
  return s;
}

/* ------------------------------------------------------- patterns */

typedef struct quad_src {
  kg_result *rows;  /* ?s ?p ?o ?g */
} quad_src;

static int quad_next(kg_result *r, void *src, kg_error *err) {
  quad_src *qs = src;
  int rc = kg_result_next(qs->rows, err);
  if (rc <= 0) return rc;
  kg_term *q[4] = {&r->quad.s, &r->quad.p, &r->quad.o, &r->quad.g};
  for (size_t i = 0; i < 4; i++) *q[i] = *kg_result_value(qs->rows, i);
  return 1;
}

static void quad_free(void *src) {
  quad_src *qs = src;
  if (!qs) return;
  kg_result_free(qs->rows);
  free(qs);
}

/* A pattern's place: the term, or the variable when it is a wildcard. */
static void slot(strbuf *b, const kg_term *t, const char *var) {
  if (t && t->kind) kg_term_write_nt(b, t);
  else strbuf_puts(b, var);
  strbuf_putc(b, ' ');
}

kg_status remote_find(kg_store *st, const kg_term *s, const kg_term *p,
                      const kg_term *o, const kg_term *g, kg_result **out,
                      kg_error *err) {
  *out = NULL;
  strbuf q = {0}, pat = {0};
  slot(&pat, s, "?s");
  slot(&pat, p, "?p");
  slot(&pat, o, "?o");
  const kg_term *in[3] = {s, p, o};
  static const char *const vars[3] = {"?s", "?p", "?o"};
  strbuf_puts(&q, "SELECT ?s ?p ?o ?g WHERE { ");
  if (g && g->kind) {
    strbuf_puts(&q, "GRAPH ");
    kg_term_write_nt(&q, g);
    strbuf_printf(&q, " { %s} BIND(", pat.data);
    kg_term_write_nt(&q, g);
    strbuf_puts(&q, " AS ?g)");
  } else {
    strbuf_printf(&q, "GRAPH ?g { %s}", pat.data);
  }
  /* the given terms fill their columns too */
  for (size_t i = 0; i < 3; i++)
    if (in[i] && in[i]->kind) {
      strbuf_puts(&q, " BIND(");
      kg_term_write_nt(&q, in[i]);
      strbuf_printf(&q, " AS %s)", vars[i]);
    }
  strbuf_puts(&q, " }");
  strbuf_free(&pat);
  quad_src *qs = calloc(1, sizeof *qs);
  kg_query_options o0 = {.declare_prefixes = 0};
  kg_status rc = q.oom || !qs ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                              : remote_query(st, q.data, &o0, &qs->rows, err);
  strbuf_free(&q);
  kg_result *r = rc == KG_OK ? result_new(KG_RESULT_GRAPH, st, NULL, 0) : NULL;
  if (rc == KG_OK && !r) rc = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (rc != KG_OK) {
    quad_free(qs);
    return rc;
  }
  result_set_source(r, quad_next, quad_free, qs);
  *out = r;
  return KG_OK;
}

kg_status remote_change(kg_store *st, const kg_quad *q, int add,
                        int *changed, kg_error *err) {
  strbuf u = {0};
  strbuf_puts(&u, add ? "INSERT DATA { " : "DELETE DATA { ");
  if (q->g.kind) {
    strbuf_puts(&u, "GRAPH ");
    kg_term_write_nt(&u, &q->g);
    strbuf_puts(&u, " { ");
  }
  const kg_term *t[3] = {&q->s, &q->p, &q->o};
  for (size_t i = 0; i < 3; i++) {
    kg_term_write_nt(&u, t[i]);
    strbuf_putc(&u, ' ');
  }
  strbuf_puts(&u, q->g.kind ? ". } }" : ". }");
  kg_status s = u.oom ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                      : remote_update(st, u.data, err);
  strbuf_free(&u);
  /* the protocol does not say whether it was new */
  if (changed) *changed = s == KG_OK;
  return s;
}
