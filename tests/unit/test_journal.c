/* test_journal.c - the journal (graph/wal.h) on its own: transactions
 * written and replayed, torn and corrupted tails, abort and reset. */
#include "testutil.h"

#include "store/wal.h"

/* ------------------------------------------------------------ helpers */

/* Replay events as text, as a store applies them: the events of a
 * transaction ("B" begin, "T<id>=<rec>", "A/D s,p,o,g") are held until
 * its commit ("C<seq>/<terms>/<bnodes>") and then kept in `text`; those
 * of a transaction that never commits stay in `pend`. */
typedef struct rec {
  char *text, *pend;
  size_t len, cap, plen, pcap;
  long ops;
  int fail_op_at;  /* make the op callback fail at this op (1-based) */
} rec;

static void put(char **buf, size_t *len, size_t *cap, const char *s) {
  size_t n = strlen(s);
  if (*len + n + 2 > *cap) {
    *cap = (*len + n + 2) * 2;
    *buf = realloc(*buf, *cap);
    ck_assert_ptr_nonnull(*buf);
  }
  if (*len) (*buf)[(*len)++] = ' ';
  memcpy(*buf + *len, s, n + 1);
  *len += n;
}

static void rec_put(rec *r, const char *s) {
  put(&r->pend, &r->plen, &r->pcap, s);
}

static int on_begin(void *ctx) {
  rec *r = ctx;
  r->plen = 0;
  rec_put(r, "B");
  return 0;
}

static int on_terms(void *ctx, kg_id id, const unsigned char *p, size_t len) {
  char buf[300];
  snprintf(buf, sizeof buf, "T%u=%.*s", id, (int)len, (const char *)p);
  rec_put(ctx, buf);
  return 0;
}

static int on_op(void *ctx, int op, const kg_qid *q) {
  rec *r = ctx;
  r->ops++;
  if (r->fail_op_at && r->ops == r->fail_op_at) return 1;
  if (r->ops > 50) return 0; /* big transactions: only count */
  char buf[100];
  snprintf(buf, sizeof buf, "%c%u,%u,%u,%u", op > 0 ? 'A' : 'D', q->s, q->p,
           q->o, q->g);
  rec_put(r, buf);
  return 0;
}

static int on_commit(void *ctx, uint64_t seq, kg_id n, uint64_t bnodes) {
  rec *r = ctx;
  char buf[100];
  snprintf(buf, sizeof buf, "C%llu/%u/%llu", (unsigned long long)seq, n,
           (unsigned long long)bnodes);
  rec_put(r, buf);
  put(&r->text, &r->len, &r->cap, r->pend);
  r->plen = 0;
  return 0;
}

static const wal_replay_fns fns = {on_terms, on_op, on_commit, on_begin,
                                   NULL};

static kg_wal *wopen(const char *path, uint64_t gen, uint64_t *file_gen) {
  kg_wal *w = NULL;
  kg_error e;
  uint64_t fg = 0;
  kg_status s = wal_open(path, gen, 0, &fg, &w, &e);
  ck_assert_msg(s == KG_OK, "wal_open: %s", e.message);
  if (file_gen) *file_gen = fg;
  return w;
}

/* A new temporary directory and the path of a journal in it. */
static void jdir_new(char **dir, char **path) {
  *dir = kgt_tmpdir();
  *path = kgt_path(*dir, "journal");
}

static void jdir_free(char *dir, char *path) {
  kgt_rmrf(dir);
  free(path);
  free(dir);
}

/* Replays into a fresh record; returns the text (caller frees). */
static char *replay(kg_wal *w, kg_status want) {
  rec r = {0};
  kg_error e;
  kg_status s = wal_replay(w, &fns, &r, &e);
  ck_assert_msg(s == want, "replay gave %s (%s)", kg_strerror(s), e.message);
  free(r.pend);
  if (!r.text) r.text = strdup("");
  return r.text;
}

static void op(kg_wal *w, int o, kg_id s, kg_id p, kg_id ob, kg_id g) {
  kg_qid q = {s, p, ob, g};
  kg_error e;
  ck_assert_int_eq(wal_op(w, o, &q, &e), KG_OK);
}

