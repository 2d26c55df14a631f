/* test_topk.c - ORDER BY under a LIMIT: the optimizer's top-k (a bounded
 * heap) must give exactly the rows, in exactly the order, that the full
 * sort gives and then slices: ties, OFFSET, a k larger than the input,
 * DESC with unbound values, every kind of term. */
#include "testutil.h"

static const char *DATA =
    "@prefix : <http://ex.org/> .\n"
    ":a a :T ; :v 3 .\n"
    ":b a :T ; :v 1 .\n"
    ":c a :T ; :v 3 .\n"
    ":d a :T ; :v 2 .\n"
    ":e a :T .\n"
    ":f a :T ; :v \"x\" .\n"
    ":g a :T ; :v :iri .\n"
    ":h a :T ; :v _:bn .\n"
    ":i a :T ; :v 1.0 .\n"
    ":j a :T ; :v 3 .\n"
    ":k a :T .\n"
    ":l a :T ; :v \"x\"@en .\n"
    ":m a :T ; :v 2 .\n";

#define HEAD "PREFIX : <http://ex.org/> SELECT ?s ?v WHERE { ?s a :T OPTIONAL { ?s :v ?v } "
#define PAT HEAD "} "

static kg_store *st;

static void setup(void) { st = kgt_memory_with(DATA); }

static void teardown(void) {
  kg_store_close(st);
  st = NULL;
}

/* The rows of a query, in the order given, as "s v\n" lines (local
 * names, "-" for unbound); *n their number. */
static char *rows(const char *q, int *n) {
  kg_result *r;
  kg_error err;
  ck_assert_msg(kg_query(st, q, NULL, &r, &err) == KG_OK, "%s: %s", q,
                err.message);
  size_t cap = 4096, len = 0;
  char *out = calloc(1, cap);
  *n = 0;
  while (kg_result_next(r, &err) > 0) {
    for (size_t c = 0; c < kg_result_columns(r); c++) {
      const kg_term *t = kg_result_value(r, c);
      const char *v = t->kind ? t->value : "-";
      const char *slash = t->kind == KG_TERM_IRI ? strrchr(v, '/') : NULL;
      len += (size_t)snprintf(out + len, cap - len, "%s%s", c ? " " : "",
                              slash ? slash + 1 : v);
      ck_assert(len < cap - 64);
    }
    out[len++] = '\n';
    (*n)++;
  }
  kg_result_free(r);
  return out;
}

/* Lines [from, from + count) of text. */
static char *lines(const char *text, int from, int count) {
  const char *p = text;
  for (int i = 0; i < from && *p; i++) p = strchr(p, '\n') + 1;
  const char *e = p;
  for (int i = 0; i < count && *e; i++) e = strchr(e, '\n') + 1;
  return strndup(p, (size_t)(e - p));
}

static int explained_top(const char *q) {
  kg_query_options o = {0};
  char *text = NULL;
  kg_error err;
  ck_assert_int_eq(kg_query_explain(st, q, &o, &text, &err), KG_OK);
  int top = strstr(text, "(top ") != NULL;
  free(text);
  return top;
}

/* ORDER BY `order` LIMIT limit [OFFSET offset] against the full sort. */
static void same_as_sort(const char *order, int limit, int offset) {
  char full[512], cut[600];
  snprintf(full, sizeof full, PAT "ORDER BY %s", order);
  snprintf(cut, sizeof cut, "%s LIMIT %d OFFSET %d", full, limit, offset);
  int nfull, ncut;
  char *all = rows(full, &nfull), *got = rows(cut, &ncut);
  char *want = lines(all, offset, limit);
  ck_assert_msg(!strcmp(got, want), "%s\ngot:\n%s\nwant:\n%s", cut, got, want);
  int left = nfull - offset < 0 ? 0 : nfull - offset;
  ck_assert_int_eq(ncut, left < limit ? left : limit);
  ck_assert_msg(explained_top(cut), "no top-k in the plan of %s", cut);
  free(all);
  free(got);
  free(want);
}

