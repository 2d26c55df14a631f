/* dataset.c - FROM and FROM NAMED that name documents. A name is first a
 * graph of the store; when the store has no graph by that name and the
 * caller allows it (kg_query_options.read_documents), the query runs over
 * a memory store holding its whole dataset: the named store graphs copied
 * and each missing graph read from the document at its IRI, as Jena's arq
 * reads FROM. The store itself is never changed. */
#include <string.h>

#include "internal.h"
#include "io/http.h"
#include "sparql/dataset.h"
#include "store/store.h"

/* 1 if the store has a statement in graph `iri`; -1 on error. */
static int has_graph(kg_store *st, const char *iri, kg_error *err) {
  kg_term g = {.kind = KG_TERM_IRI, .value = iri, .len = strlen(iri)};
  kg_result *r = NULL;
  if (kg_store_find(st, NULL, NULL, NULL, &g, &r, err) != KG_OK) return -1;
  int rc = kg_result_next(r, err);
  kg_result_free(r);
  return rc;
}

/* Copies graph `iri` of `from` into `to`. */
static kg_status copy_graph(kg_store *from, kg_store *to, const char *iri,
                            kg_error *err) {
  kg_term g = {.kind = KG_TERM_IRI, .value = iri, .len = strlen(iri)};
  kg_result *r = NULL;
  TRY(kg_store_find(from, NULL, NULL, NULL, &g, &r, err));
  kg_status s = KG_OK;
  int rc;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0)
    s = kg_store_add(to, kg_result_quad(r), NULL, err);
  if (s == KG_OK && rc < 0) s = err ? err->status : KG_ERR_EVAL;
  kg_result_free(r);
  return s;
}

static kg_status read_document(kg_store *to, const char *iri,
                               const kg_query_options *opt, kg_error *err) {
  int level = opt ? opt->read_documents : KG_READ_NONE;
  int web = http_is_url(iri);
  if (web && level < KG_READ_WEB)
    return kg_err(err, KG_ERR_NOTFOUND,
                  "FROM <%s>: the store has no graph of that name (reading "
                  "documents from the web is not allowed here)", iri);
  kg_load_options lo = {.graph = iri, .base_uri = web ? iri : NULL,
                        .context_dir = opt ? opt->context_dir : NULL,
                        .allow_remote_contexts = opt && opt->allow_remote_contexts};
  kg_error e = {0};
  kg_status s = kg_load(to, iri, &lo, NULL, &e);
  if (s != KG_OK)
    return kg_err(err, s,
                  "FROM <%s>: the store has no graph of that name, and the "
                  "document cannot be read: %s", iri, e.message);
  return KG_OK;
}

/* The IRIs of FROM then FROM NAMED, one list. */
static const char *name_at(const sp_query *q, int i) {
  return i < q->nfrom ? q->from[i] : q->from_named[i - q->nfrom];
}

kg_status sp_dataset_store(kg_store *st, const sp_query *q,
                           const kg_query_options *opt, kg_store **out,
                           kg_error *err) {
  *out = NULL;
  int level = opt ? opt->read_documents : KG_READ_NONE;
  int n = q->nfrom + q->nfrom_named, missing = 0;
  if (level == KG_READ_NONE || n == 0) return KG_OK;
  for (int i = 0; i < n && !missing; i++) {
    int rc = has_graph(st, name_at(q, i), err);
    if (rc < 0) return err ? err->status : KG_ERR_EVAL;
    missing = rc == 0;
  }
  if (!missing) return KG_OK;
  kg_store *mem = NULL;
  TRY(store_open("memory:", KG_OPEN_CREATE, &mem, err));
  kg_status s = KG_OK;
  for (size_t i = 0; s == KG_OK && i < kg_prefix_count(st); i++) {
    const char *name, *iri;
    kg_prefix_at(st, i, &name, &iri);
    s = kg_prefix_set(mem, name, iri, err);
  }
  for (int i = 0; s == KG_OK && i < n; i++) {
    const char *iri = name_at(q, i);
    int dup = 0;
    for (int k = 0; k < i; k++) dup |= strcmp(name_at(q, k), iri) == 0;
    if (dup) continue;
    int rc = has_graph(st, iri, err);
    if (rc < 0) s = err ? err->status : KG_ERR_EVAL;
    else if (rc) s = copy_graph(st, mem, iri, err);
    else s = read_document(mem, iri, opt, err);
  }
  if (s != KG_OK) {
    kg_store_close(mem);
    return s;
  }
  *out = mem;
  return KG_OK;
}
