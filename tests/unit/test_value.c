/* test_value.c - unit tests for SPARQL values: parsing, equality, order, arithmetic, casts, aggregates. */
#include <math.h>

#include "testutil.h"
#include "testval.h"

/* ------------------------------------------------------------ parsing */

START_TEST(parse_numbers) {
  sp_val v = integer("01");
  ck_assert_int_eq(v.type, SPV_INTEGER);
  ck_assert_int_eq(v.v.i, 1);
  ck_assert_int_eq(integer("+5").v.i, 5);
  ck_assert_int_eq(integer("-0").v.i, 0);
  ck_assert_int_eq(integer("abc").type, SPV_OTHER);
  ck_assert_int_eq(integer("1.0").type, SPV_OTHER);
  ck_assert_int_eq(integer("").type, SPV_OTHER);
  ck_assert_int_eq(integer(" 1").type, SPV_OTHER);
  /* derived types keep their IRI and check their ranges */
  v = lit("7", X(short));
  ck_assert_int_eq(v.type, SPV_INTEGER);
  ck_assert_str_eq(v.dt, X(short));
  ck_assert_int_eq(lit("127", X(byte)).type, SPV_INTEGER);
  ck_assert_int_eq(lit("128", X(byte)).type, SPV_OTHER);
  ck_assert_int_eq(lit("-1", X(nonNegativeInteger)).type, SPV_OTHER);
  ck_assert_int_eq(lit("0", X(positiveInteger)).type, SPV_OTHER);
  ck_assert_int_eq(lit("-1", X(negativeInteger)).type, SPV_INTEGER);
  ck_assert_int_eq(lit("1", X(nonPositiveInteger)).type, SPV_OTHER);
  ck_assert_int_eq(lit("3000000000", X(int)).type, SPV_OTHER);
  ck_assert_int_eq(lit("4294967295", X(unsignedInt)).type, SPV_INTEGER);
  ck_assert_int_eq(lit("65536", X(unsignedShort)).type, SPV_OTHER);
  ck_assert_int_eq(lit("256", X(unsignedByte)).type, SPV_OTHER);
  ck_assert_int_eq(lit("9223372036854775808", X(long)).type, SPV_OTHER);
  /* beyond int64: still an integer, held as a decimal */
  v = lit("18446744073709551615", X(unsignedLong));
  ck_assert_int_eq(v.type, SPV_DECIMAL);
  ck_assert_int_eq(v.v.dec.integer, 1);
  ck_assert_int_eq(lit("18446744073709551616", X(unsignedLong)).type, SPV_OTHER);
  v = integer("123456789012345678901234567890123456789012345");
  ck_assert_int_eq(v.type, SPV_DECIMAL);
  ck_assert_int_eq(v.v.dec.exact, 0);

  v = dec("1.50");
  ck_assert_int_eq(v.type, SPV_DECIMAL);
  ck_assert(v.v.dec.digits == 15 && v.v.dec.scale == 1);
  ck_assert_int_eq(dec(".5").type, SPV_DECIMAL);
  ck_assert_int_eq(dec("5.").type, SPV_DECIMAL);
  ck_assert_int_eq(dec(".").type, SPV_OTHER);
  ck_assert_int_eq(dec("1e2").type, SPV_OTHER);

  ck_assert(dbl("1.5e2").v.d == 150.0);
  ck_assert(dbl("INF").v.d == INFINITY);
  ck_assert(dbl("-INF").v.d == -INFINITY);
  ck_assert(isnan(dbl("NaN").v.d));
  ck_assert_int_eq(dbl("nan").type, SPV_OTHER);
  ck_assert_int_eq(dbl("inf").type, SPV_OTHER);
  ck_assert_int_eq(dbl("0x10").type, SPV_OTHER);
  ck_assert_int_eq(dbl("1e").type, SPV_OTHER);
  ck_assert_int_eq(dbl("1.").type, SPV_DOUBLE);
  ck_assert(flt("0.1").v.d == (double)0.1f);
}
END_TEST

