/* jsonld_iri_compact.c - the parts of JSON-LD 1.1 compaction that pick
 * names: inverse context, term selection, IRI and value compaction
 * (Processing Algorithms 6.2-6.5). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/jsonld_int.h"

static const char *const cnames[] = {"@graph", "@id", "@index", "@language",
                                     "@list", "@set", "@type"};
static const unsigned cbits[] = {JC_GRAPH, JC_ID, JC_INDEX, JC_LANGUAGE,
                                 JC_LIST, JC_SET, JC_TYPE};

/* The container mapping as the inverse context keys it: sorted names. */
static void container_key(unsigned c, char *buf, size_t n) {
  buf[0] = '\0';
  for (size_t i = 0; i < 7; i++)
    if (c & cbits[i]) strncat(buf, cnames[i], n - strlen(buf) - 1);
  if (!buf[0]) snprintf(buf, n, "@none");
}

static char *lang_dir(jld *j, const char *lang, const char *dir) {
  strbuf b = {0};
  strbuf_printf(&b, "%s%s%s", lang ? lang : "", dir ? "_" : "", dir ? dir : "");
  for (char *p = b.data; p && *p; p++) *p = (char)tolower((unsigned char)*p);
  char *s = jld_strdup(j, b.data ? b.data : "");
  strbuf_free(&b);
  return s;
}

static void set_once(json_t *map, const char *key, const char *term) {
  if (!json_object_get(map, key)) json_object_set_new(map, key, json_string(term));
}

static int by_length(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  size_t nx = strlen(x), ny = strlen(y);
  return nx != ny ? (nx < ny ? -1 : 1) : strcmp(x, y);
}

static json_t *inverse(jld *j, jld_ctx *ac) {
  if (ac->inverse) return ac->inverse;
  json_t *r = jld_keep(j, json_object());
  json_decref(r);
  const char *dflt = ac->lang ? ac->lang : "@none";
  const char **terms = malloc((ac->terms.cap + 1) * sizeof *terms);
  size_t n = 0;
  for (size_t i = 0; terms && i < ac->terms.cap; i++)
    if (ac->terms.keys[i] && ac->terms.vals[i]) terms[n++] = ac->terms.keys[i];
  if (terms) qsort(terms, n, sizeof *terms, by_length);
  for (size_t i = 0; terms && i < n; i++) {
    const jld_term *t = jld_term_get(ac, terms[i]);
    if (!t->iri) continue;
    char ck[128];
    container_key(t->container, ck, sizeof ck);
    json_t *cm = json_object_get(r, t->iri);
    if (!cm) json_object_set_new(r, t->iri, cm = json_object());
    json_t *tl = json_object_get(cm, ck);
    if (!tl)
      json_object_set_new(cm, ck, tl = json_pack("{s:{},s:{},s:{s:s}}", "@language", "@type",
                                                 "@any", "@none", terms[i]));
    json_t *tm = json_object_get(tl, "@type"), *lm = json_object_get(tl, "@language");
    if (t->reverse) {
      set_once(tm, "@reverse", terms[i]);
    } else if (t->type && !strcmp(t->type, "@none")) {
      set_once(lm, "@any", terms[i]);
      set_once(tm, "@any", terms[i]);
    } else if (t->type) {
      set_once(tm, t->type, terms[i]);
    } else if (t->has_lang && t->has_dir) {
      set_once(lm, !t->lang && !t->dir ? "@null" : lang_dir(j, t->lang, t->dir), terms[i]);
    } else if (t->has_lang) {
      set_once(lm, t->lang ? t->lang : "@null", terms[i]);
    } else if (t->has_dir) {
      set_once(lm, t->dir ? lang_dir(j, NULL, t->dir) : "@none", terms[i]);
    } else if (ac->dir) {
      set_once(lm, lang_dir(j, ac->lang, ac->dir), terms[i]);
      set_once(lm, "@none", terms[i]);
      set_once(tm, "@none", terms[i]);
    } else {
      set_once(lm, dflt, terms[i]);
      set_once(lm, "@none", terms[i]);
      set_once(tm, "@none", terms[i]);
    }
  }
  free(terms);
  ac->inverse = r;
  return r;
}

static const char *select_term(jld *j, jld_ctx *ac, const char *var, const char **containers,
                               size_t nc, const char *tl, const char **preferred, size_t np) {
  json_t *cm = json_object_get(inverse(j, ac), var);
  for (size_t i = 0; cm && i < nc; i++) {
    json_t *vm = json_object_get(json_object_get(cm, containers[i]), tl);
    for (size_t k = 0; vm && k < np; k++) {
      const char *t = jld_str(json_object_get(vm, preferred[k]));
      if (t) return t;
    }
  }
  return NULL;
}

#define ADD(arr, n, s) ((arr)[(n)++] = (s))


