#!/usr/bin/env python3
"""Generate Kosatsu's Unicode property tables from the Unicode Character Database.

Reads (Debian `unicode-data`, Unicode 15.0):
  LineBreak.txt, EastAsianWidth.txt, VerticalOrientation.txt,
  extracted/DerivedGeneralCategory.txt, emoji/emoji-data.txt
and writes Swift sources under Sources/KosatsuLineBreak/Generated/.

Each property becomes a two-stage table: stage 1 maps a 128-scalar block to a
deduplicated stage-2 block of one byte per scalar. Both stages are emitted as
hex string literals, which the Swift compiler handles far faster than large
array literals; the module decodes them once.

Usage: python3 scripts/unicode/generate_tables.py [--ucd /usr/share/unicode] [--out DIR]
"""

import argparse
import os
import sys

BLOCK_SHIFT = 7
BLOCK_SIZE = 1 << BLOCK_SHIFT
SCALAR_COUNT = 0x110000

# The order is the raw value of `LineBreakClass` in Swift. AI, SG, XX and SA are
# resolved here (UAX #14 LB1), so they never reach the algorithm.
LINE_BREAK_CLASSES = [
    "BK", "CR", "LF", "NL", "CM", "ZWJ", "WJ", "ZW", "GL", "SP",
    "B2", "BA", "BB", "HY", "CB", "CL", "CP", "EX", "IN", "NS",
    "OP", "QU", "IS", "NU", "PO", "PR", "SY", "AL", "HL", "ID",
    "CJ", "EB", "EM", "H2", "H3", "JL", "JV", "JT", "RI",
]

# East Asian Width folded to what line breaking needs: LB30 asks for F/W/H,
# the loose JLReq level asks for A/F/W (as the web-platform-tests do).
EAW_KIND = {"N": 0, "Na": 0, "A": 1, "F": 2, "W": 2, "H": 3}

VERTICAL_ORIENTATIONS = ["U", "R", "Tu", "Tr"]


def parse_ranges(path):
    """Yields (first, last, value) for each data line of a UCD file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            field, value = (part.strip() for part in data.split(";")[:2])
            first, _, last = field.partition("..")
            yield int(first, 16), int(last or first, 16), value


def fill(table, first, last, value):
    for scalar in range(first, last + 1):
        table[scalar] = value


def general_categories(ucd):
    table = ["Cn"] * SCALAR_COUNT
    for first, last, value in parse_ranges(os.path.join(ucd, "extracted", "DerivedGeneralCategory.txt")):
        fill(table, first, last, value)
    return table


def line_break_values(ucd, categories):
    raw = ["XX"] * SCALAR_COUNT
    # Defaults for unlisted code points, from the header of LineBreak.txt 15.0.
    for first, last in [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFD),
                        (0x30000, 0x3FFFD), (0x1F000, 0x1FAFF), (0x1FC00, 0x1FFFD)]:
        fill(raw, first, last, "ID")
    fill(raw, 0x20A0, 0x20CF, "PR")
    for first, last, value in parse_ranges(os.path.join(ucd, "LineBreak.txt")):
        fill(raw, first, last, value)

    widths = ["N"] * SCALAR_COUNT
    for first, last in [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFD),
                        (0x30000, 0x3FFFD)]:
        fill(widths, first, last, "W")
    for first, last, value in parse_ranges(os.path.join(ucd, "EastAsianWidth.txt")):
        fill(widths, first, last, value)

    index = {name: i for i, name in enumerate(LINE_BREAK_CLASSES)}
    values = bytearray(SCALAR_COUNT)
    for scalar in range(SCALAR_COUNT):
        cls = raw[scalar]
        if cls in ("AI", "SG", "XX"):  # LB1
            cls = "AL"
        elif cls == "SA":  # LB1: combining marks join, the rest acts as letters
            cls = "CM" if categories[scalar] in ("Mn", "Mc") else "AL"
        values[scalar] = index[cls] | (EAW_KIND[widths[scalar]] << 6)
    return values


def unassigned_pictographs(ucd, categories):
    """Ranges of Extended_Pictographic code points that are unassigned (LB30b)."""
    flags = bytearray(SCALAR_COUNT)
    for first, last, value in parse_ranges(os.path.join(ucd, "emoji", "emoji-data.txt")):
        if value == "Extended_Pictographic":
            for scalar in range(first, last + 1):
                if categories[scalar] == "Cn":
                    flags[scalar] = 1
    return to_ranges(flags)


def vertical_orientation_values(ucd):
    values = bytearray([VERTICAL_ORIENTATIONS.index("R")]) * SCALAR_COUNT
    for first, last, value in parse_ranges(os.path.join(ucd, "VerticalOrientation.txt")):
        fill(values, first, last, VERTICAL_ORIENTATIONS.index(value))
    return values


def to_ranges(flags):
    ranges, start = [], None
    for scalar, flag in enumerate(flags):
        if flag and start is None:
            start = scalar
        elif not flag and start is not None:
            ranges.append((start, scalar - 1))
            start = None
    if start is not None:
        ranges.append((start, len(flags) - 1))
    return ranges


def swift_case(name):
    """The Swift case name of a class: lower case, with keywords escaped."""
    name = name.lower()
    return "`%s`" % name if name in ("in", "is") else name


def two_stage(values):
    """Splits values into (stage1 block numbers, stage2 concatenated unique blocks).

    Both stages hold bytes: Unicode 15.0 needs far fewer than 256 distinct blocks."""
    blocks, stage1, stage2 = {}, [], bytearray()
    for start in range(0, SCALAR_COUNT, BLOCK_SIZE):
        block = bytes(values[start:start + BLOCK_SIZE])
        if block not in blocks:
            blocks[block] = len(blocks)
            stage2 += block
        stage1.append(blocks[block])
    if len(blocks) > 256:
        sys.exit("%d distinct blocks do not fit a byte: raise BLOCK_SHIFT" % len(blocks))
    return stage1, stage2


def hex_literal(data, width, indent="        "):
    """A Swift multi-line string literal of fixed-width hex numbers."""
    digits = "".join(format(value, "0%dx" % width) for value in data)
    lines = [digits[i:i + 112] for i in range(0, len(digits), 112)]
    # A trailing backslash joins the lines, so the literal holds only hex digits.
    body = "\\\n".join(indent + line for line in lines)
    return '"""\n' + body + "\n" + indent + '"""'


HEADER = """// Generated by scripts/unicode/generate_tables.py from the Unicode Character Database {version}.
// Do not edit by hand: run `python3 scripts/unicode/generate_tables.py` instead.
"""


def write_line_break(out, values, pictographs, version):
    stage1, stage2 = two_stage(values)
    cases = "\n".join("    case %s = %d" % (swift_case(name), i) for i, name in enumerate(LINE_BREAK_CLASSES))
    pictograph_ranges = "\n".join("        0x%05X...0x%05X," % r for r in pictographs)
    text = HEADER.format(version=version) + """
