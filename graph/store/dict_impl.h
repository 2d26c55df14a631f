/* dict_impl.h - the term dictionary's insides, shared by its files:
 * dict_rec.c (the records: terms.dat, terms.off), dict_idx.c (the hash
 * index, terms.idx) and dict.c (lookups, interning, opening). */
#ifndef KG_DICT_IMPL_H
#define KG_DICT_IMPL_H

#include "store/dict.h"
#include "store/inline.h"
#include "store/mfile.h"

/* The hash index: open addressing over slots of (hash, id), id 0 =
 * empty, at most half full. In memory it is a heap array. On disk it is
 * the file terms.idx (a 64-byte header, then the slots), read and
 * written in blocks of BLOCK_SLOTS slots through a pool of POOL_BLOCKS
 * frames: a table larger than the pool costs a read per lookup, never a
 * page of the process, so a long load stays the same size (a bulk load
 * adds its terms in batches instead: dict_batch.c). */
typedef struct slot {
  uint64_t hash;
  uint32_t id;
  uint32_t sum;   /* slot_sum(hash, id); 0 in an empty slot */
} slot;

/* A slot's check: a flipped bit in a slot is seen when a lookup reads
 * it (terms.idx version 2; version 1 files are rebuilt at open). */
static inline uint32_t slot_sum(uint64_t hash, uint32_t id) {
  uint64_t x = (hash ^ ((uint64_t)id << 17) ^ 0x6b67736853554d31ull) *
               0x9e3779b97f4a7c15ull;
  return (uint32_t)(x >> 32) | 1;
}

static inline int slot_ok(const slot *s) {
  return s->id ? s->sum == slot_sum(s->hash, s->id) : !s->hash && !s->sum;
}

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

static const char IDX_MAGIC[8] = "KGTIDX02";

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
  int pool_dirty;              /* a frame may be dirty: a flush looks (a
                                  reader's close touches no page of it) */
  int io_errno;                /* a read or write of terms.idx failed */
  kg_id bad_id;                /* a record that failed its checksum */
  uint64_t bad_idx;            /* a slot of terms.idx that did (+1) */
  table mem;                   /* memory mode: the index */
  uint64_t cap, n;             /* slots, and slots in use */
  unsigned char *enc;          /* encoding scratch */
  size_t enc_cap;
  centry *cache;               /* writers on disk only; NULL until used */
  int bounded;                 /* dict_bound: keep the mapped pages few */
  int64_t until_check;         /* record reads before touched() looks */
  uint64_t floor;              /* file pages mapped after the last release */
  /* dict_batch (dict_batch.c): asked for (batch_on) and, once terms.idx
   * outgrows the pool, started: terms added wait in `pend` (open
   * addressing like terms.idx; counted in npend, not n) and `bloom` has
   * every hash of terms.idx and pend; both NULL when not started */
  int batch_on;
  slot *pend;
  size_t pend_slots;           /* a power of 2 (batch_slots) */
  uint64_t npend;
  uint64_t *bloom;
  uint64_t bloom_mask;         /* its lines - 1 */
  /* the texts of inline ids asked for, kept until dict_close (their
   * strings are borrowed like records') */
  inline_texts texts;
};

/* terms.off entries (dict_rec.c) */
#define OFF_BITS 40
#define OFF_MASK ((UINT64_C(1) << OFF_BITS) - 1)
#define OFF_SUMMED (UINT64_C(1) << 63)
uint64_t off_entry(uint64_t off, const unsigned char *rec, size_t n);

/* dict_rec.c */
void touched(kg_dict *d);
int read_off(kg_dict *d, kg_id i, uint64_t *v);
int record_is(kg_dict *d, kg_id id, const unsigned char *enc, size_t n);
kg_status repair_tail(kg_dict *d, kg_error *err);

/* dict_idx.c */
slot *slot_at(kg_dict *d, uint64_t j, int write);
kg_status pool_flush(kg_dict *d, kg_error *err);
void pool_drop(kg_dict *d);
void table_free(table *t);
int idx_put(kg_dict *d, uint64_t h, kg_id id);
int idx_remove(kg_dict *d, uint64_t h, kg_id id);
kg_status idx_attach(kg_dict *d, uint64_t cap, uint64_t n, kg_error *err);
kg_status idx_build(kg_dict *d, uint64_t cap, kg_error *err);
int idx_usable(kg_dict *d, kg_error *err);
kg_status idx_attach_header(kg_dict *d, kg_error *err);

/* dict_batch.c */
size_t batch_slots(void);
int batch_maybe(const kg_dict *d, uint64_t h);
kg_id batch_find(kg_dict *d, const unsigned char *enc, size_t n, uint64_t h);
kg_status batch_put(kg_dict *d, uint64_t h, kg_id id, kg_error *err);
kg_status batch_flush(kg_dict *d, kg_error *err);
kg_status batch_grow(kg_dict *d, kg_error *err);
void batch_drop(kg_dict *d);

#endif /* KG_DICT_IMPL_H */
