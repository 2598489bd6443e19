"""Helpers for tests that open generated documents with python-docx."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path

import docx
from docx.document import Document
from docx.text.paragraph import Paragraph

from vbhc.checker.effective import paragraph_format, paragraph_runs_format

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT.parent / "shared" / "seeds"


def open_docx(path: Path) -> Document:
    """Return the python-docx document at ``path``."""
    return docx.Document(str(path))


def all_paragraphs(document: Document) -> Iterator[Paragraph]:
    """Yield every paragraph in body order, descending into table cells."""
    body = document.element.body
    for element in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        yield Paragraph(element, document._body)


def texts(document: Document) -> list[str]:
    """Return the non-empty paragraph texts in body order (table cells included)."""
    return [p.text for p in all_paragraphs(document) if p.text.strip()]


def find(document: Document, text: str, *, exact: bool = True) -> Paragraph:
    """Return the first paragraph whose text equals (or contains) ``text``."""
    for paragraph in all_paragraphs(document):
        if paragraph.text == text or (not exact and text in paragraph.text):
            return paragraph
    raise AssertionError(f"no paragraph {'equal to' if exact else 'containing'} {text!r}")


def runs_format(paragraph: Paragraph) -> list:
    """Return the resolved formats of the paragraph's text runs."""
    return paragraph_runs_format(paragraph)


def para_format(paragraph: Paragraph):  # noqa: ANN201
    """Return the resolved paragraph format."""
    return paragraph_format(paragraph)


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("*", "")
    text = re.sub(r"\s+", " ", text).strip().strip(".;,:").strip()
    return text.casefold()


def seed_lines(name: str) -> list[str]:
    """Return the non-empty text lines of a seed document."""
    raw = (SEEDS / name).read_text(encoding="utf-8")
    return [line for line in raw.splitlines() if _normal(line)]


def seed_coverage(seed: str, document: Document, *, ratio: float = 0.9
                  ) -> tuple[float, list[str]]:
    """Return (share of the seed's lines found in the document, the lines not found).

    A line is found when its normalised text occurs in the document's text, or
    when a document paragraph matches it with a similarity ratio ≥ ``ratio``
    (scan typos that the data corrects, such as "đở" for "đỏ").
    """
    paragraphs = [_normal(t) for t in texts(document)]
    whole = " ".join(paragraphs)
    missing = []
    lines = seed_lines(seed)
    for line in lines:
        wanted = _normal(line)
        if wanted in whole:
            continue
        if any(SequenceMatcher(None, wanted, p).ratio() >= ratio for p in paragraphs
               if abs(len(p) - len(wanted)) < len(wanted) * 0.2):
            continue
        missing.append(line)
    return 1 - len(missing) / len(lines), missing
