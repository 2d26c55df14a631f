/* unknown.c - the IRIs a query's patterns name that occur nowhere in the
 * store. A misspelled name (hzo:Compnay) matches nothing, so the query
 * returns no rows without a word; each such IRI becomes a warning of the
 * result, with the store's nearest names in its namespace. */
#include <stdlib.h>
#include <string.h>

#include "sparql/unknown.h"
#include "store/store.h"
#include "strbuf.h"

enum { NEAR_MAX = 2, SCAN_MAX = 20000, WARN_MAX = 10 };

/* Edit distance of two short strings (0..n); larger ones are far. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb) {
  if (na > 64 || nb > 64) return (size_t)-1;
  size_t row[65];
  for (size_t j = 0; j <= nb; j++) row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[nb];
}

typedef struct nearest {
  const char *local;        /* the unknown IRI's local part */
  size_t nlocal, nsl;       /* its length; the namespace's length */
  char *iri[NEAR_MAX];      /* the nearest, closest first (owned) */
  size_t d[NEAR_MAX];
} nearest;

static int on_iri(void *ctx, const char *iri, size_t len) {
  nearest *n = ctx;
  if (len <= n->nsl) return 0;
  const char *loc = iri + n->nsl;
  size_t nl = len - n->nsl;
  if (memchr(loc, '/', nl) || memchr(loc, '#', nl)) return 0;
  size_t d = distance(n->local, n->nlocal, loc, nl);
  size_t limit = n->nlocal < 6 ? 1 : n->nlocal / 3; /* a typo, not a word */
  if (d > limit) return 0;
  for (int i = 0; i < NEAR_MAX; i++) {
    if (n->iri[i] && d >= n->d[i]) continue;
    free(n->iri[NEAR_MAX - 1]);
    memmove(n->iri + i + 1, n->iri + i, (NEAR_MAX - 1 - i) * sizeof *n->iri);
    memmove(n->d + i + 1, n->d + i, (NEAR_MAX - 1 - i) * sizeof *n->d);
    n->iri[i] = strndup(iri, len);
    n->d[i] = d;
    break;
  }
  return 0;
}

typedef struct walk {
  kg_store *st;
  kg_result *r;
  int failed;
  long more;                /* unknown names past WARN_MAX */
} walk;

static void add_name(strbuf *b, kg_store *st, const char *iri) {
  char *s = kg_prefix_shrink(st, iri);
  if (s) strbuf_puts(b, s);
  else strbuf_printf(b, "<%s>", iri);
  free(s);
}

static void check_iri(walk *w, const char *iri) {
  if (!iri || w->failed) return;
  kg_term t = kg_iri(iri);
  if (dict_find(w->st->dict, &t)) return;
  for (size_t i = 0; i < w->r->nwarnings; i++)
    if (strstr(w->r->warnings[i], iri)) return; /* once each */
  if (w->r->nwarnings >= WARN_MAX) {
    w->more++;
    return;
  }
  const char *cut = strrchr(iri, '#');
  const char *slash = strrchr(iri, '/');
  if (!cut || (slash && slash > cut)) cut = slash;
  nearest n = {0};
  if (cut && cut[1]) {
    n.nsl = (size_t)(cut - iri) + 1;
    n.local = cut + 1;
    n.nlocal = strlen(n.local);
    char *ns = strndup(iri, n.nsl);
    kg_error e;
    if (ns) kg_store_iris(w->st, ns, KG_ROLE_ANY, SCAN_MAX, on_iri, &n, &e);
    free(ns);
  }
  strbuf b = {0};
  add_name(&b, w->st, iri);
  strbuf_puts(&b, " occurs nowhere in the store");
  for (int i = 0; i < NEAR_MAX && n.iri[i]; i++) {
    strbuf_puts(&b, i == 0 ? "; did you mean " : " or ");
    add_name(&b, w->st, n.iri[i]);
    free(n.iri[i]);
  }
  if (n.iri[0]) strbuf_putc(&b, '?');
  char *msg = strbuf_take(&b);
  if (!msg || result_add_warning(w->r, msg) < 0) w->failed = 1;
}

static void check_path(walk *w, const sp_path *p) {
  if (!p) return;
  check_iri(w, p->iri);
  for (int i = 0; i < p->niris; i++) check_iri(w, p->iris[i]);
  for (int i = 0; i < p->ninv_iris; i++) check_iri(w, p->inv_iris[i]);
  for (int i = 0; i < p->nargs; i++) check_path(w, p->args[i]);
}

static void check_term(walk *w, const sp_term *t) {
  if (t->kind == KG_TERM_IRI) check_iri(w, t->value);
}

static void check_node(walk *w, const sp_node *n) {
  if (!n) return;
  if (n->op == SP_N_BGP || n->op == SP_N_PATH) {
    for (int i = 0; i < n->ntriples; i++) {
      const sp_triple *t = &n->triples[i];
      check_term(w, &t->s);
      if (t->path) check_path(w, t->path);
      else check_term(w, &t->p);
      check_term(w, &t->o);
    }
  }
  /* a SERVICE pattern names another store's IRIs */
  if (n->op == SP_N_SERVICE) return;
  if (n->op == SP_N_GRAPH) check_term(w, &n->graph);
  check_node(w, n->a);
  check_node(w, n->b);
}

void sp_unknown_names(kg_store *st, const sp_query *q, kg_result *r) {
  /* in an empty store every name is unknown: nothing worth saying */
  kg_view v = store_view(st);
  if (!view_size(&v)) return;
  walk w = {st, r, 0, 0};
  check_node(&w, q->pattern);
  if (w.more && !w.failed) {
    strbuf b = {0};
    strbuf_printf(&b, "... and %ld more names of the query occur nowhere in "
                      "the store", w.more);
    char *msg = strbuf_take(&b);
    if (msg) result_add_warning(r, msg);
  }
}
