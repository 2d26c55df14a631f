/* test_store_find.c - statement patterns (kg_store_find) and the list of
 * graphs with their sizes (kg_store_graphs). */
#include "storeutil.h"

/* ------------------------------------------------------------ reading */

START_TEST(test_find_patterns) {
  kg_store *st = kgt_open("memory:", 0);
  add_sample(st);
  kg_term hz = iri(EX "hz"), name = iri(EX "name"), g1 = iri(EX "g1"),
          g2 = iri(EX "g2"), zh = kg_literal(HANGZHOU, NULL, "zh"),
          none = iri(EX "nothing"), any = KGT_NOGRAPH;
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, NULL), SAMPLE);
  ck_assert_int_eq(kgt_count(st, &any, &any, &any, &any), SAMPLE);
  ck_assert_int_eq(kgt_count(st, &hz, NULL, NULL, NULL), 4);
  ck_assert_int_eq(kgt_count(st, NULL, &name, NULL, NULL), 2);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &zh, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &hz, NULL), 1);
  ck_assert_int_eq(kgt_count(st, &hz, &name, &zh, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &g1), 1);
  ck_assert_int_eq(kgt_count(st, &hz, NULL, NULL, &g1), 1);
  ck_assert_int_eq(kgt_count(st, &hz, NULL, NULL, &g2), 0);
  ck_assert_int_eq(kgt_count(st, &none, NULL, NULL, NULL), 0);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &none), 0);
  /* a graph's statements report the graph; others the default graph */
  kg_result *r;
  kg_error e;
  ck_assert_int_eq(kg_store_find(st, NULL, NULL, NULL, &g2, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_kind(r), KG_RESULT_GRAPH);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  const kg_quad *q = kg_result_quad(r);
  ck_assert_int_eq(q->g.kind, KG_TERM_IRI);
  ck_assert_str_eq(q->g.value, EX "g2");
  ck_assert_str_eq(q->s.value, EX "x");
  ck_assert_int_eq(q->o.kind, KG_TERM_LITERAL);
  ck_assert_str_eq(q->o.value, "in g2");
  ck_assert_ptr_null(q->o.lang);
  ck_assert_ptr_null(q->o.datatype);
  ck_assert_int_eq(kg_result_next(r, &e), 0);
  ck_assert_int_eq(kg_result_next(r, &e), 0);
  kg_result_free(r);
  kg_term pop = iri(EX "pop");
  ck_assert_int_eq(kg_store_find(st, NULL, &pop, NULL, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  q = kg_result_quad(r);
  ck_assert_int_eq(q->g.kind, KG_TERM_NONE);
  ck_assert_str_eq(q->o.value, "12000000");
  ck_assert_str_eq(q->o.datatype, XSD "integer");
  kg_result_free(r);
  kg_term knows = iri(EX "knows");
  ck_assert_int_eq(kg_store_find(st, NULL, &knows, NULL, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  ck_assert_int_eq(kg_result_quad(r)->s.kind, KG_TERM_BLANK);
  kg_result_free(r);
  /* reading on after the store changed: the rows of the store as the
   * call found it (a snapshot), the change in the next call */
  long long n0 = kg_store_size(st);
  ck_assert_int_eq(kg_store_find(st, NULL, NULL, NULL, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  kgt_add(st, iri(EX "late"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  long long n = 1;
  while (kg_result_next(r, &e) == 1) n++;
  ck_assert_int_eq(e.status, KG_OK);
  ck_assert_int_eq(n, n0);
  kg_result_free(r);
  ck_assert_int_eq(kg_store_size(st), n0 + 1);
  kg_store_close(st);
}
END_TEST

typedef struct graph_row {
  char name[128];
  long n;
} graph_row;

static size_t graph_rows(kg_store *st, graph_row *rows, size_t max) {
  kg_result *r;
  kg_error e;
  ck_assert_int_eq(kg_store_graphs(st, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_kind(r), KG_RESULT_BINDINGS);
  ck_assert_uint_eq(kg_result_columns(r), 2);
  ck_assert_str_eq(kg_result_column(r, 0), "graph");
  ck_assert_str_eq(kg_result_column(r, 1), "triples");
  size_t n = 0;
  int k;
  while ((k = kg_result_next(r, &e)) > 0 && n < max) {
    const kg_term *g = kg_result_value(r, 0), *c = kg_result_value(r, 1);
    snprintf(rows[n].name, sizeof rows[n].name, "%s",
             g->kind == KG_TERM_NONE ? "(default)" : g->value);
    ck_assert_int_eq(c->kind, KG_TERM_LITERAL);
    ck_assert_str_eq(c->datatype, XSD "integer");
    rows[n].n = atol(c->value);
    n++;
  }
  ck_assert_int_eq(k, 0);
  kg_result_free(r);
  return n;
}

START_TEST(test_graph_list) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "g.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  graph_row rows[8];
  /* an empty store lists the (empty) default graph */
  ck_assert_uint_eq(graph_rows(st, rows, 8), 1);
  ck_assert_str_eq(rows[0].name, "(default)");
  ck_assert_int_eq(rows[0].n, 0);
  /* a named graph first, so that it gets the smaller id */
  kgt_add(st, iri(EX "z"), iri(EX "p"), iri(EX "o"), iri(EX "g2"));
  add_sample(st);
  kgt_add(st, iri(EX "y"), iri(EX "p"), iri(EX "o"), iri(EX "g2"));
  size_t n = graph_rows(st, rows, 8);
  ck_assert_uint_eq(n, 3);
  ck_assert_str_eq(rows[0].name, "(default)");
  ck_assert_int_eq(rows[0].n, 4);
  long g1 = -1, g2 = -1;
  for (size_t i = 1; i < n; i++) {
    if (!strcmp(rows[i].name, EX "g1")) g1 = rows[i].n;
    if (!strcmp(rows[i].name, EX "g2")) g2 = rows[i].n;
  }
  ck_assert_int_eq(g1, 1);
  ck_assert_int_eq(g2, 3);
  /* a graph whose statements are all removed is no longer listed */
  kg_quad q = kgt_quad(iri(EX "hz"), iri(RDF_TYPE), iri(EX "City"),
                       iri(EX "g1"));
  kg_error e;
  ck_assert_int_eq(kg_store_remove(st, &q, NULL, &e), KG_OK);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  n = graph_rows(st, rows, 8);
  ck_assert_uint_eq(n, 2);
  ck_assert_str_eq(rows[0].name, "(default)");
  ck_assert_str_eq(rows[1].name, EX "g2");
  ck_assert_int_eq(rows[1].n, 3);
  kg_store_close(st);
  store_gone(tmp, dir);
}
END_TEST

static Suite *store_find_suite(void) {
  Suite *s = suite_create("store_find");
  TCase *find = tcase_create("find");
  tcase_set_timeout(find, 300);
  tcase_add_test(find, test_find_patterns);
  tcase_add_test(find, test_graph_list);
  suite_add_tcase(s, find);
  return s;
}

KG_TEST_MAIN(store_find_suite)
