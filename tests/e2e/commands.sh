#!/bin/sh
# commands.sh - every dot-command of kgsh, run in batch, and its .help
# entry. To stay fast, one kgsh often runs several commands, with .output
# sending each one's results to a file of its own.
# Usage (from the repository root): sh tests/e2e/commands.sh build/kgsh
. tests/e2e/lib.sh

S=$TMP/store.kg
make_store "$S"
cd "$TMP" || exit 2   # relative file names below are in the temp dir

cat >a.ttl <<'EOF'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:a ex:q "x" .
EOF

# lines of a file
lines() { wc -l <"$1" | tr -d ' '; }

n_all=$(statements "$S")
n_triples=$(count_of "$S" '?s ?p ?o')
photos=$(count_of "$S" 'GRAPH hzg:photos { ?s ?p ?o }')

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
: >help.kgsh
for c in $commands; do echo ".help $c" >>help.kgsh; done
echo '.help .load' >>help.kgsh
kg "$S" -f help.kgsh
check_rc ".help CMD for every command: exit 0" 0
for c in $commands; do
  check_match ".help $c: usage" "^\\.$c( |\$)" "$OUT"
done
check_eq ".help CMD: a usage line and a help line each" \
  "$((($(printf '%s\n' "$commands" | wc -l) + 1) * 2))" "$(lines "$OUT")"
check_eq ".help .load (with the dot)" ".load FILE|URL [GRAPH]" "$(tail -2 "$OUT" | head -1)"

# -------------------------------------------------- errors of every kind
# each bad command fails with one message on stderr; the ones after it
# still run (no --bail)
cat >errors.kgsh <<'EOF'
.help nosuch
.load
.load nosuch-file.ttl
.export x.out bogus
.export - turtle http://example.org/no-such-graph
.export no/such/dir/x.ttl
.format bogus
.output no/such/dir/x
.read nosuch.kgsh
.read .
.prefix -d nosuch
.prefix nosuch
.describe no such thing anywhere
.find foo bar baz
.find _ _
.timer maybe
.width -3
.maxrows many
.lang "zh;en"
.union sometimes
.open a.ttl
.explain SELEC ?s
.commit
.rollback
.lod a.ttl
.stast
.xyzzyplugh
.
.quit now
SELECT (1 AS ?still) {};
EOF
kg "$S" -f errors.kgsh
check_rc "bad commands: exit 1" 1
check_eq "bad commands: one error each" "$(($(lines errors.kgsh) - 1))" "$(grep -c '^Error: ' "$ERR")"
check_file "bad commands: the statements after them run" "$(printf '?still\n1')" "$OUT"
while IFS='|' read -r name text; do
  check_contains "$name" "$text" "$ERR"
