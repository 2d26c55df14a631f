/* kgbench.c - the kgsh side of `make bench`: libkg measured in-process.
 *
 *   kgbench load DIR FILE...
 *       Creates the directory store DIR (which must not exist), loads the
 *       files with kg_load and closes the store (the close checkpoints, so
 *       it is part of the time). Prints `key value` lines: triples, added,
 *       load_s (kg_load calls), close_s, total_s (open + load + close),
 *       triples_per_s (triples / total_s) and peak_rss_kb (getrusage).
 *
 *   kgbench query DIR QUERY.rq REPEAT [CAP_S]
 *       Opens the store once (read-only), runs the query REPEAT times and
 *       reads every row (every value of every column) or every statement.
 *       Prints open_ms, one `run I MS rows N` line a run, then median_ms
 *       (the median of the warm runs 2..REPEAT; of run 1 when REPEAT is 1),
 *       rows and peak_rss_kb. With CAP_S, a run still going after CAP_S
 *       seconds is stopped with kg_store_interrupt() and reported as
 *       `timeout CAP_S`; no further run is made.
 *       KGBENCH_DUMP=FILE runs the query once more, untimed, and writes its
 *       rows to FILE, one a
 *       line: the bound variables as NAME=VALUE (VALUE in N-Triples form)
 *       sorted by name and separated by tabs, or a statement as an
 *       N-Triples line (for comparing answers with other engines).
 *
 *   kgbench spawn REPEAT COMMAND ARG...
 *       Runs COMMAND REPEAT times (stdout to /dev/null) and prints the wall
 *       time of each run from fork to exit, then median_ms over runs
 *       2..REPEAT: the start-up cost of a program as a user sees it.
 *
 *   kgbench commit DIR REPEAT [nosync]
 *       Opens the store DIR writable and makes REPEAT single-statement
 *       commits (INSERT DATA of one new statement through kg_query),
 *       synced unless nosync; prints median_ms over commits 2..REPEAT.
 *
 * Exit status: 0 on success, 1 on a library error (message on stderr),
 * 2 on usage errors, 3 when a query hit the cap.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kg.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return ru.ru_maxrss;
}

static int fail(const char *what, const kg_error *e) {
  fprintf(stderr, "kgbench: %s: %s%s%s\n", what, kg_strerror(e->status),
          e->message[0] ? ": " : "", e->message);
  return 1;
}

/* ---------------------------------------------------------------- load */

static int cmd_load(const char *dir, int nfiles, char **files) {
  struct stat sb;
  kg_error e;
  kg_error_clear(&e);
  if (stat(dir, &sb) == 0) {
    fprintf(stderr, "kgbench: %s exists; load wants a fresh store\n", dir);
    return 2;
  }
  double t0 = now();
  kg_store *st = NULL;
  if (kg_store_open(dir, KG_OPEN_CREATE, &st, &e) != KG_OK)
    return fail(dir, &e);
  double t1 = now();
  unsigned long long triples = 0, added = 0;
  for (int i = 0; i < nfiles; i++) {
    kg_load_stats ls;
    memset(&ls, 0, sizeof ls);
    if (kg_load(st, files[i], NULL, &ls, &e) != KG_OK) {
      int rc = fail(files[i], &e);
      kg_store_close(st);
      return rc;
    }
    triples += ls.triples;
    added += ls.added;
  }
  double t2 = now();
  kg_store_close(st);
  double t3 = now();
  printf("triples %llu\n", triples);
  printf("added %llu\n", added);
  printf("open_s %.3f\n", t1 - t0);
  printf("load_s %.3f\n", t2 - t1);
  printf("close_s %.3f\n", t3 - t2);
  printf("total_s %.3f\n", t3 - t0);
  printf("triples_per_s %.0f\n", (double)triples / (t3 - t0));
  printf("peak_rss_kb %ld\n", peak_rss_kb());
  return 0;
}

/* --------------------------------------------------------------- query */

static kg_store *volatile running;
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig) {
  (void)sig;
  timed_out = 1;
  if (running) kg_store_interrupt(running);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    free(buf);
    return NULL;
  }
  buf[len] = '\0';
  return buf;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of the warm runs ms[1..n) (of ms[0] when n is 1); sorts. */
static double warm_median(double *ms, int n) {
  double *warm = n > 1 ? ms + 1 : ms;
  int nw = n > 1 ? n - 1 : n;
  qsort(warm, (size_t)nw, sizeof *warm, cmp_double);
  return nw % 2 ? warm[nw / 2] : (warm[nw / 2 - 1] + warm[nw / 2]) / 2;
}

/* Writes one term in N-Triples form. */
static int dump_term(FILE *out, const kg_term *t) {
  if (!t || t->kind == KG_TERM_NONE) return 0;
  char *s = kg_term_to_nt(t);
  if (!s) return -1;
  fputs(s, out);
  free(s);
  return 0;
}

