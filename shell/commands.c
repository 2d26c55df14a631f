/* commands.c - the dot-commands: one table drives dispatch, argument
 * checks, .help and completion. */
#include <ctype.h>
#include <errno.h>
#include <readline/history.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>

#include "shell.h"

#define MAXARGS 8

typedef int (*cmd_fn)(shell *sh, int argc, char **argv);

/* How a command's arguments are split. */
enum {
  ARGS_WORDS = 0, /* words; quotes group words and are removed */
  ARGS_TERMS,     /* words; quoted parts are kept with their quotes,
                     so "a b"@en stays one RDF term */
  ARGS_REST       /* one argument: the rest of the line as typed */
};

typedef struct command {
  const char *name;
  int min, max;          /* arguments after the name */
  cmd_fn fn;
  const char *usage;
  const char *help;
  int file_arg;          /* completes file names */
  int args;              /* ARGS_WORDS, ARGS_TERMS or ARGS_REST */
} command;

static const command *find(const char *name);

/* ------------------------------------------------------------ helpers */

static int fail(shell *sh, const kg_error *err) {
  report(sh, err, NULL, 0);
  return 1;
}

static int on_off(shell *sh, const char *arg, int *out) {
  if (!strcasecmp(arg, "on") || !strcmp(arg, "1") || !strcasecmp(arg, "yes"))
    *out = 1;
  else if (!strcasecmp(arg, "off") || !strcmp(arg, "0") ||
           !strcasecmp(arg, "no"))
    *out = 0;
  else {
    errorf(sh, "expected on or off, not '%s'", arg);
    return 1;
  }
  return 0;
}

static int number(shell *sh, const char *arg, long *out) {
  char *end;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (errno || *end || v < 0) {
    errorf(sh, "expected a number of 0 or more, not '%s'", arg);
    return 1;
  }
  *out = v;
  return 0;
}

/* ----------------------------------------------------------- handlers */

static int cmd_help(shell *sh, int argc, char **argv);

/* A graph argument as an IRI: <IRI> loses its brackets, prefix:name is
 * expanded with the store's prefixes, anything else (an IRI, "default")
 * stays. New string (free()), NULL for none. */
static char *graph_arg(shell *sh, const char *arg) {
  if (!arg) return NULL;
  size_t n = strlen(arg);
  if (n > 2 && arg[0] == '<' && arg[n - 1] == '>')
    return strndup(arg + 1, n - 2);
  const char *colon = strchr(arg, ':');
  if (colon && colon[1] != '/') {
    char *name = strndup(arg, (size_t)(colon - arg));
    const char *ns = name ? kg_prefix_get(sh->st, name) : NULL;
    free(name);
    if (ns) {
      buf b = {0};
      buf_printf(&b, "%s%s", ns, colon + 1);
      return buf_take(&b);
    }
  }
  return strdup(arg);
}

static int cmd_load(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  char *g = graph_arg(sh, argc > 2 ? argv[2] : NULL);
  int rc = shell_load(sh, argv[1], g);
  free(g);
  return rc;
}

/* Statements and non-empty graphs (the default one included) of the
 * store, or of graph g; -1 when they cannot be counted. */
static long long count_graphs(shell *sh, const char *g, long long *graphs) {
  kg_result *r = NULL;
  kg_error err;
  long long n = 0;
  *graphs = 0;
  if (kg_store_graphs(sh->st, &r, &err) != KG_OK) return -1;
  while (kg_result_next(r, &err) > 0) {
    const kg_term *name = kg_result_value(r, 0), *c = kg_result_value(r, 1);
    long long k = c && c->value ? atoll(c->value) : 0;
    int unnamed = !name || name->kind == KG_TERM_NONE;
    if (g && (strcmp(g, "default") ? unnamed || strcmp(name->value, g)
                                   : !unnamed))
      continue;
    n += k;
    *graphs += k > 0;
  }
  kg_result_free(r);
  return n;
}

