#!/bin/sh
# run.sh - the W3C conformance suites: sh tests/conformance/run.sh RDF_TESTS [runner options].
# SPARQL (RDF_TESTS, the rdf-tests checkout) runs twice, the engine linked
# into the runner and then through the kgsh binary, and its server suites
# (protocol, graph store, service description) against kgsh serve; the
# JSON-LD 1.1 API suite (JSONLD_TESTS, default ../shared/w3c/json-ld-api/
# tests) against the library, then its toRdf and fromRdf manifests through
# the binary; the RDF 1.1 syntax suites (rdf/rdf11: N-Triples, N-Quads,
# Turtle, TriG, RDF/XML) through the binary (rdf.py). A suite that is not
# there is skipped with a notice; a run
# fails only when a test listed in a passing*.txt fails now (a regression).
set -u

here=$(dirname "$0")
build=${BUILD:-build}
kgsh=$build/kgsh
status=0

suite=${1:-}
[ $# -gt 0 ] && shift
if [ -z "$suite" ] || [ ! -d "$suite" ]; then
  echo "conformance: RDF_TESTS not set or not found; skipping the SPARQL suites"
else
  bin=$build/tools/conformance
  if [ ! -x "$bin" ]; then
    echo "conformance: $bin not built (run: make conformance RDF_TESTS=$suite)" >&2
    exit 2
  fi
  echo "conformance: SPARQL, the engine linked"
  "$bin" --expect "$here/passing.txt" "$@" "$suite" || status=1
  echo "conformance: SPARQL through the binary ($kgsh)"
  "$bin" --kgsh "$kgsh" --expect "$here/passing-kgsh.txt" "$@" "$suite" || status=1
  # the suites that need a server, against kgsh serve, read with Debian's
  # python3-rdflib
  if [ -d "$suite/sparql/sparql11/protocol" ]; then
    echo "conformance: protocol, graph store, service description (kgsh serve)"
    /usr/bin/python3 "$here/protocol.py" "$kgsh" "$suite/sparql/sparql11" \
      --expect "$here/passing-protocol.txt" || status=1
  fi
fi

# the RDF 1.1 syntaxes (N-Triples, N-Quads, Turtle, TriG, RDF/XML): the
# rdf-tests checkout's rdf/rdf11, or RDF11_TESTS, or ../shared's copy
rt=${RDF11_TESTS:-}
if [ -z "$rt" ] && [ -n "$suite" ] && [ -d "$suite/rdf/rdf11" ]; then
  rt=$suite/rdf/rdf11
fi
rt=${rt:-../shared/w3c/rdf-tests/rdf/rdf11}
if [ -d "$rt" ]; then
  echo "conformance: RDF 1.1 syntaxes through the binary ($kgsh, $rt)"
  /usr/bin/python3 "$here/rdf.py" "$kgsh" "$rt" --expect "$here/passing-rdf.txt" || status=1
else
  echo "conformance: RDF11_TESTS not set or not found; skipping the RDF 1.1 syntax suites"
fi

jt=${JSONLD_TESTS:-../shared/w3c/json-ld-api/tests}
if [ -d "$jt" ]; then
  echo "conformance: JSON-LD 1.1 API ($jt)"
  "$build/tools/jsonld_tests" --expect "$here/passing-jsonld.txt" "$jt" || status=1
  echo "conformance: JSON-LD 1.1 API toRdf and fromRdf through the binary ($build/kgsh)"
  "$build/tools/jsonld_tests" --kgsh "$build/kgsh" --expect "$here/passing-jsonld-kgsh.txt" "$jt" || status=1
else
  echo "conformance: JSONLD_TESTS not set or not found; skipping the JSON-LD suite"
fi
exit $status