START_TEST(parse_other_types) {
  ck_assert_int_eq(lit("true", X(boolean)).v.i, 1);
  ck_assert_int_eq(lit("0", X(boolean)).v.i, 0);
  ck_assert_int_eq(lit("yes", X(boolean)).type, SPV_OTHER);
  ck_assert_int_eq(lit("TRUE", X(boolean)).type, SPV_OTHER);

  sp_val v = lit("2010-12-21T15:38:02.5-08:00", X(dateTime));
  ck_assert_int_eq(v.type, SPV_DATETIME);
  ck_assert_int_eq(v.v.dt.year, 2010);
  ck_assert_int_eq(v.v.dt.hour, 15);
  ck_assert_int_eq(v.v.dt.sec_micro, 2500000);
  ck_assert_int_eq(v.v.dt.tz_minutes, -480);
  v = lit("1999-12-31T24:00:00", X(dateTime)); /* end of day */
  ck_assert_int_eq(v.v.dt.year, 2000);
  ck_assert_int_eq(v.v.dt.day, 1);
  ck_assert_int_eq(v.v.dt.has_tz, 0);
  ck_assert_int_eq(lit("2005-02-29T00:00:00", X(dateTime)).type, SPV_OTHER);
  ck_assert_int_eq(lit("2004-02-29T00:00:00", X(dateTime)).type, SPV_DATETIME);
  ck_assert_int_eq(lit("2004-02-29T24:00:01", X(dateTime)).type, SPV_OTHER);
  ck_assert_int_eq(lit("2004-02-29T10:00:00+15:00", X(dateTime)).type, SPV_OTHER);
  ck_assert_int_eq(lit("-0044-03-15T12:00:00Z", X(dateTime)).type, SPV_DATETIME);
  ck_assert_int_eq(lit("02004-01-01T00:00:00", X(dateTime)).type, SPV_OTHER);
  ck_assert_int_eq(lit("999999999999-12-31T00:00:00", X(dateTime)).type, SPV_DATETIME);
  ck_assert_int_eq(lit("99999999999999999999999999999-01-01", X(date)).type, SPV_OTHER);
  ck_assert_int_eq(lit("2006-08-23", X(date)).type, SPV_DATE);
  ck_assert_int_eq(lit("2006-08-23+00:00", X(date)).v.dt.has_tz, 1);
  ck_assert_int_eq(lit("2006-08-23T00:00:00", X(date)).type, SPV_OTHER);
  ck_assert_int_eq(lit("13:20:00", X(time)).type, SPV_TIME);
  ck_assert_int_eq(lit("2006-08-23T09:00:00", X(dateTimeStamp)).type, SPV_OTHER);

  v = lit("P1Y2M3DT4H5M6.5S", X(duration));
  ck_assert_int_eq(v.type, SPV_DURATION);
  ck_assert_int_eq(v.v.dur.months, 14);
  ck_assert_int_eq(v.v.dur.micros, ((3 * 24 + 4) * 60 + 5) * 60000000LL + 6500000);
  ck_assert_int_eq(lit("-PT8H", X(dayTimeDuration)).v.dur.micros, -8 * 3600000000LL);
  ck_assert_int_eq(lit("P1Y", X(dayTimeDuration)).type, SPV_OTHER);
  ck_assert_int_eq(lit("P0Y1D", X(dayTimeDuration)).type, SPV_OTHER);
  ck_assert_int_eq(lit("P1D", X(yearMonthDuration)).type, SPV_OTHER);
  ck_assert_int_eq(lit("P", X(duration)).type, SPV_OTHER);
  ck_assert_int_eq(lit("P1DT", X(duration)).type, SPV_OTHER);
  ck_assert_int_eq(lit("PT1M1H", X(duration)).type, SPV_OTHER);

  ck_assert_int_eq(str("a").type, SPV_STRING);
  ck_assert_ptr_null(str("a").dt);
  ck_assert_int_eq(xstr("a").type, SPV_STRING);
  ck_assert_int_eq(lng("a", "en").type, SPV_LANG);
  ck_assert_int_eq(lit("a", "http://example/unknown").type, SPV_OTHER);
  ck_assert_int_eq(iri("http://x/").type, SPV_IRI);
  ck_assert_int_eq(bnode("b0").type, SPV_BNODE);
  kg_term none = {KG_TERM_NONE, NULL, 0, NULL, NULL};
  ck_assert_int_eq(sp_val_from_term(&none).type, SPV_ERROR);
}
END_TEST

START_TEST(term_round_trip) {
  kg_term in[] = {
      {KG_TERM_IRI, "http://x/", 9, NULL, NULL},
      {KG_TERM_BLANK, "b1", 2, NULL, NULL},
      {KG_TERM_LITERAL, "chat", 4, NULL, "fr"},
      {KG_TERM_LITERAL, "01", 2, X(integer), NULL},
      {KG_TERM_LITERAL, "x", 1, "http://example/t", NULL},
      {KG_TERM_LITERAL, "plain", 5, NULL, NULL},
  };
  for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
    sp_val v = sp_val_from_term(&in[i]);
    kg_term t = sp_val_to_term(&v);
    ck_assert_int_eq(t.kind, in[i].kind);
    ck_assert_int_eq(t.len, in[i].len);
    ck_assert(memcmp(t.value, in[i].value, t.len) == 0);
    ck_assert(!t.lang == !in[i].lang);
    ck_assert(!t.datatype == !in[i].datatype);
    if (t.datatype) ck_assert_str_eq(t.datatype, in[i].datatype);
  }
  sp_val e = sp_val_error();
  ck_assert_int_eq(sp_val_to_term(&e).kind, KG_TERM_NONE);
}
END_TEST

START_TEST(canonical_forms) {
  struct { sp_val v; const char *want; } t[] = {
      {integer("+01"), "1"},      {integer("-0"), "0"},
      {dec("1.50"), "1.5"},       {dec("1"), "1.0"},
      {dec("-0.0"), "0.0"},       {dec("+.5"), "0.5"},
      {dec("0.000001"), "0.000001"},
      {dbl("100"), "1.0E2"},      {dbl("0.001"), "1.0E-3"},
      {dbl("1.5e2"), "1.5E2"},    {dbl("-0"), "-0.0E0"},
      {dbl("0"), "0.0E0"},        {dbl("+INF"), "INF"},
      {dbl("1e0"), "1.0E0"},      {flt("0.1"), "1.0E-1"},
      {flt("16777217"), "1.6777216E7"},
      {dbl("123456789012345678"), "1.2345678901234568E17"},
      {lit("1", X(boolean)), "true"},
      {lit("2002-10-10T17:00:00.500Z", X(dateTime)), "2002-10-10T17:00:00.5Z"},
      {lit("2002-10-10T17:00:00+00:00", X(dateTime)), "2002-10-10T17:00:00Z"},
      {lit("2002-10-10-05:00", X(date)), "2002-10-10-05:00"},
      {lit("P0Y", X(duration)), "PT0S"},
      {lit("PT36H", X(dayTimeDuration)), "P1DT12H"},
      {lit("P13M", X(yearMonthDuration)), "P1Y1M"},
      {str("as is"), "as is"},
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    size_t len;
    const char *s = sp_val_lexical(&C, &t[i].v, &len);
    ck_assert_msg(len == strlen(t[i].want) && memcmp(s, t[i].want, len) == 0,
                  "case %zu: got %.*s wanted %s", i, (int)len, s, t[i].want);
  }
}
END_TEST


