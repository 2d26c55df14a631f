/* kg.h - libkg: the RDF store and SPARQL engine behind kgsh (public API).
 *
 * Conventions
 * - Every call returns a kg_status (KG_OK = 0) or a value documented below;
 *   on failure it fills the caller's kg_error (which may be NULL) with a
 *   message a person can act on and, where there is one, the place
 *   (file:line:column). Library code never prints and never exits.
 * - Ownership: a pointer returned through an `out` parameter is new and the
 *   caller frees it with the matching _free or _close; a `const` pointer
 *   returned by value is borrowed and stays valid only as long as stated.
 *   Every *_free and *_close accepts NULL.
 * - Strings are UTF-8 and NUL-terminated unless a length is given.
 *
 * Threads and processes
 * - A kg_store may be shared by threads. On a directory store, the reads
 *   (kg_query of a query, kg_store_find, kg_store_graphs, kg_export) of
 *   any thread but the one that opened the handle run at once, each on a
 *   read-only handle of its own that the store keeps for it (a reader,
 *   see kg_store_set_readers): they never wait for a writer of the
 *   handle, nor it for them. Every other call (and the reads of the
 *   opening thread, and of a thread in its own transaction) takes the
 *   handle's lock and runs one at a time, as on memory: and librdf
 *   stores; a writer waiting for another process's write lock lets
 *   readers of the handle in meanwhile.
 * - Not shared: a kg_result, its terms and quads, a kg_error and a
 *   kg_stats belong to the thread that uses them (one thread at a time).
 *   kg_store_open and kg_store_close may not overlap other calls on the
 *   same handle, and a handle's results are freed before it is closed.
 *   kg_store_interrupt may be called from any thread or signal handler.
 * - A handle has one transaction: threads that write at once should
 *   each open a handle of their own (writers then take turns at the
 *   store's write lock, like processes).
 * - Snapshots: a query, kg_store_find, kg_store_graphs and kg_export
 *   read the store as of the last commit when the call started (plus the
 *   handle's open transaction, for the thread that began it) to their
 *   end, whatever other threads, handles or processes commit meanwhile;
 *   the next call sees those.
 * - Distinct handles work at once in distinct threads; parsing and
 *   writing with raptor (loads, RDF/XML, RDF/JSON, dot) take a lock of
 *   the process, one at a time.
 */
#ifndef KG_H
#define KG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KG_VERSION "0.9.0"

/* ---------------------------------------------------------------- status */

typedef enum {
  KG_OK = 0,
  KG_ERR_NOMEM,       /* out of memory */
  KG_ERR_IO,          /* a read or write failed (disk full, permissions) */
  KG_ERR_NOTFOUND,    /* a file, URL, graph or store is missing */
  KG_ERR_SYNTAX,      /* malformed RDF or SPARQL (place in kg_error) */
  KG_ERR_UNSUPPORTED, /* unknown syntax/format/module, or not possible here */
  KG_ERR_ARG,         /* a bad argument from the caller */
  KG_ERR_LOCKED,      /* another process holds the store */
  KG_ERR_NOTSTORE,    /* a directory that is not a kgsh/Redland store */
  KG_ERR_CORRUPT,     /* store files fail their checks */
  KG_ERR_READONLY,    /* write to a store opened read-only */
  KG_ERR_EVAL,        /* a query failed while running */
  KG_ERR_NET,         /* an HTTP request failed */
  KG_ERR_CANCELLED,   /* kg_store_interrupt() stopped the call */
  KG_ERR_STATE,       /* call out of order (e.g. commit without begin) */
  KG_ERR_DENIED       /* refused by the caller's policy
                         (kg_query_options.deny) */
} kg_status;

/* A short description of a status code ("syntax error"). Static string. */
const char *kg_strerror(kg_status st);

/* Where and why a call failed. `line`/`column` are 1-based; 0 = unknown.
 * `file` is a path, URL or "<query>"/"<stdin>"; empty when there is none. */
typedef struct kg_error {
  kg_status status;
  char file[512];
  long line;
  long column;
  char message[1024];
  int at_end;       /* a SPARQL syntax error at the end of the text: the
                       text may be the start of a valid statement */
} kg_error;

/* Clears an error to KG_OK. Safe on NULL. */
void kg_error_clear(kg_error *err);

/* ----------------------------------------------------------------- terms */

typedef enum {
  KG_TERM_NONE = 0, /* an unbound variable in a result row */
  KG_TERM_IRI,
  KG_TERM_BLANK,    /* `value` is the label without "_:" */
  KG_TERM_LITERAL
} kg_term_kind;

/* An RDF term. All strings are borrowed from whatever produced the term.
 * A literal has at most one of `lang` (lowercase) and `datatype`; a simple
 * literal has neither. `len` is the byte length of `value`. */
typedef struct kg_term {
  kg_term_kind kind;
  const char *value;
  size_t len;
  const char *datatype;
  const char *lang;
} kg_term;

