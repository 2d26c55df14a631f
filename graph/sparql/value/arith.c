/* arith.c - numeric values: type promotion, + - * /, comparison, rounding, overflow detection. */
#include "sparql/value/value_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const rank_dt[] = {XSD_INTEGER, XSD_DECIMAL, XSD_FLOAT,
                                      XSD_DOUBLE};

/* 10^k for k <= 38, or 0 when it does not fit. */
static __int128 pow10_128(int k) {
  if (k < 0 || k > 38) return 0;
  __int128 p = 1;
  while (k--) p *= 10;
  return p;
}

/* ---------------------------------------------------- value <-> number */

int sp_num_get(const sp_val *v, sp_num *n) {
  switch (v->type) {
    case SPV_INTEGER:
      *n = (sp_num){NR_INT, 1, 0, v->v.i, (double)v->v.i};
      return 1;
    case SPV_DECIMAL:
      *n = (sp_num){v->v.dec.integer ? NR_INT : NR_DEC, v->v.dec.exact,
                    v->v.dec.scale, v->v.dec.digits, v->v.dec.d};
      return 1;
    case SPV_FLOAT:
      *n = (sp_num){NR_FLT, 1, 0, 0, v->v.d};
      return 1;
    case SPV_DOUBLE:
      *n = (sp_num){NR_DBL, 1, 0, 0, v->v.d};
      return 1;
    default:
      return 0;
  }
}

void sp_num_store(const sp_num *n, sp_val *v) {
  switch (n->rank) {
    case NR_INT:
      if (n->exact && n->m >= INT64_MIN && n->m <= INT64_MAX) {
        v->type = SPV_INTEGER;
        v->v.i = (int64_t)n->m;
        return;
      }
      /* a big integer keeps the decimal representation */
      __attribute__((fallthrough));
    case NR_DEC:
      v->type = SPV_DECIMAL;
      v->v.dec.digits = n->exact ? n->m : 0;
      v->v.dec.scale = n->exact ? n->scale : 0;
      v->v.dec.exact = n->exact;
      v->v.dec.d = n->exact ? sp_dec_double(n->m, n->scale) : n->d;
      v->v.dec.integer = n->rank == NR_INT;
      return;
    case NR_FLT:
      v->type = SPV_FLOAT;
      v->v.d = (double)(float)n->d;
      return;
    default:
      v->type = SPV_DOUBLE;
      v->v.d = n->d;
      return;
  }
}

sp_val sp_num_make(sp_fctx *c, const sp_num *n) {
  char buf[SP_NUMBUF];
  sp_val v = sp_val_error();
  if (n->rank == NR_INT && !n->exact) return sp_err(c, "integer overflow");
  if (n->rank == NR_DEC && !n->exact && !isfinite(n->d))
    return sp_err(c, "decimal overflow");
  size_t len = sp_fmt_num(n, buf);
  char *lex = c && c->arena ? arena_strndup(c->arena, buf, len) : NULL;
  if (!lex) return sp_err(c, "out of memory");
  sp_num_store(n, &v);
  v.lex = lex;
  v.len = len;
  v.dt = rank_dt[n->rank];
  return v;
}

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

double sp_num_double(const sp_num *n) {
  if (n->rank >= NR_FLT || !n->exact) return n->d;
  return sp_dec_double(n->m, n->scale);
}

int sp_num_is_zero(const sp_num *n) {
  if (n->rank >= NR_FLT || !n->exact) return n->d == 0;
  return n->m == 0;
}

