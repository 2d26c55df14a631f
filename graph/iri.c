/* iri.c - RFC 3986 reference resolution (s.5.2) and the IRI character
 * check, for the parser and for IRI() alike. */
#include "iri.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

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

static int is_scheme_char(int c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
         c == '.';
}

/* Splits s[0..n) into its five components (RFC 3986 appendix B, with a
 * scheme only when it has the syntax of s.3.1). */
static void split(const char *s, size_t n, uri *u) {
  memset(u, 0, sizeof *u);
  size_t i = 0;
  if (n && is_alpha((unsigned char)s[0])) {
    size_t k = 1;
    while (k < n && is_scheme_char((unsigned char)s[k])) k++;
    if (k < n && s[k] == ':') {
      u->scheme = (part){s, k, 1};
      i = k + 1;
    }
  }
  if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
    size_t k = i + 2;
    while (k < n && s[k] != '/' && s[k] != '?' && s[k] != '#') k++;
    u->auth = (part){s + i + 2, k - i - 2, 1};
    i = k;
  }
  size_t k = i;
  while (k < n && s[k] != '?' && s[k] != '#') k++;
  u->path = (part){s + i, k - i, 1};
  i = k;
  if (i < n && s[i] == '?') {
    k = i + 1;
    while (k < n && s[k] != '#') k++;
    u->query = (part){s + i + 1, k - i - 1, 1};
    i = k;
  }
  if (i < n && s[i] == '#') u->frag = (part){s + i + 1, n - i - 1, 1};
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
      out[o++] = '/';
      i += 2;
    } else if ((left >= 4 && memcmp(s, "/../", 4) == 0) ||
               (left == 3 && memcmp(s, "/..", 3) == 0)) {
      i += 3; /* the next step sees "/" or the end */
      while (o > 0 && out[o - 1] != '/') o--;
      if (o > 0) o--;
      if (left == 3) out[o++] = '/';
    } else if ((left == 1 && s[0] == '.') ||
               (left == 2 && memcmp(s, "..", 2) == 0)) {
      i = n;
    } else {
      if (s[0] == '/') out[o++] = in[i++];
      while (i < n && in[i] != '/') out[o++] = in[i++];
    }
  }
  out[o] = '\0';
  return o;
}

static void put_part(strbuf *b, const char *pre, part p) {
  if (!p.on) return;
  strbuf_puts(b, pre);
  strbuf_append(b, p.s, p.n);
}

/* The reference itself, for when there is nothing to resolve against. */
static char *as_is(arena *a, const char *ref, size_t len, size_t *out_len) {
  char *s = arena_strndup(a, ref, len);
  if (out_len) *out_len = s ? len : 0;
  return s;
}

char *iri_resolve(arena *a, const char *base, const char *ref, size_t len,
                  size_t *out_len) {
  uri r, b;
  split(ref, len, &r);
  if (r.scheme.on) b = r;
  else if (!base) return as_is(a, ref, len, out_len);
  else split(base, strlen(base), &b);
  if (!b.scheme.on) return as_is(a, ref, len, out_len);

  /* s.5.2.2, the dot segments removed from the whole path at the end */
  strbuf path = {0};
  part auth = b.auth, query = r.query;
  if (r.scheme.on || r.auth.on) {
    auth = r.auth;
    strbuf_append(&path, r.path.s, r.path.n);
  } else if (r.path.n == 0) {
    strbuf_append(&path, b.path.s, b.path.n);
    if (!r.query.on) query = b.query;
  } else if (r.path.s[0] == '/') {
    strbuf_append(&path, r.path.s, r.path.n);
  } else { /* merge (s.5.2.3) */
    if (b.auth.on && b.path.n == 0) {
      strbuf_putc(&path, '/');
    } else {
      size_t k = b.path.n;
      while (k > 0 && b.path.s[k - 1] != '/') k--;
      strbuf_append(&path, b.path.s, k);
    }
    strbuf_append(&path, r.path.s, r.path.n);
  }
  char *clean = path.oom ? NULL : arena_alloc(a, path.len + 1);
  size_t clen =
      clean ? remove_dots(path.data ? path.data : "", path.len, clean) : 0;
  strbuf_free(&path);
  if (!clean) return NULL;

  strbuf out = {0};
  strbuf_append(&out, b.scheme.s, b.scheme.n);
  strbuf_putc(&out, ':');
  put_part(&out, "//", auth);
  strbuf_append(&out, clean, clen);
  put_part(&out, "?", query);
  put_part(&out, "#", r.frag);
  char *res = out.oom ? NULL : arena_strndup(a, out.data, out.len);
  if (out_len) *out_len = res ? out.len : 0;
  strbuf_free(&out);
  return res;
}

/* Without split(): parsers call it for every IRI. A "/." in the query or
 * fragment only costs a resolution that changes nothing. */
int iri_needs_resolving(const char *ref, size_t len) {
  size_t k = 0;
  if (!len || !is_alpha((unsigned char)ref[0])) return 1;
  while (++k < len && is_scheme_char((unsigned char)ref[k])) {}
  if (k == len || ref[k] != ':') return 1;
  return (k + 1 < len && ref[k + 1] == '.') ||
         memmem(ref + k, len - k, "/.", 2) != NULL;
}

int iri_char_forbidden(unsigned c) {
  return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' ||
         c == '}' || c == '|' || c == '^' || c == '`' || c == '\\';
}

int iri_chars_ok(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (iri_char_forbidden((unsigned char)s[i])) return 0;
  return 1;
}

char *iri_from_path(const char *abs) {
  strbuf b = {0};
  strbuf_puts(&b, "file://");
  for (const char *p = abs; *p; p++) {
    if (*p == '%') strbuf_puts(&b, "%25");
    else if (*p == ' ') strbuf_puts(&b, "%20");
    else strbuf_putc(&b, *p);
  }
  if (b.oom) {
    strbuf_free(&b);
    return NULL;
  }
  return strbuf_take(&b);
}

static int hex(int c) {
  return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

char *iri_file_path(const char *iri) {
  if (strncmp(iri, "file:", 5)) return NULL;
  const char *p = iri + 5;
  if (!strncmp(p, "//", 2)) {
    p = strchr(p + 2, '/'); /* past the authority (a host, localhost) */
    if (!p) return NULL;
  }
  size_t n = strcspn(p, "?#");
  char *out = malloc(n + 1), *o = out;
  if (!out) return NULL;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '%' && i + 2 < n && isxdigit((unsigned char)p[i + 1]) &&
        isxdigit((unsigned char)p[i + 2])) {
      *o++ = (char)(hex((unsigned char)p[i + 1]) * 16 +
                    hex((unsigned char)p[i + 2]));
      i += 2;
    } else {
      *o++ = p[i];
    }
  }
  *o = '\0';
  return out;
}
