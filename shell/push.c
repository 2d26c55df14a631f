/* push.c - `kgsh push STORE URL` and the shell's `.push URL`: a local
 * store copied into a SPARQL server's store one graph at a time (its statements as N-Triples, sent
 * by the remote store's load: the Graph Store Protocol or INSERT DATA),
 * then every named graph counted on the server against the local count. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

/* ---------------------------------------------------------- the copy */

/* Fills e anew (the shell sees only kg.h: no kg_err); returns st. */
static kg_status push_err(kg_error *e, kg_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static kg_status push_err(kg_error *e, kg_status st, const char *fmt, ...) {
  char msg[sizeof e->message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  kg_error_clear(e);
  e->status = st;
  memcpy(e->message, msg, sizeof msg);
  return st;
}

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
  if (!f) return push_err(e, KG_ERR_NOMEM, "out of memory") != KG_OK;
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

/* Every graph of src into dst, each counted on the server after; on a
 * terminal (tty) the graph being sent is shown. KG_OK and the totals, or
 * the failure in e ("GRAPH: why"). */
static kg_status push_graphs(kg_store *src, kg_store *dst, int tty,
                             push_totals *t, kg_error *e) {
  kg_status rc = KG_OK;
  kg_result *r = NULL;
  if ((rc = kg_store_graphs(src, &r, e)) != KG_OK) return rc;
  while (rc == KG_OK && kg_result_next(r, e) > 0) {
    const kg_term *g = kg_result_value(r, 0), *c = kg_result_value(r, 1);
    long long n = c && c->kind ? atoll(c->value) : 0;
    if (n <= 0) continue;
    char *iri = g && g->kind == KG_TERM_IRI ? strndup(g->value, g->len) : NULL;
    const char *name = iri ? iri : "the default graph";
    if (tty) fprintf(stderr, "\r\033[K  %s: %lld statements", name, n);
    if (push_graph(src, dst, iri, e)) {
      kg_error why = *e;
      rc = push_err(e, why.status ? why.status : KG_ERR_IO, "%s: %s", name,
                    why.message);
    } else if (iri) {
      /* the server counts it again: a graph it already held counts more */
      long long there = remote_count(dst, iri, e);
      if (there != n)
        rc = push_err(e, KG_ERR_IO, "%s: %lld statements here, %lld on "
                                    "the server", name, n, there);
      t->checked++;
    }
    t->statements += (unsigned long long)n;
    t->graphs++;
    free(iri);
  }
  if (tty) fputs("\r\033[K", stderr);
  kg_result_free(r);
  return rc;
}

int push_store(kg_store *src, const char *url, int tty, push_totals *t,
               kg_error *e) {
  *t = (push_totals){0};
  kg_store *dst = NULL;
  if (kg_store_open(url, 0, &dst, e) != KG_OK) {
    kg_error why = *e;
    push_err(e, why.status, "%s: %s", url, why.message);
    return 2;
  }
  kg_status s = push_graphs(src, dst, tty, t, e);
  snprintf(t->where, sizeof t->where, "%s", kg_store_spec(dst));
  kg_store_close(dst);
  return s != KG_OK;
}

void push_summary(const push_totals *t, char *buf, size_t size) {
  snprintf(buf, size, "pushed %llu statements in %zu graphs to %s; the "
                      "server holds the same count in each of the %zu named "
                      "graphs",
           t->statements, t->graphs, t->where, t->checked);
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
  kg_store *src = NULL;
  if (kg_store_open(argv[1], KG_OPEN_READONLY, &src, &e) != KG_OK)
    return failed(argv[1], &e) + 1;
  push_totals t;
  int rc = push_store(src, argv[2], isatty(STDERR_FILENO), &t, &e);
  char done[1024];
  push_summary(&t, done, sizeof done);
  fprintf(stderr, rc ? "kgsh push: %s\n" : "%s\n", rc ? e.message : done);
  kg_store_close(src);
  return rc;
}

int push_command(shell *sh, int argc, char **argv) {
  (void)argc;
  if (shell_need_store(sh)) return 1;
  kg_error e;
  push_totals t;
  if (push_store(sh->st, argv[1], sh->interactive && isatty(STDERR_FILENO),
                 &t, &e)) {
    report(sh, &e, NULL, 0);
    return 1;
  }
  char done[1024];
  push_summary(&t, done, sizeof done);
  infof(sh, "%s", done);
  return 0;
}
