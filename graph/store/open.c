/* open.c - opening a store (directory, memory or librdf module), its
 * directory lock, adopting Redland files made elsewhere, and closing. */
#include "fdio.h"
#include "store/store_impl.h"
#include "world.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
  CKPT_MIN = 200000,         /* committed changes before a merge */
  BULK_MIN = 300000,         /* statements a load holds in memory */
  BUSY_MS = 5000,            /* how long a write waits for another's */
  RUN_KEYS = 1 << 18         /* quads per sorted run of a bulk load */
};

int store_interrupted(kg_store *st) {
  /* a reader stops when its owner is interrupted after it was taken */
  if (st->owner && __atomic_load_n(&st->owner->interrupts,
                                   __ATOMIC_ACQUIRE) != st->owner_interrupts)
    return 1;
  if (!st->interrupted) return 0;
  st->interrupted = 0;
  return 1;
}

uint64_t store_bnode_scope(kg_store *st) { return ++st->bnodes; }

/* -------------------------------------------------------------- locks */

/* Every process holds the directory shared while it has the store open;
 * one that finds no other (the exclusive lock is free) recovers what a
 * crash left before it shares it (*alone). Writes take kgsh.pid
 * (share.c). */
static kg_status lock_dir(kg_store *st, unsigned flags, int *alone,
                          kg_error *err) {
  st->lock_fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (st->lock_fd < 0) return kg_err_errno(err, "cannot open", st->dir);
  *alone = flock(st->lock_fd, LOCK_EX | LOCK_NB) == 0;
  long waited = 0;
  /* another process recovering it holds it alone for a moment */
  while (!*alone && flock(st->lock_fd, LOCK_SH | LOCK_NB) < 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      return kg_err_errno(err, "cannot lock", st->dir);
    if ((flags & KG_OPEN_NOWAIT) || waited >= st->busy_ms)
      return kg_err(err, KG_ERR_LOCKED,
                    "store %s is being opened by another process that "
                    "repairs it; try again in a moment",
                    st->dir);
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
    waited += 10;
  }
  return KG_OK;
}

/* kgsh.pid: the write lock, and the pid of its holder (made once the
 * directory is known to be a store). */
static kg_status open_write_lock(kg_store *st, kg_error *err) {
  if (st->readonly) return KG_OK;
  char path[4096];
  store_path(path, sizeof path, st, PIDFILE);
  st->write_fd = fd_open_store(path, O_RDWR | O_CREAT);
  return st->write_fd < 0 ? kg_err_errno(err, "cannot write to", st->dir)
                          : KG_OK;
}

/* kgsh makes the journal before the manifest and never deletes it. */
static kg_status journal_missing(const kg_store *st, kg_error *err) {
  return kg_err(err, KG_ERR_CORRUPT,
                "store damaged: %s/%s is missing; the commits since the "
                "last checkpoint are lost",
                st->dir, JOURNAL);
}

/* Opens a store another process has open: nothing is repaired (the next
 * writer cuts what a dead one left, share.c); the state is the last
 * commit published in the journal. */
static kg_status open_shared(kg_store *st, kg_error *err) {
  if (!store_has_file(st, MANIFEST))
    return kg_err(err, KG_ERR_LOCKED,
                  "store %s is being created by another process; try again",
                  st->dir);
  TRY(store_manifest_read(st, err));
  /* a 0.9 store: the process that opens it alone converts it */
  if (st->redland < 0) st->redland = 1;
  TRY(dict_open_shared(st->dir, st->readonly, &st->dict, err));
  TRY(index_open(NULL, 0, &st->base, err));
  if (st->redland && !st->readonly)
    TRY(mirror_open(st->dir, st->mirror_name, 0, &st->mirror, err));
  char path[4096];
  uint64_t wgen;
  store_path(path, sizeof path, st, JOURNAL);
  if (!store_has_file(st, JOURNAL)) return journal_missing(st, err);
  if (st->readonly)
    TRY(wal_open_readonly(path, st->gen, 1, &wgen, &st->wal, err));
  else TRY(wal_open(path, st->gen, 1, &wgen, &st->wal, err));
  st->gen = UINT64_MAX; /* not read yet */
  st->seq = 0;
  return store_refresh(st, err);
}

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

static kg_status open_alone(kg_store *st, int want_redland, kg_error *err);

