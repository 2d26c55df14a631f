/* rdfgraph.h - a small in-memory quad set for the test tools, filled by raptor from RDF files. */
#ifndef KG_TOOLS_RDFGRAPH_H
#define KG_TOOLS_RDFGRAPH_H

#include <limits.h>
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg.h"
#include "arena.h"

#define RG_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RG_XSD "http://www.w3.org/2001/XMLSchema#"

/* Quads with strings owned by the graph's arena; a quad's g.kind NONE is
 * the default graph. Used for manifests and for expected graphs. */
typedef struct rc_graph {
  arena *arena;
  kg_quad *q;
  size_t n, cap;
  unsigned loads;  /* files loaded: keeps their blank nodes apart */
} rc_graph;

static inline rc_graph *rc_graph_new(void) {
  rc_graph *g = calloc(1, sizeof *g);
  if (g && !(g->arena = arena_new())) {
    free(g);
    g = NULL;
  }
  return g;
}

static inline void rc_graph_free(rc_graph *g) {
  if (!g) return;
  arena_free(g->arena);
  free(g->q);
  free(g);
}

/* Copies a term's strings into the graph (blank labels get `prefix`). */
static inline int rc_copy_term(rc_graph *g, kg_term *dst, const kg_term *src,
                        const char *prefix) {
  *dst = (kg_term){.kind = src->kind};
  if (src->kind == KG_TERM_NONE) return 0;
  size_t len = src->kind == KG_TERM_LITERAL ? src->len : strlen(src->value);
  size_t plen = src->kind == KG_TERM_BLANK && prefix ? strlen(prefix) : 0;
  char *v = arena_alloc(g->arena, plen + len + 1);
  if (!v) return -1;
  if (plen) memcpy(v, prefix, plen);
  memcpy(v + plen, src->value, len);
  dst->value = v;
  dst->len = plen + len;
  if (src->kind == KG_TERM_LITERAL && src->lang && *src->lang) {
    char *l = arena_strdup(g->arena, src->lang);
    if (!l) return -1;
    for (char *p = l; *p; p++)
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    dst->lang = l;
  } else if (src->kind == KG_TERM_LITERAL && src->datatype) {
    if (!(dst->datatype = arena_strdup(g->arena, src->datatype))) return -1;
  }
  return 0;
}

static inline int rc_graph_add_prefixed(rc_graph *g, const kg_quad *q,
                                 const char *prefix) {
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 64;
    kg_quad *nq = realloc(g->q, cap * sizeof *nq);
    if (!nq) return -1;
    g->q = nq;
    g->cap = cap;
  }
  kg_quad *d = &g->q[g->n];
  if (rc_copy_term(g, &d->s, &q->s, prefix) ||
      rc_copy_term(g, &d->p, &q->p, prefix) ||
      rc_copy_term(g, &d->o, &q->o, prefix) ||
      rc_copy_term(g, &d->g, &q->g, prefix))
    return -1;
  g->n++;
  return 0;
}

/* Adds a copy of `q`. Returns 0, or -1 when out of memory. */
static inline int rc_graph_add(rc_graph *g, const kg_quad *q) {
  return rc_graph_add_prefixed(g, q, NULL);
}

/* ------------------------------------------------------------- raptor */

static raptor_world *rc_world_ptr;

static inline raptor_world *rc_world(void) {
  if (!rc_world_ptr) {
    rc_world_ptr = raptor_new_world();
    if (rc_world_ptr && raptor_world_open(rc_world_ptr)) {
      raptor_free_world(rc_world_ptr);
      rc_world_ptr = NULL;
    }
  }
  return rc_world_ptr;
}

static inline void rc_world_free(void) {
  raptor_free_world(rc_world_ptr);
  rc_world_ptr = NULL;
}

/* The file: URI of a path (made absolute), in a new string (free()). */
static inline char *rc_path_to_uri(const char *path) {
  char abs[PATH_MAX];
  if (!realpath(path, abs)) snprintf(abs, sizeof abs, "%s", path);
  unsigned char *u = raptor_uri_filename_to_uri_string(abs);
  if (!u) return NULL;
  char *s = strdup((char *)u);
  raptor_free_memory(u);
  return s;
}

