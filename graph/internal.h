/* internal.h - declarations shared inside libkg (not installed). */
#ifndef KG_INTERNAL_H
#define KG_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kg.h"

/* Passes a failing status up: TRY(f(...)); */
#define TRY(expr)                      \
  do {                                 \
    kg_status try_st_ = (expr);        \
    if (try_st_ != KG_OK) return try_st_; \
  } while (0)

/* Fills err (if any) and returns `st`. */
kg_status kg_err(kg_error *err, kg_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same with a place: file (may be NULL), line, column. */
kg_status kg_err_at(kg_error *err, kg_status st, const char *file, long line,
                    long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* errno-based I/O error: "<what> <path>: <strerror>" with status
 * NOTFOUND/IO/READONLY chosen from errno. */
kg_status kg_err_errno(kg_error *err, const char *what, const char *path);

/* --------------------------------------------------------------- terms */

/* Store-internal term identifier; 0 = none / wildcard / default graph. */
typedef uint32_t kg_id;
#define KG_ID_MAX UINT32_MAX

/* A quad of ids in canonical order (graph 0 = default graph). */
typedef struct kg_qid {
  kg_id s, p, o, g;
} kg_qid;

/* Canonical byte encoding of a term used as dictionary key and on disk:
 * kind byte ('I', 'B', 'L' plain, 'G' lang, 'T' typed), the value, NUL,
 * then for G/T the tag or datatype and NUL. Returns the length written
 * into buf (0 if buf is too small; call with len 0 to size). */
size_t kg_term_encode(const kg_term *t, unsigned char *buf, size_t len);
/* Decodes an encoding produced above; strings point into `buf`. */
int kg_term_decode(const unsigned char *buf, size_t len, kg_term *out);
/* 64-bit hash of an encoded term. */
uint64_t kg_hash_bytes(const void *data, size_t len);
/* 1 if equal RDF terms. */
int kg_term_equal(const kg_term *a, const kg_term *b);

/* Appends the N-Triples form of t to a malloc'd growing buffer. */
struct strbuf;
void kg_term_write_nt(struct strbuf *b, const kg_term *t);
/* N-Triples escaping of a string body (no quotes). */
void kg_nt_escape(struct strbuf *b, const char *s, size_t len, int iri);
/* The one table of string escapes: the short escape of a character in
 * an N-Triples, Turtle or JSON string ("\\n" for a newline...), or NULL;
 * other control characters are each syntax's own \u business. */
const char *kg_echar(unsigned c);
/* 1 if `c` may not stand in an IRIREF (<...>) and is written \uXXXX. */
int kg_iri_escaped(unsigned c);

#define KG_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define KG_XSD "http://www.w3.org/2001/XMLSchema#"
#define KG_RDF_TYPE KG_RDF "type"
#define KG_RDF_LANGSTRING KG_RDF "langString"
#define KG_XSD_STRING KG_XSD "string"

/* Time in seconds (monotonic) for progress and statistics. */
double kg_now(void);

/* Where a streamed document's bytes come from (a server's answer): the
 * bytes that came are appended to `into`, waiting for some; 1, or 0 at
 * the end of the document, or -1 with err set. */
typedef int (*kg_pull_fn)(void *ctx, struct strbuf *into, kg_error *err);

#endif /* KG_INTERNAL_H */
