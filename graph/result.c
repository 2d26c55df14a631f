/* result.c - kg_result: the common shape of query answers, statement
 * lists and tables (its sources are elsewhere, e.g. store/find.c). */
#include "result.h"

#include "grow.h"

#include <stdlib.h>
#include <string.h>


kg_result *result_new(kg_result_type type, kg_store *st, const char **cols,
                      size_t ncols) {
  kg_result *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->type = type;
  r->st = st;
  if (ncols) {
    r->cols = calloc(ncols, sizeof *r->cols);
    r->row = calloc(ncols, sizeof *r->row);
    if (!r->cols || !r->row) {
      kg_result_free(r);
      return NULL;
    }
    r->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
      r->cols[i] = strdup(cols[i]);
      if (!r->cols[i]) {
        kg_result_free(r);
        return NULL;
      }
    }
  }
  return r;
}

void result_set_source(kg_result *r, result_next_fn next, result_free_fn fr,
                       void *src) {
  r->next = next;
  r->free_src = fr;
  r->src = src;
}

int result_add_warning(kg_result *r, char *msg) {
  if (!grow(&r->warnings, &r->capwarnings, r->nwarnings + 1,
            sizeof *r->warnings, 4)) {
    free(msg);
    return -1;
  }
  r->warnings[r->nwarnings++] = msg;
  return 0;
}

size_t kg_result_warnings(const kg_result *r) { return r ? r->nwarnings : 0; }

const char *kg_result_warning(const kg_result *r, size_t i) {
  return r && i < r->nwarnings ? r->warnings[i] : NULL;
}

void kg_result_free(kg_result *r) {
  if (!r) return;
  for (size_t i = 0; i < r->nwarnings; i++) free(r->warnings[i]);
  free(r->warnings);
  kg_lock *l = r->lock;
  if (l) lock_enter(l);
  if (r->free_src) r->free_src(r->src);
  if (l) lock_leave(l);
  if (r->release) r->release(r->via);
  for (size_t i = 0; i < r->ncols; i++) free(r->cols[i]);
  free(r->cols);
  free(r->row);
  free(r);
}

kg_result_type kg_result_kind(const kg_result *r) { return r->type; }
int kg_result_boolean(const kg_result *r) { return r->boolean; }
size_t kg_result_columns(const kg_result *r) { return r->ncols; }

const char *kg_result_column(const kg_result *r, size_t i) {
  return i < r->ncols ? r->cols[i] : NULL;
}

int kg_result_next(kg_result *r, kg_error *err) {
  kg_error_clear(err);
  if (r->done || !r->next) return 0;
  if (r->lock) lock_enter(r->lock);
  int rc = r->next(r, r->src, err);
  if (r->lock) lock_leave(r->lock);
  if (rc <= 0) r->done = 1;
  return rc;
}

const kg_term *kg_result_value(const kg_result *r, size_t col) {
  return col < r->ncols ? &r->row[col] : NULL;
}

const kg_quad *kg_result_quad(const kg_result *r) { return &r->quad; }
unsigned long long kg_result_added(const kg_result *r) { return r->added; }
unsigned long long kg_result_removed(const kg_result *r) { return r->removed; }
int kg_result_counted(const kg_result *r) { return !r->uncounted; }
