"""Punctuation vbhc adds itself, taken off what a clerk typed so it is never doubled.

Nơi nhận lines get "- " before and ";" after (the Lưu line "."), body items "- "
or "+ " before. A clerk who copies lines from an old document types them too:
``- Cổng TTĐT tỉnh;`` would print "- - Cổng TTĐT tỉnh;;". The model strips them
(``clean``); the consistency checks warn, through ``marks_in``, only when the
clerk typed something vbhc would not have put there (a "," at the end, a "•").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

# A bullet is a dash, plus or dot followed by a space ("*" alone starts emphasis: *chữ*).
_BULLET = re.compile(r"^\s*([-–—+•·]|\*(?=\s))\s+")
_ENDING = re.compile(r"(?:\s|\./\.|[.;,:])+$")
# -- the ';' of a character reference ("&amp;") belongs to it: text is printed as typed --
_REFERENCE_END = re.compile(r"&#?\w+;$")
RECIPIENT_ENDINGS = frozenset(";.")  # what vbhc itself puts after a Nơi nhận line


def split_marks(text: str, bullet: str | None, endings: frozenset[str]
                ) -> tuple[str, str, str]:
    """Return (text without marks, leading mark removed, trailing marks removed).

    ``bullet`` None leaves the start alone; empty ``endings`` leaves the end alone.

    >>> split_marks("- Cổng TTĐT tỉnh;", "-", RECIPIENT_ENDINGS)
    ('Cổng TTĐT tỉnh', '-', ';')
    """
    lead = trail = ""
    if bullet is not None:
        match = _BULLET.match(text)
        if match:
            lead, text = match.group(1), text[match.end():]
    if endings and not _REFERENCE_END.search(text):
        match = _ENDING.search(text)
        if match and match.start() > 0:
            trail, text = match.group(0).strip(), text[:match.start()]
    return text, lead, trail


# -- kept per text: the model cleans every "-" item and recipient it validates, and a
# batch's units validate the same shared recipients again for each unit --
@lru_cache(maxsize=4096)
def clean(text: str, bullet: str | None, endings: frozenset[str] = frozenset()) -> str:
    """Return ``text`` without the bullet and end marks vbhc adds itself."""
    return split_marks(text, bullet, endings)[0]


def unexpected(text: str, bullet: str | None, endings: frozenset[str] = frozenset()
               ) -> str | None:
    """Return the marks typed in ``text`` that vbhc would not have added, or None."""
    _, lead, trail = split_marks(text, bullet, endings)
    odd = []
    if lead and lead != bullet:
        odd.append(f"'{lead}' ở đầu")
    if trail and not (len(trail) == 1 and trail in endings):
        odd.append(f"'{trail}' ở cuối")
    return " và ".join(odd) or None


def marks_in(data: dict) -> Iterator[tuple[tuple, str, str]]:
    """Yield (location, typed marks, what vbhc adds) for every raw text with odd marks."""
    yield from frame_marks_in(data)
    yield from body_marks_in(data.get("noi_dung"))


def frame_marks_in(data: dict) -> Iterator[tuple[tuple, str, str]]:
    """Yield ``marks_in``'s findings in the recipients and the Lưu line."""
    for index, item in enumerate(_list(data.get("noi_nhan"))):
        where: tuple = ("noi_nhan", index)
        text = item.get("ten") if isinstance(item, dict) else item
        where += ("ten",) if isinstance(item, dict) else ()
        yield from _odd(where, text, "-", RECIPIENT_ENDINGS,
                        "vbhc tự thêm '- ' ở đầu và ';' ở cuối mỗi nơi nhận")
    luu = data.get("luu")
    if isinstance(luu, dict):
        yield from _odd(("luu", "don_vi"), luu.get("don_vi"), None, RECIPIENT_ENDINGS,
                        "vbhc tự thêm '.' cuối dòng Lưu")


def body_marks_in(body: Any) -> Iterator[tuple[tuple, str, str]]:
    """Yield ``marks_in``'s findings in the body (``noi_dung``, a batch's shared value)."""
    for index, section in enumerate(_list(body)):
        yield from _section_marks(("noi_dung", index), section)


def _section_marks(where: tuple, section: Any) -> Iterator[tuple[tuple, str, str]]:
    if not isinstance(section, dict):
        return
    dash, plus = "vbhc tự thêm '- ' ở đầu mỗi ý", "vbhc tự thêm '+ ' ở đầu mỗi ý nhỏ"
    for index, item in enumerate(_list(section.get("y"))):
        here = where + ("y", index)
        if isinstance(item, dict):
            yield from _odd(here + ("doan",), item.get("doan"), "-", frozenset(), dash)
            for sub, text in enumerate(_list(item.get("y"))):
                yield from _odd(here + ("y", sub), text, "+", frozenset(), plus)
        else:
            yield from _odd(here, item, "-", frozenset(), dash)
    for index, text in enumerate(_list(section.get("y_nho"))):
        yield from _odd(where + ("y_nho", index), text, "+", frozenset(), plus)
    for index, child in enumerate(_list(section.get("muc"))):
        yield from _section_marks(where + ("muc", index), child)


def _odd(where: tuple, text: Any, bullet: str | None, endings: frozenset[str],
         adds: str) -> Iterator[tuple[tuple, str, str]]:
    if isinstance(text, str):
        odd = unexpected(text.strip(), bullet, endings)
        if odd:
            yield where, odd, adds


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
