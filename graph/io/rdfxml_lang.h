/* rdfxml_lang.h - the languages raptor's RDF/XML parser leaves off.
 *
 * raptor 2.0.15 gives the literal of a property attribute no language,
 * whatever xml:lang is in scope (W3C rdfms-xmllang test006):
 * <rdf:Description xml:lang="fr" eg:p="chat"/> gives "chat", not
 * "chat"@fr. A second XML reader (raptor's SAX2) reads each chunk just
 * before the parser and notes every literal the document holds, in the
 * order raptor gives them (a property attribute's at its element's
 * start, a text-only element's at its end) with the language in scope.
 * The loader hands it each literal raptor gives without a datatype; it
 * finds the next note with that predicate and value and says the
 * language the literal should have.
 */
#ifndef KG_RDFXML_LANG_H
#define KG_RDFXML_LANG_H

#include <stddef.h>

#include "world.h"

typedef struct xl_scan xl_scan;

/* A scan of a document with base IRI base; NULL out of memory. */
xl_scan *xl_new(const char *base);
void xl_free(xl_scan *x);
/* Reads the next chunk of the document (the one the parser reads next);
 * its XML errors are the parser's to report. -1 out of memory. */
int xl_feed(xl_scan *x, const unsigned char *buf, size_t n, int end);
/* The language of the literal (predicate IRI, value) raptor gave next:
 * 1 and *lang ("" none; borrowed until the next call) when the scan
 * noted it, 0 and *lang untouched when not (raptor's language stands). */
int xl_lang(xl_scan *x, const char *pred, const char *value, size_t len,
            const char **lang);

#endif /* KG_RDFXML_LANG_H */
