/* algebra.h - SPARQL 1.1 queries and updates as algebra trees (spec s.18).
 *
 * The parser (parser.c) builds an sp_query; the optimizer rewrites its
 * tree; the evaluator runs it. Every node, expression, term and string of
 * a query lives in the query's arena and is freed with sp_query_free().
 */
#ifndef SP_ALGEBRA_H
#define SP_ALGEBRA_H

#include <stddef.h>
#include <stdint.h>

#include "kg.h"
#include "arena.h"
#include "strbuf.h"

/* ----------------------------------------------------------------- terms */

/* kind: KG_TERM_IRI, KG_TERM_BLANK, KG_TERM_LITERAL, or SP_VAR.
 * Blank nodes in query patterns become hidden variables (SP_VAR with a
 * name starting "_:"), as the spec allows; in INSERT DATA / templates they
 * stay KG_TERM_BLANK. A literal's lang is lowercase; a literal written
 * without datatype or language has datatype NULL (simple literal); numbers
 * and booleans in the query get their xsd datatype. */
#define SP_VAR 16
typedef struct sp_term {
  int kind;
  const char *value;   /* IRI, blank label, lexical form, or variable name */
  size_t len;          /* bytes in value */
  const char *datatype;
  const char *lang;
  int var;             /* SP_VAR: index in sp_query.vars */
} sp_term;

/* The kg_term of a query's term (strings borrowed). */
static inline kg_term sp_term_kg(const sp_term *t) {
  kg_term k = {(kg_term_kind)t->kind, t->value, t->len, t->datatype, t->lang};
  return k;
}

/* ------------------------------------------------------- property paths */

typedef enum {
  SP_PATH_LINK = 1,  /* iri */
  SP_PATH_INV,       /* ^a (a = args[0]) */
  SP_PATH_SEQ,       /* a/b/... (args[0..n-1]) */
  SP_PATH_ALT,       /* a|b|... */
  SP_PATH_STAR,      /* a* */
  SP_PATH_PLUS,      /* a+ */
  SP_PATH_OPT,       /* a? */
  SP_PATH_NPS        /* !(a|^b|...): iris forward, inv_iris backward */
} sp_path_op;

typedef struct sp_path {
  sp_path_op op;
  const char *iri;            /* LINK */
  struct sp_path **args;
  int nargs;
  const char **iris;          /* NPS forward IRIs */
  int niris;
  const char **inv_iris;      /* NPS inverse IRIs */
  int ninv_iris;
} sp_path;

/* A triple pattern; `path` is NULL for a plain predicate `p`. */
typedef struct sp_triple {
  sp_term s, p, o;
  sp_path *path;
} sp_triple;

/* A quad pattern or template (updates, CONSTRUCT): g.kind 0 = default. */
typedef struct sp_quad {
  sp_term s, p, o, g;
} sp_quad;

/* ----------------------------------------------------------- expressions */

typedef enum {
  SP_E_CONST = 1, /* term */
  SP_E_VAR,       /* var */
  SP_E_OR, SP_E_AND, SP_E_NOT,
  SP_E_EQ, SP_E_NE, SP_E_LT, SP_E_GT, SP_E_LE, SP_E_GE,
  SP_E_IN, SP_E_NOTIN,          /* args[0] IN (args[1..]) */
  SP_E_ADD, SP_E_SUB, SP_E_MUL, SP_E_DIV,
  SP_E_NEG, SP_E_PLUS,          /* unary - and + */
  SP_E_BUILTIN,                 /* builtin (sp_builtin), args */
  SP_E_FUNC,                    /* iri(args): casts, extension functions */
  SP_E_EXISTS, SP_E_NOTEXISTS,  /* pattern */
  SP_E_AGG                      /* aggregate; only inside GROUP's list */
} sp_expr_op;

/* Built-in calls (spec s.17.4), named as in the grammar. BOUND, IF,
 * COALESCE take unevaluated arguments; the evaluator handles them. */
