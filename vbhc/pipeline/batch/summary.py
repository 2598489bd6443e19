"""A batch's shared outputs: the summary workbook ``tong_hop.xlsx`` and the .zip of the folder.

Both are written atomically, after the documents; before the first document the
previous summary is replaced by a notice that a run is under way
(``mark_in_progress``), so a run killed midway never leaves a summary that
describes documents other than those in the folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc.core.errors import OutputError, short_path
from vbhc.pipeline.batch.records import SUMMARY_STEM
from vbhc.pipeline.batch.results_form import results_form
from vbhc.pipeline.batch.sheet_writer import BOLD, PLAIN, Sheet, workbook_bytes
from vbhc.pipeline.output import write_atomic

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
    widths = [6, 24, 28, 18] + [14] * len(result.targets) + [10, 22, 10, 60]
    sheet = Sheet("Tổng hợp", widths, freeze="A2")
    rows = summary_rows(result)
    last_unit = len(result.units)
    for number, row in enumerate(rows):
        # -- the header and the totals below the units are bold --
        sheet.append(row, BOLD if number == 0 or number > last_unit else PLAIN)
    # -- then the sheet units fill in and return --
    write_atomic(path, workbook_bytes([sheet, *results_form(result)]))
    return path


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

    notice = Sheet("Tổng hợp", [120])
    for line in lines:
        notice.append([line])
    path = folder / f"{SUMMARY_STEM}.xlsx"
    try:
        write_atomic(path, workbook_bytes([notice]))
    except OutputError:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise OutputError(f"không thay được {short_path(path)} của lần chạy trước: "
                              f"{error.strerror or error}") from error


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
