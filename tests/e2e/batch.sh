#!/bin/sh
# batch.sh - kgsh in batch use: every option, exit statuses, stdout and
# stderr kept apart, statements split across lines, prefixes, error
# places with carets, hints, and updates that persist.
# Usage (from the repository root): sh tests/e2e/batch.sh build/kgsh
. tests/e2e/lib.sh

S=$TMP/store.kg
make_store "$S"
VERSION=$(sed -n 's/^#define KG_VERSION "\(.*\)"/\1/p' graph/kg.h)
ESC=$(printf '\033')

cat >"$TMP/a.ttl" <<'EOF'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:a ex:q "x" .
EOF
cat >"$TMP/b.nt" <<'EOF'
<http://example.org/c> <http://example.org/p> "1" .
EOF

# ------------------------------------------------------------ -V and -h
kg -V
check_rc "-V: exit 0" 0
check_file "-V: prints the version" "kgsh $VERSION" "$OUT"
kg --version
check_file "--version: prints the version" "kgsh $VERSION" "$OUT"
kg -h
check_rc "-h: exit 0" 0
check_contains "-h: usage line" "Usage: kgsh [OPTIONS] [STORE]" "$OUT"
for o in -e -f -l -g -F -o -q --bail --readonly --timer -h -V; do
  check_match "-h: documents $o" "^ +(-[a-zA-Z], )?${o}[ ,]" "$OUT"
done
check_contains "-h: documents the exit statuses" "Exit status" "$OUT"
check_empty "-h: nothing on stderr" "$ERR"

# ------------------------------------------------------------------ -e
kg "$S" -e 'SELECT (1 AS ?x) {}' -e 'SELECT (2 AS ?y) {}' -e '.format csv' \
  -e 'SELECT (3 AS ?z) {}'
check_rc "-e repeated: exit 0" 0
check_eq "-e repeated: run in order" "$(printf '?x\n1\n?y\n2\nz\r\n3\r')" "$(cat "$OUT")"
check_empty "-e: nothing on stderr" "$ERR"
kg "$S" -e 'SELECT ?n WHERE { hz:Leapmotor schema:founder/rdfs:label ?n FILTER(lang(?n) = "zh") }'
check_file "-e: a query of the article store" "$(printf '?n\n"朱江明"@zh')" "$OUT"
# with -e, stdin is not read
echo 'SELECT (9 AS ?z) {}' >"$TMP/stdin.rq"
kg_in "$TMP/stdin.rq" "$S" -e 'SELECT (1 AS ?x) {}'
check_lacks "-e: stdin is not read" "?z" "$OUT"

# ------------------------------------------------------------------ -f
cat >"$TMP/two.rq" <<'EOF'
SELECT (1 AS ?x) {};
SELECT (2 AS ?y) {}
EOF
kg "$S" -f "$TMP/two.rq"
check_rc "-f FILE: exit 0" 0
check_file "-f FILE: runs every statement" "$(printf '?x\n1\n?y\n2')" "$OUT"
kg_in "$TMP/two.rq" "$S" -f -
check_file "-f -: reads stdin" "$(printf '?x\n1\n?y\n2')" "$OUT"
kg "$S" -f "$TMP/two.rq" -e 'SELECT (3 AS ?z) {}' -f "$TMP/two.rq"
check_file "-f and -e: in order" "$(printf '?x\n1\n?y\n2\n?z\n3\n?x\n1\n?y\n2')" "$OUT"
kg "$S" -f "$TMP/missing.rq"
check_rc "-f missing file: exit 1" 1
check_contains "-f missing file: named" "missing.rq" "$ERR"
kg "$S" -f "$TMP" -e 'SELECT (1 AS ?after) {}'
check_rc "-f a directory: exit 1" 1
check_contains "-f a directory: said" "cannot read $TMP: Is a directory" "$ERR"
check_contains "-f a directory: later statements run" "?after" "$OUT"

