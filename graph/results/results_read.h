/* results_read.h - SPARQL result documents (JSON, XML, CSV, TSV) read into
 * an in-memory table: the table (table.c), the readers and the dispatcher
 * (results_read.c). */
#ifndef SP_RESULTS_READ_H
#define SP_RESULTS_READ_H

#include <stddef.h>

#include "kg.h"
#include "arena.h"

/* A result set in memory: an ASK answer, or named columns and rows of
 * terms. Every string belongs to the table's arena. */
typedef struct sp_table {
  int is_boolean;      /* 1: an ASK result, the answer in `boolean` */
  int boolean;
  size_t ncols;
  const char **cols;   /* column names, without '?' */
  size_t nrows;
  kg_term *cells;      /* nrows x ncols, row by row; KG_TERM_NONE = unbound */
  size_t cap_cols, cap_rows;  /* internal: allocated sizes */
  arena *arena;
} sp_table;

/* The term at (row, col). */
static inline const kg_term *sp_table_cell(const sp_table *t, size_t row,
                                           size_t col) {
  return &t->cells[row * t->ncols + col];
}

/* Parses a result document. `format_or_mime` is a format name (json, srj,
 * xml, srx, csv, tsv), a media type (application/sparql-results+json,
 * application/sparql-results+xml, text/csv, text/tab-separated-values;
 * parameters such as charset are ignored) or NULL/"" to tell from the
 * content. Errors carry the line and column where the parser knows them.
 *
 * CSV is lossy: a field "_:x" becomes a blank node, an empty field an
 * unbound value, any other a simple literal. A CSV or TSV document with
 * the single column _askResult and one row true/false is an ASK result. */
kg_status sp_table_parse(const char *data, size_t len,
                         const char *format_or_mime, sp_table **out,
                         kg_error *err);

void sp_table_free(sp_table *t);

/* ------------------------------------------------ building (table.c) */

/* An empty table (no columns, no rows), or NULL when out of memory. */
sp_table *sp_table_new(void);

/* Appends a column; only before the first row. Returns its index, or -1
 * when out of memory or rows exist. */
long sp_table_add_column(sp_table *t, const char *name, size_t len);

/* The index of the column called `name`, or -1. */
long sp_table_column(const sp_table *t, const char *name, size_t len);

/* Appends a row of unbound cells and returns it (ncols cells, valid until
 * the next sp_table_add_row), or NULL when out of memory. */
kg_term *sp_table_add_row(sp_table *t);

/* Copies `src` (its strings into the table's arena) to *dst, `len` bytes
 * of its value (an IRI or label with len 0 is read up to its NUL); the
 * language is lowercased. Returns 0, or -1 when out of memory. */
int sp_table_set(sp_table *t, kg_term *dst, const kg_term *src);

/* ---------------------------------------------- per-format parsers */

/* Each fills an empty table `t`; used by sp_table_parse. */
kg_status sp_results_parse_json(const char *data, size_t len, sp_table *t,
                                kg_error *err);
kg_status sp_results_parse_xml(const char *data, size_t len, sp_table *t,
                               kg_error *err);
kg_status sp_results_parse_csv(const char *data, size_t len, sp_table *t,
                               kg_error *err);
kg_status sp_results_parse_tsv(const char *data, size_t len, sp_table *t,
                               kg_error *err);

/* Fills err (may be NULL) with status, place (0 = unknown) and message;
 * returns `st`. The file is "<results>". */
kg_status sp_results_error(kg_error *err, kg_status st, long line, long col,
                           const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif /* SP_RESULTS_READ_H */
