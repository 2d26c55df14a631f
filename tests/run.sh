#!/bin/sh
# run.sh - every test of `make check`, in layers: the Check unit suites
# (normal build, then under AddressSanitizer and UBSan), the fuzz corpus
# and crash replay, the data checks,
# the competency questions and the end-to-end tests of kgsh. Prints one
# line per suite and, last, "N passed, N failed".
set -u
BUILD=${BUILD:-build}
STORE=${STORE:-$BUILD/hangzhou.kg}
total_pass=0 total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# add PASS FAIL NAME: counts a suite's results
add() {
  total_pass=$((total_pass + $1))
  total_fail=$((total_fail + $2))
  printf '%-36s %5d passed %5d failed\n' "$3" "$1" "$2"
}

# A Check suite prints "NN%: Checks: C, Failures: F, Errors: E".
check_suite() { # binary name [env...]
  bin=$1 name=$2
  shift 2
  if env "$@" "$bin" >"$log" 2>&1; then :; fi
  line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -1)
  if [ -z "$line" ]; then
    cat "$log" | tail -20
    add 0 1 "$name (crashed)"
    return
  fi
  c=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
  f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
  e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
  bad=$((f + e))
  # sanitizer reports fail the suite even when the checks passed
  if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|runtime error:' "$log"; then
    grep -E 'ERROR: |WARNING: |runtime error:|SUMMARY' "$log" | head -5
    bad=$((bad + 1))
  fi
  [ "$bad" -gt 0 ] && grep -E ':[FE]:' "$log" | head -10
  add $((c - f - e)) "$bad" "$name"
}

# A script prints "N passed, N failed" last.
script_suite() { # name command...
  name=$1
  shift
  "$@" >"$log" 2>&1
  rc=$?
  line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ -z "$line" ]; then
    tail -20 "$log"
    add 0 1 "$name (no summary, exit $rc)"
    return
  fi
  p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
  f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
  [ "$f" -gt 0 ] || [ "$rc" -ne 0 ] && grep -E 'FAIL' "$log" | head -20
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  add "$p" "$f" "$name"
}

for t in "$BUILD"/tests/test_*; do
  case $t in *.d) continue ;; esac
  check_suite "$t" "unit $(basename "$t")"
done
for t in "$BUILD"/asan/tests/test_*; do
  case $t in *.d) continue ;; esac
  check_suite "$t" "asan $(basename "$t")" CK_FORK=no \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
done

# threads under ThreadSanitizer (make tsan): any report fails it
for t in "$BUILD"/tsan/tests/test_*; do
  case $t in *.d) continue ;; esac
  check_suite "$t" "tsan $(basename "$t")" CK_FORK=no \
    TSAN_OPTIONS=halt_on_error=0:second_deadlock_stack=1
done

script_suite "layers (objects)" sh tests/layers.sh "$BUILD"
script_suite "fuzz replay (asan)" sh tests/fuzz/replay.sh "$BUILD/asan"
script_suite "data files (rapper)" bash tests/checks/validate.sh
script_suite "constraint checks" sh tests/checks/run.sh "$BUILD" "$STORE"
script_suite "competency questions" sh tests/competency/run.sh "$BUILD" "$STORE"
script_suite "durability (crash points)" sh tests/faults/run.sh "$BUILD"
for t in tests/e2e/*.sh; do
  [ -e "$t" ] || continue
  case $t in */lib.sh) continue ;; esac # the helper the tests share
  script_suite "e2e $(basename "$t" .sh)" sh "$t" "$BUILD/kgsh"
  script_suite "e2e $(basename "$t" .sh) (asan)" env \
    ASAN_OPTIONS=detect_leaks=1 sh "$t" "$BUILD/asan/kgsh"
done

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
