#!/bin/sh
# federation.sh - SERVICE against a real kgsh serve on 127.0.0.1 (its
# port picked by the server): the bound join (the local rows' bindings
# sent as VALUES, a batch of 100 rows a request) gives the answers the
# same data gives in one store, inner and OPTIONAL, with rows that leave
# the shared variable unbound; the server's access log counts the
# requests (ceil(N/100) for N rows, a repeated SERVICE sent once), as
# does .explain analyze; a literal a query text must escape; a query
# that uses ?_kgsh_row itself; a variable endpoint; SERVICE SILENT on a
# dead endpoint; a page that is no endpoint; the address policy. The
# malformed answers are in tests/unit/test_engine.c.
# Usage: sh tests/e2e/federation.sh path/to/kgsh
. tests/e2e/lib.sh
. tests/e2e/clients/server.sh

SAMEAS='<http://www.w3.org/2002/07/owl#sameAs>'
NAME='<http://schema.org/name>'
BATCH=100   # EV_SERVICE_BATCH in graph/sparql/eval/eval_bind.c

# the local store: the article, whose owl:sameAs links point at Wikidata
# and DBpedia, and 250 more links; the remote store: names for the
# article's targets (their English labels) and for every second one of
# the 250
make_store "$TMP/local.kg"
i=1
while [ $i -le 250 ]; do
  echo "<urn:x:$i> $SAMEAS <urn:wd:$i> ."
  [ $((i % 2)) -eq 0 ] && echo "<urn:wd:$i> $NAME \"name $i\" ." >>"$TMP/names.nt"
  i=$((i + 1))
done >"$TMP/links.nt"
kg "$TMP/local.kg" -e ".load $TMP/links.nt"
check_rc "the generated links load" 0
kg -F ntriples --readonly "$TMP/local.kg" -e "CONSTRUCT { ?o $NAME ?l } WHERE {
  ?s $SAMEAS ?o ; <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = \"en\") }"
cat "$OUT" >>"$TMP/names.nt"
check_match "the article's targets get names" '^<http://www.wikidata.org/entity/Q[0-9]+> <http://schema.org/name> "' "$TMP/names.nt"
kg "$TMP/remote.kg" -e ".load $TMP/names.nt"
check_rc "the remote store loads" 0
# a name that only the remote holds, with what a query text must escape
printf '%s\n' '<urn:odd> <http://schema.org/name> "a \"quote\",\na line, \\ and ☃"@en .' >"$TMP/odd.nt"
kg "$TMP/remote.kg" -e ".load $TMP/odd.nt"
# the same data in one store, for the answers
cp -R "$TMP/local.kg" "$TMP/one.kg"
kg "$TMP/one.kg" -e ".load $TMP/names.nt" -e ".load $TMP/odd.nt"
NAMES=$(($(wc -l <"$TMP/names.nt") + 1))   # every name the remote holds

start_server srv "$TMP/remote.kg"
EP=$URL/sparql
N=$(count_of "$TMP/local.kg" "?x $SAMEAS ?wd")
LOG=$TMP/srv.log

# requests SINCE: the access log's query lines after line SINCE
requests() { sed -n "$(($1 + 1)),\$p" "$LOG" | grep -c ' POST /sparql 200 '; }
# fed NAME QUERY-WITH-@SVC@: the query with SERVICE <EP> locally and
# without SERVICE in one store give the same answers
fed() {
  _fq=$(printf '%s' "$2" | sed "s|@SVC@|SERVICE <$EP>|")
  _oq=$(printf '%s' "$2" | sed "s|@SVC@||")
  kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "$_fq"
  check_rc "$1: the query runs" 0
  cp "$OUT" "$TMP/fed.tsv"
  "$KGSH" -q -F tsv --readonly "$TMP/one.kg" -e "$_oq" >"$TMP/one.tsv" 2>&1 </dev/null
  check_cmd "$1: the answers of one store" "$TOOLS/resultdiff" "$TMP/one.tsv" "$TMP/fed.tsv"
}

