/* func_numeric.c - numeric functions: ABS, CEIL, FLOOR, ROUND (XPath semantics) and RAND. */
#include "sparql/value/value_impl.h"

#include <math.h>

sp_val spf_numeric(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)n;
  sp_num x;
  if (!sp_num_get(a, &x))
    return sp_err(c, "ABS, CEIL, FLOOR and ROUND need a number");
  switch (fn) {
    case SP_FN_ABS:
      if (x.rank >= NR_FLT || !x.exact)
        x.d = fabs(x.d);
      else if (x.m < 0)
        x.m = -x.m; /* parsed and computed values stay above -2^127 */
      break;
    case SP_FN_CEIL: sp_num_round(&x, SP_RND_CEIL); break;
    case SP_FN_FLOOR: sp_num_round(&x, SP_RND_FLOOR); break;
    default: sp_num_round(&x, SP_RND_ROUND); break;
  }
  return sp_num_make(c, &x);
}

/* xorshift64*, seeded from the system on first use. */
uint64_t sp_rand_next(sp_fctx *c) {
  if (!c->rand_state) {
    unsigned char b[8];
    sp_random_bytes(NULL, b, sizeof b);
    for (int i = 0; i < 8; i++) c->rand_state = c->rand_state << 8 | b[i];
    if (!c->rand_state) c->rand_state = 0x9E3779B97F4A7C15ULL;
  }
  uint64_t x = c->rand_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  c->rand_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

sp_val spf_rand(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)a, (void)n;
  double d = (double)(sp_rand_next(c) >> 11) / 9007199254740992.0; /* 2^53 */
  return sp_val_double(c, d);
}
