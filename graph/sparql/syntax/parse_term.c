/* parse_term.c - SPARQL terms (IRIs, literals, variables, blank nodes). */
#include <string.h>

#include "sparql/syntax/syntax.h"

int sx_enter(sp_parser *p) {
  if (++p->depth <= SX_MAX_DEPTH) return 0;
  return sx_error(p, "query nested too deeply (more than %d levels)", SX_MAX_DEPTH);
}

void sx_leave(sp_parser *p) { p->depth--; }

sp_term sx_iri_const(const char *iri) {
  sp_term t;
  memset(&t, 0, sizeof t);
  t.kind = KG_TERM_IRI;
  t.value = iri;
  t.len = strlen(iri);
  t.var = -1;
  return t;
}

int sx_is_iri_tok(const sp_parser *p) {
  return p->tok.kind == SP_T_IRI || p->tok.kind == SP_T_PNAME;
}

int sx_is_a(const sp_parser *p) {
  return p->tok.kind == SP_T_NAME && p->tok.len == 1 && p->tok.val[0] == 'a';
}

static int is_number(sp_tok_kind k) {
  return k == SP_T_INTEGER || k == SP_T_DECIMAL || k == SP_T_DOUBLE;
}

/* '+' or '-' written right before a number: a signed numeric literal. */
static int signed_number(sp_parser *p) {
  if (p->tok.kind != SP_T_PLUS && p->tok.kind != SP_T_MINUS) return 0;
  const sp_token *n = sx_peek(p);
  return is_number(n->kind) && !n->ws_before;
}

int sx_starts_literal(const sp_parser *p) {
  sp_tok_kind k = p->tok.kind;
  if (k == SP_T_STRING || is_number(k)) return 1;
  if (k == SP_T_PLUS || k == SP_T_MINUS) return 1;
  return sx_is_kw(p, "true") || sx_is_kw(p, "false");
}

static const char *number_type(sp_tok_kind k) {
  return k == SP_T_INTEGER ? SX_XSD_INTEGER
         : k == SP_T_DECIMAL ? SX_XSD_DECIMAL
                             : SX_XSD_DOUBLE;
}

int sx_iri_term(sp_parser *p, sp_term *t) {
  if (!sx_is_iri_tok(p)) return sx_expected(p, "an IRI");
  const char *iri = sx_iri_of(p, &p->tok);
  if (!iri) return -1;
  *t = sx_iri_const(iri);
  sx_advance(p);
  return 0;
}

int sx_literal(sp_parser *p, sp_term *t) {
  memset(t, 0, sizeof *t);
  t->kind = KG_TERM_LITERAL;
  t->var = -1;
  if (sx_is_kw(p, "true") || sx_is_kw(p, "false")) {
    t->value = sx_is_kw(p, "true") ? "true" : "false";
    t->len = strlen(t->value);
    t->datatype = SX_XSD_BOOLEAN;
    sx_advance(p);
    return 0;
  }
  if (p->tok.kind == SP_T_PLUS || p->tok.kind == SP_T_MINUS) {
    if (!signed_number(p)) {
      if (is_number(sx_peek(p)->kind))
        return sx_error(p, "no space allowed between a sign and its number");
      return sx_expected(p, "a number after the sign");
    }
    char sign = p->tok.kind == SP_T_PLUS ? '+' : '-';
    sx_advance(p);
    char *v = arena_alloc(p->A, p->tok.len + 2);
    if (!v) return sx_nomem(p);
    v[0] = sign;
    memcpy(v + 1, p->tok.val, p->tok.len + 1);
    t->value = v;
    t->len = p->tok.len + 1;
    t->datatype = number_type(p->tok.kind);
    sx_advance(p);
    return 0;
  }
  if (is_number(p->tok.kind)) {
    t->value = p->tok.val;
    t->len = p->tok.len;
    t->datatype = number_type(p->tok.kind);
    sx_advance(p);
    return 0;
  }
  if (p->tok.kind != SP_T_STRING) return sx_expected(p, "a literal");
  t->value = p->tok.val;
  t->len = p->tok.len;
  sx_advance(p);
  if (p->tok.kind == SP_T_LANGTAG) {
    t->lang = p->tok.val;
    sx_advance(p);
  } else if (sx_accept(p, SP_T_HATHAT)) {
    if (!sx_is_iri_tok(p)) return sx_expected(p, "a datatype IRI after '^^'");
    t->datatype = sx_iri_of(p, &p->tok);
    if (!t->datatype) return -1;
    sx_advance(p);
  }
  return 0;
}

