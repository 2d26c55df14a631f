/* shell.h - the kgsh program: its one state struct and the calls its
 * files share. */
#ifndef KGSH_SHELL_H
#define KGSH_SHELL_H

#include <stdio.h>

#include "kg.h"

/* A growable, always NUL-terminated string (buf.c). Zero-initialise;
 * `oom` is set once an allocation failed. */
typedef struct buf {
  char *data;
  size_t len, cap;
  int oom;
} buf;
void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_clear(buf *b);
void buf_free(buf *b);
char *buf_take(buf *b);  /* the string (free()); the buffer is emptied */

/* Output formats (formats.c): libkg's (kg_format_find) and the shell's
 * own aligned table, which render.c draws. */
const kg_format *fmt_find(const char *name);
const kg_format *fmt_at(size_t i); /* NULL past the end */
int fmt_is_table(const kg_format *f);
/* The format a session starts with: for bindings a table on a terminal
 * and TSV elsewhere; Turtle for graphs. */
const kg_format *fmt_default(int graphs, int tty);
/* What a listing adds after a default format's help (" (batch default)"),
 * or "". */
const char *fmt_note(const kg_format *f);

/* All of a session's state. */
typedef struct shell {
  kg_store *st;             /* the open store (NULL when none) */
  char *spec;               /* its spec */
  int readonly;             /* opened read-only */
  int private_store;        /* --private: the store only its owner reads */
  unsigned deny;            /* KG_DENY_* for LOAD and SERVICE (policy.c) */
  char **allow_hosts;       /* private hosts named (.allow host), NULL-
                               terminated once one is added */
  size_t nallow;
  int redland_copy;         /* --redland-copy: stores opened keep one */
  int interactive;          /* stdin and stdout are terminals */
  int tty_out;              /* stdout is a terminal */
  FILE *out;                /* where results go (.output) */
  char *out_path;           /* NULL = stdout */
  const kg_format *fmt;     /* for SELECT and ASK */
  const kg_format *gfmt;    /* for CONSTRUCT and DESCRIBE */
  int fmt_chosen;           /* -F or .format chose fmt (not a default) */
  int timer;                /* .timer on */
  int bail;                 /* stop at the first error */
  int quiet;                /* -q: no informational messages */
  long width;               /* .width: widest cell, 0 = fit the terminal */
  long maxrows;             /* .maxrows: 0 = all */
  long busy_ms;             /* --busy-timeout, .timeout: -1 = the store's */
  char lang[64];            /* .lang: preferred label languages, "zh,en" */
  int failed;               /* statements that failed */
  int depth;                /* nesting of .read */
  int quit;                 /* .quit was given */
  char *history_path;       /* NULL when history is off */
  const char *load_graph;   /* -g: graph for the next -l */
  char *base;               /* --base: base IRI of every statement */
  long timeout_ms;          /* --timeout, .timeout: 0 = none */
  long max_memory_mb;       /* --max-memory, .limit memory: 0 = none */
  char *file_base;          /* the URI of the file being run (run_file) */
  struct link_state *link;  /* the last .link run, for .link review */
  const char *context_dir;  /* JSON-LD contexts for offline use */
  int remote_contexts;      /* --remote-contexts, .contexts remote on */
} shell;

/* ------------------------------------------------------------- running */

/* Tracks whether SPARQL text is complete: strings, IRIs, comments and
 * bracket depth across lines (split.c). */
typedef struct scan_state {
  int depth;                /* open { ( [ */
  int in_string;            /* inside a string: its quote character */
  int long_string;          /* ... written with three quotes */
  int last;                 /* last significant char outside comments */
  long last_pos;            /* its offset in the last line, -1 if before */
} scan_state;

void scan_reset(scan_state *s);
void scan_line(scan_state *s, const char *line, size_t n);
/* 1 when the text so far is balanced. */
int scan_balanced(const scan_state *s);

/* A statement being assembled from lines of one source. */
typedef struct assembler {
  buf text;
  scan_state scan;
  long line;                /* lines read from the source */
  long first;               /* line where the statement began */
  size_t last_off;          /* offset in text of scan.last */
  int script;               /* a file: the parser decides where statements
                               end (run.c), not blank lines */
  size_t done_len;          /* script: text[0, done_len) is complete */
  long done_line;           /* ... up to this line */
  int done_semi;            /* ... and ended with ';' */
} assembler;

/* Feeds one line (without its newline); a statement that it completes
 * runs. Returns 0, or -1 to stop reading (bail or .quit). */
int feed_line(shell *sh, assembler *a, const char *line, const char *name);
/* Runs what is left at the end of a source. */
int feed_end(shell *sh, assembler *a, const char *name);
/* 1 if a statement is partly entered (for the continuation prompt). */
int feed_pending(const assembler *a);
void assembler_free(assembler *a);
/* Feeds a whole text (several lines) and ends it, as for -e. */
int run_text(shell *sh, const char *text, const char *name);
/* Runs one complete statement (SPARQL or a dot-command). 0 ok, 1 failed. */
int run_statement(shell *sh, const char *stmt, const char *name, long line);
/* The options a statement runs with (the session's base, limits and
 * contexts; borrowed strings). */
kg_query_options shell_query_options(const shell *sh);
/* Reads statements from a FILE (a script or stdin) until EOF. */
int run_file(shell *sh, FILE *in, const char *name);
/* The interactive loop (readline). */
int run_interactive(shell *sh);

/* Messages (msgs.c). Prints an error (to stderr): "Error: " + message,
 * the place with a caret under it when `stmt` is given. */
void report(shell *sh, const kg_error *err, const char *stmt, long line0);

