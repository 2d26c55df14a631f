/* eval_service.c - SERVICE: the group pattern sent to a remote endpoint
 * over the SPARQL 1.1 protocol (POST, libcurl), its results joined in. */
#include <stdlib.h>
#include <string.h>

#include "io/http.h"
#include "sparql/eval/eval.h"
#include "results/results_read.h"

static ev_iter *silent_or_fail(ev_ctx *cx, const sp_node *n, const kg_id *in,
                               kg_error *e) {
  if (n->silent) return ev_unit(cx, in);
  ev_fail(cx, e->status ? e->status : KG_ERR_NET, "SERVICE: %s", e->message);
  return NULL;
}

ev_iter *ev_open_service(ev_ctx *cx, const sp_node *n, const kg_id *in,
                         const ev_graph *g) {
  (void)g;
  kg_error e;
  kg_error_clear(&e);
  if (cx->deny & KG_DENY_SERVICE) {
    /* refused even when SILENT: a policy, not a failing endpoint */
    ev_fail(cx, KG_ERR_DENIED, "SERVICE is not allowed here");
    return NULL;
  }
  kg_term ep;
  if (n->graph.kind == SP_VAR) {
    if (!in || !in[n->graph.var] || !ev_term(cx, in[n->graph.var], &ep) ||
        ep.kind != KG_TERM_IRI) {
      kg_err(&e, KG_ERR_EVAL, "the endpoint variable ?%s is not bound to an "
                              "IRI", cx->q->vars[n->graph.var]);
      return silent_or_fail(cx, n, in, &e);
    }
  } else {
    ep = (kg_term){KG_TERM_IRI, n->graph.value, n->graph.len, NULL, NULL};
  }
  char *url = strndup(ep.value, ep.len);
  strbuf query = {0}, body = {0};
  strbuf_puts(&query, n->prologue ? n->prologue : "");
  strbuf_puts(&query, "\nSELECT * WHERE ");
  strbuf_puts(&query, n->text ? n->text : "{}");
  if (!url || query.oom) {
    free(url);
    strbuf_free(&query);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  /* a form (query=...): every server takes it; Virtuoso 7.2 leaves a
   * POST of application/sparql-query unanswered */
  strbuf form = {0};
  strbuf_puts(&form, "query=");
  http_urlencode(&form, query.data);
  if (form.oom) {
    free(url);
    strbuf_free(&query);
    strbuf_free(&form);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  http_request rq = {url,
                     "application/sparql-results+json, "
                     "application/sparql-results+xml;q=0.9, "
                     "text/tab-separated-values;q=0.5",
                     form.data ? form.data : "", form.len,
                     "application/x-www-form-urlencoded",
                     30000, (volatile int *)&cx->st->interrupted};
  char *ctype = NULL;
  kg_status st = http_fetch(&rq, NULL, &body, &ctype, &e);
  sp_table *t = NULL;
  if (st == KG_OK)
    st = sp_table_parse(body.data ? body.data : "", body.len,
                        ctype ? ctype : NULL, &t, &e);
  free(url);
  free(ctype);
  strbuf_free(&form);
  strbuf_free(&query);
  strbuf_free(&body);
  if (st != KG_OK) return silent_or_fail(cx, n, in, &e);
  /* map the result's columns onto this query's variables */
  ev_rows rows = {0};
  rows.width = (size_t)cx->nvars;
  int *col_var = calloc(t->ncols + 1, sizeof *col_var);
  kg_id *row = calloc((size_t)cx->nvars + 1, sizeof *row);
  kg_id *merged = calloc((size_t)cx->nvars + 1, sizeof *merged);
  int rc = col_var && row && merged ? 0 : -1;
  for (size_t c = 0; !rc && c < t->ncols; c++) {
    col_var[c] = -1;
    for (int v = 0; v < cx->nvars; v++)
      if (!strcmp(cx->q->vars[v], t->cols[c])) col_var[c] = v;
  }
  for (size_t r = 0; !rc && r < t->nrows; r++) {
    memset(row, 0, (size_t)cx->nvars * sizeof *row);
    for (size_t c = 0; c < t->ncols; c++) {
      const kg_term *cell = sp_table_cell(t, r, c);
      if (col_var[c] < 0 || !cell->kind) continue;
      row[col_var[c]] = ev_intern(cx, cell);
      if (!row[col_var[c]]) rc = -1;
    }
    const kg_id *base = in ? in : row;
    if (!rc && ev_merge(cx->nvars, base, row, merged) &&
        ev_rows_push(&rows, merged) < 0)
      rc = -1;
  }
  free(col_var);
  free(row);
  free(merged);
  sp_table_free(t);
  if (rc) {
    ev_rows_free(&rows);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  return ev_rows_iter(cx, &rows);
}
