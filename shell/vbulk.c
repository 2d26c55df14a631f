/* vbulk.c - `kgsh push --bulk DIR`: Virtuoso's bulk loader. Each named
 * graph is written as an N-Triples file into DIR, a folder the server
 * reads (one of its DirsAllowed: the same machine or a shared disk), the
 * files are registered with ld_add and loaded by rdf_loader_run through
 * Virtuoso's own SQL client (isql-vt, or $KGSH_ISQL), and then the files
 * and their rows of the load list go again. The client takes its password
 * on its command line (Virtuoso's way): it comes from $KGSH_ISQL_PASSWORD
 * and is never printed by kgsh. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell.h"

extern char **environ;

enum { ISQL_PORT = 1111, OUTPUT_MAX = 64 * 1024 };

/* HOST:PORT of the SQL port: as given, or the URL's host and 1111. */
static void isql_address(char *out, size_t n, const char *given,
                         const char *url) {
  if (given) {
    snprintf(out, n, "%s", given);
    return;
  }
  const char *h = strstr(url, "://");
  h = h ? h + 3 : url;
  size_t len = strcspn(h, ":/,");
  snprintf(out, n, "%.*s:%d", (int)len, h, ISQL_PORT);
}

kg_status vbulk_init(vbulk *b, const char *dir, const char *isql,
                     const char *url, kg_error *e) {
  *b = (vbulk){.dir = dir};
  isql_address(b->isql, sizeof b->isql, isql, url);
  b->user = getenv("KGSH_ISQL_USER");
  if (!b->user || !*b->user) b->user = "dba";
  b->password = getenv("KGSH_ISQL_PASSWORD");
  if (!b->password || !*b->password)
    return error_set(e, KG_ERR_ARG,
                     "--bulk needs Virtuoso's SQL password in "
                     "$KGSH_ISQL_PASSWORD (and its user in $KGSH_ISQL_USER, "
                     "default dba)");
  struct stat sb;
  if (dir[0] != '/')
    return error_set(e, KG_ERR_ARG,
                     "--bulk %s: give the folder as an absolute path, as the "
                     "server will read it",
                     dir);
  if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode) || access(dir, W_OK) < 0)
    return error_set(e, KG_ERR_NOTFOUND,
                     "--bulk %s: not a folder kgsh can write into", dir);
  snprintf(b->prefix, sizeof b->prefix, "kgsh-push-%ld-", (long)getpid());
  return KG_OK;
}

/* SQL string literal contents: ' doubled. */
static void sql_quote(buf *q, const char *s) {
  for (; *s; s++) {
    if (*s == '\'') buf_putc(q, '\'');
    buf_putc(q, *s);
  }
}

kg_status vbulk_add(vbulk *b, kg_store *src, const char *graph,
                    const char *target, kg_error *e) {
  if (b->n == b->cap) {
    size_t cap = b->cap ? 2 * b->cap : 8;
    char **f = realloc(b->files, cap * sizeof *f);
    if (f) b->files = f;
    char **g = f ? realloc(b->graphs, cap * sizeof *g) : NULL;
    if (g) b->graphs = g;
    if (!f || !g) return error_set(e, KG_ERR_NOMEM, "out of memory");
    b->cap = cap;
  }
  buf path = {0};
  buf_printf(&path, "%s/%s%zu.nt", b->dir, b->prefix, b->n);
  char *g = strdup(target);
  if (path.oom || !g) {
    buf_free(&path);
    free(g);
    return error_set(e, KG_ERR_NOMEM, "out of memory");
  }
  b->files[b->n] = buf_take(&path);
  b->graphs[b->n] = g;
  b->n++;
  FILE *f = fopen(b->files[b->n - 1], "w");
  if (!f)
    return error_set(e, KG_ERR_IO, "cannot write %s: %s", b->files[b->n - 1],
                     strerror(errno));
  kg_export_options eo = {.format = "ntriples", .graph = graph};
  kg_status s = kg_export(src, f, &eo, e);
  if (fclose(f) != 0 && s == KG_OK)
    s = error_set(e, KG_ERR_IO, "cannot write %s: %s", b->files[b->n - 1],
                  strerror(errno));
  return s;
}

/* Runs the SQL client with `sql`; its output (both streams, at most
 * OUTPUT_MAX bytes) in *out. 0 when it ran and exited 0. */
