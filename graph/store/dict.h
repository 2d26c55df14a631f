/* dict.h - the term dictionary: RDF terms <-> 32-bit ids.
 *
 * On disk (a store directory) the dictionary is three files:
 *   terms.dat   the encoded terms, appended (kg_term_encode form)
 *   terms.off   one little-endian uint64 offset into terms.dat per id
 *   terms.idx   a hash table of (64-bit term hash, id), read and written
 *               in blocks through a pool of bounded size
 * terms.dat/terms.off are the record; terms.idx is an index rebuilt from
 * them when missing or damaged. In memory (dir NULL) all three are heap
 * structures. Ids start at 1 and are never reused.
 */
#ifndef KG_DICT_H
#define KG_DICT_H

#include "internal.h"

typedef struct kg_dict kg_dict;

/* Opens (creating when `create`) the dictionary in `dir`, or an in-memory
 * one when dir is NULL. New dict, caller closes. */
kg_status dict_open(const char *dir, int create, int readonly, kg_dict **out,
                    kg_error *err);
void dict_close(kg_dict *d);

/* Number of records (the largest id that is not inline). */
kg_id dict_count(const kg_dict *d);

/* The id of a term, 0 if absent. A small number or date (store/inline.h)
 * has its inline id unless the dictionary holds it as a record (a store
 * of an earlier kgsh): never 0. */
kg_id dict_find(kg_dict *d, const kg_term *t);

/* The id of a term, adding it when absent (*added = 1): a record, or
 * for a small number or date its inline id (nothing added). */
kg_status dict_intern(kg_dict *d, const kg_term *t, kg_id *id, int *added,
                      kg_error *err);
/* The same, but a term absent always becomes a record (the journal's
 * terms, replayed with the ids an earlier kgsh gave them). */
kg_status dict_intern_record(kg_dict *d, const kg_term *t, kg_id *id,
                             kg_error *err);

/* The term of an id; strings borrowed until dict_close. 0 if no such id.
 * The text of an inline id is made at its first call and kept (16 bytes
 * per number or date asked for). */
int dict_term(kg_dict *d, kg_id id, kg_term *out);

/* Raw encoded record of an id (for the journal); borrowed like above;
 * NULL for an inline id. */
const unsigned char *dict_record(kg_dict *d, kg_id id, size_t *len);

/* Writes buffered terms to the files (no fsync) / and fsyncs them. */
kg_status dict_flush(kg_dict *d, kg_error *err);
kg_status dict_sync(kg_dict *d, kg_error *err);

/* Forgets ids above `count` (recovery after a crash). */
kg_status dict_truncate(kg_dict *d, kg_id count, kg_error *err);

/* Forgets ids above `count` that no commit uses (a transaction that
 * failed or was rolled back): their slots of terms.idx are removed one
 * by one (no rebuild) and the record files cut, so a failed load on a
 * full disk gives its space back. */
kg_status dict_forget(kg_dict *d, kg_id count, kg_error *err);

/* Rebuilds terms.idx from terms.dat and terms.off. */
kg_status dict_reindex(kg_dict *d, kg_error *err);

/* Lets the mapped pages of the dictionary go from this process's memory
 * (see mfile_release). */
void dict_release(kg_dict *d);

/* While on, the dictionary keeps the pages of terms.dat and terms.off it
 * has mapped to about 16 MB, letting them go when they pass that (a
 * look at the process's resident size every 64 reads). For work that
 * reads many records once: large loads, checkpoints. */
void dict_bound(kg_dict *d, int on);

/* Writes back and frees what a writer keeps in memory to speed up
 * dict_intern (the index pool, the cache of recent terms): after a
 * load, before the memory goes to other work. */
kg_status dict_trim(kg_dict *d, kg_error *err);

/* While on and once terms.idx outgrows the pool of blocks, the terms
 * dict_intern adds reach terms.idx in batches of 256 K sorted by slot,
 * one pass over the file each, instead of a random block read and write
 * apiece; and a filter of every hash the index holds (4 bits a slot of
 * terms.idx, 16 MB at most) answers most lookups of new terms without
 * reading it. For bulk loads, whose terms are mostly new: it holds up to
 * 24 MB. dict_flush, dict_trim and turning it off write the batch out;
 * until then terms.idx lacks the batch's terms, as it lacks the pool's
 * changed blocks after a crash (dict.dirty makes the next open rebuild
 * it). KG_ERR_CORRUPT when a slot of terms.idx is damaged (the filter
 * reads them all). Memory dictionaries ignore it. */
kg_status dict_batch(kg_dict *d, int on, kg_error *err);

/* Opens the dictionary of a store other processes have open: nothing is
 * repaired and terms.idx is trusted (dict_follow sets the count). */
kg_status dict_open_shared(const char *dir, int readonly, kg_dict **out,
                           kg_error *err);

/* Follows other processes' additions: ids up to `count` (the last
 * commit read) for a reader; for a writer (holding the write lock) every
 * whole record in the files, a torn last one cut. */
kg_status dict_follow(kg_dict *d, kg_id count, int write, kg_error *err);

/* KG_OK, or KG_ERR_CORRUPT naming the record or slot of terms.idx that
 * failed its checksum since the dictionary was opened: a lookup that
 * found nothing (dict_find 0, dict_term 0) may have met damage, and
 * callers ask here before they take the answer as "absent". */
kg_status dict_damaged(kg_dict *d, kg_error *err);

/* Reads every record and every slot of terms.idx (kgsh --check):
 * KG_ERR_CORRUPT naming the first damage; *unsummed gets the records an
 * earlier kgsh wrote without a checksum. */
kg_status dict_verify(kg_dict *d, unsigned long long *unsummed,
                      kg_error *err);

/* Gives every entry of terms.off written by an earlier kgsh (store
 * version 1) its checksum; synced. */
kg_status dict_sum_all(kg_dict *d, kg_error *err);

#endif /* KG_DICT_H */
