/* prefix.c - the prefix registry: well-known prefixes plus those declared
 * by loaded files or by the user, kept in the store's "prefixes" file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "fdio.h"
#include "grow.h"
#include "iri.h"
#include "pname.h"
#include "store/store_impl.h"
#include "strbuf.h"

typedef struct pfx {
  char *name, *iri;
} pfx;

struct kg_prefixes {
  pfx *v;
  size_t n, cap;
};

static const char *const well_known[][2] = {
  {"dbo", "http://dbpedia.org/ontology/"},
  {"dbr", "http://dbpedia.org/resource/"},
  {"dcterms", "http://purl.org/dc/terms/"},
  {"foaf", "http://xmlns.com/foaf/0.1/"},
  {"geo", "http://www.opengis.net/ont/geosparql#"},
  {"org", "http://www.w3.org/ns/org#"},
  {"owl", "http://www.w3.org/2002/07/owl#"},
  {"prov", "http://www.w3.org/ns/prov#"},
  {"qb", "http://purl.org/linked-data/cube#"},
  {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
  {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
  {"schema", "http://schema.org/"},
  {"skos", "http://www.w3.org/2004/02/skos/core#"},
  {"wd", "http://www.wikidata.org/entity/"},
  {"wdt", "http://www.wikidata.org/prop/direct/"},
  {"xsd", "http://www.w3.org/2001/XMLSchema#"},
};

void prefixes_free(kg_prefixes *p) {
  if (!p) return;
  for (size_t i = 0; i < p->n; i++) {
    free(p->v[i].name);
    free(p->v[i].iri);
  }
  free(p->v);
  free(p);
}

static size_t find(const kg_prefixes *p, const char *name, int *found) {
  size_t lo = 0, hi = p->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(p->v[mid].name, name);
    if (!c) {
      *found = 1;
      return mid;
    }
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  *found = 0;
  return lo;
}

/* Inserts or replaces; returns 0, or -1 out of memory. */
static int put(kg_prefixes *p, const char *name, const char *iri) {
  int found;
  size_t i = find(p, name, &found);
  char *ni = strdup(iri);
  if (!ni) return -1;
  if (found) {
    free(p->v[i].iri);
    p->v[i].iri = ni;
    return 0;
  }
  char *nn = strdup(name);
  if (!nn || !grow(&p->v, &p->cap, p->n + 1, sizeof *p->v, 32)) {
    free(nn);
    free(ni);
    return -1;
  }
  memmove(&p->v[i + 1], &p->v[i], (p->n - i) * sizeof *p->v);
  p->v[i].name = nn;
  p->v[i].iri = ni;
  p->n++;
  return 0;
}

/* Removes the i-th prefix. */
static void drop(kg_prefixes *p, size_t i) {
  free(p->v[i].name);
  free(p->v[i].iri);
  memmove(&p->v[i], &p->v[i + 1], (p->n - i - 1) * sizeof *p->v);
  p->n--;
}

/* An IRI as Turtle writes it between <>: no controls, spaces or
 * <>"{}|^`\, and no DEL. */
static int valid_iri(const char *s) {
  return *s && iri_chars_ok(s, strlen(s)) && !strchr(s, 0x7F);
}

static void file_path(const kg_store *st, char *buf, size_t n) {
  snprintf(buf, n, "%s/prefixes", st->dir);
}

/* A file's identity: device, inode, size, mtime (ns). */
static void stamp(const struct stat *sb, uint64_t out[4]) {
  out[0] = (uint64_t)sb->st_dev;
  out[1] = (uint64_t)sb->st_ino;
  out[2] = (uint64_t)sb->st_size;
  out[3] = (uint64_t)sb->st_mtim.tv_sec * 1000000000u + (uint64_t)sb->st_mtim.tv_nsec;
}

/* The identity of the file at path now; 0 when it cannot be stat'ed. */
static int stamp_of(const char *path, uint64_t out[4]) {
  struct stat sb;
  if (stat(path, &sb) != 0) return 0;
  stamp(&sb, out);
  return 1;
}

