/* arena.h - bump allocator: many small allocations freed at once (query
 * plans, parsed terms, result tables). */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

/* An arena hands out memory that is freed all at once. Allocations are
 * 16-byte aligned and zeroed. Returns NULL only when malloc fails. */
typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n);
/* Copies n bytes and adds a NUL. */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* Forgets every allocation but keeps the first block for reuse. */
void arena_reset(arena *a);
/* Bytes handed out since creation or the last reset. */
size_t arena_used(const arena *a);

#endif /* ARENA_H */
