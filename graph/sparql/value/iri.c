/* iri.c - IRI reference resolution against a base (RFC 3986 s.5.2) for IRI(). */
#include "sparql/value/value_impl.h"

#include <string.h>

typedef struct {
  const char *p;
  size_t n;
  int has;
} part;

typedef struct {
  part scheme, auth, path, query, frag;
} iri_parts;

/* Splits an IRI reference into its five components (RFC 3986 s.3). */
static void split(const char *s, size_t n, iri_parts *r) {
  memset(r, 0, sizeof *r);
  size_t i = 0;
  while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#') i++;
  if (i > 0 && i < n && s[i] == ':') {
    r->scheme = (part){s, i, 1};
    s += i + 1;
    n -= i + 1;
  }
  if (n >= 2 && s[0] == '/' && s[1] == '/') {
    size_t j = 2;
    while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#') j++;
    r->auth = (part){s + 2, j - 2, 1};
    s += j;
    n -= j;
  }
  size_t j = 0;
  while (j < n && s[j] != '?' && s[j] != '#') j++;
  r->path = (part){s, j, 1};
  s += j;
  n -= j;
  if (n && s[0] == '?') {
    j = 1;
    while (j < n && s[j] != '#') j++;
    r->query = (part){s + 1, j - 1, 1};
    s += j;
    n -= j;
  }
  if (n && s[0] == '#') r->frag = (part){s + 1, n - 1, 1};
}

/* Removes "." and ".." segments (RFC 3986 s.5.2.4) from in into out. */
static void remove_dots(const char *in, size_t n, strbuf *out) {
  size_t i = 0;
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
      i += 1; /* becomes "/" */
      strbuf_putc(out, '/');
      i += 1;
    } else if ((left >= 4 && memcmp(s, "/../", 4) == 0) ||
               (left == 3 && memcmp(s, "/..", 3) == 0)) {
      i += 3; /* the next step sees "/" or the end */
      while (out->len && out->data[out->len - 1] != '/') out->len--;
      if (out->len) out->len--;
      if (out->data) out->data[out->len] = '\0';
      if (left == 3) strbuf_putc(out, '/');
    } else if ((left == 1 && s[0] == '.') || (left == 2 && memcmp(s, "..", 2) == 0)) {
      i = n;
    } else {
      size_t j = s[0] == '/' ? 1 : 0;
      while (j < left && s[j] != '/') j++;
      strbuf_append(out, s, j);
      i += j;
    }
  }
}

static void put_part(strbuf *b, const char *pre, part p) {
  if (!p.has) return;
  strbuf_puts(b, pre);
  strbuf_append(b, p.p, p.n);
}

char *sp_iri_resolve(arena *a, const char *base, const char *ref,
                     size_t len, size_t *out_len) {
  iri_parts r, b, t;
  split(ref, len, &r);
  if (!base || !base[0] || r.scheme.has) {
    if (!r.scheme.has) { /* nothing to resolve against */
      *out_len = len;
      return arena_strndup(a, ref, len);
    }
    b = r;
  } else {
    split(base, strlen(base), &b);
  }
  strbuf path = {0}, out = {0};
  t.scheme = b.scheme;
  t.frag = r.frag;
  if (r.scheme.has || r.auth.has) {
    t.auth = r.auth;
    remove_dots(r.path.p, r.path.n, &path);
    t.query = r.query;
  } else {
    t.auth = b.auth;
    if (r.path.n == 0) {
      strbuf_append(&path, b.path.p, b.path.n);
      t.query = r.query.has ? r.query : b.query;
    } else {
      if (r.path.p[0] == '/') {
        remove_dots(r.path.p, r.path.n, &path);
      } else { /* merge (s.5.2.3) */
        strbuf merged = {0};
        if (b.auth.has && b.path.n == 0) {
          strbuf_putc(&merged, '/');
        } else {
          size_t k = b.path.n;
          while (k && b.path.p[k - 1] != '/') k--;
          strbuf_append(&merged, b.path.p, k);
        }
        strbuf_append(&merged, r.path.p, r.path.n);
        remove_dots(merged.data ? merged.data : "", merged.len, &path);
        strbuf_free(&merged);
      }
      t.query = r.query;
    }
  }
  if (t.scheme.has) {
    strbuf_append(&out, t.scheme.p, t.scheme.n);
    strbuf_putc(&out, ':');
  }
  put_part(&out, "//", t.auth);
  strbuf_append(&out, path.data ? path.data : "", path.len);
  put_part(&out, "?", t.query);
  put_part(&out, "#", t.frag);
  char *s = out.oom || path.oom ? NULL
                                : arena_strndup(a, out.data ? out.data : "",
                                                   out.len);
  *out_len = s ? out.len : 0;
  strbuf_free(&path);
  strbuf_free(&out);
  return s;
}

int sp_iri_chars_ok(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch <= 0x20 || strchr("<>\"{}|\\^`", ch)) return 0;
  }
  return 1;
}