/* The file: "#kgsh-prefixes 2", a line per prefix ("NAME IRI", ":" for
 * the empty name; "- NAME" for a well-known prefix the user removed),
 * then "#crc X", the CRC-32 of the lines before it. A file without the
 * first line was written by an earlier kgsh and has no checksum. */
static const char HEAD[] = "#kgsh-prefixes 2\n";
enum { FILE_MAX = 16 << 20 };

static kg_status save(kg_store *st, kg_error *err) {
  if (st->kind != STORE_DIR || st->readonly) return KG_OK;
  char path[4096], tmp[4200];
  file_path(st, path, sizeof path);
  snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
  strbuf b = {0};
  strbuf_puts(&b, HEAD);
  for (size_t i = 0; i < st->prefixes->n; i++)
    strbuf_printf(&b, "%s %s\n",
                  st->prefixes->v[i].name[0] ? st->prefixes->v[i].name : ":",
                  st->prefixes->v[i].iri);
  /* well-known prefixes the user removed stay removed */
  for (size_t i = 0; i < sizeof well_known / sizeof *well_known; i++) {
    int found;
    find(st->prefixes, well_known[i][0], &found);
    if (!found) strbuf_printf(&b, "- %s\n", well_known[i][0]);
  }
  strbuf_printf(&b, "#crc %08lx\n",
                crc32(0L, (const Bytef *)b.data, (uInt)b.len));
  if (b.oom) {
    strbuf_free(&b);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  int fd = fd_open_store(tmp, O_WRONLY | O_CREAT | O_TRUNC);
  int bad = fd < 0 || fd_write_full(fd, b.data, b.len, 0, NULL) < 0 ||
            fsync(fd) != 0;
  if (fd >= 0) bad |= close(fd) != 0;
  strbuf_free(&b);
  if (bad || rename(tmp, path) < 0) {
    kg_status s = kg_err_errno(err, "cannot write", tmp);
    unlink(tmp);
    return s;
  }
  stamp_of(path, st->prefixes_seen); /* our own change: nothing to follow */
  return KG_OK;
}

/* Reads the whole file (NUL-terminated, new, caller frees) and checks
 * its checksum; *text NULL when there is no file. */
/* The whole file, NUL-terminated (new, caller frees), and its stamp;
 * *text NULL when there is no file. */
static kg_status read_whole(const char *path, char **text, struct stat *sb,
                            kg_error *err) {
  *text = NULL;
  int fd = fd_open_store(path, O_RDONLY);
  if (fd < 0) return errno == ENOENT ? KG_OK : kg_err_errno(err, "cannot read", path);
  kg_status s = KG_OK;
  char *t = NULL;
  if (fstat(fd, sb) < 0) s = kg_err_errno(err, "cannot read", path);
  else if (sb->st_size > FILE_MAX)
    s = kg_err(err, KG_ERR_CORRUPT, "store damaged: %s is larger than %d MB",
               path, FILE_MAX >> 20);
  else if (!(t = malloc((size_t)sb->st_size + 1)))
    s = kg_err(err, KG_ERR_NOMEM, "out of memory");
  else if (fd_read_full(fd, t, (size_t)sb->st_size, 0) != sb->st_size)
    s = kg_err_errno(err, "cannot read", path);
  close(fd);
  if (s != KG_OK) {
    free(t);
    return s;
  }
  t[sb->st_size] = '\0';
  *text = t;
  return KG_OK;
}

/* The whole file, its checksum checked; *text NULL when there is none. */
static kg_status read_file(const char *path, char **text, uint64_t seen[4],
                           kg_error *err) {
  struct stat sb;
  TRY(read_whole(path, text, &sb, err));
  char *t = *text;
  if (!t) return KG_OK;
  *text = NULL;
  stamp(&sb, seen);
  if (!sb.st_size) { /* no kgsh writes an empty one */
    free(t);
    return kg_err(err, KG_ERR_CORRUPT, "store damaged: %s is empty", path);
  }
  if (!strncmp(t, HEAD, sizeof HEAD - 1)) {
    char *c = strstr(t, "\n#crc ");
    char *end = c ? strchr(c + 1, '\n') : NULL;
    if (!c || !end || end[1] || strlen(t) != (size_t)sb.st_size ||
        strtoul(c + 6, NULL, 16) !=
            crc32(0L, (const Bytef *)t, (uInt)(c + 1 - t))) {
      free(t);
      return kg_err(err, KG_ERR_CORRUPT,
                    "store damaged: %s: checksum mismatch", path);
    }
  }
  *text = t;
  return KG_OK;
}

/* Adds the "NAME IRI" lines of text that still read as prefixes. */
static kg_status parse_lines(kg_store *st, char *text, int checked,
                             kg_error *err) {
  for (char *line = text, *next; line && *line; line = next) {
    next = line + strcspn(line, "\n");
    if (*next) *next++ = '\0';
    line[strcspn(line, "\r")] = '\0';
    if (line[0] == '#') continue;
    if (!strncmp(line, "- ", 2)) {
      /* a removed well-known prefix */
      int found;
      size_t i = find(st->prefixes, line + 2, &found);
      if (found) drop(st->prefixes, i);
      continue;
    }
    char *sp = strchr(line, ' ');
    if (!sp) continue;
    *sp = '\0';
    const char *name = strcmp(line, ":") ? line : "";
    if (!checked && (!pname_prefix_ok(name) || !valid_iri(sp + 1))) continue;
    if (put(st->prefixes, name, sp + 1) < 0)
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  return KG_OK;
}

/* A new registry of the well-known prefixes alone. */
static kg_status well_known_only(kg_store *st, kg_error *err) {
  st->prefixes = calloc(1, sizeof *st->prefixes);
  if (!st->prefixes) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < sizeof well_known / sizeof *well_known; i++)
    if (put(st->prefixes, well_known[i][0], well_known[i][1]) < 0)
      return kg_err(err, KG_ERR_NOMEM, "out of memory");
  return KG_OK;
}

kg_status prefixes_load(kg_store *st, kg_error *err) {
  TRY(well_known_only(st, err));
  if (st->kind != STORE_DIR) return KG_OK;
  char path[4096], *text;
  file_path(st, path, sizeof path);
  TRY(read_file(path, &text, st->prefixes_seen, err));
  kg_status s = parse_lines(st, text, 1, err);
  free(text);
  return s;
}

kg_status prefixes_rewrite(kg_store *st, kg_error *err) {
  return save(st, err);
}

kg_status prefixes_salvage(kg_store *st, kg_error *err) {
  char path[4096], *text = NULL;
  struct stat sb;
  file_path(st, path, sizeof path);
  kg_error ignored; /* an unreadable file salvages nothing */
  if (read_whole(path, &text, &sb, &ignored) != KG_OK) text = NULL;
  kg_status s = well_known_only(st, err);
  /* NUL bytes end the text early: the lines after them are lost */
  if (s == KG_OK && text) s = parse_lines(st, text, 0, err);
  free(text);
  int ro = st->readonly;
  st->readonly = 0;
  if (s == KG_OK) s = save(st, err);
  st->readonly = ro;
  return s;
}

static kg_status prefix_set(kg_store *st, const char *name, const char *iri,
                           kg_error *err) {
  kg_error_clear(err);
  if (!name || !pname_prefix_ok(name))
    return kg_err(err, KG_ERR_ARG,
                  "'%s' is not a valid prefix name (letters, digits, '_', "
                  "'-', '.'; starting with a letter)",
                  name ? name : "");
  if (!iri || !valid_iri(iri))
    return kg_err(err, KG_ERR_ARG, "'%s' is not a valid IRI", iri ? iri : "");
  if (put(st->prefixes, name, iri) < 0)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  return save(st, err);
}

static const char *prefix_get(kg_store *st, const char *name);

kg_status prefixes_declare(kg_store *st, const char *name, const char *iri,
                           kg_error *err) {
  if (!name) name = "";
  if (!pname_prefix_ok(name) || !iri || !valid_iri(iri) ||
      prefix_get(st, name))
    return KG_OK;
  if (put(st->prefixes, name, iri) < 0)
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  return save(st, err);
}

static kg_status prefix_remove(kg_store *st, const char *name,
                               kg_error *err) {
  kg_error_clear(err);
  int found;
  if (!name) name = "";
  size_t i = find(st->prefixes, name, &found);
  if (!found) return kg_err(err, KG_ERR_NOTFOUND, "no prefix '%s'", name);
  drop(st->prefixes, i);
  return save(st, err);
}

static const char *prefix_get(kg_store *st, const char *name) {
  int found;
  size_t i = find(st->prefixes, name ? name : "", &found);
  return found ? st->prefixes->v[i].iri : NULL;
}



static void prefix_at(kg_store *st, size_t i, const char **name,
                      const char **iri) {
  *name = i < st->prefixes->n ? st->prefixes->v[i].name : NULL;
  *iri = i < st->prefixes->n ? st->prefixes->v[i].iri : NULL;
}

static char *prefix_shrink(kg_store *st, const char *iri) {
  const pfx *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < st->prefixes->n; i++) {
    const pfx *p = &st->prefixes->v[i];
    size_t l = strlen(p->iri);
    if (l > best_len && !strncmp(iri, p->iri, l) &&
        pname_local_ok(iri + l)) {
      best = p;
      best_len = l;
    }
  }
  if (!best) return NULL;
  size_t n = strlen(best->name) + 1 + strlen(iri + best_len) + 1;
  char *out = malloc(n);
  if (out) snprintf(out, n, "%s:%s", best->name, iri + best_len);
  return out;
}

