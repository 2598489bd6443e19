"""Changed paragraphs turned into changes of the data values that produced them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from vbhc.data.emphasis import escape_markers
from vbhc.data.loading import Source, dotted, load_yaml
from vbhc.importer import backmap, compare, parts, provenance, wordtext
from vbhc.importer.report import FieldChange, Unmapped, UpdateReport


@dataclass
class Candidate:
    """A value change found in one paragraph (kept to list it if it cannot be written)."""

    change: FieldChange
    paragraph: int
    old: str  # the paragraph, before and after the edit
    new: str
    marked: str = ""  # the value's rendering with reference marks, before and after
    before: str = ""
    after: str = ""
    proposals: tuple[backmap.Proposal, ...] = ()


class Merger:
    """Turns changed paragraphs into value changes, collecting what cannot be mapped."""

    def __init__(self, source: Source, traced: provenance.Traced, report: UpdateReport
                 ) -> None:
        self.source = source
        # -- the values as the file writes them (the loaded copy may have been normalised) --
        self.data = load_yaml(source.path, source.text).data
        self.leaves = traced.leaves
        self.report = report
        self.changes: dict[tuple[str | int, ...], Candidate] = {}
        # -- a value printed by several paragraphs (a pattern filled once per đợt) --
        self.uses = Counter(span.index for paragraph in traced.paragraphs
                            for span in provenance.layout(wordtext.marked(
                                paragraph, (False, False), provenance.transparent)).spans)
        self.paragraph = (0, "", "")  # the paragraph at hand: number, before, after
        # -- values an edited paragraph prints unchanged, by the paragraph's number --
        self.left_alone: dict[tuple[str | int, ...], int] = {}

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
            if before == after:
                self.left_alone.setdefault(self.leaves[span.index], self.paragraph[0])
                continue
            before, after = parts.reconciled(span, before, after)
            self._value(span, before, after.strip() if before == before.strip() else after)

    def drop_disagreements(self) -> None:
        """Leave out a value edited where one paragraph prints it but not where another does.

        (A paragraph nobody edited is watched when the file is written; this covers a
        paragraph edited elsewhere in its text.)
        """
        for path, candidate in list(self.changes.items()):
            other = self.left_alone.get(path)
            if other is None:
                continue
            del self.changes[path]
            self.report.unmapped.append(Unmapped(
                candidate.paragraph, candidate.old, candidate.new,
                f"{dotted(path)} còn được in ở đoạn {other}, chỗ đó không sửa; sửa cả hai "
                "chỗ cho giống nhau, hoặc sửa tay trong tệp dữ liệu"))

    def _value(self, span: provenance.Span, old: str, new: str) -> None:
        path = self.leaves[span.index]
        if self.source.base is not None and path[0] not in self.source.own_keys:
            self._unmapped(f"{dotted(path)} lấy từ tệp {self.source.base.name} (dua_tren): "
                           "hãy sửa trong tệp đó")
            return
        raw = value_at(self.data, path)
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
        self.changes[path] = Candidate(change, number, before, after, span.text, old, new,
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
            raw = value_at(self.data, fact)
            self.changes[fact] = Candidate(FieldChange(fact, raw, value, (), len(found)), 0,
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
        raw = value_at(self.data, name)
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


def value_at(data: Any, path: tuple[str | int, ...]) -> str:
    node = data
    for key in path:
        node = node[key]
    return str(node)
