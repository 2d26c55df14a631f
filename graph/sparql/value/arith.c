/* arith.c - numeric values: type promotion, + - * /, comparison, rounding,
 * overflow detection (the exact decimals themselves are in decimal.c). */
#include "sparql/value/value_impl.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ numbers */

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
  __int128 p = sp_pow10(hi->scale - lo->scale);
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
    __int128 p = sp_pow10(-r->scale);
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
    __int128 p = sp_pow10(n->scale), q = n->m / p, r = n->m % p;
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
