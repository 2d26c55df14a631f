/* kgshrun.h - the conformance runner's --kgsh mode: a test run through the
 * kgsh binary as a user runs a saved query, with the suite's files as they
 * are: `kgsh -q --bail memory: -e '.union off' -l DATA [-g NAME -l FILE]...
 * -f QUERY -F FORMAT -o OUT`. The output is read back and compared as the
 * linked runner compares the engine's results. */
#ifndef KGSHRUN_H
#define KGSHRUN_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "manifest.h"
#include "rdfcompare.h"
#include "results/results_read.h"

enum { KR_ARGS = 256 };

/* argv under construction; strings it owns are freed by kr_free. */
typedef struct kr_argv {
  const char *v[KR_ARGS + 1];
  char *own[KR_ARGS];
  size_t n, nown;
} kr_argv;

static inline void kr_add(kr_argv *a, const char *s) {
  if (a->n < KR_ARGS) a->v[a->n++] = s;
}

static inline void kr_add_own(kr_argv *a, char *s) {
  if (!s) return;
  if (a->nown < KR_ARGS) a->own[a->nown++] = s;
  kr_add(a, s);
}

static inline void kr_free(kr_argv *a) {
  for (size_t i = 0; i < a->nown; i++) free(a->own[i]);
  a->n = a->nown = 0;
}

/* The command that opens the test's dataset: an empty memory: store whose
 * default graph is only the unnamed one, the data files, then each named
 * graph's file (-g applies to the -l files after it). */
static inline int kr_dataset(kr_argv *a, const char *kgsh, const mt_test *t) {
  kr_add(a, kgsh);
  kr_add(a, "-q");
  kr_add(a, "--bail");
  kr_add(a, "memory:");
  kr_add(a, "-e");
  kr_add(a, ".union off");
  for (size_t i = 0; i < t->ndata; i++) {
    char *p = rc_uri_to_path(t->data[i]);
    if (!p) return 0;
    kr_add(a, "-l");
    kr_add_own(a, p);
  }
  for (size_t i = 0; i < t->ngraphs; i++) {
    char *p = rc_uri_to_path(t->graphs[i].file);
    if (!p) return 0;
    kr_add(a, "-g");
    kr_add(a, t->graphs[i].name);
    kr_add(a, "-l");
    kr_add_own(a, p);
  }
  return 1;
}

/* Runs argv with stdout and stderr into files; returns the exit status
 * (-1 when it could not run, 128 + N when killed by signal N). *errtext
 * is the start of its stderr (new, caller frees). */
static inline int kr_exec(kr_argv *a, char **errtext) {
  char errpath[] = "/tmp/kgshrun-err.XXXXXX";
  int efd = mkstemp(errpath);
  *errtext = NULL;
  if (efd < 0) return -1;
  unlink(errpath);
  a->v[a->n] = NULL;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int nul = open("/dev/null", O_RDWR);
    if (nul >= 0) {
      dup2(nul, 0);
      dup2(nul, 1);
    }
    dup2(efd, 2);
    execv(a->v[0], (char *const *)a->v);
    _exit(127);
  }
  int status = -1;
  if (pid > 0)
    while (waitpid(pid, &status, 0) < 0) {}
  char buf[1024];
  ssize_t k = pread(efd, buf, sizeof buf - 1, 0);
  close(efd);
  buf[k > 0 ? k : 0] = '\0';
  *errtext = strdup(buf);
  if (pid < 0) return -1;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

/* The first line of a failed run's stderr, as the reason. */
static inline void kr_why(char *why, size_t n, int status, const char *errtext) {
  const char *e = errtext && *errtext ? errtext : "no message";
  size_t len = strcspn(e, "\n");
  snprintf(why, n, "kgsh exited with %d: %.*s", status, (int)len, e);
}

/* A temporary file for kgsh's output; returns its path (new) or NULL. */
static inline char *kr_tempfile(void) {
  char path[] = "/tmp/kgshrun-out.XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return NULL;
  close(fd);
  return strdup(path);
}

