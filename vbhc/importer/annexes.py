"""Annexes and body tables as data: phụ lục (with a quota table), attached lists
(``danh_sach``) and a cost estimate (``kinh_phi``); an annex's tables vbhc cannot
compute are kept as typed among its paragraphs, a body's stay in the leftovers."""

from __future__ import annotations

import re
from typing import Any

from vbhc.checker.locate import TYPE_ABBR
from vbhc.checker.textkit import fold
from vbhc.importer import tables
from vbhc.importer.body import articles, as_line, strip_end_mark
from vbhc.importer.reading import Node, Reading, TableReading

Data = dict[str, Any]
_POINTER = re.compile(r"\(có ([^()]+?) kèm theo\)")
_NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def table_text(table: TableReading) -> str:
    """Return a table as one leftover line: rows separated by " / ", cells by " | "."""
    rows = [table.header, *table.rows, *([table.total] if table.total else [])]
    return "bảng: " + " / ".join(" | ".join(row) for row in rows)


def take_costs(nodes: list[Node], parts: frozenset[str], data: Data) -> list[Node]:
    """Return the body nodes without a cost estimate, which goes to ``kinh_phi``."""
    if "kinh_phi" not in parts:
        return nodes
    for index, node in enumerate(nodes):
        lines = tables.costs(node.table) if node.table is not None else None
        if lines is None:
            continue
        entry: Data = {}
        before = nodes[index - 1] if index else None
        start, stop = index, index + 1
        if before is not None and before.level == "text" and len(before.text) < 80 and \
                not before.text.endswith((".", ";", ":")):
            entry["tieu_de"] = before.text
            start -= 1
        if stop < len(nodes) and nodes[stop].text.startswith("Bằng chữ:"):
            stop += 1  # -- the amount in words is computed --
        entry["dong"] = lines
        data["kinh_phi"] = entry
        return nodes[:start] + nodes[stop:]
    return nodes


def place_annexes(reading: Reading, parts: frozenset[str], data: Data,
                  leftovers: list[tuple[int, str]]) -> None:
    """Fill ``phu_luc`` and ``danh_sach`` from the annexes read."""
    pointers = [m.group(1) for n in reading.body for m in _POINTER.finditer(n.text)]
    named = pointers[0] if len(reading.annexes) == 1 and len(pointers) == 1 else None
    for annex in reading.annexes:
        if _attached_text(annex, parts, data):
            # -- its own header repeats the document's: nothing of it is lost --
            header = {*reading.chu_quan, *reading.issuer_lines, *_NATIONAL}
            leftovers[:] = [(page, text) for page, text in leftovers if text not in header]
            continue
        found = [n.table for n in annex.nodes if n.table is not None]
        texts = [n for n in annex.nodes if n.level != "table"]
        title = annex.title or [annex.label or "Phụ lục"]
        listed = tables.listing(found[0]) if len(found) == 1 and not texts and \
            "danh_sach" in parts else None
        if listed is not None:
            entry: Data = {"khoa": f"danh_sach_{len(data.get('danh_sach', [])) + 1}",
                           "tieu_de": title}
            if named and named != "danh sách":
                entry["ten_goi"] = named
            data.setdefault("danh_sach", []).append({**entry, **listed})
            continue
        entry = {"tieu_de": title}
        if named and not named.startswith("Phụ lục"):
            entry["ten_goi"] = named
        leftovers += [(t.page, line) for t in found for line in t.caption]
        quota = tables.quota(found[0]) if len(found) == 1 else None
        if quota is not None:
            entry["bang_chi_tieu"] = quota
            paragraphs: list[str | Data] = [as_line(n) for n in texts]
        else:
            # -- tables vbhc cannot compute are kept as typed, where they stand in the text --
            paragraphs = [as_line(n) if n.table is None else {"bang": tables.typed(n.table)}
                          for n in annex.nodes]
        if paragraphs:
            entry["doan"] = paragraphs
        data.setdefault("phu_luc", []).append(entry)


def _attached_text(annex: Any, parts: frozenset[str], data: Data) -> bool:
    """Take a text a Quyết định issues (Mẫu 1.3: Quy chế, Quy định …) as ``kem_theo``."""
    if "kem_theo" not in parts or not annex.title or fold(annex.title[0]) not in TYPE_ABBR:
        return False
    if not any(n.level == "dieu" for n in annex.nodes) or any(n.table for n in annex.nodes):
        return False
    nodes = list(annex.nodes)
    nodes[-1].text = strip_end_mark(nodes[-1].text)  # -- vbhc ends the text with "./." --
    chapters, loose = articles(nodes)
    entry: Data = {"ten_loai": annex.title[0].capitalize(), "trich_yeu": annex.title[1:]}
    if chapters:
        entry["chuong"] = chapters
    if loose:
        entry["dieu"] = loose
    data["kem_theo"] = entry
    return True
