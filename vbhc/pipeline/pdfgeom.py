"""Where a PDF draws its images, read back from the pages' drawing operators.

The signature field goes where the signer's image is, and the tests check that the
images sit where NĐ30 puts them, so both need the images' boxes on the page: the
content stream is walked with its graphics state (``q``/``Q``/``cm``) and every
``Do`` of an image XObject gives the unit square mapped by the current matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ImageBox:
    """An image drawn on a page: its pixel size and its box in points (x0, y0, x1, y1)."""

    page: int  # 0-based
    pixels: tuple[int, int]
    box: tuple[float, float, float, float]

    @property
    def centre(self) -> tuple[float, float]:
        """Return the box's centre."""
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """Return m × n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u]


def _walk(pdf: Any, stream: Any, resources: Any, matrix: list[float], page: int,
          out: list[ImageBox]) -> None:
    import pikepdf

    stack: list[list[float]] = []
    xobjects = (resources or {}).get("/XObject") or {}
    for instruction in pikepdf.parse_content_stream(stream):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue  # -- inline images are small marks, never the signature or the seal --
        operands, name = instruction.operands, str(instruction.operator)
        if name == "q":
            stack.append(matrix)
        elif name == "Q" and stack:
            matrix = stack.pop()
        elif name == "cm":
            matrix = _multiply([float(v) for v in operands], matrix)
        elif name == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == "/Image":
                corners = [(x * matrix[0] + y * matrix[2] + matrix[4],
                            x * matrix[1] + y * matrix[3] + matrix[5])
                           for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                out.append(ImageBox(page, (int(xobject.Width), int(xobject.Height)),
                                    (min(xs), min(ys), max(xs), max(ys))))
            elif xobject.get("/Subtype") == "/Form":
                inner = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                _walk(pdf, xobject, xobject.get("/Resources"), _multiply(inner, matrix), page,
                      out)


def image_boxes(path: Path) -> list[ImageBox]:
    """Return every image drawn in the PDF, page by page, in drawing order."""
    import pikepdf

    out: list[ImageBox] = []
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            _walk(pdf, page, page.get("/Resources"), [1, 0, 0, 1, 0, 0], index, out)
    return out


def find_image(path: Path, pixels: tuple[int, int], tolerance: float = 0.03) -> ImageBox | None:
    """Return the first image drawn in the PDF from a picture of ``pixels`` (width, height).

    LibreOffice downsamples images finer than 300 dpi, so when no image has exactly
    these pixels, the first with the same proportions (within ``tolerance``) is taken.
    """
    boxes = image_boxes(path)
    exact = next((found for found in boxes if found.pixels == pixels), None)
    if exact is not None:
        return exact
    ratio = pixels[0] / pixels[1]
    return next((found for found in boxes
                 if abs(found.pixels[0] / found.pixels[1] / ratio - 1) <= tolerance), None)
