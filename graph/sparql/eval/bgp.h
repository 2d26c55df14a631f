/* bgp.h - the state of a basic graph pattern's iterator, shared by its
 * planner (eval_plan.c) and its scans (eval_bgp.c). Private to them. */
#ifndef SP_EVAL_BGP_H
#define SP_EVAL_BGP_H

#include "sparql/eval/eval.h"

typedef struct tp {
  const sp_triple *t;
  int var[3];          /* s, p, o variable or -1 */
  kg_id cst[3];        /* constant id (0 when a variable) */
  int missing;         /* a constant the store does not hold */
  double narrow;       /* the share of its statements its object's
                          FILTERs let through by id (eval_range.c) */
  double est;          /* the plan's estimate of its rows a row before */
} tp;

/* A star: the statements of one subject, read once (one index lookup)
 * for all the patterns that share that bound subject and name their
 * predicate, which then match in memory instead of a lookup each. */
typedef struct block {
  int var;             /* the subject variable */
  kg_id s;             /* the subject read; 0 none yet */
  int big;             /* more than BLOCK_MAX statements: scan instead */
  kg_qid *q;
  size_t n, cap;
} block;

enum { BLOCK_MAX = 512 };

typedef struct level {
  tp *p;
  kg_scan sc;
  block *blk;          /* a star pattern's subject block, or NULL */
  int from_blk;        /* this run reads blk, not sc */
  size_t bi;           /* next statement of blk */
  int nbind;
  int bind[4];         /* variables this level bound */
  sp_expr **filters;
  int nfilters;
  int dead;            /* the scan cannot match (unknown term bound) */
  kg_pattern pat;      /* the pattern as started */
  ev_range rg;         /* ids of the object its filters pass (rg.mask) */
  int seg;             /* of a scan by rg: SEG_BELOW, _PASS, _ABOVE; -1 */
  uint32_t skip;       /* filters (by place) the quad read needs not pass */
  int hpos;            /* a hash join on the subject (0) or object (2): the
                          pattern's statements in tab; -1 index searches */
  uint32_t own;        /* filters applied to tab's statements */
  double own_est;      /* the statements tab would hold, estimated */
  double searches;     /* starts by index search while tab is not built */
  ev_rowhash tab;      /* its statements as rows (s, p, o, g) keyed on
                          hpos, built once the searches cost as much */
  int built;
  int from_tab;        /* this run reads tab from row hat (+ 1; 0 none) */
  size_t hat;
} level;

/* A hash join is planned when reading all of the pattern's statements
 * costs less than a search for each row before it, estimated: at most
 * HASH_RATIO statements a row, and HASH_MAX in all. A search costs about
 * HASH_SEARCH reads of statements (10M statements: 1.7 us against 50 ns),
 * so the level searches the index until its searches have cost what the
 * table costs, then builds it: a plan whose rows before it were
 * overestimated (a filter keeps few) pays at most twice what searching
 * alone would have. */
#define HASH_RATIO 4.0
#define HASH_MAX (1u << 22)
#define HASH_SEARCH 32.0

typedef struct bgp_it {
  ev_iter base;
  int n;
  tp *pats;
  level *lv;
  int depth;           /* current level; -1 before the start */
  int done;
  kg_id *row, *in;
  ev_graph g;
  sp_expr **end_filters;  /* filters for an empty pattern */
  int nend;
  sp_expr **filters;
  int nfilters;
  unsigned char *in_bound; /* which variables `in` bound at planning */
  const sp_node *node;
  int replans;             /* plans made at reopens (REPLAN_MAX at most) */
  ev_prof_level **prof;    /* .explain analyze: each level's record */
  block *blocks;           /* one per star subject variable */
  int nblocks;
} bgp_it;

/* eval_plan.c: sets the scan's graph part from the graph context and the
 * row; 0 if the pattern cannot match at all (row is read only for a
 * GRAPH ?g, and may be NULL otherwise). */
int bgp_graph_mode(ev_ctx *cx, const ev_graph *g, const kg_id *row,
                   kg_pattern *p);
/* The share of each pattern's statements its object's filters let
 * through by id (tp.narrow), once at open. */
void bgp_narrow(ev_ctx *cx, bgp_it *b);
/* Plans the levels for what `in` binds: the patterns' order, the
 * filters' places, the stars, ranges and hash joins, the profile's
 * record. -1 on error. */
int bgp_plan(ev_ctx *cx, bgp_it *b, const kg_id *in);

#endif /* SP_EVAL_BGP_H */
