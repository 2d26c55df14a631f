/* resultdiff.c - compares two SPARQL result files (TSV, CSV, JSON, XML)
 * as the conformance runner does: solutions as multisets (as lists with
 * --ordered), blank nodes up to renaming, numbers of one datatype by
 * value. Exit 0 when equal, 1 when not (saying why), 2 on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rdfcompare.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *data = NULL;
  size_t cap = 0, n = 0, r;
  char chunk[65536];
  while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (n + r + 1 > cap) {
      cap = (n + r + 1) * 2;
      char *d = realloc(data, cap);
      if (!d) {
        free(data);
        fclose(f);
        return NULL;
      }
      data = d;
    }
    memcpy(data + n, chunk, r);
    n += r;
  }
  fclose(f);
  if (!data) data = calloc(1, 1);
  *len = n;
  return data;
}

static sp_table *load(const char *path) {
  size_t len;
  char *data = slurp(path, &len);
  if (!data) {
    fprintf(stderr, "resultdiff: cannot read %s\n", path);
    return NULL;
  }
  const char *dot = strrchr(path, '.');
  sp_table *t = NULL;
  kg_error err;
  if (sp_table_parse(data, len, dot ? dot + 1 : NULL, &t, &err) != KG_OK) {
    fprintf(stderr, "resultdiff: %s:%ld:%ld: %s\n", path, err.line,
            err.column, err.message);
    t = NULL;
  }
  free(data);
  return t;
}

int main(int argc, char **argv) {
  int ordered = argc > 1 && !strcmp(argv[1], "--ordered");
  if (argc - ordered != 3) {
    fprintf(stderr, "usage: resultdiff [--ordered] EXPECTED ACTUAL\n");
    return 2;
  }
  sp_table *e = load(argv[1 + ordered]), *a = load(argv[2 + ordered]);
  int rc = 2;
  if (e && a) {
    rc_order order = {0};
    order.ordered = ordered;
    order.complex = ordered;
    char why[2048] = "";
    rc = rc_tables_equal(e, a, RC_TSV, &order, why, sizeof why) ? 0 : 1;
    if (rc) fprintf(stderr, "%s\n", why);
  }
  sp_table_free(e);
  sp_table_free(a);
  return rc;
}