/* The local path of a file: URI in a new string (free()), or NULL. */
static inline char *rc_uri_to_path(const char *uri) {
  if (strncmp(uri, "file:", 5) != 0) return NULL;
  char *p = raptor_uri_uri_string_to_filename((const unsigned char *)uri);
  if (!p) return NULL;
  char *s = strdup(p);
  raptor_free_memory(p);
  return s;
}

/* `rel` resolved against `base`, in a new string (free()). */
static inline char *rc_resolve(const char *base, const char *rel) {
  raptor_world *w = rc_world();
  raptor_uri *b = raptor_new_uri(w, (const unsigned char *)base);
  raptor_uri *u = b ? raptor_new_uri_relative_to_base(w, b, (const unsigned char *)rel) : NULL;
  char *s = u ? strdup((char *)raptor_uri_as_string(u)) : NULL;
  if (u) raptor_free_uri(u);
  if (b) raptor_free_uri(b);
  return s;
}

/* The raptor parser for a file name, by extension. */
static inline const char *rc_syntax_for(const char *path) {
  static const struct { const char *ext, *syntax; } map[] = {
    {".ttl", "turtle"}, {".n3", "turtle"}, {".nt", "ntriples"},
    {".nq", "nquads"}, {".trig", "trig"}, {".rdf", "rdfxml"},
    {".owl", "rdfxml"}, {".xml", "rdfxml"},
  };
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < sizeof map / sizeof map[0]; i++)
    if (strcmp(dot, map[i].ext) == 0) return map[i].syntax;
  return "turtle";
}

typedef struct rc_load {
  rc_graph *g;
  const kg_term *graph;   /* target graph or NULL = the quad's own */
  char prefix[32];
  int failed;
  char *why;
  size_t whylen;
} rc_load;

static inline kg_term rc_from_raptor(const raptor_term *t) {
  kg_term k = {0};
  if (!t) return k;
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI:
    k.kind = KG_TERM_IRI;
    k.value = (const char *)raptor_uri_as_string(t->value.uri);
    k.len = strlen(k.value);
    break;
  case RAPTOR_TERM_TYPE_BLANK:
    k.kind = KG_TERM_BLANK;
    k.value = (const char *)t->value.blank.string;
    k.len = t->value.blank.string_len;
    break;
  case RAPTOR_TERM_TYPE_LITERAL:
    k.kind = KG_TERM_LITERAL;
    k.value = (const char *)t->value.literal.string;
    k.len = t->value.literal.string_len;
    k.lang = (const char *)t->value.literal.language;
    if (t->value.literal.datatype)
      k.datatype = (const char *)raptor_uri_as_string(t->value.literal.datatype);
    break;
  default:
    break;
  }
  return k;
}

static inline void rc_on_statement(void *data, raptor_statement *st) {
  rc_load *l = data;
  kg_quad q = {rc_from_raptor(st->subject), rc_from_raptor(st->predicate),
               rc_from_raptor(st->object), rc_from_raptor(st->graph)};
  if (l->graph) q.g = *l->graph;
  if (rc_graph_add_prefixed(l->g, &q, l->prefix)) l->failed = 1;
}

static inline void rc_on_log(void *data, raptor_log_message *m) {
  rc_load *l = data;
  if (m->level < RAPTOR_LOG_LEVEL_ERROR) return;
  if (!l->failed && l->why) {
    int line = m->locator ? m->locator->line : -1;
    int col = m->locator ? m->locator->column : -1;
    snprintf(l->why, l->whylen, "%d:%d: %s", line, col, m->text);
  }
  l->failed = 1;
}

/* Parses the RDF file `path` into g. Triples go to `graph` (NULL or kind
 * NONE = the default graph; quads formats keep their own graph unless
 * `graph` is given). `base` NULL = the file's URI. Returns 0, or -1 with a
 * reason in why. */
