/* results_stream.c - a result document read as it arrives. The bytes are
 * framed here, not parsed: a unit is one row's text (a JSON binding
 * object, an XML <result> element, a TSV line). A batch of units, put
 * between the document's own start (its head and the rows' opening) and
 * a closing, is a small document of the same format that the readers of
 * results_read_*.c parse as they parse any other, so the streamed and the
 * whole answer are read by the same code. A document framed here that
 * turns out to have another shape (the head after the rows, an ASK
 * answer) is read whole; so are CSV and unknown formats. */
#include "results/results_stream.h"

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
  BATCH_BYTES = 1 << 20, /* of row text parsed at once */
  MAXD = 8               /* JSON nesting tracked (rows are at depth 4) */
};

typedef enum { SK_WHOLE, SK_JSON, SK_XML, SK_TSV, SK_SNIFF } sk_kind;

/* JSON keys the framing looks for. */
enum { JK_OTHER, JK_HEAD, JK_RESULTS, JK_BINDINGS, JK_BOOLEAN };

struct sp_stream {
  sp_pull_fn pull;
  void *ctx;
  char *mime;
  sk_kind kind;
  strbuf in;         /* bytes received and not yet dropped */
  size_t pos;        /* framed up to here */
  size_t mark;       /* the bytes before it are no longer needed */
  int ended;         /* the last byte came */
  int rows_on;       /* the head is known and the rows began */
  int rows_done;     /* the rows' closing was framed */
  strbuf start;      /* the document's start, up to its first row */
  const char *close; /* what ends a document after its rows */
  strbuf units;      /* this batch's rows as text */
  size_t nunits;
  unsigned long long rows; /* rows handed out before this batch */
  long lines;              /* TSV: lines before this batch */
  sp_table *head, *batch;
  int whole_read; /* SK_WHOLE: the document was read */
  int whole_out;  /* ... and its table handed out */
  /* JSON */
  int depth, in_str, esc, keying, head_open, in_rows, unit_open;
  unsigned char obj[MAXD], want_key[MAXD], key[MAXD];
  size_t key_start, head_start, unit_start;
};

/* Bytes [from, to) of the input are a row. */
static void add_unit(sp_stream *s, size_t from, size_t to, const char *sep) {
  if (s->nunits && sep) strbuf_puts(&s->units, sep);
  strbuf_append(&s->units, s->in.data + from, to - from);
  s->nunits++;
  s->mark = to;
}

/* The document's start, `rows` (may be NULL) and its closing, read as
 * one document of the stream's format into *out. */
static kg_status parse_wrapped(sp_stream *s, const strbuf *rows,
                               sp_table **out, kg_error *err) {
  strbuf doc = {0};
  strbuf_append(&doc, s->start.data, s->start.len);
  if (rows) strbuf_append(&doc, rows->data, rows->len);
  strbuf_puts(&doc, s->close);
  const char *format = s->kind == SK_JSON  ? "json"
                       : s->kind == SK_XML ? "xml"
                                           : "tsv";
  kg_status st = doc.oom
                     ? kg_err(err, KG_ERR_NOMEM, "out of memory")
                     : sp_table_parse(doc.data, doc.len, format, out, err);
  strbuf_free(&doc);
  return st;
}

/* The columns from the start and the closing alone. */
static int head_from_start(sp_stream *s) {
  kg_error e;
  if (parse_wrapped(s, NULL, &s->head, &e) != KG_OK)
    return -1; /* read whole: the real error comes then */
  if (s->head->is_boolean) {
    sp_table_free(s->head);
    s->head = NULL;
    return -1;
  }
  return 0;
}

static void to_whole(sp_stream *s) { s->kind = SK_WHOLE; }

/* ----------------------------------------------------------------- JSON */

static int json_key(const char *k, size_t n) {
  static const char *const names[] = {"head", "results", "bindings", "boolean"};
  for (int i = 0; i < 4; i++)
    if (strlen(names[i]) == n && !memcmp(names[i], k, n)) return i + 1;
  return JK_OTHER;
}

