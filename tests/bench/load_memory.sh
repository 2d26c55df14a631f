#!/bin/sh
# load_memory.sh - `make bench-memory`: does a load's memory grow with the
# file? Loads bench graphs of growing size into fresh stores and prints
# the peak resident size of each load.
#
#   sh tests/bench/load_memory.sh [SIZE...]     (default: 100k 1M 3M 10M)
#
# For each size: generates the graph (tests/tools/bench_gen.c, cached
# under build/bench/ as run.sh does), loads it with `kgsh DIR -q -l FILE`
# into a new directory store, and, when installed, with rdfproc into
# Redland's Berkeley DB hashes store, each under /usr/bin/time (peak RSS
# is its "maximum resident set size": the process's own memory plus the
# file pages it has mapped). Then recovery: a load killed right after its
# commit (KG_FAULT=bulk-after, before the merge) and the store reopened
# (the reopening measured): recovery merges the load from the journal.
# Prints a Markdown table and writes it to build/bench/load-memory.md.
# Environment: BUILD (default build), BENCH_PEERS=0 to skip rdfproc,
# BENCH_RECOVERY=0 to skip recovery.
set -eu

BUILD=${BUILD:-build}
. "$(dirname "$0")/paths.sh"
SIZES=${*:-100k 1M 3M 10M}
PEERS=${BENCH_PEERS:-1}
RECOVERY=${BENCH_RECOVERY:-1}

if [ ! -x /usr/bin/time ]; then
  echo "load_memory.sh: /usr/bin/time is needed (Debian package time)" >&2
  exit 2
fi
[ -x "$T/bench_gen" ] || make --no-print-directory BUILD="$BUILD" "$T/bench_gen" >&2

WORK=$(mktemp -d "$B/memory.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

# Runs "$@" under /usr/bin/time; prints "seconds peak_MB" or "failed".
measure() {
  if /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err"; then
    awk '{ printf "%.2f %.1f\n", $1, $2 / 1024 }' "$WORK/time"
  else
    echo "failed"
    sed 's/^/  /' "$WORK/err" >&2
  fi
}

OUT=$B/load-memory.md
{
  echo "Load memory, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, main at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "| triples | N-Triples (MB) | kgsh load (s) | kgsh peak RSS (MB) | recovery (s) | recovery peak RSS (MB) | rdfproc load (s) | rdfproc peak RSS (MB) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$OUT"
for size in $SIZES; do
  data=$(bench_data "$size")
  mb=$(du -k "$data" | awk '{ printf "%.0f", $1 / 1024 }')
  echo "bench-memory: kgsh load of $size" >&2
  set -- $(measure "$BUILD/kgsh" "$WORK/kgsh.store" -q -l "$data")
  k_s=$1 k_mb=${2:--}
  rm -rf "$WORK/kgsh.store"
  c_s=- c_mb=-
  if [ "$RECOVERY" != 0 ]; then
    echo "bench-memory: kgsh recovery of $size" >&2
    KG_FAULT=bulk-after "$BUILD/kgsh" "$WORK/kgsh.store" -q -l "$data" \
      >/dev/null 2>&1 || true
    set -- $(measure "$BUILD/kgsh" "$WORK/kgsh.store" -q \
      -e 'ASK { ?s ?p ?o }')
    c_s=$1 c_mb=${2:--}
    rm -rf "$WORK/kgsh.store"
  fi
  r_s=- r_mb=-
  if [ "$PEERS" != 0 ] && command -v rdfproc >/dev/null 2>&1; then
    echo "bench-memory: rdfproc load of $size" >&2
    mkdir -p "$WORK/rdfproc"
    set -- $(measure rdfproc -q -n -s hashes \
      -t "hash-type='bdb',dir='$WORK/rdfproc'" kg parse "$data" ntriples)
    r_s=$1 r_mb=${2:--}
    rm -rf "$WORK/rdfproc"
  fi
  echo "| $size | $mb | $k_s | $k_mb | $c_s | $c_mb | $r_s | $r_mb |" >>"$OUT"
done
cat "$OUT"
