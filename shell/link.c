/* link.c - .link: finding this store's entities in another data set
 * (kg_link_find), recording the accepted links, walking the review band
 * at the keyboard, and re-scoring the stored links (.link check). */
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

/* The last .link run, kept for .link review. */
struct link_state {
  kg_linkset *ls;
  char *graph;            /* where its links go */
  unsigned char *done;    /* per link: 0 open, 1 recorded, 2 rejected */
};

void link_state_free(shell *sh) {
  if (!sh->link) return;
  kg_linkset_free(sh->link->ls);
  free(sh->link->graph);
  free(sh->link->done);
  free(sh->link);
  sh->link = NULL;
}

static char *show_iri(shell *sh, const char *iri) {
  kg_term t = kg_iri(iri);
  return term_display(sh, &t);
}

static char *fmt(const char *f, double v) {
  buf b = {0};
  buf_printf(&b, f, v);
  return buf_take(&b);
}

static const char *band_name(kg_link_band b, int check) {
  if (b == KG_LINK_ACCEPT) return check ? "ok" : "accept";
  return b == KG_LINK_REVIEW ? "review" : check ? "stale?" : "reject";
}

/* Prints links as a table: band, score, the features, both sides. */
static void print_links(shell *sh, const kg_linkset *ls, int check) {
  size_t n = kg_linkset_count(ls);
  if (!n) return;
  static const char *head[] = {"band", "score", "label", "type", "context",
                               "local", "target", "labels", "why"};
  char ***rows = calloc(n, sizeof *rows);
  for (size_t i = 0; rows && i < n; i++) {
    const kg_link *k = kg_linkset_at(ls, i);
    char **r = rows[i] = calloc(9, sizeof *r);
    if (!r) break;
    r[0] = strdup(band_name(k->band, check));
    r[1] = fmt("%.3f", k->score);
    r[2] = fmt("%.2f", k->label);
    r[3] = fmt("%.2f", k->type);
    r[4] = fmt("%.2f", k->context);
    r[5] = show_iri(sh, k->local);
    r[6] = show_iri(sh, k->target);
    buf b = {0};
    buf_printf(&b, "%s ~ %s", k->local_label, k->target_label);
    r[7] = buf_take(&b);
    r[8] = strdup(k->why);
  }
  if (rows) table_print(sh, head, 9, rows, n);
  for (size_t i = 0; rows && i < n; i++) {
    for (size_t c = 0; rows[i] && c < 9; c++) free(rows[i][c]);
    free(rows[i]);
  }
  free(rows);
}

static int parse_double(shell *sh, const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (*end || v <= 0 || v > 1) {
    errorf(sh, "expected a threshold above 0 and at most 1, not '%s'", s);
    return 1;
  }
  *out = v;
  return 0;
}

/* Reads .link's options into o; *graph and *dry get --graph and
 * --dry-run. Returns 1 (reported) on a bad one. */
static int options(shell *sh, int argc, char **argv, int first,
                   kg_link_options *o, const char **graph, int *dry) {
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    int has = i + 1 < argc;
    if (!strcmp(a, "--exact")) {
      o->exact = 1;
    } else if (!strcmp(a, "--dry-run")) {
      *dry = 1;
    } else if (!strcmp(a, "--accept") && has) {
      if (parse_double(sh, argv[++i], &o->accept)) return 1;
    } else if (!strcmp(a, "--review") && has) {
      if (parse_double(sh, argv[++i], &o->review)) return 1;
    } else if (!strcmp(a, "--delay") && has) {
      o->delay_ms = atol(argv[++i]);
      if (o->delay_ms <= 0) o->delay_ms = -1; /* none */
    } else if (!strcmp(a, "--graph") && has) {
      graph[0] = argv[++i];
    } else if (a[0] == '-' && a[1] == '-') {
      errorf(sh, "unknown option %s of .link (see .help link)", a);
      return 1;
    } else if (!o->select) {
      o->select = a;
    } else {
      errorf(sh, "usage: .link TARGET [CLASS|PATTERN] [options] (see .help "
                 "link)");
      return 1;
    }
  }
  return 0;
}

