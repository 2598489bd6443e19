"""The NĐ30 document frame: one source for every kind.

The frame is everything a Kế hoạch, a Báo cáo or any later kind shares: the
header table (cơ quan, Quốc hiệu, Tiêu ngữ, Số, date), the title block (tên loại,
trích yếu), the Nơi nhận + signature table, the styles, page setup and the
page-number header. Kinds add body blocks between ``title_block`` and
``signature_block``; ``template_build`` assembles the .docx templates from here.

``frame_context`` computes what those blocks place (lines, rule lengths); the
geometry comes from nd30-format.md §1–§3 and §8.
"""

from __future__ import annotations

from typing import Any

from vbhc.core.textwidth import text_width_twips
from vbhc.document import docxml as x

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# -- header table: left 40 % / right 60 % of the text width, zero side padding (§2) --
HEADER_LEFT = round(x.TEXT_WIDTH * 0.4)
HEADER_RIGHT = x.TEXT_WIDTH - HEADER_LEFT
# -- signature table: Nơi nhận 45 % / signature 55 % --
SIGN_LEFT = round(x.TEXT_WIDTH * 0.45)
SIGN_RIGHT = x.TEXT_WIDTH - SIGN_LEFT

# Sizes in points (§3, §6, §8, §10, vbhc defaults [D]).
SIZE_QUOC_HIEU, SIZE_TIEU_NGU, SIZE_CO_QUAN = 12, 13, 12
SIZE_SO, SIZE_NGAY, SIZE_BODY = 13, 14, 14
RULE_SHARE = 0.4  # rule under the issuing body / trích yếu: 0.4 × the longest line
# Signature space (7c, §8): about 3 cm for the ink signature and the seal. Empty 14 pt
# lines at single spacing are only 0.57 cm each, so the lines get an exact height.
SIGNATURE_SPACE = 1701  # twips = 3.0 cm
SIGNATURE_LINES = 4


def rule(length: int, container: int) -> dict[str, int]:
    """Return a rule's geometry as the template context carries it."""
    return {"dai": min(length, container), "khung": container}


