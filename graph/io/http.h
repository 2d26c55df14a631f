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
  long timeout_ms;           /* 0 = 60 s; < 0: no limit on the whole
                                (Ctrl-C, a dead peer end it) */
  volatile int *cancel;      /* polled; non-zero aborts the transfer */
  int no_private;            /* refuse loopback, private and link-local
                                addresses (redirects included) ... */
  const char *const *allow_hosts; /* ... but these: "HOST" or
                                "HOST:PORT" (a name or an address),
                                NULL-terminated; may be NULL */
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

/* A response read as it arrives: for answers too large to hold, and so
 * that the first rows show before the last are sent. */
typedef struct http_stream http_stream;

/* Sends the request and waits for the response's first bytes (or its
 * end). `rq` and `x` (may be NULL) are borrowed until http_stream_free:
 * their cancel flags are polled all along; the body and the strings are
 * copied. A status >= 400 fails as http_fetch does, the start of the
 * body appended to `refusal` (may be NULL). *out: free with
 * http_stream_free. */
kg_status http_stream_open(const http_request *rq, const http_extra *x,
                           http_stream **out, strbuf *refusal, kg_error *err);
/* The response's Content-Type, or NULL (owned by the stream). */
const char *http_stream_type(const http_stream *h);
/* Appends the bytes that came since the last call to `into`, waiting for
 * some: 1, or 0 at the end of the body, or -1 when the transfer failed
 * (err says why: the network, a timeout, a cancel). An sp_pull_fn
 * (results_stream.h); `stream` is the http_stream. */
int http_stream_pull(void *stream, strbuf *into, kg_error *err);
void http_stream_free(http_stream *h);

/* Appends s percent-encoded for a form body or a query string. */
void http_urlencode(strbuf *b, const char *s);

/* 1 if the numeric address (IPv4 or IPv6 text) is loopback, private,
 * link-local or unspecified: where a server's neighbours live. */
int http_private_address(const char *ip);

/* 1 if s starts with http:// or https:// (any case). */
int http_is_url(const char *s);

#endif
