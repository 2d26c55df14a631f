/* table.c - sp_table, a result set in memory, and the calls the result
 * readers build it with (kept apart from the dispatcher in results_read.c
 * so that the readers depend on it and nothing depends back). */
#include "results/results_read.h"

#include "grow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sp_table *sp_table_new(void) {
  sp_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->arena = arena_new();
  if (!t->arena) {
    free(t);
    return NULL;
  }
  return t;
}

void sp_table_free(sp_table *t) {
  if (!t) return;
  free(t->cols);
  free(t->cells);
  arena_free(t->arena);
  free(t);
}

long sp_table_add_column(sp_table *t, const char *name, size_t len) {
  if (t->nrows) return -1;
  if (!grow(&t->cols, &t->cap_cols, t->ncols + 1, sizeof *t->cols, 8))
    return -1;
  char *copy = arena_strndup(t->arena, name, len);
  if (!copy) return -1;
  t->cols[t->ncols] = copy;
  return (long)t->ncols++;
}

long sp_table_column(const sp_table *t, const char *name, size_t len) {
  for (size_t i = 0; i < t->ncols; i++)
    /* an empty name may come as NULL (an empty CSV header field) */
    if (strlen(t->cols[i]) == len && (!len || !memcmp(t->cols[i], name, len)))
      return (long)i;
  return -1;
}

kg_term *sp_table_add_row(sp_table *t) {
  size_t width = t->ncols ? t->ncols : 1;  /* a row is ncols cells */
  if (!grow(&t->cells, &t->cap_rows, t->nrows + 1, width * sizeof *t->cells,
            16))
    return NULL;
  kg_term *row = t->cells + t->nrows * t->ncols;
  memset(row, 0, t->ncols * sizeof *row);
  t->nrows++;
  return row;
}

int sp_table_set(sp_table *t, kg_term *dst, const kg_term *src) {
  kg_term c = {.kind = src->kind};
  if (src->kind == KG_TERM_NONE) {
    *dst = c;
    return 0;
  }
  /* An IRI or label may come with len 0 (NUL-terminated, as kg_iri). */
  size_t len = src->len || src->kind == KG_TERM_LITERAL ? src->len
                                                        : strlen(src->value);
  c.value = arena_strndup(t->arena, src->value, len);
  c.len = len;
  if (!c.value) return -1;
  if (src->kind == KG_TERM_LITERAL && src->lang && *src->lang) {
    char *lang = arena_strdup(t->arena, src->lang);
    if (!lang) return -1;
    for (char *p = lang; *p; p++)  /* kg_term languages are lowercase */
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    c.lang = lang;
  } else if (src->kind == KG_TERM_LITERAL && src->datatype) {
    if (!(c.datatype = arena_strdup(t->arena, src->datatype))) return -1;
  }
  *dst = c;
  return 0;
}

/* --------------------------------------------------------------- errors */

kg_status sp_results_error(kg_error *err, kg_status st, long line, long col,
                           const char *fmt, ...) {
  if (!err) return st;
  memset(err, 0, sizeof *err);
  err->status = st;
  snprintf(err->file, sizeof err->file, "<results>");
  err->line = line;
  err->column = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return st;
}
