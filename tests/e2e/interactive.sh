#!/bin/sh
# interactive.sh - kgsh in a real terminal, driven through tmux: banner,
# prompts, Tab completion, history across sessions, Ctrl-C (while typing
# and during a long query), Ctrl-D, and tables of Chinese text aligned by
# display width, shortened with '…' in a narrow terminal.
# Usage (from the repository root): sh tests/e2e/interactive.sh build/kgsh
. tests/e2e/lib.sh

if ! command -v tmux >/dev/null 2>&1; then
  echo "skip interactive: tmux is not installed (make deps installs it)"
  finish
fi

S=$TMP/store.kg
make_store "$S"
VERSION=$(sed -n 's/^#define KG_VERSION "\(.*\)"/\1/p' graph/kg.h)
N=$(count_of "$S" 'GRAPH ?g { ?s ?p ?o }')
COMPANIES=$(count_of "$S" '?c a hzo:Company')
WORK=$TMP/work           # kgsh's working directory (for file names)
HIST=$TMP/history        # KGSH_HISTORY
mkdir -p "$WORK"
echo '<http://example.org/a> <http://example.org/b> "c" .' >"$WORK/mydata.ttl"

. tests/e2e/clients/terminal.sh

# table_widths: the display width of each line of the last table
table_widths() {
  screen | awk '/┌/ { t = "" } /[┌│├└]/ { t = t $0 "\n" } END { printf "%s", t }' |
    while IFS= read -r _l; do printf '%s\n' "$_l" | wc -L; done | sort -u
}

# ------------------------------------------------------- first session
start 120 "$S"
expect "banner: version, store and statement count" "kgsh $VERSION - $S, $N statements"
expect "banner: how statements end" "Enter SPARQL ending with ';'"
prompt
expect_line "prompt 'kgsh> '" "kgsh>"

# a statement over three lines: the continuation prompt, then the result
keys 'SELECT ?n' Enter
expect_line "continuation prompt '   ...> '" "   ...>"
keys 'WHERE { hz:Leapmotor schema:founder/rdfs:label ?n }' Enter
expect_line "still continuing without ';'" "   ...>"
keys 'ORDER BY ?n;' Enter
expect "a multi-line statement runs" "2 rows"
expect "its result in a table" "│ 朱江明@zh"
prompt

# a table with Chinese labels lines up
clear_screen
keys 'SELECT ?org ?name WHERE { ?org a hzo:Company ; rdfs:label ?name } ORDER BY ?org ?name LIMIT 12;' Enter
expect "a table of Chinese and English labels" "12 rows"
w=$(table_widths)
if [ "$(printf '%s\n' "$w" | wc -l)" -eq 1 ] && [ "$w" -gt 10 ]; then
  ok "table: every line (and its right border) at the same display column ($w)"
else
  fail "table: every line at the same display column" "widths '$(echo $w)' in '$(_short "$(screen)")'"
fi
screen | grep -q '│ .*@zh ' && ok "table: has Chinese cells" ||
  fail "table: has Chinese cells" "none on the screen"
prompt

# Tab completion
clear_screen
keys '.lo' Tab
expect_line "Tab: a dot-command (.lo -> .load)" "kgsh> .load"
keys C-u 'SELE' Tab
expect_line "Tab: a keyword (SELE -> SELECT)" "kgsh> SELECT"
keys C-u 'sch' Tab
expect_line "Tab: a prefix name (sch -> schema:)" "kgsh> schema:"
keys C-u 'SELECT * WHERE { hz:Lea' Tab
expect_line "Tab: a prefixed name of the store (hz:Lea -> hz:Leapmotor)" "kgsh> SELECT * WHERE { hz:Leapmotor"
keys C-u 'SELECT ?x WHERE { ?x a hzo:Com' Tab
expect_line "Tab: a class after 'a' (hzo:Com -> hzo:Company)" "kgsh> SELECT ?x WHERE { ?x a hzo:Company"
keys C-u 'SELECT ?name WHERE { ?x rdfs:label ?na' Tab
expect_line "Tab: a variable of the statement (?na -> ?name)" "kgsh> SELECT ?name WHERE { ?x rdfs:label ?name"
keys C-u '.describe "Stellantis eq' Tab
expect_line "Tab: a label after .describe, quoted" \
  "kgsh> .describe \"Stellantis equity investment in Leapmotor\""
keys C-u '.find _ _ "Stellantis eq' Tab
expect_line "Tab: a label after .find, as a literal with its language" \
  "kgsh> .find _ _ \"Stellantis equity investment in Leapmotor\"@en"