/* A statement: subject, predicate, object and graph (graph kind NONE =
 * the default graph). Borrowed like kg_term. */
typedef struct kg_quad {
  kg_term s, p, o, g;
} kg_quad;

/* Builds terms over caller-owned strings (no copy). */
kg_term kg_iri(const char *iri);
kg_term kg_blank(const char *label);
kg_term kg_literal(const char *lexical, const char *datatype, const char *lang);

/* Redland interop, for programs that use librdf too (the pointers are
 * librdf's, void * so that this header needs none of its headers):
 * kg_term_to_librdf makes a new librdf_node of `world` for a term (the
 * caller frees it with librdf_free_node; NULL for kind NONE or out of
 * memory); kg_term_from_librdf fills *t from a librdf_node, its strings
 * borrowed from the node (1, or 0 for a node of no RDF kind). */
void *kg_term_to_librdf(void *world, const kg_term *t);
int kg_term_from_librdf(void *node, kg_term *t);
/* Registers librdf's storage "kgsh" (kgsh store directories, options and
 * ownership in graph/redland/README.md) in `world`, a librdf_world * the
 * caller owns and frees after every storage made through it. A world with
 * a "kgsh" factory already (the installed module) keeps it: KG_OK. */
kg_status kg_librdf_register(void *world, kg_error *err);

/* Writes `t` in N-Triples form ("<iri>", "_:b", "\"x\"@en",
 * "\"1\"^^<...#integer>") into a new string the caller frees with free().
 * Returns NULL when out of memory. */
char *kg_term_to_nt(const kg_term *t);

/* ------------------------------------------- libraries loaded on first use */

/* A shared library opened with dlopen the first time a feature needs it,
 * and a table of its functions (a struct of function pointers, in the
 * order of `names`). libkg keeps its own (raptor, librdf, curl, Graphviz,
 * libxml2, Berkeley DB); programs of the public API such as kgsh serve
 * describe theirs the same way. All fields but `handle` are the caller's,
 * static; `handle` is set by the first successful load and kept until
 * the process ends. */
typedef struct kg_lazy {
  const char *what;         /* named in the error: "Graphviz" */
  const char *soname;       /* "libgvc.so.6" */
  const char *package;      /* the Debian package that holds it */
  const char *const *names; /* the functions, in table order */
  size_t n;
  void *table;              /* n function pointers, filled by the load */
  void *handle;
} kg_lazy;

/* Opens the library once (thread-safe; later calls return at once) and
 * fills the table. KG_ERR_UNSUPPORTED when it is not installed or lacks a
 * function, with a message naming the package to install. */
kg_status kg_lazy_load(kg_lazy *lib, kg_error *err);

/* A library's table, its functions listed once (GNU C: __typeof__):
 *
 *   #define FOO_FNS(X) X(foo_open) X(foo_close)
 *   KG_LAZY_DECLARE(kg_foo, FOO_FNS)          (after the library's header)
 *   #define foo_open (kg_foo.foo_open)       (calls keep their names)
 *   #define foo_close (kg_foo.foo_close)
 *   KG_LAZY_DEFINE(kg_foo, FOO_FNS, "foo", "libfoo.so.1", "libfoo1")
 *
 * DEFINE in one .c file; kg_lazy_load(&kg_foo_lib, err) must succeed
 * before the first call. A data symbol works too, with
 * `#define foo_var (*kg_foo.foo_var)`. The library's header must not be
 * included again after the #defines. */
#define KG_LAZY_MEMBER(f) __typeof__(f) *f;
#define KG_LAZY_NAME(f) #f,
#define KG_LAZY_DECLARE(tab, FNS)                                              \
  typedef struct { FNS(KG_LAZY_MEMBER) } tab##_fns;                           \
  extern tab##_fns tab;                                                        \
  extern kg_lazy tab##_lib;
#define KG_LAZY_DEFINE(tab, FNS, what_, soname_, package_)                     \
  tab##_fns tab;                                                               \
  static const char *const tab##_names[] = {FNS(KG_LAZY_NAME)};               \
  _Static_assert(sizeof tab == sizeof tab##_names / sizeof *tab##_names *     \
                                   sizeof(void *),                             \
                 "a table holds pointers only");                              \
  kg_lazy tab##_lib = {.what = what_,                                          \
                       .soname = soname_,                                      \
                       .package = package_,                                    \
                       .names = tab##_names,                                   \
                       .n = sizeof tab##_names / sizeof *tab##_names,          \
                       .table = &tab};

/* ---------------------------------------------------------------- stores */

typedef struct kg_store kg_store;