done <<'EOF'
.help nosuch: said|no command .nosuch
.load without a file: usage|usage: .load FILE|URL [GRAPH]
.load missing file: a clear error naming it|Error: cannot open nosuch-file.ttl: No such file or directory
.export unknown format|unknown format 'bogus' (use turtle
.export a missing graph|no graph <http://example.org/no-such-graph>
.export to an unwritable file|no/such/dir/x.ttl
.format unknown: said|unknown format 'bogus'; formats:
.format unknown: lists the formats|  markdown
.output unwritable|cannot write no/such/dir/x
.read missing file: named|cannot read nosuch.kgsh
.read a directory|cannot read .: Is a directory
.prefix -d unknown|no prefix 'nosuch'
.prefix unknown|no prefix 'nosuch:'
.describe unknown: said|nothing is called 'no such thing anywhere'
.find a bad term|'foo' is not a term
.find too few: usage|usage: .find S P O [G]
.timer bad value|expected on or off, not 'maybe'
.width bad value|expected a number of 0 or more, not '-3'
.maxrows bad value|expected a number of 0 or more, not 'many'
.lang bad tags|expected language tags separated by commas
.union bad value|expected on or off, not 'sometimes'
.open a file: said|a.ttl is a file, not a store directory
.explain a syntax error: place|syntax error at line 1, column 1
.commit without .begin|no transaction is open
unknown command: did you mean .load|unknown command .lod; did you mean .load?
unknown command: did you mean .stats|unknown command .stast; did you mean .stats?
unknown command far from any: see .help|unknown command .xyzzyplugh (see .help)
a lone dot|expected a command after '.'
too many arguments: usage|usage: .quit
EOF
check_eq ".format unknown: lists every format" 16 "$(grep -cE '^  [a-z-]+ +[^ ]' "$ERR")"
check_contains ".explain a syntax error: a caret" "        | ^" "$ERR"
# one failure is enough for exit status 1
kg "$S" -e '.load nosuch-file.ttl'
check_rc ".load missing file: exit 1" 1
kg "$S" -e '.lod a.ttl'
check_rc "unknown command: exit 1" 1

# ---------------------------------------------------------------- .load
L=$TMP/load.kg
make_store "$L"
kg "$L" -e ".load $TMP/a.ttl" -e ".load a.ttl http://example.org/g" \
  -e '.load a.ttl <http://example.org/h>' -e '.load a.ttl hzg:e2e' -e '.union off' \
  -e 'SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o FILTER(?s = <http://example.org/a>) } } } GROUP BY ?g ORDER BY ?g'
check_rc ".load: exit 0" 0
check_file ".load FILE [GRAPH]: default graph, <IRI>, IRI and prefix:name graphs" \
  "$(printf '?g\t?n\n\t2\n<http://example.org/g>\t2\n<http://example.org/h>\t2\n<https://kgsh.dev/id/hz/graph/e2e>\t2')" "$OUT"
check_contains ".load: reports what it read" "loaded 2 statements (2 new) from a.ttl" "$ERR"

# .load URL: from a local HTTP server (loopback only), when python3 is here
if command -v python3 >/dev/null 2>&1; then
  python3 -u -m http.server --bind 127.0.0.1 0 >http.log 2>&1 &
  HTTPD=$!
  at_exit 'kill "$HTTPD" 2>/dev/null'
  n=50
  while [ "$n" -gt 0 ] && ! grep -q 'port [0-9]' http.log; do sleep 0.1; n=$((n - 1)); done
  port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' http.log | head -1)
  kg memory: -e ".load http://127.0.0.1:$port/a.ttl http://example.org/web" \
    -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/web> { ?s ?p ?o } }' \
    -e ".load http://127.0.0.1:$port/missing.ttl"
  check_rc ".load URL: a missing document fails (exit 1)" 1
  check_file ".load URL: loads over HTTP into a graph" "$(printf '?n\n2')" "$OUT"
  check_contains ".load URL: the HTTP error" "missing.ttl: HTTP status 404" "$ERR"
  kill "$HTTPD" 2>/dev/null
else
  skip ".load URL" "python3 is not installed (no local HTTP server)"
fi

# -------------------------------------------------------------- .export
: >export.kgsh
for f in turtle ntriples nquads trig rdfxml json dot; do
  echo ".export all.$f $f" >>export.kgsh
done
cat >>export.kgsh <<'EOF'
.export by-name.nt
.output export-stdout.nq
.export - nquads
.output photos.nt
.export - ntriples https://kgsh.dev/id/hz/graph/photos
.output photos2.nt
.export - ntriples hzg:photos
.output default.nt
.export - ntriples default
EOF
known_bug "raptor2 2.0.15's dot serializer leaks its namespaces (rapper -o dot leaks too)"
kg "$S" -f export.kgsh
check_rc ".export: exit 0" 0
check_empty ".export: nothing on stdout" "$OUT"
check_contains ".export dot: a GraphViz graph" "digraph" all.dot
check_eq ".export FILE.nt: format from the file name" "$n_triples" "$(sort -u by-name.nt | grep -c ' \.$')"
check_eq ".export - : to the output" "$n_all" "$(grep -c ' \.$' export-stdout.nq)"
check_eq ".export - FORMAT GRAPH: one graph" "$photos" "$(grep -c ' \.$' photos.nt)"
check_eq ".export GRAPH as prefix:name" "$photos" "$(grep -c ' \.$' photos2.nt)"
check_eq ".export default graph (empty in the article store)" 0 "$(grep -c ' \.$' default.nt)"
# each export loads back into a fresh store with the same count:
# quad formats keep every graph, triple formats write their union
reload() { # FORMAT...
  : >reload.kgsh
  for _f in "$@"; do
    rm -rf "re-$_f.kg"
    printf '.open re-%s.kg\n.load all.%s\n.stats\n' "$_f" "$_f" >>reload.kgsh
  done
  kg memory: -q -f reload.kgsh
  check_rc ".export $*: loads back" 0
  COUNTS=$(sed -n 's/^statements *\([0-9]*\).*/\1/p' "$OUT" | tr '\n' ' ')
}
reload turtle trig rdfxml json
check_eq ".export turtle trig rdfxml json: the same counts" "$n_triples $n_all $n_triples $n_triples " "$COUNTS"
known_bug "raptor2 2.0.15's N-Triples parser leaks a datatype URI per datatype (rapper -i ntriples leaks too)"
reload ntriples nquads
check_eq ".export ntriples nquads: the same counts" "$n_triples $n_all " "$COUNTS"

