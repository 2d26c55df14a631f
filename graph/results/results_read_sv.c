/* results_read_sv.c - reads SPARQL 1.1 Query Results CSV and TSV documents. */
#include <string.h>
#include <unistr.h>

#include "results/results_read.h"
#include "strbuf.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema#"

/* A read position that knows its line and column. */
typedef struct cursor {
  const char *p, *end, *line_start;
  long line;
  const char *what;  /* "CSV" or "TSV", for messages */
  sp_table *t;
  kg_error *err;
  strbuf buf;        /* the current field, unescaped */
} cursor;

/* The column (in characters) of `at` on the current line; 0 if before it. */
static long column(const cursor *c, const char *at) {
  if (at < c->line_start) return 0;
  return (long)u8_mbsnlen((const uint8_t *)c->line_start,
                          (size_t)(at - c->line_start)) + 1;
}

static kg_status bad_place(cursor *c, long line, long col, const char *msg) {
  return sp_results_error(c->err, KG_ERR_SYNTAX, line, col,
                          "SPARQL %s results: %s", c->what, msg);
}

static kg_status bad_at(cursor *c, const char *at, const char *msg) {
  return bad_place(c, c->line, column(c, at), msg);
}

static kg_status nomem(cursor *c) {
  return sp_results_error(c->err, KG_ERR_NOMEM, 0, 0,
                          "out of memory reading results");
}

static int at_eol(const cursor *c) {
  return c->p == c->end || *c->p == '\n' || *c->p == '\r';
}

/* Steps over one line end (\n, \r\n or \r), if there is one. */
static int eat_eol(cursor *c) {
  if (c->p == c->end) return 0;
  if (*c->p == '\r') c->p++;
  if (c->p < c->end && *c->p == '\n') c->p++;
  c->line++;
  c->line_start = c->p;
  return 1;
}

/* Rejects a document that is not UTF-8, naming the place. */
static kg_status check_utf8(cursor *c) {
  const uint8_t *bad = u8_check((const uint8_t *)c->p, (size_t)(c->end - c->p));
  if (!bad) return KG_OK;
  for (const char *q = c->p; q < (const char *)bad; q++)
    if (*q == '\n') {
      c->line++;
      c->line_start = q + 1;
    }
  return bad_at(c, (const char *)bad, "invalid UTF-8");
}

static kg_status set_cell(cursor *c, kg_term *cell, kg_term_kind kind,
                          const char *v, size_t len, const char *dt,
                          const char *lang) {
  kg_term t = {kind, v, len, dt, lang};
  return sp_table_set(c->t, cell, &t) ? nomem(c) : KG_OK;
}

/* An ASK answer written as the one-column table _askResult. */
static void ask_table(sp_table *t) {
  if (t->ncols != 1 || strcmp(t->cols[0], "_askResult") != 0 || t->nrows != 1)
    return;
  const kg_term *v = sp_table_cell(t, 0, 0);
  if (v->kind != KG_TERM_LITERAL) return;
  int yes = strcmp(v->value, "true") == 0, no = strcmp(v->value, "false") == 0;
  if (!yes && !no) return;
  t->is_boolean = 1;
  t->boolean = yes;
  t->ncols = t->nrows = 0;
}

/* ------------------------------------------------------------------ CSV */

/* Reads one field into c->buf; *quoted tells whether it was quoted. */
static kg_status csv_field(cursor *c, int *quoted) {
  strbuf_clear(&c->buf);
  *quoted = c->p < c->end && *c->p == '"';
  if (!*quoted) {
    const char *s = c->p;
    while (c->p < c->end && *c->p != ',' && !at_eol(c)) c->p++;
    strbuf_append(&c->buf, s, (size_t)(c->p - s));
    return c->buf.oom ? nomem(c) : KG_OK;
  }
  long open_line = c->line, open_col = column(c, c->p++);
  for (;;) {
    if (c->p == c->end) return bad_place(c, open_line, open_col, "a quoted field is not closed");
    char ch = *c->p++;
    if (ch == '"') {
      if (c->p < c->end && *c->p == '"') {
        strbuf_putc(&c->buf, '"');
        c->p++;
        continue;
      }
      break;
    }
    strbuf_putc(&c->buf, ch);
    if (ch == '\n') {
      c->line++;
      c->line_start = c->p;
    }
  }
  if (c->p < c->end && *c->p != ',' && !at_eol(c))
    return bad_at(c, c->p, "text after a closing quote (a quote inside a "
                           "field must be doubled)");
  return c->buf.oom ? nomem(c) : KG_OK;
}

