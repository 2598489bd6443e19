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


# A text's segments with gaps for values: each segment's text (as it is, or as a
# ``str.format`` pattern whose fields are gap numbers), whether it has gaps, and its
# emphasis (``skeleton``).
Skeleton = tuple[tuple[str, bool, tuple[tuple[str, Any], ...]], ...]
_GAP = 0xE000  # -- private-use characters stand for the gaps while the literals are parsed --
_GAPS = re.compile("([\ue000-\uf8ff])")


def skeleton(literals: tuple[str, ...]) -> Skeleton | None:
    """Return the segments of ``literals`` joined by values, for ``fill``; None if values
    could change how the literals read. (Callers keep it: it is worked out per text.)

    A value is inserted escaped (``escape_markers``): it never opens or closes emphasis
    and reads back as itself, so the segments depend on the literals alone, except
    where a value is empty (stars on both sides would meet: ``fill``'s caller refuses
    it) or follows a backslash (which would escape the value's first character).
    """
    if len(literals) - 1 > 0xF8FF - _GAP or any(
            literal.endswith("\\") for literal in literals[:-1]) or any(
            _GAPS.search(literal) for literal in literals):
        return None
    text = "".join(literal + chr(_GAP + index) for index, literal in enumerate(literals[:-1]))
    out = []
    for segment in _parse(text + literals[-1]):
        pieces = tuple(ord(piece) - _GAP if index % 2 else piece
                       for index, piece in enumerate(_GAPS.split(segment["chu"]))
                       if piece)
        flags = tuple((key, value) for key, value in segment.items() if key != "chu")
        if len(pieces) == 1 and isinstance(pieces[0], str):
            out.append((segment["chu"], False, flags))
        else:
            # -- a pattern ``str.format`` fills in one call: the literal pieces' braces
            # doubled, each gap a numbered field (a value's own braces are not read) --
            out.append(("".join(f"{{{piece}}}" if isinstance(piece, int)
                                else piece.replace("{", "{{").replace("}", "}}")
                                for piece in pieces), True, flags))
    return tuple(out)


def fill(shape: Skeleton, values: list[str]) -> list[Segment]:
    """Return the segments of a ``skeleton`` with its gaps filled by ``values`` (as they
    read, not escaped; none empty; plain ``str``)."""
    out = []
    for text, gaps, flags in shape:
        segment: Segment = {"chu": text.format(*values) if gaps else text}
        if flags:
            segment.update(flags)
        out.append(segment)
    return out


def plain(segments: list[Segment]) -> str:
    """Return the text of ``segments`` without emphasis."""
    return "".join(segment["chu"] for segment in segments)
