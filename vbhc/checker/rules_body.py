"""C16–C21: tên loại, trích yếu, body paragraphs, căn cứ, numbering, end mark."""

from __future__ import annotations

import re

from vbhc.core.formatting import POINT_LETTERS
from vbhc.core.formatting import roman as to_roman

from .docmodel import Para
from .locate import Layout
from .model import Findings
from .rulekit import ALIGN_VI, align, bold, caps, italic, rule_length, size, where
from .shapes import NS
from .textkit import fold, from_roman, quote, text_width_pt

_HEADING = re.compile(r"^(Phần|Chương|Mục|Tiểu mục)\s+\S+$", re.IGNORECASE)
MUC_RE = re.compile(r"^([IVXLC]+)\s*([.\-–:)])\s*(\S?)")
DIEU_RE = re.compile(r"^Điều\s+(\d+)\s*\.")
KHOAN_RE = re.compile(r"^(\d+)\s*([.)])(\s|$)")
DECIMAL_RE = re.compile(r"^\d+\.\d+\.?\s")
DIEM_RE = re.compile(r"^([a-zđ])\)\s")
DIEM_DOT_RE = re.compile(r"^([a-zđ])\.\s+\S")  # "a. …": a điểm written with a full stop


def check_title(layout: Layout, out: Findings) -> None:
    """C16: tên loại; C17: trích yếu and its rule."""
    title, head = layout.title, layout.header
    if title.ten_loai is None:
        if not head.vv:
            out.fail("C16", where(None, "tên loại văn bản"), "không tìm thấy tên loại văn bản",
                     "tên loại in hoa, đậm, căn giữa (hoặc «V/v …» của công văn)")
        return
    line = title.ten_loai
    place = f"tên loại {quote(line.text)}"
    if title.in_table:
        out.fail("C16", place, "tên loại nằm trong bảng tiêu đề", "dưới bảng, căn giữa trang")
    caps(out, "C16", place, line, True)
    bold(out, "C16", place, line.formats, True)
    italic(out, "C16", place, line.formats, False)
    size(out, "C16", place, line.formats, 13, 14)
    align(out, "C16", place, line.para)
    if not title.trich_yeu:
        out.fail("C17", "trích yếu", "không tìm thấy trích yếu dưới tên loại",
                 "trích yếu in đậm, căn giữa")
        return
    widths = []
    for ln in title.trich_yeu:
        p = f"trích yếu {quote(ln.text)}"
        bold(out, "C17", p, ln.formats, True)
        italic(out, "C17", p, ln.formats, False)
        size(out, "C17", p, ln.formats, 13, 14)
        caps(out, "C17", p, ln, False)
        align(out, "C17", p, ln.para)
        fsize = next((f.size_pt for f in ln.formats if f.size_pt), 14.0)
        room = ln.para.avail_width - ln.para.fmt.left_twips - ln.para.fmt.right_twips
        widths.append(min(text_width_pt(ln.text, fsize, True) * 20, room))
    longest = max(widths)
    rule_length(out, "C17", "đường kẻ dưới trích yếu", title.rule, longest / 3 * 0.97,
                longest / 2 * 1.03, "trích yếu")


def _italic_share(para: Para) -> float:
    total = italic = 0
    for ln in para.lines():
        for r, t in ln.pieces:
            n = len(t.strip())
            total += n
            if n and para.sheet.run_format(para.el, r).italic:
                italic += n
    return italic / total if total else 0.0


def _line_ok(para: Para, size_pt: float) -> bool:
    fmt = para.fmt
    if fmt.line is None:
        return True
    if fmt.line_rule in (None, "auto"):
        return 240 - 2 <= fmt.line <= 360 + 2
    return 1.15 * size_pt * 20 - 2 <= fmt.line <= 1.73 * size_pt * 20 + 2


