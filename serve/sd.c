/* sd.c - the Service Description (SPARQL 1.1 Service Description) of an
 * endpoint, with a VoID description of its graphs and their sizes: made
 * as Turtle, read into a memory store and written in the negotiated
 * syntax. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

static const char *result_formats[] = {
  "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
  "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG", "RDF_XML",
};

/* Turtle of the description; new string (free()), NULL when out of
 * memory or the store cannot list its graphs. */
static char *describe(server *srv, const char *endpoint) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return NULL;
  fprintf(f,
          "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
          "@prefix formats: <http://www.w3.org/ns/formats/> .\n"
          "@prefix void: <http://rdfs.org/ns/void#> .\n"
          "<%s#service> a sd:Service ;\n"
          "  sd:endpoint <%s> ;\n"
          "  sd:supportedLanguage sd:SPARQL11Query%s ;\n"
          "  sd:feature sd:EmptyGraphs%s%s ;\n",
          endpoint, endpoint, srv->update ? ", sd:SPARQL11Update" : "",
          kg_store_union_default(srv->st) ? ", sd:UnionDefaultGraph" : "",
          srv->deny & KG_DENY_SERVICE ? "" : ", sd:BasicFederatedQuery");
  fprintf(f, "  sd:resultFormat ");
  for (size_t i = 0; i < sizeof result_formats / sizeof *result_formats; i++)
    fprintf(f, "%sformats:%s", i ? ", " : "", result_formats[i]);
  fprintf(f, " ;\n  sd:defaultDataset <%s#dataset> .\n", endpoint);
  fprintf(f, "<%s#dataset> a sd:Dataset, void:Dataset ;\n"
             "  void:triples %lld ;\n"
             "  sd:defaultGraph [ a sd:Graph ] ", endpoint,
          kg_store_size(srv->st));
  kg_result *r = NULL;
  kg_error e;
  int ok = kg_store_graphs(srv->st, &r, &e) == KG_OK;
  while (ok && kg_result_next(r, &e) > 0) {
    const kg_term *g = kg_result_value(r, 0);
    const kg_term *n = kg_result_value(r, 1);
    if (!g || g->kind != KG_TERM_IRI) {
      if (n && n->kind == KG_TERM_LITERAL)
        fprintf(f, ";\n  void:defaultGraphTriples %.*s ", (int)n->len,
                n->value);
      continue;
    }
    char *iri = kg_term_to_nt(g);
    fprintf(f, ";\n  sd:namedGraph [ a sd:NamedGraph ; sd:name %s ;\n"
               "    sd:graph [ a sd:Graph, void:Dataset ; void:triples %.*s ] ] ",
            iri ? iri : "<>", n ? (int)n->len : 1, n ? n->value : "0");
    free(iri);
  }
  kg_result_free(r);
  fprintf(f, ".\n");
  if (fclose(f) != 0 || !ok) {
    free(text);
    return NULL;
  }
  return text;
}

enum MHD_Result handle_description(struct MHD_Connection *c, request *rq,
                                   const char *path) {
  server *srv = rq->srv;
  const kg_media_type *mt = negotiate(c, NULL, KG_FORMAT_GRAPHS);
  if (!mt)
    return send_text(c, rq, 406, "the service description is written as "
                                 "text/turtle, application/n-triples, "
                                 "application/rdf+xml, ...");
  const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_HOST);
  char endpoint[1024];
  snprintf(endpoint, sizeof endpoint, "http://%s%s",
           host && !strpbrk(host, "<>\" {}|\\^`") ? host : "localhost", path);
  if (gate_enter(&srv->gate, 0, now_ms() + 10000) < 0) return send_busy(c, rq);
  char *ttl = describe(srv, endpoint);
  gate_leave(&srv->gate, 0);
  if (!ttl) return send_text(c, rq, 500, "cannot describe the store");
  /* through a memory store, so every graph syntax can be offered */
  kg_store *m = NULL;
  kg_error e;
  char *out = NULL;
  size_t len = 0;
  kg_status s = kg_store_open("memory:", KG_OPEN_CREATE, &m, &e);
  if (s == KG_OK)
    s = kg_load_string(m, ttl, strlen(ttl), "<description>",
                       &(kg_load_options){.syntax = "turtle"}, NULL, &e);
  FILE *f = s == KG_OK ? open_memstream(&out, &len) : NULL;
  if (f) {
    kg_prefix_set(m, "sd", "http://www.w3.org/ns/sparql-service-description#", NULL);
    kg_prefix_set(m, "formats", "http://www.w3.org/ns/formats/", NULL);
    kg_prefix_set(m, "void", "http://rdfs.org/ns/void#", NULL);
    s = kg_export(m, f, &(kg_export_options){.format = mt->format}, &e);
    if (fclose(f) != 0 && s == KG_OK) s = KG_ERR_IO;
  }
  kg_store_close(m);
  free(ttl);
  if (s != KG_OK || !f) {
    free(out);
    return send_textf(c, rq, 500, "cannot write the service description: %s",
                      s != KG_OK ? e.message : "out of memory");
  }
  char ct[128];
  snprintf(ct, sizeof ct, "%s; charset=utf-8", mt->type);
  return send_body(c, rq, 200, ct, out, len);
}
