"""Effective (resolved) run and paragraph formatting, computed the way Word does.

A property is looked up, from weakest to strongest, in: the document defaults
(``w:docDefaults``), the table style of the enclosing table, the paragraph style and
its ``basedOn`` chain, the numbering level (paragraph properties only), the character
style and its chain, and finally the direct properties of the paragraph or run.

Toggle properties (bold, italic, caps) follow ECMA-376 §17.7.3: direct formatting is
absolute; in styles, each style type (table, paragraph, character) whose ``basedOn``
chain ends with "on" toggles the state inherited so far, starting from the document
default (so a bold character style inside a bold paragraph style gives regular text).

Theme fonts (``w:asciiTheme="minorHAnsi"``) are resolved through the theme part.

The :class:`StyleSheet` API works on raw ``lxml`` elements, so paragraphs found in
text boxes (``w:txbxContent``) or headers can be resolved too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"w": W, "a": A}

_TRUE = {"1", "true", "on"}
_FALSE = {"0", "false", "off", "none"}
_ALIGN = {"start": "left", "end": "right", "distribute": "both", "justify": "both"}


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag: ``w("p")`` → ``{ns}p``."""
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class RunFormat:
    """Resolved character formatting of one run."""

    font: str | None
    size_pt: float | None
    bold: bool
    italic: bool
    all_caps: bool
    color: str | None


@dataclass(frozen=True)
class ParagraphFormat:
    """Resolved paragraph formatting. Lengths in twips (1/20 pt); ``line`` raw."""

    alignment: str | None
    first_line_twips: int
    left_twips: int
    right_twips: int
    before_twips: int
    after_twips: int
    line: int | None
    line_rule: str | None
    contextual_spacing: bool
    bottom_border: bool


def _on(el: Any) -> bool | None:
    """Return the value of an on/off element (``None`` when the element is absent)."""
    if el is None:
        return None
    val = el.get(w("val"))
    if val is None:
        return True
    return val.lower() not in _FALSE


def _int(value: str | None) -> int | None:
    """Return ``value`` as an int (twips may be written as floats), ``None`` if invalid."""
    if value is None:
        return None
    try:
        return round(float(value))
    except ValueError:
        return None


def _child_with(parent: Any, tag: str, attr: str, value: str | None) -> Any:
    """Return the first ``w:<tag>`` child of ``parent`` whose ``w:<attr>`` is ``value``."""
    for child in parent.iterfind(w(tag)):
        if child.get(w(attr)) == value:
            return child
    return None


