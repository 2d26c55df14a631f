/* link_text.c - labels made comparable (libunistring: NFKC, case and
 * width folding), legal forms stripped, blocking keys, and the two fuzzy
 * similarities (Jaro-Winkler, character trigrams) over code points. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "link/link.h"

/* Legal forms and group words at the end of a name, longest first; a
 * normalised name has no dots, so "S.p.A." is "s p a". */
static const char *const latin_forms[] = {
  "co ltd", "s p a", "n v", "b v", "s a", "corporation", "incorporated",
  "holdings", "holding", "limited", "company", "group", "kgaa", "gmbh",
  "corp", "ltd", "llc", "plc", "inc", "spa", "co", "ag", "nv", "bv", "sa",
  "se", "lp", "pte", "pty", NULL};
static const char *const cjk_forms[] = {
  "集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司",
  "有限公司", "股份公司", "集团公司", "集團", "集团", "公司", NULL};

static int is_apostrophe(ucs4_t c) {
  return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x2bc;
}

static int is_break(ucs4_t c) {
  return uc_is_general_category(c, UC_CATEGORY_P) ||
         uc_is_general_category(c, UC_CATEGORY_S) ||
         uc_is_general_category(c, UC_CATEGORY_Z) ||
         uc_is_general_category(c, UC_CATEGORY_C);
}

/* Removes one suffix of the lists from s (length *n), leaving at least
 * one word (Latin) or two characters (ideographs). 1 if it did. */
static int strip_once(char *s, size_t *n) {
  for (size_t i = 0; latin_forms[i]; i++) {
    size_t k = strlen(latin_forms[i]);
    if (*n > k + 1 && s[*n - k - 1] == ' ' &&
        !memcmp(s + *n - k, latin_forms[i], k)) {
      *n -= k + 1;
      s[*n] = '\0';
      return 1;
    }
  }
  for (size_t i = 0; cjk_forms[i]; i++) {
    size_t k = strlen(cjk_forms[i]);
    /* two ideographs (six bytes) must stay */
    if (*n >= k + 6 && !memcmp(s + *n - k, cjk_forms[i], k)) {
      *n -= k;
      while (*n && s[*n - 1] == ' ') (*n)--;
      s[*n] = '\0';
      return 1;
    }
  }
  return 0;
}

char *link_norm(arena *a, const char *s, size_t n) {
  size_t flen = 0;
  uint8_t *f = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFKC, NULL,
                           &flen);
  if (!f) return NULL;
  char *out = arena_alloc(a, flen * 2 + 2);
  if (!out) {
    free(f);
    return NULL;
  }
  size_t o = 0;
  int prev_ideo = -1; /* -1 at a space, else whether the last was one */
  for (size_t i = 0; i < flen;) {
    ucs4_t c;
    int l = u8_mbtouc(&c, f + i, flen - i);
    i += (size_t)l;
    if (is_apostrophe(c)) continue;
    if (is_break(c)) {
      if (o && out[o - 1] != ' ') out[o++] = ' ';
      prev_ideo = -1;
      continue;
    }
    int ideo = uc_is_property_ideographic(c);
    if (prev_ideo >= 0 && ideo != prev_ideo && out[o - 1] != ' ')
      out[o++] = ' ';
    o += (size_t)u8_uctomb((uint8_t *)out + o, c, 6);
    prev_ideo = ideo;
  }
  free(f);
  while (o && out[o - 1] == ' ') o--;
  out[o] = '\0';
  size_t start = 0;
  if (o > 4 && !memcmp(out, "the ", 4)) start = 4;
  memmove(out, out + start, o - start + 1);
  o -= start;
  while (strip_once(out, &o)) {
  }
  return out;
}

char *link_strip_raw(arena *a, const char *s) {
  size_t n = strlen(s);
  /* words and punctuation at the end, compared without case and dots */
  size_t end = n;
  int stripped = 0;
  for (;;) {
    while (end && strchr(" ,.;", s[end - 1])) end--;
    size_t w = end;
    while (w && !strchr(" ,", s[w - 1])) w--;
    int hit = 0;
    if (w > 0) {
      char word[32];
      size_t k = 0;
      for (size_t i = w; i < end && k + 1 < sizeof word; i++)
        if (s[i] != '.') word[k++] = s[i];
      word[k] = '\0';
      for (size_t i = 0; !hit && latin_forms[i]; i++)
        if (!strchr(latin_forms[i], ' ') && !strcasecmp(word, latin_forms[i]))
          hit = 1;
    }
    for (size_t i = 0; !hit && cjk_forms[i]; i++) {
      size_t k = strlen(cjk_forms[i]);
      if (end >= k + 6 && !memcmp(s + end - k, cjk_forms[i], k)) {
        w = end - k;
        hit = 1;
      }
    }
    if (!hit) break;
    end = w;
    stripped = 1;
  }
  while (end && strchr(" ,.;", s[end - 1])) end--;
  if (!stripped || !end) return NULL;
  return arena_strndup(a, s, end);
}

/* ------------------------------------------------------------ similarity */

/* The code points of s in a new array (*n of them); NULL on failure. */
static ucs4_t *points(const char *s, size_t *n) {
  size_t len = 0;
  ucs4_t *u = u8_to_u32((const uint8_t *)s, strlen(s), NULL, &len);
  *n = u ? len : 0;
  return u;
}

