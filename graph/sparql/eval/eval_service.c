/* eval_service.c - SERVICE: the group pattern P sent to a remote endpoint
 * over the SPARQL 1.1 protocol (a POSTed form, libcurl), with the
 * bindings the outer query already has as VALUES (a bound join: the
 * iterator in eval_bind.c hands a batch of rows at a time), and the
 * answers of one query evaluation kept so that an identical request is
 * sent once.
 *
 * What is sent for a batch, per endpoint:
 *   PROLOGUE SELECT * WHERE { VALUES (?_kgsh_row ?v1 ...) { (0 <a> UNDEF) ... } P }
 * ?v1... are the variables P binds that some row of the batch binds;
 * each distinct tuple of the rows' values is sent once, numbered, and
 * every answer names its tuple in ?_kgsh_row, so the caller joins it back
 * to exactly the rows that sent it (no duplicates where an UNDEF tuple
 * and a bound one both match). The VALUES come first so that a server
 * that binds left to right (kgsh serve) scans P per tuple. A row that
 * binds nothing P binds sends the plain `SELECT * WHERE P`. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "io/http.h"
#include "sparql/eval/eval.h"
#include "results/results_read.h"
#include "results/results_stream.h"

/* The answers kept for one query, by endpoint and query text. Bounded:
 * at most SVC_CACHE_ENTRIES answers and SVC_CACHE_BYTES of answer bodies
 * in all; past either bound new answers are used once and not kept (the
 * kept ones stay to the query's end: a repeated SERVICE is most often met
 * early, and keeping is cheaper than choosing what to forget). */
#define SVC_CACHE_ENTRIES 256
#define SVC_CACHE_BYTES ((size_t)16 << 20)
/* The variable that numbers the tuples sent (made unique in the query). */
#define SVC_ROW_VAR "_kgsh_row"

typedef struct svc_entry {
  char *key;            /* url NUL form */
  size_t keylen;
  uint64_t hash;
  strbuf body;
  char *ctype;
  unsigned id;          /* names the answer's blank nodes */
} svc_entry;

struct ev_svc_cache {
  svc_entry *e;
  size_t n, cap, bytes;
  unsigned next_id;
};

static void entry_clear(svc_entry *x) {
  free(x->key);
  strbuf_free(&x->body);
  free(x->ctype);
}

void ev_svc_cache_free(ev_svc_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) entry_clear(&c->e[i]);
  free(c->e);
  free(c);
}

/* An answer being read: its rows as they arrive (from the server, or
 * from a kept body), the id its blank nodes are named by, and, while it
 * stays within the cache's bounds, its bytes gathered to be kept. */
typedef struct svc_answer {
  sp_stream *rows;
  unsigned id;
  http_request rq;       /* borrowed by h until it is freed */
  http_stream *h;        /* NULL: a kept answer */
  const strbuf *kept;
  int given;             /* the kept body went out */
  svc_entry x;           /* the entry to keep, when keep */
  int keep;
  size_t room;           /* bytes the cache still takes */
} svc_answer;

static int svc_pull(void *ctx, strbuf *into, kg_error *e) {
  svc_answer *a = ctx;
  if (!a->h) {
    if (a->given) return 0;
    a->given = 1;
    strbuf_append(into, a->kept->data ? a->kept->data : "", a->kept->len);
    return into->oom ? (kg_err(e, KG_ERR_NOMEM, "out of memory"), -1) : 1;
  }
  size_t before = into->len;
  int rc = http_stream_pull(a->h, into, e);
  if (rc > 0 && a->keep) {
    size_t n = into->len - before;
    if (a->x.body.len + n > a->room) { /* too large to keep: only read */
      a->keep = 0;
      strbuf_free(&a->x.body);
    } else {
      strbuf_append(&a->x.body, into->data + before, n);
    }
  }
  return rc;
}

static void svc_close(svc_answer *a) {
  sp_stream_free(a->rows);
  http_stream_free(a->h);
  entry_clear(&a->x);
}

/* Starts reading the answer of `form` at `url`: a kept one, or a new
 * request. */
