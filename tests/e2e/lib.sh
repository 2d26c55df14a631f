# lib.sh - shared by the end-to-end tests of kgsh. A test script starts
#
#   . tests/e2e/lib.sh      # the script's $1 is the kgsh binary (build/kgsh)
#
# and ends with `finish`. Tests run from the repository root. Every check
# prints "ok NAME" or "FAIL NAME: expected ... got ..."; `finish` prints
# "N passed, N failed" and exits 0 only when nothing failed.
#
#   $KGSH        the binary under test (absolute path)
#   $TOOLS       the directory of the test tools (resultdiff, ...)
#   $TMP         a private temporary directory, removed at exit
#   kg ARGS...   runs kgsh: stdout in $OUT, stderr in $ERR, status in $RC;
#                a sanitizer report on stderr is a failure of its own
#                ($SAN is 1 after such a run)
#   make_store DIR   builds the article store in DIR (once; later calls copy)
#   count_of STORE PATTERN, statements STORE   counts (read-only runs)
#   known_bug WHY    the next kg meets a known library bug (see below)
#   known_failure WHY    the next check fails by a known library bug
#   check_eq / check_rc / check_contains / check_lacks / check_match /
#   check_file / check_cmd   the assertions (see each below)

set -u

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: sh $0 path/to/kgsh" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
case $1 in
  /*) KGSH=$1 ;;
  *) KGSH=$(pwd)/$1 ;;
esac
if [ ! -f data/load.kgsh ]; then
  echo "run the tests from the repository root" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
ROOT=$(pwd)
# the tools are built beside the binary (build/tools, build/asan/tools)
TOOLS=$(dirname "$KGSH")/tools
[ -x "$TOOLS/resultdiff" ] || TOOLS=$ROOT/build/tools

# a UTF-8 locale (display widths, tmux) and nothing from the caller's
# environment that changes kgsh's behaviour
LC_ALL=C.UTF-8
export LC_ALL
unset KGSH_STORE KGSH_HISTORY XDG_DATA_HOME COLUMNS 2>/dev/null || true
# under AddressSanitizer a leak is reported on stderr (and counted by kg
# below) but leaves the exit status alone, so checks see kgsh's own status
LSAN_OPTIONS="exitcode=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kgsh-e2e.XXXXXX") || exit 2
HOME=$TMP/home
mkdir -p "$HOME"
export HOME
OUT=$TMP/stdout
ERR=$TMP/stderr
RC=0
_pass=0
_fail=0
_xfail=0
_cleanups=""

# at_exit CMD: runs CMD (a string) before the temporary directory goes
at_exit() { _cleanups="$_cleanups
$1"; }

_cleanup() {
  eval "$_cleanups"
  rm -rf "$TMP"
}
trap '_cleanup' EXIT
trap 'exit 130' INT TERM HUP

ok() {
  _pass=$((_pass + 1))
  if [ -n "$_xcheck" ]; then
    echo "ok $1 (passes now: known bug '$_xcheck' fixed?)"
    _xcheck=""
  else
    echo "ok $1"
  fi
}

# fail NAME WHY
fail() {
  if [ -n "$_xcheck" ]; then
    _xfail=$((_xfail + 1))
    echo "xfail $1: $_xcheck: $2"
    _xcheck=""
    return
  fi
  _fail=$((_fail + 1))
  echo "FAIL $1: $2"
}

# known_failure WHY: the next check fails because of a known bug of the
# library (graph/), reported to its owners: its failure prints "xfail" and
# is not counted; when it passes, the note says the bug may be fixed.
_xcheck=""
known_failure() { _xcheck=$1; }

# skip NAME WHY: a visible note, counted as neither
skip() { echo "skip $1: $2"; }

# shows at most 5 lines of a text on one line
_short() { printf '%s' "$1" | head -5 | tr '\n' '|' | cut -c1-300; }

# kg ARGS...: runs kgsh with stdin from /dev/null unless redirected by
# the caller (kg_in FILE ARGS...).
kg() { _kg_run /dev/null "$@"; }
kg_in() {
  _in=$1
  shift
  _kg_run "$_in" "$@"
}
_kg_run() {
  _in=$1
  shift
  "$KGSH" "$@" <"$_in" >"$OUT" 2>"$ERR"
  RC=$?
  _sanitizer "$*"
}

# known_bug WHY: the next kg runs into a known bug of the library
# (graph/, or a library under it), reported to its owners. A sanitizer
# report from that run prints "xfail WHY" and is not counted as a failure.
_known=""
known_bug() { _known=$1; }

# a sanitizer report is a failure whatever the test expected
SAN=0
_sanitizer() {
  SAN=0
  if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$ERR"; then
    SAN=1
    _what=$(grep -E 'ERROR: |runtime error:|SUMMARY' "$ERR" | head -3 | tr '\n' '|')
    if [ -n "$_known" ]; then
      _xfail=$((_xfail + 1))
      echo "xfail $_known: $_what"
    else
      fail "sanitizer (kgsh $(printf '%s' "$1" | cut -c1-80))" "$_what"
    fi
  fi
  _known=""
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else
    fail "$1" "expected '$(_short "$2")' got '$(_short "$3")'"
  fi
}

# check_rc NAME EXPECTED: the status of the last kg
check_rc() {
  if [ "$RC" -eq "$2" ]; then ok "$1"; else
    fail "$1" "expected exit status $2 got $RC (stderr: $(_short "$(cat "$ERR")"))"
  fi
}

# check_contains NAME NEEDLE FILE: FILE has the fixed string NEEDLE
check_contains() {
  if grep -qF -- "$2" "$3"; then ok "$1"; else
    fail "$1" "expected '$2' in $(basename "$3") got '$(_short "$(cat "$3")")'"
  fi
}

# check_lacks NAME NEEDLE FILE: FILE has no NEEDLE
check_lacks() {
  if grep -qF -- "$2" "$3"; then
    fail "$1" "expected no '$2' in $(basename "$3") got '$(_short "$(grep -F -- "$2" "$3")")'"
  else ok "$1"; fi
}

# check_match NAME ERE FILE: a line of FILE matches the extended regex
check_match() {
  if grep -qE -- "$2" "$3"; then ok "$1"; else
    fail "$1" "expected a line matching /$2/ in $(basename "$3") got '$(_short "$(cat "$3")")'"
  fi
}

# check_file NAME EXPECTED-TEXT FILE: FILE is exactly the text (plus \n)
check_file() {
  _got=$(cat "$3")
  check_eq "$1" "$2" "$_got"
}

# check_empty NAME FILE
check_empty() {
  if [ ! -s "$2" ]; then ok "$1"; else
    fail "$1" "expected $(basename "$2") empty got '$(_short "$(cat "$2")")'"
  fi
}

# check_cmd NAME CMD...: CMD succeeds
check_cmd() {
  _n=$1
  shift
  if _why=$("$@" 2>&1); then ok "$_n"; else
    fail "$_n" "'$*' failed: $(_short "$_why")"
  fi
}

# value NAME: the single value of a one-column TSV/CSV result in $OUT
value() { sed -n 2p "$OUT" | tr -d '\r'; }

# count_of STORE QUERY-WHERE: COUNT(*) of a pattern (read-only: quicker)
count_of() {
  "$KGSH" -q --readonly "$1" -e "SELECT (COUNT(*) AS ?n) WHERE { $2 }" </dev/null 2>/dev/null |
    sed -n 2p
}

# statements STORE: the statements of a store, all graphs (from .stats)
statements() {
  "$KGSH" -q --readonly "$1" -e .stats </dev/null 2>/dev/null | sed -n 's/^statements *\([0-9]*\).*/\1/p'
}

# make_store DIR: the article store (ontology, article, links)
_article=""
make_store() {
  if [ -z "$_article" ]; then
    _article=$TMP/.article.kg
    if ! "$KGSH" -q --bail "$_article" -f data/load.kgsh </dev/null >"$TMP/.store.log" 2>&1; then
      echo "cannot build the article store: $(cat "$TMP/.store.log")" >&2
      fail "article store" "kgsh -f data/load.kgsh failed"
      finish
    fi
  fi
  rm -rf "$1"
  cp -R "$_article" "$1"
}

finish() {
  [ "$_xfail" -gt 0 ] && echo "($_xfail known library bugs seen: see xfail above)"
  echo "$_pass passed, $_fail failed"
  [ "$_fail" -eq 0 ] && exit 0
  exit 1
}
