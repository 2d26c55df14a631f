/* arena.h - bump allocator and growable byte buffer used by the engine. */
#ifndef SP_ARENA_H
#define SP_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/* An arena hands out memory that is freed all at once. Allocations are
 * 16-byte aligned and zeroed. Returns NULL only when malloc fails. */
typedef struct sp_arena sp_arena;

sp_arena *sp_arena_new(void);
void sp_arena_free(sp_arena *a);
void *sp_arena_alloc(sp_arena *a, size_t n);
/* Copies n bytes and adds a NUL. */
char *sp_arena_strndup(sp_arena *a, const char *s, size_t n);
char *sp_arena_strdup(sp_arena *a, const char *s);
/* Forgets every allocation but keeps the first block for reuse. */
void sp_arena_reset(sp_arena *a);
/* Bytes handed out since creation or the last reset. */
size_t sp_arena_used(const sp_arena *a);

/* A growable, always NUL-terminated byte buffer. Zero-initialise it
 * ({0}) before use; sp_buf_free releases it. `oom` is set once an
 * allocation failed, after which appends are ignored. */
typedef struct sp_buf {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} sp_buf;

void sp_buf_append(sp_buf *b, const char *s, size_t n);
void sp_buf_puts(sp_buf *b, const char *s);
void sp_buf_putc(sp_buf *b, char c);
void sp_buf_printf(sp_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sp_buf_vprintf(sp_buf *b, const char *fmt, va_list ap);
void sp_buf_clear(sp_buf *b);
void sp_buf_free(sp_buf *b);
/* Hands the contents to the caller (free()) and empties the buffer. */
char *sp_buf_take(sp_buf *b);

#endif /* SP_ARENA_H */
