/* media.c - the media types of the output formats, for servers that
 * choose a format by HTTP content negotiation (kgsh serve). One table:
 * each format's preferred type first, then the other names clients use. */
#include <string.h>
#include <strings.h>

#include "results/results.h"

#define B KG_FORMAT_BINDINGS
#define G KG_FORMAT_GRAPHS

static const kg_media_type types[] = {
  {"application/sparql-results+json", "json", B},
  {"application/sparql-results+xml", "xml", B},
  {"text/csv", "csv", B},
  {"text/tab-separated-values", "tsv", B},
  {"application/json", "json", B},
  {"application/xml", "xml", B},
  {"text/xml", "xml", B},
  {"text/markdown", "markdown", B},
  {"text/turtle", "turtle", G},
  {"application/n-triples", "ntriples", G},
  {"application/n-quads", "nquads", G},
  {"application/trig", "trig", G},
  {"application/rdf+xml", "rdfxml", G},
  {"application/rdf+xml", "xml", G},
  {"application/rdf+json", "json", G},
  {"application/ld+json", "jsonld", G},
  {"image/svg+xml", "svg", G},
  {"application/x-turtle", "turtle", G},
  {"text/plain", "ntriples", G},
  {"text/x-nquads", "nquads", G},
  {"application/xml", "rdfxml", G},
  {"text/xml", "rdfxml", G},
  {"text/vnd.graphviz", "dot", G},
};

enum { NTYPES = sizeof types / sizeof types[0] };

const kg_media_type *kg_media_type_at(size_t i) {
  return i < NTYPES ? &types[i] : NULL;
}

const kg_media_type *kg_media_type_find(const char *type, unsigned what) {
  if (!type) return NULL;
  while (*type == ' ' || *type == '\t') type++;
  size_t n = strcspn(type, ";");
  while (n && (type[n - 1] == ' ' || type[n - 1] == '\t')) n--;
  for (size_t i = 0; i < NTYPES; i++)
    if ((types[i].writes & what) && strlen(types[i].type) == n &&
        !strncasecmp(types[i].type, type, n))
      return &types[i];
  return NULL;
}

const char *kg_format_media_type(const char *name, unsigned what) {
  const kg_format *f = kg_format_find(name);
  if (!f) return NULL;
  for (size_t i = 0; i < NTYPES; i++)
    if ((types[i].writes & what) && !strcmp(types[i].format, f->name))
      return types[i].type;
  return NULL;
}
