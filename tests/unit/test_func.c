/* test_func.c - unit tests for the SPARQL built-in functions (cases from the W3C suites and XPath F&O). */
#include <math.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "testutil.h"
#include "testval.h"

/* Calls fn with the given arguments. */
static sp_val call(sp_builtin fn, int n, ...) {
  sp_val a[8];
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) a[i] = va_arg(ap, sp_val);
  va_end(ap);
  return sp_call_builtin(&C, fn, a, n);
}

static int is_true(sp_val v) { return v.type == SPV_BOOLEAN && v.v.i == 1; }
static int is_false(sp_val v) { return v.type == SPV_BOOLEAN && v.v.i == 0; }
#define TRUE(v) ck_assert_msg(is_true(v), "line %d: not true (%s)", __LINE__, C.errmsg)
#define FALSE(v) ck_assert_msg(is_false(v), "line %d: not false (%s)", __LINE__, C.errmsg)

/* ----------------------------------------------------------- terms */

START_TEST(term_functions) {
  LIT(call(SP_FN_STR, 1, iri("http://x/")), "http://x/", NULL);
  LIT(call(SP_FN_STR, 1, lng("chat", "fr")), "chat", NULL);
  LIT(call(SP_FN_STR, 1, integer("01")), "01", NULL);
  ERR(call(SP_FN_STR, 1, bnode("b")));
  ERR(call(SP_FN_STR, 1, sp_val_error()));

  LIT(call(SP_FN_LANG, 1, lng("chat", "fr")), "fr", NULL);
  LIT(call(SP_FN_LANG, 1, str("chat")), "", NULL);
  LIT(call(SP_FN_LANG, 1, integer("1")), "", NULL);
  ERR(call(SP_FN_LANG, 1, iri("http://x/")));

  sp_val d = call(SP_FN_DATATYPE, 1, str("a"));
  ck_assert_int_eq(d.type, SPV_IRI);
  ck_assert_str_eq(lexof(&d), X(string));
  d = call(SP_FN_DATATYPE, 1, lng("a", "en"));
  ck_assert_str_eq(lexof(&d), RDF_LANGSTRING);
  d = call(SP_FN_DATATYPE, 1, lit("1", X(short)));
  ck_assert_str_eq(lexof(&d), X(short));
  d = call(SP_FN_DATATYPE, 1, lit("x", "http://example/t"));
  ck_assert_str_eq(lexof(&d), "http://example/t");
  ERR(call(SP_FN_DATATYPE, 1, bnode("b")));

  TRUE(call(SP_FN_ISIRI, 1, iri("http://x/")));
  TRUE(call(SP_FN_ISURI, 1, iri("http://x/")));
  FALSE(call(SP_FN_ISIRI, 1, str("http://x/")));
  TRUE(call(SP_FN_ISBLANK, 1, bnode("b")));
  FALSE(call(SP_FN_ISBLANK, 1, iri("b")));
  TRUE(call(SP_FN_ISLITERAL, 1, lit("x", "http://example/t")));
  FALSE(call(SP_FN_ISLITERAL, 1, bnode("b")));
  TRUE(call(SP_FN_ISNUMERIC, 1, integer("12")));
  TRUE(call(SP_FN_ISNUMERIC, 1, lit("1", X(unsignedByte))));
  TRUE(call(SP_FN_ISNUMERIC, 1, dbl("NaN")));
  FALSE(call(SP_FN_ISNUMERIC, 1, str("12")));
  FALSE(call(SP_FN_ISNUMERIC, 1, integer("1200x")));
  FALSE(call(SP_FN_ISNUMERIC, 1, lit("1200", X(byte))));
  ERR(call(SP_FN_ISIRI, 1, sp_val_error()));

  TRUE(call(SP_FN_SAMETERM, 2, integer("1"), integer("1")));
  FALSE(call(SP_FN_SAMETERM, 2, integer("1"), integer("01")));
  FALSE(call(SP_FN_SAMETERM, 2, lit("a", "http://example/t"),
             lit("b", "http://example/t")));
}
END_TEST

START_TEST(langmatches) {
  TRUE(call(SP_FN_LANGMATCHES, 2, str("en"), str("en")));
  TRUE(call(SP_FN_LANGMATCHES, 2, str("en-US"), str("en")));
  TRUE(call(SP_FN_LANGMATCHES, 2, str("EN-us"), str("en-US")));
  TRUE(call(SP_FN_LANGMATCHES, 2, str("de-DE"), str("de-de")));
  FALSE(call(SP_FN_LANGMATCHES, 2, str("en"), str("en-US")));
  FALSE(call(SP_FN_LANGMATCHES, 2, str("english"), str("en")));
  FALSE(call(SP_FN_LANGMATCHES, 2, str("fr"), str("en")));
  TRUE(call(SP_FN_LANGMATCHES, 2, str("fr"), str("*")));
  FALSE(call(SP_FN_LANGMATCHES, 2, str(""), str("*")));
  FALSE(call(SP_FN_LANGMATCHES, 2, str(""), str("")));
  /* the idiom LANGMATCHES(LANG(?x), "en") */
  sp_val l = call(SP_FN_LANG, 1, lng("hello", "en-GB"));
  TRUE(call(SP_FN_LANGMATCHES, 2, l, str("EN")));
  ERR(call(SP_FN_LANGMATCHES, 2, lng("en", "en"), str("en")));
  ERR(call(SP_FN_LANGMATCHES, 2, str("en"), integer("1")));
}
END_TEST

