/* test_conformance.c - the conformance runner's parts: result and graph comparison, query text scanning, manifests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tools/manifest.h"
#include "../tools/querytext.h"
#include "../tools/rdfcompare.h"
#include "testutil.h"

/* A table from TSV text: the shortest way to write solutions. */
static sp_table *tbl(const char *tsv) {
  sp_table *t = NULL;
  kg_error err = {0};
  ck_assert_msg(sp_table_parse(tsv, strlen(tsv), "tsv", &t, &err) == KG_OK, "%s", err.message);
  return t;
}

static int same(const char *want, const char *got, rc_mode mode, const rc_order *o,
                char *why) {
  sp_table *e = tbl(want), *a = tbl(got);
  int ok = rc_tables_equal(e, a, mode, o, why, 512);
  sp_table_free(e);
  sp_table_free(a);
  return ok;
}

/* A graph from TSV rows of 3 or 4 terms (?s ?p ?o [?g]). */
static rc_graph *graph(const char *tsv) {
  sp_table *t = tbl(tsv);
  rc_graph *g = rc_graph_new();
  for (size_t r = 0; r < t->nrows; r++) {
    kg_quad q = {*sp_table_cell(t, r, 0), *sp_table_cell(t, r, 1), *sp_table_cell(t, r, 2),
                 t->ncols > 3 ? *sp_table_cell(t, r, 3) : (kg_term){0}};
    ck_assert_int_eq(rc_graph_add(g, &q), 0);
  }
  sp_table_free(t);
  return g;
}

static int iso(const char *a, const char *b, char *why) {
  rc_graph *x = graph(a), *y = graph(b);
  int ok = rc_graphs_isomorphic(x, y, why, 512);
  rc_graph_free(x);
  rc_graph_free(y);
  return ok;
}

/* ------------------------------------------------------------ result sets */

START_TEST(test_multiset) {
  char why[512];
  ck_assert(same("?a\n1\n2\n2\n", "?a\n2\n1\n2\n", RC_EXACT, NULL, why));
  ck_assert(!same("?a\n1\n2\n2\n", "?a\n1\n1\n2\n", RC_EXACT, NULL, why));
  ck_assert_ptr_nonnull(strstr(why, "missing row: ?a=\"2\""));
  ck_assert(!same("?a\n1\n", "?a\n1\n1\n", RC_EXACT, NULL, why));
  ck_assert_str_eq(why, "expected 1 rows, got 2");
  /* Columns in another order; a column one side lacks is unbound. */
  ck_assert(same("?a\t?b\n1\t2\n", "?b\t?a\n2\t1\n", RC_EXACT, NULL, why));
  ck_assert(same("?a\t?b\n1\t\n", "?a\n1\n", RC_EXACT, NULL, why));
  ck_assert(!same("?a\n1\n", "?a\t?b\n1\t2\n", RC_EXACT, NULL, why));
  ck_assert(same("?a\n", "?a\n", RC_EXACT, NULL, why));
}
END_TEST

START_TEST(test_terms) {
  char why[512];
  /* RDF 1.1: a simple literal is an xsd:string; language tags ignore case. */
  ck_assert(same("?a\n\"x\"\n", "?a\n\"x\"^^<http://www.w3.org/2001/XMLSchema#string>\n", RC_EXACT, NULL, why));
  ck_assert(same("?a\n\"x\"@en-GB\n", "?a\n\"x\"@en-gb\n", RC_EXACT, NULL, why));
  ck_assert(!same("?a\n\"x\"@en\n", "?a\n\"x\"\n", RC_EXACT, NULL, why));
  ck_assert(!same("?a\n<x>\n", "?a\n\"x\"\n", RC_EXACT, NULL, why));
  /* Numbers of one datatype compare by value (XSD 1.0 and 1.1 canonical
   * forms differ), never across datatypes. */
  ck_assert(same("?a\n1.0e6\n", "?a\n1.0E6\n", RC_EXACT, NULL, why));
  ck_assert(same("?a\n\"3.0\"^^<http://www.w3.org/2001/XMLSchema#decimal>\n",
                 "?a\n\"3\"^^<http://www.w3.org/2001/XMLSchema#decimal>\n",
                 RC_EXACT, NULL, why));
  ck_assert(!same("?a\n3\n", "?a\n3.0\n", RC_EXACT, NULL, why));
  ck_assert(same("?a\n1.0e6\n", "?a\n1.0E6\n", RC_TSV, NULL, why));
  ck_assert(!same("?a\n1.0e6\n", "?a\n1000000.0\n", RC_TSV, NULL, why));  /* decimal */
  ck_assert(!same("?a\n01\n", "?a\n\"01\"\n", RC_TSV, NULL, why));
}
END_TEST

