/* update.c - SPARQL 1.1 Update operations (INSERT/DELETE DATA, DELETE
 * WHERE, DELETE/INSERT WHERE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY)
 * applied inside one transaction per request. */
#include <stdlib.h>
#include <string.h>

#include "io/http.h"
#include "sparql/update.h"

typedef struct urun {
  kg_store *st;
  const sp_query *q;
  kg_error *err;
  unsigned long long added, removed;
  char scope[40];            /* blank node label prefix of this request */
  int opno;                  /* operation being run (labels are per op) */
  const kg_query_options *opt; /* the caller's limits, or NULL */
} urun;

static kg_status set(urun *u, const kg_qid *q, int op) {
  int changed = 0;
  TRY(store_set(u->st, q, op, &changed, u->err));
  if (changed) {
    if (op > 0) u->added++;
    else u->removed++;
  }
  return KG_OK;
}

static int valid(const kg_term *s, const kg_term *p, const kg_term *g) {
  return s->kind != KG_TERM_LITERAL && p->kind == KG_TERM_IRI &&
         (!g || g->kind == KG_TERM_NONE || g->kind == KG_TERM_IRI);
}

/* ---------------------------------------------------------- DATA forms */

static kg_status data_term(urun *u, const sp_term *t, int create, kg_id *id,
                           kg_term *out) {
  *id = 0;
  kg_term k = sp_term_kg(t);
  char label[512];
  if (t->kind == KG_TERM_BLANK) {
    /* labels of one request name fresh blank nodes */
    snprintf(label, sizeof label, "%so%d_%.*s", u->scope, u->opno,
             (int)t->len, t->value);
    k.value = label;
    k.len = strlen(label);
  }
  if (out) *out = k;
  if (!k.kind) return KG_OK;
  if (create) return store_intern(u->st, &k, id, u->err);
  return store_lookup(u->st, &k, id, u->err);
}

static kg_status apply_data(urun *u, const sp_quad *quads, int n, int op) {
  for (int i = 0; i < n; i++) {
    kg_qid q = {0, 0, 0, 0};
    kg_term ts, tp, to, tg;
    TRY(data_term(u, &quads[i].s, op > 0, &q.s, &ts));
    TRY(data_term(u, &quads[i].p, op > 0, &q.p, &tp));
    TRY(data_term(u, &quads[i].o, op > 0, &q.o, &to));
    TRY(data_term(u, &quads[i].g, op > 0, &q.g, &tg));
    if (!valid(&ts, &tp, &tg))
      return kg_err(u->err, KG_ERR_EVAL,
                    "invalid statement in the data block (a literal "
                    "subject, or a predicate or graph that is not an IRI)");
    if (!q.s || !q.p || !q.o || (quads[i].g.kind && !q.g)) continue;
    TRY(set(u, &q, op));
  }
  return KG_OK;
}

/* ------------------------------------------------- DELETE/INSERT WHERE */

/* The id of a template term for one solution; 0 when unbound. */
static kg_status tmpl_term(urun *u, ev_ctx *cx, const sp_term *t,
                           const kg_id *row, unsigned long long sol, int op,
                           kg_id *id, kg_term *out) {
  *id = 0;
  memset(out, 0, sizeof *out);
  if (t->kind == SP_VAR) {
    kg_id v = row[t->var];
    if (!v || !ev_term(cx, v, out)) return KG_OK;
    if (v < EV_LOCAL) {
      *id = v;
      return KG_OK;
    }
    if (op > 0) return store_intern(u->st, out, id, u->err);
    return store_lookup(u->st, out, id, u->err);
  }
  if (t->kind == KG_TERM_BLANK) {
    char label[600];
    snprintf(label, sizeof label, "%so%ds%llu_%.*s", u->scope, u->opno,
             sol, (int)t->len, t->value);
    kg_term k = kg_blank(label);
    *out = k;
    if (op > 0) return store_intern(u->st, &k, id, u->err);
    return KG_OK; /* DELETE templates have no blank nodes */
  }
  kg_term k = sp_term_kg(t);
  *out = k;
  if (op > 0) return store_intern(u->st, &k, id, u->err);
  return store_lookup(u->st, &k, id, u->err);
}

