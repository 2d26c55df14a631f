/* parse_iri.c - RFC 3986 IRI resolution and prefixed names for the parser. */
#include <string.h>

#include "sparql/syntax/syntax.h"

typedef struct {
  const char *s;
  size_t n;
  int on; /* the component is defined (possibly empty) */
} part;

typedef struct {
  part scheme, auth, path, query, frag;
} uri;

static int is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Splits a reference into its five components (RFC 3986 appendix B). */
static void split(const char *s, uri *u) {
  memset(u, 0, sizeof *u);
  const char *p = s;
  if (is_alpha(*p)) {
    const char *q = p + 1;
    while (is_alpha(*q) || (*q >= '0' && *q <= '9') || *q == '+' || *q == '-' || *q == '.') q++;
    if (*q == ':') {
      u->scheme = (part){p, (size_t)(q - p), 1};
      p = q + 1;
    }
  }
  if (p[0] == '/' && p[1] == '/') {
    const char *q = p + 2;
    while (*q && *q != '/' && *q != '?' && *q != '#') q++;
    u->auth = (part){p + 2, (size_t)(q - p - 2), 1};
    p = q;
  }
  const char *q = p;
  while (*q && *q != '?' && *q != '#') q++;
  u->path = (part){p, (size_t)(q - p), 1};
  p = q;
  if (*p == '?') {
    q = p + 1;
    while (*q && *q != '#') q++;
    u->query = (part){p + 1, (size_t)(q - p - 1), 1};
    p = q;
  }
  if (*p == '#') u->frag = (part){p + 1, strlen(p + 1), 1};
}

/* RFC 3986 s.5.2.4 on in[0..n), writing to out (room for n + 1). */
static size_t remove_dots(const char *in, size_t n, char *out) {
  size_t o = 0, i = 0;
  while (i < n) {
    const char *s = in + i;
    size_t left = n - i;
    if (left >= 3 && memcmp(s, "../", 3) == 0) {
      i += 3;
    } else if (left >= 2 && memcmp(s, "./", 2) == 0) {
      i += 2;
    } else if (left >= 3 && memcmp(s, "/./", 3) == 0) {
      i += 2;
    } else if (left == 2 && memcmp(s, "/.", 2) == 0) {
      i += 1;
      out[o++] = '/';
      i += 1;
    } else if ((left >= 4 && memcmp(s, "/../", 4) == 0) ||
               (left == 3 && memcmp(s, "/..", 3) == 0)) {
      i += 3;
      while (o > 0 && out[o - 1] != '/') o--;
      if (o > 0) o--;
      if (left == 3) out[o++] = '/';
    } else if ((left == 1 && s[0] == '.') || (left == 2 && memcmp(s, "..", 2) == 0)) {
      i = n;
    } else {
      if (s[0] == '/') out[o++] = in[i++];
      while (i < n && in[i] != '/') out[o++] = in[i++];
    }
  }
  out[o] = '\0';
  return o;
}

static void put(strbuf *b, const char *s, size_t n) { strbuf_append(b, s, n); }

char *sx_resolve(arena *a, const char *base, const char *ref) {
  uri r, b;
  split(ref, &r);
  /* an absolute reference still loses its dot segments (s.5.2.2), as
   * raptor does for data, so that queries and data agree */
  if (r.scheme.on) b = r;
  else if (!base) return arena_strdup(a, ref);
  else split(base, &b);
  if (!b.scheme.on) return arena_strdup(a, ref);

  strbuf path = {0};
  part auth = b.auth, query = r.query;
  if (r.scheme.on) {
    auth = r.auth;
    put(&path, r.path.s, r.path.n);
  } else if (r.auth.on) {
    auth = r.auth;
    put(&path, r.path.s, r.path.n);
  } else if (r.path.n == 0) {
    put(&path, b.path.s, b.path.n);
    if (!r.query.on) query = b.query;
  } else if (r.path.s[0] == '/') {
    put(&path, r.path.s, r.path.n);
  } else {
    /* merge (s.5.2.3) */
    if (b.auth.on && b.path.n == 0) {
      put(&path, "/", 1);
    } else {
      size_t k = b.path.n;
      while (k > 0 && b.path.s[k - 1] != '/') k--;
      put(&path, b.path.s, k);
    }
    put(&path, r.path.s, r.path.n);
  }
  char *clean = path.oom ? NULL : arena_alloc(a, path.len + 1);
  size_t clen = clean ? remove_dots(path.data ? path.data : "", path.len, clean) : 0;
  strbuf_free(&path);
  if (!clean) return NULL;

  strbuf out = {0};
  put(&out, b.scheme.s, b.scheme.n);
  put(&out, ":", 1);
  if (auth.on) {
    put(&out, "//", 2);
    put(&out, auth.s, auth.n);
  }
  put(&out, clean, clen);
  if (query.on) {
    put(&out, "?", 1);
    put(&out, query.s, query.n);
  }
  if (r.frag.on) {
    put(&out, "#", 1);
    put(&out, r.frag.s, r.frag.n);
  }
  char *res = out.oom ? NULL : arena_strndup(a, out.data, out.len);
  strbuf_free(&out);
  return res;
}

const char *sx_iri_of(sp_parser *p, const sp_token *t) {
  if (t->kind == SP_T_IRI) {
    const char *iri = sx_resolve(p->A, p->base, t->val);
    if (!iri) sx_nomem(p);
    return iri;
  }
  if (t->kind != SP_T_PNAME) {
    sx_expected(p, "an IRI");
    return NULL;
  }
  for (const sx_prefix *x = p->prefixes; x; x = x->next) {
    if (strlen(x->name) != t->len || memcmp(x->name, t->val, t->len) != 0) continue;
    size_t n = strlen(x->iri);
    char *iri = arena_alloc(p->A, n + t->local_len + 1);
    if (!iri) {
      sx_nomem(p);
      return NULL;
    }
    memcpy(iri, x->iri, n);
    memcpy(iri + n, t->local, t->local_len);
    iri[n + t->local_len] = '\0';
    return iri;
  }
  sx_error_at(p, t->line, t->column,
              "undeclared prefix '%.*s:' (declare it with PREFIX %.*s: <...>)",
              (int)t->len, t->val, (int)t->len, t->val);
  return NULL;
}
