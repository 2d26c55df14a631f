/* draw.h - internal: a picture of part of a graph (draw_pic.c), gathered
 * from the store or a result (draw_collect.c), labelled (draw_label.c),
 * its n-ary nodes folded (draw_nary.c) and laid out with Graphviz
 * (draw_render.c). Only this folder includes Graphviz. */
#ifndef KG_DRAW_H
#define KG_DRAW_H

#include "arena.h"
#include "internal.h"

typedef enum dnode_kind {
  DN_ENTITY,   /* an IRI or blank node */
  DN_LITERAL,  /* a literal, in a small box */
  DN_NARY,     /* an n-ary node: one box with its values as rows */
  DN_FIGURE,   /* a qb:Observation: its value, unit and period */
  DN_MORE      /* "and N more": neighbours cut by the node limit */
} dnode_kind;

/* A row of an n-ary node's box: "amount  1.5 billion EUR". */
typedef struct drow {
  const char *key, *value;
} drow;

typedef struct dnode {
  dnode_kind kind;
  kg_term t;              /* copied into the picture's arena */
  int depth;              /* hops from the centre */
  int centre;
  int dropped;            /* folded into another node's box */
  const char *label;      /* in the preferred language, or NULL */
  const char *label2;     /* in another language, or NULL */
  const char *name;       /* prefixed name (IRIs), else NULL */
  const char *headline;   /* figures: "1.5 billion EUR" */
  int cls;                /* index into picture.cls, -1 = none */
  drow *rows;
  size_t nrows, caprows;
  size_t more;            /* DN_MORE: how many were cut */
  size_t cut;             /* while expanding: neighbours not added */
} dnode;

typedef struct dedge {
  size_t from, to;
  const char *pred;       /* full IRI (arena) */
  int dropped;
} dedge;

typedef struct dclass {
  const char *iri, *label, *label2;
} dclass;

typedef struct picture {
  kg_store *st;           /* may be NULL (a result without a store) */
  arena *a;
  const char *langs[8];   /* preferred languages, in order */
  size_t nlangs;
  dnode *n;
  size_t nn, capn;
  dedge *e;
  size_t ne, cape;
  dclass *cls;
  size_t ncls, capcls;
  int depth;              /* kg_draw's depth; entities beyond it (an n-ary
                             node's participants) may fold into it */
  size_t max_nodes;       /* term nodes (markers aside) */
  size_t used;            /* term nodes so far */
  size_t cut;             /* nodes left out */
  kg_term *cuts;          /* the terms left out (not literals) */
  size_t ncut, capcut;
  const char *const *only, *const *skip;
  int oom;
} picture;

/* Sets up a picture from options (may be NULL); KG_ERR_NOMEM. */
kg_status pic_init(picture *p, kg_store *st, const kg_draw_options *opt,
                   kg_error *err);
void pic_free(picture *p);

/* The node of term `t`: found, or added at `depth` when the node limit
 * allows (*added = 1: not yet labelled); -1 when cut (or out of memory:
 * p->oom). */
long pic_add(picture *p, const kg_term *t, int depth, int *added);
/* Counts a term left out of the picture (each term once). */
void pic_cut(picture *p, const kg_term *t);
/* The node drawn for a term (never a literal's), or -1. */
long pic_find(const picture *p, const kg_term *t);
/* Adds an edge unless the same one is there. */
void pic_edge(picture *p, size_t from, size_t to, const char *pred);
/* Adds a row to a node's box. */
void pic_row(picture *p, dnode *n, const char *key, const char *value);
/* 1 if edges of predicate `iri` are drawn (the only/skip options). */
int pic_wants(const picture *p, const char *iri);
/* A string copied into the picture's arena. */
const char *pic_str(picture *p, const char *s, size_t n);

/* draw_label.c: a new node's labels, class and kind from the store (a
 * figure's headline is figure_headline's). */
void label_node(picture *p, dnode *n);
/* The label of an IRI in the preferred language (or its prefixed name),
 * in the arena. */
const char *label_of(picture *p, const char *iri);
/* A predicate's label in the preferred language, or its local name. */
const char *pred_label(picture *p, const char *iri);
/* The local part of an IRI (after the last '#', '/' or ':'). */
const char *local_name(const char *iri);
/* The prefixed form of an IRI, or the IRI (arena). */
const char *short_iri(picture *p, const char *iri);
/* 1 if a predicate only names its subject (rdfs:label, skos:altLabel...). */
int is_label_pred(const char *iri);

/* draw_nary.c: n-ary nodes' values folded into their boxes; figures'
 * headlines ("1.5 billion EUR", "15亿欧元"). */
void nary_fold(picture *p);
void figure_headline(picture *p, dnode *n);
/* 1 if a figure shows `pred`'s value in its box (unit, qualifier, period):
 * no edge is drawn for it. */
int figure_shows(const char *pred);

/* draw_render.c: the picture through Graphviz into `out` in "svg", "png"
 * or "dot". */
kg_status render_picture(picture *p, const char *format, FILE *out,
                         kg_error *err);

#endif /* KG_DRAW_H */
