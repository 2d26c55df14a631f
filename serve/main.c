/* main.c - `kgsh serve`: options, opening the store, the HTTP daemon
 * (libmicrohttpd, a thread per connection, at most --threads at work),
 * and a clean stop on SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "serve.h"
#include "serve_main.h"

static void usage(FILE *f) {
  fprintf(f,
    "Usage: kgsh serve [STORE] [OPTIONS]\n"
    "Serves a store as a SPARQL 1.1 endpoint over HTTP.\n\n"
    "STORE is as for kgsh (a directory, memory:, sqlite:FILE); without it\n"
    "$KGSH_STORE or ~/.local/share/kgsh/hangzhou.\n\n"
    "Endpoints: /sparql (queries and updates), /query, /update, /store\n"
    "(Graph Store Protocol: ?default or ?graph=IRI), / (a query page);\n"
    "GET /sparql without a query gives the Service Description.\n\n"
    "  -p, --port N          TCP port (default 7878; 0 = any free port)\n"
    "  -b, --bind ADDR       address to listen on (default 127.0.0.1)\n"
    "      --update          allow SPARQL Update and Graph Store writes\n"
    "      --token TOKEN     writes need 'Authorization: Bearer TOKEN'\n"
    "                        (also from $KGSH_TOKEN)\n"
    "      --cors [ORIGIN]   allow cross-origin requests (default origin *)\n"
    "      --timeout S       query timeout in seconds (default 30; 0 = none)\n"
    "      --max-timeout S   the most a request's timeout= may ask "
    "(default 300)\n"
    "      --threads N       requests worked on at once (default 8)\n"
    "      --queue N         requests that may wait for one (default 8 x\n"
    "                        threads, at least 64); more get 503 with\n"
    "                        Retry-After\n"
    "      --max-body MB     largest request body (default 16)\n"
    "      --allow-load      allow LOAD <file:...> and LOAD <http://...>\n"
    "      --allow-service   allow SERVICE (federated queries)\n"
    "      --allow-host HOST[:PORT]  let them reach this loopback or private\n"
    "                        address too (others are refused); repeatable\n"
    "      --readonly        open the store read-only (other kgsh may read "
    "it too)\n"
    "      --strict-dataset  the default graph is the unnamed graph only (as\n"
    "                        SPARQL says), not the union of all graphs\n"
    "  -q, --quiet           no access log on stderr\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  kgsh serve build/hangzhou.kg --port 7878\n"
    "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE "
    "{ ?s ?p ?o } LIMIT 3' \\\n"
    "       http://127.0.0.1:7878/sparql\n");
}

static int bad(const char *fmt, const char *arg) {
  fprintf(stderr, "kgsh serve: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'kgsh serve --help'.\n");
  return 2;
}

static int number(const char *s, double min, double max, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || v < min || v > max) return -1;
  *out = v;
  return 0;
}

static char *default_store(void) {
  const char *env = getenv("KGSH_STORE");
  if (env && *env) return strdup(env);
  const char *home = getenv("HOME");
  char buf[4096];
  snprintf(buf, sizeof buf, "%s/.local/share/kgsh/hangzhou",
           home ? home : ".");
  return strdup(buf);
}

/* runs the daemon until SIGINT or SIGTERM (blocked in every thread and
 * waited for here) */
