/* parse_pattern.c - SPARQL group patterns, triples, paths and VALUES. */
#include <stdlib.h>
#include <string.h>

#include "sparql/syntax/syntax.h"

static int starts_term(sp_parser *p) {
  switch (p->tok.kind) {
  case SP_T_VAR: case SP_T_IRI: case SP_T_PNAME: case SP_T_BLANK:
  case SP_T_STRING: case SP_T_INTEGER: case SP_T_DECIMAL: case SP_T_DOUBLE:
  case SP_T_LBRACKET: case SP_T_LPAREN: case SP_T_PLUS: case SP_T_MINUS:
    return 1;
  case SP_T_NAME:
    return sx_is_kw(p, "true") || sx_is_kw(p, "false");
  default:
    return 0;
  }
}

#define add_triple sx_triples_add

/* --------------------------------------------------------------- paths */

static sp_path *path_new(sp_parser *p, sp_path_op op) {
  sp_path *x = arena_alloc(p->A, sizeof *x);
  if (!x) sx_nomem(p);
  else x->op = op;
  return x;
}

static int path_arg(sp_parser *p, sp_path *x, sp_path *a, int *cap) {
  if (!SX_PUSH(p, x->args, x->nargs, *cap)) return -1;
  x->args[x->nargs++] = a;
  return 0;
}

static const char *path_iri(sp_parser *p) {
  if (sx_is_a(p)) {
    sx_advance(p);
    return SX_RDF_TYPE;
  }
  if (!sx_is_iri_tok(p)) {
    sx_expected(p, "an IRI or 'a' in the property path");
    return NULL;
  }
  const char *iri = sx_iri_of(p, &p->tok);
  if (iri) sx_advance(p);
  return iri;
}

/* One member of a negated property set: iri, 'a', ^iri or ^a. */
static int nps_member(sp_parser *p, sp_path *x, int *cap, int *icap) {
  int inv = sx_accept(p, SP_T_CARET);
  const char *iri = path_iri(p);
  if (!iri) return -1;
  if (inv) {
    if (!SX_PUSH(p, x->inv_iris, x->ninv_iris, *icap)) return -1;
    x->inv_iris[x->ninv_iris++] = iri;
  } else {
    if (!SX_PUSH(p, x->iris, x->niris, *cap)) return -1;
    x->iris[x->niris++] = iri;
  }
  return 0;
}

static sp_path *negated_set(sp_parser *p) {
  sp_path *x = path_new(p, SP_PATH_NPS);
  int cap = 0, icap = 0;
  if (!x) return NULL;
  if (!sx_accept(p, SP_T_LPAREN)) return nps_member(p, x, &cap, &icap) < 0 ? NULL : x;
  if (sx_accept(p, SP_T_RPAREN)) return x;
  do {
    if (nps_member(p, x, &cap, &icap) < 0) return NULL;
  } while (sx_accept(p, SP_T_PIPE));
  if (sx_expect(p, SP_T_RPAREN, "'|' or ')' in the negated property set") < 0) return NULL;
  return x;
}

static sp_path *path_alt(sp_parser *p);

static sp_path *path_primary(sp_parser *p) {
  if (sx_accept(p, SP_T_BANG)) return negated_set(p);
  if (p->tok.kind == SP_T_LPAREN) {
    sp_token open = p->tok;
    sx_advance(p);
    if (sx_enter(p) < 0) return NULL;
    sp_path *x = path_alt(p);
    sx_leave(p);
    if (!x) return NULL;
    if (p->tok.kind == SP_T_RPAREN) {
      sx_advance(p);
      return x;
    }
    char what[80];
    snprintf(what, sizeof what, "')' to close the '(' at %d:%d", open.line, open.column);
    sx_expected(p, what);
    return NULL;
  }
  const char *iri = path_iri(p);
  sp_path *x = iri ? path_new(p, SP_PATH_LINK) : NULL;
  if (x) x->iri = iri;
  return x;
}

static sp_path *path_elt(sp_parser *p) {
  sp_path *x = path_primary(p);
  if (!x) return NULL;
  sp_path_op op = p->tok.kind == SP_T_STAR    ? SP_PATH_STAR
                  : p->tok.kind == SP_T_PLUS  ? SP_PATH_PLUS
                  : p->tok.kind == SP_T_QMARK ? SP_PATH_OPT
                                              : 0;
  if (!op) return x;
  sx_advance(p);
  sp_path *m = path_new(p, op);
  int cap = 0;
  if (!m || path_arg(p, m, x, &cap) < 0) return NULL;
  return m;
}

