"""C12–C15: Số/ký hiệu, its type segment, the date line and the Công văn V/v line."""

from __future__ import annotations

import re
from datetime import date

from .docmodel import Line, tabbed
from .locate import TYPE_ABBR, Layout, type_of
from .model import Findings
from .rulekit import align, bold, italic, size, where
from .textkit import quote

SO_RE = re.compile(r"^Số: (0[1-9]|[1-9]\d+|\s+)/[^\s/-]+(-[^\s/-]+)+$")
DATE_RE = re.compile(
    r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm (\d{4})$")
_LOOSE_DATE = re.compile(r"^(.*?),?\s*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})$")
SUPERSEDED = {"GN": "BGN", "TTh": "BTT", "UQ": "GUQ", "NP": "GNP", "QYĐ": "QyĐ", "TS": "TrS"}
ABBRS = set(TYPE_ABBR.values())
SO_PLACE = "ô số, ký hiệu"
DATE_PLACE = "ô địa danh, ngày tháng"


def raw_text(line: Line) -> str:
    """Return the line's text with its own spacing (no squashing), stripped."""
    return "".join(t for _, t in line.pieces).replace("\u00a0", " ").strip()


def parse_number(line: Line | None) -> str | None:
    """Return ``05/KH-BCĐ`` from a ``Số: 05/KH-BCĐ`` line."""
    if line is None:
        return None
    m = re.match(r"^Số\s*[:.]?\s*(.*)$", line.text, re.IGNORECASE)
    return m.group(1).replace(" ", "") if m else None


def _so_problem(text: str) -> str:
    m = re.match(r"^Số\s*[:.]?\s*(\d*)\s*/(.*)$", text)
    if not text.startswith("Số: "):
        return "sai dạng «Số: » (chữ Số, dấu hai chấm, một dấu cách)"
    if m and m.group(1):
        num = m.group(1)
        if len(num) == 1:
            return f"số {num} thiếu số 0 ở đầu (phải là 0{num})"
        if num.startswith("0") and len(num) > 2:
            return f"số {num} thừa số 0 ở đầu"
    if m and re.search(r"\s", m.group(2)):
        return "ký hiệu có dấu cách"
    return "sai dạng số, ký hiệu"


def check_number(layout: Layout, out: Findings) -> None:
    """C12: the Số line; C13: its type segment against the tên loại."""
    head = layout.header
    place = where(None, SO_PLACE)
    so = head.so
    if so is None:
        out.fail("C12", place, "không tìm thấy số, ký hiệu", "«Số: 05/KH-BCĐ»")
        return
    text = raw_text(so)
    if not SO_RE.match(text):
        out.fail("C12", place, f"{quote(text)}: {_so_problem(text)}", "dạng «Số: 05/KH-BCĐ»")
    size(out, "C12", place, so.formats, 13, 13)
    bold(out, "C12", place, so.formats, False)
    italic(out, "C12", place, so.formats, False)
    if not tabbed(so.para):
        align(out, "C12", place, so.para)
    date_line = head.date
    if head.kind == "table" and date_line is not None:
        a, b = so.para.cell, date_line.para.cell
        if a is None or b is None or a.table is not b.table or a.row != b.row:
            out.fail("C12", place, "số, ký hiệu không cùng hàng với ngày tháng",
                     "số, ký hiệu cùng hàng với địa danh, ngày tháng")
        elif a.col >= b.col:
            out.fail("C12", place, "số, ký hiệu không ở cột trái", "cột trái, dưới tên cơ quan")
    _check_type_segment(layout, so, out)


def _check_type_segment(layout: Layout, so: Line, out: Findings) -> None:
    number = parse_number(so) or ""
    place = where(None, SO_PLACE)
    if "/" not in number:
        return
    segments = [s for s in number.split("/", 1)[1].split("-") if s]
    if not segments:
        return
    first = segments[0]
    for seg in segments:
        if seg in SUPERSEDED:
            out.fail("C13", place, f"ký hiệu cũ «{seg}»", f"«{SUPERSEDED[seg]}» (Phụ lục III)")
    kind = type_of(layout.title.ten_loai)
    if kind is not None:
        want = TYPE_ABBR[kind]
        if first != want:
            how = "sai chữ hoa/thường" if first.upper() == want.upper() else "không khớp"
            out.fail("C13", place, f"ký hiệu «{first}» {how} với tên loại {kind}",
                     f"«{want}» (Phụ lục III)")
    elif layout.header.vv and first in ABBRS:
        out.fail("C13", place, f"công văn có ký hiệu loại «{first}»",
                 "công văn: <cơ quan>-<đơn vị soạn thảo>, không có ký hiệu loại")


def parse_date(text: str) -> date | None:
    """Return the date of ``ngày 5 tháng 4 năm 2023`` or ``05/4/2023`` text, if real."""
    m = re.search(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", text)
    m = m or re.search(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _date_problem(text: str) -> str:
    m = _LOOSE_DATE.match(text)
    if not m:
        return "sai dạng «<Địa danh>, ngày … tháng … năm …»"
    place, day, month = m.group(1), m.group(2), m.group(3)
    if not re.match(r"^[^,]+, ngày", text):
        return "thiếu dấu phẩy sau địa danh" if place else "thiếu địa danh"
    if len(day) == 1:
        return f"ngày {day} thiếu số 0 ở đầu"
    if month in ("1", "2"):
        return f"tháng {month} phải viết 0{month}"
    if len(month) == 2 and month.startswith("0") and month not in ("01", "02"):
        return f"tháng {month} không viết số 0 ở đầu (tháng {int(month)})"
    return "sai dạng ngày tháng"


def check_date(layout: Layout, out: Findings) -> None:
    """C14: the date line's form, a real date, italic, size, place in the right cell."""
    head = layout.header
    place = where(None, DATE_PLACE)
    line = head.date
    if line is None:
        out.fail("C14", place, "không tìm thấy địa danh, ngày tháng",
                 "«Lào Cai, ngày 05 tháng 4 năm 2023»")
        return
    text = line.text
    m = DATE_RE.match(text)
    if not m:
        out.fail("C14", place, f"{quote(text)}: {_date_problem(text)}",
                 "«<Địa danh>, ngày DD tháng M năm YYYY» (tháng 1, 2 viết 01, 02)")
    elif parse_date(text) is None:
        out.fail("C14", place, f"{quote(text)}: ngày không có thật", "một ngày có thật")
    italic(out, "C14", place, line.formats, True)
    bold(out, "C14", place, line.formats, False)
    size(out, "C14", place, line.formats, 13, 14)
    if not tabbed(line.para):
        align(out, "C14", place, line.para)
    qh_cell = head.qh.para.cell if head.kind == "table" and head.qh is not None else None
    if qh_cell is not None and line.para.cell is not None:
        if line.para.cell.col == 0 and qh_cell.col > 0:
            out.fail("C14", place, "ngày tháng ở cột trái", "cột phải, dưới Quốc hiệu")
    name = text.split(",", 1)[0] if "," in text else ""
    bad = [s for i, s in enumerate(name.split())
           if s[:1] != s[:1].upper() and not (s == "phố" and i > 0 and
                                               name.split()[i - 1] == "Thành")]
    if bad:
        out.fail("C14", place, f"địa danh «{name}» có chữ không viết hoa",
                 "viết hoa chữ cái đầu mỗi âm tiết của địa danh")


def check_vv(layout: Layout, out: Findings) -> None:
    """C15: a Công văn's V/v line; documents with a tên loại have none."""
    head, title = layout.header, layout.title
    if not head.vv:
        return
    line = head.vv[0]
    place = where(None, "ô trích yếu công văn (V/v)")
    if title.ten_loai is not None:
        out.fail("C15", place, "có dòng «V/v» dù văn bản có tên loại",
                 "chỉ công văn có trích yếu «V/v …»")
        return
    if not line.text.startswith("V/v "):
        out.fail("C15", place, quote(line.text), "bắt đầu bằng «V/v »")
    size(out, "C15", place, line.formats, 12, 13)
    bold(out, "C15", place, line.formats, False)
    italic(out, "C15", place, line.formats, False)
    align(out, "C15", place, line.para)
    if head.so is not None and line.para is not head.so.para:
        if line.para.fmt.before_twips < 120:
            out.fail("C15", place, f"cách dòng số {line.para.fmt.before_twips / 20:g} pt",
                     "cách dòng số, ký hiệu ít nhất 6 pt")
