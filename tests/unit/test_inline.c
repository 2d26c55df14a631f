/* test_inline.c - small numbers and dates kept in their ids
 * (store/inline.h): which literals are inlined and which are not, the
 * text they give back, their order, their values in the evaluator; the
 * dictionary's rule that a term an earlier kgsh stored as a record keeps
 * its record; and a store that writes no record for them. */
#include "testutil.h"

#include "civil.h"
#include "sparql/value/value.h"
#include "store/dict.h"
#include "store/inline.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

static kg_term typed(const char *lex, const char *dt) {
  return kg_literal(lex, dt, NULL);
}

/* Inlined, and its text is the text given. */
static kg_id inlined(const char *lex, const char *dt) {
  kg_term t = typed(lex, dt);
  kg_id id = inline_id(&t);
  ck_assert_msg(inline_is(id), "\"%s\"^^<%s> is not inlined", lex, dt);
  char buf[INLINE_TEXT];
  const char *back_dt = NULL;
  size_t n = inline_text(id, buf, &back_dt);
  ck_assert_msg(n == strlen(lex) && !strcmp(buf, lex),
                "\"%s\" comes back as \"%s\"", lex, buf);
  ck_assert_str_eq(back_dt, dt);
  return id;
}

static void not_inlined(const char *lex, const char *dt) {
  kg_term t = typed(lex, dt);
  ck_assert_msg(inline_id(&t) == 0, "\"%s\"^^<%s> is inlined", lex,
                dt ? dt : "");
}

