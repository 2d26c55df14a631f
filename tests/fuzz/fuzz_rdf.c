/* fuzz_rdf.c - the RDF readers through kg_load_string: each input is
 * loaded as Turtle, N-Triples, N-Quads, TriG, RDF/XML and RDF/JSON into
 * a memory store, which is then written out again (the RDF writers). */
#include <stdio.h>

#include "kg.h"
#include "fuzz.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  devnull = fopen("/dev/null", "w");
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const syntaxes[] = {"turtle", "ntriples", "nquads",
                                         "trig",   "rdfxml",   "json"};
  kg_store *st = NULL;
  if (kg_store_open("memory:", 0, &st, NULL) != KG_OK) return 0;
  int any = 0;
  for (size_t i = 0; i < sizeof syntaxes / sizeof *syntaxes; i++) {
    kg_load_options o = {.syntax = syntaxes[i],
                         .base_uri = "http://example.org/dir/doc",
                         .show_content = 1};
    kg_error err;
    if (kg_load_string(st, (const char *)data, size, "fuzz", &o, NULL, &err) ==
        KG_OK)
      any = 1;
  }
  if (any && devnull) {
    static const char *const out[] = {"turtle", "nquads", "rdfxml"};
    for (size_t i = 0; i < sizeof out / sizeof *out; i++) {
      kg_export_options eo = {.format = out[i]};
      kg_export(st, devnull, &eo, NULL);
    }
  }
  kg_store_close(st);
  return 0;
}
