#!/bin/sh
# page.sh - the query page of kgsh serve (/) in headless Chromium: loaded
# with a query in its URL, it runs it and draws the table, read back from
# the DOM; a screenshot is kept in build/serve-page.png for a person.
# Usage: sh tests/e2e/page.sh path/to/kgsh
. tests/e2e/lib.sh
. tests/e2e/clients/server.sh

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  skip "page" "no chromium (make deps installs it)"
  finish
fi
make_store "$TMP/kg"
start_server page "$TMP/kg"

# the founder question, with a prefix the page declares from the store;
# Chromium resolves no host but 127.0.0.1, so the page works only if it
# needs nothing from elsewhere
Q='SELECT ?name WHERE { hz:Leapmotor schema:founder/rdfs:label ?name } ORDER BY ?name'
ENC=$(printf '%s' "$Q" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')
# chrome ARGS... PAGE: headless Chromium on $URL/PAGE
chrome() {
  "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$TMP/chrome" --virtual-time-budget=15000 \
    --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' "$@" \
    2>>"$TMP/chrome.err"
}
chrome --dump-dom "$URL/?query=$ENC" >"$TMP/dom.html"
check_contains "page: the results table is drawn" '<table id="results">' "$TMP/dom.html"
check_contains "page: the column" '<th>?name</th>' "$TMP/dom.html"
check_contains "page: the English label" 'Zhu Jiangming@en' "$TMP/dom.html"
check_contains "page: the Chinese label" '朱江明@zh' "$TMP/dom.html"
check_match "page: the row count" '2 rows in [0-9]+ ms' "$TMP/dom.html"
# an entity's page: its labels in both languages, what it says
ENTITY=$(printf '%s' 'https://kgsh.dev/id/hz/Leapmotor' | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')
chrome --dump-dom "$URL/#describe=$ENTITY" >"$TMP/entity.html"
check_match "page: an entity's labels in both languages" '<h2 id="entity">.*\(en\).*\(zh\)|<h2 id="entity">.*\(zh\).*\(en\)' "$TMP/entity.html"
check_contains "page: an entity's statements" 'schema:founder' "$TMP/entity.html"
mkdir -p "$ROOT/build"
chrome --screenshot="$ROOT/build/serve-page.png" --window-size=1200,800 "$URL/?query=$ENC" >/dev/null
check_cmd "page: a screenshot in build/serve-page.png" test -s "$ROOT/build/serve-page.png"
stop_server page
finish
