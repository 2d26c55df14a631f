/* open.c - kg_store_open: a local store (store/open.c), or a SPARQL
 * server's, named by its endpoint URL or spelled out as
 * sparql:QUERY_URL[,update=URL][,store=URL]. A server's store is a memory
 * store (the session's prefixes, the lock) whose calls go to the server
 * through the table below. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/http.h"
#include "remote/remote.h"

static void remote_close(void *data) {
  remote *rm = data;
  if (!rm) return;
  for (size_t i = 0; i < rm->ncache; i++) {
    free(rm->cache[i].query);
    sp_table_free(rm->cache[i].table);
  }
  free(rm->query_url);
  free(rm->update_url);
  free(rm->store_url);
  free(rm->userpwd);
  free(rm->token);
  free(rm);
}

static const store_remote_ops ops = {
    .query = remote_query,
    .load = remote_load,
    .export = remote_export,
    .stats = remote_stats,
    .graphs = remote_graphs,
    .find = remote_find,
    .iris = remote_iris,
    .change = remote_change,
    .size = remote_size,
    .close = remote_close,
};

/* Cuts "NAME=" fields off the end of a sparql: spec into their slots,
 * the last first (a URL may hold commas of its own, but not ",update="
 * or ",store="). */
static kg_status split_spec(const char *spec, remote *rm, kg_error *err) {
  char *s = strdup(spec + strlen("sparql:"));
  if (!s) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  static const char *const names[] = {",update=", ",store="};
  char **slots[] = {&rm->update_url, &rm->store_url};
  for (;;) {
    char *last = NULL;
    size_t which = 0;
    for (size_t i = 0; i < 2; i++)
      for (char *at = strstr(s, names[i]); at; at = strstr(at + 1, names[i]))
        if (at > last) last = at, which = i;
    if (!last) break;
    if (*slots[which]) {
      free(s);
      return kg_err(err, KG_ERR_ARG, "'%s' is given twice in the store spec",
                    names[which] + 1);
    }
    if (!(*slots[which] = strdup(last + strlen(names[which])))) {
      free(s);
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
    }
    *last = '\0';
  }
  rm->query_url = s;
  const char *urls[3] = {rm->query_url, rm->update_url, rm->store_url};
  for (size_t i = 0; i < 3; i++)
    if (urls[i] && !http_is_url(urls[i]))
      return kg_err(err, KG_ERR_ARG, "'%s' in the store spec is not an "
                    "http:// or https:// URL (sparql:QUERY_URL[,update=URL]"
                    "[,store=URL])", urls[i]);
  return KG_OK;
}

/* The spec as shown (banner, .stats, errors): without "user:password@". */
static char *shown_spec(const char *spec) {
  const char *scheme = strstr(spec, "://");
  const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
  const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
  if (!at || (slash && slash < at)) return strdup(spec);
  strbuf b = {0};
  strbuf_append(&b, spec, (size_t)(scheme + 3 - spec));
  strbuf_puts(&b, at + 1);
  return strbuf_take(&b);
}

/* Moves "user:password@" out of a URL into rm->userpwd (unless one is
 * set), so that no message that names the URL shows it. */
static kg_status take_userinfo(remote *rm, char **url, kg_error *err) {
  char *clean = shown_spec(*url);
  if (!clean) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (strcmp(clean, *url) && !rm->userpwd) {
    char *start = strstr(*url, "://") + 3;
    if (!(rm->userpwd = strndup(start, (size_t)(strchr(start, '@') - start)))) {
      free(clean);
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
    }
  }
  free(*url);
  *url = clean;
  return KG_OK;
}

static kg_status remote_new(const char *spec, remote **out, kg_error *err) {
  remote *rm = calloc(1, sizeof *rm);
  if (!rm) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  *out = rm;
  if (!strncmp(spec, "sparql:", 7)) TRY(split_spec(spec, rm, err));
  else if (!(rm->query_url = strdup(spec)))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (!rm->update_url && !(rm->update_url = strdup(rm->query_url)))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  /* credentials from the environment, never from the spec shown */
  const char *user = getenv("KGSH_USER"), *token = getenv("KGSH_TOKEN");
  if (user && *user && !(rm->userpwd = strdup(user)))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (token && *token && !(rm->token = strdup(token)))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  char **urls[3] = {&rm->query_url, &rm->update_url, &rm->store_url};
  for (size_t i = 0; i < 3; i++)
    if (*urls[i]) TRY(take_userinfo(rm, urls[i], err));
  return KG_OK;
}

static int remote_spec(const char *spec) {
  return http_is_url(spec) || !strncmp(spec, "sparql:", 7);
}

kg_status kg_store_open(const char *spec, unsigned flags, kg_store **out,
                        kg_error *err) {
  if (!spec || !remote_spec(spec)) return store_open(spec, flags, out, err);
  kg_error_clear(err);
  *out = NULL;
  remote *rm = NULL;
  kg_store *st = NULL;
  kg_status s = remote_new(spec, &rm, err);
  if (s == KG_OK) s = store_open("memory:", KG_OPEN_CREATE, &st, err);
  char *shown = s == KG_OK ? shown_spec(spec) : NULL;
  if (s == KG_OK && !shown) s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (s != KG_OK) {
    remote_close(rm);
    kg_store_close(st);
    return s;
  }
  free(st->spec);
  st->spec = shown;
  st->remote = &ops;
  st->remote_data = rm;
  st->readonly = (flags & KG_OPEN_READONLY) != 0;
  /* a first question: is this a SPARQL endpoint, and may we ask it? */
  kg_query_options o = {.declare_prefixes = 0};
  kg_result *r = NULL;
  s = remote_query(st, "ASK { }", &o, &r, err);
  kg_result_free(r);
  if (s != KG_OK) {
    if (err) {
      char m[sizeof err->message];
      snprintf(m, sizeof m, "%s", err->message);
      kg_err(err, s, "cannot open the SPARQL endpoint %s: %s", shown, m);
    }
    kg_store_close(st);
    return s;
  }
  *out = st;
  return KG_OK;
}