/* --kgsh: the query file run by the binary; its output read back as a
 * table (JSON results, or CSV for CSV tests) or a graph (N-Quads). */
static inline int kr_query(const char *kgsh, const mt_test *t, int graph, sp_table **got_t,
                      rc_graph **got_g, char *why, size_t n) {
  kr_argv a = {0};
  char *out = kr_tempfile(), *errtext = NULL, *data = NULL;
  const char *fmt = graph ? "nquads" : t->kind == MT_CSV_RESULT ? "csv" : "json";
  int ok = 0;
  if (!out || !kr_dataset(&a, kgsh, t)) {
    snprintf(why, n, "cannot set up the kgsh command");
    goto done;
  }
  kr_add(&a, "-f");
  kr_add_own(&a, rc_uri_to_path(t->query));
  kr_add(&a, "-F");
  kr_add(&a, fmt);
  kr_add(&a, "-o");
  kr_add(&a, out);
  int status = kr_exec(&a, &errtext);
  if (status != 0) {
    kr_why(why, n, status, errtext);
    goto done;
  }
  if (graph) {
    *got_g = rc_graph_new();
    ok = *got_g && rc_graph_load(*got_g, out, "nquads", NULL, NULL, why, n) == 0;
    goto done;
  }
  size_t len;
  kg_error err = {0};
  if (!(data = rc_slurp(out, &len))) snprintf(why, n, "kgsh wrote no output");
  else if (sp_table_parse(data, len, fmt, got_t, &err) != KG_OK)
    snprintf(why, n, "cannot read kgsh's output: %s", err.message);
  else ok = 1;
done:
  if (out) unlink(out);
  free(out);
  free(errtext);
  free(data);
  kr_free(&a);
  return ok;
}

/* --kgsh: the update file run by the binary, then the whole store
 * exported as N-Quads and read back. */
static inline rc_graph *kr_update(const char *kgsh, const mt_test *t, char *why, size_t n) {
  kr_argv a = {0};
  char *out = kr_tempfile(), *errtext = NULL, export[4200];
  rc_graph *g = NULL;
  if (!out || !kr_dataset(&a, kgsh, t)) {
    snprintf(why, n, "cannot set up the kgsh command");
    goto done;
  }
  snprintf(export, sizeof export, ".export %s nquads", out);
  kr_add(&a, "-f");
  kr_add_own(&a, rc_uri_to_path(t->query));
  kr_add(&a, "-e");
  kr_add(&a, export);
  int status = kr_exec(&a, &errtext);
  if (status != 0) {
    kr_why(why, n, status, errtext);
    goto done;
  }
  g = rc_graph_new();
  if (g && rc_graph_load(g, out, "nquads", NULL, NULL, why, n) != 0) {
    rc_graph_free(g);
    g = NULL;
  }
done:
  if (out) unlink(out);
  free(out);
  free(errtext);
  kr_free(&a);
  return g;
}

/* --kgsh: the file run by the binary on an empty store. It is rejected
 * when kgsh reports a syntax error; any other outcome (success, or a
 * failure while running, such as a LOAD that cannot reach its URL) means
 * the text was accepted. */
static inline int kr_syntax(const char *kgsh, const mt_test *t, int positive, char *why,
                       size_t n) {
  kr_argv a = {0};
  char *errtext = NULL;
  kr_add(&a, kgsh);
  kr_add(&a, "-q");
  kr_add(&a, "--bail");
  kr_add(&a, "memory:");
  kr_add(&a, "-f");
  kr_add_own(&a, rc_uri_to_path(t->query));
  int status = kr_exec(&a, &errtext);
  int rejected = status != 0 && (status != 1 || strstr(errtext ? errtext : "", "syntax error"));
  int ok = positive ? !rejected : rejected;
  if (!ok && positive) kr_why(why, n, status, errtext);
  else if (!ok) snprintf(why, n, "accepted, but the test expects a syntax error");
  free(errtext);
  kr_free(&a);
  return ok;
}

#endif /* KGSHRUN_H */
