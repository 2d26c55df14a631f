/* test_link.c - graph/link: label normalisation and similarity, the class
 * table, the endpoint request body, and kg_link_find / kg_link_check /
 * kg_link_record on a small store against a small target file. */
#include <math.h>

#include "link/link.h"
#include "testutil.h"

static char *norm(arena *a, const char *s) { return link_norm(a, s, strlen(s)); }

START_TEST(normalises_labels) {
  arena *a = arena_new();
  ck_assert_str_eq(norm(a, "Zhejiang Leapmotor Technology Co., Ltd."),
                   "zhejiang leapmotor technology");
  ck_assert_str_eq(norm(a, "浙江零跑科技股份有限公司"), "浙江零跑科技");
  ck_assert_str_eq(norm(a, "阿里巴巴集团"), "阿里巴巴");
  ck_assert_str_eq(norm(a, "Alibaba Group"), "alibaba");
  ck_assert_str_eq(norm(a, "Maserati S.p.A."), "maserati");
  ck_assert_str_eq(norm(a, "Stellantis N.V."), "stellantis");
  /* full-width letters and digits (NFKC), case folding */
  ck_assert_str_eq(norm(a, "ＺＨＥＪＩＡＮＧ　Ｕｎｉｖｅｒｓｉｔｙ"), "zhejiang university");
  ck_assert_str_eq(norm(a, "People's Republic of China"),
                   "peoples republic of china");
  ck_assert_str_eq(norm(a, "Merck & Co."), "merck");
  /* ideographs apart from Latin letters */
  ck_assert_str_eq(norm(a, "杭州Hangzhou"), "杭州 hangzhou");
  /* a name that is all legal form keeps it */
  ck_assert_str_eq(norm(a, "集团"), "集团");
  ck_assert_str_eq(norm(a, "Group"), "group");
  ck_assert_str_eq(norm(a, "...!"), "");
  arena_free(a);
}
END_TEST

START_TEST(strips_raw_labels) {
  arena *a = arena_new();
  ck_assert_str_eq(link_strip_raw(a, "Zhejiang Leapmotor Technology Co., Ltd."),
                   "Zhejiang Leapmotor Technology");
  ck_assert_str_eq(link_strip_raw(a, "浙江零跑科技股份有限公司"), "浙江零跑科技");
  ck_assert_str_eq(link_strip_raw(a, "Alibaba Group"), "Alibaba");
  ck_assert_ptr_null(link_strip_raw(a, "Hangzhou"));
  ck_assert_ptr_null(link_strip_raw(a, "Group"));
  arena_free(a);
}
END_TEST

START_TEST(similarities) {
  ck_assert(fabs(link_jaro_winkler("martha", "marhta") - 0.961) < 0.001);
  ck_assert(fabs(link_jaro_winkler("abc", "abc") - 1) < 1e-9);
  ck_assert(link_jaro_winkler("abc", "xyz") == 0);
  ck_assert(link_jaro_winkler("", "abc") == 0);
  ck_assert(fabs(link_trigram("hangzhou", "hangzhou") - 1) < 1e-9);
  ck_assert(link_trigram("hangzhou", "hangzhou bay") > 0.6);
  ck_assert(link_trigram("hangzhou", "beijing") < 0.2);
  ck_assert(link_jaro_winkler("浙江大学", "浙江工业大学") > 0.7);
}
END_TEST

static void count_key(void *ctx, const char *key, size_t len) {
  (void)key, (void)len;
  (*(int *)ctx)++;
}

static void join_key(void *ctx, const char *key, size_t len) {
  strbuf *b = ctx;
  strbuf_append(b, key, len);
  strbuf_putc(b, '|');
}

