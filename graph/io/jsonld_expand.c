/* jsonld_expand.c - JSON-LD 1.1 expansion (Processing Algorithms 5.1,
 * value expansion 5.3): a document to its context-free form. */
#include <stdlib.h>
#include <string.h>

#include "io/jsonld_int.h"

static kg_status expand(jld *j, jld_ctx *ac, const char *prop, json_t *el,
                        const char *base_url, int from_map, json_t **out);

/* A term's scoped context; its errors point at where the term is used. */
static kg_status scoped(jld *j, jld_ctx *ac, const jld_term *t, int override,
                        int propagate, jld_ctx **out) {
  j->frozen++;
  kg_status st = jld_process_context(j, ac, t->context, t->base_url, NULL, override,
                                     propagate, 1, out);
  j->frozen--;
  return st;
}

static int is_scalar(const json_t *v) {
  return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

kg_status jld_expand_value(jld *j, jld_ctx *ac, const char *prop, json_t *v,
                           json_t **out) {
  const jld_term *t = jld_term_get(ac, prop);
  const char *type = t ? t->type : NULL, *s = jld_str(v);
  if (type && s && (!strcmp(type, "@id") || !strcmp(type, "@vocab"))) {
    const char *iri;
    TRY(jld_expand_iri(j, ac, s, 1, !strcmp(type, "@vocab"), NULL, NULL, &iri));
    *out = json_pack("{s:s?}", "@id", iri);
    if (!iri) json_object_set_new(*out, "@id", json_null());
    return KG_OK;
  }
  json_t *r = json_pack("{s:O}", "@value", v);
  if (type && strcmp(type, "@id") && strcmp(type, "@vocab") && strcmp(type, "@none")) {
    json_object_set_new(r, "@type", json_string(type));
  } else if (s) {
    const char *lang = t && t->has_lang ? t->lang : ac->lang;
    const char *dir = t && t->has_dir ? t->dir : ac->dir;
    if (lang) json_object_set_new(r, "@language", json_string(lang));
    if (dir) json_object_set_new(r, "@direction", json_string(dir));
  }
  *out = r;
  return KG_OK;
}

/* Expanded keys of an object (vocab-relative), for the early checks. */
static const char *exp_key(jld *j, jld_ctx *ac, const char *k) {
  return jld_iri(j, ac, k, 0, 1);
}

static int str_is(const char *a, const char *b) { return a && !strcmp(a, b); }

static int cmp_str(const void *x, const void *y) {
  const char *a = *(const char *const *)x, *b = *(const char *const *)y;
  return strcmp(a ? a : "", b ? b : "");
}

typedef struct frame {
  jld_ctx *ac, *type_ctx;
  const char *prop, *base_url, *input_type;
  json_t *result, *nests;
} frame;

static kg_status expand_entries(jld *j, frame *f, json_t *el);

static kg_status keyword_entry(jld *j, frame *f, const char *key, const char *ep,
                               json_t *value) {
  jld_ctx *ac = f->ac;
  json_t *result = f->result, *ev = NULL;
  if (str_is(f->prop, "@reverse"))
    return jld_fail(j, "invalid reverse property map", "\"%s\" inside @reverse", key);
  if (json_object_get(result, ep) && strcmp(ep, "@included") &&
      (strcmp(ep, "@type") || j->o.json_ld_10))
    return jld_fail(j, "colliding keywords", "two entries expand to %s", ep);
  if (!strcmp(ep, "@id")) {
    const char *s = jld_str(value), *iri;
    if (!s) return jld_fail(j, "invalid @id value", "@id must be a string");
    TRY(jld_expand_iri(j, ac, s, 1, 0, NULL, NULL, &iri));
    ev = iri ? json_string(iri) : NULL;
    if (!iri) json_object_set_new(result, "@id", json_null());
  } else if (!strcmp(ep, "@type")) {
    json_t *a = jld_as_array(value);
    size_t i;
    json_t *x;
    int bad = !json_is_array(value) && !json_is_string(value);
    json_array_foreach(a, i, x) bad |= !json_is_string(x);
    if (bad) {
      json_decref(a);
      return jld_fail(j, "invalid type value", "@type must be a string or an array of strings");
    }
    ev = json_array();
    json_array_foreach(a, i, x) {
      const char *iri;
      TRY(jld_expand_iri(j, f->type_ctx, json_string_value(x), 1, 1, NULL, NULL, &iri));
      if (iri) json_array_append_new(ev, json_string(iri));
    }
    json_decref(a);
    if (!json_is_array(value) && json_array_size(ev) == 1) {
      json_t *one = json_incref(json_array_get(ev, 0));
      json_decref(ev);
      ev = one;
    }
    json_t *had = json_object_get(result, "@type");
    if (had) {
      json_t *all = jld_as_array(had);
      json_t *more = jld_as_array(ev);
      json_array_extend(all, more);
      json_decref(more);
      json_decref(ev);
      ev = all;
    }
  } else if (!strcmp(ep, "@graph")) {
    TRY(expand(j, ac, "@graph", value, f->base_url, 0, &ev));
    json_t *a = jld_as_array(ev);
    json_decref(ev);
    ev = a;
  } else if (!strcmp(ep, "@included")) {
    if (j->o.json_ld_10) return KG_OK;
    /* a property, so that strings and values are not dropped unseen */
    TRY(expand(j, ac, "@included", value, f->base_url, 0, &ev));
    json_t *a = jld_as_array(ev);
    json_decref(ev);
    ev = a;
    size_t i;
    json_t *x;
    json_array_foreach(ev, i, x) if (!jld_is_node(x)) {
      json_decref(ev);
      return jld_fail(j, "invalid @included value", "@included holds node objects only");
    }
    json_t *had = json_object_get(result, "@included");
    if (had) {
      json_t *all = json_deep_copy(had);
      json_array_extend(all, ev);
      json_decref(ev);
      ev = all;
    }
  } else if (!strcmp(ep, "@value")) {
    if (str_is(f->input_type, "@json")) {
      if (j->o.json_ld_10) return jld_fail(j, "invalid value object value", "@json in 1.0");
      ev = json_incref(value);
    } else if (!json_is_null(value) && !is_scalar(value)) {
      return jld_fail(j, "invalid value object value", "@value must be a string, number, boolean or null");
    } else {
      ev = json_incref(value);
    }
    json_object_set_new(result, "@value", ev);
    return KG_OK;
  } else if (!strcmp(ep, "@language")) {
    if (!json_is_string(value))
      return jld_fail(j, "invalid language-tagged string", "@language must be a string");
    ev = json_incref(value);
  } else if (!strcmp(ep, "@direction")) {
    if (j->o.json_ld_10) return KG_OK;
    const char *d = jld_str(value);
    if (!d || (strcmp(d, "ltr") && strcmp(d, "rtl")))
      return jld_fail(j, "invalid base direction", "@direction must be \"ltr\" or \"rtl\"");
    ev = json_incref(value);
  } else if (!strcmp(ep, "@index")) {
    if (!json_is_string(value)) return jld_fail(j, "invalid @index value", "not a string");
    ev = json_incref(value);
  } else if (!strcmp(ep, "@list")) {
    if (!f->prop || !strcmp(f->prop, "@graph")) return KG_OK;
    TRY(expand(j, ac, f->prop, value, f->base_url, 0, &ev));
    json_t *a = jld_as_array(ev);
    json_decref(ev);
    ev = a;
  } else if (!strcmp(ep, "@set")) {
    TRY(expand(j, ac, f->prop, value, f->base_url, 0, &ev));
  } else if (!strcmp(ep, "@reverse")) {
    if (!json_is_object(value)) return jld_fail(j, "invalid @reverse value", "not an object");
    TRY(expand(j, ac, "@reverse", value, f->base_url, 0, &ev));
    json_t *rev = json_object_get(ev, "@reverse");
    const char *p;
    json_t *items;
    json_object_foreach(rev, p, items) jld_add_value(result, p, json_incref(items), 1, 0);
    json_object_foreach(ev, p, items) {
      if (!strcmp(p, "@reverse")) continue;
      json_t *rm = json_object_get(result, "@reverse");
      if (!rm) json_object_set_new(result, "@reverse", rm = json_object());
      size_t i;
      json_t *it;
      json_array_foreach(items, i, it) {
        if (jld_is_value(it) || jld_is_list(it)) {
          kg_status st = jld_fail(j, "invalid reverse property value", "property \"%s\"", p);
          json_decref(ev);
          return st;
        }
        jld_add_value(rm, p, json_incref(it), 1, 0);
      }
    }
    json_decref(ev);
    return KG_OK;
  } else if (!strcmp(ep, "@nest")) {
    json_object_set_new(f->nests, key, json_true());
    return KG_OK;
  } else {
    return KG_OK;  /* @context and the like */
  }
  if (ev) json_object_set_new(result, ep, ev);
  return KG_OK;
}

/* The language map entries of `value` (13.7). */
static kg_status language_map(jld *j, jld_ctx *ac, const jld_term *t, json_t *value,
                              json_t **out) {
  const char *dir = t && t->has_dir ? t->dir : ac->dir;
  json_t *ev = json_array();
  size_t n;
  const char **keys = jld_sorted_keys(value, &n);
  for (size_t k = 0; keys && k < n; k++) {
    jld_path_push(j, keys[k], 0);
    json_t *items = jld_as_array(json_object_get(value, keys[k]));
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
      if (json_is_null(it)) continue;
      if (!json_is_string(it)) {
        kg_status st = jld_fail(j, "invalid language map value", "language \"%s\"", keys[k]);
        json_decref(items);
        json_decref(ev);
        free(keys);
        return st;
      }
      json_t *v = json_pack("{s:O}", "@value", it);
      if (strcmp(keys[k], "@none") && !str_is(exp_key(j, ac, keys[k]), "@none"))
        json_object_set_new(v, "@language", json_string(keys[k]));
      if (dir) json_object_set_new(v, "@direction", json_string(dir));
      json_array_append_new(ev, v);
    }
    json_decref(items);
    jld_path_pop(j);
  }
  free(keys);
  *out = ev;
  return KG_OK;
}

