#!/bin/sh
# virtuoso.sh - Virtuoso (Debian's virtuoso-opensource) as kgsh's store:
# a real server on 127.0.0.1 with its own database folder and ports
# (tests/e2e/clients/virtuoso.sh), the article loaded into it through
# `kgsh http://127.0.0.1:PORT/sparql`, the competency questions through
# it against the local answers (the ones Virtuoso's dialect answers
# otherwise are listed in tests/e2e/virtuoso-differences.txt, each with
# its cause, and must still differ: docs/remote.md), an update through
# kgsh seen by Virtuoso's own isql, the Graph Store Protocol path, and
# .stats/.graphs/.export.
# Usage: sh tests/e2e/virtuoso.sh path/to/kgsh
. tests/e2e/lib.sh
. tests/e2e/clients/virtuoso.sh

if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1; then
  fail "Virtuoso is installed" "no virtuoso-t or isql-vt: run make deps (tests/deps.sh installs virtuoso-opensource)"
  finish
fi
start_virtuoso
EP=$VURL

kg "$EP" -e '.load ontology/hz.ttl https://kgsh.dev/ontology/hz' \
  -e '.load data/article.trig' \
  -e '.load data/links-wikidata.ttl https://kgsh.dev/dataset/hz/links-wikidata' \
  -e '.load data/links-dbpedia.ttl https://kgsh.dev/dataset/hz/links-dbpedia'
check_rc "load the article into Virtuoso through kgsh" 0
check_match "the article's statements reach Virtuoso" "loaded 1922 statements \(1922 new\) from data/article.trig" "$ERR"

# every question: the same answer, or a documented difference
same="" differ=""
for q in tests/competency/*.rq; do
  b=$(basename "$q" .rq)
  ordered=""
  tr '\n' ' ' <"$q" | sed 's/.*}//' | grep -qi 'order by' && ordered=--ordered
  "$KGSH" -q -F tsv "$EP" -f "$q" >"$TMP/$b.tsv" 2>"$TMP/$b.err" </dev/null
  if [ -s "$TMP/$b.err" ]; then
    fail "competency $b through Virtuoso" "$(head -c 300 "$TMP/$b.err")"
  elif "$TOOLS/resultdiff" $ordered "${q%.rq}.tsv" "$TMP/$b.tsv" >/dev/null 2>&1; then
    same="$same $b"
  else
    differ="$differ $b"
  fi
done
expected=$(sed -n 's/^\([0-9][0-9]-[^ ]*\) .*/\1/p' tests/e2e/virtuoso-differences.txt | tr '\n' ' ' | sed 's/ $//')
check_eq "competency questions: Virtuoso differs only where documented" "$expected" "${differ# }"
check_eq "competency questions: the rest give the local answers exactly" \
  "$(($(ls tests/competency/*.rq | wc -l) - $(echo $expected | wc -w)))" "$(echo $same | wc -w)"

# an update through kgsh, seen by Virtuoso's own client
kg "$EP" -e 'INSERT DATA { GRAPH <urn:kgsh:test> { <urn:kgsh:a> <urn:kgsh:p> "through kgsh" } }'
check_rc "an update through kgsh" 0
visql 'SPARQL SELECT ?o WHERE { GRAPH <urn:kgsh:test> { <urn:kgsh:a> <urn:kgsh:p> ?o } };' >"$TMP/isql.out"
check_contains "isql sees kgsh's update" "through kgsh" "$TMP/isql.out"
kg "$EP" -e 'DELETE DATA { GRAPH <urn:kgsh:test> { <urn:kgsh:a> <urn:kgsh:p> "through kgsh" } }'
visql 'SPARQL SELECT COUNT(*) WHERE { GRAPH <urn:kgsh:test> { ?s ?p ?o } };' >"$TMP/isql.out"
check_match "isql sees kgsh's delete" "^0 *$" "$TMP/isql.out"

# the Graph Store Protocol (Virtuoso's /sparql-graph-crud)
kg "sparql:$EP,store=${EP%/sparql}/sparql-graph-crud" -e '.load ontology/hz.ttl urn:kgsh:gsp'
check_rc "a load through Virtuoso's Graph Store Protocol" 0
kg -F tsv "$EP" -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kgsh:gsp> { ?s ?p ?o } }'
check_eq "the graph arrived whole" "758" "$(value)"