/* RFC 3986 s.5.4 reference resolution examples. */
START_TEST(iri_resolution) {
  static const char *t[][2] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},
  };
  C.base = "http://a/b/c/d;p?q";
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    sp_val v = call(SP_FN_IRI, 1, str(t[i][0]));
    ck_assert_msg(v.type == SPV_IRI, "case %s: %s", t[i][0], C.errmsg);
    ck_assert_msg(strcmp(lexof(&v), t[i][1]) == 0, "%s -> %s, wanted %s",
                  t[i][0], lexof(&v), t[i][1]);
  }
  /* iri01: BASE <http://example.org/> */
  C.base = "http://example.org/";
  sp_val v = call(SP_FN_URI, 1, str("uri"));
  ck_assert_str_eq(lexof(&v), "http://example.org/uri");
  v = call(SP_FN_IRI, 1, xstr("iri"));
  ck_assert_str_eq(lexof(&v), "http://example.org/iri");
  v = call(SP_FN_IRI, 1, iri("http://x/y"));
  ck_assert_str_eq(lexof(&v), "http://x/y");
  C.base = NULL; /* nothing to resolve against: kept as it is */
  v = call(SP_FN_IRI, 1, str("rel"));
  ck_assert_str_eq(lexof(&v), "rel");
  ERR(call(SP_FN_IRI, 1, str("http://x/a b")));
  ERR(call(SP_FN_IRI, 1, str("<x>")));
  ERR(call(SP_FN_IRI, 1, lng("http://x/", "en")));
  ERR(call(SP_FN_IRI, 1, integer("1")));
  ERR(call(SP_FN_IRI, 1, bnode("b")));
}
END_TEST

START_TEST(bnode_function) {
  sp_val a = call(SP_FN_BNODE, 0), b = call(SP_FN_BNODE, 0);
  ck_assert_int_eq(a.type, SPV_BNODE);
  ck_assert_int_eq(b.type, SPV_BNODE);
  ck_assert_int_eq(sp_val_same_term(&a, &b), 0);
  /* bnode01: the same string gives the same node within a solution */
  sp_val x1 = call(SP_FN_BNODE, 1, str("foo"));
  sp_val x2 = call(SP_FN_BNODE, 1, xstr("foo"));
  sp_val y = call(SP_FN_BNODE, 1, str("BAZ"));
  ck_assert_int_eq(x1.type, SPV_BNODE);
  ck_assert_int_eq(sp_val_same_term(&x1, &x2), 1);
  ck_assert_int_eq(sp_val_same_term(&x1, &y), 0);
  ck_assert_int_eq(sp_val_same_term(&x1, &a), 0);
  /* and a different one in the next solution */
  sp_fctx_next_solution(&C);
  sp_val x3 = call(SP_FN_BNODE, 1, str("foo"));
  ck_assert_int_eq(sp_val_same_term(&x1, &x3), 0);
  /* long strings are hashed; still stable and distinct */
  const char *l1 = "a string that is much longer than thirty-two bytes, one";
  const char *l2 = "a string that is much longer than thirty-two bytes, two";
  sp_val h1 = call(SP_FN_BNODE, 1, str(l1)), h2 = call(SP_FN_BNODE, 1, str(l2));
  sp_val h3 = call(SP_FN_BNODE, 1, str(l1));
  ck_assert_int_eq(sp_val_same_term(&h1, &h2), 0);
  ck_assert_int_eq(sp_val_same_term(&h1, &h3), 1);
  /* labels use only safe characters */
  const char *s = lexof(&h1);
  for (; *s; s++) ck_assert(isalnum((unsigned char)*s));
  ERR(call(SP_FN_BNODE, 1, lng("foo", "en")));
  ERR(call(SP_FN_BNODE, 1, integer("1")));
}
END_TEST

START_TEST(strlang_strdt) {
  LANGLIT(call(SP_FN_STRLANG, 2, str("foo"), str("en-US")), "foo", "en-us");
  LANGLIT(call(SP_FN_STRLANG, 2, xstr("abc"), str("en")), "abc", "en");
  ERR(call(SP_FN_STRLANG, 2, lng("foo", "en"), str("fr")));
  ERR(call(SP_FN_STRLANG, 2, integer("1"), str("en")));
  ERR(call(SP_FN_STRLANG, 2, str("foo"), str("")));
  ERR(call(SP_FN_STRLANG, 2, str("foo"), str("en us")));
  ERR(call(SP_FN_STRLANG, 2, str("foo"), iri("en")));

  sp_val v = call(SP_FN_STRDT, 2, str("123"), iri(X(integer)));
  LIT(v, "123", X(integer));
  ck_assert_int_eq(v.type, SPV_INTEGER);
  LIT(call(SP_FN_STRDT, 2, xstr("abc"), iri(X(string))), "abc", X(string));
  v = call(SP_FN_STRDT, 2, str("iiii"), iri("http://example/romanNumeral"));
  LIT(v, "iiii", "http://example/romanNumeral");
  ck_assert_int_eq(v.type, SPV_OTHER);
  v = call(SP_FN_STRDT, 2, str("x"), iri(X(integer))); /* ill-typed */
  LIT(v, "x", X(integer));
  ck_assert_int_eq(v.type, SPV_OTHER);
  ERR(call(SP_FN_STRDT, 2, lng("foo", "en"), iri(X(string))));
  ERR(call(SP_FN_STRDT, 2, integer("1"), iri(X(string))));
  ERR(call(SP_FN_STRDT, 2, str("1"), str(X(string))));
  ERR(call(SP_FN_STRDT, 2, str("1"), iri(RDF_LANGSTRING)));
}
END_TEST