keys C-u '.describe 斯泰兰蒂斯集团入' Tab
expect_line "Tab: a Chinese label after .describe" "kgsh> .describe 斯泰兰蒂斯集团入股零跑科技"
keys C-u '.load myd' Tab
expect_line "Tab: a file name after .load" "kgsh> .load mydata.ttl"
keys Enter
expect "and the completed .load runs" "loaded 1 statements"
prompt

# Ctrl-C while typing: the statement is dropped, kgsh stays
clear_screen
keys 'SELECT ?x WHERE {' Enter
expect_line "an open statement" "   ...>"
keys C-c
expect_line "Ctrl-C: back to an empty prompt at once" "kgsh>"
keys 'SELECT (42 AS ?answer) {};' Enter
expect "Ctrl-C: the dropped text does not come back" "│ 42 "
check_eq "Ctrl-C: kgsh is still running" 0 "$(dead)"
prompt

# Ctrl-C during a long query (a cross product), several times
clear_screen
for i in 1 2 3; do
  keys 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i };' Enter
  sleep 0.5
  if _at_prompt; then
    fail "long query $i: still running after 0.5 s" "$(_short "$(screen | grep -v '^$' | tail -3)")"
  fi
  keys C-c
  if wait_until 10 _count_is "Error: query interrupted" "$i"; then
    ok "Ctrl-C stops a long query ($i): an error"
  else
    fail "Ctrl-C stops a long query ($i): an error" "$(_short "$(screen | grep -v '^$' | tail -3)")"
  fi
  prompt
  check_eq "Ctrl-C stops a long query ($i): kgsh stays" 0 "$(dead)"
done
keys 'SELECT (7 AS ?after) {};' Enter
expect "after interrupts the session still works" "│ 7 "
prompt

# .history, then leave with .quit
keys .history Enter
expect ".history shows the multi-line statement" "ORDER BY ?n;"
prompt
keys .quit Enter
if wait_until 10 _is_dead; then ok ".quit leaves"; else fail ".quit leaves" "kgsh still running: $(_short "$(screen | grep -v "^$" | tail -5)")"; fi
# statements failed in this session (the interrupted queries), but they
# were seen at the prompt: an interactive session ends with 0, as sqlite3's
check_eq ".quit: exit status 0 after statements that failed at the prompt" 0 "$(dead_status)"
check_cmd "history: saved to KGSH_HISTORY" grep -q 'SELECT ?n' "$HIST"

# ------------------------------------------------------ second session
start 120 "$S"
prompt
keys Up
expect_line "history: Up recalls the last entry of the last session" "kgsh> .quit"
# go up to the statement (one entry a statement)
n=0
while ! _on_screen "kgsh> SELECT ?n" && [ "$n" -lt 12 ]; do
  keys Up
  sleep 0.2
  n=$((n + 1))
done
check_eq "history: the statement is 8 entries up" 8 "$((n + 1))"
expect "history: Up in a new session recalls the statement" "kgsh> SELECT ?n"
expect "history: a multi-line statement is one entry (all its lines)" "ORDER BY ?n;"
keys Enter
expect "history: the recalled statement runs" "2 rows"
prompt
# a load's progress line is cleared before the message that follows it
keys '.load mydata.ttl' Enter
expect ".load: its message (loaded before: nothing new)" "loaded 1 statements (0 new) from mydata.ttl"
prompt
check_cmd ".load: the progress line is cleared, not run into the message" \
  sh -c "! tmux -S '$SOCK' capture-pane -p -t kg | grep -q 'MB read'"
# a load that takes over 2 s shows its progress: a pipe that brings its
# statements in three parts, 3 s apart (no size: no time left shown)
part() { # FIRST: 3000 statements, about 300 KB
  awk -v f="$1" 'BEGIN { for (i = f; i < f + 3000; i++)
    printf "<http://example.org/slow%d> <http://example.org/p> \"%080d\" .\n", i, i }'
}
mkfifo "$WORK/slow.nt"
{ part 0; sleep 3; part 3000; sleep 4; part 6000; } >"$WORK/slow.nt" &
keys '.load slow.nt' Enter
expect "progress: statements, rate and bytes read, on a slow load" " a second, 0."
check_match "progress: the line's form" \
  '^  [0-9]+ statements, [0-9]+ a second, [0-9.]+ MB read *$' \
  "$(screen | grep ' a second, ' >"$TMP/progress"; echo "$TMP/progress")"
expect "progress: the load's message in its place" "loaded 9000 statements (9000 new) from slow.nt" 15
prompt
check_cmd "progress: the line is gone" \
  sh -c "! tmux -S '$SOCK' capture-pane -p -t kg | grep -q ' a second, '"
