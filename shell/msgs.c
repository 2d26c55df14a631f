/* msgs.c - the shell's messages in one place, as curl's tool_msgs.c:
 * errors ("Error: ..." on stderr, with the place and a caret under it
 * when there is one) and information (silent with -q). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "shell.h"

void errorf(shell *sh, const char *fmt, ...) {
  (void)sh;
  va_list ap;
  va_start(ap, fmt);
  fputs("Error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void infof(shell *sh, const char *fmt, ...) {
  if (sh->quiet) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(sh->interactive ? stdout : stderr, fmt, ap);
  fputc('\n', sh->interactive ? stdout : stderr);
  va_end(ap);
}

/* The n-th line (1-based) of text: start and length. */
static const char *nth_line(const char *text, long n, size_t *len) {
  const char *p = text;
  for (long i = 1; i < n && p; i++) {
    p = strchr(p, '\n');
    if (p) p++;
  }
  if (!p) return NULL;
  *len = strcspn(p, "\n");
  return p;
}

void report(shell *sh, const kg_error *err, const char *stmt, long line0) {
  (void)sh;
  const char *where = err->file[0] && strcmp(err->file, "<query>")
                          ? err->file : NULL;
  if (err->line && stmt && (!where || !strcmp(err->file, "<query>"))) {
    long line = err->line + (line0 > 0 ? line0 - 1 : 0);
    fprintf(stderr, "Error: %s at line %ld, column %ld: %s\n",
            kg_strerror(err->status), line, err->column, err->message);
    size_t n;
    const char *l = nth_line(stmt, err->line, &n);
    if (l) {
      /* the line, then a caret under the column (counted in characters;
       * wide characters take two cells); a long line is cut to about 120
       * bytes around the column */
      size_t at = 0;
      for (long c = 1; c < err->column && at < n; c++) {
        at++;
        while (at < n && ((unsigned char)l[at] & 0xC0) == 0x80) at++;
      }
      size_t from = 0, to = n;
      if (n > 160) {
        from = at > 60 ? at - 60 : 0;
        while (from > 0 && ((unsigned char)l[from] & 0xC0) == 0x80) from--;
        to = from + 120 < n ? from + 120 : n;
        while (to < n && ((unsigned char)l[to] & 0xC0) == 0x80) to++;
      }
      const char *pre = from ? "…" : "", *post = to < n ? "…" : "";
      fprintf(stderr, "  %5ld | %s%.*s%s\n        | %s", line, pre,
              (int)(to - from), l + from, post, from ? " " : "");
      for (size_t bytes = from; bytes < at;) {
        size_t k = 1;
        while (bytes + k < n && ((unsigned char)l[bytes + k] & 0xC0) == 0x80)
          k++;
        size_t w = text_width(l + bytes, k);
        for (size_t i = 0; i < w; i++) fputc(l[bytes] == '\t' ? '\t' : ' ', stderr);
        bytes += k;
      }
      fputs("^\n", stderr);
    }
    return;
  }
  if (where && err->line)
    fprintf(stderr, "Error: %s:%ld:%ld: %s\n", where, err->line, err->column,
            err->message);
  else if (where)
    fprintf(stderr, "Error: %s: %s\n", where, err->message);
  else
    fprintf(stderr, "Error: %s\n",
            err->message[0] ? err->message : kg_strerror(err->status));
}

kg_status error_set(kg_error *e, kg_status st, const char *fmt, ...) {
  char msg[sizeof e->message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  kg_error_clear(e);
  e->status = st;
  memcpy(e->message, msg, sizeof msg);
  return st;
}
