/* conformance.c - runs the W3C SPARQL 1.0/1.1 test suites (rdf-tests) against libkg and reports the results. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kg.h"
#include "kgshrun.h"
#include "manifest.h"
#include "querytext.h"
#include "rdfcompare.h"
#include "results/results.h"
#include "results/results_read.h"

static const char *const roots[] = {
  "sparql10/manifest-evaluation.ttl",
  "sparql10/manifest-syntax.ttl",
  "sparql11/manifest-all.ttl",
};

typedef struct opts {
  const char *suite;    /* the rdf-tests directory (or its sparql/) */
  char sparql[4096];    /* the sparql/ directory */
  const char *list, *expect, *only;
  const char *kgsh;     /* --kgsh: run tests through this binary */
  int verbose, dry_run, fork;
  unsigned timeout_s;
} opts;

typedef enum { R_PASS, R_FAIL, R_SKIP } verdict;

typedef struct outcome {
  verdict v;
  char *why;     /* reason of a failure or skip */
  char *detail;  /* -v: expected vs actual */
} outcome;

#define WHY_MAX 2048

/* ---------------------------------------------------------------- files */

/* A file: URI shortened to its path under the suite, for messages. */
static const char *rel(const opts *o, const char *uri) {
  static char buf[4][4096];
  static int k;
  if (!uri) return "-";
  char *path = rc_uri_to_path(uri);
  char *b = buf[k++ % 4];
  size_t n = strlen(o->sparql);
  if (path && strncmp(path, o->sparql, n) == 0 && path[n] == '/')
    snprintf(b, 4096, "%s", path + n + 1);
  else
    snprintf(b, 4096, "%s", path ? path : uri);
  free(path);
  return b;
}

/* -------------------------------------------------------- store helpers */

static int fail_with(char *why, size_t n, const char *what, const kg_error *err) {
  if (err && err->line)
    snprintf(why, n, "%s: %s:%ld:%ld: %s", what, err->file, err->line, err->column, err->message);
  else
    snprintf(why, n, "%s: %s", what, err ? err->message : "failed");
  return 0;
}

static kg_store *fresh_store(char *why, size_t n) {
  kg_store *st = NULL;
  kg_error err = {0};
  if (kg_store_open("memory:", KG_OPEN_CREATE, &st, &err) != KG_OK) {
    fail_with(why, n, "cannot open a memory: store", &err);
    return NULL;
  }
  kg_store_set_union_default(st, 0);
  return st;
}

/* Loads a file: URI into `graph` (NULL = the default graph). */
static int load_file(kg_store *st, const char *uri, const char *graph, char *why,
                     size_t n) {
  char *path = rc_uri_to_path(uri);
  if (!path) {
    snprintf(why, n, "data is not a local file: %s", uri);
    return 0;
  }
  kg_load_options lo = {.graph = graph, .base_uri = uri};
  kg_error err = {0};
  int ok = kg_load(st, path, &lo, NULL, &err) == KG_OK;
  if (!ok) {
    char what[4200];
    snprintf(what, sizeof what, "loading %s failed", path);
    fail_with(why, n, what, &err);
  }
  free(path);
  return ok;
}

typedef struct from_ctx {
  kg_store *st;
  const char *base;
  const char *loaded[32];
  size_t nloaded;
  char *why;
  size_t whylen;
  int failed;
} from_ctx;

/* FROM / FROM NAMED <file>: the runner loads the file into a named graph
 * of that IRI, so the engine finds the dataset in the store. */
static void on_from(void *data, const char *iri, size_t len, int named) {
  (void)named;
  from_ctx *c = data;
  char buf[4096];
  if (c->failed || len >= sizeof buf) return;
  memcpy(buf, iri, len);
  buf[len] = '\0';
  char *abs = rc_resolve(c->base, buf);
  char *path = abs ? rc_uri_to_path(abs) : NULL;
  struct stat sb;
  int dup = 0;
  for (size_t i = 0; abs && i < c->nloaded; i++) dup |= strcmp(c->loaded[i], abs) == 0;
  if (path && !dup && c->nloaded < 32 && stat(path, &sb) == 0) {
    if (!load_file(c->st, abs, abs, c->why, c->whylen)) c->failed = 1;
    c->loaded[c->nloaded++] = abs;
    abs = NULL;
  }
  free(abs);
  free(path);
}

