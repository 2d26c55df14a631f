/* fdio.h - whole reads and writes on file descriptors: the one loop that
 * retries short transfers and EINTR. */
#ifndef FDIO_H
#define FDIO_H

#include <stddef.h>
#include <stdint.h>

/* Writes n bytes at offset `off` (pwrite), or at the file position when
 * off is FDIO_APPEND (write). Returns 0, or -1 with errno set; *done (if
 * not NULL) is the number of bytes written either way. */
#define FDIO_APPEND UINT64_MAX
int fd_write_full(int fd, const void *data, size_t n, uint64_t off,
                  size_t *done);
/* Reads up to n bytes at `off` (pread), stopping early only at the end of
 * the file. Returns the bytes read, or -1 with errno set. */
long long fd_read_full(int fd, void *data, size_t n, uint64_t off);

/* Opens a file of a store directory: never through a symbolic link
 * (ELOOP), close-on-exec, and when `flags` has O_CREAT, created with
 * mode fd_store_mode(path). Returns the descriptor or -1 with errno. */
int fd_open_store(const char *path, int flags);
/* The mode of a new file at path: 0600 when its directory is closed to
 * group and others (a private store), else 0644 (less the umask). */
unsigned fd_store_mode(const char *path);

#endif /* FDIO_H */
