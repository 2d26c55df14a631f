/* link_entity.c - the entities of either side of a link, read from the
 * rows of one describing query: labels and aliases (normalised once),
 * the most telling category of their classes, and their context (the
 * places they are in, their founders) as comparable keys. */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

/* Pseudo-properties bound by the deep query's paths (never sent to an
 * endpoint): a superclass of a type, a place above a place, and what a
 * place is owl:sameAs. */
#define P_SUPER "urn:kgsh:link:superclass"
#define P_ABOVE "urn:kgsh:link:place-above"
#define P_SAME "urn:kgsh:link:place-same"
/* the label of a DBpedia page that redirects to the entity: an alias */
#define P_REDIRECT "urn:kgsh:link:redirect"
#define DBO_REDIRECTS "<http://dbpedia.org/ontology/wikiPageRedirects>"
/* the names of a value (a place, a founder): its labels and aliases */
#define VALUE_LABEL                                     \
  "(<http://www.w3.org/2000/01/rdf-schema#label>|"      \
  "<http://www.w3.org/2004/02/skos/core#altLabel>)"

void link_entities_init(link_entities *es, arena *a) {
  memset(es, 0, sizeof *es);
  es->a = a;
}

void link_entities_free(link_entities *es) {
  for (size_t i = 0; i < es->n; i++) {
    free(es->v[i].labels);
    free(es->v[i].ctx);
  }
  free(es->v);
  link_map_free(es->index);
  memset(es, 0, sizeof *es);
}

link_entity *link_entities_get(link_entities *es, const char *iri) {
  if (!es->index && !(es->index = link_map_new())) return NULL;
  size_t len = strlen(iri);
  size_t i = link_map_get(es->index, iri, len);
  if (i != (size_t)-1) return &es->v[i];
  if (!grow(&es->v, &es->cap, es->n + 1, sizeof *es->v, 64)) return NULL;
  link_entity *e = &es->v[es->n];
  memset(e, 0, sizeof *e);
  e->cat = -1;
  e->iri = arena_strndup(es->a, iri, len);
  if (!e->iri || link_map_put(es->index, iri, len, es->n) < 0) return NULL;
  es->n++;
  return e;
}

static int add_label(link_entities *es, link_entity *e, const kg_term *v,
                     int alias) {
  for (size_t i = 0; i < e->nlabels; i++)
    if (!strcmp(e->labels[i].raw, v->value) &&
        !strcmp(e->labels[i].lang, v->lang ? v->lang : ""))
      return 0;
  if (!grow(&e->labels, &e->cap_labels, e->nlabels + 1, sizeof *e->labels, 4))
    return -1;
  link_label *l = &e->labels[e->nlabels];
  l->raw = arena_strndup(es->a, v->value, v->len);
  l->lang = arena_strdup(es->a, v->lang ? v->lang : "");
  l->norm = link_norm(es->a, v->value, v->len);
  l->alias = alias;
  if (!l->raw || !l->lang || !l->norm) return -1;
  e->nlabels++;
  return 0;
}

/* Adds a context key: kind ('p', 'f' or '<') and text. */
static int add_ctx(link_entities *es, link_entity *e, char kind,
                   const char *s, size_t n) {
  char *k;
  if (kind == '<') {
    if (!(k = arena_alloc(es->a, n + 2))) return -1;
    k[0] = '<';
    memcpy(k + 1, s, n);
  } else {
    char *norm = link_norm(es->a, s, n);
    if (!norm) return -1;
    if (!*norm) return 0;
    size_t m = strlen(norm);
    if (!(k = arena_alloc(es->a, m + 3))) return -1;
    k[0] = kind;
    k[1] = ':';
    memcpy(k + 2, norm, m);
  }
  for (size_t i = 0; i < e->nctx; i++)
    if (!strcmp(e->ctx[i], k)) return 0;
  if (!grow(&e->ctx, &e->cap_ctx, e->nctx + 1, sizeof *e->ctx, 4)) return -1;
  e->ctx[e->nctx++] = k;
  if (kind == 'p') e->places++;
  return 0;
}

