# servers.sh - sourced by the bench scripts that talk HTTP (remote.sh,
# serve.sh), after paths.sh: their work folder, data and kgsh store;
# `kgsh serve` and Virtuoso on loopback, stopped at exit. The caller sets
# SCALE, BUILD, CAP and LOAD_CAP and defines say.

# bench_store NAME: a fresh work folder WORK (B/NAME-SCALE, with OUT a
# scratch file in it), the bench data DATA of NTRIPLES triples, and KGDIR
# a kgsh store holding it (run.sh's when it is there, else loaded here)
bench_store() {
  WORK=$B/$1-$SCALE
  rm -rf "$WORK"
  mkdir -p "$WORK"
  OUT=$WORK/out
  if [ ! -x "$T/kgbench" ] || [ ! -x "$T/bench_gen" ]; then
    make --no-print-directory BUILD="$BUILD" "$T/kgbench" "$T/bench_gen" >&2
  fi
  DATA=$(bench_data "$SCALE")
  NTRIPLES=$(wc -l <"$DATA" | tr -d ' ')
  KGDIR=$B/work-$SCALE/kgsh.store
  if [ ! -d "$KGDIR" ]; then
    KGDIR=$WORK/kgsh.store
    say "bench $1: loading $DATA into kgsh"
    timeout "$LOAD_CAP" "$T/kgbench" load "$KGDIR" "$DATA" >"$OUT"
  fi
}

SERVE_PIDS=""
stop_servers() {
  for p in $SERVE_PIDS; do kill "$p" 2>/dev/null || true; done
  for p in $SERVE_PIDS; do wait "$p" 2>/dev/null || true; done
  SERVE_PIDS=""
  # stop_virtuoso's last kill fails when Virtuoso has already gone
  if [ -n "${VPID:-}" ]; then stop_virtuoso || true; fi
  VPID=""
  return 0
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

# start_serve NAME STORE OPTION...: `kgsh serve STORE` on a free port,
# its log in WORK/NAME.log; sets SERVE (its /sparql URL) and SERVE_PID
start_serve() {
  _log=$WORK/$1.log
  _store=$2
  shift 2
  : >"$_log" # there before the background job opens it
  "$BUILD/kgsh" serve "$_store" --port 0 --quiet --timeout "$CAP" \
    --max-timeout "$CAP" "$@" 2>"$_log" &
  SERVE_PID=$!
  SERVE_PIDS="$SERVE_PIDS $SERVE_PID"
  _i=0
  while [ $_i -lt 300 ] && ! grep -q ' at http://' "$_log"; do sleep 0.1; _i=$((_i + 1)); done
  SERVE=$(sed -n 's|.* at \(http://127\.0\.0\.1:[0-9]*\)/.*|\1/sparql|p' "$_log" | head -1)
  [ -n "$SERVE" ] || { say "bench: kgsh serve did not start: $(cat "$_log")"; exit 1; }
}

# stop_serve: SIGTERM to the last server started, waiting for it to close
# its store
stop_serve() {
  kill "$SERVE_PID" 2>/dev/null || true
  wait "$SERVE_PID" 2>/dev/null || true
  SERVE_PIDS=$(for p in $SERVE_PIDS; do [ "$p" = "$SERVE_PID" ] || printf ' %s' "$p"; done)
}

# start_bench_virtuoso: Virtuoso through the tests' helper
# (tests/e2e/clients/virtuoso.sh), the data bulk-loaded into the graph
# urn:kgsh:bench; sets VIRT (its /sparql URL, empty when Virtuoso is not
# installed) and VLOAD (seconds the load took, or "absent")
start_bench_virtuoso() {
  VIRT=""
  VLOAD="absent"
  command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || return 0
  # the helper's needs: TMP, at_exit, fail, finish
  # shellcheck disable=SC2034 # read by virtuoso.sh
  TMP=$WORK
  at_exit() { :; }
  _short() { printf '%s' "$1" | head -c 300; }
  fail() { say "bench: $1: $2"; }
  finish() { exit 1; }
  . tests/e2e/clients/virtuoso.sh
  say "bench: Virtuoso"
  start_virtuoso
  VIRT=$VURL
  # its bulk loader reads files from DirsAllowed: the data beside its db
  ln -f "$DATA" "$VDIR/data.nt" 2>/dev/null || cp "$DATA" "$VDIR/data.nt"
  _t0=$(date +%s%N)
  visql "ld_dir('$VDIR', 'data.nt', 'urn:kgsh:bench'); rdf_loader_run(); checkpoint;" >"$WORK/vload" 2>&1
  VLOAD=$(awk -v a="$_t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  _n=$(curl -s --max-time "$CAP" -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kgsh:bench> { ?s ?p ?o } }' "$VIRT" | tail -1)
  [ "$_n" = "$NTRIPLES" ] || say "bench: Virtuoso holds $_n statements of $NTRIPLES"
}
