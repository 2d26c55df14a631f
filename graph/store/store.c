/* store.c - opening, recovering, committing and closing stores. */
#include "fault.h"
#include "store/store.h"
#include "world.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MANIFEST "kgsh.manifest"
#define PIDFILE "kgsh.pid"
#define JOURNAL "journal"
#define MIRROR_DIRTY "mirror.dirty"
#define DICT_DIRTY "dict.dirty"

enum {
  CKPT_MIN = 200000,         /* committed changes before a merge */
  BULK_MIN = 300000,         /* statements a load holds in memory */
  LOCK_WAIT_MS = 5000,
  RUN_KEYS = 1 << 18,        /* quads per sorted run of a bulk load */
  RUNS_FANIN = 16            /* runs of one size merged into a larger one */
};

/* ------------------------------------------------------------ helpers */

static void dpath(char *buf, size_t n, const kg_store *st, const char *f) {
  snprintf(buf, n, "%s/%s", st->dir, f);
}

static kg_status sync_dir(const char *dir, kg_error *err) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return kg_err_errno(err, "cannot open", dir);
  int r = fsync(fd);
  close(fd);
  return r < 0 ? kg_err_errno(err, "cannot sync", dir) : KG_OK;
}

/* Creates or removes a marker file, durably. */
static kg_status marker(kg_store *st, const char *name, int on,
                        kg_error *err) {
  char path[4096];
  dpath(path, sizeof path, st, name);
  if (on) {
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return kg_err_errno(err, "cannot create", path);
    close(fd);
  } else if (unlink(path) < 0 && errno != ENOENT) {
    return kg_err_errno(err, "cannot remove", path);
  }
  return sync_dir(st->dir, err);
}

static int has_file(const kg_store *st, const char *name) {
  char path[4096];
  struct stat sb;
  dpath(path, sizeof path, st, name);
  return stat(path, &sb) == 0;
}

kg_view store_view(const kg_store *st) {
  kg_view v = {st->base, {st->committed, st->txn}, st->txn ? 2 : 1};
  return v;
}

int store_interrupted(kg_store *st) {
  if (!st->interrupted) return 0;
  st->interrupted = 0;
  return 1;
}

uint64_t store_bnode_scope(kg_store *st) { return ++st->bnodes; }

/* ----------------------------------------------------------- manifest */

static kg_status manifest_write(kg_store *st, kg_error *err) {
  char path[4096], tmp[4200];
  dpath(path, sizeof path, st, MANIFEST);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (!f) return kg_err_errno(err, "cannot write", tmp);
  fprintf(f,
          "kgsh-store 1\ngeneration %llu\nterms %u\nseq %llu\nbnodes %llu\n"
          "quads %zu\nmirror %s\nmirror-seq %llu\n",
          (unsigned long long)st->gen, dict_count(st->dict),
          (unsigned long long)st->seq, (unsigned long long)st->bnodes,
          index_size(st->base), st->mirror_name,
          (unsigned long long)st->mirror_seq);
  int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
  bad |= fclose(f) != 0;
  if (bad) {
    kg_status s = kg_err_errno(err, "cannot write", tmp);
    unlink(tmp);
    return s;
  }
  if (rename(tmp, path) < 0) return kg_err_errno(err, "cannot rename", tmp);
  return sync_dir(st->dir, err);
}

static kg_status manifest_read(kg_store *st, kg_error *err) {
  char path[4096], line[512];
  dpath(path, sizeof path, st, MANIFEST);
  FILE *f = fopen(path, "r");
  if (!f) return kg_err_errno(err, "cannot read", path);
  int ok = fgets(line, sizeof line, f) && !strncmp(line, "kgsh-store 1", 12);
  while (ok && fgets(line, sizeof line, f)) {
    char key[64], val[400];
    if (sscanf(line, "%63s %399s", key, val) != 2) continue;
    if (!strcmp(key, "generation")) st->gen = strtoull(val, NULL, 10);
    else if (!strcmp(key, "seq")) st->seq = strtoull(val, NULL, 10);
    else if (!strcmp(key, "bnodes")) st->bnodes = strtoull(val, NULL, 10);
    else if (!strcmp(key, "mirror-seq"))
      st->mirror_seq = strtoull(val, NULL, 10);
    else if (!strcmp(key, "mirror")) {
      free(st->mirror_name);
      st->mirror_name = strdup(val);
    }
  }
  fclose(f);
  if (!ok)
    return kg_err(err, KG_ERR_CORRUPT, "%s is not a kgsh manifest", path);
  if (!st->mirror_name) st->mirror_name = strdup("kg");
  return st->mirror_name ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
}

/* -------------------------------------------------------------- locks */

static kg_status lock_dir(kg_store *st, unsigned flags, kg_error *err) {
  st->lock_fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (st->lock_fd < 0) return kg_err_errno(err, "cannot open", st->dir);
  int how = (st->readonly ? LOCK_SH : LOCK_EX) | LOCK_NB;
  long waited = 0;
  while (flock(st->lock_fd, how) < 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      return kg_err_errno(err, "cannot lock", st->dir);
    if ((flags & KG_OPEN_NOWAIT) || waited >= LOCK_WAIT_MS) {
      /* a writer refused: are the holders readers only (then a reader
       * could open it), or a writer? */
      int readers = !st->readonly && flock(st->lock_fd, LOCK_SH | LOCK_NB) == 0;
      /* the lock (and the holder's kgsh.pid) is not ours */
      close(st->lock_fd);
      st->lock_fd = -1;
      if (readers)
        return kg_err(err, KG_ERR_LOCKED,
                      "store %s is in use by another process that reads it; "
                      "close it there first or open it with --readonly too",
                      st->dir);
      char path[4096], pid[32] = "";
      dpath(path, sizeof path, st, PIDFILE);
      FILE *f = fopen(path, "r");
      if (f) {
        if (!fgets(pid, sizeof pid, f)) pid[0] = '\0';
        fclose(f);
        pid[strcspn(pid, "\n")] = '\0';
      }
      return kg_err(err, KG_ERR_LOCKED,
                    "store %s is in use by another process%s%s%s that "
                    "changes it; close it there first",
                    st->dir, *pid ? " (pid " : "", pid, *pid ? ")" : "");
    }
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
    waited += 50;
  }
  if (!st->readonly) {
    char path[4096];
    dpath(path, sizeof path, st, PIDFILE);
    FILE *f = fopen(path, "w");
    if (!f) return kg_err_errno(err, "cannot write to", st->dir);
    fprintf(f, "%ld\n", (long)getpid());
    fclose(f);
  }
  return KG_OK;
}

