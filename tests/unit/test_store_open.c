/* test_store_open.c - opening stores by spec (directory, memory, librdf
 * modules), the directory lock between processes, read-only opens and
 * permission errors. */
#include "storeutil.h"

#include <poll.h>
#include <time.h>

/* ------------------------------------------------------------ opening */

START_TEST(test_open_creates_directory) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "new.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  ck_assert_str_eq(kg_store_spec(st), dir);
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
  struct stat sb;
  ck_assert_int_eq(stat(dir, &sb), 0);
  ck_assert(S_ISDIR(sb.st_mode));
  /* now a store: it opens without KG_OPEN_CREATE, and with it again */
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
  st = kgt_open(dir, KG_OPEN_CREATE);
  kg_store_close(st);
  /* an empty existing directory becomes a store as well */
  char *empty = kgt_path(tmp, "empty");
  ck_assert_int_eq(mkdir(empty, 0755), 0);
  st = kgt_open(empty, 0);
  kgt_add(st, iri(EX "a"), iri(EX "b"), iri(EX "c"), KGT_NOGRAPH);
  kg_store_close(st);
  st = kgt_open(empty, 0);
  ck_assert_int_eq(kg_store_size(st), 1);
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(empty);
  free(dir);
  free(tmp);
}
END_TEST

START_TEST(test_open_missing_directory) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "missing.kg");
  kg_store *st = (kg_store *)1;
  kg_error e;
  ck_assert_int_eq(kg_store_open(dir, 0, &st, &e), KG_ERR_NOTFOUND);
  ck_assert_ptr_null(st);
  ck_assert_int_eq(e.status, KG_ERR_NOTFOUND);
  ck_assert_msg(strstr(e.message, dir) != NULL, "message: %s", e.message);
  /* nothing was created */
  ck_assert_int_ne(access(dir, F_OK), 0);
  /* read-only never creates */
  ck_assert_int_eq(
      kg_store_open(dir, KG_OPEN_CREATE | KG_OPEN_READONLY, &st, &e),
      KG_ERR_NOTFOUND);
  ck_assert_int_ne(access(dir, F_OK), 0);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_open_regular_file) {
  char *tmp = kgt_tmpdir();
  char *file = kgt_path(tmp, "data.ttl");
  kgt_write_file(file, "<http://a> <http://b> <http://c> .\n");
  kg_store *st = NULL;
  kg_error e;
  ck_assert_int_eq(kg_store_open(file, KG_OPEN_CREATE, &st, &e),
                   KG_ERR_NOTSTORE);
  ck_assert_ptr_null(st);
  ck_assert_msg(strstr(e.message, file) != NULL, "message: %s", e.message);
  char *text = kgt_read_file(file, NULL);
  ck_assert_str_eq(text, "<http://a> <http://b> <http://c> .\n");
  free(text);
  kgt_rmrf(tmp);
  free(file);
  free(tmp);
}
END_TEST

START_TEST(test_open_nonempty_directory) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "photos");
  ck_assert_int_eq(mkdir(dir, 0755), 0);
  char *f = kgt_path(dir, "holiday.txt");
  kgt_write_file(f, "not RDF\n");
  char *before = listing(dir);
  kg_store *st = NULL;
  kg_error e;
  ck_assert_int_eq(kg_store_open(dir, KG_OPEN_CREATE, &st, &e),
                   KG_ERR_NOTSTORE);
  ck_assert_ptr_null(st);
  ck_assert_msg(strstr(e.message, dir) != NULL, "message: %s", e.message);
  char *after = listing(dir);
  ck_assert_str_eq(after, before);
  char *text = kgt_read_file(f, NULL);
  ck_assert_str_eq(text, "not RDF\n");
  free(text);
  free(before);
  free(after);
  kgt_rmrf(tmp);
  free(f);
  free(dir);
  free(tmp);
}
END_TEST

START_TEST(test_open_memory) {
  kg_store *st = kgt_open("memory:", 0);
  ck_assert_str_eq(kg_store_spec(st), "memory:");
  ck_assert_int_eq(kg_store_size(st), 0);
  add_sample(st);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, NULL), SAMPLE);
  kg_store_close(st);
  /* a memory store is gone on close */
  st = kgt_open("memory:", 0);
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
}
END_TEST

