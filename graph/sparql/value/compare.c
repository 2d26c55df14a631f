/* compare.c - effective boolean value, =, <, sameTerm and the ORDER BY total order. */
#include "sparql/value/value_impl.h"

#include <math.h>
#include <string.h>
#include <strings.h>

static int cmp_bytes(const char *a, size_t na, const char *b, size_t nb) {
  size_t n = na < nb ? na : nb;
  int c = n ? memcmp(a, b, n) : 0;
  if (c) return c < 0 ? -1 : 1;
  return na < nb ? -1 : na > nb;
}

static int same_lex(const sp_val *a, const sp_val *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->lex, b->lex, a->len) == 0);
}

/* Datatypes of two non-language literals name the same type; a simple
 * literal is an xsd:string (RDF 1.1). */
static int same_dt(const char *a, const char *b) {
  if (!a) a = XSD_STRING;
  if (!b) b = XSD_STRING;
  return a == b || strcmp(a, b) == 0;
}

/* ------------------------------------------------------------------ EBV */

int sp_val_ebv(const sp_val *v) {
  sp_num n;
  switch (v->type) {
    case SPV_BOOLEAN:
      return v->v.i != 0;
    case SPV_STRING:
    case SPV_LANG:
      return v->len > 0;
    case SPV_INTEGER:
    case SPV_DECIMAL:
    case SPV_FLOAT:
    case SPV_DOUBLE:
      sp_num_get(v, &n);
      return !sp_num_is_zero(&n) && !sp_num_is_nan(&n);
    case SPV_OTHER: {
      /* An ill-typed boolean or number is false (s.17.2.2). */
      const sp_xsd *x = sp_xsd_find(v->dt);
      if (x && (x->type == SPV_BOOLEAN || (x->type >= SPV_INTEGER &&
                                           x->type <= SPV_DOUBLE)))
        return 0;
      return -1;
    }
    default:
      return -1;
  }
}

/* ------------------------------------------------------------ sameTerm */

int sp_val_same_term(const sp_val *a, const sp_val *b) {
  if (a->type == SPV_ERROR || b->type == SPV_ERROR) return 0;
  int la = sp_is_literal(a), lb = sp_is_literal(b);
  if (la != lb || (!la && a->type != b->type) || !same_lex(a, b)) return 0;
  if (!la) return 1;
  if ((a->type == SPV_LANG) != (b->type == SPV_LANG)) return 0;
  if (a->type == SPV_LANG) return sp_lang_eq(a->lang, b->lang);
  return same_dt(a->dt, b->dt);
}

/* ------------------------------------------------------------ equality */

int sp_val_equal(const sp_val *a, const sp_val *b) {
  if (a->type == SPV_ERROR || b->type == SPV_ERROR) return -1;
  if (!sp_is_literal(a) || !sp_is_literal(b)) return sp_val_same_term(a, b);
  if (sp_is_numeric(a) && sp_is_numeric(b)) {
    sp_num x, y;
    sp_num_get(a, &x);
    sp_num_get(b, &y);
    return sp_num_cmp(&x, &y) == 0;
  }
  if (a->type != b->type) {
    /* Disjoint value spaces are unequal, but the value of a literal of an
     * unknown (or ill-typed) datatype is unknown: an error unless the
     * other is a language-tagged string, which it can never equal. */
    if (a->type == SPV_OTHER || b->type == SPV_OTHER)
      return a->type == SPV_LANG || b->type == SPV_LANG ? 0 : -1;
    return 0;
  }
  switch (a->type) {
    case SPV_STRING:
      return same_lex(a, b);
    case SPV_LANG:
      return same_lex(a, b) && sp_lang_eq(a->lang, b->lang);
    case SPV_BOOLEAN:
      return a->v.i == b->v.i;
    case SPV_DATETIME:
    case SPV_DATE:
    case SPV_TIME: {
      int c = sp_dt_cmp(a, b);
      return c == 2 ? -1 : c == 0;
    }
    case SPV_DURATION:
      return a->v.dur.months == b->v.dur.months &&
             a->v.dur.micros == b->v.dur.micros;
    default: /* SPV_OTHER */
      return sp_val_same_term(a, b) ? 1 : -1;
  }
}

/* ---------------------------------------------------------- comparison */

static int cmp64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }

int sp_val_compare(const sp_val *a, const sp_val *b) {
  if (a->type == SPV_ERROR || b->type == SPV_ERROR) return 2;
  if (sp_is_numeric(a) && sp_is_numeric(b)) {
    sp_num x, y;
    sp_num_get(a, &x);
    sp_num_get(b, &y);
    return sp_num_cmp(&x, &y);
  }
  if (a->type != b->type) return 2;
  switch (a->type) {
    case SPV_STRING:
      return cmp_bytes(a->lex, a->len, b->lex, b->len);
    case SPV_BOOLEAN:
      return cmp64(a->v.i, b->v.i);
    case SPV_DATETIME:
    case SPV_DATE:
    case SPV_TIME:
      return sp_dt_cmp(a, b);
    case SPV_DURATION:
      /* Ordered only among yearMonth or among dayTime durations. */
      if (!a->v.dur.months && !b->v.dur.months)
        return cmp64(a->v.dur.micros, b->v.dur.micros);
      if (!a->v.dur.micros && !b->v.dur.micros)
        return cmp64(a->v.dur.months, b->v.dur.months);
      return 2;
    default:
      return 2;
  }
}

