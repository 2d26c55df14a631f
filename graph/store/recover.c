/* recover.c - bringing the state back from the files: the journal's
 * replay into the committed layer (at open, and after a failed bulk
 * merge), and the Redland files' catch-up with the commits they lack,
 * their rebuild after a crash while they were written, and turning the
 * Redland copy on and off. */
#include "store/store_impl.h"

#include <stdlib.h>
#include <string.h>

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
  kg_error damage;            /* the dictionary disagrees with a term */
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
    if (have && have_len == len && !memcmp(have, rec, len)) return 0;
    /* the journal's copy passed its CRC: the dictionary is damaged */
    if (dict_damaged(r->st->dict, &r->damage) == KG_OK)
      kg_err(&r->damage, KG_ERR_CORRUPT,
             "store damaged: %s/terms.dat, term %u differs from the "
             "journal's copy",
             r->st->dir ? r->st->dir : "", id);
    return 1;
  }
  if (id != dict_count(r->st->dict) + 1 || r->st->readonly) return 1;
  kg_id got;
  return dict_intern_record(r->st->dict, &t, &got, r->err) != KG_OK ||
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
  if (r->st->mirror && seq > r->st->mirror_seq &&
      qset_merge_into(r->st->mirror_pending, r->txn) < 0)
    return 1;
  if (store_own(&r->st->committed, 1) < 0 ||
      qset_merge_into(r->st->committed, r->txn) < 0)
    return 1;
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
kg_status store_replay(kg_store *st, uint64_t *bulk_at,
                       unsigned long long *bulk_ops, kg_error *err) {
  replay r = {st, qset_new(), err, bulk_ops != NULL, 0, 0, 0, 0, 0, 0,
              {.status = KG_OK}};
  if (!r.txn) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  wal_replay_fns fns = {rp_terms, rp_op, rp_commit, rp_begin, rp_bulk};
  kg_status s = wal_replay(st->wal, &fns, &r, err);
  if (s == KG_OK && r.after_bulk) {
    /* later transactions build on the load: replay it with them */
    store_own(&st->committed, 0);
    qset_clear(st->mirror_pending);
    r = (replay){st, r.txn, err, 0, 0, 0, 0, 0, 0, 0, r.damage};
    s = wal_replay(st->wal, &fns, &r, err);
  }
  if (s != KG_OK && r.damage.status != KG_OK && err) *err = r.damage;
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
kg_status store_mirror_queue(kg_store *st, kg_error *err) {
  void *ctx[2] = {st, err};
  if (qset_each(st->mirror_pending, mirror_apply_one, ctx)) return err->status;
  return KG_OK;
}

/* Marks the Redland files as up to date with every commit (after they
 * were synced): the manifest records the commit they hold. */
kg_status store_mirror_done(kg_store *st, kg_error *err) {
  qset_clear(st->mirror_pending);
  st->mirror_seq = st->seq;
  TRY(store_manifest_write(st, err));
  TRY(store_marker(st, MIRROR_DIRTY, 0, err));
  st->mirror_dirty = 0;
  return KG_OK;
}

/* Brings the Redland files up to date with the commits they lack. */
kg_status store_mirror_update(kg_store *st, kg_error *err) {
  if (!st->mirror ||
      (!qset_adds(st->mirror_pending) && !qset_dels(st->mirror_pending)))
    return KG_OK;
  if (!st->mirror_dirty) {
    TRY(store_marker(st, MIRROR_DIRTY, 1, err));
    st->mirror_dirty = 1;
  }
  TRY(store_mirror_queue(st, err));
  TRY(mirror_sync(st->mirror, err));
  return store_mirror_done(st, err);
}

static int mirror_put_all(void *ctx, const kg_qid *q, int op) {
  void **c = ctx;
  kg_store *st = c[0];
  (void)op;
  return mirror_change(st->mirror, st->dict, 1, q, 0, c[1]) != KG_OK;
}

/* Rewrites the Redland files from the index (after a crash while they
 * were being written). */
kg_status store_mirror_rebuild(kg_store *st, kg_error *err) {
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
  TRY(index_damaged(v.base, err));
  return mirror_sync(st->mirror, err);
}

/* ------------------------------------------------------ on and off */

/* mirror.dirty stays while the files change: a crash in either switch
 * leaves it, and the next writer redoes what the manifest says (rebuild
 * when on, delete when off). */
kg_status store_redland_drop(kg_store *st, long long *bytes, kg_error *err) {
  if (!st->mirror_dirty) {
    TRY(store_marker(st, MIRROR_DIRTY, 1, err));
    st->mirror_dirty = 1;
  }
  st->redland = 0;
  TRY(store_manifest_write(st, err));
  mirror_close(st->mirror);
  st->mirror = NULL;
  qset_clear(st->mirror_pending);
  TRY(mirror_remove(st->dir, st->mirror_name, bytes, err));
  TRY(store_marker(st, MIRROR_DIRTY, 0, err));
  st->mirror_dirty = 0;
  return KG_OK;
}

kg_status store_redland_on(kg_store *st, kg_error *err) {
  if (!st->mirror_dirty) {
    TRY(store_marker(st, MIRROR_DIRTY, 1, err));
    st->mirror_dirty = 1;
  }
  kg_status s = mirror_open(st->dir, st->mirror_name, 0, &st->mirror, err);
  /* a term Redland cannot encode fails the rebuild: the copy stays off */
  if (s == KG_OK) s = store_mirror_rebuild(st, err);
  if (s == KG_OK) {
    st->redland = 1;
    s = store_mirror_done(st, err);
  }
  if (s != KG_OK) {
    kg_error e;
    st->redland = 0;
    store_redland_drop(st, NULL, &e);
  }
  return s;
}

/* mirror.dirty was found: a crash cut short a change of the Redland
 * files, which are rebuilt when the copy is on and deleted when off. */
kg_status store_mirror_repair(kg_store *st, kg_error *err) {
  if (!st->mirror) return store_redland_drop(st, NULL, err);
  TRY(store_mirror_rebuild(st, err));
  return store_mirror_done(st, err);
}
