#!/bin/sh
# plans.sh - the ways a basic graph pattern is read give the answers of
# plain evaluation: a FILTER on an integer or a date decided by a range of
# ids (every other kind of term still filtered one by one), and a hash
# join of a pattern whose statements cost less to read than a search for
# each row before it. `.explain analyze` shows both.
# Usage (from the repository root): sh tests/e2e/plans.sh build/kgsh
. tests/e2e/lib.sh

S=$TMP/s.kg
P='PREFIX : <http://example.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>'

# ------------------------------------------------------------ the data
# :v holds integers on both sides of every edge of the ids' range, and
# what lies beside them in the index: integers kept as records (too large,
# not canonical), other numeric types, dates with and without a zone,
# strings. Half is loaded (the base), half inserted (a change layer).
cat >"$TMP/v1.ttl" <<'EOF'
@prefix : <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:i01 :v -134217729 . :i02 :v -134217728 . :i03 :v -134217727 .
:i04 :v -5001 . :i05 :v -1 . :i06 :v 0 . :i07 :v 1 . :i08 :v 4999 .
:i09 :v 5000 . :i10 :v 5001 . :i11 :v 134217726 . :i12 :v 134217727 .
:i13 :v 134217728 . :i14 :v 10000000000 .
:d01 :v "2015-01-01"^^xsd:date . :d02 :v "2014-12-31"^^xsd:date .
:d03 :v "2015-01-02"^^xsd:date . :d04 :v "0001-01-01"^^xsd:date .
EOF
cat >"$TMP/v2.ttl" <<'EOF'
PREFIX : <http://example.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {
:x01 :v "05"^^xsd:integer . :x02 :v "+5000"^^xsd:integer . :x03 :v 4999.5 .
:x04 :v "5e3"^^xsd:double . :x05 :v "5000"^^xsd:int . :x06 :v "abc" .
:x07 :v 5000.000 . :x08 :v "-0"^^xsd:integer . :x09 :v 4999.999 .
:x10 :v "005000"^^xsd:integer . :x11 :v "-134217729"^^xsd:long .
:d05 :v "9999-12-31"^^xsd:date . :d06 :v "2015-01-01Z"^^xsd:date .
:d07 :v "2015-01-01T00:00:00"^^xsd:dateTime . :d08 :v "12015-01-01"^^xsd:date .
:d09 :v "2014-12-31+14:00"^^xsd:date . :d10 :v "2015-01-01"^^xsd:string .
}
EOF
kg -q "$S" -l "$TMP/v1.ttl" -f "$TMP/v2.ttl"
check_rc "the store: loaded and inserted" 0

# ------------------------------------------- filters by a range of ids
# each comparison three ways: as written (a range of ids), the constant
# first (the mirror image), and wrapped so that no range can decide it
CONSTS='5000 0 -1 4999 -134217728 -134217729 134217727 134217728 -10000000000 10000000000 "05"^^xsd:integer "+5000"^^xsd:integer 4999.5 "2015-01-01"^^xsd:date "0001-01-01"^^xsd:date "9999-12-31"^^xsd:date "2015-01-01Z"^^xsd:date'
# answers NAME FILTER: the rows of the FILTER (C each constant) in $TMP/NAME
answers() {
  _name=$1 _filter=$2
  set --
  for c in $CONSTS; do
    set -- "$@" -e "$P SELECT ?s ?v WHERE { ?s :v ?v FILTER($(echo "$_filter" | sed "s|C|$c|")) } ORDER BY ?s"
  done
  kg -q --readonly "$S" -F tsv "$@"
  cp "$OUT" "$TMP/$_name"
}
for op in '<' '<=' '>' '>=' '='; do
  case $op in
    '<') flip='>' ;; '<=') flip='>=' ;; '>') flip='<' ;; '>=') flip='<=' ;;
    *) flip='=' ;;
  esac
  answers ranged "?v $op C"
  answers mirror "C $flip ?v"
  answers plain "(?v $op C) = true"
  check_eq "?v $op C: an answer for every constant" \
    "$(echo $CONSTS | wc -w)" "$(grep -c '^?s' "$TMP/ranged")"
  check_eq "?v $op C by a range of ids: the rows of plain evaluation" \
    "$(cat "$TMP/plain")" "$(cat "$TMP/ranged")"
  check_eq "C $flip ?v by a range of ids: the rows of plain evaluation" \
    "$(cat "$TMP/plain")" "$(cat "$TMP/mirror")"
done

# the answers themselves, not only their agreement
kg -q --readonly "$S" -F tsv -e "$P SELECT ?s WHERE { ?s :v ?v FILTER(?v < 5000) } ORDER BY ?s"
check_eq "?v < 5000: integers inline and kept as records, decimals, -0" \
  "i01 i02 i03 i04 i05 i06 i07 i08 x01 x03 x08 x09 x11" \
  "$(sed -n '2,$p' "$OUT" | sed 's|.*/||; s|>||' | tr '\n' ' ' | sed 's/ $//')"
kg -q --readonly "$S" -F tsv -e "$P SELECT ?s WHERE { ?s :v ?v FILTER(?v >= \"2015-01-01\"^^xsd:date) } ORDER BY ?s"
check_eq "?v >= a date: inline and kept as records (not one with a zone)" \
  "d01 d03 d05 d08" \
  "$(sed -n '2,$p' "$OUT" | sed 's|.*/||; s|>||' | tr '\n' ' ' | sed 's/ $//')"
