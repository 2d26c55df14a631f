/* dict_idx.c - the dictionary's hash index, terms.idx: a table of (term
 * hash, id) read and written in blocks through a pool (see dict_impl.h). */
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
slot *slot_at(kg_dict *d, uint64_t j, int write) {
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
  if (write) f->dirty = d->pool_dirty = 1;
  return &f->s[j % BLOCK_SLOTS];
}

/* Writes the changed blocks to terms.idx. */
kg_status pool_flush(kg_dict *d, kg_error *err) {
  if (!d->pool_dirty) return KG_OK;
  for (size_t i = 0; d->pool && i < d->pool_blocks; i++)
    if (d->pool[i].dirty && frame_io(d, &d->pool[i], 1) < 0)
      return kg_err(err, KG_ERR_IO, "cannot write %s: %s", d->idx_path,
                    strerror(d->io_errno));
  d->pool_dirty = 0;
  return KG_OK;
}

/* Forgets the pool (after terms.idx was replaced or changed by another
 * process). */
void pool_drop(kg_dict *d) {
  free(d->pool);
  d->pool = NULL;
  d->pool_dirty = 0;
}

void table_free(table *t) {
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
    /* the blocks are reserved, not left sparse: a full disk is an error
     * here, not a SIGBUS when a page of the map is first written */
    int rc = ftruncate(fd, (off_t)len) < 0 ? errno
                                          : posix_fallocate(fd, 0, (off_t)len);
    if (rc) {
      errno = rc;
      kg_status st = kg_err_errno(err, "cannot size", path);
      close(fd);
      unlink(path);
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
  t->slots[j].sum = slot_sum(h, id);
}

/* Adds (h, id) to the index; -1 when terms.idx cannot be read. */
int idx_put(kg_dict *d, uint64_t h, kg_id id) {
  uint64_t mask = d->cap - 1;
  for (uint64_t j = h & mask;; j = (j + 1) & mask) {
    /* probes rarely leave the block they end in: mark each written */
    slot *s = slot_at(d, j, 1);
    if (!s) return -1;
    if (s->id) continue;
    s->hash = h;
    s->id = id;
    s->sum = slot_sum(h, id);
    d->n++;
    return 0;
  }
}

/* Removes (h, id) from the index, moving back the slots after it that
 * its removal would cut off from their home (linear probing's deletion).
 * 0, or -1 when terms.idx cannot be read. */
int idx_remove(kg_dict *d, uint64_t h, kg_id id) {
  uint64_t mask = d->cap - 1, j = h & mask;
  for (;; j = (j + 1) & mask) {
    const slot *s = slot_at(d, j, 0);
    if (!s) return -1;
    if (!s->id) return 0; /* not there */
    if (s->id == id) break;
  }
  for (uint64_t k = j;;) {
    k = (k + 1) & mask;
    const slot *s = slot_at(d, k, 0);
    if (!s) return -1;
    if (!s->id) break;
    slot moved = *s;
    uint64_t home = moved.hash & mask;
    /* it stays when its home lies cyclically in (j, k] */
    int stays = j < k ? home > j && home <= k : home > j || home <= k;
    if (stays) continue;
    slot *t = slot_at(d, j, 1);
    if (!t) return -1;
    *t = moved;
    j = k;
  }
  slot *t = slot_at(d, j, 1);
  if (!t) return -1;
  *t = (slot){0, 0, 0};
  d->n--;
  return 0;
}

/* Opens terms.idx for the pool. */
kg_status idx_attach(kg_dict *d, uint64_t cap, uint64_t n,
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

/* Replaces the index with one of `cap` slots holding ids 1..count: from
 * the old index when it is complete (growing), else from the records
 * (on disk: idx_rebuild). On disk the new table is written to
 * terms.idx.new and renamed. */
static kg_status idx_rebuild(kg_dict *d, const char *tmp, uint64_t cap,
                             kg_error *err);

kg_status idx_build(kg_dict *d, uint64_t cap, kg_error *err) {
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
      if (t.mapped && (i & ((1u << 18) - 1)) == (1u << 18) - 1)
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
  off_t len = (off_t)(IDX_HEADER + cap * sizeof(slot));
  int rc = ftruncate(fd, len) < 0 ? errno : posix_fallocate(fd, 0, len);
  if (rc) errno = rc;
  if (rc || pwrite(fd, head, IDX_HEADER, 0) != IDX_HEADER)
    st = kg_err_errno(err, "cannot write", tmp);
  int old_fd = d->idx_fd, bounded = d->bounded, old_dirty = d->pool_dirty;
  frame *old_pool = d->pool;
  uint64_t old_cap = d->cap, old_n = d->n;
  d->idx_fd = fd;
  d->pool = NULL;
  d->pool_dirty = 0;
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
    d->pool_dirty = old_dirty;
    d->cap = old_cap;
    d->n = old_n;
    return st;
  }
  if (old_fd >= 0) close(old_fd);
  free(old_pool);
  pool_drop(d); /* written back: the work that follows needs the memory */
  return KG_OK;
}

/* Opens terms.idx if it is sound and covers every id (its slots in use
 * are counted, reading the file through a buffer). */
int idx_usable(kg_dict *d, kg_error *err) {
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

/* Attaches terms.idx as its header describes it, without counting its
 * slots: another process may be adding to it. */
kg_status idx_attach_header(kg_dict *d, kg_error *err) {
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
