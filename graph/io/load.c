/* load.c - parsing RDF files, stdin and URLs into a store: serd for
 * N-Triples, N-Quads, Turtle and TriG (load_serd.c), raptor's parsers for
 * the other syntaxes, and io/jsonld for JSON-LD (read whole, then
 * expanded). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"
#include "io/http.h"
#include "io/jsonld.h"
#include "io/load.h"
#include "io/rdfxml_lang.h"
#include "iri.h"
#include "world.h"

enum { CHUNK = LOAD_CHUNK };

/* -------------------------------------------------------------- syntax */

static const struct {
  const char *ext;
  const char *syntax;
} ext_table[] = {
  {".ttl", "turtle"},  {".turtle", "turtle"}, {".n3", "turtle"},
  {".nt", "ntriples"}, {".ntriples", "ntriples"}, {".nq", "nquads"},
  {".nquads", "nquads"}, {".trig", "trig"},  {".rdf", "rdfxml"},
  {".owl", "rdfxml"},  {".xml", "rdfxml"},   {".rdfxml", "rdfxml"},
  {".html", "rdfa"},   {".htm", "rdfa"},     {".xhtml", "rdfa"},
  {".rj", "json"},     {".json", "json"},     {".jsonld", "jsonld"},
};

/* Names users may give for raptor's parsers. */
static const struct {
  const char *alias;
  const char *syntax;
} alias_table[] = {
  {"ttl", "turtle"},   {"nt", "ntriples"},  {"n-triples", "ntriples"},
  {"nq", "nquads"},    {"n-quads", "nquads"}, {"xml", "rdfxml"},
  {"rdf/xml", "rdfxml"}, {"rdf-xml", "rdfxml"}, {"rdfjson", "json"},
  {"rdf/json", "json"},  {"html", "rdfa"},    {"json-ld", "jsonld"},
  {"ld+json", "jsonld"},
};

const char *kg_syntax_for_path(const char *path) {
  if (!path) return NULL;
  size_t n = strlen(path);
  const char *q = strpbrk(path, "?#");
  if (q && http_is_url(path)) n = (size_t)(q - path);
  for (size_t i = 0; i < sizeof ext_table / sizeof *ext_table; i++) {
    size_t l = strlen(ext_table[i].ext);
    if (n > l && !strncasecmp(path + n - l, ext_table[i].ext, l))
      return ext_table[i].syntax;
  }
  return NULL;
}

static const char *syntax_name(const char *s) {
  static const char *const names[] = {"turtle", "ntriples", "nquads", "trig",
                                      "rdfxml", "rdfa",     "json", "jsonld"};
  for (size_t i = 0; i < sizeof alias_table / sizeof *alias_table; i++)
    if (!strcasecmp(s, alias_table[i].alias)) return alias_table[i].syntax;
  /* "Turtle" as well as "turtle", as the export formats */
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (!strcasecmp(s, names[i])) return names[i];
  return s;
}

/* ---------------------------------------------------------------- load */

/* fix: a literal's language instead of raptor's ("" none), or NULL */
static kg_status term_id(loader *l, raptor_term *rt, const char *fix,
                         kg_id *id) {
  kg_term t = {0};
  size_t len;
  switch (rt->type) {
  case RAPTOR_TERM_TYPE_URI:
    t.kind = KG_TERM_IRI;
    t.value = (const char *)raptor_uri_as_counted_string(rt->value.uri, &len);
    t.len = len;
    break;
  case RAPTOR_TERM_TYPE_BLANK: {
    size_t need = l->scope_len + rt->value.blank.string_len + 1;
    if (!grow(&l->bbuf, &l->bcap, need, 1, 64))
      return kg_err(l->err, KG_ERR_NOMEM, "out of memory");
    memcpy(l->bbuf, l->scope, l->scope_len);
    memcpy(l->bbuf + l->scope_len, rt->value.blank.string,
           rt->value.blank.string_len + 1);
    t.kind = KG_TERM_BLANK;
    t.value = l->bbuf;
    t.len = need - 1;
    break;
  }
  case RAPTOR_TERM_TYPE_LITERAL: {
    t.kind = KG_TERM_LITERAL;
    t.value = (const char *)rt->value.literal.string;
    t.len = rt->value.literal.string_len;
    char lang[256];
    if (fix) {
      if (*fix) t.lang = load_lang(fix, strlen(fix), lang);
    } else if (rt->value.literal.language && rt->value.literal.language_len) {
      t.lang = load_lang((const char *)rt->value.literal.language,
                         rt->value.literal.language_len, lang);
    } else if (rt->value.literal.datatype) {
      t.datatype =
          (const char *)raptor_uri_as_string(rt->value.literal.datatype);
    }
    return store_intern(l->st, &t, id, l->err);
  }
  default:
    return kg_err(l->err, KG_ERR_SYNTAX, "unknown term type");
  }
  return store_intern(l->st, &t, id, l->err);
}