static void term(kg_wal *w, kg_id id, const char *text) {
  kg_error e;
  ck_assert_int_eq(
      wal_term(w, id, (const unsigned char *)text, strlen(text), &e), KG_OK);
}

static void commit(kg_wal *w, uint64_t seq, kg_id terms, uint64_t bn) {
  kg_error e;
  ck_assert_int_eq(wal_commit(w, seq, terms, bn, 1, &e), KG_OK);
}

static long file_size(const char *path) {
  struct stat sb;
  ck_assert_int_eq(stat(path, &sb), 0);
  return (long)sb.st_size;
}

/* Three small transactions; *end[i] receives the offset after each. */
static void three_txns(kg_wal *w, uint64_t end[3]) {
  term(w, 1, "alpha");
  term(w, 2, "beta");
  op(w, 1, 1, 2, 1, 0);
  commit(w, 1, 2, 0);
  end[0] = wal_size(w);
  op(w, 1, 2, 2, 2, 1);
  op(w, -1, 1, 2, 1, 0);
  commit(w, 2, 2, 3);
  end[1] = wal_size(w);
  term(w, 3, "gamma");
  op(w, 1, 3, 2, 3, 0);
  commit(w, 3, 3, 3);
  end[2] = wal_size(w);
}

/* A new journal (in a new directory) holding three_txns. */
static kg_wal *three_txn_journal(char **dir, char **path, uint64_t end[3]) {
  jdir_new(dir, path);
  kg_wal *w = wopen(*path, 1, NULL);
  three_txns(w, end);
  return w;
}

#define TXN1 "B T1=alpha T2=beta A1,2,1,0 C1/2/0"
#define TXN2 "B A2,2,2,1 D1,2,1,0 C2/2/3"
#define TXN3 "B T3=gamma A3,2,3,0 C3/3/3"

/* -------------------------------------------------------------- tests */

