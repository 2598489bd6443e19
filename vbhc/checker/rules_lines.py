"""Find the short horizontal rules (đường kẻ) under the Tiêu ngữ, the issuing body and the
trích yếu: an empty paragraph with a bottom border, a drawn line, or typed underscores."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .docmodel import CheckedDoc, Line, Para
from .effective import W
from .textkit import text_width_pt

_TYPED = re.compile(r"^[_\-–—.]{5,}$")


@dataclass(frozen=True)
class Rule:
    """A rule found under a text line: how it is drawn and its length in twips."""

    kind: str  # border | shape | typed
    length: float
    para: Para | None
    centred: bool | None  # None when it cannot be told (drawn shapes)

    @property
    def how(self) -> str:
        """Return how the rule is drawn, in Vietnamese."""
        return {"border": "viền dưới đoạn văn", "shape": "đường vẽ", "typed": "ký tự gõ tay",
                "underline": "gạch chân chữ"}.get(self.kind, self.kind)


def following(doc: CheckedDoc, para: Para) -> list[Para]:
    """Return the paragraphs after ``para`` in the same cell, text box or body."""
    if para.cell is not None:
        seq = para.cell.paras
    elif para.textbox is not None:
        seq = para.textbox.paras
    else:
        seq = [b for b in doc.blocks[para.block:] if isinstance(b, Para)]
    idx = next((i for i, p in enumerate(seq) if p is para), None)
    return [] if idx is None else seq[idx + 1:]


def _border(para: Para) -> Rule:
    fmt = para.fmt
    width = para.avail_width
    centred = abs(fmt.left_twips - fmt.right_twips) <= max(57.0, 0.05 * width)
    return Rule("border", para.border_length, para, centred)


def underlined(line: Line) -> bool:
    """Return whether every run of ``line`` is underlined directly (``w:u``)."""
    runs = {id(r): r for r, t in line.pieces if t.strip()}.values()
    def on(r: Any) -> bool:
        u = r.find(f"{{{W}}}rPr/{{{W}}}u")
        return u is not None and (u.get(f"{{{W}}}val") or "single") != "none"
    return bool(runs) and all(on(r) for r in runs)


def is_typed_rule(para: Para) -> bool:
    """Return whether ``para`` is a rule typed as ``_____`` (or dashes, dots)."""
    return bool(_TYPED.match(para.text.replace(" ", "")))


def _typed(para: Para) -> Rule | None:
    text = para.text.replace(" ", "")
    if not is_typed_rule(para):
        return None
    size = next((f.size_pt for f in para.run_formats if f.size_pt), 13.0)
    bold = any(f.bold for f in para.run_formats)
    centred = para.fmt.alignment == "center"
    return Rule("typed", text_width_pt(text, size, bold) * 20, para, centred)


def _side_ok(doc: CheckedDoc, para: Para, centre: float | None, on_page: bool,
             side: str) -> bool:
    if side == "body" or centre is None:
        return True
    sec = doc.sections[min(para.section, len(doc.sections) - 1)]
    x = centre - sec.left if on_page else centre
    right = x > 0.45 * sec.text_width
    return right if side == "right" else not right


def find_rule(doc: CheckedDoc, para: Para, side: str, stop_block: int,
              start_block: int | None = None) -> Rule | None:
    """Return the rule drawn under ``para``.

    ``side`` is ``left``/``right`` for the header columns (used to tell apart drawn
    lines of a header typed without a table) or ``body``; drawn lines anchored
    elsewhere are searched in blocks ``start_block`` (default: the paragraph's) to
    ``stop_block``.
    """
    after = following(doc, para)
    nearby = [para] + after[:2]
    for p in after[:3]:
        if not p.is_empty:
            typed = _typed(p)
            if typed is not None:
                return typed
            break
        if p.fmt.bottom_border:
            return _border(p)
    in_cell = para.container == "cell"
    for p in nearby:
        for line in p.drawn:
            if in_cell or _side_ok(doc, p, line.centre_x, line.relative_to_page, side):
                return Rule("shape", line.length, p, None)
    if para.fmt.bottom_border:
        return _border(para)
    if in_cell:
        return None
    start = para.block if start_block is None else start_block
    for p in doc.paras_in_blocks(start, max(stop_block, para.block + 1)):
        if p.container == "cell" or p in nearby:
            continue
        for line in p.drawn:
            if _side_ok(doc, p, line.centre_x, line.relative_to_page, side):
                return Rule("shape", line.length, p, None)
    return None
