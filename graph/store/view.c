/* view.c - views: the base and the change layers over it that a reader
 * sees (index.h), held while a snapshot is read. */
#include "store/index.h"

#include <string.h>

int view_contains(const kg_view *v, const kg_qid *q) {
  for (int i = v->nlayers; i-- > 0;) {
    int op = qset_get(v->layer[i], q);
    if (op) return op > 0;
  }
  return index_contains(v->base, q);
}

kg_view view_hold(const kg_view *v) {
  kg_view h = *v;
  index_hold((kg_index *)h.base);
  for (int i = 0; i < h.nlayers; i++) qset_hold(h.layer[i]);
  return h;
}

void view_release(kg_view *v) {
  if (!v->base) return;
  index_close((kg_index *)v->base);
  for (int i = 0; i < v->nlayers; i++) qset_free(v->layer[i]);
  memset(v, 0, sizeof *v);
}

size_t view_size(const kg_view *v) {
  size_t n = index_size(v->base);
  for (int i = 0; i < v->nlayers; i++)
    n = n + qset_adds(v->layer[i]) - qset_dels(v->layer[i]);
  return n;
}
