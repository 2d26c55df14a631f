/* eval_bind.c - the bound join into SERVICE: the left rows are read a
 * batch at a time, the batch's bindings go to the endpoint as VALUES
 * (eval_service.c), and the answers are joined back to the rows of the
 * batch by the tuple each answers (a hash join on the shared variables:
 * the tuple number is the key, each distinct tuple of the batch's values
 * having one), then checked by ev_merge, SPARQL's compatibility, for the
 * variables P may leave unbound. Memory holds one batch and its answers.
 * Like FedX's and Comunica's bound joins, with numbered VALUES rows so
 * that no answer is joined to a row it was not asked for. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval/eval.h"

/* Left rows sent in one request: fewer requests against a longer query
 * text (100 rows of two IRIs is some 10 KB of form). */
#define EV_SERVICE_BATCH 100

typedef struct bind_it {
  ev_iter base;
  const sp_node *svc;
  const sp_expr *expr;   /* the left join's filter, or NULL */
  int left;
  const ev_graph *g;
  ev_iter *a;
  int a_done;
  kg_id *ra;             /* a row read from a */
  ev_rows batch;         /* the left rows of this batch */
  int *state;            /* per batch row: its tuple, EV_SVC_PASS/NONE */
  ev_rows ans;           /* the answers, nvars ids + their tuple */
  uint32_t *head;        /* by tuple: first answer + 1 */
  uint32_t *next;        /* by answer: next answer of its tuple + 1 */
  size_t nhead;
  size_t i;              /* the batch row being joined */
  uint32_t cand;         /* its next candidate answer + 1 */
  int matched, started;
} bind_it;

/* Chains the answers by tuple; 0, or -1 (out of memory). */
static int chain_answers(bind_it *b) {
  size_t nt = 0, nv = b->ans.width - 1;
  for (size_t i = 0; i < b->batch.n; i++)
    if (b->state[i] >= 0 && (size_t)b->state[i] + 1 > nt)
      nt = (size_t)b->state[i] + 1;
  free(b->head);
  free(b->next);
  b->head = calloc(nt + 1, sizeof *b->head);
  b->next = calloc(b->ans.n + 1, sizeof *b->next);
  b->nhead = nt;
  if (!b->head || !b->next) return -1;
  for (size_t k = b->ans.n; k-- > 0;) {
    size_t t = (size_t)b->ans.data[k * b->ans.width + nv];
    if (t >= nt) continue;
    b->next[k] = b->head[t];
    b->head[t] = (uint32_t)(k + 1);
  }
  return 0;
}

/* Reads the next batch and asks the endpoint: 1, 0 at the end, -1. */
static int fill(bind_it *b) {
  ev_ctx *cx = b->base.cx;
  b->batch.n = b->ans.n = 0;
  b->i = 0;
  b->started = 0;
  while (!b->a_done && b->batch.n < EV_SERVICE_BATCH) {
    int rc = ev_next(b->a, b->ra);
    if (rc < 0) return -1;
    if (!rc) b->a_done = 1;
    else if (ev_rows_push(&b->batch, b->ra) < 0)
      return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  if (!b->batch.n) return 0;
  free(b->state);
  if (!(b->state = calloc(b->batch.n, sizeof *b->state)))
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  if (ev_service_batch(cx, b->svc, &b->batch, b->state, &b->ans) < 0)
    return -1;
  if (cx->prof) { /* .explain analyze: batches as loops, answers as rows */
    ev_prof_node *p = ev_prof_at(cx, b->svc);
    if (!p) return -1;
    p->loops++;
    p->rows += b->ans.n;
    p->how = "answers received, a batch a loop";
  }
  if (chain_answers(b) < 0) return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  return 1;
}

/* The next answer joined with batch row i, or 0 when none is left. */
static int candidate(bind_it *b, const kg_id *l, kg_id *row) {
  ev_ctx *cx = b->base.cx;
  while (b->cand) {
    size_t k = b->cand - 1;
    b->cand = b->next[k];
    if (!ev_merge(cx->nvars, l, b->ans.data + k * b->ans.width, row))
      continue;
    if (b->expr && !ev_filter_in(cx, b->expr, row, b->g)) continue;
    return 1;
  }
  return 0;
}

static int bind_next(ev_iter *it, kg_id *row) {
  bind_it *b = (bind_it *)it;
  ev_ctx *cx = it->cx;
  for (;;) {
    if (ev_cancelled(cx)) return -1;
    if (b->i >= b->batch.n) {
      int rc = fill(b);
      if (rc <= 0) return rc;
      continue;
    }
    const kg_id *l = b->batch.data + b->i * b->batch.width;
    int st = b->state[b->i];
    if (!b->started) {
      b->started = 1;
      b->matched = 0;
      b->cand = st >= 0 && (size_t)st < b->nhead ? b->head[st] : 0;
    }
    /* a row of a SILENT failure is the join with the one empty answer */
    if (st != EV_SVC_PASS && candidate(b, l, row)) {
      b->matched = 1;
      return 1;
    }
    b->i++;
    b->started = 0;
    if (st == EV_SVC_PASS || (b->left && !b->matched)) {
      ev_row_set(cx, row, l);
      return 1;
    }
  }
}

static void bind_reopen(ev_iter *it, const kg_id *in) {
  bind_it *b = (bind_it *)it;
  b->a->reopen(b->a, in);
  b->a_done = 0;
  b->batch.n = b->ans.n = 0;
  b->i = 0;
  b->started = 0;
}

static void bind_free(ev_iter *it) {
  bind_it *b = (bind_it *)it;
  ev_free(b->a);
  free(b->ra);
  ev_rows_free(&b->batch);
  ev_rows_free(&b->ans);
  free(b->state);
  free(b->head);
  free(b->next);
  free(b);
}

ev_iter *ev_open_bound(ev_ctx *cx, const sp_node *join, const sp_node *svc,
                       ev_iter *a, int left, const sp_expr *expr,
                       const ev_graph *g) {
  bind_it *b = calloc(1, sizeof *b);
  if (!b) {
    ev_free(a);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  b->base = (ev_iter){bind_next, bind_reopen, bind_free, cx};
  b->svc = svc;
  b->a = a;
  b->left = left;
  b->expr = expr;
  b->g = g;
  b->ra = ev_row_new(cx);
  b->batch.width = (size_t)cx->nvars;
  b->ans.width = (size_t)cx->nvars + 1;
  if (!b->ra) {
    bind_free(&b->base);
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  if (join) ev_prof_how(cx, join, "bound join: VALUES batches to SERVICE");
  /* the first batch now: an endpoint's failure fails the query's start,
   * before a server has answered "200" to its own client */
  if (fill(b) < 0) {
    bind_free(&b->base);
    return NULL;
  }
  return &b->base;
}
