/* iri.h - IRI references: resolution against a base (RFC 3986 s.5.2) and
 * the characters an IRI may hold. One implementation for the parser
 * (relative IRIs in a query) and for IRI() (relative strings at run
 * time), so a query and its functions resolve alike. */
#ifndef IRI_H
#define IRI_H

#include <stddef.h>

#include "arena.h"

/* Resolves ref[0..len) against base (NUL-terminated, may be NULL) into a
 * new NUL-terminated string in the arena; its length goes to *out_len
 * when out_len is not NULL. An absolute reference still loses its dot
 * segments (s.5.2.2), as raptor does for data, so queries and data agree.
 * With no base, or a base without a scheme, a relative reference comes
 * back as it is. NULL when the arena is out of memory. */
char *iri_resolve(arena *a, const char *base, const char *ref, size_t len,
                  size_t *out_len);

/* 0 when ref[0..len) is absolute and has no dot segment, so that
 * iri_resolve would give it back as it is (a fast path for parsers of
 * data full of absolute IRIs); 1 otherwise. */
int iri_needs_resolving(const char *ref, size_t len);

/* 1 if c may not appear in an IRI (SPARQL IRIREF: controls, space and
 * <>"{}|^`\). */
int iri_char_forbidden(unsigned c);
/* 1 if s[0..n) holds no forbidden byte. */
int iri_chars_ok(const char *s, size_t n);

/* file: IRIs, as raptor wrote and read them before kgsh stopped loading
 * raptor for them: an absolute path as "file://" + the path with only
 * '%' and ' ' escaped; and back, the authority and any query or fragment
 * left out, %XX decoded. New strings the caller frees; NULL when out of
 * memory, or (iri_file_path) for an IRI that is no file: IRI. */
char *iri_from_path(const char *abs);
char *iri_file_path(const char *iri);

#endif /* IRI_H */