static int load_dataset(kg_store *st, const mt_test *t, from_ctx *fc, char *why,
                        size_t n) {
  for (size_t i = 0; i < t->ndata; i++)
    if (!load_file(st, t->data[i], NULL, why, n)) return 0;
  for (size_t i = 0; i < t->ngraphs; i++) {
    if (!load_file(st, t->graphs[i].file, t->graphs[i].name, why, n)) return 0;
    if (fc && fc->nloaded < 32) fc->loaded[fc->nloaded++] = strdup(t->graphs[i].name);
  }
  return 1;
}

static void from_ctx_clear(from_ctx *fc) {
  for (size_t i = 0; i < fc->nloaded; i++) free((char *)fc->loaded[i]);
  fc->nloaded = 0;
}

/* ------------------------------------------------------ actual results */

static sp_table *table_of(kg_result *r, char *why, size_t n) {
  sp_table *t = sp_table_new();
  if (!t) return NULL;
  if (kg_result_kind(r) == KG_RESULT_BOOLEAN) {
    t->is_boolean = 1;
    t->boolean = kg_result_boolean(r) != 0;
    return t;
  }
  size_t nc = kg_result_columns(r);
  for (size_t c = 0; c < nc; c++) {
    const char *name = kg_result_column(r, c);
    sp_table_add_column(t, name, strlen(name));
  }
  kg_error err = {0};
  int rc;
  while ((rc = kg_result_next(r, &err)) == 1) {
    kg_term *row = sp_table_add_row(t);
    for (size_t c = 0; row && c < nc; c++) {
      const kg_term *v = kg_result_value(r, c);
      if (v && v->kind != KG_TERM_NONE) sp_table_set(t, &row[c], v);
    }
  }
  if (rc < 0) {
    fail_with(why, n, "evaluation failed", &err);
    sp_table_free(t);
    return NULL;
  }
  return t;
}

static rc_graph *graph_of(kg_result *r, char *why, size_t n) {
  rc_graph *g = rc_graph_new();
  kg_error err = {0};
  int rc;
  while (g && (rc = kg_result_next(r, &err)) == 1) {
    const kg_quad *q = kg_result_quad(r);
    if (q) rc_graph_add(g, q);
  }
  if (g && rc < 0) {
    fail_with(why, n, "evaluation failed", &err);
    rc_graph_free(g);
    return NULL;
  }
  return g;
}

/* ---------------------------------------------------- expected results */

static const struct {
  const char *ext, *format;
  rc_mode mode;
} result_formats[] = {
  {".srx", "xml", RC_EXACT}, {".srj", "json", RC_EXACT},
  {".tsv", "tsv", RC_TSV},   {".csv", "csv", RC_CSV},
};

/* A result file as a table (result formats, or an RDF graph holding an
 * rs:ResultSet) or as a graph. Sets exactly one of *table, *graph. */
static int expected_of(const char *uri, sp_table **table, rc_graph **graph,
                       rc_mode *mode, char *why, size_t n) {
  *table = NULL;
  *graph = NULL;
  *mode = RC_EXACT;
  char *path = rc_uri_to_path(uri);
  if (!path) {
    snprintf(why, n, "result is not a local file: %s", uri);
    return 0;
  }
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < sizeof result_formats / sizeof result_formats[0]; i++) {
    if (strcmp(dot, result_formats[i].ext) != 0) continue;
    size_t len;
    char *data = rc_slurp(path, &len);
    kg_error err = {0};
    int ok = data && sp_table_parse(data, len, result_formats[i].format, table, &err) == KG_OK;
    if (!data) snprintf(why, n, "cannot read %s", path);
    else if (!ok) fail_with(why, n, "cannot read the expected results", &err);
    *mode = result_formats[i].mode;
    free(data);
    free(path);
    return ok;
  }
  rc_graph *g = rc_graph_new();
  int ok = g && rc_graph_load(g, path, NULL, uri, NULL, why, n) == 0;
  free(path);
  if (!ok) {
    rc_graph_free(g);
    return 0;
  }
  if (rc_result_set_node(g)) {
    *table = rc_graph_to_table(g, why, n);
    rc_graph_free(g);
    return *table != NULL;
  }
  *graph = g;
  return 1;
}

