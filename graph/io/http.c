/* http.c - HTTP requests with libcurl (LOAD of URLs, SERVICE). */
#include "io/http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

kg_status http_fetch_as(const http_request *rq, const http_extra *x,
                        FILE *out, strbuf *buf, char **ctype, kg_error *err) {
  static const http_extra none = {.netrc = 0};
  if (!x) x = &none;
  if (ctype) *ctype = NULL;
  static int inited;
  if (!inited) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    inited = 1;
  }
  CURL *c = curl_easy_init();
  if (!c) return kg_err(err, KG_ERR_NOMEM, "cannot start an HTTP request");
  sink s = {out, buf, rq->cancel, x->cancel_also};
  struct curl_slist *hdr = NULL;
  char line[512];
  if (rq->accept) {
    snprintf(line, sizeof line, "Accept: %s", rq->accept);
    hdr = curl_slist_append(hdr, line);
  }
  if (rq->body) {
    snprintf(line, sizeof line, "Content-Type: %s",
             rq->content_type ? rq->content_type : "application/octet-stream");
    hdr = curl_slist_append(hdr, line);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)rq->body_len);
  }
  if (x->bearer) {
    /* the header is freed with the list; never part of a message */
    strbuf auth = {0};
    strbuf_printf(&auth, "Authorization: Bearer %s", x->bearer);
    if (auth.data) hdr = curl_slist_append(hdr, auth.data);
    strbuf_free(&auth);
  }
  if (x->userpwd) {
    curl_easy_setopt(c, CURLOPT_USERPWD, x->userpwd);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
  }
  if (x->netrc) curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
  if (x->method) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, rq->url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "kgsh/" KG_VERSION
                   " (https://kgsh.dev; libcurl)");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   rq->timeout_ms > 0 ? rq->timeout_ms : 60000L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 15000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &s);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  kg_status st = KG_OK;
  const char *verb = x->method ? x->method : rq->body ? "POST" : "GET";
  if (rc == CURLE_ABORTED_BY_CALLBACK &&
      ((rq->cancel && *rq->cancel) || (x->cancel_also && *x->cancel_also)))
    st = kg_err(err, KG_ERR_CANCELLED, "request to %s cancelled", rq->url);
  else if (rc != CURLE_OK)
    st = kg_err(err, KG_ERR_NET, "%s %s: %s", verb, rq->url,
                *errbuf ? errbuf : curl_easy_strerror(rc));
  else if (code >= 400)
    st = kg_err(err, KG_ERR_NET, "%s %s: HTTP status %ld", verb, rq->url,
                code);
  if (st == KG_OK && ctype) {
    char *ct = NULL;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) *ctype = strdup(ct);
  }
  curl_slist_free_all(hdr);
  curl_easy_cleanup(c);
  return st;
}