static int run(server *srv) {
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr *sa;
  kg_error e;
  if (kg_lazy_load(&kgsh_mhd_lib, &e) != KG_OK) {
    fprintf(stderr, "kgsh serve: %s\n", e.message);
    return 2;
  }
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
                   MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
  memset(&a4, 0, sizeof a4);
  memset(&a6, 0, sizeof a6);
  if (inet_pton(AF_INET, srv->bind, &a4.sin_addr) == 1) {
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)srv->port);
    sa = (struct sockaddr *)&a4;
  } else if (inet_pton(AF_INET6, srv->bind, &a6.sin6_addr) == 1) {
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)srv->port);
    sa = (struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    fprintf(stderr, "kgsh serve: --bind %s: not an IPv4 or IPv6 address\n",
            srv->bind);
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  srv->daemon = MHD_start_daemon(
      flags, (uint16_t)srv->port, NULL, NULL, on_request, srv,
      MHD_OPTION_SOCK_ADDR, sa,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
      MHD_OPTION_NOTIFY_COMPLETED, on_done, srv,
      /* headers and request line: past 64 KB the client gets 431 */
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
      MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)(srv->threads + srv->queue + 16),
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
      MHD_OPTION_END);
  if (!srv->daemon) {
    fprintf(stderr, "kgsh serve: cannot listen on %s port %d: %s\n",
            srv->bind, srv->port, strerror(errno ? errno : EADDRINUSE));
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return 2;
  }
  const union MHD_DaemonInfo *di =
      MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
  int port = di ? di->port : srv->port;
  fprintf(stderr, "kgsh serve: %s (%lld statements) at http://%s%s%s:%d/ "
          "(%s)\n", kg_store_spec(srv->st), kg_store_size(srv->st),
          strchr(srv->bind, ':') ? "[" : "", srv->bind,
          strchr(srv->bind, ':') ? "]" : "", port,
          srv->update ? (srv->token ? "updates with token" : "updates allowed")
                      : "read-only");
  fflush(stderr);
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "kgsh serve: %s: stopping\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  /* no new requests; running ones are cancelled (an update in progress
   * rolls back), then the store closes cleanly */
  pthread_mutex_lock(&srv->mu);
  srv->stopping = 1;
  pthread_cond_broadcast(&srv->idle);
  pthread_mutex_unlock(&srv->mu);
  MHD_socket ls = MHD_quiesce_daemon(srv->daemon);
  if (ls != MHD_INVALID_SOCKET) close(ls);
  kg_store_interrupt(srv->st);
  MHD_stop_daemon(srv->daemon);
  pthread_mutex_lock(&srv->mu);
  while (srv->streams > 0) {
    kg_store_interrupt(srv->st);
    pthread_cond_wait(&srv->idle, &srv->mu);
  }
  pthread_mutex_unlock(&srv->mu);
  /* the shell's .serve goes on reading commands: Ctrl-C is its own again */
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  return 0;
}

/* kgsh serve, on `given` (the shell's store, kept open) or on the store
 * its arguments name. */
