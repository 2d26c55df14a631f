/* parse_expr.c - SPARQL expressions, built-in calls and aggregates. */
#include <string.h>

#include "sparql/syntax/syntax.h"

/* Argument shapes of built-in calls. */
enum { ARGS, NIL_ONLY, VAR_ONLY };

static const struct builtin {
  const char *name;
  sp_builtin fn;
  signed char min, max; /* max -1 = any number */
  char shape;
} builtins[] = {
    {"STR", SP_FN_STR, 1, 1, ARGS},
    {"LANG", SP_FN_LANG, 1, 1, ARGS},
    {"LANGMATCHES", SP_FN_LANGMATCHES, 2, 2, ARGS},
    {"DATATYPE", SP_FN_DATATYPE, 1, 1, ARGS},
    {"BOUND", SP_FN_BOUND, 1, 1, VAR_ONLY},
    {"IRI", SP_FN_IRI, 1, 1, ARGS},
    {"URI", SP_FN_URI, 1, 1, ARGS},
    {"BNODE", SP_FN_BNODE, 0, 1, ARGS},
    {"RAND", SP_FN_RAND, 0, 0, NIL_ONLY},
    {"ABS", SP_FN_ABS, 1, 1, ARGS},
    {"CEIL", SP_FN_CEIL, 1, 1, ARGS},
    {"FLOOR", SP_FN_FLOOR, 1, 1, ARGS},
    {"ROUND", SP_FN_ROUND, 1, 1, ARGS},
    {"CONCAT", SP_FN_CONCAT, 0, -1, ARGS},
    {"STRLEN", SP_FN_STRLEN, 1, 1, ARGS},
    {"UCASE", SP_FN_UCASE, 1, 1, ARGS},
    {"LCASE", SP_FN_LCASE, 1, 1, ARGS},
    {"ENCODE_FOR_URI", SP_FN_ENCODE_FOR_URI, 1, 1, ARGS},
    {"CONTAINS", SP_FN_CONTAINS, 2, 2, ARGS},
    {"STRSTARTS", SP_FN_STRSTARTS, 2, 2, ARGS},
    {"STRENDS", SP_FN_STRENDS, 2, 2, ARGS},
    {"STRBEFORE", SP_FN_STRBEFORE, 2, 2, ARGS},
    {"STRAFTER", SP_FN_STRAFTER, 2, 2, ARGS},
    {"YEAR", SP_FN_YEAR, 1, 1, ARGS},
    {"MONTH", SP_FN_MONTH, 1, 1, ARGS},
    {"DAY", SP_FN_DAY, 1, 1, ARGS},
    {"HOURS", SP_FN_HOURS, 1, 1, ARGS},
    {"MINUTES", SP_FN_MINUTES, 1, 1, ARGS},
    {"SECONDS", SP_FN_SECONDS, 1, 1, ARGS},
    {"TIMEZONE", SP_FN_TIMEZONE, 1, 1, ARGS},
    {"TZ", SP_FN_TZ, 1, 1, ARGS},
    {"NOW", SP_FN_NOW, 0, 0, NIL_ONLY},
    {"UUID", SP_FN_UUID, 0, 0, NIL_ONLY},
    {"STRUUID", SP_FN_STRUUID, 0, 0, NIL_ONLY},
    {"MD5", SP_FN_MD5, 1, 1, ARGS},
    {"SHA1", SP_FN_SHA1, 1, 1, ARGS},
    {"SHA256", SP_FN_SHA256, 1, 1, ARGS},
    {"SHA384", SP_FN_SHA384, 1, 1, ARGS},
    {"SHA512", SP_FN_SHA512, 1, 1, ARGS},
    {"COALESCE", SP_FN_COALESCE, 0, -1, ARGS},
    {"IF", SP_FN_IF, 3, 3, ARGS},
    {"STRLANG", SP_FN_STRLANG, 2, 2, ARGS},
    {"STRDT", SP_FN_STRDT, 2, 2, ARGS},
    {"sameTerm", SP_FN_SAMETERM, 2, 2, ARGS},
    {"isIRI", SP_FN_ISIRI, 1, 1, ARGS},
    {"isURI", SP_FN_ISURI, 1, 1, ARGS},
    {"isBLANK", SP_FN_ISBLANK, 1, 1, ARGS},
    {"isLITERAL", SP_FN_ISLITERAL, 1, 1, ARGS},
    {"isNUMERIC", SP_FN_ISNUMERIC, 1, 1, ARGS},
    {"REGEX", SP_FN_REGEX, 2, 3, ARGS},
    {"SUBSTR", SP_FN_SUBSTR, 2, 3, ARGS},
    {"REPLACE", SP_FN_REPLACE, 3, 4, ARGS},
};

