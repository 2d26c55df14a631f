/* interactive.c - the terminal session: readline prompts, multi-line
 * statements, history kept across sessions, Ctrl-C and Ctrl-D. */
#include <readline/history.h>
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

static int discard;  /* Ctrl-C while typing: drop the pending statement */

/* Called by readline when a signal arrives while it reads. */
static int on_signal(void) {
  if (signals_taken()) {
    discard = 1;
    rl_replace_line("", 0);
    rl_crlf();
    rl_done = 1;
  }
  return 0;
}

static void history_open(shell *sh) {
  if (!sh->history_path) return;
  history_write_timestamps = 1;
  history_multiline_entries = 1;
  read_history(sh->history_path);
}

static void history_close(shell *sh) {
  if (!sh->history_path) return;
  stifle_history(5000);
  write_history(sh->history_path);
}

int run_interactive(shell *sh) {
  assembler a = {0};
  buf entry = {0};    /* the statement as typed, for the history */
  complete_init(sh);
  rl_signal_event_hook = on_signal;
  history_open(sh);
  for (;;) {
    char *line = readline(feed_pending(&a) ? "   ...> " : "kgsh> ");
    if (discard) {
      discard = 0;
      free(line);
      assembler_free(&a);
      memset(&a, 0, sizeof a);
      buf_clear(&entry);
      continue;
    }
    if (!line) {
      /* Ctrl-D: leave (running what was typed, like the end of a file) */
      fputc('\n', stdout);
      break;
    }
    if (entry.len) buf_putc(&entry, '\n');
    buf_puts(&entry, line);
    int rc = feed_line(sh, &a, line, "<stdin>");
    free(line);
    if (!feed_pending(&a)) {
      size_t n = entry.len;
      while (n && (entry.data[n - 1] == ' ' || entry.data[n - 1] == '\n'))
        n--;
      if (n) {
        entry.data[n] = '\0';
        HIST_ENTRY *last = history_get(history_base + history_length - 1);
        if (!last || strcmp(last->line, entry.data)) add_history(entry.data);
      }
      buf_clear(&entry);
    }
    if (rc < 0 || sh->quit) break;
  }
  feed_end(sh, &a, "<stdin>");
  history_close(sh);
  buf_free(&entry);
  return 0;
}
