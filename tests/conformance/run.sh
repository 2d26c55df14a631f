#!/bin/sh
# run.sh - runs the W3C SPARQL conformance suites: sh tests/conformance/run.sh RDF_TESTS [runner options].
# Without a suite it skips (exit 0). With tests/conformance/passing.txt it
# fails only when a test listed there fails now (a regression).
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

expect=$here/passing.txt
if [ -f "$expect" ]; then
  exec "$bin" --expect "$expect" "$@" "$suite"
fi
exec "$bin" "$@" "$suite"
