"""Word edits flow back: a .docx generated from a data file, edited by a clerk, updates it.

The data is rendered as it stands (what the document said before the edits; a document
vbhc made from other data is refused) and once more with its values traced
(``provenance``); the edited .docx is aligned with the rendering paragraph by paragraph
(``compare``). In a changed paragraph the text vbhc adds itself (numbering labels, "- ",
the ";" of Nơi nhận, "Điều 2.") frames the values that produced the rest (``parts``);
each value's edited part becomes its new data text (``merge``, ``backmap``: ``{{ … }}``
references kept where the edit left them whole, a fact edited alike wherever it prints
changed where it is typed). The data file is rewritten keeping its comments, order and
quoting, validated and re-rendered first (``writeback``: a change that would alter a
paragraph the clerk left alone is not written), written atomically with the old file
kept beside it. A change that maps onto no value is listed (``report``), never dropped.
"""

from __future__ import annotations

from pathlib import Path

from vbhc.core.errors import DataError, VbhcError, short_path
from vbhc.data.loading import load_yaml
from vbhc.document import fingerprint
from vbhc.importer import compare, provenance, wordtext
from vbhc.importer.merge import Merger
from vbhc.importer.report import FieldChange, Unmapped, UpdateReport
from vbhc.importer.source import read_source
from vbhc.importer.writeback import Untouched, write
from vbhc.pipeline.render import load, render_to_bytes

_EXCEL = {".xlsx", ".xlsm", ".xls"}
_YAML = {".yaml", ".yml"}

__all__ = ["FieldChange", "Unmapped", "UpdateReport", "update_from_word"]


def update_from_word(data_path: Path, docx_path: Path) -> UpdateReport:
    """Merge the edits made in Word to ``docx_path`` into the data file ``data_path``.

    Raises ``DataError`` for an invalid data file, or one the edits would make invalid
    (nothing is written then), and ``VbhcError`` for a file that is not a Word document.
    """
    data_path, docx_path = Path(data_path), Path(docx_path)
    _check_data_path(data_path)
    try:
        loaded = load(None, data_path)
    except DataError:
        _refuse_batch(data_path)
        raise
    edited, content = _open_edited(docx_path)
    fresh = render_to_bytes(loaded)
    if content is not None:
        _check_same_source(fresh, content, data_path, docx_path)
    rendered = wordtext.paragraphs(fresh)
    traced = provenance.trace(loaded.kind, loaded.source)
    report = UpdateReport(data_path, docx_path)
    if len(traced.paragraphs) != len(rendered):
        raise VbhcError(f"không dò được đoạn nào của {short_path(docx_path)} do trường nào "
                        f"của {short_path(data_path)} tạo ra; hãy sửa tay trong tệp dữ liệu")
    merger = Merger(loaded.source, traced, report)
    pairs = compare.changed_pairs(rendered, edited)
    for pair in pairs:
        merger.pair(pair, rendered, traced.paragraphs, edited)
    merger.drop_disagreements()
    merger.propagate(traced)
    if merger.changes:
        touched = {pair.rendered for pair in pairs}
        untouched = Untouched([wordtext.plain(p) for p in rendered],
                              frozenset(range(len(rendered))) - touched)
        write(loaded.source, merger.changes, report, untouched)
    return report


def _check_data_path(path: Path) -> None:
    if path.suffix.lower() in _EXCEL:
        raise VbhcError(f"{short_path(path)} là bảng tính Excel: cập nhật từ Word chỉ sửa "
                        "được tệp dữ liệu YAML (.yaml); hãy sửa bảng tính bằng tay")
    if path.suffix.lower() not in _YAML:
        raise VbhcError(f"{short_path(path)} không phải tệp dữ liệu YAML (.yaml)")
    if not path.is_file():
        raise VbhcError(f"không tìm thấy tệp dữ liệu {short_path(path)}")


def _refuse_batch(path: Path) -> None:
    """Refuse a batch file that is no document alone (its units complete it), clearly."""
    from vbhc.pipeline.batch.units import BATCH_KEYS  # -- only here: batch is heavy --

    try:
        data = load_yaml(path).data
    except DataError:
        return
    keys = [key for key in BATCH_KEYS if key in data]
    if keys:
        raise VbhcError(f"{short_path(path)} là tệp dữ liệu của vbhc batch (có {keys[0]}): "
                        "mỗi đơn vị một văn bản riêng nên không cập nhật được từ một tệp "
                        "Word; hãy sửa tay trong tệp dữ liệu")


def _open_edited(path: Path) -> tuple[list[list[wordtext.Char]], bytes | None]:
    """Return the edited document's paragraphs, and its bytes when it is a .docx (for the
    fingerprint); files that are not Word documents are refused as ``vbhc import`` refuses
    them (empty, corrupt, a workbook, password-protected, oversized), .doc/.odt converted."""
    source = read_source(path)
    content = None if source.converted_from else path.read_bytes()
    return wordtext.document_paragraphs(source.document), content


def _check_same_source(fresh: bytes, content: bytes, data_path: Path, docx_path: Path) -> None:
    """Refuse a document vbhc made from other data (or another template) than the file's.

    Every difference would count as an edit made in Word: a correction typed into the
    data file after the document was made would be silently undone.
    """
    made, _ = fingerprint.read_bytes(content)
    now, _ = fingerprint.read_bytes(fresh)
    if made is not None and now is not None and made != now:
        raise VbhcError(f"{short_path(docx_path)} không được tạo từ {short_path(data_path)} "
                        "như tệp đang có (tệp dữ liệu đã sửa sau khi tạo văn bản, hoặc văn bản "
                        "tạo bằng mẫu hay phiên bản vbhc khác): đưa chỗ sửa vào sẽ xóa mất "
                        "những chỗ đã sửa trong tệp dữ liệu. Hãy chép tay các chỗ sửa trong "
                        "Word vào tệp dữ liệu; tệp dữ liệu chưa bị thay đổi")
