/* fuzz_query.c - the SPARQL query and update parser (kg_query_check,
 * kg_query_explain) and the engine: each input also runs on a tiny store,
 * under a time and memory limit, its rows read to the end. */
#include <stdio.h>

#include "kg.h"
#include "fuzz.h"

/* Every kind of term, two graphs, a list: something for each operator. */
static const char data_ttl[] =
    "@prefix : <http://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    ":a :p :b , \"x\" , \"y\"@en , 1 , 2.5 , true ; :q ( :b :c ) .\n"
    ":b :p :c ; :r \"2020-01-01T00:00:00Z\"^^xsd:dateTime .\n"
    ":c :p :a , [ :p \"\" ] .\n";

static const char data_trig[] =
    "@prefix : <http://example.org/> .\n"
    ":g { :a :q :c . :c :p \"z\"@fr . }\n"
    ":h { :b :p :b . }\n";

static kg_store *tiny_store(void) {
  kg_store *st = NULL;
  if (kg_store_open("memory:", 0, &st, NULL) != KG_OK) return NULL;
  kg_load_options lo = {.syntax = "turtle", .base_uri = "http://example.org/"};
  kg_load_string(st, data_ttl, sizeof data_ttl - 1, "data.ttl", &lo, NULL, NULL);
  lo.syntax = "trig";
  kg_load_string(st, data_trig, sizeof data_trig - 1, "data.trig", &lo, NULL,
                 NULL);
  return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  kg_store *st = tiny_store();
  if (!text || !st) goto done;
  kg_query_options o = {.base_uri = "http://example.org/base/",
                        .declare_prefixes = 1, .timeout_ms = 200,
                        .max_memory_mb = 64};
  kg_error err;
  if (kg_query_check(st, text, &o, &err) != KG_OK) goto done;
  char *plan = NULL;
  if (kg_query_explain(st, text, &o, &plan, &err) == KG_OK) free(plan);
  if (fuzz_reaches_out(text)) goto done;
  kg_result *r = NULL;
  if (kg_query(st, text, &o, &r, &err) == KG_OK) {
    /* every term of every row, in N-Triples form */
    size_t rows = 0;
    while (rows++ < 100000 && kg_result_next(r, &err) == 1) {
      if (kg_result_kind(r) == KG_RESULT_GRAPH) {
        const kg_quad *q = kg_result_quad(r);
        free(kg_term_to_nt(&q->o));
        continue;
      }
      for (size_t i = 0; i < kg_result_columns(r); i++) {
        const kg_term *t = kg_result_value(r, i);
        if (t && t->kind != KG_TERM_NONE) free(kg_term_to_nt(t));
      }
    }
    kg_result_free(r);
  }
done:
  kg_store_close(st);
  free(text);
  return 0;
}