int sx_var_term(sp_parser *p, sp_term *t) {
  if (p->tok.kind != SP_T_VAR) return sx_expected(p, "a variable");
  if (p->ctx == SX_INSERT_DATA || p->ctx == SX_DELETE_DATA)
    return sx_error(p, "variables are not allowed in %s (found %.*s); use INSERT/DELETE ... WHERE",
                    p->ctx == SX_INSERT_DATA ? "INSERT DATA" : "DELETE DATA",
                    (int)p->tok.srclen, p->tok.src);
  memset(t, 0, sizeof *t);
  t->kind = SP_VAR;
  t->var = sx_var(p, p->tok.val, p->tok.len);
  if (t->var < 0) return -1;
  t->value = p->q->vars[t->var];
  t->len = p->tok.len;
  sx_advance(p);
  return 0;
}

/* Checks that a label is not shared between BGPs (queries) or between
 * INSERT DATA operations (updates). */
static int check_label(sp_parser *p, const sp_token *lab, sx_map *m, int id,
                       const char *what) {
  sx_map_ent *e = sx_map_find(m, lab->val, lab->len);
  if (!e) {
    e = sx_map_put(p, m, lab->val, lab->len);
    if (!e) return -1;
    e->val = id;
    e->line = lab->line;
    e->column = lab->column;
    return 0;
  }
  if (e->val == id) return 0;
  return sx_error_at(p, lab->line, lab->column,
                     "blank node _:%.*s is already used in another %s (at %d:%d); "
                     "a label cannot be shared between them",
                     (int)lab->len, lab->val, what, e->line, e->column);
}

/* The blank node of `label` (NULL = a new anonymous one, written at the
 * current token). A label token has already been consumed. */
int sx_blank_term(sp_parser *p, sp_term *t, const sp_token *label) {
  memset(t, 0, sizeof *t);
  t->var = -1;
  if (p->ctx == SX_DELETE_DATA || p->ctx == SX_DELETE_TMPL || p->ctx == SX_DELETE_WHERE) {
    static const char *const what[] = {
        [SX_DELETE_DATA] = "DELETE DATA", [SX_DELETE_TMPL] = "a DELETE template",
        [SX_DELETE_WHERE] = "DELETE WHERE"};
    int line = label ? label->line : p->tok.line, col = label ? label->column : p->tok.column;
    return sx_error_at(p, line, col, "blank nodes are not allowed in %s; use a variable",
                       what[p->ctx]);
  }
  char name[48];
  const char *lab;
  size_t len;
  if (label) {
    lab = label->val;
    len = label->len;
    if (p->ctx == SX_PATTERN && check_label(p, label, &p->labels, p->scope, "graph pattern") < 0)
      return -1;
    if (p->ctx == SX_INSERT_DATA &&
        check_label(p, label, &p->data_labels, p->op, "INSERT DATA operation") < 0)
      return -1;
  } else {
    /* "-N": no written label starts with "-", yet it is valid after the
     * prefix a template or INSERT DATA gives it (q3_c1_-1) */
    len = (size_t)snprintf(name, sizeof name, "-%d", ++p->nanon);
    lab = name;
  }
  if (p->ctx != SX_PATTERN) {
    t->kind = KG_TERM_BLANK;
    t->value = arena_strndup(p->A, lab, len);
    t->len = len;
    return t->value ? 0 : sx_nomem(p);
  }
  char *vname = arena_alloc(p->A, len + 3);
  if (!vname) return sx_nomem(p);
  memcpy(vname, "_:", 2);
  memcpy(vname + 2, lab, len);
  t->kind = SP_VAR;
  t->var = sx_var(p, vname, len + 2);
  if (t->var < 0) return -1;
  t->value = p->q->vars[t->var];
  t->len = len + 2;
  return 0;
}

int sx_var_or_iri(sp_parser *p, sp_term *t) {
  if (p->tok.kind == SP_T_VAR) return sx_var_term(p, t);
  if (sx_is_iri_tok(p)) return sx_iri_term(p, t);
  return sx_expected(p, "a variable or an IRI");
}
