/* draw.c - .draw TERM [DEPTH] [FILE]: a picture of an entity's
 * neighbourhood (kg_draw). TERM as .describe takes it: <IRI>, prefix:name
 * or a label in any language; FILE's extension picks SVG, PNG or DOT.
 * Without FILE, a terminal gets a PNG opened in the desktop's viewer (or
 * its path), a pipe gets SVG. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell.h"

/* An IRI for text that writes one: <IRI>, prefix:name, a full IRI, _:b.
 * New string (free()), or NULL when the text is none of these. */
static char *iri_of(shell *sh, const char *s) {
  size_t n = strlen(s);
  if (n > 2 && s[0] == '<' && s[n - 1] == '>') return strndup(s + 1, n - 2);
  if (n > 2 && !strncmp(s, "_:", 2)) return strdup(s);
  const char *colon = strchr(s, ':');
  if (!colon || strpbrk(s, " \t\"'")) return NULL;
  char *name = strndup(s, (size_t)(colon - s));
  const char *ns = name ? kg_prefix_get(sh->st, name) : NULL;
  free(name);
  buf b = {0};
  if (ns)
    buf_printf(&b, "%s%s", ns, colon + 1);
  else if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) ||
           !strncmp(s, "urn:", 4))
    buf_puts(&b, s);
  return buf_take(&b);
}

/* Entities whose label is `text` (pass 0: the whole label, any case;
 * pass 1: part of it), up to 6, as "IRI\tlabel" lines. */
static int label_matches(shell *sh, const char *text, int pass, buf *out,
                         size_t *n) {
  buf q = {0};
  buf_puts(&q, "SELECT ?e (SAMPLE(?l) AS ?label) WHERE { ?e ?lp ?l "
               "VALUES ?lp { rdfs:label skos:prefLabel skos:altLabel "
               "schema:name } FILTER(");
  buf_puts(&q, pass ? "CONTAINS(LCASE(STR(?l)), LCASE(" : "LCASE(STR(?l)) = "
                                                            "LCASE(");
  /* the text as a SPARQL string */
  buf_putc(&q, '"');
  for (const char *c = text; *c; c++) {
    if (*c == '"' || *c == '\\') buf_putc(&q, '\\');
    if (*c == '\n') buf_puts(&q, "\\n");
    else buf_putc(&q, *c);
  }
  buf_puts(&q, pass ? "\"))) }" : "\")) }");
  buf_puts(&q, " GROUP BY ?e ORDER BY ?e LIMIT 6");
  kg_query_options o = {.declare_prefixes = 1};
  kg_result *r = NULL;
  kg_error err;
  int rc = 0;
  *n = 0;
  if (kg_query(sh->st, q.data, &o, &r, &err)) {
    report(sh, &err, NULL, 0);
    rc = 1;
  }
  while (!rc && (rc = kg_result_next(r, &err)) > 0) {
    const kg_term *e = kg_result_value(r, 0), *l = kg_result_value(r, 1);
    buf_printf(out, "%s\t%s\n", e->value, l->kind ? l->value : "");
    ++*n;
    rc = 0;
  }
  if (rc < 0) report(sh, &err, NULL, 0);
  kg_result_free(r);
  buf_free(&q);
  return rc != 0;
}

/* The IRI that TERM names; NULL after saying why. New string. */
static char *resolve(shell *sh, const char *term) {
  char *iri = iri_of(sh, term);
  if (iri) return iri;
  for (int pass = 0; pass < 2; pass++) {
    buf m = {0};
    size_t n;
    if (label_matches(sh, term, pass, &m, &n)) {
      buf_free(&m);
      return NULL;
    }
    if (n == 1) {
      iri = strndup(m.data, strcspn(m.data, "\t"));
      buf_free(&m);
      return iri;
    }
    if (n > 1) {
      errorf(sh, "several entities are called '%s'; draw one of them by "
                 "name:", term);
      for (char *l = m.data; l && *l;) {
        char *nl = strchr(l, '\n');
        if (nl) *nl = '\0';
        char *tab = strchr(l, '\t');
        if (tab) *tab = '\0';
        kg_term t = kg_iri(l);
        char *d = term_display(sh, &t);
        fprintf(stderr, "  %s  %s\n", d ? d : l, tab ? tab + 1 : "");
        free(d);
        l = nl ? nl + 1 : NULL;
      }
      buf_free(&m);
      return NULL;
    }
    buf_free(&m);
  }
  errorf(sh, "nothing is called '%s' (give an <IRI>, prefix:name, or part of "
             "a label)", term);
  return NULL;
}

/* "p1,p2" as a NULL-terminated array of IRIs; NULL after an error. */
static char **pred_list(shell *sh, const char *arg) {
  size_t n = 1;
  for (const char *c = arg; *c; c++) n += *c == ',';
  char **v = calloc(n + 1, sizeof *v);
  char *copy = strdup(arg);
  size_t k = 0;
  for (char *tok = copy ? strtok(copy, ",") : NULL; v && tok;
       tok = strtok(NULL, ",")) {
    if (!(v[k] = iri_of(sh, tok)) || !strncmp(v[k], "_:", 2)) {
      errorf(sh, "'%s' is not a predicate: give prefix:name or <IRI>", tok);
      for (size_t i = 0; i <= k; i++) free(v[i]);
      free(v);
      v = NULL;
      break;
    }
    k++;
  }
  free(copy);
  return v;
}

static void free_list(char **v) {
  for (size_t i = 0; v && v[i]; i++) free(v[i]);
  free(v);
}

/* Opens `path` with the desktop's viewer when there is a desktop and
 * xdg-open; 1 if started. */
