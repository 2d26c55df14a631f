/* request.c - one HTTP exchange with a SPARQL server: credentials, the
 * interrupt flag, and the server's own words when it refuses. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "io/http.h"
#include "remote/remote.h"

/* The start of an error page as one line of text: spaces folded, tags
 * dropped from an HTML page, at most 300 bytes, and no echo of the query
 * (Virtuoso appends it after "SPARQL query:"): the server's own message,
 * not the user's data. */
static void server_words(const strbuf *body, char *out, size_t n) {
  size_t k = 0, i = 0, len = body->data ? body->len : 0;
  while (i < len && isspace((unsigned char)body->data[i])) i++;
  int html = i < len && body->data[i] == '<', tag = 0, space = 1;
  const char *echo = body->data ? strstr(body->data, "SPARQL query:") : NULL;
  if (echo) len = (size_t)(echo - body->data);
  for (; i < len && k + 4 < n && k < 300; i++) {
    unsigned char c = (unsigned char)body->data[i];
    if (html && c == '<') tag = 1;
    if (tag) {
      if (c == '>') tag = 0;
      continue;
    }
    if (isspace(c) || c < 0x20) {
      if (!space) out[k++] = ' ';
      space = 1;
      continue;
    }
    out[k++] = (char)c;
    space = 0;
  }
  while (k && out[k - 1] == ' ') k--;
  out[k] = '\0';
}

kg_status remote_http(kg_store *st, const char *method, const char *url,
                      const char *ctype, const char *body, size_t len,
                      const char *accept, long timeout_ms,
                      const volatile int *cancel, strbuf *out, char **rtype,
                      kg_error *err) {
  remote *rm = remote_of(st);
  http_request rq = {
      .url = url,
      .accept = accept,
      .body = body,
      .body_len = len,
      .content_type = ctype,
      .timeout_ms = timeout_ms,
      .cancel = (volatile int *)&st->interrupted,
  };
  http_extra x = {.cancel_also = cancel, .method = method,
                  .userpwd = rm->userpwd, .bearer = rm->token, .netrc = 1};
  kg_status s = http_fetch_as(&rq, &x, NULL, out, rtype, err);
  if (s == KG_ERR_NET && out->len && err) {
    char words[400];
    server_words(out, words, sizeof words);
    if (*words) {
      size_t n = strlen(err->message);
      snprintf(err->message + n, sizeof err->message - n,
               "; the server said: %s", words);
    }
  }
  if (s == KG_ERR_CANCELLED && err)
    snprintf(err->message, sizeof err->message,
             "interrupted: the request to %s was cancelled", url);
  return s;
}
