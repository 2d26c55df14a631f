/* jsonld_util.c - the JSON-LD run's state, errors, term tables, IRI
 * resolution, blank node ids, context loading and JSON helpers. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grow.h"
#include "io/http.h"
#include "io/jsonld_int.h"

jld_options jld_options_default(void) {
  return (jld_options){.compact_arrays = 1, .compact_to_relative = 1};
}

kg_status jld_init(jld *j, const jld_options *o, kg_error *err) {
  *j = (jld){.err = err, .o = o ? *o : jld_options_default()};
  j->a = arena_new();
  j->docs = json_object();
  j->keep = json_array();
  j->bnodes = json_object();
  if (!j->a || !j->docs || !j->keep || !j->bnodes) {
    jld_done(j);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  if (!j->o.max_depth) j->o.max_depth = 512;
  return KG_OK;
}

void jld_done(jld *j) {
  free(j->path);
  j->path = NULL;
  arena_free(j->a);
  json_decref(j->docs);
  json_decref(j->keep);
  json_decref(j->bnodes);
  j->a = NULL;
  j->docs = j->keep = j->bnodes = NULL;
}

kg_status jld_fail(jld *j, const char *code, const char *fmt, ...) {
  char detail[900];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  kg_status st = strncmp(code, "loading", 7) == 0 ? KG_ERR_NOTFOUND : KG_ERR_SYNTAX;
  /* the path's keys belong to JSON that is freed as the error unwinds */
  if (!j->failed && j->npath && (j->fail_path = arena_alloc(j->a, j->npath * sizeof *j->path))) {
    for (size_t i = 0; i < j->npath; i++)
      j->fail_path[i] = (jld_seg){jld_strdup(j, j->path[i].key), j->path[i].index};
    j->nfail = j->npath;
  }
  j->failed = 1;
  return kg_err(j->err, st, "%s: %s", code, detail);
}

void jld_path_push(jld *j, const char *key, size_t index) {
  if (j->frozen) return;
  if (!grow(&j->path, &j->cap_path, j->npath + 1, sizeof *j->path, 32)) {
    j->frozen++;  /* out of memory: stop tracking, the error is found later */
    return;
  }
  j->path[j->npath++] = (jld_seg){key, index};
}

void jld_path_pop(jld *j) {
  if (!j->frozen && j->npath) j->npath--;
}

/* A frame of the scan in jld_locate: an object (key) or array (index). */
typedef struct scan_frame {
  int obj;
  size_t index;
  const char *key;
  size_t klen;
} scan_frame;

static int at_path(const scan_frame *f, size_t depth, const jld_seg *path, size_t n) {
  if (depth != n) return 0;
  for (size_t i = 0; i < n; i++) {
    if (f[i].obj != (path[i].key != NULL)) return 0;
    if (f[i].obj ? (strlen(path[i].key) != f[i].klen || memcmp(f[i].key, path[i].key, f[i].klen))
                 : f[i].index != path[i].index)
      return 0;
  }
  return 1;
}

/* End of the string starting at s[i] == '"': the index of its closing quote. */
static size_t string_end(const char *s, size_t len, size_t i) {
  for (i++; i < len && s[i] != '"'; i++)
    if (s[i] == '\\') i++;
  return i;
}

