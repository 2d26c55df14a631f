/* utf8.h - decoding and encoding one UTF-8 code point. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* Decodes one UTF-8 sequence of s[0..n); returns its length and stores the
 * code point, or returns 0 for invalid UTF-8 (overlong, surrogate,
 * > U+10FFFF) and for n == 0. */
int utf8_decode(const char *s, size_t n, unsigned *cp);
/* Encodes cp as UTF-8 into out (4 bytes room); returns the length. */
int utf8_encode(unsigned cp, char *out);

#endif /* UTF8_H */
