/* rdf_pull.c - a document's statements read as it arrives, with serd's
 * incremental reader (serd_reader_read_chunk: one top-level description
 * at a time) fed from a kg_pull_fn. serd's environment expands prefixed
 * names and resolves IRIs against the base; load_serd.c, which loads
 * files into a store, does more (its own IRI resolution, NUL checks,
 * places in characters) for input that a person wrote. */
#include "io/rdf_pull.h"

#include <serd/serd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "grow.h"

enum { PAGE = 4096 }; /* bytes serd asks for at a time */

struct rdf_pull {
  kg_pull_fn pull;
  void *ctx;
  strbuf got; /* pulled, not yet handed to serd from `at` */
  size_t at;
  int ended, failed; /* the source's end, or its failure (src_err) */
  long lines;        /* line ends handed to serd */
  int open_line;     /* the last byte handed was not a line end */
  kg_error src_err;
  SerdReader *rd;
  SerdEnv *env;
  char *name;
  arena *a;   /* the strings of the statements queued */
  kg_quad *q; /* statements of the last chunk, from `next` */
  size_t nq, capq, next;
  int done;
  kg_status status; /* a statement the sink could not take */
  kg_error err;
};

/* The kg_load syntax of each media type a server answers a CONSTRUCT
 * with. N-Triples is read by the Turtle parser (it is Turtle; some
 * servers' N-Triples are only Turtle, and raptor 2.0.15's N-Triples
 * parser leaks a datatype IRI per typed literal). */
static const struct {
  const char *type, *syntax;
} types[] = {
    {"application/n-triples", "turtle"}, {"text/plain", "turtle"},
    {"text/turtle", "turtle"},           {"application/x-turtle", "turtle"},
    {"application/rdf+xml", "rdfxml"},   {"application/n-quads", "nquads"},
    {"application/trig", "trig"},        {"application/ld+json", "jsonld"},
    {"text/rdf+n3", "turtle"},           {"text/n3", "turtle"},
};

const char *rdf_media_syntax(const char *media_type) {
  if (!media_type) return NULL;
  size_t n = strcspn(media_type, "; ");
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (strlen(types[i].type) == n &&
        !strncasecmp(media_type, types[i].type, n))
      return types[i].syntax;
  return NULL;
}

/* serd's incremental reader reads N3-style statements only: N-Quads and
 * TriG (and RDF/XML, JSON-LD) answers are read whole (remote/query.c). */
const char *rdf_pull_syntax(const char *media_type) {
  const char *sx = rdf_media_syntax(media_type);
  return sx && !strcmp(sx, "turtle") ? sx : NULL;
}

/* ----------------------------------------------------------- the source */

/* serd takes a short page for the end of the input (it puts a NUL after
 * it), so every page is full but the last (or the one before a failure:
 * its statements go out, then the failure). */
static size_t src_read(void *buf, size_t size, size_t nmemb, void *stream) {
  rdf_pull *p = stream;
  size_t want = size * nmemb;
  while (p->got.len - p->at < want && !p->ended && !p->failed) {
    if (p->at) { /* drop what serd has */
      memmove(p->got.data, p->got.data + p->at, p->got.len - p->at);
      p->got.len -= p->at;
      p->at = 0;
    }
    int rc = p->pull(p->ctx, &p->got, &p->src_err);
    if (rc < 0 || p->got.oom)
      p->failed = 1;
    else if (rc == 0)
      p->ended = 1;
  }
  size_t n = p->got.len - p->at;
  if (n > want) n = want;
  if (!n) return 0;
  memcpy(buf, p->got.data + p->at, n);
  for (size_t i = 0; i < n; i++) p->lines += p->got.data[p->at + i] == '\n';
  p->open_line = p->got.data[p->at + n - 1] != '\n';
  p->at += n;
  return n;
}

static int src_error(void *stream) { return ((rdf_pull *)stream)->failed; }

/* ------------------------------------------------------------ the sinks */

static kg_status nomem(rdf_pull *p) {
  return p->status = kg_err(&p->err, KG_ERR_NOMEM, "out of memory");
}

/* An IRI (or prefixed name) made absolute, into the arena. */
static int iri_of(rdf_pull *p, const SerdNode *n, kg_term *t) {
  SerdNode e = serd_env_expand_node(p->env, n);
  if (!e.buf) {
    p->status = kg_err(&p->err, KG_ERR_SYNTAX,
                       "%s: the prefix of '%.*s' "
                       "is not declared",
                       p->name, (int)n->n_bytes, (const char *)n->buf);
    return -1;
  }
  t->kind = KG_TERM_IRI;
  t->value = arena_strndup(p->a, (const char *)e.buf, e.n_bytes);
  t->len = e.n_bytes;
  serd_node_free(&e);
  return t->value ? 0 : (nomem(p), -1);
}

static int term_of(rdf_pull *p, const SerdNode *n, const SerdNode *dt,
                   const SerdNode *lang, kg_term *t) {
  *t = (kg_term){.kind = KG_TERM_NONE};
  if (!n) return 0;
  if (n->type == SERD_URI || n->type == SERD_CURIE) return iri_of(p, n, t);
  t->kind = n->type == SERD_BLANK ? KG_TERM_BLANK : KG_TERM_LITERAL;
  t->value = arena_strndup(p->a, (const char *)n->buf, n->n_bytes);
  t->len = n->n_bytes;
  if (!t->value) return nomem(p), -1;
  if (lang && lang->n_bytes) {
    char *l = arena_strndup(p->a, (const char *)lang->buf, lang->n_bytes);
    if (!l) return nomem(p), -1;
    for (char *c = l; *c; c++) /* kg_term languages are lowercase */
      if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    t->lang = l;
  } else if (dt) {
    kg_term d;
    if (iri_of(p, dt, &d) < 0) return -1;
    /* RDF 1.1: "x"^^xsd:string is the simple literal "x" */
    if (strcmp(d.value, KG_XSD_STRING)) t->datatype = d.value;
  }
  return 0;
}