static void on_statement(void *data, raptor_statement *rs) {
  loader *l = data;
  if (l->status != KG_OK) return;
  kg_qid q = {0, 0, 0, l->graph};
  const char *fix = NULL; /* RDF/XML: the language raptor left off */
  raptor_term *o = rs->object;
  if (l->xl && o->type == RAPTOR_TERM_TYPE_LITERAL &&
      !o->value.literal.datatype && rs->predicate->type == RAPTOR_TERM_TYPE_URI)
    xl_lang(l->xl, (const char *)raptor_uri_as_string(rs->predicate->value.uri),
            (const char *)o->value.literal.string, o->value.literal.string_len,
            &fix);
  kg_status s = term_id(l, rs->subject, NULL, &q.s);
  if (s == KG_OK) s = term_id(l, rs->predicate, NULL, &q.p);
  if (s == KG_OK) s = term_id(l, rs->object, fix, &q.o);
  if (s == KG_OK && rs->graph) s = term_id(l, rs->graph, NULL, &q.g);
  if (s == KG_OK) s = load_add(l, &q);
  if (s != KG_OK) {
    l->status = s;
    raptor_parser_parse_abort(l->parser);
  }
}

static void on_namespace(void *data, raptor_namespace *ns) {
  loader *l = data;
  const unsigned char *prefix = raptor_namespace_get_prefix(ns);
  raptor_uri *uri = raptor_namespace_get_uri(ns);
  if (!uri) return;
  const char *name = prefix ? (const char *)prefix : "";
  const char *iri = (const char *)raptor_uri_as_string(uri);
  load_prefix(l, name, strlen(name), iri, strlen(iri));
}

/* Records the prefixes of a load that succeeded, and frees them. */
static void declare_prefixes(loader *l, int ok) {
  for (size_t i = 0; i < l->nns; i++) {
    if (ok) {
      kg_error e;
      const char *name = l->ns[i];
      prefixes_declare(l->st, name, name + strlen(name) + 1, &e);
    }
    free(l->ns[i]);
  }
  free(l->ns);
}

/* 1 if the text has a keyword key ("@context": ...): RDF/JSON has none
 * (its keys are IRIs, blank nodes and type/value/lang/datatype). */
static int has_keyword_key(const unsigned char *p, size_t n) {
  const unsigned char *k = p, *end = p + n;
  while ((k = memmem(k, (size_t)(end - k), "\"@", 2))) {
    int in_string = k > p && k[-1] == '\\';
    for (k += 2; k < end && isalpha(*k); k++) {}
    if (in_string || k >= end || *k != '"') continue;
    for (k++; k < end && isspace(*k); k++) {}
    if (k < end && *k == ':') return 1;
  }
  return 0;
}

/* Raptor's content guesser calls JSON and TriG "turtle" (whose parser
 * then fails on their braces). JSON is JSON-LD when it has a keyword key
 * ("@context", "@id", ...) or it is an array of objects, else RDF/JSON; Turtle-like content with a '{' outside
 * IRIs, strings and comments is TriG. `g` is raptor's guess (may be
 * NULL). */
