#!/bin/sh
# queries.sh - queries and files as users write them, through the binary:
# the engine bugs and shell rules that the W3C suites' files found when run
# with -l DATA -f QUERY (see tests/conformance/README.md).
. tests/e2e/lib.sh

D=$TMP/d.ttl
cat >"$D" <<'TTL'
@prefix : <http://example.org/> .
:a :p :b . :b :q :c . :a :p :d . :d :q :c .
TTL

# two paths from :a to :c: one solution of ?x ?y, two of the hidden middle
kg -q memory: -l "$D" -F tsv \
  -e 'PREFIX : <http://example.org/> SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?x :p/:q ?y }'
check_eq "COUNT(DISTINCT *) over a path counts what SELECT DISTINCT * shows" \
  "$(printf '?n\n1')" "$(cat "$OUT")"
kg -q memory: -l "$D" -F tsv \
  -e 'PREFIX : <http://example.org/> SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?x :p [ :q ?y ] }'
check_eq "COUNT(DISTINCT *) leaves out a blank node's hidden variable" \
  "$(printf '?n\n1')" "$(cat "$OUT")"
kg -q memory: -l "$D" -F tsv \
  -e 'PREFIX : <http://example.org/> SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?x :p ?z . ?z :q ?y }'
check_eq "COUNT(DISTINCT *) counts a named middle variable" \
  "$(printf '?n\n2')" "$(cat "$OUT")"

# (expr AS ?v): ?v must be new to the SELECT, its own expression included
kg -q memory: -e 'SELECT (?X + 1 AS ?X) WHERE { }'
check_rc "(?X + 1 AS ?X): a syntax error" 1
check_contains "(?X + 1 AS ?X): says why, at the AS variable" \
  "line 1, column 19: (... AS ?X): ?X is already used in the expression it is assigned from" "$ERR"
kg -q memory: -e 'SELECT ?X (1 AS ?X) WHERE { }'
check_rc "SELECT ?X (1 AS ?X): a syntax error" 1
check_contains "SELECT ?X (1 AS ?X): says why" "?X is already selected in this SELECT" "$ERR"
kg -q memory: -F tsv -e 'SELECT (?Y + 1 AS ?X) (?X * 2 AS ?Z) WHERE { BIND(1 AS ?Y) }'
check_eq "a later SELECT expression may use an earlier one" "$(printf '?X\t?Z\n2\t4')" "$(cat "$OUT")"

# \u escapes are expanded in names and variables too (SPARQL 1.1, 19.2)
kg -q memory: -F tsv -e 'PREFIX : <http://e/> SELECT ?\u0041 WHERE { BIND(:\u0070x AS ?A) }'
check_eq "\\u in a variable and a prefixed name" "$(printf '?A\n<http://e/px>')" "$(cat "$OUT")"
kg -q memory: -e 'PREFIX : <http://e/> SELECT * WHERE { BIND(:a\u0020 AS ?x) }'
check_rc "\\u0020 in a prefixed name: a syntax error" 1
check_contains "\\u0020 in a prefixed name: says which character" \
  "line 1, column 46: U+0020 cannot stand in a prefixed name" "$ERR"

# FILTER written against its call
kg -q memory: -F tsv -e 'SELECT * WHERE { BIND(1 AS ?a) BIND(1 AS ?b) FILTERsameTerm(?a, ?b) }'
check_eq "FILTERsameTerm(...) without a space" "$(printf '?a\t?b\n1\t1')" "$(cat "$OUT")"

# ------------------------------------------------ files run as written
Q=$TMP/q
mkdir -p "$Q/sub"
cp "$D" "$Q/sub/data.ttl"
printf 'SELECT ?y\n# a note between the clauses\n\nWHERE { ?x <http://example.org/q> ?y }\nORDER BY ?y\n' >"$Q/note.rq"
kg -q memory: -l "$D" -F tsv -f "$Q/note.rq"
check_eq "-f: a comment and a blank line inside a query do not end it" \
  "$(printf '?y\n<http://example.org/c>\n<http://example.org/c>')" "$(cat "$OUT")"
