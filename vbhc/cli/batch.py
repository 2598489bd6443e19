"""The ``vbhc batch`` command: one document per unit of a table, with a progress bar.

Registered by the CLI with ``cli.add_command(batch)``. Exit codes: 0 every unit
written; 1 some units failed, or the summary could not be written (the failed
units are listed all the same; the others written); 2 the batch as a whole is
wrong, or its folder is in use by another run (nothing written); 130 interrupted
by Ctrl-C or SIGTERM (files already written are complete, the summary says which
units were not re-created).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from vbhc.cli.vietnamese import Command
from vbhc.core.errors import DataError, short_path
from vbhc.core.formatting import number
from vbhc.data.loading import load_yaml
from vbhc.kinds import KINDS
from vbhc.pipeline.batch.records import SUMMARY_STEM, BatchResult, UnitResult
from vbhc.pipeline.batch.run import check_batch, run_batch

MAX_LISTED = 30  # failures listed one by one; the rest are in tong_hop.xlsx


class _Progress:
    """Report progress: a bar on a terminal, a few plain lines otherwise."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int, result: UnitResult) -> None:
        if self.interactive:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label="Đang tạo văn bản",
                                             show_pos=True, show_eta=True, file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(done - self.shown)
            self.shown = done
            return
        step = max(1, total // 10) if total > 20 else 1
        if done % step == 0 or done == total:
            state = "xong" if result.ok else "LỖI"
            click.echo(f"[{done}/{total}] {result.name}: {state}", err=True)

    def close(self) -> None:
        """Finish the bar, if one was drawn."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class _PdfProgress(_Progress):
    """Report PDF conversion progress (a bar on a terminal, plain lines otherwise)."""

    def __call__(self, done: int, total: int) -> None:  # type: ignore[override]
        if self.interactive:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label="Đang xuất PDF",
                                             show_pos=True, file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(done - self.shown)
            self.shown = done
        elif done == total or done % max(1, total // 10) == 0:
            click.echo(f"[PDF {done}/{total}]", err=True)


def report_warnings(result: BatchResult) -> None:
    """Print each distinct warning once, with the units it concerns."""
    seen: dict[str, list[str]] = {}
    for unit in result.units:
        for warning in unit.warnings:
            seen.setdefault(str(warning), []).append(unit.name)
    for text, names in list(seen.items())[:MAX_LISTED]:
        who = names[0] if len(names) == 1 else f"{len(names)} đơn vị"
        click.echo(f"Cảnh báo ({who}): {text}", err=True)
    if len(seen) > MAX_LISTED:
        click.echo(f"  … và {len(seen) - MAX_LISTED} cảnh báo khác (xem cột Ghi chú trong "
                   f"{SUMMARY_STEM}.xlsx)", err=True)


def report(result: BatchResult) -> None:
    """Print the outcome: files written, totals, and every failed unit with its problems."""
    folder = short_path(result.output_dir)
    click.echo(f"Đã ghi {len(result.written)}/{len(result.units)} văn bản vào {folder} "
               f"({result.seconds:.1f} giây, {result.jobs} tiến trình).")
    for total in result.totals:
        click.echo(f"Tổng chỉ tiêu {total.label} của các đơn vị: {number(total.actual)}, "
                   "khớp kế hoạch cấp trên.")
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    report_warnings(result)
    if result.summary is not None:
        click.echo(f"Bảng tổng hợp: {short_path(result.summary)}")
    if result.archive is not None:
        click.echo(f"Tệp nén: {short_path(result.archive)}")
    for error in result.output_errors:
        click.echo(f"Lỗi: {error}", err=True)
    failures = result.failures
    if not failures:
        return
    # -- without a summary this list is the only record of the failures: all of it --
    listed = failures[:MAX_LISTED] if result.summary is not None else failures
    click.echo(f"Lỗi: {len(failures)} đơn vị không tạo được văn bản:", err=True)
    for unit in listed:
        for problem in unit.problems or []:
            click.echo(f"  {unit.name}: {problem}", err=True)
    if len(failures) > len(listed):
        click.echo(f"  … và {len(failures) - len(listed)} đơn vị khác (xem cột Ghi chú trong "
                   f"{SUMMARY_STEM}.xlsx)", err=True)


@click.command(cls=Command)
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--data", "data", required=True, type=click.Path(path_type=Path),
              metavar="TỆP", help="Tệp dữ liệu YAML chung, có bảng đơn vị 'don_vi'.")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="THƯ_MỤC",
              help="Thư mục kết quả (mặc định: output/<tên tệp dữ liệu>/).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Số tiến trình song song (mặc định: số lõi CPU; ít đơn vị thì ít hơn).")
@click.option("--zip", "make_zip", is_flag=True,
              help="Ghi thêm một tệp .zip chứa cả thư mục kết quả.")
@click.option("--only", metavar="TÊN",
              help="Chỉ tạo văn bản của một đơn vị (tên đơn vị hoặc tên tệp), để xem nhanh.")
@click.option("--force", is_flag=True,
              help="Ghi đè cả văn bản đã được sửa tay (bản cũ được giữ lại bên cạnh).")
@click.option("--pdf", "make_pdf", is_flag=True,
              help="Ghi thêm bản PDF bên cạnh mỗi văn bản (LibreOffice).")
@click.option("--dien-tu", "electronic", is_flag=True,
              help="Văn bản điện tử: PDF/A để ký số và .metadata.json cho mỗi văn bản, "
                   "sổ đăng ký văn bản đi (.xlsx).")
def batch(kind: str, data: Path, output: Path | None, jobs: int | None, make_zip: bool,
          only: str | None, force: bool, make_pdf: bool, electronic: bool) -> None:
    """Tạo văn bản (ke-hoach, …) cho từng đơn vị trong bảng đơn vị của tệp dữ liệu."""
    interactive = sys.stderr.isatty()
    progress = _Progress(interactive=interactive)
    pdf_progress = _PdfProgress(interactive=interactive)
    click.echo("Đang đọc và kiểm tra dữ liệu…", err=True)
    try:
        with _terminate_as_interrupt():
            result = run_batch(kind, data, output, jobs=jobs, only=only,
                               make_zip=make_zip and not electronic, progress=progress,
                               force=force, pdf=make_pdf and not electronic,
                               pdf_progress=pdf_progress)
            if electronic:  # -- the PDF/A replaces --pdf's plain PDF; zipped once it exists --
                register = _electronic(kind, data, result, jobs, pdf_progress,
                                       make_zip and only is None)
    except KeyboardInterrupt:
        progress.close()
        click.echo("\nĐã dừng theo yêu cầu. Các văn bản đã ghi đều đầy đủ; bảng tổng hợp "
                   "ghi rõ các đơn vị chưa được tạo lại.", err=True)
        raise click.exceptions.Exit(130) from None
    finally:
        progress.close()
        pdf_progress.close()
    report(result)
    if electronic and register is not None:
        click.echo(f"Sổ đăng ký văn bản đi: {short_path(register)}")
    if result.exit_code:
        raise click.exceptions.Exit(result.exit_code)


def _electronic(kind: str, data: Path, result: BatchResult, jobs: int | None,
                progress: _PdfProgress, make_zip: bool) -> Path | None:
    """Make the electronic form of the written units; return the register workbook."""
    from vbhc.pipeline.batch.summary import write_zip
    from vbhc.pipeline.electronic_batch import electronic_files, issue_batch

    register = issue_batch(kind, data, result, jobs=jobs, progress=progress)
    if make_zip:
        result.archive = write_zip(result, electronic_files(result, register))
    return register


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (a service stopping, ``kill``) like Ctrl-C: stop cleanly.

    The workers finish the document in hand, this run's staging is removed, the
    folder's lock released and the summary says which units were not re-created.
    """
    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # -- not the main thread: leave SIGTERM alone --
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def is_batch_file(data: Path) -> bool:
    """Return whether a data file holds a table of units (``don_vi``)."""
    try:
        return "don_vi" in load_yaml(Path(data)).data
    except DataError:
        return False  # -- the caller loads it again and reports the problem --


def validate_batch(kind: str, data: Path) -> None:
    """Check every unit of a batch file, print problems and warnings; exit 2 on errors."""
    result = check_batch(kind, data)
    report_warnings(result)
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    failures = result.failures
    if failures:
        problems = [problem for unit in failures for problem in unit.problems]
        raise DataError(problems)
    click.echo(f"{short_path(data)}: hợp lệ, {len(result.units)} đơn vị")
