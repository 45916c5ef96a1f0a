#!/usr/bin/env bash
# Renders printable HTML checklists with headless Chromium, to look at them:
# each FILE.html becomes OUT/FILE.pdf (A4, as printed), OUT/FILE-N.png (one
# PNG per printed page, when pdftoppm is installed) and OUT/FILE-screen.png
# (a screenshot of the page on screen).
#
# Usage:
#   scripts/render-html.sh [FILE.html ...]
# With no files, prints card-replace-activate (both functions) in zh-CN and
# en with `banshi print --format html` first.
#
# Needs Debian's chromium (apt-get install chromium fonts-noto-cjk) and, for
# page PNGs, poppler-utils. OUT defaults to target/render-html.
set -euo pipefail

cd "$(dirname "$0")/.."
out="${OUT:-target/render-html}"
mkdir -p "$out"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "render-html: chromium not found; install it with: apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
fi

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
    cargo build --quiet
    bin="${CARGO_TARGET_DIR:-target}/debug/banshi"
    for lang in zh-CN en; do
        f="$out/card-replace-activate.$lang.html"
        "$bin" --lang "$lang" print card-replace-activate --answer function=both \
            --format html -o "$f" >/dev/null
        files+=("$f")
    done
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chrome() {
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$profile" "$@" 2>/dev/null
}

for f in "${files[@]}"; do
    name="$(basename "${f%.html}")"
    url="file://$(realpath "$f")"
    chrome --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "$url"
    chrome --window-size=900,1800 --screenshot="$out/$name-screen.png" "$url"
    if command -v pdftoppm >/dev/null; then
        pdftoppm -r 70 -png "$out/$name.pdf" "$out/$name"
    fi
    echo "$out/$name.pdf"
    ls "$out/$name"-*.png
done