START_TEST(test_new_journal_has_generation) {
  char *dir, *path;
  jdir_new(&dir, &path);
  uint64_t fg = 0;
  kg_wal *w = wopen(path, 42, &fg);
  ck_assert_uint_eq(fg, 42);
  ck_assert_uint_eq(wal_size(w), 32);
  ck_assert_int_eq(file_size(path), 32);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, "");
  free(t);
  wal_close(w);
  /* reopening with another generation reports the file's */
  w = wopen(path, 7, &fg);
  ck_assert_uint_eq(fg, 42);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_write_and_replay) {
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  ck_assert_uint_lt(end[0], end[1]);
  ck_assert_uint_lt(end[1], end[2]);
  /* commit syncs: the file holds all of it */
  ck_assert_int_eq(file_size(path), (long)end[2]);
  wal_close(w);

  w = wopen(path, 1, NULL);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1 " " TXN2 " " TXN3);
  free(t);
  ck_assert_uint_eq(wal_size(w), end[2]);
  /* appending after a replay continues the journal */
  op(w, 1, 9, 9, 9, 0);
  commit(w, 4, 3, 3);
  wal_close(w);
  w = wopen(path, 1, NULL);
  t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1 " " TXN2 " " TXN3 " B A9,9,9,0 C4/3/3");
  free(t);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_large_transaction) {
  /* more ops than one frame holds and more bytes than the write buffer */
  char *dir, *path;
  jdir_new(&dir, &path);
  kg_wal *w = wopen(path, 1, NULL);
  enum { N = 150000 };
  for (kg_id i = 1; i <= N; i++) op(w, i % 3 ? 1 : -1, i, 1, i, 0);
  ck_assert_uint_eq(wal_txn_ops(w), N);
  commit(w, 1, 0, 0);
  ck_assert_uint_eq(wal_txn_ops(w), 0);
  wal_close(w);
  w = wopen(path, 1, NULL);
  rec r = {0};
  kg_error e;
  ck_assert_int_eq(wal_replay(w, &fns, &r, &e), KG_OK);
  ck_assert_int_eq(r.ops, N);
  ck_assert_ptr_nonnull(strstr(r.text, "D3,1,3,0"));
  ck_assert_ptr_nonnull(strstr(r.text, "C1/0/0"));
  free(r.text);
  free(r.pend);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_torn_last_frame) {
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  wal_close(w);
  /* the last commit frame loses its last bytes, as after a crash */
  ck_assert_int_eq(truncate(path, (off_t)end[2] - 3), 0);
  w = wopen(path, 1, NULL);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1 " " TXN2);
  free(t);
  /* the unfinished transaction is cut off the file */
  ck_assert_int_eq(file_size(path), (long)end[1]);
  ck_assert_uint_eq(wal_size(w), end[1]);
  op(w, 1, 5, 5, 5, 0);
  commit(w, 3, 2, 3);
  wal_close(w);
  w = wopen(path, 1, NULL);
  t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1 " " TXN2 " B A5,5,5,0 C3/2/3");
  free(t);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_torn_inside_frame_header) {
  /* cut inside the last transaction's first frame (in its header) */
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  wal_close(w);
  ck_assert_int_eq(truncate(path, (off_t)end[1] + 5), 0);
  w = wopen(path, 1, NULL);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1 " " TXN2);
  free(t);
  ck_assert_int_eq(file_size(path), (long)end[1]);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_uncommitted_tail) {
  /* a transaction whose frames reached the file but whose commit did
   * not (a crash in the middle of a large transaction) */
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  for (kg_id i = 1; i <= 200000; i++) op(w, 1, i, 7, i, 0);
  wal_close(w); /* no commit */
  ck_assert_int_gt(file_size(path), (long)end[2] + (1 << 20));
  w = wopen(path, 1, NULL);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1 " " TXN2 " " TXN3);
  free(t);
  ck_assert_int_eq(file_size(path), (long)end[2]);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_corrupt_byte_stops_replay) {
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  wal_close(w);
  /* flip a byte in the payload of the second transaction's op frame */
  int fd = open(path, O_RDWR);
  ck_assert_int_ge(fd, 0);
  off_t at = (off_t)end[0] + 8 + 2;
  unsigned char b;
  ck_assert_int_eq(pread(fd, &b, 1, at), 1);
  b ^= 0x40;
  ck_assert_int_eq(pwrite(fd, &b, 1, at), 1);
  close(fd);
  w = wopen(path, 1, NULL);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1);
  free(t);
  ck_assert_int_eq(file_size(path), (long)end[0]);
  wal_close(w);
  /* and it stays that way */
  w = wopen(path, 1, NULL);
  t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1);
  free(t);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_corrupt_commit_frame) {
  /* a damaged commit record drops its transaction and all after it */
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  wal_close(w);
  int fd = open(path, O_RDWR);
  unsigned char b;
  off_t at = (off_t)end[1] - 12; /* inside txn 2's commit payload */
  ck_assert_int_eq(pread(fd, &b, 1, at), 1);
  b ^= 0xff;
  ck_assert_int_eq(pwrite(fd, &b, 1, at), 1);
  close(fd);
  w = wopen(path, 1, NULL);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1);
  free(t);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_abort_discards_open_txn) {
  char *dir, *path;
  jdir_new(&dir, &path);
  kg_wal *w = wopen(path, 1, NULL);
  kg_error e;
  term(w, 1, "kept");
  op(w, 1, 1, 1, 1, 0);
  commit(w, 1, 1, 0);
  uint64_t committed = wal_size(w);
  ck_assert_uint_eq(wal_txn_start(w), committed);
  /* a small transaction still in the buffer */
  term(w, 2, "dropped");
  op(w, 1, 2, 2, 2, 0);
  ck_assert_uint_eq(wal_txn_ops(w), 1);
  ck_assert_int_eq(wal_abort(w, &e), KG_OK);
  ck_assert_uint_eq(wal_txn_ops(w), 0);
  ck_assert_uint_eq(wal_size(w), committed);
  /* a large one that already reached the file */
  for (kg_id i = 1; i <= 200000; i++) op(w, 1, i, 3, i, 0);
  ck_assert_int_gt(file_size(path), (long)committed);
  ck_assert_int_eq(wal_abort(w, &e), KG_OK);
  ck_assert_int_eq(file_size(path), (long)committed);
  op(w, -1, 1, 1, 1, 0);
  commit(w, 2, 1, 0);
  wal_close(w);
  w = wopen(path, 1, NULL);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, "B T1=kept A1,1,1,0 C1/1/0 B D1,1,1,0 C2/1/0");
  free(t);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_reset_stamps_generation) {
  char *dir, *path;
  jdir_new(&dir, &path);
  kg_wal *w = wopen(path, 3, NULL);
  uint64_t end[3];
  three_txns(w, end);
  kg_error e;
  ck_assert_int_eq(wal_reset(w, 9, 0, &e), KG_OK);
  ck_assert_uint_eq(wal_size(w), 32);
  ck_assert_int_eq(file_size(path), 32);
  wal_close(w);
  uint64_t fg = 0;
  w = wopen(path, 3, &fg);
  ck_assert_uint_eq(fg, 9);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, "");
  free(t);
  /* the reset journal takes new transactions */
  op(w, 1, 4, 4, 4, 0);
  commit(w, 10, 0, 0);
  wal_close(w);
  w = wopen(path, 9, &fg);
  ck_assert_uint_eq(fg, 9);
  t = replay(w, KG_OK);
  ck_assert_str_eq(t, "B A4,4,4,0 C10/0/0");
  free(t);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_not_a_journal) {
  char *dir, *path;
  jdir_new(&dir, &path);
  kgt_write_file(path, "this is not a kgsh journal, just some text\n");
  kg_wal *w = NULL;
  kg_error e;
  uint64_t fg;
  ck_assert_int_eq(wal_open(path, 1, 0, &fg, &w, &e), KG_ERR_CORRUPT);
  ck_assert_ptr_null(w);
  ck_assert_ptr_nonnull(strstr(e.message, path));
  /* the file is left alone */
  char *text = kgt_read_file(path, NULL);
  ck_assert_str_eq(text, "this is not a kgsh journal, just some text\n");
  free(text);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_callback_failure_is_corrupt) {
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  wal_close(w);
  w = wopen(path, 1, NULL);
  rec r = {0};
  r.fail_op_at = 2;
  kg_error e;
  ck_assert_int_eq(wal_replay(w, &fns, &r, &e), KG_ERR_CORRUPT);
  ck_assert_ptr_nonnull(strstr(e.message, path));
  free(r.text);
  free(r.pend);
  wal_close(w);
  /* a refused replay does not cut the journal */
  ck_assert_int_eq(file_size(path), (long)end[2]);
  jdir_free(dir, path);
}
END_TEST

