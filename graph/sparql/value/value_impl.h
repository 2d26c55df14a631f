/* value_impl.h - internal helpers shared by the value, operator, function, cast and aggregate files. */
#ifndef SP_VALUE_IMPL_H
#define SP_VALUE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "civil.h"
#include "sparql/value/value.h"

/* ------------------------------------------------------ xsd datatypes */

/* The XSD datatypes with a value space we know. The integer-derived ones
 * lie between SPX_INTEGER and SPX_POSITIVE. */
typedef enum {
  SPX_NONE = 0,
  SPX_STRING, SPX_BOOLEAN, SPX_DECIMAL, SPX_FLOAT, SPX_DOUBLE,
  SPX_INTEGER, SPX_NONPOSITIVE, SPX_NEGATIVE, SPX_LONG, SPX_INT, SPX_SHORT,
  SPX_BYTE, SPX_NONNEGATIVE, SPX_ULONG, SPX_UINT, SPX_USHORT, SPX_UBYTE,
  SPX_POSITIVE,
  SPX_DATETIME, SPX_DATETIMESTAMP, SPX_DATE, SPX_TIME,
  SPX_DURATION, SPX_DAYTIME, SPX_YEARMONTH,
  SPX__COUNT
} sp_xt;

typedef struct sp_xsd {
  sp_xt id;
  const char *iri;     /* the full IRI; static */
  sp_val_type type;    /* type of a valid literal */
  int has_min, has_max; /* integer-derived bounds */
  __int128 min, max;
} sp_xsd;

/* The entry for a datatype IRI, or NULL if it is not one of the above. */
const sp_xsd *sp_xsd_find(const char *dt);
const sp_xsd *sp_xsd_get(sp_xt id);
#define SP_XT_IS_INTEGER(x) ((x) >= SPX_INTEGER && (x) <= SPX_POSITIVE)
/* 1 if `i` lies within the bounds of the integer type `x`. */
int sp_xsd_in_range(const sp_xsd *x, __int128 i);

/* ------------------------------------------------------------ numbers */

/* A number in computation. INT and DEC are exact m x 10^-scale when
 * `exact`, else (DEC only) the double d; FLT and DBL use d. */
enum { NR_INT = 0, NR_DEC, NR_FLT, NR_DBL };
typedef struct sp_num {
  int rank;
  int exact;
  int scale;
  __int128 m;
  double d;
} sp_num;

#define SP_DEC_MAX_SCALE 38
#define SP_DIV_SCALE 24  /* digits after the point kept by decimal division */

/* value.c: numbers in and out of values */
int sp_num_get(const sp_val *v, sp_num *n);      /* 0 if not numeric */
sp_val sp_num_make(sp_fctx *c, const sp_num *n); /* canonical literal */
/* Sets v's type and value fields (not lex, not dt) from n. */
void sp_num_store(const sp_num *n, sp_val *v);

/* decimal.c: the exact-decimal core, used by lexical.c, canon.c, arith.c */
/* 10^k for k <= 38, or 0 when it does not fit. */
__int128 sp_pow10(int k);
/* m x 10^-scale as the nearest double. */
double sp_dec_double(__int128 m, int scale);
/* Strips trailing zeros of an exact decimal. */
void sp_dec_norm(sp_num *n);
/* The exact decimal with the shortest digits that round-trip `d` (as a
 * float when is_float). 0 for NaN and infinities. */
int sp_dec_from_double(double d, int is_float, sp_num *n);
/* strtod in the C locale over a NUL-terminated string. */
double sp_strtod(const char *s, char **end);
size_t sp_fmt_int128(__int128 v, char *buf);
/* Shortest digits of |d| that round-trip: digits (no dot) and the decimal
 * exponent of the first digit. Returns the digit count. */
int sp_double_digits(double d, int is_float, char *digits, int *exp10);

/* arith.c */
double sp_num_double(const sp_num *n);
int sp_num_is_zero(const sp_num *n);
int sp_num_is_nan(const sp_num *n);
/* Converts to `rank` (only upwards or to DEC from FLT/DBL when finite). */
int sp_num_promote(sp_num *n, int rank);
/* op is SP_E_ADD/SUB/MUL/DIV. Returns 0 on error with *why set. */
int sp_num_arith(sp_expr_op op, const sp_num *a, const sp_num *b, sp_num *r,
                 const char **why);
/* -1/0/1, or 2 when unordered (NaN). */
int sp_num_cmp(const sp_num *a, const sp_num *b);
/* floor, ceiling, round (half toward +inf) and truncation, keeping rank. */
typedef enum { SP_RND_FLOOR, SP_RND_CEIL, SP_RND_ROUND, SP_RND_TRUNC } sp_rnd;
int sp_num_round(sp_num *n, sp_rnd mode);
/* Exact integer value of an INT (exact) number, or of an integral DEC. */
int sp_num_int128(const sp_num *n, __int128 *out);

