/* query.c - kg_query(): parse, set up the dataset, run, and hand the
 * answers out as a kg_result (SELECT rows, ASK, CONSTRUCT, DESCRIBE). */
#include <stdlib.h>
#include <string.h>

#include "sparql/dataset.h"
#include "sparql/eval/eval.h"
#include "sparql/explain.h"
#include "sparql/optimize.h"
#include "sparql/unknown.h"
#include "sparql/update.h"
#include "grow.h"

/* Everything a query result keeps alive. */
typedef struct qrun {
  ev_ctx cx;
  sp_query *q;
  ev_iter *it;
  kg_id *row;
  /* CONSTRUCT / DESCRIBE */
  kg_id *out;                /* pending triples s,p,o,g */
  size_t nout, iout, capout;
  struct tset *seen;
  uint64_t solution;
  kg_id *describe;           /* DESCRIBE: resources left to describe */
  size_t ndesc, idesc, capdesc;
  int desc_ready;
  kg_error *err;
  kg_store *dataset;         /* FROM documents: the store queried (owned) */
} qrun;

/* A set of triples (s, p, o) for CONSTRUCT/DESCRIBE deduplication. */
typedef struct tset {
  kg_id *v;    /* 3 per slot, s == 0 empty */
  size_t cap, n;
} tset;

static int tset_add(tset *s, kg_id a, kg_id b, kg_id c) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    kg_id *nv = calloc(cap * 3, sizeof *nv);
    if (!nv) return -1;
    for (size_t i = 0; i < s->cap; i++) {
      kg_id *e = s->v + i * 3;
      if (!e[0]) continue;
      size_t j = ((uint64_t)e[0] * 31 + e[1] * 17 + e[2]) * 2654435761u &
                 (cap - 1);
      while (nv[j * 3]) j = (j + 1) & (cap - 1);
      memcpy(nv + j * 3, e, 3 * sizeof *e);
    }
    free(s->v);
    s->v = nv;
    s->cap = cap;
  }
  size_t j = ((uint64_t)a * 31 + b * 17 + c) * 2654435761u & (s->cap - 1);
  while (s->v[j * 3]) {
    kg_id *e = s->v + j * 3;
    if (e[0] == a && e[1] == b && e[2] == c) return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->v[j * 3] = a;
  s->v[j * 3 + 1] = b;
  s->v[j * 3 + 2] = c;
  s->n++;
  return 1;
}

static void qrun_free(void *p) {
  qrun *r = p;
  if (!r) return;
  ev_free(r->it);
  free(r->row);
  free(r->out);
  free(r->describe);
  if (r->seen) free(r->seen->v);
  free(r->seen);
  ev_ctx_clear(&r->cx);
  sp_query_free(r->q);
  kg_store_close(r->dataset);
  free(r);
}

/* --------------------------------------------------------------- SELECT */

static int select_next(kg_result *res, void *src, kg_error *err) {
  qrun *r = src;
  r->cx.err = err;
  int rc = ev_next(r->it, r->row);
  if (rc <= 0) return rc < 0 ? -1 : 0;
  for (size_t c = 0; c < res->ncols; c++) {
    kg_id id = r->row[r->q->proj[c]];
    memset(&res->row[c], 0, sizeof res->row[c]);
    if (id && !ev_term(&r->cx, id, &res->row[c])) {
      kg_err(err, KG_ERR_CORRUPT, "a solution refers to a missing term");
      return -1;
    }
  }
  return 1;
}

/* ----------------------------------------------------- CONSTRUCT/DESCRIBE */

static int out_push(qrun *r, kg_id s, kg_id p, kg_id o) {
  int fresh = tset_add(r->seen, s, p, o);
  if (fresh <= 0) return fresh;
  if (!grow(&r->out, &r->capout, r->nout + 3, sizeof *r->out, 96))
    return -1;
  r->out[r->nout++] = s;
  r->out[r->nout++] = p;
  r->out[r->nout++] = o;
  return 1;
}

