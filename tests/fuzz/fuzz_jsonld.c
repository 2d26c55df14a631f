/* fuzz_jsonld.c - the JSON-LD reader (expansion, the node map, to RDF) and
 * then the writer on what it read (from RDF, compaction): no remote
 * contexts, so only the document itself is processed. */
#include "io/jsonld.h"
#include "fuzz.h"

static kg_status on_quad(void *data, const kg_quad *q, kg_error *err) {
  const kg_term *t[] = {&q->s, &q->p, &q->o, &q->g};
  for (size_t i = 0; i < 4; i++)
    if (t[i]->kind != KG_TERM_NONE) free(kg_term_to_nt(t[i]));
  return jld_writer_add(data, q, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  jld_options o = jld_options_default();
  o.base = "http://example.org/dir/doc.jsonld";
  /* trailing white space picks the options the W3C tests vary (any other
   * byte there would make the JSON invalid) */
  char last = size ? (char)data[size - 1] : '\n';
  o.json_ld_10 = last == '\t';
  o.rdf_direction = last == '\r' ? JLD_DIR_COMPOUND
                    : last == ' ' ? JLD_DIR_I18N : JLD_DIR_NONE;
  o.generalized = last == ' ';
  jld_writer *w = jld_writer_new(&o);
  if (!w) return 0;
  kg_error err;
  if (jld_to_quads((const char *)data, size, "fuzz.jsonld", &o, on_quad, w,
                   &err) == KG_OK) {
    static const jld_prefix px[] = {{"ex", "http://example.org/"},
                                    {"schema", "http://schema.org/"}};
    strbuf out = {0};
    jld_writer_finish(w, px, sizeof px / sizeof *px, last == ' ',
                      &out, NULL, &err);
    strbuf_free(&out);
  }
  jld_writer_free(w);
  return 0;
}