START_TEST(blocking_keys) {
  strbuf b = {0};
  link_keys("university of zhejiang", join_key, &b);
  ck_assert_str_eq(b.data, "=university of zhejiang|w:university|w:zhejiang|");
  strbuf_clear(&b);
  link_keys("浙江大学", join_key, &b);
  ck_assert_str_eq(b.data, "=浙江大学|b:浙江|b:江大|b:大学|");
  strbuf_free(&b);
  int n = 0;
  link_keys("", count_key, &n);
  ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(class_table) {
  int company = link_category("https://kgsh.dev/ontology/hz#Company");
  int business = link_category("http://www.wikidata.org/entity/Q4830453");
  int city = link_category("http://www.wikidata.org/entity/Q515");
  int org = link_category("http://schema.org/Organization");
  int uni = link_category("http://dbpedia.org/ontology/University");
  ck_assert_int_eq(company, business);
  ck_assert_str_eq(link_category_name(company), "company");
  ck_assert_int_eq(link_category("http://example.org/Nothing"), -1);
  ck_assert(link_type_score(company, business) == 1);
  ck_assert(link_type_score(company, city) == 0);
  ck_assert(link_type_score(company, org) == 0.8);
  ck_assert(link_type_score(company, uni) == 0.3);
  ck_assert(link_type_score(company, -1) == 0.5);
  ck_assert_int_eq(link_category_pick(org, company), company);
  ck_assert_str_eq(link_category_name(-1), "");
}
END_TEST

START_TEST(request_body) {
  char *b = link_form_query("SELECT * { ?s ?p \"杭\" }");
  ck_assert_str_eq(b, "query=SELECT%20%2A%20%7B%20%3Fs%20%3Fp%20%22%E6%9D%AD%22%20%7D");
  free(b);
  ck_assert_str_eq(link_role("http://www.wikidata.org/prop/direct/P131") ==
                           LINK_ROLE_PLACE ? "place" : "?", "place");
  char *q = link_describe_query(" FROM <g>", "<a> <b>", NULL, "en zh", 0);
  ck_assert_ptr_nonnull(strstr(q, "VALUES ?item { <a> <b> }"));
  ck_assert_ptr_nonnull(strstr(q, "FROM <g>"));
  ck_assert_ptr_nonnull(strstr(q, "LANGMATCHES(LANG(?v), \"zh\")"));
  free(q);
}
END_TEST

/* ------------------------------------------------- the public calls */

static const char local_data[] =
    "@prefix ex: <http://example.org/local/> .\n"
    "@prefix schema: <http://schema.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "ex:hz a schema:City ; rdfs:label \"杭州市\"@zh , \"Hangzhou\"@en .\n"
    "ex:ali a schema:Corporation ; rdfs:label \"阿里巴巴\"@zh ;\n"
    "  skos:altLabel \"Alibaba Group\"@en ; schema:location ex:hz .\n"
    "ex:acme a schema:Corporation ; rdfs:label \"Acme Widgets Co., Ltd.\"@en .\n";

static const char target_data[] =
    "@prefix t: <http://example.org/target/> .\n"
    "@prefix wd: <http://www.wikidata.org/entity/> .\n"
    "@prefix wdt: <http://www.wikidata.org/prop/direct/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "t:1 rdfs:label \"Hangzhou\"@en ; wdt:P31 wd:Q515 .\n"
    "t:2 rdfs:label \"Alibaba Group\"@en , \"阿里巴巴集团\"@zh ;\n"
    "  wdt:P31 wd:Q4830453 ; wdt:P159 t:1 .\n"
    "t:3 rdfs:label \"Hangzhou Bay\"@en .\n"
    "t:4 rdfs:label \"ACME Widgets\"@en .\n";

static kg_store *local_store(char **dir, char **target) {
  *dir = kgt_tmpdir();
  *target = kgt_path(*dir, "target.ttl");
  kgt_write_file(*target, target_data);
  kg_store *st = NULL;
  ck_assert_int_eq(kg_store_open("memory:", 0, &st, NULL), KG_OK);
  ck_assert_int_eq(kg_load_string(st, local_data, strlen(local_data), "local",
                                  NULL, NULL, NULL),
                   KG_OK);
  return st;
}

static const kg_link *find_link(const kg_linkset *ls, const char *local) {
  for (size_t i = 0; i < kg_linkset_count(ls); i++)
    if (!strcmp(kg_linkset_at(ls, i)->local, local))
      return kg_linkset_at(ls, i);
  return NULL;
}

START_TEST(finds_and_records) {
  char *dir, *target;
  kg_store *st = local_store(&dir, &target);
  kg_link_options o = {.target = target};
  kg_linkset *ls = NULL;
  kg_error err;
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_OK);
  const kg_link *hz = find_link(ls, "http://example.org/local/hz");
  const kg_link *ali = find_link(ls, "http://example.org/local/ali");
  const kg_link *acme = find_link(ls, "http://example.org/local/acme");
  ck_assert_ptr_nonnull(hz);
  ck_assert_str_eq(hz->target, "http://example.org/target/1");
  ck_assert_int_eq(hz->band, KG_LINK_ACCEPT);
  ck_assert_str_eq(hz->local_type, "city");
  ck_assert_ptr_nonnull(ali);
  ck_assert_str_eq(ali->target, "http://example.org/target/2");
  ck_assert_int_eq(ali->band, KG_LINK_ACCEPT);
  ck_assert(ali->context == 1); /* both in Hangzhou, by name */
  /* equal once normalised, but the target's type is unknown: review */
  ck_assert_ptr_nonnull(acme);
  ck_assert_int_eq(acme->band, KG_LINK_REVIEW);
  ck_assert_str_eq(acme->why, "normalised");
  ck_assert_str_eq(kg_linkset_graph(ls), "urn:kgsh:links:target");
  size_t nl, nt, pairs, req;
  kg_linkset_stats(ls, &nl, &nt, &pairs, &req);
  ck_assert_uint_eq(nl, 3);
  ck_assert_uint_eq(req, 0);
  ck_assert(pairs < nl * nt); /* blocked */

  size_t which[2] = {0, 1};
  ck_assert_int_eq(kg_link_record(st, ls, which, 2, NULL, "test", NULL, &err),
                   KG_OK);
  /* again: the provenance is replaced, not doubled */
  ck_assert_int_eq(kg_link_record(st, ls, which, 2, NULL, "test", NULL, &err),
                   KG_OK);
  kg_result *r = NULL;
  ck_assert_int_eq(
      kg_query(st,
               "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kgsh:links:target>"
               " { ?st a rdf:Statement ; <https://kgsh.dev/ontology/link#score>"
               " ?s } }",
               &(kg_query_options){.declare_prefixes = 1}, &r, &err),
      KG_OK);
  ck_assert_int_eq(kg_result_next(r, &err), 1);
  ck_assert_str_eq(kg_result_value(r, 0)->value, "2");
  kg_result_free(r);
  ck_assert_int_eq(
      kg_query(st,
               "SELECT ?n WHERE { GRAPH <urn:kgsh:links:target> { "
               "<urn:kgsh:links:target> a <http://rdfs.org/ns/void#Linkset> ; "
               "<http://rdfs.org/ns/void#triples> ?n } }",
               &(kg_query_options){.declare_prefixes = 1}, &r, &err),
      KG_OK);
  ck_assert_int_eq(kg_result_next(r, &err), 1);
  ck_assert_str_eq(kg_result_value(r, 0)->value, "2");
  ck_assert_int_eq(kg_result_next(r, &err), 0);
  kg_result_free(r);

  size_t bad[1] = {99};
  ck_assert_int_eq(kg_link_record(st, ls, bad, 1, NULL, NULL, NULL, &err),
                   KG_ERR_ARG);
  kg_linkset_free(ls);

  /* check: the recorded links re-scored */
  ck_assert_int_eq(kg_link_check(st, &o, &ls, &err), KG_OK);
  ck_assert_uint_eq(kg_linkset_count(ls), 2);
  ck_assert_int_eq(kg_linkset_at(ls, 0)->band, KG_LINK_ACCEPT);
  kg_linkset_free(ls);

  /* the baseline: every equal label */
  o.exact = 1;
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_OK);
  ck_assert_ptr_null(find_link(ls, "http://example.org/local/acme"));
  kg_linkset_free(ls);
  kg_store_close(st);
  kgt_rmrf(dir);
  free(dir);
  free(target);
}
END_TEST

