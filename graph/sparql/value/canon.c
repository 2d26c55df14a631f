/* canon.c - canonical lexical forms of numbers, dates, times and durations. */
#include "sparql/value/value_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- doubles */

static size_t fmt_special(double d, char *buf) {
  if (isnan(d)) return (size_t)sprintf(buf, "NaN");
  return (size_t)sprintf(buf, d < 0 ? "-INF" : "INF");
}

size_t sp_fmt_double(double d, int is_float, char *buf) {
  if (!isfinite(d)) return fmt_special(d, buf);
  if (d == 0) return (size_t)sprintf(buf, signbit(d) ? "-0.0E0" : "0.0E0");
  char dig[32];
  int e;
  int nd = sp_double_digits(d, is_float, dig, &e);
  size_t n = 0;
  if (d < 0) buf[n++] = '-';
  buf[n++] = dig[0];
  buf[n++] = '.';
  if (nd > 1) {
    memcpy(buf + n, dig + 1, (size_t)nd - 1);
    n += (size_t)nd - 1;
  } else {
    buf[n++] = '0';
  }
  n += (size_t)sprintf(buf + n, "E%d", e);
  return n;
}

/* Writes digits x 10^(e10 + 1 - nd) in plain notation; `point_zero`
 * keeps ".0" on integral values. */
static size_t fmt_plain(const char *dig, int nd, int e10, int neg,
                        int point_zero, char *buf) {
  size_t n = 0;
  if (neg) buf[n++] = '-';
  if (e10 < 0) {
    buf[n++] = '0';
    buf[n++] = '.';
    for (int k = 0; k < -e10 - 1; k++) buf[n++] = '0';
    memcpy(buf + n, dig, (size_t)nd);
    n += (size_t)nd;
  } else {
    for (int k = 0; k <= e10; k++) buf[n++] = k < nd ? dig[k] : '0';
    if (nd > e10 + 1) {
      buf[n++] = '.';
      memcpy(buf + n, dig + e10 + 1, (size_t)(nd - e10 - 1));
      n += (size_t)(nd - e10 - 1);
    } else if (point_zero) {
      buf[n++] = '.';
      buf[n++] = '0';
    }
  }
  buf[n] = '\0';
  return n;
}

/* ------------------------------------------------------------ decimals */

static size_t fmt_decimal(const sp_num *num, int point_zero, char *buf) {
  if (!num->exact) {
    double d = num->d;
    if (!isfinite(d)) return fmt_special(d, buf);
    if (d == 0) return (size_t)sprintf(buf, point_zero ? "0.0" : "0");
    char dig[32];
    int e, nd = sp_double_digits(d, 0, dig, &e);
    return fmt_plain(dig, nd, e, d < 0, point_zero, buf);
  }
  sp_num n = *num;
  sp_dec_norm(&n);
  char dig[48];
  int neg = n.m < 0;
  size_t nd = sp_fmt_int128(neg ? -n.m : n.m, dig);
  size_t k = 0;
  if (neg) buf[k++] = '-';
  if ((int)nd <= n.scale) {
    buf[k++] = '0';
    buf[k++] = '.';
    for (int z = 0; z < n.scale - (int)nd; z++) buf[k++] = '0';
    memcpy(buf + k, dig, nd);
    k += nd;
  } else {
    size_t ip = nd - (size_t)n.scale;
    memcpy(buf + k, dig, ip);
    k += ip;
    if (n.scale) {
      buf[k++] = '.';
      memcpy(buf + k, dig + ip, (size_t)n.scale);
      k += (size_t)n.scale;
    } else if (point_zero) {
      buf[k++] = '.';
      buf[k++] = '0';
    }
  }
  buf[k] = '\0';
  return k;
}

size_t sp_fmt_num(const sp_num *n, char *buf) {
  switch (n->rank) {
    case NR_INT:
      if (n->exact) return sp_fmt_int128(n->m, buf);
      return fmt_decimal(n, 0, buf);
    case NR_DEC:
      return fmt_decimal(n, 1, buf);
    default:
      return sp_fmt_double(n->d, n->rank == NR_FLT, buf);
  }
}

/* XPath casting to xs:string: decimals without ".0"; floats and doubles
 * in [1e-6, 1e6) in plain notation, others in canonical E notation. */
