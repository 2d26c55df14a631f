/* test_load_bulk.c - the bulk path for large files: sorted runs, counts of
 * what is new, a dictionary larger than its pool, an error after the bulk
 * path began, blank node scopes across a large commit, and a bulk load's
 * terms added to terms.idx in batches. */
#include "loadutil.h"

START_TEST(test_syntax_error_after_bulk_start) {
  /* an error after more statements than the in-memory path takes */
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "big-bad.nt");
  enum { N = 320000 };
  kgt_gen_ntriples(file, N);
  FILE *f = fopen(file, "ab");
  fputs("<http://example.org/x> broken .\n", f);
  fclose(f);
  char *store = kgt_path(dir, "s.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(load(st, file, NULL, NULL, &ls, &e), KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, N + 1);
  ck_assert_int_eq(e.column, 30); /* serd: where "broken" ends */
  ck_assert_uint_eq(ls.triples, N);
  ck_assert_uint_eq(ls.added, 0);
  ck_assert_int_eq(kg_store_size(st), 2);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  /* the store still takes changes */
  kgt_load_str(st, "<http://example.org/ok> <http://example.org/p> 1 .",
               "turtle", NULL);
  kg_store_close(st);
  st = kgt_open(store, 0);
  ck_assert_int_eq(kg_store_size(st), 3);
  kg_store_close(st);
  free(before);
  free(store);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_blank_nodes_across_reopen) {
  /* blank node scopes continue after reopening a directory store (also
   * after a checkpoint), so a file loaded again gets new nodes */
  char *dir = kgt_tmpdir();
  char *store = kgt_path(dir, "b.kg");
  const char *nt = "_:n <http://example.org/p> \"x\" .\n";
  kg_term p = iri(EX "p");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, nt, "ntriples", NULL);
  kg_store_close(st);
  st = kgt_open(store, 0);
  kgt_load_str(st, nt, "ntriples", NULL);
  ck_assert_int_eq(kgt_count(st, NULL, &p, NULL, NULL), 2);
  /* a big commit merges everything into a new index generation */
  kg_error e;
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  for (int i = 0; i < 210000; i++) {
    char s[64];
    snprintf(s, sizeof s, EX "n%d", i);
    kgt_add(st, iri(s), iri(EX "q"), iri(EX "o"), KGT_NOGRAPH);
  }
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  kg_store_close(st);
  st = kgt_open(store, 0);
  kgt_load_str(st, nt, "ntriples", NULL);
  ck_assert_int_eq(kgt_count(st, NULL, &p, NULL, NULL), 3);
  kg_store_close(st);
  free(store);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

/* --------------------------------------------------------- bulk loads */

/* A temporary directory holding an N-Triples file of n statements
 * (kgt_gen_ntriples) and the path of a store beside it. */
typedef struct bigfile {
  char *dir, *file, *store;
  long size;
} bigfile;

static bigfile bigfile_new(long n) {
  bigfile b;
  b.dir = kgt_tmpdir();
  b.file = kgt_path(b.dir, "big.nt");
  b.size = kgt_gen_ntriples(b.file, n);
  b.store = kgt_path(b.dir, "big.kg");
  return b;
}

static void bigfile_free(bigfile *b) {
  kgt_rmrf(b->dir);
  free(b->store);
  free(b->file);
  free(b->dir);
}

/* Loads b's file into st; asserts success and returns what it added. */
static unsigned long long load_big(kg_store *st, const bigfile *b) {
  kg_load_stats ls;
  kg_error e;
  ck_assert_msg(load(st, b->file, NULL, NULL, &ls, &e) == KG_OK, "%s",
                e.message);
  return ls.added;
}

START_TEST(test_bulk_load) {
  enum { N = 400000 };
  bigfile b = bigfile_new(N);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  kg_load_stats ls;
  kg_error e;
  ck_assert_msg(load(st, b.file, NULL, NULL, &ls, &e) == KG_OK, "%s",
                e.message);
  ck_assert_uint_eq(ls.triples, N);
  ck_assert_uint_eq(ls.added, N);
  ck_assert_uint_eq(ls.bytes, (unsigned long long)b.size);
  ck_assert_str_eq(ls.syntax, "ntriples");
  ck_assert_int_eq(kg_store_size(st), N);
  kg_term s0 = iri(EX "s0"), last = kg_literal("value 399999", NULL, NULL);
  ck_assert_int_eq(kgt_count(st, &s0, NULL, NULL, NULL), 10);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  ck_assert_int_eq(kg_store_size(st), N);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  /* the same file again adds nothing */
  ck_assert_int_eq(load_big(st, &b), 0);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  bigfile_free(&b);
}
END_TEST

