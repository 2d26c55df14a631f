/* dict_rec.c - the dictionary's records: terms.dat and the offsets in
 * terms.off (see dict.h). */
#include "store/dict_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "fdio.h"

#include <zlib.h>

/* Counts a read of the mapped record files (terms.dat, terms.off) while
 * the dictionary is bounded (dict_bound: a large load, a checkpoint).
 * Read at random, records larger than memory wants would end up mapped
 * whole, so every TOUCH_CHECK reads the process looks at its mapped file
 * pages (RssFile): when they exceed by RESIDENT_MAX what they were after
 * the last release, the pages go (they stay in the page cache). */
void touched(kg_dict *d) {
  if (!d->bounded || --d->until_check > 0) return;
  d->until_check = TOUCH_CHECK;
  uint64_t r = mfile_resident();
  if (!r) {
    /* no /proc: release every RESIDENT_MAX / 64 KB reads */
    d->until_check = RESIDENT_MAX / (64 << 10);
    dict_release(d);
    return;
  }
  if (r < d->floor) d->floor = r;
  if (r > d->floor + RESIDENT_MAX) {
    dict_release(d);
    d->floor = mfile_resident();
  }
}

/* An entry of terms.off: the record's offset in terms.dat in the low
 * OFF_BITS bits; since store version 2 also OFF_SUMMED and, in the bits
 * between, the low 23 bits of the record's CRC-32. Entries an earlier
 * kgsh wrote have no checksum until dict_sum_all gives them one. */
uint64_t off_entry(uint64_t off, const unsigned char *rec, size_t n) {
  uint64_t c = (uint64_t)crc32(0L, rec, (uInt)n) & 0x7fffff;
  return off | c << OFF_BITS | OFF_SUMMED;
}

static int entry_ok(uint64_t e, const unsigned char *rec, size_t n) {
  return !(e & OFF_SUMMED) ||
         off_entry(e & OFF_MASK, rec, n) == e;
}

static int read_entry(kg_dict *d, kg_id i, uint64_t *v) {
  const unsigned char *o = mfile_peek(d->off, (uint64_t)i * 8, 8);
  if (!o) return 0;
  memcpy(v, o, 8);
  return 1;
}

int read_off(kg_dict *d, kg_id i, uint64_t *v) {
  if (!read_entry(d, i, v)) return 0;
  *v &= OFF_MASK;
  return 1;
}

/* Where record id lies: its entry and its end. 0 when it cannot be read
 * (a map failed, or an entry past the end). */
static int locate(kg_dict *d, kg_id id, uint64_t *entry, uint64_t *end) {
  if (!id || id > d->count || !read_entry(d, id - 1, entry)) return 0;
  touched(d);
  /* the last id's record ends where the next entry (a term a writer
   * added after the commit this process reads, or one a failed
   * transaction left) begins, or else at the end of the records */
  if (id < d->count) return read_off(d, id, end);
  if (mfile_size(d->off) > (uint64_t)id * 8 && read_off(d, id, end)) return 1;
  *end = d->dat_end ? d->dat_end : mfile_size(d->dat);
  return 1;
}

const unsigned char *dict_record(kg_dict *d, kg_id id, size_t *len) {
  uint64_t e, end;
  if (!locate(d, id, &e, &end)) return NULL;
  uint64_t start = e & OFF_MASK;
  const unsigned char *r =
      end >= start ? mfile_at(d->dat, start, (size_t)(end - start)) : NULL;
  if (end < start || (r && !entry_ok(e, r, (size_t)(end - start)))) {
    if (!d->bad_id) d->bad_id = id;
    return NULL;
  }
  *len = (size_t)(end - start);
  return r;
}

int dict_term(kg_dict *d, kg_id id, kg_term *out) {
  if (inline_is(id)) {
    int r = inline_term(&d->texts, id, out);
    if (r < 0 && !d->bad_id) d->bad_id = id; /* no literal: damage */
    return r > 0;
  }
  size_t len;
  const unsigned char *r = dict_record(d, id, &len);
  if (r && kg_term_decode(r, len, out)) return 1;
  if (r && !d->bad_id) d->bad_id = id; /* summed, yet no term */
  return 0;
}

/* Compares a record with an encoding without forcing buffered appends
 * to disk. A record that differs and fails its checksum is damage
 * (d->bad_id): the index pointed at it for this term's hash. */
