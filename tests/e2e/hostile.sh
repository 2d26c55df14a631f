#!/bin/sh
# hostile.sh - statements built to exhaust kgsh: long operator chains,
# 100,000-way UNIONs and || chains, huge basic graph patterns. Each gets an
# answer or a clear error, never a crash, with its time bounded by a
# generous `timeout` (a hang guard, not a speed test) and its memory by
# ulimit -v.
. tests/e2e/lib.sh

gen() { # NAME PYTHON-EXPR: writes the statement to $TMP/NAME.rq
  python3 -c "print($2)" >"$TMP/$1.rq"
}
run() { # NAME: kgsh on an empty store, in bounded time and memory
  kg_in /dev/null -q memory: -F tsv -f "$TMP/$1.rq"
}
if ! command -v python3 >/dev/null 2>&1; then
  echo "skip hostile: python3 generates the statements"
  finish
fi
# (AddressSanitizer maps terabytes of shadow memory: no -v limit for it)
case $KGSH in
  */asan/*) ;;
  *) ulimit -v 8000000 2>/dev/null || true ;;
esac
KGSH_REAL=$KGSH
KGSH="$TMP/bounded"
printf '#!/bin/sh\nexec timeout 120 "%s" "$@"\n' "$KGSH_REAL" >"$KGSH"
chmod +x "$KGSH"

gen plus "'SELECT (' + '+'.join(['1'] * 8000) + ' AS ?x) {}'"
run plus
check_rc "an 8,000-term 1+1+...: exit 0" 0
check_eq "an 8,000-term 1+1+...: the sum" "$(printf '?x\n8000')" "$(cat "$OUT")"

gen alt "'SELECT (1' + ''.join(['-1' if i % 2 else '+1' for i in range(3000)]) + ' AS ?x) {}'"
run alt
check_rc "3,000 alternating + and -: exit 1" 1
check_contains "3,000 alternating + and -: too deep, said so" \
  "expression nested too deeply (more than 1000 levels of operators and calls)" "$ERR"

gen union "'SELECT ?x {' + ' UNION '.join(['{ BIND(%d AS ?x) }' % i for i in range(100000)]) + '}'"
run union
check_rc "a 100,000-way UNION: exit 0" 0
check_eq "a 100,000-way UNION: every row, in order" "0 99999 100001" \
  "$(sed -n 2p "$OUT") $(tail -1 "$OUT") $(wc -l <"$OUT" | tr -d ' ')"

gen or "'SELECT * { BIND(7 AS ?x) FILTER(' + ' || '.join(['?x = %d' % i for i in range(100000)]) + ') }'"
run or
check_eq "a 100,000-term || chain" "$(printf '?x\n7')" "$(cat "$OUT")"

gen bgp "'SELECT * { ' + ' '.join(['?s <http://e/p%d> ?o%d .' % (i, i) for i in range(50000)]) + ' }'"
run bgp
check_rc "50,000 triple patterns: exit 0 (planned in n log n)" 0
check_eq "50,000 triple patterns: no rows on an empty store" 1 "$(wc -l <"$OUT" | tr -d ' ')"

gen filters "'SELECT * { ' + ' '.join(['?s <http://e/p%d> ?o%d . FILTER(?o%d != 1)' % (i, i, i) for i in range(20000)]) + ' }'"
run filters
check_rc "20,000 patterns with 20,000 FILTERs: exit 0" 0

# endless input: an error at the first NUL byte, not memory without end
kg -q memory: -f /dev/zero
check_rc "-f /dev/zero: exit 1" 1
check_contains "-f /dev/zero: not a text file, said with the place" \
  "/dev/zero:1: a NUL byte: this is not a text file" "$ERR"
kg -q memory: -l /dev/zero
check_rc "-l /dev/zero: exit 1" 1
check_contains "-l /dev/zero: not an RDF text file, said with the place" \
  "/dev/zero:1:1: a NUL byte: this is not an RDF text file" "$ERR"
printf '<http://e/a> <http://e/b> "c" .\n<http://e/a> <http://e/b> "d" \0.\n' >"$TMP/nul.nt"
kg -q memory: -l "$TMP/nul.nt" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_contains "a NUL byte in an N-Triples file: line and column" \
  "nul.nt:2:31: a NUL byte: this is not an RDF text file" "$ERR"
check_eq "a NUL byte in an N-Triples file: nothing of it loaded" "$(printf '?n\n0')" "$(cat "$OUT")"
# ... but one inside a string literal is a character (RDF 1.1; the W3C
# suites' literal_ascii_boundaries), in short and long strings
printf '<http://e/a> <http://e/b> "c\0" .\n<http://e/a> <http://e/b> """d\n\0""" .\n' >"$TMP/nulstr.ttl"
kg -q memory: -l "$TMP/nulstr.ttl" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(CONTAINS(?o, "\u0000")) }'
check_eq "a NUL byte in string literals: loaded" "$(printf '?n\n2')" "$(cat "$OUT")"
# the same character escaped, kept whole by every reader that can hold it
# and by INSERT DATA; RDF/XML cannot (XML 1.0 has no NUL): refused there
printf '<http://e/a> <http://e/b> "c\\u0000d" .\n' >"$TMP/nulesc.nt"
printf '{"@id": "http://e/a", "http://e/b": "c\\u0000d"}\n' >"$TMP/nulesc.jsonld"
for f in nulesc.nt nulesc.jsonld; do
  kg -q -F tsv memory: -l "$TMP/$f" -e 'SELECT (STRLEN(?o) AS ?n) { ?s ?p ?o }'
  check_eq "an escaped NUL in $f: the literal kept whole" "$(printf '?n\n3')" "$(cat "$OUT")"
done
kg -q -F tsv memory: -e 'INSERT DATA { <http://e/a> <http://e/b> "c\u0000d" }' \
  -e 'SELECT (STRLEN(?o) AS ?n) { ?s ?p ?o }'
check_eq "an escaped NUL in INSERT DATA: kept whole" "$(printf '?n\n3')" "$(cat "$OUT")"
printf '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://e/a"><b xmlns="http://e/">c&#0;d</b></rdf:Description></rdf:RDF>\n' >"$TMP/nul.rdf"
kg -q memory: -l "$TMP/nul.rdf"
check_rc "a NUL in RDF/XML: refused" 1
check_match "with its place" 'nul.rdf.*(invalid xmlChar|NUL)' "$ERR"

# errors of LOAD never echo what the file holds; -l (the user's own
# file) may quote the token at fault
printf 'secret:line <http://e/p> "one" .\n' >"$TMP/secret.ttl"
kg -q memory: -e "LOAD <file://$TMP/secret.ttl>"
check_rc "LOAD of a file that is no RDF: exit 1" 1
check_contains "LOAD of a file that is no RDF: the place" "secret.ttl:1:1:" "$ERR"
check_lacks "LOAD of a file that is no RDF: none of its text" "secret:line" "$ERR"
kg -q memory: -l "$TMP/secret.ttl"
check_contains "-l of the user's own file: the token quoted" '"secret:line"' "$ERR"

# limits: time and memory, on the article graph (built and used here
# under the address-space limit above: the store maps its files in
# smaller pieces when it must)
KGSH=$KGSH_REAL
A=$TMP/article.kg
make_store "$A"
n0=$(count_of "$A" '?s ?p ?o')
check_match "the store opens and answers under ulimit -v" '^[1-9][0-9]+$' "$(echo "$n0" >"$TMP/n0"; echo "$TMP/n0")"
kg "$A" -q --timeout 0.5 -F tsv -e 'SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
check_rc "--timeout: a statement past its time stops (exit 1)" 1
check_contains "--timeout: says so" "stopped after 0.5 s, its time limit (.timeout)" "$ERR"
kg "$A" -q -F tsv -e '.timeout 0.5' -e 'SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' -e 'SELECT (1 AS ?after) {}'
check_contains ".timeout: the same from the shell" "stopped after 0.5 s" "$ERR"
check_contains ".timeout: the shell goes on" "$(printf '?after\n1')" "$OUT"
kg "$A" -q --timeout 0.5 -e 'INSERT { ?a <http://example.org/x> ?c } WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } }'
check_rc "--timeout on an update: stopped (exit 1)" 1
check_eq "--timeout on an update: nothing changed" "$n0" "$(count_of "$A" '?s ?p ?o')"
kg "$A" -q --max-memory 50 -F tsv -e 'SELECT DISTINCT ?a ?d ?g { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
check_rc "--max-memory: a statement past its memory stops (exit 1)" 1
check_contains "--max-memory: says so" "intermediate results passed 50 MB, its memory limit" "$ERR"
kg "$A" -q -e '.limit memory 50' -e 'SELECT DISTINCT ?a ?d ?g { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
check_contains ".limit memory: the same from the shell" "passed 50 MB" "$ERR"
kg "$A" -q --timeout soon -e 'ASK {}'
check_rc "--timeout with no number: bad usage (exit 2)" 2

finish
