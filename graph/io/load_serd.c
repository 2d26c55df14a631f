/* load_serd.c - N-Triples, N-Quads, Turtle and TriG read with serd
 * (Debian's libserd): a streaming reader that follows the RDF 1.1
 * grammars (raptor's Turtle and TriG accept invalid input and refuse
 * valid TriG) and parses about twice as fast. serd hands over terms as
 * written; this file resolves IRIs against the base (graph/iri.c, as the
 * SPARQL parser does), expands prefixed names, feeds serd the input a
 * chunk at a time (interrupt checks, line counts, and NUL bytes refused
 * outside string literals, where the grammars allow them) and keeps the
 * last two chunks so that an error's column counts characters and an
 * undeclared prefix, which serd does not see, gets a place too. */
#include <serd/serd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "grow.h"
#include "io/load.h"
#include "iri.h"

typedef struct prefix {
  char *name, *iri;
  size_t nlen, ilen;
} prefix;

/* Where the input is, for telling a NUL byte in a string literal (valid)
 * from one anywhere else (a binary file, /dev/zero: serd would skip it),
 * and for the \u escapes of surrogates, which serd lets through. */
enum lex {
  LX_TEXT, LX_IRI, LX_COMMENT, LX_OPEN1, LX_OPEN2, LX_SHORT, LX_LONG,
  LX_ESC, LX_HEX
};

typedef struct reading {
  loader *l;
  enum lex lx, back;         /* the state, and the one an escape is in */
  unsigned char quote;       /* the string's quote character */
  int run;                   /* quotes in a row inside a long string */
  int hex, width;            /* a \u escape's hex digits: to come, all */
  unsigned long code;        /* ... and its value so far */
  FILE *in;
  const unsigned char *head; /* the first chunk, read by load.c */
  size_t nhead;
  int failed;                /* the input stopped: error set */
  unsigned char *win;        /* the previous chunk, then the current one */
  size_t wprev, wcur;
  unsigned long long line_prev, line_cur; /* lines before each chunk */
  char *base;                /* the base IRI now (@base changes it) */
  prefix *px;
  size_t npx, cappx;
  arena *a;                  /* IRIs made for one statement */
  char undeclared[256];      /* a prefixed name without its prefix */
} reading;

/* ------------------------------------------------------------- input */

static int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Bytes that end a run in each state (a NUL ends one wherever it is an
 * error). */
static const unsigned char stop_text[256] = {
    [0] = 1, ['<'] = 1, ['#'] = 1, ['"'] = 1, ['\''] = 1, ['\\'] = 1};
static const unsigned char stop_iri[256] = {[0] = 1, ['>'] = 1, ['\\'] = 1};
static const unsigned char stop_comment[256] = {[0] = 1, ['\n'] = 1,
                                                ['\r'] = 1};
static const unsigned char stop_short[256] = {
    ['"'] = 1, ['\''] = 1, ['\\'] = 1, ['\n'] = 1, ['\r'] = 1};
static const unsigned char stop_long[256] = {['"'] = 1, ['\''] = 1,
                                             ['\\'] = 1};

/* The first byte of p[0..n) that serd must not see: a NUL outside a
 * string literal, or the last digit of a \u escape of a surrogate (*why
 * says which); NULL when there is none. Moves the lexical state over the
 * chunk, passing runs of bytes that change no state in tight loops. */