static void json_open(sp_stream *s, char c) {
  int d = s->depth;
  if (d == 0 && c != '{') return to_whole(s);
  if (d == 1 && s->key[1] == JK_HEAD) {
    if (c != '{') return to_whole(s);
    s->head_start = s->pos;
    s->head_open = 1;
  }
  if (d == 2 && s->key[1] == JK_RESULTS && s->key[2] == JK_BINDINGS &&
      c == '[') {
    if (!s->head) return to_whole(s); /* the head comes after the rows */
    s->in_rows = s->rows_on = 1;
    s->mark = s->pos + 1;
  }
  if (d == 3 && s->in_rows && c == '{') {
    s->unit_start = s->pos;
    s->unit_open = 1;
  }
  if (++s->depth < MAXD) {
    s->obj[s->depth] = c == '{';
    s->want_key[s->depth] = c == '{';
    s->key[s->depth] = JK_OTHER;
  }
}

static void json_close(sp_stream *s) {
  if (s->depth == 0) return;
  int d = --s->depth;
  if (d == 1 && s->head_open) {
    s->head_open = 0;
    strbuf_puts(&s->start, "{\"head\":");
    strbuf_append(&s->start, s->in.data + s->head_start,
                  s->pos + 1 - s->head_start);
    strbuf_puts(&s->start, ",\"results\":{\"bindings\":[");
    s->close = "]}}";
    if (head_from_start(s) < 0) to_whole(s);
  } else if (d == 3 && s->unit_open) {
    s->unit_open = 0;
    add_unit(s, s->unit_start, s->pos + 1, ",");
  } else if (d == 2 && s->in_rows) {
    s->in_rows = 0;
    s->rows_done = 1;
  }
}

static void json_frame(sp_stream *s) {
  for (; s->kind == SK_JSON && s->pos < s->in.len; s->pos++) {
    char c = s->in.data[s->pos];
    int d = s->depth;
    if (s->in_str) {
      if (s->esc) {
        s->esc = 0;
      } else if (c == '\\') {
        s->esc = 1;
      } else if (c == '"') {
        s->in_str = 0;
        if (s->keying && d < MAXD)
          s->key[d] = (unsigned char)json_key(s->in.data + s->key_start,
                                              s->pos - s->key_start);
      }
      continue;
    }
    int in_obj = d < MAXD && s->obj[d];
    if (c == '"') {
      s->in_str = 1;
      s->keying = in_obj && s->want_key[d];
      s->key_start = s->pos + 1;
    } else if (c == ':' && in_obj) {
      s->want_key[d] = 0;
      if (d == 1 && s->key[1] == JK_BOOLEAN) to_whole(s);
    } else if (c == ',' && in_obj) {
      s->want_key[d] = 1;
    } else if (c == '{' || c == '[') {
      json_open(s, c);
    } else if (c == '}' || c == ']') {
      json_close(s);
      if (s->units.len >= BATCH_BYTES) {
        s->pos++;
        return;
      }
    }
  }
  if (s->rows_done) s->mark = s->pos;
}

/* ------------------------------------------------------------------ XML */

/* The first `w` at or after `from`, or NULL. */
static const char *find(const sp_stream *s, size_t from, const char *w) {
  if (from >= s->in.len) return NULL;
  return memmem(s->in.data + from, s->in.len - from, w, strlen(w));
}

static void xml_head(sp_stream *s) {
  const char *p = s->in.data, *r = find(s, 0, "<results");
  const char *b = find(s, 0, "<boolean");
  if (b && (!r || b < r)) return to_whole(s);
  for (; r; r = find(s, (size_t)(r - p) + 1, "<results")) {
    size_t at = (size_t)(r - p) + 8;
    if (at >= s->in.len) return; /* more to come */
    if (strchr(" \t\r\n>", p[at])) break;
  }
  const char *gt = r ? find(s, (size_t)(r - p), ">") : NULL;
  if (!gt) {
    if (s->ended) to_whole(s);
    return;
  }
  if (gt[-1] == '/') return to_whole(s); /* <results/>: nothing to stream */
  size_t end = (size_t)(gt - p) + 1;
  strbuf_append(&s->start, p, end);
  s->close = "</results></sparql>";
  if (head_from_start(s) < 0) return to_whole(s);
  s->rows_on = 1;
  s->mark = s->pos = end;
}

