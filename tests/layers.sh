#!/bin/sh
# layers.sh - checks the architecture on the built objects, not on #include
# lines: a file depends on another when its object uses a symbol the other
# defines (nm). Fails when
#   - a folder of libkg uses a folder of the same or a higher layer (the
#     table below; the order of graph/README.md), so folders form no cycle;
#   - files inside a folder form a cycle that the folder's README does not
#     name on an "Allowed cycle:" line (the same files, any order);
#   - the shell, the server or the librdf storage (graph/redland/) uses
#     a symbol of another folder of libkg outside the public API (kg_*);
#   - a source file of graph/, shell/ or serve/ is over 800 lines.
# Usage: sh tests/layers.sh [BUILD]. Prints "N passed, N failed" last.
set -u
BUILD=${1:-build}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# layer of each folder: a folder may use only folders of a lower layer.
# sparql/value and sparql/syntax share a layer, and so do io and draw:
# neither uses the other.
layers='graph 0
graph/store 1
graph/io 2
graph/draw 2
graph/results 3
graph/sparql/value 4
graph/sparql/syntax 4
graph/sparql/eval 5
graph/sparql 6
graph/remote 7
graph/link 8
graph/redland 9
serve 10
shell 11'

# objects of sources that still exist (a build dir can hold old ones)
objs=$(find "$BUILD/graph" "$BUILD/shell" "$BUILD/serve" -name '*.o' 2>/dev/null | sort |
  while read -r o; do
    s=${o#"$BUILD"/}
    [ -f "${s%.o}.c" ] && echo "$o"
  done)
if [ -z "$objs" ]; then
  echo "no objects under $BUILD: build first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
# "FILE DEF|USE SYMBOL" for every object, FILE relative to the tree
edges=$(for o in $objs; do
  f=${o#"$BUILD"/}
  f=${f%.o}
  nm -P "$o" | awk -v f="$f" '
    $2 == "U" { print f, "USE", $1; next }
    $2 ~ /^[TDBRCGSVW]$/ { print f, "DEF", $1 }'
done | awk '
  $2 == "DEF" { if (!($3 in def)) def[$3] = $1; next }
  { use[++n] = $1 " " $3 }
  END {
    for (i = 1; i <= n; i++) {
      split(use[i], u, " ")
      if ((u[2] in def) && def[u[2]] != u[1]) print u[1], def[u[2]], u[2]
    }
  }' | sort -u)

# 1. folder layers
viol=$(printf '%s\n' "$edges" | awk -v layers="$layers" '
  BEGIN {
    n = split(layers, l, "\n")
    for (i = 1; i <= n; i++) { split(l[i], p, " "); rank[p[1]] = p[2] }
  }
  function dir(f,  d) { d = f; sub(/\/[^\/]*$/, "", d); return d }
  NF == 3 {
    a = dir($1); b = dir($2)
    if (a == b) next
    if (!(a in rank) || !(b in rank)) { print $1 " -> " $2 " (" $3 "): folder not in the layer table"; next }
    if (rank[b] >= rank[a]) print $1 " -> " $2 " (" $3 ")"
  }' | sort -u)
if [ -z "$viol" ]; then
  ok "folders use only lower layers"
else
  bad "folders use only lower layers:"
  printf '  %s\n' $(printf '%s\n' "$viol" | tr ' ' '~') | tr '~' ' ' | head -40
fi

# 2. cycles inside a folder: strongly connected files (transitive closure)
cycles=$(printf '%s\n' "$edges" | awk '
  function dir(f,  d) { d = f; sub(/\/[^\/]*$/, "", d); return d }
  NF == 3 && dir($1) == dir($2) {
    if (!($1 in id)) { id[$1] = ++n; name[n] = $1 }
    if (!($2 in id)) { id[$2] = ++n; name[n] = $2 }
    r[id[$1], id[$2]] = 1
  }
  END {
    for (k = 1; k <= n; k++) for (i = 1; i <= n; i++) if (r[i, k])
      for (j = 1; j <= n; j++) if (r[k, j]) r[i, j] = 1
    for (i = 1; i <= n; i++) {
      if (seen[i]) continue
      c = ""
      for (j = 1; j <= n; j++) if (r[i, j] && r[j, i]) { seen[j] = 1; c = c " " name[j] }
      if (c != "") print substr(c, 2)
    }
  }')
printf '%s\n' "$cycles" | while IFS= read -r c; do
  [ -n "$c" ] || continue
  d=${c%% *}
  d=${d%/*}
  base=$(printf '%s\n' $c | sed 's|.*/||' | sort | tr '\n' ' ')
  found=0
  if [ -f "$d/README.md" ]; then
    while IFS= read -r line; do
      names=$(printf '%s\n' $line | sort | tr '\n' ' ')
      [ "$names" = "$base" ] && found=1
    done <<EOF
$(sed -n 's/^Allowed cycle: *//p' "$d/README.md" | tr -d '`,.')
EOF
  fi
  if [ $found = 1 ]; then
    echo "ok cycle in $d named in its README: $base"
  else
    echo "FAIL cycle in $d not named in $d/README.md: $base"
  fi
done >"${TMPDIR:-/tmp}/layers.$$"
while IFS= read -r line; do
  case $line in ok*) ok "${line#ok }" ;; *) bad "${line#FAIL }" ;; esac
done <"${TMPDIR:-/tmp}/layers.$$"
rm -f "${TMPDIR:-/tmp}/layers.$$"
[ -n "$cycles" ] || ok "no cycles inside folders"

# 3. the shell, the server and the storage module use only the public API
priv=$(printf '%s\n' "$edges" | awk '$1 ~ /^(shell|serve|graph\/redland)\// && $2 ~ /^graph\// && $2 !~ /^graph\/redland\// && $3 !~ /^kg_/ { print $1 " -> " $3 }' | sort -u)
if [ -z "$priv" ]; then
  ok "the shell, the server and the storage module use only kg_ calls of libkg"
else
  bad "the shell, the server or the storage module uses library internals: $(echo $priv)"
fi

# 4. small files
big=$(find graph shell serve -name '*.[ch]' -exec wc -l {} + | awk '$2 != "total" && $1 > 800 { print $2 " (" $1 " lines)" }')
if [ -z "$big" ]; then
  ok "no source file over 800 lines"
else
  bad "source files over 800 lines: $(echo $big)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