int jld_locate(const char *s, size_t len, const jld_seg *path, size_t n, long *line, long *col) {
  scan_frame f[1024];
  size_t depth = 0;
  long ln = 1, c0 = 0;  /* line and the offset where it starts */
  int want_value = 1;
  for (size_t i = 0; i < len && n; i++) {
    char ch = s[i];
    if (ch == '\n') {
      ln++, c0 = (long)i + 1;
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == ':') continue;
    int in_obj = depth && f[depth - 1].obj;
    if (ch == ',') {
      if (in_obj) want_value = 0;
      else if (depth) f[depth - 1].index++, want_value = 1;
      continue;
    }
    if (ch == '}' || ch == ']') {
      if (depth) depth--;
      want_value = 0;
      continue;
    }
    if (in_obj && !want_value && ch == '"') {  /* a key */
      size_t e = string_end(s, len, i);
      f[depth - 1].key = s + i + 1;
      f[depth - 1].klen = e - i - 1;
      i = e;
      want_value = 1;
      continue;
    }
    if (at_path(f, depth, path, n)) {
      *line = ln;
      *col = (long)i - c0 + 1;
      return 1;
    }
    want_value = 0;
    if (ch == '{' || ch == '[') {
      if (depth == sizeof f / sizeof *f) return 0;
      f[depth++] = (scan_frame){ch == '{', 0, NULL, 0};
      want_value = ch == '[';
    } else if (ch == '"') {
      i = string_end(s, len, i);
    } else {
      while (i + 1 < len && !strchr(",]}\n \t\r", s[i + 1])) i++;
    }
  }
  return 0;
}

kg_status jld_nomem(jld *j) {
  return kg_err(j->err, KG_ERR_NOMEM, "out of memory");
}

json_t *jld_keep(jld *j, json_t *v) {
  if (v) json_array_append(j->keep, v);
  return v;
}

char *jld_strdup(jld *j, const char *s) { return s ? arena_strdup(j->a, s) : NULL; }

char *jld_cat(jld *j, const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  char *s = arena_alloc(j->a, na + nb + 1);
  if (!s) return NULL;
  memcpy(s, a, na);
  memcpy(s + na, b, nb + 1);
  return s;
}

/* ------------------------------------------------------------- the map */

static size_t hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static size_t slot(const jld_map *m, const char *key) {
  size_t i = hash(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & (m->cap - 1);
  return i;
}

void *jld_map_get(const jld_map *m, const char *key) {
  if (!m->cap) return NULL;
  size_t i = slot(m, key);
  return m->keys[i] ? m->vals[i] : NULL;
}

static int rehash(jld *j, jld_map *m, size_t cap) {
  jld_map n = {arena_alloc(j->a, cap * sizeof *n.keys),
               arena_alloc(j->a, cap * sizeof *n.vals), cap, 0};
  if (!n.keys || !n.vals) return -1;
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i] && m->vals[i]) {
      size_t k = slot(&n, m->keys[i]);
      n.keys[k] = m->keys[i];
      n.vals[k] = m->vals[i];
      n.n++;
    }
  *m = n;
  return 0;
}

int jld_map_put(jld *j, jld_map *m, const char *key, void *val) {
  if ((m->n + 1) * 2 > m->cap && rehash(j, m, m->cap ? m->cap * 2 : 16)) return -1;
  size_t i = slot(m, key);
  if (!m->keys[i]) m->keys[i] = key, m->n++;
  m->vals[i] = val;
  return 0;
}

/* A removed key keeps its slot with a NULL value (no tombstones needed). */
int jld_map_del(jld_map *m, const char *key) {
  if (!m->cap) return 0;
  size_t i = slot(m, key);
  if (m->keys[i]) m->vals[i] = NULL;
  return 0;
}

int jld_map_clone(jld *j, jld_map *dst, const jld_map *src) {
  jld_map tmp = src->n ? *src : (jld_map){0};
  if (src->n && rehash(j, &tmp, src->cap)) return -1;
  *dst = tmp;
  return 0;
}

/* ----------------------------------------------------------------- IRIs */

static const char *const keywords[] = {
  "@base", "@container", "@context", "@direction", "@graph", "@id",
  "@import", "@included", "@index", "@json", "@language", "@list", "@nest",
  "@none", "@prefix", "@propagate", "@protected", "@reverse", "@set",
  "@type", "@value", "@version", "@vocab",
};

int jld_is_keyword(const char *s) {
  if (!s || s[0] != '@') return 0;
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
    if (strcmp(s, keywords[i]) == 0) return 1;
  return 0;
}

