/* parser.c - SPARQL 1.1 parser: prologue, query forms, modifiers, updates. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/syntax/syntax.h"

static const char *const start_words[] = {
    "SELECT", "CONSTRUCT", "DESCRIBE", "ASK",  "PREFIX", "BASE",  "INSERT", "DELETE",
    "LOAD",   "CLEAR",     "DROP",     "CREATE", "ADD",  "MOVE",  "COPY",   "WITH", NULL};

static void clear_error(kg_error *err) {
  if (err) memset(err, 0, sizeof *err);
}

/* -------------------------------------------------------------- prologue */

static int declare(sp_parser *p, const char *name, size_t len, const char *iri) {
  sx_prefix *x = arena_alloc(p->A, sizeof *x);
  if (!x || !(x->name = arena_strndup(p->A, name, len))) return sx_nomem(p);
  x->iri = iri;
  x->next = p->prefixes;
  p->prefixes = x;
  return 0;
}

static int prologue(sp_parser *p) {
  for (;;) {
    if (sx_accept_kw(p, "BASE")) {
      if (p->tok.kind != SP_T_IRI) return sx_expected(p, "an IRI in <...> after BASE");
      const char *b = sx_iri_of(p, &p->tok);
      if (!b) return -1;
      p->base = p->q->base = b;
      sx_advance(p);
    } else if (sx_accept_kw(p, "PREFIX")) {
      sp_token name = p->tok;
      if (name.kind != SP_T_PNAME || name.local_len != 0)
        return sx_expected(p, "a prefix name ending in ':' (like foaf:)");
      sx_advance(p);
      if (p->tok.kind != SP_T_IRI) return sx_expected(p, "an IRI in <...> for the prefix");
      const char *iri = sx_iri_of(p, &p->tok);
      if (!iri || declare(p, name.val, name.len, iri) < 0) return -1;
      sx_advance(p);
    } else {
      return p->failed ? -1 : 0;
    }
  }
}

/* -------------------------------------------------------- query pieces */

static int dataset(sp_parser *p) {
  sp_query *q = p->q;
  while (sx_accept_kw(p, "FROM")) {
    int named = sx_accept_kw(p, "NAMED");
    sp_term t;
    if (sx_iri_term(p, &t) < 0) return -1;
    if (named) {
      if (!SX_PUSH(p, q->from_named, q->nfrom_named, p->cfrom_named)) return -1;
      q->from_named[q->nfrom_named++] = t.value;
    } else {
      if (!SX_PUSH(p, q->from, q->nfrom, p->cfrom)) return -1;
      q->from[q->nfrom++] = t.value;
    }
  }
  return 0;
}

static int where_clause(sp_parser *p, sx_select *s) {
  int kw = sx_accept_kw(p, "WHERE");
  if (p->tok.kind != SP_T_LBRACE)
    return sx_expected(p, kw ? "'{' after WHERE" : "WHERE or '{'");
  sx_select *agg = p->agg;
  p->agg = NULL;
  s->where = sx_group_graph_pattern(p);
  p->agg = agg;
  return s->where ? 0 : -1;
}

static int add_proj(sp_parser *p, sx_select *s, int var, sp_expr *e, const sp_token *at) {
  if (!SX_PUSH(p, s->proj, s->nproj, s->cproj)) return -1;
  sx_proj *it = &s->proj[s->nproj++];
  it->var = var;
  it->expr = e;
  it->line = at->line;
  it->column = at->column;
  return 0;
}

/* '(' Expression AS Var ')' in SELECT. */
static int select_expr(sp_parser *p, sx_select *s) {
  sx_advance(p); /* ( */
  sx_select *agg = p->agg;
  p->agg = s;
  sp_expr *e = sx_expression(p);
  p->agg = agg;
  if (!e) return -1;
  if (!sx_is_kw(p, "AS"))
    return sx_expected(p, "AS (a SELECT expression is written (expression AS ?name))");
  sx_advance(p);
  sp_token v = p->tok;
  if (v.kind != SP_T_VAR) return sx_expected(p, "a variable after AS");
  int var = sx_var(p, v.val, v.len);
  if (var < 0) return -1;
  sx_advance(p);
  if (add_proj(p, s, var, e, &v) < 0) return -1;
  return sx_expect(p, SP_T_RPAREN, "')' after the variable");
}

