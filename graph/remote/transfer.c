/* transfer.c - RDF files into a server's store and back out. A file is
 * parsed here first (a bad file is refused before anything is sent, with
 * its place) into a scratch store: in memory, or on disk for a large
 * file; its graphs then go to the Graph Store Protocol, or for a server
 * without one as INSERT DATA, in batches (see `batch`). Exports read the
 * statements back (the Graph Store Protocol for the default graph, a
 * SELECT for named ones) as they arrive and write them with kgsh's own
 * writers: memory stays small whatever the size. */
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/http.h"
#include "io/rdfwrite.h"
#include "results/results.h"
#include "remote/remote.h"

enum {
  BATCH = 500,         /* statements of one INSERT DATA */
  TRANSFER_MS = 3600000
};

/* The store a file is read into: in memory
 * when small; when large, a store directory of its own under $TMPDIR
 * (the bulk path keeps a load's memory bounded; the file's statements
 * cost about 125 bytes each on disk), removed when done. KG_SCRATCH_DISK
 * set makes every one a directory. */
typedef struct scratch {
  kg_store *st;
  char *dir;
} scratch;

enum {
  DISK_BYTES = 32 << 20 /* a file this large goes to a directory */
};

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

/* Removes a scratch directory and what the store made in it. */
static void remove_dir(const char *dir) {
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static kg_status scratch_open(scratch *sc, int large, kg_error *err) {
  *sc = (scratch){0};
  if (!large && !getenv("KG_SCRATCH_DISK"))
    return store_open("memory:", KG_OPEN_CREATE, &sc->st, err);
  const char *tmp = getenv("TMPDIR");
  strbuf d = {0};
  strbuf_printf(&d, "%s/kgsh-transfer-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (d.oom) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (!mkdtemp(d.data)) {
    kg_status s = kg_err_errno(err, "cannot make a working folder", d.data);
    strbuf_free(&d);
    return s;
  }
  sc->dir = strbuf_take(&d);
  kg_status s = store_open(sc->dir, KG_OPEN_CREATE, &sc->st, err);
  if (s != KG_OK) { /* the open may have made files before it failed */
    remove_dir(sc->dir);
    free(sc->dir);
    sc->dir = NULL;
  }
  return s;
}

static void scratch_close(scratch *sc) {
  kg_store_close(sc->st);
  if (sc->dir) remove_dir(sc->dir);
  free(sc->dir);
}

/* 1 if `path` names a file of at least DISK_BYTES. */
static int large_file(const char *path) {
  struct stat sb;
  return path && !stat(path, &sb) && S_ISREG(sb.st_mode) &&
         sb.st_size >= DISK_BYTES;
}

/* "URL?graph=IRI" or "URL?default" (or '&' when URL has a query). */
static void gsp_url(strbuf *b, const char *url, const kg_term *g) {
  strbuf_puts(b, url);
  strbuf_putc(b, strchr(url, '?') ? '&' : '?');
  if (g && g->kind == KG_TERM_IRI) {
    strbuf_puts(b, "graph=");
    char *iri = strndup(g->value, g->len);
    if (iri) http_urlencode(b, iri);
    else b->oom = 1;
    free(iri);
  } else {
    strbuf_puts(b, "default");
  }
}

/* A request under construction: statements of one graph at a time,
 * POSTed to the Graph Store Protocol as N-Triples (labelled Turtle,
 * which it is: raptor 2.0.15's N-Triples parser, kgsh serve's included,
 * leaks a datatype IRI per typed literal) in batches of GSP_BATCH (under
 * kgsh serve's 16 MB body limit), or without a store URL as INSERT DATA
 * in batches of BATCH (Virtuoso turns each request into SQL and refuses
 * one past 10000 lines: docs/remote.md). Statements with blank nodes go
 * last, all in one request (INSERT { } WHERE { }, as Virtuoso refuses
 * blank nodes in INSERT DATA): a blank node is new in every request, so
 * a batch boundary would split one in two. */
typedef struct batch {
  strbuf u;
  const char *gsp;     /* the Graph Store URL, or NULL: updates */
  const kg_term *g;    /* the graph (kind NONE: the default graph) */
  size_t n;
  size_t max;          /* statements a request, or 0: one request */
  int blanks;          /* this pass takes the statements with blank nodes */
  unsigned long long sent;
  unsigned long long bytes;  /* the file's size, for the progress line */
} batch;

enum { GSP_BATCH = 50000 };

static int has_blank(const kg_quad *q) {
  return q->s.kind == KG_TERM_BLANK || q->o.kind == KG_TERM_BLANK;
}

/* INSERT DATA { GRAPH <g> { ... } }, or for the default graph
 * INSERT DATA { ... } (braces within braces are no SPARQL there). */
static void batch_open(batch *b) {
  if (b->gsp) return;
  strbuf_puts(&b->u, b->blanks ? "INSERT {\n" : "INSERT DATA {\n");
  if (b->g->kind) {
    strbuf_puts(&b->u, "GRAPH ");
    kg_term_write_nt(&b->u, b->g);
    strbuf_puts(&b->u, " {\n");
  }
}

static kg_status flush(kg_store *st, batch *b, const kg_load_options *opt,
                       kg_error *err) {
  if (!b->n) return KG_OK;
  strbuf url = {0}, body = {0};
  if (b->gsp) gsp_url(&url, b->gsp, b->g);
  else {
    strbuf_puts(&b->u, b->g->kind ? "} }" : "}");
    if (b->blanks) strbuf_puts(&b->u, " WHERE { }");
  }
  kg_status s = KG_OK;
  if (b->u.oom || url.oom) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  else if (b->gsp)
    s = remote_http(st, NULL, url.data, "text/turtle", b->u.data, b->u.len,
                    NULL, TRANSFER_MS, NULL, &body, NULL, err);
  else
    s = remote_update(st, b->u.data, err);
  strbuf_free(&url);
  strbuf_free(&body);
  b->sent += b->n;
  strbuf_clear(&b->u);
  b->n = 0;
  kg_load_progress p = {.bytes = b->bytes, .triples = b->sent};
  if (s == KG_OK && opt && opt->progress &&
      opt->progress(opt->progress_data, &p))
    s = kg_err(err, KG_ERR_CANCELLED, "load cancelled after %llu "
                                      "statements", b->sent);
  return s;
}

/* The statements of b->g in `mem`, with or without blank nodes. */
static kg_status send_graph(kg_store *st, kg_store *mem, batch *b,
                            const kg_load_options *opt, kg_error *err) {
  kg_term dflt = {KG_TERM_NONE, NULL, 0, NULL, NULL};
  kg_result *r;
  TRY(kg_store_find(mem, NULL, NULL, NULL, b->g->kind ? b->g : &dflt, &r,
                    err));
  kg_status s = KG_OK;
  int rc;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0) {
    const kg_quad *q = kg_result_quad(r);
    /* kind NONE finds every graph: keep the default graph's own */
    if ((!b->g->kind && q->g.kind) || has_blank(q) != b->blanks) continue;
    if (!b->n) batch_open(b);
    kg_term_write_nt(&b->u, &q->s);
    strbuf_putc(&b->u, ' ');
    kg_term_write_nt(&b->u, &q->p);
    strbuf_putc(&b->u, ' ');
    kg_term_write_nt(&b->u, &q->o);
    strbuf_puts(&b->u, " .\n");
    if (++b->n == b->max) s = flush(st, b, opt, err);
  }
  if (s == KG_OK && rc < 0) s = err ? err->status : KG_ERR_EVAL;
  kg_result_free(r);
  if (s == KG_OK) s = flush(st, b, opt, err);
  return s;
}

