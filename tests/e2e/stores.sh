#!/bin/sh
# stores.sh - the kinds of store kgsh opens: memory:, sqlite:FILE, a
# directory (one copy by default; with `.redland on`, read back by
# Redland's rdfproc after kgsh changes it; a store of kgsh 0.9
# converted), and two kgsh processes on one directory store.
# Usage (from the repository root): sh tests/e2e/stores.sh build/kgsh
. tests/e2e/lib.sh

cat >"$TMP/a.ttl" <<'EOF'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b ;
     ex:label "零跑科技"@zh .
EOF
COUNT='SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }'

# ---------------------------------------------------------------- memory:
mkdir -p "$TMP/empty"
(cd "$TMP/empty" && "$KGSH" memory: -q -l "$TMP/a.ttl" \
  -e 'INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/c> <http://example.org/p> 1 } }' \
  -e '.union off' -e "$COUNT" >"$OUT" 2>"$ERR")
RC=$?
check_rc "memory: exit 0" 0
check_eq "memory: loads, updates and queries" 3 "$(value)"
check_eq "memory: writes no files" "" "$(ls -A "$TMP/empty")"
kg memory: -e "$COUNT"
check_eq "memory: nothing kept from an earlier run" 0 "$(value)"
kg memory: -e .graphs
check_rc "memory: .graphs" 0

# ------------------------------------------------------ the default store
# no STORE: the article graph in ~/.local/share/kgsh/hangzhou, built on
# first use ($HOME is the temporary directory's)
kg -e .stats
check_rc "no STORE: exit 0" 0
check_contains "no STORE: the article graph, built on first use" "store       $HOME/.local/share/kgsh/hangzhou" "$OUT"
check_match "no STORE: with its statements" "^statements +[1-9][0-9]{3}( \\(.*\\))?$" "$OUT"
kg -e 'INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }'
kg -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }'
check_eq "no STORE: the same store next time" 1 "$(value)"
KGSH_STORE=$TMP/env.kg
export KGSH_STORE
kg -e 'INSERT DATA { <http://example.org/a> <http://example.org/b> 2 }'
unset KGSH_STORE
check_cmd "\$KGSH_STORE names the default store (created)" test -f "$TMP/env.kg/kgsh.manifest"
kg "$TMP/env.kg" -e "$COUNT"
check_eq "\$KGSH_STORE: the change went there" 1 "$(value)"

# ---------------------------------------------------------- sqlite:FILE
sqlite_module=""
for d in /usr/lib/*/redland /usr/lib/redland /usr/local/lib/redland; do
  [ -e "$d/librdf_storage_sqlite.so" ] && sqlite_module=$d
done
if [ -n "$sqlite_module" ]; then
  DB=$TMP/kg.sqlite
  kg "sqlite:$DB" -q -l "$TMP/a.ttl" \
    -e 'INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/c> <http://example.org/p> 1 } }'
  check_rc "sqlite: load and update (exit 0)" 0
  check_cmd "sqlite: the database file exists" test -s "$DB"
  kg "sqlite:$DB" -e '.union off' -e "$COUNT"
  check_eq "sqlite: persists across runs" 3 "$(value)"
  kg "sqlite:$DB" -e 'SELECT ?l WHERE { <http://example.org/a> <http://example.org/label> ?l }'
  check_file "sqlite: UTF-8 literals kept" "$(printf '?l\n"零跑科技"@zh')" "$OUT"
  kg "sqlite:$DB" -e 'SELECT ?o WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }'
  check_file "sqlite: named graphs kept" "$(printf '?o\n1')" "$OUT"
  kg "sqlite:$DB" -e 'DELETE DATA { <http://example.org/a> <http://example.org/p> <http://example.org/b> }'
  check_rc "sqlite: DELETE DATA" 0
  kg "sqlite:$DB" -e '.union off' -e "$COUNT"
  check_eq "sqlite: the delete persists" 2 "$(value)"
  kg "sqlite:$DB" -e '.export - nquads'
  check_eq "sqlite: .export" 2 "$(grep -c ' \.$' "$OUT")"
  # a default-graph statement added in a later run stays in the default graph
  kg "sqlite:$DB" -e 'INSERT DATA { <http://example.org/x> <http://example.org/y> 2 }'
  kg "sqlite:$DB" -e 'SELECT ?g WHERE { GRAPH ?g { <http://example.org/x> ?p ?o } }'
  check_file "sqlite: a later default-graph insert stays in the default graph" "?g" "$OUT"
  DB2=$TMP/readonly.sqlite
  kg "sqlite:$DB2" -q -l "$TMP/a.ttl"
  kg "sqlite:$DB2" --readonly -e 'INSERT DATA { <http://example.org/x> <http://example.org/y> 2 }'
  check_rc "sqlite --readonly: an update fails" 1
else
  skip "sqlite" "librdf-storage-sqlite is not installed"
fi
# a librdf module that is not installed names its Debian package
for m in postgresql virtuoso mysql; do
  found=""
  for d in /usr/lib/*/redland /usr/lib/redland; do
    [ -e "$d/librdf_storage_$m.so" ] && found=1
  done
  [ -n "$found" ] && continue
  kg "$m:host='localhost'" -e 'ASK {}'
  check_rc "$m: (module missing): exit 2" 2
  check_contains "$m: names the Debian package" "librdf-storage-$m" "$ERR"
  break