/* 4.2 of IRI compaction: the term for var given the value it holds. */
static const char *term_for(jld *j, jld_ctx *ac, const char *var, json_t *value, int reverse) {
  const char *dflt = ac->dir ? lang_dir(j, ac->lang, ac->dir) : ac->lang ? ac->lang : "@none";
  const char *containers[32], *pref[16], *tl = "@language", *tlv = "@null";
  size_t nc = 0, np = 0;
  if (json_is_object(value) && json_object_get(value, "@index") && !jld_is_graph(value))
    ADD(containers, nc, "@index"), ADD(containers, nc, "@index@set");
  if (reverse) {
    tl = "@type", tlv = "@reverse";
    ADD(containers, nc, "@set");
  } else if (jld_is_list(value)) {
    if (!json_object_get(value, "@index")) ADD(containers, nc, "@list");
    json_t *list = json_object_get(value, "@list");
    const char *cl = json_array_size(list) ? NULL : dflt, *ct = NULL;
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
      const char *il = "@none", *it = "@none";
      if (jld_is_value(item)) {
        const char *d = jld_str(json_object_get(item, "@direction"));
        const char *l = jld_str(json_object_get(item, "@language"));
        if (d) il = lang_dir(j, l, d);
        else if (l) il = l;
        else if (json_object_get(item, "@type")) it = jld_str(json_object_get(item, "@type"));
        else il = "@null";
      } else {
        it = "@id";
      }
      if (!cl) cl = il;
      else if (strcmp(il, cl) && jld_is_value(item)) cl = "@none";
      if (!ct) ct = it;
      else if (strcmp(it, ct)) ct = "@none";
      if (!strcmp(cl, "@none") && !strcmp(ct, "@none")) break;
    }
    if (!cl) cl = "@none";
    if (!ct) ct = "@none";
    if (strcmp(ct, "@none")) tl = "@type", tlv = ct;
    else tlv = cl;
  } else if (jld_is_graph(value)) {
    int ix = json_object_get(value, "@index") != NULL, id = json_object_get(value, "@id") != NULL;
    if (ix) ADD(containers, nc, "@graph@index"), ADD(containers, nc, "@graph@index@set");
    if (id) ADD(containers, nc, "@graph@id"), ADD(containers, nc, "@graph@id@set");
    ADD(containers, nc, "@graph"), ADD(containers, nc, "@graph@set"), ADD(containers, nc, "@set");
    if (!ix) ADD(containers, nc, "@graph@index"), ADD(containers, nc, "@graph@index@set");
    if (!id) ADD(containers, nc, "@graph@id"), ADD(containers, nc, "@graph@id@set");
    ADD(containers, nc, "@index"), ADD(containers, nc, "@index@set");
    tl = "@type", tlv = "@id";
  } else {
    if (jld_is_value(value)) {
      const char *d = jld_str(json_object_get(value, "@direction"));
      const char *l = jld_str(json_object_get(value, "@language"));
      int ix = json_object_get(value, "@index") != NULL;
      if (d && !ix) {
        tlv = lang_dir(j, l, d);
        ADD(containers, nc, "@language"), ADD(containers, nc, "@language@set");
      } else if (l && !ix) {
        tlv = l;
        ADD(containers, nc, "@language"), ADD(containers, nc, "@language@set");
      } else if (json_object_get(value, "@type")) {
        tl = "@type", tlv = jld_str(json_object_get(value, "@type"));
      }
    } else {
      tl = "@type", tlv = "@id";
      ADD(containers, nc, "@id"), ADD(containers, nc, "@id@set");
      ADD(containers, nc, "@type"), ADD(containers, nc, "@set@type");
    }
    ADD(containers, nc, "@set");
  }
  ADD(containers, nc, "@none");
  if (!j->o.json_ld_10 && (!json_is_object(value) || !json_object_get(value, "@index")))
    ADD(containers, nc, "@index"), ADD(containers, nc, "@index@set");
  if (!j->o.json_ld_10 && jld_is_value(value) && json_object_size(value) == 1)
    ADD(containers, nc, "@language"), ADD(containers, nc, "@language@set");
  if (!tlv) tlv = "@null";
  if (!strcmp(tlv, "@reverse")) ADD(pref, np, "@reverse");
  const char *id = jld_str(json_object_get(value, "@id"));
  if ((!strcmp(tlv, "@id") || !strcmp(tlv, "@reverse")) && id) {
    const char *c = jld_compact_iri(j, ac, id, NULL, 1, 0);
    const jld_term *t = jld_term_get(ac, c);
    if (t && t->iri && !strcmp(t->iri, id))
      ADD(pref, np, "@vocab"), ADD(pref, np, "@id"), ADD(pref, np, "@none");
    else
      ADD(pref, np, "@id"), ADD(pref, np, "@vocab"), ADD(pref, np, "@none");
  } else {
    ADD(pref, np, tlv), ADD(pref, np, "@none");
    if (jld_is_list(value) && !json_array_size(json_object_get(value, "@list"))) tl = "@any";
  }
  ADD(pref, np, "@any");
  for (size_t i = 0, n = np; i < n; i++) {
    const char *us = strchr(pref[i], '_');
    if (us) ADD(pref, np, us);
  }
  return select_term(j, ac, var, containers, nc, tl, pref, np);
}

