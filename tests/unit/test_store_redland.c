/* test_store_redland.c - Redland interoperability: rdfproc reads the
 * Redland copy of our stores, many instances of one class stay fast, a
 * store made by Redland alone is adopted, and the copy is made only when
 * asked for (on, off, remembered; stores of kgsh 0.9 converted). */
#include "storeutil.h"

#include <time.h>
#include <zlib.h>

/* ------------------------------------------------------------ Redland */

START_TEST(test_redland_reads_our_store) {
  if (!kgt_have_cmd("rdfproc")) {
    KGT_SKIP("rdfproc not found");
    return;
  }
  char *tmp, *dir = sample_store(&tmp, "r.kg", 1);
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
  kg_store *st = kgt_open(dir, KG_OPEN_CREATE | KG_OPEN_REDLAND);
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

/* ------------------------------------------------ the copy: on, off */

static int has_file(const char *dir, const char *name) {
  char *p = kgt_path(dir, name);
  int ok = access(p, F_OK) == 0;
  free(p);
  return ok;
}

static int manifest_says(const char *dir, const char *line) {
  char *p = kgt_path(dir, "kgsh.manifest");
  char *text = kgt_read_file(p, NULL);
  int ok = text && strstr(text, line) != NULL;
  free(text);
  free(p);
  return ok;
}

START_TEST(test_one_copy_by_default) {
  char *tmp, *dir = sample_store(&tmp, "one.kg", 0);
  ck_assert(!has_file(dir, "kg-sp2o.db"));
  ck_assert(!has_file(dir, "kg-contexts.db"));
  ck_assert(manifest_says(dir, "\nredland off\n"));
  kg_store *st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_redland_copy(st), 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  char *note = kg_store_notice(st);
  ck_assert_ptr_null(note);
  kg_store_close(st);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_copy_on_and_off) {
  char *tmp, *dir = sample_store(&tmp, "switch.kg", 0);
  kg_store *st = kgt_open(dir, 0);
  kg_error e;
  ck_assert_int_eq(kg_store_set_redland_copy(st, 1, &e), KG_OK);
  ck_assert_int_eq(kg_store_redland_copy(st), 1);
  ck_assert(has_file(dir, "kg-sp2o.db"));
  ck_assert(manifest_says(dir, "\nredland on\n"));
  kg_store_close(st);
  int found = 0;
  if (kgt_have_cmd("rdfproc")) assert_redland_sample(dir, &found);
  /* remembered: a later open (no flag) keeps the copy up to date */
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_redland_copy(st), 1);
  kgt_add(st, iri(EX "later"), iri(EX "p"), kg_literal("kept", NULL, NULL),
          KGT_NOGRAPH);
  kg_store_close(st);
  if (kgt_have_cmd("rdfproc")) {
    ck_assert_int_eq(rdfproc_count(dir, "kept", &found), SAMPLE + 1);
    ck_assert(found);
  }
  /* off: the files go, the statements stay */
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_set_redland_copy(st, 0, &e), KG_OK);
  ck_assert(!has_file(dir, "kg-sp2o.db"));
  ck_assert(!has_file(dir, "kg-po2s.db"));
  ck_assert(!has_file(dir, "mirror.dirty"));
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_redland_copy(st), 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 1);
  kg_store_close(st);
  ck_assert(!has_file(dir, "kg-sp2o.db"));
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_copy_refused) {
  kg_store *st = kgt_open("memory:", 0);
  kg_error e;
  ck_assert_int_eq(kg_store_set_redland_copy(st, 1, &e), KG_ERR_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(e.message, "directory store"));
  kg_store_close(st);
  char *tmp, *dir = sample_store(&tmp, "ro.kg", 0);
  st = kgt_open(dir, KG_OPEN_READONLY);
  ck_assert_int_eq(kg_store_set_redland_copy(st, 1, &e), KG_ERR_READONLY);
  kg_store_close(st);
  st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_begin(st, &e), KG_OK);
  ck_assert_int_eq(kg_store_set_redland_copy(st, 1, &e), KG_ERR_STATE);
  ck_assert_int_eq(kg_store_rollback(st, &e), KG_OK);
  kg_store_close(st);
  ck_assert(!has_file(dir, "kg-sp2o.db"));
  /* a term Redland cannot encode: the copy stays off, nothing changes */
  st = kgt_open(dir, 0);
  char *big = malloc(70000);
  memset(big, 'a', 69999);
  memcpy(big, "http://x/", 9);
  big[69999] = '\0';
  kgt_add(st, iri(big), iri(EX "p"), iri(EX "o"), KGT_NOGRAPH);
  ck_assert_int_eq(kg_store_set_redland_copy(st, 1, &e), KG_ERR_UNSUPPORTED);
  ck_assert_int_eq(kg_store_redland_copy(st), 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE + 1);
  kg_store_close(st);
  ck_assert(!has_file(dir, "kg-sp2o.db"));
  ck_assert(!has_file(dir, "mirror.dirty"));
  ck_assert(manifest_says(dir, "\nredland off\n"));
  free(big);
  store_gone(tmp, dir);
}
END_TEST

/* A store of an earlier kgsh: its manifest has no `redland` line (and
 * its checksum covers the lines without it), and it has the Redland
 * files. */