static int cmd_export(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  const char *file = argv[1];
  const char *format = argc > 2 ? argv[2] : NULL;
  if (!format) {
    const char *dot = strrchr(file, '.');
    if (dot && kg_export_format_known(dot + 1)) format = dot + 1;
    else if (dot && kg_syntax_for_path(file))
      format = kg_syntax_for_path(file);
  }
  if (format && !kg_export_format_known(format)) {
    errorf(sh, "unknown format '%s' (use turtle, ntriples, nquads, trig, "
               "rdfxml, json for RDF/JSON, jsonld or jsonld-expanded for "
               "JSON-LD, or dot)", format);
    return 1;
  }
  /* into a new file beside FILE, renamed over it only when complete: a
   * failed export leaves no file (and an older FILE as it was) */
  int to_file = strcmp(file, "-") != 0;
  char *tmp = NULL;
  FILE *out = sh->out;
  if (to_file) {
    buf b = {0};
    buf_printf(&b, "%s.XXXXXX", file);
    tmp = buf_take(&b);
    int fd = tmp ? mkstemp(tmp) : -1;
    mode_t mask = umask(0); /* the mode a plain fopen would have given */
    umask(mask);
    if (fd >= 0) fchmod(fd, 0666 & ~mask);
    out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
      errorf(sh, "cannot write %s: %s", file, strerror(errno));
      if (fd >= 0) close(fd), unlink(tmp);
      free(tmp);
      return 1;
    }
  }
  char *g = graph_arg(sh, argc > 3 ? argv[3] : NULL);
  kg_export_options o = {format, g, NULL};
  kg_error err;
  kg_status s = kg_export(sh->st, out, &o, &err);
  int rc = s != KG_OK ? fail(sh, &err) : 0;
  if (to_file) {
    int werr = fflush(out) != 0 || fsync(fileno(out)) != 0;
    int cerr = fclose(out) != 0;
    if (!rc && (werr || cerr || rename(tmp, file) != 0)) {
      errorf(sh, "cannot write %s: %s", file, strerror(errno));
      rc = 1;
    }
    if (rc) unlink(tmp);
  }
  free(tmp);
  if (!rc) {
    long long graphs, n = count_graphs(sh, g, &graphs);
    const kg_format *f = kg_format_find(format ? format : "turtle");
    if (n >= 0)
      infof(sh, "%lld statement%s in %lld graph%s written to %s", n,
            n == 1 ? "" : "s", graphs, graphs == 1 ? "" : "s",
            to_file ? file : "standard output");
    if (n >= 0 && graphs > 1 && f && !(f->writes & KG_FORMAT_QUADS))
      infof(sh, "%s has no graphs: they were merged; use TriG or N-Quads to "
                "keep them", f->help);
  }
  free(g);
  return rc;
}

static int cmd_format(shell *sh, int argc, char **argv) {
  if (argc == 1) {
    fprintf(sh->out, "%s (graphs: %s)\n", sh->fmt->name, sh->gfmt->name);
    return 0;
  }
  const kg_format *f = fmt_find(argv[1]);
  if (!f) {
    errorf(sh, "unknown format '%s'; formats:", argv[1]);
    for (size_t i = 0; (f = fmt_at(i)); i++)
      fprintf(stderr, "  %-15s %s%s\n", f->name, f->help, fmt_note(f));
    return 1;
  }
  if (f->writes & KG_FORMAT_BINDINGS) sh->fmt = f, sh->fmt_chosen = 1;
  if (f->writes & KG_FORMAT_GRAPHS) sh->gfmt = f;
  return 0;
}

static int cmd_output(shell *sh, int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "stdout";
  FILE *out = stdout;
  if (strcmp(file, "stdout") && strcmp(file, "-")) {
    out = fopen(file, "w");
    if (!out) {
      errorf(sh, "cannot write %s: %s", file, strerror(errno));
      return 1;
    }
  }
  if (sh->out != stdout) fclose(sh->out);
  free(sh->out_path);
  sh->out = out;
  sh->out_path = out == stdout ? NULL : strdup(file);
  return 0;
}

static int cmd_read(shell *sh, int argc, char **argv) {
  (void)argc;
  if (sh->depth > 16) {
    errorf(sh, ".read nests too deeply");
    return 1;
  }
  FILE *in = strcmp(argv[1], "-") ? fopen(argv[1], "r") : stdin;
  if (!in) {
    errorf(sh, "cannot read %s: %s", argv[1], strerror(errno));
    return 1;
  }
  int before = sh->failed;
  sh->depth++;
  run_file(sh, in, argv[1]);
  sh->depth--;
  if (in != stdin) fclose(in);
  return sh->failed > before;
}

