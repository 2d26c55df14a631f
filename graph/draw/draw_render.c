/* draw_render.c - a picture through Graphviz's gvc library, in process:
 * nodes as HTML-like labels (label, other language, prefixed name), the
 * class as a fill colour with a legend, laid out by dot and rendered to
 * SVG or PNG (cairo, so CJK text is shaped by pango with Noto CJK), or
 * written as DOT before layout. */
#include <gvc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "draw/draw.h"
#include "strbuf.h"

/* Graphviz (libgvc, and libcgraph through it), loaded by the first picture
 * (kg_lazy, kg.h); Agdirected is data, the others functions */
#define KG_GVC_FNS(X) \
  X(agopen) X(agclose) X(agnode) X(agedge) X(agattr) X(agsafeset) \
  X(agstrdup_html) X(agstrfree) X(agwrite) X(agseterr) X(agseterrf) \
  X(Agdirected) X(gvContext) X(gvFreeContext) X(gvLayout) X(gvFreeLayout) \
  X(gvRenderData) X(gvFreeRenderData)
KG_LAZY_DECLARE(kg_gvc, KG_GVC_FNS)
#define agopen (kg_gvc.agopen)
#define agclose (kg_gvc.agclose)
#define agnode (kg_gvc.agnode)
#define agedge (kg_gvc.agedge)
#define agattr (kg_gvc.agattr)
#define agsafeset (kg_gvc.agsafeset)
#define agstrdup_html (kg_gvc.agstrdup_html)
#define agstrfree (kg_gvc.agstrfree)
#define agwrite (kg_gvc.agwrite)
#define agseterr (kg_gvc.agseterr)
#define agseterrf (kg_gvc.agseterrf)
#define Agdirected (*kg_gvc.Agdirected)
#define gvContext (kg_gvc.gvContext)
#define gvFreeContext (kg_gvc.gvFreeContext)
#define gvLayout (kg_gvc.gvLayout)
#define gvFreeLayout (kg_gvc.gvFreeLayout)
#define gvRenderData (kg_gvc.gvRenderData)
#define gvFreeRenderData (kg_gvc.gvFreeRenderData)
KG_LAZY_DEFINE(kg_gvc, KG_GVC_FNS, "Graphviz", KG_SONAME_gvc, "libgvc6")

/* A font with Chinese glyphs (Debian fonts-noto-cjk); SVG names it too. */
#define FONT "Noto Sans CJK SC"

/* Soft fills, one a class in order of appearance. */
static const char *const palette[] = {
  "#cfe2f3", "#d9ead3", "#fce5cd", "#ead1dc", "#d9d2e9", "#d0e0e3",
  "#f4cccc", "#e4f1c8", "#c9daf8", "#f6d5a8", "#c8e6c9", "#e1bee7",
  "#b2dfdb", "#ffccbc", "#dcedc8", "#d7ccc8"};
enum { NPALETTE = sizeof palette / sizeof *palette };
#define FIGURE_FILL "#fff8dc"
#define LITERAL_FILL "#ffffff"
#define NONE_FILL "#eeeeee"

/* Graphviz reports through a callback (it would print otherwise); the
 * last message is kept for kg_error. Graphviz keeps global state (the
 * callback, its string pool), so pictures are made one at a time: a
 * server may draw from several threads. */
static char gv_message[512];
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;

static int gv_error(char *msg) {
  snprintf(gv_message, sizeof gv_message, "%s", msg);
  size_t n = strlen(gv_message);
  while (n && (gv_message[n - 1] == '\n' || gv_message[n - 1] == ' '))
    gv_message[--n] = '\0';
  return 0;
}

/* Columns a character takes: 2 for CJK and other wide scripts (by block,
 * enough for labels), 1 otherwise. */
static int columns(unsigned lead, const char *s) {
  if (lead < 0xE0) return 1;
  unsigned cp = lead >= 0xF0 ? 0x20000
                             : ((lead & 0x0F) << 12) |
                                   (((unsigned char)s[1] & 0x3F) << 6) |
                                   ((unsigned char)s[2] & 0x3F);
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                 (cp >= 0xAC00 && cp <= 0xD7A3) ||
                 (cp >= 0xF900 && cp <= 0xFAFF) ||
                 (cp >= 0xFF00 && cp <= 0xFF60) || cp >= 0x20000
             ? 2 : 1;
}

