/* render.c - showing results: aligned tables sized by terminal display
 * width (CJK wide, combining marks zero), or the chosen result format. */
#include <stdlib.h>
#include <string.h>

#include "shell.h"

enum { MIN_COL = 6 };

/* Escapes control characters so that a cell stays on one line: a display
 * form (\x01, quotes and backslashes as they are), not libkg's string
 * escapes of N-Triples, Turtle and JSON. */
static char *escape_controls(const char *s, size_t n) {
  buf b = {0};
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') buf_puts(&b, "\\n");
    else if (c == '\t') buf_puts(&b, "\\t");
    else if (c == '\r') buf_puts(&b, "\\r");
    else if (c < 0x20 || c == 0x7f) buf_printf(&b, "\\x%02x", c);
    else buf_putc(&b, (char)c);
  }
  return buf_take(&b);
}

static int plain_datatype(const char *dt) {
  static const char *const plain[] = {
    "string", "integer", "decimal", "double", "float", "boolean", "date",
    "dateTime", "int", "long", "nonNegativeInteger", "positiveInteger"};
  const char *x = "http://www.w3.org/2001/XMLSchema#";
  if (strncmp(dt, x, strlen(x))) return 0;
  for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
    if (!strcmp(dt + strlen(x), plain[i])) return 1;
  return 0;
}

char *term_display(shell *sh, const kg_term *t) {
  buf b = {0};
  char *v = escape_controls(t->value ? t->value : "", t->len);
  switch (t->kind) {
  case KG_TERM_IRI: {
    char *s = sh->st ? kg_prefix_shrink(sh->st, t->value) : NULL;
    if (s) buf_puts(&b, s);
    else buf_printf(&b, "<%s>", v);
    free(s);
    break;
  }
  case KG_TERM_BLANK:
    buf_printf(&b, "_:%s", v);
    break;
  case KG_TERM_LITERAL:
    buf_puts(&b, v);
    if (t->lang) {
      buf_printf(&b, "@%s", t->lang);
    } else if (t->datatype && !plain_datatype(t->datatype)) {
      char *s = sh->st ? kg_prefix_shrink(sh->st, t->datatype) : NULL;
      if (s) buf_printf(&b, "^^%s", s);
      else buf_printf(&b, "^^<%s>", t->datatype);
      free(s);
    }
    break;
  default:
    break;
  }
  free(v);
  return buf_take(&b);
}

/* Cuts text to `width` columns: IRIs and prefixed names lose their
 * middle (the local name stays visible), other text its end. */
