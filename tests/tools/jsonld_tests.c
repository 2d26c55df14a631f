/* jsonld_tests.c - runs the W3C JSON-LD 1.1 API suite (toRdf, expand,
 * fromRdf, compact manifests) against libkg's JSON-LD processor, or with
 * --kgsh toRdf and fromRdf through the kgsh binary: `kgsh -q --bail
 * memory: --contexts DIR -l INPUT -e '.export OUT nquads'` (fromRdf: the
 * N-Quads input exported as jsonld-expanded, compared as the RDF it
 * reads back to). The binary takes the file's URI as base, which the
 * runner maps back to the suite's URL; contexts named by the suite's URL
 * are found in DIR, links to the suite's files under the names kgsh's
 * context cache expects. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/jsonld.h"
#include "kgshrun.h"
#include "rdfcompare.h"

#define SUITE_URL "https://w3c.github.io/json-ld-api/tests/"
#define WHY 4096

static const char *const manifests[] = {"toRdf", "expand", "fromRdf", "compact"};
#define NMAN (sizeof manifests / sizeof *manifests)

typedef struct opts {
  const char *dir, *list, *expect, *only;
  int verbose, fork;
  const char *kgsh;          /* --kgsh: the binary under test */
  char real[PATH_MAX];       /* the suite's directory, absolute */
  char ctxdir[64];           /* --kgsh: the context cache of links */
} opts;

typedef enum { R_PASS, R_FAIL, R_SKIP } verdict;

static const char *jstr(const json_t *v) { return json_is_string(v) ? json_string_value(v) : NULL; }

/* ------------------------------------------------------------- loader */

/* Maps the suite's URLs to its files, so no test needs the network. */
static kg_status loader(void *data, const char *url, json_t **doc, char **final,
                        kg_error *err) {
  const opts *o = data;
  *final = NULL;
  if (strncmp(url, SUITE_URL, strlen(SUITE_URL)) != 0) return KG_ERR_NOTFOUND;
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", o->dir, url + strlen(SUITE_URL));
  char *hash = strchr(path, '#');
  if (hash) *hash = '\0';
  json_error_t je;
  *doc = json_load_file(path, JSON_DECODE_ANY, &je);
  if (*doc) return KG_OK;
  if (access(path, F_OK) != 0) return KG_ERR_NOTFOUND;
  return kg_err(err, KG_ERR_SYNTAX, "loading document failed: %s: %s", path, je.text);
}

/* ----------------------------------------------------------- comparing */

/* JSON-LD object comparison: arrays unordered except under @list. */
static int same_json(json_t *a, json_t *b, int ordered) {
  if (json_is_number(a) && json_is_number(b))
    return json_number_value(a) == json_number_value(b);
  if (json_typeof(a) != json_typeof(b)) return 0;
  if (json_is_object(a)) {
    if (json_object_size(a) != json_object_size(b)) return 0;
    const char *k;
    json_t *v;
    json_object_foreach(a, k, v) {
      json_t *w = json_object_get(b, k);
      if (!w || !same_json(v, w, !strcmp(k, "@list"))) return 0;
    }
    return 1;
  }
  if (json_is_array(a)) {
    size_t n = json_array_size(a);
    if (n != json_array_size(b)) return 0;
    if (ordered) {
      for (size_t i = 0; i < n; i++)
        if (!same_json(json_array_get(a, i), json_array_get(b, i), 0)) return 0;
      return 1;
    }
    char *used = calloc(n + 1, 1);
    int ok = used != NULL;
    for (size_t i = 0; ok && i < n; i++) {
      size_t k = 0;
      while (k < n && (used[k] || !same_json(json_array_get(a, i), json_array_get(b, k), 0))) k++;
      if (k == n) ok = 0;
      else used[k] = 1;
    }
    free(used);
    return ok;
  }
  return json_equal(a, b);
}

static int collect(void *data, const kg_quad *q, kg_error *err) {
  (void)err;
  return rc_graph_add(data, q) ? KG_ERR_NOMEM : KG_OK;
}

static kg_status on_quad(void *data, const kg_quad *q, kg_error *err) {
  return (kg_status)collect(data, q, err);
}

