#!/bin/sh
# serve.sh SCALE - `make bench`, third part: `kgsh serve` under concurrent
# clients, against Virtuoso's /sparql holding the same data.
#
#   sh tests/bench/serve.sh [10k|100k|1M|10M]        (default 100k)
#
# 1. Throughput: for each query of BENCH_SERVE_QUERIES, wrk (Debian's
#    HTTP load generator, driven by tests/bench/serve.lua) keeps 1, 8 and
#    64 connections busy for BENCH_SERVE_SECS seconds each, POSTing the
#    query as a form; requests/s, p50 and p99 latency and errors, for
#    kgsh serve (read-only store) and for Virtuoso, and the ratios.
# 2. Load: a writable copy of the store served with --update and the
#    default --threads/--queue; 16 readers x 500 queries while one writer
#    makes 500 INSERT DATA requests of 2 statements each, every client a
#    curl process making its requests one after the other on one
#    connection; every answer must be 200 and every reader's answer the
#    one fetched before the load; then the server is stopped (SIGTERM)
#    and the store reopened by kgsh: all 1000 written statements must be
#    there.
#
# Prints a table and writes build/bench/serve-SCALE.md.
# Environment: BUILD, BENCH_CAP (seconds a request may take, default
# 60), BENCH_SERVE_SECS (default 5), BENCH_SERVE_CONC (default "1 8 64"),
# BENCH_SERVE_QUERIES (default "01-entity 05-optional 07-count-groupby";
# empty: the load test alone),
# BENCH_SERVE_THREADS (kgsh serve --threads for part 1, default 8),
# BENCH_LOAD_READERS (16), BENCH_LOAD_QUERIES (500 a reader),
# BENCH_LOAD_WRITES (500), BENCH_LOAD_QUERY (the readers' query file,
# default tests/bench/queries/07-count-groupby.rq).
set -eu

SCALE=${1:-100k}
BUILD=${BUILD:-build}
CAP=${BENCH_CAP:-60}
LOAD_CAP=${BENCH_LOAD_CAP:-3600}
SECS=${BENCH_SERVE_SECS:-5}
CONC=${BENCH_SERVE_CONC:-1 8 64}
QUERIES=${BENCH_SERVE_QUERIES-01-entity 05-optional 07-count-groupby}
THREADS=${BENCH_SERVE_THREADS:-8}
READERS=${BENCH_LOAD_READERS:-16}
PER_READER=${BENCH_LOAD_QUERIES:-500}
WRITES=${BENCH_LOAD_WRITES:-500}
. "$(dirname "$0")/paths.sh"

say() { printf '%s\n' "$*" >&2; }
kv() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }

command -v wrk >/dev/null 2>&1 || { say "bench serve: wrk is not installed (make bench installs it)"; exit 1; }
. tests/bench/servers.sh
bench_store serve

# rows URL QUERY: the rows of the answer in SPARQL JSON
rows() {
  curl -s --max-time "$CAP" -H 'Accept: application/sparql-results+json' \
    --data-urlencode "query@$2" "$1" |
    /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)["results"]["bindings"]))' 2>/dev/null ||
    echo error
}

# wrk_run URL C QUERY: wrk with C connections for SECS seconds; its
# figures in $OUT
wrk_run() {
  _t=2
  if [ "$2" -lt 2 ]; then _t=1; fi
  if ! timeout $((SECS + CAP + 60)) wrk -t "$_t" -c "$2" -d "${SECS}s" --timeout "${CAP}s" \
    -s tests/bench/serve.lua "$1" -- "$3" >"$OUT" 2>&1; then
    say "bench serve: wrk failed: $(head -c 300 "$OUT")"
    : >"$OUT"
  fi
}
# cell: "req/s p50 p99 errors" of $OUT
cell() {
  if [ -z "$(kv rps "$OUT")" ]; then echo "error error error error"; return; fi
  # no answer within the SECS seconds: no latency to report, only a bound
  if [ "$(kv requests "$OUT")" = 0 ]; then echo "0 >${SECS}s >${SECS}s $(kv errors "$OUT")"; return; fi
  echo "$(kv rps "$OUT") $(kv p50_ms "$OUT") $(kv p99_ms "$OUT") $(kv errors "$OUT")"
}
# pct P: the P-th percentile of the numbers on stdin, nearest rank
pct() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { if (NR) { i = int(NR * p / 100); if (i < NR * p / 100) i++; if (i < 1) i = 1; printf "%.3f", a[i] } }'; }