kg_status link_entities_read(link_entities *es, const sp_table *t,
                             kg_error *err) {
  long ci = sp_table_column(t, "item", 4), cp = sp_table_column(t, "p", 1),
       cv = sp_table_column(t, "v", 1), cl = sp_table_column(t, "vl", 2);
  if (ci < 0 || cp < 0 || cv < 0)
    return kg_err(err, KG_ERR_EVAL, "the link target's answer lacks the "
                                    "columns ?item ?p ?v");
  for (size_t r = 0; r < t->nrows; r++) {
    const kg_term *item = sp_table_cell(t, r, (size_t)ci),
                  *p = sp_table_cell(t, r, (size_t)cp),
                  *v = sp_table_cell(t, r, (size_t)cv),
                  *vl = cl >= 0 ? sp_table_cell(t, r, (size_t)cl) : NULL;
    if (item->kind != KG_TERM_IRI || p->kind != KG_TERM_IRI || !v->kind)
      continue;
    link_entity *e = link_entities_get(es, item->value);
    if (!e) return kg_err(err, KG_ERR_NOMEM, "out of memory");
    int role = link_role(p->value), rc = 0;
    if (!strcmp(p->value, P_SUPER)) role = LINK_ROLE_TYPE;
    if (!strcmp(p->value, P_ABOVE)) role = LINK_ROLE_PLACE;
    if (!strcmp(p->value, P_REDIRECT)) role = LINK_ROLE_ALIAS;
    int lit = v->kind == KG_TERM_LITERAL;
    switch (role) {
    case LINK_ROLE_LABEL:
    case LINK_ROLE_ALIAS:
      if (lit) rc = add_label(es, e, v, role == LINK_ROLE_ALIAS);
      break;
    case LINK_ROLE_TYPE: {
      int c = v->kind == KG_TERM_IRI ? link_category(v->value) : -1;
      int best = link_category_pick(e->cat, c);
      if (best != e->cat) {
        e->cat = best;
        e->type_iri = arena_strdup(es->a, v->value);
      }
      break;
    }
    case LINK_ROLE_PLACE:
    case LINK_ROLE_FOUNDER: {
      char kind = role == LINK_ROLE_PLACE ? 'p' : 'f';
      if (v->kind == KG_TERM_IRI) rc = add_ctx(es, e, '<', v->value, v->len);
      const kg_term *name = lit ? v : vl && vl->kind == KG_TERM_LITERAL ? vl
                                                                      : NULL;
      if (!rc && name) rc = add_ctx(es, e, kind, name->value, name->len);
      if (!rc && name && kind == 'p' && !e->place && strcmp(p->value, P_ABOVE))
        e->place = arena_strdup(es->a, name->value);
      break;
    }
    default:
      if (!strcmp(p->value, P_SAME) && v->kind == KG_TERM_IRI)
        rc = add_ctx(es, e, '<', v->value, v->len);
      break;
    }
    if (rc) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  return KG_OK;
}

/* FILTER text keeping literals in `langs` (and untagged ones) of ?var. */
static void lang_filter(strbuf *b, const char *var, const char *langs,
                        int plain) {
  if (!langs || !*langs) return;
  strbuf_printf(b, " FILTER(%s", plain ? "!isLiteral(?" : "(isLiteral(?");
  strbuf_printf(b, "%s)%s", var, plain ? " || LANG(?" : ") && (LANG(?");
  strbuf_printf(b, "%s) = \"\"", var);
  char copy[128];
  snprintf(copy, sizeof copy, "%s", langs);
  for (char *l = strtok(copy, " ,"); l; l = strtok(NULL, " ,"))
    strbuf_printf(b, " || LANGMATCHES(LANG(?%s), \"%s\")", var, l);
  strbuf_puts(b, plain ? ")" : "))");
}

char *link_describe_query(const char *from, const char *items,
                          const char *select, const char *langs, int deep) {
  strbuf b = {0};
  strbuf_printf(&b, "# kgsh .link: describe entities\n"
                    "SELECT ?item ?p ?v ?vl%s WHERE {\n  ",
                from ? from : "");
  if (items) strbuf_printf(&b, "VALUES ?item { %s }\n", items);
  else strbuf_printf(&b, "{ SELECT DISTINCT ?item WHERE { %s } }\n", select);
  strbuf_puts(&b, "  { VALUES ?p { ");
  link_props_sparql(&b);
  strbuf_puts(&b, " }\n    ?item ?p ?v .");
  lang_filter(&b, "v", langs, 1);
  strbuf_puts(&b, "\n    OPTIONAL { ?v "
                  VALUE_LABEL " ?vl .");
  lang_filter(&b, "vl", langs, 0);
  strbuf_puts(&b, " } }\n  UNION { ?link_r " DBO_REDIRECTS " ?item . ?link_r "
                  "<http://www.w3.org/2000/01/rdf-schema#label> ?v .");
  lang_filter(&b, "v", langs, 0);
  strbuf_puts(&b, " BIND(<" P_REDIRECT "> AS ?p) }\n");
  if (deep) {
    strbuf_puts(&b, "  UNION { ?item a/<http://www.w3.org/2000/01/"
                    "rdf-schema#subClassOf>+ ?v BIND(<" P_SUPER "> AS ?p) }\n"
                    "  UNION { ?item (");
    link_place_path(&b);
    strbuf_puts(&b, ")/(");
    link_place_path(&b);
    strbuf_puts(&b, ")+ ?v BIND(<" P_ABOVE "> AS ?p)\n    OPTIONAL { ?v "
                    VALUE_LABEL " ?vl .");
    lang_filter(&b, "vl", langs, 0);
    strbuf_puts(&b, " } }\n  UNION { ?item (");
    link_place_path(&b);
    strbuf_puts(&b, ")+/<http://www.w3.org/2002/07/owl#sameAs> ?v "
                    "BIND(<" P_SAME "> AS ?p) }\n");
  }
  strbuf_puts(&b, "}\n");
  return b.oom ? (strbuf_free(&b), NULL) : strbuf_take(&b);
}