/* A template term's id for one solution: variables from the row, blank
 * nodes fresh per solution, constants interned. 0 if unbound. */
static kg_id tmpl_id(qrun *r, const sp_term *t) {
  ev_ctx *cx = &r->cx;
  if (t->kind == SP_VAR) return r->row[t->var];
  if (t->kind == KG_TERM_BLANK) {
    strbuf b = {0};
    strbuf_printf(&b, "%sc%llu_", cx->f.bnode_prefix,
                  (unsigned long long)r->solution);
    strbuf_append(&b, t->value, t->len);
    kg_term k = {KG_TERM_BLANK, b.data ? b.data : "", b.len, NULL, NULL};
    kg_id id = b.oom ? 0 : ev_intern(cx, &k);
    strbuf_free(&b);
    return id;
  }
  return ev_const(cx, t);
}

static int valid_triple(ev_ctx *cx, kg_id s, kg_id p, kg_id o) {
  kg_term ts, tp;
  if (!s || !p || !o || !ev_term(cx, s, &ts) || !ev_term(cx, p, &tp))
    return 0;
  return ts.kind != KG_TERM_LITERAL && tp.kind == KG_TERM_IRI;
}

static int construct_fill(qrun *r) {
  while (r->iout >= r->nout) {
    r->nout = r->iout = 0;
    int rc = ev_next(r->it, r->row);
    if (rc <= 0) return rc;
    r->solution++;
    for (int i = 0; i < r->q->ntmpl; i++) {
      const sp_quad *t = &r->q->tmpl[i];
      kg_id s = tmpl_id(r, &t->s), p = tmpl_id(r, &t->p),
            o = tmpl_id(r, &t->o);
      if (!valid_triple(&r->cx, s, p, o)) continue;
      if (out_push(r, s, p, o) < 0)
        return ev_fail(&r->cx, KG_ERR_NOMEM, "out of memory");
    }
  }
  return 1;
}

/* Concise bounded description: a resource's statements, and those of the
 * blank nodes they lead to. */
static int describe_add(qrun *r, kg_id id) {
  if (!id) return 0;
  for (size_t i = 0; i < r->ndesc; i++)
    if (r->describe[i] == id) return 0;
  if (!grow(&r->describe, &r->capdesc, r->ndesc + 1, sizeof *r->describe,
            16))
    return -1;
  r->describe[r->ndesc++] = id;
  return 0;
}

static int describe_fill(qrun *r) {
  ev_ctx *cx = &r->cx;
  if (!r->desc_ready) {
    r->desc_ready = 1;
    for (int i = 0; i < r->q->ndescribe; i++)
      if (r->q->describe[i].kind != SP_VAR &&
          describe_add(r, ev_const(cx, &r->q->describe[i])) < 0)
        return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    int rc = 0;
    while (r->it && (rc = ev_next(r->it, r->row)) > 0) {
      if (r->q->ndescribe == 0) {
        for (int v = 0; v < r->q->nproj; v++)
          if (describe_add(r, r->row[r->q->proj[v]]) < 0)
            return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      }
      for (int i = 0; i < r->q->ndescribe; i++)
        if (r->q->describe[i].kind == SP_VAR &&
            describe_add(r, r->row[r->q->describe[i].var]) < 0)
          return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    }
    if (r->it && rc < 0) return -1;
  }
  while (r->iout >= r->nout) {
    r->nout = r->iout = 0;
    if (r->idesc >= r->ndesc) return 0;
    kg_id x = r->describe[r->idesc++];
    if (x >= EV_LOCAL) continue;
    kg_pattern p = {x, 0, 0, 0, cx->union_default ? G_UNION : G_DEFAULT};
    kg_scan sc;
    scan_init(&sc, &cx->view, &p);
    kg_qid q;
    while (scan_next(&sc, &q)) {
      if (out_push(r, q.s, q.p, q.o) < 0)
        return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      kg_term t;
      if (ev_term(cx, q.o, &t) && t.kind == KG_TERM_BLANK &&
          describe_add(r, q.o) < 0)
        return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    }
    kg_error e;
    if (index_damaged(cx->view.base, &e) != KG_OK)
      return ev_fail(cx, e.status, "%s", e.message);
  }
  return 1;
}

