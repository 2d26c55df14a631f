#!/bin/sh
# run.sh SCALE - `make bench`: kgsh against its peers, in one run.
#
#   sh tests/bench/run.sh [10k|100k|1M|10M]        (default 100k)
#
# Generates the benchmark graph (tests/tools/bench_gen.c, cached under
# build/bench/), then measures side by side: loading (kgsh's directory
# store, rapper and serdi parse-only, rdfproc into Redland's Berkeley DB
# hashes store, Oxigraph's in-memory store, Virtuoso's bulk loader),
# peak RSS, store size, each
# query of tests/bench/queries/ (median of the warm runs), and kgsh's start
# + first query on the article graph. Prints a table and writes
# build/bench/results-SCALE.md and build/bench/results-SCALE.json.
#
# Environment: BUILD (default build), BENCH_RUNS (timed runs after one
# warm-up for kgsh and Oxigraph, default 5), BENCH_PEER_RUNS (for rdfproc
# and roqet, which start a process a run, default 3; 1 when the warm-up
# took over BENCH_SLOW seconds, default 10), BENCH_CAP (seconds a query
# run may take before it is recorded as ">CAPs", default 60),
# BENCH_LOAD_CAP (seconds for a load, default 3600), OXIGRAPH_VERSION.
# A peer that is not installed is skipped with a note.
set -eu

SCALE=${1:-100k}
case $SCALE in
  10k | 100k | 1M | 10M) ;;
  *)
    echo "usage: run.sh [10k|100k|1M|10M]" >&2
    exit 2
    ;;
esac

BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-5}
PEER_RUNS=${BENCH_PEER_RUNS:-3}
SLOW=${BENCH_SLOW:-10}
CAP=${BENCH_CAP:-60}
LOAD_CAP=${BENCH_LOAD_CAP:-3600}
OXIGRAPH_VERSION=${OXIGRAPH_VERSION:-0.5.11}

. "$(dirname "$0")/paths.sh"
RAW=$B/raw-$SCALE.tsv
WORK=$B/work-$SCALE
ANS=$B/answers-$SCALE
rm -rf "$WORK" "$ANS"
mkdir -p "$WORK" "$ANS/kgsh" "$ANS/oxigraph"
: >"$RAW"

say() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
tab() { printf '%s' "$1"; shift; for f in "$@"; do printf '\t%s' "$f"; done; printf '\n'; }
info() { tab I "$1" "$2" >>"$RAW"; }
meas() { tab M "$1" "$2" "$3" >>"$RAW"; }
val() { tab V "$1" "$2" "$3" >>"$RAW"; }
rows() { tab R "$1" "$2" "$3" >>"$RAW"; }
chk() { tab C "$1" "$2" >>"$RAW"; }
note() { tab X "$*" >>"$RAW"; }
# key value output of kgbench / oxigraph.mjs
kv() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
now_us() { echo $(($(date +%s%N) / 1000)); }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ms_of_us() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }'; }
s_of_us() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000000 }'; }
mb_of_kb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s }'; }
du_mb() { du -sk "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }

# ------------------------------------------------------------ the tools
# always asked: make rebuilds them when the library changed
make --no-print-directory BUILD="$BUILD" "$T/kgbench" "$T/bench_gen" >&2
TIME=""
[ -x /usr/bin/time ] && TIME=/usr/bin/time

# ---------------------------------------------------------- the machine
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
info scale "$SCALE"
info date "$(date -u '+%Y-%m-%d %H:%M UTC')"
info machine "$(nproc) cores, ${cpu:-unknown CPU}, ${mem:-unknown memory}, $(uname -sr)"
info load "$(awk '{ print $1, $2, $3 }' /proc/loadavg 2>/dev/null || echo unknown) (1, 5, 15 min load average at the start)"
info kgsh "libkg $(sed -n 's/^#define KG_VERSION "\(.*\)"/\1/p' graph/kg.h) $(git rev-parse --short HEAD 2>/dev/null || true)"
info runs "kgsh, oxigraph: median of $RUNS warm runs after 1 warm-up; rdfproc, roqet: median of $PEER_RUNS runs after 1 warm-up (1 when slower than ${SLOW}s); cap ${CAP}s a run"

# ------------------------------------------------------------- the data
DATA=$(bench_data "$SCALE")
NTRIPLES=$(wc -l <"$DATA" | tr -d ' ')
info data "$NTRIPLES triples, $(du -k "$DATA" | awk '{ printf "%.1f MB", $1 / 1024 }') of N-Triples (tests/tools/bench_gen.c)"

meas load_s "load: time (s)" lower
meas load_rate "load: triples/s" higher
meas load_rss "load: peak RSS (MB)" lower
meas store_mb "store on disk (MB)" lower

# Runs "$@" with a cap; sets RC, US (wall time in microseconds) and RSS
# (peak RSS in KB when /usr/bin/time is there). Output to $OUT, errors to
# $ERR.
OUT=$WORK/out
ERR=$WORK/err
timed() {
  cap=$1
  shift
  rm -f "$WORK/rss"
  t0=$(now_us)
  set +e
  if [ -n "$TIME" ]; then
    timeout "$cap" "$TIME" -f %M -o "$WORK/rss" "$@" >"$OUT" 2>"$ERR"
  else
    timeout "$cap" "$@" >"$OUT" 2>"$ERR"
  fi
  RC=$?
  set -e
  t1=$(now_us)
  US=$((t1 - t0))
  RSS=$(tail -n 1 "$WORK/rss" 2>/dev/null | grep -E '^[0-9]+$' || true)
}

# ------------------------------------------------------------ loading
say "bench: kgsh load"
KGDIR=$WORK/kgsh.store
if timeout "$LOAD_CAP" "$T/kgbench" load "$KGDIR" "$DATA" >"$WORK/kgsh-load" 2>"$ERR"; then
  val load_s kgsh "$(kv total_s "$WORK/kgsh-load")"
  val load_rate kgsh "$(kv triples_per_s "$WORK/kgsh-load")"
  val load_rss kgsh "$(mb_of_kb "$(kv peak_rss_kb "$WORK/kgsh-load")")"
  val store_mb kgsh "$(du_mb "$KGDIR")"
  note "kgsh load: $(kv load_s "$WORK/kgsh-load") s in kg_load + $(kv close_s "$WORK/kgsh-load") s in kg_store_close (its checkpoint; the index only, no Redland copy); one run"
else
  val load_s kgsh error
  note "kgsh load failed: $(head -c 300 "$ERR")"
fi

for tool in rapper serdi; do
  if ! have $tool; then
    val load_s $tool absent
    note "$tool is not installed: skipped"
    continue
  fi
  say "bench: $tool parse-only"
  if [ $tool = rapper ]; then
    timed "$LOAD_CAP" rapper -q -i ntriples -o ntriples "$DATA"
  else
    timed "$LOAD_CAP" serdi -i ntriples -o ntriples "$DATA"
  fi
  if [ $RC -eq 0 ]; then
    val load_s $tool "$(s_of_us $US)"
    val load_rate $tool "$(rate "$NTRIPLES" "$(s_of_us $US)")"
    if [ -n "$RSS" ]; then val load_rss $tool "$(mb_of_kb "$RSS")"; fi
  else
    val load_s $tool error
    note "$tool failed ($RC): $(head -c 300 "$ERR")"
  fi
done
note "rapper and serdi only parse (N-Triples to N-Triples into /dev/null): the floor for loading"

RPDIR=$WORK/rdfproc.store
HAVE_RDFPROC=0
if have rdfproc; then
  say "bench: rdfproc load"
  mkdir -p "$RPDIR"
  timed "$LOAD_CAP" rdfproc -q -n -s hashes -t "hash-type='bdb',dir='$RPDIR'" kg parse "$DATA" ntriples
  if [ $RC -eq 0 ]; then
    HAVE_RDFPROC=1
    val load_s rdfproc "$(s_of_us $US)"
    val load_rate rdfproc "$(rate "$NTRIPLES" "$(s_of_us $US)")"
    if [ -n "$RSS" ]; then val load_rss rdfproc "$(mb_of_kb "$RSS")"; fi
    val store_mb rdfproc "$(du_mb "$RPDIR")"
  elif [ $RC -eq 124 ]; then
    val load_s rdfproc ">${LOAD_CAP}s"
  else
    val load_s rdfproc error
    note "rdfproc load failed ($RC): $(head -c 300 "$ERR")"
  fi
  note "rdfproc: Redland hashes store over Berkeley DB without contexts (its default; with contexts='yes' its duplicate check scans the store for every statement and a 1M load does not finish)"
else
  val load_s rdfproc absent
  note "rdfproc is not installed: skipped"
fi

HAVE_ROQET=0
if have roqet; then
  say "bench: roqet load (a query returning one row)"
  printf 'SELECT * WHERE { ?s ?p ?o } LIMIT 1\n' >"$WORK/one.rq"
  timed "$LOAD_CAP" roqet -q -D "$DATA" -i sparql "$WORK/one.rq"
  if [ $RC -eq 0 ] || [ $RC -eq 2 ]; then
    HAVE_ROQET=1
    val load_s roqet "$(s_of_us $US)"
    val load_rate roqet "$(rate "$NTRIPLES" "$(s_of_us $US)")"
    if [ -n "$RSS" ]; then val load_rss roqet "$(mb_of_kb "$RSS")"; fi
  else
    val load_s roqet error
    note "roqet failed ($RC): $(head -c 300 "$ERR")"
  fi
  note "roqet (rasqal) reads the file into memory for every query: its load row is a LIMIT 1 query and its query times include that load, as measured"
else
  val load_s roqet absent
  note "roqet is not installed: skipped"
fi

# Oxigraph through npm, installed under build/bench/node_modules
HAVE_OXI=0
if have node && have npm; then
  if [ ! -f "$B/node_modules/oxigraph/package.json" ] ||
    ! grep -q "\"version\": \"$OXIGRAPH_VERSION\"" "$B/node_modules/oxigraph/package.json"; then
    say "bench: npm install oxigraph@$OXIGRAPH_VERSION into $B"
    npm install --prefix "$B" --no-save --no-audit --no-fund --silent \
      "oxigraph@$OXIGRAPH_VERSION" >&2 || true
  fi
  if [ -f "$B/node_modules/oxigraph/package.json" ]; then
    HAVE_OXI=1
  else
    note "oxigraph: npm install oxigraph@$OXIGRAPH_VERSION failed: skipped"
  fi
else
  note "node or npm is not installed: Oxigraph skipped"
fi

# ------------------------------------------------------------- queries
QUERIES=$(ls tests/bench/queries/*.rq)
peers_of() { sed -n 's/^# peers: *//p' "$1" | head -n 1; }
runs_for() { case " $(peers_of "$1") " in *" $2 "*) return 0 ;; esac; return 1; }

for q in $QUERIES; do
  n=$(basename "$q" .rq)
  meas "q$n" "$n (ms)" lower
done

if [ $HAVE_OXI -eq 1 ]; then
  say "bench: oxigraph load and queries"
  oq=""
  for q in $QUERIES; do if runs_for "$q" oxigraph; then oq="$oq $q"; fi; done
  set +e
  # shellcheck disable=SC2086
  OXI_DUMP_DIR=$ANS/oxigraph timeout "$LOAD_CAP" node tests/bench/oxigraph.mjs "$B" "$DATA" $((RUNS + 1)) "$CAP" $oq \
    >"$WORK/oxigraph" 2>"$ERR"
  orc=$?
  set -e
  if [ -n "$(kv load_s "$WORK/oxigraph")" ]; then
    os=$(kv load_s "$WORK/oxigraph")
    val load_s oxigraph "$os"
    val load_rate oxigraph "$(rate "$NTRIPLES" "$os")"
    val load_rss oxigraph "$(mb_of_kb "$(kv peak_rss_kb "$WORK/oxigraph")")"
    note "oxigraph $OXIGRAPH_VERSION (npm, WebAssembly in Node $(node --version)): in-memory Store (the package has no persistent store), load and queries timed inside the process"
  else
    val load_s oxigraph error
    note "oxigraph failed ($orc): $(head -c 300 "$ERR")"
  fi
  if [ $orc -ne 0 ]; then note "oxigraph exited with status $orc: $(head -c 300 "$ERR")"; fi
  for q in $QUERIES; do
    n=$(basename "$q" .rq)
    if ! runs_for "$q" oxigraph; then
      val "q$n" oxigraph n/a
      continue
    fi
    line=$(awk -v n="$n" '$1 == "query" && $2 == n' "$WORK/oxigraph")
    case $line in
      *median_ms*)
        val "q$n" oxigraph "$(echo "$line" | awk '{ print $4 }')"
        rows "q$n" oxigraph "$(echo "$line" | awk '{ print $6 }')"
        ;;
      *timeout*) val "q$n" oxigraph ">${CAP}s" ;;
      *error*)
        val "q$n" oxigraph error
        note "oxigraph $n: ${line#* error }"
        ;;
      *) val "q$n" oxigraph error ;;
    esac
  done