START_TEST(integers) {
  const char *yes[] = {"0",         "5",          "-5",       "42",
                       "134217727", "-134217728", "100000000"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    inlined(yes[i], XSD "integer");
  const char *no[] = {"134217728", "-134217729", "05",  "+5",
                      "-0",        "",           "1.0", "abc",
                      " 5",        "5 ",         "-",   "99999999999999999999"};
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    not_inlined(no[i], XSD "integer");
  /* other integer types, other datatypes, strings: records */
  not_inlined("5", XSD "int");
  not_inlined("5", XSD "long");
  not_inlined("5", XSD "string");
  not_inlined("5", NULL);
  kg_term lang = kg_literal("5", NULL, "en");
  ck_assert_uint_eq(inline_id(&lang), 0);
  kg_term iri = kg_iri(XSD "integer");
  ck_assert_uint_eq(inline_id(&iri), 0);
  /* the value */
  kg_term t = typed("-123", XSD "integer");
  ck_assert_int_eq(inline_integer(inline_id(&t)), -123);
}
END_TEST

START_TEST(decimals) {
  const char *yes[] = {"2.50",  "-0.5",     "0.0",       "20",
                       "0",     "33554431", "-33554432", "33554.431",
                       "0.001", "-0.001",   "67.66",     "1.000"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    inlined(yes[i], XSD "decimal");
  const char *no[] = {"33554432", "-33554433", "-0.0", "-0",           ".5",
                      "5.",       "1.2345",    "+1.5", "05.5",         "1e5",
                      "1..5",     "",          "NaN",  "6336258580.03"};
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    not_inlined(no[i], XSD "decimal");
  /* "2.5" and "2.50" are two terms: two ids */
  kg_term a = typed("2.5", XSD "decimal"), b = typed("2.50", XSD "decimal");
  ck_assert_uint_ne(inline_id(&a), inline_id(&b));
  /* and an integer and a decimal of the same text are two terms */
  kg_term i = typed("20", XSD "integer"), d = typed("20", XSD "decimal");
  ck_assert_uint_ne(inline_id(&i), inline_id(&d));
  int scale;
  ck_assert_int_eq(inline_mantissa(inline_id(&b), &scale), 250);
  ck_assert_int_eq(scale, 2);
}
END_TEST

START_TEST(dates) {
  const char *yes[] = {"2023-11-29", "0001-01-01", "9999-12-31",
                       "2024-02-29", "2000-02-29", "1970-01-01"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    inlined(yes[i], XSD "date");
  const char *no[] = {"2023-02-29",
                      "1900-02-29",
                      "0000-01-01",
                      "2023-13-01",
                      "2023-00-10",
                      "2023-1-01",
                      "2023-11-29Z",
                      "2023-11-29+08:00",
                      "-2023-11-29",
                      "12023-01-01",
                      "2023-11-31",
                      "2023/11/29",
                      ""};
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    not_inlined(no[i], XSD "date");
  not_inlined("2023-11-29T00:00:00", XSD "dateTime");
  /* the first and the last day: payloads 0 and the day count between */
  kg_term first = typed("0001-01-01", XSD "date"),
          last = typed("9999-12-31", XSD "date");
  ck_assert_uint_eq(inline_id(&first), INLINE_TAG | 2u << 28);
  ck_assert_uint_eq(inline_id(&last) - inline_id(&first),
                    kg_days_from_civil(9999, 12, 31) -
                        kg_days_from_civil(1, 1, 1));
  char past[INLINE_TEXT];
  const char *pdt;
  ck_assert_uint_eq(inline_text(inline_id(&last) + 1, past, &pdt), 0);
  /* every day of 1899-2101 (leap years and centuries), every 97th of the
   * rest: text back, and the ids one apart in day order */
  kg_id prev = 0;
  for (int y = 1; y <= 9999; y++)
    for (int m = 1; m <= 12; m++)
      for (int d = 1; d <= 31; d++) {
        char lex[48];
        snprintf(lex, sizeof lex, "%04d-%02d-%02d", y, m, d);
        kg_term t = typed(lex, XSD "date");
        kg_id id = inline_id(&t);
        if (!id) {
          ck_assert_msg(d > 28, "%s not inlined", lex);
          continue;
        }
        if (prev) ck_assert_uint_eq(id, prev + 1);
        prev = id;
        if ((y < 1899 || y > 2101) && id % 97) continue;
        int yy, mm, dd;
        inline_date(id, &yy, &mm, &dd);
        ck_assert_msg(yy == y && mm == m && dd == d, "%s back as %d-%d-%d", lex,
                      yy, mm, dd);
        inlined(lex, XSD "date");
      }
}
END_TEST

/* Integers sort by value in id order; kinds do not mix. */
START_TEST(order) {
  kg_id prev = 0;
  for (long v = -134217728; v <= 134217727; v += 104729) {
    char lex[24];
    snprintf(lex, sizeof lex, "%ld", v);
    kg_term t = typed(lex, XSD "integer");
    kg_id id = inline_id(&t);
    ck_assert_uint_gt(id, prev);
    ck_assert_int_eq(inline_integer(id), v);
    inlined(lex, XSD "integer");
    prev = id;
  }
  kg_term i = typed("5", XSD "integer"), d = typed("5", XSD "decimal"),
          dt = typed("2020-01-01", XSD "date");
  ck_assert_int_eq(inline_kind(inline_id(&i)), INLINE_INTEGER);
  ck_assert_int_eq(inline_kind(inline_id(&d)), INLINE_DECIMAL);
  ck_assert_int_eq(inline_kind(inline_id(&dt)), INLINE_DATE);
  /* ids that are no literal give no text */
  char buf[INLINE_TEXT];
  const char *dtp;
  ck_assert_uint_eq(inline_text(INLINE_TAG | 3u << 28, buf, &dtp), 0);
  ck_assert_uint_eq(inline_text(INLINE_TAG | 2u << 28 | 0x0fffffffu, buf, &dtp),
                    0);
  ck_assert_uint_eq(inline_text(42, buf, &dtp), 0);
}
END_TEST

/* The evaluator's value of an inline id (made from the id) is the value
 * the text gives. */
static void same_value(const char *lex, const char *dt) {
  kg_term t = typed(lex, dt);
  kg_id id = inline_id(&t);
  sp_val want = sp_val_from_term(&t), got;
  int scale, y, m, d;
  switch (inline_kind(id)) {
  case INLINE_INTEGER:
    got = sp_val_known_integer(&t, inline_integer(id));
    break;
  case INLINE_DECIMAL: {
    int64_t mant = inline_mantissa(id, &scale);
    got = sp_val_known_decimal(&t, mant, scale);
    break;
  } break;
  default:
    inline_date(id, &y, &m, &d);
    got = sp_val_known_date(&t, y, m, d);
  }
  ck_assert_int_eq(got.type, want.type);
  ck_assert_str_eq(got.dt, want.dt);
  ck_assert(got.lex == want.lex && got.len == want.len);
  switch (want.type) {
  case SPV_INTEGER:
    ck_assert_int_eq(got.v.i, want.v.i);
    break;
  case SPV_DECIMAL:
    ck_assert_msg(got.v.dec.digits == want.v.dec.digits &&
                      got.v.dec.scale == want.v.dec.scale &&
                      got.v.dec.exact == want.v.dec.exact &&
                      got.v.dec.d == want.v.dec.d &&
                      got.v.dec.integer == want.v.dec.integer,
                  "decimal %s", lex);
    break;
  default:
    ck_assert(!memcmp(&got.v.dt, &want.v.dt, sizeof got.v.dt));
  }
  ck_assert_int_eq(sp_val_compare(&got, &want), 0);
}

START_TEST(values) {
  const char *ints[] = {"0", "7", "-7", "134217727", "-134217728"};
  const char *decs[] = {"2.50",  "-0.5",  "0.0",        "20",
                        "0.001", "1.000", "-33554.432", "67.66"};
  const char *dates[] = {"2023-11-29", "0001-01-01", "9999-12-31",
                         "2024-02-29"};
  for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
    same_value(ints[i], XSD "integer");
  for (size_t i = 0; i < sizeof decs / sizeof *decs; i++)
    same_value(decs[i], XSD "decimal");
  for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
    same_value(dates[i], XSD "date");
}
END_TEST

/* A term the dictionary holds as a record (a store of an earlier kgsh)
 * keeps its record's id; others get their inline ids. */
START_TEST(dictionary) {
  kg_dict *d = NULL;
  kg_error e;
  ck_assert_int_eq(dict_open(NULL, 1, 0, &d, &e), KG_OK);
  kg_term five = typed("5", XSD "integer"), six = typed("6", XSD "integer");
  kg_id rec, id;
  ck_assert_int_eq(dict_intern_record(d, &five, &rec, &e), KG_OK);
  ck_assert(!inline_is(rec));
  ck_assert_uint_eq(dict_find(d, &five), rec);
  int added = -1;
  ck_assert_int_eq(dict_intern(d, &five, &id, &added, &e), KG_OK);
  ck_assert_uint_eq(id, rec);
  ck_assert_int_eq(added, 0);
  ck_assert_int_eq(dict_intern(d, &six, &id, &added, &e), KG_OK);
  ck_assert(inline_is(id));
  ck_assert_int_eq(added, 0);
  ck_assert_uint_eq(dict_find(d, &six), id);
  ck_assert_uint_eq(dict_count(d), 1); /* only the record */
  kg_term back, again;
  ck_assert(dict_term(d, id, &back));
  ck_assert(kg_term_equal(&back, &six));
  /* the text stays where it was */
  ck_assert(dict_term(d, id, &again));
  ck_assert_ptr_eq(again.value, back.value);
  ck_assert(dict_term(d, rec, &back));
  ck_assert(kg_term_equal(&back, &five));
  ck_assert_ptr_null(dict_record(d, id, &(size_t){0}));
  /* an id no literal has: damage, named */
  ck_assert(!dict_term(d, INLINE_TAG | 3u << 28 | 5, &back));
  ck_assert_int_eq(dict_damaged(d, &e), KG_ERR_CORRUPT);
  ck_assert_ptr_nonnull(strstr(e.message, "which is no term"));
  dict_close(d);
}
END_TEST

/* Texts kept for many ids stay valid while more are made. */
START_TEST(texts_kept) {
  kg_dict *d = NULL;
  kg_error e;
  ck_assert_int_eq(dict_open(NULL, 1, 0, &d, &e), KG_OK);
  enum { N = 20000 };
  const char **kept = malloc(N * sizeof *kept);
  for (int i = 0; i < N; i++) {
    char lex[48];
    snprintf(lex, sizeof lex, "%d", i * 7 - 1000);
    kg_term t = typed(lex, XSD "integer"), back;
    ck_assert(dict_term(d, dict_find(d, &t), &back));
    kept[i] = back.value;
  }
  for (int i = 0; i < N; i++) {
    char lex[48];
    snprintf(lex, sizeof lex, "%d", i * 7 - 1000);
    ck_assert_str_eq(kept[i], lex);
  }
  free(kept);
  dict_close(d);
}
END_TEST

/* A directory store writes no record for them, counts them among its
 * terms, and answers by value and by term as before. */
START_TEST(store) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "s");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kg_term s = kg_iri("http://example.org/s"),
          p = kg_iri("http://example.org/p");
  for (int i = 0; i < 1000; i++) {
    char lex[48];
    snprintf(lex, sizeof lex, "%d", i * 1000);
    kgt_add(st, s, p, typed(lex, XSD "integer"), KGT_NOGRAPH);
  }
  kgt_add(st, s, p, typed("2023-11-29", XSD "date"), KGT_NOGRAPH);
  kgt_add(st, s, p, typed("05", XSD "integer"), KGT_NOGRAPH);
  kg_stats *stats = NULL;
  kg_error e;
  ck_assert_int_eq(kg_store_stats(st, 5, &stats, &e), KG_OK);
  ck_assert_uint_eq(stats->terms, 2 + 1000 + 2);
  kg_stats_free(stats);
  kg_term five = typed("5000", XSD "integer");
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &five, NULL), 1);
  kg_result *r = NULL;
  ck_assert_int_eq(kg_query(st,
                            "SELECT (COUNT(*) AS ?n) (MAX(?o) AS ?m) WHERE { "
                            "?s ?p ?o FILTER(isNumeric(?o) && ?o > 900000) }",
                            NULL, &r, &e),
                   KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  const kg_term *n = kg_result_value(r, 0), *m = kg_result_value(r, 1);
  ck_assert_str_eq(n->value, "99");
  ck_assert_str_eq(m->value, "999000");
  kg_result_free(r);
  kg_store_close(st);
  /* the records: the two IRIs and "05" (not canonical) */
  char *off = kgt_path(dir, "terms.off");
  struct stat sb;
  ck_assert_int_eq(stat(off, &sb), 0);
  ck_assert_int_eq(sb.st_size, 3 * 8);
  free(off);
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}
END_TEST

static Suite *inline_suite(void) {
  Suite *s = suite_create("inline");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, integers);
  tcase_add_test(tc, decimals);
  tcase_add_test(tc, dates);
  tcase_add_test(tc, order);
  tcase_add_test(tc, values);
  tcase_add_test(tc, dictionary);
  tcase_add_test(tc, texts_kept);
  tcase_add_test(tc, store);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(inline_suite)
