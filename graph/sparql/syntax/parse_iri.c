/* parse_iri.c - IRIs of the parser: <...> resolved against BASE (by
 * graph/iri.c, shared with IRI()) and prefixed names expanded. */
#include <string.h>

#include "iri.h"
#include "sparql/syntax/syntax.h"

const char *sx_iri_of(sp_parser *p, const sp_token *t) {
  if (t->kind == SP_T_IRI) {
    const char *iri = iri_resolve(p->A, p->base, t->val, strlen(t->val), NULL);
    if (!iri) sx_nomem(p);
    return iri;
  }
  if (t->kind != SP_T_PNAME) {
    sx_expected(p, "an IRI");
    return NULL;
  }
  for (const sx_prefix *x = p->prefixes; x; x = x->next) {
    if (strlen(x->name) != t->len || memcmp(x->name, t->val, t->len) != 0) continue;
    size_t n = strlen(x->iri);
    char *iri = arena_alloc(p->A, n + t->local_len + 1);
    if (!iri) {
      sx_nomem(p);
      return NULL;
    }
    memcpy(iri, x->iri, n);
    memcpy(iri + n, t->local, t->local_len);
    iri[n + t->local_len] = '\0';
    return iri;
  }
  sx_error_at(p, t->line, t->column,
              "undeclared prefix '%.*s:' (declare it with PREFIX %.*s: <...>)",
              (int)t->len, t->val, (int)t->len, t->val);
  return NULL;
}