int jld_keyword_form(const char *s) {
  if (!s || s[0] != '@' || !s[1]) return 0;
  for (s++; *s; s++)
    if (!isalpha((unsigned char)*s)) return 0;
  return 1;
}

int jld_is_absolute(const char *s) {
  if (!s || !isalpha((unsigned char)*s)) return 0;
  for (s++; *s && *s != ':'; s++)
    if (!isalnum((unsigned char)*s) && *s != '+' && *s != '-' && *s != '.') return 0;
  return *s == ':';
}

int jld_is_bnode(const char *s) { return s && s[0] == '_' && s[1] == ':'; }

int jld_well_formed_iri(const char *s) {
  if (!jld_is_absolute(s)) return 0;
  int hashes = 0;
  for (; *s; s++) {
    if ((unsigned char)*s <= ' ' || strchr("<>\"{}|\\^`", *s)) return 0;
    hashes += *s == '#';
  }
  return hashes <= 1;
}

int jld_gen_delim_end(const char *s) {
  size_t n = strlen(s);
  return n && strchr(":/?#[]@", s[n - 1]);
}

typedef struct uri_parts {
  const char *scheme, *auth, *path, *query, *frag;
  size_t nscheme, nauth, npath, nquery, nfrag;
  int has_auth, has_query, has_frag;
} uri_parts;

static void uri_split(const char *u, uri_parts *p) {
  *p = (uri_parts){0};
  if (jld_is_absolute(u)) {
    p->scheme = u;
    p->nscheme = (size_t)(strchr(u, ':') - u);
    u += p->nscheme + 1;
  }
  if (u[0] == '/' && u[1] == '/') {
    p->has_auth = 1;
    p->auth = u + 2;
    p->nauth = strcspn(p->auth, "/?#");
    u = p->auth + p->nauth;
  }
  p->path = u;
  p->npath = strcspn(u, "?#");
  u += p->npath;
  if (*u == '?') {
    p->has_query = 1;
    p->query = u + 1;
    p->nquery = strcspn(p->query, "#");
    u = p->query + p->nquery;
  }
  if (*u == '#') {
    p->has_frag = 1;
    p->frag = u + 1;
    p->nfrag = strlen(p->frag);
  }
}

/* RFC 3986 5.2.4 on path[0..n) into out. */
static void remove_dots(strbuf *out, const char *path, size_t n) {
  size_t start = out->len;
  const char *in = path, *end = path + n;
  while (in < end) {
    size_t left = (size_t)(end - in);
    if (left >= 3 && !strncmp(in, "../", 3)) in += 3;
    else if (left >= 2 && !strncmp(in, "./", 2)) in += 2;
    else if (left >= 3 && !strncmp(in, "/./", 3)) in += 2;
    else if (left == 2 && !strncmp(in, "/.", 2)) strbuf_putc(out, '/'), in = end;
    else if ((left >= 4 && !strncmp(in, "/../", 4)) || (left == 3 && !strncmp(in, "/..", 3))) {
      in += 3;
      while (out->len > start && out->data[out->len - 1] != '/') out->len--;
      if (out->len > start) out->len--;
      out->data[out->len] = '\0';
      if (in == end) strbuf_putc(out, '/');
    } else if ((left == 1 && *in == '.') || (left == 2 && !strncmp(in, "..", 2))) {
      in = end;
    } else {
      const char *seg = in + 1;
      while (seg < end && *seg != '/') seg++;
      strbuf_append(out, in, (size_t)(seg - in));
      in = seg;
    }
  }
}

