/* strbuf.h - growable, NUL-terminated byte buffer used by every layer. */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* A growable, always NUL-terminated byte buffer. Zero-initialise it
 * ({0}) before use; strbuf_free releases it. `oom` is set once an
 * allocation failed, after which appends are ignored. */
typedef struct strbuf {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} strbuf;

void strbuf_append(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap);
void strbuf_clear(strbuf *b);
void strbuf_free(strbuf *b);
/* Hands the contents to the caller (free()) and empties the buffer. */
char *strbuf_take(strbuf *b);

#endif /* STRBUF_H */
