#!/bin/sh
# commands.sh - every dot-command of kgsh, run in batch (-e), and its
# .help entry.
# Usage (from the repository root): sh tests/e2e/commands.sh build/kgsh
. tests/e2e/lib.sh "$@"

S=$TMP/store.kg
make_store "$S"
cd "$TMP" || exit 2   # relative file names below are in the temp dir

cat >"$TMP/a.ttl" <<'EOF'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:a ex:q "x" .
EOF

# statements (all graphs, as stored) in a store
statements() { "$KGSH" -q "$1" -e .stats </dev/null 2>/dev/null | sed -n 's/^statements *//p'; }

# ---------------------------------------------------------------- .help
kg "$S" -e .help
check_rc ".help: exit 0" 0
commands=$(sed -n 's/^\.\([a-z]*\).*/\1/p' "$OUT")
for c in help load export format output read prefix prefixes graphs stats \
  describe find timer width maxrows lang open union explain begin commit \
  rollback history quit exit; do
  if printf '%s\n' "$commands" | grep -qx "$c"; then ok ".help lists .$c"; else
    fail ".help lists .$c" "expected .$c in the list got '$(_short "$commands")'"
  fi
done
check_contains ".help: says how SPARQL statements end" "ends with ';'" "$OUT"
# one kgsh for all the .help CMD
: >"$TMP/help.kgsh"
for c in $commands; do echo ".help $c" >>"$TMP/help.kgsh"; done
kg "$S" -f "$TMP/help.kgsh"
check_rc ".help CMD for every command: exit 0" 0
for c in $commands; do
  check_match ".help $c: usage" "^\\.$c( |\$)" "$OUT"
done
check_eq ".help CMD: a usage line and a help line each" \
  "$(($(printf '%s\n' "$commands" | wc -l) * 2))" "$(wc -l <"$OUT" | tr -d ' ')"
kg "$S" -e '.help .load'
check_contains ".help .load (with the dot)" ".load FILE" "$OUT"
kg "$S" -e '.help nosuch'
check_rc ".help nosuch: exit 1" 1
check_contains ".help nosuch: said" "no command .nosuch" "$ERR"

# ---------------------------------------------------------------- .load
L=$TMP/load.kg
kg "$L" -e ".load $TMP/a.ttl" -e ".load a.ttl http://example.org/g" \
  -e '.load a.ttl <http://example.org/h>' -e '.union off' \
  -e 'SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g ORDER BY ?g'
check_rc ".load: exit 0" 0
check_file ".load FILE [GRAPH]: default graph and named graphs" \
  "$(printf '?g\t?n\n\t2\n<http://example.org/g>\t2\n<http://example.org/h>\t2')" "$OUT"
check_contains ".load: reports what it read" "loaded 2 statements (2 new)" "$ERR"
make_store "$TMP/load2.kg"
kg "$TMP/load2.kg" -e '.load a.ttl hzg:e2e' -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://kgsh.dev/id/hz/graph/e2e> { ?s ?p ?o } }'
check_eq ".load FILE prefix:name: the graph's prefix expanded" 2 "$(value)"
kg "$L" -e '.load nosuch-file.ttl' -e 'SELECT (1 AS ?after) {}'
check_rc ".load missing file: exit 1" 1
check_match ".load missing file: clear error naming it" '^Error: .*nosuch-file\.ttl.*(No such file|not found|cannot)' "$ERR"
check_contains ".load missing file: later statements run" "?after" "$OUT"
kg "$L" -e '.load'
check_rc ".load without a file: exit 1" 1
check_contains ".load without a file: usage" "usage: .load" "$ERR"

# -------------------------------------------------------------- .export
n_all=$(statements "$S")
n_triples=$(count_of "$S" '?s ?p ?o')
for f in turtle ntriples nquads trig rdfxml json; do
  kg "$S" -e ".export $TMP/all.$f $f"
  check_rc ".export FILE $f: exit 0" 0
  rm -rf "$TMP/re.kg"
  case $f in
    ntriples | nquads) known_bug "raptor's N-Triples parser leaks a datatype URI per datatype (graph/load.c)" ;;
  esac
  kg "$TMP/re.kg" -q -l "$TMP/all.$f"
  case $f in
    nquads | trig) want=$n_all ;;   # every graph kept
    *) want=$n_triples ;;           # triples: the union of the graphs
  esac
  check_eq ".export $f: loads back with the same statement count" "$want" "$(statements "$TMP/re.kg")"
