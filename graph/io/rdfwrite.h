/* rdfwrite.h - writing statements as Turtle, TriG, N-Triples, N-Quads
 * (our own streaming writers) and RDF/XML, RDF/JSON, DOT (raptor). */
#ifndef KG_RDFWRITE_H
#define KG_RDFWRITE_H

#include <stdio.h>

#include "store/store.h"

/* Yields the next statement: 1, 0 at the end, -1 on error. Terms are
 * borrowed until the next call. */
typedef int (*quad_source)(void *ctx, kg_quad *q, kg_error *err);

typedef struct rdf_writer_opts {
  const char *format;     /* turtle, ntriples, nquads, trig, rdfxml,
                             json, dot */
  const char *base;
  int all_prefixes;       /* declare every registry prefix (else only the
                             ones `used` says; NULL used = none) */
  const char *const *used;/* NULL-terminated prefix names to declare */
} rdf_writer_opts;

/* 1 if the format writes quads (graph names kept). */
int rdf_format_is_quads(const char *format);

/* Writes every statement of src to out. Turtle/TriG group consecutive
 * statements with the same subject (and graph). */
kg_status rdf_write(kg_store *st, FILE *out, const rdf_writer_opts *o,
                    quad_source src, void *ctx, kg_error *err);

/* Canonical format name for a user's spelling ("ttl" -> "turtle"), or
 * NULL when unknown. */
const char *rdf_format_name(const char *f);

#endif