double link_jaro_winkler(const char *sa, const char *sb) {
  size_t n, m;
  ucs4_t *a = points(sa, &n), *b = points(sb, &m);
  double r = 0;
  if (!a || !b || !n || !m) goto done;
  size_t win = (n > m ? n : m) / 2;
  win = win ? win - 1 : 0;
  char *ma = calloc(n, 1), *mb = calloc(m, 1);
  if (!ma || !mb) {
    free(ma), free(mb);
    goto done;
  }
  size_t matches = 0;
  for (size_t i = 0; i < n; i++) {
    size_t lo = i > win ? i - win : 0, hi = i + win + 1 < m ? i + win + 1 : m;
    for (size_t j = lo; j < hi; j++)
      if (!mb[j] && a[i] == b[j]) {
        ma[i] = mb[j] = 1;
        matches++;
        break;
      }
  }
  if (matches) {
    size_t t = 0, j = 0;
    for (size_t i = 0; i < n; i++) {
      if (!ma[i]) continue;
      while (!mb[j]) j++;
      if (a[i] != b[j]) t++;
      j++;
    }
    double md = (double)matches;
    double jaro = (md / (double)n + md / (double)m + (md - (double)t / 2) / md) / 3;
    size_t prefix = 0;
    while (prefix < 4 && prefix < n && prefix < m && a[prefix] == b[prefix])
      prefix++;
    r = jaro + (double)prefix * 0.1 * (1 - jaro);
  }
  free(ma), free(mb);
done:
  free(a), free(b);
  return r;
}

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

/* The trigrams of s padded with two spaces before and one after, each
 * packed into 63 bits, sorted. */
static uint64_t *trigrams(const char *s, size_t *count) {
  size_t n;
  ucs4_t *u = points(s, &n);
  *count = 0;
  if (!u) return NULL;
  size_t len = n + 3;
  ucs4_t *p = malloc(len * sizeof *p);
  uint64_t *t = malloc((len - 2) * sizeof *t);
  if (p && t) {
    p[0] = p[1] = ' ';
    memcpy(p + 2, u, n * sizeof *u);
    p[len - 1] = ' ';
    for (size_t i = 0; i + 2 < len; i++)
      t[i] = (uint64_t)p[i] << 42 | (uint64_t)p[i + 1] << 21 | p[i + 2];
    *count = len - 2;
    qsort(t, *count, sizeof *t, cmp_u64);
  } else {
    free(t);
    t = NULL;
  }
  free(p);
  free(u);
  return t;
}

double link_trigram(const char *a, const char *b) {
  size_t n, m;
  uint64_t *x = trigrams(a, &n), *y = trigrams(b, &m);
  double r = 0;
  if (x && y && n + m) {
    size_t i = 0, j = 0, common = 0;
    while (i < n && j < m) {
      if (x[i] == y[j]) common++, i++, j++;
      else if (x[i] < y[j]) i++;
      else j++;
    }
    r = 2.0 * (double)common / (double)(n + m);
  }
  free(x), free(y);
  return r;
}

/* ----------------------------------------------------------------- keys */

static const char *const stop_words[] = {"of", "the", "and", "for", "de",
                                         "la", "le", "du", "des", "in", NULL};

static void word_keys(const char *w, size_t n, link_key_fn fn, void *ctx) {
  ucs4_t c;
  int l = u8_mbtouc(&c, (const uint8_t *)w, n);
  char key[160];
  if (!uc_is_property_ideographic(c)) {
    if (n < 2 || n + 2 >= sizeof key) return;
    for (size_t i = 0; stop_words[i]; i++)
      if (strlen(stop_words[i]) == n && !memcmp(stop_words[i], w, n)) return;
    memcpy(key, "w:", 2);
    memcpy(key + 2, w, n);
    fn(ctx, key, n + 2);
    return;
  }
  /* pairs of ideographs; a single one is a key of its own */
  size_t first = (size_t)l;
  if (first >= n) {
    memcpy(key, "b:", 2);
    memcpy(key + 2, w, n);
    fn(ctx, key, n + 2);
    return;
  }
  for (size_t i = 0; i < n;) {
    int l1 = u8_mbtouc(&c, (const uint8_t *)w + i, n - i);
    if (i + (size_t)l1 >= n) break;
    int l2 = u8_mbtouc(&c, (const uint8_t *)w + i + l1, n - i - (size_t)l1);
    size_t k = (size_t)(l1 + l2);
    memcpy(key, "b:", 2);
    memcpy(key + 2, w + i, k);
    fn(ctx, key, k + 2);
    i += (size_t)l1;
  }
}

void link_keys(const char *norm, link_key_fn fn, void *ctx) {
  size_t n = strlen(norm);
  if (!n) return;
  char *whole = malloc(n + 2);
  if (whole) {
    whole[0] = '=';
    memcpy(whole + 1, norm, n + 1);
    fn(ctx, whole, n + 1);
    free(whole);
  }
  for (const char *p = norm; *p;) {
    size_t w = strcspn(p, " ");
    word_keys(p, w, fn, ctx);
    p += w;
    while (*p == ' ') p++;
  }
}
