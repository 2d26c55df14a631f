/* test_plans.c - star joins: patterns sharing a bound subject read that
 * subject's statements once (eval_bgp.c). Each query is checked against
 * the same patterns written as groups of one pattern each (joined one by
 * one: no star), and its plan in `.explain analyze`. */
#include "testutil.h"

static kg_store *st;

#define PFX "PREFIX : <http://ex.org/> "

/* :c1, :c2, :big of class :T, :c3 of :U; :big has more statements than
 * a star block holds; graphs :g1 and :g2 hold more of :c1. */
static void setup(void) {
  char *ttl = malloc(64 * 1024);
  int n = sprintf(ttl,
                  "@prefix : <http://ex.org/> .\n"
                  ":c1 a :T ; :name \"one\" ; :age 30 ; :tag :x, :y ; :likes :c1 .\n"
                  ":c2 a :T ; :name \"two\", \"deux\" ; :age 40 ; :tag :y ; :likes :c1 .\n"
                  ":c3 a :U ; :name \"three\" ; :age 50 .\n"
                  ":big a :T ; :name \"big\" ; :age 60 ; :likes :big .\n");
  for (int i = 0; i < 700; i++) n += sprintf(ttl + n, ":big :tag :t%d .\n", i);
  for (int i = 0; i < 20; i++)
    n += sprintf(ttl + n, ":s%d a :V%s .\n", i, i % 2 ? "" : " ; :knows :c1");
  st = kgt_memory_with(ttl);
  free(ttl);
  const char *trig = "@prefix : <http://ex.org/> .\n"
                     ":g1 { :c1 :name \"g-one\" ; :age 31 . :c9 :name \"nine\" ; :age 9 . }\n"
                     ":g2 { :c1 :name \"g-one\" ; :tag :z . }\n";
  kg_error err;
  ck_assert_int_eq(kg_load_string(st, trig, strlen(trig), "g.trig", NULL, NULL, &err),
                   KG_OK);
}

static void teardown(void) {
  kg_store_close(st);
  st = NULL;
}