/* ------------------------------------------------------------- detail */

typedef struct table_src {
  const sp_table *t;
  size_t row;
} table_src;

static const char *ts_column(void *c, size_t i) { return ((table_src *)c)->t->cols[i]; }

static int ts_next(void *c, kg_error *err) {
  (void)err;
  table_src *s = c;
  return s->row < s->t->nrows ? (int)++s->row : 0;
}

static const kg_term *ts_value(void *c, size_t i) {
  table_src *s = c;
  return sp_table_cell(s->t, s->row - 1, i);
}

static void show_table(FILE *out, const char *label, const sp_table *t) {
  fprintf(out, "  %s:\n", label);
  if (!t) return;
  table_src ts = {t, 0};
  kg_rowsrc src = {&ts, t->is_boolean, t->boolean, t->ncols, ts_column, ts_next, ts_value};
  kg_rows_write(&src, "tsv", out, NULL);
}

static void show_graph(FILE *out, const char *label, const rc_graph *g) {
  fprintf(out, "  %s:\n", label);
  for (size_t i = 0; g && i < g->n; i++) {
    const kg_term *t = &g->q[i].s;
    for (int k = 0; k < 4; k++) {
      if (t[k].kind == KG_TERM_NONE) continue;
      if (k) fputc(' ', out);
      kg_put_turtle_term(out, &t[k], 0);
    }
    fputs(" .\n", out);
  }
}

/* -------------------------------------------------------------- tests */

