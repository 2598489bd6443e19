"""Pure formatting functions: value (and locale) in, Vietnamese text out.

No clock, no OS locale, no global state: every function takes the locale
(default ``"vi"``) like Babel's own functions. They are exposed to templates
and to ``{{ … }}`` references in data files as filters (see ``FILTERS``).

>>> dateline("Lào Cai", date(2023, 4, 5))
'Lào Cai, ngày 05 tháng 4 năm 2023'
>>> number(7000)
'7.000'
>>> percent(0.435)
'43,5%'
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "vi"

# -- NĐ30 §7: điểm letters skip f, j, w, z and put đ after d --
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


# -- Babel stays the one formatter; a batch formats the same few values for every unit,
# so the text of each whole number and date is kept (keys of exactly that type only) --
@lru_cache(maxsize=4096)
def _whole(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=4096)
def _kept_date(day: date, pattern: str, locale: str) -> str:
    return format_date(day, pattern, locale=locale)


def _date(day: date, pattern: str, locale: str) -> str:
    if type(day) is date:  # -- a datetime (equal to no date) goes to Babel directly --
        return _kept_date(day, pattern, locale)
    return format_date(day, pattern, locale=locale)


def number(value: int | float, locale: str = LOCALE) -> str:
    """Return ``value`` with Vietnamese digit grouping: 7000 → '7.000', 43.5 → '43,5'.

    >>> number(1500)
    '1.500'
    """
    if type(value) is int:
        return _whole(value, locale)
    return format_decimal(value, locale=locale)


def percent(ratio: float | Fraction, decimals: int = 1, locale: str = LOCALE) -> str:
    """Return ``ratio`` (0.43 = 43 %) as a percentage with up to ``decimals`` decimals.

    >>> percent(3000 / 7000, 0)
    '43%'
    >>> percent(1.34)
    '134%'
    """
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    return format_percent(float(ratio), format=pattern, locale=locale)


def share(part: int | float, whole: int | float, decimals: int = 0,
          locale: str = LOCALE) -> str:
    """Return ``part`` as a percentage of ``whole``: share(737, 550) → '134%'.

    >>> share(3000, 7000)
    '43%'
    """
    if not whole:
        raise ValueError("tổng bằng 0, không tính được tỷ lệ")
    return percent(Fraction(part) / Fraction(whole), decimals, locale)


def cut_percent(value: Fraction) -> Fraction:
    """Return ``value`` (already in percent, not negative) rounded half up to the fewest
    decimals (0, 1 or 2) that keep it on its side of 0 and 100: 72,7 → 73, 99,8 → 99,8
    (not 100), 0,18 → 0,2 (not 0). A value still on a boundary at two decimals is moved
    one hundredth back to its side."""
    for decimals in (0, 1, 2):
        scale = 10 ** decimals
        rounded = Fraction(math.floor(value * scale + Fraction(1, 2)), scale)
        if rounded not in (0, 100) or rounded == value:
            return rounded
    step = Fraction(1, 100)
    return step if rounded == 0 else (100 - step if value < 100 else 100 + step)


def percent_text(value: Fraction) -> str:
    """Return a percentage as Vietnamese text: 134%, 0,2%."""
    shown = int(value) if value.denominator == 1 else float(value)
    return f"{number(shown)}%"


def quota_standing(result: int, quota: int) -> tuple[int, str, str]:
    """Return where ``result`` stands against ``quota``: -1, 0 or 1 (below, at, above), its
    share ('99,8%', '134%') and, above the quota, the excess ('34%'; else '').

    Shares round half up, never across 0 or 100%: 549/550 is 99,8%, 551/550 is 100,2%.
    """
    if quota <= 0:
        raise ValueError("chỉ tiêu phải lớn hơn 0 để tính tỷ lệ")
    whole = Fraction(result * 100, quota)
    if whole < 100:
        return -1, percent_text(cut_percent(whole)), ""
    excess = cut_percent(whole - 100)
    return (1 if whole > 100 else 0), percent_text(100 + excess), (
        percent_text(excess) if whole > 100 else "")


def quota_share(result: int, quota: int) -> str:
    """Return ``result`` as a share of ``quota``, never rounded across 100%.

    >>> quota_share(737, 550), quota_share(549, 550), quota_share(551, 550)
    ('134%', '99,8%', '100,2%')
    """
    return quota_standing(result, quota)[1]


def attainment(result: int, quota: int) -> str:
    """Return how a sentence words ``result`` against ``quota``: above the quota the excess
    is what "vượt" counts (737 of 550 is "vượt 34%", never "vượt 134%", the seeds'
    mistake); at it "đạt 100%"; below it the share reached and "chưa đạt".

    >>> attainment(737, 550), attainment(550, 550), attainment(549, 550)
    ('vượt 34%', 'đạt 100%', 'đạt 99,8%, chưa đạt')
    """
    side, share_text, excess = quota_standing(result, quota)
    return {-1: f"đạt {share_text}, chưa đạt", 0: "đạt 100%", 1: f"vượt {excess}"}[side]


def serial_number(value: int | None) -> str:
    """Return a document number as NĐ30 §4 writes it: 5 → '05', 111 → '111'.

    A missing number (a draft) becomes blanks filled in by hand.

    >>> serial_number(5), serial_number(None)
    ('05', '     ')
    """
    if value is None:
        return " " * 5  # -- with the space after "Số:", the six blanks of §4 --
    return f"{value:02d}"


def as_date(value: date | str) -> date:
    """Return ``value`` as a date; ISO strings ('2023-05-09') are accepted.

    Templates may receive dates as ISO text (the JSON context), so filters take both.
    """
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def dateline(place: str, day: date, locale: str = LOCALE) -> str:
    """Return the NĐ30 date line: day < 10 and months 1–2 take a leading zero.

    >>> dateline("Hà Nội", date(2020, 1, 5))
    'Hà Nội, ngày 05 tháng 01 năm 2020'
    """
    return f"{place}, {long_date(day, locale=locale)}"


def long_date(day: date, with_word: bool = True, locale: str = LOCALE) -> str:
    """Return 'ngày 25 tháng 9 năm 2023' (NĐ30 leading-zero rules), or without 'ngày'.

    >>> long_date(date(2023, 2, 3)), long_date(date(2023, 10, 21), False)
    ('ngày 03 tháng 02 năm 2023', '21 tháng 10 năm 2023')
    """
    day = as_date(day)
    month_pattern = "MM" if day.month <= 2 else "M"
    text = _date(day, f"dd 'tháng' {month_pattern} 'năm' y", locale)
    return f"ngày {text}" if with_word else text


def short_date(day: date, with_year: bool = True, locale: str = LOCALE) -> str:
    """Return a date as written in running text: '09/5/2023', or '09/5' without the year.

    >>> short_date(date(2023, 6, 14)), short_date(date(2023, 5, 1), with_year=False)
    ('14/6/2023', '01/5')
    """
    day = as_date(day)
    return _date(day, "dd/M/y" if with_year else "dd/M", locale)


def date_range(start: date, end: date, locale: str = LOCALE) -> str:
    """Return a period as '01/5 - 31/8/2023' (the year once when both dates share it).

    >>> date_range(date(2023, 5, 1), date(2023, 8, 31))
    '01/5 - 31/8/2023'
    """
    start, end = as_date(start), as_date(end)
    same_year = start.year == end.year
    return f"{short_date(start, not same_year, locale)} - {short_date(end, True, locale)}"


def weekday(day: date, locale: str = LOCALE) -> str:
    """Return the weekday name with only its first letter capitalised: 'Thứ bảy'.

    >>> weekday(date(2023, 10, 21))
    'Thứ bảy'
    """
    day = as_date(day)
    name = _date(day, "EEEE", locale)
    return name[:1].upper() + name[1:].lower()


@lru_cache(maxsize=256)
def roman(value: int) -> str:
    """Return ``value`` in Roman numerals (mục and annex labels).

    >>> roman(4), roman(14)
    ('IV', 'XIV')
    """
    if value < 1:
        raise ValueError("số La Mã phải từ 1 trở lên")
    out = []
    for size, letters in _ROMAN:
        count, value = divmod(value, size)
        out.append(letters * count)
    return "".join(out)


def point_letter(index: int) -> str:
    """Return the điểm letter for a 1-based index: 1 → 'a', 5 → 'đ', 6 → 'e'.

    Past 'y' the letters double ('aa', 'bb' …), which NĐ30 never reaches.
    """
    if index < 1:
        raise ValueError("chỉ số điểm phải từ 1 trở lên")
    letter = POINT_LETTERS[(index - 1) % len(POINT_LETTERS)]
    return letter * ((index - 1) // len(POINT_LETTERS) + 1)


@lru_cache(maxsize=64)
def _upper(text: str) -> str:
    return text.upper()


def upper(text: str) -> str:
    """Return ``text`` in capitals (Vietnamese letters included)."""
    return _upper(text)


# Names as clerks write them in templates and in {{ … }} references.
FILTERS = {
    "so": number,
    "phan_tram": percent,
    "ti_le": share,
    "danh_gia": attainment,
    "so_van_ban": serial_number,
    "ngay_thang": long_date,
    "ngay": short_date,
    "khoang_ngay": date_range,
    "thu": weekday,
    "la_ma": roman,
    "chu_cai": point_letter,
    "in_hoa": upper,
}
