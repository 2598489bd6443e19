"""C06–C11: header table, Quốc hiệu, Tiêu ngữ and its rule, chủ quản, issuing body."""

from __future__ import annotations

from vbhc.core import forms
from vbhc.document.frame import QUOC_HIEU, TIEU_NGU

from .docmodel import CheckedDoc, Line, Para, Table, tabbed
from .locate import Layout
from .model import Findings
from .rulekit import align, bold, caps, italic, rule_length, size, where
from .rules_lines import Rule, underlined
from .shapes import has_visible_borders
from .textkit import fold, quote, squash, text_width_pt

QH_PLACE = "ô Quốc hiệu"
TN_PLACE = "ô Tiêu ngữ"


def _line_size(line: Line, default: float = 13.0) -> float:
    return next((f.size_pt for f in line.formats if f.size_pt), default)


def _width(line: Line) -> float:
    """Return the printed width of ``line`` in twips (bold as typed)."""
    is_bold = all(f.bold for f in line.formats) if line.formats else True
    return text_width_pt(line.text, _line_size(line), is_bold) * 20


def check_table(doc: CheckedDoc, layout: Layout, out: Findings) -> None:
    """C06: page 1 starts with a borderless two-column table, left column 35–45 %."""
    head = layout.header
    if head.qh is None:
        return
    if head.kind != "table" or head.table is None:
        how = "khung văn bản (text box)" if head.kind == "textbox" else "dòng chữ gõ tay"
        out.warn("C06", where(None, "phần tiêu đề"), f"phần tiêu đề đặt bằng {how}",
                 "bảng 2 cột không viền ở đầu trang 1")
        return
    table: Table = head.table
    before = [b for b in doc.blocks[:table.block] if not (isinstance(b, Para) and b.is_empty)]
    if before:
        out.warn("C06", where(None, "phần tiêu đề"), "bảng tiêu đề không ở đầu trang 1",
                 "bảng tiêu đề là nội dung đầu tiên")
    if table.columns != 2:
        out.warn("C06", where(None, "bảng tiêu đề"), f"bảng có {table.columns} cột", "2 cột")
    if has_visible_borders(table.el, doc.sheet):
        out.warn("C06", where(None, "bảng tiêu đề"), "bảng có đường viền", "bảng không viền")
    qh_cell = head.qh.para.cell if head.qh is not None else None
    if qh_cell is None:
        return
    row = qh_cell.table.rows[qh_cell.row]
    if len(row) >= 2:
        outer = [c.outer_width for c in row]
        total = sum(outer)
        share = outer[0] / total if total else 0
        if not 0.35 - 0.005 <= share <= 0.45 + 0.005:
            out.warn("C06", where(None, "bảng tiêu đề"),
                     f"cột trái rộng {share:.0%} bề rộng bảng", "cột trái 35–45 %")


def check_quoc_hieu(doc: CheckedDoc, layout: Layout, out: Findings) -> None:
    """C07: the Quốc hiệu text, place and format; C08: the Tiêu ngữ."""
    head = layout.header
    place = where(None, QH_PLACE)
    if head.qh is None:
        out.fail("C07", place, "không tìm thấy Quốc hiệu", QUOC_HIEU)
        return
    qh = head.qh
    if head.qh_split:
        out.fail("C07", place, "Quốc hiệu bị ngắt thành hai dòng", "Quốc hiệu trên một dòng")
    elif fold(qh.text) != QUOC_HIEU or qh.shown != qh.shown.upper():
        out.fail("C07", place, quote(qh.text), QUOC_HIEU)
    if head.kind == "table" and qh.para.cell is not None and qh.para.cell.col == 0:
        out.fail("C07", place, "Quốc hiệu ở cột trái", "Quốc hiệu ở cột phải")
    caps(out, "C07", place, qh, True)
    bold(out, "C07", place, qh.formats, True)
    italic(out, "C07", place, qh.formats, False)
    size(out, "C07", place, qh.formats, 12, 13)
    if not tabbed(qh.para):
        align(out, "C07", place, qh.para)
        room = qh.para.avail_width - qh.para.fmt.left_twips - qh.para.fmt.right_twips
        if not head.qh_split and _width(qh) > room * 1.01:
            out.fail("C07", place, f"Quốc hiệu dài hơn chỗ trống ({_width(qh) / 567:.1f} cm)",
                     "Quốc hiệu trên một dòng (cỡ 12 pt hoặc lề ô bằng 0)")
    _check_tieu_ngu(layout, out)


