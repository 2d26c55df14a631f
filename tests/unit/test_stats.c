/* test_stats.c - kg_store_stats on a small dataset whose every number is
 * known: sizes, distinct terms, graphs, the most used predicates and
 * classes, and the order of ties. */
#include "testutil.h"

#define EX "http://example.org/"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

/* Default graph: 10 statements. g1: 2 (one repeats a default-graph
 * triple). g2: 1.
 *   subjects   alice bob carol hz dave                      5
 *   predicates rdf:type name knows age                      4
 *   objects    Person Student City "Alice" "Bob" "Carol"
 *              "杭州"@zh bob 30                             9
 *   classes    Person (3) Student (2) City (1)              3
 *   terms      the 17 above with the graphs g1 and g2      19
 *   predicate uses (each triple once): type 6, name 4, knows 1, age 1 */
static const char data[] =
    "@prefix ex: <http://example.org/> .\n"
    "ex:alice a ex:Person ; ex:name \"Alice\" ; ex:knows ex:bob .\n"
    "ex:bob a ex:Person ; ex:name \"Bob\" .\n"
    "ex:carol a ex:Person, ex:Student ; ex:name \"Carol\" .\n"
    "ex:hz a ex:City ; ex:name \"杭州\"@zh .\n"
    "ex:g1 { ex:alice ex:age 30 . ex:hz a ex:City . }\n"
    "ex:g2 { ex:dave a ex:Student . }\n";

/* The same statements, written in another order (so that the terms get
 * other ids). */
static const char data_reordered[] =
    "@prefix ex: <http://example.org/> .\n"
    "ex:g2 { ex:dave a ex:Student . }\n"
    "ex:g1 { ex:hz a ex:City . ex:alice ex:age 30 . }\n"
    "ex:hz ex:name \"杭州\"@zh ; a ex:City .\n"
    "ex:carol ex:name \"Carol\" ; a ex:Student, ex:Person .\n"
    "ex:bob ex:name \"Bob\" ; a ex:Person .\n"
    "ex:alice ex:knows ex:bob ; ex:name \"Alice\" ; a ex:Person .\n";

static kg_stats *stats(kg_store *st, size_t top) {
  kg_stats *s = NULL;
  kg_error e;
  kg_status r = kg_store_stats(st, top, &s, &e);
  ck_assert_msg(r == KG_OK, "stats: %s", e.message);
  ck_assert_ptr_nonnull(s);
  return s;
}

static void check_count(const kg_count *c, const char *iri,
                        unsigned long long n) {
  if (!iri) ck_assert_ptr_null(c->iri);
  else ck_assert_msg(c->iri && !strcmp(c->iri, iri), "%s, not %s",
                     c->iri ? c->iri : "(default)", iri);
  ck_assert_uint_eq(c->n, n);
}

/* Every field for the dataset, with `top` >= 4. */
static void check_full(const kg_stats *s) {
  ck_assert_uint_eq(s->triples, 13);
  ck_assert_uint_eq(s->subjects, 5);
  ck_assert_uint_eq(s->predicates, 4);
  ck_assert_uint_eq(s->objects, 9);
  ck_assert_uint_eq(s->classes, 3);
  ck_assert_uint_eq(s->terms, 19);
  ck_assert_uint_eq(s->ngraphs, 3);
  check_count(&s->graphs[0], NULL, 10);
  /* named graphs in a fixed order: by name */
  check_count(&s->graphs[1], EX "g1", 2);
  check_count(&s->graphs[2], EX "g2", 1);
  ck_assert_uint_eq(s->npredicates, 4);
  check_count(&s->top_predicates[0], RDF_TYPE, 6);
  check_count(&s->top_predicates[1], EX "name", 4);
  /* a tie: by IRI */
  check_count(&s->top_predicates[2], EX "age", 1);
  check_count(&s->top_predicates[3], EX "knows", 1);
  ck_assert_uint_eq(s->nclasses, 3);
  check_count(&s->top_classes[0], EX "Person", 3);
  check_count(&s->top_classes[1], EX "Student", 2);
  check_count(&s->top_classes[2], EX "City", 1);
}

START_TEST(test_every_field) {
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st, data, "trig", NULL);
  ck_assert_int_eq(kg_store_size(st), 13);
  kg_stats *s = stats(st, 10);
  check_full(s);
  kg_stats_free(s);
  kg_store_close(st);
}
END_TEST

START_TEST(test_top_limits) {
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st, data, "trig", NULL);
  kg_stats *s = stats(st, 2);
  ck_assert_uint_eq(s->npredicates, 2);
  check_count(&s->top_predicates[0], RDF_TYPE, 6);
  check_count(&s->top_predicates[1], EX "name", 4);
  ck_assert_uint_eq(s->nclasses, 2);
  check_count(&s->top_classes[0], EX "Person", 3);
  check_count(&s->top_classes[1], EX "Student", 2);
  /* the totals do not depend on top */
  ck_assert_uint_eq(s->predicates, 4);
  ck_assert_uint_eq(s->classes, 3);
  ck_assert_uint_eq(s->ngraphs, 3);
  kg_stats_free(s);
  s = stats(st, 0);
  ck_assert_uint_eq(s->npredicates, 0);
  ck_assert_uint_eq(s->nclasses, 0);
  ck_assert_uint_eq(s->triples, 13);
  ck_assert_uint_eq(s->ngraphs, 3);
  kg_stats_free(s);
  kg_store_close(st);
}
END_TEST

