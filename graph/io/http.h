/* http.h - HTTP requests with libcurl (LOAD of URLs, SERVICE). */
#ifndef KG_HTTP_H
#define KG_HTTP_H

#include <stdio.h>

#include "internal.h"
#include "strbuf.h"

typedef struct http_request {
  const char *url;
  const char *accept;        /* Accept header or NULL */
  const char *body;          /* POST body, or NULL for GET */
  size_t body_len;
  const char *content_type;  /* of the body */
  long timeout_ms;           /* 0 = 60 s */
  volatile int *cancel;      /* polled; non-zero aborts the transfer */
} http_request;

/* What a store kept by a server adds to a request (graph/remote/). */
typedef struct http_extra {
  const volatile int *cancel_also; /* a second flag polled the same way */
  const char *method;        /* "PUT", "DELETE"...; NULL: GET, or POST
                                with a body */
  const char *userpwd;       /* "user:password" (Basic or Digest, as the
                                server asks), or NULL */
  const char *bearer;        /* a token sent as "Authorization: Bearer" */
  int netrc;                 /* credentials from ~/.netrc when none given */
} http_extra;

/* Performs the request, writing the response body to `out` (a FILE) or
 * `buf` (one of them). *ctype (may be NULL) receives the response's
 * Content-Type (new string, free()). Fails with KG_ERR_NET for transport
 * errors and HTTP statuses >= 400, naming the URL and the status. */
kg_status http_fetch(const http_request *rq, FILE *out, strbuf *buf,
                     char **ctype, kg_error *err);
/* The same with `x` (may be NULL). Credentials never reach a message. */
kg_status http_fetch_as(const http_request *rq, const http_extra *x,
                        FILE *out, strbuf *buf, char **ctype, kg_error *err);

/* Appends s percent-encoded for a form body or a query string. */
void http_urlencode(strbuf *b, const char *s);

/* 1 if s starts with http:// or https:// (any case). */
int http_is_url(const char *s);

#endif