static int graph_next(kg_result *res, void *src, kg_error *err) {
  qrun *r = src;
  r->cx.err = err;
  int rc = r->q->form == SP_DESCRIBE ? describe_fill(r) : construct_fill(r);
  if (rc <= 0) return rc < 0 ? -1 : 0;
  kg_id *t = r->out + r->iout;
  r->iout += 3;
  memset(&res->quad, 0, sizeof res->quad);
  if (!ev_term(&r->cx, t[0], &res->quad.s) ||
      !ev_term(&r->cx, t[1], &res->quad.p) ||
      !ev_term(&r->cx, t[2], &res->quad.o)) {
    kg_err(err, KG_ERR_CORRUPT, "a statement refers to a missing term");
    return -1;
  }
  return 1;
}

/* -------------------------------------------------------------- running */

static const char **store_prefixes(kg_store *st, const kg_query_options *opt) {
  if (!opt || !opt->declare_prefixes) return NULL;
  size_t n = kg_prefix_count(st);
  const char **v = calloc(2 * n + 1, sizeof *v);
  if (!v) return NULL;
  for (size_t i = 0; i < n; i++) kg_prefix_at(st, i, &v[2 * i], &v[2 * i + 1]);
  return v;
}

/* A NULL-terminated list copied into the query's arena; *n its length. */
static const char **arena_list(arena *a, const char *const *v, int *n) {
  for (*n = 0; v[*n]; (*n)++) {}
  const char **c = arena_alloc(a, ((size_t)*n + 1) * sizeof *c);
  for (int i = 0; c && i < *n; i++)
    if (!(c[i] = arena_strdup(a, v[i]))) return NULL;
  return c;
}

static sp_query *parse(kg_store *st, const char *text,
                       const kg_query_options *opt, kg_error *err) {
  const char **pfx = store_prefixes(st, opt);
  sp_query *q = sp_parse(text, strlen(text), opt ? opt->base_uri : NULL,
                         (const char *const *)pfx, err);
  free(pfx);
  /* the protocol's dataset replaces the query's FROM and FROM NAMED (an
   * update's USING: update.c) */
  if (q && q->form != SP_UPDATE && opt &&
      (opt->default_graphs || opt->named_graphs)) {
    int n = 0;
    const char **from = NULL, **named = NULL;
    int ok = 1;
    if (opt->default_graphs)
      ok = (from = arena_list(q->arena, opt->default_graphs, &n)) != NULL;
    int nn = 0;
    if (ok && opt->named_graphs)
      ok = (named = arena_list(q->arena, opt->named_graphs, &nn)) != NULL;
    if (!ok) {
      sp_query_free(q);
      kg_err(err, KG_ERR_NOMEM, "out of memory");
      return NULL;
    }
    q->from = from;
    q->nfrom = n;
    q->from_named = named;
    q->nfrom_named = nn;
  }
  return q;
}

/* Runs a request; with a profile (prof, .explain analyze) a query's
 * operators count their rows, and an update is refused. */
