/* inline.h - small numbers and dates written in their ids.
 *
 * Ids from INLINE_TAG to 0x7fffffff are not records of the dictionary:
 * the id is the literal. Bits 29-28 say its datatype, the 28 below its
 * value:
 *   INLINE_INTEGER  xsd:integer in [-2^27, 2^27): value + 2^27
 *   INLINE_DECIMAL  xsd:decimal with at most 3 digits after the point and
 *                   a mantissa in [-2^25, 2^25): fraction digits (0: no
 *                   point) in bits 27-26, mantissa + 2^25 below
 *   INLINE_DATE     xsd:date "YYYY-MM-DD", years 1 to 9999, no time
 *                   zone: days since 0001-01-01
 * Only lexical forms that the id gives back exactly are inlined ("5",
 * not "05" or "+5"), so a term read is the term written. Integers and
 * dates sort by value in id order. Records end below INLINE_TAG
 * (DICT_RECORDS_MAX), and the evaluator's own ids begin above 0x7fffffff.
 */
#ifndef KG_INLINE_H
#define KG_INLINE_H

#include "internal.h"

#define INLINE_TAG 0x40000000u
#define DICT_RECORDS_MAX (INLINE_TAG - 1)

enum { INLINE_INTEGER, INLINE_DECIMAL, INLINE_DATE };

/* Longest text of an inline literal, with its NUL. */
enum { INLINE_TEXT = 12 };

static inline int inline_is(kg_id id) {
  return (id & 0xc0000000u) == INLINE_TAG;
}
static inline int inline_kind(kg_id id) { return (int)(id >> 28) & 3; }

/* The id of a literal written in its id, or 0 when it is not one. */
kg_id inline_id(const kg_term *t);

/* The text of an inline id in buf (INLINE_TEXT bytes, NUL-terminated)
 * and its datatype IRI (static) in *dt: its length, 0 when the id is not
 * a valid inline id. */
size_t inline_text(kg_id id, char *buf, const char **dt);

/* The datatype IRI (static) of an inline id's kind. */
const char *inline_datatype(kg_id id);

/* The parts of an inline id, by kind: an integer's value; a decimal's
 * mantissa (its value is mantissa x 10^-scale); a date's year, month and
 * day. */
int64_t inline_integer(kg_id id);
int64_t inline_mantissa(kg_id id, int *scale);
void inline_date(kg_id id, int *year, int *month, int *day);

/* The texts of the inline ids asked for: each made once and kept until
 * inline_texts_free (16 bytes an id), so that a term's strings live as
 * long as its owner's (the dictionary's, a query's). Zero-initialise. */
typedef struct inline_texts {
  struct inline_text **chunk; /* TEXT_CHUNK entries each, never moved */
  size_t n;
  uint32_t *slot; /* hash table of entries + 1 */
  size_t nslot;
} inline_texts;

/* The term of an inline id, its strings borrowed from x: 1; -1 when the
 * id is no literal (damage); 0 when out of memory. */
int inline_term(inline_texts *x, kg_id id, kg_term *out);
void inline_texts_free(inline_texts *x);

#endif /* KG_INLINE_H */