/* Index, id and type maps (13.8). */
static kg_status index_map(jld *j, jld_ctx *ac, const char *key, const jld_term *t,
                           json_t *value, const char *base_url, json_t **out) {
  unsigned c = t->container;
  const char *index_key = t->index ? t->index : "@index";
  json_t *ev = json_array();
  *out = ev;
  size_t n;
  const char **keys = jld_sorted_keys(value, &n);
  kg_status st = KG_OK;
  for (size_t k = 0; keys && k < n && st == KG_OK; k++) {
    const char *index = keys[k];
    jld_ctx *mc = ac;
    if ((c & (JC_ID | JC_TYPE)) && ac->previous) mc = ac->previous;
    const jld_term *it = jld_term_get(mc, index);
    if ((c & JC_TYPE) && it && it->context &&
        (st = scoped(j, mc, it, 0, 1, &mc)))
      break;
    const char *eindex = exp_key(j, ac, index);
    json_t *items;
    jld_path_push(j, index, 0);
    if ((st = expand(j, mc, key, json_object_get(value, index), base_url, 1, &items))) break;
    json_t *arr = jld_as_array(items);
    json_decref(items);
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
      if ((c & JC_GRAPH) && !jld_is_graph(item)) {
        json_t *g = json_pack("{s:[O]}", "@graph", item);
        json_array_set_new(arr, i, g);
        item = g;
      }
      if ((c & JC_INDEX) && strcmp(index_key, "@index") && !str_is(eindex, "@none")) {
        json_t *re, *is = json_string(index);
        st = jld_expand_value(j, ac, index_key, is, &re);
        json_decref(is);
        if (st != KG_OK) break;
        const char *eik = exp_key(j, ac, index_key);
        json_t *vals = json_pack("[o]", re);
        json_t *had = json_object_get(item, eik);
        if (had) {
          json_t *h = jld_as_array(had);
          json_array_extend(vals, h);
          json_decref(h);
        }
        json_object_set_new(item, eik, vals);
        if (jld_is_value(item) && json_object_size(item) > 1) {
          st = jld_fail(j, "invalid value object", "a value in an index map with \"%s\"", index_key);
          break;
        }
      } else if ((c & JC_INDEX) && !json_object_get(item, "@index") && !str_is(eindex, "@none")) {
        json_object_set_new(item, "@index", json_string(index));
      } else if ((c & JC_ID) && !json_object_get(item, "@id") && !str_is(eindex, "@none")) {
        const char *id = jld_iri(j, ac, index, 1, 0);
        json_object_set_new(item, "@id", id ? json_string(id) : json_null());
      } else if ((c & JC_TYPE) && !str_is(eindex, "@none")) {
        json_t *types = json_pack("[s]", eindex);
        json_t *had = json_object_get(item, "@type");
        if (had) {
          json_t *h = jld_as_array(had);
          json_array_extend(types, h);
          json_decref(h);
        }
        json_object_set_new(item, "@type", types);
      }
      json_array_append(ev, item);
    }
    json_decref(arr);
    if (st == KG_OK) jld_path_pop(j);
  }
  free(keys);
  return st;
}

