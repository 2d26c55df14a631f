/* gsp.c - the SPARQL 1.1 Graph Store HTTP Protocol at /store: GET and
 * HEAD read a graph (?default, ?graph=IRI, or directly: /store/PATH is
 * the graph http://HOST/store/PATH) or, with none, the whole dataset;
 * PUT replaces a graph, POST adds to it (to /store alone: TriG or N-Quads
 * load a dataset, triples make a new graph), DELETE drops it. A write is
 * one transaction: all of the body or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"

/* an IRI that can be written between < > in SPARQL */
static int iri_ok(const char *s) {
  if (!*s || !strchr(s, ':')) return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p <= ' ' || strchr("<>\"{}|^`\\", *p)) return 0;
  return 1;
}

/* the statements in graph `iri` (NULL = the default graph): 0, 1 (some),
 * -1 on error */
static int graph_has(kg_store *st, const char *iri) {
  kg_result *r = NULL;
  kg_error e;
  if (!iri) {
    /* the default graph: there when it has statements */
    if (kg_store_graphs(st, &r, &e) != KG_OK) return -1;
    int has = 0, rc;
    while ((rc = kg_result_next(r, &e)) > 0) {
      const kg_term *g = kg_result_value(r, 0), *n = kg_result_value(r, 1);
      if ((!g || !g->kind) && n && n->kind && strcmp(n->value, "0")) has = 1;
    }
    kg_result_free(r);
    return rc < 0 ? -1 : has;
  }
  kg_term g = kg_iri(iri);
  if (kg_store_find(st, NULL, NULL, NULL, &g, &r, &e) != KG_OK) return -1;
  int rc = kg_result_next(r, &e);
  kg_result_free(r);
  return rc;
}

static enum MHD_Result read_graph(struct MHD_Connection *c, request *rq,
                                  const char *target, int whole) {
  server *srv = rq->srv;
  const kg_media_type *mt = NULL;
  if (whole) {
    /* a dataset: TriG or N-Quads unless the client takes only triples */
    const char *accept = MHD_lookup_connection_value(
        c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    const char *fmt =
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
    if (!fmt && (!accept || accept_q(accept, "application/trig") > 0))
      mt = kg_media_type_find("application/trig", KG_FORMAT_GRAPHS);
    else if (!fmt && accept_q(accept, "application/n-quads") > 0)
      mt = kg_media_type_find("application/n-quads", KG_FORMAT_GRAPHS);
  }
  if (!mt) mt = negotiate(c, NULL, KG_FORMAT_GRAPHS);
  if (!mt)
    return send_text(c, rq, 406, "graphs are written as text/turtle, "
                                 "application/n-triples, application/trig, "
                                 "application/n-quads, application/rdf+xml");
  if (gate_enter(&srv->gate, 0, now_ms() + srv->timeout_ms) < 0)
    return send_busy(c, rq);
  int has = whole || !target ? 1 : graph_has(srv->st, target);
  char *out = NULL;
  size_t len = 0;
  kg_error e;
  kg_status s = KG_OK;
  if (has > 0) {
    FILE *f = open_memstream(&out, &len);
    kg_export_options o = {mt->format, whole ? NULL : target ? target
                                                             : "default",
                           NULL};
    s = f ? kg_export(srv->st, f, &o, &e) : KG_ERR_NOMEM;
    if (f && fclose(f) != 0 && s == KG_OK) s = KG_ERR_IO;
  }
  gate_leave(&srv->gate, 0);
  if (has == 0) {
    free(out);
    return send_textf(c, rq, 404, "no graph <%s> in the store", target);
  }
  if (has < 0 || s != KG_OK) {
    free(out);
    return send_textf(c, rq, 500, "cannot read the graph: %s",
                      has < 0 ? "the store failed" : e.message);
  }
  char ct[128];
  snprintf(ct, sizeof ct, "%s; charset=utf-8", mt->type);
  return send_body(c, rq, 200, ct, out, len);
}

/* the raptor syntax of a Content-Type, NULL if unknown */
static const char *syntax_of(const char *ct) {
  const kg_media_type *m = kg_media_type_find(ct, KG_FORMAT_GRAPHS);
  if (!m) return NULL;
  static const char *const map[][2] = {
    {"turtle", "turtle"}, {"ntriples", "ntriples"}, {"nquads", "nquads"},
    {"trig", "trig"},     {"rdfxml", "rdfxml"},     {"json", "json"},
  };
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (!strcmp(map[i][0], m->format)) return map[i][1];
  return NULL;
}

/* a new graph's IRI for a POST to /store: http://HOST/store/gN-TIME */
static void new_graph(struct MHD_Connection *c, char *buf, size_t n) {
  static unsigned long next;
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&mu);
  unsigned long k = ++next;
  pthread_mutex_unlock(&mu);
  const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_HOST);
  if (!host || !iri_ok(host)) host = "localhost";
  snprintf(buf, n, "http://%s/store/g%lu-%lld", host, k, (long long)time(NULL));
}