char *jld_resolve(jld *j, const char *base, const char *rel) {
  if (!base || jld_is_absolute(rel)) {
    if (!jld_is_absolute(rel)) return jld_strdup(j, rel);
    base = rel;
  }
  uri_parts b, r;
  uri_split(base, &b);
  uri_split(rel, &r);
  strbuf o = {0};
  if (r.scheme) {
    strbuf_append(&o, r.scheme, r.nscheme + 1);
    if (r.has_auth) strbuf_puts(&o, "//"), strbuf_append(&o, r.auth, r.nauth);
    remove_dots(&o, r.path, r.npath);
  } else {
    if (b.scheme) strbuf_append(&o, b.scheme, b.nscheme + 1);
    if (r.has_auth) {
      strbuf_puts(&o, "//"), strbuf_append(&o, r.auth, r.nauth);
      remove_dots(&o, r.path, r.npath);
    } else {
      if (b.has_auth) strbuf_puts(&o, "//"), strbuf_append(&o, b.auth, b.nauth);
      if (!r.npath) {
        strbuf_append(&o, b.path, b.npath);
        if (!r.has_query && b.has_query)
          strbuf_putc(&o, '?'), strbuf_append(&o, b.query, b.nquery);
      } else if (r.path[0] == '/') {
        remove_dots(&o, r.path, r.npath);
      } else {
        strbuf m = {0};
        if (b.has_auth && !b.npath) strbuf_putc(&m, '/');
        else {
          size_t k = b.npath;
          while (k && b.path[k - 1] != '/') k--;
          strbuf_append(&m, b.path, k);
        }
        strbuf_append(&m, r.path, r.npath);
        remove_dots(&o, m.data ? m.data : "", m.len);
        strbuf_free(&m);
      }
    }
  }
  if (r.has_query) strbuf_putc(&o, '?'), strbuf_append(&o, r.query, r.nquery);
  if (r.has_frag) strbuf_putc(&o, '#'), strbuf_append(&o, r.frag, r.nfrag);
  char *s = o.oom ? NULL : jld_strdup(j, o.data ? o.data : "");
  strbuf_free(&o);
  return s;
}

char *jld_relativize(jld *j, const char *base, const char *iri) {
  if (!base || !jld_is_absolute(iri)) return jld_strdup(j, iri);
  uri_parts b, r;
  uri_split(base, &b);
  uri_split(iri, &r);
  if (b.nscheme != r.nscheme || strncmp(b.scheme, r.scheme, b.nscheme) ||
      b.has_auth != r.has_auth || b.nauth != r.nauth ||
      strncmp(b.auth ? b.auth : "", r.auth ? r.auth : "", b.nauth))
    return jld_strdup(j, iri);
  strbuf o = {0};
  int same_path = b.npath == r.npath && !strncmp(b.path, r.path, b.npath);
  int same_query = b.has_query == r.has_query &&
                   (!b.has_query || (b.nquery == r.nquery && !strncmp(b.query, r.query, b.nquery)));
  if (same_path && same_query && r.has_frag) {
    strbuf_putc(&o, '#'), strbuf_append(&o, r.frag, r.nfrag);
  } else if (same_path && r.has_query && !same_query) {
    strbuf_putc(&o, '?'), strbuf_append(&o, r.query, r.nquery);
  } else {
    size_t dir = b.npath, common = 0;
    while (dir && b.path[dir - 1] != '/') dir--;
    for (size_t i = 0; i < dir && i < r.npath && b.path[i] == r.path[i]; i++)
      if (b.path[i] == '/') common = i + 1;
    for (size_t i = common; i < dir; i++)
      if (b.path[i] == '/') strbuf_puts(&o, "../");
    size_t seg = strcspn(r.path + common, "/");
    if (!o.len && seg < r.npath - common + 1 &&
        (memchr(r.path + common, ':', seg) || r.path[common] == '@'))
      strbuf_puts(&o, "./");
    strbuf_append(&o, r.path + common, r.npath - common);
    if (!o.len && !r.has_query) strbuf_puts(&o, "./");
    if (r.has_query) strbuf_putc(&o, '?'), strbuf_append(&o, r.query, r.nquery);
    if (r.has_frag) strbuf_putc(&o, '#'), strbuf_append(&o, r.frag, r.nfrag);
  }
  char *s = o.oom ? NULL : jld_strdup(j, o.data ? o.data : "");
  strbuf_free(&o);
  return s;
}

