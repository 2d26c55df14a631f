/* test_results.c - result-set writers (through a fake row source) and the SPARQL results reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/results.h"
#include "results/results_read.h"
#include "testutil.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

/* ------------------------------------------------------- fake row source */

typedef struct fake {
  size_t ncols, nrows, row;
  const char *const *cols;
  const kg_term *cells;
  size_t fail_at;   /* next() fails when asked for this row (1-based) */
  FILE *out;        /* to check that earlier rows were written already */
  char **buf;
  int streamed;     /* row 1 was in the output before row 2 was asked for */
} fake;

static const char *f_column(void *c, size_t i) { return ((fake *)c)->cols[i]; }

static int f_next(void *c, kg_error *err) {
  fake *f = c;
  if (f->fail_at && f->row + 1 == f->fail_at) {
    memset(err, 0, sizeof *err);
    err->status = KG_ERR_EVAL;
    snprintf(err->message, sizeof err->message, "boom");
    return -1;
  }
  if (f->row == 1 && f->out) {
    fflush(f->out);
    f->streamed = *f->buf && strstr(*f->buf, "ROW-ONE") != NULL;
  }
  if (f->row >= f->nrows) return 0;
  f->row++;
  return 1;
}

static const kg_term *f_value(void *c, size_t i) {
  fake *f = c;
  return &f->cells[(f->row - 1) * f->ncols + i];
}

static kg_term iri(const char *v) { return (kg_term){KG_TERM_IRI, v, strlen(v), NULL, NULL}; }
static kg_term blank(const char *v) { return (kg_term){KG_TERM_BLANK, v, strlen(v), NULL, NULL}; }
static kg_term lit(const char *v, const char *dt, const char *lang) {
  return (kg_term){KG_TERM_LITERAL, v, strlen(v), dt, lang};
}
static const kg_term none = {0};

static const char *const cols3[] = {"x", "y", "z"};

/* Every term kind, Chinese text, escapes, an unbound value. */
static kg_term sample[12];
static void init_sample(void) {
  kg_term s[] = {
    iri("http://example.org/a"), lit("hello", NULL, "en"), blank("b0"),
    lit("3", XSD "integer", NULL), lit("杭州 West Lake", NULL, NULL), none,
    lit("q\"uote, back\\slash\nnew\ttab\x01", NULL, NULL), iri("http://example.org/ü?a=1&b=<2>"),
    lit("1.5", XSD "decimal", NULL),
    lit("x|y", XSD "string", NULL), lit("-2.5E3", XSD "double", NULL), lit("ROW-FOUR", "http://example.org/dt", NULL),
  };
  memcpy(sample, s, sizeof s);
}

/* Writes `cells` (nrows x ncols) in `format` into a new string. */
static char *write_rows(const char *format, const char *const *cols, size_t ncols,
                        const kg_term *cells, size_t nrows, kg_status *st, kg_error *err) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  fake f = {ncols, nrows, 0, cols, cells, 0, NULL, NULL, 0};
  kg_rowsrc src = {&f, 0, 0, ncols, f_column, f_next, f_value};
  *st = kg_rows_write(&src, format, out, err);
  fclose(out);
  return buf;
}

static char *write_bool(const char *format, int value) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  kg_rowsrc src = {NULL, 1, value, 0, NULL, NULL, NULL};
  kg_error err;
  ck_assert_int_eq(kg_rows_write(&src, format, out, &err), KG_OK);
  fclose(out);
  return buf;
}

static sp_table *parse_ok(const char *doc, const char *format) {
  sp_table *t = NULL;
  kg_error err = {0};
  kg_status st = sp_table_parse(doc, strlen(doc), format, &t, &err);
  ck_assert_msg(st == KG_OK, "parse failed: %ld:%ld: %s", err.line, err.column, err.message);
  return t;
}

static kg_error parse_bad(const char *doc, const char *format, kg_status want) {
  sp_table *t = NULL;
  kg_error err = {0};
  kg_status st = sp_table_parse(doc, strlen(doc), format, &t, &err);
  ck_assert_int_eq(st, want);
  ck_assert_ptr_null(t);
  ck_assert_int_eq(err.status, want);
  ck_assert(err.message[0] != '\0');
  return err;
}