static const struct {
  const char *name;
  sp_agg_op op;
} aggregates[] = {
    {"COUNT", SP_AGG_COUNT}, {"SUM", SP_AGG_SUM},       {"MIN", SP_AGG_MIN},
    {"MAX", SP_AGG_MAX},     {"AVG", SP_AGG_AVG},       {"SAMPLE", SP_AGG_SAMPLE},
    {"GROUP_CONCAT", SP_AGG_GROUP_CONCAT},
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])
#define NAGGS (sizeof aggregates / sizeof aggregates[0])

const char *sp_builtin_name(sp_builtin fn) {
  for (size_t i = 0; i < NBUILTINS; i++)
    if (builtins[i].fn == fn) return builtins[i].name;
  return "?";
}

static const struct builtin *find_builtin(const sp_token *t) {
  for (size_t i = 0; i < NBUILTINS; i++)
    if (sx_kw(t, builtins[i].name)) return &builtins[i];
  return NULL;
}

static int find_aggregate(const sp_token *t) {
  for (size_t i = 0; i < NAGGS; i++)
    if (sx_kw(t, aggregates[i].name)) return (int)i;
  return -1;
}

int sx_starts_builtin(sp_parser *p) {
  if (p->tok.kind != SP_T_NAME) return 0;
  if (find_builtin(&p->tok) || find_aggregate(&p->tok) >= 0) return 1;
  if (sx_is_kw(p, "EXISTS")) return 1;
  return sx_is_kw(p, "NOT") && sx_kw(sx_peek(p), "EXISTS");
}

/* Every function-like name, for "did you mean" hints. */
static const char *suggest_function(const sp_token *t) {
  const char *names[NBUILTINS + NAGGS + 3];
  size_t n = 0;
  for (size_t i = 0; i < NBUILTINS; i++) names[n++] = builtins[i].name;
  for (size_t i = 0; i < NAGGS; i++) names[n++] = aggregates[i].name;
  names[n++] = "EXISTS";
  names[n++] = "NOT EXISTS";
  names[n] = NULL;
  return sx_suggest(t->val, t->len, names);
}

/* '(' Expression (',' Expression)* ')' or NIL, appended to e->args.
 * `distinct` (may be NULL) accepts a leading DISTINCT. */
static int arg_list(sp_parser *p, sp_expr *e, int *distinct) {
  if (sx_expect(p, SP_T_LPAREN, "'('") < 0) return -1;
  if (sx_accept(p, SP_T_RPAREN)) return 0;
  if (distinct && sx_accept_kw(p, "DISTINCT")) *distinct = 1;
  int cap = 0;
  do {
    sp_expr *a = sx_expression(p);
    if (!a || sx_expr_arg(p, e, a, &cap) < 0) return -1;
  } while (sx_accept(p, SP_T_COMMA));
  return sx_expect(p, SP_T_RPAREN, "',' or ')' in the argument list");
}