static void put_char(strbuf *b, const char *s, size_t n) {
  switch (*s) {
  case '&': strbuf_puts(b, "&amp;"); break;
  case '<': strbuf_puts(b, "&lt;"); break;
  case '>': strbuf_puts(b, "&gt;"); break;
  case '"': strbuf_puts(b, "&quot;"); break;
  case '\n': case '\t': strbuf_putc(b, ' '); break;
  default: strbuf_append(b, s, n);
  }
}

/* Writes text escaped for an HTML-like label, wrapped at spaces (or
 * anywhere in CJK text) into lines of about `width` columns, at most
 * `lines` of them, the last cut with an ellipsis. */
static void put_html(strbuf *b, const char *s, int width, int lines) {
  int col = 0, line_no = 1;
  while (*s) {
    /* the next word (up to a space) or one wide character */
    size_t n = 0;
    int w = 0;
    while (s[n] && s[n] != ' ') {
      unsigned c = (unsigned char)s[n];
      size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      for (size_t i = 1; i < k; i++)
        if (!s[n + i]) k = i;
      int cw = columns(c, s + n);
      if (cw == 2 && n) break;
      n += k;
      w += cw;
      if (cw == 2) break;
    }
    if (col && col + w > width) {
      if (line_no == lines) {
        strbuf_puts(b, "…");
        return;
      }
      strbuf_puts(b, "<BR/>");
      line_no++;
      col = 0;
    }
    /* a word longer than a line is cut */
    for (size_t i = 0; i < n;) {
      unsigned c = (unsigned char)s[i];
      size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (col >= width + 4) {
        strbuf_puts(b, "…");
        return;
      }
      put_char(b, s + i, k > n - i ? n - i : k);
      col += columns(c, s + i);
      i += k;
    }
    s += n;
    while (*s == ' ') {
      if (col && col < width) {
        strbuf_putc(b, ' ');
        col++;
      }
      s++;
    }
  }
}

static void line(strbuf *b, const char *text, int size, const char *colour,
                 int bold, int width) {
  strbuf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%d\" COLOR=\"%s\">%s", size,
                colour, bold ? "<B>" : "");
  put_html(b, text, width, 3);
  strbuf_printf(b, "%s</FONT></TD></TR>", bold ? "</B>" : "");
}

/* The HTML-like label of a node. */
static void node_label(picture *p, const dnode *n, strbuf *b) {
  strbuf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
                 "CELLPADDING=\"1\">");
  switch (n->kind) {
  case DN_MORE: {
    char text[64];
    snprintf(text, sizeof text, "and %zu more", n->more);
    line(b, text, 10, "#555555", 0, 40);
    break;
  }
  case DN_LITERAL:
    line(b, n->label ? n->label : "", 10, "#222222", 0, 32);
    if (n->label2) line(b, n->label2, 9, "#555555", 0, 32);
    if (n->t.datatype && strcmp(n->t.datatype, KG_XSD_STRING))
      line(b, short_iri(p, n->t.datatype), 8, "#888888", 0, 40);
    break;
  case DN_FIGURE:
    /* the value first, then what the figure is about */
    if (n->headline) line(b, n->headline, 13, "#000000", 1, 26);
    /* fall through */
  default:
    if (n->label) line(b, n->label, n->centre ? 16 : 12, "#000000",
                       n->centre, 30);
    if (n->label2) line(b, n->label2, 10, "#444444", 0, 34);
    if (n->name) line(b, n->name, 8, "#777777", 0, 48);
    if (!n->label && !n->name)
      line(b, n->t.value, 10, "#444444", 0, 40); /* a blank node */
    break;
  }
  /* rows of an n-ary node's box: key in grey, value beside it */
  for (size_t i = 0; i < n->nrows; i++) {
    strbuf_puts(b, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\" "
                   "COLOR=\"#666666\">");
    put_html(b, n->rows[i].key, 20, 1);
    strbuf_puts(b, "  </FONT><FONT POINT-SIZE=\"11\">");
    put_html(b, n->rows[i].value, 30, 2);
    strbuf_puts(b, "</FONT></TD></TR>");
  }
  strbuf_puts(b, "</TABLE>");
}

