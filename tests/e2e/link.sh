#!/bin/sh
# link.sh - .link: the article's entities found in another data set (the
# synthetic Wikidata-shaped fixture tests/link/wikidata-fixture.ttl), as a
# local file and through a SPARQL endpoint on loopback; precision, recall
# and F1 against data/links-wikidata.ttl, printed beside the exact-label
# baseline's; the links graph, its provenance and VoID, exported; .link
# check; an unreachable endpoint; the review band walked in tmux.
# Usage (from the repository root): sh tests/e2e/link.sh build/kgsh
. tests/e2e/lib.sh

FIX=$ROOT/tests/link/wikidata-fixture.ttl
GOLD=https://kgsh.dev/dataset/hz/links-wikidata
LINKS=urn:kgsh:links:wikidata-fixture
SAMEAS='<http://www.w3.org/2002/07/owl#sameAs>'
KGL=https://kgsh.dev/ontology/link#

# the article without its links files: the gold links must not help
PRISTINE=$TMP/pristine.kg
kg -q --bail "$PRISTINE" -g https://kgsh.dev/ontology/hz -l ontology/hz.ttl \
  -l data/article.trig
check_rc "store of the article without links" 0
fresh() { rm -rf "$1" && cp -R "$PRISTINE" "$1"; }

# ------------------------------------------- a local file as the target
E=$TMP/eval.kg
fresh "$E"
kg "$E" -e ".link $FIX"
check_rc ".link FILE" 0
check_contains ".link says what it wrote" "10 accepted, written to <$LINKS> as owl:sameAs" "$ERR"
check_match ".link blocks: fewer pairs than local x target" \
  'pairs scored \(of [0-9]+\)' "$ERR"
pairs=$(sed -n 's/.*: \([0-9]*\) pairs scored (of \([0-9]*\)).*/\1 \2/p' "$ERR")
check_cmd "blocking scores under a tenth of the pairs" \
  awk -v p="$pairs" 'BEGIN { split(p, a, " "); exit !(a[1] * 10 < a[2]) }'
check_match ".link: a namesake person goes to review" \
  'review .*hz:ZhuJiangming .*ZhuJiangmingNamesake.*person without context' "$OUT"
check_match ".link: an equal name of another kind goes to review" \
  'review .*hz:Xinhua .*XinhuaDistrict' "$OUT"
kg "$E" -e ".link $FIX --exact"
check_rc ".link FILE --exact (the baseline)" 0

# the gold links, only now (after linking) in the store
kg -q "$E" -g "$GOLD" -l data/links-wikidata.ttl
gold=$(count_of "$E" "GRAPH <$GOLD> { ?s $SAMEAS ?o }")
check_eq "gold links" 10 "$gold"

# prf NAME GRAPH: a row of the table for the links of GRAPH in store $E
# against the gold links of graph $GOLD ($gold of them); sets $P and $R
prf() {
  _found=$(count_of "$E" "GRAPH <$2> { ?s $SAMEAS ?o }")
  _ok=$(count_of "$E" "GRAPH <$2> { ?s $SAMEAS ?o } GRAPH <$GOLD> { ?s $SAMEAS ?o }")
  _row=$(awk -v n="$1" -v f="$_found" -v c="$_ok" -v g="$gold" 'BEGIN {
    p = f ? c / f : 0; r = g ? c / g : 0; f1 = p + r ? 2 * p * r / (p + r) : 0
    printf "%-36s %8d %8d %5d %9.3f %7.3f %6.3f\n", n, f, c, g, p, r, f1 }')
  echo "$_row"
  P=$(echo "$_row" | awk '{ print $(NF - 2) }')
  R=$(echo "$_row" | awk '{ print $(NF - 1) }')
}
echo "precision, recall and F1 against data/links-wikidata.ttl:"
printf '%-36s %8s %8s %5s %9s %7s %6s\n' method accepted correct gold precision recall F1
prf ".link (Wikidata-shaped file)" "$LINKS"
check_eq ".link precision at the accept threshold" 1.000 "$P"
check_cmd ".link recall at least 0.9" awk -v r="$R" 'BEGIN { exit !(r >= 0.9) }'
prf "exact-label baseline (Wikidata)" "$LINKS-exact"

