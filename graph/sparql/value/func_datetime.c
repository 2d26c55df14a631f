/* func_datetime.c - date and time functions: YEAR..SECONDS, TIMEZONE, TZ, NOW. */
#include "sparql/value/value_impl.h"

#include <stdio.h>
#include <string.h>

static int has_date(const sp_val *v) {
  return v->type == SPV_DATETIME || v->type == SPV_DATE;
}
static int has_time(const sp_val *v) {
  return v->type == SPV_DATETIME || v->type == SPV_TIME;
}

/* YEAR, MONTH, DAY (dateTime or date); HOURS, MINUTES, SECONDS
 * (dateTime or time). The value is that of the lexical form, in its own
 * zone. */
sp_val spf_datepart(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)n;
  int date_part = fn == SP_FN_YEAR || fn == SP_FN_MONTH || fn == SP_FN_DAY;
  if (date_part ? !has_date(a) : !has_time(a))
    return sp_err(c, "date/time function on a value of another type");
  switch (fn) {
    case SP_FN_YEAR: return sp_val_int(c, a->v.dt.year);
    case SP_FN_MONTH: return sp_val_int(c, a->v.dt.month);
    case SP_FN_DAY: return sp_val_int(c, a->v.dt.day);
    case SP_FN_HOURS: return sp_val_int(c, a->v.dt.hour);
    case SP_FN_MINUTES: return sp_val_int(c, a->v.dt.minute);
    default: {
      sp_num s = {NR_DEC, 1, 6, a->v.dt.sec_micro, 0};
      sp_dec_norm(&s);
      return sp_num_make(c, &s);
    }
  }
}

/* TIMEZONE: an xsd:dayTimeDuration, an error without a zone. TZ: the
 * zone as written canonically ("Z", "-08:00") or "". */
sp_val spf_timezone(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)n;
  char buf[32];
  if (!has_date(a) && !has_time(a))
    return sp_err(c, "TIMEZONE/TZ need a date or time");
  int m = a->v.dt.tz_minutes;
  if (fn == SP_FN_TZ) {
    size_t len = 0;
    if (a->v.dt.has_tz)
      len = m == 0 ? (size_t)sprintf(buf, "Z")
                   : (size_t)sprintf(buf, "%c%02d:%02d", m < 0 ? '-' : '+',
                                     (m < 0 ? -m : m) / 60, (m < 0 ? -m : m) % 60);
    return sp_val_string(c, buf, len, 1);
  }
  if (!a->v.dt.has_tz) return sp_err(c, "TIMEZONE of a value without a zone");
  size_t len = sp_fmt_duration(0, (int64_t)m * 60000000, SPX_DAYTIME, buf,
                               sizeof buf);
  return sp_val_xsd(c, SPX_DAYTIME, buf, len);
}

/* NOW: the query's fixed instant, written in the local zone. */
sp_val spf_now(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)fn, (void)a, (void)n;
  sp_val v = sp_val_error();
  int64_t local = c->now_sec + (int64_t)c->now_tz_minutes * 60;
  int64_t days = local / 86400, secs = local % 86400;
  if (secs < 0) secs += 86400, days--;
  v.type = SPV_DATETIME;
  kg_civil_from_days(days, &v.v.dt.year, &v.v.dt.month, &v.v.dt.day);
  v.v.dt.hour = (int)(secs / 3600);
  v.v.dt.minute = (int)(secs / 60 % 60);
  v.v.dt.sec_micro = secs % 60 * 1000000 + c->now_usec;
  v.v.dt.has_tz = 1;
  v.v.dt.tz_minutes = c->now_tz_minutes;
  char buf[64];
  size_t len = sp_fmt_datetime(&v, buf, sizeof buf);
  return sp_val_xsd(c, SPX_DATETIME, buf, len);
}
