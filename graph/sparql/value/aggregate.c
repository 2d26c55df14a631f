/* aggregate.c - COUNT, SUM, AVG, MIN, MAX, SAMPLE, GROUP_CONCAT accumulators with DISTINCT. */
#include "sparql/value/value_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* What an error (or unbound) input does: COUNT, SAMPLE, MIN and MAX skip
 * it; SUM, AVG and GROUP_CONCAT become an error (their operations,
 * op:numeric-add and concatenation of Str(), fail on it). */
static const unsigned char error_poisons[] = {
    [SP_AGG_COUNT] = 0, [SP_AGG_SUM] = 1, [SP_AGG_MIN] = 0, [SP_AGG_MAX] = 0,
    [SP_AGG_AVG] = 1, [SP_AGG_SAMPLE] = 0, [SP_AGG_GROUP_CONCAT] = 1,
};

typedef struct {
  uint64_t hash;
  sp_val v;
} seen_slot;

struct sp_agg {
  sp_agg_op op;
  int distinct;
  char *sep;
  size_t seplen;
  arena *mem;    /* copies of kept values */
  int error;        /* the result is an error */
  int64_t count;    /* values taken */
  sp_num sum;       /* SUM, AVG */
  sp_val best;      /* MIN, MAX, SAMPLE (valid when count > 0) */
  strbuf text;      /* GROUP_CONCAT */
  seen_slot *seen;  /* DISTINCT: open addressing, power-of-two size */
  size_t nseen, capseen;
};

sp_agg *sp_agg_new(sp_agg_op op, int distinct, const char *separator) {
  if (op < SP_AGG_COUNT || op > SP_AGG_GROUP_CONCAT) return NULL;
  sp_agg *g = calloc(1, sizeof *g);
  if (!g) return NULL;
  g->op = op;
  g->distinct = distinct;
  if (!separator) separator = " ";
  g->seplen = strlen(separator);
  g->sep = malloc(g->seplen + 1);
  g->mem = arena_new();
  if (!g->sep || !g->mem) {
    sp_agg_free(g);
    return NULL;
  }
  memcpy(g->sep, separator, g->seplen + 1);
  return g;
}

void sp_agg_free(sp_agg *g) {
  if (!g) return;
  free(g->sep);
  free(g->seen);
  strbuf_free(&g->text);
  arena_free(g->mem);
  free(g);
}

/* A copy of v whose strings live in arena a (type 0 on failure). */
static sp_val copy_val(arena *a, const sp_val *v) {
  sp_val r = *v;
  r.lex = arena_strndup(a, v->lex ? v->lex : "", v->lex ? v->len : 0);
  if (v->dt) r.dt = arena_strdup(a, v->dt);
  if (v->lang) r.lang = arena_strdup(a, v->lang);
  if (!r.lex || (v->dt && !r.dt) || (v->lang && !r.lang)) return sp_val_error();
  return r;
}

/* FNV-1a over the parts that make a term (consistent with sameTerm). */
static uint64_t term_hash(const sp_val *v) {
  uint64_t h = 1469598103934665603ULL;
  int kind = sp_is_literal(v) ? (v->type == SPV_LANG ? 3 : 4) : (int)v->type;
  h = (h ^ (uint64_t)kind) * 1099511628211ULL;
  for (size_t i = 0; i < v->len; i++)
    h = (h ^ (unsigned char)v->lex[i]) * 1099511628211ULL;
  if (v->type == SPV_LANG) {
    for (const char *p = v->lang; *p; p++)
      h = (h ^ (unsigned char)tolower((unsigned char)*p)) * 1099511628211ULL;
  } else if (sp_is_literal(v) && v->dt && strcmp(v->dt, XSD_STRING) != 0) {
    for (const char *p = v->dt; *p; p++)
      h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  }
  return h;
}

