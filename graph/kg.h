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
  KG_ERR_STATE        /* call out of order (e.g. commit without begin) */
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

/* Writes `t` in N-Triples form ("<iri>", "_:b", "\"x\"@en",
 * "\"1\"^^<...#integer>") into a new string the caller frees with free().
 * Returns NULL when out of memory. */
char *kg_term_to_nt(const kg_term *t);

/* ---------------------------------------------------------------- stores */

typedef struct kg_store kg_store;

enum {
  KG_OPEN_CREATE = 1 << 0,   /* create the store if it does not exist */
  KG_OPEN_READONLY = 1 << 1, /* refuse every change */
  KG_OPEN_NOWAIT = 1 << 2    /* fail at once if another process holds it */
};

/* Opens a store by spec:
 *   DIR            a directory: the persistent store (Redland "hashes" over
 *                  Berkeley DB with contexts, plus kgsh's indexes)
 *   memory:        an indexed in-memory store, gone on close
 *   sqlite:PATH    librdf's SQLite storage module
 *   postgresql:CONNINFO, virtuoso:CONNINFO, mysql:CONNINFO
 *                  librdf's storage modules; CONNINFO is librdf's option
 *                  string, e.g. "host='localhost',database='kg',user='me'"
 * A missing module names the Debian package that provides it. On success
 * *out is a new store that the caller closes with kg_store_close(). */
kg_status kg_store_open(const char *spec, unsigned flags, kg_store **out,
                        kg_error *err);

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

/* Durability: on (the default), every commit syncs the journal before
 * it returns, so a reported change survives a crash or power loss; off,
 * commits skip the sync (faster; a crash of the process still loses
 * nothing, a power loss may lose the last commits). */
void kg_store_set_durable(kg_store *st, int on);
int kg_store_durable(const kg_store *st);

/* Default graph of queries: the union of all graphs (the default; what
 * Redland does) or only the unnamed graph (SPARQL's strict dataset). */
void kg_store_set_union_default(kg_store *st, int on);
int kg_store_union_default(const kg_store *st);

/* ------------------------------------------------------------------ load */

/* Called during long loads; returning non-zero cancels the load. */
typedef int (*kg_progress_fn)(void *data, unsigned long long bytes,
                              unsigned long long triples);

typedef struct kg_load_options {
  const char *syntax;     /* a syntax of kg_load (or an alias: ttl,
                             json-ld, ...) or NULL to guess */
  const char *graph;      /* IRI of the target graph or NULL = default
                             graph (quads keep their own graph names) */
  const char *base_uri;   /* NULL = the file's URI */
  kg_progress_fn progress;
  void *progress_data;
  const char *context_dir;   /* JSON-LD: offline copies of remote contexts
                                (data/contexts), or NULL */
  int allow_remote_contexts; /* JSON-LD: fetch http(s) contexts not found
                                there; off by default (a server keeps it
                                off) */
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
/* The IRI for `name`, borrowed until the registry changes; NULL if none. */
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
  long timeout_ms;         /* 0 = none (SERVICE requests use their own) */
  int read_documents;      /* a FROM/FROM NAMED IRI that names no graph of
                              the store: KG_READ_NONE (0) an empty graph,
                              as SPARQL's default; KG_READ_FILES the local
                              document (file: IRI or path) is read for this
                              query only; KG_READ_WEB also http(s) ones */
  const char *context_dir; /* LOAD and FROM documents: as kg_load_options */
  int allow_remote_contexts;
} kg_query_options;
enum { KG_READ_NONE = 0, KG_READ_FILES = 1, KG_READ_WEB = 2 };

/* Parses and runs SPARQL 1.1 (query or update). On success *out is a new
 * result; rows are produced as they are read. `opt` may be NULL. */
kg_status kg_query(kg_store *st, const char *sparql,
                   const kg_query_options *opt, kg_result **out,
                   kg_error *err);

/* Parses only: KG_OK if `sparql` is valid SPARQL 1.1 query or update. */
kg_status kg_query_check(kg_store *st, const char *sparql,
                         const kg_query_options *opt, kg_error *err);

/* The query's algebra in a readable form (for `.explain`); new string. */
kg_status kg_query_explain(kg_store *st, const char *sparql,
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

#ifdef __cplusplus
}
#endif

#endif /* KG_H */