/* An existing store made private: the directory 0700, its files 0600
 * (new files follow the directory: fd_store_mode). */
static kg_status make_private(const char *dir, kg_error *err) {
  if (chmod(dir, 0700) < 0) return kg_err_errno(err, "cannot protect", dir);
  DIR *d = opendir(dir);
  if (!d) return kg_err_errno(err, "cannot read", dir);
  struct dirent *e;
  char path[4096];
  kg_status s = KG_OK;
  while (s == KG_OK && (e = readdir(d))) {
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
        chmod(path, 0600) < 0)
      s = kg_err_errno(err, "cannot protect", path);
  }
  closedir(d);
  return s;
}

static kg_status open_dir(kg_store *st, unsigned flags, kg_error *err) {
  struct stat sb;
  int create = (flags & KG_OPEN_CREATE) != 0;
  if (stat(st->dir, &sb) < 0) {
    if (errno != ENOENT) return kg_err_errno(err, "cannot open", st->dir);
    if (!create || st->readonly)
      return kg_err(err, KG_ERR_NOTFOUND,
                    "no store at %s (`kgsh %s` without --readonly creates one)",
                    st->dir, st->dir);
    if (mkdir(st->dir, flags & KG_OPEN_PRIVATE ? 0700 : 0755) < 0)
      return kg_err_errno(err, "cannot create store directory", st->dir);
  } else if (!S_ISDIR(sb.st_mode)) {
    return kg_err(err, KG_ERR_NOTSTORE,
                  "%s is a file, not a store directory", st->dir);
  } else if ((flags & KG_OPEN_PRIVATE) && !st->readonly) {
    TRY(make_private(st->dir, err));
  }
  int alone = 0;
  TRY(lock_dir(st, flags, &alone, err));
  if (!alone) {
    TRY(open_write_lock(st, err));
    return open_shared(st, err);
  }
  /* alone: the lock is ours while recovery runs */
  st->writing = !st->readonly;
  kg_status s = open_alone(st, (flags & KG_OPEN_REDLAND) != 0, err);
  /* commits the Redland files lack: this session's close brings them in */
  if (qset_adds(st->mirror_pending) || qset_dels(st->mirror_pending))
    st->wrote = !st->readonly;
  if (s == KG_OK) s = open_write_lock(st, err);
  st->writing = 0;
  if (s == KG_OK && st->wal && !st->readonly)
    s = wal_publish(st->wal, st->seq, err);
  if (s == KG_OK && flock(st->lock_fd, LOCK_SH) < 0)
    s = kg_err_errno(err, "cannot lock", st->dir);
  return s;
}

/* A 0.9 store had the Redland copy always: it keeps it when asked for,
 * else the files go (the user is told once: kg_store_notice). */
static kg_status redland_convert(kg_store *st, int want_redland,
                                 kg_error *err) {
  if (want_redland) {
    st->redland = 1;
    return store_manifest_write(st, err);
  }
  long long bytes = 0;
  TRY(store_redland_drop(st, &bytes, err));
  char msg[1024];
  snprintf(msg, sizeof msg,
           "%s was made by an earlier kgsh: its Redland copy (%s-*.db, "
           "%.1f MB) is removed, kgsh's index is now the only copy; "
           "`.redland on` or --redland-copy keeps one for Redland programs",
           st->dir, st->mirror_name, (double)bytes / 1e6);
  store_note(st, "%s", msg);
  return KG_OK;
}