/* ------------------------------------------------------------ ORDER BY */

/* Unbound < blank node < IRI < literal. */
static int term_class(const sp_val *v) {
  if (!v || v->type == SPV_ERROR) return 0;
  if (v->type == SPV_BNODE) return 1;
  if (v->type == SPV_IRI) return 2;
  return 3;
}

/* Literals group by kind; these groups are ordered arbitrarily but fixed. */
static int literal_class(sp_val_type t) {
  switch (t) {
    case SPV_INTEGER:
    case SPV_DECIMAL:
    case SPV_FLOAT:
    case SPV_DOUBLE: return 0;
    case SPV_BOOLEAN: return 1;
    case SPV_DATETIME: return 2;
    case SPV_DATE: return 3;
    case SPV_TIME: return 4;
    case SPV_DURATION: return 5;
    case SPV_STRING: return 6;
    case SPV_LANG: return 7;
    default: return 8;
  }
}

static int cmp_i128(__int128 a, __int128 b) { return a < b ? -1 : a > b; }

static int order_literals(const sp_val *a, const sp_val *b) {
  int c = 0;
  switch (a->type) {
    case SPV_INTEGER:
    case SPV_DECIMAL:
    case SPV_FLOAT:
    case SPV_DOUBLE: {
      sp_num x, y;
      sp_num_get(a, &x);
      sp_num_get(b, &y);
      int nx = sp_num_is_nan(&x), ny = sp_num_is_nan(&y);
      if (nx || ny)
        c = nx && ny ? 0 : nx ? -1 : 1; /* NaN first */
      else
        c = sp_num_cmp(&x, &y);
      if (!c) c = x.rank < y.rank ? -1 : x.rank > y.rank;
      break;
    }
    case SPV_BOOLEAN:
      c = cmp64(a->v.i, b->v.i);
      break;
    case SPV_DATETIME:
    case SPV_DATE:
    case SPV_TIME:
      /* A zone-less value counts as UTC here: this total order agrees
       * with every determinate result of "<". */
      c = cmp_i128(sp_dt_instant(a), sp_dt_instant(b));
      if (!c) c = cmp64(a->v.dt.has_tz, b->v.dt.has_tz);
      break;
    case SPV_DURATION:
      c = cmp64(a->v.dur.months, b->v.dur.months);
      if (!c) c = cmp64(a->v.dur.micros, b->v.dur.micros);
      break;
    case SPV_STRING:
      c = cmp_bytes(a->lex, a->len, b->lex, b->len);
      if (!c) c = (a->dt != NULL) - (b->dt != NULL); /* simple first */
      return c;
    case SPV_LANG:
      c = cmp_bytes(a->lex, a->len, b->lex, b->len);
      if (!c) c = strcasecmp(a->lang, b->lang);
      if (!c) c = strcmp(a->lang, b->lang);
      return c < 0 ? -1 : c > 0;
    default:
      c = strcmp(a->dt ? a->dt : "", b->dt ? b->dt : "");
      if (c) return c < 0 ? -1 : 1;
      break;
  }
  if (!c) c = cmp_bytes(a->lex, a->len, b->lex, b->len);
  if (!c && a->dt && b->dt && !same_dt(a->dt, b->dt))
    c = strcmp(a->dt, b->dt) < 0 ? -1 : 1;
  return c;
}

int sp_val_order(const sp_val *a, const sp_val *b) {
  int ca = term_class(a), cb = term_class(b);
  if (ca != cb) return ca < cb ? -1 : 1;
  if (ca == 0) return 0;
  if (ca < 3) return cmp_bytes(a->lex, a->len, b->lex, b->len);
  int la = literal_class(a->type), lb = literal_class(b->type);
  if (la != lb) return la < lb ? -1 : 1;
  return order_literals(a, b);
}

/* ------------------------------------------------------ date and time */

__int128 sp_dt_instant(const sp_val *v) {
  int64_t days = v->type == SPV_TIME
                     ? kg_days_from_civil(1972, 12, 31)
                     : kg_days_from_civil(v->v.dt.year, v->v.dt.month,
                                          v->v.dt.day);
  __int128 t = (__int128)days * 86400000000LL +
               (__int128)(v->v.dt.hour * 3600 + v->v.dt.minute * 60) *
                   1000000 +
               v->v.dt.sec_micro;
  if (v->v.dt.has_tz) t -= (__int128)v->v.dt.tz_minutes * 60000000;
  return t;
}

int sp_dt_cmp(const sp_val *a, const sp_val *b) {
  __int128 pa = sp_dt_instant(a), pb = sp_dt_instant(b);
  const __int128 h14 = (__int128)14 * 3600 * 1000000;
  if (a->v.dt.has_tz == b->v.dt.has_tz) return cmp_i128(pa, pb);
  if (a->v.dt.has_tz) { /* b is local: somewhere in [pb-14h, pb+14h] */
    if (pa < pb - h14) return -1;
    if (pa > pb + h14) return 1;
    return 2;
  }
  if (pa + h14 < pb) return -1;
  if (pa - h14 > pb) return 1;
  return 2;
}
