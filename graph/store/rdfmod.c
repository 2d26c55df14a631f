/* rdfmod.c - stores kept by a librdf storage module (sqlite, postgresql,
 * mysql, virtuoso): read into the in-memory index when opened, and every
 * commit written through librdf inside a librdf transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grow.h"
#include "rdflib.h"
#include "strbuf.h"
#include "store/store.h"
#include "world.h"

struct rdfmod {
  librdf_world *world;
  librdf_storage *storage;
  librdf_model *model;
};

static const struct {
  const char *module;
  const char *package;
} packages[] = {
  {"sqlite", "librdf-storage-sqlite"},
  {"postgresql", "librdf-storage-postgresql"},
  {"mysql", "librdf-storage-mysql"},
  {"virtuoso", "librdf-storage-virtuoso"},
};

/* One librdf world for all the stores of the process: a second world
 * opened while the first one is alive does not find the storage modules
 * the first one loaded, so two librdf stores could not be open at once.
 * Its log goes to the error of the store whose call is running. */
static librdf_world *shared_world;
static int shared_refs;
static kg_error *log_err;

static int on_log(void *data, librdf_log_message *m) {
  (void)data;
  if (librdf_log_message_level(m) >= LIBRDF_LOG_ERROR && log_err &&
      log_err->status == KG_OK)
    kg_err(log_err, KG_ERR_IO, "librdf: %s", librdf_log_message_message(m));
  return 1;
}

static librdf_world *world_acquire(void) {
  if (!shared_world) {
    shared_world = librdf_new_world();
    if (!shared_world) return NULL;
    librdf_world_set_raptor(shared_world, kg_world());
    librdf_world_set_logger(shared_world, NULL, on_log);
    librdf_world_open(shared_world);
  }
  shared_refs++;
  return shared_world;
}

static void world_release(void) {
  if (shared_refs > 0 && --shared_refs == 0) {
    librdf_free_world(shared_world);
    shared_world = NULL;
  }
}

static int module_known(librdf_world *w, const char *name) {
  for (unsigned i = 0;; i++) {
    const char *n = NULL;
    if (librdf_storage_enumerate(w, i, &n, NULL)) return 0;
    if (n && !strcmp(n, name)) return 1;
  }
}

/* "a=1,b=two" -> "a='1',b='two'" (librdf's option syntax); values that
 * are already quoted are kept. *name gets database=/dsn= or the path. */
static char *options_for(const char *module, const char *rest, int create,
                         const char **name, char *namebuf, size_t nlen) {
  strbuf b = {0};
  if (!strcmp(module, "sqlite")) {
    snprintf(namebuf, nlen, "%s", rest);
    *name = namebuf;
    struct stat sb;
    if (create && stat(rest, &sb) < 0) strbuf_puts(&b, "new='yes',");
    strbuf_puts(&b, "contexts='yes'");
    return strbuf_take(&b);
  }
  snprintf(namebuf, nlen, "kg");
  *name = namebuf;
  const char *p = rest;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t n = comma ? (size_t)(comma - p) : strlen(p);
    const char *eq = memchr(p, '=', n);
    if (eq) {
      size_t kl = (size_t)(eq - p);
      const char *v = eq + 1;
      size_t vl = n - kl - 1;
      if (vl >= 2 && v[0] == '\'' && v[vl - 1] == '\'') {
        v++;
        vl -= 2;
      }
      if ((kl == 8 && !strncmp(p, "database", 8)) ||
          (kl == 3 && !strncmp(p, "dsn", 3)))
        snprintf(namebuf, nlen, "%.*s", (int)vl, v);
      if (b.len) strbuf_putc(&b, ',');
      strbuf_printf(&b, "%.*s='%.*s'", (int)kl, p, (int)vl, v);
    }
    p += n;
    if (*p == ',') p++;
  }
  if (create) strbuf_puts(&b, b.len ? ",new='yes'" : "new='yes'");
  strbuf_puts(&b, b.len ? ",contexts='yes'" : "contexts='yes'");
  return strbuf_take(&b);
}

/* Interns the nodes of a statement (and `ctx` as its graph, when given). */
static kg_status intern_stmt(kg_store *st, librdf_statement *stm,
                             librdf_node *ctx, kg_qid *q, kg_error *err) {
  librdf_node *nodes[4] = {librdf_statement_get_subject(stm),
                           librdf_statement_get_predicate(stm),
                           librdf_statement_get_object(stm), ctx};
  kg_id *slot[4] = {&q->s, &q->p, &q->o, &q->g};
  *q = (kg_qid){0, 0, 0, 0};
  for (int i = 0; i < 4; i++) {
    kg_term t;
    if (!nodes[i]) continue;
    if (!kg_term_from_librdf(nodes[i], &t))
      return kg_err(err, KG_ERR_CORRUPT, "unreadable statement in %s",
                    st->spec);
    TRY(dict_intern(st->dict, &t, slot[i], NULL, err));
  }
  return KG_OK;
}

