/* test_prefix.c - the prefix registry: well-known prefixes, setting and
 * removing, validation, sorted iteration, shrinking IRIs to names Turtle
 * can read, persistence, and prefixes declared by loaded files. */
#include "testutil.h"

#define EX "http://example.org/"

static const char *const well_known[][2] = {
  {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
  {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
  {"owl", "http://www.w3.org/2002/07/owl#"},
  {"xsd", "http://www.w3.org/2001/XMLSchema#"},
  {"skos", "http://www.w3.org/2004/02/skos/core#"},
  {"schema", "http://schema.org/"},
  {"org", "http://www.w3.org/ns/org#"},
  {"foaf", "http://xmlns.com/foaf/0.1/"},
  {"prov", "http://www.w3.org/ns/prov#"},
  {"dcterms", "http://purl.org/dc/terms/"},
  {"qb", "http://purl.org/linked-data/cube#"},
  {"wd", "http://www.wikidata.org/entity/"},
  {"wdt", "http://www.wikidata.org/prop/direct/"},
  {"dbr", "http://dbpedia.org/resource/"},
  {"geo", "http://www.opengis.net/ont/geosparql#"},
};
enum { NWELL = sizeof well_known / sizeof *well_known };

static void check_well_known(kg_store *st) {
  for (int i = 0; i < NWELL; i++) {
    const char *iri = kg_prefix_get(st, well_known[i][0]);
    ck_assert_msg(iri != NULL, "no prefix %s", well_known[i][0]);
    ck_assert_str_eq(iri, well_known[i][1]);
  }
  ck_assert_uint_ge(kg_prefix_count(st), NWELL);
}

START_TEST(test_well_known) {
  kg_store *st = kgt_open("memory:", 0);
  check_well_known(st);
  ck_assert_ptr_null(kg_prefix_get(st, "nosuch"));
  ck_assert_ptr_null(kg_prefix_get(st, ""));
  kg_store_close(st);
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "p.kg");
  st = kgt_open(dir, KG_OPEN_CREATE);
  check_well_known(st);
  kg_store_close(st);
  st = kgt_open(dir, KG_OPEN_READONLY);
  check_well_known(st);
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}
END_TEST

START_TEST(test_set_get_remove) {
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  size_t n = kg_prefix_count(st);
  ck_assert_int_eq(kg_prefix_set(st, "city", EX "city/", &e), KG_OK);
  ck_assert_str_eq(kg_prefix_get(st, "city"), EX "city/");
  ck_assert_uint_eq(kg_prefix_count(st), n + 1);
  /* setting again replaces */
  ck_assert_int_eq(kg_prefix_set(st, "city", EX "cities#", &e), KG_OK);
  ck_assert_str_eq(kg_prefix_get(st, "city"), EX "cities#");
  ck_assert_uint_eq(kg_prefix_count(st), n + 1);
  /* the empty name is Turtle's default prefix */
  ck_assert_int_eq(kg_prefix_set(st, "", EX "default#", &e), KG_OK);
  ck_assert_str_eq(kg_prefix_get(st, ""), EX "default#");
  /* a well-known one can be redefined and removed */
  ck_assert_int_eq(kg_prefix_set(st, "schema", "https://schema.org/", &e),
                   KG_OK);
  ck_assert_str_eq(kg_prefix_get(st, "schema"), "https://schema.org/");
  ck_assert_int_eq(kg_prefix_remove(st, "foaf", &e), KG_OK);
  ck_assert_ptr_null(kg_prefix_get(st, "foaf"));
  ck_assert_int_eq(kg_prefix_remove(st, "city", &e), KG_OK);
  ck_assert_ptr_null(kg_prefix_get(st, "city"));
  ck_assert_int_eq(kg_prefix_remove(st, "city", &e), KG_ERR_NOTFOUND);
  ck_assert_msg(strstr(e.message, "city") != NULL, "message: %s", e.message);
  ck_assert_int_eq(kg_prefix_remove(st, "", &e), KG_OK);
  ck_assert_ptr_null(kg_prefix_get(st, ""));
  ck_assert_uint_eq(kg_prefix_count(st), n - 1);
  /* names are case-sensitive */
  ck_assert_int_eq(kg_prefix_set(st, "Ex", EX, &e), KG_OK);
  ck_assert_ptr_null(kg_prefix_get(st, "ex"));
  kg_store_close(st);
}
END_TEST

START_TEST(test_invalid_rejected) {
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  size_t n = kg_prefix_count(st);
  static const char *const bad_names[] = {
    "1abc", "_x", "-a", "a b", "a:b", "a.", "a/b", "a#", "\xc3\x97",
    "a\xc3\x97", "\xc2\xb7" "a", "x\xe3\x80\x80", "a\tb",
  };
  for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; i++) {
    ck_assert_msg(kg_prefix_set(st, bad_names[i], EX, &e) == KG_ERR_ARG,
                  "name '%s' accepted", bad_names[i]);
    ck_assert_int_eq(e.status, KG_ERR_ARG);
    ck_assert_ptr_null(kg_prefix_get(st, bad_names[i]));
  }
  ck_assert_int_eq(kg_prefix_set(st, NULL, EX, &e), KG_ERR_ARG);
  static const char *const bad_iris[] = {
    "", "http://a b/", "http://a<b/", "<http://a/>", "http://a\"b/",
    "http://a\nb/", "http://a\tb/", "http://a{b}/", "http://a|b/",
    "http://a^b/", "http://a`b/", "http://a\\b/", "http://a\rb/",
  };
  for (size_t i = 0; i < sizeof bad_iris / sizeof *bad_iris; i++) {
    ck_assert_msg(kg_prefix_set(st, "bad", bad_iris[i], &e) == KG_ERR_ARG,
                  "IRI '%s' accepted", bad_iris[i]);
    ck_assert_ptr_null(kg_prefix_get(st, "bad"));
  }
  ck_assert_int_eq(kg_prefix_set(st, "bad", NULL, &e), KG_ERR_ARG);
  ck_assert_uint_eq(kg_prefix_count(st), n);
  /* names Turtle allows */
  static const char *const good[] = {
    "a", "a.b", "a-b", "a_b", "a1", "Z9", "城市", "caf\xc3\xa9", "a\xc2\xb7" "b",
  };
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    ck_assert_msg(kg_prefix_set(st, good[i], EX, &e) == KG_OK,
                  "name '%s' refused: %s", good[i], e.message);
    ck_assert_str_eq(kg_prefix_get(st, good[i]), EX);
  }
  kg_store_close(st);
}
END_TEST