int record_is(kg_dict *d, kg_id id, const unsigned char *enc, size_t n) {
  uint64_t e, end;
  if (!locate(d, id, &e, &end)) return 0;
  uint64_t start = e & OFF_MASK;
  if (end >= start && end - start == n) {
    const unsigned char *r = mfile_peek(d->dat, start, n);
    if (r && !memcmp(r, enc, n)) return 1;
  }
  size_t len;
  dict_record(d, id, &len); /* sets bad_id when the record is damaged */
  return 0;
}

kg_status dict_damaged(kg_dict *d, kg_error *err) {
  if (d->bad_idx)
    return kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: %s, slot %llu: checksum mismatch",
                  d->idx_path ? d->idx_path : "terms.idx",
                  (unsigned long long)d->bad_idx - 1);
  if (!d->bad_id) return KG_OK;
  if (inline_is(d->bad_id))
    return kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: a statement holds id %u, which is no "
                  "term (the index files)",
                  d->bad_id);
  return kg_err(err, KG_ERR_CORRUPT,
                "store damaged: %s, term %u: checksum mismatch "
                "(terms.dat or terms.off)",
                d->dat ? mfile_path(d->dat) : "the dictionary", d->bad_id);
}

kg_status dict_sum_all(kg_dict *d, kg_error *err) {
  for (kg_id id = 1; id <= d->count; id++) {
    uint64_t e, end;
    if (!locate(d, id, &e, &end))
      return kg_err(err, KG_ERR_NOMEM, "cannot map %s", mfile_path(d->off));
    if (e & OFF_SUMMED) continue;
    size_t len;
    const unsigned char *r = dict_record(d, id, &len);
    kg_term t;
    if (!r || !kg_term_decode(r, len, &t))
      return kg_err(err, KG_ERR_CORRUPT,
                    "store damaged: %s, term %u cannot be read",
                    mfile_path(d->dat), id);
    uint64_t ne = off_entry(e, r, len);
    TRY(mfile_write_at(d->off, (uint64_t)(id - 1) * 8, &ne, 8, err));
  }
  return mfile_sync(d->off, err);
}

/* Drops a partly written last record or offset (after a crash). */
kg_status repair_tail(kg_dict *d, kg_error *err) {
  uint64_t osz = mfile_size(d->off);
  if (osz % 8 && !d->readonly) TRY(mfile_truncate(d->off, osz - osz % 8, err));
  d->count = (kg_id)(mfile_size(d->off) / 8);
  while (d->count) {
    uint64_t start;
    const unsigned char *o = mfile_at(d->off, (uint64_t)(d->count - 1) * 8, 8);
    /* in range, so NULL is a map that failed (no memory or address
     * space): an error, never a reason to cut committed terms */
    if (!o) return kg_err(err, KG_ERR_NOMEM, "cannot map %s", mfile_path(d->off));
    memcpy(&start, o, 8);
    start &= OFF_MASK;
    uint64_t end = mfile_size(d->dat);
    kg_term t;
    const unsigned char *r =
        start < end ? mfile_at(d->dat, start, (size_t)(end - start)) : NULL;
    if (start < end && !r)
      return kg_err(err, KG_ERR_NOMEM, "cannot map %s", mfile_path(d->dat));
    if (r && kg_term_decode(r, (size_t)(end - start), &t)) {
      size_t exact = kg_term_encode(&t, NULL, 0);
      if (exact <= end - start) {
        /* more after it: a writer's terms not yet numbered */
        if (exact < end - start && !d->readonly)
          TRY(mfile_truncate(d->dat, start + exact, err));
        d->dat_end = exact < end - start && d->readonly ? start + exact : 0;
        return KG_OK;
      }
    }
    if (d->readonly) return kg_err(err, KG_ERR_CORRUPT, "terms.dat is damaged");
    /* the last record is incomplete: forget it */
    TRY(mfile_truncate(d->off, (uint64_t)(d->count - 1) * 8, err));
    TRY(mfile_truncate(d->dat, start < end ? start : end, err));
    d->count--;
  }
  return KG_OK;
}

void dict_release(kg_dict *d) {
  if (!d->idx_path) return;
  mfile_release(d->dat);
  mfile_release(d->off);
}

void dict_bound(kg_dict *d, int on) {
  d->bounded = on && d->idx_path;
  if (!d->bounded) return;
  /* what the process maps besides these pages */
  dict_release(d);
  d->floor = mfile_resident();
}