enum {
  KG_OPEN_CREATE = 1 << 0,   /* create the store if it does not exist */
  KG_OPEN_READONLY = 1 << 1, /* refuse every change */
  KG_OPEN_NOWAIT = 1 << 2,   /* a busy timeout of 0: a write fails at once
                                while another process writes */
  KG_OPEN_PRIVATE = 1 << 3,  /* a directory store only its owner may read:
                                the directory made (or set) 0700 and its
                                files 0600; later opens keep it so */
  KG_OPEN_REDLAND = 1 << 4   /* a directory store keeps a Redland copy
                                from now on (kg_store_set_redland_copy) */
};

/* Opens a store by spec (many processes may have a directory store open
 * at once: see kg_store_set_busy_timeout and docs/storage.md):
 *   DIR            a directory: the persistent store (kgsh's index and
 *                  journal; a Redland "hashes" copy when asked for; a
 *                  directory of Redland files alone is adopted)
 *   memory:        an indexed in-memory store, gone on close
 *   sqlite:PATH    librdf's SQLite storage module
 *   http(s)://HOST/PATH, sparql:QUERY_URL[,update=URL][,store=URL]
 *                  a SPARQL server's store (docs/remote.md): queries are
 *                  checked here, then sent with the SPARQL 1.1 Protocol;
 *                  updates to the update URL (default: the query URL);
 *                  kg_load to the Graph Store Protocol at the store URL,
 *                  else as INSERT DATA in batches; kg_export, stats,
 *                  graphs, find and completion by queries, cached until a
 *                  change; no transactions (begin, commit and rollback
 *                  fail with KG_ERR_UNSUPPORTED); kg_store_add and
 *                  kg_store_remove send INSERT DATA / DELETE DATA and set
 *                  *changed to 1 (the server does not say).
 *                  Credentials: $KGSH_USER ("user:password"), $KGSH_TOKEN
 *                  (a bearer token) or ~/.netrc; never shown. The open
 *                  asks ASK {} and fails when the endpoint does not
 *                  answer it.
 *   postgresql:CONNINFO, mysql:CONNINFO, virtuoso:CONNINFO
 *                  librdf's storage modules, copied whole into memory at
 *                  open (for a server's data use its endpoint instead);
 *                  CONNINFO is librdf's option string
 * A missing module names the Debian package that provides it. On success
 * *out is a new store that the caller closes with kg_store_close(). */
kg_status kg_store_open(const char *spec, unsigned flags, kg_store **out,
                        kg_error *err);

/* Checking a directory store (kgsh --check): every file read whole and
 * checked against its checksums and the others; each finding goes to
 * fn(ctx, FILE, OK, WHAT) (FILE relative to the store, OK 0 for damage).
 * With KG_CHECK_REPAIR (kgsh --repair), what can be rebuilt from the
 * other files is rebuilt (terms.idx, an index order from a sound one,
 * the Redland copy, the journal cut after its last readable commit, the
 * prefix lines that still read), and the findings say what was lost.
 * Returns KG_OK when the store is sound (or was repaired),
 * KG_ERR_CORRUPT when damage remains, KG_ERR_LOCKED when another process
 * writes (a check) or has the store open (a repair). */
typedef void (*kg_check_fn)(void *ctx, const char *file, int ok,
                            const char *what);
enum { KG_CHECK_REPAIR = 1 << 0 };
kg_status kg_store_check(const char *dir, unsigned flags, kg_check_fn fn,
                         void *ctx, kg_error *err);

/* Checkpoints pending changes, releases locks and frees the store. */
void kg_store_close(kg_store *st);

/* The spec the store was opened with. Borrowed until close. */
const char *kg_store_spec(const kg_store *st);

/* Number of statements in the store (all graphs), or -1 when unknown. */
long long kg_store_size(kg_store *st);

/* Asks the running call on `st` to stop with KG_ERR_CANCELLED. Safe to call
 * from a signal handler. The flag is cleared when the next call starts. */
void kg_store_interrupt(kg_store *st);

/* Transactions. Outside begin/commit every update is its own transaction.
 * Inside, changes are visible to the same store handle at once and reach
 * the disk together at commit; rollback forgets them. */
kg_status kg_store_begin(kg_store *st, kg_error *err);
kg_status kg_store_commit(kg_store *st, kg_error *err);
kg_status kg_store_rollback(kg_store *st, kg_error *err);
int kg_store_in_transaction(const kg_store *st);

/* Adds or removes one statement. A quad whose graph kind is KG_TERM_NONE
 * goes to the default graph. Returns KG_OK also when nothing changed;
 * *changed (may be NULL) says whether something did. */
kg_status kg_store_add(kg_store *st, const kg_quad *q, int *changed,
                       kg_error *err);
kg_status kg_store_remove(kg_store *st, const kg_quad *q, int *changed,
                          kg_error *err);

/* Writers wait for each other: a change (an update, a load, .begin)
 * takes the store's write lock for its transaction, and when another
 * process (or handle) holds it, waits up to this many milliseconds
 * (default 5000; 0 = not at all; KG_OPEN_NOWAIT starts at 0) before it
 * fails with KG_ERR_LOCKED, naming the holder's pid. */