static int cmd_prefix(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  kg_error err;
  if (argc == 1) {
    for (size_t i = 0; i < kg_prefix_count(sh->st); i++) {
      const char *n, *iri;
      kg_prefix_at(sh->st, i, &n, &iri);
      fprintf(sh->out, "%s: <%s>\n", n, iri);
    }
    return 0;
  }
  if (!strcmp(argv[1], "-d")) {
    if (argc < 3) {
      errorf(sh, "usage: .prefix -d NAME");
      return 1;
    }
    char *n = argv[2];
    size_t l = strlen(n);
    if (l && n[l - 1] == ':') n[l - 1] = '\0';
    return kg_prefix_remove(sh->st, n, &err) ? fail(sh, &err) : 0;
  }
  char *name = argv[1];
  size_t l = strlen(name);
  if (l && name[l - 1] == ':') name[l - 1] = '\0';
  if (argc == 2) {
    const char *iri = kg_prefix_get(sh->st, name);
    if (!iri) {
      errorf(sh, "no prefix '%s:'", name);
      return 1;
    }
    fprintf(sh->out, "%s: <%s>\n", name, iri);
    return 0;
  }
  char *iri = argv[2];
  l = strlen(iri);
  if (l > 1 && iri[0] == '<' && iri[l - 1] == '>') {
    iri[l - 1] = '\0';
    iri++;
  }
  return kg_prefix_set(sh->st, name, iri, &err) ? fail(sh, &err) : 0;
}

static int cmd_prefixes(shell *sh, int argc, char **argv) {
  (void)argc;
  char *args[1] = {argv[0]};
  return cmd_prefix(sh, 1, args);
}

static int cmd_graphs(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  if (shell_need_store(sh)) return 1;
  kg_result *r;
  kg_error err;
  if (kg_store_graphs(sh->st, &r, &err)) return fail(sh, &err);
  int rc = render_result(sh, r, 0);
  kg_result_free(r);
  return rc;
}

static int cmd_stats(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  if (shell_need_store(sh)) return 1;
  kg_stats *s;
  kg_error err;
  if (kg_store_stats(sh->st, 10, &s, &err)) return fail(sh, &err);
  FILE *o = sh->out;
  fprintf(o, "store       %s\n", kg_store_spec(sh->st));
  fprintf(o, "statements  %llu", s->triples);
  if (s->distinct_triples != s->triples) /* what COUNT(*) counts */
    fprintf(o, " (%llu distinct triples; %llu repeat a triple of another graph)",
            s->distinct_triples, s->triples - s->distinct_triples);
  fputc('\n', o);
  fprintf(o, "terms       %llu\n", s->terms);
  fprintf(o, "subjects    %llu\npredicates  %llu\nobjects     %llu\n"
             "classes     %llu\n",
          s->subjects, s->predicates, s->objects, s->classes);
  fprintf(o, "graphs      %zu\n", s->ngraphs);
  for (size_t i = 0; i < s->ngraphs; i++) {
    char *d = NULL;
    if (s->graphs[i].iri) {
      kg_term t = kg_iri(s->graphs[i].iri);
      d = term_display(sh, &t);
    }
    fprintf(o, "  %10llu  %s\n", s->graphs[i].n, d ? d : "(default graph)");
    free(d);
  }
  const struct {
    const char *title;
    kg_count *v;
    size_t n;
  } lists[] = {{"top predicates", s->top_predicates, s->npredicates},
               {"top classes", s->top_classes, s->nclasses}};
  for (size_t k = 0; k < 2; k++) {
    fprintf(o, "%s\n", lists[k].title);
    for (size_t i = 0; i < lists[k].n; i++) {
      kg_term t = kg_iri(lists[k].v[i].iri);
      char *d = term_display(sh, &t);
      fprintf(o, "  %10llu  %s\n", lists[k].v[i].n, d ? d : "");
      free(d);
    }
  }
  kg_stats_free(s);
  return 0;
}

static int cmd_describe(shell *sh, int argc, char **argv) {
  (void)argc;
  if (shell_need_store(sh)) return 1;
  /* the rest of the line: a label may be several words; quotes around
   * the whole of it only say that it is a label */
  char *t = argv[1];
  size_t n = strlen(t);
  if (n >= 2 && (t[0] == '"' || t[0] == '\'') && t[n - 1] == t[0]) {
    t[n - 1] = '\0';
    t++;
  }
  return describe_term(sh, t);
}

