/* query.c - queries and updates on a server's store: kgsh's parser
 * checks the text first (the same carets as a local store), then it goes
 * out with the SPARQL 1.1 Protocol and the answer comes back through the
 * result readers (SELECT, ASK) or the RDF loader (CONSTRUCT, DESCRIBE). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "io/http.h"
#include "remote/remote.h"
#include "sparql/algebra.h"

static const char accept_rows[] =
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.5";
static const char accept_graph[] =
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, "
    "application/ld+json;q=0.5";

/* A server asked about its own data answers in minutes, not seconds;
 * Ctrl-C and .timeout cut it shorter. */
enum { QUERY_MS = 600000 };

/* ------------------------------------------------------ table results */

typedef struct table_src {
  sp_table *t;
  size_t next;
} table_src;

/* Row i of t as the result's row. */
static void take_row(kg_result *r, const sp_table *t, size_t i) {
  for (size_t c = 0; c < r->ncols; c++) {
    r->row[c] = *sp_table_cell(t, i, c);
    /* RDF 1.1: "x"^^xsd:string is the simple literal "x" (some servers
     * write the datatype out) */
    if (r->row[c].datatype && !strcmp(r->row[c].datatype, KG_XSD_STRING))
      r->row[c].datatype = NULL;
  }
}

static int table_next(kg_result *r, void *src, kg_error *err) {
  (void)err;
  table_src *ts = src;
  if (ts->next >= ts->t->nrows) return 0;
  take_row(r, ts->t, ts->next++);
  return 1;
}

static void table_src_free(void *src) {
  table_src *ts = src;
  if (!ts) return;
  sp_table_free(ts->t);
  free(ts);
}

/* Blank node labels as Turtle and SPARQL write them: Virtuoso's are
 * "nodeID://b10005", whose ':' and '/' no writer may pass on. The label
 * is the table's own (its arena), so it changes in place. */
static void safe_labels(sp_table *t) {
  for (size_t i = 0; i < t->nrows * t->ncols; i++) {
    kg_term *c = &t->cells[i];
    if (c->kind != KG_TERM_BLANK) continue;
    char *v = (char *)c->value;
    for (size_t k = 0; k < c->len; k++)
      if (!isalnum((unsigned char)v[k]) && v[k] != '_' && v[k] != '-' &&
          !((unsigned char)v[k] & 0x80))
        v[k] = '_';
  }
}

/* --------------------------------------------------------- streamed rows */

/* The rows of an answer as they arrive, a batch at a time. */
typedef struct rows_src {
  remote_stream *rs;
  const sp_table *b;
  size_t next;
} rows_src;

static int rows_next(kg_result *r, void *src, kg_error *err) {
  rows_src *rs = src;
  while (!rs->b || rs->next >= rs->b->nrows) {
    rs->next = 0;
    kg_status s = sp_stream_next(remote_stream_rows(rs->rs), &rs->b, err);
    if (s != KG_OK) {
      remote_bad_answer(remote_stream_type(rs->rs), REMOTE_ROWS, s, err);
      return -1;
    }
    if (!rs->b) return 0;
    safe_labels((sp_table *)rs->b); /* the batch is the stream's, to change */
  }
  take_row(r, rs->b, rs->next++);
  return 1;
}

static void rows_src_free(void *src) {
  rows_src *rs = src;
  if (!rs) return;
  remote_stream_free(rs->rs);
  free(rs);
}

/* A result over the stream's rows, or its ASK answer; takes `rs`. */
static kg_result *stream_result(kg_store *st, remote_stream *rs) {
  const sp_table *h = sp_stream_head(remote_stream_rows(rs));
  kg_result *r = NULL;
  if (h->is_boolean) {
    r = result_new(KG_RESULT_BOOLEAN, st, NULL, 0);
    if (r) r->boolean = h->boolean;
    remote_stream_free(rs);
    return r;
  }
  rows_src *src = calloc(1, sizeof *src);
  r = src ? result_new(KG_RESULT_BINDINGS, st, h->cols, h->ncols) : NULL;
  if (!r) {
    free(src);
    remote_stream_free(rs);
    return NULL;
  }
  src->rs = rs;
  result_set_source(r, rows_next, rows_src_free, src);
  return r;
}