/* ----------------------------------------------------- the public calls */

kg_status kg_prefix_set(kg_store *st, const char *name, const char *iri,
                        kg_error *err) {
  store_enter(st);
  kg_status s = prefix_set(st, name, iri, err);
  store_leave(st);
  return s;
}

kg_status kg_prefix_remove(kg_store *st, const char *name, kg_error *err) {
  store_enter(st);
  kg_status s = prefix_remove(st, name, err);
  store_leave(st);
  return s;
}

const char *kg_prefix_get(kg_store *st, const char *name) {
  store_enter(st);
  const char *iri = prefix_get(st, name);
  store_leave(st);
  return iri;
}

size_t kg_prefix_count(kg_store *st) {
  store_enter(st);
  size_t n = st->prefixes->n;
  store_leave(st);
  return n;
}

void kg_prefix_at(kg_store *st, size_t i, const char **name,
                  const char **iri) {
  store_enter(st);
  prefix_at(st, i, name, iri);
  store_leave(st);
}

char *kg_prefix_shrink(kg_store *st, const char *iri) {
  store_enter(st);
  char *r = prefix_shrink(st, iri);
  store_leave(st);
  return r;
}

kg_status prefixes_follow(kg_store *st, kg_error *err) {
  if (st->kind != STORE_DIR || !st->prefixes) return KG_OK;
  char path[4096];
  uint64_t now[4];
  file_path(st, path, sizeof path);
  if (!stamp_of(path, now) || !memcmp(now, st->prefixes_seen, sizeof now))
    return KG_OK;
  /* another process set or removed a prefix: read the file again; if
   * that fails, the prefixes known so far stay */
  kg_prefixes *old = st->prefixes;
  st->prefixes = NULL;
  kg_error e;
  kg_status s = prefixes_load(st, &e);
  if (s != KG_OK) {
    prefixes_free(st->prefixes);
    st->prefixes = old;
    memcpy(st->prefixes_seen, now, sizeof now);
    /* a new file replaces the old whole: a bad one is damage, not a
     * write under way */
    if (s == KG_ERR_CORRUPT) {
      if (err) *err = e;
      return s;
    }
    return KG_OK;
  }
  prefixes_free(old);
  return KG_OK;
}
