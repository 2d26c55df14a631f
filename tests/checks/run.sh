#!/bin/sh
# run.sh - runs the constraint checks (ontology/checks/*.rq) through kgsh:
# on the article store every check must find no violation; on the ontology
# plus tests/checks/broken.trig each must find the violations listed in
# tests/checks/broken.expected (so the checks catch what they claim).
# Usage: sh tests/checks/run.sh BUILD STORE
set -eu
build=$1 store=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

rows() { # store query -> number of solutions
  "$build/kgsh" -q "$1" -F tsv -f "$2" | tail -n +2 | grep -c . || true
}

for q in ontology/checks/*.rq; do
  n=$(rows "$store" "$q")
  if [ "$n" -eq 0 ]; then
    pass=$((pass + 1))
  else
    echo "FAIL check $(basename "$q"): $n violations in the article graph"
    "$build/kgsh" -q "$store" -F tsv -f "$q" | head -6
    fail=$((fail + 1))
  fi
done

broken="$tmp/broken"
"$build/kgsh" -q "$broken" -l ontology/hz.ttl -l tests/checks/broken.trig -e '' >/dev/null
while read -r file want; do
  n=$(rows "$broken" "ontology/checks/$file")
  if [ "$n" -eq "$want" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL check $file on broken.trig: $n violations, expected $want"
    fail=$((fail + 1))
  fi
done <tests/checks/broken.expected

echo "checks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