/* ---------------------------------------------------------------- tests */

typedef struct test {
  const char *manifest, *id, *input, *expect, *context, *error;
  json_t *option;
  int positive, syntax;
} test;

static int fail(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(char *why, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, WHY, fmt, ap);
  va_end(ap);
  return 0;
}

static void show(char *why, const char *what, json_t *v) {
  char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
  size_t n = strlen(why);
  snprintf(why + n, WHY - n, "\n  %s: %.1500s", what, s ? s : "?");
  free(s);
}

static jld_options options_of(const test *t, const opts *o, char *base, size_t nb) {
  jld_options jo = jld_options_default();
  snprintf(base, nb, "%s%s", SUITE_URL, t->input);
  json_t *op = t->option;
  const char *s;
  if ((s = jstr(json_object_get(op, "base")))) snprintf(base, nb, "%s", s);
  jo.base = base;
  jo.loader = loader;
  jo.loader_data = (void *)o;
  static char ec[2048];
  if ((s = jstr(json_object_get(op, "expandContext")))) {
    snprintf(ec, sizeof ec, "%s%s", SUITE_URL, s);
    jo.expand_context = ec;
  }
  s = jstr(json_object_get(op, "processingMode"));
  jo.json_ld_10 = s && !strcmp(s, "json-ld-1.0");
  s = jstr(json_object_get(op, "rdfDirection"));
  jo.rdf_direction = !s ? JLD_DIR_NONE : !strcmp(s, "i18n-datatype") ? JLD_DIR_I18N : JLD_DIR_COMPOUND;
  jo.generalized = json_is_true(json_object_get(op, "produceGeneralizedRdf"));
  jo.native_types = json_is_true(json_object_get(op, "useNativeTypes"));
  jo.use_rdf_type = json_is_true(json_object_get(op, "useRdfType"));
  if (json_is_false(json_object_get(op, "compactArrays"))) jo.compact_arrays = 0;
  if (json_is_false(json_object_get(op, "compactToRelative"))) jo.compact_to_relative = 0;
  return jo;
}

/* The outcome of a negative test: the expected error code named. */
static int check_error(const test *t, kg_status st, const kg_error *err, char *why) {
  if (st == KG_OK) return fail(why, "succeeded, expected \"%s\"", t->error);
  if (!strstr(err->message, t->error))
    return fail(why, "expected \"%s\", got: %s", t->error, err->message);
  return 1;
}

static int run_to_rdf(const test *t, const opts *o, char *why) {
  char base[2048], path[4096];
  jld_options jo = options_of(t, o, base, sizeof base);
  snprintf(path, sizeof path, "%s/%s", o->dir, t->input);
  size_t len;
  char *text = rc_slurp(path, &len);
  if (!text) return fail(why, "cannot read %s", path);
  rc_graph *got = rc_graph_new(), *want = NULL;
  kg_error err = {0};
  kg_status st = jld_to_quads(text, len, path, &jo, on_quad, got, &err);
  free(text);
  int ok;
  if (!t->positive) ok = check_error(t, st, &err, why);
  else if (st != KG_OK) ok = fail(why, "%s:%ld:%ld: %s", t->input, err.line, err.column, err.message);
  else if (t->syntax) ok = 1;
  else {
    want = rc_graph_new();
    snprintf(path, sizeof path, "%s/%s", o->dir, t->expect);
    if (rc_graph_load(want, path, "nquads", "http://example/", NULL, why, WHY) != 0) ok = 0;
    else ok = rc_graphs_isomorphic(want, got, why, WHY);
  }
  rc_graph_free(got);
  rc_graph_free(want);
  return ok;
}

static json_t *load_json(const opts *o, const char *rel, char *why) {
  char path[4096];
  json_error_t je;
  snprintf(path, sizeof path, "%s/%s", o->dir, rel);
  json_t *v = json_load_file(path, JSON_DECODE_ANY, &je);
  if (!v) fail(why, "%s:%d:%d: %s", rel, je.line, je.column, je.text);
  return v;
}

