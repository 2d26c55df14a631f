/* translate.c - SPARQL syntax to algebra (spec s.18.2) with static checks. */
#include <stdlib.h>
#include <string.h>

#include "sparql/syntax/syntax.h"

/* A set of variables: in[v] for v < n. */
typedef struct {
  char *in;
  int n;
} vset;

static int has(vset s, int v) { return v >= 0 && v < s.n && s.in[v]; }

static int vset_new(sp_parser *p, vset *s) {
  s->n = p->q->nvars;
  s->in = arena_alloc(p->A, (size_t)s->n + 1);
  return s->in ? 0 : sx_nomem(p);
}

static void put(vset s, int v) {
  if (v >= 0 && v < s.n) s.in[v] = 1;
}

static void put_term(vset s, const sp_term *t) {
  if (t->kind == SP_VAR) put(s, t->var);
}

/* In-scope variables of a pattern (s.18.2.1). */
static void scope_add(vset s, const sp_node *n) {
  if (!n) return;
  switch (n->op) {
  case SP_N_BGP:
  case SP_N_PATH:
    for (int i = 0; i < n->ntriples; i++) {
      put_term(s, &n->triples[i].s);
      if (!n->triples[i].path) put_term(s, &n->triples[i].p);
      put_term(s, &n->triples[i].o);
    }
    return;
  case SP_N_JOIN:
  case SP_N_LEFTJOIN:
  case SP_N_UNION:
    scope_add(s, n->a);
    scope_add(s, n->b);
    return;
  case SP_N_GRAPH:
  case SP_N_SERVICE:
    put_term(s, &n->graph);
    scope_add(s, n->a);
    return;
  case SP_N_EXTEND:
    put(s, n->var);
    scope_add(s, n->a);
    return;
  case SP_N_GROUP:
    for (int i = 0; i < n->nexprs; i++) put(s, n->key_vars[i]);
    for (int i = 0; i < n->naggs; i++) put(s, n->agg_vars[i]);
    return;
  case SP_N_VALUES:
  case SP_N_PROJECT:
    for (int i = 0; i < n->nvars; i++) put(s, n->vars[i]);
    return;
  case SP_N_TABLE:
    return;
  default: /* MINUS, FILTER, DISTINCT, REDUCED, SLICE, ORDER: the left side */
    scope_add(s, n->a);
    return;
  }
}

static int scope_of(sp_parser *p, const sp_node *n, vset *s) {
  if (vset_new(p, s) < 0) return -1;
  scope_add(*s, n);
  return 0;
}

/* --------------------------------------------------------------- helpers */

static int is_unit(const sp_node *n) { return n->op == SP_N_BGP && n->ntriples == 0; }

/* Join with the simplifications of s.18.2.2.8: Z is the identity. */
static sp_node *join(sp_parser *p, sp_node *g, sp_node *a) {
  if (!g || is_unit(g)) return a;
  if (is_unit(a)) return g;
  return sx_node2(p, SP_N_JOIN, g, a);
}

static sp_node *or_unit(sp_parser *p, sp_node *g) { return g ? g : sx_node(p, SP_N_BGP); }

/* The FILTERs of a group as one n-ary && (however many there are). */
static sp_expr *conjunction(sp_parser *p, sp_expr **es, int n) {
  if (n == 1) return es[0];
  sp_expr *and = sx_expr(p, SP_E_AND, NULL);
  int cap = 0;
  for (int i = 0; and && i < n; i++)
    if (sx_expr_arg(p, and, es[i], &cap) < 0) return NULL;
  if (!and) return NULL;
  and->line = es[0]->line;
  and->column = es[0]->column;
  return and;
}

static const char *var_name(const sp_parser *p, int v) { return p->q->vars[v]; }

/* ----------------------------------------------- triples blocks, paths */

/* Builds the algebra of one triples block: runs of triples become BGPs,
 * non-trivial paths become PATH nodes, all joined in order. */
typedef struct {
  sp_parser *p;
  sp_node *res;
  sp_node *bgp;
  int cap;
} block;

static int flush(block *b) {
  if (!b->bgp) return 0;
  b->res = join(b->p, b->res, b->bgp);
  b->bgp = NULL;
  return b->res ? 0 : -1;
}

static int emit_triple(block *b, const sp_term *s, const sp_term *pr, const sp_term *o) {
  if (!b->bgp) {
    b->bgp = sx_node(b->p, SP_N_BGP);
    b->cap = 0;
    if (!b->bgp) return -1;
  }
  sp_node *n = b->bgp;
  if (!SX_PUSH(b->p, n->triples, n->ntriples, b->cap)) return -1;
  sp_triple *t = &n->triples[n->ntriples++];
  memset(t, 0, sizeof *t);
  t->s = *s;
  t->p = *pr;
  t->o = *o;
  return 0;
}

