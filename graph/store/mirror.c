/* mirror.c - the Redland "hashes" Berkeley DB files (see mirror.h). */
#include "store/mirror.h"

#include "fault.h"
#include "fdio.h"
#include "grow.h"
#include "store/quads.h"

#include "strbuf.h"

#include <db.h>
#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* Berkeley DB, loaded when a Redland copy is opened (kg_lazy, kg.h); its other
 * calls go through the DB handle's own function pointers */
#define KG_DB_FNS(X) X(db_create) X(db_strerror)
KG_LAZY_DECLARE(kg_db, KG_DB_FNS)
#define db_create (kg_db.db_create)
#define db_strerror (kg_db.db_strerror)
KG_LAZY_DEFINE(kg_db, KG_DB_FNS, "Berkeley DB", KG_SONAME_db, "libdb5.3")

enum { H_SP2O, H_PO2S, H_SO2P, H_CONTEXTS, H_N };
static const char *const hash_name[H_N] = {"sp2o", "po2s", "so2p",
                                           "contexts"};
static const size_t cache_size[H_N] = {4 << 20, 4 << 20, 4 << 20, 2 << 20};

enum { BATCH_MAX = 1 << 19 };  /* changes queued before writing */

/* A queued change. */
typedef struct change {
  kg_qid q;
  signed char op;      /* +1 add, -1 remove */
  signed char check;   /* add only if absent */
  signed char present; /* a checked add found in sp2o: skip the others */
} change;

struct kg_mirror {
  char *dir, *name;
  int readonly;
  DB *db[H_N];
  change *ch;
  size_t n, cap;
  kg_dict *dict;         /* terms of the queued changes */
  unsigned char *scratch;
  size_t scratch_cap;
};

/* ------------------------------------------------------------ encoding */

int mirror_term_ok(const kg_term *t) {
  switch (t->kind) {
  case KG_TERM_IRI:
  case KG_TERM_BLANK:
    return t->len <= 0xFFFF && !memchr(t->value, 0, t->len);
  case KG_TERM_LITERAL:
    return (!t->lang || strlen(t->lang) <= 0xFF) &&
           (!t->datatype || strlen(t->datatype) <= 0xFFFF) &&
           t->len <= 0xFFFFFFFFu && !memchr(t->value, 0, t->len);
  default:
    return 0;
  }
}

/* librdf_node_encode's format: R/B + 16-bit length + string + NUL; a
 * literal M (16-bit) or N (32-bit length), datatype and language lengths,
 * then string, datatype and language each NUL-terminated. */
static size_t node_size(const kg_term *t) {
  if (t->kind != KG_TERM_LITERAL) return 3 + t->len + 1;
  size_t dl = t->datatype ? strlen(t->datatype) : 0;
  size_t ll = t->lang ? strlen(t->lang) : 0;
  return (t->len > 0xFFFF ? 8 : 6) + t->len + 1 + (dl ? dl + 1 : 0) +
         (ll ? ll + 1 : 0);
}

static unsigned char *node_put(unsigned char *p, const kg_term *t) {
  if (t->kind != KG_TERM_LITERAL) {
    *p++ = t->kind == KG_TERM_IRI ? 'R' : 'B';
    *p++ = (unsigned char)(t->len >> 8);
    *p++ = (unsigned char)t->len;
    memcpy(p, t->value, t->len);
    p += t->len;
    *p++ = 0;
    return p;
  }
  size_t dl = t->datatype ? strlen(t->datatype) : 0;
  size_t ll = t->lang ? strlen(t->lang) : 0;
  if (t->len > 0xFFFF) {
    *p++ = 'N';
    *p++ = (unsigned char)(t->len >> 24);
    *p++ = (unsigned char)(t->len >> 16);
    *p++ = (unsigned char)(t->len >> 8);
    *p++ = (unsigned char)t->len;
  } else {
    *p++ = 'M';
    *p++ = (unsigned char)(t->len >> 8);
    *p++ = (unsigned char)t->len;
  }
  *p++ = (unsigned char)(dl >> 8);
  *p++ = (unsigned char)dl;
  *p++ = (unsigned char)ll;
  memcpy(p, t->value, t->len);
  p += t->len;
  *p++ = 0;
  if (dl) {
    memcpy(p, t->datatype, dl + 1);
    p += dl + 1;
  }
  if (ll) {
    memcpy(p, t->lang, ll + 1);
    p += ll + 1;
  }
  return p;
}

