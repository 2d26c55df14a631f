/* eval.c - evaluator context, term ids, expressions and row helpers. */
#include "sparql/eval/eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "grow.h"

/* ------------------------------------------------------------- context */

kg_status ev_ctx_init(ev_ctx *cx, kg_store *st, const sp_query *q,
                      kg_error *err) {
  memset(cx, 0, sizeof *cx);
  cx->st = st;
  /* a snapshot: the query reads the store as it is now to its end */
  kg_view v = store_view(st);
  cx->view = view_hold(&v);
  cx->q = q;
  cx->nvars = q->nvars;
  cx->err = err;
  cx->arena = arena_new();
  if (!cx->arena) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  cx->f.arena = cx->arena;
  struct timeval tv;
  gettimeofday(&tv, NULL);
  cx->f.now_sec = tv.tv_sec;
  cx->f.now_usec = (int)tv.tv_usec;
  struct tm lt;
  time_t t = tv.tv_sec;
  localtime_r(&t, &lt);
  cx->f.now_tz_minutes = (int)(lt.tm_gmtoff / 60);
  cx->f.base = q->base;
  cx->f.rand_state = (uint64_t)tv.tv_sec * 1000003u ^ (uint64_t)tv.tv_usec;
  char prefix[48];
  snprintf(prefix, sizeof prefix, "q%llu_",
           (unsigned long long)store_bnode_scope(st));
  cx->f.bnode_prefix = arena_strdup(cx->arena, prefix);
  cx->union_default = st->union_default;
  kg_term type = kg_iri(KG_RDF_TYPE);
  cx->type_id = dict_find(st->dict, &type);
  return KG_OK;
}

void ev_ctx_clear(ev_ctx *cx) {
  view_release(&cx->view);
  sp_fctx_clear(&cx->f);
  free(cx->local.terms);
  free(cx->local.slot);
  inline_texts_free(&cx->texts);
  free(cx->from);
  free(cx->from_named);
  ev_svc_cache_free(cx->svc_cache);
  arena_free(cx->arena);
  memset(cx, 0, sizeof *cx);
}

int ev_fail(ev_ctx *cx, kg_status st, const char *fmt, ...) {
  if (!cx->failed) {
    cx->failed = 1;
    if (cx->err) {
      va_list ap;
      va_start(ap, fmt);
      cx->err->status = st;
      cx->err->file[0] = '\0';
      cx->err->line = cx->err->column = 0;
      vsnprintf(cx->err->message, sizeof cx->err->message, fmt, ap);
      va_end(ap);
    }
  }
  return -1;
}

/* The heap in use (mallinfo2 walks glibc's arenas: cheap enough every
 * 1024 steps, and it counts what the statement's rows, tables and
 * strings hold without wrapping every allocation). */
size_t __sanitizer_get_current_allocated_bytes(void) __attribute__((weak));

