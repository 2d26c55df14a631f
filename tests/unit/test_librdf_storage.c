/* test_librdf_storage.c - the "kgsh" librdf storage that libkg registers
 * (kg_librdf_register, graph/redland/): a librdf program makes its own
 * world, registers the factory, and reads and changes a kgsh store
 * directory through librdf; kgsh sees the same statements, and bad
 * options are librdf errors, never a crash or a changed store. No
 * module is loaded from disk (REDLAND_MODULE_PATH is an empty
 * directory), so the factory under test is libkg's own. */
#include <librdf.h>

#include "testutil.h"

#define EX "http://ex.org/"
#define HANGZHOU "\xe6\x9d\xad\xe5\xb7\x9e" /* 杭州 */
#define XSD_INT "http://www.w3.org/2001/XMLSchema#integer"

/* What librdf logged: the errors and the last one's text. */
typedef struct logbuf {
  int errors;
  char last[1024];
} logbuf;

static int on_log(void *data, librdf_log_message *m) {
  logbuf *b = data;
  if (librdf_log_message_level(m) < LIBRDF_LOG_ERROR) return 1;
  b->errors++;
  snprintf(b->last, sizeof b->last, "%s", librdf_log_message_message(m));
  return 1;
}

/* A test's librdf world and scratch directory. */
typedef struct fixture {
  char *tmp;
  librdf_world *world;
  logbuf log;
} fixture;

/* A world that loads no storage module from disk, its log in f->log. */
static void fixture_open(fixture *f) {
  memset(f, 0, sizeof *f);
  f->tmp = kgt_tmpdir();
  char *mods = kgt_path(f->tmp, "modules");
  ck_assert_int_eq(mkdir(mods, 0700), 0);
  setenv("REDLAND_MODULE_PATH", mods, 1);
  free(mods);
  f->world = librdf_new_world();
  ck_assert_ptr_nonnull(f->world);
  librdf_world_set_logger(f->world, &f->log, on_log);
  librdf_world_open(f->world);
}

static void fixture_close(fixture *f) {
  librdf_free_world(f->world);
  kgt_rmrf(f->tmp);
  free(f->tmp);
}

static void must_register(fixture *f) {
  kg_error e;
  kg_status s = kg_librdf_register(f->world, &e);
  ck_assert_msg(s == KG_OK, "register: %s", e.message);
}

/* librdf's storage "kgsh" with these options (NULL when refused). */
static librdf_storage *storage(fixture *f, const char *name,
                               const char *fmt, const char *dir) {
  char opts[2048];
  snprintf(opts, sizeof opts, fmt, dir);
  return librdf_new_storage(f->world, "kgsh", name, opts);
}

static librdf_node *res(fixture *f, const char *iri) {
  return librdf_new_node_from_uri_string(f->world, (const unsigned char *)iri);
}

static librdf_statement *stmt(fixture *f, librdf_node *s, const char *p,
                              librdf_node *o) {
  return librdf_new_statement_from_nodes(f->world, s, res(f, p), o);
}

/* Statements of the model matching s p o (NULL: any) in graph g (NULL:
 * every graph), counted through librdf. */
static int count_librdf(fixture *f, librdf_model *m, const char *s,
                        const char *p, librdf_node *o, const char *g) {
  librdf_statement *pat = librdf_new_statement_from_nodes(
      f->world, s ? res(f, s) : NULL, p ? res(f, p) : NULL, o);
  librdf_node *ctx = g ? res(f, g) : NULL;
  librdf_stream *st = ctx ? librdf_model_find_statements_in_context(m, pat, ctx)
                          : librdf_model_find_statements(m, pat);
  ck_assert_ptr_nonnull(st);
  int n = 0;
  for (; !librdf_stream_end(st); librdf_stream_next(st)) n++;
  librdf_free_stream(st);
  if (ctx) librdf_free_node(ctx);
  librdf_free_statement(pat);
  return n;
}

/* The one value of a one-row query on a kgsh store, as N-Triples (new
 * string). */
static char *kg_one(kg_store *st, const char *sparql) {
  kg_result *r = NULL;
  kg_error e;
  kg_status s = kg_query(st, sparql, NULL, &r, &e);
  ck_assert_msg(s == KG_OK, "%s: %s", sparql, e.message);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  char *v = kg_term_to_nt(kg_result_value(r, 0));
  ck_assert_int_eq(kg_result_next(r, &e), 0);
  kg_result_free(r);
  return v;
}

static void assert_one(kg_store *st, const char *sparql, const char *want) {
  char *v = kg_one(st, sparql);
  ck_assert_str_eq(v, want);
  free(v);
}

/* ------------------------------------------------------- registering */