/* Decodes one node; returns bytes used or 0. Strings point into buf. */
static size_t node_get(const unsigned char *p, size_t n, kg_term *t) {
  memset(t, 0, sizeof *t);
  if (n < 3) return 0;
  size_t len, dl = 0, ll = 0, head;
  switch (p[0]) {
  case 'R':
  case 'B':
    len = (size_t)p[1] << 8 | p[2];
    if (n < 4 + len) return 0;
    t->kind = p[0] == 'R' ? KG_TERM_IRI : KG_TERM_BLANK;
    t->value = (const char *)p + 3;
    t->len = len;
    return 4 + len;
  case 'M':
    if (n < 6) return 0;
    len = (size_t)p[1] << 8 | p[2];
    dl = (size_t)p[3] << 8 | p[4];
    ll = p[5];
    head = 6;
    break;
  case 'N':
    if (n < 8) return 0;
    len = (size_t)p[1] << 24 | (size_t)p[2] << 16 | (size_t)p[3] << 8 | p[4];
    dl = (size_t)p[5] << 8 | p[6];
    ll = p[7];
    head = 8;
    break;
  default:
    return 0;
  }
  size_t total = head + len + 1 + (dl ? dl + 1 : 0) + (ll ? ll + 1 : 0);
  if (n < total) return 0;
  t->kind = KG_TERM_LITERAL;
  t->value = (const char *)p + head;
  t->len = len;
  const char *q = (const char *)p + head + len + 1;
  if (dl) {
    t->datatype = q;
    q += dl + 1;
  }
  if (ll) t->lang = q;
  return total;
}

/* ------------------------------------------------------------- files */

static void file_path(char *buf, size_t n, const char *dir, const char *name,
                      int h) {
  snprintf(buf, n, "%s/%s-%s.db", dir, name, hash_name[h]);
}

char *mirror_find_name(const char *dir) {
  DIR *d = opendir(dir);
  char *name = NULL;
  if (d) {
    struct dirent *e;
    while (!name && (e = readdir(d))) {
      size_t l = strlen(e->d_name);
      if (l > 8 && !strcmp(e->d_name + l - 8, "-sp2o.db"))
        name = strndup(e->d_name, l - 8);
    }
    closedir(d);
  }
  return name ? name : strdup("kg");
}

int mirror_exists(const char *dir, const char *name) {
  char path[4096];
  struct stat sb;
  file_path(path, sizeof path, dir, name, H_SP2O);
  return stat(path, &sb) == 0;
}

kg_status mirror_remove(const char *dir, const char *name,
                        long long *bytes, kg_error *err) {
  char path[4096];
  struct stat sb;
  if (bytes) *bytes = 0;
  for (int h = 0; h < H_N; h++) {
    file_path(path, sizeof path, dir, name, h);
    if (bytes && stat(path, &sb) == 0) *bytes += (long long)sb.st_size;
    if (unlink(path) < 0 && errno != ENOENT)
      return kg_err_errno(err, "cannot remove", path);
  }
  return KG_OK;
}

static kg_status db_err(kg_error *err, const char *what, const char *path,
                        int ret) {
  return kg_err(err, ret == ENOSPC ? KG_ERR_IO : KG_ERR_CORRUPT,
                "%s %s: %s", what, path, db_strerror(ret));
}

/* Berkeley DB writes its own messages to stderr unless given a callback:
 * the library never prints, and each failure is returned with its code. */
static void db_quiet(const DB_ENV *env, const char *prefix, const char *msg) {
  (void)env, (void)prefix, (void)msg;
}