kg_result *remote_table_result(kg_store *st, sp_table *t) {
  kg_result *r = NULL;
  safe_labels(t);
  if (t->is_boolean) {
    r = result_new(KG_RESULT_BOOLEAN, st, NULL, 0);
    if (r) r->boolean = t->boolean;
    sp_table_free(t);
    return r;
  }
  table_src *ts = calloc(1, sizeof *ts);
  r = ts ? result_new(KG_RESULT_BINDINGS, st, t->cols, t->ncols) : NULL;
  if (!r) {
    free(ts);
    sp_table_free(t);
    return NULL;
  }
  ts->t = t;
  result_set_source(r, table_next, table_src_free, ts);
  return r;
}

/* ------------------------------------------------------ graph results */

/* The statements of a CONSTRUCT or DESCRIBE answer, parsed into a
 * memory store the result owns. */
typedef struct graph_src {
  kg_store *mem;
  kg_result *scan;
} graph_src;

static int graph_next(kg_result *r, void *src, kg_error *err) {
  graph_src *gs = src;
  int rc = kg_result_next(gs->scan, err);
  if (rc > 0) r->quad = *kg_result_quad(gs->scan);
  return rc;
}

static void graph_src_free(void *src) {
  graph_src *gs = src;
  if (!gs) return;
  kg_result_free(gs->scan);
  kg_store_close(gs->mem);
  free(gs);
}

static kg_status graph_result(kg_store *st, const strbuf *body,
                              const char *ctype, const char *url,
                              kg_result **out, kg_error *err) {
  graph_src *gs = calloc(1, sizeof *gs);
  if (!gs) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_load_options lo = {.syntax = rdf_media_syntax(ctype)};
  kg_status s = store_open("memory:", KG_OPEN_CREATE, &gs->mem, err);
  if (s == KG_OK)
    s = kg_load_string(gs->mem, body->data ? body->data : "", body->len, url,
                       &lo, NULL, err);
  if (s == KG_OK) s = kg_store_find(gs->mem, NULL, NULL, NULL, NULL,
                                    &gs->scan, err);
  kg_result *r = s == KG_OK ? result_new(KG_RESULT_GRAPH, st, NULL, 0) : NULL;
  if (s == KG_OK && !r) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s != KG_OK) {
    graph_src_free(gs);
    return s;
  }
  result_set_source(r, graph_next, graph_src_free, gs);
  *out = r;
  return KG_OK;
}

/* The statements of an answer as they arrive. */
typedef struct stmt_src {
  remote_stream *rs;
} stmt_src;

static int stmt_next(kg_result *r, void *src, kg_error *err) {
  stmt_src *ss = src;
  int rc = rdf_pull_next(remote_stream_statements(ss->rs), &r->quad, err);
  if (rc < 0 && err)
    remote_bad_answer(remote_stream_type(ss->rs), REMOTE_RDF, err->status,
                      err);
  return rc;
}

static void stmt_src_free(void *src) {
  stmt_src *ss = src;
  if (!ss) return;
  remote_stream_free(ss->rs);
  free(ss);
}

/* --------------------------------------------------------- requests */

/* The text sent: BASE, the session's prefixes, then the user's own
 * (whose PREFIX lines come later and so win). */
static void prologue(kg_store *st, const kg_query_options *opt, strbuf *b) {
  if (opt && opt->base_uri) strbuf_printf(b, "BASE <%s>\n", opt->base_uri);
  if (!opt || !opt->declare_prefixes) return;
  size_t n = kg_prefix_count(st);
  for (size_t i = 0; i < n; i++) {
    const char *name, *iri;
    kg_prefix_at(st, i, &name, &iri);
    strbuf_printf(b, "PREFIX %s: <%s>\n", name, iri);
  }
}

static void dataset_params(strbuf *b, const char *name,
                           const char *const *v) {
  for (size_t i = 0; v && v[i]; i++) {
    strbuf_printf(b, "&%s=", name);
    http_urlencode(b, v[i]);
  }
}

/* A query (field "query") or an update ("update") as a form. */
static kg_status form_of(int update, const char *text,
                         const kg_query_options *opt, strbuf *form,
                         kg_error *err) {
  strbuf_puts(form, update ? "update=" : "query=");
  http_urlencode(form, text);
  if (opt) {
    dataset_params(form, update ? "using-graph-uri" : "default-graph-uri",
                   opt->default_graphs);
    dataset_params(form, update ? "using-named-graph-uri" : "named-graph-uri",
                   opt->named_graphs);
  }
  return form->oom ? kg_err(err, KG_ERR_NOMEM, "out of memory") : KG_OK;
}

