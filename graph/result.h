/* result.h - kg_result: the common shape of query answers, statement
 * lists and tables, produced row by row by a source. */
#ifndef KG_RESULT_H
#define KG_RESULT_H

#include "store/store.h"

/* A row source: next() fills r->row (BINDINGS) or r->quad (GRAPH) and
 * returns 1, 0 at the end, -1 on error (err filled). */
typedef int (*result_next_fn)(kg_result *r, void *src, kg_error *err);
typedef void (*result_free_fn)(void *src);

struct kg_result {
  kg_result_type type;
  kg_store *st;
  int boolean;
  size_t ncols;
  char **cols;
  kg_term *row;             /* ncols terms, set by the source */
  kg_quad quad;
  unsigned long long added, removed;
  result_next_fn next;
  result_free_fn free_src;
  void *src;
  int done;
};

/* New result of a type; columns are copied. NULL when out of memory. */
kg_result *result_new(kg_result_type type, kg_store *st, const char **cols,
                      size_t ncols);
void result_set_source(kg_result *r, result_next_fn next, result_free_fn fr,
                       void *src);

/* A source that yields quads of a pattern from the store's view. */
kg_status result_scan(kg_store *st, const kg_pattern *p, kg_result **out,
                      kg_error *err);

/* Statements per graph (graph 0 = default, always first), sorted by id.
 * *out is new (free()). */
typedef struct graph_count {
  kg_id g;
  long long n;
} graph_count;
kg_status store_graph_counts(kg_store *st, graph_count **out, size_t *n,
                             kg_error *err);

/* The term of an id (borrowed from the dictionary). */
static inline int store_term(kg_store *st, kg_id id, kg_term *t) {
  return dict_term(st->dict, id, t);
}

#endif