static char *fit(const char *s, size_t width) {
  size_t n = strlen(s), w = text_width(s, n);
  if (w <= width) return strdup(s);
  int middle = s[0] == '<' || (strchr(s, ':') && !strchr(s, ' '));
  size_t keep_tail = middle ? (width - 1) * 2 / 3 : 0;
  size_t keep_head = width - 1 - keep_tail;
  buf b = {0};
  size_t i = 0, used = 0;
  while (i < n) {
    size_t len, cw = char_width(s + i, n - i, &len);
    if (used + cw > keep_head) break;
    buf_append(&b, s + i, len);
    used += cw;
    i += len;
  }
  buf_puts(&b, "…");
  if (keep_tail) {
    /* walk back from the end until keep_tail columns */
    size_t j = n, tw = 0;
    while (j > i) {
      size_t k = j - 1;
      while (k > i && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
      size_t len, cw = char_width(s + k, j - k, &len);
      if (tw + cw > keep_tail) break;
      tw += cw;
      j = k;
    }
    buf_append(&b, s + j, n - j);
  }
  return buf_take(&b);
}

static void pad(FILE *out, size_t n) {
  for (size_t i = 0; i < n; i++) fputc(' ', out);
}

static void rule(FILE *out, const size_t *w, size_t nc, const char *l,
                 const char *m, const char *r) {
  fputs(l, out);
  for (size_t c = 0; c < nc; c++) {
    for (size_t i = 0; i < w[c] + 2; i++) fputs("─", out);
    fputs(c + 1 < nc ? m : r, out);
  }
  fputc('\n', out);
}

static void cells(FILE *out, char **v, const size_t *w, size_t nc) {
  fputs("│", out);
  for (size_t c = 0; c < nc; c++) {
    char *s = fit(v[c] ? v[c] : "", w[c]);
    fputc(' ', out);
    fputs(s ? s : "", out);
    pad(out, w[c] - (s ? text_width(s, strlen(s)) : 0));
    fputs(" │", out);
    free(s);
  }
  fputc('\n', out);
}

/* Shrinks the widest columns until the table fits `total` columns. */
static void fit_widths(size_t *w, size_t nc, size_t total) {
  size_t frame = 3 * nc + 1;
  for (;;) {
    size_t sum = frame;
    for (size_t c = 0; c < nc; c++) sum += w[c];
    if (sum <= total) return;
    size_t widest = 0;
    for (size_t c = 1; c < nc; c++)
      if (w[c] > w[widest]) widest = c;
    if (w[widest] <= MIN_COL) return;
    size_t over = sum - total, can = w[widest] - MIN_COL;
    size_t second = 0;
    for (size_t c = 0; c < nc; c++)
      if (c != widest && w[c] > second) second = w[c];
    size_t cut = over < can ? over : can;
    if (second > MIN_COL && w[widest] - cut < second) cut = w[widest] - second;
    if (!cut) cut = 1;
    w[widest] -= cut;
  }
}

void table_print(shell *sh, const char **head, size_t nc, char ***rows,
                 size_t n) {
  FILE *out = sh->out;
  size_t *w = calloc(nc + 1, sizeof *w);
  if (!w || !nc) {
    free(w);
    return;
  }
  for (size_t c = 0; c < nc; c++) w[c] = text_width(head[c], strlen(head[c])) + 1;
  for (size_t i = 0; i < n; i++)
    for (size_t c = 0; c < nc; c++) {
      size_t cw = rows[i][c] ? text_width(rows[i][c], strlen(rows[i][c])) : 0;
      if (cw > w[c]) w[c] = cw;
    }
  if (sh->width > 0)
    for (size_t c = 0; c < nc; c++)
      if (w[c] > (size_t)sh->width) w[c] = (size_t)sh->width;
  if (sh->tty_out && !sh->out_path) fit_widths(w, nc, (size_t)term_columns());
  char **hv = calloc(nc + 1, sizeof *hv);
  for (size_t c = 0; hv && c < nc; c++) {
    size_t len = strlen(head[c]);
    hv[c] = malloc(len + 2);
    if (hv[c]) snprintf(hv[c], len + 2, "?%s", head[c]);
  }
  rule(out, w, nc, "┌", "┬", "┐");
  if (hv) cells(out, hv, w, nc);
  rule(out, w, nc, "├", "┼", "┤");
  for (size_t i = 0; i < n; i++) cells(out, rows[i], w, nc);
  rule(out, w, nc, "└", "┴", "┘");
  for (size_t c = 0; hv && c < nc; c++) free(hv[c]);
  free(hv);
  free(w);
}

static int render_table(shell *sh, kg_result *r, unsigned long long *shown,
                        unsigned long long *total) {
  size_t nc = kg_result_columns(r);
  size_t cap = 64, n = 0;
  char ***rows = malloc(cap * sizeof *rows);
  if (!rows) {
    errorf(sh, "out of memory");
    return 1;
  }
  long limit = sh->maxrows > 0 ? sh->maxrows : -1;
  kg_error err;
  int rc, status = 0;
  *total = 0;
  while ((rc = kg_result_next(r, &err)) > 0) {
    (*total)++;
    if (limit >= 0 && (long long)n >= limit) continue;
    if (n == cap) {
      char ***nr = realloc(rows, (cap *= 2) * sizeof *nr);
      if (!nr) break;
      rows = nr;
    }
    char **row = calloc(nc + 1, sizeof *row);
    if (!row) break;
    for (size_t c = 0; c < nc; c++) {
      const kg_term *t = kg_result_value(r, c);
      row[c] = t->kind ? term_display(sh, t) : strdup("");
    }
    rows[n++] = row;
  }
  if (rc < 0) {
    report(sh, &err, NULL, 0);
    status = 1;
  }
  const char **head = calloc(nc + 1, sizeof *head);
  for (size_t c = 0; head && c < nc; c++) head[c] = kg_result_column(r, c);
  if (head) table_print(sh, head, nc, rows, n);
  free(head);
  for (size_t i = 0; i < n; i++) {
    for (size_t c = 0; c < nc; c++) free(rows[i][c]);
    free(rows[i]);
  }
  free(rows);
  *shown = n;
  return status;
}

int render_result(shell *sh, kg_result *r, double seconds) {
  kg_error err;
  /* a graph-only format (turtle...) leaves SELECT results as tables on a
   * terminal and TSV elsewhere */
  const kg_format *bf = sh->fmt->writes & KG_FORMAT_BINDINGS
                            ? sh->fmt
                            : fmt_default(0, sh->tty_out);
  const char *bfmt = bf->name;
  int table = fmt_is_table(bf);
  unsigned long long shown = 0, total = 0;
  int rc = 0;
  switch (kg_result_kind(r)) {
  case KG_RESULT_UPDATE:
    if (sh->interactive && !sh->quiet && !kg_result_counted(r))
      fputs("done (the server does not say how many statements changed)\n",
            sh->out);
    else if (sh->interactive && !sh->quiet)
      fprintf(sh->out, "%llu added, %llu removed\n", kg_result_added(r),
              kg_result_removed(r));
    break;
  case KG_RESULT_BOOLEAN:
    /* ASK by default prints the answer alone, for `if` in scripts */
    if (table || !sh->fmt_chosen)
      fprintf(sh->out, "%s\n", kg_result_boolean(r) ? "true" : "false");
    else if (kg_result_write(r, bfmt, sh->out, sh->st, &err)) {
      report(sh, &err, NULL, 0);
      rc = 1;
    }
    break;
  case KG_RESULT_BINDINGS:
    if (table) {
      rc = render_table(sh, r, &shown, &total);
      if (sh->tty_out || sh->interactive) {
        if (shown < total)
          fprintf(sh->out, "%llu of %llu rows shown (.maxrows %ld)\n", shown,
                  total, sh->maxrows);
        else
          fprintf(sh->out, "%llu row%s\n", total, total == 1 ? "" : "s");
      }
    } else if (kg_result_write(r, bfmt, sh->out, sh->st, &err)) {
      report(sh, &err, NULL, 0);
      rc = 1;
    }
    break;
  case KG_RESULT_GRAPH: {
    /* the graph format last chosen (-F xml chose xml: RDF/XML here) */
    if (kg_result_write(r, sh->gfmt->name, sh->out, sh->st, &err)) {
      report(sh, &err, NULL, 0);
      rc = 1;
    }
    break;
  }
  }
  fflush(sh->out);
  if (sh->timer) fprintf(stderr, "Run time: %.3f ms\n", seconds * 1000);
  return rc;
}