static sp_path *path_elt_or_inverse(sp_parser *p) {
  if (!sx_accept(p, SP_T_CARET)) return path_elt(p);
  sp_path *x = path_elt(p);
  sp_path *inv = x ? path_new(p, SP_PATH_INV) : NULL;
  int cap = 0;
  if (!inv || path_arg(p, inv, x, &cap) < 0) return NULL;
  return inv;
}

/* `first (sep next)*` as one n-ary node, or `first` alone. */
static sp_path *path_list(sp_parser *p, sp_path_op op, sp_tok_kind sep,
                          sp_path *(*next)(sp_parser *)) {
  sp_path *x = next(p);
  if (!x || p->tok.kind != sep) return x;
  sp_path *list = path_new(p, op);
  int cap = 0;
  if (!list || path_arg(p, list, x, &cap) < 0) return NULL;
  while (sx_accept(p, sep)) {
    sp_path *y = next(p);
    if (!y || path_arg(p, list, y, &cap) < 0) return NULL;
  }
  return list;
}

static sp_path *path_seq(sp_parser *p) {
  return path_list(p, SP_PATH_SEQ, SP_T_SLASH, path_elt_or_inverse);
}

static sp_path *path_alt(sp_parser *p) {
  return path_list(p, SP_PATH_ALT, SP_T_PIPE, path_seq);
}

/* --------------------------------------------------------------- triples */

static int starts_verb(sp_parser *p, int paths) {
  sp_tok_kind k = p->tok.kind;
  if (k == SP_T_VAR || k == SP_T_IRI || k == SP_T_PNAME || sx_is_a(p)) return 1;
  return paths && (k == SP_T_CARET || k == SP_T_BANG || k == SP_T_LPAREN);
}

/* Verb: a variable, or an IRI / 'a' (templates), or a path (patterns).
 * A path that is a single IRI becomes a plain predicate. */
static int verb(sp_parser *p, sp_term *pred, sp_path **path, int paths) {
  *path = NULL;
  if (p->tok.kind == SP_T_VAR) return sx_var_term(p, pred);
  if (!starts_verb(p, paths)) {
    if (p->tok.kind == SP_T_BLANK || p->tok.kind == SP_T_LBRACKET)
      return sx_error(p, "a blank node cannot be a predicate");
    if (sx_starts_literal(p)) return sx_error(p, "a literal cannot be a predicate");
    return sx_expected(p, paths ? "a predicate (IRI, variable, 'a' or a path)"
                                : "a predicate (IRI, variable or 'a')");
  }
  if (!paths) {
    if (sx_is_a(p)) {
      *pred = sx_iri_const(SX_RDF_TYPE);
      sx_advance(p);
      return 0;
    }
    return sx_iri_term(p, pred);
  }
  sp_path *x = path_alt(p);
  if (!x) return -1;
  if (x->op == SP_PATH_LINK) *pred = sx_iri_const(x->iri);
  else *path = x;
  return 0;
}

static int graph_node(sp_parser *p, sp_term *t, sx_triples *out, int paths,
                      const sp_term *s, const sp_term *pred, sp_path *path);

static int property_list(sp_parser *p, const sp_term *subj, sx_triples *out,
                         int paths, int required) {
  if (!starts_verb(p, paths)) {
    if (!required) return 0;
    sp_term dummy;
    sp_path *x;
    return verb(p, &dummy, &x, paths); /* reports what was expected */
  }
  for (;;) {
    sp_term pred;
    sp_path *path;
    memset(&pred, 0, sizeof pred);
    if (verb(p, &pred, &path, paths) < 0) return -1;
    do {
      sp_term o;
      if (graph_node(p, &o, out, paths, subj, &pred, path) < 0) return -1;
    } while (sx_accept(p, SP_T_COMMA));
    if (!sx_accept(p, SP_T_SEMI)) return 0;
    while (sx_accept(p, SP_T_SEMI)) {
    }
    if (!starts_verb(p, paths)) return 0;
  }
}