static kg_status property_entry(jld *j, frame *f, const char *key, const char *ep,
                                json_t *value) {
  jld_ctx *ac = f->ac;
  const jld_term *t = jld_term_get(ac, key);
  unsigned c = t ? t->container : 0;
  json_t *ev = NULL;
  if (t && str_is(t->type, "@json")) {
    ev = json_pack("{s:O,s:s}", "@value", value, "@type", "@json");
  } else if ((c & JC_LANGUAGE) && json_is_object(value)) {
    TRY(language_map(j, ac, t, value, &ev));
  } else if ((c & (JC_INDEX | JC_TYPE | JC_ID)) && json_is_object(value)) {
    kg_status st = index_map(j, ac, key, t, value, f->base_url, &ev);
    if (st != KG_OK) {
      json_decref(ev);
      return st;
    }
  } else {
    TRY(expand(j, ac, key, value, f->base_url, 0, &ev));
  }
  if (!ev) return KG_OK;
  if ((c & JC_LIST) && !jld_is_list(ev)) {
    json_t *a = jld_as_array(ev);
    json_decref(ev);
    ev = json_pack("{s:o}", "@list", a);
  }
  if ((c & JC_GRAPH) && !(c & (JC_ID | JC_INDEX))) {
    json_t *a = jld_as_array(ev), *g = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) json_array_append_new(g, json_pack("{s:[O]}", "@graph", x));
    json_decref(a);
    json_decref(ev);
    ev = g;
  }
  if (t && t->reverse) {
    json_t *rm = json_object_get(f->result, "@reverse");
    if (!rm) json_object_set_new(f->result, "@reverse", rm = json_object());
    json_t *a = jld_as_array(ev);
    json_decref(ev);
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) {
      if (jld_is_value(x) || jld_is_list(x)) {
        json_decref(a);
        return jld_fail(j, "invalid reverse property value", "property \"%s\"", key);
      }
      jld_add_value(rm, ep, json_incref(x), 1, 0);
    }
    json_decref(a);
    return KG_OK;
  }
  jld_add_value(f->result, ep, ev, 1, 0);
  return KG_OK;
}

