/* serving.c - .serve: the open store as a SPARQL endpoint (kgsh serve's
 * options), in the foreground until Ctrl-C; then the session goes on. */
#include <stdio.h>
#include <stdlib.h>

#include "../serve/serve_main.h"
#include "shell.h"

int serve_command(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  /* argv[0] is ".serve"; kgsh serve's parser wants "serve" there */
  char **args = calloc((size_t)argc + 1, sizeof *args);
  if (!args) {
    errorf(sh, "out of memory");
    return 1;
  }
  args[0] = "serve";
  for (int i = 1; i < argc; i++) args[i] = argv[i];
  if (!sh->quiet)
    fprintf(stderr, "Serving %s; Ctrl-C stops the server and returns here.\n",
            sh->spec);
  int rc = serve_store(sh->st, argc, args);
  free(args);
  return rc != 0;
}
