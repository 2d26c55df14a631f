/* jsonld_fromrdf.c - serialize RDF as JSON-LD (Processing Algorithms 8.4):
 * quads to expanded JSON-LD, lists folded into @list, literals to value
 * objects (native types and rdf:type as a property when asked). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "io/jsonld_int.h"

struct jld_writer {
  jld j;
  arena *qa;     /* the quads' strings, freed once they are JSON */
  kg_quad *q;
  size_t n, cap;
};

jld_writer *jld_writer_new(const jld_options *o) {
  jld_writer *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  if (jld_init(&w->j, o, NULL) != KG_OK || !(w->qa = arena_new())) {
    jld_writer_free(w);
    return NULL;
  }
  return w;
}

void jld_writer_free(jld_writer *w) {
  if (!w) return;
  jld_done(&w->j);
  arena_free(w->qa);
  free(w->q);
  free(w);
}

jld *jld_writer_run(jld_writer *w) { return &w->j; }

static int copy_term(arena *a, kg_term *dst, const kg_term *src) {
  *dst = *src;
  if (src->kind == KG_TERM_NONE) return 0;
  size_t len = src->kind == KG_TERM_LITERAL ? src->len : strlen(src->value);
  dst->value = arena_strndup(a, src->value, len);
  dst->len = len;
  dst->lang = src->lang && *src->lang ? arena_strdup(a, src->lang) : NULL;
  dst->datatype = src->datatype ? arena_strdup(a, src->datatype) : NULL;
  return !dst->value || (src->lang && *src->lang && !dst->lang) ||
         (src->datatype && !dst->datatype);
}

kg_status jld_writer_add(jld_writer *w, const kg_quad *q, kg_error *err) {
  if (!w->qa) return kg_err(err, KG_ERR_STATE, "JSON-LD writer: quads added after the output");
  if (!grow(&w->q, &w->cap, w->n + 1, sizeof *w->q, 256))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_quad *d = &w->q[w->n];
  if (copy_term(w->qa, &d->s, &q->s) || copy_term(w->qa, &d->p, &q->p) ||
      copy_term(w->qa, &d->o, &q->o) || copy_term(w->qa, &d->g, &q->g))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  w->n++;
  return KG_OK;
}

/* A node's id: "_:label" for blank nodes. */
static const char *id_of(jld *j, const kg_term *t) {
  return t->kind == KG_TERM_BLANK ? jld_cat(j, "_:", t->value) : t->value;
}

