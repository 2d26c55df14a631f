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
# the suites that need a server (protocol, graph store, service
# description) against kgsh serve, read with Debian's python3-rdflib
if [ -d "$suite/sparql/sparql11/protocol" ]; then
  echo "conformance: protocol, graph store, service description (kgsh serve)"
  /usr/bin/python3 "$here/protocol.py" "$kgsh" "$suite/sparql/sparql11" \
    --expect "$here/passing-protocol.txt" || status=1
fi
exit $status
