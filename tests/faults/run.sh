#!/bin/sh
# run.sh - durability tests: kgsh is killed (SIGKILL, through the KG_FAULT
# crash points of graph/fault.h) at each step of applying a change, then
# the store is reopened and compared with its state before and after the
# change: it must equal one of them, statement for statement, and the
# Redland copy (read by rdfproc) must hold the same statements. The
# crash points run on stores with the copy (--redland-copy), then those
# of the index alone on stores without it (the default), where no
# Redland file may appear. Also two processes on one store.
# Usage: sh tests/faults/run.sh BUILD
set -u
build=$1
kgsh=$build/kgsh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# gen N PREFIX: N distinct triples with a Chinese literal every 10th
gen() {
  awk -v n="$1" -v p="$2" 'BEGIN {
    for (i = 0; i < n; i++) {
      if (i % 10 == 0) printf "<http://ex.org/%s%d> <http://ex.org/label> \"公司%d\"@zh .\n", p, i, i
      else printf "<http://ex.org/%s%d> <http://ex.org/p%d> \"%d\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n", p, i, i % 7, i
    }
  }'
}

dump() { # store -> sorted N-Quads of everything
  "$kgsh" -q "$1" -e '.export - nquads' | LC_ALL=C sort
}

redland_count() { # store -> statements in its Redland files
  if [ -z "$copy" ]; then
    # the default: the index is the only copy
    ls "$1"/kg-*.db >/dev/null 2>&1 && echo files || echo skip
    return
  fi
  if ! command -v rdfproc >/dev/null 2>&1; then echo skip; return; fi
  rdfproc -s hashes -t "hash-type='bdb',dir='$1',contexts='yes'" kg print \
    2>/dev/null | grep -c '^  '
}

gen 2000 a >"$tmp/base.nt"
gen 300 b >"$tmp/more.nt"
gen 20000 c >"$tmp/big.nt"
{
  printf 'INSERT DATA { GRAPH <http://ex.org/g> {\n'
  gen 150 d | sed 's/ \.$/ ./'
  # one request: the ';' between operations is not at a line's end
  printf '} } ; DELETE WHERE { <http://ex.org/a10> ?p ?o } ;\n'
} >"$tmp/update.ru"

copy=--redland-copy
fresh() { # a store holding base.nt, checkpointed and closed
  rm -rf "$tmp/s"
  "$kgsh" -q $copy "$tmp/s" -l "$tmp/base.nt" -e '' || exit 2
}

# scenario NAME FAULT ENV-ASSIGNMENTS COMMAND...: runs the change killed at
# FAULT and checks the reopened store
scenario() {
  name=$1 fault=$2 envs=$3
  shift 3
  fresh
  dump "$tmp/s" >"$tmp/before"
  cp -r "$tmp/s" "$tmp/s2"
  (for e in $envs; do export "$e"; done; "$@" "$tmp/s2") >/dev/null 2>&1
  dump "$tmp/s2" >"$tmp/after"
  rm -rf "$tmp/s2"
  if cmp -s "$tmp/before" "$tmp/after"; then
    bad "$name" "the change changed nothing"
    return
  fi
  (for e in $envs; do export "$e"; done; export KG_FAULT="$fault"
   "$@" "$tmp/s") >/dev/null 2>&1
  rc=$?
  if [ "$rc" -ne 137 ] && [ "$rc" -ne 143 ] && [ "$rc" -lt 128 ]; then
    bad "$name" "the process was not killed at $fault (exit $rc)"
    return
  fi
  dump "$tmp/s" >"$tmp/now"
  if cmp -s "$tmp/now" "$tmp/before"; then state=before
  elif cmp -s "$tmp/now" "$tmp/after"; then state=after
  else
    bad "$name" "after a crash at $fault the store is neither the state before nor after ($(wc -l <"$tmp/now") statements; before $(wc -l <"$tmp/before"), after $(wc -l <"$tmp/after"))"
    return
  fi
  # the files agree with each other (terms.idx finds every term, ...)
  if ! "$kgsh" --check "$tmp/s" >"$tmp/check" 2>&1; then
    bad "$name" "--check after a crash at $fault: $(grep -v ' ok' "$tmp/check" | head -3)"
    return
  fi
  n=$(redland_count "$tmp/s")
  want=$(wc -l <"$tmp/now")
  if [ "$n" = files ]; then
    bad "$name" "Redland files appeared in a store without the copy"
    return
  fi
  if [ "$n" != skip ] && [ "$n" -ne "$want" ]; then
    bad "$name" "the Redland files hold $n statements, the store $want"
    return
  fi
  ok "$name (crash at $fault -> $state)"
}

