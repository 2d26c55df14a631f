/* main.c - kgsh: command-line options, the default store (built on first
 * use), and choosing between the interactive session and batch runs. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell.h"
#include "../serve/serve_main.h"

#ifndef KGSH_DATADIR
#define KGSH_DATADIR "."
#endif

/* Where the article graph's files and data/contexts are: beside an
 * installed binary (BIN/../share/kgsh), else the source tree kgsh was
 * built in. */
static const char *data_dir(char *buf, size_t n) {
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) {
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      int w = snprintf(buf, n, "%.*s/../share/kgsh", (int)(n - 20), exe);
      char probe[PATH_MAX + 32];
      snprintf(probe, sizeof probe, "%s/data/load.kgsh", buf);
      if (w > 0 && access(probe, R_OK) == 0) return buf;
    }
  }
  return KGSH_DATADIR;
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: kgsh [OPTIONS] [STORE]\n"
          "       kgsh serve [STORE] [OPTIONS] the store as a SPARQL endpoint\n"
          "       kgsh push STORE URL          a store into a SPARQL server\n"
          "A SPARQL shell for RDF knowledge graphs.\n\n"
          "STORE is a directory (created if missing), memory:, "
          "sqlite:FILE, or a SPARQL\nendpoint: http(s)://HOST/PATH, or "
          "sparql:QUERY_URL[,update=URL][,store=URL]\nwhen updates or the "
          "Graph Store Protocol have URLs of their own (a server's\n"
          "store, Virtuoso's included: see docs/remote.md). Without STORE "
          "kgsh opens the\nHangzhou article graph ($KGSH_STORE, or "
          "~/.local/share/kgsh/hangzhou).\n\n"
          "  -e, --execute TEXT   run statements (SPARQL or .commands) and "
          "exit; repeatable\n"
          "  -f, --file FILE      run the SPARQL and .commands in FILE (- = "
          "stdin) and exit;\n"
          "                       blank lines and comments do not end a "
          "statement there\n"
          "  -l, --load FILE      load an RDF file first; repeatable\n"
          "  -g, --graph IRI      load the following -l files into this "
          "named graph\n"
          "      --contexts DIR   where JSON-LD finds saved remote @context "
          "documents\n"
          "                       (default: data/contexts beside kgsh's "
          "data)\n"
          "      --remote-contexts\n"
          "                       JSON-LD may fetch a remote @context (off: "
          "only the copies\n"
          "                       in data/contexts and local files)\n"
          "  -F, --format FMT     table, csv, tsv, json, xml, markdown; for "
          "graphs turtle,\n"
          "                       ntriples, nquads, trig, rdfxml, json "
          "(RDF/JSON), jsonld\n"
          "                       (JSON-LD, compacted), jsonld-expanded, dot\n"
          "  -o, --output FILE    write results to FILE\n"
          "  -q, --quiet          no informational messages\n"
          "      --bail           stop at the first failing statement\n"
          "      --readonly       open the store read-only\n"
          "      --check          check every file of STORE and exit (0 sound, "
          "1 damaged)\n"
          "      --repair         check STORE and rebuild what can be rebuilt "
          "from\n"
          "                       the other files; says what was lost\n"
          "      --allow LIST     what LOAD and SERVICE may reach (as .allow):"
          " load:file,\n"
          "                       load:http, service, host:HOST[:PORT], "
          "private, none;\n"
          "                       default: files and public http(s), no "
          "loopback or\n"
          "                       private address that is not named\n"
          "      --private        make the store readable by its owner only "
          "(directory\n"
          "                       0700, files 0600; it stays so)\n"
          "      --redland-copy   keep a copy Redland programs read "
          "(rdfproc -s hashes)\n"
          "                       in the store directory, from now on "
          "(also .redland)\n"
          "      --busy-timeout MS  how long a change waits while another "
          "process\n"
          "                       changes the store (default 5000)\n"
          "      --user U:PASSWORD  credentials for a SPARQL endpoint (also "
          "$KGSH_USER;\n"
          "                       $KGSH_TOKEN sends a bearer token; else "
          "~/.netrc)\n"
          "      --timer          time each statement\n"
          "      --timeout S      stop a statement after S seconds (also "
          ".timeout)\n"
          "      --max-memory MB  stop a statement whose intermediate results "
          "pass MB\n"
          "                       megabytes (also .limit memory)\n"
          "      --base IRI       base IRI of statements (default: a file's "
          "own URI for -f,\n"
          "                       .read and the lines of a script)\n"
          "  -h, --help           this help\n"
          "  -V, --version        the version\n\n"
          "Exit status: 0 all statements succeeded (an interactive session "
          "always ends\nwith 0), 1 a statement of -e, -f, -l or piped input "
          "failed, 2 bad usage or a\nstore that cannot be opened.\n");
}

