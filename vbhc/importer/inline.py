"""A paragraph's runs as data text: ``**bold**`` and ``*italic*`` markers, labels cut off.

The markers are those of ``vbhc.data.emphasis``; literal ``*`` and ``\\`` are escaped
the way that module reads them, so the text renders back exactly as it was typed.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.checker.docmodel import Para
from vbhc.data.emphasis import escape_markers

Piece = tuple[str, bool, bool]  # text, bold, italic
_SPACES = re.compile(r"\s+")


def pieces(para: Para, tabs_as_spaces: bool = True) -> list[Piece]:
    """Return the paragraph's visible text as (text, bold, italic) pieces; breaks as spaces."""
    out: list[Piece] = []
    formats: dict[int, Any] = {}
    for run, text in para.raw_pieces:
        if text in ("\t", "\n"):
            out.append((" ", False, False))
            continue
        key = id(run)
        if key not in formats:
            formats[key] = para.sheet.run_format(para.el, run)
        fmt = formats[key]
        out.append((text, bool(fmt.bold), bool(fmt.italic)))
    return _squashed(out)


def _squashed(items: list[Piece]) -> list[Piece]:
    """Return the pieces with runs of white space made one space, ends trimmed."""
    out: list[Piece] = []
    previous_space = True
    for text, bold, italic in items:
        text = _SPACES.sub(" ", text.replace("\u00a0", " "))
        if previous_space:
            text = text.lstrip(" ")
        if text:
            out.append((text, bold, italic))
            previous_space = text.endswith(" ")
    while out and out[-1][0].endswith(" "):
        text, bold, italic = out.pop()
        if text.rstrip():
            out.append((text.rstrip(), bold, italic))
            break
    return out


def plain(items: list[Piece]) -> str:
    """Return the pieces' text without formatting."""
    return "".join(text for text, _, _ in items)


def cut(items: list[Piece], count: int) -> list[Piece]:
    """Return the pieces without their first ``count`` characters (a label) and spaces after."""
    out: list[Piece] = []
    for text, bold, italic in items:
        if count >= len(text):
            count -= len(text)
            continue
        out.append((text[count:], bold, italic))
        count = 0
    if out:
        first = out[0]
        out[0] = (first[0].lstrip(), first[1], first[2])
        if not out[0][0]:
            out.pop(0)
    return out


def all_bold(items: list[Piece]) -> bool:
    """Return whether every visible character is bold."""
    shown = [bold for text, bold, _ in items if text.strip()]
    return bool(shown) and all(shown)


def markdown(items: list[Piece], *, drop_bold: bool = False, drop_italic: bool = False) -> str:
    """Return the pieces as data text with emphasis markers.

    ``drop_bold``: the paragraph's own style makes it bold (a heading), so no marks.
    """
    merged: list[list[Any]] = []
    for text, bold, italic in items:
        bold, italic = bold and not drop_bold, italic and not drop_italic
        if not text.strip():  # -- a space keeps the neighbours' emphasis together --
            bold = merged[-1][1] if merged else False
            italic = merged[-1][2] if merged else False
        if merged and merged[-1][1:] == [bold, italic]:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic])
    out = []
    for text, bold, italic in merged:
        marker = ("**" if bold else "") + ("*" if italic else "")
        if not marker:
            out.append(escape_markers(text))
            continue
        core = text.strip()
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        out.append(f"{lead}{marker}{escape_markers(core)}{marker}{trail}" if core else text)
    return "".join(out)