START_TEST(test_register) {
  fixture f;
  fixture_open(&f);
  char *dir = kgt_path(f.tmp, "s.kg");
  /* no module on disk: the world has no "kgsh" storage of its own */
  librdf_storage *none = storage(&f, "kg", "new='yes',dir='%s'", dir);
  ck_assert_ptr_null(none);
  must_register(&f);
  /* a second registration keeps the first, without an error in the log */
  int before = f.log.errors;
  must_register(&f);
  ck_assert_int_eq(f.log.errors, before);
  librdf_storage *s = storage(&f, "kg", "new='yes',dir='%s'", dir);
  ck_assert_msg(s != NULL, "open: %s", f.log.last);
  librdf_free_storage(s);
  kg_store *st = kgt_open(dir, 0); /* librdf made a kgsh store */
  ck_assert_int_eq(kg_store_size(st), 0);
  kg_store_close(st);
  kg_error e;
  ck_assert_int_eq(kg_librdf_register(NULL, &e), KG_ERR_ARG);
  ck_assert_ptr_nonnull(strstr(e.message, "no librdf world"));
  free(dir);
  fixture_close(&f);
}
END_TEST

/* --------------------------------------------------- reading, writing */

START_TEST(test_add_and_read_back) {
  fixture f;
  fixture_open(&f);
  must_register(&f);
  char *dir = kgt_path(f.tmp, "s.kg");
  librdf_storage *s = storage(&f, "kg", "new='yes',dir='%s'", dir);
  ck_assert_msg(s != NULL, "open: %s", f.log.last);
  librdf_model *m = librdf_new_model(f.world, s, NULL);
  ck_assert_ptr_nonnull(m);
  /* the default graph: an IRI, a Chinese literal, an integer, a blank
   * subject; a named graph through a context */
  librdf_uri *xint = librdf_new_uri(f.world, (const unsigned char *)XSD_INT);
  librdf_statement *add[] = {
      stmt(&f, res(&f, EX "a"), EX "p", res(&f, EX "b")),
      stmt(&f, res(&f, EX "a"), EX "label",
           librdf_new_node_from_literal(
               f.world, (const unsigned char *)HANGZHOU, "zh", 0)),
      stmt(&f, res(&f, EX "a"), EX "n",
           librdf_new_node_from_typed_literal(
               f.world, (const unsigned char *)"42", NULL, xint)),
      stmt(&f,
           librdf_new_node_from_blank_identifier(f.world,
                                                 (const unsigned char *)"b1"),
           EX "p", librdf_new_node_from_literal(
                       f.world, (const unsigned char *)"blank", NULL, 0)),
  };
  librdf_free_uri(xint);
  for (size_t i = 0; i < sizeof add / sizeof *add; i++) {
    ck_assert_int_eq(librdf_model_add_statement(m, add[i]), 0);
    librdf_free_statement(add[i]);
  }
  librdf_node *g = res(&f, EX "g");
  librdf_statement *in_g = stmt(&f, res(&f, EX "c"), EX "p", res(&f, EX "d"));
  ck_assert_int_eq(librdf_model_context_add_statement(m, g, in_g), 0);
  ck_assert_int_eq(f.log.errors, 0);

  /* back through librdf: size, patterns, graphs, contains */
  ck_assert_int_eq(librdf_model_size(m), 5);
  ck_assert_int_eq(count_librdf(&f, m, EX "a", NULL, NULL, NULL), 3);
  ck_assert_int_eq(count_librdf(&f, m, NULL, EX "p", NULL, NULL), 3);
  ck_assert_int_eq(count_librdf(&f, m, NULL, NULL, NULL, EX "g"), 1);
  librdf_iterator *gs = librdf_model_get_contexts(m);
  ck_assert_ptr_nonnull(gs);
  int ngraphs = 0;
  for (; !librdf_iterator_end(gs); librdf_iterator_next(gs), ngraphs++) {
    librdf_node *n = librdf_iterator_get_object(gs);
    ck_assert_str_eq((const char *)librdf_uri_as_string(librdf_node_get_uri(n)),
                     EX "g");
  }
  librdf_free_iterator(gs);
  ck_assert_int_eq(ngraphs, 1);
  ck_assert(librdf_model_contains_statement(m, in_g));
  librdf_free_statement(in_g);
  librdf_free_node(g);
  librdf_free_model(m);
  librdf_free_storage(s);

  /* the same directory through kgsh's own queries */
  kg_store *st = kgt_open(dir, 0);
  assert_one(st, "SELECT ?o { <" EX "a> <" EX "p> ?o }", "<" EX "b>");
  assert_one(st, "SELECT ?o { <" EX "a> <" EX "label> ?o }",
             "\"" HANGZHOU "\"@zh");
  assert_one(st, "SELECT ?o { <" EX "a> <" EX "n> ?o FILTER(?o = 42) }",
             "\"42\"^^<" XSD_INT ">");
  assert_one(st, "SELECT (COUNT(*) AS ?n) { ?s <" EX "p> \"blank\" "
                 "FILTER isBlank(?s) }",
             "\"1\"^^<" XSD_INT ">");
  assert_one(st, "SELECT ?g { GRAPH ?g { <" EX "c> <" EX "p> <" EX "d> } }",
             "<" EX "g>");
  /* and kgsh's changes through librdf */
  kg_result *r = NULL;
  kg_error e;
  ck_assert_int_eq(kg_query(st, "INSERT DATA { <" EX "k> <" EX "p> \"kgsh\" }",
                            NULL, &r, &e),
                   KG_OK);
  kg_result_free(r);
  kg_store_close(st);
  s = storage(&f, "kg", "dir='%s'", dir);
  ck_assert_msg(s != NULL, "reopen: %s", f.log.last);
  m = librdf_new_model(f.world, s, NULL);
  ck_assert_int_eq(count_librdf(&f, m, EX "k", EX "p", NULL, NULL), 1);
  ck_assert_int_eq(librdf_model_size(m), 6);
  librdf_free_model(m);
  librdf_free_storage(s);
  free(dir);
  fixture_close(&f);
}
END_TEST

