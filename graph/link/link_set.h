/* link_set.h - a run of kg_link_find or kg_link_check and the linkset it
 * hands out (link_set.c): pairs scored, banded, turned into kg_links. */
#ifndef KG_LINK_SET_H
#define KG_LINK_SET_H

#include "link/link.h"

struct kg_linkset {
  arena *a;               /* every string of the links */
  kg_link *v;
  size_t n, cap;
  char *graph;            /* default links graph */
  char *dataset;          /* the target's IRI (void:objectsTarget) */
  size_t nlocal, ntarget, pairs, requests;
};

/* A scored pair: positions in the run's local and target entities. */
typedef struct link_cand {
  size_t local, target;
  double label, type, context, score;
  const char *llabel, *tlabel, *why;
  kg_link_band band;
} link_cand;

typedef struct link_set_run {
  kg_linkset *ls;
  link_source *src;
  link_entities local, target;
  char langs[128];        /* the local labels' languages ("en zh") */
  double accept, review;
  int exact;
  size_t batch;
  int (*progress)(void *data, size_t done, size_t total);
  void *progress_data;
  link_cand *c;
  size_t nc, cap;
} link_set_run;

kg_status link_set_run_init(link_set_run *run, const kg_link_options *opt,
                            kg_error *err);
/* Names the default graph and the dataset after the opened source. */
kg_status link_set_target_names(link_set_run *run, kg_error *err);
/* Scores a pair; keeps it when it could be a link. */
kg_status link_set_score(link_set_run *run, const link_entity *l,
                         const link_entity *t, kg_error *err);
/* Bands the kept pairs per entity (ambiguity, one target per entity) and
 * turns them into the linkset's links. */
kg_status link_set_band(link_set_run *run, kg_error *err);
/* Scores a stored link and adds it in whatever band it falls. */
kg_status link_set_check_one(link_set_run *run, const link_entity *l,
                             const link_entity *t, kg_error *err);
/* Frees the run; on success hands out the linkset (sorted), else frees
 * it. Returns s. */
kg_status link_set_run_finish(link_set_run *run, kg_status s,
                              kg_linkset **out);

#endif /* KG_LINK_SET_H */