START_TEST(test_bulk_load_many_runs) {
  /* a load of more sorted runs than one merge reads (64) merges them in
   * groups as it goes instead of failing at its end ("too many sorted
   * runs"): 4,000 runs of 5 fold into 15 of level 2 and 10 of level 1 */
  enum { N = 20000 };
  bigfile b = bigfile_new(N);
  setenv("KG_BULK_MIN", "1000", 1);
  setenv("KG_RUN_KEYS", "5", 1);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  ck_assert_uint_eq(load_big(st, &b), N);
  unsetenv("KG_BULK_MIN");
  unsetenv("KG_RUN_KEYS");
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  kg_term last = kg_literal("value 19999", NULL, NULL);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  bigfile_free(&b);
}
END_TEST

/* Size of a file of the store, -1 if missing. */
static long file_size(const char *store, const char *name) {
  char *p = kgt_path(store, name);
  struct stat sb;
  long n = stat(p, &sb) == 0 ? (long)sb.st_size : -1;
  free(p);
  return n;
}

START_TEST(test_dictionary_larger_than_its_pool) {
  /* terms.idx is read and written through a pool of blocks: with 4
   * blocks for a table of 256, nearly every lookup evicts a changed
   * block. What was written back must be found again: loading the same
   * file after reopening adds no statement and no term. */
  enum { N = 20000 };
  bigfile b = bigfile_new(N);
  setenv("KG_DICT_POOL", "4", 1);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  ck_assert_uint_eq(load_big(st, &b), N);
  kg_store_close(st);
  long terms = file_size(b.store, "terms.off");
  ck_assert_int_gt(terms, 8 * N);
  st = kgt_open(b.store, 0);
  ck_assert_uint_eq(load_big(st, &b), 0);
  kg_term last = kg_literal("value 19999", NULL, NULL);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &last, NULL), 1);
  kg_store_close(st);
  ck_assert_int_eq(file_size(b.store, "terms.off"), terms);
  /* a lost terms.idx is rebuilt from the records, through the pool too */
  char *idx = kgt_path(b.store, "terms.idx");
  ck_assert_int_eq(unlink(idx), 0);
  free(idx);
  st = kgt_open(b.store, 0);
  ck_assert_uint_eq(load_big(st, &b), 0);
  kg_store_close(st);
  unsetenv("KG_DICT_POOL");
  ck_assert_int_eq(file_size(b.store, "terms.off"), terms);
  bigfile_free(&b);
}
END_TEST

