"""Amounts in words, in the form Vietnamese accounting writes them ("Bằng chữ: …").

Pure functions: ``number_words(1005)`` → "Một nghìn không trăm linh năm",
``amount_words(1_005_000)`` → "Một triệu không trăm linh năm nghìn đồng".
The forms follow accounting practice: "linh" (not "lẻ") before a lone unit,
"không trăm" for an empty hundreds inside a number, "mốt", "tư", "lăm" after
"mươi", "lăm" after "mười".
"""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
BILLION = 10**9


def _three(value: int, leading: bool) -> list[str]:
    """Return the words of a group of three digits (``leading``: the number's first group)."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [DIGITS[units]]
        return words
    words.append("mười" if tens == 1 else f"{DIGITS[tens]} mươi")
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _words(value: int, leading: bool) -> list[str]:
    """Return the words of ``value`` > 0; a ``leading`` number starts without "không trăm"."""
    if value >= BILLION:
        head, tail = divmod(value, BILLION)
        return _words(head, leading) + ["tỷ"] + (_words(tail, False) if tail else [])
    words: list[str] = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = value // scale % 1000
        if group == 0:
            continue
        words += _three(group, leading and not words)
        if name:
            words.append(name)
    return words


def number_words(value: int) -> str:
    """Return ``value`` (≥ 0) in words, first letter capitalised.

    >>> number_words(21), number_words(105), number_words(1_005)
    ('Hai mươi mốt', 'Một trăm linh năm', 'Một nghìn không trăm linh năm')
    """
    if value < 0:
        raise ValueError(f"số âm: {value}")
    text = " ".join(_words(value, True)) if value else "không"
    return text[0].upper() + text[1:]


def amount_words(value: int, unit: str = "đồng") -> str:
    """Return an amount in words with its unit: 3.500.000 → "Ba triệu năm trăm nghìn đồng".

    >>> amount_words(1_000_000_000)
    'Một tỷ đồng'
    """
    return f"{number_words(value)} {unit}".strip()