# ------------------------------------------------------ the bound join
before=$(wc -l <"$LOG")
fed "local links joined with remote names" \
  "SELECT ?x ?wd ?name WHERE { ?x $SAMEAS ?wd @SVC@ { ?wd $NAME ?name } }"
check_eq "$N rows sent in ceil($N/$BATCH) requests" $(((N + BATCH - 1) / BATCH)) "$(requests "$before")"
check_eq "every named link joined" "$(wc -l <"$TMP/names.nt")" "$(($(wc -l <"$TMP/fed.tsv") - 1))"
check_contains "an article's link gets its remote name" '<https://kgsh.dev/id/hz/Hangzhou>	<http://www.wikidata.org/entity/Q4970>	"Hangzhou"@en' "$TMP/fed.tsv"
fed "OPTIONAL { SERVICE }: rows without a remote name kept" \
  "SELECT ?x ?wd ?name WHERE { ?x $SAMEAS ?wd OPTIONAL { @SVC@ { ?wd $NAME ?name } } }"
check_eq "OPTIONAL keeps all $N rows" "$N" "$(($(wc -l <"$TMP/fed.tsv") - 1))"
fed "OPTIONAL { SERVICE FILTER }: the filter on the joined rows" \
  "SELECT ?x ?name WHERE { ?x $SAMEAS ?wd OPTIONAL { @SVC@ { ?wd $NAME ?name } FILTER(STRSTARTS(?name, \"name 1\") || ?x = <https://kgsh.dev/id/hz/Hangzhou>) } }"
kg --allow host:127.0.0.1 "$TMP/local.kg" -e ".explain analyze SELECT * WHERE { ?x $SAMEAS ?wd SERVICE <$EP> { ?wd $NAME ?name } }"
check_contains ".explain analyze: the join is a bound join" "bound join: VALUES batches to SERVICE" "$OUT"
check_match ".explain analyze: a batch a loop" "\(service <$EP>\) .*loops $(((N + BATCH - 1) / BATCH))," "$OUT"
# a row that leaves the shared variable unbound is sent as UNDEF and
# joins every remote answer; the other rows only theirs
fed "rows with ?wd unbound" \
  "SELECT ?x ?wd ?name WHERE { VALUES (?x ?wd) { (<urn:a> <urn:wd:2>) (<urn:b> UNDEF) (<urn:c> <urn:wd:3>) (<urn:d> <urn:wd:2>) } @SVC@ { ?wd $NAME ?name } }"
check_eq "the unbound row gets every name" "$NAMES" "$(grep -c '^<urn:b>' "$TMP/fed.tsv")"
check_eq "a bound row only its own" '<urn:a>	<urn:wd:2>	"name 2"' "$(grep '^<urn:a>' "$TMP/fed.tsv")"
# a bound literal with quotes, a newline, a backslash and a language
# travels in the VALUES and matches
kg -F tsv --allow host:127.0.0.1 memory: -e "SELECT ?wd WHERE {
  VALUES ?name { \"a \\\"quote\\\",\\na line, \\\\ and ☃\"@en \"other\" }
  SERVICE <$EP> { ?wd $NAME ?name } }"
check_eq "an escaped literal sent as a binding matches" "<urn:odd>" "$(value)"
# a row binding ?wd to a blank node of ours: a blank node names nothing
# on the server, and P always binds ?wd, so it is not sent at all
before=$(wc -l <"$LOG")
kg -F tsv --allow host:127.0.0.1 memory: -e "SELECT ?wd ?n WHERE {
  BIND(BNODE() AS ?wd) SERVICE <$EP> { ?wd $NAME ?n } }"
check_eq "a blank node bound: no answer" "" "$(value)"
kg -F tsv --allow host:127.0.0.1 memory: -e "SELECT ?x ?n WHERE {
  BIND(<urn:x> AS ?x) BIND(BNODE() AS ?wd) OPTIONAL { SERVICE <$EP> { ?wd $NAME ?n } } }"
