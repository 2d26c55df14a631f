/* rdfwrite.h - writing statements as Turtle, TriG, N-Triples, N-Quads
 * (our own streaming writers), JSON-LD (io/jsonld: held whole, written a
 * node at a time) and RDF/XML, RDF/JSON, DOT (raptor). */
#ifndef KG_RDFWRITE_H
#define KG_RDFWRITE_H

#include <stdio.h>

#include "store/store.h"

/* Yields the next statement: 1, 0 at the end, -1 on error. Terms are
 * borrowed until the next call. */
typedef int (*quad_source)(void *ctx, kg_quad *q, kg_error *err);

/* The syntaxes written here. Which user's name means which is the format
 * table's business (results/formats.c). */
typedef enum rdf_syntax {
  RDF_NONE = 0,
  RDF_TURTLE,
  RDF_TRIG,
  RDF_NTRIPLES,
  RDF_NQUADS,
  RDF_XML,   /* RDF/XML (raptor) */
  RDF_JSON,  /* RDF/JSON (raptor) */
  RDF_DOT,   /* GraphViz (raptor) */
  RDF_JSONLD,          /* JSON-LD compacted with the prefixes */
  RDF_JSONLD_EXPANDED  /* JSON-LD, expanded form */
} rdf_syntax;

typedef struct rdf_writer_opts {
  rdf_syntax syntax;
  const char *base;
  int all_prefixes;       /* declare every registry prefix (else only the
                             ones `used` says; NULL used = none) */
  const char *const *used;/* NULL-terminated prefix names to declare */
} rdf_writer_opts;

/* 1 if the syntax writes quads (graph names kept). */
int rdf_syntax_is_quads(rdf_syntax s);

/* Writes every statement of src to out. Turtle/TriG group consecutive
 * statements with the same subject (and graph). */
kg_status rdf_write(kg_store *st, FILE *out, const rdf_writer_opts *o,
                    quad_source src, void *ctx, kg_error *err);

/* Writes the store, or one graph ("default" or an IRI; NULL = all), in
 * `syntax` (not RDF_NONE): kg_export once the format name is resolved.
 * Triple syntaxes given several graphs write their union. */
kg_status rdf_export(kg_store *st, FILE *out, rdf_syntax syntax,
                     const char *graph, const char *base, kg_error *err);

#endif
