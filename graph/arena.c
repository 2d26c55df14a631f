/* arena.c - bump allocator and growable byte buffer used by the engine. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
  struct block *next;
  size_t size;
  size_t used;
  _Alignas(16) unsigned char data[];
} block;

struct sp_arena {
  block *head;
  size_t total;
};

enum { BLOCK_MIN = 16 * 1024 };

sp_arena *sp_arena_new(void) { return calloc(1, sizeof(sp_arena)); }

void sp_arena_free(sp_arena *a) {
  if (!a) return;
  for (block *b = a->head, *n; b; b = n) {
    n = b->next;
    free(b);
  }
  free(a);
}

void *sp_arena_alloc(sp_arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n == 0) n = 16;
  block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > BLOCK_MIN ? n : BLOCK_MIN;
    if (b && b->size * 2 > size && b->size < (1u << 20)) size = b->size * 2;
    if (size < n) size = n;
    block *nb = malloc(sizeof(block) + size);
    if (!nb) return NULL;
    nb->size = size;
    nb->used = 0;
    nb->next = b;
    a->head = nb;
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += n;
  a->total += n;
  memset(p, 0, n);
  return p;
}

char *sp_arena_strndup(sp_arena *a, const char *s, size_t n) {
  char *p = sp_arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *sp_arena_strdup(sp_arena *a, const char *s) {
  return sp_arena_strndup(a, s, strlen(s));
}

void sp_arena_reset(sp_arena *a) {
  if (!a || !a->head) return;
  block *keep = a->head;
  while (keep->next) {
    block *n = keep->next;
    keep->next = n->next;
    free(n);
  }
  keep->used = 0;
  a->total = 0;
}

size_t sp_arena_used(const sp_arena *a) { return a ? a->total : 0; }

static int buf_reserve(sp_buf *b, size_t extra) {
  if (b->oom) return 0;
  if (b->len + extra + 1 <= b->cap) return 1;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  char *d = realloc(b->data, cap);
  if (!d) {
    b->oom = 1;
    return 0;
  }
  b->data = d;
  b->cap = cap;
  return 1;
}

void sp_buf_append(sp_buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void sp_buf_puts(sp_buf *b, const char *s) { sp_buf_append(b, s, strlen(s)); }

void sp_buf_putc(sp_buf *b, char c) { sp_buf_append(b, &c, 1); }

void sp_buf_vprintf(sp_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0 || !buf_reserve(b, (size_t)n)) return;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void sp_buf_printf(sp_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sp_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void sp_buf_clear(sp_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void sp_buf_free(sp_buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

char *sp_buf_take(sp_buf *b) {
  char *d = b->data;
  if (!d) d = calloc(1, 1);
  memset(b, 0, sizeof *b);
  return d;
}