class StyleSheet:
    """Styles, theme fonts and numbering of one document, with cached style chains."""

    def __init__(self, document_part: Any) -> None:
        self._styles: dict[str, Any] = {}
        self._defaults: dict[str, Any] = {}
        self._doc_rpr: Any = None
        self._doc_ppr: Any = None
        self._theme: dict[str, str] = {}
        self._numbering: Any = None
        self._chains: dict[str, list[Any]] = {}
        # -- keyed by the w:tbl element itself (lxml keeps one proxy per node while held) --
        self._table_styles: dict[Any, Any] = {}
        styles_el = self._styles_element(document_part)
        if styles_el is not None:
            for st in styles_el.iterfind(w("style")):
                sid = st.get(w("styleId"))
                if sid is not None:
                    self._styles.setdefault(sid, st)
                if (st.get(w("default")) or "").lower() in _TRUE:
                    self._defaults.setdefault(st.get(w("type")) or "", st)
            self._doc_rpr = styles_el.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
            self._doc_ppr = styles_el.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
        self._theme = self._theme_fonts(document_part)
        self._numbering = self._numbering_element(document_part)

    # -- loading ---------------------------------------------------------------------

    @staticmethod
    def _styles_element(document_part: Any) -> Any:
        try:
            return document_part._styles_part.element
        except Exception:  # noqa: BLE001 - a document without styles is valid
            return None

    @staticmethod
    def _numbering_element(document_part: Any) -> Any:
        try:
            return document_part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part
            return None

    @staticmethod
    def _theme_fonts(document_part: Any) -> dict[str, str]:
        try:
            theme = document_part.part_related_by(RT.THEME)
            root = etree.fromstring(theme.blob)
        except Exception:  # noqa: BLE001 - no theme: theme fonts stay unresolved
            return {}
        fonts: dict[str, str] = {}
        for kind in ("major", "minor"):
            latin = root.find(f".//a:fontScheme/a:{kind}Font/a:latin", NS)
            typeface = latin.get("typeface") if latin is not None else None
            if typeface:
                fonts[kind] = typeface
        return fonts

    # -- style chains -----------------------------------------------------------------

    def style(self, style_id: str | None, style_type: str) -> Any:
        """Return the ``w:style`` element for ``style_id`` (or the type's default)."""
        st = self._styles.get(style_id) if style_id else None
        if st is not None and (st.get(w("type")) or "paragraph") == style_type:
            return st
        return self._defaults.get(style_type)

    def chain(self, style: Any) -> list[Any]:
        """Return ``style`` and its ``basedOn`` ancestors, root first."""
        if style is None:
            return []
        sid = style.get(w("styleId")) or ""
        cached = self._chains.get(sid)
        if cached is not None:
            return cached
        out: list[Any] = []
        seen: set[int] = set()
        st = style
        while st is not None and id(st) not in seen and len(out) < 50:
            seen.add(id(st))
            out.append(st)
            based = st.find(w("basedOn"))
            st = self._styles.get(based.get(w("val"))) if based is not None else None
        out.reverse()
        self._chains[sid] = out
        return out

    def _table_style(self, p_el: Any) -> Any:
        tbl = next(p_el.iterancestors(w("tbl")), None)
        if tbl is None:
            return None
        if tbl not in self._table_styles:
            # -- once per table: the path below scans every row when tblStyle is absent --
            props = tbl.find(w("tblPr"))
            ts = props.find(w("tblStyle")) if props is not None else None
            self._table_styles[tbl] = self.style(ts.get(w("val")) if ts is not None else None,
                                                 "table")
        return self._table_styles[tbl]

    def _paragraph_style(self, p_el: Any) -> Any:
        ps = p_el.find("w:pPr/w:pStyle", NS)
        return self.style(ps.get(w("val")) if ps is not None else None, "paragraph")

    def _numbering_ppr(self, p_el: Any, para_chain: list[Any]) -> Any:
        if self._numbering is None:
            return None
        num_pr = p_el.find("w:pPr/w:numPr", NS)
        for st in reversed(para_chain):
            if num_pr is not None:
                break
            num_pr = st.find("w:pPr/w:numPr", NS)
        if num_pr is None:
            return None
        num_id = num_pr.find("w:numId", NS)
        ilvl = num_pr.find("w:ilvl", NS)
        if num_id is None:
            return None
        lvl = ilvl.get(w("val")) if ilvl is not None else "0"
        num = _child_with(self._numbering, "num", "numId", num_id.get(w("val")))
        abs_id = num.find("w:abstractNumId", NS) if num is not None else None
        if abs_id is None:
            return None
        absn = _child_with(self._numbering, "abstractNum", "abstractNumId", abs_id.get(w("val")))
        level = _child_with(absn, "lvl", "ilvl", lvl) if absn is not None else None
        return level.find("w:pPr", NS) if level is not None else None

    # -- runs ---------------------------------------------------------------------------

    def run_format(self, p_el: Any, r_el: Any) -> RunFormat:
        """Return the effective :class:`RunFormat` of run ``r_el`` in paragraph ``p_el``."""
        table = [s.find("w:rPr", NS) for s in self.chain(self._table_style(p_el))]
        para = [s.find("w:rPr", NS) for s in self.chain(self._paragraph_style(p_el))]
        rs = r_el.find("w:rPr/w:rStyle", NS)
        char_style = self.style(rs.get(w("val")) if rs is not None else None, "character")
        char = [s.find("w:rPr", NS) for s in self.chain(char_style)]
        direct = r_el.find("w:rPr", NS)
        levels = [self._doc_rpr, *table, *para, *char, direct]
        levels = [x for x in levels if x is not None]

        def last(tag: str) -> Any:
            for rpr in reversed(levels):
                el = rpr.find(w(tag))
                if el is not None:
                    return el
            return None

        size = last("sz")
        half_points = _int(size.get(w("val"))) if size is not None else None
        size_pt = half_points / 2 if half_points is not None else None
        color_el = last("color")
        color = color_el.get(w("val")) if color_el is not None else None
        return RunFormat(
            font=self._font(levels),
            size_pt=size_pt,
            bold=self._toggle("b", table, para, char, direct),
            italic=self._toggle("i", table, para, char, direct),
            all_caps=self._toggle("caps", table, para, char, direct),
            color=color.upper() if color and color.lower() != "auto" else color,
        )

    def _toggle(self, tag: str, *groups: Any) -> bool:
        *style_groups, direct = groups
        if direct is not None:
            value = _on(direct.find(w(tag)))
            if value is not None:
                return value
        # Each style type (table, paragraph, character) contributes the value its own
        # basedOn chain ends with; "true" toggles the state inherited so far.
        result = False
        if self._doc_rpr is not None:
            result = bool(_on(self._doc_rpr.find(w(tag))))
        for group in style_groups:
            value = None
            for rpr in group:
                if rpr is not None:
                    v = _on(rpr.find(w(tag)))
                    if v is not None:
                        value = v
            if value:
                result = not result
        return result

    def _font(self, levels: list[Any]) -> str | None:
        for attr in ("ascii", "hAnsi"):
            font = None
            for rpr in levels:
                rf = rpr.find(w("rFonts"))
                if rf is None:
                    continue
                theme = rf.get(w(attr + "Theme"))
                kind = "major" if (theme or "").startswith("major") else "minor"
                if theme is not None and kind in self._theme:
                    font = self._theme[kind]
                elif rf.get(w(attr)) is not None:
                    font = rf.get(w(attr))
            if font is not None:
                return font
        return None

    # -- paragraphs ---------------------------------------------------------------------

    def paragraph_format(self, p_el: Any) -> ParagraphFormat:
        """Return the effective :class:`ParagraphFormat` of paragraph ``p_el``."""
        para_chain = self.chain(self._paragraph_style(p_el))
        levels = [self._doc_ppr]
        levels += [s.find("w:pPr", NS) for s in self.chain(self._table_style(p_el))]
        levels += [s.find("w:pPr", NS) for s in para_chain]
        levels.append(self._numbering_ppr(p_el, para_chain))
        levels.append(p_el.find("w:pPr", NS))
        levels = [x for x in levels if x is not None]

        def attr(tag: str, *names: str) -> str | None:
            for ppr in reversed(levels):
                el = ppr.find(w(tag))
                if el is None:
                    continue
                for name in names:
                    if el.get(w(name)) is not None:
                        return el.get(w(name))
            return None

        jc = attr("jc", "val")
        alignment = _ALIGN.get(jc, jc) if jc else "left"
        first = 0
        for ppr in reversed(levels):
            ind = ppr.find(w("ind"))
            if ind is None:
                continue
            if ind.get(w("hanging")) is not None:
                first = -(_int(ind.get(w("hanging"))) or 0)
                break
            if ind.get(w("firstLine")) is not None:
                first = _int(ind.get(w("firstLine"))) or 0
                break
        contextual = None
        border = None
        for ppr in levels:
            v = _on(ppr.find(w("contextualSpacing")))
            contextual = v if v is not None else contextual
            bottom = ppr.find("w:pBdr/w:bottom", NS)
            if bottom is not None:
                border = (bottom.get(w("val")) or "nil") not in ("nil", "none")
        return ParagraphFormat(
            alignment=alignment,
            first_line_twips=first,
            left_twips=_int(attr("ind", "left", "start")) or 0,
            right_twips=_int(attr("ind", "right", "end")) or 0,
            before_twips=_int(attr("spacing", "before")) or 0,
            after_twips=_int(attr("spacing", "after")) or 0,
            line=_int(attr("spacing", "line")),
            line_rule=attr("spacing", "lineRule") or (
                "auto" if attr("spacing", "line") is not None else None),
            contextual_spacing=bool(contextual),
            bottom_border=bool(border),
        )


