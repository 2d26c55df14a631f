/* respond.c - responses: queued with the server's headers (CORS, Vary)
 * and noted for the access log; the write check (--update, --token) and
 * the HTTP status of a library error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"

enum MHD_Result send_response(struct MHD_Connection *c, request *rq,
                              unsigned status, struct MHD_Response *r) {
  server *srv = rq->srv;
  if (srv->cors) {
    MHD_add_response_header(r, "Access-Control-Allow-Origin", srv->cors);
    MHD_add_response_header(r, "Vary", "Origin, Accept");
  } else {
    MHD_add_response_header(r, "Vary", "Accept");
  }
  MHD_add_response_header(r, "Server", "kgsh/" KG_VERSION);
  rq->status = status;
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

enum MHD_Result send_body(struct MHD_Connection *c, request *rq,
                          unsigned status, const char *ctype, char *data,
                          size_t len) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
  if (!r) {
    free(data);
    return MHD_NO;
  }
  if (ctype) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
  rq->bytes += len;
  return send_response(c, rq, status, r);
}

enum MHD_Result send_text(struct MHD_Connection *c, request *rq,
                          unsigned status, const char *msg) {
  size_t n = strlen(msg);
  char *b = malloc(n + 2);
  if (!b) return MHD_NO;
  memcpy(b, msg, n);
  b[n] = '\n';
  b[n + 1] = '\0';
  return send_body(c, rq, status, "text/plain; charset=utf-8", b, n + 1);
}

enum MHD_Result send_textf(struct MHD_Connection *c, request *rq,
                           unsigned status, const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return send_text(c, rq, status, buf);
}

enum MHD_Result send_busy(struct MHD_Connection *c, request *rq) {
  const char *msg = "the server is busy: try again in a moment\n";
  struct MHD_Response *r = MHD_create_response_from_buffer(
      strlen(msg), (void *)msg, MHD_RESPMEM_PERSISTENT);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                          "text/plain; charset=utf-8");
  MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
  rq->bytes += strlen(msg);
  return send_response(c, rq, 503, r);
}

unsigned status_of(kg_status s) {
  switch (s) {
  case KG_OK:
    return 200;
  case KG_ERR_SYNTAX:
  case KG_ERR_ARG:
  case KG_ERR_EVAL:
  case KG_ERR_NOTFOUND:
  case KG_ERR_STATE:
    return 400;
  case KG_ERR_UNSUPPORTED:
  case KG_ERR_READONLY:
    return 403;
  case KG_ERR_CANCELLED:
  case KG_ERR_LOCKED:
    return 503;
  case KG_ERR_NET:
    return 502;
  default:
    return 500;
  }
}

/* 1 if `given` is `secret`, in time that depends on the secret's length
 * only (every byte compared, no early exit) */
static int same_secret(const char *given, const char *secret) {
  size_t ng = strlen(given), ns = strlen(secret);
  unsigned char d = ng != ns;
  for (size_t i = 0; i < ns; i++)
    d |= (unsigned char)((i < ng ? given[i] : 0) ^ secret[i]);
  return d == 0;
}

int may_write(struct MHD_Connection *c, request *rq, enum MHD_Result *ret) {
  server *srv = rq->srv;
  if (!srv->update) {
    *ret = send_text(c, rq, 403, "this endpoint is read-only: start kgsh "
                                 "serve with --update to allow changes");
    return 0;
  }
  if (!srv->token) return 1;
  const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_AUTHORIZATION);
  if (auth && !strncasecmp(auth, "Bearer ", 7) &&
      same_secret(auth + 7, srv->token))
    return 1;
  *ret = send_text(c, rq, 403, "changes need the server's token: send "
                               "'Authorization: Bearer TOKEN'");
  return 0;
}