fi

for q in $QUERIES; do
  n=$(basename "$q" .rq)
  say "bench: $n"

  # kgsh: one process, the store opened once
  if [ -d "$KGDIR" ]; then
    set +e
    KGBENCH_DUMP=$ANS/kgsh/$n.tsv timeout $((CAP * (RUNS + 3) + 60)) \
      "$T/kgbench" query "$KGDIR" "$q" $((RUNS + 1)) "$CAP" >"$OUT" 2>"$ERR"
    rc=$?
    set -e
    if [ $rc -eq 0 ]; then
      val "q$n" kgsh "$(kv median_ms "$OUT")"
      rows "q$n" kgsh "$(kv rows "$OUT")"
    elif [ $rc -eq 3 ] || [ $rc -eq 124 ]; then
      val "q$n" kgsh ">${CAP}s"
    else
      val "q$n" kgsh error
      note "kgsh $n failed ($rc): $(head -c 300 "$ERR")"
    fi
  fi

  # rdfproc and roqet: a process a run
  for peer in rdfproc roqet; do
    if [ $peer = rdfproc ] && [ $HAVE_RDFPROC -eq 0 ]; then continue; fi
    if [ $peer = roqet ] && [ $HAVE_ROQET -eq 0 ]; then continue; fi
    if ! runs_for "$q" $peer; then
      val "q$n" $peer n/a
      continue
    fi
    times=""
    count=""
    status=ok
    i=0
    want=$((PEER_RUNS + 1))
    while [ $i -lt $want ]; do
      i=$((i + 1))
      if [ $peer = rdfproc ]; then
        # SELECT rows print as [...]
        timed "$CAP" rdfproc -q -s hashes -t "hash-type='bdb',dir='$RPDIR'" kg query sparql - "$(cat "$q")"
      else
        timed "$CAP" roqet -q -D "$DATA" -i sparql "$q"
      fi
      if [ $RC -eq 124 ]; then
        status=">${CAP}s"
        break
      fi
      if [ $RC -ne 0 ] && [ $RC -ne 2 ]; then
        status=error
        note "$peer $n failed ($RC): $(head -c 300 "$ERR")"
        break
      fi
      if [ $peer = rdfproc ] && grep -q 'rdfproc: Error' "$ERR"; then
        status=error # rdfproc exits 0 when a query fails
        note "$peer $n failed: $(grep -m 1 'rdfproc: Error' "$ERR" | head -c 300)"
        break
      fi
      if [ $peer = rdfproc ] && grep -q -i '^CONSTRUCT' "$q"; then
        # rdfproc writes graphs as RDF/XML whatever -o says
        count=$(rapper -q -i rdfxml -o ntriples "$OUT" http://localhost/ 2>/dev/null | wc -l | tr -d ' ')
      else
        count=$(grep -c -E '^(\[|row: |(<|_:).* \.$)' "$OUT" || true)
      fi
      if [ $i -eq 1 ]; then
        # the warm-up; a slow peer gets one timed run only
        if [ "$US" -gt $((SLOW * 1000000)) ]; then want=2; fi
        continue
      fi
      times="$times $US"
    done
    case $status in
      ok)
        val "q$n" $peer "$(ms_of_us "$(for t in $times; do echo "$t"; done | median)")"
        rows "q$n" $peer "$count"
        ;;
      *) val "q$n" $peer "$status" ;;
    esac
  done

  # answers: kgsh against Oxigraph, as sorted text
  if [ -f "$ANS/kgsh/$n.tsv" ] && [ -f "$ANS/oxigraph/$n.tsv" ]; then
    LC_ALL=C sort "$ANS/kgsh/$n.tsv" >"$WORK/a"
    LC_ALL=C sort "$ANS/oxigraph/$n.tsv" >"$WORK/b"
    if cmp -s "$WORK/a" "$WORK/b"; then
      chk "q$n" "answers identical to oxigraph"
    else
      chk "q$n" "ANSWERS DIFFER from oxigraph ($(diff "$WORK/a" "$WORK/b" | grep -c '^[<>]') lines; see $ANS)"
    fi
  fi
