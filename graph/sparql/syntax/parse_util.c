/* parse_util.c - SPARQL parser plumbing: tokens, errors, arrays, maps,
 * triple lists, vars. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "sparql/syntax/syntax.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
const char SX_XSD_INTEGER[] = XSD "integer";
const char SX_XSD_DECIMAL[] = XSD "decimal";
const char SX_XSD_DOUBLE[] = XSD "double";
const char SX_XSD_BOOLEAN[] = XSD "boolean";
const char SX_XSD_STRING[] = XSD "string";
const char SX_RDF_TYPE[] = RDF "type";
const char SX_RDF_FIRST[] = RDF "first";
const char SX_RDF_REST[] = RDF "rest";
const char SX_RDF_NIL[] = RDF "nil";
const char SX_RDF_LANGSTRING[] = RDF "langString";

/* ---------------------------------------------------------------- errors */

static int verror_at(sp_parser *p, int line, int column, const char *fmt,
                     va_list ap) {
  if (p->failed) return -1;
  p->failed = 1;
  if (!p->err) return -1;
  p->err->status = KG_ERR_SYNTAX;
  snprintf(p->err->file, sizeof p->err->file, "<query>");
  p->err->line = line;
  p->err->column = column;
  vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
  /* found at the end of the text (a token missing, or a check of the
   * whole query such as GROUP BY): more text could make it valid */
  p->err->at_end = p->tok.kind == SP_T_EOF;
  return -1;
}

int sx_error_at(sp_parser *p, int line, int column, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verror_at(p, line, column, fmt, ap);
  va_end(ap);
  return -1;
}

int sx_error(sp_parser *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verror_at(p, p->tok.line, p->tok.column, fmt, ap);
  va_end(ap);
  return -1;
}

int sx_nomem(sp_parser *p) {
  if (p->failed) return -1;
  sx_error(p, "out of memory");
  if (p->err) p->err->status = KG_ERR_NOMEM;
  return -1;
}

/* Copies at most `max` code points of s[0..n) to out on one line (control
 * characters escaped), adding "..." when cut. */
static void clip(const char *s, size_t n, size_t max, char *out, size_t size) {
  size_t i = 0, o = 0, cps = 0;
  while (i < n && cps < max && o + 8 < size) {
    unsigned char c = (unsigned char)s[i++];
    if (c < 0x20) {
      const char *esc = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : "?";
      o += (size_t)snprintf(out + o, size - o, "%s", esc);
    } else {
      out[o++] = (char)c;
      while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80 && o + 1 < size) out[o++] = s[i++];
    }
    cps++;
  }
  snprintf(out + o, size - o, "%s", i < n ? "..." : "");
}

void sx_describe(const sp_token *t, char *out, size_t size) {
  char buf[160];
  switch (t->kind) {
  case SP_T_EOF:
    snprintf(out, size, "end of input");
    return;
  case SP_T_IRI:
  case SP_T_PNAME:
  case SP_T_BLANK:
  case SP_T_VAR:
  case SP_T_STRING:
  case SP_T_INTEGER:
  case SP_T_DECIMAL:
  case SP_T_DOUBLE:
  case SP_T_LANGTAG:
    clip(t->src, t->srclen, 40, out, size);
    return;
  default:
    clip(t->src, t->srclen, 40, buf, sizeof buf);
    snprintf(out, size, "'%s'", buf);
    return;
  }
}

static const char *const keywords[] = {
    "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED", "GROUP", "ORDER",
    "HAVING", "LIMIT", "OFFSET", "VALUES", "DISTINCT", "REDUCED", "OPTIONAL", "MINUS",
    "GRAPH", "SERVICE", "SILENT", "FILTER", "BIND", "UNION", "PREFIX", "BASE", "INSERT",
    "DELETE", "DATA", "WITH", "USING", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE",
    "COPY", "DEFAULT", "ALL", "INTO", "UNDEF", "EXISTS", NULL};

int sx_expected(sp_parser *p, const char *what) {
  char found[200];
  sx_describe(&p->tok, found, sizeof found);
  const char *hint = NULL;
  if (p->tok.kind == SP_T_NAME && p->tok.len >= 4)
    hint = sx_suggest(p->tok.val, p->tok.len, keywords);
  if (hint) return sx_error(p, "expected %s, found %s (did you mean %s?)", what, found, hint);
  return sx_error(p, "expected %s, found %s", what, found);
}

/* ---------------------------------------------------------------- tokens */

