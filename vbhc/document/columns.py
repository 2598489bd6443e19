"""Column widths of a data table, computed from what its cells hold.

Fixed widths wrapped the Ngọc Thụy headers mid-phrase ("Chỉ tiêu Cả / năm") and
"Vận động thêm 2-3" in five rows, pushing rows onto an otherwise empty page. Here
each column gets at least its widest cell on one line and its header in as few
lines as fit, with the words shared evenly between them ("Chỉ tiêu / Cả năm");
the header lines are then placed as explicit breaks, so no renderer re-wraps them.
Portrait is tried first, with headers on up to three lines; only when the columns
cannot fit the portrait text width does the table get a landscape page (§11 [P]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vbhc.core.textwidth import text_width_twips
from vbhc.document import docxml as x

CELL_SIZE = 13  # pt, the VBBang styles
CELL_PADDING = 2 * 108  # twips: Word's default left + right cell margins
SLACK = 1.03  # renderers measure a little wider than the font's advance widths
MAX_HEADER_LINES = 3
LANDSCAPE_TEXT_WIDTH = x.LANDSCAPE_TEXT_WIDTH


@dataclass(frozen=True)
class ColumnLayout:
    """Widths (twips), each header's lines, and whether the page must be landscape."""

    widths: list[int]
    headers: list[list[str]]
    landscape: bool


def _width(text: str, bold: bool) -> int:
    return round(text_width_twips(text, CELL_SIZE, bold=bold) * SLACK)


def header_lines(header: str, lines: int) -> list[str]:
    """Return ``header`` on at most ``lines`` lines holding as even a count of words as can be.

    Even word counts keep two-syllable words whole far more often than even widths do
    ("Còn thực hiện / đợt II", not "Còn thực / hiện đợt II"); earlier lines take the
    extra word.

    >>> header_lines("Chỉ tiêu Cả năm", 2), header_lines("Còn thực hiện đợt II", 2)
    (['Chỉ tiêu', 'Cả năm'], ['Còn thực hiện', 'đợt II'])
    """
    # -- at single spaces only, so the text keeps every other character: split() would also
    # break at control characters (dropped later) and fold double spaces --
    words = header.split(" ")
    count = max(1, min(lines, len(words)))
    size, extra = divmod(len(words), count)
    out, start = [], 0
    for index in range(count):
        stop = start + size + (1 if index < extra else 0)
        out.append(" ".join(words[start:stop]))
        start = stop
    return out


def _fewest_lines(header: str, room: int) -> list[str]:
    """Return the header in the fewest lines whose widest fits ``room`` (content twips)."""
    for count in range(1, MAX_HEADER_LINES + 1):
        lines = header_lines(header, count)
        if max(_width(line, True) for line in lines) <= room:
            return lines
    return header_lines(header, MAX_HEADER_LINES)


def fit_columns(headers: Sequence[str], rows: Sequence[Sequence[str]],
                bold_rows: Sequence[Sequence[str]] = ()) -> ColumnLayout:
    """Return the column layout for a table with these headers and cells.

    ``bold_rows`` (totals) are measured in bold. Spare width is shared out in
    proportion to what each column needs, so the table always spans the text width.
    """
    body = [max([_width(row[i], False) for row in rows]
                + [_width(row[i], True) for row in bold_rows] + [0]) + CELL_PADDING
            for i in range(len(headers))]
    for landscape, text_width in ((False, x.TEXT_WIDTH), (True, LANDSCAPE_TEXT_WIDTH)):
        for count in range(1, MAX_HEADER_LINES + 1):
            need = [max(cells, max(_width(line, True) for line in header_lines(h, count))
                        + CELL_PADDING) for cells, h in zip(body, headers, strict=True)]
            if sum(need) <= text_width:
                return _layout(headers, need, text_width, landscape)
    # -- too wide even in landscape: shrink every column alike; cells will wrap --
    need = [max(cells, max(_width(line, True) for line in header_lines(h, MAX_HEADER_LINES))
                + CELL_PADDING) for cells, h in zip(body, headers, strict=True)]
    return _layout(headers, need, LANDSCAPE_TEXT_WIDTH, True)


def _layout(headers: Sequence[str], need: list[int], text_width: int,
            landscape: bool) -> ColumnLayout:
    total = sum(need)
    widths = [need_i * text_width // total for need_i in need]
    widths[0] += text_width - sum(widths)  # -- rounding remainder to the name column --
    lines = [_fewest_lines(h, w - CELL_PADDING) for h, w in zip(headers, widths, strict=True)]
    return ColumnLayout(widths, lines, landscape)
