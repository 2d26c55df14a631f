/* run.c - assembling statements from lines and running them (dot-commands
 * through commands.c, SPARQL through kg_query and render.c). */
#include <ctype.h>
#include <errno.h>
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
  if (a->scan.last == ';' && a->last_off < n && t[a->last_off] == ';') {
    /* the ';' that ended it, perhaps with a comment after it */
    n = a->last_off;
  } else {
    while (n && isspace((unsigned char)t[n - 1])) n--;
    if (n && t[n - 1] == ';') n--;
  }
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
  } else if (scan_balanced(&a->scan) && !only_prologue(a->text.data)) {
    /* a dot-command after a complete statement (no SPARQL line outside
     * brackets starts with '.' and a letter): run both, in order */
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (p[0] == '.' && isalpha((unsigned char)p[1])) {
      if (flush(sh, a, name) < 0) return -1;
      a->line--;
      return feed_line(sh, a, line, name);
    }
  }
  size_t base = a->text.len;
  buf_append(&a->text, line, n);
  buf_putc(&a->text, '\n');
  scan_line(&a->scan, line, n);
  if (a->scan.last_pos >= 0) a->last_off = base + (size_t)a->scan.last_pos;
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
  errno = 0;
  while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
    if (n && line[n - 1] == '\n') line[n - 1] = '\0';
    rc = feed_line(sh, &a, line, name);
    errno = 0;
  }
  free(line);
  if (rc == 0 && ferror(in)) {
    /* a directory, an I/O error: not the same as the end of the file */
    errorf(sh, "cannot read %s: %s", name, strerror(errno ? errno : EIO));
    sh->failed++;
    assembler_free(&a);
    return sh->bail ? -1 : 0;
  }
  if (rc == 0) rc = feed_end(sh, &a, name);
  else assembler_free(&a);
  return rc;
}
