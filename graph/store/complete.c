/* complete.c - IRIs of the store by prefix, for the shell's completion. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "store/store.h"

typedef struct seen {
  kg_id *v;
  size_t n, cap;
} seen;

static int seen_has(const seen *s, kg_id id) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i] == id) return 1;
  return 0;
}

static int seen_add(seen *s, kg_id id) {
  if (!grow(&s->v, &s->cap, s->n + 1, sizeof *s->v, 32)) return -1;
  s->v[s->n++] = id;
  return 0;
}

/* Offers an id if it is an IRI with the prefix; 1 to stop. */
static int offer(kg_store *st, kg_id id, const char *prefix, size_t plen,
                 seen *s, size_t max, kg_iri_fn fn, void *ctx) {
  kg_term t;
  if (seen_has(s, id) || !dict_term(st->dict, id, &t) ||
      t.kind != KG_TERM_IRI || t.len < plen || memcmp(t.value, prefix, plen))
    return 0;
  if (seen_add(s, id) < 0) return 1;
  return fn(ctx, t.value, t.len) || s->n >= max;
}

/* The distinct predicates (role 1) or classes (role 2) of the store. */
static int role_ids(kg_store *st, int role, const char *prefix, size_t plen,
                    seen *s, size_t max, kg_iri_fn fn, void *ctx) {
  kg_view v = store_view(st);
  kg_pattern p = {0, 0, 0, 0, G_UNION};
  kg_term type = kg_iri(KG_RDF_TYPE);
  if (role == KG_ROLE_CLASS && !(p.p = dict_find(st->dict, &type))) return 0;
  kg_scan sc;
  scan_init_order(&sc, &v, &p, ORD_POSG);
  kg_qid q;
  kg_id last = 0;
  while (scan_next(&sc, &q)) {
    kg_id id = role == KG_ROLE_CLASS ? q.o : q.p;
    if (id == last) continue;
    last = id;
    if (offer(st, id, prefix, plen, s, max, fn, ctx)) return 1;
  }
  return 0;
}

static kg_status store_iris(kg_store *st, const char *prefix, int role,
                        size_t max, kg_iri_fn fn, void *ctx, kg_error *err) {
  kg_error_clear(err);
  size_t plen = strlen(prefix);
  seen s = {0};
  int stop = 0;
  if (role == KG_ROLE_PREDICATE || role == KG_ROLE_CLASS)
    stop = role_ids(st, role, prefix, plen, &s, max, fn, ctx);
  for (kg_id id = 1; !stop && id <= dict_count(st->dict); id++)
    stop = offer(st, id, prefix, plen, &s, max, fn, ctx);
  free(s.v);
  return KG_OK;
}

kg_status kg_store_iris(kg_store *st, const char *prefix, int role,
                        size_t max, kg_iri_fn fn, void *ctx, kg_error *err) {
  if (st->remote) return st->remote->iris(st, prefix, role, max, fn, ctx, err);
  kg_status s = store_call(st, err);
  if (s == KG_OK) s = store_iris(st, prefix, role, max, fn, ctx, err);
  store_leave(st);
  return s;
}