/* --------------------------------------------------------- strings */

START_TEST(strlen_substr) {
  LIT(call(SP_FN_STRLEN, 1, str("杭州")), "2", X(integer));
  LIT(call(SP_FN_STRLEN, 1, lng("bar", "en")), "3", X(integer));
  LIT(call(SP_FN_STRLEN, 1, str("食べ物")), "3", X(integer));
  LIT(call(SP_FN_STRLEN, 1, str("")), "0", X(integer));
  LIT(call(SP_FN_STRLEN, 1, str("\xF0\x9F\x91\xAA")), "1", X(integer));
  LIT(call(SP_FN_STRLEN, 1,
           str("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
               "\xF0\x9F\x91\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6")),
      "7", X(integer));
  ERR(call(SP_FN_STRLEN, 1, integer("1")));

  /* positions count from 1: 杭1 州2 市3 钱4 塘5 区6 */
  LIT(call(SP_FN_SUBSTR, 3, str("杭州市钱塘区"), integer("4"), integer("2")), "钱塘",
      NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("杭州市钱塘区"), integer("3"), integer("2")), "市钱",
      NULL);
  LIT(call(SP_FN_SUBSTR, 2, str("食べ物"), integer("2")), "べ物", NULL);
  LANGLIT(call(SP_FN_SUBSTR, 3, lng("bar", "en"), integer("1"), integer("1")), "b",
          "en");
  LIT(call(SP_FN_SUBSTR, 2, xstr("DEF"), integer("2")), "EF", X(string));
  LIT(call(SP_FN_SUBSTR, 2, str("\xF0\x9F\x91\xAA"), integer("2")), "", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"),
           integer("1"), integer("1")),
      "\xF0\x9F\x91\xA8", NULL);
  /* XPath fn:substring examples */
  LIT(call(SP_FN_SUBSTR, 2, str("motor car"), integer("6")), " car", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("metadata"), integer("4"), integer("3")), "ada",
      NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), dec("1.5"), dec("2.6")), "234", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), integer("0"), integer("3")), "12", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), integer("5"), integer("-3")), "", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), integer("-3"), integer("5")), "1", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), dbl("NaN"), integer("3")), "", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), integer("1"), dbl("NaN")), "", NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), integer("-42"), dbl("INF")), "12345",
      NULL);
  LIT(call(SP_FN_SUBSTR, 3, str("12345"), dbl("-INF"), dbl("INF")), "", NULL);
  LIT(call(SP_FN_SUBSTR, 2, str("12345"), integer("9")), "", NULL);
  ERR(call(SP_FN_SUBSTR, 2, str("12345"), str("1")));
  ERR(call(SP_FN_SUBSTR, 2, integer("12345"), integer("1")));
  ERR(call(SP_FN_SUBSTR, 1, str("12345")));
}
END_TEST

START_TEST(case_mapping) {
  LIT(call(SP_FN_UCASE, 1, str("straße")), "STRASSE", NULL);
  LIT(call(SP_FN_LCASE, 1, str("ΣΑΣ")), "σας", NULL); /* final sigma */
  LIT(call(SP_FN_LCASE, 1, str("ΟΔΥΣΣΕΥΣ")), "οδυσσευς", NULL);
  LANGLIT(call(SP_FN_UCASE, 1, lng("bar", "en")), "BAR", "en");
  LIT(call(SP_FN_UCASE, 1, xstr("abc")), "ABC", X(string));
  LIT(call(SP_FN_UCASE, 1, str("食べ物")), "食べ物", NULL);
  LIT(call(SP_FN_LCASE, 1, str("ÉCOLE Москва")), "école москва", NULL);
  LIT(call(SP_FN_UCASE, 1, str("\xF0\x9F\x91\xAA")), "\xF0\x9F\x91\xAA", NULL);
  LIT(call(SP_FN_LCASE, 1, str("")), "", NULL);
  ERR(call(SP_FN_UCASE, 1, iri("http://x/")));
}
END_TEST

START_TEST(encode_for_uri) {
  LIT(call(SP_FN_ENCODE_FOR_URI, 1, str("杭州 a/b")), "%E6%9D%AD%E5%B7%9E%20a%2Fb",
      NULL);
  LIT(call(SP_FN_ENCODE_FOR_URI, 1, str("Los Angeles")), "Los%20Angeles", NULL);
  LIT(call(SP_FN_ENCODE_FOR_URI, 1, lng("Los Angeles", "en")), "Los%20Angeles",
      NULL);
  LIT(call(SP_FN_ENCODE_FOR_URI, 1, str("100%")), "100%25", NULL);
  LIT(call(SP_FN_ENCODE_FOR_URI, 1, str("食べ物")), "%E9%A3%9F%E3%81%B9%E7%89%A9",
      NULL);
  LIT(call(SP_FN_ENCODE_FOR_URI, 1, str("a-_.~Z9")), "a-_.~Z9", NULL);
  LIT(call(SP_FN_ENCODE_FOR_URI, 1, str("\xF0\x9F\x91\xAA")), "%F0%9F%91%AA", NULL);
  ERR(call(SP_FN_ENCODE_FOR_URI, 1, integer("1")));
}
END_TEST

