/* formats.c - the one table of output formats: each name and its aliases
 * stand for a result-set writer (SELECT, ASK), an RDF syntax (CONSTRUCT,
 * DESCRIBE, export), a picture (graph/draw) or several, so every caller
 * accepts the same names. */
#include <string.h>
#include <strings.h>

#include "results/results.h"

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_ALIASES ((const char *const[]){NULL})
#define B KG_FORMAT_BINDINGS
#define G KG_FORMAT_GRAPHS
#define Q KG_FORMAT_QUADS

static const kg_format_def formats[] = {
  {{"csv", NO_ALIASES, "SPARQL 1.1 CSV results", B}, &kg_results_csv,
   RDF_NONE, NULL},
  {{"tsv", NO_ALIASES, "SPARQL 1.1 TSV results", B}, &kg_results_tsv,
   RDF_NONE, NULL},
  {{"json", NAMES("rdfjson", "rdf/json", "rj"),
    "SPARQL 1.1 JSON results; RDF/JSON for graphs", B | G},
   &kg_results_json, RDF_JSON, NULL},
  {{"xml", NO_ALIASES, "SPARQL XML results; RDF/XML for graphs", B | G},
   &kg_results_xml, RDF_XML, NULL},
  {{"markdown", NAMES("md"), "GitHub Markdown table", B},
   &kg_results_markdown, RDF_NONE, NULL},
  {{"turtle", NAMES("ttl"), "Turtle", G}, NULL, RDF_TURTLE, NULL},
  {{"ntriples", NAMES("nt", "n-triples"), "N-Triples", G}, NULL,
   RDF_NTRIPLES, NULL},
  {{"nquads", NAMES("nq", "n-quads"), "N-Quads", G | Q}, NULL, RDF_NQUADS,
   NULL},
  {{"trig", NO_ALIASES, "TriG", G | Q}, NULL, RDF_TRIG, NULL},
  {{"rdfxml", NAMES("rdf/xml", "rdf"), "RDF/XML", G}, NULL, RDF_XML, NULL},
  {{"jsonld", NAMES("json-ld", "ld+json"),
    "JSON-LD 1.1, compacted with the prefixes; @graph per named graph", G | Q},
   NULL, RDF_JSONLD, NULL},
  {{"jsonld-expanded", NAMES("json-ld-expanded"), "JSON-LD 1.1, expanded form",
    G | Q}, NULL, RDF_JSONLD_EXPANDED, NULL},
  /* query results drawn with labels and classes (kg_draw_result); the
   * store exported as raptor's plain DOT */
  {{"dot", NAMES("graphviz", "gv"), "GraphViz DOT", G}, NULL, RDF_DOT,
   "dot"},
  {{"svg", NO_ALIASES, "a picture (SVG, laid out by Graphviz)", G}, NULL,
   RDF_NONE, "svg"},
  {{"png", NO_ALIASES, "a picture (PNG, laid out by Graphviz)", G}, NULL,
   RDF_NONE, "png"},
};

enum { NFORMATS = sizeof formats / sizeof formats[0] };

size_t kg_format_count(void) { return NFORMATS; }

const kg_format *kg_format_at(size_t i) {
  return i < NFORMATS ? &formats[i].pub : NULL;
}

const kg_format_def *kg_format_lookup(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < NFORMATS; i++) {
    if (!strcasecmp(name, formats[i].pub.name)) return &formats[i];
    for (const char *const *a = formats[i].pub.aliases; *a; a++)
      if (!strcasecmp(name, *a)) return &formats[i];
  }
  return NULL;
}

const kg_format *kg_format_find(const char *name) {
  const kg_format_def *d = kg_format_lookup(name);
  return d ? &d->pub : NULL;
}

const kg_results_format *kg_results_format_find(const char *name) {
  const kg_format_def *d = kg_format_lookup(name);
  return d ? d->rows : NULL;
}

int kg_export_format_known(const char *format) {
  const kg_format_def *d = kg_format_lookup(format);
  return d && d->syntax != RDF_NONE;
}

kg_status kg_export_syntax(const char *format, rdf_syntax *out,
                           kg_error *err) {
  if (!format) format = "turtle";
  const kg_format_def *d = kg_format_lookup(format);
  if (!d || d->syntax == RDF_NONE)
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "unknown format '%s' (use turtle, ntriples, nquads, trig, "
                  "rdfxml, json for RDF/JSON, jsonld or jsonld-expanded for "
                  "JSON-LD, or dot)",
                  format);
  *out = d->syntax;
  return KG_OK;
}

static kg_status export_run(kg_store *st, FILE *out, const kg_export_options *opt,
                    kg_error *err) {
  kg_error_clear(err);
  rdf_syntax sx = RDF_NONE;
  TRY(kg_export_syntax(opt ? opt->format : NULL, &sx, err));
  return rdf_export(st, out, sx, opt ? opt->graph : NULL,
                    opt ? opt->base_uri : NULL, err);
}

kg_status kg_export(kg_store *st, FILE *out, const kg_export_options *opt,
                    kg_error *err) {
  if (st->remote) return st->remote->export(st, out, opt, err);
  /* other threads write out a reader's snapshot (store/readers.c) */
  kg_store *on;
  kg_status s = store_read_enter(st, &on, err);
  if (s == KG_OK) s = export_run(on, out, opt, err);
  store_read_leave(st, on, NULL);
  return s;
}