static kg_status open_alone(kg_store *st, int want_redland, kg_error *err) {
  int have_manifest = store_has_file(st, MANIFEST);
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
    /* rdfproc's files stay: their user reads them with Redland */
    st->redland = adopt_it || want_redland;
  } else {
    free(mname);
    TRY(store_manifest_read(st, err));
  }
  int legacy = st->redland < 0;
  /* a read-only open converts nothing: it reads the index alone */
  if (legacy) st->redland = !st->readonly && want_redland;
  st->dict_dirty = store_has_file(st, DICT_DIRTY);
  st->mirror_dirty = store_has_file(st, MIRROR_DIRTY);
  TRY(dict_open(st->dir, !st->readonly, st->readonly, &st->dict, err));
  if (st->dict_dirty && !st->readonly) TRY(dict_reindex(st->dict, err));
  /* a store of an earlier kgsh: its terms get their checksums (the
   * manifest is rewritten in version 2 below) */
  int convert = have_manifest && st->manifest_version < 2 && !st->readonly;
  if (convert) TRY(dict_sum_all(st->dict, err));
  TRY(index_open(st->dir, st->gen, &st->base, err));
  if (st->redland && !st->readonly)
    TRY(mirror_open(st->dir, st->mirror_name, 0, &st->mirror, err));
  char path[4096];
  uint64_t wgen = 0, bulk_at = 0;
  unsigned long long bulk_ops = 0;
  store_path(path, sizeof path, st, JOURNAL);
  if (have_manifest && !store_has_file(st, JOURNAL)) {
    return journal_missing(st, err);
  } else {
    if (st->readonly)
      TRY(wal_open_readonly(path, st->gen, have_manifest, &wgen, &st->wal,
                            err));
    else
      TRY(wal_open(path, st->gen, have_manifest, &wgen, &st->wal, err));
    if (wgen != st->gen) {
      /* left over from before the last checkpoint */
      if (!st->readonly) TRY(wal_reset(st->wal, st->gen, st->seq, err));
    } else {
      /* a large load's terms are compared with the records */
      dict_bound(st->dict, !st->readonly);
      kg_status s = store_replay(st, st->readonly ? NULL : &bulk_at,
                                 st->readonly ? NULL : &bulk_ops, err);
      dict_bound(st->dict, 0);
      TRY(s);
    }
  }
  st->logged_terms = dict_count(st->dict);
  if (!have_manifest) {
    if (adopt_it) TRY(adopt_redland(st, err));
    else TRY(store_manifest_write(st, err));
  }
  /* the Redland files go first: a crash before the manifest says `off`
   * leaves a store that is converted again */
  if (legacy && !st->readonly) TRY(redland_convert(st, want_redland, err));
  /* from version 2 on, what is written may hold inline ids: the manifest
   * says so before anything is (an earlier kgsh then refuses the store) */
  if (have_manifest && st->manifest_version < 3 && !st->readonly) {
    TRY(store_manifest_write(st, err));
    if (!convert && !st->notice)
      store_note(st,
                 "%s is now in kgsh store format 3 (small numbers and "
                 "dates are kept in the index): a kgsh of before this "
                 "format cannot open it",
                 st->dir);
  }
  st->converted = convert;
  if (st->mirror_dirty && !st->readonly) TRY(store_mirror_repair(st, err));
  /* after the Redland files are whole again: the merge adds the load */
  if (bulk_ops) TRY(bulk_recover(st, bulk_at, bulk_ops, err));
  if (st->dict_dirty && !st->readonly) {
    TRY(dict_sync(st->dict, err));
    TRY(store_marker(st, DICT_DIRTY, 0, err));
    st->dict_dirty = 0;
  }
  if (want_redland && !st->redland && !st->readonly)
    TRY(store_redland_on(st, err));
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

kg_status store_open(const char *spec, unsigned flags, kg_store **out,
                    kg_error *err) {
  kg_error_clear(err);
  *out = NULL;
  if (!spec || !*spec) return kg_err(err, KG_ERR_ARG, "empty store spec");
  kg_store *st = calloc(1, sizeof *st);
  if (!st) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  lock_init(&st->lock);
  pthread_mutex_init(&st->readers_mu, NULL);
  st->home_thread = lock_thread();
  st->readers_max = READERS_IDLE;
  st->lock_fd = -1;
  st->write_fd = -1;
  st->busy_ms = flags & KG_OPEN_NOWAIT ? 0 : BUSY_MS;
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
  kg_world_acquire(); /* raptor itself is loaded by what needs it */
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
  /* a store another process has open: its copy is made under the lock */
  if (s == KG_OK && (flags & KG_OPEN_REDLAND) && st->kind == STORE_DIR &&
      !st->redland && !st->readonly)
    s = kg_store_set_redland_copy(st, 1, err);
  if (s == KG_OK) s = prefixes_load(st, err);
  if (s == KG_OK && st->converted) s = prefixes_rewrite(st, err);
  if (s != KG_OK) {
    kg_store_close(st);
    return s;
  }
  *out = st;
  return KG_OK;
}

/* Before the handle goes: a large journal is merged, a small one stays
 * for the next open and only the Redland files catch up; under the
 * write lock, skipped when another process holds it past the busy
 * timeout (its close will). */
