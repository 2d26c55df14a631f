/* rdfxml_lang.c - the languages raptor's RDF/XML parser leaves off
 * property attributes (rdfxml_lang.h), from a scan by raptor's SAX2. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "io/rdfxml_lang.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XML_NS "http://www.w3.org/XML/1998/namespace"

/* A literal of the document, in raptor's order. */
typedef struct note {
  char *pred, *value, *lang;
  size_t len;
} note;

/* An open element. */
typedef struct frame {
  char *pred;  /* its name as an IRI (a property element's predicate) */
  char *lang;  /* xml:lang in scope, NULL none */
  int kids;    /* an element inside it */
  int text_ok; /* could be a literal property element */
  int skip;    /* inside rdf:parseType="Literal": no statements */
  int literal; /* it is rdf:parseType="Literal" */
} frame;

struct xl_scan {
  raptor_sax2 *sax;
  raptor_uri *base;
  raptor_locator loc;
  note *v;
  size_t n, cap, at; /* notes; at: the first not yet given */
  frame *f;
  size_t depth, fcap;
  char *text; /* the innermost element's text */
  size_t tlen, tcap;
  char *last; /* the language xl_lang gave last */
  int oom;
};

/* Attributes of RDF/XML's own that are no property attributes; those
 * marked 0 also say the element is no literal property element. */
static const struct {
  const char *name;
  int text_ok;
} rdf_syntax[] = {
    {"about", 0},     {"nodeID", 0},      {"resource", 0},
    {"parseType", 0}, {"datatype", 0},    {"ID", 1},
    {"bagID", 1},     {"aboutEach", 0},   {"aboutEachPrefix", 0},
    {"li", 1},        {"Description", 1}, {"RDF", 1},
    {"type", 0},
};

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = 0;
  }
  return d;
}

/* ns + local name, malloc'd; NULL without a namespace (or no memory). */
static char *iri_of(raptor_qname *q, const char **ns_out) {
  const raptor_namespace *ns = raptor_qname_get_namespace(q);
  raptor_uri *u = ns ? raptor_namespace_get_uri(ns) : NULL;
  *ns_out = NULL;
  if (!u) return NULL;
  size_t n;
  const char *s = (const char *)raptor_uri_as_counted_string(u, &n);
  const char *local = (const char *)raptor_qname_get_local_name(q);
  size_t m = strlen(local);
  char *iri = malloc(n + m + 1);
  if (!iri) return NULL;
  memcpy(iri, s, n);
  memcpy(iri + n, local, m + 1);
  *ns_out = s;
  return iri;
}

static void add_note(xl_scan *x, char *pred, const char *value, size_t len,
                     const char *lang) {
  note nt = {pred, dup_n(value, len), lang ? strdup(lang) : NULL, len};
  if (!nt.pred || !nt.value || (lang && !nt.lang) ||
      !grow(&x->v, &x->cap, x->n + 1, sizeof *x->v, 16)) {
    free(nt.pred);
    free(nt.value);
    free(nt.lang);
    x->oom = 1;
    return;
  }
  x->v[x->n++] = nt;
}

static void on_start(void *data, raptor_xml_element *e) {
  xl_scan *x = data;
  frame *up = x->depth ? &x->f[x->depth - 1] : NULL;
  if (up) up->kids = 1;
  if (!grow(&x->f, &x->fcap, x->depth + 1, sizeof *x->f, 16)) {
    x->oom = 1;
    return;
  }
  frame *fr = &x->f[x->depth++];
  memset(fr, 0, sizeof *fr);
  x->tlen = 0;
  fr->skip = up && (up->skip || up->literal);
  if (fr->skip) return;
  const char *ns;
  const char *lang = (const char *)raptor_sax2_inscope_xml_language(x->sax);
  if (lang && *lang && !(fr->lang = strdup(lang))) x->oom = 1;
  fr->pred = iri_of(raptor_xml_element_get_name(e), &ns);
  fr->text_ok = fr->pred != NULL;
  raptor_qname **at = raptor_xml_element_get_attributes(e);
  int na = raptor_xml_element_get_attributes_count(e);
  for (int i = 0; i < na; i++) {
    char *pred = iri_of(at[i], &ns);
    if (!pred) continue; /* no namespace: raptor's to refuse */
    const char *local = (const char *)raptor_qname_get_local_name(at[i]);
    size_t len;
    const char *value =
        (const char *)raptor_qname_get_counted_value(at[i], &len);
    int property = strcmp(ns, XML_NS) != 0;
    for (size_t k = 0; property && !strcmp(ns, RDF_NS) &&
                       k < sizeof rdf_syntax / sizeof *rdf_syntax;
         k++)
      if (!strcmp(local, rdf_syntax[k].name)) {
        property = 0;
        fr->text_ok &= rdf_syntax[k].text_ok;
        if (!strcmp(local, "parseType"))
          fr->literal = value && !strcmp(value, "Literal");
      }
    if (!property) {
      free(pred);
      continue;
    }
    fr->text_ok = 0; /* property attributes: a resource's */
    add_note(x, pred, value ? value : "", value ? len : 0, fr->lang);
  }
}

