/* page.c - GET /: the query page, served from serve/page.html (compiled
 * in, so nothing is fetched from anywhere else) with the store's
 * prefixes put in its place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

extern const char kgsh_page_html[];

/* the store's prefixes as a JSON object {"name": "iri", ...} */
static void prefixes_json(FILE *f, kg_store *st) {
  fputc('{', f);
  size_t n = kg_prefix_count(st);
  int first = 1;
  for (size_t i = 0; i < n; i++) {
    const char *name, *iri;
    kg_prefix_at(st, i, &name, &iri);
    /* nothing that could end the string or the script */
    if (strpbrk(name, "\"\\<>") || strpbrk(iri, "\"\\<>")) continue;
    fprintf(f, "%s\"%s\":\"%s\"", first ? "" : ",", name, iri);
    first = 0;
  }
  fputc('}', f);
}

enum MHD_Result handle_page(struct MHD_Connection *c, request *rq) {
  server *srv = rq->srv;
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  if (!f) return send_text(c, rq, 500, "out of memory");
  const char *mark = strstr(kgsh_page_html, "/*PREFIXES*/");
  size_t head = mark ? (size_t)(mark - kgsh_page_html) : strlen(kgsh_page_html);
  fwrite(kgsh_page_html, 1, head, f);
  if (mark) {
    if (gate_enter(&srv->gate, 0, now_ms() + 10000) == 0) {
      prefixes_json(f, srv->st);
      gate_leave(&srv->gate, 0);
    } else {
      fputs("{}", f);
    }
    fputs(mark + strlen("/*PREFIXES*/"), f);
  }
  if (fclose(f) != 0) {
    free(out);
    return send_text(c, rq, 500, "out of memory");
  }
  return send_body(c, rq, 200, "text/html; charset=utf-8", out, len);
}