static int by_text(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A query's rows as sorted lines "a|b" (N-Triples, "-" unbound); *n rows. */
static char *answer(const char *q, int *n) {
  kg_result *r;
  kg_error err;
  ck_assert_msg(kg_query(st, q, NULL, &r, &err) == KG_OK, "%s: %s", q, err.message);
  char *v[4096];
  size_t len = 1;
  *n = 0;
  while (kg_result_next(r, &err) > 0) {
    char line[1024] = "";
    for (size_t c = 0; c < kg_result_columns(r); c++) {
      const kg_term *t = kg_result_value(r, c);
      char *nt = t->kind ? kg_term_to_nt(t) : strdup("-");
      size_t l = strlen(line);
      snprintf(line + l, sizeof line - l, "%s%s", c ? "|" : "", nt);
      free(nt);
    }
    ck_assert_int_lt(*n, 4096);
    v[(*n)++] = strdup(line);
    len += strlen(line) + 1;
  }
  kg_result_free(r);
  qsort(v, (size_t)*n, sizeof *v, by_text);
  char *out = calloc(1, len);
  for (int i = 0; i < *n; i++) {
    strcat(out, v[i]);
    strcat(out, "\n");
    free(v[i]);
  }
  return out;
}

static char *analyze(const char *q) {
  kg_query_options o = {0};
  char *text = NULL;
  kg_error err;
  ck_assert_msg(kg_query_explain_analyze(st, q, &o, &text, &err) == KG_OK, "%s: %s",
                q, err.message);
  return text;
}

/* `star` (one group) gives what `split` (a group a pattern) gives, and
 * its plan reads `stars` patterns from subject blocks. */
static void same(const char *star, const char *split, int stars, int rows) {
  int n1, n2;
  char *a = answer(star, &n1), *b = answer(split, &n2);
  ck_assert_msg(!strcmp(a, b), "%s\nstar:\n%s\nsplit:\n%s", star, a, b);
  ck_assert_int_eq(n1, rows);
  char *plan = analyze(star);
  int seen = 0;
  for (const char *p = plan; (p = strstr(p, ", star on ?")); p++) seen++;
  ck_assert_msg(seen == stars, "%s: %d stars, expected %d:\n%s", star, seen, stars, plan);
  char *plan2 = analyze(split);
  ck_assert_msg(!strstr(plan2, "star on"), "%s:\n%s", split, plan2);
  free(plan);
  free(plan2);
  free(a);
  free(b);
}

START_TEST(star_with_variables_and_constants) {
  same(PFX "SELECT * { ?c a :T ; :name ?n ; :age ?a ; :tag ?t }",
       PFX "SELECT * { { ?c a :T } { ?c :name ?n } { ?c :age ?a } { ?c :tag ?t } }",
       3, 12 + 2 + 700); /* the default graph: all of them */
  /* a constant object inside the star, and an object bound before */
  same(PFX "SELECT * { ?c :age ?a ; :tag :y ; :name ?n ; a :T }",
       PFX "SELECT * { { ?c :age ?a } { ?c :tag :y } { ?c :name ?n } { ?c a :T } }",
       3, 6);
  same(PFX "SELECT * { ?c :likes ?d . ?d :likes ?d ; :name ?n ; :age ?a }",
       PFX "SELECT * { { ?c :likes ?d } { ?d :likes ?d } { ?d :name ?n } { ?d :age ?a } }",
       2, 9);
}
END_TEST

START_TEST(star_past_the_block) {
  /* :big's 700 tags do not fit a block: its patterns scan as before */
  same(PFX "SELECT ?t { ?c :name \"big\" ; :age 60 ; :tag ?t }",
       PFX "SELECT ?t { { ?c :name \"big\" } { ?c :age 60 } { ?c :tag ?t } }", 2, 700);
}
END_TEST

START_TEST(star_from_the_input_and_graphs) {
  /* the subject bound by VALUES before the pattern */
  same(PFX "SELECT * { VALUES ?c { :c1 :c3 } ?c :name ?n ; :age ?a }",
       PFX "SELECT * { VALUES ?c { :c1 :c3 } { ?c :name ?n } { ?c :age ?a } }", 2, 5);
  /* a constant object in the star: :c3 is a :U, not a :T */
  same(PFX "SELECT * { VALUES ?c { :c1 :c2 :c3 } ?c a :T ; :age ?a }",
       PFX "SELECT * { VALUES ?c { :c1 :c2 :c3 } { ?c a :T } { ?c :age ?a } }", 2, 3);
  /* FROM one graph: the star reads that graph only */
  same(PFX "SELECT * FROM :g1 { ?c :name ?n . ?c :age ?a ; :name ?m }",
       PFX "SELECT * FROM :g1 { { ?c :name ?n } { ?c :age ?a } { ?c :name ?m } }", 2, 2);
  /* GRAPH ?g: no star (the graph may differ a statement to the next) */
  same(PFX "SELECT * { GRAPH ?g { ?c :name ?n ; :tag ?t ; :age ?a } }",
       PFX "SELECT * { GRAPH ?g { { ?c :name ?n } { ?c :tag ?t } { ?c :age ?a } } }", 0, 0);
  same(PFX "SELECT * { GRAPH :g2 { ?c :name ?n ; :tag ?t } }",
       PFX "SELECT * { GRAPH :g2 { { ?c :name ?n } { ?c :tag ?t } } }", 0, 1);
}
END_TEST

START_TEST(inputs_that_change_what_they_bind) {
  /* ?d bound on every other row: the inner pattern is planned again for
   * each change, then once for any input */
  same(PFX "SELECT * { ?s a :V OPTIONAL { ?s :knows ?d } "
           "OPTIONAL { ?d :name ?n ; :age ?a FILTER(?a > 35) } }",
       PFX "SELECT * { ?s a :V OPTIONAL { ?s :knows ?d } "
           "OPTIONAL { { ?d :name ?n } { ?d :age ?a } FILTER(?a > 35) } }",
       2, 10 + 10 * 4);
}
END_TEST

/* A chain's estimate comes from the predicates' fanouts: 100 companies
 * in the district, 5 posts each, one holder a post: 500 rows, where
 * fixed guesses for a bound subject or object said 12500. */
START_TEST(chain_estimate_from_fanouts) {
  size_t cap = 1 << 20;
  char *ttl = malloc(cap);
  int n = sprintf(ttl, "@prefix : <http://ex.org/> .\n");
  for (int c = 0; c < 1000; c++) {
    n += sprintf(ttl + n, ":co%d :hq :d%d .\n", c, c % 10);
    for (int k = 0; k < 5; k++)
      n += sprintf(ttl + n, ":post%d_%d :postIn :co%d ; :heldBy :person%d .\n",
                   c, k, c, (c * 5 + k) % 3000);
  }
  ck_assert_uint_lt((size_t)n, cap);
  kg_store *chain = kgt_memory_with(ttl);
  free(ttl);
  kg_query_options o = {0};
  char *text = NULL;
  kg_error err;
  const char *q = PFX "SELECT * { ?c :hq :d3 . ?post :postIn ?c . "
                      "?post :heldBy ?who }";
  ck_assert_msg(kg_query_explain_analyze(chain, q, &o, &text, &err) == KG_OK,
                "%s", err.message);
  const char *b = strstr(text, "(bgp)  [est ");
  ck_assert_msg(b, "%s", text);
  double est = 0;
  long actual = 0;
  ck_assert_int_eq(sscanf(b, "(bgp)  [est %lf, actual %ld", &est, &actual), 2);
  ck_assert_int_eq(actual, 500);
  ck_assert_msg(est >= 250 && est <= 1000, "estimate %g for 500 rows:\n%s", est,
                text);
  free(text);
  kg_store_close(chain);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("plans");
  TCase *t = tcase_create("star");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, star_with_variables_and_constants);
  tcase_add_test(t, star_past_the_block);
  tcase_add_test(t, star_from_the_input_and_graphs);
  tcase_add_test(t, inputs_that_change_what_they_bind);
  tcase_add_test(t, chain_estimate_from_fanouts);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(suite)