/* A plain term: variable, IRI, literal, blank node, [] or (). */
static int var_or_term(sp_parser *p, sp_term *t) {
  switch (p->tok.kind) {
  case SP_T_VAR:
    return sx_var_term(p, t);
  case SP_T_IRI:
  case SP_T_PNAME:
    return sx_iri_term(p, t);
  case SP_T_BLANK: {
    sp_token lab = p->tok;
    sx_advance(p);
    return sx_blank_term(p, t, &lab);
  }
  case SP_T_LBRACKET:
    if (sx_blank_term(p, t, NULL) < 0) return -1;
    sx_advance(p);
    return sx_expect(p, SP_T_RBRACKET, "']'");
  case SP_T_LPAREN:
    sx_advance(p);
    *t = sx_iri_const(SX_RDF_NIL);
    return sx_expect(p, SP_T_RPAREN, "')'");
  default:
    if (sx_starts_literal(p)) return sx_literal(p, t);
    return sx_expected(p, "a variable, IRI, literal or blank node");
  }
}

/* ( item ... ): a list of blank node cells with rdf:first / rdf:rest. */
static int collection(sp_parser *p, sp_term *head, sx_triples *out, int paths,
                      const sp_term *s, const sp_term *pred, sp_path *path) {
  sp_term first = sx_iri_const(SX_RDF_FIRST), rest = sx_iri_const(SX_RDF_REST);
  if (sx_blank_term(p, head, NULL) < 0) return -1;
  sx_advance(p); /* ( */
  if (s && add_triple(p, out, s, pred, path, head) < 0) return -1;
  sp_term cell = *head;
  for (;;) {
    sp_term item;
    if (graph_node(p, &item, out, paths, &cell, &first, NULL) < 0) return -1;
    if (p->tok.kind == SP_T_RPAREN) break;
    if (p->tok.kind == SP_T_EOF) return sx_expected(p, "')' to close the collection");
    sp_term next;
    if (sx_blank_term(p, &next, NULL) < 0) return -1;
    if (add_triple(p, out, &cell, &rest, NULL, &next) < 0) return -1;
    cell = next;
  }
  sx_advance(p); /* ) */
  sp_term nil = sx_iri_const(SX_RDF_NIL);
  return add_triple(p, out, &cell, &rest, NULL, &nil);
}

/* A GraphNode into *t. When `s` is given, (s pred *t) is emitted first,
 * then the triples nested inside the node. */
static int graph_node(sp_parser *p, sp_term *t, sx_triples *out, int paths,
                      const sp_term *s, const sp_term *pred, sp_path *path) {
  sp_tok_kind k = p->tok.kind;
  int nested = (k == SP_T_LBRACKET || k == SP_T_LPAREN) &&
               sx_peek(p)->kind != (k == SP_T_LBRACKET ? SP_T_RBRACKET : SP_T_RPAREN);
  if (!nested) {
    if (var_or_term(p, t) < 0) return -1;
    return s ? add_triple(p, out, s, pred, path, t) : 0;
  }
  if (sx_enter(p) < 0) return -1;
  int rc;
  if (k == SP_T_LPAREN) {
    rc = collection(p, t, out, paths, s, pred, path);
  } else {
    rc = sx_blank_term(p, t, NULL);
    sx_advance(p); /* [ */
    if (rc == 0 && s) rc = add_triple(p, out, s, pred, path, t);
    if (rc == 0) rc = property_list(p, t, out, paths, 1);
    if (rc == 0) rc = sx_expect(p, SP_T_RBRACKET, "']' to close the blank node");
  }
  sx_leave(p);
  return rc;
}

/* TriplesSameSubject(Path): a subject and its property list. */
static int triples_same_subject(sp_parser *p, sx_triples *out, int paths) {
  sp_tok_kind k = p->tok.kind;
  int node = (k == SP_T_LBRACKET || k == SP_T_LPAREN) &&
             sx_peek(p)->kind != (k == SP_T_LBRACKET ? SP_T_RBRACKET : SP_T_RPAREN);
  sp_term s;
  if (graph_node(p, &s, out, paths, NULL, NULL, NULL) < 0) return -1;
  return property_list(p, &s, out, paths, !node);
}

static int missing_dot(sp_parser *p) {
  char found[200];
  sx_describe(&p->tok, found, sizeof found);
  return sx_error(p, "expected '.' or '}' after the triple pattern, found %s "
                     "(missing '.' between triple patterns?)", found);
}

static int triples_block(sp_parser *p, sx_triples *out, int paths) {
  for (;;) {
    if (triples_same_subject(p, out, paths) < 0) return -1;
    if (!sx_accept(p, SP_T_DOT)) return starts_term(p) ? missing_dot(p) : 0;
    if (!starts_term(p)) return 0;
  }
}

