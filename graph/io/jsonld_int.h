/* jsonld_int.h - what the JSON-LD files share: the run's state, active
 * contexts and term definitions, errors, IRIs. */
#ifndef KG_JSONLD_INT_H
#define KG_JSONLD_INT_H

#include "arena.h"
#include "io/jsonld.h"

/* container mapping bits */
enum {
  JC_LIST = 1, JC_SET = 2, JC_INDEX = 4, JC_LANGUAGE = 8, JC_ID = 16,
  JC_TYPE = 32, JC_GRAPH = 64
};

typedef struct jld_term {
  const char *term;
  const char *iri;        /* NULL: a null mapping */
  const char *type;       /* type mapping or NULL */
  const char *lang;       /* with has_lang; NULL = explicitly null */
  const char *dir;        /* with has_dir; NULL = explicitly null */
  const char *index;      /* index mapping or NULL */
  const char *nest;       /* nest value or NULL */
  json_t *context;        /* scoped context (reference held by the run) */
  const char *base_url;   /* of the scoped context */
  unsigned container;
  unsigned char has_lang, has_dir, reverse, prefix, protect;
} jld_term;

/* A string-keyed hash table of pointers; keys are borrowed. */
typedef struct jld_map {
  const char **keys;
  void **vals;
  size_t cap, n;
} jld_map;

typedef struct jld_ctx {
  jld_map terms;
  const char *base;          /* NULL = none */
  const char *original_base;
  const char *vocab;         /* NULL = none */
  const char *lang, *dir;    /* defaults, NULL = none */
  struct jld_ctx *previous;  /* a non-propagated context's predecessor */
  json_t *inverse;           /* built on first compaction use */
} jld_ctx;

/* A step of a path into the document: an object key, or (key NULL) an
 * array index. Errors of expansion record where they happened. */
typedef struct jld_seg {
  const char *key;
  size_t index;
} jld_seg;

typedef struct jld {
  arena *a;
  kg_error *err;
  jld_options o;
  json_t *docs;              /* URL -> loaded context document */
  json_t *keep;              /* references held for the run */
  json_t *bnodes;            /* old blank node id -> new one */
  unsigned long nbnodes;
  unsigned depth;
  const char *confused;      /* an IRI read as a compact IRI (compaction) */
  jld_seg *path, *fail_path; /* where expansion is; where it failed */
  size_t npath, cap_path, nfail;
  unsigned frozen;           /* > 0: in another document, path kept */
  int failed;
  const char *ctx_base;      /* the context being processed: its base URL */
  json_t *ctx_remote;        /* and the remote contexts above it */
} jld;

kg_status jld_init(jld *j, const jld_options *o, kg_error *err);
void jld_done(jld *j);

/* Fails with the JSON-LD error `code`: "code: detail". */
kg_status jld_fail(jld *j, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
kg_status jld_nomem(jld *j);
void jld_path_push(jld *j, const char *key, size_t index);
void jld_path_pop(jld *j);
/* Where the value at `path` starts in JSON text; 0 if not found. */
int jld_locate(const char *text, size_t len, const jld_seg *path, size_t n,
               long *line, long *col);
/* Holds a reference for the run; returns v. */
json_t *jld_keep(jld *j, json_t *v);
char *jld_strdup(jld *j, const char *s);
char *jld_cat(jld *j, const char *a, const char *b);

void *jld_map_get(const jld_map *m, const char *key);
int jld_map_put(jld *j, jld_map *m, const char *key, void *val);
int jld_map_del(jld_map *m, const char *key);
int jld_map_clone(jld *j, jld_map *dst, const jld_map *src);

/* IRIs */
int jld_is_keyword(const char *s);
int jld_keyword_form(const char *s);   /* "@" followed by letters only */
int jld_is_absolute(const char *s);    /* has a scheme */
int jld_is_bnode(const char *s);       /* "_:..." */
int jld_well_formed_iri(const char *s);
int jld_gen_delim_end(const char *s);
/* `rel` resolved against `base` (RFC 3986 5.2); arena string. */
char *jld_resolve(jld *j, const char *base, const char *rel);
/* `iri` made relative to `base` where it can be; arena string. */
char *jld_relativize(jld *j, const char *base, const char *iri);
/* A fresh blank node id, or the one given to `old` (NULL: always new). */
const char *jld_bnode(jld *j, const char *old);

/* Loads a context document (loader, cache, network as allowed). *doc is
 * borrowed for the run; *url the document's final URL. */
kg_status jld_load(jld *j, const char *url, json_t **doc, const char **final);

/* helpers on JSON */
const char *jld_str(const json_t *v);           /* string value or NULL */
json_t *jld_as_array(json_t *v);                /* new reference */
int jld_add_value(json_t *obj, const char *key, json_t *v, int as_array,
                  int unique);                  /* steals v */
int jld_is_value(const json_t *v);
int jld_is_list(const json_t *v);
int jld_is_graph(const json_t *v);
int jld_is_simple_graph(const json_t *v);
int jld_is_node(const json_t *v);
/* Keys of an object sorted (new array of borrowed strings, free()). */
const char **jld_sorted_keys(const json_t *obj, size_t *n);

/* context processing (jsonld_context.c) */
jld_ctx *jld_ctx_new(jld *j, const char *base);
kg_status jld_process_context(jld *j, jld_ctx *active, json_t *local,
                              const char *base_url, json_t *remote,
                              int override_protected, int propagate,
                              int validate_scoped, jld_ctx **out);
kg_status jld_expand_iri(jld *j, jld_ctx *ac, const char *value, int doc_rel,
                         int vocab, json_t *local, json_t *defined,
                         const char **out);
/* IRI expansion with no local context (cannot fail). */
const char *jld_iri(jld *j, jld_ctx *ac, const char *value, int doc_rel,
                    int vocab);
const jld_term *jld_term_get(const jld_ctx *ac, const char *term);

/* expansion (jsonld_expand.c) */
kg_status jld_expand_doc(jld *j, json_t *doc, json_t **out);
/* Expands doc and calls each() with expanded pieces: the whole document,
 * or, for one that is only @context and an @graph array, each element in
 * turn (freed from doc as it goes: memory stays near the parsed size). */
typedef kg_status (*jld_each_fn)(jld *j, json_t *expanded, void *data);
kg_status jld_expand_each(jld *j, json_t *doc, jld_each_fn each, void *data);
kg_status jld_expand_value(jld *j, jld_ctx *ac, const char *prop, json_t *v,
                           json_t **out);

/* names for compaction (jsonld_iri_compact.c) */
const char *jld_compact_iri(jld *j, jld_ctx *ac, const char *var, json_t *value,
                            int vocab, int reverse);
/* A value object compacted for `prop`: new reference. */
json_t *jld_compact_value(jld *j, jld_ctx *ac, const char *prop, json_t *value);

/* compaction (jsonld_compact.c): the active context of `context` (may be
 * NULL), then one expanded node (or array) at a time; *out new reference */
kg_status jld_compact_start(jld *j, json_t *context, jld_ctx **ac);
kg_status jld_compact_node(jld *j, jld_ctx *ac, json_t *node, json_t **out);

/* The writer's run state (jsonld_fromrdf.c), borrowed for its lifetime. */
jld *jld_writer_run(jld_writer *w);

#endif /* KG_JSONLD_INT_H */
