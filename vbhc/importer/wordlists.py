"""Labels of Word's list numbering (``w:numPr``), computed from numbering.xml.

A document typed with Word's automatic numbering has no "1." in its text: the
label lives in the numbering definitions. ``ListLabels`` walks the paragraphs in
order and returns each one's label as Word shows it ("I.", "1.", "a)", "-").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vbhc.checker.effective import w
from vbhc.core.formatting import point_letter, roman


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


def _val(el: Any, tag: str) -> str | None:
    child = el.find(w(tag)) if el is not None else None
    return child.get(w("val")) if child is not None else None


def _format(fmt: str, value: int) -> str:
    value = max(value, 1)
    if fmt == "upperRoman":
        return roman(value)
    if fmt == "lowerRoman":
        return roman(value).lower()
    if fmt == "lowerLetter":
        return point_letter(value)
    if fmt == "upperLetter":
        return point_letter(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class ListLabels:
    """Compute Word list labels paragraph by paragraph, in document order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return
        abstract = {a.get(w("abstractNumId")): a for a in numbering.iterfind(w("abstractNum"))}
        for num in numbering.iterfind(w("num")):
            definition = abstract.get(_val(num, "abstractNumId"))
            if definition is None:
                continue
            levels = {}
            for lvl in definition.iterfind(w("lvl")):
                levels[int(lvl.get(w("ilvl")) or 0)] = _Level(
                    _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                    int(_val(lvl, "start") or 1))
            self.levels[num.get(w("numId"))] = levels
        self._style_numbering(document)

    def _style_numbering(self, document: Any) -> None:
        """Record the numbering paragraph styles carry (``List Number`` …)."""
        for style in document.styles.element.iterfind(w("style")):
            ppr = style.find(w("pPr"))
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            if numpr is not None and _val(numpr, "numId"):
                self.styles[style.get(w("styleId"))] = (_val(numpr, "numId") or "",
                                                         int(_val(numpr, "ilvl") or 0))

    def label(self, p_el: Any) -> str | None:
        """Return the label Word shows before paragraph ``p_el``, or None."""
        if not self.levels:
            return None
        ppr = p_el.find(w("pPr"))
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        style = _val(ppr, "pStyle") if ppr is not None else None
        num_id, level = self.styles.get(style or "", (None, 0))
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            level = int(_val(numpr, "ilvl") or level)
        if not num_id or num_id == "0" or num_id not in self.levels:
            return None
        levels = self.levels[num_id]
        if level not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        spec = levels[level]
        if spec.fmt == "bullet":
            return "-" if level == 0 else "+"
        text = spec.text
        for index in range(level + 1):
            value = counters.get(index, levels[index].start if index in levels else 1)
            fmt = levels[index].fmt if index in levels else "decimal"
            text = text.replace(f"%{index + 1}", _format(fmt, value))
        return text.strip() or None