static int select_clause(sp_parser *p, sx_select *s) {
  s->line = p->tok.line;
  s->column = p->tok.column;
  s->limit = s->offset = -1;
  sx_advance(p); /* SELECT */
  if (sx_accept_kw(p, "DISTINCT")) s->distinct = 1;
  else if (sx_accept_kw(p, "REDUCED")) s->reduced = 1;
  if (sx_accept(p, SP_T_STAR)) {
    s->star = 1;
    return 0;
  }
  for (;;) {
    if (p->tok.kind == SP_T_VAR) {
      int var = sx_var(p, p->tok.val, p->tok.len);
      if (var < 0 || add_proj(p, s, var, NULL, &p->tok) < 0) return -1;
      sx_advance(p);
    } else if (p->tok.kind == SP_T_LPAREN) {
      if (select_expr(p, s) < 0) return -1;
    } else {
      break;
    }
  }
  if (s->nproj) return 0;
  if (sx_starts_builtin(p))
    return sx_error(p, "expected a variable, '(' or '*' after SELECT, found '%.*s' "
                       "(write expressions as (%.*s(...) AS ?name))",
                    (int)p->tok.len, p->tok.val, (int)p->tok.len, p->tok.val);
  return sx_expected(p, "a variable, '(' or '*' after SELECT");
}

static int add_key(sp_parser *p, sx_select *s, sp_expr *e, int var) {
  if (!SX_PUSH(p, s->keys, s->nkeys, s->ckeys)) return -1;
  if (!SX_PUSH(p, s->key_vars, s->nkeys, s->ckey_vars)) return -1;
  s->keys[s->nkeys] = e;
  s->key_vars[s->nkeys++] = var;
  return 0;
}

static sp_expr *var_expr(sp_parser *p) {
  sp_expr *e = sx_expr(p, SP_E_VAR, &p->tok);
  if (!e || (e->var = sx_var(p, p->tok.val, p->tok.len)) < 0) return NULL;
  sx_advance(p);
  return e;
}

static int group_condition(sp_parser *p, sx_select *s) {
  if (p->tok.kind == SP_T_VAR) {
    sp_expr *e = var_expr(p);
    return e ? add_key(p, s, e, e->var) : -1;
  }
  if (p->tok.kind != SP_T_LPAREN) {
    sp_expr *e = sx_builtin_or_function(p);
    return e ? add_key(p, s, e, -1) : -1;
  }
  sx_advance(p);
  sp_expr *e = sx_expression(p);
  if (!e) return -1;
  int var = -1;
  if (sx_accept_kw(p, "AS")) {
    if (p->tok.kind != SP_T_VAR) return sx_expected(p, "a variable after AS");
    if ((var = sx_var(p, p->tok.val, p->tok.len)) < 0) return -1;
    sx_advance(p);
  }
  if (sx_expect(p, SP_T_RPAREN, "')' or AS") < 0) return -1;
  return add_key(p, s, e, var);
}

static int starts_condition(sp_parser *p) {
  return p->tok.kind == SP_T_VAR || p->tok.kind == SP_T_LPAREN || sx_is_iri_tok(p) ||
         sx_starts_builtin(p);
}

static int having(sp_parser *p, sx_select *s) {
  do {
    sp_expr *e = sx_constraint(p);
    if (!e || !SX_PUSH(p, s->having, s->nhaving, s->chaving)) return -1;
    s->having[s->nhaving++] = e;
  } while (p->tok.kind == SP_T_LPAREN || sx_is_iri_tok(p) || sx_starts_builtin(p));
  return 0;
}

