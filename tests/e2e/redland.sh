#!/bin/sh
# redland.sh - kgsh's librdf storage module, driven by Redland's own
# rdfproc: `rdfproc -s kgsh -t "dir='DIR'" NAME ...` reads a kgsh store
# directory and changes it through kgsh's journal and write lock, so that
# kgsh sees the changes, they survive, and writers take turns.
# The module is the one built beside the kgsh under test, found through
# librdf's REDLAND_MODULE_PATH; built with the sanitizers, it runs under
# them in rdfproc (their runtimes preloaded).
# Usage (from the repository root): sh tests/e2e/redland.sh build/kgsh
. tests/e2e/lib.sh

MOD_DIR=$(dirname "$KGSH")
MOD=$MOD_DIR/librdf_storage_kgsh.so
if ! command -v rdfproc >/dev/null 2>&1; then
  skip "the storage module" "rdfproc is not installed (redland-utils)"
  finish
fi
check_cmd "the module is built beside kgsh" test -f "$MOD"
# libkg inside it stays hidden: librdf's entry point is all it exports
check_eq "the module exports librdf's entry point alone" \
  librdf_storage_module_register_factory \
  "$(nm -D --defined-only "$MOD" | awk '$2 == "T" { print $3 }')"
# only the module's directory: librdf loads every librdf_storage_* there
REDLAND_MODULE_PATH=$MOD_DIR
export REDLAND_MODULE_PATH
# ASan's runtime must come first; UBSan's is loaded with the module (both
# preloaded, rdfproc hangs at exit in p11-kit's destructor)
PRELOAD=$(ldd "$MOD" | awk '/libasan\.so/ { print $3 }')

# rp STORE ARGS...: rdfproc on kgsh store STORE; stdout in $OUT, stderr
# in $ERR, status in $RC; a sanitizer report is a failure
rp() {
  _d=$1
  shift
  LD_PRELOAD=$PRELOAD ASAN_OPTIONS=detect_leaks=0 \
    rdfproc -s kgsh -t "dir='$_d'" kg "$@" >"$OUT" 2>"$ERR"
  RC=$?
  if grep -qE 'ERROR: AddressSanitizer|runtime error:' "$ERR"; then
    fail "rdfproc $*: no sanitizer report" "$(_short "$(grep -m1 -E 'ERROR|runtime error' "$ERR")")"
  fi
}

S=$TMP/s.kg
make_store "$S"
n0=$(statements "$S")
g0=$(count_of "$S" 'SELECT DISTINCT ?g { GRAPH ?g { } }' 2>/dev/null)

# ------------------------------------------------------------- reading
rp "$S" size
check_rc "size: exit 0" 0
check_contains "size: kgsh's count" "graph has $n0 triples" "$OUT"
rp "$S" print
check_eq "print: every statement" "$n0" "$(grep -c '^  ' "$OUT")"
check_contains "print: Chinese literals, graphs as contexts" \
  '<https://kgsh.dev/id/hz/Leapmotor> <http://www.w3.org/2000/01/rdf-schema#label> "\u96F6\u8DD1\u79D1\u6280"@zh with context <https://kgsh.dev/id/hz/graph/' "$OUT"
kg "$S" -F tsv -e 'SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }'
ng=$(tail -1 "$OUT")
rp "$S" contexts
check_eq "contexts: the store's named graphs" "$ng" "$(grep -c '^Context: <' "$OUT")"
rp "$S" find https://kgsh.dev/id/hz/Leapmotor http://schema.org/founder -
check_contains "find: a pattern" 'Matched triple: <https://kgsh.dev/id/hz/Leapmotor> <http://schema.org/founder> <https://kgsh.dev/id/hz/' "$OUT"
rp "$S" query sparql - 'SELECT ?o WHERE { <https://kgsh.dev/id/hz/Leapmotor> <http://schema.org/founder> ?o }'
check_contains "a SPARQL query (rasqal over the module)" 'o=<https://kgsh.dev/id/hz/' "$OUT"

# ------------------------------------------------------------ changing
rp "$S" add http://ex.org/a http://ex.org/p http://ex.org/b
check_rc "add: exit 0" 0
rp "$S" add http://ex.org/a http://ex.org/label "杭州" http://ex.org/g
rp "$S" add _:b1 http://ex.org/p "blank subject"
kg "$S" -F tsv -e 'SELECT ?o WHERE { <http://ex.org/a> <http://ex.org/p> ?o }' \
  -e 'SELECT ?o WHERE { GRAPH <http://ex.org/g> { <http://ex.org/a> ?p ?o } }' \
  -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex.org/p> "blank subject" FILTER isBlank(?s) }'
check_file "kgsh sees the adds (default graph, a named graph, a blank node)" \
  "$(printf '?o\n<http://ex.org/b>\n?o\n"杭州"\n?n\n1')" "$OUT"