static int cmd_find(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  return find_pattern(sh, argv[1], argv[2], argv[3], argc > 4 ? argv[4] : NULL);
}

static int cmd_timer(shell *sh, int argc, char **argv) {
  (void)argc;
  return on_off(sh, argv[1], &sh->timer);
}

static int cmd_timeout(shell *sh, int argc, char **argv) {
  if (argc == 1) {
    if (sh->timeout_ms) fprintf(sh->out, "%g s\n", (double)sh->timeout_ms / 1000);
    else fprintf(sh->out, "none\n");
    return 0;
  }
  char *end;
  double v = strtod(argv[1], &end);
  if (*end || !(v >= 0) || v > 1e9) {
    errorf(sh, "expected seconds (0 = no limit), not '%s'", argv[1]);
    return 1;
  }
  sh->timeout_ms = (long)(v * 1000);
  return 0;
}

static int cmd_limit(shell *sh, int argc, char **argv) {
  if (argc == 1) {
    if (sh->max_memory_mb) fprintf(sh->out, "memory %ld MB\n", sh->max_memory_mb);
    else fprintf(sh->out, "memory none\n");
    return 0;
  }
  if (strcmp(argv[1], "memory")) {
    errorf(sh, "unknown limit '%s' (.limit memory MB)", argv[1]);
    return 1;
  }
  if (argc == 2) {
    fprintf(sh->out, "%ld MB\n", sh->max_memory_mb);
    return 0;
  }
  return number(sh, argv[2], &sh->max_memory_mb);
}

static int cmd_width(shell *sh, int argc, char **argv) {
  (void)argc;
  return number(sh, argv[1], &sh->width);
}

static int cmd_maxrows(shell *sh, int argc, char **argv) {
  (void)argc;
  return number(sh, argv[1], &sh->maxrows);
}

static int cmd_lang(shell *sh, int argc, char **argv) {
  if (argc == 1) {
    fprintf(sh->out, "%s\n", sh->lang);
    return 0;
  }
  for (const char *p = argv[1]; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != ',' && *p != '-') {
      errorf(sh, "expected language tags separated by commas, e.g. zh,en");
      return 1;
    }
  snprintf(sh->lang, sizeof sh->lang, "%s", argv[1]);
  return 0;
}

static int cmd_open(shell *sh, int argc, char **argv) {
  int ro = argc > 2 && !strcmp(argv[2], "--readonly");
  if (argc > 2 && !ro) {
    errorf(sh, "usage: .open STORE [--readonly]");
    return 1;
  }
  return shell_open(sh, argv[1], ro);
}

static int cmd_history(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  HIST_ENTRY **h = history_list();
  for (int i = 0; h && h[i]; i++)
    fprintf(sh->out, "%5d  %s\n", i + history_base, h[i]->line);
  return 0;
}

static int cmd_quit(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  sh->quit = 1;
  return 0;
}

static int cmd_begin(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  kg_error err;
  if (shell_need_store(sh)) return 1;
  return kg_store_begin(sh->st, &err) ? fail(sh, &err) : 0;
}

static int cmd_commit(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  kg_error err;
  if (shell_need_store(sh)) return 1;
  return kg_store_commit(sh->st, &err) ? fail(sh, &err) : 0;
}

static int cmd_rollback(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  kg_error err;
  if (shell_need_store(sh)) return 1;
  return kg_store_rollback(sh->st, &err) ? fail(sh, &err) : 0;
}

static int cmd_union(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  if (argc == 1) {
    fprintf(sh->out, "%s\n", kg_store_union_default(sh->st) ? "on" : "off");
    return 0;
  }
  int on;
  if (on_off(sh, argv[1], &on)) return 1;
  kg_store_set_union_default(sh->st, on);
  return 0;
}

static int cmd_sync(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  if (argc == 1) {
    fprintf(sh->out, "%s\n", kg_store_durable(sh->st) ? "on" : "off");
    return 0;
  }
  int on;
  if (on_off(sh, argv[1], &on)) return 1;
  kg_store_set_durable(sh->st, on);
  return 0;
}

static int cmd_redland(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  if (argc == 1) {
    fprintf(sh->out, "%s\n", kg_store_redland_copy(sh->st) ? "on" : "off");
    return 0;
  }
  int on;
  kg_error err;
  if (on_off(sh, argv[1], &on)) return 1;
  if (kg_store_set_redland_copy(sh->st, on, &err) != KG_OK)
    return fail(sh, &err);
  return 0;
}