static sp_expr *builtin_call(sp_parser *p, const struct builtin *b) {
  sp_token name = p->tok;
  sp_expr *e = sx_expr(p, SP_E_BUILTIN, &name);
  if (!e) return NULL;
  e->fn = b->fn;
  sx_advance(p);
  if (b->shape == VAR_ONLY) {
    if (sx_expect(p, SP_T_LPAREN, "'(' after BOUND") < 0) return NULL;
    if (p->tok.kind != SP_T_VAR) {
      sx_expected(p, "a variable in BOUND(...)");
      return NULL;
    }
    sp_expr *v = sx_expr(p, SP_E_VAR, &p->tok);
    int cap = 0;
    if (!v || (v->var = sx_var(p, p->tok.val, p->tok.len)) < 0) return NULL;
    if (sx_expr_arg(p, e, v, &cap) < 0) return NULL;
    sx_advance(p);
    if (sx_expect(p, SP_T_RPAREN, "')' after the variable") < 0) return NULL;
    return e;
  }
  if (p->tok.kind != SP_T_LPAREN) {
    char what[64];
    snprintf(what, sizeof what, "'(' after %s", b->name);
    sx_expected(p, what);
    return NULL;
  }
  if (arg_list(p, e, NULL) < 0) return NULL;
  if (e->nargs >= b->min && (b->max < 0 || e->nargs <= b->max)) return e;
  const char *s = b->max == 1 ? "" : "s";
  if (b->min == b->max)
    sx_error_at(p, name.line, name.column, "%s takes %d argument%s, found %d", b->name,
                b->min, b->min == 1 ? "" : "s", e->nargs);
  else
    sx_error_at(p, name.line, name.column, "%s takes %d to %d argument%s, found %d", b->name,
                b->min, b->max, s, e->nargs);
  return NULL;
}

/* An aggregate: recorded in the current SELECT, replaced by its variable. */
static sp_expr *aggregate(sp_parser *p, int which) {
  sp_token name = p->tok;
  if (!p->agg)
    return sx_error(p, "aggregate %s is only allowed in SELECT, HAVING and ORDER BY",
                    aggregates[which].name), NULL;
  if (p->in_agg)
    return sx_error(p, "aggregate %s cannot be nested inside another aggregate",
                    aggregates[which].name), NULL;
  sp_expr *e = sx_expr(p, SP_E_AGG, &name);
  if (!e) return NULL;
  e->agg = aggregates[which].op;
  sx_advance(p);
  if (sx_expect(p, SP_T_LPAREN, "'(' after the aggregate name") < 0) return NULL;
  if (sx_accept_kw(p, "DISTINCT")) e->distinct = 1;
  int cap = 0;
  if (e->agg == SP_AGG_COUNT && sx_accept(p, SP_T_STAR)) {
    /* COUNT(*): no argument */
  } else {
    p->in_agg = 1;
    sp_expr *a = sx_expression(p);
    p->in_agg = 0;
    if (!a || sx_expr_arg(p, e, a, &cap) < 0) return NULL;
  }
  if (e->agg == SP_AGG_GROUP_CONCAT && sx_accept(p, SP_T_SEMI)) {
    if (sx_expect_kw(p, "SEPARATOR") < 0 || sx_expect(p, SP_T_EQ, "'='") < 0) return NULL;
    if (p->tok.kind != SP_T_STRING) return sx_expected(p, "a string"), NULL;
    e->separator = p->tok.val;
    sx_advance(p);
  }
  if (p->tok.kind == SP_T_COMMA)
    return sx_error(p, "aggregate %s takes one argument", aggregates[which].name), NULL;
  if (sx_expect(p, SP_T_RPAREN, "')' to close the aggregate") < 0) return NULL;

  sx_select *s = p->agg;
  if (!SX_PUSH(p, s->aggs, s->naggs, s->caggs)) return NULL;
  if (!SX_PUSH(p, s->agg_vars, s->naggs, s->cagg_vars)) return NULL;
  int v = sx_hidden_var(p, ".agg", ++p->nagg);
  if (v < 0) return NULL;
  s->aggs[s->naggs] = e;
  s->agg_vars[s->naggs++] = v;
  sp_expr *ref = sx_expr(p, SP_E_VAR, &name);
  if (ref) ref->var = v;
  return ref;
}