START_TEST(ties_keep_the_pattern_order) {
  int n;
  char *got = rows(HEAD "FILTER(isNumeric(?v)) } ORDER BY DESC(?v) LIMIT 3", &n);
  ck_assert_str_eq(got, "a 3\nc 3\nj 3\n");
  free(got);
  got = rows(HEAD "FILTER(?v = 3) } ORDER BY ?v LIMIT 2 OFFSET 1", &n);
  ck_assert_str_eq(got, "c 3\nj 3\n");
  free(got);
  for (int k = 1; k <= 6; k++) same_as_sort("?v", k, 0);
  for (int k = 1; k <= 6; k++) same_as_sort("DESC(?v)", k, 0);
}
END_TEST

START_TEST(offset) {
  for (int off = 0; off <= 14; off++) {
    same_as_sort("?v", 3, off);
    same_as_sort("DESC(?v) ?s", 4, off);
  }
}
END_TEST

START_TEST(k_larger_than_the_input) {
  same_as_sort("?v", 100, 0);
  same_as_sort("DESC(?v)", 13, 0);
  same_as_sort("DESC(?v)", 14, 2);
  int n;
  char *got = rows(PAT "ORDER BY ?v LIMIT 1000", &n);
  ck_assert_int_eq(n, 13);
  free(got);
}
END_TEST

START_TEST(desc_with_unbound) {
  /* DESC: literals, then IRIs, blank nodes, unbound last */
  int n;
  char *got = rows(PAT "ORDER BY DESC(?v) LIMIT 13", &n);
  ck_assert_int_eq(n, 13);
  char *last = lines(got, 9, 4); /* the blank node's label is the store's */
  ck_assert_msg(!strncmp(last, "g iri\nh ", 8) && strstr(last, "\ne -\nk -\n"),
                "got:\n%s", got);
  free(last);
  free(got);
  /* ascending: the unbound first, in the pattern's order */
  got = rows(PAT "ORDER BY ?v LIMIT 2", &n);
  ck_assert_str_eq(got, "e -\nk -\n");
  free(got);
  same_as_sort("DESC(?v)", 12, 1);
  same_as_sort("DESC(STR(?v)) DESC(?s)", 5, 2);
}
END_TEST

START_TEST(limit_zero_and_expressions) {
  int n;
  char *got = rows(PAT "ORDER BY ?v LIMIT 0", &n);
  ck_assert_int_eq(n, 0);
  free(got);
  /* an error (STRLEN of an IRI) orders as unbound */
  same_as_sort("STRLEN(?v) ?s", 6, 0);
  same_as_sort("DESC(?v + 1) ?s", 5, 3);
}
END_TEST

START_TEST(not_under_distinct) {
  /* DISTINCT between LIMIT and ORDER BY needs more than k rows sorted */
  const char *q = "PREFIX : <http://ex.org/> SELECT DISTINCT ?v WHERE "
                  "{ ?s a :T OPTIONAL { ?s :v ?v } } ORDER BY DESC(?v) LIMIT 3";
  ck_assert(!explained_top(q));
  int n;
  char *got = rows(q, &n);
  ck_assert_int_eq(n, 3);
  ck_assert_str_eq(got, "x\nx\n3\n"); /* "x" and "x"@en, then 3 */
  free(got);
  /* a subquery's LIMIT gets its own top-k */
  got = rows("PREFIX : <http://ex.org/> SELECT ?s WHERE { { SELECT ?s ?v "
             "WHERE { ?s :v ?v FILTER(isNumeric(?v)) } ORDER BY ?v LIMIT 2 } }",
             &n);
  ck_assert_int_eq(n, 2);
  ck_assert(strstr(got, "b\n") && strstr(got, "i\n"));
  free(got);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("topk");
  TCase *t = tcase_create("topk");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, ties_keep_the_pattern_order);
  tcase_add_test(t, offset);
  tcase_add_test(t, k_larger_than_the_input);
  tcase_add_test(t, desc_with_unbound);
  tcase_add_test(t, limit_zero_and_expressions);
  tcase_add_test(t, not_under_distinct);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(suite)
