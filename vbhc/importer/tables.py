"""Tables read from a document as the data of the tables vbhc computes.

A quota table (Danh sách phân bổ chỉ tiêu: unit, annual quota, done, remaining),
an attached list (Mẫu 1.3: TT, then the columns) and a cost estimate (Dự toán kinh
phí). Remainders, row numbers and totals are left out: vbhc computes them, and a
table whose computed cells disagree with the typed ones is not taken (it stays in
the leftovers, with its text).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from vbhc.core.formatting import number
from vbhc.importer.reading import TableReading
from vbhc.kinds.parts import COST_COLUMNS

_WHOLE = re.compile(r"^\d{1,3}(\.\d{3})*$|^\d+$")


def whole(text: str) -> int | None:
    """Return a whole number as typed ("1.500", "7000"), or None."""
    text = text.strip()
    return int(text.replace(".", "")) if _WHOLE.match(text) else None


def _grouped(text: str) -> bool:
    value = whole(text)
    return value is not None and number(value) == text.strip()


def slug(text: str) -> str:
    """Return a column header as a data key: ``Họ và tên`` → ``ho_va_ten``."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    key = re.sub(r"[^a-z0-9]+", "_", bare).strip("_")
    return key if key[:1].isalpha() else f"cot_{key}".rstrip("_")


def quota(table: TableReading) -> dict[str, Any] | None:
    """Return ``bang_chi_tieu`` for a 4-column quota table whose remainders agree."""
    if len(table.header) != 4 or not table.rows:
        return None
    rows, overdone = [], None
    for cells in table.rows:
        if len(cells) != 4:
            return None
        name, annual, done, left = cells
        annual_n, done_n = whole(annual), whole(done)
        if annual_n is None or not name.strip() or (done.strip() and done_n is None):
            return None
        row: dict[str, Any] = {"ten": name.strip(), "ca_nam": annual_n}
        if done_n is not None:
            row["da_thuc_hien"] = done_n
            remaining = annual_n - done_n
            if remaining > 0 and left.strip() != number(remaining):
                return None
            if remaining <= 0:
                if overdone not in (None, left.strip()):
                    return None
                overdone = left.strip()
        elif left.strip():
            return None
        rows.append(row)
    names = [r["ten"] for r in rows]
    if len(set(names)) != len(names):
        return None
    out: dict[str, Any] = dict(zip(("cot_ten", "cot_ca_nam", "cot_da_thuc_hien", "cot_con_lai"),
                                   table.header, strict=True))
    if overdone and overdone != "Đã hoàn thành":
        out["khi_vuot"] = overdone
    out["dong"] = rows
    return out


def listing(table: TableReading) -> dict[str, Any] | None:
    """Return the columns and rows of an attached list (first column TT), or None."""
    if len(table.header) < 2 or table.header[0].strip().upper() not in ("TT", "STT"):
        return None
    headers = table.header[1:]
    keys: list[str] = []
    for header in headers:
        key = slug(header) or "cot"
        while key in keys:
            key += "_2"
        keys.append(key)
    rows = [cells[1:] for cells in table.rows]
    if any(len(cells) != len(headers) or not all(c.strip() for c in cells) for cells in rows):
        return None
    # -- a number column prints grouped figures (7.000); "1985" typed bare is a year: text --
    numeric = [all(_grouped(cells[i]) for cells in rows) for i in range(len(keys))]
    columns: list[dict[str, Any]] = []
    for index, (key, header) in enumerate(zip(keys, headers, strict=True)):
        column: dict[str, Any] = {"khoa": key, "ten": header}
        if numeric[index]:
            column["so"] = True
            if table.total and index + 1 < len(table.total) and table.total[index + 1]:
                column["tong"] = True
        columns.append(column)
    dong = [{key: whole(cell) if numeric[i] else cell.strip()
             for i, (key, cell) in enumerate(zip(keys, cells, strict=True))} for cells in rows]
    return {"cot": columns, "dong": dong}


def typed(table: TableReading) -> dict[str, Any]:
    """Return a table kept as typed (``bang``): whole numbers as numbers, when printing
    them gives back the same text ("3.000" → 3000, not "2024" → 2.024), other cells text."""
    def cell(text: str) -> int | str:
        value = whole(text)
        return value if value is not None and _grouped(text) else text.strip()

    out: dict[str, Any] = {"cot": [h.strip() for h in table.header],
                           "dong": [[cell(c) for c in row] for row in table.rows]}
    if table.total:
        out["tong"] = [cell(c) for c in table.total]
    return out


def costs(table: TableReading) -> list[dict[str, Any]] | None:
    """Return the lines of a cost estimate whose amounts agree, or None."""
    if [h.strip() for h in table.header] != COST_COLUMNS or not table.rows:
        return None
    lines = []
    for cells in table.rows:
        if len(cells) != 6:
            return None
        count, price, amount = whole(cells[3]), whole(cells[4]), whole(cells[5])
        if count is None or price is None or amount != count * price:
            return None
        lines.append({"noi_dung": cells[1].strip(), "don_vi_tinh": cells[2].strip(),
                      "so_luong": count, "don_gia": price})
    return lines
