"""The test pattern kosatsu-drm-smoke paints (Sources/kosatsu-drm-smoke/TestPattern.swift), as
RGB bytes the way a QEMU screendump shows it, plus PPM/PNG writers for looking at failures."""

import struct
import zlib

BARS = [
    (255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0),
    (255, 0, 255), (255, 0, 0), (0, 0, 255), (0, 0, 0),
]
BOX = (255, 128, 0)


def box(width, height):
    return width // 4, height // 4, width // 2 - width // 4, height // 2 - height // 4


def logical_rows(width, height, with_box=False):
    """Rows of RGB bytes in the frame's own orientation."""
    bar_row = b"".join(bytes(BARS[x * 8 // width]) for x in range(width))
    ramp_row = b"".join(bytes([x * 255 // max(1, width - 1)] * 3) for x in range(width))
    rows = [bar_row if y * 3 < height * 2 else ramp_row for y in range(height)]
    if with_box:
        bx, by, bw, bh = box(width, height)
        for y in range(by, by + bh):
            row = rows[y]
            rows[y] = row[:bx * 3] + bytes(BOX) * bw + row[(bx + bw) * 3:]
    return rows


def scanout(width, height, rotation=0, with_box=False):
    """(scanout width, height, RGB bytes) for a frame of width x height turned clockwise."""
    rows = logical_rows(width, height, with_box)
    if rotation == 0:
        return width, height, b"".join(rows)
    if rotation == 180:
        return width, height, b"".join(_reverse_pixels(row) for row in reversed(rows))
    columns = [b"".join(row[x * 3:x * 3 + 3] for row in rows) for x in range(width)]
    if rotation == 90:
        # scanout (sx, sy) shows frame (x = sy, y = height - 1 - sx): row sy is column sy, bottom up.
        return height, width, b"".join(_reverse_pixels(column) for column in columns)
    if rotation == 270:
        # scanout (sx, sy) shows frame (x = width - 1 - sy, y = sx).
        return height, width, b"".join(reversed(columns))
    raise ValueError(f"rotation {rotation}")


def _reverse_pixels(row):
    return b"".join(row[i:i + 3] for i in range(len(row) - 3, -1, -3))


def mismatches(expected, actual):
    """Number of differing pixels and the first few positions (as pixel indexes)."""
    count = 0
    first = []
    for i in range(0, min(len(expected), len(actual)), 3):
        if expected[i:i + 3] != actual[i:i + 3]:
            count += 1
            if len(first) < 5:
                first.append((i // 3, tuple(expected[i:i + 3]), tuple(actual[i:i + 3])))
    return count, first


def write_png(path, width, height, rgb):
    raw = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))
