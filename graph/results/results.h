/* results.h - internal: SPARQL result-set writers (json, xml, csv, tsv, markdown). */
#ifndef KG_RESULTS_H
#define KG_RESULTS_H

#include <stdio.h>

#include "io/rdfwrite.h"
#include "kg.h"

/* A source of result rows. The writers see results only through this, so
 * they can be driven by a kg_result (kg_results_write) or by anything else
 * that produces rows (tests, SERVICE tables). */
typedef struct kg_rowsrc {
  void *ctx;
  int is_boolean;  /* 1: an ASK result, `boolean` holds it; 0: bindings */
  int boolean;
  size_t ncols;
  /* Column name without '?'. */
  const char *(*column)(void *ctx, size_t i);
  /* Advances: 1 = a row, 0 = end, -1 = error (filled into err). */
  int (*next)(void *ctx, kg_error *err);
  /* The current row's value; NULL or kind KG_TERM_NONE = unbound. */
  const kg_term *(*value)(void *ctx, size_t col);
} kg_rowsrc;

/* One output format. `head` is called once before the rows, `row` for each
 * row (index counts from 0), `foot` once after; `boolean` alone for an ASK
 * result. Output errors are found afterwards with ferror(). */
typedef struct kg_results_format {
  void (*head)(FILE *out, const kg_rowsrc *src);
  void (*row)(FILE *out, const kg_rowsrc *src, size_t index);
  void (*foot)(FILE *out, const kg_rowsrc *src);
  void (*boolean)(FILE *out, int value);
} kg_results_format;

extern const kg_results_format kg_results_json;
extern const kg_results_format kg_results_xml;
extern const kg_results_format kg_results_csv;
extern const kg_results_format kg_results_tsv;
extern const kg_results_format kg_results_markdown;

/* A row of the one table of output formats (formats.c): the public
 * descriptor, the writer of result sets and the RDF syntax of statements
 * that its name stands for. */
typedef struct kg_format_def {
  kg_format pub;                   /* what kg_format_at hands out */
  const kg_results_format *rows;   /* SELECT and ASK, or NULL */
  rdf_syntax syntax;               /* CONSTRUCT, DESCRIBE, export, or
                                      RDF_NONE */
  const char *draw;                /* CONSTRUCT and DESCRIBE drawn as a
                                      picture (kg_draw_result) in this
                                      format, or NULL */
} kg_format_def;

/* The row with `name` as its name or an alias, case-insensitive, or NULL. */
const kg_format_def *kg_format_lookup(const char *name);

/* The RDF syntax of an export format (NULL: turtle) into *out, or
 * KG_ERR_UNSUPPORTED naming the formats that export. */
kg_status kg_export_syntax(const char *format, rdf_syntax *out,
                           kg_error *err);

/* The result-set writer called `name` (a format that writes bindings), or
 * NULL. */
const kg_results_format *kg_results_format_find(const char *name);

/* Writes every row of `src` in `format`, one row at a time as `next`
 * produces it. KG_ERR_UNSUPPORTED for an unknown format, KG_ERR_IO when a
 * write fails, or the source's own error. */
kg_status kg_rows_write(const kg_rowsrc *src, const char *format, FILE *out,
                        kg_error *err);

/* The same for a BINDINGS or BOOLEAN kg_result (the rest of its rows). */
kg_status kg_results_write(kg_result *r, const char *format, FILE *out,
                           kg_error *err);

/* ------------------------------------------- shared text output helpers */

/* Writes s[0..len) as UTF-8, replacing each invalid byte sequence with
 * U+FFFD. For each code point, `esc` (may be NULL) may return a string to
 * write instead of it; NULL keeps the character. */
typedef const char *(*kg_escape_fn)(unsigned cp, char buf[16]);
void kg_put_utf8(FILE *out, const char *s, size_t len, kg_escape_fn esc);

/* Writes a term in Turtle / N-Triples form ("<iri>", "_:b", "\"x\"@en",
 * "\"x\"^^<dt>"). Flags: KG_TT_SHORT_NUMBERS writes an xsd:integer,
 * xsd:decimal or xsd:double whose lexical form is a Turtle number bare;
 * KG_TT_PIPE also escapes '|' as "\|" (for Markdown tables). */
enum { KG_TT_SHORT_NUMBERS = 1, KG_TT_PIPE = 2 };
void kg_put_turtle_term(FILE *out, const kg_term *t, int flags);

#endif /* KG_RESULTS_H */