static kg_status csv_header(cursor *c) {
  if (at_eol(c)) return eat_eol(c), KG_OK;  /* no variables */
  for (;;) {
    int quoted;
    kg_status st = csv_field(c, &quoted);
    if (st != KG_OK) return st;
    if (sp_table_column(c->t, c->buf.data, c->buf.len) >= 0)
      return bad_at(c, c->p, "a variable is named twice in the header");
    if (sp_table_add_column(c->t, c->buf.data, c->buf.len) < 0) return nomem(c);
    if (at_eol(c)) return eat_eol(c), KG_OK;
    c->p++;  /* ',' */
  }
}

/* A field is a plain string: "_:x" a blank node, an unquoted empty field
 * unbound, anything else a simple literal. */
static kg_status csv_row(cursor *c) {
  kg_term *row = sp_table_add_row(c->t);
  if (!row) return nomem(c);
  if (c->t->ncols == 0) {
    if (!at_eol(c)) return bad_at(c, c->p, "a value but the header has no variables");
    eat_eol(c);
    return KG_OK;
  }
  for (size_t i = 0;; i++) {
    if (i == c->t->ncols) return bad_at(c, c->p, "more fields than the header has variables");
    int quoted;
    kg_status st = csv_field(c, &quoted);
    if (st != KG_OK) return st;
    const char *v = c->buf.data ? c->buf.data : "";
    size_t n = c->buf.len;
    if (n > 2 && v[0] == '_' && v[1] == ':' && !quoted)
      st = set_cell(c, &row[i], KG_TERM_BLANK, v + 2, n - 2, NULL, NULL);
    else if (n || quoted)
      st = set_cell(c, &row[i], KG_TERM_LITERAL, v, n, NULL, NULL);
    if (st != KG_OK) return st;
    if (at_eol(c)) {
      if (i + 1 != c->t->ncols) return bad_at(c, c->p, "fewer fields than the header has variables");
      eat_eol(c);
      return KG_OK;
    }
    c->p++;  /* ',' */
  }
}

/* ------------------------------------------------------------------ TSV */

static void put_code_point(cursor *c, ucs4_t cp) {
  uint8_t tmp[6];
  int n = u8_uctomb(tmp, cp, sizeof tmp);
  if (n > 0) strbuf_append(&c->buf, (const char *)tmp, (size_t)n);
}

