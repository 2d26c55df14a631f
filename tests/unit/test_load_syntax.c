/* test_load_syntax.c - loading RDF in every syntax, chosen by option,
 * extension and content; target graphs; errors and their places. */
#include "loadutil.h"

/* Asserts that loading `path` into a new memory store succeeds and gives
 * the sample's statements; returns the parser used (static copy). */
static const char *check_load(const sample *s, const char *path,
                              const char *syntax) {
  static char used[32];
  kg_store *st = kgt_open("memory:", 0);
  kg_load_stats ls;
  kg_error e;
  kg_status r = load(st, path, syntax, NULL, &ls, &e);
  ck_assert_msg(r == KG_OK, "%s (%s): %s at %ld:%ld", path,
                syntax ? syntax : "guess", e.message, e.line, e.column);
  ck_assert_uint_eq(ls.triples, 2);
  ck_assert_uint_eq(ls.added, 2);
  ck_assert_uint_eq(ls.bytes, strlen(s->text));
  char *dump = kgt_dump(st);
  ck_assert_msg(!strcmp(dump, s->expect), "%s (%s) gave:\n%s", path,
                syntax ? syntax : "guess", dump);
  free(dump);
  kg_store_close(st);
  snprintf(used, sizeof used, "%s", ls.syntax);
  return used;
}

/* -------------------------------------------------------------- syntax */

START_TEST(test_syntax_by_option) {
  char *dir = kgt_tmpdir();
  for (int i = 0; i < NSAMPLES; i++) {
    char name[32];
    snprintf(name, sizeof name, "sample%d.dat", i);
    char *path = put_file(dir, name, samples[i].text);
    const char *used = check_load(&samples[i], path, samples[i].syntax);
    ck_assert_str_eq(used, samples[i].syntax);
    free(path);
  }
  /* the names users type for them */
  char *ttl = put_file(dir, "t.dat", samples[0].text);
  ck_assert_str_eq(check_load(&samples[0], ttl, "ttl"), "turtle");
  ck_assert_str_eq(check_load(&samples[0], ttl, "TURTLE"), "turtle");
  char *xml = put_file(dir, "x.dat", samples[4].text);
  ck_assert_str_eq(check_load(&samples[4], xml, "rdf/xml"), "rdfxml");
  char *nt = put_file(dir, "n.dat", samples[1].text);
  ck_assert_str_eq(check_load(&samples[1], nt, "n-triples"), "ntriples");
  /* the option wins over the extension */
  char *odd = put_file(dir, "odd.rdf", samples[1].text);
  ck_assert_str_eq(check_load(&samples[1], odd, "ntriples"), "ntriples");
  free(odd);
  free(nt);
  free(xml);
  free(ttl);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_syntax_by_extension) {
  char *dir = kgt_tmpdir();
  for (int i = 0; i < NSAMPLES; i++) {
    char name[32];
    snprintf(name, sizeof name, "sample%s", samples[i].ext);
    char *path = put_file(dir, name, samples[i].text);
    ck_assert_str_eq(check_load(&samples[i], path, NULL), samples[i].syntax);
    /* "guess" is the same as no option */
    ck_assert_str_eq(check_load(&samples[i], path, "guess"),
                     samples[i].syntax);
    free(path);
  }
  static const char *const ext[][2] = {
    {"a.ttl", "turtle"},   {"A.TTL", "turtle"},  {"a.n3", "turtle"},
    {"a.nt", "ntriples"},  {"a.nq", "nquads"},   {"a.trig", "trig"},
    {"a.rdf", "rdfxml"},   {"a.owl", "rdfxml"},  {"a.xml", "rdfxml"},
    {"a.html", "rdfa"},    {"a.xhtml", "rdfa"},  {"a.json", "json"},
    {"a.rj", "json"},      {"dir.ttl/a.nq", "nquads"},
  };
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
    const char *got = kg_syntax_for_path(ext[i][0]);
    ck_assert_msg(got && !strcmp(got, ext[i][1]), "%s: %s", ext[i][0],
                  got ? got : "NULL");
  }
  ck_assert_ptr_null(kg_syntax_for_path("a.txt"));
  ck_assert_ptr_null(kg_syntax_for_path("ttl"));
  ck_assert_ptr_null(kg_syntax_for_path(NULL));
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_syntax_by_content) {
  char *dir = kgt_tmpdir();
  for (int i = 0; i < NSAMPLES; i++) {
    char name[32];
    snprintf(name, sizeof name, "sample%d.data", i);
    char *path = put_file(dir, name, samples[i].text);
    const char *used = check_load(&samples[i], path, NULL);
    /* N-Quads and TriG read N-Triples and Turtle as well */
    const char *s = samples[i].syntax;
    int ok = !strcmp(used, s) ||
             (!strcmp(s, "ntriples") && !strcmp(used, "nquads")) ||
             (!strcmp(s, "turtle") && !strcmp(used, "trig"));
    ck_assert_msg(ok, "%s content was read as %s", s, used);
    free(path);
  }
  /* TriG starting with a default graph block, and with braces in
   * strings, IRIs and comments before the first graph */
  static const char trig[] =
      "# a comment with { a brace\n"
      "@prefix ex: <http://example.org/> .\n"
      "ex:x ex:says \"{ not a graph }\", '''{ nor\nthis }''' .\n"
      "ex:g1 { ex:a ex:name \"" HANGZHOU "\"@zh . }\n"
      "{ ex:a ex:pop 12000000 }\n";
  char *path = put_file(dir, "graphs.data", trig);
  kg_store *st = kgt_open("memory:", 0);
  kg_load_stats ls;
  kg_error e;
  ck_assert_msg(load(st, path, NULL, NULL, &ls, &e) == KG_OK, "%s",
                e.message);
  ck_assert_str_eq(ls.syntax, "trig");
  ck_assert_int_eq(kg_store_size(st), 4);
  kg_term g1 = iri(EX "g1");
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &g1), 1);
  kg_store_close(st);
  free(path);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

