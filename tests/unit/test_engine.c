/* test_engine.c - the SPARQL engine through kg_query: the cases where
 * rasqal 0.9.33 (librdf's engine) crashes or answers wrongly, and SERVICE
 * against a local HTTP server. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kg.h"
#include "testutil.h"
#include "httputil.h"

static const char *DATA =
    "@prefix : <http://ex.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    ":Company rdfs:subClassOf :Organization .\n"
    ":Startup rdfs:subClassOf :Company .\n"
    ":leap a :Startup ; rdfs:label \"Leapmotor\"@en, \"零跑科技\"@zh ;\n"
    "  :locatedIn :binjiang .\n"
    ":robam a :Company ; rdfs:label \"Robam\"@en ; :locatedIn :linping .\n"
    ":binjiang :locatedIn :hangzhou . :linping :locatedIn :hangzhou .\n"
    ":hangzhou :locatedIn :zhejiang .\n"
    ":straße rdfs:label \"Straße\" .\n"
    ":greek rdfs:label \"ΣΊΣΥΦΟΣ\" .\n";

static kg_store *st;

static void setup(void) { st = kgt_memory_with(DATA); }

static void teardown(void) {
  kg_store_close(st);
  st = NULL;
}

/* Runs a SELECT and returns its rows as "a|b\n" lines (values in
 * N-Triples form), sorted unless the query orders them. */
static char *rows(const char *q) {
  kg_result *r;
  kg_error err;
  kg_status s = kg_query(st, q, NULL, &r, &err);
  ck_assert_msg(s == KG_OK, "query failed: %s", err.message);
  char *lines[256];
  size_t n = 0;
  while (kg_result_next(r, &err) > 0 && n < 256) {
    char buf[4096] = "";
    for (size_t c = 0; c < kg_result_columns(r); c++) {
      const kg_term *t = kg_result_value(r, c);
      char *nt = t->kind ? kg_term_to_nt(t) : strdup("");
      if (c) strcat(buf, "|");
      strncat(buf, nt, sizeof buf - strlen(buf) - 2);
      free(nt);
    }
    lines[n++] = strdup(buf);
  }
  kg_result_free(r);
  if (!strstr(q, "ORDER BY"))
    for (size_t i = 1; i < n; i++)
      for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
        char *t = lines[j];
        lines[j] = lines[j - 1];
        lines[j - 1] = t;
      }
  size_t len = 1;
  for (size_t i = 0; i < n; i++) len += strlen(lines[i]) + 1;
  char *out = calloc(1, len);
  for (size_t i = 0; i < n; i++) {
    strcat(out, lines[i]);
    strcat(out, "\n");
    free(lines[i]);
  }
  return out;
}

#define EXPECT_ROWS(q, want)                               \
  do {                                                     \
    char *got_ = rows(q);                                  \
    ck_assert_str_eq(got_, want);                          \
    free(got_);                                            \
  } while (0)

#define P "PREFIX : <http://ex.org/> PREFIX rdfs: " \
          "<http://www.w3.org/2000/01/rdf-schema#> "

