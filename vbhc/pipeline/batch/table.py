"""The table of units read from an Excel workbook: one row per unit, events on a second sheet.

Columns are found by their header text, as ``vbhc.data.excel`` does; every problem names
its cell (``Đơn vị!K4``). Quota columns are headed by the target's unit as the shared
file declares it (``chien_dich.chi_tieu.don_vi_mau.don_vi: đơn vị máu`` → column "Đơn
vị máu"). Lines of a multi-line field (Chức danh) are the cell's lines.

Rows are streamed, not loaded as a whole table, and a unit keeps only its row
number (cells are named when a problem needs them): a table of 10,000 units costs
little more memory than one of 1,000.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import Field

from vbhc.core.errors import DataError, Problem, short_path
from vbhc.data import excel
from vbhc.data.loading import Source, dotted, validate
from vbhc.data.model import Model, WholeNumber

# Column header text of each unit field (dotted path), as clerks see them.
COLUMNS = {
    "ten": "Đơn vị",
    "co_quan_chu_quan": "Cơ quan chủ quản",
    "co_quan_ban_hanh.ten": "Cơ quan ban hành",
    "co_quan_ban_hanh.viet_tat": "Viết tắt",
    "so": "Số",
    "ky_hieu": "Ký hiệu",
    "dia_danh": "Địa danh",
    "ngay_ban_hanh": "Ngày ban hành",
    "nguoi_ky.quyen_han": "Quyền hạn",
    "nguoi_ky.chuc_danh": "Chức danh",
    "nguoi_ky.chuc_vu_khac": "Chức vụ khác",
    "nguoi_ky.ho_ten": "Người ký",
}
EVENT_COLUMNS = {"don_vi": "Đơn vị", "ngay": "Ngày", "ten": "Sự kiện", "dia_diem": "Địa điểm"}
_LINES = {"co_quan_chu_quan", "nguoi_ky.chuc_danh", "nguoi_ky.chuc_vu_khac"}
_DATES = {"ngay_ban_hanh"}


@dataclass(slots=True)
class UnitPlace:
    """Where a unit's data came from: an entry of the inline list or a row of a workbook."""

    source: str  # file name as messages show it
    yaml_index: int | None = None  # position in the inline ``don_vi`` list
    row: int | None = None  # row number on the units sheet
    columns: dict[str, str] | None = None  # dotted field -> "Sheet!C" (shared by all rows)
    events: tuple[int, ...] = ()  # row numbers of the unit's events on the events sheet
    event_columns: dict[str, str] | None = None  # event field -> "Sheet!C"

    def problem(self, path: tuple, message: str, shared: Source | None = None, *,
                warning: bool = False) -> Problem:
        """Return a problem about the unit's field ``path``, located in its file."""
        name = dotted(path)
        if self.yaml_index is not None:
            line, column = (shared.locate(("don_vi", self.yaml_index) + tuple(path))
                            if shared is not None else (None, None))
            return Problem(self.source, name, message, line, column, warning=warning)
        return Problem(self.source, name, message, cell=self.cell(path), warning=warning)

    def cell(self, path: tuple) -> str | None:
        """Return the cell that holds the field ``path`` (or the unit's name cell)."""
        columns = self.columns or {}
        if (path[:1] == ("su_kien",) and len(path) > 1 and isinstance(path[1], int)
                and path[1] < len(self.events) and self.event_columns):
            column = self.event_columns.get(str(path[2]) if len(path) > 2 else "don_vi")
            return f"{column or self.event_columns['don_vi']}{self.events[path[1]]}"
        for end in range(len(path), 0, -1):
            column = columns.get(dotted(path[:end]))
            if column:
                return f"{column}{self.row}"
        return f"{columns['ten']}{self.row}" if "ten" in columns else None


def name_key(name: str) -> str:
    """Return the form two unit names are compared in (NFC, spaces collapsed, casefolded)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


def as_date(value: Any) -> Any:
    """Return an Excel date cell as a date; text 'dd/mm/yyyy' too; anything else unchanged."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return value
    return value


class BangDonVi(Model):
    """Where the units are: ``don_vi: {tep: x.xlsx, sheet:, dong_tieu_de:, sheet_su_kien:}``."""

    tep: str = Field(min_length=1)
    sheet: str | None = None
    dong_tieu_de: WholeNumber = Field(default=1, ge=1)
    sheet_su_kien: str | None = None


Row = tuple[dict[str, Any], UnitPlace, list[Problem]]
Event = tuple[int, str, Any, Any, Any]  # row number, unit name as typed, ngay, ten, dia_diem


