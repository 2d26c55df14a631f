/* rdfcompare.h - compares result sets and graphs for the conformance runner, blank nodes up to a bijection. */
#ifndef KG_TOOLS_RDFCOMPARE_H
#define KG_TOOLS_RDFCOMPARE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kg.h"
#include "rdfgraph.h"
#include "results/results_read.h"

/* How expected terms are matched with actual ones:
 *  RC_EXACT  RDF term equality (a simple literal equals xsd:string).
 *  RC_TSV    as exact, but numbers of one datatype compare by value, since
 *            TSV may write them in a short form ("1.0e6" for "1.0E6").
 *  RC_CSV    expected values are CSV strings: an IRI matches its text, a
 *            literal its lexical form, numbers also by value. */
typedef enum { RC_EXACT, RC_TSV, RC_CSV } rc_mode;

/* ------------------------------------------------------------ terms */

static inline const char *rc_dt(const kg_term *t) {
  if (t->lang && *t->lang) return RG_RDF "langString";
  return t->datatype ? t->datatype : RG_XSD "string";
}

static inline int rc_numeric_dt(const char *dt) {
  static const char *const num[] = {
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte",
  };
  if (!dt || strncmp(dt, RG_XSD, strlen(RG_XSD)) != 0) return 0;
  for (size_t i = 0; i < sizeof num / sizeof num[0]; i++)
    if (strcmp(dt + strlen(RG_XSD), num[i]) == 0) return 1;
  return 0;
}

/* Parses a whole string as a number; 1 on success. */
static inline int rc_number(const char *s, size_t len, long double *out) {
  char buf[128];
  if (len == 0 || len >= sizeof buf) return 0;
  memcpy(buf, s, len);
  buf[len] = '\0';
  char *end;
  *out = strtold(buf, &end);
  return *end == '\0' && strspn(buf, "+-0123456789.eE") == len;
}

static inline int rc_same_number(const kg_term *a, const char *bv, size_t blen) {
  long double x = 0, y = 0;
  return rc_number(a->value, a->len, &x) && rc_number(bv, blen, &y) && x == y;
}

static inline int rc_same_bytes(const char *a, size_t alen, const char *b,
                         size_t blen) {
  return alen == blen && memcmp(a, b, alen) == 0;
}

static inline size_t rc_len(const kg_term *t) {
  return t->len || t->kind == KG_TERM_LITERAL ? t->len : strlen(t->value);
}

/* Equality of two terms that are not blank nodes, as `mode` says. */
static inline int rc_term_eq(const kg_term *e, const kg_term *a, rc_mode mode) {
  /* an empty CSV field is an unbound value or an empty string */
  if (mode == RC_CSV && e->kind == KG_TERM_NONE)
    return a->kind == KG_TERM_NONE || (a->kind == KG_TERM_LITERAL && a->len == 0);
  if (mode == RC_CSV && e->kind == KG_TERM_LITERAL) {
    if (a->kind == KG_TERM_NONE) return e->len == 0;  /* "" or unbound */
    if (a->kind == KG_TERM_BLANK) return 0;
    if (rc_same_bytes(e->value, e->len, a->value, rc_len(a))) return 1;
    return a->kind == KG_TERM_LITERAL && rc_same_number(a, e->value, e->len);
  }
  if (e->kind != a->kind) return 0;
  if (e->kind == KG_TERM_NONE) return 1;
  if (e->kind == KG_TERM_IRI)
    return rc_same_bytes(e->value, rc_len(e), a->value, rc_len(a));
  /* literals */
  const char *de = rc_dt(e), *da = rc_dt(a);
  if (strcmp(de, da) != 0) return 0;
  if (e->lang && *e->lang && strcasecmp(e->lang, a->lang) != 0) return 0;
  if (rc_same_bytes(e->value, e->len, a->value, a->len)) return 1;
  /* numbers of the same datatype are equal by value: the result files
   * write XSD 1.1 canonical forms ("3"^^xsd:decimal), engines often the
   * XSD 1.0 ones ("3.0") */
  return rc_numeric_dt(de) && rc_same_number(e, a->value, a->len);
}

