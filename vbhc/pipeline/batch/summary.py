"""A batch's shared outputs: the summary workbook ``tong_hop.xlsx`` and the .zip of the folder.

Both are written atomically, after the documents; before the first document the
previous summary is replaced by a notice that a run is under way
(``mark_in_progress``), so a run killed midway never leaves a summary that
describes documents other than those in the folder.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbhc.core.errors import OutputError, short_path
from vbhc.pipeline.batch.records import SUMMARY_STEM
from vbhc.pipeline.batch.results_form import add_results_form
from vbhc.pipeline.output import reason, write_atomic

if TYPE_CHECKING:
    from vbhc.pipeline.batch.records import BatchResult, UnitResult

OK_TEXT = "Đã tạo"
FAILED_TEXT = "Lỗi"
STALE_TEXT = "Bản cũ"  # the run stopped before it; the file there is an earlier run's
NOT_DONE_TEXT = "Chưa tạo"
IN_PROGRESS = "Bảng tổng hợp đang được tạo lại"


def summary_rows(result: BatchResult) -> list[list[object]]:
    """Return the summary table: a header, one row per unit, then the totals."""
    labels = list(result.targets.values())
    header: list[object] = ["STT", "Đơn vị", "Tệp", "Số, ký hiệu"]
    header += [_title(label) for label in labels] + ["Số sự kiện", "Người ký", "Kết quả", "Ghi chú"]
    rows: list[list[object]] = [header]
    for number, unit in enumerate(result.units, start=1):
        notes = "; ".join(f"{p.field}: {p.message}" if p.field else p.message
                          for p in unit.problems)
        notes = "; ".join(filter(None, [notes] + [f"cảnh báo: {p.message}"
                                                  for p in unit.warnings]))
        if unit.backup:
            notes = "; ".join(filter(None, [notes, "bản sửa tay cũ giữ lại ở "
                                                   f"{Path(unit.backup).name}"]))
        row: list[object] = [number, unit.name, unit.file, unit.so_ky_hieu]
        row += [unit.chi_tieu.get(key) for key in result.targets]
        rows.append(row + [unit.su_kien, unit.nguoi_ky, _state(unit), notes])
    sums = [sum(unit.chi_tieu.get(key) or 0 for unit in result.units) for key in result.targets]
    totals: list[object] = ["", "Tổng cộng", "", ""]
    rows.append(totals + sums + ["", "", f"{len(result.written)}/{len(result.units)} đã tạo", ""])
    expected = {total.key: total.expected for total in result.totals}
    if expected:
        above: list[object] = ["", "Chỉ tiêu cấp trên", "", ""]
        rows.append(above + [expected.get(key) for key in result.targets] + ["", "", "", ""])
    return rows


def _state(unit: UnitResult) -> str:
    if unit.ok:
        return OK_TEXT
    if unit.interrupted:
        return STALE_TEXT if unit.stale else NOT_DONE_TEXT
    return FAILED_TEXT


def _title(label: str) -> str:
    return label[:1].upper() + label[1:]


def write_summary(result: BatchResult) -> Path:
    """Write ``tong_hop.xlsx`` in the output folder and return its path (else ``OutputError``)."""
    path = result.output_dir / f"{SUMMARY_STEM}.xlsx"

    def fill(sheet: Any) -> None:
        _fill_summary(sheet, result)
        add_results_form(sheet.parent, result)  # -- the sheet units fill in and return --

    write_atomic(path, _workbook(path, fill))
    return path


def _fill_summary(sheet: Any, result: BatchResult) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    widths = [6, 24, 28, 18] + [14] * len(result.targets) + [10, 22, 10, 60]
    for index, width in enumerate(widths):
        sheet.column_dimensions[_column(index)].width = width
    sheet.freeze_panes = "A2"
    rows = summary_rows(result)
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        if number == 0 or number >= len(result.units) + 1:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        else:
            sheet.append(row)


def _workbook(path: Path, fill: Callable[[Any], None]) -> bytes:
    """Return the bytes of a one-sheet workbook ``fill(sheet)`` wrote; else ``OutputError``.

    openpyxl's write-only rows go through a temporary file, which a full disk
    makes fail (an ``OSError``, or lxml's ``SerialisationError`` naming the errno).
    """
    from lxml import etree
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tổng hợp")
    try:
        fill(sheet)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    except (OSError, etree.SerialisationError) as error:
        writer = getattr(sheet, "_writer", None)
        # -- end the failed stream now, or its clean-up prints a trace when collected --
        with contextlib.suppress(Exception):
            writer.xf.close()  # type: ignore[union-attr]
        if not isinstance(error, OSError):
            code = getattr(errno, str(error).removeprefix("IO_"), 0)
            error = OSError(code, str(error))
        raise OutputError(f"không ghi được {short_path(path)}: {reason(error)}") from error


def mark_in_progress(folder: Path) -> None:
    """Replace the folder's summary by a notice that a run is writing the documents.

    Where even the notice cannot be written (full disk), the old summary is
    removed: no summary is better than one describing other documents.
    """
    started = datetime.now().strftime("%H:%M:%S ngày %d/%m/%Y")
    lines = (IN_PROGRESS,
             f"Lần chạy vbhc batch bắt đầu lúc {started} (tiến trình {os.getpid()}) đang ghi "
             "các văn bản; bảng đầy đủ thay cho bảng này khi chạy xong.",
             "Nếu không còn lần chạy nào: lần chạy đó đã dừng giữa chừng, các văn bản trong thư "
             "mục có thể là của hai lần chạy khác nhau. Hãy chạy lại vbhc batch.")

    def fill(sheet: Any) -> None:
        sheet.column_dimensions["A"].width = 120
        for line in lines:
            sheet.append([line])

    path = folder / f"{SUMMARY_STEM}.xlsx"
    try:
        write_atomic(path, _workbook(path, fill))
    except OutputError:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise OutputError(f"không thay được {short_path(path)} của lần chạy trước: "
                              f"{error.strerror or error}") from error


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def write_zip(result: BatchResult, extra: Sequence[str] = ()) -> Path:
    """Write ``<folder>.zip`` beside the output folder (this run's files) and return it.

    ``extra`` names more files of the folder to include (the electronic issue's PDFs).
    """
    folder = result.output_dir
    path = folder.parent / f"{folder.resolve().name}.zip"
    names = [unit.file for unit in result.written]
    if result.summary is not None:
        names.append(result.summary.name)
    names += extra
    # -- not mkstemp: its files are private (0600); this one gets the usual permissions --
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as error:
        raise OutputError(f"không ghi được {short_path(path)}: "
                          f"{error.strerror or error}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            # -- .docx and .xlsx are already deflated: store them as they are --
            with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED) as archive:
                for name in names:
                    archive.write(folder / name, f"{folder.resolve().name}/{name}")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"không ghi được {short_path(path)}: "
                              f"{error.strerror or error}") from error
        raise
    return path