/* A growing array of triples: (s, p, o, 0) keys in ORD_SPOG. */
typedef struct triples {
  qkey *k;
  size_t n, cap;
} triples;

static int triples_push(triples *t, const kg_qid *q) {
  if (!grow(&t->k, &t->cap, t->n + 1, sizeof *t->k, 256)) return -1;
  t->k[t->n++] = (qkey){{q->s, q->p, q->o, 0}};
  return 0;
}

/* Reads `s`: with `into`, each statement goes there, in `ctx` when given,
 * else in the graph the stream names; with `seen`, each triple read is
 * also noted there. Frees the stream. */
static kg_status read_stream(kg_store *st, librdf_stream *s, librdf_node *ctx,
                             qset *into, triples *seen, kg_error *err) {
  if (!s) return kg_err(err, KG_ERR_IO, "cannot read the %s store", st->spec);
  kg_status rc = KG_OK;
  for (; rc == KG_OK && !librdf_stream_end(s); librdf_stream_next(s)) {
    kg_qid q;
    librdf_node *g = ctx || !into ? ctx : librdf_stream_get_context2(s);
    rc = intern_stmt(st, librdf_stream_get_object(s), g, &q, err);
    if (rc != KG_OK) break;
    if ((into && qset_set(into, &q, 1, 0) < 0) ||
        (seen && triples_push(seen, &q) < 0))
      rc = kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  librdf_free_stream(s);
  return rc;
}

/* librdf-storage-sqlite 1.0.17 gives a statement without a context the
 * context of the row before it when it streams the whole store, so its
 * named graphs are read one by one, and a triple is in the default graph
 * when the whole store holds it more often than the named graphs do. */
static kg_status read_sqlite(kg_store *st, kg_error *err) {
  rdfmod *r = st->rdf;
  triples named = {0}, all = {0};
  kg_status rc = KG_OK;
  librdf_iterator *it = librdf_model_get_contexts(r->model);
  for (; rc == KG_OK && it && !librdf_iterator_end(it);
       librdf_iterator_next(it)) {
    librdf_node *g = librdf_iterator_get_object(it);
    rc = read_stream(st, librdf_model_context_as_stream(r->model, g), g,
                     st->committed, &named, err);
  }
  if (it) librdf_free_iterator(it);
  if (rc == KG_OK)
    rc = read_stream(st, librdf_model_as_stream(r->model), NULL, NULL, &all,
                     err);
  if (rc == KG_OK && (qkey_sort(all.k, all.n, NULL) < 0 ||
                      qkey_sort(named.k, named.n, NULL) < 0))
    rc = kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t i = 0, j = 0; rc == KG_OK && i < all.n;) {
    size_t k = i, nn = 0;
    while (k < all.n && !qkey_cmp(&all.k[k], &all.k[i])) k++;
    while (j < named.n && qkey_cmp(&named.k[j], &all.k[i]) < 0) j++;
    while (j < named.n && !qkey_cmp(&named.k[j], &all.k[i])) j++, nn++;
    kg_qid q = qkey_to(ORD_SPOG, &all.k[i]);
    if (k - i > nn && qset_set(st->committed, &q, 1, 0) < 0)
      rc = kg_err(err, KG_ERR_NOMEM, "out of memory");
    i = k;
  }
  free(named.k);
  free(all.k);
  return rc;
}

static kg_status import_all(kg_store *st, const char *module,
                            kg_error *err) {
  rdfmod *r = st->rdf;
  if (!strcmp(module, "sqlite"))
    TRY(read_sqlite(st, err));
  else
    TRY(read_stream(st, librdf_model_as_stream(r->model), NULL, st->committed,
                    NULL, err));
  /* make the statements the base */
  kg_view v = {st->base, {st->committed}, 1};
  kg_index *nb;
  TRY(index_merge(&v, NULL, NULL, 1, NULL, NULL, &nb, err));
  index_close(st->base);
  st->base = nb;
  st->gen = 1;
  store_own(&st->committed, 0);
  return KG_OK;
}