static sp_expr *exists(sp_parser *p, int negated) {
  sp_expr *e = sx_expr(p, negated ? SP_E_NOTEXISTS : SP_E_EXISTS, &p->tok);
  if (!e) return NULL;
  sx_advance(p);
  if (negated) sx_advance(p);
  if (p->tok.kind != SP_T_LBRACE) return sx_expected(p, "'{' after EXISTS"), NULL;
  sx_select *agg = p->agg;
  int in_agg = p->in_agg;
  p->agg = NULL;
  p->in_agg = 0;
  e->pattern = sx_group_graph_pattern(p);
  p->agg = agg;
  p->in_agg = in_agg;
  return e->pattern ? e : NULL;
}

/* A call written with a bare name: built-in, aggregate or EXISTS. */
static sp_expr *named_call(sp_parser *p) {
  const struct builtin *b = find_builtin(&p->tok);
  if (b) return builtin_call(p, b);
  int agg = find_aggregate(&p->tok);
  if (agg >= 0) return aggregate(p, agg);
  if (sx_is_kw(p, "EXISTS")) return exists(p, 0);
  if (sx_is_kw(p, "NOT") && sx_kw(sx_peek(p), "EXISTS")) return exists(p, 1);
  const char *hint = suggest_function(&p->tok);
  if (sx_peek(p)->kind != SP_T_LPAREN) {
    if (hint)
      return sx_error(p, "unknown name '%.*s' in an expression (did you mean %s?)",
                      (int)p->tok.len, p->tok.val, hint), NULL;
    return sx_expected(p, "an expression"), NULL;
  }
  if (hint)
    return sx_error(p, "unknown function '%.*s' (did you mean %s?)", (int)p->tok.len,
                    p->tok.val, hint), NULL;
  return sx_error(p, "unknown function '%.*s' (extension functions are written as IRIs)",
                  (int)p->tok.len, p->tok.val), NULL;
}

/* iri ArgList: an extension function or a cast. `need_args` = 0 also
 * accepts a bare IRI (iriOrFunction). */
static sp_expr *iri_or_function(sp_parser *p, int need_args) {
  sp_token at = p->tok;
  const char *iri = sx_iri_of(p, &p->tok);
  if (!iri) return NULL;
  sx_advance(p);
  if (p->tok.kind != SP_T_LPAREN) {
    if (need_args) return sx_expected(p, "'(' after the function IRI"), NULL;
    sp_expr *c = sx_expr(p, SP_E_CONST, &at);
    if (c) c->term = sx_iri_const(iri);
    return c;
  }
  sp_expr *e = sx_expr(p, SP_E_FUNC, &at);
  if (!e) return NULL;
  e->iri = iri;
  if (arg_list(p, e, &e->distinct) < 0) return NULL;
  return e;
}

sp_expr *sx_builtin_or_function(sp_parser *p) {
  if (p->tok.kind == SP_T_NAME) return named_call(p);
  if (sx_is_iri_tok(p)) return iri_or_function(p, 1);
  sx_expected(p, "a variable, a function call or '('");
  return NULL;
}

sp_expr *sx_bracketted(sp_parser *p) {
  sp_token open = p->tok;
  if (sx_expect(p, SP_T_LPAREN, "'('") < 0 || sx_enter(p) < 0) return NULL;
  sp_expr *e = sx_expression(p);
  sx_leave(p);
  if (!e) return NULL;
  if (p->tok.kind == SP_T_RPAREN) {
    sx_advance(p);
    return e;
  }
  char what[80];
  snprintf(what, sizeof what, "')' to close the '(' at %d:%d", open.line, open.column);
  sx_expected(p, what);
  return NULL;
}

sp_expr *sx_constraint(sp_parser *p) {
  if (p->tok.kind == SP_T_LPAREN) return sx_bracketted(p);
  if (p->tok.kind == SP_T_NAME || sx_is_iri_tok(p)) return sx_builtin_or_function(p);
  sx_expected(p, "'(' or a function call");
  return NULL;
}

