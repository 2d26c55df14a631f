/* link_map.c - a string -> size_t hash map (open addressing), for the
 * entities by IRI and the blocking index by key. */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

typedef struct slot {
  const char *key;
  size_t len, value;
} slot;

struct link_map {
  slot *slots;
  size_t cap, n;
  arena *keys;
};

link_map *link_map_new(void) {
  link_map *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->cap = 64;
  m->slots = calloc(m->cap, sizeof *m->slots);
  m->keys = arena_new();
  if (!m->slots || !m->keys) {
    link_map_free(m);
    return NULL;
  }
  return m;
}

void link_map_free(link_map *m) {
  if (!m) return;
  free(m->slots);
  arena_free(m->keys);
  free(m);
}

static size_t find(const slot *s, size_t cap, const char *key, size_t len) {
  size_t i = (size_t)kg_hash_bytes(key, len) & (cap - 1);
  while (s[i].key && (s[i].len != len || memcmp(s[i].key, key, len)))
    i = (i + 1) & (cap - 1);
  return i;
}

size_t link_map_get(const link_map *m, const char *key, size_t len) {
  size_t i = find(m->slots, m->cap, key, len);
  return m->slots[i].key ? m->slots[i].value : (size_t)-1;
}

int link_map_put(link_map *m, const char *key, size_t len, size_t value) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap * 2;
    slot *s = calloc(cap, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < m->cap; i++)
      if (m->slots[i].key)
        s[find(s, cap, m->slots[i].key, m->slots[i].len)] = m->slots[i];
    free(m->slots);
    m->slots = s;
    m->cap = cap;
  }
  size_t i = find(m->slots, m->cap, key, len);
  if (!m->slots[i].key) {
    char *k = arena_strndup(m->keys, key, len);
    if (!k) return -1;
    m->slots[i] = (slot){k, len, value};
    m->n++;
  }
  m->slots[i].value = value;
  return 0;
}
