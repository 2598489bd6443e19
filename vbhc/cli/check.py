"""The ``vbhc check`` command."""

from __future__ import annotations

from pathlib import Path

import click

from vbhc.checker.check import check_docx
from vbhc.checker.model import Report
from vbhc.checker.report import format_json, format_text
from vbhc.cli.vietnamese import Command
from vbhc.core.errors import VbhcError


@click.command("check", cls=Command)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="TỆP.docx...")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def check(files: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra thể thức NĐ30/2020 của các tệp .docx.

    Thoát với mã 1 nếu có lỗi, 2 nếu có tệp không đọc được, 0 nếu đạt.
    """
    reports: list[Report] = []
    unreadable = 0
    for path in files:
        try:
            reports.append(check_docx(path))
        except VbhcError as exc:
            unreadable += 1
            exc.show()
    if reports:
        click.echo(format_json(reports) if as_json else format_text(reports))
    if unreadable:
        raise SystemExit(2)
    if any(r.failures for r in reports):
        raise SystemExit(1)
