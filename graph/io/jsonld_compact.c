/* jsonld_compact.c - JSON-LD 1.1 compaction (Processing Algorithms 6.1):
 * expanded JSON-LD shortened with a context, and the compact() API. */
#include <stdlib.h>
#include <string.h>

#include "io/jsonld_int.h"

static kg_status compact(jld *j, jld_ctx *ac, const char *prop, json_t *el, json_t **out);

static int cmp_str(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static unsigned container_of(jld_ctx *ac, const char *term) {
  const jld_term *t = jld_term_get(ac, term);
  return t ? t->container : 0;
}

static const char *kw(jld *j, jld_ctx *ac, const char *keyword) {
  return jld_compact_iri(j, ac, keyword, NULL, 1, 0);
}

/* add value (Processing Algorithms 2.4); steals v. */
static void add(json_t *obj, const char *key, json_t *v, int as_array) {
  jld_add_value(obj, key, v, as_array, 0);
}

/* The object properties of `prop` go in: the result or a nest. */
static kg_status nest_of(jld *j, jld_ctx *ac, const char *prop, json_t *result, json_t **nr) {
  const jld_term *t = jld_term_get(ac, prop);
  *nr = result;
  if (!t || !t->nest) return KG_OK;
  const char *n = t->nest;
  const jld_term *nt = jld_term_get(ac, n);
  if (strcmp(n, "@nest") && !(nt && nt->iri && !strcmp(nt->iri, "@nest")))
    return jld_fail(j, "invalid @nest value", "term \"%s\" nests in \"%s\"", prop, n);
  *nr = json_object_get(result, n);
  if (!*nr) json_object_set_new(result, n, *nr = json_object());
  return KG_OK;
}

/* 12.8.9: an item of an index, id, type or language map; steals ci. */
static kg_status map_item(jld *j, jld_ctx *ac, const char *iap, json_t *item, json_t *ci,
                          json_t *nr, unsigned c, int as_array) {
  json_t *map = json_object_get(nr, iap);
  if (!map) json_object_set_new(nr, iap, map = json_object());
  const jld_term *t = jld_term_get(ac, iap);
  const char *index_key = t && t->index ? t->index : "@index";
  const char *ck = kw(j, ac, c & JC_LANGUAGE ? "@language" : c & JC_INDEX ? "@index"
                                 : c & JC_ID ? "@id" : "@type");
  const char *key = NULL;
  if ((c & JC_LANGUAGE) && json_object_get(item, "@value")) {
    if (json_is_object(ci)) {
      json_t *v = json_incref(json_object_get(item, "@value"));
      json_decref(ci);
      ci = v;
    }
    key = jld_str(json_object_get(item, "@language"));
  } else if ((c & JC_INDEX) && !strcmp(index_key, "@index")) {
    key = jld_str(json_object_get(item, "@index"));
  } else if (c & (JC_INDEX | JC_TYPE)) {
    if (c & JC_INDEX) {
      ck = kw(j, ac, jld_iri(j, ac, index_key, 0, 1));
      if (!json_object_get(ci, ck) && json_object_get(ci, index_key)) ck = index_key;
    }
    json_t *vals = json_object_get(ci, ck);
    json_t *first = json_is_array(vals) ? json_array_get(vals, 0) : vals;
    if (json_is_string(first)) {
      key = jld_strdup(j, json_string_value(first));
      if (json_is_array(vals) && json_array_size(vals) > 1) {
        json_array_remove(vals, 0);
        if (json_array_size(vals) == 1 && j->o.compact_arrays)
          json_object_set(ci, ck, json_array_get(vals, 0));
      } else {
        json_object_del(ci, ck);
      }
    }
    if ((c & JC_TYPE) && json_object_size(ci) == 1) {
      const char *only = json_object_iter_key(json_object_iter(ci));
      if (!strcmp(jld_iri(j, ac, only, 0, 1), "@id")) {
        json_t *ref = json_pack("{s:O}", "@id", json_object_get(item, "@id")), *c2;
        kg_status st = compact(j, ac, iap, ref, &c2);
        json_decref(ref);
        if (st != KG_OK) {
          json_decref(ci);
          return st;
        }
        json_decref(ci);
        ci = c2;
      }
    }
  } else if (c & JC_ID) {
    key = jld_strdup(j, jld_str(json_object_get(ci, ck)));
    json_object_del(ci, ck);
  }
  if (!key) key = kw(j, ac, "@none");
  add(map, key, ci, as_array);
  return KG_OK;
}

/* 12.8.7: a graph object as the value of `iap`; steals ci. */
static void graph_item(jld *j, jld_ctx *ac, const char *iap, json_t *item, json_t *ci,
                       json_t *nr, unsigned c, int as_array) {
  const char *id = jld_str(json_object_get(item, "@id"));
  if ((c & JC_GRAPH) && (c & JC_ID)) {
    json_t *map = json_object_get(nr, iap);
    if (!map) json_object_set_new(nr, iap, map = json_object());
    const char *key = id ? jld_compact_iri(j, ac, id, NULL, 0, 0) : kw(j, ac, "@none");
    add(map, key, ci, as_array);
  } else if ((c & JC_GRAPH) && (c & JC_INDEX) && jld_is_simple_graph(item)) {
    json_t *map = json_object_get(nr, iap);
    if (!map) json_object_set_new(nr, iap, map = json_object());
    const char *key = jld_str(json_object_get(item, "@index"));
    add(map, key ? key : kw(j, ac, "@none"), ci, as_array);
  } else if ((c & JC_GRAPH) && jld_is_simple_graph(item)) {
    if (json_is_array(ci) && json_array_size(ci) > 1) {
      json_t *inc = json_object();
      json_object_set_new(inc, kw(j, ac, "@included"), ci);
      ci = inc;
    }
    add(nr, iap, ci, as_array);
  } else {
    json_t *g = json_object();
    json_object_set_new(g, kw(j, ac, "@graph"), ci);
    if (id) json_object_set_new(g, kw(j, ac, "@id"), json_string(jld_compact_iri(j, ac, id, NULL, 0, 0)));
    json_t *ix = json_object_get(item, "@index");
    if (ix) json_object_set(g, kw(j, ac, "@index"), ix);
    add(nr, iap, g, as_array);
  }
}

static kg_status property(jld *j, jld_ctx *ac, const char *ep, json_t *ev, int inside_reverse,
                          json_t *result) {
  json_t *nr;
  if (json_array_size(ev) == 0) {
    const char *iap = jld_compact_iri(j, ac, ep, ev, 1, inside_reverse);
    TRY(nest_of(j, ac, iap, result, &nr));
    add(nr, iap, json_array(), 1);
    return KG_OK;
  }
  size_t i;
  json_t *item;
  json_array_foreach(ev, i, item) {
    const char *iap = jld_compact_iri(j, ac, ep, item, 1, inside_reverse);
    TRY(nest_of(j, ac, iap, result, &nr));
    unsigned c = container_of(ac, iap);
    int as_array = (c & JC_SET) || !strcmp(iap, "@graph") || !strcmp(iap, "@list") ||
                   !j->o.compact_arrays;
    json_t *inner = jld_is_list(item) ? json_object_get(item, "@list")
                    : jld_is_graph(item) ? json_object_get(item, "@graph") : item;
    json_t *ci;
    TRY(compact(j, ac, iap, inner, &ci));
    if (jld_is_list(item)) {
      if (!json_is_array(ci)) {
        json_t *a = json_array();
        json_array_append_new(a, ci);
        ci = a;
      }
      if (!(c & JC_LIST)) {
        json_t *l = json_object();
        json_object_set_new(l, kw(j, ac, "@list"), ci);
        json_t *ix = json_object_get(item, "@index");
        if (ix) json_object_set(l, kw(j, ac, "@index"), ix);
        add(nr, iap, l, as_array);
      } else {
        json_object_set_new(nr, iap, ci);
      }
    } else if (jld_is_graph(item)) {
      graph_item(j, ac, iap, item, ci, nr, c, as_array);
    } else if ((c & (JC_LANGUAGE | JC_INDEX | JC_ID | JC_TYPE)) && !(c & JC_GRAPH)) {
      TRY(map_item(j, ac, iap, item, ci, nr, c, as_array));
    } else {
      add(nr, iap, ci, as_array);
    }
  }
  return KG_OK;
}

static kg_status compact_types(jld *j, jld_ctx *ac, jld_ctx *tctx, json_t *types, json_t *result) {
  const char *alias = kw(j, ac, "@type");
  json_t *cv;
  if (json_is_string(types)) {
    cv = json_string(jld_compact_iri(j, tctx, json_string_value(types), NULL, 1, 0));
  } else {
    cv = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(types, i, t)
      json_array_append_new(cv, json_string(jld_compact_iri(j, tctx, jld_str(t), NULL, 1, 0)));
  }
  int as_array = (!j->o.json_ld_10 && (container_of(ac, alias) & JC_SET)) || !j->o.compact_arrays;
  add(result, alias, cv, as_array);
  return KG_OK;
}

static kg_status compact_object(jld *j, jld_ctx *ac, const char *prop, json_t *el, json_t **out) {
  jld_ctx *tctx = ac;
  if (ac->previous && !json_object_get(el, "@value") &&
      !(json_object_size(el) == 1 && json_object_get(el, "@id")))
    ac = ac->previous;
  const jld_term *pt = jld_term_get(tctx, prop);
  if (pt && pt->context) TRY(jld_process_context(j, ac, pt->context, pt->base_url, NULL, 1, 1, 1, &ac));
  tctx = ac;
  if (json_object_get(el, "@value") || json_object_get(el, "@id")) {
    json_t *r = jld_compact_value(j, ac, prop, el);
    const jld_term *t = jld_term_get(ac, prop);
    if (!json_is_object(r) || (t && t->type && !strcmp(t->type, "@json"))) {
      *out = r;
      return KG_OK;
    }
    json_decref(r);
  }
  if (jld_is_list(el) && (container_of(ac, prop) & JC_LIST))
    return compact(j, ac, prop, json_object_get(el, "@list"), out);
  int inside_reverse = prop && !strcmp(prop, "@reverse");
  json_t *result = json_object();
  json_t *types = json_object_get(el, "@type");
  if (types) {
    size_t n = json_array_size(types);
    const char **names = calloc(n + 1, sizeof *names);
    for (size_t i = 0; names && i < n; i++)
      names[i] = jld_compact_iri(j, tctx, jld_str(json_array_get(types, i)), NULL, 1, 0);
    if (names) qsort(names, n, sizeof *names, cmp_str);
    kg_status st = KG_OK;
    for (size_t i = 0; names && i < n && st == KG_OK; i++) {
      const jld_term *tt = jld_term_get(tctx, names[i]);
      if (tt && tt->context) st = jld_process_context(j, ac, tt->context, tt->base_url, NULL, 0, 0, 1, &ac);
    }
    free(names);
    if (st != KG_OK) {
      json_decref(result);
      return st;
    }
  }
  size_t n;
  const char **keys = jld_sorted_keys(el, &n);
  kg_status st = KG_OK;
  for (size_t k = 0; keys && k < n && st == KG_OK; k++) {
    const char *ep = keys[k];
    json_t *ev = json_object_get(el, ep);
    if (!strcmp(ep, "@id")) {
      const char *id = jld_str(ev);
      json_object_set_new(result, kw(j, ac, "@id"), json_string(jld_compact_iri(j, ac, id, NULL, 0, 0)));
    } else if (!strcmp(ep, "@type")) {
      st = compact_types(j, ac, tctx, ev, result);
    } else if (!strcmp(ep, "@reverse")) {
      json_t *cv;
      if ((st = compact(j, ac, "@reverse", ev, &cv))) break;
      const char *p;
      json_t *v, *tmp;
      json_object_foreach_safe(cv, tmp, p, v) {
        const jld_term *t = jld_term_get(ac, p);
        if (t && t->reverse) {
          add(result, p, json_incref(v), (t->container & JC_SET) || !j->o.compact_arrays);
          json_object_del(cv, p);
        }
      }
      if (json_object_size(cv)) json_object_set_new(result, kw(j, ac, "@reverse"), cv);
      else json_decref(cv);
    } else if (!strcmp(ep, "@index") && (container_of(ac, prop) & JC_INDEX)) {
      continue;
    } else if (!strcmp(ep, "@direction") || !strcmp(ep, "@index") || !strcmp(ep, "@language") ||
               !strcmp(ep, "@value")) {
      json_object_set(result, kw(j, ac, ep), ev);
    } else {
      st = property(j, ac, ep, ev, inside_reverse, result);
    }
  }
  free(keys);
  if (st != KG_OK) {
    json_decref(result);
    return st;
  }
  *out = result;
  return KG_OK;
}

static kg_status compact(jld *j, jld_ctx *ac, const char *prop, json_t *el, json_t **out) {
  *out = NULL;
  if (!json_is_array(el) && !json_is_object(el)) {
    *out = json_incref(el);
    return KG_OK;
  }
  if (json_is_object(el)) return compact_object(j, ac, prop, el, out);
  json_t *r = json_array();
  size_t i;
  json_t *item;
  json_array_foreach(el, i, item) {
    json_t *c;
    kg_status st = compact(j, ac, prop, item, &c);
    if (st != KG_OK) {
      json_decref(r);
      return st;
    }
    if (c) json_array_append_new(r, c);
  }
  unsigned c = container_of(ac, prop);
  if (json_array_size(r) != 1 || !j->o.compact_arrays ||
      (prop && (!strcmp(prop, "@graph") || !strcmp(prop, "@set"))) || (c & (JC_LIST | JC_SET))) {
    *out = r;
    return KG_OK;
  }
  *out = json_incref(json_array_get(r, 0));
  json_decref(r);
  return KG_OK;
}

kg_status jld_compact_start(jld *j, json_t *context, jld_ctx **ac) {
  if (!(*ac = jld_ctx_new(j, j->o.base))) return jld_nomem(j);
  return context ? jld_process_context(j, *ac, context, j->o.base, NULL, 0, 1, 1, ac) : KG_OK;
}

kg_status jld_compact_node(jld *j, jld_ctx *ac, json_t *node, json_t **out) {
  TRY(compact(j, ac, NULL, node, out));
  if (!j->confused) return KG_OK;
  json_decref(*out);
  *out = NULL;
  return jld_fail(j, "IRI confused with prefix", "\"%s\" would read as a compact IRI", j->confused);
}

kg_status jld_compact(json_t *doc, json_t *context, const jld_options *o,
                      json_t **out, kg_error *err) {
  jld j;
  *out = NULL;
  TRY(jld_init(&j, o, err));
  json_t *exp = NULL, *r = NULL;
  json_t *ctx = json_is_object(context) && json_object_get(context, "@context")
                    ? json_object_get(context, "@context") : context;
  jld_ctx *ac;
  kg_status st = jld_expand_doc(&j, doc, &exp);
  if (st == KG_OK) st = jld_compact_start(&j, ctx, &ac);
  if (st == KG_OK) st = jld_compact_node(&j, ac, exp, &r);
  if (st == KG_OK) {
    if (json_is_array(r) && json_array_size(r) == 0) {
      json_decref(r);
      r = json_object();
    } else if (json_is_array(r)) {
      json_t *g = json_object();
      json_object_set_new(g, kw(&j, ac, "@graph"), r);
      r = g;
    }
    int empty = !ctx || json_is_null(ctx) || (json_is_object(ctx) && !json_object_size(ctx)) ||
                (json_is_array(ctx) && !json_array_size(ctx));
    if (!empty) json_object_set(r, "@context", ctx);
    *out = r;
  }
  json_decref(exp);
  jld_done(&j);
  return st;
}
