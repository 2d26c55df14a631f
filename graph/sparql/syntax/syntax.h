/* syntax.h - internal SPARQL parser state and syntax handed to translate.c. */
#ifndef SP_SYNTAX_H
#define SP_SYNTAX_H

#include "sparql/algebra.h"
#include "sparql/syntax/lexer.h"

/* A string -> int map in the arena (variables, blank node labels). */
typedef struct sx_map_ent {
  const char *key;
  size_t len;
  int val;
  int line, column;
} sx_map_ent;

typedef struct sx_map {
  sx_map_ent *ents;
  int cap, n;
} sx_map;

/* Where a term is read: decides what variables and blank nodes become. */
typedef enum {
  SX_PATTERN = 0,   /* WHERE patterns: blank nodes -> hidden variables */
  SX_TEMPLATE,      /* CONSTRUCT and INSERT templates: blank nodes stay */
  SX_INSERT_DATA,   /* no variables; blank labels not shared across ops */
  SX_DELETE_DATA,   /* no variables, no blank nodes */
  SX_DELETE_TMPL,   /* DELETE template: no blank nodes */
  SX_DELETE_WHERE   /* DELETE WHERE: no blank nodes */
} sx_ctx;

typedef struct sx_prefix {
  const char *name;
  const char *iri;
  struct sx_prefix *next;
} sx_prefix;

/* One element of a group graph pattern, in source order. */
typedef enum {
  SX_E_TRIPLES = 1, /* a triples block (paths not yet translated) */
  SX_E_FILTER,      /* expr */
  SX_E_OPTIONAL,    /* node */
  SX_E_MINUS,       /* node */
  SX_E_BIND,        /* expr AS var */
  SX_E_NODE         /* node: group, union, GRAPH, SERVICE, VALUES, sub-select */
} sx_elem_kind;

/* Scratch list of the triples being read: triple patterns, or quads in
 * graph `g` when `quads` is set (templates, data). Heap memory, so large
 * requests do not leave copies in the arena; the owner calls
 * sx_triples_free() on every path and copies what it keeps. */
typedef struct sx_triples {
  sp_triple *t;
  sp_quad *q;
  int n, cap;
  int quads;
  sp_term g;
} sx_triples;

typedef struct sx_elem {
  sx_elem_kind kind;
  sx_triples tr;
  sp_expr *expr;
  int var;
  sp_node *node;
  int line, column;
} sx_elem;

typedef struct sx_group {
  sx_elem *els;
  int n, cap;
} sx_group;

/* A projection item: ?v, or (expr AS ?v). */
typedef struct sx_proj {
  int var;
  sp_expr *expr;
  int line, column;
} sx_proj;

/* SELECT (and the solution modifiers of every query form). Parallel
 * arrays have their own capacities. */
typedef struct sx_select {
  int distinct, reduced, star;
  sx_proj *proj;
  int nproj, cproj;
  sp_node *where;
  sp_expr **keys;          /* GROUP BY */
  int *key_vars;
  int nkeys, ckeys, ckey_vars;
  sp_expr **having;
  int nhaving, chaving;
  sp_expr **order;
  int *desc;
  int norder, corder, cdesc;
  long long limit, offset; /* -1 = none */
  sp_node *values;         /* trailing VALUES */
  sp_expr **aggs;          /* aggregates met in SELECT, HAVING, ORDER BY */
  int *agg_vars;
  int naggs, caggs, cagg_vars;
  int line, column;        /* SELECT keyword */
  int *pvars;              /* out: projected variables (SELECT, DESCRIBE) */
  int npvars;
} sx_select;

typedef struct sp_parser {
  sp_lexer lx;
  sp_token tok;            /* current token */
  sp_token ahead;          /* the one after it, when has_ahead */
  int has_ahead;
  sp_query *q;
  arena *A;
  kg_error *err;
  int failed;
  const char *base;        /* current BASE (NULL = none) */
  sx_prefix *prefixes;     /* newest first */
  sx_map vars;             /* name -> index in q->vars */
  int vcap;
  sx_map labels;           /* blank label -> BGP scope (queries/patterns) */
  sx_map data_labels;      /* INSERT DATA label -> operation index */
  int scope;               /* BGP scope of the triples being read */
  int nscopes;
  sx_ctx ctx;
  sx_select *agg;          /* where aggregates go; NULL = not allowed */
  int in_agg;              /* inside an aggregate's arguments */
  int nanon, npath, nagg;  /* hidden name counters */
  int op;                  /* update operation index */
  int depth;               /* nesting, to bound recursion */
  size_t prev_end;         /* byte offset just after the previous token */
  int cfrom, cfrom_named, cupdates, cdescribe; /* capacities */
} sp_parser;

#define SX_MAX_DEPTH 200
/* the height of an expression tree (syntax.h: sx_expr_arg) */
#define SX_MAX_HEIGHT 1000

/* parse_util.c: tokens and errors. The first error wins; after it every
 * read yields end of input, so callers only need to stop on failure. */
