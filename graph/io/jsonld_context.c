/* jsonld_context.c - JSON-LD 1.1 context processing, term definitions and
 * IRI expansion (JSON-LD 1.1 Processing Algorithms, 4.1 and 4.2). */
#include <ctype.h>
#include <string.h>

#include "io/jsonld_int.h"

#define MAX_REMOTE 32

jld_ctx *jld_ctx_new(jld *j, const char *base) {
  jld_ctx *c = arena_alloc(j->a, sizeof *c);
  if (c) c->base = c->original_base = jld_strdup(j, base);
  return c;
}

static jld_ctx *ctx_clone(jld *j, const jld_ctx *src) {
  jld_ctx *c = arena_alloc(j->a, sizeof *c);
  if (!c) return NULL;
  *c = *src;
  c->inverse = NULL;
  if (jld_map_clone(j, &c->terms, &src->terms)) return NULL;
  return c;
}

const jld_term *jld_term_get(const jld_ctx *ac, const char *term) {
  return term ? jld_map_get(&ac->terms, term) : NULL;
}

static char *lower(jld *j, const char *s) {
  char *l = jld_strdup(j, s);
  for (char *p = l; p && *p; p++) *p = (char)tolower((unsigned char)*p);
  return l;
}

static int has_protected(const jld_ctx *c) {
  for (size_t i = 0; i < c->terms.cap; i++) {
    const jld_term *t = c->terms.vals[i];
    if (c->terms.keys[i] && t && t->protect) return 1;
  }
  return 0;
}