/* Every graph of `mem` to the server, with the progress callback after
 * each request. */
static kg_status send_all(kg_store *st, kg_store *mem,
                          const kg_load_options *opt,
                          unsigned long long bytes, kg_error *err) {
  kg_result *r;
  TRY(kg_store_graphs(mem, &r, err));
  batch b = {.gsp = remote_of(st)->store_url, .bytes = bytes};
  size_t max = b.gsp ? GSP_BATCH : BATCH;
  kg_status s = KG_OK;
  int rc;
  while (s == KG_OK && (rc = kg_result_next(r, err)) > 0) {
    const kg_term *n = kg_result_value(r, 1);
    if (!n || !n->kind || atoll(n->value) <= 0) continue;
    b.g = kg_result_value(r, 0);
    b.blanks = 0;
    b.max = max;
    s = send_graph(st, mem, &b, opt, err);
    b.blanks = 1;
    b.max = 0;
    if (s == KG_OK) s = send_graph(st, mem, &b, opt, err);
  }
  if (s == KG_OK && rc < 0) s = err ? err->status : KG_ERR_EVAL;
  kg_result_free(r);
  strbuf_free(&b.u);
  return s;
}

/* The prefixes the file declared join the session's (unless taken). */
static void adopt_prefixes(kg_store *st, kg_store *mem) {
  size_t n = kg_prefix_count(mem);
  for (size_t i = 0; i < n; i++) {
    const char *name, *iri;
    kg_prefix_at(mem, i, &name, &iri);
    if (!kg_prefix_get(st, name)) kg_prefix_set(st, name, iri, NULL);
  }
}

kg_status remote_load(kg_store *st, const char *path, const char *data,
                      size_t len, const kg_load_options *opt,
                      kg_load_stats *stats, kg_error *err) {
  kg_error_clear(err);
  st->interrupted = 0;
  if (st->readonly)
    return kg_err(err, KG_ERR_READONLY, "%s is open read-only", st->spec);
  scratch sc;
  TRY(scratch_open(&sc, !data && large_file(path), err));
  kg_store *mem = sc.st;
  kg_load_stats ls = {0};
  kg_status s = data ? kg_load_string(mem, data, len, path, opt, &ls, err)
                     : kg_load(mem, path, opt, &ls, err);
  long long before = s == KG_OK ? remote_size(st) : -1;
  if (s == KG_OK) s = send_all(st, mem, opt, ls.bytes, err);
  remote_forget(st);
  if (s == KG_OK) adopt_prefixes(st, mem);
  scratch_close(&sc);
  long long after = s == KG_OK ? remote_size(st) : -1;
  if (stats) {
    *stats = ls;
    /* new to the server: what its count grew by */
    stats->added = before >= 0 && after >= before
                       ? (unsigned long long)(after - before) : 0;
  }
  return s;
}