done
known_bug "raptor's dot serializer leaks its namespaces (graph/rdfwrite.c)"
kg "$S" -e ".export $TMP/all.dot dot"
check_contains ".export dot: a GraphViz graph" "digraph" "$TMP/all.dot"
kg "$S" -e ".export $TMP/by-name.nt"
check_eq ".export FILE.nt: format from the file name" "$n_triples" "$(sort -u "$TMP/by-name.nt" | grep -c ' \.$')"
kg "$S" -e '.export - nquads'
check_rc ".export -: exit 0" 0
check_eq ".export -: to stdout" "$n_all" "$(grep -c ' \.$' "$OUT")"
kg "$S" -e '.export - ntriples https://kgsh.dev/id/hz/graph/photos'
photos=$(count_of "$S" 'GRAPH hzg:photos { ?s ?p ?o }')
check_eq ".export - FORMAT GRAPH: one graph" "$photos" "$(grep -c ' \.$' "$OUT")"
kg "$S" -e '.export - ntriples hzg:photos'
check_eq ".export GRAPH as prefix:name" "$photos" "$(grep -c ' \.$' "$OUT")"
kg "$S" -e '.export - ntriples default'
check_eq ".export default graph (empty in the article store)" 0 "$(grep -c ' \.$' "$OUT")"
kg "$S" -e ".export $TMP/x.out bogus"
check_rc ".export unknown format: exit 1" 1
check_contains ".export unknown format: said" "unknown format 'bogus'" "$ERR"
kg "$S" -e '.export - turtle http://example.org/no-such-graph'
check_rc ".export a missing graph: exit 1" 1
check_contains ".export a missing graph: said" "no-such-graph" "$ERR"
kg "$S" -e ".export $TMP/no/such/dir/x.ttl"
check_rc ".export to an unwritable file: exit 1" 1

# -------------------------------------------------------------- .format
kg "$S" -e .format -e '.format csv' -e .format -e 'SELECT (1 AS ?x) {}' \
  -e '.format json' -e '.format ntriples' -e .format \
  -e 'CONSTRUCT { hz:a hz:b 1 } WHERE {}' -e 'SELECT (2 AS ?y) {}'
check_rc ".format: exit 0" 0
check_eq ".format: shows and sets" "$(printf 'tsv (graphs: turtle)\ncsv (graphs: turtle)\nx\r\n1\r\njson (graphs: ntriples)')" "$(head -5 "$OUT")"
check_contains ".format ntriples: CONSTRUCT as N-Triples" '<https://kgsh.dev/id/hz/a> <https://kgsh.dev/id/hz/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .' "$OUT"
check_contains ".format json kept for SELECT" '"vars"' "$OUT"
for f in table csv tsv json xml markdown turtle ntriples nquads trig rdfxml; do
  kg "$S" -e ".format $f" -e .format
  check_match ".format $f" "(^$f |graphs: $f\\))" "$OUT"
done
kg "$S" -e '.format bogus'
check_rc ".format unknown: exit 1" 1
check_contains ".format unknown: said" "unknown format 'bogus'" "$ERR"
check_contains ".format unknown: lists the formats" "markdown" "$ERR"

# -------------------------------------------------------------- .output
kg "$S" -e '.output out1.tsv' -e 'SELECT (1 AS ?x) {}' -e '.output stdout' \
  -e 'SELECT (2 AS ?y) {}' -e ".output $TMP/out2.tsv" -e 'SELECT (3 AS ?z) {}' \
  -e '.output' -e 'SELECT (4 AS ?w) {}'
check_rc ".output: exit 0" 0
check_file ".output FILE: results in the file" "$(printf '?x\n1')" "$TMP/out1.tsv"
check_file ".output stdout (and no argument): back to stdout" "$(printf '?y\n2\n?w\n4')" "$OUT"
check_file ".output another file" "$(printf '?z\n3')" "$TMP/out2.tsv"
kg "$S" -e '.output no/such/dir/x' -e 'SELECT (1 AS ?x) {}'
check_rc ".output unwritable: exit 1" 1
check_contains ".output unwritable: results stay on stdout" "?x" "$OUT"

