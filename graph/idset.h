/* idset.h - a set of term ids: open addressing, at most half full. */
#ifndef KG_IDSET_H
#define KG_IDSET_H

#include <stddef.h>

#include "internal.h"

/* Zero-initialise; free `slot` when done. Members are the nonzero
 * entries of slot[0..cap). */
typedef struct idset {
  kg_id *slot;
  size_t cap, n;
} idset;

/* Adds id (nonzero): 1 when it is new, 0 when it was there, -1 when out
 * of memory. */
int idset_add(idset *s, kg_id id);

#endif /* KG_IDSET_H */