/* ------------------------------------------------------------ export */

/* The statements read back, one answer after another (the parts), each
 * handed to the writer as it arrives: the default graph (the Graph Store
 * Protocol when there is a store URL, else a SELECT), then named graphs
 * (a SELECT of one graph, its rows named by it, or of every graph with
 * ?g). A writer of grouped syntaxes (TriG) starts a new block when the
 * graph changes. */
typedef struct part {
  char *url;       /* a GET of the Graph Store Protocol, or NULL: ... */
  char *select;    /* ... a SELECT of ?s ?p ?o (and ?g) */
  kg_term g;       /* the graph of a SELECT without ?g (kind NONE: the
                      default graph) */
} part;

typedef struct export_src {
  kg_store *st;
  part parts[2];
  int nparts, next;
  kg_result *cur;
  const part *at;
} export_src;

static int export_next(void *ctx, kg_quad *q, kg_error *err) {
  export_src *e = ctx;
  for (;;) {
    if (!e->cur) {
      if (e->next == e->nparts) return 0;
      e->at = &e->parts[e->next++];
      kg_query_options o = {.declare_prefixes = 0};
      kg_status s = e->at->url
                        ? remote_get_graph(e->st, e->at->url, &e->cur, err)
                        : remote_query(e->st, e->at->select, &o, &e->cur,
                                       err);
      if (s != KG_OK) return -1;
    }
    int rc = kg_result_next(e->cur, err);
    if (rc < 0) return -1;
    if (rc == 0) {
      kg_result_free(e->cur);
      e->cur = NULL;
      continue;
    }
    if (e->at->url) {
      *q = *kg_result_quad(e->cur);
      q->g = (kg_term){.kind = KG_TERM_NONE};
    } else {
      *q = (kg_quad){*kg_result_value(e->cur, 0),
                     *kg_result_value(e->cur, 1),
                     *kg_result_value(e->cur, 2), e->at->g};
      if (kg_result_columns(e->cur) > 3) q->g = *kg_result_value(e->cur, 3);
    }
    return 1;
  }
}

/* A SELECT of ?s ?p ?o in graph `iri`. */
static char *select_graph(const char *iri) {
  kg_term g = kg_iri(iri);
  g.len = strlen(iri);
  strbuf q = {0};
  strbuf_puts(&q, "SELECT ?s ?p ?o WHERE { GRAPH ");
  kg_term_write_nt(&q, &g);
  strbuf_puts(&q, " { ?s ?p ?o } }");
  return q.oom ? (strbuf_free(&q), NULL) : strbuf_take(&q);
}

kg_status remote_export(kg_store *st, FILE *out,
                        const kg_export_options *opt, kg_error *err) {
  kg_error_clear(err);
  st->interrupted = 0;
  const char *graph = opt ? opt->graph : NULL;
  rdf_syntax sx = RDF_NONE;
  TRY(kg_export_syntax(opt ? opt->format : NULL, &sx, err));
  export_src e = {.st = st};
  int dflt = graph && !strcmp(graph, "default");
  const char *store_url = remote_of(st)->store_url;
  int oom = 0;
  if (!graph || dflt) {
    part *p = &e.parts[e.nparts++];
    if (store_url) {
      strbuf url = {0};
      gsp_url(&url, store_url, NULL);
      oom |= url.oom;
      p->url = strbuf_take(&url);
    } else if (dflt) { /* the server's default graph, as queries see it */
      oom |= !(p->select = strdup("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"));
    } else { /* of the whole: the statements of no named graph (a
              * server's default graph may be the union of all) */
      oom |= !(p->select = strdup("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER "
                                  "NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"));
    }
  }
  if (graph && !dflt) {
    part *p = &e.parts[e.nparts++];
    oom |= !(p->select = select_graph(graph));
    p->g = (kg_term){KG_TERM_IRI, graph, strlen(graph), NULL, NULL};
  } else if (!graph) {
    oom |= !(e.parts[e.nparts++].select =
                 strdup("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"));
  }
  /* the session's prefixes shorten what is written */
  rdf_writer_opts wo = {sx, opt ? opt->base_uri : NULL, 1, NULL};
  kg_status s = oom ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                    : rdf_write(st, out, &wo, export_next, &e, err);
  kg_result_free(e.cur);
  for (int i = 0; i < e.nparts; i++) {
    free(e.parts[i].url);
    free(e.parts[i].select);
  }
  return s;
}
