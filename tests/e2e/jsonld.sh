#!/bin/sh
# jsonld.sh - JSON-LD through kgsh: the article exported as JSON-LD (both
# forms) reads back, by kgsh and by rdflib, isomorphic to the N-Quads dump
# (tests/tools/rdfiso.py); -F jsonld on CONSTRUCT; the syntax chosen by
# extension, content and media type (a loopback server); contexts from
# data/contexts, local files and, when allowed, the network; bad input
# fails with the place and leaves the store as it was.
# Usage (from the repository root): sh tests/e2e/jsonld.sh build/kgsh
. tests/e2e/lib.sh

S=$TMP/store.kg
make_store "$S"
ISO="$ROOT/tests/tools/rdfiso.py"
PY=/usr/bin/python3
cd "$TMP" || exit 2
have_rdflib=0
"$PY" -c 'import rdflib' 2>/dev/null && have_rdflib=1

# iso NAME A FMT-A B FMT-B: the two files hold the same dataset
iso() {
  if [ "$have_rdflib" -eq 0 ]; then
    skip "$1" "python3-rdflib is not installed"
    return
  fi
  if _why=$("$PY" "$ISO" "$2" "$3" "$4" "$5" 2>&1); then ok "$1"; else
    fail "$1" "$(_short "$_why")"
  fi
}

n=$(statements "$S")
kg -q "$S" -e '.export dump.nq' -e '.export article.jsonld' \
  -e '.export article-x.json jsonld-expanded'
check_rc "export as JSON-LD (by extension) and expanded: exit 0" 0
kg "$S" -e '.export article2.jsonld'
check_contains "export: says what it wrote, graphs kept (no merge note)" \
  "$n statements in 10 graphs written to article2.jsonld" "$ERR"
check_lacks "export: no merge note" "merged" "$ERR"
check_contains "export: compacted with the store's prefixes" '"hz": "https://kgsh.dev/id/hz/"' article.jsonld
check_contains "export: compact IRIs" '"@id": "hz:Leapmotor"' article.jsonld
check_contains "export: language-tagged values" '"@language": "zh"' article.jsonld
check_match "export: a named graph as @graph with its @id" '^      "@id": "hzg:lead"$' article.jsonld
check_lacks "expanded: no @context" '"@context"' article-x.json
check_contains "expanded: full IRIs" '"@id": "https://kgsh.dev/id/hz/Leapmotor"' article-x.json

# read back by kgsh
kg -q memory: -l article.jsonld -e '.export back.nq'
check_rc "kgsh reads its JSON-LD: exit 0" 0
iso "kgsh reads its JSON-LD: isomorphic to the N-Quads dump" dump.nq nquads back.nq nquads
kg -q memory: -l article-x.json -e '.export back-x.nq'
check_rc "kgsh reads expanded JSON-LD named .json (by content): exit 0" 0
iso "expanded JSON-LD read back: isomorphic to the dump" dump.nq nquads back-x.nq nquads
# and by rdflib, both ways
iso "rdflib reads kgsh's JSON-LD: isomorphic to the dump" dump.nq nquads article.jsonld json-ld
iso "rdflib reads kgsh's expanded JSON-LD" dump.nq nquads article-x.json json-ld
if [ "$have_rdflib" -eq 1 ]; then
  "$PY" "$ISO" --to-jsonld dump.nq nquads rdflib.jsonld 2>/dev/null
  kg -q memory: -l rdflib.jsonld -e '.export from-rdflib.nq'
  check_rc "kgsh reads rdflib's JSON-LD: exit 0" 0
  iso "kgsh reads rdflib's JSON-LD: isomorphic to the dump" dump.nq nquads from-rdflib.nq nquads
  # the comparison is not blind
  sed '0,/"@value": "零跑科技"/s//"@value": "零跑"/' article.jsonld >changed.jsonld
  if "$PY" "$ISO" dump.nq nquads changed.jsonld json-ld >/dev/null 2>&1; then
    fail "rdfiso catches a changed literal" "compared equal"
  else ok "rdfiso catches a changed literal"; fi
fi