static int emit_path(block *b, const sp_term *s, sp_path *x, const sp_term *o) {
  if (flush(b) < 0) return -1;
  sp_node *n = sx_node(b->p, SP_N_PATH);
  sp_triple *t = n ? arena_alloc(b->p->A, sizeof *t) : NULL;
  if (!t) return sx_nomem(b->p);
  t->s = *s;
  t->o = *o;
  t->path = x;
  n->triples = t;
  n->ntriples = 1;
  b->res = join(b->p, b->res, n);
  return b->res ? 0 : -1;
}

/* s.18.2.2.4: link and inverse link become triples, sequences are split
 * with fresh variables, anything else stays a path. */
static int translate_path(block *b, const sp_term *s, sp_path *x, const sp_term *o) {
  if (x->op == SP_PATH_LINK) {
    sp_term pr = sx_iri_const(x->iri);
    return emit_triple(b, s, &pr, o);
  }
  if (x->op == SP_PATH_INV && x->args[0]->op == SP_PATH_LINK) {
    sp_term pr = sx_iri_const(x->args[0]->iri);
    return emit_triple(b, o, &pr, s);
  }
  if (x->op != SP_PATH_SEQ) return emit_path(b, s, x, o);
  sp_term cur = *s;
  for (int i = 0; i < x->nargs; i++) {
    sp_term next = *o;
    if (i < x->nargs - 1) {
      memset(&next, 0, sizeof next);
      next.kind = SP_VAR;
      next.var = sx_hidden_var(b->p, ".p", ++b->p->npath);
      if (next.var < 0) return -1;
      next.value = var_name(b->p, next.var);
      next.len = strlen(next.value);
    }
    if (translate_path(b, &cur, x->args[i], &next) < 0) return -1;
    cur = next;
  }
  return 0;
}

/* A block without paths is one BGP: copied at its exact size. */
static sp_node *plain_bgp(sp_parser *p, const sx_triples *tr) {
  sp_node *n = sx_node(p, SP_N_BGP);
  if (!n || !tr->n) return n;
  n->triples = arena_alloc(p->A, (size_t)tr->n * sizeof *n->triples);
  if (!n->triples) return sx_nomem(p), NULL;
  memcpy(n->triples, tr->t, (size_t)tr->n * sizeof *n->triples);
  n->ntriples = tr->n;
  return n;
}

static sp_node *translate_block(sp_parser *p, const sx_triples *tr) {
  int paths = 0;
  for (int i = 0; i < tr->n; i++) paths |= tr->t[i].path != NULL;
  if (!paths) return plain_bgp(p, tr);
  block b = {p, NULL, NULL, 0};
  for (int i = 0; i < tr->n; i++) {
    const sp_triple *t = &tr->t[i];
    int rc = t->path ? translate_path(&b, &t->s, t->path, &t->o)
                     : emit_triple(&b, &t->s, &t->p, &t->o);
    if (rc < 0) return NULL;
  }
  if (flush(&b) < 0) return NULL;
  return or_unit(p, b.res);
}

/* ---------------------------------------------------------------- groups */

static sp_node *left_join(sp_parser *p, sp_node *g, sp_node *a) {
  sp_node *n = sx_node2(p, SP_N_LEFTJOIN, or_unit(p, g), a);
  if (!n || !n->a) return NULL;
  if (a->op == SP_N_FILTER) {
    n->b = a->a;
    n->expr = conjunction(p, a->exprs, a->nexprs);
    if (!n->expr) return NULL;
  }
  return n;
}

static sp_node *extend(sp_parser *p, sp_node *g, int var, sp_expr *e) {
  sp_node *n = sx_node(p, SP_N_EXTEND);
  if (!n || !(n->a = or_unit(p, g))) return NULL;
  n->var = var;
  n->expr = e;
  return n;
}

static int check_bind(sp_parser *p, sp_node *g, const sx_elem *e) {
  vset s;
  if (scope_of(p, g, &s) < 0) return -1;
  if (!has(s, e->var)) return 0;
  return sx_error_at(p, e->line, e->column,
                     "BIND cannot assign ?%s: it is already bound earlier in this group",
                     var_name(p, e->var));
}