START_TEST(test_sorted_iteration) {
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  ck_assert_int_eq(kg_prefix_set(st, "zzz", EX "z/", &e), KG_OK);
  ck_assert_int_eq(kg_prefix_set(st, "aaa", EX "a/", &e), KG_OK);
  ck_assert_int_eq(kg_prefix_set(st, "m", EX "m/", &e), KG_OK);
  ck_assert_int_eq(kg_prefix_set(st, "", EX "d/", &e), KG_OK);
  size_t n = kg_prefix_count(st);
  ck_assert_uint_eq(n, NWELL + 1 + 4); /* and dbo */
  const char *prev = NULL;
  int seen_zzz = 0, seen_empty = 0;
  for (size_t i = 0; i < n; i++) {
    const char *name, *iri;
    kg_prefix_at(st, i, &name, &iri);
    ck_assert_ptr_nonnull(name);
    ck_assert_ptr_nonnull(iri);
    ck_assert_str_eq(kg_prefix_get(st, name), iri);
    if (prev) ck_assert_msg(strcmp(prev, name) < 0, "'%s' before '%s'", prev,
                            name);
    prev = name;
    seen_zzz |= !strcmp(name, "zzz");
    seen_empty |= !strcmp(name, "");
  }
  ck_assert(seen_zzz && seen_empty);
  const char *name = "x", *iri = "y";
  kg_prefix_at(st, 0, &name, &iri);
  ck_assert_str_eq(name, ""); /* the empty name sorts first */
  kg_prefix_at(st, n, &name, &iri);
  ck_assert_ptr_null(name);
  ck_assert_ptr_null(iri);
  kg_store_close(st);
}
END_TEST

