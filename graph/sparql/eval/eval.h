/* eval.h - the evaluator: pull iterators over solution rows.
 *
 * A row is an array of term ids, one per query variable (0 = unbound).
 * Ids below EV_LOCAL are the store's dictionary ids; ids from EV_LOCAL up
 * are terms computed during the query (BIND, functions, VALUES constants
 * the store does not hold), kept in the query's own table. Every term has
 * exactly one id, so id equality is sameTerm.
 *
 * An iterator is opened with an input row `in`: operators that can take
 * bindings from outside (basic graph patterns, paths, unions and joins of
 * them) use them to narrow their scans (index nested-loop join); the rest
 * are evaluated on their own and joined by hashing.
 */
#ifndef SP_EVAL_H
#define SP_EVAL_H

#include <stdint.h>

#include "result.h"
#include "store/inline.h"
#include "store/store.h"
#include "sparql/algebra.h"
#include "sparql/value/value.h"

#define EV_LOCAL 0x80000000u

typedef struct ev_ctx ev_ctx;
typedef struct ev_iter ev_iter;
typedef struct ev_svc_cache ev_svc_cache;

/* The dataset a pattern is matched against. */
typedef struct ev_graph {
  int kind;          /* EG_DEFAULT, EG_FIXED (id), EG_VAR (var) */
  kg_id id;
  int var;
} ev_graph;
enum { EG_DEFAULT, EG_FIXED, EG_VAR };

struct ev_iter {
  /* 1: `row` holds the next solution; 0: no more; -1: error (ctx->err) */
  int (*next)(ev_iter *it, kg_id *row);
  /* Starts again with a new input row (may be NULL for "unchanged"). */
  void (*reopen)(ev_iter *it, const kg_id *in);
  void (*free)(ev_iter *it);
  ev_ctx *cx;
};

/* Local terms: computed during the query. */
typedef struct ev_local {
  kg_term *terms;
  size_t n, cap;
  uint32_t *slot;      /* hash table of indexes+1 */
  size_t nslot;
} ev_local;

/* `.explain analyze`: what one operator did, kept by algebra node
 * (eval_prof.c). */
typedef struct ev_prof_level {
  int triple;                /* the pattern: an index into n->triples */
  double est;                /* rows estimated out of this level */
  unsigned long long rows;   /* rows out of it (its filters passed) */
  sp_expr **filters;         /* filters placed here (borrowed: ctx arena) */
  int nfilters;
  int star;                  /* matched in its subject's statements, read
                                once for the patterns sharing this bound
                                subject variable; -1 an index scan */
  int hash;                  /* joined by hashing on this variable; -1 */
  uint32_t ranged;           /* filters (by place) the scan decides by id */
} ev_prof_level;

typedef struct ev_prof_node {
  const sp_node *n;
  unsigned long long loops;  /* runs: read after an open or a reopen */
  unsigned long long rows;   /* handed out, over all runs */
  const char *how;           /* the way chosen (a join's), or NULL */
  /* BGP: the planner's order at its first open, a level a pattern, each
   * estimate counting the levels before it */
  ev_prof_level *levels;
  int nlevels;
  double est;                /* rows estimated (explain.c), once est_done */
  int est_done;
} ev_prof_node;

typedef struct ev_prof {
  ev_prof_node **slot;       /* hash table by node */
  size_t n, nslot;
} ev_prof;

