"""Tables from Excel workbooks, every value kept with its cell (``Sheet1!C7``) for errors.

Columns are found by their header text, not their position, so a clerk may
reorder or add columns. Formulas are read as the values Excel last computed; a
formula that was never computed (a file written by a program, never opened in
Excel) is told apart from an empty cell. A hidden sheet or hidden rows are read
like any other, with a warning naming them. Workbooks are read by ``xlsx_reader``
(the values openpyxl gives, without openpyxl).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbhc.core import safezip
from vbhc.core.errors import DataError, Problem, short_path
from vbhc.core.numbers import NotAWholeNumber, whole_number
from vbhc.data.xlsx_reader import Formula, Unreadable, Workbook, column_letter

__all__ = ["Cell", "Formula", "Table", "integer", "open_workbook", "read_table", "stream_rows",
           "text"]


@dataclass(frozen=True)
class Cell:
    """A value and where it came from."""

    value: Any
    ref: str  # "Sheet1!C7"

    @property
    def empty(self) -> bool:
        """Return whether the cell holds nothing (or only spaces, or an uncomputed formula)."""
        return self.value is None or isinstance(self.value, Formula) or (
            isinstance(self.value, str) and not self.value.strip())

    def missing(self, need: str) -> str:
        """Return the message for this empty cell where ``need`` (e.g. 'cần một số') was due."""
        if isinstance(self.value, Formula):
            return (f"ô có công thức ={self.value.text} nhưng chưa có giá trị đã tính (tệp do "
                    "chương trình tạo, chưa mở bằng Excel): mở tệp bằng Excel, lưu lại rồi "
                    "chạy lại")
        return f"ô trống, {need}"


@dataclass
class Table:
    """Rows of a worksheet below its header row, as {column key: Cell}."""

    workbook: Path
    sheet: str
    rows: list[dict[str, Cell]]
    warnings: list[Problem] = field(default_factory=list)  # hidden sheet or rows read

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


def open_workbook(path: Path) -> Workbook:
    """Return the workbook at ``path`` opened for streaming; a bad file is a ``DataError``."""
    name = short_path(path)
    try:
        return Workbook(path)
    except FileNotFoundError:
        raise DataError([Problem(name, "", "không tìm thấy tệp Excel")]) from None
    except PermissionError:
        raise DataError([Problem(name, "", "không mở được tệp Excel: tệp đang mở trong Excel "
                                 "(hoặc không có quyền đọc); đóng tệp trong Excel rồi chạy lại")]) \
            from None
    except safezip.UnsafeArchive as error:
        raise DataError([Problem(name, "", f"không đọc được tệp Excel: {error}")]) from None
    except Exception:  # -- zipfile.BadZipFile, KeyError, XML errors… for a file that is no .xlsx --
        raise DataError([Problem(name, "", _UNREADABLE)]) from None


_UNREADABLE = ("không đọc được tệp Excel: tệp hỏng, chưa lưu xong, hoặc không phải dạng .xlsx "
               "(ví dụ .xls cũ hay .csv). Mở tệp bằng Excel, chọn File ▸ Save As (Lưu thành), "
               "kiểu Excel Workbook (*.xlsx), rồi chạy lại")


def stream_rows(workbook: Workbook, name: str, columns: dict[str, str], sheet: str | None,
                header_row: int, optional: frozenset[str] = frozenset(),
                warnings: list[Problem] | None = None
                ) -> tuple[Iterator[tuple[int, dict[str, Cell]]], dict[str, str]]:
    """Return the rows below the header as (row number, {key: Cell}), and each key's column.

    ``columns`` maps each key to its header text. A missing sheet or (non-optional)
    column is a ``DataError`` naming the workbook and the sheet. The sheet is read
    as the rows are consumed; reading stops at the first completely empty row.
    A hidden sheet, and hidden rows once read, are added to ``warnings``; a sheet
    whose XML is damaged is a ``DataError`` naming it, when its rows are read.
    """
    if sheet is not None and sheet not in workbook.sheetnames:
        raise DataError([Problem(name, "sheet", f"không có trang tính '{sheet}' "
                                 f"(có: {', '.join(workbook.sheetnames)})")])
    try:
        worksheet = workbook.sheet(sheet)
    except KeyError:  # -- no worksheet at all (only chart sheets) --
        raise DataError([Problem(name, "sheet", "tệp Excel không có trang tính nào")]) from None
    title = worksheet.title
    notices = warnings if warnings is not None else []
    if worksheet.state != "visible":
        notices.append(Problem(name, "", f"trang tính '{title}' đang bị ẩn nhưng vẫn được dùng",
                               cell=f"{title}!A1", warning=True))
    hidden: list[int] = []
    rows = _readable(workbook.rows(worksheet, header_row, hidden), name)
    header = [_header(value) for value in next(rows, (header_row, ()))[1]]
    positions, problems = {}, []
    for key, text in columns.items():
        if _header(text) in header:
            positions[key] = header.index(_header(text))
        elif key not in optional:
            problems.append(Problem(name, key, f"thiếu cột '{text}' ở dòng tiêu đề "
                                    f"{header_row}", cell=f"{title}!{header_row}:{header_row}"))
    if problems:
        raise DataError(problems)
    letters = {key: f"{title}!{column_letter(index + 1)}" for key, index in positions.items()}

    def generate() -> Iterator[tuple[int, dict[str, Cell]]]:
        for number, values in rows:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                break
            yield number, {key: Cell(_clean(values[index] if index < len(values) else None),
                                     f"{letters[key]}{number}")
                           for key, index in positions.items()}
        if hidden:
            shown = ", ".join(str(n) for n in hidden[:10]) + (" …" if len(hidden) > 10 else "")
            notices.append(Problem(name, "", f"{len(hidden)} dòng bị ẩn nhưng vẫn được dùng "
                                   f"(dòng {shown})", cell=f"{title}!{hidden[0]}:{hidden[0]}",
                                   warning=True))

    return generate(), letters


def _readable(rows: Iterator[tuple[int, tuple[Any, ...]]], name: str
              ) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Yield ``rows``; a damaged sheet is a ``DataError`` naming the workbook and the place."""
    try:
        yield from rows
    except Unreadable as error:
        raise DataError([Problem(name, "", f"không đọc được tệp Excel: {error}; mở tệp bằng "
                                 "Excel, lưu lại rồi chạy lại", cell=error.cell)]) from None


