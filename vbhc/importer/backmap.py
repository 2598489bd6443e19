"""A value's new text in the data, from its old text, what it rendered to, and the edit.

The rendered value is literal text around the renderings of its ``{{ … }}``
references (known from the reference marks of ``vbhc.importer.provenance``). The edit
is aligned with the rendering character by character: a reference whose rendering the
edit left whole stays a reference; one the edit touched gives way to the edited text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vbhc.importer.provenance import REF_CLOSE, REF_OPEN

_REFERENCE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_OPENERS = re.compile(r"\{[{%#]")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_SIMPLE = re.compile(r"\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}")


@dataclass(frozen=True)
class Proposal:
    """A reference whose rendering the edit rewrote, and nothing around it: what it reads."""

    expression: str  # as the data writes it: "{{ thong_tin.hanh_trinh }}"
    old: str
    new: str


@dataclass
class Rebuilt:
    """The new data text of a value, and the references the edit replaced by text."""

    text: str
    replaced: list[str] = field(default_factory=list)  # the references, as written
    proposals: list[Proposal] = field(default_factory=list)


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
    proposals: list[Proposal] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    blocks = matcher.get_matching_blocks()
    opcodes = matcher.get_opcodes()
    for (start, end), expression in zip(spans, expressions, strict=True):
        block = next((b for b in blocks if b.a <= start and end <= b.a + b.size), None)
        if block is None or end == start:
            replaced.append(expression)
            rewritten = _rewritten(opcodes, start, end, len(old), len(new))
            if rewritten is not None and end > start:
                proposals.append(Proposal(expression, old[start:end],
                                          new[rewritten[0]:rewritten[1]]))
            continue
        kept.append((block.b + start - block.a, block.b + end - block.a, expression))
    out: list[str] = []
    cursor = 0
    for start, end, expression in kept:
        out.append(_literal(new[cursor:start]))
        out.append(expression)
        cursor = end
    out.append(_literal(new[cursor:]))
    return Rebuilt("".join(out), replaced, proposals)


def _rewritten(opcodes: Sequence[tuple[str, int, int, int, int]], start: int, end: int,
               old_length: int, new_length: int) -> tuple[int, int] | None:
    """Return where ``start:end`` of the old text lies in the new, if every change that
    touches it stays inside it (the edit rewrote this stretch and nothing across its edges).
    """
    for tag, i1, i2, _, _ in opcodes:
        touches = (i1 < end and i2 > start) or (i1 == i2 and start <= i1 <= end)
        if tag != "equal" and touches and (i1 < start or i2 > end):
            return None

    def placed(position: int, before: bool) -> int | None:
        if position == (0 if before else old_length):
            return 0 if before else new_length
        at = position - 1 if before else position  # -- the character beside the edge --
        for tag, i1, i2, j1, _ in opcodes:
            if tag == "equal" and i1 <= at < i2:
                return j1 + position - i1
        return None

    first, last = placed(start, True), placed(end, False)
    return None if first is None or last is None or last < first else (first, last)


def substitute(raw: str, marked: str, renders: dict[str, str]) -> tuple[str, str]:
    """Return (marked, old) as if the given references had rendered to new text.

    Used when a fact is changed where it is typed: the values that refer to it then
    read the new text without being rewritten themselves.
    """
    expressions = _REFERENCE.findall(raw)
    rendered, spans = _references(marked)
    if len(spans) != len(expressions):
        return marked, rendered
    out: list[str] = []
    cursor = 0
    for (start, end), expression in zip(spans, expressions, strict=True):
        out += [rendered[cursor:start], REF_OPEN, renders.get(expression, rendered[start:end]),
                REF_CLOSE]
        cursor = end
    out.append(rendered[cursor:])
    again = "".join(out)
    return again, again.replace(REF_OPEN, "").replace(REF_CLOSE, "")


def unescaped(text: str) -> str:
    """Return rendered text as the fact's own value: ``\\*`` (a literal star) as ``*``."""
    return _ESCAPED.sub(lambda match: match.group(1), text)


def simple_name(expression: str) -> tuple[str, ...] | None:
    """Return the data path a plain reference names (``{{ a.b }}`` → ("a", "b"))."""
    match = _SIMPLE.fullmatch(expression)
    return tuple(match.group(1).split(".")) if match else None


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