rp "$S" contains http://ex.org/a http://ex.org/p http://ex.org/b
check_contains "contains: an added statement" "graph contains the triple" "$ERR"
rp "$S" remove http://ex.org/a http://ex.org/p http://ex.org/b
check_rc "remove: exit 0" 0
rp "$S" remove http://ex.org/a http://ex.org/label "杭州" http://ex.org/g
kg "$S" -e 'ASK { { <http://ex.org/a> ?p ?o } UNION { GRAPH ?g { <http://ex.org/a> ?p ?o } } }'
check_file "kgsh sees the removals" false "$OUT"
check_eq "the store: the adds and removals, nothing else" "$((n0 + 1))" "$(statements "$S")"

# a file parsed into a graph: one kgsh transaction
printf '<http://ex.org/x> <http://ex.org/y> "1" .\n<http://ex.org/x> <http://ex.org/y> "2" .\n' >"$TMP/x.nt"
rp "$S" parse "$TMP/x.nt" ntriples - http://ex.org/g3
check_contains "parse into a context" "Added 2 triples" "$ERR"
check_eq "kgsh sees the parsed graph" 2 "$(count_of "$S" 'GRAPH <http://ex.org/g3> { ?s ?p ?o }')"
rp "$S" remove-context http://ex.org/g3
check_rc "remove-context: exit 0" 0
check_eq "kgsh: the graph is gone" 0 "$(count_of "$S" 'GRAPH <http://ex.org/g3> { ?s ?p ?o }')"

# ---------------------------------------------- journal, lock, survival
# a kgsh holds the write lock in a transaction for a moment: rdfproc's
# add waits its turn (kgsh's busy timeout), then both changes are in
( printf '.begin\nINSERT DATA { <http://ex.org/k> <http://ex.org/by> "kgsh" } ;\n'
  sleep 2; printf '.commit\n' ) | "$KGSH" -q "$S" >/dev/null 2>&1 &
sleep 0.5
rp "$S" add http://ex.org/r http://ex.org/by rdfproc
check_rc "an add while kgsh writes: waits, then succeeds" 0
wait
kg "$S" -F tsv -e 'SELECT ?o WHERE { ?s <http://ex.org/by> ?o } ORDER BY ?o'
check_file "both writers' changes are in" "$(printf '?o\n"kgsh"\n"rdfproc"')" "$OUT"
# the journal has it: a store whose last writer was rdfproc reopens with it
check_cmd "the change is in kgsh's journal" test -s "$S/journal"
check_eq "it survives: a fresh kgsh counts it" "$((n0 + 3))" "$(statements "$S")"
check_cmd "no Redland files were made" sh -c "! ls '$S'/*.db"

# a librdf transaction (rdfproc --transactions) is one kgsh transaction
LD_PRELOAD=$PRELOAD ASAN_OPTIONS=detect_leaks=0 rdfproc -T -s kgsh \
  -t "dir='$S'" kg parse "$TMP/x.nt" ntriples >"$OUT" 2>"$ERR"
check_eq "parse in a librdf transaction: exit 0" 0 "$?"
check_eq "the transaction committed: kgsh counts it" "$((n0 + 5))" "$(statements "$S")"

# ------------------------------------------------------------- refusals
rp "$TMP/none.kg" size
check_contains "a missing store: the error names it" "no store at $TMP/none.kg" "$ERR"
check_cmd "a missing store: not created" test ! -e "$TMP/none.kg"
LD_PRELOAD=$PRELOAD ASAN_OPTIONS=detect_leaks=0 rdfproc -n -s kgsh \
  -t "dir='$TMP/new.kg',new='yes'" kg add http://ex.org/n http://ex.org/p x >"$OUT" 2>"$ERR"
check_eq "new='yes': a new store, made by kgsh" 1 "$(statements "$TMP/new.kg")"

# ------------------------------------------------------ make install
# it goes to librdf's own module directory (under DESTDIR here), where
# librdf finds it without REDLAND_MODULE_PATH
PLUGINDIR=$(pkg-config --variable=plugindir redland 2>/dev/null)
case $MOD_DIR in
*/asan) skip "make install" "tested with the normal build" ;;
*)
  if [ -z "$PLUGINDIR" ]; then
    skip "make install" "pkg-config does not name librdf's module directory"
  else
    make -s install DESTDIR="$TMP/inst" BUILD="${MOD_DIR#"$ROOT"/}" >"$OUT" 2>"$ERR"
    check_cmd "make install: the module in librdf's module directory" \
      test -f "$TMP/inst$PLUGINDIR/librdf_storage_kgsh.so"
    REDLAND_MODULE_PATH=$TMP/inst$PLUGINDIR rdfproc -s kgsh -t "dir='$S'" kg size >"$OUT" 2>"$ERR"
    check_contains "the installed module reads the store" "graph has $((n0 + 5)) triples" "$OUT"
  fi
  ;;
esac

finish
