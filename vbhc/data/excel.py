"""Tables from Excel workbooks, every value kept with its cell (``Sheet1!C7``) for errors.

Columns are found by their header text, not their position, so a clerk may
reorder or add columns. Formulas are read as the values Excel last computed.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vbhc.core import safezip
from vbhc.core.errors import DataError, Problem, short_path


@dataclass(frozen=True)
class Cell:
    """A value and where it came from."""

    value: Any
    ref: str  # "Sheet1!C7"

    @property
    def empty(self) -> bool:
        """Return whether the cell holds nothing (or only spaces)."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Table:
    """Rows of a worksheet below its header row, as {column key: Cell}."""

    workbook: Path
    sheet: str
    rows: list[dict[str, Cell]]

    @property
    def name(self) -> str:
        """Return the workbook's name as messages show it."""
        return short_path(self.workbook)

    def problem(self, cell: Cell, field: str, message: str) -> Problem:
        """Return a problem located at ``cell``."""
        return Problem(self.name, field, message, cell=cell.ref)


def _header(text: Any) -> str:
    text = unicodedata.normalize("NFC", str(text or ""))
    return re.sub(r"\s+", " ", text).strip().casefold()


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def open_workbook(path: Path) -> Any:
    """Return the workbook at ``path`` opened for streaming; a bad file is a ``DataError``."""
    import openpyxl  # -- imported here: only data files that name a workbook pay for it --

    name = short_path(path)
    try:
        safezip.check_file(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
            return openpyxl.load_workbook(path, data_only=True, read_only=True)
    except FileNotFoundError:
        raise DataError([Problem(name, "", "không tìm thấy tệp Excel")]) from None
    except safezip.UnsafeArchive as error:
        raise DataError([Problem(name, "", f"không đọc được tệp Excel: {error}")]) from None
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise DataError([Problem(name, "", f"không đọc được tệp Excel: {error}")]) from None


def stream_rows(workbook: Any, name: str, columns: dict[str, str], sheet: str | None,
                header_row: int, optional: frozenset[str] = frozenset()
                ) -> tuple[Iterator[tuple[int, dict[str, Cell]]], dict[str, str]]:
    """Return the rows below the header as (row number, {key: Cell}), and each key's column.

    ``columns`` maps each key to its header text. A missing sheet or (non-optional)
    column is a ``DataError`` naming the workbook and the sheet. The sheet is read
    as the rows are consumed; reading stops at the first completely empty row.
    """
    from openpyxl.utils import get_column_letter

    if sheet is not None and sheet not in workbook.sheetnames:
        raise DataError([Problem(name, "sheet", f"không có trang tính '{sheet}' "
                                 f"(có: {', '.join(workbook.sheetnames)})")])
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    title = worksheet.title
    rows = worksheet.iter_rows(min_row=header_row, values_only=True)
    header = [_header(value) for value in next(rows, ())]
    positions, problems = {}, []
    for key, text in columns.items():
        if _header(text) in header:
            positions[key] = header.index(_header(text))
        elif key not in optional:
            problems.append(Problem(name, key, f"thiếu cột '{text}' ở dòng tiêu đề "
                                    f"{header_row}", cell=f"{title}!{header_row}:{header_row}"))
    if problems:
        raise DataError(problems)
    letters = {key: f"{title}!{get_column_letter(index + 1)}" for key, index in positions.items()}

    def generate() -> Iterator[tuple[int, dict[str, Cell]]]:
        for number, values in enumerate(rows, start=header_row + 1):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                break
            yield number, {key: Cell(_clean(values[index] if index < len(values) else None),
                                     f"{letters[key]}{number}")
                           for key, index in positions.items()}

    return generate(), letters


def read_table(path: Path, columns: dict[str, str], *, sheet: str | None = None,
               header_row: int = 1, optional: frozenset[str] = frozenset()) -> Table:
    """Return the table of ``sheet`` whose header row holds the ``columns`` header texts."""
    workbook = open_workbook(path)
    try:
        rows, _ = stream_rows(workbook, short_path(path), columns, sheet, header_row, optional)
        title = (workbook[sheet] if sheet else workbook.worksheets[0]).title
        table = Table(Path(path), title, [cells for _, cells in rows])
    finally:
        workbook.close()
    return table


def integer(table: Table, cell: Cell, field: str, problems: list[Problem], *,
            required: bool = True) -> int | None:
    """Return the cell as a whole number, or record a problem naming the cell."""
    value = cell.value
    if cell.empty:
        if required:
            problems.append(table.problem(cell, field, "ô trống, cần một số"))
        return None
    if isinstance(value, bool):
        problems.append(table.problem(cell, field, f"cần một số, ô ghi '{value}'"))
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", value):
        return int(value.replace(".", ""))
    problems.append(table.problem(cell, field, f"cần một số nguyên, ô ghi '{value}'"))
    return None


def text(table: Table, cell: Cell, field: str, problems: list[Problem], *,
         required: bool = True) -> str | None:
    """Return the cell as text, or record a problem when a required cell is empty."""
    if cell.empty:
        if required:
            problems.append(table.problem(cell, field, "ô trống, cần ghi nội dung"))
        return None
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
