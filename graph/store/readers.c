/* readers.c - parallel readers of one directory store handle: a query
 * from a thread other than the handle's own runs on a read-only handle of
 * the same directory (a reader) taken from the handle's pool, so threads
 * read at once and never wait for a writer of the handle, exactly as
 * other processes do (docs/storage.md, "Concurrency").
 *
 * Who runs where: the thread that opened the handle, and the thread whose
 * explicit transaction is open, run on the handle itself (they see that
 * transaction); every other thread reads through a reader, which picks
 * up the handle's commits from the journal like another process. */
#include "store/store.h"

#include <stdlib.h>

/* Whether the calling thread reads through a reader: not the handle's
 * own thread nor the one whose transaction is open. */
static int wants_reader(kg_store *st) {
  if (st->kind != STORE_DIR || st->remote || st->owner) return 0;
  void *me = lock_thread();
  void *txn = __atomic_load_n(&st->txn_thread, __ATOMIC_ACQUIRE);
  if (txn == me) return 0;
  if (!txn && st->home_thread == me) return 0;
  return __atomic_load_n(&st->readers_max, __ATOMIC_RELAXED) > 0;
}

/* Whether another thread's explicit transaction is open on st, so that
 * this thread's read goes to a reader (checked again under st's lock). */
static int txn_elsewhere(kg_store *st) {
  void *txn = __atomic_load_n(&st->txn_thread, __ATOMIC_ACQUIRE);
  return txn && txn != lock_thread() && wants_reader(st);
}

/* A reader for a read call of this thread, or NULL when the call runs
 * on st itself (its own thread, its transaction's thread, not a
 * directory, readers off, or none could open). */
static kg_store *reader_take(kg_store *st) {
  if (!wants_reader(st)) return NULL;
  kg_store *rd = NULL;
  pthread_mutex_lock(&st->readers_mu);
  if (st->nidle) rd = st->idle[--st->nidle];
  pthread_mutex_unlock(&st->readers_mu);
  if (!rd) {
    kg_error e;
    /* a reader that cannot open (no descriptors left): the call takes
     * its turn on the handle itself, as it would without readers */
    if (store_open(st->dir, KG_OPEN_READONLY, &rd, &e) != KG_OK) return NULL;
    rd->owner = st;
    rd->home_thread = NULL;
  }
  rd->union_default = __atomic_load_n(&st->union_default, __ATOMIC_RELAXED);
  rd->owner_interrupts = __atomic_load_n(&st->interrupts, __ATOMIC_ACQUIRE);
  return rd;
}

/* Back to its owner's pool (or closed when the pool is full). */
static void reader_give(kg_store *rd) {
  kg_store *st = rd->owner;
  pthread_mutex_lock(&st->readers_mu);
  size_t max = (size_t)__atomic_load_n(&st->readers_max, __ATOMIC_RELAXED);
  int keep = st->nidle < max;
  if (keep && st->nidle == st->capidle) {
    size_t cap = st->capidle ? 2 * st->capidle : 4;
    kg_store **v = realloc(st->idle, cap * sizeof *v);
    if (v) st->idle = v, st->capidle = cap;
    else keep = 0;
  }
  if (keep) st->idle[st->nidle++] = rd;
  pthread_mutex_unlock(&st->readers_mu);
  if (!keep) kg_store_close(rd);
}

static void reader_release(void *rd) { reader_give(rd); }

/* A result of reader rd: its rows take rd's lock, its free gives rd
 * back. */
static void reader_result(kg_result *r, kg_store *rd) {
  r->lock = &rd->lock;
  r->via = rd;
  r->release = reader_release;
}

kg_status store_read_enter(kg_store *st, kg_store **on, kg_error *err) {
  kg_store *rd = reader_take(st);
  if (!rd) {
    kg_status s = store_call(st, err);
    /* another thread began a transaction meanwhile: read without it */
    if (s != KG_OK || !txn_elsewhere(st) ||
        !(rd = reader_take(st))) {
      *on = st;
      return s;
    }
    store_leave(st);
  }
  *on = rd;
  return store_call(rd, err);
}

void store_read_leave(kg_store *st, kg_store *on, kg_result *r) {
  if (on == st) {
    store_leave(st);
    return;
  }
  if (r) reader_result(r, on);
  store_leave(on);
  if (!r) reader_give(on);
}

void kg_store_set_readers(kg_store *st, int n) {
  if (!st || st->kind != STORE_DIR || st->owner) return;
  size_t keep = n > 0 ? (size_t)n : 0;
  __atomic_store_n(&st->readers_max, (int)keep, __ATOMIC_RELAXED);
  /* fewer kept idle now: the rest close, outside the pool's lock */
  for (;;) {
    pthread_mutex_lock(&st->readers_mu);
    kg_store *extra = st->nidle > keep ? st->idle[--st->nidle] : NULL;
    pthread_mutex_unlock(&st->readers_mu);
    if (!extra) break;
    kg_store_close(extra);
  }
}

int kg_store_parallel_reads(const kg_store *st) {
  return st && st->kind == STORE_DIR && !st->remote &&
         __atomic_load_n(&st->readers_max, __ATOMIC_RELAXED) > 0;
}
