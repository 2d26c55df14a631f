#!/bin/sh
# fulldisk.sh - a store on a small tmpfs that fills up: a load, an
# update, a checkpoint and a close each either finish or fail with a
# clear error; what failed left nothing behind, what was reported done is
# there, and the store opens (writable and read-only) while the disk is
# still full. Needs root for the mount; skipped with the reason otherwise.
. tests/e2e/lib.sh

if [ "$(id -u)" -ne 0 ]; then
  skip fulldisk "mounting a small tmpfs needs root"
  finish
fi
MNT=$TMP/mnt
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=6m tmpfs "$MNT" 2>"$TMP/mount.err"; then
  skip fulldisk "cannot mount a tmpfs here: $(cat "$TMP/mount.err")"
  finish
fi
at_exit "umount '$MNT'"
S=$MNT/s

python3 - "$TMP" <<'EOF'
import sys
d = sys.argv[1]
with open(d + '/big.nt', 'w') as f:
    for i in range(100000):
        f.write(f'<http://ex/s{i}> <http://ex/p{i % 7}> _:b{i} .\n')
with open(d + '/mid.nt', 'w') as f:
    for i in range(20000):
        f.write(f'<http://ex/m{i}> <http://ex/m> <http://ex/o{i % 100}> .\n')
with open(d + '/update.rq', 'w') as f:
    f.write('INSERT DATA {\n')
    for i in range(60000):
        f.write(f'<http://ex/u{i}> <http://ex/q> "a longer literal to fill the disk {i}" .\n')
    f.write('}\n')
EOF
count() { # the statements in $S, read-only
  kg --readonly -F tsv "$S" -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
  sed -n 2p "$OUT"
}

kg "$S" -l "$TMP/mid.nt" \
  -e 'INSERT DATA { <http://ex/kept> <http://ex/p> "before the disk filled" }'
check_rc "a store on a 6 MB tmpfs" 0
N=$(count)

# a load larger than the disk
kg "$S" -l "$TMP/big.nt"
check_rc "a load that fills the disk fails" 1
check_match "with a clear error" 'No space left on device|disk is full' "$ERR"
check_eq "the failed load left no statement behind" "$N" "$(count)"
kg "$S" -e 'ASK { <http://ex/kept> ?p ?o }'
check_rc "the store opens writable on the full disk" 0
check_eq "the statement from before is there" true "$(cat "$OUT")"
kg --check "$S"
check_rc "and --check finds it sound" 0

# an update larger than the disk
kg "$S" -f "$TMP/update.rq"
check_rc "an update that fills the disk fails" 1
check_match "with a clear error" 'No space left on device|disk is full' "$ERR"
check_eq "the failed update changed nothing" "$N" "$(count)"

# fill the disk but for 256 KB (room for the journal, not for a new
# generation of the index), then commit small changes: a checkpoint
# (every 50 changes here) cannot be written
free=$(df -k "$MNT" | awk 'NR == 2 { print $4 }')
dd if=/dev/zero of="$MNT/filler" bs=1k count=$((free - 256)) 2>/dev/null
: >"$TMP/done"
noted=0
i=0
while [ $i -lt 60 ]; do
  KG_CHECKPOINT_MIN=50 kg "$S" -e "INSERT DATA { <http://ex/c$i> <http://ex/p> $i }"
  [ "$RC" -eq 0 ] && echo "$i" >>"$TMP/done"
  grep -q 'merging the journal into the index failed' "$ERR" && noted=1
  [ "$RC" -gt 2 ] && fail "commit $i" "exit $RC: $(_short "$(cat "$ERR")")"
  i=$((i + 1))
done
n_done=$(wc -l <"$TMP/done")
check_eq "a checkpoint the full disk stops is put off, and said so" 1 "$noted"
kg --readonly -F tsv "$S" -e 'SELECT ?o { ?s <http://ex/p> ?o FILTER(isNumeric(?o)) } ORDER BY ?o'
check_rc "the store opens read-only with the disk full" 0
sed -n '2,$p' "$OUT" >"$TMP/have"
check_eq "every commit reported done is there, no other" \
  "$(cat "$TMP/done")" "$(cat "$TMP/have")"
kg "$S" -e 'ASK {}'
check_rc "and writable" 0
rm -f "$MNT/filler"
kg "$S" -e 'ASK {}'
check_rc "space freed: the store opens" 0
kg --check "$S"
check_rc "and is sound" 0
echo "($n_done of 60 small commits succeeded on the full disk)"
finish