/* `kgsh push STORE URL` (push.c): argv[0] is "push"; the exit status. */
int push_main(int argc, char **argv);
/* What a push did. */
typedef struct push_totals {
  unsigned long long statements;
  size_t graphs, checked;  /* graphs sent; named graphs counted there */
  char where[512];         /* the server's store spec */
} push_totals;
/* Virtuoso's bulk loader for a push (vbulk.c): the named graphs as
 * files in `dir`, loaded through its SQL client. */
typedef struct vbulk {
  const char *dir;          /* a folder kgsh writes and the server reads */
  char isql[300];           /* HOST:PORT of the server's SQL port */
  const char *user, *password; /* $KGSH_ISQL_USER, $KGSH_ISQL_PASSWORD */
  char prefix[64];          /* of this push's file names */
  char **files, **graphs;   /* written so far, and their graphs */
  size_t n, cap;
} vbulk;
/* Checks the folder and the credentials; isql (may be NULL: the host of
 * url, port 1111). */
kg_status vbulk_init(vbulk *b, const char *dir, const char *isql,
                     const char *url, kg_error *e);
/* Writes graph `graph` of src ("default": its default graph) into the
 * next file, to be loaded into the server's graph `target`. */
kg_status vbulk_add(vbulk *b, kg_store *src, const char *graph,
                    const char *target, kg_error *e);
/* Loads the files; a file Virtuoso refused fails with its reason. */
kg_status vbulk_run(vbulk *b, kg_error *e);
/* Deletes the files. */
void vbulk_free(vbulk *b);

/* How a push sends: on a terminal (tty) the graph being sent is shown on
 * stderr; bulk (may be NULL): the named graphs go through Virtuoso's bulk
 * loader; default_graph (may be NULL): the graph of the server that
 * receives the default graph's statements (Virtuoso has no default graph
 * to write into). */
typedef struct push_opts {
  int tty;
  vbulk *bulk;
  const char *default_graph;
} push_opts;
/* Copies every graph of src into the server at url (opened and closed
 * here), each named graph then counted on the server against src's
 * count. 0; 1 when a graph failed or counts differently, 2 when url does
 * not open (why in e). */
int push_store(kg_store *src, const char *url, const push_opts *o,
               push_totals *t, kg_error *e);
/* The sentence that reports a push, into buf. */
void push_summary(const push_totals *t, char *buf, size_t size);
/* `.push URL`: the session's store into a server. */
int push_command(shell *sh, int argc, char **argv);
/* Fills e anew (the shell sees only kg.h: no kg_err; the arguments may
 * point into e); returns st (msgs.c). */
kg_status error_set(kg_error *e, kg_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void errorf(shell *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void infof(shell *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------- commands */

/* Runs a dot-command line. 0 ok, 1 failed. */
int command_run(shell *sh, const char *line);
/* Names of the dot-commands (for completion); NULL past the end. */
const char *command_name(size_t i);
/* 1 if the command's argument is a file name (completion). */
int command_takes_file(const char *name);

/* ------------------------------------------------------------- session */

/* Opens a store, replacing the current one. 0 ok. */
int shell_open(shell *sh, const char *spec, int readonly);
/* Loads a file or URL into the store (a named graph, or NULL), with
 * progress on a terminal. 0 ok, 1 failed (reported). */
int shell_load(shell *sh, const char *file, const char *graph);
/* 0 if a store is open, else says so and returns 1. */
int shell_need_store(shell *sh);

/* ------------------------------------------------------------ rendering */

/* Writes a result in the session's formats: tables on a terminal,
 * otherwise the chosen writer. 0 ok, 1 failed (reported). */
int render_result(shell *sh, kg_result *r, double seconds);

/* Prints a table: a header of column names (shown with '?') and rows of
 * cells (NULL cells print empty). */
void table_print(shell *sh, const char **head, size_t nc, char ***rows,
                 size_t n);

/* Display width of UTF-8 text as a terminal shows it (width.c). */
size_t text_width(const char *s, size_t n);
/* Width of the character at s (n bytes available); *len gets its byte
 * length. An invalid byte counts as one column. */
size_t char_width(const char *s, size_t n, size_t *len);
/* Terminal columns (80 when unknown). */
int term_columns(void);

/* Short form of a term for tables: prefixed name, literal with tag. New
 * string (free()). */
char *term_display(shell *sh, const kg_term *t);

/* ----------------------------------------------------------- interaction */

void complete_init(shell *sh);
void signals_init(void);
void signals_store(kg_store *st);
/* 1 (and clears it) if Ctrl-C was pressed since the last call. */
int signals_taken(void);

int describe_term(shell *sh, const char *arg);
/* Appends s as a SPARQL string literal ("..." with escapes). */
void sparql_string(buf *b, const char *s);
int find_pattern(shell *sh, const char *s, const char *p, const char *o,
                 const char *g);
/* .draw (draw.c). */
int draw_command(shell *sh, int argc, char **argv);
/* .check, and kgsh --check/--repair DIR (check.c): 0 sound, 1 damaged,
 * 2 the check could not run. */
int check_command(shell *sh, int argc, char **argv);
int check_main(const char *dir, int repair);
/* .explain (explain.c) */
int explain_command(shell *sh, int argc, char **argv);
/* .serve (serving.c) */
int serve_command(shell *sh, int argc, char **argv);
/* .allow and --allow (policy.c) */
int policy_command(shell *sh, int argc, char **argv);
int policy_apply(shell *sh, const char *kind, const char *value,
                 const char **why);
void policy_default(shell *sh);
void policy_free(shell *sh);

/* .link (link.c): find, review and check links to another data set. */
int cmd_link(shell *sh, int argc, char **argv);
void link_state_free(shell *sh);

#endif /* KGSH_SHELL_H */