static const unsigned char *lex(reading *r, const unsigned char *p, size_t n,
                                const char **why) {
  static const unsigned char *const stops[] = {
      [LX_TEXT] = stop_text,   [LX_IRI] = stop_iri, [LX_COMMENT] = stop_comment,
      [LX_SHORT] = stop_short, [LX_LONG] = stop_long};
  const unsigned char *end = p + n;
  *why = "a NUL byte: this is not an RDF text file";
  for (; p < end; p++) {
    const unsigned char *stop = r->lx < LX_OPEN1 || r->lx == LX_SHORT ||
                                        r->lx == LX_LONG
                                    ? stops[r->lx]
                                    : NULL;
    if (stop) {
      const unsigned char *from = p;
      while (!stop[*p])
        if (++p == end) break;
      if (p > from) r->run = 0; /* quotes of a long string no longer in a row */
      if (p == end) return NULL;
    }
    unsigned char c = *p;
    if (!c && r->lx != LX_SHORT && r->lx != LX_LONG && r->lx != LX_OPEN1)
      return p;
    switch (r->lx) {
    case LX_TEXT:
      r->back = LX_TEXT;
      if (c == '<') r->lx = LX_IRI;
      else if (c == '#') r->lx = LX_COMMENT;
      else if (c == '\\') r->lx = LX_ESC; /* ex:a\#b */
      else {
        r->quote = c;
        r->lx = LX_OPEN1;
      }
      break;
    case LX_IRI:
      if (c == '\\') r->back = LX_IRI, r->lx = LX_ESC;
      else r->lx = LX_TEXT; /* '>' */
      break;
    case LX_COMMENT:
      r->lx = LX_TEXT;
      break;
    case LX_OPEN1: /* "x: a short string; "": empty, or a long one */
      r->lx = c == r->quote ? LX_OPEN2 : LX_SHORT;
      if (r->lx == LX_SHORT) p--;
      break;
    case LX_OPEN2:
      r->lx = c == r->quote ? LX_LONG : LX_TEXT;
      r->run = 0;
      if (r->lx == LX_TEXT) p--;
      break;
    case LX_SHORT:
      if (c == '\\') r->back = LX_SHORT, r->lx = LX_ESC;
      else if (c == r->quote || c == '\n' || c == '\r') r->lx = LX_TEXT;
      break;
    case LX_LONG:
      r->run = c == r->quote ? r->run + 1 : 0;
      if (c == '\\') r->back = LX_LONG, r->lx = LX_ESC;
      else if (r->run == 3) r->lx = LX_TEXT;
      break;
    case LX_ESC:
      r->hex = r->width = c == 'u' ? 4 : c == 'U' ? 8 : 0;
      r->code = 0;
      r->lx = r->hex ? LX_HEX : r->back;
      r->run = 0;
      break;
    case LX_HEX:
      if (hex_value(c) < 0) { /* serd says what is wrong with it */
        r->lx = r->back;
        p--;
        break;
      }
      r->code = r->code * 16 + (unsigned long)hex_value(c);
      if (--r->hex) break;
      r->lx = r->back;
      if (r->code >= 0xD800 && r->code <= 0xDFFF) {
        *why = "a \\u escape of a surrogate (D800 to DFFF), which is no "
               "character";
        return p;
      }
      break;
    }
  }
  return NULL;
}

/* Where line `line` starts in the window, or NULL when it began before. */
static const unsigned char *line_start(const reading *r, long line) {
  const unsigned char *p = r->win, *end = r->win + r->wprev + r->wcur;
  long at = (long)r->line_prev + 1;
  if (line < at || (line == at && r->line_prev > 0)) return NULL;
  while (at < line) {
    p = memchr(p, '\n', (size_t)(end - p));
    if (!p) return NULL;
    p++;
    at++;
  }
  return p;
}

/* serd counts columns in bytes: characters, when the line is at hand. */
static long char_column(const reading *r, long line, long bytes) {
  const unsigned char *p = line_start(r, line);
  const unsigned char *end = r->win + r->wprev + r->wcur;
  if (!p || bytes - 1 > end - p) return bytes;
  long col = 1;
  for (long i = 0; i < bytes - 1; i++) col += (p[i] & 0xC0) != 0x80;
  return col;
}

