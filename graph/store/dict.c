/* dict.c - the term dictionary: RDF terms <-> 32-bit ids (see dict.h). */
#include "store/dict.h"

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
#include "store/mfile.h"

/* The hash index: open addressing over slots of (hash, id), id 0 =
 * empty, at most half full. In memory it is a heap array. On disk it is
 * the file terms.idx (a 64-byte header, then the slots), read and
 * written in blocks of BLOCK_SLOTS slots through a pool of POOL_BLOCKS
 * frames: a table larger than the pool costs a read per lookup, never a
 * page of the process, so a long load stays the same size. */
typedef struct slot {
  uint64_t hash;
  uint32_t id;
  uint32_t pad;
} slot;

#define IDX_HEADER 64

enum {
  TOUCH_CHECK = 64,           /* reads of the files between checks */
  RESIDENT_MAX = 16 << 20,    /* file pages mapped in before a release */
  CACHE_BITS = 16,            /* a writer's cache of recent terms */
  CACHE_ENC = 84,             /* longest encoding it keeps */
  BLOCK_SLOTS = 256,          /* slots per block of terms.idx: 4 KB */
  POOL_BLOCKS = 4096          /* blocks in the pool: 16 MB (KG_DICT_POOL
                                 sets another number, for tests) */
};

/* The cache: a term's encoding, hash and id in the slot of its hash.
 * Most terms of a load are ones it has just seen (predicates, classes,
 * the subject of the previous triple); the cache answers those without
 * reading the files. */
typedef struct centry {
  uint64_t hash;
  kg_id id;                   /* 0 = empty */
  uint16_t len;
  unsigned char enc[CACHE_ENC];
} centry;

static const char IDX_MAGIC[8] = "KGTIDX01";

/* A block of terms.idx in the pool. */
typedef struct frame {
  uint64_t block;             /* block number + 1, 0 = empty */
  int dirty;
  slot s[BLOCK_SLOTS];
} frame;

/* A whole table at once: memory mode's index, or a new terms.idx being
 * built (mapped). */
typedef struct table {
  unsigned char *map;         /* header + slots */
  size_t len;
  slot *slots;
  int mapped;
} table;

struct kg_dict {
  mfile *dat, *off;            /* records and their offsets */
  kg_id count;
  uint64_t dat_end;            /* end of the last record when terms.dat
                                  holds more (a writer's, not yet
                                  committed); 0 = the file's end */
  int readonly;
  char *idx_path;              /* NULL in memory mode */
  int idx_fd;                  /* disk: terms.idx, or -1 */
  frame *pool;                 /* disk: its blocks; NULL until used */
  size_t pool_blocks;
  int io_errno;                /* a read or write of terms.idx failed */
  table mem;                   /* memory mode: the index */
  uint64_t cap, n;             /* slots, and slots in use */
  unsigned char *enc;          /* encoding scratch */
  size_t enc_cap;
  centry *cache;               /* writers on disk only; NULL until used */
  int bounded;                 /* dict_bound: keep the mapped pages few */
  int64_t until_check;         /* record reads before touched() looks */
  uint64_t floor;              /* file pages mapped after the last release */
};

/* Counts a read of the mapped record files (terms.dat, terms.off) while
 * the dictionary is bounded (dict_bound: a large load, a checkpoint).
 * Read at random, records larger than memory wants would end up mapped
 * whole, so every TOUCH_CHECK reads the process looks at its mapped file
 * pages (RssFile): when they exceed by RESIDENT_MAX what they were after
 * the last release, the pages go (they stay in the page cache). */
static void touched(kg_dict *d) {
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
  touched(d);
  if (id == d->count) end = d->dat_end ? d->dat_end : mfile_size(d->dat);
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
  touched(d);
  if (id == d->count) end = d->dat_end ? d->dat_end : mfile_size(d->dat);
  else if (!read_off(d, id, &end)) return 0;
  if (end < start || end - start != n) return 0;
  const unsigned char *r = mfile_peek(d->dat, start, n);
  return r && !memcmp(r, enc, n);
}

