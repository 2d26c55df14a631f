/* http.c - one request's life in libmicrohttpd: its context, the body
 * with its size limit, a worker slot, routing by path, the CORS
 * pre-flight and the access log. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "serve.h"

/* CORS pre-flight */
static enum MHD_Result options(struct MHD_Connection *c, request *rq) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
  if (rq->srv->cors) {
    MHD_add_response_header(r, "Access-Control-Allow-Methods",
                            "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    MHD_add_response_header(r, "Access-Control-Allow-Headers",
                            "Accept, Authorization, Content-Type");
    MHD_add_response_header(r, "Access-Control-Max-Age", "600");
  }
  return send_response(c, rq, 204, r);
}

/* the request's context, made when its first line arrives */
void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  request *rq = calloc(1, sizeof *rq);
  if (!rq) return NULL;
  rq->srv = cls;
  rq->start_ms = now_ms();
  rq->uri = strdup(uri ? uri : "");
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  strcpy(rq->client, "-");
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
                rq->client, sizeof rq->client);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                rq->client, sizeof rq->client);
  }
  return rq;
}

/* the request is over: one access-log line, the slot back */
void on_done(void *cls, struct MHD_Connection *c, void **ctx,
             enum MHD_RequestTerminationCode why) {
  (void)c;
  server *srv = cls;
  request *rq = *ctx;
  if (!rq) return;
  stream_finish(rq);
  if (rq->slot) {
    pthread_mutex_lock(&srv->mu);
    srv->active--;
    pthread_cond_broadcast(&srv->idle);
    pthread_mutex_unlock(&srv->mu);
  }
  if (!srv->quiet) {
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* the path only: a query string can be long and hold tokens */
    size_t plen = strcspn(rq->uri, "?");
    fprintf(stderr, "%s %s %s %.*s%s %u %llu %lldms%s\n", when, rq->client,
            *rq->method ? rq->method : "-", (int)(plen > 200 ? 200 : plen),
            rq->uri, plen > 200 ? "..." : "", rq->status,
            (unsigned long long)rq->bytes, now_ms() - rq->start_ms,
            why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut)");
  }
  free(rq->body);
  free(rq->uri);
  free(rq);
  *ctx = NULL;
}

/* a worker slot: at most --threads requests use the store at once, and
 * --queue more wait for one (up to the default timeout, else 10 s);
 * past that the server is saturated */
static int take_slot(request *rq) {
  server *srv = rq->srv;
  long wait = srv->timeout_ms > 0 ? srv->timeout_ms : 10000;
  struct timespec until = monotonic_at(now_ms() + wait);
  pthread_mutex_lock(&srv->mu);
  int ok = 0;
  if (!srv->stopping && srv->active >= srv->threads &&
      srv->queued < srv->queue) {
    srv->queued++;
    while (!srv->stopping && srv->active >= srv->threads)
      if (pthread_cond_timedwait(&srv->idle, &srv->mu, &until) != 0) break;
    srv->queued--;
  }
  ok = !srv->stopping && srv->active < srv->threads;
  if (ok) srv->active++;
  pthread_mutex_unlock(&srv->mu);
  rq->slot = ok;
  return ok;
}

static int is_path(const char *url, const char *p) {
  size_t n = strlen(p);
  return !strncmp(url, p, n) && (url[n] == '\0' || url[n] == '/');
}

enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                           const char *url, const char *method,
                           const char *version, const char *data,
                           size_t *size, void **ctx) {
  (void)cls, (void)version;
  request *rq = *ctx;
  if (!rq) return MHD_NO;
  if (!*rq->method) {
    snprintf(rq->method, sizeof rq->method, "%s", method);
    return MHD_YES; /* headers only: the body comes next */
  }
  if (*size) {
    /* keep the body, up to the limit; past it, read and drop the rest */
    if (!rq->too_big && rq->len + *size > rq->srv->max_body) {
      rq->too_big = 1;
      free(rq->body);
      rq->body = NULL;
      rq->len = rq->cap = 0;
    }
    if (!rq->too_big) {
      if (rq->len + *size + 1 > rq->cap) {
        size_t cap = rq->cap ? rq->cap : 4096;
        while (cap < rq->len + *size + 1) cap *= 2;
        char *b = realloc(rq->body, cap);
        if (!b) return MHD_NO;
        rq->body = b;
        rq->cap = cap;
      }
      memcpy(rq->body + rq->len, data, *size);
      rq->len += *size;
      rq->body[rq->len] = '\0';
    }
    *size = 0;
    return MHD_YES;
  }
  if (rq->too_big)
    return send_textf(c, rq, 413, "the request body is over the limit of "
                      "%zu bytes (--max-body)", rq->srv->max_body);
  if (!strcmp(method, "OPTIONS")) return options(c, rq);
  int sparql = is_path(url, "/sparql") || is_path(url, "/query") ||
               is_path(url, "/update");
  int store = is_path(url, "/store");
  if (!strcmp(url, "/") || !strcmp(url, "/index.html")) {
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
      return send_text(c, rq, 405, "the page is read with GET");
    return handle_page(c, rq);
  }
  if (!sparql && !store)
    return send_textf(c, rq, 404, "no such endpoint: %s (try /sparql, "
                      "/query, /update, /store or /)", url);
  if (!take_slot(rq)) return send_busy(c, rq);
  return sparql ? handle_sparql(c, rq, url) : handle_store(c, rq, url);
}