/* ------------------------------------------------------------ journal */

/* Replay of the journal into the committed layer. A bulk load (a 'B'
 * transaction) that is the journal's last transaction is left there when
 * `merge_bulk`: the caller merges it in sorted runs, as bulk_end would
 * have, so that recovering a large load takes no more memory than
 * making it. */
typedef struct replay {
  kg_store *st;
  qset *txn;
  kg_error *err;
  int merge_bulk;
  int in_bulk;                /* the transaction being read is a bulk load */
  uint64_t at;                /* where it begins */
  unsigned long long ops;     /* its ops */
  uint64_t bulk_at;           /* the last committed bulk load left out */
  unsigned long long bulk_ops;
  int after_bulk;             /* a transaction followed it */
} replay;

static int rp_begin(void *ctx) {
  replay *r = ctx;
  qset_clear(r->txn);
  if (r->bulk_ops) r->after_bulk = 1;
  r->in_bulk = 0;
  r->ops = 0;
  return 0;
}

static int rp_bulk(void *ctx, uint64_t at) {
  replay *r = ctx;
  r->in_bulk = r->merge_bulk;
  r->at = at;
  return 0;
}

static int rp_terms(void *ctx, kg_id id, const unsigned char *rec,
                    size_t len) {
  replay *r = ctx;
  kg_term t;
  if (!kg_term_decode(rec, len, &t)) return 1;
  if (id <= dict_count(r->st->dict)) {
    size_t have_len;
    const unsigned char *have = dict_record(r->st->dict, id, &have_len);
    return !have || have_len != len || memcmp(have, rec, len);
  }
  if (id != dict_count(r->st->dict) + 1 || r->st->readonly) return 1;
  kg_id got;
  return dict_intern(r->st->dict, &t, &got, NULL, r->err) != KG_OK ||
         got != id;
}

static int rp_op(void *ctx, int op, const kg_qid *q) {
  replay *r = ctx;
  if (r->in_bulk) {
    r->ops++;
    return op < 0; /* a bulk load only adds */
  }
  /* the transaction's layer is relative to base + committed */
  kg_view under = {r->st->base, {r->st->committed}, 1};
  int have = qset_get(r->txn, q);
  int under_state = have ? have < 0 : view_contains(&under, q);
  return qset_set(r->txn, q, op, under_state) < 0;
}

static int rp_commit(void *ctx, uint64_t seq, kg_id dict_count_, uint64_t bn) {
  replay *r = ctx;
  if (r->in_bulk) {
    r->bulk_at = r->at;
    r->bulk_ops = r->ops;
  }
  /* commits after the Redland files' last update must reach them too */
  if (seq > r->st->mirror_seq &&
      qset_merge_into(r->st->mirror_pending, r->txn) < 0)
    return 1;
  if (qset_merge_into(r->st->committed, r->txn) < 0) return 1;
  qset_clear(r->txn);
  r->st->seq = seq;
  if (bn > r->st->bnodes) r->st->bnodes = bn;
  if (dict_count_ > dict_count(r->st->dict)) return 1;
  r->st->logged_terms = dict_count_;
  return 0;
}

/* Replays the journal; *bulk_ops (may be NULL: replay all) gets the ops of
 * a bulk load left in it for the caller to merge, 0 if none, and *bulk_at
 * where it begins. */
static kg_status journal_replay(kg_store *st, uint64_t *bulk_at,
                                unsigned long long *bulk_ops, kg_error *err) {
  replay r = {st, qset_new(), err, bulk_ops != NULL, 0, 0, 0, 0, 0, 0};
  if (!r.txn) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  wal_replay_fns fns = {rp_terms, rp_op, rp_commit, rp_begin, rp_bulk};
  kg_status s = wal_replay(st->wal, &fns, &r, err);
  if (s == KG_OK && r.after_bulk) {
    /* later transactions build on the load: replay it with them */
    qset_clear(st->committed);
    qset_clear(st->mirror_pending);
    r = (replay){st, r.txn, err, 0, 0, 0, 0, 0, 0, 0};
    s = wal_replay(st->wal, &fns, &r, err);
  }
  qset_free(r.txn);
  if (bulk_ops) {
    *bulk_at = r.bulk_at;
    *bulk_ops = s == KG_OK ? r.bulk_ops : 0;
  }
  return s;
}

/* ------------------------------------------------------------- mirror */

/* mirror_pending holds exact differences from what the Redland files
 * hold (they are rebuilt when a crash may have left them otherwise), so
 * adds need no existence check: with Berkeley DB's unsorted duplicates
 * that check scans every value of a key (all instances of a class). */