static const char *sniff(const unsigned char *p, size_t n, const char *g) {
  size_t i = n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3) ? 3 : 0;
  while (i < n && isspace(p[i])) i++;
  if (i < n && (p[i] == '{' || p[i] == '[')) {
    size_t j = i + 1;
    while (j < n && isspace(p[j])) j++;
    if (p[i] == '[' && j < n && p[j] == '{') return "jsonld";
    if (p[i] == '{' && (j == n || p[j] == '"' || p[j] == '}'))
      return has_keyword_key(p + i, n - i) ? "jsonld" : "json";
  }
  if (g && strcmp(g, "turtle")) return g;
  for (; i < n; i++) {
    unsigned char c = p[i];
    if (c == '#') {
      while (i < n && p[i] != '\n') i++;
    } else if (c == '<') {
      while (i < n && p[i] != '>') i++;
    } else if (c == '"' || c == '\'') {
      int lng = i + 2 < n && p[i + 1] == c && p[i + 2] == c;
      for (i += lng ? 3 : 1; i < n; i++) {
        if (p[i] == '\\') i++;
        else if (p[i] == c && (!lng || (i + 2 < n && p[i + 1] == c &&
                                        p[i + 2] == c))) {
          i += lng ? 2 : 0;
          break;
        } else if (!lng && p[i] == '\n') {
          break;
        }
      }
    } else if (c == '{') {
      return "trig";
    }
  }
  return g ? g : "turtle";
}

/* raptor's guess from a media type or the first bytes; NULL when raptor
 * is not installed (sniff() decides alone then). */
static const char *raptor_guess(const char *mime, const unsigned char *head,
                                size_t n) {
  kg_error e;
  if (kg_world_start(&e) != KG_OK) return NULL;
  return raptor_world_guess_parser_name(kg_world(), NULL, mime, head, n, NULL);
}

/* Picks the parser: option, extension, media type, then content. */
static const char *choose_syntax(const kg_load_options *opt, const char *path,
                                 const char *ctype, const unsigned char *head,
                                 size_t n) {
  if (opt && opt->syntax && *opt->syntax && strcasecmp(opt->syntax, "guess"))
    return syntax_name(opt->syntax);
  const char *s = path ? kg_syntax_for_path(path) : NULL;
  /* .json is RDF/JSON or JSON-LD: the content says which */
  if (s && !strcmp(s, "json")) return sniff(head, n, s);
  if (s) return s;
  if (ctype) {
    char mime[128];
    snprintf(mime, sizeof mime, "%s", ctype);
    mime[strcspn(mime, "; ")] = '\0';
    if (!strcasecmp(mime, "application/ld+json")) return "jsonld";
    if (!strcasecmp(mime, "application/json")) return sniff(head, n, "json");
    const char *g = raptor_guess(mime, NULL, 0);
    if (g && strcmp(g, "guess")) return g;
  }
  const char *g = raptor_guess(NULL, head, n);
  return sniff(head, n, g);
}

/* ------------------------------------------------------------- JSON-LD */

static kg_status jsonld_term(loader *l, const kg_term *t, kg_id *id) {
  kg_term c = *t;
  char lang[256];
  if (c.kind == KG_TERM_IRI) {
    c.len = strlen(c.value);
  } else if (c.kind == KG_TERM_BLANK) {
    size_t n = strlen(t->value), need = l->scope_len + n + 1;
    if (!grow(&l->bbuf, &l->bcap, need, 1, 64))
      return kg_err(l->err, KG_ERR_NOMEM, "out of memory");
    memcpy(l->bbuf, l->scope, l->scope_len);
    memcpy(l->bbuf + l->scope_len, t->value, n + 1);
    c.value = l->bbuf;
    c.len = need - 1;
  } else if (c.lang && *c.lang) {
    c.lang = load_lang(c.lang, strlen(c.lang), lang);
  }
  return store_intern(l->st, &c, id, l->err);
}

static kg_status on_jsonld_quad(void *data, const kg_quad *q, kg_error *err) {
  loader *l = data;
  (void)err;
  kg_qid id = {0, 0, 0, l->graph};
  TRY(jsonld_term(l, &q->s, &id.s));
  TRY(jsonld_term(l, &q->p, &id.p));
  TRY(jsonld_term(l, &q->o, &id.o));
  if (q->g.kind != KG_TERM_NONE) TRY(jsonld_term(l, &q->g, &id.g));
  if ((l->triples & 4095) == 0 && store_interrupted(l->st))
    return kg_err(l->err, KG_ERR_CANCELLED, "load interrupted");
  return load_add(l, &id);
}