START_TEST(constructors) {
  LIT(sp_val_int(&C, -42), "-42", X(integer));
  LIT(sp_val_int(&C, INT64_MIN), "-9223372036854775808", X(integer));
  LIT(sp_val_double(&C, 0.1), "1.0E-1", X(double));
  LIT(sp_val_double(&C, -INFINITY), "-INF", X(double));
  LIT(sp_val_bool(1), "true", X(boolean));
  LIT(sp_val_bool(0), "false", X(boolean));
  char buf[16];
  strcpy(buf, "copied");
  sp_val v = sp_val_string(&C, buf, 6, 1);
  strcpy(buf, "XXXXXX");
  LIT(v, "copied", NULL);
  strcpy(buf, "chat");
  v = sp_val_lang(&C, buf, 4, "fr", 1);
  buf[0] = 'X';
  LANGLIT(v, "chat", "fr");
  LIT(sp_val_lang(&C, "x", 1, NULL, 0), "x", NULL);
  v = sp_val_typed(&C, "0012", 4, X(integer), 1);
  LIT(v, "0012", X(integer));
  ck_assert_int_eq(v.v.i, 12);
  v = sp_val_typed(&C, "x", 1, "http://example/t", 1);
  LIT(v, "x", "http://example/t");
  ck_assert_int_eq(v.type, SPV_OTHER);
  LIT(sp_val_typed(&C, "x", 1, NULL, 0), "x", NULL);
  v = sp_val_iri(&C, "http://x/", 9, 1);
  ck_assert_int_eq(v.type, SPV_IRI);
  ck_assert_str_eq(lexof(&v), "http://x/");
  /* without an arena computed values are errors, not crashes */
  sp_fctx none;
  memset(&none, 0, sizeof none);
  ck_assert_int_eq(sp_val_int(&none, 1).type, SPV_ERROR);
  ck_assert_int_eq(sp_val_string(&none, "a", 1, 1).type, SPV_ERROR);
  ck_assert_int_eq(sp_val_string(&none, "a", 1, 0).type, SPV_STRING);
  /* canonical form of a decimal beyond 38 digits (approximate) */
  v = dec("123456789012345678901234567890123456789.5");
  size_t len;
  const char *lex = sp_val_lexical(&C, &v, &len);
  ck_assert_int_eq(v.v.dec.exact, 0);
  ck_assert(len > 39 && strncmp(lex, "1234567890123456", 16) == 0);
}
END_TEST

/* ------------------------------------------------------- equality etc. */

START_TEST(equality) {
  sp_val a = integer("1"), b = integer("01");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  b = dec("1.0");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  b = dbl("1.0e0");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  b = flt("1");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  b = integer("2");
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
  /* a simple literal is an xsd:string */
  a = str("a"), b = xstr("a");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  /* different value spaces are unequal, not an error */
  b = lng("a", "en");
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
  a = lng("xyz", "en"), b = lng("xyz", "EN");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  a = integer("1"), b = str("1");
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
  a = integer("1"), b = lit("true", X(boolean));
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
  /* unknown datatypes: equal when the same term, else a type error */
  a = lit("a", "http://example/unknown"), b = lit("b", "http://example/unknown");
  ck_assert_int_eq(sp_val_equal(&a, &b), -1);
  ck_assert_int_eq(sp_val_same_term(&a, &b), 0);
  b = lit("a", "http://example/unknown");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  b = str("a");
  ck_assert_int_eq(sp_val_equal(&a, &b), -1);
  b = lng("a", "en"); /* a tagged string never equals it */
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
  b = iri("http://example/a");
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
  /* ill-typed literals behave like unknown ones */
  a = integer("xyz"), b = str("xyz");
  ck_assert_int_eq(sp_val_equal(&a, &b), -1);
  b = integer("xyz");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  /* booleans */
  a = lit("0", X(boolean)), b = lit("false", X(boolean));
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  /* IRIs and blank nodes */
  a = iri("http://x/"), b = iri("http://x/");
  ck_assert_int_eq(sp_val_equal(&a, &b), 1);
  b = bnode("http://x/");
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
  /* NaN is not equal to itself */
  a = dbl("NaN");
  ck_assert_int_eq(sp_val_equal(&a, &a), 0);
  b = sp_val_error();
  ck_assert_int_eq(sp_val_equal(&a, &b), -1);
}
END_TEST

START_TEST(equality_datetime) {
  /* from sparql10/expr-equals/data-eq-dateTime.ttl */
  struct { const char *l, *r; int want; } t[] = {
      {"2008-04-01T00:00:00Z", "2008-04-01T00:00:00Z", 1},
      {"2002-04-02T12:00:00", "2002-04-02T12:00:00", 1},
      {"2002-04-02T23:00:00-04:00", "2002-04-03T02:00:00-01:00", 1},
      {"2002-04-02T23:00:00", "2002-04-02T23:00:00+06:00", -1},
      {"1999-12-31T24:00:00", "2000-01-01T00:00:00", 1},
      {"2005-04-04T24:00:00", "2005-04-04T00:00:00", 0},
      {"2008-04-01T00:00:00.00Z", "2008-04-01T00:00:00Z", 1},
      {"2008-10-03T00:00:00Z", "2008-10-01T00:00:00", 0}, /* determinate */
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    sp_val a = lit(t[i].l, X(dateTime)), b = lit(t[i].r, X(dateTime));
    ck_assert_msg(sp_val_equal(&a, &b) == t[i].want, "case %zu", i);
  }
  /* dates (open-world/date-2, date-3) */
  sp_val d = lit("2006-08-23", X(date)), z = lit("2006-08-23Z", X(date));
  ck_assert_int_eq(sp_val_equal(&z, &d), -1);
  sp_val d22 = lit("2006-08-22", X(date));
  ck_assert_int_eq(sp_val_compare(&z, &d22), 1);
  sp_val dt = lit("2006-08-23T09:00:00+01:00", X(dateTime));
  ck_assert_int_eq(sp_val_equal(&dt, &d), 0);
  ck_assert_int_eq(sp_val_compare(&dt, &d22), 2);
}
END_TEST

