/* transfer.c - RDF files into a server's store and back out. A file is
 * parsed here first (a bad file is refused before anything is sent, with
 * its place), into a memory store; its graphs then go to the Graph Store
 * Protocol, or for a server without one as INSERT DATA, in batches (see
 * `batch`). Exports read the
 * statements back (the Graph Store Protocol for the default graph, a
 * SELECT for named ones) and write them with kgsh's own writers. */
#include <stdlib.h>
#include <string.h>

#include "io/http.h"
#include "remote/remote.h"

enum {
  BATCH = 500,         /* statements of one INSERT DATA */
  TRANSFER_MS = 3600000
};

/* The memory store a file is read into or an export gathered in. */
static kg_status scratch(kg_store **mem, kg_error *err) {
  return store_open("memory:", KG_OPEN_CREATE, mem, err);
}

/* "URL?graph=IRI" or "URL?default" (or '&' when URL has a query). */
static void gsp_url(strbuf *b, const char *url, const kg_term *g) {
  strbuf_puts(b, url);
  strbuf_putc(b, strchr(url, '?') ? '&' : '?');
  if (g && g->kind == KG_TERM_IRI) {
    strbuf_puts(b, "graph=");
    char *iri = strndup(g->value, g->len);
    if (iri) http_urlencode(b, iri);
    else b->oom = 1;
    free(iri);
  } else {
    strbuf_puts(b, "default");
  }
}

/* A request under construction: statements of one graph at a time,
 * POSTed to the Graph Store Protocol as N-Triples (labelled Turtle,
 * which it is: raptor 2.0.15's N-Triples parser, kgsh serve's included,
 * leaks a datatype IRI per typed literal) in batches of GSP_BATCH (under
 * kgsh serve's 16 MB body limit), or without a store URL as INSERT DATA
 * in batches of BATCH (Virtuoso turns each request into SQL and refuses
 * one past 10000 lines: docs/remote.md). Statements with blank nodes go
 * last, all in one request (INSERT { } WHERE { }, as Virtuoso refuses
 * blank nodes in INSERT DATA): a blank node is new in every request, so
 * a batch boundary would split one in two. */
typedef struct batch {
  strbuf u;
  const char *gsp;     /* the Graph Store URL, or NULL: updates */
  const kg_term *g;    /* the graph (kind NONE: the default graph) */
  size_t n;
  size_t max;          /* statements a request, or 0: one request */
  int blanks;          /* this pass takes the statements with blank nodes */
  unsigned long long sent;
  unsigned long long bytes;  /* the file's size, for the progress line */
} batch;

enum { GSP_BATCH = 50000 };

static int has_blank(const kg_quad *q) {
  return q->s.kind == KG_TERM_BLANK || q->o.kind == KG_TERM_BLANK;
}

/* INSERT DATA { GRAPH <g> { ... } }, or for the default graph
 * INSERT DATA { ... } (braces within braces are no SPARQL there). */
static void batch_open(batch *b) {
  if (b->gsp) return;
  strbuf_puts(&b->u, b->blanks ? "INSERT {\n" : "INSERT DATA {\n");
  if (b->g->kind) {
    strbuf_puts(&b->u, "GRAPH ");
    kg_term_write_nt(&b->u, b->g);
    strbuf_puts(&b->u, " {\n");
  }
}

static kg_status flush(kg_store *st, batch *b, const kg_load_options *opt,
                       kg_error *err) {
  if (!b->n) return KG_OK;
  strbuf url = {0}, body = {0};
  if (b->gsp) gsp_url(&url, b->gsp, b->g);
  else {
    strbuf_puts(&b->u, b->g->kind ? "} }" : "}");
    if (b->blanks) strbuf_puts(&b->u, " WHERE { }");
  }
  kg_status s = KG_OK;
  if (b->u.oom || url.oom) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  else if (b->gsp)
    s = remote_http(st, NULL, url.data, "text/turtle", b->u.data, b->u.len,
                    NULL, TRANSFER_MS, NULL, &body, NULL, err);
  else
    s = remote_update(st, b->u.data, err);
  strbuf_free(&url);
  strbuf_free(&body);
  b->sent += b->n;
  strbuf_clear(&b->u);
  b->n = 0;
  kg_load_progress p = {.bytes = b->bytes, .triples = b->sent};
  if (s == KG_OK && opt && opt->progress &&
      opt->progress(opt->progress_data, &p))
    s = kg_err(err, KG_ERR_CANCELLED, "load cancelled after %llu "
                                      "statements", b->sent);
  return s;
}

