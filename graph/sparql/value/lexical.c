/* lexical.c - parsers of XSD lexical forms: numbers, booleans, dates and times, durations. */
#include "sparql/value/value_impl.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

/* strtod over s[0..n) (which the caller has checked). */
static double strtod_n(const char *s, size_t n) {
  char buf[128];
  char *p = n < sizeof buf ? buf : malloc(n + 1);
  if (!p) return 0;
  memcpy(p, s, n);
  p[n] = '\0';
  double d = sp_strtod(p, NULL);
  if (p != buf) free(p);
  return d;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

#define I128_MAX ((__int128)(((unsigned __int128)1 << 127) - 1))

/* Appends digit d to *m unless that would pass I128_MAX. */
static int push_digit(__int128 *m, int d) {
  const __int128 lim = I128_MAX / 10; /* folded at compile time */
  if (*m > lim || (*m == lim && d > (int)(I128_MAX % 10))) return 0;
  *m = *m * 10 + d;
  return 1;
}

/* -------------------------------------------------------------- numbers */

int sp_xsd_lex_integer(const char *s, size_t n, sp_num *out) {
  size_t i = 0;
  int neg = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == n) return 0;
  __int128 m = 0;
  int exact = 1;
  if (n - i <= 18) { /* the common case fits int64 without checks */
    int64_t k = 0;
    for (; i < n; i++) {
      if (!is_digit(s[i])) return 0;
      k = k * 10 + (s[i] - '0');
    }
    m = k;
  }
  for (; i < n; i++) {
    if (!is_digit(s[i])) return 0;
    if (exact && !push_digit(&m, s[i] - '0')) exact = 0;
  }
  memset(out, 0, sizeof *out);
  out->rank = NR_INT;
  out->exact = exact;
  if (exact) {
    out->m = neg ? -m : m;
    out->d = (double)out->m;
  } else {
    out->d = strtod_n(s, n);
  }
  return 1;
}

int sp_xsd_lex_decimal(const char *s, size_t n, sp_num *out) {
  size_t i = 0;
  int neg = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  size_t int_start = i;
  while (i < n && is_digit(s[i])) i++;
  size_t int_end = i, frac_start = i, frac_end = i;
  if (i < n && s[i] == '.') {
    frac_start = ++i;
    while (i < n && is_digit(s[i])) i++;
    frac_end = i;
  }
  if (i != n || (int_end == int_start && frac_end == frac_start)) return 0;
  while (frac_end > frac_start && s[frac_end - 1] == '0') frac_end--;
  __int128 m = 0;
  int exact = 1;
  if ((int_end - int_start) + (frac_end - frac_start) <= 18) {
    int64_t k64 = 0; /* fits int64 without checks */
    for (size_t k = int_start; k < int_end; k++) k64 = k64 * 10 + (s[k] - '0');
    for (size_t k = frac_start; k < frac_end; k++) k64 = k64 * 10 + (s[k] - '0');
    m = k64;
  } else {
    for (size_t k = int_start; k < int_end && exact; k++)
      exact = push_digit(&m, s[k] - '0');
    for (size_t k = frac_start; k < frac_end && exact; k++)
      exact = push_digit(&m, s[k] - '0');
  }
  int scale = (int)(frac_end - frac_start);
  if (scale > SP_DEC_MAX_SCALE) exact = 0;
  memset(out, 0, sizeof *out);
  out->rank = NR_DEC;
  out->exact = exact;
  if (exact) {
    out->m = neg ? -m : m;
    out->scale = scale;
    out->d = sp_dec_double(out->m, scale);
  } else {
    out->d = strtod_n(s, n);
  }
  return 1;
}

int sp_xsd_lex_double(const char *s, size_t n, double *out) {
  size_t i = 0;
  if (n == 3 && memcmp(s, "NaN", 3) == 0) {
    *out = __builtin_nan("");
    return 1;
  }
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  if (n - i == 3 && memcmp(s + i, "INF", 3) == 0) {
    *out = s[0] == '-' ? -__builtin_inf() : __builtin_inf();
    return 1;
  }
  size_t digits = 0;
  while (i < n && is_digit(s[i])) i++, digits++;
  if (i < n && s[i] == '.')
    for (i++; i < n && is_digit(s[i]); i++) digits++;
  if (!digits) return 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    size_t e = i;
    while (i < n && is_digit(s[i])) i++;
    if (i == e) return 0;
  }
  if (i != n) return 0;
  *out = strtod_n(s, n);
  return 1;
}