static int mirror_apply_one(void *ctx, const kg_qid *q, int op) {
  void **c = ctx;
  kg_store *st = c[0];
  return mirror_change(st->mirror, st->dict, op, q, 0, c[1]) != KG_OK;
}

/* Queues the changes the Redland files lack (idempotently: an add checks
 * first, a removal of an absent statement does nothing). */
static kg_status mirror_queue_pending(kg_store *st, kg_error *err) {
  void *ctx[2] = {st, err};
  if (qset_each(st->mirror_pending, mirror_apply_one, ctx)) return err->status;
  return KG_OK;
}

/* Marks the Redland files as up to date with every commit (after they
 * were synced): the manifest records the commit they hold. */
static kg_status mirror_done(kg_store *st, kg_error *err) {
  qset_clear(st->mirror_pending);
  st->mirror_seq = st->seq;
  TRY(manifest_write(st, err));
  TRY(marker(st, MIRROR_DIRTY, 0, err));
  st->mirror_dirty = 0;
  return KG_OK;
}

/* Brings the Redland files up to date with the commits they lack. */
static kg_status mirror_update(kg_store *st, kg_error *err) {
  if (!st->mirror ||
      (!qset_adds(st->mirror_pending) && !qset_dels(st->mirror_pending)))
    return KG_OK;
  if (!st->mirror_dirty) {
    TRY(marker(st, MIRROR_DIRTY, 1, err));
    st->mirror_dirty = 1;
  }
  TRY(mirror_queue_pending(st, err));
  TRY(mirror_sync(st->mirror, err));
  return mirror_done(st, err);
}

static int mirror_put_all(void *ctx, const kg_qid *q, int op) {
  void **c = ctx;
  kg_store *st = c[0];
  (void)op;
  return mirror_change(st->mirror, st->dict, 1, q, 0, c[1]) != KG_OK;
}

/* Rewrites the Redland files from the index (after a crash while they
 * were being written). */
static kg_status mirror_rebuild(kg_store *st, kg_error *err) {
  TRY(mirror_clear(st->mirror, err));
  kg_view v = store_view(st);
  kg_pattern all = {0, 0, 0, 0, G_UNION};
  kg_scan sc;
  all.gmode = G_DEFAULT;
  void *ctx[2] = {st, err};
  kg_qid q;
  /* every quad once: the default graph, then the named graphs */
  scan_init(&sc, &v, &all);
  while (scan_next(&sc, &q))
    if (mirror_put_all(ctx, &q, 1)) return err->status;
  all.gmode = G_NAMED;
  scan_init(&sc, &v, &all);
  while (scan_next(&sc, &q))
    if (mirror_put_all(ctx, &q, 1)) return err->status;
  return mirror_sync(st->mirror, err);
}

/* --------------------------------------------------------- checkpoint */

typedef struct ckpt_ctx {
  kg_store *st;
  kg_error *err;
  unsigned long long added;
} ckpt_ctx;

static int ckpt_change(void *ctx, const kg_qid *q, int op) {
  ckpt_ctx *c = ctx;
  /* a bulk load's statements (op 2, in the runs only) are what it added;
   * they are new to the Redland files too, which get the committed
   * changes through mirror_pending */
  if (op != 2) return 0;
  c->added++;
  if (!c->st->mirror) return 0;
  return mirror_change(c->st->mirror, c->st->dict, 1, q, 0, c->err) != KG_OK;
}

/* Merges the committed changes (and runs) into a new base generation. */
static kg_status checkpoint_run(kg_store *st, const kg_runs *runs,
                                unsigned long long *added, kg_error *err) {
  if (st->readonly) return KG_OK;
  kg_view v = {st->base, {st->committed}, 1};
  ckpt_ctx c = {st, err, 0};
  if (st->mirror && !st->mirror_dirty) {
    TRY(marker(st, MIRROR_DIRTY, 1, err));
    st->mirror_dirty = 1;
  }
  kg_index *nb = NULL;
  uint64_t gen = st->gen + 1;
  TRY(index_merge(&v, runs, st->kind == STORE_DIR ? st->dir : NULL, gen,
                  ckpt_change, &c, &nb, err));
  kg_fault("ckpt-index");
  if (added) *added = c.added;
  if (st->kind != STORE_DIR) {
    index_close(st->base);
    st->base = nb;
    st->gen = gen;
    qset_clear(st->committed);
    return KG_OK;
  }
  kg_status s = st->mirror ? mirror_queue_pending(st, err) : KG_OK;
  if (s == KG_OK && st->mirror) s = mirror_sync(st->mirror, err);
  kg_fault("ckpt-mirror");
  if (s == KG_OK) s = dict_sync(st->dict, err);
  uint64_t old = st->gen;
  kg_index *ob = st->base;
  uint64_t old_mseq = st->mirror_seq;
  if (s == KG_OK) {
    st->base = nb;
    st->gen = gen;
    if (st->mirror) st->mirror_seq = st->seq;
    s = manifest_write(st, err);
    kg_fault("ckpt-manifest");
    if (s != KG_OK) {
      st->base = ob;
      st->gen = old;
      st->mirror_seq = old_mseq;
    }
  }
  if (s != KG_OK) {
    index_close(nb);
    index_remove_files(st->dir, gen);
    return s;
  }
  index_close(ob);
  qset_clear(st->committed);
  if (st->mirror) qset_clear(st->mirror_pending);
  st->logged_terms = dict_count(st->dict);
  TRY(wal_reset(st->wal, gen, err));
  kg_fault("ckpt-journal");
  index_remove_files(st->dir, old);
  TRY(marker(st, MIRROR_DIRTY, 0, err));
  st->mirror_dirty = 0;
  st->changes++;
  return KG_OK;
}