void kg_store_set_busy_timeout(kg_store *st, long ms);
long kg_store_busy_timeout(const kg_store *st);

/* Durability: on (the default), every commit syncs the journal before
 * it returns, so a reported change survives a crash or power loss; off,
 * commits skip the sync (faster; a crash of the process still loses
 * nothing, a power loss may lose the last commits). */
void kg_store_set_durable(kg_store *st, int on);
int kg_store_durable(const kg_store *st);

/* The Redland copy of a directory store: the Berkeley DB files of a
 * Redland "hashes" store with contexts (NAME-sp2o.db, ...) that Redland
 * programs read, kept beside kgsh's index. Off by default; the choice is
 * recorded in the store and kept by later opens. Turning it on writes
 * the files from the index (it fails, leaving it off, when a term
 * exceeds Redland's limits); off deletes them. Needs the write lock and
 * no open transaction. KG_ERR_UNSUPPORTED for stores that are not
 * directories. */
kg_status kg_store_set_redland_copy(kg_store *st, int on, kg_error *err);
int kg_store_redland_copy(const kg_store *st);

/* A message about the store for its user, given once: e.g. that opening
 * converted a store made by an earlier kgsh. New string (free()), or
 * NULL when there is none. */
char *kg_store_notice(kg_store *st);

/* Default graph of queries: the union of all graphs (the default; what
 * Redland does) or only the unnamed graph (SPARQL's strict dataset). */
void kg_store_set_union_default(kg_store *st, int on);
int kg_store_union_default(const kg_store *st);

/* Parallel readers of a directory store (see "Threads" above): at most n
 * idle readers are kept open for the next reads (default 8; more open
 * while more threads read at once, and close when they are done); 0
 * turns readers off, so that every call takes turns on the handle. No
 * effect on other stores. kg_store_parallel_reads says whether reads of
 * other threads run at once. */
void kg_store_set_readers(kg_store *st, int n);
int kg_store_parallel_reads(const kg_store *st);

/* ------------------------------------------------------------------ load */

/* Where a load is, for a progress display. */
typedef struct kg_load_progress {
  unsigned long long bytes;    /* bytes read so far */
  unsigned long long total;    /* the input's size; 0 when unknown (a pipe) */
  unsigned long long triples;  /* statements read so far */
  int done;                    /* 1: the input is read (a large load then
                                  still writes the index) */
} kg_load_progress;

/* Called during a load: every 100,000 statements, when half a second has
 * passed since the last call as the input is read, and once when the
 * input is read; returning non-zero cancels the load. `p` is borrowed for
 * the call. */
typedef int (*kg_progress_fn)(void *data, const kg_load_progress *p);

typedef struct kg_load_options {
  const char *syntax;     /* a syntax of kg_load (or an alias: ttl,
                             json-ld, ...) or NULL to guess */
  const char *graph;      /* IRI of the target graph or NULL = default
                             graph (quads keep their own graph names) */
  const char *base_uri;   /* NULL = the file's URI */
  kg_progress_fn progress;
  void *progress_data;
  int show_content;       /* errors may quote the text at fault (a token of
                             the file); off, the default, they never echo
                             a file's or a response's content: for LOAD and
                             servers, which must not leak what they read */
  const char *context_dir;   /* JSON-LD: offline copies of remote contexts
                                (data/contexts), or NULL */
  int allow_remote_contexts; /* JSON-LD: fetch http(s) contexts not found
                                there; off by default (a server keeps it
                                off) */
  int no_private;          /* a URL to load may not reach a loopback,
                              private or link-local address ... */
  const char *const *allow_hosts; /* ... but these (NULL-terminated "HOST"
                              or "HOST:PORT"; may be NULL) */
} kg_load_options;

typedef struct kg_load_stats {
  unsigned long long triples;  /* statements read */
  unsigned long long added;    /* statements new to the store */
  unsigned long long bytes;    /* bytes read */
  char syntax[32];             /* the parser used */
} kg_load_stats;

/* The file: URI of a local path (made absolute), as the base IRI of its
 * contents; new string (free()), NULL when out of memory. */
char *kg_file_uri(const char *path);

/* Loads a file ("-" = stdin) or an http(s) URL. Syntaxes: turtle,
 * ntriples, nquads, trig, rdfxml, rdfa, json (RDF/JSON), jsonld (JSON-LD
 * 1.1), guess; chosen by options->syntax, then the file extension or
 * Content-Type, then content. All or nothing: on any error nothing is
 * added. A JSON-LD document is read whole into memory; its file: contexts
 * are read only when it is a local file or stdin. `options` and `stats`
 * may be NULL. */
kg_status kg_load(kg_store *st, const char *path_or_url,
                  const kg_load_options *options, kg_load_stats *stats,
                  kg_error *err);

