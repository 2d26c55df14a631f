/* dict_batch.c - terms.idx during a bulk load (dict_batch in dict.h).
 *
 * Once terms.idx outgrows the pool, adding a term at its slot costs a
 * random block read and a dirty block written back, and looking up a
 * term that is not there costs a read too: at 10M statements that was a
 * third of the load. While a batch is on, new terms wait in a table in
 * memory and reach terms.idx together, sorted by slot, in one pass over
 * the file (PASS_SLOTS at a time); and a filter of every hash that
 * terms.idx and the batch hold (a blocked Bloom filter, one 64-byte line
 * per lookup) tells most new terms without reading the file. */
#include "store/dict_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "fdio.h"

enum {
  PEND_SLOTS = 1 << 19,        /* the batch's table: 8 MB, flushed half
                                  full (256 K terms; KG_DICT_BATCH sets
                                  another number of terms, for tests) */
  LINE_WORDS = 8,              /* a line of the filter: 512 bits */
  LINES_MAX = 1 << 18,         /* the filter's size at most: 16 MB */
  PASS_SLOTS = 1 << 16         /* slots read and written at once: 1 MB */
};

static uint64_t mix(uint64_t h) {
  h ^= h >> 31;
  return h * 0x9e3779b97f4a7c15ull;
}

/* The line of h and its 4 bits in it (9 bits each, from another mix
 * than the line's, so that they do not repeat its choice). */
static uint64_t *bloom_line(const kg_dict *d, uint64_t h, unsigned bit[4]) {
  uint64_t x = mix(h), y = x * 0xff51afd7ed558ccdull;
  for (int i = 0; i < 4; i++) bit[i] = (unsigned)(y >> (28 + 9 * i)) & 511;
  return d->bloom + ((x >> 32) & d->bloom_mask) * LINE_WORDS;
}

static void bloom_add(kg_dict *d, uint64_t h) {
  unsigned bit[4];
  uint64_t *line = bloom_line(d, h, bit);
  for (int i = 0; i < 4; i++) line[bit[i] / 64] |= 1ull << (bit[i] % 64);
}

int batch_maybe(const kg_dict *d, uint64_t h) {
  if (!d->bloom) return 1;
  unsigned bit[4];
  const uint64_t *line = bloom_line(d, h, bit);
  for (int i = 0; i < 4; i++)
    if (!(line[bit[i] / 64] >> (bit[i] % 64) & 1)) return 0;
  return 1;
}

size_t batch_slots(void) {
  const char *env = getenv("KG_DICT_BATCH");
  long terms = env ? atol(env) : 0;
  if (terms <= 0) return PEND_SLOTS;
  size_t n = 4;
  while (n / 2 < (size_t)terms) n *= 2;
  return n;
}

static size_t pend_home(const kg_dict *d, uint64_t h) {
  return (size_t)(mix(h) >> 32) & (d->pend_slots - 1);
}

kg_id batch_find(kg_dict *d, const unsigned char *enc, size_t n,
                 uint64_t h) {
  if (!d->pend) return 0;
  for (size_t j = pend_home(d, h);; j = (j + 1) & (d->pend_slots - 1)) {
    const slot *s = &d->pend[j];
    if (!s->id) return 0;
    if (s->hash == h && record_is(d, s->id, enc, n)) return s->id;
  }
}

/* The filter, sized by terms.idx (4 bits a slot: at least 8 a term),
 * from every slot of the file (read PASS_SLOTS at a time, not through
 * the pool) and the batch. A damaged slot fails it: the filter would
 * call its term new and the load would add it twice. */
static kg_status bloom_build(kg_dict *d, kg_error *err) {
  free(d->bloom);
  uint64_t lines = d->cap / 128;
  if (lines < 1) lines = 1;
  if (lines > LINES_MAX) lines = LINES_MAX;
  d->bloom = calloc((size_t)lines, LINE_WORDS * sizeof *d->bloom);
  slot *buf = malloc(PASS_SLOTS * sizeof *buf);
  kg_status st = d->bloom && buf
                     ? KG_OK
                     : kg_err(err, KG_ERR_NOMEM, "out of memory");
  d->bloom_mask = lines - 1;
  for (uint64_t at = 0; st == KG_OK && at < d->cap; at += PASS_SLOTS) {
    size_t len = d->cap - at < PASS_SLOTS ? (size_t)(d->cap - at) : PASS_SLOTS;
    if (fd_read_full(d->idx_fd, buf, len * sizeof *buf,
                     IDX_HEADER + at * sizeof *buf) !=
        (long long)(len * sizeof *buf))
      st = kg_err(err, KG_ERR_IO, "cannot read %s", d->idx_path);
    for (size_t k = 0; st == KG_OK && k < len; k++) {
      if (!slot_ok(&buf[k])) {
        if (!d->bad_idx) d->bad_idx = at + k + 1;
        st = dict_damaged(d, err);
      } else if (buf[k].id) {
        bloom_add(d, buf[k].hash);
      }
    }
  }
  for (size_t j = 0; st == KG_OK && d->pend && j < d->pend_slots; j++)
    if (d->pend[j].id) bloom_add(d, d->pend[j].hash);
  free(buf);
  if (st != KG_OK) {
    free(d->bloom);
    d->bloom = NULL;
  }
  return st;
}