# ------------------------------------ a DBpedia-shaped file as the target
W=$E
E=$TMP/dbpedia.kg
fresh "$E"
kg "$E" -e ".link $ROOT/tests/link/dbpedia-fixture.ttl"
check_rc ".link DBPEDIA-FILE" 0
check_match ".link DBpedia: a redirect's label is an alias" \
  'accept .*hz:MSD .*Merck_&_Co\..*alias' "$OUT"
kg "$E" -e ".link $ROOT/tests/link/dbpedia-fixture.ttl --exact"
GOLD=https://kgsh.dev/dataset/hz/links-dbpedia
kg -q "$E" -g "$GOLD" -l data/links-dbpedia.ttl
gold=$(count_of "$E" "GRAPH <$GOLD> { ?s $SAMEAS ?o }")
echo "... and against data/links-dbpedia.ttl:"
prf ".link (DBpedia-shaped file)" urn:kgsh:links:dbpedia-fixture
check_eq ".link DBpedia: precision" 1.000 "$P"
check_cmd ".link DBpedia: recall at least 0.9" awk -v r="$R" 'BEGIN { exit !(r >= 0.9) }'
prf "exact-label baseline (DBpedia)" urn:kgsh:links:dbpedia-fixture-exact
E=$W
GOLD=https://kgsh.dev/dataset/hz/links-wikidata
gold=10

# ---------------------------- the same data set as a store, and a graph
F=$TMP/fixture.kg
kg -q "$F" -l "$FIX"
S=$TMP/targets.kg
fresh "$S"
before=$(statements "$S")
kg "$S" -e ".link $F --dry-run"
check_rc ".link STORE" 0
check_match ".link STORE finds the same" '^10 accepted, [0-9]+ to review \(--dry-run' "$ERR"
check_eq ".link --dry-run writes nothing" "$before" "$(statements "$S")"
kg -q "$S" -g urn:test:fixture -l "$FIX"
kg "$S" -e ".link <urn:test:fixture> --graph hz:my-links"
check_rc ".link <GRAPH> --graph prefix:name" 0
check_contains ".link <GRAPH> finds the same" "10 accepted, written to hz:my-links" "$ERR"
check_eq "into the graph named" 10 "$(count_of "$S" "GRAPH hz:my-links { ?s $SAMEAS ?o }")"

# ------------------------------------------------ the links graph itself
kg "$E" -e ".export $TMP/links.ttl turtle <$LINKS>"
check_rc ".export of the links graph" 0
check_contains "export: the linkset" "void:Linkset" "$TMP/links.ttl"
check_match "export: its count" 'void:triples 10' "$TMP/links.ttl"
check_contains "export: its target" "void:objectsTarget <file://$FIX>" "$TMP/links.ttl"
if command -v rapper >/dev/null 2>&1; then
  check_cmd "export parses as Turtle (rapper)" rapper -q -i turtle -c "$TMP/links.ttl"
fi
prov=$(count_of "$E" "GRAPH <$LINKS> { ?st a rdf:Statement ; rdf:subject ?s ;
  rdf:predicate $SAMEAS ; rdf:object ?o ; <${KGL}score> ?score ;
  <${KGL}labelScore> ?l ; <${KGL}typeScore> ?t ; <${KGL}contextScore> ?c ;
  <${KGL}method> ?m ; dcterms:source ?src ; dcterms:created ?d .
  ?s $SAMEAS ?o }")
check_eq "every link has its provenance" 10 "$prov"
stmts=$(count_of "$E" "GRAPH <$LINKS> { ?st a rdf:Statement }")
check_eq "and no other statement node" 10 "$stmts"

# ------------------------------------------------------------ .link check
C=$TMP/check.kg
cp -R "$E" "$C"
kg "$C" -e 'INSERT DATA { GRAPH <urn:test:stale> { hz:Hangzhou owl:sameAs <http://www.wikidata.org/entity/Q148> } }'
kg "$C" -e ".link check $FIX"
check_rc ".link check" 0
check_contains ".link check counts" "stored links checked:" "$ERR"
check_match ".link check: a wrong link is flagged" 'stale\?.*hz:Hangzhou.*wd:Q148' "$OUT"
check_match ".link check: the baseline's wrong links go to review" \
  'review .*hz:Maserati .*MaseratiFamilyName' "$OUT"

