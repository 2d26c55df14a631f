/* bulk.c - the bulk path of large loads: ops go straight to the journal
 * and, once committed, are merged into a new base from sorted runs, so a
 * load's memory stays bounded however large it is. */
#include "fault.h"
#include "fdio.h"
#include "store/store_impl.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum {
  RUNS_FANIN = 16            /* runs of one size merged into a larger one */
};

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
  TRY(store_write_lock(st, err));
  bulk *b = calloc(1, sizeof *b);
  if (!b) {
    store_write_unlock(st);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  b->st = st;
  b->start = wal_txn_start(st->wal);
  dict_bound(st->dict, 1);
  /* its terms reach terms.idx in sorted batches (dict_trim, bulk_end) */
  kg_status s = dict_batch(st->dict, 1, err);
  if (s == KG_OK && (s = wal_bulk(st->wal, err)) != KG_OK)
    dict_batch(st->dict, 0, &(kg_error){0});
  if (s != KG_OK) {
    dict_bound(st->dict, 0);
    free(b);
    store_write_unlock(st);
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
  *fd = fd_open_store(path, O_RDWR | O_CREAT | O_TRUNC);
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
  if (fd_write_full(b->fds[r], b->buf, b->nkeys[r] * sizeof(qkey),
                    FDIO_APPEND, NULL) < 0)
    return kg_err_errno(p->err, "cannot write", "a sorted run");
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
  kg_status s = store_checkpoint(b->st, &runs, added, err);
  runs_release(b, ORD_SPOG);
  free(b->buf);
  free(b->tmp);
  free(b);
  return s;
}

/* Merges the bulk load that recovery left in the journal (its process
 * stopped between the commit and the merge). */
kg_status bulk_recover(kg_store *st, uint64_t at,
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
  if (s == KG_OK) s = store_log_terms(st, err);
  kg_fault("bulk-before");
  if (s == KG_OK) s = dict_trim(st->dict, err);
  if (s == KG_OK) s = dict_flush(st->dict, err);
  if (s == KG_OK)
    s = wal_commit(st->wal, st->seq + 1, dict_count(st->dict), st->bnodes,
                   st->durable, err);
  if (s != KG_OK) {
    wal_abort(st->wal, NULL);
    dict_bound(st->dict, 0);
    store_forget_terms(st);
    free(b);
    store_write_unlock(st);
    return s;
  }
  kg_fault("bulk-after");
  st->seq++;
  st->wrote = 1;
  st->logged_terms = dict_count(st->dict);
  st->changes++;
  /* the load is durable: merge it into a new base now */
  s = bulk_merge(b, added, err);
  if (s != KG_OK) {
    /* the journal holds the load; replay it into the committed layer */
    kg_error e2;
    store_own(&st->committed, 0);
    if (store_replay(st, NULL, NULL, &e2) == KG_OK)
      wal_publish(st->wal, st->seq, &e2);
  }
  store_write_unlock(st);
  return s;
}
