/* remote.h - a store kept by a SPARQL server: what the files of
 * graph/remote/ share (open.c, request.c, query.c, info.c, transfer.c).
 * Files call down this list only: open, transfer, info, query, request. */
#ifndef KG_REMOTE_H
#define KG_REMOTE_H

#include "store/store.h"
#include "strbuf.h"
#include "results/results_read.h"
#include "results/results_stream.h"
#include "io/rdf_pull.h"

/* A SELECT answer kept for the session: statistics, graphs, completion
 * and the size ask the same questions again until an update. */
typedef struct remote_cached {
  char *query;
  sp_table *table;
} remote_cached;

enum { REMOTE_CACHE = 64 };

typedef struct remote {
  char *query_url;   /* SPARQL 1.1 Protocol: queries */
  char *update_url;  /* updates (the query URL unless given) */
  char *store_url;   /* the Graph Store Protocol, or NULL: INSERT DATA */
  char *userpwd;     /* from KGSH_USER, or NULL (never shown) */
  char *token;       /* from KGSH_TOKEN, or NULL (never shown) */
  remote_cached cache[REMOTE_CACHE];
  size_t ncache, next_slot;
} remote;

/* ------------------------------------------------------- request.c */

/* One HTTP exchange with the server: `body` (may be NULL) sent with
 * `ctype` by `method` (NULL: POST with a body, else GET) to `url`; the
 * answer into *out (its media type into *rtype when not NULL, new). A
 * status >= 400 fails with KG_ERR_NET and the server's own words. Polls
 * the store's interrupt flag and `cancel` (may be NULL). */
kg_status remote_http(kg_store *st, const char *method, const char *url,
                      const char *ctype, const char *body, size_t len,
                      const char *accept, long timeout_ms,
                      const volatile int *cancel, strbuf *out, char **rtype,
                      kg_error *err);

/* A query whose answer is read as it arrives: a form POSTed to `url`;
 * the same failures as remote_http. Its answer is read as a SPARQL result
 * document when `rows`, else as statements (N-Triples or Turtle; in
 * another syntax neither is made: the caller reads the rest whole). A
 * timeout_ms < 0 sets no limit on the whole (the answer may be read as
 * slowly as its reader likes); the interrupt flag and `cancel` (may be
 * NULL, borrowed) stop it. Free with remote_stream_free. */
typedef struct remote_stream remote_stream;
kg_status remote_stream_open(kg_store *st, const char *url, const char *body,
                             size_t len, int rows, const char *accept,
                             long timeout_ms, const volatile int *cancel,
                             remote_stream **out, kg_error *err);
/* An error of reading an answer (`s`, KG_ERR_SYNTAX or _UNSUPPORTED)
 * said as the server's answer of type `ctype` (may be NULL) not being
 * `what` (REMOTE_ROWS or REMOTE_RDF, below), with the line; KG_ERR_NET
 * then. Other statuses are returned as they are. */
kg_status remote_bad_answer(const char *ctype, const char *what, kg_status s,
                            kg_error *err);
#define REMOTE_ROWS "a SPARQL result"
#define REMOTE_RDF "valid RDF"
/* The rows (owned by the stream), and the answer's media type. */
sp_stream *remote_stream_rows(remote_stream *r);
rdf_pull *remote_stream_statements(remote_stream *r); /* or NULL */
/* The rest of the answer appended to `into`. */
kg_status remote_stream_rest(remote_stream *r, strbuf *into, kg_error *err);
const char *remote_stream_type(remote_stream *r);
void remote_stream_free(remote_stream *r);

/* The state of a server's store. */
static inline remote *remote_of(kg_store *st) { return st->remote_data; }

/* Forgets the cached answers (after every change). */
void remote_forget(kg_store *st);

/* --------------------------------------------------------- query.c */

/* kg_query on a server's store: checked by kgsh's parser (with the
 * session's prefixes), then sent with those prefixes declared. */
kg_status remote_query(kg_store *st, const char *sparql,
                       const kg_query_options *opt, kg_result **out,
                       kg_error *err);

/* A SELECT of kgsh's own (no prefixes added), answered from the cache
 * when asked before; the table is borrowed until the next change. */
kg_status remote_select(kg_store *st, const char *sparql,
                        const sp_table **out, kg_error *err);

/* The statements at `url` (a GET: the Graph Store Protocol), read as
 * they arrive when in N-Triples or Turtle. */
kg_status remote_get_graph(kg_store *st, const char *url, kg_result **out,
                           kg_error *err);

/* An update of kgsh's own, sent as it is. */
kg_status remote_update(kg_store *st, const char *sparql, kg_error *err);

/* A kg_result over a table (BINDINGS or BOOLEAN); takes `t`. */
kg_result *remote_table_result(kg_store *st, sp_table *t);

/* --------------------------------------------------------- info.c */

long long remote_size(kg_store *st);
kg_status remote_stats(kg_store *st, size_t top, kg_stats **out,
                       kg_error *err);
kg_status remote_graphs(kg_store *st, kg_result **out, kg_error *err);
kg_status remote_find(kg_store *st, const kg_term *s, const kg_term *p,
                      const kg_term *o, const kg_term *g, kg_result **out,
                      kg_error *err);
kg_status remote_iris(kg_store *st, const char *prefix, int role,
                      size_t max, kg_iri_fn fn, void *ctx, kg_error *err);
kg_status remote_change(kg_store *st, const kg_quad *q, int add,
                        int *changed, kg_error *err);

/* ----------------------------------------------------- transfer.c */

kg_status remote_load(kg_store *st, const char *path, const char *data,
                      size_t len, const kg_load_options *opt,
                      kg_load_stats *stats, kg_error *err);
kg_status remote_export(kg_store *st, FILE *out,
                        const kg_export_options *opt, kg_error *err);

#endif /* KG_REMOTE_H */
