/* grow.h - the one grow-by-doubling helper for arrays of any element. */
#ifndef GROW_H
#define GROW_H

#include <stddef.h>

/* Makes *arr (an array of `elem`-byte items, *cap of them) hold at least
 * `need` items: the capacity doubles from `first` until it does. Returns 0
 * when out of memory (or the size overflows); *arr and *cap are then
 * unchanged. New items are not initialised. Use: grow(&a, &cap, n + 1,
 * sizeof *a, 16). */
int grow(void *arr, size_t *cap, size_t need, size_t elem, size_t first);

#endif /* GROW_H */