static int by_pass(const void *a, const void *b) {
  uint32_t x = ((const slot *)a)->sum, y = ((const slot *)b)->sum;
  return x < y ? -1 : x > y;
}

/* Puts the batch into terms.idx: sorted by the part of the file their
 * slots are in, each part read, filled and written once. A term whose
 * probe runs past its part's end (a run of full slots across the
 * border, rare at half full) goes in last through the pool. */
kg_status batch_flush(kg_dict *d, kg_error *err) {
  if (!d->npend) return KG_OK;
  TRY(pool_flush(d, err));
  pool_drop(d); /* its blocks are about to change under it */
  uint64_t mask = d->cap - 1;
  size_t k = 0;
  for (size_t j = 0; j < d->pend_slots; j++)
    if (d->pend[j].id) {
      d->pend[k] = d->pend[j];
      d->pend[k++].sum = (uint32_t)((d->pend[j].hash & mask) / PASS_SLOTS);
    }
  qsort(d->pend, k, sizeof *d->pend, by_pass);
  slot *buf = malloc(PASS_SLOTS * sizeof *buf);
  if (!buf) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  size_t over = 0;
  d->io_errno = 0;
  for (size_t i = 0; !d->io_errno && i < k;) {
    uint64_t first = (uint64_t)d->pend[i].sum * PASS_SLOTS;
    size_t len = d->cap - first < PASS_SLOTS ? (size_t)(d->cap - first)
                                             : PASS_SLOTS;
    uint64_t at = IDX_HEADER + first * sizeof *buf;
    long long got = fd_read_full(d->idx_fd, buf, len * sizeof *buf, at);
    if (got != (long long)(len * sizeof *buf)) {
      d->io_errno = got < 0 ? errno : EIO; /* the file was cut */
      break;
    }
    for (uint32_t part = d->pend[i].sum; i < k && d->pend[i].sum == part;
         i++) {
      const slot *p = &d->pend[i];
      size_t j = (size_t)((p->hash & mask) - first);
      while (j < len && buf[j].id) j++;
      if (j == len) {
        d->pend[over++] = *p; /* over <= i: that entry is done */
        continue;
      }
      buf[j] = (slot){p->hash, p->id, slot_sum(p->hash, p->id)};
      d->n++;
    }
    if (fd_write_full(d->idx_fd, buf, len * sizeof *buf, at, NULL) < 0)
      d->io_errno = errno;
  }
  free(buf);
  for (size_t o = 0; !d->io_errno && o < over; o++)
    idx_put(d, d->pend[o].hash, d->pend[o].id);
  if (d->io_errno)
    return kg_err(err, KG_ERR_IO, "cannot write %s: %s", d->idx_path,
                  strerror(d->io_errno));
  kg_fault("dict-batch");
  /* a new table rather than a cleared one: its pages are not the
   * process's until terms arrive (a growth of terms.idx follows a flush) */
  free(d->pend);
  d->npend = 0;
  if (!(d->pend = calloc(d->pend_slots, sizeof *d->pend)))
    batch_drop(d); /* written out: the load goes on without a batch */
  return KG_OK;
}

kg_status batch_put(kg_dict *d, uint64_t h, kg_id id, kg_error *err) {
  if (d->npend == d->pend_slots / 2) TRY(batch_flush(d, err));
  size_t j = pend_home(d, h);
  while (d->pend[j].id) j = (j + 1) & (d->pend_slots - 1);
  d->pend[j] = (slot){h, id, 0};
  d->npend++;
  bloom_add(d, h);
  return KG_OK;
}

/* Starts the batch asked for once terms.idx outgrows the pool: until
 * then its blocks stay in memory and a term's slot costs no I/O, so a
 * batch would only add the passes over the file. */
static kg_status batch_start(kg_dict *d, kg_error *err) {
  if (!d->batch_on || d->pend || d->cap <= d->pool_blocks * BLOCK_SLOTS)
    return KG_OK;
  TRY(pool_flush(d, err)); /* the filter reads the file */
  d->pend = calloc(d->pend_slots, sizeof *d->pend);
  if (!d->pend) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_status st = bloom_build(d, err);
  if (st != KG_OK) batch_drop(d);
  return st;
}

kg_status batch_grow(kg_dict *d, kg_error *err) {
  TRY(batch_flush(d, err));
  free(d->bloom); /* rebuilt for the new size, after the growth's peak */
  d->bloom = NULL;
  TRY(idx_build(d, d->cap * 2, err));
  if (d->pend) return bloom_build(d, err);
  return batch_start(d, err);
}

void batch_drop(kg_dict *d) {
  free(d->pend);
  free(d->bloom);
  d->pend = NULL;
  d->bloom = NULL;
  d->npend = 0;
}

kg_status dict_batch(kg_dict *d, int on, kg_error *err) {
  if (!on) {
    TRY(batch_flush(d, err));
    batch_drop(d);
    d->batch_on = 0;
    return KG_OK;
  }
  d->batch_on = d->idx_path && !d->readonly;
  return batch_start(d, err);
}