START_TEST(test_csv_mode) {
  char why[512];
  sp_table *e = NULL, *a = tbl("?s\t?n\t?b\t?u\n<http://x/>\t1.0E6\t_:q\t\n");
  kg_error err;
  const char *csv = "s,n,b,u\r\nhttp://x/,1.0e6,_:z,\r\n";
  ck_assert_int_eq(sp_table_parse(csv, strlen(csv), "csv", &e, &err), KG_OK);
  ck_assert(rc_tables_equal(e, a, RC_CSV, NULL, why, sizeof why));
  sp_table_free(a);
  a = tbl("?s\t?n\t?b\t?u\n\"http://y/\"\t1.0E6\t_:q\t\n");
  ck_assert(!rc_tables_equal(e, a, RC_CSV, NULL, why, sizeof why));
  sp_table_free(a);
  sp_table_free(e);
}
END_TEST

START_TEST(test_blank_bijection) {
  char why[512];
  ck_assert(same("?a\t?b\n_:a\t_:a\n_:b\t_:c\n", "?a\t?b\n_:y\t_:z\n_:x\t_:x\n", RC_EXACT, NULL, why));
  /* Same label in both columns must stay so. */
  ck_assert(!same("?a\t?b\n_:a\t_:a\n", "?a\t?b\n_:x\t_:y\n", RC_EXACT, NULL, why));
  ck_assert(!same("?a\t?b\n_:a\t_:b\n", "?a\t?b\n_:x\t_:x\n", RC_EXACT, NULL, why));
  /* One blank node across rows maps to one blank node. */
  ck_assert(!same("?a\t?n\n_:a\t1\n_:a\t2\n", "?a\t?n\n_:x\t1\n_:y\t2\n", RC_EXACT, NULL, why));
  ck_assert(!same("?a\t?n\n_:a\t1\n_:b\t2\n", "?a\t?n\n_:x\t1\n_:x\t2\n", RC_EXACT, NULL, why));
  ck_assert(same("?a\t?n\n_:a\t1\n_:b\t2\n_:a\t3\n", "?a\t?n\n_:q\t3\n_:p\t2\n_:q\t1\n", RC_EXACT, NULL, why));
  /* A choice that only fails later must be undone (backtracking). */
  ck_assert(same("?a\t?b\n_:a\t1\n_:b\t1\n_:a\t2\n", "?a\t?b\n_:x\t1\n_:y\t1\n_:y\t2\n", RC_EXACT, NULL, why));
  ck_assert(!same("?a\n_:a\n", "?a\n<x>\n", RC_EXACT, NULL, why));
}
END_TEST

START_TEST(test_order) {
  char why[512], names[16][128];
  rc_order o;
  qt_order("SELECT * { ?s ?p ?o } ORDER BY ?a", &o, names);
  ck_assert(same("?a\t?b\n1\t1\n2\t2\n", "?a\t?b\n1\t1\n2\t2\n", RC_EXACT, &o, why));
  ck_assert(!same("?a\t?b\n1\t1\n2\t2\n", "?a\t?b\n2\t2\n1\t1\n", RC_EXACT, &o, why));
  ck_assert_ptr_nonnull(strstr(why, "out of order on ?a"));
  /* Ties on the key may come in any order. */
  ck_assert(same("?a\t?b\n1\t1\n1\t2\n", "?a\t?b\n1\t2\n1\t1\n", RC_EXACT, &o, why));
  /* Expression keys: whole rows in order. */
  qt_order("SELECT * {} ORDER BY str(?a)", &o, names);
  ck_assert(o.ordered && o.complex);
  ck_assert(!same("?a\t?b\n1\t1\n1\t2\n", "?a\t?b\n1\t2\n1\t1\n", RC_EXACT, &o, why));
  ck_assert(same("?a\n_:x\n_:y\n", "?a\n_:p\n_:q\n", RC_EXACT, &o, why));
  /* REDUCED: fewer duplicates are fine, unknown rows are not. */
  rc_order lax = {.lax = 1};
  ck_assert(same("?a\n1\n1\n2\n", "?a\n2\n1\n", RC_EXACT, &lax, why));
  ck_assert(!same("?a\n1\n2\n", "?a\n1\n1\n2\n", RC_EXACT, &lax, why));
  ck_assert(!same("?a\n1\n1\n2\n", "?a\n1\n3\n", RC_EXACT, &lax, why));
}
END_TEST

