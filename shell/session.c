/* session.c - the session's store: opening it (replacing the one open)
 * and loading files into it, for the command line and the dot-commands. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shell.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int shell_need_store(shell *sh) {
  if (sh->st) return 0;
  errorf(sh, "no store is open (use .open STORE)");
  return 1;
}

/* 1 if two specs name the same persistent store (a directory or file). */
static int same_store(const char *a, const char *b) {
  if (!strcmp(a, "memory:") || !strcmp(b, "memory:")) return 0;
  if (!strcmp(a, b)) return 1;
  char ra[PATH_MAX], rb[PATH_MAX];
  return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

int shell_open(shell *sh, const char *spec, int readonly) {
  kg_store *st = NULL;
  kg_error err;
  unsigned flags = readonly ? KG_OPEN_READONLY : KG_OPEN_CREATE;
  if (sh->private_store) flags |= KG_OPEN_PRIVATE;
  if (sh->redland_copy && !readonly) flags |= KG_OPEN_REDLAND;
  /* the store already open (say, again read-only): close it first, or
   * its own lock would refuse it as "in use by another process" */
  if (sh->st && sh->spec && same_store(spec, sh->spec)) {
    signals_store(NULL);
    kg_store_close(sh->st);
    sh->st = NULL;
  }
  if (kg_store_open(spec, flags, &st, &err) != KG_OK) {
    report(sh, &err, NULL, 0);
    return 1;
  }
  if (sh->busy_ms >= 0) kg_store_set_busy_timeout(st, sh->busy_ms);
  /* what opening changed on disk (a conversion) is said even with -q */
  char *note = kg_store_notice(st);
  if (note) fprintf(stderr, "Note: %s\n", note);
  free(note);
  signals_store(NULL);
  kg_store_close(sh->st);
  sh->st = st;
  free(sh->spec);
  sh->spec = strdup(spec);
  sh->readonly = readonly;
  return 0;
}

enum { PROGRESS_AFTER = 2 }; /* seconds: a quick load shows no line */

/* A load's progress line on stderr. */
typedef struct load_view {
  double t0, last;
  int shown;
} load_view;

static void eta_text(char *buf, size_t n, double s) {
  if (s >= 3600) snprintf(buf, n, "%d h %02d min", (int)(s / 3600), (int)s % 3600 / 60);
  else if (s >= 60) snprintf(buf, n, "%d min %02d s", (int)(s / 60), (int)s % 60);
  else snprintf(buf, n, "%d s", (int)s + 1);
}

/* Statements, rate and, when the input's size is known, the share read
 * and the time left; redrawn at most 5 times a second. */
static int progress(void *data, const kg_load_progress *p) {
  load_view *v = data;
  double t = now(), dt = t - v->t0;
  if (dt < PROGRESS_AFTER || (!p->done && t - v->last < 0.2)) return 0;
  v->last = t;
  char line[200];
  int n = snprintf(line, sizeof line, "  %llu statements, %.0f a second",
                   p->triples, (double)p->triples / dt);
  if (p->done) {
    snprintf(line + n, sizeof line - (size_t)n,
             "; read, now writing the index");
  } else if (p->total && p->bytes) {
    char eta[32];
    eta_text(eta, sizeof eta,
             dt * (double)(p->total - p->bytes) / (double)p->bytes);
    snprintf(line + n, sizeof line - (size_t)n, ", %.0f%% of %.1f MB, %s left",
             100.0 * (double)p->bytes / (double)p->total,
             (double)p->total / 1e6, eta);
  } else {
    snprintf(line + n, sizeof line - (size_t)n, ", %.1f MB read",
             (double)p->bytes / 1e6);
  }
  fprintf(stderr, "\r%s\033[K", line);
  fflush(stderr);
  v->shown = 1;
  return 0;
}

int shell_load(shell *sh, const char *file, const char *graph) {
  if (shell_need_store(sh)) return 1;
  load_view view = {.t0 = now()};
  /* the user's own file: errors may quote its text */
  kg_load_options o = {.graph = graph, .progress_data = &view,
                       .show_content = 1, .context_dir = sh->context_dir,
                       .allow_remote_contexts = sh->remote_contexts};
  /* a terminal that sees messages, in a session or a batch run */
  if (!sh->quiet && isatty(STDERR_FILENO)) o.progress = progress;
  kg_load_stats ls;
  kg_error err;
  signals_store(sh->st);
  kg_status s = kg_load(sh->st, file, &o, &ls, &err);
  /* clear the progress line before the next message */
  if (view.shown) fputs("\r\033[K", stderr);
  if (s != KG_OK) {
    report(sh, &err, NULL, 0);
    return 1;
  }
  infof(sh, "loaded %llu statements (%llu new) from %s in %.2f s", ls.triples,
        ls.added, file, now() - view.t0);
  return 0;
}
