/* eval_join.c - the binary operators as pull iterators: join and left join
 * (bound into the side that takes input, into a SERVICE on the right by
 * VALUES batches, else hashed), union, minus. */
#include <stdlib.h>

#include "sparql/eval/eval.h"

/* ---------------------------------------------------------------- join */

/* Keys: variables certainly bound on both sides. */
static int *common_keys(const sp_query *q, const sp_node *a, const sp_node *b,
                        int *nk) {
  int nv = q->nvars;
  unsigned char *buf = calloc((size_t)nv + 1, 4);
  int *keys = calloc((size_t)nv + 1, sizeof *keys);
  *nk = 0;
  if (!buf || !keys) {
    free(buf);
    return keys;
  }
  unsigned char *ca = buf, *ma = ca + nv + 1, *cb = ma + nv + 1,
                *mb = cb + nv + 1;
  ev_node_vars(q, a, ca, ma);
  ev_node_vars(q, b, cb, mb);
  for (int i = 0; i < nv; i++)
    if (ca[i] && cb[i]) keys[(*nk)++] = i;
  free(buf);
  return keys;
}

typedef struct join_it {
  ev_iter base;
  const sp_node *n;
  ev_iter *a, *b;        /* b: bind-joined per row of a, or NULL */
  ev_rowhash h;          /* hashed right side otherwise */
  int hashed;
  kg_id *ra, *rb;
  int have_a;
  size_t cand;           /* next candidate + 1 in the hash chain / scan */
  int scan_all;          /* no keys: try every row */
  /* left join */
  int left;
  int matched;
  const ev_graph *g;
} join_it;

static int join_candidate(join_it *j, kg_id *row) {
  ev_ctx *cx = j->base.cx;
  while (j->cand) {
    size_t i = j->cand - 1;
    j->cand = j->scan_all ? (i + 1 < j->h.rows.n ? i + 2 : 0) : j->h.chain[i];
    const kg_id *rb = j->h.rows.data + i * j->h.rows.width;
    if (!ev_merge(cx->nvars, j->ra, rb, row)) continue;
    if (j->left && j->n->expr && !ev_filter_in(cx, j->n->expr, row, j->g))
      continue;
    return 1;
  }
  return 0;
}

static int join_next(ev_iter *it, kg_id *row) {
  join_it *j = (join_it *)it;
  ev_ctx *cx = it->cx;
  for (;;) {
    if (ev_cancelled(cx)) return -1;
    if (j->have_a) {
      int rc;
      if (j->hashed) {
        rc = join_candidate(j, row);
      } else {
        rc = j->b->next(j->b, row);
        while (rc > 0 && j->left && j->n->expr &&
               !ev_filter_in(cx, j->n->expr, row, j->g))
          rc = j->b->next(j->b, row);
      }
      if (rc < 0) return -1;
      if (rc > 0) {
        j->matched = 1;
        return 1;
      }
      j->have_a = 0;
      if (j->left && !j->matched) {
        ev_row_set(cx, row, j->ra);
        return 1;
      }
    }
    int rc = j->a->next(j->a, j->ra);
    if (rc <= 0) return rc;
    j->have_a = 1;
    j->matched = 0;
    if (j->hashed) {
      if (j->scan_all) {
        j->cand = j->h.rows.n ? 1 : 0;
      } else {
        int bound = 1;
        for (int k = 0; k < j->h.nkeys; k++)
          if (!j->ra[j->h.keys[k]]) bound = 0;
        if (bound) {
          j->cand = ev_rowhash_first(&j->h, j->ra);
        } else {
          /* a key variable is unbound on this row: compare with all */
          j->scan_all = 1;
          j->cand = j->h.rows.n ? 1 : 0;
        }
      }
    } else {
      j->b->reopen(j->b, j->ra);
    }
  }
}

static void join_reopen(ev_iter *it, const kg_id *in) {
  join_it *j = (join_it *)it;
  j->a->reopen(j->a, in);
  j->have_a = 0;
}

static void join_free(ev_iter *it) {
  join_it *j = (join_it *)it;
  ev_free(j->a);
  ev_free(j->b);
  ev_rowhash_free(&j->h);
  free(j->ra);
  free(j->rb);
  free(j);
}