sp_node *sx_translate_group(sp_parser *p, sx_group *gr) {
  sp_node *g = NULL;
  sp_expr **filters = NULL;
  int nf = 0, cf = 0;
  for (int i = 0; i < gr->n; i++) {
    sx_elem *e = &gr->els[i];
    switch (e->kind) {
    case SX_E_FILTER:
      if (!SX_PUSH(p, filters, nf, cf)) return NULL;
      filters[nf++] = e->expr;
      continue;
    case SX_E_OPTIONAL:
      g = left_join(p, g, e->node);
      break;
    case SX_E_MINUS:
      g = sx_node2(p, SP_N_MINUS, or_unit(p, g), e->node);
      break;
    case SX_E_BIND:
      if (check_bind(p, g, e) < 0) return NULL;
      g = extend(p, g, e->var, e->expr);
      break;
    case SX_E_TRIPLES: {
      sp_node *a = translate_block(p, &e->tr);
      g = a ? join(p, g, a) : NULL;
      break;
    }
    case SX_E_NODE:
      /* a nested group's filters stay inside it: OPTIONAL {{ P FILTER }}
       * must not lift them into the left join (s.18.2.2.5 runs before the
       * Z simplification) */
      if (!g && e->node->op == SP_N_FILTER)
        g = sx_node2(p, SP_N_JOIN, sx_node(p, SP_N_BGP), e->node);
      else
        g = join(p, g, e->node);
      break;
    }
    if (!g) return NULL;
  }
  g = or_unit(p, g);
  if (!g || !nf) return g;
  sp_node *f = sx_node(p, SP_N_FILTER);
  if (!f) return NULL;
  f->a = g;
  f->exprs = filters;
  f->nexprs = nf;
  return f;
}

sp_node *sx_translate_quads(sp_parser *p, const sp_quad *qs, int n) {
  sp_node *res = NULL;
  for (int i = 0; i < n;) {
    const sp_term *g = &qs[i].g;
    int j = i;
    while (j < n && qs[j].g.kind == g->kind &&
           (g->kind == 0 || (g->kind == SP_VAR ? qs[j].g.var == g->var
                                               : strcmp(qs[j].g.value, g->value) == 0)))
      j++;
    sx_triples tr;
    memset(&tr, 0, sizeof tr);
    int rc = 0;
    for (int k = i; k < j && rc == 0; k++) rc = sx_triples_add(p, &tr, &qs[k].s, &qs[k].p, NULL, &qs[k].o);
    sp_node *a = rc == 0 ? translate_block(p, &tr) : NULL;
    sx_triples_free(&tr);
    if (a && g->kind) {
      sp_node *gn = sx_node(p, SP_N_GRAPH);
      if (gn) {
        gn->graph = *g;
        gn->a = a;
      }
      a = gn;
    }
    if (!a || !(res = join(p, res, a))) return NULL;
    i = j;
  }
  return or_unit(p, res);
}

/* ---------------------------------------------------- SELECT, modifiers */

/* Variables of an aggregate query's SELECT expression must be grouped
 * (or assigned earlier in the SELECT list). */
static int check_grouped(sp_parser *p, const sp_expr *e, vset ok) {
  if (e->op == SP_E_VAR && !has(ok, e->var) && !sx_var_hidden(p->q, e->var))
    return sx_error_at(p, e->line, e->column,
                       "?%s is not grouped: in a query with GROUP BY or aggregates, use it "
                       "in GROUP BY or inside an aggregate such as SAMPLE(?%s)",
                       var_name(p, e->var), var_name(p, e->var));
  for (int i = 0; i < e->nargs; i++)
    if (check_grouped(p, e->args[i], ok) < 0) return -1;
  return 0;
}

