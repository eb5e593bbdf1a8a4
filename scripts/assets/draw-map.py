#!/usr/bin/env python3
"""Draws Layouts/assets/odawara-map.png: a plain, invented map of an Odawara-like town (coast,
hills, river, railway, roads, castle park) for the dashboard's map panel. No map data or tiles
are used; every shape is made up here. Run from the repository root (needs numpy)."""
import struct, zlib
import numpy as np

W, H, SS = 1200, 800, 3  # output size and supersampling factor
w, h = W * SS, H * SS
ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
u, v = xs / w, ys / h  # 0…1 across and down

img = np.zeros((h, w, 3), np.float32)
def fill(mask, rgb):
    img[mask] = np.array(rgb, np.float32) / 255

def near_polyline(points, width):
    """Pixels within width/2 (in units of the image width) of a polyline in 0…1 coordinates."""
    mask = np.zeros((h, w), bool)
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        ax, ay = x0 * w, y0 * h
        bx, by = x1 * w, y1 * h
        dx, dy = bx - ax, by - ay
        t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / (dx * dx + dy * dy), 0, 1)
        d = np.hypot(xs - (ax + t * dx), ys - (ay + t * dy))
        mask |= d <= width * w / 2
    return mask

# Land, then hills to the west, getting darker with height.
fill(np.ones((h, w), bool), (236, 232, 218))
hills = u + 0.25 * np.sin(v * 7) * 0.2 < 0.30 - 0.1 * v
fill(hills, (205, 222, 190))
fill(u + 0.04 * np.sin(v * 9) < 0.16 - 0.08 * v, (184, 208, 170))
# Sea (the bay) to the south-east, below a gently curving coast.
coast = 0.93 - 0.30 * u + 0.025 * np.sin(u * 11)
fill(v > coast, (168, 206, 232))
fill((v > coast) & (v < coast + 0.012), (214, 204, 170))  # beach
# River running south into the bay.
river_x = 0.86 + 0.03 * np.sin(v * 8)
fill((np.abs(u - river_x) < 0.012) & (v < coast + 0.01), (150, 196, 228))
# Castle park.
park = (np.abs(u - 0.45) < 0.09) & (np.abs(v - 0.56) < 0.08)
fill(park, (176, 214, 160))
moat = ((np.abs(u - 0.45) < 0.055) & (np.abs(v - 0.56) < 0.045)) & ~((np.abs(u - 0.45) < 0.045) & (np.abs(v - 0.56) < 0.035))
fill(moat, (150, 196, 228))
# Roads (white with a grey edge), then the railway (dark with white dashes).
roads = [
    [(0.0, 0.62), (0.25, 0.64), (0.5, 0.70), (0.75, 0.66), (1.0, 0.58)],
    [(0.55, 0.0), (0.55, 0.38), (0.50, 0.62), (0.45, 0.86)],
    [(0.30, 0.20), (0.42, 0.40), (0.55, 0.38), (0.80, 0.30), (1.0, 0.28)],
    [(0.12, 0.30), (0.18, 0.55), (0.28, 0.78)],
]
for road in roads:
    fill(near_polyline(road, 0.016), (170, 170, 170))
for road in roads:
    fill(near_polyline(road, 0.011), (255, 255, 255))
rail = [(0.0, 0.47), (0.30, 0.42), (0.55, 0.37), (0.80, 0.31), (1.0, 0.27)]
fill(near_polyline(rail, 0.010), (70, 70, 80))
dash = near_polyline(rail, 0.004) & ((xs // (24 * SS)) % 2 == 0)
fill(dash, (255, 255, 255))
# Station building.
fill((np.abs(u - 0.56) < 0.035) & (np.abs(v - 0.365) < 0.018), (120, 120, 135))

# Downsample (box filter) and write an 8-bit RGB PNG.
out = img.reshape(H, SS, W, SS, 3).mean(axis=(1, 3))
rgb = (np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8)
raw = b"".join(b"\x00" + rgb[row].tobytes() for row in range(H))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
with open("Layouts/assets/odawara-map.png", "wb") as f:
    f.write(png)
