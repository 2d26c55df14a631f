/* test_remote.c - a SPARQL server's store (graph/remote/) against a canned
 * server (httputil.h): the open's question, queries with the session's
 * prefixes, answers read back (xsd:string and Virtuoso's blank labels
 * made plain), the parser before the network, a server's refusal in its
 * own words, credentials sent and never shown, transactions refused, and
 * bad specs and dead endpoints. */
#include "kg.h"
#include "testutil.h"
#include "httputil.h"

static const char yes[] = "{\"head\":{},\"boolean\":true}";

static char *json(const char *body) {
  return kgt_http_response(200, "application/sparql-results+json", body);
}

START_TEST(query_through_server) {
  char *resp[3] = {
      json(yes),
      json("{\"head\":{\"vars\":[\"s\",\"o\"]},\"results\":{\"bindings\":[{"
           "\"s\":{\"type\":\"bnode\",\"value\":\"nodeID://b10005\"},"
           "\"o\":{\"type\":\"typed-literal\",\"datatype\":"
           "\"http://www.w3.org/2001/XMLSchema#string\",\"value\":\"x\"}}]}}"),
      kgt_http_response(400, "text/plain",
                        "Virtuoso 37000 Error SP030: SPARQL compiler"),
  };
  kgt_http h = kgt_http_start(resp, 3);
  char url[64];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/sparql", h.port);
  setenv("KGSH_TOKEN", "t0ken-never-shown", 1);
  kg_store *st = NULL;
  kg_error err;
  ck_assert_int_eq(kg_store_open(url, 0, &st, &err), KG_OK);
  unsetenv("KGSH_TOKEN");
  ck_assert_str_eq(kg_store_spec(st), url);
  ck_assert_int_eq(kg_prefix_set(st, "ex", "http://example.org/", &err), KG_OK);
  /* the parser first: nothing is sent */
  kg_result *r = NULL;
  kg_query_options o = {.declare_prefixes = 1};
  ck_assert_int_eq(kg_query(st, "SELECT * WHERE { ?s", &o, &r, &err),
                   KG_ERR_SYNTAX);
  ck_assert_int_eq(err.line, 1);
  ck_assert_int_eq(kg_query(st, "SELECT * WHERE { ?s ex:p ?o }", &o, &r, &err),
                   KG_OK);
  ck_assert_int_eq(kg_result_kind(r), KG_RESULT_BINDINGS);
  ck_assert_int_eq(kg_result_next(r, &err), 1);
  const kg_term *s = kg_result_value(r, 0), *v = kg_result_value(r, 1);
  ck_assert_int_eq(s->kind, KG_TERM_BLANK);
  ck_assert_ptr_null(strpbrk(s->value, ":/"));
  ck_assert_int_eq(v->kind, KG_TERM_LITERAL);
  ck_assert_ptr_null(v->datatype);
  ck_assert_int_eq(kg_result_next(r, &err), 0);
  kg_result_free(r);
  /* a refusal: the server's words, not the token */
  ck_assert_int_eq(kg_query(st, "SELECT * WHERE { ?s ?p ?o }", &o, &r, &err),
                   KG_ERR_NET);
  ck_assert_ptr_nonnull(strstr(err.message, "Virtuoso 37000 Error SP030"));
  ck_assert_ptr_null(strstr(err.message, "t0ken"));
  ck_assert_int_eq(kg_store_begin(st, &err), KG_ERR_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(err.message, "no multi-statement transactions"));
  ck_assert_int_eq(kg_store_commit(st, &err), KG_ERR_UNSUPPORTED);
  kg_store_close(st);
  char req[16384];
  kgt_http_wait(&h, req, sizeof req);
  for (int i = 0; i < 3; i++) free(resp[i]);
  /* what went out: the open's question, the session's prefix declared
   * for the server, the token as a header */
  ck_assert_ptr_nonnull(strstr(req, "query=ASK"));
  ck_assert_ptr_nonnull(strstr(req, "PREFIX%20ex%3A%20%3Chttp%3A%2F%2Fexample.org%2F%3E"));
  ck_assert_ptr_nonnull(strstr(req, "Authorization: Bearer t0ken-never-shown"));
  int posts = 0;  /* the open, the query, the refused one: the bad query
                    never left */
  for (const char *p = req; (p = strstr(p, "POST /sparql")); p++) posts++;
  ck_assert_int_eq(posts, 3);
}
END_TEST

START_TEST(bad_specs) {
  kg_store *st = NULL;
  kg_error err;
  ck_assert_int_eq(kg_store_open("sparql:ftp://x/q", 0, &st, &err), KG_ERR_ARG);
  ck_assert_ptr_nonnull(strstr(err.message, "is not an http:// or https:// URL"));
  ck_assert_int_eq(kg_store_open("sparql:http://a/q,update=http://b/u,"
                                 "update=http://c/u", 0, &st, &err),
                   KG_ERR_ARG);
  ck_assert_ptr_nonnull(strstr(err.message, "given twice"));
  ck_assert_ptr_null(st);
  /* nothing listens on port 1 */
  ck_assert_int_eq(kg_store_open("http://me:s3cret@127.0.0.1:1/sparql", 0,
                                 &st, &err),
                   KG_ERR_NET);
  ck_assert_ptr_nonnull(strstr(err.message, "cannot open the SPARQL endpoint "
                                            "http://127.0.0.1:1/sparql"));
  ck_assert_ptr_null(strstr(err.message, "s3cret"));
  kg_store_close(NULL);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("remote");
  TCase *t = tcase_create("core");
  tcase_set_timeout(t, 30);
  tcase_add_test(t, query_through_server);
  tcase_add_test(t, bad_specs);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(suite)