static kg_status instantiate(urun *u, ev_ctx *cx, const sp_quad *tmpl, int n,
                             const kg_id *row, unsigned long long sol,
                             kg_id with, int op, ev_rows *acc) {
  for (int i = 0; i < n; i++) {
    kg_qid q = {0, 0, 0, 0};
    kg_term ts, tp, to, tg = {0};
    TRY(tmpl_term(u, cx, &tmpl[i].s, row, sol, op, &q.s, &ts));
    TRY(tmpl_term(u, cx, &tmpl[i].p, row, sol, op, &q.p, &tp));
    TRY(tmpl_term(u, cx, &tmpl[i].o, row, sol, op, &q.o, &to));
    if (tmpl[i].g.kind) {
      TRY(tmpl_term(u, cx, &tmpl[i].g, row, sol, op, &q.g, &tg));
      if (!q.g) continue; /* unbound or unknown graph */
    } else {
      q.g = with;
    }
    if (!ts.kind || !tp.kind || !to.kind || !valid(&ts, &tp, &tg)) continue;
    if (!q.s || !q.p || !q.o) continue; /* deleting an unknown term */
    kg_id four[4] = {q.s, q.p, q.o, q.g};
    if (ev_rows_push(acc, four) < 0)
      return kg_err(u->err, KG_ERR_NOMEM, "out of memory");
  }
  return KG_OK;
}

static int count_of(const char *const *v) {
  int n = 0;
  while (v && v[n]) n++;
  return n;
}

static kg_status modify(urun *u, const sp_update *up) {
  kg_store *st = u->st;
  ev_ctx cx;
  TRY(ev_ctx_init(&cx, st, u->q, u->err));
  ev_set_limits(&cx, u->opt);
  cx.union_default = 0; /* the default graph of updates is the unnamed one */
  kg_status s = KG_OK;
  kg_id with = 0;
  if (up->with) {
    kg_term w = kg_iri(up->with);
    s = store_intern(st, &w, &with, u->err);
  }
  const char *with_from[1] = {up->with};
  const kg_query_options *o = u->opt;
  int given = o && (o->default_graphs || o->named_graphs);
  if (s == KG_OK && given && (up->with || up->nusing + up->nusing_named))
    s = kg_err(u->err, KG_ERR_ARG, "the request gives a dataset and the "
               "update has USING or WITH of its own: only one may say");
  else if (s == KG_OK && given)
    s = ev_set_dataset(&cx, (const char **)o->default_graphs,
                       count_of(o->default_graphs),
                       (const char **)o->named_graphs,
                       count_of(o->named_graphs), u->err);
  else if (s == KG_OK && up->nusing + up->nusing_named)
    s = ev_set_dataset(&cx, up->using, up->nusing, up->using_named,
                       up->nusing_named, u->err);
  else if (s == KG_OK && up->with)
    s = ev_set_dataset(&cx, with_from, 1, NULL, 0, u->err);
  if (s == KG_OK && up->with && !up->nusing && !up->nusing_named)
    cx.has_from_named = 0; /* WITH keeps every named graph visible */
  ev_rows del = {0}, ins = {0};
  del.width = ins.width = 4;
  if (s == KG_OK) {
    ev_graph g = {EG_DEFAULT, 0, 0};
    ev_iter *it = ev_open(&cx, up->where, NULL, &g);
    ev_rows rows = {0};
    if (!it || ev_drain(it, &rows) < 0)
      s = u->err && u->err->status ? u->err->status : KG_ERR_EVAL;
    ev_free(it);
    /* every solution first, then the changes: the WHERE sees the old
     * state only */
    for (size_t r = 0; s == KG_OK && r < rows.n; r++) {
      const kg_id *row = rows.data + r * rows.width;
      s = instantiate(u, &cx, up->del, up->ndel, row, r, with, -1, &del);
      if (s == KG_OK)
        s = instantiate(u, &cx, up->ins, up->nins, row, r, with, 1, &ins);
    }
    ev_rows_free(&rows);
  }
  /* the changes need no snapshot (it would make them copy the layers) */
  view_release(&cx.view);
  for (size_t i = 0; s == KG_OK && i < del.n; i++) {
    kg_qid q = {del.data[i * 4], del.data[i * 4 + 1], del.data[i * 4 + 2],
                del.data[i * 4 + 3]};
    s = set(u, &q, -1);
  }
  for (size_t i = 0; s == KG_OK && i < ins.n; i++) {
    kg_qid q = {ins.data[i * 4], ins.data[i * 4 + 1], ins.data[i * 4 + 2],
                ins.data[i * 4 + 3]};
    s = set(u, &q, 1);
  }
  ev_rows_free(&del);
  ev_rows_free(&ins);
  ev_ctx_clear(&cx);
  return s;
}