/* ------------------------------------------------------ lexical forms */

/* Parsers of XSD lexical forms (no surrounding whitespace). 1 if valid. */
int sp_xsd_lex_integer(const char *s, size_t n, sp_num *out);
int sp_xsd_lex_decimal(const char *s, size_t n, sp_num *out);
int sp_xsd_lex_double(const char *s, size_t n, double *out);
int sp_xsd_lex_boolean(const char *s, size_t n, int *out);
/* t is SPV_DATETIME, SPV_DATE or SPV_TIME; fills out->v.dt. */
int sp_xsd_lex_datetime(const char *s, size_t n, sp_val_type t, sp_val *out);
/* kind SPX_DURATION, SPX_DAYTIME or SPX_YEARMONTH; fills out->v.dur. */
int sp_xsd_lex_duration(const char *s, size_t n, sp_xt kind, sp_val *out);

/* Canonical forms. Buffers of SP_NUMBUF bytes hold any number. */
#define SP_NUMBUF 512
size_t sp_fmt_num(const sp_num *n, char *buf);          /* XSD canonical */
size_t sp_fmt_num_xpath(const sp_num *n, char *buf);    /* cast to string */
size_t sp_fmt_double(double d, int is_float, char *buf); /* 1.5E2 */
size_t sp_fmt_datetime(const sp_val *v, char *buf, size_t cap);
size_t sp_fmt_duration(int64_t months, int64_t micros, sp_xt kind,
                       char *buf, size_t cap);

/* ----------------------------------------------------- date and time */

/* Microseconds on a time line; local time when there is no zone. */
__int128 sp_dt_instant(const sp_val *v);
/* Compares two values of the same date/time type per the XSD partial
 * order: -1/0/1, or 2 when indeterminate (one has a zone, one not). */
int sp_dt_cmp(const sp_val *a, const sp_val *b);

/* ------------------------------------------------------------ values */

/* Sets c->errmsg and returns an error value. */
sp_val sp_err(sp_fctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A literal of datatype `x` over a computed lexical form (copied). */
sp_val sp_val_xsd(sp_fctx *c, sp_xt x, const char *lex, size_t len);
/* Simple literal, xsd:string literal, or one like `like` (same lang or
 * datatype) over s (copied). */
sp_val sp_val_like(sp_fctx *c, const sp_val *like, const char *s, size_t n);

static inline int sp_is_literal(const sp_val *v) {
  return v->type >= SPV_STRING;
}
/* Simple literal or xsd:string. */
static inline int sp_is_str(const sp_val *v) { return v->type == SPV_STRING; }
/* Simple literal, xsd:string or language-tagged string. */
static inline int sp_is_strlit(const sp_val *v) {
  return v->type == SPV_STRING || v->type == SPV_LANG;
}
static inline int sp_is_numeric(const sp_val *v) {
  return v->type >= SPV_INTEGER && v->type <= SPV_DOUBLE;
}
/* Language tags compare without regard to case. */
int sp_lang_eq(const char *a, const char *b);

/* ---------------------------------------------------------- builtins */

typedef sp_val (*sp_fn_impl)(sp_fctx *c, sp_builtin fn, const sp_val *a,
                             int n);

/* func_term.c */
sp_val spf_str(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_lang(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_langmatches(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_datatype(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_iri(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_bnode(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_strlang(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_strdt(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_is(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_sameterm(sp_fctx *, sp_builtin, const sp_val *, int);
/* func_string.c */
sp_val spf_strlen(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_substr(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_case(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_encode(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_strtest(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_strpart(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_concat(sp_fctx *, sp_builtin, const sp_val *, int);
/* func_regex.c */
sp_val spf_regex(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_replace(sp_fctx *, sp_builtin, const sp_val *, int);
/* func_numeric.c */
sp_val spf_numeric(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_rand(sp_fctx *, sp_builtin, const sp_val *, int);
/* func_datetime.c */
sp_val spf_datepart(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_timezone(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_now(sp_fctx *, sp_builtin, const sp_val *, int);
/* func_hash.c */
sp_val spf_hash(sp_fctx *, sp_builtin, const sp_val *, int);
sp_val spf_uuid(sp_fctx *, sp_builtin, const sp_val *, int);
/* Lowercase hex SHA-256 of s (64 chars + NUL). */
void sp_sha256_hex(const char *s, size_t n, char out[65]);
/* random.c: n random bytes (getrandom, else the fctx generator). */
void sp_random_bytes(sp_fctx *c, unsigned char *out, size_t n);
uint64_t sp_rand_next(sp_fctx *c);

/* cast.c */
sp_val sp_cast(sp_fctx *c, const sp_xsd *to, const sp_val *v);

#endif /* SP_VALUE_IMPL_H */
