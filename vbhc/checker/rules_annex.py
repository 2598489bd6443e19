"""C27–C29: annexes, the annex's «(Kèm theo …)» line against its parent, viết hoa."""

from __future__ import annotations

import re

from .docmodel import CheckedDoc, Para
from .locate import Annex, Layout, type_of
from .model import Findings
from .rulekit import align, bold, caps, italic, size, where
from .rules_number import parse_date, parse_number
from .textkit import fold, from_roman, quote

LABEL_RE = re.compile(r"^Phụ lục( [IVXL]+)?$")
KEM_RE = re.compile(r"\(\s*Kèm theo\s+(.+?)\s+số:?\s*(\S+?)\s*,?\s+ngày\s+(.+?)"
                    r"(?:\s+của\s+.*)?\)?\s*$", re.IGNORECASE)
TYPES_LOWER = ("kế hoạch", "báo cáo", "quyết định", "nghị quyết", "chỉ thị", "thông báo",
               "hướng dẫn", "chương trình", "tờ trình", "công văn", "thông tư", "nghị định",
               "quy chế", "quy định", "phương án", "đề án", "dự án", "công điện")
STYLE_RULES = [
    (re.compile(r"\b[ỦU][yỷ]\s+ban\s+Nhân\s+dân"), "«Ủy ban Nhân dân»", "«Ủy ban nhân dân»"),
    (re.compile(r"\bBan chỉ đạo"), "«Ban chỉ đạo»", "«Ban Chỉ đạo»"),
    (re.compile(r"(?<![\wÀ-ỹ])(" + "|".join(TYPES_LOWER) + r")\s+số\s*:?\s*\d"),
     "tên loại viết thường trước «số»", "viết hoa chữ đầu tên loại: «Kế hoạch số …»"),
    (re.compile(r"\d+/[A-Za-zĐđ]+\s*[-–—]\s+\S|\d+/[A-Za-zĐđ]+\s+[-–—]\s*\S"),
     "ký hiệu có dấu cách", "ký hiệu viết liền: «02/KH-BCĐ»"),
]


def _starts_section(doc: CheckedDoc, annex: Annex) -> bool:
    before = [b for b in doc.blocks[:annex.start] if not (isinstance(b, Para) and b.is_empty)]
    if not before:
        return True  # the file itself is the annex
    return doc.blocks[annex.start].section > doc.blocks[annex.start - 1].section


def check_annexes(doc: CheckedDoc, layout: Layout, out: Findings) -> None:
    """C27: each annex starts a section; label, title and Kèm theo line formats."""
    count = len([a for a in layout.annexes if not _issued_text(a)])
    for n, annex in enumerate(layout.annexes, 1):
        name = f"phụ lục {n}"
        if _issued_text(annex):
            _check_issued_text(doc, annex, out)
            continue
        if not _starts_section(doc, annex):
            out.fail("C27", name, "phụ lục không bắt đầu một phần (section) mới",
                     "mỗi phụ lục là một phần (section) mới, đánh số trang riêng")
        label = annex.label
        if label is None:
            out.fail("C27", name, "không tìm thấy nhãn «Phụ lục»",
                     "nhãn «Phụ lục» (hoặc «Phụ lục I», «Phụ lục II»…) trên tên phụ lục")
        else:
            place = f"{name}, nhãn {quote(label.text)}"
            if not LABEL_RE.match(label.text):
                out.fail("C27", place, "sai dạng nhãn phụ lục", "«Phụ lục» hoặc «Phụ lục I, II…»")
            numbered = label.text.split()[-1] if len(label.text.split()) > 2 else ""
            if count >= 2 and not from_roman(numbered):
                out.fail("C27", place, f"{count} phụ lục nhưng nhãn không đánh số La Mã",
                         "«Phụ lục I», «Phụ lục II»…")
            elif count == 1 and numbered:
                out.fail("C27", place, "chỉ có một phụ lục nhưng nhãn có số",
                         "«Phụ lục» không đánh số")
            caps(out, "C27", place, label, False)
            bold(out, "C27", place, label.formats, True)
            size(out, "C27", place, label.formats, 14, 14)
            align(out, "C27", place, label.para)
        if not annex.title:
            out.fail("C27", name, "không tìm thấy tên phụ lục", "tên phụ lục in hoa, đậm")
        for line in annex.title:
            place = f"{name}, tên {quote(line.text)}"
            caps(out, "C27", place, line, True)
            bold(out, "C27", place, line.formats, True)
            size(out, "C27", place, line.formats, 13, 14)
            align(out, "C27", place, line.para)
        if not annex.kem_lines:
            out.fail("C27", name, "không tìm thấy dòng «(Kèm theo …)»",
                     "«(Kèm theo <tên loại> số … ngày … của …)» in nghiêng")
            continue
        formats = [f for ln in annex.kem_lines for f in ln.formats]
        place = f"{name}, {quote(annex.kem_theo)}"
        italic(out, "C27", place, formats, True)
        size(out, "C27", place, formats, 13, 14)
        for para in {id(ln.para): ln.para for ln in annex.kem_lines}.values():
            align(out, "C27", place, para)


