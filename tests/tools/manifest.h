/* manifest.h - reads W3C test manifests (mf:include, mf:entries) into a flat list of tests with their files. */
#ifndef KG_TOOLS_MANIFEST_H
#define KG_TOOLS_MANIFEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rdfgraph.h"

#define MF "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
#define QT "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
#define UT "http://www.w3.org/2009/sparql/tests/test-update#"
#define DAWGT "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define SD "http://www.w3.org/ns/sparql-service-description#"

typedef enum {
  MT_QUERY_EVAL, MT_UPDATE_EVAL, MT_CSV_RESULT, MT_POS_SYNTAX, MT_NEG_SYNTAX,
  MT_POS_UPDATE_SYNTAX, MT_NEG_UPDATE_SYNTAX, MT_SKIPPED_KIND, MT_NKINDS
} mt_kind;

static const char *const mt_kind_names[MT_NKINDS] = {
  "query-evaluation", "update-evaluation", "csv-result", "positive-syntax",
  "negative-syntax", "positive-update-syntax", "negative-update-syntax",
  "other",
};

/* Test types by local name in the mf: namespace; `skip` gives a reason
 * for the kinds this runner does not run. */
static const struct {
  const char *type;
  mt_kind kind;
  const char *skip;
} mt_types[] = {
  {"QueryEvaluationTest", MT_QUERY_EVAL, NULL},
  {"UpdateEvaluationTest", MT_UPDATE_EVAL, NULL},
  {"CSVResultFormatTest", MT_CSV_RESULT, NULL},
  {"PositiveSyntaxTest", MT_POS_SYNTAX, NULL},
  {"PositiveSyntaxTest11", MT_POS_SYNTAX, NULL},
  {"NegativeSyntaxTest", MT_NEG_SYNTAX, NULL},
  {"NegativeSyntaxTest11", MT_NEG_SYNTAX, NULL},
  {"PositiveUpdateSyntaxTest11", MT_POS_UPDATE_SYNTAX, NULL},
  {"NegativeUpdateSyntaxTest11", MT_NEG_UPDATE_SYNTAX, NULL},
  {"ProtocolTest", MT_SKIPPED_KIND, "protocol"},
  {"GraphStoreProtocolTest", MT_SKIPPED_KIND, "graph-store-protocol"},
  {"ServiceDescriptionTest", MT_SKIPPED_KIND, "service-description"},
};

/* Manifest directories whose tests are skipped whatever their type. */
static const struct { const char *dir, *skip; } mt_skip_dirs[] = {
  {"entailment", "entailment"},
  {"protocol", "protocol"},
  {"service-description", "service-description"},
  {"graph-store-protocol", "graph-store-protocol"},
  {"http-rdf-update", "http-rdf-update"},
};

/* dawgt:approval values whose tests are not run. */
static const struct { const char *approval, *skip; } mt_skip_approvals[] = {
  {"Withdrawn", "withdrawn"},
  {"Rejected", "rejected"},
  {"NotClassified", "not classified"},
};

/* mf:requires features the engine provides; others skip the test. */
static const char *const mt_features[] = {
  "StringSimpleLiteralCmp", "LangTagAwareness", "KnownTypesDefault2Neq",
  "XsdDateOperations",
};

typedef struct mt_graph {
  const char *file;  /* file: URI */
  const char *name;  /* the graph's IRI */
} mt_graph;

typedef struct mt_test {
  const char *id;        /* "sparql10/basic/base-prefix-1": stable, unique */
  const char *name;      /* mf:name */
  const char *category;  /* manifest directory: "sparql10/basic" */
  const char *type;      /* rdf:type local name */
  mt_kind kind;
  const char *query;     /* file: URI of the query, update or syntax file */
  const char **data;     /* default-graph files (qt:data / ut:data) */
  size_t ndata;
  mt_graph *graphs;      /* named graphs (qt:graphData / ut:graphData) */
  size_t ngraphs;
  const char *result;    /* file: URI of mf:result (queries) */
  const char **rdata;    /* expected default graph (updates) */
  size_t nrdata;
  mt_graph *rgraphs;     /* expected named graphs (updates) */
  size_t nrgraphs;
  int lax;               /* mf:LaxCardinality: duplicates may differ */
  const char *skip;      /* reason it is not run, or NULL */
} mt_test;

