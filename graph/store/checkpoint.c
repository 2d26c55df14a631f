/* checkpoint.c - merging the committed changes (and a bulk load's runs)
 * into a new base generation, with the Redland files, the manifest and
 * the journal following it in an order a crash at any point survives. */
#include "fault.h"
#include "store/store_impl.h"

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
    TRY(store_marker(st, MIRROR_DIRTY, 1, err));
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
    store_own(&st->committed, 0);
    return KG_OK;
  }
  kg_status s = st->mirror ? store_mirror_queue(st, err) : KG_OK;
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
    s = store_manifest_write(st, err);
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
  store_own(&st->committed, 0);
  if (st->mirror) qset_clear(st->mirror_pending);
  st->logged_terms = dict_count(st->dict);
  TRY(wal_reset(st->wal, gen, st->seq, err));
  kg_fault("ckpt-journal");
  index_remove_files(st->dir, old);
  TRY(store_marker(st, MIRROR_DIRTY, 0, err));
  st->mirror_dirty = 0;
  st->changes++;
  return KG_OK;
}

/* A checkpoint reads many records once (for the Redland files): the
 * dictionary keeps few of their pages meanwhile. */
kg_status store_checkpoint(kg_store *st, const kg_runs *runs,
                           unsigned long long *added, kg_error *err) {
  dict_bound(st->dict, 1);
  kg_status s = checkpoint_run(st, runs, added, err);
  dict_bound(st->dict, 0);
  return s;
}