START_TEST(test_open_missing_module) {
  static const char *const mods[][2] = {
    {"postgresql", "postgresql:host='localhost',database='kg',user='kg'"},
    {"virtuoso", "virtuoso:dsn='Local Virtuoso',user='dba'"},
    {"mysql", "mysql:host='localhost',database='kg',user='kg'"},
  };
  int tested = 0;
  for (size_t i = 0; i < sizeof mods / sizeof *mods; i++) {
    if (module_installed(mods[i][0])) {
      KGT_SKIP("librdf's %s module is installed", mods[i][0]);
      continue;
    }
    kg_store *st = NULL;
    kg_error e;
    ck_assert_int_eq(kg_store_open(mods[i][1], KG_OPEN_CREATE, &st, &e),
                     KG_ERR_UNSUPPORTED);
    ck_assert_ptr_null(st);
    char pkg[64];
    snprintf(pkg, sizeof pkg, "librdf-storage-%s", mods[i][0]);
    ck_assert_msg(strstr(e.message, pkg) != NULL, "%s: message: %s",
                  mods[i][0], e.message);
    tested++;
  }
  if (!tested) KGT_SKIP("every librdf storage module is installed");
}
END_TEST

START_TEST(test_open_sqlite) {
  if (!module_installed("sqlite")) {
    KGT_SKIP("librdf-storage-sqlite is not installed");
    return;
  }
  char *tmp = kgt_tmpdir();
  char *db = kgt_path(tmp, "kg.sqlite");
  char spec[4200];
  snprintf(spec, sizeof spec, "sqlite:%s", db);
  kg_store *st = NULL;
  kg_error e;
  /* without create a missing database is not made */
  ck_assert_int_eq(kg_store_open(spec, 0, &st, &e), KG_ERR_NOTFOUND);
  ck_assert_msg(strstr(e.message, db) != NULL, "message: %s", e.message);
  ck_assert_int_ne(access(db, F_OK), 0);
  st = kgt_open(spec, KG_OPEN_CREATE);
  add_sample(st);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  char *before = kgt_dump(st);
  kg_store_close(st);
  ck_assert_int_eq(access(db, F_OK), 0);
  st = kgt_open(spec, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  /* read-only is read-only here too */
  kg_store_close(st);
  st = kgt_open(spec, KG_OPEN_READONLY);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_quad nq = kgt_quad(iri(EX "ro"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_add(st, &nq, NULL, &e), KG_ERR_READONLY);
  kg_store_close(st);
  st = kgt_open(spec, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  /* and never creates */
  char *db2 = kgt_path(tmp, "other.sqlite");
  char spec2[4200];
  snprintf(spec2, sizeof spec2, "sqlite:%s", db2);
  kg_store *none = NULL;
  kg_status rs = kg_store_open(spec2, KG_OPEN_CREATE | KG_OPEN_READONLY,
                               &none, &e);
  ck_assert_msg(rs == KG_ERR_NOTFOUND, "%s", e.message);
  ck_assert_int_ne(access(db2, F_OK), 0);
  /* two SQLite stores open at once */
  kg_store *other = kgt_open(spec2, KG_OPEN_CREATE);
  kgt_add(other, iri(EX "other"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_size(other), 1);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_store_close(other);
  other = kgt_open(spec2, 0);
  ck_assert_int_eq(kg_store_size(other), 1);
  kg_store_close(other);
  free(db2);
  /* a removal reaches the database too */
  kg_quad q = kgt_quad(iri(EX "x"), iri(EX "p"),
                       kg_literal("in g2", NULL, NULL), iri(EX "g2"));
  int changed = 0;
  ck_assert_int_eq(kg_store_remove(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  kg_store_close(st);
  st = kgt_open(spec, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE - 1);
  kg_term ch = kg_literal(HANGZHOU, NULL, "zh");
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &ch, NULL), 1);
  kg_store_close(st);
  free(before);
  free(after);
  kgt_rmrf(tmp);
  free(db);
  free(tmp);
}
END_TEST

/* ------------------------------------------------------------ locking */

static int read_line(int fd, char *buf, size_t n, int timeout_ms) {
  size_t got = 0;
  while (got + 1 < n) {
    struct pollfd pf = {fd, POLLIN, 0};
    if (poll(&pf, 1, timeout_ms) <= 0) break;
    ssize_t r = read(fd, buf + got, 1);
    if (r <= 0) break;
    if (buf[got] == '\n') break;
    got++;
  }
  buf[got] = '\0';
  return (int)got;
}

/* The child: waits for the parent's word, opens the store, reads its
 * size and tries to add a statement; reports "<add status> <size> <ms>
 * <message>" (size read before the add). Round 0 does not wait for the
 * write lock (KG_OPEN_NOWAIT), round 1 waits. */
static void lock_child(const char *dir, int in, int out, unsigned flags) {
  char c;
  for (int round = 0; round < 2; round++) {
    if (read(in, &c, 1) != 1) _exit(2);
    kg_store *st = NULL;
    kg_error e;
    kg_status s = kg_store_open(dir, round ? flags : flags | KG_OPEN_NOWAIT,
                                &st, &e);
    long long size = st ? kg_store_size(st) : -1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (s == KG_OK) {
      kg_term sj = iri(EX "child"), p = iri(EX "p"), o = iri(EX "o");
      kg_quad q = {sj, p, o, KGT_NOGRAPH};
      s = kg_store_add(st, &q, NULL, &e);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
              (t1.tv_nsec - t0.tv_nsec) / 1000000;
    kg_store_close(st);
    kgt_fdprintf(out, "%d %lld %ld %s\n", (int)s, size, ms,
                 s == KG_OK ? "" : e.message);
  }
  _exit(0);
}

static void child_said(int fd, int *status, long long *size, long *ms,
                       char *line, size_t n, int *off) {
  read_line(fd, line, n, 20000);
  *off = 0;
  ck_assert_msg(sscanf(line, "%d %lld %ld %n", status, size, ms, off) >= 3,
                "child said: %s", line);
}

START_TEST(test_lock_held_by_other_process) {
  /* a writer's open transaction: another process reads the store as it
   * was, and its write fails at once (no wait) naming the holder */
  char *tmp, *dir = sample_store(&tmp, "locked.kg", 0);
  kg_store *st;
  int p2c[2], c2p[2];
  ck_assert_int_eq(pipe(p2c), 0);
  ck_assert_int_eq(pipe(c2p), 0);
  fflush(NULL);
  /* forked before the parent opens the store, so that the child holds
   * none of the parent's descriptors */
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(p2c[1]);
    close(c2p[0]);
    lock_child(dir, p2c[0], c2p[1], 0);
  }
  close(p2c[0]);
  close(c2p[1]);
  st = kgt_open(dir, 0);
  kg_error e;
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  kgt_add(st, iri(EX "parent"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  ck_assert_int_eq(write(p2c[1], "o", 1), 1);
  char line[2048];
  int status, off;
  long long size;
  long ms;
  child_said(c2p[0], &status, &size, &ms, line, sizeof line, &off);
  ck_assert_msg(status == KG_ERR_LOCKED, "child said: %s", line);
  ck_assert_int_eq(size, SAMPLE);
  char pid_text[32];
  snprintf(pid_text, sizeof pid_text, "pid %ld", (long)getpid());
  ck_assert_msg(strstr(line + off, pid_text) != NULL,
                "no %s in: %s", pid_text, line + off);
  ck_assert_msg(strstr(line + off, dir) != NULL, "no path in: %s", line + off);
  /* NOWAIT fails at once */
  ck_assert_int_lt(ms, 2000);
  /* the holder is unaffected */
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 1);
  ck_assert_int_eq(write(p2c[1], "c", 1), 1);
  child_said(c2p[0], &status, &size, &ms, line, sizeof line, &off);
  ck_assert_msg(status == KG_OK, "after the commit the child got: %s", line);
  ck_assert_int_eq(size, SAMPLE + 1);
  /* the holder sees the child's commit at its next call */
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 2);
  kg_store_close(st);
  int ws;
  waitpid(pid, &ws, 0);
  ck_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
  close(p2c[1]);
  close(c2p[0]);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_lock_wait_then_open) {
  /* a second writer waits for the first's commit, then writes */
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "wait.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kg_store_close(st);
  int p2c[2], c2p[2];
  ck_assert_int_eq(pipe(p2c), 0);
  ck_assert_int_eq(pipe(c2p), 0);
  fflush(NULL);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(p2c[1]);
    close(c2p[0]);
    char c;
    if (read(p2c[0], &c, 1) != 1) _exit(2);
    kg_store *cs = NULL;
    kg_error e;
    kg_status s = kg_store_open(dir, 0, &cs, &e);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (s == KG_OK)
      s = kgt_add(cs, iri(EX "x"), iri(EX "y"), iri(EX "z"), KGT_NOGRAPH)
              ? KG_OK
              : KG_ERR_STATE;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
              (t1.tv_nsec - t0.tv_nsec) / 1000000;
    long long size = cs ? kg_store_size(cs) : -1;
    kg_store_close(cs);
    kgt_fdprintf(c2p[1], "%d %lld %ld %s\n", (int)s, size, ms, e.message);
    _exit(0);
  }
  close(p2c[0]);
  close(c2p[1]);
  st = kgt_open(dir, 0);
  kg_error e;
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  kgt_add(st, iri(EX "a"), iri(EX "b"), iri(EX "c"), KGT_NOGRAPH);
  ck_assert_int_eq(write(p2c[1], "o", 1), 1);
  struct timespec d = {0, 400 * 1000000L};
  nanosleep(&d, NULL);
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  char line[2048];
  int status, off;
  long long size;
  long ms;
  child_said(c2p[0], &status, &size, &ms, line, sizeof line, &off);
  ck_assert_msg(status == KG_OK, "child said: %s", line);
  ck_assert_int_eq(size, 2);
  ck_assert_int_ge(ms, 200);
  kg_store_close(st);
  int ws;
  waitpid(pid, &ws, 0);
  close(p2c[1]);
  close(c2p[0]);
  store_gone(tmp, dir);
}
END_TEST

/* ---------------------------------------------------- read-only, perms */

START_TEST(test_readonly_refuses_changes) {
  char *tmp, *dir = sample_store(&tmp, "ro.kg", 0);
  kg_store *st;
  st = kgt_open(dir, KG_OPEN_READONLY);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  char *before = kgt_dump(st);
  kg_quad q = kgt_quad(iri(EX "new"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kg_error e;
  int changed = 7;
  ck_assert_int_eq(kg_store_add(st, &q, &changed, &e), KG_ERR_READONLY);
  ck_assert_int_eq(e.status, KG_ERR_READONLY);
  ck_assert_int_eq(changed, 0);
  ck_assert_int_ne(e.message[0], '\0');
  kg_quad old = kgt_quad(iri(EX "hz"), iri(EX "name"),
                         kg_literal("Hangzhou", NULL, "en"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_remove(st, &old, &changed, &e), KG_ERR_READONLY);
  const char *ttl = "<http://example.org/l> <http://example.org/p> 1 .";
  ck_assert_int_eq(kg_load_string(st, ttl, strlen(ttl), NULL, NULL, NULL, &e),
                   KG_ERR_READONLY);
  ck_assert_int_eq(kg_store_begin(st, &e), KG_ERR_READONLY);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_store_close(st);
  free(before);
  free(after);
  store_gone(tmp, dir);
}
END_TEST

/* Makes a tree unwritable for the child: as root the child becomes
 * nobody; otherwise the files lose their write bits. */
static int chmod_ro(const char *path, const struct stat *sb, int type,
                    struct FTW *ftw) {
  (void)ftw;
  if (type == FTW_D) chmod(path, 0555);
  else if (type == FTW_F) chmod(path, sb->st_mode & 0555);
  return 0;
}

typedef struct perm_case {
  const char *spec;
  unsigned flags;
} perm_case;

static int perm_child(void *arg, int fd) {
  const perm_case *c = arg;
  kg_store *st = NULL;
  kg_error e;
  kg_error_clear(&e);
  kg_status s = kg_store_open(c->spec, c->flags, &st, &e);
  long long size = st ? kg_store_size(st) : -1;
  kg_store_close(st);
  kgt_fdprintf(fd, "%d %lld %s", (int)s, size, e.message);
  return 0;
}

static void run_perm(const char *spec, unsigned flags, int *status,
                     long long *size, char *msg, size_t n) {
  perm_case c = {spec, flags};
  char out[2048];
  int rc = kgt_child(perm_child, &c, 1, out, sizeof out);
  ck_assert_msg(rc == 0, "child ended with %d (crash?) after: %s", rc, out);
  int off = 0;
  ck_assert_msg(sscanf(out, "%d %lld %n", status, size, &off) >= 2,
                "child said: %s", out);
  snprintf(msg, n, "%s", out + off);
}

START_TEST(test_no_write_permission) {
  char *tmp = kgt_tmpdir();
  ck_assert_int_eq(chmod(tmp, 0755), 0); /* nobody may look inside */
  char *dir = kgt_path(tmp, "shared.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  add_sample(st);
  kg_store_close(st);
  char *before = listing(dir);
  if (geteuid() != 0) nftw(dir, chmod_ro, 16, FTW_PHYS);
  char *parent = kgt_path(tmp, "ro-parent");
  ck_assert_int_eq(mkdir(parent, 0755), 0);
  if (geteuid() != 0) chmod(parent, 0555);
  char *inside = kgt_path(parent, "new.kg");

  int status;
  long long size;
  char msg[1024];
  /* a writable open of a store one may not write: a clear error */
  run_perm(dir, 0, &status, &size, msg, sizeof msg);
  ck_assert_msg(status == KG_ERR_READONLY || status == KG_ERR_IO,
                "status %d: %s", status, msg);
  ck_assert_msg(strstr(msg, dir) != NULL, "no path in: %s", msg);
  ck_assert_msg(strstr(msg, "ermission") != NULL, "no reason in: %s", msg);
  /* creating a store where one may not write */
  run_perm(inside, KG_OPEN_CREATE, &status, &size, msg, sizeof msg);
  ck_assert_msg(status == KG_ERR_READONLY || status == KG_ERR_IO,
                "status %d: %s", status, msg);
  ck_assert_msg(strstr(msg, inside) != NULL, "no path in: %s", msg);
  ck_assert_int_ne(access(inside, F_OK), 0);
  /* reading it is allowed */
  run_perm(dir, KG_OPEN_READONLY, &status, &size, msg, sizeof msg);
  ck_assert_msg(status == KG_OK, "read-only open failed (%d): %s", status,
                msg);
  ck_assert_int_eq(size, SAMPLE);
  /* and none of it changed the store */
  char *after = listing(dir);
  ck_assert_str_eq(after, before);
  st = kgt_open(dir, KG_OPEN_READONLY);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_store_close(st);
  free(before);
  free(after);
  kgt_rmrf(tmp);
  free(inside);
  free(parent);
  free(dir);
  free(tmp);
}
END_TEST

/* terms.idx's slots are counted at open (docs/storage.md, "Opening after
 * a crash"; the one whole-file read of an open): one slot emptied makes
 * the index stale, refused read-only and rebuilt by a writable open,
 * after which every term is found again. */
START_TEST(test_term_index_counted) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "idx.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kgt_add(st, iri(EX "a"), iri(EX "b"), iri(EX "c"), KGT_NOGRAPH);
  kgt_add(st, iri(EX "c"), iri(EX "b"), kg_literal("d", NULL, "en"),
          KGT_NOGRAPH);
  kg_store_close(st);
  char *idx = kgt_path(dir, "terms.idx");
  size_t len = 0;
  char *data = kgt_read_file(idx, &len);
  /* empty the first slot in use: its 16 bytes after the 64-byte header */
  size_t at = 64;
  while (at + 16 <= len && !memcmp(data + at + 8, "\0\0\0\0", 4)) at += 16;
  ck_assert(at + 16 <= len);
  int fd = open(idx, O_WRONLY);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(pwrite(fd, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16,
                          (off_t)at),
                   16);
  close(fd);
  kg_error e;
  ck_assert_int_eq(kg_store_open(dir, KG_OPEN_READONLY, &st, &e),
                   KG_ERR_CORRUPT);
  ck_assert_msg(strstr(e.message, "terms.idx") && strstr(e.message, "stale"),
                "message: %s", e.message);
  st = kgt_open(dir, 0);
  kg_store_close(st);
  st = kgt_open(dir, KG_OPEN_READONLY);
  kg_result *r;
  ck_assert_int_eq(kg_query(st,
                            "ASK { <" EX "a> <" EX "b> <" EX "c> . <" EX
                            "c> <" EX "b> \"d\"@en }",
                            NULL, &r, &e),
                   KG_OK);
  ck_assert_int_eq(kg_result_boolean(r), 1);
  kg_result_free(r);
  kg_store_close(st);
  kgt_rmrf(tmp);
  free(data);
  free(idx);
  free(dir);
  free(tmp);
}
END_TEST

START_TEST(test_null_is_safe) {
  kg_store_close(NULL);
  kg_result_free(NULL);
  kg_stats_free(NULL);
  kg_error_clear(NULL);
  /* a failed open leaves nothing to free */
  kg_store *st = (kg_store *)1;
  ck_assert_int_eq(kg_store_open("", 0, &st, NULL), KG_ERR_ARG);
  ck_assert_ptr_null(st);
}
END_TEST

static Suite *store_open_suite(void) {
  Suite *s = suite_create("store_open");
  TCase *open = tcase_create("open");
  tcase_set_timeout(open, 60);
  tcase_add_test(open, test_open_creates_directory);
  tcase_add_test(open, test_open_missing_directory);
  tcase_add_test(open, test_open_regular_file);
  tcase_add_test(open, test_open_nonempty_directory);
  tcase_add_test(open, test_open_memory);
  tcase_add_test(open, test_open_missing_module);
  tcase_add_test(open, test_open_sqlite);
  tcase_add_test(open, test_lock_held_by_other_process);
  tcase_add_test(open, test_lock_wait_then_open);
  tcase_add_test(open, test_readonly_refuses_changes);
  tcase_add_test(open, test_no_write_permission);
  tcase_add_test(open, test_term_index_counted);
  tcase_add_test(open, test_null_is_safe);
  suite_add_tcase(s, open);
  return s;
}

KG_TEST_MAIN(store_open_suite)