done

# ------------------------------------ one copy by default; the Redland copy
D=$TMP/dir.kg
make_store "$D"
check_cmd "a new store: no Redland files" sh -c "! ls '$D'/*.db"
kg "$D" -e .redland
check_file "a new store: .redland says off" off "$OUT"
kg --help
check_contains "--help lists --redland-copy" "--redland-copy" "$OUT"
kg "$D" -e '.help redland'
check_contains ".help redland: what it is for" "rdfproc" "$OUT"
kg "$D" -e '.redland maybe'
check_contains ".redland maybe: a clear error" "expected on or off, not 'maybe'" "$ERR"
kg memory: -e '.redland on'
check_contains ".redland on a memory: store: refused, said why" "only those keep a Redland copy" "$ERR"
kg "$D" --readonly -e '.redland on'
check_contains ".redland on, read-only: refused, said why" "open it writable" "$ERR"
# a store of an earlier kgsh (a manifest without the redland line, its
# checksum over the other lines; the Redland files): converted once, said
# once
unredland() {
  /usr/bin/python3 - "$1/kgsh.manifest" <<'PY'
import sys, zlib
p = sys.argv[1]
lines = [l for l in open(p).read().splitlines(True)
         if not l.startswith(("redland ", "crc "))]
text = "".join(lines)
open(p, "w").write(text + "crc %08x\n" % zlib.crc32(text.encode()))
PY
}
O=$TMP/old.kg
make_store "$O"
kg "$O" -e '.redland on'
check_cmd "'.redland on': the Redland files" test -f "$O/kg-sp2o.db"
unredland "$O"
kg "$O" -e 'ASK { hz:Leapmotor ?p ?o }'
check_contains "an old store: converted, the user told" "made by an earlier kgsh: its Redland copy (kg-*.db" "$ERR"
check_file "an old store: its statements stay" true "$OUT"
check_cmd "an old store: its Redland files gone" sh -c "! ls '$O'/*.db"
kg "$O" -e 'ASK {}'
check_empty "an old store: told once" "$ERR"
kg "$O" -e .redland
check_file "an old store: the copy stays off" off "$OUT"
# kgsh serve converts it the same way, and says so on its log
kg "$O" -e '.redland on'
unredland "$O"
: >"$TMP/serve.err"
"$KGSH" serve "$O" --update --port 0 2>>"$TMP/serve.err" &
SP=$!
i=0
while [ $i -lt 100 ] && ! grep -q 'at http' "$TMP/serve.err"; do
  sleep 0.1
  i=$((i + 1))
done
kill "$SP" 2>/dev/null
wait "$SP"
check_contains "kgsh serve, an old store: converted, said on its log" "kgsh serve: $O was made by an earlier kgsh" "$TMP/serve.err"
check_cmd "kgsh serve, an old store: its Redland files gone" sh -c "! ls '$O'/*.db"