/* Frame i of the pool to or from its block of terms.idx. */
static int frame_io(kg_dict *d, frame *f, int write) {
  uint64_t at = IDX_HEADER + (f->block - 1) * sizeof f->s;
  if (write) {
    if (fd_write_full(d->idx_fd, f->s, sizeof f->s, at, NULL) < 0) {
      d->io_errno = errno;
      return -1;
    }
    f->dirty = 0;
    return 0;
  }
  long long got = fd_read_full(d->idx_fd, f->s, sizeof f->s, at);
  if (got != (long long)sizeof f->s) {
    d->io_errno = got < 0 ? errno : EIO; /* a short block: the file was cut */
    return -1;
  }
  return 0;
}

/* Slot j of the index (valid until the next call), NULL on a failed
 * read (d->io_errno says why). `write`: the caller changes it, so its
 * block is written back. */
static slot *slot_at(kg_dict *d, uint64_t j, int write) {
  if (!d->idx_path) return &d->mem.slots[j];
  if (!d->pool && !(d->pool = calloc(d->pool_blocks, sizeof *d->pool))) {
    d->io_errno = ENOMEM;
    return NULL;
  }
  uint64_t b = j / BLOCK_SLOTS;
  frame *f = &d->pool[b % d->pool_blocks];
  if (f->block != b + 1) {
    if (f->dirty && frame_io(d, f, 1) < 0) return NULL;
    f->block = b + 1;
    if (frame_io(d, f, 0) < 0) {
      f->block = 0;
      return NULL;
    }
  }
  if (write) f->dirty = 1;
  return &f->s[j % BLOCK_SLOTS];
}

/* Writes the changed blocks to terms.idx. */
static kg_status pool_flush(kg_dict *d, kg_error *err) {
  for (size_t i = 0; d->pool && i < d->pool_blocks; i++)
    if (d->pool[i].dirty && frame_io(d, &d->pool[i], 1) < 0)
      return kg_err(err, KG_ERR_IO, "cannot write %s: %s", d->idx_path,
                    strerror(d->io_errno));
  return KG_OK;
}

/* Forgets the pool (after terms.idx was replaced or changed by another
 * process). */
static void pool_drop(kg_dict *d) {
  free(d->pool);
  d->pool = NULL;
}

static void table_free(table *t) {
  if (!t->map) return;
  if (t->mapped) munmap(t->map, t->len);
  else free(t->map);
  t->map = NULL;
  t->slots = NULL;
}

/* An empty table of `cap` slots: heap (path NULL) or a new file mapped. */
static kg_status table_new(table *t, const char *path, uint64_t cap,
                           kg_error *err) {
  size_t len = IDX_HEADER + cap * sizeof(slot);
  *t = (table){0};
  if (!path) {
    t->map = calloc(1, len);
    if (!t->map) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  } else {
    int fd = fd_open_store(path, O_RDWR | O_CREAT | O_TRUNC);
    if (fd < 0) return kg_err_errno(err, "cannot open", path);
    if (ftruncate(fd, (off_t)len) < 0) {
      kg_status st = kg_err_errno(err, "cannot size", path);
      close(fd);
      return st;
    }
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return kg_err_errno(err, "cannot map", path);
    t->map = m;
    t->mapped = 1;
  }
  t->len = len;
  t->slots = (slot *)(t->map + IDX_HEADER);
  memcpy(t->map, IDX_MAGIC, 8);
  memcpy(t->map + 8, &cap, 8);
  return KG_OK;
}

static void table_put(table *t, uint64_t cap, uint64_t h, kg_id id) {
  uint64_t mask = cap - 1;
  uint64_t j = h & mask;
  while (t->slots[j].id) j = (j + 1) & mask;
  t->slots[j].hash = h;
  t->slots[j].id = id;
}

