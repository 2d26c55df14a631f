/* sparql.c - the SPARQL 1.1 Protocol: /query, /update and /sparql (both
 * at one URL). Queries run under the gate's shared side and stream their
 * results; updates run exclusive, as one transaction each (kg_query). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "params.h"

/* The media type of the request body, without parameters. */
static int body_is(struct MHD_Connection *c, const char *type) {
  const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_TYPE);
  if (!ct) return 0;
  size_t n = strcspn(ct, "; \t");
  return n == strlen(type) && !strncasecmp(ct, type, n);
}

/* 1 if the body declares a charset other than UTF-8 (or US-ASCII) */
static int body_not_utf8(struct MHD_Connection *c) {
  const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_TYPE);
  const char *cs = ct ? strcasestr(ct, "charset=") : NULL;
  if (!cs) return 0;
  cs += 8;
  if (*cs == '"') cs++;
  return strncasecmp(cs, "utf-8", 5) && strncasecmp(cs, "utf8", 4) &&
         strncasecmp(cs, "us-ascii", 8);
}

static enum MHD_Result send_error(struct MHD_Connection *c, request *rq,
                                  kg_status s, const kg_error *e) {
  unsigned code = status_of(s);
  if (s == KG_ERR_DENIED) code = e->message[0] == 'a' ? 400 : 403;
  if (e->line)
    return send_textf(c, rq, code, "%s: line %ld, column %ld: %s",
                      kg_strerror(s), e->line, e->column, e->message);
  return send_textf(c, rq, code, "%s: %s", kg_strerror(s), e->message);
}

/* The request's URL without its query string, as the base IRI of
 * relative IRIs in the query or update. */
static void base_of(struct MHD_Connection *c, const char *path, char *buf,
                    size_t n) {
  const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_HOST);
  if (!host || strpbrk(host, "<>\" {}|\\^`/")) host = "localhost";
  snprintf(buf, n, "http://%s%.*s", host, (int)strcspn(path, "?"), path);
}

/* The timeout of a request: its timeout= (seconds) up to --max-timeout,
 * else --timeout. */
static long timeout_of(const server *srv, const params *p) {
  if (!p->ntimeout) return srv->timeout_ms;
  double s = strtod(p->timeout[0], NULL);
  if (!(s > 0)) return srv->timeout_ms;
  long ms = (long)(s * 1000);
  if (srv->max_timeout_ms > 0 && ms > srv->max_timeout_ms)
    ms = srv->max_timeout_ms;
  return ms;
}

/* The options of a query (update = 0) or an update: timeout, policy,
 * base IRI (into `base`) and the dataset the request gives. */
static kg_query_options options_of(struct MHD_Connection *c, request *rq,
                                   const params *p, const char *path,
                                   int update, char *base, size_t n) {
  static const char *const none[] = {NULL};
  kg_query_options opt = {0};
  opt.timeout_ms = timeout_of(rq->srv, p);
  opt.deny = rq->srv->deny | (update ? KG_DENY_QUERY : KG_DENY_UPDATE);
  opt.allow_hosts = rq->srv->allow_hosts;
  base_of(c, path, base, n);
  opt.base_uri = base;
  char **dg = update ? p->ug : p->dg, **ng = update ? p->ung : p->ng;
  if (dg || ng) {
    opt.default_graphs = dg ? (const char *const *)dg : none;
    opt.named_graphs = ng ? (const char *const *)ng : none;
  }
  return opt;
}

static enum MHD_Result run_query(struct MHD_Connection *c, request *rq,
                                 const params *p, const char *path) {
  server *srv = rq->srv;
  char base[1200];
  kg_query_options opt = options_of(c, rq, p, path, 0, base, sizeof base);
  long timeout = opt.timeout_ms;
  stream *s = stream_new(srv, timeout);
  if (!s) return send_text(c, rq, 500, "out of memory");
  opt.cancel = stream_cancel_flag(s);
  if (gate_enter(&srv->gate, 0, timeout > 0 ? now_ms() + timeout : 0) < 0) {
    stream_free(s);
    return send_busy(c, rq);
  }
  kg_result *r = NULL;
  kg_error e;
  kg_status st = kg_query(srv->st, p->query[0], &opt, &r, &e);
  if (st != KG_OK) {
    gate_leave(&srv->gate, 0);
    stream_free(s);
    return send_error(c, rq, st, &e);
  }
  kg_result_type kind = kg_result_kind(r);
  const kg_media_type *mt = negotiate(
      c, p->nformat ? p->format[0] : NULL,
      kind == KG_RESULT_GRAPH ? KG_FORMAT_GRAPHS : KG_FORMAT_BINDINGS);
  if (!mt) {
    kg_result_free(r);
    gate_leave(&srv->gate, 0);
    stream_free(s);
    return send_text(c, rq, 406, kind == KG_RESULT_GRAPH
        ? "no acceptable format: graphs are written as text/turtle, "
          "application/n-triples, application/n-quads, application/trig, "
          "application/rdf+xml or application/rdf+json"
        : "no acceptable format: results are written as "
          "application/sparql-results+json, application/sparql-results+xml, "
          "text/csv or text/tab-separated-values");
  }
  return stream_start(c, rq, s, r, mt);
}

