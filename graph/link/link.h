/* link.h - what the files of graph/link share: label normalisation and
 * similarity (link_text.c), the vocabulary of roles and classes
 * (link_vocab.c), a string map (link_map.c), link targets
 * (link_source.c), entities read from query rows (link_entity.c). */
#ifndef KG_LINK_H
#define KG_LINK_H

#include <stddef.h>

#include "internal.h"
#include "arena.h"
#include "grow.h"
#include "strbuf.h"
#include "results/results_read.h"

/* ------------------------------------------------------- link_text.c */

/* The comparable form of a label: NFKC (which folds full-width forms),
 * case folded, punctuation and symbols as spaces, apostrophes dropped,
 * ideographs apart from other letters, spaces collapsed, then legal-form
 * suffixes (Co., Ltd., Inc., 有限公司, 集团, ...) stripped while something
 * is left. In the arena; "" for a label with no letters; NULL when out
 * of memory. */
char *link_norm(arena *a, const char *s, size_t n);

/* The label as written without its legal-form suffix ("Zhejiang Leapmotor
 * Technology Co., Ltd." -> "Zhejiang Leapmotor Technology"), for exact
 * lookups at an endpoint; NULL when there is none to strip (or no memory). */
char *link_strip_raw(arena *a, const char *s);

/* Jaro-Winkler and character-trigram (Dice) similarity of two normalised
 * labels, over code points, in [0, 1]. */
double link_jaro_winkler(const char *a, const char *b);
double link_trigram(const char *a, const char *b);

/* The blocking keys of a normalised label: "=" + the whole label, "w:" +
 * each word of two letters or more (but a few stop words), "b:" + each
 * pair of ideographs of a word written in them. */
typedef void (*link_key_fn)(void *ctx, const char *key, size_t len);
void link_keys(const char *norm, link_key_fn fn, void *ctx);

/* ------------------------------------------------------ link_vocab.c */

/* What a property says of an entity, on either side of a link. */
enum {
  LINK_ROLE_NONE = 0,
  LINK_ROLE_LABEL,   /* rdfs:label, skos:prefLabel, schema:name, ... */
  LINK_ROLE_ALIAS,   /* skos:altLabel, schema:alternateName, legal names */
  LINK_ROLE_TYPE,    /* rdf:type, Wikidata's P31 */
  LINK_ROLE_PLACE,   /* located in, headquarters, country (P131, P159) */
  LINK_ROLE_FOUNDER, /* founded by (P112, schema:founder) */
  LINK_ROLE_SAMEAS   /* owl:sameAs (the local side's existing links) */
};
int link_role(const char *prop);
/* Appends the properties of every role as SPARQL IRIs, space-separated. */
void link_props_sparql(strbuf *b);
/* Appends the place properties as a SPARQL alternation path (a|b|c). */
void link_place_path(strbuf *b);

/* Categories of entities ("company", "city", ...) by class IRI (hzo:,
 * schema.org, FOAF, ORG, DBpedia's ontology, Wikidata items for P31);
 * -1 when the class is not in the table. */
int link_category(const char *class_iri);
/* Appends the classes of organisations, people and places in the table
 * as SPARQL IRIs, each after a space. */
void link_classes_sparql(strbuf *b);
const char *link_category_name(int cat);
/* The more telling of two categories (a specific one over a generic). */
int link_category_pick(int a, int b);
/* Type compatibility of two categories in [0, 1]; 0.5 when one is -1. */
double link_type_score(int a, int b);

/* -------------------------------------------------------- link_map.c */

/* A map from strings (copied into the map) to size_t values. */
typedef struct link_map link_map;
link_map *link_map_new(void);
void link_map_free(link_map *m);
/* The value of key, or (size_t)-1. */
size_t link_map_get(const link_map *m, const char *key, size_t len);
/* Sets key to value; returns 0, or -1 when out of memory. */
int link_map_put(link_map *m, const char *key, size_t len, size_t value);

/* ----------------------------------------------------- link_source.c */

/* Where candidates come from: a SPARQL endpoint (over HTTP, politely:
 * batched requests at most one per delay), or a store the library can
 * query: a store spec, an RDF file read into memory, or a graph of the
 * caller's store. Both answer SELECT queries as tables. */
typedef struct link_source link_source;

/* new, caller frees with link_source_free */
kg_status link_source_open(kg_store *st, const char *target, long delay_ms,
                           link_source **out, kg_error *err);
void link_source_free(link_source *src);
/* 1 for an endpoint: candidates are looked up by label, not enumerated. */
int link_source_remote(const link_source *src);
/* The dataset clause of queries (" FROM <g>" for a graph target, else ""). */
const char *link_source_from(const link_source *src);
/* The IRI of the target dataset for void:objectsTarget (borrowed). */
const char *link_source_dataset(const link_source *src);
/* A short name of the target for the links graph's IRI ("wikidata"). */
const char *link_source_slug(const link_source *src);
/* Requests made so far (an endpoint's count of HTTP requests). */
size_t link_source_requests(const link_source *src);
/* Runs a SELECT at the target; new table, caller frees. */
kg_status link_source_select(link_source *src, const char *sparql,
                             sp_table **out, kg_error *err);
/* A query of a store's rows as a table, as an endpoint's would come. */
kg_status link_store_select(kg_store *st, const char *sparql,
                            sp_table **out, kg_error *err);
/* The form-encoded body of a query request ("query=..."); new string. */
char *link_form_query(const char *sparql);

/* ----------------------------------------------------- link_entity.c */

typedef struct link_label {
  const char *raw, *lang, *norm;
  int alias;
} link_label;

/* One side of a link: its labels, its category, its context (keys of
 * places and founders: "p:" or "f:" + a normalised label, "<" + an IRI). */
typedef struct link_entity {
  const char *iri;
  link_label *labels;
  size_t nlabels, cap_labels;
  int cat;
  const char *type_iri;   /* the class that gave `cat` (display) */
  const char **ctx;
  size_t nctx, cap_ctx;
  int places;             /* number of place keys in ctx */
  const char *place;      /* a place's label, for display */
} link_entity;

typedef struct link_entities {
  link_entity *v;
  size_t n, cap;
  link_map *index;        /* IRI -> position */
  arena *a;               /* borrowed: where every string lives */
} link_entities;

void link_entities_init(link_entities *es, arena *a);
void link_entities_free(link_entities *es);
/* The entity of an IRI, added when new; NULL when out of memory. */
link_entity *link_entities_get(link_entities *es, const char *iri);
/* Reads rows ?item ?p ?v ?vl (a property, its value and the value's
 * label) into entities. */
kg_status link_entities_read(link_entities *es, const sp_table *t,
                             kg_error *err);
/* The query that describes entities: `items` a VALUES list of IRIs, or
 * `select` a group pattern binding ?item; `langs` the label languages
 * to keep ("en zh"; NULL = all); `deep` adds superclasses and places of
 * places (the local side, where paths are cheap). New string. */
char *link_describe_query(const char *from, const char *items,
                          const char *select, const char *langs, int deep);

#endif /* KG_LINK_H */
