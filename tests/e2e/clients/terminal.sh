# terminal.sh - kgsh in a real terminal through a private tmux server, for
# the end-to-end tests (sourced after lib.sh by interactive.sh and
# remote.sh). Needs $WORK (kgsh's working directory) and $HIST
# (KGSH_HISTORY) set before it is sourced.

# A private tmux server: its own socket and configuration. kgsh runs
# under a shell that writes its exit status to $STATUS (tmux's own
# pane_dead_status is not reliable here: an ASan kgsh that has run a
# query interrupted by Ctrl-C stays a zombie of the tmux server); that
# shell ignores Ctrl-C, which kgsh handles itself.
SOCK=$TMP/tmux.sock
printf 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 2000\n' >"$TMP/tmux.conf"
tm() { tmux -S "$SOCK" -f "$TMP/tmux.conf" "$@"; }
at_exit 'tmux -S "$SOCK" kill-server >/dev/null 2>&1'

STATUS=$TMP/status
# start WIDTH ARGS...: kgsh ARGS in a new WIDTHx40 terminal
start() {
  _w=$1
  shift
  tm kill-session -t kg >/dev/null 2>&1
  rm -f "$STATUS"
  _cmd="trap '' INT; env HOME='$HOME' KGSH_HISTORY='$HIST' LC_ALL=C.UTF-8 '$KGSH'"
  for _a in "$@"; do _cmd="$_cmd '$_a'"; done
  _cmd="$_cmd; echo \$? >'$STATUS.tmp'; mv '$STATUS.tmp' '$STATUS'"
  tm new-session -d -s kg -x "$_w" -y 40 -c "$WORK" "$_cmd"
}

screen() { tm capture-pane -p -t kg; }
# the screen from the start of the session (scrolled-off lines too)
history_screen() { tm capture-pane -p -S - -t kg; }
# the line the cursor is on
cursor_line() {
  _y=$(tm display-message -p -t kg '#{cursor_y}')
  screen | sed -n "$((_y + 1))p"
}
dead() { if [ -f "$STATUS" ]; then echo 1; else echo 0; fi; }
dead_status() { cat "$STATUS" 2>/dev/null; }

# keys KEY...: tmux key names (Enter, Tab, C-c, Up) or text; a text that
# ends with ';' is escaped (tmux would take the ';' as a separator)
keys() {
  for _k in "$@"; do
    case $_k in
      *\;) tm send-keys -t kg -l -- "${_k%;}\\;" ;;
      Enter | Tab | Up | Down | C-?) tm send-keys -t kg "$_k" ;;
      *) tm send-keys -t kg -l -- "$_k" ;;
    esac
  done
}

# wait_until SECONDS CMD...: polls CMD every 0.1 s; 1 on timeout
wait_until() {
  _n=$(($1 * 10))
  shift
  while [ "$_n" -gt 0 ]; do
    "$@" && return 0
    sleep 0.1
    _n=$((_n - 1))
  done
  return 1
}
_on_screen() { screen | grep -qF -- "$1"; }
_cursor_is() { [ "$(cursor_line)" = "$1" ]; }
_at_prompt() { [ "$(cursor_line)" = "kgsh>" ]; }
_is_dead() { [ -f "$STATUS" ]; }
_count_is() { [ "$(history_screen | grep -cF -- "$1")" -ge "$2" ]; }

# expect NAME TEXT [SECONDS]: TEXT appears on the screen
expect() {
  if wait_until "${3:-10}" _on_screen "$2"; then ok "$1"; else
    fail "$1" "expected '$2' on the screen got '$(_short "$(screen | grep -v '^$' | tail -8)")'"
  fi
}
# expect_line NAME TEXT: the cursor's line becomes TEXT (trailing spaces
# are not kept by tmux)
expect_line() {
  if wait_until 10 _cursor_is "$2"; then ok "$1"; else
    fail "$1" "expected the line '$2' got '$(cursor_line)'"
  fi
}
prompt() { # waits for an empty prompt
  wait_until 15 _at_prompt || fail "prompt" "no prompt: '$(_short "$(screen | grep -v '^$' | tail -5)")'"
}
# clear: an empty screen with the prompt on top
clear_screen() {
  keys C-u C-l
  wait_until 5 _at_prompt
  tm clear-history -t kg
}
