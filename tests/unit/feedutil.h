/* feedutil.h - a document handed to a pull reader (kg_pull_fn) a few
 * bytes at a time, as a server's answer arrives: for the suites of the
 * streamed readers (test_rdf_pull.c, test_results_stream.c). */
#ifndef KG_FEEDUTIL_H
#define KG_FEEDUTIL_H

#include <string.h>

#include "internal.h"
#include "strbuf.h"

/* `step` bytes a pull; at the end, 0 or (fail_at_end) the error of a
 * connection that was reset. */
typedef struct feed {
  const char *doc;
  size_t len, at, step;
  int fail_at_end;
} feed;

static inline int pull(void *ctx, strbuf *into, kg_error *err) {
  feed *f = ctx;
  if (f->at >= f->len) {
    if (!f->fail_at_end) return 0;
    kg_err(err, KG_ERR_NET, "the connection was reset");
    return -1;
  }
  size_t n = f->len - f->at < f->step ? f->len - f->at : f->step;
  strbuf_append(into, f->doc + f->at, n);
  f->at += n;
  return 1;
}

#endif /* KG_FEEDUTIL_H */
