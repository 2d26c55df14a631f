/* value.h - SPARQL values: terms with their typed value, and the
 * operators, functions, casts and aggregates of SPARQL 1.1 (spec s.17).
 *
 * An sp_val is a term (IRI, blank node or literal) plus, for literals of a
 * known datatype, its parsed value. Strings in an sp_val are borrowed:
 * from the store, from the query, or from the sp_fctx arena for computed
 * values; they stay valid until that arena is reset.
 */
#ifndef SP_VALUE_H
#define SP_VALUE_H

#include <stdint.h>

#include "kg.h"
#include "sparql/algebra.h"
#include "arena.h"

typedef enum {
  SPV_ERROR = 0,  /* an expression error (unbound variable, type error) */
  SPV_IRI,
  SPV_BNODE,
  SPV_STRING,     /* simple literal or xsd:string (dt says which) */
  SPV_LANG,       /* rdf:langString: lang is set */
  SPV_BOOLEAN,
  SPV_INTEGER,    /* xsd:integer and all its derived types */
  SPV_DECIMAL,
  SPV_FLOAT,
  SPV_DOUBLE,
  SPV_DATETIME,   /* xsd:dateTime */
  SPV_DATE,       /* xsd:date */
  SPV_TIME,       /* xsd:time */
  SPV_DURATION,   /* xsd:duration, dayTimeDuration, yearMonthDuration */
  SPV_OTHER       /* a literal of another or unknown datatype, or an
                     ill-typed literal of a known one (compares by term) */
} sp_val_type;

/* A decimal is an exact value `digits` x 10^-scale when `exact`, else the
 * double `d` is used. Integers that overflow int64 become decimals. */
typedef struct sp_val {
  sp_val_type type;
  const char *lex;        /* IRI, blank label, or lexical form */
  size_t len;
  const char *dt;         /* datatype IRI; NULL for simple literals */
  const char *lang;       /* SPV_LANG only */
  union {
    int64_t i;            /* INTEGER; BOOLEAN (0/1) */
    double d;             /* FLOAT, DOUBLE */
    /* DECIMAL. `integer` (added) marks an xsd:integer (or derived type)
     * too large for int64: it stays an integer for type promotion. */
    struct { __int128 digits; int scale; int exact; double d; int integer; } dec;
    struct {              /* DATETIME, DATE, TIME */
      int64_t year; int month, day, hour, minute;
      int64_t sec_micro;  /* seconds x 1e6 */
      int has_tz; int tz_minutes;
    } dt;
    struct { int64_t months; int64_t micros; } dur; /* DURATION */
  } v;
} sp_val;

/* Function context: per-query state for functions. Zero-initialise, set
 * `arena`, `now` (seconds since epoch + micros, fixed per query) and
 * `base`; call sp_fctx_clear() when done. */
typedef struct sp_fctx {
  arena *arena;        /* where computed strings go */
  int64_t now_sec;
  int now_usec;
  int now_tz_minutes;     /* local zone offset used to print NOW() */
  const char *base;       /* base IRI for IRI() */
  uint64_t bnode_counter; /* BNODE() labels */
  const char *bnode_prefix; /* prefix for generated blank labels */
  void *regex_cache;      /* compiled PCRE2 patterns, owned */
  void (*regex_cache_free)(void *cache); /* set with regex_cache */
  uint64_t rand_state;
  char errmsg[256];       /* last error text, for messages */
  uint64_t solution;      /* (added) solution number: BNODE(str) gives the
                             same node for the same string only while this
                             is unchanged; see sp_fctx_next_solution() */
} sp_fctx;

void sp_fctx_clear(sp_fctx *c);
/* (added) The evaluator calls this before evaluating the expressions of
 * each new solution (row): BNODE("x") is then a fresh blank node again.
 * Within one solution every BNODE("x") gives the same node. */
void sp_fctx_next_solution(sp_fctx *c);

/* Term <-> value. sp_val_from_term never fails: a literal whose lexical
 * form is invalid for its datatype is SPV_OTHER. Strings stay borrowed. */
sp_val sp_val_from_term(const kg_term *t);
/* The value of a literal whose value is known without reading its text
 * (the store's inline ids): the same as sp_val_from_term of t, which must
 * be a canonical xsd:integer, an xsd:decimal of mantissa x 10^-scale, or
 * an xsd:date without a zone. */
sp_val sp_val_known_integer(const kg_term *t, int64_t i);
sp_val sp_val_known_decimal(const kg_term *t, int64_t mantissa, int scale);
sp_val sp_val_known_date(const kg_term *t, int year, int month, int day);
kg_term sp_val_to_term(const sp_val *v);
sp_val sp_val_error(void);

