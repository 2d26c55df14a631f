/* stream.c - a query result streamed as a chunked response: a thread of
 * its own writes the result (kg_result_write into a FILE made with
 * fopencookie) into a bounded ring that libmicrohttpd's content reader
 * drains as the client reads. Memory stays at the ring's size whatever
 * the result's; a client that stops reading holds the writer only until
 * the request's deadline; one that goes away cancels the query. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve.h"

enum { RING = 64 * 1024 };

struct stream {
  server *srv;
  pthread_mutex_t mu;
  pthread_cond_t cv;     /* data added, data taken, done, gone */
  char ring[RING];
  size_t head, len;      /* the unread bytes: ring[head..head+len) */
  int done;              /* the writer finished */
  int failed;            /* ... with an error: the response is cut */
  int gone;              /* the response ended (client left or all sent) */
  int discard;           /* the writer failed before the status was sent:
                            what it flushes now is dropped */
  kg_error err;          /* the writer's failure */
  int refs;              /* the writer thread, the response */
  volatile int cancel;   /* the query's kg_query_options.cancel */
  long long deadline_ms;
  kg_result *r;
  const kg_media_type *mt;
  uint64_t sent;         /* bytes handed to libmicrohttpd */
};

stream *stream_new(server *srv, long timeout_ms) {
  stream *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->srv = srv;
  pthread_mutex_init(&s->mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&s->cv, &ca);
  pthread_condattr_destroy(&ca);
  s->deadline_ms = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
  s->refs = 3; /* the writer, the response, the request */
  return s;
}

const volatile int *stream_cancel_flag(stream *s) { return &s->cancel; }

static void destroy(stream *s) {
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->cv);
  free(s);
}

void stream_free(stream *s) {
  if (s) destroy(s);
}

static void unref(stream *s) {
  pthread_mutex_lock(&s->mu);
  int last = --s->refs == 0;
  pthread_mutex_unlock(&s->mu);
  if (last) destroy(s);
}

/* waits on the stream's condition, at most until its deadline (-1 once
 * past it) and at most a second, so that a stop of the server is seen */
static int wait_deadline(stream *s) {
  long long now = now_ms();
  if (s->deadline_ms && now >= s->deadline_ms) return -1;
  long long until = now + 1000;
  if (s->deadline_ms && s->deadline_ms < until) until = s->deadline_ms;
  struct timespec ts = monotonic_at(until);
  pthread_cond_timedwait(&s->cv, &s->mu, &ts);
  return 0;
}

/* the FILE's writes: into the ring, waiting while it is full */
static ssize_t ring_write(void *cookie, const char *buf, size_t n) {
  stream *s = cookie;
  size_t done = 0;
  pthread_mutex_lock(&s->mu);
  if (s->discard) done = n;
  while (done < n) {
    if (s->gone) break;
    if (s->len == RING) {
      /* the client stopped reading, or the server is stopping */
      if (s->srv->stopping || wait_deadline(s) < 0) break;
      continue;
    }
    size_t tail = (s->head + s->len) % RING;
    size_t room = RING - s->len, run = RING - tail;
    size_t k = n - done;
    if (k > room) k = room;
    if (k > run) k = run;
    memcpy(s->ring + tail, buf + done, k);
    s->len += k;
    done += k;
    pthread_cond_broadcast(&s->cv);
  }
  pthread_mutex_unlock(&s->mu);
  return done == n ? (ssize_t)n : -1;
}

static void *writer(void *arg) {
  stream *s = arg;
  cookie_io_functions_t io = {NULL, ring_write, NULL, NULL};
  FILE *f = fopencookie(s, "w", io);
  kg_error e;
  kg_error_clear(&e);
  kg_status st = KG_ERR_NOMEM;
  if (f) {
    setvbuf(f, NULL, _IOFBF, 16384);
    st = kg_result_write(s->r, s->mt->format, f, s->srv->st, &e);
    if (st != KG_OK) {
      /* nothing reached the ring yet: the request can still answer with
       * the error's status instead of a cut 200 */
      pthread_mutex_lock(&s->mu);
      s->discard = s->len == 0 && s->sent == 0;
      pthread_mutex_unlock(&s->mu);
    }
    if (fclose(f) != 0 && st == KG_OK) st = KG_ERR_IO;
  } else {
    e.status = KG_ERR_NOMEM;
    snprintf(e.message, sizeof e.message, "out of memory");
  }
  kg_result_free(s->r);
  gate_leave(&s->srv->gate, 0);
  pthread_mutex_lock(&s->mu);
  s->done = 1;
  s->failed = st != KG_OK;
  s->err = e;
  s->err.status = st;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  /* the slot and the count of streams, for shutdown */
  server *srv = s->srv;
  unref(s);
  pthread_mutex_lock(&srv->mu);
  srv->active--;
  srv->streams--;
  pthread_cond_broadcast(&srv->idle);
  pthread_mutex_unlock(&srv->mu);
  return NULL;
}

