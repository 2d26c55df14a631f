/* mfile.h - an append-only byte file read through stable memory maps.
 *
 * Appends are buffered and reach the file on mfile_flush (or when a read
 * needs them); reads return pointers that stay valid until mfile_close,
 * even as the file grows (each map window is kept). With no path the
 * "file" lives in heap chunks, with the same guarantees.
 */
#ifndef KG_MFILE_H
#define KG_MFILE_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

typedef struct mfile mfile;

/* Opens `path` (NULL = in memory); creates it when `create`. */
kg_status mfile_open(const char *path, int create, int readonly, mfile **out,
                     kg_error *err);
void mfile_close(mfile *f);

/* Logical size: bytes in the file plus bytes still buffered. */
uint64_t mfile_size(const mfile *f);

/* Appends n bytes; *off (may be NULL) receives their offset. */
kg_status mfile_append(mfile *f, const void *data, size_t n, uint64_t *off,
                       kg_error *err);

/* A pointer to n bytes at off, or NULL if out of range or on error. */
const unsigned char *mfile_at(mfile *f, uint64_t off, size_t n);

/* Like mfile_at, but the pointer may be into the append buffer and is
 * valid only until the next append or flush (no flush is forced). */
const unsigned char *mfile_peek(mfile *f, uint64_t off, size_t n);

kg_status mfile_flush(mfile *f, kg_error *err);
/* Rewrites n bytes already in the file at `off` (the maps see them:
 * they share the page cache). Disk files only. */
kg_status mfile_write_at(mfile *f, uint64_t off, const void *data, size_t n,
                         kg_error *err);
kg_status mfile_sync(mfile *f, kg_error *err);

/* Cuts the file to `size` bytes. Pointers past it must not be used. */
kg_status mfile_truncate(mfile *f, uint64_t size, kg_error *err);

/* Drops the mapped pages from this process's memory (they stay in the
 * page cache and come back on the next access; pointers stay valid).
 * Keeps the resident size of long loads bounded. */
void mfile_release(mfile *f);

/* Bytes of file pages mapped into this process (its RssFile, from
 * /proc/self/statm), or 0 when that cannot be read. */
uint64_t mfile_resident(void);

/* Re-reads the file size after another process appended. */
kg_status mfile_refresh(mfile *f, kg_error *err);

const char *mfile_path(const mfile *f);

#endif /* KG_MFILE_H */
