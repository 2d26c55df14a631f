/* result.h - kg_result: the common shape of query answers, statement
 * lists and tables, produced row by row by a source. */
#ifndef KG_RESULT_H
#define KG_RESULT_H

#include "internal.h"
#include "lock.h"

/* A row source: next() fills r->row (BINDINGS) or r->quad (GRAPH) and
 * returns 1, 0 at the end, -1 on error (err filled). */
typedef int (*result_next_fn)(kg_result *r, void *src, kg_error *err);
typedef void (*result_free_fn)(void *src);

struct kg_result {
  kg_result_type type;
  kg_store *st;             /* the store the rows come from */
  kg_lock *lock;            /* its lock, taken to read and free the rows
                               (NULL: rows that need none) */
  int boolean;
  size_t ncols;
  char **cols;
  kg_term *row;             /* ncols terms, set by the source */
  kg_quad quad;
  unsigned long long added, removed;
  int uncounted;            /* an update a server ran: counts unknown */
  result_next_fn next;
  result_free_fn free_src;
  void *src;
  int done;
  kg_store *via;            /* the reader the rows come from (NULL:
                               the store itself; see store/readers.c) */
  void (*release)(void *);  /* called with `via` once the rows are freed */
  char **warnings;          /* for the user, not errors (owned) */
  size_t nwarnings, capwarnings;
};

/* New result of a type; columns are copied. NULL when out of memory. */
kg_result *result_new(kg_result_type type, kg_store *st, const char **cols,
                      size_t ncols);
void result_set_source(kg_result *r, result_next_fn next, result_free_fn fr,
                       void *src);
/* Adds a warning (takes the malloc'd string). -1 when out of memory (the
 * string is then freed). */
int result_add_warning(kg_result *r, char *msg);

#endif
