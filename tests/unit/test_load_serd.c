/* test_load_serd.c - what libkg adds around serd: NUL bytes (a character
 * in a string literal, an error anywhere else), \u escapes of surrogates,
 * undeclared prefixes and columns counted in characters, each refused at
 * its place with nothing loaded; relative IRIs, @base and prefixes. */
#include "loadutil.h"

typedef struct bad_case {
  const char *syntax, *text;
  size_t len;
  long line, column;     /* columns in characters */
  const char *says;      /* part of the message */
} bad_case;

#define S "<http://e/s> <http://e/p> "
#define T(text) text, sizeof text - 1 /* NUL bytes inside count too */
static const bad_case bad[] = {
  {"ntriples", T(S "\"a\" .\n\0" S "\"b\" .\n"), 2, 1, "a NUL byte"},
  {"turtle", T(S "\"a\" # com\0ment\n"), 1, 36, "a NUL byte"},
  {"turtle", T(S "<http://e/\0> .\n"), 1, 37, "a NUL byte"},
  {"turtle", T(S "\"\"\0 .\n"), 1, 29, "a NUL byte"},
  {"turtle", T(S "\"x\\ud800\" .\n"), 1, 29, "surrogate"},
  {"trig", T("{ " S "'''a\\uDFFF''' }\n"), 1, 33, "surrogate"},
  {"turtle", T(S "<http://e/\\U0000D800> .\n"), 1, 37, "surrogate"},
  {"turtle", T("@prefix e: <http://e/> .\n e:s e:p \"杭州\" , ,\n"), 2, 17,
   "expected"},
  {"turtle", T("@prefix e: <http://e/> .\ne:s e:p e:o .\n  x:s e:p e:o .\n"),
   3, 3, "\"x:s\" uses a prefix that was not declared"},
  {"turtle", T("_:a:b <http://e/p> 1 .\n"), 1, 4,
   "\":b\" uses a prefix that was not declared"},
  {"nquads", T(S "<http://e/o> <http://e/g> <http://e/h> .\n"), 1, 53,
   "expected"},
};

START_TEST(test_refused_at_their_place) {
  const bad_case *c = &bad[_i];
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  kg_load_options o = {.syntax = c->syntax, .show_content = 1};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load_string(st, c->text, c->len, "x", &o, &ls, &e),
                   KG_ERR_SYNTAX);
  ck_assert_msg(e.line == c->line && e.column == c->column,
                "case %d: at %ld:%ld, not %ld:%ld (%s)", _i, e.line, e.column,
                c->line, c->column, e.message);
  ck_assert_str_eq(e.file, "x");
  ck_assert_msg(strstr(e.message, c->says), "case %d: %s", _i, e.message);
  ck_assert_uint_eq(ls.added, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  free(before);
  kg_store_close(st);
}
END_TEST

START_TEST(test_nul_in_literals) {
  /* RDF 1.1 allows any character but the quote, \ and line ends in a
   * string: NUL too, as the W3C suites' *_ascii_boundaries files have */
  static const char text[] =
      S "\"a\0b\" .\n" S "'''c\n\0'''.\n" S "\"\0\" .\n";
  kg_store *st = kgt_open("memory:", 0);
  kg_load_options o = {.syntax = "turtle"};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load_string(st, text, sizeof text - 1, "x", &o, &ls, &e),
                   KG_OK);
  ck_assert_uint_eq(ls.added, 3);
  kg_store_close(st);
}
END_TEST

START_TEST(test_iris_and_prefixes) {
  static const char text[] =
      "@base <http://e/dir/> .\n"
      "PREFIX p: <sub/>\n"
      "<a> p:b <../c> .\n"
      "BASE <http://f/>\n"
      "<a> <b#x> p:c .\n";
  kg_store *st = kgt_open("memory:", 0);
  kg_load_options o = {.syntax = "turtle"};
  kg_error e;
  ck_assert_int_eq(kg_load_string(st, text, sizeof text - 1, "x", &o, NULL, &e),
                   KG_OK);
  char *dump = kgt_dump(st);
  ck_assert_str_eq(dump,
                   "<http://e/dir/a> <http://e/dir/sub/b> <http://e/c> .\n"
                   "<http://f/a> <http://f/b#x> <http://e/dir/sub/c> .\n");
  free(dump);
  ck_assert_str_eq(kg_prefix_get(st, "p"), "http://e/dir/sub/");
  kg_store_close(st);
}
END_TEST

static Suite *load_serd_suite(void) {
  Suite *s = suite_create("load_serd");
  TCase *tc = tcase_create("serd");
  tcase_add_loop_test(tc, test_refused_at_their_place, 0,
                      (int)(sizeof bad / sizeof *bad));
  tcase_add_test(tc, test_nul_in_literals);
  tcase_add_test(tc, test_iris_and_prefixes);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(load_serd_suite)
