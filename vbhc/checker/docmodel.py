"""A read-only view of a .docx made for checking: sections, blocks, paragraphs and lines.

Paragraphs are collected from the body, from table cells (nested tables flattened) and
from text boxes, in reading order. A paragraph splits into *lines* at line breaks (and,
for header and signature areas, at tabs), so hand-typed documents that put
``UBND …<tab>CỘNG HÒA …`` on one line are read like a two-column table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import docx
from docx.document import Document

from .effective import ParagraphFormat, RunFormat, StyleSheet, own_runs, stylesheet, w
from .shapes import (
    NS,
    DrawnLine,
    cell_margins,
    cell_width,
    drawn_lines,
    in_fallback,
    table_geometry,
    textbox_width,
)
from .textkit import squash

A4_W, A4_H = 11906, 16838


@dataclass
class Section:
    """One docx section (``w:sectPr``) with its page geometry in twips."""

    index: int
    el: Any
    width: int = A4_W
    height: int = A4_H
    top: int = 0
    bottom: int = 0
    left: int = 0
    right: int = 0
    has_size: bool = False

    @property
    def text_width(self) -> int:
        """Return the width between the left and right margins."""
        return max(self.width - self.left - self.right, 1)


@dataclass(eq=False)
class Line:
    """Part of a paragraph between line breaks (and tabs, when split on them)."""

    para: Para
    pieces: list[tuple[Any, str]]  # (w:r element, text)

    @cached_property
    def text(self) -> str:
        """Return the line's text, squashed."""
        return squash("".join(t for _, t in self.pieces))

    @cached_property
    def formats(self) -> list[RunFormat]:
        """Return the formats of the runs that put visible text on this line."""
        runs: list[Any] = []
        for r, t in self.pieces:
            if t.strip() and (not runs or runs[-1] is not r):
                runs.append(r)
        return [self.para.sheet.run_format(self.para.el, r) for r in runs]

    @cached_property
    def shown(self) -> str:
        """Return the text as displayed (``w:caps`` runs upper-cased)."""
        sheet, out = self.para.sheet, []
        for r, t in self.pieces:
            out.append(t.upper() if t.strip() and sheet.run_format(
                self.para.el, r).all_caps else t)
        return squash("".join(out))


@dataclass(eq=False)
class Para:
    """One paragraph with where it sits: body, table cell or text box."""

    el: Any
    doc: CheckedDoc
    section: int
    block: int  # index of the body-level block holding it
    container: str = "body"  # body | cell | textbox | header
    cell: Cell | None = None
    textbox: TextBox | None = None

    @property
    def sheet(self) -> StyleSheet:
        """Return the document's style sheet."""
        return self.doc.sheet

    @cached_property
    def raw_pieces(self) -> list[tuple[Any, str]]:
        """Return (run, text) pieces; tabs as ``\\t``, breaks as ``\\n``."""
        pieces: list[tuple[Any, str]] = []
        for r in own_runs(self.el):
            rpr = r.find(w("rPr"))
            if rpr is not None and rpr.find(w("vanish")) is not None:
                continue
            for child in r:
                tag = child.tag
                if tag == w("t"):
                    pieces.append((r, child.text or ""))
                elif tag in (w("tab"), w("ptab")):
                    pieces.append((r, "\t"))
                elif tag in (w("br"), w("cr")):
                    pieces.append((r, "\n"))
                elif tag == w("noBreakHyphen"):
                    pieces.append((r, "-"))
        return pieces

    @cached_property
    def text(self) -> str:
        """Return the paragraph text, squashed (breaks and tabs become spaces)."""
        return squash("".join(t for _, t in self.raw_pieces))

    @cached_property
    def fmt(self) -> ParagraphFormat:
        """Return the effective paragraph format."""
        return self.sheet.paragraph_format(self.el)

    def lines(self, tabs: bool = False) -> list[Line]:
        """Return the non-empty lines of the paragraph, split at breaks (and tabs).

        The same :class:`Line` objects are returned on every call.
        """
        cache = self.__dict__.setdefault("_lines", {})
        if tabs not in cache:
            cache[tabs] = self._split(tabs)
        return cache[tabs]

    def _split(self, tabs: bool) -> list[Line]:
        out: list[Line] = []
        current: list[tuple[Any, str]] = []
        for r, t in self.raw_pieces + [(None, "\n")]:
            if t == "\n" or (tabs and t == "\t"):
                line = Line(self, current)
                if line.text:
                    out.append(line)
                current = []
            else:
                current.append((r, t))
        return out

    @cached_property
    def run_formats(self) -> list[RunFormat]:
        """Return the formats of the runs with visible text."""
        return [f for line in self.lines() for f in line.formats]

    @cached_property
    def drawn(self) -> list[DrawnLine]:
        """Return the lines drawn in this paragraph."""
        return drawn_lines(self.el)

    @property
    def is_empty(self) -> bool:
        """Return whether the paragraph has no visible text."""
        return not self.text

    @cached_property
    def avail_width(self) -> float:
        """Return the width available to the paragraph's text (before its indents)."""
        if self.cell is not None:
            return self.cell.content_width
        if self.textbox is not None and self.textbox.width:
            return self.textbox.width
        return self.doc.sections[min(self.section, len(self.doc.sections) - 1)].text_width

    @property
    def border_length(self) -> float:
        """Return the length of a bottom border drawn under the paragraph, in twips."""
        return self.avail_width - self.fmt.left_twips - self.fmt.right_twips


def tabbed(para: Para) -> bool:
    """Return whether ``para`` lays out columns with tabs (``A<tab>B`` on one line)."""
    return len(para.lines(tabs=True)) != len(para.lines())