static kg_status open_db(kg_mirror *m, int h, int truncate, kg_error *err) {
  char path[4096];
  file_path(path, sizeof path, m->dir, m->name, h);
  struct stat lsb;
  if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
    errno = ELOOP; /* Berkeley DB would follow it */
    return kg_err_errno(err, "cannot open", path);
  }
  TRY(kg_lazy_load(&kg_db_lib, err));
  int ret = db_create(&m->db[h], NULL, 0);
  if (ret) return db_err(err, "cannot create", path, ret);
  m->db[h]->set_errcall(m->db[h], db_quiet);
  m->db[h]->set_cachesize(m->db[h], 0, (u_int32_t)cache_size[h], 1);
  m->db[h]->set_flags(m->db[h], DB_DUP);
  u_int32_t flags = m->readonly ? DB_RDONLY : DB_CREATE;
  if (truncate) flags |= DB_TRUNCATE;
  ret = m->db[h]->open(m->db[h], NULL, path, NULL, DB_BTREE, flags,
                        (int)fd_store_mode(path));
  if (ret) {
    m->db[h]->close(m->db[h], 0);
    m->db[h] = NULL;
    return db_err(err, "cannot open", path, ret);
  }
  return KG_OK;
}

kg_status mirror_open(const char *dir, const char *name, int readonly,
                      kg_mirror **out, kg_error *err) {
  *out = NULL;
  kg_mirror *m = calloc(1, sizeof *m);
  if (!m) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  m->dir = strdup(dir);
  m->name = strdup(name);
  m->readonly = readonly;
  kg_status st = m->dir && m->name ? KG_OK
                                   : kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (int h = 0; h < H_N && st == KG_OK; h++) st = open_db(m, h, 0, err);
  if (st != KG_OK) {
    mirror_close(m);
    return st;
  }
  *out = m;
  return KG_OK;
}

void mirror_close(kg_mirror *m) {
  if (!m) return;
  for (int h = 0; h < H_N; h++) {
    if (m->db[h]) m->db[h]->close(m->db[h], 0);
  }
  free(m->ch);
  free(m->scratch);
  free(m->dir);
  free(m->name);
  free(m);
}

/* ------------------------------------------------------------ writing */

static unsigned char *scratch(kg_mirror *m, size_t n) {
  if (n > m->scratch_cap) {
    unsigned char *s = realloc(m->scratch, n * 2);
    if (!s) return NULL;
    m->scratch = s;
    m->scratch_cap = n * 2;
  }
  return m->scratch;
}

/* Changes are queued as ids and written in Berkeley DB key order: the
 * distinct terms of a batch are ranked by their librdf encoding, so that
 * sorting statements by the ranks of their key nodes sorts them by key
 * bytes, and every file is written front to back once per batch. */

static int dict_node(kg_dict *d, kg_id id, kg_term *t, kg_error *err) {
  if (!dict_term(d, id, t)) {
    kg_err(err, KG_ERR_CORRUPT, "term %u is missing", id);
    return -1;
  }
  if (!mirror_term_ok(t)) {
    kg_err(err, KG_ERR_UNSUPPORTED,
           "a term is too long for the Redland store");
    return -1;
  }
  return 0;
}

kg_status mirror_change(kg_mirror *m, kg_dict *d, int op, const kg_qid *q,
                        int check, kg_error *err) {
  if (m->readonly) return kg_err(err, KG_ERR_READONLY, "store is read-only");
  /* a full batch is written out (flush empties it) rather than grown */
  if (m->n == m->cap && m->cap >= BATCH_MAX) TRY(mirror_flush(m, err));
  if (!grow(&m->ch, &m->cap, m->n + 1, sizeof *m->ch, 1024))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  m->dict = d;
  m->ch[m->n++] = (change){*q, (signed char)op, (signed char)check, 0};
  return KG_OK;
}

typedef struct ranked {
  kg_id id;
  uint32_t len;
  size_t off;                /* encoding in the arena buffer */
} ranked;

static int ranked_cmp(const void *a, const void *b, void *buf) {
  const ranked *x = a, *y = b;
  const unsigned char *base = buf;
  uint32_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(base + x->off, base + y->off, n);
  if (c) return c;
  return (x->len > y->len) - (x->len < y->len);
}

static int id_cmp(const void *a, const void *b) {
  kg_id x = *(const kg_id *)a, y = *(const kg_id *)b;
  return (x > y) - (x < y);
}

