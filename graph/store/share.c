/* share.c - a store directory shared with other processes: the write
 * lock, held only while a write transaction runs (a second writer waits
 * up to the busy timeout), and the refresh before each statement that
 * picks up other processes' commits from the journal: its header names
 * the end of the last published commit, so nothing changed costs one
 * read of 32 bytes (docs/storage.md, "Concurrency"). */
#include "fdio.h"
#include "store/store_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

enum {
  TRIES = 200,                  /* re-reads of a journal that moves */
  BAD_HEADER_TRIES = 20,        /* reads of a header that fails its CRC */
  PID_WIDTH = 16                /* kgsh.pid: the pid, spaces, a newline */
};
#define HEADER_END 32           /* an empty journal ends after its header */

static void nap_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------ replay */

/* Commits read from the journal into `acc`, on top of base + committed:
 * each transaction gathers in `txn` and joins `acc` at its commit frame,
 * which must follow the last commit seen (seq + 1): a journal reset and
 * rewritten under the reader shows up as a broken chain. */
typedef struct follow {
  kg_store *st;
  const kg_index *base;
  qset *committed, *acc, *txn;
  qset *mirror;              /* commits the Redland files lack, or NULL */
  uint64_t mirror_seq;
  uint64_t seq, bnodes;
  kg_id terms;
} follow;

static int fl_begin(void *ctx) {
  qset_clear(((follow *)ctx)->txn);
  return 0;
}

/* Terms are in the dictionary's files before their commit is. */
static int fl_terms(void *ctx, kg_id id, const unsigned char *rec,
                    size_t len) {
  (void)ctx, (void)id, (void)rec, (void)len;
  return 0;
}

static int fl_op(void *ctx, int op, const kg_qid *q) {
  follow *f = ctx;
  kg_view under = {f->base, {f->committed ? f->committed : f->acc, f->acc},
                   f->committed ? 2 : 1};
  int have = qset_get(f->txn, q);
  int below = have ? have < 0 : view_contains(&under, q);
  return qset_set(f->txn, q, op, below) < 0;
}

static int fl_commit(void *ctx, uint64_t seq, kg_id terms, uint64_t bn) {
  follow *f = ctx;
  if (f->seq && seq != f->seq + 1) return 1;
  if (f->mirror && seq > f->mirror_seq &&
      qset_merge_into(f->mirror, f->txn) < 0)
    return 1;
  if (qset_merge_into(f->acc, f->txn) < 0) return 1;
  f->seq = seq;
  if (bn > f->bnodes) f->bnodes = bn;
  f->terms = terms;
  return 0;
}

/* Reads the commits in [from, to) into f; KG_ERR_STATE when the journal
 * moved meanwhile (its header no longer has generation `gen`). */
static kg_status follow_read(kg_store *st, follow *f, uint64_t gen,
                             uint64_t from, uint64_t to, kg_error *err) {
  wal_replay_fns fns = {fl_terms, fl_op, fl_commit, fl_begin, NULL};
  f->txn = qset_new();
  if (!f->txn) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_status s = wal_tail(st->wal, from, to, &fns, f, err);
  qset_free(f->txn);
  f->txn = NULL;
  uint64_t g, end, seq;
  int moved = wal_peek(st->wal, &g, &end, &seq) < 0 || g != gen;
  if (s == KG_OK && moved)
    s = kg_err(err, KG_ERR_STATE, "the journal was reset while read");
  /* bytes before the published end do not change while the generation
   * stays: a commit there that cannot be read is damage */
  if (s == KG_ERR_STATE && !moved) {
    wal_damage d = wal_damage_at(st->wal);
    s = kg_err(err, KG_ERR_CORRUPT,
               "store damaged: journal of %s, frame %llu after byte %llu: "
               "%s",
               st->dir, d.frame, (unsigned long long)from,
               d.why ? d.why : "truncated frame");
  }
  return s;
}

/* ------------------------------------------------------------ refresh */

/* Commits appended since the last statement: they join the committed
 * layer (a copy when a snapshot holds it). */
static kg_status tail(kg_store *st, uint64_t gen, uint64_t end,
                      kg_error *err) {
  follow f = {st, st->base, st->committed, qset_new(), NULL, NULL,
              st->mirror_seq, st->seq, st->bnodes, st->logged_terms};
  if (st->mirror) f.mirror = qset_new();
  kg_status s = f.acc && (!st->mirror || f.mirror)
                    ? follow_read(st, &f, gen, wal_txn_start(st->wal), end,
                                  err)
                    : kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s == KG_OK && (store_own(&st->committed, 1) < 0 ||
                     qset_merge_into(st->committed, f.acc) < 0 ||
                     (f.mirror &&
                      qset_merge_into(st->mirror_pending, f.mirror) < 0)))
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  qset_free(f.acc);
  qset_free(f.mirror);
  if (s != KG_OK) return s;
  st->seq = f.seq;
  st->bnodes = f.bnodes;
  st->logged_terms = f.terms;
  st->changes++;
  return wal_adopt(st->wal, end, 0, err);
}

