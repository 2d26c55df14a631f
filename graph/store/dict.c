/* dict.c - the term dictionary: RDF terms <-> 32-bit ids (see dict.h):
 * lookups, interning, opening and following other processes. */
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

/* The id of an encoded term, 0 if absent or when terms.idx cannot be
 * read (d->io_errno set). */
static kg_id find_encoded(kg_dict *d, const unsigned char *enc, size_t n,
                          uint64_t h) {
  if (!d->cap) return 0;
  if (d->pend) {
    /* a bulk load's batch: most of its terms are certainly new */
    if (!batch_maybe(d, h)) return 0;
    kg_id id = batch_find(d, enc, n, h);
    if (id) return id;
  }
  uint64_t mask = d->cap - 1;
  for (uint64_t j = h & mask;; j = (j + 1) & mask) {
    const slot *s = slot_at(d, j, 0);
    if (s && !slot_ok(s)) {
      if (!d->bad_idx) d->bad_idx = j + 1;
      return 0;
    }
    if (!s || !s->id) return 0;
    /* an id past count: a term another process added after the commit
     * this one reads, or one a writer that died left: not ours */
    if (s->hash == h && s->id <= d->count) {
      kg_id id = s->id; /* record_is does not move the pool */
      if (record_is(d, id, enc, n)) return id;
    }
  }
}

static int encode(kg_dict *d, const kg_term *t, size_t *n) {
  size_t need = kg_term_encode(t, NULL, 0);
  if (!need) return 0;
  if (need > d->enc_cap) {
    size_t cap = need < 256 ? 256 : need * 2;
    unsigned char *e = realloc(d->enc, cap);
    if (!e) return 0;
    d->enc = e;
    d->enc_cap = cap;
  }
  *n = kg_term_encode(t, d->enc, d->enc_cap);
  return *n != 0;
}

static centry *cache_slot(kg_dict *d, uint64_t h) {
  return &d->cache[h >> (64 - CACHE_BITS)];
}

static void cache_put(kg_dict *d, const unsigned char *enc, size_t n,
                      uint64_t h, kg_id id) {
  if (!d->cache || n > CACHE_ENC) return;
  centry *c = cache_slot(d, h);
  c->hash = h;
  c->id = id;
  c->len = (uint16_t)n;
  memcpy(c->enc, enc, n);
}

/* Ids may go (truncation, another process's changes): forget them. */
static void cache_clear(kg_dict *d) {
  free(d->cache);
  d->cache = NULL;
}

/* A number or date an earlier kgsh stored as a record keeps its record's
 * id: the dictionary is asked first, so every term has one id. */
kg_id dict_find(kg_dict *d, const kg_term *t) {
  size_t n;
  if (!encode(d, t, &n)) return 0;
  kg_id id = find_encoded(d, d->enc, n, kg_hash_bytes(d->enc, n));
  return id ? id : inline_id(t);
}