const char *jld_bnode(jld *j, const char *old) {
  if (old) {
    const char *s = jld_str(json_object_get(j->bnodes, old));
    if (s) return jld_strdup(j, s);
  }
  char buf[32];
  snprintf(buf, sizeof buf, "_:b%lu", j->nbnodes++);
  if (old) json_object_set_new(j->bnodes, old, json_string(buf));
  return jld_strdup(j, buf);
}

/* --------------------------------------------------------------- loading */

/* The cache file for a URL: host and path with '/' as '_'. */
static char *cache_path(jld *j, const char *url) {
  const char *p = strstr(url, "://");
  if (!p || !j->o.context_dir) return NULL;
  strbuf b = {0};
  strbuf_printf(&b, "%s/", j->o.context_dir);
  size_t start = b.len;
  for (p += 3; *p && *p != '#'; p++) strbuf_putc(&b, strchr("/:?", *p) ? '_' : *p);
  while (b.len > start && b.data[b.len - 1] == '_') b.data[--b.len] = '\0';
  char *s = b.oom ? NULL : jld_strdup(j, b.data);
  strbuf_free(&b);
  return s;
}

static kg_status load_file(jld *j, const char *path, json_t **doc) {
  json_error_t je;
  *doc = json_load_file(path, JSON_DECODE_ANY, &je);
  if (!*doc)
    return jld_fail(j, "loading remote context failed", "%s:%d:%d: %s", path,
                    je.line, je.column, je.text);
  return KG_OK;
}

kg_status jld_load(jld *j, const char *url, json_t **doc, const char **final) {
  *final = url;
  json_t *hit = json_object_get(j->docs, url);
  if (hit) {
    *doc = json_array_get(hit, 0);
    *final = jld_str(json_array_get(hit, 1));
    return KG_OK;
  }
  json_t *d = NULL;
  char *moved = NULL;
  kg_status st = KG_ERR_NOTFOUND;
  if (j->o.loader) {
    st = j->o.loader(j->o.loader_data, url, &d, &moved, j->err);
    if (st != KG_OK && st != KG_ERR_NOTFOUND) return st;
  }
  char *cp = st == KG_OK ? NULL : cache_path(j, url);
  struct stat sb;
  const char *file = NULL, *with_ext = cp ? jld_cat(j, cp, ".jsonld") : NULL;
  if (cp && stat(cp, &sb) == 0) file = cp;
  else if (with_ext && stat(with_ext, &sb) == 0) file = with_ext;
  if (file) {
    TRY(load_file(j, file, &d));
    st = KG_OK;
  }
  if (st != KG_OK && j->o.allow_remote && http_is_url(url)) {
    strbuf body = {0};
    http_request rq = {.url = url, .accept = "application/ld+json, application/json;q=0.9"};
    st = http_fetch(&rq, NULL, &body, NULL, j->err);
    if (st == KG_OK) {
      json_error_t je;
      d = json_loadb(body.data ? body.data : "", body.len, JSON_DECODE_ANY, &je);
      if (!d) st = jld_fail(j, "loading remote context failed", "%s:%d:%d: %s",
                            url, je.line, je.column, je.text);
    } else {
      jld_fail(j, "loading remote context failed", "%s: %s", url, j->err ? j->err->message : "");
      if (j->err) j->err->status = st;  /* keep the network status */
    }
    strbuf_free(&body);
    if (st != KG_OK) return st;
  }
  if (st != KG_OK) {
    if (j->o.allow_remote || !http_is_url(url))
      return jld_fail(j, "loading remote context failed", "%s: not found", url);
    return kg_err(j->err, KG_ERR_UNSUPPORTED,
                  "loading remote context failed: %s: fetching remote contexts "
                  "is off (allow remote contexts: kgsh --remote-contexts, the "
                  "load option allow_remote_contexts; or save the context "
                  "for offline use%s%s)", url, cp ? " as " : "", cp ? cp : "");
  }
  *final = moved ? jld_strdup(j, moved) : url;
  free(moved);
  json_object_set_new(j->docs, url, json_pack("[o,s]", d, *final));
  *doc = d;
  return KG_OK;
}

