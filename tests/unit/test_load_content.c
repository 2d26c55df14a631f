/* test_load_content.c - what a load brings in: Unicode and language tags,
 * blank node scopes, the file's prefixes, loads from strings and stdin. */
#include "loadutil.h"

/* ------------------------------------------------------------ content */

START_TEST(test_unicode_and_language_tags) {
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st,
               "@prefix ex: <http://example.org/> .\n"
               "ex:杭州 ex:name \"" HANGZHOU "\"@zh-Hans , \"Hangzhou\"@en-GB ,"
               " \"Hàngzhōu\"@zh-Latn-pinyin ;\n"
               "  ex:poem \"\"\"欲把西湖比西子，\n淡妆浓抹总相宜。\"\"\" ;\n"
               "  ex:emoji \"\\U0001F30A \\u6e56\" .\n",
               "turtle", NULL);
  ck_assert_int_eq(kg_store_size(st), 5);
  kg_term s = iri(EX "杭州");
  ck_assert_int_eq(kgt_count(st, &s, NULL, NULL, NULL), 5);
  /* tags are kept lower-cased */
  kg_term zh = kg_literal(HANGZHOU, NULL, "zh-hans"),
          en = kg_literal("Hangzhou", NULL, "en-gb"),
          py = kg_literal("Hàngzhōu", NULL, "zh-latn-pinyin"),
          poem = kg_literal("欲把西湖比西子，\n淡妆浓抹总相宜。", NULL, NULL),
          emoji = kg_literal("\xf0\x9f\x8c\x8a 湖", NULL, NULL);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &zh, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &en, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &py, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &poem, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &emoji, NULL), 1);
  kg_result *r;
  kg_error e;
  ck_assert_int_eq(kg_store_find(st, NULL, NULL, &zh, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  const kg_quad *q = kg_result_quad(r);
  ck_assert_uint_eq(q->o.len, 6);
  ck_assert_int_eq(memcmp(q->o.value, HANGZHOU, 6), 0);
  ck_assert_str_eq(q->o.lang, "zh-hans");
  ck_assert_str_eq(q->s.value, EX "杭州");
  kg_result_free(r);
  kg_store_close(st);
}
END_TEST

START_TEST(test_blank_nodes_per_load) {
  char *dir = kgt_tmpdir();
  char *path = put_file(dir, "b.ttl",
                        "@prefix ex: <http://example.org/> .\n"
                        "ex:a ex:p ex:b .\n"
                        "ex:a ex:q \"x\" .\n"
                        "_:n ex:name \"anon\" .\n"
                        "_:n ex:knows ex:a .\n"
                        "ex:a ex:r [ ex:s 1 ] .\n");
  kg_store *st = kgt_open("memory:", 0);
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(load(st, path, NULL, NULL, &ls, &e), KG_OK);
  ck_assert_uint_eq(ls.added, 6);
  /* one label is one node within a file */
  kg_term knows = iri(EX "knows"), name = iri(EX "name");
  kg_result *r;
  ck_assert_int_eq(kg_store_find(st, NULL, &knows, NULL, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  char *first = kg_term_to_nt(&kg_result_quad(r)->s);
  kg_result_free(r);
  kg_term n1 = kg_blank(first + 2);
  ck_assert_int_eq(kgt_count(st, &n1, &name, NULL, NULL), 1);
  /* the same file again: its blank nodes are new nodes */
  ck_assert_int_eq(load(st, path, NULL, NULL, &ls, &e), KG_OK);
  ck_assert_uint_eq(ls.triples, 6);
  ck_assert_uint_eq(ls.added, 4);
  ck_assert_int_eq(kg_store_size(st), 10);
  ck_assert_int_eq(kgt_count(st, NULL, &knows, NULL, NULL), 2);
  ck_assert_int_eq(kgt_count(st, &n1, NULL, NULL, NULL), 2);
  /* and from a string too */
  kgt_load_str(st, "_:n <http://example.org/knows> <http://example.org/a> .",
               "ntriples", NULL);
  kgt_load_str(st, "_:n <http://example.org/knows> <http://example.org/a> .",
               "ntriples", NULL);
  ck_assert_int_eq(kgt_count(st, NULL, &knows, NULL, NULL), 4);
  kg_store_close(st);
  free(first);
  free(path);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

/* ----------------------------------------------------------- prefixes */

START_TEST(test_prefixes_from_file) {
  char *dir = kgt_tmpdir();
  char *store = kgt_path(dir, "p.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kg_error e;
  ck_assert_ptr_null(kg_prefix_get(st, "city"));
  ck_assert_int_eq(kg_prefix_set(st, "ex", "http://mine.example/", &e),
                   KG_OK);
  kgt_load_str(st,
               "@prefix city: <http://example.org/city/> .\n"
               "@prefix ex: <http://example.org/> .\n"
               "@prefix : <http://example.org/default#> .\n"
               "city:hz ex:p :o .\n",
               "turtle", NULL);
  ck_assert_str_eq(kg_prefix_get(st, "city"), "http://example.org/city/");
  ck_assert_str_eq(kg_prefix_get(st, ""), "http://example.org/default#");
  /* the user's own prefix stays */
  ck_assert_str_eq(kg_prefix_get(st, "ex"), "http://mine.example/");
  /* RDF/XML namespaces count as well */
  kgt_load_str(st, samples[4].text, "rdfxml", NULL);
  ck_assert_str_eq(kg_prefix_get(st, "ex"), "http://mine.example/");
  kg_store_close(st);
  st = kgt_open(store, 0);
  ck_assert_str_eq(kg_prefix_get(st, "city"), "http://example.org/city/");
  kg_store_close(st);
  free(store);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_failed_load_declares_nothing) {
  /* all or nothing: a file that fails adds no prefixes either */
  kg_store *st = kgt_open("memory:", 0);
  const char *bad = "@prefix broken: <http://example.org/broken/> .\n"
                    "broken:a broken:b broken:c broken:d .\n";
  kg_error e;
  ck_assert_int_eq(
      kg_load_string(st, bad, strlen(bad), "bad.ttl", NULL, NULL, &e),
      KG_ERR_SYNTAX);
  ck_assert_ptr_null(kg_prefix_get(st, "broken"));
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
}
END_TEST

/* ----------------------------------------------------- strings, stdin */

START_TEST(test_load_string) {
  kg_store *st = kgt_open("memory:", 0);
  kg_load_stats ls;
  kg_error e;
  const char *ttl = samples[0].text;
  ck_assert_int_eq(kg_load_string(st, ttl, strlen(ttl), NULL, NULL, &ls, &e),
                   KG_OK);
  ck_assert_str_eq(ls.syntax, "turtle");
  ck_assert_uint_eq(ls.triples, 2);
  ck_assert_uint_eq(ls.bytes, strlen(ttl));
  char *dump = kgt_dump(st);
  ck_assert_str_eq(dump, TRIPLES);
  free(dump);
  /* the name's extension picks the syntax; the name appears in errors */
  const char *nq = samples[2].text;
  ck_assert_int_eq(kg_load_string(st, nq, strlen(nq), "inline.nq", NULL, &ls,
                                  &e), KG_OK);
  ck_assert_str_eq(ls.syntax, "nquads");
  ck_assert_int_eq(kg_store_size(st), 3);
  const char *bad = "<http://a> <http://b> .\n";
  ck_assert_int_eq(kg_load_string(st, bad, strlen(bad), "inline.nt", NULL,
                                  &ls, &e), KG_ERR_SYNTAX);
  ck_assert_str_eq(e.file, "inline.nt");
  ck_assert_int_eq(e.line, 1);
  ck_assert_int_eq(kg_load_string(st, bad, strlen(bad), NULL, NULL, &ls, &e),
                   KG_ERR_SYNTAX);
  ck_assert_str_eq(e.file, "<string>");
  /* only the given length is read */
  const char *two = "<http://a> <http://b> <http://c> .\n"
                    "<http://a> <http://b> <http://d> .\n";
  kg_store *st2 = kgt_open("memory:", 0);
  ck_assert_int_eq(kg_load_string(st2, two, strlen(two) / 2, "x.nt", NULL, &ls,
                                  &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st2), 1);
  /* an empty string loads nothing */
  ck_assert_int_eq(kg_load_string(st2, "", 0, "x.ttl", NULL, &ls, &e), KG_OK);
  ck_assert_uint_eq(ls.triples, 0);
  ck_assert_int_eq(kg_store_size(st2), 1);
  kg_store_close(st2);
  ck_assert_int_eq(kg_store_size(st), 3);
  kg_store_close(st);
}
END_TEST

typedef struct stdin_arg {
  const char *store, *input, *syntax;
} stdin_arg;

static int stdin_child(void *arg, int fd) {
  const stdin_arg *a = arg;
  int in = open(a->input, O_RDONLY);
  if (in < 0 || dup2(in, 0) < 0) return 1;
  close(in);
  kg_store *st = NULL;
  kg_error e;
  if (kg_store_open(a->store, KG_OPEN_CREATE, &st, &e) != KG_OK) return 2;
  kg_load_options o = {.syntax = a->syntax};
  kg_load_stats ls;
  kg_status s = kg_load(st, "-", &o, &ls, &e);
  kgt_fdprintf(fd, "%d %llu %s %s|%s", (int)s, ls.triples, ls.syntax,
               s ? e.file : "", s ? e.message : "");
  kg_store_close(st);
  return 0;
}

START_TEST(test_load_stdin) {
  char *dir = kgt_tmpdir();
  char *store = kgt_path(dir, "in.kg");
  const int which[] = {0, 2, 3};  /* turtle, nquads, trig by content */
  for (int k = 0; k < 3; k++) {
    const sample *s = &samples[which[k]];
    char *input = put_file(dir, "input", s->text);
    stdin_arg a = {store, input, NULL};
    char out[1024];
    ck_assert_int_eq(kgt_child(stdin_child, &a, 0, out, sizeof out), 0);
    int status;
    unsigned long long triples;
    char syntax[32];
    ck_assert_msg(sscanf(out, "%d %llu %31s", &status, &triples, syntax) == 3,
                  "child said: %s", out);
    ck_assert_msg(status == KG_OK, "child said: %s", out);
    ck_assert_uint_eq(triples, 2);
    kg_store *st = kgt_open(store, 0);
    char *dump = kgt_dump(st);
    ck_assert_str_eq(dump, s->expect);
    free(dump);
    kg_store_close(st);
    kgt_rmrf(store);
    free(input);
  }
  /* a syntax given for stdin, and errors name "<stdin>" */
  char *input = put_file(dir, "input", "<http://a> <http://b> .\n");
  stdin_arg a = {store, input, "ntriples"};
  char out[1024];
  ck_assert_int_eq(kgt_child(stdin_child, &a, 0, out, sizeof out), 0);
  int status;
  ck_assert_int_eq(sscanf(out, "%d", &status), 1);
  ck_assert_int_eq(status, KG_ERR_SYNTAX);
  ck_assert_msg(strstr(out, "<stdin>") != NULL, "child said: %s", out);
  free(input);
  free(store);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

static Suite *load_content_suite(void) {
  Suite *s = suite_create("load_content");
  TCase *con = tcase_create("content");
  tcase_set_timeout(con, 120);
  tcase_add_test(con, test_unicode_and_language_tags);
  tcase_add_test(con, test_blank_nodes_per_load);
  tcase_add_test(con, test_prefixes_from_file);
  tcase_add_test(con, test_failed_load_declares_nothing);
  tcase_add_test(con, test_load_string);
  tcase_add_test(con, test_load_stdin);
  suite_add_tcase(s, con);
  return s;
}

KG_TEST_MAIN(load_content_suite)