typedef struct mt_suite {
  arena *arena;
  mt_test *tests;
  size_t n, cap;
  char root[4096];       /* the directory categories are relative to */
  const char **seen;     /* manifests read, to read each once */
  size_t nseen;
  char error[1024];
} mt_suite;

static inline mt_suite *mt_suite_new(const char *root) {
  mt_suite *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  if (!(s->arena = arena_new())) {
    free(s);
    return NULL;
  }
  if (!realpath(root, s->root)) snprintf(s->root, sizeof s->root, "%s", root);
  return s;
}

static inline void mt_suite_free(mt_suite *s) {
  if (!s) return;
  arena_free(s->arena);
  free(s->tests);
  free(s->seen);
  free(s);
}

static inline const char *mt_dup(mt_suite *s, const char *v) {
  return v ? arena_strdup(s->arena, v) : NULL;
}

static inline const char *mt_local(const char *iri, const char *ns) {
  size_t n = strlen(ns);
  return strncmp(iri, ns, n) == 0 ? iri + n : NULL;
}

/* The category of a manifest: its directory relative to the root. */
static inline const char *mt_category(mt_suite *s, const char *manifest_path) {
  char abs[4096];
  if (!realpath(manifest_path, abs)) snprintf(abs, sizeof abs, "%s", manifest_path);
  char *slash = strrchr(abs, '/');
  if (slash) *slash = '\0';
  size_t n = strlen(s->root);
  const char *rel = strncmp(abs, s->root, n) == 0 && abs[n] == '/' ? abs + n + 1 : abs;
  return mt_dup(s, rel);
}

/* IRIs of the objects of (node, p) copied into the arena; *n counts them. */
static inline const char **mt_iris(mt_suite *s, const rc_graph *g, const kg_term *node,
                            const char *p, size_t *n) {
  const kg_term *o[64];
  size_t k = rc_objects(g, node, p, o, 64);
  if (k > 64) k = 64;
  const char **out = arena_alloc(s->arena, (k + 1) * sizeof *out);
  *n = 0;
  for (size_t i = 0; out && i < k; i++)
    if (o[i]->kind == KG_TERM_IRI) out[(*n)++] = mt_dup(s, o[i]->value);
  return out;
}

static inline const char *mt_iri(mt_suite *s, const rc_graph *g, const kg_term *node,
                          const char *p) {
  const kg_term *o = node ? rc_object(g, node, p) : NULL;
  return o && o->kind == KG_TERM_IRI ? mt_dup(s, o->value) : NULL;
}

/* Named graphs: qt:graphData <file> (named by its IRI) or ut:graphData
 * [ ut:graph <file> ; rdfs:label "name" ]. */
static inline mt_graph *mt_graphs(mt_suite *s, const rc_graph *g, const kg_term *node,
                           const char *p, size_t *n) {
  const kg_term *o[64];
  size_t k = node ? rc_objects(g, node, p, o, 64) : 0;
  if (k > 64) k = 64;
  mt_graph *out = arena_alloc(s->arena, (k + 1) * sizeof *out);
  *n = 0;
  for (size_t i = 0; out && i < k; i++) {
    mt_graph gr = {0};
    if (o[i]->kind == KG_TERM_IRI) {
      gr.file = gr.name = mt_dup(s, o[i]->value);
    } else {
      const char *file = mt_iri(s, g, o[i], UT "graph");
      if (!file) file = mt_iri(s, g, o[i], QT "graph");
      const kg_term *label = rc_object(g, o[i], RDFS "label");
      gr.file = file;
      gr.name = label ? mt_dup(s, label->value) : file;
    }
    if (gr.file) out[(*n)++] = gr;
  }
  return out;
}

/* The id's last part: the fragment or last path segment of the test's
 * IRI, or its name for a blank node. */
static inline void mt_local_id(const kg_term *node, const char *name, char *buf,
                        size_t n) {
  const char *v = node->kind == KG_TERM_IRI ? node->value : name ? name : "test";
  if (node->kind == KG_TERM_IRI) {
    const char *h = strrchr(v, '#'), *sl = strrchr(v, '/');
    v = h ? h + 1 : sl ? sl + 1 : v;
  }
  size_t i = 0;
  for (; *v && i + 1 < n; v++)
    buf[i++] = (*v == ' ' || *v == '\t' || *v == '\n') ? '_' : *v;
  buf[i] = '\0';
}

