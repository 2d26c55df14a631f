/* link_set.c - scoring pairs with separate features, banding them (the
 * accept and review thresholds, ambiguity, one target per entity) and
 * the linkset handed out by kg_link_find and kg_link_check. */
#include <stdlib.h>
#include <string.h>

#include "link/link_set.h"

/* Two candidates of one entity, both at or above the accept threshold
 * and closer than this, are a person's call. */
#define MARGIN 0.05
/* Review-band candidates kept per entity. */
#define REVIEW_MAX 3

kg_status link_set_run_init(link_set_run *run, const kg_link_options *opt,
                            kg_error *err) {
  memset(run, 0, sizeof *run);
  run->accept = opt->accept > 0 ? opt->accept : 0.85;
  run->review = opt->review > 0 ? opt->review : 0.6;
  run->exact = opt->exact;
  run->batch = opt->batch > 0 ? (size_t)opt->batch : 40;
  run->progress = opt->progress;
  run->progress_data = opt->progress_data;
  if (run->review > run->accept || run->accept > 1)
    return kg_err(err, KG_ERR_ARG, "thresholds must be 0 < review (%.2f) <= "
                                   "accept (%.2f) <= 1", run->review,
                  run->accept);
  run->ls = calloc(1, sizeof *run->ls);
  if (run->ls) run->ls->a = arena_new();
  if (!run->ls || !run->ls->a)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  link_entities_init(&run->local, run->ls->a);
  link_entities_init(&run->target, run->ls->a);
  return KG_OK;
}

kg_status link_set_target_names(link_set_run *run, kg_error *err) {
  strbuf g = {0};
  strbuf_printf(&g, "urn:kgsh:links:%s", link_source_slug(run->src));
  run->ls->graph = strbuf_take(&g);
  run->ls->dataset = strdup(link_source_dataset(run->src));
  if (!run->ls->graph || !run->ls->dataset)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  return KG_OK;
}

/* The best pair of labels: 1 equal as written (labels both), 0.95 equal
 * through an alias or once normalised, else 0.85 x the better fuzzy
 * similarity (never an accept on its own). */
static double label_score(const link_entity *l, const link_entity *t,
                          int exact, const char **ll, const char **tl,
                          const char **why) {
  double best = 0;
  for (size_t i = 0; i < l->nlabels; i++)
    for (size_t j = 0; j < t->nlabels; j++) {
      const link_label *a = &l->labels[i], *b = &t->labels[j];
      double s;
      const char *w;
      if (!strcmp(a->raw, b->raw)) {
        int alias = a->alias || b->alias;
        s = alias && !exact ? 0.95 : 1, w = alias ? "alias" : "exact";
      }
      else if (exact || !*a->norm || !*b->norm) continue;
      else if (!strcmp(a->norm, b->norm)) s = 0.95, w = "normalised";
      else {
        double jw = link_jaro_winkler(a->norm, b->norm);
        double tri = link_trigram(a->norm, b->norm);
        s = 0.85 * (jw > tri ? jw : tri), w = "fuzzy";
      }
      if (s > best) best = s, *ll = a->raw, *tl = b->raw, *why = w;
    }
  return best;
}

/* 1 a shared place or founder, 0.2 both have places and none is shared,
 * 0.5 when a side says nothing. */
static double context_score(const link_entity *l, const link_entity *t) {
  if (!l->nctx || !t->nctx) return 0.5;
  for (size_t i = 0; i < l->nctx; i++)
    for (size_t j = 0; j < t->nctx; j++)
      if (!strcmp(l->ctx[i], t->ctx[j])) return 1;
  return l->places && t->places ? 0.2 : 0.5;
}

static link_cand *pair(link_set_run *run, const link_entity *l,
                       const link_entity *t) {
  link_cand c = {0};
  c.local = (size_t)(l - run->local.v);
  c.target = (size_t)(t - run->target.v);
  c.llabel = c.tlabel = "";
  c.why = "";
  c.label = label_score(l, t, run->exact, &c.llabel, &c.tlabel, &c.why);
  c.type = link_type_score(l->cat, t->cat);
  c.context = context_score(l, t);
  c.score = run->exact ? c.label
                       : c.label * (0.6 + 0.25 * c.type + 0.15 * c.context);
  run->ls->pairs++;
  if (!grow(&run->c, &run->cap, run->nc + 1, sizeof *run->c, 64)) return NULL;
  run->c[run->nc] = c;
  return &run->c[run->nc];
}

kg_status link_set_score(link_set_run *run, const link_entity *l,
                         const link_entity *t, kg_error *err) {
  /* a graph of the same store as the target: not a link to itself */
  if (!l->nlabels || !t->nlabels || !strcmp(l->iri, t->iri)) return KG_OK;
  link_cand *c = pair(run, l, t);
  if (!c) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (c->score >= (run->exact ? 1 : run->review)) run->nc++;
  return KG_OK;
}

static kg_status emit(link_set_run *run, const link_cand *c, kg_error *err) {
  kg_linkset *ls = run->ls;
  if (!grow(&ls->v, &ls->cap, ls->n + 1, sizeof *ls->v, 32))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  const link_entity *l = &run->local.v[c->local], *t = &run->target.v[c->target];
  kg_link *k = &ls->v[ls->n++];
  *k = (kg_link){l->iri, t->iri, c->llabel, c->tlabel,
                 link_category_name(l->cat), link_category_name(t->cat),
                 l->place ? l->place : "", t->place ? t->place : "",
                 c->label, c->type, c->context, c->score, c->band, c->why};
  return KG_OK;
}

