/* dict_inline.c - the terms of inline ids (store/inline.h): their text is
 * made the first time one is asked for and kept, so that a term's strings
 * live as long as the dictionary's, records' and inline ids' alike. */
#include "store/dict_impl.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

enum { TEXT_CHUNK = 4096 };

struct inline_text {
  kg_id id;
  char text[INLINE_TEXT];
};

static struct inline_text *text_at(kg_dict *d, size_t i) {
  return &d->texts[i / TEXT_CHUNK][i % TEXT_CHUNK];
}

static size_t text_hash(kg_id id, size_t mask) {
  return (size_t)(((uint64_t)id * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

/* Doubles the table (at half full); -1 when out of memory. */
static int texts_rehash(kg_dict *d) {
  size_t ns = d->text_slots ? d->text_slots * 2 : 1024;
  uint32_t *slot = calloc(ns, sizeof *slot);
  if (!slot) return -1;
  for (size_t i = 0; i < d->ntexts; i++) {
    size_t j = text_hash(text_at(d, i)->id, ns - 1);
    while (slot[j]) j = (j + 1) & (ns - 1);
    slot[j] = (uint32_t)(i + 1);
  }
  free(d->text_slot);
  d->text_slot = slot;
  d->text_slots = ns;
  return 0;
}

/* The kept text of an id, made when new; NULL when out of memory or not
 * a valid inline id. */
static struct inline_text *text_of(kg_dict *d, kg_id id, const char **dt) {
  char buf[INLINE_TEXT];
  if (!inline_text(id, buf, dt)) return NULL;
  size_t mask = d->text_slots - 1, j = 0;
  if (d->text_slots) {
    for (j = text_hash(id, mask); d->text_slot[j]; j = (j + 1) & mask) {
      struct inline_text *e = text_at(d, d->text_slot[j] - 1);
      if (e->id == id) return e;
    }
  }
  if ((d->ntexts + 1) * 2 > d->text_slots) {
    if (texts_rehash(d) < 0) return NULL;
    mask = d->text_slots - 1;
    j = text_hash(id, mask);
    while (d->text_slot[j]) j = (j + 1) & mask;
  }
  if (d->ntexts % TEXT_CHUNK == 0) {
    size_t chunks = d->ntexts / TEXT_CHUNK, cap = chunks;
    struct inline_text **c = d->texts;
    if (!grow(&c, &cap, chunks + 1, sizeof *c, 16)) return NULL;
    d->texts = c;
    if (!(c[chunks] = malloc(TEXT_CHUNK * sizeof **c))) return NULL;
  }
  struct inline_text *e = text_at(d, d->ntexts);
  e->id = id;
  memcpy(e->text, buf, INLINE_TEXT);
  d->text_slot[j] = (uint32_t)++d->ntexts;
  return e;
}

int inline_term(kg_dict *d, kg_id id, kg_term *out) {
  const char *dt;
  struct inline_text *e = text_of(d, id, &dt);
  if (!e) return 0;
  memset(out, 0, sizeof *out);
  out->kind = KG_TERM_LITERAL;
  out->value = e->text;
  out->len = strlen(e->text);
  out->datatype = dt;
  return 1;
}

void inline_texts_free(kg_dict *d) {
  for (size_t i = 0; i * TEXT_CHUNK < d->ntexts; i++) free(d->texts[i]);
  free(d->texts);
  free(d->text_slot);
  d->texts = NULL;
  d->text_slot = NULL;
  d->ntexts = d->text_slots = 0;
}