/* A \uXXXX or \UXXXXXXXX escape at c->p (just after the backslash). */
static kg_status uchar(cursor *c, const char *esc) {
  int digits = *c->p == 'u' ? 4 : 8;
  c->p++;
  if (c->end - c->p < digits) return bad_at(c, esc, "a \\u escape needs hex digits");
  ucs4_t cp = 0;
  for (int i = 0; i < digits; i++, c->p++) {
    char h = *c->p;
    int v = h >= '0' && h <= '9' ? h - '0'
          : h >= 'a' && h <= 'f' ? h - 'a' + 10
          : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    if (v < 0) return bad_at(c, esc, "a \\u escape needs hex digits");
    cp = cp * 16 + (ucs4_t)v;
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return bad_at(c, esc, "a \\u escape names no Unicode character");
  put_code_point(c, cp);
  return KG_OK;
}

/* <IRI>: UCHAR escapes only. */
static kg_status tsv_iri(cursor *c) {
  const char *open = c->p++;
  strbuf_clear(&c->buf);
  strbuf_append(&c->buf, "", 0);
  for (;;) {
    if (at_eol(c) || *c->p == '\t') return bad_at(c, open, "an IRI without its closing '>'");
    const char *at = c->p;
    char ch = *c->p;
    if (ch == '>') break;
    if (ch == '\\') {
      c->p++;
      if (c->p == c->end || (*c->p != 'u' && *c->p != 'U'))
        return bad_at(c, at, "only \\u and \\U escapes are allowed in an IRI");
      kg_status st = uchar(c, at);
      if (st != KG_OK) return st;
      continue;
    }
    if (ch == ' ' || ch == '<' || ch == '"') return bad_at(c, at, "a character not allowed in an IRI");
    strbuf_putc(&c->buf, ch);
    c->p++;
  }
  c->p++;
  return c->buf.oom ? nomem(c) : KG_OK;
}

/* "..." or '...' (or their triple-quoted forms) with Turtle escapes. */
static kg_status tsv_string(cursor *c) {
  static const char echar[] = "t\tb\bn\nr\rf\f\"\"''\\\\";
  long open_line = c->line, open_col = column(c, c->p);
  char q = *c->p;
  int longq = c->end - c->p >= 3 && c->p[1] == q && c->p[2] == q;
  c->p += longq ? 3 : 1;
  strbuf_clear(&c->buf);
  strbuf_append(&c->buf, "", 0);
  for (;;) {
    if (c->p == c->end || (!longq && at_eol(c)))
      return bad_place(c, open_line, open_col, "a string without its closing quote");
    const char *at = c->p;
    char ch = *c->p;
    if (ch == q && (!longq || (c->end - c->p >= 3 && c->p[1] == q && c->p[2] == q))) {
      c->p += longq ? 3 : 1;
      break;
    }
    if (ch == '\\') {
      c->p++;
      if (c->p < c->end && (*c->p == 'u' || *c->p == 'U')) {
        kg_status st = uchar(c, at);
        if (st != KG_OK) return st;
        continue;
      }
      const char *e = c->p < c->end && *c->p ? strchr(echar, *c->p) : NULL;
      if (!e || (e - echar) % 2) return bad_at(c, at, "an unknown escape in a string");
      strbuf_putc(&c->buf, e[1]);
      c->p++;
      continue;
    }
    if (ch == '\n') {
      c->line++;
      c->line_start = c->p + 1;
    }
    strbuf_putc(&c->buf, ch);
    c->p++;
  }
  return c->buf.oom ? nomem(c) : KG_OK;
}

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static int is_lang_char(char ch) {
  return ch == '-' || is_digit(ch) || (ch >= 'a' && ch <= 'z') ||
         (ch >= 'A' && ch <= 'Z');
}

/* A bare Turtle number; returns its datatype or NULL if malformed. */
static const char *tsv_number(cursor *c) {
  int digits = 0, dot = 0, exp = 0;
  if (*c->p == '+' || *c->p == '-') c->p++;
  for (; c->p < c->end && is_digit(*c->p); c->p++) digits++;
  if (c->p < c->end && *c->p == '.') {
    dot = 1;
    c->p++;
    int frac = 0;
    for (; c->p < c->end && is_digit(*c->p); c->p++) frac++;
    if (!frac && !(c->p < c->end && (*c->p == 'e' || *c->p == 'E'))) return NULL;
    digits += frac;
  }
  if (!digits) return NULL;
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
    exp = 1;
    c->p++;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
    if (!(c->p < c->end && is_digit(*c->p))) return NULL;
    while (c->p < c->end && is_digit(*c->p)) c->p++;
  }
  return exp ? XSD_NS "double" : dot ? XSD_NS "decimal" : XSD_NS "integer";
}

static int word_at(const cursor *c, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return 0;
  const char *after = c->p + n;
  return after == c->end || *after == '\t' || *after == '\n' || *after == '\r' || *after == ' ';
}