static sp_expr *primary(sp_parser *p) {
  sp_token at = p->tok;
  switch (p->tok.kind) {
  case SP_T_LPAREN:
    return sx_bracketted(p);
  case SP_T_VAR: {
    sp_expr *e = sx_expr(p, SP_E_VAR, &at);
    if (!e || (e->var = sx_var(p, p->tok.val, p->tok.len)) < 0) return NULL;
    sx_advance(p);
    return e;
  }
  case SP_T_IRI:
  case SP_T_PNAME:
    return iri_or_function(p, 0);
  case SP_T_STRING:
  case SP_T_INTEGER:
  case SP_T_DECIMAL:
  case SP_T_DOUBLE: {
    sp_expr *e = sx_expr(p, SP_E_CONST, &at);
    if (!e || sx_literal(p, &e->term) < 0) return NULL;
    return e;
  }
  case SP_T_NAME:
    if (sx_is_kw(p, "true") || sx_is_kw(p, "false")) {
      sp_expr *e = sx_expr(p, SP_E_CONST, &at);
      if (!e || sx_literal(p, &e->term) < 0) return NULL;
      return e;
    }
    return named_call(p);
  case SP_T_BLANK:
  case SP_T_LBRACKET:
    sx_error(p, "blank nodes cannot be used in expressions");
    return NULL;
  default:
    sx_expected(p, "an expression");
    return NULL;
  }
}

static sp_expr *unary(sp_parser *p) {
  sp_token at = p->tok;
  sp_expr_op op;
  if (at.kind == SP_T_BANG) {
    op = SP_E_NOT;
  } else if (at.kind == SP_T_MINUS || at.kind == SP_T_PLUS) {
    const sp_token *n = sx_peek(p);
    int num = n->kind == SP_T_INTEGER || n->kind == SP_T_DECIMAL || n->kind == SP_T_DOUBLE;
    if (num && !n->ws_before) {
      sp_expr *e = sx_expr(p, SP_E_CONST, &at);
      if (!e || sx_literal(p, &e->term) < 0) return NULL;
      return e;
    }
    op = at.kind == SP_T_MINUS ? SP_E_NEG : SP_E_PLUS;
  } else {
    return primary(p);
  }
  sx_advance(p);
  sp_expr *e = sx_expr(p, op, &at);
  sp_expr *a = primary(p);
  int cap = 0;
  if (!e || !a || sx_expr_arg(p, e, a, &cap) < 0) return NULL;
  return e;
}

static sp_expr *binary(sp_parser *p, sp_expr_op op, sp_expr *a, sp_expr *b,
                       const sp_token *at) {
  sp_expr *e = sx_expr(p, op, at);
  if (!e) return NULL;
  e->line = a->line;
  e->column = a->column;
  int cap = 0;
  if (sx_expr_arg(p, e, a, &cap) < 0 || sx_expr_arg(p, e, b, &cap) < 0) return NULL;
  return e;
}

/* A run of one left-associative operator (1+2+3, a || b || c) is one
 * node with n operands, evaluated as the left fold it means: a chain of
 * 8,000 terms is then one level deep, not 8,000. */
static sp_expr *extend(sp_parser *p, sp_expr_op op, sp_expr *e, sp_expr *b,
                       const sp_token *at, sp_expr **run, int *cap) {
  if (e == *run && e->op == op) return sx_expr_arg(p, e, b, cap) < 0 ? NULL : e;
  *cap = 0;
  sp_expr *n = sx_expr(p, op, at);
  if (!n) return NULL;
  n->line = e->line;
  n->column = e->column;
  if (sx_expr_arg(p, n, e, cap) < 0 || sx_expr_arg(p, n, b, cap) < 0) return NULL;
  return *run = n;
}

