/* results_write.c - kg_results_write: a kg_result fed to the result-set writers as a row source. */
#include <stdio.h>
#include <string.h>

#include "results/results.h"

static const char *res_column(void *ctx, size_t i) {
  return kg_result_column(ctx, i);
}

static int res_next(void *ctx, kg_error *err) {
  return kg_result_next(ctx, err);
}

static const kg_term *res_value(void *ctx, size_t col) {
  return kg_result_value(ctx, col);
}

kg_status kg_results_write(kg_result *r, const char *format, FILE *out,
                           kg_error *err) {
  kg_result_type kind = kg_result_kind(r);
  if (kind != KG_RESULT_BINDINGS && kind != KG_RESULT_BOOLEAN) {
    if (err) {
      memset(err, 0, sizeof *err);
      err->status = KG_ERR_ARG;
      snprintf(err->message, sizeof err->message,
               "only SELECT and ASK results can be written as a result set");
    }
    return KG_ERR_ARG;
  }
  kg_rowsrc src = {
    .ctx = r,
    .is_boolean = kind == KG_RESULT_BOOLEAN,
    .boolean = kind == KG_RESULT_BOOLEAN ? kg_result_boolean(r) : 0,
    .ncols = kind == KG_RESULT_BINDINGS ? kg_result_columns(r) : 0,
    .column = res_column,
    .next = res_next,
    .value = res_value,
  };
  return kg_rows_write(&src, format, out, err);
}
