"""A value's new text in the data, from its old text, what it rendered to, and the edit.

The rendered value is literal text around the renderings of its ``{{ … }}``
references (known from the reference marks of ``vbhc.importer.provenance``). The edit
is aligned with the rendering character by character: a reference whose rendering the
edit left whole stays a reference; one the edit touched gives way to the edited text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from vbhc.importer.provenance import REF_CLOSE, REF_OPEN

_REFERENCE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_OPENERS = re.compile(r"\{[{%#]")


@dataclass
class Rebuilt:
    """The new data text of a value, and the references the edit replaced by text."""

    text: str
    replaced: list[str] = field(default_factory=list)  # the references, as written


def _literal(text: str) -> str:
    """Return edited text as data text: a typed ``{{`` must not start a reference."""
    return _JINJA_OPENERS.sub(lambda m: "{{ '" + m.group(0) + "' }}", text)


def _references(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Return the rendered text without marks and the spans its references rendered to."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    length = 0
    for character in marked:
        if character == REF_OPEN:
            start = length
        elif character == REF_CLOSE:
            spans.append((start, length))
        else:
            text.append(character)
            length += 1
    joined = "".join(text)
    return joined, [_inside_markers(joined, start, end) for start, end in spans]


def _inside_markers(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a reference's span without the emphasis markers around its rendering.

    The data writes ``“*{{ chien_dich.ten }}*”``: the markers belong to the literal text,
    but the rendering, read back from Word, carries them just inside the reference.
    """
    while start < end and text[start] == "*":
        start += 1
    while end > start and text[end - 1] == "*" and (end < 2 or text[end - 2] != "\\"):
        end -= 1
    return start, end


def rebuild(raw: str, marked: str, old: str, new: str) -> Rebuilt:
    """Return the data text that renders to ``new``.

    ``raw``: the value as the data writes it; ``marked``: its rendering with reference
    marks (from the traced render); ``old``: its rendering as the document shows it;
    ``new``: the edited text.
    """
    expressions = _REFERENCE.findall(raw)
    rendered, spans = _references(marked)
    if not expressions or rendered != old or len(spans) != len(expressions):
        return Rebuilt(_recased(raw, old, new) if not expressions else _literal(new),
                       expressions)
    kept: list[tuple[int, int, str]] = []  # (start in new, end in new, expression)
    replaced: list[str] = []
    blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    for (start, end), expression in zip(spans, expressions, strict=True):
        block = next((b for b in blocks if b.a <= start and end <= b.a + b.size), None)
        if block is None or end == start:
            replaced.append(expression)
            continue
        kept.append((block.b + start - block.a, block.b + end - block.a, expression))
    out: list[str] = []
    cursor = 0
    for start, end, expression in kept:
        out.append(_literal(new[cursor:start]))
        out.append(expression)
        cursor = end
    out.append(_literal(new[cursor:]))
    return Rebuilt("".join(out), replaced)


def _recased(raw: str, old: str, new: str) -> str:
    """Return ``new`` in the case the data writes, where vbhc printed ``raw`` upper-cased.

    Headings and authority lines are printed in capitals: a clerk who corrects a word of
    "MỤC ĐÍCH, YÊU CẦU" means the data's "Mục đích, yêu cầu" with that word changed.
    Letters the edit kept take the data's case; letters it added are written in lower
    case (the line prints in capitals either way).
    """
    if old == raw or old != raw.upper():
        return _literal(new)
    out = list(new.lower())
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for block in matcher.get_matching_blocks():
        out[block.b:block.b + block.size] = raw[block.a:block.a + block.size]
    if raw[:1].isupper() and out:
        out[0] = out[0].upper()
    return _literal("".join(out))
