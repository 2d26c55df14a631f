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

finish