/* file: contexts of a local document (a document from the web, or a
 * server's client, may not read this machine's files). */
static kg_status file_context(void *data, const char *url, json_t **doc,
                              char **final, kg_error *err) {
  (void)data;
  *final = NULL;
  if (strncmp(url, "file:", 5)) return KG_ERR_NOTFOUND;
  char *path = iri_file_path(url);
  if (!path) return KG_ERR_NOTFOUND;
  json_error_t je;
  *doc = json_load_file(path, JSON_DECODE_ANY, &je);
  kg_status s = *doc ? KG_OK : access(path, F_OK) ? KG_ERR_NOTFOUND
              : kg_err(err, KG_ERR_SYNTAX, "loading remote context failed: "
                       "%s:%d:%d: %s", path, je.line, je.column, je.text);
  free(path);
  return s;
}

/* Reads the rest of the document (JSON-LD is expanded whole), then its
 * quads go to the store as they are made. */
static kg_status parse_jsonld(loader *l, FILE *in, unsigned char *buf,
                              size_t n, const char *base) {
  size_t len = 0, cap = 0;
  char *text = NULL;
  for (;;) {
    l->bytes += n;
    if (!load_text(l, buf, n)) break;
    if (!grow(&text, &cap, len + n + 1, 1, CHUNK)) {
      l->status = kg_err(l->err, KG_ERR_NOMEM, "out of memory reading %s", l->name);
      break;
    }
    memcpy(text + len, buf, n);
    len += n;
    if (n < CHUNK && (feof(in) || ferror(in))) break;
    n = fread(buf, 1, CHUNK, in);
    if (ferror(in)) {
      l->status = kg_err_errno(l->err, "cannot read", l->name);
      break;
    }
    if (store_interrupted(l->st)) {
      l->status = kg_err(l->err, KG_ERR_CANCELLED, "load interrupted");
      break;
    }
  }
  if (l->status == KG_OK) {
    jld_options o = jld_options_default();
    o.base = base;
    o.context_dir = l->opt ? l->opt->context_dir : NULL;
    o.allow_remote = l->opt && l->opt->allow_remote_contexts;
    o.loader = l->local ? file_context : NULL;
    size_t bom = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    l->status = jld_to_quads(text ? text + bom : "", len - bom, l->name, &o,
                             on_jsonld_quad, l, l->err);
  }
  free(text);
  return l->status;
}

/* raptor's parsers, for the syntaxes serd does not read. */
static kg_status parse_raptor(loader *l, FILE *in, const unsigned char *head,
                              size_t n, const char *syntax, const char *base) {
  unsigned char *buf = malloc(CHUNK);
  raptor_parser *parser = raptor_new_parser(kg_world(), syntax);
  raptor_uri *base_uri =
      raptor_new_uri(kg_world(), (const unsigned char *)base);
  if (!buf || !parser || !base_uri) {
    if (base_uri) raptor_free_uri(base_uri);
    if (parser) raptor_free_parser(parser);
    free(buf);
    return kg_err(l->err, KG_ERR_NOMEM, "cannot start the %s parser", syntax);
  }
  memcpy(buf, head, n);
  l->parser = parser;
  if (!strcmp(syntax, "rdfxml") && !(l->xl = xl_new(base))) {
    raptor_free_uri(base_uri);
    raptor_free_parser(parser);
    free(buf);
    return kg_err(l->err, KG_ERR_NOMEM, "cannot start the %s parser", syntax);
  }
  raptor_parser_set_statement_handler(parser, l, on_statement);
  raptor_parser_set_namespace_handler(parser, l, on_namespace);
  kg_world_capture(l->err, l->name);
  raptor_parser_parse_start(parser, base_uri);
  for (;;) {
    l->bytes += n;
    if (!load_text(l, buf, n)) break;
    int end = n < CHUNK && (feof(in) || ferror(in));
    if (l->xl) { /* first: its notes are ready when raptor's literals come */
      kg_world_capture(NULL, NULL); /* its XML errors are the parser's */
      int rc = xl_feed(l->xl, buf, n, end);
      kg_world_capture(l->err, l->name);
      if (rc < 0) {
        l->status = kg_err(l->err, KG_ERR_NOMEM, "out of memory");
        break;
      }
    }
    if (raptor_parser_parse_chunk(parser, buf, n, end) ||
        kg_world_failed() || l->status != KG_OK)
      break;
    if (store_interrupted(l->st)) {
      l->status = kg_err(l->err, KG_ERR_CANCELLED, "load interrupted");
      break;
    }
    if (end) break;
    n = fread(buf, 1, CHUNK, in);
    if (ferror(in)) {
      l->status = kg_err_errno(l->err, "cannot read", l->name);
      break;
    }
  }
  if (l->status == KG_OK && kg_world_failed()) l->status = KG_ERR_SYNTAX;
  kg_world_capture(NULL, NULL);
  raptor_free_parser(parser);
  l->parser = NULL;
  xl_free(l->xl);
  l->xl = NULL;
  raptor_free_uri(base_uri);
  free(buf);
  return l->status;
}

