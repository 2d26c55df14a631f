/* draw_label.c - what a node shows: its labels in the preferred language
 * and the other, its prefixed name, its class, and whether it is an n-ary
 * node or a figure (by the W3C vocabularies for n-ary relations). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw/draw.h"
#include "grow.h"

#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define QB_OBSERVATION "http://purl.org/linked-data/cube#Observation"

/* The predicates that name their subject, in the order they are asked. */
static const char *const label_preds[] = {
  RDFS "label", SKOS "prefLabel", "http://schema.org/name", NULL};

/* Classes whose instances stand for a relation of several things (the
 * patterns of the W3C org, Data Cube and PROV vocabularies, and RDF
 * reification); their subclasses too. */
static const char *const nary_classes[] = {
  "http://www.w3.org/ns/org#Membership", "http://www.w3.org/ns/org#Post",
  QB_OBSERVATION, "http://www.w3.org/ns/prov#Activity",
  KG_RDF "Statement", "http://schema.org/Role", NULL};

int is_label_pred(const char *iri) {
  for (const char *const *l = label_preds; *l; l++)
    if (!strcmp(*l, iri)) return 1;
  return !strcmp(iri, SKOS "altLabel");
}

const char *local_name(const char *iri) {
  const char *end = iri + strlen(iri), *s = end;
  while (s > iri && s[-1] != '#' && s[-1] != '/' && s[-1] != ':') s--;
  return s < end ? s : iri;
}

const char *short_iri(picture *p, const char *iri) {
  char *s = p->st ? kg_prefix_shrink(p->st, iri) : NULL;
  const char *c = pic_str(p, s ? s : iri, strlen(s ? s : iri));
  free(s);
  return c;
}

/* Rank of a language tag in the preferences; the last rank for none. */
static size_t lang_rank(const picture *p, const char *lang) {
  for (size_t k = 0; lang && k < p->nlangs; k++) {
    size_t n = strlen(p->langs[k]);
    if (!strncasecmp(p->langs[k], lang, n) &&
        (lang[n] == '\0' || lang[n] == '-'))
      return k;
  }
  return p->nlangs + (lang ? 0 : 1);
}

/* The best label of `t` (*l1) and the best in another language (*l2). */
static void labels(picture *p, const kg_term *t, const char **l1,
                   const char **l2) {
  *l1 = *l2 = NULL;
  if (!p->st) return;
  size_t r1 = (size_t)-1, r2 = (size_t)-1;
  const char *lang1 = NULL;
  for (const char *const *pred = label_preds; *pred && !*l1; pred++) {
    kg_term pt = kg_iri(*pred);
    kg_result *r;
    if (kg_store_find(p->st, t, &pt, NULL, NULL, &r, NULL)) return;
    /* first the best, then the best of another language */
    while (kg_result_next(r, NULL) > 0) {
      const kg_term *o = &kg_result_quad(r)->o;
      if (o->kind != KG_TERM_LITERAL) continue;
      size_t rank = lang_rank(p, o->lang);
      if (rank < r1) {
        if (*l1 && (!lang1 || !o->lang || strcasecmp(lang1, o->lang))) {
          *l2 = *l1;
          r2 = r1;
        }
        *l1 = pic_str(p, o->value, o->len);
        lang1 = o->lang ? pic_str(p, o->lang, strlen(o->lang)) : NULL;
        r1 = rank;
      } else if (rank < r2 && rank != r1) {
        *l2 = pic_str(p, o->value, o->len);
        r2 = rank;
      }
    }
    kg_result_free(r);
  }
}

const char *label_of(picture *p, const char *iri) {
  const char *l1, *l2;
  kg_term t = kg_iri(iri);
  labels(p, &t, &l1, &l2);
  return l1 ? l1 : short_iri(p, iri);
}

/* Up to `max` IRIs that `s` has as objects of `pred`, copied (the callers
 * run finds of their own while they use them). */
static size_t iri_objects(picture *p, const kg_term *s, const char *pred,
                          const char **out, size_t max) {
  kg_term pt = kg_iri(pred);
  kg_result *r;
  if (!p->st || kg_store_find(p->st, s, &pt, NULL, NULL, &r, NULL)) return 0;
  size_t n = 0;
  while (n < max && kg_result_next(r, NULL) > 0) {
    const kg_term *o = &kg_result_quad(r)->o;
    if (o->kind == KG_TERM_IRI) out[n++] = pic_str(p, o->value, o->len);
  }
  kg_result_free(r);
  return n;
}

const char *pred_label(picture *p, const char *iri) {
  const char *l1, *l2;
  kg_term t = kg_iri(iri);
  labels(p, &t, &l1, &l2);
  return l1 ? l1 : local_name(iri);
}

/* 1 if class `c` is `target` or under it by rdfs:subClassOf (a few
 * levels: ontologies here are shallow, and a cycle must end). */
static int subclass_of(picture *p, const char *c, const char *target,
                       int levels) {
  if (!strcmp(c, target)) return 1;
  if (!levels || !p->st) return 0;
  kg_term ct = kg_iri(c);
  const char *supers[16];
  size_t n = iri_objects(p, &ct, RDFS "subClassOf", supers, 16);
  int found = 0;
  for (size_t i = 0; i < n && !found; i++)
    found = subclass_of(p, supers[i], target, levels - 1);
  return found;
}

static int class_index(picture *p, const char *iri) {
  for (size_t i = 0; i < p->ncls; i++)
    if (!strcmp(p->cls[i].iri, iri)) return (int)i;
  if (!grow(&p->cls, &p->capcls, p->ncls + 1, sizeof *p->cls, 8)) {
    p->oom = 1;
    return -1;
  }
  dclass *c = &p->cls[p->ncls];
  c->iri = pic_str(p, iri, strlen(iri));
  kg_term t = kg_iri(iri);
  labels(p, &t, &c->label, &c->label2);
  if (!c->label) c->label = short_iri(p, iri);
  return (int)p->ncls++;
}

/* The node's class: the first of its types that the store labels (an
 * ontology's own class) or else the first; its kind from all of them. */
static void classify(picture *p, dnode *n) {
  const char *types[16];
  size_t nt = iri_objects(p, &n->t, KG_RDF_TYPE, types, 16);
  const char *pick = NULL;
  for (size_t i = 0; i < nt; i++) {
    const char *l1, *l2;
    kg_term t = kg_iri(types[i]);
    labels(p, &t, &l1, &l2);
    if (l1 && !pick) pick = types[i];
    for (const char *const *c = nary_classes; *c; c++) {
      if (!subclass_of(p, types[i], *c, 6)) continue;
      if (!strcmp(*c, QB_OBSERVATION))
        n->kind = DN_FIGURE;
      else if (n->kind != DN_FIGURE)
        n->kind = DN_NARY;
    }
  }
  if (!pick && nt) pick = types[0];
  if (pick) n->cls = class_index(p, pick);
}

void label_node(picture *p, dnode *n) {
  if (n->t.kind == KG_TERM_LITERAL) {
    n->label = n->t.value;
    return;
  }
  if (n->t.kind == KG_TERM_IRI) n->name = short_iri(p, n->t.value);
  labels(p, &n->t, &n->label, &n->label2);
  classify(p, n);
}