/* A total order on terms (kind, value, datatype, language) for sorting. */
static inline int rc_term_cmp(const kg_term *a, const kg_term *b) {
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  if (a->kind == KG_TERM_NONE) return 0;
  size_t la = rc_len(a), lb = rc_len(b);
  int c = memcmp(a->value, b->value, la < lb ? la : lb);
  if (c || la != lb) return c ? c : (la < lb ? -1 : 1);
  if (a->kind != KG_TERM_LITERAL) return 0;
  if ((c = strcmp(rc_dt(a), rc_dt(b)))) return c;
  return strcasecmp(a->lang ? a->lang : "", b->lang ? b->lang : "");
}

/* ---------------------------------------------- blank node bijection */

typedef struct rc_bmap {
  const char **from, **to;  /* expected label -> actual label */
  size_t n, cap;
} rc_bmap;

static inline void rc_bmap_free(rc_bmap *m) {
  free(m->from);
  free(m->to);
  memset(m, 0, sizeof *m);
}

/* Matches expected blank `e` with actual blank `a`, extending the map;
 * 0 if that would break the bijection. */
static inline int rc_bmap_match(rc_bmap *m, const char *e, const char *a) {
  for (size_t i = 0; i < m->n; i++) {
    int fe = strcmp(m->from[i], e) == 0, ta = strcmp(m->to[i], a) == 0;
    if (fe || ta) return fe && ta;
  }
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    const char **f = realloc(m->from, cap * sizeof *f);
    if (!f) return 0;
    m->from = f;
    const char **t = realloc(m->to, cap * sizeof *t);
    if (!t) return 0;
    m->to = t;
    m->cap = cap;
  }
  m->from[m->n] = e;
  m->to[m->n++] = a;
  return 1;
}

static inline int rc_cell_match(const kg_term *e, const kg_term *a, rc_mode mode,
                         rc_bmap *m) {
  if (e->kind == KG_TERM_BLANK || a->kind == KG_TERM_BLANK)
    return e->kind == a->kind && rc_bmap_match(m, e->value, a->value);
  return rc_term_eq(e, a, mode);
}

/* ------------------------------------------------------ row matching */

/* Rows of `w` terms each: expected e[ne], actual a[na]. */
typedef struct rc_rows {
  const kg_term *e, *a;
  size_t ne, na, w;
  rc_mode mode;
  rc_bmap map;
  unsigned char *used;   /* actual rows taken */
  unsigned char *done;   /* expected rows matched */
  unsigned long steps, max_steps;
} rc_rows;

static inline int rc_row_has_blank(const kg_term *row, size_t w) {
  for (size_t i = 0; i < w; i++)
    if (row[i].kind == KG_TERM_BLANK) return 1;
  return 0;
}

/* Row i of e against row j of a; on failure the map is left unchanged. */
static inline int rc_row_match(rc_rows *r, size_t i, size_t j) {
  size_t mark = r->map.n;
  for (size_t c = 0; c < r->w; c++)
    if (!rc_cell_match(&r->e[i * r->w + c], &r->a[j * r->w + c], r->mode, &r->map)) {
      r->map.n = mark;
      return 0;
    }
  return 1;
}

/* Backtracking: picks the unmatched expected row with fewest candidates,
 * tries each. 1 = all matched, 0 = no way, -1 = gave up. */