def read_units_workbook(full: Source, spec: Any, targets: dict[str, str]
                        ) -> tuple[Iterator[Row], str]:
    """Return the rows (raw unit, its place, its cell problems) and the table's name."""
    settings = validate(BangDonVi, _Prefixed(full, ("don_vi",)), spec)
    path = (full.path.parent / settings.tep).resolve()
    columns = dict(COLUMNS)
    required = {"ten"}
    shared_targets = full.data["chien_dich"].get("chi_tieu", {}) if targets else {}
    for key, label in targets.items():
        columns[f"chi_tieu.{key}"] = label[:1].upper() + label[1:]
        if "so" not in (shared_targets.get(key) or {}):
            required.add(f"chi_tieu.{key}")
    name = short_path(path)
    workbook = excel.open_workbook(path)
    try:
        events: dict[str, list[Event]] = {}
        event_columns = None
        if settings.sheet_su_kien:
            events, event_columns = _read_events(workbook, name, settings, full.warnings)
        rows, letters = excel.stream_rows(workbook, name, columns, settings.sheet,
                                          settings.dong_tieu_de, frozenset(columns) - required,
                                          full.warnings)
    except BaseException:
        workbook.close()
        raise
    return _units(workbook, rows, letters, name, events, event_columns), name


def _units(workbook: Any, rows: Iterator[tuple[int, dict[str, excel.Cell]]],
           letters: dict[str, str], name: str, events: dict[str, list[Event]],
           event_columns: dict[str, str] | None) -> Iterator[Row]:
    table = excel.Table(Path(name), "", [])
    names = []
    try:
        for number, cells in rows:
            problems: list[Problem] = []
            raw: dict[str, Any] = {}
            for key, cell in cells.items():
                value = _value(table, key, cell, problems)
                if value is None and not (key == "so" and cell.empty):
                    continue  # -- an empty optional cell: the shared value applies --
                _put(raw, key, value)
            place = UnitPlace(name, row=number, columns=letters, event_columns=event_columns)
            if event_columns is not None:
                names.append(str(raw.get("ten", "")))
                own = events.pop(name_key(names[-1]), [])
                raw["su_kien"] = [{"ngay": day, "ten": title, "dia_diem": where}
                                  for _, _, day, title, where in own]
                place.events = tuple(event[0] for event in own)
            yield raw, place, problems
    finally:
        workbook.close()
    problems = []  # -- events left over name no unit of the table --
    for rows_of_unit in events.values():
        for row, unit, *_ in rows_of_unit:
            ref = f"{event_columns['don_vi']}{row}" if event_columns else None
            problems.append(Problem(name, "don_vi", f"không có đơn vị '{unit}' trong bảng đơn "
                                    f"vị{close_name(unit, names)}", cell=ref))
    if problems:
        raise DataError(problems)


def close_name(name: str, names: list[str]) -> str:
    """Return ' — có phải …?' naming the closest of ``names``, or ''."""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f" — có phải '{close[0]}'?" if close else ""


def _value(table: excel.Table, key: str, cell: excel.Cell, problems: list[Problem]) -> Any:
    """Return a cell's value as the unit field ``key`` takes it (None when empty)."""
    if key == "so" or key.startswith("chi_tieu."):
        return excel.integer(table, cell, key, problems, required=key != "so")
    if key in _DATES:
        if isinstance(cell.value, excel.Formula):
            problems.append(table.problem(cell, key, cell.missing("cần một ngày")))
        return None if cell.empty else as_date(cell.value)
    value = excel.text(table, cell, key, problems, required=key == "ten")
    if value is not None and key in _LINES:
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


def _put(raw: dict[str, Any], key: str, value: Any) -> None:
    """Set the dotted field ``key`` of ``raw``."""
    *parents, last = key.split(".")
    for part in parents:
        raw = raw.setdefault(part, {})
    raw[last] = value


def _read_events(workbook: Any, name: str, settings: BangDonVi, warnings: list[Problem]
                 ) -> tuple[dict[str, list[Event]], dict[str, str]]:
    """Return the events sheet's events by unit name key, and its columns."""
    rows, letters = excel.stream_rows(workbook, name, EVENT_COLUMNS, settings.sheet_su_kien,
                                      settings.dong_tieu_de, frozenset(), warnings)
    events: dict[str, list[Event]] = {}
    seen: dict[Any, Any] = {}  # -- one object per repeated text (event names repeat a lot) --
    for number, cells in rows:
        unit = str(cells["don_vi"].value or "").strip()
        key = name_key(unit)
        own = events.setdefault(key, [])
        title, where = (seen.setdefault(cells[k].value, cells[k].value)
                        for k in ("ten", "dia_diem"))
        own.append((number, own[0][1] if own else unit, as_date(cells["ngay"].value), title,
                    where))
    return events, letters


class _Prefixed:
    """Locate problems of a sub-mapping of a data file (``don_vi: {tep: …}``)."""

    def __init__(self, source: Source, prefix: tuple) -> None:
        self.source = source
        self.prefix = prefix

    def problem(self, location: tuple, message: str, *, warning: bool = False) -> Problem:
        """Return the problem at ``prefix + location`` of the file."""
        return self.source.problem(self.prefix + tuple(location), message, warning=warning)
