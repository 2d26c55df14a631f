/* lexer.c - SPARQL 1.1 tokenizer: tokens with line/column (spec s.19.8). */
#include "sparql/syntax/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "iri.h"
#include "pname.h"
#include "utf8.h"

void sp_lex_init(sp_lexer *lx, const char *src, size_t len, arena *a) {
  memset(lx, 0, sizeof *lx);
  lx->src = src;
  lx->len = len;
  lx->line = 1;
  lx->column = 1;
  lx->arena = a;
  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) lx->pos = 3; /* UTF-8 BOM */
}

/* ---------------------------------------------------- character classes */

static int is_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* VARNAME's characters after the first: PN_CHARS without '-'. */
static int varname_char(unsigned c) { return c != '-' && pname_chars(c); }

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* A character for a message: printable ASCII, else '?'. */
static int shown(int c) { return c > 0x20 && c < 0x7F ? c : '?'; }

static int is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ------------------------------------------------------------ positions */

/* Code point at byte `pos`: sets *n to its length (0 at the end, -1 when
 * the bytes are not UTF-8). */
static unsigned cp_at(const sp_lexer *lx, size_t pos, int *n) {
  unsigned c = 0;
  if (pos >= lx->len) {
    *n = 0;
    return 0;
  }
  int k = utf8_decode(lx->src + pos, lx->len - pos, &c);
  *n = k ? k : -1;
  return c;
}

static int byte_at(const sp_lexer *lx, size_t pos) {
  return pos < lx->len ? (unsigned char)lx->src[pos] : -1;
}

