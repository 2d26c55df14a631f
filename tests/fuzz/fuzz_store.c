/* fuzz_store.c - a damaged store: a small store is made once; each input
 * replaces one of its files (the first byte picks which, the rest is the
 * file) in a copy that is then opened read-only, queried, counted and
 * closed. It must give an error or answers, never a crash.
 * KG_FUZZ_SEEDS=DIR writes the intact files there as seeds. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kg.h"
#include "fuzz.h"

enum { MAX_FILES = 32 };

static char template_dir[256], work_dir[256];
static char *files[MAX_FILES];
static size_t nfiles;

static const char statements[] =
    "PREFIX : <http://example.org/>\n"
    "INSERT DATA { :a :p :b , \"x\"@en , 1 , \"long literal text\" . "
    ":b :q _:n . _:n :p \"\" . GRAPH :g { :a :q :c , 2.5 } }\n";

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int write_file(const char *path, const void *data, size_t n) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  int ok = n == 0 || write(fd, data, n) == (ssize_t)n;
  close(fd);
  return ok ? 0 : -1;
}

/* The whole of a file (free()), its size in *n; NULL if unreadable. */
static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  rewind(f);
  char *b = sz >= 0 ? malloc((size_t)sz + 1) : NULL;
  if (b && fread(b, 1, (size_t)sz, f) != (size_t)sz) {
    free(b);
    b = NULL;
  }
  fclose(f);
  *n = (size_t)sz;
  return b;
}

static void clear_dir(const char *dir, int remove_it) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char path[512];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || e->d_name[1] == '.')) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  if (d) closedir(d);
  if (remove_it) rmdir(dir);
}

static void cleanup(void) {
  clear_dir(template_dir, 1);
  clear_dir(work_dir, 1);
}

static void write_seeds(const char *dir) {
  char path[512];
  for (size_t i = 0; i < nfiles; i++) {
    snprintf(path, sizeof path, "%s/%s", template_dir, files[i]);
    size_t n;
    char *b = read_file(path, &n);
    char *seed = b ? malloc(n + 1) : NULL;
    if (seed) {
      seed[0] = (char)i;
      memcpy(seed + 1, b, n);
      snprintf(path, sizeof path, "%s/%s", dir, files[i]);
      write_file(path, seed, n + 1);
    }
    free(seed);
    free(b);
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(template_dir, sizeof template_dir, "%s/kgfuzz-store.XXXXXX", tmp);
  snprintf(work_dir, sizeof work_dir, "%s/kgfuzz-work.XXXXXX", tmp);
  if (!mkdtemp(template_dir) || !mkdtemp(work_dir)) abort();
  atexit(cleanup);
  kg_store *st = NULL;
  kg_result *r = NULL;
  kg_error err;
  if (kg_store_open(template_dir, KG_OPEN_CREATE, &st, &err) != KG_OK ||
      kg_query(st, statements, NULL, &r, &err) != KG_OK) {
    fprintf(stderr, "fuzz_store: %s\n", err.message);
    abort();
  }
  kg_result_free(r);
  kg_prefix_set(st, "ex", "http://example.org/", NULL);
  kg_store_close(st);
  DIR *d = opendir(template_dir);
  struct dirent *e;
  while (d && (e = readdir(d)) && nfiles < MAX_FILES)
    if (e->d_name[0] != '.' && strcmp(e->d_name, "kgsh.pid"))
      files[nfiles++] = strdup(e->d_name);
  if (d) closedir(d);
  qsort(files, nfiles, sizeof *files, cmp);
  if (getenv("KG_FUZZ_SEEDS")) write_seeds(getenv("KG_FUZZ_SEEDS"));
  return 0;
}

static void run_queries(kg_store *st) {
  static const char *const queries[] = {
      "SELECT * { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
      "SELECT (COUNT(*) AS ?n) { ?s <http://example.org/p> ?o }",
      "ASK { <http://example.org/a> ?p \"x\"@en }"};
  kg_query_options o = {.timeout_ms = 1000};
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    kg_result *r = NULL;
    kg_error err;
    if (kg_query(st, queries[i], &o, &r, &err) != KG_OK) continue;
    while (kg_result_next(r, &err) == 1)
      for (size_t c = 0; c < kg_result_columns(r); c++) {
        const kg_term *t = kg_result_value(r, c);
        if (t && t->kind != KG_TERM_NONE) free(kg_term_to_nt(t));
      }
    kg_result_free(r);
  }
  kg_stats *s = NULL;
  if (kg_store_stats(st, 5, &s, NULL) == KG_OK) kg_stats_free(s);
  for (size_t i = 0; i < kg_prefix_count(st); i++) {
    const char *name, *iri;
    kg_prefix_at(st, i, &name, &iri);
  }
}

/* A branch a file: coverage then tells the files apart, so the intact
 * file of each is kept as a seed (they all behave alike). */
static volatile unsigned picked; /* unsigned: it may wrap */
static void note_pick(size_t pick) {
  switch (pick) { /* distinct work a case, so no table replaces it */
    case 0: picked += 1; break;
    case 1: picked ^= 2; break;
    case 2: picked *= 3; break;
    case 3: picked -= 4; break;
    case 4: picked |= 5; break;
    case 5: picked &= 6; break;
    case 6: picked <<= 1; break;
    case 7: picked >>= 1; break;
    case 8: picked = ~picked; break;
    case 9: picked += picked; break;
    case 10: picked -= 11; break;
    case 11: picked ^= 12; break;
    default: picked = 0; break;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size || !nfiles) return 0;
  size_t pick = data[0] % nfiles;
  note_pick(pick);
  char src[512], dst[512];
  for (size_t i = 0; i < nfiles; i++) {
    snprintf(dst, sizeof dst, "%s/%s", work_dir, files[i]);
    if (i == pick) {
      write_file(dst, data + 1, size - 1);
      continue;
    }
    snprintf(src, sizeof src, "%s/%s", template_dir, files[i]);
    size_t n;
    char *b = read_file(src, &n);
    if (b) write_file(dst, b, n);
    free(b);
  }
  kg_store *st = NULL;
  if (kg_store_open(work_dir, KG_OPEN_READONLY | KG_OPEN_NOWAIT, &st, NULL) ==
      KG_OK) {
    run_queries(st);
    kg_store_close(st);
  }
  clear_dir(work_dir, 0);
  return 0;
}
