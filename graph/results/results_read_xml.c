/* results_read_xml.c - reads SPARQL Query Results XML documents (with libxml2). */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <string.h>

#include "results/results_read.h"

/* libxml2, loaded by the first XML results read (kg_lazy, kg.h);
 * xmlFree is data (a pointer to the deallocator), the others functions */
#define KG_XML_FNS(X) \
  X(xmlNewParserCtxt) X(xmlFreeParserCtxt) X(xmlCtxtReadMemory) \
  X(xmlCtxtGetLastError) X(xmlDocGetRootElement) X(xmlFreeDoc) \
  X(xmlGetLineNo) X(xmlGetNoNsProp) X(xmlGetNsProp) X(xmlNodeGetContent) \
  X(xmlFree)
KG_LAZY_DECLARE(kg_xml, KG_XML_FNS)
#undef xmlFree
#define xmlNewParserCtxt (kg_xml.xmlNewParserCtxt)
#define xmlFreeParserCtxt (kg_xml.xmlFreeParserCtxt)
#define xmlCtxtReadMemory (kg_xml.xmlCtxtReadMemory)
#define xmlCtxtGetLastError (kg_xml.xmlCtxtGetLastError)
#define xmlDocGetRootElement (kg_xml.xmlDocGetRootElement)
#define xmlFreeDoc (kg_xml.xmlFreeDoc)
#define xmlGetLineNo (kg_xml.xmlGetLineNo)
#define xmlGetNoNsProp (kg_xml.xmlGetNoNsProp)
#define xmlGetNsProp (kg_xml.xmlGetNsProp)
#define xmlNodeGetContent (kg_xml.xmlNodeGetContent)
#define xmlFree (*kg_xml.xmlFree)
KG_LAZY_DEFINE(kg_xml, KG_XML_FNS, "libxml2", KG_SONAME_xml2, "libxml2")

#define NOMEM(err) \
  sp_results_error(err, KG_ERR_NOMEM, 0, 0, "out of memory reading results")

static int is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, name) == 0;
}

static kg_status bad(kg_error *err, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A structural error, placed at the element's line. */
static kg_status bad(kg_error *err, const xmlNode *n, const char *fmt, ...) {
  char msg[700];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return sp_results_error(err, KG_ERR_SYNTAX, n ? xmlGetLineNo(n) : 0, 0,
                          "SPARQL XML results: %s", msg);
}

static kg_status read_head(const xmlNode *head, sp_table *t, kg_error *err) {
  for (const xmlNode *v = head->children; v; v = v->next) {
    if (!is(v, "variable")) continue;  /* <link> and others are ignored */
    xmlChar *name = xmlGetNoNsProp(v, (const xmlChar *)"name");
    if (!name) return bad(err, v, "%s", "<variable> without a name");
    size_t len = strlen((const char *)name);
    kg_status st = KG_OK;
    if (sp_table_column(t, (const char *)name, len) >= 0)
      st = bad(err, v, "variable '%s' declared twice", (char *)name);
    else if (sp_table_add_column(t, (const char *)name, len) < 0)
      st = NOMEM(err);
    xmlFree(name);
    if (st != KG_OK) return st;
  }
  return KG_OK;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t n = strlen(s);
  while (n && strchr(" \t\r\n", s[n - 1])) s[--n] = '\0';
  return s;
}

/* The term element inside a <binding>: <uri>, <literal> or <bnode>. */
static kg_status read_term(const xmlNode *b, sp_table *t, kg_term *cell,
                           kg_error *err) {
  const xmlNode *e = b->children;
  while (e && e->type != XML_ELEMENT_NODE) e = e->next;
  if (!e) return bad(err, b, "%s", "<binding> without a <uri>, <literal> or <bnode>");
  kg_term term = {0};
  if (is(e, "uri")) term.kind = KG_TERM_IRI;
  else if (is(e, "bnode")) term.kind = KG_TERM_BLANK;
  else if (is(e, "literal")) term.kind = KG_TERM_LITERAL;
  else return bad(err, e, "unknown term element <%s> (expected uri, literal or bnode)",
                  (const char *)e->name);
  xmlChar *text = xmlNodeGetContent(e);
  xmlChar *lang = xmlGetNsProp(e, (const xmlChar *)"lang", XML_XML_NAMESPACE);
  xmlChar *dt = xmlGetNoNsProp(e, (const xmlChar *)"datatype");
  kg_status st = KG_OK;
  if (!text) {
    st = NOMEM(err);
  } else {
    term.value = term.kind == KG_TERM_LITERAL ? (char *)text : trim((char *)text);
    term.len = strlen(term.value);
    if (term.kind == KG_TERM_LITERAL) {
      term.lang = (const char *)lang;
      term.datatype = lang && *lang ? NULL : (const char *)dt;
    }
    if (sp_table_set(t, cell, &term)) st = NOMEM(err);
  }
  xmlFree(text);
  xmlFree(lang);
  xmlFree(dt);
  return st;
}

static kg_status read_result(const xmlNode *r, sp_table *t, kg_error *err) {
  kg_term *cells = sp_table_add_row(t);
  if (!cells) return NOMEM(err);
  for (const xmlNode *b = r->children; b; b = b->next) {
    if (b->type != XML_ELEMENT_NODE) continue;
    if (!is(b, "binding")) return bad(err, b, "unexpected <%s> in <result>", (const char *)b->name);
    xmlChar *name = xmlGetNoNsProp(b, (const xmlChar *)"name");
    if (!name) return bad(err, b, "%s", "<binding> without a name");
    long col = sp_table_column(t, (const char *)name, strlen((const char *)name));
    kg_status st = col < 0 ? bad(err, b, "binding for variable '%s' not declared in <head>", (char *)name)
                           : read_term(b, t, &cells[col], err);
    xmlFree(name);
    if (st != KG_OK) return st;
  }
  return KG_OK;
}

static kg_status read_boolean(const xmlNode *n, sp_table *t, kg_error *err) {
  xmlChar *text = xmlNodeGetContent(n);
  if (!text) return NOMEM(err);
  char *v = trim((char *)text);
  kg_status st = KG_OK;
  if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) t->boolean = 1;
  else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) t->boolean = 0;
  else st = bad(err, n, "<boolean> holds '%s', not true or false", v);
  t->is_boolean = 1;
  xmlFree(text);
  return st;
}

