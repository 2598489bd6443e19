"""The ``bang`` template filter: a bordered table built from a computed table description.

A kind computes ``{"cot": [...headers], "rong": [...twips], "can": [...alignments],
"dong": [[cells], …], "tong": [cells] or None}``; a template places it with
``{{p x|bang }}``. Cells arrive formatted (numbers with their dots); the header row
repeats on each page and rows are kept whole.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from vbhc.document import docxml as x

_STYLE = {"center": "VBBang", "left": "VBBangTrai", "right": "VBBangPhai"}


def _cell(text: Any, align: str, bold: bool = False) -> str:
    return x.paragraph(_STYLE.get(align, "VBBang"), x.run(str(text), bold=bold) if text != ""
                       else "")


def grid(table: dict[str, Any] | None) -> Markup:
    """Return the table's XML (an empty paragraph when there is no table)."""
    if not table:
        return Markup(x.paragraph(None))
    widths = list(table["rong"])
    aligns = list(table.get("can") or ["center"] * len(widths))
    rows = [[_cell(h, "center", bold=True) for h in table["cot"]]]
    rows += [[_cell(v, a) for v, a in zip(row, aligns, strict=True)] for row in table["dong"]]
    if table.get("tong"):
        rows.append([_cell(v, a if i else "center", bold=True)
                     for i, (v, a) in enumerate(zip(table["tong"], aligns, strict=True))])
    return Markup(x.table(widths, rows, borders=True, header_rows=1, cant_split=True,
                          cell_margin=None))
