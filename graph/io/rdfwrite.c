/* rdfwrite.c - Turtle/TriG/N-Triples/N-Quads writers of our own, JSON-LD
 * through io/jsonld, and the raptor serializers for RDF/XML, RDF/JSON and
 * GraphViz DOT. */
#include "io/rdfwrite.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "io/jsonld.h"
#include "strbuf.h"
#include "world.h"

int rdf_syntax_is_quads(rdf_syntax s) {
  return s == RDF_NQUADS || s == RDF_TRIG || s == RDF_JSONLD ||
         s == RDF_JSONLD_EXPANDED;
}

/* -------------------------------------------------------------- Turtle */

typedef struct tw {
  kg_store *st;
  FILE *out;
  strbuf b;
  int trig;
  /* what the current group is about */
  int open_graph, open_subject, have_pred, have_g;
  kg_term g, s, p;          /* copies owned by the buffers below */
  strbuf gbuf, sbuf, pbuf;
} tw;

/* Turtle's number and boolean shorthands, when the lexical form fits. */
static int bare_literal(const kg_term *t) {
  if (!t->datatype || t->lang) return 0;
  const char *d = t->datatype;
  if (strncmp(d, KG_XSD, strlen(KG_XSD))) return 0;
  d += strlen(KG_XSD);
  const char *v = t->value, *e = v + t->len;
  if (!strcmp(d, "boolean"))
    return (t->len == 4 && !memcmp(v, "true", 4)) ||
           (t->len == 5 && !memcmp(v, "false", 5));
  int integer = !strcmp(d, "integer"), decimal = !strcmp(d, "decimal"),
      dbl = !strcmp(d, "double");
  if (!integer && !decimal && !dbl) return 0;
  if (v < e && (*v == '+' || *v == '-')) v++;
  size_t digits = 0, frac = 0;
  while (v < e && isdigit((unsigned char)*v)) v++, digits++;
  if (integer) return digits && v == e;
  if (v < e && *v == '.') {
    v++;
    while (v < e && isdigit((unsigned char)*v)) v++, frac++;
  }
  if (decimal) return frac && v == e;
  if (!digits && !frac) return 0;
  if (v == e || (*v != 'e' && *v != 'E')) return 0;
  v++;
  if (v < e && (*v == '+' || *v == '-')) v++;
  size_t ed = 0;
  while (v < e && isdigit((unsigned char)*v)) v++, ed++;
  return ed && v == e;
}

static void put_iri(tw *w, const char *iri, size_t len) {
  char *short_ = NULL;
  if (w->st && !memchr(iri, 0, len)) short_ = kg_prefix_shrink(w->st, iri);
  if (short_) {
    strbuf_puts(&w->b, short_);
    free(short_);
    return;
  }
  strbuf_putc(&w->b, '<');
  kg_nt_escape(&w->b, iri, len, 1);
  strbuf_putc(&w->b, '>');
}

static void put_term(tw *w, const kg_term *t) {
  switch (t->kind) {
  case KG_TERM_IRI:
    put_iri(w, t->value, t->len);
    break;
  case KG_TERM_BLANK:
    strbuf_puts(&w->b, "_:");
    strbuf_append(&w->b, t->value, t->len);
    break;
  case KG_TERM_LITERAL:
    if (bare_literal(t)) {
      strbuf_append(&w->b, t->value, t->len);
      break;
    }
    strbuf_putc(&w->b, '"');
    kg_nt_escape(&w->b, t->value, t->len, 0);
    strbuf_putc(&w->b, '"');
    if (t->lang) {
      strbuf_putc(&w->b, '@');
      strbuf_puts(&w->b, t->lang);
    } else if (t->datatype) {
      strbuf_puts(&w->b, "^^");
      put_iri(w, t->datatype, strlen(t->datatype));
    }
    break;
  default:
    break;
  }
}

