"""Helpers of the import tests: a document's text lines, and import-then-render."""

from __future__ import annotations

import re
from pathlib import Path

import docx

from vbhc.checker.docmodel import CheckedDoc
from vbhc.importer.api import import_file
from vbhc.importer.labels import classify
from vbhc.pipeline import render as api


def paragraph_texts(path: Path) -> list[str]:
    """Return the text of every non-empty paragraph (body, table cells, text boxes) in order."""
    return [p.text for p in CheckedDoc(docx.Document(str(path))).paras if p.text]


def text_lines(path: Path) -> list[str]:
    """Return the document's text lines, each without the label numbering typed before it.

    Lines are split at line breaks and tabs; labels (I., 1., a), -) are left out of the
    comparison because Word list numbering keeps them out of the text.
    """
    out = []
    for para in CheckedDoc(docx.Document(str(path))).paras:
        for line in para.lines(tabs=True):  # -- tabs align columns: header, signature --
            text = line.text
            level, label = classify(text)
            out.append(text[len(label):].strip() if label else text)
    return [line for line in out if line]


def _comparable(line: str) -> str:
    # -- vbhc prints a mục title in capitals and never a space before ";" or ":" (NĐ 30) --
    return re.sub(r"\s+([;:,.])", r"\1", line).upper()


def coverage(source: Path, result: Path) -> tuple[float, list[str]]:
    """Return the share of ``source``'s lines found in ``result``, and the missing ones.

    A line is found when a result line is it or holds it: vbhc may join what a clerk
    typed on two lines ("Kính gửi:" / "- Sở Y tế;" → "Kính gửi: - Sở Y tế;"), and prints
    mục titles in capitals; the comparison ignores case and a space before punctuation.
    """
    wanted = text_lines(source)
    found = {_comparable(line) for line in text_lines(result)}
    joined = "\n".join(found) + "\n" + " ".join(found)  # -- headers wrapped over lines --
    missing = [line for line in wanted
               if _comparable(line) not in found and _comparable(line) not in joined]
    return 1 - len(missing) / max(len(wanted), 1), missing


def import_and_render(source: Path, folder: Path) -> tuple[api.Loaded, Path, Path]:
    """Import ``source`` into ``folder``, render the data back; return (loaded, data, docx)."""
    data = folder / (source.stem + ".yaml")
    import_file(source, data)
    loaded = api.load(None, data)
    out = folder / (source.stem + "_lai.docx")
    out.write_bytes(api.render_to_bytes(loaded))
    return loaded, data, out