static int run_query(const mt_test *t, const opts *o, char *why, size_t n,
                     FILE *detail) {
  char *qpath = rc_uri_to_path(t->query);
  size_t qlen;
  char *text = qpath ? rc_slurp(qpath, &qlen) : NULL;
  free(qpath);
  if (!text) {
    snprintf(why, n, "cannot read %s", rel(o, t->query));
    return 0;
  }
  sp_table *want_t = NULL, *got_t = NULL;
  rc_graph *want_g = NULL, *got_g = NULL;
  rc_mode mode = RC_EXACT;
  kg_result *res = NULL;
  from_ctx fc = {.base = t->query, .why = why, .whylen = n};
  int ok = 0;
  kg_store *st = fresh_store(why, n);
  if (!st) goto done;
  fc.st = st;
  if (!load_dataset(st, t, &fc, why, n)) goto done;
  if (!o->kgsh) qt_from(text, on_from, &fc);
  if (fc.failed) goto done;
  if (!t->result) {
    snprintf(why, n, "the manifest gives no mf:result");
    goto done;
  }
  if (!expected_of(t->result, &want_t, &want_g, &mode, why, n)) goto done;
  if (o->kgsh) {
    if (!kr_query(o->kgsh, t, want_g != NULL, &got_t, &got_g, why, n)) goto done;
    if (t->kind == MT_CSV_RESULT) mode = RC_CSV;
    goto compare;
  }
  kg_query_options qo = {.base_uri = t->query, .timeout_ms = (long)o->timeout_s * 1000};
  kg_error err = {0};
  if (kg_query(st, text, &qo, &res, &err) != KG_OK) {
    fail_with(why, n, "query failed", &err);
    goto done;
  }
  kg_result_type kind = kg_result_kind(res);
  if (t->kind == MT_CSV_RESULT) {
    /* The CSV writer itself is under test: write, read back, compare. */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    kg_status ws = mem ? kg_results_write(res, "csv", mem, &err) : KG_ERR_NOMEM;
    if (mem) fclose(mem);
    if (ws != KG_OK) fail_with(why, n, "writing CSV failed", &err);
    else if (sp_table_parse(buf, len, "csv", &got_t, &err) != KG_OK)
      fail_with(why, n, "the CSV written cannot be read back", &err);
    free(buf);
    if (!got_t) goto done;
    mode = RC_CSV;
  } else if (kind == KG_RESULT_GRAPH) {
    if (!(got_g = graph_of(res, why, n))) goto done;
  } else if (kind == KG_RESULT_BINDINGS || kind == KG_RESULT_BOOLEAN) {
    if (!(got_t = table_of(res, why, n))) goto done;
  } else {
    snprintf(why, n, "the query gave an update result");
    goto done;
  }
compare:
  if (want_g && got_g) {
    ok = rc_graphs_isomorphic(want_g, got_g, why, n);
  } else if (want_t && got_t) {
    rc_order order;
    char keys[16][128];
    qt_order(text, &order, keys);
    order.lax = t->lax;
    ok = rc_tables_equal(want_t, got_t, mode, &order, why, n);
  } else {
    snprintf(why, n, "expected %s, got %s", want_g ? "a graph" : "a result set",
             got_g ? "a graph" : "a result set");
  }
  if (!ok && detail) {
    if (want_t) show_table(detail, "expected", want_t);
    if (want_g) show_graph(detail, "expected", want_g);
    if (got_t) show_table(detail, "actual", got_t);
    if (got_g) show_graph(detail, "actual", got_g);
  }
done:
  kg_result_free(res);
  kg_store_close(st);
  from_ctx_clear(&fc);
  sp_table_free(want_t);
  sp_table_free(got_t);
  rc_graph_free(want_g);
  rc_graph_free(got_g);
  free(text);
  return ok;
}

static int run_update(const mt_test *t, const opts *o, char *why, size_t n,
                      FILE *detail) {
  char *qpath = rc_uri_to_path(t->query);
  char *text = qpath ? rc_slurp(qpath, NULL) : NULL;
  free(qpath);
  if (!text) {
    snprintf(why, n, "cannot read %s", rel(o, t->query));
    return 0;
  }
  rc_graph *want = rc_graph_new(), *got = NULL;
  kg_result *res = NULL;
  int ok = 0;
  kg_store *st = fresh_store(why, n);
  if (!st || !want || !load_dataset(st, t, NULL, why, n)) goto done;
  for (size_t i = 0; i < t->nrdata; i++) {
    char *p = rc_uri_to_path(t->rdata[i]);
    int bad = !p || rc_graph_load(want, p, NULL, t->rdata[i], NULL, why, n);
    free(p);
    if (bad) goto done;
  }
  for (size_t i = 0; i < t->nrgraphs; i++) {
    char *p = rc_uri_to_path(t->rgraphs[i].file);
    const char *name = t->rgraphs[i].name;
    kg_term g = {.kind = KG_TERM_IRI, .value = name, .len = strlen(name)};
    int bad = !p || rc_graph_load(want, p, NULL, t->rgraphs[i].file, &g, why, n);
    free(p);
    if (bad) goto done;
  }
  if (o->kgsh) {
    if (!(got = kr_update(o->kgsh, t, why, n))) goto done;
    goto compare;
  }
  kg_query_options qo = {.base_uri = t->query, .timeout_ms = (long)o->timeout_s * 1000};
  kg_error err = {0};
  if (kg_query(st, text, &qo, &res, &err) != KG_OK) {
    fail_with(why, n, "update failed", &err);
    goto done;
  }
  kg_result_free(res);
  res = NULL;
  if (kg_store_find(st, NULL, NULL, NULL, NULL, &res, &err) != KG_OK) {
    fail_with(why, n, "reading the store back failed", &err);
    goto done;
  }
  if (!(got = graph_of(res, why, n))) goto done;
compare:
  ok = rc_graphs_isomorphic(want, got, why, n);
  if (!ok && detail) {
    show_graph(detail, "expected store", want);
    show_graph(detail, "actual store", got);
  }
done:
  kg_result_free(res);
  kg_store_close(st);
  rc_graph_free(want);
  rc_graph_free(got);
  free(text);
  return ok;
}

