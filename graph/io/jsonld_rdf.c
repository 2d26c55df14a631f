/* jsonld_rdf.c - JSON-LD to RDF: node map generation (Processing
 * Algorithms 7.2) and deserialization to quads (8.1), with rdf:JSON
 * literals in the JSON Canonicalization Scheme (RFC 8785). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/jsonld_int.h"

/* ------------------------------------------------------------- node map */

/* Values are added without the spec's check for an equal one already
 * there: that check is quadratic in a node's values, and a repeated value
 * only repeats a quad of the output, which is a set. */

static kg_status node_map(jld *j, json_t *el, json_t *map, const char *graph,
                          json_t *subject, const char *prop, json_t *list);

static kg_status node_object(jld *j, json_t *el, json_t *map, const char *graph,
                             json_t *subject, const char *prop, json_t *list) {
  json_t *g = json_object_get(map, graph);
  const char *sid = jld_str(subject);
  json_t *snode = sid ? json_object_get(g, sid) : NULL;
  json_t *idv = json_object_get(el, "@id");
  const char *id = jld_str(idv);
  if (json_is_null(idv) && idv) return KG_OK;
  id = id && jld_is_bnode(id) ? jld_bnode(j, id) : id ? jld_strdup(j, id) : jld_bnode(j, NULL);
  if (!id) return jld_nomem(j);
  json_object_del(el, "@id");
  json_t *node = json_object_get(g, id);
  if (!node) json_object_set_new(g, id, node = json_pack("{s:s}", "@id", id));
  if (json_is_object(subject)) {
    jld_add_value(node, prop, json_incref(subject), 1, 0);
  } else if (prop) {
    json_t *ref = json_pack("{s:s}", "@id", id);
    if (list) json_array_append_new(json_object_get(list, "@list"), ref);
    else jld_add_value(snode, prop, ref, 1, 0);
  }
  json_t *types = json_object_get(el, "@type");
  if (types) {
    size_t i;
    json_t *t;
    json_array_foreach(types, i, t) {
      const char *ts = jld_str(t);
      if (ts && jld_is_bnode(ts)) ts = jld_bnode(j, ts);
      if (ts) jld_add_value(node, "@type", json_string(ts), 1, 0);
    }
    json_object_del(el, "@type");
  }
  json_t *ix = json_object_get(el, "@index");
  if (ix) {
    json_t *had = json_object_get(node, "@index");
    if (had && !json_equal(had, ix))
      return jld_fail(j, "conflicting indexes", "node %s has two @index values", id);
    json_object_set(node, "@index", ix);
    json_object_del(el, "@index");
  }
  json_t *rev = json_object_get(el, "@reverse");
  if (rev) {
    json_t *ref = json_pack("{s:s}", "@id", id);
    const char *p;
    json_t *vals;
    kg_status st = KG_OK;
    json_object_foreach(rev, p, vals) {
      size_t i;
      json_t *v;
      json_array_foreach(vals, i, v) {
        if (st == KG_OK) st = node_map(j, v, map, graph, ref, p, NULL);
      }
    }
    json_decref(ref);
    TRY(st);
    json_object_del(el, "@reverse");
  }
  json_t *sub = json_object_get(el, "@graph");
  if (sub) {
    TRY(node_map(j, sub, map, id, NULL, NULL, NULL));
    json_object_del(el, "@graph");
  }
  json_t *inc = json_object_get(el, "@included");
  if (inc) {
    TRY(node_map(j, inc, map, graph, NULL, NULL, NULL));
    json_object_del(el, "@included");
  }
  size_t n;
  const char **keys = jld_sorted_keys(el, &n);
  if (!keys) return jld_nomem(j);
  kg_status st = KG_OK;
  json_t *idj = json_string(id);
  for (size_t k = 0; k < n && st == KG_OK; k++) {
    const char *p = keys[k];
    if (jld_is_bnode(p)) p = jld_bnode(j, p);
    if (!json_object_get(node, p)) json_object_set_new(node, p, json_array());
    st = node_map(j, json_object_get(el, keys[k]), map, graph, idj, p, NULL);
  }
  json_decref(idj);
  free(keys);
  return st;
}