kg_in "$Q/note.rq" -q memory: -l "$D" -F tsv
check_eq "stdin: the same rules as -f" \
  "$(printf '?y\n<http://example.org/c>\n<http://example.org/c>')" "$(cat "$OUT")"
kg -q memory: -l "$D" -F tsv -e ".read $Q/note.rq"
check_eq ".read: the same rules as -f" \
  "$(printf '?y\n<http://example.org/c>\n<http://example.org/c>')" "$(cat "$OUT")"
printf 'CONSTRUCT { ?x <http://example.org/r> ?y }\n\nWHERE { ?x <http://example.org/p> ?y }\n' >"$Q/c.rq"
kg -q memory: -l "$D" -F ntriples -f "$Q/c.rq"
check_eq "-f: CONSTRUCT whose WHERE follows an empty line" 2 "$(grep -c 'example.org/r' "$OUT")"
printf 'SELECT (1 AS ?a) WHERE { }\n\nSELECT (2 AS ?b) WHERE { }\n.print done\n' >"$Q/two.rq"
kg -q memory: -F tsv -f "$Q/two.rq"
check_eq "-f: complete queries without ';' run one by one" \
  "$(printf '?a\n1\n?b\n2')" "$(sed -n 1,4p "$OUT")"

cat >"$Q/u.ru" <<'RU'
PREFIX : <http://e/>
INSERT DATA { :a :b :c } ;
# the next operation keeps the request's PREFIX

INSERT DATA { :d :e :f }
RU
kg -q memory: -F tsv -f "$Q/u.ru" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_eq "-f: an update request's operations after a comment keep its prologue" \
  "$(printf '?n\n2')" "$(cat "$OUT")"
printf 'INSERT DATA { <http://e/a> <http://e/b> <http://e/c> } ;\nLOAD <%s/missing.ttl>\n' "$Q" >"$Q/bad.ru"
kg -q memory: -F tsv -f "$Q/bad.ru" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_rc "-f: a request whose last operation fails: exit 1" 1
check_eq "-f: ... and none of its operations is applied (one unit)" \
  "$(printf '?n\n0')" "$(cat "$OUT")"
printf 'INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }\n\nDELETE DATA { <http://e/a> <http://e/b> <http://e/c> }\n' >"$Q/nosep.ru"
kg -q memory: -f "$Q/nosep.ru"
check_rc "-f: two update operations without ';': exit 1" 1
check_contains "-f: ... says the ';' is missing, at the second" \
  "line 3, column 1: expected ';' between update operations" "$ERR"

# ---------------------------------------------- base IRI and FROM files
printf 'SELECT ?y FROM <data.ttl> WHERE { ?x <http://example.org/q> ?y }\n' >"$Q/sub/from.rq"
(cd "$TMP" && kg -q memory: -F tsv -f "$Q/sub/from.rq")
check_eq "FROM <data.ttl>: resolved against the query file and read" \
  "$(printf '?y\n<http://example.org/c>\n<http://example.org/c>')" "$(cat "$OUT")"
printf 'SELECT ?g (COUNT(*) AS ?n) FROM NAMED <data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g\n' >"$Q/sub/named.rq"
kg -q memory: -F tsv -f "$Q/sub/named.rq"
check_eq "FROM NAMED <data.ttl>: a graph named by the file's URI" \
  "$(printf '?g\t?n\n<file://%s/sub/data.ttl>\t4' "$Q")" "$(cat "$OUT")"
kg -q memory: -F tsv -e 'INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 1 } }' \
  -e 'SELECT ?o FROM <http://e/g> WHERE { ?s ?p ?o }'
check_eq "FROM a graph of the store: no document is read" "$(printf '?o\n1')" "$(cat "$OUT")"
kg -q memory: -e 'SELECT * FROM <nothere.ttl> WHERE { ?s ?p ?o }'
check_rc "FROM a document that cannot be read: exit 1" 1
check_contains "FROM a document that cannot be read: says which and why" \
  "FROM <nothere.ttl>: the store has no graph of that name, and the document cannot be read" "$ERR"
