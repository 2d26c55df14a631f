/* test_draw.c - graph/draw: kg_draw and kg_draw_result on a small store,
 * written as DOT (no layout, so no Graphviz plugins: the SVG and PNG
 * renderers are tested through kgsh in tests/e2e/draw.sh), the node
 * limit, predicates, languages, n-ary boxes and bad input. */
#include "testutil.h"

#define EX "http://example.org/"

static const char *data =
    "@prefix ex: <http://example.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix org: <http://www.w3.org/ns/org#> .\n"
    "ex:Company rdfs:label \"Company\"@en , \"企业\"@zh .\n"
    "ex:acme a ex:Company ; rdfs:label \"Acme\"@en , \"顶点\"@zh ;\n"
    "  ex:city ex:paris ; ex:motto \"Onwards\" .\n"
    "ex:paris rdfs:label \"Paris\"@en .\n"
    "ex:m1 a org:Membership ; org:organization ex:acme ;\n"
    "  org:member ex:ann ; org:role ex:ceo .\n"
    "ex:ceo rdfs:label \"chief executive\"@en .\n"
    "ex:ann rdfs:label \"Ann\"@en .\n"
    "ex:hub ex:has ex:a1 , ex:a2 , ex:a3 , ex:a4 , ex:a5 , ex:a6 .\n";

static kg_store *st;

static void setup(void) {
  kg_error err;
  ck_assert_int_eq(kg_store_open("memory:", KG_OPEN_CREATE, &st, &err), KG_OK);
  kg_load_options o = {.syntax = "turtle"};
  ck_assert_msg(kg_load_string(st, data, strlen(data), "data", &o, NULL,
                               &err) == KG_OK, "%s", err.message);
  ck_assert_int_eq(kg_prefix_set(st, "ex", EX, &err), KG_OK);
}

static void teardown(void) {
  kg_store_close(st);
  st = NULL;
}

/* Draws `iri` as DOT into a new string (free()); the status in *s. */
static char *draw(const char *iri, const kg_draw_options *o,
                  kg_draw_info *info, kg_status *s, kg_error *err) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  ck_assert_ptr_nonnull(f);
  kg_draw_options d = o ? *o : (kg_draw_options){0};
  d.format = "dot";
  *s = kg_draw(st, iri, &d, f, info, err);
  fclose(f);
  return text;
}

START_TEST(test_neighbourhood) {
  kg_error err;
  kg_draw_info info;
  kg_status s;
  char *dot = draw(EX "acme", NULL, &info, &s, &err);
  ck_assert_msg(s == KG_OK, "%s", err.message);
  ck_assert_ptr_nonnull(strstr(dot, "digraph"));
  /* labels in both languages, prefixed names, a literal, the class */
  ck_assert_ptr_nonnull(strstr(dot, "Acme"));
  ck_assert_ptr_nonnull(strstr(dot, "顶点"));
  ck_assert_ptr_nonnull(strstr(dot, "ex:acme"));
  ck_assert_ptr_nonnull(strstr(dot, "Onwards"));
  ck_assert_ptr_nonnull(strstr(dot, "ex:city"));
  ck_assert_ptr_nonnull(strstr(dot, "Company"));
  /* the membership is one box: its role and Ann (a hop beyond the depth
   * asked) inside */
  ck_assert_ptr_nonnull(strstr(dot, "chief executive"));
  ck_assert_ptr_nonnull(strstr(dot, "Ann"));
  /* acme, paris, the motto, the membership */
  ck_assert_uint_eq(info.nodes, 4);
  free(dot);
  /* two hops: Ann and the role are nodes of their own */
  kg_draw_options two = {.depth = 2};
  dot = draw(EX "acme", &two, &info, &s, &err);
  ck_assert_int_eq(s, KG_OK);
  ck_assert_uint_eq(info.nodes, 6);
  ck_assert_uint_eq(info.cut, 0);
  free(dot);
}
END_TEST

START_TEST(test_language) {
  kg_error err;
  kg_status s;
  kg_draw_options o = {.lang = "zh"};
  char *dot = draw(EX "acme", &o, NULL, &s, &err);
  ck_assert_int_eq(s, KG_OK);
  /* the preferred language first */
  char *zh = strstr(dot, "顶点"), *en = strstr(dot, "Acme");
  ck_assert_ptr_nonnull(zh);
  ck_assert_ptr_nonnull(en);
  ck_assert_msg(zh < en, "the Chinese label comes first");
  free(dot);
}
END_TEST

START_TEST(test_limit) {
  kg_error err;
  kg_draw_info info;
  kg_status s;
  kg_draw_options o = {.max_nodes = 4};
  char *dot = draw(EX "hub", &o, &info, &s, &err);
  ck_assert_int_eq(s, KG_OK);
  ck_assert_uint_eq(info.nodes, 4);
  ck_assert_uint_eq(info.cut, 3);
  ck_assert_ptr_nonnull(strstr(dot, "and 3 more"));
  free(dot);
}
END_TEST

