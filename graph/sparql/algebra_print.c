/* algebra_print.c - SPARQL algebra as indented S-expressions (.explain). */
#include <ctype.h>
#include <string.h>

#include "sparql/algebra.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

static void indent(strbuf *b, int depth) {
  for (int i = 0; i < depth; i++) strbuf_puts(b, "  ");
}

static void newline(strbuf *b, int depth) {
  strbuf_putc(b, '\n');
  indent(b, depth);
}

static void print_iri(strbuf *b, const char *iri) {
  strbuf_putc(b, '<');
  strbuf_puts(b, iri ? iri : "");
  strbuf_putc(b, '>');
}

static void print_string(strbuf *b, const char *s, size_t n) {
  strbuf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': strbuf_puts(b, "\\\""); break;
    case '\\': strbuf_puts(b, "\\\\"); break;
    case '\n': strbuf_puts(b, "\\n"); break;
    case '\r': strbuf_puts(b, "\\r"); break;
    case '\t': strbuf_puts(b, "\\t"); break;
    default:
      if (c < 0x20) strbuf_printf(b, "\\u%04X", c);
      else strbuf_putc(b, (char)c);
    }
  }
  strbuf_putc(b, '"');
}

/* A number whose lexical form reads back as the same literal. */
static int plain_number(const char *s, const char *dt) {
  int digits = 0, dot = 0, exp = 0;
  if (*s == '+' || *s == '-') s++;
  for (; *s; s++) {
    if (isdigit((unsigned char)*s)) digits++;
    else if (*s == '.' && !dot && !exp) dot = 1;
    else if ((*s == 'e' || *s == 'E') && digits && !exp) {
      exp = 1;
      if (s[1] == '+' || s[1] == '-') s++;
    } else return 0;
  }
  if (!digits) return 0;
  if (strcmp(dt, XSD "integer") == 0) return !dot && !exp;
  if (strcmp(dt, XSD "decimal") == 0) return dot && !exp;
  return strcmp(dt, XSD "double") == 0 && exp;
}

static void print_term(const sp_query *q, const sp_term *t, strbuf *b) {
  switch (t->kind) {
  case SP_VAR:
    strbuf_printf(b, "?%s", t->var >= 0 && t->var < q->nvars ? q->vars[t->var] : "?");
    return;
  case KG_TERM_IRI:
    print_iri(b, t->value);
    return;
  case KG_TERM_BLANK:
    strbuf_printf(b, "_:%s", t->value);
    return;
  case KG_TERM_LITERAL:
    if (t->datatype && plain_number(t->value, t->datatype)) {
      strbuf_append(b, t->value, t->len);
      return;
    }
    if (t->datatype && strcmp(t->datatype, XSD "boolean") == 0 &&
        (strcmp(t->value, "true") == 0 || strcmp(t->value, "false") == 0)) {
      strbuf_puts(b, t->value);
      return;
    }
    print_string(b, t->value, t->len);
    if (t->lang) strbuf_printf(b, "@%s", t->lang);
    else if (t->datatype) {
      strbuf_puts(b, "^^");
      print_iri(b, t->datatype);
    }
    return;
  default:
    strbuf_puts(b, "UNDEF");
  }
}

static void print_var(const sp_query *q, int v, strbuf *b) {
  strbuf_printf(b, "?%s", v >= 0 && v < q->nvars ? q->vars[v] : "?");
}

/* ----------------------------------------------------------------- paths */

static void print_path(const sp_path *x, strbuf *b) {
  static const char *const names[] = {
      [SP_PATH_INV] = "inv",     [SP_PATH_SEQ] = "seq",     [SP_PATH_ALT] = "alt",
      [SP_PATH_STAR] = "path*",  [SP_PATH_PLUS] = "path+",  [SP_PATH_OPT] = "path?"};
  if (x->op == SP_PATH_LINK) {
    print_iri(b, x->iri);
    return;
  }
  if (x->op == SP_PATH_NPS) {
    strbuf_puts(b, "(notoneof");
    for (int i = 0; i < x->niris; i++) {
      strbuf_putc(b, ' ');
      print_iri(b, x->iris[i]);
    }
    for (int i = 0; i < x->ninv_iris; i++) {
      strbuf_puts(b, " (inv ");
      print_iri(b, x->inv_iris[i]);
      strbuf_putc(b, ')');
    }
    strbuf_putc(b, ')');
    return;
  }
  strbuf_printf(b, "(%s", names[x->op]);
  for (int i = 0; i < x->nargs; i++) {
    strbuf_putc(b, ' ');
    print_path(x->args[i], b);
  }
  strbuf_putc(b, ')');
}