START_TEST(test_booleans) {
  char why[512];
  sp_table *t = sp_table_new(), *f = sp_table_new(), *rows = tbl("?a\n");
  t->is_boolean = f->is_boolean = 1;
  t->boolean = 1;
  ck_assert(rc_tables_equal(t, t, RC_EXACT, NULL, why, sizeof why));
  ck_assert(!rc_tables_equal(t, f, RC_EXACT, NULL, why, sizeof why));
  ck_assert_str_eq(why, "expected true, got false");
  ck_assert(!rc_tables_equal(t, rows, RC_EXACT, NULL, why, sizeof why));
  sp_table_free(t);
  sp_table_free(f);
  sp_table_free(rows);
}
END_TEST

/* ----------------------------------------------------------------- graphs */

START_TEST(test_isomorphism) {
  char why[512];
  const char *tri = "?s\t?p\t?o\n_:a\t<p>\t_:b\n_:b\t<p>\t_:c\n_:c\t<p>\t_:a\n"
                    "_:d\t<p>\t_:e\n_:e\t<p>\t_:f\n_:f\t<p>\t_:d\n";
  const char *tri2 = "?s\t?p\t?o\n_:5\t<p>\t_:6\n_:1\t<p>\t_:2\n_:6\t<p>\t_:4\n"
                     "_:2\t<p>\t_:3\n_:3\t<p>\t_:1\n_:4\t<p>\t_:5\n";
  const char *hex = "?s\t?p\t?o\n_:1\t<p>\t_:2\n_:2\t<p>\t_:3\n_:3\t<p>\t_:4\n"
                    "_:4\t<p>\t_:5\n_:5\t<p>\t_:6\n_:6\t<p>\t_:1\n";
  ck_assert(iso(tri, tri2, why));
  /* Same size and degrees, yet two triangles are not a hexagon. */
  ck_assert(!iso(tri, hex, why));
  ck_assert_ptr_nonnull(strstr(why, "no consistent match"));
  /* A graph is a set: duplicates do not count. */
  ck_assert(iso("?s\t?p\t?o\n<a>\t<p>\t1\n<a>\t<p>\t1\n", "?s\t?p\t?o\n<a>\t<p>\t1\n", why));
  ck_assert(!iso("?s\t?p\t?o\n<a>\t<p>\t1\n", "?s\t?p\t?o\n<a>\t<p>\t\"1\"\n", why));
  ck_assert_ptr_nonnull(strstr(why, "missing triple"));
  /* Graph names count; blank nodes may span graphs. */
  ck_assert(iso("?s\t?p\t?o\t?g\n_:a\t<p>\t1\t<g1>\n_:a\t<p>\t2\t\n",
                "?s\t?p\t?o\t?g\n_:z\t<p>\t2\t\n_:z\t<p>\t1\t<g1>\n", why));
  ck_assert(!iso("?s\t?p\t?o\t?g\n<a>\t<p>\t1\t<g1>\n", "?s\t?p\t?o\t?g\n<a>\t<p>\t1\t<g2>\n", why));
  ck_assert(!iso("?s\t?p\t?o\t?g\n<a>\t<p>\t1\t<g1>\n", "?s\t?p\t?o\t?g\n<a>\t<p>\t1\t\n", why));
}
END_TEST

