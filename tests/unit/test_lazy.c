/* test_lazy.c - libraries loaded on first use (kg_lazy_load): a missing
 * library or function gives an error naming the package, a loaded one
 * its functions; a session that queries and loads Turtle leaves raptor
 * unloaded, and the first RDF/XML load brings it in. This suite calls no
 * raptor, librdf or curl function itself, so (linked --as-needed) it has
 * none of them until libkg opens them. The file: IRIs that raptor made are
 * made without it, alike. */
#include <dlfcn.h>
#include <math.h>

#include "iri.h"
#include "testutil.h"

/* libm's, through a table like libkg's */
#define MATH_FNS(X) X(cos) X(sqrt)
KG_LAZY_DECLARE(t_math, MATH_FNS)
KG_LAZY_DEFINE(t_math, MATH_FNS, "maths", "libm.so.6", "libc6")

static int loaded(const char *soname) {
  void *h = dlopen(soname, RTLD_LAZY | RTLD_NOLOAD);
  if (h) dlclose(h);
  return h != NULL;
}

START_TEST(test_missing_library) {
  static const char *const names[] = {"f"};
  void *table[1] = {NULL};
  kg_lazy lib = {.what = "test", .soname = "libkgsh-absent.so.9",
                 .package = "kgsh-absent1", .names = names, .n = 1,
                 .table = table};
  kg_error e;
  ck_assert_int_eq(kg_lazy_load(&lib, &e), KG_ERR_UNSUPPORTED);
  ck_assert_msg(strstr(e.message, "the test library could not be loaded") &&
                    strstr(e.message, "libkgsh-absent.so.9") &&
                    strstr(e.message, "install the Debian package "
                                      "kgsh-absent1"),
                "message: %s", e.message);
  ck_assert_ptr_null(lib.handle);
  ck_assert_ptr_null(table[0]);
  /* tried again, not remembered as loaded */
  ck_assert_int_eq(kg_lazy_load(&lib, NULL), KG_ERR_UNSUPPORTED);
}
END_TEST

START_TEST(test_missing_function) {
  static const char *const names[] = {"cos", "kgsh_no_such_function"};
  void *table[2] = {NULL, NULL};
  kg_lazy lib = {.what = "maths", .soname = "libm.so.6", .package = "libc6",
                 .names = names, .n = 2, .table = table};
  kg_error e;
  ck_assert_int_eq(kg_lazy_load(&lib, &e), KG_ERR_UNSUPPORTED);
  ck_assert_msg(strstr(e.message, "has no function kgsh_no_such_function") &&
                    strstr(e.message, "libc6"),
                "message: %s", e.message);
  ck_assert_ptr_null(lib.handle);
  ck_assert_ptr_null(table[0]); /* nothing half-filled */
}
END_TEST

START_TEST(test_table_filled) {
  kg_error e;
  ck_assert_int_eq(kg_lazy_load(&t_math_lib, &e), KG_OK);
  void *h = t_math_lib.handle;
  ck_assert_ptr_nonnull(h);
  ck_assert(t_math.cos(0.0) == 1.0);
  ck_assert(t_math.sqrt(16.0) == 4.0);
  ck_assert_int_eq(kg_lazy_load(&t_math_lib, &e), KG_OK);
  ck_assert_ptr_eq(t_math_lib.handle, h);
}
END_TEST

START_TEST(test_raptor_on_first_use) {
  kg_store *st;
  kg_error e;
  ck_assert_int_eq(kg_store_open("memory:", 0, &st, &e), KG_OK);
  const char *ttl = "<http://e/a> <http://e/p> \"x\" .\n";
  ck_assert_int_eq(kg_load_string(st, ttl, strlen(ttl), "a.ttl", NULL, NULL,
                                  &e),
                   KG_OK);
  kg_result *r;
  ck_assert_int_eq(kg_query(st, "SELECT * { ?s ?p ?o }", NULL, &r, &e), KG_OK);
  ck_assert_int_eq(kg_result_next(r, &e), 1);
  kg_result_free(r);
  ck_assert_msg(!loaded(KG_SONAME_raptor2) && !loaded(KG_SONAME_curl) &&
                    !loaded(KG_SONAME_rdf) && !loaded(KG_SONAME_gvc),
                "a Turtle load and a query loaded a library they do not use");
  const char *xml =
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
      "<rdf:Description rdf:about=\"http://e/b\">"
      "<rdf:value>y</rdf:value></rdf:Description></rdf:RDF>";
  ck_assert_int_eq(kg_load_string(st, xml, strlen(xml), "b.rdf", NULL, NULL,
                                  &e),
                   KG_OK);
  ck_assert_int_eq(kg_store_size(st), 2);
  ck_assert(loaded(KG_SONAME_raptor2));
  kg_store_close(st);
}
END_TEST

/* file: IRIs are made without raptor now, exactly as raptor made them */
START_TEST(test_file_iris) {
  static const struct {
    const char *path, *iri;
  } cases[] = {
    {"/tmp/a b.ttl", "file:///tmp/a%20b.ttl"},
    {"/tmp/中文.ttl", "file:///tmp/中文.ttl"},
    {"/tmp/x%y.ttl", "file:///tmp/x%25y.ttl"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *iri = iri_from_path(cases[i].path);
    ck_assert_str_eq(iri, cases[i].iri);
    char *back = iri_file_path(iri);
    ck_assert_str_eq(back, cases[i].path);
    free(iri);
    free(back);
  }
  char *p = iri_file_path("file://localhost/tmp/%E4%B8%AD.jsonld#x");
  ck_assert_str_eq(p, "/tmp/中.jsonld");
  free(p);
  p = iri_file_path("file:/tmp/y?q");
  ck_assert_str_eq(p, "/tmp/y");
  free(p);
  ck_assert_ptr_null(iri_file_path("http://e/x"));
  ck_assert_ptr_null(iri_file_path("file://host-without-path"));
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("lazy");
  TCase *t = tcase_create("lazy");
  tcase_add_test(t, test_missing_library);
  tcase_add_test(t, test_missing_function);
  tcase_add_test(t, test_table_filled);
  tcase_add_test(t, test_raptor_on_first_use);
  tcase_add_test(t, test_file_iris);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(suite)