START_TEST(string_tests) {
  TRUE(call(SP_FN_CONTAINS, 2, lng("bar", "en"), str("a")));
  TRUE(call(SP_FN_CONTAINS, 2, xstr("abc"), str("a")));
  FALSE(call(SP_FN_CONTAINS, 2, str("BAZ"), str("a")));
  TRUE(call(SP_FN_CONTAINS, 2, str("abc"), str("")));
  TRUE(call(SP_FN_CONTAINS, 2, str("杭州市"), str("州")));
  TRUE(call(SP_FN_STRSTARTS, 2, str("100%"), str("1")));
  TRUE(call(SP_FN_STRSTARTS, 2, lng("foobar", "en"), lng("foo", "en")));
  FALSE(call(SP_FN_STRSTARTS, 2, str("foobar"), str("bar")));
  TRUE(call(SP_FN_STRENDS, 2, xstr("abc"), str("bc")));
  TRUE(call(SP_FN_STRENDS, 2, str("abc"), str("")));
  FALSE(call(SP_FN_STRENDS, 2, str("bc"), str("abc")));
  /* argument compatibility (s.17.4.3.1.1) */
  TRUE(call(SP_FN_CONTAINS, 2, lng("abc", "en"), xstr("b")));
  TRUE(call(SP_FN_CONTAINS, 2, lng("abc", "en"), lng("b", "EN")));
  ERR(call(SP_FN_CONTAINS, 2, str("abc"), lng("b", "en")));
  ERR(call(SP_FN_CONTAINS, 2, lng("abc", "fr"), lng("b", "en")));
  ERR(call(SP_FN_CONTAINS, 2, integer("123"), str("1")));
  ERR(call(SP_FN_STRSTARTS, 2, iri("http://x/"), str("h")));
}
END_TEST

START_TEST(strbefore_strafter) {
  /* strbefore02 */
  sp_val s1 = str("abc"), s2 = lng("abc", "en"), s3 = xstr("abc");
  LIT(call(SP_FN_STRBEFORE, 2, s1, str("b")), "a", NULL);
  LIT(call(SP_FN_STRBEFORE, 2, s1, str("bc")), "a", NULL);
  ERR(call(SP_FN_STRBEFORE, 2, s1, lng("b", "cy")));
  LIT(call(SP_FN_STRBEFORE, 2, s1, str("")), "", NULL);
  ERR(call(SP_FN_STRBEFORE, 2, s1, lng("", "en")));
  LIT(call(SP_FN_STRBEFORE, 2, s1, xstr("b")), "a", NULL);
  LIT(call(SP_FN_STRBEFORE, 2, s1, xstr("xyz")), "", NULL);
  LANGLIT(call(SP_FN_STRBEFORE, 2, s2, str("b")), "a", "en");
  LANGLIT(call(SP_FN_STRBEFORE, 2, s2, str("")), "", "en");
  LANGLIT(call(SP_FN_STRBEFORE, 2, s2, lng("", "en")), "", "en");
  ERR(call(SP_FN_STRBEFORE, 2, s2, lng("b", "cy")));
  LIT(call(SP_FN_STRBEFORE, 2, s2, xstr("xyz")), "", NULL);
  LIT(call(SP_FN_STRBEFORE, 2, s3, str("b")), "a", X(string));
  LIT(call(SP_FN_STRBEFORE, 2, s3, str("")), "", X(string));
  /* strafter02 */
  LIT(call(SP_FN_STRAFTER, 2, s1, str("b")), "c", NULL);
  LIT(call(SP_FN_STRAFTER, 2, s1, str("ab")), "c", NULL);
  LIT(call(SP_FN_STRAFTER, 2, s1, str("")), "abc", NULL);
  LANGLIT(call(SP_FN_STRAFTER, 2, s2, str("b")), "c", "en");
  LANGLIT(call(SP_FN_STRAFTER, 2, s2, lng("", "en")), "abc", "en");
  LIT(call(SP_FN_STRAFTER, 2, s2, xstr("xyz")), "", NULL);
  LIT(call(SP_FN_STRAFTER, 2, s3, xstr("b")), "c", X(string));
  /* strbefore01a: no match gives a simple literal */
  LIT(call(SP_FN_STRBEFORE, 2, lng("日本語", "ja"), str("s")), "", NULL);
  LANGLIT(call(SP_FN_STRBEFORE, 2, lng("english", "en"), str("s")), "engli", "en");
  LIT(call(SP_FN_STRAFTER, 2, str("杭州市"), str("杭")), "州市", NULL);
  ERR(call(SP_FN_STRAFTER, 2, integer("7"), str("s")));
}
END_TEST

START_TEST(concat) {
  LIT(call(SP_FN_CONCAT, 2, xstr("abc"), xstr("DEF")), "abcDEF", X(string));
  LIT(call(SP_FN_CONCAT, 2, str("abc"), xstr("DEF")), "abcDEF", NULL);
  LANGLIT(call(SP_FN_CONCAT, 2, lng("english", "en"), lng("english", "en")),
          "englishenglish", "en");
  LIT(call(SP_FN_CONCAT, 2, lng("english", "en"), lng("français", "fr")),
      "englishfrançais", NULL);
  LIT(call(SP_FN_CONCAT, 2, str("123"), lng("日本語", "ja")), "123日本語", NULL);
  LIT(call(SP_FN_CONCAT, 0), "", NULL);
  LIT(call(SP_FN_CONCAT, 1, xstr("a")), "a", X(string));
  LANGLIT(call(SP_FN_CONCAT, 1, lng("a", "en")), "a", "en");
  LIT(call(SP_FN_CONCAT, 3, str("a"), str(""), str("c")), "ac", NULL);
  ERR(call(SP_FN_CONCAT, 2, str("a"), integer("7")));
  ERR(call(SP_FN_CONCAT, 2, str("a"), iri("http://x/")));
  ERR(call(SP_FN_CONCAT, 2, str("a"), sp_val_error()));
}
END_TEST