static void on_end(void *data, raptor_xml_element *e) {
  (void)e;
  xl_scan *x = data;
  if (!x->depth) return;
  frame *fr = &x->f[--x->depth];
  if (!fr->skip && !fr->kids && fr->text_ok) {
    add_note(x, fr->pred, x->text ? x->text : "", x->tlen, fr->lang);
    fr->pred = NULL; /* the note's */
  }
  free(fr->pred);
  free(fr->lang);
  x->tlen = 0;
}

static void on_text(void *data, raptor_xml_element *e, const unsigned char *s,
                    int len) {
  (void)e;
  xl_scan *x = data;
  if (!x->depth || x->f[x->depth - 1].kids || len <= 0) return;
  if (!grow(&x->text, &x->tcap, x->tlen + (size_t)len + 1, 1, 256)) {
    x->oom = 1;
    return;
  }
  memcpy(x->text + x->tlen, s, (size_t)len);
  x->tlen += (size_t)len;
}

xl_scan *xl_new(const char *base) {
  xl_scan *x = calloc(1, sizeof *x);
  if (!x) return NULL;
  x->base = raptor_new_uri(kg_world(), (const unsigned char *)base);
  x->sax = raptor_new_sax2(kg_world(), &x->loc, x);
  if (!x->base || !x->sax) {
    xl_free(x);
    return NULL;
  }
  raptor_sax2_set_start_element_handler(x->sax, on_start);
  raptor_sax2_set_end_element_handler(x->sax, on_end);
  raptor_sax2_set_characters_handler(x->sax, on_text);
  raptor_sax2_parse_start(x->sax, x->base);
  return x;
}

static void drop_notes(xl_scan *x, size_t to) {
  for (; x->at < to; x->at++) {
    free(x->v[x->at].pred);
    free(x->v[x->at].value);
    free(x->v[x->at].lang);
  }
  if (x->at > 64 && x->at * 2 > x->n) {
    memmove(x->v, x->v + x->at, (x->n - x->at) * sizeof *x->v);
    x->n -= x->at;
    x->at = 0;
  }
}

void xl_free(xl_scan *x) {
  if (!x) return;
  drop_notes(x, x->n);
  while (x->depth) {
    frame *fr = &x->f[--x->depth];
    free(fr->pred);
    free(fr->lang);
  }
  if (x->sax) raptor_free_sax2(x->sax);
  if (x->base) raptor_free_uri(x->base);
  free(x->v);
  free(x->f);
  free(x->text);
  free(x->last);
  free(x);
}

int xl_feed(xl_scan *x, const unsigned char *buf, size_t n, int end) {
  raptor_sax2_parse_chunk(x->sax, buf, n, end); /* errors: the parser's */
  return x->oom ? -1 : 0;
}

int xl_lang(xl_scan *x, const char *pred, const char *value, size_t len,
            const char **lang) {
  for (size_t i = x->at; i < x->n; i++) {
    const note *nt = &x->v[i];
    if (nt->len != len || memcmp(nt->value, value, len) ||
        strcmp(nt->pred, pred))
      continue;
    /* the notes before it were literals raptor did not give (an rdf:li's
     * is rdf:_n's) */
    free(x->last);
    x->last = x->v[i].lang;
    x->v[i].lang = NULL;
    *lang = x->last ? x->last : "";
    drop_notes(x, i + 1);
    return 1;
  }
  return 0;
}