/* ------------------------------------------------------- graph management */

static kg_id graph_id(urun *u, const char *iri) {
  kg_term t = kg_iri(iri);
  return dict_find(u->st->dict, &t);
}

static long long graph_size(urun *u, kg_id g, int default_graph) {
  kg_view v = store_view(u->st);
  kg_pattern p = {0, 0, 0, g, default_graph ? G_DEFAULT : G_FIXED};
  if (!default_graph && !g) return 0;
  return (long long)scan_estimate(&v, &p);
}

/* Removes every statement of one graph (0 = default) or of every named
 * graph (named = 1). */
static kg_status clear_graph(urun *u, kg_id g, int default_graph, int named) {
  kg_view v = store_view(u->st);
  kg_pattern p = {0, 0, 0, g, default_graph ? G_DEFAULT
                              : named ? G_NAMED : G_FIXED};
  if (!default_graph && !named && !g) return KG_OK;
  ev_rows rows = {0};
  rows.width = 4;
  kg_scan sc;
  scan_init(&sc, &v, &p);
  kg_qid q;
  while (scan_next(&sc, &q)) {
    kg_id four[4] = {q.s, q.p, q.o, q.g};
    if (ev_rows_push(&rows, four) < 0) {
      ev_rows_free(&rows);
      return kg_err(u->err, KG_ERR_NOMEM, "out of memory");
    }
  }
  kg_status ds = index_damaged(v.base, u->err);
  if (ds != KG_OK) {
    ev_rows_free(&rows);
    return ds;
  }
  kg_status s = KG_OK;
  for (size_t i = 0; s == KG_OK && i < rows.n; i++) {
    kg_qid d = {rows.data[i * 4], rows.data[i * 4 + 1], rows.data[i * 4 + 2],
                rows.data[i * 4 + 3]};
    s = set(u, &d, -1);
  }
  ev_rows_free(&rows);
  return s;
}

static kg_status clear_target(urun *u, const sp_update *up) {
  switch (up->target) {
  case SP_G_DEFAULT:
    return clear_graph(u, 0, 1, 0);
  case SP_G_NAMED:
    return clear_graph(u, 0, 0, 1);
  case SP_G_ALL:
    TRY(clear_graph(u, 0, 1, 0));
    return clear_graph(u, 0, 0, 1);
  case SP_G_IRI: {
    kg_id g = graph_id(u, up->target_iri);
    if (!graph_size(u, g, 0)) {
      if (up->silent) return KG_OK;
      return kg_err(u->err, KG_ERR_NOTFOUND, "no graph <%s>",
                    up->target_iri);
    }
    return clear_graph(u, g, 0, 0);
  }
  default:
    return KG_OK;
  }
}

/* ADD, MOVE, COPY between the default graph and named graphs. */
static kg_status transfer(urun *u, const sp_update *up) {
  int from_default = up->from == SP_G_DEFAULT;
  int to_default = up->target == SP_G_DEFAULT;
  kg_id from = from_default ? 0 : graph_id(u, up->from_iri);
  kg_id to = 0;
  if (!to_default) {
    kg_term t = kg_iri(up->target_iri);
    TRY(store_intern(u->st, &t, &to, u->err));
  }
  if (from_default == to_default && from == to) return KG_OK;
  if (!from_default && !graph_size(u, from, 0)) {
    if (up->silent) return KG_OK;
    return kg_err(u->err, KG_ERR_NOTFOUND, "no graph <%s>", up->from_iri);
  }
  if (up->op != SP_U_ADD) TRY(clear_graph(u, to, to_default, 0));
  kg_view v = store_view(u->st);
  kg_pattern p = {0, 0, 0, from, from_default ? G_DEFAULT : G_FIXED};
  ev_rows rows = {0};
  rows.width = 3;
  kg_scan sc;
  scan_init(&sc, &v, &p);
  kg_qid q;
  while (scan_next(&sc, &q)) {
    kg_id three[3] = {q.s, q.p, q.o};
    if (ev_rows_push(&rows, three) < 0) {
      ev_rows_free(&rows);
      return kg_err(u->err, KG_ERR_NOMEM, "out of memory");
    }
  }
  kg_status ds = index_damaged(v.base, u->err);
  if (ds != KG_OK) {
    ev_rows_free(&rows);
    return ds;
  }
  kg_status s = KG_OK;
  for (size_t i = 0; s == KG_OK && i < rows.n; i++) {
    kg_qid d = {rows.data[i * 3], rows.data[i * 3 + 1], rows.data[i * 3 + 2],
                to};
    s = set(u, &d, 1);
  }
  ev_rows_free(&rows);
  if (s == KG_OK && up->op == SP_U_MOVE)
    s = clear_graph(u, from, from_default, 0);
  return s;
}

