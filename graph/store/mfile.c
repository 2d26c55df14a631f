/* mfile.c - an append-only byte file read through stable memory maps. */
#include "store/mfile.h"

#include "fdio.h"
#include "grow.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
  WBUF_SIZE = 1 << 20,           /* append buffer */
  MEM_CHUNK = 1 << 20,           /* heap chunk in memory mode */
  /* bytes per write: the kernel caches a write as one folio and maps a
   * whole folio on a fault, so large writes would make every later read
   * of a record map up to a megabyte */
  WRITE_PIECE = 16 << 10
};
#define WINDOW_SIZE ((uint64_t)1 << 32) /* virtual size of one map */

typedef struct window {
  uint64_t start, len;    /* file offset and mapped (or used) bytes */
  size_t cap;             /* memory mode: chunk capacity */
  unsigned char *base;
} window;

struct mfile {
  char *path;
  int fd;                 /* -1 in memory mode */
  int readonly;
  uint64_t file_size;     /* bytes in the file */
  unsigned char *wbuf;    /* pending appends */
  size_t wlen;
  window *win;            /* disk: maps; memory: chunks (len = used) */
  size_t nwin, capwin;
};

static kg_status add_window(mfile *f, window w, kg_error *err) {
  if (!grow(&f->win, &f->capwin, f->nwin + 1, sizeof *f->win, 4))
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  f->win[f->nwin++] = w;
  return KG_OK;
}

kg_status mfile_open(const char *path, int create, int readonly, mfile **out,
                     kg_error *err) {
  *out = NULL;
  mfile *f = calloc(1, sizeof *f);
  if (!f) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  f->fd = -1;
  f->readonly = readonly;
  if (path) {
    f->path = strdup(path);
    int flags = readonly ? O_RDONLY : O_RDWR | (create ? O_CREAT : 0);
    f->fd = f->path ? fd_open_store(path, flags) : -1;
    if (f->fd < 0) {
      kg_status st = f->path ? kg_err_errno(err, "cannot open", path)
                             : kg_err(err, KG_ERR_NOMEM, "out of memory");
      mfile_close(f);
      return st;
    }
    struct stat sb;
    if (fstat(f->fd, &sb) < 0) {
      kg_status st = kg_err_errno(err, "cannot stat", path);
      mfile_close(f);
      return st;
    }
    f->file_size = (uint64_t)sb.st_size;
  }
  if (!readonly) {
    f->wbuf = malloc(WBUF_SIZE);
    if (!f->wbuf) {
      mfile_close(f);
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
    }
  }
  *out = f;
  return KG_OK;
}

void mfile_close(mfile *f) {
  if (!f) return;
  if (f->fd >= 0 && f->wlen) mfile_flush(f, NULL);
  for (size_t i = 0; i < f->nwin; i++) {
    if (f->fd >= 0) munmap(f->win[i].base, f->win[i].len);
    else free(f->win[i].base);
  }
  free(f->win);
  free(f->wbuf);
  if (f->fd >= 0) close(f->fd);
  free(f->path);
  free(f);
}

uint64_t mfile_size(const mfile *f) { return f->file_size + f->wlen; }

const char *mfile_path(const mfile *f) { return f->path ? f->path : ":memory:"; }

/* Memory mode: bytes go to the last chunk, or a new one. Records never
 * straddle chunks, so a record is contiguous in memory. */
static kg_status mem_append(mfile *f, const void *data, size_t n,
                            uint64_t *off, kg_error *err) {
  window *w = f->nwin ? &f->win[f->nwin - 1] : NULL;
  if (!w || w->cap - w->len < n) {
    size_t cap = n > MEM_CHUNK ? n : MEM_CHUNK;
    window nw = {f->file_size, 0, cap, malloc(cap)};
    if (!nw.base) return kg_err(err, KG_ERR_NOMEM, "out of memory");
    TRY(add_window(f, nw, err));
    w = &f->win[f->nwin - 1];
  }
  memcpy(w->base + w->len, data, n);
  if (off) *off = f->file_size;
  w->len += n;
  f->file_size += n;
  return KG_OK;
}

kg_status mfile_append(mfile *f, const void *data, size_t n, uint64_t *off,
                       kg_error *err) {
  if (f->readonly) return kg_err(err, KG_ERR_READONLY, "store is read-only");
  if (f->fd < 0) return mem_append(f, data, n, off, err);
  if (off) *off = f->file_size + f->wlen;
  if (f->wlen + n > WBUF_SIZE) TRY(mfile_flush(f, err));
  if (n > WBUF_SIZE) {
    /* the file holds what was written, even when the rest fails */
    size_t done;
    int rc = fd_write_full(f->fd, data, n, f->file_size, &done);
    f->file_size += done;
    return rc < 0 ? kg_err_errno(err, "cannot write", f->path) : KG_OK;
  }
  memcpy(f->wbuf + f->wlen, data, n);
  f->wlen += n;
  return KG_OK;
}

kg_status mfile_write_at(mfile *f, uint64_t off, const void *data, size_t n,
                         kg_error *err) {
  TRY(mfile_flush(f, err));
  if (f->fd < 0 || off + n > f->file_size)
    return kg_err(err, KG_ERR_ARG, "cannot rewrite %s past its end",
                  f->path ? f->path : "a memory file");
  if (fd_write_full(f->fd, data, n, off, NULL) < 0)
    return kg_err_errno(err, "cannot write", f->path);
  return KG_OK;
}

