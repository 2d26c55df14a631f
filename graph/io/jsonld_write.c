/* jsonld_write.c - writes quads as a JSON-LD document: expanded from RDF,
 * then compacted with a context made of the caller's prefixes, written a
 * top-level node at a time (each node is freed once written). */
#include <string.h>

#include "io/jsonld_int.h"

typedef struct out {
  strbuf *buf;
  FILE *f;
  int failed;
} out;

static void put(out *o, const char *s, size_t n) {
  if (o->buf) strbuf_append(o->buf, s, n);
  else if (fwrite(s, 1, n, o->f) != n) o->failed = 1;
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static int to_strbuf(const char *s, size_t n, void *data) {
  strbuf_append(data, s, n);
  return 0;
}

/* v as jansson writes it (two-space indents, sorted keys), every line
 * after the first indented by `indent` more. */
static void put_json(out *o, json_t *v, int indent) {
  strbuf t = {0};
  json_dump_callback(v, to_strbuf, &t, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY);
  if (t.oom) o->failed = 1;
  const char *s = t.data ? t.data : "", *nl;
  while ((nl = strchr(s, '\n'))) {
    put(o, s, (size_t)(nl - s) + 1);
    put(o, "        ", (size_t)indent);
    s = nl + 1;
  }
  put(o, s, strlen(s));
  strbuf_free(&t);
}

/* The context of the prefixes: names that cannot be prefixes left out,
 * IRIs that do not end in a delimiter marked @prefix. New reference. */
static json_t *prefix_context(const jld_prefix *prefixes, size_t n) {
  json_t *ctx = json_object();
  for (size_t i = 0; i < n; i++) {
    const char *name = prefixes[i].name, *iri = prefixes[i].iri;
    if (!name || !*name || !iri || name[0] == '@' || strpbrk(name, ":/#?") ||
        !jld_is_absolute(iri))
      continue;
    json_object_set_new(ctx, name, jld_gen_delim_end(iri) ? json_string(iri)
                                   : json_pack("{s:s,s:b}", "@id", iri, "@prefix", 1));
  }
  return ctx;
}

/* The same bytes as dumping the whole document: {"@context", "@graph"}
 * for several nodes, the node itself for one, an array when expanded. */
static kg_status write_nodes(jld *j, json_t *nodes, json_t *ctx, jld_ctx *ac, out *o) {
  size_t n = json_array_size(nodes);
  int compacting = ac != NULL, has_ctx = ctx && json_object_size(ctx);
  if (!compacting && !n) {
    puts_(o, "[]");
    return KG_OK;
  }
  if (compacting && n <= 1) {
    json_t *doc = NULL;
    if (n) TRY(jld_compact_node(j, ac, json_array_get(nodes, 0), &doc));
    if (!doc) doc = json_object();
    if (has_ctx) json_object_set(doc, "@context", ctx);
    put_json(o, doc, 0);
    json_decref(doc);
    return KG_OK;
  }
  int indent = 2;
  if (!compacting) {
    puts_(o, "[\n  ");
  } else if (has_ctx) {
    puts_(o, "{\n  \"@context\": ");
    put_json(o, ctx, 2);
    puts_(o, ",\n  \"@graph\": [\n    ");
    indent = 4;
  } else {
    puts_(o, "{\n  \"@graph\": [\n    ");
    indent = 4;
  }
  for (size_t i = 0; i < n && !o->failed; i++) {
    json_t *node = json_array_get(nodes, i), *c = NULL;
    if (compacting) TRY(jld_compact_node(j, ac, node, &c));
    if (i) put(o, ",\n        ", (size_t)indent + 2);
    put_json(o, c ? c : node, indent);
    json_decref(c);
    json_array_set_new(nodes, i, json_null());
  }
  puts_(o, compacting ? "\n  ]\n}" : "\n]");
  return KG_OK;
}

kg_status jld_writer_finish(jld_writer *w, const jld_prefix *prefixes,
                            size_t nprefixes, int expanded, strbuf *buf,
                            FILE *f, kg_error *err) {
  if (!buf == !f) return kg_err(err, KG_ERR_ARG, "JSON-LD: give a buffer or a file");
  json_t *nodes;
  TRY(jld_writer_expanded(w, &nodes, err));
  jld *j = jld_writer_run(w);
  json_t *ctx = expanded ? NULL : prefix_context(prefixes, nprefixes);
  jld_ctx *ac = NULL;
  out o = {buf, f, 0};
  kg_status st = expanded ? KG_OK : jld_compact_start(j, ctx, &ac);
  if (st == KG_OK) st = write_nodes(j, nodes, ctx, ac, &o);
  if (st == KG_OK) puts_(&o, "\n");
  json_decref(ctx);
  json_decref(nodes);
  if (st == KG_OK && (o.failed || (buf && buf->oom)))
    st = buf ? kg_err(err, KG_ERR_NOMEM, "out of memory writing JSON-LD")
             : kg_err_errno(err, "cannot write JSON-LD to", "the output");
  return st;
}

kg_status jld_write_quads(const kg_quad *q, size_t n, const jld_options *o,
                          const jld_prefix *prefixes, size_t nprefixes,
                          int expanded, strbuf *buf, FILE *out, kg_error *err) {
  jld_writer *w = jld_writer_new(o);
  if (!w) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_status st = KG_OK;
  for (size_t i = 0; i < n && st == KG_OK; i++) st = jld_writer_add(w, &q[i], err);
  if (st == KG_OK) st = jld_writer_finish(w, prefixes, nprefixes, expanded, buf, out, err);
  jld_writer_free(w);
  return st;
}