int sx_triples_template(sp_parser *p, sx_triples *out) {
  if (!starts_term(p)) return 0;
  return triples_block(p, out, 0);
}

/* ---------------------------------------------------------------- VALUES */

static int data_value(sp_parser *p, sp_term *t) {
  if (sx_accept_kw(p, "UNDEF")) {
    memset(t, 0, sizeof *t);
    t->var = -1;
    return 0;
  }
  if (sx_is_iri_tok(p)) return sx_iri_term(p, t);
  if (sx_starts_literal(p)) return sx_literal(p, t);
  if (p->tok.kind == SP_T_VAR) return sx_error(p, "variables are not allowed in VALUES data");
  if (p->tok.kind == SP_T_BLANK || p->tok.kind == SP_T_LBRACKET)
    return sx_error(p, "blank nodes are not allowed in VALUES data");
  return sx_expected(p, "a value (IRI, literal or UNDEF)");
}

static int add_row(sp_parser *p, sp_node *n, sp_term *row, int *cap) {
  if (!SX_PUSH(p, n->rows, n->nrows, *cap)) return -1;
  n->rows[n->nrows++] = row;
  return 0;
}

static sp_term *new_row(sp_parser *p, int nvars) {
  sp_term *row = arena_alloc(p->A, (size_t)(nvars ? nvars : 1) * sizeof *row);
  if (!row) sx_nomem(p);
  return row;
}

static int one_var_rows(sp_parser *p, sp_node *n) {
  int cap = 0;
  while (p->tok.kind != SP_T_RBRACE) {
    sp_term *row = new_row(p, 1);
    if (!row || data_value(p, row) < 0 || add_row(p, n, row, &cap) < 0) return -1;
  }
  return 0;
}

static int full_rows(sp_parser *p, sp_node *n) {
  int cap = 0;
  while (p->tok.kind == SP_T_LPAREN) {
    sp_token open = p->tok;
    sx_advance(p);
    sp_term *row = new_row(p, n->nvars);
    if (!row) return -1;
    int k = 0;
    while (p->tok.kind != SP_T_RPAREN && p->tok.kind != SP_T_EOF) {
      sp_term t;
      if (data_value(p, &t) < 0) return -1;
      if (k < n->nvars) row[k] = t;
      k++;
    }
    if (sx_expect(p, SP_T_RPAREN, "')'") < 0) return -1;
    if (k != n->nvars)
      return sx_error_at(p, open.line, open.column,
                         "this VALUES row has %d value%s but %d variable%s declared", k,
                         k == 1 ? "" : "s", n->nvars, n->nvars == 1 ? " is" : "s are");
    if (add_row(p, n, row, &cap) < 0) return -1;
  }
  return 0;
}

sp_node *sx_data_block(sp_parser *p) {
  sp_node *n = sx_node(p, SP_N_VALUES);
  if (!n) return NULL;
  int cap = 0, one = p->tok.kind == SP_T_VAR;
  if (one) {
    if (!SX_PUSH(p, n->vars, n->nvars, cap)) return NULL;
    if ((n->vars[n->nvars++] = sx_var(p, p->tok.val, p->tok.len)) < 0) return NULL;
    sx_advance(p);
  } else if (sx_accept(p, SP_T_LPAREN)) {
    while (p->tok.kind == SP_T_VAR) {
      int v = sx_var(p, p->tok.val, p->tok.len);
      if (v < 0) return NULL;
      for (int i = 0; i < n->nvars; i++)
        if (n->vars[i] == v)
          return sx_error(p, "variable %.*s is listed twice in VALUES", (int)p->tok.srclen,
                          p->tok.src), NULL;
      if (!SX_PUSH(p, n->vars, n->nvars, cap)) return NULL;
      n->vars[n->nvars++] = v;
      sx_advance(p);
    }
    if (sx_expect(p, SP_T_RPAREN, "a variable or ')'") < 0) return NULL;
  } else {
    sx_expected(p, "a variable or '(' after VALUES");
    return NULL;
  }
  if (sx_expect(p, SP_T_LBRACE, "'{' to start the VALUES data") < 0) return NULL;
  if ((one ? one_var_rows(p, n) : full_rows(p, n)) < 0) return NULL;
  if (sx_expect(p, SP_T_RBRACE, one ? "a value or '}'" : "'(' or '}'") < 0) return NULL;
  return n;
}