static SerdStatus on_statement(void *handle, SerdStatementFlags flags,
                               const SerdNode *graph, const SerdNode *s,
                               const SerdNode *pr, const SerdNode *o,
                               const SerdNode *dt, const SerdNode *lang) {
  (void)flags;
  rdf_pull *p = handle;
  if (!grow(&p->q, &p->capq, p->nq + 1, sizeof *p->q, 16))
    return nomem(p), SERD_ERR_UNKNOWN;
  kg_quad *q = &p->q[p->nq];
  if (term_of(p, s, NULL, NULL, &q->s) || term_of(p, pr, NULL, NULL, &q->p) ||
      term_of(p, o, dt, lang, &q->o) || term_of(p, graph, NULL, NULL, &q->g))
    return SERD_ERR_UNKNOWN;
  p->nq++;
  return SERD_SUCCESS;
}

static SerdStatus on_base(void *handle, const SerdNode *uri) {
  return serd_env_set_base_uri(((rdf_pull *)handle)->env, uri);
}

static SerdStatus on_prefix(void *handle, const SerdNode *name,
                            const SerdNode *uri) {
  return serd_env_set_prefix(((rdf_pull *)handle)->env, name, uri);
}

static SerdStatus on_error(void *handle, const SerdError *e) {
  rdf_pull *p = handle;
  if (p->status != KG_OK) return SERD_SUCCESS; /* the first error stands */
  char m[400];
  va_list ap;
  va_copy(ap, *e->args);
  vsnprintf(m, sizeof m, e->fmt, ap);
  va_end(ap);
  m[strcspn(m, "\n")] = '\0';
  p->status = kg_err_at(&p->err, KG_ERR_SYNTAX, p->name, (long)e->line,
                        (long)e->col + 1, "%s", m);
  return SERD_SUCCESS;
}

/* -------------------------------------------------------------- reading */

kg_status rdf_pull_open(const char *syntax, const char *base, const char *name,
                        kg_pull_fn pull, void *ctx, rdf_pull **out,
                        kg_error *err) {
  static const struct {
    const char *name;
    SerdSyntax syntax;
  } syntaxes[] = {{"ntriples", SERD_NTRIPLES},
                  {"nquads", SERD_NQUADS},
                  {"turtle", SERD_TURTLE},
                  {"trig", SERD_TRIG}};
  *out = NULL;
  SerdSyntax sx = SERD_TURTLE;
  for (size_t i = 0; i < sizeof syntaxes / sizeof *syntaxes; i++)
    if (!strcmp(syntax, syntaxes[i].name)) sx = syntaxes[i].syntax;
  rdf_pull *p = calloc(1, sizeof *p);
  if (!p) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  p->pull = pull;
  p->ctx = ctx;
  SerdNode b =
      serd_node_from_string(SERD_URI, (const uint8_t *)(base ? base : ""));
  p->env = serd_env_new(base ? &b : NULL);
  p->name = strdup(name ? name : "<answer>");
  p->a = arena_new();
  p->rd = serd_reader_new(sx, p, NULL, on_base, on_prefix, on_statement, NULL);
  if (!p->env || !p->name || !p->a || !p->rd) {
    rdf_pull_free(p);
    return kg_err(err, KG_ERR_NOMEM, "cannot start the %s parser", syntax);
  }
  serd_reader_set_strict(p->rd, true);
  serd_reader_set_error_sink(p->rd, on_error, p);
  if (serd_reader_start_source_stream(p->rd, src_read, src_error, p,
                                      (const uint8_t *)p->name, PAGE)) {
    rdf_pull_free(p);
    return kg_err(err, KG_ERR_NOMEM, "cannot start the %s parser", syntax);
  }
  *out = p;
  return KG_OK;
}

int rdf_pull_next(rdf_pull *p, kg_quad *q, kg_error *err) {
  while (p->next >= p->nq) {
    if (p->done) {
      if (p->failed && err)
        *err = p->src_err;
      else if (p->status != KG_OK && err)
        *err = p->err;
      return p->failed || p->status != KG_OK ? -1 : 0;
    }
    p->nq = p->next = 0;
    arena_reset(p->a);
    SerdStatus ss = serd_reader_read_chunk(p->rd);
    if (ss > SERD_FAILURE && !p->failed && p->status == KG_OK)
      p->status = kg_err(&p->err, KG_ERR_SYNTAX, "%s: %s", p->name,
                         (const char *)serd_strerror(ss));
    /* an error on the unfinished last line: the document was cut */
    if (p->status == KG_ERR_SYNTAX && p->ended && p->open_line &&
        p->err.line == p->lines + 1)
      kg_err_at(&p->err, KG_ERR_SYNTAX, p->name, p->err.line, p->err.column,
                "the document ends in the middle of a statement");
    /* the end, or an error: the chunk's statements still go out first */
    if (ss != SERD_SUCCESS || p->failed || p->status != KG_OK) p->done = 1;
  }
  *q = p->q[p->next++];
  return 1;
}

void rdf_pull_free(rdf_pull *p) {
  if (!p) return;
  if (p->rd) {
    serd_reader_end_stream(p->rd);
    serd_reader_free(p->rd);
  }
  if (p->env) serd_env_free(p->env);
  arena_free(p->a);
  strbuf_free(&p->got);
  free(p->q);
  free(p->name);
  free(p);
}