# ---------------------------------------------------------------- .read
printf 'SELECT (1 AS ?outer) {};\n.read inner.kgsh\nSELECT (3 AS ?after) {}\n' >"$TMP/outer.kgsh"
printf 'SELECT (2 AS ?inner)\n{}\n\n.format csv\n' >"$TMP/inner.kgsh"
kg "$S" -e '.read outer.kgsh' -e 'SELECT (4 AS ?last) {}'
check_rc ".read nested: exit 0" 0
check_eq ".read nested: in order, settings carry over" \
  "$(printf '?outer\n1\n?inner\n2\nafter\r\n3\r\nlast\r\n4\r')" "$(cat "$OUT")"
printf 'SELEC;\nSELECT (1 AS ?x) {}\n' >"$TMP/bad.kgsh"
kg "$S" -e '.read bad.kgsh'
check_rc ".read a file with an error: exit 1" 1
check_contains ".read: the rest of the file runs" "?x" "$OUT"
kg "$S" -e '.read nosuch.kgsh'
check_rc ".read missing file: exit 1" 1
check_contains ".read missing file: named" "nosuch.kgsh" "$ERR"
echo '.read self.kgsh' >"$TMP/self.kgsh"
kg "$S" -e '.read self.kgsh'
check_rc ".read itself: stops (exit 1)" 1
check_contains ".read itself: said" "nests too deeply" "$ERR"

# -------------------------------------------------------------- .prefix
P=$TMP/prefix.kg
make_store "$P"
kg "$P" -e '.prefix e2e http://example.org/e2e#'
check_rc ".prefix NAME IRI: exit 0" 0
kg "$P" -e '.prefix e2e' -e 'SELECT (e2e:thing AS ?v) {}' -F csv
check_eq ".prefix NAME IRI: persists across runs" "$(printf 'e2e: <http://example.org/e2e#>\nv\r\nhttp://example.org/e2e#thing\r')" "$(cat "$OUT")"
kg "$P" -e '.prefix e2e: <http://example.org/other#>' -e '.prefix e2e'
check_file ".prefix NAME: <IRI> replaces" "e2e: <http://example.org/other#>" "$OUT"
kg "$P" -e .prefix
check_contains ".prefix: lists" "e2e: <http://example.org/other#>" "$OUT"
check_contains ".prefix: lists the store's" "hz: <https://kgsh.dev/id/hz/>" "$OUT"
kg "$P" -e .prefixes
check_contains ".prefixes: lists" "hzo: <https://kgsh.dev/ontology/hz#>" "$OUT"
check_contains ".prefixes: with the new one" "e2e: <http://example.org/other#>" "$OUT"
kg "$P" -F table -e 'SELECT (e2e:x AS ?v) {}'
check_contains ".prefix: used to shorten IRIs in tables" "e2e:x" "$OUT"
kg "$P" -e '.prefix -d e2e'
check_rc ".prefix -d NAME: exit 0" 0
kg "$P" -e '.prefix e2e'
check_rc ".prefix -d: gone in the next run" 1
check_contains ".prefix unknown: said" "no prefix 'e2e:'" "$ERR"
kg "$P" -e 'SELECT (e2e:x AS ?v) {}'
check_contains ".prefix -d: no longer declared" "undeclared prefix 'e2e:'" "$ERR"
kg "$P" -e '.prefix -d nosuch'
check_rc ".prefix -d unknown: exit 1" 1

# --------------------------------------------------------------- .graphs
kg "$S" -e .graphs
check_rc ".graphs: exit 0" 0
check_contains ".graphs: a named graph with its size" "$(printf '<https://kgsh.dev/id/hz/graph/photos>\t%s' "$photos")" "$OUT"
check_eq ".graphs: every graph, the default first" 12 "$(wc -l <"$OUT" | tr -d ' ')"
check_eq ".graphs: sizes add up" "$n_all" "$(sed 1d "$OUT" | awk -F '\t' '{ n += $2 } END { print n }')"

# ---------------------------------------------------------------- .stats
kg "$S" -e .stats
check_rc ".stats: exit 0" 0
check_contains ".stats: statements" "statements  $n_all" "$OUT"
check_match ".stats: graphs" "^graphs +11$" "$OUT"
check_contains ".stats: top predicates" "top predicates" "$OUT"
check_eq ".stats: rdfs:label the most used" "rdfs:label" "$(sed -n '/^top predicates/{n;p;}' "$OUT" | awk '{ print $2 }')"
check_contains ".stats: top classes" "top classes" "$OUT"