def frame_context(*, issuer_lines: list[str], title_lines: list[str]) -> dict[str, Any]:
    """Return the computed geometry of the frame's rules for these header and title texts."""
    issuer_width = max(text_width_twips(line, SIZE_CO_QUAN, bold=True) for line in issuer_lines)
    title_width = max((min(text_width_twips(line, SIZE_BODY, bold=True), x.TEXT_WIDTH)
                       for line in title_lines), default=x.TEXT_WIDTH // 2)
    return {
        "ke_co_quan": rule(round(issuer_width * RULE_SHARE), HEADER_LEFT),
        "ke_tieu_ngu": rule(text_width_twips(TIEU_NGU, SIZE_TIEU_NGU, bold=True), HEADER_RIGHT),
        "ke_trich_yeu": rule(round(title_width * RULE_SHARE), x.TEXT_WIDTH),
    }


# --------------------------------------------------------------------------- blocks

def header_block(*, subject_line: bool = False, number_row: bool = True) -> str:
    """Return the NĐ30 header table (boxes 1, 2, 3, 4) with its docxtpl tags.

    ``subject_line``: a Công văn's "V/v …" lines under the Số (box 5b);
    ``number_row=False``: boxes 1–2 and Quốc hiệu only, as a text issued with a
    Quyết định has (Mẫu 1.3).
    """
    left = "".join([
        x.paragraph_loop("co_quan_chu_quan_dong", "VBCoQuanChuQuan"),
        x.paragraph_loop("co_quan_ban_hanh_dong", "VBCoQuanBanHanh"),
        x.tag_paragraph("{{p khung.ke_co_quan|ke }}"),
    ])
    right = "".join([
        x.paragraph("VBQuocHieu", x.run(QUOC_HIEU)),
        x.paragraph("VBTieuNgu", x.run(TIEU_NGU)),
        x.tag_paragraph("{{p khung.ke_tieu_ngu|ke }}"),
    ])
    number = x.paragraph("VBSoKyHieu", x.run("Số: {{ so_ky_hieu }}", raw=True))
    if subject_line:
        number += x.paragraph_loop("vv", "VBVv")
    date = x.paragraph("VBDiaDanhNgay", x.run("{{ dia_danh_ngay }}", raw=True))
    rows = [[left, right], [number, date]] if number_row else [[left, right]]
    return x.table([HEADER_LEFT, HEADER_RIGHT], rows)


def title_block() -> str:
    """Return tên loại, the trích yếu lines and the rule under them (box 5a)."""
    return "".join([
        x.paragraph("VBTenLoai", x.run("{{ ten_loai }}", raw=True)),
        x.paragraph_loop("trich_yeu", "VBTrichYeu", "{{r doan|runs }}", item="doan"),
        x.tag_paragraph("{{p khung.ke_trich_yeu|ke }}"),
    ])


def signature_block() -> str:
    """Return the Nơi nhận + signature table (boxes 7a, 7b, 9b)."""
    left = "".join([
        x.paragraph("VBNoiNhanNhan", x.run("Nơi nhận:")),
        x.paragraph_loop("noi_nhan", "VBNoiNhan"),
    ])
    right = "".join([
        x.paragraph_loop("nguoi_ky.chuc_danh", "VBChucDanh"),
        # -- room for the ink signature and the seal (§8: about 3 cm); a copy says "(Đã ký)" --
        x.paragraph("VBChoKy", x.run("{{ nguoi_ky.da_ky }}", raw=True)),
        *[x.paragraph("VBChoKy") for _ in range(SIGNATURE_LINES - 1)],
        x.paragraph_loop("nguoi_ky.chuc_vu_khac", "VBChucDanh"),
        x.paragraph("VBHoTen", x.run("{{ nguoi_ky.ho_ten }}", raw=True)),
    ])
    # -- no blank paragraph before the table: the closing paragraph (VBDoanCuoi) gives
    # the gap and keeps with the table, so the block never stands alone on a page --
    return x.table([SIGN_LEFT, SIGN_RIGHT], [[left, right]], cant_split=True)


def header_part(with_page_number: bool) -> str:
    """Return a header part: the centred page number, or empty (page 1, §1)."""
    content = x.page_number_field() if with_page_number else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:hdr xmlns:w="{x.W_NS}" xmlns:r="{x.R_NS}">'
            f'{x.paragraph("VBSoTrang", content)}</w:hdr>')


# --------------------------------------------------------------------------- styles

def _style(style_id: str, name: str, *, size: float | None = None, bold: bool = False,
           italic: bool = False, align: str | None = None, based_on: str | None = "Normal",
           before: int = 0, after: int = 0, first_line: int = 0, left: int = 0,
           hanging: int = 0, line: int = 240, line_rule: str = "auto",
           keep_next: bool = False) -> str:
    ppr = ['<w:keepNext/>' if keep_next else "",
           f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" '
           f'w:lineRule="{line_rule}"/>']
    if first_line or left or hanging:
        indent = f'w:left="{left}"'
        indent += f' w:hanging="{hanging}"' if hanging else f' w:firstLine="{first_line}"'
        ppr.append(f"<w:ind {indent}/>")
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    if size:
        rpr += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/>{base}<w:qFormat/><w:pPr>{"".join(ppr)}</w:pPr>'
            f"<w:rPr>{rpr}</w:rPr></w:style>")


style = _style  # -- public name for the styles other modules add (blocks_models) --

BODY: dict[str, Any] = {"size": SIZE_BODY, "align": "both", "first_line": 720, "before": 120,
                        "line": 276}