static inline int mt_add(mt_suite *s, mt_test *t) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    mt_test *nt = realloc(s->tests, cap * sizeof *nt);
    if (!nt) return -1;
    s->tests = nt;
    s->cap = cap;
  }
  /* Ids must be unique for --list/--expect. */
  char id[1024];
  snprintf(id, sizeof id, "%s", t->id);
  for (int k = 2;; k++) {
    size_t i = 0;
    while (i < s->n && strcmp(s->tests[i].id, id) != 0) i++;
    if (i == s->n) break;
    snprintf(id, sizeof id, "%s~%d", t->id, k);
  }
  t->id = mt_dup(s, id);
  s->tests[s->n++] = *t;
  return 0;
}

/* Why a test is skipped (type, directory, approval, features), or NULL. */
static inline const char *mt_skip_reason(mt_suite *s, const rc_graph *g,
                                  const kg_term *node, const kg_term *action,
                                  const char *category, const char *type_skip) {
  if (type_skip) return type_skip;
  const char *dir = strrchr(category, '/');
  dir = dir ? dir + 1 : category;
  for (size_t i = 0; i < sizeof mt_skip_dirs / sizeof mt_skip_dirs[0]; i++)
    if (strcmp(dir, mt_skip_dirs[i].dir) == 0) return mt_skip_dirs[i].skip;
  const char *approval = mt_iri(s, g, node, DAWGT "approval");
  const char *al = approval ? mt_local(approval, DAWGT) : NULL;
  for (size_t i = 0; al && i < sizeof mt_skip_approvals / sizeof mt_skip_approvals[0]; i++)
    if (strcmp(al, mt_skip_approvals[i].approval) == 0) return mt_skip_approvals[i].skip;
  const kg_term *req[16];
  size_t nreq = rc_objects(g, node, MF "requires", req, 16);
  for (size_t i = 0; i < nreq && i < 16; i++) {
    const char *f = req[i]->kind == KG_TERM_IRI ? mt_local(req[i]->value, MF) : NULL;
    size_t k = 0;
    while (f && k < sizeof mt_features / sizeof mt_features[0] && strcmp(f, mt_features[k])) k++;
    if (!f || k == sizeof mt_features / sizeof mt_features[0]) {
      char buf[300];
      snprintf(buf, sizeof buf, "requires %s", f ? f : req[i]->value);
      return mt_dup(s, buf);
    }
  }
  if (action && action->kind != KG_TERM_IRI) {
    if (rc_object(g, action, QT "serviceData"))
      return "SERVICE (needs remote endpoints)";
    if (rc_object(g, action, SD "entailmentRegime"))
      return "entailment";
  }
  return NULL;
}