/* Same, from a memory buffer; `name` names it in errors. */
kg_status kg_load_string(kg_store *st, const char *data, size_t len,
                         const char *name, const kg_load_options *options,
                         kg_load_stats *stats, kg_error *err);

/* The syntax for a file name ("x.ttl" -> "turtle", "x.jsonld" ->
 * "jsonld"), or NULL. ".json" says "json", though kg_load reads a .json
 * file that looks like JSON-LD as JSON-LD. */
const char *kg_syntax_for_path(const char *path);

/* --------------------------------------------------------------- formats */

/* What a format writes: result sets (SELECT, ASK) and statements
 * (CONSTRUCT, DESCRIBE, kg_export). */
enum {
  KG_FORMAT_BINDINGS = 1 << 0, /* writes SELECT/ASK results */
  KG_FORMAT_GRAPHS = 1 << 1,   /* writes RDF statements */
  KG_FORMAT_QUADS = 1 << 2     /* ... and keeps their named graphs */
};

/* An output format of kg_result_write and kg_export. All static. */
typedef struct kg_format {
  const char *name;            /* "turtle" */
  const char *const *aliases;  /* other names, NULL-terminated ("ttl") */
  const char *help;            /* one line for a listing */
  unsigned writes;             /* KG_FORMAT_BINDINGS and/or _GRAPHS */
} kg_format;

/* The formats in listing order: the count and the i-th (NULL past the
 * end). */
size_t kg_format_count(void);
const kg_format *kg_format_at(size_t i);

/* The format with `name` as its name or an alias, case-insensitive; NULL
 * when unknown or `name` is NULL. */
const kg_format *kg_format_find(const char *name);

/* A media type (MIME type) a format writes, for HTTP content negotiation:
 * `type` ("application/sparql-results+json"), the format's name for
 * kg_result_write and kg_export ("json"), and what it is for (one of
 * KG_FORMAT_BINDINGS, KG_FORMAT_GRAPHS). All static. */
typedef struct kg_media_type {
  const char *type;
  const char *format;
  unsigned writes;
} kg_media_type;

/* The media types, each format's preferred type first, formats in the
 * order a server should offer them; NULL past the end. */
const kg_media_type *kg_media_type_at(size_t i);

/* The media type entry for `type` (parameters after ';' ignored,
 * case-insensitive) that writes `what`, or NULL. */
const kg_media_type *kg_media_type_find(const char *type, unsigned what);

/* The preferred media type of format `name` (a name or alias) for `what`,
 * or NULL. */
const char *kg_format_media_type(const char *name, unsigned what);

/* ---------------------------------------------------------------- export */

/* Formats: those that write graphs (turtle, ntriples, nquads, trig,
 * rdfxml, json = RDF/JSON, jsonld = JSON-LD compacted with the store's
 * prefixes, jsonld-expanded, dot and their aliases). Triple formats given
 * several graphs write their union; JSON-LD holds every statement until
 * the end (compaction needs all of a node's values). */
typedef struct kg_export_options {
  const char *format;  /* NULL = turtle */
  const char *graph;   /* NULL = whole store; "default" or an IRI */
  const char *base_uri;
} kg_export_options;

kg_status kg_export(kg_store *st, FILE *out, const kg_export_options *opt,
                    kg_error *err);

/* 1 if `format` names an export format. */
int kg_export_format_known(const char *format);

/* -------------------------------------------------------------- prefixes */

/* Registry of prefixes: the well-known ones plus those declared by loaded
 * files and by kg_prefix_set(), kept in the store. */
kg_status kg_prefix_set(kg_store *st, const char *name, const char *iri,
                        kg_error *err);
kg_status kg_prefix_remove(kg_store *st, const char *name, kg_error *err);
/* The IRI for `name`, borrowed until the registry changes (in any
 * thread); NULL if none. */
const char *kg_prefix_get(kg_store *st, const char *name);
/* Number of prefixes and the i-th, sorted by name; borrowed as above. */
size_t kg_prefix_count(kg_store *st);
void kg_prefix_at(kg_store *st, size_t i, const char **name,
                  const char **iri);
/* Shortens `iri` to "name:local" with the longest matching prefix whose
 * local part is valid in Turtle. Returns a new string (free()) or NULL. */
char *kg_prefix_shrink(kg_store *st, const char *iri);

/* ------------------------------------------------------------ statistics */

typedef struct kg_count {
  char *iri;               /* graph, predicate or class; NULL = default */
  unsigned long long n;
} kg_count;

typedef struct kg_stats {
  unsigned long long triples;     /* statements in all graphs */
  unsigned long long distinct_triples; /* distinct (s, p, o): a triple
                                     stated in two graphs counts once */
  unsigned long long subjects;    /* distinct subjects */
  unsigned long long predicates;  /* distinct predicates */
  unsigned long long objects;     /* distinct objects */
  unsigned long long classes;     /* distinct objects of rdf:type */
  unsigned long long terms;       /* distinct terms in the store */
  size_t ngraphs;
  kg_count *graphs;               /* per graph, default graph first */
  size_t npredicates;
  kg_count *top_predicates;       /* most used first */
  size_t nclasses;
  kg_count *top_classes;          /* most instances first */
} kg_stats;