# ------------------------------------------------------ .format .output
: >format.kgsh
for f in table csv tsv json xml markdown turtle ntriples nquads trig rdfxml; do
  printf '.format %s\n.format\n' "$f" >>format.kgsh
done
kg "$S" -e .format -f format.kgsh
check_rc ".format: exit 0" 0
check_file ".format FMT for every format: shown by .format" "$(printf '%s\n' \
  'tsv (graphs: turtle)' 'table (graphs: turtle)' 'csv (graphs: turtle)' \
  'tsv (graphs: turtle)' 'json (graphs: json)' 'xml (graphs: xml)' \
  'markdown (graphs: xml)' 'markdown (graphs: turtle)' \
  'markdown (graphs: ntriples)' 'markdown (graphs: nquads)' \
  'markdown (graphs: trig)' 'markdown (graphs: rdfxml)')" "$OUT"
kg "$S" -e '.format csv' -e 'SELECT (1 AS ?x) {}' -e '.format json' -e '.format ntriples' \
  -e 'CONSTRUCT { hz:a hz:b 1 } WHERE {}' -e 'SELECT (2 AS ?y) {}'
check_eq ".format csv: CSV" "$(printf 'x\r\n1\r')" "$(head -2 "$OUT")"
check_contains ".format ntriples: CONSTRUCT as N-Triples" '<https://kgsh.dev/id/hz/a> <https://kgsh.dev/id/hz/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .' "$OUT"
check_contains ".format json kept for SELECT" '"vars": [ "y" ]' "$OUT"
kg "$S" -e '.output out1.tsv' -e 'SELECT (1 AS ?x) {}' -e '.output stdout' \
  -e 'SELECT (2 AS ?y) {}' -e ".output $TMP/out2.tsv" -e 'SELECT (3 AS ?z) {}' \
  -e '.output' -e 'SELECT (4 AS ?w) {}' -e '.output no/such/dir/x' -e 'SELECT (5 AS ?v) {}'
check_file ".output FILE: results in the file" "$(printf '?x\n1')" out1.tsv
check_file ".output stdout (and no argument): back to stdout; a failed .output changes nothing" "$(printf '?y\n2\n?w\n4\n?v\n5')" "$OUT"
check_file ".output another file" "$(printf '?z\n3')" out2.tsv

# ---------------------------------------------------------------- .read
printf 'SELECT (1 AS ?outer) {};\n.read inner.kgsh\nSELECT (3 AS ?after) {}\n' >outer.kgsh
printf 'SELECT (2 AS ?inner)\n{}\n\n.format csv\n' >inner.kgsh
printf 'SELEC;\nSELECT (5 AS ?x) {}\n' >bad.kgsh
echo '.read self.kgsh' >self.kgsh
kg "$S" -e '.read outer.kgsh' -e 'SELECT (4 AS ?last) {}'
check_rc ".read nested: exit 0" 0
check_eq ".read nested: in order, settings carry over" \
  "$(printf '?outer\n1\n?inner\n2\nafter\r\n3\r\nlast\r\n4\r')" "$(cat "$OUT")"
kg "$S" -e '.read bad.kgsh' -e '.read self.kgsh'
check_rc ".read a file with an error: exit 1" 1
check_contains ".read: the rest of the file runs" "?x" "$OUT"
check_contains ".read itself: stops" "nests too deeply" "$ERR"

# -------------------------------------------------------------- .prefix
P=$TMP/prefix.kg
make_store "$P"
kg "$P" -e '.prefix e2e http://example.org/e2e#'
check_rc ".prefix NAME IRI: exit 0" 0
kg "$P" -F csv -e '.prefix e2e' -e 'SELECT (e2e:thing AS ?v) {}' \
  -e '.prefix e2e: <http://example.org/other#>' -e '.output list1' -e .prefix \
  -e '.output list2' -e .prefixes -e '.output table' -e '.format table' -e 'SELECT (e2e:x AS ?v) {}'