# ---------------------------------------------------------- 1. throughput
say "bench serve: kgsh serve"
start_serve serve "$KGDIR" --readonly --threads "$THREADS" --queue 128
KGURL=$SERVE
VIRT="" VLOAD="not started"
if [ -n "$QUERIES" ]; then start_bench_virtuoso; fi

TABLE=$B/serve-$SCALE.md
{
  echo "# kgsh serve under load, $SCALE triples ($NTRIPLES), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(nproc) cores; load average $(awk '{ print $1, $2, $3 }' /proc/loadavg) at the start; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "Each cell: wrk keeping C connections busy for ${SECS} s (after a ${SECS} s warm-up at C = 8), POSTing the query as a form, SPARQL JSON answers."
  echo "kgsh serve --readonly --threads $THREADS --queue 128; Virtuoso as tests/e2e/clients/virtuoso.sh starts it (bulk load ${VLOAD} s)."
  echo
  echo "| query | C | kgsh req/s | kgsh p50 ms | kgsh p99 ms | kgsh errors | Virtuoso req/s | Virtuoso p50 ms | Virtuoso p99 ms | Virtuoso errors | req/s kgsh/Virtuoso | p99 kgsh/Virtuoso | rows kgsh / Virtuoso |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$TABLE"

for n in $QUERIES; do
  q=tests/bench/queries/$n.rq
  r="$(rows "$KGURL" "$q") / $([ -n "$VIRT" ] && rows "$VIRT" "$q" || echo absent)"
  for u in "$KGURL" $VIRT; do
    say "bench serve: $n warm-up on $u"
    wrk_run "$u" 8 "$q"
  done
  for c in $CONC; do
    say "bench serve: $n, $c clients"
    wrk_run "$KGURL" "$c" "$q"
    # shellcheck disable=SC2046 # cell's four words
    set -- $(cell)
    k_rps=$1 k_p50=$2 k_p99=$3 k_err=$4
    if [ -n "$VIRT" ]; then
      wrk_run "$VIRT" "$c" "$q"
      # shellcheck disable=SC2046
      set -- $(cell)
    else
      set -- absent absent absent absent
    fi
    echo "| $n | $c | $k_rps | $k_p50 | $k_p99 | $k_err | $1 | $2 | $3 | $4 | $(ratio "$k_rps" "$1") | $(ratio "$k_p99" "$3") | $r |" >>"$TABLE"
  done
done
stop_servers

# ---------------------------------------------------------------- 2. load
say "bench serve: load test ($READERS readers x $PER_READER queries, $WRITES writes)"
LSTORE=$WORK/load.store
cp -r "$KGDIR" "$LSTORE"
start_serve load "$LSTORE" --update
LQ=${BENCH_LOAD_QUERY:-tests/bench/queries/07-count-groupby.rq}
curl -s --max-time "$CAP" -H 'Accept: application/sparql-results+json' \
  --data-urlencode "query@$LQ" "$SERVE" >"$WORK/expect.json"
COUNT_Q='SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kgsh:load> { ?s ?p ?o } }'

# request configurations for curl -K: one per client, its requests one
# after the other on one connection, a status and a time a line on stderr
config_end() {
  printf 'write-out = "%%{stderr}%%{http_code} %%{time_total}\\n"\nmax-time = %s\n' "$CAP"
}
i=0
while [ $i -lt "$PER_READER" ]; do
  [ $i -gt 0 ] && echo next
  printf 'url = "%s"\nheader = "Accept: application/sparql-results+json"\n' "$SERVE"
  printf 'data-urlencode = "query@%s"\n' "$LQ"
  config_end
  i=$((i + 1))
done >"$WORK/reader.curl"
# the writer: each INSERT DATA 2 statements of its own
i=0
while [ $i -lt "$WRITES" ]; do
  [ $i -gt 0 ] && echo next
  printf 'url = "%s"\nheader = "Content-Type: application/sparql-update"\n' "$SERVE"
  printf 'data-binary = "INSERT DATA { GRAPH <urn:kgsh:load> { <urn:kgsh:w%d> <urn:kgsh:n> %d ; <urn:kgsh:t> \\"w%d\\" } }"\n' $i $i $i
  printf 'output = "/dev/null"\n'
  config_end
  i=$((i + 1))
done >"$WORK/writes.curl"
# what every reader's output must be: the answer, PER_READER times
i=0
while [ $i -lt "$PER_READER" ]; do cat "$WORK/expect.json"; i=$((i + 1)); done >"$WORK/expect.all"

# each client writes the time it ended into WORK/end.NAME
t0=$(date +%s%N)
pids=""
(curl -s -K "$WORK/writes.curl" 2>"$WORK/writes.times"; date +%s%N >"$WORK/end.w") &
pids="$pids $!"
r=0
while [ $r -lt "$READERS" ]; do
  (curl -s -K "$WORK/reader.curl" >"$WORK/reader.$r.out" 2>"$WORK/reader.$r.times"; date +%s%N >"$WORK/end.r$r") &
  pids="$pids $!"
  r=$((r + 1))
done
for p in $pids; do wait "$p" || true; done
# seconds from the start to the last end of the clients named NAME*
took() { cat "$WORK"/end."$1"* | sort -n | tail -1 | awk -v a="$t0" '{ printf "%.2f", ($1 - a) / 1e9 }'; }
live=$(curl -s -H 'Accept: text/csv' --data-urlencode "query=$COUNT_Q" "$SERVE" | sed -n 2p | tr -d '\r')
stop_serve
durable=$("$BUILD/kgsh" -q -F tsv "$LSTORE" -e "$COUNT_Q" 2>&1 </dev/null | tail -1)

r_wall=$(took r)
w_wall=$(took w)
cat "$WORK"/reader.*.times >"$WORK/readers.times"
differ=0
r=0
while [ $r -lt "$READERS" ]; do
  cmp -s "$WORK/reader.$r.out" "$WORK/expect.all" || differ=$((differ + 1))
  r=$((r + 1))
done
# stats FILE N SECONDS: "requests seconds req/s p50 p99 errors" of the
# times of clients that should have made N requests
stats() {
  _ok=$(grep -c '^200 ' "$1" || true)
  echo "$(wc -l <"$1" | tr -d ' ') $3 $(awk -v n="$(wc -l <"$1")" -v s="$3" 'BEGIN { printf "%.1f", n / s }') \
$(awk '{ print $2 * 1000 }' "$1" | pct 50) $(awk '{ print $2 * 1000 }' "$1" | pct 99) $(($2 - _ok))"
}
rd=$(stats "$WORK/readers.times" $((READERS * PER_READER)) "$r_wall")
wr=$(stats "$WORK/writes.times" "$WRITES" "$w_wall")
{
  echo
  echo "## Load: $READERS readers x $PER_READER queries ($(basename "$LQ" .rq)) and 1 writer x $WRITES INSERT DATA at once"
  echo
  echo "kgsh serve --update with its default --threads and --queue, on a copy of the store; each client a curl process (one connection, one request after the other). Seconds: from the start until the last client of the row ended."
  echo
  echo "| clients | requests | seconds | req/s | p50 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "$rd" | awk -v c="$READERS readers" '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", c, $1, $2, $3, $4, $5, $6 }'
  echo "$wr" | awk '{ printf "| 1 writer | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
  echo
  echo "Readers whose $PER_READER answers were not all identical to the one fetched before the load: $differ."
  echo "Statements written: $((WRITES * 2)); counted by the server after the load: ${live:-none}; after it was stopped (SIGTERM) and the store reopened by kgsh: ${durable}."
  echo "The server's stderr (--quiet: only its diagnostics; sanitizer reports when BUILD is a sanitizer build): $(wc -l <"$WORK/load.log" | tr -d ' ') lines, $(grep -c 'Sanitizer\|runtime error' "$WORK/load.log" || true) sanitizer reports."
} >>"$TABLE"
cat "$TABLE"
say "bench serve: written $TABLE"
errs=$(($(echo "$rd" | awk '{ print $6 }') + $(echo "$wr" | awk '{ print $6 }')))
reports=$(grep -c 'Sanitizer\|runtime error' "$WORK/load.log" || true)
if [ "$errs" -ne 0 ] || [ $differ -ne 0 ] || [ "$reports" -ne 0 ] || [ "$durable" != $((WRITES * 2)) ] || [ "$live" != $((WRITES * 2)) ]; then
  say "bench serve: THE LOAD TEST FAILED: $errs errors, $differ readers with differing answers, $reports sanitizer reports in $WORK/load.log, $live / $durable of $((WRITES * 2)) statements"
  exit 1
fi
