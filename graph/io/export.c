/* export.c - writing the store or one graph, in a syntax of rdfwrite.c. */
#include <stdlib.h>
#include <string.h>

#include "io/rdfwrite.h"
#include "store/store.h"

/* Statements of a graph list, one graph after the other (TriG, N-Quads),
 * or of one scan. */
typedef struct export_src {
  kg_store *st;
  kg_view view;
  kg_scan sc;
  graph_count *graphs;   /* NULL: a single scan */
  size_t ngraphs, gi;
  int started;
} export_src;

static int export_next(void *ctx, kg_quad *q, kg_error *err) {
  export_src *e = ctx;
  kg_qid id;
  for (;;) {
    if (e->graphs && !e->started) {
      if (e->gi >= e->ngraphs) return 0;
      kg_id g = e->graphs[e->gi++].g;
      kg_pattern p = {0, 0, 0, g, g ? G_FIXED : G_DEFAULT};
      scan_init(&e->sc, &e->view, &p);
      e->started = 1;
    }
    if (store_interrupted(e->st)) {
      kg_err(err, KG_ERR_CANCELLED, "export interrupted");
      return -1;
    }
    if (scan_next(&e->sc, &id)) break;
    if (index_damaged(e->view.base, err) != KG_OK) return -1;
    if (!e->graphs) return 0;
    e->started = 0;
  }
  memset(q, 0, sizeof *q);
  if (!dict_term(e->st->dict, id.s, &q->s) ||
      !dict_term(e->st->dict, id.p, &q->p) ||
      !dict_term(e->st->dict, id.o, &q->o) ||
      (id.g && !dict_term(e->st->dict, id.g, &q->g))) {
    if (dict_damaged(e->st->dict, err) == KG_OK)
      kg_err(err, KG_ERR_CORRUPT, "store damaged: a statement refers to "
                                  "a missing term");
    return -1;
  }
  return 1;
}

kg_status rdf_export(kg_store *st, FILE *out, rdf_syntax syntax,
                     const char *graph, const char *base, kg_error *err) {
  st->interrupted = 0; /* an interrupt stops the call running, not the next */
  export_src e = {0};
  e.st = st;
  e.view = store_view(st);
  kg_pattern p = {0, 0, 0, 0, G_UNION};
  if (graph && !strcmp(graph, "default")) {
    p.gmode = G_DEFAULT;
  } else if (graph) {
    kg_term g = kg_iri(graph);
    p.g = dict_find(st->dict, &g);
    p.gmode = G_FIXED;
    if (p.g) {
      /* a known term names a graph only while the graph has statements */
      kg_scan probe;
      kg_qid q;
      scan_init(&probe, &e.view, &p);
      if (!scan_next(&probe, &q)) p.g = 0;
    }
    if (!p.g) return kg_err(err, KG_ERR_NOTFOUND, "no graph <%s>", graph);
  } else if (rdf_syntax_is_quads(syntax)) {
    TRY(store_graph_counts(&e.view, &e.graphs, &e.ngraphs, err));
  }
  if (!e.graphs) scan_init(&e.sc, &e.view, &p);
  rdf_writer_opts o = {syntax, base, 1, NULL};
  kg_status rc = rdf_write(st, out, &o, export_next, &e, err);
  free(e.graphs);
  return rc;
}