static void assert_term(const kg_term *got, const kg_term *want) {
  ck_assert_int_eq(got->kind, want->kind);
  if (want->kind == KG_TERM_NONE) return;
  ck_assert_uint_eq(got->len, want->len);
  ck_assert(memcmp(got->value, want->value, want->len) == 0);
  ck_assert_str_eq(got->lang ? got->lang : "", want->lang ? want->lang : "");
  ck_assert_str_eq(got->datatype ? got->datatype : "", want->datatype ? want->datatype : "");
}

/* ---------------------------------------------------------------- writers */

START_TEST(test_json_terms) {
  init_sample();
  kg_status st;
  kg_error err;
  char *s = write_rows("json", cols3, 3, sample, 4, &st, &err);
  ck_assert_int_eq(st, KG_OK);
  ck_assert_ptr_nonnull(strstr(s, "\"vars\": [ \"x\", \"y\", \"z\" ]"));
  ck_assert_ptr_nonnull(strstr(s, "{ \"type\": \"uri\", \"value\": \"http://example.org/a\" }"));
  ck_assert_ptr_nonnull(strstr(s, "{ \"type\": \"literal\", \"value\": \"hello\", \"xml:lang\": \"en\" }"));
  ck_assert_ptr_nonnull(strstr(s, "{ \"type\": \"bnode\", \"value\": \"b0\" }"));
  ck_assert_ptr_nonnull(strstr(s, "\"datatype\": \"" XSD "integer\""));
  ck_assert_ptr_nonnull(strstr(s, "\"杭州 West Lake\""));
  ck_assert_ptr_nonnull(strstr(s, "\"q\\\"uote, back\\\\slash\\nnew\\ttab\\u0001\""));
  /* The unbound ?z of row 2 is left out: "z" is bound in rows 1, 3, 4. */
  size_t nz = 0;
  for (const char *p = s; (p = strstr(p, "\"z\": ")); p++) nz++;
  ck_assert_uint_eq(nz, 3);
  free(s);
}
END_TEST

START_TEST(test_json_invalid_utf8) {
  kg_term cells[] = {lit("ok\xff\xfe end \xe6\x9d", NULL, NULL)};
  const char *cols[] = {"v"};
  kg_status st;
  kg_error err;
  char *s = write_rows("json", cols, 1, cells, 1, &st, &err);
  ck_assert_int_eq(st, KG_OK);
  ck_assert_ptr_nonnull(strstr(s, "\"ok\xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD"));
  sp_table *t = parse_ok(s, "json");  /* and jansson accepts it */
  sp_table_free(t);
  free(s);
}
END_TEST

START_TEST(test_xml_escapes) {
  init_sample();
  kg_status st;
  kg_error err;
  char *s = write_rows("xml", cols3, 3, sample, 4, &st, &err);
  ck_assert_int_eq(st, KG_OK);
  ck_assert_ptr_nonnull(strstr(s, "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"));
  ck_assert_ptr_nonnull(strstr(s, "<variable name=\"x\"/>"));
  ck_assert_ptr_nonnull(strstr(s, "<binding name=\"y\"><literal xml:lang=\"en\">hello</literal></binding>"));
  ck_assert_ptr_nonnull(strstr(s, "<bnode>b0</bnode>"));
  ck_assert_ptr_nonnull(strstr(s, "<uri>http://example.org/ü?a=1&amp;b=&lt;2&gt;</uri>"));
  /* U+0001 cannot appear in XML 1.0 at all: it becomes U+FFFD. */
  ck_assert_ptr_nonnull(strstr(s, "new\ttab\xEF\xBF\xBD</literal>"));
  free(s);
}
END_TEST

START_TEST(test_csv_exact) {
  init_sample();
  kg_status st;
  kg_error err;
  char *s = write_rows("csv", cols3, 3, sample, 4, &st, &err);
  ck_assert_int_eq(st, KG_OK);
  ck_assert_str_eq(s,
                   "x,y,z\r\n"
                   "http://example.org/a,hello,_:b0\r\n"
                   "3,杭州 West Lake,\r\n"
                   "\"q\"\"uote, back\\slash\nnew\ttab\x01\",http://example.org/ü?a=1&b=<2>,1.5\r\n"
                   "x|y,-2.5E3,ROW-FOUR\r\n");
  free(s);
}
END_TEST

