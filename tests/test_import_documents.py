"""Documents typed in Word by hand (built here with python-docx, not vbhc's frame) import,
render back with ≥ 95% of their lines, and keep kind, Số, date, signer and Nơi nhận."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tests.import_tools import coverage, import_and_render
from tests.test_checker_seeds import _textbox

RECIPIENTS = ["- Như trên;", "- UBND tỉnh (b/c);", "- Các huyện, thị xã;", "- Lưu: VT, VX."]


def _para(container, text: str, *, bold: bool = False, italic: bool = False,  # noqa: ANN001
          centre: bool = False) -> None:
    p = container.add_paragraph()
    for index, piece in enumerate(text.split("**")):
        if piece:
            run = p.add_run(piece)
            run.bold = bold or index % 2 == 1
            run.italic = italic
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _header_table(document: Document, left: list[str], so: str, day: str) -> None:
    table = document.add_table(rows=2, cols=2)
    cells = table.rows[0].cells
    cells[0].text = ""
    for index, line in enumerate(left):
        _para(cells[0], line, bold=index > 0, centre=True)
    _para(cells[1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, centre=True)
    _para(cells[1], "Độc lập - Tự do - Hạnh phúc", bold=True, centre=True)
    _para(table.rows[1].cells[0], so, centre=True)
    _para(table.rows[1].cells[1], day, italic=True, centre=True)


def _signature(document: Document, recipients: list[str], signer: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _para(left, "Nơi nhận:", bold=True, italic=True)
    for line in recipients:
        _para(left, line)
    for index, line in enumerate(signer):
        if index == len(signer) - 1:
            for _ in range(3):
                right.add_paragraph()
        _para(right, line, bold=True, centre=True)


def _document(kind_title: str | None, subject: list[str]) -> Document:
    document = docx.Document()
    _header_table(document, ["UBND TỈNH LÀO CAI", "BAN CHỈ ĐẠO VẬN ĐỘNG", "HIẾN MÁU TÌNH NGUYỆN"],
                  "Số: 12/KH-BCĐ", "Lào Cai, ngày 15 tháng 3 năm 2024")
    if kind_title:
        _para(document, kind_title, bold=True, centre=True)
        for line in subject:
            _para(document, line, bold=True, centre=True)
    return document


PLAN = [
    ("I.", "MỤC ĐÍCH, YÊU CẦU", True),
    ("1.", "Mục đích", True),
    ("-", "Vận động Nhân dân tham gia hiến máu tình nguyện trong năm 2024.", False),
    ("2.", "Yêu cầu", True),
    ("-", "Các hoạt động bảo đảm an toàn, tiết kiệm, hiệu quả.", False),
    ("-", "Các cơ quan phối hợp chặt chẽ, đạt các chỉ tiêu đề ra.", False),
    ("II.", "NỘI DUNG", True),
    ("1.", "Tổ chức tuyên truyền trên các phương tiện thông tin đại chúng.", False),
    ("2.", "Tổ chức các ngày hội hiến máu tại các huyện, thị xã.", False),
    ("a)", "Các huyện vùng thấp tổ chức trong quý II.", False),
    ("b)", "Các huyện vùng cao tổ chức trong quý III.", False),
    ("III.", "TỔ CHỨC THỰC HIỆN", True),
    ("", "Hội Chữ thập đỏ tỉnh là cơ quan thường trực, tổng hợp kết quả.", False),
]
SIGNER = ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Văn An"]


def _plan(numbering: str) -> Document:
    document = _document("KẾ HOẠCH", ["Tổ chức vận động hiến máu tình nguyện năm 2024"])
    _para(document, "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Ban Chỉ đạo ban hành Kế hoạch "
          "năm 2024 như sau:")
    if numbering == "word":
        _word_numbering(document)
    for label, text, bold in PLAN:
        if numbering == "word" and label:
            level = {"I.": 0, "II.": 0, "III.": 0, "1.": 1, "2.": 1, "a)": 2, "b)": 2,
                     "-": 3}[label]
            p = document.add_paragraph()
            run = p.add_run(text)
            run.bold = bold
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                '<w:numId w:val="7"/></w:numPr>'))
        else:
            _para(document, f"{label} {text}".strip(), bold=bold)
    _para(document, "Trên đây là Kế hoạch vận động hiến máu tình nguyện năm 2024./.")
    _signature(document, RECIPIENTS[1:], SIGNER)
    return document


def _word_numbering(document: Document) -> None:
    """Add a multi-level list (I. / 1. / a) / bullet) to numbering.xml as numId 7."""
    numbering = document.part.numbering_part.element
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"),
              ("bullet", "-")]
    xml = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                  f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="70">'
                               f'{xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="7">'
                               '<w:abstractNumId w:val="70"/></w:num>'))


def _check(path: Path, tmp_path: Path, kind: str) -> tuple:
    folder = tmp_path / "nhap"
    folder.mkdir()
    loaded, data, out = import_and_render(path, folder)
    share, missing = coverage(path, out)
    assert share >= 0.95, missing
    assert loaded.kind.name == kind
    return loaded, data, out


@pytest.mark.parametrize("numbering", ["typed", "word"])
def test_plan_imports_with_its_numbering(numbering: str, tmp_path: Path) -> None:
    path = tmp_path / f"ke_hoach_{numbering}.docx"
    _plan(numbering).save(str(path))
    loaded, data, _ = _check(path, tmp_path, "ke-hoach")
    document = loaded.document
    assert (document.so, document.ngay_ban_hanh) == (12, date(2024, 3, 15))
    assert document.nguoi_ky.ho_ten == "Nguyễn Văn An"
    assert document.nguoi_ky.quyen_han == ["TM."]
    assert [r.ten for r in document.recipients()] == ["UBND tỉnh (b/c)", "Các huyện, thị xã"]
    assert document.luu.don_vi == "VX"
    titles = [section.tieu_de for section in document.noi_dung]
    assert titles == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    assert [p.doan for p in document.noi_dung[1].muc[1].muc] == [
        ["Các huyện vùng thấp tổ chức trong quý II."],
        ["Các huyện vùng cao tổ chức trong quý III."]]
    # -- the year recurs: typed once as a fact, the text refers to it --
    assert document.thong_tin == {"nam": 2024}
    assert document.ket_thuc == ["Trên đây là Kế hoạch vận động hiến máu tình nguyện năm "
                                 "{{ thong_tin.nam }}"]


def test_decision_with_articles(tmp_path: Path) -> None:
    document = docx.Document()
    _header_table(document, ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], "Số: 230/QĐ-UBND",
                  "Lào Cai, ngày 02 tháng 02 năm 2024")
    _para(document, "QUYẾT ĐỊNH", bold=True, centre=True)
    _para(document, "Về việc khen thưởng người hiến máu tiêu biểu", bold=True, centre=True)
    _para(document, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI", bold=True, centre=True)
    _para(document, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True)
    _para(document, "Theo đề nghị của Giám đốc Sở Nội vụ.", italic=True)
    _para(document, "QUYẾT ĐỊNH:", bold=True, centre=True)
    _para(document, "**Điều 1.** Tặng Bằng khen cho 20 người hiến máu tiêu biểu.")
    _para(document, "**Điều 2.** Tiền thưởng gồm:")
    _para(document, "1. Mỗi cá nhân 1.000.000 đồng.")
    _para(document, "2. Nguồn chi từ quỹ thi đua của tỉnh.")
    _para(document, "**Điều 3.** Chánh Văn phòng và các cá nhân có tên tại Điều 1 chịu "
          "trách nhiệm thi hành Quyết định này./.")
    _signature(document, ["- Như Điều 3;", "- Sở Nội vụ;", "- Lưu: VT, NC."],
               ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"])
    path = tmp_path / "quyet_dinh.docx"
    document.save(str(path))
    loaded, _, _ = _check(path, tmp_path, "quyet-dinh")
    decision = loaded.document
    assert (decision.so, decision.ngay_ban_hanh) == (230, date(2024, 2, 2))
    assert len(decision.dieu) == 3 and len(decision.dieu[1].khoan) == 2
    assert decision.theo_de_nghi == "Giám đốc Sở Nội vụ"
    assert decision.nguoi_ky.quyen_han == ["KT."] and decision.nguoi_ky.ho_ten == "Trần Thị Bình"
    assert decision.noi_nhan == ["Sở Nội vụ"] and decision.luu.don_vi == "NC"
    assert decision.tham_quyen == ["Chủ tịch ủy ban nhân dân tỉnh lào cai"]


def test_official_letter_with_subject_and_addressees(tmp_path: Path) -> None:
    document = docx.Document()
    _header_table(document, ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], "Số: 845/UBND-VX",
                  "Lào Cai, ngày 20 tháng 5 năm 2024")
    _para(document.tables[0].rows[1].cells[0], "V/v tổ chức ngày hội hiến máu", centre=True)
    _para(document, "Kính gửi:")
    _para(document, "- Sở Y tế;")
    _para(document, "- Hội Chữ thập đỏ tỉnh.")
    _para(document, "Để bảo đảm đủ máu cho cấp cứu, Ủy ban nhân dân tỉnh đề nghị:")
    _para(document, "1. Sở Y tế chỉ đạo các bệnh viện tiếp nhận máu.")
    _para(document, "2. Hội Chữ thập đỏ tỉnh vận động người hiến máu.")
    _para(document, "Đề nghị các đơn vị triển khai thực hiện./.")
    _signature(document, ["- Như trên;", "- Lưu: VT, VX."],
               ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Lê Văn Cường"])
    path = tmp_path / "cong_van.docx"
    document.save(str(path))
    loaded, _, _ = _check(path, tmp_path, "cong-van")
    letter = loaded.document
    assert letter.kinh_gui == ["Sở Y tế", "Hội Chữ thập đỏ tỉnh"]
    assert letter.trich_yeu == ["tổ chức ngày hội hiến máu"]
    assert (letter.so, letter.ngay_ban_hanh) == (845, date(2024, 5, 20))
    assert letter.nguoi_ky.ho_ten == "Lê Văn Cường" and letter.nguoi_ky.quyen_han == ["TL."]


def _box_paragraphs(lines: list[tuple[str, bool]]) -> str:
    return "".join('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
                   f'{"<w:b/>" if bold else ""}</w:rPr><w:t>{text}</w:t></w:r></w:p>'
                   for text, bold in lines)


def test_header_in_text_boxes(tmp_path: Path) -> None:
    document = docx.Document()
    left = _box_paragraphs([("UBND HUYỆN BẢO YÊN", False), ("BAN CHỈ ĐẠO", True),
                            ("HIẾN MÁU TÌNH NGUYỆN", True), ("Số: 07/TB-BCĐ", False)])
    right = _box_paragraphs([("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                             ("Độc lập - Tự do - Hạnh phúc", True),
                             ("Bảo Yên, ngày 09 tháng 10 năm 2024", False)])
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(_textbox(left, 3742, 0)))
    anchor._p.append(parse_xml(_textbox(right, 5613, 3742)))
    for _ in range(4):
        document.add_paragraph()
    _para(document, "THÔNG BÁO", bold=True, centre=True)
    _para(document, "Lịch hiến máu tình nguyện quý IV năm 2024", bold=True, centre=True)
    _para(document, "Ban Chỉ đạo thông báo lịch hiến máu tình nguyện như sau:")
    _para(document, "1. Ngày 15/10/2024 tại Trung tâm Y tế huyện.")
    _para(document, "2. Ngày 20/11/2024 tại Trường THPT số 1 Bảo Yên.")
    _para(document, "Đề nghị các cơ quan, đơn vị thông báo rộng rãi./.")
    _signature(document, ["- Các xã, thị trấn;", "- Lưu: VT."],
               ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Dũng"])
    path = tmp_path / "thong_bao.docx"
    document.save(str(path))
    loaded, _, _ = _check(path, tmp_path, "thong-bao")
    notice = loaded.document
    assert notice.co_quan_chu_quan == ["UBND HUYỆN BẢO YÊN"]
    assert notice.co_quan_ban_hanh.dong == ["BAN CHỈ ĐẠO", "HIẾN MÁU TÌNH NGUYỆN"]
    assert (notice.so, notice.ngay_ban_hanh, notice.dia_danh) == (7, date(2024, 10, 9),
                                                                   "Bảo Yên")
    assert notice.noi_nhan == ["Các xã, thị trấn"] and notice.nguoi_ky.ho_ten == "Hoàng Văn Dũng"


def test_quota_annex_table(tmp_path: Path) -> None:
    document = _plan("typed")
    document.add_page_break()
    _para(document, "Phụ lục", bold=True, centre=True)
    _para(document, "PHÂN BỔ CHỈ TIÊU HIẾN MÁU NĂM 2024", bold=True, centre=True)
    _para(document, "(Kèm theo Kế hoạch số 12/KH-BCĐ ngày 15 tháng 3 năm 2024 của Ban Chỉ "
          "đạo vận động hiến máu tình nguyện)", italic=True, centre=True)
    rows = [["Đơn vị", "Chỉ tiêu cả năm", "Đã thực hiện", "Còn phải thực hiện"],
            ["Huyện Bảo Yên", "1.200", "700", "500"], ["Huyện Bắc Hà", "800", "850",
                                                        "Đã hoàn thành"],
            ["Thị xã Sa Pa", "600", "", ""], ["Tổng cộng", "2.600", "1.550", "500"]]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "ke_hoach_phu_luc.docx"
    document.save(str(path))
    loaded, data, _ = _check(path, tmp_path, "ke-hoach")
    quota = loaded.document.phu_luc[0].bang_chi_tieu
    assert quota is not None
    assert [(d.ten, d.ca_nam, d.da_thuc_hien) for d in quota.dong] == [
        ("Huyện Bảo Yên", 1200, 700), ("Huyện Bắc Hà", 800, 850), ("Thị xã Sa Pa", 600, None)]
    assert quota.cot_con_lai == "Còn phải thực hiện"
    # -- the totals row is computed by vbhc: not typed into the data --
    assert "2600" not in data.read_text(encoding="utf-8")
    assert loaded.document.phu_luc[0].tieu_de == ["PHÂN BỔ CHỈ TIÊU HIẾN MÁU NĂM 2024"]


def test_a_paragraph_without_a_place_is_reported(tmp_path: Path) -> None:
    document = docx.Document()
    _header_table(document, ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], "Số: 231/QĐ-UBND",
                  "Lào Cai, ngày 05 tháng 02 năm 2024")
    _para(document, "QUYẾT ĐỊNH", bold=True, centre=True)
    _para(document, "Về việc thành lập Tổ công tác", bold=True, centre=True)
    _para(document, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI", bold=True, centre=True)
    _para(document, "QUYẾT ĐỊNH:", bold=True, centre=True)
    _para(document, "1. Một khoản gõ nhầm trước Điều 1.")
    _para(document, "**Điều 1.** Thành lập Tổ công tác hiến máu.")
    _para(document, "**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký./.")
    _signature(document, ["- Như Điều 2;", "- Sở Y tế;", "- Lưu: VT."],
               ["CHỦ TỊCH", "Trần Văn Bình"])
    path = tmp_path / "quyet_dinh.docx"
    document.save(str(path))
    data = tmp_path / "quyet_dinh.yaml"
    from vbhc.importer.api import import_file

    imported = import_file(path, data)
    assert imported.leftovers == [(1, "1. Một khoản gõ nhầm trước Điều 1.")]
    assert "# - trang 1: 1. Một khoản gõ nhầm trước Điều 1." in data.read_text(encoding="utf-8")
