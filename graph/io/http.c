/* http.c - HTTP requests with libcurl (LOAD of URLs, SERVICE). */
#include "io/http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>


/* libcurl, loaded by the first request (kg_lazy, kg.h): a session that fetches
 * nothing never maps it and the TLS and Kerberos libraries it pulls in */
#define KG_CURL_FNS(X) \
  X(curl_global_init) X(curl_easy_init) X(curl_easy_setopt) \
  X(curl_easy_perform) X(curl_easy_getinfo) X(curl_easy_strerror) \
  X(curl_easy_cleanup) X(curl_slist_append) X(curl_slist_free_all) \
  X(curl_url) X(curl_url_set) X(curl_url_get) X(curl_url_cleanup) \
  X(curl_free) X(curl_multi_init) X(curl_multi_add_handle) \
  X(curl_multi_perform) X(curl_multi_poll) X(curl_multi_info_read) \
  X(curl_multi_remove_handle) X(curl_multi_cleanup)
KG_LAZY_DECLARE(kg_curl, KG_CURL_FNS)
/* curl.h's type-checking wrappers give way to the table */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init (kg_curl.curl_global_init)
#define curl_easy_init (kg_curl.curl_easy_init)
#define curl_easy_setopt (kg_curl.curl_easy_setopt)
#define curl_easy_perform (kg_curl.curl_easy_perform)
#define curl_easy_getinfo (kg_curl.curl_easy_getinfo)
#define curl_easy_strerror (kg_curl.curl_easy_strerror)
#define curl_easy_cleanup (kg_curl.curl_easy_cleanup)
#define curl_slist_append (kg_curl.curl_slist_append)
#define curl_slist_free_all (kg_curl.curl_slist_free_all)
#define curl_url (kg_curl.curl_url)
#define curl_url_set (kg_curl.curl_url_set)
#define curl_url_get (kg_curl.curl_url_get)
#define curl_url_cleanup (kg_curl.curl_url_cleanup)
#define curl_free (kg_curl.curl_free)
#define curl_multi_init (kg_curl.curl_multi_init)
#define curl_multi_add_handle (kg_curl.curl_multi_add_handle)
#define curl_multi_perform (kg_curl.curl_multi_perform)
#define curl_multi_poll (kg_curl.curl_multi_poll)
#define curl_multi_info_read (kg_curl.curl_multi_info_read)
#define curl_multi_remove_handle (kg_curl.curl_multi_remove_handle)
#define curl_multi_cleanup (kg_curl.curl_multi_cleanup)
KG_LAZY_DEFINE(kg_curl, KG_CURL_FNS, "curl", KG_SONAME_curl, "libcurl3-gnutls")

typedef struct sink {
  FILE *out;
  strbuf *buf;
  volatile int *cancel;
  const volatile int *cancel_also;
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ctx) {
  sink *s = ctx;
  size_t len = size * n;
  if (s->out) return fwrite(p, 1, len, s->out);
  strbuf_append(s->buf, p, len);
  return s->buf->oom ? 0 : len;
}

static int on_progress(void *ctx, curl_off_t a, curl_off_t b, curl_off_t c,
                       curl_off_t d) {
  (void)a, (void)b, (void)c, (void)d;
  sink *s = ctx;
  return (s->cancel && *s->cancel) || (s->cancel_also && *s->cancel_also);
}

int http_private_address(const char *ip) {
  unsigned char a[16];
  if (inet_pton(AF_INET, ip, a) == 1) {
    return a[0] == 127 || a[0] == 10 || a[0] == 0 ||
           (a[0] == 172 && (a[1] & 0xf0) == 16) ||
           (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) ||
           (a[0] == 100 && (a[1] & 0xc0) == 64); /* shared (RFC 6598) */
  }
  if (inet_pton(AF_INET6, ip, a) != 1) return 1; /* unknown: refuse */
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                           0xff, 0xff};
  if (!memcmp(a, mapped, 12)) {
    char v4[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, a + 12, v4, sizeof v4);
    return http_private_address(v4);
  }
  int zero = 1;
  for (int i = 0; i < 15; i++) zero &= !a[i];
  return (zero && (a[15] == 0 || a[15] == 1)) || /* :: and ::1 */
         (a[0] & 0xfe) == 0xfc ||                 /* fc00::/7 */
         (a[0] == 0xfe && (a[1] & 0xc0) == 0x80); /* fe80::/10 */
}

/* The policy's view of a connection about to be made: its address, and
 * the host of the URL it serves (the first, or a redirect's). */
typedef struct guard {
  CURL *c;
  const char *const *allow;
  char refused[400];         /* "HOST:PORT (ADDRESS)" of one refused */
} guard;

static int allowed(const char *const *allow, const char *host,
                   const char *ip, int port) {
  char hp[300], ipp[80];
  snprintf(hp, sizeof hp, "%s:%d", host, port);
  snprintf(ipp, sizeof ipp, "%s:%d", ip, port);
  for (; allow && *allow; allow++)
    if (!strcasecmp(*allow, host) || !strcmp(*allow, ip) ||
        !strcasecmp(*allow, hp) || !strcmp(*allow, ipp))
      return 1;
  return 0;
}

