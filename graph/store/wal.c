/* wal.c - the journal of committed changes (format in wal.h). */
#include "store/wal.h"

#include "fault.h"
#include "fdio.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define HEADER 32
/* "KGJ2" and a CRC-32 of bytes 8..32; journals of earlier versions
 * start "KGJRNL01" and have no checksum (read, and stamped anew at their
 * next reset or publish). */
static const char MAGIC[4] = "KGJ2";
static const char MAGIC_V1[8] = "KGJRNL01";

enum { BUF_SIZE = 1 << 20, OPS_PER_FRAME = 4096 };

struct kg_wal {
  int fd;
  char *path;
  uint64_t size;        /* bytes written to the file */
  uint64_t committed;   /* end of the last committed transaction */
  unsigned char *buf;   /* frames not yet written */
  size_t nbuf;
  int ops_type;         /* 'A'/'D' of the frame being filled, or 0 */
  kg_qid *ops;
  size_t nops;
  unsigned long long txn_ops;
  int readonly;         /* opened for replay only: never written or cut */
  uint64_t gen;         /* the generation in the header */
  uint64_t published;   /* the end the header names (0: none) */
  wal_damage damage;    /* the last frame found unreadable */
};

static kg_status write_all(kg_wal *w, const void *data, size_t n,
                           kg_error *err) {
  size_t done;
  int rc = fd_write_full(w->fd, data, n, w->size, &done);
  w->size += done;
  return rc < 0 ? kg_err_errno(err, "cannot write journal", w->path) : KG_OK;
}

static kg_status buf_flush(kg_wal *w, kg_error *err) {
  if (!w->nbuf) return KG_OK;
  kg_status st = write_all(w, w->buf, w->nbuf, err);
  w->nbuf = 0;
  return st;
}

static kg_status buf_put(kg_wal *w, const void *data, size_t n,
                         kg_error *err) {
  if (w->nbuf + n > BUF_SIZE) TRY(buf_flush(w, err));
  if (n > BUF_SIZE) return write_all(w, data, n, err);
  memcpy(w->buf + w->nbuf, data, n);
  w->nbuf += n;
  return KG_OK;
}

/* Writes one frame whose payload is the concatenation of two parts. */
static kg_status frame(kg_wal *w, char type, const void *a, size_t na,
                       const void *b, size_t nb, kg_error *err) {
  unsigned char head[8] = {(unsigned char)type, 0, 0, 0};
  uint32_t len = (uint32_t)(na + nb);
  memcpy(head + 4, &len, 4);
  uLong crc = crc32(0L, head, 8);
  if (na) crc = crc32(crc, a, (uInt)na);
  if (nb) crc = crc32(crc, b, (uInt)nb);
  uint32_t c = (uint32_t)crc;
  TRY(buf_put(w, head, 8, err));
  if (na) TRY(buf_put(w, a, na, err));
  if (nb) TRY(buf_put(w, b, nb, err));
  return buf_put(w, &c, 4, err);
}

static kg_status ops_flush(kg_wal *w, kg_error *err) {
  if (!w->nops) return KG_OK;
  kg_status st = frame(w, (char)w->ops_type, w->ops, w->nops * sizeof *w->ops,
                       NULL, 0, err);
  w->nops = 0;
  w->ops_type = 0;
  return st;
}

static uint32_t header_crc(const unsigned char *h) {
  return (uint32_t)crc32(0L, h + 8, HEADER - 8);
}

static void header_make(unsigned char *h, uint64_t gen, uint64_t end,
                        uint64_t seq) {
  memcpy(h, MAGIC, 4);
  memcpy(h + 8, &gen, 8);
  memcpy(h + 16, &end, 8);
  memcpy(h + 24, &seq, 8);
  uint32_t c = header_crc(h);
  memcpy(h + 4, &c, 4);
}

/* 0, -1 not a journal, -2 a checksum that does not match. */
static int header_parse(const unsigned char *h, uint64_t *gen, uint64_t *end,
                        uint64_t *seq) {
  uint32_t c;
  memcpy(&c, h + 4, 4);
  if (!memcmp(h, MAGIC, 4)) {
    if (c != header_crc(h)) return -2;
  } else if (memcmp(h, MAGIC_V1, 8)) {
    return -1;
  }
  memcpy(gen, h + 8, 8);
  memcpy(end, h + 16, 8);
  memcpy(seq, h + 24, 8);
  return 0;
}

