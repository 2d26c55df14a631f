/* check.c - kgsh --check / --repair STORE and .check: a store's files
 * verified by the library, one line per finding. */
#include <stdio.h>
#include <sys/stat.h>

#include "shell.h"

typedef struct check_out {
  FILE *out;
  int damaged;
} check_out;

static void finding(void *ctx, const char *file, int ok, const char *what) {
  check_out *c = ctx;
  if (!ok) c->damaged++;
  fprintf(c->out, "%-8s %s: %s\n", ok ? "ok" : "DAMAGED", file, what);
}

/* 0 sound (or repaired), 1 damaged, 2 the check could not run. */
static int check_dir(FILE *out, const char *dir, unsigned flags) {
  struct stat sb;
  if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
    fprintf(stderr, "Error: %s is not a store directory (--check and "
                    "--repair read directory stores)\n", dir);
    return 2;
  }
  check_out c = {out, 0};
  kg_error err;
  kg_status s = kg_store_check(dir, flags, finding, &c, &err);
  if (s == KG_OK) {
    fprintf(out, "%s is sound%s\n", dir,
            flags & KG_CHECK_REPAIR ? " (after the repairs above)" : "");
    return 0;
  }
  if (s == KG_ERR_CORRUPT) {
    fprintf(out, "%s is damaged: %d finding%s above%s\n", dir, c.damaged,
            c.damaged == 1 ? "" : "s",
            flags & KG_CHECK_REPAIR ? "; what remains cannot be rebuilt"
                                    : "; kgsh --repair rebuilds what it can");
    return 1;
  }
  fprintf(stderr, "Error: %s\n", err.message);
  return 2;
}

int check_main(const char *dir, int repair) {
  return check_dir(stdout, dir, repair ? KG_CHECK_REPAIR : 0);
}

int check_command(shell *sh, int argc, char **argv) {
  (void)argc, (void)argv;
  if (shell_need_store(sh)) return 1;
  return check_dir(sh->out, sh->spec, 0) != 0;
}
