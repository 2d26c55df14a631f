/* test_load.c - loading RDF: every syntax chosen by option, extension
 * and content; target graphs; errors and their places; all-or-nothing;
 * Unicode; blank node scopes; prefixes; progress and cancelling; strings
 * and stdin; the bulk path for large files. */
#include "testutil.h"

#define EX "http://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define HANGZHOU "\xe6\x9d\xad\xe5\xb7\x9e"

/* ------------------------------------------------------------ samples */

/* The same two statements in every syntax; N-Quads and TriG put the
 * name in graph ex:g1. */
#define NAME_NT "<" EX "a> <" EX "name> \"" HANGZHOU "\"@zh"
#define POP_NT "<" EX "a> <" EX "pop> \"12000000\"^^<" XSD "integer>"
#define TRIPLES NAME_NT " .\n" POP_NT " .\n"
#define QUADS NAME_NT " <" EX "g1> .\n" POP_NT " .\n"

typedef struct sample {
  const char *syntax, *ext, *text, *expect;
} sample;

static const sample samples[] = {
  {"turtle", ".ttl",
   "@prefix ex: <http://example.org/> .\n"
   "ex:a ex:name \"" HANGZHOU "\"@zh ;\n"
   "     ex:pop 12000000 .\n",
   TRIPLES},
  {"ntriples", ".nt", NAME_NT " .\n" POP_NT " .\n", TRIPLES},
  {"nquads", ".nq", NAME_NT " <" EX "g1> .\n" POP_NT " .\n", QUADS},
  {"trig", ".trig",
   "@prefix ex: <http://example.org/> .\n"
   "ex:g1 { ex:a ex:name \"" HANGZHOU "\"@zh . }\n"
   "ex:a ex:pop 12000000 .\n",
   QUADS},
  {"rdfxml", ".rdf",
   "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
   "         xmlns:ex=\"http://example.org/\">\n"
   "  <rdf:Description rdf:about=\"http://example.org/a\">\n"
   "    <ex:name xml:lang=\"zh\">" HANGZHOU "</ex:name>\n"
   "    <ex:pop rdf:datatype=\"" XSD "integer\">12000000</ex:pop>\n"
   "  </rdf:Description>\n"
   "</rdf:RDF>\n",
   TRIPLES},
  {"rdfa", ".xhtml",
   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
   "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML+RDFa 1.0//EN\" "
   "\"http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd\">\n"
   "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
   "xmlns:ex=\"http://example.org/\" xmlns:xsd=\"" XSD "\" "
   "xml:lang=\"en\">\n"
   "<head><title>City</title></head>\n"
   "<body about=\"http://example.org/a\">\n"
   "<p><span property=\"ex:name\" xml:lang=\"zh\">" HANGZHOU "</span> has\n"
   "<span property=\"ex:pop\" datatype=\"xsd:integer\" "
   "content=\"12000000\">12 million</span> people.</p>\n"
   "</body>\n</html>\n",
   TRIPLES},
  {"json", ".json",
   "{\n"
   "  \"http://example.org/a\" : {\n"
   "    \"http://example.org/name\" : [ { \"value\" : \"" HANGZHOU "\", "
   "\"type\" : \"literal\", \"lang\" : \"zh\" } ],\n"
   "    \"http://example.org/pop\" : [ { \"value\" : \"12000000\", "
   "\"type\" : \"literal\", \"datatype\" : \"" XSD "integer\" } ]\n"
   "  }\n"
   "}\n",
   TRIPLES},
};
enum { NSAMPLES = sizeof samples / sizeof *samples };

static kg_term iri(const char *s) { return kg_iri(s); }

/* Writes text to dir/name; returns the path (free()). */
static char *put_file(const char *dir, const char *name, const char *text) {
  char *p = kgt_path(dir, name);
  kgt_write_file(p, text);
  return p;
}

static kg_status load(kg_store *st, const char *path, const char *syntax,
                      const char *graph, kg_load_stats *ls, kg_error *e) {
  kg_load_options o = {syntax, graph, NULL, NULL, NULL};
  return kg_load(st, path, &o, ls, e);
}

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