static int bad_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "kgsh: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'kgsh --help' for more.\n");
  return 2;
}

/* The default store: $KGSH_STORE, or the article graph under the user's
 * data directory, built from the installed data on first use. */
static char *default_store(void) {
  const char *env = getenv("KGSH_STORE");
  if (env && *env) return strdup(env);
  const char *xdg = getenv("XDG_DATA_HOME");
  const char *home = getenv("HOME");
  buf b = {0};
  if (xdg && *xdg) buf_printf(&b, "%s/kgsh", xdg);
  else buf_printf(&b, "%s/.local/share/kgsh", home ? home : ".");
  return buf_take(&b);
}

static int mkdirs(const char *path) {
  char buf[PATH_MAX];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0755) < 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static int open_default(shell *sh) {
  char *base = default_store();
  if (!base) return 1;
  int explicit = getenv("KGSH_STORE") && *getenv("KGSH_STORE");
  buf path = {0};
  if (explicit) buf_puts(&path, base);
  else buf_printf(&path, "%s/hangzhou", base);
  struct stat sb;
  int exists = stat(path.data, &sb) == 0;
  int rc = 0;
  if (!exists && !explicit) {
    /* first use: build the store from the installed data */
    if (mkdirs(base) < 0) {
      errorf(sh, "cannot create %s: %s", base, strerror(errno));
      rc = 1;
    }
    char cwd[PATH_MAX];
    if (!rc && !getcwd(cwd, sizeof cwd)) rc = 1;
    if (!rc) rc = shell_open(sh, path.data, 0);
    char dd[PATH_MAX];
    if (!rc && chdir(data_dir(dd, sizeof dd)) == 0) {
      int quiet = sh->quiet;
      sh->quiet = 1;
      infof(sh, "building the article graph in %s", path.data);
      FILE *f = fopen("data/load.kgsh", "r");
      if (f) {
        run_file(sh, f, "data/load.kgsh");
        fclose(f);
      }
      sh->quiet = quiet;
      if (chdir(cwd) < 0) rc = 1;
    }
  } else {
    rc = shell_open(sh, path.data, sh->readonly);
  }
  free(base);
  buf_free(&path);
  return rc;
}

static void banner(shell *sh) {
  long long n = sh->st ? kg_store_size(sh->st) : 0;
  printf("kgsh %s - %s, %lld statement%s\n", KG_VERSION,
         sh->st ? kg_store_spec(sh->st) : "no store", n, n == 1 ? "" : "s");
  printf("Enter SPARQL ending with ';' (or an empty line), or .help for the "
         "commands.\n");
}

static void history_path(shell *sh) {
  const char *env = getenv("KGSH_HISTORY");
  if (env) {
    sh->history_path = *env ? strdup(env) : NULL;
    return;
  }
  const char *home = getenv("HOME");
  if (!home) return;
  buf b = {0};
  buf_printf(&b, "%s/.kgsh_history", home);
  sh->history_path = buf_take(&b);
}

