"""Inspect PDFs with poppler-utils (``pdfinfo``, ``pdftotext``, ``pdffonts``) in tests.

Import as ``from tests.pdf_tools import ...`` (pytest runs in importlib mode).
Tests using these helpers carry ``@pytest.mark.needs("poppler")`` (tests/conftest.py).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

A4_POINTS = (595.28, 841.89)  # 210 x 297 mm


def _run(*command: str | Path) -> str:
    """Return the standard output of a poppler tool, decoded as UTF-8."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8", "replace")


def pdf_info(pdf: Path) -> dict[str, str]:
    """Return the ``Key: value`` lines printed by ``pdfinfo``."""
    info = {}
    for line in _run("pdfinfo", pdf).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def page_count(pdf: Path) -> int:
    """Return the number of pages."""
    return int(pdf_info(pdf)["Pages"])


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Return (width, height) in points of every page."""
    out = _run("pdfinfo", "-f", "1", "-l", str(page_count(pdf)), pdf)
    found = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, flags=re.M)
    return [(float(width), float(height)) for width, height in found]


def is_a4(size: tuple[float, float], tolerance: float = 1.0) -> bool:
    """Return whether a (width, height) in points is A4 portrait, within ``tolerance``."""
    return all(abs(got - want) <= tolerance for got, want in zip(size, A4_POINTS, strict=True))


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """Return the text of the PDF, NFC-normalised, with every run of whitespace as one space.

    Joining lines this way lets a test find a phrase the PDF wrapped onto two lines.
    """
    raw = _run("pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), pdf, "-")
    return " ".join(unicodedata.normalize("NFC", raw).split())


def pdf_fonts(pdf: Path) -> list[str]:
    """Return the name of every font in the PDF, without the subset tag (``ABCDEF+``)."""
    lines = _run("pdffonts", pdf).splitlines()
    names = []
    for line in lines[2:]:  # after the header and the dashes
        if line.strip():
            names.append(re.sub(r"^[A-Z]{6}\+", "", line.split()[0]))
    return names


def font_family(name: str) -> str:
    """Return the family of a PDF font name: ``LiberationSerif-Bold`` -> ``LiberationSerif``."""
    return name.split("-")[0].split(",")[0]
