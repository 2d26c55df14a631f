/* storage.c - the "kgsh" librdf storage: a kgsh store directory read and
 * changed through librdf (rdfproc -s kgsh, any Redland program). Reads
 * are libkg's index; every change is a kgsh transaction (journaled,
 * synced, under the store's write lock), one per statement unless the
 * program opens a librdf transaction.
 *
 * Options: dir='DIR' the store directory (default: the storage's name),
 * new='yes' creates it when missing, write='no' opens it read-only.
 * kg_librdf_register puts the factory in a librdf world; module.c is
 * the entry point of the loadable module, which does the same. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "redland/kgrdf.h"

static void log_msg(librdf_storage *s, const char *msg) {
  librdf_log(librdf_storage_get_world(s), 0, LIBRDF_LOG_ERROR,
             LIBRDF_FROM_STORAGE, NULL, "kgsh: %s", msg);
}

/* 0 on KG_OK, else logs and returns 1 (librdf's convention). */
static int done(librdf_storage *s, kg_status rc, const kg_error *err) {
  if (rc == KG_OK) return 0;
  kgrdf_log(librdf_storage_get_world(s), err);
  return 1;
}

/* -------------------------------------------------------------- life */

static int init(librdf_storage *storage, const char *name,
                librdf_hash *options) {
  librdf_world *w = librdf_storage_get_world(storage);
  char *dir = options ? librdf_hash_get(options, "dir") : NULL;
  unsigned flags = 0;
  if (options && librdf_hash_get_as_boolean(options, "new") > 0)
    flags |= KG_OPEN_CREATE;
  if (options && librdf_hash_get_as_boolean(options, "write") == 0)
    flags |= KG_OPEN_READONLY;
  if (options) librdf_free_hash(options); /* ours, as for every module */
  const char *spec = dir && *dir ? dir : name;
  kgrdf *k = calloc(1, sizeof *k);
  kg_error err;
  int bad = 1;
  if (!k) {
    log_msg(storage, "out of memory");
  } else if (!spec || !*spec) {
    log_msg(storage, "no store directory: give dir='DIR'");
  } else if (!strncmp(spec, "memory:", 7) || strchr(spec, ':')) {
    /* a spec such as sqlite:F would loop back into librdf */
    librdf_log(w, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
               "kgsh: '%s' is not a store directory", spec);
  } else if (kg_store_open(spec, flags, &k->st, &err) != KG_OK) {
    kgrdf_log(w, &err);
  } else {
    bad = 0;
  }
  if (dir) librdf_free_memory(dir);
  if (bad) {
    free(k);
    return 1;
  }
  k->world = w;
  librdf_storage_set_instance(storage, k);
  return 0;
}

static void terminate(librdf_storage *storage) {
  kgrdf *k = kgrdf_of(storage);
  if (!k) return;
  /* a transaction left open is dropped, as a rollback */
  kg_store_close(k->st);
  free(k);
}

static int open_(librdf_storage *storage, librdf_model *model) {
  (void)storage, (void)model;
  return 0;
}

static int close_(librdf_storage *storage) {
  (void)storage;
  return 0;
}

static int size(librdf_storage *storage) {
  long long n = kg_store_size(kgrdf_of(storage)->st);
  return n > 0x7fffffff ? -1 : (int)n;
}

/* ----------------------------------------------------------- changes */

/* Adds (op 1) or removes (op -1) a statement in graph ctx (NULL: the
 * default graph). */
static int change(librdf_storage *storage, librdf_node *ctx,
                  librdf_statement *stmt, int op) {
  kg_quad q;
  kg_term t[3];
  if (kgrdf_terms(stmt, t) < 0 || kgrdf_term(ctx, &q.g) < 0) {
    log_msg(storage, "a statement kgsh cannot hold (an unknown node type)");
    return 1;
  }
  if (!t[0].kind || !t[1].kind || !t[2].kind) {
    log_msg(storage, "a statement to add or remove needs all three parts");
    return 1;
  }
  q.s = t[0], q.p = t[1], q.o = t[2];
  kg_error err;
  kg_store *st = kgrdf_of(storage)->st;
  kg_status rc = op > 0 ? kg_store_add(st, &q, NULL, &err)
                        : kg_store_remove(st, &q, NULL, &err);
  return done(storage, rc, &err);
}

static int add_statement(librdf_storage *storage, librdf_statement *s) {
  return change(storage, NULL, s, 1);
}

static int remove_statement(librdf_storage *storage, librdf_statement *s) {
  return change(storage, NULL, s, -1);
}

static int context_add_statement(librdf_storage *storage, librdf_node *ctx,
                                 librdf_statement *s) {
  return change(storage, ctx, s, 1);
}

static int context_remove_statement(librdf_storage *storage,
                                    librdf_node *ctx, librdf_statement *s) {
  return change(storage, ctx, s, -1);
}

/* A stream of statements is one kgsh transaction (all or nothing) unless
 * the program has one open already. */
static int apply_all(librdf_storage *storage, librdf_node *ctx,
                     librdf_stream *in, int op) {
  kg_store *st = kgrdf_of(storage)->st;
  kg_error err;
  int own = !kg_store_in_transaction(st);
  if (own && done(storage, kg_store_begin(st, &err), &err)) return 1;
  int bad = 0;
  for (; !bad && !librdf_stream_end(in); librdf_stream_next(in)) {
    librdf_statement *s = librdf_stream_get_object(in);
    bad = !s || change(storage, ctx, s, op);
  }
  if (!own) return bad;
  if (bad) return kg_store_rollback(st, &err), 1;
  return done(storage, kg_store_commit(st, &err), &err);
}

