#!/usr/bin/env bash
# Validate the RDF files of the Hangzhou graph.
#
# Run from the repository root:  bash tests/checks/validate.sh
#
# 1. Parses every Turtle (.ttl) and TriG (.trig) file under ontology/ and
#    data/ (and the deliberately broken test data tests/checks/broken.trig,
#    which must still be syntactically valid) with rapper (raptor2-utils).
#    A file fails on any parser error (undeclared prefix, bad IRI, bad
#    literal ...) or when it holds no statement.
# 2. Checks that every term the files use from the standard vocabularies
#    (schema.org, ORG, PROV, Data Cube, SKOS, DCAT, FOAF, Dublin Core, VoID,
#    VANN, OWL, RDF, RDFS) is listed in tests/checks/vocabulary-terms.txt,
#    which catches misspelt terms (schema:foundr) and invented ones.
#
# Prints one line per check and "N passed, N failed"; exits non-zero when a
# check fails (2 when rapper is missing).
set -euo pipefail

if ! command -v rapper >/dev/null 2>&1; then
    echo "validate.sh: rapper not found (apt-get install raptor2-utils)" >&2
    exit 2
fi

passed=0
failed=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

files=()
while IFS= read -r -d '' f; do
    files+=("$f")
done < <(find ontology data tests/checks -type f \( -name '*.ttl' -o -name '*.trig' \) -print0 2>/dev/null | sort -z)

if [ "${#files[@]}" -eq 0 ]; then
    echo "validate.sh: no .ttl or .trig files found (run from the repository root)" >&2
    exit 1
fi

: > "$tmp/all.nq"
for f in "${files[@]}"; do
    case "$f" in
        *.trig) syntax=trig; out=nquads ;;
        *) syntax=turtle; out=ntriples ;;
    esac
    if rapper -q -i "$syntax" -o "$out" "$f" > "$tmp/out" 2> "$tmp/err" \
        && ! grep -q . "$tmp/err" && [ -s "$tmp/out" ]; then
        n="$(wc -l < "$tmp/out" | tr -d ' ')"
        echo "ok    parse $f ($n statements)"
        cat "$tmp/out" >> "$tmp/all.nq"
        passed=$((passed + 1))
    else
        echo "FAIL  parse $f"
        sed 's/^/      /' "$tmp/err"
        [ -s "$tmp/out" ] || echo "      (no statements)"
        failed=$((failed + 1))
    fi
done

# Vocabulary terms.
known="tests/checks/vocabulary-terms.txt"
if [ ! -f "$known" ]; then
    echo "FAIL  vocabulary terms: $known is missing"
    failed=$((failed + 1))
else
    ns='http://schema\.org/|http://www\.w3\.org/ns/org#|http://www\.w3\.org/ns/prov#'
    ns="$ns|http://purl\.org/linked-data/cube#|http://www\.w3\.org/2004/02/skos/core#"
    ns="$ns|http://www\.w3\.org/ns/dcat#|http://xmlns\.com/foaf/0\.1/|http://purl\.org/dc/terms/"
    ns="$ns|http://rdfs\.org/ns/void#|http://purl\.org/vocab/vann/|http://www\.w3\.org/2002/07/owl#"
    ns="$ns|http://www\.w3\.org/2000/01/rdf-schema#|http://www\.w3\.org/1999/02/22-rdf-syntax-ns#"
    { grep -oE "<($ns)[^>]*>" "$tmp/all.nq" || true; } | tr -d '<>' | sort -u > "$tmp/used"
    { grep -v '^#' "$known" || true; } | sed '/^$/d' | sort -u > "$tmp/known"
    comm -23 "$tmp/used" "$tmp/known" > "$tmp/unknown"
    if [ -s "$tmp/unknown" ]; then
        echo "FAIL  vocabulary terms: not in $known:"
        sed 's/^/      /' "$tmp/unknown"
        failed=$((failed + 1))
    else
        echo "ok    vocabulary terms ($(wc -l < "$tmp/used" | tr -d ' ') standard terms used, all known)"
        passed=$((passed + 1))
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