static int order_condition(sp_parser *p, sx_select *s) {
  int desc = 0;
  sp_expr *e;
  if (sx_is_kw(p, "ASC") || sx_is_kw(p, "DESC")) {
    desc = sx_is_kw(p, "DESC");
    sx_advance(p);
    if (p->tok.kind != SP_T_LPAREN)
      return sx_expected(p, desc ? "'(' after DESC" : "'(' after ASC");
    e = sx_bracketted(p);
  } else if (p->tok.kind == SP_T_VAR) {
    e = var_expr(p);
  } else {
    e = sx_constraint(p);
  }
  if (!e) return -1;
  if (!SX_PUSH(p, s->order, s->norder, s->corder)) return -1;
  if (!SX_PUSH(p, s->desc, s->norder, s->cdesc)) return -1;
  s->order[s->norder] = e;
  s->desc[s->norder++] = desc;
  return 0;
}

static int integer(sp_parser *p, const char *what, long long *out) {
  if (p->tok.kind != SP_T_INTEGER) {
    char msg[64];
    snprintf(msg, sizeof msg, "an integer after %s", what);
    return sx_expected(p, msg);
  }
  errno = 0;
  long long v = strtoll(p->tok.val, NULL, 10);
  if (errno == ERANGE) return sx_error(p, "%s value is too large", what);
  *out = v;
  sx_advance(p);
  return 0;
}

static int limit_offset(sp_parser *p, sx_select *s) {
  for (int i = 0; i < 2; i++) {
    if (s->limit < 0 && sx_accept_kw(p, "LIMIT")) {
      if (integer(p, "LIMIT", &s->limit) < 0) return -1;
    } else if (s->offset < 0 && sx_accept_kw(p, "OFFSET")) {
      if (integer(p, "OFFSET", &s->offset) < 0) return -1;
    }
  }
  return 0;
}

static int solution_modifier(sp_parser *p, sx_select *s) {
  sx_select *agg = p->agg;
  int rc = 0;
  if (sx_accept_kw(p, "GROUP")) {
    p->agg = NULL;
    if (sx_expect_kw(p, "BY") < 0) return -1;
    do {
      if (group_condition(p, s) < 0) return -1;
    } while (starts_condition(p) && !sx_is_kw(p, "ASC") && !sx_is_kw(p, "DESC"));
  }
  p->agg = s;
  if (sx_accept_kw(p, "HAVING")) rc = having(p, s);
  if (rc == 0 && sx_accept_kw(p, "ORDER")) {
    rc = sx_expect_kw(p, "BY");
    if (rc == 0) {
      do {
        rc = order_condition(p, s);
      } while (rc == 0 && (starts_condition(p) || sx_is_kw(p, "ASC") || sx_is_kw(p, "DESC")));
    }
  }
  p->agg = agg;
  if (rc < 0) return -1;
  return limit_offset(p, s);
}

static int values_clause(sp_parser *p, sx_select *s) {
  if (!sx_accept_kw(p, "VALUES")) return 0;
  s->values = sx_data_block(p);
  return s->values ? 0 : -1;
}

sp_node *sx_sub_select(sp_parser *p) {
  sx_select s;
  memset(&s, 0, sizeof s);
  if (select_clause(p, &s) < 0 || where_clause(p, &s) < 0 ||
      solution_modifier(p, &s) < 0 || values_clause(p, &s) < 0)
    return NULL;
  return sx_translate_select(p, &s, SP_SELECT);
}

/* ------------------------------------------------------------ templates */

/* Keeps the scratch quads: an exact copy in the arena. */
static int keep_quads(sp_parser *p, const sx_triples *acc, sp_quad **out, int *n) {
  *out = NULL;
  *n = acc->n;
  if (!acc->n) return 0;
  *out = arena_alloc(p->A, (size_t)acc->n * sizeof **out);
  if (!*out) return sx_nomem(p);
  memcpy(*out, acc->q, (size_t)acc->n * sizeof **out);
  return 0;
}

static int close_brace(sp_parser *p, const sp_token *open, const char *what) {
  if (sx_accept(p, SP_T_RBRACE)) return 0;
  char found[200];
  sx_describe(&p->tok, found, sizeof found);
  return sx_error(p, "expected '}' to close the %s started at %d:%d, found %s", what,
                  open->line, open->column, found);
}

