/* request.c - one HTTP exchange with a SPARQL server: credentials, the
 * interrupt flag, and the server's own words when it refuses. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "io/http.h"
#include "remote/remote.h"

/* The start of an error page as one line of text: spaces folded, tags
 * dropped from an HTML page, at most 300 bytes, and no echo of the query
 * (Virtuoso appends it after "SPARQL query:"): the server's own message,
 * not the user's data. */
static void server_words(const strbuf *body, char *out, size_t n) {
  size_t k = 0, i = 0, len = body->data ? body->len : 0;
  while (i < len && isspace((unsigned char)body->data[i])) i++;
  int html = i < len && body->data[i] == '<', tag = 0, space = 1;
  const char *echo = body->data ? strstr(body->data, "SPARQL query:") : NULL;
  if (echo) len = (size_t)(echo - body->data);
  for (; i < len && k + 4 < n && k < 300; i++) {
    unsigned char c = (unsigned char)body->data[i];
    if (html && c == '<') tag = 1;
    if (tag) {
      if (c == '>') tag = 0;
      continue;
    }
    if (isspace(c) || c < 0x20) {
      if (!space) out[k++] = ' ';
      space = 1;
      continue;
    }
    out[k++] = (char)c;
    space = 0;
  }
  while (k && out[k - 1] == ' ') k--;
  out[k] = '\0';
}

/* The server's words after err's message, and a plainer cancel. */
static kg_status explain(kg_status s, const strbuf *said, const char *url,
                         kg_error *err) {
  if (s == KG_ERR_NET && said->len && err) {
    char words[400];
    server_words(said, words, sizeof words);
    if (*words) {
      size_t n = strlen(err->message);
      snprintf(err->message + n, sizeof err->message - n,
               "; the server said: %s", words);
    }
  }
  if (s == KG_ERR_CANCELLED && err)
    snprintf(err->message, sizeof err->message,
             "interrupted: the request to %s was cancelled", url);
  return s;
}

static void request_of(kg_store *st, const char *method, const char *url,
                       const char *ctype, const char *body, size_t len,
                       const char *accept, long timeout_ms,
                       const volatile int *cancel, http_request *rq,
                       http_extra *x) {
  remote *rm = remote_of(st);
  *rq = (http_request){
      .url = url,
      .accept = accept,
      .body = body,
      .body_len = len,
      .content_type = ctype,
      .timeout_ms = timeout_ms,
      .cancel = (volatile int *)&st->interrupted,
  };
  *x = (http_extra){.cancel_also = cancel, .method = method,
                    .userpwd = rm->userpwd, .bearer = rm->token, .netrc = 1};
}

kg_status remote_http(kg_store *st, const char *method, const char *url,
                      const char *ctype, const char *body, size_t len,
                      const char *accept, long timeout_ms,
                      const volatile int *cancel, strbuf *out, char **rtype,
                      kg_error *err) {
  http_request rq;
  http_extra x;
  request_of(st, method, url, ctype, body, len, accept, timeout_ms, cancel,
             &rq, &x);
  return explain(http_fetch_as(&rq, &x, NULL, out, rtype, err), out, url,
                 err);
}

/* ------------------------------------------------------------ streams */

kg_status remote_bad_answer(const char *ctype, const char *what, kg_status s,
                            kg_error *err) {
  if (!err || (s != KG_ERR_SYNTAX && s != KG_ERR_UNSUPPORTED)) return s;
  char m[sizeof err->message];
  snprintf(m, sizeof m, "%s", err->message);
  if (!ctype) ctype = "no media type";
  /* the place is in the server's answer, not in the user's query */
  if (err->line)
    kg_err(err, KG_ERR_NET, "the server's answer is not %s (%s, line %ld): "
                            "%s", what, ctype, err->line, m);
  else
    kg_err(err, KG_ERR_NET, "the server's answer is not %s (%s): %s", what,
           ctype, m);
  return KG_ERR_NET;
}

struct remote_stream {
  http_request rq;  /* borrowed by h until it is freed */
  http_extra x;
  char *url;
  http_stream *h;
  sp_stream *rows;
  rdf_pull *stmts;
};

static int pull(void *ctx, strbuf *into, kg_error *err) {
  remote_stream *r = ctx;
  int rc = http_stream_pull(r->h, into, err);
  if (rc < 0 && err) {
    strbuf none = {0};
    explain(err->status, &none, r->url, err);
  }
  return rc;
}

kg_status remote_stream_open(kg_store *st, const char *url, const char *body,
                             size_t len, int rows, const char *accept,
                             long timeout_ms, const volatile int *cancel,
                             remote_stream **out, kg_error *err) {
  *out = NULL;
  remote_stream *r = calloc(1, sizeof *r);
  if (!r || !(r->url = strdup(url))) {
    free(r);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  request_of(st, NULL, r->url, "application/x-www-form-urlencoded", body, len,
             accept, timeout_ms, cancel, &r->rq, &r->x);
  strbuf said = {0};
  kg_status s = explain(http_stream_open(&r->rq, &r->x, &r->h, &said, err),
                        &said, url, err);
  strbuf_free(&said);
  r->rq.body = NULL; /* copied by the stream; the caller frees its own */
  const char *ct = s == KG_OK ? http_stream_type(r->h) : NULL;
  if (s == KG_OK && rows)
    s = remote_bad_answer(ct, REMOTE_ROWS,
                          sp_stream_open(ct, pull, r, &r->rows, err), err);
  else if (s == KG_OK && rdf_pull_syntax(ct))
    s = rdf_pull_open(rdf_pull_syntax(ct), url, url, pull, r, &r->stmts,
                      err);
  if (s != KG_OK) {
    remote_stream_free(r);
    return s;
  }
  *out = r;
  return KG_OK;
}

sp_stream *remote_stream_rows(remote_stream *r) { return r->rows; }

rdf_pull *remote_stream_statements(remote_stream *r) { return r->stmts; }

kg_status remote_stream_rest(remote_stream *r, strbuf *into, kg_error *err) {
  int rc;
  while ((rc = pull(r, into, err)) > 0) {}
  return rc < 0 ? (err ? err->status : KG_ERR_NET) : KG_OK;
}

const char *remote_stream_type(remote_stream *r) {
  return http_stream_type(r->h);
}

void remote_stream_free(remote_stream *r) {
  if (!r) return;
  sp_stream_free(r->rows);
  rdf_pull_free(r->stmts);
  http_stream_free(r->h);
  free(r->url);
  free(r);
}
