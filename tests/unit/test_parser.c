/* test_parser.c - unit tests for the SPARQL parser and algebra translation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iri.h"
#include "pname.h"
#include "sparql/algebra.h"
#include "sparql/syntax/syntax.h"
#include "testutil.h"

static const char *const PFX[] = {"ex", "http://example.org/", "foaf",
                                  "http://xmlns.com/foaf/0.1/", NULL};

/* Parses `text` (which must succeed) and returns its printed algebra. */
static char *explain_base(const char *text, const char *base) {
  kg_error err;
  sp_query *q = sp_parse(text, strlen(text), base, PFX, &err);
  ck_assert_msg(q != NULL, "parse failed at %ld:%ld: %s\n--- query:\n%s", err.line,
                err.column, err.message, text);
  ck_assert_int_eq(err.status, KG_OK);
  strbuf b = {0};
  sp_query_print(q, &b);
  sp_query_free(q);
  return strbuf_take(&b);
}

static char *explain(const char *text) { return explain_base(text, NULL); }

#define ASSERT_ALGEBRA(text, expected)   \
  do {                                   \
    char *got_ = explain(text);          \
    ck_assert_str_eq(got_, expected);    \
    free(got_);                          \
  } while (0)

/* Parses `text` (which must fail) and checks the place and message. */
static void expect_error(const char *text, long line, long column, const char *part) {
  kg_error err;
  sp_query *q = sp_parse(text, strlen(text), NULL, PFX, &err);
  ck_assert_msg(q == NULL, "expected a syntax error for:\n%s", text);
  ck_assert_int_eq(err.status, KG_ERR_SYNTAX);
  ck_assert_str_eq(err.file, "<query>");
  ck_assert_msg(strstr(err.message, part) != NULL, "message '%s' lacks '%s'", err.message,
                part);
  ck_assert_msg(err.line == line && err.column == column,
                "error at %ld:%ld, expected %ld:%ld (%s)", err.line, err.column, line, column,
                err.message);
}

static sp_query *parse_ok(const char *text) {
  kg_error err;
  sp_query *q = sp_parse(text, strlen(text), NULL, PFX, &err);
  ck_assert_msg(q != NULL, "parse failed at %ld:%ld: %s", err.line, err.column, err.message);
  return q;
}

/* ----------------------------------------------------------- basics */

START_TEST(select_basic) {
  ASSERT_ALGEBRA("SELECT ?x ?name WHERE { ?x foaf:name ?name }",
                 "(project (?x ?name)\n"
                 "  (bgp (triple ?x <http://xmlns.com/foaf/0.1/name> ?name)))\n");
}
END_TEST

START_TEST(select_star_order_and_hidden) {
  sp_query *q = parse_ok("SELECT * { ?b ex:p [ ex:q ?a ] . _:x ex:r ?c ; ex:s/ex:t ?d }");
  ck_assert_int_eq(q->form, SP_SELECT);
  ck_assert_int_eq(q->select_star, 1);
  ck_assert_int_eq(q->nproj, 4);
  ck_assert_str_eq(q->vars[q->proj[0]], "b");
  ck_assert_str_eq(q->vars[q->proj[1]], "a");
  ck_assert_str_eq(q->vars[q->proj[2]], "c");
  ck_assert_str_eq(q->vars[q->proj[3]], "d");
  sp_query_free(q);
}
END_TEST