done
note "queries: kgsh is libkg in-process (tests/tools/kgbench.c: the store opened once, every value of every row read); rdfproc and roqet time a whole process a run (start, open or parse, query, print)"

# ------------------------------------------------------------ Virtuoso
# Virtuoso 7 (Debian's virtuoso-opensource) on loopback, bulk-loaded from
# the same file (tests/bench/servers.sh); its queries over HTTP (curl,
# the graph as default-graph-uri), so its times include a request each.
. tests/bench/servers.sh
start_bench_virtuoso
if [ -n "$VIRT" ]; then
  val load_s virtuoso "$VLOAD"
  val load_rate virtuoso "$(rate "$NTRIPLES" "$VLOAD")"
  val store_mb virtuoso "$(du_mb "$VDIR")"
  note "virtuoso: $(virtuoso-t -? 2>&1 | sed -n 's/^Version \([^ ]*\).*/\1/p' | head -1) from Debian, bulk-loaded (ld_dir, rdf_loader_run, checkpoint; load_s includes them); its size is its database folder; its queries are HTTP requests (curl, SPARQL JSON or N-Triples), median of $RUNS after 1 warm-up"
  for q in $QUERIES; do
    n=$(basename "$q" .rq)
    say "bench: virtuoso $n"
    accept=application/sparql-results+json
    if grep -q -i '^CONSTRUCT' "$q"; then accept=application/n-triples; fi
    times="" status=ok i=0
    while [ $i -le "$RUNS" ]; do
      i=$((i + 1))
      set +e
      t=$(curl -s -o "$OUT" -w '%{http_code} %{time_total}' --max-time "$CAP" \
        -H "Accept: $accept" --data-urlencode 'default-graph-uri=urn:kgsh:bench' \
        --data-urlencode "query@$q" "$VIRT")
      rc=$?
      set -e
      if [ $rc -eq 28 ]; then status=">${CAP}s"; break; fi
      if [ $rc -ne 0 ] || [ "${t%% *}" != 200 ]; then
        status=error
        note "virtuoso $n failed (curl $rc, HTTP ${t%% *}): $(head -c 300 "$OUT")"
        break
      fi
      if [ $i -gt 1 ]; then times="$times ${t#* }"; fi
    done
    if [ $status = ok ]; then
      val "q$n" virtuoso "$(for t in $times; do echo "$t"; done | median | awk '{ printf "%.3f", $1 * 1000 }')"
      if [ $accept = application/n-triples ]; then
        rows "q$n" virtuoso "$(grep -c . "$OUT" || true)"
      else
        rows "q$n" virtuoso "$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["results"]["bindings"]))' "$OUT" 2>/dev/null || echo error)"
      fi
    else
      val "q$n" virtuoso "$status"
    fi
  done
  stop_servers