/* The new header goes first, then the cut: a reader in another process
 * that sees the old generation in the header may trust the bytes before
 * the end it names (see wal_peek). */
static kg_status write_header(kg_wal *w, uint64_t gen, uint64_t seq,
                              kg_error *err) {
  unsigned char h[HEADER];
  header_make(h, gen, HEADER, seq);
  w->gen = gen;
  w->published = HEADER;
  if (fd_write_full(w->fd, h, HEADER, 0, NULL) < 0)
    return kg_err_errno(err, "cannot write journal", w->path);
  if (ftruncate(w->fd, HEADER) < 0)
    return kg_err_errno(err, "cannot truncate journal", w->path);
  w->size = HEADER;
  if (fdatasync(w->fd) < 0) return kg_err_errno(err, "cannot sync", w->path);
  w->committed = w->size;
  return KG_OK;
}

static kg_status open_mode(const char *path, uint64_t gen, int expect,
                           uint64_t *file_gen, int readonly, kg_wal **out,
                           kg_error *err) {
  *out = NULL;
  kg_wal *w = calloc(1, sizeof *w);
  if (!w) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  w->readonly = readonly;
  w->path = strdup(path);
  w->buf = malloc(BUF_SIZE);
  w->ops = malloc(OPS_PER_FRAME * sizeof *w->ops);
  if (!w->path || !w->buf || !w->ops) {
    wal_close(w);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  w->fd = fd_open_store(path, readonly ? O_RDONLY : O_RDWR | O_CREAT);
  if (w->fd < 0) {
    kg_status st = kg_err_errno(err, "cannot open journal", path);
    wal_close(w);
    return st;
  }
  struct stat sb;
  kg_status st = KG_OK;
  unsigned char h[HEADER];
  uint64_t end = 0, seq;
  if (fstat(w->fd, &sb) < 0) {
    st = kg_err_errno(err, "cannot stat", path);
  } else if (sb.st_size < HEADER && expect) {
    /* kgsh syncs a header before the manifest names the store */
    st = kg_err(err, KG_ERR_CORRUPT,
                "store damaged: journal %s is truncated (%lld bytes, no "
                "header); the commits since the last checkpoint are lost",
                path, (long long)sb.st_size);
  } else if (sb.st_size < HEADER && readonly) {
    *file_gen = w->gen = gen; /* a new store's: nothing to replay */
  } else if (sb.st_size < HEADER) {
    st = write_header(w, gen, 0, err);
    *file_gen = gen;
  } else if (fd_read_full(w->fd, h, HEADER, 0) != HEADER) {
    st = kg_err_errno(err, "cannot read journal", path);
  } else {
    int rc = header_parse(h, file_gen, &end, &seq);
    if (rc == -1)
      st = kg_err(err, KG_ERR_CORRUPT, "%s is not a kgsh journal", path);
    else if (rc == -2)
      st = kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: journal %s, header: checksum mismatch",
                  path);
    w->gen = *file_gen;
    w->published = end;
    w->size = (uint64_t)sb.st_size;
    w->committed = HEADER;
  }
  if (st != KG_OK) {
    wal_close(w);
    return st;
  }
  *out = w;
  return KG_OK;
}

kg_status wal_open(const char *path, uint64_t gen, int expect,
                   uint64_t *file_gen, kg_wal **out, kg_error *err) {
  return open_mode(path, gen, expect, file_gen, 0, out, err);
}

kg_status wal_open_readonly(const char *path, uint64_t gen, int expect,
                            uint64_t *file_gen, kg_wal **out,
                            kg_error *err) {
  return open_mode(path, gen, expect, file_gen, 1, out, err);
}

void wal_close(kg_wal *w) {
  if (!w) return;
  if (w->fd >= 0) close(w->fd);
  free(w->path);
  free(w->buf);
  free(w->ops);
  free(w);
}

uint64_t wal_size(const kg_wal *w) { return w->size + w->nbuf; }
uint64_t wal_txn_start(const kg_wal *w) { return w->committed; }
unsigned long long wal_txn_ops(const kg_wal *w) { return w->txn_ops; }

