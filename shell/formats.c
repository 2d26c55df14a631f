/* formats.c - the output formats of kgsh, as a table. */
#include <string.h>
#include <strings.h>

#include "shell.h"

static const fmt_info formats[] = {
  {"table", "table", NULL, "aligned table with box drawing (terminal default)"},
  {"csv", "csv", NULL, "SPARQL 1.1 CSV results"},
  {"tsv", "tsv", NULL, "SPARQL 1.1 TSV results (batch default)"},
  {"json", "json", "json", "SPARQL 1.1 JSON results; RDF/JSON for graphs"},
  {"xml", "xml", "rdfxml", "SPARQL XML results; RDF/XML for graphs"},
  {"markdown", "markdown", NULL, "GitHub Markdown table"},
  {"turtle", NULL, "turtle", "Turtle (graph default)"},
  {"ntriples", NULL, "ntriples", "N-Triples"},
  {"nquads", NULL, "nquads", "N-Quads"},
  {"trig", NULL, "trig", "TriG"},
  {"rdfxml", NULL, "rdfxml", "RDF/XML"},
  {"dot", NULL, "dot", "GraphViz DOT"},
};

const fmt_info *fmt_find(const char *name) {
  for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
    if (!strcasecmp(formats[i].name, name)) return &formats[i];
  if (!strcasecmp(name, "ttl")) return fmt_find("turtle");
  if (!strcasecmp(name, "nt")) return fmt_find("ntriples");
  if (!strcasecmp(name, "nq")) return fmt_find("nquads");
  if (!strcasecmp(name, "md")) return fmt_find("markdown");
  return NULL;
}

const fmt_info *fmt_at(size_t i) {
  return i < sizeof formats / sizeof *formats ? &formats[i] : NULL;
}
