/* inline.c - small numbers and dates written in their ids (see inline.h). */
#include "store/inline.h"

#include "civil.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

#define XSD_INTEGER KG_XSD "integer"
#define XSD_DECIMAL KG_XSD "decimal"
#define XSD_DATE KG_XSD "date"

#define INT_BIAS (INT64_C(1) << 27)
#define MANT_BIAS (INT64_C(1) << 25)
/* 0001-01-01 in days from 1970-01-01, and 9999-12-31 in days from
 * 0001-01-01 (test_inline checks both against civil.c) */
#define DAY_ONE (-719162)
#define DAY_LAST 3652058u

static kg_id make(int kind, uint32_t payload) {
  return INLINE_TAG | (uint32_t)kind << 28 | payload;
}

/* Digits s[0..n) as a number below `limit`; -1 when one is not a digit,
 * there are none, or it reaches the limit. */
static int64_t digits(const char *s, size_t n, int64_t limit) {
  int64_t v = 0;
  if (!n) return -1;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
    if (v >= limit) return -1;
  }
  return v;
}

/* [-]D+ with no leading zero (but "0"), its sign and digits split. */
static int canonical_int(const char *s, size_t n, int *neg, size_t *start) {
  *neg = n && s[0] == '-';
  *start = (size_t)*neg;
  size_t d = n - *start;
  return d && (d == 1 || s[*start] != '0');
}

static kg_id integer_id(const char *s, size_t n) {
  int neg;
  size_t at;
  if (!canonical_int(s, n, &neg, &at)) return 0;
  int64_t v = digits(s + at, n - at, INT_BIAS + 1);
  if (v < 0 || (neg && v == 0) || (!neg && v == INT_BIAS)) return 0;
  return make(INLINE_INTEGER, (uint32_t)((neg ? -v : v) + INT_BIAS));
}

static kg_id decimal_id(const char *s, size_t n) {
  const char *dot = memchr(s, '.', n);
  size_t whole = dot ? (size_t)(dot - s) : n;
  size_t frac = dot ? n - whole - 1 : 0;
  int neg;
  size_t at;
  if (!canonical_int(s, whole, &neg, &at) || (dot && !frac) || frac > 3)
    return 0;
  int64_t w = digits(s + at, whole - at, MANT_BIAS + 1);
  int64_t f = frac ? digits(dot + 1, frac, 1000) : 0;
  if (w < 0 || f < 0) return 0;
  int64_t m = w;
  for (size_t i = 0; i < frac; i++) m *= 10;
  m += f;
  /* "-0.0" would come back as "0.0" */
  if ((neg && m == 0) || m > MANT_BIAS || (!neg && m == MANT_BIAS)) return 0;
  return make(INLINE_DECIMAL,
              (uint32_t)frac << 26 | (uint32_t)((neg ? -m : m) + MANT_BIAS));
}

/* A date's payload: days since 0001-01-01. */
static uint32_t days_from(int y, int m, int d) {
  return (uint32_t)(kg_days_from_civil(y, m, d) - DAY_ONE);
}

static kg_id date_id(const char *s, size_t n) {
  if (n != 10 || s[4] != '-' || s[7] != '-') return 0;
  int64_t y = digits(s, 4, 10000), m = digits(s + 5, 2, 13),
          d = digits(s + 8, 2, 32);
  if (y < 1 || m < 1 || d < 1 || d > kg_days_in_month(y, (int)m)) return 0;
  return make(INLINE_DATE, days_from((int)y, (int)m, (int)d));
}

kg_id inline_id(const kg_term *t) {
  if (t->kind != KG_TERM_LITERAL || !t->datatype || t->lang ||
      strncmp(t->datatype, KG_XSD, sizeof KG_XSD - 1))
    return 0;
  const char *local = t->datatype + sizeof KG_XSD - 1;
  if (!strcmp(local, "integer")) return integer_id(t->value, t->len);
  if (!strcmp(local, "decimal")) return decimal_id(t->value, t->len);
  if (!strcmp(local, "date")) return date_id(t->value, t->len);
  return 0;
}

const char *inline_datatype(kg_id id) {
  static const char *const dt[4] = {XSD_INTEGER, XSD_DECIMAL, XSD_DATE, NULL};
  return dt[inline_kind(id)];
}

int64_t inline_integer(kg_id id) {
  return (int64_t)(id & 0x0fffffffu) - INT_BIAS;
}

int64_t inline_mantissa(kg_id id, int *scale) {
  *scale = (int)(id >> 26) & 3;
  return (int64_t)(id & 0x03ffffffu) - MANT_BIAS;
}

void inline_date(kg_id id, int *year, int *month, int *day) {
  int64_t y;
  kg_civil_from_days((int64_t)(id & 0x0fffffffu) + DAY_ONE, &y, month, day);
  *year = (int)y;
}

/* Writes the digits of v, at least `width` of them (zeros before), from
 * the end `e` backwards; returns where they start. */