static void xml_frame(sp_stream *s) {
  if (!s->rows_on) xml_head(s);
  while (s->kind == SK_XML && s->rows_on && !s->rows_done &&
         s->units.len < BATCH_BYTES) {
    const char *lt = find(s, s->pos, "<");
    if (!lt) {
      s->pos = s->in.len;
      return;
    }
    size_t at = (size_t)(lt - s->in.data), left = s->in.len - at;
    if (left < 12 && !s->ended) { /* a tag cut in two: wait */
      s->pos = at;
      return;
    }
    static const struct {
      const char *open, *close;
    } skips[] = {{"<![CDATA[", "]]>"}, {"<!--", "-->"}};
    int skipped = 0;
    for (size_t i = 0; i < 2 && !skipped; i++)
      if (!strncmp(lt, skips[i].open, strlen(skips[i].open))) {
        const char *e = find(s, at + 1, skips[i].close);
        if (!e) {
          s->pos = at;
          return;
        }
        s->pos = (size_t)(e - s->in.data) + strlen(skips[i].close);
        skipped = 1;
      }
    if (skipped) continue;
    if (!strncmp(lt, "</result>", 9)) {
      s->pos = at + 9;
      add_unit(s, s->mark, s->pos, NULL);
    } else if (!strncmp(lt, "</results>", 10)) {
      s->rows_done = 1;
      s->pos = at;
    } else {
      s->pos = at + 1;
    }
  }
  if (s->rows_done) s->mark = s->pos = s->in.len;
}

/* ------------------------------------------------------------------ TSV */

static void tsv_frame(sp_stream *s) {
  const char *nl;
  if (!s->rows_on) {
    if (!(nl = find(s, 0, "\n"))) {
      if (s->ended) to_whole(s);
      return;
    }
    size_t end = (size_t)(nl - s->in.data) + 1;
    strbuf_append(&s->start, s->in.data, end);
    s->close = "";
    /* the ASK form of TSV (a lone _askResult column) is read whole */
    if (strstr(s->start.data, "_askResult") || head_from_start(s) < 0)
      return to_whole(s);
    s->rows_on = 1;
    s->mark = s->pos = end;
    s->lines = 1;
  }
  while (s->units.len < BATCH_BYTES && (nl = find(s, s->pos, "\n"))) {
    add_unit(s, s->pos, (size_t)(nl - s->in.data) + 1, NULL);
    s->pos = s->mark;
  }
  if (s->ended && s->pos < s->in.len && s->units.len < BATCH_BYTES) {
    add_unit(s, s->pos, s->in.len, NULL); /* a last line without its end */
    s->pos = s->mark;
  }
}

/* --------------------------------------------------------------- driver */

static sk_kind kind_of(const char *mime) {
  if (!mime || !*mime || !strncasecmp(mime, "auto", 4)) return SK_SNIFF;
  if (strcasestr(mime, "json")) return SK_JSON;
  if (strcasestr(mime, "xml") || !strcasecmp(mime, "srx")) return SK_XML;
  if (strcasestr(mime, "tab-separated") || !strcasecmp(mime, "tsv"))
    return SK_TSV;
  return SK_WHOLE;
}

static void frame(sp_stream *s) {
  if (s->kind == SK_SNIFF) {
    size_t i = 0;
    while (i < s->in.len && s->in.data[i] &&
           strchr(" \t\r\n\xEF\xBB\xBF", s->in.data[i]))
      i++;
    if (i == s->in.len && !s->ended) return;
    char c = i < s->in.len ? s->in.data[i] : 0;
    s->kind = c == '{'   ? SK_JSON
              : c == '<' ? SK_XML
              : c == '?' ? SK_TSV
                         : SK_WHOLE;
  }
  if (s->kind == SK_JSON)
    json_frame(s);
  else if (s->kind == SK_XML)
    xml_frame(s);
  else if (s->kind == SK_TSV)
    tsv_frame(s);
}

/* Drops the bytes no longer needed (only once rows are framed: until
 * then the whole document may be wanted). */
