/* loadutil.h - what the load suites (test_load_*.c) share: the same two
 * statements in every syntax, and loading a file or a sample. */
#ifndef KG_LOADUTIL_H
#define KG_LOADUTIL_H

#include "testutil.h"

#define EX "http://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define HANGZHOU "\xe6\x9d\xad\xe5\xb7\x9e"

/* ------------------------------------------------------------ samples */

/* The same two statements in every syntax; N-Quads and TriG put the
 * name in graph ex:g1. */
#define NAME_NT "<" EX "a> <" EX "name> \"" HANGZHOU "\"@zh"
#define POP_NT "<" EX "a> <" EX "pop> \"12000000\"^^<" XSD "integer>"
#define TRIPLES NAME_NT " .\n" POP_NT " .\n"
#define QUADS NAME_NT " <" EX "g1> .\n" POP_NT " .\n"

typedef struct sample {
  const char *syntax, *ext, *text, *expect;
} sample;

static const sample samples[] = {
  {"turtle", ".ttl",
   "@prefix ex: <http://example.org/> .\n"
   "ex:a ex:name \"" HANGZHOU "\"@zh ;\n"
   "     ex:pop 12000000 .\n",
   TRIPLES},
  {"ntriples", ".nt", NAME_NT " .\n" POP_NT " .\n", TRIPLES},
  {"nquads", ".nq", NAME_NT " <" EX "g1> .\n" POP_NT " .\n", QUADS},
  {"trig", ".trig",
   "@prefix ex: <http://example.org/> .\n"
   "ex:g1 { ex:a ex:name \"" HANGZHOU "\"@zh . }\n"
   "ex:a ex:pop 12000000 .\n",
   QUADS},
  {"rdfxml", ".rdf",
   "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
   "         xmlns:ex=\"http://example.org/\">\n"
   "  <rdf:Description rdf:about=\"http://example.org/a\">\n"
   "    <ex:name xml:lang=\"zh\">" HANGZHOU "</ex:name>\n"
   "    <ex:pop rdf:datatype=\"" XSD "integer\">12000000</ex:pop>\n"
   "  </rdf:Description>\n"
   "</rdf:RDF>\n",
   TRIPLES},
  {"rdfa", ".xhtml",
   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
   "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML+RDFa 1.0//EN\" "
   "\"http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd\">\n"
   "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
   "xmlns:ex=\"http://example.org/\" xmlns:xsd=\"" XSD "\" "
   "xml:lang=\"en\">\n"
   "<head><title>City</title></head>\n"
   "<body about=\"http://example.org/a\">\n"
   "<p><span property=\"ex:name\" xml:lang=\"zh\">" HANGZHOU "</span> has\n"
   "<span property=\"ex:pop\" datatype=\"xsd:integer\" "
   "content=\"12000000\">12 million</span> people.</p>\n"
   "</body>\n</html>\n",
   TRIPLES},
  {"json", ".json",
   "{\n"
   "  \"http://example.org/a\" : {\n"
   "    \"http://example.org/name\" : [ { \"value\" : \"" HANGZHOU "\", "
   "\"type\" : \"literal\", \"lang\" : \"zh\" } ],\n"
   "    \"http://example.org/pop\" : [ { \"value\" : \"12000000\", "
   "\"type\" : \"literal\", \"datatype\" : \"" XSD "integer\" } ]\n"
   "  }\n"
   "}\n",
   TRIPLES},
};
enum { NSAMPLES = sizeof samples / sizeof *samples };

static inline kg_term iri(const char *s) { return kg_iri(s); }

/* Writes text to dir/name; returns the path (free()). */
static inline char *put_file(const char *dir, const char *name,
                             const char *text) {
  char *p = kgt_path(dir, name);
  kgt_write_file(p, text);
  return p;
}

static inline kg_status load(kg_store *st, const char *path,
                             const char *syntax, const char *graph,
                             kg_load_stats *ls, kg_error *e) {
  kg_load_options o = {.syntax = syntax, .graph = graph};
  return kg_load(st, path, &o, ls, e);
}

#endif /* KG_LOADUTIL_H */