check_eq ".prefix NAME IRI: persists across runs" "$(printf 'e2e: <http://example.org/e2e#>\nv\r\nhttp://example.org/e2e#thing\r')" "$(cat "$OUT")"
check_contains ".prefix NAME <IRI>: replaces" "e2e: <http://example.org/other#>" list1
check_contains ".prefix: lists the store's" "hz: <https://kgsh.dev/id/hz/>" list1
check_eq ".prefixes: the same list" "$(cat list1)" "$(cat list2)"
check_contains ".prefix: shortens IRIs in tables" "│ e2e:x │" table
kg "$P" -e '.prefix -d e2e'
check_rc ".prefix -d NAME: exit 0" 0
kg "$P" -e 'SELECT (e2e:x AS ?v) {}' -e .prefixes
check_contains ".prefix -d: gone in the next run" "undeclared prefix 'e2e:'" "$ERR"
check_lacks ".prefix -d: not listed" "e2e:" "$OUT"

# ------------------------------------------------------- .graphs .stats
kg "$S" -e '.output graphs' -e .graphs -e '.output stats' -e .stats
check_rc ".graphs .stats: exit 0" 0
check_contains ".graphs: a named graph with its size" "$(printf '<https://kgsh.dev/id/hz/graph/photos>\t%s' "$photos")" graphs
check_eq ".graphs: every graph, the default first" "$(printf '?graph\t?triples\n\t0')" "$(head -2 graphs)"
check_eq ".graphs: sizes add up" "$n_all" "$(sed 1d graphs | awk -F '\t' '{ n += $2 } END { print n }')"
check_contains ".stats: statements" "statements  $n_all" stats
check_contains ".stats: says how statements and distinct triples differ" \
  "statements  $n_all ($(count_of "$S" '?s ?p ?o') distinct triples; " stats
check_match ".stats: graphs" "^graphs +$(($(lines graphs) - 1))$" stats
check_eq ".stats: rdfs:label the most used predicate" "rdfs:label" "$(sed -n '/^top predicates/{n;p;}' stats | awk '{ print $2 }')"
check_contains ".stats: top classes" "top classes" stats
kg memory: -e .stats
check_contains ".stats of an empty store" "statements  0" "$OUT"

# ------------------------------------------------------------- .describe
: >describe.kgsh
i=0
for t in '<https://kgsh.dev/id/hz/Leapmotor>' hz:Leapmotor 零跑科技 Leapmotor \
  'Zhu Jiangming' '"Zhu Jiangming"'; do
  i=$((i + 1))
  printf '.output describe%s\n.describe %s\n' "$i" "$t" >>describe.kgsh
done
printf '.output describe-zh\n.lang zh,en\n.describe hz:Leapmotor\n' >>describe.kgsh
kg "$S" -f describe.kgsh
check_rc ".describe: exit 0" 0
i=0
for t in "<IRI>" "prefix:name" "a Chinese label" "an English label"; do
  i=$((i + 1))
  f=describe$i
  check_eq ".describe $t: the entity" "<https://kgsh.dev/id/hz/Leapmotor>" "$(head -1 "$f")"
  check_match ".describe $t: outgoing statements" "^outgoing \\([0-9]+\\)" "$f"
  check_match ".describe $t: founder with its label" "│ schema:founder +│ hz:ZhuJiangming +│ Zhu Jiangming@en" "$f"
  check_match ".describe $t: incoming statements" "^incoming \\([0-9]+\\)" "$f"
  check_match ".describe $t: an incoming statement: property, subject, its label (as outgoing reads)" "│ hzo:investee +│ hz:StellantisLeapmotorInvestment +│ Stellantis equity investment in Leapmotor@en" "$f"
  check_match ".describe $t: the type first" "^│ rdf:type +│ hzo:Company " "$(sed -n 6p "$f" >"$f.row5"; echo "$f.row5")"
  check_match ".describe $t: the labels next" "^│ rdfs:label " "$(sed -n 7p "$f" >"$f.row6"; echo "$f.row6")"
