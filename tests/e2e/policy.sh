#!/bin/sh
# policy.sh - the security cases. What LOAD and SERVICE inside SPARQL may
# reach: local files and public http(s) by default in the shell, no
# loopback or private address unless named (.allow, --allow), nothing in
# kgsh serve unless allowed; a refusal is an error even under SILENT, and never echoes what
# the server sent. And a store's files: no symbolic links followed, one
# mode for all (0644, or 0600 with --private).
. tests/e2e/lib.sh
. tests/e2e/clients/server.sh

kg "$TMP/src" -e 'INSERT DATA { <http://ex/a> <http://ex/b> "from the server" }'
check_rc "a store to serve" 0
start_server src "$TMP/src" -q
PORT=${URL##*:}
Q='SELECT ?o WHERE { SERVICE <'$URL'/sparql> { ?s ?p ?o } }'

kg memory: -e "$Q"
check_rc "SERVICE to a loopback address: refused by default" 1
check_match "the refusal names the address and the way to allow it" \
  'loopback or private address.*\.allow host' "$ERR"
kg memory: -e "SELECT ?o WHERE { SERVICE SILENT <$URL/sparql> { ?s ?p ?o } }"
check_rc "SERVICE SILENT does not hide the policy" 1
kg -F tsv --allow "host:127.0.0.1:$PORT" memory: -e "$Q"
check_rc "--allow host:ADDRESS:PORT lets it through" 0
check_file "and the answer comes back" '?o
"from the server"' "$OUT"
kg -F tsv --allow "host:127.0.0.1:1" memory: -e "$Q"
check_rc "another port of the address is still refused" 1
check_match "refused by the policy, not tried" 'loopback or private address' "$ERR"
kg -F tsv memory: -e ".allow host localhost" \
  -e "SELECT ?o WHERE { SERVICE <http://localhost:$PORT/sparql> { ?s ?p ?o } }"
check_rc ".allow host NAME allows the name" 0
kg -F tsv memory: -e ".allow private" -e "$Q"
check_rc ".allow private allows every private address" 0

# LOAD of a URL follows the same rule (the Graph Store endpoint serves
# the store as Turtle)
kg memory: -e "LOAD <$URL/store?default>"
check_rc "LOAD from a loopback address: refused by default" 1
check_match "LOAD's refusal too" 'loopback or private address' "$ERR"
kg -F tsv memory: -e ".allow host 127.0.0.1" -e "LOAD <$URL/store?default>" \
  -e 'SELECT ?o { ?s ?p ?o }'
check_rc ".allow host lets LOAD through" 0
check_contains "the loaded statement" '"from the server"' "$OUT"

# local files: allowed by default, refused after .allow none
printf '<http://x/a> <http://x/b> "file" .\n' >"$TMP/f.nt"
kg -F tsv memory: -e "LOAD <file://$TMP/f.nt>" -e 'SELECT ?o { ?s ?p ?o }'
check_rc "LOAD of a local file: allowed by default" 0
kg memory: -e '.allow none' -e "LOAD <file://$TMP/f.nt>"
check_rc ".allow none: LOAD of a file refused" 1
check_contains "it says why" "not allowed" "$ERR"
kg memory: --allow none,load:file -e "LOAD <file://$TMP/f.nt>" -e "$Q"
check_rc "--allow none,load:file: the file loads, SERVICE is refused" 1
check_contains "SERVICE refused by the policy" "SERVICE is not allowed" "$ERR"
kg -F tsv memory: -e '.allow none' -e '.allow load:file' -e '.allow'
check_file ".allow shows the policy" 'load file  yes
load http  no
service    no
private    none (name one with .allow host)' "$OUT"
kg memory: -e '.allow bogus'
check_rc ".allow with an unknown word fails" 1
check_contains "naming the words it knows" "host:HOST[:PORT]" "$ERR"
kg memory: --allow bogus -e 'ASK {}'
check_rc "--allow with an unknown word: bad usage" 2

# kgsh serve: SERVICE allowed, the loopback address still refused unless
# named with --allow-host
stop_server src
start_server fed "$TMP/src" -q --allow-service
Q='SELECT ?o WHERE { SERVICE <'$URL'/sparql> { ?s ?p ?o } }'
code=$(curl -s -o "$TMP/fed.out" -w '%{http_code}' --data-urlencode "query=$Q" \
  "$URL/sparql")
check_eq "serve --allow-service: a loopback endpoint still refused (403)" \
  403 "$code"
check_contains "the server says why" "loopback or private address" "$TMP/fed.out"
stop_server fed

# a store's files: never written through a symbolic link, created 0644
# whatever the umask, 0600 in a --private store (and it stays private)
kg "$TMP/ln" -e 'INSERT DATA { <http://e/a> <http://e/b> 1 }'
echo "keep me" >"$TMP/victim"
rm -f "$TMP/ln/journal" && ln -s "$TMP/victim" "$TMP/ln/journal"
kg "$TMP/ln" -e 'INSERT DATA { <http://e/a> <http://e/b> 2 }'
check_rc "a journal that is a symbolic link: refused" 2
check_contains "saying why" "symbolic link" "$ERR"
check_eq "its target untouched" "keep me" "$(cat "$TMP/victim")"
(umask 000 && "$KGSH" "$TMP/um" -e '.prefix zz http://zz/' \
  -e 'INSERT DATA { <http://e/a> <http://e/b> 1 }' >/dev/null 2>&1)
modes=$(cd "$TMP/um" && stat -c '%a' * | sort -u | tr '\n' ' ')
check_eq "under umask 000 every file is 644" "644 " "$modes"
kg --private "$TMP/pv" -e '.prefix zz http://zz/' \
  -e 'INSERT DATA { <http://e/a> <http://e/b> 1 }'
check_eq "--private: the directory is 700" 700 "$(stat -c '%a' "$TMP/pv")"
check_eq "--private: its files are 600" "600 " \
  "$(cd "$TMP/pv" && stat -c '%a' * | sort -u | tr '\n' ' ')"
KG_CHECKPOINT_MIN=1 kg "$TMP/pv" -e 'INSERT DATA { <http://e/a> <http://e/b> 2, 3 }'
check_eq "later files of a private store are 600 too" "600 " \
  "$(cd "$TMP/pv" && stat -c '%a' * | sort -u | tr '\n' ' ')"
kg --private "$TMP/um" -e 'ASK {}'
check_eq "--private on an existing store protects it" "700 600 " \
  "$(stat -c '%a' "$TMP/um") $(cd "$TMP/um" && stat -c '%a' * | sort -u | tr '\n' ' ')"
finish