/* A checkpoint reads many records once (for the Redland files): the
 * dictionary keeps few of their pages meanwhile. */
static kg_status checkpoint(kg_store *st, const kg_runs *runs,
                            unsigned long long *added, kg_error *err) {
  dict_bound(st->dict, 1);
  kg_status s = checkpoint_run(st, runs, added, err);
  dict_bound(st->dict, 0);
  return s;
}

/* -------------------------------------------------------- transactions */

kg_status store_write_begin(kg_store *st, kg_error *err) {
  if (st->readonly)
    return kg_err(err, KG_ERR_READONLY,
                  "the store was opened read-only; reopen it without "
                  "--readonly to change it");
  if (st->txn) return KG_OK;
  st->txn = qset_new();
  if (!st->txn) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  st->txn_dict_start = dict_count(st->dict);
  return KG_OK;
}

kg_status store_set(kg_store *st, const kg_qid *q, int op, int *changed,
                    kg_error *err) {
  kg_view under = {st->base, {st->committed}, 1};
  int have = qset_get(st->txn, q);
  int below = have ? have < 0 : view_contains(&under, q);
  int r = qset_set(st->txn, q, op, below);
  if (r < 0) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (changed) *changed = r;
  if (r) st->changes++;
  return KG_OK;
}

static int log_op(void *ctx, const kg_qid *q, int op) {
  void **c = ctx;
  kg_store *st = c[0];
  return wal_op(st->wal, op, q, c[1]) != KG_OK;
}

/* Writes the journal entries of terms not yet logged. */
static kg_status log_terms(kg_store *st, kg_error *err) {
  for (kg_id id = st->logged_terms + 1; id <= dict_count(st->dict); id++) {
    size_t len;
    const unsigned char *rec = dict_record(st->dict, id, &len);
    if (!rec) return kg_err(err, KG_ERR_CORRUPT, "term %u is missing", id);
    TRY(wal_term(st->wal, id, rec, len, err));
  }
  return KG_OK;
}

static kg_status commit(kg_store *st, kg_error *err) {
  qset *t = st->txn;
  if (!t) return KG_OK;
  int empty = !qset_adds(t) && !qset_dels(t);
  if (st->kind == STORE_DIR && !empty) {
    void *ctx[2] = {st, err};
    kg_status s = log_terms(st, err);
    if (s == KG_OK && qset_each(t, log_op, ctx)) s = err->status;
    kg_fault("commit-before");
    /* the dictionary files hold every committed term (not yet synced:
     * the journal has them), so that a reader can open the store after
     * this process dies without a writer recovering it first */
    if (s == KG_OK) s = dict_flush(st->dict, err);
    if (s == KG_OK)
      s = wal_commit(st->wal, st->seq + 1, dict_count(st->dict), st->bnodes,
                     st->durable, err);
    kg_fault("commit-after");
    if (s != KG_OK) {
      wal_abort(st->wal, NULL);
      return s;
    }
    st->logged_terms = dict_count(st->dict);
  }
  if (st->kind == STORE_LIBRDF && !empty) TRY(rdfmod_apply(st, t, err));
  if (!empty) st->seq++;
  if (st->kind == STORE_DIR && qset_merge_into(st->mirror_pending, t) < 0)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (qset_merge_into(st->committed, t) < 0)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  qset_free(t);
  st->txn = NULL;
  st->explicit_txn = 0;
  size_t pending = qset_adds(st->committed) + qset_dels(st->committed);
  size_t limit = index_size(st->base) / 8;
  if (pending > st->ckpt_min && pending > limit)
    return checkpoint(st, NULL, NULL, err);
  return KG_OK;
}

static void rollback(kg_store *st) {
  qset_free(st->txn);
  st->txn = NULL;
  st->explicit_txn = 0;
  st->changes++;
}

kg_status store_write_end(kg_store *st, kg_status st_in, kg_error *err) {
  if (st->explicit_txn) return st_in;
  if (st_in != KG_OK) {
    rollback(st);
    return st_in;
  }
  kg_status s = commit(st, err);
  if (s != KG_OK) rollback(st);
  return s;
}

qset *store_savepoint(kg_store *st) {
  if (!st->explicit_txn || !st->txn) return NULL;
  qset *sp = qset_new();
  if (sp && qset_merge_into(sp, st->txn) < 0) {
    qset_free(sp);
    return NULL;
  }
  return sp;
}

void store_restore(kg_store *st, qset *sp, int failed) {
  if (!sp) return;
  if (failed && st->explicit_txn) {
    qset_free(st->txn);
    st->txn = sp;
    st->changes++;
  } else {
    qset_free(sp);
  }
}

kg_status kg_store_begin(kg_store *st, kg_error *err) {
  kg_error_clear(err);
  if (st->explicit_txn)
    return kg_err(err, KG_ERR_STATE, "a transaction is already open");
  TRY(store_write_begin(st, err));
  st->explicit_txn = 1;
  return KG_OK;
}

kg_status kg_store_commit(kg_store *st, kg_error *err) {
  kg_error_clear(err);
  if (!st->explicit_txn)
    return kg_err(err, KG_ERR_STATE, "no transaction is open (use .begin)");
  kg_status s = commit(st, err);
  if (s != KG_OK) rollback(st);
  return s;
}

kg_status kg_store_rollback(kg_store *st, kg_error *err) {
  kg_error_clear(err);
  if (!st->explicit_txn)
    return kg_err(err, KG_ERR_STATE, "no transaction is open (use .begin)");
  rollback(st);
  return KG_OK;
}

int kg_store_in_transaction(const kg_store *st) { return st->explicit_txn; }