# stdin when it is not a terminal and there is no -e/-f
kg_in "$TMP/two.rq" "$S"
check_rc "stdin: exit 0" 0
check_file "stdin: statements run" "$(printf '?x\n1\n?y\n2')" "$OUT"
printf 'SELECT (COUNT(*) AS ?n) WHERE { ?s a hzo:Company }\n' >"$TMP/count.rq"
kg_in "$TMP/count.rq" "$S" -F csv
check_match "stdin: with -F" '^[0-9]+'"$(printf '\r')"'$' "$OUT"

# ---------------------------------------------------------- -l and -g
# a.ttl (2 statements) in the default graph; -g applies to every later -l
kg memory: -l "$TMP/a.ttl" -g http://example.org/g -l "$TMP/b.nt" \
  -l "$TMP/a.ttl" -g http://example.org/h -l "$TMP/b.nt" -e '.union off' \
  -e 'SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g ORDER BY ?g'
check_rc "-l -g: exit 0" 0
check_eq "-l -g: each -l goes to the graph of the -g before it" \
  "$(printf '?g\t?n\n\t2\n<http://example.org/g>\t3\n<http://example.org/h>\t1')" \
  "$(cat "$OUT")"
check_contains "-l: says what it loaded (stderr)" "loaded 2 statements" "$ERR"
check_lacks "-l: nothing about loading on stdout" "loaded" "$OUT"
kg memory: -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -l "$TMP/a.ttl" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_file "-l and -e: in command-line order" "$(printf '?n\n0\n?n\n2')" "$OUT"
kg memory: -l "$TMP/missing.ttl" -e 'SELECT (1 AS ?x) {}'
check_rc "-l missing file: exit 1" 1
check_contains "-l missing file: named on stderr" "missing.ttl" "$ERR"
check_contains "-l missing file: later statements still run" "?x" "$OUT"
printf '@prefix ex: <http://example.org/> .\nex:a ex:p .\n' >"$TMP/bad.ttl"
kg memory: -l "$TMP/bad.ttl" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_rc "-l bad Turtle: exit 1" 1
check_match "-l bad Turtle: file and line" "bad.ttl:2" "$ERR"

# ------------------------------------------------------------------ -F
Q='SELECT ?n WHERE { hz:Leapmotor schema:founder/rdfs:label ?n } ORDER BY ?n'
kg "$S" -F table -e "$Q"
check_contains "-F table: box drawing" "┌" "$OUT"
check_contains "-F table: header" "│ ?n" "$OUT"
check_contains "-F table: Chinese cell" "│ 朱江明@zh" "$OUT"
kg "$S" -F csv -e "$Q"
check_eq "-F csv" "$(printf 'n\r\nZhu Jiangming\r\n朱江明\r\n.')" "$(cat "$OUT"; echo .)"
kg "$S" -F tsv -e "$Q"
check_file "-F tsv" "$(printf '?n\n"Zhu Jiangming"@en\n"朱江明"@zh')" "$OUT"
kg "$S" -F json -e "$Q"
check_contains "-F json: head" '"vars"' "$OUT"
check_contains "-F json: a binding" '"xml:lang"' "$OUT"
kg "$S" -F xml -e "$Q"
check_contains "-F xml: namespace" 'xmlns="http://www.w3.org/2005/sparql-results#"' "$OUT"
check_contains "-F xml: a binding" '<literal xml:lang="zh">朱江明</literal>' "$OUT"
kg "$S" -F markdown -e "$Q"
check_eq "-F markdown: header" "| n |" "$(sed -n 1p "$OUT" | tr -s ' ')"
check_contains "-F markdown: a row" "朱江明" "$OUT"
C='CONSTRUCT { hz:Leapmotor schema:founder ?f . ?f rdfs:label ?n } WHERE { hz:Leapmotor schema:founder ?f . ?f rdfs:label ?n }'
kg "$S" -F turtle -e "$C"
check_contains "-F turtle: prefixes" "@prefix" "$OUT"
check_contains "-F turtle: a literal" '"朱江明"@zh' "$OUT"
kg "$S" -F ntriples -e "$C"
check_contains "-F ntriples" '<https://kgsh.dev/id/hz/Leapmotor> <http://schema.org/founder> <https://kgsh.dev/id/hz/ZhuJiangming> .' "$OUT"
check_eq "-F ntriples: three lines" 3 "$(grep -c . "$OUT")"
kg "$S" -F nquads -e "$C"
check_eq "-F nquads: three lines" 3 "$(grep -c ' \.$' "$OUT")"
kg "$S" -F trig -e "$C"
check_contains "-F trig" "hz:ZhuJiangming" "$OUT"
kg "$S" -F rdfxml -e "$C"
check_contains "-F rdfxml" "<rdf:RDF" "$OUT"
kg "$S" -F bogus -e "$Q"
check_rc "-F unknown: exit 2" 2
check_contains "-F unknown: said" "unknown format 'bogus'" "$ERR"
check_empty "-F unknown: stdout empty" "$OUT"

