/* jsonld_write.c - writes quads as a JSON-LD document: expanded from RDF,
 * then compacted with a context made of the caller's prefixes. */
#include <string.h>

#include "io/jsonld_int.h"

static int dump_to_buf(const char *s, size_t n, void *data) {
  strbuf *b = data;
  strbuf_append(b, s, n);
  return b->oom ? -1 : 0;
}

static kg_status dump(json_t *doc, strbuf *buf, FILE *out, kg_error *err) {
  size_t flags = JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY;
  int rc = buf ? json_dump_callback(doc, dump_to_buf, buf, flags) : json_dumpf(doc, out, flags);
  if (rc == 0) {
    if (buf) strbuf_putc(buf, '\n');
    else if (fputc('\n', out) == EOF) rc = -1;
  }
  if (rc != 0 || (buf && buf->oom))
    return buf ? kg_err(err, KG_ERR_NOMEM, "out of memory writing JSON-LD")
               : kg_err_errno(err, "cannot write JSON-LD to", "the output");
  return KG_OK;
}

kg_status jld_writer_finish(jld_writer *w, const jld_prefix *prefixes,
                            size_t nprefixes, int expanded, strbuf *buf,
                            FILE *out, kg_error *err) {
  if (!buf == !out) return kg_err(err, KG_ERR_ARG, "JSON-LD: give a buffer or a file");
  json_t *doc;
  TRY(jld_writer_expanded(w, &doc, err));
  if (!expanded && nprefixes) {
    json_t *ctx = json_object(), *c;
    for (size_t i = 0; i < nprefixes; i++) {
      const char *name = prefixes[i].name, *iri = prefixes[i].iri;
      /* a name that would not read back as a prefix is left out */
      if (!name || !*name || !iri || name[0] == '@' || strpbrk(name, ":/#?") ||
          !jld_is_absolute(iri))
        continue;
      json_object_set_new(ctx, name, jld_gen_delim_end(iri) ? json_string(iri)
                                     : json_pack("{s:s,s:b}", "@id", iri, "@prefix", 1));
    }
    kg_status st = jld_compact(doc, ctx, NULL, &c, err);
    json_decref(ctx);
    json_decref(doc);
    TRY(st);
    doc = c;
  }
  kg_status st = dump(doc, buf, out, err);
  json_decref(doc);
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