/* Called for each connection curl is about to open (redirects
 * included): a refused address gets no socket, so nothing is sent and no
 * port is probed. */
static curl_socket_t on_socket(void *ctx, curlsocktype purpose,
                               struct curl_sockaddr *a) {
  guard *g = ctx;
  (void)purpose;
  char ip[INET6_ADDRSTRLEN] = "";
  int port = 0;
  if (a->family == AF_INET) {
    const struct sockaddr_in *in = (const void *)&a->addr;
    inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
    port = ntohs(in->sin_port);
  } else if (a->family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const void *)&a->addr;
    inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
    port = ntohs(in6->sin6_port);
  }
  if (http_private_address(ip)) {
    char host[256] = "";
    char *url = NULL, *h = NULL;
    CURLU *u = curl_url();
    if (u &&
        curl_easy_getinfo(g->c, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK &&
        url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
      snprintf(host, sizeof host, "%s", h);
    curl_free(h);
    curl_url_cleanup(u);
    if (!allowed(g->allow, host, ip, port)) {
      snprintf(g->refused, sizeof g->refused, "%s:%d (%s)", host, port, ip);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

void http_urlencode(strbuf *b, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (isalnum(*p) || strchr("-._~", *p)) {
      strbuf_putc(b, (char)*p);
    } else {
      char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      strbuf_append(b, e, 3);
    }
  }
}

int http_is_url(const char *s) {
  return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

kg_status http_fetch(const http_request *rq, FILE *out, strbuf *buf,
                     char **ctype, kg_error *err) {
  return http_fetch_as(rq, NULL, out, buf, ctype, err);
}

/* A request being made: what curl's callbacks and the outcome need, at
 * an address that stays put while the transfer runs. */
typedef struct exchange {
  CURL *c;
  struct curl_slist *hdr;
  sink s;
  guard g;
  const http_request *rq;
  const http_extra *x;
  const char *verb;  /* for messages (a stream's body is gone by then) */
  char errbuf[CURL_ERROR_SIZE];
} exchange;

static const http_extra no_extra = {.netrc = 0};

/* Starts `e` for rq and x; the body is copied when `copy` (a stream
 * outlives its caller's buffer). */
static kg_status setup(exchange *e, const http_request *rq,
                       const http_extra *x, int copy, kg_error *err) {
  TRY(kg_lazy_load(&kg_curl_lib, err));
  static int inited;
  if (!inited) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    inited = 1;
  }
  e->rq = rq;
  e->x = x ? x : &no_extra;
  x = e->x;
  e->verb = x->method ? x->method : rq->body ? "POST" : "GET";
  CURL *c = e->c = curl_easy_init();
  if (!c) return kg_err(err, KG_ERR_NOMEM, "cannot start an HTTP request");
  e->s.cancel = rq->cancel;
  e->s.cancel_also = x->cancel_also;
  char line[512];
  if (rq->accept) {
    snprintf(line, sizeof line, "Accept: %s", rq->accept);
    e->hdr = curl_slist_append(e->hdr, line);
  }
  if (rq->body) {
    snprintf(line, sizeof line, "Content-Type: %s",
             rq->content_type ? rq->content_type : "application/octet-stream");
    e->hdr = curl_slist_append(e->hdr, line);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)rq->body_len);
    curl_easy_setopt(c, copy ? CURLOPT_COPYPOSTFIELDS : CURLOPT_POSTFIELDS,
                     rq->body);
  }
  if (x->bearer) {
    /* the header is freed with the list; never part of a message */
    strbuf auth = {0};
    strbuf_printf(&auth, "Authorization: Bearer %s", x->bearer);
    if (auth.data) e->hdr = curl_slist_append(e->hdr, auth.data);
    strbuf_free(&auth);
  }
  if (x->userpwd) {
    curl_easy_setopt(c, CURLOPT_USERPWD, x->userpwd);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
  }
  if (x->netrc) curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
  if (x->method) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
  curl_easy_setopt(c, CURLOPT_URL, rq->url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, e->hdr);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "kgsh/" KG_VERSION
                   " (https://kgsh.dev; libcurl)");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  if (rq->timeout_ms >= 0)
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                     rq->timeout_ms > 0 ? rq->timeout_ms : 60000L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L); /* a peer gone is seen */
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 15000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &e->s);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &e->s);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, e->errbuf);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  e->g.c = c;
  e->g.allow = rq->allow_hosts;
  if (rq->no_private) {
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &e->g);
  }
  return KG_OK;
}

static int cancelled(const exchange *e) {
  return (e->rq->cancel && *e->rq->cancel) ||
         (e->x->cancel_also && *e->x->cancel_also);
}