static int serve_common(kg_store *given, int argc, char **argv) {
  static const struct option opts[] = {
    {"port", required_argument, NULL, 'p'},
    {"bind", required_argument, NULL, 'b'},
    {"update", no_argument, NULL, 'u'},
    {"token", required_argument, NULL, 'T'},
    {"cors", optional_argument, NULL, 'C'},
    {"timeout", required_argument, NULL, 't'},
    {"max-timeout", required_argument, NULL, 'M'},
    {"threads", required_argument, NULL, 'n'},
    {"queue", required_argument, NULL, 'Q'},
    {"max-body", required_argument, NULL, 'B'},
    {"allow-load", no_argument, NULL, 'L'},
    {"allow-service", no_argument, NULL, 'S'},
    {"allow-host", required_argument, NULL, 'H'},
    {"readonly", no_argument, NULL, 'r'},
    {"strict-dataset", no_argument, NULL, 'D'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  server srv;
  memset(&srv, 0, sizeof srv);
  srv.bind = "127.0.0.1";
  srv.port = 7878;
  srv.timeout_ms = 30000;
  srv.max_timeout_ms = 300000;
  srv.threads = 8;
  srv.max_body = 16u << 20;
  srv.deny = KG_DENY_LOAD_FILE | KG_DENY_LOAD_WEB | KG_DENY_SERVICE |
             KG_DENY_PRIVATE;
  srv.token = getenv("KGSH_TOKEN");
  if (srv.token && !*srv.token) srv.token = NULL;
  srv.queue = -1;
  int readonly = 0, strict = 0, c;
  double v;
  optind = 1;
  while ((c = getopt_long(argc, argv, "p:b:qh", opts, NULL)) != -1) {
    switch (c) {
    case 'p':
      if (number(optarg, 0, 65535, &v)) return bad("bad port '%s'", optarg);
      srv.port = (int)v;
      break;
    case 'b': srv.bind = optarg; break;
    case 'u': srv.update = 1; break;
    case 'T':
      if (!*optarg) return bad("%s--token needs a value", "");
      srv.token = optarg;
      break;
    case 'C': srv.cors = optarg && *optarg ? optarg : "*"; break;
    case 't':
    case 'M':
      if (number(optarg, 0, 86400, &v))
        return bad("bad timeout '%s' (seconds)", optarg);
      if (c == 't') srv.timeout_ms = (long)(v * 1000);
      else srv.max_timeout_ms = (long)(v * 1000);
      break;
    case 'n':
      if (number(optarg, 1, 1024, &v))
        return bad("bad thread count '%s' (1 to 1024)", optarg);
      srv.threads = (int)v;
      break;
    case 'Q':
      if (number(optarg, 0, 65536, &v))
        return bad("bad queue length '%s'", optarg);
      srv.queue = (int)v;
      break;
    case 'B':
      if (number(optarg, 1, 1 << 20, &v))
        return bad("bad --max-body '%s' (megabytes)", optarg);
      srv.max_body = (size_t)(v * (1 << 20));
      break;
    case 'L': srv.deny &= ~(unsigned)(KG_DENY_LOAD_FILE | KG_DENY_LOAD_WEB); break;
    case 'S': srv.deny &= ~(unsigned)KG_DENY_SERVICE; break;
    case 'H':
      if (srv.nallow == 32) return bad("more than 32 --allow-host%s", "");
      srv.allow_hosts[srv.nallow++] = optarg;
      break;
    case 'r': readonly = 1; break;
    case 'D': strict = 1; break;
    case 'q': srv.quiet = 1; break;
    case 'h': usage(stdout); return 0;
    default: return bad("%sbad option", "");
    }
  }
  if (srv.queue < 0) srv.queue = srv.threads * 8 > 64 ? srv.threads * 8 : 64;
  if (argc - optind > 1) return bad("too many arguments: '%s'", argv[optind + 1]);
  if (readonly && srv.update)
    return bad("%s--update and --readonly exclude each other", "");
  if (srv.timeout_ms && srv.max_timeout_ms && srv.timeout_ms > srv.max_timeout_ms)
    srv.max_timeout_ms = srv.timeout_ms;
  if (given && optind < argc)
    return bad(".serve serves the store that is open, not '%s'", argv[optind]);
  int union_before = given ? kg_store_union_default(given) : 1;
  if (given) {
    srv.st = given;
  } else {
    char *spec = optind < argc ? strdup(argv[optind]) : default_store();
    kg_error e;
    unsigned oflags = readonly || !srv.update ? KG_OPEN_READONLY
                                              : KG_OPEN_CREATE;
    if (!strncmp(spec, "memory:", 7)) oflags = KG_OPEN_CREATE;
    kg_status s = kg_store_open(spec, oflags, &srv.st, &e);
    if (s != KG_OK) {
      fprintf(stderr, "kgsh serve: cannot open %s: %s\n", spec, e.message);
      free(spec);
      return 2;
    }
    free(spec);
    /* what opening changed on disk (a store of kgsh 0.9 converted) */
    char *note = kg_store_notice(srv.st);
    if (note) fprintf(stderr, "kgsh serve: %s\n", note);
    free(note);
  }
  if (strict) kg_store_set_union_default(srv.st, 0);
  pthread_mutex_init(&srv.mu, NULL);
  pthread_mutex_init(&srv.gate.mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&srv.idle, &ca);
  pthread_cond_init(&srv.gate.cv, &ca);
  pthread_condattr_destroy(&ca);
  /* each worker reads through a reader of its own (kg_store_set_readers) */
  srv.gate.free_reads = kg_store_parallel_reads(srv.st);
  if (srv.gate.free_reads) kg_store_set_readers(srv.st, srv.threads);
  int rc = run(&srv);
  if (given && srv.gate.free_reads) kg_store_set_readers(given, 8);
  if (given) kg_store_set_union_default(given, union_before);
  else kg_store_close(srv.st);
  pthread_cond_destroy(&srv.gate.cv);
  pthread_mutex_destroy(&srv.gate.mu);
  pthread_cond_destroy(&srv.idle);
  pthread_mutex_destroy(&srv.mu);
  if (rc == 0)
    fprintf(stderr, "kgsh serve: %s\n", given ? "stopped" : "store closed");
  return rc;
}

int serve_main(int argc, char **argv) { return serve_common(NULL, argc, argv); }

int serve_store(kg_store *st, int argc, char **argv) {
  return serve_common(st, argc, argv);
}