def check_body(layout: Layout, out: Findings) -> None:
    """C18: body paragraphs justified, 13–14 pt, upright, indented and spaced."""
    issues: dict[str, list[Para]] = {}
    canon = _can_cu(layout)
    skip_next = False
    for para in layout.body:
        if skip_next or _HEADING.match(para.text):
            skip_next = not skip_next
            continue
        sizes = [f.size_pt for f in para.run_formats]
        main = max(set(sizes), key=sizes.count) if sizes else None
        if para.fmt.alignment != "both":
            issues.setdefault(f"căn lề: {ALIGN_VI.get(para.fmt.alignment)}", []).append(para)
        if any(s is None or not 13 <= s <= 14 for s in sizes):
            issues.setdefault("cỡ chữ ngoài 13–14 pt", []).append(para)
        if para not in canon and _italic_share(para) > 0.5:
            issues.setdefault("in nghiêng", []).append(para)
        if not 567 - 2 <= para.fmt.first_line_twips <= 720 + 2:
            issues.setdefault("thụt đầu dòng khác 1–1,27 cm", []).append(para)
        if para.fmt.before_twips + para.fmt.after_twips < 120:
            issues.setdefault("khoảng cách đoạn dưới 6 pt", []).append(para)
        if para.fmt.contextual_spacing:
            issues.setdefault("bỏ khoảng cách giữa các đoạn cùng kiểu", []).append(para)
        if main is not None and not _line_ok(para, main):
            issues.setdefault("giãn dòng ngoài khoảng 1–1,5 dòng", []).append(para)
    required = {
        "căn": "căn đều hai bên", "cỡ": "cỡ chữ 13–14 pt", "in": "chữ đứng",
        "thụt": "thụt đầu dòng 1 cm hoặc 1,27 cm", "khoảng": "cách đoạn ít nhất 6 pt",
        "bỏ": "không bật «bỏ khoảng cách giữa các đoạn cùng kiểu»",
        "giãn": "giãn dòng từ 1 dòng đến 1,5 dòng",
    }
    for what, paras in issues.items():
        need = next(v for k, v in required.items() if what.startswith(k))
        out.fail("C18", where(paras[0]), f"{len(paras)} đoạn {what}", need)


def _can_cu(layout: Layout) -> list[Para]:
    """Return the căn cứ chain, with the «Theo đề nghị …» line that may close it."""
    out = []
    for para in layout.body:
        if para.text.startswith("Căn cứ"):
            out.append(para)
        elif para.text.startswith(("Theo đề nghị", "Xét đề nghị")):
            out.append(para)
            break
        else:
            break
    return out


def check_can_cu(layout: Layout, out: Findings) -> None:
    """C19: căn cứ lines italic, ending with ``;`` and the last with ``.``."""
    lines = _can_cu(layout)
    for i, para in enumerate(lines):
        last = i == len(lines) - 1
        italic(out, "C19", where(para), para.run_formats, True)
        end = para.text[-1:]
        want = "." if last else ";"
        if end != want:
            out.fail("C19", where(para), f"kết thúc bằng «{end}»",
                     "căn cứ cuối kết thúc bằng «.»" if last else "kết thúc bằng «;»")