struct ev_ctx {
  kg_store *st;
  kg_view view;
  const sp_query *q;
  int nvars;
  sp_fctx f;                 /* function context (arena: per query) */
  arena *arena;           /* long-lived strings of this query */
  ev_local local;
  inline_texts texts;        /* the texts of inline ids it has shown, its
                                own: numbers it computes leave nothing in
                                the store's dictionary */
  kg_error *err;
  int failed;
  /* dataset */
  int union_default;         /* default graph = union of all graphs */
  kg_id *from;               /* FROM graphs (default graph = their merge) */
  int nfrom;
  kg_id *from_named;         /* FROM NAMED (restricts GRAPH ?g) */
  int nfrom_named;
  int has_from_named;
  kg_id type_id;             /* rdf:type, for statistics */
  const ev_graph *active;    /* active graph for EXISTS in expressions */
  unsigned long long steps;  /* work counter for cancellation checks */
  double deadline;           /* kg_now() past which it stops; 0 = none */
  size_t mem_limit;          /* heap growth allowed, bytes; 0 = none */
  size_t mem_base;           /* the heap in use when it started */
  long timeout_ms, max_memory_mb; /* the limits as given, for messages */
  const volatile int *cancel; /* the caller's stop flag, or NULL */
  unsigned deny;             /* KG_DENY_* of the caller */
  const char *const *allow_hosts; /* borrowed from the query options */
  ev_prof *prof;             /* counting for .explain analyze, or NULL */
  ev_svc_cache *svc_cache;   /* SERVICE answers of this query, or NULL
                                (eval_service.c; freed by ev_ctx_clear) */
};

/* ------------------------------------------------------------- context */

kg_status ev_ctx_init(ev_ctx *cx, kg_store *st, const sp_query *q,
                      kg_error *err);
void ev_ctx_clear(ev_ctx *cx);
/* FROM / FROM NAMED (or USING / USING NAMED in updates) as the dataset;
 * nothing changes when both are empty (eval_graph.c). */
kg_status ev_set_dataset(ev_ctx *cx, const char **from, int nfrom,
                         const char **named, int nnamed, kg_error *err);