kg_status rdfmod_open(kg_store *st, const char *module, const char *rest,
                      int create, kg_error *err) {
  rdfmod *r = calloc(1, sizeof *r);
  if (!r) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  st->rdf = r;
  TRY(kg_lazy_load(&kg_librdf_lib, err));
  TRY(kg_world_start(err)); /* librdf parses with kgsh's raptor world */
  r->world = world_acquire();
  if (!r->world) return kg_err(err, KG_ERR_NOMEM, "cannot start librdf");
  if (!module_known(r->world, module)) {
    const char *pkg = "a librdf storage module";
    for (size_t i = 0; i < sizeof packages / sizeof *packages; i++)
      if (!strcmp(packages[i].module, module)) pkg = packages[i].package;
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "librdf's %s storage module is not installed; install the "
                  "Debian package %s (apt-get install %s)",
                  module, pkg, pkg);
  }
  if (!*rest)
    return kg_err(err, KG_ERR_ARG, "%s: store needs %s", module,
                  !strcmp(module, "sqlite") ? "a path (sqlite:FILE)"
                                            : "options (database=...,...)");
  if (!strcmp(module, "sqlite") && !create) {
    struct stat sb;
    if (stat(rest, &sb) < 0)
      return kg_err(err, KG_ERR_NOTFOUND,
                    "no SQLite store at %s (create one with --create)", rest);
  }
  char namebuf[1024];
  const char *name = NULL;
  char *opts = options_for(module, rest, create, &name, namebuf,
                           sizeof namebuf);
  if (!opts) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  log_err = err;
  r->storage = librdf_new_storage(r->world, module, name, opts);
  free(opts);
  if (r->storage) r->model = librdf_new_model(r->world, r->storage, NULL);
  log_err = NULL;
  if (!r->storage || !r->model) {
    if (err && err->status != KG_OK) {
      char msg[sizeof err->message];
      snprintf(msg, sizeof msg, "%s", err->message);
      return kg_err(err, KG_ERR_IO, "cannot open %s: %s", st->spec, msg);
    }
    return kg_err(err, KG_ERR_IO, "cannot open %s", st->spec);
  }
  return import_all(st, module, err);
}

typedef struct apply_ctx {
  kg_store *st;
  kg_error *err;
} apply_ctx;

static int apply_one(void *ctx, const kg_qid *q, int op) {
  apply_ctx *a = ctx;
  rdfmod *r = a->st->rdf;
  kg_id ids[4] = {q->s, q->p, q->o, q->g};
  librdf_node *n[4] = {NULL, NULL, NULL, NULL};
  int bad = 0;
  for (int i = 0; i < 4 && !bad; i++) {
    kg_term t;
    if (!ids[i]) continue;
    if (!dict_term(a->st->dict, ids[i], &t) ||
        !(n[i] = kg_term_to_librdf(r->world, &t)))
      bad = 1;
  }
  if (bad) {
    for (int i = 0; i < 4; i++)
      if (n[i]) librdf_free_node(n[i]);
    kg_err(a->err, KG_ERR_NOMEM, "cannot build a librdf statement");
    return 1;
  }
  librdf_statement *s = librdf_new_statement_from_nodes(r->world, n[0], n[1],
                                                        n[2]);
  int rc;
  if (op > 0) rc = librdf_model_context_add_statement(r->model, n[3], s);
  else rc = librdf_model_context_remove_statement(r->model, n[3], s);
  librdf_free_statement(s);
  if (n[3]) librdf_free_node(n[3]);
  if (rc) {
    if (a->err && a->err->status == KG_OK)
      kg_err(a->err, KG_ERR_IO, "librdf refused a change to %s", a->st->spec);
    return 1;
  }
  return 0;
}

kg_status rdfmod_apply(kg_store *st, qset *changes, kg_error *err) {
  rdfmod *r = st->rdf;
  int txn = librdf_model_transaction_start(r->model) == 0;
  apply_ctx a = {st, err};
  log_err = err;
  int bad = qset_each(changes, apply_one, &a);
  log_err = NULL;
  if (bad) {
    if (txn) librdf_model_transaction_rollback(r->model);
    return err && err->status != KG_OK ? err->status : KG_ERR_IO;
  }
  if (txn && librdf_model_transaction_commit(r->model))
    return kg_err(err, KG_ERR_IO, "cannot commit to %s", st->spec);
  librdf_model_sync(r->model);
  return KG_OK;
}

void rdfmod_close(kg_store *st) {
  rdfmod *r = st->rdf;
  if (!r) return;
  if (r->model) librdf_free_model(r->model);
  if (r->storage) librdf_free_storage(r->storage);
  if (r->world) world_release();
  free(r);
  st->rdf = NULL;
}