/* Constructors; strings are copied into c->arena where noted (copy=1). */
sp_val sp_val_iri(sp_fctx *c, const char *iri, size_t len, int copy);
sp_val sp_val_string(sp_fctx *c, const char *s, size_t len, int copy);
sp_val sp_val_lang(sp_fctx *c, const char *s, size_t len, const char *lang,
                   int copy);
sp_val sp_val_typed(sp_fctx *c, const char *lex, size_t len, const char *dt,
                    int copy);
sp_val sp_val_int(sp_fctx *c, int64_t i);
sp_val sp_val_double(sp_fctx *c, double d);
sp_val sp_val_bool(int b);

/* Effective boolean value (s.17.2.2): 1 true, 0 false, -1 error. */
int sp_val_ebv(const sp_val *v);

/* RDFterm-equal / "=" (s.17.4.1.7 and operator mapping): 1 equal, 0 not,
 * -1 type error (e.g. comparing unknown datatypes with different
 * lexical forms). */
int sp_val_equal(const sp_val *a, const sp_val *b);
/* "<" etc.: returns -1/0/1 for a<b, a=b, a>b, or 2 on a type error. */
int sp_val_compare(const sp_val *a, const sp_val *b);
/* sameTerm: 1 if the same RDF term. */
int sp_val_same_term(const sp_val *a, const sp_val *b);
/* Total order for ORDER BY (s.15.1): unbound < blank < IRI < literal,
 * then by value where comparable, else by lexical form/type. Never fails.
 * `a`/`b` may be NULL for unbound. */
int sp_val_order(const sp_val *a, const sp_val *b);

/* Binary and unary operators; result SPV_ERROR on a type error. */
sp_val sp_val_arith(sp_fctx *c, sp_expr_op op, const sp_val *a,
                    const sp_val *b);
sp_val sp_val_negate(sp_fctx *c, const sp_val *a);
sp_val sp_val_unary_plus(sp_fctx *c, const sp_val *a);

/* Built-in functions except BOUND, IF, COALESCE, EXISTS (evaluator).
 * args are already evaluated (an SPV_ERROR arg makes most functions
 * return an error). */
sp_val sp_call_builtin(sp_fctx *c, sp_builtin fn, const sp_val *args,
                       int nargs);

/* Functions by IRI: the xsd casts (xsd:string, xsd:integer, xsd:decimal,
 * xsd:float, xsd:double, xsd:boolean, xsd:dateTime, xsd:date, ...) and any
 * extension functions. *known is set to 0 for an unknown IRI. */
sp_val sp_call_iri(sp_fctx *c, const char *iri, const sp_val *args,
                   int nargs, int *known);

/* Aggregates. An accumulator is created per group and aggregate. */
typedef struct sp_agg sp_agg;
sp_agg *sp_agg_new(sp_agg_op op, int distinct, const char *separator);
/* Adds one value (for COUNT(*) pass NULL). An SPV_ERROR value (an error
 * or an unbound variable) is skipped by COUNT, SAMPLE, MIN and MAX and
 * makes SUM, AVG and GROUP_CONCAT an error. DISTINCT compares by
 * sameTerm; for COUNT(DISTINCT *) the evaluator passes NULL once per
 * distinct solution. */
void sp_agg_add(sp_agg *g, sp_fctx *c, const sp_val *v);
/* The result; SPV_ERROR where the spec says the aggregate errors (then
 * the variable is left unbound). Strings are copied into c->arena. */
sp_val sp_agg_result(sp_agg *g, sp_fctx *c);
void sp_agg_free(sp_agg *g);

/* Writes the canonical lexical form of a number (used by casts and
 * results): e.g. 1.0E0 for doubles, "2.5" for decimals. Booleans, dates,
 * times and durations get theirs too; other terms give v->lex. NULL
 * when the arena is out of memory. */
const char *sp_val_lexical(sp_fctx *c, const sp_val *v, size_t *len);

/* XSD datatype IRIs. */
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_STRING XSD "string"
#define XSD_BOOLEAN XSD "boolean"
#define XSD_INTEGER XSD "integer"
#define XSD_DECIMAL XSD "decimal"
#define XSD_FLOAT XSD "float"
#define XSD_DOUBLE XSD "double"
#define XSD_DATETIME XSD "dateTime"
#define XSD_DATE XSD "date"
#define RDF_LANGSTRING RDF_NS "langString"

#endif /* SP_VALUE_H */
