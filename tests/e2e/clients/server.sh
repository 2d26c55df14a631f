# server.sh - starting and stopping kgsh serve in an end-to-end test
# (sourced after lib.sh by serve.sh and page.sh).

# start_server NAME ARGS...: starts kgsh serve ARGS --port 0 in the
# background; sets URL (http://127.0.0.1:PORT) and SPID, its log is
# $TMP/NAME.log
start_server() {
  _name=$1
  shift
  : >"$TMP/$_name.log"
  "$KGSH" serve "$@" --port 0 2>>"$TMP/$_name.log" &
  SPID=$!
  at_exit "kill $SPID 2>/dev/null"
  _i=0
  while [ $_i -lt 300 ] && ! grep -q ' at http://' "$TMP/$_name.log"; do
    kill -0 $SPID 2>/dev/null || break
    sleep 0.1
    _i=$((_i + 1))
  done
  _port=$(sed -n 's|.* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/$_name.log" | head -1)
  URL=http://127.0.0.1:${_port:-1}
  if [ -z "$_port" ]; then
    fail "start $_name" "kgsh serve did not start: $(_short "$(cat "$TMP/$_name.log")")"
    finish
  fi
}

# stop_server NAME: SIGTERM, then the exit status, the clean close and no
# sanitizer report in its log
stop_server() {
  kill -TERM $SPID
  wait $SPID
  _rc=$?
  check_eq "$1: exits 0 on SIGTERM" 0 "$_rc"
  check_contains "$1: store closed cleanly" "store closed" "$TMP/$1.log"
  if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$TMP/$1.log"; then
    fail "$1: sanitizer" "$(grep -E 'ERROR: |runtime error:|SUMMARY' "$TMP/$1.log" | head -3 | tr '\n' '|')"
  fi
}