done
kg "$S" -e '.describe "Stellantis equity investment in Leapmotor"'
check_eq ".describe \"a label\" (as Tab completes it): the entity" \
  "<https://kgsh.dev/id/hz/StellantisLeapmotorInvestment>" "$(head -1 "$OUT")"
kg "$S" -e '.describe hz:Leapmotr'
check_rc ".describe of an unknown name: exit 1" 1
check_contains ".describe of an unknown name: says so, with the nearest name" \
  "hz:Leapmotr occurs nowhere in the store; did you mean hz:Leapmotor?" "$ERR"
check_lacks ".describe of an unknown name: no empty tables" "outgoing" "$OUT"
check_eq ".describe: one row per statement (not per label)" 1 "$(grep -c 'schema:founder' describe1)"
kg "$S" -e 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?o WHERE { hz:Leapmotor ?p ?o } }'
check_eq ".describe: the outgoing count is the distinct statements" "outgoing ($(value))" "$(grep '^outgoing' describe1)"
check_contains ".describe a label of two words" "<https://kgsh.dev/id/hz/ZhuJiangming>" describe5
check_contains ".describe a quoted label" "<https://kgsh.dev/id/hz/ZhuJiangming>" describe6
check_match ".lang zh,en: labels in Chinese first" "│ schema:founder +│ hz:ZhuJiangming +│ 朱江明@zh" describe-zh
kg "$S" -e .lang -e '.lang zh,en' -e .lang
check_file ".lang: shows and sets" "$(printf 'en,zh\nzh,en')" "$OUT"

# ----------------------------------------------------------------- .find
cat >find.kgsh <<'EOF'
.output find1
.find hz:Leapmotor schema:founder _
.output find2
.find _ schema:founder _
.output find3
.find _ _ _ hzg:photos
.output find4
.find _ rdfs:label "零跑科技"@zh
.output find5
.find _ rdfs:label 'Zhu Jiangming'@en _
.output find6
.find _ _ _ <http://example.org/no-such-graph>
EOF
kg "$S" -f find.kgsh
check_rc ".find: exit 0" 0
check_file ".find S P _: the statement with its graph" \
  "$(printf '?subject\t?predicate\t?object\t?graph\n<https://kgsh.dev/id/hz/Leapmotor>\t<http://schema.org/founder>\t<https://kgsh.dev/id/hz/ZhuJiangming>\t<https://kgsh.dev/id/hz/graph/frontier>')" find1
check_eq ".find _ P _: every founder statement" "$(count_of "$S" 'GRAPH ?g { ?s schema:founder ?o }')" "$(($(lines find2) - 1))"
check_eq ".find _ _ _ G: one graph" "$photos" "$(($(lines find3) - 1))"
check_contains ".find with a literal" "<https://kgsh.dev/id/hz/Leapmotor>" find4
check_contains ".find with a single-quoted literal" "<https://kgsh.dev/id/hz/ZhuJiangming>" find5
check_eq ".find: nothing matches" 1 "$(lines find6)"

# -------------------------------------------------- .timer .width .maxrows
kg "$S" -e '.timer on' -e 'SELECT (1 AS ?x) {}' -e '.timer off' -e 'SELECT (2 AS ?y) {}'
check_eq ".timer on|off: a time for each statement while on" 2 "$(grep -c '^Run time: ' "$ERR")"
check_file ".timer: results unchanged" "$(printf '?x\n1\n?y\n2')" "$OUT"
Q='SELECT ?l WHERE { hz:Leapmotor skos:altLabel ?l } ORDER BY ?l'
kg "$S" -F table -e '.output w12' -e '.width 12' -e "$Q" -e '.output w0' -e '.width 0' -e "$Q" \
  -e '.output m1' -e '.maxrows 1' -e "$Q" -e '.output m0' -e '.maxrows 0' -e "$Q"
check_rc ".width .maxrows: exit 0" 0
check_contains ".width N: cells cut to N columns" "│ Zhejiang Le… │" w12
check_contains ".width N: wide characters fit" "│ 浙江零跑科…  │" w12
check_contains ".width 0: whole cells" "Zhejiang Leapmotor Technology Co., Ltd." w0
check_eq ".maxrows N: at most N rows" 5 "$(lines m1)"
check_eq ".maxrows 0: all rows" 6 "$(lines m0)"