START_TEST(comparison) {
  sp_val a = str("abc"), b = str("abd");
  ck_assert_int_eq(sp_val_compare(&a, &b), -1);
  b = xstr("abc");
  ck_assert_int_eq(sp_val_compare(&a, &b), 0);
  a = str("z"), b = str("é"); /* code point order */
  ck_assert_int_eq(sp_val_compare(&a, &b), -1);
  a = integer("2"), b = dec("10.5");
  ck_assert_int_eq(sp_val_compare(&a, &b), -1);
  a = dbl("1e300"), b = integer("170141183460469231731687303715884105727");
  ck_assert_int_eq(sp_val_compare(&a, &b), 1);
  a = dec("0.1"), b = dbl("0.1");
  ck_assert_int_eq(sp_val_compare(&a, &b), 0);
  a = dbl("NaN"), b = integer("1");
  ck_assert_int_eq(sp_val_compare(&a, &b), 2);
  a = integer("1"), b = str("1");
  ck_assert_int_eq(sp_val_compare(&a, &b), 2);
  a = lng("a", "en"), b = lng("b", "en");
  ck_assert_int_eq(sp_val_compare(&a, &b), 2);
  a = iri("http://a/"), b = iri("http://b/");
  ck_assert_int_eq(sp_val_compare(&a, &b), 2);
  a = lit("false", X(boolean)), b = lit("1", X(boolean));
  ck_assert_int_eq(sp_val_compare(&a, &b), -1);
  /* dateTimes with and without zone (expr-ops/data-dateTime.ttl) */
  a = lit("2008-10-03T00:00:00Z", X(dateTime));
  b = lit("2008-10-01T00:00:00", X(dateTime));
  ck_assert_int_eq(sp_val_compare(&a, &b), 1);
  a = lit("2008-10-01T10:00:00Z", X(dateTime));
  b = lit("2008-10-01T00:00:00", X(dateTime));
  ck_assert_int_eq(sp_val_compare(&a, &b), 2); /* within 14 hours */
  a = lit("12:00:00", X(time)), b = lit("13:00:00", X(time));
  ck_assert_int_eq(sp_val_compare(&a, &b), -1);
  a = lit("PT1H", X(dayTimeDuration)), b = lit("PT59M", X(dayTimeDuration));
  ck_assert_int_eq(sp_val_compare(&a, &b), 1);
  a = lit("P1M", X(duration)), b = lit("P30D", X(duration));
  ck_assert_int_eq(sp_val_compare(&a, &b), 2);
  ck_assert_int_eq(sp_val_equal(&a, &b), 0);
}
END_TEST

START_TEST(ebv) {
  sp_val t[] = {str(""), str("a"), lng("", "en"), integer("0"), integer("2"),
                dec("0.0"), dbl("NaN"), dbl("-0"), flt("0.1"),
                lit("false", X(boolean)), lit("true", X(boolean)),
                integer("xyz"), lit("maybe", X(boolean)),
                lit("x", "http://example/t"), iri("http://x/"), bnode("b"),
                lit("2001-01-01", X(date)), sp_val_error()};
  int want[] = {0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, -1, -1, -1, -1, -1};
  for (size_t i = 0; i < sizeof t / sizeof *t; i++)
    ck_assert_msg(sp_val_ebv(&t[i]) == want[i], "case %zu: %d", i,
                  sp_val_ebv(&t[i]));
}
END_TEST

START_TEST(same_term) {
  sp_val a = integer("1"), b = integer("01");
  ck_assert_int_eq(sp_val_same_term(&a, &b), 0);
  b = integer("1");
  ck_assert_int_eq(sp_val_same_term(&a, &b), 1);
  b = dec("1");
  ck_assert_int_eq(sp_val_same_term(&a, &b), 0);
  a = str("xyz"), b = xstr("xyz"); /* RDF 1.1: the same term */
  ck_assert_int_eq(sp_val_same_term(&a, &b), 1);
  a = lng("a", "en"), b = lng("a", "EN");
  ck_assert_int_eq(sp_val_same_term(&a, &b), 1);
  b = str("a");
  ck_assert_int_eq(sp_val_same_term(&a, &b), 0);
  a = iri("x"), b = str("x");
  ck_assert_int_eq(sp_val_same_term(&a, &b), 0);
  a = bnode("x"), b = iri("x");
  ck_assert_int_eq(sp_val_same_term(&a, &b), 0);
}
END_TEST

START_TEST(order_by) {
  /* in the order the total order must give */
  sp_val t[] = {bnode("a"),        bnode("b"),
                iri("http://a/"),  iri("http://b/"),
                dbl("NaN"),        dbl("-INF"),
                integer("-5"),     integer("1"),
                dec("1.0"),        dbl("1"),
                dec("1.5"),        integer("2"),
                lit("false", X(boolean)), lit("true", X(boolean)),
                lit("2001-01-01T00:00:00Z", X(dateTime)),
                lit("2002-01-01T00:00:00", X(dateTime)),
                str("a"),          xstr("a"),
                str("b"),          lng("a", "de"),
                lng("a", "en"),    lit("a", "http://example/t"),
                integer("zzz")};
  size_t n = sizeof t / sizeof *t;
  ck_assert_int_eq(sp_val_order(NULL, &t[0]), -1);
  ck_assert_int_eq(sp_val_order(NULL, NULL), 0);
  for (size_t i = 0; i < n; i++) {
    ck_assert_int_eq(sp_val_order(&t[i], &t[i]), 0);
    for (size_t j = i + 1; j < n; j++) {
      ck_assert_msg(sp_val_order(&t[i], &t[j]) < 0, "%zu < %zu", i, j);
      ck_assert_msg(sp_val_order(&t[j], &t[i]) > 0, "%zu > %zu", j, i);
    }
  }
}
END_TEST

/* ---------------------------------------------------------- arithmetic */

static sp_val op(sp_expr_op o, sp_val a, sp_val b) {
  return sp_val_arith(&C, o, &a, &b);
}

