/* draw_nary.c - n-ary nodes drawn compactly: a membership, investment or
 * figure is one box whose values (literals, figures, and the things beyond
 * the depth asked that nothing else in the picture points at: the other
 * party, a role, a period) are rows inside it, so that
 * "Stellantis invested 1.5 billion EUR in Leapmotor in late October 2023"
 * reads from one box and two arrows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw/draw.h"

#define QB "http://purl.org/linked-data/cube#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"

/* 1 if the preferred language is Chinese (numbers in 万 and 亿). */
static int prefers_zh(const picture *p) {
  return p->nlangs && !strncasecmp(p->langs[0], "zh", 2);
}

/* A number as people write it: 1.5 billion, 700,000; 15亿, 70万. */
static const char *number_text(picture *p, const kg_term *v) {
  char *end;
  double x = strtod(v->value, &end);
  if (end == v->value || *end || !isfinite(x))
    return pic_str(p, v->value, v->len);
  char buf[64];
  double ax = fabs(x);
  if (prefers_zh(p) && ax >= 1e8)
    snprintf(buf, sizeof buf, "%.6g亿", x / 1e8);
  else if (prefers_zh(p) && ax >= 1e4)
    snprintf(buf, sizeof buf, "%.6g万", x / 1e4);
  else if (!prefers_zh(p) && ax >= 1e9)
    snprintf(buf, sizeof buf, "%.6g billion", x / 1e9);
  else if (!prefers_zh(p) && ax >= 1e6)
    snprintf(buf, sizeof buf, "%.6g million", x / 1e6);
  else if (ax >= 1000 && x == floor(x)) {
    /* thousands separated: 700,000 */
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", ax);
    size_t n = strlen(digits), o = 0;
    if (x < 0) buf[o++] = '-';
    for (size_t i = 0; i < n; i++) {
      if (i && (n - i) % 3 == 0) buf[o++] = ',';
      buf[o++] = digits[i];
    }
    buf[o] = '\0';
  } else
    return pic_str(p, v->value, v->len);
  return pic_str(p, buf, strlen(buf));
}

/* The unit as written after a number: its skos:notation (EUR) when the
 * preference is not Chinese, else its label; none for a plain count. */
static const char *unit_text(picture *p, const char *iri) {
  const char *local = local_name(iri);
  if (!strcasecmp(local, "Count") || !strcasecmp(local, "Number"))
    return "";
  if (!strcasecmp(local, "Percent")) return "%";
  if (!strcasecmp(local, "Rank")) return "rank";
  if (!prefers_zh(p) && p->st) {
    kg_term t = kg_iri(iri), nt = kg_iri(SKOS "notation");
    kg_result *r;
    const char *note = NULL;
    if (!kg_store_find(p->st, &t, &nt, NULL, NULL, &r, NULL)) {
      if (kg_result_next(r, NULL) > 0) {
        const kg_term *o = &kg_result_quad(r)->o;
        note = pic_str(p, o->value, o->len);
      }
      kg_result_free(r);
    }
    if (note) return note;
  }
  return label_of(p, iri);
}

/* 1 if `pred` is a Data Cube measure (typed qb:MeasureProperty), or
 * rdf:value / schema:value. */
static int is_measure(picture *p, const char *pred) {
  if (!strcmp(pred, KG_RDF "value") || !strcmp(pred, "http://schema.org/value"))
    return 1;
  if (!p->st) return 0;
  kg_term s = kg_iri(pred), t = kg_iri(KG_RDF_TYPE),
          o = kg_iri(QB "MeasureProperty");
  kg_result *r;
  if (kg_store_find(p->st, &s, &t, &o, NULL, &r, NULL)) return 0;
  int yes = kg_result_next(r, NULL) > 0;
  kg_result_free(r);
  return yes;
}

