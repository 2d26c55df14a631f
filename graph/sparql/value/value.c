/* value.c - terms to values and back, numbers to values and back, value
 * constructors, the XSD datatype table. */
#include "sparql/value/value_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------ xsd datatypes */

#define I128(x) ((__int128)(x))
#define XT(id, name, type) {id, XSD name, type, 0, 0, 0, 0}
#define XI(id, name, hmin, min, hmax, max) \
  {id, XSD name, SPV_INTEGER, hmin, hmax, min, max}

/* Indexed by sp_xt. */
static const sp_xsd xsd_table[SPX__COUNT] = {
    [SPX_NONE] = {SPX_NONE, "", SPV_OTHER, 0, 0, 0, 0},
    [SPX_STRING] = XT(SPX_STRING, "string", SPV_STRING),
    [SPX_BOOLEAN] = XT(SPX_BOOLEAN, "boolean", SPV_BOOLEAN),
    [SPX_DECIMAL] = XT(SPX_DECIMAL, "decimal", SPV_DECIMAL),
    [SPX_FLOAT] = XT(SPX_FLOAT, "float", SPV_FLOAT),
    [SPX_DOUBLE] = XT(SPX_DOUBLE, "double", SPV_DOUBLE),
    [SPX_INTEGER] = XI(SPX_INTEGER, "integer", 0, 0, 0, 0),
    [SPX_NONPOSITIVE] = XI(SPX_NONPOSITIVE, "nonPositiveInteger", 0, 0, 1, 0),
    [SPX_NEGATIVE] = XI(SPX_NEGATIVE, "negativeInteger", 0, 0, 1, -1),
    [SPX_LONG] = XI(SPX_LONG, "long", 1, I128(INT64_MIN), 1, I128(INT64_MAX)),
    [SPX_INT] = XI(SPX_INT, "int", 1, I128(INT32_MIN), 1, I128(INT32_MAX)),
    [SPX_SHORT] = XI(SPX_SHORT, "short", 1, -32768, 1, 32767),
    [SPX_BYTE] = XI(SPX_BYTE, "byte", 1, -128, 1, 127),
    [SPX_NONNEGATIVE] = XI(SPX_NONNEGATIVE, "nonNegativeInteger", 1, 0, 0, 0),
    [SPX_ULONG] = XI(SPX_ULONG, "unsignedLong", 1, 0, 1, I128(UINT64_MAX)),
    [SPX_UINT] = XI(SPX_UINT, "unsignedInt", 1, 0, 1, I128(UINT32_MAX)),
    [SPX_USHORT] = XI(SPX_USHORT, "unsignedShort", 1, 0, 1, 65535),
    [SPX_UBYTE] = XI(SPX_UBYTE, "unsignedByte", 1, 0, 1, 255),
    [SPX_POSITIVE] = XI(SPX_POSITIVE, "positiveInteger", 1, 1, 0, 0),
    [SPX_DATETIME] = XT(SPX_DATETIME, "dateTime", SPV_DATETIME),
    [SPX_DATETIMESTAMP] = XT(SPX_DATETIMESTAMP, "dateTimeStamp", SPV_DATETIME),
    [SPX_DATE] = XT(SPX_DATE, "date", SPV_DATE),
    [SPX_TIME] = XT(SPX_TIME, "time", SPV_TIME),
    [SPX_DURATION] = XT(SPX_DURATION, "duration", SPV_DURATION),
    [SPX_DAYTIME] = XT(SPX_DAYTIME, "dayTimeDuration", SPV_DURATION),
    [SPX_YEARMONTH] = XT(SPX_YEARMONTH, "yearMonthDuration", SPV_DURATION),
};

enum { XSD_LEN = sizeof(XSD) - 1 };

const sp_xsd *sp_xsd_get(sp_xt id) {
  return id > SPX_NONE && id < SPX__COUNT ? &xsd_table[id] : NULL;
}

const sp_xsd *sp_xsd_find(const char *dt) {
  if (!dt || strncmp(dt, XSD, XSD_LEN) != 0) return NULL;
  const char *local = dt + XSD_LEN;
  for (int i = 1; i < SPX__COUNT; i++) {
    const char *l = xsd_table[i].iri + XSD_LEN;
    if (l[0] == local[0] && strcmp(l, local) == 0) return &xsd_table[i];
  }
  return NULL;
}

int sp_xsd_in_range(const sp_xsd *x, __int128 i) {
  return (!x->has_min || i >= x->min) && (!x->has_max || i <= x->max);
}

/* ------------------------------------------------------ term -> value */

/* Parses the lexical form of a literal of a known XSD type into v; an
 * invalid form leaves v SPV_OTHER. */