/* Shrinks and checks the result; NULL expected = refused. */
static void shrinks(kg_store *st, const char *iri, const char *expect) {
  char *got = kg_prefix_shrink(st, iri);
  if (!expect) {
    ck_assert_msg(got == NULL, "%s shrank to %s", iri, got);
    return;
  }
  ck_assert_msg(got && !strcmp(got, expect), "%s shrank to %s, not %s", iri,
                got ? got : "NULL", expect);
  free(got);
}

START_TEST(test_shrink) {
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  ck_assert_int_eq(kg_prefix_set(st, "ex", EX, &e), KG_OK);
  ck_assert_int_eq(kg_prefix_set(st, "exa", EX "a/", &e), KG_OK);
  /* the longest prefix wins */
  shrinks(st, EX "a/b", "exa:b");
  shrinks(st, EX "x", "ex:x");
  shrinks(st, "http://www.w3.org/2001/XMLSchema#integer", "xsd:integer");
  shrinks(st, "http://nowhere.example/x", NULL);
  /* local names Turtle can read */
  shrinks(st, EX, "ex:");
  shrinks(st, EX "a.b", "ex:a.b");
  shrinks(st, EX "123", "ex:123");
  shrinks(st, EX "_x", "ex:_x");
  shrinks(st, EX "a-b", "ex:a-b");
  shrinks(st, EX "杭州", "ex:杭州");
  shrinks(st, EX "a\xc2\xb7" "b", "ex:a\xc2\xb7" "b");
  /* and those it cannot (they need escapes or are not PN_LOCAL) */
  shrinks(st, EX "x/y", NULL);
  shrinks(st, EX "x.", NULL);
  shrinks(st, EX "-x", NULL);
  shrinks(st, EX "x?y", NULL);
  shrinks(st, EX "x#y", NULL);
  shrinks(st, EX "x~y", NULL);
  shrinks(st, EX ".x", NULL);
  shrinks(st, EX "a\xc3\x97" "b", NULL);   /* U+00D7 MULTIPLICATION SIGN */
  shrinks(st, EX "a\xc3\xb7" "b", NULL);   /* U+00F7 DIVISION SIGN */
  shrinks(st, EX "\xc2\xb7" "x", NULL);    /* U+00B7 cannot start */
  shrinks(st, EX "x\xe3\x80\x80y", NULL);  /* U+3000 IDEOGRAPHIC SPACE */
  shrinks(st, EX "x\xc2\xa9", NULL);       /* U+00A9 COPYRIGHT SIGN */
  shrinks(st, EX "x\xe2\x80\x94y", NULL);  /* U+2014 EM DASH */
  shrinks(st, EX "x\xef\xbf\xbf", NULL);   /* U+FFFF */
  shrinks(st, EX "x\xff", NULL);           /* not UTF-8 */
  /* a refused local name falls back to a shorter prefix that works */
  shrinks(st, EX "a/b/c", NULL);
  ck_assert_int_eq(kg_prefix_set(st, "exab", EX "a/b/", &e), KG_OK);
  shrinks(st, EX "a/b/c", "exab:c");
  /* a shrunk name reads back as the IRI */
  static const char *const iris[] = {EX "a.b", EX "123", EX "杭州",
                                     EX "a/b/c"};
  for (size_t i = 0; i < sizeof iris / sizeof *iris; i++) {
    char *name = kg_prefix_shrink(st, iris[i]);
    ck_assert_ptr_nonnull(name);
    char ttl[512];
    snprintf(ttl, sizeof ttl,
             "@prefix ex: <" EX "> . @prefix exab: <" EX "a/b/> .\n"
             "<" EX "s> <" EX "p> %s .\n",
             name);
    kg_store *copy = kgt_open("memory:", 0);
    kgt_load_str(copy, ttl, "turtle", NULL);
    kg_term o = kg_iri(iris[i]);
    ck_assert_int_eq(kgt_count(copy, NULL, NULL, &o, NULL), 1);
    kg_store_close(copy);
    free(name);
  }
  kg_store_close(st);
}
END_TEST

