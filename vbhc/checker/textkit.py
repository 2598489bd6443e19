"""Text helpers: normalisation, Vietnamese case, reading Roman numerals, text widths."""

from __future__ import annotations

import re
import unicodedata

from vbhc.core.formatting import roman
from vbhc.core.textwidth import text_width_twips

_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


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
    return text_width_twips(nfc(text), size_pt, bold=bold) / 20


def from_roman(text: str) -> int | None:
    """Return the value of the canonical Roman numeral ``text``, ``None`` if it is not one."""
    if not text or not re.fullmatch(r"[IVXLCDM]+", text):
        return None
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN_DIGITS[ch]
        if i + 1 < len(text) and _ROMAN_DIGITS[text[i + 1]] > v:
            total -= v
        else:
            total += v
    return total if total > 0 and roman(total) == text else None


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
