#!/bin/sh
# concurrency.sh - several kgsh processes on one store at once: an idle
# interactive shell (tmux) beside a batch process that reads and writes;
# readers counting while a writer commits 1000 statements one by one
# (every count one the writer committed, never going down, the last
# exact); two writers at once; a writer killed in the middle of a commit
# while readers run; a checkpoint and a bulk load under a reader.
# Usage (from the repository root): sh tests/e2e/concurrency.sh build/kgsh
. tests/e2e/lib.sh

S=$TMP/s.kg
EX=http://ex.org
COUNT='SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
# with the Redland copy: its files are checked against the index below
kg --redland-copy "$S" -e "INSERT DATA { <$EX/s0> <$EX/p> 0 }"
check_rc "a new store" 0

# run_n N TEXT ARGS...: kgsh -q ARGS with N statements -e TEXT (each its
# own transaction), the %d in TEXT (none, or two) numbered 1..N
run_n() {
  _n=$1 _t=$2
  shift 2
  _i=1
  while [ "$_i" -le "$_n" ]; do
    set -- "$@" -e "$(printf "$_t" "$_i" "$_i")"
    _i=$((_i + 1))
  done
  "$KGSH" -q "$@"
}

# count_now STORE: the statements a fresh reader sees
count_now() { "$KGSH" -q "$1" --readonly -F tsv -e "$COUNT" 2>/dev/null | tail -1; }

# counts FILE LO HI: the counts of a reader's output (tsv, "?n" lines
# between) are integers in [LO, HI] that never go down; prints "ok" or
# what is wrong
counts() {
  grep -v '^?n$' "$1" | awk -v lo="$2" -v hi="$3" '
    !/^[0-9]+$/ { print "not a count: " $0; bad = 1; exit }
    $1 + 0 < lo || $1 + 0 > hi { print "never committed: " $0; bad = 1; exit }
    $1 + 0 < last { print "went down: " last " -> " $0; bad = 1; exit }
    { last = $1 + 0; n++ }
    END { if (!bad) print (n ? "ok" : "no counts") }'
}

# ------------------------------------------------- a reader and a writer
# the writer: 1000 single INSERT DATA, each its own transaction (-e)
run_n 1000 "INSERT DATA { <$EX/s%d> <$EX/p> %d }" "$S" \
  >"$TMP/writer.out" 2>"$TMP/writer.err" &
WRITER=$!
# one reader process open all along (it picks up the commits before each
# statement), and short ones opened while the writer runs
run_n 300 "$COUNT" "$S" --readonly -F tsv >"$TMP/long.out" 2>"$TMP/long.err" &
LONG=$!
: >"$TMP/short.out"
: >"$TMP/short.err"
rounds=0
while kill -0 "$WRITER" 2>/dev/null; do
  "$KGSH" -q "$S" -F tsv -e "$COUNT" -e "$COUNT" -e "$COUNT" \
    >"$TMP/one.out" 2>>"$TMP/short.err"
  echo "rc $?" >>"$TMP/short.rc"
  counts "$TMP/one.out" 1 1001 >>"$TMP/short.check"
  rounds=$((rounds + 1))
done
wait "$WRITER"
check_eq "1000 single commits: the writer succeeds" 0 "$?"
check_empty "1000 single commits: the writer says nothing" "$TMP/writer.err"
wait "$LONG"
check_eq "a reader open all along: succeeds" 0 "$?"
check_empty "a reader open all along: no error" "$TMP/long.err"
check_eq "a reader open all along: counts the writer committed, never down" \
  ok "$(counts "$TMP/long.out" 1 1001)"
check_eq "short readers while the writer runs: all succeed ($rounds)" \
  "" "$(grep -v '^rc 0$' "$TMP/short.rc" | head -3)"
check_empty "short readers: no error" "$TMP/short.err"
check_eq "short readers: counts the writer committed, never down" \
  "" "$(grep -v '^ok$' "$TMP/short.check" | head -3)"
check_eq "the final count is exact" 1001 "$(count_now "$S")"
kg "$S" -F tsv -e "SELECT (SUM(?i) AS ?t) { ?s <$EX/p> ?i }"
check_eq "every statement is the writer's" 500500 "$(tail -1 "$OUT")"

# ----------------------------------------------------- two writers at once
# each commits 100 statements; they take turns at the write lock
for w in a b; do
  run_n 100 "INSERT DATA { <$EX/$w%d> <$EX/q> %d }" "$S" \
    >"$TMP/$w.out" 2>"$TMP/$w.err" &
  eval "W_$w=\$!"