typedef enum {
  SP_FN_STR = 1, SP_FN_LANG, SP_FN_LANGMATCHES, SP_FN_DATATYPE, SP_FN_BOUND,
  SP_FN_IRI, SP_FN_URI, SP_FN_BNODE, SP_FN_RAND, SP_FN_ABS, SP_FN_CEIL,
  SP_FN_FLOOR, SP_FN_ROUND, SP_FN_CONCAT, SP_FN_STRLEN, SP_FN_UCASE,
  SP_FN_LCASE, SP_FN_ENCODE_FOR_URI, SP_FN_CONTAINS, SP_FN_STRSTARTS,
  SP_FN_STRENDS, SP_FN_STRBEFORE, SP_FN_STRAFTER, SP_FN_YEAR, SP_FN_MONTH,
  SP_FN_DAY, SP_FN_HOURS, SP_FN_MINUTES, SP_FN_SECONDS, SP_FN_TIMEZONE,
  SP_FN_TZ, SP_FN_NOW, SP_FN_UUID, SP_FN_STRUUID, SP_FN_MD5, SP_FN_SHA1,
  SP_FN_SHA256, SP_FN_SHA384, SP_FN_SHA512, SP_FN_COALESCE, SP_FN_IF,
  SP_FN_STRLANG, SP_FN_STRDT, SP_FN_SAMETERM, SP_FN_ISIRI, SP_FN_ISURI,
  SP_FN_ISBLANK, SP_FN_ISLITERAL, SP_FN_ISNUMERIC, SP_FN_REGEX,
  SP_FN_SUBSTR, SP_FN_REPLACE,
  SP_FN__COUNT
} sp_builtin;

typedef enum {
  SP_AGG_COUNT = 1, SP_AGG_SUM, SP_AGG_MIN, SP_AGG_MAX, SP_AGG_AVG,
  SP_AGG_SAMPLE, SP_AGG_GROUP_CONCAT
} sp_agg_op;

typedef struct sp_node sp_node;

typedef struct sp_expr {
  sp_expr_op op;
  struct sp_expr **args;
  int nargs;
  sp_term term;            /* CONST */
  const struct sp_val *val; /* CONST: its value, made once by the optimizer
                               (NULL: made from term at each use) */
  int var;                 /* VAR */
  sp_builtin fn;           /* BUILTIN */
  const char *iri;         /* FUNC */
  sp_node *pattern;        /* EXISTS / NOTEXISTS */
  sp_agg_op agg;           /* AGG: args[0] or none for COUNT(*) */
  int distinct;            /* AGG */
  const char *separator;   /* AGG GROUP_CONCAT; NULL = " " */
  int line, column;        /* where it starts in the source */
  int height;              /* levels of operands below it */
} sp_expr;

/* ----------------------------------------------------------------- nodes */

typedef enum {
  SP_N_BGP = 1,   /* triples[ntriples]; ntriples 0 = the unit table */
  SP_N_PATH,      /* one triple with a non-trivial path (triples[0]) */
  SP_N_JOIN,      /* a, b */
  SP_N_LEFTJOIN,  /* a, b, expr (NULL = true) */
  SP_N_FILTER,    /* a, exprs[nexprs] (conjunction) */
  SP_N_UNION,     /* a, b */
  SP_N_MINUS,     /* a, b */
  SP_N_GRAPH,     /* graph term (IRI or var), a */
  SP_N_EXTEND,    /* a, var, expr: BIND / SELECT (expr AS ?v) */
  SP_N_GROUP,     /* a, keys exprs[nexprs] (+ key_vars), aggs: see below */
  SP_N_VALUES,    /* vars[nvars], rows[nrows][nvars] (kind 0 = UNDEF) */
  SP_N_SERVICE,   /* graph = endpoint term, silent, a, text */
  SP_N_PROJECT,   /* a, vars[nvars] */
  SP_N_DISTINCT,  /* a */
  SP_N_REDUCED,   /* a */
  SP_N_SLICE,     /* a, offset, limit (-1 = none) */
  SP_N_ORDER,     /* a, exprs[nexprs], desc[nexprs] */
  SP_N_TABLE      /* the empty multiset (a query that can match nothing) */
} sp_node_op;

struct sp_node {
  sp_node_op op;
  sp_node *a, *b;

  sp_triple *triples;      /* BGP, PATH */
  int ntriples;

  sp_expr **exprs;         /* FILTER, GROUP keys, ORDER conditions */
  int nexprs;
  int *desc;               /* ORDER: 1 = DESC */
  int *key_vars;           /* GROUP: var bound to each key (-1 = none) */

  sp_expr **aggs;          /* GROUP: SP_E_AGG expressions */
  int naggs;
  int *agg_vars;           /* GROUP: hidden var that holds each aggregate */

  sp_expr *expr;           /* LEFTJOIN condition, EXTEND expression */
  int var;                 /* EXTEND target */

  int *vars;               /* PROJECT, VALUES */
  int nvars;
  sp_term **rows;          /* VALUES rows, each nvars terms */
  int nrows;

  sp_term graph;           /* GRAPH name, SERVICE endpoint */
  int silent;              /* SERVICE SILENT */
  const char *text;        /* SERVICE: the group pattern as SPARQL text */
  /* Added by the parser: SERVICE: the BASE and PREFIX declarations in
   * effect at the SERVICE keyword, as SPARQL text ("" when none), so that
   * prologue + "SELECT * WHERE " + text is a complete query even when the
   * group uses prefixed names or relative IRIs. */
  const char *prologue;