/* Another generation: the base the manifest names, and the journal that
 * follows it read whole. */
static kg_status reload(kg_store *st, kg_error *err) {
  store_manifest m;
  long long id = store_manifest_id(st);
  TRY(store_manifest_peek(st, &m, err));
  uint64_t g, end, seq;
  if (wal_peek(st->wal, &g, &end, &seq) < 0 || g > m.gen)
    return kg_err(err, KG_ERR_STATE, "a checkpoint is under way");
  kg_index *nb = NULL;
  /* a later checkpoint may have deleted these files: read again */
  if (index_open(st->dir, m.gen, &nb, err) != KG_OK)
    return kg_err(err, KG_ERR_STATE, "generation %llu is gone",
                  (unsigned long long)m.gen);
  follow f = {st, nb, NULL, qset_new(), NULL, NULL, m.mirror_seq,
              0, m.bnodes, (kg_id)m.terms};
  if (st->mirror) f.mirror = qset_new();
  kg_status s = f.acc && (!st->mirror || f.mirror)
                    ? KG_OK
                    : kg_err(err, KG_ERR_NOMEM, "out of memory");
  /* an older journal (a checkpoint between its manifest and the reset)
   * is in the new base already */
  if (s == KG_OK && g == m.gen && end > HEADER_END)
    s = follow_read(st, &f, g, HEADER_END, end, err);
  if (s != KG_OK) {
    index_close(nb);
    qset_free(f.acc);
    qset_free(f.mirror);
    return s;
  }
  if (!f.seq) f.seq = m.seq;
  index_close(st->base);
  st->base = nb;
  st->gen = m.gen;
  qset_free(st->committed);
  st->committed = f.acc;
  if (f.mirror) {
    qset_free(st->mirror_pending);
    st->mirror_pending = f.mirror;
  }
  st->mirror_seq = m.mirror_seq;
  st->manifest_id = id;
  st->seq = f.seq;
  if (f.bnodes > st->bnodes) st->bnodes = f.bnodes;
  st->logged_terms = f.terms;
  st->changes++;
  return wal_adopt(st->wal, g == m.gen ? end : HEADER_END, 0, err);
}

/* One look at the journal's header; `writer` (holding the write lock)
 * must end current, a reader may keep its snapshot a little longer. */
static kg_status refresh(kg_store *st, int writer, kg_error *err) {
  if (st->kind != STORE_DIR || st->txn || (st->writing && !writer))
    return KG_OK;
  TRY(prefixes_follow(st, err));
  if (!st->wal) {
    char path[4096];
    uint64_t g;
    store_path(path, sizeof path, st, JOURNAL);
    if (!store_has_file(st, JOURNAL)) return KG_OK;
    TRY(wal_open_readonly(path, st->gen, 1, &g, &st->wal, err));
    wal_adopt(st->wal, HEADER_END, 0, NULL);
  }
  kg_error e;
  int moved = writer, bad_header = 0;
  for (int i = 0; i < TRIES; i++) {
    uint64_t g, end, seq;
    kg_status s = KG_OK;
    int rc = wal_peek(st->wal, &g, &end, &seq);
    if (rc < 0 && (writer || ++bad_header == BAD_HEADER_TRIES))
      return kg_err(err, KG_ERR_CORRUPT,
                    "store damaged: journal of %s, header: %s", st->dir,
                    rc == -2 ? "checksum mismatch" : "not a kgsh journal");
    if (rc < 0) {
      nap_ms(1); /* a header read while it was rewritten */
      continue;
    }
    if (g == st->gen && (end == wal_txn_start(st->wal) || !end)) break;
    if (g == st->gen && end > wal_txn_start(st->wal))
      s = tail(st, g, end, &e);
    else
      s = reload(st, &e);
    if (s == KG_OK) {
      moved = 1;
      continue; /* read the header again */
    }
    if (s != KG_ERR_STATE) {
      if (err) *err = e;
      return s;
    }
    nap_ms(i < 10 ? 0 : 2);
  }
  return moved ? dict_follow(st->dict, st->logged_terms, writer, err) : KG_OK;
}

