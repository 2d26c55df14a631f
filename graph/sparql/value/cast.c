/* cast.c - XSD constructor functions (casts, SPARQL s.17.5 / XPath F&O s.19) and calls by IRI. */
#include "sparql/value/value_impl.h"

#include <math.h>
#include <string.h>

/* The literal of type `to` with value v: its canonical form. */
static sp_val canonical(sp_fctx *c, const sp_xsd *to, sp_val v) {
  size_t len;
  v.dt = to->iri; /* the form of a zero duration depends on it */
  const char *lex = sp_val_lexical(c, &v, &len);
  if (!lex) return sp_err(c, "out of memory");
  v.lex = lex;
  v.len = len;
  return v;
}

static sp_val from_string(sp_fctx *c, const sp_xsd *to, const sp_val *v) {
  const char *s = v->lex;
  size_t n = v->len;
  /* whiteSpace "collapse": surrounding blanks do not count */
  while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
               s[n - 1] == '\r'))
    n--;
  if (to->id == SPX_STRING) {
    sp_val r = *v;
    r.dt = to->iri;
    return r;
  }
  sp_val r = sp_val_typed(c, s, n, to->iri, 0);
  if (r.type == SPV_OTHER || r.type == SPV_ERROR)
    return sp_err(c, "cannot cast \"%.*s\" to %s", (int)(n > 40 ? 40 : n), s,
                  to->iri + sizeof(XSD) - 1);
  return canonical(c, to, r);
}

static sp_val to_string(sp_fctx *c, const sp_xsd *to, const sp_val *v) {
  char buf[SP_NUMBUF];
  sp_num num;
  if (v->type == SPV_IRI) {
    sp_val r = sp_val_string(c, v->lex, v->len, 0);
    r.dt = to->iri;
    return r;
  }
  if (sp_num_get(v, &num)) {
    size_t len = sp_fmt_num_xpath(&num, buf);
    sp_val r = sp_val_string(c, buf, len, 1);
    if (r.type == SPV_STRING) r.dt = to->iri;
    return r;
  }
  size_t len;
  const char *lex = sp_val_lexical(c, v, &len);
  if (!lex) return sp_err(c, "out of memory");
  sp_val r = sp_val_string(c, lex, len, 0);
  r.dt = to->iri;
  return r;
}

/* Numeric and boolean targets from a number or a boolean. */
static sp_val to_number(sp_fctx *c, const sp_xsd *to, const sp_val *v) {
  sp_num n;
  if (v->type == SPV_BOOLEAN)
    n = (sp_num){NR_INT, 1, 0, v->v.i, (double)v->v.i};
  else if (!sp_num_get(v, &n))
    return sp_err(c, "cannot cast this value to %s", to->iri + sizeof(XSD) - 1);
  if (to->id == SPX_BOOLEAN)
    return sp_val_bool(!sp_num_is_zero(&n) && !sp_num_is_nan(&n));
  if (to->id == SPX_FLOAT || to->id == SPX_DOUBLE) {
    double d = sp_num_double(&n);
    n = (sp_num){to->id == SPX_FLOAT ? NR_FLT : NR_DBL, 1, 0, 0,
                 to->id == SPX_FLOAT ? (double)(float)d : d};
    return sp_num_make(c, &n);
  }
  if (n.rank >= NR_FLT && !isfinite(n.d))
    return sp_err(c, "cannot cast NaN or INF to %s", to->iri + sizeof(XSD) - 1);
  if (to->id == SPX_DECIMAL) {
    if (!sp_num_promote(&n, NR_DEC)) return sp_err(c, "cannot cast to decimal");
    return sp_num_make(c, &n);
  }
  /* integer and derived types: truncate toward zero */
  __int128 i;
  if (n.rank >= NR_FLT || !n.exact) {
    double t = trunc(n.d);
    if (!(fabs(t) < 1.7e38)) return sp_err(c, "integer overflow in cast");
    i = (__int128)t;
  } else {
    sp_num_round(&n, SP_RND_TRUNC);
    i = n.m;
  }
  if (!sp_xsd_in_range(to, i))
    return sp_err(c, "value out of range for %s", to->iri + sizeof(XSD) - 1);
  sp_num r = {NR_INT, 1, 0, i, (double)i};
  sp_val out = sp_num_make(c, &r);
  if (out.type != SPV_ERROR) out.dt = to->iri;
  return out;
}

static sp_val to_temporal(sp_fctx *c, const sp_xsd *to, const sp_val *v) {
  sp_val r = *v;
  switch (to->type) {
    case SPV_DATETIME:
      if (v->type != SPV_DATETIME && v->type != SPV_DATE) break;
      if (to->id == SPX_DATETIMESTAMP && !v->v.dt.has_tz) break;
      r.type = SPV_DATETIME; /* a date starts at 00:00:00 */
      return canonical(c, to, r);
    case SPV_DATE:
      if (v->type != SPV_DATETIME && v->type != SPV_DATE) break;
      r.type = SPV_DATE;
      r.v.dt.hour = r.v.dt.minute = 0;
      r.v.dt.sec_micro = 0;
      return canonical(c, to, r);
    case SPV_TIME:
      if (v->type != SPV_DATETIME && v->type != SPV_TIME) break;
      r.type = SPV_TIME;
      r.v.dt.year = 0;
      r.v.dt.month = r.v.dt.day = 0;
      return canonical(c, to, r);
    case SPV_DURATION:
      if (v->type != SPV_DURATION) break;
      r.type = SPV_DURATION;
      if (to->id == SPX_DAYTIME) r.v.dur.months = 0;
      if (to->id == SPX_YEARMONTH) r.v.dur.micros = 0;
      return canonical(c, to, r);
    default:
      break;
  }
  return sp_err(c, "cannot cast this value to %s", to->iri + sizeof(XSD) - 1);
}

sp_val sp_cast(sp_fctx *c, const sp_xsd *to, const sp_val *v) {
  switch (v->type) {
    case SPV_ERROR:
      return sp_val_error();
    case SPV_STRING:
      return from_string(c, to, v);
    case SPV_IRI:
      if (to->id == SPX_STRING) return to_string(c, to, v);
      return sp_err(c, "an IRI can only be cast to xsd:string");
    case SPV_BNODE:
    case SPV_LANG:
    case SPV_OTHER:
      return sp_err(c, "cannot cast this term to %s", to->iri + sizeof(XSD) - 1);
    default:
      break;
  }
  if (to->id == SPX_STRING) return to_string(c, to, v);
  if (to->type == SPV_BOOLEAN || (to->type >= SPV_INTEGER && to->type <= SPV_DOUBLE))
    return to_number(c, to, v);
  return to_temporal(c, to, v);
}

sp_val sp_call_iri(sp_fctx *c, const char *iri, const sp_val *args,
                   int nargs, int *known) {
  const sp_xsd *x = sp_xsd_find(iri);
  if (known) *known = x != NULL;
  if (!x) return sp_err(c, "unknown function <%s>", iri ? iri : "");
  if (nargs != 1) return sp_err(c, "a cast takes one argument");
  return sp_cast(c, x, &args[0]);
}
