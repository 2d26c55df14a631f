#!/bin/sh
# run.sh - runs every competency question through kgsh on the article
# store and compares with its expected answer (tests/competency/NN.tsv).
# Usage: sh tests/competency/run.sh BUILD STORE
set -eu
build=$1 store=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for q in tests/competency/*.rq; do
  exp=${q%.rq}.tsv
  name=$(basename "$q" .rq)
  if ! "$build/kgsh" -q --readonly -F tsv "$store" -f "$q" >"$tmp/out.tsv" 2>"$tmp/err"; then
    echo "FAIL competency $name: kgsh failed: $(head -3 "$tmp/err")"
    fail=$((fail + 1))
    continue
  fi
  # ordered when the outer query (after the last '}') has ORDER BY
  ordered=""
  if tr '\n' ' ' <"$q" | sed 's/.*}//' | grep -qi 'order by'; then
    ordered=--ordered
  fi
  if "$build/tools/resultdiff" $ordered "$exp" "$tmp/out.tsv" 2>"$tmp/why"; then
    pass=$((pass + 1))
  else
    echo "FAIL competency $name: $(head -c 400 "$tmp/why")"
    fail=$((fail + 1))
  fi
done
echo "competency: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