static inline int rc_search(rc_rows *r, size_t left) {
  if (left == 0) return 1;
  if (++r->steps > r->max_steps) return -1;
  size_t best = (size_t)-1, best_count = (size_t)-1;
  for (size_t i = 0; i < r->ne && best_count > 1; i++) {
    if (r->done[i]) continue;
    size_t count = 0;
    for (size_t j = 0; j < r->na && count < best_count; j++) {
      if (r->used[j]) continue;
      size_t mark = r->map.n;
      if (rc_row_match(r, i, j)) count++;
      r->map.n = mark;
    }
    if (count < best_count) {
      best = i;
      best_count = count;
    }
  }
  if (best_count == 0) return 0;
  r->done[best] = 1;
  for (size_t j = 0; j < r->na; j++) {
    if (r->used[j]) continue;
    size_t mark = r->map.n;
    if (!rc_row_match(r, best, j)) continue;
    r->used[j] = 1;
    int rc = rc_search(r, left - 1);
    if (rc != 0) return rc;
    r->used[j] = 0;
    r->map.n = mark;
  }
  r->done[best] = 0;
  return 0;
}

static inline void rc_why(char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void rc_why(char *why, size_t n, const char *fmt, ...) {
  if (!why || !n) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, n, fmt, ap);
  va_end(ap);
}

/* Writes a row for messages: "?x=<a> ?y=unbound". */
static inline void rc_row_text(char *buf, size_t n, const kg_term *row, size_t w,
                        const char *const *names) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t c = 0; c < w && used + 1 < n; c++) {
    const kg_term *t = &row[c];
    const char *open = "", *close = "";
    if (t->kind == KG_TERM_IRI) open = "<", close = ">";
    else if (t->kind == KG_TERM_BLANK) open = "_:";
    else if (t->kind == KG_TERM_LITERAL) open = "\"", close = "\"";
    if (!names && t->kind == KG_TERM_NONE) continue;  /* the default graph */
    int k = snprintf(buf + used, n - used, "%s%s%s%s%s%.*s%s%s%s", c ? " " : "",
                     names ? "?" : "", names ? names[c] : "", names ? "=" : "", open,
                     t->kind == KG_TERM_NONE ? 7 : (int)rc_len(t),
                     t->kind == KG_TERM_NONE ? "unbound" : t->value, close,
                     t->kind == KG_TERM_LITERAL && t->lang && *t->lang ? "@" : "",
                     t->kind == KG_TERM_LITERAL && t->lang && *t->lang ? t->lang : "");
    if (k < 0) break;
    used += (size_t)k;
    if (t->kind == KG_TERM_LITERAL && t->datatype && !(t->lang && *t->lang) && used + 1 < n) {
      k = snprintf(buf + used, n - used, "^^<%s>", t->datatype);
      if (k > 0) used += (size_t)k;
    }
  }
  if (used >= n && n > 4) strcpy(buf + n - 4, "...");
}

/* Matches two row lists as multisets (or, `ordered`, position by
 * position) with one blank node bijection. 1 = equal, else 0 and a reason. */
static inline int rc_rows_equal(const kg_term *e, size_t ne, const kg_term *a,
                         size_t na, size_t w, rc_mode mode, int ordered,
                         const char *const *names, char *why, size_t whylen) {
  if (ne != na) {
    rc_why(why, whylen, "expected %zu %s, got %zu", ne, names ? "rows" : "triples", na);
    return 0;
  }
  rc_rows r = {e, a, ne, na, w, mode, {0}, calloc(na + 1, 1), calloc(ne + 1, 1), 0, 2000000};
  int ok = r.used && r.done;
  char text[600];
  if (ok && ordered) {
    for (size_t i = 0; i < ne && ok; i++)
      if (!rc_row_match(&r, i, i)) {
        rc_row_text(text, sizeof text, e + i * w, w, names);
        rc_why(why, whylen, "row %zu differs: expected %s", i + 1, text);
        ok = 0;
      }
  } else if (ok) {
    /* Ground rows first: equal ones are interchangeable, so the first
     * unused match will do. */
    size_t left = ne;
    for (size_t i = 0; i < ne && ok; i++) {
      if (rc_row_has_blank(e + i * w, w)) continue;
      size_t j = 0;
      for (; j < na; j++)
        if (!r.used[j] && !rc_row_has_blank(a + j * w, w) && rc_row_match(&r, i, j)) break;
      if (j == na) {
        rc_row_text(text, sizeof text, e + i * w, w, names);
        rc_why(why, whylen, "missing %s: %s", names ? "row" : "triple", text);
        ok = 0;
      } else {
        r.used[j] = r.done[i] = 1;
        left--;
      }
    }
    if (ok) {
      int rc = rc_search(&r, left);
      if (rc < 0) rc_why(why, whylen, "gave up matching blank nodes after %lu steps", r.steps);
      else if (rc == 0) {
        size_t j = 0;
        while (j < na && r.used[j]) j++;
        if (j < na) rc_row_text(text, sizeof text, a + j * w, w, names);
        rc_why(why, whylen, "no consistent match of %s with blank nodes%s%s",
               names ? "rows" : "triples", j < na ? "; e.g. unexpected " : "",
               j < na ? text : "");
      }
      ok = rc == 1;
    }
  }
  free(r.used);
  free(r.done);
  rc_bmap_free(&r.map);
  return ok;
}

