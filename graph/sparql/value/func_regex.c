/* func_regex.c - REGEX and REPLACE with PCRE2 (UTF + UCP) and a small cache of compiled patterns. */
#include "sparql/value/value_impl.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* XPath flags as bits (they also key the cache). */
enum { RF_S = 1, RF_M = 2, RF_I = 4, RF_X = 8, RF_Q = 16 };
enum { CACHE_SIZE = 16 };

typedef struct {
  char *pat; /* NULL = free slot */
  size_t len;
  unsigned flags;
  pcre2_code *code;
  pcre2_match_data *md;
  int matches_empty; /* fn:matches("", pattern) */
  uint32_t groups;
} rx_entry;

typedef struct {
  rx_entry e[CACHE_SIZE];
  int next; /* slot replaced next (round robin) */
} rx_cache;

static void entry_free(rx_entry *e) {
  free(e->pat);
  pcre2_match_data_free(e->md);
  pcre2_code_free(e->code);
  memset(e, 0, sizeof *e);
}

/* The fctx's hook for its cache, so the value layer frees it without
 * depending on this file. */
static void regex_cache_free(void *cache) {
  rx_cache *rc = cache;
  if (!rc) return;
  for (int i = 0; i < CACHE_SIZE; i++) entry_free(&rc->e[i]);
  free(rc);
}

static int parse_flags(const sp_val *f, unsigned *out) {
  static const char names[] = "smixq";
  *out = 0;
  if (!f) return 1;
  for (size_t i = 0; i < f->len; i++) {
    const char *p = memchr(names, f->lex[i], 5);
    if (!p) return 0;
    *out |= 1u << (p - names);
  }
  return 1;
}

/* Flag x: drops whitespace outside character classes (XPath F&O 5.6.1). */
static char *strip_ws(const char *s, size_t n, size_t *out_n) {
  char *r = malloc(n + 1);
  if (!r) return NULL;
  size_t k = 0;
  int in_class = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '\\' && i + 1 < n) {
      r[k++] = ch;
      r[k++] = s[++i];
      continue;
    }
    if (ch == '[') in_class++;
    if (ch == ']' && in_class) in_class--;
    if (!in_class && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'))
      continue;
    r[k++] = ch;
  }
  r[k] = '\0';
  *out_n = k;
  return r;
}

/* The compiled pattern, from the cache or newly compiled into it. */
static rx_entry *get_regex(sp_fctx *c, const sp_val *pat, unsigned flags) {
  rx_cache *rc = c->regex_cache;
  if (!rc) {
    if (!(rc = c->regex_cache = calloc(1, sizeof *rc))) return NULL;
    c->regex_cache_free = regex_cache_free;
  }
  for (int i = 0; i < CACHE_SIZE; i++) {
    rx_entry *e = &rc->e[i];
    if (e->pat && e->flags == flags && e->len == pat->len &&
        memcmp(e->pat, pat->lex, pat->len) == 0)
      return e;
  }
  /* PCRE2_LITERAL admits few other options; s, m and x mean nothing then */
  uint32_t opts = PCRE2_UTF;
  if (flags & RF_Q)
    opts |= PCRE2_LITERAL;
  else
    opts |= PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
  if ((flags & RF_S) && !(flags & RF_Q)) opts |= PCRE2_DOTALL;
  if ((flags & RF_M) && !(flags & RF_Q)) opts |= PCRE2_MULTILINE;
  if (flags & RF_I) opts |= PCRE2_CASELESS;
  const char *src = pat->lex;
  size_t srclen = pat->len;
  char *stripped = NULL;
  if ((flags & RF_X) && !(flags & RF_Q)) {
    if (!(stripped = strip_ws(pat->lex, pat->len, &srclen))) return NULL;
    src = stripped;
  }
  int err;
  PCRE2_SIZE erroff;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, srclen, opts, &err,
                                   &erroff, NULL);
  free(stripped);
  if (!code) {
    PCRE2_UCHAR msg[128];
    pcre2_get_error_message(err, msg, sizeof msg);
    sp_err(c, "invalid regular expression at %zu: %s", (size_t)erroff,
           (const char *)msg);
    return NULL;
  }
  rx_entry *e = &rc->e[rc->next];
  rc->next = (rc->next + 1) % CACHE_SIZE;
  entry_free(e);
  e->code = code;
  e->md = pcre2_match_data_create_from_pattern(code, NULL);
  e->pat = malloc(pat->len + 1);
  if (!e->md || !e->pat) {
    entry_free(e);
    sp_err(c, "out of memory");
    return NULL;
  }
  memcpy(e->pat, pat->lex, pat->len);
  e->len = pat->len;
  e->flags = flags;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &e->groups);
  e->matches_empty = pcre2_match(code, (PCRE2_SPTR) "", 0, 0, 0, e->md, NULL) >= 0;
  return e;
}