# ------------------------------------------------- unreachable endpoint
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 9)
U=$TMP/unreachable.kg
fresh "$U"
before=$(statements "$U")
kg "$U" -e ".link http://127.0.0.1:$port/sparql --delay 0"
check_rc "an unreachable endpoint fails" 1
check_contains "and says so" "Error: cannot query the link target: POST http://127.0.0.1:$port/sparql" "$ERR"
check_eq "and writes nothing" "$before" "$(statements "$U")"

# ------------------------------------- an endpoint on loopback (python3)
if command -v python3 >/dev/null 2>&1; then
  # the endpoint's own kgsh: the plain build when there is one (quicker)
  EK=$KGSH
  [ -x "$ROOT/build/kgsh" ] && EK=$ROOT/build/kgsh
  python3 tests/link/endpoint.py "$TMP/port" "$TMP/requests" "$EK" "$F" \
    >"$TMP/endpoint.log" 2>&1 &
  epid=$!
  at_exit "kill $epid 2>/dev/null"
  n=50
  while [ ! -f "$TMP/port" ] && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
  EP=http://127.0.0.1:$(cat "$TMP/port" 2>/dev/null)/sparql
  fresh "$E"
  kg "$E" -e ".link $EP --delay 150"
  check_rc ".link ENDPOINT" 0
  check_contains ".link ENDPOINT writes a graph for the target" \
    "10 accepted, written to <urn:kgsh:links:127-0-0-1>" "$ERR"
  kg -q "$E" -g "$GOLD" -l data/links-wikidata.ttl
  echo "... and through an endpoint, against data/links-wikidata.ttl:"
  prf ".link (Wikidata-shaped endpoint)" urn:kgsh:links:127-0-0-1
  check_eq "endpoint: precision" 1.000 "$P"
  check_cmd "endpoint: recall at least 0.9" awk -v r="$R" 'BEGIN { exit !(r >= 0.9) }'
  check_cmd "endpoint: requests sent as kgsh, form-encoded, for JSON" python3 -c '
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
assert len(rs) >= 2, rs
for r in rs:
    assert r["method"] == "POST" and r["agent"].startswith("kgsh/"), r
    assert r["type"] == "application/x-www-form-urlencoded", r
    assert r["accept"].startswith("application/sparql-results+json"), r
assert rs[0]["first"] == "# kgsh .link: candidates by label", rs[0]
assert any(r["first"] == "# kgsh .link: describe entities" for r in rs)
assert all(r["values"] >= 1 for r in rs)
' "$TMP/requests"
  check_cmd "endpoint: at most one request per --delay" python3 -c '
import json, sys
t = [json.loads(l)["time"] for l in open(sys.argv[1])]
assert all(b - a >= 0.14 for a, b in zip(t, t[1:])), t
' "$TMP/requests"
  # a busy endpoint: 429 Too Many Requests, then asked again
  python3 tests/link/endpoint.py "$TMP/port2" "$TMP/requests2" "$EK" "$F" 1 \
    >"$TMP/endpoint2.log" 2>&1 &
  epid2=$!
  at_exit "kill $epid2 2>/dev/null"
  n=50
  while [ ! -f "$TMP/port2" ] && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
  fresh "$E"
  kg "$E" -e ".link http://127.0.0.1:$(cat "$TMP/port2")/sparql hzo:City --delay 50"
  check_rc ".link ENDPOINT after a 429" 0
  check_contains "and the city is found" "1 accepted" "$ERR"
else
  skip "endpoint on loopback" "python3 is not installed"
fi
# ------------------------------- the other data set served by kgsh serve
. tests/e2e/clients/server.sh
start_server linkserve "$F" --readonly
fresh "$E"
kg "$E" -e ".link $URL/sparql --delay 0"
check_rc ".link against kgsh serve" 0
check_contains ".link against kgsh serve: the links written" "10 accepted" "$ERR"
kg -q "$E" -g "$GOLD" -l data/links-wikidata.ttl
echo "... and through kgsh serve on loopback, against data/links-wikidata.ttl:"
prf ".link (Wikidata-shaped, kgsh serve)" urn:kgsh:links:127-0-0-1
check_eq "kgsh serve: precision" 1.000 "$P"
check_cmd "kgsh serve: recall at least 0.9" awk -v r="$R" 'BEGIN { exit !(r >= 0.9) }'
stop_server linkserve
echo "(accept threshold 0.85; the baseline links every equal label or alias: its extra links are the distractors with equal names)"