/* ------------------------------------------------------- result sets */

/* Sort keys of an ordered comparison: the columns compared position by
 * position. NULL keys with `ordered` = compare whole rows in order. */
typedef struct rc_order {
  int lax;      /* mf:LaxCardinality (REDUCED): each solution at least once,
                   at most as often as expected */
  int ordered;
  size_t nkeys;
  const char *keys[16];
  int complex;  /* keys are expressions: compare whole rows in order */
} rc_order;

static inline int rc_row_cmp(const void *x, const void *y, void *width) {
  const kg_term *a = x, *b = y;
  for (size_t c = 0; c < *(size_t *)width; c++) {
    int k = rc_term_cmp(&a[c], &b[c]);
    if (k) return k;
  }
  return 0;
}

/* Sorts rows of width w and drops exact duplicates; returns the count. */
static inline size_t rc_rows_distinct(kg_term *rows, size_t n, size_t w) {
  if (n < 2 || w == 0) return n ? 1 : 0;
  qsort_r(rows, n, w * sizeof *rows, rc_row_cmp, &w);
  size_t k = 1;
  for (size_t i = 1; i < n; i++)
    if (rc_row_cmp(&rows[i * w], &rows[(k - 1) * w], &w) != 0)
      memmove(&rows[k++ * w], &rows[i * w], w * sizeof *rows);
  return k;
}

/* Compares an expected with an actual result set: same ASK answer, or the
 * same solutions (over the union of both variable lists; a variable one
 * side lacks is unbound there). Returns 1 if equal, else 0 and why. */
