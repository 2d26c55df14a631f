#!/bin/sh
# draw.sh - .draw and the picture formats (-F svg, png, dot) through the
# kgsh binary: well-formed SVG with the article's nodes and both
# languages, DOT that Graphviz reads back, PNGs, the node limit, errors.
# Leaves PNGs of the article's main entities in BUILD/pictures for a
# person to look at.
. tests/e2e/lib.sh

# Under AddressSanitizer, laying out leaks inside Graphviz 2.42 and the
# libraries under it, whatever the caller frees (gvFreeLayout, agclose,
# gvFreeContext, as its library guide says): gvconfig keeps the text of
# its plugin config (its own comment: "not freed because we retain char*
# into it"), the HTML-like label parser loses spans, and pango/fontconfig
# keep their font caches. Each drawing run is a known bug for lib.sh, and
# draw_kg fails it all the same when a report has anything else: a leak
# none of whose frames is in those libraries, or any other sanitizer
# error. Full stacks make the frames visible. DOT needs no layout and is
# checked plainly, as is the drawing code itself by tests/unit/test_draw.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export ASAN_OPTIONS
GV_LEAKS="Graphviz 2.42 and pango/fontconfig leak inside gvContext and gvLayout"
GV_LIBS='lib(gvc|cgraph|cdt|pathplan|xdot|gvplugin_[a-z_]*|pango[a-z0-9-]*|fontconfig|cairo|glib-2|gobject-2|expat|freetype|harfbuzz|pixman-1)\.so'
draw_kg() {
  known_bug "$GV_LEAKS"
  kg "$@"
  [ "$SAN" = 1 ] || return 0
  _other=$(awk -v libs="$GV_LIBS" '
    /runtime error:|ERROR: AddressSanitizer/ { print; next }
    /^(Direct|Indirect) leak/ { if (rec != "" && !lib) print rec; rec = $0; lib = 0; next }
    rec != "" && /^ *#[0-9]+ / && $0 ~ libs { lib = 1 }
    /^SUMMARY/ { if (rec != "" && !lib) print rec; rec = "" }
    END { if (rec != "" && !lib) print rec }' "$ERR")
  if [ -n "$_other" ]; then
    fail "sanitizer: a report outside Graphviz (kgsh $*)" "$(_short "$_other")"
  fi
}

S=$TMP/store.kg
make_store "$S"
PICS=$(dirname "$KGSH")/pictures
mkdir -p "$PICS"

# nodes of an SVG drawn by kgsh: terms (t...) and "and N more" markers
nodes() { grep -c '<g id="t[0-9]*" class="node"' "$1"; }
markers() { grep -c '<g id="more[0-9]*" class="node"' "$1"; }

# ------------------------------------------------------------------ SVG
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor $TMP/x.svg"
check_rc ".draw hz:Leapmotor x.svg" 0
check_cmd "the SVG is well-formed XML" xmllint --noout "$TMP/x.svg"
# Leapmotor, its founder, district, sector, three technologies, two
# figures, the membership, the investment (Stellantis, the amount and the
# period inside its box), DBpedia's Leapmotor, the legal name and excerpt
check_eq "the article's neighbourhood of Leapmotor: 14 nodes" 14 "$(nodes "$TMP/x.svg")"
check_contains "a Chinese label" "零跑科技" "$TMP/x.svg"
check_contains "an English label" "Zhu Jiangming" "$TMP/x.svg"
check_contains "edges by prefixed predicate" "schema:founder" "$TMP/x.svg"
check_contains "the SVG names a font with CJK glyphs" 'font-family="Noto Sans CJK SC' "$TMP/x.svg"
# the investment reads from its box: investor, amount, period
check_contains "the investment's amount in its box" "1.5 billion EUR" "$TMP/x.svg"
check_contains "the investor in the investment's box" "Stellantis" "$TMP/x.svg"
check_contains "the investment's period" "late October 2023" "$TMP/x.svg"
check_contains "the legend names the classes" "Company" "$TMP/x.svg"

# a label as the term, and the preferred language (.lang)
printf '.lang zh,en\n.draw 零跑科技 %s\n' "$TMP/zh.svg" >"$TMP/zh.kgsh"
draw_kg -q --readonly "$S" -f "$TMP/zh.kgsh"
check_rc ".draw by a Chinese label" 0
check_contains ".lang zh: numbers in 亿" "15亿欧元" "$TMP/zh.svg"
check_eq "a label names the same entity" 14 "$(nodes "$TMP/zh.svg")"
draw_kg -q --readonly "$S" -e ".draw Hangzhou Medical Port $TMP/port.svg"
check_rc "a label of several words" 0
check_contains "... is the medical port" "杭州医药港" "$TMP/port.svg"

# ------------------------------------------------------------------ DOT
# DOT is written before layout, without a Graphviz context: no known bug
kg -q --readonly "$S" -e ".draw hz:Stellantis $TMP/x.dot"
check_rc ".draw x.dot" 0
check_cmd "Graphviz reads the DOT back" dot -Tcanon -o "$TMP/canon.dot" "$TMP/x.dot"
check_contains "the DOT has the labels" "斯泰兰蒂斯集团" "$TMP/canon.dot"

# ------------------------------------------------------------------ PNG
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor $TMP/x.png"
check_rc ".draw x.png" 0
check_eq "a PNG" "$(printf '\211PNG')" "$(head -c 4 "$TMP/x.png")"
size=$(wc -c <"$TMP/x.png")
check_cmd "the PNG is not trivial ($size bytes)" test "$size" -gt 50000

# ---------------------------------------------------- depth, limits, options
draw_kg -q --readonly "$S" -e ".draw hz:Hangzhou $TMP/hub.svg"
check_rc ".draw a hub (Hangzhou)" 0
n=$(nodes "$TMP/hub.svg")
check_cmd "a hub: at most 60 nodes by default ($n)" test "$n" -le 60
draw_kg --readonly "$S" -e ".draw hz:Hangzhou --max=15 $TMP/hub15.svg"
check_rc ".draw --max=15" 0
n=$(nodes "$TMP/hub15.svg")
check_cmd "--max=15: at most 15 nodes ($n)" test "$n" -le 15
check_cmd "--max=15: an 'and N more' marker" test "$(markers "$TMP/hub15.svg")" -ge 1
check_match "--max=15: the marker says how many" 'and [0-9]+ more' "$TMP/hub15.svg"
check_match "... and so does the message" 'more not drawn' "$ERR"
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor 2 $TMP/d2.svg"
check_rc ".draw DEPTH 2" 0
check_cmd "two hops draw more than one" test "$(nodes "$TMP/d2.svg")" -gt 14
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor --only=schema:founder,hzo:locatedIn $TMP/only.svg"
check_eq "--only: the founder and the district" 3 "$(nodes "$TMP/only.svg")"
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor --skip=hzo:coreTechnology,hzo:includes $TMP/skip.svg"
check_lacks "--skip: no technology" "hz:IntelligentPower" "$TMP/skip.svg"

# batch without FILE: SVG on stdout
draw_kg -q --readonly "$S" -e ".draw hz:Maserati"
check_rc ".draw without FILE in batch" 0
check_contains "... writes SVG to stdout" "<svg" "$OUT"

# on a terminal without FILE: a PNG, opened by the desktop's viewer when
# there is a desktop (a stand-in xdg-open here), else its path. script(1)
# gives kgsh a terminal; what kgsh writes to stderr goes there too, so
# leak reports are left to the runs above.
if command -v script >/dev/null 2>&1; then
  term_draw() {
    env ASAN_OPTIONS=detect_leaks=0 TMPDIR="$TMP" "$@" script -qec \
      "'$KGSH' -q --readonly '$S' -e '.draw hz:Maserati'" /dev/null \
      </dev/null >"$OUT" 2>&1
  }
  term_draw env -u DISPLAY -u WAYLAND_DISPLAY
  png=$(grep -o "$TMP/kgsh-draw-[A-Za-z0-9]*\.png" "$OUT" | head -1)
  check_cmd "a terminal without a desktop: the PNG's path is written" test -n "$png"
  check_eq "... and it is a PNG" "$(printf '\211PNG')" "$(head -c 4 "$png" 2>/dev/null)"
  mkdir -p "$TMP/bin"
  printf '#!/bin/sh\necho "$1" >"%s/viewed"\n' "$TMP" >"$TMP/bin/xdg-open"
  chmod +x "$TMP/bin/xdg-open"
  term_draw env DISPLAY=:99 PATH="$TMP/bin:$PATH"
  wait_for=50
  while [ ! -s "$TMP/viewed" ] && [ $wait_for -gt 0 ]; do
    sleep 0.1
    wait_for=$((wait_for - 1))
  done
  check_match "a desktop: xdg-open is given the PNG" "$TMP/kgsh-draw-.*\.png" "$TMP/viewed"
else
  skip "a terminal without FILE" "script(1) is not installed"
fi

# ---------------------------------------------------------------- errors
draw_kg -q --readonly "$S" -e ".draw hz:NoSuchThing $TMP/none.svg"
check_rc "an unknown IRI fails" 1
check_contains "... saying so" "nothing about" "$ERR"
check_cmd "... and leaves no file" test ! -e "$TMP/none.svg"
draw_kg -q --readonly "$S" -e ".draw no such label at all $TMP/none.svg"
check_rc "an unknown label fails" 1
check_contains "... saying so" "nothing is called 'no such label at all'" "$ERR"
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor $TMP/no/such/dir/x.svg"
check_rc "an unwritable file fails" 1
check_contains "... naming the file" "cannot write $TMP/no/such/dir/x.svg" "$ERR"
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor $TMP/x.jpg"
check_rc "an unknown picture format fails" 1
check_contains "... naming the formats" "name it .svg, .png or .dot" "$ERR"
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor 9 $TMP/x.svg"
check_rc "DEPTH out of range fails" 1
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor --max=x $TMP/x.svg"
check_rc "--max=x fails" 1
draw_kg -q --readonly "$S" -e ".draw hz:Leapmotor --skip=nope $TMP/x.svg"
check_rc "--skip of a non-predicate fails" 1

# ------------------------------------------------- query results (-F)
draw_kg -q --readonly "$S" -F svg -e 'CONSTRUCT { hz:Leapmotor ?p ?o } WHERE { hz:Leapmotor ?p ?o }'
check_rc "-F svg on a CONSTRUCT" 0
cp "$OUT" "$TMP/construct.svg"
check_cmd "... is well-formed SVG" xmllint --noout "$TMP/construct.svg"
check_contains "... labelled" "零跑科技" "$TMP/construct.svg"
kg -q --readonly "$S" -F dot -e 'DESCRIBE hz:Stellantis'
check_rc "-F dot on a DESCRIBE" 0
cp "$OUT" "$TMP/describe.dot"
check_cmd "... Graphviz reads it" dot -Tcanon -o /dev/null "$TMP/describe.dot"
draw_kg -q --readonly "$S" -F png -o "$TMP/q.png" -e 'CONSTRUCT { ?s hzo:locatedIn ?o } WHERE { ?s hzo:locatedIn ?o }'
check_rc "-F png -o FILE on a CONSTRUCT" 0
check_eq "... a PNG" "$(printf '\211PNG')" "$(head -c 4 "$TMP/q.png")"
draw_kg -q --readonly "$S" -F svg -e 'SELECT * WHERE { ?s ?p ?o } LIMIT 1'
check_rc "-F svg on a SELECT: a table instead" 0

# ------------------------------------- pictures for a person to look at
for e in "hz:Leapmotor 1 leapmotor" "hz:Stellantis 2 stellantis" \
  "hz:HypergravityFacility 1 hypergravity-facility" \
  "hz:BinjiangDistrict 2 binjiang-district"; do
  set -- $e
  draw_kg -q --readonly "$S" -e ".draw $1 $2 $PICS/$3.png"
  check_rc "picture of $1 in $(basename "$PICS")/$3.png" 0
done

finish
