#!/bin/sh
# remote.sh - a SPARQL server as kgsh's store (graph/remote/): kgsh serve
# on 127.0.0.1 filled through `kgsh http://.../sparql` (INSERT DATA
# batches) and through `sparql:...,store=...` (the Graph Store Protocol);
# the competency questions through both give the local store's answers;
# every output format, the parser's carets before anything is sent, the
# session's prefixes, updates, .stats/.graphs/.describe/.find/.export
# against the local store, transactions refused, read-only, credentials
# (never shown), a dead endpoint, a URL that is no endpoint, a
# timeout that cancels the request, and answers read as they arrive (rows
# and statements shown while the server still sends, a million of them in
# bounded memory, an answer cut in the middle, SERVICE's answers).
# Usage: sh tests/e2e/remote.sh path/to/kgsh
. tests/e2e/lib.sh
. tests/e2e/clients/server.sh

make_store "$TMP/local.kg"
LOCAL=$TMP/local.kg

# fill SPEC: the article's files loaded into SPEC as data/load.kgsh does
fill() {
  kg --bail "$1" -e '.load ontology/hz.ttl https://kgsh.dev/ontology/hz' \
    -e '.load data/article.trig' \
    -e '.load data/links-wikidata.ttl https://kgsh.dev/dataset/hz/links-wikidata' \
    -e '.load data/links-dbpedia.ttl https://kgsh.dev/dataset/hz/links-dbpedia'
}