START_TEST(test_tsv_exact) {
  init_sample();
  kg_status st;
  kg_error err;
  char *s = write_rows("tsv", cols3, 3, sample, 4, &st, &err);
  ck_assert_int_eq(st, KG_OK);
  ck_assert_str_eq(s,
                   "?x\t?y\t?z\n"
                   "<http://example.org/a>\t\"hello\"@en\t_:b0\n"
                   "3\t\"杭州 West Lake\"\t\n"
                   "\"q\\\"uote, back\\\\slash\\nnew\\ttab\\u0001\"\t<http://example.org/ü?a=1&b=\\u003C2\\u003E>\t1.5\n"
                   "\"x|y\"^^<" XSD "string>\t-2.5E3\t\"ROW-FOUR\"^^<http://example.org/dt>\n");
  free(s);
}
END_TEST

START_TEST(test_tsv_short_numbers) {
  /* Only lexical forms that Turtle reads back as the same literal. */
  kg_term cells[] = {
    lit("-12", XSD "integer", NULL), lit("+0.5", XSD "decimal", NULL), lit("1e6", XSD "double", NULL),
    lit("1.", XSD "decimal", NULL), lit("1.0", XSD "double", NULL), lit("INF", XSD "double", NULL),
    lit("12", XSD "int", NULL), lit(" 1", XSD "integer", NULL), lit(".5E-2", XSD "double", NULL),
  };
  const char *cols[] = {"a", "b", "c"};
  kg_status st;
  kg_error err;
  char *s = write_rows("tsv", cols, 3, cells, 3, &st, &err);
  ck_assert_str_eq(s, "?a\t?b\t?c\n"
                      "-12\t+0.5\t1e6\n"
                      "\"1.\"^^<" XSD "decimal>\t\"1.0\"^^<" XSD "double>\t\"INF\"^^<" XSD "double>\n"
                      "\"12\"^^<" XSD "int>\t\" 1\"^^<" XSD "integer>\t.5E-2\n");
  free(s);
}
END_TEST

START_TEST(test_markdown_exact) {
  init_sample();
  kg_status st;
  kg_error err;
  char *s = write_rows("markdown", cols3, 3, sample + 6, 2, &st, &err);
  ck_assert_int_eq(st, KG_OK);
  ck_assert_str_eq(s,
                   "| x | y | z |\n"
                   "| --- | --- | --- |\n"
                   "| \"q\\\"uote, back\\\\slash\\nnew\\ttab\\u0001\" | <http://example.org/ü?a=1&b=\\u003C2\\u003E> | 1.5 |\n"
                   "| \"x\\|y\"^^<" XSD "string> | -2.5E3 | \"ROW-FOUR\"^^<http://example.org/dt> |\n");
  free(s);
}
END_TEST

