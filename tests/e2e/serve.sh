#!/bin/sh
# serve.sh - kgsh serve, the SPARQL 1.1 endpoint, on 127.0.0.1 with ports
# the servers pick (--port 0): the protocol through curl (every endpoint,
# content negotiation, every error status, hostile input), the answers to
# the competency questions through curl, SPARQLWrapper, rdflib, roqet and
# a second kgsh's SERVICE, each compared with the shell's expected
# answers; the Graph Store Protocol, the Service Description, the page,
# the write policy, limits, a bounded load test and a clean stop.
# Usage: sh tests/e2e/serve.sh path/to/kgsh
. tests/e2e/lib.sh
. tests/e2e/clients/server.sh

PY=/usr/bin/python3   # Debian's, where python3-sparqlwrapper and -rdflib are
CURL="curl -s --max-time 60"
HDR=$TMP/headers
make_store "$TMP/kg"
make_store "$TMP/rw.kg"

# req ARGS...: curl; body in $OUT, headers in $HDR, status in $CODE
req() {
  CODE=$($CURL -o "$OUT" -D "$HDR" -w '%{http_code}' "$@")
}

# header NAME: a response header's value (first), without CR
header() { grep -i "^$1:" "$HDR" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }

# compare NAME DIR EXT: every competency answer DIR/Q.EXT against its .tsv
compare() {
  _ok=0 _bad=""
  for q in tests/competency/*.rq; do
    b=$(basename "$q" .rq)
    ordered=""
    tr '\n' ' ' <"$q" | sed 's/.*}//' | grep -qi 'order by' && ordered=--ordered
    if [ -s "$2/$b.$3" ] &&
      "$TOOLS/resultdiff" $ordered "${q%.rq}.tsv" "$2/$b.$3" >/dev/null 2>&1; then
      _ok=$((_ok + 1))
    else
      _bad="$_bad $b"
    fi
  done
  _all=$(ls tests/competency/*.rq | wc -l)
  check_eq "$1: competency answers as the shell's ($_ok of $_all)" "" "$_bad"
}

# ---------------------------------------------------------- read-only
start_server ro "$TMP/kg" --timeout 20
S=$URL/sparql

# the competency questions through curl: JSON by form POST, XML by
# sparql-query POST, TSV by GET
mkdir -p "$TMP/curl"
for q in tests/competency/*.rq; do
  b=$(basename "$q" .rq)
  $CURL -H 'Accept: application/sparql-results+json' --data-urlencode "query@$q" "$S" >"$TMP/curl/$b.srj"
  $CURL -H 'Accept: application/sparql-results+xml' -H 'Content-Type: application/sparql-query' --data-binary "@$q" "$URL/query" >"$TMP/curl/$b.srx"
  $CURL -G -H 'Accept: text/tab-separated-values' --data-urlencode "query@$q" "$S" >"$TMP/curl/$b.tsv"
done
compare "curl JSON (form POST)" "$TMP/curl" srj
compare "curl XML (sparql-query POST)" "$TMP/curl" srx
compare "curl TSV (GET)" "$TMP/curl" tsv

# content negotiation
Q='query=SELECT ?s WHERE { ?s ?p ?o } LIMIT 2'
req -H 'Accept: text/csv;q=0.5, application/sparql-results+xml;q=0.9' --data-urlencode "$Q" "$S"
check_match "negotiation: the highest q wins" '^application/sparql-results\+xml' "$(printf '%s\n' "$(header Content-Type)" >"$TMP/ct"; echo "$TMP/ct")"
req -H 'Accept: */*' --data-urlencode "$Q" "$S"
check_eq "negotiation: */* gives SPARQL JSON" "application/sparql-results+json; charset=utf-8" "$(header Content-Type)"
req -H 'Accept: text/*' --data-urlencode "$Q" "$S"
check_eq "negotiation: text/* gives CSV" "text/csv; charset=utf-8" "$(header Content-Type)"
req -H 'Accept: text/csv;q=0, text/*;q=0.8' --data-urlencode "$Q" "$S"
check_eq "negotiation: q=0 refuses a type" "text/tab-separated-values; charset=utf-8" "$(header Content-Type)"
req -H 'Accept: application/json' --data-urlencode "$Q" "$S" --data-urlencode 'format=tsv'
check_eq "negotiation: format= overrides Accept" "text/tab-separated-values; charset=utf-8" "$(header Content-Type)"
req -H 'Accept: text/csv' --data-urlencode "$Q" "$S" --data-urlencode 'output=application/sparql-results+xml' -G
check_eq "negotiation: output= with a media type" "application/sparql-results+xml; charset=utf-8" "$(header Content-Type)"
req -H 'Accept: image/png' --data-urlencode "$Q" "$S"
check_eq "negotiation: 406 when nothing is acceptable" 406 "$CODE"
CQ='query=CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5'
req -H 'Accept: application/n-triples' --data-urlencode "$CQ" "$S"
check_eq "CONSTRUCT as N-Triples" "application/n-triples; charset=utf-8 5" "$(header Content-Type) $(grep -c ' \.$' "$OUT")"
req --data-urlencode "$CQ" "$S"
check_eq "CONSTRUCT without Accept: Turtle" "text/turtle; charset=utf-8" "$(header Content-Type)"
req -H 'Accept: application/rdf+xml' --data-urlencode "$CQ" "$S"
check_contains "CONSTRUCT as RDF/XML" "<rdf:RDF" "$OUT"
req -H 'Accept: application/ld+json' --data-urlencode "$CQ" "$S"
check_eq "CONSTRUCT as JSON-LD: its media type" "application/ld+json; charset=utf-8" "$(header Content-Type)"
check_contains "CONSTRUCT as JSON-LD: compacted with the store's prefixes" '"@context"' "$OUT"
req -H 'Accept: text/csv' --data-urlencode "$CQ" "$S"
check_eq "CONSTRUCT: 406 for a result-set type" 406 "$CODE"
req -H 'Accept: application/sparql-results+xml' --data-urlencode 'query=ASK { ?s ?p ?o }' "$S"
check_contains "ASK as SPARQL XML" "<boolean>true</boolean>" "$OUT"

# errors
req --data-urlencode 'query=SELECT ?s WHERE { ?s ?p }' "$S"
check_eq "400 for a bad query" 400 "$CODE"
check_contains "400 names line and column" "line 1, column" "$OUT"
req -H 'Content-Type: text/plain' --data-binary 'SELECT * {}' "$S"
check_eq "415 for an unknown body type" 415 "$CODE"
req --data-urlencode 'update=INSERT DATA { <a:b> <a:c> <a:d> }' "$S"
check_eq "403 for an update without --update" 403 "$CODE"
req --data-urlencode 'query=SELECT * {}' --data-urlencode 'query=ASK {}' "$S"
check_eq "400 for two queries" 400 "$CODE"
req --data-urlencode 'update=CLEAR ALL' "$URL/query"
check_eq "400 for an update sent to /query" 400 "$CODE"
req -G --data-urlencode 'query=INSERT DATA { <a:b> <a:c> <a:d> }' "$S"
check_eq "400 for an update in a query parameter" 400 "$CODE"
req -X POST -H 'Content-Type: application/x-www-form-urlencoded' "$S"
check_eq "400 for a POST without a query" 400 "$CODE"
req -X PUT "$S"
check_eq "405 for PUT on /sparql" 405 "$CODE"
req "$URL/nothing"
check_eq "404 for an unknown path" 404 "$CODE"
req --data-urlencode 'query=SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }' "$S"
check_eq "SERVICE refused for requests (403)" 403 "$CODE"
req --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' --data-urlencode 'timeout=1' "$S"
check_eq "a query past its timeout= is cancelled (503)" "503" "$CODE"
check_contains "the timeout is named" "timed out" "$OUT"

# the protocol dataset: default-graph-uri replaces the query's
G=$("$KGSH" -q --readonly "$TMP/kg" -F tsv -e 'SELECT ?g WHERE { GRAPH ?g {} } ORDER BY ?g LIMIT 1' | sed -n 2p | tr -d '<>')
N=$(count_of "$TMP/kg" "GRAPH <$G> { ?s ?p ?o }")
req -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --data-urlencode "default-graph-uri=$G" "$S"
check_eq "default-graph-uri: the graph's statements" "$N" "$(sed -n 2p "$OUT" | tr -d '\r')"
req -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' --data-urlencode "named-graph-uri=$G" "$S"
check_eq "named-graph-uri: only that graph is named" "$N" "$(sed -n 2p "$OUT" | tr -d '\r')"

# the Service Description
req -H 'Accept: text/turtle' "$S"
check_contains "service description: sd:Service" "sd:Service" "$OUT"
check_contains "service description: the store's size" "void:triples $(statements "$TMP/kg")" "$OUT"
check_contains "service description: result formats" "formats:SPARQL_Results_JSON" "$OUT"
req -H 'Accept: application/n-triples' "$URL/query"
check_contains "service description at /query in N-Triples" "<http://www.w3.org/ns/sparql-service-description#Service>" "$OUT"

# the page: shipped, with the store's prefixes, nothing from elsewhere
req "$URL/"
check_eq "the page: 200 HTML" "200 text/html; charset=utf-8" "$CODE $(header Content-Type)"
check_contains "the page has the store's prefixes" '"hz":"https://kgsh.dev/id/hz/"' "$OUT"
check_lacks "the page loads nothing from another host" 'src="http' "$OUT"

# CORS is off without --cors
req -H 'Origin: http://example.org' --data-urlencode "$Q" "$S"
check_eq "no CORS header without --cors" "" "$(header Access-Control-Allow-Origin)"

# Graph Store reads
req -H 'Accept: application/n-triples' "$URL/store?graph=$G"
check_eq "GSP GET ?graph=: the graph" "200 $N" "$CODE $(grep -c ' \.$' "$OUT")"
req -I "$URL/store?graph=$G"
check_eq "GSP HEAD" 200 "$CODE"
req "$URL/store?graph=http://example.org/none"
check_eq "GSP GET of a missing graph: 404" 404 "$CODE"
req -H 'Accept: application/n-quads' "$URL/store"
check_eq "GSP GET of the whole store as N-Quads" "$(statements "$TMP/kg")" "$(grep -c ' \.$' "$OUT")"
req -X PUT -H 'Content-Type: text/turtle' --data-binary '<a:b> <a:c> <a:d> .' "$URL/store?default"
check_eq "GSP PUT without --update: 403" 403 "$CODE"

# hostile input: the server answers or drops the connection, then serves on
req "$S?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%ZZ%"
case $CODE in 200 | 400) ok "malformed percent-encoding: $CODE" ;; *) fail "malformed percent-encoding" "status $CODE" ;; esac
{ printf 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 1 #'; head -c 10485760 /dev/zero | tr '\0' a; } >"$TMP/big.form"
req -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$TMP/big.form" "$S"
check_eq "a 10 MB query is answered" 200 "$CODE"
i=0
: >"$TMP/flood.cfg"
while [ $i -lt 3000 ]; do echo "header = \"X-Flood-$i: $(printf '%060d' $i)\"" >>"$TMP/flood.cfg"; i=$((i + 1)); done
req -K "$TMP/flood.cfg" --data-urlencode "$Q" "$S"
case $CODE in 431 | 413 | 400 | 000) ok "a header flood is refused ($CODE)" ;; *) fail "a header flood" "status $CODE" ;; esac
$PY tests/e2e/clients/rawhttp.py "127.0.0.1" "${URL##*:}" >"$TMP/raw.out" 2>&1
check_eq "wrong Content-Length and a client that stops reading" "ok" "$(tail -1 "$TMP/raw.out")"
req -H 'Accept: text/csv' --data-urlencode "$Q" "$S"
check_eq "the server still answers after bad clients" 200 "$CODE"