/* Computes statistics with the `top` most used predicates and classes. */
kg_status kg_store_stats(kg_store *st, size_t top, kg_stats **out,
                         kg_error *err);
void kg_stats_free(kg_stats *s);

/* ----------------------------------------------------------------- query */

typedef struct kg_result kg_result;

typedef enum {
  KG_RESULT_BOOLEAN = 1, /* ASK */
  KG_RESULT_BINDINGS,    /* SELECT */
  KG_RESULT_GRAPH,       /* CONSTRUCT, DESCRIBE, kg_store_find */
  KG_RESULT_UPDATE       /* SPARQL Update */
} kg_result_type;

typedef struct kg_query_options {
  const char *base_uri;    /* NULL = none */
  int declare_prefixes;    /* declare the store's prefixes implicitly */
  long timeout_ms;         /* 0 = none: a statement running longer stops
                              with KG_ERR_CANCELLED (an update changes
                              nothing); SERVICE requests use their own */
  long max_memory_mb;      /* 0 = none: a statement whose intermediate
                              results grow past this stops the same way */
  int read_documents;      /* a FROM/FROM NAMED IRI that names no graph of
                              the store: KG_READ_NONE (0) an empty graph,
                              as SPARQL's default; KG_READ_FILES the local
                              document (file: IRI or path) is read for this
                              query only; KG_READ_WEB also http(s) ones */
  const volatile int *cancel; /* non-NULL: the call (and the reading of its
                              result) stops with KG_ERR_CANCELLED once
                              *cancel is non-zero; for one request where
                              kg_store_interrupt would stop every call */
  unsigned deny;           /* KG_DENY_* flags: operations refused with
                              KG_ERR_DENIED (the caller's policy) */
  const char *const *allow_hosts; /* with KG_DENY_PRIVATE: "HOST" or
                              "HOST:PORT" LOAD and SERVICE may still reach
                              (NULL-terminated; may be NULL) */
  const char *const *default_graphs; /* non-NULL (NULL-terminated, may be
                              empty): the dataset given beside the query
                              (SPARQL protocol default-graph-uri), in place
                              of the query's FROM; for an update, its
                              USING (one with USING or WITH of its own is
                              refused: KG_ERR_ARG) */
  const char *const *named_graphs;   /* the same for FROM NAMED
                              (named-graph-uri) and USING NAMED */
  const char *context_dir; /* LOAD and FROM documents: as kg_load_options */
  int allow_remote_contexts;
} kg_query_options;
enum { KG_READ_NONE = 0, KG_READ_FILES = 1, KG_READ_WEB = 2 };
enum {
  KG_DENY_LOAD_FILE = 1 << 0, /* LOAD of a local file (file: IRI, path) */
  KG_DENY_LOAD_WEB = 1 << 1,  /* LOAD of an http(s) URL */
  KG_DENY_SERVICE = 1 << 2,   /* SERVICE (federated query) */
  KG_DENY_UPDATE = 1 << 3,    /* an update where a query is expected */
  KG_DENY_QUERY = 1 << 4,     /* a query where an update is expected */
  KG_DENY_PRIVATE = 1 << 5    /* LOAD or SERVICE to a loopback, private or
                                 link-local address, unless its host is in
                                 allow_hosts (checked on every connection,
                                 redirects included) */
};

/* Parses and runs SPARQL 1.1 (query or update). On success *out is a new
 * result; rows are produced as they are read. `opt` may be NULL. */
kg_status kg_query(kg_store *st, const char *sparql,
                   const kg_query_options *opt, kg_result **out,
                   kg_error *err);

/* Parses only: KG_OK if `sparql` is valid SPARQL 1.1 query or update. */
kg_status kg_query_check(kg_store *st, const char *sparql,
                         const kg_query_options *opt, kg_error *err);

/* The query's algebra in a readable form (for `.explain`), as the
 * optimizer leaves it (constants folded, a top-k for ORDER BY under a
 * LIMIT); new string. */
kg_status kg_query_explain(kg_store *st, const char *sparql,
                           const kg_query_options *opt, char **out,
                           kg_error *err);

/* Runs a query (not an update: KG_ERR_DENIED) to its end, reading and
 * dropping its answers, and gives the plan it ran with (for `.explain
 * analyze`): an operator a line, children indented, each with the rows it
 * was estimated to give and the rows it gave, a basic graph pattern's
 * triple patterns in the order chosen; then a line with the answers'
 * count and the time taken. New string, caller frees. A server's store
 * (kgsh http://...) refuses it: KG_ERR_UNSUPPORTED. */