static const char *fill_of(const dnode *n) {
  if (n->kind == DN_FIGURE) return FIGURE_FILL;
  if (n->kind == DN_LITERAL || n->kind == DN_MORE) return LITERAL_FILL;
  return n->cls >= 0 ? palette[n->cls % NPALETTE] : NONE_FILL;
}

/* One entry of the legend: a swatch (filled, or dashed) and its text;
 * entries go two to a row. */
static void legend_entry(strbuf *b, size_t *k, const char *fill,
                         const char *text, const char *text2) {
  if (*k % 2 == 0) strbuf_puts(b, "<TR>");
  if (fill)
    strbuf_printf(b, "<TD BGCOLOR=\"%s\" WIDTH=\"14\"> </TD>", fill);
  else
    strbuf_puts(b, "<TD STYLE=\"dashed\" WIDTH=\"14\"> </TD>");
  strbuf_puts(b, "<TD ALIGN=\"LEFT\" BORDER=\"0\"><FONT POINT-SIZE=\"9\">");
  put_html(b, text, 40, 1);
  if (text2) {
    strbuf_puts(b, " · ");
    put_html(b, text2, 40, 1);
  }
  strbuf_puts(b, "</FONT></TD>");
  if (++*k % 2 == 0) strbuf_puts(b, "</TR>");
}

/* The legend: a colour for each class drawn, and the box kinds. */
static void legend(picture *p, strbuf *b) {
  strbuf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"3\" "
                 "CELLPADDING=\"2\" COLOR=\"#bbbbbb\">");
  int used[64] = {0}, figures = 0, nary = 0;
  for (size_t i = 0; i < p->nn; i++) {
    const dnode *n = &p->n[i];
    if (n->dropped) continue;
    figures |= n->kind == DN_FIGURE;
    nary |= n->kind == DN_NARY;
    if (n->cls >= 0 && n->cls < 64 && n->kind != DN_FIGURE) used[n->cls] = 1;
  }
  size_t k = 0;
  for (size_t c = 0; c < p->ncls && c < 64; c++)
    if (used[c])
      legend_entry(b, &k, palette[c % NPALETTE], p->cls[c].label,
                   p->cls[c].label2);
  if (figures)
    legend_entry(b, &k, FIGURE_FILL, "figure: value, unit, period", NULL);
  if (nary)
    legend_entry(b, &k, NULL, "relation of several things", NULL);
  if (k % 2) strbuf_puts(b, "</TR>");
  if (!k) strbuf_puts(b, "<TR><TD BORDER=\"0\"> </TD></TR>");
  strbuf_puts(b, "</TABLE>");
}

static void set_html(Agraph_t *g, void *obj, const char *name,
                     const char *html) {
  char *h = agstrdup_html(g, (char *)html);
  agsafeset(obj, (char *)name, h, "");
  agstrfree(g, h);
}

static void set(void *obj, const char *name, const char *value) {
  agsafeset(obj, (char *)name, (char *)value, "");
}

