/* results_markdown.c - result sets as a GitHub-flavoured Markdown table (streaming). */
#include <stdio.h>
#include <string.h>

#include "results/results.h"

static const char *esc_cell(unsigned cp, char buf[16]) {
  (void)buf;
  switch (cp) {
  case '|': return "\\|";
  case '\n': return "\\n";
  case '\r': return "\\r";
  }
  return NULL;
}

static void head(FILE *out, const kg_rowsrc *src) {
  /* A table needs a column; a result without variables gets an empty one. */
  size_t n = src->ncols ? src->ncols : 1;
  fputc('|', out);
  for (size_t i = 0; i < src->ncols; i++) {
    const char *name = src->column(src->ctx, i);
    fputc(' ', out);
    kg_put_utf8(out, name, strlen(name), esc_cell);
    fputs(" |", out);
  }
  fputs(src->ncols ? "\n|" : "  |\n|", out);
  for (size_t i = 0; i < n; i++) fputs(" --- |", out);
  fputc('\n', out);
}

/* Cells hold terms in Turtle form; an unbound variable is an empty cell. */
static void row(FILE *out, const kg_rowsrc *src, size_t index) {
  (void)index;
  fputc('|', out);
  for (size_t i = 0; i < src->ncols; i++) {
    const kg_term *t = src->value(src->ctx, i);
    fputc(' ', out);
    if (t) kg_put_turtle_term(out, t, KG_TT_SHORT_NUMBERS | KG_TT_PIPE);
    fputs(" |", out);
  }
  fputs(src->ncols ? "\n" : "  |\n", out);
}

static void foot(FILE *out, const kg_rowsrc *src) {
  (void)out;
  (void)src;
}

static void boolean(FILE *out, int value) {
  fprintf(out, "| boolean |\n| --- |\n| %s |\n", value ? "true" : "false");
}

const kg_results_format kg_results_markdown = {head, row, foot, boolean};