# ------------------------------------------------------------- .describe
check_describe() { # NAME ARG
  kg "$S" -e ".describe $2"
  check_rc "$1: exit 0" 0
  check_contains "$1: the entity" "<https://kgsh.dev/id/hz/Leapmotor>" "$OUT"
  check_match "$1: outgoing statements" "^outgoing \\([0-9]+\\)" "$OUT"
  check_match "$1: founder with its label" "│ schema:founder +│ hz:ZhuJiangming +│ Zhu Jiangming@en" "$OUT"
  check_match "$1: incoming statements" "^incoming \\([0-9]+\\)" "$OUT"
  check_match "$1: an incoming statement with the subject's label" "hz:StellantisLeapmotorInvestment +│ Stellantis equity investment in Leapmotor@en +│ hzo:investee" "$OUT"
}
check_describe ".describe <IRI>" '<https://kgsh.dev/id/hz/Leapmotor>'
check_describe ".describe prefix:name" 'hz:Leapmotor'
check_describe ".describe a Chinese label" '零跑科技'
check_describe ".describe an English label" 'Leapmotor'
check_eq ".describe: one row per statement (not per label)" 1 "$(grep -c 'schema:founder' "$OUT")"
out_n=$(sed -n 's/^outgoing (\([0-9]*\))$/\1/p' "$OUT")
kg "$S" -e 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?o WHERE { hz:Leapmotor ?p ?o } }'
check_eq ".describe: outgoing count is the distinct statements" "$(value)" "$out_n"
kg "$S" -e '.describe Zhu Jiangming'
check_contains ".describe a label of two words" "<https://kgsh.dev/id/hz/ZhuJiangming>" "$OUT"
kg "$S" -e '.describe "Zhu Jiangming"'
check_contains ".describe a quoted label" "<https://kgsh.dev/id/hz/ZhuJiangming>" "$OUT"
kg "$S" -e '.lang zh,en' -e '.describe hz:Leapmotor'
check_match ".lang zh,en: labels in Chinese first" "│ schema:founder +│ hz:ZhuJiangming +│ 朱江明@zh" "$OUT"
kg "$S" -e '.describe no such thing anywhere'
check_rc ".describe unknown: exit 1" 1
check_contains ".describe unknown: said" "nothing is called 'no such thing anywhere'" "$ERR"

# ----------------------------------------------------------------- .lang
kg "$S" -e .lang -e '.lang zh,en' -e .lang
check_file ".lang: shows and sets" "$(printf 'en,zh\nzh,en')" "$OUT"
kg "$S" -e '.lang "zh;en"'
check_rc ".lang bad tags: exit 1" 1

# ----------------------------------------------------------------- .find
kg "$S" -e '.find hz:Leapmotor schema:founder _'
check_rc ".find S P _: exit 0" 0
check_file ".find S P _: the statement with its graph" \
  "$(printf '?subject\t?predicate\t?object\t?graph\n<https://kgsh.dev/id/hz/Leapmotor>\t<http://schema.org/founder>\t<https://kgsh.dev/id/hz/ZhuJiangming>\t<https://kgsh.dev/id/hz/graph/frontier>')" "$OUT"
kg "$S" -e '.find _ schema:founder _'
check_eq ".find _ P _: every founder statement" "$(count_of "$S" 'GRAPH ?g { ?s schema:founder ?o }')" "$(($(wc -l <"$OUT") - 1))"
kg "$S" -e '.find _ _ _ hzg:photos'
check_eq ".find _ _ _ G: one graph" "$photos" "$(($(wc -l <"$OUT") - 1))"
kg "$S" -e '.find _ rdfs:label "零跑科技"@zh'
check_contains ".find with a literal" "<https://kgsh.dev/id/hz/Leapmotor>" "$OUT"
kg "$S" -e ".find _ rdfs:label 'Zhu Jiangming'@en _"
check_contains ".find with a single-quoted literal" "<https://kgsh.dev/id/hz/ZhuJiangming>" "$OUT"
kg "$S" -e '.find _ _ _ <http://example.org/no-such-graph>'
check_eq ".find: nothing matches" 1 "$(wc -l <"$OUT" | tr -d ' ')"
kg "$S" -e '.find foo bar baz'
check_rc ".find a bad term: exit 1" 1
check_contains ".find a bad term: said" "'foo' is not a term" "$ERR"
kg "$S" -e '.find _ _'
check_rc ".find too few: exit 1" 1
check_contains ".find too few: usage" "usage: .find S P O [G]" "$ERR"