static sp_expr *multiplicative(sp_parser *p) {
  sp_expr *e = unary(p), *run = NULL;
  int cap = 0;
  while (e && (p->tok.kind == SP_T_STAR || p->tok.kind == SP_T_SLASH)) {
    sp_token at = p->tok;
    sx_advance(p);
    sp_expr *b = unary(p);
    if (!b) return NULL;
    e = extend(p, at.kind == SP_T_STAR ? SP_E_MUL : SP_E_DIV, e, b, &at, &run, &cap);
  }
  return e;
}

static sp_expr *additive(sp_parser *p) {
  sp_expr *e = multiplicative(p), *run = NULL;
  int cap = 0;
  while (e && (p->tok.kind == SP_T_PLUS || p->tok.kind == SP_T_MINUS)) {
    sp_token at = p->tok;
    sx_advance(p);
    sp_expr *b = multiplicative(p);
    if (!b) return NULL;
    e = extend(p, at.kind == SP_T_PLUS ? SP_E_ADD : SP_E_SUB, e, b, &at, &run, &cap);
  }
  return e;
}

/* IN / NOT IN: args[0] is the tested value, then the list. */
static sp_expr *in_list(sp_parser *p, sp_expr *left, int negated) {
  sp_token at = p->tok;
  sx_advance(p);
  if (negated) sx_advance(p);
  sp_expr *e = sx_expr(p, negated ? SP_E_NOTIN : SP_E_IN, &at);
  int cap = 0;
  if (!e || sx_expr_arg(p, e, left, &cap) < 0) return NULL;
  e->line = left->line;
  e->column = left->column;
  if (sx_expect(p, SP_T_LPAREN, "'(' after IN") < 0) return NULL;
  if (sx_accept(p, SP_T_RPAREN)) return e;
  do {
    sp_expr *a = sx_expression(p);
    if (!a || sx_expr_arg(p, e, a, &cap) < 0) return NULL;
  } while (sx_accept(p, SP_T_COMMA));
  if (sx_expect(p, SP_T_RPAREN, "',' or ')' in the IN list") < 0) return NULL;
  return e;
}

static sp_expr *relational(sp_parser *p) {
  sp_expr *e = additive(p);
  if (!e) return NULL;
  static const struct {
    sp_tok_kind k;
    sp_expr_op op;
  } ops[] = {{SP_T_EQ, SP_E_EQ}, {SP_T_NE, SP_E_NE}, {SP_T_LT, SP_E_LT},
             {SP_T_GT, SP_E_GT}, {SP_T_LE, SP_E_LE}, {SP_T_GE, SP_E_GE}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (p->tok.kind != ops[i].k) continue;
    sp_token at = p->tok;
    sx_advance(p);
    sp_expr *b = additive(p);
    if (!b) return NULL;
    return binary(p, ops[i].op, e, b, &at);
  }
  if (sx_is_kw(p, "IN")) return in_list(p, e, 0);
  if (sx_is_kw(p, "NOT") && sx_kw(sx_peek(p), "IN")) return in_list(p, e, 1);
  return e;
}

static sp_expr *conjunction(sp_parser *p) {
  sp_expr *e = relational(p), *run = NULL;
  int cap = 0;
  while (e && p->tok.kind == SP_T_AND) {
    sp_token at = p->tok;
    sx_advance(p);
    sp_expr *b = relational(p);
    if (!b) return NULL;
    e = extend(p, SP_E_AND, e, b, &at, &run, &cap);
  }
  return e;
}

sp_expr *sx_expression(sp_parser *p) {
  if (sx_enter(p) < 0) return NULL;
  sp_expr *e = conjunction(p), *run = NULL;
  int cap = 0;
  while (e && p->tok.kind == SP_T_OR) {
    sp_token at = p->tok;
    sx_advance(p);
    sp_expr *b = conjunction(p);
    if (!b) {
      e = NULL;
      break;
    }
    e = extend(p, SP_E_OR, e, b, &at, &run, &cap);
  }
  sx_leave(p);
  return e;
}