static kg_status intern(kg_dict *d, const kg_term *t, int inlined, kg_id *id,
                        int *added, kg_error *err) {
  size_t n;
  if (added) *added = 0;
  if (!encode(d, t, &n))
    return kg_err(err, t->kind ? KG_ERR_NOMEM : KG_ERR_ARG,
                  t->kind ? "out of memory" : "cannot store an unbound term");
  uint64_t h = kg_hash_bytes(d->enc, n);
  if (!d->cache && d->idx_path && !d->readonly)
    d->cache = calloc((size_t)1 << CACHE_BITS, sizeof *d->cache);
  if (d->cache) {
    centry *c = cache_slot(d, h);
    if (c->id && c->hash == h && c->len == n && !memcmp(c->enc, d->enc, n)) {
      *id = c->id;
      return KG_OK;
    }
  }
  d->io_errno = 0;
  *id = find_encoded(d, d->enc, n, h);
  if (d->io_errno)
    return kg_err(err, KG_ERR_IO, "cannot read %s: %s", d->idx_path,
                  strerror(d->io_errno));
  /* a term not found past damage may be there: never add it twice */
  if (!*id) TRY(dict_damaged(d, err));
  if (!*id && inlined) *id = inline_id(t);
  if (*id) {
    cache_put(d, d->enc, n, h, *id);
    return KG_OK;
  }
  if (d->readonly) return kg_err(err, KG_ERR_READONLY, "store is read-only");
  if (d->count >= DICT_RECORDS_MAX)
    return kg_err(err, KG_ERR_UNSUPPORTED, "the store is full (2^30 terms)");
  if ((d->n + d->npend + 1) * 2 > d->cap) TRY(batch_grow(d, err));
  uint64_t off = 0;
  if (mfile_size(d->dat) + n > OFF_MASK)
    return kg_err(err, KG_ERR_UNSUPPORTED, "the store is full (1 TB of terms)");
  TRY(mfile_append(d->dat, d->enc, n, &off, err));
  kg_fault("dict-append");
  uint64_t entry = off_entry(off, d->enc, n);
  TRY(mfile_append(d->off, &entry, 8, NULL, err));
  kg_id nid = ++d->count;
  if (d->pend) TRY(batch_put(d, h, nid, err));
  else if (idx_put(d, h, nid) < 0)
    return kg_err(err, KG_ERR_IO, "cannot read %s: %s", d->idx_path,
                  strerror(d->io_errno));
  cache_put(d, d->enc, n, h, nid);
  *id = nid;
  if (added) *added = 1;
  return KG_OK;
}

kg_status dict_intern(kg_dict *d, const kg_term *t, kg_id *id, int *added,
                      kg_error *err) {
  return intern(d, t, 1, id, added, err);
}

kg_status dict_intern_record(kg_dict *d, const kg_term *t, kg_id *id,
                             kg_error *err) {
  return intern(d, t, 0, id, NULL, err);
}

static char *path_join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s", dir, name);
  return p;
}

static uint64_t cap_for(uint64_t count) {
  uint64_t cap = 4096;
  while (cap < (count + 1) * 2) cap *= 2;
  return cap;
}

/* A dictionary with no files yet; NULL when out of memory. */
static kg_dict *dict_new(int readonly) {
  kg_dict *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->readonly = readonly;
  d->idx_fd = -1;
  const char *pool = getenv("KG_DICT_POOL");
  d->pool_blocks = pool && atol(pool) > 0 ? (size_t)atol(pool) : POOL_BLOCKS;
  d->pend_slots = batch_slots();
  return d;
}

kg_status dict_open(const char *dir, int create, int readonly, kg_dict **out,
                    kg_error *err) {
  *out = NULL;
  kg_dict *d = dict_new(readonly);
  if (!d) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_status st = KG_OK;
  char *dat = dir ? path_join(dir, "terms.dat") : NULL;
  char *off = dir ? path_join(dir, "terms.off") : NULL;
  if (dir) d->idx_path = path_join(dir, "terms.idx");
  if (dir && (!dat || !off || !d->idx_path)) {
    st = kg_err(err, KG_ERR_NOMEM, "out of memory");
    goto done;
  }
  st = mfile_open(dat, create, readonly, &d->dat, err);
  if (st == KG_OK) st = mfile_open(off, create, readonly, &d->off, err);
  if (st == KG_OK) st = repair_tail(d, err);
  if (st == KG_OK && d->count > DICT_RECORDS_MAX)
    st = kg_err(err, KG_ERR_UNSUPPORTED,
                "%s holds more terms than this kgsh can number (2^30)", dat);
  if (st != KG_OK) goto done;
  if (dir && idx_usable(d, err)) goto done;
  if (readonly)
    st = kg_err(err, KG_ERR_CORRUPT,
                "%s is missing or stale; open the store writable once to "
                "rebuild it",
                d->idx_path);
  else
    st = idx_build(d, cap_for(d->count), err);
done:
  free(dat);
  free(off);
  if (st != KG_OK) {
    dict_close(d);
    return st;
  }
  *out = d;
  return KG_OK;
}

void dict_close(kg_dict *d) {
  if (!d) return;
  if (d->idx_fd >= 0) {
    kg_error e;
    if (batch_flush(d, &e) == KG_OK) pool_flush(d, &e);
    close(d->idx_fd);
  }
  pool_drop(d);
  batch_drop(d);
  table_free(&d->mem);
  mfile_close(d->dat);
  mfile_close(d->off);
  free(d->idx_path);
  free(d->enc);
  free(d->cache);
  inline_texts_free(&d->texts);
  free(d);
}

