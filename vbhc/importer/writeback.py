"""The updated data file: validated, checked against the edited document, written safely."""

from __future__ import annotations

from datetime import date

from vbhc.core.errors import DataError, Problem
from vbhc.data.loading import Source
from vbhc.data.yaml_roundtrip import missing, replaced_text
from vbhc.importer.merge import Candidate
from vbhc.importer.report import FieldChange, Unmapped, UpdateReport
from vbhc.pipeline.output import backup_name, write_atomic
from vbhc.pipeline.render import load

_BOM = b"\xef\xbb\xbf"


def _note(change: FieldChange) -> str | None:
    if not change.replaced:
        return None
    references = ", ".join(change.replaced)
    return (f"Cập nhật từ Word ngày {date.today():%d/%m/%Y}: chỗ dùng {references} đã bị "
            "sửa đè nên được thay bằng chữ gõ trong Word")


def write(source: Source, candidates: dict[tuple[str | int, ...], Candidate],
           report: UpdateReport) -> None:
    """Validate the updated data, then write it atomically keeping the old file."""
    kept: list[FieldChange] = []
    windows = "\r\n" in source.text
    original = source.text.replace("\r\n", "\n")  # -- ruamel reads "\r\n" as extra lines --
    absent = set(missing(original, list(candidates)))
    for path, candidate in candidates.items():
        if path in absent:
            # -- a value the YAML file does not hold itself (read from a workbook) --
            report.unmapped.append(Unmapped(candidate.paragraph, candidate.old, candidate.new,
                                            f"{candidate.change.field} không nằm trong tệp "
                                            "YAML (lấy từ bảng tính?): hãy sửa ở nơi nó được "
                                            "ghi"))
            continue
        kept.append(candidate.change)
    if not kept:
        return
    text = replaced_text(original, [(c.path, c.new, _note(c)) for c in kept])
    if windows:
        text = text.replace("\n", "\r\n")
    try:
        load(None, source.path, text)
    except DataError as error:
        raise DataError([Problem(p.source, p.field, f"{p.message} (sau khi đưa chỗ sửa trong "
                                 "Word vào; tệp dữ liệu chưa bị thay đổi)", p.line, p.column)
                         for p in error.problems]) from None
    backup = backup_name(source.path, label="ban-cu")
    before = source.path.read_bytes()
    write_atomic(backup, before)
    # -- written as the clerk's editor saved it: Windows line ends, a BOM if it had one --
    write_atomic(source.path, text.encode("utf-8-sig" if before.startswith(_BOM) else "utf-8"))
    report.changes = kept
    report.backup = backup
