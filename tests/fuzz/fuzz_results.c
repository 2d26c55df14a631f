/* fuzz_results.c - the SPARQL result readers (what a remote endpoint
 * sends): each input is read as JSON, XML, CSV and TSV, and once with the
 * format told from its content; every cell of a table read is printed. */
#include "results/results_read.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const formats[] = {NULL, "json", "xml", "csv", "tsv"};
  for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
    sp_table *t = NULL;
    kg_error err;
    if (sp_table_parse((const char *)data, size, formats[f], &t, &err) != KG_OK)
      continue;
    for (size_t r = 0; r < t->nrows; r++)
      for (size_t c = 0; c < t->ncols; c++) {
        const kg_term *x = sp_table_cell(t, r, c);
        if (x->kind != KG_TERM_NONE) free(kg_term_to_nt(x));
      }
    sp_table_free(t);
  }
  return 0;
}
