#!/bin/sh
# run.sh - `make fuzz`: runs each libFuzzer target for SECONDS, one job at
# a time. Seeds: the W3C suites (RDF_TESTS, default ../shared/w3c/rdf-tests;
# JSONLD_TESTS, default ../shared/w3c/json-ld-api/tests) copied into
# BUILD/fuzz/seeds/ at run time, never into the repository, and the
# committed corpus/TARGET/. New inputs go to BUILD/fuzz/corpus/TARGET/,
# crashes to BUILD/fuzz/crashes/TARGET/ (keep them in crashes/TARGET/
# here once fixed). Prints a line a target: runs, exec/s, corpus, crashes.
# Usage: sh tests/fuzz/run.sh BUILD SECONDS [TARGET...]
set -u
BUILD=$1 SECONDS_EACH=$2
shift 2
here=$(dirname "$0")
rdf=${RDF_TESTS:-../shared/w3c/rdf-tests}
jld=${JSONLD_TESTS:-../shared/w3c/json-ld-api/tests}
out=$BUILD/fuzz
export LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0 # system libraries' leaks
targets=${*:-$(for s in "$here"/fuzz_*.c; do t=$(basename "$s" .c); echo "${t#fuzz_}"; done)}

# seed TARGET DIR PATTERN...: copies the suite's matching files (flat)
seed() {
  t=$1 dir=$2
  shift 2
  [ -d "$dir" ] || { echo "fuzz: $dir not found; no W3C seeds for $t"; return; }
  for pat in "$@"; do
    find "$dir" -type f -name "$pat" -size -64k
  done | {
    n=0 # numbered: the suites reuse names (data.ttl, manifest.ttl)
    while IFS= read -r f; do
      n=$((n + 1))
      cp "$f" "$out/seeds/$t/$n-${f##*/}"
    done
  }
}

for t in $targets; do
  bin=$out/fuzz_$t
  [ -x "$bin" ] || { echo "fuzz: no $bin"; exit 1; }
  rm -rf "$out/seeds/$t"
  mkdir -p "$out/seeds/$t" "$out/corpus/$t" "$out/crashes/$t" "$out/logs"
  case $t in
    query | split) seed "$t" "$rdf/sparql" '*.rq' '*.ru' ;;
    results) seed "$t" "$rdf/sparql" '*.srx' '*.srj' '*.csv' '*.tsv' ;;
    rdf) seed "$t" "$rdf/rdf" '*.ttl' '*.nt' '*.nq' '*.trig' '*.rdf' ;;
    jsonld) seed "$t" "$jld" '*.jsonld' ;;
    store) KG_FUZZ_SEEDS=$out/seeds/$t "$bin" -runs=0 >/dev/null 2>&1 ;;
  esac
  d=$t dict=
  [ "$t" = split ] && d=query # the splitter reads SPARQL too
  [ -f "$here/$d.dict" ] && dict=-dict=$here/$d.dict
  log=$out/logs/$t.log
  # one job (the machine is shared); a statement over 10 s is a finding
  "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/crashes/$t/" $dict \
    "$out/corpus/$t" "$out/seeds/$t" "$here/corpus/$t" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  corpus=$(ls "$out/corpus/$t" | wc -l)
  crashes=$(ls "$out/crashes/$t" | wc -l)
  echo "fuzz $t: ${SECONDS_EACH}s, ${runs:-?} runs, ${speed:-?} exec/s," \
    "corpus $corpus, crashes $crashes (exit $rc, log $log)"
done