/* '{' TriplesTemplate? '}' as quads of the default graph. */
static int template_block(sp_parser *p, sp_quad **out, int *n) {
  sp_token open = p->tok;
  if (sx_expect(p, SP_T_LBRACE, "'{'") < 0) return -1;
  sx_triples acc;
  memset(&acc, 0, sizeof acc);
  acc.quads = 1;
  acc.g.var = -1;
  int rc = sx_triples_template(p, &acc);
  if (rc == 0) rc = close_brace(p, &open, "template");
  if (rc == 0) rc = keep_quads(p, &acc, out, n);
  sx_triples_free(&acc);
  return rc;
}

/* Quads: TriplesTemplate? ( GRAPH VarOrIri '{' TriplesTemplate? '}' '.'?
 * TriplesTemplate? )* */
static int quads_body(sp_parser *p, sx_triples *acc) {
  for (;;) {
    memset(&acc->g, 0, sizeof acc->g);
    acc->g.var = -1; /* the default graph */
    if (sx_triples_template(p, acc) < 0) return -1;
    if (!sx_accept_kw(p, "GRAPH")) return 0;
    if (sx_var_or_iri(p, &acc->g) < 0) return -1;
    sp_token gopen = p->tok;
    if (sx_expect(p, SP_T_LBRACE, "'{' after the graph name") < 0) return -1;
    if (sx_triples_template(p, acc) < 0) return -1;
    if (close_brace(p, &gopen, "GRAPH block") < 0) return -1;
    sx_accept(p, SP_T_DOT);
  }
}

/* QuadPattern / QuadData: '{' Quads '}', read in context `ctx`. */
static int quads(sp_parser *p, sx_ctx ctx, sp_quad **out, int *n) {
  sp_token open = p->tok;
  if (sx_expect(p, SP_T_LBRACE, "'{'") < 0) return -1;
  sx_ctx saved = p->ctx;
  p->ctx = ctx;
  sx_triples acc;
  memset(&acc, 0, sizeof acc);
  acc.quads = 1;
  int rc = quads_body(p, &acc);
  p->ctx = saved;
  if (rc == 0) rc = close_brace(p, &open, "block");
  if (rc == 0) rc = keep_quads(p, &acc, out, n);
  sx_triples_free(&acc);
  return rc;
}

/* A blank node hidden variable back to a blank node (CONSTRUCT WHERE). */
static sp_term unhide(const sp_parser *p, sp_term t) {
  if (t.kind != SP_VAR || !sx_var_hidden(p->q, t.var)) return t;
  t.kind = KG_TERM_BLANK;
  t.value = p->q->vars[t.var] + 2;
  t.len = strlen(t.value);
  t.var = -1;
  return t;
}

/* The pattern and the template of CONSTRUCT WHERE from its triples. */
static int construct_from(sp_parser *p, sx_select *s, const sx_triples *tr) {
  sp_query *q = p->q;
  sp_node *bgp = sx_node(p, SP_N_BGP);
  size_t n = (size_t)tr->n;
  if (!bgp) return -1;
  bgp->triples = arena_alloc(p->A, (n + 1) * sizeof *bgp->triples);
  q->tmpl = arena_alloc(p->A, (n + 1) * sizeof *q->tmpl);
  if (!bgp->triples || !q->tmpl) return sx_nomem(p);
  if (n) memcpy(bgp->triples, tr->t, n * sizeof *bgp->triples);
  bgp->ntriples = tr->n;
  for (size_t i = 0; i < n; i++) {
    q->tmpl[i].s = unhide(p, tr->t[i].s);
    q->tmpl[i].p = unhide(p, tr->t[i].p);
    q->tmpl[i].o = unhide(p, tr->t[i].o);
  }
  q->ntmpl = tr->n;
  s->where = bgp;
  return 0;
}

/* CONSTRUCT WHERE { TriplesTemplate }: the template is the pattern. */
static int construct_where(sp_parser *p, sx_select *s) {
  sp_token open = p->tok;
  if (sx_expect(p, SP_T_LBRACE, "'{' after WHERE") < 0) return -1;
  sx_triples tr;
  memset(&tr, 0, sizeof tr);
  p->scope = ++p->nscopes;
  int rc = sx_triples_template(p, &tr);
  if (rc == 0) rc = close_brace(p, &open, "template");
  if (rc == 0) rc = construct_from(p, s, &tr);
  sx_triples_free(&tr);
  return rc;
}