# ----------------------------------------------------------------- .timer
kg "$S" -e '.timer on' -e 'SELECT (1 AS ?x) {}' -e '.timer off' -e 'SELECT (2 AS ?y) {}'
check_rc ".timer: exit 0" 0
check_eq ".timer on|off: a time for each statement while on" 2 "$(grep -c '^Run time: ' "$ERR")"
check_file ".timer: results unchanged" "$(printf '?x\n1\n?y\n2')" "$OUT"
kg "$S" -e '.timer maybe'
check_rc ".timer bad value: exit 1" 1

# ------------------------------------------------------- .width .maxrows
Q='SELECT ?l WHERE { hz:Leapmotor skos:altLabel ?l } ORDER BY ?l'
kg "$S" -F table -e '.width 12' -e "$Q"
check_contains ".width N: cells cut to N columns" "│ Zhejiang Le… │" "$OUT"
check_contains ".width N: wide characters fit" "│ 浙江零跑科…  │" "$OUT"
kg "$S" -F table -e '.width 0' -e "$Q"
check_contains ".width 0: whole cells" "Zhejiang Leapmotor Technology Co., Ltd." "$OUT"
kg "$S" -F table -e '.maxrows 1' -e "$Q"
check_eq ".maxrows N: at most N rows" 5 "$(wc -l <"$OUT" | tr -d ' ')"
kg "$S" -F table -e '.maxrows 1' -e '.maxrows 0' -e "$Q"
check_eq ".maxrows 0: all rows" 6 "$(wc -l <"$OUT" | tr -d ' ')"
kg "$S" -e '.width -3'
check_rc ".width bad value: exit 1" 1
kg "$S" -e '.maxrows many'
check_rc ".maxrows bad value: exit 1" 1

# ----------------------------------------------------------------- .open
kg "$S" -e '.open memory:' -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -e ".open $S" -e '.stats'
check_rc ".open: exit 0" 0
check_eq ".open memory: an empty store" "$(printf '?n\n0\nstore       %s' "$S")" "$(head -3 "$OUT")"
check_contains ".open STORE: back to the store" "statements  $n_all" "$OUT"
known_bug "kg_store_stats on an empty store: qsort(NULL, 0) (graph/stats.c:67)"
kg memory: -e .stats
if [ "$SAN" = 0 ]; then # UBSan stops kgsh there
  check_rc ".stats of an empty store" 0
  check_contains ".stats of an empty store: no statements" "statements  0" "$OUT"
fi
kg "$S" -e ".open $TMP/a.ttl" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_rc ".open a file: exit 1" 1
check_contains ".open a file: said" "a.ttl" "$ERR"
check_eq ".open failed: the store stays open" "$n_triples" "$(value)"
kg "$S" -e ".open $S --readonly" -e 'INSERT DATA { hz:x hz:y hz:z }'
check_contains ".open STORE --readonly" "read-only" "$ERR"

# ---------------------------------------------------------------- .union
kg "$S" -e .union -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -e '.union off' \
  -e .union -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -e '.union on' \
  -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_rc ".union: exit 0" 0
check_eq ".union on|off: the default graph is all graphs, or the unnamed one" \
  "$(printf 'on\n?n\n%s\noff\n?n\n0\n?n\n%s' "$n_triples" "$n_triples")" "$(cat "$OUT")"
kg "$S" -e '.union sometimes'
check_rc ".union bad value: exit 1" 1

# -------------------------------------------------------------- .explain
kg "$S" -e '.explain SELECT ?s WHERE { ?s a hzo:Company ; rdfs:label "零跑科技"@zh } LIMIT 2'
check_rc ".explain: exit 0" 0
check_contains ".explain: the algebra" "(bgp" "$OUT"
check_contains ".explain: the whole query (a literal, LIMIT)" '"零跑科技"@zh' "$OUT"
check_contains ".explain: prefixes expanded" "<https://kgsh.dev/ontology/hz#Company>" "$OUT"
kg "$S" -e '.explain SELEC ?s'
check_rc ".explain a syntax error: exit 1" 1
check_contains ".explain a syntax error: with a caret" "^" "$ERR"