/* ----------------------------------------------------------- expressions */

static void print_expr(const sp_query *q, const sp_expr *e, int depth, strbuf *b);

static void print_args(const sp_query *q, const sp_expr *e, int depth, strbuf *b) {
  for (int i = 0; i < e->nargs; i++) {
    strbuf_putc(b, ' ');
    print_expr(q, e->args[i], depth, b);
  }
  strbuf_putc(b, ')');
}

static void print_agg(const sp_query *q, const sp_expr *e, int depth, strbuf *b) {
  static const char *const names[] = {
      [SP_AGG_COUNT] = "count", [SP_AGG_SUM] = "sum",       [SP_AGG_MIN] = "min",
      [SP_AGG_MAX] = "max",     [SP_AGG_AVG] = "avg",       [SP_AGG_SAMPLE] = "sample",
      [SP_AGG_GROUP_CONCAT] = "group_concat"};
  strbuf_printf(b, "(%s", names[e->agg]);
  if (e->distinct) strbuf_puts(b, " distinct");
  if (e->separator) {
    strbuf_puts(b, " separator=");
    print_string(b, e->separator, strlen(e->separator));
  }
  print_args(q, e, depth, b);
}

static void print_expr(const sp_query *q, const sp_expr *e, int depth, strbuf *b) {
  static const char *const ops[] = {
      [SP_E_OR] = "||",  [SP_E_AND] = "&&", [SP_E_NOT] = "!",   [SP_E_EQ] = "=",
      [SP_E_NE] = "!=",  [SP_E_LT] = "<",   [SP_E_GT] = ">",    [SP_E_LE] = "<=",
      [SP_E_GE] = ">=",  [SP_E_IN] = "in",  [SP_E_NOTIN] = "notin",
      [SP_E_ADD] = "+",  [SP_E_SUB] = "-",  [SP_E_MUL] = "*",   [SP_E_DIV] = "/",
      [SP_E_NEG] = "-",  [SP_E_PLUS] = "+"};
  switch (e->op) {
  case SP_E_CONST:
    print_term(q, &e->term, b);
    return;
  case SP_E_VAR:
    print_var(q, e->var, b);
    return;
  case SP_E_BUILTIN: {
    /* "strlen", but "isIRI" and "sameTerm" as in the grammar */
    const char *name = sp_builtin_name(e->fn);
    int mixed = 0;
    for (const char *s = name; *s; s++) mixed |= islower((unsigned char)*s);
    strbuf_putc(b, '(');
    for (const char *s = name; *s; s++)
      strbuf_putc(b, mixed ? *s : (char)tolower((unsigned char)*s));
    print_args(q, e, depth, b);
    return;
  }
  case SP_E_FUNC:
    strbuf_putc(b, '(');
    print_iri(b, e->iri);
    if (e->distinct) strbuf_puts(b, " distinct");
    print_args(q, e, depth, b);
    return;
  case SP_E_EXISTS:
  case SP_E_NOTEXISTS:
    strbuf_puts(b, e->op == SP_E_EXISTS ? "(exists" : "(notexists");
    strbuf_putc(b, '\n');
    sp_node_print(q, e->pattern, depth + 1, b);
    strbuf_putc(b, ')');
    return;
  case SP_E_AGG:
    print_agg(q, e, depth, b);
    return;
  default:
    strbuf_printf(b, "(%s", ops[e->op]);
    print_args(q, e, depth, b);
  }
}

/* ----------------------------------------------------------------- nodes */

static void print_triple(const sp_query *q, const sp_triple *t, strbuf *b) {
  strbuf_puts(b, t->path ? "(path " : "(triple ");
  print_term(q, &t->s, b);
  strbuf_putc(b, ' ');
  if (t->path) print_path(t->path, b);
  else print_term(q, &t->p, b);
  strbuf_putc(b, ' ');
  print_term(q, &t->o, b);
  strbuf_putc(b, ')');
}