size_t sp_fmt_num_xpath(const sp_num *n, char *buf) {
  if (n->rank == NR_INT || n->rank == NR_DEC) return fmt_decimal(n, 0, buf);
  double d = n->d, a = fabs(d);
  if (!isfinite(d)) return fmt_special(d, buf);
  if (d == 0) return (size_t)sprintf(buf, signbit(d) ? "-0" : "0");
  if (a >= 1e-6 && a < 1e6) {
    char dig[32];
    int e, nd = sp_double_digits(d, n->rank == NR_FLT, dig, &e);
    return fmt_plain(dig, nd, e, d < 0, 0, buf);
  }
  return sp_fmt_double(d, n->rank == NR_FLT, buf);
}

/* ------------------------------------------------------ date and time */

size_t sp_fmt_datetime(const sp_val *v, char *buf, size_t cap) {
  char date[48] = "", time[40] = "", tz[16] = "";
  if (v->type != SPV_TIME) {
    int64_t y = v->v.dt.year;
    snprintf(date, sizeof date, "%s%04lld-%02d-%02d", y < 0 ? "-" : "",
             (long long)(y < 0 ? -y : y), v->v.dt.month, v->v.dt.day);
  }
  if (v->type != SPV_DATE) {
    int64_t us = v->v.dt.sec_micro;
    int n = snprintf(time, sizeof time, "%s%02d:%02d:%02lld",
                     v->type == SPV_DATETIME ? "T" : "", v->v.dt.hour,
                     v->v.dt.minute, (long long)(us / 1000000));
    if (us % 1000000) {
      char frac[8];
      snprintf(frac, sizeof frac, "%06lld", (long long)(us % 1000000));
      int k = 6;
      while (frac[k - 1] == '0') k--;
      snprintf(time + n, sizeof time - (size_t)n, ".%.*s", k, frac);
    }
  }
  if (v->v.dt.has_tz) {
    int m = v->v.dt.tz_minutes;
    if (m == 0)
      strcpy(tz, "Z");
    else
      snprintf(tz, sizeof tz, "%c%02d:%02d", m < 0 ? '-' : '+',
               (m < 0 ? -m : m) / 60, (m < 0 ? -m : m) % 60);
  }
  int n = snprintf(buf, cap, "%s%s%s", date, time, tz);
  return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

size_t sp_fmt_duration(int64_t months, int64_t micros, sp_xt kind,
                       char *buf, size_t cap) {
  if (!months && !micros)
    return (size_t)snprintf(buf, cap, kind == SPX_YEARMONTH ? "P0M" : "PT0S");
  int neg = months < 0 || micros < 0;
  uint64_t mo = months < 0 ? -(uint64_t)months : (uint64_t)months;
  uint64_t us = micros < 0 ? -(uint64_t)micros : (uint64_t)micros;
  uint64_t day = us / 86400000000ULL, rest = us % 86400000000ULL;
  uint64_t h = rest / 3600000000ULL, mi = rest / 60000000ULL % 60;
  uint64_t s = rest / 1000000 % 60, frac = rest % 1000000;
  size_t n = 0;
  char tmp[128];
  n += (size_t)sprintf(tmp + n, "%sP", neg ? "-" : "");
  if (mo / 12) n += (size_t)sprintf(tmp + n, "%lluY", (unsigned long long)(mo / 12));
  if (mo % 12) n += (size_t)sprintf(tmp + n, "%lluM", (unsigned long long)(mo % 12));
  if (day) n += (size_t)sprintf(tmp + n, "%lluD", (unsigned long long)day);
  if (rest) {
    tmp[n++] = 'T';
    if (h) n += (size_t)sprintf(tmp + n, "%lluH", (unsigned long long)h);
    if (mi) n += (size_t)sprintf(tmp + n, "%lluM", (unsigned long long)mi);
    if (s || frac) {
      n += (size_t)sprintf(tmp + n, "%llu", (unsigned long long)s);
      if (frac) {
        char f[8];
        snprintf(f, sizeof f, "%06llu", (unsigned long long)frac);
        int k = 6;
        while (f[k - 1] == '0') k--;
        n += (size_t)sprintf(tmp + n, ".%.*s", k, f);
      }
      tmp[n++] = 'S';
    }
  }
  tmp[n] = '\0';
  return (size_t)snprintf(buf, cap, "%s", tmp);
}