static kg_status parse_jsonld_head(loader *l, FILE *in,
                                   const unsigned char *head, size_t n,
                                   const char *syntax, const char *base) {
  (void)syntax;
  l->jsonld = 1;
  unsigned char *buf = malloc(CHUNK);
  if (!buf) return kg_err(l->err, KG_ERR_NOMEM, "out of memory");
  memcpy(buf, head, n);
  kg_status s = parse_jsonld(l, in, buf, n, base);
  free(buf);
  return s;
}

/* Who parses what: serd the line and Turtle syntaxes (faster than
 * raptor's, and conformant), JSON-LD our own, raptor the rest. */
typedef kg_status (*parse_fn)(loader *l, FILE *in, const unsigned char *head,
                              size_t n, const char *syntax, const char *base);
static const struct {
  const char *syntax;
  parse_fn parse;
} parser_table[] = {
  {"ntriples", load_serd}, {"nquads", load_serd}, {"turtle", load_serd},
  {"trig", load_serd},     {"jsonld", parse_jsonld_head},
};

static kg_status parse_stream(loader *l, FILE *in, const char *path,
                              const char *ctype, const char *base,
                              kg_load_stats *stats) {
  unsigned char *head = malloc(CHUNK);
  if (!head) return kg_err(l->err, KG_ERR_NOMEM, "out of memory");
  size_t n = fread(head, 1, CHUNK, in);
  if (ferror(in)) {
    free(head);
    return kg_err_errno(l->err, "cannot read", l->name);
  }
  const char *syntax = choose_syntax(l->opt, path, ctype, head, n);
  parse_fn parse = parse_raptor;
  for (size_t i = 0; i < sizeof parser_table / sizeof *parser_table; i++)
    if (!strcmp(syntax, parser_table[i].syntax)) parse = parser_table[i].parse;
  if (parse == parse_raptor && kg_world_start(l->err) != KG_OK) {
    free(head);
    return l->err->status;
  }
  if (parse == parse_raptor &&
      !raptor_world_is_parser_name(kg_world(), syntax)) {
    free(head);
    return kg_err(l->err, KG_ERR_UNSUPPORTED,
                  "unknown syntax '%s' (use turtle, ntriples, nquads, trig, "
                  "rdfxml, rdfa, json for RDF/JSON or jsonld for JSON-LD)",
                  syntax);
  }
  if (stats) snprintf(stats->syntax, sizeof stats->syntax, "%s", syntax);
  l->status = parse(l, in, head, n, syntax, base);
  free(head);
  if (l->status == KG_OK) l->status = load_progress(l, 1);
  return l->status;
}

char *kg_file_uri(const char *path) {
  char abs[PATH_MAX];
  if (!realpath(path, abs)) snprintf(abs, sizeof abs, "%s", path);
  return iri_from_path(abs);
}

/* raptor gives no column for Turtle errors, and no line at all for an
 * undeclared prefix. The message quotes the text at fault ("syntax error
 * at '\"'", "prefix in \"foo:d\" was not declared"): find it in the
 * file, on the error's line when raptor knew it. */
