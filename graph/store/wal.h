/* wal.h - the journal: every committed change, written and synced before
 * the store reports success, replayed on open, emptied at checkpoints.
 *
 * File: a 32-byte header ("KGJ2", a CRC-32 of the rest, the base
 * generation it applies to, the end of the last published commit and
 * its sequence; "KGJRNL01" and no CRC before version 2) then frames [type:1][0:3][len:4][payload][crc32:4]:
 *   'T' new terms:   first id (u32), count (u32), then per term u32 length
 *                    and the encoded term
 *   'A' / 'D' quads added / removed: n x (s, p, o, g) as u32
 *   'C' commit:      sequence (u64), dictionary size (u32), bnode counter
 *                    (u64)
 *   'B' bulk load:   empty; first frame of a transaction that only adds
 *                    (a large load), which recovery merges from the
 *                    journal in sorted runs instead of replaying in memory
 * A transaction is the frames up to its 'C'. A torn or unterminated tail
 * is a transaction that never committed and is cut off on open.
 */
#ifndef KG_WAL_H
#define KG_WAL_H

#include "internal.h"

typedef struct kg_wal kg_wal;

/* Where the journal could not be read: the frame's number (from 1) and
 * byte offset, and why; see wal_damage_at. */
typedef struct wal_damage {
  unsigned long long frame;
  uint64_t at;
  const char *why;
  uint64_t last_commit; /* the end of the last commit read before it */
} wal_damage;

/* Opens or creates the journal at path. *gen receives the generation in
 * its header (a new journal gets `gen`). With `expect` (the store has a
 * manifest, so kgsh wrote the journal's header) a journal without a
 * header is damage, not a new one. */
kg_status wal_open(const char *path, uint64_t gen, int expect,
                   uint64_t *file_gen, kg_wal **out, kg_error *err);
/* Opens an existing journal for replay only (a store opened read-only,
 * perhaps without write permission): nothing is created, written or cut.
 * A missing header counts as an empty journal of generation `gen`. */
kg_status wal_open_readonly(const char *path, uint64_t gen, int expect,
                            uint64_t *file_gen, kg_wal **out,
                            kg_error *err);
void wal_close(kg_wal *w);

/* Replay: for each committed transaction, calls `terms` for each term
 * record and `op` for each change, then `commit`. Returns non-zero from a
 * callback as KG_ERR_CORRUPT. Cuts the file after the last commit. */
typedef struct wal_replay_fns {
  int (*terms)(void *ctx, kg_id id, const unsigned char *rec, size_t len);
  int (*op)(void *ctx, int op, const kg_qid *q);
  int (*commit)(void *ctx, uint64_t seq, kg_id dict_count, uint64_t bnodes);
  int (*begin)(void *ctx);
  /* may be NULL: a 'B' frame, `at` the offset where its txn begins */
  int (*bulk)(void *ctx, uint64_t at);
} wal_replay_fns;
kg_status wal_replay(kg_wal *w, const wal_replay_fns *fns, void *ctx,
                     kg_error *err);

/* Writing a transaction: terms, ops, then commit (synced when `sync`). */
kg_status wal_term(kg_wal *w, kg_id id, const unsigned char *rec, size_t len,
                   kg_error *err);
kg_status wal_op(kg_wal *w, int op, const kg_qid *q, kg_error *err);
/* Marks the open transaction as a bulk load (before its first op). */
kg_status wal_bulk(kg_wal *w, kg_error *err);
kg_status wal_commit(kg_wal *w, uint64_t seq, kg_id dict_count,
                     uint64_t bnodes, int sync, kg_error *err);
/* Forgets the open transaction's frames. */
kg_status wal_abort(kg_wal *w, kg_error *err);

/* Offset where the open transaction began, and the ops it wrote. */
uint64_t wal_txn_start(const kg_wal *w);
unsigned long long wal_txn_ops(const kg_wal *w);
/* Calls fn for every op frame between two offsets (a committed txn). */
kg_status wal_each_op(kg_wal *w, uint64_t from, uint64_t to,
                      int (*fn)(void *ctx, int op, const kg_qid *q),
                      void *ctx, kg_error *err);

/* Empties the journal and stamps it with a new generation (synced);
 * `seq` is the last commit the generation holds. */
kg_status wal_reset(kg_wal *w, uint64_t gen, uint64_t seq, kg_error *err);

/* Sharing with other processes. The header names the end of the last
 * commit a reader may read (published after the commit is synced) and
 * its sequence; bytes before that end do not change while the header
 * keeps its generation (a reset writes the header before it cuts). */
kg_status wal_publish(kg_wal *w, uint64_t seq, kg_error *err);
/* Reads the header: 0; -1 not a journal header; -2 its checksum does
 * not match (a header being rewritten may read so a moment). An end of 0
 * is a journal whose writer published nothing (older kgsh). */
int wal_peek(kg_wal *w, uint64_t *gen, uint64_t *end, uint64_t *seq);
/* Replays the committed transactions in [from, to) without cutting
 * anything; KG_ERR_STATE when they do not end exactly at `to` (the
 * journal changed meanwhile: read the header again). */
kg_status wal_tail(kg_wal *w, uint64_t from, uint64_t to,
                   const wal_replay_fns *fns, void *ctx, kg_error *err);
/* The journal is read up to `end` (the last published commit); a writer
 * taking over there (`cut`) cuts the frames past it that a writer that
 * died left. */
kg_status wal_adopt(kg_wal *w, uint64_t end, int cut, kg_error *err);
uint64_t wal_size(const kg_wal *w);
/* Repair: replays every commit that can be read, ignoring the header's
 * end, and cuts the journal after the last of them (synced); the caller
 * then publishes with the sequence its commit callback saw last. */
kg_status wal_salvage(kg_wal *w, const wal_replay_fns *fns, void *ctx,
                      kg_error *err);
/* The frame the last replay or tail could not read. */
wal_damage wal_damage_at(const kg_wal *w);

#endif /* KG_WAL_H */