int sp_xsd_lex_boolean(const char *s, size_t n, int *out) {
  if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 1 && s[0] == '1'))
    *out = 1;
  else if ((n == 5 && memcmp(s, "false", 5) == 0) || (n == 1 && s[0] == '0'))
    *out = 0;
  else
    return 0;
  return 1;
}

/* ------------------------------------------------------- date and time */


/* Reads exactly k digits at s[*i]. */
static int digits_k(const char *s, size_t n, size_t *i, int k, int *out) {
  int v = 0;
  for (int j = 0; j < k; j++) {
    if (*i >= n || !is_digit(s[*i])) return 0;
    v = v * 10 + (s[(*i)++] - '0');
  }
  *out = v;
  return 1;
}

/* Optional zone: Z or (+|-)hh:mm, within 14:00. */
static int parse_tz(const char *s, size_t n, size_t *i, sp_val *out) {
  out->v.dt.has_tz = 0;
  out->v.dt.tz_minutes = 0;
  if (*i == n) return 1;
  if (s[*i] == 'Z') {
    (*i)++;
    out->v.dt.has_tz = 1;
    return 1;
  }
  if (s[*i] != '+' && s[*i] != '-') return 0;
  int neg = s[(*i)++] == '-', hh, mm;
  if (!digits_k(s, n, i, 2, &hh) || *i >= n || s[(*i)++] != ':' ||
      !digits_k(s, n, i, 2, &mm))
    return 0;
  if (mm > 59 || hh > 14 || (hh == 14 && mm > 0)) return 0;
  out->v.dt.has_tz = 1;
  out->v.dt.tz_minutes = (neg ? -1 : 1) * (hh * 60 + mm);
  return 1;
}

/* -?yyyy+ (at most 12 digits; no leading zero past 4 digits). */
static int parse_year(const char *s, size_t n, size_t *i, int64_t *y) {
  int neg = 0;
  if (*i < n && s[*i] == '-') neg = 1, (*i)++;
  size_t start = *i;
  int64_t v = 0;
  while (*i < n && is_digit(s[*i])) {
    if (*i - start < 13) v = v * 10 + (s[*i] - '0'); /* longer is refused */
    (*i)++;
  }
  size_t len = *i - start;
  if (len < 4 || len > 12 || (len > 4 && s[start] == '0')) return 0;
  *y = neg ? -v : v;
  return 1;
}

/* hh:mm:ss(.s+)? into out; 24:00:00 is allowed and flagged in *end_of_day. */
static int parse_time(const char *s, size_t n, size_t *i, sp_val *out,
                      int *end_of_day) {
  int hh, mi, ss;
  if (!digits_k(s, n, i, 2, &hh) || *i >= n || s[(*i)++] != ':' ||
      !digits_k(s, n, i, 2, &mi) || *i >= n || s[(*i)++] != ':' ||
      !digits_k(s, n, i, 2, &ss))
    return 0;
  int64_t micro = 0;
  int any_frac = 0;
  if (*i < n && s[*i] == '.') {
    (*i)++;
    size_t start = *i;
    int k = 0;
    while (*i < n && is_digit(s[*i])) {
      if (k < 6) micro = micro * 10 + (s[*i] - '0'), k++;
      if (s[*i] != '0') any_frac = 1;
      (*i)++;
    }
    if (*i == start) return 0;
    while (k++ < 6) micro *= 10;
  }
  if (mi > 59 || ss > 59) return 0;
  *end_of_day = 0;
  if (hh == 24) {
    if (mi || ss || any_frac) return 0;
    hh = 0;
    *end_of_day = 1;
  } else if (hh > 23) {
    return 0;
  }
  out->v.dt.hour = hh;
  out->v.dt.minute = mi;
  out->v.dt.sec_micro = (int64_t)ss * 1000000 + micro;
  return 1;
}

