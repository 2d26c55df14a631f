/* stream.c - libkg results as librdf streams (statements, each with its
 * graph as the context) and iterators (the graph names). Each holds a
 * reference to its storage, as librdf's own modules do, and reads the
 * snapshot its result took when made. */
#include <stdlib.h>

#include "redland/kgrdf.h"

typedef struct cursor {
  librdf_storage *storage;
  kg_result *r;
  librdf_statement *stmt;  /* the current statement (stream) */
  librdf_node *node;       /* its graph, or the current graph (iterator) */
  int end;
} cursor;

static void drop_current(cursor *c) {
  if (c->stmt) librdf_free_statement(c->stmt);
  if (c->node) librdf_free_node(c->node);
  c->stmt = NULL;
  c->node = NULL;
}

static void finished(void *ctx) {
  cursor *c = ctx;
  drop_current(c);
  kg_result_free(c->r);
  librdf_storage_remove_reference(c->storage);
  free(c);
}

static int is_end(void *ctx) { return ((cursor *)ctx)->end; }

/* A failed read ends the stream after logging why. */
static int stop(cursor *c, const kg_error *err) {
  if (err) kgrdf_log(librdf_storage_get_world(c->storage), err);
  c->end = 1;
  return 1;
}

/* ------------------------------------------------------- statements */

static int next_statement(void *ctx) {
  cursor *c = ctx;
  librdf_world *w = librdf_storage_get_world(c->storage);
  kg_error err;
  drop_current(c);
  int got = kg_result_next(c->r, &err);
  if (got <= 0) return stop(c, got < 0 ? &err : NULL);
  const kg_quad *q = kg_result_quad(c->r);
  librdf_node *s = kgrdf_node(w, &q->s), *p = kgrdf_node(w, &q->p),
              *o = kgrdf_node(w, &q->o);
  /* the statement owns its nodes from here, also when it fails */
  c->stmt = s && p && o ? librdf_new_statement_from_nodes(w, s, p, o) : NULL;
  if (!c->stmt) {
    if (s && p && o) return stop(c, NULL);
    if (s) librdf_free_node(s);
    if (p) librdf_free_node(p);
    if (o) librdf_free_node(o);
    return stop(c, NULL);
  }
  if (q->g.kind != KG_TERM_NONE && !(c->node = kgrdf_node(w, &q->g)))
    return stop(c, NULL);
  return 0;
}

static void *get_statement(void *ctx, int flags) {
  cursor *c = ctx;
  if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT) return c->stmt;
  if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT) return c->node;
  return NULL;
}

static cursor *cursor_new(librdf_storage *storage) {
  cursor *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->storage = storage;
  librdf_storage_add_reference(storage);
  return c;
}

librdf_stream *kgrdf_find(librdf_storage *storage, const kg_term *s,
                          const kg_term *p, const kg_term *o,
                          const kg_term *g) {
  librdf_world *w = librdf_storage_get_world(storage);
  kg_error err;
  cursor *c = cursor_new(storage);
  if (!c) return NULL;
  if (kg_store_find(kgrdf_of(storage)->st, s, p, o, g, &c->r, &err) != KG_OK) {
    kgrdf_log(w, &err);
    finished(c);
    return NULL;
  }
  next_statement(c);
  librdf_stream *st = librdf_new_stream(w, c, is_end, next_statement,
                                        get_statement, finished);
  if (!st) finished(c);
  return st;
}

/* ----------------------------------------------------------- graphs */

static int next_graph(void *ctx) {
  cursor *c = ctx;
  kg_error err;
  drop_current(c);
  for (;;) {
    int got = kg_result_next(c->r, &err);
    if (got <= 0) return stop(c, got < 0 ? &err : NULL);
    const kg_term *g = kg_result_value(c->r, 0);
    if (!g || g->kind == KG_TERM_NONE) continue; /* the default graph */
    c->node = kgrdf_node(librdf_storage_get_world(c->storage), g);
    return c->node ? 0 : stop(c, NULL);
  }
}

static void *get_graph(void *ctx, int flags) {
  cursor *c = ctx;
  return flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT ? c->node : NULL;
}

librdf_iterator *kgrdf_graphs(librdf_storage *storage) {
  librdf_world *w = librdf_storage_get_world(storage);
  kg_error err;
  cursor *c = cursor_new(storage);
  if (!c) return NULL;
  if (kg_store_graphs(kgrdf_of(storage)->st, &c->r, &err) != KG_OK) {
    kgrdf_log(w, &err);
    finished(c);
    return NULL;
  }
  next_graph(c);
  librdf_iterator *it =
      librdf_new_iterator(w, c, is_end, next_graph, get_graph, finished);
  if (!it) finished(c);
  return it;
}
