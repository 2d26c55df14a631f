/* txn.c - transactions: the open transaction's layer, commits to the
 * journal (a checkpoint when enough has gathered), rollbacks and
 * savepoints, and single-statement changes (kg_store_add/remove). */
#include "fault.h"
#include "store/store_impl.h"

#include <stdlib.h>

kg_status store_write_begin(kg_store *st, kg_error *err) {
  if (st->readonly)
    return kg_err(err, KG_ERR_READONLY,
                  "the store was opened read-only; reopen it without "
                  "--readonly to change it");
  if (st->txn) return KG_OK;
  TRY(store_write_lock(st, err));
  st->txn = qset_new();
  if (!st->txn) {
    store_write_unlock(st);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  st->txn_dict_start = dict_count(st->dict);
  return KG_OK;
}

kg_status store_set(kg_store *st, const kg_qid *q, int op, int *changed,
                    kg_error *err) {
  kg_view under = {st->base, {st->committed}, 1};
  if (store_own(&st->txn, 1) < 0)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
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
kg_status store_log_terms(kg_store *st, kg_error *err) {
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
    kg_status s = store_log_terms(st, err);
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
  if (!empty) {
    st->seq++;
    st->wrote = 1;
  }
  if (st->mirror && qset_merge_into(st->mirror_pending, t) < 0)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (store_own(&st->committed, 1) < 0 ||
      qset_merge_into(st->committed, t) < 0)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  /* other processes may read it now (after the sync) */
  if (st->kind == STORE_DIR && !empty)
    TRY(wal_publish(st->wal, st->seq, err));
  qset_free(t);
  st->txn = NULL;
  st->explicit_txn = 0;
  __atomic_store_n(&st->txn_thread, NULL, __ATOMIC_RELEASE);
  size_t pending = qset_adds(st->committed) + qset_dels(st->committed);
  size_t limit = index_size(st->base) / 8;
  kg_error ce;
  /* the commit is done: a checkpoint that fails (a full disk) changes
   * nothing and is tried again at the next commit or close */
  if (pending > st->ckpt_min && pending > limit &&
      store_checkpoint(st, NULL, NULL, &ce) != KG_OK)
    store_note(st, "the change is committed (in the journal); merging the "
                   "journal into the index failed and is tried again later: "
                   "%s",
               ce.message);
  return KG_OK;
}

/* The terms no commit uses (this transaction's, and in a directory any
 * a failed one left) go again: a failed load on a full disk gives its
 * space back. A failure to forget them leaves unused ids, no harm. */
void store_forget_terms(kg_store *st) {
  if (st->kind == STORE_LIBRDF || st->readonly) return;
  kg_error e;
  dict_forget(st->dict,
              st->kind == STORE_DIR ? st->logged_terms : st->txn_dict_start,
              &e);
}

void store_rollback(kg_store *st) {
  if (st->txn) store_forget_terms(st);
  qset_free(st->txn);
  st->txn = NULL;
  st->explicit_txn = 0;
  __atomic_store_n(&st->txn_thread, NULL, __ATOMIC_RELEASE);
  st->changes++;
  store_write_unlock(st);
}

/* Commits, or rolls back when the commit fails; the write lock goes. */
static kg_status commit_end(kg_store *st, kg_error *err) {
  kg_status s = commit(st, err);
  if (s != KG_OK) store_rollback(st);
  store_write_unlock(st);
  return s;
}

kg_status store_write_end(kg_store *st, kg_status st_in, kg_error *err) {
  if (st->explicit_txn) return st_in;
  if (st_in != KG_OK) {
    store_rollback(st);
    return st_in;
  }
  return commit_end(st, err);
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

static kg_status store_begin(kg_store *st, kg_error *err) {
  kg_error_clear(err);
  if (st->explicit_txn)
    return kg_err(err, KG_ERR_STATE, "a transaction is already open");
  TRY(store_write_begin(st, err));
  st->explicit_txn = 1;
  __atomic_store_n(&st->txn_thread, lock_thread(), __ATOMIC_RELEASE);
  return KG_OK;
}

static kg_status store_commit(kg_store *st, kg_error *err) {
  kg_error_clear(err);
  if (!st->explicit_txn)
    return kg_err(err, KG_ERR_STATE, "no transaction is open (use .begin)");
  return commit_end(st, err);
}

static kg_status store_rollback_call(kg_store *st, kg_error *err) {
  kg_error_clear(err);
  if (!st->explicit_txn)
    return kg_err(err, KG_ERR_STATE, "no transaction is open (use .begin)");
  store_rollback(st);
  return KG_OK;
}

int kg_store_in_transaction(const kg_store *st) { return st->explicit_txn; }

kg_status store_intern(kg_store *st, const kg_term *t, kg_id *id,
                       kg_error *err) {
  if (st->mirror && !mirror_term_ok(t))
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "a term exceeds Redland's limits (IRI or blank node over "
                  "65535 bytes, a NUL character, or a language tag over "
                  "255 bytes)");
  if (st->kind == STORE_DIR && !st->dict_dirty) {
    TRY(store_marker(st, DICT_DIRTY, 1, err));
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
    rc = store_lookup(st, &q->s, &id.s, err);
    if (rc == KG_OK) rc = store_lookup(st, &q->p, &id.p, err);
    if (rc == KG_OK) rc = store_lookup(st, &q->o, &id.o, err);
    if (rc == KG_OK && q->g.kind) rc = store_lookup(st, &q->g, &id.g, err);
    if (rc == KG_OK && (!id.s || !id.p || !id.o || (q->g.kind && !id.g)))
      return store_write_end(st, KG_OK, err);
  }
  if (rc == KG_OK) rc = store_set(st, &id, op, changed, err);
  return store_write_end(st, rc, err);
}

static kg_status store_add(kg_store *st, const kg_quad *q, int *changed,
                       kg_error *err) {
  return change(st, q, 1, changed, err);
}

static kg_status store_remove(kg_store *st, const kg_quad *q, int *changed,
                          kg_error *err) {
  return change(st, q, -1, changed, err);
}

kg_status store_remote_no_txn(kg_store *st, kg_error *err) {
  return kg_err(err, KG_ERR_UNSUPPORTED,
                "%s is a SPARQL server: it has no multi-statement "
                "transactions here (each update runs on its own)", st->spec);
}

kg_status kg_store_begin(kg_store *st, kg_error *err) {
  if (st->remote) return store_remote_no_txn(st, err);
  store_enter(st);
  kg_status s = store_begin(st, err);
  store_leave(st);
  return s;
}

kg_status kg_store_commit(kg_store *st, kg_error *err) {
  if (st->remote) return store_remote_no_txn(st, err);
  store_enter(st);
  kg_status s = store_commit(st, err);
  store_leave(st);
  return s;
}

kg_status kg_store_rollback(kg_store *st, kg_error *err) {
  if (st->remote) return store_remote_no_txn(st, err);
  store_enter(st);
  kg_status s = store_rollback_call(st, err);
  store_leave(st);
  return s;
}

kg_status kg_store_add(kg_store *st, const kg_quad *q, int *changed,
                       kg_error *err) {
  if (st->remote) return st->remote->change(st, q, 1, changed, err);
  store_enter(st);
  kg_status s = store_add(st, q, changed, err);
  store_leave(st);
  return s;
}

kg_status kg_store_remove(kg_store *st, const kg_quad *q, int *changed,
                          kg_error *err) {
  if (st->remote) return st->remote->change(st, q, 0, changed, err);
  store_enter(st);
  kg_status s = store_remove(st, q, changed, err);
  store_leave(st);
  return s;
}