/* ------------------------------------------------------------ JSON helpers */

const char *jld_str(const json_t *v) { return json_is_string(v) ? json_string_value(v) : NULL; }

json_t *jld_as_array(json_t *v) {
  if (json_is_array(v)) return json_incref(v);
  json_t *a = json_array();
  if (v) json_array_append(a, v);
  return a;
}

int jld_add_value(json_t *obj, const char *key, json_t *v, int as_array, int unique) {
  json_t *cur = json_object_get(obj, key);
  if (as_array && !cur) {
    json_object_set_new(obj, key, cur = json_array());
  }
  if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) jld_add_value(obj, key, json_incref(x), as_array, unique);
    json_decref(v);
    return 0;
  }
  if (!cur) return json_object_set_new(obj, key, v);
  if (!json_is_array(cur)) {
    json_t *a = json_array();
    json_array_append(a, cur);
    json_object_set_new(obj, key, a);
    cur = a;
  }
  if (unique) {
    size_t i;
    json_t *x;
    json_array_foreach(cur, i, x) if (json_equal(x, v)) {
      json_decref(v);
      return 0;
    }
  }
  return json_array_append_new(cur, v);
}

int jld_is_value(const json_t *v) { return json_is_object(v) && json_object_get(v, "@value"); }
int jld_is_list(const json_t *v) { return json_is_object(v) && json_object_get(v, "@list"); }

int jld_is_graph(const json_t *v) {
  if (!json_is_object(v) || !json_object_get(v, "@graph")) return 0;
  const char *k;
  json_t *x;
  json_object_foreach((json_t *)v, k, x)
    if (strcmp(k, "@graph") && strcmp(k, "@id") && strcmp(k, "@index")) return 0;
  return 1;
}

int jld_is_simple_graph(const json_t *v) { return jld_is_graph(v) && !json_object_get(v, "@id"); }

int jld_is_node(const json_t *v) {
  return json_is_object(v) && !json_object_get(v, "@value") &&
         !json_object_get(v, "@list") && !json_object_get(v, "@set");
}

static int cmp_key(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **jld_sorted_keys(const json_t *obj, size_t *n) {
  *n = json_object_size(obj);
  const char **k = malloc((*n + 1) * sizeof *k);
  if (!k) return NULL;
  size_t i = 0;
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)obj, key, v) k[i++] = key;
  qsort(k, *n, sizeof *k, cmp_key);
  return k;
}

kg_status jld_parse(const char *json, size_t len, const char *name,
                    unsigned max_depth, json_t **out, kg_error *err) {
  *out = NULL;
  /* jansson's own limit is fixed; check ours before parsing */
  unsigned limit = max_depth ? max_depth : 512, depth = 0;
  long line = 1, col = 0;
  int in_str = 0;
  for (size_t i = 0; i < len; i++) {
    char c = json[i];
    col++;
    if (c == '\n') line++, col = 0;
    if (in_str) {
      if (c == '\\') i++, col++;
      else if (c == '"') in_str = 0;
    } else if (c == '"') {
      in_str = 1;
    } else if (c == '[' || c == '{') {
      if (++depth > limit)
        return kg_err_at(err, KG_ERR_SYNTAX, name, line, col,
                         "invalid JSON: nested deeper than %u levels", limit);
    } else if ((c == ']' || c == '}') && depth) {
      depth--;
    }
  }
  json_error_t je;
  *out = json_loadb(json, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
  if (!*out)
    return kg_err_at(err, KG_ERR_SYNTAX, name, je.line, je.column,
                     "invalid JSON: %s", je.text);
  return KG_OK;
}