static kg_status expand_entries(jld *j, frame *f, json_t *el) {
  size_t n;
  const char **keys = jld_sorted_keys(el, &n);
  if (!keys) return jld_nomem(j);
  kg_status st = KG_OK;
  for (size_t k = 0; k < n && st == KG_OK; k++) {
    const char *key = keys[k], *ep;
    json_t *value = json_object_get(el, key);
    if (!strcmp(key, "@context")) continue;
    if ((st = jld_expand_iri(j, f->ac, key, 0, 1, NULL, NULL, &ep))) break;
    if (!ep || (!strchr(ep, ':') && !jld_is_keyword(ep))) continue;
    jld_path_push(j, key, 0);
    if (jld_is_keyword(ep)) st = keyword_entry(j, f, key, ep, value);
    else st = property_entry(j, f, key, ep, value);
    if (st == KG_OK) jld_path_pop(j);
  }
  free(keys);
  if (st != KG_OK) return st;
  /* nested properties (14) */
  json_t *nests = f->nests;
  f->nests = json_object();
  keys = jld_sorted_keys(nests, &n);
  for (size_t k = 0; keys && k < n && st == KG_OK; k++) {
    json_t *vals = jld_as_array(json_object_get(el, keys[k]));
    size_t i;
    json_t *nv;
    jld_path_push(j, keys[k], 0);
    json_array_foreach(vals, i, nv) {
      const char *nk;
      json_t *x;
      int bad = !json_is_object(nv);
      if (!bad) json_object_foreach(nv, nk, x) bad |= str_is(exp_key(j, f->ac, nk), "@value");
      if (bad) {
        st = jld_fail(j, "invalid @nest value", "\"%s\" must hold node objects", keys[k]);
        break;
      }
      /* a nesting term's own context applies inside it */
      const jld_term *nt = jld_term_get(f->ac, keys[k]);
      frame inner = *f;
      if (nt && nt->context &&
          (st = scoped(j, f->ac, nt, 1, 1, &inner.ac)))
        break;
      inner.nests = json_object();
      if (json_is_array(json_object_get(el, keys[k]))) jld_path_push(j, NULL, i);
      st = expand_entries(j, &inner, nv);
      json_decref(inner.nests);
      if (st != KG_OK) break;
      if (json_is_array(json_object_get(el, keys[k]))) jld_path_pop(j);
    }
    if (st == KG_OK) jld_path_pop(j);
    json_decref(vals);
  }
  free(keys);
  json_decref(f->nests);
  f->nests = nests;
  return st;
}