/* ---------------------------------------------------------------- groups */

static const char *const group_words[] = {"OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER",
                                          "BIND", "VALUES", "UNION", NULL};

static int close_error(sp_parser *p, const sp_token *open) {
  char found[200];
  sx_describe(&p->tok, found, sizeof found);
  const char *hint = NULL;
  if (sx_is_kw(p, "UNION"))
    return sx_error(p, "UNION must join two groups, as in { ... } UNION { ... }");
  if (p->tok.kind == SP_T_NAME) hint = sx_suggest(p->tok.val, p->tok.len, group_words);
  if (hint)
    return sx_error(p, "expected '}' to close the group started at %d:%d, found %s "
                       "(did you mean %s?)", open->line, open->column, found, hint);
  return sx_error(p, "expected '}' to close the group started at %d:%d, found %s",
                  open->line, open->column, found);
}

/* The BASE and PREFIX declarations in effect, as SPARQL text. */
static const char *prologue_text(sp_parser *p) {
  strbuf b = {0};
  if (p->base) strbuf_printf(&b, "BASE <%s>\n", p->base);
  int n = 0;
  for (const sx_prefix *x = p->prefixes; x; x = x->next) n++;
  /* oldest first, so that later declarations still win */
  for (int i = n - 1; i >= 0; i--) {
    const sx_prefix *x = p->prefixes;
    for (int k = 0; k < i; k++) x = x->next;
    strbuf_printf(&b, "PREFIX %s: <%s>\n", x->name, x->iri);
  }
  const char *s = b.oom ? NULL : arena_strndup(p->A, b.data ? b.data : "", b.len);
  strbuf_free(&b);
  if (!s) sx_nomem(p);
  return s;
}

static sp_node *service(sp_parser *p) {
  sp_node *n = sx_node(p, SP_N_SERVICE);
  if (!n) return NULL;
  n->silent = sx_accept_kw(p, "SILENT");
  if (sx_var_or_iri(p, &n->graph) < 0) return NULL;
  n->prologue = prologue_text(p);
  size_t start = p->tok.off;
  if (!n->prologue || !(n->a = sx_group_graph_pattern(p))) return NULL;
  n->text = arena_strndup(p->A, p->lx.src + start, p->prev_end - start);
  return n->text ? n : (sx_nomem(p), NULL);
}

/* UNION of groups[lo, hi) as a balanced tree of left-deep runs of at
 * most 16: the same solutions in the same order as ((a UNION b) UNION
 * c)..., but a chain of 100,000 groups is a few dozen levels deep, not
 * 100,000, for every pass that recurses. */
static sp_node *union_tree(sp_parser *p, sp_node **g, int lo, int hi) {
  if (hi - lo == 1) return g[lo];
  if (hi - lo <= 16) { /* a few: the left-deep tree, as written */
    sp_node *n = g[lo];
    for (int i = lo + 1; n && i < hi; i++) n = sx_node2(p, SP_N_UNION, n, g[i]);
    return n;
  }
  int mid = lo + (hi - lo) / 2;
  sp_node *a = union_tree(p, g, lo, mid);
  sp_node *b = a ? union_tree(p, g, mid, hi) : NULL;
  return b ? sx_node2(p, SP_N_UNION, a, b) : NULL;
}

static sp_node *union_of_groups(sp_parser *p) {
  sp_node *first = sx_group_graph_pattern(p);
  if (!first || !sx_is_kw(p, "UNION")) return first;
  sp_node **g = NULL;
  int n = 0, cap = 0;
  if (sx_grow(p, (void **)&g, &cap, n, sizeof *g) < 0) return NULL;
  g[n++] = first;
  while (sx_accept_kw(p, "UNION")) {
    sp_node *b = sx_group_graph_pattern(p);
    if (!b || sx_grow(p, (void **)&g, &cap, n, sizeof *g) < 0) return NULL;
    g[n++] = b;
  }
  return union_tree(p, g, 0, n);
}

