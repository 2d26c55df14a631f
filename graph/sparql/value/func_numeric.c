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

sp_val spf_rand(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)a, (void)n;
  double d = (double)(sp_rand_next(c) >> 11) / 9007199254740992.0; /* 2^53 */
  return sp_val_double(c, d);
}
