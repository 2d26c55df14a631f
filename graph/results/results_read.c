/* results_read.c - the sp_table result set and sp_table_parse: format choice and sniffing. */
#include "results/results_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- table */

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
  if (t->ncols == t->cap_cols) {
    size_t cap = t->cap_cols ? t->cap_cols * 2 : 8;
    const char **cols = realloc(t->cols, cap * sizeof *cols);
    if (!cols) return -1;
    t->cols = cols;
    t->cap_cols = cap;
  }
  char *copy = arena_strndup(t->arena, name, len);
  if (!copy) return -1;
  t->cols[t->ncols] = copy;
  return (long)t->ncols++;
}

long sp_table_column(const sp_table *t, const char *name, size_t len) {
  for (size_t i = 0; i < t->ncols; i++)
    if (strlen(t->cols[i]) == len && memcmp(t->cols[i], name, len) == 0)
      return (long)i;
  return -1;
}

kg_term *sp_table_add_row(sp_table *t) {
  if (t->nrows == t->cap_rows) {
    size_t cap = t->cap_rows ? t->cap_rows * 2 : 16;
    size_t width = t->ncols ? t->ncols : 1;
    kg_term *cells = realloc(t->cells, cap * width * sizeof *cells);
    if (!cells) return NULL;
    t->cells = cells;
    t->cap_rows = cap;
  }
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

/* --------------------------------------------------------------- formats */

typedef kg_status (*parse_fn)(const char *, size_t, sp_table *, kg_error *);

static const struct {
  const char *name;
  parse_fn parse;
} names[] = {
  {"json", sp_results_parse_json},
  {"srj", sp_results_parse_json},
  {"application/sparql-results+json", sp_results_parse_json},
  {"application/json", sp_results_parse_json},
  {"xml", sp_results_parse_xml},
  {"srx", sp_results_parse_xml},
  {"application/sparql-results+xml", sp_results_parse_xml},
  {"application/xml", sp_results_parse_xml},
  {"text/xml", sp_results_parse_xml},
  {"csv", sp_results_parse_csv},
  {"text/csv", sp_results_parse_csv},
  {"tsv", sp_results_parse_tsv},
  {"text/tab-separated-values", sp_results_parse_tsv},
};

/* The parser for a name or media type; *sniff = 1 when none was given. */
static parse_fn by_name(const char *name, int *sniff) {
  *sniff = 0;
  if (!name) name = "";
  while (*name == ' ' || *name == '\t') name++;
  size_t n = strcspn(name, ";");
  while (n && (name[n - 1] == ' ' || name[n - 1] == '\t')) n--;
  if (n == 0 || (n == 4 && strncasecmp(name, "auto", 4) == 0)) {
    *sniff = 1;
    return NULL;
  }
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen(names[i].name) == n && strncasecmp(name, names[i].name, n) == 0)
      return names[i].parse;
  return NULL;
}

/* Tells the format from the first characters: '{' JSON, '<' XML, a
 * header starting with '?' or '$' or holding a tab TSV, else CSV. */
static parse_fn sniff(const char *data, size_t len) {
  size_t i = 0;
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) i++;
  if (i == len) return NULL;
  if (data[i] == '{') return sp_results_parse_json;
  if (data[i] == '<') return sp_results_parse_xml;
  size_t eol = i;
  while (eol < len && data[eol] != '\n') eol++;
  if (data[i] == '?' || data[i] == '$' || memchr(data + i, '\t', eol - i))
    return sp_results_parse_tsv;
  return sp_results_parse_csv;
}

kg_status sp_table_parse(const char *data, size_t len,
                         const char *format_or_mime, sp_table **out,
                         kg_error *err) {
  *out = NULL;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {  /* a UTF-8 BOM */
    data += 3;
    len -= 3;
  }
  int want_sniff;
  parse_fn parse = by_name(format_or_mime, &want_sniff);
  if (!parse && !want_sniff)
    return sp_results_error(err, KG_ERR_UNSUPPORTED, 0, 0,
                            "unknown result format '%s' (expected json, xml, "
                            "csv, tsv or their media types)",
                            format_or_mime);
  if (len == 0 || (!parse && !(parse = sniff(data, len))))
    return sp_results_error(err, KG_ERR_SYNTAX, 1, 1,
                            "empty document: no SPARQL results to read");
  sp_table *t = sp_table_new();
  if (!t)
    return sp_results_error(err, KG_ERR_NOMEM, 0, 0,
                            "out of memory reading results");
  kg_status st = parse(data, len, t, err);
  if (st != KG_OK) {
    sp_table_free(t);
    return st;
  }
  *out = t;
  return KG_OK;
}
