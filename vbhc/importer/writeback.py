"""The updated data file: validated, checked against the edited document, written safely."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from vbhc.core.errors import DataError, Problem, VbhcError, short_path
from vbhc.data.loading import Source
from vbhc.data.yaml_roundtrip import missing, replaced_text
from vbhc.importer import wordtext
from vbhc.importer.merge import Candidate
from vbhc.importer.report import FieldChange, Unmapped, UpdateReport
from vbhc.pipeline.output import backup_name, write_atomic
from vbhc.pipeline.render import Loaded, load, render_to_bytes

_BOM = b"\xef\xbb\xbf"


def _note(change: FieldChange) -> str | None:
    if not change.replaced:
        return None
    references = ", ".join(change.replaced)
    return (f"Cập nhật từ Word ngày {date.today():%d/%m/%Y}: chỗ dùng {references} đã bị "
            "sửa đè nên được thay bằng chữ gõ trong Word")


@dataclass(frozen=True)
class Untouched:
    """The paragraphs the clerk left alone: the updated data must print them unchanged."""

    rendered: list[str]  # the data's paragraphs before the update, as plain text
    indexes: frozenset[int]  # those the edit did not touch

    def damaged(self, loaded: Loaded) -> list[int]:
        """Return the untouched paragraphs ``loaded`` no longer prints as they were."""
        now = [wordtext.plain(p) for p in wordtext.paragraphs(render_to_bytes(loaded))]
        matcher = difflib.SequenceMatcher(None, self.rendered, now, autojunk=False)
        same = {i for block in matcher.get_matching_blocks()
                for i in range(block.a, block.a + block.size)}
        return sorted(self.indexes - same)


def write(source: Source, candidates: dict[tuple[str | int, ...], Candidate],
          report: UpdateReport, untouched: Untouched) -> None:
    """Validate the updated data, check it, then write it atomically keeping the old file.

    A change that would also alter paragraphs the clerk did not edit (a value printed in
    two places, a column heading that is also a workbook's column name) is left out and
    listed; an update that becomes invalid is an error and nothing is written.
    """
    windows = "\r\n" in source.text
    original = source.text.replace("\r\n", "\n")  # -- ruamel reads "\r\n" as extra lines --
    absent = set(missing(original, list(candidates)))
    for path in absent:
        candidate = candidates.pop(path)
        # -- a value the YAML file does not hold itself (read from a workbook) --
        report.unmapped.append(Unmapped(candidate.paragraph, candidate.old, candidate.new,
                                        f"{candidate.change.field} không nằm trong tệp YAML "
                                        "(lấy từ bảng tính?): hãy sửa ở nơi nó được ghi"))
    if not candidates:
        return
    kept = [candidate.change for candidate in candidates.values()]
    text = _text(original, kept, windows)
    if untouched.damaged(_validated(source, text)):
        for path, candidate in list(candidates.items()):
            alone = _text(original, [candidate.change], windows)
            try:
                damaged = untouched.damaged(_validated(source, alone))
            except DataError:
                continue  # -- invalid alone but not together: the final check decides --
            if damaged:
                del candidates[path]
                report.unmapped.append(_collateral(candidate, damaged[0], untouched))
        kept = [candidate.change for candidate in candidates.values()]
        if not kept:
            return
        text = _text(original, kept, windows)
        damaged = untouched.damaged(_validated(source, text))
        if damaged:
            raise VbhcError(f"không cập nhật được {short_path(source.path)} an toàn: các chỗ "
                            f"sửa cùng nhau làm đổi cả đoạn {damaged[0] + 1} "
                            f"(“{untouched.rendered[damaged[0]][:60]}”) mà văn bản Word không "
                            "sửa; tệp dữ liệu chưa bị thay đổi, hãy sửa tay")
    backup = backup_name(source.path, label="ban-cu")
    before = source.path.read_bytes()
    write_atomic(backup, before)
    # -- written as the clerk's editor saved it: Windows line ends, a BOM if it had one --
    write_atomic(source.path, text.encode("utf-8-sig" if before.startswith(_BOM) else "utf-8"))
    report.changes = kept
    report.backup = backup


def _text(original: str, changes: list[FieldChange], windows: bool) -> str:
    text = replaced_text(original, [(c.path, c.new, _note(c)) for c in changes])
    return text.replace("\n", "\r\n") if windows else text


def _validated(source: Source, text: str) -> Loaded:
    """Return the updated data loaded; invalid, it is a ``DataError`` saying nothing changed."""
    try:
        return load(None, source.path, text)
    except DataError as error:
        raise DataError([Problem(p.source, p.field, f"{p.message} (sau khi đưa chỗ sửa trong "
                                 "Word vào; tệp dữ liệu chưa bị thay đổi)", p.line, p.column)
                         for p in error.problems]) from None


def _collateral(candidate: Candidate, damaged: int, untouched: Untouched) -> Unmapped:
    text = untouched.rendered[damaged]
    shown = text if len(text) <= 60 else text[:59] + "…"
    return Unmapped(candidate.paragraph, candidate.old, candidate.new,
                    f"đổi {candidate.change.field} theo chỗ sửa này sẽ đổi cả đoạn "
                    f"{damaged + 1} (“{shown}”) mà văn bản Word không sửa; chưa ghi, hãy "
                    "sửa tay trong tệp dữ liệu")
