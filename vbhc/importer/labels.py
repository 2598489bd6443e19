"""Labels typed (or numbered by Word) before body paragraphs: which level each one is."""

from __future__ import annotations

import re

# Order matters: the first pattern that matches a paragraph's start names its level.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("chuong", re.compile(r"^Chương\s+([IVXLC]+|\d+)\.?(?=\s|$)", re.IGNORECASE)),
    ("muc_a", re.compile(r"^Mục\s+\d+\.?(?=\s|$)")),
    ("dieu", re.compile(r"^Điều\s+\d+\s*[.:]")),
    ("roman", re.compile(r"^(?=[IVX])(X{0,3})(IX|IV|V?I{0,3})\s*[.)](?=\s)")),
    ("decimal", re.compile(r"^\d{1,2}\.\d{1,2}\.?(?=\s)")),
    ("number", re.compile(r"^\d{1,2}\s*[.)](?=\s)")),
    ("letter", re.compile(r"^[a-zđ]\s*\)(?=\s)")),
    ("dash", re.compile(r"^[-–—•·]\s+(?=\S)")),
    ("plus", re.compile(r"^\+\s*(?=\S)")),
]


def classify(text: str) -> tuple[str, str]:
    """Return (level, label) of a paragraph's text; ("text", "") when it has no label."""
    for level, pattern in PATTERNS:
        match = pattern.match(text)
        if match and match.group(0).strip():
            return level, match.group(0)
    return "text", ""
