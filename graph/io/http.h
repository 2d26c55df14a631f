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

/* Performs the request, writing the response body to `out` (a FILE) or
 * `buf` (one of them). *ctype (may be NULL) receives the response's
 * Content-Type (new string, free()). Fails with KG_ERR_NET for transport
 * errors and HTTP statuses >= 400, naming the URL and the status. */
kg_status http_fetch(const http_request *rq, FILE *out, strbuf *buf,
                     char **ctype, kg_error *err);

/* 1 if s starts with http:// or https:// (any case). */
int http_is_url(const char *s);

#endif