static int cmd_busy(shell *sh, int argc, char **argv) {
  if (argc == 1) {
    fprintf(sh->out, "%ld\n",
            sh->st ? kg_store_busy_timeout(sh->st) : sh->busy_ms);
    return 0;
  }
  if (number(sh, argv[1], &sh->busy_ms)) return 1;
  if (sh->st) kg_store_set_busy_timeout(sh->st, sh->busy_ms);
  return 0;
}

static const command commands[] = {
  {"allow", 0, 2, policy_command, ".allow [WHAT]",
   "what LOAD and SERVICE may reach: load:file, load:http, service, "
   "host:HOST[:PORT] (a loopback or private address), private, none, "
   "default; without WHAT, the policy",
   0, ARGS_WORDS},
  {"begin", 0, 0, cmd_begin, ".begin",
   "start a transaction: the following statements take effect together at "
   ".commit",
   0, ARGS_WORDS},
  {"busy", 0, 1, cmd_busy, ".busy [MS]",
   "how long a change waits while another process changes the store "
   "(default 5000 ms)",
   0, ARGS_WORDS},
  {"check", 0, 0, check_command, ".check",
   "read every file of the store and check it against its checksums "
   "(kgsh --repair STORE rebuilds what it can)", 0, ARGS_WORDS},
  {"commit", 0, 0, cmd_commit, ".commit", "make the transaction's changes "
                                          "durable", 0, ARGS_WORDS},
  {"describe", 1, 1, cmd_describe, ".describe TERM",
   "statements about an entity, given as <IRI>, prefix:name or a label", 0,
   ARGS_REST},
  {"draw", 1, 6, draw_command, ".draw TERM [DEPTH] [FILE]",
   "picture of an entity's neighbourhood (DEPTH hops, 1) as FILE.svg, .png "
   "or .dot, or shown; --max=N nodes, --only=P,... --skip=P,... predicates",
   1, ARGS_TERMS},
  {"exit", 0, 0, cmd_quit, ".exit", "leave kgsh", 0, ARGS_WORDS},
  {"explain", 1, 1, explain_command, ".explain [analyze] QUERY",
   "show the query's SPARQL algebra as it will run (constants folded, "
   "top-k); with analyze, run it and show the plan: each operator with its "
   "estimated and actual rows, a pattern's triples in the order chosen",
   0, ARGS_REST},
  {"export", 1, 3, cmd_export, ".export FILE|- [FORMAT] [GRAPH]",
   "write the store (or one graph: default or an IRI) as turtle, ntriples, "
   "nquads, trig, rdfxml, json (RDF/JSON), jsonld (JSON-LD), jsonld-expanded "
   "or dot; by default as FILE's extension says",
   1, ARGS_WORDS},
  {"find", 3, 4, cmd_find, ".find S P O [G]",
   "statements matching a pattern; _ matches anything", 0, ARGS_TERMS},
  {"format", 0, 1, cmd_format, ".format [FMT]",
   "result format: table, csv, tsv, json, xml, markdown; for graphs turtle, "
   "ntriples, nquads, trig, rdfxml, json (RDF/JSON), jsonld (JSON-LD), "
   "jsonld-expanded, dot",
   0, ARGS_WORDS},
  {"graphs", 0, 0, cmd_graphs, ".graphs", "the named graphs and their sizes",
   0, ARGS_WORDS},
  {"help", 0, 1, cmd_help, ".help [COMMAND]", "this help", 0, ARGS_WORDS},
  {"history", 0, 0, cmd_history, ".history", "statements entered so far",
   0, ARGS_WORDS},
  {"lang", 0, 1, cmd_lang, ".lang [zh,en]",
   "preferred label languages for .describe", 0, ARGS_WORDS},
  {"limit", 0, 2, cmd_limit, ".limit [memory MB]",
   "stop a statement whose intermediate results pass MB megabytes (0 = no "
   "limit)", 0, ARGS_WORDS},
  {"link", 1, 7, cmd_link,
   ".link TARGET [CLASS|PATTERN] [--accept N] [--review N] [--exact] "
   "[--graph G] [--delay MS] [--dry-run] | .link review | .link check TARGET",
   "find this store's entities in TARGET (an endpoint URL, a store, an RDF "
   "file or a <graph>) and record the accepted links; review the doubtful "
   "ones; re-score the stored links",
   1, ARGS_WORDS},
  {"load", 1, 2, cmd_load, ".load FILE|URL [GRAPH]",
   "load RDF (turtle, ntriples, nquads, trig, rdfxml, rdfa, json = RDF/JSON, "
   "jsonld = JSON-LD: by extension, media type or content), into a named "
   "graph if given; JSON-LD contexts come from data/contexts (kgsh "
   "--remote-contexts fetches others)",
   1, ARGS_WORDS},
  {"maxrows", 1, 1, cmd_maxrows, ".maxrows N",
   "show at most N rows in tables (0 = all)", 0, ARGS_WORDS},
  {"open", 1, 2, cmd_open, ".open STORE [--readonly]",
   "close this store and open another (a directory, memory:, sqlite:FILE)",
   1, ARGS_WORDS},
  {"output", 0, 1, cmd_output, ".output [FILE|stdout]",
   "send results to a file, or back to the terminal", 1, ARGS_WORDS},
  {"prefix", 0, 3, cmd_prefix, ".prefix [NAME [IRI]] | .prefix -d NAME",
   "show, set or delete prefixes (kept in the store)", 0, ARGS_WORDS},
  {"prefixes", 0, 0, cmd_prefixes, ".prefixes", "list the known prefixes",
   0, ARGS_WORDS},
  {"push", 1, 7, push_command, ".push URL [--default-graph IRI] [--bulk DIR]",
   "copy this store into a SPARQL server (an endpoint URL or sparql:...), "
   "then check each named graph's count there, as kgsh push does",
   0, ARGS_WORDS},
  {"quit", 0, 0, cmd_quit, ".quit", "leave kgsh", 0, ARGS_WORDS},
  {"read", 1, 1, cmd_read, ".read FILE", "run the statements in a file",
   1, ARGS_WORDS},
  {"redland", 0, 1, cmd_redland, ".redland [on|off]",
   "keep a copy of the store that Redland programs read (rdfproc -s "
   "hashes), kept by later opens too; off (the default) deletes it",
   0, ARGS_WORDS},
  {"rollback", 0, 0, cmd_rollback, ".rollback",
   "forget the transaction's changes", 0, ARGS_WORDS},
  {"serve", 0, 30, serve_command, ".serve [OPTIONS]",
   "serve this store over HTTP as a SPARQL endpoint until Ctrl-C "
   "(kgsh serve's options: --port, --update, --token, ...)", 0, ARGS_WORDS},
  {"stats", 0, 0, cmd_stats, ".stats",
   "sizes, graphs, and the most used predicates and classes", 0, ARGS_WORDS},
  {"sync", 0, 1, cmd_sync, ".sync [on|off]",
   "sync the journal at every commit (on, the default) or not (faster; a "
   "power loss may lose the last commits)",
   0, ARGS_WORDS},
  {"timeout", 0, 1, cmd_timeout, ".timeout [S]",
   "stop a statement after S seconds (0 = no limit; an update stopped "
   "changes nothing)", 0, ARGS_WORDS},
  {"timer", 1, 1, cmd_timer, ".timer on|off", "time each statement",
   0, ARGS_WORDS},
  {"union", 0, 1, cmd_union, ".union [on|off]",
   "queries see all graphs as the default graph (on), or only the unnamed "
   "one (off)",
   0, ARGS_WORDS},
  {"width", 1, 1, cmd_width, ".width N",
   "widest table column, 0 = fit the terminal", 0, ARGS_WORDS},
};