kg_status link_set_check_one(link_set_run *run, const link_entity *l,
                             const link_entity *t, kg_error *err) {
  link_cand *c = pair(run, l, t);
  if (!c) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  c->band = c->score >= run->accept   ? KG_LINK_ACCEPT
            : c->score >= run->review ? KG_LINK_REVIEW
                                      : KG_LINK_REJECT;
  if (!t->nlabels && t->cat < 0) {
    c->why = "not in target";
    c->band = KG_LINK_REJECT;
  } else if (c->band == KG_LINK_REJECT) {
    c->why = "stale or wrong?";
  }
  return emit(run, c, err);
}

static int by_local_score(const void *x, const void *y) {
  const link_cand *a = x, *b = y;
  if (a->local != b->local) return a->local < b->local ? -1 : 1;
  return a->score > b->score ? -1 : a->score < b->score;
}

static int by_target_score(const void *x, const void *y) {
  const link_cand *a = *(link_cand *const *)x, *b = *(link_cand *const *)y;
  if (a->target != b->target) return a->target < b->target ? -1 : 1;
  return a->score > b->score ? -1 : a->score < b->score;
}

/* One target per entity: of the accepted links to one target, the best
 * stays; the others go to review. */
static kg_status one_to_one(link_set_run *run, kg_error *err) {
  link_cand **acc = malloc((run->nc + 1) * sizeof *acc);
  if (!acc) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < run->nc; i++)
    if (run->c[i].band == KG_LINK_ACCEPT) acc[n++] = &run->c[i];
  qsort(acc, n, sizeof *acc, by_target_score);
  for (size_t i = 1; i < n; i++)
    if (acc[i]->target == acc[i - 1]->target) {
      acc[i]->band = KG_LINK_REVIEW;
      acc[i]->why = "one-to-one";
    }
  free(acc);
  return KG_OK;
}

kg_status link_set_band(link_set_run *run, kg_error *err) {
  qsort(run->c, run->nc, sizeof *run->c, by_local_score);
  for (size_t i = 0; i < run->nc;) {
    size_t j = i;
    while (j < run->nc && run->c[j].local == run->c[i].local) j++;
    link_cand *best = &run->c[i];
    size_t reviewed = 0;
    for (size_t k = i; k < j; k++) {
      link_cand *c = &run->c[k];
      if (run->exact) {
        c->band = KG_LINK_ACCEPT;
        continue;
      }
      /* people share names: a name alone is not enough for one */
      int namesake = !strcmp(link_category_name(run->local.v[c->local].cat),
                             "person") && c->context < 1;
      if (c == best && c->score >= run->accept && !namesake &&
          (j - i < 2 || run->c[i + 1].score < run->accept ||
           c->score - run->c[i + 1].score >= MARGIN)) {
        c->band = KG_LINK_ACCEPT;
      } else if (c->score >= run->review && reviewed < REVIEW_MAX) {
        c->band = KG_LINK_REVIEW;
        reviewed++;
        if (c->score >= run->accept)
          c->why = namesake ? "person without context" : "ambiguous";
      } else {
        c->band = KG_LINK_REJECT;
      }
    }
    i = j;
  }
  if (!run->exact) TRY(one_to_one(run, err));
  for (size_t i = 0; i < run->nc; i++)
    if (run->c[i].band != KG_LINK_REJECT) TRY(emit(run, &run->c[i], err));
  return KG_OK;
}

static int by_band_score(const void *x, const void *y) {
  const kg_link *a = x, *b = y;
  if (a->band != b->band) return a->band > b->band ? -1 : 1;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  int c = strcmp(a->local, b->local);
  return c ? c : strcmp(a->target, b->target);
}

kg_status link_set_run_finish(link_set_run *run, kg_status s,
                              kg_linkset **out) {
  kg_linkset *ls = run->ls;
  if (ls) {
    ls->nlocal = run->local.n;
    ls->ntarget = run->target.n;
    ls->requests = run->src ? link_source_requests(run->src) : 0;
  }
  link_entities_free(&run->local);
  link_entities_free(&run->target);
  link_source_free(run->src);
  free(run->c);
  if (s == KG_OK && ls) {
    qsort(ls->v, ls->n, sizeof *ls->v, by_band_score);
    *out = ls;
  } else {
    kg_linkset_free(ls);
  }
  memset(run, 0, sizeof *run);
  return s;
}

size_t kg_linkset_count(const kg_linkset *ls) { return ls ? ls->n : 0; }

const kg_link *kg_linkset_at(const kg_linkset *ls, size_t i) {
  return ls && i < ls->n ? &ls->v[i] : NULL;
}

const char *kg_linkset_graph(const kg_linkset *ls) {
  return ls ? ls->graph : NULL;
}

void kg_linkset_stats(const kg_linkset *ls, size_t *local, size_t *target,
                      size_t *pairs, size_t *requests) {
  if (local) *local = ls ? ls->nlocal : 0;
  if (target) *target = ls ? ls->ntarget : 0;
  if (pairs) *pairs = ls ? ls->pairs : 0;
  if (requests) *requests = ls ? ls->requests : 0;
}

void kg_linkset_free(kg_linkset *ls) {
  if (!ls) return;
  arena_free(ls->a);
  free(ls->v);
  free(ls->graph);
  free(ls->dataset);
  free(ls);
}