static kg_status node_map(jld *j, json_t *el, json_t *map, const char *graph,
                          json_t *subject, const char *prop, json_t *list) {
  if (json_is_array(el)) {
    size_t i;
    json_t *x;
    json_array_foreach(el, i, x) TRY(node_map(j, x, map, graph, subject, prop, list));
    return KG_OK;
  }
  if (!json_is_object(el)) return KG_OK;
  json_t *g = json_object_get(map, graph);
  if (!g) json_object_set_new(map, graph, g = json_object());
  const char *sid = jld_str(subject);
  json_t *snode = sid ? json_object_get(g, sid) : NULL;
  if (json_object_get(el, "@value")) {
    if (list) json_array_append(json_object_get(list, "@list"), el);
    else if (snode) jld_add_value(snode, prop, json_incref(el), 1, 0);
    return KG_OK;
  }
  if (json_object_get(el, "@list")) {
    json_t *res = json_pack("{s:[]}", "@list");
    kg_status st = node_map(j, json_object_get(el, "@list"), map, graph, subject, prop, res);
    if (st == KG_OK) {
      if (list) json_array_append(json_object_get(list, "@list"), res);
      else if (snode) jld_add_value(snode, prop, json_incref(res), 1, 0);
    }
    json_decref(res);
    return st;
  }
  return node_object(j, el, map, graph, subject, prop, list);
}

/* ------------------------------------------------------------------ JCS */

static void jcs_string(strbuf *b, const char *s, size_t n) {
  strbuf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': strbuf_puts(b, "\\\""); break;
    case '\\': strbuf_puts(b, "\\\\"); break;
    case '\b': strbuf_puts(b, "\\b"); break;
    case '\f': strbuf_puts(b, "\\f"); break;
    case '\n': strbuf_puts(b, "\\n"); break;
    case '\r': strbuf_puts(b, "\\r"); break;
    case '\t': strbuf_puts(b, "\\t"); break;
    default:
      if (c < 0x20) strbuf_printf(b, "\\u%04x", c);
      else strbuf_putc(b, (char)c);
    }
  }
  strbuf_putc(b, '"');
}

/* ECMAScript's Number.prototype.toString: the shortest digits that read
 * back as the same double. */
