/* jsonld.h - JSON-LD 1.1 in and out (the W3C Processing Algorithms).
 *
 * Reading: the document is parsed with jansson, expanded (context
 * processing, IRI expansion, expansion), flattened into a node map and
 * turned into quads (deserialize JSON-LD to RDF). Writing: quads become
 * expanded JSON-LD (serialize RDF as JSON-LD), then are compacted with a
 * context built from prefixes, one node object per subject and an @graph
 * per named graph. Reading holds the parsed JSON (an @graph array is
 * expanded and turned into quads an element at a time); writing holds the
 * whole output document, as compaction needs all of a node's values.
 *
 * Contexts: a URL is looked up in the caller's loader, then in a cache
 * directory (file name: the URL with "://" and "/" turned into "_", or
 * the host alone for a URL without a path, e.g. "schema.org" for
 * https://schema.org/), and only when allowed fetched with libcurl.
 *
 * Files: jsonld_util.c (state, errors, IRIs, loading), jsonld_context.c,
 * jsonld_expand.c, jsonld_rdf.c (node map, to RDF), jsonld_fromrdf.c,
 * jsonld_iri_compact.c, jsonld_compact.c, jsonld_write.c (the writer).
 * Errors name the JSON-LD error code first ("keyword redefinition: ...");
 * jld_to_quads gives them the line:column of the JSON value at fault
 * (invalid JSON, or the entry whose expansion failed).
 */
#ifndef KG_JSONLD_H
#define KG_JSONLD_H

#include <jansson.h>
#include <stdio.h>

#include "internal.h"
#include "strbuf.h"

/* Fetches the document at `url` for context loading. Returns KG_OK with
 * *doc a new reference (the caller decrefs it) and, when the document
 * moved, *final_url a new string (free()) or NULL; KG_ERR_NOTFOUND when it
 * does not know the URL (the next source is tried). */
typedef kg_status (*jld_loader_fn)(void *data, const char *url, json_t **doc,
                                   char **final_url, kg_error *err);

typedef enum {
  JLD_DIR_NONE = 0,     /* @direction is dropped in RDF */
  JLD_DIR_I18N,         /* i18n-datatype: https://www.w3.org/ns/i18n#en_rtl */
  JLD_DIR_COMPOUND      /* compound-literal: rdf:value/rdf:language/... */
} jld_direction;

typedef struct jld_options {
  const char *base;          /* the document's IRI, NULL = none */
  int allow_remote;          /* fetch http(s) contexts; off by default */
  const char *context_dir;   /* offline cache of contexts, or NULL */
  jld_loader_fn loader;      /* asked first, may be NULL */
  void *loader_data;
  const char *expand_context;/* a context URL applied first, or NULL */
  int json_ld_10;            /* processing mode json-ld-1.0 */
  jld_direction rdf_direction;
  int generalized;           /* produce generalized RDF (blank predicates) */
  int native_types;          /* from RDF: numbers and booleans as JSON */
  int use_rdf_type;          /* from RDF: rdf:type as a property */
  int compact_arrays;        /* compaction: 1 = one-item arrays unwrapped */
  int compact_to_relative;   /* compaction: IRIs relative to base */
  unsigned max_depth;        /* nesting limit of the JSON, 0 = 512 */
} jld_options;

/* Defaults: everything off, compact_arrays and compact_to_relative on. */
jld_options jld_options_default(void);

/* Called for each quad; blank nodes are labelled b0, b1, ... The quad is
 * borrowed until the callback returns. A non-OK status stops parsing. */
typedef kg_status (*jld_quad_fn)(void *data, const kg_quad *q, kg_error *err);

/* Parses a JSON-LD document of `len` bytes (`name` names it in errors) and
 * emits its quads. Invalid JSON emits nothing. A document of only
 * @context and an @graph array is expanded and emitted element by element
 * (memory stays near the parsed JSON's), any other document whole; so a
 * JSON-LD error in a later element comes after earlier quads were
 * emitted, and a caller that loads all or nothing discards them (as for
 * a syntax error midway through any streamed syntax). */
kg_status jld_to_quads(const char *json, size_t len, const char *name,
                       const jld_options *o, jld_quad_fn fn, void *data,
                       kg_error *err);

/* Parses JSON text; errors carry name:line:column. *out new reference. */
kg_status jld_parse(const char *json, size_t len, const char *name,
                    unsigned max_depth, json_t **out, kg_error *err);

/* The algorithms on JSON values; each *out is a new reference. */
kg_status jld_expand(json_t *doc, const jld_options *o, json_t **out,
                     kg_error *err);
kg_status jld_expanded_to_quads(json_t *expanded, const jld_options *o,
                                jld_quad_fn fn, void *data, kg_error *err);
kg_status jld_compact(json_t *doc, json_t *context, const jld_options *o,
                      json_t **out, kg_error *err);

/* ------------------------------------------------------------- writing */

/* A prefix for the output's context: "rdfs" -> "http://...#". */
typedef struct jld_prefix {
  const char *name;
  const char *iri;
} jld_prefix;

typedef struct jld_writer jld_writer;

/* A writer collects quads (their strings are copied) and writes them at
 * finish. New, free with jld_writer_free(). NULL when out of memory. */
jld_writer *jld_writer_new(const jld_options *o);
void jld_writer_free(jld_writer *w);
kg_status jld_writer_add(jld_writer *w, const kg_quad *q, kg_error *err);
/* The expanded form (serialize RDF as JSON-LD); *out new reference. This
 * or jld_writer_finish is called once: the quads are freed as they become
 * JSON. Quads are sorted and repeats dropped (a dataset is a set). */
kg_status jld_writer_expanded(jld_writer *w, json_t **out, kg_error *err);
/* Writes the document to `buf` or `out` (one of them): compacted with a
 * context of the prefixes (none = no @context), or expanded when
 * `expanded` is set. Keys are sorted: the output is deterministic. */
kg_status jld_writer_finish(jld_writer *w, const jld_prefix *prefixes,
                            size_t nprefixes, int expanded, strbuf *buf,
                            FILE *out, kg_error *err);

/* All in one: quads to a document, as jld_writer_finish. */
kg_status jld_write_quads(const kg_quad *q, size_t n, const jld_options *o,
                          const jld_prefix *prefixes, size_t nprefixes,
                          int expanded, strbuf *buf, FILE *out, kg_error *err);

/* JSON Canonicalization Scheme (RFC 8785) of v into b: rdf:JSON literals. */
void jld_canonical_json(strbuf *b, const json_t *v);

#endif /* KG_JSONLD_H */
