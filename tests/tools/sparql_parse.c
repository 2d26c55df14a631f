/* sparql_parse.c - parses SPARQL files: ok FILE or error FILE:LINE:COL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/algebra.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  strbuf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) strbuf_append(&b, chunk, n);
  int bad = ferror(f) || b.oom;
  fclose(f);
  if (bad) {
    strbuf_free(&b);
    return NULL;
  }
  *len = b.len;
  return strbuf_take(&b);
}

/* sparql_parse [--print] FILE...: --print adds the algebra; exit status 1
 * when any file failed, 2 on usage errors. */
int main(int argc, char **argv) {
  int print = 0, failed = 0, files = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--print") == 0) {
      print = 1;
      continue;
    }
    files++;
    size_t len = 0;
    char *text = slurp(argv[i], &len);
    if (!text) {
      printf("error %s:0:0: cannot read the file\n", argv[i]);
      failed = 1;
      continue;
    }
    /* relative IRIs resolve against the file, like the W3C test runner */
    char *abs = realpath(argv[i], NULL);
    char *base = malloc(strlen(abs ? abs : argv[i]) + 8);
    if (!base) {
      free(abs);
      free(text);
      return 2;
    }
    sprintf(base, "file://%s", abs ? abs : argv[i]);
    free(abs);
    kg_error err;
    sp_query *q = sp_parse(text, len, base, NULL, &err);
    if (!q) {
      printf("error %s:%ld:%ld: %s\n", argv[i], err.line, err.column, err.message);
      failed = 1;
    } else {
      printf("ok %s\n", argv[i]);
      if (print) {
        strbuf out = {0};
        sp_query_print(q, &out);
        fputs(out.data ? out.data : "", stdout);
        strbuf_free(&out);
      }
    }
    sp_query_free(q);
    free(base);
    free(text);
  }
  if (!files) {
    fprintf(stderr, "usage: sparql_parse [--print] FILE...\n");
    return 2;
  }
  return failed;
}