START_TEST(arithmetic) {
  LIT(op(SP_E_ADD, integer("1"), integer("2")), "3", X(integer));
  LIT(op(SP_E_SUB, integer("1"), integer("2")), "-1", X(integer));
  LIT(op(SP_E_MUL, integer("3"), integer("3")), "9", X(integer));
  LIT(op(SP_E_DIV, integer("1"), integer("2")), "0.5", X(decimal));
  LIT(op(SP_E_DIV, integer("3"), integer("3")), "1.0", X(decimal));
  LIT(op(SP_E_DIV, integer("1"), integer("3")), "0.333333333333333333333333",
      X(decimal));
  LIT(op(SP_E_DIV, integer("2"), integer("3")), "0.666666666666666666666667",
      X(decimal));
  LIT(op(SP_E_ADD, integer("1"), dec("1.0")), "2.0", X(decimal));
  LIT(op(SP_E_MUL, dec("2.5"), dec("0.4")), "1.0", X(decimal));
  LIT(op(SP_E_SUB, dec("0.3"), dec("0.1")), "0.2", X(decimal));
  LIT(op(SP_E_ADD, dec("1.1"), dbl("1")), "2.1E0", X(double));
  LIT(op(SP_E_ADD, integer("1"), dbl("1e0")), "2.0E0", X(double));
  LIT(op(SP_E_MUL, dbl("1.5"), integer("100")), "1.5E2", X(double));
  LIT(op(SP_E_ADD, flt("1"), integer("1")), "2.0E0", X(float));
  LIT(op(SP_E_ADD, flt("0.1"), flt("0.2")), "3.0E-1", X(float));
  LIT(op(SP_E_ADD, flt("1"), dbl("1")), "2.0E0", X(double));
  LIT(op(SP_E_DIV, dec("1"), dec("8")), "0.125", X(decimal));
  LIT(op(SP_E_DIV, dec("10"), dec("0.01")), "1000.0", X(decimal));
  /* division by zero */
  ERR(op(SP_E_DIV, integer("1"), integer("0")));
  ERR(op(SP_E_DIV, dec("1.5"), dec("0.0")));
  LIT(op(SP_E_DIV, dbl("1"), integer("0")), "INF", X(double));
  LIT(op(SP_E_DIV, dbl("-1"), integer("0")), "-INF", X(double));
  LIT(op(SP_E_DIV, dbl("0"), dbl("0")), "NaN", X(double));
  LIT(op(SP_E_DIV, flt("1"), flt("0")), "INF", X(float));
  /* type errors */
  ERR(op(SP_E_ADD, integer("1"), str("1")));
  ERR(op(SP_E_ADD, integer("xyz"), integer("1")));
  ERR(op(SP_E_ADD, iri("http://x/"), integer("1")));
  ERR(op(SP_E_ADD, sp_val_error(), integer("1")));
  /* the ASK of expr-ops/query-add-literals */
  sp_val s = op(SP_E_ADD, integer("+1"), integer("-1"));
  s = op(SP_E_ADD, s, dec("+2.0"));
  s = op(SP_E_ADD, s, dec("-2.0"));
  s = op(SP_E_ADD, s, dbl("+3e0"));
  s = op(SP_E_ADD, s, dbl("-3e0"));
  sp_val zero = integer("0");
  ck_assert_int_eq(sp_val_equal(&s, &zero), 1);
}
END_TEST

START_TEST(overflow) {
  /* int64 overflow promotes to a big integer, still xsd:integer */
  sp_val v = op(SP_E_ADD, integer("9223372036854775807"), integer("1"));
  LIT(v, "9223372036854775808", X(integer));
  ck_assert_int_eq(v.type, SPV_DECIMAL);
  LIT(op(SP_E_SUB, v, integer("1")), "9223372036854775807", X(integer));
  LIT(op(SP_E_MUL, integer("9223372036854775807"), integer("9223372036854775807")),
      "85070591730234615847396907784232501249", X(integer));
  LIT(op(SP_E_SUB, integer("-9223372036854775808"), integer("1")),
      "-9223372036854775809", X(integer));
  sp_val m = integer("-9223372036854775808");
  LIT(sp_val_negate(&C, &m), "9223372036854775808", X(integer));
  /* beyond 38 digits an integer result is an error */
  sp_val big = integer("100000000000000000000000000000000000000");
  ERR(op(SP_E_MUL, big, integer("10")));
  ERR(op(SP_E_MUL, big, big));
  /* big integers from the store still compare and promote */
  sp_val u = lit("18446744073709551615", X(unsignedLong));
  LIT(op(SP_E_ADD, u, integer("1")), "18446744073709551616", X(integer));
  LIT(op(SP_E_DIV, u, integer("5")), "3689348814741910323.0", X(decimal));
  sp_val one = integer("1");
  ck_assert_int_eq(sp_val_compare(&u, &one), 1);
  /* decimals beyond 38 digits carry on approximately */
  v = op(SP_E_MUL, dec("100000000000000000000000000000.5"),
         dec("100000000000000000000000000000"));
  ck_assert_int_eq(v.type, SPV_DECIMAL);
  ck_assert_int_eq(v.v.dec.exact, 0);
  ck_assert_str_eq(v.dt, X(decimal));
  ck_assert(fabs(v.v.dec.d - 1e58) < 1e43);
}
END_TEST

START_TEST(unary) {
  sp_val v = integer("5");
  LIT(sp_val_negate(&C, &v), "-5", X(integer));
  v = dec("-1.50");
  LIT(sp_val_negate(&C, &v), "1.5", X(decimal));
  v = dbl("0");
  LIT(sp_val_negate(&C, &v), "-0.0E0", X(double));
  v = lit("7", X(short));
  LIT(sp_val_unary_plus(&C, &v), "7", X(integer));
  v = str("1");
  ERR(sp_val_negate(&C, &v));
  ERR(sp_val_unary_plus(&C, &v));
}
END_TEST

/* sparql10/type-promotion: the datatype of l + r. */
START_TEST(type_promotion) {
  struct { const char *l, *r, *want; } t[] = {
      {X(byte), X(short), X(integer)},
      {X(short), X(short), X(integer)},
      {X(int), X(short), X(integer)},
      {X(long), X(short), X(integer)},
      {X(unsignedLong), X(short), X(integer)},
      {X(unsignedByte), X(short), X(integer)},
      {X(positiveInteger), X(short), X(integer)},
      {X(nonNegativeInteger), X(short), X(integer)},
      {X(short), X(decimal), X(decimal)},
      {X(short), X(float), X(float)},
      {X(short), X(double), X(double)},
      {X(decimal), X(decimal), X(decimal)},
      {X(float), X(decimal), X(float)},
      {X(double), X(decimal), X(double)},
      {X(double), X(float), X(double)},
      {X(float), X(float), X(float)},
      {X(double), X(double), X(double)},
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    sp_val v = op(SP_E_ADD, lit("1", t[i].l), lit("1", t[i].r));
    ck_assert_msg(v.type != SPV_ERROR && strcmp(v.dt, t[i].want) == 0,
                  "case %zu: %s", i, v.dt ? v.dt : "error");
  }
  sp_val v = op(SP_E_ADD, lit("-1", X(negativeInteger)), lit("-1", X(nonPositiveInteger)));
  LIT(v, "-2", X(integer));
}
END_TEST

