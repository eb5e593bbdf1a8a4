#!/usr/bin/env python3
"""Counts mid-phrase breaks and orphans when sign sentences are set by `kosatsu text lines`.

    scripts/text/phrase-figures.py [--kosatsu .build/debug/kosatsu] [--size 72] [--width 900]
                                   [--sentences scripts/text/sign-sentences.txt]

For each setting (strict greedy — Kosatsu before phrase mode — and phrase + balance) it prints how
many sentences set on more than one line, how many of those break inside a phrase (文節, as
`kosatsu text breaks --strictness phrase` finds them: BudouX's model, where JLReq strict allows),
and how many leave an orphan (a line narrower than half the widest line of its paragraph)."""

import argparse
import itertools
import subprocess
import sys

SETTINGS = [
    ("strict", ["--line-break", "strict", "--wrap", "greedy"]),
    ("phrase + balance", ["--line-break", "phrase", "--wrap", "balance"]),
]


def run(kosatsu, arguments, text):
    result = subprocess.run([kosatsu, *arguments], input=text, capture_output=True, text=True, check=True)
    return result.stdout


def paragraphs(output):
    """The lines of each paragraph from `text lines --widths` output: (text, width) pairs."""
    blocks, current = [], []
    for row in output.split("\n"):
        if row == "":
            if current:
                blocks.append(current)
            current = []
            continue
        text, width = row.rsplit("\t", 1)
        current.append((text, float(width)))
    return blocks


def unavoidable(options, sentence, allowed, lines):
    """Whether every arrangement of whole phrases in as many lines leaves an orphan (or overflows)."""
    cuts = sorted(offset for offset in allowed if 0 < offset < len(sentence))
    arrangements = [[0, *chosen, len(sentence)] for chosen in itertools.combinations(cuts, lines - 1)]
    pieces = sorted({sentence[a:b].rstrip(" \u3000") for arrangement in arrangements
                     for a, b in zip(arrangement, arrangement[1:])})
    output = run(options.kosatsu, ["text", "lines", "--size", options.size, "--width", "100000",
                                   "--font", options.font, "--widths"], "\n".join(pieces) + "\n")
    width = {piece: w for piece, [(_, w)] in zip(pieces, paragraphs(output))}
    for arrangement in arrangements:
        widths = [width[sentence[a:b].rstrip(" \u3000")] for a, b in zip(arrangement, arrangement[1:])]
        if max(widths) <= float(options.width) and min(widths) >= max(widths) / 2:
            return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", default=".build/debug/kosatsu")
    parser.add_argument("--size", default="72")
    parser.add_argument("--width", default="900")
    parser.add_argument("--font", default="BIZ UDPGothic")
    parser.add_argument("--sentences", default="scripts/text/sign-sentences.txt")
    parser.add_argument("--show", action="store_true", help="print every paragraph's lines")
    options = parser.parse_args()

    sentences = [line for line in open(options.sentences, encoding="utf-8").read().split("\n") if line]
    text = "\n".join(sentences) + "\n"
    phrase_breaks = [set(map(int, row.split())) for row in
                     run(options.kosatsu, ["text", "breaks", "--strictness", "phrase"], text).strip().split("\n")]
    print(f"{len(sentences)} sentences, {options.font} {options.size} px in {options.width} px")
    print(f"{'setting':<18} {'multi-line':>10} {'mid-phrase':>10} {'orphans':>8}  of which no whole-phrase setting avoids")
    for name, arguments in SETTINGS:
        output = run(options.kosatsu, ["text", "lines", "--size", options.size, "--width", options.width,
                                       "--font", options.font, "--widths", *arguments], text)
        blocks = paragraphs(output)
        if len(blocks) != len(sentences):
            sys.exit(f"expected {len(sentences)} paragraphs, got {len(blocks)}")
        multi = mid = orphans = forced = 0
        for sentence, lines, allowed in zip(sentences, blocks, phrase_breaks):
            if len(lines) < 2:
                continue
            multi += 1
            offset, inside = 0, False
            for line_text, _ in lines[:-1]:
                # Lines keep every scalar but trailing spaces; skip those to find the next line's start.
                offset = sentence.index(line_text, offset) + len(line_text)
                while offset < len(sentence) and sentence[offset] in " \u3000":
                    offset += 1
                inside = inside or offset not in allowed
            widest = max(width for _, width in lines)
            mid += inside
            orphaned = any(width < widest / 2 for _, width in lines)
            orphans += orphaned
            forced += orphaned and unavoidable(options, sentence, allowed, len(lines))
            if options.show:
                marks = ("  [mid-phrase]" if inside else "") + ("  [orphan]" if any(w < widest / 2 for _, w in lines) else "")
                print("  " + " / ".join(f"{t} ({w:.0f})" for t, w in lines) + marks)
        print(f"{name:<18} {multi:>10} {mid:>10} {orphans:>8}  {forced}")


if __name__ == "__main__":
    main()