static kg_status svc_open(ev_ctx *cx, const char *url, const strbuf *form,
                          svc_answer *a, kg_error *e) {
  if (!cx->svc_cache && !(cx->svc_cache = calloc(1, sizeof *cx->svc_cache)))
    return kg_err(e, KG_ERR_NOMEM, "out of memory");
  ev_svc_cache *c = cx->svc_cache;
  size_t ul = strlen(url), kl = ul + 1 + form->len;
  char *key = malloc(kl + 1);
  if (!key) return kg_err(e, KG_ERR_NOMEM, "out of memory");
  memcpy(key, url, ul + 1);
  memcpy(key + ul + 1, form->data, form->len);
  key[kl] = '\0';
  uint64_t h = kg_hash_bytes(key, kl);
  for (size_t i = 0; i < c->n; i++) {
    svc_entry *x = &c->e[i];
    if (x->hash == h && x->keylen == kl && !memcmp(x->key, key, kl)) {
      free(key);
      a->id = x->id;
      a->kept = &x->body;
      return sp_stream_open(x->ctype, svc_pull, a, &a->rows, e);
    }
  }
  /* a form (query=...): every server takes it; Virtuoso 7.2 leaves a
   * POST of application/sparql-query unanswered */
  a->rq = (http_request){
      .url = url,
      .accept = "application/sparql-results+json, "
                "application/sparql-results+xml;q=0.9, "
                "text/tab-separated-values;q=0.5",
      .body = form->data,
      .body_len = form->len,
      .content_type = "application/x-www-form-urlencoded",
      .timeout_ms = 30000,
      .cancel = (volatile int *)&cx->st->interrupted,
      .no_private = (cx->deny & KG_DENY_PRIVATE) != 0,
      .allow_hosts = cx->allow_hosts};
  a->x = (svc_entry){.key = key, .keylen = kl, .hash = h, .id = c->next_id++};
  a->id = a->x.id;
  a->keep = c->n < SVC_CACHE_ENTRIES && c->bytes < SVC_CACHE_BYTES;
  a->room = SVC_CACHE_BYTES - c->bytes;
  TRY(http_stream_open(&a->rq, NULL, &a->h, NULL, e));
  const char *ct = http_stream_type(a->h);
  if (ct && !(a->x.ctype = strdup(ct)))
    return kg_err(e, KG_ERR_NOMEM, "out of memory");
  return sp_stream_open(ct, svc_pull, a, &a->rows, e);
}

/* An answer read to its end is kept, when it fits (failures never are:
 * they are tried again). */
static void svc_keep(ev_ctx *cx, svc_answer *a) {
  ev_svc_cache *c = cx->svc_cache;
  if (!a->h || !a->keep || a->x.body.oom || /* a body cut short: never */
      !grow(&c->e, &c->cap, c->n + 1, sizeof *c->e, 8))
    return;
  c->bytes += a->x.body.len;
  c->e[c->n++] = a->x;
  a->x = (svc_entry){0};
}

/* ------------------------------------------------------------ the batch */

/* The tuples of one batch: distinct (endpoint, values of the sent
 * variables); 0 stands for UNDEF. */
typedef struct svc_tuples {
  int *send;            /* the variables sent */
  int nsend;
  kg_id *vals;          /* n x (1 + nsend): endpoint id, then the values */
  size_t n, cap;
} svc_tuples;

static int tuple_find_or_add(svc_tuples *T, const kg_id *t) {
  size_t w = 1 + (size_t)T->nsend;
  for (size_t i = 0; i < T->n; i++)
    if (!memcmp(T->vals + i * w, t, w * sizeof *t)) return (int)i;
  if (!grow(&T->vals, &T->cap, (T->n + 1) * w, sizeof *T->vals, 16 * w))
    return -1;
  memcpy(T->vals + T->n * w, t, w * sizeof *t);
  return (int)T->n++;
}

/* A name for the tuple number no variable of the query has. */
static void row_var(const sp_query *q, strbuf *b) {
  for (int k = 0;; k++) {
    strbuf_clear(b);
    strbuf_puts(b, SVC_ROW_VAR);
    if (k) strbuf_printf(b, "%d", k);
    int used = 0;
    for (int v = 0; v < q->nvars && !used; v++)
      used = !strcmp(q->vars[v], b->data ? b->data : "");
    if (!used) return;
  }
}

/* 1 if endpoint ep has a single tuple and it binds nothing: P is sent
 * plain; *only is its tuple (the last of ep's otherwise). */
static int plain_tuple(const svc_tuples *T, kg_id ep, size_t *only) {
  size_t w = 1 + (size_t)T->nsend, mine = 0;
  for (size_t i = 0; i < T->n; i++)
    if (T->vals[i * w] == ep) mine++, *only = i;
  int plain = mine == 1;
  for (int j = 0; plain && j < T->nsend; j++)
    if (T->vals[*only * w + 1 + j]) plain = 0;
  return plain;
}