# a graph read back equals the file it came from
kg "$EP" -e ".export $TMP/onto.ttl turtle https://kgsh.dev/ontology/hz"
check_cmd ".export of a graph from Virtuoso: the ontology file" /usr/bin/python3 -c '
import sys
from rdflib import Graph
from rdflib.compare import isomorphic
sys.exit(0 if isomorphic(Graph().parse(sys.argv[1]), Graph().parse(sys.argv[2])) else 1)' ontology/hz.ttl "$TMP/onto.ttl"
kg "$EP" -e .graphs
check_contains ".graphs lists the article's graphs" "<https://kgsh.dev/id/hz/graph/frontier>" "$OUT"
kg "$EP" -e .stats
check_contains ".stats through Virtuoso" "store       $EP" "$OUT"
kg "$EP" -e 'SELECT ?x WHERE { ?x'
check_contains "kgsh's parser answers before Virtuoso" "syntax error at line 1" "$ERR"

# SERVICE from a local store to Virtuoso: the local article joined with
# a remote graph (owl:sameAs targets held only by the server)
make_store "$TMP/local.kg"
kg -q "$EP" -e 'INSERT DATA { GRAPH <urn:kgsh:remote> {
  <http://www.wikidata.org/entity/Q204839> <http://schema.org/name> "Xinhua (remote)" } }'
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?org ?remote WHERE {
  ?org <http://www.w3.org/2002/07/owl#sameAs> ?wd .
  SERVICE <$EP> { GRAPH <urn:kgsh:remote> { ?wd <http://schema.org/name> ?remote } } }"
check_rc "SERVICE to Virtuoso from the local store" 0
check_eq "SERVICE joins local links with a remote graph" \
  "<https://kgsh.dev/id/hz/Xinhua>	\"Xinhua (remote)\"" "$(sed -n 2p "$OUT")"
# the bound join's VALUES form (numbered rows, UNDEF): OPTIONAL keeps
# every local link, a row with ?wd unbound gets every remote name
N=$(count_of "$TMP/local.kg" "?org <http://www.w3.org/2002/07/owl#sameAs> ?wd")
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?org ?remote WHERE {
  ?org <http://www.w3.org/2002/07/owl#sameAs> ?wd
  OPTIONAL { SERVICE <$EP> { GRAPH <urn:kgsh:remote> { ?wd <http://schema.org/name> ?remote } } } }"
check_rc "OPTIONAL { SERVICE } to Virtuoso" 0
check_eq "OPTIONAL { SERVICE }: every local link kept" "$N" "$(($(wc -l <"$OUT") - 1))"
check_contains "OPTIONAL { SERVICE }: the remote name joined" "<https://kgsh.dev/id/hz/Xinhua>	\"Xinhua (remote)\"" "$OUT"
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT ?x ?wd ?remote WHERE {
  VALUES (?x ?wd) { (<urn:a> UNDEF) (<urn:b> <http://www.wikidata.org/entity/Q204839>) (<urn:c> <urn:none>) }
  SERVICE <$EP> { GRAPH <urn:kgsh:remote> { ?wd <http://schema.org/name> ?remote } } } ORDER BY ?x"
check_eq "VALUES with UNDEF sent to Virtuoso" "<urn:a>	<http://www.wikidata.org/entity/Q204839>	\"Xinhua (remote)\"
<urn:b>	<http://www.wikidata.org/entity/Q204839>	\"Xinhua (remote)\"" "$(sed -n '2,$p' "$OUT")"
kg -F tsv --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
check_rc "SERVICE SILENT on a dead endpoint succeeds" 0
check_eq "SERVICE SILENT on a dead endpoint: one row, unbound" "$(printf '\t\t')" "$(sed -n '2,$p' "$OUT")"
kg --allow host:127.0.0.1 "$TMP/local.kg" -e "SELECT * WHERE { SERVICE <$EP> { ?s ?p ?o FILTER(REGEX(?o, \"(\")) } }"
check_rc "SERVICE: Virtuoso's error fails the query" 1
check_match "SERVICE: Virtuoso's error is named" "SERVICE: .*HTTP status" "$ERR"
kg "$TMP/local.kg" -e "SELECT * WHERE { SERVICE <${EP%/sparql}/> { ?s ?p ?o } }"
check_rc "SERVICE to a page that is no endpoint fails" 1
check_contains "SERVICE to a page: a clear error" "SERVICE:" "$ERR"

# kgsh push --bulk: the named graphs through Virtuoso's bulk loader (files
# in a folder of its DirsAllowed, loaded by isql-vt), the default graph
# through the endpoint, every named graph counted there after
LOCAL=$TMP/bulk.kg
kg "$LOCAL" -e '.load ontology/hz.ttl urn:kgsh:bulk:onto' \
  -e '.load data/links-dbpedia.ttl urn:kgsh:bulk:links' \
  -e 'INSERT DATA { <urn:kgsh:bulk:s> <urn:kgsh:bulk:p> "in the default graph" }'
check_rc "a local store of two graphs for the bulk loader" 0
onto=$("$KGSH" -q -F tsv "$LOCAL" -e 'SELECT (COUNT(*) AS ?n) { GRAPH <urn:kgsh:bulk:onto> { ?s ?p ?o } }' </dev/null | tail -1)
# Virtuoso has no default graph to write into: the push says so
kg push "$LOCAL" "$EP"
check_rc "push of a default graph into Virtuoso fails" 1
check_contains "push: the way out is named" "--default-graph" "$ERR"
KGSH_ISQL_PASSWORD=dba kg push "$LOCAL" "$EP" --default-graph urn:kgsh:bulk:default \
  --bulk "$VDIR" --isql "127.0.0.1:$VSQL"
check_rc "push --bulk into Virtuoso" 0
check_contains "push --bulk: every graph by the bulk loader, counted" "in each of the 3 named graphs (by Virtuoso's bulk loader)" "$ERR"
visql "sparql select count(*) from <urn:kgsh:bulk:onto> where { ?s ?p ?o };" >"$TMP/isql.out"
check_match "isql counts the bulk-loaded graph" "^$onto *$" "$TMP/isql.out"
visql "sparql ask from <urn:kgsh:bulk:default> where { <urn:kgsh:bulk:s> <urn:kgsh:bulk:p> \"in the default graph\" };" >"$TMP/isql.out"
check_match "the default graph went into the graph named for it" "^1 *$" "$TMP/isql.out"
check_eq "push --bulk leaves no files behind" "" "$(ls "$VDIR" | grep kgsh-push || true)"
visql "select count(*) from DB.DBA.LOAD_LIST where strstr(ll_file, 'kgsh-push-') is not null;" >"$TMP/isql.out"
check_match "push --bulk leaves no rows in the load list" "^0 *$" "$TMP/isql.out"

# the same store again: its blank nodes are new to the server, so the
# graph counts more there, and the push says which
KGSH_ISQL_PASSWORD=dba kg push "$LOCAL" "$EP" --default-graph urn:kgsh:bulk:default --bulk "$VDIR" --isql "127.0.0.1:$VSQL"
check_rc "push --bulk again: the blank nodes counted twice fail it" 1
check_match "push --bulk: the graph that differs is named" "urn:kgsh:bulk:onto: $onto statements here, [0-9]* on the server" "$ERR"
KGSH_ISQL_PASSWORD=wrong kg push "$LOCAL" "$EP" --default-graph urn:kgsh:bulk:default --bulk "$VDIR" --isql "127.0.0.1:$VSQL"
check_rc "push --bulk with a wrong password fails" 1
check_contains "push --bulk: the login failure is named" "bulk loader at 127.0.0.1:$VSQL" "$ERR"
check_lacks "push --bulk: the password is never printed" "wrong" "$ERR"
KGSH_ISQL_PASSWORD= kg push "$LOCAL" "$EP" --bulk "$VDIR"
check_rc "push --bulk without a password" 2
check_contains "push --bulk: the password's variable is named" "KGSH_ISQL_PASSWORD" "$ERR"
# .push in the shell takes the same options
SHELLSTORE=$TMP/bulk2.kg
kg "$SHELLSTORE" -e '.load data/links-dbpedia.ttl urn:kgsh:bulk:shell'
KGSH_ISQL_PASSWORD=dba kg "$SHELLSTORE" -e ".push $EP --bulk $VDIR --isql 127.0.0.1:$VSQL"
check_rc ".push --bulk from the shell" 0
check_contains ".push --bulk: counted, by the bulk loader" "in each of the 1 named graphs (by Virtuoso's bulk loader)" "$ERR"
kg "$SHELLSTORE" -e ".push $EP --bogus"
check_rc ".push with an unknown option fails" 1
check_contains ".push with an unknown option: its usage" "usage: .push URL [--default-graph IRI]" "$ERR"
finish