/* The statements of b->g in `mem`, with or without blank nodes. */
static kg_status send_graph(kg_store *st, kg_store *mem, batch *b,
                            const kg_load_options *opt, kg_error *err) {
  kg_term dflt = {KG_TERM_NONE, NULL, 0, NULL, NULL};
  kg_result *r;
  TRY(kg_store_find(mem, NULL, NULL, NULL, b->g->kind ? b->g : &dflt, &r,
                    err));
  kg_status s = KG_OK;
  int rc;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0) {
    const kg_quad *q = kg_result_quad(r);
    /* kind NONE finds every graph: keep the default graph's own */
    if ((!b->g->kind && q->g.kind) || has_blank(q) != b->blanks) continue;
    if (!b->n) batch_open(b);
    kg_term_write_nt(&b->u, &q->s);
    strbuf_putc(&b->u, ' ');
    kg_term_write_nt(&b->u, &q->p);
    strbuf_putc(&b->u, ' ');
    kg_term_write_nt(&b->u, &q->o);
    strbuf_puts(&b->u, " .\n");
    if (++b->n == b->max) s = flush(st, b, opt, err);
  }
  if (s == KG_OK && rc < 0) s = err ? err->status : KG_ERR_EVAL;
  kg_result_free(r);
  if (s == KG_OK) s = flush(st, b, opt, err);
  return s;
}

/* Every graph of `mem` to the server, with the progress callback after
 * each request. */
static kg_status send_all(kg_store *st, kg_store *mem,
                          const kg_load_options *opt,
                          unsigned long long bytes, kg_error *err) {
  kg_result *r;
  TRY(kg_store_graphs(mem, &r, err));
  batch b = {.gsp = remote_of(st)->store_url, .bytes = bytes};
  size_t max = b.gsp ? GSP_BATCH : BATCH;
  kg_status s = KG_OK;
  int rc;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0) {
    const kg_term *n = kg_result_value(r, 1);
    if (!n || !n->kind || atoll(n->value) <= 0) continue;
    b.g = kg_result_value(r, 0);
    b.blanks = 0;
    b.max = max;
    s = send_graph(st, mem, &b, opt, err);
    b.blanks = 1;
    b.max = 0;
    if (s == KG_OK) s = send_graph(st, mem, &b, opt, err);
  }
  if (s == KG_OK && rc < 0) s = err ? err->status : KG_ERR_EVAL;
  kg_result_free(r);
  strbuf_free(&b.u);
  return s;
}

/* The prefixes the file declared join the session's (unless taken). */
static void adopt_prefixes(kg_store *st, kg_store *mem) {
  size_t n = kg_prefix_count(mem);
  for (size_t i = 0; i < n; i++) {
    const char *name, *iri;
    kg_prefix_at(mem, i, &name, &iri);
    if (!kg_prefix_get(st, name)) kg_prefix_set(st, name, iri, NULL);
  }
}

kg_status remote_load(kg_store *st, const char *path, const char *data,
                      size_t len, const kg_load_options *opt,
                      kg_load_stats *stats, kg_error *err) {
  kg_error_clear(err);
  st->interrupted = 0;
  if (st->readonly)
    return kg_err(err, KG_ERR_READONLY, "%s is open read-only", st->spec);
  kg_store *mem;
  TRY(scratch(&mem, err));
  kg_load_stats ls = {0};
  kg_status s = data ? kg_load_string(mem, data, len, path, opt, &ls, err)
                     : kg_load(mem, path, opt, &ls, err);
  long long before = s == KG_OK ? remote_size(st) : -1;
  if (s == KG_OK) s = send_all(st, mem, opt, ls.bytes, err);
  remote_forget(st);
  if (s == KG_OK) adopt_prefixes(st, mem);
  kg_store_close(mem);
  long long after = s == KG_OK ? remote_size(st) : -1;
  if (stats) {
    *stats = ls;
    /* new to the server: what its count grew by */
    stats->added = before >= 0 && after >= before
                       ? (unsigned long long)(after - before) : 0;
  }
  return s;
}

