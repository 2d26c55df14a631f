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

WORK=$B/remote-$SCALE
rm -rf "$WORK"
mkdir -p "$WORK"
OUT=$WORK/out
if [ ! -x "$T/kgbench" ] || [ ! -x "$T/bench_gen" ]; then
  make --no-print-directory BUILD="$BUILD" "$T/kgbench" "$T/bench_gen" >&2
fi
DATA=$(bench_data "$SCALE")
NTRIPLES=$(wc -l <"$DATA" | tr -d ' ')

# the local store (run.sh's when it is there)
KGDIR=$B/work-$SCALE/kgsh.store
if [ ! -d "$KGDIR" ]; then
  KGDIR=$WORK/kgsh.store
  say "bench remote: loading $DATA into kgsh"
  timeout "$LOAD_CAP" "$T/kgbench" load "$KGDIR" "$DATA" >"$OUT"
fi

# ------------------------------------------------------------ servers
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  [ -n "${VPID:-}" ] && stop_virtuoso
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "bench remote: kgsh serve"
"$BUILD/kgsh" serve "$KGDIR" --readonly --port 0 --quiet --timeout "$CAP" \
  --max-timeout "$CAP" 2>"$WORK/serve.log" &
PIDS="$PIDS $!"
i=0
while [ $i -lt 300 ] && ! grep -q ' at http://' "$WORK/serve.log"; do sleep 0.1; i=$((i + 1)); done
SERVE=$(sed -n 's|.* at \(http://127\.0\.0\.1:[0-9]*\)/.*|\1/sparql|p' "$WORK/serve.log" | head -1)
[ -n "$SERVE" ] || { say "bench remote: kgsh serve did not start: $(cat "$WORK/serve.log")"; exit 1; }

# Virtuoso through the tests' helper (its needs: TMP, at_exit, fail, finish)
VIRT=""
VLOAD="absent"
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
  TMP=$WORK
  at_exit() { :; }
  _short() { printf '%s' "$1" | head -c 300; }
  fail() { say "bench remote: $1: $2"; }
  finish() { exit 1; }
  . tests/e2e/clients/virtuoso.sh
  say "bench remote: Virtuoso"
  start_virtuoso
  VIRT=$VURL
  # its bulk loader reads files from DirsAllowed: the data beside its db
  ln -f "$DATA" "$VDIR/data.nt" 2>/dev/null || cp "$DATA" "$VDIR/data.nt"
  t0=$(date +%s%N)
  visql "ld_dir('$VDIR', 'data.nt', 'urn:kgsh:bench'); rdf_loader_run(); checkpoint;" >"$WORK/vload" 2>&1
  VLOAD=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  n=$(curl -s --max-time "$CAP" -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kgsh:bench> { ?s ?p ?o } }' "$VIRT" | tail -1)
  [ "$n" = "$NTRIPLES" ] || say "bench remote: Virtuoso holds $n statements of $NTRIPLES"
fi

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