static int is_int_lex(const char *s) {
  if (*s == '+' || *s == '-') s++;
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

static int is_double_lex(const char *s) {
  char *end;
  if (!*s || strchr(s, ' ') || !strcmp(s, "NaN") || strstr(s, "INF")) return 0;
  double d = strtod(s, &end);
  return *end == '\0' && isfinite(d);
}

static kg_status literal_value(jld *j, const kg_term *t, json_t **out) {
  const char *dt = t->datatype ? t->datatype : KG_XSD_STRING;
  json_t *r = json_object(), *v = NULL;
  const char *type = NULL;
  if (t->lang) {
    v = json_stringn(t->value, t->len);
    json_object_set_new(r, "@language", json_string(t->lang));
  } else if (j->o.native_types && !strcmp(dt, KG_XSD_STRING)) {
    v = json_stringn(t->value, t->len);
  } else if (j->o.native_types && !strcmp(dt, KG_XSD "boolean") &&
             (!strcmp(t->value, "true") || !strcmp(t->value, "false") ||
              !strcmp(t->value, "1") || !strcmp(t->value, "0"))) {
    v = json_boolean(!strcmp(t->value, "true") || !strcmp(t->value, "1"));
  } else if (j->o.native_types && !strcmp(dt, KG_XSD "integer") && is_int_lex(t->value) &&
             strlen(t->value) < 16) {
    v = json_integer(strtoll(t->value, NULL, 10));
  } else if (j->o.native_types && !strcmp(dt, KG_XSD "double") && is_double_lex(t->value)) {
    v = json_real(strtod(t->value, NULL));
  } else if (!j->o.json_ld_10 && !strcmp(dt, KG_RDF "JSON")) {
    json_error_t je;
    v = json_loadb(t->value, t->len, JSON_DECODE_ANY, &je);
    if (!v) {
      json_decref(r);
      return jld_fail(j, "invalid JSON literal", "%s", je.text);
    }
    type = "@json";
  } else if (j->o.rdf_direction == JLD_DIR_I18N &&
             !strncmp(dt, "https://www.w3.org/ns/i18n#", 27)) {
    const char *tag = dt + 27, *us = strchr(tag, '_');
    v = json_stringn(t->value, t->len);
    if (us && us > tag)
      json_object_set_new(r, "@language", json_stringn(tag, (size_t)(us - tag)));
    if (us && us[1]) json_object_set_new(r, "@direction", json_string(us + 1));
  } else {
    v = json_stringn(t->value, t->len);
    if (strcmp(dt, KG_XSD_STRING)) type = dt;
  }
  json_object_set_new(r, "@value", v);
  if (type) json_object_set_new(r, "@type", json_string(type));
  *out = r;
  return KG_OK;
}

static int sole(json_t *node, const char *key) {
  json_t *v = json_object_get(node, key);
  return json_is_array(v) && json_array_size(v) == 1;
}

/* A blank node used once as a list's rest: rdf:first, rdf:rest, perhaps
 * @type rdf:List, and nothing else. */
static int list_node(json_t *node, json_t *once) {
  const char *id = jld_str(json_object_get(node, "@id"));
  if (!id || !jld_is_bnode(id) || !json_is_object(json_object_get(once, id))) return 0;
  if (!sole(node, KG_RDF "first") || !sole(node, KG_RDF "rest")) return 0;
  size_t want = 3;
  json_t *t = json_object_get(node, "@type");
  if (t) {
    if (json_array_size(t) != 1 || strcmp(jld_str(json_array_get(t, 0)), KG_RDF "List")) return 0;
    want = 4;
  }
  return json_object_size(node) == want;
}

/* 1 if `head` is one of `items` or inside their @list values. */
static int holds(json_t *items, json_t *head) {
  json_t *todo = json_array(), *v, *l, *x;
  json_array_extend(todo, items);
  int found = 0;
  while (!found && json_array_size(todo)) {
    size_t n = json_array_size(todo), i;
    v = json_incref(json_array_get(todo, n - 1));
    json_array_remove(todo, n - 1);
    found = v == head;
    if (json_is_object(v) && (l = json_object_get(v, "@list")))
      json_array_foreach(l, i, x) json_array_append(todo, x);
    json_decref(v);
  }
  json_decref(todo);
  return found;
}

static void fold_lists(json_t *graph, json_t *usages, json_t *once) {
  size_t i;
  json_t *u;
  json_array_foreach(usages, i, u) {
    json_t *node = json_object_get(u, "node"), *head = json_object_get(u, "value");
    const char *prop = jld_str(json_object_get(u, "property"));
    json_t *list = json_array(), *ids = json_array();
    while (!strcmp(prop, KG_RDF "rest") && list_node(node, once)) {
      json_array_append(list, json_array_get(json_object_get(node, KG_RDF "first"), 0));
      json_array_append(ids, json_object_get(node, "@id"));
      json_t *use = json_object_get(once, jld_str(json_object_get(node, "@id")));
      node = json_object_get(use, "node");
      prop = jld_str(json_object_get(use, "property"));
      head = json_object_get(use, "value");
      if (!jld_is_bnode(jld_str(json_object_get(node, "@id")))) break;
    }
    /* a list node that is also the first of another (fuzzing found it):
     * head is then an item of its own list, in a node removed below;
     * linked, it would hold itself, a cycle jansson never frees */
    if (!holds(list, head)) {
      json_object_del(head, "@id");
      json_t *rev = json_array();
      for (size_t k = json_array_size(list); k-- > 0;)
        json_array_append(rev, json_array_get(list, k));
      json_object_set_new(head, "@list", rev);
    }
    size_t k;
    json_t *id;
    json_array_foreach(ids, k, id) json_object_del(graph, json_string_value(id));
    json_decref(list);
    json_decref(ids);
  }
}

/* rdf:value/rdf:language/rdf:direction nodes back into value objects. */
static void fold_compound(json_t *graph, json_t *compound, json_t *once) {
  const char *cl;
  json_t *x;
  json_object_foreach(compound, cl, x) {
    json_t *use = json_object_get(once, cl), *node = json_object_get(graph, cl);
    if (!json_is_object(use) || !node) continue;
    json_t *refs = json_object_get(json_object_get(use, "node"),
                                   jld_str(json_object_get(use, "property")));
    json_incref(node);
    json_object_del(graph, cl);
    size_t i;
    json_t *ref;
    json_array_foreach(refs, i, ref) {
      if (!jld_str(json_object_get(ref, "@id")) || strcmp(jld_str(json_object_get(ref, "@id")), cl))
        continue;
      json_object_del(ref, "@id");
      json_t *v = json_array_get(json_object_get(node, KG_RDF "value"), 0);
      json_object_set(ref, "@value", json_object_get(v, "@value"));
      json_t *l = json_array_get(json_object_get(node, KG_RDF "language"), 0);
      if (l) json_object_set(ref, "@language", json_object_get(l, "@value"));
      json_t *d = json_array_get(json_object_get(node, KG_RDF "direction"), 0);
      if (d) json_object_set(ref, "@direction", json_object_get(d, "@value"));
    }
    json_decref(node);
  }
}

/* The graph's nodes in id order, leaving out nodes with only an @id. */
static json_t *nodes_sorted(json_t *graph) {
  json_t *arr = json_array();
  size_t n;
  const char **ids = jld_sorted_keys(graph, &n);
  for (size_t i = 0; ids && i < n; i++) {
    json_t *node = json_object_get(graph, ids[i]);
    if (json_object_size(node) > 1) json_array_append(arr, node);
  }
  free(ids);
  return arr;
}

static kg_status triples(jld *j, const kg_quad *q, json_t *graph, json_t *dflt,
                         const char *name, json_t *usages, json_t *once, json_t *compound) {
  if (strcmp(name, "@default") && !json_object_get(dflt, name))
    json_object_set_new(dflt, name, json_pack("{s:s}", "@id", name));
  const char *s = id_of(j, &q->s), *p = id_of(j, &q->p);
  json_t *node = json_object_get(graph, s);
  if (!node) json_object_set_new(graph, s, node = json_pack("{s:s}", "@id", s));
  if (j->o.rdf_direction == JLD_DIR_COMPOUND && !strcmp(p, KG_RDF "direction"))
    json_object_set_new(compound, s, json_true());
  const char *o = q->o.kind == KG_TERM_LITERAL ? NULL : id_of(j, &q->o);
  if (o && !json_object_get(graph, o))
    json_object_set_new(graph, o, json_pack("{s:s}", "@id", o));
  if (o && !strcmp(p, KG_RDF_TYPE) && !j->o.use_rdf_type) {
    jld_add_value(node, "@type", json_string(o), 1, 0);
    return KG_OK;
  }
  json_t *value;
  if (o) value = json_pack("{s:s}", "@id", o);
  else TRY(literal_value(j, &q->o, &value));
  jld_add_value(node, p, json_incref(value), 1, 0);
  json_t *use = json_pack("{s:O,s:s,s:O}", "node", node, "property", p, "value", value);
  if (o && !strcmp(o, KG_RDF "nil")) json_array_append(usages, use);
  else if (o && json_object_get(once, o)) json_object_set_new(once, o, json_false());
  else if (o && jld_is_bnode(o)) json_object_set(once, o, use);
  json_decref(use);
  json_decref(value);
  return KG_OK;
}

static int term_cmp(const kg_term *a, const kg_term *b) {
  if (a->kind != b->kind) return (int)a->kind - (int)b->kind;
  if (a->kind == KG_TERM_NONE) return 0;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->value, b->value, n);
  if (c || a->len != b->len) return c ? c : a->len < b->len ? -1 : 1;
  if ((c = strcmp(a->lang ? a->lang : "", b->lang ? b->lang : ""))) return c;
  return strcmp(a->datatype ? a->datatype : "", b->datatype ? b->datatype : "");
}

