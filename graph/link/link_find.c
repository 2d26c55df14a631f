/* link_find.c - kg_link_find and kg_link_check: the store's entities and
 * the target's candidates read through one describing query each side,
 * candidates blocked by label keys, scored by separate features (label,
 * type, context), banded by the accept and review thresholds. */
#include <stdlib.h>
#include <string.h>

#include "link/link_set.h"

#define OWL_SAMEAS "http://www.w3.org/2002/07/owl#sameAs"

/* The local entities: all labelled organisations, people and places,
 * the instances of a class, or what a pattern binds to ?entity. */
static kg_status selection(const char *sel, strbuf *b, kg_error *err) {
  static const char labelled[] =
      " ?item <http://www.w3.org/2000/01/rdf-schema#label> ?link_l ."
      " FILTER(isIRI(?item))";
  if (!sel || !*sel) {
    strbuf_printf(b, "?item a ?link_c . ?link_c <http://www.w3.org/2000/"
                  "01/rdf-schema#subClassOf>* ?link_top . VALUES ?link_top {");
    link_classes_sparql(b);
    strbuf_printf(b, " } %s", labelled);
    return KG_OK;
  }
  if (!strpbrk(sel, " \t\n?{")) {
    strbuf_printf(b, "?item a/<http://www.w3.org/2000/01/rdf-schema#"
                  "subClassOf>* %s . %s", sel, labelled);
    return KG_OK;
  }
  if (!strstr(sel, "?entity"))
    return kg_err(err, KG_ERR_ARG, "a pattern to link must bind ?entity, "
                                   "e.g. ?entity a hzo:Company");
  strbuf_printf(b, "{ %s } BIND(?entity AS ?item) %s", sel, labelled);
  return KG_OK;
}

static kg_status describe(kg_store *st, link_source *src, const char *items,
                          const char *select, const char *langs, int deep,
                          link_entities *es, kg_error *err) {
  char *q = link_describe_query(src ? link_source_from(src) : "", items,
                                select, langs, deep);
  if (!q) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  sp_table *t = NULL;
  kg_status s = src ? link_source_select(src, q, &t, err)
                    : link_store_select(st, q, &t, err);
  if (s == KG_OK) s = link_entities_read(es, t, err);
  sp_table_free(t);
  free(q);
  return s;
}

/* The languages of the local labels ("en zh"), for the target's. */
static void languages(const link_entities *es, char *out, size_t cap) {
  out[0] = '\0';
  for (size_t i = 0; i < es->n; i++)
    for (size_t j = 0; j < es->v[i].nlabels; j++) {
      const char *l = es->v[i].labels[j].lang;
      char tag[24];
      size_t k = strcspn(l, "-");
      if (!*l || k >= sizeof tag - 2) continue;
      snprintf(tag, sizeof tag, " %.*s ", (int)k, l);
      char padded[300];
      snprintf(padded, sizeof padded, " %s ", out);
      if (!strstr(padded, tag) && strlen(out) + k + 2 < cap)
        snprintf(out + strlen(out), cap - strlen(out), "%s%.*s",
                 *out ? " " : "", (int)k, l);
    }
}

/* Appends t as a SPARQL term (IRI or literal). */
static void sparql_term(strbuf *b, const kg_term *t) {
  char *nt = kg_term_to_nt(t);
  if (!nt) {
    b->oom = 1;
    return;
  }
  strbuf_puts(b, nt);
  strbuf_putc(b, ' ');
  free(nt);
}

/* An endpoint: items whose label or alias is one of the local labels (as
 * written, and without legal form), in batches; then those described. */
