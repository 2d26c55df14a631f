/* decimal.c - the number core below values: exact decimals (m x 10^-scale in
 * an __int128), C-locale strtod, shortest round-trip digits of a double.
 * lexical.c, canon.c and arith.c all build on it, so none of them needs
 * another one. */
#include "sparql/value/value_impl.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* ---------------------------------------------------------- strtod */

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) {
  c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

double sp_strtod(const char *s, char **end) {
  pthread_once(&c_locale_once, make_c_locale);
  if (c_locale) return strtod_l(s, end, c_locale);
  return strtod(s, end);
}

/* ------------------------------------------------------------ digits */

__int128 sp_pow10(int k) {
  if (k < 0 || k > 38) return 0;
  __int128 p = 1;
  while (k--) p *= 10;
  return p;
}

size_t sp_fmt_int128(__int128 v, char *buf) {
  char tmp[48];
  int k = 0;
  unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
  while (u > UINT64_MAX) { /* 128-bit division only for the high part */
    tmp[k++] = (char)('0' + (int)(u % 10));
    u /= 10;
  }
  uint64_t w = (uint64_t)u;
  do {
    tmp[k++] = (char)('0' + (int)(w % 10));
    w /= 10;
  } while (w);
  size_t n = 0;
  if (v < 0) buf[n++] = '-';
  while (k) buf[n++] = tmp[--k];
  buf[n] = '\0';
  return n;
}

int sp_double_digits(double d, int is_float, char *digits, int *exp10) {
  char buf[64], probe[64];
  d = fabs(d);
  int max = is_float ? 9 : 17;
  for (int p = 1; p <= max; p++) {
    snprintf(buf, sizeof buf, "%.*e", p - 1, d);
    /* Collect the digits before 'e' (the radix character may be
     * anything in the current locale) and the exponent after it. */
    int nd = 0;
    const char *s = buf;
    for (; *s && *s != 'e'; s++)
      if (*s >= '0' && *s <= '9') digits[nd++] = *s;
    int e = 0, neg = 0;
    if (*s == 'e') s++;
    if (*s == '-' || *s == '+') neg = *s++ == '-';
    for (; *s >= '0' && *s <= '9'; s++) e = e * 10 + (*s - '0');
    e = neg ? -e : e;
    snprintf(probe, sizeof probe, "0.%.*se%d", nd, digits, e + 1);
    double back = sp_strtod(probe, NULL);
    if (is_float ? (float)back == (float)d : back == d || p == max) {
      while (nd > 1 && digits[nd - 1] == '0') nd--;
      digits[nd] = '\0';
      *exp10 = e;
      return nd;
    }
  }
  digits[0] = '0';
  digits[1] = '\0';
  *exp10 = 0;
  return 1;
}

/* ------------------------------------------------------ exact decimals */

double sp_dec_double(__int128 m, int scale) {
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const __int128 lim = (__int128)1 << 53;
  if (m > -lim && m < lim && scale >= 0 && scale <= 22)
    return (double)m / p10[scale]; /* one correctly rounded division */
  char buf[80];
  size_t n = sp_fmt_int128(m, buf);
  snprintf(buf + n, sizeof buf - n, "e%d", -scale);
  return sp_strtod(buf, NULL);
}

void sp_dec_norm(sp_num *n) {
  if (!n->exact) return;
  while (n->scale > 0 && n->m % 10 == 0) {
    n->m /= 10;
    n->scale--;
  }
}

int sp_dec_from_double(double d, int is_float, sp_num *n) {
  if (!isfinite(d)) return 0;
  char dig[32];
  int e, nd = sp_double_digits(d, is_float, dig, &e);
  __int128 m = 0;
  for (int k = 0; k < nd; k++) m = m * 10 + (dig[k] - '0');
  if (d < 0) m = -m;
  int shift = e + 1 - nd; /* value = m x 10^shift */
  *n = (sp_num){NR_DEC, 1, 0, m, d};
  if (shift >= 0) {
    __int128 p = sp_pow10(shift), r;
    if (!p || __builtin_mul_overflow(m, p, &r)) {
      n->exact = 0;
      return 1;
    }
    n->m = r;
  } else if (-shift > SP_DEC_MAX_SCALE) {
    n->exact = 0;
    return 1;
  } else {
    n->scale = -shift;
  }
  if (d == 0) n->m = 0, n->scale = 0;
  sp_dec_norm(n);
  return 1;
}