/* 15-19: checks and reductions of the expanded object; r is consumed. */
static kg_status finish_object(jld *j, const char *prop, json_t *r, json_t **out) {
  json_t *v = json_object_get(r, "@value"), *res = r;
  kg_status st = KG_OK;
  if (v) {
    const char *k;
    json_t *x, *type = json_object_get(r, "@type");
    json_object_foreach(r, k, x) {
      if (strcmp(k, "@direction") && strcmp(k, "@index") && strcmp(k, "@language") &&
          strcmp(k, "@type") && strcmp(k, "@value"))
        st = jld_fail(j, "invalid value object", "unexpected \"%s\"", k);
    }
    if (st == KG_OK && type && (json_object_get(r, "@language") || json_object_get(r, "@direction")))
      st = jld_fail(j, "invalid value object", "@type with @language or @direction");
    else if (st != KG_OK || str_is(jld_str(type), "@json"))
      ;
    else if (json_is_null(v))
      res = NULL;
    else if (!json_is_string(v) && json_object_get(r, "@language"))
      st = jld_fail(j, "invalid language-tagged value", "@language on a non-string");
    else if (type && (!json_is_string(type) || !jld_well_formed_iri(json_string_value(type))))
      st = jld_fail(j, "invalid typed value", "@type must be an IRI");
  } else if (json_object_get(r, "@type") && !json_is_array(json_object_get(r, "@type"))) {
    json_object_set_new(r, "@type", jld_as_array(json_object_get(r, "@type")));
  } else if (json_object_get(r, "@set") || json_object_get(r, "@list")) {
    size_t n = json_object_size(r);
    if (n > 2 || (n == 2 && !json_object_get(r, "@index")))
      st = jld_fail(j, "invalid set or list object", "only @index may go with @set or @list");
    else if (json_object_get(r, "@set"))
      res = json_object_get(r, "@set");
  }
  if (st != KG_OK) res = NULL;
  if (res && json_is_object(res) && json_object_size(res) == 1 &&
      json_object_get(res, "@language"))
    res = NULL;
  if (res && (!prop || !strcmp(prop, "@graph")) && json_is_object(res) &&
      (json_object_size(res) == 0 || json_object_get(res, "@value") ||
       json_object_get(res, "@list") ||
       (json_object_size(res) == 1 && json_object_get(res, "@id"))))
    res = NULL;
  *out = json_incref(res);
  json_decref(r);
  return st;
}