kg -q memory: --base http://example.org/base/ -F tsv -e 'SELECT (STR(<x>) AS ?i) WHERE { }'
check_eq "--base IRI: relative IRIs of statements resolve against it" \
  "$(printf '?i\n"http://example.org/base/x"')" "$(cat "$OUT")"

# ---------------------------------------------------------- papercuts
printf 'ASK { }\n' >"$Q/ask.rq"
kg_in "$Q/ask.rq" -q memory:
check_eq "ASK in batch, no -F: the answer alone (as the README shows)" true "$(cat "$OUT")"
kg -q memory: -F tsv -e 'ASK { }'
check_eq "ASK with -F tsv: the TSV writer's form" "$(printf '?_askResult\ntrue')" "$(cat "$OUT")"

# .export says what it wrote, and a failed one leaves no file
H=$TMP/h.kg
make_store "$H"
kg "$H" -e ".export $TMP/all.ttl"
check_rc ".export: exit 0" 0
check_match ".export: what it wrote (statements, graphs, file)" \
  "^[0-9]+ statements in [0-9]+ graphs written to $TMP/all.ttl\$" "$ERR"
check_contains ".export to Turtle: says the graphs were merged" \
  "Turtle has no graphs: they were merged; use TriG or N-Quads to keep them" "$ERR"
kg "$H" -e ".export $TMP/all.trig"
check_lacks ".export to TriG: nothing merged" "merged" "$ERR"
echo keep >"$TMP/old.ttl"
kg "$H" -e ".export $TMP/old.ttl turtle <http://example.org/no-such-graph>"
check_rc ".export of a missing graph: exit 1" 1
check_eq ".export that failed: the file there before is as it was" keep "$(cat "$TMP/old.ttl")"
kg "$H" -e ".export $TMP/new.ttl turtle <http://example.org/no-such-graph>"
check_cmd ".export that failed: no file left behind" test ! -e "$TMP/new.ttl"
check_eq ".export that failed: no temporary file either" 0 "$(ls "$TMP" | grep -c 'new.ttl')"

# errors in loaded files carry their line and column
printf '@prefix : <http://e/> .\n:a :b :c .\n:d :e "unterminated .\n' >"$TMP/bad1.ttl"
kg -q memory: -l "$TMP/bad1.ttl"
check_contains "a Turtle syntax error: line and column" "bad1.ttl:3:22: line end in short string" "$ERR"
printf '@prefix : <http://e/> .\n:a :b :c .\n  foo:d :e :f .\n' >"$TMP/bad2.ttl"
kg -q memory: -l "$TMP/bad2.ttl"
check_contains "an undeclared Turtle prefix: line and column" \
  'bad2.ttl:3:3: "foo:d" uses a prefix that was not declared' "$ERR"

# a name that occurs nowhere in the store: a warning with the nearest ones
kg "$H" -F tsv -e 'SELECT ?c WHERE { ?c a hzo:Compnay }'
check_rc "an unknown class: still runs (exit 0)" 0
check_contains "an unknown class: a warning naming the nearest class" \
  "Warning: hzo:Compnay occurs nowhere in the store; did you mean hzo:Company?" "$ERR"
kg "$H" -F tsv -e 'SELECT ?o WHERE { hz:Leapmotr schema:foundr ?o }'
check_contains "an unknown subject: the nearest entity" "did you mean hz:Leapmotor?" "$ERR"
check_contains "an unknown predicate: the nearest predicate" "did you mean schema:founder?" "$ERR"
kg "$H" -q -F tsv -e 'SELECT ?c WHERE { ?c a hzo:Compnay }'
check_empty "-q: no warnings" "$ERR"
kg "$H" -F tsv -e 'SELECT ?c WHERE { ?c a hzo:Company } LIMIT 1'
check_empty "known names: no warning" "$ERR"

finish