kg_status wal_term(kg_wal *w, kg_id id, const unsigned char *rec, size_t len,
                   kg_error *err) {
  TRY(ops_flush(w, err));
  uint32_t head[3] = {id, 1, (uint32_t)len};
  return frame(w, 'T', head, sizeof head, rec, len, err);
}

kg_status wal_bulk(kg_wal *w, kg_error *err) {
  TRY(ops_flush(w, err));
  return frame(w, 'B', NULL, 0, NULL, 0, err);
}

kg_status wal_op(kg_wal *w, int op, const kg_qid *q, kg_error *err) {
  int type = op > 0 ? 'A' : 'D';
  if (w->ops_type != type || w->nops == OPS_PER_FRAME)
    TRY(ops_flush(w, err));
  w->ops_type = type;
  w->ops[w->nops++] = *q;
  w->txn_ops++;
  return KG_OK;
}

kg_status wal_commit(kg_wal *w, uint64_t seq, kg_id dict_count,
                     uint64_t bnodes, int sync, kg_error *err) {
  TRY(ops_flush(w, err));
  unsigned char p[20];
  memcpy(p, &seq, 8);
  memcpy(p + 8, &dict_count, 4);
  memcpy(p + 12, &bnodes, 8);
  TRY(frame(w, 'C', p, sizeof p, NULL, 0, err));
  TRY(buf_flush(w, err));
  kg_fault("journal-written");
  if (sync && fdatasync(w->fd) < 0)
    return kg_err_errno(err, "cannot sync journal", w->path);
  w->committed = w->size;
  w->txn_ops = 0;
  return KG_OK;
}

kg_status wal_abort(kg_wal *w, kg_error *err) {
  w->nbuf = 0;
  w->nops = 0;
  w->ops_type = 0;
  w->txn_ops = 0;
  if (w->size > w->committed) {
    if (ftruncate(w->fd, (off_t)w->committed) < 0)
      return kg_err_errno(err, "cannot truncate journal", w->path);
    w->size = w->committed;
  }
  return KG_OK;
}

kg_status wal_reset(kg_wal *w, uint64_t gen, uint64_t seq, kg_error *err) {
  w->nbuf = 0;
  w->nops = 0;
  w->ops_type = 0;
  w->txn_ops = 0;
  return write_header(w, gen, seq, err);
}

kg_status wal_publish(kg_wal *w, uint64_t seq, kg_error *err) {
  unsigned char h[HEADER];
  header_make(h, w->gen, w->committed, seq);
  if (fd_write_full(w->fd, h, HEADER, 0, NULL) < 0)
    return kg_err_errno(err, "cannot write journal", w->path);
  w->published = w->committed;
  return KG_OK;
}

int wal_peek(kg_wal *w, uint64_t *gen, uint64_t *end, uint64_t *seq) {
  unsigned char h[HEADER];
  if (fd_read_full(w->fd, h, HEADER, 0) != HEADER) return -1;
  int rc = header_parse(h, gen, end, seq);
  if (!rc) w->gen = *gen;
  return rc;
}

kg_status wal_adopt(kg_wal *w, uint64_t end, int cut, kg_error *err) {
  struct stat sb;
  if (cut && fstat(w->fd, &sb) < 0)
    return kg_err_errno(err, "cannot stat", w->path);
  /* a writer that died left frames past the last commit: cut them */
  if (cut && (uint64_t)sb.st_size > end && !w->readonly &&
      ftruncate(w->fd, (off_t)end) < 0)
    return kg_err_errno(err, "cannot truncate journal", w->path);
  w->size = w->committed = end;
  w->nbuf = 0;
  w->nops = 0;
  w->ops_type = 0;
  w->txn_ops = 0;
  return KG_OK;
}

/* ----------------------------------------------------------- reading */

/* Reads frames with pread through a sliding buffer (the journal of a
 * large load is not mapped whole: memory stays bounded). */
typedef struct reader {
  int fd;
  unsigned char *buf;
  size_t cap, len;     /* buffer capacity, bytes held */
  uint64_t at;         /* file offset of buf[0] */
  uint64_t pos, end;
  int failed;
  unsigned long long frames;  /* read so far */
  const char *why;            /* why the frame at pos could not be read */
} reader;