static kg_status expand_object(jld *j, jld_ctx *ac, const char *prop, json_t *el,
                               const char *base_url, int from_map, json_t **out) {
  const jld_term *pt = jld_term_get(ac, prop);
  if (ac->previous && !from_map) {
    int keep = 0;
    const char *k;
    json_t *x;
    json_object_foreach(el, k, x) {
      const char *e = exp_key(j, ac, k);
      if (str_is(e, "@value") || (json_object_size(el) == 1 && str_is(e, "@id"))) keep = 1;
    }
    if (!keep) ac = ac->previous;
  }
  if (pt && pt->context)
    TRY(scoped(j, ac, pt, 1, 1, &ac));
  json_t *c = json_object_get(el, "@context");
  if (c) {
    jld_path_push(j, "@context", 0);
    TRY(jld_process_context(j, ac, c, base_url, NULL, 0, 1, 1, &ac));
    jld_path_pop(j);
  }
  jld_ctx *type_ctx = ac;
  size_t n;
  const char **keys = jld_sorted_keys(el, &n);
  if (!keys) return jld_nomem(j);
  const char *input_type = NULL;
  kg_status st = KG_OK;
  for (size_t k = 0; k < n && st == KG_OK; k++) {
    if (!str_is(exp_key(j, ac, keys[k]), "@type")) continue;
    json_t *types = jld_as_array(json_object_get(el, keys[k]));
    size_t tn = json_array_size(types);
    const char **sorted = calloc(tn + 1, sizeof *sorted);
    for (size_t i = 0; sorted && i < tn; i++) sorted[i] = jld_str(json_array_get(types, i));
    if (sorted) qsort(sorted, tn, sizeof *sorted, cmp_str);
    for (size_t i = 0; sorted && i < tn && st == KG_OK; i++) {
      const jld_term *tt = jld_term_get(type_ctx, sorted[i]);
      if (tt && tt->context)
        st = scoped(j, ac, tt, 0, 0, &ac);
    }
    free(sorted);
    if (!input_type && tn) {
      const char *last = jld_str(json_array_get(types, tn - 1));
      if (last) input_type = jld_iri(j, ac, last, 0, 1);
    }
    json_decref(types);
  }
  free(keys);
  if (st != KG_OK) return st;
  frame f = {ac, type_ctx, prop, base_url, input_type, json_object(), json_object()};
  st = expand_entries(j, &f, el);
  json_decref(f.nests);
  if (st != KG_OK) {
    json_decref(f.result);
    return st;
  }
  return finish_object(j, prop, f.result, out);
}