# ----------------------------------------------- review in a terminal
if ! command -v tmux >/dev/null 2>&1; then
  skip "review" "tmux is not installed"
  finish
fi
V=$TMP/review.kg
fresh "$V"
SOCK=$TMP/tmux.sock
printf 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 5000\n' >"$TMP/tmux.conf"
tm() { tmux -S "$SOCK" -f "$TMP/tmux.conf" "$@"; }
at_exit 'tmux -S "$SOCK" kill-server >/dev/null 2>&1'
STATUS=$TMP/status
tm new-session -d -s kg -x 220 -y 50 -c "$ROOT" \
  "env HOME='$HOME' KGSH_HISTORY='$TMP/history' LC_ALL=C.UTF-8 '$KGSH' '$V'; echo \$? >'$STATUS'"
screen() { tm capture-pane -p -S - -t kg; }
shows() { screen | grep -qF -- "$1"; }
wait_for() { # SECONDS TEXT
  _n=$(($1 * 10))
  while [ $_n -gt 0 ]; do
    shows "$2" && return 0
    sleep 0.1
    _n=$((_n - 1))
  done
  return 1
}
type_line() { tm send-keys -t kg -l -- "$1" && tm send-keys -t kg Enter; }

wait_for 20 "kgsh>" || fail "review: prompt" "no prompt: $(screen | tail -3)"
type_line ".link $FIX"
wait_for 60 "to review (.link review)" || fail "review: .link" "$(screen | tail -3)"
type_line ".link review"
if wait_for 20 "review [a/c/r/s/q]>"; then ok "review: asks at the keyboard"; else
  fail "review: asks at the keyboard" "$(screen | tail -5)"; fi
first_l=$(screen | sed -n 's/^  local   \([^ ]*\) .*/\1/p' | sed -n 1p)
first_t=$(screen | sed -n 's/^  target  \([^ ]*\) .*/\1/p' | sed -n 1p)
type_line a
wait_for 20 "[2/" || fail "review: accept" "$(screen | tail -5)"
check_cmd "review: the accepted link is written" shows "written to <$LINKS> as owl:sameAs"
second_l=$(screen | sed -n 's/^  local   \([^ ]*\) .*/\1/p' | sed -n 2p)
second_t=$(screen | sed -n 's/^  target  \([^ ]*\) .*/\1/p' | sed -n 2p)
type_line r
wait_for 20 "rejected" || fail "review: reject" "$(screen | tail -5)"
type_line q
wait_for 20 "left to review" || fail "review: quit" "$(screen | tail -5)"
type_line ".quit"
n=100
while [ ! -f "$STATUS" ] && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
check_eq "review: kgsh exits 0" 0 "$(cat "$STATUS" 2>/dev/null)"
if [ -z "$first_t" ] || [ -z "$second_t" ]; then
  fail "review: the pairs shown" "none read from the screen: $(screen | tail -12)"
else
  all=$(count_of "$V" "GRAPH <$LINKS> { ?s $SAMEAS ?o }")
  check_eq "review: the graph holds the 10 accepted and the 1 reviewed" 11 "$all"
  acc=$(count_of "$V" "GRAPH <$LINKS> { $first_l $SAMEAS $first_t .
    ?st rdf:subject $first_l ; rdf:object $first_t ;
    <${KGL}method> \"reviewed by a person\" ; <${KGL}score> ?score }")
  check_eq "review: the accepted pair, with its provenance" 1 "$acc"
  rej=$(count_of "$V" "GRAPH ?g { $second_l ?p $second_t }")
  check_eq "review: the rejected pair is nowhere" 0 "$rej"
  st=$(count_of "$V" "GRAPH <$LINKS> { ?st a rdf:Statement }")
  check_eq "review: one provenance node a link" 11 "$st"
fi
finish
