/* split.c - when is SPARQL text complete? Strings, IRIs and comments are
 * skipped; brackets must balance. */
#include <string.h>

#include "shell.h"

void scan_reset(scan_state *s) { memset(s, 0, sizeof *s); }

int scan_balanced(const scan_state *s) {
  return s->depth <= 0 && !s->in_string;
}

/* '<' starts an IRI only if a '>' follows on the line with no space,
 * quote or another '<' before it; otherwise it is "less than". */
static size_t iri_end(const char *p, size_t n) {
  for (size_t i = 1; i < n; i++) {
    char c = p[i];
    if (c == '>') return i + 1;
    if (c == ' ' || c == '\t' || c == '"' || c == '<' || c == '{' || c == '}')
      return 0;
  }
  return 0;
}

void scan_line(scan_state *s, const char *line, size_t n) {
  size_t i = 0;
  while (i < n) {
    char c = line[i];
    if (s->in_string) {
      char q = (char)s->in_string;
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == q) {
        if (!s->long_string) {
          s->in_string = 0;
          s->last = c;
        } else if (i + 2 < n && line[i + 1] == q && line[i + 2] == q) {
          s->in_string = s->long_string = 0;
          s->last = c;
          i += 3;
          continue;
        }
      }
      i++;
      continue;
    }
    if (c == '#') break; /* comment to the end of the line */
    if (c == '"' || c == '\'') {
      if (i + 2 < n && line[i + 1] == c && line[i + 2] == c) {
        s->in_string = c;
        s->long_string = 1;
        i += 3;
      } else {
        s->in_string = c;
        i++;
      }
      continue;
    }
    if (c == '<') {
      size_t e = iri_end(line + i, n - i);
      if (e) {
        i += e;
        s->last = '>';
        continue;
      }
    }
    if (c == '{' || c == '(' || c == '[') s->depth++;
    else if (c == '}' || c == ')' || c == ']') s->depth--;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') s->last = c;
    i++;
  }
  /* a short string cannot span lines */
  if (s->in_string && !s->long_string) s->in_string = 0;
}
