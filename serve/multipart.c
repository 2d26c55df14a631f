/* multipart.c - the files of a multipart/form-data body (a Graph Store
 * POST of several RDF files at once), split by libmicrohttpd's post
 * processor. */
#include <stdlib.h>
#include <string.h>

#include "serve.h"

typedef struct collect {
  part *v;
  size_t n;
  int oom;
} collect;

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *filename,
                               const char *content_type,
                               const char *transfer_encoding,
                               const char *data, uint64_t off, size_t size) {
  (void)kind, (void)key, (void)transfer_encoding;
  collect *c = cls;
  if (off == 0) {
    part *v = realloc(c->v, (c->n + 1) * sizeof *v);
    if (!v) return c->oom = 1, MHD_NO;
    c->v = v;
    part *p = &c->v[c->n++];
    memset(p, 0, sizeof *p);
    p->type = content_type ? strdup(content_type) : NULL;
    p->name = filename ? strdup(filename) : NULL;
  }
  if (!c->n) return MHD_YES;
  part *p = &c->v[c->n - 1];
  if (p->len + size + 1 > p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 4096;
    while (cap < p->len + size + 1) cap *= 2;
    char *d = realloc(p->data, cap);
    if (!d) return c->oom = 1, MHD_NO;
    p->data = d;
    p->cap = cap;
  }
  memcpy(p->data + p->len, data, size);
  p->len += size;
  p->data[p->len] = '\0';
  return MHD_YES;
}

int multipart_parts(struct MHD_Connection *c, const char *body, size_t len,
                    part **out, size_t *n) {
  collect col = {0};
  struct MHD_PostProcessor *pp =
      MHD_create_post_processor(c, 64 * 1024, on_part, &col);
  int rc = -1;
  if (pp) {
    rc = len && MHD_post_process(pp, body, len) != MHD_YES ? -1 : 0;
    MHD_destroy_post_processor(pp);
  }
  if (rc || col.oom) {
    parts_free(col.v, col.n);
    return -1;
  }
  *out = col.v;
  *n = col.n;
  return 0;
}

void parts_free(part *v, size_t n) {
  for (size_t i = 0; v && i < n; i++) {
    free(v[i].type);
    free(v[i].name);
    free(v[i].data);
  }
  free(v);
}
