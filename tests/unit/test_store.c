/* test_store.c - opening stores by spec, locking, read-only and
 * permission errors, changes, transactions, patterns, graph lists, crash
 * durability and Redland interoperability. */
#include "testutil.h"

#include <dlfcn.h>
#include <dirent.h>
#include <librdf.h>
#include <libgen.h>
#include <poll.h>
#include <time.h>

#define EX "http://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
/* "杭州" as rdfproc prints it (\u escapes, upper-case hex) */
#define HANGZHOU "\xe6\x9d\xad\xe5\xb7\x9e"
#define HANGZHOU_ESC "\"\\u676D\\u5DDE\"@zh"

static kg_term iri(const char *s) { return kg_iri(s); }

/* Six statements: four in the default graph (one with a blank node), one
 * in each of two named graphs. */
static void add_sample(kg_store *st) {
  kgt_add(st, iri(EX "hz"), iri(EX "name"), kg_literal(HANGZHOU, NULL, "zh"),
          KGT_NOGRAPH);
  kgt_add(st, iri(EX "hz"), iri(EX "name"),
          kg_literal("Hangzhou", NULL, "en"), KGT_NOGRAPH);
  kgt_add(st, iri(EX "hz"), iri(EX "pop"),
          kg_literal("12000000", XSD "integer", NULL), KGT_NOGRAPH);
  kgt_add(st, kg_blank("b1"), iri(EX "knows"), iri(EX "hz"), KGT_NOGRAPH);
  kgt_add(st, iri(EX "hz"), iri(RDF_TYPE), iri(EX "City"), iri(EX "g1"));
  kgt_add(st, iri(EX "x"), iri(EX "p"), kg_literal("in g2", NULL, NULL),
          iri(EX "g2"));
}
enum { SAMPLE = 6 };

/* A new store NAME in a new temporary directory (*tmp), holding the
 * sample, closed. Returns its path; store_gone removes both. */
static char *sample_store(char **tmp, const char *name) {
  *tmp = kgt_tmpdir();
  char *dir = kgt_path(*tmp, name);
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  add_sample(st);
  kg_store_close(st);
  return dir;
}

static void store_gone(char *tmp, char *dir) {
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}

/* Lists a directory's entries, sorted, one per line. New string. */
static char *listing(const char *dir) {
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  char *names[256];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 256) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, kgt_strcmp_p);
  size_t len = 1;
  for (size_t i = 0; i < n; i++) len += strlen(names[i]) + 1;
  char *out = calloc(1, len);
  for (size_t i = 0; i < n; i++) {
    strcat(out, names[i]);
    strcat(out, "\n");
    free(names[i]);
  }
  return out;
}

/* ------------------------------------------------------ Redland tools */

/* Runs `rdfproc ... print` on a directory store; returns the number of
 * statements printed and whether `needle` occurred in a statement line.
 * -1 when rdfproc failed. */
static long rdfproc_count(const char *dir, const char *needle, int *found) {
  char cmd[8192];
  snprintf(cmd, sizeof cmd,
           "rdfproc -s hashes -t \"hash-type='bdb',dir='%s',contexts='yes'\" "
           "kg print 2>/dev/null",
           dir);
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  char *line = NULL;
  size_t cap = 0;
  long n = 0;
  int in = 0;
  if (found) *found = 0;
  while (getline(&line, &cap, p) > 0) {
    if (!strncmp(line, "[[", 2)) in = 1;
    else if (!strncmp(line, "]]", 2)) in = 0;
    else if (in && !strncmp(line, "  ", 2)) {
      n++;
      if (needle && found && strstr(line, needle)) *found = 1;
    }
  }
  free(line);
  int rc = pclose(p);
  return rc == 0 ? n : -1;
}

/* ---------------------------------------------------- module helpers */

/* Asserts that rdfproc reads the sample's statements, Chinese label
 * included (*found), from the Redland files of store dir. */
static void assert_redland_sample(const char *dir, int *found) {
  ck_assert_int_eq(rdfproc_count(dir, HANGZHOU_ESC, found), SAMPLE);
  ck_assert(*found);
}

/* 1 if librdf's storage module `name` is installed: its .so exists in
 * $REDLAND_MODULE_PATH or in the "redland" directory next to librdf. */
static int module_installed(const char *name) {
  char file[256];
  snprintf(file, sizeof file, "librdf_storage_%s.so", name);
  const char *env = getenv("REDLAND_MODULE_PATH");
  if (env && *env) {
    char *copy = strdup(env), *save = NULL;
    for (char *d = strtok_r(copy, ":", &save); d;
         d = strtok_r(NULL, ":", &save)) {
      char *p = kgt_path(d, file);
      int ok = access(p, F_OK) == 0;
      free(p);
      if (ok) {
        free(copy);
        return 1;
      }
    }
    free(copy);
  }
  Dl_info info;
  ck_assert_msg(dladdr((void *)librdf_new_world, &info) && info.dli_fname,
                "cannot locate librdf");
  char *lib = strdup(info.dli_fname);
  char moddir[4096];
  snprintf(moddir, sizeof moddir, "%s/redland", dirname(lib));
  free(lib);
  char *p = kgt_path(moddir, file);
  int ok = access(p, F_OK) == 0;
  free(p);
  return ok;
}

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

