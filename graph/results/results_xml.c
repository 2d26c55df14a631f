/* results_xml.c - SPARQL Query Results XML Format (Second Edition) writer (streaming). */
#include <stdio.h>
#include <string.h>

#include "results/results.h"

/* Characters XML 1.0 cannot carry at all, even as references, become
 * U+FFFD; '\r' is written as a reference so parsers keep it. */
static const char *esc_forbidden(unsigned cp) {
  if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
      cp == 0xFFFE || cp == 0xFFFF)
    return "\xEF\xBF\xBD";
  return NULL;
}

static const char *esc_text(unsigned cp, char buf[16]) {
  (void)buf;
  switch (cp) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '\r': return "&#xD;";
  }
  return esc_forbidden(cp);
}

/* Attribute values also keep quotes and whitespace characters exact. */
static const char *esc_attr(unsigned cp, char buf[16]) {
  switch (cp) {
  case '"': return "&quot;";
  case '\t': return "&#x9;";
  case '\n': return "&#xA;";
  }
  return esc_text(cp, buf);
}

static void put_attr(FILE *out, const char *name, const char *value) {
  fprintf(out, " %s=\"", name);
  kg_put_utf8(out, value, strlen(value), esc_attr);
  fputc('"', out);
}

static void start(FILE *out) {
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n", out);
}

static void head(FILE *out, const kg_rowsrc *src) {
  start(out);
  fputs("  <head>\n", out);
  for (size_t i = 0; i < src->ncols; i++) {
    fputs("    <variable", out);
    put_attr(out, "name", src->column(src->ctx, i));
    fputs("/>\n", out);
  }
  fputs("  </head>\n  <results>\n", out);
}

static const char *const elements[] = {
  [KG_TERM_IRI] = "uri", [KG_TERM_BLANK] = "bnode",
  [KG_TERM_LITERAL] = "literal",
};

static void put_term(FILE *out, const kg_term *t) {
  const char *el = elements[t->kind];
  fprintf(out, "<%s", el);
  if (t->kind == KG_TERM_LITERAL && t->lang && *t->lang)
    put_attr(out, "xml:lang", t->lang);
  else if (t->kind == KG_TERM_LITERAL && t->datatype)
    put_attr(out, "datatype", t->datatype);
  fputc('>', out);
  size_t len = t->kind == KG_TERM_LITERAL ? t->len : strlen(t->value);
  kg_put_utf8(out, t->value, len, esc_text);
  fprintf(out, "</%s>", el);
}

static void row(FILE *out, const kg_rowsrc *src, size_t index) {
  (void)index;
  fputs("    <result>\n", out);
  for (size_t i = 0; i < src->ncols; i++) {
    const kg_term *t = src->value(src->ctx, i);
    if (!t || t->kind == KG_TERM_NONE) continue;
    fputs("      <binding", out);
    put_attr(out, "name", src->column(src->ctx, i));
    fputc('>', out);
    put_term(out, t);
    fputs("</binding>\n", out);
  }
  fputs("    </result>\n", out);
}

static void foot(FILE *out, const kg_rowsrc *src) {
  (void)src;
  fputs("  </results>\n</sparql>\n", out);
}

static void boolean(FILE *out, int value) {
  start(out);
  fprintf(out, "  <head/>\n  <boolean>%s</boolean>\n</sparql>\n",
          value ? "true" : "false");
}

const kg_results_format kg_results_xml = {head, row, foot, boolean};
