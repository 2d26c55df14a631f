/* describe.c - .describe (an entity's statements with labels) and .find
 * (a statement pattern). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

/* Writes a SPARQL term for user text: <iri>, prefix:name, _:b, "lit",
 * numbers; 0 if it is none of these. */
static int sparql_term(shell *sh, const char *s, buf *out) {
  size_t n = strlen(s);
  if (n > 2 && s[0] == '<' && s[n - 1] == '>') {
    buf_puts(out, s);
    return 1;
  }
  if (s[0] == '"' || s[0] == '\'' || (n > 2 && s[0] == '_' && s[1] == ':')) {
    buf_puts(out, s);
    return 1;
  }
  char *end;
  strtod(s, &end);
  if (n && !*end && (isdigit((unsigned char)s[0]) || s[0] == '-' ||
                     s[0] == '+')) {
    buf_puts(out, s);
    return 1;
  }
  const char *colon = strchr(s, ':');
  if (colon && !strpbrk(s, " \t")) {
    char *name = strndup(s, (size_t)(colon - s));
    const char *iri = name ? kg_prefix_get(sh->st, name) : NULL;
    free(name);
    if (iri) {
      buf_printf(out, "<%s%s>", iri, colon + 1);
      return 1;
    }
    if (!strncmp(s, "http:", 5) || !strncmp(s, "https:", 6) ||
        !strncmp(s, "urn:", 4)) {
      buf_printf(out, "<%s>", s);
      return 1;
    }
  }
  return 0;
}