static int run_syntax(const mt_test *t, const opts *o, char *why, size_t n) {
  char *qpath = rc_uri_to_path(t->query);
  char *text = qpath ? rc_slurp(qpath, NULL) : NULL;
  free(qpath);
  if (!text) {
    snprintf(why, n, "cannot read %s", rel(o, t->query));
    return 0;
  }
  int positive = t->kind == MT_POS_SYNTAX || t->kind == MT_POS_UPDATE_SYNTAX;
  int ok = 0;
  if (o->kgsh) {
    free(text);
    return kr_syntax(o->kgsh, t, positive, why, n);
  }
  kg_store *st = fresh_store(why, n);
  if (st) {
    kg_query_options qo = {.base_uri = t->query};
    kg_error err = {0};
    kg_status s = kg_query_check(st, text, &qo, &err);
    ok = positive ? s == KG_OK : s != KG_OK;
    if (!ok && positive) fail_with(why, n, "rejected", &err);
    else if (!ok) snprintf(why, n, "accepted, but the test expects a syntax error");
  }
  kg_store_close(st);
  free(text);
  return ok;
}

static int run_test(const mt_test *t, const opts *o, char *why, size_t n,
                    FILE *detail) {
  switch (t->kind) {
  case MT_QUERY_EVAL:
  case MT_CSV_RESULT: return run_query(t, o, why, n, detail);
  case MT_UPDATE_EVAL: return run_update(t, o, why, n, detail);
  case MT_POS_SYNTAX:
  case MT_NEG_SYNTAX:
  case MT_POS_UPDATE_SYNTAX:
  case MT_NEG_UPDATE_SYNTAX: return run_syntax(t, o, why, n);
  default: snprintf(why, n, "cannot run a %s test", t->type ? t->type : "?"); return 0;
  }
}

/* Runs a test in a child process, so that a crash or a hang fails only
 * that test. The child sends 'P' or 'F', the reason, NUL, the detail. */
static void run_forked(const mt_test *t, const opts *o, outcome *out) {
  int fds[2];
  out->v = R_FAIL;
  fflush(stdout);
  fflush(stderr);
  if (pipe(fds) != 0) {
    out->why = strdup("cannot create a pipe");
    return;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    alarm(o->timeout_s + 5);
    char *why = calloc(1, WHY_MAX), *detail = NULL;
    size_t dlen = 0;
    FILE *d = o->verbose ? open_memstream(&detail, &dlen) : NULL;
    int ok = run_test(t, o, why, WHY_MAX, d);
    if (d) fclose(d);
    FILE *w = fdopen(fds[1], "w");
    if (w) {
      fprintf(w, "%c%s", ok ? 'P' : 'F', why);
      fputc('\0', w);
      if (detail) fwrite(detail, 1, dlen, w);
      fclose(w);
    }
    _exit(0);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    out->why = strdup("cannot fork");
    return;
  }
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  for (ssize_t k; buf && (k = read(fds[0], buf + len, cap - len - 1)) != 0;) {
    if (k < 0) {
      if (errno == EINTR) continue;
      break;
    }
    len += (size_t)k;
    if (len + 1 == cap) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) free(buf);
      buf = nb;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (buf) buf[len] = '\0';
  if (WIFSIGNALED(status)) {
    char msg[128];
    int sig = WTERMSIG(status);
    if (sig == SIGALRM) snprintf(msg, sizeof msg, "timed out after %u s", o->timeout_s + 5);
    else snprintf(msg, sizeof msg, "crashed: %s", strsignal(sig));
    out->why = strdup(msg);
  } else if (!buf || len == 0) {
    out->why = strdup("the test process exited without a verdict");
  } else {
    out->v = buf[0] == 'P' ? R_PASS : R_FAIL;
    out->why = strdup(buf + 1);
    size_t wl = strlen(buf);
    if (wl + 1 < len) out->detail = strdup(buf + wl + 1);
  }
  free(buf);
}

