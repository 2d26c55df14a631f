/* draw_collect.c - kg_draw and kg_draw_result: which nodes and edges a
 * picture holds (an entity's neighbourhood breadth first, or a result's
 * statements), within the node limit. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw/draw.h"
#include "grow.h"

/* The node of term `t`, labelled and classified when new; -1 when cut by
 * the node limit (or out of memory: p->oom). */
static long pic_node(picture *p, const kg_term *t, int depth) {
  int added = 0;
  long i = pic_add(p, t, depth, &added);
  if (i >= 0 && added) {
    label_node(p, &p->n[i]);
    if (p->n[i].kind == DN_FIGURE) figure_headline(p, &p->n[i]);
  }
  return i;
}

/* A marker "and N more" beside a node whose neighbours were cut. */
static void add_more(picture *p, size_t from) {
  size_t cut = p->n[from].cut;
  if (!cut || !grow(&p->n, &p->capn, p->nn + 1, sizeof *p->n, 32)) return;
  dnode *m = &p->n[p->nn];
  memset(m, 0, sizeof *m);
  m->kind = DN_MORE;
  m->more = cut;
  m->cls = -1;
  m->depth = p->n[from].depth + 1;
  p->nn++;
  pic_edge(p, from, p->nn - 1, "");
}

/* A literal in another language beside one drawn for the same subject and
 * predicate goes under it (label2) rather than in a box of its own. */
static int pair_literal(picture *p, size_t from, const char *pred,
                        const kg_term *o) {
  if (!o->lang) return 0;
  for (size_t i = 0; i < p->ne; i++) {
    dnode *n = &p->n[p->e[i].to];
    if (p->e[i].from != from || n->kind != DN_LITERAL || n->label2 ||
        !n->t.lang || strcmp(p->e[i].pred, pred) ||
        !strcasecmp(n->t.lang, o->lang))
      continue;
    /* the preferred language goes first */
    const char *text = pic_str(p, o->value, o->len);
    size_t rank_old = p->nlangs, rank_new = p->nlangs;
    for (size_t k = 0; k < p->nlangs; k++) {
      if (rank_old == p->nlangs && !strcasecmp(p->langs[k], n->t.lang))
        rank_old = k;
      if (rank_new == p->nlangs && !strcasecmp(p->langs[k], o->lang))
        rank_new = k;
    }
    if (rank_new < rank_old) {
      n->label2 = n->label;
      n->label = text;
    } else {
      n->label2 = text;
    }
    return 1;
  }
  return 0;
}

/* New neighbours a node other than the centre may add. */
#define FANOUT 12

/* How far expand() looks from a node. */
enum { EXPAND_ALL, EXPAND_OUT, EXPAND_FIGURE };

/* 1 if a figure's out-edge leads to something to draw: what it is about
 * (subject, places, things it counts), not its bookkeeping. */
static int figure_edge(const kg_quad *q) {
  const char *local = local_name(q->p.value);
  return q->o.kind != KG_TERM_LITERAL && !figure_shows(q->p.value) &&
         strcmp(local, "dataSet") && strcmp(local, "indicator");
}

/* Adds node i's edges: out (i as subject) and, for EXPAND_ALL, in. Edges
 * of rdf:type and labels are shown inside the nodes instead. */
static kg_status expand(picture *p, size_t i, int how, kg_error *err) {
  /* past the centre a hub adds only some of its neighbours, so that one
   * hub does not take the whole picture */
  size_t fresh = 0, fanout = p->n[i].centre ? (size_t)-1 : FANOUT;
  for (int dir = 0; dir < (how == EXPAND_ALL ? 2 : 1); dir++) {
    kg_term t = p->n[i].t;
    kg_result *r;
    TRY(kg_store_find(p->st, dir ? NULL : &t, NULL, dir ? &t : NULL, NULL,
                      &r, err));
    int rc;
    while ((rc = kg_result_next(r, err)) > 0 && !p->oom) {
      const kg_quad *q = kg_result_quad(r);
      const char *pred = q->p.value;
      if (is_label_pred(pred) || !pic_wants(p, pred)) continue;
      if (!strcmp(pred, KG_RDF_TYPE) && !(dir && p->n[i].centre)) continue;
      if (how == EXPAND_FIGURE && !figure_edge(q)) continue;
      const kg_term *other = dir ? &q->s : &q->o;
      if (!dir && pair_literal(p, i, pred, other)) continue;
      long j = pic_find(p, other);
      if (j < 0 && fresh >= fanout) {
        pic_cut(p, other);
        p->n[i].cut++;
        continue;
      }
      if (j < 0) fresh++;
      if (j < 0) j = pic_node(p, other, p->n[i].depth + 1);
      if (j < 0) {
        p->n[i].cut++;
        continue;
      }
      if (dir)
        pic_edge(p, (size_t)j, i, pred);
      else
        pic_edge(p, i, (size_t)j, pred);
    }
    kg_result_free(r);
    if (rc < 0) return err && err->status ? err->status : KG_ERR_EVAL;
  }
  if (p->oom) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  /* a figure's or relation's extra hop cut short is not worth a marker */
  if (how == EXPAND_ALL) add_more(p, i);
  return KG_OK;
}

/* Edges between nodes already drawn that the breadth-first walk did not
 * follow (a figure's subject, a neighbour's link to another). */