kg_status store_intern(kg_store *st, const kg_term *t, kg_id *id,
                       kg_error *err) {
  if (st->kind == STORE_DIR && !mirror_term_ok(t))
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "a term exceeds Redland's limits (IRI or blank node over "
                  "65535 bytes, a NUL character, or a language tag over "
                  "255 bytes)");
  if (st->kind == STORE_DIR && !st->dict_dirty) {
    TRY(marker(st, DICT_DIRTY, 1, err));
    st->dict_dirty = 1;
  }
  return dict_intern(st->dict, t, id, NULL, err);
}

/* ------------------------------------------------------ single changes */

static kg_status change(kg_store *st, const kg_quad *q, int op, int *changed,
                        kg_error *err) {
  kg_error_clear(err);
  if (changed) *changed = 0;
  if (!q || !q->s.kind || !q->p.kind || !q->o.kind)
    return kg_err(err, KG_ERR_ARG, "a statement needs subject, predicate "
                                   "and object");
  if (q->s.kind == KG_TERM_LITERAL || q->p.kind != KG_TERM_IRI ||
      (q->g.kind && q->g.kind == KG_TERM_LITERAL))
    return kg_err(err, KG_ERR_ARG,
                  "invalid statement: a literal subject or graph, or a "
                  "predicate that is not an IRI");
  TRY(store_write_begin(st, err));
  kg_qid id = {0, 0, 0, 0};
  kg_status rc = KG_OK;
  if (op > 0) {
    rc = store_intern(st, &q->s, &id.s, err);
    if (rc == KG_OK) rc = store_intern(st, &q->p, &id.p, err);
    if (rc == KG_OK) rc = store_intern(st, &q->o, &id.o, err);
    if (rc == KG_OK && q->g.kind) rc = store_intern(st, &q->g, &id.g, err);
  } else {
    id.s = dict_find(st->dict, &q->s);
    id.p = dict_find(st->dict, &q->p);
    id.o = dict_find(st->dict, &q->o);
    id.g = q->g.kind ? dict_find(st->dict, &q->g) : 0;
    if (!id.s || !id.p || !id.o || (q->g.kind && !id.g))
      return store_write_end(st, KG_OK, err);
  }
  if (rc == KG_OK) rc = store_set(st, &id, op, changed, err);
  return store_write_end(st, rc, err);
}

kg_status kg_store_add(kg_store *st, const kg_quad *q, int *changed,
                       kg_error *err) {
  return change(st, q, 1, changed, err);
}

kg_status kg_store_remove(kg_store *st, const kg_quad *q, int *changed,
                          kg_error *err) {
  return change(st, q, -1, changed, err);
}

/* ---------------------------------------------------------- bulk load */


struct bulk {
  kg_store *st;
  uint64_t start;             /* journal offset where the load began */
  unsigned long long n;
  qkey *buf, *tmp;            /* one run being sorted, and radix scratch */
  /* runs of the order being merged */
  const qkey **keys;          /* a run in memory, or NULL */
  int *fds;                   /* a run in a file (unlinked), or -1 */
  size_t *nkeys;
  int *level;                 /* 0: made from the journal; L+1: merged
                                 from RUNS_FANIN runs of level L */
  int nruns;
  unsigned files;             /* temporary files made (for their names) */
};

kg_status bulk_begin(kg_store *st, bulk **out, kg_error *err) {
  *out = NULL;
  if (st->kind != STORE_DIR || st->txn)
    return kg_err(err, KG_ERR_STATE, "bulk load needs a directory store");
  if (st->readonly)
    return kg_err(err, KG_ERR_READONLY, "the store was opened read-only");
  bulk *b = calloc(1, sizeof *b);
  if (!b) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  b->st = st;
  b->start = wal_txn_start(st->wal);
  dict_bound(st->dict, 1);
  kg_status s = wal_bulk(st->wal, err);
  if (s != KG_OK) {
    free(b);
    return s;
  }
  *out = b;
  return KG_OK;
}

kg_status bulk_add(bulk *b, const kg_qid *q, kg_error *err) {
  b->n++;
  return wal_op(b->st->wal, 1, q, err);
}

/* Reading the load's ops from the journal into sorted runs of one order:
 * the keys gather in b->buf and each full run is sorted and put aside.
 * Whenever the last RUNS_FANIN runs are of one level they are merged into
 * one run of the next (a counter in base RUNS_FANIN), so that the index
 * merge reads few runs and a load never holds more than a few dozen
 * files or buffers, however large. */
typedef struct pick {
  bulk *b;
  kg_order ord;
  size_t rk;                  /* keys per run */
  int one;                    /* the whole load is one run: keep it */
  size_t n;                   /* keys in the run being filled */
  unsigned long long total;   /* keys read */
  kg_status status;
  kg_error *err;
} pick;

/* An unlinked temporary file in the store directory. */
static kg_status temp_file(bulk *b, int *fd, kg_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/run-%u.tmp", b->st->dir, b->files++);
  *fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (*fd < 0) return kg_err_errno(err, "cannot create", path);
  unlink(path);
  return KG_OK;
}

/* Merges the last RUNS_FANIN runs while they share a level. */
static kg_status runs_fold(bulk *b, kg_error *err) {
  while (b->nruns >= RUNS_FANIN) {
    int first = b->nruns - RUNS_FANIN, lv = b->level[first];
    for (int r = first + 1; r < b->nruns; r++)
      if (b->level[r] != lv) return KG_OK;
    int fd;
    size_t n = 0;
    kg_status s = temp_file(b, &fd, err);
    if (s == KG_OK)
      s = index_merge_runs(b->fds + first, b->nkeys + first, RUNS_FANIN, fd,
                           &n, err);
    if (s != KG_OK) {
      if (fd >= 0) close(fd);
      return s;
    }
    for (int r = first; r < b->nruns; r++) close(b->fds[r]);
    b->nruns = first + 1;
    b->fds[first] = fd;
    b->nkeys[first] = n;
    b->level[first] = lv + 1;
  }
  return KG_OK;
}