START_TEST(test_booleans) {
  static const struct { const char *format, *want; } cases[] = {
    {"json", "\"boolean\": true"},
    {"xml", "<boolean>true</boolean>"},
    {"csv", "_askResult\r\ntrue\r\n"},
    {"tsv", "?_askResult\ntrue\n"},
    {"markdown", "| boolean |\n| --- |\n| true |\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *s = write_bool(cases[i].format, 1);
    ck_assert_msg(strstr(s, cases[i].want) != NULL, "%s: %s", cases[i].format, s);
    /* Every format but markdown reads back as the same answer. */
    if (strcmp(cases[i].format, "markdown") != 0) {
      sp_table *t = parse_ok(s, NULL);
      ck_assert_int_eq(t->is_boolean, 1);
      ck_assert_int_eq(t->boolean, 1);
      sp_table_free(t);
    }
    free(s);
    s = write_bool(cases[i].format, 0);
    ck_assert_ptr_nonnull(strstr(s, "false"));
    free(s);
  }
}
END_TEST

START_TEST(test_round_trip) {
  init_sample();
  static const char *const formats[] = {"json", "xml", "tsv"};
  for (size_t k = 0; k < 3; k++) {
    kg_status st;
    kg_error err;
    char *s = write_rows(formats[k], cols3, 3, sample, 4, &st, &err);
    sp_table *t = parse_ok(s, formats[k]);
    ck_assert_uint_eq(t->ncols, 3);
    ck_assert_uint_eq(t->nrows, 4);
    ck_assert_str_eq(t->cols[2], "z");
    for (size_t i = 0; i < 12; i++) {
      kg_term want = sample[i];
      if (i == 6 && k == 1) want = lit("q\"uote, back\\slash\nnew\ttab\xEF\xBF\xBD", NULL, NULL);
      assert_term(sp_table_cell(t, i / 3, i % 3), &want);
    }
    sp_table_free(t);
    free(s);
  }
}
END_TEST

START_TEST(test_streaming) {
  const char *cols[] = {"v"};
  kg_term cells[] = {lit("ROW-ONE", NULL, NULL), lit("ROW-TWO", NULL, NULL)};
  static const char *const formats[] = {"json", "xml", "csv", "tsv", "markdown"};
  for (size_t k = 0; k < 5; k++) {
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    fake f = {1, 2, 0, cols, cells, 0, out, &buf, 0};
    kg_rowsrc src = {&f, 0, 0, 1, f_column, f_next, f_value};
    kg_error err;
    ck_assert_int_eq(kg_rows_write(&src, formats[k], out, &err), KG_OK);
    fclose(out);
    ck_assert_msg(f.streamed, "%s: row 1 not written before row 2 was read", formats[k]);
    free(buf);
  }
}
END_TEST

START_TEST(test_format_table) {
  /* every name and alias that -F, .format, kg_result_write and kg_export
   * took before there was one table */
  static const struct {
    const char *name, *is;
  } names[] = {
    {"csv", "csv"}, {"tsv", "tsv"}, {"json", "json"}, {"rdfjson", "json"},
    {"rdf/json", "json"}, {"rj", "json"}, {"xml", "xml"},
    {"markdown", "markdown"}, {"md", "markdown"}, {"turtle", "turtle"},
    {"TTL", "turtle"}, {"ntriples", "ntriples"}, {"nt", "ntriples"},
    {"n-triples", "ntriples"}, {"nquads", "nquads"}, {"nq", "nquads"},
    {"n-quads", "nquads"}, {"trig", "trig"}, {"rdfxml", "rdfxml"},
    {"rdf/xml", "rdfxml"}, {"rdf", "rdfxml"}, {"dot", "dot"},
    {"graphviz", "dot"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const kg_format *f = kg_format_find(names[i].name);
    ck_assert_msg(f != NULL, "%s unknown", names[i].name);
    ck_assert_str_eq(f->name, names[i].is);
  }
  ck_assert_ptr_null(kg_format_find("yaml"));
  ck_assert_ptr_null(kg_format_find("table"));
  ck_assert_ptr_null(kg_format_find(NULL));
  ck_assert_ptr_null(kg_format_at(kg_format_count()));
  /* what a row says it writes is what it has a writer for */
  for (size_t i = 0; i < kg_format_count(); i++) {
    const kg_format *f = kg_format_at(i);
    const kg_format_def *d = kg_format_lookup(f->name);
    ck_assert_ptr_eq(&d->pub, f);
    ck_assert_int_eq(!!(f->writes & KG_FORMAT_BINDINGS), d->rows != NULL);
    ck_assert_int_eq(!!(f->writes & KG_FORMAT_GRAPHS),
                     d->syntax != RDF_NONE || d->draw != NULL);
    ck_assert_int_eq(kg_export_format_known(f->name), d->syntax != RDF_NONE);
  }
}
END_TEST

START_TEST(test_write_errors) {
  kg_status st;
  kg_error err;
  char *s = write_rows("yaml", cols3, 3, NULL, 0, &st, &err);
  ck_assert_int_eq(st, KG_ERR_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(err.message, "'yaml'"));
  free(s);
  ck_assert_ptr_nonnull(kg_results_format_find("JSON"));
  ck_assert_ptr_null(kg_results_format_find(NULL));

  /* The source's own error comes back as it is. */
  const char *cols[] = {"v"};
  kg_term cells[] = {lit("a", NULL, NULL), lit("b", NULL, NULL)};
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  fake f = {1, 2, 0, cols, cells, 2, NULL, NULL, 0};
  kg_rowsrc src = {&f, 0, 0, 1, f_column, f_next, f_value};
  ck_assert_int_eq(kg_rows_write(&src, "json", out, &err), KG_ERR_EVAL);
  ck_assert_str_eq(err.message, "boom");
  fclose(out);
  free(buf);

  /* A full disk is an I/O error. */
  FILE *full = fopen("/dev/full", "w");
  if (full) {
    f = (fake){1, 2, 0, cols, cells, 0, NULL, NULL, 0};
    ck_assert_int_eq(kg_rows_write(&src, "csv", full, &err), KG_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "writing results failed"));
    fclose(full);
  }
}
END_TEST

/* ---------------------------------------------------------------- readers */

START_TEST(test_read_json) {
  const char *doc =
      "{ \"head\": { \"vars\": [\"s\", \"lit\", \"b\", \"none\"], \"link\": [\"x\"] },\n"
      "  \"results\": { \"bindings\": [\n"
      "    { \"s\": { \"type\": \"uri\", \"value\": \"http://example.org/\\u00e9\" },\n"
      "      \"lit\": { \"type\": \"literal\", \"value\": \"西湖\\n\\ud83d\\ude00\", \"xml:lang\": \"ZH-Hans\" },\n"
      "      \"b\": { \"type\": \"bnode\", \"value\": \"r1\" } },\n"
      "    { \"lit\": { \"type\": \"typed-literal\", \"value\": \"7\", \"datatype\": \"" XSD "integer\" } },\n"
      "    { \"lit\": { \"type\": \"literal\", \"value\": \"a\\u0000b\" } }\n"
      "  ] } }";
  sp_table *t = parse_ok(doc, "application/sparql-results+json; charset=utf-8");
  ck_assert_uint_eq(t->ncols, 4);
  ck_assert_uint_eq(t->nrows, 3);
  kg_term e0 = iri("http://example.org/\xC3\xA9");
  assert_term(sp_table_cell(t, 0, 0), &e0);
  kg_term e1 = lit("西湖\n\xF0\x9F\x98\x80", NULL, "zh-hans");
  assert_term(sp_table_cell(t, 0, 1), &e1);
  kg_term e2 = blank("r1");
  assert_term(sp_table_cell(t, 0, 2), &e2);
  assert_term(sp_table_cell(t, 0, 3), &none);
  assert_term(sp_table_cell(t, 1, 0), &none);
  kg_term e3 = lit("7", XSD "integer", NULL);
  assert_term(sp_table_cell(t, 1, 1), &e3);
  ck_assert_uint_eq(sp_table_cell(t, 2, 1)->len, 3);  /* embedded NUL kept */
  sp_table_free(t);

  t = parse_ok("{\"head\":{},\"boolean\":false}", "json");
  ck_assert(t->is_boolean && !t->boolean);
  sp_table_free(t);
}
END_TEST

START_TEST(test_read_json_bad) {
  kg_error e = parse_bad("{ \"head\": {\n  \"vars\": [\"a\" }", "json", KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 2);
  ck_assert_int_gt(e.column, 0);
  ck_assert_str_eq(e.file, "<results>");
  e = parse_bad("{\"head\":{\"vars\":[\"a\"]},\"results\":{\"bindings\":[{\"a\":{\"value\":\"x\"}}]}}",
                "json", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "results.bindings[0].a: missing \"type\""));
  e = parse_bad("{\"head\":{\"vars\":[\"a\"]},\"results\":{\"bindings\":[{\"a\":{\"type\":\"triple\",\"value\":\"x\"}}]}}",
                "json", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "unknown type \"triple\""));
  e = parse_bad("{\"head\":{\"vars\":[\"a\"]},\"results\":{\"bindings\":[{\"b\":{\"type\":\"uri\",\"value\":\"x\"}}]}}",
                "json", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "not listed in head.vars"));
  parse_bad("{\"head\":{},\"boolean\":\"yes\"}", "json", KG_ERR_SYNTAX);
  parse_bad("[1, 2]", "json", KG_ERR_SYNTAX);
  parse_bad("{\"head\":{\"vars\":[\"a\",\"a\"]},\"results\":{\"bindings\":[]}}", "json", KG_ERR_SYNTAX);
}
END_TEST