/* The query for the tuples of endpoint `ep`; 0, or -1 (ctx error set). */
static int build_query(ev_ctx *cx, const sp_node *n, const svc_tuples *T,
                       kg_id ep, int plain, const char *rv, strbuf *q) {
  size_t w = 1 + (size_t)T->nsend;
  strbuf_puts(q, n->prologue ? n->prologue : "");
  strbuf_puts(q, "\nSELECT * WHERE ");
  if (plain) {
    strbuf_puts(q, n->text ? n->text : "{}");
    return q->oom ? ev_fail(cx, KG_ERR_NOMEM, "out of memory") : 0;
  }
  strbuf_printf(q, "{\n VALUES (?%s", rv);
  for (int j = 0; j < T->nsend; j++)
    strbuf_printf(q, " ?%s", cx->q->vars[T->send[j]]);
  strbuf_puts(q, ") {\n");
  for (size_t i = 0; i < T->n; i++) {
    if (T->vals[i * w] != ep) continue;
    strbuf_printf(q, "  (%zu", i);
    for (int j = 0; j < T->nsend; j++) {
      kg_term t;
      kg_id id = T->vals[i * w + 1 + j];
      strbuf_putc(q, ' ');
      if (!id) strbuf_puts(q, "UNDEF");
      else if (ev_term(cx, id, &t)) kg_term_write_nt(q, &t);
      else return ev_fail(cx, KG_ERR_EVAL, "SERVICE: a term of the query "
                                           "could not be read");
    }
    strbuf_puts(q, ")\n");
  }
  strbuf_puts(q, " }\n ");
  strbuf_puts(q, n->text ? n->text : "{}");
  strbuf_puts(q, "\n}");
  return q->oom ? ev_fail(cx, KG_ERR_NOMEM, "out of memory") : 0;
}

/* The id of a remote cell: a blank node is renamed apart from the
 * store's and from every other answer's (spec s.8: its own scope). */
static kg_id cell_id(ev_ctx *cx, const kg_term *cell, unsigned id,
                     strbuf *tmp) {
  if (cell->kind != KG_TERM_BLANK) return ev_intern(cx, cell);
  strbuf_clear(tmp);
  strbuf_printf(tmp, "%ss%u_", cx->f.bnode_prefix ? cx->f.bnode_prefix : "",
                id);
  strbuf_append(tmp, cell->value, cell->len);
  if (tmp->oom) return 0;
  kg_term b = {KG_TERM_BLANK, tmp->data, tmp->len, NULL, NULL};
  return ev_intern(cx, &b);
}

/* The tuple number an answer names: >= 0, or -1 if it names none of
 * the tuples sent to endpoint `ep`. */
static long answer_tuple(const kg_term *cell, const svc_tuples *T, kg_id ep) {
  if (cell->kind != KG_TERM_LITERAL || !cell->len || cell->len > 9) return -1;
  long k = 0;
  for (size_t i = 0; i < cell->len; i++) {
    if (cell->value[i] < '0' || cell->value[i] > '9') return -1;
    k = k * 10 + (cell->value[i] - '0');
  }
  if ((size_t)k >= T->n || T->vals[(size_t)k * (1 + T->nsend)] != ep)
    return -1;
  return k;
}

/* The answer's rows into `ans` (nvars ids, then the tuple), a batch at a
 * time; -1 (ctx error set) for a wrong answer, or 0 with *st set when
 * its reading failed (the caller decides: SILENT). */