static void parse_typed(sp_val *v, const sp_xsd *x) {
  const char *s = v->lex;
  size_t n = v->len;
  sp_num num;
  int ok = 0;
  switch (x->type) {
    case SPV_STRING:
      ok = 1;
      break;
    case SPV_BOOLEAN: {
      int b;
      if ((ok = sp_xsd_lex_boolean(s, n, &b))) v->v.i = b;
      break;
    }
    case SPV_INTEGER:
      if (!sp_xsd_lex_integer(s, n, &num)) break;
      if (num.exact)
        ok = sp_xsd_in_range(x, num.m);
      else
        ok = (!x->has_max || num.d <= (double)x->max) &&
             (!x->has_min || num.d >= (double)x->min);
      if (ok) {
        sp_num_store(&num, v);
        return;
      }
      break;
    case SPV_DECIMAL:
      if ((ok = sp_xsd_lex_decimal(s, n, &num))) {
        sp_num_store(&num, v);
        return;
      }
      break;
    case SPV_FLOAT:
    case SPV_DOUBLE: {
      double d;
      if ((ok = sp_xsd_lex_double(s, n, &d)))
        v->v.d = x->type == SPV_FLOAT ? (double)(float)d : d;
      break;
    }
    case SPV_DATETIME:
    case SPV_DATE:
    case SPV_TIME:
      ok = sp_xsd_lex_datetime(s, n, x->type, v);
      if (ok && x->id == SPX_DATETIMESTAMP && !v->v.dt.has_tz) ok = 0;
      break;
    case SPV_DURATION:
      ok = sp_xsd_lex_duration(s, n, x->id, v);
      break;
    default:
      break;
  }
  v->type = ok ? x->type : SPV_OTHER;
}

sp_val sp_val_from_term(const kg_term *t) {
  sp_val v;
  memset(&v, 0, sizeof v);
  if (!t) return v;
  v.lex = t->value ? t->value : "";
  v.len = t->value ? t->len : 0;
  switch (t->kind) {
    case KG_TERM_IRI:
      v.type = SPV_IRI;
      return v;
    case KG_TERM_BLANK:
      v.type = SPV_BNODE;
      return v;
    case KG_TERM_LITERAL:
      break;
    default:
      v.lex = NULL;
      v.len = 0;
      return v; /* SPV_ERROR: unbound */
  }
  if (t->lang && t->lang[0]) {
    v.type = SPV_LANG;
    v.lang = t->lang;
    v.dt = RDF_LANGSTRING;
    return v;
  }
  if (!t->datatype) {
    v.type = SPV_STRING;
    return v;
  }
  const sp_xsd *x = sp_xsd_find(t->datatype);
  if (!x) {
    v.type = SPV_OTHER;
    v.dt = t->datatype;
    return v;
  }
  v.dt = x->iri;
  parse_typed(&v, x);
  return v;
}

static sp_val known(const kg_term *t, sp_val_type type) {
  sp_val v;
  memset(&v, 0, sizeof v);
  v.type = type;
  v.lex = t->value;
  v.len = t->len;
  v.dt = t->datatype;
  return v;
}

sp_val sp_val_known_integer(const kg_term *t, int64_t i) {
  sp_val v = known(t, SPV_INTEGER);
  v.v.i = i;
  return v;
}

sp_val sp_val_known_decimal(const kg_term *t, int64_t mantissa, int scale) {
  sp_num n = {NR_DEC, 1, scale, mantissa, 0};
  sp_dec_norm(&n); /* as the lexical reader: no trailing zeros */
  sp_val v = known(t, SPV_DECIMAL);
  sp_num_store(&n, &v);
  return v;
}

sp_val sp_val_known_date(const kg_term *t, int year, int month, int day) {
  sp_val v = known(t, SPV_DATE);
  v.v.dt.year = year;
  v.v.dt.month = month;
  v.v.dt.day = day;
  return v;
}

kg_term sp_val_to_term(const sp_val *v) {
  kg_term t;
  memset(&t, 0, sizeof t);
  if (!v || v->type == SPV_ERROR) return t;
  t.value = v->lex ? v->lex : "";
  t.len = v->lex ? v->len : 0;
  switch (v->type) {
    case SPV_IRI:
      t.kind = KG_TERM_IRI;
      break;
    case SPV_BNODE:
      t.kind = KG_TERM_BLANK;
      break;
    case SPV_LANG:
      t.kind = KG_TERM_LITERAL;
      t.lang = v->lang;
      break;
    default:
      t.kind = KG_TERM_LITERAL;
      t.datatype = v->dt;
      break;
  }
  return t;
}

sp_val sp_val_error(void) {
  sp_val v;
  memset(&v, 0, sizeof v);
  return v;
}

/* ---------------------------------------------------- value <-> number */

static const char *const rank_dt[] = {XSD_INTEGER, XSD_DECIMAL, XSD_FLOAT,
                                      XSD_DOUBLE};

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

/* ------------------------------------------------------- constructors */

static const char *keep(sp_fctx *c, const char *s, size_t n, int copy) {
  if (!s) return "";
  if (!copy) return s;
  return c && c->arena ? arena_strndup(c->arena, s, n) : NULL;
}