static enum MHD_Result write_graph(struct MHD_Connection *c, request *rq,
                                   const char *target, int whole) {
  server *srv = rq->srv;
  enum MHD_Result ret;
  if (!may_write(c, rq, &ret)) return ret;
  int put = !strcmp(rq->method, "PUT"), del = !strcmp(rq->method, "DELETE");
  if (whole && (put || del))
    return send_text(c, rq, 400, "name the graph: ?default or ?graph=IRI");
  const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_TYPE);
  /* several files at once: each loaded by its own type */
  part *parts = NULL;
  size_t nparts = 0;
  if (!del && !put && ct && !strncasecmp(ct, "multipart/form-data", 19)) {
    if (whole)
      return send_text(c, rq, 400, "name the graph the files go to");
    if (multipart_parts(c, rq->body ? rq->body : "", rq->len, &parts,
                        &nparts) < 0)
      return send_text(c, rq, 400, "the multipart/form-data body cannot "
                                   "be read");
    for (size_t i = 0; i < nparts; i++)
      if (!syntax_of(parts[i].type) &&
          !(parts[i].name && kg_syntax_for_path(parts[i].name))) {
        parts_free(parts, nparts);
        return send_text(c, rq, 415, "a file of the form has no RDF type");
      }
  }
  const char *syntax = NULL;
  if (!del && !parts && !(syntax = syntax_of(ct)))
    return send_text(c, rq, 415, "send the graph as text/turtle, "
                                 "application/n-triples, application/trig, "
                                 "application/n-quads or application/rdf+xml");
  /* POST of triples to the store itself: a new graph, named here */
  char fresh[600];
  if (whole && syntax && strcmp(syntax, "trig") && strcmp(syntax, "nquads")) {
    new_graph(c, fresh, sizeof fresh);
    target = fresh;
    whole = 0;
  }
  if (gate_enter(&srv->gate, 1, now_ms() + srv->timeout_ms) < 0) {
    parts_free(parts, nparts);
    return send_busy(c, rq);
  }
  kg_store *st = srv->st;
  kg_error e;
  kg_error_clear(&e);
  int existed = whole ? 1 : graph_has(st, target);
  kg_status s = existed < 0 ? KG_ERR_IO : KG_OK;
  if (s == KG_OK && del && !existed) {
    gate_leave(&srv->gate, 1);
    parts_free(parts, nparts);
    return send_textf(c, rq, 404, "no graph <%s> in the store", target);
  }
  if (s == KG_OK) s = kg_store_begin(st, &e);
  if (s == KG_OK && (put || del)) {
    char q[4200];
    if (target) snprintf(q, sizeof q, "DROP SILENT GRAPH <%s>", target);
    else snprintf(q, sizeof q, "DROP SILENT DEFAULT");
    kg_result *r = NULL;
    s = kg_query(st, q, NULL, &r, &e);
    kg_result_free(r);
  }
  kg_load_stats ls = {0};
  kg_load_options o = {0};
  o.graph = target;
  o.base_uri = target ? target : "http://localhost/store";
  if (s == KG_OK && !del && !parts) {
    o.syntax = syntax;
    s = kg_load_string(st, rq->body ? rq->body : "", rq->len, "<request>",
                       &o, &ls, &e);
  }
  for (size_t i = 0; s == KG_OK && i < nparts; i++) {
    kg_load_stats one = {0};
    o.syntax = syntax_of(parts[i].type);
    if (!o.syntax) o.syntax = kg_syntax_for_path(parts[i].name);
    s = kg_load_string(st, parts[i].data ? parts[i].data : "", parts[i].len,
                       parts[i].name ? parts[i].name : "<part>", &o, &one, &e);
    ls.triples += one.triples;
    ls.added += one.added;
  }
  parts_free(parts, nparts);
  if (s == KG_OK) s = kg_store_commit(st, &e);
  else if (kg_store_in_transaction(st)) kg_store_rollback(st, NULL);
  gate_leave(&srv->gate, 1);
  unsigned code = s == KG_ERR_SYNTAX ? 400 : status_of(s);
  if (s != KG_OK && e.line)
    return send_textf(c, rq, code, "%s: line %ld: %s", kg_strerror(s),
                      e.line, e.message);
  if (s != KG_OK)
    return send_textf(c, rq, code, "%s: %s", kg_strerror(s), e.message);
  if (del) return send_text(c, rq, 200, "graph dropped");
  if (put && existed) {
    /* replaced: nothing to say */
    struct MHD_Response *r =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    return r ? send_response(c, rq, 204, r) : MHD_NO;
  }
  if (target == fresh) {
    char *msg = NULL;
    if (asprintf(&msg, "%llu statements in the new graph <%s>\n", ls.added,
                 fresh) < 0)
      return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(msg), msg, MHD_RESPMEM_MUST_FREE);
    if (!r) {
      free(msg);
      return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "text/plain; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, fresh);
    rq->bytes += strlen(msg);
    return send_response(c, rq, 201, r);
  }
  return send_textf(c, rq, existed ? 200 : 201, "%llu statements read, "
                    "%llu new", ls.triples, ls.added);
}