/* libmicrohttpd's content reader: the next bytes of the ring */
static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  stream *s = cls;
  pthread_mutex_lock(&s->mu);
  while (!s->len && !s->done) pthread_cond_wait(&s->cv, &s->mu);
  ssize_t n;
  if (s->len) {
    size_t k = s->len, run = RING - s->head;
    if (k > max) k = max;
    if (k > run) k = run;
    memcpy(buf, s->ring + s->head, k);
    s->head = (s->head + k) % RING;
    s->len -= k;
    s->sent += k;
    n = (ssize_t)k;
    pthread_cond_broadcast(&s->cv);
  } else {
    /* an error after the status was sent: cut the response, so the
     * client sees an incomplete chunked body, not a short result */
    n = s->failed ? MHD_CONTENT_READER_END_WITH_ERROR
                  : MHD_CONTENT_READER_END_OF_STREAM;
  }
  pthread_mutex_unlock(&s->mu);
  return n;
}

/* the response ended (sent, or the client went away) */
static void reader_done(void *cls) {
  stream *s = cls;
  pthread_mutex_lock(&s->mu);
  s->gone = 1;
  if (!s->done) s->cancel = 1;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  unref(s);
}

enum MHD_Result stream_start(struct MHD_Connection *c, request *rq,
                             stream *s, kg_result *r,
                             const kg_media_type *mt) {
  server *srv = rq->srv;
  s->r = r;
  s->mt = mt;
  pthread_mutex_lock(&srv->mu);
  srv->streams++;
  pthread_mutex_unlock(&srv->mu);
  rq->slot = 0; /* the writer gives the slot back */
  rq->stream = s;
  pthread_t t;
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  int started = pthread_create(&t, &a, writer, s) == 0;
  pthread_attr_destroy(&a);
  if (!started) {
    rq->slot = 1;
    kg_result_free(r);
    gate_leave(&srv->gate, 0);
    pthread_mutex_lock(&srv->mu);
    srv->streams--;
    pthread_mutex_unlock(&srv->mu);
    unref(s); /* the writer's */
    unref(s); /* the response's */
    return send_text(c, rq, 500, "cannot start a thread");
  }
  /* the status waits for the first bytes: a query that fails before it
   * writes any (a timeout, an evaluation error) gets its own status */
  pthread_mutex_lock(&s->mu);
  while (!s->len && !s->done) pthread_cond_wait(&s->cv, &s->mu);
  int early = s->done && s->failed && !s->len;
  kg_error e = s->err;
  pthread_mutex_unlock(&s->mu);
  if (early) {
    unref(s); /* no response will hold it */
    unsigned code = status_of(e.status);
    return send_textf(c, rq, code, "%s: %s", kg_strerror(e.status),
                      e.message);
  }
  struct MHD_Response *resp = MHD_create_response_from_callback(
      MHD_SIZE_UNKNOWN, 16384, reader, s, reader_done);
  if (!resp) {
    pthread_mutex_lock(&s->mu);
    s->gone = s->cancel = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    unref(s);
    return MHD_NO;
  }
  char ct[128];
  snprintf(ct, sizeof ct, "%s; charset=utf-8", mt->type);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
  return send_response(c, rq, 200, resp);
}

void stream_finish(request *rq) {
  stream *s = rq->stream;
  if (!s) return;
  rq->stream = NULL;
  pthread_mutex_lock(&s->mu);
  rq->bytes += s->sent;
  pthread_mutex_unlock(&s->mu);
  unref(s);
}
