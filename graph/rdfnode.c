/* rdfnode.c - terms as librdf nodes and back: for the librdf module
 * stores (store/rdfmod.c) and for librdf programs using libkg, such as
 * the "kgsh" storage (redland/). */
#include <string.h>

#include "kg.h"
#include "rdflib.h"

KG_LAZY_DEFINE(kg_librdf, KG_LIBRDF_FNS, "Redland (librdf)", KG_SONAME_rdf,
               "librdf0")

/* The caller holds librdf nodes: the library is there, and the first
 * call finds it for libkg's table. */
void *kg_term_to_librdf(void *world, const kg_term *t) {
  if (kg_lazy_load(&kg_librdf_lib, NULL) != KG_OK) return NULL;
  librdf_world *w = world;
  const unsigned char *v = (const unsigned char *)t->value;
  switch (t->kind) {
  case KG_TERM_IRI:
    return librdf_new_node_from_counted_uri_string(w, v, t->len);
  case KG_TERM_BLANK:
    return librdf_new_node_from_counted_blank_identifier(w, v, t->len);
  case KG_TERM_LITERAL: {
    librdf_uri *dt = NULL;
    if (t->datatype &&
        !(dt = librdf_new_uri(w, (const unsigned char *)t->datatype)))
      return NULL;
    /* the node keeps its own copy of the datatype */
    librdf_node *n = librdf_new_node_from_typed_counted_literal(
        w, v, t->len, t->lang, t->lang ? strlen(t->lang) : 0, dt);
    if (dt) librdf_free_uri(dt);
    return n;
  }
  default:
    return NULL;
  }
}

int kg_term_from_librdf(void *node, kg_term *t) {
  librdf_node *n = node;
  memset(t, 0, sizeof *t);
  if (kg_lazy_load(&kg_librdf_lib, NULL) != KG_OK) return 0;
  size_t len = 0;
  if (librdf_node_is_resource(n)) {
    t->kind = KG_TERM_IRI;
    t->value = (const char *)librdf_uri_as_counted_string(
        librdf_node_get_uri(n), &len);
  } else if (librdf_node_is_blank(n)) {
    t->kind = KG_TERM_BLANK;
    t->value = (const char *)librdf_node_get_counted_blank_identifier(n, &len);
  } else if (librdf_node_is_literal(n)) {
    t->kind = KG_TERM_LITERAL;
    t->value = (const char *)librdf_node_get_literal_value_as_counted_string(
        n, &len);
    t->lang = librdf_node_get_literal_value_language(n);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
    if (!t->lang && dt) t->datatype = (const char *)librdf_uri_as_string(dt);
  } else {
    return 0;
  }
  t->len = len;
  return t->value != NULL;
}