static void locate_error(kg_error *err, FILE *in) {
  if (!err || err->status != KG_ERR_SYNTAX || err->column > 0) return;
  const char *q = strpbrk(err->message, "'\"");
  if (!q) return;
  const char *e = strchr(q + 1, *q);
  if (e == q + 1 && e[1] == *q) e++; /* '\'' : the quote itself */
  if (!e || e - q - 1 <= 0 || e - q - 1 > 200) return;
  char tok[256];
  snprintf(tok, sizeof tok, "%.*s", (int)(e - q - 1), q + 1);
  long at = ftell(in);
  if (at < 0 || fseek(in, 0, SEEK_SET) != 0) return;
  char *line = NULL;
  size_t cap = 0;
  long ln = 0;
  while (getline(&line, &cap, in) >= 0) {
    if (++ln < err->line) continue;
    char *hit = strstr(line, tok);
    if (hit) {
      long col = 1;
      for (const char *c = line; c < hit; c++) col += ((unsigned char)*c & 0xC0) != 0x80;
      err->line = ln;
      err->column = col;
      break;
    }
    if (err->line > 0) break;
  }
  free(line);
  fseek(in, at, SEEK_SET);
}

/* Replaces what a message quotes ("...", '...') by an ellipsis: the place
 * stays, the file's text does not leave. */
static void hide_content(kg_error *err) {
  if (!err) return;
  char *m = err->message, out[sizeof err->message];
  size_t o = 0;
  for (size_t i = 0; m[i] && o + 4 < sizeof out;) {
    char q = m[i];
    char *close = (q == '"' || q == '\'') ? strchr(m + i + 1, q) : NULL;
    if (close) {
      memcpy(out + o, "\"…\"", 5);
      o += 5;
      i = (size_t)(close - m) + 1;
    } else {
      out[o++] = m[i++];
    }
  }
  out[o] = '\0';
  memcpy(m, out, o + 1);
}

static kg_status load_run(kg_store *st, FILE *in, const char *name,
                          const char *path, const char *ctype,
                          const char *base, const kg_load_options *opt,
                          int local, kg_load_stats *stats, kg_error *err) {
  loader l = {0};
  l.local = local;
  l.st = st;
  l.err = err;
  l.name = name;
  l.opt = opt;
  l.reported = kg_now();
  struct stat sb;
  if (fileno(in) >= 0 && fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode))
    l.total = (unsigned long long)sb.st_size; /* for a progress's ETA */
  kg_status s = store_write_begin(st, err);
  /* after the write lock: the counter includes other processes' scopes */
  snprintf(l.scope, sizeof l.scope, "b%llu_",
           (unsigned long long)store_bnode_scope(st));
  l.scope_len = strlen(l.scope);
  qset *sp = s == KG_OK ? store_savepoint(st) : NULL;
  if (s == KG_OK && opt && opt->graph && *opt->graph) {
    kg_term g = kg_iri(opt->graph);
    s = store_intern(st, &g, &l.graph, err);
  }
  if (s == KG_OK) s = parse_stream(&l, in, path, ctype, base, stats);
  if (s == KG_ERR_SYNTAX && !l.jsonld) locate_error(err, in);
  if (s == KG_ERR_SYNTAX && (!opt || !opt->show_content)) hide_content(err);
  unsigned long long added = l.added;
  if (l.bulk) {
    s = bulk_end(l.bulk, s, &added, err);
  } else {
    store_restore(st, sp, s != KG_OK);
    sp = NULL;
    s = store_write_end(st, s, err);
    if (s != KG_OK) added = 0;
  }
  qset_free(sp);
  free(l.bbuf);
  declare_prefixes(&l, s == KG_OK);
  if (stats) {
    stats->triples = l.triples;
    stats->bytes = l.bytes;
    stats->added = s == KG_OK ? added : 0;
  }
  return s;
}

/* A load holds the raptor world while it parses. */
static kg_status load_from(kg_store *st, FILE *in, const char *name,
                           const char *path, const char *ctype,
                           const char *base, const kg_load_options *opt,
                           int local, kg_load_stats *stats, kg_error *err) {
  kg_world_enter();
  kg_status s = load_run(st, in, name, path, ctype, base, opt, local, stats, err);
  kg_world_leave();
  return s;
}