static kg_status load(urun *u, const sp_update *up) {
  unsigned deny = u->opt ? u->opt->deny : 0;
  int web = http_is_url(up->source);
  if (deny & (web ? KG_DENY_LOAD_WEB : KG_DENY_LOAD_FILE))
    return kg_err(u->err, KG_ERR_DENIED,
                  "LOAD <%s>: loading %s is not allowed here", up->source,
                  web ? "from the web" : "local files");
  kg_load_options o = {0};
  o.graph = up->target == SP_G_IRI ? up->target_iri : NULL;
  if (u->opt) { /* JSON-LD contexts and addresses as the caller allows */
    o.context_dir = u->opt->context_dir;
    o.allow_remote_contexts = u->opt->allow_remote_contexts;
    o.no_private = (deny & KG_DENY_PRIVATE) != 0;
    o.allow_hosts = u->opt->allow_hosts;
  }
  kg_load_stats ls;
  kg_error e;
  kg_status s = kg_load(u->st, up->source, &o, &ls, &e);
  if (s == KG_OK) {
    u->added += ls.added;
    return KG_OK;
  }
  if (up->silent) return KG_OK;
  if (u->err) *u->err = e;
  return s;
}

static kg_status run_one(urun *u, const sp_update *up) {
  switch (up->op) {
  case SP_U_INSERT_DATA:
    return apply_data(u, up->ins, up->nins, 1);
  case SP_U_DELETE_DATA:
    return apply_data(u, up->del, up->ndel, -1);
  case SP_U_DELETE_WHERE:
  case SP_U_MODIFY:
    return modify(u, up);
  case SP_U_LOAD:
    return load(u, up);
  case SP_U_CLEAR:
    return clear_target(u, up);
  case SP_U_DROP:
    return clear_target(u, up);
  case SP_U_CREATE:
    if (up->target == SP_G_IRI && graph_size(u, graph_id(u, up->target_iri),
                                             0) && !up->silent)
      return kg_err(u->err, KG_ERR_EVAL, "graph <%s> already exists",
                    up->target_iri);
    return KG_OK;
  case SP_U_ADD:
  case SP_U_MOVE:
  case SP_U_COPY:
    return transfer(u, up);
  }
  return kg_err(u->err, KG_ERR_UNSUPPORTED, "unknown update operation");
}

kg_status sp_update_run(kg_store *st, const sp_query *q,
                        const kg_query_options *opt,
                        unsigned long long *added, unsigned long long *removed,
                        kg_error *err) {
  urun u = {st, q, err, 0, 0, "", 0, opt};
  *added = *removed = 0;
  if (!q->nupdates) return KG_OK; /* a prologue alone changes nothing */
  TRY(store_write_begin(st, err));
  /* after the write lock: the counter includes other processes' scopes */
  snprintf(u.scope, sizeof u.scope, "u%llu_",
           (unsigned long long)store_bnode_scope(st));
  qset *sp = store_savepoint(st);
  /* the request is one transaction: operations inside it (LOAD too) must
   * not commit on their own */
  int was_explicit = st->explicit_txn;
  st->explicit_txn = 1;
  kg_status s = KG_OK;
  for (int i = 0; s == KG_OK && i < q->nupdates; i++) {
    u.opno = i;
    s = run_one(&u, &q->updates[i]);
    if (s != KG_OK && err && !err->line && q->updates[i].line) {
      err->line = q->updates[i].line;
      err->column = q->updates[i].column;
    }
  }
  st->explicit_txn = was_explicit;
  store_restore(st, sp, s != KG_OK);
  s = store_write_end(st, s, err);
  *added = s == KG_OK ? u.added : 0;
  *removed = s == KG_OK ? u.removed : 0;
  return s;
}