static void print_quad(const sp_query *q, const sp_quad *x, strbuf *b) {
  strbuf_puts(b, x->g.kind ? "(quad " : "(triple ");
  if (x->g.kind) {
    print_term(q, &x->g, b);
    strbuf_putc(b, ' ');
  }
  print_term(q, &x->s, b);
  strbuf_putc(b, ' ');
  print_term(q, &x->p, b);
  strbuf_putc(b, ' ');
  print_term(q, &x->o, b);
  strbuf_putc(b, ')');
}

static void print_bgp(const sp_query *q, const sp_node *n, int depth, strbuf *b) {
  if (n->ntriples == 0) {
    strbuf_puts(b, "(table unit)");
    return;
  }
  strbuf_puts(b, "(bgp");
  for (int i = 0; i < n->ntriples; i++) {
    if (n->ntriples == 1) strbuf_putc(b, ' ');
    else newline(b, depth + 1);
    print_triple(q, &n->triples[i], b);
  }
  strbuf_putc(b, ')');
}

static void print_values(const sp_query *q, const sp_node *n, int depth, strbuf *b) {
  strbuf_puts(b, "(table (vars");
  for (int i = 0; i < n->nvars; i++) {
    strbuf_putc(b, ' ');
    print_var(q, n->vars[i], b);
  }
  strbuf_putc(b, ')');
  for (int r = 0; r < n->nrows; r++) {
    newline(b, depth + 1);
    strbuf_puts(b, "(row");
    for (int i = 0; i < n->nvars; i++) {
      if (!n->rows[r][i].kind) continue;
      strbuf_puts(b, " [");
      print_var(q, n->vars[i], b);
      strbuf_putc(b, ' ');
      print_term(q, &n->rows[r][i], b);
      strbuf_putc(b, ']');
    }
    strbuf_putc(b, ')');
  }
  strbuf_putc(b, ')');
}

static void print_group(const sp_query *q, const sp_node *n, int depth, strbuf *b) {
  strbuf_puts(b, "(group (");
  for (int i = 0; i < n->nexprs; i++) {
    if (i) strbuf_putc(b, ' ');
    const sp_expr *k = n->exprs[i];
    if (k->op == SP_E_VAR && k->var == n->key_vars[i]) {
      print_var(q, k->var, b);
      continue;
    }
    strbuf_putc(b, '(');
    if (n->key_vars[i] >= 0) {
      print_var(q, n->key_vars[i], b);
      strbuf_putc(b, ' ');
    }
    print_expr(q, k, depth, b);
    strbuf_putc(b, ')');
  }
  strbuf_puts(b, ") (");
  for (int i = 0; i < n->naggs; i++) {
    if (i) strbuf_putc(b, ' ');
    strbuf_putc(b, '(');
    print_var(q, n->agg_vars[i], b);
    strbuf_putc(b, ' ');
    print_expr(q, n->aggs[i], depth, b);
    strbuf_putc(b, ')');
  }
  strbuf_putc(b, ')');
}

/* ORDER BY, or with a top-k (only the first topk rows): "(top (K ...)",
 * as Jena writes it. */
static void print_order(const sp_query *q, const sp_node *n, int depth, strbuf *b) {
  if (n->topk > 0) strbuf_printf(b, "(top (%lld ", n->topk);
  else strbuf_puts(b, "(order (");
  for (int i = 0; i < n->nexprs; i++) {
    if (i) strbuf_putc(b, ' ');
    if (n->desc && n->desc[i]) strbuf_puts(b, "(desc ");
    print_expr(q, n->exprs[i], depth, b);
    if (n->desc && n->desc[i]) strbuf_putc(b, ')');
  }
  strbuf_putc(b, ')');
}