static int map_answer(ev_ctx *cx, const sp_node *n, svc_answer *a,
                      const svc_tuples *T, kg_id ep, const char *rv,
                      const char *url, ev_rows *ans, kg_status *st,
                      kg_error *e) {
  const sp_table *h = sp_stream_head(a->rows);
  int nv = cx->nvars, rc = 0;
  size_t only = 0, seen = 0;
  int plain = plain_tuple(T, ep, &only);
  long rcol = plain ? -1 : sp_table_column(h, rv, strlen(rv));
  int *col_var = calloc(h->ncols + 1, sizeof *col_var);
  kg_id *row = calloc((size_t)nv + 1, sizeof *row);
  strbuf tmp = {0};
  if (!col_var || !row) rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  for (size_t c = 0; !rc && c < h->ncols; c++) {
    col_var[c] = -1;
    for (int v = 0; v < nv; v++)
      if (!strcmp(cx->q->vars[v], h->cols[c])) col_var[c] = v;
  }
  int epvar = n->graph.kind == SP_VAR ? n->graph.var : -1;
  const sp_table *t;
  while (!rc && (*st = sp_stream_next(a->rows, &t, e)) == KG_OK && t) {
    if (!plain && rcol < 0) {
      rc = ev_fail(cx, KG_ERR_NET, "SERVICE: %s answered without the "
                   "?%s column of the VALUES it was sent", url, rv);
      break;
    }
    for (size_t r = 0; !rc && r < t->nrows; r++) {
      seen++;
      memset(row, 0, ((size_t)nv + 1) * sizeof *row);
      long k = (long)only;
      if (rcol >= 0 && (k = answer_tuple(sp_table_cell(t, r, (size_t)rcol),
                                         T, ep)) < 0) {
        rc = ev_fail(cx, KG_ERR_NET, "SERVICE: %s answered row %zu with a "
                     "?%s that names no VALUES row sent", url, seen, rv);
        break;
      }
      for (size_t c = 0; c < t->ncols && !rc; c++) {
        const kg_term *cell = sp_table_cell(t, r, c);
        if (col_var[c] < 0 || !cell->kind) continue;
        if (!(row[col_var[c]] = cell_id(cx, cell, a->id, &tmp)))
          rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
      }
      if (rc) break;
      /* the endpoint a variable named belongs to the answer */
      if (epvar >= 0 && row[epvar] && row[epvar] != ep) continue;
      if (epvar >= 0) row[epvar] = ep;
      row[nv] = (kg_id)k;
      if (ev_rows_push(ans, row) < 0)
        rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
    }
  }
  free(col_var);
  free(row);
  strbuf_free(&tmp);
  return rc;
}

/* The endpoint of a row: its id (a constant endpoint: 1), or 0. */
static kg_id row_endpoint(ev_ctx *cx, const sp_node *n, const kg_id *row) {
  if (n->graph.kind != SP_VAR) return 1;
  kg_term t;
  kg_id id = row[n->graph.var];
  return id && ev_term(cx, id, &t) && t.kind == KG_TERM_IRI ? id : 0;
}

/* Each row's tuple into state[]; the endpoints with tuples into eps. */
static int make_tuples(ev_ctx *cx, const sp_node *n, const ev_rows *batch,
                       int *state, svc_tuples *T, kg_id **eps, size_t *neps,
                       int *unbound_ep) {
  int nv = cx->nvars;
  unsigned char *cert = calloc((size_t)nv + 1, 2), *maybe = NULL;
  kg_id *t = calloc((size_t)nv + 2, sizeof *t);
  T->send = calloc((size_t)nv + 1, sizeof *T->send);
  size_t cap = 0;
  int rc = cert && t && T->send ? 0 : -1;
  if (!rc) ev_node_vars(cx->q, n->a, cert, maybe = cert + nv + 1);
  for (int v = 0; !rc && v < nv; v++) {
    /* hidden variables (blank nodes, paths: "_:", ".") are P's own */
    const char *name = cx->q->vars[v];
    int hidden = name[0] == '.' || (name[0] == '_' && name[1] == ':');
    if (hidden || (!cert[v] && !maybe[v])) continue;
    for (size_t i = 0; i < batch->n; i++)
      if (batch->data[i * batch->width + v]) {
        T->send[T->nsend++] = v;
        break;
      }
  }
  for (size_t i = 0; !rc && i < batch->n; i++) {
    const kg_id *row = batch->data + i * batch->width;
    state[i] = EV_SVC_NONE;
    if (!(t[0] = row_endpoint(cx, n, row))) {
      *unbound_ep = 1;
      state[i] = EV_SVC_PASS;
      continue;
    }
    int blank = 0;
    for (int j = 0; j < T->nsend; j++) {
      kg_term term;
      kg_id id = row[T->send[j]];
      t[1 + j] = id;
      if (!id || !ev_term(cx, id, &term) || term.kind != KG_TERM_BLANK)
        continue;
      /* a blank node of ours is no remote term: an answer binding this
       * variable never matches it, so ask for the answers that leave it
       * unbound (UNDEF), or for nothing when P always binds it */
      t[1 + j] = 0;
      if (cert[T->send[j]]) blank = 1;
    }
    if (blank) continue;
    int k = tuple_find_or_add(T, t);
    if (k < 0) {
      rc = -1;
      break;
    }
    state[i] = k;
    if ((size_t)k + 1 == T->n) {
      size_t e = 0;
      while (e < *neps && (*eps)[e] != t[0]) e++;
      if (e == *neps) {
        if (!grow(eps, &cap, *neps + 1, sizeof **eps, 8)) rc = -1;
        else (*eps)[(*neps)++] = t[0];
      }
    }
  }
  free(cert);
  free(t);
  return rc ? ev_fail(cx, KG_ERR_NOMEM, "out of memory") : 0;
}