# real clients
mkdir -p "$TMP/sw" "$TMP/rdflib" "$TMP/roqet" "$TMP/service"
if $PY tests/e2e/clients/sparqlwrapper.py "$S" tests/competency "$TMP/sw" >"$TMP/sw.out" 2>&1; then
  compare "SPARQLWrapper JSON" "$TMP/sw" srj
  compare "SPARQLWrapper XML" "$TMP/sw" srx
  check_contains "SPARQLWrapper ASK" "ask true" "$TMP/sw.out"
  check_contains "SPARQLWrapper CONSTRUCT" "construct 25" "$TMP/sw.out"
else
  fail "SPARQLWrapper" "$(_short "$(tail -5 "$TMP/sw.out")")"
fi
if $PY tests/e2e/clients/rdflib_store.py query "$S" tests/competency "$TMP/rdflib" >"$TMP/rdflib.out" 2>&1; then
  compare "rdflib SPARQLStore" "$TMP/rdflib" srj
else
  fail "rdflib SPARQLStore" "$(_short "$(tail -5 "$TMP/rdflib.out")")"
fi
# (XML: roqet's TSV writer writes an xsd:decimal without a dot, which TSV
# reads back as an integer; its XML writer adds <unbound/> bindings, which
# SPARQL XML results do not have, taken out here)
for q in tests/competency/*.rq; do
  roqet -q -p "$S" -r xml "$q" 2>>"$TMP/roqet.err" |
    sed 's|<binding name="[^"]*"><unbound/></binding>||' >"$TMP/roqet/$(basename "$q" .rq).srx"
done
compare "roqet -p" "$TMP/roqet" srx
# a second kgsh: each question as a subquery sent through SERVICE
for q in tests/competency/*.rq; do
  b=$(basename "$q" .rq)
  grep -i '^PREFIX' "$q" >"$TMP/service/$b.rq"
  { echo "SELECT * WHERE { SERVICE <$S> { {"; grep -v '^#' "$q" | grep -iv '^PREFIX'; echo "} } }"; } >>"$TMP/service/$b.rq"
  "$KGSH" -q --allow host:127.0.0.1 memory: -F tsv -f "$TMP/service/$b.rq" >"$TMP/service/$b.tsv" 2>>"$TMP/service.err"
done
compare "kgsh SERVICE" "$TMP/service" tsv
# Comunica from npm, installed once into build/comunica (the package.json
# beside the client pins a version that keeps language tags)
COMUNICA=$ROOT/build/comunica
if [ ! -d "$COMUNICA/node_modules/@comunica/query-sparql" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$COMUNICA"
  cp tests/e2e/clients/comunica-package.json "$COMUNICA/package.json"
  (cd "$COMUNICA" && npm install --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1
fi
if [ -d "$COMUNICA/node_modules/@comunica/query-sparql" ]; then
  mkdir -p "$TMP/comunica"
  NODE_PATH=$COMUNICA/node_modules node tests/e2e/clients/comunica.js "$S" tests/competency "$TMP/comunica" >"$TMP/comunica.out" 2>&1
  compare "Comunica (sparql source)" "$TMP/comunica" srj
else
  skip "Comunica" "npm cannot install @comunica/query-sparql: $(_short "$(cat "$TMP/npm.log" 2>/dev/null)")"
fi
grep -q 'ERROR: \|runtime error:' "$TMP/service.err" && fail "kgsh SERVICE: sanitizer" "$(head -3 "$TMP/service.err")"

check_match "access log: one line per request" '^[0-9T:-]+Z 127\.0\.0\.1 POST /sparql 200 [0-9]+ [0-9]+ms$' "$TMP/ro.log"
stop_server ro
kg --readonly "$TMP/kg" -e .stats
check_rc "the store opens after the server stopped" 0

# ----------------------------------------------------- read and write
TOKEN=s3cret-token
start_server rw "$TMP/rw.kg" --update --token "$TOKEN" --cors --threads 4 --max-body 1
S=$URL/sparql
AUTH="Authorization: Bearer $TOKEN"
U='update=INSERT DATA { <http://example.org/x> <http://example.org/p> "1" }'
req --data-urlencode "$U" "$S"
check_eq "403 for an update without the token" 403 "$CODE"
req -H "Authorization: Bearer s3cret-tokeN" --data-urlencode "$U" "$S"
check_eq "403 for a wrong token" 403 "$CODE"
req -H "Authorization: Bearer s3cret" --data-urlencode "$U" "$S"
check_eq "403 for a token's prefix" 403 "$CODE"
req -H "$AUTH" --data-urlencode "$U" "$URL/update"
check_eq "update with the token: 200" "200 1 added, 0 removed" "$CODE $(cat "$OUT")"
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary 'INSERT DATA { <http://example.org/x> <http://example.org/p> "2" }' "$S"
check_eq "update as application/sparql-update" 200 "$CODE"
req -H "$AUTH" --data-urlencode 'update=INSERT DATA { <http://example.org/x> <http://example.org/p> "3" } ; INSERT DATA { <http://example.org/x> <http://example.org/p> "4"^^<http://www.w3.org/2001/XMLSchema#integer> . <http://example.org/x> <http://example.org/p> ?bad }' "$S"
check_eq "a bad update: 400" 400 "$CODE"
req -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { <http://example.org/x> ?p ?o }' "$S"
check_eq "a failed update changes nothing" 2 "$(value)"
req -H "$AUTH" --data-urlencode "update=LOAD <file://$ROOT/data/links.ttl>" "$S"
check_eq "LOAD <file:...> refused for requests (403)" 403 "$CODE"
req -H "$AUTH" --data-urlencode 'query=SELECT * {}' "$URL/update"
check_eq "400 for a query sent to /update" 400 "$CODE"
req -H "$AUTH" -H 'Content-Type: application/sparql-update; charset=UTF-16' --data-binary 'CLEAR ALL' "$S"
check_eq "415 for a body that is not UTF-8" 415 "$CODE"
req -H "$AUTH" --data-urlencode 'update=INSERT { <http://example.org/u> <http://example.org/n> ?o } WHERE { ?s <http://example.org/p> ?o }' --data-urlencode 'using-graph-uri=http://example.org/nothing' "$S"
check_eq "using-graph-uri: the update's WHERE sees that graph only" "200 0 added, 0 removed" "$CODE $(cat "$OUT")"
req -H "$AUTH" --data-urlencode 'update=INSERT { <http://example.org/u> <http://example.org/n> ?o } USING <http://example.org/g1> WHERE { ?s ?p ?o }' --data-urlencode 'using-graph-uri=http://example.org/nothing' "$S"
check_eq "using-graph-uri with USING in the update: 400" 400 "$CODE"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$TMP/big.body"
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary "@$TMP/big.body" "$S"
check_eq "413 above --max-body" 413 "$CODE"

# CORS
req -X OPTIONS -H 'Origin: http://example.org' -H 'Access-Control-Request-Method: POST' "$S"
check_eq "CORS pre-flight: 204" 204 "$CODE"
check_contains "CORS pre-flight: methods" "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, DELETE, OPTIONS" "$HDR"
req -H 'Origin: http://example.org' --data-urlencode "$Q" "$S"
check_eq "CORS: Access-Control-Allow-Origin" "*" "$(header Access-Control-Allow-Origin)"

# Graph Store writes
GS=$URL/store
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '<http://example.org/s> <http://example.org/p> "a", "b" .' "$GS?graph=http://example.org/g1"
check_eq "GSP PUT of a new graph: 201" 201 "$CODE"
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '<http://example.org/s> <http://example.org/p> "c" .' "$GS?graph=http://example.org/g1"
check_eq "GSP PUT replaces: 204" 204 "$CODE"
req -H 'Accept: application/n-triples' "$GS?graph=http://example.org/g1"
check_eq "GSP GET after PUT" '<http://example.org/s> <http://example.org/p> "c" .' "$(cat "$OUT")"
req -X POST -H "$AUTH" -H 'Content-Type: application/n-triples' --data-binary '<http://example.org/s> <http://example.org/p> "d" .' "$GS?graph=http://example.org/g1"
_code=$CODE
req -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/g1> { ?s ?p ?o } }' "$S"
check_eq "GSP POST adds" "200 2" "$_code $(value)"
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '<http://example.org/s> <http://example.org/p> "e" . this is not turtle' "$GS?graph=http://example.org/g1"
check_eq "GSP PUT of bad Turtle: 400" 400 "$CODE"
req -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/g1> { ?s ?p ?o } }' "$S"
check_eq "a failed PUT changes nothing" 2 "$(value)"
req -X PUT -H "$AUTH" -H 'Content-Type: image/png' --data-binary 'x' "$GS?graph=http://example.org/g1"
check_eq "GSP PUT of an unknown type: 415" 415 "$CODE"
req -X POST -H "$AUTH" -H 'Content-Type: application/trig' --data-binary '<http://example.org/g2> { <http://example.org/s> <http://example.org/p> "f" }' "$GS"
check_eq "GSP POST of a TriG dataset" 200 "$CODE"
req -X DELETE -H "$AUTH" "$GS?graph=http://example.org/g2"
check_eq "GSP DELETE" 200 "$CODE"
printf '<http://example.org/m> <http://example.org/p> "one" .\n' >"$TMP/one.ttl"
printf '<http://example.org/m> <http://example.org/p> "two" .\n' >"$TMP/two.nt"
req -H "$AUTH" -F "a=@$TMP/one.ttl;type=text/turtle" -F "b=@$TMP/two.nt" "$GS?graph=http://example.org/multi"
_code=$CODE
req -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/multi> { ?s ?p ?o } }' "$S"
check_eq "GSP POST of multipart/form-data files" "201 2" "$_code $(value)"
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '<http://example.org/s> <http://example.org/p> "direct" .' "$GS/people/1"
req -H 'Accept: application/n-triples' "$URL/store?graph=$URL/store/people/1"
check_eq "GSP direct identification: /store/PATH is a graph" '<http://example.org/s> <http://example.org/p> "direct" .' "$(cat "$OUT")"
req -X POST -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '[] <http://example.org/p> "new" .' "$GS"
loc=$(header Location)
req -H 'Accept: application/n-triples' "$loc"
check_eq "GSP POST of triples to /store: a new graph at Location" '201 "new"' "$(printf '%s' "$loc" | grep -q "^$URL/store/" && echo 201) $(sed 's/.* \("[a-z]*"\) \.$/\1/' "$OUT")"
req -X DELETE -H "$AUTH" "$GS?graph=http://example.org/g2"
check_eq "GSP DELETE of a missing graph: 404" 404 "$CODE"
req -X DELETE "$GS?graph=http://example.org/g1"
check_eq "GSP DELETE without the token: 403" 403 "$CODE"
req "$GS?graph=not%20an%20iri"
check_eq "GSP ?graph= that is not an IRI: 400" 400 "$CODE"

# rdflib's update store
if $PY tests/e2e/clients/rdflib_store.py update "$S" "$S" "$TOKEN" >"$TMP/rdflibu.out" 2>&1; then
  check_eq "rdflib SPARQLUpdateStore" "inserted 3|graph 2|deleted 0|" "$(tr '\n' '|' <"$TMP/rdflibu.out")"
else
  fail "rdflib SPARQLUpdateStore" "$(_short "$(tail -5 "$TMP/rdflibu.out")")"
fi

# load: 8 readers x 40 queries and 1 writer x 100 inserts at once
before=$(curl -s -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' "$S" | sed -n 2p | tr -d '\r')
# client N FILE query|update: N requests in the background, their
# statuses in FILE; the updates each insert a statement of their own
pids=""
client() {
  (
    i=0
    while [ $i -lt "$1" ]; do
      if [ "$3" = query ]; then
        set -- "$1" "$2" "$3" "query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
      else
        set -- "$1" "$2" "$3" "update=INSERT DATA { <http://example.org/load> <http://example.org/n> $i }"
      fi
      $CURL -o /dev/null -w '%{http_code}\n' -H "$AUTH" -H 'Accept: text/csv' \
        --data-urlencode 'timeout=60' --data-urlencode "$4" "$S"
      i=$((i + 1))
    done >"$2"
  ) &
  pids="$pids $!"
}
r=0
while [ $r -lt 8 ]; do
  client 40 "$TMP/load.$r" query
  r=$((r + 1))
done
client 100 "$TMP/load.w" update
for p in $pids; do wait "$p"; done
cat "$TMP"/load.[0-9w] >"$TMP/load.codes"
check_eq "load: 420 requests, no error" "420 200" "$(sort "$TMP/load.codes" | uniq -c | awk '{ print $1, $2 }' | tr '\n' ' ' | sed 's/ $//')"
after=$(curl -s -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' "$S" | sed -n 2p | tr -d '\r')
check_eq "load: no lost writes" "$((before + 100))" "$after"

# saturation: with --threads 1 --queue 0 a second request gets 503
stop_server rw
start_server one "$TMP/rw.kg" --threads 1 --queue 0 --timeout 5
$CURL -o "$TMP/slow.out" -w '%{http_code}' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' "$URL/sparql" >"$TMP/slow.code" &
slow=$!
sleep 1
req --data-urlencode "$Q" "$URL/sparql"
check_eq "503 when every worker is busy" "503 1" "$CODE $(header Retry-After)"
wait $slow
check_eq "the slow query ends at --timeout" 503 "$(cat "$TMP/slow.code")"
req --data-urlencode "$Q" "$URL/sparql"
check_eq "a worker is free again" 200 "$CODE"
stop_server one

finish