START_TEST(test_isomorphism_list) {
  /* An RDF list of 30 blank nodes against a shuffled relabelling. */
  char a[8192] = "?s\t?p\t?o\n", b[8192] = "?s\t?p\t?o\n", why[512];
  for (int i = 0; i < 30; i++) {
    char line[128];
    snprintf(line, sizeof line, "_:n%d\t<first>\t%d\n_:n%d\t<rest>\t%s%d\n", i, i % 3, i,
             i == 29 ? "<nil>" : "_:n", i + 1);
    if (i == 29) snprintf(line, sizeof line, "_:n%d\t<first>\t%d\n_:n%d\t<rest>\t<nil>\n", i, i % 3, i);
    strcat(a, line);
  }
  for (int k = 29; k >= 0; k--) {
    int i = (k * 7) % 30;
    char line[128];
    if (i == 29) snprintf(line, sizeof line, "_:m%d\t<rest>\t<nil>\n_:m%d\t<first>\t%d\n", 100 - i, 100 - i, i % 3);
    else snprintf(line, sizeof line, "_:m%d\t<rest>\t_:m%d\n_:m%d\t<first>\t%d\n", 100 - i, 99 - i, 100 - i, i % 3);
    strcat(b, line);
  }
  ck_assert_msg(iso(a, b, why), "%s", why);
}
END_TEST

START_TEST(test_result_set_graph) {
  char dir[] = "/tmp/kgconfXXXXXX", path[600], why[512] = "";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/rs.ttl", dir);
  FILE *f = fopen(path, "w");
  fputs("@prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .\n"
        "[] a rs:ResultSet ; rs:resultVariable \"x\", \"y\" ;\n"
        "  rs:solution [ rs:index 2 ; rs:binding [ rs:variable \"x\" ; rs:value _:b ] ] ;\n"
        "  rs:solution [ rs:index 1 ; rs:binding [ rs:variable \"x\" ; rs:value <http://e/a> ] ;\n"
        "                rs:binding [ rs:variable \"y\" ; rs:value \"杭州\"@zh ] ] .\n", f);
  fclose(f);
  rc_graph *g = rc_graph_new();
  ck_assert_int_eq(rc_graph_load(g, path, NULL, NULL, NULL, why, sizeof why), 0);
  ck_assert_ptr_nonnull(rc_result_set_node(g));
  sp_table *t = rc_graph_to_table(g, why, sizeof why);
  ck_assert_ptr_nonnull(t);
  ck_assert(same("?x\t?y\n<http://e/a>\t\"杭州\"@zh\n_:z\t\n", "?x\t?y\n<http://e/a>\t\"杭州\"@zh\n_:q\t\n",
                 RC_EXACT, NULL, why));
  sp_table *want = tbl("?x\t?y\n<http://e/a>\t\"杭州\"@zh\n_:z\t\n");
  rc_order ordered = {.ordered = 1};
  ck_assert_msg(rc_tables_equal(want, t, RC_EXACT, &ordered, why, sizeof why), "%s", why);
  sp_table_free(want);
  sp_table_free(t);
  rc_graph_free(g);
  unlink(path);
  rmdir(dir);
  rc_world_free();
}
END_TEST

/* ------------------------------------------------------------- query text */

START_TEST(test_query_order) {
  char names[16][128];
  rc_order o;
  qt_order("PREFIX : <http://e/> SELECT * { { SELECT ?x { ?x ?p ?o } ORDER BY ?p } "
           "FILTER(?x < 3 && \"ORDER BY ?no\" != ?y) } # ORDER BY ?comment\n"
           "order by desc(?y) ?z ASC( ?w ) LIMIT 3", &o, names);
  ck_assert(o.ordered && !o.complex);
  ck_assert_uint_eq(o.nkeys, 3);
  ck_assert_str_eq(o.keys[0], "y");
  ck_assert_str_eq(o.keys[1], "z");
  ck_assert_str_eq(o.keys[2], "w");
  qt_order("SELECT * { { SELECT ?x {} ORDER BY ?x } }", &o, names);
  ck_assert(!o.ordered);
  qt_order("SELECT * {} ORDER BY ?a (?b + 1)", &o, names);
  ck_assert(o.ordered && o.complex);
  qt_order("SELECT * {} ORDER BY $a VALUES ?a { 1 }", &o, names);
  ck_assert(o.ordered && !o.complex && o.nkeys == 1);
}
END_TEST

static void collect(void *data, const char *iri, size_t len, int named) {
  char *out = data;
  char buf[200];
  snprintf(buf, sizeof buf, "%s%.*s;", named ? "N:" : "", (int)len, iri);
  strcat(out, buf);
}