ev_iter *ev_open_join(ev_ctx *cx, const sp_node *n, const kg_id *in,
                      const ev_graph *g, int left) {
  /* SERVICE written after a pattern: the pattern's rows go with its
   * requests, a batch at a time (eval_bind.c) */
  if (n->b->op == SP_N_SERVICE) {
    ev_iter *a = ev_open(cx, n->a, in, g);
    return a ? ev_open_bound(cx, n, n->b, a, left, left ? n->expr : NULL, g)
             : NULL;
  }
  join_it *j = calloc(1, sizeof *j);
  if (!j) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  j->base = (ev_iter){join_next, join_reopen, join_free, cx};
  j->n = n;
  j->left = left;
  j->g = g;
  j->ra = ev_row_new(cx);
  j->rb = ev_row_new(cx);
  const sp_node *first = n->a, *second = n->b;
  /* an inner join may run either way round: bind into the side that
   * takes input */
  if (!left && !ev_takes_input(cx->q, second) &&
      ev_takes_input(cx->q, first)) {
    first = n->b;
    second = n->a;
  }
  j->a = j->ra && j->rb ? ev_open(cx, first, in, g) : NULL;
  if (!j->a) {
    join_free(&j->base);
    return NULL;
  }
  if (ev_takes_input(cx->q, second)) {
    ev_prof_how(cx, n, first == n->a ? "nested loop"
                                      : "nested loop, the right side outer");
    j->b = ev_open(cx, second, in, g);
    if (!j->b) {
      join_free(&j->base);
      return NULL;
    }
    return &j->base;
  }
  j->hashed = 1;
  ev_prof_how(cx, n, "hash join");
  ev_iter *b = ev_open(cx, second, in, g);
  if (!b || ev_drain(b, &j->h.rows) < 0) {
    ev_free(b);
    join_free(&j->base);
    return NULL;
  }
  ev_free(b);
  j->h.keys = common_keys(cx->q, first, second, &j->h.nkeys);
  if (!j->h.keys || ev_rowhash_build(cx, &j->h) < 0) {
    join_free(&j->base);
    return NULL;
  }
  j->scan_all = j->h.nkeys == 0;
  return &j->base;
}

/* --------------------------------------------------------------- union */

typedef struct union_it {
  ev_iter base;
  ev_iter *a, *b;
  int second;
} union_it;

static int union_next(ev_iter *it, kg_id *row) {
  union_it *u = (union_it *)it;
  if (!u->second) {
    int rc = u->a->next(u->a, row);
    if (rc) return rc;
    u->second = 1;
  }
  return u->b->next(u->b, row);
}
static void union_reopen(ev_iter *it, const kg_id *in) {
  union_it *u = (union_it *)it;
  u->a->reopen(u->a, in);
  u->b->reopen(u->b, in);
  u->second = 0;
}
static void union_free(ev_iter *it) {
  union_it *u = (union_it *)it;
  ev_free(u->a);
  ev_free(u->b);
  free(u);
}

ev_iter *ev_open_union(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g) {
  union_it *u = calloc(1, sizeof *u);
  if (!u) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  u->base = (ev_iter){union_next, union_reopen, union_free, cx};
  u->a = ev_open(cx, n->a, in, g);
  u->b = u->a ? ev_open(cx, n->b, in, g) : NULL;
  if (!u->b) {
    union_free(&u->base);
    return NULL;
  }
  return &u->base;
}

/* --------------------------------------------------------------- minus */

typedef struct minus_it {
  ev_iter base;
  ev_iter *a;
  ev_rows b;
} minus_it;

static int minus_excluded(ev_ctx *cx, const kg_id *ra, const ev_rows *b) {
  for (size_t i = 0; i < b->n; i++) {
    const kg_id *rb = b->data + i * b->width;
    int shared = 0, compatible = 1;
    for (int v = 0; v < cx->nvars && compatible; v++) {
      if (!ra[v] || !rb[v]) continue;
      shared = 1;
      if (ra[v] != rb[v]) compatible = 0;
    }
    if (shared && compatible) return 1;
  }
  return 0;
}

static int minus_next(ev_iter *it, kg_id *row) {
  minus_it *m = (minus_it *)it;
  int rc;
  while ((rc = m->a->next(m->a, row)) > 0)
    if (!minus_excluded(it->cx, row, &m->b)) return 1;
  return rc;
}
static void minus_reopen(ev_iter *it, const kg_id *in) {
  ((minus_it *)it)->a->reopen(((minus_it *)it)->a, in);
}
static void minus_free(ev_iter *it) {
  minus_it *m = (minus_it *)it;
  ev_free(m->a);
  ev_rows_free(&m->b);
  free(m);
}

ev_iter *ev_open_minus(ev_ctx *cx, const sp_node *n, const kg_id *in,
                       const ev_graph *g) {
  minus_it *m = calloc(1, sizeof *m);
  if (!m) {
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    return NULL;
  }
  m->base = (ev_iter){minus_next, minus_reopen, minus_free, cx};
  m->a = ev_open(cx, n->a, in, g);
  ev_iter *b = m->a ? ev_open(cx, n->b, in, g) : NULL;
  if (!b || ev_drain(b, &m->b) < 0) {
    ev_free(b);
    minus_free(&m->base);
    return NULL;
  }
  ev_free(b);
  return &m->base;
}