run_update() { "$kgsh" -q "$1" -f "$tmp/update.ru"; }
run_load() { "$kgsh" -q "$1" -e ".load $tmp/more.nt"; }
run_big() { "$kgsh" -q "$1" -e ".load $tmp/big.nt"; }
run_txn() {
  printf '.begin\nINSERT DATA { <http://ex.org/t1> <http://ex.org/p> 1 } ;\n.load %s\nDELETE DATA { <http://ex.org/a1> <http://ex.org/p1> 1 } ;\n.commit\n' "$tmp/more.nt" |
    "$kgsh" -q "$1"
}

# with the Redland copy, then without it (no mirror-* points there)
for copy in --redland-copy ""; do
[ -n "$copy" ] && with=" (with the Redland copy)" || with=""
# a commit: killed before its journal entry is complete, or after
scenario "update, before the commit$with" commit-before "" run_update
scenario "update, journal written$with" journal-written "" run_update
scenario "update, after the commit$with" commit-after "" run_update
scenario "load, half-way$with" load-statement:150 "" run_load
scenario "load, new term half-written$with" dict-append:20 "" run_load
scenario "transaction, before .commit$with" commit-before "" run_txn
scenario "transaction, after .commit$with" commit-after "" run_txn
# at close the Redland files are brought up to date
[ -n "$copy" ] &&
  scenario "close, Redland files half-written" mirror-put:3 "" run_update
# a checkpoint (merging changes into a new index generation)
points="ckpt-index ckpt-manifest ckpt-journal"
[ -n "$copy" ] && points="$points mirror-put:1 mirror-put:40 ckpt-mirror"
for point in $points; do
  scenario "checkpoint, $point$with" "$point" KG_CHECKPOINT_MIN=50 run_update
done
# a large load (more than a load keeps in memory: the bulk path, here
# made to start at 5000 statements with sorted runs of 4000 quads and
# new terms written to terms.idx in batches of 1000 once it outgrows a
# pool of 16 blocks)
points="load-statement:12000 dict-batch:3 bulk-before bulk-after ckpt-index ckpt-manifest"
[ -n "$copy" ] && points="$points mirror-put:5000"
for point in $points; do
  scenario "large load, $point$with" "$point" \
    "KG_BULK_MIN=5000 KG_RUN_KEYS=4000 KG_DICT_BATCH=1000 KG_DICT_POOL=16" \
    run_big
done
done

# ------------------------------------------- turning the copy on, cut short
copy=""
fresh
dump "$tmp/s" >"$tmp/before"
KG_FAULT=mirror-put:100 "$kgsh" -q "$tmp/s" -e '.redland on' >/dev/null 2>&1
rc=$?
dump "$tmp/s" >"$tmp/now"
if [ "$rc" -lt 128 ]; then
  bad "copy on, cut short" "the process was not killed (exit $rc)"
elif ! cmp -s "$tmp/now" "$tmp/before"; then
  bad "copy on, cut short" "the statements changed"
elif ls "$tmp/s"/kg-*.db "$tmp/s/mirror.dirty" >/dev/null 2>&1; then
  bad "copy on, cut short" "its files were left: $(ls "$tmp/s")"
elif [ "$("$kgsh" -q "$tmp/s" -e .redland)" != off ]; then
  bad "copy on, cut short" "the copy is not off"
else
  ok "turning the copy on, killed while writing it: off, its files gone"
fi

# ---------------------------------------------------------- two processes
fresh
# A commits, then stays open (idle, holding no write lock): B, started
# later, reads A's change at once
( printf 'INSERT DATA { <http://ex.org/x> <http://ex.org/y> "from A" } ;\n'
  printf '.timer off\n' # ends the update request: it runs now
  sleep 2
  printf '.quit\n' ) | "$kgsh" -q "$tmp/s" &
sleep 0.5
out=$("$kgsh" -q "$tmp/s" -F tsv -e 'SELECT ?o WHERE { <http://ex.org/x> ?p ?o }' 2>&1)
wait
case $out in
*'"from A"'*) ok "a second process reads beside the first and sees its commit" ;;
*) bad "two processes" "second process got: $out" ;;
esac
# A holds a write transaction longer than B's busy timeout: B's write
# gets a clear error, the store is intact
( printf '.begin\nINSERT DATA { <http://ex.org/a> <http://ex.org/b> "held" } ;\n'
  sleep 5; printf '.rollback\n.quit\n' ) | "$kgsh" -q "$tmp/s" &
sleep 0.5
before=$("$kgsh" -q --busy-timeout 1500 "$tmp/s" -e 'INSERT DATA { <http://ex.org/b> <http://ex.org/b> "b" }' 2>&1)
rc=$?
wait
case $before in
*"in use"*) [ "$rc" -eq 1 ] && ok "busy store: clear error, exit 1" ||
  bad "busy store" "exit $rc" ;;
*) bad "busy store" "no 'in use' error: $before" ;;
esac
n=$("$kgsh" -q "$tmp/s" -F tsv -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' | tail -1)
[ "$n" = 2001 ] && ok "store intact after contention" ||
  bad "store intact after contention" "$n statements"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