static enum MHD_Result run_update(struct MHD_Connection *c, request *rq,
                                  const params *p, const char *path) {
  server *srv = rq->srv;
  enum MHD_Result ret;
  if (!may_write(c, rq, &ret)) return ret;
  char base[1200];
  kg_query_options opt = options_of(c, rq, p, path, 1, base, sizeof base);
  long timeout = opt.timeout_ms;
  if (gate_enter(&srv->gate, 1, timeout > 0 ? now_ms() + timeout : 0) < 0)
    return send_busy(c, rq);
  kg_result *r = NULL;
  kg_error e;
  kg_status st = kg_query(srv->st, p->update[0], &opt, &r, &e);
  unsigned long long added = r ? kg_result_added(r) : 0;
  unsigned long long removed = r ? kg_result_removed(r) : 0;
  kg_result_free(r);
  gate_leave(&srv->gate, 1);
  if (st != KG_OK) return send_error(c, rq, st, &e);
  return send_textf(c, rq, 200, "%llu added, %llu removed", added, removed);
}

enum MHD_Result handle_sparql(struct MHD_Connection *c, request *rq,
                              const char *path) {
  const char *method = rq->method;
  int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
  if (!get && strcmp(method, "POST"))
    return send_textf(c, rq, 405, "%s takes GET and POST", path);
  params p = {0};
  params_from_url(c, &p);
  enum MHD_Result ret;
  if (!get && body_not_utf8(c)) {
    params_clear(&p);
    return send_text(c, rq, 415, "queries and updates are sent in UTF-8");
  }
  if (!get) {
    if (body_is(c, "application/x-www-form-urlencoded")) {
      if (p.nquery || p.nupdate) {
        params_clear(&p);
        return send_text(c, rq, 400, "a form body carries the query or "
                                     "update: not the URL too");
      }
      if (params_from_form(c, rq->body ? rq->body : "", rq->len, &p) < 0) {
        params_clear(&p);
        return send_text(c, rq, 400, "the form body cannot be read");
      }
    } else if (body_is(c, "application/sparql-query") ||
               body_is(c, "application/sparql-update")) {
      int upd = body_is(c, "application/sparql-update");
      if (p.nquery || p.nupdate) {
        params_clear(&p);
        return send_text(c, rq, 400, "the body carries the query or update: "
                                     "not the URL too");
      }
      char *text = rq->body ? rq->body : "";
      char *one[2] = {text, NULL};
      if (upd) p.update = one, p.nupdate = 1;
      else p.query = one, p.nquery = 1;
      ret = upd ? run_update(c, rq, &p, path) : run_query(c, rq, &p, path);
      if (upd) p.update = NULL, p.nupdate = 0;
      else p.query = NULL, p.nquery = 0;
      params_clear(&p);
      return ret;
    } else {
      params_clear(&p);
      return send_text(c, rq, 415, "POST a body of type "
                                   "application/sparql-query, "
                                   "application/sparql-update or "
                                   "application/x-www-form-urlencoded");
    }
  }
  int only_query = !strncmp(path, "/query", 6);
  int only_update = !strncmp(path, "/update", 7);
  if (p.nquery > 1 || p.nupdate > 1 || (p.nquery && p.nupdate))
    ret = send_text(c, rq, 400, "one query or one update per request");
  else if (p.nupdate && (get || only_query))
    ret = send_text(c, rq, 400, get ? "an update is sent with POST"
                                    : "updates go to /update or /sparql");
  else if (p.nquery && only_update)
    ret = send_text(c, rq, 400, "queries go to /query or /sparql");
  else if (p.nquery)
    ret = run_query(c, rq, &p, path);
  else if (p.nupdate)
    ret = run_update(c, rq, &p, path);
  else if (get)
    ret = handle_description(c, rq, path);
  else
    ret = send_text(c, rq, 400, "no query or update in the request");
  params_clear(&p);
  return ret;
}