/* Sorts the keys gathered as the next run: kept in memory when it is the
 * whole load, else written to a temporary file. */
static kg_status run_close(pick *p) {
  bulk *b = p->b;
  int r = b->nruns;
  if (qkey_sort(b->buf, p->n, b->tmp) < 0)
    return kg_err(p->err, KG_ERR_NOMEM, "out of memory");
  b->nkeys[r] = p->n;
  b->level[r] = 0;
  p->n = 0;
  if (p->one) {
    b->keys[r] = b->buf;
    b->nruns++;
    return KG_OK;
  }
  TRY(temp_file(b, &b->fds[r], p->err));
  b->nruns++;
  size_t len = b->nkeys[r] * sizeof(qkey);
  const char *d = (const char *)b->buf;
  for (size_t done = 0; done < len;) {
    ssize_t w = write(b->fds[r], d + done, len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return kg_err_errno(p->err, "cannot write", "a sorted run");
    done += (size_t)w;
  }
  return runs_fold(b, p->err);
}

static int pick_op(void *ctx, int op, const kg_qid *q) {
  pick *p = ctx;
  (void)op;
  if (++p->total > p->b->n) {
    p->status = kg_err(p->err, KG_ERR_CORRUPT,
                       "the journal holds more of the load than was added");
    return 1;
  }
  p->b->buf[p->n++] = qkey_from(p->ord, q);
  if (p->n == p->rk) p->status = run_close(p);
  return p->status != KG_OK;
}

static void runs_release(void *ctx, kg_order ord) {
  bulk *b = ctx;
  (void)ord;
  for (int r = 0; b->fds && r < b->nruns; r++)
    if (b->fds[r] >= 0) close(b->fds[r]);
  free(b->keys);
  free(b->nkeys);
  free(b->fds);
  free(b->level);
  b->keys = NULL;
  b->nkeys = NULL;
  b->fds = NULL;
  b->level = NULL;
  b->nruns = 0;
}

/* The runs of one order, in one pass over the journal (see pick). */
static kg_status runs_make(void *ctx, kg_order ord, const qkey ***keys,
                           const int **fds, size_t **n, int *nruns,
                           kg_error *err) {
  bulk *b = ctx;
  size_t rk = b->st->run_keys;
  size_t most = (size_t)((b->n + rk - 1) / rk) + 1;
  if (!b->buf) {
    size_t cap = b->n < rk ? (size_t)b->n + 1 : rk;
    b->buf = malloc(cap * sizeof *b->buf);
    b->tmp = malloc(cap * sizeof *b->tmp);
  }
  b->keys = calloc(most, sizeof *b->keys);
  b->nkeys = calloc(most, sizeof *b->nkeys);
  b->fds = malloc(most * sizeof *b->fds);
  b->level = calloc(most, sizeof *b->level);
  b->nruns = 0;
  if (!b->buf || !b->tmp || !b->keys || !b->nkeys || !b->fds || !b->level)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t r = 0; r < most; r++) b->fds[r] = -1;
  pick p = {b, ord, rk, b->n <= rk, 0, 0, KG_OK, err};
  kg_status s = wal_each_op(b->st->wal, b->start, UINT64_MAX, pick_op, &p, err);
  if (p.status != KG_OK) s = p.status;
  if (s == KG_OK && p.n) s = run_close(&p);
  if (s == KG_OK && p.total != b->n)
    s = kg_err(err, KG_ERR_CORRUPT, "the journal lost part of the load");
  *keys = b->keys;
  *fds = b->fds;
  *n = b->nkeys;
  *nruns = b->nruns;
  return s;
}

/* Merges a committed bulk load into a new base and frees b. */
static kg_status bulk_merge(bulk *b, unsigned long long *added,
                            kg_error *err) {
  kg_runs runs = {.get = runs_make, .put = runs_release, .ctx = b};
  kg_status s = checkpoint(b->st, &runs, added, err);
  runs_release(b, ORD_SPOG);
  free(b->buf);
  free(b->tmp);
  free(b);
  return s;
}

/* Merges the bulk load that recovery left in the journal (its process
 * stopped between the commit and the merge). */
static kg_status bulk_recover(kg_store *st, uint64_t at,
                              unsigned long long ops, kg_error *err) {
  TRY(dict_trim(st->dict, err));
  bulk *b = calloc(1, sizeof *b);
  if (!b) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  b->st = st;
  b->start = at;
  b->n = ops;
  return bulk_merge(b, NULL, err);
}

kg_status bulk_end(bulk *b, kg_status st_in, unsigned long long *added,
                   kg_error *err) {
  kg_store *st = b->st;
  kg_status s = st_in;
  if (added) *added = 0;
  if (s == KG_OK) s = log_terms(st, err);
  kg_fault("bulk-before");
  if (s == KG_OK) s = dict_trim(st->dict, err);
  if (s == KG_OK) s = dict_flush(st->dict, err);
  if (s == KG_OK)
    s = wal_commit(st->wal, st->seq + 1, dict_count(st->dict), st->bnodes,
                   st->durable, err);
  if (s != KG_OK) {
    wal_abort(st->wal, NULL);
    dict_bound(st->dict, 0);
    free(b);
    return s;
  }
  kg_fault("bulk-after");
  st->seq++;
  st->logged_terms = dict_count(st->dict);
  st->changes++;
  /* the load is durable: merge it into a new base now */
  s = bulk_merge(b, added, err);
  if (s != KG_OK) {
    /* the journal holds the load; replay it into the committed layer */
    kg_error e2;
    qset_clear(st->committed);
    journal_replay(st, NULL, NULL, &e2);
  }
  return s;
}

