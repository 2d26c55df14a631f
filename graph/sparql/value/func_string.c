/* func_string.c - string functions: STRLEN, SUBSTR, UCASE, LCASE, ENCODE_FOR_URI, CONTAINS..STRAFTER, CONCAT. */
#include "sparql/value/value_impl.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

/* Argument compatibility for two-string functions (s.17.4.3.1.1): both
 * simple/xsd:string, both with the same language tag, or a tagged first
 * argument with a simple/xsd:string second. */
static int compatible(const sp_val *a, const sp_val *b) {
  if (!sp_is_strlit(a) || !sp_is_strlit(b)) return 0;
  if (b->type == SPV_STRING) return 1;
  return a->type == SPV_LANG && sp_lang_eq(a->lang, b->lang);
}

/* Bytes of the UTF-8 character starting at s (1 on invalid input). */
static size_t char_len(const char *s, size_t n) {
  ucs4_t uc;
  int k = u8_mbtouc(&uc, (const uint8_t *)s, n);
  return k > 0 ? (size_t)k : 1;
}

sp_val spf_strlen(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  if (!sp_is_strlit(a)) return sp_err(c, "STRLEN needs a string");
  return sp_val_int(c, (int64_t)u8_mbsnlen((const uint8_t *)a->lex, a->len));
}

/* fn:round as used by fn:substring: half toward positive infinity. */
static double xround(double x) {
  if (!isfinite(x)) return x;
  double f = floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

/* SUBSTR per fn:substring: the characters at positions p (from 1) with
 * round(start) <= p < round(start) + round(length). */
sp_val spf_substr(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn;
  sp_num ns, nl;
  if (!sp_is_strlit(&a[0]) || !sp_num_get(&a[1], &ns) ||
      (n > 2 && !sp_num_get(&a[2], &nl)))
    return sp_err(c, "SUBSTR needs a string and numbers");
  double from = xround(sp_num_double(&ns));
  double to = n > 2 ? from + xround(sp_num_double(&nl)) : INFINITY;
  const char *s = a[0].lex;
  size_t len = a[0].len, i = 0, b0 = SIZE_MAX, b1 = len;
  for (double pos = 1; i < len; pos++) { /* the range is contiguous */
    int in = pos >= from && pos < to;
    if (in && b0 == SIZE_MAX) b0 = i;
    if (!in && b0 != SIZE_MAX) {
      b1 = i;
      break;
    }
    i += char_len(s + i, len - i);
  }
  if (b0 == SIZE_MAX) b0 = b1 = 0;
  return sp_val_like(c, &a[0], s + b0, b1 - b0);
}

sp_val spf_case(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)n;
  if (!sp_is_strlit(a)) return sp_err(c, "%s needs a string",
                                      fn == SP_FN_UCASE ? "UCASE" : "LCASE");
  size_t len = 0;
  /* Full Unicode case mapping, not tailored to a language. */
  uint8_t *r = fn == SP_FN_UCASE
                   ? u8_toupper((const uint8_t *)a->lex, a->len, NULL, NULL,
                                NULL, &len)
                   : u8_tolower((const uint8_t *)a->lex, a->len, NULL, NULL,
                                NULL, &len);
  if (!r) return sp_err(c, "case mapping failed (invalid UTF-8?)");
  sp_val v = sp_val_like(c, a, (const char *)r, len);
  free(r);
  return v;
}

sp_val spf_encode(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)n;
  static const char hex[] = "0123456789ABCDEF";
  if (!sp_is_strlit(a)) return sp_err(c, "ENCODE_FOR_URI needs a string");
  char *out = c->arena ? arena_alloc(c->arena, a->len * 3 + 1) : NULL;
  if (!out) return sp_err(c, "out of memory");
  size_t k = 0;
  for (size_t i = 0; i < a->len; i++) {
    unsigned char ch = (unsigned char)a->lex[i];
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
        (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
        ch == '~') {
      out[k++] = (char)ch;
    } else {
      out[k++] = '%';
      out[k++] = hex[ch >> 4];
      out[k++] = hex[ch & 15];
    }
  }
  out[k] = '\0';
  return sp_val_string(c, out, k, 0);
}

static const char *find(const sp_val *hay, const sp_val *needle) {
  if (needle->len == 0) return hay->lex;
  return memmem(hay->lex, hay->len, needle->lex, needle->len);
}

/* CONTAINS, STRSTARTS, STRENDS. */
sp_val spf_strtest(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)n;
  if (!compatible(&a[0], &a[1]))
    return sp_err(c, "incompatible string arguments");
  const sp_val *h = &a[0], *x = &a[1];
  if (x->len > h->len) return sp_val_bool(0);
  switch (fn) {
    case SP_FN_STRSTARTS:
      return sp_val_bool(!x->len || memcmp(h->lex, x->lex, x->len) == 0);
    case SP_FN_STRENDS:
      return sp_val_bool(!x->len ||
                         memcmp(h->lex + h->len - x->len, x->lex, x->len) == 0);
    default:
      return sp_val_bool(find(h, x) != NULL);
  }
}

/* STRBEFORE, STRAFTER: like the first argument on a match (even an
 * empty one), else an empty simple literal. */
sp_val spf_strpart(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)n;
  if (!compatible(&a[0], &a[1]))
    return sp_err(c, "incompatible string arguments");
  const char *p = find(&a[0], &a[1]);
  if (!p) return sp_val_string(c, "", 0, 0);
  size_t at = (size_t)(p - a[0].lex);
  if (fn == SP_FN_STRBEFORE) return sp_val_like(c, &a[0], a[0].lex, at);
  at += a[1].len;
  return sp_val_like(c, &a[0], a[0].lex + at, a[0].len - at);
}

/* CONCAT: the common language tag if all share one; xsd:string if all
 * are xsd:string; otherwise a simple literal. */
sp_val spf_concat(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn;
  size_t total = 0;
  int all_lang = n > 0, all_xs = n > 0;
  for (int i = 0; i < n; i++) {
    if (!sp_is_strlit(&a[i])) return sp_err(c, "CONCAT needs strings");
    total += a[i].len;
    if (a[i].type != SPV_LANG || !sp_lang_eq(a[i].lang, a[0].lang))
      all_lang = 0;
    if (a[i].type != SPV_STRING || !a[i].dt) all_xs = 0;
  }
  char *s = c->arena ? arena_alloc(c->arena, total + 1) : NULL;
  if (!s) return sp_err(c, "out of memory");
  size_t k = 0;
  for (int i = 0; i < n; i++) {
    if (a[i].len) memcpy(s + k, a[i].lex, a[i].len);
    k += a[i].len;
  }
  s[k] = '\0';
  if (all_lang) return sp_val_lang(c, s, k, a[0].lang, 0);
  sp_val v = sp_val_string(c, s, k, 0);
  if (all_xs) v.dt = XSD_STRING;
  return v;
}
