/* load.h - what load.c shares with the parsers it drives (load_serd.c):
 * the state of one load and the calls that put statements, prefixes and
 * bytes read into it. Private to graph/io. */
#ifndef IO_LOAD_H
#define IO_LOAD_H

#include <stdio.h>

#include "internal.h"
#include "store/store.h"

enum {
  LOAD_CHUNK = 64 * 1024 /* bytes read at a time (serd's page too) */
};

typedef struct loader {
  kg_store *st;
  kg_error *err;
  kg_status status;
  void *parser;             /* raptor's, while it runs */
  struct xl_scan *xl;       /* RDF/XML: the languages raptor leaves off */
  const char *name;         /* the input's name in errors */
  kg_id graph;              /* target graph for triples, 0 = default */
  char scope[32];           /* blank node label prefix */
  size_t scope_len;
  char *bbuf;               /* label scratch */
  size_t bcap;
  char **ns;                /* prefixes declared: "name\0iri", recorded
                               once the load has succeeded */
  size_t nns, capns;
  bulk *bulk;
  unsigned long long triples, bytes, added;
  unsigned long long total;  /* the input's size, 0 when unknown */
  double reported;           /* kg_now() of the last progress report */
  unsigned long long lines;  /* newlines in the chunks read so far */
  size_t col0;               /* bytes of the current line before a chunk */
  const kg_load_options *opt;
  int local;                 /* a file or stdin: file: contexts may be read */
  int jsonld;                /* the syntax is JSON-LD */
} loader;

/* Adds a parsed statement (its ids) to the store: the transaction, or
 * the bulk path once the load is large; reports progress. */
kg_status load_add(loader *l, const kg_qid *q);

/* Notes a prefix the input declared (recorded if the load succeeds); a
 * prefix is a convenience, so running out of memory skips it. */
void load_prefix(loader *l, const char *name, size_t nlen, const char *iri,
                 size_t ilen);

/* Lower-cases a language tag into out[256] (as raptor gives them, so
 * every parser stores the same term). */
const char *load_lang(const char *tag, size_t n, char out[256]);

/* Counts the lines of a chunk just read (for places), checks it holds no
 * NUL byte, and reports progress when half a second has passed (a slow
 * pipe, a slow parser); 0 with l->status set at a NUL or a cancel. */
int load_text(loader *l, const unsigned char *buf, size_t n);
/* Same, where z is the NUL byte at fault (NULL: none is): for a syntax
 * whose string literals may hold NUL bytes. */
int load_text_nul(loader *l, const unsigned char *buf, size_t n,
                  const unsigned char *z);

/* Calls the caller's progress callback (done: parsing is over); a
 * non-zero answer cancels the load. */
kg_status load_progress(loader *l, int done);

/* Parses N-Triples, N-Quads, Turtle or TriG with serd: `head` holds the
 * first n bytes already read from `in` (a full chunk unless the input
 * ended). Fills l->err with file:line:column on a syntax error. */
kg_status load_serd(loader *l, FILE *in, const unsigned char *head, size_t n,
                    const char *syntax, const char *base);

#endif /* IO_LOAD_H */
