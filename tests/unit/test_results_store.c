/* test_results_store.c - writer -> reader round trips on real query results.
 *
 * NEEDS THE STORE AND ENGINE (kg_store_open, kg_load_string, kg_query and
 * kg_result): until they are in libkg.a this file does not link; it runs
 * as it is once they land. The writers and readers themselves are tested
 * without a store in test_results.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tools/rdfcompare.h"
#include "results/results.h"
#include "results/results_read.h"
#include "testutil.h"

static const char *data =
    "@prefix : <http://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    ":hz :name \"杭州\"@zh , \"Hangzhou\"@en ; :pop 12200000 ; :area 16850.5 ;\n"
    "    :ratio 1.5e-3 ; :note \"tab\\there, \\\"quoted\\\"\\nline two | pipe\" ;\n"
    "    :when \"2024-05-01\"^^xsd:date ; :near [ :name \"West Lake\" ] , _:b2 .\n"
    "_:b2 :name \"西湖\" .\n"
    ":alone :name \"no other\" .\n";

static kg_store *st;

static void setup(void) {
  kg_error err = {0};
  ck_assert_msg(kg_store_open("memory:", KG_OPEN_CREATE, &st, &err) == KG_OK, "%s", err.message);
  ck_assert_msg(kg_load_string(st, data, strlen(data), "<test>", NULL, NULL, &err) == KG_OK,
                "%s", err.message);
}

static void teardown(void) {
  kg_store_close(st);
  st = NULL;
  rc_world_free();
}

static kg_result *run(const char *q) {
  kg_result *r = NULL;
  kg_error err = {0};
  ck_assert_msg(kg_query(st, q, NULL, &r, &err) == KG_OK, "%s: %s", q, err.message);
  return r;
}

/* The query's solutions collected straight from kg_result. */
static sp_table *direct(const char *q) {
  kg_result *r = run(q);
  sp_table *t = sp_table_new();
  if (kg_result_kind(r) == KG_RESULT_BOOLEAN) {
    t->is_boolean = 1;
    t->boolean = kg_result_boolean(r) != 0;
  } else {
    for (size_t c = 0; c < kg_result_columns(r); c++)
      sp_table_add_column(t, kg_result_column(r, c), strlen(kg_result_column(r, c)));
    kg_error err;
    while (kg_result_next(r, &err) == 1) {
      kg_term *row = sp_table_add_row(t);
      for (size_t c = 0; c < t->ncols; c++) {
        const kg_term *v = kg_result_value(r, c);
        if (v && v->kind != KG_TERM_NONE) sp_table_set(t, &row[c], v);
      }
    }
  }
  kg_result_free(r);
  return t;
}

/* The query's solutions written in `format` and read back. */
static sp_table *through(const char *q, const char *format) {
  kg_result *r = run(q);
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  kg_error err = {0};
  ck_assert_msg(kg_results_write(r, format, out, &err) == KG_OK, "%s", err.message);
  fclose(out);
  kg_result_free(r);
  sp_table *t = NULL;
  ck_assert_msg(sp_table_parse(buf, len, NULL, &t, &err) == KG_OK, "%s: %ld:%ld: %s\n%s", format,
                err.line, err.column, err.message, buf);
  free(buf);
  return t;
}

static void round_trip(const char *q) {
  static const struct { const char *format; rc_mode mode; } formats[] = {
    {"json", RC_EXACT}, {"xml", RC_EXACT}, {"tsv", RC_EXACT}, {"csv", RC_CSV},
  };
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    sp_table *want = direct(q), *got = through(q, formats[i].format);
    char why[512] = "";
    /* CSV compares the other way round: what was read is the CSV text. */
    int ok = formats[i].mode == RC_CSV ? rc_tables_equal(got, want, RC_CSV, NULL, why, sizeof why)
                                       : rc_tables_equal(want, got, RC_EXACT, NULL, why, sizeof why);
    ck_assert_msg(ok, "%s: %s", formats[i].format, why);
    sp_table_free(want);
    sp_table_free(got);
  }
}

START_TEST(test_every_term_kind) {
  round_trip("SELECT * WHERE { ?s ?p ?o }");
}
END_TEST

START_TEST(test_unbound) {
  round_trip("PREFIX : <http://example.org/> "
             "SELECT ?s ?near ?n WHERE { ?s :name ?x OPTIONAL { ?s :near ?near OPTIONAL { ?near :name ?n } } }");
}
END_TEST

START_TEST(test_ask) {
  round_trip("ASK { ?s ?p \"杭州\"@zh }");
  round_trip("ASK { ?s ?p \"nowhere\" }");
}
END_TEST

START_TEST(test_not_a_result_set) {
  kg_result *r = run("CONSTRUCT WHERE { ?s ?p ?o }");
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  kg_error err = {0};
  ck_assert_int_eq(kg_results_write(r, "json", out, &err), KG_ERR_ARG);
  fclose(out);
  free(buf);
  kg_result_free(r);
}
END_TEST

static Suite *results_store_suite(void) {
  Suite *s = suite_create("results through the store");
  TCase *c = tcase_create("round trips");
  tcase_add_checked_fixture(c, setup, teardown);
  tcase_add_test(c, test_every_term_kind);
  tcase_add_test(c, test_unbound);
  tcase_add_test(c, test_ask);
  tcase_add_test(c, test_not_a_result_set);
  suite_add_tcase(s, c);
  return s;
}

KG_TEST_MAIN(results_store_suite)