void sparql_string(buf *b, const char *s) {
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') buf_putc(b, '\\');
    if (*s == '\n') {
      buf_puts(b, "\\n");
      continue;
    }
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

/* Runs a SELECT and collects its rows as display strings. */
typedef struct table {
  char ***rows;
  size_t n, ncols;
  kg_term *first;   /* first column's terms are not kept */
} table;

static void table_free(table *t) {
  for (size_t i = 0; i < t->n; i++) {
    for (size_t c = 0; c < t->ncols; c++) free(t->rows[i][c]);
    free(t->rows[i]);
  }
  free(t->rows);
}

/* Runs q into t; *first_iri (if given) is the first row's IRI, and
 * *warning (if given) the query's first warning (both new). */
static int select_rows(shell *sh, const char *q, table *t, char **first_iri,
                       char **warning) {
  kg_query_options o = {.declare_prefixes = 1};
  kg_result *r;
  kg_error err;
  memset(t, 0, sizeof *t);
  if (kg_query(sh->st, q, &o, &r, &err)) {
    report(sh, &err, q, 1);
    return 1;
  }
  if (warning && kg_result_warnings(r))
    *warning = strdup(kg_result_warning(r, 0));
  t->ncols = kg_result_columns(r);
  size_t cap = 0;
  int rc;
  while ((rc = kg_result_next(r, &err)) > 0) {
    if (t->n == cap) {
      cap = cap ? cap * 2 : 32;
      char ***nr = realloc(t->rows, cap * sizeof *nr);
      if (!nr) break;
      t->rows = nr;
    }
    char **row = calloc(t->ncols + 1, sizeof *row);
    if (!row) break;
    for (size_t c = 0; c < t->ncols; c++) {
      const kg_term *v = kg_result_value(r, c);
      row[c] = v->kind ? term_display(sh, v) : strdup("");
      if (c == 0 && first_iri && !t->n && v->kind == KG_TERM_IRI)
        *first_iri = strndup(v->value, v->len);
    }
    t->rows[t->n++] = row;
  }
  if (rc < 0) report(sh, &err, NULL, 0);
  kg_result_free(r);
  return rc < 0;
}

/* Label expressions by preferred language: ?l1 ?l2 ... coalesced into
 * ?OUTpick. A term with several labels gives one row per label, so the
 * callers group by the term and take MIN(?OUTpick) as ?OUT. */
static void label_parts(shell *sh, buf *b, const char *var, const char *out) {
  char langs[64];
  snprintf(langs, sizeof langs, "%s", sh->lang[0] ? sh->lang : "en,zh");
  int k = 0;
  buf coalesce = {0};
  for (char *tok = strtok(langs, ","); tok; tok = strtok(NULL, ","), k++) {
    buf_printf(b,
                  " OPTIONAL { %s <http://www.w3.org/2000/01/rdf-schema#label> "
                  "?%s%d FILTER(langMatches(lang(?%s%d), \"%s\")) }",
                  var, out, k, out, k, tok);
    buf_printf(&coalesce, "%s?%s%d", k ? ", " : "", out, k);
  }
  buf_printf(b,
                " OPTIONAL { %s <http://www.w3.org/2000/01/rdf-schema#label> "
                "?%sany }",
                var, out);
  buf_printf(b, " BIND(COALESCE(%s%s?%sany) AS ?%spick)",
                coalesce.data ? coalesce.data : "", k ? ", " : "", out, out);
  buf_free(&coalesce);
}

static int show(shell *sh, const char *title, const char **head, size_t nc,
                table *t) {
  fprintf(sh->out, "%s (%zu)\n", title, t->n);
  if (t->n) table_print(sh, head, nc, t->rows, t->n);
  return 0;
}

int describe_term(shell *sh, const char *arg) {
  buf term = {0}, q = {0};
  int rc = 0;
  while (isspace((unsigned char)*arg)) arg++;
  /* "a label", as Tab completes it: the label, not a literal */
  char *unquoted = NULL;
  size_t n = strlen(arg);
  if (n >= 2 && arg[0] == '"' && arg[n - 1] == '"' && !memchr(arg + 1, '"', n - 2))
    arg = unquoted = strndup(arg + 1, n - 2);
  if (!arg) return 1;
  if (unquoted || !sparql_term(sh, arg, &term)) {
    /* a label: exact (any case), then containing */
    for (int pass = 0; pass < 2 && !term.len; pass++) {
      buf_clear(&q);
      buf_puts(&q, "SELECT DISTINCT ?entity ?label WHERE { ?entity ?lp "
                      "?label VALUES ?lp { "
                      "<http://www.w3.org/2000/01/rdf-schema#label> "
                      "<http://www.w3.org/2004/02/skos/core#prefLabel> "
                      "<http://www.w3.org/2004/02/skos/core#altLabel> "
                      "<http://schema.org/name> } FILTER(");
      buf_puts(&q, pass ? "CONTAINS(LCASE(STR(?label)), LCASE(" 
                           : "LCASE(STR(?label)) = LCASE(");
      sparql_string(&q, arg);
      buf_puts(&q, pass ? "))) } ORDER BY ?entity LIMIT 20"
                           : ")) } ORDER BY ?entity LIMIT 20");
      table t;
      char *iri = NULL;
      if (select_rows(sh, q.data, &t, &iri, NULL)) {
        rc = 1;
        break;
      }
      /* one entity (perhaps with several matching labels)? */
      int one = t.n > 0;
      for (size_t i = 1; i < t.n; i++)
        if (strcmp(t.rows[i][0], t.rows[0][0])) one = 0;
      if (one && iri) {
        buf_printf(&term, "<%s>", iri);
      } else if (t.n) {
        const char *head[2] = {"entity", "label"};
        fprintf(sh->out, "several entities match '%s'; describe one of:\n",
                arg);
        table_print(sh, head, 2, t.rows, t.n);
        free(iri);
        table_free(&t);
        buf_free(&q);
        buf_free(&term);
        free(unquoted);
        return 0;
      }
      free(iri);
      table_free(&t);
    }
    if (!rc && !term.len) {
      errorf(sh, "nothing is called '%s' (give an <IRI> or prefix:name, or "
                 "part of a label)", arg);
      rc = 1;
    }
  }
  if (!rc) {
    const char *x = term.data;
    table out_t = {0}, in_t = {0};
    char *warning = NULL;
    /* both directions read the same: property, the other end, its label;
     * the type first, then the labels, then the rest by property */
    static const char rank[] =
        " BIND(IF(?property = <http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        "type>, 0, IF(?property IN (<http://www.w3.org/2000/01/rdf-schema#"
        "label>, <http://www.w3.org/2004/02/skos/core#prefLabel>, "
        "<http://www.w3.org/2004/02/skos/core#altLabel>, "
        "<http://schema.org/name>), 1, 2)) AS ?rank)";
    buf_clear(&q);
    buf_printf(&q, "SELECT ?property ?value (MIN(?labelpick) AS ?label) "
                      "WHERE { %s ?property ?value .%s",
                  x, rank);
    label_parts(sh, &q, "?value", "label");
    buf_puts(&q, " } GROUP BY ?rank ?property ?value "
                 "ORDER BY ?rank ?property ?value");
    rc = select_rows(sh, q.data, &out_t, NULL, &warning);
    if (!rc) {
      buf_clear(&q);
      buf_printf(&q, "SELECT ?property ?subject (MIN(?labelpick) AS ?label) "
                        "WHERE { ?subject ?property %s .%s",
                    x, rank);
      label_parts(sh, &q, "?subject", "label");
      buf_puts(&q, " } GROUP BY ?rank ?property ?subject "
                   "ORDER BY ?rank ?property ?subject");
      rc = select_rows(sh, q.data, &in_t, NULL, NULL);
      if (!rc && !out_t.n && !in_t.n) {
        /* nothing to show: say so, with the nearest names if misspelled */
        if (warning) errorf(sh, "%s", warning);
        else errorf(sh, "%s is in no statement of the store", x);
        rc = 1;
      } else if (!rc) {
        fprintf(sh->out, "%s\n", x);
        const char *h1[3] = {"property", "value", "label"};
        const char *h2[3] = {"property", "subject", "label"};
        show(sh, "outgoing", h1, 3, &out_t);
        show(sh, "incoming", h2, 3, &in_t);
      }
    }
    table_free(&in_t);
    table_free(&out_t);
    free(warning);
  }
  buf_free(&q);
  buf_free(&term);
  free(unquoted);
  return rc;
}

int find_pattern(shell *sh, const char *s, const char *p, const char *o,
                 const char *g) {
  const char *in[4] = {s, p, o, g};
  static const char *const var[4] = {"?subject", "?predicate", "?object",
                                     "?graph"};
  buf t[4] = {{0}, {0}, {0}, {0}};
  int rc = 0;
  for (int i = 0; i < 4 && !rc; i++) {
    if (!in[i] || !strcmp(in[i], "_")) {
      buf_puts(&t[i], var[i]);
    } else if (!sparql_term(sh, in[i], &t[i])) {
      errorf(sh, "'%s' is not a term: use <IRI>, prefix:name, \"text\", a "
                 "number, _:label, or _ for any", in[i]);
      rc = 1;
    }
  }
  if (!rc) {
    buf q = {0};
    int any_g = !g || !strcmp(g, "_");
    buf_printf(&q, "SELECT ?subject ?predicate ?object ?graph WHERE { ");
    if (any_g)
      buf_printf(&q, "{ %s %s %s } UNION { GRAPH ?graph { %s %s %s } }",
                    t[0].data, t[1].data, t[2].data, t[0].data, t[1].data,
                    t[2].data);
    else
      buf_printf(&q, "GRAPH %s { %s %s %s }", t[3].data, t[0].data,
                    t[1].data, t[2].data);
    /* the given terms fill their columns too */
    for (int i = 0; i < 4; i++)
      if (strcmp(t[i].data, var[i]))
        buf_printf(&q, " BIND(%s AS %s)", t[i].data, var[i]);
    buf_puts(&q, " }");
    int was_union = kg_store_union_default(sh->st);
    kg_store_set_union_default(sh->st, 0);
    kg_query_options opt = {.declare_prefixes = 1};
    kg_result *r;
    kg_error err;
    if (kg_query(sh->st, q.data, &opt, &r, &err)) {
      report(sh, &err, q.data, 1);
      rc = 1;
    } else {
      rc = render_result(sh, r, 0);
      kg_result_free(r);
    }
    kg_store_set_union_default(sh->st, was_union);
    buf_free(&q);
  }
  for (int i = 0; i < 4; i++) buf_free(&t[i]);
  return rc;
}