START_TEST(test_read_xml) {
  const char *doc =
      "<?xml version=\"1.0\"?>\n"
      "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
      " <head><variable name=\"s\"/><variable name=\"o\"/><link href=\"x\"/></head>\n"
      " <results>\n"
      "  <result><binding name=\"s\"><bnode> r2 </bnode></binding>\n"
      "    <binding name=\"o\"><literal xml:lang=\"EN\">A &amp; B &lt;c&gt; 杭州&#xD;</literal></binding></result>\n"
      "  <result><binding name=\"o\"><literal datatype=\"" XSD "decimal\"><![CDATA[1.0<]]></literal></binding></result>\n"
      "  <result><binding name=\"s\"><uri>http://example.org/s</uri></binding></result>\n"
      " </results>\n"
      "</sparql>\n";
  sp_table *t = parse_ok(doc, "xml");
  ck_assert_uint_eq(t->nrows, 3);
  kg_term b = blank("r2"), l = lit("A & B <c> 杭州\r", NULL, "en"), d = lit("1.0<", XSD "decimal", NULL);
  kg_term s = iri("http://example.org/s");
  assert_term(sp_table_cell(t, 0, 0), &b);
  assert_term(sp_table_cell(t, 0, 1), &l);
  assert_term(sp_table_cell(t, 1, 0), &none);
  assert_term(sp_table_cell(t, 1, 1), &d);
  assert_term(sp_table_cell(t, 2, 0), &s);
  sp_table_free(t);

  t = parse_ok("<sparql xmlns='http://www.w3.org/2005/sparql-results#'><head/>"
               "<boolean> true </boolean></sparql>", "application/sparql-results+xml");
  ck_assert(t->is_boolean && t->boolean);
  sp_table_free(t);
}
END_TEST

