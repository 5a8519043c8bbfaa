#!/usr/bin/env python3
"""Generate the Teams app icons in appPackage/.

    python3 scripts/make-icons.py

writes
  appPackage/color.png    192x192, full colour: a contact card on the brand colour
  appPackage/outline.png   32x32, white on a fully transparent background
                           (every pixel is either opaque white or fully transparent,
                           as Teams requires for the outline icon)

Standard library only (zlib + struct write the PNG), so it runs anywhere Python 3 does.
The colour icon is drawn with 4x4 supersampling so its edges are smooth; the outline
icon is thresholded instead, because anti-aliasing would need partly transparent pixels.
"""

import os
import struct
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'appPackage')

# Keep in step with "accentColor" in appPackage/manifest.json.
BRAND = (0x0F, 0x6C, 0x7D)
BRAND_DARK = (0x0A, 0x4F, 0x5C)
WHITE = (0xFF, 0xFF, 0xFF)
AVATAR_BG = (0xD4, 0xEE, 0xF2)
INK = (0x24, 0x3B, 0x4A)
MUTED = (0xA3, 0xB1, 0xBC)
HEADER = (0xE8, 0xF4, 0xF6)


# --- PNG writing -----------------------------------------------------------------

def _chunk(kind, data):
    body = kind + data
    return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)


def write_png(path, width, height, pixels):
    """pixels: list of rows, each a list of (r, g, b, a) tuples."""
    raw = bytearray()
    for row in pixels:
        raw.append(0)  # filter type 0 (None) for every scanline
        for r, g, b, a in row:
            raw += bytes((r, g, b, a))
    png = b'\x89PNG\r\n\x1a\n'
    png += _chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 6, 0, 0, 0))  # 8-bit RGBA
    png += _chunk(b'IDAT', zlib.compress(bytes(raw), 9))
    png += _chunk(b'IEND', b'')
    with open(path, 'wb') as f:
        f.write(png)


# --- geometry --------------------------------------------------------------------

def in_round_rect(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_circle(x, y, cx, cy, r):
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_ellipse(x, y, cx, cy, rx, ry):
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0


# --- colour icon (192x192) ---------------------------------------------------------

def color_sample(x, y):
    """Colour of the point (x, y) in a 192x192 canvas, painted back to front."""
    # Card geometry
    x0, y0, x1, y1, r = 26.0, 48.0, 166.0, 146.0, 12.0
    # Soft drop shadow: the card shape offset down-right, in a darker brand tone.
    if in_round_rect(x, y, x0 + 4, y0 + 6, x1 + 4, y1 + 6, r) and not in_round_rect(x, y, x0, y0, x1, y1, r):
        return BRAND_DARK
    if not in_round_rect(x, y, x0, y0, x1, y1, r):
        return BRAND
    # Card header band
    if y < y0 + 18:
        return HEADER
    # Avatar: a disc with a person silhouette clipped to it
    acx, acy, ar = 68.0, 102.0, 27.0
    if in_circle(x, y, acx, acy, ar):
        if in_circle(x, y, acx, acy - 8, 10.5):
            return BRAND
        if in_ellipse(x, y, acx, acy + 24, 21.0, 17.0):
            return BRAND
        return AVATAR_BG
    # Text lines: name (dark, thicker), then two details (muted)
    if in_round_rect(x, y, 106, 82, 150, 91, 4.5):
        return INK
    if in_round_rect(x, y, 106, 100, 146, 106, 3.0):
        return MUTED
    if in_round_rect(x, y, 106, 114, 134, 120, 3.0):
        return MUTED
    return WHITE


def render_color(size=192, ss=4):
    rows = []
    step = 1.0 / ss
    offsets = [(i + 0.5) * step for i in range(ss)]
    n = ss * ss
    for py in range(size):
        row = []
        for px in range(size):
            rs = gs = bs = 0
            for oy in offsets:
                for ox in offsets:
                    r, g, b = color_sample(px + ox, py + oy)
                    rs += r
                    gs += g
                    bs += b
            row.append((round(rs / n), round(gs / n), round(bs / n), 255))
        rows.append(row)
    return rows


# --- outline icon (32x32) ----------------------------------------------------------

def outline_covered(x, y):
    """True where the 32x32 outline glyph is white: a card outline with a person and three lines."""
    # Card outline: outer rounded rect minus inner rounded rect (2 px stroke)
    outer = in_round_rect(x, y, 2, 6, 30, 26, 3)
    inner = in_round_rect(x, y, 4, 8, 28, 24, 1.5)
    if outer and not inner:
        return True
    # Person: head and shoulders
    if in_circle(x, y, 10.5, 12.5, 3.2):
        return True
    if y <= 22 and in_ellipse(x, y, 10.5, 22.0, 5.2, 5.0):
        return True
    # Three text lines: name, then two shorter details
    if 17 <= x <= 26 and 11 <= y <= 13:
        return True
    if 17 <= x <= 24 and 15 <= y <= 17:
        return True
    if 17 <= x <= 22 and 19 <= y <= 21:
        return True
    return False


def render_outline(size=32, ss=4):
    rows = []
    step = 1.0 / ss
    offsets = [(i + 0.5) * step for i in range(ss)]
    n = ss * ss
    for py in range(size):
        row = []
        for px in range(size):
            hits = sum(1 for oy in offsets for ox in offsets if outline_covered(px + ox, py + oy))
            # Threshold: a pixel is either opaque white or fully transparent.
            row.append((255, 255, 255, 255) if hits * 2 >= n else (255, 255, 255, 0))
        rows.append(row)
    return rows


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    color_path = os.path.join(OUT_DIR, 'color.png')
    outline_path = os.path.join(OUT_DIR, 'outline.png')
    write_png(color_path, 192, 192, render_color())
    write_png(outline_path, 32, 32, render_outline())
    print('wrote', os.path.relpath(color_path, ROOT), 'and', os.path.relpath(outline_path, ROOT))
    return 0


if __name__ == '__main__':
    sys.exit(main())