/* The input's quads into a writer, blank labels as in the file. */
static int read_nquads(const opts *o, const test *t, jld_writer *w, char *why) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", o->dir, t->input);
  rc_graph *g = rc_graph_new();
  int ok = rc_graph_load(g, path, "nquads", "http://example/", NULL, why, WHY) == 0;
  for (size_t i = 0; ok && i < g->n; i++) {
    kg_quad q = g->q[i];
    kg_term *terms[] = {&q.s, &q.p, &q.o, &q.g};
    for (size_t k = 0; k < 4; k++)
      if (terms[k]->kind == KG_TERM_BLANK) {  /* drop the loader's "f1_" */
        const char *u = strchr(terms[k]->value, '_');
        terms[k]->len -= (size_t)(u + 1 - terms[k]->value);
        terms[k]->value = u + 1;
      }
    kg_error err = {0};
    if (jld_writer_add(w, &q, &err) != KG_OK) ok = fail(why, "%s", err.message);
  }
  rc_graph_free(g);
  return ok;
}

static int run_json(const test *t, const opts *o, char *why) {
  char base[2048];
  jld_options jo = options_of(t, o, base, sizeof base);
  json_t *got = NULL, *want = NULL, *in = NULL, *ctx = NULL;
  kg_error err = {0};
  kg_status st = KG_OK;
  int ok = 0;
  if (!strcmp(t->manifest, "fromRdf")) {
    jld_writer *w = jld_writer_new(&jo);
    if (!w || !read_nquads(o, t, w, why)) {
      jld_writer_free(w);
      return 0;
    }
    st = jld_writer_expanded(w, &got, &err);
    jld_writer_free(w);
  } else {
    if (!(in = load_json(o, t->input, why))) return 0;
    if (!strcmp(t->manifest, "expand")) {
      st = jld_expand(in, &jo, &got, &err);
    } else {
      json_t *cdoc = load_json(o, t->context, why);
      if (!cdoc) goto done;
      ctx = json_incref(json_object_get(cdoc, "@context"));
      json_decref(cdoc);
      st = jld_compact(in, ctx, &jo, &got, &err);
    }
  }
  if (!t->positive) ok = check_error(t, st, &err, why);
  else if (st != KG_OK) ok = fail(why, "%s", err.message);
  else if (!(want = load_json(o, t->expect, why))) ok = 0;
  else if (!(ok = same_json(want, got, 0))) {
    fail(why, "output differs");
    show(why, "expected", want);
    show(why, "got     ", got);
  }
done:
  json_decref(in);
  json_decref(ctx);
  json_decref(got);
  json_decref(want);
  return ok;
}

/* ---------------------------------------------------------------- --kgsh */

/* Links every file of the suite's folder `sub` into the context cache
 * under the name kgsh gives its URL (host and path, '/' as '_'). */
static void link_contexts(const opts *o, const char *sub) {
  char dir[PATH_MAX + 64];
  snprintf(dir, sizeof dir, "%s/%s", o->real, sub);
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char from[PATH_MAX + 320], to[600];
    snprintf(from, sizeof from, "%s/%s", dir, e->d_name);
    snprintf(to, sizeof to, "%s/w3c.github.io_json-ld-api_tests_%s_%s", o->ctxdir, sub,
             e->d_name);
    if (symlink(from, to) != 0 && errno != EEXIST) break;
  }
  if (d) closedir(d);
}

static void unlink_contexts(const opts *o) {
  DIR *d = opendir(o->ctxdir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    char p[600];
    snprintf(p, sizeof p, "%s/%s", o->ctxdir, e->d_name);
    if (e->d_name[0] != '.') unlink(p);
  }
  if (d) closedir(d);
  rmdir(o->ctxdir);
}

/* Replaces every `from` in the file with `to`. 0 on success. */
static int map_text(const char *path, const char *from, const char *to) {
  size_t len, nf = strlen(from), nt = strlen(to);
  char *text = rc_slurp(path, &len);
  FILE *f = text ? fopen(path, "wb") : NULL;
  if (!f) {
    free(text);
    return -1;
  }
  for (const char *p = text, *hit; *p; p = hit + nf) {
    hit = strstr(p, from);
    if (!hit) {
      fputs(p, f);
      break;
    }
    fwrite(p, 1, (size_t)(hit - p), f);
    fwrite(to, 1, nt, f);
  }
  free(text);
  return fclose(f);
}

