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

kg_query_options shell_query_options(const shell *sh) {
  /* FROM <doc.ttl> reads the document when the store has no such graph */
  kg_query_options o = {.declare_prefixes = 1, .read_documents = KG_READ_WEB,
                        .base_uri = sh->base ? sh->base : sh->file_base,
                        .timeout_ms = sh->timeout_ms,
                        .max_memory_mb = sh->max_memory_mb,
                        .context_dir = sh->context_dir,
                        .allow_remote_contexts = sh->remote_contexts,
                        .deny = sh->deny,
                        .allow_hosts = (const char *const *)sh->allow_hosts};
  return o;
}

static int run_sparql(shell *sh, const char *text, long line0) {
  if (!sh->st) {
    errorf(sh, "no store is open (use .open STORE)");
    return 1;
  }
  kg_query_options o = shell_query_options(sh);
  kg_error err;
  kg_result *r = NULL;
  signals_store(sh->st);
  double t0 = now();
  kg_status s = kg_query(sh->st, text, &o, &r, &err);
  /* what the store has to say (a checkpoint put off by a full disk) */
  char *note = kg_store_notice(sh->st);
  if (note) fprintf(stderr, "Note: %s\n", note);
  free(note);
  if (s != KG_OK) {
    report(sh, &err, text, line0);
    return 1;
  }
  /* a misspelled name, say: the query ran, but likely not as meant */
  for (size_t i = 0; !sh->quiet && i < kg_result_warnings(r); i++)
    fprintf(stderr, "Warning: %s\n", kg_result_warning(r, i));
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

static int blank_n(const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t' || *s == '\r')) s++, n--;
  return !n || *s == '#';
}

int feed_pending(const assembler *a) { return a->text.len > 0; }

/* Runs a dot-command line (n bytes at p). */
static int run_command_line(shell *sh, assembler *a, const char *p, size_t n,
                            const char *name) {
  char *cmd = strndup(p, n);
  if (!cmd) return -1;
  int rc = run_statement(sh, cmd, name, a->line);
  free(cmd);
  if (sh->quit) return -1;
  return rc && sh->bail ? -1 : 0;
}

/* The text after its PREFIX/BASE declarations and comments. */
static const char *skip_prologue(const char *t) {
  const char *p = t;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p == '#') {
      p += strcspn(p, "\n");
      continue;
    }
    if (!*p) return p;
    int base = !strncasecmp(p, "BASE", 4);
    if (!base && strncasecmp(p, "PREFIX", 6)) return p;
    p += base ? 4 : 6;
    /* skip the name and the <IRI> */
    const char *gt = strchr(p, '>');
    if (!gt) return p + strlen(p);
    p = gt + 1;
  }
}

/* 1 if the text is only PREFIX/BASE declarations and comments: a blank
 * line after them does not end the statement. */
static int only_prologue(const char *t) { return !*skip_prologue(t); }

/* 1 if the text is a query (no ';' can continue it), not an update. */
static int is_query(const char *t) {
  static const char *const kw[] = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"};
  const char *p = skip_prologue(t);
  for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
    if (!strncasecmp(p, kw[i], strlen(kw[i]))) return 1;
  return 0;
}

void assembler_free(assembler *a) {
  buf_free(&a->text);
  scan_reset(&a->scan);
}

/* The length of the assembled text without the ';' that ended it. In a
 * script an update keeps it: SPARQL allows one there, and no more. */
static size_t statement_len(const assembler *a) {
  const char *t = a->text.data;
  size_t n = a->text.len;
  if (a->script && !is_query(t)) return n;
  if (a->scan.last == ';' && a->last_off < n && t[a->last_off] == ';')
    return a->last_off; /* perhaps with a comment after it */
  while (n && isspace((unsigned char)t[n - 1])) n--;
  if (n && t[n - 1] == ';') n--;
  return n;
}

/* Runs the assembled statement, without a final ';'. */
static int flush(shell *sh, assembler *a, const char *name) {
  if (!a->text.len) return 0;
  a->text.data[statement_len(a)] = '\0';
  int rc = run_statement(sh, a->text.data, name, a->first);
  buf_clear(&a->text);
  scan_reset(&a->scan);
  a->done_len = 0;
  if (sh->quit) return -1;
  return rc && sh->bail ? -1 : 0;
}

/* ------------------------------------------------------------- scripts */

/* In a file the parser says where a statement ends: blank lines and
 * comments never end one, and an update request runs whole, all its
 * operations (';' between them) in one unit, as SPARQL defines it. */
enum { CHECK_DONE, CHECK_MORE, CHECK_WRONG };

static int check_text(shell *sh, const assembler *a) {
  size_t n = statement_len(a);
  char *t = strndup(a->text.data, n);
  if (!t) return CHECK_WRONG;
  kg_query_options o = {.declare_prefixes = 1};
  kg_error err = {0};
  kg_status s = kg_query_check(sh->st, t, &o, &err);
  free(t);
  return s == KG_OK ? CHECK_DONE : err.at_end ? CHECK_MORE : CHECK_WRONG;
}

static void append_line(assembler *a, const char *line, size_t n) {
  size_t base = a->text.len;
  buf_append(&a->text, line, n);
  buf_putc(&a->text, '\n');
  scan_line(&a->scan, line, n);
  if (a->scan.last_pos >= 0) a->last_off = base + (size_t)a->scan.last_pos;
}

/* After the text changed: records a complete statement, runs one that
 * cannot go on (a query ended by ';'), or, when the new lines cannot
 * continue the complete statement before them, runs that one and keeps
 * the new lines as the start of the next. */