/* ---------------------------------------------------------------- casts */

static sp_val cast(const char *local, sp_val v) {
  char iri[128];
  snprintf(iri, sizeof iri, XSD "%s", local);
  int known = -1;
  sp_val r = sp_call_iri(&C, iri, &v, 1, &known);
  ck_assert_int_eq(known, 1);
  return r;
}

/* The cast suite (sparql11/cast) over its data. */
START_TEST(casts_w3c) {
  sp_val z = iri("http://example.org/z");
  LIT(cast("string", z), "http://example.org/z", X(string));
  ERR(cast("integer", z));
  ERR(cast("boolean", z));
  ERR(cast("dateTime", z));

  struct { const char *s; const char *b, *i, *d, *f, *db; } t[] = {
      /* string   boolean  integer decimal  float          double */
      {"string", 0, 0, 0, 0, 0},
      {"-10.2E3", 0, 0, 0, "-1.02E4", "-1.02E4"},
      {"+33.3300", 0, 0, "33.33", "3.333E1", "3.333E1"},
      {"0.0", 0, 0, "0.0", "0.0E0", "0.0E0"},
      {"0", "false", "0", "0.0", "0.0E0", "0.0E0"},
      {"0E1", 0, 0, 0, "0.0E0", "0.0E0"},
      {"1.5", 0, 0, "1.5", "1.5E0", "1.5E0"},
      {"1", "true", "1", "1.0", "1.0E0", "1.0E0"},
      {"1E0", 0, 0, 0, "1.0E0", "1.0E0"},
      {"13", 0, "13", "13.0", "1.3E1", "1.3E1"},
      {"2002-10-10T17:00:00Z", 0, 0, 0, 0, 0},
      {"false", "false", 0, 0, 0, 0},
      {"true", "true", 0, 0, 0, 0},
  };
  for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
    sp_val v = str(t[k].s);
    LIT(cast("string", v), t[k].s, X(string));
    const char *want[] = {t[k].b, t[k].i, t[k].d, t[k].f, t[k].db};
    const char *to[] = {"boolean", "integer", "decimal", "float", "double"};
    for (int j = 0; j < 5; j++) {
      char dt[64];
      snprintf(dt, sizeof dt, XSD "%s", to[j]);
      sp_val r = cast(to[j], v);
      if (want[j])
        check_lit(r, want[j], dt, NULL, (int)(k * 10 + (size_t)j));
      else
        ck_assert_msg(r.type == SPV_ERROR, "%s to %s", t[k].s, to[j]);
    }
  }
  LIT(cast("dateTime", str("2002-10-10T17:00:00Z")), "2002-10-10T17:00:00Z",
      X(dateTime));
  ERR(cast("dateTime", str("2002-10-10")));

  struct { sp_val v; const char *b, *i, *d, *f, *db, *s; } n[] = {
      {lit("true", X(boolean)), "true", "1", "1.0", "1.0E0", "1.0E0", "true"},
      {lit("false", X(boolean)), "false", "0", "0.0", "0.0E0", "0.0E0", "false"},
      {lit("0", X(boolean)), "false", "0", "0.0", "0.0E0", "0.0E0", "false"},
      {integer("0"), "false", "0", "0.0", "0.0E0", "0.0E0", "0"},
      {integer("1"), "true", "1", "1.0", "1.0E0", "1.0E0", "1"},
      {integer("-1"), "true", "-1", "-1.0", "-1.0E0", "-1.0E0", "-1"},
      {dec("0.0"), "false", "0", "0.0", "0.0E0", "0.0E0", "0"},
      {dec("1.0"), "true", "1", "1.0", "1.0E0", "1.0E0", "1"},
      {dec("-1.0"), "true", "-1", "-1.0", "-1.0E0", "-1.0E0", "-1"},
      {dbl("0E1"), "false", "0", "0.0", "0.0E0", "0.0E0", "0"},
      {dbl("1E0"), "true", "1", "1.0", "1.0E0", "1.0E0", "1"},
      {flt("0E1"), "false", "0", "0.0", "0.0E0", "0.0E0", "0"},
      {flt("1E0"), "true", "1", "1.0", "1.0E0", "1.0E0", "1"},
      {flt("1.25"), "true", "1", "1.25", "1.25E0", "1.25E0", "1.25"},
      {flt("-7.875"), "true", "-7", "-7.875", "-7.875E0", "-7.875E0", "-7.875"},
      {dec("2.5"), "true", "2", "2.5", "2.5E0", "2.5E0", "2.5"},
      {dec("-2.5"), "true", "-2", "-2.5", "-2.5E0", "-2.5E0", "-2.5"},
  };
  for (size_t k = 0; k < sizeof n / sizeof *n; k++) {
    const char *want[] = {n[k].b, n[k].i, n[k].d, n[k].f, n[k].db, n[k].s};
    const char *to[] = {"boolean", "integer", "decimal", "float", "double", "string"};
    for (int j = 0; j < 6; j++) {
      char dt[64];
      snprintf(dt, sizeof dt, XSD "%s", to[j]);
      check_lit(cast(to[j], n[k].v), want[j], dt, NULL, (int)(1000 + k * 10 + (size_t)j));
    }
    ERR(cast("dateTime", n[k].v));
  }
}
END_TEST