/* Fails the query: sets the error once and returns -1. */
int ev_fail(ev_ctx *cx, kg_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Every so often: 1 if the store was interrupted, the caller's cancel flag
 * is set, or the statement ran past its time or memory limit (and the
 * error set). */
int ev_cancelled(ev_ctx *cx);
/* The caller's limits (cancel flag, time and memory, deny flags) from
 * now; opt may be NULL. */
void ev_set_limits(ev_ctx *cx, const kg_query_options *opt);

/* Term of an id (store or local); 0 if none. */
int ev_term(ev_ctx *cx, kg_id id, kg_term *t);
/* Id for a term: the store's id if it has the term, else a local id
 * (interning it); 0 on out of memory. */
kg_id ev_intern(ev_ctx *cx, const kg_term *t);
/* The store's id of a term, or 0 (never creates one). */
kg_id ev_lookup(ev_ctx *cx, const kg_term *t);
/* Value of an id (strings borrowed). */
sp_val ev_value(ev_ctx *cx, kg_id id);
/* Id of a computed value (interned); 0 for an error value. */
kg_id ev_value_id(ev_ctx *cx, const sp_val *v);

/* Id for a query term (constant); a blank node in data templates or a
 * variable gives 0. */
kg_id ev_const(ev_ctx *cx, const sp_term *t);

/* --------------------------------------------------------- expressions */

/* Evaluates e over row; SPV_ERROR for errors (unbound, type errors). */
sp_val ev_expr(ev_ctx *cx, const sp_expr *e, const kg_id *row);
/* Effective boolean value: 1 true, 0 false or error. */
int ev_filter(ev_ctx *cx, const sp_expr *e, const kg_id *row);
/* ev_filter in graph g (the one its EXISTS patterns match in). */
int ev_filter_in(ev_ctx *cx, const sp_expr *e, const kg_id *row,
                 const ev_graph *g);
/* Variables an expression reads (not counting EXISTS patterns): sets
 * bits in `vars` (nvars bytes). Returns 1 if it has EXISTS. */
int ev_expr_vars(const sp_expr *e, unsigned char *vars);

/* ----------------------------------------------------------- iterators */

/* Opens node with input row `in` (NULL = nothing bound) in graph g. */
ev_iter *ev_open(ev_ctx *cx, const sp_node *n, const kg_id *in,
                 const ev_graph *g);
void ev_free(ev_iter *it);

/* 1 if node gives the same result evaluated with an input row as joined
 * with it afterwards (so the row may narrow its scans). */
int ev_takes_input(const sp_query *q, const sp_node *n);

/* Variables certainly / possibly bound by every solution of a node. */
void ev_node_vars(const sp_query *q, const sp_node *n, unsigned char *cert,
                  unsigned char *maybe);

/* Specific operators (eval_*.c). */
ev_iter *ev_open_bgp(ev_ctx *cx, const sp_node *n, sp_expr **filters,
                     int nfilters, const kg_id *in, const ev_graph *g);
ev_iter *ev_open_path(ev_ctx *cx, const sp_node *n, const kg_id *in,
                      const ev_graph *g);
ev_iter *ev_open_group(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g);
/* ORDER BY: all rows sorted, or only the first n->topk (eval_order.c) */
ev_iter *ev_open_order(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g);
ev_iter *ev_open_service(ev_ctx *cx, const sp_node *n, const kg_id *in,
                         const ev_graph *g);
/* A bound join (eval_bind.c): the rows of `a` (taken over: freed with the
 * iterator, or on failure) joined with SERVICE node `svc`, whose requests
 * carry the rows' bindings as VALUES, a batch of rows at a time; `left`
 * keeps rows without a match (OPTIONAL), after `expr` (its filter, or
 * NULL). `join` is the node profiled, or NULL. */
ev_iter *ev_open_bound(ev_ctx *cx, const sp_node *join, const sp_node *svc,
                       ev_iter *a, int left, const sp_expr *expr,
                       const ev_graph *g);

/* join and left join (left = 1), union, minus (eval_join.c) */
ev_iter *ev_open_join(ev_ctx *cx, const sp_node *n, const kg_id *in,
                      const ev_graph *g, int left);
ev_iter *ev_open_union(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g);
ev_iter *ev_open_minus(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g);
ev_iter *ev_open_graph(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *outer);
/* PROJECT, DISTINCT, REDUCED, SLICE (eval_modifier.c) */
ev_iter *ev_open_modifier(ev_ctx *cx, const sp_node *n, const kg_id *in,
                          const ev_graph *g);

/* A row of nvars ids, all unbound (new, caller frees); a copy of src
 * into dst, or all unbound when src is NULL. */
kg_id *ev_row_new(ev_ctx *cx);
void ev_row_set(ev_ctx *cx, kg_id *dst, const kg_id *src);

/* Profiles (eval_prof.c): the record of node n, added when missing (NULL
 * without a profile, or out of memory: the query fails); the record or
 * NULL, never adding; `it` wrapped to count its rows and loops (it is
 * returned as it is without a profile; freed on failure). */
ev_prof_node *ev_prof_at(ev_ctx *cx, const sp_node *n);
ev_prof_node *ev_prof_find(const ev_prof *p, const sp_node *n);
ev_iter *ev_prof_wrap(ev_ctx *cx, const sp_node *n, ev_iter *it);
/* Records how node n runs (a static string), when profiling. */
void ev_prof_how(ev_ctx *cx, const sp_node *n, const char *how);
/* Frees the records (not p itself). */
void ev_prof_free(ev_prof *p);

/* eval_range.c: the ids of one inline kind (integers or dates, whose
 * ids sort by value) a level's FILTERs on its object let through. */
typedef struct ev_range {
  int64_t first, last;  /* the kind's ids */
  int64_t lo, hi;       /* the ids that pass (none when lo > hi) */
  uint32_t mask;        /* the level's filters decided, by place (< 32) */
} ev_range;
/* Narrows r by filter e (the level's filter number bit), when e compares
 * variable var with an integer or date constant of r's kind (any, while
 * r is empty): 1, or 0 when e is not such a comparison. */
int ev_range_add(const sp_expr *e, int var, int bit, ev_range *r);
/* A scan by range r of pattern pat (its object unbound): the ids below
 * r's kind and above it, tested as usual, and the run that passes r's
 * filters (*skip = r->mask). Starts the next segment that can hold a
 * quad (*seg -1 before the first); 0 when none is left. */
enum { SEG_BELOW, SEG_PASS, SEG_ABOVE, SEG_N };
int ev_range_next(ev_ctx *cx, const ev_range *r, const kg_pattern *pat,
                  kg_scan *sc, int *seg, uint32_t *skip);
/* The statements of pat that r's segments hold, at most `all`. */
double ev_range_count(ev_ctx *cx, const kg_pattern *pat, const ev_range *r,
                      double all);


/* A materialized list of rows. */
typedef struct ev_rows {
  kg_id *data;
  size_t n, cap, width;
} ev_rows;
int ev_rows_push(ev_rows *r, const kg_id *row);
void ev_rows_free(ev_rows *r);
/* Rows hashed on some of their columns (keys, malloc'd, owned): a hash
 * join's table. Fill rows and keys, then build (-1 out of memory, cx
 * failed); candidates for a probe row (its key columns set) are rows of
 * the same hash: first, then chain[i] for row i, as index + 1 (0: no
 * more). Compare each: another key may share the hash. */
typedef struct ev_rowhash {
  ev_rows rows;
  int *keys;
  int nkeys;
  uint32_t *bucket;      /* head index + 1 */
  uint32_t *chain;       /* next index + 1 */
  size_t nb;
} ev_rowhash;
int ev_rowhash_build(ev_ctx *cx, ev_rowhash *h);
size_t ev_rowhash_first(const ev_rowhash *h, const kg_id *probe);
void ev_rowhash_free(ev_rowhash *h);
/* Reads an iterator to the end into rows; -1 on error. */
int ev_drain(ev_iter *it, ev_rows *out);
/* it->next, failing (-1) when the store met damage meanwhile (a scan
 * ended early at a chunk that failed its checksum, a term unreadable):
 * what the store could not read never becomes an answer. */
int ev_next(ev_iter *it, kg_id *row);
/* An iterator over materialized rows (takes ownership of rows). */
ev_iter *ev_rows_iter(ev_ctx *cx, ev_rows *rows);

/* An iterator with no solutions, and with one (the input row). */
ev_iter *ev_empty(ev_ctx *cx);
ev_iter *ev_unit(ev_ctx *cx, const kg_id *in);

/* Graphs a GRAPH ?g pattern ranges over (FROM NAMED or every named
 * graph); new array (free()). */
kg_id *ev_named_graphs(ev_ctx *cx, size_t *n);

/* Compatible rows merge: 1 and out = a + b, or 0 if they disagree. */
int ev_merge(int nvars, const kg_id *a, const kg_id *b, kg_id *out);

/* SERVICE requests (eval_service.c). A batch row's state after
 * ev_service_batch: the index (>= 0) of the distinct tuple of bindings
 * sent for it, or one of these. */
enum { EV_SVC_PASS = -1,  /* SILENT failure: the row goes on unextended */
       EV_SVC_NONE = -2 }; /* cannot match (a blank node P must bind) */
/* Sends SERVICE `svc` for the rows of `batch`, one request per endpoint
 * (a variable endpoint groups the rows by its value): each row's state
 * into state[] (batch->n ints), the answers appended to `ans` as rows of
 * nvars + 1 ids: the solution (binding the VALUES it answers), then the
 * tuple it answers. -1 when the query fails (ctx error set). */
int ev_service_batch(ev_ctx *cx, const sp_node *svc, const ev_rows *batch,
                     int *state, ev_rows *ans);
/* Frees the answers kept for the query (NULL is fine). */
void ev_svc_cache_free(ev_svc_cache *c);

#endif /* SP_EVAL_H */
