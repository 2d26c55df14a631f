/* manifest.c - the small files of a store directory: the manifest (what
 * the other files hold), the dirty markers that tell recovery what to
 * redo, and their durable creation. */
#include "store/store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
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

kg_status store_manifest_write(kg_store *st, kg_error *err) {
  char path[4096], tmp[4200];
  store_path(path, sizeof path, st, MANIFEST);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (!f) return kg_err_errno(err, "cannot write", tmp);
  fprintf(f,
          "kgsh-store 1\ngeneration %llu\nterms %u\nseq %llu\nbnodes %llu\n"
          "quads %zu\nmirror %s\nmirror-seq %llu\nredland %s\n",
          (unsigned long long)st->gen, dict_count(st->dict),
          (unsigned long long)st->seq, (unsigned long long)st->bnodes,
          index_size(st->base), st->mirror_name,
          (unsigned long long)st->mirror_seq, st->redland ? "on" : "off");
  int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
  bad |= fclose(f) != 0;
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
  char path[4096], line[512];
  store_path(path, sizeof path, st, MANIFEST);
  memset(m, 0, sizeof *m);
  m->redland = -1; /* a manifest of before the copy was optional */
  FILE *f = fopen(path, "r");
  if (!f) return kg_err_errno(err, "cannot read", path);
  int ok = fgets(line, sizeof line, f) && !strncmp(line, "kgsh-store 1", 12);
  while (ok && fgets(line, sizeof line, f)) {
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
  fclose(f);
  if (!ok)
    return kg_err(err, KG_ERR_CORRUPT, "%s is not a kgsh manifest", path);
  if (!m->mirror[0]) snprintf(m->mirror, sizeof m->mirror, "kg");
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
  free(st->mirror_name);
  st->mirror_name = strdup(m.mirror);
  return st->mirror_name ? KG_OK : kg_err(err, KG_ERR_NOMEM, "out of memory");
}