static int describe_targets(sp_parser *p, sx_select *s) {
  sp_query *q = p->q;
  if (sx_accept(p, SP_T_STAR)) {
    s->star = 1;
    return 0;
  }
  while (p->tok.kind == SP_T_VAR || sx_is_iri_tok(p)) {
    sp_token at = p->tok;
    sp_term t;
    if (sx_var_or_iri(p, &t) < 0) return -1;
    if (!SX_PUSH(p, q->describe, q->ndescribe, p->cdescribe)) return -1;
    q->describe[q->ndescribe++] = t;
    if (t.kind == SP_VAR && add_proj(p, s, t.var, NULL, &at) < 0) return -1;
  }
  if (q->ndescribe) return 0;
  return sx_expected(p, "a variable, an IRI or '*' after DESCRIBE");
}

static int query(sp_parser *p) {
  sp_query *q = p->q;
  sx_select s;
  memset(&s, 0, sizeof s);
  s.limit = s.offset = -1;
  int rc;
  if (sx_is_kw(p, "SELECT")) {
    q->form = SP_SELECT;
    rc = select_clause(p, &s);
    if (rc == 0) rc = dataset(p);
    if (rc == 0) rc = where_clause(p, &s);
  } else if (sx_accept_kw(p, "CONSTRUCT")) {
    q->form = SP_CONSTRUCT;
    if (p->tok.kind == SP_T_LBRACE) {
      p->ctx = SX_TEMPLATE;
      rc = template_block(p, &q->tmpl, &q->ntmpl);
      p->ctx = SX_PATTERN;
      if (rc == 0) rc = dataset(p);
      if (rc == 0) rc = where_clause(p, &s);
    } else {
      rc = dataset(p);
      if (rc == 0) rc = sx_expect_kw(p, "WHERE");
      if (rc == 0) rc = construct_where(p, &s);
    }
  } else if (sx_accept_kw(p, "ASK")) {
    q->form = SP_ASK;
    rc = dataset(p);
    if (rc == 0) rc = where_clause(p, &s);
  } else {
    sx_advance(p); /* DESCRIBE */
    q->form = SP_DESCRIBE;
    rc = describe_targets(p, &s);
    if (rc == 0) rc = dataset(p);
    if (rc == 0 && (sx_is_kw(p, "WHERE") || p->tok.kind == SP_T_LBRACE))
      rc = where_clause(p, &s);
    else if (rc == 0)
      rc = (s.where = sx_node(p, SP_N_BGP)) ? 0 : -1;
  }
  if (rc < 0 || solution_modifier(p, &s) < 0 || values_clause(p, &s) < 0) return -1;
  if (p->tok.kind != SP_T_EOF) return sx_expected(p, "end of query");
  q->pattern = sx_translate_select(p, &s, q->form);
  if (!q->pattern) return -1;
  q->proj = s.pvars;
  q->nproj = s.npvars;
  q->select_star = s.star;
  return 0;
}

/* --------------------------------------------------------------- updates */

static int iri_value(sp_parser *p, const char **out) {
  sp_term t;
  if (sx_iri_term(p, &t) < 0) return -1;
  *out = t.value;
  return 0;
}

static int graph_ref(sp_parser *p, sp_graph_ref *ref, const char **iri) {
  if (sx_expect_kw(p, "GRAPH") < 0) return -1;
  *ref = SP_G_IRI;
  return iri_value(p, iri);
}

static int graph_ref_all(sp_parser *p, sp_graph_ref *ref, const char **iri) {
  if (sx_accept_kw(p, "DEFAULT")) *ref = SP_G_DEFAULT;
  else if (sx_accept_kw(p, "NAMED")) *ref = SP_G_NAMED;
  else if (sx_accept_kw(p, "ALL")) *ref = SP_G_ALL;
  else if (sx_is_kw(p, "GRAPH")) return graph_ref(p, ref, iri);
  else return sx_expected(p, "GRAPH <iri>, DEFAULT, NAMED or ALL");
  return 0;
}

