"""C22–C26: signature block, học hàm, Nơi nhận and its items, Kính gửi."""

from __future__ import annotations

import re

from vbhc.core import forms

from .docmodel import CheckedDoc, Line
from .locate import PREFIX_RE, Layout, type_of
from .model import Findings
from .rulekit import align, bold, caps, italic, size, where
from .shapes import has_visible_borders
from .textkit import is_caps, quote

GOOD_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\. \S")
TITLES = ("GS.", "PGS.", "TS.", "ThS.", "BS.", "KS.", "GS.TS.", "PGS.TS.")
LUU_RE = re.compile(r"^- Lưu: VT(, [^;]+)?\.$")


def _sig_place(line: Line) -> str:
    return f"chữ ký {quote(line.text)}"


def check_signature(doc: CheckedDoc, layout: Layout, out: Findings) -> None:
    """C22: the signature table and its lines; C23: no học hàm before the name."""
    sig = layout.signature
    if not sig.lines:
        if layout.body:
            out.fail("C22", "khối chữ ký", "không tìm thấy khối chữ ký",
                     "quyền hạn, chức vụ và họ tên người ký")
        return
    if sig.table is None:
        out.warn("C22", "khối chữ ký", "chữ ký không đặt trong bảng",
                 "bảng 2 cột không viền: Nơi nhận bên trái, chữ ký bên phải")
    else:
        if sig.table.columns != 2:
            out.warn("C22", "bảng chữ ký", f"bảng có {sig.table.columns} cột", "2 cột")
        if has_visible_borders(sig.table.el, doc.sheet):
            out.warn("C22", "bảng chữ ký", "bảng có đường viền", "bảng không viền")
    lines, gaps = sig.lines, sig.gaps
    head_end = next((i for i in range(1, len(lines)) if gaps[i] > 0 or not
                     is_caps(lines[i].shown)), len(lines))
    authority = lines[:head_end]
    first = authority[0]
    if PREFIX_RE.match(first.text) and not GOOD_PREFIX.match(first.text):
        out.fail("C22", _sig_place(first), "sai dạng chữ viết tắt quyền hạn",
                 "TM., KT., TL., TUQ. hoặc Q. rồi một dấu cách")
    deputy = forms.deputy_without_kt([line.text for line in authority])
    if deputy:
        out.fail("C22", _sig_place(authority[-1]),
                 f"cấp phó ({deputy}) ký thay mặt/thừa lệnh mà không có «KT.»",
                 f"«{' / '.join(forms.kt_form([line.text for line in authority]))}»")
    for line in authority:
        place = _sig_place(line)
        caps(out, "C22", place, line, True)
        bold(out, "C22", place, line.formats, True)
        size(out, "C22", place, line.formats, 13, 14)
        align(out, "C22", place, line.para)
        if "THƯỜNG TRỰC" in line.text or "PHỤ TRÁCH" in line.text:
            out.fail("C22", place, "ghi chức vụ không chính thức (thường trực/phụ trách)",
                     "chức vụ chính thức")
    rest = lines[head_end:]
    if not rest or is_caps(rest[-1].shown):
        named = [ln for ln in rest if not is_caps(ln.shown)]
        found = (f"dòng cuối là {quote(rest[-1].text)}, họ tên {quote(named[-1].text)} "
                 "đứng trên nó") if rest and named else "không tìm thấy họ tên người ký"
        out.fail("C22", "khối chữ ký", found, "họ tên chữ thường, in đậm, ở dòng cuối")
        return
    name = rest[-1]
    place = _sig_place(name)
    bold(out, "C22", place, name.formats, True)
    italic(out, "C22", place, name.formats, False)
    size(out, "C22", place, name.formats, 13, 14)
    align(out, "C22", place, name.para)
    for line in rest[:-1]:
        if is_caps(line.shown):
            bold(out, "C22", _sig_place(line), line.formats, True, strict=False)
            size(out, "C22", _sig_place(line), line.formats, 13, 14, strict=False)
    copy = rest[0].text.strip().lower().startswith("(đã ký")  # -- a copy: no space to sign --
    if gaps[head_end] < 2 and not copy:
        out.warn("C22", _sig_place(rest[0]), f"{gaps[head_end]} dòng trống để ký",
                 "ít nhất 2–3 dòng trống cho chữ ký và dấu")
    if name.text.startswith(TITLES):
        out.warn("C23", place, "có học hàm, học vị trước họ tên", "chỉ ghi họ và tên")


