/* grow.c - the one grow-by-doubling helper (see grow.h). */
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int grow(void *arr, size_t *cap, size_t need, size_t elem, size_t first) {
  if (need <= *cap) return 1;
  size_t n = *cap ? *cap : (first ? first : 1);
  while (n < need) {
    if (n > SIZE_MAX / 2) return 0;
    n *= 2;
  }
  if (elem && n > SIZE_MAX / elem) return 0;
  void *old;
  memcpy(&old, arr, sizeof old);
  void *p = realloc(old, n * elem);
  if (!p) return 0;
  memcpy(arr, &p, sizeof p);
  *cap = n;
  return 1;
}