static const command *find(const char *name) {
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(commands[i].name, name)) return &commands[i];
  return NULL;
}

const char *command_name(size_t i) {
  return i < sizeof commands / sizeof *commands ? commands[i].name : NULL;
}

int command_takes_file(const char *name) {
  const command *c = find(name);
  return c && c->file_arg;
}

static int cmd_help(shell *sh, int argc, char **argv) {
  if (argc > 1) {
    const char *n = argv[1][0] == '.' ? argv[1] + 1 : argv[1];
    const command *c = find(n);
    if (!c) {
      errorf(sh, "no command .%s", n);
      return 1;
    }
    fprintf(sh->out, "%s\n  %s\n", c->usage, c->help);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(sh->out, "%-40s %s\n", commands[i].usage, commands[i].help);
  fprintf(sh->out,
          "\nAnything else is SPARQL 1.1 (query or update); it runs when it "
          "ends with ';'\nor is followed by an empty line. In a file (-f, "
          ".read, a pipe) blank lines and\ncomments do not end a statement: "
          "it ends where SPARQL says, and an update\nrequest (operations "
          "joined by ';') runs whole, as one unit. Relative IRIs resolve\n"
          "against the file (or --base). FROM <doc.ttl> and FROM NAMED read "
          "the document for\nthat query when the store has no graph of "
          "that name.\n");
  return 0;
}

/* Edit distance, for "did you mean". */
static size_t distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  size_t *d = malloc((m + 1) * sizeof *d);
  if (!d) return (size_t)-1;
  for (size_t j = 0; j <= m; j++) d[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t prev = d[0];
    d[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t cur = d[j];
      size_t sub = prev + (tolower((unsigned char)a[i - 1]) !=
                           tolower((unsigned char)b[j - 1]));
      size_t best = d[j] + 1 < d[j - 1] + 1 ? d[j] + 1 : d[j - 1] + 1;
      d[j] = sub < best ? sub : best;
      prev = cur;
    }
  }
  size_t r = d[m];
  free(d);
  return r;
}

