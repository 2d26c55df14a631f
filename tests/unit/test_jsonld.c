/* test_jsonld.c - the JSON-LD processor: documents to quads, quads to
 * documents, and every kind of bad input. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "io/jsonld.h"

typedef struct sink {
  strbuf nt;   /* the quads in N-Quads form, one a line */
  size_t n;
} sink;

static kg_status on_quad(void *data, const kg_quad *q, kg_error *err) {
  (void)err;
  sink *s = data;
  const kg_term *t[] = {&q->s, &q->p, &q->o, &q->g};
  for (size_t i = 0; i < 4; i++) {
    if (t[i]->kind == KG_TERM_NONE) continue;
    char *x = kg_term_to_nt(t[i]);
    strbuf_puts(&s->nt, x);
    strbuf_putc(&s->nt, ' ');
    free(x);
  }
  strbuf_puts(&s->nt, ".\n");
  s->n++;
  return KG_OK;
}

static kg_status parse(const char *doc, const jld_options *o, sink *s, kg_error *err) {
  *s = (sink){{0}, 0};
  return jld_to_quads(doc, strlen(doc), "doc.jsonld", o, on_quad, s, err);
}

START_TEST(test_small_document) {
  const char *doc =
      "{\"@context\": {\"ex\": \"http://ex.org/\", \"name\": \"ex:name\",\n"
      "  \"knows\": {\"@id\": \"ex:knows\", \"@type\": \"@id\"}},\n"
      " \"@id\": \"ex:a\", \"@type\": \"ex:Person\", \"name\": [\"Ann\", {\"@value\": \"Anne\", \"@language\": \"fr\"}],\n"
      " \"knows\": {\"name\": \"Bob\"}, \"ex:age\": 42,\n"
      " \"@graph\": [{\"@id\": \"ex:g1\"}]}";
  sink s;
  kg_error err = {0};
  ck_assert_int_eq(parse(doc, NULL, &s, &err), KG_OK);
  ck_assert_uint_eq(s.n, 6);
  const char *want[] = {
    "<http://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/Person> .",
    "<http://ex.org/a> <http://ex.org/name> \"Ann\" .",
    "<http://ex.org/a> <http://ex.org/name> \"Anne\"@fr .",
    "<http://ex.org/a> <http://ex.org/knows> _:b0 .",
    "_:b0 <http://ex.org/name> \"Bob\" .",
    "<http://ex.org/a> <http://ex.org/age> \"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
  };
  for (size_t i = 0; i < 6; i++) ck_assert_msg(strstr(s.nt.data, want[i]), "missing %s in\n%s", want[i], s.nt.data);
  /* the same in two steps: expansion, then to RDF */
  json_t *in, *exp;
  ck_assert_int_eq(jld_parse(doc, strlen(doc), "doc", 0, &in, &err), KG_OK);
  ck_assert_int_eq(jld_expand(in, NULL, &exp, &err), KG_OK);
  sink two = {{0}, 0};
  ck_assert_int_eq(jld_expanded_to_quads(exp, NULL, on_quad, &two, &err), KG_OK);
  ck_assert_str_eq(two.nt.data, s.nt.data);
  json_decref(in);
  json_decref(exp);
  strbuf_free(&two.nt);
  strbuf_free(&s.nt);
}
END_TEST