static void compact(sp_stream *s) {
  if (!s->rows_on || s->kind == SK_WHOLE || !s->mark) return;
  memmove(s->in.data, s->in.data + s->mark, s->in.len - s->mark);
  s->in.len -= s->mark;
  s->in.data[s->in.len] = '\0';
  s->pos -= s->mark;
  if (s->unit_open) s->unit_start -= s->mark;
  s->mark = 0;
}

static kg_status more(sp_stream *s, kg_error *err) {
  compact(s);
  int rc = s->pull(s->ctx, &s->in, err);
  if (rc < 0) return err && err->status ? err->status : (kg_status)KG_ERR_NET;
  if (rc == 0) s->ended = 1;
  if (s->in.oom) return kg_err(err, KG_ERR_NOMEM, "out of memory");
  return KG_OK;
}

/* SK_WHOLE: the rest, then the usual reader over all of it. */
static kg_status read_whole(sp_stream *s, kg_error *err) {
  while (!s->ended) TRY(more(s, err));
  s->whole_read = 1;
  sp_table_free(s->head);
  s->head = NULL;
  s->rows_on = 1;
  return sp_table_parse(s->in.data ? s->in.data : "", s->in.len, s->mime,
                        &s->head, err);
}

kg_status sp_stream_open(const char *format_or_mime, sp_pull_fn pull, void *ctx,
                         sp_stream **out, kg_error *err) {
  *out = NULL;
  sp_stream *s = calloc(1, sizeof *s);
  if (!s || (format_or_mime && !(s->mime = strdup(format_or_mime)))) {
    free(s);
    return kg_err(err, KG_ERR_NOMEM, "out of memory");
  }
  s->pull = pull;
  s->ctx = ctx;
  s->kind = kind_of(format_or_mime);
  kg_status st = KG_OK;
  while (st == KG_OK && !s->rows_on) {
    frame(s);
    if (s->kind == SK_WHOLE || (s->ended && !s->rows_on))
      st = read_whole(s, err);
    else if (!s->rows_on)
      st = more(s, err);
  }
  if (st != KG_OK) {
    sp_stream_free(s);
    return st;
  }
  *out = s;
  return KG_OK;
}

const sp_table *sp_stream_head(const sp_stream *s) { return s->head; }

/* The rows of the batch as a document of their own, read. */
static kg_status parse_batch(sp_stream *s, kg_error *err) {
  kg_status st = parse_wrapped(s, &s->units, &s->batch, err);
  if (st != KG_OK && st != KG_ERR_NOMEM && err) {
    if (s->kind == SK_TSV && err->line > 1) {
      err->line += s->lines - 1;
    } else {
      size_t n = strlen(err->message);
      err->line = err->column = 0;
      snprintf(err->message + n, sizeof err->message - n,
               " (in rows %llu to %llu of the answer)", s->rows + 1,
               s->rows + s->nunits);
    }
  }
  s->rows += s->nunits;
  s->lines += (long)s->nunits;
  strbuf_clear(&s->units);
  s->nunits = 0;
  return st;
}

kg_status sp_stream_next(sp_stream *s, const sp_table **rows, kg_error *err) {
  *rows = NULL;
  sp_table_free(s->batch);
  s->batch = NULL;
  for (;;) {
    if (s->kind == SK_WHOLE) {
      if (!s->whole_read) TRY(read_whole(s, err));
      if (!s->whole_out && s->head->nrows) *rows = s->head;
      s->whole_out = 1;
      return KG_OK;
    }
    frame(s);
    if (s->kind == SK_WHOLE) continue;
    /* what came is framed: its rows go out before more is awaited */
    if (s->nunits) {
      TRY(parse_batch(s, err));
      *rows = s->batch;
      return KG_OK;
    }
    if (s->ended) {
      if (s->kind != SK_TSV && !s->rows_done)
        return kg_err(err, KG_ERR_SYNTAX,
                      "the answer ends in the middle "
                      "(after %llu rows)",
                      s->rows);
      return KG_OK;
    }
    TRY(more(s, err));
  }
}

void sp_stream_free(sp_stream *s) {
  if (!s) return;
  sp_table_free(s->head);
  sp_table_free(s->batch);
  strbuf_free(&s->in);
  strbuf_free(&s->start);
  strbuf_free(&s->units);
  free(s->mime);
  free(s);
}