/* --------------------------------------------------------------- open */

/* Builds the index of a Redland store that has none (made by rdfproc or
 * another Redland program). */
typedef struct adopt {
  kg_store *st;
  bulk *b;
  kg_error *err;
  uint64_t scope;
} adopt;

static int adopt_one(void *ctx, const kg_quad *q) {
  adopt *a = ctx;
  kg_qid id = {0, 0, 0, 0};
  const kg_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
  kg_id *slot[4] = {&id.s, &id.p, &id.o, &id.g};
  for (int i = 0; i < 4; i++) {
    if (!t[i]->kind) continue;
    if (store_intern(a->st, t[i], slot[i], a->err) != KG_OK) return 1;
  }
  return bulk_add(a->b, &id, a->err) != KG_OK;
}

static kg_status adopt_redland(kg_store *st, kg_error *err) {
  adopt a = {st, NULL, err, 0};
  TRY(bulk_begin(st, &a.b, err));
  /* the Redland files already hold these statements */
  kg_mirror *m = st->mirror;
  kg_status s = mirror_each(m, adopt_one, &a, err);
  st->mirror = NULL;
  unsigned long long added;
  s = bulk_end(a.b, s, &added, err);
  st->mirror = m;
  return s;
}

static kg_status open_dir(kg_store *st, unsigned flags, kg_error *err) {
  struct stat sb;
  int create = (flags & KG_OPEN_CREATE) != 0;
  if (stat(st->dir, &sb) < 0) {
    if (errno != ENOENT) return kg_err_errno(err, "cannot open", st->dir);
    if (!create || st->readonly)
      return kg_err(err, KG_ERR_NOTFOUND,
                    "no store at %s (create one with `kgsh --create %s`)",
                    st->dir, st->dir);
    if (mkdir(st->dir, 0755) < 0)
      return kg_err_errno(err, "cannot create store directory", st->dir);
  } else if (!S_ISDIR(sb.st_mode)) {
    return kg_err(err, KG_ERR_NOTSTORE,
                  "%s is a file, not a store directory", st->dir);
  }
  TRY(lock_dir(st, flags, err));
  int have_manifest = has_file(st, MANIFEST);
  char *mname = mirror_find_name(st->dir);
  if (!mname) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  int redland = mirror_exists(st->dir, mname);
  int adopt_it = 0;
  if (!have_manifest) {
    /* empty directory: a new store; Redland files only: adopt them */
    int empty = 1;
    DIR *d = opendir(st->dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
          !strcmp(e->d_name, PIDFILE))
        continue;
      empty = 0;
    }
    if (d) closedir(d);
    if (!empty && !redland) {
      free(mname);
      return kg_err(err, KG_ERR_NOTSTORE,
                    "%s is not a kgsh store (no %s) and not empty; "
                    "choose another directory",
                    st->dir, MANIFEST);
    }
    if (st->readonly) {
      free(mname);
      return kg_err(err, KG_ERR_READONLY,
                    "%s has no kgsh index yet; open it once without "
                    "--readonly to build it",
                    st->dir);
    }
    adopt_it = redland;
    st->mirror_name = mname;
  } else {
    free(mname);
    TRY(manifest_read(st, err));
  }
  st->dict_dirty = has_file(st, DICT_DIRTY);
  st->mirror_dirty = has_file(st, MIRROR_DIRTY);
  TRY(dict_open(st->dir, !st->readonly, st->readonly, &st->dict, err));
  if (st->dict_dirty && !st->readonly) TRY(dict_reindex(st->dict, err));
  TRY(index_open(st->dir, st->gen, &st->base, err));
  TRY(mirror_open(st->dir, st->mirror_name, st->readonly, &st->mirror, err));
  char path[4096];
  uint64_t wgen = 0, bulk_at = 0;
  unsigned long long bulk_ops = 0;
  dpath(path, sizeof path, st, JOURNAL);
  if (st->readonly && !has_file(st, JOURNAL)) {
    st->wal = NULL;
  } else {
    if (st->readonly)
      TRY(wal_open_readonly(path, st->gen, &wgen, &st->wal, err));
    else
      TRY(wal_open(path, st->gen, &wgen, &st->wal, err));
    if (wgen != st->gen) {
      /* left over from before the last checkpoint */
      if (!st->readonly) TRY(wal_reset(st->wal, st->gen, err));
    } else {
      /* a large load's terms are compared with the records */
      dict_bound(st->dict, !st->readonly);
      kg_status s = journal_replay(st, st->readonly ? NULL : &bulk_at,
                                   st->readonly ? NULL : &bulk_ops, err);
      dict_bound(st->dict, 0);
      TRY(s);
    }
  }
  st->logged_terms = dict_count(st->dict);
  if (!have_manifest) {
    if (adopt_it) TRY(adopt_redland(st, err));
    else TRY(manifest_write(st, err));
  }
  if (st->mirror_dirty && !st->readonly) {
    TRY(mirror_rebuild(st, err));
    TRY(mirror_done(st, err));
  }
  /* after the Redland files are whole again: the merge adds the load */
  if (bulk_ops) TRY(bulk_recover(st, bulk_at, bulk_ops, err));
  if (st->dict_dirty && !st->readonly) {
    TRY(dict_sync(st->dict, err));
    TRY(marker(st, DICT_DIRTY, 0, err));
    st->dict_dirty = 0;
  }
  return KG_OK;
}