void figure_headline(picture *p, dnode *n) {
  if (!p->st) return;
  kg_result *r;
  if (kg_store_find(p->st, &n->t, NULL, NULL, NULL, &r, NULL)) return;
  /* copied first: the checks below run finds of their own */
  kg_quad q[32];
  size_t nq = 0;
  while (nq < 32 && kg_result_next(r, NULL) > 0) {
    const kg_quad *x = kg_result_quad(r);
    q[nq].p = kg_iri(pic_str(p, x->p.value, x->p.len));
    q[nq].o = x->o;
    q[nq].o.value = pic_str(p, x->o.value, x->o.len);
    if (x->o.datatype)
      q[nq].o.datatype = pic_str(p, x->o.datatype, strlen(x->o.datatype));
    nq++;
  }
  kg_result_free(r);
  const char *value = NULL, *unit = "", *qual = NULL, *period = NULL,
             *period_pred = NULL;
  for (size_t i = 0; i < nq; i++) {
    const char *local = local_name(q[i].p.value);
    if (q[i].o.kind == KG_TERM_LITERAL && !value && is_measure(p, q[i].p.value))
      value = number_text(p, &q[i].o);
    else if (q[i].o.kind == KG_TERM_IRI && figure_shows(q[i].p.value) &&
             strcmp(local, "refPeriod"))
      unit = unit_text(p, q[i].o.value);
    else if (q[i].o.kind == KG_TERM_LITERAL && !strcmp(local, "qualifier") &&
             strcmp(q[i].o.value, "exact"))
      qual = q[i].o.value;
    else if (q[i].o.kind == KG_TERM_IRI && !strcmp(local, "refPeriod")) {
      period = label_of(p, q[i].o.value);
      period_pred = q[i].p.value;
    }
  }
  if (!value) return;
  char buf[512];
  if (!strcmp(unit, "rank")) {
    /* a rank reads before its number: No. 1, 第1 */
    snprintf(buf, sizeof buf, "%s%s", prefers_zh(p) ? "第" : "No. ", value);
    value = pic_str(p, buf, strlen(buf));
    unit = "";
  }
  /* 15亿欧元 but 1.5 billion EUR */
  snprintf(buf, sizeof buf, "%s%s%s%s%s", qual ? qual : "", qual ? " " : "",
           value, *unit && !prefers_zh(p) ? " " : "", unit);
  if (qual)
    for (char *c = buf; *c && c < buf + strlen(qual); c++)
      if (*c == '-') *c = ' ';
  n->headline = pic_str(p, buf, strlen(buf));
  if (period) pic_row(p, n, pred_label(p, period_pred), period);
}

/* 1 if every edge of node `o` connects it to node `n`. */
static int only_linked_to(const picture *p, size_t o, size_t n) {
  for (size_t i = 0; i < p->ne; i++) {
    const dedge *e = &p->e[i];
    if (e->dropped || (e->from != o && e->to != o)) continue;
    if (e->from != n && e->to != n) return 0;
  }
  return 1;
}

/* What a value shows in a row: a figure's headline, a label, a name. */
static const char *row_text(picture *p, const dnode *o) {
  if (o->kind == DN_FIGURE && o->headline) return o->headline;
  if (o->label && o->label2 && o->kind == DN_LITERAL) {
    size_t n = strlen(o->label) + strlen(o->label2) + 4;
    char *s = arena_alloc(p->a, n);
    if (!s) return o->label;
    snprintf(s, n, "%s / %s", o->label, o->label2);
    return s;
  }
  return o->label ? o->label : o->name ? o->name : o->t.value;
}

/* Folds the values of n-ary node i: pass 0 things, pass 1 literals (so
 * an excerpt comes last). */
static void fold_node(picture *p, size_t i, int pass) {
  for (size_t k = 0; k < p->ne; k++) {
    dedge *e = &p->e[k];
    if (e->dropped || e->from != i || !*e->pred) continue;
    dnode *o = &p->n[e->to];
    if (o->centre || o->dropped || o->kind == DN_MORE ||
        o->kind == DN_NARY || (o->kind == DN_LITERAL) != pass ||
        (o->kind == DN_ENTITY && o->depth <= p->depth) ||
        !only_linked_to(p, e->to, i))
      continue;
    pic_row(p, &p->n[i], pred_label(p, e->pred), row_text(p, o));
    o->dropped = 1;
    for (size_t j = 0; j < p->ne; j++)
      if (p->e[j].from == e->to || p->e[j].to == e->to) p->e[j].dropped = 1;
  }
}

void nary_fold(picture *p) {
  for (size_t i = 0; i < p->nn; i++)
    if (p->n[i].kind == DN_NARY && !p->n[i].dropped)
      for (int pass = 0; pass < 2; pass++) fold_node(p, i, pass);
}

int figure_shows(const char *pred) {
  const char *local = local_name(pred);
  return !strcmp(local, "unit") || !strcmp(local, "unitMeasure") ||
         !strcmp(local, "qualifier") || !strcmp(local, "refPeriod");
}