static void lex(sp_parser *p, sp_token *t) {
  if (p->failed) {
    memset(t, 0, sizeof *t);
    t->kind = SP_T_EOF;
    t->line = p->lx.line;
    t->column = p->lx.column;
    return;
  }
  if (sp_lex_next(&p->lx, t) == 0) return;
  if (strcmp(p->lx.err, "out of memory") == 0) {
    sx_nomem(p);
  } else {
    sx_error_at(p, p->lx.err_line, p->lx.err_column, "%s", p->lx.err);
  }
  memset(t, 0, sizeof *t);
  t->kind = SP_T_EOF;
}

void sx_advance(sp_parser *p) {
  p->prev_end = p->tok.off + p->tok.srclen;
  if (p->has_ahead && !p->failed) {
    p->tok = p->ahead;
    p->has_ahead = 0;
    return;
  }
  p->has_ahead = 0;
  lex(p, &p->tok);
}

const sp_token *sx_peek(sp_parser *p) {
  if (!p->has_ahead) {
    lex(p, &p->ahead);
    p->has_ahead = 1;
  }
  return &p->ahead;
}

int sx_is(const sp_parser *p, sp_tok_kind k) { return p->tok.kind == k; }

int sx_kw(const sp_token *t, const char *kw) {
  return t->kind == SP_T_NAME && t->len == strlen(kw) &&
         strncasecmp(t->val, kw, t->len) == 0;
}

int sx_is_kw(const sp_parser *p, const char *kw) { return sx_kw(&p->tok, kw); }

int sx_accept(sp_parser *p, sp_tok_kind k) {
  if (p->tok.kind != k) return 0;
  sx_advance(p);
  return 1;
}

int sx_accept_kw(sp_parser *p, const char *kw) {
  if (!sx_kw(&p->tok, kw)) return 0;
  sx_advance(p);
  return 1;
}

int sx_expect(sp_parser *p, sp_tok_kind k, const char *what) {
  if (sx_accept(p, k)) return 0;
  return sx_expected(p, what);
}

int sx_expect_kw(sp_parser *p, const char *kw) {
  if (sx_accept_kw(p, kw)) return 0;
  char what[64];
  snprintf(what, sizeof what, "%s", kw);
  return sx_expected(p, what);
}

/* ----------------------------------------------------------- suggestions */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

