"""What a merge of Word edits did, field by field, in words a clerk reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vbhc.core.errors import short_path
from vbhc.data.loading import dotted

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
