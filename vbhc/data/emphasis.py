"""Inline emphasis in data text: ``*italic*``, ``**bold**``, ``***both***``.

Text is parsed into segments ``{"chu": text, "dam": bool, "nghieng": bool}`` (JSON-able,
what templates receive); the ``runs`` template filter (``vbhc.document.richtext``) turns
segments into Word runs.
A backslash keeps the next character literal (``\\*``); values substituted by
``{{ … }}`` references are escaped that way, so they never turn into emphasis.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

Segment = dict[str, Any]
_TOKEN = re.compile(r"\\(.)|(\*{1,3})", re.DOTALL)


def escape_markers(value: str) -> str:
    """Return ``value`` with its emphasis markers and backslashes made literal."""
    return value.replace("\\", "\\\\").replace("*", "\\*")


def parse(text: str) -> list[Segment]:
    """Return the segments of ``text``; unbalanced markers are kept as literal text.

    >>> parse("Chiến dịch “*Những giọt máu hồng*”")
    [{'chu': 'Chiến dịch “'}, {'chu': 'Những giọt máu hồng', 'nghieng': True}, {'chu': '”'}]
    """
    # -- new segments each time (callers may change them); the parsing is kept per text,
    # the units of a batch share most of their paragraphs --
    return [dict(items) for items in _parsed(text)]


@lru_cache(maxsize=1024)
def _parsed(text: str) -> tuple[tuple[tuple[str, Any], ...], ...]:
    return tuple(tuple(segment.items()) for segment in _parse(text))


def _parse(text: str) -> list[Segment]:
    segments: list[Segment] = []
    bold = italic = False
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            segment: Segment = {"chu": "".join(buffer)}
            if bold:
                segment["dam"] = True
            if italic:
                segment["nghieng"] = True
            segments.append(segment)
            buffer.clear()

    position = 0
    for match in _TOKEN.finditer(text):
        buffer.append(text[position:match.start()])
        position = match.end()
        if match.group(1) is not None:
            buffer.append(match.group(1))
            continue
        flush()
        stars = len(match.group(2))
        if stars in (1, 3):
            italic = not italic
        if stars in (2, 3):
            bold = not bold
    buffer.append(text[position:])
    flush()
    if bold or italic:
        return [{"chu": _TOKEN.sub(lambda m: m.group(1) or m.group(2), text)}]
    return segments


def plain(segments: list[Segment]) -> str:
    """Return the text of ``segments`` without emphasis."""
    return "".join(segment["chu"] for segment in segments)