/* Splits "module:options" specs; returns the module or NULL for dirs. */
static const char *spec_module(const char *spec, const char **rest) {
  static const char *const mods[] = {"sqlite", "postgresql", "mysql",
                                     "virtuoso", "memory", NULL};
  for (int i = 0; mods[i]; i++) {
    size_t n = strlen(mods[i]);
    if (!strncmp(spec, mods[i], n) && (spec[n] == ':' || !spec[n])) {
      *rest = spec[n] ? spec + n + 1 : "";
      return mods[i];
    }
  }
  return NULL;
}

kg_status kg_store_open(const char *spec, unsigned flags, kg_store **out,
                        kg_error *err) {
  kg_error_clear(err);
  *out = NULL;
  if (!spec || !*spec) return kg_err(err, KG_ERR_ARG, "empty store spec");
  kg_store *st = calloc(1, sizeof *st);
  if (!st) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  st->lock_fd = -1;
  st->union_default = 1;
  st->durable = 1;
  /* KG_CHECKPOINT_MIN: merge after fewer changes (tests of checkpoints) */
  const char *cm = getenv("KG_CHECKPOINT_MIN");
  st->ckpt_min = cm && atol(cm) > 0 ? (size_t)atol(cm) : CKPT_MIN;
  /* KG_BULK_MIN, KG_RUN_KEYS: smaller bulk loads and runs (tests) */
  const char *bm = getenv("KG_BULK_MIN");
  st->bulk_min = bm && atol(bm) > 0 ? (size_t)atol(bm) : BULK_MIN;
  const char *rk = getenv("KG_RUN_KEYS");
  st->run_keys = rk && atol(rk) > 0 ? (size_t)atol(rk) : RUN_KEYS;
  if (!kg_world_acquire()) {
    free(st);
    return kg_err(err, KG_ERR_NOMEM, "cannot start raptor");
  }
  st->readonly = (flags & KG_OPEN_READONLY) != 0;
  st->spec = strdup(spec);
  st->committed = qset_new();
  st->mirror_pending = qset_new();
  kg_status s = st->spec && st->committed && st->mirror_pending
                    ? KG_OK
                    : kg_err(err, KG_ERR_NOMEM, "out of memory");
  const char *rest = NULL;
  const char *mod = s == KG_OK ? spec_module(spec, &rest) : NULL;
  if (s == KG_OK && mod && !strcmp(mod, "memory")) {
    st->kind = STORE_MEMORY;
    st->readonly = 0;
    s = dict_open(NULL, 1, 0, &st->dict, err);
    if (s == KG_OK) s = index_open(NULL, 0, &st->base, err);
  } else if (s == KG_OK && mod) {
    st->kind = STORE_LIBRDF;
    s = dict_open(NULL, 1, 0, &st->dict, err);
    if (s == KG_OK) s = index_open(NULL, 0, &st->base, err);
    /* read-only never creates; changes are refused by store_write_begin */
    if (s == KG_OK)
      s = rdfmod_open(st, mod, rest,
                      (flags & KG_OPEN_CREATE) && !st->readonly, err);
  } else if (s == KG_OK) {
    st->kind = STORE_DIR;
    st->dir = strdup(spec);
    size_t n = st->dir ? strlen(st->dir) : 0;
    while (n > 1 && st->dir[n - 1] == '/') st->dir[--n] = '\0';
    s = st->dir ? open_dir(st, flags, err)
                : kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  if (s == KG_OK) s = prefixes_load(st, err);
  if (s != KG_OK) {
    kg_store_close(st);
    return s;
  }
  *out = st;
  return KG_OK;
}

void kg_store_close(kg_store *st) {
  if (!st) return;
  kg_error e;
  kg_error_clear(&e);
  if (st->txn) rollback(st);
  if (st->kind == STORE_DIR && !st->readonly && st->dict && st->wal) {
    /* a large journal is merged; a small one stays for the next open */
    size_t pending = qset_adds(st->committed) + qset_dels(st->committed);
    if (pending > st->ckpt_min || wal_size(st->wal) > (64u << 20)) {
      checkpoint(st, NULL, NULL, &e);
    } else {
      mirror_update(st, &e);
    }
    if (dict_sync(st->dict, &e) == KG_OK && st->dict_dirty)
      marker(st, DICT_DIRTY, 0, &e);
  }
  if (st->kind == STORE_LIBRDF) rdfmod_close(st);
  wal_close(st->wal);
  mirror_close(st->mirror);
  index_close(st->base);
  dict_close(st->dict);
  qset_free(st->committed);
  qset_free(st->mirror_pending);
  prefixes_free(st->prefixes);
  if (st->stats_free) st->stats_free(st->stats_cache);
  if (st->lock_fd >= 0) {
    if (!st->readonly && st->dir) {
      char path[4096];
      dpath(path, sizeof path, st, PIDFILE);
      unlink(path);
    }
    close(st->lock_fd);
  }
  free(st->mirror_name);
  free(st->dir);
  free(st->spec);
  free(st);
  kg_world_release();
}

const char *kg_store_spec(const kg_store *st) { return st->spec; }

long long kg_store_size(kg_store *st) {
  kg_view v = store_view(st);
  return (long long)view_size(&v);
}

void kg_store_interrupt(kg_store *st) {
  if (st) st->interrupted = 1;
}

void kg_store_set_union_default(kg_store *st, int on) {
  st->union_default = on != 0;
  st->changes++;
}

int kg_store_union_default(const kg_store *st) { return st->union_default; }

void kg_store_set_durable(kg_store *st, int on) { st->durable = on != 0; }
int kg_store_durable(const kg_store *st) { return st->durable; }