def own_runs(p_el: Any) -> Iterator[Any]:
    """Yield the ``w:r`` elements of ``p_el`` itself (in hyperlinks, fields, insertions…),
    leaving out runs of paragraphs nested in text boxes."""
    for r in p_el.iter(w("r")):
        if next(r.iterancestors(w("p")), None) is p_el:
            yield r


def stylesheet(part: Any, cached: bool = False) -> StyleSheet:
    """Return the :class:`StyleSheet` of the document that ``part`` belongs to.

    With ``cached`` the sheet is kept on the document part and reused: only for
    documents that are read, never changed (the checker's case). Otherwise a fresh
    sheet is built, so styles changed since the last call are seen.
    """
    package = getattr(part, "package", None)
    doc_part = package.main_document_part if package is not None else part
    sheet = getattr(doc_part, "_vbhc_stylesheet", None)
    if sheet is None or not cached:
        sheet = StyleSheet(doc_part)
        if cached:
            doc_part._vbhc_stylesheet = sheet
    return sheet


def run_format(paragraph: Paragraph, run: Run) -> RunFormat:
    """Return the effective formatting of ``run`` inside ``paragraph``."""
    return stylesheet(paragraph.part).run_format(paragraph._p, run._r)


def paragraph_format(paragraph: Paragraph) -> ParagraphFormat:
    """Return the effective formatting of ``paragraph``."""
    return stylesheet(paragraph.part).paragraph_format(paragraph._p)


def paragraph_runs_format(paragraph: Paragraph) -> list[RunFormat]:
    """Return the effective formatting of each run of ``paragraph`` that has text."""
    sheet = stylesheet(paragraph.part)
    out = []
    for r in own_runs(paragraph._p):
        if Run(r, paragraph).text.strip():
            out.append(sheet.run_format(paragraph._p, r))
    return out
