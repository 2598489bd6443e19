"""Text helpers: normalisation, Vietnamese case, Roman numerals, Times New Roman widths."""

from __future__ import annotations

import re
import unicodedata

# Advance widths (1/1000 em) of Times New Roman (metric-compatible Liberation Serif).
# The reference's own figures (Tiêu ngữ 5.61 cm bold at 13 pt) come out of this table.
_CHARS = (
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ĐđƠơƯư“”‘’–—…"
)
_REGULAR = [
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 444, 500, 444, 500, 444, 333, 500, 500,
    278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444,
    722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
    556, 611, 722, 722, 944, 722, 722, 611, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500,
    564, 250, 333, 250, 278, 278, 278, 564, 564, 564, 444, 921, 333, 278, 333, 469, 500, 333,
    480, 200, 480, 541, 250, 722, 500, 722, 529, 776, 542, 444, 444, 333, 333, 500, 1000, 1000,
]
_BOLD = [
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 556, 444, 556, 444, 333, 500, 556,
    278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444,
    722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
    556, 667, 722, 722, 1000, 722, 722, 667, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500,
    570, 250, 333, 250, 278, 333, 333, 570, 570, 570, 500, 930, 333, 278, 333, 581, 500, 333,
    394, 220, 394, 520, 250, 722, 556, 778, 554, 796, 600, 500, 500, 333, 333, 500, 1000, 1000,
]
_WIDTHS = {
    False: dict(zip(_CHARS, _REGULAR, strict=True)),
    True: dict(zip(_CHARS, _BOLD, strict=True)),
}
_KEEP = set("ĐđƠơƯư")

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Return ``text`` NFC, with runs of white space folded to one space, stripped."""
    return re.sub(r"\s+", " ", nfc(text).replace("\u00a0", " ")).strip()


_OLD_TONES = {"OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA",
               "UỶ": "ỦY", "UÝ": "ÚY", "UỴ": "ỤY", "UỸ": "ŨY", "UỲ": "ÙY"}
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TONES) + r")(?!\w)")


def fold(text: str) -> str:
    """Return a comparison key: squashed, upper case, ``HOÀ`` spelt ``HÒA``, ``UỶ`` → ``ỦY``.

    >>> fold("Cộng hoà") == fold("CỘNG HÒA"), fold("Kế hoạch")
    (True, 'KẾ HOẠCH')
    """
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], squash(text).upper())


def has_letters(text: str) -> bool:
    """Return whether ``text`` contains at least one letter."""
    return any(ch.isalpha() for ch in text)


def is_caps(text: str) -> bool:
    """Return whether every letter of ``text`` is upper case (and it has letters)."""
    return has_letters(text) and text == text.upper()


def text_width_pt(text: str, size_pt: float, bold: bool) -> float:
    """Return the width of ``text`` set in Times New Roman at ``size_pt``, in points."""
    table = _WIDTHS[bool(bold)]
    total = 0
    for ch in nfc(text):
        if ch in table:
            total += table[ch]
            continue
        base = ch if ch in _KEEP else unicodedata.normalize("NFD", ch)[0]
        if unicodedata.category(ch) == "Mn":
            continue
        total += table.get(base, 500)
    return total * size_pt / 1000


def to_roman(number: int) -> str:
    """Return ``number`` as an upper-case Roman numeral."""
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def from_roman(text: str) -> int | None:
    """Return the value of the canonical Roman numeral ``text``, ``None`` if it is not one."""
    if not text or not re.fullmatch(r"[IVXLCDM]+", text):
        return None
    values = dict((letters, value) for value, letters in _ROMAN if len(letters) == 1)
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        if i + 1 < len(text) and values[text[i + 1]] > v:
            total -= v
        else:
            total += v
    return total if total > 0 and to_roman(total) == text else None


def quote(text: str, limit: int = 60) -> str:
    """Return ``text`` shortened to ``limit`` characters, in quotes, for a report."""
    text = squash(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"«{text}»"


def pt(value: float | None) -> str:
    """Return a font size for a report: ``13 pt``, ``10,5 pt`` or ``không rõ``."""
    if value is None:
        return "không rõ"
    return f"{value:g}".replace(".", ",") + " pt"


def cm(twips: float) -> str:
    """Return a length in twips as centimetres for a report: ``5,6 cm``."""
    return f"{twips / 567:.1f}".replace(".", ",") + " cm"