static int add_statements(librdf_storage *storage, librdf_stream *in) {
  return apply_all(storage, NULL, in, 1);
}

static int context_add_statements(librdf_storage *storage, librdf_node *ctx,
                                  librdf_stream *in) {
  return apply_all(storage, ctx, in, 1);
}

/* Every statement of a graph goes, in one transaction. */
static int context_remove_statements(librdf_storage *storage,
                                     librdf_node *ctx) {
  kg_term g;
  if (!ctx || kgrdf_term(ctx, &g) < 0) {
    log_msg(storage, "removing a graph needs its name");
    return 1;
  }
  librdf_stream *all = kgrdf_find(storage, NULL, NULL, NULL, &g);
  if (!all) return 1;
  /* the stream reads a snapshot: the removals do not disturb it */
  int rc = apply_all(storage, ctx, all, -1);
  librdf_free_stream(all);
  return rc;
}

/* ------------------------------------------------------------- reads */

static int contains_statement(librdf_storage *storage, librdf_statement *s) {
  kg_term t[3];
  if (kgrdf_terms(s, t) < 0) return 0;
  librdf_stream *m = kgrdf_find(storage, &t[0], &t[1], &t[2], NULL);
  int found = m && !librdf_stream_end(m);
  if (m) librdf_free_stream(m);
  return found;
}

static librdf_stream *serialise(librdf_storage *storage) {
  return kgrdf_find(storage, NULL, NULL, NULL, NULL);
}

static librdf_stream *find_in(librdf_storage *storage, librdf_statement *s,
                              librdf_node *ctx) {
  kg_term t[3], g;
  if (kgrdf_terms(s, t) < 0 || kgrdf_term(ctx, &g) < 0) {
    log_msg(storage, "a pattern kgsh cannot match (an unknown node type)");
    return NULL;
  }
  return kgrdf_find(storage, &t[0], &t[1], &t[2], ctx ? &g : NULL);
}

static librdf_stream *find_statements(librdf_storage *storage,
                                      librdf_statement *s) {
  return find_in(storage, s, NULL);
}

static librdf_stream *context_serialise(librdf_storage *storage,
                                        librdf_node *ctx) {
  kg_term g;
  if (kgrdf_term(ctx, &g) < 0) return NULL;
  return kgrdf_find(storage, NULL, NULL, NULL, ctx ? &g : NULL);
}

static librdf_iterator *get_contexts(librdf_storage *storage) {
  return kgrdf_graphs(storage);
}

/* The one feature librdf asks of a storage: it keeps contexts (graphs). */
static librdf_node *get_feature(librdf_storage *storage, librdf_uri *f) {
  const char *u = f ? (const char *)librdf_uri_as_string(f) : NULL;
  if (!u || strcmp(u, LIBRDF_MODEL_FEATURE_CONTEXTS)) return NULL;
  return librdf_new_node_from_typed_literal(librdf_storage_get_world(storage),
                                            (const unsigned char *)"1", NULL,
                                            NULL);
}

/* ------------------------------------------------------ transactions */

static int transaction_start(librdf_storage *storage) {
  kg_error err;
  return done(storage, kg_store_begin(kgrdf_of(storage)->st, &err), &err);
}

static int transaction_commit(librdf_storage *storage) {
  kg_error err;
  return done(storage, kg_store_commit(kgrdf_of(storage)->st, &err), &err);
}

static int transaction_rollback(librdf_storage *storage) {
  kg_error err;
  return done(storage, kg_store_rollback(kgrdf_of(storage)->st, &err), &err);
}

/* Every commit is synced already. */
static int sync_(librdf_storage *storage) {
  (void)storage;
  return 0;
}

/* ---------------------------------------------------------- register */

static void factory(librdf_storage_factory *f) {
  f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
  f->init = init;
  f->terminate = terminate;
  f->open = open_;
  f->close = close_;
  f->size = size;
  f->add_statement = add_statement;
  f->add_statements = add_statements;
  f->remove_statement = remove_statement;
  f->contains_statement = contains_statement;
  f->serialise = serialise;
  f->find_statements = find_statements;
  f->find_statements_in_context = find_in;
  f->context_add_statement = context_add_statement;
  f->context_add_statements = context_add_statements;
  f->context_remove_statement = context_remove_statement;
  f->context_remove_statements = context_remove_statements;
  f->context_serialise = context_serialise;
  f->get_contexts = get_contexts;
  f->get_feature = get_feature;
  f->sync = sync_;
  f->transaction_start = transaction_start;
  f->transaction_commit = transaction_commit;
  f->transaction_rollback = transaction_rollback;
}

/* 1 if `world` has a storage factory of that name already. */
static int registered(librdf_world *world, const char *name) {
  const char *n = NULL;
  for (unsigned i = 0; !librdf_storage_enumerate(world, i, &n, NULL); i++)
    if (n && !strcmp(n, name)) return 1;
  return 0;
}

kg_status kg_librdf_register(void *world, kg_error *err) {
  kg_error_clear(err);
  if (!world)
    return kg_err(err, KG_ERR_ARG, "kg_librdf_register: no librdf world");
  /* in a program of libkg, the caller's librdf is loaded: this finds it */
  TRY(kg_lazy_load(&kg_librdf_lib, err));
  librdf_world *w = world;
  /* librdf logs an error for a second factory of one name: the first one
   * (the installed module, loaded when the world opened) stays */
  if (registered(w, "kgsh")) return KG_OK;
  if (librdf_storage_register_factory(w, "kgsh",
                                      "kgsh store directory (kgsh's index)",
                                      factory))
    return kg_err(err, KG_ERR_IO,
                  "librdf refused to register the kgsh storage factory");
  return KG_OK;
}
