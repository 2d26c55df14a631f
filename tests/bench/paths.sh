# paths.sh - sourced by the bench scripts (BUILD set): makes the repository
# root the working directory, sets HERE (tests/bench), B (BUILD/bench,
# absolute, created) and T (BUILD/tools), and defines bench_data.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
B=$BUILD/bench
T=$BUILD/tools
mkdir -p "$B"
B=$(cd "$B" && pwd)

# bench_data SIZE: the path of the bench graph of SIZE triples
# (tests/tools/bench_gen.c), generated when missing or older than
# bench_gen.
bench_data() {
  _data=$B/data-$1.nt
  if [ ! -s "$_data" ] || [ -n "$(find "$T/bench_gen" -newer "$_data" 2>/dev/null)" ]; then
    printf 'bench: generating %s triples into %s\n' "$1" "$_data" >&2
    "$T/bench_gen" "$1" >"$_data.tmp"
    mv "$_data.tmp" "$_data"
  fi
  printf '%s\n' "$_data"
}
