/* store.h - the kg_store object and the calls its modules share.
 *
 * A store is a term dictionary, an index (base + committed changes + the
 * open transaction's changes) and, by kind:
 *   STORE_DIR     the journal, the files in a directory and, when
 *                 asked for, the Redland copy (see docs/storage.md)
 *   STORE_MEMORY  nothing else
 *   STORE_LIBRDF  a librdf storage module that receives every commit
 */
#ifndef KG_STORE_H
#define KG_STORE_H

#include <pthread.h>
#include <signal.h>

#include "store/dict.h"
#include "store/index.h"
#include "internal.h"
#include "lock.h"
#include "result.h"
#include "store/mirror.h"
#include "store/wal.h"

typedef enum { STORE_DIR = 1, STORE_MEMORY, STORE_LIBRDF } store_kind;

typedef struct kg_prefixes kg_prefixes;
typedef struct rdfmod rdfmod;

/* A store kept by a SPARQL server (graph/remote/): a memory store (the
 * session's prefixes, the lock) whose public calls answer through this
 * table. The layer that speaks HTTP fills it, so the layers below call
 * it without depending on it. `data` is the remote's own state. */
typedef struct store_remote_ops {
  kg_status (*query)(kg_store *st, const char *sparql,
                     const kg_query_options *opt, kg_result **out,
                     kg_error *err);
  kg_status (*load)(kg_store *st, const char *path, const char *data,
                    size_t len, const kg_load_options *opt,
                    kg_load_stats *stats, kg_error *err);
  kg_status (*export)(kg_store *st, FILE *out, const kg_export_options *opt,
                      kg_error *err);
  kg_status (*stats)(kg_store *st, size_t top, kg_stats **out,
                     kg_error *err);
  kg_status (*graphs)(kg_store *st, kg_result **out, kg_error *err);
  kg_status (*find)(kg_store *st, const kg_term *s, const kg_term *p,
                    const kg_term *o, const kg_term *g, kg_result **out,
                    kg_error *err);
  kg_status (*iris)(kg_store *st, const char *prefix, int role, size_t max,
                    kg_iri_fn fn, void *ctx, kg_error *err);
  kg_status (*change)(kg_store *st, const kg_quad *q, int add, int *changed,
                      kg_error *err);
  long long (*size)(kg_store *st);
  void (*close)(void *data);
} store_remote_ops;

struct kg_store {
  char *spec;
  store_kind kind;
  int readonly;
  char *dir;                 /* STORE_DIR */
  int lock_fd;               /* the directory: shared while open */
  int write_fd;              /* kgsh.pid: locked while a write runs */
  int writing;               /* this handle holds the write lock */
  int wrote;                 /* it committed (its close catches up the
                                Redland files) */
  long busy_ms;              /* how long a write waits for another's */
  long long manifest_id;     /* the manifest last read or written */
  int manifest_version;      /* the version it was written in */
  int converted;             /* this open converted it to version 2 */
  kg_dict *dict;
  kg_index *base;
  uint64_t gen;              /* generation of base */
  qset *committed;           /* committed, not yet merged into base */
  qset *mirror_pending;      /* committed changes the Redland files lack */
  uint64_t mirror_seq;       /* last commit the Redland files hold */
  qset *txn;                 /* the open transaction, or NULL */
  int explicit_txn;          /* kg_store_begin() was called */
  kg_id txn_dict_start;      /* dictionary size when the txn began */
  kg_id logged_terms;        /* terms already in the journal/manifest */
  kg_wal *wal;
  kg_mirror *mirror;
  char *mirror_name;
  int redland;               /* the Redland copy is kept (the manifest's
                                `redland on`); -1: a 0.9 manifest, not yet
                                converted. A writable handle has `mirror`
                                open exactly when it is on */
  char *notice;              /* for the user, once (kg_store_notice) */
  int mirror_dirty;          /* mirror.dirty marker is set */
  int dict_dirty;            /* dict.dirty marker is set */
  rdfmod *rdf;               /* STORE_LIBRDF */
  kg_prefixes *prefixes;
  uint64_t prefixes_seen[4]; /* the prefixes file read or written last:
                                device, inode, size, mtime (ns) */
  uint64_t seq;              /* commits so far */
  uint64_t bnodes;           /* blank node scopes handed out */
  int union_default;
  int durable;               /* sync the journal at each commit */
  size_t ckpt_min;           /* committed changes that trigger a merge */
  size_t bulk_min;           /* statements of a load before the bulk path */
  size_t run_keys;           /* quads per sorted run of a bulk load */
  kg_lock lock;              /* threads: one call at a time */
  volatile sig_atomic_t interrupted;
  uint64_t changes;          /* bumped on every change (caches) */
  void *stats_cache;         /* engine statistics, owned by the engine */
  void (*stats_free)(void *);
  const store_remote_ops *remote; /* a server's store, or NULL */
  void *remote_data;              /* its state, freed by remote->close */
  /* parallel readers (readers.c) */
  void *home_thread;         /* the thread that opened the handle */
  void *txn_thread;          /* the thread of the open explicit
                                transaction, or NULL (atomic) */
  unsigned long interrupts;  /* kg_store_interrupt calls (atomic) */
  pthread_mutex_t readers_mu;/* the pool below */
  kg_store **idle;           /* readers not in use */
  size_t nidle, capidle;
  int readers_max;           /* readers kept idle; 0: none used (atomic) */
  kg_store *owner;           /* a reader: the handle it reads for */
  unsigned long owner_interrupts; /* the owner's count when taken */
};