enum { READ_CHUNK = 1 << 20 };

/* Makes [pos, pos+n) available; NULL at the end or on an error. */
static const unsigned char *need(reader *r, uint64_t n) {
  if (r->pos + n > r->end) return NULL;
  if (r->pos >= r->at && r->pos + n <= r->at + r->len)
    return r->buf + (r->pos - r->at);
  size_t want = n > READ_CHUNK ? (size_t)n : READ_CHUNK;
  if (want > r->cap) {
    unsigned char *b = realloc(r->buf, want);
    if (!b) {
      r->failed = 1;
      return NULL;
    }
    r->buf = b;
    r->cap = want;
  }
  if (r->end - r->pos < want) want = (size_t)(r->end - r->pos);
  long long got = fd_read_full(r->fd, r->buf, want, r->pos);
  r->at = r->pos;
  r->len = got > 0 ? (size_t)got : 0;
  return r->len >= n ? r->buf : NULL;
}

/* Next valid frame: 1 and type/payload, 0 at end or at a torn frame.
 * Checksums are checked when `verify` (replay); later reads trust them.
 * The payload stays valid until the next call. */
static int next_frame(reader *r, char *type, const unsigned char **p,
                      uint32_t *len, int verify) {
  const unsigned char *h = need(r, 12);
  if (!h) {
    r->why = r->pos == r->end ? NULL : "truncated frame";
    return 0;
  }
  uint32_t n, c;
  memcpy(&n, h + 4, 4);
  h = need(r, 12 + (uint64_t)n);
  if (!h) {
    r->why = "truncated frame";
    return 0;
  }
  memcpy(&c, h + 8 + n, 4);
  if (verify && (uint32_t)crc32(crc32(0L, h, 8), h + 8, n) != c) {
    r->why = "checksum mismatch";
    return 0;
  }
  *type = (char)h[0];
  *p = h + 8;
  *len = n;
  r->pos += 12 + (uint64_t)n;
  r->frames++;
  return 1;
}

static int each_op(const unsigned char *p, uint32_t len, char type,
                   int (*fn)(void *, int, const kg_qid *), void *ctx) {
  for (uint32_t i = 0; i + sizeof(kg_qid) <= len; i += sizeof(kg_qid)) {
    kg_qid q;
    memcpy(&q, p + i, sizeof q);
    int r = fn(ctx, type == 'A' ? 1 : -1, &q);
    if (r) return r;
  }
  return 0;
}

/* Replays the frames in [from, to): *last gets the end of the last
 * commit read, *bad whether a frame could not be applied. */
static int replay_range(kg_wal *w, uint64_t from, uint64_t to,
                        const wal_replay_fns *fns, void *ctx,
                        uint64_t *last) {
  reader r = {.fd = w->fd, .pos = from, .end = to};
  uint64_t last_commit = from;
  int in_txn = 0, bad = 0;
  char type;
  const unsigned char *p;
  uint32_t len;
  while (!bad && next_frame(&r, &type, &p, &len, 1)) {
    if (!in_txn) {
      in_txn = 1;
      if (fns->begin && fns->begin(ctx)) bad = 1;
    }
    switch (type) {
    case 'T': {
      uint32_t head[3];
      if (len < sizeof head) { bad = 1; break; }
      memcpy(head, p, sizeof head);
      if (head[2] != len - sizeof head ||
          fns->terms(ctx, head[0], p + sizeof head, head[2]))
        bad = 1;
      break;
    }
    case 'A':
    case 'D':
      if (each_op(p, len, type, fns->op, ctx)) bad = 1;
      break;
    case 'B':
      if (len || (fns->bulk && fns->bulk(ctx, last_commit))) bad = 1;
      break;
    case 'C': {
      uint64_t seq, bn;
      uint32_t dc;
      if (len != 20) { bad = 1; break; }
      memcpy(&seq, p, 8);
      memcpy(&dc, p + 8, 4);
      memcpy(&bn, p + 12, 8);
      if (fns->commit(ctx, seq, dc, bn)) bad = 1;
      last_commit = r.pos;
      in_txn = 0;
      break;
    }
    default:
      bad = 1;
    }
  }
  if (bad && !r.why) r.why = "a change the store cannot apply";
  w->damage = (wal_damage){r.frames + (bad ? 0 : 1), r.pos, r.why,
                           last_commit};
  free(r.buf);
  *last = last_commit;
  return r.failed ? -2 : bad ? -1 : 0;
}