/* The Graphviz graph of a picture; NULL when out of memory. */
static Agraph_t *build(picture *p) {
  Agraph_t *g = agopen("kg", Agdirected, NULL);
  if (!g) return NULL;
  set(g, "rankdir", "LR");
  set(g, "fontname", FONT);
  set(g, "nodesep", "0.18");
  set(g, "ranksep", "0.5");
  set(g, "pad", "0.3");
  set(g, "bgcolor", "white");
  set(g, "labelloc", "b");
  set(g, "labeljust", "l");
  agattr(g, AGNODE, "fontname", FONT);
  agattr(g, AGNODE, "shape", "box");
  agattr(g, AGNODE, "style", "rounded,filled");
  agattr(g, AGNODE, "color", "#7f8c8d");
  agattr(g, AGNODE, "margin", "0.08,0.04");
  agattr(g, AGEDGE, "fontname", FONT);
  agattr(g, AGEDGE, "fontsize", "9");
  agattr(g, AGEDGE, "fontcolor", "#555555");
  agattr(g, AGEDGE, "color", "#8a8a8a");
  agattr(g, AGEDGE, "arrowsize", "0.7");
  strbuf b = {0};
  Agnode_t **nodes = calloc(p->nn ? p->nn : 1, sizeof *nodes);
  if (!nodes) {
    agclose(g);
    return NULL;
  }
  for (size_t i = 0; i < p->nn; i++) {
    const dnode *n = &p->n[i];
    if (n->dropped) continue;
    char name[32];
    snprintf(name, sizeof name, "%s%zu", n->kind == DN_MORE ? "more" : "t",
             i);
    nodes[i] = agnode(g, name, 1);
    set(nodes[i], "id", name);
    strbuf_clear(&b);
    node_label(p, n, &b);
    set_html(g, nodes[i], "label", b.data ? b.data : "");
    set(nodes[i], "fillcolor", fill_of(n));
    if (n->t.kind == KG_TERM_IRI) set(nodes[i], "tooltip", n->t.value);
    if (n->centre) {
      set(nodes[i], "penwidth", "2.5");
      set(nodes[i], "color", "#2c3e50");
    }
    if (n->kind == DN_NARY) set(nodes[i], "style", "rounded,filled,dashed");
    if (n->kind == DN_LITERAL || n->kind == DN_MORE) {
      set(nodes[i], "style", n->kind == DN_MORE ? "dashed" : "filled");
      set(nodes[i], "color", "#b0b0b0");
    }
    if (n->kind == DN_FIGURE) set(nodes[i], "style", "filled");
  }
  for (size_t i = 0; i < p->ne; i++) {
    const dedge *e = &p->e[i];
    if (e->dropped || !nodes[e->from] || !nodes[e->to]) continue;
    Agedge_t *x = agedge(g, nodes[e->from], nodes[e->to], NULL, 1);
    if (!*e->pred) {
      set(x, "style", "dashed");
      continue;
    }
    set(x, "label", short_iri(p, e->pred));
    set(x, "tooltip", e->pred);
  }
  strbuf_clear(&b);
  legend(p, &b);
  set_html(g, g, "label", b.data ? b.data : "");
  free(nodes);
  int oom = b.oom;
  strbuf_free(&b);
  if (oom) {
    agclose(g);
    return NULL;
  }
  return g;
}

static kg_status render_locked(picture *p, const char *format, FILE *out,
                               kg_error *err) {
  const char *device = !strcasecmp(format, "svg")   ? "svg"
                       : !strcasecmp(format, "png") ? "png:cairo"
                       : !strcasecmp(format, "dot") ? "dot"
                                                    : NULL;
  if (!device)
    return kg_err(err, KG_ERR_UNSUPPORTED,
                  "cannot draw as '%s' (use svg, png or dot)", format);
  gv_message[0] = '\0';
  agseterrf(gv_error);
  agseterr(AGMAX);
  Agraph_t *g = build(p);
  if (!g) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  kg_status s = KG_OK;
  if (!strcmp(device, "dot")) {
    /* the graph as built, for people to edit or lay out themselves: no
     * layout, so no Graphviz context (and none of its plugins) */
    if (agwrite(g, out) != 0 || fflush(out) || ferror(out))
      s = kg_err(err, KG_ERR_IO, "cannot write the DOT graph");
    agclose(g);
    return s;
  }
  GVC_t *gvc = gvContext();
  if (!gvc) {
    agclose(g);
    return kg_err(err, KG_ERR_NOMEM, "cannot start Graphviz");
  }
  char *data = NULL;
  unsigned int len = 0;
  if (gvLayout(gvc, g, "dot") != 0) {
    s = kg_err(err, KG_ERR_EVAL, "Graphviz cannot lay out the picture%s%s",
               gv_message[0] ? ": " : "", gv_message);
  } else {
    if (gvRenderData(gvc, g, device, &data, &len) != 0 || !data)
      s = kg_err(err, KG_ERR_UNSUPPORTED,
                 "Graphviz cannot render %s%s%s (is libgvc6 with its "
                 "plugins installed?)",
                 format, gv_message[0] ? ": " : "", gv_message);
    else if (fwrite(data, 1, len, out) != len || fflush(out) || ferror(out))
      s = kg_err(err, KG_ERR_IO, "cannot write the picture");
    gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  gvFreeContext(gvc);
  return s;
}

kg_status render_picture(picture *p, const char *format, FILE *out,
                         kg_error *err) {
  TRY(kg_lazy_load(&kg_gvc_lib, err));
  pthread_mutex_lock(&gv_lock);
  kg_status s = render_locked(p, format, out, err);
  pthread_mutex_unlock(&gv_lock);
  return s;
}
