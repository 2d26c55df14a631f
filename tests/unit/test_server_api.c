/* test_server_api.c - what libkg gives a server (kgsh serve): media
 * types for content negotiation, a query's limits (timeout, cancel flag,
 * refused operations) and the dataset given beside a query. */
#include "testutil.h"

static kg_store *sample(void) {
  kg_store *st = NULL;
  ck_assert_int_eq(kg_store_open("memory:", KG_OPEN_CREATE, &st, NULL), KG_OK);
  const char *ttl =
      "<http://e/a> <http://e/p> 1 .\n<http://e/b> <http://e/p> 2 .\n"
      "<http://e/c> <http://e/p> 3 .\n";
  kg_load_options t = {.syntax = "turtle"};
  ck_assert_int_eq(kg_load_string(st, ttl, strlen(ttl), "t", &t, NULL, NULL), KG_OK);
  const char *nq = "<http://e/x> <http://e/p> \"4\" <http://e/g> .\n";
  kg_load_options o = {.syntax = "nquads"};
  ck_assert_int_eq(kg_load_string(st, nq, strlen(nq), "q", &o, NULL, NULL), KG_OK);
  return st;
}

/* the COUNT of a one-value SELECT, -1 on error (status in *s) */
static long count(kg_store *st, const char *q, const kg_query_options *opt,
                  kg_status *s) {
  kg_result *r = NULL;
  kg_error e;
  *s = kg_query(st, q, opt, &r, &e);
  if (*s != KG_OK) return -1;
  long n = -1;
  int rc = kg_result_next(r, &e);
  if (rc > 0) n = atol(kg_result_value(r, 0)->value);
  else if (rc < 0) *s = e.status;
  kg_result_free(r);
  return n;
}

START_TEST(media_types) {
  const kg_media_type *m =
      kg_media_type_find("Application/SPARQL-Results+JSON; charset=utf-8",
                         KG_FORMAT_BINDINGS);
  ck_assert_ptr_nonnull(m);
  ck_assert_str_eq(m->format, "json");
  ck_assert_ptr_null(kg_media_type_find("text/turtle", KG_FORMAT_BINDINGS));
  ck_assert_str_eq(kg_media_type_find("text/turtle", KG_FORMAT_GRAPHS)->format,
                   "turtle");
  /* one type, two meanings by what is written */
  ck_assert_str_eq(kg_media_type_find("application/xml", KG_FORMAT_BINDINGS)->format, "xml");
  ck_assert_str_eq(kg_media_type_find("application/xml", KG_FORMAT_GRAPHS)->format, "rdfxml");
  ck_assert_str_eq(kg_format_media_type("ttl", KG_FORMAT_GRAPHS), "text/turtle");
  ck_assert_str_eq(kg_format_media_type("xml", KG_FORMAT_GRAPHS), "application/rdf+xml");
  ck_assert_ptr_null(kg_format_media_type("csv", KG_FORMAT_GRAPHS));
  ck_assert_ptr_null(kg_format_media_type("nope", KG_FORMAT_BINDINGS));
  ck_assert_ptr_null(kg_media_type_find(NULL, KG_FORMAT_GRAPHS));
  /* every entry names a format that writes what it says */
  size_t i = 0;
  for (; kg_media_type_at(i); i++) {
    const kg_media_type *t = kg_media_type_at(i);
    const kg_format *f = kg_format_find(t->format);
    ck_assert_ptr_nonnull(f);
    ck_assert(f->writes & t->writes);
  }
  ck_assert_uint_gt(i, 10);
  ck_assert_ptr_null(kg_media_type_at(i));
}
END_TEST

START_TEST(timeout_and_cancel) {
  kg_store *st = sample();
  const char *slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                     "?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r . ?s ?t ?u "
                     ". ?v ?w ?x . ?y ?z ?aa . ?bb ?cc ?dd . ?ee ?ff ?gg }";
  kg_query_options opt = {.timeout_ms = 50};
  kg_status s;
  ck_assert_int_eq(count(st, slow, &opt, &s), -1);
  ck_assert_int_eq(s, KG_ERR_CANCELLED);
  volatile int stop = 1;
  kg_query_options c = {.cancel = &stop};
  ck_assert_int_eq(count(st, slow, &c, &s), -1);
  ck_assert_int_eq(s, KG_ERR_CANCELLED);
  stop = 0;
  ck_assert_int_eq(count(st, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", &c, &s), 4);
  kg_store_close(st);
}
END_TEST

START_TEST(deny) {
  kg_store *st = sample();
  kg_result *r = NULL;
  kg_error e;
  kg_query_options q = {.deny = KG_DENY_UPDATE};
  ck_assert_int_eq(kg_query(st, "INSERT DATA { <http://e/n> <http://e/p> 9 }", &q, &r, &e),
                   KG_ERR_DENIED);
  kg_query_options u = {.deny = KG_DENY_QUERY};
  ck_assert_int_eq(kg_query(st, "ASK {}", &u, &r, &e), KG_ERR_DENIED);
  kg_query_options l = {.deny = KG_DENY_LOAD_FILE | KG_DENY_LOAD_WEB};
  ck_assert_int_eq(kg_query(st, "LOAD <file:///etc/hostname>", &l, &r, &e), KG_ERR_DENIED);
  ck_assert_int_eq(kg_query(st, "LOAD SILENT <http://127.0.0.1:9/x>", &l, &r, &e),
                   KG_ERR_DENIED);
  kg_query_options sv = {.deny = KG_DENY_SERVICE};
  ck_assert_int_eq(kg_query(st, "SELECT * { SERVICE SILENT <http://127.0.0.1:9/s> { ?s ?p ?o } }",
                            &sv, &r, &e), KG_ERR_DENIED);
  ck_assert_ptr_null(r);
  ck_assert_str_eq(kg_strerror(KG_ERR_DENIED), "not allowed");
  kg_store_close(st);
}
END_TEST

START_TEST(protocol_dataset) {
  kg_store *st = sample();
  kg_store_set_union_default(st, 0);
  kg_status s;
  const char *q = "SELECT (COUNT(*) AS ?n) FROM <http://e/none> { ?s ?p ?o }";
  ck_assert_int_eq(count(st, q, NULL, &s), 0);
  const char *const g[] = {"http://e/g", NULL};
  kg_query_options o = {.default_graphs = g};
  ck_assert_int_eq(count(st, q, &o, &s), 1);
  const char *const none[] = {NULL};
  kg_query_options n = {.default_graphs = none, .named_graphs = g};
  ck_assert_int_eq(count(st, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }", &n, &s), 1);
  ck_assert_int_eq(count(st, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", &n, &s), 0);
  kg_store_close(st);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("server_api");
  TCase *t = tcase_create("core");
  tcase_set_timeout(t, 30);
  tcase_add_test(t, media_types);
  tcase_add_test(t, timeout_and_cancel);
  tcase_add_test(t, deny);
  tcase_add_test(t, protocol_dataset);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(suite)
