/* serve.h - kgsh serve: what the server's files share (the server, a
 * request, the store gate, responses). serve/ uses only graph/kg.h. */
#ifndef KGSH_SERVE_H
#define KGSH_SERVE_H

#include "mhd.h"
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "kg.h"

/* Access to the one store handle. Queries enter shared, updates and
 * Graph Store writes exclusive; entering and leaving may happen on
 * different threads (a result is streamed by another thread than the one
 * that ran the query), so this is a mutex and a condition, not a
 * pthread_rwlock. On a directory store, reads of worker threads run on
 * readers of their own (kg_store_parallel_reads): queries then pass the
 * gate freely, and only writers take turns at it, so a slow reader never
 * holds up a writer. On a memory store every call takes the handle's
 * lock, and the gate keeps queries out of a writer's open transaction. */
typedef struct gate {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int readers;   /* inside, shared */
  int writer;    /* one inside, exclusive */
  int waiting_writers;
  int free_reads;  /* readers need not enter (a directory store) */
} gate;

/* Enters (shared or exclusive) waiting at most until deadline_ms
 * (CLOCK_MONOTONIC; 0 = no limit). 0 = in, -1 = the deadline passed. */
int gate_enter(gate *g, int exclusive, long long deadline_ms);
void gate_leave(gate *g, int exclusive);
long long now_ms(void);
/* The CLOCK_MONOTONIC time `ms` as a timespec, for pthread_cond_timedwait
 * on conditions made with that clock. */
struct timespec monotonic_at(long long ms);

typedef struct server {
  kg_store *st;
  gate gate;
  struct MHD_Daemon *daemon;
  /* options */
  const char *bind;
  int port;
  int update;            /* --update: /update and Graph Store writes */
  const char *token;     /* --token: Bearer token for writes, or NULL */
  const char *cors;      /* --cors origin ("*"), or NULL */
  long timeout_ms;       /* default query timeout */
  long max_timeout_ms;   /* the most a request may ask for */
  int threads;           /* requests worked on at once */
  int queue;             /* requests that may wait for one of them */
  size_t max_body;       /* bytes of a request body */
  unsigned deny;         /* KG_DENY_* for requests */
  const char *allow_hosts[33]; /* --allow-host: private addresses LOAD and
                            SERVICE may still reach (NULL-terminated) */
  int nallow;
  int quiet;             /* no access log */
  /* state */
  pthread_mutex_t mu;
  pthread_cond_t idle;
  int active;            /* requests holding a worker slot */
  int queued;            /* requests waiting for one */
  int streams;           /* result streams still running */
  volatile int stopping;
} server;

/* One HTTP request, from its first header to the response's end. */
typedef struct stream stream;

typedef struct request {
  server *srv;
  char *body;            /* the request body (NUL-terminated) */
  size_t len, cap;
  int too_big;           /* the body went past max_body */
  int slot;              /* holds a worker slot */
  unsigned status;       /* the response's status, for the log */
  uint64_t bytes;        /* body bytes sent (streams add theirs) */
  long long start_ms;
  char client[64];
  char method[16];
  char *uri;             /* path and query as requested */
  stream *stream;        /* a streamed result (holds a reference) */
} request;

/* ------------------------------------------------------------ http.c */

/* libmicrohttpd's callbacks (cls is the server): a request's context from
 * its first line, each call of the request, its end. */
void *on_uri(void *cls, const char *uri, struct MHD_Connection *c);
enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                           const char *url, const char *method,
                           const char *version, const char *data,
                           size_t *size, void **ctx);
void on_done(void *cls, struct MHD_Connection *c, void **ctx,
             enum MHD_RequestTerminationCode why);

/* --------------------------------------------------------- respond.c */

/* Queues a response with the status, setting the log fields and CORS
 * headers; the response is destroyed here. */
enum MHD_Result send_response(struct MHD_Connection *c, request *rq,
                              unsigned status, struct MHD_Response *r);
/* A text/plain response with `msg` (and a newline). */
enum MHD_Result send_text(struct MHD_Connection *c, request *rq,
                          unsigned status, const char *msg);
/* The same with printf formatting. */
enum MHD_Result send_textf(struct MHD_Connection *c, request *rq,
                           unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A body held in memory (taken: freed with the response). */
enum MHD_Result send_body(struct MHD_Connection *c, request *rq,
                          unsigned status, const char *ctype, char *data,
                          size_t len);
/* 503 with Retry-After. */
enum MHD_Result send_busy(struct MHD_Connection *c, request *rq);
/* 1 if the request may write: --update given and the token matches
 * (else the 403 is queued and *ret set). */
int may_write(struct MHD_Connection *c, request *rq, enum MHD_Result *ret);
/* The HTTP status of a library error: 400 for the caller's mistakes,
 * 403 for a policy, 503 for a timeout, 500 otherwise. */
unsigned status_of(kg_status s);

/* ------------------------------------------------------- negotiate.c */

/* The format for `what` (KG_FORMAT_BINDINGS or _GRAPHS): from `format`
 * (a format= or output= parameter: a name or a media type; NULL = look in
 * the URL) or else the Accept header with its q-values. NULL when nothing
 * acceptable exists (406). */
const kg_media_type *negotiate(struct MHD_Connection *c, const char *format,
                               unsigned what);
/* q-value of `type` in an Accept header (0 when not acceptable, 1 when
 * the header is NULL). */
double accept_q(const char *accept, const char *type);

/* ----------------------------------------------------------- sparql.c */

/* /query, /update, /sparql. */
enum MHD_Result handle_sparql(struct MHD_Connection *c, request *rq,
                              const char *path);

/* ------------------------------------------------------------ gsp.c */

/* /store and /store/PATH: the Graph Store HTTP Protocol. */
enum MHD_Result handle_store(struct MHD_Connection *c, request *rq,
                             const char *url);

/* ------------------------------------------------------ multipart.c */

/* One file of a multipart/form-data body. */
typedef struct part {
  char *type;   /* its Content-Type, or NULL */
  char *name;   /* its file name, or NULL */
  char *data;   /* NUL-terminated */
  size_t len, cap;
} part;

/* The files of the request's multipart/form-data body: *out (new, free
 * with parts_free) and their count. -1 when the body cannot be read. */
int multipart_parts(struct MHD_Connection *c, const char *body, size_t len,
                    part **out, size_t *n);
void parts_free(part *v, size_t n);

/* ------------------------------------------------------------- sd.c */

/* The Service Description of the endpoint at `path`. */
enum MHD_Result handle_description(struct MHD_Connection *c, request *rq,
                                   const char *path);

/* ----------------------------------------------------------- page.c */

/* GET /: the query page. */
enum MHD_Result handle_page(struct MHD_Connection *c, request *rq);

/* ---------------------------------------------------------- stream.c */

/* Runs the rest of `r` (a query result; taken) in `format` on a thread of
 * its own, streaming it as the response body (chunked). The request
 * holds the gate (shared) and a worker slot: both pass to the stream,
 * which leaves them when it is done. `cancel` is the flag the query was
 * run with (inside the stream: created by stream_new). */
stream *stream_new(server *srv, long timeout_ms);
const volatile int *stream_cancel_flag(stream *s);
void stream_free(stream *s);  /* before stream_start only */
enum MHD_Result stream_start(struct MHD_Connection *c, request *rq,
                             stream *s, kg_result *r,
                             const kg_media_type *mt);
/* The request is over: its byte count gets the stream's, and it lets the
 * stream go. */
void stream_finish(request *rq);

#endif