int sp_num_is_nan(const sp_num *n) {
  return n->rank >= NR_FLT && isnan(n->d);
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
    __int128 p = pow10_128(shift), r;
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

int sp_num_promote(sp_num *n, int rank) {
  if (rank == n->rank) return 1;
  if (rank == NR_DEC && n->rank == NR_INT) {
    n->rank = NR_DEC;
    return 1;
  }
  if (rank == NR_DEC) /* from float or double */
    return sp_dec_from_double(n->d, n->rank == NR_FLT, n);
  if (rank < n->rank) return 0;
  double d = sp_num_double(n);
  n->rank = rank;
  n->d = rank == NR_FLT ? (double)(float)d : d;
  n->exact = 1;
  n->m = 0;
  n->scale = 0;
  return 1;
}

/* ------------------------------------------------------ exact decimals */

/* Brings a and b to the same scale; 0 on overflow. */
static int align(sp_num *a, sp_num *b) {
  sp_num *lo = a->scale < b->scale ? a : b;
  const sp_num *hi = lo == a ? b : a;
  if (lo->scale == hi->scale) return 1;
  __int128 p = pow10_128(hi->scale - lo->scale);
  if (!p || __builtin_mul_overflow(lo->m, p, &lo->m)) return 0;
  lo->scale = hi->scale;
  return 1;
}

/* Drops digits past `scale`, rounding half away from zero. */
static void rescale_down(sp_num *n, int scale) {
  while (n->scale > scale) {
    int last = (int)(n->m % 10);
    n->m /= 10;
    n->scale--;
    if (n->scale == scale && (last >= 5 || last <= -5)) n->m += last > 0 ? 1 : -1;
  }
}

/* a / b with up to SP_DIV_SCALE digits after the point (more when the
 * operands have more). 0 when b is too large for the long division. */
static int dec_div(const sp_num *a, const sp_num *b, sp_num *r) {
  typedef unsigned __int128 u128;
  int neg = (a->m < 0) != (b->m < 0);
  u128 x = a->m < 0 ? -(u128)a->m : (u128)a->m;
  u128 y = b->m < 0 ? -(u128)b->m : (u128)b->m;
  if (y >> 123) return 0;
  u128 q = x / y, rem = x % y;
  const u128 qmax = ((u128)1 << 127) - 1;
  int k = 0, want = SP_DIV_SCALE - (a->scale - b->scale);
  if (want < 0) want = 0;
  while (rem && k < want && q <= (qmax - 9) / 10) {
    rem *= 10;
    q = q * 10 + rem / y;
    rem %= y;
    k++;
  }
  if (rem && q <= (qmax - 9) / 10 && rem * 10 / y >= 5) q++; /* round */
  r->rank = NR_DEC;
  r->exact = 1;
  r->m = neg ? -(__int128)q : (__int128)q;
  r->scale = k + a->scale - b->scale;
  if (r->scale < 0) {
    __int128 p = pow10_128(-r->scale);
    if (!p || __builtin_mul_overflow(r->m, p, &r->m)) return 0;
    r->scale = 0;
  }
  if (r->scale > SP_DEC_MAX_SCALE) rescale_down(r, SP_DEC_MAX_SCALE);
  return 1;
}

static const __int128 I128_MIN =
    -(__int128)((((unsigned __int128)1) << 127) - 1) - 1;

/* The exact operation on INT/DEC operands; 0 on overflow. */
static int exact_op2(sp_expr_op op, sp_num a, sp_num b, sp_num *r) {
  switch (op) {
    case SP_E_ADD:
    case SP_E_SUB:
      if (!align(&a, &b)) return 0;
      r->scale = a.scale;
      return op == SP_E_ADD ? !__builtin_add_overflow(a.m, b.m, &r->m)
                            : !__builtin_sub_overflow(a.m, b.m, &r->m);
    case SP_E_MUL:
      if (__builtin_mul_overflow(a.m, b.m, &r->m)) return 0;
      r->scale = a.scale + b.scale;
      sp_dec_norm(r);
      if (r->scale > SP_DEC_MAX_SCALE) rescale_down(r, SP_DEC_MAX_SCALE);
      return 1;
    default:
      return dec_div(&a, &b, r);
  }
}

static int exact_op(sp_expr_op op, sp_num a, sp_num b, sp_num *r) {
  r->exact = 1;
  if (!exact_op2(op, a, b, r)) return 0;
  return r->m != I128_MIN; /* keeps negation and ABS safe */
}

static double double_op(sp_expr_op op, double x, double y) {
  switch (op) {
    case SP_E_ADD: return x + y;
    case SP_E_SUB: return x - y;
    case SP_E_MUL: return x * y;
    default: return x / y; /* IEEE: INF or NaN on zero */
  }
}

int sp_num_arith(sp_expr_op op, const sp_num *a, const sp_num *b, sp_num *r,
                 const char **why) {
  int rank = a->rank > b->rank ? a->rank : b->rank;
  if (op == SP_E_DIV && rank == NR_INT) rank = NR_DEC;
  sp_num x = *a, y = *b;
  sp_num_promote(&x, rank);
  sp_num_promote(&y, rank);
  memset(r, 0, sizeof *r);
  r->rank = rank;
  r->exact = 1;
  if (rank >= NR_FLT) {
    double d = double_op(op, x.d, y.d);
    r->d = rank == NR_FLT ? (double)(float)d : d;
    return 1;
  }
  if (op == SP_E_DIV && sp_num_is_zero(&y)) {
    *why = "division by zero";
    return 0;
  }
  if (x.exact && y.exact && exact_op(op, x, y, r)) {
    if (rank == NR_DEC) sp_dec_norm(r);
    r->d = sp_dec_double(r->m, r->scale);
    return 1;
  }
  if (rank == NR_INT) {
    *why = "integer overflow";
    return 0;
  }
  /* A decimal beyond 38 digits: carry on approximately. */
  r->exact = 0;
  r->m = 0;
  r->scale = 0;
  r->d = double_op(op, sp_num_double(&x), sp_num_double(&y));
  if (!isfinite(r->d)) {
    *why = "decimal overflow";
    return 0;
  }
  return 1;
}

int sp_num_cmp(const sp_num *a, const sp_num *b) {
  if (a->rank <= NR_DEC && b->rank <= NR_DEC && a->exact && b->exact) {
    sp_num x = *a, y = *b;
    if (align(&x, &y)) return x.m < y.m ? -1 : x.m > y.m;
  }
  double x = sp_num_double(a), y = sp_num_double(b);
  if (a->rank == NR_FLT && b->rank == NR_FLT) x = (float)x, y = (float)y;
  if (isnan(x) || isnan(y)) return 2;
  return x < y ? -1 : x > y;
}

/* -------------------------------------------------------------- rounding */

int sp_num_round(sp_num *n, sp_rnd mode) {
  if (n->rank == NR_INT) return 1;
  if (n->rank == NR_DEC && n->exact) {
    if (n->scale == 0) return 1;
    __int128 p = pow10_128(n->scale), q = n->m / p, r = n->m % p;
    switch (mode) {
      case SP_RND_FLOOR: if (r < 0) q--; break;
      case SP_RND_CEIL: if (r > 0) q++; break;
      case SP_RND_ROUND: /* half toward positive infinity */
        if (r > 0 && r >= p - r) q++;
        if (r < 0 && -r > p + r) q--;
        break;
      default: break;
    }
    n->m = q;
    n->scale = 0;
    n->d = (double)q;
    return 1;
  }
  double d = n->d, x;
  switch (mode) {
    case SP_RND_FLOOR: x = floor(d); break;
    case SP_RND_CEIL: x = ceil(d); break;
    case SP_RND_TRUNC: x = trunc(d); break;
    default:
      if (!isfinite(d)) { x = d; break; }
      x = floor(d);
      if (d - x >= 0.5) x += 1;
      if (x == 0 && signbit(d)) x = -0.0;
      break;
  }
  n->d = n->rank == NR_FLT ? (double)(float)x : x;
  return 1;
}

int sp_num_int128(const sp_num *n, __int128 *out) {
  if (n->rank > NR_DEC || !n->exact) return 0;
  sp_num x = *n;
  sp_dec_norm(&x);
  if (x.scale) return 0;
  *out = x.m;
  return 1;
}

/* -------------------------------------------------------- operators */

sp_val sp_val_arith(sp_fctx *c, sp_expr_op op, const sp_val *a,
                    const sp_val *b) {
  sp_num x, y, r;
  const char *why = NULL;
  if (op != SP_E_ADD && op != SP_E_SUB && op != SP_E_MUL && op != SP_E_DIV)
    return sp_err(c, "not an arithmetic operator");
  if (!sp_num_get(a, &x) || !sp_num_get(b, &y))
    return sp_err(c, "arithmetic on a non-numeric value");
  if (!sp_num_arith(op, &x, &y, &r, &why)) return sp_err(c, "%s", why);
  return sp_num_make(c, &r);
}

sp_val sp_val_negate(sp_fctx *c, const sp_val *a) {
  sp_num x;
  if (!sp_num_get(a, &x)) return sp_err(c, "negation of a non-numeric value");
  if (x.rank >= NR_FLT || !x.exact) {
    x.d = -x.d;
  } else {
    if (x.m == I128_MIN) return sp_err(c, "integer overflow");
    x.m = -x.m;
    x.d = -x.d;
  }
  return sp_num_make(c, &x);
}

sp_val sp_val_unary_plus(sp_fctx *c, const sp_val *a) {
  sp_num x;
  if (!sp_num_get(a, &x)) return sp_err(c, "unary + of a non-numeric value");
  return sp_num_make(c, &x);
}