/* Edit distance, ignoring case; words longer than 32 are too far. */
static int distance(const char *a, size_t la, const char *b) {
  size_t lb = strlen(b);
  if (la > 32 || lb > 32) return 99;
  int row[33];
  for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int diag = row[0];
    row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int up = row[j];
      int cost = lower(a[i - 1]) != lower(b[j - 1]);
      int best = diag + cost;
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

const char *sx_suggest(const char *word, size_t len, const char *const *cands) {
  const char *best = NULL;
  int bestd = (int)(1 + len / 4);
  for (; *cands; cands++) {
    int d = distance(word, len, *cands);
    if (d == 0) continue; /* the word itself is no hint */
    if (d <= bestd && (!best || d < distance(word, len, best))) {
      best = *cands;
    }
  }
  return best;
}

/* ------------------------------------------------------ arrays and maps */

int sx_grow(sp_parser *p, void **items, int *cap, int n, size_t size) {
  if (n < *cap) return 0;
  int ncap = *cap ? *cap * 2 : 4;
  void *mem = arena_alloc(p->A, (size_t)ncap * size);
  if (!mem) return sx_nomem(p);
  if (n) memcpy(mem, *items, (size_t)n * size);
  *items = mem;
  *cap = ncap;
  return 0;
}

static unsigned long hash(const char *s, size_t n) {
  unsigned long h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

sx_map_ent *sx_map_find(const sx_map *m, const char *key, size_t len) {
  if (!m->cap) return NULL;
  unsigned long mask = (unsigned long)m->cap - 1;
  for (unsigned long i = hash(key, len) & mask;; i = (i + 1) & mask) {
    sx_map_ent *e = &m->ents[i];
    if (!e->key) return NULL;
    if (e->len == len && memcmp(e->key, key, len) == 0) return e;
  }
}

static sx_map_ent *slot(sx_map *m, const char *key, size_t len) {
  unsigned long mask = (unsigned long)m->cap - 1;
  unsigned long i = hash(key, len) & mask;
  while (m->ents[i].key) i = (i + 1) & mask;
  return &m->ents[i];
}

sx_map_ent *sx_map_put(sp_parser *p, sx_map *m, const char *key, size_t len) {
  if ((m->n + 1) * 10 >= m->cap * 7) {
    int ncap = m->cap ? m->cap * 2 : 16;
    sx_map_ent *ents = arena_alloc(p->A, (size_t)ncap * sizeof *ents);
    if (!ents) {
      sx_nomem(p);
      return NULL;
    }
    sx_map old = *m;
    m->ents = ents;
    m->cap = ncap;
    for (int i = 0; i < old.cap; i++)
      if (old.ents[i].key) *slot(m, old.ents[i].key, old.ents[i].len) = old.ents[i];
  }
  sx_map_ent *e = slot(m, key, len);
  e->key = key;
  e->len = len;
  m->n++;
  return e;
}

/* ------------------------------------------------------- triple lists */

void sx_triples_free(sx_triples *t) {
  free(t->t);
  free(t->q);
  t->t = NULL;
  t->q = NULL;
  t->n = t->cap = 0;
}

int sx_triples_add(sp_parser *p, sx_triples *out, const sp_term *s, const sp_term *pr,
                   sp_path *path, const sp_term *o) {
  if (out->n == out->cap) {
    if (out->cap > (1 << 28)) return sx_nomem(p);
    size_t cap = (size_t)out->cap;
    void *items = out->quads ? (void *)&out->q : (void *)&out->t;
    size_t size = out->quads ? sizeof *out->q : sizeof *out->t;
    if (!grow(items, &cap, cap + 1, size, 16)) return sx_nomem(p);
    out->cap = (int)cap;
  }
  if (out->quads) {
    sp_quad *q = &out->q[out->n++];
    memset(q, 0, sizeof *q);
    q->s = *s;
    q->p = *pr;
    q->o = *o;
    q->g = out->g;
    return 0;
  }
  sp_triple *t = &out->t[out->n++];
  memset(t, 0, sizeof *t);
  t->s = *s;
  t->p.var = -1;
  if (pr) t->p = *pr;
  t->path = path;
  t->o = *o;
  return 0;
}

/* ------------------------------------------------------------- variables */

int sx_var(sp_parser *p, const char *name, size_t len) {
  sx_map_ent *e = sx_map_find(&p->vars, name, len);
  if (e) return e->val;
  sp_query *q = p->q;
  char *copy = arena_strndup(p->A, name, len);
  if (!copy || !SX_PUSH(p, q->vars, q->nvars, p->vcap)) return sx_nomem(p);
  e = sx_map_put(p, &p->vars, copy, len);
  if (!e) return -1;
  q->vars[q->nvars] = copy;
  e->val = q->nvars++;
  return e->val;
}

int sx_hidden_var(sp_parser *p, const char *prefix, int n) {
  char name[64];
  int len = snprintf(name, sizeof name, "%s%d", prefix, n);
  return sx_var(p, name, (size_t)len);
}

int sx_var_hidden(const sp_query *q, int v) {
  return sp_name_hidden(q->vars[v]);
}

/* ---------------------------------------------------------- constructors */

sp_node *sx_node(sp_parser *p, sp_node_op op) {
  sp_node *n = arena_alloc(p->A, sizeof *n);
  if (!n) {
    sx_nomem(p);
    return NULL;
  }
  n->op = op;
  n->var = -1;
  n->offset = -1;
  n->limit = -1;
  return n;
}

sp_node *sx_node2(sp_parser *p, sp_node_op op, sp_node *a, sp_node *b) {
  sp_node *n = sx_node(p, op);
  if (!n) return NULL;
  n->a = a;
  n->b = b;
  return n;
}

sp_expr *sx_expr(sp_parser *p, sp_expr_op op, const sp_token *at) {
  sp_expr *e = arena_alloc(p->A, sizeof *e);
  if (!e) {
    sx_nomem(p);
    return NULL;
  }
  e->op = op;
  e->var = -1;
  if (at) {
    e->line = at->line;
    e->column = at->column;
  }
  return e;
}

int sx_expr_arg(sp_parser *p, sp_expr *e, sp_expr *arg, int *cap) {
  if (!SX_PUSH(p, e->args, e->nargs, *cap)) return -1;
  e->args[e->nargs++] = arg;
  /* every pass over an expression recurses: bound its height here, once,
   * with an error, before any of them can run out of stack */
  if (arg->height >= e->height) e->height = arg->height + 1;
  if (e->height > SX_MAX_HEIGHT)
    return sx_error_at(p, e->line, e->column,
                       "expression nested too deeply (more than %d levels of "
                       "operators and calls); split it, or use VALUES or IN",
                       SX_MAX_HEIGHT);
  return 0;
}
