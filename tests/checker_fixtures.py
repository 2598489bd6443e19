"""Build NĐ30 documents for the checker's tests: a good Kế hoạch (the Lào Cai plan, made
with python-docx following the reference) and helpers to break it one rule at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from vbhc.checker.textkit import text_width_pt

TEXT_WIDTH = 11906 - 1701 - 850  # twips: A4 minus 30 mm and 15 mm margins
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

BODY = [
    ("Thực hiện Hướng dẫn số 32/HD-BCĐQG ngày 17/3/2023 của Ban Chỉ đạo Quốc gia vận động "
     "hiến máu tình nguyện, Ban Chỉ đạo ban hành Kế hoạch thực hiện Chiến dịch như sau:", False),
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Mục đích", True),
    ("- Tuyên truyền, vận động các tầng lớp Nhân dân tích cực tham gia hiến máu tình nguyện.",
     False),
    ("2. Yêu cầu", True),
    ("- Các hoạt động của Chiến dịch cần đảm bảo an toàn, tiết kiệm, hiệu quả.", False),
    ("II. TỔ CHỨC THỰC HIỆN", True),
    ("1. Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh", True),
    ("a) Hướng dẫn Ban Chỉ đạo các huyện tổ chức các hoạt động hưởng ứng Chiến dịch.", False),
    ("b) Tổng kết, đánh giá kết quả thực hiện Chiến dịch.", False),
    ("2. Hội Chữ thập đỏ tỉnh phối hợp tổ chức các điểm hiến máu an toàn.", False),
    ("Trên đây là Kế hoạch thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023./.", False),
]
RECIPIENTS = ["- Ban Chỉ đạo Quốc gia vận động HMTN (b/c);", "- UBND tỉnh (b/c);",
              "- Lưu: VT, HCTĐ."]
KEM_THEO = ("(Kèm theo Kế hoạch số 05/KH-BCĐ ngày 05 tháng 4 năm 2023 của Ban Chỉ đạo "
            "vận động hiến máu tình nguyện tỉnh Lào Cai)")


# -- low-level helpers --------------------------------------------------------------------

def set_run(run, *, size: float | None = None, bold: bool | None = None,  # noqa: ANN001
            italic: bool | None = None, font: str | None = None) -> None:
    """Set direct formatting on a python-docx run."""
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if font is not None:
        run.font.name = font
        rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:hAnsi"), font)


def fmt_para(p: Paragraph, *, align: str = "center", before: float = 0, after: float = 0,
             first: float = 0, left: float = 0, right: float = 0, line: int = 240) -> None:
    """Set paragraph alignment, spacing (pt) and indents (twips)."""
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
                   "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.first_line_indent = Twips(first)
    pf.left_indent, pf.right_indent = Twips(left), Twips(right)
    spacing = p._p.get_or_add_pPr().find(qn("w:spacing"))
    spacing.set(qn("w:line"), str(line))
    spacing.set(qn("w:lineRule"), "auto")


def add_text(container, text: str, *, size: float = 14, bold: bool = False,  # noqa: ANN001
             italic: bool = False, align: str = "center", reuse: bool = False,
             **spacing: float) -> Paragraph:
    """Return a new paragraph with one run, added to a document or cell (``reuse``: the first)."""
    p = container.paragraphs[0] if reuse else container.add_paragraph()
    if text:
        set_run(p.add_run(text), size=size, bold=bold, italic=italic)
    fmt_para(p, align=align, **spacing)
    return p


def add_rule(container, length: float, width: float) -> Paragraph:  # noqa: ANN001
    """Return a new empty paragraph with a bottom border ``length`` twips long, centred."""
    side = (width - length) / 2
    p = add_text(container, "", left=side, right=side)
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.append(borders)
    _order_ppr(p_pr)
    return p


def _order_ppr(p_pr) -> None:  # noqa: ANN001
    """Put pPr children in schema order (Word is strict about it)."""
    order = ["pStyle", "keepNext", "pageBreakBefore", "numPr", "pBdr", "spacing", "ind",
             "contextualSpacing", "jc", "rPr", "sectPr"]
    children = list(p_pr)
    children.sort(key=lambda el: order.index(el.tag[len(W_NS):])
                  if el.tag[len(W_NS):] in order else 50)
    for el in children:
        p_pr.append(el)


def borderless(table: Table, widths: list[int]) -> None:
    """Make ``table`` borderless, fixed ``widths`` (twips), zero side padding."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))