/* 1 if the expression mentions ?v (outside EXISTS patterns). */
static int uses_var(const sp_expr *e, int v) {
  if (e->op == SP_E_VAR && e->var == v) return 1;
  for (int i = 0; i < e->nargs; i++)
    if (uses_var(e->args[i], v)) return 1;
  return 0;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* The projection: the listed variables, or for '*' the visible in-scope
 * variables in order of first appearance. */
static int projection(sp_parser *p, sx_select *s, vset scope) {
  int n = 0;
  int *vars = arena_alloc(p->A, (size_t)(scope.n + s->nproj + 1) * sizeof *vars);
  if (!vars) return sx_nomem(p);
  if (s->star) {
    for (int v = 0; v < scope.n; v++)
      if (scope.in[v] && !sx_var_hidden(p->q, v)) vars[n++] = v;
    qsort(vars, (size_t)n, sizeof *vars, cmp_int);
  } else {
    for (int i = 0; i < s->nproj; i++) {
      int dup = 0;
      for (int k = 0; k < n; k++) dup |= vars[k] == s->proj[i].var;
      if (!dup) vars[n++] = s->proj[i].var;
    }
  }
  s->pvars = vars;
  s->npvars = n;
  return 0;
}

static int check_select(sp_parser *p, sx_select *s, vset scope, int agg) {
  if (s->star && agg)
    return sx_error_at(p, s->line, s->column,
                       "SELECT * cannot be used with GROUP BY or aggregates; "
                       "list the grouped variables and aggregates instead");
  vset assigned, ok, listed;
  if (vset_new(p, &assigned) < 0 || vset_new(p, &ok) < 0 || vset_new(p, &listed) < 0)
    return -1;
  for (int i = 0; i < s->nkeys; i++) {
    int v = s->key_vars[i];
    if (s->keys[i]->op != SP_E_VAR && has(scope, v))
      return sx_error_at(p, s->keys[i]->line, s->keys[i]->column,
                         "GROUP BY cannot assign ?%s: it is already bound in the WHERE clause",
                         var_name(p, v));
    put(ok, v);
  }
  for (int i = 0; i < s->nproj; i++) {
    const sx_proj *it = &s->proj[i];
    if (!it->expr) {
      if (agg && !has(ok, it->var))
        return sx_error_at(p, it->line, it->column,
                           "?%s is not grouped: in a query with GROUP BY or aggregates, "
                           "SELECT only grouped variables and aggregates (e.g. SAMPLE(?%s))",
                           var_name(p, it->var), var_name(p, it->var));
      put(listed, it->var);
      continue;
    }
    if (has(listed, it->var) || uses_var(it->expr, it->var))
      return sx_error_at(p, it->line, it->column,
                         "(... AS ?%s): ?%s is already %s; choose a new name",
                         var_name(p, it->var), var_name(p, it->var),
                         has(listed, it->var) ? "selected in this SELECT"
                                              : "used in the expression it is assigned from");
    if (has(scope, it->var) || has(assigned, it->var))
      return sx_error_at(p, it->line, it->column,
                         "(... AS ?%s): ?%s is already %s; choose a new name",
                         var_name(p, it->var), var_name(p, it->var),
                         has(assigned, it->var) ? "assigned in this SELECT"
                                                : "bound in the WHERE clause");
    if (agg && check_grouped(p, it->expr, ok) < 0) return -1;
    put(assigned, it->var);
    put(ok, it->var);
  }
  return 0;
}

static sp_node *group_node(sp_parser *p, sx_select *s, sp_node *where) {
  sp_node *g = sx_node(p, SP_N_GROUP);
  if (!g) return NULL;
  g->a = where;
  g->exprs = s->keys;
  g->key_vars = s->key_vars;
  g->nexprs = s->nkeys;
  g->aggs = s->aggs;
  g->agg_vars = s->agg_vars;
  g->naggs = s->naggs;
  return g;
}

static sp_node *wrap(sp_parser *p, sp_node_op op, sp_node *a) {
  sp_node *n = a ? sx_node(p, op) : NULL;
  if (n) n->a = a;
  return n;
}

sp_node *sx_translate_select(sp_parser *p, sx_select *s, sp_form form) {
  int agg = s->nkeys > 0 || s->naggs > 0;
  sp_node *n = s->where;
  vset scope;
  if (scope_of(p, n, &scope) < 0) return NULL;
  scope_add(scope, s->values);
  if (check_select(p, s, scope, agg) < 0) return NULL;
  if (agg) n = group_node(p, s, n);
  if (n && s->nhaving) {
    sp_node *f = wrap(p, SP_N_FILTER, n);
    if (f) {
      f->exprs = s->having;
      f->nexprs = s->nhaving;
    }
    n = f;
  }
  if (n && s->values) n = join(p, n, s->values);
  for (int i = 0; n && i < s->nproj; i++)
    if (s->proj[i].expr) n = extend(p, n, s->proj[i].var, s->proj[i].expr);
  if (n && s->norder) {
    sp_node *o = wrap(p, SP_N_ORDER, n);
    if (o) {
      o->exprs = s->order;
      o->desc = s->desc;
      o->nexprs = s->norder;
    }
    n = o;
  }
  if (n && (form == SP_SELECT || form == SP_DESCRIBE)) {
    if (projection(p, s, scope) < 0) return NULL;
    n = wrap(p, SP_N_PROJECT, n);
    if (n) {
      n->vars = s->pvars;
      n->nvars = s->npvars;
    }
  }
  if (n && s->distinct) n = wrap(p, SP_N_DISTINCT, n);
  if (n && s->reduced) n = wrap(p, SP_N_REDUCED, n);
  if (n && (s->limit >= 0 || s->offset >= 0)) {
    n = wrap(p, SP_N_SLICE, n);
    if (n) {
      n->limit = s->limit;
      n->offset = s->offset;
    }
  }
  return n;
}
