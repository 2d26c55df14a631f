/* testval.h - helpers for the value and function suites: building terms and checking results. */
#ifndef KG_TESTVAL_H
#define KG_TESTVAL_H

#include <check.h>
#include <string.h>

#include "sparql/value/value.h"

#define X(local) XSD #local

static sp_fctx C; /* the function context of the running test */

static inline void fctx_setup(void) {
  memset(&C, 0, sizeof C);
  C.arena = arena_new();
  C.base = "http://example.org/base/";
  C.bnode_prefix = "b";
}

static inline void fctx_teardown(void) {
  sp_fctx_clear(&C);
  arena_free(C.arena);
}

static inline sp_val lit(const char *lex, const char *dt) {
  kg_term t = {KG_TERM_LITERAL, lex, strlen(lex), dt, NULL};
  return sp_val_from_term(&t);
}
static inline sp_val str(const char *lex) { return lit(lex, NULL); }
static inline sp_val xstr(const char *lex) { return lit(lex, X(string)); }
static inline sp_val lng(const char *lex, const char *lang) {
  kg_term t = {KG_TERM_LITERAL, lex, strlen(lex), NULL, lang};
  return sp_val_from_term(&t);
}
static inline sp_val iri(const char *s) {
  kg_term t = {KG_TERM_IRI, s, strlen(s), NULL, NULL};
  return sp_val_from_term(&t);
}
static inline sp_val bnode(const char *s) {
  kg_term t = {KG_TERM_BLANK, s, strlen(s), NULL, NULL};
  return sp_val_from_term(&t);
}
static inline sp_val integer(const char *lex) { return lit(lex, X(integer)); }
static inline sp_val dec(const char *lex) { return lit(lex, X(decimal)); }
static inline sp_val dbl(const char *lex) { return lit(lex, X(double)); }
static inline sp_val flt(const char *lex) { return lit(lex, X(float)); }

/* The lexical form as a NUL-terminated string. */
static inline const char *lexof(const sp_val *v) {
  return arena_strndup(C.arena, v->lex ? v->lex : "", v->lex ? v->len : 0);
}

/* Checks that v is the literal lex with datatype dt (NULL: simple) or,
 * when lang is set, the language-tagged literal. */
static inline void check_lit(sp_val v, const char *lex, const char *dt,
                      const char *lang, int line) {
  ck_assert_msg(v.type != SPV_ERROR, "line %d: error (%s), wanted \"%s\"",
                line, C.errmsg, lex);
  ck_assert_msg(v.type >= SPV_STRING, "line %d: not a literal", line);
  ck_assert_msg(strcmp(lexof(&v), lex) == 0, "line %d: got \"%s\" wanted \"%s\"",
                line, lexof(&v), lex);
  if (lang) {
    ck_assert_msg(v.type == SPV_LANG && strcmp(v.lang, lang) == 0,
                  "line %d: wanted @%s", line, lang);
  } else {
    ck_assert_msg(v.type != SPV_LANG, "line %d: unexpected language tag", line);
    const char *got = v.dt ? v.dt : "(simple)", *want = dt ? dt : "(simple)";
    ck_assert_msg(strcmp(got, want) == 0, "line %d: datatype %s, wanted %s",
                  line, got, want);
  }
}
#define LIT(v, lex, dt) check_lit((v), (lex), (dt), NULL, __LINE__)
#define LANGLIT(v, lex, lang) check_lit((v), (lex), NULL, (lang), __LINE__)
#define ERR(v)                                                            \
  do {                                                                    \
    sp_val e_ = (v);                                                      \
    ck_assert_msg(e_.type == SPV_ERROR, "line %d: wanted an error, got %s", \
                  __LINE__, lexof(&e_));                                  \
  } while (0)

#endif
