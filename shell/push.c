/* push.c - `kgsh push STORE URL`: a local store copied into a SPARQL
 * server's store one graph at a time (its statements as N-Triples, sent
 * by the remote store's load: the Graph Store Protocol or INSERT DATA),
 * then every named graph counted on the server against the local count. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

static void push_usage(FILE *f) {
  fprintf(f,
          "Usage: kgsh push STORE URL\n"
          "Copies every graph of the local STORE into the SPARQL server at "
          "URL (an\nendpoint URL or sparql:QUERY_URL[,update=URL][,store="
          "URL]), then checks that\nthe server holds as many statements in "
          "each named graph as STORE.\nCredentials: --user or $KGSH_USER, "
          "$KGSH_TOKEN, ~/.netrc (see kgsh --help).\n");
}

static int failed(const char *what, const kg_error *e) {
  fprintf(stderr, "kgsh push: %s: %s\n", what, e->message);
  return 1;
}

/* The server's count of graph `iri`, or -1. */
static long long remote_count(kg_store *dst, const char *iri, kg_error *e) {
  buf q = {0};
  buf_printf(&q, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }",
             iri);
  kg_query_options o = {.declare_prefixes = 0};
  kg_result *r = NULL;
  long long n = -1;
  if (!q.oom && kg_query(dst, q.data, &o, &r, e) == KG_OK &&
      kg_result_next(r, e) > 0) {
    const kg_term *t = kg_result_value(r, 0);
    if (t && t->kind == KG_TERM_LITERAL) n = atoll(t->value);
  }
  kg_result_free(r);
  buf_free(&q);
  return n;
}

/* One graph (iri NULL: the default graph) from src into dst. */
static int push_graph(kg_store *src, kg_store *dst, const char *iri,
                      kg_error *e) {
  char *data = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&data, &len);
  if (!f) return 1;
  kg_export_options eo = {.format = "ntriples",
                          .graph = iri ? iri : "default"};
  kg_status s = kg_export(src, f, &eo, e);
  fclose(f);
  /* N-Triples is Turtle; raptor's N-Triples parser leaks datatypes */
  kg_load_options lo = {.syntax = "turtle", .graph = iri};
  if (s == KG_OK)
    s = kg_load_string(dst, data, len, iri ? iri : "default graph", &lo, NULL,
                       e);
  free(data);
  return s != KG_OK;
}

int push_main(int argc, char **argv) {
  if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    push_usage(stdout);
    return 0;
  }
  if (argc != 3) {
    push_usage(stderr);
    return 2;
  }
  kg_error e;
  kg_store *src = NULL, *dst = NULL;
  if (kg_store_open(argv[1], KG_OPEN_READONLY, &src, &e) != KG_OK)
    return failed(argv[1], &e) + 1;
  if (kg_store_open(argv[2], 0, &dst, &e) != KG_OK) {
    kg_store_close(src);
    return failed(argv[2], &e) + 1;
  }
  int tty = isatty(STDERR_FILENO), rc = 0;
  unsigned long long total = 0;
  size_t graphs = 0, checked = 0;
  kg_result *r = NULL;
  if (kg_store_graphs(src, &r, &e) != KG_OK) rc = failed(argv[1], &e);
  while (!rc && r && kg_result_next(r, &e) > 0) {
    const kg_term *g = kg_result_value(r, 0), *c = kg_result_value(r, 1);
    long long n = c && c->kind ? atoll(c->value) : 0;
    if (n <= 0) continue;
    char *iri = g && g->kind == KG_TERM_IRI ? strndup(g->value, g->len) : NULL;
    const char *name = iri ? iri : "the default graph";
    if (tty) fprintf(stderr, "\r\033[K  %s: %lld statements", name, n);
    if (push_graph(src, dst, iri, &e)) {
      if (tty) fputs("\r\033[K", stderr);
      rc = failed(name, &e);
    } else if (iri) {
      /* the server counts it again: a graph it already held counts more */
      long long there = remote_count(dst, iri, &e);
      if (there != n) {
        if (tty) fputs("\r\033[K", stderr);
        fprintf(stderr, "kgsh push: %s: %lld statements here, %lld on the "
                        "server\n", name, n, there);
        rc = 1;
      }
      checked++;
    }
    total += (unsigned long long)n;
    graphs++;
    free(iri);
  }
  if (tty) fputs("\r\033[K", stderr);
  kg_result_free(r);
  if (!rc)
    fprintf(stderr, "pushed %llu statements in %zu graphs to %s; the server "
                    "holds the same count in each of the %zu named graphs\n",
            total, graphs, kg_store_spec(dst), checked);
  kg_store_close(dst);
  kg_store_close(src);
  return rc;
}