START_TEST(test_named_graph_and_list) {
  const char *doc =
      "{\"@context\": {\"@vocab\": \"http://v/\", \"l\": {\"@container\": \"@list\"}},\n"
      " \"@id\": \"http://g\", \"@graph\": {\"@id\": \"http://s\", \"l\": [1, 2.5, true]}}";
  sink s;
  kg_error err = {0};
  ck_assert_int_eq(parse(doc, NULL, &s, &err), KG_OK);
  ck_assert_uint_eq(s.n, 7);
  ck_assert_ptr_nonnull(strstr(s.nt.data, "\"2.5E0\"^^<http://www.w3.org/2001/XMLSchema#double> <http://g> ."));
  ck_assert_ptr_nonnull(strstr(s.nt.data, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> <http://g> ."));
  strbuf_free(&s.nt);
}
END_TEST

START_TEST(test_json_literal_canonical) {
  const char *doc = "{\"http://p\": {\"@type\": \"@json\", \"@value\": {\"b\": [1.0, 1e21, \"\\u0001\"], \"a\": null}}}";
  sink s;
  kg_error err = {0};
  ck_assert_int_eq(parse(doc, NULL, &s, &err), KG_OK);
  ck_assert_ptr_nonnull(strstr(s.nt.data, "\"{\\\"a\\\":null,\\\"b\\\":[1,1e+21,\\\"\\\\u0001\\\"]}\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>"));
  strbuf_free(&s.nt);
}
END_TEST

/* The error of a bad document, as "status|message|line:column". */
static kg_status bad(const char *doc, const jld_options *o, kg_error *err) {
  sink s;
  kg_status st = parse(doc, o, &s, err);
  ck_assert_uint_eq(s.n, 0);  /* nothing emitted */
  strbuf_free(&s.nt);
  return st;
}

START_TEST(test_invalid_json_position) {
  kg_error err = {0};
  ck_assert_int_eq(bad("{\n  \"@id\": \"http://a\",\n  \"http://p\": ,\n}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_gt(err.column, 0);
  ck_assert_str_eq(err.file, "doc.jsonld");
  ck_assert_ptr_nonnull(strstr(err.message, "invalid JSON"));
}
END_TEST

START_TEST(test_invalid_context) {
  kg_error err = {0};
  ck_assert_int_eq(bad("{\"@context\": 5, \"@id\": \"http://a\"}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "invalid local context"));
  ck_assert_int_eq(bad("{\"@context\": {\"x\": {\"@id\": \"http://x\", \"@foo\": 1}}, \"x\": 1}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "invalid term definition"));
  ck_assert_int_eq(bad("{\"@context\": {\"@language\": 5}}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "invalid default language"));
}
END_TEST

START_TEST(test_keyword_misuse) {
  kg_error err = {0};
  ck_assert_int_eq(bad("{\"@context\": {\"@id\": \"http://x\"}, \"@id\": \"http://a\"}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "keyword redefinition"));
  ck_assert_int_eq(bad("{\"@id\": 5, \"http://p\": 1}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "invalid @id value"));
  ck_assert_int_eq(bad("{\"http://p\": {\"@value\": \"x\", \"@type\": \"http://t\", \"@language\": \"en\"}}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "invalid value object"));
  ck_assert_int_eq(bad("{\"@context\": {\"a\": \"b:x\", \"b\": \"a:y\"}, \"a\": 1}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "cyclic IRI mapping"));
}
END_TEST

/* JSON-LD errors point at the JSON: line:column of the offending value. */
START_TEST(test_error_position) {
  kg_error err = {0};
  ck_assert_int_eq(bad("{\n  \"@context\": {\"@vocab\": \"http://v/\"},\n  \"@graph\": [\n"
                       "    {\"@id\": \"http://a\"},\n"
                       "    {\"p\": {\"@value\": \"x\", \"@language\": 5}}\n  ]\n}", NULL, &err),
                   KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "invalid language-tagged string"));
  ck_assert_str_eq(err.file, "doc.jsonld");
  ck_assert_int_eq(err.line, 5);
  ck_assert_int_eq(err.column, 40);
  /* in the context: the term's definition */
  ck_assert_int_eq(bad("{\"@context\": [{\"a\": \"http://a/\"},\n {\"b\": {\"@id\": \"http://b\", \"@container\": \"@bag\"}}],\n"
                       " \"b\": 1}", NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "invalid container mapping"));
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(err.column, 8);
}
END_TEST

START_TEST(test_remote_context_refused) {
  kg_error err = {0};
  jld_options o = jld_options_default();
  ck_assert_int_eq(bad("{\"@context\": \"https://example.org/ctx.jsonld\", \"@id\": \"http://a\", \"b\": 1}", &o, &err),
                   KG_ERR_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(err.message, "https://example.org/ctx.jsonld"));
  ck_assert_ptr_nonnull(strstr(err.message, "loading remote context failed"));
  ck_assert_ptr_nonnull(strstr(err.message, "allow remote contexts"));
}
END_TEST

START_TEST(test_context_cache) {
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "example.org_contexts_person.jsonld");
  kgt_write_file(file, "{\"@context\": {\"name\": \"http://schema.org/name\"}}");
  jld_options o = jld_options_default();
  o.context_dir = dir;
  sink s;
  kg_error err = {0};
  ck_assert_int_eq(parse("{\"@context\": \"https://example.org/contexts/person\", \"@id\": \"http://a\", \"name\": \"A\"}",
                         &o, &s, &err), KG_OK);
  ck_assert_str_eq(s.nt.data, "<http://a> <http://schema.org/name> \"A\" .\n");
  strbuf_free(&s.nt);
  kgt_rmrf(dir);
  free(file);
  free(dir);
}
END_TEST

/* A context of the W3C suite, put in a cache directory as the README of
 * data/contexts says. */
START_TEST(test_context_cache_w3c_file) {
  const char *src = "../shared/w3c/json-ld-api/tests/toRdf/e077-context.jsonld";
  size_t len;
  FILE *f = fopen(src, "rb");
  if (!f) {
    KGT_SKIP("%s not found", src);
    return;
  }
  char text[8192];
  len = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[len] = '\0';
  char *dir = kgt_tmpdir();
  char *file = kgt_path(dir, "w3c.github.io_json-ld-api_tests_toRdf_e077-context.jsonld");
  kgt_write_file(file, text);
  jld_options o = jld_options_default();
  o.context_dir = dir;
  sink s;
  kg_error err = {0};
  ck_assert_int_eq(parse("{\"@context\": \"https://w3c.github.io/json-ld-api/tests/toRdf/e077-context.jsonld\","
                         " \"@id\": \"http://a\", \"t1\": \"x\"}", &o, &s, &err), KG_OK);
  ck_assert_str_eq(s.nt.data, "<http://a> <http://example.com/t1> \"x\" .\n");
  strbuf_free(&s.nt);
  kgt_rmrf(dir);
  free(file);
  free(dir);
}
END_TEST

/* A one-request HTTP server on 127.0.0.1 answering with `body`; returns
 * its port, the child in *pid. The request goes to reqfd. */
static int context_server(const char *body, int reqfd, pid_t *pid) {
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t sl = sizeof sa;
  ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sa, sizeof sa) | listen(lfd, 1) |
                   getsockname(lfd, (struct sockaddr *)&sa, &sl), 0);
  if ((*pid = fork()) == 0) {
    int c = accept(lfd, NULL, NULL);
    char req[8192];
    ssize_t n = c < 0 ? -1 : read(c, req, sizeof req);
    if (n > 0 && write(reqfd, req, (size_t)n) < 0) _exit(1);
    dprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\n"
               "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body), body);
    close(c);
    _exit(0);
  }
  close(lfd);
  return ntohs(sa.sin_port);
}

START_TEST(test_remote_context_allowed) {
  int p[2];
  pid_t pid;
  ck_assert_int_eq(pipe(p), 0);
  int port = context_server("{\"@context\": {\"name\": \"http://xmlns.com/foaf/0.1/name\"}}", p[1], &pid);
  close(p[1]);
  char doc[256];
  snprintf(doc, sizeof doc, "{\"@context\": \"http://127.0.0.1:%d/ctx\", \"@id\": \"http://a\", \"name\": \"A\"}", port);
  jld_options o = jld_options_default();
  o.allow_remote = 1;
  sink s;
  kg_error err = {0};
  ck_assert_int_eq(parse(doc, &o, &s, &err), KG_OK);
  ck_assert_str_eq(s.nt.data, "<http://a> <http://xmlns.com/foaf/0.1/name> \"A\" .\n");
  strbuf_free(&s.nt);
  char req[8192];
  ssize_t n = read(p[0], req, sizeof req - 1);
  req[n > 0 ? n : 0] = '\0';
  close(p[0]);
  waitpid(pid, NULL, 0);
  ck_assert_ptr_nonnull(strstr(req, "GET /ctx"));
  ck_assert_ptr_nonnull(strcasestr(req, "Accept: application/ld+json"));
  /* allowed, but nobody answers: the URL in the error */
  snprintf(doc, sizeof doc, "{\"@context\": \"http://127.0.0.1:1/gone\", \"http://p\": 1}");
  ck_assert_int_ne(bad(doc, &o, &err), KG_OK);
  ck_assert_ptr_nonnull(strstr(err.message, "loading remote context failed: http://127.0.0.1:1/gone"));
}
END_TEST

/* The shipped cache: schema.org's context, read offline. */
START_TEST(test_schema_org_offline) {
  jld_options o = jld_options_default();
  o.context_dir = "data/contexts";
  sink s;
  kg_error err = {0};
  ck_assert_int_eq(parse("{\"@context\": \"https://schema.org/\", \"@type\": \"Person\", \"@id\": \"http://p\",\n"
                         " \"name\": \"Jane\", \"url\": \"http://jane.example/\"}", &o, &s, &err), KG_OK);
  ck_assert_ptr_nonnull(strstr(s.nt.data, "<http://p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> ."));
  ck_assert_ptr_nonnull(strstr(s.nt.data, "<http://p> <http://schema.org/name> \"Jane\" ."));
  ck_assert_ptr_nonnull(strstr(s.nt.data, "<http://p> <http://schema.org/url> <http://jane.example/> ."));
  strbuf_free(&s.nt);
}
END_TEST

START_TEST(test_deep_nesting) {
  size_t depth = 100000;
  char *doc = malloc(2 * depth + 1);
  memset(doc, '[', depth);
  memset(doc + depth, ']', depth);
  doc[2 * depth] = '\0';
  kg_error err = {0};
  ck_assert_int_eq(bad(doc, NULL, &err), KG_ERR_SYNTAX);
  ck_assert_ptr_nonnull(strstr(err.message, "nested deeper than 512 levels"));
  ck_assert_int_eq(err.line, 1);
  ck_assert_int_eq(err.column, 513);
  free(doc);
}
END_TEST

/* 200,000 nodes: linear work, or the test's timeout. */
START_TEST(test_large_document) {
  size_t n = 200000;
  strbuf b = {0};
  strbuf_puts(&b, "{\"@context\": {\"@vocab\": \"http://v/\"}, \"@graph\": [");
  for (size_t i = 0; i < n; i++)
    strbuf_printf(&b, "%s{\"@id\": \"http://n/%zu\", \"p\": %zu, \"q\": {\"@id\": \"http://n/0\"}}", i ? "," : "", i, i);
  strbuf_puts(&b, "]}");
  sink s;
  kg_error err = {0};
  s = (sink){{0}, 0};
  ck_assert_int_eq(jld_to_quads(b.data, b.len, "big", NULL, on_quad, &s, &err), KG_OK);
  ck_assert_uint_eq(s.n, 2 * n);
  strbuf_free(&s.nt);
  strbuf_free(&b);
}
END_TEST

/* One node with 200,000 values of a property and 100,000 types. */
START_TEST(test_wide_node) {
  size_t n = 200000, nt = 100000;
  strbuf b = {0};
  strbuf_puts(&b, "{\"@id\": \"http://x\", \"http://p\": [");
  for (size_t i = 0; i < n; i++) strbuf_printf(&b, "%s%zu", i ? "," : "", i);
  strbuf_puts(&b, "], \"@type\": [");
  for (size_t i = 0; i < nt; i++) strbuf_printf(&b, "%s\"http://t/%zu\"", i ? "," : "", nt - i);
  strbuf_puts(&b, "]}");
  sink s = {{0}, 0};
  kg_error err = {0};
  ck_assert_int_eq(jld_to_quads(b.data, b.len, "wide", NULL, on_quad, &s, &err), KG_OK);
  ck_assert_uint_eq(s.n, n + nt);
  strbuf_free(&s.nt);
  strbuf_free(&b);
}
END_TEST

static const kg_quad sample[] = {
  {{KG_TERM_IRI, "http://hz.example/Leapmotor", 27, NULL, NULL},
   {KG_TERM_IRI, "http://www.w3.org/2000/01/rdf-schema#label", 42, NULL, NULL},
   {KG_TERM_LITERAL, "\xe9\x9b\xb6\xe8\xb7\x91\xe7\xa7\x91\xe6\x8a\x80", 12, NULL, "zh"},
   {0}},
  {{KG_TERM_IRI, "http://hz.example/Leapmotor", 27, NULL, NULL},
   {KG_TERM_IRI, "http://www.w3.org/2000/01/rdf-schema#label", 42, NULL, NULL},
   {KG_TERM_LITERAL, "Leapmotor", 9, NULL, "en"},
   {0}},
  {{KG_TERM_IRI, "http://hz.example/Leapmotor", 27, NULL, NULL},
   {KG_TERM_IRI, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", 47, NULL, NULL},
   {KG_TERM_IRI, "http://hz.example/Company", 25, NULL, NULL},
   {0}},
  {{KG_TERM_IRI, "http://hz.example/Leapmotor", 27, NULL, NULL},
   {KG_TERM_IRI, "http://hz.example/founded", 25, NULL, NULL},
   {KG_TERM_LITERAL, "2015", 4, "http://www.w3.org/2001/XMLSchema#gYear", NULL},
   {KG_TERM_IRI, "http://hz.example/g", 19, NULL, NULL}},
  {{KG_TERM_BLANK, "x1", 2, NULL, NULL},
   {KG_TERM_IRI, "http://hz.example/name", 22, NULL, NULL},
   {KG_TERM_LITERAL, "a \"b\"", 5, NULL, NULL},
   {0}},
};
#define NSAMPLE (sizeof sample / sizeof *sample)

/* Compacted with the store's prefixes: the exact text, keys sorted. */
START_TEST(test_write_compacted_exact) {
  const jld_prefix p[] = {{"hz", "http://hz.example/"},
                          {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
                          {"xsd", "http://www.w3.org/2001/XMLSchema#"},
                          {"ns", "http://ns.example/x-"},  /* needs @prefix */
                          {"bad:name", "http://bad/"}};    /* left out */
  strbuf b = {0};
  kg_error err = {0};
  ck_assert_int_eq(jld_write_quads(sample, NSAMPLE, NULL, p, 5, 0, &b, NULL, &err), KG_OK);
  ck_assert_str_eq(b.data,
    "{\n"
    "  \"@context\": {\n"
    "    \"hz\": \"http://hz.example/\",\n"
    "    \"ns\": {\n"
    "      \"@id\": \"http://ns.example/x-\",\n"
    "      \"@prefix\": true\n"
    "    },\n"
    "    \"rdfs\": \"http://www.w3.org/2000/01/rdf-schema#\",\n"
    "    \"xsd\": \"http://www.w3.org/2001/XMLSchema#\"\n"
    "  },\n"
    "  \"@graph\": [\n"
    "    {\n"
    "      \"@id\": \"_:x1\",\n"
    "      \"hz:name\": \"a \\\"b\\\"\"\n"
    "    },\n"
    "    {\n"
    "      \"@id\": \"hz:Leapmotor\",\n"
    "      \"@type\": \"hz:Company\",\n"
    "      \"rdfs:label\": [\n"
    "        {\n"
    "          \"@language\": \"en\",\n"
    "          \"@value\": \"Leapmotor\"\n"
    "        },\n"
    "        {\n"
    "          \"@language\": \"zh\",\n"
    "          \"@value\": \"\xe9\x9b\xb6\xe8\xb7\x91\xe7\xa7\x91\xe6\x8a\x80\"\n"
    "        }\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"@graph\": [\n"
    "        {\n"
    "          \"@id\": \"hz:Leapmotor\",\n"
    "          \"hz:founded\": {\n"
    "            \"@type\": \"xsd:gYear\",\n"
    "            \"@value\": \"2015\"\n"
    "          }\n"
    "        }\n"
    "      ],\n"
    "      \"@id\": \"hz:g\"\n"
    "    }\n"
    "  ]\n"
    "}\n");
  strbuf_free(&b);
  /* to a FILE, the same bytes */
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert_int_eq(jld_write_quads(sample, NSAMPLE, NULL, p, 5, 0, NULL, f, &err), KG_OK);
  fclose(f);
  strbuf again = {0};
  ck_assert_int_eq(jld_write_quads(sample, NSAMPLE, NULL, p, 5, 0, &again, NULL, &err), KG_OK);
  ck_assert_str_eq(buf, again.data);
  strbuf_free(&again);
  free(buf);
}
END_TEST

START_TEST(test_write_expanded) {
  strbuf b = {0};
  kg_error err = {0};
  ck_assert_int_eq(jld_write_quads(sample, NSAMPLE, NULL, NULL, 0, 1, &b, NULL, &err), KG_OK);
  ck_assert_ptr_nonnull(strstr(b.data, "\"@id\": \"http://hz.example/g\""));
  ck_assert_ptr_nonnull(strstr(b.data, "\"@language\": \"zh\""));
  /* read back: the same quads */
  sink s = {{0}, 0};
  ck_assert_int_eq(jld_to_quads(b.data, b.len, "out", NULL, on_quad, &s, &err), KG_OK);
  ck_assert_uint_eq(s.n, NSAMPLE);
  strbuf_free(&s.nt);
  strbuf_free(&b);
}
END_TEST

/* No quads, one node, no prefixes: the shapes of small documents. */
START_TEST(test_write_small) {
  const jld_prefix p[] = {{"hz", "http://hz.example/"}};
  strbuf b = {0};
  kg_error err = {0};
  ck_assert_int_eq(jld_write_quads(NULL, 0, NULL, NULL, 0, 0, &b, NULL, &err), KG_OK);
  ck_assert_str_eq(b.data, "{}\n");
  strbuf_clear(&b);
  ck_assert_int_eq(jld_write_quads(NULL, 0, NULL, NULL, 0, 1, &b, NULL, &err), KG_OK);
  ck_assert_str_eq(b.data, "[]\n");
  strbuf_clear(&b);
  ck_assert_int_eq(jld_write_quads(sample + 2, 1, NULL, p, 1, 0, &b, NULL, &err), KG_OK);
  ck_assert_str_eq(b.data, "{\n  \"@context\": {\n    \"hz\": \"http://hz.example/\"\n  },\n"
                           "  \"@id\": \"hz:Leapmotor\",\n  \"@type\": \"hz:Company\"\n}\n");
  strbuf_clear(&b);
  ck_assert_int_eq(jld_write_quads(sample + 2, 2, NULL, NULL, 0, 0, &b, NULL, &err), KG_OK);
  ck_assert_ptr_nonnull(strstr(b.data, "{\n  \"@graph\": [\n    {\n"));
  ck_assert_ptr_nonnull(strstr(b.data, "    {\n      \"@graph\": [\n        {\n"));
  ck_assert_ptr_nonnull(strstr(b.data, "\"http://hz.example/founded\": {\n"));
  sink s = {{0}, 0};
  ck_assert_int_eq(jld_to_quads(b.data, b.len, "out", NULL, on_quad, &s, &err), KG_OK);
  ck_assert_uint_eq(s.n, 2);
  strbuf_free(&s.nt);
  strbuf_free(&b);
  /* a writer makes its output once */
  jld_writer *w = jld_writer_new(NULL);
  ck_assert_int_eq(jld_writer_finish(w, NULL, 0, 0, &b, NULL, &err), KG_OK);
  ck_assert_int_eq(jld_writer_add(w, sample, &err), KG_ERR_STATE);
  json_t *again;
  ck_assert_int_eq(jld_writer_expanded(w, &again, &err), KG_ERR_STATE);
  jld_writer_free(w);
  strbuf_free(&b);
}
END_TEST

START_TEST(test_free_null_and_bad_args) {
  jld_writer_free(NULL);
  kg_error err = {0};
  jld_writer *w = jld_writer_new(NULL);
  ck_assert_ptr_nonnull(w);
  ck_assert_int_eq(jld_writer_finish(w, NULL, 0, 1, NULL, NULL, &err), KG_ERR_ARG);
  jld_writer_free(w);
  sink s;
  ck_assert_int_eq(parse("", NULL, &s, &err), KG_ERR_SYNTAX);
  strbuf_free(&s.nt);
  ck_assert_int_eq(parse("null", NULL, &s, &err), KG_OK);
  ck_assert_uint_eq(s.n, 0);
  strbuf_free(&s.nt);
}
END_TEST

static Suite *jsonld_suite(void) {
  Suite *s = suite_create("jsonld");
  TCase *tc = tcase_create("jsonld");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_small_document);
  tcase_add_test(tc, test_named_graph_and_list);
  tcase_add_test(tc, test_json_literal_canonical);
  tcase_add_test(tc, test_invalid_json_position);
  tcase_add_test(tc, test_invalid_context);
  tcase_add_test(tc, test_keyword_misuse);
  tcase_add_test(tc, test_error_position);
  tcase_add_test(tc, test_remote_context_refused);
  tcase_add_test(tc, test_remote_context_allowed);
  tcase_add_test(tc, test_context_cache);
  tcase_add_test(tc, test_context_cache_w3c_file);
  tcase_add_test(tc, test_schema_org_offline);
  tcase_add_test(tc, test_deep_nesting);
  tcase_add_test(tc, test_large_document);
  tcase_add_test(tc, test_wide_node);
  tcase_add_test(tc, test_write_expanded);
  tcase_add_test(tc, test_write_compacted_exact);
  tcase_add_test(tc, test_write_small);
  tcase_add_test(tc, test_free_null_and_bad_args);
  suite_add_tcase(s, tc);
  return s;
}

KG_TEST_MAIN(jsonld_suite)