/* ----------------------------------------------------------- regex */

START_TEST(regex) {
  /* sparql10/regex over regex-data-quantifiers.ttl */
  const char *data[] = {"ac", "abc", "abbc", "abbbc", "a\nc", "a\nb\nc",
                        "a.c", "ABC", "a?+*.{}()[]c", "b"};
  struct { const char *pat, *flags; unsigned want; } t[] = {
      {"abc", "i", 1u << 1 | 1u << 7},
      {"a.c", "s", 1u << 1 | 1u << 4 | 1u << 6},
      {"a.c", NULL, 1u << 1 | 1u << 6},
      {"^b$", "m", 1u << 5 | 1u << 9},
      {"^b$", NULL, 1u << 9},
      {" a\n\tc ", "x", 1u << 0},
      {" a\n\r\t[\\n]c ", "x", 1u << 4},
      {"a[b\\n]c", NULL, 1u << 1 | 1u << 4},
      {"a[^b]c", NULL, 1u << 4 | 1u << 6},
      {"a?+*.{}()[]c", "q", 1u << 8},
      {"ab{1,2}c", NULL, 1u << 1 | 1u << 2},
      {"ab{2}c", NULL, 1u << 2},
      {"ab{2,}c", NULL, 1u << 2 | 1u << 3},
      {"ab+c", NULL, 1u << 1 | 1u << 2 | 1u << 3},
      {"ab*c", NULL, 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3},
      {"ab?c", NULL, 1u << 0 | 1u << 1},
  };
  for (size_t k = 0; k < sizeof t / sizeof *t; k++)
    for (unsigned i = 0; i < 10; i++) {
      sp_val r = t[k].flags ? call(SP_FN_REGEX, 3, str(data[i]), str(t[k].pat),
                                   str(t[k].flags))
                            : call(SP_FN_REGEX, 2, str(data[i]), str(t[k].pat));
      ck_assert_msg(r.type == SPV_BOOLEAN, "%s: %s", t[k].pat, C.errmsg);
      ck_assert_msg(r.v.i == ((t[k].want >> i) & 1), "/%s/%s on \"%s\"",
                    t[k].pat, t[k].flags ? t[k].flags : "", data[i]);
    }
  /* $ is the end of the string only (XPath), not before a final newline */
  FALSE(call(SP_FN_REGEX, 2, str("ab\n"), str("b$")));
  /* Unicode-aware classes and case folding (UCP) */
  TRUE(call(SP_FN_REGEX, 3, str("ΑΒΓ"), str("αβγ"), str("i")));
  TRUE(call(SP_FN_REGEX, 3, str("Москва"), str("^МОСКВА$"), str("i")));
  TRUE(call(SP_FN_REGEX, 2, str("杭州"), str("^\\w+$")));
  TRUE(call(SP_FN_REGEX, 2, str("杭州市钱塘区"), str("钱.区")));
  TRUE(call(SP_FN_REGEX, 2, str("é"), str("^.$")));
  /* PCRE2 folds case one character to one: ß does not match SS */
  FALSE(call(SP_FN_REGEX, 3, str("Straße"), str("STRASSE"), str("i")));
  TRUE(call(SP_FN_REGEX, 3, str("STRAẞE"), str("straße"), str("i")));
  /* language-tagged text is allowed, a tagged pattern is not */
  TRUE(call(SP_FN_REGEX, 2, lng("chat", "fr"), str("^ch")));
  ERR(call(SP_FN_REGEX, 2, str("chat"), lng("^ch", "fr")));
  ERR(call(SP_FN_REGEX, 2, integer("1"), str("1")));
  ERR(call(SP_FN_REGEX, 3, str("a"), str("a"), str("g")));
  ERR(call(SP_FN_REGEX, 2, str("a"), str("(")));
  ERR(call(SP_FN_REGEX, 2, str("a"), str("[")));
  /* the cache holds 16 patterns: cycle through more, twice */
  char pat[16];
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < 40; i++) {
      snprintf(pat, sizeof pat, "^x%d$", i);
      char subj[16];
      snprintf(subj, sizeof subj, "x%d", i);
      TRUE(call(SP_FN_REGEX, 2, str(subj), str(pat)));
      FALSE(call(SP_FN_REGEX, 3, str(subj), str(pat), str("q")));
    }
}
END_TEST

