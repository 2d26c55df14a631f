/* loader.c - what every parser of load.c and load_serd.c calls: adding
 * a statement (the transaction, or the bulk path once the load is
 * large), prefixes, language tags, progress, and the checks and line
 * counts of each chunk read. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "grow.h"
#include "io/load.h"

enum { PROGRESS_EVERY = 100000 };

/* Moves the quads gathered so far to the bulk path. */
static int spill_one(void *ctx, const kg_qid *q, int op) {
  loader *l = ctx;
  (void)op;
  return bulk_add(l->bulk, q, l->err) != KG_OK;
}

static kg_status spill(loader *l) {
  kg_store *st = l->st;
  qset *t = st->txn;
  st->txn = NULL;
  kg_status s = bulk_begin(st, &l->bulk, l->err);
  if (s == KG_OK && qset_each(t, spill_one, l)) s = l->err->status;
  qset_free(t);
  return s;
}

/* A load leaves the journal for the bulk path when it holds as many
 * statements as a load may keep in memory, or earlier when its changes
 * are an eighth of the store: a commit would merge them into the index
 * anyway, and the bulk path does that merge (and the Redland files) about
 * twice as fast. A small load into a large store stays on the journal. */
static int wants_bulk(const kg_store *st) {
  size_t adds = qset_adds(st->txn);
  return adds >= st->bulk_min ||
         (adds >= st->bulk_min / 12 && adds >= index_size(st->base) / 8);
}

const char *load_lang(const char *tag, size_t n, char out[256]) {
  if (n > 255) n = 255;
  for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)tag[i]);
  out[n] = '\0';
  return out;
}

kg_status load_progress(loader *l, int done) {
  if (!l->opt || !l->opt->progress) return KG_OK;
  kg_load_progress p = {.bytes = l->bytes, .total = l->total,
                        .triples = l->triples, .done = done};
  l->reported = kg_now();
  if (l->opt->progress(l->opt->progress_data, &p))
    return kg_err(l->err, KG_ERR_CANCELLED, "load cancelled");
  return KG_OK;
}

/* Adds a statement: to the journal, or the bulk path once it is big. */
kg_status load_add(loader *l, const kg_qid *q) {
  kg_status s;
  l->triples++;
  kg_fault("load-statement");
  if (l->bulk) {
    s = bulk_add(l->bulk, q, l->err);
  } else {
    int changed = 0;
    s = store_set(l->st, q, 1, &changed, l->err);
    l->added += (unsigned long long)changed;
    if (s == KG_OK && l->st->kind == STORE_DIR && !l->st->explicit_txn &&
        wants_bulk(l->st))
      s = spill(l);
  }
  if (s == KG_OK && l->triples % PROGRESS_EVERY == 0) s = load_progress(l, 0);
  return s;
}

void load_prefix(loader *l, const char *name, size_t nl, const char *iri,
                 size_t il) {
  if (!grow(&l->ns, &l->capns, l->nns + 1, sizeof *l->ns, 8)) return;
  char *e = malloc(nl + il + 2);
  if (!e) return;
  memcpy(e, name, nl);
  e[nl] = '\0';
  memcpy(e + nl + 1, iri, il);
  e[nl + 1 + il] = '\0';
  l->ns[l->nns++] = e;
}

/* Every syntax raptor reads is text: a NUL byte means a binary file (or
 * /dev/zero), which raptor would read on without end. Counts lines on the
 * way, for the place. 0 (error set) at a NUL. */
int load_text(loader *l, const unsigned char *buf, size_t n) {
  return load_text_nul(l, buf, n, memchr(buf, 0, n));
}

int load_text_nul(loader *l, const unsigned char *buf, size_t n,
                  const unsigned char *z) {
  const unsigned char *end = z ? z : buf + n, *p = buf, *nl;
  while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
    l->lines++;
    l->col0 = 0;
    p = nl + 1;
  }
  l->col0 += (size_t)(end - p);
  if (!z) {
    if (l->opt && l->opt->progress && kg_now() - l->reported >= 0.5)
      l->status = load_progress(l, 0);
    return l->status == KG_OK;
  }
  l->status = kg_err_at(l->err, KG_ERR_SYNTAX, l->name, (long)l->lines + 1,
                        (long)l->col0 + 1,
                        "a NUL byte: this is not an RDF text file");
  return 0;
}