/* The batch's distinct terms: their librdf encodings in rank order.
 * Before writing, a batch's changes hold ranks + 1 instead of ids (0
 * still meaning no graph), so that memory follows the batch, not the
 * dictionary. */
typedef struct ranks {
  size_t *off;               /* rank + 1 -> offset of its encoding in enc */
  uint32_t *len;             /* rank + 1 -> length */
  strbuf enc;
} ranks;

static void ranks_free(ranks *r) {
  free(r->off);
  free(r->len);
  strbuf_free(&r->enc);
}

static void put_node(unsigned char **p, const ranks *r, uint32_t k) {
  memcpy(*p, r->enc.data + r->off[k], r->len[k]);
  *p += r->len[k];
}

/* The map from id to rank + 1 for to_ranks: an array by id (`of`) when
 * that is no larger than a hash table of the batch's ids would be, else
 * such a table; either way its size follows the batch, not the
 * dictionary. */
typedef struct idrank {
  kg_id id;
  uint32_t rank;
} idrank;

typedef struct rankmap {
  uint32_t *of;
  idrank *t;
  int bits;
} rankmap;

static size_t rankmap_slot(const rankmap *m, kg_id id) {
  return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> (64 - m->bits));
}

static uint32_t rankmap_get(const rankmap *m, kg_id id) {
  if (m->of) return m->of[id];
  size_t mask = ((size_t)1 << m->bits) - 1, j = rankmap_slot(m, id);
  while (m->t[j].id != id) j = (j + 1) & mask;
  return m->t[j].rank;
}

/* Replaces the ids of the batch's changes by rank + 1, rk[0..n) being
 * the distinct ids in rank order. Returns -1 out of memory. */
static int to_ranks(kg_mirror *m, const ranked *rk, size_t n) {
  rankmap map = {NULL, NULL, 4};
  while (((size_t)1 << map.bits) < n + n / 4) map.bits++;
  size_t slots = (size_t)1 << map.bits;
  kg_id maxid = 0;
  for (size_t i = 0; i < n; i++)
    if (rk[i].id > maxid) maxid = rk[i].id;
  if (((size_t)maxid + 1) * sizeof *map.of <= slots * sizeof *map.t) {
    if (!(map.of = malloc(((size_t)maxid + 1) * sizeof *map.of))) return -1;
    for (size_t i = 0; i < n; i++) map.of[rk[i].id] = (uint32_t)i + 1;
  } else {
    if (!(map.t = calloc(slots, sizeof *map.t))) return -1;
    for (size_t i = 0; i < n; i++) {
      size_t j = rankmap_slot(&map, rk[i].id);
      while (map.t[j].id) j = (j + 1) & (slots - 1);
      map.t[j] = (idrank){rk[i].id, (uint32_t)i + 1};
    }
  }
  for (size_t i = 0; i < m->n; i++) {
    kg_qid *q = &m->ch[i].q;
    q->s = rankmap_get(&map, q->s);
    q->p = rankmap_get(&map, q->p);
    q->o = rankmap_get(&map, q->o);
    if (q->g) q->g = rankmap_get(&map, q->g);
  }
  free(map.of);
  free(map.t);
  return 0;
}

/* Encodes the key/value pair of hash h for change c into buf. */
static size_t encode_pair(int h, const change *c, const ranks *r,
                          unsigned char *buf, size_t *klen) {
  static const char parts[3][3] = {{'s', 'p', 'o'}, {'p', 'o', 's'},
                                   {'s', 'o', 'p'}};
  kg_id id3[3] = {c->q.s, c->q.p, c->q.o};
  unsigned char *p = buf;
  if (h == H_CONTEXTS) {
    put_node(&p, r, c->q.g);
    *klen = (size_t)(p - buf);
    *p++ = 'x';
    for (int j = 0; j < 3; j++) {
      *p++ = (unsigned char)"spo"[j];
      put_node(&p, r, id3[j]);
    }
    return (size_t)(p - buf);
  }
  *p++ = 'x';
  for (int j = 0; j < 3; j++) {
    char part = parts[h][j];
    if (j == 2) {
      *klen = (size_t)(p - buf);
      *p++ = 'x';
    }
    *p++ = (unsigned char)part;
    put_node(&p, r, id3[part == 's' ? 0 : part == 'p' ? 1 : 2]);
  }
  if (c->q.g) {
    *p++ = 'c';
    put_node(&p, r, c->q.g);
  }
  return (size_t)(p - buf);
}

