# paths.sh - sourced by the bench scripts (BUILD set): makes the repository
# root the working directory and sets HERE (tests/bench), B (BUILD/bench,
# absolute, created) and T (BUILD/tools).
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
B=$BUILD/bench
T=$BUILD/tools
mkdir -p "$B"
B=$(cd "$B" && pwd)