done
wait "$W_a"
check_eq "two writers at once: the first succeeds" 0 "$?"
wait "$W_b"
check_eq "two writers at once: the second succeeds" 0 "$?"
check_eq "two writers at once: every statement of both" 1201 "$(count_now "$S")"

# one holds a transaction open for a second; the other waits, then writes
( printf '.begin\nINSERT DATA { <%s/held> <%s/q> 1 } ;\n' "$EX" "$EX"
  sleep 1; printf '.commit\n' ) | "$KGSH" -q "$S" >"$TMP/held.out" 2>&1 &
HELD=$!
sleep 0.3
t0=$(date +%s%N)
kg "$S" -e "INSERT DATA { <$EX/waiter> <$EX/q> 1 }"
t1=$(date +%s%N)
check_rc "a writer waits for another's transaction, then writes" 0
wait "$HELD"
check_eq "the transaction that held the lock commits" 0 "$?"
if [ $(((t1 - t0) / 1000000)) -ge 300 ]; then ok "the second writer waited"; else
  fail "the second writer waited" "$(((t1 - t0) / 1000000)) ms"
fi
check_eq "both writers' statements are in" 1203 "$(count_now "$S")"
# a short busy timeout: a clear error naming the holder, nothing applied
( printf '.begin\nINSERT DATA { <%s/held2> <%s/q> 1 } ;\n' "$EX" "$EX"
  sleep 4; printf '.rollback\n' ) | "$KGSH" -q "$S" >"$TMP/held.out" 2>&1 &
HELD=$!
sleep 0.5
t0=$(date +%s%N)
kg "$S" -F tsv -e "$COUNT"
t1=$(date +%s%N)
check_rc "a session that only reads, beside a write transaction: reads" 0
if [ $(((t1 - t0) / 1000000)) -lt 1000 ]; then ok "... and closes at once"; else
  fail "... and closes at once" "$(((t1 - t0) / 1000000)) ms"
fi
kg "$S" --busy-timeout 200 -e "INSERT DATA { <$EX/refused> <$EX/q> 1 }"
check_rc "busy timeout: the write fails (exit 1)" 1
check_contains "busy timeout: says who holds the store" "in use by another process (pid $HELD)" "$ERR"
kg "$S" -e '.busy 100' -e '.busy' -e "INSERT DATA { <$EX/refused> <$EX/q> 1 }"
check_contains ".busy sets the busy timeout" "100" "$OUT"
check_rc ".busy: the write fails after it" 1
# Ctrl-C (SIGINT) stops a writer that waits
"$KGSH" -q "$S" -e "INSERT DATA { <$EX/refused> <$EX/q> 1 }" >/dev/null 2>"$TMP/int.err" &
W=$!
sleep 0.4
kill -INT "$W"
wait "$W"
check_eq "Ctrl-C stops a writer waiting for the lock (exit 1)" 1 "$?"
check_contains "... saying so" "interrupted while waiting" "$TMP/int.err"
wait "$HELD"
check_eq "busy timeout: nothing of the refused writes" 1203 "$(count_now "$S")"

# ----------------------------------------- a writer killed while it commits
run_n 200 "$COUNT" "$S" --readonly -F tsv >"$TMP/r1.out" 2>"$TMP/r1.err" &
R1=$!
# the 30th commit dies after its frames are written, before the commit
# frame: the 29 before it stay, nothing of it
(KG_FAULT=commit-before:30 && export KG_FAULT &&
  run_n 50 "INSERT DATA { <$EX/k%d> <$EX/p> 1 . <$EX/k%d> <$EX/r> 2 }" \
    "$S" >/dev/null 2>&1)
check_eq "the writer was killed" 137 "$?"
wait "$R1"
check_eq "a reader while the writer died: succeeds" 0 "$?"
check_empty "a reader while the writer died: no error" "$TMP/r1.err"
check_eq "a reader while the writer died: whole commits only" ok \
  "$(counts "$TMP/r1.out" 1203 1261)"
check_eq "after the kill: the commits before it, nothing of its own" 1261 "$(count_now "$S")"
kg "$S" -e "INSERT DATA { <$EX/after> <$EX/p> 1 }"
check_rc "after the kill: the next writer writes" 0
check_eq "after the kill: the next writer's statement is in" 1262 "$(count_now "$S")"

# ------------------------------------------- a checkpoint under a reader
# KG_CHECKPOINT_MIN=20: the writer merges a new generation every few
# commits, deleting the old files while the reader reads on
run_n 200 "$COUNT" "$S" --readonly -F tsv >"$TMP/r2.out" 2>"$TMP/r2.err" &
R2=$!
(KG_CHECKPOINT_MIN=20 && export KG_CHECKPOINT_MIN &&
  run_n 100 "INSERT DATA { <$EX/c%d> <$EX/p> %d }" "$S" \
    >/dev/null 2>"$TMP/ckw.err")