static inline int rc_tables_equal(const sp_table *e, const sp_table *a, rc_mode mode,
                           const rc_order *order, char *why, size_t whylen) {
  if (e->is_boolean || a->is_boolean) {
    if (e->is_boolean != a->is_boolean) {
      rc_why(why, whylen, "expected %s, got %s", e->is_boolean ? "a boolean" : "solutions",
             a->is_boolean ? "a boolean" : "solutions");
      return 0;
    }
    if (e->boolean != a->boolean)
      rc_why(why, whylen, "expected %s, got %s", e->boolean ? "true" : "false",
             a->boolean ? "true" : "false");
    return e->boolean == a->boolean;
  }
  /* The union of the columns, expected ones first. */
  size_t w = e->ncols;
  const char **names = malloc((e->ncols + a->ncols + 1) * sizeof *names);
  long *acol = malloc((e->ncols + a->ncols + 1) * sizeof *acol);
  if (!names || !acol) {
    free(names);
    free(acol);
    rc_why(why, whylen, "out of memory");
    return 0;
  }
  for (size_t i = 0; i < e->ncols; i++) names[i] = e->cols[i];
  for (size_t i = 0; i < a->ncols; i++)
    if (sp_table_column(e, a->cols[i], strlen(a->cols[i])) < 0) names[w++] = a->cols[i];
  for (size_t i = 0; i < w; i++) acol[i] = sp_table_column(a, names[i], strlen(names[i]));
  size_t ew = e->ncols;
  kg_term *ev = calloc(e->nrows * w + 1, sizeof *ev);
  kg_term *av = calloc(a->nrows * w + 1, sizeof *av);
  int ok = ev && av;
  for (size_t r = 0; ok && r < e->nrows; r++)
    for (size_t c = 0; c < ew; c++) ev[r * w + c] = *sp_table_cell(e, r, c);
  for (size_t r = 0; ok && r < a->nrows; r++)
    for (size_t c = 0; c < w; c++)
      if (acol[c] >= 0) av[r * w + c] = *sp_table_cell(a, r, (size_t)acol[c]);
  if (!ok) rc_why(why, whylen, "out of memory");
  int whole_ordered = order && order->ordered && (order->complex || order->nkeys == 0);
  size_t ne = e->nrows, na = a->nrows;
  if (ok && order && order->lax) {
    if (na > ne) {
      rc_why(why, whylen, "expected at most %zu rows, got %zu", ne, na);
      ok = 0;
    }
    ne = rc_rows_distinct(ev, ne, w);
    na = rc_rows_distinct(av, na, w);
    whole_ordered = 0;
  }
  if (ok) ok = rc_rows_equal(ev, ne, av, na, w, mode, whole_ordered, names, why, whylen);
  /* Sort keys: the sequence of key values must be the same. */
  if (ok && order && order->ordered && !whole_ordered && !order->lax) {
    for (size_t r = 0; ok && r < e->nrows; r++)
      for (size_t k = 0; ok && k < order->nkeys; k++) {
        size_t c = 0;
        while (c < w && strcmp(names[c], order->keys[k]) != 0) c++;
        if (c == w) continue;
        const kg_term *x = &ev[r * w + c], *y = &av[r * w + c];
        int same = x->kind == KG_TERM_BLANK ? y->kind == KG_TERM_BLANK : rc_term_eq(x, y, mode);
        if (!same) {
          rc_why(why, whylen, "same solutions, but row %zu is out of order on ?%s", r + 1,
                 order->keys[k]);
          ok = 0;
        }
      }
  }
  free(ev);
  free(av);
  free(names);
  free(acol);
  return ok;
}

/* ------------------------------------------------------------ graphs */

static inline int rc_quad_cmp(const void *x, const void *y) {
  const kg_quad *a = x, *b = y;
  int c;
  if ((c = rc_term_cmp(&a->s, &b->s)) || (c = rc_term_cmp(&a->p, &b->p)) ||
      (c = rc_term_cmp(&a->o, &b->o)))
    return c;
  return rc_term_cmp(&a->g, &b->g);
}

/* Sorts the quads and drops duplicates (a graph is a set). */
static inline void rc_graph_normalize(rc_graph *g) {
  if (g->n < 2) return;
  qsort(g->q, g->n, sizeof *g->q, rc_quad_cmp);
  size_t k = 1;
  for (size_t i = 1; i < g->n; i++)
    if (rc_quad_cmp(&g->q[i], &g->q[k - 1]) != 0) g->q[k++] = g->q[i];
  g->n = k;
}

/* Graph (or dataset) isomorphism: the same quads up to a bijection of
 * blank nodes. Normalizes both. 1 if isomorphic, else 0 and why. */
static inline int rc_graphs_isomorphic(rc_graph *e, rc_graph *a, char *why,
                                size_t whylen) {
  rc_graph_normalize(e);
  rc_graph_normalize(a);
  /* kg_quad is four kg_terms in a row: a row of width 4. */
  _Static_assert(sizeof(kg_quad) == 4 * sizeof(kg_term), "kg_quad layout");
  return rc_rows_equal((const kg_term *)e->q, e->n, (const kg_term *)a->q,
                       a->n, 4, RC_EXACT, 0, NULL, why, whylen);
}

