"""Word edits flow back: a .docx generated from a data file, edited by a clerk, updates it.

The data is rendered as it stands (what the document said before the edits) and once
more with its values traced (``provenance``); the edited .docx is aligned with the
rendering paragraph by paragraph (``compare``). In a changed paragraph the text vbhc
adds itself (numbering labels, "- ", the ";" of Nơi nhận, "Điều 2.") frames the values
that produced the rest; each value's edited part becomes its new data text
(``backmap``: ``{{ … }}`` references kept where the edit left them whole). The data file
is rewritten in place keeping its comments, order and quoting, validated first, written
atomically, the old file kept beside it. A change that maps onto no value is listed,
never dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, Problem, VbhcError, short_path
from vbhc.data.emphasis import escape_markers
from vbhc.data.loading import Source, dotted, load_yaml
from vbhc.data.yaml_roundtrip import missing, replaced_text
from vbhc.importer import backmap, compare, parts, provenance, wordtext
from vbhc.pipeline.output import backup_name, reason, write_atomic
from vbhc.pipeline.render import load, render_to_bytes

_EXCEL = {".xlsx", ".xlsm", ".xls"}
_YAML = {".yaml", ".yml"}
_BOM = b"\xef\xbb\xbf"
_SHOWN = 90  # characters of a paragraph quoted in the report


@dataclass(frozen=True)
class FieldChange:
    """One data value changed: where, its text before and after, references dropped."""

    path: tuple[str | int, ...]
    old: str
    new: str
    replaced: tuple[str, ...] = ()  # references the edit overwrote with literal text
    printed: int = 0  # a fact edited alike wherever a reference prints it: how many places

    @property
    def field(self) -> str:
        """Return the value's place as clerks read it: ``noi_dung[2].muc[0].doan``."""
        return dotted(self.path)


@dataclass(frozen=True)
class Unmapped:
    """An edited paragraph that updates no value, and why."""

    paragraph: int  # 1-based, in the edited document (or the rendered one, if deleted)
    old: str | None
    new: str | None
    reason: str


@dataclass
class UpdateReport:
    """What ``update_from_word`` did: the values changed and the edits left to the clerk."""

    data_path: Path
    docx_path: Path
    changes: list[FieldChange] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    backup: Path | None = None  # the data file as it was, kept beside it

    def lines(self) -> list[str]:
        """Return the report in Vietnamese, one printed line each."""
        data, docx = short_path(self.data_path), short_path(self.docx_path)
        if not self.changes and not self.unmapped:
            return [f"Không có gì thay đổi: {docx} giống văn bản mà {data} tạo ra; "
                    "tệp dữ liệu giữ nguyên."]
        out: list[str] = []
        if self.changes:
            out.append(f"Đã cập nhật {data} từ {docx}: {len(self.changes)} trường thay đổi.")
            for change in self.changes:
                out += [f"  {change.field}:", f"    cũ:  {_short(change.old)}",
                        f"    mới: {_short(change.new)}"]
                if change.printed:
                    out.append(f"    (sửa giống nhau ở cả {change.printed} chỗ trong văn bản; "
                               "các câu dùng {{ … }} vẫn giữ tham chiếu)")
                out += [f"    (tham chiếu {ref} bị sửa đè nên được thay bằng chữ; đã ghi "
                        "chú thích trong tệp dữ liệu)" for ref in change.replaced]
            if self.backup is not None:
                out.append(f"  Tệp dữ liệu cũ được giữ lại: {short_path(self.backup)}")
        else:
            out.append(f"Không trường nào của {data} được cập nhật; tệp dữ liệu giữ nguyên.")
        if self.unmapped:
            out.append(f"{len(self.unmapped)} chỗ sửa trong {docx} không đưa được vào dữ "
                       "liệu; hãy sửa tay trong tệp dữ liệu:")
            for item in self.unmapped:
                out.append(f"  đoạn {item.paragraph}: {item.reason}")
                if item.old is not None:
                    out.append(f"    trước: {_short(item.old)}")
                if item.new is not None:
                    out.append(f"    sau:   {_short(item.new)}")
        return out


def _short(text: str) -> str:
    text = text.replace("\n", " ⏎ ")
    return f"“{text}”" if len(text) <= _SHOWN else f"“{text[:_SHOWN - 1]}…”"


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
    edited = _read_docx(docx_path)
    rendered = wordtext.paragraphs(render_to_bytes(loaded))
    traced = provenance.trace(loaded.kind, loaded.source)
    report = UpdateReport(data_path, docx_path)
    if len(traced.paragraphs) != len(rendered):
        raise VbhcError(f"không đối chiếu được {short_path(docx_path)} với "
                        f"{short_path(data_path)}: vbhc dựng văn bản không ổn định")
    merger = _Merger(loaded.source, traced, report)
    for pair in compare.changed_pairs(rendered, edited):
        merger.pair(pair, rendered, traced.paragraphs, edited)
    merger.propagate(traced)
    if merger.changes:
        _write(loaded.source, merger.changes, report)
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


