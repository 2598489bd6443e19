"""Formatting functions: the NĐ30 date rules and Vietnamese number forms."""

from __future__ import annotations

from datetime import date

import pytest

from vbhc.core import formatting as f


@pytest.mark.parametrize(("day", "expected"), [
    (date(2023, 4, 5), "Lào Cai, ngày 05 tháng 4 năm 2023"),
    (date(2023, 1, 5), "Lào Cai, ngày 05 tháng 01 năm 2023"),
    (date(2023, 2, 28), "Lào Cai, ngày 28 tháng 02 năm 2023"),
    (date(2023, 3, 1), "Lào Cai, ngày 01 tháng 3 năm 2023"),
    (date(2023, 12, 10), "Lào Cai, ngày 10 tháng 12 năm 2023"),
    (date(2023, 11, 23), "Lào Cai, ngày 23 tháng 11 năm 2023"),
])
def test_dateline_leading_zeros(day: date, expected: str) -> None:
    assert f.dateline("Lào Cai", day) == expected


def test_short_dates_and_ranges() -> None:
    assert f.short_date(date(2023, 6, 14)) == "14/6/2023"
    assert f.short_date(date(2023, 5, 9)) == "09/5/2023"
    assert f.short_date("2023-05-09") == "09/5/2023"
    assert f.short_date(date(2023, 6, 14), with_year=False) == "14/6"
    assert f.date_range(date(2023, 5, 1), date(2023, 8, 31)) == "01/5 - 31/8/2023"
    assert f.date_range(date(2022, 12, 1), date(2023, 1, 31)) == "01/12/2022 - 31/1/2023"


def test_numbers_and_percentages() -> None:
    assert f.number(7000) == "7.000"
    assert f.number(1500) == "1.500"
    assert f.number(1234567) == "1.234.567"
    assert f.percent(0.43) == "43%"
    assert f.percent(0.435) == "43,5%"
    assert f.share(3000, 7000) == "43%"
    assert f.share(737, 550) == "134%"
    with pytest.raises(ValueError):
        f.share(1, 0)


@pytest.mark.parametrize("value", [0, 1, -1, 999, 1000, -1000, 7000, 43_500_000, -98_765_432_101,
                                   10**20])
def test_whole_numbers_are_grouped_as_babel_groups_them(value: int) -> None:
    # -- number() groups ints itself (no locale data loaded): it must agree with Babel --
    from babel.numbers import format_decimal

    assert f.number(value) == format_decimal(value, locale="vi")
    assert f.number(float(value) + 0.5) == format_decimal(float(value) + 0.5, locale="vi")


@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_percentages_are_written_as_babel_writes_them(decimals: int) -> None:
    # -- percent() writes "vi" itself (no locale data loaded): it must agree with Babel,
    # rounding ties (0,125 → 0,12) and all --
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    ratios = [0, 1, 0.5, 0.00125, 0.0049, 0.995, 1.005, 12.345, 1 / 3, 2 / 3, 1e-9, 12345.6789,
              *(i / 997 for i in range(0, 3000, 7))]
    for ratio in ratios:
        assert f.percent(ratio, decimals) == format_percent(ratio, format=pattern, locale="vi")
    assert f.percent(-0.435) == format_percent(-0.435, format="#,##0.#%", locale="vi")


def test_dates_are_written_as_babel_writes_them() -> None:
    # -- long_date() and short_date() write "vi" themselves: they must agree with Babel --
    from datetime import timedelta

    from babel.dates import format_date

    day = date(1999, 12, 20)
    for _ in range(800):
        day += timedelta(days=13)
        month = "MM" if day.month <= 2 else "M"
        assert f.long_date(day, False) == format_date(day, f"dd 'tháng' {month} 'năm' y",
                                                      locale="vi")
        assert f.short_date(day) == format_date(day, "dd/M/y", locale="vi")
        assert f.short_date(day, with_year=False) == format_date(day, "dd/M", locale="vi")


def test_weekday_names() -> None:
    assert f.weekday(date(2023, 10, 21)) == "Thứ bảy"
    assert f.weekday(date(2023, 10, 22)) == "Chủ nhật"
    assert f.weekday(date(2023, 10, 23)) == "Thứ hai"


def test_serial_numbers_and_labels() -> None:
    assert f.serial_number(5) == "05"
    assert f.serial_number(10) == "10"
    assert f.serial_number(111) == "111"
    assert f.serial_number(None).strip() == ""
    assert [f.roman(i) for i in (1, 4, 6, 9, 14)] == ["I", "IV", "VI", "IX", "XIV"]
    assert [f.point_letter(i) for i in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
