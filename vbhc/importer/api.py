"""``vbhc import``: a Word document in, the data file of its kind out.

``import_text`` reads and writes in memory; ``import_file`` validates the text
through vbhc's own loader (the same as ``vbhc render``) and writes it atomically.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from vbhc.core.errors import DataError, OutputError, short_path
from vbhc.importer import reader, writer, yaml_out
from vbhc.importer.reading import Reading
from vbhc.pipeline import render
from vbhc.pipeline.output import backup_name, write_atomic

HEADER = ("# Tệp dữ liệu do «vbhc import» đọc từ {source}.\n"
          "# Kiểm tra các chỗ có ghi chú (#) rồi chạy: vbhc render --data {target}\n"
          "# Số thứ tự mục, dấu câu của Nơi nhận và dòng ngày tháng do vbhc tự tính.\n\n")


@dataclass
class Imported:
    """The result of an import: the kind, the YAML text and the paragraphs left out."""

    kind: str
    text: str
    leftovers: list[tuple[int, str]]
    reading: Reading
    backup: Path | None = None  # the data file it replaced (with --force), kept beside


def import_text(source: Path, target: Path | None = None) -> Imported:
    """Return the data file text for the document at ``source`` (not validated)."""
    reading = reader.read_path(source)
    built = writer.build(reading)
    head = HEADER.format(source=Path(source).name,
                         target=short_path(target) if target else "<tệp này>")
    text = head + yaml_out.emit(built.data, built.comments).lstrip("\n")
    text += yaml_out.leftover_comments(built.leftovers)
    return Imported(reading.kind, text, built.leftovers, reading)


def import_file(source: Path, target: Path, *, force: bool = False) -> Imported:
    """Import ``source`` into the data file ``target``: validated, then written atomically."""
    target = Path(target)
    if target.exists() and not force:
        raise OutputError(f"{short_path(target)} đã có; thêm --force để ghi đè")
    imported = import_text(source, target)
    try:
        render.load(imported.kind, target, text=imported.text)
    except DataError as error:
        problems = "\n".join(f"  {p}" for p in error.problems)
        raise OutputError(f"dữ liệu đọc từ {short_path(source)} chưa hợp lệ nên chưa ghi "
                          f"{short_path(target)}:\n{problems}") from error
    if target.exists():  # -- replacing a clerk's file: keep it, as --cap-nhat does --
        imported.backup = backup_name(target, label="ban-cu")
        shutil.copy2(target, imported.backup)
    write_atomic(target, imported.text.encode("utf-8"))
    return imported