@dataclass(eq=False)
class Cell:
    """A table cell: position, content width and paragraphs."""

    el: Any
    table: Table
    row: int
    col: int
    content_width: float
    outer_width: float = 0.0
    paras: list[Para] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the cell's text."""
        return squash(" ".join(p.text for p in self.paras))


@dataclass(eq=False)
class Table:
    """A body-level table."""

    el: Any
    block: int
    section: int
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def cells(self) -> list[Cell]:
        """Return every cell, row by row."""
        return [c for row in self.rows for c in row]

    @property
    def columns(self) -> int:
        """Return the largest number of cells in a row."""
        return max((len(r) for r in self.rows), default=0)


@dataclass(eq=False)
class TextBox:
    """A text box (``w:txbxContent``) anchored in a body paragraph."""

    el: Any
    block: int
    width: float | None
    paras: list[Para] = field(default_factory=list)


class CheckedDoc:
    """Everything the rules read from one .docx."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.part = document.part
        self.sheet = stylesheet(self.part, cached=True)
        self.sections = self._sections()
        self.blocks: list[Para | Table] = []
        self.textboxes: list[TextBox] = []
        self.paras: list[Para] = []  # all, reading order
        self._section = 0
        self._walk(document.element.body)

    @classmethod
    def open(cls, path: Any) -> CheckedDoc:
        """Return the checked view of the .docx at ``path`` (python-docx errors pass up)."""
        return cls(docx.Document(str(path)))

    def _sections(self) -> list[Section]:
        out = []
        for i, sp in enumerate(self.document.element.body.iter(w("sectPr"))):
            sec = Section(i, sp)
            size = sp.find(w("pgSz"))
            if size is not None:
                sec.has_size = True
                sec.width = int(size.get(w("w")) or A4_W)
                sec.height = int(size.get(w("h")) or A4_H)
            mar = sp.find(w("pgMar"))
            if mar is not None:
                for name in ("top", "bottom", "left", "right"):
                    try:
                        setattr(sec, name, abs(int(float(mar.get(w(name)) or 0))))
                    except ValueError:
                        pass
            out.append(sec)
        return out or [Section(0, None)]

    # -- walking -----------------------------------------------------------------------

    def _children(self, el: Any) -> list[Any]:
        out = []
        for child in el:
            if child.tag in (w("sdt"), w("customXml"), w("smartTag")):
                content = child.find(w("sdtContent"))
                out += self._children(content if content is not None else child)
            elif child.tag in (w("p"), w("tbl")):
                out.append(child)
        return out

    def _walk(self, body: Any) -> None:
        for child in self._children(body):
            block = len(self.blocks)
            if child.tag == w("p"):
                para = Para(child, self, self._section, block)
                self.blocks.append(para)
                self._add_para(para)
                if child.find("w:pPr/w:sectPr", NS) is not None:
                    self._section += 1
            else:
                table = Table(child, block, self._section)
                self.blocks.append(table)
                self._walk_table(table, child)

    def _add_para(self, para: Para) -> None:
        self.paras.append(para)
        for txbx in para.el.iter(w("txbxContent")):
            if in_fallback(txbx) or next(txbx.iterancestors(w("txbxContent")), None) is not None:
                continue
            box = TextBox(txbx, para.block, textbox_width(txbx))
            for p_el in txbx.iter(w("p")):
                inner = Para(p_el, self, para.section, para.block, "textbox", textbox=box)
                box.paras.append(inner)
                self.paras.append(inner)
            self.textboxes.append(box)

    def _walk_table(self, table: Table, tbl: Any) -> None:
        text_width = self.sections[min(table.section, len(self.sections) - 1)].text_width
        geometry = table_geometry(tbl, text_width, self.sheet)
        for r, tr in enumerate(tbl.iterfind(w("tr"))):
            row: list[Cell] = []
            grid_col = 0
            for tc in self._row_cells(tr):
                outer = cell_width(tc, geometry, grid_col)
                left, right = cell_margins(tc, geometry)
                cell = Cell(tc, table, r, len(row), outer - left - right, outer)
                span = tc.find("w:tcPr/w:gridSpan", NS)
                grid_col += int(span.get(w("val")) or 1) if span is not None else 1
                for p_el in self._cell_paras(tc):
                    para = Para(p_el, self, table.section, table.block, "cell", cell=cell)
                    cell.paras.append(para)
                    self._add_para(para)
                row.append(cell)
            table.rows.append(row)

    def _row_cells(self, tr: Any) -> list[Any]:
        out = []
        for child in tr:
            if child.tag == w("tc"):
                out.append(child)
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent"))
                out += [c for c in (content if content is not None else child)
                        if c.tag == w("tc")]
        return out

    def _cell_paras(self, tc: Any) -> list[Any]:
        return [p for p in tc.iter(w("p"))
                if next(p.iterancestors(w("txbxContent")), None) is None
                and next(p.iterancestors(w("tc")), None) is tc]

    # -- queries -----------------------------------------------------------------------

    def body_paras(self) -> list[Para]:
        """Return the body-level paragraphs (not in tables or text boxes)."""
        return [b for b in self.blocks if isinstance(b, Para)]

    def tables(self) -> list[Table]:
        """Return the body-level tables."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def paras_in_blocks(self, start: int, stop: int) -> list[Para]:
        """Return every paragraph (body, cell, text box) of blocks ``start``…``stop - 1``."""
        return [p for p in self.paras if start <= p.block < stop]

    def part_element(self, r_id: str) -> Any:
        """Return the root element of the part related by ``r_id`` (``None`` if missing)."""
        try:
            return self.part.related_parts[r_id].element
        except (KeyError, AttributeError):
            return None