kg -q --readonly "$S" -e ".explain analyze $P SELECT ?s WHERE { ?s :v ?v FILTER(?v < 5000 && ?v > -2) }"
check_contains ".explain analyze: a FILTER decided by a range of ids" \
  '(filter (< ?v 5000))  [a range of ids]' "$OUT"
check_contains ".explain analyze: both bounds of it" \
  '(filter (> ?v -2))  [a range of ids]' "$OUT"

# a transaction's own changes are in the range, and gone after rollback
kg -q "$S" -F tsv -e '.begin' -e "$P INSERT DATA { :t1 :v 17 }" \
  -e "$P SELECT (COUNT(*) AS ?n) WHERE { ?s :v ?v FILTER(?v < 5000) }" -e '.rollback' \
  -e "$P SELECT (COUNT(*) AS ?n) WHERE { ?s :v ?v FILTER(?v < 5000) }"
check_eq "a range of ids: a transaction's insert counted, then rolled back" \
  "$(printf '?n\n14\n?n\n13')" "$(cat "$OUT")"

# ------------------------------------------------------------ hash joins
# 600 companies with a head count (some with two) and a founding date
# (not every one), 900 people working for them; the expected answers
# computed here from the same numbers
awk -v dir="$TMP" 'BEGIN {
  f = dir "/h.ttl"
  print "@prefix : <http://example.org/> ." > f
  print "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ." > f
  for (i = 1; i <= 600; i++) {
    n = (i * 37) % 10000
    printf ":c%d :n %d .\n", i, n > f
    if (i % 50 == 0) printf ":c%d :n %d .\n", i, n + 1000000 > f
    if (i % 7 == 0) continue
    y = 1990 + i % 30; m = 1 + i % 12; d = 1 + i % 28
    printf ":c%d :d \"%04d-%02d-%02d\"^^xsd:date .\n", i, y, m, d > f
    if (y >= 2015 && n < 5000)
      printf "<http://example.org/c%d>\t\"%04d-%02d-%02d\"^^<http://www.w3.org/2001/XMLSchema#date>\t%d\n", i, y, m, d, n > (dir "/h1.want")
  }
  for (j = 1; j <= 900; j++) {
    c = 1 + (j * 13) % 600
    printf ":p%d :worksFor :c%d .\n", j, c > f
    if ((c * 37) % 10000 < 5000)
      printf "<http://example.org/p%d>\t<http://example.org/c%d>\n", j, c > (dir "/h2.want")
  }
}'
H=$TMP/h.kg
kg -q "$H" -l "$TMP/h.ttl"
check_rc "the hash join store: loaded" 0
Q1="$P SELECT ?c ?d ?n WHERE { ?c :d ?d ; :n ?n FILTER(?d >= \"2015-01-01\"^^xsd:date && ?n < 5000) }"
kg -q --readonly "$H" -F tsv -e "$Q1"
check_eq "a hash join on the subject: the companies founded since 2015 under 5000" \
  "$(LC_ALL=C sort "$TMP/h1.want")" "$(sed 1d "$OUT" | LC_ALL=C sort)"
kg -q --readonly "$H" -e ".explain analyze $Q1"
check_match ".explain analyze: the hash join on ?c" 'hash join on \?c\]' "$OUT"
Q2="$P SELECT ?p ?c WHERE { ?c :n ?n FILTER(?n < 5000) . ?p :worksFor ?c }"
kg -q --readonly "$H" -F tsv -e "$Q2"
check_eq "a hash join on the object: the people of the companies under 5000" \
  "$(LC_ALL=C sort "$TMP/h2.want")" "$(sed 1d "$OUT" | LC_ALL=C sort)"
kg -q --readonly "$H" -e ".explain analyze $Q2"
check_match ".explain analyze: the hash join on the object ?c" \
  'worksFor> \?c\)  \[.*hash join on \?c\]' "$OUT"
# planned for ~300 rows before it, but a filter keeps one: one search,
# no table of all 900 statements
Q3="$P SELECT ?p WHERE { ?c :n ?n FILTER(?n < 5000 && STR(?c) = \"http://example.org/c3\") . ?p :worksFor ?c }"
kg -q --readonly "$H" -F tsv -e "$Q3"
check_eq "fewer rows than planned: the people of one company" \
  "$(awk 'BEGIN { for (j = 1; j <= 900; j++) if (1 + (j * 13) % 600 == 3) printf "<http://example.org/p%d>\n", j }' | LC_ALL=C sort)" \
  "$(sed 1d "$OUT" | LC_ALL=C sort)"
kg -q --readonly "$H" -e ".explain analyze $Q3"
check_lacks "fewer rows than planned: searched, no table built" "hash join" "$OUT"
# an inner side reopened for each outer row keeps one table for all
kg -q --readonly "$H" -F tsv -e "$P SELECT (COUNT(*) AS ?k) WHERE { ?c :n ?n FILTER(?n < 5000) OPTIONAL { ?p :worksFor ?c } }"
check_eq "OPTIONAL over the same join: every company once or per person" \
  "$(awk 'BEGIN { for (i = 1; i <= 600; i++) if ((i * 37) % 10000 < 5000) { k = 0; for (j = 1; j <= 900; j++) if (1 + (j * 13) % 600 == i) k++; t += k ? k : 1 } print t }')" \
  "$(value)"

finish