kg_status dict_flush(kg_dict *d, kg_error *err) {
  TRY(mfile_flush(d->dat, err));
  TRY(mfile_flush(d->off, err));
  TRY(batch_flush(d, err));
  return pool_flush(d, err);
}

kg_status dict_sync(kg_dict *d, kg_error *err) {
  TRY(mfile_sync(d->dat, err));
  TRY(mfile_sync(d->off, err));
  TRY(batch_flush(d, err));
  TRY(pool_flush(d, err));
  if (d->idx_fd >= 0 && !d->readonly && fdatasync(d->idx_fd) < 0)
    return kg_err_errno(err, "cannot sync", d->idx_path);
  return KG_OK;
}

kg_status dict_truncate(kg_dict *d, kg_id count, kg_error *err) {
  if (count >= d->count) return KG_OK;
  uint64_t dat_size = 0;
  const unsigned char *o = mfile_at(d->off, (uint64_t)count * 8, 8);
  if (o) memcpy(&dat_size, o, 8), dat_size &= OFF_MASK;
  else if (count) return kg_err(err, KG_ERR_CORRUPT, "terms.off is short");
  TRY(mfile_truncate(d->off, (uint64_t)count * 8, err));
  TRY(mfile_truncate(d->dat, dat_size, err));
  d->count = count;
  return dict_reindex(d, err);
}

kg_status dict_forget(kg_dict *d, kg_id count, kg_error *err) {
  /* the batch's terms are removed below like the others; when it cannot
   * be written, terms.idx is rebuilt from the records kept instead */
  kg_error e;
  if (dict_batch(d, 0, &e) != KG_OK) batch_drop(d);
  if (count >= d->count || d->readonly) return KG_OK;
  if (d->n != d->count) return dict_truncate(d, count, err);
  cache_clear(d);
  for (kg_id id = d->count; id > count; id--) {
    size_t len;
    const unsigned char *r = dict_record(d, id, &len);
    if (!r) return kg_err(err, KG_ERR_CORRUPT, "term %u unreadable", id);
    if (idx_remove(d, kg_hash_bytes(r, len), id) < 0)
      return kg_err(err, KG_ERR_IO, "cannot read %s: %s", d->idx_path,
                    strerror(d->io_errno));
  }
  uint64_t dat_size = 0;
  if (count && !read_off(d, count, &dat_size))
    return kg_err(err, KG_ERR_CORRUPT, "terms.off is short");
  TRY(mfile_truncate(d->off, (uint64_t)count * 8, err));
  TRY(mfile_truncate(d->dat, dat_size, err));
  d->count = count;
  d->dat_end = 0;
  return pool_flush(d, err);
}

kg_status dict_reindex(kg_dict *d, kg_error *err) {
  cache_clear(d);
  batch_drop(d); /* the rebuild reads every record */
  uint64_t n = d->n;
  d->n = UINT64_MAX; /* never trust the old table */
  kg_status st = idx_build(d, cap_for(d->count), err);
  if (st != KG_OK) d->n = n;
  return st;
}

kg_status dict_trim(kg_dict *d, kg_error *err) {
  TRY(dict_batch(d, 0, err));
  TRY(pool_flush(d, err));
  pool_drop(d);
  cache_clear(d);
  return KG_OK;
}

kg_status dict_open_shared(const char *dir, int readonly, kg_dict **out,
                           kg_error *err) {
  *out = NULL;
  kg_dict *d = dict_new(readonly);
  if (!d) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  char *dat = path_join(dir, "terms.dat"), *off = path_join(dir, "terms.off");
  d->idx_path = path_join(dir, "terms.idx");
  kg_status st = dat && off && d->idx_path
                     ? mfile_open(dat, 0, readonly, &d->dat, err)
                     : kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (st == KG_OK) st = mfile_open(off, 0, readonly, &d->off, err);
  free(dat);
  free(off);
  if (st == KG_OK) {
    d->count = 0; /* dict_follow sets it from the commit read */
    st = idx_attach_header(d, err);
  }
  if (st != KG_OK) {
    dict_close(d);
    return st;
  }
  *out = d;
  return KG_OK;
}