/* One RDF term in Turtle syntax into `cell` (empty = unbound). */
static kg_status tsv_term(cursor *c, kg_term *cell) {
  while (c->p < c->end && *c->p == ' ') c->p++;
  const char *at = c->p;
  kg_status st = KG_OK;
  if (at_eol(c) || *c->p == '\t') return KG_OK;
  char ch = *c->p;
  if (ch == '<') {
    if ((st = tsv_iri(c)) != KG_OK) return st;
    st = set_cell(c, cell, KG_TERM_IRI, c->buf.data, c->buf.len, NULL, NULL);
  } else if (ch == '_' && c->end - c->p > 2 && c->p[1] == ':') {
    c->p += 2;
    const char *s = c->p;
    while (c->p < c->end && !at_eol(c) && *c->p != '\t' && *c->p != ' ') c->p++;
    if (c->p == s) return bad_at(c, at, "a blank node without a label");
    st = set_cell(c, cell, KG_TERM_BLANK, s, (size_t)(c->p - s), NULL, NULL);
  } else if (ch == '"' || ch == '\'') {
    if ((st = tsv_string(c)) != KG_OK) return st;
    strbuf lex = c->buf;  /* keep the text while reading a datatype IRI */
    c->buf = (strbuf){0};
    const char *lang = NULL, *dt = NULL;
    char langbuf[128];
    if (c->p < c->end && *c->p == '@') {
      const char *s = ++c->p;
      while (c->p < c->end && is_lang_char(*c->p)) c->p++;
      size_t n = (size_t)(c->p - s);
      if (!n || n >= sizeof langbuf) {
        st = bad_at(c, s, "a malformed language tag");
      } else {
        memcpy(langbuf, s, n);
        langbuf[n] = '\0';
        lang = langbuf;
      }
    } else if (c->end - c->p >= 3 && c->p[0] == '^' && c->p[1] == '^') {
      c->p += 2;
      if (*c->p != '<') st = bad_at(c, c->p, "a datatype must be a full <IRI>");
      else if ((st = tsv_iri(c)) == KG_OK) dt = c->buf.data;
    }
    if (st == KG_OK)
      st = set_cell(c, cell, KG_TERM_LITERAL, lex.data, lex.len, dt, lang);
    strbuf_free(&c->buf);
    c->buf = lex;
  } else if (ch == '+' || ch == '-' || ch == '.' || is_digit(ch)) {
    const char *dt = tsv_number(c);
    if (!dt) return bad_at(c, at, "a malformed number");
    st = set_cell(c, cell, KG_TERM_LITERAL, at, (size_t)(c->p - at), dt, NULL);
  } else if (word_at(c, "true") || word_at(c, "false")) {
    size_t n = ch == 't' ? 4 : 5;
    st = set_cell(c, cell, KG_TERM_LITERAL, c->p, n, XSD_NS "boolean", NULL);
    c->p += n;
  } else {
    return bad_at(c, at, "expected an RDF term (<iri>, \"literal\", _:blank or a number)");
  }
  if (st != KG_OK) return st;
  while (c->p < c->end && *c->p == ' ') c->p++;
  if (!at_eol(c) && *c->p != '\t')
    return bad_at(c, c->p, "text after a term (fields are separated by tabs)");
  return KG_OK;
}

static kg_status tsv_header(cursor *c) {
  while (!at_eol(c)) {
    const char *at = c->p;
    if (*c->p != '?' && *c->p != '$')
      return bad_at(c, at, "a header variable must start with '?'");
    const char *s = ++c->p;
    while (!at_eol(c) && *c->p != '\t') c->p++;
    size_t n = (size_t)(c->p - s);
    while (n && s[n - 1] == ' ') n--;
    if (!n) return bad_at(c, at, "an empty variable name");
    if (sp_table_column(c->t, s, n) >= 0) return bad_at(c, at, "a variable is named twice in the header");
    if (sp_table_add_column(c->t, s, n) < 0) return nomem(c);
    if (!at_eol(c)) c->p++;  /* tab */
  }
  eat_eol(c);
  return KG_OK;
}

static kg_status tsv_row(cursor *c) {
  kg_term *row = sp_table_add_row(c->t);
  if (!row) return nomem(c);
  if (c->t->ncols == 0 && !at_eol(c))
    return bad_at(c, c->p, "a value but the header has no variables");
  for (size_t i = 0; i < c->t->ncols; i++) {
    kg_status st = tsv_term(c, &row[i]);
    if (st != KG_OK) return st;
    if (at_eol(c) && i + 1 < c->t->ncols)
      return bad_at(c, c->p, "fewer fields than the header has variables");
    if (!at_eol(c) && i + 1 == c->t->ncols)
      return bad_at(c, c->p, "more fields than the header has variables");
    if (!at_eol(c)) c->p++;  /* tab */
  }
  eat_eol(c);
  return KG_OK;
}

/* ------------------------------------------------------------- driver */

typedef kg_status (*line_fn)(cursor *c);

static kg_status parse_lines(const char *data, size_t len, sp_table *t,
                             kg_error *err, const char *what, line_fn header,
                             line_fn row) {
  cursor c = {data, data + len, data, 1, what, t, err, {0}};
  kg_status st = check_utf8(&c);
  if (st == KG_OK) st = header(&c);
  /* A row is a line with its line end, or a last line with text. */
  while (st == KG_OK && c.p < c.end) st = row(&c);
  strbuf_free(&c.buf);
  if (st == KG_OK) ask_table(t);
  return st;
}

kg_status sp_results_parse_csv(const char *data, size_t len, sp_table *t,
                               kg_error *err) {
  return parse_lines(data, len, t, err, "CSV", csv_header, csv_row);
}

kg_status sp_results_parse_tsv(const char *data, size_t len, sp_table *t,
                               kg_error *err) {
  return parse_lines(data, len, t, err, "TSV", tsv_header, tsv_row);
}