/* ------------------------------------------------------------ export */

/* Adds the rows (?s ?p ?o, and ?g when present) of a SELECT to `mem`. */
static kg_status add_rows(kg_store *st, kg_store *mem, const char *sparql,
                          const kg_term *graph, kg_error *err) {
  kg_query_options o = {.declare_prefixes = 0};
  kg_result *r;
  TRY(remote_query(st, sparql, &o, &r, err));
  kg_status s = KG_OK;
  int rc;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0) {
    kg_quad q = {*kg_result_value(r, 0), *kg_result_value(r, 1),
                 *kg_result_value(r, 2), {0}};
    if (kg_result_columns(r) > 3) q.g = *kg_result_value(r, 3);
    else if (graph) q.g = *graph;
    s = kg_store_add(mem, &q, NULL, err);
  }
  if (s == KG_OK && rc < 0) s = err ? err->status : KG_ERR_EVAL;
  kg_result_free(r);
  return s;
}

/* The default graph through the Graph Store Protocol. */
static kg_status get_default(kg_store *st, kg_store *mem, kg_error *err) {
  strbuf url = {0}, body = {0};
  char *ctype = NULL;
  gsp_url(&url, remote_of(st)->store_url, NULL);
  kg_status s = url.oom ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                        : remote_http(st, NULL, url.data, NULL, NULL, 0,
                                      "application/n-triples, "
                                      "text/turtle;q=0.9",
                                      TRANSFER_MS, NULL, &body, &ctype, err);
  /* N-Triples or Turtle: the Turtle parser reads both (and does not
   * leak as raptor's N-Triples parser does) */
  kg_load_options lo = {.syntax = "turtle"};
  if (s == KG_OK && body.len)
    s = kg_load_string(mem, body.data, body.len, url.data, &lo, NULL, err);
  strbuf_free(&url);
  strbuf_free(&body);
  free(ctype);
  return s;
}

kg_status remote_export(kg_store *st, FILE *out,
                        const kg_export_options *opt, kg_error *err) {
  kg_error_clear(err);
  st->interrupted = 0;
  const char *graph = opt ? opt->graph : NULL;
  kg_store *mem;
  TRY(scratch(&mem, err));
  kg_status s = KG_OK;
  int dflt = graph && !strcmp(graph, "default");
  if (remote_of(st)->store_url && (!graph || dflt))
    s = get_default(st, mem, err);
  else if (dflt)  /* the server's default graph, as its queries see it */
    s = add_rows(st, mem, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", NULL, err);
  if (s == KG_OK && graph && !dflt) {
    kg_term g = kg_iri(graph);
    g.len = strlen(graph);
    strbuf q = {0};
    strbuf_puts(&q, "SELECT ?s ?p ?o WHERE { GRAPH ");
    kg_term_write_nt(&q, &g);
    strbuf_puts(&q, " { ?s ?p ?o } }");
    s = q.oom ? kg_err(err, KG_ERR_NOMEM, "out of memory")
              : add_rows(st, mem, q.data, &g, err);
    strbuf_free(&q);
  } else if (s == KG_OK && !graph) {
    s = add_rows(st, mem, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o "
                          "} }", NULL, err);
  }
  /* the session's prefixes shorten what is written */
  size_t n = kg_prefix_count(st);
  for (size_t i = 0; s == KG_OK && i < n; i++) {
    const char *name, *iri;
    kg_prefix_at(st, i, &name, &iri);
    kg_prefix_set(mem, name, iri, NULL);
  }
  if (s == KG_OK) s = kg_export(mem, out, opt, err);
  kg_store_close(mem);
  return s;
}
