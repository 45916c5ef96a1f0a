#!/usr/bin/env bash
# Whole-process comparison: `banshi search` over a directory of N generated
# flows (--flows DIR) against `fzf --filter` over the same topics as lines.
# banshi is timed with its index cache in place (the first search writes
# it; its time is printed too).
#
#   scripts/search-vs-fzf.sh [N] [QUERY]      (defaults: 100000, buban)
#
# Needs fzf (apt-get install -y fzf); uses hyperfine when present.
# N=100000 writes about 1.25 GB of RON into $WORK (default /tmp/banshi-fzf).
set -euo pipefail
N=${1:-100000}
QUERY=${2:-buban}
WORK=${WORK:-/tmp/banshi-fzf}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cd "$(dirname "$0")/.."
command -v fzf >/dev/null || { echo "fzf not found: apt-get install -y fzf" >&2; exit 2; }
cargo build --release --quiet --bin banshi --example gen_flows
BANSHI="$CARGO_TARGET_DIR/release/banshi"
DIR="$WORK/flows-$N"
LINES="$WORK/topics-$N.txt"
if [ ! -f "$DIR/.complete" ] || [ ! -f "$LINES" ]; then
  rm -rf "$DIR"
  echo "generating $N flows into $DIR and their topic lines into $LINES ..." >&2
  "$CARGO_TARGET_DIR/release/examples/gen_flows" "$N" "$DIR" "$LINES"
  touch "$DIR/.complete"
fi
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
# The first search reads every file and caches the index (in $DATA/cache);
# later ones answer from the cache while no flow file changes.
s=$(date +%s%N)
BANSHI_DATA_DIR=$DATA "$BANSHI" --flows "$DIR" search "$QUERY" >/dev/null
e=$(date +%s%N)
echo "first banshi search (reads every file, writes the cache): $(( (e - s) / 1000000 )) ms" >&2
run_banshi="BANSHI_DATA_DIR=$DATA $BANSHI --flows $DIR search $QUERY"
run_fzf="fzf --filter $QUERY < $LINES"
if command -v hyperfine >/dev/null; then
  # -i: fzf exits 1 when nothing matches.
  hyperfine -i -w 1 -r 5 --export-json "$WORK/result.json" "$run_banshi" "$run_fzf" >&2
  python3 - "$WORK/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
b, f = r[0]["mean"], r[1]["mean"]
print(f"banshi search: {b*1e3:.0f} ms   fzf --filter: {f*1e3:.0f} ms   fzf/banshi = {f/b:.2f}x (goal >= 3x)")
PY
else
  t() { local s e; s=$(date +%s%N); for _ in 1 2 3; do bash -c "$1" >/dev/null; done; e=$(date +%s%N); echo $(( (e - s) / 3000000 )); }
  b=$(t "$run_banshi"); f=$(t "$run_fzf")
  echo "banshi search: ${b} ms   fzf --filter: ${f} ms   fzf/banshi = $(python3 -c "print(f'{$f/$b:.2f}')")x (goal >= 3x)"
fi
