/* results_stream.h - a SPARQL result document read as it arrives: the
 * columns first, then the rows a batch at a time, so that an answer of
 * any size is read in bounded memory and its first rows are out before
 * its last have come. */
#ifndef SP_RESULTS_STREAM_H
#define SP_RESULTS_STREAM_H

#include "internal.h"
#include "results/results_read.h"
#include "strbuf.h"

/* Where the bytes come from (internal.h). */
typedef kg_pull_fn sp_pull_fn;

typedef struct sp_stream sp_stream;

/* Reads until the columns are known (or, for an ASK answer, a CSV
 * document and any document whose rows cannot be told apart before its
 * end, the whole of it). `format_or_mime` as for sp_table_parse. `pull`
 * and `ctx` are borrowed until sp_stream_free. JSON, XML and TSV answers
 * are read a batch of rows at a time; errors in them give the row
 * (counted from 1 over the whole answer) where the line is not known. */
kg_status sp_stream_open(const char *format_or_mime, sp_pull_fn pull, void *ctx,
                         sp_stream **out, kg_error *err);

/* The columns (no rows), or an ASK answer: borrowed from the stream. */
const sp_table *sp_stream_head(const sp_stream *s);

/* The next rows: *rows is a table (borrowed until the next call) with at
 * least one row, or NULL after the last. */
kg_status sp_stream_next(sp_stream *s, const sp_table **rows, kg_error *err);

void sp_stream_free(sp_stream *s);

#endif /* SP_RESULTS_STREAM_H */