START_TEST(property_paths) {
  /* rasqal: syntax errors */
  EXPECT_ROWS(P "SELECT ?x WHERE { ?x a/rdfs:subClassOf* :Organization }",
              "<http://ex.org/leap>\n<http://ex.org/robam>\n");
  EXPECT_ROWS(P "SELECT ?p WHERE { :leap :locatedIn+ ?p }",
              "<http://ex.org/binjiang>\n<http://ex.org/hangzhou>\n"
              "<http://ex.org/zhejiang>\n");
  EXPECT_ROWS(P "SELECT ?c WHERE { :hangzhou ^:locatedIn/^:locatedIn ?c }",
              "<http://ex.org/leap>\n<http://ex.org/robam>\n");
  EXPECT_ROWS(P "SELECT ?o WHERE { :robam (rdfs:label|:locatedIn) ?o }",
              "\"Robam\"@en\n<http://ex.org/linping>\n");
  /* every node (16, literals too) reaches itself, plus 11 longer paths */
  EXPECT_ROWS(P "SELECT (COUNT(*) AS ?n) WHERE { ?a :locatedIn* ?b }",
              "\"27\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
}
END_TEST

START_TEST(exists_minus) {
  EXPECT_ROWS(P "SELECT ?x WHERE { ?x a ?c FILTER NOT EXISTS { ?x rdfs:label "
                "\"Robam\"@en } }",
              "<http://ex.org/leap>\n");
  EXPECT_ROWS(P "SELECT ?x WHERE { ?x a ?c FILTER EXISTS { ?x :locatedIn "
                ":linping } }",
              "<http://ex.org/robam>\n");
  EXPECT_ROWS(P "SELECT ?x WHERE { ?x a ?c MINUS { ?x a :Startup } }",
              "<http://ex.org/robam>\n");
}
END_TEST

START_TEST(values) {
  /* rasqal: one row only, and a crash when joined to a pattern */
  EXPECT_ROWS(P "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }",
              "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
              "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
              "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
  EXPECT_ROWS(P "SELECT ?x ?p WHERE { VALUES ?x { :leap :robam :none } "
                "?x :locatedIn ?p }",
              "<http://ex.org/leap>|<http://ex.org/binjiang>\n"
              "<http://ex.org/robam>|<http://ex.org/linping>\n");
  EXPECT_ROWS(P "SELECT ?x ?p WHERE { ?x :locatedIn ?p } VALUES (?x ?p) { "
                "(:leap UNDEF) (UNDEF :hangzhou) }",
              "<http://ex.org/binjiang>|<http://ex.org/hangzhou>\n"
              "<http://ex.org/leap>|<http://ex.org/binjiang>\n"
              "<http://ex.org/linping>|<http://ex.org/hangzhou>\n");
}
END_TEST

START_TEST(aggregates) {
  /* rasqal: separator ignored; COUNT over nothing gives no row */
  EXPECT_ROWS(P "SELECT (GROUP_CONCAT(?l; SEPARATOR=\" / \") AS ?all) WHERE "
                "{ SELECT ?l WHERE { :leap rdfs:label ?l } ORDER BY ?l }",
              "\"Leapmotor / 零跑科技\"\n");
  EXPECT_ROWS(P "SELECT (COUNT(?x) AS ?n) WHERE { ?x :nothing ?y }",
              "\"0\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
  EXPECT_ROWS(P "SELECT ?p (COUNT(?x) AS ?n) WHERE { ?x :locatedIn ?p } "
                "GROUP BY ?p HAVING (COUNT(?x) > 1)",
              "<http://ex.org/hangzhou>|"
              "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
}
END_TEST

START_TEST(unicode) {
  /* rasqal: ASCII-only UCASE and case-insensitive REGEX */
  EXPECT_ROWS(P "SELECT (UCASE(?l) AS ?u) WHERE { :straße rdfs:label ?l }",
              "\"STRASSE\"\n");
  EXPECT_ROWS(P "SELECT ?x WHERE { ?x rdfs:label ?l FILTER(REGEX(?l, "
                "\"σίσυφος\", \"i\")) }",
              "<http://ex.org/greek>\n");
  EXPECT_ROWS(P "SELECT (STRLEN(?l) AS ?n) WHERE { :leap rdfs:label ?l "
                "FILTER(lang(?l) = \"zh\") }",
              "\"4\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
}
END_TEST

START_TEST(describe_and_update) {
  kg_result *r;
  kg_error err;
  /* rasqal: DESCRIBE returns nothing */
  ck_assert_int_eq(kg_query(st, P "DESCRIBE :robam", NULL, &r, &err), KG_OK);
  int n = 0;
  while (kg_result_next(r, &err) > 0) n++;
  kg_result_free(r);
  ck_assert_int_eq(n, 3);
  /* rasqal: updates parsed but never executed */
  ck_assert_int_eq(kg_query(st, P "INSERT DATA { :x :p 1 } ; DELETE WHERE { "
                                  ":robam :locatedIn ?o }",
                            NULL, &r, &err),
                   KG_OK);
  ck_assert_int_eq(kg_result_added(r), 1);
  ck_assert_int_eq(kg_result_removed(r), 1);
  kg_result_free(r);
  EXPECT_ROWS(P "SELECT ?o WHERE { :robam :locatedIn ?o }", "");
}
END_TEST

START_TEST(errors_have_columns) {
  kg_error err;
  kg_result *r = NULL;
  ck_assert_int_eq(kg_query(st, "SELECT ?x\nWHERE { ?x ?p ?o\n  FILTER(?x = ) }",
                            NULL, &r, &err),
                   KG_ERR_SYNTAX);
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_eq(err.column, 15);
  ck_assert_int_eq(kg_query(st, "SELECT * WHERE { ?x foo:bar ?y }", NULL, &r,
                            &err),
                   KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "foo"));
  ck_assert_int_eq(err.column, 21);
}
END_TEST

/* ------------------------------------------------------------- SERVICE */

/* Serves one SPARQL JSON answer on a port of its own, runs the query
 * `fmt` (the port in each of its at most two %d) and checks its rows;
 * every request the server read into req. */
static void served_rows(const char *json, const char *fmt, const char *want,
                        char *req, size_t size) {
  char *resp = kgt_http_response(200, "application/sparql-results+json", json);
  kgt_http h = kgt_http_start(&resp, 1);
  char q[1024];
  snprintf(q, sizeof q, fmt, h.port, h.port);
  EXPECT_ROWS(q, want);
  kgt_http_wait(&h, req, size);
  free(resp);
}

START_TEST(service) {
  const char *json =
      "{\"head\":{\"vars\":[\"x\",\"name\"]},\"results\":{\"bindings\":["
      "{\"x\":{\"type\":\"uri\",\"value\":\"http://ex.org/leap\"},"
      "\"name\":{\"type\":\"literal\",\"value\":\"remote\"}}]}}";
  char req[16384];
  served_rows(json,
              P "SELECT ?x ?name ?l WHERE { SERVICE "
                "<http://127.0.0.1:%d/sparql> { ?x :name ?name } ?x "
                "rdfs:label ?l FILTER(lang(?l) = \"en\") }",
              "<http://ex.org/leap>|\"remote\"|\"Leapmotor\"@en\n", req,
              sizeof req);
  /* the SPARQL protocol: a POST of the query as a form (which Virtuoso
   * answers too), with a User-Agent */
  ck_assert_ptr_nonnull(strstr(req, "POST /sparql"));
  ck_assert_ptr_nonnull(strcasestr(req, "User-Agent: kgsh/"));
  ck_assert_ptr_nonnull(strcasestr(req, "application/x-www-form-urlencoded"));
  ck_assert_ptr_nonnull(strstr(req, "query="));
  ck_assert_ptr_nonnull(strstr(req, "%3Fx"));
  /* an endpoint that is not there: an error, or nothing with SILENT */
  kg_result *r;
  kg_error err;
  ck_assert_int_ne(kg_query(st, P "SELECT * WHERE { SERVICE "
                                  "<http://127.0.0.1:1/none> { ?s ?p ?o } }",
                            NULL, &r, &err),
                   KG_OK);
  ck_assert_ptr_nonnull(strstr(err.message, "SERVICE"));
  /* SILENT: one solution that binds nothing */
  EXPECT_ROWS(P "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/none> "
                "{ ?s ?p ?o } }",
              "||\n");
}
END_TEST

/* A literal binding of a SPARQL JSON answer. */
#define LIT(v, x) "\"" v "\":{\"type\":\"literal\",\"value\":\"" x "\"}"
#define URI(v, x) "\"" v "\":{\"type\":\"uri\",\"value\":\"" x "\"}"

/* SERVICE after a pattern: its rows go as numbered VALUES, each answer
 * joins only the rows of the tuple it names */
START_TEST(service_bound_join) {
  const char *json =
      "{\"head\":{\"vars\":[\"_kgsh_row\",\"place\",\"n\"]},\"results\":"
      "{\"bindings\":["
      "{" LIT("_kgsh_row", "0") "," URI("place", "http://ex.org/p1") ","
      LIT("n", "one") "},"
      "{" LIT("_kgsh_row", "1") "," URI("place", "http://ex.org/p2") ","
      LIT("n", "two") "},"
      "{" LIT("_kgsh_row", "2") "," URI("place", "http://ex.org/p1") ","
      LIT("n", "any one") "},"
      "{" LIT("_kgsh_row", "2") "," URI("place", "http://ex.org/p3") ","
      LIT("n", "any three") "}]}}";
  char req[16384];
  served_rows(json,
              P "SELECT ?x ?place ?n WHERE { VALUES (?x ?place) { (:a :p1) "
                "(:b :p2) (:c :p1) (:d UNDEF) } SERVICE "
                "<http://127.0.0.1:%d/s> { ?place :name ?n } }",
              "<http://ex.org/a>|<http://ex.org/p1>|\"one\"\n"
              "<http://ex.org/b>|<http://ex.org/p2>|\"two\"\n"
              "<http://ex.org/c>|<http://ex.org/p1>|\"one\"\n"
              "<http://ex.org/d>|<http://ex.org/p1>|\"any one\"\n"
              "<http://ex.org/d>|<http://ex.org/p3>|\"any three\"\n",
              req, sizeof req);
  /* one request; :p1 sent once (two rows share it), :d's as UNDEF */
  ck_assert_ptr_nonnull(strstr(req, "VALUES%20%28%3F_kgsh_row%20%3Fplace%29"));
  ck_assert_ptr_nonnull(strstr(req, "%280%20%3Chttp%3A%2F%2Fex.org%2Fp1%3E%29"));
  ck_assert_ptr_nonnull(strstr(req, "%281%20%3Chttp%3A%2F%2Fex.org%2Fp2%3E%29"));
  ck_assert_ptr_nonnull(strstr(req, "%282%20UNDEF%29"));
  ck_assert_ptr_null(strstr(req, "%283%20"));
}
END_TEST

/* Answers that break the VALUES contract, or are no answers: errors
 * naming the endpoint and what is wrong */
START_TEST(service_bad_answers) {
  char *resp[3] = {
      kgt_http_response(200, "application/sparql-results+json",
                        "{\"head\":{\"vars\":[\"_kgsh_row\",\"n\"]},"
                        "\"results\":{\"bindings\":[{" LIT("_kgsh_row", "7")
                        "," LIT("n", "x") "}]}}"),
      kgt_http_response(200, "application/sparql-results+json",
                        "{\"head\":{\"vars\":[\"n\"]},\"results\":"
                        "{\"bindings\":[{" LIT("n", "x") "}]}}"),
      kgt_http_response(200, "application/sparql-results+json",
                        "{\"head\":{\"vars\":[\"n\"]},\"results\":"
                        "{\"bindings\":[{"),
  };
  kgt_http h = kgt_http_start(resp, 3);
  const char *want[3] = {"names no VALUES row sent",
                         "answered without the ?_kgsh_row column",
                         "SERVICE: "};
  for (int i = 0; i < 3; i++) {
    char q[512];
    snprintf(q, sizeof q,
             P "SELECT * WHERE { VALUES ?p { :p%d :q } SERVICE "
               "<http://127.0.0.1:%d/s> { ?p :name ?n } }",
             i, h.port);
    kg_result *r = NULL;
    kg_error err;
    int bad = kg_query(st, q, NULL, &r, &err) != KG_OK;
    if (!bad) {
      int rc;
      while ((rc = kg_result_next(r, &err)) > 0) {
      }
      bad = rc < 0;
      kg_result_free(r);
    }
    ck_assert_msg(bad, "answer %d accepted", i);
    ck_assert_msg(strstr(err.message, want[i]), "answer %d: %s", i,
                  err.message);
  }
  char req[16384];
  kgt_http_wait(&h, req, sizeof req);
  for (int i = 0; i < 3; i++) free(resp[i]);
}
END_TEST

/* The same request twice in one query is sent once: the server has a
 * single answer, and both SERVICEs get it */
START_TEST(service_cache) {
  char req[16384];
  served_rows("{\"head\":{\"vars\":[\"n\"]},\"results\":{\"bindings\":[{"
              LIT("n", "x") "}]}}",
              P "SELECT ?n WHERE { { SERVICE <http://127.0.0.1:%d/s> { ?s "
                ":name ?n } } UNION { SERVICE <http://127.0.0.1:%d/s> { ?s "
                ":name ?n } } }",
              "\"x\"\n\"x\"\n", req, sizeof req);
  ck_assert_ptr_null(strstr(strstr(req, "POST") + 1, "POST"));
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("engine");
  TCase *t = tcase_create("rasqal gaps");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, property_paths);
  tcase_add_test(t, exists_minus);
  tcase_add_test(t, values);
  tcase_add_test(t, aggregates);
  tcase_add_test(t, unicode);
  tcase_add_test(t, describe_and_update);
  tcase_add_test(t, errors_have_columns);
  tcase_add_test(t, service);
  tcase_add_test(t, service_bound_join);
  tcase_add_test(t, service_bad_answers);
  tcase_add_test(t, service_cache);
  tcase_set_timeout(t, 30);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(suite)