/* 1 if v was added before; otherwise remembers it. -1 on no memory. */
static int seen_before(sp_agg *g, const sp_val *v) {
  if (g->nseen * 2 >= g->capseen) {
    size_t cap = g->capseen ? g->capseen * 2 : 16;
    seen_slot *ns = calloc(cap, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < g->capseen; i++) {
      if (g->seen[i].v.type == SPV_ERROR) continue;
      size_t j = g->seen[i].hash & (cap - 1);
      while (ns[j].v.type != SPV_ERROR) j = (j + 1) & (cap - 1);
      ns[j] = g->seen[i];
    }
    free(g->seen);
    g->seen = ns;
    g->capseen = cap;
  }
  uint64_t h = term_hash(v);
  size_t j = h & (g->capseen - 1);
  for (; g->seen[j].v.type != SPV_ERROR; j = (j + 1) & (g->capseen - 1))
    if (g->seen[j].hash == h && sp_val_same_term(&g->seen[j].v, v)) return 1;
  sp_val copy = copy_val(g->mem, v);
  if (copy.type == SPV_ERROR) return -1;
  g->seen[j].hash = h;
  g->seen[j].v = copy;
  g->nseen++;
  return 0;
}

static void keep_best(sp_agg *g, const sp_val *v) {
  int better = !g->count;
  if (!better && g->op == SP_AGG_MIN) better = sp_val_order(v, &g->best) < 0;
  if (!better && g->op == SP_AGG_MAX) better = sp_val_order(v, &g->best) > 0;
  if (!better) return;
  sp_val copy = copy_val(g->mem, v);
  if (copy.type == SPV_ERROR) {
    g->error = 1;
    return;
  }
  g->best = copy;
}

void sp_agg_add(sp_agg *g, sp_fctx *c, const sp_val *v) {
  (void)c;
  if (!g || g->error) return;
  if (!v) { /* COUNT(*): one solution */
    g->count++;
    return;
  }
  if (v->type == SPV_ERROR) {
    if (error_poisons[g->op]) g->error = 1;
    return;
  }
  if (g->distinct) {
    int s = seen_before(g, v);
    if (s) {
      if (s < 0) g->error = 1;
      return;
    }
  }
  switch (g->op) {
    case SP_AGG_SUM:
    case SP_AGG_AVG: {
      sp_num x;
      const char *why;
      if (!sp_num_get(v, &x) ||
          (g->count && !sp_num_arith(SP_E_ADD, &g->sum, &x, &g->sum, &why))) {
        g->error = 1;
        return;
      }
      if (!g->count) g->sum = x;
      break;
    }
    case SP_AGG_MIN:
    case SP_AGG_MAX:
    case SP_AGG_SAMPLE:
      if (g->op != SP_AGG_SAMPLE || !g->count) keep_best(g, v);
      break;
    case SP_AGG_GROUP_CONCAT:
      if (v->type == SPV_BNODE) { /* Str() of a blank node is an error */
        g->error = 1;
        return;
      }
      if (g->count) strbuf_append(&g->text, g->sep, g->seplen);
      strbuf_append(&g->text, v->lex ? v->lex : "", v->lex ? v->len : 0);
      if (g->text.oom) g->error = 1;
      break;
    default:
      break;
  }
  g->count++;
}

sp_val sp_agg_result(sp_agg *g, sp_fctx *c) {
  if (!g) return sp_err(c, "no aggregate");
  if (g->error) return sp_err(c, "error in an aggregated value");
  switch (g->op) {
    case SP_AGG_COUNT:
      return sp_val_int(c, g->count);
    case SP_AGG_SUM:
      if (!g->count) return sp_val_int(c, 0);
      return sp_num_make(c, &g->sum);
    case SP_AGG_AVG: {
      if (!g->count) return sp_val_int(c, 0);
      sp_num n = {NR_INT, 1, 0, g->count, (double)g->count}, r;
      const char *why;
      if (!sp_num_arith(SP_E_DIV, &g->sum, &n, &r, &why))
        return sp_err(c, "AVG: %s", why);
      return sp_num_make(c, &r);
    }
    case SP_AGG_GROUP_CONCAT:
      return sp_val_string(c, g->text.data ? g->text.data : "", g->text.len, 1);
    default: /* MIN, MAX, SAMPLE */
      if (!g->count) return sp_err(c, "aggregate over no values");
      if (!c || !c->arena) return sp_err(c, "no arena");
      {
        sp_val r = copy_val(c->arena, &g->best);
        if (r.type == SPV_ERROR) return sp_err(c, "out of memory");
        return r;
      }
  }
}