/* Sends a query or an update as a form; the answer into *out. */
static kg_status send(kg_store *st, int update, const char *text,
                      const kg_query_options *opt, const char *accept,
                      strbuf *out, char **rtype, kg_error *err) {
  remote *rm = remote_of(st);
  strbuf form = {0};
  kg_status s = form_of(update, text, opt, &form, err);
  long ms = opt && opt->timeout_ms > 0 ? opt->timeout_ms : QUERY_MS;
  if (s == KG_OK)
    s = remote_http(st, NULL, update ? rm->update_url : rm->query_url,
                    "application/x-www-form-urlencoded", form.data, form.len,
                    accept, ms, opt ? opt->cancel : NULL, out, rtype, err);
  strbuf_free(&form);
  return s;
}

/* Sends a SELECT or ASK; its answer is read as it arrives, for as long
 * as its reader takes unless the caller set a timeout. */
static kg_status ask_rows(kg_store *st, const char *text,
                          const kg_query_options *opt, kg_result **out,
                          kg_error *err) {
  strbuf form = {0};
  remote_stream *rs = NULL;
  kg_status s = form_of(0, text, opt, &form, err);
  if (s == KG_OK)
    s = remote_stream_open(st, remote_of(st)->query_url, form.data, form.len,
                           1, accept_rows,
                           opt && opt->timeout_ms > 0 ? opt->timeout_ms : -1,
                           opt ? opt->cancel : NULL, &rs, err);
  strbuf_free(&form);
  if (s != KG_OK) return s;
  *out = stream_result(st, rs);
  return *out ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
}

static kg_status read_rows(const strbuf *body, const char *ctype,
                           sp_table **t, kg_error *err) {
  kg_status s = sp_table_parse(body->data ? body->data : "", body->len, ctype,
                               t, err);
  return remote_bad_answer(ctype, REMOTE_ROWS, s, err);
}

/* The statements of an answer: N-Triples and Turtle read as they
 * arrive, others whole into a memory store. `body` NULL: a GET. */