# ------------------------------------------------------------------ -o
kg "$S" -o "$TMP/out.tsv" -e "$Q"
check_rc "-o: exit 0" 0
check_empty "-o: stdout empty" "$OUT"
check_file "-o: results in the file" "$(printf '?n\n"Zhu Jiangming"@en\n"朱江明"@zh')" "$TMP/out.tsv"
kg "$S" -o "$TMP/no/such/dir/out" -e "$Q"
check_rc "-o unwritable: exit 2" 2
check_contains "-o unwritable: named" "no/such/dir/out" "$ERR"

# ------------------------------------------------------------------ -q
kg memory: -l "$TMP/a.ttl" -e 'SELECT (1 AS ?x) {}'
check_contains "without -q: informational message" "loaded" "$ERR"
kg memory: -q -l "$TMP/a.ttl" -e 'SELECT (1 AS ?x) {}'
check_empty "-q: no informational messages" "$ERR"
check_contains "-q: results still shown" "?x" "$OUT"
kg memory: -q -l "$TMP/missing.ttl"
check_contains "-q: errors still shown" "missing.ttl" "$ERR"

# -------------------------------------------------------------- --bail
kg "$S" -e 'SELEC ?x' -e 'SELECT (1 AS ?after) {}'
check_rc "no --bail: exit 1" 1
check_contains "no --bail: later statements run" "?after" "$OUT"
kg "$S" --bail -e 'SELEC ?x' -e 'SELECT (1 AS ?after) {}'
check_rc "--bail: exit 1" 1
check_empty "--bail: later -e do not run" "$OUT"
printf 'SELECT (1 AS ?before) {};\nSELECT ?x WHERE { ?x ?y };\nSELECT (1 AS ?after) {};\n' >"$TMP/bail.rq"
kg "$S" --bail -f "$TMP/bail.rq" -e 'SELECT (1 AS ?later) {}'
check_contains "--bail -f: statements before run" "?before" "$OUT"
check_lacks "--bail -f: statements after do not" "?after" "$OUT"
check_lacks "--bail -f: later -e do not" "?later" "$OUT"
kg_in "$TMP/bail.rq" "$S" --bail
check_lacks "--bail stdin: stops" "?after" "$OUT"
kg "$S" --bail -l "$TMP/missing.ttl" -e 'SELECT (1 AS ?after) {}'
check_rc "--bail -l: exit 1" 1
check_empty "--bail -l: a failed load stops" "$OUT"
kg "$S" --bail -e '.nosuchcommand' -e 'SELECT (1 AS ?after) {}'
check_empty "--bail: a failed dot-command stops" "$OUT"

# ---------------------------------------------------------- --readonly
before=$(count_of "$S" '?s ?p ?o')
kg "$S" --readonly -e 'INSERT DATA { hz:ReadonlyTest rdfs:label "x" }'
check_rc "--readonly: an update fails (exit 1)" 1
check_contains "--readonly: says why" "read-only" "$ERR"
kg "$S" --readonly -l "$TMP/a.ttl"
check_rc "--readonly: a load fails" 1
kg "$S" --readonly -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
check_rc "--readonly: queries run" 0
check_eq "--readonly: store unchanged" "$before" "$(value)"