static void run_here(const mt_test *t, const opts *o, outcome *out) {
  char *why = calloc(1, WHY_MAX), *detail = NULL;
  size_t dlen = 0;
  FILE *d = o->verbose ? open_memstream(&detail, &dlen) : NULL;
  out->v = why && run_test(t, o, why, WHY_MAX, d) ? R_PASS : R_FAIL;
  if (d) fclose(d);
  out->why = why;
  out->detail = detail;
}

/* ----------------------------------------------------------- reporting */

typedef struct tally {
  const char *name;
  unsigned pass, fail, skip;
} tally;

static tally *tally_for(tally *t, size_t *n, const char *name) {
  for (size_t i = 0; i < *n; i++)
    if (strcmp(t[i].name, name) == 0) return &t[i];
  t[*n] = (tally){name, 0, 0, 0};
  return &t[(*n)++];
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a --list file: one test id a line; '#' starts a comment. */
static char **read_list(const char *path, size_t *n) {
  char *text = rc_slurp(path, NULL);
  *n = 0;
  if (!text) return NULL;
  size_t cap = 64;
  char **ids = malloc(cap * sizeof *ids);
  for (char *line = strtok(text, "\r\n"); ids && line; line = strtok(NULL, "\r\n")) {
    while (*line == ' ' || *line == '\t') line++;
    if (!*line || *line == '#') continue;
    if (*n == cap) ids = realloc(ids, (cap *= 2) * sizeof *ids);
    if (ids) ids[(*n)++] = strdup(line);
  }
  free(text);
  return ids;
}

static void print_dry(const opts *o, const mt_test *t) {
  printf("%s\t%s\tquery=%s", t->id, mt_kind_names[t->kind], rel(o, t->query));
  for (size_t i = 0; i < t->ndata; i++) printf("%sdata=%s", i ? "," : "\t", rel(o, t->data[i]));
  for (size_t i = 0; i < t->ngraphs; i++)
    printf("\tgraph=%s<%s>", rel(o, t->graphs[i].file), t->graphs[i].name);
  if (t->result) printf("\tresult=%s", rel(o, t->result));
  for (size_t i = 0; i < t->nrdata; i++) printf("\tresult-data=%s", rel(o, t->rdata[i]));
  for (size_t i = 0; i < t->nrgraphs; i++)
    printf("\tresult-graph=%s<%s>", rel(o, t->rgraphs[i].file), t->rgraphs[i].name);
  if (t->skip) printf("\tSKIP: %s", t->skip);
  putchar('\n');
}

static int matches(const opts *o, const mt_test *t) {
  if (!o->only) return 1;
  return strstr(t->id, o->only) || (t->name && strstr(t->name, o->only)) ||
         (t->query && strstr(t->query, o->only));
}

/* A query with SERVICE would reach out to the network: skipped. */
static void skip_service(mt_suite *s) {
  for (size_t i = 0; i < s->n; i++) {
    mt_test *t = &s->tests[i];
    if (t->skip || (t->kind != MT_QUERY_EVAL && t->kind != MT_CSV_RESULT && t->kind != MT_UPDATE_EVAL))
      continue;
    char *path = t->query ? rc_uri_to_path(t->query) : NULL;
    char *text = path ? rc_slurp(path, NULL) : NULL;
    if (text && qt_has_word(text, "SERVICE")) t->skip = "SERVICE (needs remote endpoints)";
    free(text);
    free(path);
  }
}

static void usage(FILE *out) {
  fputs("usage: conformance [options] RDF_TESTS\n"
        "Runs the W3C SPARQL 1.0 and 1.1 suites of a checkout of w3c/rdf-tests\n"
        "(RDF_TESTS is its top directory or its sparql/ directory).\n"
        "  --dry-run        list the tests with their files and datasets; run none\n"
        "  --list FILE      write the ids of the passing tests to FILE, sorted\n"
        "  --expect FILE    exit non-zero only if a test listed in FILE fails\n"
        "  --only TEXT      run only tests whose id, name or file contains TEXT\n"
        "  --timeout SECS   per-test time limit (default 30)\n"
        "  --no-fork        run tests in this process (for debuggers)\n"
        "  --kgsh PATH      run the tests through the kgsh binary at PATH, with\n"
        "                   the query and data files as they are\n"
        "  -v               show expected and actual results of failures\n",
        out);
}

static int parse_args(int argc, char **argv, opts *o) {
  *o = (opts){.fork = 1, .timeout_s = 30};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (strcmp(a, "--dry-run") == 0) o->dry_run = 1;
    else if (strcmp(a, "--no-fork") == 0) o->fork = 0;
    else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) o->verbose = 1;
    else if (strcmp(a, "--list") == 0 && more) o->list = argv[++i];
    else if (strcmp(a, "--expect") == 0 && more) o->expect = argv[++i];
    else if (strcmp(a, "--only") == 0 && more) o->only = argv[++i];
    else if (strcmp(a, "--kgsh") == 0 && more) o->kgsh = argv[++i];
    else if (strcmp(a, "--timeout") == 0 && more) o->timeout_s = (unsigned)atoi(argv[++i]);
    else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { usage(stdout); exit(0); }
    else if (a[0] == '-' || o->suite) return -1;
    else o->suite = a;
  }
  if (!o->suite) return -1;
  if (o->timeout_s == 0) o->timeout_s = 30;
  /* Accept the checkout's top directory or its sparql/ directory. */
  char probe[4200];
  snprintf(probe, sizeof probe, "%s/sparql/sparql10", o->suite);
  struct stat sb;
  snprintf(probe, sizeof probe, stat(probe, &sb) == 0 ? "%s/sparql" : "%s", o->suite);
  if (!realpath(probe, o->sparql)) return -2;
  return 0;
}

