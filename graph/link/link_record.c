/* link_record.c - kg_link_record: links written to a links graph as one
 * SPARQL update (one transaction), each with its provenance as a reified
 * rdf:Statement, and the graph's void:Linkset kept up to date.
 *
 * Why reification: a reified statement is plain RDF 1.1, so the links
 * graph exports to every syntax (Turtle, N-Triples, RDF/XML) and is read
 * by every store; RDF-star would say the same more briefly but few tools
 * read it yet, and an n-ary node would replace the owl:sameAs triple that
 * reasoners and link consumers look for. The statement node is named
 * after the link (GRAPH#link-HASH), so recording a link again replaces
 * its provenance instead of adding a second one. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "link/link_set.h"

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define KGL "https://kgsh.dev/ontology/link#"
#define DCT "http://purl.org/dc/terms/"
#define VOID "http://rdfs.org/ns/void#"
#define XSD_DECIMAL "http://www.w3.org/2001/XMLSchema#decimal"
#define XSD_DATE "http://www.w3.org/2001/XMLSchema#date"
#define SAMEAS "http://www.w3.org/2002/07/owl#sameAs"

static void iri(strbuf *b, const char *s) {
  kg_term t = kg_iri(s);
  char *nt = kg_term_to_nt(&t);
  if (!nt) b->oom = 1;
  else strbuf_puts(b, nt);
  free(nt);
}

static void literal(strbuf *b, const char *s, const char *datatype) {
  kg_term t = kg_literal(s, datatype, NULL);
  t.len = strlen(s);
  char *nt = kg_term_to_nt(&t);
  if (!nt) b->oom = 1;
  else strbuf_puts(b, nt);
  free(nt);
}

static void score(strbuf *b, const char *prop, double v) {
  char num[32];
  snprintf(num, sizeof num, "%.3f", v);
  strbuf_printf(b, " <" KGL "%s> ", prop);
  literal(b, num, XSD_DECIMAL);
  strbuf_puts(b, " ;");
}

/* The statement node of a link: the graph's IRI, "#link-" and a hash of
 * the link's three IRIs. */
static void node(strbuf *b, const char *graph, const kg_link *k,
                 const char *pred) {
  strbuf key = {0};
  strbuf_printf(&key, "%s %s %s", k->local, pred, k->target);
  unsigned long long h = key.oom ? 0 : kg_hash_bytes(key.data, key.len);
  strbuf_free(&key);
  strbuf n = {0};
  strbuf_printf(&n, "%s#link-%016llx", graph, h);
  iri(b, n.data ? n.data : "");
  strbuf_free(&n);
}

/* A graph given as <IRI>, prefix:name (the store's prefixes) or an IRI,
 * as an IRI; new string. */
static char *graph_iri(kg_store *st, const char *g) {
  size_t n = strlen(g);
  if (n > 2 && g[0] == '<' && g[n - 1] == '>') return strndup(g + 1, n - 2);
  const char *colon = strchr(g, ':');
  if (colon && colon[1] != '/') {
    char *name = strndup(g, (size_t)(colon - g));
    const char *ns = name ? kg_prefix_get(st, name) : NULL;
    free(name);
    if (ns) {
      strbuf b = {0};
      strbuf_printf(&b, "%s%s", ns, colon + 1);
      return strbuf_take(&b);
    }
  }
  return strdup(g);
}

