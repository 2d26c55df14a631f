/* test_load_jsonld.c - kg_load reads JSON-LD: chosen by extension, option
 * and content (RDF/JSON stays "json"), all or nothing, contexts from local
 * files and the offline directory, remote ones only when allowed. */
#include "testutil.h"

#define DOC                                                              \
  "{\"@context\": {\"n\": \"http://e/n\", \"k\": {\"@id\": \"http://e/k\", " \
  "\"@type\": \"@id\"}},\n \"@id\": \"http://e/a\", \"n\": {\"@value\": "    \
  "\"x\", \"@language\": \"EN-GB\"}, \"k\": {\"n\": \"b\"}}\n"
#define RDFJSON "{ \"http://e/a\": { \"http://e/n\": [ { \"type\": \"literal\", " \
                "\"value\": \"x\" } ] } }\n"

static kg_status load(kg_store *st, const char *path, const char *syntax,
                      const char *ctxdir, kg_load_stats *ls, kg_error *e) {
  kg_load_options o = {.syntax = syntax, .context_dir = ctxdir};
  return kg_load(st, path, &o, ls, e);
}

START_TEST(test_jsonld_syntax_choice) {
  ck_assert_str_eq(kg_syntax_for_path("a.jsonld"), "jsonld");
  ck_assert_str_eq(kg_syntax_for_path("http://e/A.JSONLD?x=1"), "jsonld");
  ck_assert_str_eq(kg_syntax_for_path("a.json"), "json");
  char *dir = kgt_tmpdir();
  const struct {
    const char *name, *text, *syntax, *want;
  } cases[] = {
    {"a.jsonld", DOC, NULL, "jsonld"},
    {"a.json", DOC, NULL, "jsonld"},      /* .json: the content says */
    {"a.json", RDFJSON, NULL, "json"},
    {"a.data", DOC, NULL, "jsonld"},
    {"b.data", "[ {\"@id\": \"http://e/a\", \"http://e/n\": \"x\"} ]", NULL, "jsonld"},
    {"c.data", "{\"http://e/n\": \"x\", \"@context\": {}, \"@id\": \"http://e/a\"}", NULL, "jsonld"},
    {"d.data", RDFJSON, NULL, "json"},
    {"g.data", "{\"http://e/n\": \"x\", \"@id\": \"http://e/a\"}", NULL, "jsonld"},
    {"h.data", "{ \"http://e/a\": { \"http://e/n\": [ { \"type\": \"literal\", "
               "\"value\": \"say \\\"@id\\\": 1\" } ] } }", NULL, "json"},
    {"i.jsonld", "\xEF\xBB\xBF" DOC, NULL, "jsonld"},  /* a byte order mark */
    {"e.data", DOC, "json-ld", "jsonld"},
    {"f.data", DOC, "JSONLD", "jsonld"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *path = kgt_path(dir, cases[i].name);
    kgt_write_file(path, cases[i].text);
    kg_store *st = kgt_open("memory:", 0);
    kg_load_stats ls;
    kg_error e;
    kg_status s = load(st, path, cases[i].syntax, NULL, &ls, &e);
    ck_assert_msg(s == KG_OK, "%s: %s", cases[i].name, e.message);
    ck_assert_msg(!strcmp(ls.syntax, cases[i].want), "%s: %s", cases[i].name, ls.syntax);
    ck_assert_int_ge(kg_store_size(st), 1);
    kg_store_close(st);
    free(path);
  }
  /* the unknown-syntax error tells json from jsonld */
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  ck_assert_int_eq(kg_load_string(st, "x", 1, NULL, &(kg_load_options){.syntax = "json-xx"},
                                  NULL, &e), KG_ERR_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(e.message, "json for RDF/JSON or jsonld for JSON-LD"));
  kg_store_close(st);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_jsonld_terms) {
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st, DOC, "jsonld", NULL);
  kgt_load_str(st, DOC, "jsonld", NULL);
  char *dump = kgt_dump(st);
  /* tags lowercased as raptor gives them; a blank node per load */
  ck_assert_ptr_nonnull(strstr(dump, "<http://e/a> <http://e/n> \"x\"@en-gb ."));
  ck_assert_int_eq(kg_store_size(st), 5); /* 3 + 2 new: a fresh blank node */
  free(dump);
  /* named graphs kept; -g puts the default graph's triples in a graph */
  const char *q = "{\"@id\": \"http://e/g\", \"@graph\": {\"@id\": \"http://e/s\", "
                  "\"http://e/p\": \"o\"}, \"http://e/p\": \"top\"}";
  kg_store *st2 = kgt_open("memory:", 0);
  kgt_load_str(st2, q, "jsonld", "http://e/target");
  dump = kgt_dump(st2);
  ck_assert_ptr_nonnull(strstr(dump, "<http://e/s> <http://e/p> \"o\" <http://e/g> ."));
  ck_assert_ptr_nonnull(strstr(dump, "<http://e/g> <http://e/p> \"top\" <http://e/target> ."));
  free(dump);
  kg_store_close(st2);
  kg_store_close(st);
}
END_TEST

