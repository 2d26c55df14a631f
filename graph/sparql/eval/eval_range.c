/* eval_range.c - what a basic graph pattern's level can do without a
 * search per row: the ids a FILTER on its object lets through, and a
 * table of its statements keyed by one position (a hash join).
 *
 * Inline integers and dates sort by value in id order (store/inline.h),
 * so "?o < 5000" or "?o >= 2015-01-01" passes exactly one run of the
 * ids of that kind and fails the rest of them: the level scans the run
 * without evaluating the FILTER, skips the rest of the kind, and
 * evaluates it as before on every other id (records, other kinds). */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "sparql/eval/eval.h"

#define KIND_IDS (1u << 28) /* ids of one inline kind */

/* The virtual id of an xsd:integer constant outside the inline range:
 * below or above every inline integer (-1 when not an integer). */
static int big_integer(const sp_term *t, int64_t *vid) {
  const char *s = t->value;
  size_t i = 0, n = t->len;
  if (!t->datatype || strcmp(t->datatype, XSD_INTEGER)) return -1;
  int neg = i < n && s[i] == '-';
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  if (i == n) return -1;
  for (size_t j = i; j < n; j++)
    if (s[j] < '0' || s[j] > '9') return -1;
  int64_t first = INLINE_TAG | (INLINE_INTEGER << 28);
  *vid = neg ? first - 1 : first + KIND_IDS; /* |v| >= 2^27, or "0005" */
  /* a non-canonical small one ("05", "+5") compares by its value */
  while (i + 1 < n && s[i] == '0') i++;
  if (n - i <= 9) {
    int64_t v = 0;
    for (size_t j = i; j < n; j++) v = v * 10 + (s[j] - '0');
    if (neg) v = -v;
    if (v >= -(1 << 27) && v < (1 << 27)) *vid = first + v + (1 << 27);
  }
  return 0;
}

/* c OP ?o as ?o OP' c */
static int mirror(int op) {
  switch (op) {
  case SP_E_LT:
    return SP_E_GT;
  case SP_E_GT:
    return SP_E_LT;
  case SP_E_LE:
    return SP_E_GE;
  case SP_E_GE:
    return SP_E_LE;
  default:
    return op;
  }
}

int ev_range_add(const sp_expr *e, int var, int bit, ev_range *r) {
  if (e->op < SP_E_EQ || e->op > SP_E_GE || e->op == SP_E_NE || e->nargs != 2)
    return 0;
  int op = e->op, c;
  if (e->args[0]->op == SP_E_VAR && e->args[0]->var == var &&
      e->args[1]->op == SP_E_CONST)
    c = 1;
  else if (e->args[1]->op == SP_E_VAR && e->args[1]->var == var &&
           e->args[0]->op == SP_E_CONST)
    c = 0; /* const OP ?o: the mirror image */
  else
    return 0;
  if (!c) op = mirror(op);
  const sp_term *t = &e->args[c]->term;
  if (t->kind != KG_TERM_LITERAL) return 0;
  kg_term k = sp_term_kg(t);
  kg_id id = inline_id(&k);
  int kind = id ? inline_kind(id) : INLINE_INTEGER;
  int64_t vid = id;
  if (kind == INLINE_DECIMAL) return 0; /* decimals' ids do not sort */
  if (!id && big_integer(t, &vid) < 0) return 0;
  int64_t first = INLINE_TAG | ((uint32_t)kind << 28);
  int64_t last = first + KIND_IDS - 1, lo = first, hi = last;
  switch (op) {
  case SP_E_LT:
    hi = vid - 1;
    break;
  case SP_E_LE:
    hi = vid;
    break;
  case SP_E_GT:
    lo = vid + 1;
    break;
  case SP_E_GE:
    lo = vid;
    break;
  default:
    lo = hi = vid;
    break;
  }
  if (r->mask && r->first != first) return 0; /* another kind: evaluated */
  if (!r->mask) {
    r->first = first;
    r->last = last;
    r->lo = first;
    r->hi = last;
  }
  if (lo > r->lo) r->lo = lo;
  if (hi < r->hi) r->hi = hi;
  r->mask |= 1u << bit;
  return 1;
}

int ev_range_next(ev_ctx *cx, const ev_range *r, const kg_pattern *pat,
                  kg_scan *sc, int *seg, uint32_t *skip) {
  while (++*seg < SEG_N) {
    int64_t lo = 1, hi = r->first - 1;
    *skip = 0;
    if (*seg == SEG_PASS) {
      lo = r->lo;
      hi = r->hi;
      *skip = r->mask;
    } else if (*seg == SEG_ABOVE) {
      lo = r->last + 1;
      hi = UINT32_MAX;
    }
    if (lo > hi) continue;
    scan_init_range(sc, &cx->view, pat, (kg_id)lo, (kg_id)hi);
    return 1;
  }
  return 0;
}

double ev_range_count(ev_ctx *cx, const kg_pattern *pat, const ev_range *r,
                      double all) {
  double n = 0;
  kg_scan sc;
  uint32_t skip;
  int seg = -1;
  while (ev_range_next(cx, r, pat, &sc, &seg, &skip)) {
    kg_id lo = (kg_id)(seg == SEG_PASS ? r->lo : seg ? r->last + 1 : 1);
    kg_id hi = (kg_id)(seg == SEG_PASS ? r->hi
                       : seg           ? UINT32_MAX
                                       : r->first - 1);
    n += (double)scan_estimate_range(&cx->view, pat, lo, hi);
  }
  return n < all ? n : all;
}

/* ---------------------------------------------------------------- keyed */

static size_t slot_of(kg_id key, size_t mask) {
  return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

int ev_keyed_add(ev_keyed *t, const kg_qid *q) {
  if (!grow(&t->q, &t->cap, t->n + 1, sizeof *t->q, 256)) return -1;
  t->q[t->n++] = *q;
  return 0;
}

static kg_id key_of(const ev_keyed *t, const kg_qid *q) {
  return t->pos ? q->o : q->s;
}

int ev_keyed_seal(ev_keyed *t) {
  size_t ns = 16;
  while (ns < t->n * 2) ns *= 2;
  free(t->slot);
  free(t->next);
  t->slot = calloc(ns, sizeof *t->slot);
  t->next = malloc((t->n + 1) * sizeof *t->next);
  if (!t->slot || !t->next) return -1;
  t->mask = ns - 1;
  /* chains in reverse, so that a key's quads come in scan order */
  for (size_t i = t->n; i-- > 0;) {
    size_t h = slot_of(key_of(t, &t->q[i]), t->mask);
    t->next[i] = t->slot[h];
    t->slot[h] = (uint32_t)i + 1;
  }
  return 0;
}

size_t ev_keyed_first(const ev_keyed *t, kg_id key) {
  uint32_t i = t->slot[slot_of(key, t->mask)];
  while (i && key_of(t, &t->q[i - 1]) != key) i = t->next[i - 1];
  return i;
}

size_t ev_keyed_next(const ev_keyed *t, size_t at) {
  kg_id key = key_of(t, &t->q[at - 1]);
  uint32_t i = t->next[at - 1];
  while (i && key_of(t, &t->q[i - 1]) != key) i = t->next[i - 1];
  return i;
}

void ev_keyed_free(ev_keyed *t) {
  free(t->q);
  free(t->slot);
  free(t->next);
  memset(t, 0, sizeof *t);
}