/* A whole file, NUL-terminated (new, caller frees); *len its size. */
static inline char *rc_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0, k;
  char *buf = malloc(cap);
  while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += k;
    if (n + 1 == cap) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) free(buf);
      buf = nb;
    }
  }
  fclose(f);
  if (buf) buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

static inline int rc_graph_load(rc_graph *g, const char *path, const char *syntax,
                         const char *base, const kg_term *graph, char *why,
                         size_t whylen) {
  raptor_world *w = rc_world();
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(why, whylen, "cannot open %s", path);
    return -1;
  }
  char *file_uri = rc_path_to_uri(path);
  raptor_parser *p = raptor_new_parser(w, syntax ? syntax : rc_syntax_for(path));
  raptor_uri *b = raptor_new_uri(w, (const unsigned char *)(base ? base : file_uri));
  rc_load l = {g, graph && graph->kind != KG_TERM_NONE ? graph : NULL, "", 0, why, whylen};
  snprintf(l.prefix, sizeof l.prefix, "f%u_", ++g->loads);
  int rc = -1;
  if (p && b) {
    raptor_world_set_log_handler(w, &l, rc_on_log);
    raptor_parser_set_statement_handler(p, &l, rc_on_statement);
    if (raptor_parser_parse_file_stream(p, f, path, b) == 0 && !l.failed) rc = 0;
    else if (!l.failed) snprintf(why, whylen, "cannot parse %s", path);
    raptor_world_set_log_handler(w, NULL, NULL);
  } else {
    snprintf(why, whylen, "no raptor parser for %s", path);
  }
  if (b) raptor_free_uri(b);
  if (p) raptor_free_parser(p);
  free(file_uri);
  fclose(f);
  return rc;
}

/* -------------------------------------------------------------- lookups */

static inline int rc_same(const kg_term *a, const kg_term *b) {
  if (a->kind != b->kind || a->len != b->len) return 0;
  if (a->kind == KG_TERM_NONE) return 1;
  if (memcmp(a->value, b->value, a->len) != 0) return 0;
  if (a->kind != KG_TERM_LITERAL) return 1;
  const char *la = a->lang ? a->lang : "", *lb = b->lang ? b->lang : "";
  const char *da = a->datatype ? a->datatype : "", *db = b->datatype ? b->datatype : "";
  return strcmp(la, lb) == 0 && strcmp(da, db) == 0;
}

static inline int rc_is_iri(const kg_term *t, const char *iri) {
  return t && t->kind == KG_TERM_IRI && strcmp(t->value, iri) == 0;
}

/* Up to `max` objects of (s, p, ?) into out; returns how many there are. */
static inline size_t rc_objects(const rc_graph *g, const kg_term *s, const char *p,
                         const kg_term **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < g->n; i++)
    if (rc_same(&g->q[i].s, s) && rc_is_iri(&g->q[i].p, p)) {
      if (n < max) out[n] = &g->q[i].o;
      n++;
    }
  return n;
}

/* The first object of (s, p, ?), or NULL. */
static inline const kg_term *rc_object(const rc_graph *g, const kg_term *s,
                                const char *p) {
  const kg_term *o = NULL;
  return rc_objects(g, s, p, &o, 1) ? o : NULL;
}

static inline int rc_has(const rc_graph *g, const kg_term *s, const char *p,
                  const char *o_iri) {
  for (size_t i = 0; i < g->n; i++)
    if (rc_same(&g->q[i].s, s) && rc_is_iri(&g->q[i].p, p) &&
        rc_is_iri(&g->q[i].o, o_iri))
      return 1;
  return 0;
}

/* The members of the RDF list at `head` (up to max); returns the count. */
static inline size_t rc_list(const rc_graph *g, const kg_term *head,
                      const kg_term **out, size_t max) {
  size_t n = 0;
  for (size_t guard = 0; head && !rc_is_iri(head, RG_RDF "nil") && guard < 100000; guard++) {
    const kg_term *first = rc_object(g, head, RG_RDF "first");
    if (!first) break;
    if (n < max) out[n] = first;
    n++;
    head = rc_object(g, head, RG_RDF "rest");
  }
  return n;
}

#endif /* KG_TOOLS_RDFGRAPH_H */