/* One mf:entries member. */
static inline int mt_read_test(mt_suite *s, const rc_graph *g, const kg_term *node,
                        const char *category) {
  mt_test t = {.category = category, .kind = MT_SKIPPED_KIND};
  const char *type_skip = "unknown test type";
  const kg_term *types[8];
  size_t ntypes = rc_objects(g, node, RG_RDF "type", types, 8);
  for (size_t i = 0; i < ntypes && i < 8 && type_skip; i++) {
    const char *local = types[i]->kind == KG_TERM_IRI ? mt_local(types[i]->value, MF) : NULL;
    for (size_t k = 0; local && k < sizeof mt_types / sizeof mt_types[0]; k++)
      if (strcmp(local, mt_types[k].type) == 0) {
        t.type = mt_dup(s, local);
        t.kind = mt_types[k].kind;
        type_skip = mt_types[k].skip;
        if (!type_skip) break;
      }
  }
  if (!t.type && ntypes && types[0]->kind == KG_TERM_IRI) t.type = mt_dup(s, types[0]->value);
  const kg_term *name = rc_object(g, node, MF "name");
  t.name = name && name->kind == KG_TERM_LITERAL ? mt_dup(s, name->value) : NULL;
  char local[512], id[1024];
  mt_local_id(node, t.name, local, sizeof local);
  snprintf(id, sizeof id, "%s/%s", category, local);
  t.id = id;
  if (!t.name) t.name = mt_dup(s, local);

  const kg_term *action = rc_object(g, node, MF "action");
  t.skip = mt_skip_reason(s, g, node, action, category, type_skip);
  if (action && action->kind == KG_TERM_IRI) {
    t.query = mt_dup(s, action->value);  /* syntax tests: the file itself */
  } else if (action) {
    t.query = mt_iri(s, g, action, QT "query");
    if (!t.query) t.query = mt_iri(s, g, action, UT "request");
    t.data = mt_iris(s, g, action, QT "data", &t.ndata);
    if (!t.ndata) t.data = mt_iris(s, g, action, UT "data", &t.ndata);
    t.graphs = mt_graphs(s, g, action, QT "graphData", &t.ngraphs);
    if (!t.ngraphs) t.graphs = mt_graphs(s, g, action, UT "graphData", &t.ngraphs);
  }
  t.lax = rc_is_iri(rc_object(g, node, MF "resultCardinality"), MF "LaxCardinality");
  const kg_term *result = rc_object(g, node, MF "result");
  if (result && result->kind == KG_TERM_IRI) {
    t.result = mt_dup(s, result->value);
  } else if (result) {
    t.rdata = mt_iris(s, g, result, UT "data", &t.nrdata);
    t.rgraphs = mt_graphs(s, g, result, UT "graphData", &t.nrgraphs);
  }
  if (!t.skip && !t.query) t.skip = "no query file in the manifest";
  return mt_add(s, &t);
}

/* Reads the manifest at `path`, its entries and the manifests it
 * includes. Returns 0, or -1 with s->error set. */
static inline int mt_suite_load(mt_suite *s, const char *path) {
  char *uri = rc_path_to_uri(path);
  if (!uri) {
    snprintf(s->error, sizeof s->error, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < s->nseen; i++)
    if (strcmp(s->seen[i], uri) == 0) {
      free(uri);
      return 0;
    }
  const char **seen = realloc(s->seen, (s->nseen + 1) * sizeof *seen);
  if (!seen) {
    free(uri);
    return -1;
  }
  s->seen = seen;
  s->seen[s->nseen++] = mt_dup(s, uri);

  rc_graph *g = rc_graph_new();
  char why[600] = "";
  int rc = g ? rc_graph_load(g, path, "turtle", uri, NULL, why, sizeof why) : -1;
  if (rc) snprintf(s->error, sizeof s->error, "%s: %s", path, why);
  const char *category = rc ? NULL : mt_category(s, path);
  /* The manifest node(s): subjects typed mf:Manifest. */
  for (size_t i = 0; rc == 0 && i < g->n; i++) {
    if (!rc_is_iri(&g->q[i].p, RG_RDF "type") || !rc_is_iri(&g->q[i].o, MF "Manifest"))
      continue;
    const kg_term *m = &g->q[i].s;
    const kg_term *heads[8];
    size_t nh = rc_objects(g, m, MF "include", heads, 8);
    for (size_t h = 0; rc == 0 && h < nh && h < 8; h++) {
      const kg_term *inc[256];
      size_t ni = rc_list(g, heads[h], inc, 256);
      for (size_t k = 0; rc == 0 && k < ni && k < 256; k++) {
        char *p = inc[k]->kind == KG_TERM_IRI ? rc_uri_to_path(inc[k]->value) : NULL;
        if (p) rc = mt_suite_load(s, p);
        free(p);
      }
    }
    nh = rc_objects(g, m, MF "entries", heads, 8);
    for (size_t h = 0; rc == 0 && h < nh && h < 8; h++) {
      size_t ne = rc_list(g, heads[h], NULL, 0);
      const kg_term **entries = calloc(ne + 1, sizeof *entries);
      if (!entries) rc = -1;
      else rc_list(g, heads[h], entries, ne);
      for (size_t k = 0; rc == 0 && k < ne; k++) rc = mt_read_test(s, g, entries[k], category);
      free(entries);
    }
  }
  rc_graph_free(g);
  free(uri);
  return rc;
}

#endif /* KG_TOOLS_MANIFEST_H */
