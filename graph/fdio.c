/* fdio.c - whole reads and writes on file descriptors (see fdio.h). */
#include "fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

int fd_write_full(int fd, const void *data, size_t n, uint64_t off,
                  size_t *done) {
  const char *p = data;
  size_t got = 0;
  int rc = 0;
  while (got < n) {
    ssize_t w = off == FDIO_APPEND
                    ? write(fd, p + got, n - got)
                    : pwrite(fd, p + got, n - got, (off_t)(off + got));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (w == 0) errno = ENOSPC;
      rc = -1;
      break;
    }
    got += (size_t)w;
  }
  if (done) *done = got;
  return rc;
}

long long fd_read_full(int fd, void *data, size_t n, uint64_t off) {
  char *p = data;
  size_t got = 0;
  while (got < n) {
    ssize_t r = pread(fd, p + got, n - got, (off_t)(off + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += (size_t)r;
  }
  return (long long)got;
}

unsigned fd_store_mode(const char *path) {
  char dir[4096];
  struct stat sb;
  snprintf(dir, sizeof dir, "%s", path);
  return stat(dirname(dir), &sb) == 0 && !(sb.st_mode & 077) ? 0600 : 0644;
}

int fd_open_store(const char *path, int flags) {
  flags |= O_CLOEXEC | O_NOFOLLOW;
  return flags & O_CREAT ? open(path, flags, fd_store_mode(path))
                         : open(path, flags);
}