/* Keeps a copy of a term whose strings outlive the source's next(). */
static void keep(strbuf *buf, const kg_term *src, kg_term *dst) {
  strbuf_clear(buf);
  size_t extra = src->lang ? strlen(src->lang) : src->datatype
                                                     ? strlen(src->datatype)
                                                     : 0;
  strbuf_append(buf, src->value ? src->value : "", src->len);
  strbuf_putc(buf, '\0');
  if (src->lang) strbuf_puts(buf, src->lang);
  else if (src->datatype) strbuf_puts(buf, src->datatype);
  *dst = *src;
  dst->value = buf->data;
  const char *x = buf->data + src->len + 1;
  dst->lang = src->lang ? x : NULL;
  dst->datatype = src->lang ? NULL : src->datatype ? x : NULL;
  (void)extra;
}

static int flush(tw *w) {
  if (w->b.oom) return -1;
  if (w->b.len && fwrite(w->b.data, 1, w->b.len, w->out) != w->b.len)
    return -1;
  strbuf_clear(&w->b);
  return 0;
}

static void close_subject(tw *w) {
  if (!w->open_subject) return;
  strbuf_puts(&w->b, " .\n");
  w->open_subject = 0;
  w->have_pred = 0;
}

static void close_graph(tw *w) {
  close_subject(w);
  if (w->open_graph) strbuf_puts(&w->b, "}\n");
  w->open_graph = 0;
}

static void turtle_stmt(tw *w, const kg_quad *q) {
  const char *ind = w->trig && w->g.kind ? "    " : "  ";
  if (w->trig) {
    int same_g = w->have_g && q->g.kind == w->g.kind &&
                 (!q->g.kind || kg_term_equal(&q->g, &w->g));
    if (!same_g) {
      close_graph(w);
      if (q->g.kind) {
        strbuf_putc(&w->b, '\n');
        put_term(w, &q->g);
        strbuf_puts(&w->b, " {");
        w->open_graph = 1;
        keep(&w->gbuf, &q->g, &w->g);
      } else {
        memset(&w->g, 0, sizeof w->g);
      }
      w->have_g = 1;
    }
    ind = q->g.kind ? "    " : "  ";
  }
  if (w->open_subject && kg_term_equal(&q->s, &w->s)) {
    if (w->have_pred && kg_term_equal(&q->p, &w->p)) {
      strbuf_puts(&w->b, ", ");
      put_term(w, &q->o);
      return;
    }
    strbuf_puts(&w->b, " ;\n");
    strbuf_puts(&w->b, ind);
  } else {
    close_subject(w);
    strbuf_putc(&w->b, '\n');
    if (w->trig && q->g.kind) strbuf_puts(&w->b, "  ");
    put_term(w, &q->s);
    strbuf_putc(&w->b, '\n');
    strbuf_puts(&w->b, ind);
    w->open_subject = 1;
    keep(&w->sbuf, &q->s, &w->s);
  }
  if (q->p.kind == KG_TERM_IRI && q->p.len == strlen(KG_RDF_TYPE) &&
      !memcmp(q->p.value, KG_RDF_TYPE, q->p.len))
    strbuf_putc(&w->b, 'a');
  else
    put_term(w, &q->p);
  strbuf_putc(&w->b, ' ');
  put_term(w, &q->o);
  w->have_pred = 1;
  keep(&w->pbuf, &q->p, &w->p);
}

/* 1 if the registry prefix `name` is to be declared. */
static int wants_prefix(const rdf_writer_opts *o, const char *name) {
  int want = o->all_prefixes;
  for (size_t u = 0; !want && o->used && o->used[u]; u++)
    want = !strcmp(o->used[u], name);
  return want;
}

static void prefixes(tw *w, const rdf_writer_opts *o) {
  if (!w->st) return;
  if (o->base) strbuf_printf(&w->b, "@base <%s> .\n", o->base);
  size_t n = kg_prefix_count(w->st);
  for (size_t i = 0; i < n; i++) {
    const char *name, *iri;
    kg_prefix_at(w->st, i, &name, &iri);
    if (wants_prefix(o, name))
      strbuf_printf(&w->b, "@prefix %s: <%s> .\n", name, iri);
  }
}