static kg_status remote_candidates(link_set_run *run, kg_error *err) {
  link_entities *loc = &run->local;
  strbuf values = {0}, items = {0};
  size_t nvalues = 0, nitems = 0, batch = run->batch;
  link_map *seen = link_map_new();
  kg_status s = seen ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
  size_t li = 0, lj = 0;
  while (s == KG_OK) {
    int done = li >= loc->n;
    if (!done) {
      link_entity *e = &loc->v[li];
      if (lj >= e->nlabels) {
        li++, lj = 0;
        continue;
      }
      const link_label *l = &e->labels[lj++];
      const char *forms[2] = {l->raw, link_strip_raw(run->ls->a, l->raw)};
      for (int f = 0; f < 2 && forms[f]; f++) {
        kg_term t = kg_literal(forms[f], NULL, *l->lang ? l->lang : "en");
        t.len = strlen(forms[f]);
        sparql_term(&values, &t);
        nvalues++;
      }
    }
    if (nvalues && (done || nvalues >= batch)) {
      strbuf q = {0};
      strbuf_printf(&q, "# kgsh .link: candidates by label\n"
                        "SELECT DISTINCT ?item WHERE {\n  VALUES ?label { %s}\n"
                        "  VALUES ?lp { <http://www.w3.org/2000/01/rdf-schema#"
                        "label> <http://www.w3.org/2004/02/skos/core#altLabel> "
                        "<http://schema.org/name> <http://xmlns.com/foaf/0.1/"
                        "name> }\n  ?hit ?lp ?label .\n  OPTIONAL { ?hit "
                        "<http://dbpedia.org/ontology/wikiPageRedirects> "
                        "?to }\n  BIND(COALESCE(?to, ?hit) AS ?item)\n}\n",
                    values.data);
      sp_table *t = NULL;
      s = q.oom ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                : link_source_select(run->src, q.data, &t, err);
      for (size_t r = 0; s == KG_OK && t && r < t->nrows; r++) {
        const kg_term *it = sp_table_cell(t, r, 0);
        if (it->kind != KG_TERM_IRI ||
            link_map_get(seen, it->value, it->len) != (size_t)-1)
          continue;
        if (link_map_put(seen, it->value, it->len, 1) < 0) {
          s = kg_err(err, KG_ERR_NOMEM, "out of memory");
          break;
        }
        sparql_term(&items, it);
        nitems++;
      }
      sp_table_free(t);
      strbuf_free(&q);
      strbuf_clear(&values);
      nvalues = 0;
      if (s == KG_OK && run->progress &&
          run->progress(run->progress_data, li, loc->n))
        s = kg_err(err, KG_ERR_CANCELLED, "linking cancelled after %zu of %zu "
                                          "entities: nothing written", li,
                   loc->n);
    }
    if (s == KG_OK && nitems && (done || nitems >= batch)) {
      s = describe(NULL, run->src, items.data, NULL, run->langs, 0,
                   &run->target, err);
      strbuf_clear(&items);
      nitems = 0;
    }
    if (done) break;
  }
  if (s == KG_OK && (values.oom || items.oom))
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  link_map_free(seen);
  strbuf_free(&values);
  strbuf_free(&items);
  return s;
}

/* ------------------------------------------------------------ blocking */

typedef struct posting {
  size_t *v, n, cap;
} posting;

typedef struct blocker {
  link_map *keys;     /* key -> posting */
  posting *p;
  size_t n, cap;
  size_t current;     /* the target entity being indexed */
  int oom;
} blocker;

static void index_key(void *ctx, const char *key, size_t len) {
  blocker *b = ctx;
  size_t i = link_map_get(b->keys, key, len);
  if (i == (size_t)-1) {
    if (!grow(&b->p, &b->cap, b->n + 1, sizeof *b->p, 256) ||
        link_map_put(b->keys, key, len, b->n) < 0) {
      b->oom = 1;
      return;
    }
    memset(&b->p[b->n], 0, sizeof *b->p);
    i = b->n++;
  }
  posting *p = &b->p[i];
  if (p->n && p->v[p->n - 1] == b->current) return;
  if (!grow(&p->v, &p->cap, p->n + 1, sizeof *p->v, 4)) {
    b->oom = 1;
    return;
  }
  p->v[p->n++] = b->current;
}

typedef struct probe {
  blocker *b;
  size_t cap;          /* keys with more entities are too common */
  size_t *stamp;       /* per target entity: local index + 1 when met */
  size_t local;
  size_t *cands, n;
} probe;

static void probe_key(void *ctx, const char *key, size_t len) {
  probe *pr = ctx;
  size_t i = link_map_get(pr->b->keys, key, len);
  if (i == (size_t)-1) return;
  posting *p = &pr->b->p[i];
  if (key[0] != '=' && p->n > pr->cap) return;
  for (size_t k = 0; k < p->n; k++)
    if (pr->stamp[p->v[k]] != pr->local + 1) {
      pr->stamp[p->v[k]] = pr->local + 1;
      pr->cands[pr->n++] = p->v[k];
    }
}

/* Scores every local entity against the target entities that share a
 * blocking key with one of its labels. */
static kg_status block_and_score(link_set_run *run, kg_error *err) {
  link_entities *tg = &run->target, *loc = &run->local;
  blocker b = {0};
  probe pr = {0};
  kg_status s = KG_OK;
  b.keys = link_map_new();
  pr.stamp = calloc(tg->n + 1, sizeof *pr.stamp);
  pr.cands = malloc((tg->n + 1) * sizeof *pr.cands);
  if (!b.keys || !pr.stamp || !pr.cands) b.oom = 1;
  for (size_t t = 0; !b.oom && t < tg->n; t++) {
    b.current = t;
    for (size_t j = 0; j < tg->v[t].nlabels; j++)
      link_keys(tg->v[t].labels[j].norm, index_key, &b);
  }
  pr.b = &b;
  pr.cap = tg->n / 20 > 100 ? tg->n / 20 : 100;
  for (size_t l = 0; !b.oom && s == KG_OK && l < loc->n; l++) {
    pr.local = l;
    pr.n = 0;
    for (size_t j = 0; j < loc->v[l].nlabels; j++)
      link_keys(loc->v[l].labels[j].norm, probe_key, &pr);
    for (size_t k = 0; s == KG_OK && k < pr.n; k++)
      s = link_set_score(run, &loc->v[l], &tg->v[pr.cands[k]], err);
  }
  if (b.oom && s == KG_OK) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < b.n; i++) free(b.p[i].v);
  free(b.p);
  link_map_free(b.keys);
  free(pr.stamp);
  free(pr.cands);
  return s;
}

