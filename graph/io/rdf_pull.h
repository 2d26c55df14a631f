/* rdf_pull.h - statements of an N-Triples, N-Quads, Turtle or TriG
 * document read as it arrives (a server's CONSTRUCT answer), one at a
 * time, with serd's incremental reader: memory is one page and one
 * statement, whatever the document's size. */
#ifndef IO_RDF_PULL_H
#define IO_RDF_PULL_H

#include "internal.h"
#include "strbuf.h"

typedef struct rdf_pull rdf_pull;

/* The kg_load syntax of an RDF media type (parameters ignored:
 * "turtle", "rdfxml", "nquads", "trig", "jsonld"), or NULL. */
const char *rdf_media_syntax(const char *media_type);

/* The syntax to read a media type with as it arrives ("turtle", which
 * N-Triples is too), or NULL when it must be read whole. */
const char *rdf_pull_syntax(const char *media_type);

/* Starts reading a document of `syntax` (rdf_pull_syntax's names) whose
 * relative IRIs resolve against `base` and whose name in errors is
 * `name` (both copied); `pull` and `ctx` are borrowed until
 * rdf_pull_free. */
kg_status rdf_pull_open(const char *syntax, const char *base, const char *name,
                        kg_pull_fn pull, void *ctx, rdf_pull **out,
                        kg_error *err);

/* The next statement into *q (its strings valid until the next call): 1,
 * 0 after the last, or -1 with err set (a syntax error with its place,
 * or the source's own error). */
int rdf_pull_next(rdf_pull *p, kg_quad *q, kg_error *err);

void rdf_pull_free(rdf_pull *p);

#endif /* IO_RDF_PULL_H */
