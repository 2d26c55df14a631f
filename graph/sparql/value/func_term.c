/* func_term.c - term functions: STR, LANG, LANGMATCHES, DATATYPE, IRI, BNODE, STRLANG, STRDT, isX, sameTerm. */
#include "sparql/value/value_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "iri.h"

sp_val spf_str(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (a->type == SPV_BNODE) return sp_err(c, "STR of a blank node");
  return sp_val_string(c, a->lex, a->len, 0);
}

sp_val spf_lang(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (!sp_is_literal(a)) return sp_err(c, "LANG of a non-literal");
  const char *l = a->type == SPV_LANG ? a->lang : "";
  return sp_val_string(c, l, strlen(l), 0);
}

/* RFC 4647 basic filtering: "*" matches any tag; otherwise the range
 * equals the tag or is a prefix of it followed by "-", ignoring case. */
static int lang_matches(const char *tag, size_t nt, const char *rng,
                        size_t nr) {
  if (nr == 1 && rng[0] == '*') return nt > 0;
  if (nr == 0 || nr > nt) return 0;
  for (size_t i = 0; i < nr; i++)
    if (tolower((unsigned char)tag[i]) != tolower((unsigned char)rng[i]))
      return 0;
  return nr == nt || tag[nr] == '-';
}

sp_val spf_langmatches(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (!sp_is_str(&a[0]) || !sp_is_str(&a[1]))
    return sp_err(c, "LANGMATCHES needs two simple literals");
  return sp_val_bool(lang_matches(a[0].lex, a[0].len, a[1].lex, a[1].len));
}

sp_val spf_datatype(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (!sp_is_literal(a)) return sp_err(c, "DATATYPE of a non-literal");
  const char *dt = a->type == SPV_LANG ? RDF_LANGSTRING
                   : a->dt             ? a->dt
                                       : XSD_STRING;
  return sp_val_iri(c, dt, strlen(dt), 0);
}

sp_val spf_iri(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (a->type == SPV_IRI) return *a;
  if (!sp_is_str(a)) return sp_err(c, "IRI needs a simple literal or an IRI");
  if (!iri_chars_ok(a->lex, a->len))
    return sp_err(c, "IRI: \"%.*s\" is not a valid IRI",
                  (int)(a->len > 64 ? 64 : a->len), a->lex);
  size_t len;
  char *s = c->arena ? iri_resolve(c->arena, c->base, a->lex, a->len, &len)
                     : NULL;
  if (!s) return sp_err(c, "out of memory");
  return sp_val_iri(c, s, len, 0);
}

/* BNODE() is a fresh node; BNODE(str) the same node for the same string
 * within one solution: its label encodes the solution and the string. */
sp_val spf_bnode(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn;
  const char *prefix = c->bnode_prefix ? c->bnode_prefix : "b";
  char key[72];
  size_t plen = strlen(prefix), len;
  if (n == 0) {
    char num[32];
    len = (size_t)snprintf(num, sizeof num, "n%llu",
                           (unsigned long long)++c->bnode_counter);
    char *s = c->arena ? arena_alloc(c->arena, plen + len + 1) : NULL;
    if (!s) return sp_err(c, "out of memory");
    memcpy(s, prefix, plen);
    memcpy(s + plen, num, len + 1);
    sp_val v = sp_val_iri(c, s, plen + len, 0);
    v.type = SPV_BNODE;
    return v;
  }
  if (!sp_is_str(a)) return sp_err(c, "BNODE needs a simple literal");
  if (a->len <= 32) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < a->len; i++) {
      key[2 * i] = hex[(unsigned char)a->lex[i] >> 4];
      key[2 * i + 1] = hex[(unsigned char)a->lex[i] & 15];
    }
    key[2 * a->len] = '\0';
  } else {
    key[0] = 'h';
    sp_sha256_hex(a->lex, a->len, key + 1);
  }
  char head[40];
  size_t hlen = (size_t)snprintf(head, sizeof head, "s%llux",
                                 (unsigned long long)c->solution);
  size_t klen = strlen(key);
  len = plen + hlen + klen;
  char *s = c->arena ? arena_alloc(c->arena, len + 1) : NULL;
  if (!s) return sp_err(c, "out of memory");
  memcpy(s, prefix, plen);
  memcpy(s + plen, head, hlen);
  memcpy(s + plen + hlen, key, klen + 1);
  sp_val v = sp_val_iri(c, s, len, 0);
  v.type = SPV_BNODE;
  return v;
}

/* A language tag per BCP 47's basic shape: 1-8 letters, then -alnum{1,8}. */
static int lang_tag_ok(const char *s, size_t n) {
  size_t i = 0, k = 0;
  while (i < n && isalpha((unsigned char)s[i])) i++, k++;
  if (k < 1 || k > 8) return 0;
  while (i < n) {
    if (s[i++] != '-') return 0;
    for (k = 0; i < n && isalnum((unsigned char)s[i]); i++) k++;
    if (k < 1 || k > 8) return 0;
  }
  return 1;
}

sp_val spf_strlang(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (!sp_is_str(&a[0]) || !sp_is_str(&a[1]))
    return sp_err(c, "STRLANG needs a simple literal and a language tag");
  if (!lang_tag_ok(a[1].lex, a[1].len))
    return sp_err(c, "STRLANG: \"%.*s\" is not a language tag",
                  (int)(a[1].len > 32 ? 32 : a[1].len), a[1].lex);
  char *l = c->arena ? arena_strndup(c->arena, a[1].lex, a[1].len) : NULL;
  if (!l) return sp_err(c, "out of memory");
  for (char *p = l; *p; p++) *p = (char)tolower((unsigned char)*p);
  return sp_val_lang(c, a[0].lex, a[0].len, l, 0);
}

sp_val spf_strdt(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (!sp_is_str(&a[0]) || a[1].type != SPV_IRI)
    return sp_err(c, "STRDT needs a simple literal and an IRI");
  char *dt = c->arena ? arena_strndup(c->arena, a[1].lex, a[1].len) : NULL;
  if (!dt) return sp_err(c, "out of memory");
  if (strcmp(dt, RDF_LANGSTRING) == 0)
    return sp_err(c, "STRDT cannot make an rdf:langString");
  return sp_val_typed(c, a[0].lex, a[0].len, dt, 0);
}

sp_val spf_is(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)c, (void)n;
  switch (fn) {
    case SP_FN_ISIRI:
    case SP_FN_ISURI: return sp_val_bool(a->type == SPV_IRI);
    case SP_FN_ISBLANK: return sp_val_bool(a->type == SPV_BNODE);
    case SP_FN_ISLITERAL: return sp_val_bool(sp_is_literal(a));
    default: return sp_val_bool(sp_is_numeric(a));
  }
}

sp_val spf_sameterm(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)c, (void)fn, (void)n;
  return sp_val_bool(sp_val_same_term(&a[0], &a[1]));
}