/* Encodes change c for hash h into the scratch buffer (NULL when out of
 * memory): the key is the first *klen bytes of *len. */
static unsigned char *encode_change(kg_mirror *m, int h, const change *c,
                                    const ranks *r, size_t *klen,
                                    size_t *len) {
  size_t need = 8;
  kg_id id4[4] = {c->q.s, c->q.p, c->q.o, c->q.g};
  for (int i = 0; i < 4; i++)
    if (id4[i]) need += 2 * (r->len[id4[i]] + 1);
  unsigned char *buf = scratch(m, need);
  if (buf) *len = encode_pair(h, c, r, buf, klen);
  return buf;
}

typedef struct vref {
  size_t off;
  uint32_t len;
} vref;

static int vref_cmp(const void *a, const void *b, void *base) {
  const vref *x = a, *y = b;
  const unsigned char *d = base;
  int c = memcmp(d + x->off, d + y->off, x->len < y->len ? x->len : y->len);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Deletes the values of several removals that share one key in one pass
 * over the key's duplicates: with unsorted duplicates a lookup scans
 * them all, and po2s or contexts keys (all the instances of a class, all
 * the statements of a graph) can have millions. Returns a Berkeley DB
 * error, 0, or -1 when out of memory. */
static int remove_run(kg_mirror *m, int h, const ranks *r, DBC *cur,
                      const qkey *run, size_t n) {
  vref *v = malloc(n * sizeof *v);
  strbuf vals = {0};
  unsigned char *key = NULL;
  size_t klen = 0;
  int ret = v ? 0 : -1;
  for (size_t i = 0; !ret && i < n; i++) {
    size_t kl, len;
    unsigned char *buf = encode_change(m, h, &m->ch[run[i].k[2]], r, &kl, &len);
    if (!buf) {
      ret = -1;
      break;
    }
    if (!i && !(key = malloc(kl ? kl : 1))) ret = -1;
    if (!i && key) {
      memcpy(key, buf, kl);
      klen = kl;
    }
    v[i] = (vref){vals.len, (uint32_t)(len - kl)};
    strbuf_append(&vals, (const char *)buf + kl, len - kl);
  }
  if (!ret && vals.oom) ret = -1;
  if (!ret) {
    qsort_r(v, n, sizeof *v, vref_cmp, vals.data);
    DBT k = {.data = key, .size = (u_int32_t)klen}, d = {0};
    ret = cur->get(cur, &k, &d, DB_SET);
    while (!ret) {
      size_t lo = 0, hi = n;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const vref *x = &v[mid];
        int c = memcmp(vals.data + x->off, d.data,
                       x->len < d.size ? x->len : d.size);
        if (!c) c = (x->len > d.size) - (x->len < d.size);
        if (!c) {
          lo = mid;
          hi = mid + 1;
          break;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo < hi && lo < n) ret = cur->del(cur, 0);
      if (!ret) ret = cur->get(cur, &k, &d, DB_NEXT_DUP);
    }
    if (ret == DB_NOTFOUND) ret = 0;
  }
  free(key);
  free(v);
  strbuf_free(&vals);
  return ret;
}

static kg_status write_hash(kg_mirror *m, int h, const ranks *r,
                            kg_error *err) {
  static const int first[4][2] = {{0, 1}, {1, 2}, {0, 2}, {3, 3}};
  /* (rank of the key's first node, of its second, change index), sorted
   * by key with a key's changes in change order */
  qkey *ord = malloc((m->n ? m->n : 1) * sizeof *ord);
  if (!ord) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < m->n; i++) {
    const change *c = &m->ch[i];
    kg_id id4[4] = {c->q.s, c->q.p, c->q.o, c->q.g};
    if (h == H_CONTEXTS && !c->q.g) continue;
    uint32_t a = id4[first[h][0]];
    uint32_t b = h == H_CONTEXTS ? 0 : id4[first[h][1]];
    ord[n++] = (qkey){{a, b, (uint32_t)i, 0}};
  }
  if (qkey_sort_prefix(ord, n, NULL, 2) < 0) {
    free(ord);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  DB *db = m->db[h];
  DBC *cur = NULL;
  int ret = db->cursor(db, NULL, &cur, 0);
  kg_status st = KG_OK;
  for (size_t k = 0; !ret && k < n; k++) {
    change *c = &m->ch[ord[k].k[2]];
    if (c->op < 0) {
      /* consecutive removals under one key: one pass over its values */
      size_t e = k + 1;
      while (e < n && ord[e].k[0] == ord[k].k[0] &&
             ord[e].k[1] == ord[k].k[1] && m->ch[ord[e].k[2]].op < 0)
        e++;
      if (e - k > 1) {
        ret = remove_run(m, h, r, cur, ord + k, e - k);
        if (ret < 0) {
          ret = 0;
          st = kg_err(err, KG_ERR_NOMEM, "out of memory");
          break;
        }
        k = e - 1;
        continue;
      }
    }
    size_t klen = 0, len = 0;
    unsigned char *buf = encode_change(m, h, c, r, &klen, &len);
    if (!buf) {
      st = kg_err(err, KG_ERR_NOMEM, "out of memory");
      break;
    }
    DBT key = {.data = buf, .size = (u_int32_t)klen};
    DBT val = {.data = buf + klen, .size = (u_int32_t)(len - klen)};
    if (c->op > 0 && c->check && h != H_SP2O) {
      /* whether the statement is there was found in sp2o, written first:
       * a lookup here would scan every duplicate of the key, and po2s
       * has one key per (predicate, object), e.g. all the instances of a
       * class */
      if (c->present) continue;
    } else if (c->op < 0 || c->check) {
      int found = cur->get(cur, &key, &val, DB_GET_BOTH);
      if (found && found != DB_NOTFOUND) {
        ret = found;
        break;
      }
      if (c->op < 0) {
        if (!found) ret = cur->del(cur, 0);
        continue;
      }
      if (!found) {
        c->present = 1; /* already there */
        continue;
      }
    }
    ret = db->put(db, NULL, &key, &val, 0);
    kg_fault("mirror-put");
  }
  if (cur) cur->close(cur);
  free(ord);
  if (ret && st == KG_OK) {
    char path[4096];
    file_path(path, sizeof path, m->dir, m->name, h);
    st = db_err(err, "cannot write", path, ret);
  }
  return st;
}

kg_status mirror_flush(kg_mirror *m, kg_error *err) {
  if (!m->n) return KG_OK;
  /* the distinct terms of the batch, ranked by their encoding */
  size_t cap = m->n * 4, nids = 0;
  kg_id *ids = malloc(cap * sizeof *ids);
  ranks r = {0};
  if (!ids) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < m->n; i++) {
    kg_id q4[4] = {m->ch[i].q.s, m->ch[i].q.p, m->ch[i].q.o, m->ch[i].q.g};
    for (int k = 0; k < 4; k++) {
      if (!q4[k]) continue;
      ids[nids++] = q4[k];
    }
  }
  qsort(ids, nids, sizeof *ids, id_cmp);
  size_t u = 0;
  for (size_t i = 0; i < nids; i++)
    if (!u || ids[u - 1] != ids[i]) ids[u++] = ids[i];
  nids = u;
  ranked *rk = malloc((nids ? nids : 1) * sizeof *rk);
  r.off = malloc((nids + 1) * sizeof *r.off);
  r.len = malloc((nids + 1) * sizeof *r.len);
  strbuf enc = {0};
  kg_status st = rk && r.off && r.len
                     ? KG_OK
                     : kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t i = 0; st == KG_OK && i < nids; i++) {
    kg_term t;
    if (dict_node(m->dict, ids[i], &t, err) < 0) {
      st = err->status;
      break;
    }
    size_t len = node_size(&t);
    size_t at = enc.len;
    unsigned char tmp[128];
    unsigned char *b = len <= sizeof tmp ? tmp : malloc(len);
    if (!b) {
      st = kg_err(err, KG_ERR_NOMEM, "out of memory");
      break;
    }
    node_put(b, &t);
    strbuf_append(&enc, (const char *)b, len);
    if (b != tmp) free(b);
    rk[i] = (ranked){ids[i], (uint32_t)len, at};
  }
  free(ids);
  /* the dictionary's pages read for this batch can go */
  dict_release(m->dict);
  if (st == KG_OK && enc.oom) st = kg_err(err, KG_ERR_NOMEM, "out of memory");
  if (st == KG_OK) {
    qsort_r(rk, nids, sizeof *rk, ranked_cmp, enc.data);
    for (size_t i = 0; i < nids; i++) {
      r.off[i + 1] = rk[i].off;
      r.len[i + 1] = rk[i].len;
    }
    r.enc = enc;
    if (to_ranks(m, rk, nids) < 0)
      st = kg_err(err, KG_ERR_NOMEM, "out of memory");
    memset(&enc, 0, sizeof enc);
  }
  free(rk);
  for (int h = 0; h < H_N && st == KG_OK; h++) st = write_hash(m, h, &r, err);
  strbuf_free(&enc);
  ranks_free(&r);
  m->n = 0;