static size_t heap_used(void) {
  /* under AddressSanitizer malloc is its own, and mallinfo2 says 0 */
  if (__sanitizer_get_current_allocated_bytes)
    return __sanitizer_get_current_allocated_bytes();
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

void ev_set_limits(ev_ctx *cx, const kg_query_options *opt) {
  if (!opt) return;
  cx->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms : 0;
  cx->max_memory_mb = opt->max_memory_mb > 0 ? opt->max_memory_mb : 0;
  if (cx->timeout_ms) cx->deadline = kg_now() + (double)cx->timeout_ms / 1000;
  if (cx->max_memory_mb) {
    cx->mem_limit = (size_t)cx->max_memory_mb << 20;
    cx->mem_base = heap_used();
  }
  cx->cancel = opt->cancel;
  cx->deny = opt->deny;
  cx->allow_hosts = opt->allow_hosts;
}

int ev_cancelled(ev_ctx *cx) {
  if ((++cx->steps & 1023) != 0) return cx->failed;
  if (store_interrupted(cx->st) || (cx->cancel && *cx->cancel)) {
    ev_fail(cx, KG_ERR_CANCELLED, "query interrupted");
    return 1;
  }
  if (cx->deadline && kg_now() > cx->deadline) {
    ev_fail(cx, KG_ERR_CANCELLED,
            "timed out: stopped after %.3g s, its time limit (.timeout); "
            "narrow it, or allow more time",
            (double)cx->timeout_ms / 1000);
    return 1;
  }
  if (cx->mem_limit) {
    size_t used = heap_used();
    if (used > cx->mem_base && used - cx->mem_base > cx->mem_limit) {
      ev_fail(cx, KG_ERR_CANCELLED,
              "stopped: its intermediate results passed %ld MB, its memory "
              "limit (.limit memory); narrow it (LIMIT, more selective "
              "patterns), or allow more memory",
              cx->max_memory_mb);
      return 1;
    }
  }
  return cx->failed;
}

/* --------------------------------------------------------------- terms */

static uint64_t term_hash(const kg_term *t) {
  uint64_t h = kg_hash_bytes(t->value ? t->value : "", t->len) ^ (uint64_t)t->kind;
  if (t->lang) h ^= kg_hash_bytes(t->lang, strlen(t->lang)) * 31;
  else if (t->datatype && strcmp(t->datatype, KG_XSD_STRING))
    h ^= kg_hash_bytes(t->datatype, strlen(t->datatype)) * 17;
  return h;
}

/* A term the dictionary could not give, a lookup or a scan that met
 * damage: the query fails rather than answer without what it could not
 * read. 1 when it did. */
static int damaged(ev_ctx *cx) {
  kg_error e;
  if (dict_damaged(cx->st->dict, &e) == KG_OK &&
      index_damaged(cx->view.base, &e) == KG_OK)
    return 0;
  ev_fail(cx, e.status, "%s", e.message);
  return 1;
}

int ev_next(ev_iter *it, kg_id *row) {
  int rc = it->next(it, row);
  return rc >= 0 && damaged(it->cx) ? -1 : rc;
}

/* The term of an inline id, its text kept for the query. */
static int inline_term_of(ev_ctx *cx, kg_id id, kg_term *t) {
  int r = inline_term(&cx->texts, id, t);
  if (r < 0)
    ev_fail(cx, KG_ERR_CORRUPT,
            "store damaged: a statement holds id %u, which is no term", id);
  else if (!r)
    ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  return r > 0;
}

int ev_term(ev_ctx *cx, kg_id id, kg_term *t) {
  if (!id) return 0;
  if (inline_is(id)) return inline_term_of(cx, id, t);
  if (id >= EV_LOCAL) {
    size_t i = id - EV_LOCAL;
    if (i >= cx->local.n) return 0;
    *t = cx->local.terms[i];
    return 1;
  }
  if (dict_term(cx->st->dict, id, t)) return 1;
  damaged(cx);
  return 0;
}

kg_id ev_lookup(ev_ctx *cx, const kg_term *t) {
  kg_id id = dict_find(cx->st->dict, t);
  if (!id) damaged(cx);
  return id;
}

static int local_grow(ev_local *l) {
  size_t ns = l->nslot ? l->nslot * 2 : 256;
  uint32_t *slot = calloc(ns, sizeof *slot);
  if (!slot) return -1;
  for (size_t i = 0; i < l->n; i++) {
    size_t j = term_hash(&l->terms[i]) & (ns - 1);
    while (slot[j]) j = (j + 1) & (ns - 1);
    slot[j] = (uint32_t)(i + 1);
  }
  free(l->slot);
  l->slot = slot;
  l->nslot = ns;
  return 0;
}

kg_id ev_intern(ev_ctx *cx, const kg_term *t) {
  if (!t->kind) return 0;
  kg_id id = dict_find(cx->st->dict, t);
  if (id) return id;
  ev_local *l = &cx->local;
  uint64_t h = term_hash(t);
  if (l->nslot) {
    for (size_t j = h & (l->nslot - 1); l->slot[j];
         j = (j + 1) & (l->nslot - 1))
      if (kg_term_equal(&l->terms[l->slot[j] - 1], t))
        return EV_LOCAL + l->slot[j] - 1;
  }
  if ((l->n + 1) * 2 > l->nslot && local_grow(l) < 0) return 0;
  if (!grow(&l->terms, &l->cap, l->n + 1, sizeof *l->terms, 64)) return 0;
  kg_term c = *t;
  c.value = arena_strndup(cx->arena, t->value ? t->value : "", t->len);
  if (t->lang) c.lang = arena_strdup(cx->arena, t->lang);
  if (t->datatype) c.datatype = arena_strdup(cx->arena, t->datatype);
  if (!c.value) return 0;
  l->terms[l->n] = c;
  size_t j = h & (l->nslot - 1);
  while (l->slot[j]) j = (j + 1) & (l->nslot - 1);
  l->slot[j] = (uint32_t)(l->n + 1);
  return EV_LOCAL + (kg_id)l->n++;
}

sp_val ev_value(ev_ctx *cx, kg_id id) {
  kg_term t;
  if (!ev_term(cx, id, &t)) return sp_val_error();
  if (!inline_is(id)) return sp_val_from_term(&t);
  /* a number or date in its id: its value without reading its text */
  int scale, y, m, d;
  switch (inline_kind(id)) {
  case INLINE_INTEGER:
    return sp_val_known_integer(&t, inline_integer(id));
  case INLINE_DECIMAL: {
    int64_t mant = inline_mantissa(id, &scale);
    return sp_val_known_decimal(&t, mant, scale);
  }
  default:
    inline_date(id, &y, &m, &d);
    return sp_val_known_date(&t, y, m, d);
  }
}

kg_id ev_value_id(ev_ctx *cx, const sp_val *v) {
  if (v->type == SPV_ERROR) return 0;
  kg_term t = sp_val_to_term(v);
  return ev_intern(cx, &t);
}

kg_id ev_const(ev_ctx *cx, const sp_term *t) {
  if (t->kind == SP_VAR || t->kind == KG_TERM_NONE) return 0;
  kg_term k = sp_term_kg(t);
  return ev_intern(cx, &k);
}

/* --------------------------------------------------------------- rows */

kg_id *ev_row_new(ev_ctx *cx) {
  return calloc((size_t)cx->nvars + 1, sizeof(kg_id));
}

void ev_row_set(ev_ctx *cx, kg_id *dst, const kg_id *src) {
  if (src) memcpy(dst, src, (size_t)cx->nvars * sizeof *dst);
  else memset(dst, 0, (size_t)cx->nvars * sizeof *dst);
}

int ev_rows_push(ev_rows *r, const kg_id *row) {
  /* cap counts rows of `width` ids */
  size_t rowsize = (r->width ? r->width : 1) * sizeof *r->data;
  if (!grow(&r->data, &r->cap, r->n + 1, rowsize, 64)) return -1;
  if (r->width) memcpy(r->data + r->n * r->width, row, r->width * sizeof *row);
  r->n++;
  return 0;
}

void ev_rows_free(ev_rows *r) {
  free(r->data);
  memset(r, 0, sizeof *r);
}

static uint64_t key_hash(const kg_id *row, const int *keys, int nk) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < nk; i++) {
    h ^= row[keys[i]];
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
  }
  return h;
}

