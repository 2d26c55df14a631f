/* builtin.c - dispatch of SPARQL built-in calls to their implementations, with arity checks. */
#include "sparql/value/value_impl.h"

typedef struct {
  signed char min, max; /* argument counts */
  sp_fn_impl impl;
} fn_entry;

/* BOUND, IF, COALESCE and EXISTS belong to the evaluator. */
static const fn_entry fn_table[SP_FN__COUNT] = {
    [SP_FN_STR] = {1, 1, spf_str},
    [SP_FN_LANG] = {1, 1, spf_lang},
    [SP_FN_LANGMATCHES] = {2, 2, spf_langmatches},
    [SP_FN_DATATYPE] = {1, 1, spf_datatype},
    [SP_FN_IRI] = {1, 1, spf_iri},
    [SP_FN_URI] = {1, 1, spf_iri},
    [SP_FN_BNODE] = {0, 1, spf_bnode},
    [SP_FN_RAND] = {0, 0, spf_rand},
    [SP_FN_ABS] = {1, 1, spf_numeric},
    [SP_FN_CEIL] = {1, 1, spf_numeric},
    [SP_FN_FLOOR] = {1, 1, spf_numeric},
    [SP_FN_ROUND] = {1, 1, spf_numeric},
    [SP_FN_CONCAT] = {0, 127, spf_concat},
    [SP_FN_STRLEN] = {1, 1, spf_strlen},
    [SP_FN_UCASE] = {1, 1, spf_case},
    [SP_FN_LCASE] = {1, 1, spf_case},
    [SP_FN_ENCODE_FOR_URI] = {1, 1, spf_encode},
    [SP_FN_CONTAINS] = {2, 2, spf_strtest},
    [SP_FN_STRSTARTS] = {2, 2, spf_strtest},
    [SP_FN_STRENDS] = {2, 2, spf_strtest},
    [SP_FN_STRBEFORE] = {2, 2, spf_strpart},
    [SP_FN_STRAFTER] = {2, 2, spf_strpart},
    [SP_FN_YEAR] = {1, 1, spf_datepart},
    [SP_FN_MONTH] = {1, 1, spf_datepart},
    [SP_FN_DAY] = {1, 1, spf_datepart},
    [SP_FN_HOURS] = {1, 1, spf_datepart},
    [SP_FN_MINUTES] = {1, 1, spf_datepart},
    [SP_FN_SECONDS] = {1, 1, spf_datepart},
    [SP_FN_TIMEZONE] = {1, 1, spf_timezone},
    [SP_FN_TZ] = {1, 1, spf_timezone},
    [SP_FN_NOW] = {0, 0, spf_now},
    [SP_FN_UUID] = {0, 0, spf_uuid},
    [SP_FN_STRUUID] = {0, 0, spf_uuid},
    [SP_FN_MD5] = {1, 1, spf_hash},
    [SP_FN_SHA1] = {1, 1, spf_hash},
    [SP_FN_SHA256] = {1, 1, spf_hash},
    [SP_FN_SHA384] = {1, 1, spf_hash},
    [SP_FN_SHA512] = {1, 1, spf_hash},
    [SP_FN_STRLANG] = {2, 2, spf_strlang},
    [SP_FN_STRDT] = {2, 2, spf_strdt},
    [SP_FN_SAMETERM] = {2, 2, spf_sameterm},
    [SP_FN_ISIRI] = {1, 1, spf_is},
    [SP_FN_ISURI] = {1, 1, spf_is},
    [SP_FN_ISBLANK] = {1, 1, spf_is},
    [SP_FN_ISLITERAL] = {1, 1, spf_is},
    [SP_FN_ISNUMERIC] = {1, 1, spf_is},
    [SP_FN_REGEX] = {2, 3, spf_regex},
    [SP_FN_SUBSTR] = {2, 3, spf_substr},
    [SP_FN_REPLACE] = {3, 4, spf_replace},
};

sp_val sp_call_builtin(sp_fctx *c, sp_builtin fn, const sp_val *args,
                       int nargs) {
  if ((int)fn <= 0 || fn >= SP_FN__COUNT || !fn_table[fn].impl)
    return sp_err(c, "function %d is not evaluated here", (int)fn);
  const fn_entry *e = &fn_table[fn];
  if (nargs < e->min || nargs > e->max)
    return sp_err(c, "wrong number of arguments (%d)", nargs);
  for (int i = 0; i < nargs; i++)
    if (args[i].type == SPV_ERROR) return sp_val_error();
  return e->impl(c, fn, args, nargs);
}