kg_status store_refresh(kg_store *st, kg_error *err) {
  return refresh(st, 0, err);
}

kg_status store_call(kg_store *st, kg_error *err) {
  store_enter(st);
  return refresh(st, 0, err);
}

/* ------------------------------------------------------------- lock */

/* The holder's pid, as it wrote it in kgsh.pid ("" if unknown). */
static void holder_pid(kg_store *st, char *pid, size_t n) {
  long long got = fd_read_full(st->write_fd, pid, n - 1, 0);
  pid[got > 0 ? got : 0] = '\0';
  pid[strcspn(pid, " \n")] = '\0';
}

static kg_status busy(kg_store *st, long waited, kg_error *err) {
  char pid[32];
  holder_pid(st, pid, sizeof pid);
  return kg_err(err, KG_ERR_LOCKED,
                "store %s is in use by another process%s%s%s that is "
                "changing it; gave up after %ld ms (a longer busy timeout "
                "waits more)",
                st->dir, *pid ? " (pid " : "", pid, *pid ? ")" : "",
                waited);
}

/* After another process wrote the Redland files (a checkpoint, its
 * close, or turning the copy on or off), this process's handles and
 * pending list are stale. */
static kg_status mirror_follow(kg_store *st, kg_error *err) {
  long long id = store_manifest_id(st);
  if (id == st->manifest_id) return KG_OK;
  store_manifest m;
  TRY(store_manifest_peek(st, &m, err));
  st->manifest_id = id;
  int on = m.redland != 0; /* -1: a 0.9 store, which had the copy */
  if (m.mirror_seq == st->mirror_seq && m.gen == st->gen &&
      on == (st->redland != 0))
    return KG_OK;
  mirror_close(st->mirror);
  st->mirror = NULL;
  /* another process may have turned the copy on or off */
  st->redland = on;
  qset_clear(st->mirror_pending);
  if (on) TRY(mirror_open(st->dir, st->mirror_name, 0, &st->mirror, err));
  /* the pending list is rebuilt against the mirror's new commit */
  st->gen = UINT64_MAX;
  return KG_OK;
}

kg_status store_write_lock(kg_store *st, kg_error *err) {
  if (st->kind != STORE_DIR || st->writing) return KG_OK;
  long waited = 0, step = 1;
  while (flock(st->write_fd, LOCK_EX | LOCK_NB) < 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      return kg_err_errno(err, "cannot lock", st->dir);
    if (waited >= st->busy_ms) return busy(st, waited, err);
    /* Ctrl-C stops the wait (store_interrupted is above this file) */
    if (st->interrupted) {
      st->interrupted = 0;
      return kg_err(err, KG_ERR_CANCELLED,
                    "interrupted while waiting for another process to "
                    "finish changing %s", st->dir);
    }
    /* other threads read meanwhile */
    int depth = lock_suspend(&st->lock);
    nap_ms(step);
    lock_resume(&st->lock, depth);
    waited += step;
    if (step < 32) step *= 2;
  }
  st->writing = 1;
  /* one write of a fixed width: no truncation on the commit's path */
  char pid[PID_WIDTH + 1];
  snprintf(pid, sizeof pid, "%-*ld\n", PID_WIDTH - 1, (long)getpid());
  kg_status s = fd_write_full(st->write_fd, pid, PID_WIDTH, 0, NULL) == 0
                    ? KG_OK
                    : kg_err_errno(err, "cannot write the pid to", st->dir);
  if (s == KG_OK) s = mirror_follow(st, err);
  if (s == KG_OK) s = refresh(st, 1, err);
  /* a writer that died left a torn tail: cut it */
  if (s == KG_OK) s = wal_adopt(st->wal, wal_txn_start(st->wal), 1, err);
  if (s == KG_OK) {
    st->dict_dirty = store_has_file(st, DICT_DIRTY);
    st->mirror_dirty = store_has_file(st, MIRROR_DIRTY);
  }
  /* a checkpoint that died while the Redland files were written */
  if (s == KG_OK && st->mirror_dirty) s = store_mirror_repair(st, err);
  if (s != KG_OK) {
    st->writing = 0;
    flock(st->write_fd, LOCK_UN);
  }
  return s;
}

void store_write_unlock(kg_store *st) {
  if (!st->writing || st->txn || st->explicit_txn || st->kind != STORE_DIR)
    return;
  /* what a rollback left buffered goes out before others write */
  kg_error e;
  dict_flush(st->dict, &e);
  st->writing = 0;
  flock(st->write_fd, LOCK_UN);
}
