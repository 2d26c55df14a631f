/* test_threads.c - one store handle shared by threads: reader threads
 * query, find and hold results open while a writer thread commits; every
 * count is one the writer committed, a reader's counts never go down, a
 * result read across commits keeps its snapshot, and the end is exact.
 * `make check` also runs it built with ThreadSanitizer (make tsan). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
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

/* ------------------------------------------------------------ readers */

static void exec_ok(kg_store *st, const char *sparql) {
  kg_error e;
  kg_result *r = NULL;
  kg_status s = kg_query(st, sparql, NULL, &r, &e);
  ck_assert_msg(s == KG_OK, "%s", e.message);
  kg_result_free(r);
}

/* Sets *flag to v and wakes the threads waiting on cv. */
static void signal_flag(pthread_mutex_t *mu, pthread_cond_t *cv, int *flag,
                        int v) {
  pthread_mutex_lock(mu);
  *flag = v;
  pthread_cond_broadcast(cv);
  pthread_mutex_unlock(mu);
}

/* Waits until *flag is v. */
static void wait_flag(pthread_mutex_t *mu, pthread_cond_t *cv, int *flag,
                      int v) {
  pthread_mutex_lock(mu);
  while (*flag != v) pthread_cond_wait(cv, mu);
  pthread_mutex_unlock(mu);
}

/* A FILE whose writes wait until the test lets them go: a client that
 * stops reading a streamed result. */
typedef struct gate {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int open, blocked;
  size_t bytes;
} gate;

static ssize_t gate_write(void *c, const char *buf, size_t n) {
  gate *g = c;
  (void)buf;
  pthread_mutex_lock(&g->mu);
  g->blocked = 1;
  pthread_cond_broadcast(&g->cv);
  while (!g->open) pthread_cond_wait(&g->cv, &g->mu);
  g->bytes += n;
  pthread_mutex_unlock(&g->mu);
  return (ssize_t)n;
}

typedef struct slow {
  kg_store *st;
  gate *g;
  kg_status s;
  char msg[1200];
} slow;

static void *slow_client(void *arg) {
  slow *sc = arg;
  kg_error e;
  kg_result *r = NULL;
  cookie_io_functions_t io = {NULL, gate_write, NULL, NULL};
  FILE *f = fopencookie(sc->g, "w", io);
  setvbuf(f, NULL, _IONBF, 0);
  sc->s = kg_query(sc->st, "SELECT * { ?s ?p ?o }", NULL, &r, &e);
  if (sc->s == KG_OK) sc->s = kg_result_write(r, "tsv", f, sc->st, &e);
  if (sc->s != KG_OK) snprintf(sc->msg, sizeof sc->msg, "%s", e.message);
  kg_result_free(r);
  fclose(f);
  return NULL;
}

typedef struct counter {
  kg_store *st;
  long n;
} counter;

static void *count_thread(void *arg) {
  counter *c = arg;
  kg_error e;
  c->n = count_all(c->st, &e);
  return NULL;
}

static long count_from_thread(kg_store *st) {
  counter c = {st, -2};
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, count_thread, &c), 0);
  pthread_join(t, NULL);
  return c.n;
}

/* A result written to a client that has stopped reading holds up
 * neither an update nor other threads' queries; once the client reads
 * again, it gets the snapshot its query started with. (Without readers
 * the write would hold the handle and this test would hang.) */
START_TEST(test_threads_slow_client) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "slow.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  ck_assert(kg_store_parallel_reads(st));
  kg_store_set_durable(st, 0);
  exec_ok(st, "INSERT DATA { <" EX "a> <" EX "p> 1 . <" EX "b> <" EX "p> 2 }");
  gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0};
  slow sc = {st, &g, KG_OK, ""};
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, slow_client, &sc), 0);
  wait_flag(&g.mu, &g.cv, &g.blocked, 1);
  /* the client is stuck in its first write */
  exec_ok(st, "INSERT DATA { <" EX "c> <" EX "p> 3 }");
  ck_assert_int_eq(count_from_thread(st), 3);
  signal_flag(&g.mu, &g.cv, &g.open, 1);
  pthread_join(t, NULL);
  ck_assert_msg(sc.s == KG_OK, "%s", sc.msg);
  /* a header and the two rows of its snapshot */
  ck_assert_uint_eq(g.bytes, strlen("?s\t?p\t?o\n") +
                                 2 * strlen("<" EX "a>\t<" EX "p>\t1\n"));
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}
END_TEST

typedef struct txn_thread {
  kg_store *st;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int step;              /* 1: transaction open, 2: commit now, 3: done */
  long own;              /* the count its own thread saw inside */
  char bad[1200];
} txn_thread;

static void *txn_loop(void *arg) {
  txn_thread *x = arg;
  kg_error e;
  kg_quad q = {kg_iri(EX "t"), kg_iri(EX "p"), kg_literal("x", NULL, NULL),
               {KG_TERM_NONE, NULL, 0, NULL, NULL}};
  if (kg_store_begin(x->st, &e) != KG_OK ||
      kg_store_add(x->st, &q, NULL, &e) != KG_OK)
    snprintf(x->bad, sizeof x->bad, "%s", e.message);
  x->own = count_all(x->st, &e);
  signal_flag(&x->mu, &x->cv, &x->step, 1);
  wait_flag(&x->mu, &x->cv, &x->step, 2);
  if (kg_store_commit(x->st, &e) != KG_OK)
    snprintf(x->bad, sizeof x->bad, "%s", e.message);
  return NULL;
}

/* A transaction is seen by the thread that began it, by no other until
 * it commits: neither the thread that opened the handle nor a third. */
START_TEST(test_threads_transaction_own) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "txn.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kg_store_set_durable(st, 0);
  exec_ok(st, "INSERT DATA { <" EX "a> <" EX "p> 1 }");
  txn_thread x = {st, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                  0, -1, ""};
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, txn_loop, &x), 0);
  wait_flag(&x.mu, &x.cv, &x.step, 1);
  kg_error e;
  ck_assert_int_eq(x.own, 2);
  ck_assert_int_eq(count_all(st, &e), 1);
  ck_assert_int_eq(count_from_thread(st), 1);
  signal_flag(&x.mu, &x.cv, &x.step, 2);
  pthread_join(t, NULL);
  ck_assert_msg(!x.bad[0], "%s", x.bad);
  ck_assert_int_eq(count_all(st, &e), 2);
  ck_assert_int_eq(count_from_thread(st), 2);
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
  tcase_add_test(tc, test_threads_slow_client);
  tcase_add_test(tc, test_threads_transaction_own);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(threads_suite)