static int graph_or_default(sp_parser *p, sp_graph_ref *ref, const char **iri) {
  if (sx_accept_kw(p, "DEFAULT")) {
    *ref = SP_G_DEFAULT;
    return 0;
  }
  sx_accept_kw(p, "GRAPH");
  if (!sx_is_iri_tok(p)) return sx_expected(p, "DEFAULT or a graph IRI");
  *ref = SP_G_IRI;
  return iri_value(p, iri);
}

static int modify(sp_parser *p, sp_update *u) {
  u->op = SP_U_MODIFY;
  if (sx_accept_kw(p, "WITH") && iri_value(p, &u->with) < 0) return -1;
  int del = 0, ins = 0;
  if (sx_accept_kw(p, "DELETE")) {
    del = 1;
    if (quads(p, SX_DELETE_TMPL, &u->del, &u->ndel) < 0) return -1;
  }
  if (sx_accept_kw(p, "INSERT")) {
    ins = 1;
    if (quads(p, SX_TEMPLATE, &u->ins, &u->nins) < 0) return -1;
  }
  if (!del && !ins) return sx_expected(p, "DELETE or INSERT after WITH");
  int cap = 0, ncap = 0;
  while (sx_accept_kw(p, "USING")) {
    const char *iri;
    int named = sx_accept_kw(p, "NAMED");
    if (iri_value(p, &iri) < 0) return -1;
    if (named) {
      if (!SX_PUSH(p, u->using_named, u->nusing_named, ncap)) return -1;
      u->using_named[u->nusing_named++] = iri;
    } else {
      if (!SX_PUSH(p, u->using, u->nusing, cap)) return -1;
      u->using[u->nusing++] = iri;
    }
  }
  if (!sx_is_kw(p, "WHERE"))
    return sx_expected(p, ins && !del ? "USING or WHERE after the INSERT template"
                                      : "INSERT, USING or WHERE after the DELETE template");
  sx_advance(p);
  u->where = sx_group_graph_pattern(p);
  return u->where ? 0 : -1;
}

static int update_op(sp_parser *p, sp_update *u) {
  const sp_token *next = sx_peek(p);
  if (sx_accept_kw(p, "LOAD")) {
    u->op = SP_U_LOAD;
    u->silent = sx_accept_kw(p, "SILENT");
    if (iri_value(p, &u->source) < 0) return -1;
    if (sx_accept_kw(p, "INTO")) return graph_ref(p, &u->target, &u->target_iri);
    return 0;
  }
  if (sx_is_kw(p, "CLEAR") || sx_is_kw(p, "DROP")) {
    u->op = sx_is_kw(p, "CLEAR") ? SP_U_CLEAR : SP_U_DROP;
    sx_advance(p);
    u->silent = sx_accept_kw(p, "SILENT");
    return graph_ref_all(p, &u->target, &u->target_iri);
  }
  if (sx_accept_kw(p, "CREATE")) {
    u->op = SP_U_CREATE;
    u->silent = sx_accept_kw(p, "SILENT");
    return graph_ref(p, &u->target, &u->target_iri);
  }
  if (sx_is_kw(p, "ADD") || sx_is_kw(p, "MOVE") || sx_is_kw(p, "COPY")) {
    u->op = sx_is_kw(p, "ADD") ? SP_U_ADD : sx_is_kw(p, "MOVE") ? SP_U_MOVE : SP_U_COPY;
    sx_advance(p);
    u->silent = sx_accept_kw(p, "SILENT");
    if (graph_or_default(p, &u->from, &u->from_iri) < 0 || sx_expect_kw(p, "TO") < 0) return -1;
    return graph_or_default(p, &u->target, &u->target_iri);
  }
  if (sx_is_kw(p, "INSERT") && sx_kw(next, "DATA")) {
    sx_advance(p);
    sx_advance(p);
    u->op = SP_U_INSERT_DATA;
    return quads(p, SX_INSERT_DATA, &u->ins, &u->nins);
  }
  if (sx_is_kw(p, "DELETE") && sx_kw(next, "DATA")) {
    sx_advance(p);
    sx_advance(p);
    u->op = SP_U_DELETE_DATA;
    return quads(p, SX_DELETE_DATA, &u->del, &u->ndel);
  }
  if (sx_is_kw(p, "DELETE") && sx_kw(next, "WHERE")) {
    sx_advance(p);
    sx_advance(p);
    u->op = SP_U_DELETE_WHERE;
    if (quads(p, SX_DELETE_WHERE, &u->del, &u->ndel) < 0) return -1;
    u->where = sx_translate_quads(p, u->del, u->ndel);
    return u->where ? 0 : -1;
  }
  if (sx_is_kw(p, "INSERT") || sx_is_kw(p, "DELETE") || sx_is_kw(p, "WITH"))
    return modify(p, u);
  const char *hint = p->tok.kind == SP_T_NAME ? sx_suggest(p->tok.val, p->tok.len, start_words)
                                              : NULL;
  char found[200];
  sx_describe(&p->tok, found, sizeof found);
  if (hint)
    return sx_error(p, "expected a query or an update operation, found %s (did you mean %s?)",
                    found, hint);
  return sx_error(p, "expected a query (SELECT, CONSTRUCT, DESCRIBE, ASK) or an update "
                     "operation (INSERT, DELETE, LOAD, CLEAR, ...), found %s", found);
}

