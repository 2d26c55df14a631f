/* index.c - the quad index: sorted base files, views, scans and merges. */
#include "store/index.h"

#include "fdio.h"
#include "grow.h"

#include <zlib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file: a 32-byte header ("KGQUADS2", the order, a CRC-32 of the
 * header and the chunk sums, the key count, the generation), the sorted
 * keys, then a CRC-32 per chunk of CHUNK_KEYS keys. A chunk is checked
 * the first time a scan or a search reads it; one that fails stops the
 * scan and marks the index damaged (index_damaged). Files of kgsh before
 * version 2 ("KGQUADS1") have no sums and are read unchecked until the
 * next checkpoint rewrites them. */
#define HEADER_SIZE 32
static const char MAGIC[8] = "KGQUADS2";
static const char MAGIC_V1[8] = "KGQUADS1";

typedef struct part {
  const qkey *keys;
  size_t n;
  void *map;        /* mmap'd file, or NULL */
  size_t map_len;
  qkey *heap;       /* in-memory base */
  const uint32_t *sums; /* per chunk, or NULL (memory, version 1) */
  unsigned char *checked; /* chunks found sound: a bit each */
} part;

struct kg_index {
  part part[ORD_N];
  int holds;        /* snapshots that share it besides its owner */
  char *dir;        /* for messages */
  uint64_t gen;
  int bad_ord;      /* the first chunk that failed: order + 1, 0 = none */
  size_t bad_chunk;
  void *memo;       /* fanout.c's sample results (one malloc'd block) */
};

void **index_memo(const kg_index *x) { return &((kg_index *)x)->memo; }

static size_t nchunks(size_t n) { return (n + CHUNK_KEYS - 1) / CHUNK_KEYS; }

static uint32_t chunk_sum(const qkey *keys, size_t n, size_t c) {
  size_t from = c * CHUNK_KEYS;
  size_t len = n - from < CHUNK_KEYS ? n - from : CHUNK_KEYS;
  return (uint32_t)crc32(0L, (const Bytef *)(keys + from),
                         (uInt)(len * sizeof *keys));
}

/* 1 when chunk c of an order is sound (checked once, remembered). The
 * index is shared by snapshots but read by one thread of a handle at a
 * time (the handle's lock), so the bits need no atomics. */
static __attribute__((noinline)) int chunk_check(kg_index *x, int ord,
                                                 size_t c) {
  part *pt = &x->part[ord];
  if (chunk_sum(pt->keys, pt->n, c) != pt->sums[c]) {
    if (!x->bad_ord) {
      x->bad_ord = ord + 1;
      x->bad_chunk = c;
    }
    return 0;
  }
  pt->checked[c >> 3] |= (unsigned char)(1u << (c & 7));
  return 1;
}

static inline int chunk_ok(const kg_index *x, int ord, size_t c) {
  const part *pt = &x->part[ord];
  return !pt->sums || (pt->checked[c >> 3] & (1u << (c & 7))) ||
         chunk_check((kg_index *)x, ord, c);
}

