/* complete.c - Tab completion: dot-commands, SPARQL keywords, prefixes,
 * prefixed names of the store's IRIs (classes after "a", predicates in
 * predicate position), variables of the statement, file names, and the
 * labels of entities where .describe and .find take a term. */
#include <ctype.h>
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell.h"

static shell *the_shell;  /* completion callbacks get no context */

static const char *const keywords[] = {
  "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED",
  "PREFIX", "BASE", "DISTINCT", "REDUCED", "OPTIONAL", "FILTER", "UNION",
  "MINUS", "GRAPH", "SERVICE", "SILENT", "BIND", "VALUES", "AS", "GROUP BY",
  "HAVING", "ORDER BY", "ASC", "DESC", "LIMIT", "OFFSET", "EXISTS",
  "NOT EXISTS", "COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE", "GROUP_CONCAT",
  "SEPARATOR", "INSERT", "DELETE", "DATA", "INSERT DATA", "DELETE DATA",
  "DELETE WHERE", "WITH", "USING", "LOAD", "INTO", "CLEAR", "DROP", "CREATE",
  "ADD", "MOVE", "COPY", "DEFAULT", "ALL", "STR", "LANG", "LANGMATCHES",
  "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR",
  "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS",
  "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY",
  "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID",
  "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG",
  "STRDT", "sameTerm", "isIRI", "isURI", "isBLANK", "isLITERAL", "isNUMERIC",
  "REGEX", "SUBSTR", "REPLACE", "true", "false", NULL};

/* Candidates gathered for one completion. */
typedef struct cands {
  char **v;
  size_t n, cap;
} cands;

static void add(cands *c, const char *s, size_t n) {
  for (size_t i = 0; i < c->n; i++)
    if (strlen(c->v[i]) == n && !strncmp(c->v[i], s, n)) return;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 32;
    char **v = realloc(c->v, cap * sizeof *v);
    if (!v) return;
    c->v = v;
    c->cap = cap;
  }
  char *d = strndup(s, n);
  if (d) c->v[c->n++] = d;
}

static cands found;
static size_t next;

static char *generator(const char *text, int state) {
  (void)text;
  if (!state) next = 0;
  return next < found.n ? strdup(found.v[next++]) : NULL;
}

static void reset(void) {
  for (size_t i = 0; i < found.n; i++) free(found.v[i]);
  found.n = 0;
}

typedef struct iri_ctx {
  const char *prefix;   /* the prefix name the user typed */
  size_t ns_len;        /* length of the namespace IRI */
} iri_ctx;

static int on_iri(void *ctx, const char *iri, size_t len) {
  iri_ctx *c = ctx;
  buf b = {0};
  buf_printf(&b, "%s:%.*s", c->prefix, (int)(len - c->ns_len),
                iri + c->ns_len);
  /* only names Turtle can write without escapes */
  int ok = 1;
  for (size_t i = strlen(c->prefix) + 1; b.data && i < b.len; i++) {
    unsigned char ch = (unsigned char)b.data[i];
    if (!(isalnum(ch) || ch == '_' || ch == '-' || ch >= 0x80)) ok = 0;
  }
  if (ok && b.data) add(&found, b.data, b.len);
  buf_free(&b);
  return found.n >= 500;
}

/* Labels (rdfs:label, skos labels, schema:name) starting with `text`, any
 * case: for .describe the label itself, which readline quotes; for .find
 * the literal, "text"@lang. */
static void add_labels(shell *sh, const char *text, int literal) {
  buf q = {0};
  buf_puts(&q, "SELECT DISTINCT ?l WHERE { ?s ?lp ?l VALUES ?lp { "
               "<http://www.w3.org/2000/01/rdf-schema#label> "
               "<http://www.w3.org/2004/02/skos/core#prefLabel> "
               "<http://www.w3.org/2004/02/skos/core#altLabel> "
               "<http://schema.org/name> } "
               "FILTER(isLITERAL(?l) && STRSTARTS(LCASE(STR(?l)), LCASE(");
  sparql_string(&q, text);
  buf_puts(&q, "))) } ORDER BY ?l LIMIT 200");
  kg_query_options o = {0};
  kg_result *r = NULL;
  kg_error err;
  if (q.data && kg_query(sh->st, q.data, &o, &r, &err) == KG_OK) {
    while (kg_result_next(r, &err) > 0) {
      const kg_term *l = kg_result_value(r, 0);
      if (!l || !l->value) continue;
      if (!literal) {
        add(&found, l->value, l->len);
        continue;
      }
      buf b = {0};
      /* inside "..., readline keeps the opening quote itself */
      if (rl_completion_quote_character != '"') buf_puts(&b, "\"");
      buf_append(&b, l->value, l->len);
      buf_puts(&b, "\"");
      if (l->lang) buf_printf(&b, "@%s", l->lang);
      add(&found, b.data, b.len);
      buf_free(&b);
    }
  }
  kg_result_free(r);
  buf_free(&q);
}