static int quad_cmp(const void *x, const void *y) {
  const kg_quad *a = x, *b = y;
  int c;
  if ((c = term_cmp(&a->g, &b->g)) || (c = term_cmp(&a->s, &b->s)) ||
      (c = term_cmp(&a->p, &b->p)))
    return c;
  return term_cmp(&a->o, &b->o);
}

/* A dataset is a set: sorted (which also fixes the output's order) and
 * without repeats. */
static void dedupe(jld_writer *w) {
  if (w->n < 2) return;
  qsort(w->q, w->n, sizeof *w->q, quad_cmp);
  size_t k = 1;
  for (size_t i = 1; i < w->n; i++)
    if (quad_cmp(&w->q[i], &w->q[k - 1])) w->q[k++] = w->q[i];
  w->n = k;
}

kg_status jld_writer_expanded(jld_writer *w, json_t **out, kg_error *err) {
  jld *j = &w->j;
  if (!w->qa) return kg_err(err, KG_ERR_STATE, "JSON-LD writer: the output was already made");
  dedupe(w);
  j->err = err;
  *out = NULL;
  json_t *graphs = json_pack("{s:{}}", "@default"), *usages = json_object(),
         *compounds = json_object(), *once = json_object();
  json_t *dflt = json_object_get(graphs, "@default");
  kg_status st = KG_OK;
  for (size_t i = 0; i < w->n && st == KG_OK; i++) {
    const kg_quad *q = &w->q[i];
    const char *name = q->g.kind == KG_TERM_NONE ? "@default" : id_of(j, &q->g);
    json_t *g = json_object_get(graphs, name);
    if (!g) {
      json_object_set_new(graphs, name, g = json_object());
      json_object_set_new(usages, name, json_array());
      json_object_set_new(compounds, name, json_object());
    }
    if (!json_object_get(usages, name)) {
      json_object_set_new(usages, name, json_array());
      json_object_set_new(compounds, name, json_object());
    }
    st = triples(j, q, g, dflt, name, json_object_get(usages, name), once,
                 json_object_get(compounds, name));
  }
  const char *name;
  json_t *g;
  json_object_foreach(graphs, name, g) {
    if (st != KG_OK) break;
    fold_compound(g, json_object_get(compounds, name), once);
    fold_lists(g, json_object_get(usages, name), once);
  }
  json_t *result = json_array();
  size_t n;
  const char **ids = st == KG_OK ? jld_sorted_keys(dflt, &n) : NULL;
  for (size_t i = 0; ids && i < n; i++) {
    json_t *node = json_object_get(dflt, ids[i]);
    json_t *sub = json_object_get(graphs, ids[i]);
    if (sub && strcmp(ids[i], "@default")) json_object_set_new(node, "@graph", nodes_sorted(sub));
    if (json_object_size(node) > 1) json_array_append(result, node);
  }
  free(ids);
  /* the quads are JSON now: their memory goes before compaction */
  arena_free(w->qa);
  w->qa = NULL;
  free(w->q);
  w->q = NULL;
  w->n = w->cap = 0;
  json_decref(graphs);
  json_decref(usages);
  json_decref(compounds);
  json_decref(once);
  if (st != KG_OK) json_decref(result);
  else *out = result;
  return st;
}