START_TEST(test_bulk_terms_in_batches) {
  /* A bulk load adds its terms to terms.idx in batches (here of 300
   * terms, through a pool of 4 blocks): each statement's object is a
   * subject from far before or after it, so terms are looked up again
   * from batches already written, from the one in memory and from
   * before the load, while terms.idx grows. Every term has one id: each
   * subject is found as the object of exactly one statement; a second
   * load of the file adds no statement and no term; --check finds every
   * term in terms.idx. */
  enum { N = 6000 };
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "far.nt"), *store = kgt_path(dir, "far.kg");
  FILE *f = fopen(file, "w");
  ck_assert_ptr_nonnull(f);
  for (long i = 0; i < N; i++)
    fprintf(f, "<" EX "e%ld> <" EX "link> <" EX "e%ld> .\n", i,
            i * 1237 % N);
  fclose(f);
  setenv("KG_BULK_MIN", "1000", 1);
  setenv("KG_DICT_BATCH", "300", 1);
  setenv("KG_DICT_POOL", "4", 1);
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_add(st, iri(EX "e5000"), iri(EX "before"), iri(EX "e17"),
          KGT_NOGRAPH);
  kg_load_stats ls;
  kg_error e;
  ck_assert_msg(load(st, file, NULL, NULL, &ls, &e) == KG_OK, "%s",
                e.message);
  ck_assert_uint_eq(ls.added, N);
  ck_assert_int_eq(kg_store_size(st), N + 1);
  kg_term link = iri(EX "link");
  for (long i = 0; i < N; i++) {
    char s[64];
    snprintf(s, sizeof s, EX "e%ld", i);
    kg_term t = iri(s);
    ck_assert_int_eq(kgt_count(st, &t, &link, NULL, NULL), 1);
    ck_assert_int_eq(kgt_count(st, NULL, &link, &t, NULL), 1);
  }
  kg_store_close(st);
  long terms = file_size(store, "terms.off");
  ck_assert_int_eq(terms, 8 * (N + 2)); /* e0..e5999, link, before */
  st = kgt_open(store, 0);
  ck_assert_msg(load(st, file, NULL, NULL, &ls, &e) == KG_OK, "%s",
                e.message);
  ck_assert_uint_eq(ls.added, 0);
  kg_store_close(st);
  unsetenv("KG_BULK_MIN");
  unsetenv("KG_DICT_BATCH");
  unsetenv("KG_DICT_POOL");
  ck_assert_int_eq(file_size(store, "terms.off"), terms);
  ck_assert_int_eq(kg_store_check(store, 0, NULL, NULL, &e), KG_OK);
  free(store);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_bulk_load_meets_damaged_index) {
  /* a bulk load (of a table larger than the pool) reads every slot of
   * terms.idx for its filter of known terms: a damaged slot stops it with an error naming the file (the
   * filter would call that slot's term new, giving it a second id), and
   * the store keeps what it had */
  enum { N = 3000 };
  bigfile b = bigfile_new(N);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  long long size = kg_store_size(st);
  kg_store_close(st);
  char *idx = kgt_path(b.store, "terms.idx");
  FILE *f = fopen(idx, "r+b");
  ck_assert_ptr_nonnull(f);
  unsigned char sl[16];
  long at = 64;
  for (;; at += 16) { /* the first slot in use: its hash flipped */
    ck_assert_int_eq(fseek(f, at, SEEK_SET), 0);
    ck_assert_int_eq(fread(sl, 1, 16, f), 16);
    if (sl[8] | sl[9] | sl[10] | sl[11]) break;
  }
  sl[0] ^= 0xff;
  ck_assert_int_eq(fseek(f, at, SEEK_SET), 0);
  ck_assert_int_eq(fwrite(sl, 1, 16, f), 16);
  fclose(f);
  free(idx);
  setenv("KG_BULK_MIN", "1000", 1);
  setenv("KG_DICT_POOL", "4", 1); /* the batches start at once */
  st = kgt_open(b.store, 0);
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(load(st, b.file, NULL, NULL, &ls, &e), KG_ERR_CORRUPT);
  unsetenv("KG_BULK_MIN");
  unsetenv("KG_DICT_POOL");
  ck_assert_msg(strstr(e.message, "terms.idx") != NULL, "%s", e.message);
  ck_assert_int_eq(kg_store_size(st), size);
  kg_store_close(st);
  bigfile_free(&b);
}
END_TEST

START_TEST(test_bulk_load_counts_only_new) {
  /* statements committed before the load (not yet merged into the
   * index) are not counted as added by it */
  enum { N = 400000 };
  bigfile b = bigfile_new(N);
  kg_store *st = kgt_open(b.store, KG_OPEN_CREATE);
  kgt_add(st, iri(EX "s0"), iri(EX "p0"), kg_literal("value 0", NULL, NULL),
          KGT_NOGRAPH); /* in the file */
  kgt_add(st, iri(EX "other"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kgt_add(st, iri(EX "gone"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kg_quad gone = kgt_quad(iri(EX "gone"), iri(EX "p"), iri(EX "o"),
                          KGT_NOGRAPH);
  kg_error e;
  ck_assert_int_eq(kg_store_remove(st, &gone, NULL, &e), KG_OK);
  ck_assert_uint_eq(load_big(st, &b), N - 1);
  ck_assert_int_eq(kg_store_size(st), N + 1);
  kg_store_close(st);
  st = kgt_open(b.store, 0);
  ck_assert_int_eq(kg_store_size(st), N + 1);
  kg_term g = iri(EX "gone");
  ck_assert_int_eq(kgt_count(st, &g, NULL, NULL, NULL), 0);
  kg_store_close(st);
  bigfile_free(&b);
}
END_TEST

static Suite *load_bulk_suite(void) {
  Suite *s = suite_create("load_bulk");
  TCase *big = tcase_create("large");
  tcase_set_timeout(big, 600);
  tcase_add_test(big, test_syntax_error_after_bulk_start);
  tcase_add_test(big, test_blank_nodes_across_reopen);
  tcase_add_test(big, test_bulk_load);
  tcase_add_test(big, test_bulk_load_counts_only_new);
  tcase_add_test(big, test_bulk_load_many_runs);
  tcase_add_test(big, test_dictionary_larger_than_its_pool);
  tcase_add_test(big, test_bulk_terms_in_batches);
  tcase_add_test(big, test_bulk_load_meets_damaged_index);
  suite_add_tcase(s, big);
  return s;
}

KG_TEST_MAIN(load_bulk_suite)