/* ---------------------------------------------------------- readers.c */

enum { READERS_IDLE = 8 };   /* readers a handle keeps by default */

/* open.c sets up a new handle's pool (the opening thread is the
 * handle's own) and closes its idle readers with it (the busy ones
 * belong to results, freed before the handle is closed). */

/* Every read call (a query, find, graphs, export) starts here: *on gets
 * the store to read, a reader of this thread's or st itself, locked and
 * caught up with the commits (as store_call; *on is set on failure too).
 * store_read_leave ends it: the result r (may be NULL) holds a reader;
 * without one the reader goes back to the pool. */
kg_status store_read_enter(kg_store *st, kg_store **on, kg_error *err);
void store_read_leave(kg_store *st, kg_store *on, kg_result *r);

/* Opens a local store (kg_store_open's DIR, memory: and librdf specs);
 * kg_store_open, in graph/remote/, adds the servers' specs. */
kg_status store_open(const char *spec, unsigned flags, kg_store **out,
                     kg_error *err);

/* The refusal of a transaction call on a server's store. */
kg_status store_remote_no_txn(kg_store *st, kg_error *err);

/* The visible state (base, committed, transaction). A result read
 * after the call that made it holds it (view_hold): the store then
 * changes copies (store_own), never what a snapshot reads. */
static inline kg_view store_view(const kg_store *st) {
  kg_view v = {st->base, {st->committed, st->txn}, st->txn ? 2 : 1};
  return v;
}

/* Makes *q the store's own before a change: when a snapshot holds it,
 * a copy (keep) or an empty set replaces it. -1 when out of memory. */
static inline int store_own(qset **q, int keep) {
  if (!qset_shared(*q)) {
    if (!keep) qset_clear(*q);
    return 0;
  }
  qset *c = keep ? qset_copy(*q) : qset_new();
  if (!c) return -1;
  qset_free(*q);
  *q = c;
  return 0;
}

/* Threads: every public call on a store runs between store_enter and
 * store_leave; store_call also picks up other processes' commits first
 * (a failure leaves the lock taken: the caller leaves). */
static inline void store_enter(kg_store *st) { lock_enter(&st->lock); }
static inline void store_leave(kg_store *st) { lock_leave(&st->lock); }
kg_status store_call(kg_store *st, kg_error *err);
/* A result read after the call: its rows and its free take the lock. */
static inline void store_result_locked(kg_result *r, kg_store *st) {
  if (r) r->lock = &st->lock;
}

/* Other processes (share.c). Before each statement: picks up the commits
 * other processes made since the last one (cheap when there are none). */
kg_status store_refresh(kg_store *st, kg_error *err);
/* Takes the write lock (waiting up to the busy timeout) and catches up
 * with every commit; a no-op but for directory stores. */