/* The operator's head (name and inline arguments), children follow. */
static void print_head(const sp_query *q, const sp_node *n, int depth, strbuf *b) {
  switch (n->op) {
  case SP_N_JOIN: strbuf_puts(b, "(join"); return;
  case SP_N_LEFTJOIN: strbuf_puts(b, "(leftjoin"); return;
  case SP_N_UNION: strbuf_puts(b, "(union"); return;
  case SP_N_MINUS: strbuf_puts(b, "(minus"); return;
  case SP_N_DISTINCT: strbuf_puts(b, "(distinct"); return;
  case SP_N_REDUCED: strbuf_puts(b, "(reduced"); return;
  case SP_N_FILTER:
    strbuf_puts(b, "(filter ");
    if (n->nexprs != 1) strbuf_puts(b, "(exprlist ");
    for (int i = 0; i < n->nexprs; i++) {
      if (i) strbuf_putc(b, ' ');
      print_expr(q, n->exprs[i], depth, b);
    }
    if (n->nexprs != 1) strbuf_putc(b, ')');
    return;
  case SP_N_GRAPH:
    strbuf_puts(b, "(graph ");
    print_term(q, &n->graph, b);
    return;
  case SP_N_SERVICE:
    strbuf_puts(b, n->silent ? "(service silent " : "(service ");
    print_term(q, &n->graph, b);
    return;
  case SP_N_EXTEND:
    strbuf_puts(b, "(extend ((");
    print_var(q, n->var, b);
    strbuf_putc(b, ' ');
    print_expr(q, n->expr, depth, b);
    strbuf_puts(b, "))");
    return;
  case SP_N_GROUP: print_group(q, n, depth, b); return;
  case SP_N_ORDER: print_order(q, n, depth, b); return;
  case SP_N_PROJECT:
    strbuf_puts(b, "(project (");
    for (int i = 0; i < n->nvars; i++) {
      if (i) strbuf_putc(b, ' ');
      print_var(q, n->vars[i], b);
    }
    strbuf_putc(b, ')');
    return;
  case SP_N_SLICE:
    strbuf_puts(b, "(slice ");
    if (n->offset >= 0) strbuf_printf(b, "%lld", n->offset);
    else strbuf_putc(b, '_');
    if (n->limit >= 0) strbuf_printf(b, " %lld", n->limit);
    else strbuf_puts(b, " _");
    return;
  default:
    strbuf_puts(b, "(?");
  }
}

void sp_triple_print(const sp_query *q, const sp_triple *t, strbuf *out) {
  print_triple(q, t, out);
}

void sp_expr_print(const sp_query *q, const sp_expr *e, int depth, strbuf *out) {
  print_expr(q, e, depth, out);
}

void sp_node_head(const sp_query *q, const sp_node *n, int depth, strbuf *out) {
  print_head(q, n, depth, out);
  if (n->op == SP_N_LEFTJOIN && n->expr) {
    strbuf_putc(out, ' ');
    print_expr(q, n->expr, depth, out);
  }
}

void sp_node_print(const sp_query *q, const sp_node *n, int depth, strbuf *out) {
  indent(out, depth);
  if (!n) {
    strbuf_puts(out, "(null)");
    return;
  }
  switch (n->op) {
  case SP_N_BGP: print_bgp(q, n, depth, out); return;
  case SP_N_PATH: print_triple(q, &n->triples[0], out); return;
  case SP_N_VALUES: print_values(q, n, depth, out); return;
  case SP_N_TABLE: strbuf_puts(out, "(table empty)"); return;
  default: break;
  }
  print_head(q, n, depth, out);
  if (n->a) {
    strbuf_putc(out, '\n');
    sp_node_print(q, n->a, depth + 1, out);
  }
  if (n->b) {
    strbuf_putc(out, '\n');
    sp_node_print(q, n->b, depth + 1, out);
  }
  if (n->op == SP_N_LEFTJOIN && n->expr) {
    newline(out, depth + 1);
    print_expr(q, n->expr, depth + 1, out);
  }
  strbuf_putc(out, ')');
}

/* --------------------------------------------------------------- queries */

static void print_quads(const sp_query *q, const char *head, const sp_quad *qs, int n,
                        int depth, strbuf *b) {
  newline(b, depth);
  strbuf_printf(b, "(%s", head);
  for (int i = 0; i < n; i++) {
    newline(b, depth + 1);
    print_quad(q, &qs[i], b);
  }
  strbuf_putc(b, ')');
}

static const char *graph_ref(sp_graph_ref g, const char *iri, char *buf, size_t size) {
  switch (g) {
  case SP_G_DEFAULT: return "default";
  case SP_G_NAMED: return "named";
  case SP_G_ALL: return "all";
  default: snprintf(buf, size, "<%s>", iri ? iri : ""); return buf;
  }
}