/* Runs kgsh on the test's input, exporting `format` to a new temporary
 * file (*out, caller frees and unlinks). Returns kgsh's exit status. */
static int kgsh_export(const opts *o, const test *t, const char *format, char **out,
                       char **errtext) {
  char input[PATH_MAX + 512], export[PATH_MAX + 64];
  snprintf(input, sizeof input, "%s/%s", o->real, t->input);
  *out = kr_tempfile();
  if (!*out) return -1;
  snprintf(export, sizeof export, ".export %s %s", *out, format);
  kr_argv a = {0};
  const char *args[] = {o->kgsh, "-q", "--bail", "memory:", "--contexts", o->ctxdir,
                        "-l", input, "-e", export};
  for (size_t i = 0; i < sizeof args / sizeof *args; i++) kr_add(&a, args[i]);
  int st = kr_exec(&a, errtext);
  kr_free(&a);
  return st;
}

/* A JSON-LD file's quads (parsed by the library) into g. */
static int jsonld_graph(const char *path, rc_graph *g, char *why) {
  size_t len;
  char *text = rc_slurp(path, &len);
  if (!text) return fail(why, "cannot read %s", path);
  jld_options jo = jld_options_default();
  jo.base = SUITE_URL;
  kg_error err = {0};
  kg_status st = jld_to_quads(text, len, path, &jo, on_quad, g, &err);
  free(text);
  return st == KG_OK ? 1 : fail(why, "%s: %s", path, err.message);
}

static int run_kgsh(const test *t, const opts *o, char *why) {
  int to_rdf = !strcmp(t->manifest, "toRdf");
  char *out = NULL, *errtext = NULL;
  int st = kgsh_export(o, t, to_rdf ? "nquads" : "jsonld-expanded", &out, &errtext);
  rc_graph *got = rc_graph_new(), *want = rc_graph_new();
  char path[PATH_MAX + 512], fileurl[PATH_MAX + 16];
  int ok;
  if (!t->positive) {
    ok = st == 1 && errtext && strstr(errtext, t->error)
             ? 1 : fail(why, "expected \"%s\", kgsh exited with %d: %.300s", t->error, st,
                        errtext ? errtext : "");
  } else if (st != 0) {
    kr_why(why, WHY, st, errtext);
    ok = 0;
  } else if (t->syntax) {
    ok = 1;
  } else if (to_rdf) {
    /* the file's URI as base, mapped back to the suite's URL */
    snprintf(fileurl, sizeof fileurl, "<file://%s/", o->real);
    snprintf(path, sizeof path, "%s/%s", o->real, t->expect);
    ok = map_text(out, fileurl, "<" SUITE_URL) == 0 &&
         rc_graph_load(got, out, "nquads", "http://example/", NULL, why, WHY) == 0 &&
         rc_graph_load(want, path, "nquads", "http://example/", NULL, why, WHY) == 0 &&
         rc_graphs_isomorphic(want, got, why, WHY);
  } else {
    snprintf(path, sizeof path, "%s/%s", o->real, t->expect);
    ok = jsonld_graph(out, got, why) && jsonld_graph(path, want, why) &&
         rc_graphs_isomorphic(want, got, why, WHY);
  }
  if (out) unlink(out);
  free(out);
  free(errtext);
  rc_graph_free(got);
  rc_graph_free(want);
  return ok;
}

/* Why a test is not run, or NULL. */
static const char *skip_reason(const test *t, const opts *o) {
  json_t *op = t->option;
  if (o->kgsh) {
    static const char *const set[] = {"base", "expandContext", "processingMode",
                                      "rdfDirection", "produceGeneralizedRdf",
                                      "useNativeTypes", "useRdfType"};
    for (size_t i = 0; i < sizeof set / sizeof *set; i++)
      if (json_object_get(op, set[i])) return "an option kgsh does not set";
  }
  const char *spec = jstr(json_object_get(op, "specVersion"));
  if (spec && !strcmp(spec, "json-ld-1.0")) return "specVersion json-ld-1.0 only";
  if (json_is_true(json_object_get(op, "produceGeneralizedRdf")) && !strcmp(t->manifest, "toRdf"))
    return "generalized RDF (raptor cannot read the expected N-Quads)";
  return NULL;
}