START_TEST(test_jsonld_all_or_nothing) {
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st, "<http://e/x> <http://e/y> <http://e/z> .\n", "ntriples", NULL);
  /* the first elements become quads before the third fails */
  const char *bad = "{\"@context\": {\"n\": \"http://e/n\"}, \"@graph\": [\n"
                    " {\"@id\": \"http://e/a\", \"n\": \"1\"},\n"
                    " {\"@id\": \"http://e/b\", \"n\": \"2\"},\n"
                    " {\"@id\": \"http://e/c\", \"@type\": {\"x\": 1}}]}";
  kg_error e;
  kg_load_options o = {.syntax = "jsonld"};
  ck_assert_int_ne(kg_load_string(st, bad, strlen(bad), "bad.jsonld", &o, NULL, &e), KG_OK);
  ck_assert_str_eq(e.file, "bad.jsonld");
  ck_assert_int_eq(e.line, 4);
  ck_assert_ptr_nonnull(strstr(e.message, "invalid type value"));
  ck_assert_int_eq(kg_store_size(st), 1);
  /* invalid JSON: line and column */
  const char *json = "{\"@id\": \"http://e/a\",\n  \"http://e/n\": [1,, 2]}";
  ck_assert_int_eq(kg_load_string(st, json, strlen(json), "j.jsonld", &o, NULL, &e),
                   KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 2);
  ck_assert_int_gt(e.column, 0);
  ck_assert_int_eq(kg_store_size(st), 1);
  kg_store_close(st);
}
END_TEST

START_TEST(test_jsonld_contexts) {
  char *dir = kgt_tmpdir();
  char *cdir = kgt_path(dir, "contexts");
  ck_assert_int_eq(mkdir(cdir, 0755), 0);
  /* a context in the offline directory, one beside the document */
  char *cached = kgt_path(cdir, "example.org_ctx.jsonld");
  kgt_write_file(cached, "{\"@context\": {\"n\": \"http://e/cached\"}}");
  char *local = kgt_path(dir, "local.jsonld");
  kgt_write_file(local, "{\"@context\": {\"n\": \"http://e/local\"}}");
  char *doc1 = kgt_path(dir, "d1.jsonld"), *doc2 = kgt_path(dir, "d2.jsonld");
  kgt_write_file(doc1, "{\"@context\": \"https://example.org/ctx\", \"@id\": \"http://e/a\", \"n\": \"1\"}");
  kgt_write_file(doc2, "{\"@context\": \"local.jsonld\", \"@id\": \"http://e/a\", \"n\": \"2\"}");
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  ck_assert_int_eq(load(st, doc1, NULL, cdir, NULL, &e), KG_OK);
  ck_assert_int_eq(load(st, doc2, NULL, NULL, NULL, &e), KG_OK);
  char *dump = kgt_dump(st);
  ck_assert_ptr_nonnull(strstr(dump, "<http://e/a> <http://e/cached> \"1\" ."));
  ck_assert_ptr_nonnull(strstr(dump, "<http://e/a> <http://e/local> \"2\" ."));
  free(dump);
  /* without the directory: remote fetching is off, said with the URL */
  ck_assert_int_ne(load(st, doc1, NULL, NULL, NULL, &e), KG_OK);
  ck_assert_ptr_nonnull(strstr(e.message, "https://example.org/ctx"));
  ck_assert_ptr_nonnull(strstr(e.message, "remote-contexts"));
  /* a document that is not a local file reads no file: context */
  char uri[4200];
  snprintf(uri, sizeof uri, "{\"@context\": \"file://%s\", \"@id\": \"http://e/a\", \"n\": \"3\"}", local);
  kg_load_options so = {.syntax = "jsonld"};
  ck_assert_int_ne(kg_load_string(st, uri, strlen(uri), "s.jsonld", &so, NULL, &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), 2);
  kg_store_close(st);
  free(cached), free(local), free(doc1), free(doc2), free(cdir);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

static Suite *load_jsonld_suite(void) {
  Suite *s = suite_create("load_jsonld");
  TCase *c = tcase_create("jsonld");
  tcase_set_timeout(c, 60);
  tcase_add_test(c, test_jsonld_syntax_choice);
  tcase_add_test(c, test_jsonld_terms);
  tcase_add_test(c, test_jsonld_all_or_nothing);
  tcase_add_test(c, test_jsonld_contexts);
  suite_add_tcase(s, c);
  return s;
}

KG_TEST_MAIN(load_jsonld_suite)