START_TEST(replace) {
  /* replace01..03 and replace-case-insensitive */
  LIT(call(SP_FN_REPLACE, 3, str("123"), str("[^a-z0-9]"), str("-")), "123", NULL);
  LANGLIT(call(SP_FN_REPLACE, 3, lng("日本語", "ja"), str("[^a-z0-9]"), str("-")),
          "---", "ja");
  LANGLIT(call(SP_FN_REPLACE, 3, lng("English", "en"), str("[^a-z0-9]"), str("-")),
          "-nglish", "en");
  LANGLIT(call(SP_FN_REPLACE, 3, lng("Français", "fr"), str("[^a-z0-9]"), str("-")),
          "-ran-ais", "fr");
  LIT(call(SP_FN_REPLACE, 3, xstr("abc"), str("[^a-z0-9]"), str("-")), "abc",
      X(string));
  ERR(call(SP_FN_REPLACE, 3, integer("7"), str("[^a-z0-9]"), str("-")));
  LIT(call(SP_FN_REPLACE, 3, str("banana"), str("ana"), str("*")), "b*na", NULL);
  LIT(call(SP_FN_REPLACE, 3, str("abcd"), str("(ab)|(a)"), str("[1=$1][2=$2]")),
      "[1=ab][2=]cd", NULL);
  LIT(call(SP_FN_REPLACE, 4, str("aAbBaC"), str("a"), str("~/"), str("i")),
      "~/~/bB~/C", NULL);
  /* XPath fn:replace examples */
  sp_val ab = str("abracadabra");
  LIT(call(SP_FN_REPLACE, 3, ab, str("bra"), str("*")), "a*cada*", NULL);
  LIT(call(SP_FN_REPLACE, 3, ab, str("a.*a"), str("*")), "*", NULL);
  LIT(call(SP_FN_REPLACE, 3, ab, str("a.*?a"), str("*")), "*c*bra", NULL);
  LIT(call(SP_FN_REPLACE, 3, ab, str("a"), str("")), "brcdbr", NULL);
  LIT(call(SP_FN_REPLACE, 3, ab, str("a(.)"), str("a$1$1")), "abbraccaddabbra",
      NULL);
  ERR(call(SP_FN_REPLACE, 3, ab, str(".*?"), str("$1")));
  LIT(call(SP_FN_REPLACE, 3, str("AAAA"), str("A+"), str("b")), "b", NULL);
  LIT(call(SP_FN_REPLACE, 3, str("AAAA"), str("A+?"), str("b")), "bbbb", NULL);
  LIT(call(SP_FN_REPLACE, 3, str("darted"), str("^(.*?)d(.*)$"), str("$1c$2")),
      "carted", NULL);
  /* $N takes the longest digit run that names a group; escapes */
  LIT(call(SP_FN_REPLACE, 3, str("ab"), str("(a)"), str("$10")), "a0b", NULL);
  LIT(call(SP_FN_REPLACE, 3, str("ab"), str("(a)"), str("$2x")), "xb", NULL);
  LIT(call(SP_FN_REPLACE, 3, str("ab"), str("a"), str("\\$\\\\")), "$\\b", NULL);
  LIT(call(SP_FN_REPLACE, 3, str("ab"), str("a"), str("$0$0")), "aab", NULL);
  ERR(call(SP_FN_REPLACE, 3, str("ab"), str("a"), str("$")));
  ERR(call(SP_FN_REPLACE, 3, str("ab"), str("a"), str("$x")));
  ERR(call(SP_FN_REPLACE, 3, str("ab"), str("a"), str("\\n")));
  /* q: pattern and replacement taken literally */
  LIT(call(SP_FN_REPLACE, 4, str("a.b.c"), str("."), str("$1"), str("q")),
      "a$1b$1c", NULL);
  LIT(call(SP_FN_REPLACE, 4, str("A.b.c"), str("a."), str("\\"), str("qi")),
      "\\b.c", NULL);
  TRUE(call(SP_FN_REGEX, 3, str("ÉCOLE"), str("é"), str("qi")));
  /* a pattern that matches "" is an error; one that merely can match
   * empty inside the text (\b) is not */
  ERR(call(SP_FN_REPLACE, 3, str("abc"), str("x*"), str("-")));
  ERR(call(SP_FN_REPLACE, 3, str("abc"), str("^"), str("-")));
  LIT(call(SP_FN_REPLACE, 3, str("ab cd"), str("\\b"), str("|")), "|ab| |cd|",
      NULL);
  LIT(call(SP_FN_REPLACE, 3, str("杭州 杭州"), str("\\b"), str("|")), "|杭州| |杭州|",
      NULL);
  LIT(call(SP_FN_REPLACE, 4, str("Hello World"), str("o"), str("0"), str("i")),
      "Hell0 W0rld", NULL);
  LIT(call(SP_FN_REPLACE, 3, str("杭州市"), str("州"), str("-")), "杭-市", NULL);
  ERR(call(SP_FN_REPLACE, 3, str("a"), str("a"), lng("b", "en")));
  ERR(call(SP_FN_REPLACE, 4, str("a"), str("a"), str("b"), str("z")));
}
END_TEST

/* --------------------------------------------------------- numbers */