START_TEST(test_read_xml_bad) {
  kg_error e = parse_bad("<sparql>\n<head>\n</sparql>", "xml", KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 3);
  e = parse_bad("<rdf/>", "xml", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "not <sparql>"));
  e = parse_bad("<sparql><head><variable name='a'/></head><results>\n<result>\n"
                "<binding name='b'><uri>x</uri></binding></result></results></sparql>", "xml",
                KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "'b' not declared"));
  ck_assert_int_eq(e.line, 3);
  e = parse_bad("<sparql><head><variable name='a'/></head><results><result>"
                "<binding name='a'><triple/></binding></result></results></sparql>", "xml",
                KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "<triple>"));
  parse_bad("<sparql><head/><boolean>maybe</boolean></sparql>", "xml", KG_ERR_SYNTAX);
  parse_bad("<sparql><head/></sparql>", "xml", KG_ERR_SYNTAX);
}
END_TEST

START_TEST(test_read_csv) {
  const char *doc = "a,b,c\r\n"
                    "http://example.org/x,\"say \"\"hi\"\", ok\",_:b1\r\n"
                    ",\"\",\"two\nlines\"\n"
                    "杭州,3.5,\n";
  sp_table *t = parse_ok(doc, "text/csv");
  ck_assert_uint_eq(t->ncols, 3);
  ck_assert_uint_eq(t->nrows, 3);
  kg_term v0 = lit("http://example.org/x", NULL, NULL), v1 = lit("say \"hi\", ok", NULL, NULL);
  kg_term v2 = blank("b1"), v4 = lit("", NULL, NULL), v5 = lit("two\nlines", NULL, NULL);
  kg_term v6 = lit("杭州", NULL, NULL);
  assert_term(sp_table_cell(t, 0, 0), &v0);
  assert_term(sp_table_cell(t, 0, 1), &v1);
  assert_term(sp_table_cell(t, 0, 2), &v2);
  assert_term(sp_table_cell(t, 1, 0), &none);  /* empty field: unbound */
  assert_term(sp_table_cell(t, 1, 1), &v4);    /* quoted "": empty string */
  assert_term(sp_table_cell(t, 1, 2), &v5);
  assert_term(sp_table_cell(t, 2, 0), &v6);
  assert_term(sp_table_cell(t, 2, 2), &none);
  sp_table_free(t);

  /* One column: an empty line is a row with nothing bound. */
  t = parse_ok("x\r\n\r\nv\r\n", "csv");
  ck_assert_uint_eq(t->nrows, 2);
  assert_term(sp_table_cell(t, 0, 0), &none);
  sp_table_free(t);
}
END_TEST