static verdict run_one(const test *t, const opts *o, char *why) {
  int ok = o->kgsh ? run_kgsh(t, o, why)
           : !strcmp(t->manifest, "toRdf") ? run_to_rdf(t, o, why) : run_json(t, o, why);
  return ok ? R_PASS : R_FAIL;
}

/* In a child process: a crash or a loop fails one test, not the run. */
static verdict run_forked(const test *t, const opts *o, char *why) {
  int fds[2];
  fflush(stdout);
  if (pipe(fds) != 0) return fail(why, "cannot create a pipe"), R_FAIL;
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    alarm(30);
    verdict v = run_one(t, o, why);
    char c = v == R_PASS ? 'P' : 'F';
    if (write(fds[1], &c, 1) != 1 || write(fds[1], why, strlen(why)) < 0) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  char c = 0;
  ssize_t n = pid > 0 ? read(fds[0], &c, 1) : -1;
  size_t len = 0;
  ssize_t k;
  while (n == 1 && len < WHY - 1 && (k = read(fds[0], why + len, WHY - 1 - len)) > 0) len += (size_t)k;
  why[len] = '\0';
  close(fds[0]);
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  if (WIFSIGNALED(status))
    snprintf(why, WHY, "crashed: %s", strsignal(WTERMSIG(status)));
  return c == 'P' ? R_PASS : R_FAIL;
}

/* ---------------------------------------------------------------- main */

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int listed(char **ids, size_t n, const char *id) {
  return bsearch(&id, ids, n, sizeof *ids, cmp_str) != NULL;
}

/* One id a line, '#' comments; sorted. */
static char **read_ids(const char *path, size_t *n) {
  char *text = rc_slurp(path, NULL);
  *n = 0;
  if (!text) return NULL;
  char **ids = calloc(strlen(text) / 2 + 2, sizeof *ids);
  for (char *l = strtok(text, "\r\n"); ids && l; l = strtok(NULL, "\r\n"))
    if (*l && *l != '#') ids[(*n)++] = strdup(l);
  free(text);
  if (ids) qsort(ids, *n, sizeof *ids, cmp_str);
  return ids;
}

static int usage(FILE *f, int rc) {
  fputs("usage: jsonld_tests [options] JSON-LD-API-TESTS-DIR [MANIFEST...]\n"
        "Runs the W3C JSON-LD 1.1 API suite: toRdf, expand, fromRdf, compact.\n"
        "  --list FILE    write the ids of the passing tests to FILE\n"
        "  --expect FILE  fail only when a test listed in FILE fails\n"
        "  --only TEXT    run only tests whose id contains TEXT\n"
        "  --no-fork      run tests in this process (for debuggers)\n"
        "  --kgsh PATH    run toRdf and fromRdf through the kgsh binary\n"
        "  -v             show each test\n", f);
  return rc;
}