static char *digits_back(char *e, uint64_t v, int width) {
  for (; v || width > 0; width--, v /= 10) *--e = (char)('0' + v % 10);
  return e;
}

/* The text of a number: [-]whole[.fraction of `scale` digits]. */
static size_t number_text(char *buf, int64_t m, int scale) {
  char tmp[24], *e = tmp + sizeof tmp, *b = e;
  uint64_t a = (uint64_t)(m < 0 ? -m : m), p = 1;
  for (int i = 0; i < scale; i++) p *= 10;
  if (scale) {
    b = digits_back(b, a % p, scale);
    *--b = '.';
  }
  b = digits_back(b, a / p, 1);
  if (m < 0) *--b = '-';
  size_t n = (size_t)(e - b);
  memcpy(buf, b, n);
  buf[n] = 0;
  return n;
}

size_t inline_text(kg_id id, char *buf, const char **dt) {
  if (!inline_is(id)) return 0;
  *dt = inline_datatype(id);
  switch (inline_kind(id)) {
  case INLINE_INTEGER:
    return number_text(buf, inline_integer(id), 0);
  case INLINE_DECIMAL: {
    int scale;
    int64_t m = inline_mantissa(id, &scale);
    return number_text(buf, m, scale);
  }
  case INLINE_DATE: {
    if ((id & 0x0fffffffu) > DAY_LAST) return 0;
    int y, m, d;
    inline_date(id, &y, &m, &d);
    digits_back(buf + 4, (uint64_t)y, 4);
    digits_back(buf + 7, (uint64_t)m, 2);
    digits_back(buf + 10, (uint64_t)d, 2);
    buf[4] = buf[7] = '-';
    buf[10] = 0;
    return 10;
  }
  default:
    return 0;
  }
}

/* ------------------------------------------------------ the kept texts */

enum { TEXT_CHUNK = 4096 };

struct inline_text {
  kg_id id;
  unsigned char len;
  char text[INLINE_TEXT - 1];
};

static struct inline_text *text_at(const inline_texts *x, size_t i) {
  return &x->chunk[i / TEXT_CHUNK][i % TEXT_CHUNK];
}

static size_t text_hash(kg_id id, size_t nslot) {
  return (size_t)(((uint64_t)id * 0x9e3779b97f4a7c15ull) >> 32) & (nslot - 1);
}

/* Doubles the table (at half full); -1 when out of memory. */
static int texts_rehash(inline_texts *x) {
  size_t ns = x->nslot ? x->nslot * 2 : 1024;
  uint32_t *slot = calloc(ns, sizeof *slot);
  if (!slot) return -1;
  for (size_t i = 0; i < x->n; i++) {
    size_t j = text_hash(text_at(x, i)->id, ns);
    while (slot[j]) j = (j + 1) & (ns - 1);
    slot[j] = (uint32_t)(i + 1);
  }
  free(x->slot);
  x->slot = slot;
  x->nslot = ns;
  return 0;
}

/* A new entry for id, its text made in it: 1; -1 when the id is no
 * literal; 0 when out of memory. */
static int text_add(inline_texts *x, kg_id id) {
  char buf[INLINE_TEXT];
  const char *dt;
  size_t len = inline_text(id, buf, &dt);
  if (!len) return -1;
  if (x->n % TEXT_CHUNK == 0) {
    size_t chunks = x->n / TEXT_CHUNK, cap = chunks;
    struct inline_text **c = x->chunk;
    if (!grow(&c, &cap, chunks + 1, sizeof *c, 16)) return 0;
    x->chunk = c;
    if (!(c[chunks] = malloc(TEXT_CHUNK * sizeof **c))) return 0;
  }
  struct inline_text *e = text_at(x, x->n++);
  e->id = id;
  e->len = (unsigned char)len;
  memcpy(e->text, buf, len + 1);
  return 1;
}

int inline_term(inline_texts *x, kg_id id, kg_term *out) {
  if ((x->n + 1) * 2 > x->nslot && texts_rehash(x) < 0) return 0;
  size_t j = text_hash(id, x->nslot);
  while (x->slot[j] && text_at(x, x->slot[j] - 1)->id != id)
    j = (j + 1) & (x->nslot - 1);
  if (!x->slot[j]) {
    int r = text_add(x, id);
    if (r <= 0) return r;
    x->slot[j] = (uint32_t)x->n;
  }
  const struct inline_text *e = text_at(x, x->slot[j] - 1);
  memset(out, 0, sizeof *out);
  out->kind = KG_TERM_LITERAL;
  out->value = e->text;
  out->len = e->len;
  out->datatype = inline_datatype(id);
  return 1;
}

void inline_texts_free(inline_texts *x) {
  for (size_t i = 0; i * TEXT_CHUNK < x->n; i++) free(x->chunk[i]);
  free(x->chunk);
  free(x->slot);
  memset(x, 0, sizeof *x);
}
