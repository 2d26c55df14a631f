/* test_results_stream.c - result documents read as they arrive
 * (results_stream.c): every document, cut into pieces of every size from
 * one byte up, gives the rows the whole-document reader gives, in
 * batches; answers whose shape cannot be streamed are read whole; a cut
 * or broken answer fails with the row or line it broke at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_read.h"
#include "results/results_stream.h"
#include "feedutil.h"
#include "testutil.h"

static int same_term(const kg_term *a, const kg_term *b) {
  if (a->kind != b->kind || a->len != b->len) return 0;
  if (a->kind && memcmp(a->value, b->value, a->len)) return 0;
  if (!a->lang != !b->lang || (a->lang && strcmp(a->lang, b->lang))) return 0;
  if (!a->datatype != !b->datatype ||
      (a->datatype && strcmp(a->datatype, b->datatype)))
    return 0;
  return 1;
}

/* Reads `doc` in pieces of `step` and checks it against the whole read;
 * returns the number of batches. */
static int check_same(const char *doc, const char *mime, size_t step) {
  kg_error err;
  sp_table *whole = NULL;
  ck_assert_msg(sp_table_parse(doc, strlen(doc), mime, &whole, &err) == KG_OK,
                "%s", err.message);
  feed f = {doc, strlen(doc), 0, step, 0};
  sp_stream *s = NULL;
  ck_assert_msg(sp_stream_open(mime, pull, &f, &s, &err) == KG_OK,
                "step %zu: %s", step, err.message);
  const sp_table *h = sp_stream_head(s);
  ck_assert_int_eq(h->is_boolean, whole->is_boolean);
  ck_assert_int_eq(h->boolean, whole->boolean);
  ck_assert_uint_eq(h->ncols, whole->ncols);
  for (size_t c = 0; c < h->ncols; c++)
    ck_assert_str_eq(h->cols[c], whole->cols[c]);
  size_t row = 0;
  int batches = 0;
  const sp_table *b;
  for (;;) {
    ck_assert_msg(sp_stream_next(s, &b, &err) == KG_OK, "step %zu: %s", step,
                  err.message);
    if (!b) break;
    batches++;
    ck_assert_uint_gt(b->nrows, 0);
    ck_assert_uint_eq(b->ncols, whole->ncols);
    for (size_t r = 0; r < b->nrows; r++, row++) {
      ck_assert_uint_lt(row, whole->nrows);
      for (size_t c = 0; c < b->ncols; c++)
        ck_assert_msg(
            same_term(sp_table_cell(b, r, c), sp_table_cell(whole, row, c)),
            "step %zu, row %zu, column %zu", step, row, c);
    }
  }
  ck_assert_uint_eq(row, whole->nrows);
  sp_stream_free(s);
  sp_table_free(whole);
  return batches;
}

static void check_all_steps(const char *doc, const char *mime) {
  size_t len = strlen(doc);
  for (size_t step = 1; step <= len; step += step < 16 ? 1 : 7)
    check_same(doc, mime, step);
  check_same(doc, mime, len);
}

/* Keys and brackets inside strings, a variable called "head", escapes,
 * the optional fields after the rows. */
static const char json_doc[] =
    "\xEF\xBB\xBF{ \"head\" : { \"vars\" : [ \"head\", \"o\" ], \"link\": [] "
    "},\n"
    "  \"results\" : { \"distinct\": false, \"bindings\" : [\n"
    "   { \"head\": {\"type\":\"uri\",\"value\":\"http://ex.org/{a}\"},\n"
    "     \"o\": {\"type\":\"literal\",\"value\":\"x \\\"}]\\\\\", "
    "\"xml:lang\":\"EN\"} },\n"
    "   { \"o\": {\"type\":\"literal\",\"value\":\"5\",\"datatype\":"
    "\"http://www.w3.org/2001/XMLSchema#integer\"} },\n"
    "   { },\n"
    "   { \"head\": {\"type\":\"bnode\",\"value\":\"b0\"} }\n"
    "  ] }, \"extra\": {\"bindings\": [1, 2]} }\n";

START_TEST(json_in_pieces) {
  check_all_steps(json_doc, "application/sparql-results+json");
}
END_TEST

static const char xml_doc[] =
    "<?xml version=\"1.0\"?>\n"
    "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
    " <head><variable name=\"s\"/><variable name=\"o\"/></head>\n"
    " <results>\n"
    "  <result><binding name=\"s\"><uri>http://ex.org/a</uri></binding>\n"
    "   <binding "
    "name=\"o\"><literal><![CDATA[</result></results>]]></literal></binding></"
    "result>\n"
    "  <!-- </result> in a comment -->\n"
    "  <result><binding name=\"o\"><literal "
    "xml:lang=\"zh\">杭州</literal></binding></result>\n"
    "  <result></result>\n"
    " </results>\n"
    "</sparql>\n";

START_TEST(xml_in_pieces) {
  check_all_steps(xml_doc, "application/sparql-results+xml");
}
END_TEST

