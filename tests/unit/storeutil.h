/* storeutil.h - what the store suites (test_store_*.c) share: a sample
 * store of six statements, directory listings, and reading the Redland
 * files back with rdfproc. */
#ifndef KG_STOREUTIL_H
#define KG_STOREUTIL_H

#include "testutil.h"

#include <dirent.h>
#include <dlfcn.h>
#include <libgen.h>
#include <librdf.h>

#define EX "http://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
/* "杭州" as rdfproc prints it (\u escapes, upper-case hex) */
#define HANGZHOU "\xe6\x9d\xad\xe5\xb7\x9e"
#define HANGZHOU_ESC "\"\\u676D\\u5DDE\"@zh"

static inline kg_term iri(const char *s) { return kg_iri(s); }

/* Six statements: four in the default graph (one with a blank node), one
 * in each of two named graphs. */
static inline void add_sample(kg_store *st) {
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
 * sample, closed; with a Redland copy when `redland` is set. Returns its
 * path; store_gone removes both. */
static inline char *sample_store(char **tmp, const char *name, int redland) {
  *tmp = kgt_tmpdir();
  char *dir = kgt_path(*tmp, name);
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE | (redland ? KG_OPEN_REDLAND : 0));
  add_sample(st);
  kg_store_close(st);
  return dir;
}

static inline void store_gone(char *tmp, char *dir) {
  kgt_rmrf(tmp);
  free(dir);
  free(tmp);
}

/* Lists a directory's entries, sorted, one per line. New string. */
static inline char *listing(const char *dir) {
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
static inline long rdfproc_count(const char *dir, const char *needle,
                                 int *found) {
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
static inline void assert_redland_sample(const char *dir, int *found) {
  ck_assert_int_eq(rdfproc_count(dir, HANGZHOU_ESC, found), SAMPLE);
  ck_assert(*found);
}

/* 1 if librdf's storage module `name` is installed: its .so exists in
 * $REDLAND_MODULE_PATH or in the "redland" directory next to librdf. */
static inline int module_installed(const char *name) {
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

#endif /* KG_STOREUTIL_H */
