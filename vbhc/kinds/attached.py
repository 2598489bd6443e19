"""Lists issued with a document (Mẫu 1.3): "DANH SÁCH …" with its own title block.

A Quyết định that honours donors or sets up a committee carries the names as an
attached list: its title, the "(Kèm theo Quyết định số … ngày … của …)" line
computed as an annex's (``annex.attached_line``), and a table whose "TT"
column, row count and totals are computed. The text cites the count
(``{{ danh_sach.nguoi_hien_mau.so_dong }}``), never types it.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from vbhc.core.formatting import number
from vbhc.data.model import Model
from vbhc.data.structure import Chuong, Dieu
from vbhc.document import docxml as x
from vbhc.kinds.annex import attached_line


class Cot(Model):
    """A column: the key rows use, its header, whether it holds numbers (and a total)."""

    khoa: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    ten: str = Field(min_length=1)
    so: bool = False  # numbers: grouped with dots, right-aligned
    tong: bool = False  # add a "Tổng cộng" figure
    rong: int = Field(default=2, ge=1, le=6)  # relative width


class DanhSach(Model):
    """An attached list: key, title lines, columns and rows (one mapping per row)."""

    khoa: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    tieu_de: list[str] = Field(min_length=1)
    ten_goi: str = "danh sách"  # how the text points to it: "(có danh sách kèm theo)"
    cot: list[Cot] = Field(min_length=1)
    dong: list[dict[str, Any]] = Field(min_length=1)

    @field_validator("tieu_de", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _rows_match_columns(self) -> DanhSach:
        keys = [c.khoa for c in self.cot]
        for index, row in enumerate(self.dong, start=1):
            unknown = sorted(set(row) - set(keys))
            if unknown:
                raise ValueError(f"dòng {index}: cột {', '.join(unknown)} chưa khai báo trong "
                                 f"'cot' (có: {', '.join(keys)})")
            missing = [k for k in keys if row.get(k) in (None, "")]
            if missing:
                raise ValueError(f"dòng {index}: thiếu {', '.join(missing)}")
            for column in self.cot:
                value = row[column.khoa]
                if column.so and (not isinstance(value, int) or isinstance(value, bool)):
                    raise ValueError(f"dòng {index}: {column.khoa} phải là số nguyên, "
                                     f"ghi '{value}'")
        return self


def list_table(listing: DanhSach) -> dict[str, Any]:
    """Return the table description the ``bang`` filter places."""
    weights = [c.rong for c in listing.cot]
    free = x.TEXT_WIDTH - 700
    widths = [700] + [free * w // sum(weights) for w in weights]
    widths[1] += x.TEXT_WIDTH - sum(widths)
    rows = [[str(i)] + [number(r[c.khoa]) if c.so else str(r[c.khoa]) for c in listing.cot]
            for i, r in enumerate(listing.dong, start=1)]
    totals = None
    if any(c.tong for c in listing.cot):
        totals = [""] + [number(sum(r[c.khoa] for r in listing.dong)) if c.tong else ""
                         for c in listing.cot]
        totals[1] = totals[1] or "Tổng cộng"
    return {"cot": ["TT"] + [c.ten for c in listing.cot], "rong": widths,
            "can": ["center"] + ["right" if c.so else "left" for c in listing.cot],
            "dong": rows, "tong": totals}


def lists_context(listings: list[DanhSach], parent: dict[str, Any]) -> tuple[
        list[dict[str, Any]], dict[str, Any]]:
    """Return the lists as annex entries (labelled with the others) and their facts by key."""
    entries, facts = [], {}
    for listing in listings:
        pointer = f"(có {listing.ten_goi} kèm theo)"
        entries.append({"nhan": "Phụ lục", "tieu_de": [t.upper() for t in listing.tieu_de],
                        "kem_theo": attached_line(parent), "dan_chieu": pointer, "doan": [],
                        "bang": None, "danh_sach": list_table(listing)})
        facts[listing.khoa] = {
            "so_dong": len(listing.dong), "dan_chieu": pointer,
            "tong": {c.khoa: sum(r[c.khoa] for r in listing.dong) for c in listing.cot if c.so}}
    return entries, facts


class VanBanKemTheo(Model):
    """A text issued by a Quyết định (Mẫu 1.3): a Quy chế, a Quy định … in Chương and Điều."""

    ten_loai: str = Field(min_length=1)  # "Quy chế"
    trich_yeu: list[str] = Field(min_length=1)  # "Hoạt động của Ban Chỉ đạo …"
    chuong: list[Chuong] = []
    dieu: list[Dieu] = []

    @field_validator("trich_yeu", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _articles(self) -> VanBanKemTheo:
        if bool(self.chuong) == bool(self.dieu):
            raise ValueError("văn bản kèm theo cần 'chuong' hoặc 'dieu', một trong hai")
        return self


def attached_text_facts(text: VanBanKemTheo) -> dict[str, Any]:
    """Return how the Quyết định names the text it issues: 'Quy chế hoạt động của …'."""
    subject = " ".join(line.strip() for line in text.trich_yeu)
    return {"ten": f"{text.ten_loai} {subject[:1].lower()}{subject[1:]}",
            "ten_loai": text.ten_loai}