kg_status kg_link_record(kg_store *st, const kg_linkset *ls,
                         const size_t *which, size_t n, const char *predicate,
                         const char *method, const char *graph,
                         kg_error *err) {
  if (!st || !ls || (n && !which))
    return kg_err(err, KG_ERR_ARG, "no store, links or positions");
  for (size_t i = 0; i < n; i++)
    if (which[i] >= ls->n)
      return kg_err(err, KG_ERR_ARG, "no link %zu (there are %zu)", which[i],
                    ls->n);
  if (!n) return KG_OK;
  const char *pred = predicate ? predicate : SAMEAS;
  char *gbuf = graph_iri(st, graph ? graph : ls->graph);
  if (!gbuf) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  const char *g = gbuf;
  char date[16];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(date, sizeof date, "%Y-%m-%d", &tm);
  /* the linkset of this predicate: the graph itself for owl:sameAs */
  strbuf set = {0};
  if (strcmp(pred, SAMEAS)) {
    const char *local = pred + strlen(pred);
    while (local > pred && local[-1] != '#' && local[-1] != '/') local--;
    strbuf_printf(&set, "%s#%s", g, local);
  } else {
    strbuf_puts(&set, g);
  }
  strbuf u = {0};
  for (size_t i = 0; i < n; i++) {
    strbuf_puts(&u, "DELETE WHERE { GRAPH ");
    iri(&u, g);
    strbuf_puts(&u, " { ");
    node(&u, g, &ls->v[which[i]], pred);
    strbuf_puts(&u, " ?p ?o } } ;\n");
  }
  strbuf_puts(&u, "INSERT DATA { GRAPH ");
  iri(&u, g);
  strbuf_puts(&u, " {\n");
  for (size_t i = 0; i < n; i++) {
    const kg_link *k = &ls->v[which[i]];
    iri(&u, k->local);
    strbuf_putc(&u, ' ');
    iri(&u, pred);
    strbuf_putc(&u, ' ');
    iri(&u, k->target);
    strbuf_puts(&u, " .\n");
    node(&u, g, k, pred);
    strbuf_puts(&u, " a <" RDF "Statement> ; <" RDF "subject> ");
    iri(&u, k->local);
    strbuf_puts(&u, " ; <" RDF "predicate> ");
    iri(&u, pred);
    strbuf_puts(&u, " ; <" RDF "object> ");
    iri(&u, k->target);
    strbuf_puts(&u, " ;");
    score(&u, "score", k->score);
    score(&u, "labelScore", k->label);
    score(&u, "typeScore", k->type);
    score(&u, "contextScore", k->context);
    strbuf_puts(&u, " <" KGL "labelMatch> ");
    literal(&u, k->why ? k->why : "", NULL);
    strbuf_puts(&u, " ; <" KGL "method> ");
    literal(&u, method ? method : "kgsh .link", NULL);
    strbuf_puts(&u, " ; <" DCT "source> ");
    iri(&u, ls->dataset);
    strbuf_puts(&u, " ; <" DCT "created> ");
    literal(&u, date, XSD_DATE);
    strbuf_puts(&u, " .\n");
  }
  iri(&u, set.data ? set.data : "");
  strbuf_puts(&u, " a <" VOID "Linkset> ; <" VOID "linkPredicate> ");
  iri(&u, pred);
  strbuf_puts(&u, " ; <" VOID "objectsTarget> ");
  iri(&u, ls->dataset);
  strbuf_puts(&u, " ; <" DCT "creator> \"kgsh .link\" .\n} } ;\n");
  /* the count and the date, anew */
  static const char *const kept[] = {VOID "triples", DCT "modified"};
  for (size_t i = 0; i < 2; i++) {
    strbuf_puts(&u, "DELETE WHERE { GRAPH ");
    iri(&u, g);
    strbuf_puts(&u, " { ");
    iri(&u, set.data ? set.data : "");
    strbuf_printf(&u, " <%s> ?old } } ;\n", kept[i]);
  }
  strbuf_puts(&u, "INSERT { GRAPH ");
  iri(&u, g);
  strbuf_puts(&u, " { ");
  iri(&u, set.data ? set.data : "");
  strbuf_puts(&u, " <" VOID "triples> ?n ; <" DCT "modified> ");
  literal(&u, date, XSD_DATE);
  strbuf_puts(&u, " } } WHERE { SELECT (COUNT(*) AS ?n) WHERE { GRAPH ");
  iri(&u, g);
  strbuf_puts(&u, " { ?s ");
  iri(&u, pred);
  strbuf_puts(&u, " ?o } } }\n");
  kg_status s;
  if (u.oom || set.oom) {
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  } else {
    kg_result *r = NULL;
    s = kg_query(st, u.data, NULL, &r, err);
    kg_result_free(r);
  }
  strbuf_free(&u);
  strbuf_free(&set);
  free(gbuf);
  return s;
}