static int open_viewer(const char *path) {
  if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY")) return 0;
  if (system("command -v xdg-open >/dev/null 2>&1") != 0) return 0;
  /* forked twice, so the viewer outlives no zombie of ours */
  pid_t pid = fork();
  if (pid < 0) return 0;
  if (pid == 0) {
    if (fork() == 0) {
      int null = open("/dev/null", O_RDWR);
      if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
      }
      setsid();
      execlp("xdg-open", "xdg-open", path, (char *)NULL);
    }
    _exit(0);
  }
  int status;
  return waitpid(pid, &status, 0) == pid;
}

typedef struct draw_args {
  buf term;
  long depth;
  const char *file;
  char **only, **skip;
  long max;
} draw_args;

/* Splits the arguments: --max=N, --only=P,..., --skip=P,...; a number is
 * the depth; a word ending in .svg, .png, .dot or .gv the file; the other
 * words are the term (a label may be several words). */
static int parse(shell *sh, int argc, char **argv, draw_args *a) {
  for (int i = 1; i < argc; i++) {
    char *w = argv[i], *end;
    long v;
    if (!strncmp(w, "--max=", 6)) {
      errno = 0;
      a->max = strtol(w + 6, &end, 10);
      if (errno || *end || a->max < 1) {
        errorf(sh, "--max expects a number of nodes, 1 or more, not '%s'",
               w + 6);
        return 1;
      }
    } else if (!strncmp(w, "--only=", 7) || !strncmp(w, "--skip=", 7)) {
      char ***list = w[2] == 'o' ? &a->only : &a->skip;
      free_list(*list);
      if (!(*list = pred_list(sh, w + 7))) return 1;
    } else if (!strncmp(w, "--", 2)) {
      errorf(sh, "unknown option %s (use --max=N, --only=P,... or "
                 "--skip=P,...)", w);
      return 1;
    } else if (a->term.len && (errno = 0, v = strtol(w, &end, 10),
                               !*end && !errno && *w)) {
      if (v < 1 || v > 5) {
        errorf(sh, "DEPTH is a number of hops from 1 to 5, not '%s'", w);
        return 1;
      }
      a->depth = v;
    } else if (a->term.len && kg_draw_format_for_path(w)) {
      a->file = w;
    } else if (a->term.len && i == argc - 1 && strchr(w, '.') &&
               !strchr(w, ':') && strchr(w, '.') != w + strlen(w) - 1 &&
               !strchr(w, ' ')) {
      errorf(sh, "cannot tell the picture format of '%s' (name it .svg, "
                 ".png or .dot)", w);
      return 1;
    } else {
      /* a label in quotes is one word: the quotes go */
      size_t n = strlen(w);
      if (n >= 2 && (w[0] == '"' || w[0] == '\'') && w[n - 1] == w[0]) {
        w[n - 1] = '\0';
        w++;
      }
      if (a->term.len) buf_putc(&a->term, ' ');
      buf_puts(&a->term, w);
    }
  }
  if (!a->term.len) {
    errorf(sh, "usage: .draw TERM [DEPTH] [FILE]");
    return 1;
  }
  return 0;
}

int draw_command(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  draw_args a = {.depth = 1};
  char *iri = NULL, *tmp = NULL;
  FILE *f = NULL;
  int rc = parse(sh, argc, argv, &a);
  if (!rc && !(iri = resolve(sh, a.term.data))) rc = 1;
  kg_draw_options o = {.depth = (int)a.depth, .max_nodes = (size_t)a.max,
                       .lang = sh->lang[0] ? sh->lang : NULL,
                       .only = (const char *const *)a.only,
                       .skip = (const char *const *)a.skip};
  const char *where = a.file;
  if (!rc && a.file) {
    o.format = kg_draw_format_for_path(a.file);
    if (!(f = fopen(a.file, "wb"))) {
      errorf(sh, "cannot write %s: %s", a.file, strerror(errno));
      rc = 1;
    }
  } else if (!rc && sh->tty_out) {
    /* a PNG beside the other temporary files, for the viewer */
    const char *dir = getenv("TMPDIR");
    buf p = {0};
    buf_printf(&p, "%s/kgsh-draw-XXXXXX.png", dir && *dir ? dir : "/tmp");
    tmp = buf_take(&p);
    int fd = tmp ? mkstemps(tmp, 4) : -1;
    if (fd < 0 || !(f = fdopen(fd, "wb"))) {
      errorf(sh, "cannot write a temporary picture: %s", strerror(errno));
      if (fd >= 0) close(fd);
      rc = 1;
    }
    o.format = "png";
    where = tmp;
  } else if (!rc) {
    o.format = "svg";
  }
  kg_draw_info info;
  kg_error err;
  if (!rc && kg_draw(sh->st, iri, &o, f ? f : sh->out, &info, &err)) {
    report(sh, &err, NULL, 0);
    rc = 1;
  }
  if (f && fclose(f) && !rc) {
    errorf(sh, "cannot write %s: %s", where, strerror(errno));
    rc = 1;
  }
  if (rc && f && where) remove(where);
  if (!rc && where) {
    if (info.cut)
      infof(sh, "%zu nodes, %zu edges (%zu more not drawn: --max=N) in %s",
            info.nodes, info.edges, info.cut, where);
    else
      infof(sh, "%zu nodes, %zu edges in %s", info.nodes, info.edges, where);
    /* the temporary picture's path is the command's answer */
    if (tmp && !open_viewer(tmp) && sh->quiet) fprintf(sh->out, "%s\n", tmp);
  }
  free(tmp);
  free(iri);
  free_list(a.only);
  free_list(a.skip);
  buf_free(&a.term);
  return rc;
}