static void close_dir(kg_store *st) {
  kg_error e;
  kg_error_clear(&e);
  /* a session that only read leaves that to the writers */
  if (!st->wrote && !st->dict_dirty) return;
  if (store_write_lock(st, &e) != KG_OK) return;
  size_t pending = qset_adds(st->committed) + qset_dels(st->committed);
  if (pending > st->ckpt_min || wal_size(st->wal) > (64u << 20)) {
    store_checkpoint(st, NULL, NULL, &e);
  } else {
    store_mirror_update(st, &e);
  }
  if (dict_sync(st->dict, &e) == KG_OK && st->dict_dirty)
    store_marker(st, DICT_DIRTY, 0, &e);
  store_write_unlock(st);
}

void kg_store_close(kg_store *st) {
  if (!st) return;
  /* the idle readers (store/readers.c); busy ones belong to results */
  for (size_t i = 0; i < st->nidle; i++) kg_store_close(st->idle[i]);
  free(st->idle);
  pthread_mutex_destroy(&st->readers_mu);
  if (st->remote) st->remote->close(st->remote_data);
  if (st->txn) store_rollback(st);
  if (st->kind == STORE_DIR && !st->readonly && st->dict && st->wal &&
      st->write_fd >= 0)
    close_dir(st);
  if (st->kind == STORE_LIBRDF) rdfmod_close(st);
  wal_close(st->wal);
  mirror_close(st->mirror);
  index_close(st->base);
  dict_close(st->dict);
  qset_free(st->committed);
  qset_free(st->mirror_pending);
  prefixes_free(st->prefixes);
  if (st->stats_free) st->stats_free(st->stats_cache);
  if (st->write_fd >= 0) close(st->write_fd);
  if (st->lock_fd >= 0) close(st->lock_fd);
  free(st->mirror_name);
  free(st->notice);
  free(st->dir);
  free(st->spec);
  lock_destroy(&st->lock);
  free(st);
  kg_world_release();
}

const char *kg_store_spec(const kg_store *st) { return st->spec; }

long long kg_store_size(kg_store *st) {
  if (st->remote) return st->remote->size(st);
  kg_error e;
  store_call(st, &e);
  kg_view v = store_view(st);
  long long n = (long long)view_size(&v);
  store_leave(st);
  return n;
}

void kg_store_interrupt(kg_store *st) {
  if (!st) return;
  st->interrupted = 1;
  __atomic_fetch_add(&st->interrupts, 1, __ATOMIC_RELEASE);
}

void kg_store_set_union_default(kg_store *st, int on) {
  store_enter(st);
  __atomic_store_n(&st->union_default, on != 0, __ATOMIC_RELAXED);
  st->changes++;
  store_leave(st);
}

int kg_store_union_default(const kg_store *st) { return st->union_default; }

void kg_store_set_durable(kg_store *st, int on) {
  store_enter(st);
  st->durable = on != 0;
  store_leave(st);
}
int kg_store_durable(const kg_store *st) { return st->durable; }

void kg_store_set_busy_timeout(kg_store *st, long ms) {
  store_enter(st);
  st->busy_ms = ms > 0 ? ms : 0;
  store_leave(st);
}
long kg_store_busy_timeout(const kg_store *st) { return st->busy_ms; }

kg_status kg_store_set_redland_copy(kg_store *st, int on, kg_error *err) {
  kg_error_clear(err);
  if (st->kind != STORE_DIR)
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "%s is not a directory store: only those keep a Redland "
                  "copy", st->spec);
  if (st->readonly)
    return kg_err(err, KG_ERR_READONLY,
                  "%s is open read-only: open it writable to change its "
                  "Redland copy", st->dir);
  kg_status s = store_call(st, err);
  if (s == KG_OK && st->txn)
    s = kg_err(err, KG_ERR_STATE,
               "a transaction is open: commit or roll it back first");
  if (s == KG_OK) s = store_write_lock(st, err);
  if (s == KG_OK && on && !st->redland) s = store_redland_on(st, err);
  if (s == KG_OK && !on && st->redland) s = store_redland_drop(st, NULL, err);
  store_write_unlock(st);
  store_leave(st);
  return s;
}

int kg_store_redland_copy(const kg_store *st) {
  return st->kind == STORE_DIR && st->redland > 0;
}

char *kg_store_notice(kg_store *st) {
  store_enter(st);
  char *n = st->notice;
  st->notice = NULL;
  store_leave(st);
  return n;
}
