/* push.c - `kgsh push STORE URL` and the shell's `.push URL`: a local
 * store copied into a SPARQL server's store one graph at a time (its
 * statements as N-Triples, sent by the remote store's load: the Graph
 * Store Protocol or INSERT DATA; or by Virtuoso's bulk loader, vbulk.c),
 * then every named graph counted on the server against the local count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

/* ---------------------------------------------------------- the copy */

static void push_usage(FILE *f) {
  fprintf(f,
          "Usage: kgsh push STORE URL [--default-graph IRI] [--bulk DIR "
          "[--isql HOST:PORT]]\n"
          "Copies every graph of the local STORE into the SPARQL server at "
          "URL (an\nendpoint URL or sparql:QUERY_URL[,update=URL][,store="
          "URL]), then checks that\nthe server holds as many statements in "
          "each named graph as STORE.\nCredentials: --user or $KGSH_USER, "
          "$KGSH_TOKEN, ~/.netrc (see kgsh --help).\n"
          "  --default-graph IRI\n"
          "                the server's graph for STORE's default graph "
          "(Virtuoso has\n"
          "                none to write into)\n"
          "  --bulk DIR    Virtuoso: the named graphs go through its bulk "
          "loader, as files\n"
          "                written into DIR, a folder the server reads (in "
          "its DirsAllowed;\n"
          "                an absolute path, the same on both sides), loaded "
          "by its SQL\n"
          "                client isql-vt ($KGSH_ISQL) as $KGSH_ISQL_USER "
          "(default dba)\n"
          "                with $KGSH_ISQL_PASSWORD; the files are deleted "
          "after\n"
          "  --isql H:P    its SQL port (default: the URL's host, port "
          "1111)\n");
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

/* One graph (iri NULL: the default graph) from src into graph `target`
 * of dst (NULL: its default graph). */
static int push_graph(kg_store *src, kg_store *dst, const char *iri,
                      const char *target, kg_error *e) {
  char *data = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&data, &len);
  if (!f) return error_set(e, KG_ERR_NOMEM, "out of memory") != KG_OK;
  kg_export_options eo = {.format = "ntriples",
                          .graph = iri ? iri : "default"};
  kg_status s = kg_export(src, f, &eo, e);
  fclose(f);
  /* N-Triples is Turtle; raptor's N-Triples parser leaks datatypes */
  kg_load_options lo = {.syntax = "turtle", .graph = target};
  if (s == KG_OK)
    s = kg_load_string(dst, data, len, iri ? iri : "default graph", &lo, NULL,
                       e);
  free(data);
  return s != KG_OK;
}

/* The graphs of src with statements: IRIs (NULL: the default graph)
 * and counts. */
typedef struct graph_list {
  char **iri;
  long long *n;
  size_t len, cap;
} graph_list;

static void graphs_free(graph_list *l) {
  for (size_t i = 0; i < l->len; i++) free(l->iri[i]);
  free(l->iri);
  free(l->n);
}

static kg_status graphs_of(kg_store *src, graph_list *l, kg_error *e) {
  kg_result *r = NULL;
  kg_status rc = kg_store_graphs(src, &r, e);
  while (rc == KG_OK && kg_result_next(r, e) > 0) {
    const kg_term *g = kg_result_value(r, 0), *c = kg_result_value(r, 1);
    long long n = c && c->kind ? atoll(c->value) : 0;
    if (n <= 0) continue;
    if (l->len == l->cap) {
      size_t cap = l->cap ? 2 * l->cap : 16;
      char **iri = realloc(l->iri, cap * sizeof *iri);
      if (iri) l->iri = iri;
      long long *nn = iri ? realloc(l->n, cap * sizeof *nn) : NULL;
      if (nn) l->n = nn;
      if (!iri || !nn) {
        rc = error_set(e, KG_ERR_NOMEM, "out of memory");
        break;
      }
      l->cap = cap;
    }
    l->iri[l->len] =
        g && g->kind == KG_TERM_IRI ? strndup(g->value, g->len) : NULL;
    l->n[l->len++] = n;
  }
  kg_result_free(r);
  return rc;
}

/* Every graph of src into dst (through the bulk loader when o says so),
 * then each named graph counted on the server. KG_OK and the totals, or
 * the failure in e ("GRAPH: why"). */
