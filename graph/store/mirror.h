/* mirror.h - the Redland "hashes" store: the statements kept in the
 * Berkeley DB files that librdf (rdfproc, any Redland program) reads.
 *
 * Files <dir>/<name>-sp2o.db, -po2s.db, -so2p.db and -contexts.db, in
 * librdf's own encoding (librdf_statement_encode_parts2), so that
 *   rdfproc -s hashes -t "hash-type='bdb',dir='DIR',contexts='yes'" NAME
 * sees exactly the statements kgsh holds. kgsh writes them directly with
 * Berkeley DB (sorted batches, a larger cache) instead of through librdf,
 * whose duplicate check with contexts scans the whole store per add.
 * A store keeps them only when asked (`redland on` in its manifest):
 * kgsh's own index is the store of record.
 */
#ifndef KG_MIRROR_H
#define KG_MIRROR_H

#include "store/dict.h"

typedef struct kg_mirror kg_mirror;

/* The store name of a Redland hashes store in `dir` ("kg" when there is
 * none yet): the NAME of the first NAME-sp2o.db found. New string. */
char *mirror_find_name(const char *dir);

/* 1 if dir holds NAME-sp2o.db. */
int mirror_exists(const char *dir, const char *name);

/* Deletes the four files (those present); *bytes (may be NULL) gets
 * their size. The caller has closed them. */
kg_status mirror_remove(const char *dir, const char *name,
                        long long *bytes, kg_error *err);

kg_status mirror_open(const char *dir, const char *name, int readonly,
                      kg_mirror **out, kg_error *err);
void mirror_close(kg_mirror *m);

/* Queues an add (+1) or removal (-1). When `check` is set an add first
 * looks for the statement (so that applying twice is harmless). Terms come
 * from `d`. Fails for terms Redland cannot encode. */
kg_status mirror_change(kg_mirror *m, kg_dict *d, int op, const kg_qid *q,
                        int check, kg_error *err);
/* Writes queued changes in key order (no sync). */
kg_status mirror_flush(kg_mirror *m, kg_error *err);
/* Writes queued changes and syncs the files. */
kg_status mirror_sync(kg_mirror *m, kg_error *err);
/* Empties all four files. */
kg_status mirror_clear(kg_mirror *m, kg_error *err);

/* 1 if Redland can store the term (length limits of its encoding). */
int mirror_term_ok(const kg_term *t);

/* Calls fn for every statement (g kind NONE = no context). Stops and
 * returns KG_ERR_CANCELLED when fn returns non-zero. */
kg_status mirror_each(kg_mirror *m,
                      int (*fn)(void *ctx, const kg_quad *q), void *ctx,
                      kg_error *err);

#endif /* KG_MIRROR_H */
