"""A batch's shared outputs: the summary workbook ``tong_hop.xlsx`` and the .zip of the folder.

Both are written atomically, after the documents: an interrupted run leaves the
previous summary (or none), never half of one.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbhc.core.errors import OutputError, short_path
from vbhc.pipeline.batch.records import SUMMARY_STEM
from vbhc.pipeline.output import write_atomic

if TYPE_CHECKING:
    from vbhc.pipeline.batch.records import BatchResult

OK_TEXT = "Đã tạo"
FAILED_TEXT = "Lỗi"


def summary_rows(result: BatchResult) -> list[list[Any]]:
    """Return the summary table: a header, one row per unit, then the totals."""
    labels = list(result.targets.values())
    header = (["STT", "Đơn vị", "Tệp", "Số, ký hiệu"] + [_title(label) for label in labels]
              + ["Số sự kiện", "Người ký", "Kết quả", "Ghi chú"])
    rows: list[list[Any]] = [header]
    for number, unit in enumerate(result.units, start=1):
        notes = "; ".join(f"{p.field}: {p.message}" if p.field else p.message
                          for p in unit.problems)
        notes = "; ".join(filter(None, [notes] + [f"cảnh báo: {p.message}"
                                                  for p in unit.warnings]))
        if unit.backup:
            notes = "; ".join(filter(None, [notes, "bản sửa tay cũ giữ lại ở "
                                                   f"{Path(unit.backup).name}"]))
        rows.append([number, unit.name, unit.file, unit.so_ky_hieu]
                    + [unit.chi_tieu.get(key) for key in result.targets]
                    + [unit.su_kien, unit.nguoi_ky, OK_TEXT if unit.ok else FAILED_TEXT,
                       notes])
    sums = [sum(unit.chi_tieu.get(key) or 0 for unit in result.units) for key in result.targets]
    rows.append(["", "Tổng cộng", "", ""] + sums
                + ["", "", f"{len(result.written)}/{len(result.units)} đã tạo", ""])
    expected = {total.key: total.expected for total in result.totals}
    if expected:
        rows.append(["", "Chỉ tiêu cấp trên", "", ""]
                    + [expected.get(key) for key in result.targets] + ["", "", "", ""])
    return rows


def _title(label: str) -> str:
    return label[:1].upper() + label[1:]


def write_summary(result: BatchResult) -> Path:
    """Write ``tong_hop.xlsx`` in the output folder and return its path."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tổng hợp")
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = result.output_dir / f"{SUMMARY_STEM}.xlsx"
    write_atomic(path, buffer.getvalue())
    return path


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