# ------------------------------------------------------------- --timer
kg "$S" -e "$Q"
cp "$OUT" "$TMP/plain.out"
kg "$S" --timer -e "$Q" -e '.stats'
check_contains "--timer: time on stderr" "Run time:" "$ERR"
check_eq "--timer: two timings (query and command)" 2 "$(grep -c 'Run time:' "$ERR")"
check_lacks "--timer: nothing on stdout" "Run time" "$OUT"
check_eq "--timer: results unchanged" "$(cat "$TMP/plain.out")" "$(head -3 "$OUT")"

# ------------------------------------------------------- exit status 2
kg --bogus-option "$S"
check_rc "unknown option: exit 2" 2
check_contains "unknown option: said on stderr" "bogus-option" "$ERR"
check_empty "unknown option: stdout empty" "$OUT"
kg "$S" "$TMP/other.kg" -e 'ASK {}'
check_rc "two stores: exit 2" 2
check_contains "two stores: said" "one STORE at most" "$ERR"
kg "$TMP/a.ttl" -e 'ASK {}'
check_rc "a regular file as store: exit 2" 2
check_contains "a regular file as store: said" "a.ttl" "$ERR"
mkdir -p "$TMP/notastore"
echo hello >"$TMP/notastore/file.txt"
kg "$TMP/notastore" -e 'ASK {}'
check_rc "a non-empty non-store directory: exit 2" 2
check_contains "a non-empty non-store directory: said" "not a kgsh store" "$ERR"
check_eq "a non-empty non-store directory: left alone" "file.txt" "$(ls "$TMP/notastore")"
kg "$TMP/newstore.kg" -e 'ASK {}'
check_rc "a missing directory: created" 0
check_cmd "a missing directory: is a store now" test -f "$TMP/newstore.kg/kgsh.manifest"
kg -e 'ASK {}' -q "$S" -e
check_rc "-e without its argument: exit 2" 2

# ------------------------------------------------------- exit status 1
kg "$S" -e 'SELECT ?x WHERE { ?x ?y }'
check_rc "syntax error: exit 1" 1
check_empty "syntax error: stdout empty" "$OUT"
check_match "syntax error: on stderr" '^Error: syntax error' "$ERR"
kg "$S" -e 'SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }'
check_rc "evaluation error (SERVICE refused): exit 1" 1
check_match "evaluation error: on stderr" '^Error: .*SERVICE' "$ERR"
kg "$S" -e 'LOAD <file:///nonexistent/kgsh-e2e.ttl>'
check_rc "evaluation error (LOAD a missing file): exit 1" 1
kg "$S" -e 'SELECT (1 AS ?x) {}' -e 'SELECT (2 AS ?y) {}'
check_rc "all statements ok: exit 0" 0

# ------------------------------------------------------ a clean stdout
printf 'SELECT (1 AS ?x) {};\nSELEC;\n.stats\nASK { ?s a hzo:Company }\n' >"$TMP/mixed.rq"
kg_in "$TMP/mixed.rq" "$S"
check_lacks "batch: no prompt" "kgsh>" "$OUT"
check_lacks "batch: no continuation prompt" "...>" "$OUT"
check_lacks "batch: no banner" "kgsh $VERSION" "$OUT"
check_lacks "batch: no colour codes on stdout" "$ESC" "$OUT"
check_lacks "batch: no colour codes on stderr" "$ESC" "$ERR"
check_lacks "batch: errors not on stdout" "Error" "$OUT"
check_contains "batch: errors on stderr" "Error" "$ERR"

# ------------------------------------------- statements over several lines
cat >"$TMP/multi.rq" <<'EOF'
# a comment line; with a ';' that ends nothing
PREFIX ex: <http://example.org/ns#>
PREFIX ex2: <http://example.org/two;#/>

INSERT DATA {
  ex:s ex:semi "a;b" ;
       ex:hash "c#d" ;
       ex:brace "{e" ;
       ex:quote 'single;quoted' ;
       ex:iri <http://example.org/x;y#z> ;
       ex:long """long;
# not a comment

{ still the string""" .
  ex2:s ex2:p ex2:o
}

PREFIX ex: <http://example.org/ns#>
SELECT (COUNT(*) AS ?n) WHERE {
  ?s ?p ?o ;
     ?p ?o .
  FILTER(STRSTARTS(STR(?s), "http://example.org/ns#"))
}