def check_recipients(layout: Layout, out: Findings) -> None:
    """C24: the «Nơi nhận:» label; C25: its items and the final «- Lưu: VT…» line."""
    sig = layout.signature
    label = sig.label
    if label is None:
        if type_of(layout.title.ten_loai) == "BIÊN BẢN":
            return  # -- a Biên bản's two signers take the whole row (Mẫu 1.9) --
        if sig.lines or layout.body:
            out.fail("C24", "nơi nhận", "không tìm thấy «Nơi nhận:»",
                     "«Nơi nhận:» đậm nghiêng 12 pt, bên trái chữ ký")
        return
    place = "nhãn «Nơi nhận:»"
    if label.text != "Nơi nhận:":
        out.fail("C24", place, quote(label.text), "«Nơi nhận:»")
    bold(out, "C24", place, label.formats, True)
    italic(out, "C24", place, label.formats, True)
    size(out, "C24", place, label.formats, 12, 12)
    fmt = label.para.fmt
    if fmt.left_twips != 0 or fmt.first_line_twips != 0 or fmt.alignment not in ("left", "both"):
        out.fail("C24", place, "không sát lề trái", "sát lề trái (thụt lề 0)")
    if sig.table is not None and sig.lines:
        a, b = label.para.cell, sig.lines[0].para.cell
        if a is None or b is None or a.row != b.row:
            out.fail("C24", place, "không ngang hàng với dòng chữ ký đầu tiên",
                     "cùng hàng với quyền hạn, chức vụ người ký")
    items = sig.recipients
    if not items:
        out.fail("C25", place, "không có nơi nhận nào", "các dòng «- …;» và «- Lưu: VT.»")
        return
    formats = [f for ln in items for f in ln.formats]
    first = items[0]
    size(out, "C25", where(first), formats, 11, 11)
    bold(out, "C25", where(first), formats, False)
    italic(out, "C25", where(first), formats, False)
    for line in items[:-1]:
        if not line.text.startswith("- "):
            out.fail("C25", where(line), "không bắt đầu bằng «- »", "«- <nơi nhận>;»")
        if not line.text.endswith(";"):
            out.fail("C25", where(line), f"kết thúc bằng «{line.text[-1:]}»", "kết thúc bằng «;»")
    last = items[-1]
    if not LUU_RE.match(last.text):
        found = "không có dòng «- Lưu: …»" if "Lưu" not in last.text else "sai dạng dòng lưu"
        out.fail("C25", where(last), found, "dòng cuối «- Lưu: VT, <đơn vị>.»")


def check_kinh_gui(layout: Layout, out: Findings) -> None:
    """C26: Kính gửi 13–14 pt upright; several recipients as «- …;» lines, last «.»."""
    lines = layout.kinh_gui
    if not lines:
        return
    formats = [f for ln in lines for f in ln.formats]
    size(out, "C26", where(lines[0]), formats, 13, 14)
    italic(out, "C26", where(lines[0]), formats, False)
    head = lines[0].text
    if not head.startswith("Kính gửi:"):
        out.fail("C26", where(lines[0]), quote(head), "«Kính gửi: …»")
    rest = head.split(":", 1)[1].strip() if ":" in head else ""
    items = ([(lines[0], rest)] if rest.startswith(("-", "–")) else []) + [
        (ln, ln.text) for ln in lines[1:]]
    if not items:
        return
    for i, (line, text) in enumerate(items):
        want = "." if i == len(items) - 1 else ";"
        if not text.startswith("- ") or not text.endswith(want):
            out.fail("C26", where(line), quote(text), f"«- <nơi nhận>{want}»")