/* serd asks for whole pages; a short one means the end of the input. */
static size_t src_read(void *buf, size_t size, size_t nmemb, void *stream) {
  reading *r = stream;
  loader *l = r->l;
  (void)size;
  if (r->failed || l->status != KG_OK) return 0;
  if (store_interrupted(l->st)) {
    l->status = kg_err(l->err, KG_ERR_CANCELLED, "load interrupted");
    r->failed = 1;
    return 0;
  }
  memmove(r->win, r->win + r->wprev, r->wcur);
  r->wprev = r->wcur;
  r->line_prev = r->line_cur;
  r->line_cur = l->lines;
  unsigned char *cur = r->win + r->wprev;
  size_t n;
  if (r->head) {
    n = r->nhead < nmemb ? r->nhead : nmemb;
    memcpy(cur, r->head, n);
    r->head = NULL;
  } else {
    n = feof(r->in) ? 0 : fread(cur, 1, nmemb, r->in);
    if (ferror(r->in)) {
      l->status = kg_err_errno(l->err, "cannot read", l->name);
      r->failed = 1;
      return 0;
    }
  }
  r->wcur = n;
  l->bytes += n;
  const char *why;
  const unsigned char *bad = lex(r, cur, n, &why);
  if (!load_text_nul(l, cur, bad && *bad ? (size_t)(bad - cur) : n,
                     bad && !*bad ? bad : NULL) ||
      bad) {
    if (bad && *bad) {
      long line = (long)l->lines + 1;
      long col = (long)l->col0 - r->width; /* at the backslash */
      l->status = kg_err_at(l->err, KG_ERR_SYNTAX, l->name, line,
                            char_column(r, line, col > 0 ? col : 1), "%s",
                            why);
    }
    r->failed = 1;
    return 0;
  }
  memcpy(buf, cur, n);
  return n;
}

static int src_error(void *stream) {
  return ((reading *)stream)->failed;
}

/* The first place of a prefixed name (not part of a longer token) in the
 * window: its line and column; 0 when it is not there. */
static int find_name(const reading *r, const char *tok, long *line,
                     long *col) {
  const unsigned char *w = r->win, *end = w + r->wprev + r->wcur, *p = w;
  size_t n = strlen(tok);
  while (n && (p = memmem(p, (size_t)(end - p), tok, n))) {
    unsigned char before = p > w ? p[-1] : ' ';
    if (strchr(" \t\r\n([{,;^", before)) break;
    p++;
  }
  /* glued to what comes before (_:a:b is _:a then :b) */
  if (n && !p) p = memmem(w, (size_t)(end - w), tok, n);
  if (!n || !p) return 0;
  long ln = (long)r->line_prev + 1;
  const unsigned char *ls = w;
  for (const unsigned char *q = w; q < p; q++)
    if (*q == '\n') {
      ln++;
      ls = q + 1;
    }
  if (ls == w && r->line_prev > 0) return 0; /* its line began earlier */
  *line = ln;
  *col = 1;
  for (const unsigned char *q = ls; q < p; q++) *col += (*q & 0xC0) != 0x80;
  return 1;
}

/* serd quotes with `...': written "..." so that load.c can hide them. */
static SerdStatus on_error(void *handle, const SerdError *e) {
  reading *r = handle;
  loader *l = r->l;
  if (l->status != KG_OK) return SERD_SUCCESS; /* the first error counts */
  char msg[512];
  vsnprintf(msg, sizeof msg, e->fmt, *e->args);
  size_t n = strcspn(msg, "\n");
  msg[n] = '\0';
  for (char *q = strchr(msg, '`'); q; q = strchr(q + 1, '`')) {
    char *c = strchr(q + 1, '\'');
    if (!c) break;
    *q = *c = '"';
    q = c;
  }
  /* serd's column is 1-based on the first line, 0-based after */
  long line = (long)e->line, col = (long)e->col + (e->line > 1);
  if (line > 0) col = char_column(r, line, col);
  l->status = kg_err_at(l->err, KG_ERR_SYNTAX, l->name, line, col, "%s", msg);
  return SERD_SUCCESS;
}

/* ------------------------------------------------------------- terms */

static const prefix *find_prefix(const reading *r, const char *name,
                                 size_t n) {
  for (size_t i = r->npx; i-- > 0;)
    if (r->px[i].nlen == n && !memcmp(r->px[i].name, name, n))
      return &r->px[i];
  return NULL;
}

