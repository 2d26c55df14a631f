/* term.c - librdf nodes and statements as kgsh's terms (libkg's
 * kg_term_from_librdf, with wildcards), and libkg's errors to librdf's
 * log. */
#include <string.h>

#include "redland/kgrdf.h"

int kgrdf_term(librdf_node *n, kg_term *t) {
  memset(t, 0, sizeof *t);
  if (!n) return 0;
  return kg_term_from_librdf(n, t) ? 0 : -1;
}

int kgrdf_terms(librdf_statement *s, kg_term t[3]) {
  librdf_node *n[3] = {librdf_statement_get_subject(s),
                       librdf_statement_get_predicate(s),
                       librdf_statement_get_object(s)};
  for (int i = 0; i < 3; i++)
    if (kgrdf_term(n[i], &t[i]) < 0) return -1;
  return 0;
}

void kgrdf_log(librdf_world *w, const kg_error *err) {
  if (err->file[0] && err->line)
    librdf_log(w, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
               "kgsh: %s:%ld:%ld: %s", err->file, err->line, err->column,
               err->message);
  else
    librdf_log(w, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
               "kgsh: %s", err->message);
}