/* -------------------------------------------------------------- graphs */

START_TEST(test_load_into_named_graph) {
  char *dir = kgt_tmpdir();
  const char *target = EX "target";
  kg_term tg = iri(target), g1 = iri(EX "g1");
  /* triples all go to the target graph */
  char *ttl = put_file(dir, "a.ttl", samples[0].text);
  kg_store *st = kgt_open("memory:", 0);
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(load(st, ttl, NULL, target, &ls, &e), KG_OK);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &tg), 2);
  ck_assert_int_eq(kg_store_size(st), 2);
  char *dump = kgt_dump(st);
  ck_assert_str_eq(dump, NAME_NT " <" EX "target> .\n"
                         POP_NT " <" EX "target> .\n");
  free(dump);
  /* the same file into the default graph is two more statements */
  ck_assert_int_eq(load(st, ttl, NULL, NULL, &ls, &e), KG_OK);
  ck_assert_uint_eq(ls.added, 2);
  ck_assert_int_eq(kg_store_size(st), 4);
  kg_store_close(st);
  /* quads keep their graph; their default graph goes to the target */
  const int quads[] = {2, 3};
  for (int k = 0; k < 2; k++) {
    const sample *s = &samples[quads[k]];
    char name[32];
    snprintf(name, sizeof name, "q%s", s->ext);
    char *path = put_file(dir, name, s->text);
    st = kgt_open("memory:", 0);
    ck_assert_msg(load(st, path, NULL, target, &ls, &e) == KG_OK, "%s: %s",
                  s->syntax, e.message);
    ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &g1), 1);
    ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &tg), 1);
    dump = kgt_dump(st);
    ck_assert_str_eq(dump, NAME_NT " <" EX "g1> .\n"
                           POP_NT " <" EX "target> .\n");
    free(dump);
    kg_store_close(st);
    free(path);
  }
  free(ttl);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

/* -------------------------------------------------------------- errors */