# a store of kgsh store format 2 (tests/e2e/fixtures/store-v2, made by
# that kgsh): its numbers and dates are records of the dictionary, in the
# index and in the journal. Opened by this kgsh, which keeps small ones in
# their ids, each such term still has one id: a number added again joins
# with the old one, DISTINCT counts it once.
V=$TMP/v2.kg
cp -r tests/e2e/fixtures/store-v2 "$V"
EMP='PREFIX ex: <http://example.org/> SELECT'
kg "$V" --readonly -q -e "$EMP ?s WHERE { ?s ex:employees 12000 } ORDER BY ?s"
check_file "format 2, read-only: a number of the index and of the journal" \
  "$(printf '?s\n<http://example.org/b>\n<http://example.org/d>')" "$OUT"
check_eq "format 2, read-only: the store is not converted" "kgsh-store 2" \
  "$(head -1 "$V/kgsh.manifest")"
kg "$V" -q -e 'PREFIX ex: <http://example.org/> INSERT DATA { ex:e ex:employees 12000, 5, 99 ; ex:share 0.5, 2.50 ; ex:founded "2015-03-01"^^<http://www.w3.org/2001/XMLSchema#date> }'
check_rc "format 2: an update" 0
check_contains "format 2: converted, the user told" "is now in kgsh store format 3" "$ERR"
check_eq "format 2: the manifest says format 3" "kgsh-store 3" \
  "$(head -1 "$V/kgsh.manifest")"
v2_checks() { # WHEN
  kg "$V" -q -e "$EMP ?s WHERE { ?s ex:employees 5 } ORDER BY ?s"
  check_file "format 2 $1: an old number matches the same one added" \
    "$(printf '?s\n<http://example.org/a>\n<http://example.org/e>')" "$OUT"
  kg "$V" -q -e "$EMP (COUNT(DISTINCT ?n) AS ?c) WHERE { ?s ex:employees ?n }"
  check_eq "format 2 $1: DISTINCT counts each number once" 5 "$(value)"
  kg "$V" -q -e "$EMP (COUNT(*) AS ?c) WHERE { ?x ex:share ?v . ?y ex:share ?v FILTER(?x != ?y) }"
  check_eq "format 2 $1: a join on old and new decimals" 8 "$(value)"
  kg "$V" -q -e "$EMP ?s WHERE { ?s ex:founded ?d FILTER(?d < \"2016-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>) } ORDER BY ?d ?s"
  check_file "format 2 $1: dates compared by value" \
    "$(printf '?s\n<http://example.org/b>\n<http://example.org/d>\n<http://example.org/a>\n<http://example.org/e>')" "$OUT"
  kg "$V" -q -e "$EMP (SUM(?n) AS ?t) WHERE { ?s ex:employees ?n }"
  check_eq "format 2 $1: sums by value" 123456825128 "$(value)"
  "$KGSH" --check "$V" >"$OUT" 2>&1
  check_contains "format 2 $1: --check finds it sound" "is sound" "$OUT"
}
v2_checks "after an update"
# the journal merged into a new index, the store opened again
KG_CHECKPOINT_MIN=1 kg "$V" -q -e "PREFIX ex: <http://example.org/> INSERT DATA { ex:f ex:label \"f\" }"
check_cmd "format 2: merged into a new index" test -f "$V/quads-2.spog"
v2_checks "after a checkpoint"