/* The first key >= k (> k when strict) in [lo, hi) of an order, or hi. */
static size_t bound_in(const kg_index *x, kg_order ord, const qkey *k,
                       int strict, size_t lo, size_t hi) {
  const part *pt = &x->part[ord];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (!chunk_ok(x, ord, mid / CHUNK_KEYS)) return 0;
    int c = qkey_cmp(&pt->keys[mid], k);
    if (c < 0 || (strict && c == 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

size_t index_bound(const kg_index *x, kg_order ord, const qkey *k,
                   int strict) {
  return bound_in(x, ord, k, strict, 0, x->part[ord].n);
}

/* index_bound for an answer at or after `from`, probing from + 1, 3, 7...
 * keys on: a scan's end, most often a few keys after its start, costs a
 * few reads instead of a search of the whole order. */
static size_t bound_after(const kg_index *x, kg_order ord, const qkey *k,
                          int strict, size_t from) {
  const part *pt = &x->part[ord];
  size_t lo = from, hi = from, step = 1;
  while (hi < pt->n) {
    if (!chunk_ok(x, ord, hi / CHUNK_KEYS)) return 0;
    int c = qkey_cmp(&pt->keys[hi], k);
    if (!(c < 0 || (strict && c == 0))) break;
    lo = hi + 1;
    hi = lo + step < pt->n ? lo + step : pt->n;
    step *= 2;
  }
  return bound_in(x, ord, k, strict, lo, hi);
}

const qkey *index_key_at(const kg_index *x, kg_order ord, size_t i) {
  const part *pt = &x->part[ord];
  return i < pt->n && chunk_ok(x, ord, i / CHUNK_KEYS) ? &pt->keys[i] : NULL;
}

kg_status index_damaged(const kg_index *x, kg_error *err) {
  if (!x || !x->bad_ord) return KG_OK;
  return kg_err(err, KG_ERR_CORRUPT,
                "store damaged: %s/quads-%llu.%s, keys %zu to %zu: "
                "checksum mismatch",
                x->dir ? x->dir : ".", (unsigned long long)x->gen,
                order_name[x->bad_ord - 1], x->bad_chunk * CHUNK_KEYS,
                (x->bad_chunk + 1) * CHUNK_KEYS - 1);
}

kg_index *index_hold(kg_index *x) {
  if (x) x->holds++;
  return x;
}

static void path_for(char *buf, size_t n, const char *dir, uint64_t gen,
                     kg_order ord) {
  snprintf(buf, n, "%s/quads-%llu.%s", dir, (unsigned long long)gen,
           order_name[ord]);
}

void index_close(kg_index *x) {
  if (!x) return;
  if (x->holds) {
    x->holds--;
    return;
  }
  for (int o = 0; o < ORD_N; o++) {
    if (x->part[o].map) munmap(x->part[o].map, x->part[o].map_len);
    free(x->part[o].heap);
    free(x->part[o].checked);
  }
  free(x->dir);
  free(x->memo);
  free(x);
}

/* The header's CRC-32: the header with its own field zero, then the
 * chunk sums. */
static uint32_t file_sum(const unsigned char *h, const void *sums,
                         size_t nsums) {
  unsigned char z[HEADER_SIZE];
  memcpy(z, h, HEADER_SIZE);
  memset(z + 12, 0, 4);
  uLong c = crc32(0L, z, HEADER_SIZE);
  return (uint32_t)crc32(c, sums, (uInt)(nsums * 4));
}

static kg_status open_part(part *pt, const char *path, kg_order ord,
                           kg_error *err) {
  int fd = fd_open_store(path, O_RDONLY);
  if (fd < 0) return kg_err_errno(err, "cannot open index file", path);
  struct stat sb;
  kg_status st = KG_OK;
  if (fstat(fd, &sb) < 0) {
    st = kg_err_errno(err, "cannot stat", path);
    goto done;
  }
  if (sb.st_size < HEADER_SIZE) {
    st = kg_err(err, KG_ERR_CORRUPT, "index file %s is truncated", path);
    goto done;
  }
  void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) {
    st = kg_err_errno(err, "cannot map", path);
    goto done;
  }
  pt->map = m;
  pt->map_len = (size_t)sb.st_size;
  const unsigned char *h = m;
  uint32_t o, hsum;
  uint64_t count;
  memcpy(&o, h + 8, 4);
  memcpy(&hsum, h + 12, 4);
  memcpy(&count, h + 16, 8);
  int v2 = !memcmp(h, MAGIC, 8);
  uint64_t keys_end = HEADER_SIZE + count * sizeof(qkey);
  uint64_t size = keys_end + (v2 ? nchunks((size_t)count) * 4 : 0);
  if ((!v2 && memcmp(h, MAGIC_V1, 8)) || o != (uint32_t)ord ||
      count > (uint64_t)sb.st_size || size != (uint64_t)sb.st_size ||
      (v2 && file_sum(h, h + keys_end, nchunks((size_t)count)) != hsum)) {
    st = kg_err(err, KG_ERR_CORRUPT,
                "store damaged: %s: %s", path,
                size != (uint64_t)sb.st_size ? "wrong size for its header"
                                             : "header checksum mismatch");
    goto done;
  }
  pt->keys = (const qkey *)(h + HEADER_SIZE);
  pt->n = (size_t)count;
  if (v2) {
    pt->sums = (const uint32_t *)(h + keys_end);
    pt->checked = calloc(nchunks(pt->n) / 8 + 1, 1);
    if (!pt->checked) st = kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  madvise(m, pt->map_len, MADV_RANDOM);
done:
  close(fd);
  return st;
}

kg_status index_open(const char *dir, uint64_t gen, kg_index **out,
                     kg_error *err) {
  *out = NULL;
  kg_index *x = calloc(1, sizeof *x);
  if (!x || (dir && !(x->dir = strdup(dir)))) {
    free(x);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  x->gen = gen;
  if (dir && gen) {
    char path[4096];
    for (int o = 0; o < ORD_N; o++) {
      path_for(path, sizeof path, dir, gen, (kg_order)o);
      kg_status st = open_part(&x->part[o], path, (kg_order)o, err);
      if (st != KG_OK) {
        index_close(x);
        return st;
      }
    }
    for (int o = 1; o < ORD_N; o++)
      if (x->part[o].n != x->part[0].n) {
        index_close(x);
        return kg_err(err, KG_ERR_CORRUPT,
                      "index files of generation %llu disagree",
                      (unsigned long long)gen);
      }
  }
  *out = x;
  return KG_OK;
}

void index_remove_files(const char *dir, uint64_t gen) {
  if (!dir || !gen) return;
  char path[4096];
  for (int o = 0; o < ORD_N; o++) {
    path_for(path, sizeof path, dir, gen, (kg_order)o);
    unlink(path);
  }
}

size_t index_size(const kg_index *x) { return x->part[0].n; }

const qkey *index_keys(const kg_index *x, kg_order ord, size_t *n) {
  *n = x->part[ord].n;
  return x->part[ord].keys;
}

int index_contains(const kg_index *x, const kg_qid *q) {
  qkey k = qkey_from(ORD_SPOG, q);
  const qkey *at = index_key_at(x, ORD_SPOG, index_bound(x, ORD_SPOG, &k, 0));
  return at && !qkey_cmp(at, &k);
}

/* ----------------------------------------------------------------- scan */

/* Order and prefix length for the bound positions: index by
 * (s?1:0)|(p?2:0)|(o?4:0). */
static const struct { kg_order ord; int prefix; } triple_plan[8] = {
  {ORD_SPOG, 0}, {ORD_SPOG, 1}, {ORD_POSG, 1}, {ORD_SPOG, 2},
  {ORD_OSPG, 1}, {ORD_OSPG, 2}, {ORD_POSG, 2}, {ORD_SPOG, 3},
};
static const struct { kg_order ord; int prefix; } graph_plan[8] = {
  {ORD_GSPO, 1}, {ORD_GSPO, 2}, {ORD_GPOS, 2}, {ORD_GSPO, 3},
  {ORD_GOSP, 2}, {ORD_GOSP, 3}, {ORD_GPOS, 3}, {ORD_GSPO, 4},
};

/* The keys of order ord that match p's positions leading it (prefix). */
static void key_range(const kg_pattern *p, kg_order ord, int prefix,
                      qkey *lo, qkey *hi) {
  kg_qid q = {p->s, p->p, p->o, p->gmode == G_FIXED ? p->g : 0};
  *hi = *lo = qkey_from(ord, &q);
  for (int i = prefix; i < 4; i++) {
    lo->k[i] = 0;
    hi->k[i] = UINT32_MAX;
  }
}

/* The order, prefix and key range of a pattern. */
static void plan(const kg_pattern *p, kg_order *ord, int *prefix, qkey *lo,
                 qkey *hi, kg_id olo, kg_id ohi) {
  int b = (p->s ? 1 : 0) | (p->p ? 2 : 0) | (p->o ? 4 : 0);
  int g = p->gmode == G_DEFAULT || p->gmode == G_FIXED;
  int ranged = ohi && !p->o && b != 1;
  *ord = g ? graph_plan[b].ord : triple_plan[b].ord;
  *prefix = g ? graph_plan[b].prefix : triple_plan[b].prefix;
  if (ranged && !b) *ord = g ? ORD_GOSP : ORD_OSPG; /* the object first */
  key_range(p, *ord, *prefix, lo, hi);
  if (ranged) {
    lo->k[*prefix] = olo;
    hi->k[*prefix] = ohi;
  }
}

static const qkey *src_key(const src *s) {
  return s->keys ? &s->keys[s->i] : &s->ents[s->i].key;
}

/* A scan's base source entering a chunk checks it first; a damaged one
 * ends the source there (the index is marked: index_damaged). */
static void src_check(src *s) {
  if (!s->base || s->i >= s->n || s->i < s->checked_to) return;
  size_t c = s->i / CHUNK_KEYS;
  if (chunk_ok(s->base, s->ord, c)) s->checked_to = (c + 1) * CHUNK_KEYS;
  else s->n = s->i;
}

static void scan_setup(kg_scan *sc, const kg_view *v, const kg_pattern *p,
                       kg_order ord, int prefix, const qkey *lo,
                       const qkey *hi) {
  memset(sc, 0, sizeof *sc);
  sc->ord = ord;
  sc->prefix = prefix;
  sc->lo = *lo;
  sc->hi = *hi;
  sc->gmode = p->gmode;
  size_t n;
  const qkey *keys = index_keys(v->base, ord, &n);
  src *s = &sc->s[sc->ns++];
  s->keys = keys;
  s->base = v->base;
  s->ord = ord;
  s->i = index_bound(v->base, ord, &sc->lo, 0);
  s->n = bound_after(v->base, ord, &sc->hi, 1, s->i);
  if (s->n < s->i) s->n = s->i; /* a search that met damage */
  src_check(s);
  for (int l = 0; l < v->nlayers; l++) {
    size_t m = 0;
    const qentry *e = qset_sorted(v->layer[l], ord, &m);
    if (!e || !m) continue;
    s = &sc->s[sc->ns++];
    s->ents = e;
    s->i = qkey_bound(e, m, sizeof *e, &sc->lo, 0);
    s->n = qkey_bound(e, m, sizeof *e, &sc->hi, 1);
  }
}

void scan_init_range(kg_scan *sc, const kg_view *v, const kg_pattern *p,
                     kg_id olo, kg_id ohi) {
  kg_order ord;
  int prefix;
  qkey lo, hi;
  plan(p, &ord, &prefix, &lo, &hi, olo, ohi);
  scan_setup(sc, v, p, ord, prefix, &lo, &hi);
}

void scan_init(kg_scan *sc, const kg_view *v, const kg_pattern *p) {
  scan_init_range(sc, v, p, 0, 0);
}

void scan_init_order(kg_scan *sc, const kg_view *v, const kg_pattern *p,
                     kg_order ord) {
  kg_id b[4] = {p->s, p->p, p->o,
                p->gmode == G_FIXED || p->gmode == G_DEFAULT ? 1 : 0};
  int prefix = 0;
  while (prefix < 4) {
    int comp = -1;
    for (int i = 0; i < 4; i++)
      if (quad_pos[ord][i] == prefix) comp = i;
    if (!b[comp]) break;
    prefix++;
  }
  qkey lo, hi;
  key_range(p, ord, prefix, &lo, &hi);
  scan_setup(sc, v, p, ord, prefix, &lo, &hi);
}

int scan_next(kg_scan *sc, kg_qid *q) {
  for (;;) {
    const qkey *min = NULL;
    for (int i = 0; i < sc->ns; i++) {
      src *s = &sc->s[i];
      if (s->i >= s->n) continue;
      const qkey *k = src_key(s);
      if (!min || qkey_cmp(k, min) < 0) min = k;
    }
    if (!min) return 0;
    qkey key = *min;
    int present = 0;
    for (int i = 0; i < sc->ns; i++) {
      src *s = &sc->s[i];
      if (s->i >= s->n || qkey_cmp(src_key(s), &key)) continue;
      present = s->keys ? 1 : s->ents[s->i].op > 0;
      s->i++;
      src_check(s);
    }
    if (!present) continue;
    *q = qkey_to(sc->ord, &key);
    if (sc->gmode == G_NAMED && !q->g) continue;
    if (sc->gmode == G_UNION) {
      /* the graph is the last component of SPOG/POSG/OSPG */
      if (sc->have_last && key.k[0] == sc->last.k[0] &&
          key.k[1] == sc->last.k[1] && key.k[2] == sc->last.k[2])
        continue;
      sc->last = key;
      sc->have_last = 1;
      q->g = 0;
    }
    return 1;
  }
}

size_t scan_estimate(const kg_view *v, const kg_pattern *p) {
  return scan_estimate_range(v, p, 0, 0);
}

size_t scan_estimate_range(const kg_view *v, const kg_pattern *p, kg_id olo,
                           kg_id ohi) {
  kg_order ord;
  int prefix;
  qkey lo, hi;
  plan(p, &ord, &prefix, &lo, &hi, olo, ohi);
  size_t n;
  const qkey *keys = index_keys(v->base, ord, &n);
  long long est = (long long)(qkey_bound(keys, n, sizeof *keys, &hi, 1) -
                              qkey_bound(keys, n, sizeof *keys, &lo, 0));
  for (int l = 0; l < v->nlayers; l++) {
    size_t m = 0;
    const qentry *e = qset_sorted(v->layer[l], ord, &m);
    if (!e) continue;
    size_t a = qkey_bound(e, m, sizeof *e, &lo, 0);
    size_t b = qkey_bound(e, m, sizeof *e, &hi, 1);
    for (size_t i = a; i < b; i++) est += e[i].op;
  }
  return est > 0 ? (size_t)est : 0;
}

/* ---------------------------------------------------------------- merge */

typedef struct writer {
  int fd;
  const char *path;
  qkey *buf;
  size_t nbuf, cap;
  qkey *heap;       /* memory mode output */
  size_t nheap, capheap;
  uint64_t count;
  int summed;       /* a base file: sums per chunk, in `sums` */
  uint32_t *sums;
  size_t nsums, capsums;
} writer;

enum { WBUF_KEYS = 1 << 16 };

/* The buffer holds whole chunks but at the end (WBUF_KEYS is a
 * multiple of CHUNK_KEYS). */
static kg_status w_flush(writer *w, kg_error *err) {
  if (w->fd < 0 || !w->nbuf) return KG_OK;
  size_t n = w->summed ? nchunks(w->nbuf) : 0;
  if (!grow(&w->sums, &w->capsums, w->nsums + n, sizeof *w->sums, 64))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t c = 0; c < n; c++)
    w->sums[w->nsums++] = chunk_sum(w->buf, w->nbuf, c);
  if (fd_write_full(w->fd, w->buf, w->nbuf * sizeof(qkey), FDIO_APPEND,
                    NULL) < 0)
    return kg_err_errno(err, "cannot write", w->path);
  w->nbuf = 0;
  return KG_OK;
}

static kg_status w_put(writer *w, const qkey *k, kg_error *err) {
  w->count++;
  if (w->fd < 0) {
    if (!grow(&w->heap, &w->capheap, w->nheap + 1, sizeof *w->heap, 1024))
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
    w->heap[w->nheap++] = *k;
    return KG_OK;
  }
  w->buf[w->nbuf++] = *k;
  return w->nbuf == WBUF_KEYS ? w_flush(w, err) : KG_OK;
}

static kg_status w_header(writer *w, kg_order ord, uint64_t gen,
                          kg_error *err) {
  unsigned char h[HEADER_SIZE] = {0};
  memcpy(h, MAGIC, 8);
  uint32_t o = (uint32_t)ord;
  memcpy(h + 8, &o, 4);
  memcpy(h + 16, &w->count, 8);
  memcpy(h + 24, &gen, 8);
  uint32_t hsum = file_sum(h, w->sums, w->nsums);
  memcpy(h + 12, &hsum, 4);
  if (fd_write_full(w->fd, w->sums, w->nsums * sizeof *w->sums,
                    FDIO_APPEND, NULL) < 0 ||
      pwrite(w->fd, h, HEADER_SIZE, 0) != HEADER_SIZE)
    return kg_err_errno(err, "cannot write", w->path);
  return KG_OK;
}

/* keys read from a mapped source before its pages are let go: 64 KB */
enum { DROP_KEYS = 1 << 12, RUN_BUF = 1 << 12 };

/* Releases the whole pages of a mapped range already read. */
static void drop_pages(const qkey *from, const qkey *to) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1);
  uintptr_t b = (uintptr_t)to & ~(page - 1);
  if (b > a) madvise((void *)a, b - a, MADV_DONTNEED);
}

/* A source of the merge: keys or layer entries in memory (the base file
 * mapped, giving its pages back behind the merge), or a run file read
 * RUN_BUF keys at a time. */
typedef struct msrc {
  src s;
  int mapped;
  size_t dropped;
  int fd;               /* run file, or -1 */
  qkey *buf;
  uint64_t left, at;    /* keys not yet read, and the file offset */
} msrc;

/* Refills a file source's buffer; -1 when the read fails. */
static int msrc_fill(msrc *m) {
  size_t want = m->left < RUN_BUF ? (size_t)m->left : RUN_BUF;
  size_t bytes = want * sizeof(qkey);
  if (fd_read_full(m->fd, m->buf, bytes, m->at) != (long long)bytes) return -1;
  m->at += bytes;
  m->left -= want;
  m->s = (src){.keys = m->buf, .n = want};
  return 0;
}

/* Moves past the current key; -1 when a run file cannot be read. */
static int msrc_next(msrc *m) {
  m->s.i++;
  if (m->fd >= 0) return m->s.i == m->s.n && m->left ? msrc_fill(m) : 0;
  if (m->mapped && m->s.i - m->dropped >= DROP_KEYS) {
    drop_pages(m->s.keys + m->dropped, m->s.keys + m->s.i);
    m->dropped = m->s.i;
  }
  return 0;
}

/* The sources with keys left, in a binary heap by (current key,
 * position): the least key on top, and sources at one key come out in
 * the order of their positions (the base, the layers bottom to top, the
 * runs), as the merge needs. A scan of them all per key cost a 10M load
 * a sixth of its time. */
typedef struct mheap {
  msrc *s;
  int *h, n;
} mheap;

static int mh_less(const mheap *m, int a, int b) {
  int c = qkey_cmp(src_key(&m->s[a].s), src_key(&m->s[b].s));
  return c ? c < 0 : a < b;
}

static void mh_down(mheap *m, int i) {
  for (;;) {
    int l = 2 * i + 1, least = i;
    if (l < m->n && mh_less(m, m->h[l], m->h[least])) least = l;
    if (l + 1 < m->n && mh_less(m, m->h[l + 1], m->h[least])) least = l + 1;
    if (least == i) return;
    int t = m->h[i];
    m->h[i] = m->h[least];
    m->h[least] = t;
    i = least;
  }
}

static void mh_init(mheap *m, msrc *s, int ns, int *h) {
  *m = (mheap){.s = s, .h = h};
  for (int i = 0; i < ns; i++)
    if (s[i].s.i < s[i].s.n) h[m->n++] = i;
  for (int i = m->n / 2 - 1; i >= 0; i--) mh_down(m, i);
}

/* The top source moved on: back to its place, or out when done. */
static void mh_fix_top(mheap *m) {
  const msrc *t = &m->s[m->h[0]];
  if (t->s.i >= t->s.n) m->h[0] = m->h[--m->n];
  if (m->n) mh_down(m, 0);
}

/* Opens a run file as a source; -1 out of memory or on a failed read. */
static int msrc_open(msrc *m, int fd, size_t n) {
  *m = (msrc){.fd = fd, .left = n};
  if (!n) return 0;
  m->buf = malloc(RUN_BUF * sizeof *m->buf);
  return m->buf ? msrc_fill(m) : -1;
}

kg_status index_merge_runs(const int *fds, const size_t *n, int nr,
                           int out_fd, size_t *out_n, kg_error *err) {
  msrc *s = calloc((size_t)nr, sizeof *s);
  int *hs = malloc((size_t)nr * sizeof *hs);
  qkey *wbuf = malloc(WBUF_KEYS * sizeof *wbuf);
  writer w = {.fd = out_fd, .path = "a sorted run", .buf = wbuf,
              .cap = WBUF_KEYS};
  kg_status st = s && hs && wbuf ? KG_OK
                                 : kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (int i = 0; st == KG_OK && i < nr; i++)
    if (msrc_open(&s[i], fds[i], n[i]) < 0)
      st = kg_err_errno(err, "cannot read", "a sorted run");
  mheap m = {0};
  if (st == KG_OK) mh_init(&m, s, nr, hs);
  while (st == KG_OK && m.n) {
    msrc *min = &s[m.h[0]];
    st = w_put(&w, src_key(&min->s), err);
    if (st == KG_OK && msrc_next(min) < 0)
      st = kg_err_errno(err, "cannot read", "a sorted run");
    mh_fix_top(&m);
  }
  if (st == KG_OK) st = w_flush(&w, err);
  *out_n = (size_t)w.count;
  for (int i = 0; s && i < nr; i++) free(s[i].buf);
  free(s);
  free(hs);
  free(wbuf);
  return st;
}

/* Merges one order. Sources: base, layers (bottom to top), runs. */
static kg_status merge_order(const kg_view *v, const kg_runs *runs,
                             kg_order ord, writer *w, merge_fn fn, void *ctx,
                             kg_error *err) {
  enum { MAXSRC = 64 };
  msrc s[MAXSRC];
  int ns = 0;
  size_t n;
  s[ns++] = (msrc){.s = {.keys = index_keys(v->base, ord, &n)},
                   .mapped = v->base->part[ord].map != NULL, .fd = -1};
  s[0].s.n = n;
  for (int l = 0; l < v->nlayers; l++) {
    size_t m = 0;
    const qentry *e = qset_sorted(v->layer[l], ord, &m);
    if (!e) return kg_err(err, KG_ERR_NOMEM, "out of memory");
    s[ns++] = (msrc){.s = {.ents = e, .n = m}, .fd = -1};
  }
  int nruns_start = ns;
  kg_status st = KG_OK;
  /* the base's chunks are checked as the merge enters them: damage
   * never passes into a new generation with sound sums */
  if (n && !chunk_ok(v->base, ord, 0)) return index_damaged(v->base, err);
  if (runs) {
    const qkey **rk = NULL;
    const int *fds = NULL;
    size_t *rn = NULL;
    int nr = 0;
    TRY(runs->get(runs->ctx, ord, &rk, &fds, &rn, &nr, err));
    if (nr + ns > MAXSRC) {
      runs->put(runs->ctx, ord);
      return kg_err(err, KG_ERR_UNSUPPORTED, "too many sorted runs");
    }
    for (int r = 0; r < nr && st == KG_OK; r++) {
      msrc *m = &s[ns++];
      *m = (msrc){.s = {.keys = rk[r], .n = rn[r]}, .fd = -1};
      if (!rk[r] && msrc_open(m, fds[r], rn[r]) < 0)
        st = kg_err_errno(err, "cannot read", "a sorted run");
    }
  }
  int hs[MAXSRC];
  mheap m = {0};
  if (st == KG_OK) mh_init(&m, s, ns, hs);
  while (st == KG_OK && m.n) {
    qkey key = *src_key(&s[m.h[0]].s);
    int present = 0, in_base = 0, in_layer = 0;
    while (st == KG_OK && m.n && !qkey_cmp(src_key(&s[m.h[0]].s), &key)) {
      int i = m.h[0];
      /* runs may repeat a key: consume every copy */
      while (s[i].s.i < s[i].s.n && !qkey_cmp(src_key(&s[i].s), &key)) {
        if (i == 0) present = in_base = 1;
        else if (i < nruns_start) {
          present = s[i].s.ents[s[i].s.i].op > 0;
          in_layer = 1;
        } else {
          present = 1;
        }
        if (msrc_next(&s[i]) < 0) {
          st = kg_err_errno(err, "cannot read", "a sorted run");
          break;
        }
        if (i == 0 && s[0].s.i < s[0].s.n && !(s[0].s.i % CHUNK_KEYS) &&
            !chunk_ok(v->base, ord, s[0].s.i / CHUNK_KEYS)) {
          st = index_damaged(v->base, err);
          break;
        }
      }
      mh_fix_top(&m);
    }
    if (st != KG_OK) break;
    if (present && (st = w_put(w, &key, err)) != KG_OK) break;
    if (fn && present != in_base) {
      kg_qid q = qkey_to(ord, &key);
      if (fn(ctx, &q, !present ? -1 : in_layer ? 1 : 2)) {
        if (!err || err->status == KG_OK)
          st = kg_err(err, KG_ERR_CANCELLED, "merge stopped");
        else
          st = err->status;
        break;
      }
    }
  }
  for (int i = nruns_start; i < ns; i++) free(s[i].buf);
  if (runs) runs->put(runs->ctx, ord);
  return st;
}

kg_status index_merge(const kg_view *v, const kg_runs *runs, const char *dir,
                      uint64_t gen, merge_fn fn, void *ctx, kg_index **out,
                      kg_error *err) {
  *out = NULL;
  kg_index *x = calloc(1, sizeof *x);
  if (!x || (dir && !(x->dir = strdup(dir)))) {
    free(x);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  x->gen = gen;
  kg_status st = KG_OK;
  qkey *buf = dir ? malloc(WBUF_KEYS * sizeof *buf) : NULL;
  if (dir && !buf) st = kg_err(err, KG_ERR_NOMEM, "out of memory");
  char path[4096];
  for (int o = 0; o < ORD_N && st == KG_OK; o++) {
    writer w = {.fd = -1, .buf = buf, .cap = WBUF_KEYS, .summed = 1};
    if (dir) {
      path_for(path, sizeof path, dir, gen, (kg_order)o);
      w.path = path;
      w.fd = fd_open_store(path, O_RDWR | O_CREAT | O_TRUNC);
      if (w.fd < 0) {
        st = kg_err_errno(err, "cannot create", path);
        break;
      }
      if (lseek(w.fd, HEADER_SIZE, SEEK_SET) < 0)
        st = kg_err_errno(err, "cannot seek", path);
    }
    if (st == KG_OK)
      st = merge_order(v, runs, (kg_order)o, &w, o == ORD_SPOG ? fn : NULL,
                       ctx, err);
    if (st == KG_OK && dir) st = w_flush(&w, err);
    if (st == KG_OK && dir) st = w_header(&w, (kg_order)o, gen, err);
    if (st == KG_OK && dir && fdatasync(w.fd) < 0)
      st = kg_err_errno(err, "cannot sync", path);
    if (dir) close(w.fd);
    free(w.sums);
    if (!dir) {
      x->part[o].heap = w.heap;
      x->part[o].keys = w.heap;
      x->part[o].n = w.nheap;
    } else if (st == KG_OK) {
      st = open_part(&x->part[o], path, (kg_order)o, err);
    }
  }
  free(buf);
  if (st != KG_OK) {
    index_close(x);
    if (dir) index_remove_files(dir, gen);
    return st;
  }
  *out = x;
  return KG_OK;
}

kg_status index_write_order(const char *dir, uint64_t gen, kg_order ord,
                            const qkey *keys, size_t n, kg_error *err) {
  char path[4096], tmp[4200];
  path_for(path, sizeof path, dir, gen, ord);
  snprintf(tmp, sizeof tmp, "%s.new", path);
  writer w = {.path = tmp, .summed = 1, .cap = WBUF_KEYS};
  w.buf = malloc(WBUF_KEYS * sizeof *w.buf);
  w.fd = w.buf ? fd_open_store(tmp, O_RDWR | O_CREAT | O_TRUNC) : -1;
  kg_status st = !w.buf ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                 : w.fd < 0 || lseek(w.fd, HEADER_SIZE, SEEK_SET) < 0
                     ? kg_err_errno(err, "cannot create", tmp)
                     : KG_OK;
  for (size_t i = 0; st == KG_OK && i < n; i++) st = w_put(&w, &keys[i], err);
  if (st == KG_OK) st = w_flush(&w, err);
  if (st == KG_OK) st = w_header(&w, ord, gen, err);
  if (st == KG_OK && fdatasync(w.fd) < 0) st = kg_err_errno(err, "cannot sync", tmp);
  if (w.fd >= 0) close(w.fd);
  if (st == KG_OK && rename(tmp, path) < 0) st = kg_err_errno(err, "cannot rename", tmp);
  if (st != KG_OK) unlink(tmp);
  free(w.buf);
  free(w.sums);
  return st;
}
