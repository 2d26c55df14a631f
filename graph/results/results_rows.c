/* results_rows.c - the row-by-row driver of the result-set writers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "results/results.h"

static kg_status fail(kg_error *err, kg_status st, const char *fmt,
                      const char *arg) {
  if (err) {
    memset(err, 0, sizeof *err);
    err->status = st;
    snprintf(err->message, sizeof err->message, fmt, arg);
  }
  return st;
}

static kg_status io_error(kg_error *err) {
  return fail(err, KG_ERR_IO, "writing results failed: %s",
              strerror(errno ? errno : EIO));
}

kg_status kg_rows_write(const kg_rowsrc *src, const char *format, FILE *out,
                        kg_error *err) {
  const kg_results_format *f = kg_results_format_find(format);
  if (!f)
    return fail(err, KG_ERR_UNSUPPORTED,
                "unknown result format '%s' (use json, xml, csv, tsv or "
                "markdown)", format ? format : "(null)");
  errno = 0;
  if (src->is_boolean) {
    f->boolean(out, src->boolean);
  } else {
    f->head(out, src);
    for (size_t i = 0;; i++) {
      int rc = src->next(src->ctx, err);
      if (rc < 0) return err ? err->status : KG_ERR_EVAL;
      if (rc == 0) break;
      f->row(out, src, i);
      if (ferror(out)) return io_error(err);
    }
    f->foot(out, src);
  }
  if (fflush(out) != 0 || ferror(out)) return io_error(err);
  return KG_OK;
}