void sx_advance(sp_parser *p);
const sp_token *sx_peek(sp_parser *p);
int sx_is(const sp_parser *p, sp_tok_kind k);
int sx_kw(const sp_token *t, const char *kw);
int sx_is_kw(const sp_parser *p, const char *kw);
int sx_accept(sp_parser *p, sp_tok_kind k);
int sx_accept_kw(sp_parser *p, const char *kw);
int sx_error_at(sp_parser *p, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int sx_error(sp_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sx_expected(sp_parser *p, const char *what);
int sx_expect(sp_parser *p, sp_tok_kind k, const char *what);
int sx_expect_kw(sp_parser *p, const char *kw);
/* Describes a token for messages: 'SELECT', ?x, "abc", end of input. */
void sx_describe(const sp_token *t, char *out, size_t size);
/* The closest of `cands` (NULL-terminated) to the word, or NULL. */
const char *sx_suggest(const char *word, size_t len, const char *const *cands);
int sx_nomem(sp_parser *p);

/* Arrays in the arena: makes room for one more item at index n. */
int sx_grow(sp_parser *p, void **items, int *cap, int n, size_t size);
#define SX_PUSH(p, arr, n, cap) \
  (sx_grow((p), (void **)&(arr), &(cap), (n), sizeof *(arr)) == 0)

/* Appends a triple (pr NULL when `path` is set) or, in a quad list, a
 * quad in graph g; -1 when out of memory. */
int sx_triples_add(sp_parser *p, sx_triples *out, const sp_term *s, const sp_term *pr,
                   sp_path *path, const sp_term *o);
void sx_triples_free(sx_triples *t);

/* Maps. sx_map_find returns the entry or NULL; sx_map_put adds a new key
 * (the key string must live in the arena) and returns its entry. */
sx_map_ent *sx_map_find(const sx_map *m, const char *key, size_t len);
sx_map_ent *sx_map_put(sp_parser *p, sx_map *m, const char *key, size_t len);

/* Variables: index of a name, added on first use; -1 when out of memory. */
int sx_var(sp_parser *p, const char *name, size_t len);
/* A new hidden variable "<prefix><n>". */
int sx_hidden_var(sp_parser *p, const char *prefix, int n);
int sx_var_hidden(const sp_query *q, int v);

/* The IRI of an IRI token (resolved against BASE) or a prefixed name;
 * NULL after an error. */
const char *sx_iri_of(sp_parser *p, const sp_token *t);

/* Node and expression constructors (parse_util.c). */
sp_node *sx_node(sp_parser *p, sp_node_op op);
sp_node *sx_node2(sp_parser *p, sp_node_op op, sp_node *a, sp_node *b);
sp_expr *sx_expr(sp_parser *p, sp_expr_op op, const sp_token *at);
int sx_expr_arg(sp_parser *p, sp_expr *e, sp_expr *arg, int *cap);

extern const char SX_XSD_INTEGER[], SX_XSD_DECIMAL[], SX_XSD_DOUBLE[],
    SX_XSD_BOOLEAN[], SX_XSD_STRING[], SX_RDF_TYPE[], SX_RDF_FIRST[],
    SX_RDF_REST[], SX_RDF_NIL[], SX_RDF_LANGSTRING[];

/* parse_term.c: terms; each reads the current token(s) and advances. */
int sx_starts_literal(const sp_parser *p);
int sx_literal(sp_parser *p, sp_term *t);
int sx_var_term(sp_parser *p, sp_term *t);
int sx_blank_term(sp_parser *p, sp_term *t, const sp_token *label);
int sx_iri_term(sp_parser *p, sp_term *t);
int sx_var_or_iri(sp_parser *p, sp_term *t);
int sx_is_iri_tok(const sp_parser *p);
/* 1 if the current token is the keyword 'a' (lowercase only). */
int sx_is_a(const sp_parser *p);
sp_term sx_iri_const(const char *iri);
int sx_enter(sp_parser *p);
void sx_leave(sp_parser *p);

/* parse_pattern.c */
sp_node *sx_group_graph_pattern(sp_parser *p);
/* TriplesTemplate? up to (not including) '}' or GRAPH; no paths. */
int sx_triples_template(sp_parser *p, sx_triples *out);
sp_node *sx_data_block(sp_parser *p);

/* parse_expr.c */
sp_expr *sx_expression(sp_parser *p);
sp_expr *sx_bracketted(sp_parser *p);
sp_expr *sx_constraint(sp_parser *p);
sp_expr *sx_builtin_or_function(sp_parser *p);
int sx_starts_builtin(sp_parser *p);

/* parser.c */
sp_node *sx_sub_select(sp_parser *p);

/* translate.c */
sp_node *sx_translate_group(sp_parser *p, sx_group *g);
sp_node *sx_translate_select(sp_parser *p, sx_select *s, sp_form form);
sp_node *sx_translate_quads(sp_parser *p, const sp_quad *qs, int n);

#endif /* SP_SYNTAX_H */
