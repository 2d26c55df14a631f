/* manifest.c - the small files of a store directory: the manifest (what
 * the other files hold), the dirty markers that tell recovery what to
 * redo, and their durable creation. */
#include "store/store_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "fdio.h"

void store_path(char *buf, size_t n, const kg_store *st, const char *f) {
  snprintf(buf, n, "%s/%s", st->dir, f);
}

kg_status store_sync_dir(const char *dir, kg_error *err) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return kg_err_errno(err, "cannot open", dir);
  int r = fsync(fd);
  close(fd);
  return r < 0 ? kg_err_errno(err, "cannot sync", dir) : KG_OK;
}

/* Creates or removes a marker file, durably. */
kg_status store_marker(kg_store *st, const char *name, int on,
                       kg_error *err) {
  char path[4096];
  store_path(path, sizeof path, st, name);
  if (on) {
    int fd = fd_open_store(path, O_WRONLY | O_CREAT);
    if (fd < 0) return kg_err_errno(err, "cannot create", path);
    close(fd);
  } else if (unlink(path) < 0 && errno != ENOENT) {
    return kg_err_errno(err, "cannot remove", path);
  }
  return store_sync_dir(st->dir, err);
}

int store_has_file(const kg_store *st, const char *name) {
  char path[4096];
  struct stat sb;
  store_path(path, sizeof path, st, name);
  return stat(path, &sb) == 0;
}

/* ----------------------------------------------------------- manifest */

/* Version 2 ends with "crc X", the CRC-32 of the lines before it;
 * version 1 (earlier kgsh) has none. Version 3 is version 2 whose
 * statements may hold inline ids (store/inline.h), which a kgsh of
 * version 2 would not read: it refuses the manifest. */
kg_status store_manifest_write(kg_store *st, kg_error *err) {
  char path[4096], tmp[4200], text[1024];
  store_path(path, sizeof path, st, MANIFEST);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  int n = snprintf(text, sizeof text,
                   "kgsh-store 3\ngeneration %llu\nterms %u\nseq %llu\n"
                   "bnodes %llu\nquads %zu\nmirror %s\nmirror-seq %llu\n"
                   "redland %s\n",
                   (unsigned long long)st->gen, dict_count(st->dict),
                   (unsigned long long)st->seq,
                   (unsigned long long)st->bnodes, index_size(st->base),
                   st->mirror_name, (unsigned long long)st->mirror_seq,
                   st->redland ? "on" : "off");
  if (n < 0 || n > (int)sizeof text - 20)
    return kg_err(err, KG_ERR_ARG, "store name too long for %s", path);
  n += snprintf(text + n, sizeof text - (size_t)n, "crc %08lx\n",
                crc32(0L, (const Bytef *)text, (uInt)n));
  int fd = fd_open_store(tmp, O_WRONLY | O_CREAT | O_TRUNC);
  if (fd < 0) return kg_err_errno(err, "cannot write", tmp);
  int bad = fd_write_full(fd, text, (size_t)n, 0, NULL) < 0 || fsync(fd) < 0;
  bad |= close(fd) != 0;
  if (bad) {
    kg_status s = kg_err_errno(err, "cannot write", tmp);
    unlink(tmp);
    return s;
  }
  if (rename(tmp, path) < 0) return kg_err_errno(err, "cannot rename", tmp);
  st->manifest_id = store_manifest_id(st);
  return store_sync_dir(st->dir, err);
}

/* The manifest's identity (a new file replaces it at each write), to see
 * cheaply whether another process wrote it. */
long long store_manifest_id(const kg_store *st) {
  char path[4096];
  struct stat sb;
  store_path(path, sizeof path, st, MANIFEST);
  return stat(path, &sb) == 0 ? (long long)sb.st_ino : -1;
}

kg_status store_manifest_peek(const kg_store *st, store_manifest *m,
                              kg_error *err) {
  char path[4096], text[2048];
  store_path(path, sizeof path, st, MANIFEST);
  memset(m, 0, sizeof *m);
  m->redland = -1; /* a manifest of before the copy was optional */
  int fd = fd_open_store(path, O_RDONLY);
  if (fd < 0) return kg_err_errno(err, "cannot read", path);
  long long got = fd_read_full(fd, text, sizeof text - 1, 0);
  close(fd);
  if (got < 0) return kg_err_errno(err, "cannot read", path);
  text[got] = 0;
  int version = !strncmp(text, "kgsh-store 1\n", 13)   ? 1
                : !strncmp(text, "kgsh-store 2\n", 13) ? 2
                : !strncmp(text, "kgsh-store 3\n", 13) ? 3
                                                       : 0;
  if (!version)
    return kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: %s is not a kgsh manifest", path);
  /* the checksum line, last; the lines before it are what it covers */
  char *c = strstr(text, "\ncrc ");
  int have_crc = c && strchr(c + 1, '\n') && !strchr(c + 1, '\n')[1] &&
                 strtoul(c + 5, NULL, 16) ==
                     crc32(0L, (const Bytef *)text, (uInt)(c + 1 - text));
  for (char *line = text, *next; *line; line = next) {
    next = strchr(line, '\n');
    if (!next) break; /* a last line without its newline: damage */
    *next++ = 0;
    char key[64], val[400];
    if (sscanf(line, "%63s %399s", key, val) != 2) continue;
    if (!strcmp(key, "generation")) m->gen = strtoull(val, NULL, 10);
    else if (!strcmp(key, "seq")) m->seq = strtoull(val, NULL, 10);
    else if (!strcmp(key, "terms")) m->terms = strtoull(val, NULL, 10);
    else if (!strcmp(key, "bnodes")) m->bnodes = strtoull(val, NULL, 10);
    else if (!strcmp(key, "mirror-seq")) m->mirror_seq = strtoull(val, NULL, 10);
    else if (!strcmp(key, "mirror")) snprintf(m->mirror, sizeof m->mirror, "%s", val);
    else if (!strcmp(key, "redland")) m->redland = !strcmp(val, "on");
  }
  if (version >= 2 && !have_crc)
    return kg_err(err, KG_ERR_CORRUPT,
                  "store damaged: %s: checksum mismatch", path);
  if (!m->mirror[0]) snprintf(m->mirror, sizeof m->mirror, "kg");
  m->version = version;
  return KG_OK;
}

kg_status store_manifest_read(kg_store *st, kg_error *err) {
  store_manifest m;
  st->manifest_id = store_manifest_id(st);
  TRY(store_manifest_peek(st, &m, err));
  st->gen = m.gen;
  st->seq = m.seq;
  st->bnodes = m.bnodes;
  st->mirror_seq = m.mirror_seq;
  st->redland = m.redland;
  st->manifest_version = m.version;
  free(st->mirror_name);
  st->mirror_name = strdup(m.mirror);
  return st->mirror_name ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
}

/* ------------------------------------------------------------ notices */

void store_note(kg_store *st, const char *fmt, ...) {
  char msg[1400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  free(st->notice);
  st->notice = strdup(msg);
}