static const char tsv_doc[] =
    "?s\t?o\n"
    "<http://ex.org/a>\t\"x\\ty\"@en\n"
    "_:b1\t42\n"
    "\t\n"
    "<http://ex.org/b>\t\"last line without its end\"";

START_TEST(tsv_in_pieces) {
  check_all_steps(tsv_doc, "text/tab-separated-values");
}
END_TEST

/* Shapes read whole: ASK in each format, the head after the rows, CSV,
 * no media type (told from the content). */
START_TEST(read_whole) {
  static const struct {
    const char *doc, *mime;
  } docs[] = {
      {"{\"head\":{},\"boolean\":true}", "application/sparql-results+json"},
      {"<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\"><head/>"
       "<boolean>false</boolean></sparql>",
       "application/sparql-results+xml"},
      {"?_askResult\ntrue\n", "text/tab-separated-values"},
      {"{\"results\":{\"bindings\":[{\"x\":{\"type\":\"uri\",\"value\":"
       "\"http://ex.org/\"}}]},\"head\":{\"vars\":[\"x\"]}}",
       "json"},
      {"x,y\nhttp://ex.org/,\"a,b\"\n", "text/csv"},
      {json_doc, NULL},
      {xml_doc, ""},
  };
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
    check_same(docs[i].doc, docs[i].mime, 3);
    check_same(docs[i].doc, docs[i].mime, 4096);
  }
}
END_TEST

/* Many rows come in several batches, the first before the last byte. */
START_TEST(batches) {
  strbuf d = {0};
  strbuf_puts(&d, "{\"head\":{\"vars\":[\"n\"]},\"results\":{\"bindings\":[");
  for (int i = 0; i < 60000; i++)
    strbuf_printf(&d, "%s{\"n\":{\"type\":\"literal\",\"value\":\"row %d\"}}",
                  i ? "," : "", i);
  strbuf_puts(&d, "]}}");
  ck_assert_int_gt(check_same(d.data, "json", 65536), 20);
  feed f = {d.data, d.len, 0, 65536, 0};
  kg_error err;
  sp_stream *s = NULL;
  ck_assert_int_eq(sp_stream_open("json", pull, &f, &s, &err), KG_OK);
  const sp_table *b;
  ck_assert_int_eq(sp_stream_next(s, &b, &err), KG_OK);
  ck_assert_ptr_nonnull(b);
  ck_assert_uint_lt(f.at, d.len / 4); /* rows out before a quarter came */
  sp_stream_free(s);
  strbuf_free(&d);
}
END_TEST

/* The error of a cut or broken answer, and where. */
static kg_status read_all(const char *doc, const char *mime, kg_error *err) {
  feed f = {doc, strlen(doc), 0, 5, 0};
  sp_stream *s = NULL;
  kg_status st = sp_stream_open(mime, pull, &f, &s, err);
  const sp_table *b = NULL;
  while (st == KG_OK && (st = sp_stream_next(s, &b, err)) == KG_OK && b) {
  }
  sp_stream_free(s);
  return st;
}

START_TEST(broken_answers) {
  kg_error err;
  ck_assert_int_eq(read_all("{\"head\":{\"vars\":[\"x\"]},\"results\":{"
                            "\"bindings\":[{\"x\":{\"type\":\"uri\",\"value\""
                            ":\"a\"}},{\"x\":{\"type\"",
                            "json", &err),
                   KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(
      strstr(err.message, "ends in the middle (after 1 rows)"));
  ck_assert_int_eq(read_all("{\"head\":{\"vars\":[\"x\"]},\"results\":{"
                            "\"bindings\":[{\"x\":{\"type\":\"uri\",\"value\""
                            ":\"a\"}},{\"x\":{\"type\":\"ur\",\"value\":\"b\"}"
                            "}]}}",
                            "json", &err),
                   KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "unknown type \"ur\""));
  ck_assert_ptr_nonnull(strstr(err.message, "of the answer"));
  ck_assert_int_eq(read_all("?x\n<a>\n<b>\n\"open\n<d>\n", "tsv", &err),
                   KG_ERR_SYNTAX);
  ck_assert_int_eq(err.line, 4);
  ck_assert_int_eq(read_all("<sparql xmlns=\"http://www.w3.org/2005/sparql-"
                            "results#\"><head><variable name=\"x\"/></head>"
                            "<results><result><binding name=\"x\"><uri>a</uri>"
                            "</binding></result><result>",
                            "xml", &err),
                   KG_ERR_SYNTAX);
  ck_assert_int_eq(read_all("", "json", &err), KG_ERR_SYNTAX);
  ck_assert_int_eq(read_all("not json", "json", &err), KG_ERR_SYNTAX);
}
END_TEST

static Suite *stream_suite(void) {
  Suite *s = suite_create("results_stream");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, json_in_pieces);
  tcase_add_test(tc, xml_in_pieces);
  tcase_add_test(tc, tsv_in_pieces);
  tcase_add_test(tc, read_whole);
  tcase_add_test(tc, batches);
  tcase_add_test(tc, broken_answers);
  suite_add_tcase(s, tc);
  return s;
}
KG_TEST_MAIN(stream_suite)