kg_status kg_query_explain_analyze(kg_store *st, const char *sparql,
                                   const kg_query_options *opt, char **out,
                                   kg_error *err);

/* Statements matching a pattern; NULL or kind NONE = wildcard. */
kg_status kg_store_find(kg_store *st, const kg_term *s, const kg_term *p,
                        const kg_term *o, const kg_term *g, kg_result **out,
                        kg_error *err);

/* IRIs of the store that start with `prefix`, for completion: calls fn
 * for up to `max` of them, the ones in `role` (a predicate, or a class:
 * an object of rdf:type) first when role is not KG_ROLE_ANY. fn returning
 * non-zero stops. Strings are borrowed for the call. */
enum { KG_ROLE_ANY = 0, KG_ROLE_PREDICATE, KG_ROLE_CLASS };
typedef int (*kg_iri_fn)(void *ctx, const char *iri, size_t len);
kg_status kg_store_iris(kg_store *st, const char *prefix, int role,
                        size_t max, kg_iri_fn fn, void *ctx, kg_error *err);

/* The graph names in the store (a BINDINGS result with ?graph, ?triples). */
kg_status kg_store_graphs(kg_store *st, kg_result **out, kg_error *err);

kg_result_type kg_result_kind(const kg_result *r);
int kg_result_boolean(const kg_result *r);

/* BINDINGS: column count and names (without '?'); borrowed until free. */
size_t kg_result_columns(const kg_result *r);
const char *kg_result_column(const kg_result *r, size_t i);

/* Advances to the next row or statement: 1 = a row, 0 = end, -1 = error
 * (in err). Terms returned below are borrowed until the next call. */
int kg_result_next(kg_result *r, kg_error *err);
const kg_term *kg_result_value(const kg_result *r, size_t col);
const kg_quad *kg_result_quad(const kg_result *r);

/* UPDATE: statements added and removed. */
unsigned long long kg_result_added(const kg_result *r);
unsigned long long kg_result_removed(const kg_result *r);
/* 1 when the two counts above are known; 0 for an update a SPARQL
 * server ran (the protocol does not say how many statements changed). */
int kg_result_counted(const kg_result *r);
/* Warnings about the query, for the user (not errors): e.g. an IRI of its
 * patterns that occurs nowhere in the store, with the nearest names.
 * Borrowed until kg_result_free. */
size_t kg_result_warnings(const kg_result *r);
const char *kg_result_warning(const kg_result *r, size_t i);

void kg_result_free(kg_result *r);

/* Writes the rest of a result in a format (a name or alias of
 * kg_format_find): for BINDINGS/BOOLEAN one that writes bindings ("json",
 * "xml", "csv", "tsv", "markdown"); for GRAPH one that writes graphs (any
 * export format; NULL = turtle). */
kg_status kg_result_write(kg_result *r, const char *format, FILE *out,
                          kg_store *st, kg_error *err);

/* -------------------------------------------------------------- pictures */

/* Pictures of a graph laid out with Graphviz: an entity's neighbourhood
 * (kg_draw) or a CONSTRUCT/DESCRIBE result (kg_draw_result). Nodes carry
 * their labels in the preferred language with the other under it, their
 * class as a colour (with a legend), literals as small boxes; n-ary nodes
 * (memberships, figures, investments: instances of org:Membership,
 * qb:Observation, prov:Activity and their subclasses) are drawn as one box
 * with their values inside. Pictures may be drawn from several threads
 * (Graphviz runs one at a time). */
#define KG_DRAW_MAX_NODES 60

typedef struct kg_draw_options {
  const char *format;  /* "svg" (NULL), "png" or "dot" */
  int depth;           /* kg_draw: hops around the entity; 0 = 1 */
  size_t max_nodes;    /* at most this many nodes, plus "and N more"
                          markers where some were cut; 0 = the default */
  const char *lang;    /* preferred label languages, "zh,en"; NULL = en,zh */
  const char *const *only;  /* NULL-terminated predicate IRIs: draw only
                               edges of these (NULL = all) */
  const char *const *skip;  /* predicate IRIs whose edges are left out */
} kg_draw_options;

/* What a picture holds: nodes drawn (markers not counted), edges, and the
 * nodes cut by max_nodes. */
typedef struct kg_draw_info {
  size_t nodes, edges, cut;
} kg_draw_info;

/* Draws the neighbourhood of `iri` (in and out edges up to opt->depth
 * hops) to `out`. KG_ERR_NOTFOUND when the store has no statement about
 * it. `opt` and `info` may be NULL. */
kg_status kg_draw(kg_store *st, const char *iri, const kg_draw_options *opt,
                  FILE *out, kg_draw_info *info, kg_error *err);

/* Draws the statements of a GRAPH result (the rest of its rows); `st`
 * gives prefixes, labels and classes (may be NULL). */