START_TEST(test_read_csv_bad) {
  kg_error e = parse_bad("a,b\r\n1,2\r\n1,2,3\r\n", "csv", KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 3);
  ck_assert_ptr_nonnull(strstr(e.message, "more fields"));
  e = parse_bad("a,b\n1\n", "csv", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "fewer fields"));
  e = parse_bad("a\n\"open\nstill open", "csv", KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 2);
  ck_assert_ptr_nonnull(strstr(e.message, "not closed"));
  e = parse_bad("a\n\"x\"y\n", "csv", KG_ERR_SYNTAX);
  ck_assert_int_eq(e.column, 4);
  e = parse_bad("a\n杭\xff\n", "csv", KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 2);
  ck_assert_int_eq(e.column, 2);
  ck_assert_ptr_nonnull(strstr(e.message, "UTF-8"));
}
END_TEST

START_TEST(test_read_tsv) {
  const char *doc =
      "?s\t?o\t?n\n"
      "<http://example.org/\\u00E9>\t\"tab\\there \\\"q\\\" \\U0001F600\"@zh-Hant\t-42\n"
      "_:b0\t\"x\"^^<http://example.org/dt>\t4.25\n"
      "\t'single'\t1.0e6\n"
      "<http://example.org/s>\ttrue\t.5E1\n";
  sp_table *t = parse_ok(doc, "text/tab-separated-values");
  ck_assert_uint_eq(t->nrows, 4);
  kg_term a = iri("http://example.org/\xC3\xA9"), b = lit("tab\there \"q\" \xF0\x9F\x98\x80", NULL, "zh-hant");
  kg_term c = lit("-42", XSD "integer", NULL), d = blank("b0"), e = lit("x", "http://example.org/dt", NULL);
  kg_term f = lit("4.25", XSD "decimal", NULL), g = lit("single", NULL, NULL), h = lit("1.0e6", XSD "double", NULL);
  kg_term i = lit("true", XSD "boolean", NULL), j = lit(".5E1", XSD "double", NULL);
  assert_term(sp_table_cell(t, 0, 0), &a);
  assert_term(sp_table_cell(t, 0, 1), &b);
  assert_term(sp_table_cell(t, 0, 2), &c);
  assert_term(sp_table_cell(t, 1, 0), &d);
  assert_term(sp_table_cell(t, 1, 1), &e);
  assert_term(sp_table_cell(t, 1, 2), &f);
  assert_term(sp_table_cell(t, 2, 0), &none);
  assert_term(sp_table_cell(t, 2, 1), &g);
  assert_term(sp_table_cell(t, 2, 2), &h);
  assert_term(sp_table_cell(t, 3, 1), &i);
  assert_term(sp_table_cell(t, 3, 2), &j);
  sp_table_free(t);
}
END_TEST

START_TEST(test_read_tsv_bad) {
  kg_error e = parse_bad("?a\n\"bad \\q escape\"\n", "tsv", KG_ERR_SYNTAX);
  ck_assert_int_eq(e.line, 2);
  ck_assert_int_eq(e.column, 6);
  e = parse_bad("?a\n1.2.3\n", "tsv", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "text after a term"));
  e = parse_bad("a\tb\n", "tsv", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "start with '?'"));
  e = parse_bad("?a\t?b\n<x>\n", "tsv", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "fewer fields"));
  e = parse_bad("?a\nfoo:bar\n", "tsv", KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(e.message, "expected an RDF term"));
  parse_bad("?a\n\"\\uD800\"\n", "tsv", KG_ERR_SYNTAX);
  parse_bad("?a\n<no end\n", "tsv", KG_ERR_SYNTAX);
}
END_TEST