/// A UAX #14 line breaking class, after LB1 has resolved AI, SG, XX (to AL) and SA (to CM or AL).
enum LineBreakClass: UInt8, Sendable, CaseIterable {{
{cases}
}}

/// The packed Line_Break and East_Asian_Width data of every scalar.
///
/// A byte per scalar: the `LineBreakClass` in bits 0–5, the `EastAsianWidthKind` in bits 6–7.
enum LineBreakData {{
    static let blockShift = {shift}
    /// Stage 1: {stage1_count} block numbers, 2 hex digits each.
    static let stage1Hex: StaticString = {stage1}
    /// Stage 2: {block_count} unique blocks of {block_size} bytes, 2 hex digits each.
    static let stage2Hex: StaticString = {stage2}
    /// Unassigned Extended_Pictographic code points (UAX #14 LB30b).
    static let unassignedPictographs: [ClosedRange<UInt32>] = [
{pictographs}
    ]
}}
""".format(cases=cases, shift=BLOCK_SHIFT, stage1_count=len(stage1), stage1=hex_literal(stage1, 2),
           block_count=len(stage2) // BLOCK_SIZE, block_size=BLOCK_SIZE, stage2=hex_literal(stage2, 2),
           pictographs=pictograph_ranges)
    with open(os.path.join(out, "LineBreakData.swift"), "w", encoding="utf-8") as f:
        f.write(text)
    return len(stage2) // BLOCK_SIZE


def write_vertical_orientation(out, values, version):
    stage1, stage2 = two_stage(values)
    text = HEADER.format(version=version) + """
/// The packed UAX #50 Vertical_Orientation of every scalar: a byte per scalar,
/// 0 = U, 1 = R, 2 = Tu, 3 = Tr (the raw values of `VerticalOrientation`).
enum VerticalOrientationData {{
    static let blockShift = {shift}
    /// Stage 1: {stage1_count} block numbers, 2 hex digits each.
    static let stage1Hex: StaticString = {stage1}
    /// Stage 2: {block_count} unique blocks of {block_size} bytes, 2 hex digits each.
    static let stage2Hex: StaticString = {stage2}
}}
""".format(shift=BLOCK_SHIFT, stage1_count=len(stage1), stage1=hex_literal(stage1, 2),
           block_count=len(stage2) // BLOCK_SIZE, block_size=BLOCK_SIZE, stage2=hex_literal(stage2, 2))
    with open(os.path.join(out, "VerticalOrientationData.swift"), "w", encoding="utf-8") as f:
        f.write(text)
    return len(stage2) // BLOCK_SIZE


def ucd_version(ucd):
    with open(os.path.join(ucd, "LineBreak.txt"), encoding="utf-8") as f:
        first = f.readline()  # "# LineBreak-15.0.0.txt"
    return first.strip("# \n").removeprefix("LineBreak-").removesuffix(".txt")


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ucd", default="/usr/share/unicode")
    parser.add_argument("--out", default=os.path.join(root, "Sources", "KosatsuLineBreak", "Generated"))
    args = parser.parse_args()

    version = ucd_version(args.ucd)
    categories = general_categories(args.ucd)
    line_break_blocks = write_line_break(
        args.out, line_break_values(args.ucd, categories), unassigned_pictographs(args.ucd, categories), version)
    orientation_blocks = write_vertical_orientation(args.out, vertical_orientation_values(args.ucd), version)
    print("Unicode %s: line break %d blocks, vertical orientation %d blocks -> %s"
          % (version, line_break_blocks, orientation_blocks, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