/* A committed frame that cannot be read: the error names it. */
static kg_status damaged(kg_wal *w, kg_error *err) {
  return kg_err(err, KG_ERR_CORRUPT,
                "store damaged: journal %s, frame %llu (byte %llu): %s; "
                "the commits from there on cannot be read",
                w->path, w->damage.frame, (unsigned long long)w->damage.at,
                w->damage.why ? w->damage.why : "truncated frame");
}

kg_status wal_replay(kg_wal *w, const wal_replay_fns *fns, void *ctx,
                     kg_error *err) {
  if (w->published > w->size) {
    w->damage = (wal_damage){0, w->size, "truncated", HEADER};
    return kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: journal %s ends at byte %llu, before the "
                  "last commit its header names (byte %llu)",
                  w->path, (unsigned long long)w->size,
                  (unsigned long long)w->published);
  }
  if (w->size <= HEADER) {
    w->committed = w->size;
    return KG_OK;
  }
  uint64_t last_commit;
  int rc = replay_range(w, HEADER, w->size, fns, ctx, &last_commit);
  if (rc == -2) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (rc == -1 && w->damage.at < w->published) return damaged(w, err);
  if (rc)
    return kg_err(err, KG_ERR_CORRUPT,
                  "journal %s holds a change the store cannot apply",
                  w->path);
  /* a tail past the published end is a commit that never finished; one
   * before it was published, so is damage */
  if (last_commit < w->published) return damaged(w, err);
  /* cut an unfinished transaction (a read-only reader just ignores it) */
  if (w->readonly) {
    w->size = w->committed = last_commit;
    return KG_OK;
  }
  if (last_commit < w->size) {
    if (ftruncate(w->fd, (off_t)last_commit) < 0)
      return kg_err_errno(err, "cannot truncate journal", w->path);
    w->size = last_commit;
  }
  w->committed = w->size;
  return KG_OK;
}

kg_status wal_salvage(kg_wal *w, const wal_replay_fns *fns, void *ctx,
                      kg_error *err) {
  uint64_t last = HEADER;
  int rc = w->size > HEADER ? replay_range(w, HEADER, w->size, fns, ctx, &last)
                            : 0;
  if (rc == -2) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (w->readonly)
    return kg_err(err, KG_ERR_READONLY, "journal %s is read-only", w->path);
  if (ftruncate(w->fd, (off_t)last) < 0 || fdatasync(w->fd) < 0)
    return kg_err_errno(err, "cannot truncate journal", w->path);
  w->size = w->committed = last;
  return KG_OK;
}

kg_status wal_tail(kg_wal *w, uint64_t from, uint64_t to,
                   const wal_replay_fns *fns, void *ctx, kg_error *err) {
  uint64_t last;
  int rc = replay_range(w, from, to, fns, ctx, &last);
  if (rc == -2) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (rc || last != to) {
    if (!w->damage.why) w->damage.why = "a commit that ends past the header's end";
    return kg_err(err, KG_ERR_STATE, "journal %s changed while read", w->path);
  }
  return KG_OK;
}

kg_status wal_each_op(kg_wal *w, uint64_t from, uint64_t to,
                      int (*fn)(void *ctx, int op, const kg_qid *q),
                      void *ctx, kg_error *err) {
  TRY(buf_flush(w, err));
  reader r = {.fd = w->fd, .pos = from, .end = to < w->size ? to : w->size};
  char type;
  const unsigned char *p;
  uint32_t len;
  kg_status st = KG_OK;
  while (next_frame(&r, &type, &p, &len, 0)) {
    if ((type == 'A' || type == 'D') && each_op(p, len, type, fn, ctx)) {
      st = kg_err(err, KG_ERR_CANCELLED, "stopped");
      break;
    }
  }
  free(r.buf);
  if (st == KG_OK && r.failed) st = kg_err(err, KG_ERR_NOMEM, "out of memory");
  return st;
}

wal_damage wal_damage_at(const kg_wal *w) { return w->damage; }
