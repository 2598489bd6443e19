"""Errors a user can cause. Each carries a Vietnamese message and an exit code.

Like click's own ``UsageError``, bad input exits with 2; the CLI never shows a
traceback for these.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file, located as precisely as we can."""

    source: str  # file name (or "workbook.xlsx")
    field: str = ""  # dotted data path, e.g. "nguoi_ky.ho_ten"
    message: str = ""
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    cell: str | None = None  # "Sheet1!C7" for Excel sources
    warning: bool = False

    def __str__(self) -> str:
        where = self.source
        if self.cell:
            where += f"[{self.cell}]"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class VbhcError(click.ClickException):
    """Base of every error caused by the user's input or environment."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(f"Lỗi: {self.format_message()}", err=True, file=file or sys.stderr)


class DataError(VbhcError):
    """The data file (or a workbook it names) is invalid. Lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        problems = sorted(problems, key=lambda p: (p.source, p.line or 0, p.cell or ""))
        self.problems = [p for p in problems if not p.warning]
        self.warnings = [p for p in problems if p.warning]
        count = len(self.problems)
        head = "dữ liệu không hợp lệ" if count == 1 else f"dữ liệu có {count} lỗi"
        body = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}:\n{body}")


class CommandLineError(VbhcError):
    """An option or argument of the command is wrong; the data file may well be right."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(f"Lỗi dòng lệnh: {self.format_message()}", err=True,
                   file=file or sys.stderr)


class TemplateError(VbhcError):
    """A .docx template cannot be read or rendered."""


class OutputError(VbhcError):
    """An output file cannot be written."""


class ToolMissing(VbhcError):
    """An external program (LibreOffice) is not installed."""


def short_path(path: Path | str) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
