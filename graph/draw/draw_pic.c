/* draw_pic.c - the picture being gathered: its nodes (found or added
 * within the node limit), edges, rows and strings. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw/draw.h"
#include "grow.h"

kg_status pic_init(picture *p, kg_store *st, const kg_draw_options *opt,
                   kg_error *err) {
  memset(p, 0, sizeof *p);
  p->st = st;
  p->a = arena_new();
  if (!p->a) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  p->max_nodes = opt && opt->max_nodes ? opt->max_nodes : KG_DRAW_MAX_NODES;
  p->only = opt ? opt->only : NULL;
  p->skip = opt ? opt->skip : NULL;
  /* "zh,en" -> zh, en; the other of zh and en always follows, so the
   * second label has a language to come from */
  char *langs = arena_strdup(p->a, opt && opt->lang && *opt->lang
                                       ? opt->lang : "en,zh");
  if (!langs) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (char *tok = strtok(langs, ", "); tok && p->nlangs < 6;
       tok = strtok(NULL, ", "))
    p->langs[p->nlangs++] = tok;
  const char *more[2] = {"en", "zh"};
  for (int k = 0; k < 2; k++) {
    int have = 0;
    for (size_t i = 0; i < p->nlangs; i++)
      have |= !strcasecmp(p->langs[i], more[k]);
    if (!have) p->langs[p->nlangs++] = more[k];
  }
  return KG_OK;
}

void pic_free(picture *p) {
  if (!p) return;
  for (size_t i = 0; i < p->nn; i++) free(p->n[i].rows);
  free(p->n);
  free(p->e);
  free(p->cls);
  free(p->cuts);
  arena_free(p->a);
  memset(p, 0, sizeof *p);
}

const char *pic_str(picture *p, const char *s, size_t n) {
  char *c = arena_strndup(p->a, s ? s : "", s ? n : 0);
  if (!c) p->oom = 1;
  return c ? c : "";
}

static kg_term copy_term(picture *p, const kg_term *t) {
  kg_term c = *t;
  c.value = pic_str(p, t->value, t->len);
  if (t->lang) c.lang = pic_str(p, t->lang, strlen(t->lang));
  if (t->datatype) c.datatype = pic_str(p, t->datatype, strlen(t->datatype));
  return c;
}

long pic_find(const picture *p, const kg_term *t) {
  /* literals are drawn once per statement; other terms once */
  if (t->kind != KG_TERM_LITERAL)
    for (size_t i = 0; i < p->nn; i++)
      if (p->n[i].kind != DN_MORE && kg_term_equal(&p->n[i].t, t))
        return (long)i;
  return -1;
}

void pic_cut(picture *p, const kg_term *t) {
  /* a term cut from several nodes counts once */
  if (t->kind != KG_TERM_LITERAL) {
    for (size_t i = 0; i < p->ncut; i++)
      if (kg_term_equal(&p->cuts[i], t)) return;
    if (!grow(&p->cuts, &p->capcut, p->ncut + 1, sizeof *p->cuts, 16)) {
      p->oom = 1;
      return;
    }
    p->cuts[p->ncut++] = copy_term(p, t);
  }
  p->cut++;
}

long pic_add(picture *p, const kg_term *t, int depth, int *added) {
  *added = 0;
  long i = pic_find(p, t);
  if (i >= 0) return i;
  if (p->used >= p->max_nodes) {
    pic_cut(p, t);
    return -1;
  }
  if (!grow(&p->n, &p->capn, p->nn + 1, sizeof *p->n, 32)) {
    p->oom = 1;
    return -1;
  }
  dnode *n = &p->n[p->nn];
  memset(n, 0, sizeof *n);
  n->t = copy_term(p, t);
  n->depth = depth;
  n->cls = -1;
  n->kind = t->kind == KG_TERM_LITERAL ? DN_LITERAL : DN_ENTITY;
  p->used++;
  p->nn++;
  *added = 1;
  return (long)(p->nn - 1);
}

void pic_edge(picture *p, size_t from, size_t to, const char *pred) {
  for (size_t i = 0; i < p->ne; i++)
    if (p->e[i].from == from && p->e[i].to == to &&
        !strcmp(p->e[i].pred, pred))
      return;
  if (!grow(&p->e, &p->cape, p->ne + 1, sizeof *p->e, 32)) {
    p->oom = 1;
    return;
  }
  p->e[p->ne++] = (dedge){from, to, pic_str(p, pred, strlen(pred)), 0};
}

void pic_row(picture *p, dnode *n, const char *key, const char *value) {
  if (!grow(&n->rows, &n->caprows, n->nrows + 1, sizeof *n->rows, 4)) {
    p->oom = 1;
    return;
  }
  n->rows[n->nrows++] = (drow){key, value};
}

static int listed(const char *const *list, const char *iri) {
  for (; list && *list; list++)
    if (!strcmp(*list, iri)) return 1;
  return 0;
}

int pic_wants(const picture *p, const char *iri) {
  if (p->only && !listed(p->only, iri)) return 0;
  return !listed(p->skip, iri);
}