/* Runs the query once, reading everything. Returns rows, or -1 on error
 * (message printed), or -2 when interrupted by the cap. */
static long long run_once(kg_store *st, const char *q, FILE *dump) {
  kg_error e;
  kg_error_clear(&e);
  kg_result *r = NULL;
  if (kg_query(st, q, NULL, &r, &e) != KG_OK) {
    if (e.status == KG_ERR_CANCELLED && timed_out) return -2;
    fail("query", &e);
    return -1;
  }
  long long rows = 0;
  size_t sum = 0; /* touches every value so nothing is skipped */
  kg_result_type kind = kg_result_kind(r);
  if (kind == KG_RESULT_BOOLEAN) {
    rows = 1;
    if (dump) fprintf(dump, "%s\n", kg_result_boolean(r) ? "true" : "false");
  } else {
    size_t ncol = kind == KG_RESULT_BINDINGS ? kg_result_columns(r) : 0;
    size_t *order = NULL; /* columns sorted by name, for the dump */
    if (dump && ncol) {
      order = malloc(ncol * sizeof *order);
      if (!order) {
        kg_result_free(r);
        fprintf(stderr, "kgbench: out of memory\n");
        return -1;
      }
      for (size_t c = 0; c < ncol; c++) order[c] = c;
      for (size_t a = 1; a < ncol; a++) /* insertion sort: few columns */
        for (size_t b = a; b > 0 && strcmp(kg_result_column(r, order[b - 1]),
                                           kg_result_column(r, order[b])) > 0;
             b--) {
          size_t x = order[b];
          order[b] = order[b - 1];
          order[b - 1] = x;
        }
    }
    int rc;
    while ((rc = kg_result_next(r, &e)) == 1) {
      rows++;
      if (kind == KG_RESULT_BINDINGS) {
        int first = 1;
        for (size_t c = 0; c < ncol; c++) {
          const kg_term *t = kg_result_value(r, order ? order[c] : c);
          if (!t || t->kind == KG_TERM_NONE) continue;
          sum += t->len;
          if (dump) {
            if (!first) fputc('\t', dump);
            first = 0;
            fprintf(dump, "%s=", kg_result_column(r, order[c]));
            dump_term(dump, t);
          }
        }
      } else {
        const kg_quad *qd = kg_result_quad(r);
        if (qd) sum += qd->s.len + qd->p.len + qd->o.len;
        if (dump && qd) {
          dump_term(dump, &qd->s);
          fputc(' ', dump);
          dump_term(dump, &qd->p);
          fputc(' ', dump);
          dump_term(dump, &qd->o);
          fputs(" .", dump);
        }
      }
      if (dump) fputc('\n', dump);
    }
    free(order);
    if (rc < 0) {
      kg_result_free(r);
      if (e.status == KG_ERR_CANCELLED && timed_out) return -2;
      fail("query", &e);
      return -1;
    }
  }
  kg_result_free(r);
  if (sum == (size_t)-1) fputc('\0', stderr); /* keeps `sum` alive */
  return rows;
}

static int cmd_query(const char *dir, const char *path, int repeat,
                     double cap) {
  char *q = slurp(path);
  if (!q) {
    fprintf(stderr, "kgbench: %s: %s\n", path, strerror(errno));
    return 1;
  }
  kg_error e;
  kg_error_clear(&e);
  double t0 = now();
  kg_store *st = NULL;
  if (kg_store_open(dir, KG_OPEN_READONLY, &st, &e) != KG_OK) {
    free(q);
    return fail(dir, &e);
  }
  printf("open_ms %.3f\n", (now() - t0) * 1000.0);

  if (cap > 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
  }
  const char *dump_path = getenv("KGBENCH_DUMP");
  double *ms = calloc((size_t)repeat, sizeof *ms);
  long long rows = 0;
  int done = 0, status = 0;
  for (int i = 0; ms && i < repeat; i++) {
    running = st;
    timed_out = 0;
    if (cap > 0) {
      struct itimerval it;
      memset(&it, 0, sizeof it);
      it.it_value.tv_sec = (time_t)cap;
      it.it_value.tv_usec = (suseconds_t)((cap - (double)(time_t)cap) * 1e6);
      setitimer(ITIMER_REAL, &it, NULL);
    }
    double a = now();
    long long n = run_once(st, q, NULL);
    double b = now();
    if (cap > 0) {
      struct itimerval off;
      memset(&off, 0, sizeof off);
      setitimer(ITIMER_REAL, &off, NULL);
    }
    running = NULL;
    if (n == -2) {
      printf("timeout %g\n", cap);
      status = 3;
      break;
    }
    if (n < 0) {
      status = 1;
      break;
    }
    if (done > 0 && n != rows) {
      fprintf(stderr, "kgbench: run %d gave %lld rows, run 1 gave %lld\n",
              i + 1, n, rows);
      status = 1;
    }
    rows = n;
    ms[done++] = (b - a) * 1000.0;
    printf("run %d %.3f ms rows %lld\n", i + 1, ms[done - 1], n);
    fflush(stdout);
  }
  if (status == 0 && dump_path && *dump_path) { /* one more, untimed */
    FILE *dump = fopen(dump_path, "w");
    if (!dump) {
      fprintf(stderr, "kgbench: %s: %s\n", dump_path, strerror(errno));
      status = 1;
    } else {
      if (run_once(st, q, dump) < 0) status = 1;
      if (fclose(dump) != 0) status = 1;
    }
  }
  if (status == 0 && done > 0) {
    printf("median_ms %.3f\n", warm_median(ms, done));
    printf("rows %lld\n", rows);
  }
  printf("peak_rss_kb %ld\n", peak_rss_kb());
  free(ms);
  free(q);
  kg_store_close(st);
  return status;
}

