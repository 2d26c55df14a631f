#!/bin/sh
# replay.sh - make check's "fuzz replay": every file of corpus/TARGET/ and
# crashes/TARGET/ is fed to BUILD/fuzz/replay_TARGET, one process a file
# (so a failure names its input). A file passes when the harness returns
# without a crash or a sanitizer report; one open.txt lists (a fix pending
# in a file another branch owns) is skipped with a note. Prints "N passed,
# N failed" last.
# Usage: sh tests/fuzz/replay.sh BUILD (a sanitizer build, e.g. build/asan)
set -u
BUILD=${1:-build/asan}
here=$(dirname "$0")
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0 # system libraries' leaks
for src in "$here"/fuzz_*.c; do
  t=$(basename "$src" .c)
  t=${t#fuzz_}
  bin=$BUILD/fuzz/replay_$t
  if [ ! -x "$bin" ]; then
    echo "FAIL $t: no $bin (make unit first)"
    fail=$((fail + 1))
    continue
  fi
  for f in "$here/corpus/$t"/* "$here/crashes/$t"/*; do
    [ -f "$f" ] || continue
    case $f in */README*) continue ;; esac
    if grep -q "^$t/$(basename "$f") " "$here/open.txt"; then
      echo "skip $t/$(basename "$f") (open.txt: fix pending elsewhere)"
      continue
    fi
    if "$bin" "$f" >"$log" 2>&1 &&
      ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log"; then
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "FAIL $t $f"
      grep -E 'ERROR: |runtime error:|SUMMARY|^    #[0-9] ' "$log" | head -12
    fi
  done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