typedef struct collect {
  long n;
  kg_qid first, last;
  int last_op;
} collect;

static int collect_op(void *ctx, int o, const kg_qid *q) {
  collect *c = ctx;
  if (!c->n) c->first = *q;
  c->last = *q;
  c->last_op = o;
  c->n++;
  return 0;
}

START_TEST(test_each_op_range) {
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  kg_error e;
  collect c = {0};
  ck_assert_int_eq(wal_each_op(w, end[0], end[1], collect_op, &c, &e), KG_OK);
  ck_assert_int_eq(c.n, 2);
  ck_assert_uint_eq(c.first.s, 2);
  ck_assert_uint_eq(c.last.s, 1);
  ck_assert_int_eq(c.last_op, -1);
  /* a large committed transaction, several frames */
  uint64_t start = wal_txn_start(w);
  ck_assert_uint_eq(start, end[2]);
  for (kg_id i = 1; i <= 5000; i++) op(w, 1, i, 8, i, 0);
  commit(w, 4, 3, 3);
  collect d = {0};
  ck_assert_int_eq(wal_each_op(w, start, wal_size(w), collect_op, &d, &e),
                   KG_OK);
  ck_assert_int_eq(d.n, 5000);
  ck_assert_uint_eq(d.first.s, 1);
  ck_assert_uint_eq(d.last.s, 5000);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

static int on_bulk(void *ctx, uint64_t at) {
  rec *r = ctx;
  char buf[64];
  snprintf(buf, sizeof buf, "K@%llu", (unsigned long long)at);
  rec_put(r, buf);
  return 0;
}

START_TEST(test_bulk_frame) {
  /* a bulk load's transaction starts with a 'B' frame: replay reports it
   * with the offset its transaction begins at, from where the ops are
   * read again to merge them */
  char *dir, *path;
  uint64_t end[3];
  kg_wal *w = three_txn_journal(&dir, &path, end);
  kg_error e;
  ck_assert_int_eq(wal_bulk(w, &e), KG_OK);
  for (kg_id i = 1; i <= 3; i++) op(w, 1, i, 9, i, 0);
  term(w, 4, "delta");
  commit(w, 4, 4, 3);
  wal_close(w);
  w = wopen(path, 1, NULL);
  wal_replay_fns with_bulk = fns;
  with_bulk.bulk = on_bulk;
  rec r = {0};
  ck_assert_int_eq(wal_replay(w, &with_bulk, &r, &e), KG_OK);
  char want[256];
  snprintf(want, sizeof want,
           TXN1 " " TXN2 " " TXN3 " B K@%llu A1,9,1,0 A2,9,2,0 A3,9,3,0 "
           "T4=delta C4/4/3",
           (unsigned long long)end[2]);
  ck_assert_str_eq(r.text, want);
  collect c = {0};
  ck_assert_int_eq(wal_each_op(w, end[2], wal_size(w), collect_op, &c, &e),
                   KG_OK);
  ck_assert_int_eq(c.n, 3);
  /* without a bulk callback the frame is just skipped */
  char *text = replay(w, KG_OK);
  ck_assert_ptr_null(strstr(text, "K@"));
  ck_assert_ptr_nonnull(strstr(text, "A3,9,3,0 T4=delta C4/4/3"));
  free(text);
  free(r.text);
  free(r.pend);
  wal_close(w);
  jdir_free(dir, path);
}
END_TEST

START_TEST(test_readonly_replay_leaves_file) {
  /* a reader without write access replays what is committed and leaves
   * a torn tail for the next writer to cut */
  char *dir, *path;
  jdir_new(&dir, &path);
  kg_wal *w = wopen(path, 4, NULL);
  uint64_t end[3];
  three_txns(w, end);
  wal_close(w);
  ck_assert_int_eq(truncate(path, (off_t)end[2] - 3), 0);
  ck_assert_int_eq(chmod(path, 0444), 0);
  kg_error e;
  uint64_t fg = 0;
  ck_assert_int_eq(wal_open_readonly(path, 1, 0, &fg, &w, &e), KG_OK);
  ck_assert_uint_eq(fg, 4);
  char *t = replay(w, KG_OK);
  ck_assert_str_eq(t, TXN1 " " TXN2);
  free(t);
  wal_close(w);
  ck_assert_int_eq(file_size(path), (long)end[2] - 3);
  ck_assert_int_eq(chmod(path, 0644), 0);
  /* a missing journal is not created */
  char *none = kgt_path(dir, "none");
  ck_assert_int_ne(wal_open_readonly(none, 1, 0, &fg, &w, &e), KG_OK);
  ck_assert_int_ne(access(none, F_OK), 0);
  /* an empty file is an empty journal */
  kgt_write_file(none, "");
  ck_assert_int_eq(wal_open_readonly(none, 6, 0, &fg, &w, &e), KG_OK);
  ck_assert_uint_eq(fg, 6);
  t = replay(w, KG_OK);
  ck_assert_str_eq(t, "");
  free(t);
  wal_close(w);
  ck_assert_int_eq(file_size(none), 0);
  free(none);
  jdir_free(dir, path);
}
END_TEST

static Suite *journal_suite(void) {
  Suite *s = suite_create("journal");
  TCase *tc = tcase_create("wal");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_new_journal_has_generation);
  tcase_add_test(tc, test_write_and_replay);
  tcase_add_test(tc, test_large_transaction);
  tcase_add_test(tc, test_torn_last_frame);
  tcase_add_test(tc, test_torn_inside_frame_header);
  tcase_add_test(tc, test_uncommitted_tail);
  tcase_add_test(tc, test_corrupt_byte_stops_replay);
  tcase_add_test(tc, test_corrupt_commit_frame);
  tcase_add_test(tc, test_abort_discards_open_txn);
  tcase_add_test(tc, test_reset_stamps_generation);
  tcase_add_test(tc, test_not_a_journal);
  tcase_add_test(tc, test_callback_failure_is_corrupt);
  tcase_add_test(tc, test_each_op_range);
  tcase_add_test(tc, test_bulk_frame);
  tcase_add_test(tc, test_readonly_replay_leaves_file);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(journal_suite)