/* Splits a command line into words; quotes group words. With `keep`,
 * a quoted part keeps its quotes and escapes, and the word goes on to the
 * next space ("a b"@en is one word). Returns MAXARGS + 1 when there are
 * more words than argv holds. */
static int split_args(char *line, char **argv, int keep) {
  int argc = 0;
  char *p = line;
  for (;;) {
    while (isspace((unsigned char)*p)) p++;
    if (!*p) break;
    if (argc == MAXARGS) return MAXARGS + 1;
    char q = *p == '"' || *p == '\'' ? *p : 0;
    if (q && !keep) p++;
    argv[argc++] = p;
    char *w = p;
    if (keep) {
      while (*p && !isspace((unsigned char)*p)) {
        if (*p == '"' || *p == '\'') {
          /* a quoted part, verbatim */
          char k = *p++;
          while (*p && *p != k) p += *p == '\\' && p[1] ? 2 : 1;
          if (*p) p++;
        } else {
          p++;
        }
      }
      if (*p) *p++ = '\0';
      continue;
    }
    while (*p && (q ? *p != q : !isspace((unsigned char)*p))) {
      if (q && *p == '\\' && p[1]) p++;
      *w++ = *p++;
    }
    if (*p) p++;
    *w = '\0';
  }
  return argc;
}

int command_run(shell *sh, const char *line) {
  char *copy = strdup(line + 1);
  if (!copy) return 1;
  /* a trailing ';' is tolerated */
  size_t n = strlen(copy);
  while (n && (isspace((unsigned char)copy[n - 1]) || copy[n - 1] == ';'))
    copy[--n] = '\0';
  char *argv[MAXARGS + 1] = {0};
  /* the name, then the arguments as the command takes them */
  char *name = copy;
  while (isspace((unsigned char)*name)) name++;
  char *rest = name + strcspn(name, " \t");
  if (*rest) *rest++ = '\0';
  while (isspace((unsigned char)*rest)) rest++;
  int argc = 0;
  if (*name) argv[argc++] = name;
  const command *c = argc ? find(name) : NULL;
  if (c && c->args == ARGS_REST) {
    if (*rest) argv[argc++] = rest;
  } else if (argc) {
    int k = split_args(rest, argv + 1, c && c->args == ARGS_TERMS);
    argc = k > MAXARGS - 1 ? MAXARGS + 1 : argc + k;
  }
  int rc = 1;
  if (!argc) {
    errorf(sh, "expected a command after '.' (see .help)");
  } else {
    if (!c) {
      const char *best = NULL;
      size_t bd = (size_t)-1;
      for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        size_t d = distance(argv[0], commands[i].name);
        if (d < bd) {
          bd = d;
          best = commands[i].name;
        }
      }
      if (best && bd <= 3)
        errorf(sh, "unknown command .%s; did you mean .%s?", argv[0], best);
      else
        errorf(sh, "unknown command .%s (see .help)", argv[0]);
    } else if (argc - 1 < c->min || argc - 1 > c->max) {
      errorf(sh, "usage: %s", c->usage);
    } else {
      rc = c->fn(sh, argc, argv);
    }
  }
  free(copy);
  return rc;
}