else
  val load_s virtuoso absent
  note "Virtuoso (virtuoso-t, isql-vt) is not installed: skipped (make deps installs it)"
fi

# ---------------------------------------- start + first query (article)
# Whole processes, timed from fork to exit by `kgbench spawn`.
say "bench: start + first query on the article graph"
ART=$WORK/article.store
START_Q=$(cat tests/bench/start.rq)
spawn() { # spawn ID ENGINE REPEAT COMMAND...
  sid=$1 seng=$2 srep=$3
  shift 3
  set +e
  timeout $((CAP * (srep + 1))) "$T/kgbench" spawn "$srep" "$@" >"$OUT" 2>"$ERR"
  src=$?
  set -e
  if [ $src -eq 0 ]; then
    val "$sid" "$seng" "$(kv median_ms "$OUT")"
  elif [ $src -eq 124 ]; then
    val "$sid" "$seng" ">$((CAP * (srep + 1)))s"
  else
    val "$sid" "$seng" error
    note "$sid: $(head -c 300 "$ERR")"
  fi
}
# shellcheck disable=SC2046
if "$T/kgbench" load "$ART" $(ls ontology/*.ttl data/*.trig data/*.ttl 2>/dev/null) >"$WORK/art-load" 2>"$ERR"; then
  ART_N=$(kv triples "$WORK/art-load")
  if [ -x "$BUILD/kgsh" ]; then
    meas start_kgsh "start+query: kgsh STORE -e (ms)" lower
    spawn start_kgsh kgsh $((RUNS + 1)) "$BUILD/kgsh" "$ART" -e "$START_Q"
    meas start_kgsh_ro "start+query: kgsh --readonly (ms)" lower
    spawn start_kgsh_ro kgsh $((RUNS + 1)) "$BUILD/kgsh" --readonly "$ART" -e "$START_Q"
    meas start_version "start only: kgsh --version (ms)" lower
    spawn start_version kgsh $((RUNS + 1)) "$BUILD/kgsh" --version
  else
    note "build/kgsh is not built: start + first query measured with kgbench only"
  fi
  meas start_kgbench "start+query: kgbench, read-only (ms)" lower
  spawn start_kgbench kgsh $((RUNS + 1)) "$T/kgbench" query "$ART" tests/bench/start.rq 1
  note "start + first query: whole processes on the article graph ($ART_N triples: ontology/*.ttl, data/*.trig, data/*.ttl, loaded with kgbench), query tests/bench/start.rq, median of $RUNS runs after 1 warm-up, timed from fork to exit (kgbench spawn); kgbench opens the store read-only through libkg without the shell; kgsh --version is the process start alone (dynamic linking)"
else
  note "loading the article graph failed: $(head -c 300 "$ERR")"
fi

# a whole kgsh session on the benchmark store: open, a query, close (the
# start-up goal of issue 15: first result of a fresh process under 10 ms)
if [ -x "$BUILD/kgsh" ] && [ -d "$KGDIR" ]; then
  say "bench: kgsh session on the $SCALE store"
  SRUNS=$((RUNS * 4 + 1))
  meas session "kgsh STORE -e 'ASK {}', bench store (ms)" lower
  spawn session kgsh $SRUNS "$BUILD/kgsh" "$KGDIR" -e 'ASK {}'
  meas session_ro "same, --readonly (ms)" lower
  spawn session_ro kgsh $SRUNS "$BUILD/kgsh" --readonly "$KGDIR" -e 'ASK {}'
  meas session_entity "kgsh STORE -e 01-entity, bench store (ms)" lower
  spawn session_entity kgsh $SRUNS "$BUILD/kgsh" "$KGDIR" -e \
    "$(grep -v '^#' tests/bench/queries/01-entity.rq)"
  meas session_libs "libraries kgsh links (lines of ldd build/kgsh)" lower
  val session_libs kgsh "$(ldd "$BUILD/kgsh" | wc -l)"
  note "kgsh session: whole processes on the benchmark store (kgsh STORE -e 'ASK {}', the same --readonly, and query 01-entity: one company's properties, printed), median of $((SRUNS - 1)) runs after 1 warm-up; libraries opened on first use (HACKING.md) are not among those ldd lists"
fi

# -------------------------------------------------------------- output
info load_end "$(awk '{ print $1, $2, $3 }' /proc/loadavg 2>/dev/null || echo unknown) (load average at the end)"
awk -F '\t' -v fmt=md -f tests/bench/render.awk "$RAW" >"$B/results-$SCALE.md"
awk -F '\t' -v fmt=json -f tests/bench/render.awk "$RAW" >"$B/results-$SCALE.json"
awk -F '\t' -v fmt=text -f tests/bench/render.awk "$RAW"
say "bench: written $B/results-$SCALE.md and $B/results-$SCALE.json"
