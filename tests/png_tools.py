"""Make the electronic form's test images: a red seal and a blue signature, transparent PNGs.

Written with zlib alone (no imaging library), at a given resolution stored in the
PNG's pHYs chunk, so that "actual size" means something.
Import as ``from tests.png_tools import ...``.
"""

from __future__ import annotations

import math
import struct
import zlib

RED = (200, 16, 30, 255)
BLUE = (20, 40, 190, 255)
CLEAR = (0, 0, 0, 0)


def png(pixels: list[list[tuple[int, ...]]], dpi: int = 300) -> bytes:
    """Return RGBA rows (or RGB rows: no transparency) as PNG bytes with a pHYs of ``dpi``."""
    height, width = len(pixels), len(pixels[0])
    colour_type = 6 if len(pixels[0][0]) == 4 else 2
    raw = b"".join(b"\x00" + bytes(v for pixel in row for v in pixel) for row in pixels)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    ppm = round(dpi / 0.0254)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def seal_png(diameter_mm: float = 36.0, dpi: int = 150) -> bytes:
    """Return a round red seal (two rings and a star) of ``diameter_mm`` at ``dpi``."""
    size = round(diameter_mm / 25.4 * dpi)
    r = size / 2
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            d = math.hypot(x + 0.5 - r, y + 0.5 - r) / r
            angle = math.atan2(y + 0.5 - r, x + 0.5 - r)
            star = d < 0.25 * (0.6 + 0.4 * math.cos(5 * angle))
            ring = 0.92 < d < 0.99 or 0.70 < d < 0.74
            row.append(RED if ring or star else CLEAR)
        rows.append(row)
    return png(rows, dpi)


def signature_png(width_mm: float = 45.0, height_mm: float = 18.0, dpi: int = 150) -> bytes:
    """Return a blue scribble (a few sine strokes) on a transparent ground."""
    width, height = round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)
    rows = [[CLEAR] * width for _ in range(height)]
    pen = max(1, dpi // 60)
    for x in range(width):
        t = x / width
        for y0 in (height * (0.5 + 0.35 * math.sin(t * 9.0) * (1 - t)),
                   height * (0.65 - 0.25 * math.sin(t * 4.0 + 1))):
            for dy in range(-pen, pen + 1):
                y = int(y0) + dy
                if 0 <= y < height:
                    rows[y][x] = BLUE
    return png(rows, dpi)