START_TEST(casts_more) {
  /* XPath casting to xs:string of floats and doubles */
  LIT(cast("string", dbl("1e6")), "1.0E6", X(string));
  LIT(cast("string", dbl("123456.5")), "123456.5", X(string));
  LIT(cast("string", dbl("0.000001")), "0.000001", X(string));
  LIT(cast("string", dbl("1e-7")), "1.0E-7", X(string));
  LIT(cast("string", dbl("-INF")), "-INF", X(string));
  LIT(cast("string", dbl("NaN")), "NaN", X(string));
  LIT(cast("string", flt("0.1")), "0.1", X(string));
  LIT(cast("string", lit("2002-10-10T17:00:00+00:00", X(dateTime))),
      "2002-10-10T17:00:00Z", X(string));
  /* NaN and INF have no integer or decimal value */
  ERR(cast("integer", dbl("NaN")));
  ERR(cast("integer", dbl("INF")));
  ERR(cast("decimal", flt("-INF")));
  LIT(cast("boolean", dbl("NaN")), "false", X(boolean));
  LIT(cast("double", str("INF")), "INF", X(double));
  LIT(cast("float", dbl("1e300")), "INF", X(float));
  LIT(cast("decimal", dbl("1e-3")), "0.001", X(decimal));
  LIT(cast("integer", dbl("1e20")), "100000000000000000000", X(integer));
  /* whitespace around a string is allowed, inside not */
  LIT(cast("integer", str(" 42\n")), "42", X(integer));
  ERR(cast("integer", str("4 2")));
  /* derived integer types check their range */
  LIT(cast("byte", integer("127")), "127", X(byte));
  ERR(cast("byte", integer("128")));
  LIT(cast("unsignedShort", dec("65535.9")), "65535", X(unsignedShort));
  ERR(cast("nonNegativeInteger", integer("-1")));
  LIT(cast("int", str("-2147483648")), "-2147483648", X(int));
  ERR(cast("int", str("2147483648")));
  /* other terms */
  ERR(cast("string", lng("chat", "fr")));
  ERR(cast("string", bnode("b")));
  ERR(cast("integer", lit("x", "http://example/t")));
  ERR(cast("integer", integer("xyz")));
  LIT(cast("integer", lit("0012", X(short))), "12", X(integer));
  LIT(cast("string", xstr("abc")), "abc", X(string));
  /* dates and times */
  LIT(cast("date", lit("2002-10-10T17:00:00-05:00", X(dateTime))),
      "2002-10-10-05:00", X(date));
  LIT(cast("time", lit("2002-10-10T17:00:00.25Z", X(dateTime))), "17:00:00.25Z",
      X(time));
  LIT(cast("dateTime", lit("2002-10-10", X(date))), "2002-10-10T00:00:00",
      X(dateTime));
  LIT(cast("dayTimeDuration", lit("P1Y2DT1H", X(duration))), "P2DT1H",
      X(dayTimeDuration));
  LIT(cast("yearMonthDuration", str("P14M")), "P1Y2M", X(yearMonthDuration));
  LIT(cast("yearMonthDuration", lit("-PT8H", X(dayTimeDuration))), "P0M",
      X(yearMonthDuration));
  /* unknown functions and arity */
  int known = -1;
  sp_val a = integer("1");
  ERR(sp_call_iri(&C, "http://example/f", &a, 1, &known));
  ck_assert_int_eq(known, 0);
  ERR(sp_call_iri(&C, XSD "integer", &a, 2, &known));
  ck_assert_int_eq(known, 1);
}
END_TEST

/* ----------------------------------------------------------- aggregates */

static sp_val agg(sp_agg_op o, int distinct, const char *sep, const sp_val *v,
                  int n) {
  sp_agg *g = sp_agg_new(o, distinct, sep);
  ck_assert_ptr_nonnull(g);
  for (int i = 0; i < n; i++) sp_agg_add(g, &C, &v[i]);
  sp_val r = sp_agg_result(g, &C);
  sp_agg_free(g);
  return r;
}