check_eq "checkpoints under a reader: the writer succeeds" 0 "$?"
wait "$R2"
check_eq "checkpoints under a reader: the reader succeeds" 0 "$?"
check_empty "checkpoints under a reader: no error" "$TMP/r2.err"
check_eq "checkpoints under a reader: counts never down" ok \
  "$(counts "$TMP/r2.out" 1262 1362)"
check_eq "checkpoints under a reader: the final count" 1362 "$(count_now "$S")"
if command -v rdfproc >/dev/null 2>&1; then
  check_eq "the Redland files agree" 1362 "$(rdfproc -s hashes -t "hash-type='bdb',dir='$S',contexts='yes'" kg print 2>/dev/null | grep -c '^  ')"
fi

# ------------------------------------------- a bulk load under a reader
# KG_BULK_MIN=1000: a load of 3000 statements takes the bulk path (its
# frames unpublished until the checkpoint that ends it)
awk 'BEGIN { for (i = 1; i <= 3000; i++)
  printf "<http://ex.org/b%d> <http://ex.org/p> \"%d\" .\n", i, i }' >"$TMP/bulk.nt"
run_n 300 "$COUNT" "$S" --readonly -F tsv >"$TMP/r3.out" 2>"$TMP/r3.err" &
R3=$!
(KG_BULK_MIN=1000 KG_RUN_KEYS=700 && export KG_BULK_MIN KG_RUN_KEYS &&
  "$KGSH" -q "$S" -e ".load $TMP/bulk.nt" >/dev/null 2>"$TMP/bulk.err")
check_eq "a bulk load under a reader: the load succeeds" 0 "$?"
wait "$R3"
check_eq "a bulk load under a reader: the reader succeeds" 0 "$?"
check_empty "a bulk load under a reader: no error" "$TMP/r3.err"
check_eq "a bulk load under a reader: the store before or after, nothing between" "" \
  "$(grep -v '^?n$' "$TMP/r3.out" | grep -vx 1362 | grep -vx 4362 | head -3)"
check_eq "a bulk load under a reader: the final count" 4362 "$(count_now "$S")"

# ------------------------- an idle interactive shell beside a batch process
if command -v tmux >/dev/null 2>&1; then
  SOCK=$TMP/tmux.sock
  tm() { tmux -S "$SOCK" -f /dev/null "$@"; }
  at_exit 'tmux -S "$SOCK" kill-server >/dev/null 2>&1'
  tm new-session -d -s kg -x 120 -y 40 "env HOME='$HOME' LC_ALL=C.UTF-8 '$KGSH' '$S'"
  _n=50
  while [ "$_n" -gt 0 ] && ! tm capture-pane -p -t kg | grep -q 'kgsh>'; do
    sleep 0.1
    _n=$((_n - 1))
  done
  # the shell ran a query and a change, then sits at the prompt
  tm send-keys -t kg "INSERT DATA { <$EX/tty> <$EX/p> 1 }\\;" Enter
  sleep 1
  kg "$S" -F tsv -e "$COUNT"
  check_rc "beside an idle shell: a batch process reads" 0
  check_eq "beside an idle shell: it sees the shell's commit" 4363 "$(tail -1 "$OUT")"
  kg "$S" -e "INSERT DATA { <$EX/batch> <$EX/p> 1 }"
  check_rc "beside an idle shell: a batch process writes" 0
  tm send-keys -t kg "SELECT ?s { ?s <$EX/p> ?o FILTER(?s = <$EX/batch>) }\\;" Enter
  sleep 1
  check_cmd "the idle shell sees the batch's commit" sh -c \
    "tmux -S '$SOCK' capture-pane -p -t kg | grep -q 'ex.org/batch'"
  # a prefix set by another process is known at the next statement
  kg "$S" -e ".prefix cc <$EX/>"
  check_rc "beside an idle shell: a batch process sets a prefix" 0
  tm send-keys -t kg "SELECT (CONCAT('seen:', STR(cc:p)) AS ?m) {}\\;" Enter
  sleep 1
  check_cmd "the idle shell knows the other process's prefix" sh -c \
    "tmux -S '$SOCK' capture-pane -p -t kg | grep -q 'seen:$EX/p'"
  tm send-keys -t kg ".quit" Enter
  sleep 0.5
  check_eq "after both: every statement" 4364 "$(count_now "$S")"
else
  skip "an idle interactive shell" "tmux is not installed"
fi

finish