kg_status kg_draw_result(kg_result *r, kg_store *st,
                         const kg_draw_options *opt, FILE *out,
                         kg_draw_info *info, kg_error *err);

/* The picture format for a file name by its extension (".svg" -> "svg",
 * ".png", ".dot"/".gv" -> "dot"), or NULL. Static string. */
const char *kg_draw_format_for_path(const char *path);

/* ----------------------------------------------------------------- links */

/* Finding the same entities in another data set (graph/link/README.md):
 * candidates by label in every language (normalised, legal forms
 * stripped, aliases included; blocked by keys, not |local| x |target|),
 * scored by separate features, banded by two thresholds. */
typedef enum {
  KG_LINK_REJECT = 0, /* below the review threshold (kept by check only) */
  KG_LINK_REVIEW,     /* for a person to decide */
  KG_LINK_ACCEPT      /* at or above the accept threshold, unambiguous */
} kg_link_band;

typedef struct kg_link_options {
  const char *target;  /* an endpoint URL (http:// or https://), a store
                          spec or directory (read-only), an RDF file, or
                          <IRI>: a graph of this store */
  const char *select;  /* NULL: the labelled organisations, people and
                          places; a class (<IRI> or prefix:name, with its
                          subclasses); or a group pattern binding ?entity */
  double accept;       /* 0 = 0.85 */
  double review;       /* 0 = 0.6 */
  int exact;           /* the baseline: a link for every equal label */
  long delay_ms;       /* an endpoint: at most one request per delay;
                          0 = 1000, < 0 none */
  long batch;          /* an endpoint: labels per request; 0 = 40 */
  /* called after each request to an endpoint with the local entities
   * looked up so far and their number; non-zero stops the run
   * (KG_ERR_CANCELLED). NULL = none. */
  int (*progress)(void *data, size_t done, size_t total);
  void *progress_data;
} kg_link_options;

/* One candidate link. Strings are borrowed until kg_linkset_free. */
typedef struct kg_link {
  const char *local, *target;             /* IRIs */
  const char *local_label, *target_label; /* the pair of labels that met */
  const char *local_type, *target_type;   /* categories ("company"), or "" */
  const char *local_place, *target_place; /* a place's label, or "" */
  double label;    /* 1 equal labels, 0.95 equal through an alias or
                      once normalised, else 0.85 x max(Jaro-Winkler,
                      trigram); best over languages */
  double type;     /* 1 same category, 0.8 generic, 0.3 sibling, 0 other
                      kind, 0.5 unknown */
  double context;  /* 1 a shared place or founder, 0.2 places differ,
                      0.5 unknown */
  double score;    /* label x (0.6 + 0.25 type + 0.15 context) */
  kg_link_band band;
  const char *why; /* how the labels met ("exact", "alias", "normalised",
                      "fuzzy"),
                      or why not accepted ("ambiguous", "not in target") */
} kg_link;

typedef struct kg_linkset kg_linkset;

/* Candidate links from the store's entities to opt->target: accepted,
 * and review-band ones (at most three per entity). Nothing is written.
 * On success *out is new (kg_linkset_free). */
kg_status kg_link_find(kg_store *st, const kg_link_options *opt,
                       kg_linkset **out, kg_error *err);

/* The store's owl:sameAs links into the target re-scored against it: one
 * kg_link per stored link, in any band ("not in target" when the target
 * does not describe the object). */
kg_status kg_link_check(kg_store *st, const kg_link_options *opt,
                        kg_linkset **out, kg_error *err);

/* Links sorted by band, then score (best first); NULL past the end. */
size_t kg_linkset_count(const kg_linkset *ls);
const kg_link *kg_linkset_at(const kg_linkset *ls, size_t i);
/* The graph links to this target go to by default ("urn:kgsh:links:" and
 * a short name of the target). Borrowed until free. */
const char *kg_linkset_graph(const kg_linkset *ls);
/* Entities compared: local ones, target ones read, pairs scored, and the
 * requests an endpoint was sent. */
void kg_linkset_stats(const kg_linkset *ls, size_t *local, size_t *target,
                      size_t *pairs, size_t *requests);
void kg_linkset_free(kg_linkset *ls);

/* Writes links (the n positions `which` of ls) into `graph` (<IRI>,
 * prefix:name or an IRI; NULL = the default above) as `predicate` (NULL = owl:sameAs; skos:closeMatch for
 * review-band ones a person chose), each with its provenance as a
 * reified rdf:Statement (scores, features, method, target, date), and
 * keeps the graph's void:Linkset (target, predicate, count) up to date.
 * One transaction (or part of the caller's). `method` says how the link
 * was decided ("accepted at 0.85", "reviewed"). */
kg_status kg_link_record(kg_store *st, const kg_linkset *ls,
                         const size_t *which, size_t n, const char *predicate,
                         const char *method, const char *graph,
                         kg_error *err);

#ifdef __cplusplus
}
#endif

#endif /* KG_H */