/* Checks the common arguments: text, pattern and flags at a[fi]. */
static rx_entry *prepare(sp_fctx *c, const sp_val *a, int n, int fi,
                         const char *name, unsigned *flags) {
  if (!sp_is_strlit(&a[0]) || !sp_is_str(&a[1]) ||
      (n > fi && !sp_is_str(&a[fi]))) {
    sp_err(c, "%s needs a string, a simple literal pattern and flags", name);
    return NULL;
  }
  if (!parse_flags(n > fi ? &a[fi] : NULL, flags)) {
    sp_err(c, "%s: invalid flags \"%.*s\"", name, (int)a[fi].len, a[fi].lex);
    return NULL;
  }
  return get_regex(c, &a[1], *flags);
}

sp_val spf_regex(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn;
  unsigned flags;
  rx_entry *e = prepare(c, a, n, 2, "REGEX", &flags);
  if (!e) return sp_val_error();
  int rc = pcre2_match(e->code, (PCRE2_SPTR)a[0].lex, a[0].len, 0, 0, e->md,
                       NULL);
  if (rc == PCRE2_ERROR_NOMATCH) return sp_val_bool(0);
  if (rc < 0) return sp_err(c, "REGEX: matching failed (%d)", rc);
  return sp_val_bool(1);
}

/* A replacement may use $N, \$ and \\ only (FORX0004). */
static int repl_ok(const char *r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (r[i] == '\\') {
      if (i + 1 >= n || (r[i + 1] != '\\' && r[i + 1] != '$')) return 0;
      i++;
    } else if (r[i] == '$') {
      if (i + 1 >= n || r[i + 1] < '0' || r[i + 1] > '9') return 0;
    }
  }
  return 1;
}

/* Appends the replacement for one match: $N is the longest digit run that
 * names a group; a group that did not take part gives "". */
static void expand(strbuf *out, const char *r, size_t n, const char *subj,
                   const PCRE2_SIZE *ov, int rc, uint32_t groups) {
  for (size_t i = 0; i < n; i++) {
    if (r[i] == '\\') {
      strbuf_putc(out, r[++i]);
    } else if (r[i] == '$') {
      uint32_t g = (uint32_t)(r[++i] - '0');
      while (i + 1 < n && r[i + 1] >= '0' && r[i + 1] <= '9' &&
             g * 10 + (uint32_t)(r[i + 1] - '0') <= groups)
        g = g * 10 + (uint32_t)(r[++i] - '0');
      if (g <= groups && (int)g < rc && ov[2 * g] != PCRE2_UNSET)
        strbuf_append(out, subj + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
    } else {
      strbuf_putc(out, r[i]);
    }
  }
}

sp_val spf_replace(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn;
  unsigned flags;
  if (!sp_is_str(&a[2])) return sp_err(c, "REPLACE: bad replacement");
  rx_entry *e = prepare(c, a, n, 3, "REPLACE", &flags);
  if (!e) return sp_val_error();
  if (e->matches_empty)
    return sp_err(c, "REPLACE: the pattern matches the empty string");
  int literal = (flags & RF_Q) != 0;
  if (!literal && !repl_ok(a[2].lex, a[2].len))
    return sp_err(c, "REPLACE: invalid replacement string");
  const char *s = a[0].lex;
  size_t len = a[0].len, off = 0;
  strbuf out = {0};
  while (off <= len) {
    int rc = pcre2_match(e->code, (PCRE2_SPTR)s, len, off, 0, e->md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      strbuf_free(&out);
      return sp_err(c, "REPLACE: matching failed (%d)", rc);
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(e->md);
    strbuf_append(&out, s + off, ov[0] - off);
    if (literal)
      strbuf_append(&out, a[2].lex, a[2].len);
    else
      expand(&out, a[2].lex, a[2].len, s, ov, rc, e->groups);
    if (ov[1] > ov[0]) {
      off = ov[1];
    } else { /* an empty match (e.g. \b): keep one character and go on */
      if (ov[0] >= len) {
        off = len + 1;
        break;
      }
      size_t k = 1;
      while (ov[0] + k < len && ((unsigned char)s[ov[0] + k] & 0xC0) == 0x80) k++;
      strbuf_append(&out, s + ov[0], k);
      off = ov[0] + k;
    }
  }
  if (off < len) strbuf_append(&out, s + off, len - off);
  if (out.oom) {
    strbuf_free(&out);
    return sp_err(c, "out of memory");
  }
  sp_val v = sp_val_like(c, &a[0], out.data ? out.data : "", out.len);
  strbuf_free(&out);
  return v;
}