static void stats_line(shell *sh, const kg_linkset *ls) {
  size_t nl, nt, pairs, req;
  kg_linkset_stats(ls, &nl, &nt, &pairs, &req);
  buf b = {0};
  buf_printf(&b, "%zu local and %zu target entities: %zu pairs scored "
                 "(of %zu)", nl, nt, pairs, nl * nt);
  if (req) buf_printf(&b, ", %zu requests", req);
  infof(sh, "%s", b.data ? b.data : "");
  buf_free(&b);
}

/* The progress line of an endpoint's run (a terminal only); Ctrl-C
 * stops the run. */
static int progress(void *data, size_t done, size_t total) {
  *(int *)data = 1;
  fprintf(stderr, "\r  %zu of %zu entities looked up", done, total);
  fflush(stderr);
  return signals_taken();
}

static int link_find(shell *sh, int argc, char **argv) {
  kg_link_options o = {0};
  int shown = 0;
  o.progress_data = &shown;
  if (sh->interactive && !sh->quiet) o.progress = progress;
  const char *graph = NULL;
  int dry = 0;
  o.target = argv[1];
  if (options(sh, argc, argv, 2, &o, &graph, &dry)) return 1;
  kg_linkset *ls = NULL;
  kg_error err;
  kg_status fs = kg_link_find(sh->st, &o, &ls, &err);
  if (shown) fputs("\r\033[K", stderr);
  if (fs) {
    report(sh, &err, NULL, 0);
    return 1;
  }
  print_links(sh, ls, 0);
  stats_line(sh, ls);
  size_t n = kg_linkset_count(ls), nacc = 0, nrev = 0;
  size_t *acc = calloc(n + 1, sizeof *acc);
  for (size_t i = 0; acc && i < n; i++) {
    if (kg_linkset_at(ls, i)->band == KG_LINK_ACCEPT) acc[nacc++] = i;
    else nrev++;
  }
  /* the library reads --graph as <IRI>, prefix:name or an IRI */
  buf g = {0};
  if (graph) buf_puts(&g, graph);
  else buf_printf(&g, "<%s%s>", kg_linkset_graph(ls), o.exact ? "-exact" : "");
  int rc = 0;
  buf method = {0};
  if (o.exact) buf_puts(&method, "exact label (baseline)");
  else buf_printf(&method, "accepted at %.2f: label x (0.6 + 0.25 type + "
                           "0.15 context)", o.accept > 0 ? o.accept : 0.85);
  if (!acc) {
    errorf(sh, "out of memory");
    rc = 1;
  } else if (!nacc) {
    infof(sh, "no link accepted; %zu to review%s", nrev,
          nrev ? " (.link review)" : "");
  } else if (dry) {
    infof(sh, "%zu accepted, %zu to review (--dry-run: nothing written)",
          nacc, nrev);
  } else if (kg_link_record(sh->st, ls, acc, nacc, NULL, method.data, g.data,
                            &err)) {
    report(sh, &err, NULL, 0);
    rc = 1;
  } else {
    if (!kg_prefix_get(sh->st, "kgl")) /* for a readable export */
      kg_prefix_set(sh->st, "kgl", "https://kgsh.dev/ontology/link#", &err);
    infof(sh, "%zu accepted, written to %s as owl:sameAs; %zu to review%s",
          nacc, g.data, nrev, nrev ? " (.link review)" : "");
  }
  free(acc);
  buf_free(&method);
  if (rc) {
    buf_free(&g);
    kg_linkset_free(ls);
    return rc;
  }
  /* kept for .link review: the accepted ones are done */
  link_state_free(sh);
  struct link_state *st = calloc(1, sizeof *st);
  if (st) st->done = calloc(n + 1, 1);
  if (!st || !st->done) {
    free(st);
    kg_linkset_free(ls);
    buf_free(&g);
    return 0;
  }
  for (size_t i = 0; i < n; i++)
    st->done[i] = kg_linkset_at(ls, i)->band == KG_LINK_ACCEPT;
  st->ls = ls;
  st->graph = buf_take(&g);
  sh->link = st;
  return 0;
}

