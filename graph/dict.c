/* dict.c - the term dictionary: RDF terms <-> 32-bit ids (see dict.h). */
#include "dict.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "mfile.h"

/* The hash index: open addressing over slots of (hash, id), id 0 =
 * empty, at most half full. On disk it is the file terms.idx (a 64-byte
 * header, then the slots) mapped shared; in memory a heap array. */
typedef struct slot {
  uint64_t hash;
  uint32_t id;
  uint32_t pad;
} slot;

#define IDX_HEADER 64
static const char IDX_MAGIC[8] = "KGTIDX01";

struct kg_dict {
  mfile *dat, *off;            /* records and their offsets */
  kg_id count;
  int readonly;
  char *idx_path;              /* NULL in memory mode */
  unsigned char *map;          /* header + slots */
  size_t map_len;
  slot *slots;
  uint64_t cap, n;             /* slots, and slots in use */
  unsigned char *enc;          /* encoding scratch */
  size_t enc_cap;
};

/* ------------------------------------------------------------ records */

static int read_off(kg_dict *d, kg_id i, uint64_t *v) {
  const unsigned char *o = mfile_peek(d->off, (uint64_t)i * 8, 8);
  if (!o) return 0;
  memcpy(v, o, 8);
  return 1;
}

const unsigned char *dict_record(kg_dict *d, kg_id id, size_t *len) {
  uint64_t start, end;
  if (!id || id > d->count || !read_off(d, id - 1, &start)) return NULL;
  if (id == d->count) end = mfile_size(d->dat);
  else if (!read_off(d, id, &end)) return NULL;
  if (end < start) return NULL;
  *len = (size_t)(end - start);
  return mfile_at(d->dat, start, *len);
}

int dict_term(kg_dict *d, kg_id id, kg_term *out) {
  size_t len;
  const unsigned char *r = dict_record(d, id, &len);
  return r && kg_term_decode(r, len, out);
}

kg_id dict_count(const kg_dict *d) { return d->count; }

/* -------------------------------------------------------- hash index */

/* Compares a record with an encoding without forcing buffered appends
 * to disk. */
static int record_is(kg_dict *d, kg_id id, const unsigned char *enc,
                     size_t n) {
  uint64_t start, end;
  if (!id || id > d->count || !read_off(d, id - 1, &start)) return 0;
  if (id == d->count) end = mfile_size(d->dat);
  else if (!read_off(d, id, &end)) return 0;
  if (end < start || end - start != n) return 0;
  const unsigned char *r = mfile_peek(d->dat, start, n);
  return r && !memcmp(r, enc, n);
}

static void idx_unmap(kg_dict *d) {
  if (!d->map) return;
  if (d->idx_path) munmap(d->map, d->map_len);
  else free(d->map);
  d->map = NULL;
  d->slots = NULL;
}

/* Maps (disk, at `path`) or allocates (memory) a table of `cap` slots;
 * `fresh` empties it. */