# -F jsonld on CONSTRUCT: only the prefixes it uses
kg -q "$S" -F jsonld -e 'CONSTRUCT { hz:Leapmotor ?p ?o } WHERE { hz:Leapmotor ?p ?o }'
check_rc "-F jsonld on CONSTRUCT: exit 0" 0
cp "$OUT" leap.jsonld
check_contains "-F jsonld: one node, compact" '"@id": "hz:Leapmotor"' leap.jsonld
check_lacks "-F jsonld: no unused prefix" '"wdt"' leap.jsonld
kg -q memory: -l leap.jsonld -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_eq "-F jsonld: loads back with the same count" \
  "$(count_of "$S" 'hz:Leapmotor ?p ?o')" "$(value)"
kg -q "$S" -F jsonld-expanded -e 'DESCRIBE hz:Leapmotor'
check_match "-F jsonld-expanded on DESCRIBE: an array of node objects" '^\[' "$OUT"
kg -q memory: -F jsonld -e 'CONSTRUCT WHERE { ?s ?p ?o }'
check_eq "-F jsonld on an empty graph: an empty object" "{}" "$(cat "$OUT")"

# SPARQL LOAD and FROM read JSON-LD too
kg -q memory: -e "LOAD <file://$TMP/leap.jsonld> INTO GRAPH <http://e/g>" \
  -e 'SELECT (COUNT(*) AS ?n) { GRAPH <http://e/g> { ?s ?p ?o } }'
check_eq "SPARQL LOAD of a .jsonld file" "$(count_of "$S" 'hz:Leapmotor ?p ?o')" "$(value)"

# syntax by content: RDF/JSON stays json, JSON-LD in a .json file is JSON-LD
kg -q "$S" -F json -e 'CONSTRUCT { hz:Leapmotor ?p ?o } WHERE { hz:Leapmotor ?p ?o }'
cp "$OUT" leap-rdfjson.json
cp leap.jsonld leap-ld.json
kg memory: -l leap-rdfjson.json -l leap-ld.json
check_rc "RDF/JSON and JSON-LD both named .json: exit 0" 0
check_match "RDF/JSON read as json" "from leap-rdfjson.json" "$ERR"
kg memory: -e '.load leap.jsonld'
check_contains ".load FILE.jsonld" "from leap.jsonld" "$ERR"

# contexts: schema.org's from data/contexts, a local file, a missing one
cat >schema.jsonld <<'EOF'
{"@context": "https://schema.org/", "@id": "http://e/lm", "@type": "Organization",
 "name": "Leapmotor", "foundingDate": "2015-12-24"}
EOF
kg -q memory: -l schema.jsonld -F nquads -e 'CONSTRUCT WHERE { ?s ?p ?o }'
check_rc "schema.org's context offline (data/contexts): exit 0" 0
check_contains "schema.org's context: typed by the context" \
  '<http://e/lm> <http://schema.org/foundingDate> "2015-12-24"^^<http://schema.org/Date> .' "$OUT"
printf '{"@context": {"@vocab": "http://e/v/"}}\n' >local-ctx.jsonld
printf '{"@context": "local-ctx.jsonld", "@id": "http://e/a", "b": "c"}\n' >uses-local.jsonld
kg -q memory: -l uses-local.jsonld -F nquads -e 'CONSTRUCT WHERE { ?s ?p ?o }'
check_eq "a context in a local file, relative to the document" \
  '<http://e/a> <http://e/v/b> "c" .' "$(cat "$OUT")"
printf '{"@context": "https://example.invalid/ctx.jsonld", "@id": "http://e/a", "b": "c"}\n' >remote.jsonld
kg -q memory: -l remote.jsonld
check_rc "a remote context, not allowed: exit 1" 1
check_contains "a remote context, not allowed: names the URL" "https://example.invalid/ctx.jsonld" "$ERR"
check_contains "a remote context, not allowed: names the option" "--remote-contexts" "$ERR"
kg -q memory: --remote-contexts -l remote.jsonld
check_contains "--remote-contexts: the fetch is tried (and fails here)" \
  "loading remote context failed: https://example.invalid/ctx.jsonld" "$ERR"

# a loopback server: application/ld+json chooses JSON-LD, and a remote
# context is fetched when allowed
if [ -x "$PY" ]; then
  cat >serve.py <<'EOF'
