/* results_sv.c - SPARQL 1.1 Query Results CSV and TSV writers (streaming). */
#include <stdio.h>
#include <string.h>

#include "results/results.h"

/* The formats define only SELECT results; an ASK result is written as a
 * one-column table "_askResult" holding true or false, as other stores
 * do, and the reader (results_read.c) reads it back as a boolean. */
#define ASK_COLUMN "_askResult"

/* ---------------------------------------------------------------- CSV */

static const char *esc_quoted(unsigned cp, char buf[16]) {
  (void)buf;
  return cp == '"' ? "\"\"" : NULL;
}

/* RFC 4180: a field with a comma, quote or line break is quoted. */
static void csv_field(FILE *out, const char *prefix, const char *s,
                      size_t len) {
  int quote = strpbrk(prefix, ",\"\r\n") != NULL;
  for (size_t i = 0; i < len && !quote; i++)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  if (quote) fputc('"', out);
  kg_put_utf8(out, prefix, strlen(prefix), esc_quoted);
  kg_put_utf8(out, s, len, esc_quoted);
  if (quote) fputc('"', out);
}

static void csv_head(FILE *out, const kg_rowsrc *src) {
  for (size_t i = 0; i < src->ncols; i++) {
    const char *name = src->column(src->ctx, i);
    if (i) fputc(',', out);
    csv_field(out, "", name, strlen(name));
  }
  fputs("\r\n", out);
}

/* Values are plain strings: an IRI bare, a literal's lexical form, a
 * blank node as _:label, an unbound variable as an empty field. */
static void csv_row(FILE *out, const kg_rowsrc *src, size_t index) {
  (void)index;
  for (size_t i = 0; i < src->ncols; i++) {
    const kg_term *t = src->value(src->ctx, i);
    if (i) fputc(',', out);
    if (!t || t->kind == KG_TERM_NONE) continue;
    if (t->kind == KG_TERM_LITERAL)
      csv_field(out, "", t->value, t->len);
    else
      csv_field(out, t->kind == KG_TERM_BLANK ? "_:" : "", t->value,
                strlen(t->value));
  }
  fputs("\r\n", out);
}

static void no_foot(FILE *out, const kg_rowsrc *src) {
  (void)out;
  (void)src;
}

static void csv_boolean(FILE *out, int value) {
  fprintf(out, ASK_COLUMN "\r\n%s\r\n", value ? "true" : "false");
}

const kg_results_format kg_results_csv = {csv_head, csv_row, no_foot,
                                          csv_boolean};

/* ---------------------------------------------------------------- TSV */

static const char *esc_name(unsigned cp, char buf[16]) {
  (void)buf;
  return cp <= 0x20 ? "_" : NULL;
}

static void tsv_head(FILE *out, const kg_rowsrc *src) {
  for (size_t i = 0; i < src->ncols; i++) {
    const char *name = src->column(src->ctx, i);
    fputs(i ? "\t?" : "?", out);
    kg_put_utf8(out, name, strlen(name), esc_name);
  }
  fputc('\n', out);
}

/* Values are RDF terms in Turtle syntax; numbers may be written bare. */
static void tsv_row(FILE *out, const kg_rowsrc *src, size_t index) {
  (void)index;
  for (size_t i = 0; i < src->ncols; i++) {
    const kg_term *t = src->value(src->ctx, i);
    if (i) fputc('\t', out);
    if (t) kg_put_turtle_term(out, t, KG_TT_SHORT_NUMBERS);
  }
  fputc('\n', out);
}

static void tsv_boolean(FILE *out, int value) {
  fprintf(out, "?" ASK_COLUMN "\n%s\n", value ? "true" : "false");
}

const kg_results_format kg_results_tsv = {tsv_head, tsv_row, no_foot,
                                          tsv_boolean};