int main(int argc, char **argv) {
  /* `kgsh serve ...`: the SPARQL endpoint (serve/) */
  if (argc > 1 && !strcmp(argv[1], "serve")) return serve_main(argc - 1, argv + 1);
  /* `kgsh push STORE URL`: a local store into a server (push.c) */
  if (argc > 1 && !strcmp(argv[1], "push")) return push_main(argc - 1, argv + 1);
  static const struct option opts[] = {
    {"execute", required_argument, NULL, 'e'},
    {"file", required_argument, NULL, 'f'},
    {"load", required_argument, NULL, 'l'},
    {"graph", required_argument, NULL, 'g'},
    {"format", required_argument, NULL, 'F'},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"bail", no_argument, NULL, 'b'},
    {"readonly", no_argument, NULL, 'r'},
    {"private", no_argument, NULL, 'P'},
    {"check", no_argument, NULL, 'K'},
    {"allow", required_argument, NULL, 'A'},
    {"repair", no_argument, NULL, 'X'},
    {"busy-timeout", required_argument, NULL, 'W'},
    {"timer", no_argument, NULL, 't'},
    {"base", required_argument, NULL, 'B'},
    {"timeout", required_argument, NULL, 'T'},
    {"max-memory", required_argument, NULL, 'M'},
    {"remote-contexts", no_argument, NULL, 'R'},
    {"redland-copy", no_argument, NULL, 'D'},
    {"contexts", required_argument, NULL, 'C'},
    {"user", required_argument, NULL, 'U'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
  };
  shell sh;
  memset(&sh, 0, sizeof sh);
  sh.out = stdout;
  sh.busy_ms = -1;
  policy_default(&sh);
  sh.tty_out = isatty(STDOUT_FILENO);
  /* actions in order: 'e' text, 'f' file, 'l' load (with its graph) */
  typedef struct action {
    int kind;
    const char *arg, *graph;
  } action;
  action *acts = calloc((size_t)argc + 1, sizeof *acts);
  int nacts = 0, batch = 0, check = 0;
  const char *format = NULL, *output = NULL, *graph = NULL;
  const char *contexts_opt = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "e:f:l:g:F:o:qhV", opts, NULL)) != -1) {
    switch (c) {
    case 'e':
    case 'f':
      batch = 1;
      /* fall through */
    case 'l':
      acts[nacts++] = (action){c, optarg, graph};
      break;
    case 'g':
      graph = optarg;
      break;
    case 'F':
      format = optarg;
      break;
    case 'o':
      output = optarg;
      break;
    case 'q':
      sh.quiet = 1;
      break;
    case 'b':
      sh.bail = 1;
      break;
    case 'r':
      sh.readonly = 1;
      break;
    case 'P':
      sh.private_store = 1;
      break;
    case 'K':
    case 'X':
      check = c;
      break;
    case 'A': {
      /* a comma-separated list of .allow's words */
      char *list = strdup(optarg), *save = NULL;
      const char *why = list ? NULL : "out of memory";
      for (char *w = list ? strtok_r(list, ",", &save) : NULL; w && !why;
           w = strtok_r(NULL, ",", &save))
        policy_apply(&sh, w, NULL, &why);
      free(list);
      if (why) {
        free(acts);
        free(sh.base);
        policy_free(&sh);
        return bad_usage("--allow: expected a comma-separated list of "
                         "load:file, load:http, service, host:HOST[:PORT], "
                         "private, none or default, not '%s'", optarg);
      }
      break;
    }
    case 'W': {
      char *end;
      sh.busy_ms = strtol(optarg, &end, 10);
      if (*end || sh.busy_ms < 0 || !*optarg) {
        free(acts);
        free(sh.base);
        return bad_usage("--busy-timeout wants milliseconds, not '%s'",
                         optarg);
      }
      break;
    }
    case 't':
      sh.timer = 1;
      break;
    case 'R':
      sh.remote_contexts = 1;
      break;
    case 'D':
      sh.redland_copy = 1;
      break;
    case 'C':
      contexts_opt = optarg;
      break;
    case 'U':
      /* libkg reads it when it opens an endpoint; never shown */
      setenv("KGSH_USER", optarg, 1);
      break;
    case 'B':
      free(sh.base);
      sh.base = strdup(optarg);
      break;
    case 'T':
    case 'M': {
      char *end;
      double v = strtod(optarg, &end);
      if (*end || !(v >= 0) || v > 1e9) {
        free(acts);
        free(sh.base);
        return bad_usage(c == 'T' ? "--timeout wants seconds, not '%s'"
                                  : "--max-memory wants megabytes, not '%s'",
                         optarg);
      }
      if (c == 'T') sh.timeout_ms = (long)(v * 1000);
      else sh.max_memory_mb = (long)v;
      break;
    }
    case 'h':
      usage(stdout);
      free(acts);
      free(sh.base);
      return 0;
    case 'V':
      printf("kgsh %s\n", KG_VERSION);
      free(acts);
      return 0;
    default:
      free(acts);
      free(sh.base);
      fprintf(stderr, "Try 'kgsh --help' for more.\n");
      return 2;
    }
  }
  if (argc - optind > 1) {
    free(acts);
    free(sh.base);
    return bad_usage("too many arguments: '%s' (one STORE at most)",
                     argv[optind + 1]);
  }
  if (check) {
    free(acts);
    free(sh.base);
    policy_free(&sh);
    if (optind >= argc)
      return bad_usage("--%s wants a STORE directory",
                       check == 'K' ? "check" : "repair");
    return check_main(argv[optind], check == 'X');
  }
  sh.interactive = !batch && isatty(STDIN_FILENO) && sh.tty_out;
  sh.fmt = fmt_default(0, sh.tty_out);
  sh.gfmt = fmt_default(1, sh.tty_out);
  if (format) {
    const kg_format *f = fmt_find(format);
    if (!f) {
      free(acts);
      return bad_usage("unknown format '%s' (see --help)", format);
    }
    if (f->writes & KG_FORMAT_BINDINGS) sh.fmt = f, sh.fmt_chosen = 1;
    if (f->writes & KG_FORMAT_GRAPHS) sh.gfmt = f;
  }
  sh.maxrows = sh.tty_out ? 200 : 0;
  char dd[PATH_MAX], contexts[PATH_MAX + 16], real[PATH_MAX];
  snprintf(contexts, sizeof contexts, "%s/data/contexts",
           data_dir(dd, sizeof dd));
  sh.context_dir = contexts_opt ? contexts_opt
                  : realpath(contexts, real) ? real : contexts;
  snprintf(sh.lang, sizeof sh.lang, "en,zh");
  if (sh.interactive) history_path(&sh);
  signals_init();
  int rc = optind < argc ? shell_open(&sh, argv[optind], sh.readonly)
                         : open_default(&sh);
  if (rc) {
    free(acts);
    kg_store_close(sh.st);
    free(sh.spec);
    return 2;
  }
  if (output) {
    sh.out = fopen(output, "w");
    if (!sh.out) {
      errorf(&sh, "cannot write %s: %s", output, strerror(errno));
      kg_store_close(sh.st);
      free(sh.spec);
      free(acts);
      return 2;
    }
    sh.out_path = strdup(output);
  }
  int stop = 0;
  for (int i = 0; i < nacts && !stop; i++) {
    action *a = &acts[i];
    if (a->kind == 'l') {
      if (shell_load(&sh, a->arg, a->graph)) {
        sh.failed++;
        stop = sh.bail;
      }
    } else if (a->kind == 'e') {
      stop = run_text(&sh, a->arg, "<-e>") < 0;
    } else {
      FILE *in = strcmp(a->arg, "-") ? fopen(a->arg, "r") : stdin;
      if (!in) {
        errorf(&sh, "cannot read %s: %s", a->arg, strerror(errno));
        sh.failed++;
        stop = sh.bail;
        continue;
      }
      stop = run_file(&sh, in, a->arg) < 0;
      if (in != stdin) fclose(in);
    }
    if (sh.quit) stop = 1;
  }
  if (!batch && !sh.quit && !(stop && sh.bail)) {
    if (sh.interactive) {
      banner(&sh);
      run_interactive(&sh);
    } else {
      run_file(&sh, stdin, "<stdin>");
    }
  }
  signals_store(NULL);
  link_state_free(&sh);
  kg_store_close(sh.st);
  if (sh.out != stdout) fclose(sh.out);
  free(sh.out_path);
  free(sh.spec);
  free(sh.history_path);
  free(sh.base);
  free(acts);
  policy_free(&sh);
  /* like sqlite3: an interactive session's mistakes were seen and fixed
   * at the prompt; a script's failures are its exit status */
  return sh.failed && !sh.interactive ? 1 : 0;
}