def read_table(path: Path, columns: dict[str, str], *, sheet: str | None = None,
               header_row: int = 1, optional: frozenset[str] = frozenset()) -> Table:
    """Return the table of ``sheet`` whose header row holds the ``columns`` header texts."""
    with open_workbook(path) as workbook:
        warnings: list[Problem] = []
        rows, _ = stream_rows(workbook, short_path(path), columns, sheet, header_row, optional,
                              warnings)
        title = workbook.sheet(sheet).title
        return Table(Path(path), title, [cells for _, cells in rows], warnings)


def integer(table: Table, cell: Cell, field: str, problems: list[Problem], *,
            required: bool = True) -> int | None:
    """Return the cell as a whole number, or record a problem naming the cell."""
    value = cell.value
    if cell.empty:
        if required or isinstance(value, Formula):
            problems.append(table.problem(cell, field, cell.missing("cần một số")))
        return None
    if isinstance(value, bool):
        problems.append(table.problem(cell, field, f"cần một số, ô ghi '{value}'"))
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)  # -- a number cell: Excel stores every number as a float --
    try:
        number = whole_number(value)
    except NotAWholeNumber as error:
        problems.append(table.problem(cell, field, f"ô ghi {error}"))
        return None
    if isinstance(number, int):
        return number
    problems.append(table.problem(cell, field, f"cần một số nguyên, ô ghi '{value}'"))
    return None


def text(table: Table, cell: Cell, field: str, problems: list[Problem], *,
         required: bool = True) -> str | None:
    """Return the cell as text, or record a problem when a required cell is empty."""
    if cell.empty:
        if required or isinstance(cell.value, Formula):
            problems.append(table.problem(cell, field, cell.missing("cần ghi nội dung")))
        return None
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