/* What the word before the cursor's term is: after "a" a class, after a
 * subject a predicate. */
static int role_at(const char *line, int start) {
  int i = start - 1;
  while (i >= 0 && isspace((unsigned char)line[i])) i--;
  if (i >= 0 && line[i] == 'a' && (i == 0 || isspace((unsigned char)line[i - 1])))
    return KG_ROLE_CLASS;
  if (i >= 0 && line[i] == ';') return KG_ROLE_PREDICATE;
  /* one term since '{' or '.': we are in predicate position */
  int terms = 0, in_term = 0;
  for (int k = i; k >= 0; k--) {
    char c = line[k];
    if (c == '{' || c == '.' || c == '}') break;
    if (isspace((unsigned char)c)) {
      in_term = 0;
    } else if (!in_term) {
      in_term = 1;
      terms++;
    }
  }
  return terms == 1 ? KG_ROLE_PREDICATE : KG_ROLE_ANY;
}

static char **complete(const char *text, int start, int end) {
  (void)end;
  shell *sh = the_shell;
  reset();
  rl_attempted_completion_over = 1;
  const char *line = rl_line_buffer;
  int i = 0;
  while (isspace((unsigned char)line[i])) i++;
  size_t tl = strlen(text);
  if (line[i] == '.') {
    if (start <= i + 1) {
      for (size_t k = 0; command_name(k); k++)
        if (!strncmp(command_name(k), text + (text[0] == '.'), tl - (text[0] == '.'))) {
          buf b = {0};
          buf_printf(&b, ".%s", command_name(k));
          add(&found, b.data, b.len);
          buf_free(&b);
        }
      return rl_completion_matches(text, generator);
    }
    char cmd[32];
    size_t n = strcspn(line + i + 1, " \t");
    snprintf(cmd, sizeof cmd, "%.*s", (int)n, line + i + 1);
    if (command_takes_file(cmd)) {
      rl_attempted_completion_over = 0;
      return NULL; /* readline's file names */
    }
    int describe = !strcmp(cmd, "describe"), find = !strcmp(cmd, "find");
    if ((describe || find) && sh->st && *text && !strchr(text, ':') &&
        text[0] != '<' && text[0] != '?' && text[0] != '_') {
      add_labels(sh, text, find);
      if (find) rl_completion_suppress_quote = 1; /* "...": already there */
      if (found.n) return rl_completion_matches(text, generator);
    }
  }
  if (text[0] == '?' || text[0] == '$') {
    /* variables already in the statement */
    const char *p = line;
    while ((p = strpbrk(p, "?$"))) {
      size_t n = 1;
      while (isalnum((unsigned char)p[n]) || p[n] == '_' ||
             (unsigned char)p[n] >= 0x80)
        n++;
      if (n > 1 && p != line + start && !strncmp(p + 1, text + 1, tl - 1))
        add(&found, p, n);
      p += n;
    }
    return rl_completion_matches(text, generator);
  }
  const char *colon = strchr(text, ':');
  if (colon && sh->st) {
    char *pfx = strndup(text, (size_t)(colon - text));
    const char *ns = pfx ? kg_prefix_get(sh->st, pfx) : NULL;
    if (ns) {
      buf want = {0};
      buf_printf(&want, "%s%s", ns, colon + 1);
      iri_ctx c = {pfx, strlen(ns)};
      kg_error err;
      kg_store_iris(sh->st, want.data, role_at(line, start), 500, on_iri, &c,
                    &err);
      buf_free(&want);
    }
    free(pfx);
    rl_completion_append_character = ' ';
    return rl_completion_matches(text, generator);
  }
  for (size_t k = 0; keywords[k]; k++)
    if (!strncasecmp(keywords[k], text, tl)) add(&found, keywords[k], strlen(keywords[k]));
  for (size_t k = 0; sh->st && k < kg_prefix_count(sh->st); k++) {
    const char *n, *iri;
    kg_prefix_at(sh->st, k, &n, &iri);
    if (!strncmp(n, text, tl)) {
      buf b = {0};
      buf_printf(&b, "%s:", n);
      add(&found, b.data, b.len);
      buf_free(&b);
    }
  }
  rl_completion_append_character = found.n == 1 && strchr(found.v[0], ':') ? '\0' : ' ';
  return rl_completion_matches(text, generator);
}

void complete_init(shell *sh) {
  the_shell = sh;
  rl_readline_name = "kgsh";
  rl_attempted_completion_function = complete;
  rl_basic_word_break_characters = " \t\n(){},;=<>!\"'|&*+/";
  /* "Zhu Jia<Tab>: a quoted label is one word */
  rl_completer_quote_characters = "\"";
  rl_completer_word_break_characters = (char *)rl_basic_word_break_characters;
}
