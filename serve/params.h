/* params.h - the parameters of a SPARQL protocol request. */
#ifndef KGSH_SERVE_PARAMS_H
#define KGSH_SERVE_PARAMS_H

#include "serve.h"

/* Each list is NULL-terminated (NULL when empty), with its count. */
typedef struct params {
  char **query, **update, **dg, **ng, **ug, **ung, **timeout, **format;
  size_t nquery, nupdate, ndg, nng, nug, nung, ntimeout, nformat;
  size_t grow_len, grow_cap; /* the value being read in pieces */
  int oom;
} params;

/* Adds the URL's parameters. */
void params_from_url(struct MHD_Connection *c, params *p);
/* Adds those of an application/x-www-form-urlencoded body; -1 if it
 * cannot be read. */
int params_from_form(struct MHD_Connection *c, const char *body, size_t len,
                     params *p);
void params_clear(params *p);

#endif
