/* test_load_progress.c - progress reports during a load, cancelling from
 * the callback (also on the bulk path) and kg_store_interrupt. */
#include "loadutil.h"

/* ----------------------------------------------------------- progress */

typedef struct prog {
  int calls, cancel_at;
  unsigned long long cancel_after; /* statements */
  unsigned long long bytes[64], triples[64], total[64];
  int done[64];
} prog;

static int on_progress(void *data, const kg_load_progress *lp) {
  prog *p = data;
  if (p->calls < 64) {
    p->bytes[p->calls] = lp->bytes;
    p->triples[p->calls] = lp->triples;
    p->total[p->calls] = lp->total;
    p->done[p->calls] = lp->done;
  }
  p->calls++;
  return (p->cancel_at && p->calls >= p->cancel_at) ||
         (p->cancel_after && lp->triples >= p->cancel_after);
}

START_TEST(test_progress_reports) {
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  enum { N = 250000 };
  long size = kgt_gen_ntriples(file, N);
  kg_store *st = kgt_open("memory:", 0);
  prog p = {0};
  kg_load_options o = {.progress = on_progress, .progress_data = &p};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_OK);
  ck_assert_int_ge(p.calls, 3);
  ck_assert_int_le(p.calls, 64);
  for (int i = 1; i < p.calls; i++) {
    ck_assert_uint_ge(p.bytes[i], p.bytes[i - 1]);
    ck_assert_uint_ge(p.triples[i], p.triples[i - 1]);
  }
  ck_assert_uint_gt(p.triples[p.calls - 1], p.triples[0]);
  ck_assert_uint_gt(p.bytes[0], 0);
  ck_assert_uint_lt(p.bytes[0], (unsigned long long)size);
  ck_assert_uint_eq(p.triples[p.calls - 1], N);
  ck_assert_uint_eq(p.bytes[p.calls - 1], (unsigned long long)size);
  /* the size is known for a file (for an ETA); the last call says the
   * input is read, the ones before that it is not */
  for (int i = 0; i < p.calls; i++) {
    ck_assert_uint_eq(p.total[i], (unsigned long long)size);
    ck_assert_int_eq(p.done[i], i == p.calls - 1);
  }
  ck_assert_uint_eq(ls.bytes, (unsigned long long)size);
  ck_assert_uint_eq(ls.triples, N);
  ck_assert_int_eq(kg_store_size(st), N);
  kg_store_close(st);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_progress_cancels) {
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  kgt_gen_ntriples(file, 250000);
  kg_store *st = kgt_open("memory:", 0);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  prog p = {0};
  p.cancel_at = 1;
  kg_load_options o = {.progress = on_progress, .progress_data = &p};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_ERR_CANCELLED);
  ck_assert_int_eq(e.status, KG_ERR_CANCELLED);
  ck_assert_int_eq(p.calls, 1);
  ck_assert_uint_eq(ls.added, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  /* a later load works */
  p.calls = 0;
  p.cancel_at = 0;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), 250002);
  kg_store_close(st);
  free(before);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

START_TEST(test_progress_cancels_bulk_load) {
  /* cancelled after the load went to the bulk path of a directory */
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  kgt_gen_ntriples(file, 400000);
  char *store = kgt_path(dir, "c.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  prog p = {0};
  p.cancel_after = 300000; /* a call every 100,000 statements */
  kg_load_options o = {.progress = on_progress, .progress_data = &p};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_ERR_CANCELLED);
  ck_assert_uint_eq(p.triples[p.calls - 1], 300000);
  ck_assert_uint_eq(ls.added, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  kg_store_close(st);
  st = kgt_open(store, 0);
  after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  kg_store_close(st);
  free(before);
  free(store);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

/* Interrupts the store from the progress callback, as a signal handler
 * would in the middle of a load. */
typedef struct intr {
  kg_store *st;
  int calls;
} intr;

static int interrupt_now(void *data, const kg_load_progress *p) {
  intr *i = data;
  (void)p;
  if (++i->calls == 1) kg_store_interrupt(i->st);
  return 0;
}

START_TEST(test_interrupt) {
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "p.nt");
  kgt_gen_ntriples(file, 250000);
  char *store = kgt_path(dir, "i.kg");
  kg_store *st = kgt_open(store, KG_OPEN_CREATE);
  kgt_load_str(st, samples[2].text, "nquads", NULL);
  char *before = kgt_dump(st);
  intr i = {st, 0};
  kg_load_options o = {.progress = interrupt_now, .progress_data = &i};
  kg_load_stats ls;
  kg_error e;
  ck_assert_int_eq(kg_load(st, file, &o, &ls, &e), KG_ERR_CANCELLED);
  ck_assert_uint_lt(ls.triples, 250000);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  /* an interrupt that came while nothing ran does not stop the next
   * call: the flag is cleared when a call starts */
  kg_store_interrupt(st);
  ck_assert_int_eq(kg_load(st, file, NULL, &ls, &e), KG_OK);
  ck_assert_uint_eq(ls.added, 250000);
  kg_store_interrupt(st);
  const char *ttl = "<http://example.org/x> <http://example.org/p> 1 .";
  ck_assert_int_eq(kg_load_string(st, ttl, strlen(ttl), "x.ttl", NULL, &ls,
                                  &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), 250003);
  kg_store_interrupt(NULL); /* harmless */
  kg_store_close(st);
  free(before);
  free(store);
  free(file);
  kgt_rmrf(dir);
  free(dir);
}
END_TEST

static Suite *load_progress_suite(void) {
  Suite *s = suite_create("load_progress");
  TCase *big = tcase_create("large");
  tcase_set_timeout(big, 600);
  tcase_add_test(big, test_progress_reports);
  tcase_add_test(big, test_progress_cancels);
  tcase_add_test(big, test_progress_cancels_bulk_load);
  tcase_add_test(big, test_interrupt);
  suite_add_tcase(s, big);
  return s;
}

KG_TEST_MAIN(load_progress_suite)
