/* results_write.c - writing a kg_result: kg_results_write feeds SELECT and
 * ASK results to the result-set writers as a row source; kg_result_write
 * also writes CONSTRUCT and DESCRIBE statements through io/rdfwrite, or
 * draws them (graph/draw). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "grow.h"
#include "io/rdfwrite.h"
#include "results/results.h"

static const char *res_column(void *ctx, size_t i) {
  return kg_result_column(ctx, i);
}

static int res_next(void *ctx, kg_error *err) {
  return kg_result_next(ctx, err);
}

static const kg_term *res_value(void *ctx, size_t col) {
  return kg_result_value(ctx, col);
}

kg_status kg_results_write(kg_result *r, const char *format, FILE *out,
                           kg_error *err) {
  kg_result_type kind = kg_result_kind(r);
  if (kind != KG_RESULT_BINDINGS && kind != KG_RESULT_BOOLEAN) {
    if (err) {
      memset(err, 0, sizeof *err);
      err->status = KG_ERR_ARG;
      snprintf(err->message, sizeof err->message,
               "only SELECT and ASK results can be written as a result set");
    }
    return KG_ERR_ARG;
  }
  kg_rowsrc src = {
    .ctx = r,
    .is_boolean = kind == KG_RESULT_BOOLEAN,
    .boolean = kind == KG_RESULT_BOOLEAN ? kg_result_boolean(r) : 0,
    .ncols = kind == KG_RESULT_BINDINGS ? kg_result_columns(r) : 0,
    .column = res_column,
    .next = res_next,
    .value = res_value,
  };
  return kg_rows_write(&src, format, out, err);
}

/* ------------------------------------------------------------- graphs */

typedef struct collected {
  kg_quad *q;
  size_t n, cap, i;
  arena *arena;
} collected;

static int collected_next(void *ctx, kg_quad *q, kg_error *err) {
  (void)err;
  collected *c = ctx;
  if (c->i >= c->n) return 0;
  *q = c->q[c->i++];
  return 1;
}

static int result_quad(void *ctx, kg_quad *q, kg_error *err) {
  kg_result *r = ctx;
  int rc = kg_result_next(r, err);
  if (rc > 0) *q = *kg_result_quad(r);
  return rc;
}

static kg_term copy_term(arena *a, const kg_term *t) {
  kg_term c = *t;
  c.value = arena_strndup(a, t->value ? t->value : "", t->len);
  if (t->lang) c.lang = arena_strdup(a, t->lang);
  if (t->datatype) c.datatype = arena_strdup(a, t->datatype);
  return c;
}

/* Names of the registry prefixes that shorten some IRI of the quads. */
static const char **used_prefixes(kg_store *st, collected *c) {
  size_t np = kg_prefix_count(st), n = 0;
  const char **used = calloc(np + 1, sizeof *used);
  if (!used) return NULL;
  for (size_t i = 0; i < c->n; i++) {
    const kg_term *t[5] = {&c->q[i].s, &c->q[i].p, &c->q[i].o, &c->q[i].g,
                           NULL};
    kg_term dt;
    if (c->q[i].o.kind == KG_TERM_LITERAL && c->q[i].o.datatype) {
      dt = kg_iri(c->q[i].o.datatype);
      t[4] = &dt;
    }
    for (int k = 0; k < 5; k++) {
      if (!t[k] || t[k]->kind != KG_TERM_IRI) continue;
      char *s = kg_prefix_shrink(st, t[k]->value);
      if (!s) continue;
      char *colon = strchr(s, ':');
      if (colon) *colon = '\0';
      int have = 0;
      for (size_t u = 0; u < n && !have; u++) have = !strcmp(used[u], s);
      for (size_t p = 0; !have && p < np; p++) {
        const char *name, *iri;
        kg_prefix_at(st, p, &name, &iri);
        if (!strcmp(name, s)) used[n++] = name;
      }
      free(s);
    }
  }
  return used;
}

static kg_status result_write(kg_result *r, const char *format, FILE *out,
                              kg_store *st, kg_error *err) {
  kg_error_clear(err);
  if (kg_result_kind(r) != KG_RESULT_GRAPH) return kg_results_write(r, format, out, err);
  const kg_format_def *d = kg_format_lookup(format ? format : "turtle");
  if (d && d->draw) {
    kg_draw_options o = {.format = d->draw};
    return kg_draw_result(r, st, &o, out, NULL, err);
  }
  rdf_syntax f = d ? d->syntax : RDF_NONE;
  if (f == RDF_NONE)
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "'%s' is not a format for graphs (use turtle, ntriples, "
                  "nquads, trig, rdfxml, json for RDF/JSON, jsonld or "
                  "jsonld-expanded for JSON-LD, dot, svg or png)",
                  format);
  if (f != RDF_TURTLE && f != RDF_TRIG && f != RDF_JSONLD) {
    rdf_writer_opts o = {f, NULL, 1, NULL};
    return rdf_write(st, out, &o, result_quad, r, err);
  }
  /* Turtle, JSON-LD: gather the statements first to declare only the
   * prefixes they use */
  collected c = {0};
  c.arena = arena_new();
  kg_status s = c.arena ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
  int rc = 0;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0) {
    if (!grow(&c.q, &c.cap, c.n + 1, sizeof *c.q, 64)) {
      s = kg_err(err, KG_ERR_NOMEM, "out of memory");
      break;
    }
    const kg_quad *q = kg_result_quad(r);
    kg_quad *d = &c.q[c.n++];
    d->s = copy_term(c.arena, &q->s);
    d->p = copy_term(c.arena, &q->p);
    d->o = copy_term(c.arena, &q->o);
    d->g = copy_term(c.arena, &q->g);
  }
  if (s == KG_OK && rc < 0) s = err && err->status ? err->status : KG_ERR_EVAL;
  if (s == KG_OK) {
    const char **used = st ? used_prefixes(st, &c) : NULL;
    rdf_writer_opts o = {f, NULL, 0, used};
    s = rdf_write(st, out, &o, collected_next, &c, err);
    free(used);
  }
  free(c.q);
  arena_free(c.arena);
  return s;
}

/* The result's store lock is taken before the raptor world (the order
 * every call keeps). */
kg_status kg_result_write(kg_result *r, const char *format, FILE *out,
                          kg_store *st, kg_error *err) {
  kg_lock *l = r->lock;
  /* rows of a reader: its prefixes, under its lock, not the owner's */
  if (st && r->via && r->via->owner == st) st = r->via;
  if (l) lock_enter(l);
  kg_status s = result_write(r, format, out, st, err);
  if (l) lock_leave(l);
  return s;
}