/* Adds (h, id) to the index; -1 when terms.idx cannot be read. */
static int idx_put(kg_dict *d, uint64_t h, kg_id id) {
  uint64_t mask = d->cap - 1;
  for (uint64_t j = h & mask;; j = (j + 1) & mask) {
    /* probes rarely leave the block they end in: mark each written */
    slot *s = slot_at(d, j, 1);
    if (!s) return -1;
    if (s->id) continue;
    s->hash = h;
    s->id = id;
    d->n++;
    return 0;
  }
}

/* Opens terms.idx for the pool. */
static kg_status idx_attach(kg_dict *d, uint64_t cap, uint64_t n,
                            kg_error *err) {
  int fd = open(d->idx_path, (d->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return kg_err_errno(err, "cannot open", d->idx_path);
  if (d->idx_fd >= 0) close(d->idx_fd);
  pool_drop(d);
  d->idx_fd = fd;
  d->cap = cap;
  d->n = n;
  return KG_OK;
}

static kg_status idx_rebuild(kg_dict *d, const char *tmp, uint64_t cap,
                             kg_error *err);

/* Replaces the index with one of `cap` slots holding ids 1..count: from
 * the old index when it is complete (growing), else from the records
 * (on disk: idx_rebuild). On disk the new table is written to
 * terms.idx.new and renamed. */
static kg_status idx_build(kg_dict *d, uint64_t cap, kg_error *err) {
  char *tmp = NULL;
  if (d->idx_path) {
    size_t n = strlen(d->idx_path) + 5;
    tmp = malloc(n);
    if (!tmp) return kg_err(err, KG_ERR_NOMEM, "out of memory");
    snprintf(tmp, n, "%s.new", d->idx_path);
    if (!d->cap || d->n != d->count) {
      kg_status st = idx_rebuild(d, tmp, cap, err);
      free(tmp);
      return st;
    }
  }
  table t;
  kg_status st = table_new(&t, tmp, cap, err);
  uint64_t n = 0;
  if (st == KG_OK && d->cap && d->n == d->count) {
    /* growing: the old table has every hash, read in file order; each
     * old block lands in two runs of the new table */
    for (uint64_t i = 0; st == KG_OK && i < d->cap; i++) {
      const slot *s = slot_at(d, i, 0);
      if (!s) st = kg_err(err, KG_ERR_IO, "cannot read %s: %s", d->idx_path,
                          strerror(d->io_errno));
      else if (s->id) table_put(&t, cap, s->hash, s->id), n++;
      if (t.mapped && (i & ((1u << 20) - 1)) == (1u << 20) - 1)
        madvise(t.map, t.len, MADV_DONTNEED);
    }
  } else {
    for (kg_id id = 1; st == KG_OK && id <= d->count; id++) {
      size_t len;
      const unsigned char *r = dict_record(d, id, &len);
      if (!r) st = kg_err(err, KG_ERR_CORRUPT, "term %u unreadable", id);
      else table_put(&t, cap, kg_hash_bytes(r, len), id), n++;
    }
  }
  if (st == KG_OK && !tmp) {
    table_free(&d->mem);
    d->mem = t;
    d->cap = cap;
    d->n = n;
  } else {
    table_free(&t);
  }
  if (st == KG_OK && tmp && rename(tmp, d->idx_path) < 0)
    st = kg_err_errno(err, "cannot rename", tmp);
  if (st == KG_OK && tmp) st = idx_attach(d, cap, n, err);
  if (st != KG_OK && tmp) unlink(tmp);
  free(tmp);
  return st;
}

/* Rebuilds terms.idx from the records: written to `tmp` through the
 * pool (a table filled at random through a map would become resident
 * whole), with the records' pages bounded, then renamed. */
static kg_status idx_rebuild(kg_dict *d, const char *tmp, uint64_t cap,
                             kg_error *err) {
  int fd = fd_open_store(tmp, O_RDWR | O_CREAT | O_TRUNC);
  if (fd < 0) return kg_err_errno(err, "cannot open", tmp);
  unsigned char head[IDX_HEADER] = {0};
  memcpy(head, IDX_MAGIC, 8);
  memcpy(head + 8, &cap, 8);
  kg_status st = KG_OK;
  if (ftruncate(fd, (off_t)(IDX_HEADER + cap * sizeof(slot))) < 0 ||
      pwrite(fd, head, IDX_HEADER, 0) != IDX_HEADER)
    st = kg_err_errno(err, "cannot write", tmp);
  int old_fd = d->idx_fd, bounded = d->bounded;
  frame *old_pool = d->pool;
  uint64_t old_cap = d->cap, old_n = d->n;
  d->idx_fd = fd;
  d->pool = NULL;
  d->cap = cap;
  d->n = 0;
  dict_bound(d, 1);
  for (kg_id id = 1; st == KG_OK && id <= d->count; id++) {
    size_t len;
    const unsigned char *r = dict_record(d, id, &len);
    if (!r)
      st = kg_err(err, KG_ERR_CORRUPT, "term %u unreadable", id);
    else if (idx_put(d, kg_hash_bytes(r, len), id) < 0)
      st = kg_err(err, KG_ERR_IO, "cannot write %s: %s", tmp,
                  strerror(d->io_errno));
  }
  d->bounded = bounded;
  if (st == KG_OK) st = pool_flush(d, err);
  if (st == KG_OK && rename(tmp, d->idx_path) < 0)
    st = kg_err_errno(err, "cannot rename", tmp);
  if (st != KG_OK) {
    pool_drop(d);
    close(fd);
    unlink(tmp);
    d->idx_fd = old_fd;
    d->pool = old_pool;
    d->cap = old_cap;
    d->n = old_n;
    return st;
  }
  if (old_fd >= 0) close(old_fd);
  free(old_pool);
  pool_drop(d); /* written back: the work that follows needs the memory */
  return KG_OK;
}

/* The id of an encoded term, 0 if absent or when terms.idx cannot be
 * read (d->io_errno set). */
static kg_id find_encoded(kg_dict *d, const unsigned char *enc, size_t n,
                          uint64_t h) {
  if (!d->cap) return 0;
  uint64_t mask = d->cap - 1;
  for (uint64_t j = h & mask;; j = (j + 1) & mask) {
    const slot *s = slot_at(d, j, 0);
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
  if (*id) {
    cache_put(d, d->enc, n, h, *id);
    return KG_OK;
  }
  if (d->readonly) return kg_err(err, KG_ERR_READONLY, "store is read-only");
  if (d->count == KG_ID_MAX - 1)
    return kg_err(err, KG_ERR_UNSUPPORTED, "the store is full (2^32 terms)");
  if ((d->n + 1) * 2 > d->cap) TRY(idx_build(d, d->cap * 2, err));
  uint64_t off = 0;
  TRY(mfile_append(d->dat, d->enc, n, &off, err));
  kg_fault("dict-append");
  TRY(mfile_append(d->off, &off, 8, NULL, err));
  kg_id nid = ++d->count;
  if (idx_put(d, h, nid) < 0)
    return kg_err(err, KG_ERR_IO, "cannot read %s: %s", d->idx_path,
                  strerror(d->io_errno));
  cache_put(d, d->enc, n, h, nid);
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
    /* in range, so NULL is a map that failed (no memory or address
     * space): an error, never a reason to cut committed terms */
    if (!o) return kg_err(err, KG_ERR_NOMEM, "cannot map %s", mfile_path(d->off));
    memcpy(&start, o, 8);
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

/* Opens terms.idx if it is sound and covers every id (its slots in use
 * are counted, reading the file through a buffer). */
static int idx_usable(kg_dict *d, kg_error *err) {
  int fd = open(d->idx_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat sb;
  unsigned char h[16];
  uint64_t cap = 0, n = 0;
  int ok = fstat(fd, &sb) == 0 && pread(fd, h, 16, 0) == 16 &&
           !memcmp(h, IDX_MAGIC, 8);
  if (ok) memcpy(&cap, h + 8, 8);
  ok = ok && cap && !(cap & (cap - 1)) &&
       (uint64_t)sb.st_size == IDX_HEADER + cap * sizeof(slot);
  enum { CHUNK = 4096 };
  slot *buf = ok ? malloc(CHUNK * sizeof *buf) : NULL;
  for (uint64_t i = 0; buf && ok && i < cap; i += CHUNK) {
    size_t want = (size_t)(cap - i < CHUNK ? cap - i : CHUNK) * sizeof *buf;
    ok = pread(fd, buf, want, (off_t)(IDX_HEADER + i * sizeof *buf)) ==
         (ssize_t)want;
    for (size_t k = 0; ok && k < want / sizeof *buf; k++) n += buf[k].id != 0;
  }
  ok = ok && buf;
  free(buf);
  close(fd);
  return ok && n == d->count && idx_attach(d, cap, n, err) == KG_OK;
}

/* A dictionary with no files yet; NULL when out of memory. */
static kg_dict *dict_new(int readonly) {
  kg_dict *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->readonly = readonly;
  d->idx_fd = -1;
  const char *pool = getenv("KG_DICT_POOL");
  d->pool_blocks = pool && atol(pool) > 0 ? (size_t)atol(pool) : POOL_BLOCKS;
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
    pool_flush(d, &e);
    close(d->idx_fd);
  }
  pool_drop(d);
  table_free(&d->mem);
  mfile_close(d->dat);
  mfile_close(d->off);
  free(d->idx_path);
  free(d->enc);
  free(d->cache);
  free(d);
}

kg_status dict_flush(kg_dict *d, kg_error *err) {
  TRY(mfile_flush(d->dat, err));
  TRY(mfile_flush(d->off, err));
  return pool_flush(d, err);
}

kg_status dict_sync(kg_dict *d, kg_error *err) {
  TRY(mfile_sync(d->dat, err));
  TRY(mfile_sync(d->off, err));
  TRY(pool_flush(d, err));
  if (d->idx_fd >= 0 && !d->readonly && fdatasync(d->idx_fd) < 0)
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
  cache_clear(d);
  uint64_t n = d->n;
  d->n = UINT64_MAX; /* never trust the old table */
  kg_status st = idx_build(d, cap_for(d->count), err);
  if (st != KG_OK) d->n = n;
  return st;
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

kg_status dict_trim(kg_dict *d, kg_error *err) {
  TRY(pool_flush(d, err));
  pool_drop(d);
  cache_clear(d);
  return KG_OK;
}

/* Attaches terms.idx as its header describes it, without counting its
 * slots: another process may be adding to it. */
static kg_status idx_attach_header(kg_dict *d, kg_error *err) {
  int fd = open(d->idx_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return kg_err_errno(err, "cannot open", d->idx_path);
  unsigned char h[16];
  uint64_t cap = 0;
  int ok = pread(fd, h, 16, 0) == 16 && !memcmp(h, IDX_MAGIC, 8);
  close(fd);
  if (ok) memcpy(&cap, h + 8, 8);
  if (!ok || !cap || (cap & (cap - 1)))
    return kg_err(err, KG_ERR_CORRUPT, "%s is damaged", d->idx_path);
  return idx_attach(d, cap, d->count, err);
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
      if (o) memcpy(&start, o, 8);
      if (o && start < mfile_size(d->dat))
        r = mfile_at(d->dat, start, (size_t)(mfile_size(d->dat) - start));
      if (r && kg_term_decode(r, (size_t)(mfile_size(d->dat) - start), &t))
        d->dat_end = start + kg_term_encode(&t, NULL, 0);
    }
  }
  if (d->count != old) pool_drop(d);
  /* a writer that grew or rebuilt terms.idx renamed a new file over it */
  struct stat a, b;
  if (d->idx_fd >= 0 && fstat(d->idx_fd, &a) == 0 &&
      stat(d->idx_path, &b) == 0 && a.st_ino != b.st_ino)
    TRY(idx_attach_header(d, err));
  if (write) d->n = d->count;
  return KG_OK;
}