def add_page_field(p: Paragraph, size: float = 14) -> None:
    """Append a PAGE field to ``p``."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):
        run = p.add_run()
        set_run(run, size=size)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def width_twips(text: str, size: float, bold: bool = True) -> float:
    """Return the printed width of ``text`` in twips."""
    return text_width_pt(text, size, bold) * 20


# -- the good document ----------------------------------------------------------------------

def _setup(document: Document) -> None:
    styles = document.styles.element
    rpr = styles.find(f"{W_NS}docDefaults/{W_NS}rPrDefault/{W_NS}rPr")
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{key}"), "Times New Roman")
    rpr.find(qn("w:sz")).set(qn("w:val"), "28")
    sec = document.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.top_margin = sec.bottom_margin = Twips(1134)
    sec.left_margin, sec.right_margin = Twips(1701), Twips(850)
    sec.header_distance = sec.footer_distance = Twips(567)
    sec.different_first_page_header_footer = True
    add_page_field(sec.header.paragraphs[0])
    fmt_para(sec.header.paragraphs[0])


def _header(document: Document) -> Table:
    left_w, right_w = round(TEXT_WIDTH * 0.4), TEXT_WIDTH - round(TEXT_WIDTH * 0.4)
    table = document.add_table(rows=2, cols=2)
    borderless(table, [left_w, right_w])
    left, right = table.cell(0, 0), table.cell(0, 1)
    add_text(left, "UBND TỈNH LÀO CAI", size=12, reuse=True)
    names = ["BAN CHỈ ĐẠO VẬN ĐỘNG", "HIẾN MÁU TÌNH NGUYỆN"]
    for name in names:
        add_text(left, name, size=12, bold=True)
    longest = max(width_twips(n, 12) for n in names)
    add_rule(left, longest * 0.4, left_w)
    add_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, reuse=True)
    tn = "Độc lập - Tự do - Hạnh phúc"
    add_text(right, tn, size=13, bold=True)
    add_rule(right, width_twips(tn, 13), right_w)
    add_text(table.cell(1, 0), "Số: 05/KH-BCĐ", size=13, reuse=True, before=6)
    add_text(table.cell(1, 1), "Lào Cai, ngày 05 tháng 4 năm 2023", italic=True, reuse=True,
             before=6)
    return table


def _signature(document: Document, widths: tuple[int, int] = (4210, 5145)) -> Table:
    table = document.add_table(rows=1, cols=2)
    borderless(table, list(widths))
    left, right = table.cell(0, 0), table.cell(0, 1)
    add_text(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", reuse=True)
    for item in RECIPIENTS:
        add_text(left, item, size=11, align="left")
    add_text(right, "TM. BAN CHỈ ĐẠO", bold=True, reuse=True)
    add_text(right, "TRƯỞNG BAN", bold=True)
    for _ in range(3):
        add_text(right, "")
    add_text(right, "PHÓ CHỦ TỊCH UBND TỈNH", bold=True)
    add_text(right, "Giàng Thị Dung", bold=True)
    return table


def add_annex(document: Document, label: str = "Phụ lục",
              title: str = "PHÂN BỔ CHỈ TIÊU HIẾN MÁU NĂM 2023", kem_theo: str = KEM_THEO,
              landscape: bool = False) -> None:
    """Add an annex in a new section with page numbers restarting at 1."""
    sec = document.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Twips(16838), Twips(11906)
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    sec._sectPr.append(num)
    if label:
        add_text(document, label, bold=True)
    add_text(document, title, bold=True)
    add_text(document, kem_theo, italic=True)
    add_rule(document, width_twips("PHÂN BỔ CHỈ TIÊU", 14) * 0.4, TEXT_WIDTH)
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    for i, text in enumerate(["Đơn vị", "Chỉ tiêu", "Huyện Bảo Thắng", "300"]):
        add_text(table.cell(i // 2, i % 2), text, reuse=True)


def good_document(annex: bool = True, body: list[tuple[str, bool]] | None = None) -> Document:
    """Return the good Kế hoạch: header table, title, body, signature, optional annex."""
    document = docx.Document()
    _setup(document)
    for p in document.paragraphs:
        remove(p)
    _header(document)
    add_text(document, "KẾ HOẠCH", bold=True, before=12)
    trich_yeu = "Thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023"
    add_text(document, trich_yeu, bold=True)
    add_rule(document, width_twips(trich_yeu, 14) * 0.4, TEXT_WIDTH)
    for text, is_bold in body or BODY:
        add_text(document, text, bold=is_bold, align="both", first=720, before=6, line=276)
    _signature(document)
    if annex:
        add_annex(document)
    return document


# -- finding and changing parts -------------------------------------------------------------

def paragraphs(document: Document) -> Iterator[Paragraph]:
    """Yield every paragraph of the body, table cells included, in order."""
    for p in document.element.body.iter(qn("w:p")):
        yield Paragraph(p, document._body)


def para(document: Document, start: str) -> Paragraph:
    """Return the first paragraph whose text starts with ``start``."""
    for p in paragraphs(document):
        if p.text.startswith(start):
            return p
    raise AssertionError(f"no paragraph starting with {start!r}")


def restyle(document: Document, start: str, **kwargs: object) -> Paragraph:
    """Return the paragraph starting with ``start`` after setting its runs' formatting."""
    p = para(document, start)
    for run in p.runs:
        set_run(run, **kwargs)  # type: ignore[arg-type]
    return p


def retext(document: Document, start: str, text: str) -> Paragraph:
    """Return the paragraph starting with ``start`` after replacing its text (first run kept)."""
    p = para(document, start)
    runs = p.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    return p


def remove(p: Paragraph) -> None:
    """Delete a paragraph."""
    p._p.getparent().remove(p._p)


def cell_of(document: Document, start: str) -> _Cell:
    """Return the table cell holding the paragraph that starts with ``start``."""
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if any(p.text.startswith(start) for p in cell.paragraphs):
                    return cell
    raise AssertionError(f"no cell with {start!r}")


def save(document: Document, folder: Path, name: str = "doc.docx") -> Path:
    """Return the path ``document`` was saved to, in ``folder``."""
    path = folder / name
    document.save(str(path))
    return path