static int isql(const vbulk *b, const char *sql, buf *out, kg_error *e) {
  const char *prog = getenv("KGSH_ISQL");
  if (!prog || !*prog) prog = "isql-vt";
  buf exec = {0};
  buf_printf(&exec, "exec=%s", sql);
  int fd[2];
  if (exec.oom || pipe(fd) < 0) {
    buf_free(&exec);
    return error_set(e, KG_ERR_NOMEM, "cannot start %s", prog), -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addclose(&fa, fd[0]);
  posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, fd[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  char *argv[] = {(char *)prog,        (char *)b->isql, (char *)b->user,
                  (char *)b->password, exec.data,       NULL};
  pid_t pid;
  int rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fd[1]);
  buf_free(&exec);
  if (rc != 0) {
    close(fd[0]);
    error_set(e, KG_ERR_UNSUPPORTED,
              "cannot run %s (Virtuoso's SQL client, "
              "Debian package virtuoso-opensource-7-bin; "
              "or name it in $KGSH_ISQL): %s",
              prog, strerror(rc));
    return -1;
  }
  char chunk[4096];
  ssize_t got;
  while ((got = read(fd[0], chunk, sizeof chunk)) > 0 ||
         (got < 0 && errno == EINTR))
    if (got > 0 && out->len < OUTPUT_MAX) buf_append(out, chunk, (size_t)got);
  close(fd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      (out->data && strstr(out->data, "*** Error"))) {
    const char *why = out->data ? strstr(out->data, "*** Error") : NULL;
    error_set(e, KG_ERR_NET, "Virtuoso's bulk loader at %s: %.600s", b->isql,
              why         ? why
              : out->data ? out->data
                          : "the SQL client failed");
    return -1;
  }
  return 0;
}

kg_status vbulk_run(vbulk *b, kg_error *e) {
  if (!b->n) return KG_OK;
  buf sql = {0}, pfx = {0};
  /* the files of this push: names that begin with DIR/PREFIX (not LIKE:
   * isql's exec= takes a '%' for one of its own) */
  sql_quote(&pfx, b->dir);
  buf_printf(&pfx, "/%s", b->prefix);
  for (size_t i = 0; i < b->n; i++) {
    buf_puts(&sql, "ld_add('");
    sql_quote(&sql, b->files[i]);
    buf_puts(&sql, "', '");
    sql_quote(&sql, b->graphs[i]);
    buf_puts(&sql, "'); ");
  }
  /* the files a load failed on: their names and Virtuoso's reason, then
   * the rows go (the load list is the server's, not ours to fill) */
  const char *ours = "subseq(ll_file, 0, length('%s')) = '%s'";
  buf where = {0};
  buf_printf(&where, ours, pfx.data, pfx.data);
  buf_printf(&sql,
             "rdf_loader_run(); checkpoint; "
             "select 'KGSH_FAILED', ll_file, ll_error from "
             "DB.DBA.LOAD_LIST where %s and ll_error is not null; "
             "delete from DB.DBA.LOAD_LIST where %s;",
             where.data, where.data);
  buf out = {0};
  kg_status s = KG_OK;
  if (sql.oom || pfx.oom || where.oom)
    s = error_set(e, KG_ERR_NOMEM, "out of memory");
  else if (isql(b, sql.data, &out, e) < 0)
    s = e->status;
  /* a failed file's row reads "KGSH_FAILED  FILE  ERROR" */
  const char *row = out.data;
  while (s == KG_OK && row && (row = strstr(row, "KGSH_FAILED"))) {
    if (row == out.data || row[-1] == '\n') {
      size_t len = strcspn(row, "\n");
      s = error_set(e, KG_ERR_SYNTAX,
                    "Virtuoso's bulk loader refused a file: "
                    "%.*s",
                    (int)(len < 600 ? len : 600), row);
    }
    row++;
  }
  buf_free(&sql);
  buf_free(&pfx);
  buf_free(&where);
  buf_free(&out);
  return s;
}

void vbulk_free(vbulk *b) {
  for (size_t i = 0; i < b->n; i++) {
    unlink(b->files[i]);
    free(b->files[i]);
    free(b->graphs[i]);
  }
  free(b->files);
  free(b->graphs);
  *b = (vbulk){0};
}
