#!/usr/bin/env bash
# Renders printable HTML checklists with headless Chromium, to look at them:
# each FILE.html becomes OUT/FILE.pdf (A4, as printed), OUT/FILE-N.png (one
# PNG per printed page, when pdftoppm is installed) and OUT/FILE-screen.png
# (a screenshot of the page on screen), and the number of printed pages is
# reported as `PAGES<TAB>OUT/FILE.pdf`.
#
# Usage:
#   scripts/render-html.sh [--notices] [--max-pages N] [FILE.html ...]
# With no files, prints card-replace-activate (both functions) in zh-CN and
# en with `banshi print --format html` first.
#   --notices      also print the 一次性告知单 (`banshi print ID --notice`) of
#                  every shipped flow in zh-CN and en, each on the route with
#                  the longest notice (`cargo run --example notice_routes`).
#   --max-pages N  exit 1 when any file prints on more than N pages (the
#                  notices must fit one A4 page: --notices --max-pages 1).
#
# Needs Debian's chromium (apt-get install chromium fonts-noto-cjk) and, for
# page counts and PNGs, poppler-utils. OUT defaults to target/render-html.
set -euo pipefail

cd "$(dirname "$0")/.."
out="${OUT:-target/render-html}"
mkdir -p "$out"

notices=0
max_pages=0
files=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --notices) notices=1 ;;
        --max-pages) max_pages="$2"; shift ;;
        *) files+=("$1") ;;
    esac
    shift
done

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "render-html: chromium not found; install it with: apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
fi

bin="${CARGO_TARGET_DIR:-target}/debug/banshi"
if [[ ${#files[@]} -eq 0 && $notices -eq 0 ]]; then
    cargo build --quiet
    for lang in zh-CN en; do
        f="$out/card-replace-activate.$lang.html"
        "$bin" --lang "$lang" print card-replace-activate --answer function=both \
            --format html -o "$f" >/dev/null
        files+=("$f")
    done
fi
if [[ $notices -eq 1 ]]; then
    cargo build --quiet
    routes="$(cargo run --quiet --example notice_routes)"
    while IFS=$'\t' read -r id answers; do
        for lang in zh-CN en; do
            f="$out/notice-$id.$lang.html"
            # shellcheck disable=SC2086 # the answers are separate words
            "$bin" --lang "$lang" print "$id" $answers --notice \
                --counter "3号窗口 工号 0412" --format html -o "$f" >/dev/null 2>&1
            files+=("$f")
        done
    done <<<"$routes"
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chrome() {
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$profile" "$@" 2>/dev/null
}

over=0
for f in "${files[@]}"; do
    name="$(basename "${f%.html}")"
    url="file://$(realpath "$f")"
    chrome --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "$url"
    if [[ $notices -eq 0 ]]; then
        chrome --window-size=900,1800 --screenshot="$out/$name-screen.png" "$url"
    fi
    if command -v pdftoppm >/dev/null; then
        rm -f "$out/$name"-[0-9]*.png
        pdftoppm -r 70 -png "$out/$name.pdf" "$out/$name"
    fi
    if command -v pdfinfo >/dev/null; then
        pages="$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ { print $2 }')"
        printf '%s\t%s\n' "$pages" "$out/$name.pdf"
        if [[ $max_pages -gt 0 && $pages -gt $max_pages ]]; then
            echo "render-html: $out/$name.pdf has $pages pages (at most $max_pages)" >&2
            over=1
        fi
    else
        echo "$out/$name.pdf"
    fi
done
exit $over