#ifdef __GLIBC__
  /* the batch's arrays leave holes in the heap: give them back, so that
   * a long load stays the size of one batch */
  malloc_trim(0);
#endif
  return st;
}

kg_status mirror_sync(kg_mirror *m, kg_error *err) {
  if (m->readonly) return KG_OK;
  TRY(mirror_flush(m, err));
  for (int h = 0; h < H_N; h++) {
    int ret = m->db[h]->sync(m->db[h], 0);
    if (ret) {
      char path[4096];
      file_path(path, sizeof path, m->dir, m->name, h);
      return db_err(err, "cannot sync", path, ret);
    }
  }
  return KG_OK;
}

kg_status mirror_clear(kg_mirror *m, kg_error *err) {
  m->n = 0;
  for (int h = 0; h < H_N; h++) {
    if (m->db[h]) m->db[h]->close(m->db[h], 0);
    m->db[h] = NULL;
    TRY(open_db(m, h, 1, err));
  }
  return KG_OK;
}

/* ------------------------------------------------------------ reading */

/* Decodes 'x' followed by tagged nodes into t[0..2] (s, p, o) and t[3]
 * (context). */
static int decode_parts(const unsigned char *p, size_t n, kg_term t[4]) {
  if (!n || p[0] != 'x') return 0;
  size_t i = 1;
  while (i < n) {
    char tag = (char)p[i++];
    int slot = tag == 's' ? 0 : tag == 'p' ? 1 : tag == 'o' ? 2
               : tag == 'c' ? 3 : -1;
    if (slot < 0) return 0;
    size_t used = node_get(p + i, n - i, &t[slot]);
    if (!used) return 0;
    i += used;
  }
  return 1;
}