static kg_status expand(jld *j, jld_ctx *ac, const char *prop, json_t *el,
                        const char *base_url, int from_map, json_t **out) {
  *out = NULL;
  if (!el || json_is_null(el)) return KG_OK;
  if (++j->depth > j->o.max_depth * 2) {
    j->depth--;
    return jld_fail(j, "invalid JSON-LD", "nested deeper than %u levels", j->o.max_depth);
  }
  const jld_term *pt = jld_term_get(ac, prop);
  kg_status st = KG_OK;
  if (is_scalar(el)) {
    if (!prop || !strcmp(prop, "@graph")) goto done;
    if (pt && pt->context)
      st = scoped(j, ac, pt, 0, 1, &ac);
    if (st == KG_OK) st = jld_expand_value(j, ac, prop, el, out);
  } else if (json_is_array(el)) {
    json_t *r = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(el, i, item) {
      json_t *e;
      jld_path_push(j, NULL, i);
      if ((st = expand(j, ac, prop, item, base_url, from_map, &e))) break;
      jld_path_pop(j);
      if (pt && (pt->container & JC_LIST) && json_is_array(e)) {
        json_t *l = json_pack("{s:o}", "@list", e);
        e = l;
      }
      if (json_is_array(e)) json_array_extend(r, e), json_decref(e);
      else if (e) json_array_append_new(r, e);
    }
    if (st == KG_OK) *out = r;
    else json_decref(r);
  } else {
    st = expand_object(j, ac, prop, el, base_url, from_map, out);
  }
done:
  j->depth--;
  return st;
}

/* The active context a document starts with (the expandContext option). */
static kg_status start_ctx(jld *j, jld_ctx **ac) {
  if (!(*ac = jld_ctx_new(j, j->o.base))) return jld_nomem(j);
  if (!j->o.expand_context) return KG_OK;
  json_t *ec;
  const char *final;
  const char *url = jld_resolve(j, j->o.base, j->o.expand_context);
  TRY(jld_load(j, url, &ec, &final));
  json_t *c = json_object_get(ec, "@context");
  return jld_process_context(j, *ac, c ? c : ec, final, NULL, 0, 1, 1, ac);
}

kg_status jld_expand_doc(jld *j, json_t *doc, json_t **out) {
  jld_ctx *ac;
  TRY(start_ctx(j, &ac));
  json_t *r;
  TRY(expand(j, ac, NULL, doc, j->o.base, 0, &r));
  if (json_is_object(r) && json_object_size(r) == 1 && json_object_get(r, "@graph")) {
    json_t *g = json_incref(json_object_get(r, "@graph"));
    json_decref(r);
    r = g;
  }
  if (!r) r = json_array();
  *out = jld_as_array(r);
  json_decref(r);
  return KG_OK;
}

/* Only "@context" and an "@graph" array: its elements can go one by one. */
static int graph_document(json_t *doc) {
  if (!json_is_object(doc) || !json_is_array(json_object_get(doc, "@graph"))) return 0;
  const char *k;
  json_t *v;
  json_object_foreach(doc, k, v) if (strcmp(k, "@context") && strcmp(k, "@graph")) return 0;
  return 1;
}

kg_status jld_expand_each(jld *j, json_t *doc, jld_each_fn each, void *data) {
  if (!graph_document(doc)) {
    json_t *r;
    TRY(jld_expand_doc(j, doc, &r));
    kg_status st = each(j, r, data);
    json_decref(r);
    return st;
  }
  jld_ctx *ac;
  TRY(start_ctx(j, &ac));
  json_t *c = json_object_get(doc, "@context");
  if (c) {
    jld_path_push(j, "@context", 0);
    TRY(jld_process_context(j, ac, c, j->o.base, NULL, 0, 1, 1, &ac));
    jld_path_pop(j);
  }
  json_t *graph = json_object_get(doc, "@graph");
  kg_status st = KG_OK;
  for (size_t i = 0; i < json_array_size(graph) && st == KG_OK; i++) {
    json_t *r;
    jld_path_push(j, "@graph", 0);
    jld_path_push(j, NULL, i);
    if ((st = expand(j, ac, "@graph", json_array_get(graph, i), j->o.base, 0, &r))) break;
    jld_path_pop(j);
    jld_path_pop(j);
    json_array_set_new(graph, i, json_null());  /* its memory goes now */
    if (r) st = each(j, r, data);
    json_decref(r);
  }
  return st;
}

kg_status jld_expand(json_t *doc, const jld_options *o, json_t **out, kg_error *err) {
  jld j;
  *out = NULL;
  TRY(jld_init(&j, o, err));
  kg_status st = jld_expand_doc(&j, doc, out);
  jld_done(&j);
  return st;
}