def _issued_text(annex: Annex) -> bool:
    """Return whether ``annex`` is a text issued with a Quyết định (Mẫu 1.3): a Quy chế,
    Quy định … under its own header, tên loại and trích yếu, without a «Phụ lục» label."""
    return annex.label is None and bool(annex.title) and type_of(annex.title[0]) is not None


def _check_issued_text(doc: CheckedDoc, annex: Annex, out: Findings) -> None:
    name = f"văn bản kèm theo {quote(annex.title[0].text)}"
    section = doc.blocks[annex.start].section
    if all(b.section == section for b in doc.blocks[max(0, annex.start - 8):annex.start]):
        out.fail("C27", name, "không bắt đầu một phần (section) mới",
                 "văn bản kèm theo bắt đầu trang mới, đánh số trang riêng")
    head = annex.title[0]
    caps(out, "C27", name, head, True)
    bold(out, "C27", name, head.formats, True)
    if annex.kem_lines:
        italic(out, "C27", name, [f for ln in annex.kem_lines for f in ln.formats], True)
    else:
        out.fail("C27", name, "không tìm thấy dòng «(Kèm theo …)»",
                 "«(Kèm theo Quyết định số … ngày … của …)» in nghiêng")


def check_kem_theo(layout: Layout, out: Findings) -> None:
    """C28: the Kèm theo line cites the parent's type, number/ký hiệu and date."""
    head, title = layout.header, layout.title
    number = parse_number(head.so)
    parent_date = parse_date(head.date.text) if head.date else None
    kind = title.ten_loai.text if title.ten_loai else None
    for n, annex in enumerate(layout.annexes, 1):
        if not annex.kem_theo:
            continue
        place = f"phụ lục {n}, {quote(annex.kem_theo)}"
        m = KEM_RE.search(annex.kem_theo)
        if not m:
            out.fail("C28", place, "không đọc được tên loại, số, ngày văn bản",
                     "«(Kèm theo <Tên loại> số N/KH-… ngày … của …)»")
            continue
        cited_kind, cited_number, cited_date = m.group(1), m.group(2), m.group(3)
        if kind and fold(cited_kind) != fold(kind):
            out.fail("C28", place, f"tên loại «{cited_kind}»", f"«{kind.capitalize()}» "
                     "(tên loại của văn bản chính)")
        if number and "/" in number and cited_number.rstrip(",.") != number:
            out.fail("C28", place, f"số «{cited_number}»", f"«{number}» (số của văn bản chính)")
        when = parse_date("ngày " + cited_date)
        if parent_date and when != parent_date:
            out.fail("C28", place, f"ngày «{cited_date}»",
                     f"ngày {parent_date:%d/%m/%Y} (ngày của văn bản chính)")


def check_capitals(layout: Layout, out: Findings) -> None:
    """C29: common viết hoa mistakes in the body, Kính gửi and annexes (warnings)."""
    paras: list[Para] = list(layout.body)
    seen: set[int] = {id(p) for p in paras}
    for line in layout.kinh_gui + [ln for a in layout.annexes for ln in a.title + a.kem_lines]:
        if id(line.para) not in seen:
            seen.add(id(line.para))
            paras.append(line.para)
    for pattern, found, required in STYLE_RULES:
        hits = [p for p in paras if pattern.search(p.text)]
        if hits:
            match = pattern.search(hits[0].text)
            example = f" (ví dụ «{match.group(0)}»)" if match else ""
            out.warn("C29", where(hits[0]), f"{found}: {len(hits)} đoạn{example}", required)
