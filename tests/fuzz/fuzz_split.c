/* fuzz_split.c - the shell's statement splitter: shell/run.c and split.c
 * (linked in, without readline) cut each input into statements, once as
 * typed lines (run_text) and once as a script (run_file), on a memory
 * store. Dot-commands, messages and rendering are stubs; kg_query is
 * wrapped (-Wl,--wrap=kg_query) so that statements run under limits and
 * never reach outside. */
#include <stdio.h>

#include "shell.h"
#include "fuzz.h"

/* ------------------------------------------ what run.c calls elsewhere */
int command_run(shell *sh, const char *line) {
  (void)sh;
  return line[1] == 'x'; /* some commands fail, for --bail */
}
void report(shell *sh, const kg_error *err, const char *stmt, long line0) {
  (void)sh, (void)err, (void)stmt, (void)line0;
}
void errorf(shell *sh, const char *fmt, ...) { (void)sh, (void)fmt; }
void infof(shell *sh, const char *fmt, ...) { (void)sh, (void)fmt; }
void signals_store(kg_store *st) { (void)st; }
int signals_taken(void) { return 0; }
int render_result(shell *sh, kg_result *r, double seconds) {
  (void)sh, (void)seconds;
  kg_error err;
  int rows = 0;
  while (rows++ < 1000 && kg_result_next(r, &err) == 1) continue;
  return 0;
}

kg_status __real_kg_query(kg_store *st, const char *sparql,
                          const kg_query_options *opt, kg_result **out,
                          kg_error *err);
kg_status __wrap_kg_query(kg_store *st, const char *sparql,
                          const kg_query_options *opt, kg_result **out,
                          kg_error *err);
kg_status __wrap_kg_query(kg_store *st, const char *sparql,
                          const kg_query_options *opt, kg_result **out,
                          kg_error *err) {
  kg_query_options o = *opt;
  o.read_documents = KG_READ_NONE;
  o.timeout_ms = 100;
  o.max_memory_mb = 32;
  if (fuzz_reaches_out(sparql)) {
    *out = NULL;
    if (err) err->status = KG_ERR_UNSUPPORTED;
    return KG_ERR_UNSUPPORTED;
  }
  return __real_kg_query(st, sparql, &o, out, err);
}

/* ------------------------------------------------------------- harness */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  shell sh = {.quiet = 1, .bail = size && data[0] == ' '};
  if (!text || kg_store_open("memory:", 0, &sh.st, NULL) != KG_OK) goto done;
  run_text(&sh, text, "fuzz");
  FILE *in = fmemopen(text, size ? size : 1, "r");
  if (in) {
    run_file(&sh, in, "fuzz.rq");
    fclose(in);
  }
done:
  kg_store_close(sh.st);
  free(text);
  return 0;
}