static kg_status link_drawn(picture *p, kg_error *err) {
  size_t nn = p->nn;
  for (size_t i = 0; i < nn; i++) {
    if (p->n[i].kind == DN_LITERAL || p->n[i].kind == DN_MORE) continue;
    kg_result *r;
    TRY(kg_store_find(p->st, &p->n[i].t, NULL, NULL, NULL, &r, err));
    int rc;
    while ((rc = kg_result_next(r, err)) > 0) {
      const kg_quad *q = kg_result_quad(r);
      if (q->o.kind == KG_TERM_LITERAL || is_label_pred(q->p.value) ||
          !strcmp(q->p.value, KG_RDF_TYPE) || !pic_wants(p, q->p.value) ||
          (p->n[i].kind == DN_FIGURE && figure_shows(q->p.value)))
        continue;
      for (size_t j = 0; j < nn; j++)
        if (j != i && p->n[j].kind != DN_MORE &&
            p->n[j].kind != DN_LITERAL && kg_term_equal(&p->n[j].t, &q->o))
          pic_edge(p, i, j, q->p.value);
    }
    kg_result_free(r);
    if (rc < 0) return err && err->status ? err->status : KG_ERR_EVAL;
  }
  return KG_OK;
}

static void fill_info(const picture *p, kg_draw_info *info) {
  if (!info) return;
  memset(info, 0, sizeof *info);
  for (size_t i = 0; i < p->nn; i++)
    info->nodes += !p->n[i].dropped && p->n[i].kind != DN_MORE;
  for (size_t i = 0; i < p->ne; i++)
    info->edges += !p->e[i].dropped && *p->e[i].pred;
  info->cut = p->cut;
}

kg_status kg_draw(kg_store *st, const char *iri, const kg_draw_options *opt,
                  FILE *out, kg_draw_info *info, kg_error *err) {
  kg_error_clear(err);
  if (info) memset(info, 0, sizeof *info);
  if (!st || !iri || !out)
    return kg_err(err, KG_ERR_ARG, "kg_draw needs a store, an IRI and a "
                                   "file");
  const char *format = opt && opt->format ? opt->format : "svg";
  int depth = opt && opt->depth > 0 ? opt->depth : 1;
  kg_term centre = kg_iri(iri);
  if (!strncmp(iri, "_:", 2)) centre = kg_blank(iri + 2);
  picture p;
  kg_status s = pic_init(&p, st, opt, err);
  p.depth = depth;
  long c = s == KG_OK ? pic_node(&p, &centre, 0) : -1;
  if (s == KG_OK && c < 0) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s == KG_OK) {
    p.n[c].centre = 1;
    /* breadth first: nodes are appended while the loop walks them */
    for (size_t i = 0; s == KG_OK && i < p.nn; i++) {
      dnode *n = &p.n[i];
      if (n->kind == DN_LITERAL || n->kind == DN_MORE) continue;
      if (n->kind == DN_FIGURE && n->depth <= depth)
        s = expand(&p, i, EXPAND_FIGURE, err);
      else if (n->depth < depth)
        s = expand(&p, i, EXPAND_ALL, err);
      else if (n->kind == DN_NARY && n->depth <= depth)
        s = expand(&p, i, EXPAND_OUT, err); /* its participants, a hop more */
    }
  }
  if (s == KG_OK && p.ne == 0)
    s = kg_err(err, KG_ERR_NOTFOUND, "the store has nothing about <%s>",
               iri);
  if (s == KG_OK) s = link_drawn(&p, err);
  if (s == KG_OK) {
    nary_fold(&p);
    fill_info(&p, info);
    s = render_picture(&p, format, out, err);
  }
  pic_free(&p);
  return s;
}

kg_status kg_draw_result(kg_result *r, kg_store *st,
                         const kg_draw_options *opt, FILE *out,
                         kg_draw_info *info, kg_error *err) {
  kg_error_clear(err);
  if (info) memset(info, 0, sizeof *info);
  if (!r || !out || kg_result_kind(r) != KG_RESULT_GRAPH)
    return kg_err(err, KG_ERR_ARG, "only CONSTRUCT and DESCRIBE results "
                                   "can be drawn");
  picture p;
  kg_status s = pic_init(&p, st, opt, err);
  long more = -1;
  int rc = 0;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0 && !p.oom) {
    const kg_quad *q = kg_result_quad(r);
    if (!pic_wants(&p, q->p.value)) continue;
    long a = pic_node(&p, &q->s, 0);
    if (a >= 0 && (is_label_pred(q->p.value) ||
                   !strcmp(q->p.value, KG_RDF_TYPE)))
      continue; /* shown inside the node (from the store's labels) */
    if (a >= 0 && pair_literal(&p, (size_t)a, q->p.value, &q->o)) continue;
    long b = a >= 0 ? pic_node(&p, &q->o, 1) : -1;
    if (b >= 0) {
      pic_edge(&p, (size_t)a, (size_t)b, q->p.value);
    } else if (more < 0 && a >= 0) {
      more = a;
    }
  }
  if (s == KG_OK && rc < 0) s = err && err->status ? err->status : KG_ERR_EVAL;
  if (s == KG_OK && p.oom) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s == KG_OK) {
    if (more >= 0) {
      p.n[more].cut = p.cut;
      add_more(&p, (size_t)more);
    }
    nary_fold(&p);
    fill_info(&p, info);
    s = render_picture(&p, opt && opt->format ? opt->format : "svg", out,
                       err);
  }
  pic_free(&p);
  return s;
}

const char *kg_draw_format_for_path(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (!dot || strchr(dot, '/')) return NULL;
  if (!strcasecmp(dot, ".svg")) return "svg";
  if (!strcasecmp(dot, ".png")) return "png";
  if (!strcasecmp(dot, ".dot") || !strcasecmp(dot, ".gv")) return "dot";
  return NULL;
}