kg_status mirror_each(kg_mirror *m, int (*fn)(void *ctx, const kg_quad *q),
                      void *ctx, kg_error *err) {
  DB *db = m->db[H_SP2O];
  DBC *c;
  int ret = db->cursor(db, NULL, &c, 0);
  if (ret) return db_err(err, "cannot read", m->name, ret);
  DBT key = {0}, val = {0};
  kg_status st = KG_OK;
  while ((ret = c->get(c, &key, &val, DB_NEXT)) == 0) {
    kg_term t[4];
    memset(t, 0, sizeof t);
    if (!decode_parts(key.data, key.size, t) ||
        !decode_parts(val.data, val.size, t) || !t[0].kind || !t[1].kind ||
        !t[2].kind) {
      st = kg_err(err, KG_ERR_CORRUPT,
                  "the Redland store %s/%s holds an undecodable statement",
                  m->dir, m->name);
      break;
    }
    kg_quad q = {t[0], t[1], t[2], t[3]};
    if (fn(ctx, &q)) {
      st = kg_err(err, KG_ERR_CANCELLED, "stopped");
      break;
    }
  }
  if (st == KG_OK && ret != DB_NOTFOUND)
    st = db_err(err, "cannot read", m->name, ret);
  c->close(c);
  return st;
}