/* ------------------------------------------------- rs:ResultSet graphs */

#define RC_RS "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"

static inline long rc_index_of(const rc_graph *g, const kg_term *sol) {
  const kg_term *ix = rc_object(g, sol, RC_RS "index");
  return ix && ix->kind == KG_TERM_LITERAL ? strtol(ix->value, NULL, 10) : -1;
}

/* The rs:ResultSet node of g, or NULL when g is a plain graph. */
static inline const kg_term *rc_result_set_node(const rc_graph *g) {
  for (size_t i = 0; i < g->n; i++)
    if (rc_is_iri(&g->q[i].p, RG_RDF "type") && rc_is_iri(&g->q[i].o, RC_RS "ResultSet"))
      return &g->q[i].s;
  return NULL;
}

/* Reads the result-set vocabulary (rs:resultVariable, rs:solution,
 * rs:binding, rs:variable, rs:value, rs:index, rs:boolean) into a table;
 * solutions with rs:index are put in that order. NULL on failure. */
static inline sp_table *rc_graph_to_table(const rc_graph *g, char *why, size_t whylen) {
  const kg_term *rs = rc_result_set_node(g);
  sp_table *t = rs ? sp_table_new() : NULL;
  if (!t) {
    rc_why(why, whylen, rs ? "out of memory" : "no rs:ResultSet in the result graph");
    return NULL;
  }
  const kg_term *b = rc_object(g, rs, RC_RS "boolean");
  if (b) {
    t->is_boolean = 1;
    t->boolean = b->kind == KG_TERM_LITERAL && (strcmp(b->value, "true") == 0 || strcmp(b->value, "1") == 0);
    return t;
  }
  size_t nv = rc_objects(g, rs, RC_RS "resultVariable", NULL, 0);
  const kg_term **vars = calloc(nv + 1, sizeof *vars);
  size_t ns = rc_objects(g, rs, RC_RS "solution", NULL, 0);
  const kg_term **sols = calloc(ns + 1, sizeof *sols);
  int ok = vars && sols;
  if (ok) {
    rc_objects(g, rs, RC_RS "resultVariable", vars, nv);
    rc_objects(g, rs, RC_RS "solution", sols, ns);
  }
  for (size_t i = 0; ok && i < nv; i++)
    ok = sp_table_add_column(t, vars[i]->value, vars[i]->len) >= 0;
  /* Insertion sort by rs:index (solutions without one keep their place). */
  for (size_t i = 1; ok && i < ns; i++)
    for (size_t j = i; j > 0 && rc_index_of(g, sols[j - 1]) > rc_index_of(g, sols[j]); j--) {
      const kg_term *tmp = sols[j];
      sols[j] = sols[j - 1];
      sols[j - 1] = tmp;
    }
  for (size_t i = 0; ok && i < ns; i++) {
    kg_term *row = sp_table_add_row(t);
    if (!(ok = row != NULL)) break;
    const kg_term *binds[256];
    size_t nb = rc_objects(g, sols[i], RC_RS "binding", binds, 256);
    for (size_t k = 0; ok && k < nb && k < 256; k++) {
      const kg_term *var = rc_object(g, binds[k], RC_RS "variable");
      const kg_term *val = rc_object(g, binds[k], RC_RS "value");
      long c = var ? sp_table_column(t, var->value, var->len) : -1;
      if (c < 0 || !val) {
        rc_why(why, whylen, "a binding of an undeclared variable in the result graph");
        ok = 0;
      } else {
        ok = sp_table_set(t, &row[c], val) == 0;
      }
    }
  }
  free(vars);
  free(sols);
  if (!ok) {
    if (why && !*why) rc_why(why, whylen, "cannot read the result graph");
    sp_table_free(t);
    return NULL;
  }
  return t;
}

#endif /* KG_TOOLS_RDFCOMPARE_H */
