/* store_impl.h - what the files of the kg_store object share (open.c,
 * txn.c, checkpoint.c, bulk.c, share.c, recover.c, manifest.c); other
 * modules use store.h. Files call down this list only: open, bulk, txn,
 * checkpoint, share, recover, manifest (so they form no cycle). */
#ifndef KG_STORE_IMPL_H
#define KG_STORE_IMPL_H

#include "store/store.h"

#define MANIFEST "kgsh.manifest"
#define PIDFILE "kgsh.pid"
#define JOURNAL "journal"
#define MIRROR_DIRTY "mirror.dirty"
#define DICT_DIRTY "dict.dirty"

/* ------------------------------------------------------- manifest.c */

/* "<dir>/<f>" of a directory store into buf. */
void store_path(char *buf, size_t n, const kg_store *st, const char *f);
kg_status store_sync_dir(const char *dir, kg_error *err);
/* Creates (on) or removes a marker file, durably. */
kg_status store_marker(kg_store *st, const char *name, int on,
                       kg_error *err);
int store_has_file(const kg_store *st, const char *name);
/* Writes the manifest atomically (a synced temporary file renamed). */
kg_status store_manifest_write(kg_store *st, kg_error *err);
kg_status store_manifest_read(kg_store *st, kg_error *err);
/* What a manifest says, read without changing the store. */
typedef struct store_manifest {
  uint64_t gen, seq, terms, bnodes, mirror_seq;
  int redland;               /* the Redland copy: 1 kept, 0 not, -1 not
                                said (a store of kgsh 0.9: it had one) */
  char mirror[400];
  int version;    /* 1: written by kgsh before checksums (no "crc") */
} store_manifest;
kg_status store_manifest_peek(const kg_store *st, store_manifest *m,
                              kg_error *err);
/* The manifest file's identity (inode), -1 when missing. */
long long store_manifest_id(const kg_store *st);

/* -------------------------------------------------------- recover.c */

/* Replays the journal; *bulk_ops (may be NULL: replay all) gets the ops of
 * a bulk load left in it for the caller to merge, 0 if none, and *bulk_at
 * where it begins. */
kg_status store_replay(kg_store *st, uint64_t *bulk_at,
                       unsigned long long *bulk_ops, kg_error *err);
/* Queues the changes the Redland files lack. */
kg_status store_mirror_queue(kg_store *st, kg_error *err);
/* Marks the Redland files as up to date with every commit. */
kg_status store_mirror_done(kg_store *st, kg_error *err);
/* Brings the Redland files up to date with the commits they lack. */
kg_status store_mirror_update(kg_store *st, kg_error *err);
/* Rewrites the Redland files from the index. */
kg_status store_mirror_rebuild(kg_store *st, kg_error *err);
/* Turns the Redland copy on: its files written from the index, then the
 * manifest says `redland on` (on failure the copy stays off). */
kg_status store_redland_on(kg_store *st, kg_error *err);
/* Turns it off (the manifest first) and deletes its files; *bytes (may
 * be NULL) gets their size. Also finishes a switch a crash cut short. */
kg_status store_redland_drop(kg_store *st, long long *bytes, kg_error *err);
/* After a crash while the Redland files changed (mirror.dirty): rebuilds
 * them when the copy is on, deletes them when off. */
kg_status store_mirror_repair(kg_store *st, kg_error *err);

/* ----------------------------------------------------- checkpoint.c */

/* Merges the committed changes and `runs` (may be NULL) into a new base
 * generation; *added (may be NULL) gets the statements the runs added. */
kg_status store_checkpoint(kg_store *st, const kg_runs *runs,
                           unsigned long long *added, kg_error *err);

/* ------------------------------------------------------------ txn.c */

/* Writes the journal entries of terms not yet logged. */
kg_status store_log_terms(kg_store *st, kg_error *err);
/* Drops the open transaction. */
void store_rollback(kg_store *st);

/* ----------------------------------------------------------- bulk.c */

/* Merges the bulk load that recovery left in the journal (its process
 * stopped between the commit and the merge). */
kg_status bulk_recover(kg_store *st, uint64_t at, unsigned long long ops,
                       kg_error *err);

#endif /* KG_STORE_IMPL_H */
