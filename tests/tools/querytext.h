/* querytext.h - what the conformance runner reads from a query's text: its top-level ORDER BY keys and FROM graphs. */
#ifndef KG_TOOLS_QUERYTEXT_H
#define KG_TOOLS_QUERYTEXT_H

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "rdfcompare.h"

/* A token of the query: a word (keyword, prefixed name, number), a
 * variable, an <IRI> or one punctuation character; strings and comments
 * are skipped. `depth` counts the enclosing braces. */
typedef struct qt_token {
  enum { QT_WORD, QT_VAR, QT_IRI, QT_PUNCT } kind;
  const char *s;
  size_t len;
  int depth;
} qt_token;

/* Steps over a string literal starting at p; returns the end. */
static inline const char *qt_skip_string(const char *p) {
  char q = *p;
  int longq = p[1] == q && p[2] == q;
  p += longq ? 3 : 1;
  while (*p) {
    if (*p == '\\' && p[1]) {
      p += 2;
    } else if (*p == q && (!longq || (p[1] == q && p[2] == q))) {
      return p + (longq ? 3 : 1);
    } else {
      p++;
    }
  }
  return p;
}

/* The next token at or after *pp (0 at the end). */
static inline int qt_next(const char **pp, int *depth, qt_token *t) {
  const char *p = *pp;
  for (;;) {
    while (*p && isspace((unsigned char)*p)) p++;
    if (*p == '#') {
      while (*p && *p != '\n') p++;
    } else if (*p == '"' || *p == '\'') {
      p = qt_skip_string(p);
    } else {
      break;
    }
  }
  if (!*p) return 0;
  t->s = p;
  t->depth = *depth;
  if (*p == '<') {
    /* An IRI has no spaces or quotes before its '>'; else it is "<". */
    size_t n = strcspn(p + 1, "> \t\r\n\"{}<");
    if (p[1 + n] == '>') {
      t->kind = QT_IRI;
      t->s = p + 1;
      t->len = n;
      *pp = p + n + 2;
      return 1;
    }
  }
  if ((*p == '?' || *p == '$') && (isalnum((unsigned char)p[1]) || p[1] == '_' || (unsigned char)p[1] >= 0x80)) {
    const char *s = ++p;
    while (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) p++;
    t->kind = QT_VAR;
    t->s = s;
    t->len = (size_t)(p - s);
    *pp = p;
    return 1;
  }
  if (isalnum((unsigned char)*p) || *p == '_' || *p == ':' || (unsigned char)*p >= 0x80) {
    const char *s = p;
    while (isalnum((unsigned char)*p) || (*p && strchr("_:-.", *p)) || (unsigned char)*p >= 0x80) p++;
    while (p > s + 1 && p[-1] == '.') p--;  /* a final '.' ends a triple */
    t->kind = QT_WORD;
    t->len = (size_t)(p - s);
    *pp = p;
    return 1;
  }
  if (*p == '{') (*depth)++;
  if (*p == '}') (*depth)--;
  t->kind = QT_PUNCT;
  t->len = 1;
  *pp = p + 1;
  return 1;
}

static inline int qt_is(const qt_token *t, const char *word) {
  return t->kind == QT_WORD && t->len == strlen(word) &&
         strncasecmp(t->s, word, t->len) == 0;
}

static inline int qt_punct(const qt_token *t, char c) {
  return t->kind == QT_PUNCT && *t->s == c;
}

/* Reads the outer query's ORDER BY (one at brace depth 0) into o: plain
 * variables and ASC(?v)/DESC(?v) become keys; anything else makes the
 * order `complex`. `names` must outlive o (keys point into `query`, so
 * they are copied into names[k], each up to 128 bytes). */
static inline void qt_order(const char *query, rc_order *o, char names[][128]) {
  memset(o, 0, sizeof *o);
  const char *p = query;
  int depth = 0;
  qt_token t, u;
  while (qt_next(&p, &depth, &t)) {
    if (!(t.depth == 0 && qt_is(&t, "ORDER"))) continue;
    const char *save = p;
    int d2 = depth;
    if (!qt_next(&save, &d2, &u) || !qt_is(&u, "BY")) continue;
    p = save;
    depth = d2;
    o->ordered = 1;
    while (qt_next(&p, &depth, &t)) {
      if (qt_is(&t, "LIMIT") || qt_is(&t, "OFFSET") || qt_is(&t, "VALUES")) break;
      const qt_token *var = NULL;
      qt_token v, close;
      if (t.kind == QT_VAR) {
        var = &t;
      } else if ((qt_is(&t, "ASC") || qt_is(&t, "DESC")) && qt_next(&p, &depth, &u) &&
                 qt_punct(&u, '(') && qt_next(&p, &depth, &v) && v.kind == QT_VAR &&
                 qt_next(&p, &depth, &close) && qt_punct(&close, ')')) {
        var = &v;
      } else {
        o->complex = 1;
        return;
      }
      if (o->nkeys < sizeof o->keys / sizeof o->keys[0] && var->len < 128) {
        memcpy(names[o->nkeys], var->s, var->len);
        names[o->nkeys][var->len] = '\0';
        o->keys[o->nkeys] = names[o->nkeys];
        o->nkeys++;
      } else {
        o->complex = 1;
      }
    }
    return;
  }
}

/* Calls fn(data, iri, len, named) for each FROM <iri> / FROM NAMED <iri>
 * of the outer query (the IRI as written, maybe relative). */
static inline void qt_from(const char *query,
                    void (*fn)(void *data, const char *iri, size_t len, int named),
                    void *data) {
  const char *p = query;
  int depth = 0;
  qt_token t, u;
  while (qt_next(&p, &depth, &t)) {
    if (!(t.depth == 0 && qt_is(&t, "FROM"))) continue;
    if (!qt_next(&p, &depth, &u)) return;
    int named = qt_is(&u, "NAMED");
    if (named && !qt_next(&p, &depth, &u)) return;
    if (u.kind == QT_IRI) fn(data, u.s, u.len, named);
  }
}

/* 1 if the keyword `word` occurs in the query (not in strings, IRIs or
 * comments), at any depth. */
static inline int qt_has_word(const char *query, const char *word) {
  const char *p = query;
  int depth = 0;
  qt_token t;
  while (qt_next(&p, &depth, &t))
    if (qt_is(&t, word)) return 1;
  return 0;
}

#endif /* KG_TOOLS_QUERYTEXT_H */
