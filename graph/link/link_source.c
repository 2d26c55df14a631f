/* link_source.c - the targets links are sought in, behind one call that
 * answers a SELECT query with a table: a SPARQL endpoint (the SPARQL 1.1
 * protocol over the library's HTTP helper: form-encoded POST, JSON
 * results, one request per `delay` at most, as public endpoints ask), or
 * a store the library queries itself (a store spec opened read-only, an
 * RDF file read into memory, a graph of the caller's store). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "io/http.h"
#include "link/link.h"

struct link_source {
  char *url;           /* endpoint, or NULL */
  kg_store *store;     /* a local target's store */
  int own_store;       /* ... opened here (closed by free) */
  char *from;          /* " FROM <graph>" or "" */
  char *dataset, *slug;
  long delay_ms;
  double last;         /* time of the last request (kg_now) */
  size_t requests;
};

/* Public endpoints whose data set has a well-known IRI (the one the
 * hand-made linksets of data/ name) and a short name. */
static const struct {
  const char *host, *dataset, *slug;
} known[] = {
  {"query.wikidata.org", "https://www.wikidata.org/", "wikidata"},
  {"dbpedia.org", "http://dbpedia.org/", "dbpedia"},
};

/* A short name: [a-z0-9-] of s, at most 40 characters. */
static char *slugify(const char *s, size_t n) {
  char *o = malloc(n + 1 > 41 ? 41 : n + 1);
  if (!o) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n && k < 40; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalnum(c)) o[k++] = (char)tolower(c);
    else if (k && o[k - 1] != '-') o[k++] = '-';
  }
  while (k && o[k - 1] == '-') k--;
  if (!k) o[k++] = 'x';
  o[k] = '\0';
  return o;
}

static void endpoint_names(link_source *src) {
  const char *h = strstr(src->url, "://");
  h = h ? h + 3 : src->url;
  size_t hn = strcspn(h, "/:?#");
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strlen(known[i].host) == hn && !strncasecmp(h, known[i].host, hn)) {
      src->dataset = strdup(known[i].dataset);
      src->slug = strdup(known[i].slug);
      return;
    }
  src->dataset = strdup(src->url);
  src->slug = slugify(h, hn);
}

/* The last path segment of a path or IRI, without its extension. */
static char *base_slug(const char *s) {
  size_t n = strlen(s);
  while (n && strchr("/#", s[n - 1])) n--;
  size_t b = n;
  while (b && !strchr("/#:", s[b - 1])) b--;
  const char *dot = memchr(s + b, '.', n - b);
  return slugify(s + b, dot ? (size_t)(dot - s - b) : n - b);
}

kg_status link_source_open(kg_store *st, const char *target, long delay_ms,
                           link_source **out, kg_error *err) {
  *out = NULL;
  if (!target || !*target)
    return kg_err(err, KG_ERR_ARG, "no link target: give an endpoint URL, a "
                                   "store, an RDF file or a <graph>");
  link_source *src = calloc(1, sizeof *src);
  if (!src) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_status s = KG_OK;
  size_t n = strlen(target);
  struct stat sb;
  if (http_is_url(target)) {
    src->url = strdup(target);
    src->from = strdup("");
    src->delay_ms = delay_ms ? delay_ms : 1000;
    if (src->url) endpoint_names(src);
  } else if (n > 2 && target[0] == '<' && target[n - 1] == '>') {
    /* a graph of this store */
    src->store = st;
    char *g = strndup(target + 1, n - 2);
    strbuf b = {0};
    strbuf_printf(&b, " FROM <%s>", g ? g : "");
    src->from = strbuf_take(&b);
    src->dataset = g;
    src->slug = g ? base_slug(g) : NULL;
  } else if (stat(target, &sb) == 0 && S_ISREG(sb.st_mode)) {
    src->from = strdup("");
    src->dataset = kg_file_uri(target);
    src->slug = base_slug(target);
    s = kg_store_open("memory:", 0, &src->store, err);
    if (s == KG_OK) {
      src->own_store = 1;
      s = kg_load(src->store, target, NULL, NULL, err);
    }
  } else if (strchr(target, ':') || (stat(target, &sb) == 0 &&
                                     S_ISDIR(sb.st_mode))) {
    src->from = strdup("");
    src->dataset = S_ISDIR(sb.st_mode) ? kg_file_uri(target) : strdup(target);
    src->slug = base_slug(target);
    s = kg_store_open(target, KG_OPEN_READONLY | KG_OPEN_NOWAIT, &src->store,
                      err);
    src->own_store = s == KG_OK;
  } else {
    s = kg_err(err, KG_ERR_NOTFOUND,
               "link target '%s' is no endpoint URL (http:// or https://), "
               "store, RDF file or <graph>", target);
  }
  if (s == KG_OK && (!src->from || !src->dataset || !src->slug))
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s != KG_OK) {
    link_source_free(src);
    return s;
  }
  *out = src;
  return KG_OK;
}