START_TEST(test_sniff_and_names) {
  sp_table *t = parse_ok("\xEF\xBB\xBF  {\"head\":{\"vars\":[]},\"results\":{\"bindings\":[{}]}}", NULL);
  ck_assert_uint_eq(t->nrows, 1);
  ck_assert_uint_eq(t->ncols, 0);
  sp_table_free(t);
  t = parse_ok("\n<sparql><head/><boolean>false</boolean></sparql>", "");
  ck_assert(t->is_boolean);
  sp_table_free(t);
  t = parse_ok("?x\n<a>\n", NULL);
  ck_assert_int_eq(sp_table_cell(t, 0, 0)->kind, KG_TERM_IRI);
  sp_table_free(t);
  t = parse_ok("x\n<a>\n", NULL);
  ck_assert_int_eq(sp_table_cell(t, 0, 0)->kind, KG_TERM_LITERAL);
  sp_table_free(t);
  kg_error e = parse_bad("x", "text/html", KG_ERR_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(e.message, "text/html"));
  parse_bad(" \n ", NULL, KG_ERR_SYNTAX);
  parse_bad("", "csv", KG_ERR_SYNTAX);
  parse_bad("\xEF\xBB\xBF", "tsv", KG_ERR_SYNTAX);
}
END_TEST

START_TEST(test_table_building) {
  sp_table *t = sp_table_new();
  ck_assert_int_eq(sp_table_add_column(t, "a", 1), 0);
  ck_assert_int_eq(sp_table_add_column(t, "bee", 3), 1);
  ck_assert_int_eq(sp_table_column(t, "bee", 3), 1);
  ck_assert_int_eq(sp_table_column(t, "be", 2), -1);
  for (int i = 0; i < 100; i++) {
    kg_term *row = sp_table_add_row(t);
    char buf[16];
    snprintf(buf, sizeof buf, "v%d", i);
    kg_term v = lit(buf, NULL, "EN-GB");
    ck_assert_int_eq(sp_table_set(t, &row[1], &v), 0);
  }
  ck_assert_int_eq(sp_table_add_column(t, "late", 4), -1);
  ck_assert_uint_eq(t->nrows, 100);
  ck_assert_str_eq(sp_table_cell(t, 99, 1)->value, "v99");
  ck_assert_str_eq(sp_table_cell(t, 99, 1)->lang, "en-gb");
  ck_assert_int_eq(sp_table_cell(t, 50, 0)->kind, KG_TERM_NONE);
  sp_table_free(t);
  sp_table_free(NULL);
}
END_TEST

static Suite *results_suite(void) {
  Suite *s = suite_create("results");
  TCase *w = tcase_create("writers");
  tcase_add_test(w, test_json_terms);
  tcase_add_test(w, test_json_invalid_utf8);
  tcase_add_test(w, test_xml_escapes);
  tcase_add_test(w, test_csv_exact);
  tcase_add_test(w, test_tsv_exact);
  tcase_add_test(w, test_tsv_short_numbers);
  tcase_add_test(w, test_markdown_exact);
  tcase_add_test(w, test_booleans);
  tcase_add_test(w, test_round_trip);
  tcase_add_test(w, test_streaming);
  tcase_add_test(w, test_write_errors);
  tcase_add_test(w, test_format_table);
  suite_add_tcase(s, w);
  TCase *r = tcase_create("readers");
  tcase_add_test(r, test_read_json);
  tcase_add_test(r, test_read_json_bad);
  tcase_add_test(r, test_read_xml);
  tcase_add_test(r, test_read_xml_bad);
  tcase_add_test(r, test_read_csv);
  tcase_add_test(r, test_read_csv_bad);
  tcase_add_test(r, test_read_tsv);
  tcase_add_test(r, test_read_tsv_bad);
  tcase_add_test(r, test_sniff_and_names);
  tcase_add_test(r, test_table_building);
  suite_add_tcase(s, r);
  return s;
}

KG_TEST_MAIN(results_suite)
