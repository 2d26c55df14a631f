#!/bin/sh
# damage.sh - the damaged-store matrix: every file of a store truncated to
# nothing, truncated to half, and with 8 bytes flipped (at places fixed by
# a seed). After each, the same queries run on a fresh copy: each must
# give the right answer or fail with a clear error, never a wrong answer,
# a crash or a spin; and `kgsh --check` must say "damaged" whenever a
# query did. `--repair` then rebuilds what can be rebuilt. Prints the
# matrix (file x damage: correct / error / WRONG).
. tests/e2e/lib.sh

if ! command -v python3 >/dev/null 2>&1; then
  skip damage "python3 damages the files"
  finish
fi
KGSH_REAL=$KGSH
KGSH="$TMP/bounded"
printf '#!/bin/sh\nexec timeout 60 "%s" "$@"\n' "$KGSH_REAL" >"$KGSH"
chmod +x "$KGSH"

# A store with every kind of file: a checkpointed base (6000 statements in
# the default graph and a named one), commits after it in the journal, a
# prefix of its own, and the Redland copy.
python3 - "$TMP/data.trig" <<'EOF'
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(3000):
        f.write(f'<http://ex/s{i}> <http://ex/p{i % 7}> "v{i}" .\n')
        f.write(f'<http://ex/s{i}> <http://ex/link> <http://ex/obj{i % 50}> .\n')
    f.write('<http://ex/g1> {\n')
    for i in range(400):
        f.write(f'  <http://ex/n{i}> <http://ex/p1> "named {i}"@en .\n')
    f.write('}\n')
EOF
KG_CHECKPOINT_MIN=100 kg --redland-copy "$TMP/base" -l "$TMP/data.trig" -e 'ASK {}'
kg "$TMP/base" -e '.prefix late http://late.example/' \
  -e 'INSERT DATA { late:a late:b "after the checkpoint" }' \
  -e 'INSERT DATA { <http://ex/s5> late:b late:c }' \
  -e 'DELETE DATA { <http://ex/s7> <http://ex/link> <http://ex/obj7> }'
check_rc "a store with a base, a journal and a prefix" 0
ls "$TMP/base"/quads-*.spog >/dev/null 2>&1 || fail "base" "no index files"