kg_status mfile_flush(mfile *f, kg_error *err) {
  if (f->fd < 0 || !f->wlen) return KG_OK;
  for (size_t done = 0; done < f->wlen; done += WRITE_PIECE) {
    size_t piece = f->wlen - done < WRITE_PIECE ? f->wlen - done : WRITE_PIECE;
    /* on failure all stays buffered; the file may hold a part */
    if (fd_write_full(f->fd, f->wbuf + done, piece, f->file_size + done,
                      NULL) < 0)
      return kg_err_errno(err, "cannot write", f->path);
  }
  f->file_size += f->wlen;
  f->wlen = 0;
  return KG_OK;
}

kg_status mfile_sync(mfile *f, kg_error *err) {
  TRY(mfile_flush(f, err));
  if (f->fd >= 0 && fdatasync(f->fd) < 0)
    return kg_err_errno(err, "cannot sync", f->path);
  return KG_OK;
}

const unsigned char *mfile_at(mfile *f, uint64_t off, size_t n) {
  if (off + n > mfile_size(f)) return NULL;
  if (f->fd < 0) {
    /* binary search for the chunk holding off */
    size_t lo = 0, hi = f->nwin;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (f->win[mid].start <= off) lo = mid + 1;
      else hi = mid;
    }
    if (!lo) return NULL;
    window *w = &f->win[lo - 1];
    if (off + n > w->start + w->len) return NULL;
    return w->base + (off - w->start);
  }
  if (off + n > f->file_size && mfile_flush(f, NULL) != KG_OK) return NULL;
  for (size_t i = f->nwin; i-- > 0;) {
    window *w = &f->win[i];
    if (off >= w->start && off + n <= w->start + w->len)
      return w->base + (off - w->start);
  }
  long page = sysconf(_SC_PAGESIZE);
  uint64_t start = off & ~((uint64_t)page - 1);
  uint64_t need = off + n - start, len = WINDOW_SIZE;
  if (need > len) len = need;
  void *base = mmap(NULL, len, PROT_READ, MAP_SHARED, f->fd, (off_t)start);
  /* under an address-space limit (ulimit -v, a container), smaller maps:
   * more of them, each still holding whole records */
  while (base == MAP_FAILED && errno == ENOMEM && len > need) {
    len = len / 4 > need ? len / 4 : need;
    base = mmap(NULL, len, PROT_READ, MAP_SHARED, f->fd, (off_t)start);
  }
  if (base == MAP_FAILED) return NULL;
  window w = {start, len, 0, base};
  if (add_window(f, w, NULL) != KG_OK) {
    munmap(base, len);
    return NULL;
  }
  return (unsigned char *)base + (off - start);
}

const unsigned char *mfile_peek(mfile *f, uint64_t off, size_t n) {
  if (f->fd >= 0 && off >= f->file_size && off + n <= f->file_size + f->wlen)
    return f->wbuf + (off - f->file_size);
  if (f->fd >= 0 && off < f->file_size && off + n > f->file_size)
    return mfile_at(f, off, n); /* straddles: flush */
  return mfile_at(f, off, n);
}

kg_status mfile_truncate(mfile *f, uint64_t size, kg_error *err) {
  if (size >= mfile_size(f)) return KG_OK;
  if (f->fd < 0) {
    while (f->nwin && f->win[f->nwin - 1].start >= size)
      free(f->win[--f->nwin].base);
    if (f->nwin) {
      window *w = &f->win[f->nwin - 1];
      if (w->start + w->len > size) w->len = size - w->start;
    }
    f->file_size = size;
    return KG_OK;
  }
  if (size >= f->file_size) {
    f->wlen = (size_t)(size - f->file_size);
    return KG_OK;
  }
  f->wlen = 0;
  if (ftruncate(f->fd, (off_t)size) < 0)
    return kg_err_errno(err, "cannot truncate", f->path);
  f->file_size = size;
  return KG_OK;
}

void mfile_release(mfile *f) {
  if (f->fd < 0) return;
  for (size_t i = 0; i < f->nwin; i++)
    madvise(f->win[i].base, f->win[i].len, MADV_DONTNEED);
}

/* /proc/self/statm stays open: a large load reads it every few thousand
 * lookups. Its pid is remembered, since after a fork the descriptor still
 * names the parent's. */
static pthread_mutex_t statm_mu = PTHREAD_MUTEX_INITIALIZER;
static int statm_fd = -1;
static pid_t statm_pid;

uint64_t mfile_resident(void) {
  char buf[128];
  pthread_mutex_lock(&statm_mu);
  if (statm_fd >= 0 && statm_pid != getpid()) {
    close(statm_fd);
    statm_fd = -1;
  }
  if (statm_fd < 0) {
    statm_fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    statm_pid = getpid();
  }
  ssize_t n = statm_fd >= 0 ? pread(statm_fd, buf, sizeof buf - 1, 0) : -1;
  pthread_mutex_unlock(&statm_mu);
  if (n <= 0) return 0;
  buf[n] = '\0';
  unsigned long long size, rss, shared;
  if (sscanf(buf, "%llu %llu %llu", &size, &rss, &shared) != 3) return 0;
  return (uint64_t)shared * (uint64_t)sysconf(_SC_PAGESIZE);
}

kg_status mfile_refresh(mfile *f, kg_error *err) {
  if (f->fd < 0) return KG_OK;
  struct stat sb;
  if (fstat(f->fd, &sb) < 0) return kg_err_errno(err, "cannot stat", f->path);
  f->file_size = (uint64_t)sb.st_size;
  f->wlen = 0;
  return KG_OK;
}