# competency NAME SPEC: every question through SPEC against its answer
competency() {
  _ok=0 _bad=""
  for q in tests/competency/*.rq; do
    b=$(basename "$q" .rq)
    ordered=""
    tr '\n' ' ' <"$q" | sed 's/.*}//' | grep -qi 'order by' && ordered=--ordered
    "$KGSH" -q -F tsv "$2" -f "$q" >"$TMP/$b.tsv" 2>"$TMP/$b.err" </dev/null
    if "$TOOLS/resultdiff" $ordered "${q%.rq}.tsv" "$TMP/$b.tsv" >/dev/null 2>&1; then
      _ok=$((_ok + 1))
    else
      _bad="$_bad $b($(head -c 120 "$TMP/$b.err"))"
    fi
  done
  _all=$(ls tests/competency/*.rq | wc -l)
  check_eq "$1: competency questions give the local answers$_bad" "$_all" "$_ok"
}

# ------------------------------------------------ INSERT DATA batches
mkdir -p "$TMP/srv"
"$KGSH" -q "$TMP/srv/a.kg" -e '.stats' >/dev/null 2>&1 </dev/null
start_server a "$TMP/srv/a.kg" --update --timeout 5
EP=$URL/sparql
fill "$EP"
check_rc "load the article into kgsh serve by INSERT DATA" 0
check_match "a load says what it sent" "loaded 1922 statements .* from data/article.trig" "$ERR"
competency "kgsh serve (INSERT DATA)" "$EP"

# the same answers as the local store, in every output format
Q='SELECT ?name WHERE { <https://kgsh.dev/id/hz/Leapmotor> <http://schema.org/founder>/<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name'
for f in table csv tsv json xml markdown; do
  kg -F "$f" "$LOCAL" -e "$Q"
  cp "$OUT" "$TMP/local.$f"
  kg -F "$f" "$EP" -e "$Q"
  check_rc "SELECT -F $f through the server" 0
  check_eq "SELECT -F $f: the local store's output" "$(cat "$TMP/local.$f")" "$(cat "$OUT")"
done
kg "$EP" -e 'ASK { <https://kgsh.dev/id/hz/Leapmotor> ?p ?o }'
check_eq "ASK through the server" "true" "$(cat "$OUT")"
C='CONSTRUCT WHERE { <https://kgsh.dev/id/hz/Leapmotor> ?p ?o }'
kg -F ntriples "$LOCAL" -e "$C"
sort "$OUT" >"$TMP/local-construct.nt"
kg -F ntriples "$EP" -e "$C"
check_eq "CONSTRUCT through the server: the local statements" \
  "$(cat "$TMP/local-construct.nt")" "$(sort "$OUT")"
kg -F turtle "$EP" -e "$C"
check_contains "CONSTRUCT through the server as Turtle" "@prefix" "$OUT"
kg -F ntriples "$EP" -e 'DESCRIBE <https://kgsh.dev/id/hz/Leapmotor>'
check_match "DESCRIBE through the server" "^<https://kgsh.dev/id/hz/Leapmotor> " "$OUT"

# kgsh's parser first: the caret, status 1, nothing sent
before=$(wc -l <"$TMP/a.log")
kg "$EP" -e 'SELECT ?x WHERE { ?x <http://example.org/p> ?y'
check_rc "a syntax error fails" 1
check_contains "a syntax error is kgsh's own, with the place" "syntax error at line 1, column" "$ERR"
check_contains "a syntax error shows a caret" "^" "$ERR"
# (the one request is the question every open asks: ASK {})
check_eq "a syntax error is not sent" "$((before + 1))" "$(wc -l <"$TMP/a.log")"

# the session's prefixes are declared for the server
kg -F tsv "$EP" -e '.prefix hz https://kgsh.dev/id/hz/' \
  -e 'SELECT ?l WHERE { hz:Leapmotor rdfs:label ?l FILTER(lang(?l) = "en") }'
check_eq "the session's prefixes go with a query" '"Leapmotor"@en' "$(sed -n 2p "$OUT")"

# statistics, graphs, .describe, .find through queries
# (named graphs: the local list also has the empty default graph)
kg -F tsv "$LOCAL" -e .graphs
grep '^<' "$OUT" | sort >"$TMP/local.graphs"
kg -F tsv "$EP" -e .graphs
check_eq ".graphs: the local graphs and sizes" "$(cat "$TMP/local.graphs")" "$(grep '^<' "$OUT" | sort)"
kg "$EP" -e .stats
check_contains ".stats names the endpoint" "store       $EP" "$OUT"
check_contains ".stats counts the graphs" "graphs      10" "$OUT"
check_match ".stats counts the classes" "^ +55  .*Figure" "$OUT"
kg "$EP" -e '.describe 零跑科技'
check_contains ".describe finds a label through the server" "<https://kgsh.dev/id/hz/Leapmotor>" "$OUT"
check_contains ".describe lists the founder" "ZhuJiangming" "$OUT"
kg -F tsv "$EP" -e '.find <https://kgsh.dev/id/hz/Leapmotor> <http://schema.org/founder> _'
check_contains ".find through the server" "<https://kgsh.dev/id/hz/ZhuJiangming>" "$OUT"

# .export reads every graph back
kg "$LOCAL" -e ".export $TMP/local.trig"
kg "$EP" -e ".export $TMP/remote.trig"
check_rc ".export from the server" 0
check_cmd ".export: the local store's statements" \
  /usr/bin/python3 tests/tools/rdfiso.py "$TMP/local.trig" trig "$TMP/remote.trig" trig

# updates go to the server; transactions are refused clearly
kg -q "$EP" -e 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> "new" } }'
check_rc "an update through the server" 0
kg -F tsv "$EP" -e 'SELECT ?o WHERE { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> ?o } }'
check_eq "the update is in the server's store" '"new"' "$(sed -n 2p "$OUT")"
kg "$EP" -e .begin
check_rc ".begin on a server fails" 1
check_contains ".begin says why" "has no multi-statement transactions" "$ERR"
kg "$EP" -e '.explain SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 2'
check_contains ".explain on a server: the algebra" "(top (2 ?o)" "$OUT"
kg "$EP" -e '.explain analyze SELECT ?o WHERE { ?s ?p ?o } LIMIT 2'
check_rc ".explain analyze on a server fails" 1
check_contains ".explain analyze on a server says why" "plans and runs its queries itself" "$ERR"
kg --readonly "$EP" -e 'INSERT DATA { <urn:x:a> <urn:x:p> "ro" }'
check_contains "--readonly refuses an update" "read-only" "$ERR"
kg "$EP" -e 'ASK { <urn:x:a> <urn:x:p> "ro" }'
check_eq "--readonly sent nothing" "false" "$(cat "$OUT")"

# a bad file is refused before anything is sent
printf '<urn:x:s> <urn:x:p> "ok" .\n<urn:x:s> <urn:x:p> .\n' >"$TMP/bad.nt"
known_bug "raptor2 2.0.15's N-Triples parser leaks the terms of a statement it rejects (a local store too: tests/fuzz/lsan.supp)"
kg "$EP" -e ".load $TMP/bad.nt"
check_rc "a bad file fails" 1
check_contains "a bad file: its place" "bad.nt:2" "$ERR"
kg "$EP" -e 'ASK { <urn:x:s> ?p ?o }'
check_eq "a bad file: nothing reached the server" "false" "$(cat "$OUT")"

# in a terminal: the banner, Tab completion by queries, an update's
# message, Ctrl-C cancelling a request
if command -v tmux >/dev/null 2>&1; then
  WORK=$TMP/work
  HIST=$TMP/history
  mkdir -p "$WORK"
  . tests/e2e/clients/terminal.sh
  start 160 "$EP"
  expect "terminal: the banner names the endpoint" "- $EP, 27"
  prompt
  keys ".prefix hzo https://kgsh.dev/ontology/hz#" Enter
  prompt
  keys "SELECT ?d WHERE { hz:Leapmotor hzo:locat" Tab
  expect "terminal: Tab completes a name the server holds" "hzo:locatedIn"
  keys C-u
  clear_screen
  keys "INSERT DATA { <urn:x:t> <urn:x:p> 1 };" Enter
  expect "terminal: an update says the server does not count" \
    "done (the server does not say how many statements changed)"
  prompt
  keys "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i };" Enter
  sleep 1
  keys C-c
  expect "terminal: Ctrl-C cancels the request" "was cancelled"
  prompt
  keys C-d
  if wait_until 10 _is_dead; then ok "terminal: Ctrl-D ends the session"; else
    fail "terminal: Ctrl-D ends the session" "still running"
  fi
else
  fail "terminal" "tmux is not installed (make deps installs it)"
fi

# a timeout cancels the request (the server stops at its own)
kg --timeout 1 "$EP" -e 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'
check_rc "a query past --timeout fails" 1
check_match "a query past --timeout says so" "timed out|cancelled|interrupted" "$ERR"
# a file into the default graph by INSERT DATA (no GRAPH block: braces
# within braces are no SPARQL), blank nodes included
printf '<urn:x:d1> <urn:x:dp> 1 .\n_:x <urn:x:dp> 2 .\n' >"$TMP/dflt.ttl"
kg -q "$EP" -e ".load $TMP/dflt.ttl"
check_rc "a file into the default graph by INSERT DATA" 0
kg -F tsv "$EP" -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:x:dp> ?o FILTER NOT EXISTS { GRAPH ?g { ?s <urn:x:dp> ?o } } }'
check_eq "the default graph holds the file's two statements" 2 "$(value)"
kg "$EP" -e ".export $TMP/all.nq nquads"
check_eq ".export without a store URL: the default graph's statements too" 2 "$(grep -c '<urn:x:dp>' "$TMP/all.nq")"
# a large file is parsed into a store on disk first (forced here), the
# same statements arrive, and the folder goes
mkdir -p "$TMP/scratch"
kg -F tsv "$EP" -e .graphs
cp "$OUT" "$TMP/graphs.before"
KG_SCRATCH_DISK=1 TMPDIR=$TMP/scratch kg "$EP" -e ".load data/article.trig"
check_rc "a load through a store on disk" 0
check_match "a load through a store on disk sends every statement" "loaded 1922 statements .* from data/article.trig" "$ERR"
check_eq "a load through a store on disk: the folder is removed" "" "$(ls "$TMP/scratch")"
kg -F tsv "$EP" -e .graphs
check_eq "a load through a store on disk: the same graphs and sizes (the article was there)" "$(cat "$TMP/graphs.before")" "$(cat "$OUT")"
stop_server a

# ------------------------------------- the Graph Store Protocol, tokens
"$KGSH" -q "$TMP/srv/b.kg" -e '.stats' >/dev/null 2>&1 </dev/null
start_server b "$TMP/srv/b.kg" --update --token s3cret-t0ken
SP="sparql:$URL/query,update=$URL/update,store=$URL/store"
fill "$SP"
check_rc "a load without the token fails" 1
check_contains "the server's refusal is shown" "403" "$ERR"
KGSH_TOKEN=s3cret-t0ken
export KGSH_TOKEN
fill "$SP"
check_rc "load through the Graph Store Protocol with KGSH_TOKEN" 0
check_lacks "the token is never shown" "s3cret" "$ERR"
grep -c ' POST /store 20[0-9] ' "$TMP/b.log" >"$TMP/posts"
# one a graph, and one more for the ontology's statements with blank nodes
check_eq "Graph Store requests: one a graph, one for blank nodes" "11" "$(cat "$TMP/posts")"
competency "kgsh serve (Graph Store Protocol)" "$SP"
kg "$SP" -e ".export $TMP/gsp.trig"
check_cmd ".export through the Graph Store Protocol" \
  /usr/bin/python3 tests/tools/rdfiso.py "$TMP/local.trig" trig "$TMP/gsp.trig" trig
unset KGSH_TOKEN
# credentials in the URL never shown
kg "http://someone:pa55word@${URL#http://}/sparql" -e .stats
check_rc "an endpoint URL with credentials opens" 0
check_lacks "the password is not in the banner or .stats" "pa55word" "$OUT"
kg "$URL/nothing-here" -e .stats
check_rc "a URL that is no endpoint: status 2" 2
check_contains "a URL that is no endpoint: the server's status" "404" "$ERR"
stop_server b

# ------------------------------------------- kgsh push STORE URL
"$KGSH" -q "$TMP/srv/c.kg" -e '.stats' >/dev/null 2>&1 </dev/null
start_server c "$TMP/srv/c.kg" --update
kg push "$LOCAL" "$URL/sparql"
check_rc "kgsh push copies the local store" 0
check_contains "kgsh push checks the counts" "pushed 2729 statements in 10 graphs to $URL/sparql; the server holds the same count in each of the 10 named graphs" "$ERR"
kg "$URL/sparql" -e ".export $TMP/pushed.trig"
check_cmd "kgsh push: the server holds the local dataset" \
  /usr/bin/python3 tests/tools/rdfiso.py "$TMP/local.trig" trig "$TMP/pushed.trig" trig
kg -q "$URL/sparql" -e 'INSERT DATA { GRAPH <https://kgsh.dev/ontology/hz> { <urn:x:extra> <urn:x:p> 1 } }'
kg push "$LOCAL" "$URL/sparql"
check_rc "kgsh push into a graph that holds more fails" 1
# (779: the extra statement, and the blank nodes' 20 statements again, as
# blank nodes sent twice are two sets of blank nodes)
check_contains "kgsh push names the graph that differs" "https://kgsh.dev/ontology/hz: 758 statements here, 779 on the server" "$ERR"
kg push "$LOCAL"
check_rc "kgsh push without a URL: usage" 2
check_contains "kgsh push without a URL: the usage line" "Usage: kgsh push STORE URL" "$ERR"
stop_server c

# ------------------------------------------------ .push URL in the shell
"$KGSH" -q "$TMP/srv/d.kg" -e '.stats' >/dev/null 2>&1 </dev/null
start_server d "$TMP/srv/d.kg" --update
kg --readonly "$LOCAL" -e ".push $URL/sparql"
check_rc ".push copies the session's store" 0
check_contains ".push checks the counts as kgsh push does" "pushed 2729 statements in 10 graphs to $URL/sparql; the server holds the same count in each of the 10 named graphs" "$ERR"
kg "$URL/sparql" -e ".export $TMP/dotpushed.trig"
check_cmd ".push: the server holds the local dataset" \
  /usr/bin/python3 tests/tools/rdfiso.py "$TMP/local.trig" trig "$TMP/dotpushed.trig" trig
kg --readonly "$LOCAL" -e ".push $URL/sparql"
check_rc ".push again: the counts differ" 1
check_contains ".push names the graph that differs" "Error: https://kgsh.dev/ontology/hz: 758 statements here, 778 on the server" "$ERR"
kg --readonly "$LOCAL" -e ".push $URL/nothing-here"
check_rc ".push to a URL that is no endpoint fails" 1
check_match ".push: the URL and the server's status" "^Error: $URL/nothing-here: .*404" "$ERR"
kg "$LOCAL" -e ".push"
check_contains ".push without a URL: its usage" "usage: .push URL" "$ERR"
kg "$LOCAL" -e ".help push"
check_contains ".help push" "copy this store into a SPARQL server" "$OUT"
stop_server d

# ------------------------------------------- answers read as they arrive
# (clients/slowserver.py: an endpoint that holds, streams or cuts)
python3 tests/e2e/clients/slowserver.py "$TMP/slow.port" &
SLOW_PID=$!
at_exit "kill $SLOW_PID 2>/dev/null"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMP/slow.port" ] && break; sleep 0.3; done
SLOW=http://127.0.0.1:$(cat "$TMP/slow.port")
SEL='SELECT * WHERE { ?s ?p ?o }'
# peak OUT CMD...: runs CMD, its output into OUT; prints its status and
# its peak memory in MB
peak() {
  _out=$1
  shift
  /usr/bin/python3 -c '
import resource, subprocess, sys
with open(sys.argv[1], "w") as out:
    rc = subprocess.run(sys.argv[2:], stdout=out).returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
' "$_out" "$@" </dev/null
}
# held FORMAT QUERY N: QUERY to the server that holds its answer, Ctrl-C
# once N lines of it are out (or after 10 s); $OUT, $ERR and $RC as kg's
held() {
  "$KGSH" -q -F "$1" "$SLOW/hang" -e "$2" >"$OUT" 2>"$ERR" </dev/null &
  _k=$!
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    sleep 0.5
    [ "$(grep -c '^<' "$OUT")" -ge "$3" ] && break
  done
  kill -INT $_k
  wait $_k
  RC=$?
}
# check_peak NAME FILE MB [MORE]: peak's figure in FILE is under MB (not
# under ASan, whose own memory would count)
check_peak() {
  case $KGSH in */asan/*) return ;; esac
  _mb=$(cut -d' ' -f2 "$2")
  check_cmd "$1: peak memory under $3 MB ($_mb MB${4:-})" test "$_mb" -lt "$3"
}
# three rows, then a server that holds the connection: they are shown
# before the answer ends, and Ctrl-C stops the waiting
held tsv "$SEL" 3
check_eq "rows arrive while the server still answers" 3 "$(grep -c '^<http://example.org/item/' "$OUT")"
check_rc "Ctrl-C ends a held answer: status 1" 1
check_contains "Ctrl-C ends a held answer: the message" "the request to $SLOW/hang was cancelled" "$ERR"
kg --timeout 1 -F tsv "$SLOW/hang" -e "$SEL"
check_rc "--timeout ends a held answer: status 1" 1
check_contains "--timeout ends a held answer: the request named as sent" "POST $SLOW/hang: Operation timed out" "$ERR"
# a million rows (110 MB of JSON) go through in bounded memory
peak "$TMP/big.tsv" "$KGSH" -q -F tsv "$SLOW/big" -e "$SEL" >"$TMP/big.rss"
check_eq "a million-row answer: status 0" 0 "$(cut -d' ' -f1 "$TMP/big.rss")"
check_eq "a million-row answer: every row" 1000001 "$(wc -l <"$TMP/big.tsv" | tr -d ' ')"
check_eq "a million-row answer: the last row" '<http://example.org/item/999999>	"row 999999"' "$(tail -1 "$TMP/big.tsv")"
check_peak "a million-row answer" "$TMP/big.rss" 64
kg -F tsv "$SLOW/cut" -e "$SEL"
check_rc "an answer cut in the middle: status 1" 1
check_eq "an answer cut in the middle: the rows before the cut" 2 "$(grep -c '^<' "$OUT")"
check_contains "an answer cut in the middle: the message" "the server's answer is not a SPARQL result (application/sparql-results+json): the answer ends in the middle (after 2 rows)" "$ERR"
kg -F json "$SLOW/big?n=3" -e "$SEL"
check_match "a streamed answer written as JSON" '"value": *"row 2"' "$OUT"
# CONSTRUCT answers (N-Triples) too, a statement at a time
CON='CONSTRUCT WHERE { ?s ?p ?o }'
held nt "$CON" 50
check_cmd "statements arrive while the server still answers ($(grep -c '^<' "$OUT") of the 100 sent)" \
  test "$(grep -c '^<http://example.org/item/' "$OUT")" -ge 50
check_rc "Ctrl-C ends a held CONSTRUCT answer: status 1" 1
peak "$TMP/con.nt" "$KGSH" -q -F nt "$SLOW/big" -e "$CON" >"$TMP/con.rss"
check_eq "a million-statement answer: every statement" "0 1000000" "$(cut -d' ' -f1 "$TMP/con.rss") $(wc -l <"$TMP/con.nt" | tr -d ' ')"
check_peak "a million-statement answer" "$TMP/con.rss" 64
kg -F nt "$SLOW/cut" -e "$CON"
check_rc "a CONSTRUCT answer cut in the middle: status 1" 1
check_eq "a CONSTRUCT answer cut in the middle: the statements before the cut" 2 "$(grep -c '^<' "$OUT")"
check_contains "a CONSTRUCT answer cut in the middle: the message" "the server's answer is not valid RDF (application/n-triples, line 3): the document ends in the middle of a statement" "$ERR"
kg -F turtle "$SLOW/big?n=3" -e "$CON"
check_contains "a streamed CONSTRUCT answer written as Turtle" '<http://example.org/n> "row 2" .' "$OUT"
# SERVICE reads its answers the same way (federation.sh has the rest)
SVC="--allow host:${SLOW#http://}"
peak "$TMP/svc.tsv" "$KGSH" -q -F tsv $SVC memory: -e "SELECT (COUNT(*) AS ?n) WHERE { SERVICE <$SLOW/big> { ?s ?p ?o } }" >"$TMP/svc.rss"
check_eq "SERVICE with a million-row answer: every row joined" 1000000 "$(sed -n 2p "$TMP/svc.tsv")"
check_peak "SERVICE with a million-row answer" "$TMP/svc.rss" 400 \
  "; the answer whole took 1.7 GB"
kg -F tsv $SVC memory: -e "SELECT * WHERE { SERVICE SILENT <$SLOW/cut> { ?s ?p ?o } }"
check_rc "SERVICE SILENT, an answer cut in the middle: no error" 0
check_eq "SERVICE SILENT, an answer cut in the middle: its rows go, the one empty row stays" 1 "$(sed 1d "$OUT" | wc -l | tr -d ' ')"
kg -F tsv $SVC memory: -e "SELECT * WHERE { SERVICE <$SLOW/cut> { ?s ?p ?o } }"
check_rc "SERVICE, an answer cut in the middle: fails" 1
check_contains "SERVICE, an answer cut in the middle: the message" "SERVICE: the answer ends in the middle (after 2 rows)" "$ERR"
kill $SLOW_PID 2>/dev/null

# ------------------------------------------------ endpoints that fail
kg "$EP" -e .stats
check_rc "a dead endpoint: status 2" 2
check_contains "a dead endpoint: the message" "cannot open the SPARQL endpoint $EP" "$ERR"
kg "sparql:$EP,update=ftp://x" -e .stats
check_contains "a spec with a bad URL" "is not an http:// or https:// URL" "$ERR"
finish