def _check_tieu_ngu(layout: Layout, out: Findings) -> None:
    head = layout.header
    place = where(None, TN_PLACE)
    tn = head.tn
    if tn is None:
        out.fail("C08", place, "không tìm thấy Tiêu ngữ ngay dưới Quốc hiệu", TIEU_NGU)
        return
    text = squash(tn.text)
    if text != TIEU_NGU:
        if "–" in text or "—" in text:
            found = f"{quote(text)}: dùng dấu gạch dài"
        elif fold(text) == fold(TIEU_NGU):
            found = f"{quote(text)}: sai chữ hoa/thường"
        else:
            found = quote(text)
        out.fail("C08", place, found, f"«{TIEU_NGU}» (gạch nối ngắn, cách hai bên)")
    bold(out, "C08", place, tn.formats, True)
    italic(out, "C08", place, tn.formats, False)
    size(out, "C08", place, tn.formats, 13, 14)
    if not tabbed(tn.para):
        align(out, "C08", place, tn.para)
    if head.qh is not None and tn.para is not head.qh.para:
        gap = head.qh.para.fmt.after_twips + tn.para.fmt.before_twips
        if gap > 0:
            out.fail("C08", place, f"cách Quốc hiệu {gap / 20:g} pt",
                     "sát dòng Quốc hiệu (khoảng cách 0)")
    width = _width(tn)
    rule = head.tn_rule
    if rule is None and underlined(tn):
        rule = Rule("underline", width, tn.para, True)
    rule_length(out, "C09", where(None, "đường kẻ dưới Tiêu ngữ"), rule,
                width * 0.9, width * 1.1, "Tiêu ngữ")


def _body_lines(out: Findings, rule: str, label: str, lines: list, *, is_bold: bool) -> None:
    """Check header lines naming a body: capitals, bold or not, upright, 12–13 pt, centred."""
    for line in lines:
        place = where(None, f"{label} {quote(line.text)}")
        caps(out, rule, place, line, True)
        bold(out, rule, place, line.formats, is_bold)
        italic(out, rule, place, line.formats, False)
        size(out, rule, place, line.formats, 12, 13)
        if not tabbed(line.para):
            align(out, rule, place, line.para)


def check_bodies(doc: CheckedDoc, layout: Layout, out: Findings) -> None:
    """C10: the chủ quản line; C11: the issuing body lines and their rule."""
    head = layout.header
    _body_lines(out, "C10", "ô cơ quan chủ quản", head.chu_quan, is_bold=False)
    if not head.body_name:
        if head.qh is not None or head.so is not None:
            out.fail("C11", where(None, "ô tên cơ quan ban hành"),
                     "không tìm thấy tên cơ quan ban hành", "tên cơ quan in hoa, đậm")
        return
    _body_lines(out, "C11", "ô tên cơ quan", head.body_name, is_bold=True)
    names = [line.text for line in head.body_name]
    if head.chu_quan and forms.is_council(names):
        out.warn("C10", where(None, f"ô cơ quan chủ quản {quote(head.chu_quan[0].text)}"),
                 f"có dòng cơ quan chủ quản trên {quote(' '.join(names))}",
                 "Ủy ban nhân dân, Hội đồng nhân dân không có cơ quan chủ quản")
    short = forms.abbreviations(" ".join(names))
    if short:
        out.warn("C11", where(None, f"ô tên cơ quan {quote(' '.join(names))}"),
                 f"tên cơ quan ban hành viết tắt ({', '.join(short)})",
                 "tên đầy đủ, ví dụ «ỦY BAN NHÂN DÂN / PHƯỜNG NGỌC THỤY»")
    longest = max(_width(line) for line in head.body_name)
    rule_length(out, "C11", where(None, "đường kẻ dưới tên cơ quan"), head.body_rule,
                longest / 3 * 0.97, longest / 2 * 1.03, "tên cơ quan ban hành")