START_TEST(test_ties_deterministic) {
  /* the same data loaded in another order gives the same statistics,
   * ties included */
  kg_store *a = kgt_open("memory:", 0), *b = kgt_open("memory:", 0);
  kgt_load_str(a, data, "trig", NULL);
  kgt_load_str(b, data_reordered, "trig", NULL);
  kg_stats *sa = stats(a, 10), *sb = stats(b, 10);
  check_full(sa);
  check_full(sb);
  kg_stats_free(sb);
  /* and again on the same store */
  sb = stats(a, 10);
  check_full(sb);
  kg_stats_free(sa);
  kg_stats_free(sb);
  /* several equal classes */
  kg_store *c = kgt_open("memory:", 0);
  kgt_load_str(c,
               "@prefix ex: <http://example.org/> .\n"
               "ex:x1 a ex:Zebra . ex:x2 a ex:Ant . ex:x3 a ex:Moth .\n"
               "ex:x4 a ex:Moth . ex:x5 a ex:Ant .\n",
               "turtle", NULL);
  kg_stats *sc = stats(c, 10);
  ck_assert_uint_eq(sc->nclasses, 3);
  check_count(&sc->top_classes[0], EX "Ant", 2);
  check_count(&sc->top_classes[1], EX "Moth", 2);
  check_count(&sc->top_classes[2], EX "Zebra", 1);
  kg_stats_free(sc);
  kg_store_close(c);
  kg_store_close(a);
  kg_store_close(b);
}
END_TEST

START_TEST(test_empty_store) {
  kg_store *st = kgt_open("memory:", 0);
  kg_stats *s = stats(st, 10);
  ck_assert_uint_eq(s->triples, 0);
  ck_assert_uint_eq(s->subjects, 0);
  ck_assert_uint_eq(s->predicates, 0);
  ck_assert_uint_eq(s->objects, 0);
  ck_assert_uint_eq(s->classes, 0);
  ck_assert_uint_eq(s->terms, 0);
  ck_assert_uint_eq(s->ngraphs, 1);
  check_count(&s->graphs[0], NULL, 0);
  ck_assert_uint_eq(s->npredicates, 0);
  ck_assert_uint_eq(s->nclasses, 0);
  kg_stats_free(s);
  kg_store_close(st);
}
END_TEST

START_TEST(test_changes_and_reopen) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "s.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kgt_load_str(st, data, "trig", NULL);
  kg_stats *s = stats(st, 10);
  check_full(s);
  kg_stats_free(s);
  kg_store_close(st);
  st = kgt_open(dir, KG_OPEN_READONLY);
  s = stats(st, 10);
  check_full(s);
  kg_stats_free(s);
  kg_store_close(st);
  /* removing dave's statement empties g2 and one Student */
  st = kgt_open(dir, 0);
  kg_quad q = kgt_quad(kg_iri(EX "dave"), kg_iri(RDF_TYPE),
                       kg_iri(EX "Student"), kg_iri(EX "g2"));
  kg_error e;
  int changed = 0;
  ck_assert_int_eq(kg_store_remove(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  s = stats(st, 10);
  ck_assert_uint_eq(s->triples, 12);
  ck_assert_uint_eq(s->subjects, 4);
  ck_assert_uint_eq(s->classes, 3);
  ck_assert_uint_eq(s->ngraphs, 2);
  check_count(&s->graphs[1], EX "g1", 2);
  check_count(&s->top_predicates[0], RDF_TYPE, 5);
  check_count(&s->top_classes[0], EX "Person", 3);
  check_count(&s->top_classes[1], EX "City", 1);
  check_count(&s->top_classes[2], EX "Student", 1);
  /* terms count what the statements use: dave and g2 are gone */
  ck_assert_uint_eq(s->terms, 17);
  kg_stats_free(s);
  /* a failed load leaves them as they were */
  const char *bad = "<http://example.org/new1> <http://example.org/new2> "
                    "<http://example.org/new3> .\n<http://example.org/x> @@ .\n";
  ck_assert_int_eq(kg_load_string(st, bad, strlen(bad), "bad.nt", NULL, NULL,
                                  &e), KG_ERR_SYNTAX);
  s = stats(st, 10);
  ck_assert_uint_eq(s->terms, 17);
  ck_assert_uint_eq(s->triples, 12);
  kg_stats_free(s);
  /* inside a transaction the statistics see its changes */
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  kgt_add(st, kg_iri(EX "eve"), kg_iri(RDF_TYPE), kg_iri(EX "Robot"),
          KGT_NOGRAPH);
  s = stats(st, 10);
  ck_assert_uint_eq(s->triples, 13);
  ck_assert_uint_eq(s->classes, 4);
  kg_stats_free(s);
  ck_assert_int_eq(kg_store_rollback(st, &e), KG_OK);
  s = stats(st, 10);
  ck_assert_uint_eq(s->classes, 3);
  kg_stats_free(s);
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}
END_TEST

static Suite *stats_suite(void) {
  Suite *s = suite_create("stats");
  TCase *tc = tcase_create("stats");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_every_field);
  tcase_add_test(tc, test_top_limits);
  tcase_add_test(tc, test_ties_deterministic);
  tcase_add_test(tc, test_empty_store);
  tcase_add_test(tc, test_changes_and_reopen);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(stats_suite)