/* --------------------------------------------------------------- spawn */

static int cmd_spawn(int repeat, char **argv) {
  double *ms = calloc((size_t)repeat, sizeof *ms);
  if (!ms) return 1;
  for (int i = 0; i < repeat; i++) {
    double a = now();
    pid_t pid = fork();
    if (pid < 0) {
      perror("kgbench: fork");
      free(ms);
      return 1;
    }
    if (pid == 0) {
      int fd = open("/dev/null", O_WRONLY);
      if (fd >= 0) dup2(fd, 1);
      execvp(argv[0], argv);
      _exit(127);
    }
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
    }
    double b = now();
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
      fprintf(stderr, "kgbench: %s failed (status %d)\n", argv[0],
              WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
      free(ms);
      return 1;
    }
    ms[i] = (b - a) * 1000.0;
    printf("run %d %.3f ms\n", i + 1, ms[i]);
  }
  printf("median_ms %.3f\n", warm_median(ms, repeat));
  free(ms);
  return 0;
}

/* -------------------------------------------------------------- commit */

/* REPEAT single-statement commits (an INSERT DATA of one new statement
 * each, a transaction of its own), synced unless `nosync`. */
static int cmd_commit(const char *dir, int repeat, int nosync) {
  kg_error e;
  kg_store *st = NULL;
  if (kg_store_open(dir, 0, &st, &e) != KG_OK) return fail(dir, &e);
  kg_store_set_durable(st, !nosync);
  double *ms = calloc((size_t)repeat, sizeof *ms);
  int status = ms ? 0 : 1;
  long salt = (long)getpid();
  for (int i = 0; status == 0 && i < repeat; i++) {
    char q[256];
    snprintf(q, sizeof q,
             "INSERT DATA { <http://bench.example/c%ld-%d> "
             "<http://bench.example/p> %d }",
             salt, i, i);
    kg_result *r = NULL;
    double a = now();
    if (kg_query(st, q, NULL, &r, &e) != KG_OK) status = fail("commit", &e);
    double b = now();
    kg_result_free(r);
    ms[i] = (b - a) * 1000.0;
  }
  if (status == 0) printf("median_ms %.3f\n", warm_median(ms, repeat));
  free(ms);
  kg_store_close(st);
  return status;
}

/* ---------------------------------------------------------------- main */

static int usage(void) {
  fprintf(stderr, "usage: kgbench load DIR FILE...\n"
                  "       kgbench query DIR QUERY.rq REPEAT [CAP_S]\n"
                  "       kgbench spawn REPEAT COMMAND ARG...\n"
                  "       kgbench commit DIR REPEAT [nosync]\n");
  return 2;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc >= 4 && strcmp(argv[1], "load") == 0)
    return cmd_load(argv[2], argc - 3, argv + 3);
  if ((argc == 5 || argc == 6) && strcmp(argv[1], "query") == 0) {
    int repeat = atoi(argv[4]);
    double cap = argc == 6 ? atof(argv[5]) : 0;
    if (repeat < 1) return usage();
    return cmd_query(argv[2], argv[3], repeat, cap);
  }
  if ((argc == 4 || argc == 5) && strcmp(argv[1], "commit") == 0) {
    int repeat = atoi(argv[3]);
    if (repeat < 1 || (argc == 5 && strcmp(argv[4], "nosync"))) return usage();
    return cmd_commit(argv[2], repeat, argc == 5);
  }
  if (argc >= 4 && strcmp(argv[1], "spawn") == 0) {
    int repeat = atoi(argv[2]);
    if (repeat < 1) return usage();
    return cmd_spawn(repeat, argv + 3);
  }
  return usage();
}
