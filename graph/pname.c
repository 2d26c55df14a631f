/* pname.c - the characters of prefixed names and the checks of whole
 * prefixes and local parts (see pname.h). */
#include "pname.h"

#include <string.h>

#include "utf8.h"

int pname_chars_base(unsigned c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

int pname_chars_u(unsigned c) { return c == '_' || pname_chars_base(c); }

int pname_chars(unsigned c) {
  return pname_chars_u(c) || c == '-' || (c >= '0' && c <= '9') ||
         c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

/* A name made of a first character accepted by `first`, then PN_CHARS or
 * '.', not ending in '.'. */
static int dotted_name(const char *s, int (*first)(unsigned)) {
  size_t n = strlen(s), i = 0;
  unsigned c = 0;
  while (i < n) {
    int k = utf8_decode(s + i, n - i, &c);
    if (!k || !(i == 0 ? first(c) : pname_chars(c) || c == '.')) return 0;
    i += (size_t)k;
  }
  return c != '.';
}

int pname_prefix_ok(const char *s) {
  return dotted_name(s, pname_chars_base);
}

/* PN_LOCAL may also start with a digit (SPARQL 1.1, Turtle). */
static int local_first(unsigned c) {
  return pname_chars_u(c) || (c >= '0' && c <= '9');
}

int pname_local_ok(const char *s) { return dotted_name(s, local_first); }
