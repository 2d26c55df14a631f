#!/bin/sh
# remote.sh SCALE - `make bench`, second part: the cost of going remote.
# The same queries (tests/bench/queries/) on the same generated graph,
# in one run: kgsh in process (kgbench, the store opened once), through
# `kgsh serve` over HTTP (curl), through Virtuoso over HTTP (curl; loaded
# with its bulk loader), and the whole `kgsh URL -f QUERY` process
# against each server. Median of BENCH_RUNS runs after one warm-up; each
# run capped at BENCH_CAP seconds. Prints a table and writes
# build/bench/remote-SCALE.md. Virtuoso missing: its columns say so.
#
#   sh tests/bench/remote.sh [10k|100k|1M|10M]        (default 100k)
set -eu

SCALE=${1:-100k}
BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-5}
CAP=${BENCH_CAP:-60}
LOAD_CAP=${BENCH_LOAD_CAP:-3600}
. "$(dirname "$0")/paths.sh"

say() { printf '%s\n' "$*" >&2; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
kv() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }

. tests/bench/servers.sh
bench_store remote

# ------------------------------------------------------------ servers
say "bench remote: kgsh serve"
start_serve serve "$KGDIR" --readonly
start_bench_virtuoso

# ------------------------------------------------------------ queries
# curl_ms URL QUERY: the median wall time of RUNS POSTs (after one)
curl_ms() {
  _t=""
  _i=0
  while [ $_i -le "$RUNS" ]; do
    _s=$(curl -s -o "$OUT" -w '%{http_code} %{time_total}' --max-time "$CAP" \
      -H 'Accept: application/sparql-results+json, application/n-triples;q=0.9' \
      --data-urlencode "query@$2" "$1") || { echo ">${CAP}s"; return; }
    case $_s in 200\ *) ;; *) echo "error"; return ;; esac
    [ $_i -gt 0 ] && _t="$_t ${_s#* }"
    _i=$((_i + 1))
  done
  for v in $_t; do echo "$v"; done | median | awk '{ printf "%.1f", $1 * 1000 }'
}

# spawn_ms ARGS...: a whole kgsh process a run (kgbench spawn)
spawn_ms() {
  if timeout $((CAP * (RUNS + 2))) "$T/kgbench" spawn $((RUNS + 1)) "$@" >"$OUT" 2>/dev/null; then
    kv median_ms "$OUT"
  else
    echo error
  fi
}

# rows SPEC QUERY: rows (or statements) of kgsh's answer
rows() {
  "$BUILD/kgsh" -q -F tsv "$1" -f "$2" -o "$OUT" 2>/dev/null </dev/null || { echo error; return; }
  if grep -qi '^ *\(CONSTRUCT\|DESCRIBE\)' "$2"; then wc -l <"$OUT" | tr -d ' '
  else echo $(($(wc -l <"$OUT") - 1)); fi
}

TABLE=$B/remote-$SCALE.md
{
  echo "# The cost of going remote, $SCALE triples ($NTRIPLES), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(nproc) cores; load average $(awk '{ print $1, $2, $3 }' /proc/loadavg). Median of $RUNS runs after 1 warm-up, ms."
  echo "Virtuoso's bulk load (ld_dir, rdf_loader_run, checkpoint): ${VLOAD} s."
  echo
  echo "| query | kgsh in process | kgsh serve (HTTP) | Virtuoso (HTTP) | kgsh URL -f, kgsh serve | kgsh URL -f, Virtuoso | rows local / serve / Virtuoso |"
  echo "|---|---|---|---|---|---|---|"
} >"$TABLE"
for q in tests/bench/queries/*.rq; do
  n=$(basename "$q" .rq)
  say "bench remote: $n"
  local_ms=$(timeout $((CAP * (RUNS + 3))) "$T/kgbench" query "$KGDIR" "$q" $((RUNS + 1)) "$CAP" >"$OUT" 2>/dev/null &&
    kv median_ms "$OUT" || echo error)
  serve_ms=$(curl_ms "$SERVE" "$q")
  serve_proc=$(spawn_ms "$BUILD/kgsh" -q "$SERVE" -f "$q" -o /dev/null)
  r="$(rows "$KGDIR" "$q") / $(rows "$SERVE" "$q")"
  if [ -n "$VIRT" ]; then
    virt_ms=$(curl_ms "$VIRT" "$q")
    virt_proc=$(spawn_ms "$BUILD/kgsh" -q "$VIRT" -f "$q" -o /dev/null)
    r="$r / $(rows "$VIRT" "$q")"
  else
    virt_ms=absent virt_proc=absent
  fi
  echo "| $n | $local_ms | $serve_ms | $virt_ms | $serve_proc | $virt_proc | $r |" >>"$TABLE"
done
{
  echo
  echo "kgsh in process: libkg (tests/tools/kgbench.c). HTTP: curl POSTing the"
  echo "query as a form and reading the whole SPARQL JSON answer (N-Triples for"
  echo "CONSTRUCT). kgsh URL -f: the whole client process (start, the open's"
  echo "ASK {}, the query, every row written), timed by kgbench spawn."
} >>"$TABLE"
cat "$TABLE"
say "bench remote: written $TABLE"
