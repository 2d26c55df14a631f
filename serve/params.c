/* params.c - the parameters of a SPARQL protocol request, from the URL
 * (libmicrohttpd decodes them) and from a form body (libmicrohttpd's
 * post processor decodes it): query, update, the dataset and timeout. */
#include <stdlib.h>
#include <string.h>

#include "params.h"

static int list_add(char ***v, size_t *n, const char *s, size_t len) {
  char **nv = realloc(*v, (*n + 2) * sizeof *nv);
  if (!nv) return -1;
  *v = nv;
  if (!(nv[*n] = strndup(s, len))) return -1;
  nv[++*n] = NULL;
  return 0;
}

/* appends to the last value of a list (a value split across reads),
 * growing it geometrically: a 10 MB query comes in many pieces */
static int list_append(params *p, char **v, size_t n, const char *s,
                       size_t len) {
  size_t old = p->grow_len;
  if (old + len + 1 > p->grow_cap) {
    size_t cap = p->grow_cap ? p->grow_cap : 256;
    while (cap < old + len + 1) cap *= 2;
    char *b = realloc(v[n - 1], cap);
    if (!b) return -1;
    v[n - 1] = b;
    p->grow_cap = cap;
  }
  memcpy(v[n - 1] + old, s, len);
  v[n - 1][old + len] = '\0';
  p->grow_len = old + len;
  return 0;
}

static int add(params *p, const char *key, const char *val, size_t len,
               int more) {
  char ***v;
  size_t *n;
  if (!strcmp(key, "query")) v = &p->query, n = &p->nquery;
  else if (!strcmp(key, "update")) v = &p->update, n = &p->nupdate;
  else if (!strcmp(key, "default-graph-uri")) v = &p->dg, n = &p->ndg;
  else if (!strcmp(key, "named-graph-uri")) v = &p->ng, n = &p->nng;
  else if (!strcmp(key, "using-graph-uri")) v = &p->ug, n = &p->nug;
  else if (!strcmp(key, "using-named-graph-uri")) v = &p->ung, n = &p->nung;
  else if (!strcmp(key, "timeout")) v = &p->timeout, n = &p->ntimeout;
  else if (!strcmp(key, "format") || !strcmp(key, "output"))
    v = &p->format, n = &p->nformat;
  else return 0;
  int rc;
  if (more && *n) {
    rc = list_append(p, *v, *n, val, len);
  } else {
    rc = list_add(v, n, val, len);
    p->grow_len = len;
    p->grow_cap = len + 1;
  }
  if (rc) p->oom = 1;
  return rc;
}

static enum MHD_Result url_value(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *value) {
  (void)kind;
  params *p = cls;
  if (!value) value = "";
  return add(p, key, value, strlen(value), 0) ? MHD_NO : MHD_YES;
}

void params_from_url(struct MHD_Connection *c, params *p) {
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, url_value, p);
}

static enum MHD_Result form_value(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *filename,
                                  const char *content_type,
                                  const char *transfer_encoding,
                                  const char *data, uint64_t off,
                                  size_t size) {
  (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
  params *p = cls;
  return add(p, key, data ? data : "", data ? size : 0, off > 0) ? MHD_NO
                                                                  : MHD_YES;
}

int params_from_form(struct MHD_Connection *c, const char *body, size_t len,
                     params *p) {
  struct MHD_PostProcessor *pp =
      MHD_create_post_processor(c, 64 * 1024, form_value, p);
  if (!pp) return -1;
  int rc = len && MHD_post_process(pp, body, len) != MHD_YES ? -1 : 0;
  MHD_destroy_post_processor(pp);
  return rc || p->oom ? -1 : 0;
}

static void list_free(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

void params_clear(params *p) {
  list_free(p->query, p->nquery);
  list_free(p->update, p->nupdate);
  list_free(p->dg, p->ndg);
  list_free(p->ng, p->nng);
  list_free(p->ug, p->nug);
  list_free(p->ung, p->nung);
  list_free(p->timeout, p->ntimeout);
  list_free(p->format, p->nformat);
  memset(p, 0, sizeof *p);
}