static kg_status push_graphs(kg_store *src, kg_store *dst, const push_opts *o,
                             push_totals *t, kg_error *e) {
  graph_list l = {0};
  kg_status rc = graphs_of(src, &l, e);
  for (size_t i = 0; rc == KG_OK && i < l.len; i++) {
    const char *name = l.iri[i] ? l.iri[i] : "the default graph";
    const char *target = l.iri[i] ? l.iri[i] : o->default_graph;
    if (o->tty)
      fprintf(stderr, "\r\033[K  %s: %lld statements", name, l.n[i]);
    int bad = o->bulk && target
                  ? vbulk_add(o->bulk, src, l.iri[i] ? l.iri[i] : "default",
                              target, e) != KG_OK
                  : push_graph(src, dst, l.iri[i], target, e);
    if (bad)
      rc = error_set(e, e->status ? e->status : KG_ERR_IO, "%s: %s%s", name,
                     e->message,
                     target ? "" : " (a server without a default graph to "
                                   "write into, such as Virtuoso, takes it "
                                   "into a graph named by --default-graph)");
    t->statements += (unsigned long long)l.n[i];
    t->graphs++;
  }
  if (rc == KG_OK && o->bulk && o->bulk->n) {
    if (o->tty)
      fprintf(stderr, "\r\033[K  Virtuoso's bulk loader: %zu graphs",
              o->bulk->n);
    rc = vbulk_run(o->bulk, e);
  }
  /* the server counts each graph it was given by name again: one it
   * already held, or a statement lost on the way, counts differently */
  for (size_t i = 0; rc == KG_OK && i < l.len; i++) {
    const char *target = l.iri[i] ? l.iri[i] : o->default_graph;
    if (!target) continue;
    long long there = remote_count(dst, target, e);
    if (there != l.n[i])
      rc = error_set(e, KG_ERR_IO, "%s: %lld statements here, %lld on the "
                                  "server", target, l.n[i], there);
    t->checked++;
  }
  if (o->tty) fputs("\r\033[K", stderr);
  graphs_free(&l);
  return rc;
}

int push_store(kg_store *src, const char *url, const push_opts *o,
               push_totals *t, kg_error *e) {
  *t = (push_totals){0};
  kg_store *dst = NULL;
  if (kg_store_open(url, 0, &dst, e) != KG_OK) {
    error_set(e, e->status, "%s: %s", url, e->message);
    return 2;
  }
  kg_status s = push_graphs(src, dst, o, t, e);
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

/* The words (at most nw, into pos) and options of a push: --default-graph
 * IRI, --bulk DIR, --isql HOST:PORT. The number of words, or -1. */
static int push_args(int argc, char **argv, const char **pos, int nw,
                     push_opts *o, const char **bulk_dir,
                     const char **isql_at) {
  int n = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--bulk") && i + 1 < argc) *bulk_dir = argv[++i];
    else if (!strcmp(argv[i], "--isql") && i + 1 < argc) *isql_at = argv[++i];
    else if (!strcmp(argv[i], "--default-graph") && i + 1 < argc)
      o->default_graph = argv[++i];
    else if (argv[i][0] != '-' && n < nw) pos[n++] = argv[i];
    else return -1;
  }
  return *isql_at && !*bulk_dir ? -1 : n;
}

int push_main(int argc, char **argv) {
  if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    push_usage(stdout);
    return 0;
  }
  const char *pos[2] = {NULL, NULL}, *bulk_dir = NULL, *isql_at = NULL;
  push_opts o = {.tty = isatty(STDERR_FILENO)};
  if (push_args(argc, argv, pos, 2, &o, &bulk_dir, &isql_at) != 2) {
    push_usage(stderr);
    return 2;
  }
  kg_error e;
  vbulk vb;
  if (bulk_dir) {
    if (vbulk_init(&vb, bulk_dir, isql_at, pos[1], &e) != KG_OK)
      return failed("--bulk", &e) + 1;
    o.bulk = &vb;
  }
  kg_store *src = NULL;
  if (kg_store_open(pos[0], KG_OPEN_READONLY, &src, &e) != KG_OK) {
    if (o.bulk) vbulk_free(o.bulk);
    return failed(pos[0], &e) + 1;
  }
  push_totals t;
  int rc = push_store(src, pos[1], &o, &t, &e);
  char done[1024];
  push_summary(&t, done, sizeof done);
  fprintf(stderr, rc ? "kgsh push: %s\n" : "%s%s\n", rc ? e.message : done,
          rc || !o.bulk ? "" : " (by Virtuoso's bulk loader)");
  if (o.bulk) vbulk_free(o.bulk);
  kg_store_close(src);
  return rc;
}

int push_command(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  const char *pos[1] = {NULL}, *bulk_dir = NULL, *isql_at = NULL;
  push_opts o = {.tty = sh->interactive && isatty(STDERR_FILENO)};
  if (push_args(argc, argv, pos, 1, &o, &bulk_dir, &isql_at) != 1) {
    errorf(sh, "usage: .push URL [--default-graph IRI] [--bulk DIR "
               "[--isql HOST:PORT]] (see kgsh push --help)");
    return 1;
  }
  kg_error e;
  vbulk vb;
  if (bulk_dir && vbulk_init(&vb, bulk_dir, isql_at, pos[0], &e) != KG_OK) {
    report(sh, &e, NULL, 0);
    return 1;
  }
  if (bulk_dir) o.bulk = &vb;
  push_totals t;
  int rc = push_store(sh->st, pos[0], &o, &t, &e);
  if (rc) {
    report(sh, &e, NULL, 0);
  } else {
    char done[1024];
    push_summary(&t, done, sizeof done);
    infof(sh, "%s%s", done, o.bulk ? " (by Virtuoso's bulk loader)" : "");
  }
  if (o.bulk) vbulk_free(o.bulk);
  return rc != 0;
}