START_TEST(test_predicates) {
  kg_error err;
  kg_draw_info info;
  kg_status s;
  const char *only[] = {EX "city", NULL};
  kg_draw_options o = {.only = only};
  char *dot = draw(EX "acme", &o, &info, &s, &err);
  ck_assert_int_eq(s, KG_OK);
  ck_assert_uint_eq(info.nodes, 2);
  ck_assert_ptr_null(strstr(dot, "Onwards"));
  free(dot);
  const char *skip[] = {EX "city", NULL};
  kg_draw_options k = {.skip = skip};
  dot = draw(EX "acme", &k, &info, &s, &err);
  ck_assert_int_eq(s, KG_OK);
  ck_assert_ptr_null(strstr(dot, "Paris"));
  ck_assert_ptr_nonnull(strstr(dot, "Onwards"));
  free(dot);
}
END_TEST

START_TEST(test_result) {
  kg_error err;
  kg_result *r;
  kg_query_options qo = {.declare_prefixes = 1};
  ck_assert_int_eq(kg_query(st, "CONSTRUCT { ex:acme ex:city ?c } WHERE { "
                                "ex:acme ex:city ?c }", &qo, &r, &err),
                   KG_OK);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  kg_draw_info info;
  kg_draw_options o = {.format = "dot"};
  ck_assert_int_eq(kg_draw_result(r, st, &o, f, &info, &err), KG_OK);
  fclose(f);
  ck_assert_uint_eq(info.nodes, 2);
  ck_assert_uint_eq(info.edges, 1);
  ck_assert_ptr_nonnull(strstr(text, "Paris"));
  free(text);
  kg_result_free(r);
  /* the format table draws it too */
  ck_assert_int_eq(kg_query(st, "CONSTRUCT { ex:acme ex:city ?c } WHERE { "
                                "ex:acme ex:city ?c }", &qo, &r, &err),
                   KG_OK);
  text = NULL;
  f = open_memstream(&text, &len);
  ck_assert_int_eq(kg_result_write(r, "dot", f, st, &err), KG_OK);
  fclose(f);
  ck_assert_ptr_nonnull(strstr(text, "Paris"));
  free(text);
  kg_result_free(r);
}
END_TEST

START_TEST(test_errors) {
  kg_error err;
  kg_status s;
  char *dot = draw(EX "nothing", NULL, NULL, &s, &err);
  ck_assert_int_eq(s, KG_ERR_NOTFOUND);
  ck_assert_ptr_nonnull(strstr(err.message, "nothing about"));
  free(dot);
  kg_draw_options o = {.format = "gif"};
  ck_assert_int_eq(kg_draw(st, EX "acme", &o, stdout, NULL, &err),
                   KG_ERR_UNSUPPORTED);
  ck_assert_int_eq(kg_draw(NULL, EX "acme", NULL, stdout, NULL, &err),
                   KG_ERR_ARG);
  ck_assert_int_eq(kg_draw(st, NULL, NULL, stdout, NULL, NULL), KG_ERR_ARG);
  ck_assert_int_eq(kg_draw_result(NULL, st, NULL, stdout, NULL, &err),
                   KG_ERR_ARG);
  kg_result *r;
  ck_assert_int_eq(kg_query(st, "SELECT * WHERE { ?s ?p ?o }", NULL, &r,
                            &err), KG_OK);
  ck_assert_int_eq(kg_draw_result(r, st, NULL, stdout, NULL, &err),
                   KG_ERR_ARG);
  kg_result_free(r);
}
END_TEST

START_TEST(test_format_for_path) {
  ck_assert_str_eq(kg_draw_format_for_path("a.svg"), "svg");
  ck_assert_str_eq(kg_draw_format_for_path("dir/a.PNG"), "png");
  ck_assert_str_eq(kg_draw_format_for_path("a.gv"), "dot");
  ck_assert_str_eq(kg_draw_format_for_path("a.b.dot"), "dot");
  ck_assert_ptr_null(kg_draw_format_for_path("a.jpg"));
  ck_assert_ptr_null(kg_draw_format_for_path("a.svg/x"));
  ck_assert_ptr_null(kg_draw_format_for_path("svg"));
  ck_assert_ptr_null(kg_draw_format_for_path(NULL));
}
END_TEST

static Suite *draw_suite(void) {
  Suite *s = suite_create("draw");
  TCase *tc = tcase_create("draw");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_neighbourhood);
  tcase_add_test(tc, test_language);
  tcase_add_test(tc, test_limit);
  tcase_add_test(tc, test_predicates);
  tcase_add_test(tc, test_result);
  tcase_add_test(tc, test_errors);
  tcase_add_test(tc, test_format_for_path);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(draw_suite)