# the messages a user meets, on the terminal
keys 'SELECT ?c WHERE { ?c a hzo:Compnay };' Enter
expect "terminal: a warning for a misspelled name" \
  "Warning: hzo:Compnay occurs nowhere in the store; did you mean hzo:Company?"
prompt
keys '.describe hz:Leapmotr' Enter
expect "terminal: .describe of a misspelled name" \
  "Error: hz:Leapmotr occurs nowhere in the store; did you mean hz:Leapmotor?"
prompt
keys '.export out.ttl' Enter
expect "terminal: .export says what it wrote" "statements in 11 graphs written to out.ttl"
expect "terminal: .export says the graphs were merged" \
  "Turtle has no graphs: they were merged; use TriG or N-Quads to keep them"
prompt
keys '.stats' Enter
prompt
check_cmd "terminal: .stats, statements and distinct triples" \
  sh -c "tmux -S '$SOCK' capture-pane -p -S - -t kg | grep -q '^statements  [0-9]* ([0-9]* distinct triples; '"

# Ctrl-D on an empty line exits
keys C-d
if wait_until 10 _is_dead; then ok "Ctrl-D on an empty line exits"; else
  fail "Ctrl-D on an empty line exits" "kgsh still running"
fi
check_eq "Ctrl-D: exit status 0" 0 "$(dead_status)"

# --------------------------------------------------- a narrow terminal
start 60 "$S"
prompt
keys 'SELECT ?x ?label WHERE { VALUES (?x ?label) { (<http://example.org/a/rather/long/path/to/the/resource/called/TheLocalName> "零跑科技股份有限公司") } };' Enter
expect "narrow: the table" "1 row"
line=$(screen | grep -F '│ <http' | head -1)
case $line in
  *…*) ok "narrow: a long IRI is shortened with '…'" ;;
  *) fail "narrow: a long IRI is shortened with '…'" "got '$line'" ;;
esac
case $line in
  *…*TheLocalName\>*) ok "narrow: the local name stays visible" ;;
  *) fail "narrow: the local name stays visible" "got '$line'" ;;
esac
w=$(table_widths)
if [ "$(printf '%s\n' "$w" | wc -l)" -eq 1 ] && [ "$w" -le 60 ]; then
  ok "narrow: the table fits 60 columns and lines up ($w)"
else
  fail "narrow: the table fits 60 columns and lines up" "widths '$(echo $w)' in '$(_short "$(screen)")'"
fi
prompt
# on a terminal: how many rows, how many changed
clear_screen
keys '.maxrows 3' Enter 'SELECT ?c WHERE { ?c a hzo:Company };' Enter
expect ".maxrows: says how many rows are not shown" "3 of $COMPANIES rows shown (.maxrows 3)"
prompt
keys 'INSERT DATA { GRAPH hzg:e2e { hz:Typed rdfs:label "打字"@zh } };' Enter
expect "an update says what it changed" "1 added, 0 removed"
prompt
keys C-d
wait_until 10 _is_dead

# ------------------------------- a file's progress: the share and time left
# A file's size is known, so its progress line says how much is read and
# how long the rest should take. kgsh is stopped (SIGSTOP) just after the
# load starts and let go 3 s later: the load has then run for more than
# the 2 s a progress line waits for, whatever the machine's speed.
awk 'BEGIN { for (i = 0; i < 300000; i++)
  printf "<http://example.org/big%d> <http://example.org/p> \"%060d\" .\n", i, i }' \
  >"$WORK/big.nt"
start 120 memory:
prompt
pane=$(tm display-message -p -t kg '#{pane_pid}')
keys '.load big.nt' Enter
pid=$(pgrep -n -P "$pane")
_reading() { ls -l "/proc/$pid/fd" 2>/dev/null | grep -q 'big\.nt'; }
wait_until 10 _reading
kill -STOP "$pid"
sleep 3
kill -CONT "$pid"
_shows_share() { screen | grep -qE ' a second, [0-9]+% of [0-9.]+ MB, [0-9].* left'; }
if wait_until 30 _shows_share; then
  ok "progress of a file: statements, rate, share read, time left"
else
  fail "progress of a file: statements, rate, share read, time left" \
    "got '$(_short "$(screen | grep -v '^$' | tail -3)")'"
fi
expect "progress of a file: then the load's message" "loaded 300000 statements (300000 new) from big.nt" 60
keys C-d
wait_until 10 _is_dead

# ---------------------------------------------- batch: no banner, no prompt
echo 'SELECT (1 AS ?x) {}' >"$TMP/one.rq"
kg_in "$TMP/one.rq" "$S"
check_lacks "not a terminal: no banner" "kgsh $VERSION" "$OUT"
check_lacks "not a terminal: no prompt" "kgsh>" "$OUT"

finish