static kg_status write_turtle(kg_store *st, FILE *out,
                              const rdf_writer_opts *o, int trig,
                              quad_source src, void *ctx, kg_error *err) {
  tw w = {0};
  w.st = st;
  w.out = out;
  w.trig = trig;
  prefixes(&w, o);
  kg_status rc = KG_OK;
  kg_quad q;
  int r;
  while ((r = src(ctx, &q, err)) > 0) {
    if (!trig) memset(&q.g, 0, sizeof q.g);
    turtle_stmt(&w, &q);
    if (w.b.len > 65536 && flush(&w) < 0) break;
  }
  if (r < 0) rc = err && err->status ? err->status : KG_ERR_IO;
  close_graph(&w);
  if (flush(&w) < 0 || fflush(out) != 0)
    rc = rc != KG_OK ? rc : kg_err(err, KG_ERR_IO, "cannot write the output");
  strbuf_free(&w.b);
  strbuf_free(&w.gbuf);
  strbuf_free(&w.sbuf);
  strbuf_free(&w.pbuf);
  return rc;
}

static kg_status write_lines(FILE *out, int quads, quad_source src,
                             void *ctx, kg_error *err) {
  strbuf b = {0};
  kg_quad q;
  int r;
  kg_status rc = KG_OK;
  while ((r = src(ctx, &q, err)) > 0) {
    kg_term_write_nt(&b, &q.s);
    strbuf_putc(&b, ' ');
    kg_term_write_nt(&b, &q.p);
    strbuf_putc(&b, ' ');
    kg_term_write_nt(&b, &q.o);
    if (quads && q.g.kind) {
      strbuf_putc(&b, ' ');
      kg_term_write_nt(&b, &q.g);
    }
    strbuf_puts(&b, " .\n");
    if (b.len > 65536) {
      if (fwrite(b.data, 1, b.len, out) != b.len) break;
      strbuf_clear(&b);
    }
  }
  if (r < 0) rc = err && err->status ? err->status : KG_ERR_IO;
  if ((b.len && fwrite(b.data, 1, b.len, out) != b.len) || b.oom ||
      fflush(out) != 0)
    rc = rc != KG_OK ? rc : kg_err(err, KG_ERR_IO, "cannot write the output");
  strbuf_free(&b);
  return rc;
}

/* -------------------------------------------------------------- raptor */

static raptor_term *rterm(const kg_term *t) {
  raptor_world *w = kg_world();
  switch (t->kind) {
  case KG_TERM_IRI:
    return raptor_new_term_from_counted_uri_string(
        w, (const unsigned char *)t->value, t->len);
  case KG_TERM_BLANK:
    return raptor_new_term_from_counted_blank(
        w, (const unsigned char *)t->value, t->len);
  case KG_TERM_LITERAL: {
    raptor_uri *dt = t->datatype
        ? raptor_new_uri(w, (const unsigned char *)t->datatype) : NULL;
    raptor_term *r = raptor_new_term_from_counted_literal(
        w, (const unsigned char *)t->value, t->len, dt,
        (const unsigned char *)t->lang, t->lang ? (unsigned char)strlen(t->lang)
                                                : 0);
    if (dt) raptor_free_uri(dt);
    return r;
  }
  default:
    return NULL;
  }
}

