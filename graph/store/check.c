/* check.c - kgsh --check and --repair: every file of a directory store
 * read whole and checked (docs/storage.md, "Checking a store"), and what
 * can be rebuilt from the others rebuilt. Findings go to a callback; the
 * library prints nothing. */
#include "store/store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

typedef struct checker {
  kg_store st;            /* a shell for paths: dir and kind only */
  kg_check_fn fn;
  void *ctx;
  int repair;
  int bad;                /* damage found and not repaired */
  store_manifest m;
  int have_manifest;
  uint64_t seq;           /* journal: the last commit read */
  unsigned long long commits;
} checker;

static void say(checker *c, const char *file, int ok, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void say(checker *c, const char *file, int ok, const char *fmt, ...) {
  char msg[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (!ok) c->bad = 1;
  if (c->fn) c->fn(c->ctx, file, ok, msg);
}

/* ------------------------------------------------------------ journal */

static int ck_terms(void *ctx, kg_id id, const unsigned char *rec,
                    size_t len) {
  (void)ctx, (void)id, (void)rec, (void)len;
  return 0;
}
static int ck_op(void *ctx, int op, const kg_qid *q) {
  (void)ctx, (void)op, (void)q;
  return 0;
}
static int ck_commit(void *ctx, uint64_t seq, kg_id terms, uint64_t bn) {
  checker *c = ctx;
  (void)terms, (void)bn;
  c->seq = seq;
  c->commits++;
  return 0;
}

/* A journal that cannot be read whole: --repair keeps the commits before
 * the damage (or starts an empty journal), losing the rest. */
static void repair_journal(checker *c, const char *path) {
  wal_replay_fns fns = {ck_terms, ck_op, ck_commit, NULL, NULL};
  kg_wal *w = NULL;
  uint64_t g;
  kg_error e;
  c->seq = c->m.seq;
  c->commits = 0;
  kg_status s = wal_open(path, c->m.gen, 0, &g, &w, &e);
  if (s == KG_OK && g != c->m.gen) s = wal_reset(w, c->m.gen, c->m.seq, &e);
  else if (s == KG_OK) s = wal_salvage(w, &fns, c, &e);
  if (s == KG_OK) s = wal_publish(w, c->seq, &e);
  wal_close(w);
  if (s != KG_OK && (unlink(path) == 0 || errno == ENOENT) &&
      wal_open(path, c->m.gen, 0, &g, &w, &e) == KG_OK) {
    /* a header that cannot be read: a new, empty journal */
    wal_close(w);
    c->commits = 0;
    s = KG_OK;
  }
  if (s != KG_OK)
    say(c, JOURNAL, 0, "cannot repair: %s", e.message);
  else
    say(c, JOURNAL, 1,
        "repaired: kept the %llu commit%s before the damage; those after "
        "it are lost",
        c->commits, c->commits == 1 ? "" : "s");
}

static void check_journal(checker *c) {
  char path[4096];
  store_path(path, sizeof path, &c->st, JOURNAL);
  kg_wal *w = NULL;
  uint64_t g;
  kg_error e;
  wal_replay_fns fns = {ck_terms, ck_op, ck_commit, NULL, NULL};
  kg_status s = access(path, F_OK) == 0
                    ? wal_open_readonly(path, c->m.gen, 1, &g, &w, &e)
                    : kg_err(&e, KG_ERR_CORRUPT, "store damaged: %s is missing",
                             path);
  if (s == KG_OK && g == c->m.gen) s = wal_replay(w, &fns, c, &e);
  wal_close(w);
  if (s == KG_OK) {
    unsigned long long n = g == c->m.gen ? c->commits : 0;
    say(c, JOURNAL, 1, "%llu commit%s since the last checkpoint%s", n,
        n == 1 ? "" : "s",
        g == c->m.gen ? "" : " (left from before it: emptied at the next open)");
    return;
  }
  if (!c->repair) {
    say(c, JOURNAL, 0, "%s", e.message);
    return;
  }
  repair_journal(c, path);
}

/* ----------------------------------------------------- the dictionary */

static void check_terms(checker *c) {
  kg_dict *d = NULL;
  kg_error e;
  unsigned long long unsummed = 0;
  kg_status s = dict_open_shared(c->st.dir, 1, &d, &e);
  if (s == KG_OK) s = dict_follow(d, KG_ID_MAX, 0, &e);
  if (s == KG_OK) s = dict_verify(d, &unsummed, &e);
  kg_id n = d ? dict_count(d) : 0;
  dict_close(d);
  int idx_only = s != KG_OK && strstr(e.message, "terms.idx");
  if (s == KG_OK || (idx_only && c->repair)) {
    if (s != KG_OK) {
      /* terms.idx is an index of the records: build it again */
      s = dict_open(c->st.dir, 0, 0, &d, &e);
      if (s == KG_OK) s = dict_reindex(d, &e);
      if (s == KG_OK) s = dict_sync(d, &e);
      dict_close(d);
      say(c, "terms.idx", s == KG_OK, "%s%s",
          s == KG_OK ? "rebuilt from the records" : "cannot rebuild: ",
          s == KG_OK ? "" : e.message);
    }
    say(c, "terms.dat", 1, "%u terms%s", n,
        unsummed ? ", some without checksums (written before kgsh stores "
                   "version 2; they get them at the next writable open)"
                 : "");
    return;
  }
  say(c, idx_only ? "terms.idx" : "terms.dat", 0, "%s%s", e.message,
      idx_only ? " (kgsh --repair rebuilds it from the records)" : "");
}

/* ---------------------------------------------------------- the index */

/* An order-independent sum of an order's quads, to see that the six
 * orders hold the same ones. */
static uint64_t quad_mix(const kg_qid *q) {
  uint64_t h = ((uint64_t)q->s << 32 | q->p) * 0x9e3779b97f4a7c15ull;
  h ^= ((uint64_t)q->o << 32 | q->g) * 0xc2b2ae3d27d4eb4full;
  return h ^ (h >> 29);
}

/* 0 when the order is sound, sorted, and sums to *mix. */
static int check_order(const kg_index *x, kg_order o, uint64_t *mix) {
  size_t n;
  index_keys(x, o, &n);
  const qkey *prev = NULL;
  uint64_t sum = 0;
  for (size_t i = 0; i < n; i++) {
    const qkey *k = index_key_at(x, o, i);
    if (!k || (prev && qkey_cmp(prev, k) >= 0)) return -1;
    kg_qid q = qkey_to(o, k);
    sum += quad_mix(&q);
    prev = k;
  }
  *mix = sum;
  return 0;
}

/* Rewrites order `bad` from the sound order `good`. */
static kg_status rebuild_order(checker *c, const kg_index *x, kg_order good,
                               kg_order bad, kg_error *err) {
  size_t n;
  index_keys(x, good, &n);
  qkey *keys = malloc((n ? n : 1) * sizeof *keys);
  qkey *tmp = malloc((n ? n : 1) * sizeof *tmp);
  kg_status s = keys && tmp ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t i = 0; s == KG_OK && i < n; i++) {
    kg_qid q = qkey_to(good, index_key_at(x, good, i));
    keys[i] = qkey_from(bad, &q);
  }
  if (s == KG_OK && qkey_sort(keys, n, tmp) < 0)
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s == KG_OK)
    s = index_write_order(c->st.dir, c->m.gen, bad, keys, n, err);
  free(keys);
  free(tmp);
  return s;
}

