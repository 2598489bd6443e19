"""`vbhc import --cap-nhat DATA DOCX`: Word edits merged back into the data file.

Click-free: the ``import`` command calls ``run_cap_nhat`` with its two paths.
"""

from __future__ import annotations

from pathlib import Path

import click

from vbhc.importer.update import update_from_word


def run_cap_nhat(data: Path, docx: Path) -> None:
    """Merge the edits of ``docx`` into ``data`` and print what changed, field by field.

    Errors are ``vbhc.core.errors`` classes: the command shows them and exits with 2.
    """
    report = update_from_word(Path(data), Path(docx))
    for line in report.lines():
        click.echo(line)
