"""Find the parts of an NĐ30 document by structure and text: header, title, body,
signature, annexes. Nothing here judges the format; missing parts stay ``None``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .docmodel import CheckedDoc, Line, Para, Table
from .rules_lines import Rule, find_rule, is_typed_rule
from .textkit import fold, is_caps

# Document types of Điều 7 that carry a tên loại (upper case), with their ký hiệu.
TYPE_ABBR: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ", "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr", "KẾ HOẠCH": "KH", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA", "BÁO CÁO": "BC", "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ", "BẢN GHI NHỚ": "BGN", "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ", "GIẤY MỜI": "GM", "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC", "PHIẾU BÁO": "PB",
    "BẢN SAO Y": "SY", "BẢN TRÍCH SAO": "TrS", "BẢN SAO LỤC": "SL",
}
PREFIX_RE = re.compile(r"^(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\s*\.")
_SO_RE = re.compile(r"^SỐ\s*[:.]?\s*(\d|/|$|\s)")
_DATE_RE = re.compile(r"ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{2,4}|\d{1,2}/\d{1,2}/\d{4}",
                      re.IGNORECASE)
_BODYISH = re.compile(r"^(Căn cứ|Kính gửi|[IVXL]+\s*[.\-–)]|\d+\s*[.)]|[-+•])", re.IGNORECASE)
_CHU_QUAN = re.compile(r"^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ|SỞ|TỔNG CỤC|CỤC|HỘI|"
                       r"ĐẢNG|TỈNH|HUYỆN|QUẬN|THÀNH|BAN|TRUNG ƯƠNG|HĐND)\s+\S")


@dataclass
class Header:
    """Boxes 1–5 of the first page, wherever they were typed."""

    kind: str | None = None  # table | textbox | text | None
    table: Table | None = None
    qh: Line | None = None
    qh_split: bool = False
    tn: Line | None = None
    tn_rule: Rule | None = None
    chu_quan: list[Line] = field(default_factory=list)
    body_name: list[Line] = field(default_factory=list)
    body_rule: Rule | None = None
    so: Line | None = None
    date: Line | None = None
    vv: list[Line] = field(default_factory=list)
    end: int = 0  # first block after the header


@dataclass
class Title:
    """Tên loại, trích yếu and its rule."""

    ten_loai: Line | None = None
    in_table: bool = False
    trich_yeu: list[Line] = field(default_factory=list)
    rule: Rule | None = None
    end: int = 0


@dataclass
class Signature:
    """Nơi nhận and the signature block (a table, or typed lines)."""

    table: Table | None = None
    label: Line | None = None
    recipients: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # signature side, in order
    gaps: list[int] = field(default_factory=list)  # empty paragraphs before each line
    start: int = 0


@dataclass
class Annex:
    """One phụ lục: label, title lines and the ``(Kèm theo …)`` line."""

    start: int  # first block
    label: Line | None = None
    title: list[Line] = field(default_factory=list)
    kem_theo: str = ""
    kem_lines: list[Line] = field(default_factory=list)


@dataclass
class Layout:
    """Every located part."""

    header: Header
    title: Title
    kinh_gui: list[Line]
    body: list[Para]
    signature: Signature
    annexes: list[Annex]
    annex_only: bool = False  # a phụ lục issued as its own file: no header or signature
    # -- a Quyết định's authority line(s) under the title and its "QUYẾT ĐỊNH:" lead-in:
    # part of the model (Mẫu 1.2), not body text --
    authority: list[Para] = field(default_factory=list)
    lead_in: list[Para] = field(default_factory=list)


def type_of(line: Line | None) -> str | None:
    """Return the tên loại of ``line`` in upper case, if it names a document type."""
    if line is None:
        return None
    key = fold(line.text)
    return key if key in TYPE_ABBR else None


def _zone_lines(doc: CheckedDoc, stop: int) -> list[Line]:
    return [ln for p in doc.paras_in_blocks(0, stop) if p.section == 0
            for ln in p.lines(tabs=True)]


def _find_title_block(doc: CheckedDoc, after: int) -> int | None:
    for b in doc.blocks[after:after + 40]:
        if isinstance(b, Para) and b.lines() and type_of(b.lines()[0]):
            return b.block
    return None


def locate_header(doc: CheckedDoc) -> Header:
    """Return the header found in the first section (parts may be missing)."""
    head = Header()
    first = _zone_lines(doc, min(len(doc.blocks), 30))
    qh_at = next((i for i, ln in enumerate(first) if fold(ln.text).startswith("CỘNG HÒA XÃ HỘI")
                  or fold(ln.text).endswith("CHỦ NGHĨA VIỆT NAM")), None)
    qh_block = first[qh_at].para.block if qh_at is not None else 0
    title = _find_title_block(doc, qh_block)
    if title is None:
        title = next((b.block for b in doc.blocks[qh_block + 1:]
                      if isinstance(b, Para) and (len(b.text) > 80 or _BODYISH.match(b.text))),
                     min(len(doc.blocks), 12))
    head.end = title
    lines = _zone_lines(doc, title)
    if qh_at is not None and qh_at < len(first) and first[qh_at] in lines:
        head.qh = first[qh_at]
        para = head.qh.para
        head.kind = {"cell": "table", "textbox": "textbox"}.get(para.container, "text")
        head.table = para.cell.table if para.cell else None
        i = lines.index(head.qh)
        if fold(head.qh.text) != "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and i + 1 < len(lines):
            joined = fold(head.qh.text + " " + lines[i + 1].text)
            head.qh_split = joined.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        head.tn = next((ln for ln in lines[i + 1:i + 4] if fold(ln.text).startswith("ĐỘC LẬP")),
                       None)
    head.so = next((ln for ln in lines if _SO_RE.match(fold(ln.text))), None)
    head.date = next((ln for ln in lines if _DATE_RE.search(ln.text)), None)
    head.vv = [ln for ln in lines if ln.text.lower().startswith("v/v")]
    _split_left(head, _left_lines(head, lines))
    if head.tn is not None:
        head.tn_rule = find_rule(doc, head.tn.para, "right", head.end, 0)
    if head.body_name:
        head.body_rule = find_rule(doc, head.body_name[-1].para, "left", head.end, 0)
    return head


def _left_lines(head: Header, lines: list[Line]) -> list[Line]:
    taken = {id(x) for x in (head.qh, head.tn, head.so, head.date, *head.vv) if x is not None}
    stop = lines.index(head.so) if head.so is not None else len(lines)
    out = []
    for ln in lines[:stop]:
        if id(ln) in taken or not is_caps(ln.shown) or ln.text[:1].isdigit():
            continue
        para = ln.para
        if head.kind == "table" and head.qh is not None:
            qcell = head.qh.para.cell
            if para.cell is None or qcell is None or para.cell.table is not qcell.table or (
                    para.cell.col >= qcell.col):
                continue
        elif head.kind == "textbox" and head.qh is not None:
            if para.textbox is None or para.textbox is head.qh.para.textbox:
                continue
        elif head.qh is not None and para is head.qh.para and ln is not para.lines(True)[0]:
            continue
        if head.qh_split and head.qh is not None and ln.para is head.qh.para:
            continue
        out.append(ln)
    if head.qh_split and out and fold(out[0].text) == "VIỆT NAM":
        out = out[1:]
    return out


def _split_left(head: Header, left: list[Line]) -> None:
    if not left:
        return
    if len(left) == 1:
        head.body_name = left
        return
    bold = [all(f.bold for f in ln.formats) for ln in left]
    if not bold[0] and bold[-1]:
        head.chu_quan = [left[0]]
    elif _CHU_QUAN.match(fold(left[0].text)) and len(left[0].text.split()) >= 2:
        words = fold(left[0].text)
        if words not in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
            head.chu_quan = [left[0]]
    head.body_name = left[len(head.chu_quan):]


def locate_title(doc: CheckedDoc, head: Header) -> Title:
    """Return the tên loại, the trích yếu lines and the rule under them."""
    title = Title(end=head.end)
    block = head.end if head.end < len(doc.blocks) else None
    para = doc.blocks[block] if block is not None else None
    if not isinstance(para, Para) or not para.lines() or not type_of(para.lines()[0]):
        cells = [p for p in doc.paras_in_blocks(0, head.end + 1)
                 if p.container == "cell" and p.lines() and type_of(p.lines()[0])]
        if not cells:
            return title
        para, title.in_table = cells[0], True
    title.ten_loai = para.lines()[0]
    title.trich_yeu = para.lines()[1:]
    last = para
    for b in doc.blocks[para.block + 1:para.block + 4]:
        if not isinstance(b, Para) or b.is_empty or _BODYISH.match(b.text) or (
                is_typed_rule(b)):
            break
        if title.trich_yeu and b.fmt.alignment != "center":
            break
        title.trich_yeu += b.lines()
        last = b
    title.end = last.block + 1
    if title.trich_yeu:
        title.rule = find_rule(doc, last, "body", last.block + 3)
        if title.rule is not None and title.rule.para is not None:
            title.end = max(title.end, title.rule.para.block + 1)
    return title
