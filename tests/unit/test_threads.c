/* test_threads.c - one store handle shared by threads: reader threads
 * query, find and hold results open while a writer thread commits; every
 * count is one the writer committed, a reader's counts never go down, a
 * result read across commits keeps its snapshot, and the end is exact.
 * `make check` also runs it built with ThreadSanitizer (make tsan). */
#include <pthread.h>
#include <sched.h>

#include "testutil.h"

#define EX "http://example.org/"

enum { READERS = 4, WRITES = 150, READS = 60, FIRST = 10 };

typedef struct shared {
  kg_store *st;
} shared;

typedef struct reader {
  shared *sh;
  int id;
  long reads;
  long moved;              /* reads during which the writer committed */
  char bad[1200];           /* the first thing wrong, "" when none */
} reader;

static long count_all(kg_store *st, kg_error *e) {
  kg_result *r = NULL;
  if (kg_query(st, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", NULL, &r, e) !=
      KG_OK)
    return -1;
  long n = -1;
  if (kg_result_next(r, e) == 1) n = atol(kg_result_value(r, 0)->value);
  kg_result_free(r);
  return n;
}

/* Reads all rows of a find over everything, yielding between rows so
 * that commits come in the middle: the rows are one snapshot's. */
static long find_all_slowly(kg_store *st, kg_error *e) {
  kg_result *r = NULL;
  if (kg_store_find(st, NULL, NULL, NULL, NULL, &r, e) != KG_OK) return -1;
  long n = 0;
  int rc;
  while ((rc = kg_result_next(r, e)) == 1) {
    if (!kg_result_quad(r)->s.value) n = -100000;
    n++;
    if (n % 8 == 0) sched_yield();
  }
  kg_result_free(r);
  return rc < 0 ? -1 : n;
}

static void *read_loop(void *arg) {
  reader *rd = arg;
  kg_store *st = rd->sh->st;
  kg_error e;
  long last = 0;
  for (int i = 0; i < READS && !rd->bad[0]; i++) {
    long before = count_all(st, &e);
    long rows = find_all_slowly(st, &e);
    long after = count_all(st, &e);
    rd->reads += 3;
    if (before < 0 || rows < 0 || after < 0)
      snprintf(rd->bad, sizeof rd->bad, "reader %d: %s", rd->id, e.message);
    else if (before < last || after < before)
      snprintf(rd->bad, sizeof rd->bad, "reader %d: counts went down: %ld "
               "%ld %ld", rd->id, last, before, after);
    else if (before < FIRST || after > FIRST + WRITES)
      snprintf(rd->bad, sizeof rd->bad, "reader %d: a count never "
               "committed: %ld %ld", rd->id, before, after);
    else if (rows < before || rows > after)
      snprintf(rd->bad, sizeof rd->bad, "reader %d: a result of %ld rows "
               "between counts %ld and %ld", rd->id, rows, before, after);
    last = after;
    if (before != after) rd->moved++;
  }
  return NULL;
}

typedef struct writer {
  shared *sh;
  char bad[1200];
} writer;

static void *write_loop(void *arg) {
  writer *w = arg;
  kg_store *st = w->sh->st;
  kg_error e;
  for (int i = 0; i < WRITES && !w->bad[0]; i++) {
    char q[256];
    if (i % 3 == 0) {
      /* a transaction of one statement through the API */
      char s[64];
      snprintf(s, sizeof s, EX "t%d", i);
      kg_quad qd = {kg_iri(s), kg_iri(EX "p"), kg_literal("x", NULL, NULL),
                    {KG_TERM_NONE, NULL, 0, NULL, NULL}};
      if (kg_store_begin(st, &e) != KG_OK ||
          kg_store_add(st, &qd, NULL, &e) != KG_OK ||
          kg_store_commit(st, &e) != KG_OK)
        snprintf(w->bad, sizeof w->bad, "writer: %s", e.message);
      continue;
    }
    snprintf(q, sizeof q, "INSERT DATA { <" EX "s%d> <" EX "p> %d }", i, i);
    kg_result *r = NULL;
    if (kg_query(st, q, NULL, &r, &e) != KG_OK)
      snprintf(w->bad, sizeof w->bad, "writer: %s", e.message);
    kg_result_free(r);
    sched_yield();
  }
  return NULL;
}

static void run(const char *spec) {
  kg_store *st = kgt_open(spec, KG_OPEN_CREATE);
  kg_store_set_durable(st, 0); /* the test is about threads, not disks */
  for (int i = 0; i < FIRST; i++) {
    char s[64];
    snprintf(s, sizeof s, EX "first%d", i);
    kgt_add(st, kg_iri(s), kg_iri(EX "p"), kg_iri(EX "o"),
            (kg_term){KG_TERM_NONE, NULL, 0, NULL, NULL});
  }
  shared sh = {st};
  reader rd[READERS];
  writer w = {&sh, ""};
  pthread_t t[READERS + 1];
  for (int i = 0; i < READERS; i++) {
    rd[i] = (reader){&sh, i, 0, 0, ""};
    ck_assert_int_eq(pthread_create(&t[i], NULL, read_loop, &rd[i]), 0);
  }
  ck_assert_int_eq(pthread_create(&t[READERS], NULL, write_loop, &w), 0);
  for (int i = 0; i <= READERS; i++) pthread_join(t[i], NULL);
  ck_assert_msg(!w.bad[0], "%s", w.bad);
  long moved = 0;
  for (int i = 0; i < READERS; i++) {
    ck_assert_msg(!rd[i].bad[0], "%s", rd[i].bad);
    ck_assert_int_gt(rd[i].reads, 0);
    moved += rd[i].moved;
  }
  /* the readers did read while the writer wrote */
  ck_assert_int_gt(moved, 0);
  kg_error e;
  ck_assert_int_eq(count_all(st, &e), FIRST + WRITES);
  ck_assert_int_eq(kg_store_size(st), FIRST + WRITES);
  kg_store_close(st);
}

START_TEST(test_threads_memory) { run("memory:"); }
END_TEST

START_TEST(test_threads_directory) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "threads.kg");
  run(dir);
  kg_store *st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), FIRST + WRITES);
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}
END_TEST

static Suite *threads_suite(void) {
  Suite *s = suite_create("threads");
  TCase *tc = tcase_create("threads");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, test_threads_memory);
  tcase_add_test(tc, test_threads_directory);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(threads_suite)