static kg_status query_run(kg_store *st, const char *sparql,
                   const kg_query_options *opt, ev_prof *prof,
                   kg_result **out, kg_error *err) {
  kg_error_clear(err);
  *out = NULL;
  st->interrupted = 0;
  sp_query *q = parse(st, sparql, opt, err);
  if (!q) return err ? err->status : KG_ERR_SYNTAX;
  /* a reader runs queries; an update goes back to its owner */
  if (st->owner && q->form == SP_UPDATE) {
    sp_query_free(q);
    return KG_ERR_READONLY;
  }
  unsigned deny = opt ? opt->deny : 0;
  if ((deny & KG_DENY_UPDATE) && q->form == SP_UPDATE) {
    sp_query_free(q);
    return kg_err(err, KG_ERR_DENIED, "an update where a query is "
                                      "expected (send it as an update)");
  }
  if ((deny & KG_DENY_QUERY) && q->form != SP_UPDATE) {
    sp_query_free(q);
    return kg_err(err, KG_ERR_DENIED, "a query where an update is "
                                      "expected (send it as a query)");
  }
  if (prof && q->form == SP_UPDATE) {
    sp_query_free(q);
    return kg_err(err, KG_ERR_DENIED, ".explain analyze runs queries, not "
                                      "updates (it would change the store); "
                                      ".explain shows an update's algebra");
  }
  if (q->form == SP_UPDATE) {
    unsigned long long added = 0, removed = 0;
    kg_status s = sp_update_run(st, q, opt, &added, &removed, err);
    sp_query_free(q);
    if (s != KG_OK) return s;
    kg_result *r = result_new(KG_RESULT_UPDATE, st, NULL, 0);
    if (!r) return kg_err(err, KG_ERR_NOMEM, "out of memory");
    r->added = added;
    r->removed = removed;
    *out = r;
    return KG_OK;
  }
  qrun *r = calloc(1, sizeof *r);
  if (!r) {
    sp_query_free(q);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  r->q = q;
  r->err = err;
  kg_status s = sp_dataset_store(st, q, opt, &r->dataset, err);
  if (r->dataset) st = r->dataset;
  if (s == KG_OK) s = ev_ctx_init(&r->cx, st, q, err);
  if (s == KG_OK) ev_set_limits(&r->cx, opt);
  if (s == KG_OK)
    s = ev_set_dataset(&r->cx, q->from, q->nfrom, q->from_named,
                       q->nfrom_named, err);
  if (s == KG_OK) sp_optimize(&r->cx, q);
  r->cx.prof = prof;
  r->row = calloc((size_t)q->nvars + 1, sizeof *r->row);
  r->seen = calloc(1, sizeof *r->seen);
  if (s == KG_OK && (!r->row || !r->seen))
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  ev_graph g = {EG_DEFAULT, 0, 0};
  if (s == KG_OK && q->pattern) {
    r->it = ev_open(&r->cx, q->pattern, NULL, &g);
    if (!r->it) s = err && err->status ? err->status : KG_ERR_EVAL;
  }
  kg_result *res = NULL;
  if (s == KG_OK) {
    switch (q->form) {
    case SP_SELECT: {
      const char **cols = calloc((size_t)q->nproj + 1, sizeof *cols);
      for (int i = 0; cols && i < q->nproj; i++) cols[i] = q->vars[q->proj[i]];
      res = cols ? result_new(KG_RESULT_BINDINGS, st, cols, (size_t)q->nproj)
                 : NULL;
      free(cols);
      if (res) result_set_source(res, select_next, qrun_free, r);
      break;
    }
    case SP_ASK: {
      res = result_new(KG_RESULT_BOOLEAN, st, NULL, 0);
      int rc = ev_next(r->it, r->row);
      if (rc < 0) s = err && err->status ? err->status : KG_ERR_EVAL;
      else if (res) res->boolean = rc > 0;
      if (res) result_set_source(res, NULL, qrun_free, r);
      break;
    }
    default:
      res = result_new(KG_RESULT_GRAPH, st, NULL, 0);
      if (res) result_set_source(res, graph_next, qrun_free, r);
    }
    if (!res && s == KG_OK) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  if (s != KG_OK) {
    if (res) kg_result_free(res);
    else qrun_free(r);
    return s;
  }
  sp_unknown_names(st, q, res);
  *out = res;
  return KG_OK;
}

static kg_status query_check(kg_store *st, const char *sparql,
                         const kg_query_options *opt, kg_error *err) {
  kg_error_clear(err);
  sp_query *q = parse(st, sparql, opt, err);
  if (!q) return err ? err->status : KG_ERR_SYNTAX;
  sp_query_free(q);
  return KG_OK;
}

static kg_status query_explain(kg_store *st, const char *sparql,
                           const kg_query_options *opt, char **out,
                           kg_error *err) {
  kg_error_clear(err);
  *out = NULL;
  sp_query *q = parse(st, sparql, opt, err);
  if (!q) return err ? err->status : KG_ERR_SYNTAX;
  /* the algebra as it will run: after the optimizer */
  ev_ctx cx;
  kg_status s = ev_ctx_init(&cx, st, q, err);
  if (s == KG_OK) sp_optimize(&cx, q);
  ev_ctx_clear(&cx);
  if (s != KG_OK) {
    sp_query_free(q);
    return s;
  }
  strbuf b = {0};
  sp_query_print(q, &b);
  sp_query_free(q);
  if (b.oom) {
    strbuf_free(&b);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  *out = strbuf_take(&b);
  return KG_OK;
}

kg_status kg_query(kg_store *st, const char *sparql,
                   const kg_query_options *opt, kg_result **out,
                   kg_error *err) {
  if (st->remote) return st->remote->query(st, sparql, opt, out, err);
  kg_store *on;
  kg_status s = store_read_enter(st, &on, err);
  if (s == KG_OK) s = query_run(on, sparql, opt, NULL, out, err);
  /* a reader runs queries; an update goes to the store itself */
  if (on != st && s == KG_ERR_READONLY && !*out) {
    store_read_leave(st, on, NULL);
    on = st;
    s = store_call(st, err);
    if (s == KG_OK) s = query_run(st, sparql, opt, NULL, out, err);
  }
  /* the rows read this store's snapshot (or a dataset the result owns) */
  if (s == KG_OK && on == st) store_result_locked(*out, st);
  store_read_leave(st, on, s == KG_OK ? *out : NULL);
  return s;
}

/* Runs the query to its end with a profile and prints its plan. */
static kg_status query_analyze(kg_store *st, const char *sparql,
                               const kg_query_options *opt, char **out,
                               kg_error *err) {
  *out = NULL;
  ev_prof prof = {0};
  kg_result *res = NULL;
  double t0 = kg_now();
  kg_status s = query_run(st, sparql, opt, &prof, &res, err);
  if (s != KG_OK) {
    ev_prof_free(&prof);
    return s;
  }
  qrun *r = res->src;
  unsigned long long n = 0;
  int rc = 0;
  if (r->q->form == SP_ASK) n = res->boolean;
  else
    while (r->it && (rc = r->it->next(r->it, r->row)) > 0) n++;
  double ms = (kg_now() - t0) * 1000;
  strbuf b = {0};
  if (rc == 0) {
    sp_plan_print(r->q, &prof, &b);
    if (r->q->form == SP_ASK) strbuf_printf(&b, "%s", n ? "true" : "false");
    else strbuf_printf(&b, "%llu solution%s", n, n == 1 ? "" : "s");
    strbuf_printf(&b, " in %.3f ms\n", ms);
  }
  kg_result_free(res);
  ev_prof_free(&prof);
  if (rc < 0) {
    strbuf_free(&b);
    return err && err->status ? err->status : KG_ERR_EVAL;
  }
  if (b.oom) {
    strbuf_free(&b);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  *out = strbuf_take(&b);
  return KG_OK;
}

kg_status kg_query_explain_analyze(kg_store *st, const char *sparql,
                                   const kg_query_options *opt, char **out,
                                   kg_error *err) {
  *out = NULL;
  if (st->remote)
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "%s is a SPARQL server: it plans and runs its queries "
                  "itself (.explain shows the algebra sent)", st->spec);
  kg_status s = store_call(st, err);
  if (s == KG_OK) s = query_analyze(st, sparql, opt, out, err);
  store_leave(st);
  return s;
}

kg_status kg_query_check(kg_store *st, const char *sparql,
                         const kg_query_options *opt, kg_error *err) {
  store_enter(st);
  kg_status s = query_check(st, sparql, opt, err);
  store_leave(st);
  return s;
}

kg_status kg_query_explain(kg_store *st, const char *sparql,
                           const kg_query_options *opt, char **out,
                           kg_error *err) {
  store_enter(st);
  kg_status s = query_explain(st, sparql, opt, out, err);
  store_leave(st);
  return s;
}