static kg_status idx_map(kg_dict *d, const char *path, uint64_t cap,
                         int fresh, kg_error *err) {
  size_t len = IDX_HEADER + cap * sizeof(slot);
  if (!path) {
    d->map = calloc(1, len);
    if (!d->map) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  } else {
    int flags = d->readonly ? O_RDONLY : O_RDWR | O_CREAT;
    int fd = open(path, flags | (fresh ? O_TRUNC : 0) | O_CLOEXEC, 0644);
    if (fd < 0) return kg_err_errno(err, "cannot open", path);
    if (!d->readonly && ftruncate(fd, (off_t)len) < 0) {
      kg_status st = kg_err_errno(err, "cannot size", path);
      close(fd);
      return st;
    }
    int prot = d->readonly ? PROT_READ : PROT_READ | PROT_WRITE;
    void *m = mmap(NULL, len, prot, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return kg_err_errno(err, "cannot map", path);
    d->map = m;
  }
  d->map_len = len;
  d->slots = (slot *)(d->map + IDX_HEADER);
  d->cap = cap;
  d->n = 0;
  if (fresh) {
    memcpy(d->map, IDX_MAGIC, 8);
    memcpy(d->map + 8, &cap, 8);
  } else {
    for (uint64_t i = 0; i < cap; i++) d->n += d->slots[i].id != 0;
  }
  return KG_OK;
}

static void idx_put(kg_dict *d, uint64_t h, kg_id id) {
  uint64_t mask = d->cap - 1;
  for (uint64_t j = h & mask;; j = (j + 1) & mask) {
    if (!d->slots[j].id) {
      d->slots[j].hash = h;
      d->slots[j].id = id;
      d->n++;
      return;
    }
  }
}

/* Replaces the table with one of `cap` slots holding ids 1..count, built
 * from the records (a new file renamed over the old one). */
static kg_status idx_build(kg_dict *d, uint64_t cap, kg_error *err) {
  char *tmp = NULL;
  if (d->idx_path) {
    size_t n = strlen(d->idx_path) + 5;
    tmp = malloc(n);
    if (!tmp) return kg_err(err, KG_ERR_NOMEM, "out of memory");
    snprintf(tmp, n, "%s.new", d->idx_path);
  }
  unsigned char *old_map = d->map;
  size_t old_len = d->map_len;
  slot *old_slots = d->slots;
  uint64_t old_cap = d->cap, old_n = d->n;
  d->map = NULL;
  kg_status st = idx_map(d, tmp, cap, 1, err);
  if (st == KG_OK && old_map && old_n == d->count) {
    /* growing: the old table has every hash */
    for (uint64_t i = 0; i < old_cap; i++) {
      if (old_slots[i].id) idx_put(d, old_slots[i].hash, old_slots[i].id);
      /* the whole table is touched: keep the process small */
      if (d->idx_path && (i & ((1u << 20) - 1)) == (1u << 20) - 1) {
        madvise(d->map, d->map_len, MADV_DONTNEED);
        madvise(old_map, old_len, MADV_DONTNEED);
      }
    }
  } else {
    for (kg_id id = 1; st == KG_OK && id <= d->count; id++) {
      size_t len;
      const unsigned char *r = dict_record(d, id, &len);
      if (!r) st = kg_err(err, KG_ERR_CORRUPT, "term %u unreadable", id);
      else idx_put(d, kg_hash_bytes(r, len), id);
      if (d->idx_path && (id & ((1u << 18) - 1)) == 0) {
        madvise(d->map, d->map_len, MADV_DONTNEED);
        mfile_release(d->dat);
        mfile_release(d->off);
      }
    }
  }
  if (st == KG_OK && tmp && rename(tmp, d->idx_path) < 0)
    st = kg_err_errno(err, "cannot rename", tmp);
  if (st != KG_OK) {
    if (d->map) idx_unmap(d);
    if (tmp) unlink(tmp);
    d->map = old_map;
    d->map_len = old_len;
    d->slots = old_slots;
    d->cap = old_cap;
    d->n = old_n;
  } else if (old_map) {
    if (d->idx_path) munmap(old_map, old_len);
    else free(old_map);
  }
  free(tmp);
  return st;
}

static kg_id find_encoded(kg_dict *d, const unsigned char *enc, size_t n,
                          uint64_t h) {
  if (!d->cap) return 0;
  uint64_t mask = d->cap - 1;
  for (uint64_t j = h & mask; d->slots[j].id; j = (j + 1) & mask)
    if (d->slots[j].hash == h && record_is(d, d->slots[j].id, enc, n))
      return d->slots[j].id;
  return 0;
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

kg_id dict_find(kg_dict *d, const kg_term *t) {
  size_t n;
  if (!encode(d, t, &n)) return 0;
  return find_encoded(d, d->enc, n, kg_hash_bytes(d->enc, n));
}

kg_status dict_intern(kg_dict *d, const kg_term *t, kg_id *id, int *added,
                      kg_error *err) {
  size_t n;
  if (added) *added = 0;
  if (!encode(d, t, &n))
    return kg_err(err, t->kind ? KG_ERR_NOMEM : KG_ERR_ARG,
                  t->kind ? "out of memory" : "cannot store an unbound term");
  uint64_t h = kg_hash_bytes(d->enc, n);
  *id = find_encoded(d, d->enc, n, h);
  if (*id) return KG_OK;
  if (d->readonly) return kg_err(err, KG_ERR_READONLY, "store is read-only");
  if (d->count == KG_ID_MAX - 1)
    return kg_err(err, KG_ERR_UNSUPPORTED, "the store is full (2^32 terms)");
  if ((d->n + 1) * 2 > d->cap) TRY(idx_build(d, d->cap * 2, err));
  uint64_t off = 0;
  TRY(mfile_append(d->dat, d->enc, n, &off, err));
  kg_fault("dict-append");
  TRY(mfile_append(d->off, &off, 8, NULL, err));
  kg_id nid = ++d->count;
  idx_put(d, h, nid);
  /* a long load touches every page of the dictionary: let them go from
   * time to time so the process stays small */
  if (d->idx_path && (nid & ((1u << 16) - 1)) == 0) dict_release(d);
  *id = nid;
  if (added) *added = 1;
  return KG_OK;
}

/* --------------------------------------------------------- open/close */

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

/* Drops a partly written last record or offset (after a crash). */
static kg_status repair_tail(kg_dict *d, kg_error *err) {
  uint64_t osz = mfile_size(d->off);
  if (osz % 8 && !d->readonly) TRY(mfile_truncate(d->off, osz - osz % 8, err));
  d->count = (kg_id)(mfile_size(d->off) / 8);
  while (d->count) {
    uint64_t start;
    const unsigned char *o = mfile_at(d->off, (uint64_t)(d->count - 1) * 8, 8);
    if (!o) break;
    memcpy(&start, o, 8);
    uint64_t end = mfile_size(d->dat);
    kg_term t;
    const unsigned char *r =
        start < end ? mfile_at(d->dat, start, (size_t)(end - start)) : NULL;
    if (r && kg_term_decode(r, (size_t)(end - start), &t)) {
      size_t exact = kg_term_encode(&t, NULL, 0);
      if (exact <= end - start) {
        if (exact < end - start && !d->readonly)
          TRY(mfile_truncate(d->dat, start + exact, err));
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

/* Opens terms.idx if it is sound and covers every id. */
static int idx_usable(kg_dict *d, kg_error *err) {
  struct stat sb;
  if (stat(d->idx_path, &sb) < 0 || sb.st_size < IDX_HEADER) return 0;
  unsigned char h[16];
  FILE *f = fopen(d->idx_path, "rb");
  int ok = f && fread(h, 1, 16, f) == 16 && !memcmp(h, IDX_MAGIC, 8);
  if (f) fclose(f);
  uint64_t cap = 0;
  if (ok) memcpy(&cap, h + 8, 8);
  ok = ok && cap && !(cap & (cap - 1)) &&
       (uint64_t)sb.st_size == IDX_HEADER + cap * sizeof(slot);
  if (!ok || idx_map(d, d->idx_path, cap, 0, err) != KG_OK) return 0;
  if (d->n == d->count) return 1;
  idx_unmap(d);
  return 0;
}

kg_status dict_open(const char *dir, int create, int readonly, kg_dict **out,
                    kg_error *err) {
  *out = NULL;
  kg_dict *d = calloc(1, sizeof *d);
  if (!d) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  d->readonly = readonly;
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
  idx_unmap(d);
  mfile_close(d->dat);
  mfile_close(d->off);
  free(d->idx_path);
  free(d->enc);
  free(d);
}

kg_status dict_flush(kg_dict *d, kg_error *err) {
  TRY(mfile_flush(d->dat, err));
  return mfile_flush(d->off, err);
}

kg_status dict_sync(kg_dict *d, kg_error *err) {
  TRY(mfile_sync(d->dat, err));
  TRY(mfile_sync(d->off, err));
  if (d->idx_path && d->map && !d->readonly &&
      msync(d->map, d->map_len, MS_SYNC) < 0)
    return kg_err_errno(err, "cannot sync", d->idx_path);
  return KG_OK;
}

kg_status dict_truncate(kg_dict *d, kg_id count, kg_error *err) {
  if (count >= d->count) return KG_OK;
  uint64_t dat_size = 0;
  const unsigned char *o = mfile_at(d->off, (uint64_t)count * 8, 8);
  if (o) memcpy(&dat_size, o, 8);
  else if (count) return kg_err(err, KG_ERR_CORRUPT, "terms.off is short");
  TRY(mfile_truncate(d->off, (uint64_t)count * 8, err));
  TRY(mfile_truncate(d->dat, dat_size, err));
  d->count = count;
  return dict_reindex(d, err);
}

kg_status dict_reindex(kg_dict *d, kg_error *err) {
  d->n = UINT64_MAX; /* never trust the old table */
  return idx_build(d, cap_for(d->count), err);
}

void dict_release(kg_dict *d) {
  if (!d->idx_path) return;
  mfile_release(d->dat);
  mfile_release(d->off);
  if (d->map) madvise(d->map, d->map_len, MADV_DONTNEED);
}

kg_status dict_refresh(kg_dict *d, kg_error *err) {
  TRY(mfile_refresh(d->dat, err));
  TRY(mfile_refresh(d->off, err));
  d->count = (kg_id)(mfile_size(d->off) / 8);
  if (!d->idx_path) return KG_OK;
  idx_unmap(d);
  if (idx_usable(d, err)) return KG_OK;
  return d->readonly ? kg_err(err, KG_ERR_CORRUPT, "%s is stale", d->idx_path)
                     : dict_reindex(d, err);
}