void link_source_free(link_source *src) {
  if (!src) return;
  if (src->own_store) kg_store_close(src->store);
  free(src->url);
  free(src->from);
  free(src->dataset);
  free(src->slug);
  free(src);
}

int link_source_remote(const link_source *src) { return src->url != NULL; }
const char *link_source_from(const link_source *src) { return src->from; }
const char *link_source_dataset(const link_source *src) { return src->dataset; }
const char *link_source_slug(const link_source *src) { return src->slug; }
size_t link_source_requests(const link_source *src) { return src->requests; }

char *link_form_query(const char *sparql) {
  strbuf b = {0};
  strbuf_puts(&b, "query=");
  for (const unsigned char *p = (const unsigned char *)sparql; *p; p++) {
    if (isalnum(*p) || strchr("-._~", *p)) strbuf_putc(&b, (char)*p);
    else strbuf_printf(&b, "%%%02X", *p);
  }
  return b.oom ? (strbuf_free(&b), NULL) : strbuf_take(&b);
}

/* Waits until `delay` has passed since the last request. */
static void pace(link_source *src) {
  if (src->delay_ms <= 0 || !src->requests) return;
  double wait = src->last + (double)src->delay_ms / 1000 - kg_now();
  if (wait <= 0) return;
  struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
  nanosleep(&ts, NULL);
}

static kg_status remote_select(link_source *src, const char *sparql,
                               sp_table **out, kg_error *err) {
  char *body = link_form_query(sparql);
  if (!body) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  pace(src);
  http_request rq = {.url = src->url,
                     .accept = "application/sparql-results+json, "
                               "application/sparql-results+xml;q=0.9",
                     .body = body,
                     .body_len = strlen(body),
                     .content_type = "application/x-www-form-urlencoded",
                     .timeout_ms = 60000};
  strbuf res = {0};
  char *ctype = NULL;
  kg_error e;
  kg_status s;
  /* a busy endpoint (429 Too Many Requests, 503) is asked again, twice,
   * after waiting longer each time */
  for (int attempt = 0;; attempt++) {
    kg_error_clear(&e);
    s = http_fetch(&rq, NULL, &res, &ctype, &e);
    src->requests++;
    src->last = kg_now();
    if (s != KG_ERR_NET || attempt == 2 ||
        (!strstr(e.message, "HTTP status 429") &&
         !strstr(e.message, "HTTP status 503")))
      break;
    long wait = (src->delay_ms > 0 ? src->delay_ms : 500) * 4 << attempt;
    struct timespec ts = {wait / 1000, wait % 1000 * 1000000L};
    nanosleep(&ts, NULL);
    strbuf_clear(&res);
  }
  if (s != KG_OK)
    s = kg_err(err, s, "cannot query the link target: %s", e.message);
  else if ((s = sp_table_parse(res.data ? res.data : "", res.len, ctype, out,
                               &e)) != KG_OK)
    s = kg_err(err, s, "the link target %s answered what is no SPARQL "
                       "result: %s", src->url, e.message);
  free(body);
  free(ctype);
  strbuf_free(&res);
  return s;
}

kg_status link_store_select(kg_store *st, const char *sparql,
                            sp_table **out, kg_error *err) {
  kg_query_options o = {.declare_prefixes = 1};
  kg_result *r = NULL;
  *out = NULL;
  TRY(kg_query(st, sparql, &o, &r, err));
  sp_table *t = sp_table_new();
  kg_status s = t ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
  size_t nc = kg_result_columns(r);
  for (size_t c = 0; s == KG_OK && c < nc; c++) {
    const char *name = kg_result_column(r, c);
    if (sp_table_add_column(t, name, strlen(name)) < 0)
      s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  int rc = 0;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0) {
    kg_term *row = sp_table_add_row(t);
    if (!row) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
    for (size_t c = 0; s == KG_OK && c < nc; c++) {
      const kg_term *v = kg_result_value(r, c);
      if (v && v->kind && sp_table_set(t, &row[c], v) < 0)
        s = kg_err(err, KG_ERR_NOMEM, "out of memory");
    }
  }
  if (s == KG_OK && rc < 0) s = err ? err->status : KG_ERR_EVAL;
  kg_result_free(r);
  if (s != KG_OK) {
    sp_table_free(t);
    return s;
  }
  *out = t;
  return KG_OK;
}

kg_status link_source_select(link_source *src, const char *sparql,
                             sp_table **out, kg_error *err) {
  *out = NULL;
  return src->url ? remote_select(src, sparql, out, err)
                  : link_store_select(src->store, sparql, out, err);
}