START_TEST(aggregates) {
  sp_val ints[] = {integer("1"), integer("2"), integer("3")};
  sp_val decs[] = {dec("1.0"), dec("2.2"), dec("3.5")};
  sp_val dbls[] = {dbl("1.0E2"), dbl("2.0E3"), dbl("3.0E4")};
  sp_val mixed1[] = {integer("1"), dec("2.2")};
  sp_val mixed2[] = {dbl("2E-1"), dec("0.2")}; /* agg-numeric2.ttl */
  LIT(agg(SP_AGG_SUM, 0, 0, ints, 3), "6", X(integer));
  LIT(agg(SP_AGG_SUM, 0, 0, decs, 3), "6.7", X(decimal));
  LIT(agg(SP_AGG_SUM, 0, 0, dbls, 3), "3.21E4", X(double));
  LIT(agg(SP_AGG_SUM, 0, 0, mixed1, 2), "3.2", X(decimal));
  LIT(agg(SP_AGG_SUM, 0, 0, mixed2, 2), "4.0E-1", X(double));
  LIT(agg(SP_AGG_AVG, 0, 0, decs, 3), "2.233333333333333333333333", X(decimal));
  LIT(agg(SP_AGG_AVG, 0, 0, ints, 3), "2.0", X(decimal));
  LIT(agg(SP_AGG_AVG, 0, 0, mixed1, 2), "1.6", X(decimal));
  LIT(agg(SP_AGG_MIN, 0, 0, decs, 3), "1.0", X(decimal));
  LIT(agg(SP_AGG_MAX, 0, 0, dbls, 3), "3.0E4", X(double));
  LIT(agg(SP_AGG_MAX, 0, 0, mixed1, 2), "2.2", X(decimal));
  LIT(agg(SP_AGG_AVG, 0, 0, mixed2, 2), "2.0E-1", X(double));
  LIT(agg(SP_AGG_COUNT, 0, 0, ints, 3), "3", X(integer));
  /* no rows */
  LIT(agg(SP_AGG_COUNT, 0, 0, NULL, 0), "0", X(integer));
  LIT(agg(SP_AGG_SUM, 0, 0, NULL, 0), "0", X(integer));
  LIT(agg(SP_AGG_AVG, 0, 0, NULL, 0), "0", X(integer));
  LIT(agg(SP_AGG_GROUP_CONCAT, 0, 0, NULL, 0), "", NULL);
  ERR(agg(SP_AGG_MIN, 0, 0, NULL, 0));
  ERR(agg(SP_AGG_MAX, 0, 0, NULL, 0));
  ERR(agg(SP_AGG_SAMPLE, 0, 0, NULL, 0));
  /* agg-err-01: a blank node in AVG is an error; MIN/MAX use ORDER BY */
  sp_val y[] = {integer("1"), bnode("b2"), integer("3"), integer("4")};
  ERR(agg(SP_AGG_AVG, 0, 0, y, 4));
  ERR(agg(SP_AGG_SUM, 0, 0, y, 4));
  sp_val mn = agg(SP_AGG_MIN, 0, 0, y, 4);
  ck_assert_int_eq(mn.type, SPV_BNODE);
  LIT(agg(SP_AGG_MAX, 0, 0, y, 4), "4", X(integer));
  sp_val x[] = {integer("1"), str("2"), integer("3"), integer("4")};
  ERR(agg(SP_AGG_AVG, 0, 0, x, 4));
  sp_val zz[] = {dec("1.0"), dec("2.0"), dec("3.0"), integer("4")};
  LIT(agg(SP_AGG_AVG, 0, 0, zz, 4), "2.5", X(decimal));
  /* errors and unbound values */
  sp_val e[] = {integer("1"), sp_val_error(), integer("3")};
  LIT(agg(SP_AGG_COUNT, 0, 0, e, 3), "2", X(integer));
  ERR(agg(SP_AGG_SUM, 0, 0, e, 3));
  ERR(agg(SP_AGG_GROUP_CONCAT, 0, 0, e, 3));
  LIT(agg(SP_AGG_MAX, 0, 0, e, 3), "3", X(integer));
  LIT(agg(SP_AGG_SAMPLE, 0, 0, e + 1, 2), "3", X(integer));
  /* GROUP_CONCAT */
  sp_val s[] = {str("1"), str("22")};
  LIT(agg(SP_AGG_GROUP_CONCAT, 0, NULL, s, 2), "1 22", NULL);
  LIT(agg(SP_AGG_GROUP_CONCAT, 0, ":", s, 2), "1:22", NULL);
  sp_val l[] = {lng("a", "en"), lng("b", "en")};
  LIT(agg(SP_AGG_GROUP_CONCAT, 0, ", ", l, 2), "a, b", NULL);
  sp_val num[] = {integer("1"), dec("2.5"), iri("http://x/")};
  LIT(agg(SP_AGG_GROUP_CONCAT, 0, "|", num, 3), "1|2.5|http://x/", NULL);
  sp_val bn[] = {bnode("b")};
  ERR(agg(SP_AGG_GROUP_CONCAT, 0, "|", bn, 1));
  /* DISTINCT by term: 1 and 01 differ, "a" and "a"^^xsd:string do not */
  sp_val d[] = {integer("1"), integer("1"), integer("01"), str("a"),
                xstr("a"), lng("a", "en"), lng("a", "EN"), iri("a"), bnode("a")};
  LIT(agg(SP_AGG_COUNT, 1, 0, d, 9), "6", X(integer));
  sp_val ds[] = {integer("1"), integer("1"), integer("2"), dec("2.0")};
  LIT(agg(SP_AGG_SUM, 1, 0, ds, 4), "5.0", X(decimal));
  LIT(agg(SP_AGG_SUM, 0, 0, ds, 4), "6.0", X(decimal));
  sp_val gc[] = {str("x"), str("y"), str("x")};
  LIT(agg(SP_AGG_GROUP_CONCAT, 1, 0, gc, 3), "x y", NULL);
  /* COUNT(*) */
  sp_agg *g = sp_agg_new(SP_AGG_COUNT, 0, NULL);
  sp_agg_add(g, &C, NULL);
  sp_agg_add(g, &C, NULL);
  LIT(sp_agg_result(g, &C), "2", X(integer));
  sp_agg_free(g);
  sp_agg_free(NULL);
}
END_TEST

/* Many distinct values: the set grows and stays correct. */
START_TEST(aggregate_distinct_many) {
  sp_agg *g = sp_agg_new(SP_AGG_COUNT, 1, NULL);
  char buf[32];
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < 1000; i++) {
      snprintf(buf, sizeof buf, "%d", i);
      sp_val v = integer(buf);
      sp_agg_add(g, &C, &v);
    }
  LIT(sp_agg_result(g, &C), "1000", X(integer));
  sp_agg_free(g);
}
END_TEST

/* Kept values survive the caller's strings. */
START_TEST(aggregate_copies) {
  sp_agg *g = sp_agg_new(SP_AGG_MAX, 0, NULL);
  char buf[8];
  strcpy(buf, "zz");
  sp_val v = str(buf);
  sp_agg_add(g, &C, &v);
  strcpy(buf, "aa");
  v = str(buf);
  sp_agg_add(g, &C, &v);
  LIT(sp_agg_result(g, &C), "zz", NULL);
  sp_agg_free(g);
}
END_TEST

static Suite *value_suite(void) {
  Suite *s = suite_create("value");
  TCase *t = tcase_create("core");
  tcase_add_checked_fixture(t, fctx_setup, fctx_teardown);
  tcase_add_test(t, parse_numbers);
  tcase_add_test(t, parse_other_types);
  tcase_add_test(t, term_round_trip);
  tcase_add_test(t, canonical_forms);
  tcase_add_test(t, constructors);
  tcase_add_test(t, equality);
  tcase_add_test(t, equality_datetime);
  tcase_add_test(t, comparison);
  tcase_add_test(t, ebv);
  tcase_add_test(t, same_term);
  tcase_add_test(t, order_by);
  tcase_add_test(t, arithmetic);
  tcase_add_test(t, overflow);
  tcase_add_test(t, unary);
  tcase_add_test(t, type_promotion);
  tcase_add_test(t, casts_w3c);
  tcase_add_test(t, casts_more);
  tcase_add_test(t, aggregates);
  tcase_add_test(t, aggregate_distinct_many);
  tcase_add_test(t, aggregate_copies);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(value_suite)