int ev_rowhash_build(ev_ctx *cx, ev_rowhash *h) {
  size_t n = h->rows.n;
  h->nb = 16;
  while (h->nb < n * 2) h->nb *= 2;
  h->bucket = calloc(h->nb, sizeof *h->bucket);
  h->chain = calloc(n + 1, sizeof *h->chain);
  if (!h->bucket || !h->chain)
    return ev_fail(cx, KG_ERR_NOMEM, "out of memory");
  /* chains in reverse, so that a key's rows come in their order */
  for (size_t i = n; i-- > 0;) {
    const kg_id *r = h->rows.data + i * h->rows.width;
    size_t b = key_hash(r, h->keys, h->nkeys) & (h->nb - 1);
    h->chain[i] = h->bucket[b];
    h->bucket[b] = (uint32_t)(i + 1);
  }
  return 0;
}

size_t ev_rowhash_first(const ev_rowhash *h, const kg_id *probe) {
  return h->bucket[key_hash(probe, h->keys, h->nkeys) & (h->nb - 1)];
}

void ev_rowhash_free(ev_rowhash *h) {
  ev_rows_free(&h->rows);
  free(h->keys);
  free(h->bucket);
  free(h->chain);
  memset(h, 0, sizeof *h);
}

int ev_drain(ev_iter *it, ev_rows *out) {
  kg_id *row = malloc((it->cx->nvars + 1) * sizeof *row);
  if (!row) return ev_fail(it->cx, KG_ERR_NOMEM, "out of memory");
  out->width = (size_t)it->cx->nvars;
  int rc;
  while ((rc = ev_next(it, row)) > 0)
    if (ev_rows_push(out, row) < 0) {
      rc = ev_fail(it->cx, KG_ERR_NOMEM, "out of memory");
      break;
    }
  free(row);
  return rc;
}