static void check_index(checker *c) {
  char name[64];
  snprintf(name, sizeof name, "quads-%llu.*", (unsigned long long)c->m.gen);
  if (!c->m.gen) {
    say(c, name, 1, "no index files yet (no checkpoint)");
    return;
  }
  kg_index *x = NULL;
  kg_error e;
  if (index_open(c->st.dir, c->m.gen, &x, &e) != KG_OK) {
    say(c, name, 0, "%s", e.message);
    return;
  }
  uint64_t mix[ORD_N];
  int bad[ORD_N], nbad = 0, good = -1;
  for (int o = 0; o < ORD_N; o++) {
    bad[o] = check_order(x, (kg_order)o, &mix[o]) < 0;
    if (!bad[o] && good < 0) good = o;
  }
  /* the sound orders must agree; one that differs from the others is
   * damaged too (a majority decides) */
  for (int o = 0; o < ORD_N; o++) {
    int agree = 0;
    for (int p = 0; p < ORD_N; p++) agree += !bad[p] && mix[p] == mix[o];
    if (!bad[o] && agree * 2 <= ORD_N) bad[o] = 1;
    if (!bad[o]) good = o;
    nbad += bad[o];
  }
  for (int o = 0; o < ORD_N; o++) {
    snprintf(name, sizeof name, "quads-%llu.%s", (unsigned long long)c->m.gen,
             order_name[o]);
    if (!bad[o]) continue;
    if (index_damaged(x, &e) == KG_OK)
      snprintf(e.message, sizeof e.message,
               "store damaged: %s disagrees with the other orders", name);
    if (!c->repair || good < 0) {
      say(c, name, 0, "%s%s", e.message,
          good >= 0 ? " (kgsh --repair rebuilds it from a sound order)" : "");
      continue;
    }
    kg_status s = rebuild_order(c, x, (kg_order)good, (kg_order)o, &e);
    say(c, name, s == KG_OK, "%s%s",
        s == KG_OK ? "rebuilt from " : "cannot rebuild: ",
        s == KG_OK ? order_name[good] : e.message);
  }
  if (!nbad) {
    snprintf(name, sizeof name, "quads-%llu.*", (unsigned long long)c->m.gen);
    say(c, name, 1, "%zu statements in six orders", index_size(x));
  }
  index_close(x);
}