/* Line and column of byte `pos` (>= lx->pos), counted from lx's place. */
static void place_of(const sp_lexer *lx, size_t pos, int *line, int *col) {
  int l = lx->line, c = lx->column;
  for (size_t i = lx->pos; i < pos && i < lx->len; i++) {
    unsigned char b = (unsigned char)lx->src[i];
    if (b == '\n') {
      l++;
      c = 1;
    } else if ((b & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col = c;
}

static void advance_to(sp_lexer *lx, size_t pos) {
  place_of(lx, pos, &lx->line, &lx->column);
  lx->pos = pos;
}

/* Records an error at byte `pos`; returns -1. */
static int fail_at(sp_lexer *lx, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(sp_lexer *lx, size_t pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lx->err, sizeof lx->err, fmt, ap);
  va_end(ap);
  place_of(lx, pos, &lx->err_line, &lx->err_column);
  return -1;
}

static int fail_utf8(sp_lexer *lx, size_t pos) {
  return fail_at(lx, pos, "invalid UTF-8 byte 0x%02X in the query",
                 (unsigned char)lx->src[pos]);
}

static int fail_oom(sp_lexer *lx, size_t pos) {
  return fail_at(lx, pos, "out of memory");
}

/* Skips white space and comments; returns 1 if any, 0 if none, -1 on
 * invalid UTF-8 in a comment. */
static int skip_space(sp_lexer *lx) {
  size_t p = lx->pos;
  for (;;) {
    int b = byte_at(lx, p);
    if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
      p++;
      continue;
    }
    if (b != '#') break;
    while (p < lx->len && lx->src[p] != '\n') {
      int n;
      cp_at(lx, p, &n);
      if (n < 0) {
        advance_to(lx, p);
        return fail_utf8(lx, p);
      }
      p += (size_t)n;
    }
  }
  int any = p != lx->pos;
  advance_to(lx, p);
  return any;
}

/* --------------------------------------------------------------- tokens */

static int finish(sp_lexer *lx, sp_token *t, sp_tok_kind kind, size_t end) {
  t->kind = kind;
  t->srclen = end - t->off;
  advance_to(lx, end);
  return 0;
}

/* Reads \uXXXX or \UXXXXXXXX at `p` (the backslash); stores the code point
 * and returns the escape's length, or -1 after recording an error. */
static int read_uchar(sp_lexer *lx, size_t p, unsigned *cp) {
  int c = byte_at(lx, p + 1);
  int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
  if (!digits) return fail_at(lx, p, "invalid escape sequence");
  unsigned v = 0;
  for (int i = 0; i < digits; i++) {
    int h = hexval(byte_at(lx, p + 2 + (size_t)i));
    if (h < 0)
      return fail_at(lx, p, "\\%c escape needs %d hex digits", c, digits);
    v = v * 16 + (unsigned)h;
  }
  if (v > 0x10FFFF) return fail_at(lx, p, "code point U+%X is out of range", v);
  if (v >= 0xD800 && v <= 0xDFFF)
    return fail_at(lx, p, "code point U+%04X is a lone surrogate, not a character", v);
  *cp = v;
  return 2 + digits;
}

/* '<' starts an IRI when a '>' follows with only IRI characters between
 * (the longest token wins, so ?a<?b&&?c>?d holds an IRI); otherwise it is
 * the operator. */
static int lex_lt(sp_lexer *lx, sp_token *t) {
  size_t p = lx->pos + 1;
  int is_iri = 0;
  for (; p < lx->len; p++) {
    unsigned char b = (unsigned char)lx->src[p];
    if (b == '>') {
      is_iri = 1;
      break;
    }
    if (b != '\\' && iri_char_forbidden(b)) break;
  }
  if (!is_iri) {
    if (byte_at(lx, lx->pos + 1) == '=') return finish(lx, t, SP_T_LE, lx->pos + 2);
    return finish(lx, t, SP_T_LT, lx->pos + 1);
  }
  size_t end = p;
  char *out = arena_alloc(lx->arena, end - lx->pos);
  if (!out) return fail_oom(lx, lx->pos);
  size_t n = 0;
  for (p = lx->pos + 1; p < end;) {
    unsigned c;
    int k;
    if (lx->src[p] == '\\') {
      k = read_uchar(lx, p, &c);
      if (k < 0) return -1;
      if (iri_char_forbidden(c))
        return fail_at(lx, p, "escape gives a character not allowed in an IRI");
    } else {
      k = utf8_decode(lx->src + p, end - p, &c);
      if (!k) return fail_utf8(lx, p);
    }
    n += (size_t)utf8_encode(c, out + n);
    p += (size_t)k;
  }
  out[n] = '\0';
  t->val = out;
  t->len = n;
  return finish(lx, t, SP_T_IRI, end + 1);
}

/* Decodes the string body starting at `p` into out (NULL = measure only).
 * Stores the decoded length and the end of the closing quotes. */
static int string_body(sp_lexer *lx, size_t p, char q, int lng, char *out,
                       size_t *len, size_t *end) {
  size_t n = 0;
  for (;;) {
    if (p >= lx->len) return fail_at(lx, lx->pos, "unterminated string");
    char b = lx->src[p];
    if (b == q) {
      if (!lng) break;
      if (byte_at(lx, p + 1) == q && byte_at(lx, p + 2) == q) {
        /* """a"""" ends at the last three quotes */
        for (; byte_at(lx, p + 3) == q; p++, n++)
          if (out) out[n] = q;
        break;
      }
    }
    if (!lng && (b == '\n' || b == '\r'))
      return fail_at(lx, p, "line break in a string; use \\n or a long string (%c%c%c ... %c%c%c)",
                     q, q, q, q, q, q);
    unsigned c;
    int k;
    if (b == '\\') {
      int e = byte_at(lx, p + 1);
      const char *from = "tbnrf\"'\\";
      const char *to = "\t\b\n\r\f\"'\\";
      const char *hit = e > 0 ? strchr(from, e) : NULL;
      if (hit) {
        if (out) out[n] = to[hit - from];
        n++;
        p += 2;
        continue;
      }
      if (e != 'u' && e != 'U')
        return fail_at(lx, p, "invalid escape sequence '\\%c' in string", shown(e));
      k = read_uchar(lx, p, &c);
      if (k < 0) return -1;
    } else {
      k = utf8_decode(lx->src + p, lx->len - p, &c);
      if (!k) return fail_utf8(lx, p);
    }
    char tmp[4];
    int m = utf8_encode(c, tmp);
    if (out) memcpy(out + n, tmp, (size_t)m);
    n += (size_t)m;
    p += (size_t)k;
  }
  *len = n;
  *end = p + (lng ? 3 : 1);
  return 0;
}

static int lex_string(sp_lexer *lx, sp_token *t) {
  char q = lx->src[lx->pos];
  int lng = byte_at(lx, lx->pos + 1) == q && byte_at(lx, lx->pos + 2) == q;
  size_t body = lx->pos + (lng ? 3 : 1), n, end;
  if (string_body(lx, body, q, lng, NULL, &n, &end) < 0) return -1;
  char *out = arena_alloc(lx->arena, n + 1);
  if (!out) return fail_oom(lx, lx->pos);
  string_body(lx, body, q, lng, out, &n, &end);
  out[n] = '\0';
  t->val = out;
  t->len = n;
  return finish(lx, t, SP_T_STRING, end);
}

/* Digits, decimals and doubles; `p` is at a digit or at '.' + digit. */
static int lex_number(sp_lexer *lx, sp_token *t) {
  size_t p = lx->pos;
  sp_tok_kind kind = SP_T_INTEGER;
  while (is_digit((unsigned)byte_at(lx, p))) p++;
  if (byte_at(lx, p) == '.' && is_digit((unsigned)byte_at(lx, p + 1))) {
    kind = SP_T_DECIMAL;
    p++;
    while (is_digit((unsigned)byte_at(lx, p))) p++;
  }
  size_t e = p;
  if (kind == SP_T_INTEGER && byte_at(lx, e) == '.') e++; /* 1.e5 */
  if (byte_at(lx, e) == 'e' || byte_at(lx, e) == 'E') {
    size_t d = e + 1;
    if (byte_at(lx, d) == '+' || byte_at(lx, d) == '-') d++;
    if (is_digit((unsigned)byte_at(lx, d))) {
      while (is_digit((unsigned)byte_at(lx, d))) d++;
      kind = SP_T_DOUBLE;
      p = d;
    }
  }
  t->val = arena_strndup(lx->arena, lx->src + lx->pos, p - lx->pos);
  if (!t->val) return fail_oom(lx, lx->pos);
  t->len = p - lx->pos;
  return finish(lx, t, kind, p);
}

/* A \uXXXX or \UXXXXXXXX escape at `p`, if there is a valid one: its
 * length (the code point in *cp), else 0. SPARQL expands these anywhere,
 * names and variables included (19.2). */
static int peek_uchar(const sp_lexer *lx, size_t p, unsigned *cp) {
  if (byte_at(lx, p) != '\\') return 0;
  int c = byte_at(lx, p + 1);
  int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
  unsigned v = 0;
  for (int i = 0; i < digits; i++) {
    int h = hexval(byte_at(lx, p + 2 + (size_t)i));
    if (h < 0) return 0;
    v = v * 16 + (unsigned)h;
  }
  if (!digits || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return 2 + digits;
}

/* The character at `p`, written or as a \u escape: its code point, and
 * in *n the bytes it takes (0 at the end, -1 for bad UTF-8). */
static unsigned name_cp_at(const sp_lexer *lx, size_t p, int *n) {
  unsigned c;
  int k = peek_uchar(lx, p, &c);
  if (k) {
    *n = k;
    return c;
  }
  return cp_at(lx, p, n);
}

static int lex_var(sp_lexer *lx, sp_token *t) {
  size_t p = lx->pos + 1, len = 0;
  for (;;) {
    int n;
    unsigned c = name_cp_at(lx, p, &n);
    if (n < 0) return fail_utf8(lx, p);
    if (n == 0 || !varname_char(c)) break;
    char u[4];
    len += lx->src[p] == '\\' ? (size_t)utf8_encode(c, u) : (size_t)n;
    p += (size_t)n;
  }
  t->val = lx->src + lx->pos + 1;
  t->len = p - lx->pos - 1;
  if (len != t->len) { /* escapes: the name decoded */
    char *out = arena_alloc(lx->arena, len + 1);
    if (!out) return fail_oom(lx, p);
    size_t o = 0;
    for (size_t q = lx->pos + 1; q < p;) {
      int n;
      unsigned c = name_cp_at(lx, q, &n);
      if (lx->src[q] == '\\') o += (size_t)utf8_encode(c, out + o);
      else memcpy(out + o, lx->src + q, (size_t)n), o += (size_t)n;
      q += (size_t)n;
    }
    out[o] = '\0';
    t->val = out;
    t->len = o;
  }
  return finish(lx, t, SP_T_VAR, p);
}

/* Scans PN_CHARS with inner dots from `p`; returns the end of the last
 * character that is not a dot (the first character is checked by the
 * caller and lies before `p`). */
static size_t scan_dotted(const sp_lexer *lx, size_t p) {
  size_t good = p;
  for (;;) {
    int n;
    unsigned c = cp_at(lx, p, &n);
    if (n <= 0) break;
    if (c == '.') {
      p++;
      continue;
    }
    if (!pname_chars(c)) break;
    p += (size_t)n;
    good = p;
  }
  return good;
}

static int lex_blank(sp_lexer *lx, sp_token *t) {
  size_t p = lx->pos + 2;
  int n;
  unsigned c = cp_at(lx, p, &n);
  if (n < 0) return fail_utf8(lx, p);
  if (n == 0 || !(pname_chars_u(c) || is_digit(c)))
    return fail_at(lx, lx->pos, "blank node label expected after '_:'");
  size_t end = scan_dotted(lx, p + (size_t)n);
  t->val = lx->src + p;
  t->len = end - p;
  return finish(lx, t, SP_T_BLANK, end);
}

/* PN_LOCAL from `p` (after the ':') into out (NULL = measure only):
 * unescapes '\x', keeps %XX. Stores the decoded length and the end. */
static int local_body(sp_lexer *lx, size_t p, char *out, size_t *len,
                      size_t *end) {
  size_t n = 0, good_n = 0, good_p = p;
  int first = 1;
  for (;;) {
    int k;
    unsigned c = cp_at(lx, p, &k);
    if (k < 0) return fail_utf8(lx, p);
    if (k == 0) break;
    if (c == '%') {
      if (hexval(byte_at(lx, p + 1)) < 0 || hexval(byte_at(lx, p + 2)) < 0)
        return fail_at(lx, p, "'%%' in a prefixed name must be followed by two hex digits");
      if (out) memcpy(out + n, lx->src + p, 3);
      n += 3, p += 3;
    } else if (c == '\\' && (byte_at(lx, p + 1) == 'u' || byte_at(lx, p + 1) == 'U')) {
      unsigned u;
      int e = read_uchar(lx, p, &u);
      if (e < 0) return -1;
      if (!(first ? (pname_chars_u(u) || u == ':' || is_digit(u))
                  : (pname_chars(u) || u == ':' || u == '.')))
        return fail_at(lx, p, "U+%04X cannot stand in a prefixed name", u);
      char enc[4];
      int k2 = utf8_encode(u, enc);
      if (out) memcpy(out + n, enc, (size_t)k2);
      n += (size_t)k2, p += (size_t)e;
    } else if (c == '\\') {
      int e = byte_at(lx, p + 1);
      if (e <= 0 || !strchr("_~.-!$&'()*+,;=/?#@%", e))
        return fail_at(lx, p, "invalid escape '\\%c' in a prefixed name", shown(e));
      if (out) out[n] = (char)e;
      n++, p += 2;
    } else if (c == '.' && !first) {
      if (out) out[n] = '.';
      n++, p++;
      continue;
    } else if (first ? (pname_chars_u(c) || c == ':' || is_digit(c))
                     : (pname_chars(c) || c == ':')) {
      if (out) memcpy(out + n, lx->src + p, (size_t)k);
      n += (size_t)k, p += (size_t)k;
    } else {
      break;
    }
    first = 0;
    good_n = n;
    good_p = p;
  }
  *len = good_n;
  *end = good_p;
  return 0;
}

static int lex_local(sp_lexer *lx, sp_token *t, size_t p) {
  size_t n, end;
  if (local_body(lx, p, NULL, &n, &end) < 0) return -1;
  if (n == end - p) { /* no escapes: the source text itself */
    t->local = lx->src + p;
    t->local_len = n;
    return finish(lx, t, SP_T_PNAME, end);
  }
  char *out = arena_alloc(lx->arena, n + 1);
  if (!out) return fail_oom(lx, p);
  local_body(lx, p, out, &n, &end);
  out[n] = '\0';
  t->local = out;
  t->local_len = n;
  return finish(lx, t, SP_T_PNAME, end);
}

/* A word: a prefixed name when PN_PREFIX ':' follows, else a keyword. */
static int lex_word(sp_lexer *lx, sp_token *t) {
  size_t p = lx->pos;
  if (lx->src[p] != ':') {
    int n;
    cp_at(lx, p, &n);
    size_t end = scan_dotted(lx, p + (size_t)n);
    if (byte_at(lx, end) == ':') p = end;
  }
  if (byte_at(lx, p) == ':') {
    t->val = lx->src + lx->pos;
    t->len = p - lx->pos;
    return lex_local(lx, t, p + 1);
  }
  p = lx->pos;
  while (p < lx->len && (is_alpha(lx->src[p]) || is_digit((unsigned char)lx->src[p]) ||
                         lx->src[p] == '_'))
    p++;
  if (p == lx->pos || !is_alpha(lx->src[lx->pos])) {
    int n;
    cp_at(lx, lx->pos, &n);
    size_t end = scan_dotted(lx, lx->pos + (size_t)n);
    int w = (int)(end - lx->pos);
    return fail_at(lx, lx->pos, "unexpected word '%.*s': write a string as \"%.*s\" "
                                "or a name with a prefix, like ex:%.*s",
                   w, lx->src + lx->pos, w, lx->src + lx->pos, w, lx->src + lx->pos);
  }
  /* FILTERsameTerm(...): no keyword or function name starts with FILTER,
   * so the longest token is FILTER, then the call (as in Jena's and other
   * grammar-generated lexers) */
  if (p - lx->pos > 6 && byte_at(lx, p) == '(' &&
      strncasecmp(lx->src + lx->pos, "FILTER", 6) == 0 &&
      is_alpha(lx->src[lx->pos + 6]))
    p = lx->pos + 6;
  t->val = t->src;
  t->len = p - lx->pos;
  return finish(lx, t, SP_T_NAME, p);
}

static int lex_langtag(sp_lexer *lx, sp_token *t) {
  size_t p = lx->pos + 1;
  if (!is_alpha(byte_at(lx, p)))
    return fail_at(lx, lx->pos, "language tag expected after '@'");
  while (is_alpha(byte_at(lx, p))) p++;
  while (byte_at(lx, p) == '-') {
    size_t q = p + 1;
    while (is_alpha(byte_at(lx, q)) || is_digit((unsigned)byte_at(lx, q))) q++;
    if (q == p + 1) break;
    p = q;
  }
  char *v = arena_strndup(lx->arena, lx->src + lx->pos + 1, p - lx->pos - 1);
  if (!v) return fail_oom(lx, lx->pos);
  for (char *s = v; *s; s++)
    if (*s >= 'A' && *s <= 'Z') *s = (char)(*s - 'A' + 'a');
  t->val = v;
  t->len = p - lx->pos - 1;
  return finish(lx, t, SP_T_LANGTAG, p);
}

/* Punctuation: one or two characters. */
static int lex_punct(sp_lexer *lx, sp_token *t) {
  static const struct {
    const char *s;
    sp_tok_kind k;
  } tab[] = {
      {"^^", SP_T_HATHAT}, {"!=", SP_T_NE}, {">=", SP_T_GE}, {"&&", SP_T_AND},
      {"||", SP_T_OR},     {"{", SP_T_LBRACE}, {"}", SP_T_RBRACE},
      {"(", SP_T_LPAREN},  {")", SP_T_RPAREN}, {"[", SP_T_LBRACKET},
      {"]", SP_T_RBRACKET}, {".", SP_T_DOT},  {",", SP_T_COMMA},
      {";", SP_T_SEMI},    {"*", SP_T_STAR},  {"+", SP_T_PLUS},
      {"-", SP_T_MINUS},   {"/", SP_T_SLASH}, {"!", SP_T_BANG},
      {"^", SP_T_CARET},   {"|", SP_T_PIPE},  {"?", SP_T_QMARK},
      {"=", SP_T_EQ},      {">", SP_T_GT},
  };
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
    size_t n = strlen(tab[i].s);
    if (lx->len - lx->pos >= n && memcmp(lx->src + lx->pos, tab[i].s, n) == 0)
      return finish(lx, t, tab[i].k, lx->pos + n);
  }
  int n;
  cp_at(lx, lx->pos, &n);
  if (n < 0) return fail_utf8(lx, lx->pos);
  unsigned char c = (unsigned char)lx->src[lx->pos];
  if (c == '\\')
    return fail_at(lx, lx->pos, "unexpected '\\': escapes are only allowed in IRIs, "
                                "strings and prefixed names");
  if (c < 0x20 || c == 0x7F)
    return fail_at(lx, lx->pos, "unexpected control character U+%04X", c);
  return fail_at(lx, lx->pos, "unexpected character '%.*s'", n, lx->src + lx->pos);
}

int sp_lex_next(sp_lexer *lx, sp_token *t) {
  memset(t, 0, sizeof *t);
  int ws = skip_space(lx);
  if (ws < 0) return -1;
  t->ws_before = ws;
  t->off = lx->pos;
  t->line = lx->line;
  t->column = lx->column;
  t->src = lx->src + lx->pos;
  if (lx->pos >= lx->len) return finish(lx, t, SP_T_EOF, lx->pos);
  int c = (unsigned char)lx->src[lx->pos];
  int c1 = byte_at(lx, lx->pos + 1);
  if (c == '<') return lex_lt(lx, t);
  if (c == '"' || c == '\'') return lex_string(lx, t);
  if (is_digit((unsigned)c) || (c == '.' && is_digit((unsigned)c1))) return lex_number(lx, t);
  if (c == '?' || c == '$') {
    int n;
    unsigned v = name_cp_at(lx, lx->pos + 1, &n);
    if (n > 0 && varname_char(v)) return lex_var(lx, t);
    if (c == '$') return fail_at(lx, lx->pos, "variable name expected after '$'");
  }
  if (c == '_' && c1 == ':') return lex_blank(lx, t);
  if (c == '@') return lex_langtag(lx, t);
  if (c == ':') return lex_word(lx, t);
  int n;
  unsigned cp = cp_at(lx, lx->pos, &n);
  if (n < 0) return fail_utf8(lx, lx->pos);
  if (pname_chars_base(cp)) return lex_word(lx, t);
  return lex_punct(lx, t);
}