check_eq "a blank node bound, OPTIONAL: the row kept" "<urn:x>	" "$(value)"
check_eq "a blank node bound: nothing sent" 0 "$(requests "$before")"
# the query's own ?_kgsh_row is kept: the tuples are numbered by another
kg -F tsv --allow host:127.0.0.1 memory: -e "SELECT * WHERE {
  VALUES (?_kgsh_row ?wd) { (7 <urn:wd:2>) } SERVICE <$EP> { ?wd $NAME ?n } }"
check_eq "a query that uses ?_kgsh_row itself" "7	<urn:wd:2>	\"name 2\"" "$(value)"
# a FILTER after the join and a local pattern after SERVICE
fed "SERVICE between local patterns, then FILTER" \
  "SELECT ?x ?name ?l WHERE { ?x $SAMEAS ?wd @SVC@ { ?wd $NAME ?name } ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = \"zh\") }"

# -------------------------------------------------- the request cache
before=$(wc -l <"$LOG")
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?wd ?name WHERE {
  { SERVICE <$EP> { ?wd $NAME ?name } } UNION { SERVICE <$EP> { ?wd $NAME ?name } } }"
check_rc "the same SERVICE twice in one query" 0
check_eq "the same request in one query is sent once" 1 "$(requests "$before")"
check_eq "both SERVICEs answered" $((2 * NAMES)) "$(($(wc -l <"$OUT") - 1))"

# ------------------------------------------------- variable endpoints
before=$(wc -l <"$LOG")
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?wd ?ep ?name WHERE {
  VALUES (?wd ?ep) { (<urn:wd:2> <$EP>) (<urn:wd:4> <http://127.0.0.1:9/sparql>) (<urn:wd:6> <$EP>) }
  SERVICE SILENT ?ep { ?wd $NAME ?name } } ORDER BY ?wd"
check_rc "SERVICE SILENT ?ep: one endpoint dead" 0
check_eq "rows grouped by endpoint, the dead one's unextended" "<urn:wd:2>	<$EP>	\"name 2\"
<urn:wd:4>	<http://127.0.0.1:9/sparql>	
<urn:wd:6>	<$EP>	\"name 6\"" "$(sed -n '2,$p' "$OUT")"
check_eq "one request for the live endpoint's two rows" 1 "$(requests "$before")"

kg -F tsv --allow host:127.0.0.1 memory: -e "SELECT * WHERE {
  VALUES ?wd { <urn:wd:2> } SERVICE ?ep { ?wd $NAME ?name } }"
check_rc "SERVICE ?ep with ?ep unbound fails" 1
check_contains "the unbound endpoint variable is named" "SERVICE: the endpoint variable ?ep is not bound to an IRI" "$ERR"

# ----------------------------------------------------------- failures
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?x ?name WHERE {
  ?x $SAMEAS ?wd SERVICE SILENT <http://127.0.0.1:9/sparql> { ?wd $NAME ?name } }"
check_rc "SERVICE SILENT on a dead endpoint in a join succeeds" 0
check_eq "SERVICE SILENT: every local row, unextended" "$N" "$(grep -c '	$' "$OUT")"
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?x ?name WHERE {
  ?x $SAMEAS ?wd SERVICE <http://127.0.0.1:9/sparql> { ?wd $NAME ?name } }"
check_rc "SERVICE on a dead endpoint fails the query" 1
check_match "the dead endpoint is named" '^Error: SERVICE: .*127\.0\.0\.1:9' "$ERR"
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?x ?name WHERE {
  ?x $SAMEAS ?wd SERVICE <$URL/> { ?wd $NAME ?name } }"
check_rc "SERVICE to a page that is no endpoint fails" 1
check_match "the page's status is named" '^Error: SERVICE: .*HTTP status 405' "$ERR"
kg -F tsv "$TMP/local.kg" -e "SELECT ?x ?name WHERE {
  ?x $SAMEAS ?wd SERVICE SILENT <$EP> { ?wd $NAME ?name } }"
check_rc "a loopback endpoint not allowed: refused even when SILENT" 1

stop_server srv
finish