def check_numbering(layout: Layout, out: Findings) -> None:
    """C20: mục I, II…; khoản 1, 2… per mục; điểm a, b, c, d, đ…; bullets not bold."""
    muc = khoan = diem = dieu = 0
    decimal: list[Para] = []
    bold_items: list[Para] = []
    for para in layout.body:
        text = para.text
        m = MUC_RE.match(text)
        if m and from_roman(m.group(1)) and (m.group(3) or "").isupper():
            value = from_roman(m.group(1)) or 0
            if not re.match(r"^[IVXLC]+\. \S", text):
                out.fail("C20", where(para), "sai dạng đề mục", "«I. TÊN MỤC» (số La Mã, dấu chấm)")
            line = para.lines()[0]
            caps(out, "C20", where(para), line, True)
            bold(out, "C20", where(para), para.run_formats, True)
            if value != muc + 1 and not (value == 1 and muc > 0 and _after_part(layout, para)):
                out.fail("C20", where(para), f"mục {m.group(1)} đứng sau mục "
                         f"{_roman(muc)}", f"đánh số liên tục: mục {_roman(muc + 1)}")
            muc, khoan, diem = value, 0, 0
            continue
        if DECIMAL_RE.match(text):
            decimal.append(para)
            continue
        k = KHOAN_RE.match(text)
        if k and k.group(2) == ".":
            value = int(k.group(1))
            if value != khoan + 1:
                out.fail("C20", where(para), f"khoản {value} đứng sau khoản {khoan or 'đầu'}",
                         f"đánh số liên tục trong mục: khoản {khoan + 1}")
            khoan, diem = value, 0
            continue
        a = DIEU_RE.match(text)
        if a:
            value = int(a.group(1))
            if value != dieu + 1:
                out.fail("C20", where(para), f"Điều {value} đứng sau Điều {dieu or '(đầu)'}",
                         f"đánh số Điều liên tục trong cả văn bản: Điều {dieu + 1}")
            if not para.run_formats or not para.run_formats[0].bold:
                out.fail("C20", where(para), f"«Điều {value}.» không in đậm", "«Điều N.» in đậm")
            dieu, khoan, diem = value, 0, 0
            continue
        dotted = DIEM_DOT_RE.match(text)
        if dotted:
            out.fail("C20", where(para), f"điểm viết «{dotted.group(1)}.»",
                     f"«{dotted.group(1)})» (chữ cái và dấu ngoặc đơn)")
        d = DIEM_RE.match(text) or dotted
        if d:
            letter = d.group(1)
            expected = POINT_LETTERS[diem] if diem < len(POINT_LETTERS) else "?"
            if letter != expected:
                out.fail("C20", where(para), f"điểm {letter}) đứng sau "
                         f"{POINT_LETTERS[diem - 1] + ')' if diem else 'đầu khoản'}",
                         f"điểm {expected}) (thứ tự a b c d đ e g h …)")
            diem = POINT_LETTERS.index(letter) + 1 if letter in POINT_LETTERS else diem + 1
            continue
        if text.startswith(("- ", "+ ")) and any(f.bold for f in para.run_formats):
            bold_items.append(para)
    auto = [p for p in layout.body if _auto_numbered(p)]
    if auto:
        out.warn("C20", where(auto[0]), f"{len(auto)} đoạn đánh số tự động của Word, "
                 "không đọc được số để kiểm tra thứ tự", "tự kiểm tra: I, II…; 1, 2…; a), b)…")
    if decimal:
        out.warn("C20", where(decimal[0]), f"{len(decimal)} đoạn đánh số kiểu thập phân",
                 "khoản 1, 2…; điểm a), b)…")
    if bold_items:
        out.warn("C20", where(bold_items[0]), f"{len(bold_items)} gạch đầu dòng có chữ in đậm",
                 "ý gạch đầu dòng «-», «+» không in đậm")


def _auto_numbered(para: Para) -> bool:
    """Return whether Word numbers ``para`` itself (``w:numPr``, directly or by style)."""
    if para.el.find("w:pPr/w:numPr", NS) is not None:
        num = para.el.find("w:pPr/w:numPr/w:numId", NS)
        return num is None or num.get(f"{{{NS['w']}}}val") != "0"
    style = para.el.find("w:pPr/w:pStyle", NS)
    chain = para.sheet.chain(para.sheet.style(
        style.get(f"{{{NS['w']}}}val") if style is not None else None, "paragraph"))
    return any(st.find("w:pPr/w:numPr/w:numId", NS) is not None for st in chain)


def _roman(value: int) -> str:
    return to_roman(value) if value else "(đầu)"


def _after_part(layout: Layout, para: Para) -> bool:
    idx = layout.body.index(para)
    return any(fold(p.text).startswith(("PHẦN ", "CHƯƠNG ")) for p in layout.body[:idx][-3:])


def check_end_mark(layout: Layout, out: Findings) -> None:
    """C21: the last body paragraph ends with ``./.``."""
    if not layout.body:
        if layout.title.ten_loai is not None or layout.header.so is not None:
            out.fail("C18", "nội dung", "không tìm thấy nội dung văn bản", "phần nội dung")
        return
    last = layout.body[-1]
    if not last.text.endswith("./."):
        out.warn("C21", where(last), f"kết thúc bằng «{last.text[-3:]}»", "kết thúc bằng «./.»")