/* ------------------------------------------------ the other small files */

static void check_prefixes(checker *c) {
  kg_error e;
  c->st.kind = STORE_DIR;
  kg_status s = prefixes_load(&c->st, &e);
  prefixes_free(c->st.prefixes);
  c->st.prefixes = NULL;
  if (s == KG_OK) {
    say(c, "prefixes", 1, "sound");
    return;
  }
  if (!c->repair) {
    say(c, "prefixes", 0, "%s (kgsh --repair keeps the lines that still "
                          "read as prefixes)", e.message);
    return;
  }
  s = prefixes_salvage(&c->st, &e);
  prefixes_free(c->st.prefixes);
  c->st.prefixes = NULL;
  say(c, "prefixes", s == KG_OK, "%s%s",
      s == KG_OK ? "repaired: kept the lines that read as prefixes"
                 : "cannot repair: ",
      s == KG_OK ? "" : e.message);
}

/* Each statement of the Redland copy must be in the index. */
typedef struct mirror_walk {
  kg_store *st;
  kg_view v;
  long long n;
} mirror_walk;

static int mirror_one(void *ctx, const kg_quad *q) {
  mirror_walk *w = ctx;
  kg_qid id = {0, 0, 0, 0};
  id.s = dict_find(w->st->dict, &q->s);
  id.p = dict_find(w->st->dict, &q->p);
  id.o = dict_find(w->st->dict, &q->o);
  if (q->g.kind) id.g = dict_find(w->st->dict, &q->g);
  if (!id.s || !id.p || !id.o || (q->g.kind && !id.g) ||
      !view_contains(&w->v, &id))
    return 1;
  w->n++;
  return 0;
}

static kg_status mirror_verify(kg_store *st, long long *have, kg_error *err) {
  mirror_walk w = {st, store_view(st), 0};
  kg_status s = mirror_each(st->mirror, mirror_one, &w, err);
  if (s == KG_ERR_CANCELLED || (s == KG_OK && (size_t)w.n != view_size(&w.v)))
    return kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: the Redland copy differs from the index "
                  "(%lld of its statements match, the index holds %zu)",
                  w.n, view_size(&w.v));
  *have = w.n;
  return s;
}

