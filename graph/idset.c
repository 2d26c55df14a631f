/* idset.c - a set of term ids (idset.h). */
#include "idset.h"

#include <stdlib.h>

static size_t slot_of(kg_id id, size_t cap) {
  return (id * 2654435761u) & (cap - 1);
}

int idset_add(idset *s, kg_id id) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    kg_id *ns = calloc(cap, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->slot[i]) continue;
      size_t j = slot_of(s->slot[i], cap);
      while (ns[j]) j = (j + 1) & (cap - 1);
      ns[j] = s->slot[i];
    }
    free(s->slot);
    s->slot = ns;
    s->cap = cap;
  }
  size_t j = slot_of(id, s->cap);
  for (; s->slot[j]; j = (j + 1) & (s->cap - 1))
    if (s->slot[j] == id) return 0;
  s->slot[j] = id;
  s->n++;
  return 1;
}
