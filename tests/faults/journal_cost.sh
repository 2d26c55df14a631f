#!/bin/sh
# journal_cost.sh - what durability costs: 10,000 single-triple INSERT DATA
# requests, and one INSERT DATA of 100,000 triples, each with the journal
# synced at every commit (.sync on, the default) and without (.sync off).
# Usage: sh tests/faults/journal_cost.sh BUILD
set -eu
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN { for (i = 0; i < 10000; i++)
  printf "INSERT DATA { <http://ex.org/s%d> <http://ex.org/p> %d } ;\n", i, i }' \
  >"$tmp/small.ru"
awk 'BEGIN { print "INSERT DATA {"; for (i = 0; i < 100000; i++)
  printf "<http://ex.org/s%d> <http://ex.org/p> \"%d\" .\n", i, i; print "} ;" }' \
  >"$tmp/big.ru"
now() { date +%s.%N; }
run() { # sync file
  rm -rf "$tmp/s"
  t0=$(now)
  { echo ".sync $1"; cat "$2"; } | "$build/kgsh" -q "$tmp/s"
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}
for sync in on off; do
  s=$(run $sync "$tmp/small.ru")
  b=$(run $sync "$tmp/big.ru")
  printf '.sync %-3s  10,000 x 1-triple INSERT DATA: %6.2f s   1 x 100,000-triple INSERT DATA: %6.2f s\n' \
    "$sync" "$s" "$b"
done