START_TEST(test_query_from) {
  char got[1000] = "";
  qt_from("BASE <http://b/> SELECT * FROM <d.ttl> FROM NAMED <g1.ttl>\n"
          "from named <http://x/g2> # FROM <comment>\n"
          "WHERE { FILTER(?a < 2 && ?b > 1) GRAPH ?g { ?s ?p '''FROM <str>''' } }", collect, got);
  ck_assert_str_eq(got, "d.ttl;N:g1.ttl;N:http://x/g2;");
  ck_assert(qt_has_word("SELECT * { ?s ?p ?o service silent <http://e/> { } }", "SERVICE"));
  ck_assert(!qt_has_word("SELECT * { ?s <http://e/SERVICE> \"SERVICE\" } # SERVICE", "SERVICE"));
}
END_TEST

/* -------------------------------------------------------------- manifests */

static void put(const char *dir, const char *name, const char *text) {
  char path[700];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
}

#define PFX                                                               \
  "@prefix mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#> .\n" \
  "@prefix qt: <http://www.w3.org/2001/sw/DataAccess/tests/test-query#> .\n"    \
  "@prefix ut: <http://www.w3.org/2009/sparql/tests/test-update#> .\n"          \
  "@prefix dawgt: <http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#> .\n"  \
  "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"                   \
  "@prefix : <http://example.org/m#> .\n"