int main(int argc, char **argv) {
  opts o;
  int pa = parse_args(argc, argv, &o);
  if (pa == -1) {
    usage(stderr);
    return 2;
  }
  if (pa == -2) {
    fprintf(stderr, "conformance: %s: no such directory\n", o.suite);
    return 2;
  }
  mt_suite *suite = mt_suite_new(o.sparql);
  for (size_t i = 0; suite && i < sizeof roots / sizeof roots[0]; i++) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", o.sparql, roots[i]);
    if (mt_suite_load(suite, path) != 0) {
      fprintf(stderr, "conformance: %s\n", suite->error[0] ? suite->error : "cannot read the manifests");
      mt_suite_free(suite);
      rc_world_free();
      return 2;
    }
  }
  if (!suite) return 2;
  skip_service(suite);

  size_t n = suite->n;
  tally *cats = calloc(n + 1, sizeof *cats), *kinds = calloc(MT_NKINDS, sizeof *kinds);
  tally *skips = calloc(n + 1, sizeof *skips);
  size_t ncats = 0, nkinds = 0, nskips = 0;
  outcome *out = calloc(n + 1, sizeof *out);
  unsigned passed = 0, failed = 0, skipped = 0;
  for (size_t i = 0; i < n; i++) {
    const mt_test *t = &suite->tests[i];
    if (!matches(&o, t)) continue;
    tally *c = tally_for(cats, &ncats, t->category);
    tally *k = tally_for(kinds, &nkinds, mt_kind_names[t->kind]);
    if (t->skip) {
      out[i].v = R_SKIP;
      c->skip++, k->skip++, skipped++;
      tally_for(skips, &nskips, t->skip)->skip++;
      if (o.dry_run) print_dry(&o, t);
      else if (o.verbose) printf("SKIP %s (%s): %s\n", t->id, rel(&o, t->query), t->skip);
      continue;
    }
    if (o.dry_run) {
      print_dry(&o, t);
      c->pass++, k->pass++, passed++;
      continue;
    }
    if (o.fork) run_forked(t, &o, &out[i]);
    else run_here(t, &o, &out[i]);
    if (out[i].v == R_PASS) {
      c->pass++, k->pass++, passed++;
      if (o.verbose) printf("PASS %s\n", t->id);
    } else {
      c->fail++, k->fail++, failed++;
      printf("FAIL %s (%s): %s\n", t->id, rel(&o, t->query), out[i].why ? out[i].why : "");
      if (o.verbose) {
        printf("  name: %s\n", t->name ? t->name : "");
        if (out[i].detail) fputs(out[i].detail, stdout);
      }
    }
    fflush(stdout);
  }

  /* Per category and kind: passed/run (or, dry, tests to run). */
  for (size_t i = 0; i < ncats; i++) {
    printf("%s %u/%u", cats[i].name, cats[i].pass, cats[i].pass + cats[i].fail);
    if (cats[i].skip) printf(" (%u skipped)", cats[i].skip);
    putchar('\n');
  }
  printf("by kind:");
  for (size_t i = 0; i < nkinds; i++)
    printf("%s %s %u/%u", i ? "," : "", kinds[i].name, kinds[i].pass,
           kinds[i].pass + kinds[i].fail);
  putchar('\n');
  printf("skipped %u:", skipped);
  for (size_t i = 0; i < nskips; i++) printf("%s %s %u", i ? "," : "", skips[i].name, skips[i].skip);
  putchar('\n');

  int status = 0;
  if (o.dry_run) {
    printf("dry run: %u tests to run, %u skipped\n", passed, skipped);
  } else {
    if (o.list) {
      char **ids = calloc(passed + 1, sizeof *ids);
      size_t k = 0;
      for (size_t i = 0; ids && i < n; i++)
        if (matches(&o, &suite->tests[i]) && out[i].v == R_PASS) ids[k++] = (char *)suite->tests[i].id;
      if (ids) qsort(ids, k, sizeof *ids, cmp_str);
      FILE *f = fopen(o.list, "w");
      for (size_t i = 0; f && i < k; i++) fprintf(f, "%s\n", ids[i]);
      if (!f || fclose(f) != 0) {
        fprintf(stderr, "conformance: cannot write %s: %s\n", o.list, strerror(errno));
        status = 2;
      }
      free(ids);
    }
    if (o.expect) {
      size_t ne;
      char **ids = read_list(o.expect, &ne);
      unsigned regressions = 0;
      if (!ids) {
        fprintf(stderr, "conformance: cannot read %s\n", o.expect);
        status = 2;
      }
      for (size_t e = 0; ids && e < ne; e++) {
        for (size_t i = 0; i < n; i++) {
          if (strcmp(suite->tests[i].id, ids[e]) != 0) continue;
          if (matches(&o, &suite->tests[i]) && out[i].v != R_PASS) {
            printf("REGRESSION %s: %s\n", ids[e],
                   out[i].v == R_SKIP ? "now skipped" : out[i].why ? out[i].why : "fails");
            regressions++;
          }
          break;
        }
        free(ids[e]);
      }
      free(ids);
      if (regressions) {
        printf("%u regressions against %s\n", regressions, o.expect);
        status = 1;
      }
    } else if (failed) {
      status = 1;
    }
    printf("%u passed, %u failed\n", passed, failed);
  }
  for (size_t i = 0; i < n; i++) {
    free(out[i].why);
    free(out[i].detail);
  }
  free(out);
  free(cats);
  free(kinds);
  free(skips);
  mt_suite_free(suite);
  rc_world_free();
  fflush(stdout);
  return status;
}