START_TEST(test_read_only) {
  fixture f;
  fixture_open(&f);
  must_register(&f);
  char *dir = kgt_path(f.tmp, "s.kg");
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE);
  kgt_add(st, kg_iri(EX "a"), kg_iri(EX "p"), kg_iri(EX "b"), KGT_NOGRAPH);
  kg_store_close(st);
  librdf_storage *s = storage(&f, "kg", "write='no',dir='%s'", dir);
  ck_assert_msg(s != NULL, "open: %s", f.log.last);
  librdf_model *m = librdf_new_model(f.world, s, NULL);
  ck_assert_int_eq(librdf_model_size(m), 1);
  librdf_statement *x = stmt(&f, res(&f, EX "x"), EX "p", res(&f, EX "y"));
  ck_assert_int_ne(librdf_model_add_statement(m, x), 0);
  ck_assert_int_ge(f.log.errors, 1);
  ck_assert_msg(strstr(f.log.last, "kgsh: ") == f.log.last, "%s", f.log.last);
  librdf_free_statement(x);
  librdf_free_model(m);
  librdf_free_storage(s);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), 1);
  kg_store_close(st);
  free(dir);
  fixture_close(&f);
}
END_TEST

/* ------------------------------------------------------- bad options */

/* Opening with these options fails with a librdf error saying `says`. */
static void assert_refused(fixture *f, const char *name, const char *fmt,
                           const char *dir, const char *says) {
  int before = f->log.errors;
  f->log.last[0] = '\0';
  librdf_storage *s = storage(f, name, fmt, dir);
  ck_assert_msg(s == NULL, "%s %s opened", fmt, dir);
  ck_assert_int_gt(f->log.errors, before);
  ck_assert_msg(strstr(f->log.last, says), "%s: '%s' has no '%s'", dir,
                f->log.last, says);
}

START_TEST(test_bad_options) {
  fixture f;
  fixture_open(&f);
  must_register(&f);
  /* no directory at all: neither dir= nor a name */
  assert_refused(&f, NULL, "%s", "", "give dir='DIR'");
  /* a directory that is not there is not made without new='yes' */
  char *none = kgt_path(f.tmp, "none.kg");
  assert_refused(&f, "kg", "dir='%s'", none, "no store at");
  struct stat sb;
  ck_assert_int_ne(stat(none, &sb), 0);
  /* a file, and a spec that would lead back into librdf */
  char *file = kgt_path(f.tmp, "file");
  kgt_write_file(file, "not a store\n");
  assert_refused(&f, "kg", "dir='%s'", file, "not a store directory");
  assert_refused(&f, "kg", "dir='%s'", "sqlite:x.db", "is not a store directory");
  /* a store whose manifest cannot be read: refused, left as it was */
  char *bad = kgt_path(f.tmp, "bad.kg");
  kg_store_close(kgt_open(bad, KG_OPEN_CREATE));
  char *manifest = kgt_path(bad, "kgsh.manifest");
  kgt_write_file(manifest, "\x01\x02 damaged\n");
  assert_refused(&f, "kg", "dir='%s'", bad, "kgsh.manifest");
  char *left = kgt_read_file(manifest, NULL);
  ck_assert_str_eq(left, "\x01\x02 damaged\n");
  free(left);
  /* a directory its user may not read (root reads every directory) */
  if (geteuid() != 0) {
    char *locked = kgt_path(f.tmp, "locked.kg");
    kg_store_close(kgt_open(locked, KG_OPEN_CREATE));
    ck_assert_int_eq(chmod(locked, 0), 0);
    assert_refused(&f, "kg", "dir='%s'", locked, locked);
    free(locked);
  }
  free(manifest);
  free(bad);
  free(file);
  free(none);
  fixture_close(&f);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("librdf_storage");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_register);
  tcase_add_test(tc, test_add_and_read_back);
  tcase_add_test(tc, test_read_only);
  tcase_add_test(tc, test_bad_options);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(suite)