def _read_docx(path: Path) -> list[list[wordtext.Char]]:
    name = short_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise VbhcError(f"không tìm thấy tệp Word {name}") from None
    except OSError as error:
        raise VbhcError(f"không đọc được {name}: {reason(error)}") from None
    try:
        return wordtext.paragraphs(data)
    except wordtext.NotADocument:
        raise VbhcError(f"{name} không phải văn bản Word (.docx) đọc được: hãy mở trong "
                        "Word và lưu lại dưới dạng .docx") from None


@dataclass
class _Candidate:
    """A value change found in one paragraph (kept to list it if it cannot be written)."""

    change: FieldChange
    paragraph: int
    old: str  # the paragraph, before and after the edit
    new: str
    marked: str = ""  # the value's rendering with reference marks, before and after
    before: str = ""
    after: str = ""
    proposals: tuple[backmap.Proposal, ...] = ()


class _Merger:
    """Turns changed paragraphs into value changes, collecting what cannot be mapped."""

    def __init__(self, source: Source, traced: provenance.Traced, report: UpdateReport
                 ) -> None:
        self.source = source
        # -- the values as the file writes them (the loaded copy may have been normalised) --
        self.data = load_yaml(source.path, source.text).data
        self.leaves = traced.leaves
        self.report = report
        self.changes: dict[tuple[str | int, ...], _Candidate] = {}
        # -- a value printed by several paragraphs (a pattern filled once per đợt) --
        self.uses = Counter(span.index for paragraph in traced.paragraphs
                            for span in provenance.layout(wordtext.marked(
                                paragraph, (False, False), provenance.transparent)).spans)
        self.paragraph = (0, "", "")  # the paragraph at hand: number, before, after

    def pair(self, pair: compare.Pair, rendered: list[list[wordtext.Char]],
             traced: list[list[wordtext.Char]], edited: list[list[wordtext.Char]]) -> None:
        """Map one changed paragraph onto the values that produced it."""
        if pair.rendered is None or pair.edited is None:
            self._added_or_removed(pair, rendered, edited)
            return
        chars = rendered[pair.rendered]
        base = wordtext.base_emphasis(chars)
        old = wordtext.marked(chars, base)
        new = wordtext.marked(edited[pair.edited], base)
        self.paragraph = (pair.edited + 1, old, new)
        lay = provenance.layout(wordtext.marked(traced[pair.rendered], base,
                                                provenance.transparent))
        if not lay.spans:
            self._unmapped("đoạn này do vbhc tự tạo (số, ngày tháng, số liệu, nhãn), không "
                           "ứng với chữ nào gõ trong dữ liệu")
            return
        if not lay.complete:
            self._unmapped("đoạn này thuộc một giá trị trải dài nhiều đoạn")
            return
        before_parts = parts.old_parts(old, lay)
        after_parts = (None if before_parts is None
                       else parts.new_parts(old, new, lay.frames, before_parts))
        if before_parts is None or after_parts is None:
            self._unmapped("phần vbhc tự thêm (số thứ tự, dấu đầu dòng, dấu câu cuối, nhãn "
                           "như “Điều 2.”) đã bị sửa, hoặc không tách được các giá trị trong "
                           "đoạn")
            return
        for span, before, after in zip(lay.spans, before_parts, after_parts, strict=True):
            if before != after:
                before, after = parts.reconciled(span, before, after)
                self._value(span, before, after.strip() if before == before.strip() else after)

    def _value(self, span: provenance.Span, old: str, new: str) -> None:
        path = self.leaves[span.index]
        if self.source.base is not None and path[0] not in self.source.own_keys:
            self._unmapped(f"{dotted(path)} lấy từ tệp {self.source.base.name} (dua_tren): "
                           "hãy sửa trong tệp đó")
            return
        raw = _value_at(self.data, path)
        if "\n" in old and "\n" not in raw:
            # -- vbhc broke the line itself (a narrow column's heading): not the clerk's break --
            old, new = old.replace("\n", " "), new.replace("\n", " ")
        rebuilt = backmap.rebuild(raw, span.text, old, new)
        if rebuilt.text == raw:
            return
        if rebuilt.replaced and self.uses[span.index] > 1:
            self._unmapped(f"{dotted(path)} là mẫu câu dùng cho {self.uses[span.index]} đoạn; "
                           "chỗ sửa đè lên phần vbhc điền vào ({{ … }}) nên không đưa được vào "
                           "mẫu")
            return
        earlier = self.changes.get(path)
        if earlier is not None and earlier.change.new != rebuilt.text:
            self._unmapped(f"{dotted(path)} đã được sửa khác ở một đoạn trước; giữ chỗ sửa "
                           "trước")
            return
        number, before, after = self.paragraph
        change = FieldChange(path, raw, rebuilt.text, tuple(rebuilt.replaced))
        self.changes[path] = _Candidate(change, number, before, after, span.text, old, new,
                                        tuple(rebuilt.proposals))

    def propagate(self, traced: provenance.Traced) -> None:
        """Change a fact where it is typed when every place it is printed was edited alike.

        A clerk who replaces "Hành trình đỏ - Sắc đỏ biên cương" everywhere in Word (Find
        and Replace) means the fact ``{{ thong_tin.chuong_trinh_tinh }}``: the fact takes
        the new text and the sentences keep their references.
        """
        proposals: dict[str, list[backmap.Proposal]] = {}
        for candidate in self.changes.values():
            for proposal in candidate.proposals:
                proposals.setdefault(proposal.expression, []).append(proposal)
        printed = Counter(provenance.index_of(char.text) for paragraph in traced.paragraphs
                          for char in paragraph if provenance.is_index(char.text))
        renders: dict[str, str] = {}
        for expression, found in proposals.items():
            fact = self._fact(expression, found)
            if fact is None or len({p.new for p in found}) != 1:
                continue
            index = self.leaves.index(fact)
            if printed[index] != len(found):
                continue  # -- printed somewhere the edit left alone: the sentence changes --
            value = backmap.unescaped(found[0].new)
            earlier = self.changes.get(fact)
            if earlier is not None and earlier.change.new != value:
                continue
            raw = _value_at(self.data, fact)
            self.changes[fact] = _Candidate(FieldChange(fact, raw, value, (), len(found)), 0,
                                            found[0].old, found[0].new)
            renders[expression] = found[0].new
        if renders:
            self._rebuild_with(renders)

    def _fact(self, expression: str, found: list[backmap.Proposal]
              ) -> tuple[str | int, ...] | None:
        """Return the path of the text fact a plain reference names, if it renders verbatim."""
        name = backmap.simple_name(expression)
        if name is None or name not in self.leaves:
            return None
        if self.source.base is not None and name[0] not in self.source.own_keys:
            return None
        raw = _value_at(self.data, name)
        return name if all(p.old == escape_markers(raw) for p in found) else None

    def _rebuild_with(self, renders: dict[str, str]) -> None:
        """Rebuild the values whose references now render to the facts' new text."""
        for path, candidate in list(self.changes.items()):
            if not candidate.proposals:
                continue
            raw = candidate.change.old
            marked, before = backmap.substitute(raw, candidate.marked, renders)
            rebuilt = backmap.rebuild(raw, marked, before, candidate.after)
            if rebuilt.text == raw:
                del self.changes[path]
                continue
            candidate.change = FieldChange(path, raw, rebuilt.text, tuple(rebuilt.replaced))

    def _added_or_removed(self, pair: compare.Pair, rendered: list[list[wordtext.Char]],
                          edited: list[list[wordtext.Char]]) -> None:
        if pair.edited is not None:
            text = wordtext.plain(edited[pair.edited])
            if text.strip():
                self.paragraph = (pair.edited + 1, "", text)
                self._unmapped("đoạn mới thêm trong Word", old=False)
        elif pair.rendered is not None:
            text = wordtext.plain(rendered[pair.rendered])
            if text.strip():
                self.paragraph = (pair.rendered + 1, text, "")
                self._unmapped("đoạn đã bị xóa trong Word", new=False)

    def _unmapped(self, why: str, *, old: bool = True, new: bool = True) -> None:
        number, before, after = self.paragraph
        self.report.unmapped.append(Unmapped(number, before if old else None,
                                             after if new else None, why))


def _value_at(data: Any, path: tuple[str | int, ...]) -> str:
    node = data
    for key in path:
        node = node[key]
    return str(node)


def _note(change: FieldChange) -> str | None:
    if not change.replaced:
        return None
    references = ", ".join(change.replaced)
    return (f"Cập nhật từ Word ngày {date.today():%d/%m/%Y}: chỗ dùng {references} đã bị "
            "sửa đè nên được thay bằng chữ gõ trong Word")


def _write(source: Source, candidates: dict[tuple[str | int, ...], _Candidate],
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