static char *old_store(char **tmp) {
  char *dir = sample_store(tmp, "old.kg", 1);
  char *p = kgt_path(dir, "kgsh.manifest");
  char *text = kgt_read_file(p, NULL);
  char *line = strstr(text, "redland on\n");
  ck_assert_ptr_nonnull(line);
  ck_assert_ptr_nonnull(strstr(line, "\ncrc "));
  *line = '\0';
  char sum[32];
  snprintf(sum, sizeof sum, "crc %08lx\n",
           crc32(0L, (const Bytef *)text, (uInt)strlen(text)));
  char *out = malloc(strlen(text) + sizeof sum);
  strcpy(out, text);
  strcat(out, sum);
  kgt_write_file(p, out);
  free(out);
  free(text);
  free(p);
  ck_assert(!manifest_says(dir, "redland"));
  return dir;
}

START_TEST(test_old_store_converted) {
  char *tmp, *dir = old_store(&tmp);
  /* read-only: nothing is converted */
  kg_store *st = kgt_open(dir, KG_OPEN_READONLY);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_store_close(st);
  ck_assert(has_file(dir, "kg-sp2o.db"));
  st = kgt_open(dir, 0);
  char *note = kg_store_notice(st);
  ck_assert_ptr_nonnull(note);
  ck_assert_ptr_nonnull(strstr(note, "earlier kgsh"));
  ck_assert_ptr_nonnull(strstr(note, ".redland on"));
  free(note);
  ck_assert_ptr_null(kg_store_notice(st)); /* once */
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  ck_assert_int_eq(kg_store_redland_copy(st), 0);
  kg_store_close(st);
  ck_assert(!has_file(dir, "kg-sp2o.db"));
  ck_assert(!has_file(dir, "kg-contexts.db"));
  ck_assert(manifest_says(dir, "\nredland off\n"));
  st = kgt_open(dir, 0);
  ck_assert_ptr_null(kg_store_notice(st));
  char *dump = kgt_dump(st);
  ck_assert_ptr_nonnull(strstr(dump, "in g2"));
  free(dump);
  kg_store_close(st);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_old_store_keeps_copy) {
  char *tmp, *dir = old_store(&tmp);
  kg_store *st = kgt_open(dir, KG_OPEN_REDLAND);
  ck_assert_ptr_null(kg_store_notice(st));
  ck_assert_int_eq(kg_store_redland_copy(st), 1);
  kgt_add(st, iri(EX "more"), iri(EX "p"), kg_literal("kept", NULL, NULL),
          KGT_NOGRAPH);
  kg_store_close(st);
  ck_assert(manifest_says(dir, "\nredland on\n"));
  if (kgt_have_cmd("rdfproc"))
    ck_assert_int_eq(rdfproc_count(dir, NULL, NULL), SAMPLE + 1);
  store_gone(tmp, dir);
}
END_TEST

START_TEST(test_switch_cut_short) {
  /* a crash while the copy was being turned on: mirror.dirty and part
   * of the files, the manifest still off; the next open deletes them */
  char *tmp, *dir = sample_store(&tmp, "cut.kg", 0);
  char *p = kgt_path(dir, "mirror.dirty");
  kgt_write_file(p, "");
  free(p);
  p = kgt_path(dir, "kg-sp2o.db");
  kgt_write_file(p, "part");
  free(p);
  kg_store *st = kgt_open(dir, 0);
  ck_assert_int_eq(kg_store_size(st), SAMPLE);
  kg_store_close(st);
  ck_assert(!has_file(dir, "kg-sp2o.db"));
  ck_assert(!has_file(dir, "mirror.dirty"));
  store_gone(tmp, dir);
}
END_TEST

/* ---------------------------------------------- librdf nodes and back */

START_TEST(test_librdf_terms_round_trip) {
  librdf_world *w = librdf_new_world();
  librdf_world_open(w);
  const kg_term in[] = {
      iri(EX "a"), kg_blank("b7"), kg_literal(HANGZHOU, NULL, "zh"),
      kg_literal("12", XSD "integer", NULL), kg_literal("plain", NULL, NULL),
      kg_literal("", NULL, NULL)};
  for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
    librdf_node *n = kg_term_to_librdf(w, &in[i]);
    ck_assert_ptr_nonnull(n);
    kg_term out;
    ck_assert_int_eq(kg_term_from_librdf(n, &out), 1);
    ck_assert_int_eq(out.kind, in[i].kind);
    ck_assert_int_eq(out.len, in[i].len);
    ck_assert_mem_eq(out.value, in[i].value, in[i].len);
    ck_assert_pstr_eq(out.lang, in[i].lang);
    ck_assert_pstr_eq(out.datatype, in[i].datatype);
    librdf_free_node(n);
  }
  kg_term none = {0};
  ck_assert_ptr_null(kg_term_to_librdf(w, &none));
  librdf_free_world(w);
}
END_TEST

static Suite *store_redland_suite(void) {
  Suite *s = suite_create("store_redland");
  TCase *redland = tcase_create("redland");
  tcase_set_timeout(redland, 900);
  tcase_add_test(redland, test_redland_reads_our_store);
  tcase_add_test(redland, test_adopt_redland_store);
  tcase_add_test(redland, test_redland_many_instances);
  tcase_add_test(redland, test_one_copy_by_default);
  tcase_add_test(redland, test_copy_on_and_off);
  tcase_add_test(redland, test_copy_refused);
  tcase_add_test(redland, test_old_store_converted);
  tcase_add_test(redland, test_old_store_keeps_copy);
  tcase_add_test(redland, test_switch_cut_short);
  tcase_add_test(redland, test_librdf_terms_round_trip);
  suite_add_tcase(s, redland);
  return s;
}

KG_TEST_MAIN(store_redland_suite)