/* An IRI whose scheme is a prefix term would read back as a compact IRI
 * ("IRI confused with prefix"); noted in the run, raised by the caller. */
static void check_confused(jld *j, jld_ctx *ac, const char *iri) {
  const char *colon = strchr(iri, ':');
  if (!colon || !strncmp(colon, "://", 3) || jld_is_bnode(iri)) return;
  char *scheme = arena_strndup(j->a, iri, (size_t)(colon - iri));
  const jld_term *t = scheme ? jld_term_get(ac, scheme) : NULL;
  if (t && t->prefix && !j->confused) j->confused = jld_strdup(j, iri);
}

const char *jld_compact_iri(jld *j, jld_ctx *ac, const char *var, json_t *value,
                            int vocab, int reverse) {
  if (!var) return NULL;
  if (vocab && json_object_get(inverse(j, ac), var)) {
    const char *t = term_for(j, ac, var, value, reverse);
    if (t) return t;
  }
  if (vocab && ac->vocab && !strncmp(var, ac->vocab, strlen(ac->vocab)) &&
      strlen(var) > strlen(ac->vocab) && !jld_term_get(ac, var + strlen(ac->vocab)))
    return var + strlen(ac->vocab);
  const char *best = NULL;
  for (size_t i = 0; i < ac->terms.cap; i++) {
    const jld_term *t = ac->terms.vals[i];
    if (!ac->terms.keys[i] || !t || !t->iri || !t->prefix || !strcmp(t->iri, var) ||
        strncmp(var, t->iri, strlen(t->iri)))
      continue;
    const char *cand = jld_cat(j, jld_cat(j, ac->terms.keys[i], ":"), var + strlen(t->iri));
    const jld_term *ct = jld_term_get(ac, cand);
    if ((!best || strlen(cand) < strlen(best) ||
         (strlen(cand) == strlen(best) && strcmp(cand, best) < 0)) &&
        (!ct || (ct->iri && !strcmp(ct->iri, var) && !value)))
      best = cand;
  }
  if (best) return best;
  check_confused(j, ac, var);
  if (!vocab && j->o.compact_to_relative && ac->base) return jld_relativize(j, ac->base, var);
  return var;
}

json_t *jld_compact_value(jld *j, jld_ctx *ac, const char *prop, json_t *value) {
  const jld_term *t = jld_term_get(ac, prop);
  const char *lang = t && t->has_lang ? t->lang : ac->lang;
  const char *dir = t && t->has_dir ? t->dir : ac->dir;
  const char *tm = t ? t->type : NULL, *vt = jld_str(json_object_get(value, "@type"));
  unsigned c = t ? t->container : 0;
  json_t *v = json_object_get(value, "@value"), *ix = json_object_get(value, "@index");
  json_t *r = NULL;
  size_t extra = json_object_size(value) - (ix ? 1 : 0);
  if (json_object_get(value, "@id") && extra == 1) {
    if (tm && !strcmp(tm, "@id"))
      r = json_string(jld_compact_iri(j, ac, jld_str(json_object_get(value, "@id")), NULL, 0, 0));
    else if (tm && !strcmp(tm, "@vocab"))
      r = json_string(jld_compact_iri(j, ac, jld_str(json_object_get(value, "@id")), NULL, 1, 0));
  } else if (vt && tm && !strcmp(vt, tm)) {
    r = json_incref(v);
  } else if ((tm && !strcmp(tm, "@none")) || (vt && !(tm && !strcmp(vt, tm)))) {
    r = NULL;
  } else if (v && !json_is_string(v)) {
    if ((ix && (c & JC_INDEX)) || !ix) r = json_incref(v);
  } else if (v) {
    const char *vl = jld_str(json_object_get(value, "@language"));
    const char *vd = jld_str(json_object_get(value, "@direction"));
    if (((vl && lang && !strcasecmp(vl, lang)) || (!vl && !lang)) &&
        ((vd && dir && !strcmp(vd, dir)) || (!vd && !dir)) && (!ix || (c & JC_INDEX)))
      r = json_incref(v);
  }
  if (r) return r;
  r = json_object();
  const char *k;
  json_t *x;
  json_object_foreach(value, k, x) {
    json_t *cv = json_incref(x);
    if (!strcmp(k, "@type") && json_is_string(x)) {
      json_decref(cv);
      cv = json_string(jld_compact_iri(j, ac, json_string_value(x), NULL, 1, 0));
    } else if (!strcmp(k, "@id") && json_is_string(x)) {
      json_decref(cv);
      cv = json_string(jld_compact_iri(j, ac, json_string_value(x), NULL, 0, 0));
    }
    json_object_set_new(r, jld_compact_iri(j, ac, k, NULL, 1, 0), cv);
  }
  return r;
}
