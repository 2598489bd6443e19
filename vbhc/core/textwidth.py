"""Return text widths in Times New Roman, for rules sized to the text above them.

NĐ30 §3 and §6 size the rule under the issuing body and under the trích yếu as 1/3–1/2
of the text line, and the rule under the Tiêu ngữ as long as the Tiêu ngữ. The widths are
the advance widths (1/1000 em) of Liberation Serif 2, metric-compatible with Times New
Roman, read once with fontTools. Vietnamese letters take the width of their base letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_CHARS = (
    ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz'
    '{|}~ĐđƠơƯư“”‘’–…'
)
_WIDTHS = {
    "regular": [
        250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
        921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
        556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
        333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
        500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, 722,
        500, 722, 529, 776, 542, 444, 444, 333, 333, 500, 1000
    ],
    "bold": [
        250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
        930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
        611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
        333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
        556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520, 722,
        556, 778, 554, 796, 600, 500, 500, 333, 333, 500, 1000
    ],
    "italic": [
        250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500,
        920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722,
        611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500,
        333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500,
        500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541, 722,
        500, 722, 534, 754, 545, 556, 556, 333, 333, 500, 889
    ],
    "bolditalic": [
        250, 389, 555, 500, 500, 833, 778, 278, 333, 333, 500, 570, 250, 333, 250, 278,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
        832, 667, 667, 667, 722, 667, 667, 722, 778, 389, 500, 667, 611, 889, 722, 722,
        611, 722, 667, 556, 611, 722, 667, 889, 667, 611, 611, 333, 278, 333, 570, 500,
        333, 500, 500, 444, 500, 444, 333, 500, 556, 278, 278, 500, 278, 778, 556, 500,
        500, 500, 389, 389, 278, 556, 444, 667, 500, 444, 389, 348, 220, 348, 570, 722,
        500, 722, 537, 775, 599, 500, 500, 333, 333, 500, 1000
    ],
}
_TABLES = {style: dict(zip(_CHARS, widths, strict=True)) for style, widths in _WIDTHS.items()}
_DEFAULT_WIDTH = 500
# The width of every character met so far, per style: each unit's title is new, its letters
# are not.
_KNOWN: dict[str, dict[str, int]] = {style: dict(table) for style, table in _TABLES.items()}


def _base(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0] if char not in _TABLES["regular"] else char


def _width(table: dict[str, int], char: str) -> int:
    if char in table:
        return table[char]
    if unicodedata.category(char) == "Mn":  # -- a lone combining mark adds no width --
        return 0
    return table.get(_base(char), _DEFAULT_WIDTH)


@lru_cache(maxsize=1024)  # -- a batch measures the same header lines for every unit --
def text_width_twips(text: str, size_pt: float, *, bold: bool = False,
                     italic: bool = False) -> int:
    """Return the width of ``text`` on one line, in twips, at ``size_pt`` points.

    >>> text_width_twips("Độc lập - Tự do - Hạnh phúc", 13, bold=True)  # NĐ30: 5.61 cm
    3171
    """
    style = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
    known = _KNOWN[style]
    try:
        units = sum(map(known.__getitem__, text))
    except KeyError:  # -- a character not met before: its width, kept --
        for char in set(text).difference(known):
            known[char] = _width(_TABLES[style], char)
        units = sum(map(known.__getitem__, text))
    return round(units * size_pt * 20 / 1000)