/* The rows of endpoint ep go on unextended (SERVICE SILENT). */
static void pass_rows(const svc_tuples *T, kg_id ep, int *state, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (state[i] >= 0 && T->vals[(size_t)state[i] * (1 + T->nsend)] == ep)
      state[i] = EV_SVC_PASS;
}

/* One endpoint's request; 1 when it failed under SILENT, -1 fails. */
static int one_endpoint(ev_ctx *cx, const sp_node *n, const svc_tuples *T,
                        kg_id ep, const char *rv, ev_rows *ans) {
  kg_term et = {KG_TERM_IRI, n->graph.value, n->graph.len, NULL, NULL};
  if (n->graph.kind == SP_VAR && !ev_term(cx, ep, &et))
    return ev_fail(cx, KG_ERR_EVAL, "SERVICE: the endpoint could not be read");
  char *url = strndup(et.value, et.len);
  strbuf q = {0}, form = {0};
  size_t only;
  int rc = url ? build_query(cx, n, T, ep, plain_tuple(T, ep, &only), rv, &q)
               : ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  if (!rc) {
    strbuf_puts(&form, "query=");
    http_urlencode(&form, q.data);
    if (form.oom) rc = ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  }
  kg_error e;
  kg_error_clear(&e);
  svc_answer a = {0};
  size_t before = ans->n;
  kg_status st = rc ? KG_OK : svc_open(cx, url, &form, &a, &e);
  if (!rc && st == KG_OK) rc = map_answer(cx, n, &a, T, ep, rv, url, ans,
                                          &st, &e);
  if (!rc && st != KG_OK) {
    ans->n = before; /* what came before the failure goes too */
    if (n->silent && st != KG_ERR_DENIED) rc = 1; /* a policy is no failure */
    else rc = ev_fail(cx, st, "SERVICE: %s", e.message);
  }
  if (!rc) svc_keep(cx, &a);
  svc_close(&a);
  free(url);
  strbuf_free(&q);
  strbuf_free(&form);
  return rc;
}

int ev_service_batch(ev_ctx *cx, const sp_node *n, const ev_rows *batch,
                     int *state, ev_rows *ans) {
  if (cx->deny & KG_DENY_SERVICE) /* refused even when SILENT: a policy */
    return ev_fail(cx, KG_ERR_DENIED, "SERVICE is not allowed here");
  ans->width = (size_t)cx->nvars + 1;
  svc_tuples T = {0};
  kg_id *eps = NULL;
  size_t neps = 0;
  int unbound_ep = 0;
  strbuf rv = {0};
  row_var(cx->q, &rv);
  int rc = rv.oom ? ev_fail(cx, KG_ERR_NOMEM, "out of memory")
                  : make_tuples(cx, n, batch, state, &T, &eps, &neps,
                                &unbound_ep);
  if (!rc && unbound_ep && !n->silent)
    rc = ev_fail(cx, KG_ERR_EVAL, "SERVICE: the endpoint variable ?%s is "
                 "not bound to an IRI", cx->q->vars[n->graph.var]);
  for (size_t e = 0; !rc && e < neps; e++) {
    int r = one_endpoint(cx, n, &T, eps[e], rv.data, ans);
    if (r > 0) pass_rows(&T, eps[e], state, batch->n);
    else rc = r;
  }
  free(T.send);
  free(T.vals);
  free(eps);
  strbuf_free(&rv);
  return rc;
}

ev_iter *ev_open_service(ev_ctx *cx, const sp_node *n, const kg_id *in,
                         const ev_graph *g) {
  ev_iter *a = ev_unit(cx, in);
  return a ? ev_open_bound(cx, NULL, n, a, 0, NULL, g) : NULL;
}