import http.server, sys, threading
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = open(self.path.lstrip("/").split("?")[0], "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
threading.Timer(60, s.shutdown).start()
s.serve_forever()
EOF
  "$PY" serve.py >port.txt 2>/dev/null &
  srv=$!
  at_exit "kill $srv 2>/dev/null"
  i=0
  while [ ! -s port.txt ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  port=$(cat port.txt)
  cp leap.jsonld doc
  kg memory: -l "http://127.0.0.1:$port/doc"
  check_rc "http load served as application/ld+json (no extension): exit 0" 0
  check_match "http load: read as JSON-LD" "loaded $(count_of "$S" 'hz:Leapmotor ?p ?o') statements" "$ERR"
  printf '{"@context": "http://127.0.0.1:%s/local-ctx.jsonld", "@id": "http://e/a", "b": "c"}\n' "$port" >served-ctx.jsonld
  kg -q memory: --remote-contexts -l served-ctx.jsonld -F nquads -e 'CONSTRUCT WHERE { ?s ?p ?o }'
  check_eq "--remote-contexts: a context fetched over http" \
    '<http://e/a> <http://e/v/b> "c" .' "$(cat "$OUT")"
  kg -q memory: -l served-ctx.jsonld
  check_rc "the same without --remote-contexts: exit 1" 1
  kill "$srv" 2>/dev/null
else
  skip "loopback server" "no python3"
fi

# bad input: the place, and nothing loaded (the store keeps what it had)
bad() { # NAME FILE EXPECTED-IN-STDERR
  kg -q "$S" -l "$2"
  check_rc "$1: exit 1" 1
  check_contains "$1: the error" "$3" "$ERR"
}
cp -R "$S" before.kg
printf '{"@id": "http://e/a",\n  "http://e/p": [1, 2,, 3]}\n' >invalid.jsonld
bad "invalid JSON" invalid.jsonld "invalid.jsonld:2:"
check_contains "invalid JSON: says so" "invalid JSON" "$ERR"
printf '{"@context": {"p": {"@id": true}},\n "@id": "http://e/a", "p": 1}\n' >badctx.jsonld
bad "invalid @context" badctx.jsonld "badctx.jsonld:1:"
check_contains "invalid @context: the JSON-LD error code" "invalid IRI mapping" "$ERR"
printf '{"@context": {"@vocab": "http://e/"}, "@graph": [\n {"@id": "http://e/1", "p": 1},\n {"@id": "http://e/2", "p": 2},\n {"@id": {"no": "id"}, "p": 3}\n]}\n' >keyword.jsonld
bad "a keyword misused in a later element" keyword.jsonld "keyword.jsonld:4:"
check_contains "a keyword misused: the error code" "invalid @id value" "$ERR"
"$PY" -c 'print("[" * 100000 + "]" * 100000)' >deep.jsonld 2>/dev/null || \
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' >deep.jsonld
bad "deep nesting" deep.jsonld "deep.jsonld:1:"
check_contains "deep nesting: said so" "nest" "$ERR"
check_eq "bad input: the store unchanged" "$n" "$(statements "$S")"

# a big document: bounded time and memory (timeout is only a hang guard)
case $KGSH in
  */asan/*) big=20000 ;;
  *) big=300000 ;;
esac
awk -v n=$big 'BEGIN {
  printf "{\"@context\": {\"@vocab\": \"http://e/v/\", \"x\": \"http://e/x/\"}, \"@graph\": [\n"
  for (i = 0; i < n; i++)
    printf "%s{\"@id\": \"x:n%d\", \"name\": \"node %d\", \"n\": %d, \"next\": {\"@id\": \"x:n%d\"}}\n", i ? "," : "", i, i, i, i + 1
  print "]}" }' >big.jsonld
( case $KGSH in */asan/*) ;; *) ulimit -v 4000000 2>/dev/null || true ;; esac
  timeout 300 "$KGSH" -q memory: -l big.jsonld -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' \
    </dev/null >big.out 2>big.err )
check_eq "a big document ($(($(wc -c <big.jsonld) / 1000000)) MB): every statement" \
  "$((big * 3))" "$(sed -n 2p big.out)"
# an error at its very end: nothing of it stays
sed '$s/]}/, {"@id": 5}]}/' big.jsonld >big-bad.jsonld
kg -q "$S" -l big-bad.jsonld
check_rc "a big document failing in its last element: exit 1" 1
check_eq "a big document failing in its last element: nothing loaded" "$n" "$(statements "$S")"

finish
