/* negotiate.c - content negotiation: the format= / output= parameter
 * some clients send, else the Accept header with its q-values (RFC 9110
 * 12.5.1: the most specific range that matches a type gives its q). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"

/* How a media range (text/turtle, text/ANY or ANY/ANY, ANY written as
 * '*') matches `type`: -1 not at all, else 0 (any type), 1 (any subtype)
 * or 2 (exact). */
static int match(const char *range, size_t n, const char *type) {
  if (n == 3 && !strncmp(range, "*/*", 3)) return 0;
  const char *slash = memchr(range, '/', n);
  if (!slash) return -1;
  size_t major = (size_t)(slash - range);
  if (n == major + 2 && slash[1] == '*')
    return strlen(type) > major && type[major] == '/' &&
                   !strncasecmp(type, range, major)
               ? 1
               : -1;
  return strlen(type) == n && !strncasecmp(range, type, n) ? 2 : -1;
}

double accept_q(const char *accept, const char *type) {
  if (!accept || !*accept) return 1;
  double best_q = 0;
  int best = -1;
  const char *p = accept;
  while (*p) {
    size_t item = strcspn(p, ",");
    const char *end = p + item;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    size_t n = strcspn(p, ";,");
    if (p + n > end) n = (size_t)(end - p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    double q = 1;
    for (const char *s = p; s < end; s++) {
      if (*s != ';') continue;
      s++;
      while (s < end && (*s == ' ' || *s == '\t')) s++;
      if (end - s > 2 && (s[0] == 'q' || s[0] == 'Q') && s[1] == '=') {
        q = strtod(s + 2, NULL);
        if (q < 0 || q > 1) q = q < 0 ? 0 : 1;
      }
    }
    int m = match(p, n, type);
    if (m > best) {
      best = m;
      best_q = q;
    }
    p = *end ? end + 1 : end;
  }
  return best < 0 ? 0 : best_q;
}

/* a format= value: a format name or a media type */
static const kg_media_type *by_param(const char *v, unsigned what) {
  if (strchr(v, '/')) return kg_media_type_find(v, what);
  const char *type = kg_format_media_type(v, what);
  return type ? kg_media_type_find(type, what) : NULL;
}

const kg_media_type *negotiate(struct MHD_Connection *c, const char *format,
                               unsigned what) {
  const char *fmt = format;
  if (!fmt) fmt = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
  if (!fmt) fmt = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "output");
  /* a value we do not know (clients send their own names) leaves the
   * choice to Accept */
  const kg_media_type *m = fmt && *fmt ? by_param(fmt, what) : NULL;
  if (m) return m;
  const char *accept =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
  const kg_media_type *best = NULL;
  double best_q = 0;
  for (size_t i = 0; kg_media_type_at(i); i++) {
    const kg_media_type *m = kg_media_type_at(i);
    if (!(m->writes & what)) continue;
    double q = accept_q(accept, m->type);
    if (q > best_q) {
      best_q = q;
      best = m;
    }
  }
  return best;
}