static kg_status load_path(kg_store *st, const char *src, const kg_load_options *opt,
                  kg_load_stats *stats, kg_error *err) {
  kg_error_clear(err);
  st->interrupted = 0; /* an interrupt stops the call running, not the next */
  if (stats) memset(stats, 0, sizeof *stats);
  if (!src || !*src) return kg_err(err, KG_ERR_ARG, "no file to load");
  if (!strcmp(src, "-")) {
    return load_from(st, stdin, "<stdin>", NULL, NULL,
                     opt && opt->base_uri ? opt->base_uri : "file:///dev/stdin",
                     opt, 1, stats, err);
  }
  if (http_is_url(src)) {
    FILE *tmp = tmpfile();
    if (!tmp) return kg_err_errno(err, "cannot create a temporary file for",
                                  src);
    char *ctype = NULL;
    http_request rq = {
        .url = src,
        .accept = "text/turtle, application/n-triples, "
                  "application/n-quads, application/trig, "
                  "application/ld+json;q=0.9, application/rdf+xml;q=0.9,"
                  " application/rdf+json;q=0.8, text/html;q=0.5, */*;q=0.1",
        .cancel = (volatile int *)&st->interrupted,
        .no_private = opt && opt->no_private,
        .allow_hosts = opt ? opt->allow_hosts : NULL};
    kg_status s = http_fetch(&rq, tmp, NULL, &ctype, err);
    if (s == KG_OK) {
      rewind(tmp);
      s = load_from(st, tmp, src, src, ctype,
                    opt && opt->base_uri ? opt->base_uri : src, opt, 0, stats,
                    err);
    }
    free(ctype);
    fclose(tmp);
    return s;
  }
  const char *path = src;
  if (!strncmp(src, "file://", 7)) path = src + 7;
  FILE *in = fopen(path, "rb");
  if (!in) return kg_err_errno(err, "cannot open", path);
  struct stat sb;
  if (fstat(fileno(in), &sb) == 0 && S_ISDIR(sb.st_mode)) {
    fclose(in);
    return kg_err(err, KG_ERR_ARG, "%s is a directory, not an RDF file", path);
  }
  char *base = opt && opt->base_uri ? NULL : kg_file_uri(path);
  kg_status s = load_from(st, in, path, path, NULL,
                          opt && opt->base_uri ? opt->base_uri
                                               : (base ? base : "file:///"),
                          opt, 1, stats, err);
  free(base);
  fclose(in);
  return s;
}

static kg_status load_string(kg_store *st, const char *data, size_t len,
                         const char *name, const kg_load_options *opt,
                         kg_load_stats *stats, kg_error *err) {
  kg_error_clear(err);
  st->interrupted = 0;
  if (stats) memset(stats, 0, sizeof *stats);
  FILE *in = fmemopen((void *)data, len ? len : 1, "rb");
  if (!in) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (!len) {
    /* fmemopen needs a size; an empty input reads nothing */
    fclose(in);
    in = fopen("/dev/null", "rb");
    if (!in) return kg_err_errno(err, "cannot open", "/dev/null");
  }
  const char *nm = name && *name ? name : "<string>";
  kg_status s = load_from(st, in, nm, name, NULL,
                          opt && opt->base_uri ? opt->base_uri
                                               : "http://localhost/",
                          opt, 0, stats, err);
  fclose(in);
  return s;
}

kg_status kg_load(kg_store *st, const char *src, const kg_load_options *opt,
                  kg_load_stats *stats, kg_error *err) {
  if (st->remote) return st->remote->load(st, src, NULL, 0, opt, stats, err);
  store_enter(st);
  kg_status s = load_path(st, src, opt, stats, err);
  store_leave(st);
  return s;
}

kg_status kg_load_string(kg_store *st, const char *data, size_t len,
                         const char *name, const kg_load_options *opt,
                         kg_load_stats *stats, kg_error *err) {
  if (st->remote) return st->remote->load(st, name, data, len, opt, stats, err);
  store_enter(st);
  kg_status s = load_string(st, data, len, name, opt, stats, err);
  store_leave(st);
  return s;
}
