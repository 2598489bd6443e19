"""A changed paragraph cut into the parts each value produced, before and after the edit.

The traced render (``provenance.layout``) gives the frames (the text vbhc adds: "1. ",
"- ", ";", "Điều 2. ") and, between them, the values. The edited paragraph is cut at
the same frames, found through the stretches the edit left alone.
"""

from __future__ import annotations

import difflib

from vbhc.importer import provenance

ENDINGS = ";.,:/ "  # punctuation vbhc puts after a value ("./." ends the body)


def old_parts(text: str, lay: provenance.Layout) -> list[str] | None:
    """Return the values' parts of a rendered paragraph.

    The traced render says exactly where each value lies when it reads the same; where
    vbhc treated a value's end differently once wrapped (its "." merged into "./."), the
    frames are looked for in the text instead.
    """
    parts = [provenance.strip_marks(span.text) for span in lay.spans]
    rebuilt = lay.frames[0] + "".join(p + f for p, f in zip(parts, lay.frames[1:], strict=True))
    return parts if rebuilt == text else provenance.split(text, lay.frames)


def new_parts(old: str, new: str, frames: list[str], parts: list[str]) -> list[str] | None:
    """Return the values' parts of an edited paragraph, or None if a frame was edited.

    Each frame (text vbhc adds) must lie whole in a stretch the edit left alone: that
    stretch places it in the edited text, however often the frame's text (" ", ", ")
    also occurs inside the values. A dropped end mark (";", ".") is forgiven.
    """
    blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    placed: list[tuple[int, int]] = []
    start = 0
    for number, frame in enumerate(frames):
        end = start + len(frame)
        where = _placed(blocks, start, end, len(old), len(new))
        if where is None and frame:
            after = placed[-1][1] if placed else 0
            where = _found(new, frame, after, number == 0, number == len(frames) - 1,
                           _near(blocks, start, end))
        if where is None and number == len(frames) - 1 and frame and not frame.strip(ENDINGS):
            kept = len(new.rstrip(ENDINGS))
            where = (kept, len(new))
        if where is None or (placed and where[0] < placed[-1][1]):
            return None
        placed.append(where)
        start = end + (len(parts[number]) if number < len(parts) else 0)
    if placed[0][0] != 0 or placed[-1][1] != len(new):
        return None  # -- text typed before the first frame or after the last --
    return [new[a[1]:b[0]] for a, b in zip(placed, placed[1:], strict=False)]


def _placed(blocks: list[difflib.Match], start: int, end: int, old_length: int,
            new_length: int) -> tuple[int, int] | None:
    """Return where the old text's ``start:end`` lies in the new, if the edit left it whole."""
    if start == end == 0:
        return 0, 0
    if start == end == old_length:
        return new_length, new_length
    for block in blocks:
        if block.a <= start and end <= block.a + block.size and block.size:
            return block.b + start - block.a, block.b + end - block.a
    return None


def _near(blocks: list[difflib.Match], start: int, end: int) -> int | None:
    """Return where the edit put the old text's ``start`` (or ``end``), if it kept either."""
    for block in blocks:
        if block.size and block.a <= start < block.a + block.size:
            return block.b + start - block.a
        if block.size and block.a < end <= block.a + block.size:
            return block.b + end - block.a - (end - start)
    return None


def _found(new: str, frame: str, after: int, first: bool, last: bool,
           near: int | None) -> tuple[int, int] | None:
    """Return a frame found whole in the edited text where difflib split it.

    An edit at a frame's edge ("UBND tỉnh mới (b/c);") can make difflib match the
    frame's space to the inserted word's: the frame is then looked for as text, at the
    start or the end when it is the first or last, else nearest its expected place.
    """
    if first:
        return (0, len(frame)) if new.startswith(frame) else None
    if last:
        return (len(new) - len(frame), len(new)) if new.endswith(frame) else None
    found = [i for i in range(after, len(new) - len(frame) + 1) if new.startswith(frame, i)]
    if not found:
        return None
    best = min(found, key=lambda i: abs(i - near)) if near is not None else found[0]
    return best, best + len(frame)


def reconciled(span: provenance.Span, old: str, new: str) -> tuple[str, str]:
    """Return (old, new) with the end marks the document merged into vbhc's own restored.

    A value typed with its final "." prints "này./." where vbhc adds "./.": the document
    shows the value without its ".", the traced render (which hides the value's end from
    vbhc) with it. The clerk's "." belongs to the value and is kept.
    """
    traced = provenance.strip_marks(span.text)
    if traced != old and traced.startswith(old) and not traced[len(old):].strip(ENDINGS):
        rest = traced[len(old):]
        return old + rest, new + rest
    return old, new