/* notes a "default" key in the URL (?default has no value) */
static enum MHD_Result has_default(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value) {
  (void)kind, (void)value;
  if (!strcmp(key, "default")) *(int *)cls = 1;
  return MHD_YES;
}

enum MHD_Result handle_store(struct MHD_Connection *c, request *rq,
                             const char *url) {
  const char *graph =
      MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "graph");
  int dflt = 0;
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, has_default, &dflt);
  if (graph && dflt)
    return send_text(c, rq, 400, "?default or ?graph=IRI, not both");
  /* direct identification: the request's own URL names the graph */
  char direct[1200];
  if (strlen(url) > strlen("/store/")) {
    if (graph || dflt)
      return send_text(c, rq, 400, "a graph named by its URL takes no "
                                   "?default or ?graph=");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_HOST);
    snprintf(direct, sizeof direct, "http://%s%s", host ? host : "localhost",
             url);
    graph = direct;
  }
  if (graph && !iri_ok(graph))
    return send_textf(c, rq, 400, "?graph=%s is not an absolute IRI", graph);
  int whole = !graph && !dflt;
  const char *m = rq->method;
  if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
    return read_graph(c, rq, graph, whole);
  if (!strcmp(m, "PUT") || !strcmp(m, "POST") || !strcmp(m, "DELETE"))
    return write_graph(c, rq, graph, whole);
  return send_textf(c, rq, 405, "/store takes GET, HEAD, PUT, POST and "
                    "DELETE, not %s", m);
}