START_TEST(test_manifest) {
  char root[] = "/tmp/kgmanXXXXXX", sub[600], entail[600];
  ck_assert_ptr_nonnull(mkdtemp(root));
  snprintf(sub, sizeof sub, "%s/sparql11/sub", root);
  snprintf(entail, sizeof entail, "%s/sparql11/entailment", root);
  char mid[600];
  snprintf(mid, sizeof mid, "%s/sparql11", root);
  ck_assert_int_eq(mkdir(mid, 0700), 0);
  ck_assert_int_eq(mkdir(sub, 0700), 0);
  ck_assert_int_eq(mkdir(entail, 0700), 0);
  put(mid, "manifest-all.ttl", PFX "<> a mf:Manifest ; mf:include (<sub/manifest.ttl> <entailment/manifest.ttl>) .\n");
  put(sub, "manifest.ttl", PFX
      "<> a mf:Manifest ; mf:include (<../manifest-all.ttl>) ;\n"
      "  mf:entries (:q1 :u1 :s1 :w1 :r1 [ a mf:NegativeSyntaxTest11 ; mf:name \"blank one\" ; mf:action <bad.rq> ] :p1 :l1) .\n"
      ":q1 a mf:QueryEvaluationTest ; mf:name \"Query 1\" ; dawgt:approval dawgt:Approved ;\n"
      "  mf:action [ qt:query <q1.rq> ; qt:data <d.ttl> ; qt:graphData <g1.ttl>, <g2.ttl> ] ; mf:result <r1.srx> .\n"
      ":u1 a mf:UpdateEvaluationTest ; mf:name \"Update 1\" ;\n"
      "  mf:action [ ut:request <u1.ru> ; ut:data <d.ttl> ; ut:graphData [ ut:graph <g1.ttl> ; rdfs:label \"http://e/g\" ] ] ;\n"
      "  mf:result [ ut:graphData [ ut:graph <post.ttl> ; rdfs:label \"http://e/g\" ] ] .\n"
      ":s1 a mf:PositiveSyntaxTest11 ; mf:name \"Syntax 1\" ; mf:action <s1.rq> .\n"
      ":w1 a mf:QueryEvaluationTest ; dawgt:approval dawgt:Withdrawn ; mf:action [ qt:query <w.rq> ] ; mf:result <w.srx> .\n"
      ":r1 a mf:QueryEvaluationTest ; mf:requires mf:Telepathy ; mf:action [ qt:query <r.rq> ] ; mf:result <r.srx> .\n"
      ":p1 a mf:ProtocolTest ; mf:name \"Protocol\" .\n"
      ":l1 a mf:QueryEvaluationTest ; mf:resultCardinality mf:LaxCardinality ;\n"
      "  mf:action [ qt:query <l.rq> ; qt:serviceData [ qt:endpoint <http://e/> ; qt:data <d.ttl> ] ] ; mf:result <l.srx> .\n");
  put(entail, "manifest.ttl", PFX "<> a mf:Manifest ; mf:entries (:e1) .\n"
      ":e1 a mf:QueryEvaluationTest ; mf:action [ qt:query <e.rq> ] ; mf:result <e.srx> .\n");

  mt_suite *s = mt_suite_new(root);
  char path[700];
  snprintf(path, sizeof path, "%s/manifest-all.ttl", mid);
  ck_assert_msg(mt_suite_load(s, path) == 0, "%s", s->error);
  ck_assert_uint_eq(s->n, 9);
  const mt_test *t = s->tests;
  ck_assert_str_eq(t[0].id, "sparql11/sub/q1");
  ck_assert_str_eq(t[0].name, "Query 1");
  ck_assert_str_eq(t[0].category, "sparql11/sub");
  ck_assert_int_eq(t[0].kind, MT_QUERY_EVAL);
  ck_assert_ptr_null(t[0].skip);
  ck_assert_ptr_nonnull(strstr(t[0].query, "/sparql11/sub/q1.rq"));
  ck_assert(strncmp(t[0].query, "file://", 7) == 0);
  ck_assert_uint_eq(t[0].ndata, 1);
  ck_assert_uint_eq(t[0].ngraphs, 2);
  ck_assert_str_eq(t[0].graphs[0].name, t[0].graphs[0].file);
  ck_assert_ptr_nonnull(strstr(t[0].result, "r1.srx"));

  ck_assert_int_eq(t[1].kind, MT_UPDATE_EVAL);
  ck_assert_ptr_nonnull(strstr(t[1].query, "u1.ru"));
  ck_assert_uint_eq(t[1].ngraphs, 1);
  ck_assert_str_eq(t[1].graphs[0].name, "http://e/g");
  ck_assert_ptr_nonnull(strstr(t[1].graphs[0].file, "g1.ttl"));
  ck_assert_uint_eq(t[1].nrdata, 0);
  ck_assert_uint_eq(t[1].nrgraphs, 1);
  ck_assert_ptr_nonnull(strstr(t[1].rgraphs[0].file, "post.ttl"));

  ck_assert_int_eq(t[2].kind, MT_POS_SYNTAX);
  ck_assert_ptr_nonnull(strstr(t[2].query, "s1.rq"));
  ck_assert_str_eq(t[3].skip, "withdrawn");
  ck_assert_str_eq(t[4].skip, "requires Telepathy");
  ck_assert_str_eq(t[5].id, "sparql11/sub/blank_one");
  ck_assert_int_eq(t[5].kind, MT_NEG_SYNTAX);
  ck_assert_str_eq(t[6].skip, "protocol");
  ck_assert(t[7].lax);
  ck_assert_str_eq(t[7].skip, "SERVICE (needs remote endpoints)");
  ck_assert_str_eq(t[8].id, "sparql11/entailment/e1");
  ck_assert_str_eq(t[8].skip, "entailment");
  mt_suite_free(s);

  /* A broken manifest names its file and place. */
  put(sub, "broken.ttl", PFX "<> a mf:Manifest ;\n mf:entries ( :x .\n");
  s = mt_suite_new(root);
  snprintf(path, sizeof path, "%s/broken.ttl", sub);
  ck_assert_int_eq(mt_suite_load(s, path), -1);
  ck_assert_ptr_nonnull(strstr(s->error, "broken.ttl: 8:"));
  mt_suite_free(s);
  rc_world_free();

  char cmd[800];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *conformance_suite(void) {
  Suite *s = suite_create("conformance");
  TCase *c = tcase_create("compare");
  tcase_add_test(c, test_multiset);
  tcase_add_test(c, test_terms);
  tcase_add_test(c, test_csv_mode);
  tcase_add_test(c, test_blank_bijection);
  tcase_add_test(c, test_order);
  tcase_add_test(c, test_booleans);
  tcase_add_test(c, test_isomorphism);
  tcase_add_test(c, test_isomorphism_list);
  tcase_add_test(c, test_result_set_graph);
  suite_add_tcase(s, c);
  TCase *q = tcase_create("query text");
  tcase_add_test(q, test_query_order);
  tcase_add_test(q, test_query_from);
  suite_add_tcase(s, q);
  TCase *m = tcase_create("manifests");
  tcase_add_test(m, test_manifest);
  suite_add_tcase(s, m);
  return s;
}

KG_TEST_MAIN(conformance_suite)
