"""Which data value produced which part of a rendered document.

The data is rendered once more through the one engine with every text value wrapped in
private-use characters: ``LEAF_OPEN``, one character naming the value (its index), the
value, ``LEAF_CLOSE``; and every ``{{ … }}`` reference inside a value wrapped in
``REF_OPEN``/``REF_CLOSE``. Private-use characters have no case, are neither spaces nor
punctuation, and are never emphasis markers, so they pass through vbhc's upper-casing,
punctuation handling and reference rendering untouched. A value the model refuses in
wrapped form (an enumeration such as ``quyen_han: TM.``) is left unwrapped and its
paragraphs keep no record of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vbhc.core.errors import DataError
from vbhc.data.loading import Source, dotted, load_yaml
from vbhc.importer import wordtext
from vbhc.kinds import Kind
from vbhc.kinds.kind import PICTURES_KEY
from vbhc.pipeline.render import Loaded, render_to_bytes

LEAF_OPEN, LEAF_CLOSE, REF_OPEN, REF_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
_FIRST_INDEX = 0xF0000  # supplementary private-use planes 15 and 16: 131 068 indexes
_LAST_INDEX = 0x10FFFD
_REFERENCE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_RETRIES = 12  # rounds of unwrapping values the model refuses wrapped
Location = tuple[str | int, ...]


def is_index(character: str) -> bool:
    """Return whether ``character`` names a wrapped value."""
    return _FIRST_INDEX <= ord(character) <= _LAST_INDEX


def index_of(character: str) -> int:
    """Return the number of the value an index character names."""
    return ord(character) - _FIRST_INDEX


MARKS = LEAF_OPEN + LEAF_CLOSE + REF_OPEN + REF_CLOSE


def transparent(text: str) -> bool:
    """Return whether ``text`` (one character) is a mark rather than document text."""
    return text in MARKS or is_index(text)


def strip_marks(text: str) -> str:
    """Return ``text`` without any wrapping characters."""
    return "".join(c for c in text if not transparent(c))


@dataclass
class Traced:
    """The document rendered with its values wrapped: paragraphs with their marks."""

    leaves: list[Location]  # index → where the value sits in the data
    paragraphs: list[list[wordtext.Char]]
    unwrapped: set[Location] = field(default_factory=set)


class _Wrapper:
    def __init__(self, skip: set[Location]) -> None:
        self.skip = skip
        self.leaves: list[Location] = []

    def wrap(self, node: Any, where: Location) -> Any:
        if isinstance(node, dict):
            return {key: self.wrap(value, (*where, key)) for key, value in node.items()}
        if isinstance(node, list):
            return [self.wrap(value, (*where, index)) for index, value in enumerate(node)]
        if (not isinstance(node, str) or not where or where in self.skip or where[0] == "loai"
                or _FIRST_INDEX + len(self.leaves) > _LAST_INDEX):
            return node
        self.leaves.append(where)
        inner = _REFERENCE.sub(lambda m: REF_OPEN + m.group(0) + REF_CLOSE, node)
        return LEAF_OPEN + chr(_FIRST_INDEX + len(self.leaves) - 1) + inner + LEAF_CLOSE


def _refused(error: DataError, leaves: list[Location]) -> set[Location]:
    """Return the wrapped values the problems of ``error`` concern.

    A problem names the value's field, or quotes the wrapped value itself (a file name
    not found, a key used as a name): its index character then names it.
    """
    fields = [problem.field for problem in error.problems]
    quoted = "".join(f"{p.source}{p.field}{p.message}{p.cell or ''}" for p in error.problems)
    found = {leaves[index_of(c)] for c in quoted
             if is_index(c) and index_of(c) < len(leaves)}
    for leaf in leaves:
        name = dotted(leaf)
        if any(f == name or f.startswith((name + ".", name + "[")) or
               (f and name.startswith((f + ".", f + "["))) for f in fields):
            found.add(leaf)
    return found


def trace(kind: Kind, source: Source) -> Traced:
    """Render ``source`` with its values wrapped; return the marked paragraphs.

    Raises ``DataError`` only if the wrapping cannot be made acceptable to the model
    (the plain data having loaded, this means an unexpected interaction, reported).
    """
    skip: set[Location] = set()
    for _ in range(_RETRIES):
        wrapper = _Wrapper(skip)
        wrapped = load_yaml(source.path, source.text)
        wrapped.data = wrapper.wrap(wrapped.data, ())
        try:
            document = kind.load(wrapped)
            context = kind.context(document, wrapped)
        except DataError as error:
            refused = _refused(error, wrapper.leaves) - skip
            if not refused:
                raise
            skip |= refused
            continue
        pictures = context.pop(PICTURES_KEY, [])
        loaded = Loaded(kind, document, wrapped, context, pictures=pictures)
        return Traced(wrapper.leaves, wordtext.paragraphs(render_to_bytes(loaded)), skip)
    raise DataError([source.problem((), "không dò được đoạn văn nào do trường nào tạo ra")])


@dataclass
class Span:
    """A value's part of a paragraph: its index and its text, with reference marks kept."""

    index: int
    text: str
    complete: bool = True  # False: the value runs on from or into another paragraph


@dataclass
class Layout:
    """A paragraph as frames (text vbhc adds) around the values that produced the rest."""

    frames: list[str]  # len(spans) + 1 texts
    spans: list[Span]

    @property
    def complete(self) -> bool:
        """Return whether every value of the paragraph starts and ends in it."""
        return all(span.complete for span in self.spans)


def layout(marked: str) -> Layout:
    """Split a marked paragraph into frames and the values' spans (outermost values only).

    Inside a value, references keep their marks; a value nested in a reference (the fact
    it names) loses its own, so that the span reads as the value's text.
    """
    frames: list[str] = [""]
    spans: list[Span] = []
    depth = 0
    position = 0
    while position < len(marked):
        character = marked[position]
        position += 1
        if character == LEAF_OPEN:
            if depth == 0:
                index = index_of(marked[position]) if position < len(marked) else -1
                spans.append(Span(index, ""))
            depth += 1
            position += 1  # the index character
            continue
        if character == LEAF_CLOSE:
            if depth == 0:  # -- the value began in an earlier paragraph --
                spans.insert(0, Span(-1, frames[0], complete=False))
                frames[0] = ""
                frames.append("")
                continue
            depth -= 1
            if depth == 0:
                frames.append("")
            continue
        if depth == 0:
            frames[-1] += character
        elif (depth == 1 and character in (REF_OPEN, REF_CLOSE)) or not transparent(character):
            spans[-1].text += character
    if depth > 0:  # -- the value goes on in the next paragraph --
        spans[-1].complete = False
        frames.append("")
    return Layout(frames, spans)


def split(text: str, frames: list[str]) -> list[str] | None:
    """Return the parts of ``text`` between ``frames``, or None when a frame is missing."""
    if not text.startswith(frames[0]) or not text.endswith(frames[-1]):
        return None
    end = len(text) - len(frames[-1])
    cursor = len(frames[0])
    if cursor > end:
        return None
    parts: list[str] = []
    for frame in frames[1:-1]:
        if not frame:
            return None  # -- two values side by side: where one ends is unknowable --
        found = text.find(frame, cursor, end)
        if found < 0:
            return None
        parts.append(text[cursor:found])
        cursor = found + len(frame)
    parts.append(text[cursor:end])
    return parts