/* An IRI node (written <...>) or a prefixed name, as the absolute IRI. */
static kg_status iri_of(reading *r, const SerdNode *n, const char **out,
                        size_t *len) {
  const char *v = (const char *)n->buf;
  if (n->type == SERD_CURIE) {
    const char *colon = memchr(v, ':', n->n_bytes);
    const prefix *p = colon ? find_prefix(r, v, (size_t)(colon - v)) : NULL;
    if (!p) {
      snprintf(r->undeclared, sizeof r->undeclared, "%.*s", (int)n->n_bytes, v);
      /* serd knows no prefixes, so no place: load_serd finds one */
      return kg_err_at(r->l->err, KG_ERR_SYNTAX, r->l->name, 0, 0,
                       "\"%s\" uses a prefix that was not declared",
                       r->undeclared);
    }
    size_t local = n->n_bytes - (size_t)(colon + 1 - v);
    char *s = arena_alloc(r->a, p->ilen + local + 1);
    if (!s) return kg_err(r->l->err, KG_ERR_NOMEM, "out of memory");
    memcpy(s, p->iri, p->ilen);
    memcpy(s + p->ilen, colon + 1, local);
    *out = s;
    *len = p->ilen + local;
    return KG_OK;
  }
  if (!iri_needs_resolving(v, n->n_bytes)) {
    *out = v;
    *len = n->n_bytes;
    return KG_OK;
  }
  *out = iri_resolve(r->a, r->base, v, n->n_bytes, len);
  return *out ? KG_OK : kg_err(r->l->err, KG_ERR_NOMEM, "out of memory");
}

static kg_status node_id(reading *r, const SerdNode *n, const SerdNode *dt,
                         const SerdNode *lang, kg_id *id) {
  kg_term t = {.value = (const char *)n->buf, .len = n->n_bytes};
  char tag[256];
  switch (n->type) {
  case SERD_URI:
  case SERD_CURIE:
    t.kind = KG_TERM_IRI;
    TRY(iri_of(r, n, &t.value, &t.len));
    break;
  case SERD_BLANK: /* serd put the load's scope before the label */
    t.kind = KG_TERM_BLANK;
    break;
  case SERD_LITERAL:
    t.kind = KG_TERM_LITERAL;
    if (lang && lang->n_bytes) {
      t.lang = load_lang((const char *)lang->buf, lang->n_bytes, tag);
    } else if (dt && dt->n_bytes) {
      size_t dl;
      TRY(iri_of(r, dt, &t.datatype, &dl));
    }
    break;
  default:
    return kg_err(r->l->err, KG_ERR_SYNTAX, "unknown term type");
  }
  return store_intern(r->l->st, &t, id, r->l->err);
}

static SerdStatus on_statement(void *handle, SerdStatementFlags flags,
                               const SerdNode *g, const SerdNode *s,
                               const SerdNode *p, const SerdNode *o,
                               const SerdNode *dt, const SerdNode *lang) {
  reading *r = handle;
  loader *l = r->l;
  (void)flags;
  if (l->status != KG_OK) return SERD_ERR_UNKNOWN;
  arena_reset(r->a);
  kg_qid q = {0, 0, 0, l->graph};
  kg_status st = node_id(r, s, NULL, NULL, &q.s);
  if (st == KG_OK) st = node_id(r, p, NULL, NULL, &q.p);
  if (st == KG_OK) st = node_id(r, o, dt, lang, &q.o);
  if (st == KG_OK && g) st = node_id(r, g, NULL, NULL, &q.g);
  if (st == KG_OK) st = load_add(l, &q);
  l->status = st;
  return st == KG_OK ? SERD_SUCCESS : SERD_ERR_UNKNOWN;
}