/* What the finished (or failing) transfer comes to. */
static kg_status outcome(exchange *e, CURLcode rc, kg_error *err) {
  long code = 0;
  curl_easy_getinfo(e->c, CURLINFO_RESPONSE_CODE, &code);
  const http_request *rq = e->rq;
  const char *verb = e->verb;
  if (e->g.refused[0])
    return kg_err(err, KG_ERR_DENIED,
                  "%s %s: %s is a loopback or private address, not allowed "
                  "here (allow it by name: .allow host HOST:PORT, or --allow "
                  "host:HOST:PORT)",
                  verb, rq->url, e->g.refused);
  if (rc == CURLE_ABORTED_BY_CALLBACK && cancelled(e))
    return kg_err(err, KG_ERR_CANCELLED, "request to %s cancelled", rq->url);
  if (rc != CURLE_OK)
    return kg_err(err, KG_ERR_NET, "%s %s: %s", verb, rq->url,
                  *e->errbuf ? e->errbuf : curl_easy_strerror(rc));
  if (code >= 400)
    return kg_err(err, KG_ERR_NET, "%s %s: HTTP status %ld", verb, rq->url,
                  code);
  return KG_OK;
}

static void content_type(exchange *e, char **ctype) {
  char *ct = NULL;
  curl_easy_getinfo(e->c, CURLINFO_CONTENT_TYPE, &ct);
  if (ct) *ctype = strdup(ct);
}

static void exchange_end(exchange *e) {
  curl_slist_free_all(e->hdr);
  if (e->c) curl_easy_cleanup(e->c);
}

kg_status http_fetch_as(const http_request *rq, const http_extra *x,
                        FILE *out, strbuf *buf, char **ctype, kg_error *err) {
  if (ctype) *ctype = NULL;
  exchange e = {.s = {out, buf, NULL, NULL}};
  kg_status st = setup(&e, rq, x, 0, err);
  if (st == KG_OK) st = outcome(&e, curl_easy_perform(e.c), err);
  if (st == KG_OK && ctype) content_type(&e, ctype);
  if (e.c) exchange_end(&e);
  return st;
}

/* ------------------------------------------------------------ streams */

struct http_stream {
  exchange e;
  CURLM *m;
  strbuf got;       /* received, not yet taken */
  int running;      /* the transfer goes on */
  CURLcode rc;      /* how it ended */
  char *ctype;
};

/* Lets the transfer run until bytes came or it ended (1 while it runs). */
static int step(http_stream *h) {
  if (h->running && h->got.len == 0)
    curl_multi_poll(h->m, NULL, 0, 200, NULL);
  if (cancelled(&h->e)) {
    h->running = 0;
    h->rc = CURLE_ABORTED_BY_CALLBACK;
    return 0;
  }
  curl_multi_perform(h->m, &h->running);
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(h->m, &left)))
    if (msg->msg == CURLMSG_DONE) h->rc = msg->data.result;
  return h->running;
}

enum { ERROR_PAGE = 65536 };  /* of a refusal's body, kept for its words */

kg_status http_stream_open(const http_request *rq, const http_extra *x,
                           http_stream **out, strbuf *refusal,
                           kg_error *err) {
  *out = NULL;
  http_stream *h = calloc(1, sizeof *h);
  if (!h) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  h->e.s.buf = &h->got;
  kg_status st = setup(&h->e, rq, x, 1, err);
  if (st == KG_OK && !(h->m = curl_multi_init()))
    st = kg_err(err, KG_ERR_NOMEM, "cannot start an HTTP request");
  if (st == KG_OK) {
    curl_multi_add_handle(h->m, h->e.c);
    h->running = 1;
    /* the status is known with the first byte of the body, or at the end */
    while (h->got.len == 0 && step(h)) {}
    long code = 0;
    curl_easy_getinfo(h->e.c, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 400) /* its words, for the caller's message */
      while (h->got.len < ERROR_PAGE && step(h)) {}
    if (h->got.oom) st = kg_err(err, KG_ERR_NOMEM, "out of memory");
    else if (!h->running || code >= 400) st = outcome(&h->e, h->rc, err);
    if (st != KG_OK && refusal && h->got.len)
      strbuf_append(refusal, h->got.data, h->got.len);
  }
  if (st == KG_OK) content_type(&h->e, &h->ctype);
  if (st != KG_OK) {
    http_stream_free(h);
    return st;
  }
  *out = h;
  return KG_OK;
}

const char *http_stream_type(const http_stream *h) { return h->ctype; }

int http_stream_pull(void *stream, strbuf *into, kg_error *err) {
  http_stream *h = stream;
  while (h->got.len == 0 && step(h)) {}
  if (h->got.oom) {
    kg_err(err, KG_ERR_NOMEM, "out of memory");
    return -1;
  }
  if (h->got.len) {
    strbuf_append(into, h->got.data, h->got.len);
    strbuf_clear(&h->got);
    return into->oom ? (kg_err(err, KG_ERR_NOMEM, "out of memory"), -1) : 1;
  }
  return outcome(&h->e, h->rc, err) == KG_OK ? 0 : -1;
}

void http_stream_free(http_stream *h) {
  if (!h) return;
  if (h->m && h->e.c) curl_multi_remove_handle(h->m, h->e.c);
  exchange_end(&h->e);
  if (h->m) curl_multi_cleanup(h->m);
  strbuf_free(&h->got);
  free(h->ctype);
  free(h);
}