START_TEST(test_persistence) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "p.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kg_error e;
  ck_assert_int_eq(kg_prefix_set(st, "city", EX "city/", &e), KG_OK);
  ck_assert_int_eq(kg_prefix_set(st, "", EX "default#", &e), KG_OK);
  ck_assert_int_eq(kg_prefix_set(st, "schema", "https://schema.org/", &e),
                   KG_OK);
  ck_assert_int_eq(kg_prefix_remove(st, "foaf", &e), KG_OK);
  ck_assert_int_eq(kg_prefix_set(st, "gone", EX "gone/", &e), KG_OK);
  ck_assert_int_eq(kg_prefix_remove(st, "gone", &e), KG_OK);
  size_t n = kg_prefix_count(st);
  kg_store_close(st);
  for (int ro = 0; ro < 2; ro++) {
    st = kgt_open(dir, ro ? KG_OPEN_READONLY : 0);
    ck_assert_uint_eq(kg_prefix_count(st), n);
    ck_assert_str_eq(kg_prefix_get(st, "city"), EX "city/");
    ck_assert_str_eq(kg_prefix_get(st, ""), EX "default#");
    ck_assert_str_eq(kg_prefix_get(st, "schema"), "https://schema.org/");
    ck_assert_ptr_null(kg_prefix_get(st, "gone"));
    ck_assert_msg(kg_prefix_get(st, "foaf") == NULL,
                  "a removed well-known prefix came back after reopening");
    ck_assert_str_eq(kg_prefix_get(st, "rdf"), well_known[0][1]);
    kg_store_close(st);
  }
  /* a refused IRI leaves the saved registry intact */
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_prefix_set(st, "evil", EX "x\nrdf " EX "evil#", &e),
                   KG_ERR_ARG);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_uint_eq(kg_prefix_count(st), n);
  ck_assert_str_eq(kg_prefix_get(st, "rdf"), well_known[0][1]);
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}
END_TEST

START_TEST(test_loaded_prefixes) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "p.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kg_error e;
  ck_assert_int_eq(kg_prefix_set(st, "ex", "http://mine.example/", &e),
                   KG_OK);
  kgt_load_str(st,
               "@prefix ex: <" EX "> .\n"
               "@prefix city: <" EX "city/> .\n"
               "city:hz ex:p ex:o .\n",
               "turtle", NULL);
  ck_assert_str_eq(kg_prefix_get(st, "ex"), "http://mine.example/");
  ck_assert_str_eq(kg_prefix_get(st, "city"), EX "city/");
  /* a later file does not replace what an earlier one declared */
  kgt_load_str(st, "@prefix city: <http://other.example/> .\n"
                   "<" EX "s> <" EX "p> <" EX "o> .\n",
               "turtle", NULL);
  ck_assert_str_eq(kg_prefix_get(st, "city"), EX "city/");
  /* but the user can */
  ck_assert_int_eq(kg_prefix_set(st, "city", "http://other.example/", &e),
                   KG_OK);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_str_eq(kg_prefix_get(st, "ex"), "http://mine.example/");
  ck_assert_str_eq(kg_prefix_get(st, "city"), "http://other.example/");
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}
END_TEST

static Suite *prefix_suite(void) {
  Suite *s = suite_create("prefix");
  TCase *tc = tcase_create("prefix");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_well_known);
  tcase_add_test(tc, test_set_get_remove);
  tcase_add_test(tc, test_invalid_rejected);
  tcase_add_test(tc, test_sorted_iteration);
  tcase_add_test(tc, test_shrink);
  tcase_add_test(tc, test_persistence);
  tcase_add_test(tc, test_loaded_prefixes);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(prefix_suite)