static int script_step(shell *sh, assembler *a, const char *name) {
  if (!scan_balanced(&a->scan)) return 0;
  int c = check_text(sh, a);
  if (c == CHECK_DONE) {
    if (a->scan.last == ';' && is_query(a->text.data)) return flush(sh, a, name);
    /* PREFIXes after a complete update belong to what follows */
    if (!a->done_len || !only_prologue(a->text.data + a->done_len)) {
      a->done_len = a->text.len;
      a->done_line = a->line;
      a->done_semi = a->scan.last == ';';
    }
    return 0;
  }
  /* only PREFIXes after a complete statement: what they belong to
   * decides (a query starts a new statement, an update needed a ';') */
  if (c == CHECK_MORE || (a->done_len && only_prologue(a->text.data + a->done_len)))
    return 0;
  /* an update operation must be separated from the next by ';': without
   * one the request is wrong, as SPARQL says, and the error is reported */
  if (!a->done_len || (!a->done_semi && !is_query(a->text.data) &&
                       !is_query(a->text.data + a->done_len)))
    return flush(sh, a, name);
  char *rest = strdup(a->text.data + a->done_len);
  if (!rest) return -1;
  long first = a->done_line + 1;
  a->text.len = a->done_len;
  a->text.data[a->text.len] = '\0';
  /* the statement as it was when complete, its ';' found again */
  scan_reset(&a->scan);
  a->last_off = 0;
  for (const char *p = a->text.data; *p;) {
    size_t k = strcspn(p, "\n");
    size_t base = (size_t)(p - a->text.data);
    scan_line(&a->scan, p, k);
    if (a->scan.last_pos >= 0) a->last_off = base + (size_t)a->scan.last_pos;
    p += k + (p[k] == '\n');
  }
  int rc = flush(sh, a, name);
  a->first = first;
  for (const char *p = rest; rc == 0 && *p;) {
    size_t k = strcspn(p, "\n");
    if (a->text.len || !blank_n(p, k)) {
      if (!a->text.len) a->first = first;
      append_line(a, p, k);
    }
    first++;
    p += k + (p[k] == '\n');
  }
  free(rest);
  return rc ? rc : script_step(sh, a, name);
}

static int feed_script(shell *sh, assembler *a, const char *line, size_t n,
                       const char *name) {
  const char *p = line;
  while (*p == ' ' || *p == '\t') p++;
  if (!a->text.len) {
    if (*p == '.') return run_command_line(sh, a, p, n - (size_t)(p - line), name);
    if (blank(line)) return 0;
    a->first = a->line;
  } else if (blank(line)) {
    append_line(a, line, n); /* never ends a statement */
    return 0;
  } else if (scan_balanced(&a->scan) && p[0] == '.' && isalpha((unsigned char)p[1])) {
    if (flush(sh, a, name) < 0) return -1;
    return run_command_line(sh, a, p, n - (size_t)(p - line), name);
  }
  append_line(a, line, n);
  return script_step(sh, a, name);
}

int feed_line(shell *sh, assembler *a, const char *line, const char *name) {
  a->line++;
  size_t n = strlen(line);
  if (n && line[n - 1] == '\r') n--;
  if (a->script && sh->st) return feed_script(sh, a, line, n, name);
  if (!a->text.len) {
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '.') return run_command_line(sh, a, p, n - (size_t)(p - line), name);
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
  append_line(a, line, n);
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

/* A line longer than this, or a NUL byte, is no statement text: a binary
 * file or /dev/zero would otherwise be read into memory without end. */
enum { LINE_MAX_BYTES = 64 << 20 };

/* The next line of `in` into *line (its '\n' dropped): 1, 0 at the end,
 * -1 for a line too long or a NUL byte (*why says which). */
static int next_line(FILE *in, buf *line, const char **why) {
  buf_clear(line);
  int c, any = 0;
  while ((c = getc_unlocked(in)) != EOF) {
    any = 1;
    if (c == '\n') break;
    if (c == 0) {
      *why = "a NUL byte: this is not a text file";
      return -1;
    }
    if (line->len >= LINE_MAX_BYTES) {
      *why = "a line over 64 MB: split it (load data with .load)";
      return -1;
    }
    buf_putc(line, (char)c);
  }
  return any;
}

int run_file(shell *sh, FILE *in, const char *name) {
  assembler a = {.script = 1};
  /* statements from a file take its URI as base (unless --base) */
  char *saved = sh->file_base;
  sh->file_base = in != stdin ? kg_file_uri(name) : NULL;
  buf line = {0};
  const char *why = NULL;
  int rc = 0, got;
  errno = 0;
  while (rc == 0 && (got = next_line(in, &line, &why)) > 0) {
    rc = feed_line(sh, &a, line.data ? line.data : "", name);
    errno = 0;
  }
  buf_free(&line);
  if (rc == 0 && got < 0) {
    errorf(sh, "%s:%ld: %s", name, a.line + 1, why);
    sh->failed++;
    assembler_free(&a);
    rc = sh->bail ? -1 : 0;
  } else if (rc == 0 && ferror(in)) {
    /* a directory, an I/O error: not the same as the end of the file */
    errorf(sh, "cannot read %s: %s", name, strerror(errno ? errno : EIO));
    sh->failed++;
    assembler_free(&a);
    rc = sh->bail ? -1 : 0;
  } else if (rc == 0) {
    rc = feed_end(sh, &a, name);
  } else {
    assembler_free(&a);
  }
  free(sh->file_base);
  sh->file_base = saved;
  return rc;
}