START_TEST(keywords_case_insensitive) {
  ASSERT_ALGEBRA("select DiStInCt ?s where { ?s a ex:C } limit 2",
                 "(slice _ 2\n"
                 "  (distinct\n"
                 "    (project (?s)\n"
                 "      (bgp (triple ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                 "<http://example.org/C>)))))\n");
  expect_error("SELECT * { ?s A ex:C }", 1, 15, "expected a predicate");
}
END_TEST

START_TEST(empty_group_and_values) {
  ASSERT_ALGEBRA("SELECT * {}", "(project ()\n  (table unit))\n");
  ASSERT_ALGEBRA("SELECT ?x { VALUES ?x { 1 UNDEF } }",
                 "(project (?x)\n"
                 "  (table (vars ?x)\n"
                 "    (row [?x 1])\n"
                 "    (row)))\n");
  ASSERT_ALGEBRA("SELECT * { ?s ?p ?o } VALUES (?s ?o) { (ex:a \"x\") (UNDEF 2) }",
                 "(project (?s ?p ?o)\n"
                 "  (join\n"
                 "    (bgp (triple ?s ?p ?o))\n"
                 "    (table (vars ?s ?o)\n"
                 "      (row [?s <http://example.org/a>] [?o \"x\"])\n"
                 "      (row [?o 2]))))\n");
  ASSERT_ALGEBRA("SELECT * { VALUES () { () () } }",
                 "(project ()\n  (table (vars)\n    (row)\n    (row)))\n");
}
END_TEST

/* ----------------------------------------------------------- groups */

START_TEST(optional_filter_leftjoin) {
  ASSERT_ALGEBRA("SELECT * WHERE {\n"
                 "  ?s ex:p ?o .\n"
                 "  FILTER(?o > 1)\n"
                 "  OPTIONAL { ?s ex:q ?q FILTER(?q != ?o) }\n"
                 "  BIND(?o * 2 AS ?d)\n"
                 "}",
                 "(project (?s ?o ?q ?d)\n"
                 "  (filter (> ?o 1)\n"
                 "    (extend ((?d (* ?o 2)))\n"
                 "      (leftjoin\n"
                 "        (bgp (triple ?s <http://example.org/p> ?o))\n"
                 "        (bgp (triple ?s <http://example.org/q> ?q))\n"
                 "        (!= ?q ?o)))))\n");
}
END_TEST

START_TEST(filters_apply_to_whole_group) {
  ASSERT_ALGEBRA("SELECT ?x { FILTER(?x = 1) FILTER(bound(?x)) ?x ex:p ?y . "
                 "FILTER(true) ?x ex:q ?z }",
                 "(project (?x)\n"
                 "  (filter (exprlist (= ?x 1) (bound ?x) true)\n"
                 "    (bgp\n"
                 "      (triple ?x <http://example.org/p> ?y)\n"
                 "      (triple ?x <http://example.org/q> ?z))))\n");
}
END_TEST

START_TEST(union_minus_graph_service) {
  ASSERT_ALGEBRA("SELECT ?x { { ?x ex:a 1 } UNION { ?x ex:b 2 } UNION { ?x ex:c 3 } "
                 "MINUS { ?x ex:d 4 } GRAPH ?g { ?x ex:e 5 } }",
                 "(project (?x)\n"
                 "  (join\n"
                 "    (minus\n"
                 "      (union\n"
                 "        (union\n"
                 "          (bgp (triple ?x <http://example.org/a> 1))\n"
                 "          (bgp (triple ?x <http://example.org/b> 2)))\n"
                 "        (bgp (triple ?x <http://example.org/c> 3)))\n"
                 "      (bgp (triple ?x <http://example.org/d> 4)))\n"
                 "    (graph ?g\n"
                 "      (bgp (triple ?x <http://example.org/e> 5)))))\n");
}
END_TEST

START_TEST(service_text_and_prologue) {
  const char *text = "BASE <http://base/>\nPREFIX s: <http://s/>\n"
                     "SELECT * { SERVICE SILENT <http://remote/sparql> { ?x s:p <rel> } }";
  sp_query *q = parse_ok(text);
  sp_node *n = q->pattern->a;
  ck_assert_int_eq(n->op, SP_N_SERVICE);
  ck_assert_int_eq(n->silent, 1);
  ck_assert_str_eq(n->graph.value, "http://remote/sparql");
  ck_assert_str_eq(n->text, "{ ?x s:p <rel> }");
  ck_assert_ptr_nonnull(strstr(n->prologue, "BASE <http://base/>\n"));
  ck_assert_ptr_nonnull(strstr(n->prologue, "PREFIX s: <http://s/>\n"));
  ck_assert_ptr_nonnull(strstr(n->prologue, "PREFIX ex: <http://example.org/>\n"));
  sp_query_free(q);
}
END_TEST

START_TEST(bind_scope) {
  ASSERT_ALGEBRA("SELECT ?z { BIND(1 AS ?z) ?s ?p ?z }",
                 "(project (?z)\n"
                 "  (join\n"
                 "    (extend ((?z 1))\n"
                 "      (table unit))\n"
                 "    (bgp (triple ?s ?p ?z))))\n");
  expect_error("SELECT * {\n  ?s ?p ?o .\n  BIND(1 AS ?o)\n}", 3, 13, "BIND cannot assign ?o");
  expect_error("SELECT * { BIND(1 AS ?a) BIND(2 AS ?a) }", 1, 36, "already bound");
  /* a new group starts a new scope */
  free(explain("SELECT * { ?s ?p ?o { BIND(1 AS ?o) } }"));
}
END_TEST

START_TEST(exists_patterns) {
  ASSERT_ALGEBRA("ASK { ?s ?p ?o FILTER NOT EXISTS { ?s ex:q ?o } }",
                 "(ask\n"
                 "  (filter (notexists\n"
                 "    (bgp (triple ?s <http://example.org/q> ?o)))\n"
                 "    (bgp (triple ?s ?p ?o))))\n");
}
END_TEST

/* ------------------------------------------------------------ paths */

START_TEST(paths_simple_become_triples) {
  ASSERT_ALGEBRA("SELECT ?y { ?x ex:a/^ex:b/ex:c ?y }",
                 "(project (?y)\n"
                 "  (bgp\n"
                 "    (triple ?x <http://example.org/a> ?.p1)\n"
                 "    (triple ?.p2 <http://example.org/b> ?.p1)\n"
                 "    (triple ?.p2 <http://example.org/c> ?y)))\n");
}
END_TEST

START_TEST(paths_complex_stay_paths) {
  ASSERT_ALGEBRA("SELECT * { ?x ex:a* ?y . ?y (ex:a|ex:b)+ ?z . ?z !(ex:a|^ex:b) ?w . "
                 "?w ^(ex:a/ex:b)? 1 . ?w !a ?v }",
                 "(project (?x ?y ?z ?w ?v)\n"
                 "  (join\n"
                 "    (join\n"
                 "      (join\n"
                 "        (join\n"
                 "          (path ?x (path* <http://example.org/a>) ?y)\n"
                 "          (path ?y (path+ (alt <http://example.org/a> <http://example.org/b>)) ?z))\n"
                 "        (path ?z (notoneof <http://example.org/a> (inv <http://example.org/b>)) ?w))\n"
                 "      (path ?w (inv (path? (seq <http://example.org/a> <http://example.org/b>))) 1))\n"
                 "    (path ?w (notoneof <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) ?v)))\n");
}
END_TEST

START_TEST(collections_and_blank_nodes) {
  ASSERT_ALGEBRA("SELECT ?x { ?x ex:p (1 [ex:q 2]) }",
                 "(project (?x)\n"
                 "  (bgp\n"
                 "    (triple ?x <http://example.org/p> ?_:-1)\n"
                 "    (triple ?_:-1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> 1)\n"
                 "    (triple ?_:-1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ?_:-2)\n"
                 "    (triple ?_:-2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?_:-3)\n"
                 "    (triple ?_:-3 <http://example.org/q> 2)\n"
                 "    (triple ?_:-2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
                 "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>)))\n");
  ASSERT_ALGEBRA("SELECT * { _:a ex:p () . [] ex:q _:a }",
                 "(project ()\n"
                 "  (bgp\n"
                 "    (triple ?_:a <http://example.org/p> "
                 "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>)\n"
                 "    (triple ?_:-1 <http://example.org/q> ?_:a)))\n");
}
END_TEST

/* ------------------------------------------------------- aggregates */

START_TEST(aggregates_group_having_order) {
  ASSERT_ALGEBRA("SELECT ?g (SUM(?v) AS ?s) (GROUP_CONCAT(DISTINCT ?n; SEPARATOR=\"|\") AS ?c)\n"
                 "{ ?g ex:v ?v ; ex:n ?n }\n"
                 "GROUP BY ?g HAVING (COUNT(*) > 1) ORDER BY DESC(MAX(?v)) ?g",
                 "(project (?g ?s ?c)\n"
                 "  (order ((desc ?.agg4) ?g)\n"
                 "    (extend ((?c ?.agg2))\n"
                 "      (extend ((?s ?.agg1))\n"
                 "        (filter (> ?.agg3 1)\n"
                 "          (group (?g) ((?.agg1 (sum ?v)) "
                 "(?.agg2 (group_concat distinct separator=\"|\" ?n)) (?.agg3 (count)) "
                 "(?.agg4 (max ?v)))\n"
                 "            (bgp\n"
                 "              (triple ?g <http://example.org/v> ?v)\n"
                 "              (triple ?g <http://example.org/n> ?n))))))))\n");
}
END_TEST

START_TEST(aggregate_without_group_by) {
  ASSERT_ALGEBRA("SELECT (COUNT(DISTINCT *) AS ?n) (?n + 1 AS ?m) {}",
                 "(project (?n ?m)\n"
                 "  (extend ((?m (+ ?n 1)))\n"
                 "    (extend ((?n ?.agg1))\n"
                 "      (group () ((?.agg1 (count distinct)))\n"
                 "        (table unit)))))\n");
}
END_TEST

START_TEST(group_by_expressions) {
  ASSERT_ALGEBRA("SELECT ?k (SAMPLE(?x) AS ?s) { ?x ex:p ?y } GROUP BY (STR(?y) AS ?k) LCASE(?y)",
                 "(project (?k ?s)\n"
                 "  (extend ((?s ?.agg1))\n"
                 "    (group ((?k (str ?y)) ((lcase ?y))) ((?.agg1 (sample ?x)))\n"
                 "      (bgp (triple ?x <http://example.org/p> ?y)))))\n");
}
END_TEST

START_TEST(aggregate_errors) {
  expect_error("SELECT * { ?s ?p ?o } GROUP BY ?s", 1, 1, "SELECT * cannot be used");
  expect_error("SELECT ?o { ?s ?p ?o } GROUP BY ?s", 1, 8, "?o is not grouped");
  expect_error("SELECT ?s (?o + 1 AS ?x) { ?s ?p ?o } GROUP BY ?s", 1, 12,
               "?o is not grouped");
  expect_error("SELECT ?p (COUNT(*) AS ?c) { ?s ?p ?o }", 1, 8, "?p is not grouped");
  expect_error("SELECT * { FILTER(COUNT(?x) > 1) }", 1, 19, "only allowed in SELECT");
  expect_error("SELECT (SUM(COUNT(?x)) AS ?y) {}", 1, 13, "cannot be nested");
  expect_error("SELECT (SUM(?x, ?y) AS ?s) {}", 1, 15, "takes one argument");
  expect_error("SELECT COUNT(*) {}", 1, 8, "write expressions as (COUNT(...) AS ?name)");
  expect_error("SELECT * {} GROUP BY COUNT(?x)", 1, 22, "only allowed in SELECT");
}
END_TEST

START_TEST(select_expression_scope) {
  expect_error("SELECT (1 AS ?x) (2 AS ?x) {}", 1, 24, "already assigned in this SELECT");
  expect_error("SELECT (1 AS ?o) { ?s ?p ?o }", 1, 14, "already bound in the WHERE clause");
  expect_error("SELECT (1 AS ?X) { SELECT (2 AS ?X) {} }", 1, 14, "already bound");
  expect_error("SELECT (?x + 1) {}", 1, 15, "expected AS");
}
END_TEST

START_TEST(sub_select) {
  ASSERT_ALGEBRA("SELECT ?x { ?x ex:p ?y { SELECT ?y (MAX(?z) AS ?m) { ?y ex:q ?z } "
                 "GROUP BY ?y LIMIT 5 } }",
                 "(project (?x)\n"
                 "  (join\n"
                 "    (bgp (triple ?x <http://example.org/p> ?y))\n"
                 "    (slice _ 5\n"
                 "      (project (?y ?m)\n"
                 "        (extend ((?m ?.agg1))\n"
                 "          (group (?y) ((?.agg1 (max ?z)))\n"
                 "            (bgp (triple ?y <http://example.org/q> ?z))))))))\n");
}
END_TEST

/* ------------------------------------------------------------ forms */

START_TEST(construct_forms) {
  ASSERT_ALGEBRA("CONSTRUCT { ?s ex:p [ ex:q ?o ] } WHERE { ?s ex:r ?o }",
                 "(construct\n"
                 "  (template\n"
                 "    (triple ?s <http://example.org/p> _:-1)\n"
                 "    (triple _:-1 <http://example.org/q> ?o))\n"
                 "  (bgp (triple ?s <http://example.org/r> ?o)))\n");
  ASSERT_ALGEBRA("CONSTRUCT WHERE { ?s ex:p _:b }",
                 "(construct\n"
                 "  (template\n"
                 "    (triple ?s <http://example.org/p> _:b))\n"
                 "  (bgp (triple ?s <http://example.org/p> ?_:b)))\n");
  expect_error("CONSTRUCT WHERE { ?s ex:p ?o FILTER(?o) }", 1, 30,
               "expected '}' to close the template started at 1:17");
}
END_TEST

START_TEST(ask_describe_dataset) {
  ASSERT_ALGEBRA("ASK FROM <http://g1> FROM NAMED <http://g2> { ?s ?p ?o }",
                 "(dataset (from <http://g1>) (from-named <http://g2>)\n"
                 "  (ask\n"
                 "    (bgp (triple ?s ?p ?o))))\n");
  ASSERT_ALGEBRA("DESCRIBE ex:x", "(describe (<http://example.org/x>)\n  (project ()\n    (table unit)))\n");
  sp_query *q = parse_ok("DESCRIBE * { ?a ?b ?c }");
  ck_assert_int_eq(q->form, SP_DESCRIBE);
  ck_assert_int_eq(q->ndescribe, 0);
  ck_assert_int_eq(q->nproj, 3);
  sp_query_free(q);
}
END_TEST

/* ------------------------------------------------------------ terms */

START_TEST(literals_and_numbers) {
  sp_query *q = parse_ok("SELECT * { ?s ?p 1, -2, +3.5, 4e10, .5E-1, true, FALSE, "
                         "\"a\"@EN-gb, 'b'^^ex:dt, \"\"\"long \"quoted\" text\"\"\" }");
  sp_node *bgp = q->pattern->a;
  ck_assert_int_eq(bgp->ntriples, 10);
  const char *lex[] = {"1", "-2", "+3.5", "4e10", ".5E-1", "true", "false", "a", "b",
                       "long \"quoted\" text"};
  const char *dts[] = {"integer", "integer", "decimal", "double", "double", "boolean",
                       "boolean", NULL, NULL, NULL};
  for (int i = 0; i < 10; i++) {
    const sp_term *o = &bgp->triples[i].o;
    ck_assert_int_eq(o->kind, KG_TERM_LITERAL);
    ck_assert_str_eq(o->value, lex[i]);
    ck_assert_uint_eq(o->len, strlen(lex[i]));
    if (dts[i]) {
      ck_assert_ptr_nonnull(o->datatype);
      ck_assert_str_eq(o->datatype + strlen("http://www.w3.org/2001/XMLSchema#"), dts[i]);
    }
  }
  ck_assert_str_eq(bgp->triples[7].o.lang, "en-gb");
  ck_assert_str_eq(bgp->triples[8].o.datatype, "http://example.org/dt");
  ck_assert_ptr_null(bgp->triples[9].o.datatype);
  ck_assert_ptr_null(bgp->triples[9].o.lang);
  sp_query_free(q);
  expect_error("SELECT * { ?s ?p - 2 }", 1, 18, "no space allowed");
}
END_TEST

START_TEST(comments_long_strings_crlf) {
  ASSERT_ALGEBRA("# leading comment\r\nSELECT ?s # trailing\r\n"
                 "WHERE { ?s <http://x/#frag> \"\"\"a\"\"\"\" , '''it's''' . # done\n}",
                 "(project (?s)\n"
                 "  (bgp\n"
                 "    (triple ?s <http://x/#frag> \"a\\\"\")\n"
                 "    (triple ?s <http://x/#frag> \"it's\")))\n");
  expect_error("ASK {\r\n  ?s ?p ?o ?x }", 2, 12, "missing '.'");
}
END_TEST

START_TEST(escapes) {
  sp_query *q = parse_ok("SELECT * { ?s ?p \"t\\tq\\\"\\u00e9\\U0001F600\\\\\" , <http://x/\\u00E9> }");
  sp_node *bgp = q->pattern->a;
  ck_assert_str_eq(bgp->triples[0].o.value, "t\tq\"\xc3\xa9\xf0\x9f\x98\x80\\");
  ck_assert_str_eq(bgp->triples[1].o.value, "http://x/\xc3\xa9");
  sp_query_free(q);
  ASSERT_ALGEBRA("SELECT * { ?s ex:a\\.b%20c\\~ 'x\\ny' }",
                 "(project (?s)\n"
                 "  (bgp (triple ?s <http://example.org/a.b%20c~> \"x\\ny\")))\n");
  expect_error("SELECT * { ?s ?p \"a\\qb\" }", 1, 20, "invalid escape sequence");
  expect_error("SELECT * { ?s ?p '\\uD800' }", 1, 19, "lone surrogate");
  expect_error("SELECT * { ?s ?p '\\u12' }", 1, 19, "needs 4 hex digits");
  expect_error("SELECT * { ?s ?p 'a\nb' }", 1, 20, "line break in a string");
  expect_error("SELECT * { ?s ?p \\u0031 }", 1, 18, "escapes are only allowed");
  expect_error("SELECT * { ?s ex:a%2 ?o }", 1, 19, "two hex digits");
  expect_error("SELECT * { ?s ?p \"x\xff\" }", 1, 20, "invalid UTF-8");
  expect_error("SELECT * { ?s ?p \"x\xed\xa0\x80\" }", 1, 20, "invalid UTF-8");
}
END_TEST

START_TEST(unicode) {
  ASSERT_ALGEBRA("PREFIX 地: <http://example.org/地名/>\n"
                 "SELECT ?城市 { ?城市 地:名称 \"杭州\"@zh ; <http://example.org/省/浙江> 地:西湖 }",
                 "(project (?城市)\n"
                 "  (bgp\n"
                 "    (triple ?城市 <http://example.org/地名/名称> \"杭州\"@zh)\n"
                 "    (triple ?城市 <http://example.org/省/浙江> <http://example.org/地名/西湖>)))\n");
  /* columns count characters, not bytes */
  expect_error("SELECT * { ?x <http://a/b> \"杭州\" . FILTER(?x = 杭州) }", 1, 47,
               "unexpected word '杭州'");
  expect_error("SELECT * {\n  ?城市 ex:名称 \"杭州\" ?x }", 2, 18, "missing '.'");
}
END_TEST

START_TEST(relative_iris) {
  char *got = explain_base("SELECT * { <x> <../p> <#f> ; <?q> <//h/p> ; <g:h> <.> }",
                           "http://a/b/c/d;p?q");
  ck_assert_str_eq(got, "(project ()\n"
                        "  (bgp\n"
                        "    (triple <http://a/b/c/x> <http://a/b/p> <http://a/b/c/d;p?q#f>)\n"
                        "    (triple <http://a/b/c/x> <http://a/b/c/d;p?q> <http://h/p>)\n"
                        "    (triple <http://a/b/c/x> <g:h> <http://a/b/c/>)))\n");
  free(got);
  ASSERT_ALGEBRA("BASE <http://ex/a/b/> PREFIX p: <../c/> BASE <d/> SELECT * { <e> p:f ?x }",
                 "(project (?x)\n"
                 "  (bgp (triple <http://ex/a/b/d/e> <http://ex/a/c/f> ?x)))\n");
}
END_TEST

/* RFC 3986 s.5.4 examples. */
START_TEST(rfc3986_resolution) {
  static const char *const cases[][2] = {
      {"g:h", "g:h"},           {"g", "http://a/b/c/g"},       {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},          {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"}, {"", "http://a/b/c/d;p?q"},  {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},   {"..", "http://a/b/"},         {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},  {"../..", "http://a/"},        {"../../", "http://a/"},
      {"../../g", "http://a/g"}, {"../../../g", "http://a/g"},  {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},   {"g.", "http://a/b/c/g."},     {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"}, {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
  };
  arena *a = arena_new();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *ref = cases[i][0];
    char *r = iri_resolve(a, "http://a/b/c/d;p?q", ref, strlen(ref), NULL);
    ck_assert_msg(r && strcmp(r, cases[i][1]) == 0, "resolve '%s': got '%s', want '%s'",
                  cases[i][0], r ? r : "(null)", cases[i][1]);
  }
  ck_assert_str_eq(iri_resolve(a, NULL, "rel", 3, NULL), "rel");
  ck_assert_str_eq(iri_resolve(a, "http://a", "b", 1, NULL), "http://a/b");
  arena_free(a);
}
END_TEST

/* Names the prefix registry would print (pname.c) read back as the same
 * prefixed name; names it refuses are ones it must not print. */
START_TEST(printable_names_parse) {
  static const char *const names[][2] = {
      {"ex", "a"},      {"", "x"},       {"a.b", "c.d"},  {"e-f", "1x"},
      {"\xc3\xa9t\xc3\xa9", "\xc3\xa0_b"}, {"g", "_x\xc2\xb7y"}, {"h", ""},
      {"i", "x."},      {"1a", "x"},     {"_a", "x"},     {"j.", "x"},
      {"k", "a:b"},     {"l", "a%20"},   {"m", "-x"},     {"n", ".x"},
  };
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    const char *pf = names[i][0], *local = names[i][1];
    int ok = pname_prefix_ok(pf) && pname_local_ok(local);
    if (!ok) continue;
    char text[256];
    snprintf(text, sizeof text, "PREFIX %s: <http://x/> SELECT * { %s:%s ?p ?o }",
             pf, pf, local);
    char want[256];
    snprintf(want, sizeof want,
             "(project (?p ?o)\n  (bgp (triple <http://x/%s> ?p ?o)))\n", local);
    char *got = explain(text);
    ck_assert_msg(strcmp(got, want) == 0, "'%s:%s' printed, read as:\n%s", pf, local, got);
    free(got);
  }
  ck_assert(!pname_prefix_ok("1a") && !pname_prefix_ok("j.") && !pname_prefix_ok("_a"));
  ck_assert(!pname_local_ok("x.") && !pname_local_ok("a:b") && !pname_local_ok("-x"));
  ck_assert(pname_local_ok("1x") && pname_local_ok("") && pname_prefix_ok(""));
}
END_TEST

START_TEST(prefixes) {
  /* the query's own PREFIX overrides the registry; twice is fine */
  ASSERT_ALGEBRA("PREFIX ex: <http://one/> PREFIX ex: <http://two/> SELECT * { ?s ex:p ?o }",
                 "(project (?s ?o)\n  (bgp (triple ?s <http://two/p> ?o)))\n");
  ASSERT_ALGEBRA("PREFIX : <http://e/> SELECT * { :a :b :c }",
                 "(project ()\n  (bgp (triple <http://e/a> <http://e/b> <http://e/c>)))\n");
  expect_error("SELECT * { ?s dc:title ?o }", 1, 15,
               "undeclared prefix 'dc:' (declare it with PREFIX dc: <...>)");
  kg_error err;
  sp_query *q = sp_parse("SELECT * { ?s ex:p ?o }", 23, NULL, NULL, &err);
  ck_assert_ptr_null(q);
  ck_assert_str_eq(err.message, "undeclared prefix 'ex:' (declare it with PREFIX ex: <...>)");
}
END_TEST

/* ----------------------------------------------------------- errors */

START_TEST(error_messages) {
  expect_error("PREFIX ex: <http://e/>\nSELECT ?x WHERE {\n  ?x ex:p ?y . { ?y ex:q ?z\n"
               "SELECT ?a { } }",
               4, 1, "expected '}' to close the group started at 3:16, found 'SELECT'");
  expect_error("SELECT ?n WHERE { ?x foaf:name ?n FILTER(STRLENGTH(?n) > 3) }", 1, 42,
               "unknown function 'STRLENGTH' (did you mean STRLEN?)");
  expect_error("SELECT * { ?x a ?y . ?y a ?z  ?z a ?w }", 1, 31,
               "missing '.' between triple patterns?");
  expect_error("SELCT * {}", 1, 1, "did you mean SELECT?");
  expect_error("SELECT ?x WHERE { ?x ?p ?o } ORDR BY ?x", 1, 30,
               "expected end of query, found 'ORDR' (did you mean ORDER?)");
  expect_error("SELECT * { ?s ?p ?o OPTINAL { ?s ?q ?r } }", 1, 21, "did you mean OPTIONAL?");
  expect_error("SELECT * { ?s ?p ?o", 1, 20,
               "expected '}' to close the group started at 1:10, found end of input");
  expect_error("SELECT * { FILTER ?x > 1 }", 1, 19, "expected '(' or a function call");
  expect_error("SELECT * { ?s ?p \"abc }", 1, 18, "unterminated string");
  expect_error("SELECT * { ?s ?p ?o } LIMIT x", 1, 29, "an integer after LIMIT");
  expect_error("SELECT * { ?s ?p ?o FILTER((?o > 1) }", 1, 37, "to close the '(' at 1:27");
  expect_error("SELECT * { ?s ?p ?o } VALUES (?s ?o) { (1) }", 1, 40,
               "this VALUES row has 1 value but 2 variables are declared");
  expect_error("SELECT * { ?s ?p ?o { ?a ?b ?c } UNION }", 1, 40, "expected '{'");
  expect_error("SELECT * { ?s ?p ?o UNION { } }", 1, 21, "UNION must join two groups");
  expect_error("SELECT * { ?s _:b ?o }", 1, 15, "a blank node cannot be a predicate");
  expect_error("SELECT * { FILTER(_:b) }", 1, 19, "blank nodes cannot be used in expressions");
  expect_error("SELECT * { FILTER(STR(?a, ?b)) }", 1, 19, "STR takes 1 argument, found 2");
  expect_error("SELECT * { FILTER(BOUND(1)) }", 1, 25, "a variable in BOUND");
  expect_error("SELECT * { ?s ?p ?o } junk", 1, 23, "expected end of query");
  expect_error("PREFIX ex:a: <x> ASK {}", 1, 8, "a prefix name ending in ':'");
  expect_error("$", 1, 1, "variable name expected after '$'");
  expect_error("SELECT * { ?s ?p ?o . . }", 1, 23, "expected '}'");
}
END_TEST

START_TEST(blank_node_scope) {
  free(explain("SELECT * { _:a ?p ?v . FILTER(true) . _:a ?q 1 }"));
  expect_error("SELECT * { _:a ?p ?v . OPTIONAL { _:a ?q 1 } }", 1, 35,
               "blank node _:a is already used in another graph pattern (at 1:12)");
  expect_error("SELECT * { _:a ?p ?v GRAPH ?g { ?s ?p ?v } _:a ?q 1 }", 1, 44,
               "already used in another graph pattern");
  expect_error("SELECT * { _:a ?p ?v FILTER EXISTS { _:a ?q 1 } }", 1, 38,
               "already used in another graph pattern");
}
END_TEST

/* ---------------------------------------------------------- updates */

START_TEST(update_operations) {
  ASSERT_ALGEBRA("INSERT DATA { ex:s ex:p \"o\" . GRAPH ex:g { ex:s ex:p _:b } } ;\n"
                 "DELETE DATA { ex:s ex:p 1 } ;\n"
                 "PREFIX x: <http://x/>\n"
                 "DELETE WHERE { ?s x:p ?o . GRAPH ?g { ?s x:q ?o } } ;\n"
                 "WITH ex:g DELETE { ?s ex:p ?o } INSERT { ?s ex:q [ ex:r ?o ] } "
                 "USING ex:u USING NAMED ex:n WHERE { ?s ex:p ?o } ;\n"
                 "INSERT { ?s ex:p 1 } WHERE { ?s ?p ?o } ;\n"
                 "LOAD SILENT <http://r/d.ttl> INTO GRAPH ex:g ; LOAD <http://r/e.ttl> ;\n"
                 "CLEAR SILENT DEFAULT ; DROP NAMED ; DROP ALL ; CLEAR GRAPH ex:g ; "
                 "CREATE SILENT GRAPH ex:g ;\n"
                 "ADD DEFAULT TO ex:g ; MOVE GRAPH ex:g TO DEFAULT ; COPY SILENT ex:a TO ex:b ;",
                 "(insert-data\n"
                 "  (triple <http://example.org/s> <http://example.org/p> \"o\")\n"
                 "  (quad <http://example.org/g> <http://example.org/s> <http://example.org/p> _:b))\n"
                 "(delete-data\n"
                 "  (triple <http://example.org/s> <http://example.org/p> 1))\n"
                 "(delete-where\n"
                 "  (triple ?s <http://x/p> ?o)\n"
                 "  (quad ?g ?s <http://x/q> ?o))\n"
                 "(modify (with <http://example.org/g>) (using <http://example.org/u>) "
                 "(using-named <http://example.org/n>)\n"
                 "  (delete\n"
                 "    (triple ?s <http://example.org/p> ?o))\n"
                 "  (insert\n"
                 "    (triple ?s <http://example.org/q> _:-1)\n"
                 "    (triple _:-1 <http://example.org/r> ?o))\n"
                 "  (bgp (triple ?s <http://example.org/p> ?o)))\n"
                 "(modify\n"
                 "  (insert\n"
                 "    (triple ?s <http://example.org/p> 1))\n"
                 "  (bgp (triple ?s ?p ?o)))\n"
                 "(load silent <http://r/d.ttl> <http://example.org/g>)\n"
                 "(load <http://r/e.ttl>)\n"
                 "(clear silent default)\n"
                 "(drop named)\n"
                 "(drop all)\n"
                 "(clear <http://example.org/g>)\n"
                 "(create silent <http://example.org/g>)\n"
                 "(add default <http://example.org/g>)\n"
                 "(move <http://example.org/g> default)\n"
                 "(copy silent <http://example.org/a> <http://example.org/b>)\n");
}
END_TEST

START_TEST(update_structure) {
  sp_query *q = parse_ok("DELETE WHERE { ?s ex:p ?o . GRAPH ?g { ?s ex:q ?o } }");
  ck_assert_int_eq(q->form, SP_UPDATE);
  ck_assert_int_eq(q->nupdates, 1);
  const sp_update *u = &q->updates[0];
  ck_assert_int_eq(u->op, SP_U_DELETE_WHERE);
  ck_assert_int_eq(u->ndel, 2);
  ck_assert_int_eq(u->where->op, SP_N_JOIN);
  ck_assert_int_eq(u->where->b->op, SP_N_GRAPH);
  sp_query_free(q);
  q = parse_ok("");
  ck_assert_int_eq(q->form, SP_UPDATE);
  ck_assert_int_eq(q->nupdates, 0);
  sp_query_free(q);
  q = parse_ok("CLEAR ALL ; PREFIX p: <http://p/>");
  ck_assert_int_eq(q->nupdates, 1);
  sp_query_free(q);
}
END_TEST

START_TEST(update_errors) {
  expect_error("INSERT DATA { ?s ex:p 1 }", 1, 15, "variables are not allowed in INSERT DATA");
  expect_error("DELETE DATA { ex:s ex:p _:b }", 1, 25, "blank nodes are not allowed in DELETE DATA");
  expect_error("DELETE WHERE { [] ex:p 1 }", 1, 16, "blank nodes are not allowed in DELETE WHERE");
  expect_error("DELETE { ?s ex:p _:b } WHERE { ?s ?p ?o }", 1, 18,
               "not allowed in a DELETE template");
  expect_error("INSERT DATA { _:b ex:p 1 } ;\nINSERT DATA { _:b ex:p 2 }", 2, 15,
               "blank node _:b is already used in another INSERT DATA operation (at 1:15)");
  free(explain("INSERT DATA { GRAPH ex:g1 { _:b ex:p 1 } GRAPH ex:g2 { _:b ex:p 2 } }"));
  expect_error("CREATE GRAPH <g>\nLOAD <r>", 2, 1, "expected ';' between update operations");
  expect_error("CLEAR ALL ;;", 1, 12, "expected a query");
  expect_error("CREATE DEAFULT", 1, 8, "expected GRAPH, found 'DEAFULT'");
  expect_error("INSERT WHERE { ?s ?p ?o }", 1, 8, "expected '{'");
  expect_error("DELETE { ?s ?p ?o }", 1, 20, "INSERT, USING or WHERE after the DELETE template");
  expect_error("INSERT DATA { GRAPH ex:g { ex:s ex:p 1 . GRAPH ex:h { } } }", 1, 42,
               "to close the GRAPH block started at 1:26");
}
END_TEST

/* ------------------------------------------------------- robustness */

/* Every prefix of valid requests must parse or fail cleanly (ASan checks
 * that no error path leaks or overreads). */
START_TEST(truncated_inputs) {
  static const char *const texts[] = {
      "PREFIX ex: <http://e/> SELECT DISTINCT ?x (COUNT(?y) AS ?c) FROM <g> WHERE { ?x "
      "ex:p/ex:q* ?y ; ^ex:r [ ex:s (1 -2.5 \"x\"@en) ] . OPTIONAL { ?x ex:t ?z FILTER(?z "
      "IN (1, 2)) } { ?x a ex:A } UNION { ?x a ex:B } MINUS { ?x ex:u ?w } BIND(STR(?x) AS "
      "?s) VALUES ?v { 1 UNDEF } GRAPH ?g { ?x !(ex:a|^ex:b) ?e } FILTER NOT EXISTS { ?x "
      "ex:no ?n } SERVICE SILENT <http://s/> { ?x ex:v ?vv } } GROUP BY ?x HAVING (COUNT(*) "
      "> 1) ORDER BY DESC(?c) LIMIT 5 OFFSET 1",
      "BASE <http://b/> PREFIX : <x#> INSERT DATA { :a :b '''long\nstring''' . GRAPH :g { "
      ":a :b _:c } } ; WITH :g DELETE { ?s :p ?o } INSERT { ?s :q [ :r ?o ] } USING :u WHERE "
      "{ ?s :p ?o } ; LOAD SILENT <http://r> INTO GRAPH :g ; DROP ALL ; ADD :a TO DEFAULT",
      "CONSTRUCT WHERE { ?s <p> ?o } ",
      "DESCRIBE ?x <y> WHERE { ?x ?p ?o }",
  };
  for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
    size_t len = strlen(texts[t]);
    for (size_t n = 0; n <= len; n++) {
      kg_error err;
      sp_query *q = sp_parse(texts[t], n, NULL, PFX, &err);
      if (!q) {
        ck_assert_int_eq(err.status, KG_ERR_SYNTAX);
        ck_assert_int_ge(err.line, 1);
        ck_assert_int_ge(err.column, 1);
      }
      sp_query_free(q);
    }
  }
}
END_TEST