START_TEST(numeric_functions) {
  /* abs01, ceil01, floor01, round01 over the numeric data */
  struct { sp_val v; const char *abs, *ceil, *floor, *round, *dt; } t[] = {
      {integer("-2"), "2", "-2", "-2", "-2", X(integer)},
      {integer("-1"), "1", "-1", "-1", "-1", X(integer)},
      {dec("-1.6"), "1.6", "-1.0", "-2.0", "-2.0", X(decimal)},
      {dec("1.1"), "1.1", "2.0", "1.0", "1.0", X(decimal)},
      {dec("2.5"), "2.5", "3.0", "2.0", "3.0", X(decimal)},
      {dec("-2.5"), "2.5", "-2.0", "-3.0", "-2.0", X(decimal)},
      {dec("2.4999"), "2.4999", "3.0", "2.0", "2.0", X(decimal)},
      {dbl("2.5"), "2.5E0", "3.0E0", "2.0E0", "3.0E0", X(double)},
      {dbl("-2.5"), "2.5E0", "-2.0E0", "-3.0E0", "-2.0E0", X(double)},
      {dbl("0.49999999999999994"), "4.9999999999999994E-1", "1.0E0", "0.0E0",
       "0.0E0", X(double)},
      {dbl("-0.4"), "4.0E-1", "-0.0E0", "-1.0E0", "-0.0E0", X(double)},
      {flt("-1.5"), "1.5E0", "-1.0E0", "-2.0E0", "-1.0E0", X(float)},
      {dbl("INF"), "INF", "INF", "INF", "INF", X(double)},
      {dbl("NaN"), "NaN", "NaN", "NaN", "NaN", X(double)},
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    int line = (int)(i * 10);
    check_lit(call(SP_FN_ABS, 1, t[i].v), t[i].abs, t[i].dt, NULL, line);
    check_lit(call(SP_FN_CEIL, 1, t[i].v), t[i].ceil, t[i].dt, NULL, line + 1);
    check_lit(call(SP_FN_FLOOR, 1, t[i].v), t[i].floor, t[i].dt, NULL, line + 2);
    check_lit(call(SP_FN_ROUND, 1, t[i].v), t[i].round, t[i].dt, NULL, line + 3);
  }
  LIT(call(SP_FN_ABS, 1, lit("-7", X(short))), "7", X(integer));
  LIT(call(SP_FN_ABS, 1, integer("-9223372036854775808")), "9223372036854775808",
      X(integer));
  ERR(call(SP_FN_ABS, 1, str("-1")));
  ERR(call(SP_FN_ROUND, 1, integer("x")));
  ERR(call(SP_FN_CEIL, 0));

  for (int i = 0; i < 100; i++) {
    sp_val r = call(SP_FN_RAND, 0);
    ck_assert_int_eq(r.type, SPV_DOUBLE);
    ck_assert(r.v.d >= 0 && r.v.d < 1);
  }
  sp_val r1 = call(SP_FN_RAND, 0), r2 = call(SP_FN_RAND, 0);
  ck_assert(r1.v.d != r2.v.d);
}
END_TEST

/* ------------------------------------------------------ date and time */

START_TEST(datetime_functions) {
  /* the date data of sparql11/functions/data.ttl */
  const char *d[] = {"2010-06-21T11:28:01Z", "2010-12-21T15:38:02-08:00",
                     "2008-06-20T23:59:00Z", "2011-02-01T01:02:03"};
  const char *year[] = {"2010", "2010", "2008", "2011"};
  const char *month[] = {"6", "12", "6", "2"};
  const char *day[] = {"21", "21", "20", "1"};
  const char *hours[] = {"11", "15", "23", "1"};
  const char *minutes[] = {"28", "38", "59", "2"};
  const char *seconds[] = {"1.0", "2.0", "0.0", "3.0"};
  const char *tz[] = {"Z", "-08:00", "Z", ""};
  const char *timezone[] = {"PT0S", "-PT8H", "PT0S", NULL};
  for (int i = 0; i < 4; i++) {
    sp_val v = lit(d[i], X(dateTime));
    check_lit(call(SP_FN_YEAR, 1, v), year[i], X(integer), NULL, i);
    check_lit(call(SP_FN_MONTH, 1, v), month[i], X(integer), NULL, i);
    check_lit(call(SP_FN_DAY, 1, v), day[i], X(integer), NULL, i);
    check_lit(call(SP_FN_HOURS, 1, v), hours[i], X(integer), NULL, i);
    check_lit(call(SP_FN_MINUTES, 1, v), minutes[i], X(integer), NULL, i);
    check_lit(call(SP_FN_SECONDS, 1, v), seconds[i], X(decimal), NULL, i);
    check_lit(call(SP_FN_TZ, 1, v), tz[i], NULL, NULL, i);
    if (timezone[i])
      check_lit(call(SP_FN_TIMEZONE, 1, v), timezone[i], X(dayTimeDuration), NULL, i);
    else
      ERR(call(SP_FN_TIMEZONE, 1, v));
  }
  LIT(call(SP_FN_SECONDS, 1, lit("2011-01-10T14:45:13.815-05:00", X(dateTime))),
      "13.815", X(decimal));
  LIT(call(SP_FN_TIMEZONE, 1, lit("2011-01-10T14:45:13.815+05:30", X(dateTime))),
      "PT5H30M", X(dayTimeDuration));
  LIT(call(SP_FN_TZ, 1, lit("2011-01-10T14:45:13.815+05:30", X(dateTime))),
      "+05:30", NULL);
  LIT(call(SP_FN_YEAR, 1, lit("-0044-03-15", X(date))), "-44", X(integer));
  LIT(call(SP_FN_HOURS, 1, lit("13:20:00Z", X(time))), "13", X(integer));
  ERR(call(SP_FN_HOURS, 1, lit("2001-01-01", X(date))));
  ERR(call(SP_FN_YEAR, 1, str("2010-06-21T11:28:01Z")));
  ERR(call(SP_FN_YEAR, 1, lit("2010-06-21Tx", X(dateTime))));
  ERR(call(SP_FN_TZ, 1, integer("1")));

  /* NOW: the query's fixed instant in the local zone */
  C.now_sec = 1700000000; /* 2023-11-14T22:13:20Z */
  C.now_usec = 250000;
  C.now_tz_minutes = 480;
  sp_val n1 = call(SP_FN_NOW, 0);
  LIT(n1, "2023-11-15T06:13:20.25+08:00", X(dateTime));
  sp_val n2 = call(SP_FN_NOW, 0);
  ck_assert_int_eq(sp_val_equal(&n1, &n2), 1);
  sp_val utc = lit("2023-11-14T22:13:20.25Z", X(dateTime));
  ck_assert_int_eq(sp_val_equal(&n1, &utc), 1);
  C.now_sec = -1;
  C.now_usec = 0;
  C.now_tz_minutes = 0;
  LIT(call(SP_FN_NOW, 0), "1969-12-31T23:59:59Z", X(dateTime));
}
END_TEST