/* @base and BASE: relative to the base before. */
static SerdStatus on_base(void *handle, const SerdNode *uri) {
  reading *r = handle;
  size_t n;
  arena_reset(r->a);
  const char *b = iri_resolve(r->a, r->base, (const char *)uri->buf,
                              uri->n_bytes, &n);
  char *copy = b ? strndup(b, n) : NULL;
  if (!copy) {
    r->l->status = kg_err(r->l->err, KG_ERR_NOMEM, "out of memory");
    return SERD_ERR_UNKNOWN;
  }
  free(r->base);
  r->base = copy;
  return SERD_SUCCESS;
}

static SerdStatus on_prefix(void *handle, const SerdNode *name,
                            const SerdNode *uri) {
  reading *r = handle;
  size_t n;
  arena_reset(r->a);
  const char *iri = NULL;
  if (iri_of(r, uri, &iri, &n) != KG_OK) iri = NULL;
  prefix *p = (prefix *)find_prefix(r, (const char *)name->buf, name->n_bytes);
  if (!iri ||
      (!p && !grow(&r->px, &r->cappx, r->npx + 1, sizeof *r->px, 16))) {
    r->l->status = kg_err(r->l->err, KG_ERR_NOMEM, "out of memory");
    return SERD_ERR_UNKNOWN;
  }
  char *nm = p ? p->name : strndup((const char *)name->buf, name->n_bytes);
  char *copy = strndup(iri, n);
  if (!nm || !copy) {
    free(copy);
    if (!p) free(nm);
    r->l->status = kg_err(r->l->err, KG_ERR_NOMEM, "out of memory");
    return SERD_ERR_UNKNOWN;
  }
  if (!p) p = &r->px[r->npx++];
  else free(p->iri);
  *p = (prefix){nm, copy, name->n_bytes, n};
  load_prefix(r->l, nm, p->nlen, copy, n);
  return SERD_SUCCESS;
}

/* ------------------------------------------------------------ reader */

static const struct {
  const char *name;
  SerdSyntax syntax;
} serd_syntaxes[] = {
  {"ntriples", SERD_NTRIPLES}, {"nquads", SERD_NQUADS},
  {"turtle", SERD_TURTLE},     {"trig", SERD_TRIG},
};

kg_status load_serd(loader *l, FILE *in, const unsigned char *head, size_t n,
                    const char *syntax, const char *base) {
  SerdSyntax sx = SERD_TURTLE;
  for (size_t i = 0; i < sizeof serd_syntaxes / sizeof *serd_syntaxes; i++)
    if (!strcmp(syntax, serd_syntaxes[i].name)) sx = serd_syntaxes[i].syntax;
  reading r = {.l = l, .in = in, .head = head, .nhead = n};
  r.win = malloc(2 * LOAD_CHUNK);
  r.base = strdup(base);
  r.a = arena_new();
  SerdReader *rd = serd_reader_new(sx, &r, NULL, on_base, on_prefix,
                                   on_statement, NULL);
  if (!r.win || !r.base || !r.a || !rd) {
    l->status = kg_err(l->err, KG_ERR_NOMEM, "cannot start the %s parser",
                       syntax);
  } else {
    serd_reader_set_strict(rd, true);
    serd_reader_set_error_sink(rd, on_error, &r);
    serd_reader_add_blank_prefix(rd, (const uint8_t *)l->scope);
    SerdStatus ss = serd_reader_read_source(rd, src_read, src_error, &r,
                                            (const uint8_t *)l->name,
                                            LOAD_CHUNK);
    if (l->status == KG_OK && ss > SERD_FAILURE)
      l->status = kg_err(l->err, KG_ERR_SYNTAX, "%s",
                         (const char *)serd_strerror(ss));
    long line, col;
    if (r.undeclared[0] && l->err->line <= 0 &&
        find_name(&r, r.undeclared, &line, &col)) {
      l->err->line = line;
      l->err->column = col;
    }
  }
  serd_reader_free(rd);
  for (size_t i = 0; i < r.npx; i++) {
    free(r.px[i].name);
    free(r.px[i].iri);
  }
  free(r.px);
  arena_free(r.a);
  free(r.base);
  free(r.win);
  return l->status;
}