static int update_request(sp_parser *p) {
  sp_query *q = p->q;
  q->form = SP_UPDATE;
  for (;;) {
    if (p->tok.kind == SP_T_EOF) return p->failed ? -1 : 0;
    if (!SX_PUSH(p, q->updates, q->nupdates, p->cupdates)) return -1;
    sp_update *u = &q->updates[q->nupdates];
    memset(u, 0, sizeof *u);
    u->line = p->tok.line;
    u->column = p->tok.column;
    memset(&p->labels, 0, sizeof p->labels);
    p->op++;
    if (update_op(p, u) < 0) return -1;
    q->nupdates++;
    if (sx_accept(p, SP_T_SEMI)) {
      if (prologue(p) < 0) return -1;
      continue;
    }
    if (p->tok.kind == SP_T_EOF) return p->failed ? -1 : 0;
    return sx_expected(p, "';' between update operations");
  }
}

/* ----------------------------------------------------------- entry point */

sp_query *sp_parse(const char *text, size_t len, const char *base,
                   const char *const *prefixes, kg_error *err) {
  clear_error(err);
  arena *A = arena_new();
  sp_query *q = A ? arena_alloc(A, sizeof *q) : NULL;
  sp_parser p;
  memset(&p, 0, sizeof p);
  p.err = err;
  if (!q) {
    arena_free(A);
    sx_nomem(&p);
    return NULL;
  }
  q->arena = A;
  p.q = q;
  p.A = A;
  if (base && !(p.base = q->base = arena_strdup(A, base))) sx_nomem(&p);
  for (size_t i = 0; prefixes && prefixes[i] && prefixes[i + 1] && !p.failed; i += 2) {
    const char *iri = arena_strdup(A, prefixes[i + 1]);
    if (!iri) sx_nomem(&p);
    else declare(&p, prefixes[i], strlen(prefixes[i]), iri);
  }
  sp_lex_init(&p.lx, text ? text : "", text ? len : 0, A);
  if (!p.failed) sx_advance(&p);
  int rc = p.failed ? -1 : prologue(&p);
  if (rc == 0) {
    int is_query = sx_is_kw(&p, "SELECT") || sx_is_kw(&p, "CONSTRUCT") ||
                   sx_is_kw(&p, "DESCRIBE") || sx_is_kw(&p, "ASK");
    rc = is_query ? query(&p) : update_request(&p);
  }
  if (rc < 0 || p.failed) {
    if (err && !p.failed) sx_error(&p, "syntax error");
    arena_free(A);
    return NULL;
  }
  return q;
}

void sp_query_free(sp_query *q) {
  if (q) arena_free(q->arena);
}