/* ---------------------------------------------------------- hashes */

START_TEST(hashes) {
  LIT(call(SP_FN_MD5, 1, str("foo")), "acbd18db4cc2f85cedef654fccc4a4d8", NULL);
  LIT(call(SP_FN_MD5, 1, str("食べ物")), "e7ada485d13b1decf628c9211bc3a97b", NULL);
  LIT(call(SP_FN_SHA1, 1, str("foo")), "0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33",
      NULL);
  LIT(call(SP_FN_SHA1, 1, str("食")), "d46696735b6a09ff407bfc1a9407e008840db9c9",
      NULL);
  LIT(call(SP_FN_SHA256, 1, str("食")),
      "0fbe868d1df356ca9df7ebff346da3a56280e059a7ea81186ef885b140d254ee", NULL);
  LIT(call(SP_FN_SHA256, 1, xstr("abc")),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", NULL);
  LIT(call(SP_FN_SHA384, 1, str("abc")),
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
      "8086072ba1e7cc2358baeca134c825a7",
      NULL);
  LIT(call(SP_FN_SHA512, 1, str("foo")),
      "f7fbba6e0636f890e56fbbf3283e524c6fa3204ae298382d624741d0dc663832"
      "6e282c41be5e4254d8820772c5518a2c5a8c0c7f7eda19594a7eb539453e1ed7",
      NULL);
  LIT(call(SP_FN_MD5, 1, str("")), "d41d8cd98f00b204e9800998ecf8427e", NULL);
  ERR(call(SP_FN_MD5, 1, lng("foo", "en")));
  ERR(call(SP_FN_SHA1, 1, integer("1")));
}
END_TEST

static void check_uuid(const char *s) {
  ck_assert_int_eq(strlen(s), 36);
  for (int i = 0; i < 36; i++) {
    if (i == 8 || i == 13 || i == 18 || i == 23)
      ck_assert_int_eq(s[i], '-');
    else
      ck_assert(strchr("0123456789abcdef", s[i]) && s[i]);
  }
  ck_assert_int_eq(s[14], '4');
  ck_assert(strchr("89ab", s[19]));
}

START_TEST(uuids) {
  sp_val u1 = call(SP_FN_UUID, 0), u2 = call(SP_FN_UUID, 0);
  ck_assert_int_eq(u1.type, SPV_IRI);
  const char *s = lexof(&u1);
  ck_assert(strncmp(s, "urn:uuid:", 9) == 0);
  check_uuid(s + 9);
  ck_assert_int_eq(sp_val_same_term(&u1, &u2), 0);
  sp_val s1 = call(SP_FN_STRUUID, 0), s2 = call(SP_FN_STRUUID, 0);
  ck_assert_int_eq(s1.type, SPV_STRING);
  ck_assert_ptr_null(s1.dt);
  check_uuid(lexof(&s1));
  ck_assert_int_eq(sp_val_same_term(&s1, &s2), 0);
}
END_TEST

/* ---------------------------------------------------------- dispatch */

START_TEST(dispatch) {
  ERR(call(SP_FN_BOUND, 1, integer("1")));
  ERR(call(SP_FN_IF, 3, integer("1"), integer("1"), integer("1")));
  ERR(call(SP_FN_COALESCE, 1, integer("1")));
  ERR(sp_call_builtin(&C, (sp_builtin)0, NULL, 0));
  ERR(sp_call_builtin(&C, SP_FN__COUNT, NULL, 0));
  ERR(call(SP_FN_STRLEN, 2, str("a"), str("b")));
  ERR(call(SP_FN_REGEX, 1, str("a")));
  ERR(call(SP_FN_REPLACE, 2, str("a"), str("b")));
  /* an error argument gives an error without a message of its own */
  strcpy(C.errmsg, "from the argument");
  ERR(call(SP_FN_UCASE, 1, sp_val_error()));
  ck_assert_str_eq(C.errmsg, "from the argument");
}
END_TEST

static Suite *func_suite(void) {
  Suite *s = suite_create("func");
  TCase *t = tcase_create("builtins");
  tcase_add_checked_fixture(t, fctx_setup, fctx_teardown);
  tcase_add_test(t, term_functions);
  tcase_add_test(t, langmatches);
  tcase_add_test(t, iri_resolution);
  tcase_add_test(t, bnode_function);
  tcase_add_test(t, strlang_strdt);
  tcase_add_test(t, strlen_substr);
  tcase_add_test(t, case_mapping);
  tcase_add_test(t, encode_for_uri);
  tcase_add_test(t, string_tests);
  tcase_add_test(t, strbefore_strafter);
  tcase_add_test(t, concat);
  tcase_add_test(t, regex);
  tcase_add_test(t, replace);
  tcase_add_test(t, numeric_functions);
  tcase_add_test(t, datetime_functions);
  tcase_add_test(t, hashes);
  tcase_add_test(t, uuids);
  tcase_add_test(t, dispatch);
  suite_add_tcase(s, t);
  return s;
}

KG_TEST_MAIN(func_suite)