sp_val sp_val_iri(sp_fctx *c, const char *iri, size_t len, int copy) {
  sp_val v = sp_val_error();
  const char *s = keep(c, iri, len, copy);
  if (!s) return sp_err(c, "out of memory");
  v.type = SPV_IRI;
  v.lex = s;
  v.len = iri ? len : 0;
  return v;
}

sp_val sp_val_string(sp_fctx *c, const char *s, size_t len, int copy) {
  sp_val v = sp_val_error();
  const char *p = keep(c, s, len, copy);
  if (!p) return sp_err(c, "out of memory");
  v.type = SPV_STRING;
  v.lex = p;
  v.len = s ? len : 0;
  return v;
}

sp_val sp_val_lang(sp_fctx *c, const char *s, size_t len, const char *lang,
                   int copy) {
  if (!lang || !lang[0]) return sp_val_string(c, s, len, copy);
  sp_val v = sp_val_error();
  const char *p = keep(c, s, len, copy);
  const char *l = keep(c, lang, strlen(lang), copy);
  if (!p || !l) return sp_err(c, "out of memory");
  v.type = SPV_LANG;
  v.lex = p;
  v.len = s ? len : 0;
  v.lang = l;
  v.dt = RDF_LANGSTRING;
  return v;
}

sp_val sp_val_typed(sp_fctx *c, const char *lex, size_t len, const char *dt,
                    int copy) {
  if (!dt) return sp_val_string(c, lex, len, copy);
  const char *p = keep(c, lex, len, copy);
  const sp_xsd *x = sp_xsd_find(dt);
  const char *d = x ? x->iri : keep(c, dt, strlen(dt), copy);
  if (!p || !d) return sp_err(c, "out of memory");
  kg_term t = {KG_TERM_LITERAL, p, lex ? len : 0, d, NULL};
  return sp_val_from_term(&t);
}

sp_val sp_val_int(sp_fctx *c, int64_t i) {
  sp_num n = {NR_INT, 1, 0, i, (double)i};
  return sp_num_make(c, &n);
}

sp_val sp_val_double(sp_fctx *c, double d) {
  sp_num n = {NR_DBL, 1, 0, 0, d};
  return sp_num_make(c, &n);
}

sp_val sp_val_bool(int b) {
  sp_val v = sp_val_error();
  v.type = SPV_BOOLEAN;
  v.lex = b ? "true" : "false";
  v.len = b ? 4 : 5;
  v.dt = xsd_table[SPX_BOOLEAN].iri;
  v.v.i = b ? 1 : 0;
  return v;
}

sp_val sp_val_xsd(sp_fctx *c, sp_xt x, const char *lex, size_t len) {
  return sp_val_typed(c, lex, len, xsd_table[x].iri, 1);
}

sp_val sp_val_like(sp_fctx *c, const sp_val *like, const char *s, size_t n) {
  if (like->type == SPV_LANG) return sp_val_lang(c, s, n, like->lang, 1);
  sp_val v = sp_val_string(c, s, n, 1);
  if (v.type == SPV_STRING) v.dt = like->dt;
  return v;
}

sp_val sp_err(sp_fctx *c, const char *fmt, ...) {
  if (c) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
    va_end(ap);
  }
  return sp_val_error();
}

int sp_lang_eq(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return strcasecmp(a, b) == 0;
}

/* ------------------------------------------------- canonical lexical */

const char *sp_val_lexical(sp_fctx *c, const sp_val *v, size_t *len) {
  char buf[SP_NUMBUF];
  size_t n;
  sp_num num;
  if (sp_num_get(v, &num)) {
    n = sp_fmt_num(&num, buf);
  } else if (v->type == SPV_BOOLEAN) {
    *len = v->v.i ? 4 : 5;
    return v->v.i ? "true" : "false";
  } else if (v->type == SPV_DATETIME || v->type == SPV_DATE ||
             v->type == SPV_TIME) {
    n = sp_fmt_datetime(v, buf, sizeof buf);
  } else if (v->type == SPV_DURATION) {
    const sp_xsd *x = sp_xsd_find(v->dt);
    n = sp_fmt_duration(v->v.dur.months, v->v.dur.micros,
                        x ? x->id : SPX_DURATION, buf, sizeof buf);
  } else {
    *len = v->lex ? v->len : 0;
    return v->lex ? v->lex : "";
  }
  char *s = c && c->arena ? arena_strndup(c->arena, buf, n) : NULL;
  *len = s ? n : 0;
  return s;
}

/* --------------------------------------------------------- fctx */

void sp_fctx_clear(sp_fctx *c) {
  if (!c) return;
  /* through the hook: the values do not depend on the regex functions */
  if (c->regex_cache && c->regex_cache_free) c->regex_cache_free(c->regex_cache);
  c->regex_cache = NULL;
}

void sp_fctx_next_solution(sp_fctx *c) {
  if (c) c->solution++;
}
