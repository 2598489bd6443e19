"""Geometry read from the XML: drawn lines, text boxes, table and cell widths, borders."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .effective import W, w

NS = {
    "w": W,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
MC_FALLBACK = f"{{{NS['mc']}}}Fallback"
EMU_PER_TWIP = 635
DEFAULT_CELL_MARGIN = 108  # twips, Word's "Normal Table"
_UNITS = {"pt": 20.0, "in": 1440.0, "cm": 1440 / 2.54, "mm": 144 / 2.54, "pc": 240.0,
          "px": 15.0, "": 15.0, "emu": 1 / 635}


@dataclass(frozen=True)
class DrawnLine:
    """A drawn (DrawingML or VML) line: its length and horizontal centre, in twips."""

    length: float
    centre_x: float | None  # relative to the left margin; None when unknown
    relative_to_page: bool = False


def in_fallback(el: Any) -> bool:
    """Return whether ``el`` lies inside an ``mc:Fallback`` (a duplicate of mc:Choice)."""
    return any(a.tag == MC_FALLBACK for a in el.iterancestors())


def vml_length(value: str | None) -> float | None:
    """Return a VML/CSS length (``12pt``, ``1.5in``, ``3cm``) in twips."""
    if not value:
        return None
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", value)
    if not m or m.group(2) not in _UNITS:
        return None
    try:
        return float(m.group(1)) * _UNITS[m.group(2)]
    except ValueError:
        return None


def _style(value: str | None) -> dict[str, str]:
    out = {}
    for item in (value or "").split(";"):
        if ":" in item:
            key, _, val = item.partition(":")
            out[key.strip().lower()] = val.strip()
    return out


def _point(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 2:
        return None
    x, y = vml_length(parts[0]), vml_length(parts[1])
    return None if x is None or y is None else (x, y)


def _anchor_x(anchor: Any, length: float) -> tuple[float | None, bool]:
    pos = anchor.find("wp:positionH", NS)
    if pos is None:
        return None, False
    rel = pos.get("relativeFrom") or "column"
    on_page = rel in ("page", "leftMargin", "outsideMargin", "insideMargin")
    off = pos.find("wp:posOffset", NS)
    if off is not None and off.text:
        try:
            return int(off.text) / EMU_PER_TWIP + length / 2, on_page
        except ValueError:
            return None, on_page
    return None, on_page


def drawn_lines(el: Any) -> list[DrawnLine]:
    """Return every straight line drawn inside ``el`` (outside mc:Fallback copies)."""
    out: list[DrawnLine] = []
    for geom in el.iterfind(".//a:prstGeom", NS):
        if geom.get("prst") not in ("line", "straightConnector1") or in_fallback(geom):
            continue
        holder = next((a for a in geom.iterancestors()
                       if a.tag in (f"{{{NS['wp']}}}anchor", f"{{{NS['wp']}}}inline")), None)
        ext = holder.find("wp:extent", NS) if holder is not None else None
        if holder is None or ext is None:
            continue
        cx, cy = int(ext.get("cx", "0")), int(ext.get("cy", "0"))
        length = math.hypot(cx, cy) / EMU_PER_TWIP
        centre, on_page = _anchor_x(holder, length) if holder.tag.endswith("anchor") else (
            None, False)
        out.append(DrawnLine(length, centre, on_page))
    for line in el.iterfind(".//v:line", NS):
        if in_fallback(line):
            continue
        a, b = _point(line.get("from")), _point(line.get("to"))
        if a is None or b is None:
            continue
        style = _style(line.get("style"))
        on_page = style.get("mso-position-horizontal-relative") == "page"
        out.append(DrawnLine(math.hypot(b[0] - a[0], b[1] - a[1]), (a[0] + b[0]) / 2, on_page))
    for shape in el.iterfind(".//v:shape", NS):
        straight = (shape.get(f"{{{NS['o']}}}connectortype") == "straight"
                    or (shape.get("type") or "").endswith("_x0000_t32"))
        if not straight or in_fallback(shape):
            continue
        style = _style(shape.get("style"))
        width = vml_length(style.get("width")) or 0.0
        height = vml_length(style.get("height")) or 0.0
        left = vml_length(style.get("margin-left"))
        on_page = style.get("mso-position-horizontal-relative") == "page"
        out.append(DrawnLine(math.hypot(width, height),
                             None if left is None else left + width / 2, on_page))
    return out


def textbox_width(txbx: Any) -> float | None:
    """Return the inner width in twips of the text box holding ``txbx`` (w:txbxContent)."""
    for anc in txbx.iterancestors():
        if anc.tag in (f"{{{NS['wp']}}}anchor", f"{{{NS['wp']}}}inline"):
            ext = anc.find("wp:extent", NS)
            if ext is None:
                return None
            body = anc.find(".//wps:bodyPr", NS)
            ins = 0
            for side in ("lIns", "rIns"):
                val = body.get(side) if body is not None else None
                ins += int(val) if val and val.lstrip("-").isdigit() else 91440
            return (int(ext.get("cx", "0")) - ins) / EMU_PER_TWIP
        if anc.tag in (f"{{{NS['v']}}}shape", f"{{{NS['v']}}}rect", f"{{{NS['v']}}}roundrect"):
            width = vml_length(_style(anc.get("style")).get("width"))
            return None if width is None else width - 2 * 144
    return None


def _twips(el: Any, total: float | None) -> float | None:
    if el is None:
        return None
    kind = el.get(w("type")) or "dxa"
    raw = el.get(w("w")) or "0"
    try:
        if kind == "pct" and total is not None:
            value = float(raw.rstrip("%")) * (1 if raw.endswith("%") else 0.02)
            return total * value / 100
        if kind == "dxa":
            return float(raw)
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class TableGeometry:
    """What every cell of one table shares: its width, grid columns and margin sources.

    Read once per table: a ``tbl.find("w:tblPr/…")`` per cell scans every row when the
    property is absent, which made checking a table quadratic in its rows.
    """

    width: float
    columns: list[float]
    margins: list[Any]  # w:tblCellMar elements, nearest first (table, then its style chain)


def table_geometry(tbl: Any, text_width: float, sheet: Any) -> TableGeometry:
    """Return the geometry of table ``tbl`` (children looked up once, not per cell)."""
    props = tbl.find(w("tblPr"))
    grid = tbl.find(w("tblGrid"))
    cols = [float(c.get(w("w")) or 0) for c in grid.iterfind(w("gridCol"))] \
        if grid is not None else []
    tbl_w = props.find(w("tblW")) if props is not None else None
    width = _twips(tbl_w, text_width) or sum(cols) or text_width
    if cols and sum(cols) > 0 and tbl_w is not None:
        cols = [c * width / sum(cols) for c in cols]
    ts = props.find(w("tblStyle")) if props is not None else None
    style = sheet.style(ts.get(w("val")) if ts is not None else None, "table")
    margins = [props.find(w("tblCellMar")) if props is not None else None]
    margins += [st.find("w:tblPr/w:tblCellMar", NS) for st in reversed(sheet.chain(style))]
    return TableGeometry(width, cols, margins)


def cell_margins(tc: Any, geometry: TableGeometry) -> tuple[float, float]:
    """Return the left and right margins of cell ``tc`` in twips."""
    sources = [tc.find("w:tcPr/w:tcMar", NS), *geometry.margins]
    sides = []
    for names in (("left", "start"), ("right", "end")):
        value = None
        for src in sources:
            if src is None:
                continue
            for name in names:
                el = src.find(w(name))
                if el is not None and value is None:
                    value = _twips(el, None)
        sides.append(DEFAULT_CELL_MARGIN if value is None else value)
    return sides[0], sides[1]


def cell_width(tc: Any, geometry: TableGeometry, start_col: int) -> float:
    """Return the outer width of cell ``tc`` (starting at grid column ``start_col``)."""
    width = _twips(tc.find("w:tcPr/w:tcW", NS), geometry.width)
    if width:
        return width
    span_el = tc.find("w:tcPr/w:gridSpan", NS)
    span = int(span_el.get(w("val")) or 1) if span_el is not None else 1
    return sum(geometry.columns[start_col:start_col + span]) or geometry.width / 2


def has_visible_borders(tbl: Any, sheet: Any) -> bool:
    """Return whether table ``tbl`` draws any border (directly, by style or on a cell)."""
    ts = tbl.find("w:tblPr/w:tblStyle", NS)
    style = sheet.style(ts.get(w("val")) if ts is not None else None, "table")
    sources = [st.find("w:tblPr/w:tblBorders", NS) for st in sheet.chain(style)]
    sources.append(tbl.find("w:tblPr/w:tblBorders", NS))
    edges: dict[str, bool] = {}
    for src in sources:
        for edge in src if src is not None else ():
            edges[edge.tag] = (edge.get(w("val")) or "nil") not in ("nil", "none")
    for src in tbl.iterfind("w:tr/w:tc/w:tcPr/w:tcBorders", NS):
        for edge in src:
            if (edge.get(w("val")) or "nil") not in ("nil", "none"):
                return True
    return any(edges.values())