kg_status dict_follow(kg_dict *d, kg_id count, int write, kg_error *err) {
  if (!d->idx_path) return KG_OK;
  kg_id old = d->count;
  if (write) TRY(dict_flush(d, err)); /* stale blocks must not wait */
  uint64_t dat = mfile_size(d->dat), off = mfile_size(d->off);
  TRY(mfile_refresh(d->dat, err));
  TRY(mfile_refresh(d->off, err));
  /* a writer's files as it left them: no other process added terms */
  if (write && dat == mfile_size(d->dat) && off == mfile_size(d->off) &&
      off / 8 == old) {
    d->dat_end = 0; /* a writer's last record ends the file */
    return KG_OK;
  }
  kg_id have = (kg_id)(mfile_size(d->off) / 8);
  if (write) {
    /* every record in the files is ours to number after */
    TRY(repair_tail(d, err));
    d->dat_end = 0;
    if (d->count < old) cache_clear(d);
    d->n = d->count;
  } else {
    d->count = count < have ? count : have;
    d->dat_end = 0;
    if (d->count && d->count == have) {
      /* the last record's end: terms.dat may hold a writer's next ones */
      uint64_t start;
      const unsigned char *o = mfile_at(d->off, (uint64_t)(have - 1) * 8, 8);
      kg_term t;
      const unsigned char *r = NULL;
      if (o) memcpy(&start, o, 8), start &= OFF_MASK;
      if (o && start < mfile_size(d->dat))
        r = mfile_at(d->dat, start, (size_t)(mfile_size(d->dat) - start));
      if (r && kg_term_decode(r, (size_t)(mfile_size(d->dat) - start), &t))
        d->dat_end = start + kg_term_encode(&t, NULL, 0);
    }
  }
  if (d->count != old) {
    pool_drop(d);
    batch_drop(d); /* written out above: only a writer batches */
  }
  /* a writer that grew or rebuilt terms.idx renamed a new file over it */
  struct stat a, b;
  if (d->idx_fd >= 0 && fstat(d->idx_fd, &a) == 0 &&
      stat(d->idx_path, &b) == 0 && a.st_ino != b.st_ino)
    TRY(idx_attach_header(d, err));
  if (write) d->n = d->count;
  return KG_OK;
}

kg_id dict_count(const kg_dict *d) { return d->count; }

kg_status dict_verify(kg_dict *d, unsigned long long *unsummed,
                      kg_error *err) {
  *unsummed = 0;
  for (kg_id id = 1; id <= d->count; id++) {
    size_t len;
    kg_term t;
    const unsigned char *r = dict_record(d, id, &len);
    const unsigned char *o = mfile_peek(d->off, (uint64_t)(id - 1) * 8, 8);
    if (!r || !o || !kg_term_decode(r, len, &t)) {
      if (!d->bad_id) d->bad_id = id;
      return dict_damaged(d, err);
    }
    if (!(o[7] & 0x80)) ++*unsummed; /* OFF_SUMMED, little-endian */
    if (d->idx_path && dict_find(d, &t) != id) {
      TRY(dict_damaged(d, err));
      return kg_err(err, KG_ERR_CORRUPT,
                    "store damaged: %s does not find term %u", d->idx_path,
                    id);
    }
  }
  /* every slot: sound, and as many in use as there are terms */
  uint64_t used = 0;
  for (uint64_t j = 0; d->idx_path && j < d->cap; j++) {
    const slot *sl = slot_at(d, j, 0);
    if (!sl)
      return kg_err(err, KG_ERR_CORRUPT, "store damaged: %s cannot be read: %s",
                    d->idx_path, strerror(d->io_errno));
    if (!slot_ok(sl)) {
      d->bad_idx = j + 1;
      return dict_damaged(d, err);
    }
    used += sl->id != 0;
  }
  if (d->idx_path && used != d->count)
    return kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: %s holds %llu terms, the records %u",
                  d->idx_path, (unsigned long long)used, d->count);
  return KG_OK;
}
