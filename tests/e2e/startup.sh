#!/bin/sh
# startup.sh - what a kgsh session loads (HACKING.md, "Libraries loaded on
# first use"): the binary links none of the libraries only some commands
# need; a query and a Turtle load open none of them; the first RDF/XML
# load opens raptor; and on a machine without Graphviz, libmicrohttpd or
# libcurl only the commands that need them fail, naming the Debian
# package, while queries go on. A library is made missing by mounting
# /dev/null over it in a mount namespace of kgsh's own (root and unshare;
# skipped otherwise). How fast a session starts is measured by make bench.
. tests/e2e/lib.sh

S=$TMP/store.kg
make_store "$S"
REAL=$KGSH
LAZY='lib(rdf|raptor2|curl(-gnutls)?|gvc|cgraph|xml2|db-5\.3|microhttpd)\.so'
# the libraries a run of kgsh opened, from the dynamic loader's own log
# (kgsh run through $TMP/traced, so that only kgsh writes that log)
opened() { grep -E "calling init: .*$LAZY" "$ERR" | sed 's|.*/||' | sort -u | tr '\n' ' '; }
printf '#!/bin/sh\nLD_DEBUG=libs exec "%s" "$@"\n' "$REAL" >"$TMP/traced"
chmod +x "$TMP/traced"

ldd "$KGSH" >"$TMP/ldd" 2>&1
check_eq "kgsh links none of the libraries it opens on first use" "" \
  "$(grep -E "$LAZY" "$TMP/ldd" | tr '\n' ' ')"

KGSH=$TMP/traced
kg -q --readonly -F tsv "$S" -e \
  'PREFIX hz: <https://kgsh.dev/id/hz/> SELECT (COUNT(*) AS ?n) { hz:Leapmotor ?p ?o }'
check_rc "a query" 0
check_match "a query answers" '^[1-9][0-9]*$' "$OUT"
check_eq "a query opens none of them" "" "$(opened)"

printf '<http://e/a> <http://e/p> "x" .\n' >"$TMP/a.ttl"
cat >"$TMP/b.rdf" <<'EOF'
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="http://e/b"><rdf:value>y</rdf:value></rdf:Description>
</rdf:RDF>
EOF
kg -q "$TMP/new.kg" -l "$TMP/a.ttl"
check_rc "a Turtle load" 0
check_eq "a Turtle load opens none of them" "" "$(opened)"
kg -q "$TMP/new.kg" -l "$TMP/b.rdf"
check_rc "an RDF/XML load" 0
check_match "the RDF/XML load opens raptor" 'calling init: .*/libraptor2\.so' "$ERR"
check_eq "and neither librdf, Graphviz, Berkeley DB nor libmicrohttpd" "" \
  "$(opened | tr ' ' '\n' | grep -E 'librdf|libgvc|libcgraph|libdb|microhttpd')"
KGSH=$REAL
check_eq "both loads are in the store" 2 "$(count_of "$TMP/new.kg" '?s ?p ?o')"

# ------------------------------------------- a library that is not there
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
  skip "missing libraries" "hiding a library needs root and unshare -m"
  finish
fi
# without SONAME-REGEX: kgsh in a mount namespace where the library it
# opens by that name (the SONAME compiled in) reads as an empty file
without() {
  _so=$(strings "$REAL" | grep -m1 -E "^$1\$")
  _lib=$(ldconfig -p | awk -v l="$_so" '$1 == l { print $NF; exit }')
  cat >"$TMP/without" <<EOF
#!/bin/sh
exec unshare -m sh -c 'mount --bind /dev/null "\$0" && exec "\$@"' \
  "$(readlink -f "$_lib")" "$REAL" "\$@"
EOF
  chmod +x "$TMP/without"
  KGSH=$TMP/without
}

without 'libgvc\.so\.[0-9]+'
kg -q --readonly "$S" -e ".draw hz:Leapmotor $TMP/x.svg"
check_rc "no Graphviz: .draw fails" 1
check_contains "no Graphviz: the message names the library" \
  "the Graphviz library could not be loaded" "$ERR"
check_contains "no Graphviz: and the package" \
  "install the Debian package libgvc6" "$ERR"
kg -q --readonly -F tsv "$S" -e 'ASK { ?s ?p ?o }'
check_rc "no Graphviz: a query still answers" 0
check_file "no Graphviz: its answer" "$(printf '?_askResult\ntrue')" "$OUT"

without 'libmicrohttpd\.so\.[0-9]+'
kg serve --readonly --port 0 "$S"
check_rc "no libmicrohttpd: kgsh serve stops" 2
check_contains "no libmicrohttpd: it names the package" \
  "kgsh serve: the libmicrohttpd library could not be loaded" "$ERR"
check_contains "no libmicrohttpd: the package to install" \
  "install the Debian package libmicrohttpd12" "$ERR"

without 'libcurl(-gnutls)?\.so\.[0-9]+'
kg -q "$TMP/new.kg" -e 'LOAD <http://127.0.0.1:9/nothing.ttl>'
check_rc "no libcurl: LOAD of a URL fails" 1
check_contains "no libcurl: the message names the library" \
  "the curl library could not be loaded" "$ERR"
kg -q --readonly -F tsv "$TMP/new.kg" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
check_rc "no libcurl: a query still answers" 0
check_eq "no libcurl: nothing was added" 2 "$(value)"
KGSH=$REAL

finish