rdfproc_print() {
  rdfproc -s hashes -t "hash-type='bdb',dir='$1',contexts='yes'" kg print 2>"$TMP/rdfproc.err"
}
if command -v rdfproc >/dev/null 2>&1; then
  kg "$D" -e '.redland on'
  check_rc "'.redland on': exit 0" 0
  n0=$(rdfproc_print "$D" | grep -c '^  ')
  check_eq "rdfproc reads the article store" "$(statements "$D")" "$n0"
  kg "$D" -g http://example.org/loaded -l "$TMP/a.ttl" \
    -e 'INSERT DATA { GRAPH hzg:e2e { hz:RdfprocCheck rdfs:label "看得见"@zh } }' \
    -e 'DELETE WHERE { GRAPH ?g { hz:Leapmotor schema:founder ?f } }'
  check_rc "kgsh changes the store (load, insert, delete)" 0
  rdfproc_print "$D" >"$TMP/rdfproc.out"
  check_empty "rdfproc: no errors" "$TMP/rdfproc.err"
  check_eq "rdfproc: sees the new count" "$((n0 + 2 + 1 - 1))" "$(grep -c '^  ' "$TMP/rdfproc.out")"
  # (rdfproc writes non-ASCII as \uXXXX)
  check_contains "rdfproc: sees the insert, in its graph" '<https://kgsh.dev/id/hz/RdfprocCheck> <http://www.w3.org/2000/01/rdf-schema#label> "\u770B\u5F97\u89C1"@zh with context <https://kgsh.dev/id/hz/graph/e2e>' "$TMP/rdfproc.out"
  check_contains "rdfproc: sees the loaded file, in its graph" '<http://example.org/a> <http://example.org/p> <http://example.org/b> with context <http://example.org/loaded>' "$TMP/rdfproc.out"
  check_lacks "rdfproc: the delete is gone" '<https://kgsh.dev/id/hz/Leapmotor> <http://schema.org/founder>' "$TMP/rdfproc.out"
  kg "$D" -e .begin -e 'INSERT DATA { GRAPH hzg:e2e { hz:InTx rdfs:label "tx" } }' -e .commit \
    -e .begin -e 'INSERT DATA { GRAPH hzg:e2e { hz:RolledBack rdfs:label "no" } }' -e .rollback
  rdfproc_print "$D" >"$TMP/rdfproc.out"
  check_contains "rdfproc: sees a committed transaction" 'hz/InTx>' "$TMP/rdfproc.out"
  check_lacks "rdfproc: not a rolled-back one" 'hz/RolledBack>' "$TMP/rdfproc.out"
  kg "$D" -e '.redland off' -e .redland
  check_file "'.redland off': off" off "$OUT"
  check_cmd "'.redland off': the Redland files gone" sh -c "! ls '$D'/*.db"
else
  skip "rdfproc" "not installed (redland-utils)"
fi

# --------------------------------------------- two kgsh on one store
# hold STORE [--readonly]: a kgsh that keeps STORE open, reading
# statements from fd 3 until `release`
hold() {
  rm -f "$TMP/fifo"
  mkfifo "$TMP/fifo"
  "$KGSH" "$@" <"$TMP/fifo" >"$TMP/holder.out" 2>"$TMP/holder.err" &
  HOLDER=$!
  exec 3>"$TMP/fifo"
  echo 'SELECT (1 AS ?ready) {};' >&3
  wait_file "$TMP/holder.out" '?ready'
}
release() {
  exec 3>&-
  wait "$HOLDER"
  HOLDER_RC=$?
}
# wait_file FILE TEXT: up to 10 s
wait_file() {
  _n=100
  while [ "$_n" -gt 0 ] && ! grep -qF -- "$2" "$1" 2>/dev/null; do
    sleep 0.1
    _n=$((_n - 1))
  done
}
at_exit 'exec 3>&- 2>/dev/null; [ -n "${HOLDER:-}" ] && kill "$HOLDER" 2>/dev/null'

L=$TMP/locked.kg
make_store "$L"
kg "$L" -e '.redland on' # rdfproc reads it below
n0=$(count_of "$L" 'GRAPH ?g { ?s ?p ?o }')
hold "$L"
# the holder is in a write transaction: it holds the write lock
echo '.begin' >&3
echo 'INSERT DATA { GRAPH hzg:e2e { hz:FromHolder rdfs:label "1" } };' >&3
echo 'SELECT (2 AS ?begun) {};' >&3
wait_file "$TMP/holder.out" '?begun'
# a writer and a reader at the same time: the reader reads at once
t0=$(date +%s)
"$KGSH" "$L" --readonly -F tsv -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH hzg:e2e { hz:FromHolder ?p ?o } }' \
  </dev/null >"$TMP/reader.out" 2>"$TMP/reader.err" &
READER=$!
kg "$L" --busy-timeout 2500 -e 'INSERT DATA { GRAPH hzg:e2e { hz:FromSecond rdfs:label "2" } }'
t1=$(date +%s)
check_rc "a second writer: its change fails (exit 1)" 1
check_contains "a second writer: a clear 'in use' error" "in use by another process" "$ERR"
check_contains "a second writer: the error names the holder's pid" "pid $HOLDER" "$ERR"
check_empty "a second writer: nothing on stdout" "$OUT"
if [ $((t1 - t0)) -ge 2 ]; then ok "a second writer: waits before giving up ($((t1 - t0)) s)"; else
  fail "a second writer: waits before giving up" "gave up after $((t1 - t0)) s"