START_TEST(test_syntax_error_place) {
  char *dir = kgt_tmpdir();
  char *store = kgt_path(dir, "s.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  /* line 4, column 16: a fourth term */
  char *bad = put_file(dir, "bad.ttl",
                       "@prefix ex: <http://example.org/> .\n"
                       "ex:s1 ex:p ex:o .\n"
                       "ex:s2 ex:p \"ok\" .\n"
                       "ex:a ex:b ex:c ex:d .\n"
                       "ex:s3 ex:p ex:o .\n");
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(load(st, bad, NULL, NULL, &ls, &e), KG_ERR_SYNTAX);
  ck_assert_int_eq(e.status, KG_ERR_SYNTAX);
  ck_assert_str_eq(e.file, bad);
  ck_assert_int_eq(e.line, 4);
  /* raptor's Turtle parser does not report columns (0 = unknown) */
  ck_assert_msg(e.column == 0 || e.column == 16, "column %ld", e.column);
  ck_assert_int_ne(e.message[0], '\0');
  ck_assert_uint_eq(ls.added, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  /* N-Triples reports the column: '@' is the 23rd character */
  char *nt = put_file(dir, "bad.nt",
                      "<http://a> <http://b> <http://c> .\n"
                      "<http://a> <http://b> @@ .\n");
  ck_assert_int_eq(load(st, nt, NULL, NULL, &ls, &e), KG_ERR_SYNTAX);
  ck_assert_str_eq(e.file, nt);
  ck_assert_int_eq(e.line, 2);
  ck_assert_int_eq(e.column, 23);
  /* ... also in the first column */
  char *nt1 = put_file(dir, "bad1.nt",
                       "<http://a> <http://b> <http://c> .\n"
                       "@ <http://b> <http://c> .\n");
  ck_assert_int_eq(load(st, nt1, NULL, NULL, &ls, &e), KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 2);
  ck_assert_int_eq(e.column, 1);
  /* RDF/XML */
  char *xml = put_file(dir, "bad.rdf",
                       "<?xml version=\"1.0\"?>\n"
                       "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                       "22-rdf-syntax-ns#\">\n"
                       "<rdf:Description rdf:about=\"http://a\">\n"
                       "<foo>x</foo></rdf:Description>\n"
                       "</rdf:RDF>\n");
  ck_assert_int_eq(load(st, xml, NULL, NULL, &ls, &e), KG_ERR_SYNTAX);
  ck_assert_str_eq(e.file, xml);
  ck_assert_int_eq(e.line, 4);
  after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  kg_store_close(st);
  /* and nothing of it reached the disk */
  st = kgt_open(store, 0);
  after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  kg_store_close(st);
  free(before);
  free(xml);
  free(nt1);
  free(nt);
  free(bad);
  free(store);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_missing_file) {
  char *dir = kgt_tmpdir();
  char *path = kgt_path(dir, "nothing-here.ttl");
  kg_store *st = kgt_open("memory:", 0);
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(load(st, path, NULL, NULL, &ls, &e), KG_ERR_NOTFOUND);
  ck_assert_msg(strstr(e.message, path) != NULL, "message: %s", e.message);
  ck_assert_uint_eq(ls.triples, 0);
  ck_assert_int_eq(kg_load(st, "", NULL, NULL, &e), KG_ERR_ARG);
  ck_assert_int_eq(kg_load(st, NULL, NULL, NULL, &e), KG_ERR_ARG);
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
  free(path);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_unknown_syntax) {
  char *dir = kgt_tmpdir();
  char *path = put_file(dir, "a.ttl", samples[0].text);
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  ck_assert_int_eq(load(st, path, "n5", NULL, NULL, &e), KG_ERR_UNSUPPORTED);
  ck_assert_msg(strstr(e.message, "n5") != NULL, "message: %s", e.message);
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
  free(path);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_directory_as_file) {
  char *dir = kgt_tmpdir();
  char *sub = kgt_path(dir, "data.ttl");
  ck_assert_int_eq(mkdir(sub, 0755), 0);
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  kg_status r = load(st, sub, NULL, NULL, NULL, &e);
  ck_assert_int_eq(r, KG_ERR_ARG);
  ck_assert_msg(strstr(e.message, sub) && strstr(e.message, "directory"),
                "message: %s", e.message);
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
  free(sub);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

static Suite *load_syntax_suite(void) {
  Suite *s = suite_create("load_syntax");
  TCase *syn = tcase_create("syntax");
  tcase_set_timeout(syn, 120);
  tcase_add_test(syn, test_syntax_by_option);
  tcase_add_test(syn, test_syntax_by_extension);
  tcase_add_test(syn, test_syntax_by_content);
  tcase_add_test(syn, test_load_into_named_graph);
  tcase_add_test(syn, test_syntax_error_place);
  tcase_add_test(syn, test_missing_file);
  tcase_add_test(syn, test_unknown_syntax);
  tcase_add_test(syn, test_directory_as_file);
  suite_add_tcase(s, syn);
  return s;
}

KG_TEST_MAIN(load_syntax_suite)