int sp_xsd_lex_datetime(const char *s, size_t n, sp_val_type t, sp_val *out) {
  size_t i = 0;
  int64_t y = 0;
  int mo = 0, d = 0, eod = 0;
  memset(&out->v.dt, 0, sizeof out->v.dt);
  if (t != SPV_TIME) {
    if (!parse_year(s, n, &i, &y) || i >= n || s[i++] != '-' ||
        !digits_k(s, n, &i, 2, &mo) || i >= n || s[i++] != '-' ||
        !digits_k(s, n, &i, 2, &d))
      return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > kg_days_in_month(y, mo)) return 0;
  }
  if (t == SPV_DATETIME && (i >= n || s[i++] != 'T')) return 0;
  if (t != SPV_DATE && !parse_time(s, n, &i, out, &eod)) return 0;
  if (!parse_tz(s, n, &i, out) || i != n) return 0;
  if (eod && t == SPV_DATETIME)
    kg_civil_from_days(kg_days_from_civil(y, mo, d) + 1, &y, &mo, &d);
  out->v.dt.year = y;
  out->v.dt.month = mo;
  out->v.dt.day = d;
  return 1;
}

/* ------------------------------------------------------------ durations */

/* Reads an unsigned integer; 0 when absent or too large. */
static int dur_num(const char *s, size_t n, size_t *i, int64_t *out) {
  size_t start = *i;
  int64_t v = 0;
  while (*i < n && is_digit(s[*i])) {
    if (v > (INT64_MAX - 9) / 10) return 0;
    v = v * 10 + (s[(*i)++] - '0');
  }
  *out = v;
  return *i > start;
}

int sp_xsd_lex_duration(const char *s, size_t n, sp_xt kind, sp_val *out) {
  size_t i = 0;
  int neg = 0, any = 0, in_time = 0, last = 0, has_ym = 0, has_dt = 0;
  int64_t months = 0, micros = 0, v;
  static const char order[] = "YMDHmS"; /* m = minutes */
  if (i < n && s[i] == '-') neg = 1, i++;
  if (i >= n || s[i++] != 'P') return 0;
  while (i < n) {
    if (s[i] == 'T') {
      if (in_time || ++i >= n) return 0;
      in_time = 1;
      continue;
    }
    if (!dur_num(s, n, &i, &v)) return 0;
    int64_t frac = 0;
    if (i < n && s[i] == '.') { /* only seconds take a fraction */
      size_t start = ++i;
      int k = 0;
      while (i < n && is_digit(s[i])) {
        if (k < 6) frac = frac * 10 + (s[i] - '0'), k++;
        i++;
      }
      if (i == start || i >= n || s[i] != 'S' || !in_time) return 0;
      while (k++ < 6) frac *= 10;
    }
    if (i >= n) return 0;
    char u = s[i++];
    if (in_time && u == 'M') u = 'm';
    const char *p = strchr(order, u);
    if (!p || u == '\0') return 0;
    int pos = (int)(p - order) + 1;
    if (pos <= last || (pos >= 4) != in_time) return 0;
    last = pos;
    any = 1;
    if (pos <= 2) has_ym = 1; else has_dt = 1;
    int64_t mul;
    switch (u) {
      case 'Y': mul = 12; break;
      case 'M': mul = 1; break;
      case 'D': mul = 86400000000LL; break;
      case 'H': mul = 3600000000LL; break;
      case 'm': mul = 60000000LL; break;
      default: mul = 1000000LL; break;
    }
    int64_t *acc = pos <= 2 ? &months : &micros, t;
    if (__builtin_mul_overflow(v, mul, &t) || __builtin_add_overflow(t, frac, &t) ||
        __builtin_add_overflow(*acc, t, acc))
      return 0;
  }
  if (!any) return 0;
  if ((kind == SPX_DAYTIME && has_ym) || (kind == SPX_YEARMONTH && has_dt))
    return 0;
  out->v.dur.months = neg ? -months : months;
  out->v.dur.micros = neg ? -micros : micros;
  return 1;
}