static void jcs_number(strbuf *b, double d) {
  if (d == 0) {
    strbuf_putc(b, '0');
    return;
  }
  if (!isfinite(d)) {
    strbuf_puts(b, "null");
    return;
  }
  char buf[64];
  int p = 1;
  for (; p <= 17; p++) {
    snprintf(buf, sizeof buf, "%.*e", p - 1, d);
    if (strtod(buf, NULL) == d) break;
  }
  if (d < 0) strbuf_putc(b, '-');
  char *s = buf + (d < 0), digits[32];
  int k = 0;
  for (char *q = s; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9') digits[k++] = *q;
  while (k > 1 && digits[k - 1] == '0') k--;
  digits[k] = '\0';
  int n = atoi(strchr(s, 'e') + 1) + 1;
  if (k <= n && n <= 21) {
    strbuf_puts(b, digits);
    for (int i = k; i < n; i++) strbuf_putc(b, '0');
  } else if (0 < n && n <= 21) {
    strbuf_append(b, digits, (size_t)n);
    strbuf_putc(b, '.');
    strbuf_puts(b, digits + n);
  } else if (-6 < n && n <= 0) {
    strbuf_puts(b, "0.");
    for (int i = 0; i < -n; i++) strbuf_putc(b, '0');
    strbuf_puts(b, digits);
  } else {
    strbuf_putc(b, digits[0]);
    if (k > 1) strbuf_putc(b, '.'), strbuf_puts(b, digits + 1);
    strbuf_printf(b, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
  }
}

/* Object keys in JCS order: UTF-16 code units; UTF-8 byte order differs
 * only above U+FFFF, rare enough in keys to accept. */
void jld_canonical_json(strbuf *b, const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: {
    size_t n;
    const char **keys = jld_sorted_keys(v, &n);
    strbuf_putc(b, '{');
    for (size_t i = 0; keys && i < n; i++) {
      if (i) strbuf_putc(b, ',');
      jcs_string(b, keys[i], strlen(keys[i]));
      strbuf_putc(b, ':');
      jld_canonical_json(b, json_object_get(v, keys[i]));
    }
    strbuf_putc(b, '}');
    free(keys);
    break;
  }
  case JSON_ARRAY: {
    strbuf_putc(b, '[');
    for (size_t i = 0; i < json_array_size(v); i++) {
      if (i) strbuf_putc(b, ',');
      jld_canonical_json(b, json_array_get(v, i));
    }
    strbuf_putc(b, ']');
    break;
  }
  case JSON_STRING: jcs_string(b, json_string_value(v), json_string_length(v)); break;
  case JSON_INTEGER: jcs_number(b, (double)json_integer_value(v)); break;
  case JSON_REAL: jcs_number(b, json_real_value(v)); break;
  case JSON_TRUE: strbuf_puts(b, "true"); break;
  case JSON_FALSE: strbuf_puts(b, "false"); break;
  default: strbuf_puts(b, "null"); break;
  }
}

/* ----------------------------------------------------------------- to RDF */

typedef struct emit {
  jld *j;
  jld_quad_fn fn;
  void *data;
  kg_term g;
} emit;

static kg_term node_term(const char *id) {
  return jld_is_bnode(id) ? kg_blank(id + 2) : kg_iri(id);
}

static int usable(const char *id) { return id && (jld_is_bnode(id) || jld_well_formed_iri(id)); }

static kg_status put(emit *e, kg_term s, kg_term p, kg_term o) {
  kg_quad q = {s, p, o, e->g};
  return e->fn(e->data, &q, e->j->err);
}

static int well_formed_lang(const char *s) {
  size_t n = 0;
  int first = 1;
  for (; *s; s++) {
    if (*s == '-') {
      if (!n) return 0;
      n = 0, first = 0;
    } else if ((first ? isalpha((unsigned char)*s) : isalnum((unsigned char)*s)) && ++n <= 8) {
    } else {
      return 0;
    }
  }
  return n > 0;
}

static kg_status object_term(emit *e, json_t *item, kg_term *out, int *ok);

static kg_status list_term(emit *e, json_t *list, kg_term *out) {
  size_t n = json_array_size(list);
  if (!n) {
    *out = kg_iri(KG_RDF "nil");
    return KG_OK;
  }
  const char **ids = arena_alloc(e->j->a, n * sizeof *ids);
  if (!ids) return jld_nomem(e->j);
  for (size_t i = 0; i < n; i++) ids[i] = jld_bnode(e->j, NULL);
  for (size_t i = 0; i < n; i++) {
    kg_term o;
    int ok;
    TRY(object_term(e, json_array_get(list, i), &o, &ok));
    kg_term s = node_term(ids[i]);
    if (ok) TRY(put(e, s, kg_iri(KG_RDF "first"), o));
    TRY(put(e, s, kg_iri(KG_RDF "rest"), i + 1 < n ? node_term(ids[i + 1]) : kg_iri(KG_RDF "nil")));
  }
  *out = node_term(ids[0]);
  return KG_OK;
}

static const char *lex_of(jld *j, json_t *v, const char **dt) {
  char buf[64];
  if (json_is_true(v) || json_is_false(v)) {
    if (!*dt) *dt = KG_XSD "boolean";
    return json_is_true(v) ? "true" : "false";
  }
  if (json_is_number(v)) {
    double d = json_number_value(v);
    int integral = json_is_integer(v) || (d == floor(d) && fabs(d) < 1e21);
    if (!integral || (*dt && !strcmp(*dt, KG_XSD "double"))) {
      snprintf(buf, sizeof buf, "%.15E", d);
      char *e = strchr(buf, 'E'), *m = e;
      while (m[-1] == '0' && m[-2] != '.') m--;
      int x = atoi(e + 1);
      snprintf(m, sizeof buf - (size_t)(m - buf), "E%d", x);
      if (!*dt) *dt = KG_XSD "double";
    } else {
      if (json_is_integer(v)) snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
      else snprintf(buf, sizeof buf, "%.0f", d);
      if (!*dt) *dt = KG_XSD "integer";
    }
    return jld_strdup(j, buf);
  }
  return json_string_value(v);
}

static kg_status object_term(emit *e, json_t *item, kg_term *out, int *ok) {
  jld *j = e->j;
  *ok = 0;
  if (jld_is_list(item)) {
    *ok = 1;
    return list_term(e, json_object_get(item, "@list"), out);
  }
  json_t *v = json_object_get(item, "@value");
  if (!v) {
    const char *id = jld_str(json_object_get(item, "@id"));
    if (usable(id)) *out = node_term(id), *ok = 1;
    return KG_OK;
  }
  const char *dt = jld_str(json_object_get(item, "@type"));
  const char *lang = jld_str(json_object_get(item, "@language"));
  const char *dir = jld_str(json_object_get(item, "@direction"));
  if (dt && strcmp(dt, "@json") && !jld_well_formed_iri(dt)) return KG_OK;
  if (lang && !well_formed_lang(lang)) return KG_OK;
  const char *lex;
  if (dt && !strcmp(dt, "@json")) {
    strbuf b = {0};
    jld_canonical_json(&b, v);
    lex = jld_strdup(j, b.data ? b.data : "");
    strbuf_free(&b);
    dt = KG_RDF "JSON";
  } else {
    lex = lex_of(j, v, &dt);
  }
  if (!lex) return jld_nomem(j);
  /* a JSON string may hold a NUL (\u0000): its length, not strlen */
  size_t lex_len = json_is_string(v) && lex == json_string_value(v)
                       ? json_string_length(v)
                       : strlen(lex);
  if (!dt) dt = lang ? KG_RDF_LANGSTRING : KG_XSD_STRING;
  if (dir && j->o.rdf_direction == JLD_DIR_I18N) {
    strbuf b = {0};
    strbuf_printf(&b, "https://www.w3.org/ns/i18n#%s_%s", lang ? lang : "", dir);
    for (char *p = b.data + 26; p && *p; p++) *p = (char)tolower((unsigned char)*p);
    *out = kg_literal(lex, jld_strdup(j, b.data), NULL);
    strbuf_free(&b);
  } else if (dir && j->o.rdf_direction == JLD_DIR_COMPOUND) {
    kg_term s = node_term(jld_bnode(j, NULL));
    kg_term value = kg_literal(lex, NULL, NULL);
    value.len = lex_len;
    TRY(put(e, s, kg_iri(KG_RDF "value"), value));
    if (lang) {
      char *l = jld_strdup(j, lang);
      for (char *p = l; *p; p++) *p = (char)tolower((unsigned char)*p);
      TRY(put(e, s, kg_iri(KG_RDF "language"), kg_literal(l, NULL, NULL)));
    }
    TRY(put(e, s, kg_iri(KG_RDF "direction"), kg_literal(dir, NULL, NULL)));
    *out = s;
  } else {
    *out = kg_literal(lex, lang || !strcmp(dt, KG_XSD_STRING) ? NULL : dt, lang);
  }
  if (out->kind == KG_TERM_LITERAL) out->len = lex_len;
  *ok = 1;
  return KG_OK;
}

static kg_status graph_quads(emit *e, json_t *graph) {
  size_t n;
  const char **subjects = jld_sorted_keys(graph, &n);
  kg_status st = KG_OK;
  for (size_t k = 0; subjects && k < n && st == KG_OK; k++) {
    if (!usable(subjects[k])) continue;
    kg_term s = node_term(subjects[k]);
    json_t *node = json_object_get(graph, subjects[k]);
    size_t np;
    const char **props = jld_sorted_keys(node, &np);
    for (size_t i = 0; props && i < np && st == KG_OK; i++) {
      const char *p = props[i];
      json_t *vals = json_object_get(node, p);
      size_t m;
      json_t *v;
      if (!strcmp(p, "@type")) {
        json_array_foreach(vals, m, v) {
          const char *t = jld_str(v);
          if (usable(t) && st == KG_OK) st = put(e, s, kg_iri(KG_RDF_TYPE), node_term(t));
        }
        continue;
      }
      if (jld_is_keyword(p) || (jld_is_bnode(p) && !e->j->o.generalized) ||
          (!jld_is_bnode(p) && !jld_well_formed_iri(p)))
        continue;
      json_array_foreach(vals, m, v) {
        kg_term o;
        int ok;
        if (st == KG_OK) st = object_term(e, v, &o, &ok);
        if (st == KG_OK && ok) st = put(e, s, node_term(p), o);
      }
    }
    free(props);
  }
  free(subjects);
  return st;
}

/* Node map and quads of one expanded piece. */
static kg_status piece_quads(jld *j, json_t *expanded, void *data) {
  emit *e = data;
  json_t *map = json_pack("{s:{}}", "@default");
  kg_status st = node_map(j, expanded, map, "@default", NULL, NULL, NULL);
  size_t n;
  const char **graphs = jld_sorted_keys(map, &n);
  for (size_t k = 0; graphs && k < n && st == KG_OK; k++) {
    int dflt = !strcmp(graphs[k], "@default");
    if (!dflt && !usable(graphs[k])) continue;
    e->g = dflt ? (kg_term){0} : node_term(graphs[k]);
    st = graph_quads(e, json_object_get(map, graphs[k]));
  }
  free(graphs);
  json_decref(map);
  return st;
}

kg_status jld_expanded_to_quads(json_t *expanded, const jld_options *o,
                                jld_quad_fn fn, void *data, kg_error *err) {
  jld j;
  TRY(jld_init(&j, o, err));
  emit e = {&j, fn, data, {0}};
  kg_status st = piece_quads(&j, expanded, &e);
  jld_done(&j);
  return st;
}

kg_status jld_to_quads(const char *json, size_t len, const char *name,
                       const jld_options *o, jld_quad_fn fn, void *data,
                       kg_error *err) {
  json_t *doc;
  jld j;
  TRY(jld_parse(json, len, name, o ? o->max_depth : 0, &doc, err));
  kg_status st = jld_init(&j, o, err);
  if (st == KG_OK) {
    emit e = {&j, fn, data, {0}};
    st = jld_expand_each(&j, doc, piece_quads, &e);
    long line, col;
    if (st != KG_OK && err && !err->line && j.nfail &&
        jld_locate(json, len, j.fail_path, j.nfail, &line, &col)) {
      err->line = line;
      err->column = col;
    }
    jld_done(&j);
  }
  json_decref(doc);
  if (st != KG_OK && err && !err->file[0] && name)
    snprintf(err->file, sizeof err->file, "%s", name);
  return st;
}
