/* width.c - how wide text is on a terminal (CJK wide, combining marks
 * zero), for the tables of render.c and the carets of msgs.c. */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <unistr.h>
#include <uniwidth.h>

#include "shell.h"

int term_columns(void) {
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  const char *c = getenv("COLUMNS");
  int n = c ? atoi(c) : 0;
  return n > 0 ? n : 80;
}

size_t char_width(const char *s, size_t n, size_t *len) {
  ucs4_t uc;
  int k = u8_mbtouc(&uc, (const uint8_t *)s, n);
  *len = k > 0 ? (size_t)k : 1;
  int w = uc_width(uc, "UTF-8");
  return w < 0 ? 1 : (size_t)w;
}

size_t text_width(const char *s, size_t n) {
  size_t w = 0, i = 0;
  while (i < n) {
    size_t len;
    w += char_width(s + i, n - i, &len);
    i += len;
  }
  return w;
}
