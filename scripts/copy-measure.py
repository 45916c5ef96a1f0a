#!/usr/bin/env python3
"""Copy measure: how close is each citizen-facing Chinese sentence of the flows
to a sentence of the source articles?

For every `zh: "…"` text in flows/*.ron (titles, summaries, bodies, tips,
warnings, deadlines, labels, notes, hints, region notes, actions, snippets;
not aliases or keywords, which are search keys, and not flows/sources.ron,
which quotes the articles' titles as citations), each sentence of 14 or more
characters is compared with every sentence of the seed articles, and with
every run of consecutive clauses inside a seed sentence (so copying half of a
long article sentence is caught too).

Similarity = 2 * LCS(a, b) / (len(a) + len(b)), the measure of Python's
difflib ratio but with the true longest common subsequence: the share of
characters the two have in common in the same order.
Punctuation and spaces are ignored; letters are folded to lower case and
full-width forms to half-width.

Usage:
    scripts/copy-measure.py [--seeds DIR] [--threshold 0.85] [--show] [FILE.ron...]

Prints, flow by flow, how many sentences reach the threshold and the worst
sentence (with its closest article sentence when --show is given, or when it
reaches the threshold). Exit status 1 when any sentence reaches the threshold.
"""

import argparse
import glob
import os
import re
import sys
import unicodedata

MIN_CHARS = 14
SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
CLAUSE_END = re.compile(r"[，,：:、（）()]+")
ZH_TEXT = re.compile(r'\bzh:\s*"((?:[^"\\]|\\.)*)"')


def norm(s):
    """Keep letters, digits and CJK; fold case and width."""
    s = unicodedata.normalize("NFKC", s).lower()
    return "".join(ch for ch in s if ch.isalnum())


def lcs(a, b_masks, m):
    """Bit-parallel LCS length (Hyyrö) of a against b (as per-char masks)."""
    full = (1 << m) - 1
    v = full
    for ch in a:
        u = v & b_masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return m - bin(v).count("1")


def masks(b):
    out = {}
    for i, ch in enumerate(b):
        out[ch] = out.get(ch, 0) | (1 << i)
    return out


def seed_candidates(seeds_dir):
    """Every seed sentence, and every run of consecutive clauses in it."""
    seen = set()
    cands = []
    for path in sorted(glob.glob(os.path.join(seeds_dir, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for sent in SENTENCE_END.split(text):
            clauses = [c for c in CLAUSE_END.split(sent)]
            for i in range(len(clauses)):
                for j in range(i + 1, len(clauses) + 1):
                    raw = "，".join(clauses[i:j])
                    n = norm(raw)
                    if len(n) < 6 or n in seen:
                        continue
                    seen.add(n)
                    cands.append((n, raw.strip(), os.path.basename(path)))
    return [(n, raw, src, masks(n), set(n)) for n, raw, src in cands]


def unescape(s):
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def flow_sentences(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for m in ZH_TEXT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        for sent in SENTENCE_END.split(unescape(m.group(1))):
            n = norm(sent)
            if len(n) >= MIN_CHARS:
                yield line, sent.strip(), n


def best_match(n, cands):
    best = (0.0, None)
    chars = set(n)
    ln = len(n)
    for cn, raw, src, cm, cset in cands:
        both = ln + len(cn)
        # Upper bounds first: length ratio and shared characters.
        if 2 * min(ln, len(cn)) / both <= best[0]:
            continue
        if not chars & cset:
            continue
        sim = 2 * lcs(n, cm, len(cn)) / both
        if sim > best[0]:
            best = (sim, (raw, src))
    return best


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="/work/shared/seeds")
    ap.add_argument("--threshold", type=float, default=0.85)
    ap.add_argument("--show", action="store_true", help="show each flow's worst pair")
    ap.add_argument("--list", action="store_true", help="list every sentence at or over the threshold")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    # flows/sources.ron holds the articles' own titles, quoted as citations: not measured.
    files = args.files or sorted(
        f for f in glob.glob(os.path.join(root, "flows", "*.ron"))
        if os.path.basename(f) != "sources.ron"
    )
    cands = seed_candidates(args.seeds)
    total = 0
    sentences = 0
    print(f"{'flow':32} {'sentences':>9} {'>=' + format(args.threshold, '.0%'):>6} {'worst':>6}")
    for path in files:
        name = os.path.basename(path)[:-4] if path.endswith(".ron") else path
        hits = []
        worst = (0.0, None, None)
        count = 0
        for line, raw, n in flow_sentences(path):
            count += 1
            sim, match = best_match(n, cands)
            if sim > worst[0]:
                worst = (sim, (line, raw), match)
            if sim >= args.threshold:
                hits.append((sim, line, raw, match))
        sentences += count
        total += len(hits)
        print(f"{name:32} {count:9} {len(hits):6} {worst[0]:6.0%}")
        if args.list:
            for sim, line, raw, match in sorted(hits, reverse=True):
                print(f"    {sim:.0%} {name}.ron:{line}: {raw}")
                print(f"         ~ {match[0]}  ({match[1]})")
        elif args.show and worst[1]:
            print(f"    {name}.ron:{worst[1][0]}: {worst[1][1]}")
            print(f"         ~ {worst[2][0]}  ({worst[2][1]})")
    print(f"{'total':32} {sentences:9} {total:6}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