SELECT ?o WHERE { <http://example.org/ns#s> <http://example.org/ns#long> ?o } ;
SELECT ?o WHERE { <http://example.org/two;#/s> ?p ?o }
EOF
kg "$TMP/multi.kg" -f "$TMP/multi.rq"
check_rc "multi-line file: exit 0" 0
check_empty "multi-line file: no errors" "$ERR"
check_file "multi-line file: ';' inside { } and strings/IRIs do not end a statement; the PREFIX block does not run alone" \
  "$(printf '?n\n6\n?o\n"long;\\n# not a comment\\n\\n{ still the string"\n?o\n<http://example.org/two;#/o>')" "$OUT"
printf 'SELECT (1 AS ?x) {}\n\n\nSELECT (2 AS ?y)\n{\n}\n' >"$TMP/blank.rq"
kg "$S" -f "$TMP/blank.rq"
check_file "an empty line ends a balanced statement" "$(printf '?x\n1\n?y\n2')" "$OUT"
printf 'SELECT ?s WHERE {\n\n  ?s a hzo:Company\n\n} LIMIT 1\n' >"$TMP/inner.rq"
kg "$S" -f "$TMP/inner.rq"
check_rc "an empty line inside { } does not end it" 0
check_eq "an empty line inside { }: one row" 2 "$(wc -l <"$OUT" | tr -d ' ')"
printf 'SELECT (1 AS ?x) {}\n.format csv\nSELECT (2 AS ?y) {}\n' >"$TMP/cmd.rq"
kg "$S" -f "$TMP/cmd.rq"
check_rc "a dot-command after a statement without ';'" 0
check_eq "a dot-command after a statement: both run, in order" "$(printf '?x\n1\ny\r\n2\r')" "$(cat "$OUT")"
printf 'SELECT (1 AS ?x) {}; # the end; really\nSELECT ?s WHERE {\n  ?s ?p "a;b" } ; # comment\n' >"$TMP/comment.rq"
kg "$S" -f "$TMP/comment.rq"
check_rc "a ';' then a comment ends a statement" 0
check_file "a ';' then a comment: both statements run" "$(printf '?x\n1\n?s')" "$OUT"
printf 'SELECT (1 AS ?x) {}\r\n;\r\nASK {}\r\n' >"$TMP/crlf.rq"
kg "$S" -f "$TMP/crlf.rq"
check_rc "CRLF line ends" 0

# ------------------------------------------------------------ prefixes
kg "$S" -e 'SELECT ?c WHERE { hz:Leapmotor a ?c FILTER(?c = hzo:Company) }'
check_file "store prefixes are declared" "$(printf '?c\n<https://kgsh.dev/ontology/hz#Company>')" "$OUT"
kg "$S" -e 'PREFIX hz: <http://example.org/other/> SELECT (hz:Leapmotor AS ?v) {}'
check_file "a query's own PREFIX wins" "$(printf '?v\n<http://example.org/other/Leapmotor>')" "$OUT"
kg "$S" -e 'PREFIX hz: <https://kgsh.dev/id/hz/> PREFIX hz: <https://kgsh.dev/id/hz/> SELECT (COUNT(*) AS ?n) WHERE { hz:Leapmotor rdfs:label ?l }'
check_rc "a prefix declared twice is not an error" 0
check_eq "a prefix declared twice: the query runs" 2 "$(value)"

# ------------------------------------------------- error places (caret)
# check_caret NAME SOURCE-LINE TEXT-BEFORE-THE-ERROR: stderr shows the
# line and, under it, '^' at the display column of the error
check_caret() {
  _line=$(grep -F -- "| $2" "$ERR" | head -1)
  _caret=$(awk -v s="| $2" 'f { print; exit } index($0, s) { f = 1 }' "$ERR")
  _w=$(printf '%s' "$3" | wc -L)
  _want=$(printf '        | %*s^' "$_w" '')
  if [ -z "$_line" ]; then
    fail "$1" "expected the line '$2' on stderr got '$(_short "$(cat "$ERR")")'"
  else
    check_eq "$1" "$_want" "$_caret"
  fi
}
kg "$S" -e 'SELECT ?x WHERE { ?x ?y }'
check_contains "caret: line and column" "at line 1, column 25" "$ERR"
check_caret "caret: under the error" 'SELECT ?x WHERE { ?x ?y }' 'SELECT ?x WHERE { ?x ?y '
cat >"$TMP/err3.rq" <<'EOF'
SELECT (1 AS ?first) {};
SELECT ?s
WHERE { ?s rdfs:label ?l .
  FILTER(?l = "零跑科技"@zh) ?x ?y }
EOF
kg "$S" -f "$TMP/err3.rq"
check_contains "caret: the 3rd line of a statement, counted in the file" "at line 4, column 32" "$ERR"
check_caret "caret: 3rd line, after a Chinese literal (display width)" \
  '  FILTER(?l = "零跑科技"@zh) ?x ?y }' '  FILTER(?l = "零跑科技"@zh) ?x ?y '
kg "$S" -e 'SELECT ?s WHERE { ?s rdfs:label "浙江零跑科技股份有限公司"@zh . ?s foo:bar ?x }'
check_caret "caret: after a long Chinese literal on one line" \
  'SELECT ?s WHERE { ?s rdfs:label "浙江零跑科技股份有限公司"@zh . ?s foo:bar ?x }' \
  'SELECT ?s WHERE { ?s rdfs:label "浙江零跑科技股份有限公司"@zh . ?s '

# ---------------------------------------------------------------- hints
check_contains "hint: undeclared prefix" "undeclared prefix 'foo:'" "$ERR"
check_contains "hint: how to declare it" "PREFIX foo:" "$ERR"
cat >"$TMP/hints.rq" <<'EOF'
SELECT ?s WHERE { ?s rdfs:label ?l FILTER(STRLENN(?l) > 3) };
SELECT ?s WHERE { ?s rdfs:label ?l FILTER(contians(?l, "x")) };
SELCT * WHERE { ?s ?p ?o };
EOF
kg "$S" -f "$TMP/hints.rq"
check_contains "hint: did you mean a function" "did you mean STRLEN?" "$ERR"
check_contains "hint: did you mean, case-insensitive" "did you mean CONTAINS?" "$ERR"
check_contains "hint: did you mean a keyword" "did you mean SELECT?" "$ERR"
check_contains "hint: the place of each error (file lines)" "at line 3, column 1" "$ERR"

# ------------------------------------------------- updates that persist
U=$TMP/update.kg
make_store "$U"
n0=$(count_of "$U" '?s ?p ?o')
kg "$U" -e 'INSERT DATA { GRAPH hzg:test { hz:E2eThing a hzo:Company ; rdfs:label "测试公司"@zh } }'
check_rc "INSERT DATA: exit 0" 0
check_empty "INSERT DATA: nothing on stdout in batch" "$OUT"
check_eq "INSERT DATA: persists across runs" "$((n0 + 2))" "$(count_of "$U" '?s ?p ?o')"
kg "$U" -F csv -e 'SELECT ?l WHERE { hz:E2eThing rdfs:label ?l }'
check_eq "INSERT DATA: the new label" "$(printf 'l\r\n测试公司\r')" "$(cat "$OUT")"
kg "$U" -e 'DELETE WHERE { GRAPH ?g { hz:E2eThing ?p ?o } }'
check_rc "DELETE WHERE: exit 0" 0
check_eq "DELETE WHERE: persists across runs" "$n0" "$(count_of "$U" '?s ?p ?o')"
kg "$U" -e 'DELETE WHERE { GRAPH ?g { hz:Leapmotor schema:founder ?f } }' -e 'SELEC'
check_eq "a later failed statement keeps an earlier update" "$((n0 - 1))" "$(count_of "$U" '?s ?p ?o')"
kg "$U" -e 'INSERT DATA { hz:x hz:y hz:z } ; SELEC'
check_eq "a failed statement changes nothing" "$((n0 - 1))" "$(count_of "$U" '?s ?p ?o')"

finish
