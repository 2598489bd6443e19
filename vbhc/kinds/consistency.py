"""Consistency checks: the mistakes hand-made documents really contain (see the seeds).

Each check returns problems located in the data file: errors stop the render,
warnings are printed and do not. Checks run after validation, on facts that are
individually valid but disagree with each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from vbhc.core import forms
from vbhc.core.errors import Problem
from vbhc.core.formatting import date_range, short_date
from vbhc.data import punctuation
from vbhc.data.loading import Source, dotted
from vbhc.data.model import VanBan, strings_in

if TYPE_CHECKING:
    from vbhc.kinds.kind import Kind

# NĐ30 Phụ lục III abbreviations (exact case) and the type names they stand for.
TYPE_ABBREVIATIONS = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
    "QyĐ": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn",
    "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án",
    "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
}
_TYPED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
# Text that cites other documents may name other years; body text should not.
_BODY_FIELDS = ("trich_yeu", "noi_dung", "ket_thuc")


class Walks:
    """What walking the data found, per top-level value, for documents sharing values.

    A batch's units share most of their data: the very same objects (``merge``). The
    walks over the whole data (dates outside their year, years typed in the body) then
    find the same things in those values for every unit; kept here, a value is walked
    once per batch. The data is never changed after loading; identity is then equality.
    """

    def __init__(self) -> None:
        # (what, key, its parameters) -> (the value walked, what the walk found)
        self._kept: dict[tuple, tuple[Any, list[Any]]] = {}

    def found(self, what: tuple, value: Any, walk: Callable[..., Iterable[Any]],
              *arguments: Any) -> list[Any]:
        """Return ``walk(*arguments)``'s findings for ``value``, walked again only for
        another object. (The walk's arguments are passed, not bound beforehand: no
        ``partial`` made per value and unit only to be thrown away on a hit.)"""
        kept = self._kept.get(what)
        if kept is None or kept[0] is not value:
            kept = self._kept[what] = (value, list(walk(*arguments)))
        return kept[1]


def check(document: VanBan, kind: Kind, source: Source,
          walks: Walks | None = None) -> list[Problem]:
    """Return every consistency problem of a validated document.

    ``walks``: what earlier documents' walks found, for a batch whose units share data.
    """
    walks = walks or Walks()
    problems = list(_ky_hieu(document, kind, source))
    problems += _header_forms(document, source)
    campaign = getattr(document, "chien_dich", None)
    if campaign is not None:
        problems += _typed_years(source, campaign.nam, walks)
    problems += _dates(document, source, walks)
    body = source.data.get("noi_dung")
    marks = [*_frame_marks(source.data, walks),
             *walks.found(("marks",), body, punctuation.body_marks_in, body)]
    for location, typed, adds in marks:
        problems.append(source.problem(location, f"đã bỏ {typed} do gõ tay ({adds})",
                                       warning=True))
    if document.phu_luc and not _points_to_annexes(source.data):
        problems.append(source.problem(
            ("phu_luc",), "văn bản có phụ lục nhưng phần nội dung không dẫn tới phụ lục "
            "(NĐ 30: phải có lời dẫn; dùng {{ phu_luc[0].dan_chieu }})", warning=True))
    return problems


def _frame_marks(data: dict, walks: Walks) -> list[tuple[tuple, str, str]]:
    """``punctuation.frame_marks_in``, the recipients and the Lưu line each walked once per
    value (a batch's units share them, unless a unit sets its own)."""
    return [mark for key in ("noi_nhan", "luu")
            for mark in walks.found(("marks", key), data.get(key), punctuation.frame_marks_in,
                                    {key: data[key]} if key in data else {})]


def _ky_hieu(document: VanBan, kind: Kind, source: Source) -> Iterator[Problem]:
    if not document.ky_hieu:
        return
    head = document.ky_hieu.split("-")[0]
    if not kind.abbreviation:
        # -- a Công văn has no type: its ký hiệu is the body's and the unit's (UBND-VX) --
        if kind.framed and head in TYPE_ABBREVIATIONS:
            yield source.problem(("ky_hieu",), f"ký hiệu {document.ky_hieu} bắt đầu bằng "
                                 f"'{head}' ({TYPE_ABBREVIATIONS[head]}) nhưng {kind.title} "
                                 "không có tên loại: ký hiệu là <cơ quan>-<đơn vị soạn thảo>")
        return
    if head == kind.abbreviation:
        return
    known = TYPE_ABBREVIATIONS.get(head)
    what = f"'{head}' ({known})" if known else f"'{head}' (không có trong Phụ lục III NĐ 30)"
    yield source.problem(("ky_hieu",), f"ký hiệu {document.ky_hieu} bắt đầu bằng {what} "
                         f"nhưng đây là {kind.title} ({kind.abbreviation})")


def _header_forms(document: VanBan, source: Source) -> Iterator[Problem]:
    """Warn about a chủ quản above a UBND/HĐND and an abbreviated issuing body (§3)."""
    body = document.co_quan_ban_hanh
    lines = body.header_lines
    if document.co_quan_chu_quan and forms.is_council(lines):
        yield source.problem(
            ("co_quan_chu_quan",), f"{' '.join(lines)} là Ủy ban nhân dân/Hội đồng nhân "
            "dân: không có dòng cơ quan chủ quản ở trên (NĐ 30); bỏ co_quan_chu_quan",
            warning=True)
    short = _abbreviations(" ".join(lines))
    if short:
        where = ("co_quan_ban_hanh", "dong") if body.dong else ("co_quan_ban_hanh", "ten")
        yield source.problem(
            where, f"tên cơ quan ban hành viết tắt ({', '.join(short)}): ghi tên đầy đủ, "
            "ví dụ ỦY BAN NHÂN DÂN / PHƯỜNG NGỌC THỤY (NĐ 30)", warning=True)


@lru_cache(maxsize=256)  # -- a batch's units share their issuing body's header lines --
def _abbreviations(text: str) -> tuple[str, ...]:
    return tuple(forms.abbreviations(text))


def _dates(document: VanBan, source: Source, walks: Walks) -> Iterator[Problem]:
    """Yield one warning per date field whose date looks stale or misplaced, every reason in it."""
    found: dict[tuple, tuple[date, list[str]]] = {}
    year, year_from = _document_year(source.data, document)
    for location, day, reason in _outside_their_year_by_key(source.data, year, year_from,
                                                            walks):
        found.setdefault(location, (day, []))[1].append(reason)
    campaign = getattr(document, "chien_dich", None)
    for index, event in enumerate(campaign.su_kien if campaign is not None else []):
        where = ("chien_dich", "su_kien", index, "ngay")
        reasons = found.setdefault(where, (event.ngay, []))[1]
        reasons += _event_reasons(event.ngay, campaign, document.ngay_ban_hanh, not reasons)
    for location, (day, reasons) in found.items():
        if reasons:
            what = "sự kiện ngày" if location[:2] == ("chien_dich", "su_kien") else "ngày"
            yield source.problem(location, f"{what} {short_date(day)} {'; '.join(reasons)}",
                                 warning=True)


def _event_reasons(day: date, campaign: Any, issued: date, check_year: bool) -> list[str]:
    reasons = []
    if check_year and day.year != campaign.nam:  # -- typed as text, the walk did not see it --
        reasons.append(f"không thuộc năm {campaign.nam} của chiến dịch")
    start, end = campaign.tu_ngay, campaign.den_ngay
    if (start and day < start) or (end and day > end):
        period = (date_range(start, end) if start and end
                  else f"{short_date(start) if start else '…'} - "
                       f"{short_date(end) if end else '…'}")
        reasons.append(f"nằm ngoài thời gian chiến dịch ({period})")
    if day < issued:
        reasons.append(f"diễn ra trước ngày ban hành {short_date(issued)} của văn bản")
    return reasons


def _document_year(data: dict, document: VanBan) -> tuple[int, str]:
    """Return the year the document is about and the field it comes from."""
    campaign = data.get("chien_dich")
    if isinstance(campaign, dict) and _is_year(campaign.get("nam")):
        return campaign["nam"], "chien_dich.nam"
    return document.ngay_ban_hanh.year, "ngay_ban_hanh"


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _outside_their_year_by_key(data: dict, year: int, year_from: str,
                               walks: Walks) -> Iterator[tuple[tuple, date, str]]:
    """``_outside_their_year`` of the whole data, each top-level value walked through
    ``walks`` (the top level's ``nam`` and ``den_ngay`` are what a value's walk depends on)."""
    if _is_year(data.get("nam")):
        year, year_from = data["nam"], dotted(("nam",))
    period_end = data.get("den_ngay")
    for key, item in data.items():
        if key == "van_ban":
            continue
        if isinstance(item, date):
            if _stale(key, item, year, period_end):
                yield (key,), item, f"không thuộc năm {year} ({year_from})"
            continue
        if isinstance(item, (dict, list)):  # -- other values hold no date --
            yield from walks.found(("dates", key, year, year_from, period_end), item,
                                   _outside_their_year, item, (key,), year, year_from,
                                   period_end)


def _outside_their_year(value: Any, location: tuple, year: int, year_from: str,
                        period_end: Any, out: list | None = None
                        ) -> list[tuple[tuple, date, str]]:
    """Return (location, date, reason) of each date of the raw data outside the year it
    belongs to: the ``nam`` of the nearest mapping that declares one, else the document's.

    Cited documents (``van_ban``) are dated when they were issued, so they are skipped. A
    period may start (``tu_ngay``) in the year before when it reaches into the year: a
    report "from 01/12/2022 until now" for 2023.

    ``out``: the list the findings are added to, in the order of a depth-first walk (a
    list passed down rather than generators chained: a batch walks each unit's own
    mappings, and a generator per mapping cost more than the walk).
    """
    out = [] if out is None else out
    items: Any = ()
    if isinstance(value, dict):
        if _is_year(value.get("nam")):
            year, year_from = value["nam"], dotted(location + ("nam",))
        period_end = value.get("den_ngay")
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for key, item in items:
        if not location and key == "van_ban":
            continue
        if isinstance(item, (dict, list)):  # -- other values hold no date: not visited --
            _outside_their_year(item, location + (key,), year, year_from, period_end, out)
        elif isinstance(item, date) and _stale(key, item, year, period_end):
            out.append((location + (key,), item, f"không thuộc năm {year} ({year_from})"))
    return out


def _stale(key: Any, day: date, year: int, period_end: Any) -> bool:
    """Return whether ``day`` (under ``key``) is outside ``year`` (a period may start the
    year before)."""
    return day.year != year and not (key == "tu_ngay" and day.year == year - 1 and (
        not isinstance(period_end, date) or period_end.year == year))


def _typed_years(source: Source, year: int, walks: Walks) -> Iterator[Problem]:
    for field, value in source.data.items():
        if field not in _BODY_FIELDS:
            continue
        for location, typed in walks.found(("typed", field, year), value, _other_years,
                                           value, (field,), year):
            yield source.problem(location, f"ngày {typed} khác năm {year} của "
                                 "chiến dịch (gõ nhầm năm?)", warning=True)


def _other_years(value: Any, location: tuple, year: int) -> Iterator[tuple[tuple, str]]:
    """Yield (location, date as typed) of each real date of another year typed in text."""
    for where, text in strings_in(value, location):
        for match in _TYPED_DATE.finditer(text):
            day, month, typed_year = (int(group) for group in match.groups())
            if typed_year != year and _real_date(typed_year, month, day):
                yield where, match.group(0)


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _points_to_annexes(data: dict) -> bool:
    texts = (text for location, text in strings_in(data, ())
             if location and location[0] in ("noi_dung", "mo_dau", "ket_thuc"))
    return any("phu_luc" in text or "kèm theo" in text.lower() for text in texts)
