#!/bin/sh
# dotserve.sh - .serve: the shell's open store (a memory: store too) as a
# SPARQL endpoint until Ctrl-C, then the session goes on; in a terminal
# and in a batch script (stopped by SIGTERM).
. tests/e2e/lib.sh
WORK=$TMP/work
HIST=$TMP/history
mkdir -p "$WORK"
. tests/e2e/clients/terminal.sh

if ! command -v tmux >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  skip dotserve "tmux and curl drive the test"
  finish
fi
ask() { # PORT: the count of statements, through the endpoint
  curl -s -H 'Accept: text/csv' --data-urlencode \
    'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' "http://127.0.0.1:$1/sparql"
}

# a terminal: a memory store filled at the prompt, served, stopped, used
start 100 memory:
expect "the prompt" "kgsh>"
keys 'INSERT DATA { <http://ex/a> <http://ex/b> 1, 2, 3 };' Enter
expect "the insert" "3 added, 0 removed"
keys '.serve --port 0' Enter
expect "the server says where it listens" "at http://127.0.0.1:"
port=$(screen | sed -n 's|.* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' | head -1)
check_eq "the shell's own memory store is what it serves" "n
3" "$(ask "${port:-1}" | tr -d '\r')"
curl -s -o /dev/null -w '%{http_code}' --data-urlencode \
  'update=INSERT DATA { <http://ex/x> <http://ex/y> 4 }' \
  "http://127.0.0.1:${port:-1}/sparql" >"$TMP/code"
check_file "updates refused without --update" 403 "$TMP/code"
keys C-c
expect "Ctrl-C stops the server" "kgsh serve: stopped"
expect_line "and the prompt comes back" "kgsh>"
keys 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o };' Enter
expect "the session goes on with its store" "│ 3  │"
keys '.serve --port 0 --update' Enter
expect "served again, with updates" "updates allowed"
port=$(screen | sed -n 's|.* at http://127\.0\.0\.1:\([0-9]*\)/.*(updates allowed).*|\1|p' | tail -1)
curl -s -o /dev/null -w '%{http_code}' --data-urlencode \
  'update=INSERT DATA { <http://ex/x> <http://ex/y> 4 }' \
  "http://127.0.0.1:${port:-1}/sparql" >"$TMP/code"
check_file "an update through the endpoint" 200 "$TMP/code"
keys C-c
expect_line "stopped again" "kgsh>"
keys 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o };' Enter
expect "the endpoint's update is in the shell's store" "│ 4  │"
keys '.serve nowhere' Enter
expect "a STORE argument is refused" "serves the store that is open"
keys '.quit' Enter
wait_until 10 _is_dead
check_eq "the session ends cleanly" 0 "$(dead_status)"

# a script: .serve blocks until SIGTERM, then the next statement runs
"$KGSH" memory: -e 'INSERT DATA { <http://ex/a> <http://ex/b> 1 }' \
  -e '.serve --port 0' -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -F tsv \
  >"$TMP/batch.out" 2>"$TMP/batch.err" &
pid=$!
at_exit "kill $pid 2>/dev/null"
wait_until 10 grep -q ' at http://' "$TMP/batch.err"
port=$(sed -n 's|.* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/batch.err")
check_eq "a script's .serve answers" "n
1" "$(ask "${port:-1}" | tr -d '\r')"
kill -TERM $pid
wait $pid
check_eq "SIGTERM ends .serve and the script goes on (exit 0)" 0 $?
check_file "the statement after .serve ran" '?n
1' "$TMP/batch.out"
if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$TMP/batch.err"; then
  fail "sanitizer" "$(grep -E 'ERROR: |runtime error:' "$TMP/batch.err" | head -3)"
fi
finish