/* The Redland copy, when kept: it must hold what the index holds. (A
 * store of kgsh 0.9 keeps it only when its next writable open asks.) */
static void check_redland(checker *c) {
  if (c->m.redland <= 0 || !mirror_exists(c->st.dir, c->m.mirror)) return;
  kg_store *st = NULL;
  kg_error e;
  char name[512];
  snprintf(name, sizeof name, "%s-*.db", c->m.mirror);
  kg_status s =
      store_open(c->st.dir, c->repair ? 0 : KG_OPEN_READONLY, &st, &e);
  long long have = -1;
  /* a read-only open leaves the copy closed */
  if (s == KG_OK && !st->mirror)
    s = mirror_open(st->dir, st->mirror_name, 1, &st->mirror, &e);
  if (s == KG_OK && st->mirror_seq == st->seq)
    s = mirror_verify(st, &have, &e);
  if (s == KG_OK && have >= 0)
    say(c, name, 1, "%lld statement%s, as in the index", have,
        have == 1 ? "" : "s");
  else if (s == KG_OK)
    say(c, name, 1, "behind the index by the last commits (brought up to "
                    "date at the next close of a writable session)");
  else if (!c->repair || !st)
    say(c, name, 0, "%s%s", e.message,
        st ? " (kgsh --repair rebuilds it from the index)" : "");
  else {
    s = store_mirror_rebuild(st, &e);
    if (s == KG_OK) s = store_mirror_done(st, &e);
    say(c, name, s == KG_OK, "%s%s",
        s == KG_OK ? "rebuilt from the index" : "cannot rebuild: ",
        s == KG_OK ? "" : e.message);
  }
  kg_store_close(st);
}

/* ---------------------------------------------------------------- entry */

kg_status kg_store_check(const char *dir, unsigned flags, kg_check_fn fn,
                         void *ctx, kg_error *err) {
  kg_error_clear(err);
  checker c = {.fn = fn, .ctx = ctx, .repair = (flags & KG_CHECK_REPAIR) != 0};
  c.st.dir = (char *)dir;
  c.st.kind = STORE_DIR;
  /* no other process may change the store meanwhile: a check waits for
   * writers (the write lock), a repair needs the store to itself */
  int lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) return kg_err_errno(err, "cannot open", dir);
  char path[4096];
  store_path(path, sizeof path, &c.st, PIDFILE);
  int wfd = c.repair ? -1 : open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  int locked = c.repair ? flock(lock, LOCK_EX | LOCK_NB) == 0
                        : flock(lock, LOCK_SH | LOCK_NB) == 0 &&
                              (wfd < 0 || flock(wfd, LOCK_EX | LOCK_NB) == 0);
  kg_status s = KG_OK;
  if (!locked)
    s = kg_err(err, KG_ERR_LOCKED,
               "store %s is in use by another process that %s; %s", dir,
               c.repair ? "has it open" : "is changing it",
               c.repair ? "close it there first" : "try again in a moment");
  else if (store_manifest_peek(&c.st, &c.m, err) != KG_OK)
    /* without the manifest nothing says which generation is current */
    say(&c, MANIFEST, 0, "%s (it cannot be rebuilt from the other files)",
        err->message);
  else {
    say(&c, MANIFEST, 1, "version %d, generation %llu, commit %llu",
        c.m.version, (unsigned long long)c.m.gen,
        (unsigned long long)c.m.seq);
    check_prefixes(&c);
    check_journal(&c);
    check_terms(&c);
    check_index(&c);
    if (!c.bad) {
      if (c.repair) flock(lock, LOCK_UN); /* the open takes its own */
      check_redland(&c);
    }
  }
  if (wfd >= 0) close(wfd);
  close(lock);
  if (s != KG_OK) return s;
  return c.bad ? kg_err(err, KG_ERR_CORRUPT, "store %s is damaged", dir)
               : KG_OK;
}