START_TEST(test_syntax_error_after_bulk_start) {
  /* an error after more statements than the in-memory path takes */
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "big-bad.nt");
  enum { N = 320000 };
  kgt_gen_ntriples(file, N);
  FILE *f = fopen(file, "ab");
  fputs("<http://example.org/x> broken .\n", f);
  fclose(f);
  char *store = kgt_path(dir, "s.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(load(st, file, NULL, NULL, &ls, &e), KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, N + 1);
  ck_assert_int_eq(e.column, 24);
  ck_assert_uint_eq(ls.triples, N);
  ck_assert_uint_eq(ls.added, 0);
  ck_assert_int_eq(kg_store_size(st), 2);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  /* the store still takes changes */
  kgt_load_str(st, "<http://example.org/ok> <http://example.org/p> 1 .",
               "turtle", NULL);
  kg_store_close(st);
  st = kgt_open(store, 0);
  ck_assert_int_eq(kg_store_size(st), 3);
  kg_store_close(st);
  free(before);
  free(store);
  free(file);
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

START_TEST(test_blank_nodes_across_reopen) {
  /* blank node scopes continue after reopening a directory store (also
   * after a checkpoint), so a file loaded again gets new nodes */
  char *dir = kgt_tmpdir();
  char *store = kgt_path(dir, "b.kg");
  const char *nt = "_:n <http://example.org/p> \"x\" .\n";
  kg_term p = iri(EX "p");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, nt, "ntriples", NULL);
  kg_store_close(st);
  st = kgt_open(store, 0);
  kgt_load_str(st, nt, "ntriples", NULL);
  ck_assert_int_eq(kgt_count(st, NULL, &p, NULL, NULL), 2);
  /* a big commit merges everything into a new index generation */
  kg_error e;
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  for (int i = 0; i < 210000; i++) {
    char s[64];
    snprintf(s, sizeof s, EX "n%d", i);
    kgt_add(st, iri(s), iri(EX "q"), iri(EX "o"), KGT_NOGRAPH);
  }
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  kg_store_close(st);
  st = kgt_open(store, 0);
  kgt_load_str(st, nt, "ntriples", NULL);
  ck_assert_int_eq(kgt_count(st, NULL, &p, NULL, NULL), 3);
  kg_store_close(st);
  free(store);
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

/* ----------------------------------------------------------- progress */

typedef struct prog {
  int calls, cancel_at;
  unsigned long long bytes[64], triples[64];
} prog;

static int on_progress(void *data, unsigned long long bytes,
                       unsigned long long triples) {
  prog *p = data;
  if (p->calls < 64) {
    p->bytes[p->calls] = bytes;
    p->triples[p->calls] = triples;
  }
  p->calls++;
  return p->cancel_at && p->calls >= p->cancel_at;
}

START_TEST(test_progress_reports) {
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  enum { N = 250000 };
  long size = kgt_gen_ntriples(file, N);
  kg_store *st = kgt_open("memory:", 0);
  prog p = {0};
  kg_load_options o = {NULL, NULL, NULL, on_progress, &p};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_OK);
  ck_assert_int_ge(p.calls, 3);
  ck_assert_int_le(p.calls, 64);
  for (int i = 1; i < p.calls; i++) {
    ck_assert_uint_ge(p.bytes[i], p.bytes[i - 1]);
    ck_assert_uint_ge(p.triples[i], p.triples[i - 1]);
  }
  ck_assert_uint_gt(p.triples[p.calls - 1], p.triples[0]);
  ck_assert_uint_gt(p.bytes[0], 0);
  ck_assert_uint_lt(p.bytes[0], (unsigned long long)size);
  ck_assert_uint_eq(p.triples[p.calls - 1], N);
  ck_assert_uint_eq(p.bytes[p.calls - 1], (unsigned long long)size);
  ck_assert_uint_eq(ls.bytes, (unsigned long long)size);
  ck_assert_uint_eq(ls.triples, N);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_progress_cancels) {
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  kgt_gen_ntriples(file, 250000);
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  prog p = {0};
  p.cancel_at = 1;
  kg_load_options o = {NULL, NULL, NULL, on_progress, &p};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_ERR_CANCELLED);
  ck_assert_int_eq(e.status, KG_ERR_CANCELLED);
  ck_assert_int_eq(p.calls, 1);
  ck_assert_uint_eq(ls.added, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  /* a later load works */
  p.calls = 0;
  p.cancel_at = 0;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), 250002);
  kg_store_close(st);
  free(before);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_progress_cancels_bulk_load) {
  /* cancelled after the load went to the bulk path of a directory */
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  kgt_gen_ntriples(file, 400000);
  char *store = kgt_path(dir, "c.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  prog p = {0};
  p.cancel_at = 3; /* at 300000 statements */
  kg_load_options o = {NULL, NULL, NULL, on_progress, &p};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_ERR_CANCELLED);
  ck_assert_uint_eq(p.triples[2], 300000);
  ck_assert_uint_eq(ls.added, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  kg_store_close(st);
  st = kgt_open(store, 0);
  after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  kg_store_close(st);
  free(before);
  free(store);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

/* Interrupts the store from the progress callback, as a signal handler
 * would in the middle of a load. */
typedef struct intr {
  kg_store *st;
  int calls;
} intr;

static int interrupt_now(void *data, unsigned long long bytes,
                         unsigned long long triples) {
  intr *i = data;
  (void)bytes, (void)triples;
  if (++i->calls == 1) kg_store_interrupt(i->st);
  return 0;
}

START_TEST(test_interrupt) {
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  kgt_gen_ntriples(file, 250000);
  char *store = kgt_path(dir, "i.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  intr i = {st, 0};
  kg_load_options o = {NULL, NULL, NULL, interrupt_now, &i};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_ERR_CANCELLED);
  ck_assert_uint_lt(ls.triples, 250000);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  /* an interrupt that came while nothing ran does not stop the next
   * call: the flag is cleared when a call starts */
  kg_store_interrupt(st);
  ck_assert_int_eq(kg_load(st, file, NULL, &ls, &e), KG_OK);
  ck_assert_uint_eq(ls.added, 250000);
  kg_store_interrupt(st);
  const char *ttl = "<http://example.org/x> <http://example.org/p> 1 .";
  ck_assert_int_eq(kg_load_string(st, ttl, strlen(ttl), "x.ttl", NULL, &ls,
                                  &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), 250003);
  kg_store_interrupt(NULL); /* harmless */
  kg_store_close(st);
  free(before);
  free(store);
  free(file);
  kgt_rmrf(dir);
  free(dir);
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
  kg_load_options o = {a->syntax, NULL, NULL, NULL, NULL};
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

/* --------------------------------------------------------- bulk loads */

/* A temporary directory holding an N-Triples file of n statements
 * (kgt_gen_ntriples) and the path of a store beside it. */
typedef struct bigfile {
  char *dir, *file, *store;
  long size;
} bigfile;

static bigfile bigfile_new(long n) {
  bigfile b;
  b.dir = kgt_tmpdir();
  b.file = kgt_path(b.dir, "big.nt");
  b.size = kgt_gen_ntriples(b.file, n);
  b.store = kgt_path(b.dir, "big.kg");
  return b;
}

static void bigfile_free(bigfile *b) {
  kgt_rmrf(b->dir);
  free(b->store);
  free(b->file);
  free(b->dir);
}

/* Loads b's file into st; asserts success and returns what it added. */
static unsigned long long load_big(kg_store *st, const bigfile *b) {
  kg_load_stats ls;
  kg_error e;
  ck_assert_msg(load(st, b->file, NULL, NULL, &ls, &e) == KG_OK, "%s",
                e.message);
  return ls.added;
}

START_TEST(test_bulk_load) {
  enum { N = 400000 };
  bigfile b = bigfile_new(N);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  kg_load_stats ls;
  kg_error e;
  ck_assert_msg(load(st, b.file, NULL, NULL, &ls, &e) == KG_OK, "%s",
                e.message);
  ck_assert_uint_eq(ls.triples, N);
  ck_assert_uint_eq(ls.added, N);
  ck_assert_uint_eq(ls.bytes, (unsigned long long)b.size);
  ck_assert_str_eq(ls.syntax, "ntriples");
  ck_assert_int_eq(kg_store_size(st), N);
  kg_term s0 = iri(EX "s0"), last = kg_literal("value 399999", NULL, NULL);
  ck_assert_int_eq(kgt_count(st, &s0, NULL, NULL, NULL), 10);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  ck_assert_int_eq(kg_store_size(st), N);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  /* the same file again adds nothing */
  ck_assert_int_eq(load_big(st, &b), 0);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  bigfile_free(&b);
}
END_TEST

START_TEST(test_bulk_load_many_runs) {
  /* a load of more sorted runs than one merge reads (64) merges them in
   * groups as it goes instead of failing at its end ("too many sorted
   * runs"): 4,000 runs of 5 fold into 15 of level 2 and 10 of level 1 */
  enum { N = 20000 };
  bigfile b = bigfile_new(N);
  setenv("KG_BULK_MIN", "1000", 1);
  setenv("KG_RUN_KEYS", "5", 1);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  ck_assert_uint_eq(load_big(st, &b), N);
  unsetenv("KG_BULK_MIN");
  unsetenv("KG_RUN_KEYS");
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  kg_term last = kg_literal("value 19999", NULL, NULL);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  bigfile_free(&b);
}
END_TEST

/* Size of a file of the store, -1 if missing. */
static long file_size(const char *store, const char *name) {
  char *p = kgt_path(store, name);
  struct stat sb;
  long n = stat(p, &sb) == 0 ? (long)sb.st_size : -1;
  free(p);
  return n;
}

START_TEST(test_dictionary_larger_than_its_pool) {
  /* terms.idx is read and written through a pool of blocks: with 4
   * blocks for a table of 256, nearly every lookup evicts a changed
   * block. What was written back must be found again: loading the same
   * file after reopening adds no statement and no term. */
  enum { N = 20000 };
  bigfile b = bigfile_new(N);
  setenv("KG_DICT_POOL", "4", 1);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  ck_assert_uint_eq(load_big(st, &b), N);
  kg_store_close(st);
  long terms = file_size(b.store, "terms.off");
  ck_assert_int_gt(terms, 8 * N);
  st = kgt_open(b.store, 0);
  ck_assert_uint_eq(load_big(st, &b), 0);
  kg_term last = kg_literal("value 19999", NULL, NULL);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  kg_store_close(st);
  ck_assert_int_eq(file_size(b.store, "terms.off"), terms);
  /* a lost terms.idx is rebuilt from the records, through the pool too */
  char *idx = kgt_path(b.store, "terms.idx");
  ck_assert_int_eq(unlink(idx), 0);
  free(idx);
  st = kgt_open(b.store, 0);
  ck_assert_uint_eq(load_big(st, &b), 0);
  kg_store_close(st);
  unsetenv("KG_DICT_POOL");
  ck_assert_int_eq(file_size(b.store, "terms.off"), terms);
  bigfile_free(&b);
}
END_TEST

START_TEST(test_bulk_load_counts_only_new) {
  /* statements committed before the load (not yet merged into the
   * index) are not counted as added by it */
  enum { N = 400000 };
  bigfile b = bigfile_new(N);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  kgt_add(st, iri(EX "s0"), iri(EX "p0"), kg_literal("value 0", NULL, NULL),
          KGT_NOGRAPH); /* in the file */
  kgt_add(st, iri(EX "other"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kgt_add(st, iri(EX "gone"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kg_quad gone = kgt_quad(iri(EX "gone"), iri(EX "p"), iri(EX "o"),
                          KGT_NOGRAPH);
  kg_error e;
  ck_assert_int_eq(kg_store_remove(st, &gone, NULL, &e), KG_OK);
  ck_assert_uint_eq(load_big(st, &b), N - 1);
  ck_assert_int_eq(kg_store_size(st), N + 1);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  ck_assert_int_eq(kg_store_size(st), N + 1);
  kg_term g = iri(EX "gone");
  ck_assert_int_eq(kgt_count(st, &g, NULL, NULL, NULL), 0);
  kg_store_close(st);
  bigfile_free(&b);
}
END_TEST

static Suite *load_suite(void) {
  Suite *s = suite_create("load");
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
  tcase_add_test(syn, test_unicode_and_language_tags);
  tcase_add_test(syn, test_blank_nodes_per_load);
  tcase_add_test(syn, test_prefixes_from_file);
  tcase_add_test(syn, test_failed_load_declares_nothing);
  tcase_add_test(syn, test_load_string);
  tcase_add_test(syn, test_load_stdin);
  suite_add_tcase(s, syn);

  TCase *big = tcase_create("large");
  tcase_set_timeout(big, 600);
  tcase_add_test(big, test_syntax_error_after_bulk_start);
  tcase_add_test(big, test_progress_reports);
  tcase_add_test(big, test_progress_cancels);
  tcase_add_test(big, test_progress_cancels_bulk_load);
  tcase_add_test(big, test_interrupt);
  tcase_add_test(big, test_blank_nodes_across_reopen);
  tcase_add_test(big, test_bulk_load);
  tcase_add_test(big, test_bulk_load_counts_only_new);
  tcase_add_test(big, test_bulk_load_many_runs);
  tcase_add_test(big, test_dictionary_larger_than_its_pool);
  suite_add_tcase(s, big);
  return s;
}

KG_TEST_MAIN(load_suite)
