#!/bin/sh
# run.sh - runs the W3C SPARQL conformance suites: sh tests/conformance/run.sh RDF_TESTS [runner options].
# Without a suite it skips (exit 0). It runs the suites twice, linked and
# through the kgsh binary, and fails only when a test listed in
# passing.txt (linked) or passing-kgsh.txt (binary) fails now.
set -u

suite=${1:-}
if [ -z "$suite" ] || [ ! -d "$suite" ]; then
  echo "conformance: RDF_TESTS not set or not found; skipping"
  exit 0
fi
shift

here=$(dirname "$0")
bin=${BUILD:-build}/tools/conformance
if [ ! -x "$bin" ]; then
  echo "conformance: $bin not built (run: make conformance RDF_TESTS=$suite)" >&2
  exit 2
fi

kgsh=${BUILD:-build}/kgsh
# twice: the engine linked into the runner, then the kgsh binary given the
# suite's files as a user gives them (-l DATA -f QUERY); each has its own
# list of tests that must keep passing
status=0
echo "conformance: the engine, linked"
"$bin" --expect "$here/passing.txt" "$@" "$suite" || status=1
echo "conformance: through the binary ($kgsh)"
"$bin" --kgsh "$kgsh" --expect "$here/passing-kgsh.txt" "$@" "$suite" || status=1
# the W3C JSON-LD 1.1 API suite (toRdf, expand, fromRdf, compact), when present
jt=${JSONLD_TESTS:-../shared/w3c/json-ld-api/tests}; [ -d "$jt" ] && { echo "conformance: JSON-LD"; "${BUILD:-build}/tools/jsonld_tests" --expect "$here/passing-jsonld.txt" "$jt" || status=1; }
exit $status
