#!/bin/sh
# Times `banshi print` and `banshi check` on one flow of N steps (default
# 2000 and 10000). Goal: a 10,000-step flow printed in well under a second.
# Usage: scripts/print-big.sh [N...]
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin banshi --example big_flow
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- 2000 10000
for n in "$@"; do
    mkdir -p "$work/$n"
    target/release/examples/big_flow "$n" "$work/$n/big.ron"
    for cmd in "print big" "print big --format html"; do
        /usr/bin/time -o "$work/time" -f "$n steps: banshi $cmd: %e s, %M KB" \
            target/release/banshi --data-dir "$work/data" --flows "$work/$n" $cmd \
            > /dev/null 2>&1
        cat "$work/time"
    done
    /usr/bin/time -o "$work/time" -f "$n steps: banshi check: %e s, %M KB" \
        target/release/banshi check "$work/$n" > /dev/null 2>&1 || true
    cat "$work/time"
done
