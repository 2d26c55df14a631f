/* run.c - assembling statements from lines, running them, and reporting
 * errors with the place marked. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "shell.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ messages */

void errorf(shell *sh, const char *fmt, ...) {
  (void)sh;
  va_list ap;
  va_start(ap, fmt);
  fputs("Error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void infof(shell *sh, const char *fmt, ...) {
  if (sh->quiet) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(sh->interactive ? stdout : stderr, fmt, ap);
  fputc('\n', sh->interactive ? stdout : stderr);
  va_end(ap);
}

/* The n-th line (1-based) of text: start and length. */
static const char *nth_line(const char *text, long n, size_t *len) {
  const char *p = text;
  for (long i = 1; i < n && p; i++) {
    p = strchr(p, '\n');
    if (p) p++;
  }
  if (!p) return NULL;
  *len = strcspn(p, "\n");
  return p;
}

void report(shell *sh, const kg_error *err, const char *stmt, long line0) {
  (void)sh;
  const char *where = err->file[0] && strcmp(err->file, "<query>")
                          ? err->file : NULL;
  if (err->line && stmt && (!where || !strcmp(err->file, "<query>"))) {
    long line = err->line + (line0 > 0 ? line0 - 1 : 0);
    fprintf(stderr, "Error: %s at line %ld, column %ld: %s\n",
            kg_strerror(err->status), line, err->column, err->message);
    size_t n;
    const char *l = nth_line(stmt, err->line, &n);
    if (l) {
      /* the line, then a caret under the column (counted in characters;
       * wide characters take two cells) */
      fprintf(stderr, "  %5ld | %.*s\n        | ", line, (int)n, l);
      size_t bytes = 0;
      for (long c = 1; c < err->column && bytes < n; c++) {
        size_t k = 1;
        while (bytes + k < n && ((unsigned char)l[bytes + k] & 0xC0) == 0x80)
          k++;
        size_t w = text_width(l + bytes, k);
        for (size_t i = 0; i < w; i++) fputc(l[bytes] == '\t' ? '\t' : ' ', stderr);
        bytes += k;
      }
      fputs("^\n", stderr);
    }
    return;
  }
  if (where && err->line)
    fprintf(stderr, "Error: %s:%ld:%ld: %s\n", where, err->line, err->column,
            err->message);
  else if (where)
    fprintf(stderr, "Error: %s: %s\n", where, err->message);
  else
    fprintf(stderr, "Error: %s\n",
            err->message[0] ? err->message : kg_strerror(err->status));
}

/* ------------------------------------------------------------ running */

static int run_sparql(shell *sh, const char *text, long line0) {
  if (!sh->st) {
    errorf(sh, "no store is open (use .open STORE)");
    return 1;
  }
  kg_query_options o = {NULL, 1, 0};
  kg_error err;
  kg_result *r = NULL;
  signals_store(sh->st);
  double t0 = now();
  kg_status s = kg_query(sh->st, text, &o, &r, &err);
  if (s != KG_OK) {
    report(sh, &err, text, line0);
    return 1;
  }
  int rc = render_result(sh, r, now() - t0);
  kg_result_free(r);
  return rc;
}

int run_statement(shell *sh, const char *stmt, const char *name, long line) {
  (void)name;
  const char *p = stmt;
  while (isspace((unsigned char)*p)) p++;
  if (!*p) return 0;
  double t0 = now();
  int rc = *p == '.' ? command_run(sh, p) : run_sparql(sh, stmt, line);
  if (sh->timer && *p == '.')
    fprintf(stderr, "Run time: %.3f ms\n", (now() - t0) * 1000);
  if (rc) sh->failed++;
  signals_taken();
  return rc;
}

/* ----------------------------------------------------------- assembly */

static int blank(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r') s++;
  return !*s || *s == '#';
}

int feed_pending(const assembler *a) { return a->text.len > 0; }

/* 1 if the text is only PREFIX/BASE declarations and comments: a blank
 * line after them does not end the statement. */
static int only_prologue(const char *t) {
  const char *p = t;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p == '#') {
      p += strcspn(p, "\n");
      continue;
    }
    if (!*p) return 1;
    int base = !strncasecmp(p, "BASE", 4);
    if (!base && strncasecmp(p, "PREFIX", 6)) return 0;
    p += base ? 4 : 6;
    /* skip the name and the <IRI> */
    const char *gt = strchr(p, '>');
    if (!gt) return 1;
    p = gt + 1;
  }
}

void assembler_free(assembler *a) {
  buf_free(&a->text);
  scan_reset(&a->scan);
}

/* Runs the assembled statement, without a final ';'. */
static int flush(shell *sh, assembler *a, const char *name) {
  if (!a->text.len) return 0;
  char *t = a->text.data;
  size_t n = a->text.len;
  while (n && isspace((unsigned char)t[n - 1])) n--;
  if (n && t[n - 1] == ';') n--;
  t[n] = '\0';
  int rc = run_statement(sh, t, name, a->first);
  buf_clear(&a->text);
  scan_reset(&a->scan);
  if (sh->quit) return -1;
  return rc && sh->bail ? -1 : 0;
}

int feed_line(shell *sh, assembler *a, const char *line, const char *name) {
  a->line++;
  size_t n = strlen(line);
  if (n && line[n - 1] == '\r') n--;
  if (!a->text.len) {
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '.') {
      char *cmd = strndup(p, n - (size_t)(p - line));
      if (!cmd) return -1;
      int rc = run_statement(sh, cmd, name, a->line);
      free(cmd);
      if (sh->quit) return -1;
      return rc && sh->bail ? -1 : 0;
    }
    if (blank(line)) return 0;
    a->first = a->line;
  } else if (blank(line) && scan_balanced(&a->scan) &&
             !only_prologue(a->text.data)) {
    return flush(sh, a, name);
  }
  buf_append(&a->text, line, n);
  buf_putc(&a->text, '\n');
  scan_line(&a->scan, line, n);
  if (scan_balanced(&a->scan) && a->scan.last == ';') return flush(sh, a, name);
  return 0;
}

int feed_end(shell *sh, assembler *a, const char *name) {
  int rc = flush(sh, a, name);
  assembler_free(a);
  return rc;
}

int run_text(shell *sh, const char *text, const char *name) {
  assembler a = {0};
  const char *p = text;
  int rc = 0;
  while (*p && rc == 0) {
    size_t n = strcspn(p, "\n");
    char *line = strndup(p, n);
    if (!line) return -1;
    rc = feed_line(sh, &a, line, name);
    free(line);
    p += n;
    if (*p == '\n') p++;
  }
  if (rc == 0) rc = feed_end(sh, &a, name);
  else assembler_free(&a);
  return rc;
}

int run_file(shell *sh, FILE *in, const char *name) {
  assembler a = {0};
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int rc = 0;
  while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
    if (n && line[n - 1] == '\n') line[n - 1] = '\0';
    rc = feed_line(sh, &a, line, name);
  }
  free(line);
  if (rc == 0) rc = feed_end(sh, &a, name);
  else assembler_free(&a);
  return rc;
}