START_TEST(bad_arguments) {
  char *dir, *target;
  kg_store *st = local_store(&dir, &target);
  kg_linkset *ls = NULL;
  kg_error err;
  kg_link_options o = {.target = "/no/such/file.ttl"};
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_ERR_NOTFOUND);
  ck_assert_ptr_null(ls);
  o = (kg_link_options){.target = target, .accept = 0.5, .review = 0.7};
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_ERR_ARG);
  o = (kg_link_options){.target = target, .select = "?x a schema:City"};
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_ERR_ARG);
  ck_assert_ptr_nonnull(strstr(err.message, "?entity"));
  /* a class, and a pattern */
  o.select = "schema:City";
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_OK);
  ck_assert_uint_ge(kg_linkset_count(ls), 1);
  for (size_t i = 0; i < kg_linkset_count(ls); i++)
    ck_assert_str_eq(kg_linkset_at(ls, i)->local, "http://example.org/local/hz");
  kg_linkset_free(ls);
  o.select = "?entity a schema:Corporation";
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_OK);
  ck_assert_ptr_null(find_link(ls, "http://example.org/local/hz"));
  kg_linkset_free(ls);
  /* an endpoint nobody listens on */
  o = (kg_link_options){.target = "http://127.0.0.1:1/sparql", .delay_ms = -1};
  ck_assert_int_eq(kg_link_find(st, &o, &ls, &err), KG_ERR_NET);
  ck_assert_ptr_nonnull(strstr(err.message, "cannot query the link target"));
  ck_assert_int_eq(kg_link_find(NULL, &o, &ls, &err), KG_ERR_ARG);
  ck_assert_int_eq(kg_link_record(st, NULL, NULL, 0, NULL, NULL, NULL, &err),
                   KG_ERR_ARG);
  kg_linkset_free(NULL);
  ck_assert_uint_eq(kg_linkset_count(NULL), 0);
  ck_assert_ptr_null(kg_linkset_at(NULL, 0));
  link_source_free(NULL);
  link_map_free(NULL);
  kg_store_close(st);
  kgt_rmrf(dir);
  free(dir);
  free(target);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("link");
  TCase *t = tcase_create("link");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, normalises_labels);
  tcase_add_test(t, strips_raw_labels);
  tcase_add_test(t, similarities);
  tcase_add_test(t, blocking_keys);
  tcase_add_test(t, class_table);
  tcase_add_test(t, request_body);
  tcase_add_test(t, finds_and_records);
  tcase_add_test(t, bad_arguments);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(suite)