static kg_status raptor_run(kg_store *st, FILE *out, const char *name,
                            const rdf_writer_opts *o, quad_source src,
                            void *ctx, kg_error *err) {
  raptor_world *w = kg_world();
  raptor_serializer *ser = raptor_new_serializer(w, name);
  if (!ser) return kg_err(err, KG_ERR_UNSUPPORTED, "no %s writer", name);
  raptor_uri *base = o->base ? raptor_new_uri(w, (const unsigned char *)o->base)
                             : NULL;
  kg_world_capture(err, "<output>");
  raptor_serializer_start_to_file_handle(ser, base, out);
  for (size_t i = 0; st && name[0] != 'd' && i < kg_prefix_count(st); i++) {
    const char *pn, *iri;
    kg_prefix_at(st, i, &pn, &iri);
    if (!*pn) continue;
    raptor_uri *u = raptor_new_uri(w, (const unsigned char *)iri);
    if (u) {
      raptor_serializer_set_namespace(ser, u, (const unsigned char *)pn);
      raptor_free_uri(u);
    }
  }
  kg_status rc = KG_OK;
  kg_quad q;
  int r;
  while ((r = src(ctx, &q, err)) > 0) {
    raptor_statement *s = raptor_new_statement_from_nodes(
        w, rterm(&q.s), rterm(&q.p), rterm(&q.o), NULL);
    if (!s || raptor_serializer_serialize_statement(ser, s)) {
      if (s) raptor_free_statement(s);
      rc = kg_err(err, KG_ERR_IO, "cannot write a statement as %s", name);
      break;
    }
    raptor_free_statement(s);
  }
  if (r < 0 && rc == KG_OK) rc = err && err->status ? err->status : KG_ERR_IO;
  raptor_serializer_serialize_end(ser);
  raptor_free_serializer(ser);
  if (base) raptor_free_uri(base);
  int failed = kg_world_failed();
  kg_world_capture(NULL, NULL);
  if (rc == KG_OK && failed) {
    /* the serializer refused a statement (an RDF/XML predicate that is
     * no XML name...); its message is in err, under a syntax status */
    rc = KG_ERR_UNSUPPORTED;
    if (err) err->status = rc;
  }
  if (rc == KG_OK && fflush(out) != 0)
    rc = kg_err(err, KG_ERR_IO, "cannot write the output");
  return rc;
}

/* Raptor's writers hold the raptor world while they write. */
static kg_status write_raptor(kg_store *st, FILE *out, const char *name,
                              const rdf_writer_opts *o, quad_source src,
                              void *ctx, kg_error *err) {
  TRY(kg_world_start(err));
  kg_world_enter();
  kg_status s = raptor_run(st, out, name, o, src, ctx, err);
  kg_world_leave();
  return s;
}

/* ------------------------------------------------------------- JSON-LD */

/* The writer holds every statement (compaction needs all of a node's
 * values) and writes a top-level node at a time. */
static kg_status write_jsonld(kg_store *st, FILE *out, const rdf_writer_opts *o,
                              int expanded, quad_source src, void *ctx,
                              kg_error *err) {
  jld_options jo = jld_options_default();
  jo.base = o->base;
  jld_writer *w = jld_writer_new(&jo);
  size_t np = st ? kg_prefix_count(st) : 0, n = 0;
  jld_prefix *p = calloc(np + 1, sizeof *p);
  if (!w || !p) {
    jld_writer_free(w);
    free(p);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  for (size_t i = 0; i < np; i++) {
    kg_prefix_at(st, i, &p[n].name, &p[n].iri);
    if (wants_prefix(o, p[n].name)) n++;
  }
  kg_status s = KG_OK;
  kg_quad q;
  int rc;
  while (s == KG_OK && (rc = src(ctx, &q, err)) > 0) s = jld_writer_add(w, &q, err);
  if (s == KG_OK && rc < 0) s = err && err->status ? err->status : KG_ERR_EVAL;
  if (s == KG_OK) s = jld_writer_finish(w, p, n, expanded, NULL, out, err);
  jld_writer_free(w);
  free(p);
  return s;
}

kg_status rdf_write(kg_store *st, FILE *out, const rdf_writer_opts *o,
                    quad_source src, void *ctx, kg_error *err) {
  switch (o->syntax) {
  case RDF_TURTLE: return write_turtle(st, out, o, 0, src, ctx, err);
  case RDF_TRIG: return write_turtle(st, out, o, 1, src, ctx, err);
  case RDF_NTRIPLES: return write_lines(out, 0, src, ctx, err);
  case RDF_NQUADS: return write_lines(out, 1, src, ctx, err);
  case RDF_XML: return write_raptor(st, out, "rdfxml-abbrev", o, src, ctx, err);
  case RDF_JSON: return write_raptor(st, out, "json", o, src, ctx, err);
  case RDF_DOT: return write_raptor(st, out, "dot", o, src, ctx, err);
  case RDF_JSONLD: return write_jsonld(st, out, o, 0, src, ctx, err);
  case RDF_JSONLD_EXPANDED: return write_jsonld(st, out, o, 1, src, ctx, err);
  case RDF_NONE: break;
  }
  return kg_err(err, KG_ERR_UNSUPPORTED, "no RDF syntax to write");
}