# ---------------------------------------------------------- .open .union
kg "$S" -e '.open memory:' -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -e ".open $S" -e .stats
check_rc ".open: exit 0" 0
check_eq ".open memory: an empty store, then the store again" "$(printf '?n\n0\nstore       %s' "$S")" "$(head -3 "$OUT")"
kg "$S" -e ".open $TMP/a.ttl" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_eq ".open failed: the store stays open" "$n_triples" "$(value)"
kg "$S" -e ".open $S --readonly" -e 'INSERT DATA { hz:x hz:y hz:z }'
check_contains ".open STORE --readonly (the store already open)" "read-only" "$ERR"
kg "$S" -e .union -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -e '.union off' \
  -e .union -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' -e '.union on' \
  -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_eq ".union on|off: the default graph is all graphs, or the unnamed one" \
  "$(printf 'on\n?n\n%s\noff\n?n\n0\n?n\n%s' "$n_triples" "$n_triples")" "$(cat "$OUT")"

# -------------------------------------------------------------- .explain
kg "$S" -e '.explain SELECT ?s WHERE { ?s a hzo:Company ; rdfs:label "零跑科技"@zh } LIMIT 2'
check_rc ".explain: exit 0" 0
check_contains ".explain: the algebra" "(bgp" "$OUT"
check_contains ".explain: the whole query (a literal, LIMIT)" '"零跑科技"@zh' "$OUT"
check_contains ".explain: prefixes expanded" "<https://kgsh.dev/ontology/hz#Company>" "$OUT"
kg "$S" -e '.explain SELECT ?c ?l WHERE { ?c rdfs:label ?l } ORDER BY DESC(?l) ?c LIMIT 3 OFFSET 2'
check_contains ".explain: ORDER BY under a LIMIT is a top-k of offset + limit rows" \
  "(top (5 (desc ?l) ?c)" "$OUT"
kg "$S" -e '.explain SELECT DISTINCT ?l WHERE { ?c rdfs:label ?l } ORDER BY ?l LIMIT 3'
check_contains ".explain: no top-k under DISTINCT" "(order (?l)" "$OUT"
check_lacks ".explain: no top-k under DISTINCT (top)" "(top" "$OUT"
kg "$S" -e '.explain SELECT ?c WHERE { ?c a hzo:Company ; rdfs:label ?l FILTER(LANG(?l) = "en" && STRLEN(?l) > 3) }'
check_contains ".explain: a FILTER's conjunction split" \
  '(filter (exprlist (= (lang ?l) "en") (> (strlen ?l) 3))' "$OUT"

# .explain analyze: runs it; every operator with estimated and actual rows
companies=$(count_of "$S" '?c a hzo:Company')
en=$(count_of "$S" '?c a hzo:Company ; rdfs:label ?l FILTER(LANG(?l) = "en")')
kg "$S" -e '.explain analyze SELECT ?c ?l WHERE { ?c a hzo:Company ; rdfs:label ?l FILTER(LANG(?l) = "en") } ORDER BY ?l LIMIT 2'
check_rc ".explain analyze: exit 0" 0
check_eq ".explain analyze: the top line, the slice" "(slice _ 2)  [est 2, actual 2]" "$(sed -n 1p "$OUT")"
check_contains ".explain analyze: the top-k" "    (top (2 ?l))  [est 2, actual 2]" "$OUT"
check_match ".explain analyze: the pattern's rows (filtered inside it)" \
  "^        \(bgp\)  \[est [0-9]+, actual $en\]\$" "$OUT"
check_match ".explain analyze: the classes' triple first, its rows the companies" \
  "^          \(triple \?c <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://kgsh.dev/ontology/hz#Company>\)  \[est $companies, actual $companies\]\$" "$OUT"
check_eq ".explain analyze: the filter placed at the label's triple, as soon as ?l is bound" \
  '            (filter (= (lang ?l) "en"))' "$(grep -A1 'rdf-schema#label' "$OUT" | sed -n 2p)"
tail -1 "$OUT" >last.txt
check_match ".explain analyze: the answers' count and time at the end" \
  "^2 solutions in [0-9.]+ ms\$" last.txt
kg "$S" -e '.explain analyze SELECT ?c ?y WHERE { ?c a hzo:Company OPTIONAL { ?c rdfs:label ?y } }'
check_contains ".explain analyze: a nested loop" "(leftjoin)  [est $companies, actual" "$OUT"
check_contains ".explain analyze: a nested loop's inner side runs once for each outer row" \
  ", loops $companies]" "$OUT"
