/* test_rdf_pull.c - statements read as a document arrives (io/rdf_pull.c):
 * N-Triples and Turtle (prefixes, base, directives between statements)
 * in pieces of every size give the statements a
 * load gives; a syntax error has its line and column, a source that fails
 * passes its error on, an undeclared prefix is named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/rdf_pull.h"
#include "feedutil.h"
#include "testutil.h"

/* The statements as N-Quads lines, one string. */
static char *read_doc(const char *doc, const char *syntax, size_t step,
                      kg_status *st, kg_error *err) {
  feed f = {doc, strlen(doc), 0, step, 0};
  rdf_pull *p = NULL;
  strbuf out = {0};
  *st = rdf_pull_open(syntax, "http://base.example/dir/", "answer", pull, &f,
                      &p, err);
  kg_quad q;
  int rc = 0;
  while (*st == KG_OK && (rc = rdf_pull_next(p, &q, err)) > 0) {
    kg_term_write_nt(&out, &q.s);
    strbuf_putc(&out, ' ');
    kg_term_write_nt(&out, &q.p);
    strbuf_putc(&out, ' ');
    kg_term_write_nt(&out, &q.o);
    if (q.g.kind) {
      strbuf_putc(&out, ' ');
      kg_term_write_nt(&out, &q.g);
    }
    strbuf_puts(&out, " .\n");
  }
  if (rc < 0) *st = err->status;
  rdf_pull_free(p);
  return strbuf_take(&out);
}

static void same_in_pieces(const char *doc, const char *syntax,
                           const char *expect) {
  size_t len = strlen(doc);
  for (size_t step = 1; step <= len + 1; step += step < 20 ? 1 : 13) {
    kg_status st;
    kg_error err;
    char *got = read_doc(doc, syntax, step, &st, &err);
    ck_assert_msg(st == KG_OK, "step %zu: %s", step, err.message);
    ck_assert_msg(!strcmp(got ? got : "", expect), "step %zu:\n%s", step,
                  got ? got : "");
    free(got);
  }
}

START_TEST(ntriples) {
  const char *doc = "<http://ex.org/a> <http://ex.org/p> \"x\\\"y\"@EN .\n"
                    "_:x0 <http://ex.org/p> "
                    "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                    "<http://ex.org/a> <http://ex.org/p> "
                    "\"s\"^^<http://www.w3.org/2001/XMLSchema#string> .\n";
  same_in_pieces(doc, "turtle",
                 "<http://ex.org/a> <http://ex.org/p> \"x\\\"y\"@en .\n"
                 "_:x0 <http://ex.org/p> "
                 "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                 "<http://ex.org/a> <http://ex.org/p> \"s\" .\n");
}
END_TEST

START_TEST(turtle) {
  const char *doc = "@prefix ex: <http://ex.org/> .\n"
                    "ex:a ex:p ex:b ; ex:q \"杭州\"@zh .\n"
                    "PREFIX ex: <http://other.org/>\n"
                    "ex:c ex:p <rel> .\n"
                    "@base <http://b2.example/> .\n"
                    "<x> ex:p 1 .\n"
                    "@prefix last: <http://last.org/> .\n";
  same_in_pieces(doc, "turtle",
                 "<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n"
                 "<http://ex.org/a> <http://ex.org/q> \"杭州\"@zh .\n"
                 "<http://other.org/c> <http://other.org/p> "
                 "<http://base.example/dir/rel> .\n"
                 "<http://b2.example/x> <http://other.org/p> "
                 "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
}
END_TEST

START_TEST(many) {
  strbuf d = {0};
  for (int i = 0; i < 20000; i++)
    strbuf_printf(&d, "<http://ex.org/s%d> <http://ex.org/p> \"v%d\" .\n", i,
                  i);
  kg_status st;
  kg_error err;
  char *got = read_doc(d.data, "turtle", 1000, &st, &err);
  ck_assert_int_eq(st, KG_OK);
  ck_assert_str_eq(got, d.data);
  free(got);
  strbuf_free(&d);
}
END_TEST

START_TEST(errors) {
  kg_status st;
  kg_error err;
  char *got =
      read_doc("<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n"
               "<http://ex.org/a> <http://ex.org/p> \"open .\n",
               "turtle", 7, &st, &err);
  ck_assert_int_eq(st, KG_ERR_SYNTAX);
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_gt(err.column, 0);
  ck_assert_str_eq(err.file, "answer");
  ck_assert_str_eq(got,
                   "<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n");
  free(got);
  got = read_doc("<http://ex.org/a> <http://ex.org/p> 1 .\n<http://ex.org/a> "
                 "<http://ex.org/p> \"cut",
                 "turtle", 5, &st, &err);
  ck_assert_int_eq(st, KG_ERR_SYNTAX);
  ck_assert_int_eq(err.line, 2);
  ck_assert_str_eq(err.message,
                   "the document ends in the middle of a statement");
  free(got);
  got = read_doc("nope:a <http://ex.org/p> 1 .\n", "turtle", 64, &st, &err);
  ck_assert_int_eq(st, KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "nope:a"));
  free(got);
  /* a source that fails: its error, not a syntax error */
  feed f = {"<http://ex.org/a> <http://ex.org/p> 1 .\n<http://ex.org/", 0, 0, 5,
            1};
  f.len = strlen(f.doc);
  rdf_pull *p = NULL;
  ck_assert_int_eq(rdf_pull_open("turtle", NULL, "x", pull, &f, &p, &err),
                   KG_OK);
  kg_quad q;
  ck_assert_int_eq(rdf_pull_next(p, &q, &err), 1); /* what came goes out */
  ck_assert_str_eq(q.o.value, "1");
  ck_assert_int_eq(rdf_pull_next(p, &q, &err), -1);
  ck_assert_int_eq(err.status, KG_ERR_NET);
  ck_assert_str_eq(err.message, "the connection was reset");
  rdf_pull_free(p);
  ck_assert_str_eq(rdf_pull_syntax("application/n-triples; charset=utf-8"),
                   "turtle");
  ck_assert_str_eq(rdf_pull_syntax("text/turtle"), "turtle");
  ck_assert_ptr_null(rdf_pull_syntax("application/n-quads"));
  ck_assert_ptr_null(rdf_pull_syntax("application/rdf+xml"));
  ck_assert_ptr_null(rdf_pull_syntax(NULL));
}
END_TEST

static Suite *pull_suite(void) {
  Suite *s = suite_create("rdf_pull");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, ntriples);
  tcase_add_test(tc, turtle);
  tcase_add_test(tc, many);
  tcase_add_test(tc, errors);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(pull_suite)