/* Opens the target and reads the local side; common to find and check. */
static kg_status start(kg_store *st, const kg_link_options *opt,
                       link_set_run *run, kg_error *err) {
  memset(run, 0, sizeof *run);
  if (!st || !opt) return kg_err(err, KG_ERR_ARG, "no store or options");
  TRY(link_set_run_init(run, opt, err));
  TRY(link_source_open(st, opt->target, opt->delay_ms, &run->src, err));
  return link_set_target_names(run, err);
}

kg_status kg_link_find(kg_store *st, const kg_link_options *opt,
                       kg_linkset **out, kg_error *err) {
  *out = NULL;
  link_set_run run;
  kg_status s = start(st, opt, &run, err);
  strbuf sel = {0};
  if (s == KG_OK) s = selection(opt->select, &sel, err);
  if (s == KG_OK)
    s = describe(st, NULL, NULL, sel.data, NULL, 1, &run.local, err);
  if (s == KG_OK) {
    languages(&run.local, run.langs, sizeof run.langs);
    if (link_source_remote(run.src)) {
      s = remote_candidates(&run, err);
    } else {
      /* a local target is read whole: every labelled entity */
      s = describe(NULL, run.src, NULL,
                   "?item ?link_lp ?link_lv . VALUES ?link_lp { "
                   "<http://www.w3.org/2000/01/rdf-schema#label> "
                   "<http://www.w3.org/2004/02/skos/core#altLabel> "
                   "<http://schema.org/name> } FILTER(isIRI(?item)) "
                   "FILTER NOT EXISTS { ?item <http://dbpedia.org/ontology/"
                   "wikiPageRedirects> ?link_to }",
                   run.langs, 0, &run.target, err);
    }
  }
  if (s == KG_OK) s = block_and_score(&run, err);
  if (s == KG_OK) s = link_set_band(&run, err);
  strbuf_free(&sel);
  return link_set_run_finish(&run, s, out);
}

/* Everything before the last '/' or '#' of an IRI. */
static size_t namespace_len(const char *iri) {
  size_t n = strlen(iri);
  while (n && iri[n - 1] != '/' && iri[n - 1] != '#') n--;
  return n;
}

kg_status kg_link_check(kg_store *st, const kg_link_options *opt,
                        kg_linkset **out, kg_error *err) {
  *out = NULL;
  link_set_run run;
  kg_status s = start(st, opt, &run, err);
  sp_table *links = NULL;
  strbuf subjects = {0}, objects = {0};
  link_map *found_ns = link_map_new();
  if (s == KG_OK && !found_ns) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s == KG_OK)
    s = link_store_select(st, "SELECT DISTINCT ?s ?o WHERE { ?s <" OWL_SAMEAS
                              "> ?o FILTER(isIRI(?s) && isIRI(?o)) } "
                              "ORDER BY ?s ?o", &links, err);
  for (size_t r = 0; s == KG_OK && r < links->nrows; r++)
    sparql_term(&subjects, sp_table_cell(links, r, 0));
  if (s == KG_OK && links->nrows) {
    s = describe(st, NULL, subjects.data, NULL, NULL, 1, &run.local, err);
    languages(&run.local, run.langs, sizeof run.langs);
  }
  /* the objects at the target, a batch a request */
  for (size_t r = 0, k = 0; s == KG_OK && r < links->nrows; r++) {
    sparql_term(&objects, sp_table_cell(links, r, 1));
    if (++k < run.batch && r + 1 < links->nrows) continue;
    s = objects.oom ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                    : describe(NULL, run.src, objects.data, NULL, run.langs,
                               0, &run.target, err);
    strbuf_clear(&objects);
    k = 0;
  }
  /* the namespaces the target knows: links elsewhere are not its own */
  for (size_t i = 0; s == KG_OK && i < run.target.n; i++)
    if (run.target.v[i].nlabels &&
        link_map_put(found_ns, run.target.v[i].iri,
                     namespace_len(run.target.v[i].iri), 1) < 0)
      s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t r = 0; s == KG_OK && r < links->nrows; r++) {
    const char *o = sp_table_cell(links, r, 1)->value;
    if (link_map_get(found_ns, o, namespace_len(o)) == (size_t)-1) continue;
    link_entity *le = link_entities_get(&run.local,
                                        sp_table_cell(links, r, 0)->value);
    link_entity *te = link_entities_get(&run.target, o);
    s = le && te ? link_set_check_one(&run, le, te, err)
                 : kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  if (s == KG_OK && (subjects.oom || objects.oom))
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  sp_table_free(links);
  strbuf_free(&subjects);
  strbuf_free(&objects);
  link_map_free(found_ns);
  return link_set_run_finish(&run, s, out);
}