static kg_status graph_answer(kg_store *st, const char *url, const char *body,
                              size_t len, const kg_query_options *opt,
                              kg_result **out, kg_error *err) {
  strbuf whole = {0};
  remote_stream *rs = NULL;
  TRY(remote_stream_open(st, url, body, len, 0, accept_graph,
                         opt && opt->timeout_ms > 0 ? opt->timeout_ms : -1,
                         opt ? opt->cancel : NULL, &rs, err));
  if (!remote_stream_statements(rs)) {
    kg_status s = remote_stream_rest(rs, &whole, err);
    if (s == KG_OK)
      s = graph_result(st, &whole, remote_stream_type(rs), url, out, err);
    strbuf_free(&whole);
    remote_stream_free(rs);
    return s;
  }
  stmt_src *src = calloc(1, sizeof *src);
  kg_result *r = src ? result_new(KG_RESULT_GRAPH, st, NULL, 0) : NULL;
  if (!r) {
    free(src);
    remote_stream_free(rs);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  src->rs = rs;
  result_set_source(r, stmt_next, stmt_src_free, src);
  *out = r;
  return KG_OK;
}

/* Sends a CONSTRUCT or DESCRIBE. */
static kg_status ask_graph(kg_store *st, const char *text,
                           const kg_query_options *opt, kg_result **out,
                           kg_error *err) {
  strbuf form = {0};
  kg_status s = form_of(0, text, opt, &form, err);
  if (s == KG_OK)
    s = graph_answer(st, remote_of(st)->query_url, form.data, form.len, opt,
                     out, err);
  strbuf_free(&form);
  return s;
}

kg_status remote_get_graph(kg_store *st, const char *url, kg_result **out,
                           kg_error *err) {
  return graph_answer(st, url, NULL, 0, NULL, out, err);
}

kg_status remote_update(kg_store *st, const char *sparql, kg_error *err) {
  if (st->readonly)
    return kg_err(err, KG_ERR_READONLY, "%s is open read-only", st->spec);
  strbuf body = {0};
  kg_status s = send(st, 1, sparql, NULL, NULL, &body, NULL, err);
  strbuf_free(&body);
  remote_forget(st);
  return s;
}

static kg_status select_cached(kg_store *st, const char *sparql,
                               const sp_table **out, kg_error *err) {
  remote *rm = remote_of(st);
  for (size_t i = 0; i < rm->ncache; i++)
    if (!strcmp(rm->cache[i].query, sparql)) {
      *out = rm->cache[i].table;
      return KG_OK;
    }
  strbuf body = {0};
  char *ctype = NULL;
  sp_table *t = NULL;
  kg_status s = send(st, 0, sparql, NULL, accept_rows, &body, &ctype, err);
  if (s == KG_OK) s = read_rows(&body, ctype, &t, err);
  strbuf_free(&body);
  free(ctype);
  if (s != KG_OK) return s;
  char *q = strdup(sparql);
  if (!q) {
    sp_table_free(t);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  /* the oldest answer makes room */
  remote_cached *c = &rm->cache[rm->next_slot];
  if (rm->ncache == REMOTE_CACHE) {
    free(c->query);
    sp_table_free(c->table);
  } else {
    rm->ncache++;
  }
  rm->next_slot = (rm->next_slot + 1) % REMOTE_CACHE;
  c->query = q;
  c->table = t;
  *out = t;
  return KG_OK;
}

/* Threads: the cache is the handle's, so one call at a time uses it. */
kg_status remote_select(kg_store *st, const char *sparql,
                        const sp_table **out, kg_error *err) {
  store_enter(st);
  kg_status s = select_cached(st, sparql, out, err);
  store_leave(st);
  return s;
}

void remote_forget(kg_store *st) {
  store_enter(st);
  remote *rm = remote_of(st);
  for (size_t i = 0; i < rm->ncache; i++) {
    free(rm->cache[i].query);
    sp_table_free(rm->cache[i].table);
  }
  rm->ncache = rm->next_slot = 0;
  store_leave(st);
}

/* The session's prefixes as the parser takes them (name, iri, ...). */
static const char **prefix_list(kg_store *st, const kg_query_options *opt) {
  size_t n = opt && opt->declare_prefixes ? kg_prefix_count(st) : 0;
  const char **v = calloc(2 * n + 1, sizeof *v);
  for (size_t i = 0; v && i < n; i++)
    kg_prefix_at(st, i, &v[2 * i], &v[2 * i + 1]);
  return v;
}

kg_status remote_query(kg_store *st, const char *sparql,
                       const kg_query_options *opt, kg_result **out,
                       kg_error *err) {
  kg_error_clear(err);
  *out = NULL;
  st->interrupted = 0;
  const char **pfx = prefix_list(st, opt);
  if (!pfx) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  sp_query *q = sp_parse(sparql, strlen(sparql), opt ? opt->base_uri : NULL,
                         pfx, err);
  free(pfx);
  if (!q) return err ? err->status : KG_ERR_SYNTAX;
  sp_form form = q->form;
  sp_query_free(q);
  unsigned deny = opt ? opt->deny : 0;
  if ((deny & KG_DENY_UPDATE) && form == SP_UPDATE)
    return kg_err(err, KG_ERR_DENIED, "an update where a query is "
                                      "expected (send it as an update)");
  if ((deny & KG_DENY_QUERY) && form != SP_UPDATE)
    return kg_err(err, KG_ERR_DENIED, "a query where an update is "
                                      "expected (send it as a query)");
  if (form == SP_UPDATE && st->readonly)
    return kg_err(err, KG_ERR_READONLY, "%s is open read-only", st->spec);
  strbuf text = {0}, body = {0};
  prologue(st, opt, &text);
  strbuf_puts(&text, sparql);
  if (text.oom) {
    strbuf_free(&text);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  kg_status s;
  if (form == SP_CONSTRUCT || form == SP_DESCRIBE)
    s = ask_graph(st, text.data, opt, out, err);
  else if (form != SP_UPDATE)
    s = ask_rows(st, text.data, opt, out, err);
  else
    s = send(st, 1, text.data, opt, NULL, &body, NULL, err);
  strbuf_free(&text);
  strbuf_free(&body);
  if (form != SP_UPDATE) return s;
  remote_forget(st);
  if (s == KG_OK) {
    *out = result_new(KG_RESULT_UPDATE, st, NULL, 0);
    if (*out) (*out)->uncounted = 1;
    else s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  return s;
}