int main(int argc, char **argv) {
  opts o = {.fork = 1};
  const char *which[NMAN];
  size_t nwhich = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (!strcmp(a, "--list") && more) o.list = argv[++i];
    else if (!strcmp(a, "--expect") && more) o.expect = argv[++i];
    else if (!strcmp(a, "--only") && more) o.only = argv[++i];
    else if (!strcmp(a, "--no-fork")) o.fork = 0;
    else if (!strcmp(a, "--kgsh") && more) o.kgsh = argv[++i];
    else if (!strcmp(a, "-v")) o.verbose = 1;
    else if (!strcmp(a, "-h") || !strcmp(a, "--help")) return usage(stdout, 0);
    else if (a[0] == '-') return usage(stderr, 2);
    else if (!o.dir) o.dir = a;
    else if (nwhich < NMAN) which[nwhich++] = a;
  }
  if (!o.dir) return usage(stderr, 2);
  if (!realpath(o.dir, o.real)) {
    fprintf(stderr, "jsonld_tests: %s: %s\n", o.dir, strerror(errno));
    return 2;
  }
  if (!nwhich && o.kgsh) which[nwhich++] = "toRdf", which[nwhich++] = "fromRdf";
  if (!nwhich) for (size_t i = 0; i < NMAN; i++) which[nwhich++] = manifests[i];
  if (o.kgsh) {
    snprintf(o.ctxdir, sizeof o.ctxdir, "/tmp/jsonld-contexts.XXXXXX");
    if (!mkdtemp(o.ctxdir)) {
      fprintf(stderr, "jsonld_tests: cannot make a context folder: %s\n", strerror(errno));
      return 2;
    }
    for (size_t m = 0; m < nwhich; m++) link_contexts(&o, which[m]);
  }
  size_t nexp = 0;
  char **expected = o.expect ? read_ids(o.expect, &nexp) : NULL;
  if (o.expect && !expected) {
    fprintf(stderr, "jsonld_tests: cannot read %s\n", o.expect);
    return 2;
  }
  FILE *list = o.list ? fopen(o.list, "w") : NULL;
  if (o.list && !list) {
    fprintf(stderr, "jsonld_tests: cannot write %s: %s\n", o.list, strerror(errno));
    return 2;
  }
  unsigned total_fail = 0, regressions = 0, total_pass = 0;
  char *why = malloc(WHY);
  for (size_t m = 0; m < nwhich; m++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s-manifest.jsonld", o.dir, which[m]);
    json_error_t je;
    json_t *man = json_load_file(path, 0, &je);
    if (!man) {
      fprintf(stderr, "jsonld_tests: %s:%d: %s\n", path, je.line, je.text);
      return 2;
    }
    unsigned pass = 0, nfail = 0, skip = 0;
    json_t *reasons = json_object();
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(man, "sequence"), i, e) {
      test t = {which[m], jstr(json_object_get(e, "@id")),
                jstr(json_object_get(e, "input")), jstr(json_object_get(e, "expect")),
                jstr(json_object_get(e, "context")),
                jstr(json_object_get(e, "expectErrorCode")), json_object_get(e, "option"),
                1, 0};
      char id[512];
      snprintf(id, sizeof id, "%s%s", which[m], t.id ? t.id : "?");
      if (o.only && !strstr(id, o.only)) continue;
      char *types = json_dumps(json_object_get(e, "@type"), JSON_ENCODE_ANY);
      t.positive = !strstr(types, "Negative");
      t.syntax = strstr(types, "PositiveSyntax") != NULL;
      free(types);
      const char *sk = skip_reason(&t, &o);
      verdict v;
      why[0] = '\0';
      if (sk) {
        v = R_SKIP;
        json_t *c = json_object_get(reasons, sk);
        json_object_set_new(reasons, sk, json_integer(json_integer_value(c) + 1));
        skip++;
      } else {
        v = o.fork ? run_forked(&t, &o, why) : run_one(&t, &o, why);
        if (v == R_PASS) pass++;
        else nfail++;
      }
      if (v == R_FAIL) printf("FAIL %s: %s\n", id, why);
      else if (o.verbose) printf("%s %s%s%s\n", v == R_PASS ? "PASS" : "SKIP", id, sk ? ": " : "", sk ? sk : "");
      if (v == R_PASS && list) fprintf(list, "%s\n", id);
      if (v != R_PASS && expected && listed(expected, nexp, id)) {
        printf("REGRESSION %s\n", id);
        regressions++;
      }
    }
    printf("%s: %u passed, %u failed, %u skipped", which[m], pass, nfail, skip);
    const char *k;
    json_t *c;
    json_object_foreach(reasons, k, c) printf("; %s %lld", k, (long long)json_integer_value(c));
    putchar('\n');
    fflush(stdout);
    total_pass += pass;
    total_fail += nfail;
    json_decref(reasons);
    json_decref(man);
  }
  free(why);
  if (o.kgsh) unlink_contexts(&o);
  if (list) fclose(list);
  for (size_t i = 0; i < nexp; i++) free(expected[i]);
  free(expected);
  rc_world_free();
  printf("%u passed, %u failed\n", total_pass, total_fail);
  if (o.expect) {
    if (regressions) printf("%u regressions against %s\n", regressions, o.expect);
    return regressions ? 1 : 0;
  }
  return total_fail ? 1 : 0;
}