static kg_status read_doc(const xmlNode *root, sp_table *t, kg_error *err) {
  if (!root || !is(root, "sparql"))
    return bad(err, root, "%s", "the root element is not <sparql>");
  int seen_results = 0;
  for (const xmlNode *n = root->children; n; n = n->next) {
    kg_status st = KG_OK;
    if (is(n, "head")) {
      st = read_head(n, t, err);
    } else if (is(n, "boolean")) {
      st = read_boolean(n, t, err);
    } else if (is(n, "results")) {
      seen_results = 1;
      for (const xmlNode *r = n->children; r && st == KG_OK; r = r->next)
        if (is(r, "result")) st = read_result(r, t, err);
        else if (r->type == XML_ELEMENT_NODE)
          st = bad(err, r, "unexpected <%s> in <results>", (const char *)r->name);
    }
    if (st != KG_OK) return st;
  }
  if (!seen_results && !t->is_boolean)
    return bad(err, root, "%s", "neither <results> nor <boolean> found");
  return KG_OK;
}

kg_status sp_results_parse_xml(const char *data, size_t len, sp_table *t,
                               kg_error *err) {
  if (len > (size_t)__INT_MAX__)
    return sp_results_error(err, KG_ERR_UNSUPPORTED, 0, 0,
                            "SPARQL XML results larger than 2 GB");
  kg_status loaded = kg_lazy_load(&kg_xml_lib, err);
  if (loaded != KG_OK) return loaded;
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return NOMEM(err);
  /* No network, no messages on stderr: errors are taken from the context. */
  int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, "results.srx",
                                    NULL, opts);
  kg_status st;
  if (!doc) {
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    char msg[600] = "not well-formed XML";
    if (e && e->message) {
      snprintf(msg, sizeof msg, "%s", e->message);
      msg[strcspn(msg, "\n")] = '\0';
    }
    st = sp_results_error(err, KG_ERR_SYNTAX, e ? e->line : 0, e ? e->int2 : 0,
                          "SPARQL XML results: %s", msg);
  } else {
    st = read_doc(xmlDocGetRootElement(doc), t, err);
    xmlFreeDoc(doc);
  }
  xmlFreeParserCtxt(ctxt);
  return st;
}
