/* kgrdf.h - what the files of the "kgsh" librdf storage share: the
 * instance behind a librdf_storage, term conversions both ways, and the
 * streams and iterators over libkg's results. The storage is written
 * against libkg's public API (kg.h) and librdf's storage module API,
 * which it calls through libkg's table of librdf (rdflib.h: librdf is
 * loaded on first use, by kg_librdf_register). */
#ifndef KGRDF_H
#define KGRDF_H

#include "kg.h"
#include "rdflib.h"

/* One opened store: the instance of a librdf_storage. */
typedef struct kgrdf {
  librdf_world *world;
  kg_store *st;
} kgrdf;

static inline kgrdf *kgrdf_of(librdf_storage *s) {
  return (kgrdf *)librdf_storage_get_instance(s);
}

/* ----------------------------------------------------------- term.c */

/* Reports a libkg error through librdf's log (what rdfproc prints). */
void kgrdf_log(librdf_world *w, const kg_error *err);

/* A librdf node as a term: its strings are borrowed from the node. NULL
 * node = kind NONE (a wildcard, or the default graph). 0 on success, -1
 * for a node kgsh cannot hold. */
int kgrdf_term(librdf_node *n, kg_term *t);
/* A statement's three terms (NULL parts are wildcards). */
int kgrdf_terms(librdf_statement *s, kg_term t[3]);
/* A new node for a term (caller frees with librdf_free_node); NULL for
 * kind NONE or out of memory. */
static inline librdf_node *kgrdf_node(librdf_world *w, const kg_term *t) {
  return kg_term_to_librdf(w, t);
}

/* ---------------------------------------------------------- stream.c */

/* The statements matching s, p, o in graph g (NULL: any graph) as a
 * librdf stream whose context is each statement's graph (NULL for the
 * default graph). NULL on failure (logged). */
librdf_stream *kgrdf_find(librdf_storage *storage, const kg_term *s,
                          const kg_term *p, const kg_term *o,
                          const kg_term *g);
/* The named graphs as an iterator of nodes. */
librdf_iterator *kgrdf_graphs(librdf_storage *storage);

#endif /* KGRDF_H */