fi
check_lacks "a second writer: no advice that cannot work (--readonly)" "open it with --readonly" "$ERR"
wait "$READER"
RC=$?
check_cmd "the holder's pid file stays after refused writes" test -f "$L/kgsh.pid"
check_rc "a reader while a writer holds it: reads (exit 0)" 0
check_file "a reader while a writer holds it: the state before the transaction" "$(printf '?n\n0')" "$TMP/reader.out"
echo 'INSERT DATA { GRAPH hzg:e2e { hz:FromHolder rdfs:label "3" } };' >&3
echo '.commit' >&3
echo 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { hz:FromHolder ?p ?o } };' >&3
release
check_eq "the holder: not disturbed (exit 0)" 0 "$HOLDER_RC"
check_contains "the holder: its changes went in" "$(printf '?n\n2')" "$TMP/holder.out"
check_eq "the store: the holder's changes, none of the refused writer's" "$((n0 + 2))" "$(count_of "$L" 'GRAPH ?g { ?s ?p ?o }')"
if command -v rdfproc >/dev/null 2>&1; then
  check_eq "the store: rdfproc agrees" "$((n0 + 2))" "$(rdfproc_print "$L" | grep -c '^  ')"
fi

# a second writer waits for a transaction that soon ends
hold "$L"
echo '.begin' >&3
echo 'SELECT (2 AS ?begun) {};' >&3
wait_file "$TMP/holder.out" '?begun'
(sleep 1; echo '.rollback' >&3; exec 3>&-) &
exec 3>&-
kg "$L" -e 'INSERT DATA { GRAPH hzg:e2e { hz:AfterWait rdfs:label "w" } }'
check_rc "a second writer: waits for the first's transaction, then runs" 0
wait "$HOLDER"
check_eq "a second writer: its change is in" 1 "$(count_of "$L" 'GRAPH ?g { hz:AfterWait ?p ?o }')"

# two readers at once
hold "$L" --readonly
kg "$L" --readonly -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { hz:AfterWait ?p ?o } }'
check_rc "two readers at once" 0
check_eq "two readers at once: both read" 1 "$(value)"
# a writer beside a reader: both work, the reader sees the change next
kg "$L" -e 'INSERT DATA { GRAPH hzg:e2e { hz:NotNow rdfs:label "x" } }'
check_rc "a writer while a reader has it open: writes (exit 0)" 0
echo 'SELECT (COUNT(*) AS ?seen) WHERE { GRAPH ?g { hz:NotNow ?p ?o } };' >&3
release
check_contains "the reader sees the writer's commit at its next statement" "$(printf '?seen\n1')" "$TMP/holder.out"
check_eq "a writer while a reader has it open: its change is in" 1 "$(count_of "$L" 'GRAPH ?g { hz:NotNow ?p ?o }')"

# four writers at once: each waits its turn; nothing is lost or broken
n1=$(count_of "$L" 'GRAPH ?g { ?s ?p ?o }')
for i in 1 2 3 4; do
  "$KGSH" "$L" -e "INSERT DATA { GRAPH hzg:e2e { hz:Writer$i rdfs:label \"$i\" ; hz:n $i } }" \
    </dev/null >"$TMP/w$i.out" 2>"$TMP/w$i.err" &
  eval "W$i=\$!"
done
okn=0
for i in 1 2 3 4; do
  eval "wait \$W$i"
  rc=$?
  if [ "$rc" -eq 0 ]; then okn=$((okn + 1))
  elif [ "$rc" -ne 2 ] || ! grep -q 'in use' "$TMP/w$i.err"; then
    fail "writer $i: succeeds or is refused cleanly" "exit $rc: $(_short "$(cat "$TMP/w$i.err")")"
  fi
done
check_eq "four writers at once: all get their turn" 4 "$okn"
check_eq "four writers at once: every reported change is in" "$((n1 + 2 * okn))" "$(count_of "$L" 'GRAPH ?g { ?s ?p ?o }')"
kg "$L" -e 'SELECT ?i WHERE { GRAPH ?g { ?w hz:n ?i } } ORDER BY ?i'
check_file "four writers at once: each one's statements" "$(printf '?i\n1\n2\n3\n4')" "$OUT"
if command -v rdfproc >/dev/null 2>&1; then
  check_eq "four writers at once: rdfproc agrees" "$((n1 + 2 * okn))" "$(rdfproc_print "$L" | grep -c '^  ')"
fi

finish