kg "$S" -e '.explain analyze SELECT ?c ?n WHERE { { SELECT ?c (COUNT(*) AS ?n) WHERE { ?c ?p ?o } GROUP BY ?c } MINUS { ?c a hzo:Company } }'
check_contains ".explain analyze: an operator kgsh does not estimate" "(group (?c) ((?.agg1 (count))))  [est ?, actual" "$OUT"
kg "$S" -e '.explain analyze SELECT * WHERE { ?c a hzo:Company ; hzo:sector ?s ; schema:legalName ?n }'
check_match ".explain analyze: a star, the subject's statements read once for its patterns" \
  "^    \(triple \?c <https://kgsh.dev/ontology/hz#sector> \?s\)  \[est [0-9]+, actual [0-9]+, star on \?c\]\$" "$OUT"
kg "$S" -e '.explain analyze ASK { ?c a hzo:Company }'
check_eq ".explain analyze ASK: the answer" "true" "$(tail -1 "$OUT" | cut -d' ' -f1)"
n0=$(statements "$S")
kg "$S" -e '.explain analyze INSERT DATA { hz:x hz:y hz:z }'
check_rc ".explain analyze of an update: exit 1" 1
check_contains ".explain analyze of an update: refused" "runs queries, not updates" "$ERR"
check_eq ".explain analyze of an update: the store as it was" "$n0" "$(statements "$S")"
kg "$S" -e '.explain analyze SELECT ?x { ?x ?y }'
check_contains ".explain analyze: a syntax error's place" "line 1, column 19" "$ERR"
kg "$S" -e '.help explain'
check_contains ".help explain: analyze" ".explain [analyze] QUERY" "$OUT"

# ------------------------------------------- .begin .commit .rollback
T=$TMP/tx.kg
make_store "$T"
n0=$(statements "$T")
kg "$T" -e .begin -e 'INSERT DATA { GRAPH hzg:tx { hz:TxThing rdfs:label "tx" } }' \
  -e 'SELECT (COUNT(*) AS ?n) WHERE { hz:TxThing ?p ?o }' -e .rollback \
  -e 'SELECT (COUNT(*) AS ?n) WHERE { hz:TxThing ?p ?o }' -e .begin -e .begin
check_rc ".begin twice: exit 1" 1
check_file ".begin: changes visible at once; .rollback forgets them" "$(printf '?n\n1\n?n\n0')" "$OUT"
check_eq ".rollback: the store unchanged" "$n0" "$(statements "$T")"
kg "$T" -e .begin -e 'INSERT DATA { GRAPH hzg:tx { hz:TxThing rdfs:label "tx" } }' \
  -e 'DELETE WHERE { GRAPH ?g { hz:Leapmotor schema:founder ?f } }' -e .commit
check_rc ".begin/.commit: exit 0" 0
kg "$T" -e 'SELECT (COUNT(*) AS ?n) WHERE { { hz:TxThing ?p ?o } UNION { hz:Leapmotor schema:founder ?o } }'
check_eq ".commit: the insert and the delete persist" 1 "$(value)"
kg "$T" -e .begin -e 'INSERT DATA { hz:Uncommitted rdfs:label "u" }'
check_eq "a transaction left open at exit is not committed" 0 "$(count_of "$T" 'hz:Uncommitted ?p ?o')"

# ------------------------------------------------- .history .quit .exit
kg "$S" -e .history
check_rc ".history in batch: exit 0" 0
kg "$S" -e 'SELECT (1 AS ?x) {}' -e .quit -e 'SELECT (2 AS ?y) {}'
check_rc ".quit: exit 0" 0
check_file ".quit: nothing after it runs" "$(printf '?x\n1')" "$OUT"
printf 'SELECT (1 AS ?x) {};\n.exit\nSELECT (2 AS ?y) {};\n' >exit.kgsh
kg "$S" -f exit.kgsh -e 'SELECT (3 AS ?z) {}'
check_file ".exit: stops the file and the rest" "$(printf '?x\n1')" "$OUT"
kg_in exit.kgsh "$S"
check_file ".exit on stdin" "$(printf '?x\n1')" "$OUT"
kg "$S" -e 'SELEC' -e .quit
check_rc ".quit after a failure: exit 1" 1

finish