static void print_update(const sp_query *q, const sp_update *u, strbuf *b) {
  static const char *const names[] = {
      [SP_U_INSERT_DATA] = "insert-data", [SP_U_DELETE_DATA] = "delete-data",
      [SP_U_DELETE_WHERE] = "delete-where", [SP_U_MODIFY] = "modify",
      [SP_U_LOAD] = "load", [SP_U_CLEAR] = "clear", [SP_U_DROP] = "drop",
      [SP_U_CREATE] = "create", [SP_U_ADD] = "add", [SP_U_MOVE] = "move",
      [SP_U_COPY] = "copy"};
  char b1[1024], b2[1024];
  strbuf_printf(b, "(%s%s", names[u->op], u->silent ? " silent" : "");
  switch (u->op) {
  case SP_U_INSERT_DATA:
    for (int i = 0; i < u->nins; i++) {
      newline(b, 1);
      print_quad(q, &u->ins[i], b);
    }
    break;
  case SP_U_DELETE_DATA:
  case SP_U_DELETE_WHERE:
    for (int i = 0; i < u->ndel; i++) {
      newline(b, 1);
      print_quad(q, &u->del[i], b);
    }
    break;
  case SP_U_MODIFY:
    if (u->with) strbuf_printf(b, " (with <%s>)", u->with);
    for (int i = 0; i < u->nusing; i++) strbuf_printf(b, " (using <%s>)", u->using[i]);
    for (int i = 0; i < u->nusing_named; i++)
      strbuf_printf(b, " (using-named <%s>)", u->using_named[i]);
    if (u->del) print_quads(q, "delete", u->del, u->ndel, 1, b);
    if (u->ins) print_quads(q, "insert", u->ins, u->nins, 1, b);
    strbuf_putc(b, '\n');
    sp_node_print(q, u->where, 1, b);
    break;
  case SP_U_LOAD:
    strbuf_printf(b, " <%s>", u->source);
    if (u->target) strbuf_printf(b, " %s", graph_ref(u->target, u->target_iri, b1, sizeof b1));
    break;
  case SP_U_ADD:
  case SP_U_MOVE:
  case SP_U_COPY:
    strbuf_printf(b, " %s %s", graph_ref(u->from, u->from_iri, b1, sizeof b1),
                  graph_ref(u->target, u->target_iri, b2, sizeof b2));
    break;
  default:
    strbuf_printf(b, " %s", graph_ref(u->target, u->target_iri, b1, sizeof b1));
  }
  strbuf_puts(b, ")\n");
}

void sp_query_print(const sp_query *q, strbuf *out) {
  if (!q) return;
  if (q->form == SP_UPDATE) {
    for (int i = 0; i < q->nupdates; i++) print_update(q, &q->updates[i], out);
    return;
  }
  int depth = 0;
  if (q->nfrom || q->nfrom_named) {
    strbuf_puts(out, "(dataset");
    for (int i = 0; i < q->nfrom; i++) strbuf_printf(out, " (from <%s>)", q->from[i]);
    for (int i = 0; i < q->nfrom_named; i++)
      strbuf_printf(out, " (from-named <%s>)", q->from_named[i]);
    strbuf_putc(out, '\n');
    depth++;
  }
  if (q->form == SP_ASK) {
    indent(out, depth);
    strbuf_puts(out, "(ask\n");
    depth++;
  } else if (q->form == SP_CONSTRUCT) {
    indent(out, depth);
    strbuf_puts(out, "(construct");
    print_quads(q, "template", q->tmpl, q->ntmpl, depth + 1, out);
    strbuf_putc(out, '\n');
    depth++;
  } else if (q->form == SP_DESCRIBE) {
    indent(out, depth);
    strbuf_puts(out, "(describe (");
    for (int i = 0; i < q->ndescribe; i++) {
      if (i) strbuf_putc(out, ' ');
      print_term(q, &q->describe[i], out);
    }
    strbuf_puts(out, q->ndescribe ? ")\n" : "*)\n");
    depth++;
  }
  sp_node_print(q, q->pattern, depth, out);
  for (int d = depth; d > 0; d--) strbuf_putc(out, ')');
  strbuf_putc(out, '\n');
}