# ------------------------------------------- .begin .commit .rollback
T=$TMP/tx.kg
make_store "$T"
n0=$(statements "$T")
kg "$T" -e .begin -e 'INSERT DATA { GRAPH hzg:tx { hz:TxThing rdfs:label "tx" } }' \
  -e 'SELECT (COUNT(*) AS ?n) WHERE { hz:TxThing ?p ?o }' -e .rollback \
  -e 'SELECT (COUNT(*) AS ?n) WHERE { hz:TxThing ?p ?o }'
check_rc ".begin/.rollback: exit 0" 0
check_file ".begin: changes visible at once; .rollback forgets them" "$(printf '?n\n1\n?n\n0')" "$OUT"
check_eq ".rollback: the store unchanged" "$n0" "$(statements "$T")"
kg "$T" -e .begin -e 'INSERT DATA { GRAPH hzg:tx { hz:TxThing rdfs:label "tx" } }' \
  -e 'DELETE WHERE { GRAPH ?g { hz:Leapmotor schema:founder ?f } }' -e .commit
check_rc ".begin/.commit: exit 0" 0
check_eq ".commit: persists" "$n0" "$(statements "$T")"
kg "$T" -e 'SELECT (COUNT(*) AS ?n) WHERE { hz:TxThing ?p ?o }'
check_eq ".commit: the insert persists" 1 "$(value)"
kg "$T" -e 'SELECT (COUNT(*) AS ?n) WHERE { hz:Leapmotor schema:founder ?o }'
check_eq ".commit: the delete persists" 0 "$(value)"
kg "$T" -e .begin -e 'INSERT DATA { hz:Uncommitted rdfs:label "u" }'
check_eq "a transaction left open at exit is not committed" 0 "$(count_of "$T" 'hz:Uncommitted ?p ?o')"
kg "$T" -e .commit
check_rc ".commit without .begin: exit 1" 1
check_contains ".commit without .begin: said" "no transaction" "$ERR"
kg "$T" -e .rollback
check_rc ".rollback without .begin: exit 1" 1
kg "$T" -e .begin -e .begin
check_rc ".begin twice: exit 1" 1

# ------------------------------------------------------------- .history
kg "$S" -e .history
check_rc ".history in batch: exit 0" 0

# ----------------------------------------------------------- .quit .exit
kg "$S" -e 'SELECT (1 AS ?x) {}' -e .quit -e 'SELECT (2 AS ?y) {}'
check_rc ".quit: exit 0" 0
check_file ".quit: nothing after it runs" "$(printf '?x\n1')" "$OUT"
printf 'SELECT (1 AS ?x) {};\n.exit\nSELECT (2 AS ?y) {};\n' >"$TMP/exit.kgsh"
kg "$S" -f "$TMP/exit.kgsh" -e 'SELECT (3 AS ?z) {}'
check_file ".exit: stops the file and the rest" "$(printf '?x\n1')" "$OUT"
kg_in "$TMP/exit.kgsh" "$S"
check_file ".exit on stdin" "$(printf '?x\n1')" "$OUT"
kg "$S" -e 'SELEC' -e .quit
check_rc ".quit after a failure: exit 1" 1

# -------------------------------------------------------- unknown commands
kg "$S" -e '.lod a.ttl'
check_rc "unknown command: exit 1" 1
check_contains "unknown command: did you mean" "unknown command .lod; did you mean .load?" "$ERR"
kg "$S" -e '.stast'
check_contains "unknown command: did you mean .stats" "did you mean .stats?" "$ERR"
kg "$S" -e '.xyzzyplugh'
check_contains "unknown command far from any: see .help" "unknown command .xyzzyplugh (see .help)" "$ERR"
kg "$S" -e '.'
check_rc "a lone dot: exit 1" 1
kg "$S" -e '.quit now'
check_rc "a command with too many arguments: exit 1" 1
check_contains "too many arguments: usage" "usage: .quit" "$ERR"

finish
