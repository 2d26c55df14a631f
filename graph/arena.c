/* arena.c - bump allocator: many small allocations freed at once. */
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

struct arena {
  block *head;
  size_t total;
};

enum { BLOCK_MIN = 16 * 1024 };

arena *arena_new(void) { return calloc(1, sizeof(arena)); }

void arena_free(arena *a) {
  if (!a) return;
  for (block *b = a->head, *n; b; b = n) {
    n = b->next;
    free(b);
  }
  free(a);
}

void *arena_alloc(arena *a, size_t n) {
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

char *arena_strndup(arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

void arena_reset(arena *a) {
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

size_t arena_used(const arena *a) { return a ? a->total : 0; }