/* Shows one review-band link: both sides, the features. */
static void show_pair(shell *sh, const kg_link *k, size_t pos, size_t n) {
  char *l = show_iri(sh, k->local), *t = show_iri(sh, k->target);
  FILE *o = sh->out;
  fprintf(o, "\n[%zu/%zu] score %.3f: label %.2f (%s), type %.2f, context "
             "%.2f\n", pos, n, k->score, k->label, k->why, k->type,
          k->context);
  fprintf(o, "  local   %s  %s | %s | %s\n", l ? l : "", k->local_label,
          *k->local_type ? k->local_type : "type unknown",
          *k->local_place ? k->local_place : "no place");
  fprintf(o, "  target  %s  %s | %s | %s\n", t ? t : "", k->target_label,
          *k->target_type ? k->target_type : "type unknown",
          *k->target_place ? k->target_place : "no place");
  free(l);
  free(t);
}

static int record_one(shell *sh, size_t i, const char *pred) {
  kg_error err;
  size_t which[1] = {i};
  if (kg_link_record(sh->st, sh->link->ls, which, 1, pred,
                     "reviewed by a person", sh->link->graph, &err)) {
    report(sh, &err, NULL, 0);
    return 1;
  }
  sh->link->done[i] = 1;
  fprintf(sh->out, "written to %s as %s\n", sh->link->graph,
          pred ? "skos:closeMatch" : "owl:sameAs");
  return 0;
}

static int link_review(shell *sh) {
  struct link_state *st = sh->link;
  size_t n = st ? kg_linkset_count(st->ls) : 0, open = 0;
  for (size_t i = 0; i < n; i++) open += !st->done[i];
  if (!open) {
    infof(sh, "nothing to review (run .link TARGET first)");
    return 0;
  }
  if (!sh->interactive) {
    errorf(sh, ".link review asks at the keyboard: run it in an interactive "
               "session (%zu links to review)", open);
    return 1;
  }
  fprintf(sh->out, "%zu links to review. Keys: a accept (owl:sameAs), c close "
                   "match (skos:closeMatch), r reject, s skip, q quit\n",
          open);
  size_t pos = 0;
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (st->done[i]) continue;
    show_pair(sh, kg_linkset_at(st->ls, i), ++pos, open);
    fflush(sh->out);
    char *line = readline("review [a/c/r/s/q]> ");
    char key = line ? line[strspn(line, " \t")] : 'q';
    free(line);
    if (key == 'q' || signals_taken()) break;
    if (key == 'a') rc |= record_one(sh, i, NULL);
    else if (key == 'c')
      rc |= record_one(sh, i, "http://www.w3.org/2004/02/skos/core#closeMatch");
    else if (key == 'r') st->done[i] = 2, fprintf(sh->out, "rejected\n");
    else fprintf(sh->out, "skipped\n");
  }
  size_t left = 0;
  for (size_t i = 0; i < n; i++) left += !st->done[i];
  infof(sh, "%zu left to review", left);
  return rc;
}

static int link_check(shell *sh, int argc, char **argv) {
  if (argc < 3) {
    errorf(sh, "usage: .link check TARGET");
    return 1;
  }
  kg_link_options o = {0};
  const char *graph = NULL;
  int dry = 0;
  o.target = argv[2];
  if (options(sh, argc, argv, 3, &o, &graph, &dry)) return 1;
  kg_linkset *ls = NULL;
  kg_error err;
  if (kg_link_check(sh->st, &o, &ls, &err)) {
    report(sh, &err, NULL, 0);
    return 1;
  }
  print_links(sh, ls, 1);
  size_t count[3] = {0}, missing = 0, n = kg_linkset_count(ls);
  for (size_t i = 0; i < n; i++) {
    const kg_link *k = kg_linkset_at(ls, i);
    if (!strcmp(k->why, "not in target")) missing++;
    else count[k->band]++;
  }
  infof(sh, "%zu stored links checked: %zu ok, %zu to review, %zu stale or "
            "wrong, %zu not in the target", n, count[KG_LINK_ACCEPT],
        count[KG_LINK_REVIEW], count[KG_LINK_REJECT], missing);
  kg_linkset_free(ls);
  return 0;
}

int cmd_link(shell *sh, int argc, char **argv) {
  if (shell_need_store(sh)) return 1;
  if (!strcmp(argv[1], "review")) {
    if (argc > 2) {
      errorf(sh, "usage: .link review");
      return 1;
    }
    return link_review(sh);
  }
  if (!strcmp(argv[1], "check")) return link_check(sh, argc, argv);
  return link_find(sh, argc, argv);
}