  long long offset, limit; /* SLICE */
  /* ORDER: only the first topk rows are read (a SLICE above wants
   * offset + limit of them), 0 = all; set by the optimizer (optimize.c) */
  long long topk;
};

/* --------------------------------------------------------------- updates */

typedef enum {
  SP_U_INSERT_DATA = 1, SP_U_DELETE_DATA, SP_U_DELETE_WHERE,
  SP_U_MODIFY,         /* WITH? DELETE {} INSERT {} USING* WHERE */
  SP_U_LOAD, SP_U_CLEAR, SP_U_DROP, SP_U_CREATE,
  SP_U_ADD, SP_U_MOVE, SP_U_COPY
} sp_update_op;

/* Graph targets of CLEAR/DROP/CREATE/ADD/MOVE/COPY/LOAD INTO. */
typedef enum {
  SP_G_NONE = 0, SP_G_IRI, SP_G_DEFAULT, SP_G_NAMED, SP_G_ALL
} sp_graph_ref;

typedef struct sp_update {
  sp_update_op op;
  int silent;
  sp_quad *del; int ndel;        /* DELETE DATA / DELETE WHERE / MODIFY */
  sp_quad *ins; int nins;        /* INSERT DATA / MODIFY */
  sp_node *where;                /* MODIFY, DELETE WHERE (from del) */
  const char *with;              /* MODIFY WITH iri */
  const char **using; int nusing;
  const char **using_named; int nusing_named;
  const char *source;            /* LOAD iri */
  sp_graph_ref target;           /* CLEAR/DROP/CREATE, LOAD INTO, ADD.. to */
  const char *target_iri;
  sp_graph_ref from;             /* ADD/MOVE/COPY source */
  const char *from_iri;
  int line, column;
} sp_update;

/* ----------------------------------------------------------------- query */

typedef enum {
  SP_SELECT = 1, SP_CONSTRUCT, SP_ASK, SP_DESCRIBE, SP_UPDATE
} sp_form;

typedef struct sp_query {
  arena *arena;
  sp_form form;

  const char **vars;       /* every variable; hidden ones start "_:" or
                              "." (aggregates, blank nodes, paths) */
  int nvars;

  sp_node *pattern;        /* the algebra, solution modifiers included */
  int *proj;               /* SELECT: projected vars in order */
  int nproj;
  int select_star;

  sp_quad *tmpl;           /* CONSTRUCT template */
  int ntmpl;
  sp_term *describe;       /* DESCRIBE terms/vars; ndescribe 0 = * */
  int ndescribe;

  const char **from;       /* FROM */
  int nfrom;
  const char **from_named; /* FROM NAMED */
  int nfrom_named;

  sp_update *updates;      /* UPDATE: operations in order */
  int nupdates;

  const char *base;
} sp_query;

/* Parser entry points (parser.c). `prefixes` is a NULL-terminated list of
 * name, iri pairs declared before the text (the store's registry); the
 * query's own PREFIX lines override them, and a name declared twice is not
 * an error. On error returns NULL and fills err (status KG_ERR_SYNTAX,
 * file "<query>", line, column, and a message saying what was expected). */
/* 1 for a hidden variable's name ("_:b" for a blank node, ".p1" for a
 * path or an aggregate): never shown, never part of SELECT *. */
static inline int sp_name_hidden(const char *name) {
  return name[0] == '.' || (name[0] == '_' && name[1] == ':');
}

sp_query *sp_parse(const char *text, size_t len, const char *base,
                   const char *const *prefixes, kg_error *err);
void sp_query_free(sp_query *q);

/* Appends a readable form of the algebra (one operator per line,
 * indented) to `out` (algebra_print.c). */
void sp_query_print(const sp_query *q, strbuf *out);
void sp_node_print(const sp_query *q, const sp_node *n, int depth,
                   strbuf *out);

/* Pieces of the above, for plans (explain.c): a triple pattern, an
 * expression, and an operator's head (its name and inline arguments, with
 * a left join's condition; no children and no closing parenthesis). */
void sp_triple_print(const sp_query *q, const sp_triple *t, strbuf *out);
void sp_expr_print(const sp_query *q, const sp_expr *e, int depth, strbuf *out);
void sp_node_head(const sp_query *q, const sp_node *n, int depth, strbuf *out);

/* Name of a builtin as written in SPARQL ("STRLEN"). */
const char *sp_builtin_name(sp_builtin fn);

#endif /* SP_ALGEBRA_H */
