/* results_json.c - SPARQL 1.1 Query Results JSON Format writer (streaming). */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "results/results.h"

/* RFC 8259 string escapes: the short ones N-Triples also has, other
 * control characters (not DEL) as \uXXXX. */
static const char *esc_json(unsigned cp, char buf[16]) {
  const char *e = kg_echar(cp);
  if (e) return e;
  if (cp < 0x20) {
    snprintf(buf, 16, "\\u%04X", cp);
    return buf;
  }
  return NULL;
}

static void put_str(FILE *out, const char *s, size_t len) {
  fputc('"', out);
  kg_put_utf8(out, s, len, esc_json);
  fputc('"', out);
}

static void put_cstr(FILE *out, const char *s) { put_str(out, s, strlen(s)); }

static void head(FILE *out, const kg_rowsrc *src) {
  fputs("{\n  \"head\": { \"vars\": [", out);
  for (size_t i = 0; i < src->ncols; i++) {
    fputs(i ? ", " : " ", out);
    put_cstr(out, src->column(src->ctx, i));
  }
  fputs(src->ncols ? " ] },\n" : "] },\n", out);
  fputs("  \"results\": {\n    \"bindings\": [", out);
}

static const char *const type_names[] = {
  [KG_TERM_IRI] = "uri", [KG_TERM_BLANK] = "bnode",
  [KG_TERM_LITERAL] = "literal",
};

static void put_term(FILE *out, const kg_term *t) {
  size_t len = t->kind == KG_TERM_LITERAL ? t->len : strlen(t->value);
  fprintf(out, "{ \"type\": \"%s\", \"value\": ", type_names[t->kind]);
  put_str(out, t->value, len);
  if (t->kind == KG_TERM_LITERAL && t->lang && *t->lang) {
    fputs(", \"xml:lang\": ", out);
    put_cstr(out, t->lang);
  } else if (t->kind == KG_TERM_LITERAL && t->datatype) {
    fputs(", \"datatype\": ", out);
    put_cstr(out, t->datatype);
  }
  fputs(" }", out);
}

static void row(FILE *out, const kg_rowsrc *src, size_t index) {
  fputs(index ? ",\n      {" : "\n      {", out);
  int first = 1;
  for (size_t i = 0; i < src->ncols; i++) {
    const kg_term *t = src->value(src->ctx, i);
    if (!t || t->kind == KG_TERM_NONE) continue;
    fputs(first ? "\n        " : ",\n        ", out);
    first = 0;
    put_cstr(out, src->column(src->ctx, i));
    fputs(": ", out);
    put_term(out, t);
  }
  fputs(first ? "}" : "\n      }", out);
}

static void foot(FILE *out, const kg_rowsrc *src) {
  (void)src;
  fputs("\n    ]\n  }\n}\n", out);
}

static void boolean(FILE *out, int value) {
  fprintf(out, "{\n  \"head\": {},\n  \"boolean\": %s\n}\n",
          value ? "true" : "false");
}

const kg_results_format kg_results_json = {head, row, foot, boolean};