kg_status store_write_lock(kg_store *st, kg_error *err);
/* Releases it when no transaction is open. */
void store_write_unlock(kg_store *st);

/* Interns a term (checking Redland's limits for directory stores). */
kg_status store_intern(kg_store *st, const kg_term *t, kg_id *id,
                       kg_error *err);

/* The id of a term, 0 when the store has none; KG_ERR_CORRUPT when the
 * lookup met damage (then "absent" would be a wrong answer). */
static inline kg_status store_lookup(kg_store *st, const kg_term *t,
                                     kg_id *id, kg_error *err) {
  *id = dict_find(st->dict, t);
  return *id ? KG_OK : dict_damaged(st->dict, err);
}

/* The term of an id (borrowed from the dictionary). */
static inline int store_term(kg_store *st, kg_id id, kg_term *t) {
  return dict_term(st->dict, id, t);
}

/* Statements per graph (graph 0 = default, always first), sorted by id
 * (find.c). *out is new (free()). */
typedef struct graph_count {
  kg_id g;
  long long n;
} graph_count;
kg_status store_graph_counts(const kg_view *v, graph_count **out, size_t *n,
                             kg_error *err);

/* Starts an implicit transaction if none is open. */
kg_status store_write_begin(kg_store *st, kg_error *err);
/* Sets a quad's state in the open transaction; *changed (may be NULL)
 * says whether the visible state changed. */
kg_status store_set(kg_store *st, const kg_qid *q, int op, int *changed,
                    kg_error *err);
/* Ends an implicit transaction: commit on KG_OK, else roll back. An
 * explicit transaction stays open. Returns `st_in` or the commit's
 * failure. */
kg_status store_write_end(kg_store *st, kg_status st_in, kg_error *err);

/* Savepoints inside an explicit transaction: a copy of its changes so
 * far (NULL when no explicit transaction is open, or out of memory), and
 * going back to it (consumes sp). A failed statement inside .begin/.commit
 * so leaves the transaction as it was before the statement. */
qset *store_savepoint(kg_store *st);
void store_restore(kg_store *st, qset *sp, int failed);

/* A new blank-node scope number (labels from one file or request are
 * made unique in the store with it). */
uint64_t store_bnode_scope(kg_store *st);

/* 1 (and clears the flag) if kg_store_interrupt was called. */
int store_interrupted(kg_store *st);

/* Bulk path for large loads (load.c): ops go straight to the journal and
 * the index is rebuilt from sorted runs at commit. */
typedef struct bulk bulk;
kg_status bulk_begin(kg_store *st, bulk **out, kg_error *err);
kg_status bulk_add(bulk *b, const kg_qid *q, kg_error *err);
/* Commits (or, when st_in != KG_OK, abandons) the bulk load; *added
 * receives the statements new to the store. */
kg_status bulk_end(bulk *b, kg_status st_in, unsigned long long *added,
                   kg_error *err);

/* librdf module backend (rdfmod.c). */
kg_status rdfmod_open(kg_store *st, const char *module, const char *options,
                      int create, kg_error *err);
kg_status rdfmod_apply(kg_store *st, qset *changes, kg_error *err);
void rdfmod_close(kg_store *st);

/* Prefix registry (prefix.c). */
kg_status prefixes_load(kg_store *st, kg_error *err);
/* Reads the prefixes file again when another process has replaced it
 * since this one read or wrote it (one stat). */
kg_status prefixes_follow(kg_store *st, kg_error *err);
void prefixes_free(kg_prefixes *p);
/* Writes the prefixes file again (a store converted from version 1:
 * the new file has its checksum). */
kg_status prefixes_rewrite(kg_store *st, kg_error *err);
/* Repair: rewrites the prefixes file from the lines of the old one that
 * still read as prefixes (valid names and IRIs). */
kg_status prefixes_salvage(kg_store *st, kg_error *err);
/* Records a prefix declared by a loaded file (if the name is free). */
kg_status prefixes_declare(kg_store *st, const char *name, const char *iri,
                           kg_error *err);

#endif /* KG_STORE_H */