/* The child: waits for the parent's word, tries to open the store, and
 * reports "<status> <message>". */
static void lock_child(const char *dir, int in, int out, unsigned flags) {
  char c;
  for (int round = 0; round < 2; round++) {
    if (read(in, &c, 1) != 1) _exit(2);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kg_store *st = NULL;
    kg_error e;
    kg_status s = kg_store_open(dir, round ? flags : flags | KG_OPEN_NOWAIT,
                                &st, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
              (t1.tv_nsec - t0.tv_nsec) / 1000000;
    long long size = st ? kg_store_size(st) : -1;
    kg_store_close(st);
    kgt_fdprintf(out, "%d %lld %ld %s\n", (int)s, size, ms,
                 s == KG_OK ? "" : e.message);
  }
  _exit(0);
}

START_TEST(test_lock_held_by_other_process) {
  char *tmp, *dir = sample_store(&tmp, "locked.kg");
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
  ck_assert_int_eq(write(p2c[1], "o", 1), 1);
  char line[2048];
  read_line(c2p[0], line, sizeof line, 20000);
  int status;
  long long size;
  long ms;
  int off = 0;
  ck_assert_msg(sscanf(line, "%d %lld %ld %n", &status, &size, &ms, &off) >= 3,
                "child said: %s", line);
  ck_assert_msg(status == KG_ERR_LOCKED, "child said: %s", line);
  char pid_text[32];
  snprintf(pid_text, sizeof pid_text, "%ld", (long)getpid());
  ck_assert_msg(strstr(line + off, pid_text) != NULL,
                "no pid %s in: %s", pid_text, line + off);
  ck_assert_msg(strstr(line + off, dir) != NULL, "no path in: %s", line + off);
  /* NOWAIT fails at once */
  ck_assert_int_lt(ms, 2000);
  /* the holder is unaffected */
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_store_close(st);
  ck_assert_int_eq(write(p2c[1], "c", 1), 1);
  read_line(c2p[0], line, sizeof line, 20000);
  ck_assert_msg(sscanf(line, "%d %lld", &status, &size) == 2, "child: %s",
                line);
  ck_assert_msg(status == KG_OK, "after close the child got: %s", line);
  ck_assert_int_eq(size, SAMPLE);
  int ws;
  waitpid(pid, &ws, 0);
  ck_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
  close(p2c[1]);
  close(c2p[0]);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_lock_wait_then_open) {
  /* without NOWAIT an open waits for the holder to close */
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
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kg_store *cs = NULL;
    kg_error e;
    kg_status s = kg_store_open(dir, 0, &cs, &e);
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
  kgt_add(st, iri(EX "a"), iri(EX "b"), iri(EX "c"), KGT_NOGRAPH);
  ck_assert_int_eq(write(p2c[1], "o", 1), 1);
  struct timespec d = {0, 400 * 1000000L};
  nanosleep(&d, NULL);
  kg_store_close(st);
  char line[2048];
  read_line(c2p[0], line, sizeof line, 20000);
  int status;
  long long size;
  long ms;
  ck_assert_msg(sscanf(line, "%d %lld %ld", &status, &size, &ms) == 3,
                "child said: %s", line);
  ck_assert_msg(status == KG_OK, "child said: %s", line);
  ck_assert_int_eq(size, 1);
  ck_assert_int_ge(ms, 200);
  int ws;
  waitpid(pid, &ws, 0);
  close(p2c[1]);
  close(c2p[0]);
  store_gone(tmp, dir);
}
END_TEST

/* ---------------------------------------------------- read-only, perms */

START_TEST(test_readonly_refuses_changes) {
  char *tmp, *dir = sample_store(&tmp, "ro.kg");
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

/* ------------------------------------------------------------ changes */

START_TEST(test_add_remove_changed) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "s.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kg_error e;
  kg_quad q = kgt_quad(iri(EX "a"), iri(EX "b"), kg_literal("c", NULL, NULL),
                       KGT_NOGRAPH);
  kg_quad qg = q;
  qg.g = iri(EX "g");
  int changed = -1;
  ck_assert_int_eq(kg_store_add(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  ck_assert_int_eq(kg_store_add(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 0);
  ck_assert_int_eq(kg_store_size(st), 1);
  /* the same triple in a named graph is another statement */
  ck_assert_int_eq(kg_store_add(st, &qg, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  ck_assert_int_eq(kg_store_size(st), 2);
  /* changed may be NULL */
  ck_assert_int_eq(kg_store_add(st, &qg, NULL, &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), 2);
  /* a literal differing only in datatype or language is another term */
  kg_quad typed = q, lang = q;
  typed.o = kg_literal("c", XSD "token", NULL);
  lang.o = kg_literal("c", NULL, "en");
  ck_assert_int_eq(kg_store_add(st, &typed, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  ck_assert_int_eq(kg_store_add(st, &lang, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  ck_assert_int_eq(kg_store_size(st), 4);
  ck_assert_int_eq(kg_store_remove(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  ck_assert_int_eq(kg_store_remove(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 0);
  ck_assert_int_eq(kg_store_size(st), 3);
  /* removing something the store never saw */
  kg_quad never = kgt_quad(iri(EX "never"), iri(EX "b"), iri(EX "c"),
                           KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_remove(st, &never, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 0);
  /* add after remove */
  ck_assert_int_eq(kg_store_add(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  ck_assert_int_eq(kg_store_size(st), 4);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), 4);
  ck_assert_int_eq(kg_store_add(st, &q, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 0);
  kg_store_close(st);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_invalid_statements) {
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  kg_quad lit_subject = kgt_quad(kg_literal("x", NULL, NULL), iri(EX "p"),
                                 iri(EX "o"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_add(st, &lit_subject, NULL, &e), KG_ERR_ARG);
  kg_quad blank_pred = kgt_quad(iri(EX "s"), kg_blank("p"), iri(EX "o"),
                                KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_add(st, &blank_pred, NULL, &e), KG_ERR_ARG);
  kg_quad lit_graph = kgt_quad(iri(EX "s"), iri(EX "p"), iri(EX "o"),
                               kg_literal("g", NULL, NULL));
  ck_assert_int_eq(kg_store_add(st, &lit_graph, NULL, &e), KG_ERR_ARG);
  kg_quad no_object = kgt_quad(iri(EX "s"), iri(EX "p"), KGT_NOGRAPH,
                               KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_add(st, &no_object, NULL, &e), KG_ERR_ARG);
  ck_assert_int_eq(kg_store_add(st, NULL, NULL, &e), KG_ERR_ARG);
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
}
END_TEST

START_TEST(test_persistence) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "p.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  add_sample(st);
  char *before = kgt_dump(st);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  /* a Chinese literal comes back byte for byte */
  kg_term zh = kg_literal(HANGZHOU, NULL, "zh");
  kg_result *r;
  kg_error e;
  ck_assert_int_eq(kg_store_find(st, NULL, NULL, &zh, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  const kg_quad *q = kg_result_quad(r);
  ck_assert_int_eq(q->o.kind, KG_TERM_LITERAL);
  ck_assert_uint_eq(q->o.len, strlen(HANGZHOU));
  ck_assert_int_eq(memcmp(q->o.value, HANGZHOU, q->o.len), 0);
  ck_assert_str_eq(q->o.lang, "zh");
  ck_assert_ptr_null(q->o.datatype);
  kg_result_free(r);
  /* removals persist too */
  kg_quad rm = kgt_quad(iri(EX "hz"), iri(EX "name"),
                        kg_literal("Hangzhou", NULL, "en"), KGT_NOGRAPH);
  int changed;
  ck_assert_int_eq(kg_store_remove(st, &rm, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE - 1);
  kg_term en = kg_literal("Hangzhou", NULL, "en");
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &en, NULL), 0);
  kg_store_close(st);
  free(before);
  free(after);
  store_gone(tmp, dir);
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

/* ------------------------------------------------------- transactions */

static void check_rollback(const char *spec) {
  kg_store *st = kgt_open(spec, KG_OPEN_CREATE);
  add_sample(st);
  char *before = kgt_dump(st);
  kg_error e;
  ck_assert_int_eq(kg_store_in_transaction(st), 0);
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  ck_assert_int_eq(kg_store_in_transaction(st), 1);
  kgt_add(st, iri(EX "t1"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kgt_add(st, iri(EX "t2"), iri(EX "p"), kg_literal("new", NULL, NULL),
          iri(EX "g9"));
  kg_quad rm = kgt_quad(iri(EX "hz"), iri(EX "pop"),
                        kg_literal("12000000", XSD "integer", NULL),
                        KGT_NOGRAPH);
  int changed;
  ck_assert_int_eq(kg_store_remove(st, &rm, &changed, &e), KG_OK);
  ck_assert_int_eq(changed, 1);
  /* visible inside the transaction */
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 1);
  kg_term t1 = iri(EX "t1");
  ck_assert_int_eq(kgt_count(st, &t1, NULL, NULL, NULL), 1);
  ck_assert_int_eq(kg_store_rollback(st, &e), KG_OK);
  ck_assert_int_eq(kg_store_in_transaction(st), 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  free(after);
  kg_store_close(st);
  if (strcmp(spec, "memory:")) {
    st = kgt_open(spec, 0);
    after = kgt_dump(st);
    ck_assert_str_eq(after, before);
    free(after);
    kg_store_close(st);
  }
  free(before);
}

START_TEST(test_txn_rollback) {
  check_rollback("memory:");
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "t.kg");
  check_rollback(dir);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_txn_commit_persists) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "t.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  add_sample(st);
  kg_error e;
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  kgt_add(st, iri(EX "t1"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kgt_add(st, iri(EX "t2"), iri(EX "p"), kg_literal("新", NULL, "zh"),
          iri(EX "g9"));
  kg_quad rm = kgt_quad(iri(EX "hz"), iri(EX "pop"),
                        kg_literal("12000000", XSD "integer", NULL),
                        KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_remove(st, &rm, NULL, &e), KG_OK);
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  ck_assert_int_eq(kg_store_in_transaction(st), 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 1);
  char *before = kgt_dump(st);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  kg_term g9 = iri(EX "g9");
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &g9), 1);
  kg_store_close(st);
  free(before);
  free(after);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_txn_out_of_order) {
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  ck_assert_int_eq(kg_store_commit(st, &e), KG_ERR_STATE);
  ck_assert_int_eq(e.status, KG_ERR_STATE);
  ck_assert_int_eq(kg_store_rollback(st, &e), KG_ERR_STATE);
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  kgt_add(st, iri(EX "a"), iri(EX "b"), iri(EX "c"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_begin(st, &e), KG_ERR_STATE);
  /* the refused begin did not end the open transaction */
  ck_assert_int_eq(kg_store_in_transaction(st), 1);
  ck_assert_int_eq(kg_store_size(st), 1);
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  ck_assert_int_eq(kg_store_commit(st, &e), KG_ERR_STATE);
  ck_assert_int_eq(kg_store_size(st), 1);
  kg_store_close(st);
}
END_TEST

START_TEST(test_large_transaction_checkpoint) {
  /* a commit big enough to be merged into a new index generation */
  char *tmp, *dir = sample_store(&tmp, "big.kg");
  kg_store *st;
  /* undo a change of the last session (already in the Redland files)
   * before the merge */
  st = kgt_open(dir, 0);
  kg_error e;
  kg_quad zh = kgt_quad(iri(EX "hz"), iri(EX "name"),
                        kg_literal(HANGZHOU, NULL, "zh"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_remove(st, &zh, NULL, &e), KG_OK);
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  enum { N = 210000 };
  char s[64], o[64];
  for (int i = 0; i < N; i++) {
    snprintf(s, sizeof s, EX "n%d", i / 5);
    snprintf(o, sizeof o, "v%d", i);
    kg_quad q = kgt_quad(iri(s), iri(EX "v"), kg_literal(o, NULL, NULL),
                         KGT_NOGRAPH);
    ck_assert_int_eq(kg_store_add(st, &q, NULL, &e), KG_OK);
  }
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  ck_assert_int_eq(kg_store_size(st), SAMPLE - 1 + N);
  kgt_add(st, iri(EX "after"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + N);
  kg_term v = iri(EX "v");
  ck_assert_int_eq(kgt_count(st, NULL, &v, NULL, NULL), N);
  kg_store_close(st);
  if (kgt_have_cmd("rdfproc")) {
    int found = 1;
    ck_assert_int_eq(rdfproc_count(dir, HANGZHOU_ESC, &found), SAMPLE + N);
    ck_assert_msg(!found, "the removed statement is still in the Redland "
                          "files");
  } else {
    KGT_SKIP("rdfproc not found: Redland mirror not checked");
  }
  store_gone(tmp, dir);
}
END_TEST

/* ------------------------------------------------------------ reading */

START_TEST(test_find_patterns) {
  kg_store *st = kgt_open("memory:", 0);
  add_sample(st);
  kg_term hz = iri(EX "hz"), name = iri(EX "name"), g1 = iri(EX "g1"),
          g2 = iri(EX "g2"), zh = kg_literal(HANGZHOU, NULL, "zh"),
          none = iri(EX "nothing"), any = KGT_NOGRAPH;
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, NULL), SAMPLE);
  ck_assert_int_eq(kgt_count(st, &any, &any, &any, &any), SAMPLE);
  ck_assert_int_eq(kgt_count(st, &hz, NULL, NULL, NULL), 4);
  ck_assert_int_eq(kgt_count(st, NULL, &name, NULL, NULL), 2);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &zh, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &hz, NULL), 1);
  ck_assert_int_eq(kgt_count(st, &hz, &name, &zh, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &g1), 1);
  ck_assert_int_eq(kgt_count(st, &hz, NULL, NULL, &g1), 1);
  ck_assert_int_eq(kgt_count(st, &hz, NULL, NULL, &g2), 0);
  ck_assert_int_eq(kgt_count(st, &none, NULL, NULL, NULL), 0);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, &none), 0);
  /* a graph's statements report the graph; others the default graph */
  kg_result *r;
  kg_error e;
  ck_assert_int_eq(kg_store_find(st, NULL, NULL, NULL, &g2, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_kind(r), KG_RESULT_GRAPH);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  const kg_quad *q = kg_result_quad(r);
  ck_assert_int_eq(q->g.kind, KG_TERM_IRI);
  ck_assert_str_eq(q->g.value, EX "g2");
  ck_assert_str_eq(q->s.value, EX "x");
  ck_assert_int_eq(q->o.kind, KG_TERM_LITERAL);
  ck_assert_str_eq(q->o.value, "in g2");
  ck_assert_ptr_null(q->o.lang);
  ck_assert_ptr_null(q->o.datatype);
  ck_assert_int_eq(kg_result_next(r, &e), 0);
  ck_assert_int_eq(kg_result_next(r, &e), 0);
  kg_result_free(r);
  kg_term pop = iri(EX "pop");
  ck_assert_int_eq(kg_store_find(st, NULL, &pop, NULL, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  q = kg_result_quad(r);
  ck_assert_int_eq(q->g.kind, KG_TERM_NONE);
  ck_assert_str_eq(q->o.value, "12000000");
  ck_assert_str_eq(q->o.datatype, XSD "integer");
  kg_result_free(r);
  kg_term knows = iri(EX "knows");
  ck_assert_int_eq(kg_store_find(st, NULL, &knows, NULL, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  ck_assert_int_eq(kg_result_quad(r)->s.kind, KG_TERM_BLANK);
  kg_result_free(r);
  /* reading on after the store changed is refused, not wrong */
  ck_assert_int_eq(kg_store_find(st, NULL, NULL, NULL, NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  kgt_add(st, iri(EX "late"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_result_next(r, &e), -1);
  ck_assert_int_eq(e.status, KG_ERR_STATE);
  kg_result_free(r);
  kg_store_close(st);
}
END_TEST

typedef struct graph_row {
  char name[128];
  long n;
} graph_row;

static size_t graph_rows(kg_store *st, graph_row *rows, size_t max) {
  kg_result *r;
  kg_error e;
  ck_assert_int_eq(kg_store_graphs(st, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_kind(r), KG_RESULT_BINDINGS);
  ck_assert_uint_eq(kg_result_columns(r), 2);
  ck_assert_str_eq(kg_result_column(r, 0), "graph");
  ck_assert_str_eq(kg_result_column(r, 1), "triples");
  size_t n = 0;
  int k;
  while ((k = kg_result_next(r, &e)) > 0 && n < max) {
    const kg_term *g = kg_result_value(r, 0), *c = kg_result_value(r, 1);
    snprintf(rows[n].name, sizeof rows[n].name, "%s",
             g->kind == KG_TERM_NONE ? "(default)" : g->value);
    ck_assert_int_eq(c->kind, KG_TERM_LITERAL);
    ck_assert_str_eq(c->datatype, XSD "integer");
    rows[n].n = atol(c->value);
    n++;
  }
  ck_assert_int_eq(k, 0);
  kg_result_free(r);
  return n;
}

START_TEST(test_graph_list) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "g.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  graph_row rows[8];
  /* an empty store lists the (empty) default graph */
  ck_assert_uint_eq(graph_rows(st, rows, 8), 1);
  ck_assert_str_eq(rows[0].name, "(default)");
  ck_assert_int_eq(rows[0].n, 0);
  /* a named graph first, so that it gets the smaller id */
  kgt_add(st, iri(EX "z"), iri(EX "p"), iri(EX "o"), iri(EX "g2"));
  add_sample(st);
  kgt_add(st, iri(EX "y"), iri(EX "p"), iri(EX "o"), iri(EX "g2"));
  size_t n = graph_rows(st, rows, 8);
  ck_assert_uint_eq(n, 3);
  ck_assert_str_eq(rows[0].name, "(default)");
  ck_assert_int_eq(rows[0].n, 4);
  long g1 = -1, g2 = -1;
  for (size_t i = 1; i < n; i++) {
    if (!strcmp(rows[i].name, EX "g1")) g1 = rows[i].n;
    if (!strcmp(rows[i].name, EX "g2")) g2 = rows[i].n;
  }
  ck_assert_int_eq(g1, 1);
  ck_assert_int_eq(g2, 3);
  /* a graph whose statements are all removed is no longer listed */
  kg_quad q = kgt_quad(iri(EX "hz"), iri(RDF_TYPE), iri(EX "City"),
                       iri(EX "g1"));
  kg_error e;
  ck_assert_int_eq(kg_store_remove(st, &q, NULL, &e), KG_OK);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  n = graph_rows(st, rows, 8);
  ck_assert_uint_eq(n, 2);
  ck_assert_str_eq(rows[0].name, "(default)");
  ck_assert_str_eq(rows[1].name, EX "g2");
  ck_assert_int_eq(rows[1].n, 3);
  kg_store_close(st);
  store_gone(tmp, dir);
}
END_TEST

/* ------------------------------------------------------ crash safety */

typedef struct crash_arg {
  const char *dir;
  int n;
  int in_txn;
} crash_arg;

static int crash_child(void *arg, int fd) {
  const crash_arg *c = arg;
  kg_store *st = NULL;
  kg_error e;
  if (kg_store_open(c->dir, KG_OPEN_CREATE, &st, &e) != KG_OK) {
    kgt_fdprintf(fd, "open: %s", e.message);
    return 1;
  }
  if (c->in_txn && kg_store_begin(st, &e) != KG_OK) return 1;
  for (int i = 0; i < c->n; i++) {
    char s[64], o[64];
    snprintf(s, sizeof s, EX "crash%d", i);
    snprintf(o, sizeof o, HANGZHOU " %d", i);
    kg_quad q = kgt_quad(kg_iri(s), kg_iri(EX "p"),
                         kg_literal(o, NULL, "zh"),
                         i % 3 ? KGT_NOGRAPH : kg_iri(EX "g"));
    if (kg_store_add(st, &q, NULL, &e) != KG_OK) {
      kgt_fdprintf(fd, "add: %s", e.message);
      return 1;
    }
  }
  kgt_fdprintf(fd, "done");
  return 0; /* _exit without kg_store_close */
}

START_TEST(test_crash_after_commits) {
  char *tmp, *dir = sample_store(&tmp, "crash.kg");
  kg_store *st;
  crash_arg c = {dir, 60, 0};
  char out[1024];
  ck_assert_int_eq(kgt_child(crash_child, &c, 0, out, sizeof out), 0);
  ck_assert_str_eq(out, "done");
  /* a reader sees the committed statements before any writer has
   * recovered the store */
  st = kgt_open(dir, KG_OPEN_READONLY);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 60);
  kg_term c59 = kg_iri(EX "crash59");
  ck_assert_int_eq(kgt_count(st, &c59, NULL, NULL, NULL), 1);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 60);
  for (int i = 0; i < 60; i++) {
    char s[64], o[64];
    snprintf(s, sizeof s, EX "crash%d", i);
    snprintf(o, sizeof o, HANGZHOU " %d", i);
    kg_term ts = kg_iri(s), to = kg_literal(o, NULL, "zh"),
            tg = i % 3 ? KGT_NOGRAPH : kg_iri(EX "g");
    ck_assert_int_eq(kgt_count(st, &ts, NULL, &to, i % 3 ? NULL : &tg), 1);
  }
  /* the store goes on working */
  kgt_add(st, iri(EX "later"), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 61);
  kg_store_close(st);
  if (kgt_have_cmd("rdfproc")) {
    int found;
    ck_assert_int_eq(rdfproc_count(dir, HANGZHOU_ESC, &found), SAMPLE + 61);
    ck_assert(found);
  } else {
    KGT_SKIP("rdfproc not found: Redland mirror not checked");
  }
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_crash_inside_transaction) {
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "crash.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  add_sample(st);
  char *before = kgt_dump(st);
  kg_store_close(st);
  crash_arg c = {dir, 40, 1};
  char out[1024];
  ck_assert_int_eq(kgt_child(crash_child, &c, 0, out, sizeof out), 0);
  st = kgt_open(dir, 0);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  kg_store_close(st);
  free(before);
  free(after);
  store_gone(tmp, dir);
}
END_TEST

static int undo_child(void *arg, int fd) {
  kg_store *st = NULL;
  kg_error e;
  if (kg_store_open(arg, 0, &st, &e) != KG_OK) return 1;
  kg_quad q = kgt_quad(kg_iri(EX "hz"), kg_iri(EX "name"),
                       kg_literal(HANGZHOU, NULL, "zh"), KGT_NOGRAPH);
  int changed = 0;
  if (kg_store_remove(st, &q, &changed, &e) != KG_OK || !changed) return 2;
  kgt_add(st, kg_iri(EX "new"), kg_iri(EX "p"), kg_literal("fresh", NULL, NULL),
          KGT_NOGRAPH);
  kgt_fdprintf(fd, "done");
  return 0; /* no close */
}

START_TEST(test_crash_after_undo) {
  /* a statement written to the Redland files at a close, removed in a
   * session that crashed: after recovery the files no longer hold it */
  if (!kgt_have_cmd("rdfproc")) {
    KGT_SKIP("rdfproc not found");
    return;
  }
  char *tmp, *dir = sample_store(&tmp, "undo.kg");
  kg_store *st;
  int found = 0;
  assert_redland_sample(dir, &found);
  char out[256];
  ck_assert_int_eq(kgt_child(undo_child, dir, 0, out, sizeof out), 0);
  ck_assert_str_eq(out, "done");
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_term zh = kg_literal(HANGZHOU, NULL, "zh");
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &zh, NULL), 0);
  kg_store_close(st);
  ck_assert_int_eq(rdfproc_count(dir, HANGZHOU_ESC, &found), SAMPLE);
  ck_assert_msg(!found, "the removed statement is still in the Redland files");
  rdfproc_count(dir, "fresh", &found);
  ck_assert(found);
  store_gone(tmp, dir);
}
END_TEST

static void ms_sleep(long ms) {
  struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&d, &d) < 0 && errno == EINTR) {
  }
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* Starts a child that loads `file` into `dir` and closes the store;
 * kills it `kill_ms` after the load starts (never when < 0). Returns the
 * milliseconds from the start of the load to the child's end, and
 * whether it was killed. */
static double load_and_kill(const char *dir, const char *file, long kill_ms,
                            int *killed) {
  int p[2];
  ck_assert_int_eq(pipe(p), 0);
  fflush(NULL);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(p[0]);
    kg_store *st = NULL;
    kg_error e;
    if (kg_store_open(dir, 0, &st, &e) != KG_OK) _exit(3);
    if (write(p[1], "L", 1) != 1) _exit(4);
    kg_load_stats ls;
    kg_status s = kg_load(st, file, NULL, &ls, &e);
    kg_store_close(st);
    _exit(s == KG_OK ? 0 : 5);
  }
  close(p[1]);
  char c;
  ck_assert_int_eq(read(p[0], &c, 1), 1);
  double t0 = now_ms();
  if (kill_ms >= 0) {
    ms_sleep(kill_ms);
    kill(pid, SIGKILL);
  }
  int ws;
  waitpid(pid, &ws, 0);
  double t = now_ms() - t0;
  close(p[0]);
  *killed = WIFSIGNALED(ws);
  if (!*killed)
    ck_assert_msg(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "loader ended %d",
                  WEXITSTATUS(ws));
  return t;
}

START_TEST(test_crash_during_bulk_load) {
  char *tmp = kgt_tmpdir();
  char *file = kgt_path(tmp, "big.nt");
  enum { N = 400000 };
  kgt_gen_ntriples(file, N);
  int rdfproc = kgt_have_cmd("rdfproc");
  if (!rdfproc) KGT_SKIP("rdfproc not found: Redland mirror not checked");
  /* a first load, not killed, gives the time the whole load takes */
  char *dir = kgt_path(tmp, "full.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  add_sample(st);
  kg_store_close(st);
  int killed;
  double full = load_and_kill(dir, file, -1, &killed);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + N);
  kg_store_close(st);
  if (rdfproc) ck_assert_int_eq(rdfproc_count(dir, NULL, NULL), SAMPLE + N);
  kgt_rmrf(dir);
  free(dir);
  /* then killed at points spread over parsing, the journal, the merge
   * and the Redland files */
  const long points[] = {50, (long)(full * 0.3), (long)(full * 0.6),
                         (long)(full * 0.9)};
  int none = 0, all = 0;
  for (size_t i = 0; i < sizeof points / sizeof *points; i++) {
    char name[32];
    snprintf(name, sizeof name, "kill%zu.kg", i);
    dir = kgt_path(tmp, name);
    st = kgt_open(dir, KG_OPEN_CREATE);
    add_sample(st);
    char *sample = kgt_dump(st);
    kg_store_close(st);
    load_and_kill(dir, file, points[i], &killed);
    st = kgt_open(dir, 0);
    long long size = kg_store_size(st);
    ck_assert_msg(size == SAMPLE || size == SAMPLE + N,
                  "killed at %ld ms: %lld statements", points[i], size);
    if (size == SAMPLE) {
      char *now = kgt_dump(st);
      ck_assert_str_eq(now, sample);
      free(now);
      none++;
    } else {
      /* kgt_gen_ntriples uses predicate p<i % 7> */
      kg_term p3 = iri(EX "p3");
      long with_p3 = 0;
      for (long k = 0; k < N; k++) with_p3 += k % 7 == 3;
      ck_assert_int_eq(kgt_count(st, NULL, &p3, NULL, NULL), with_p3);
      all++;
    }
    ck_assert_int_eq(kgt_count(st, NULL, NULL, NULL, NULL), size);
    kg_store_close(st);
    /* the Redland files hold what the index holds */
    if (rdfproc) {
      int found;
      ck_assert_int_eq(rdfproc_count(dir, HANGZHOU_ESC, &found), size);
      ck_assert(found);
    }
    st = kgt_open(dir, 0);
    ck_assert_int_eq(kg_store_size(st), size);
    kg_store_close(st);
    free(sample);
    kgt_rmrf(dir);
    free(dir);
  }
  fprintf(stderr, "crash during load: full load %.0f ms; %d kills kept "
                  "nothing, %d kept all\n", full, none, all);
  kgt_rmrf(tmp);
  free(file);
  free(tmp);
}
END_TEST

/* ------------------------------------------------------------ Redland */

START_TEST(test_redland_reads_our_store) {
  if (!kgt_have_cmd("rdfproc")) {
    KGT_SKIP("rdfproc not found");
    return;
  }
  char *tmp, *dir = sample_store(&tmp, "r.kg");
  kg_store *st;
  int found = 0;
  assert_redland_sample(dir, &found);
  /* changes after reopening reach it too */
  st = kgt_open(dir, 0);
  kg_quad q = kgt_quad(iri(EX "hz"), iri(EX "name"),
                       kg_literal(HANGZHOU, NULL, "zh"), KGT_NOGRAPH);
  kg_error e;
  ck_assert_int_eq(kg_store_remove(st, &q, NULL, &e), KG_OK);
  kgt_add(st, iri(EX "new"), iri(EX "p"), kg_literal("fresh", NULL, NULL),
          iri(EX "g1"));
  kg_store_close(st);
  ck_assert_int_eq(rdfproc_count(dir, "fresh", &found), SAMPLE);
  ck_assert(found);
  rdfproc_count(dir, HANGZHOU_ESC, &found);
  ck_assert(!found);
  store_gone(tmp, dir);
}
END_TEST

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

START_TEST(test_redland_many_instances) {
  /* many statements sharing predicate and object (the instances of a
   * class) or graph: Redland keeps them as duplicates of one key; adding
   * and removing them must not take a lookup through all of them each */
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "class.kg");
  enum { N = 30000, GONE = 20000 };
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kg_error e;
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  char s[64];
  for (int i = 0; i < N; i++) {
    snprintf(s, sizeof s, EX "n%d", i);
    kgt_add(st, iri(s), iri(RDF_TYPE), iri(EX "Person"),
            i % 2 ? iri(EX "g") : KGT_NOGRAPH);
  }
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  double t0 = seconds();
  kg_store_close(st);
  double add_close = seconds() - t0;
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  for (int i = 0; i < GONE; i++) {
    snprintf(s, sizeof s, EX "n%d", i);
    kg_quad q = kgt_quad(iri(s), iri(RDF_TYPE), iri(EX "Person"),
                         i % 2 ? iri(EX "g") : KGT_NOGRAPH);
    int changed = 0;
    ck_assert_int_eq(kg_store_remove(st, &q, &changed, &e), KG_OK);
    ck_assert_int_eq(changed, 1);
  }
  ck_assert_int_eq(kg_store_commit(st, &e), KG_OK);
  t0 = seconds();
  kg_store_close(st);
  double remove_close = seconds() - t0;
  ck_assert_msg(add_close < 20 && remove_close < 20,
                "closing took %.1f s after the adds, %.1f s after the "
                "removals", add_close, remove_close);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), N - GONE);
  kg_store_close(st);
  if (kgt_have_cmd("rdfproc")) {
    ck_assert_int_eq(rdfproc_count(dir, NULL, NULL), N - GONE);
    /* po2s and contexts agree with sp2o */
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "rdfproc -s hashes -t \"hash-type='bdb',dir='%s',"
             "contexts='yes'\" kg find - '%s' '%s' 2>/dev/null | "
             "grep -c '^Matched'",
             dir, RDF_TYPE, EX "Person");
    FILE *p = popen(cmd, "r");
    long n = -1;
    ck_assert_int_eq(fscanf(p, "%ld", &n), 1);
    pclose(p);
    ck_assert_int_eq(n, N - GONE);
  } else {
    KGT_SKIP("rdfproc not found: Redland files not checked");
  }
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_adopt_redland_store) {
  if (!kgt_have_cmd("rdfproc")) {
    KGT_SKIP("rdfproc not found");
    return;
  }
  char *tmp = kgt_tmpdir();
  char *dir = kgt_path(tmp, "redland");
  ck_assert_int_eq(mkdir(dir, 0755), 0);
  char *ttl = kgt_path(tmp, "city.ttl");
  kgt_write_file(ttl,
                 "@prefix ex: <http://example.org/> .\n"
                 "ex:hz ex:name \"" HANGZHOU "\"@zh ; ex:pop 12000000 .\n"
                 "_:b ex:knows ex:hz .\n"
                 "ex:c ex:p [ ex:q \"nested\" ] .\n");
  char cmd[8192];
  snprintf(cmd, sizeof cmd,
           "rdfproc -n -s hashes -t \"hash-type='bdb',dir='%s',"
           "contexts='yes'\" kg parse '%s' turtle >/dev/null 2>&1",
           dir, ttl);
  ck_assert_int_eq(system(cmd), 0);
  ck_assert_int_eq(rdfproc_count(dir, NULL, NULL), 5);
  kg_store *st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), 5);
  kg_term zh = kg_literal(HANGZHOU, NULL, "zh"), q = iri(EX "q"),
          pop = kg_literal("12000000", XSD "integer", NULL);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &zh, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, NULL, &pop, NULL), 1);
  ck_assert_int_eq(kgt_count(st, NULL, &q, NULL, NULL), 1);
  char *before = kgt_dump(st);
  kgt_add(st, iri(EX "added"), iri(EX "by"), kg_literal("kgsh", NULL, NULL),
          KGT_NOGRAPH);
  kg_store_close(st);
  /* adopted once: reopening does not read the Redland files again */
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), 6);
  kg_quad rm = kgt_quad(iri(EX "added"), iri(EX "by"),
                        kg_literal("kgsh", NULL, NULL), KGT_NOGRAPH);
  kg_error e;
  ck_assert_int_eq(kg_store_remove(st, &rm, NULL, &e), KG_OK);
  char *after = kgt_dump(st);
  ck_assert_str_eq(after, before);
  kg_store_close(st);
  ck_assert_int_eq(rdfproc_count(dir, NULL, NULL), 5);
  free(before);
  free(after);
  kgt_rmrf(tmp);
  free(ttl);
  free(dir);
  free(tmp);
}
END_TEST

static Suite *store_suite(void) {
  Suite *s = suite_create("store");
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
  tcase_add_test(open, test_null_is_safe);
  suite_add_tcase(s, open);

  TCase *change = tcase_create("change");
  tcase_set_timeout(change, 300);
  tcase_add_test(change, test_add_remove_changed);
  tcase_add_test(change, test_invalid_statements);
  tcase_add_test(change, test_persistence);
  tcase_add_test(change, test_txn_rollback);
  tcase_add_test(change, test_txn_commit_persists);
  tcase_add_test(change, test_txn_out_of_order);
  tcase_add_test(change, test_large_transaction_checkpoint);
  tcase_add_test(change, test_find_patterns);
  tcase_add_test(change, test_graph_list);
  suite_add_tcase(s, change);

  TCase *crash = tcase_create("durability");
  tcase_set_timeout(crash, 900);
  tcase_add_test(crash, test_crash_after_commits);
  tcase_add_test(crash, test_crash_inside_transaction);
  tcase_add_test(crash, test_crash_after_undo);
  tcase_add_test(crash, test_crash_during_bulk_load);
  tcase_add_test(crash, test_redland_reads_our_store);
  tcase_add_test(crash, test_adopt_redland_store);
  tcase_add_test(crash, test_redland_many_instances);
  suite_add_tcase(s, crash);
  return s;
}

KG_TEST_MAIN(store_suite)