START_TEST(deep_nesting) {
  size_t depth = 5000;
  char *text = malloc(depth * 2 + 32);
  strcpy(text, "ASK { FILTER(");
  size_t n = strlen(text);
  for (size_t i = 0; i < depth; i++) text[n++] = '(';
  text[n++] = '1';
  for (size_t i = 0; i < depth; i++) text[n++] = ')';
  strcpy(text + n, ") }");
  kg_error err;
  ck_assert_ptr_null(sp_parse(text, strlen(text), NULL, NULL, &err));
  ck_assert_ptr_nonnull(strstr(err.message, "nested too deeply"));
  free(text);
  sp_query_free(NULL);
  ck_assert_ptr_null(sp_parse("ASK {", 5, NULL, NULL, NULL)); /* err may be NULL */
}
END_TEST

static Suite *parser_suite(void) {
  Suite *s = suite_create("parser");
  TCase *tc = tcase_create("parser");
  tcase_add_test(tc, select_basic);
  tcase_add_test(tc, select_star_order_and_hidden);
  tcase_add_test(tc, keywords_case_insensitive);
  tcase_add_test(tc, empty_group_and_values);
  tcase_add_test(tc, optional_filter_leftjoin);
  tcase_add_test(tc, filters_apply_to_whole_group);
  tcase_add_test(tc, union_minus_graph_service);
  tcase_add_test(tc, service_text_and_prologue);
  tcase_add_test(tc, bind_scope);
  tcase_add_test(tc, exists_patterns);
  tcase_add_test(tc, paths_simple_become_triples);
  tcase_add_test(tc, paths_complex_stay_paths);
  tcase_add_test(tc, collections_and_blank_nodes);
  tcase_add_test(tc, aggregates_group_having_order);
  tcase_add_test(tc, aggregate_without_group_by);
  tcase_add_test(tc, group_by_expressions);
  tcase_add_test(tc, aggregate_errors);
  tcase_add_test(tc, select_expression_scope);
  tcase_add_test(tc, sub_select);
  tcase_add_test(tc, construct_forms);
  tcase_add_test(tc, ask_describe_dataset);
  tcase_add_test(tc, literals_and_numbers);
  tcase_add_test(tc, comments_long_strings_crlf);
  tcase_add_test(tc, escapes);
  tcase_add_test(tc, unicode);
  tcase_add_test(tc, relative_iris);
  tcase_add_test(tc, rfc3986_resolution);
  tcase_add_test(tc, printable_names_parse);
  tcase_add_test(tc, prefixes);
  tcase_add_test(tc, error_messages);
  tcase_add_test(tc, blank_node_scope);
  tcase_add_test(tc, update_operations);
  tcase_add_test(tc, update_structure);
  tcase_add_test(tc, update_errors);
  tcase_add_test(tc, truncated_inputs);
  tcase_add_test(tc, deep_nesting);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(parser_suite)