int ev_merge(int nvars, const kg_id *a, const kg_id *b, kg_id *out) {
  for (int i = 0; i < nvars; i++) {
    if (a[i] && b[i] && a[i] != b[i]) return 0;
    out[i] = a[i] ? a[i] : b[i];
  }
  return 1;
}

/* --------------------------------------------------------- expressions */

static sp_val eval_exists(ev_ctx *cx, const sp_expr *e, const kg_id *row) {
  ev_graph def = {EG_DEFAULT, 0, 0};
  const ev_graph *g = cx->active ? cx->active : &def;
  /* the pattern is evaluated with the row substituted (spec 18.6) */
  ev_iter *it = ev_open(cx, e->pattern, row, g);
  if (!it) return sp_val_error();
  kg_id *tmp = malloc((cx->nvars + 1) * sizeof *tmp);
  int rc = tmp ? it->next(it, tmp) : -1;
  free(tmp);
  ev_free(it);
  if (rc < 0) return sp_val_error();
  return sp_val_bool(e->op == SP_E_EXISTS ? rc > 0 : rc == 0);
}

static int bool_of(const sp_val *v) { return sp_val_ebv(v); }

sp_val ev_expr(ev_ctx *cx, const sp_expr *e, const kg_id *row) {
  switch (e->op) {
  case SP_E_CONST: {
    if (e->val) return *e->val;
    kg_term t = sp_term_kg(&e->term);
    return sp_val_from_term(&t);
  }
  case SP_E_VAR:
    return row[e->var] ? ev_value(cx, row[e->var]) : sp_val_error();
  case SP_E_OR:
  case SP_E_AND: {
    /* n operands: one that decides wins; else an error, if any, as the
     * left fold of the three-valued || or && gives */
    int want = e->op == SP_E_OR, error = 0;
    for (int i = 0; i < e->nargs; i++) {
      sp_val a = ev_expr(cx, e->args[i], row);
      int x = a.type == SPV_ERROR ? -1 : bool_of(&a);
      if (x == want) return sp_val_bool(want);
      error |= x < 0;
    }
    return error ? sp_val_error() : sp_val_bool(!want);
  }
  case SP_E_NOT: {
    sp_val a = ev_expr(cx, e->args[0], row);
    int x = a.type == SPV_ERROR ? -1 : bool_of(&a);
    return x < 0 ? sp_val_error() : sp_val_bool(!x);
  }
  case SP_E_EQ:
  case SP_E_NE: {
    sp_val a = ev_expr(cx, e->args[0], row);
    sp_val b = ev_expr(cx, e->args[1], row);
    if (a.type == SPV_ERROR || b.type == SPV_ERROR) return sp_val_error();
    int r = sp_val_equal(&a, &b);
    if (r < 0) return sp_val_error();
    return sp_val_bool(e->op == SP_E_EQ ? r : !r);
  }
  case SP_E_LT:
  case SP_E_GT:
  case SP_E_LE:
  case SP_E_GE: {
    sp_val a = ev_expr(cx, e->args[0], row);
    sp_val b = ev_expr(cx, e->args[1], row);
    if (a.type == SPV_ERROR || b.type == SPV_ERROR) return sp_val_error();
    int c = sp_val_compare(&a, &b);
    if (c == 2) return sp_val_error();
    int r = e->op == SP_E_LT ? c < 0 : e->op == SP_E_GT ? c > 0
            : e->op == SP_E_LE ? c <= 0 : c >= 0;
    return sp_val_bool(r);
  }
  case SP_E_IN:
  case SP_E_NOTIN: {
    sp_val a = ev_expr(cx, e->args[0], row);
    if (a.type == SPV_ERROR) return sp_val_error();
    int error = 0;
    for (int i = 1; i < e->nargs; i++) {
      sp_val b = ev_expr(cx, e->args[i], row);
      int r = b.type == SPV_ERROR ? -1 : sp_val_equal(&a, &b);
      if (r > 0) return sp_val_bool(e->op == SP_E_IN);
      if (r < 0) error = 1;
    }
    if (error) return sp_val_error();
    return sp_val_bool(e->op == SP_E_NOTIN);
  }
  case SP_E_ADD:
  case SP_E_SUB:
  case SP_E_MUL:
  case SP_E_DIV: {
    /* n operands: the left fold ((a + b) + c) ... */
    sp_val a = ev_expr(cx, e->args[0], row);
    for (int i = 1; i < e->nargs; i++) {
      sp_val b = ev_expr(cx, e->args[i], row);
      if (a.type == SPV_ERROR || b.type == SPV_ERROR) return sp_val_error();
      a = sp_val_arith(&cx->f, e->op, &a, &b);
    }
    return a;
  }
  case SP_E_NEG:
  case SP_E_PLUS: {
    sp_val a = ev_expr(cx, e->args[0], row);
    if (a.type == SPV_ERROR) return a;
    return e->op == SP_E_NEG ? sp_val_negate(&cx->f, &a)
                             : sp_val_unary_plus(&cx->f, &a);
  }
  case SP_E_BUILTIN:
    switch (e->fn) {
    case SP_FN_BOUND:
      return sp_val_bool(e->nargs == 1 && e->args[0]->op == SP_E_VAR &&
                         row[e->args[0]->var] != 0);
    case SP_FN_IF: {
      if (e->nargs != 3) return sp_val_error();
      sp_val c = ev_expr(cx, e->args[0], row);
      int x = c.type == SPV_ERROR ? -1 : bool_of(&c);
      if (x < 0) return sp_val_error();
      return ev_expr(cx, e->args[x ? 1 : 2], row);
    }
    case SP_FN_COALESCE:
      for (int i = 0; i < e->nargs; i++) {
        sp_val v = ev_expr(cx, e->args[i], row);
        if (v.type != SPV_ERROR) return v;
      }
      return sp_val_error();
    default: {
      sp_val args[8];
      sp_val *a = e->nargs <= 8 ? args
                                : arena_alloc(cx->arena,
                                                 (size_t)e->nargs * sizeof *a);
      if (!a) return sp_val_error();
      for (int i = 0; i < e->nargs; i++) a[i] = ev_expr(cx, e->args[i], row);
      return sp_call_builtin(&cx->f, e->fn, a, e->nargs);
    }
    }
  case SP_E_FUNC: {
    sp_val args[8];
    sp_val *a = e->nargs <= 8 ? args
                              : arena_alloc(cx->arena,
                                               (size_t)e->nargs * sizeof *a);
    if (!a) return sp_val_error();
    for (int i = 0; i < e->nargs; i++) a[i] = ev_expr(cx, e->args[i], row);
    int known = 0;
    sp_val r = sp_call_iri(&cx->f, e->iri, a, e->nargs, &known);
    return known ? r : sp_val_error();
  }
  case SP_E_EXISTS:
  case SP_E_NOTEXISTS:
    return eval_exists(cx, e, row);
  case SP_E_AGG:
    return sp_val_error();
  }
  return sp_val_error();
}

int ev_filter(ev_ctx *cx, const sp_expr *e, const kg_id *row) {
  sp_val v = ev_expr(cx, e, row);
  return v.type != SPV_ERROR && sp_val_ebv(&v) > 0;
}

int ev_filter_in(ev_ctx *cx, const sp_expr *e, const kg_id *row,
                 const ev_graph *g) {
  const ev_graph *saved = cx->active;
  cx->active = g;
  int ok = ev_filter(cx, e, row);
  cx->active = saved;
  return ok;
}

int ev_expr_vars(const sp_expr *e, unsigned char *vars) {
  int ex = 0;
  if (e->op == SP_E_VAR) vars[e->var] = 1;
  if (e->op == SP_E_EXISTS || e->op == SP_E_NOTEXISTS) ex = 1;
  for (int i = 0; i < e->nargs; i++) ex |= ev_expr_vars(e->args[i], vars);
  return ex;
}