/* A GraphPatternNotTriples (or FILTER) into *e. */
static int not_triples(sp_parser *p, sx_elem *e, const sp_token *open) {
  if (p->tok.kind == SP_T_LBRACE) {
    e->kind = SX_E_NODE;
    return (e->node = union_of_groups(p)) ? 0 : -1;
  }
  if (sx_accept_kw(p, "FILTER")) {
    e->kind = SX_E_FILTER;
    sx_select *agg = p->agg;
    p->agg = NULL;
    e->expr = sx_constraint(p);
    p->agg = agg;
    return e->expr ? 0 : -1;
  }
  if (sx_accept_kw(p, "OPTIONAL")) {
    e->kind = SX_E_OPTIONAL;
    return (e->node = sx_group_graph_pattern(p)) ? 0 : -1;
  }
  if (sx_accept_kw(p, "MINUS")) {
    e->kind = SX_E_MINUS;
    return (e->node = sx_group_graph_pattern(p)) ? 0 : -1;
  }
  e->kind = SX_E_NODE;
  if (sx_accept_kw(p, "GRAPH")) {
    sp_node *n = sx_node(p, SP_N_GRAPH);
    if (!n || sx_var_or_iri(p, &n->graph) < 0 || !(n->a = sx_group_graph_pattern(p)))
      return -1;
    e->node = n;
    return 0;
  }
  if (sx_accept_kw(p, "SERVICE")) return (e->node = service(p)) ? 0 : -1;
  if (sx_accept_kw(p, "VALUES")) return (e->node = sx_data_block(p)) ? 0 : -1;
  if (sx_accept_kw(p, "BIND")) {
    e->kind = SX_E_BIND;
    if (sx_expect(p, SP_T_LPAREN, "'(' after BIND") < 0) return -1;
    sx_select *agg = p->agg;
    p->agg = NULL;
    e->expr = sx_expression(p);
    p->agg = agg;
    if (!e->expr) return -1;
    if (sx_expect_kw(p, "AS") < 0) return -1;
    e->line = p->tok.line;
    e->column = p->tok.column;
    sp_term v;
    if (p->tok.kind != SP_T_VAR) return sx_expected(p, "a variable after AS");
    if (sx_var_term(p, &v) < 0) return -1;
    e->var = v.var;
    return sx_expect(p, SP_T_RPAREN, "')' to close BIND");
  }
  return close_error(p, open);
}

/* The elements of a group up to its '}'. */
static int group_elements(sp_parser *p, const sp_token *open, sx_group *g) {
  int cur = -1, scope = 0;
  for (;;) {
    if (p->failed) return -1;
    if (p->tok.kind == SP_T_RBRACE || p->tok.kind == SP_T_EOF) return 0;
    if (starts_term(p)) {
      if (cur < 0) {
        if (!SX_PUSH(p, g->els, g->n, g->cap)) return -1;
        memset(&g->els[g->n], 0, sizeof g->els[0]);
        g->els[g->n].kind = SX_E_TRIPLES;
        cur = g->n++;
        scope = ++p->nscopes;
      }
      p->scope = scope;
      if (triples_block(p, &g->els[cur].tr, 1) < 0) return -1;
      continue;
    }
    sx_elem e;
    memset(&e, 0, sizeof e);
    e.line = p->tok.line;
    e.column = p->tok.column;
    if (not_triples(p, &e, open) < 0) return -1;
    if (!SX_PUSH(p, g->els, g->n, g->cap)) return -1;
    g->els[g->n++] = e;
    if (e.kind != SX_E_FILTER) cur = -1;
    sx_accept(p, SP_T_DOT);
  }
}

static sp_node *group_body(sp_parser *p, const sp_token *open) {
  sx_group g;
  memset(&g, 0, sizeof g);
  sp_node *n = group_elements(p, open, &g) == 0 ? sx_translate_group(p, &g) : NULL;
  for (int i = 0; i < g.n; i++) sx_triples_free(&g.els[i].tr);
  return n;
}

sp_node *sx_group_graph_pattern(sp_parser *p) {
  sp_token open = p->tok;
  if (p->tok.kind != SP_T_LBRACE) {
    sx_expected(p, "'{'");
    return NULL;
  }
  if (sx_enter(p) < 0) return NULL;
  sx_advance(p);
  sx_ctx ctx = p->ctx;
  p->ctx = SX_PATTERN;
  sp_node *n = sx_is_kw(p, "SELECT") ? sx_sub_select(p) : group_body(p, &open);
  p->ctx = ctx;
  sx_leave(p);
  if (!n) return NULL;
  if (p->tok.kind != SP_T_RBRACE) {
    close_error(p, &open);
    return NULL;
  }
  sx_advance(p);
  return n;
}