cat >"$TMP/q1.rq" <<'EOF'
SELECT (COUNT(*) AS ?n) { ?s ?p ?o }
EOF
cat >"$TMP/q2.rq" <<'EOF'
SELECT ?p ?o { <http://ex/s123> ?p ?o } ORDER BY ?p ?o
EOF
cat >"$TMP/q3.rq" <<'EOF'
SELECT ?s { ?s <http://ex/p3> "v10" }
EOF
cat >"$TMP/q4.rq" <<'EOF'
SELECT ?s ?o { ?s late:b ?o } ORDER BY ?s ?o
EOF
cat >"$TMP/q5.rq" <<'EOF'
SELECT (COUNT(*) AS ?n) { ?s <http://ex/p2> ?o }
EOF
cat >"$TMP/q6.rq" <<'EOF'
SELECT ?s { ?s ?p <http://ex/obj7> } ORDER BY ?s
EOF
cat >"$TMP/q7.rq" <<'EOF'
SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g
EOF
QUERIES="q1 q2 q3 q4 q5 q6 q7"
for q in $QUERIES; do
  rm -rf "$TMP/s" && cp -r "$TMP/base" "$TMP/s"
  kg "$TMP/s" -F tsv -f "$TMP/$q.rq"
  cp "$OUT" "$TMP/$q.expected"
  [ "$RC" -eq 0 ] || fail "expected answer of $q" "exit $RC: $(cat "$ERR")"
done
check_contains "the intact store answers" "6401" "$TMP/q1.expected"

# damage FILE HOW: zero, half or flip (8 bytes, seeded by the file's name)
damage() {
  python3 - "$TMP/s/$1" "$2" <<'EOF'
import os, random, sys
path, how = sys.argv[1], sys.argv[2]
size = os.path.getsize(path)
if how == 'zero':
    os.truncate(path, 0)
elif how == 'half':
    os.truncate(path, size // 2)
else:
    rnd = random.Random(os.path.basename(path))
    with open(path, 'r+b') as f:
        for _ in range(8):
            at = rnd.randrange(size)
            f.seek(at)
            b = f.read(1)[0]
            f.seek(at)
            f.write(bytes([b ^ rnd.randrange(1, 256)]))
EOF
}

files=$(cd "$TMP/base" && ls | grep -v '^kgsh.pid$')
matrix=$TMP/matrix
: >"$matrix"
for f in $files; do
  line=$(printf '%-16s' "$f")
  for how in zero half flip; do
    verdict=correct
    errors=0
    for q in $QUERIES; do
      rm -rf "$TMP/s" && cp -r "$TMP/base" "$TMP/s"
      damage "$f" "$how"
      kg "$TMP/s" -F tsv -f "$TMP/$q.rq"
      if [ "$RC" -gt 2 ] || [ "$SAN" -eq 1 ]; then
        verdict=CRASH
        fail "$f $how $q" "exit $RC (crash or timeout): $(_short "$(cat "$ERR")")"
      elif [ "$RC" -ne 0 ]; then
        errors=$((errors + 1))
        grep -q . "$ERR" || fail "$f $how $q" "failed without a message"
      elif ! cmp -s "$OUT" "$TMP/$q.expected"; then
        verdict=WRONG
        fail "$f $how $q" "a wrong answer with exit 0: $(_short "$(cat "$OUT")")"
      fi
    done
    [ "$verdict" = correct ] && [ "$errors" -gt 0 ] && verdict=error
    if [ "$verdict" = error ]; then
      # what the queries met, the check finds too
      rm -rf "$TMP/s" && cp -r "$TMP/base" "$TMP/s"
      damage "$f" "$how"
      kg --check "$TMP/s"
      [ "$RC" -eq 1 ] || fail "$f $how --check" "exit $RC: $(_short "$(cat "$OUT")")"
    fi
    line="$line $(printf '%-8s' "$verdict")"
  done
  echo "$line" >>"$matrix"
  ok "$f: truncated, halved, flipped"
done
echo "file             zero     half     flip"
cat "$matrix"

# --repair: what can be rebuilt comes back whole
for f in terms.idx quads-1.posg prefixes; do
  rm -rf "$TMP/s" && cp -r "$TMP/base" "$TMP/s"
  damage "$f" flip
  kg --repair "$TMP/s"
  check_rc "--repair rebuilds $f" 0
  kg --check "$TMP/s"
  check_rc "--check after repairing $f" 0
  for q in q1 q2 q6; do
    kg "$TMP/s" -F tsv -f "$TMP/$q.rq"
    check_file "$q after repairing $f" "$(cat "$TMP/$q.expected")" "$OUT"
  done
done
# a journal damaged in the middle: the commits before the damage stay
rm -rf "$TMP/s" && cp -r "$TMP/base" "$TMP/s"
kg "$TMP/s" -e 'INSERT DATA { <http://ex/x> <http://ex/y> 1 }' \
  -e 'INSERT DATA { <http://ex/x> <http://ex/y> 2 }'
size=$(wc -c <"$TMP/s/journal")
python3 -c "
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(int(sys.argv[2]) - 6); f.write(b'\xff')" "$TMP/s/journal" "$size"
kg "$TMP/s" -e 'ASK {}'
check_rc "a committed frame damaged: the open refuses" 2
check_contains "it names the journal and the frame" "journal" "$ERR"
kg --repair "$TMP/s"
check_contains "--repair says what it kept" "kept the" "$OUT"
kg "$TMP/s" -F tsv -e 'SELECT ?o { <http://ex/x> <http://ex/y> ?o }'
check_eq "the commit before the damage is there, the damaged one is not" \
  "$(cat "$OUT")" "?o
1"
finish
