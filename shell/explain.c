/* explain.c - .explain [analyze] QUERY: the plan, or the plan run with
 * its estimated and actual rows (as PostgreSQL's EXPLAIN ANALYZE). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell.h"

int explain_command(shell *sh, int argc, char **argv) {
  (void)argc;
  if (shell_need_store(sh)) return 1;
  /* the query as typed (the rest of the line), after "analyze" when it
   * is to run, as PostgreSQL's EXPLAIN ANALYZE */
  const char *q = argv[1];
  int analyze = !strncasecmp(q, "analyze", 7) && (!q[7] || isspace((unsigned char)q[7]));
  if (analyze) q += 7 + strspn(q + 7, " \t\r\n");
  kg_query_options o = shell_query_options(sh);
  char *text = NULL;
  if (analyze) signals_store(sh->st); /* Ctrl-C stops it */
  kg_error err;
  kg_status s = analyze ? kg_query_explain_analyze(sh->st, q, &o, &text, &err)
                        : kg_query_explain(sh->st, q, &o, &text, &err);
  int rc = 0;
  if (s) {
    report(sh, &err, q, 1);
    rc = 1;
  } else {
    fputs(text, sh->out);
    if (!*text || text[strlen(text) - 1] != '\n') fputc('\n', sh->out);
  }
  free(text);
  return rc;
}
