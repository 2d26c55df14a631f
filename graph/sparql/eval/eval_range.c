/* eval_range.c - the ids a FILTER on a basic graph pattern's object lets
 * through, read without a test each.
 *
 * Inline integers and dates sort by value in id order (store/inline.h),
 * so "?o < 5000" or "?o >= 2015-01-01" passes exactly one run of the
 * ids of that kind and fails the rest of them: the level scans the run
 * without evaluating the FILTER, skips the rest of the kind, and
 * evaluates it as before on every other id (records, other kinds). */
#include <string.h>

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

/* The ids of segment seg of a scan by r (none when *lo > *hi), and the
 * filters a quad there need not pass. */
static uint32_t seg_ids(const ev_range *r, int seg, int64_t *lo, int64_t *hi) {
  switch (seg) {
  case SEG_BELOW:
    *lo = 1;
    *hi = r->first - 1;
    return 0;
  case SEG_PASS:
    *lo = r->lo;
    *hi = r->hi;
    return r->mask;
  default:
    *lo = r->last + 1;
    *hi = UINT32_MAX;
    return 0;
  }
}

int ev_range_next(ev_ctx *cx, const ev_range *r, const kg_pattern *pat,
                  kg_scan *sc, int *seg, uint32_t *skip) {
  while (++*seg < SEG_N) {
    int64_t lo, hi;
    *skip = seg_ids(r, *seg, &lo, &hi);
    if (lo > hi) continue;
    scan_init_range(sc, &cx->view, pat, (kg_id)lo, (kg_id)hi);
    return 1;
  }
  return 0;
}

double ev_range_count(ev_ctx *cx, const kg_pattern *pat, const ev_range *r,
                      double all) {
  double n = 0;
  for (int seg = 0; seg < SEG_N; seg++) {
    int64_t lo, hi;
    seg_ids(r, seg, &lo, &hi);
    if (lo <= hi)
      n += (double)scan_estimate_range(&cx->view, pat, (kg_id)lo, (kg_id)hi);
  }
  return n < all ? n : all;
}