static int same_str(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* Equal but for the protected flag (a protected term may be restated). */
static int same_term(const jld_term *a, const jld_term *b) {
  return same_str(a->iri, b->iri) && same_str(a->type, b->type) &&
         a->has_lang == b->has_lang && same_str(a->lang, b->lang) &&
         a->has_dir == b->has_dir && same_str(a->dir, b->dir) &&
         same_str(a->index, b->index) && same_str(a->nest, b->nest) &&
         a->container == b->container && a->reverse == b->reverse &&
         a->prefix == b->prefix &&
         ((!a->context && !b->context) ||
          (a->context && b->context && json_equal(a->context, b->context)));
}

static kg_status create_term(jld *j, jld_ctx *ac, json_t *local, const char *term,
                             json_t *defined, const char *base_url, int protect,
                             int override, json_t *remote, int validate);

kg_status jld_expand_iri(jld *j, jld_ctx *ac, const char *value, int doc_rel,
                         int vocab, json_t *local, json_t *defined,
                         const char **out) {
  *out = value;
  if (!value || jld_is_keyword(value)) return KG_OK;
  if (jld_keyword_form(value)) {
    *out = NULL;
    return KG_OK;
  }
  /* a term the local context defines later: defined now, as it is used */
  if (local && json_object_get(local, value) && !json_is_true(json_object_get(defined, value)))
    TRY(create_term(j, ac, local, value, defined, j->ctx_base, 0, 0, j->ctx_remote, 1));
  const jld_term *t = jld_term_get(ac, value);
  if (t && jld_is_keyword(t->iri)) {
    *out = t->iri;
    return KG_OK;
  }
  if (vocab && t) {
    *out = t->iri;
    return KG_OK;
  }
  const char *colon = value[0] ? strchr(value + 1, ':') : NULL;
  if (colon) {
    size_t np = (size_t)(colon - value);
    char *prefix = arena_strndup(j->a, value, np);
    if (!prefix) return jld_nomem(j);
    const char *suffix = colon + 1;
    if (strcmp(prefix, "_") == 0 || strncmp(suffix, "//", 2) == 0) return KG_OK;
    if (local && json_object_get(local, prefix) &&
        !json_is_true(json_object_get(defined, prefix)))
      TRY(create_term(j, ac, local, prefix, defined, j->ctx_base, 0, 0, j->ctx_remote, 1));
    const jld_term *p = jld_term_get(ac, prefix);
    if (p && p->iri && p->prefix) {
      *out = jld_cat(j, p->iri, suffix);
      return *out ? KG_OK : jld_nomem(j);
    }
    if (jld_is_absolute(value)) return KG_OK;
  }
  if (vocab && ac->vocab) *out = jld_cat(j, ac->vocab, value);
  else if (doc_rel) *out = ac->base ? jld_resolve(j, ac->base, value) : value;
  return *out ? KG_OK : jld_nomem(j);
}

const char *jld_iri(jld *j, jld_ctx *ac, const char *value, int doc_rel, int vocab) {
  const char *out = NULL;
  jld_expand_iri(j, ac, value, doc_rel, vocab, NULL, NULL, &out);
  return out;
}

/* @container: a keyword or an array of them in the allowed combinations. */
static kg_status container_of(jld *j, json_t *v, const char *term, unsigned *out) {
  static const char *const names[] = {"@list", "@set", "@index", "@language",
                                      "@id", "@type", "@graph"};
  json_t *a = jld_as_array(v);
  size_t i;
  json_t *x;
  unsigned c = 0;
  int bad = json_array_size(a) == 0 || (!json_is_string(v) && j->o.json_ld_10);
  json_array_foreach(a, i, x) {
    const char *s = jld_str(x);
    size_t k = 0;
    while (s && k < 7 && strcmp(s, names[k])) k++;
    if (!s || k == 7) bad = 1;
    else c |= 1u << k;
  }
  json_decref(a);
  unsigned rest = c & ~(unsigned)JC_SET;
  if (!bad && json_array_size(v) > 1) {
    /* @set with one of the maps; @graph with @id or @index (and @set) */
    if (c & JC_LIST) bad = 1;
    else if (c & JC_GRAPH) bad = (rest & ~(unsigned)(JC_GRAPH | JC_ID | JC_INDEX)) ||
                                ((rest & JC_ID) && (rest & JC_INDEX));
    else bad = rest && (rest & (rest - 1));
  }
  if (!bad && j->o.json_ld_10 && (c & (JC_GRAPH | JC_ID | JC_TYPE))) bad = 1;
  if (bad) return jld_fail(j, "invalid container mapping", "term \"%s\"", term);
  *out = c;
  return KG_OK;
}

static const char *const term_keys[] = {
  "@id", "@reverse", "@container", "@context", "@direction", "@index",
  "@language", "@nest", "@prefix", "@protected", "@type",
};

static kg_status create_term(jld *j, jld_ctx *ac, json_t *local, const char *term,
                             json_t *defined, const char *base_url, int protect,
                             int override, json_t *remote, int validate) {
  json_t *d = json_object_get(defined, term);
  if (json_is_true(d)) return KG_OK;
  if (d) return jld_fail(j, "cyclic IRI mapping", "term \"%s\"", term);
  if (!*term) return jld_fail(j, "invalid term definition", "the empty term");
  json_object_set_new(defined, term, json_false());
  json_t *value = json_object_get(local, term);
  protect |= json_is_true(json_object_get(local, "@protected"));
  term = jld_strdup(j, term);
  if (strcmp(term, "@type") == 0 && !j->o.json_ld_10 && json_is_object(value) &&
      json_object_size(value)) {
    const char *k;
    json_t *x;
    json_object_foreach(value, k, x) {
      if (strcmp(k, "@protected") && (strcmp(k, "@container") || !json_is_string(x) ||
                                       strcmp(json_string_value(x), "@set")))
        return jld_fail(j, "keyword redefinition", "@type may only set @container @set");
    }
  } else if (jld_is_keyword(term)) {
    return jld_fail(j, "keyword redefinition", "\"%s\" cannot be redefined", term);
  }
  if (jld_keyword_form(term) && strcmp(term, "@type")) return KG_OK;
  const jld_term *prev = jld_term_get(ac, term);
  jld_map_del(&ac->terms, term);
  int simple = 0;
  json_t *val = value;
  if (json_is_null(value)) {
    val = jld_keep(j, json_pack("{s:n}", "@id"));
    json_decref(val);
  } else if (json_is_string(value)) {
    val = jld_keep(j, json_pack("{s:O}", "@id", value));
    json_decref(val);
    simple = 1;
  } else if (!json_is_object(value)) {
    return jld_fail(j, "invalid term definition", "term \"%s\"", term);
  }
  jld_term *def = arena_alloc(j->a, sizeof *def);
  if (!def) return jld_nomem(j);
  def->term = term;
  json_t *x;
  if ((x = json_object_get(val, "@protected"))) {
    if (j->o.json_ld_10) return jld_fail(j, "invalid term definition", "@protected in 1.0");
    if (!json_is_boolean(x)) return jld_fail(j, "invalid @protected value", "term \"%s\"", term);
    def->protect = json_is_true(x);
  } else {
    def->protect = (unsigned char)protect;
  }
  if ((x = json_object_get(val, "@type"))) {
    const char *t = jld_str(x);
    if (!t) return jld_fail(j, "invalid type mapping", "term \"%s\"", term);
    TRY(jld_expand_iri(j, ac, t, 0, 1, local, defined, &t));
    if (!t || ((!strcmp(t, "@json") || !strcmp(t, "@none")) && j->o.json_ld_10) ||
        (strcmp(t, "@id") && strcmp(t, "@vocab") && strcmp(t, "@json") &&
         strcmp(t, "@none") && !jld_is_absolute(t)))
      return jld_fail(j, "invalid type mapping", "term \"%s\"", term);
    def->type = t;
  }
  if ((x = json_object_get(val, "@reverse"))) {
    if (json_object_get(val, "@id") || json_object_get(val, "@nest"))
      return jld_fail(j, "invalid reverse property", "term \"%s\"", term);
    const char *r = jld_str(x);
    if (!r) return jld_fail(j, "invalid IRI mapping", "term \"%s\": @reverse", term);
    if (jld_keyword_form(r)) return KG_OK;
    TRY(jld_expand_iri(j, ac, r, 0, 1, local, defined, &r));
    if (!r || !strchr(r, ':'))
      return jld_fail(j, "invalid IRI mapping", "term \"%s\": @reverse", term);
    def->iri = r;
    if ((x = json_object_get(val, "@container"))) {
      const char *c = jld_str(x);
      if (!json_is_null(x) && (!c || (strcmp(c, "@set") && strcmp(c, "@index"))))
        return jld_fail(j, "invalid reverse property", "term \"%s\": @container", term);
      if (c) def->container = !strcmp(c, "@set") ? JC_SET : JC_INDEX;
    }
    def->reverse = 1;
    const char *ix = jld_str(json_object_get(val, "@index"));
    if (ix && (def->container & JC_INDEX)) def->index = jld_strdup(j, ix);
    if (jld_map_put(j, &ac->terms, term, def)) return jld_nomem(j);
    json_object_set_new(defined, term, json_true());
    return KG_OK;
  }
  x = json_object_get(val, "@id");
  size_t tlen = strlen(term);
  const char *tcolon = strchr(term + 1, ':');
  if (x && !(json_is_string(x) && strcmp(json_string_value(x), term) == 0)) {
    if (!json_is_null(x)) {
      const char *id = jld_str(x);
      if (!id) return jld_fail(j, "invalid IRI mapping", "term \"%s\": @id", term);
      if (!jld_is_keyword(id) && jld_keyword_form(id)) return KG_OK;
      TRY(jld_expand_iri(j, ac, id, 0, 1, local, defined, &id));
      if (!id || (!jld_is_keyword(id) && !strchr(id, ':')))
        return jld_fail(j, "invalid IRI mapping", "term \"%s\": \"%s\"", term,
                        json_string_value(x));
      if (strcmp(id, "@context") == 0)
        return jld_fail(j, "invalid keyword alias", "term \"%s\"", term);
      def->iri = id;
      if ((tcolon && tcolon < term + tlen - 1) || strchr(term, '/')) {
        json_object_set_new(defined, term, json_true());
        const char *again;
        TRY(jld_expand_iri(j, ac, term, 0, 1, local, defined, &again));
        if (!same_str(again, id))
          return jld_fail(j, "invalid IRI mapping", "term \"%s\" expands to another IRI", term);
      }
      if (!strchr(term, ':') && !strchr(term, '/') && simple &&
          (jld_gen_delim_end(id) || jld_is_bnode(id)))
        def->prefix = 1;
    }
  } else if (tcolon) {
    char *prefix = arena_strndup(j->a, term, (size_t)(tcolon - term));
    if (json_object_get(local, prefix))
      TRY(create_term(j, ac, local, prefix, defined, base_url, protect, override, remote, validate));
    const jld_term *p = jld_term_get(ac, prefix);
    def->iri = p && p->iri ? jld_cat(j, p->iri, tcolon + 1) : term;
  } else if (strchr(term, '/')) {
    const char *id;
    TRY(jld_expand_iri(j, ac, term, 0, 1, NULL, NULL, &id));
    if (!id || !jld_is_absolute(id))
      return jld_fail(j, "invalid IRI mapping", "term \"%s\"", term);
    def->iri = id;
  } else if (strcmp(term, "@type") == 0) {
    def->iri = "@type";
  } else if (ac->vocab) {
    def->iri = jld_cat(j, ac->vocab, term);
  } else {
    return jld_fail(j, "invalid IRI mapping", "term \"%s\" has no IRI and there is no @vocab", term);
  }
  if ((x = json_object_get(val, "@container"))) {
    TRY(container_of(j, x, term, &def->container));
    if (def->container & JC_TYPE) {
      if (!def->type) def->type = "@id";
      if (strcmp(def->type, "@id") && strcmp(def->type, "@vocab"))
        return jld_fail(j, "invalid type mapping", "term \"%s\": @container @type", term);
    }
  }
  if ((x = json_object_get(val, "@index"))) {
    const char *ix = jld_str(x), *e = NULL;
    if (j->o.json_ld_10 || !(def->container & JC_INDEX) || !ix)
      return jld_fail(j, "invalid term definition", "term \"%s\": @index", term);
    TRY(jld_expand_iri(j, ac, ix, 0, 1, local, defined, &e));
    if (!e || !jld_is_absolute(e))
      return jld_fail(j, "invalid term definition", "term \"%s\": @index", term);
    def->index = jld_strdup(j, ix);
  }
  if ((x = json_object_get(val, "@context"))) {
    if (j->o.json_ld_10) return jld_fail(j, "invalid term definition", "@context in 1.0");
    jld_ctx *probe;
    j->frozen++;
    kg_status st = jld_process_context(j, ac, x, base_url, remote, 1, 1, 0, &probe);
    j->frozen--;
    if (st != KG_OK) {
      char why[700];
      snprintf(why, sizeof why, "%.690s", j->err ? j->err->message : "");
      return jld_fail(j, "invalid scoped context", "term \"%s\": %s", term, why);
    }
    def->context = jld_keep(j, x);
    def->base_url = jld_strdup(j, base_url);
  }
  if ((x = json_object_get(val, "@language")) && !json_object_get(val, "@type")) {
    if (!json_is_null(x) && !json_is_string(x))
      return jld_fail(j, "invalid language mapping", "term \"%s\"", term);
    def->has_lang = 1;
    def->lang = json_is_null(x) ? NULL : lower(j, json_string_value(x));
  }
  if ((x = json_object_get(val, "@direction")) && !json_object_get(val, "@type")) {
    const char *d = jld_str(x);
    if (!json_is_null(x) && (!d || (strcmp(d, "ltr") && strcmp(d, "rtl"))))
      return jld_fail(j, "invalid base direction", "term \"%s\"", term);
    def->has_dir = 1;
    def->dir = jld_strdup(j, d);
  }
  if ((x = json_object_get(val, "@nest"))) {
    const char *n = jld_str(x);
    if (j->o.json_ld_10) return jld_fail(j, "invalid term definition", "@nest in 1.0");
    if (!n || (jld_is_keyword(n) && strcmp(n, "@nest")))
      return jld_fail(j, "invalid @nest value", "term \"%s\"", term);
    def->nest = jld_strdup(j, n);
  }
  if ((x = json_object_get(val, "@prefix"))) {
    if (j->o.json_ld_10 || strchr(term, ':') || strchr(term, '/'))
      return jld_fail(j, "invalid term definition", "term \"%s\": @prefix", term);
    if (!json_is_boolean(x)) return jld_fail(j, "invalid @prefix value", "term \"%s\"", term);
    def->prefix = json_is_true(x);
    if (def->prefix && jld_is_keyword(def->iri))
      return jld_fail(j, "invalid term definition", "term \"%s\": a keyword as prefix", term);
  }
  const char *k;
  json_object_foreach(val, k, x) {
    size_t i = 0;
    while (i < sizeof term_keys / sizeof *term_keys && strcmp(k, term_keys[i])) i++;
    if (i == sizeof term_keys / sizeof *term_keys)
      return jld_fail(j, "invalid term definition", "term \"%s\": unknown entry \"%s\"", term, k);
  }
  if (!override && prev && prev->protect) {
    if (!same_term(prev, def))
      return jld_fail(j, "protected term redefinition", "term \"%s\"", term);
    def = (jld_term *)prev;
  }
  if (jld_map_put(j, &ac->terms, term, def)) return jld_nomem(j);
  json_object_set_new(defined, term, json_true());
  return KG_OK;
}

/* @import: the imported context's entries, overridden by the local ones. */
static kg_status import(jld *j, json_t *ctx, const char *base_url, json_t **out) {
  json_t *v = json_object_get(ctx, "@import");
  *out = ctx;
  if (!v) return KG_OK;
  if (j->o.json_ld_10) return jld_fail(j, "invalid context entry", "@import in 1.0");
  if (!json_is_string(v)) return jld_fail(j, "invalid @import value", "not a string");
  const char *url = jld_resolve(j, base_url, json_string_value(v)), *final;
  json_t *doc;
  TRY(jld_load(j, url, &doc, &final));
  json_t *ic = json_object_get(doc, "@context");
  if (!json_is_object(ic))
    return jld_fail(j, "invalid remote context", "%s has no @context object", url);
  if (json_object_get(ic, "@import"))
    return jld_fail(j, "invalid context entry", "%s: @import inside an import", url);
  json_t *merged = jld_keep(j, json_deep_copy(ic));
  json_decref(merged);
  json_object_update(merged, ctx);
  *out = merged;
  return KG_OK;
}

static kg_status context_entries(jld *j, jld_ctx *r, json_t *ctx, const char *base_url,
                                 json_t *remote, int override, int validate) {
  json_t *v;
  if ((v = json_object_get(ctx, "@version"))) {
    if (!json_is_number(v) || json_number_value(v) != 1.1)
      return jld_fail(j, "invalid @version value", "only 1.1 is known");
    if (j->o.json_ld_10)
      return jld_fail(j, "processing mode conflict", "@version 1.1 in json-ld-1.0 mode");
  }
  TRY(import(j, ctx, base_url, &ctx));
  if ((v = json_object_get(ctx, "@base")) && json_array_size(remote) == 0) {
    const char *b = jld_str(v);
    if (json_is_null(v)) r->base = NULL;
    else if (b && jld_is_absolute(b)) r->base = jld_strdup(j, b);
    else if (b && r->base) r->base = jld_resolve(j, r->base, b);
    else return jld_fail(j, "invalid base IRI", "@base \"%s\"", b ? b : "?");
  }
  if ((v = json_object_get(ctx, "@vocab"))) {
    const char *voc = jld_str(v);
    if (json_is_null(v)) {
      r->vocab = NULL;
    } else {
      if (voc) TRY(jld_expand_iri(j, r, voc, 1, 1, NULL, NULL, &voc));
      if (!voc || (!jld_is_absolute(voc) && !jld_is_bnode(voc)) ||
          (j->o.json_ld_10 && !jld_is_absolute(jld_str(v)) && !jld_is_bnode(jld_str(v))))
        return jld_fail(j, "invalid vocab mapping", "@vocab must be an IRI");
      r->vocab = voc;
    }
  }
  if ((v = json_object_get(ctx, "@language"))) {
    if (!json_is_null(v) && !json_is_string(v))
      return jld_fail(j, "invalid default language", "not a string");
    r->lang = json_is_null(v) ? NULL : lower(j, json_string_value(v));
  }
  if ((v = json_object_get(ctx, "@direction"))) {
    const char *d = jld_str(v);
    if (j->o.json_ld_10) return jld_fail(j, "invalid context entry", "@direction in 1.0");
    if (!json_is_null(v) && (!d || (strcmp(d, "ltr") && strcmp(d, "rtl"))))
      return jld_fail(j, "invalid base direction", "\"ltr\", \"rtl\" or null");
    r->dir = jld_strdup(j, d);
  }
  if ((v = json_object_get(ctx, "@propagate"))) {
    if (j->o.json_ld_10) return jld_fail(j, "invalid context entry", "@propagate in 1.0");
    if (!json_is_boolean(v)) return jld_fail(j, "invalid @propagate value", "not a boolean");
  }
  json_t *defined = json_object();
  json_t *prot = json_object_get(ctx, "@protected");
  const char *outer_base = j->ctx_base;  /* scoped contexts nest */
  json_t *outer_remote = j->ctx_remote;
  j->ctx_base = base_url;
  j->ctx_remote = remote;
  const char *k;
  kg_status st = KG_OK;
  json_object_foreach(ctx, k, v) {
    if (!strcmp(k, "@base") || !strcmp(k, "@direction") || !strcmp(k, "@import") ||
        !strcmp(k, "@language") || !strcmp(k, "@propagate") || !strcmp(k, "@protected") ||
        !strcmp(k, "@version") || !strcmp(k, "@vocab"))
      continue;
    jld_path_push(j, k, 0);
    st = create_term(j, r, ctx, k, defined, base_url, json_is_true(prot), override,
                     remote, validate);
    if (st != KG_OK) break;
    jld_path_pop(j);
  }
  j->ctx_base = outer_base;
  j->ctx_remote = outer_remote;
  json_decref(defined);
  return st;
}

/* One context of a context array (5.1-5.5 of context processing). */
static kg_status context_item(jld *j, jld_ctx *active, jld_ctx **r, json_t *ctx,
                              const char *base_url, json_t *rem, int override,
                              int propagate, int validate) {
  if (json_is_null(ctx)) {
    if (!override && has_protected(*r))
      return jld_fail(j, "invalid context nullification", "the context has protected terms");
    jld_ctx *prev = *r;
    if (!(*r = jld_ctx_new(j, active->original_base))) return jld_nomem(j);
    if (!propagate) (*r)->previous = prev;
    return KG_OK;
  }
  if (json_is_string(ctx)) {
    const char *url = jld_resolve(j, base_url, json_string_value(ctx)), *final;
    if (!url || !jld_is_absolute(url))
      return jld_fail(j, "loading document failed", "context \"%s\" has no base to resolve against",
                      json_string_value(ctx));
    size_t k;
    json_t *seen;
    int dup = 0;
    json_array_foreach(rem, k, seen) dup |= !strcmp(json_string_value(seen), url);
    if (!validate && dup) return KG_OK;
    if (json_array_size(rem) > MAX_REMOTE)
      return jld_fail(j, "context overflow", "%s: more than %d nested remote contexts or a loop",
                      url, MAX_REMOTE);
    json_array_append_new(rem, json_string(url));
    json_t *doc;
    TRY(jld_load(j, url, &doc, &final));
    json_t *c = json_is_object(doc) ? json_object_get(doc, "@context") : NULL;
    if (!c) return jld_fail(j, "invalid remote context", "%s has no @context", url);
    j->frozen++;  /* another document: errors point at the URL */
    kg_status st = jld_process_context(j, *r, c, final, rem, 0, 1, validate, r);
    j->frozen--;
    return st;
  }
  if (!json_is_object(ctx))
    return jld_fail(j, "invalid local context", "a context must be an object, a string or null");
  return context_entries(j, *r, ctx, base_url, rem, override, validate);
}

kg_status jld_process_context(jld *j, jld_ctx *active, json_t *local,
                              const char *base_url, json_t *remote,
                              int override, int propagate, int validate,
                              jld_ctx **out) {
  jld_ctx *r = ctx_clone(j, active);
  if (!r) return jld_nomem(j);
  json_t *p = json_is_object(local) ? json_object_get(local, "@propagate") : NULL;
  if (json_is_boolean(p)) propagate = json_is_true(p);
  if (!propagate && !r->previous) r->previous = active;
  json_t *items = jld_keep(j, jld_as_array(local));
  json_decref(items);
  json_t *rem = remote ? json_deep_copy(remote) : json_array();
  jld_keep(j, rem);
  json_decref(rem);
  size_t i;
  json_t *ctx;
  json_array_foreach(items, i, ctx) {
    if (json_is_array(local)) jld_path_push(j, NULL, i);
    TRY(context_item(j, active, &r, ctx, base_url, rem, override, propagate, validate));
    if (json_is_array(local)) jld_path_pop(j);
  }
  *out = r;
  return KG_OK;
}