# Paragraph styles: the look of each element, changeable once in Word (Home ▸ Styles).
FRAME_STYLES = [
    _style("VBCoQuanChuQuan", "VB Cơ quan chủ quản", size=SIZE_CO_QUAN, align="center"),
    _style("VBCoQuanBanHanh", "VB Cơ quan ban hành", size=SIZE_CO_QUAN, bold=True,
           align="center"),
    _style("VBQuocHieu", "VB Quốc hiệu", size=SIZE_QUOC_HIEU, bold=True, align="center"),
    _style("VBTieuNgu", "VB Tiêu ngữ", size=SIZE_TIEU_NGU, bold=True, align="center"),
    _style("VBKe", "VB Đường kẻ", size=2, line=240, align="center"),
    _style("VBSoKyHieu", "VB Số ký hiệu", size=SIZE_SO, align="center", before=120),
    _style("VBDiaDanhNgay", "VB Địa danh ngày", size=SIZE_NGAY, italic=True, align="center",
           before=120),
    _style("VBTenLoai", "VB Tên loại", size=SIZE_BODY, bold=True, align="center", before=360,
           keep_next=True),
    _style("VBTrichYeu", "VB Trích yếu", size=SIZE_BODY, bold=True, align="center",
           keep_next=True),
    _style("VBNoiNhanNhan", "VB Nơi nhận (nhãn)", size=12, bold=True, italic=True),
    _style("VBNoiNhan", "VB Nơi nhận", size=11, left=170, hanging=170),
    _style("VBChucDanh", "VB Chức danh ký", size=SIZE_BODY, bold=True, align="center"),
    _style("VBChoKy", "VB Chỗ ký", size=SIZE_BODY, align="center",
           line=round(SIGNATURE_SPACE / SIGNATURE_LINES), line_rule="exact"),
    _style("VBHoTen", "VB Họ tên người ký", size=SIZE_BODY, bold=True, align="center"),
    _style("VBSoTrang", "VB Số trang", size=SIZE_BODY, align="center"),
    # -- body levels (§7 structure B); kinds place them, vbhc numbers them --
    _style("VBDoan", "VB Đoạn văn", **BODY),
    # -- the last closing paragraph: kept on the page of the Nơi nhận/signature table,
    # with the gap above the table that a blank paragraph would otherwise make --
    _style("VBDoanCuoi", "VB Đoạn kết", keep_next=True, after=240, **BODY),
    _style("VBCanCu", "VB Căn cứ", italic=True, **BODY),
    _style("VBMuc", "VB Mục (I.)", bold=True, keep_next=True, **BODY),
    _style("VBKhoanTieuDe", "VB Khoản có tiêu đề (1.)", bold=True, keep_next=True, **BODY),
    _style("VBKhoan", "VB Khoản (1.)", **BODY),
    _style("VBDiem", "VB Điểm (a)", **BODY),
    _style("VBY", "VB Ý (-)", **BODY),
    _style("VBYNho", "VB Ý nhỏ (+)", **BODY),
    # -- annexes (§11) --
    _style("VBPhuLucNhan", "VB Phụ lục (nhãn)", size=14, bold=True, align="center"),
    _style("VBPhuLucTieuDe", "VB Phụ lục (tiêu đề)", size=SIZE_BODY, bold=True,
           align="center"),
    _style("VBKemTheo", "VB Kèm theo", size=SIZE_BODY, italic=True, align="center"),
    _style("VBBang", "VB Ô bảng", size=13, align="center", line=240),
    _style("VBBangDau", "VB Ô tiêu đề bảng", size=13, bold=True, align="center", line=240),
    _style("VBBangTrai", "VB Ô bảng (trái)", size=13, align="left", line=240),
    # -- the results annex (issue 18): the note under a table, a chart's caption --
    _style("VBGhiChuBang", "VB Ghi chú bảng", size=12, italic=True, align="both", before=60),
    _style("VBChuThichHinh", "VB Chú thích hình", size=13, italic=True, align="center",
           before=60),
]


def styles_part(extra: tuple[str, ...] = ()) -> str:
    """Return word/styles.xml: Times New Roman 14 pt, black, and the frame's styles only.

    Deliberately slim: no latent or table styles (they slow every render, see
    performance-notes.md).
    """
    fonts = ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
             'w:cs="Times New Roman" w:eastAsia="Times New Roman"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:w="{x.W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{fonts}'
            '<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/>'
            '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            '</w:pPr></w:pPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            '<w:name w:val="Normal"/><w:qFormat/></w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
            '<w:semiHidden/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
            '<w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" '
            'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" '
            'w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            '</w:tblCellMar></w:tblPr></w:style>'
            + "".join(FRAME_STYLES) + "".join(extra) + "</w:styles>")
