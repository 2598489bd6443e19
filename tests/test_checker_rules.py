"""Each rule C01–C29: the good document passes; a copy broken in one place fails (or warns)
on exactly that rule."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from tests.checker_fixtures import (
    TEXT_WIDTH,
    add_annex,
    add_page_field,
    add_rule,
    add_text,
    cell_of,
    good_document,
    para,
    remove,
    restyle,
    retext,
    save,
    set_run,
)
from vbhc.checker import FAIL, WARN, check_docx

# -- a bug in a rule must fail the test, not turn into a warning --
pytestmark = pytest.mark.usefixtures("strict_checker")


def _insert_after(document: Document, start: str, text: str, **kwargs: object):  # noqa: ANN202
    anchor = para(document, start)
    new = add_text(document, text, **kwargs)  # type: ignore[arg-type]
    anchor._p.addnext(new._p)
    return new


def _body(document: Document, after: str, text: str, **kwargs: object):  # noqa: ANN202
    kwargs = {"align": "both", "first": 720, "before": 6, "line": 276} | kwargs
    return _insert_after(document, after, text, **kwargs)


def _letter(d: Document) -> None:
    d.sections[0].page_width, d.sections[0].page_height = Twips(12240), Twips(15840)


def _margin(d: Document) -> None:
    d.sections[0].left_margin = Twips(1134)


def _no_title_pg(d: Document) -> None:
    d.sections[0].different_first_page_header_footer = False


def _page_in_footer(d: Document) -> None:
    header = d.sections[0].header.paragraphs[0]
    for r in list(header._p.iter(qn("w:r"))):
        r.getparent().remove(r)
    add_page_field(d.sections[0].footer.paragraphs[0])


def _annex_numbering(d: Document) -> None:
    sect = d.sections[-1]._sectPr
    sect.remove(sect.find(qn("w:pgNumType")))


def _tcvn3(d: Document) -> None:
    _body(d, "- Các hoạt động", "- Céng hßa x· héi chñ nghÜa ViÖt Nam.")


def _decomposed(d: Document) -> None:
    p = para(d, "- Các hoạt động")
    p.runs[0].text = unicodedata.normalize("NFD", p.runs[0].text)


def _bordered_header(d: Document) -> None:
    d.tables[0].style = d.styles["Table Grid"]


def _page_field_bold(d: Document) -> None:
    for r in d.sections[0].header.paragraphs[0].runs:
        r.font.bold = True


def _qh_split(d: Document) -> None:
    p = retext(d, "CỘNG HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA")
    p.runs[0].add_break()
    p.add_run("VIỆT NAM").font.bold = True
    for r in p.runs:
        set_run(r, size=12, bold=True)


def _tn_gap(d: Document) -> None:
    para(d, "Độc lập").paragraph_format.space_before = Pt(6)


def _tn_rule_long(d: Document) -> None:
    rule = cell_of(d, "Độc lập").paragraphs[2]
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Twips(0)


def _no_tn_rule(d: Document) -> None:
    remove(cell_of(d, "Độc lập").paragraphs[2])


def _drawn_tn_rule(d: Document, length: int) -> None:
    _no_tn_rule(d)
    p = para(d, "Độc lập")
    p._p.append(_wps_line(length * 635))


def _wps_line(cx: int) -> OxmlElement:
    from docx.oxml import parse_xml
    return parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>'
        f'800000</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph">'
        f'<wp:posOffset>200000</wp:posOffset></wp:positionV><wp:extent cx="{cx}" cy="0"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="9" name="L"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></w:r>')


def _rule_drawn_ok(d: Document) -> None:
    from vbhc.checker.textkit import text_width_pt
    _drawn_tn_rule(d, round(text_width_pt("Độc lập - Tự do - Hạnh phúc", 13, True) * 20))


def _body_rule_long(d: Document) -> None:
    rule = cell_of(d, "UBND").paragraphs[3]
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Twips(0)


def _remove_trich_yeu_rule(d: Document) -> None:
    p = para(d, "Thực hiện Chiến dịch")
    remove(type(p)(p._p.getnext(), p._parent))


def _vv(d: Document) -> None:
    cell = d.tables[0].cell(1, 0)
    add_text(cell, "V/v tổ chức hiến máu", size=13, before=6)


def _can_cu(good: bool) -> Callable[[Document], None]:
    def change(d: Document) -> None:
        first = para(d, "Thực hiện Hướng dẫn")
        lines = ["Căn cứ Luật Khám bệnh, chữa bệnh năm 2023;",
                 "Căn cứ Hướng dẫn số 32/HD-BCĐQG ngày 17/3/2023 của Ban Chỉ đạo Quốc gia"
                 + ("." if good else ";")]
        for text in lines:
            new = add_text(d, text, italic=good, align="both", first=720, before=6, line=276)
            first._p.addprevious(new._p)
    return change


def _kinh_gui(italic: bool) -> Callable[[Document], None]:
    def change(d: Document) -> None:
        rule = para(d, "Thực hiện Hướng dẫn")
        for text in ("Kính gửi:", "- Ban Chỉ đạo Quốc gia vận động HMTN;", "- UBND tỉnh Lào Cai."):
            new = add_text(d, text, italic=italic, before=6)
            rule._p.addprevious(new._p)
    return change


def _renumber(old: str, new: str) -> Callable[[Document], None]:
    def change(d: Document) -> None:
        p = para(d, old)
        p.runs[0].text = new + p.runs[0].text[len(old):]
    return change


def _number(text: str) -> Callable[[Document], None]:
    def change(d: Document) -> None:
        retext(d, "Số:", f"Số: {text}")
        retext(d, "(Kèm theo", f"(Kèm theo Kế hoạch số {text} ngày 05 tháng 4 năm 2023)")
    return change


def _two_annexes(d: Document) -> None:
    add_annex(d, label="Phụ lục")


def _annex_wrong_number(d: Document) -> None:
    retext(d, "(Kèm theo", "(Kèm theo Kế hoạch số 173/KH-BCĐ ngày 05 tháng 4 năm 2023 của "
           "Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Lào Cai)")


def _annex_wrong_date(d: Document) -> None:
    retext(d, "(Kèm theo", "(Kèm theo Kế hoạch số 05/KH-BCĐ ngày 25/9/2023 của Ban Chỉ đạo)")


def _split_tag(d: Document) -> None:
    # -- Word splits "{{ so }}" into runs when it is typed or spell-checked --
    p = _body(d, "- Các hoạt động", "- Số người tham gia: {{ ")
    p.add_run("chien_dich.so")
    p.add_run(" }} người.")


def _tag_in_header(d: Document) -> None:
    header = d.sections[0].header.paragraphs[0]
    header.add_run("{{ so_trang }}")


def _ubnd_under_chu_quan(d: Document) -> None:
    retext(d, "BAN CHỈ ĐẠO VẬN ĐỘNG", "ỦY BAN NHÂN DÂN HUYỆN")
    retext(d, "HIẾN MÁU TÌNH NGUYỆN", "BÁT XÁT")


def _tm_kt_deputy(d: Document) -> None:
    retext(d, "TRƯỞNG BAN", "KT. TRƯỞNG BAN")
    _insert_after(d, "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", bold=True)


CASES: list[tuple[str, str, str, Callable[[Document], None]]] = [
    ("letter paper", "C01", FAIL, _letter),
    ("left margin 20 mm", "C02", FAIL, _margin),
    ("Arial run", "C03", FAIL, lambda d: restyle(d, "- Các hoạt động", font="Arial")),
    ("red text", "C03", FAIL, lambda d: setattr(
        para(d, "- Các hoạt động").runs[0].font.color, "rgb",
        __import__("docx.shared", fromlist=["RGBColor"]).RGBColor(255, 0, 0))),
    ("TCVN3 text", "C04", FAIL, _tcvn3),
    ("decomposed Unicode", "C04", WARN, _decomposed),
    ("no titlePg", "C05", FAIL, _no_title_pg),
    ("page number in footer", "C05", FAIL, _page_in_footer),
    ("page number bold", "C05", WARN, _page_field_bold),
    ("annex numbering not restarted", "C05", FAIL, _annex_numbering),
    ("header table with borders", "C06", WARN, _bordered_header),
    ("Quốc hiệu 14 pt", "C07", FAIL, lambda d: restyle(d, "CỘNG HÒA", size=14)),
    ("Quốc hiệu not bold", "C07", FAIL, lambda d: restyle(d, "CỘNG HÒA", bold=False)),
    ("Quốc hiệu on two lines", "C07", FAIL, _qh_split),
    ("Tiêu ngữ en dash", "C08", FAIL, lambda d: retext(
        d, "Độc lập", "Độc lập – Tự do – Hạnh phúc")),
    ("Tiêu ngữ spaced from Quốc hiệu", "C08", FAIL, _tn_gap),
    ("Tiêu ngữ rule as wide as the cell", "C09", FAIL, _tn_rule_long),
    ("no Tiêu ngữ rule", "C09", FAIL, _no_tn_rule),
    ("Tiêu ngữ rule drawn too short", "C09", FAIL, lambda d: _drawn_tn_rule(d, 1000)),
    ("chủ quản bold", "C10", FAIL, lambda d: restyle(d, "UBND TỈNH", bold=True)),
    ("issuing body not bold", "C11", FAIL, lambda d: restyle(d, "BAN CHỈ ĐẠO VẬN", bold=False)),
    ("issuing body rule too long", "C11", FAIL, _body_rule_long),
    ("Số without leading zero", "C12", FAIL, _number("5/KH-BCĐ")),
    ("ký hiệu with spaces", "C12", FAIL, lambda d: retext(d, "Số:", "Số: 05/KH - BCĐ")),
    ("Số 14 pt", "C12", FAIL, lambda d: restyle(d, "Số:", size=14)),
    ("ký hiệu BC for a Kế hoạch", "C13", FAIL, _number("05/BC-BCĐ")),
    ("ký hiệu Kh", "C13", FAIL, _number("05/Kh-BCĐ")),
    ("day without zero", "C14", FAIL, lambda d: retext(
        d, "Lào Cai,", "Lào Cai, ngày 5 tháng 4 năm 2023")),
    ("month 04", "C14", FAIL, lambda d: retext(
        d, "Lào Cai,", "Lào Cai, ngày 05 tháng 04 năm 2023")),
    ("30 February", "C14", FAIL, lambda d: retext(
        d, "Lào Cai,", "Lào Cai, ngày 30 tháng 02 năm 2023")),
    ("date upright", "C14", FAIL, lambda d: restyle(d, "Lào Cai,", italic=False)),
    ("place in lower case", "C14", FAIL, lambda d: retext(
        d, "Lào Cai,", "Lào cai, ngày 05 tháng 4 năm 2023")),
    ("V/v in a Kế hoạch", "C15", FAIL, _vv),
    ("tên loại not bold", "C16", FAIL, lambda d: restyle(d, "KẾ HOẠCH", bold=False)),
    ("trích yếu in capitals", "C17", FAIL, lambda d: retext(
        d, "Thực hiện Chiến dịch", "THỰC HIỆN CHIẾN DỊCH HÈ NĂM 2023")),
    ("no trích yếu rule", "C17", FAIL, _remove_trich_yeu_rule),
    ("body paragraph left aligned", "C18", FAIL, lambda d: setattr(
        para(d, "- Các hoạt động"), "alignment", 0)),
    ("body paragraph 12 pt", "C18", FAIL, lambda d: restyle(d, "- Các hoạt động", size=12)),
    ("contextual spacing", "C18", FAIL, lambda d: para(
        d, "- Các hoạt động")._p.get_or_add_pPr().append(OxmlElement("w:contextualSpacing"))),
    ("no first-line indent", "C18", FAIL, lambda d: setattr(
        para(d, "- Các hoạt động").paragraph_format, "first_line_indent", Twips(0))),
    ("căn cứ upright, last with ;", "C19", FAIL, _can_cu(False)),
    ("mục II numbered III", "C20", FAIL, _renumber("II.", "III.")),
    ("khoản 2 numbered 3", "C20", FAIL, _renumber("2. Yêu cầu", "3. Yêu cầu")),
    ("điểm b numbered c", "C20", FAIL, _renumber("b)", "c)")),
    ("điểm b written b.", "C20", FAIL, _renumber("b)", "b.")),
    ("no ./. at the end", "C21", WARN, lambda d: retext(
        d, "Trên đây", "Trên đây là Kế hoạch thực hiện Chiến dịch.")),
    ("prefix without space", "C22", FAIL, lambda d: retext(d, "TM. BAN", "TM.BAN CHỈ ĐẠO")),
    ("prefix T/M", "C22", FAIL, lambda d: retext(d, "TM. BAN", "T/M. BAN CHỈ ĐẠO")),
    ("name not bold", "C22", FAIL, lambda d: restyle(d, "Giàng Thị Dung", bold=False)),
    ("học vị before the name", "C23", WARN, lambda d: retext(
        d, "Giàng Thị Dung", "TS. Giàng Thị Dung")),
    ("Nơi nhận upright", "C24", FAIL, lambda d: restyle(d, "Nơi nhận:", italic=False)),
    ("Nơi nhận 14 pt", "C24", FAIL, lambda d: restyle(d, "Nơi nhận:", size=14)),
    ("recipient 12 pt", "C25", FAIL, lambda d: restyle(d, "- UBND tỉnh", size=12)),
    ("recipient without ;", "C25", FAIL, lambda d: retext(d, "- UBND tỉnh", "- UBND tỉnh")),
    ("Lưu: VP", "C25", FAIL, lambda d: retext(d, "- Lưu:", "- Lưu: VP, HCTĐ.")),
    ("Kính gửi italic", "C26", FAIL, _kinh_gui(True)),
    ("annex label in capitals", "C27", FAIL, lambda d: retext(d, "Phụ lục", "PHỤ LỤC")),
    ("single annex numbered", "C27", FAIL, lambda d: retext(d, "Phụ lục", "Phụ lục I")),
    ("two annexes without numbers", "C27", FAIL, _two_annexes),
    ("annex Kèm theo upright", "C27", FAIL, lambda d: restyle(d, "(Kèm theo", italic=False)),
    ("annex cites 173", "C28", FAIL, _annex_wrong_number),
    ("annex cites another date", "C28", FAIL, _annex_wrong_date),
    ("Ban chỉ đạo", "C29", WARN, lambda d: _body(
        d, "- Các hoạt động", "- Ban chỉ đạo các huyện tổ chức hưởng ứng.")),
    ("kế hoạch số with spaces", "C29", WARN, lambda d: _body(
        d, "- Các hoạt động", "- Thực hiện kế hoạch số 02/KH – BCĐ của quận.")),
    ("deputy under TM. without KT.", "C22", FAIL, lambda d: retext(
        d, "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
    ("chủ quản above a UBND", "C10", WARN, _ubnd_under_chu_quan),
    ("abbreviated issuing body", "C11", WARN, lambda d: retext(
        d, "HIẾN MÁU TÌNH NGUYỆN", "HMTN TỈNH LÀO CAI")),
    ("template tag left in the body", "C34", FAIL, lambda d: _body(
        d, "- Các hoạt động", "- Tổ chức tại {{ chien_dich.dia_diem }}.")),
    ("template tag split over runs", "C34", FAIL, _split_tag),
    ("loop tag left in the body", "C34", FAIL, lambda d: _body(
        d, "- Các hoạt động", "{%p for doan in mo_dau %}")),
    ("template tag in the page header", "C34", FAIL, _tag_in_header),
]


@pytest.fixture(scope="module")
def good_report(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    return check_docx(save(good_document(), tmp_path_factory.mktemp("good")))


def test_good_document_passes(good_report) -> None:  # noqa: ANN001
    assert good_report.findings == []


@pytest.mark.parametrize(("name", "rule", "severity", "change"), CASES,
                         ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_broken_document_fails_exactly_that_rule(tmp_path: Path, name: str, rule: str,
                                                 severity: str,
                                                 change: Callable[[Document], None]) -> None:
    document = good_document()
    change(document)
    report = check_docx(save(document, tmp_path))
    assert report.rules == {rule}, [f.as_dict() for f in report.findings]
    assert severity in {f.severity for f in report.findings}
    if severity == WARN:
        assert not report.failures


def test_every_rule_has_a_breaking_fixture() -> None:
    covered = {c[1] for c in CASES}
    assert covered == {f"C{i:02d}" for i in range(1, 30)} | {"C34"}


def _qh_tn_one_paragraph(d: Document) -> None:
    qh, tn = para(d, "CỘNG HÒA"), para(d, "Độc lập")
    qh.runs[-1].add_break()
    for run in tn.runs:
        qh._p.append(run._r)
    remove(tn)


def test_good_variants_pass(tmp_path: Path) -> None:
    for change in (_can_cu(True), _kinh_gui(False), _rule_drawn_ok, _qh_tn_one_paragraph,
                   _tm_kt_deputy,
                   lambda d: retext(d, "CỘNG HÒA", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")):
        document = good_document()
        change(document)
        report = check_docx(save(document, tmp_path))
        assert report.findings == [], [f.as_dict() for f in report.findings]


def test_annex_without_its_own_section(tmp_path: Path) -> None:
    document = good_document(annex=False)
    para(document, "Giàng Thị Dung").runs[0].add_break(WD_BREAK.PAGE)
    add_text(document, "Phụ lục", bold=True)
    add_text(document, "PHÂN BỔ CHỈ TIÊU", bold=True)
    add_text(document, "(Kèm theo Kế hoạch số 05/KH-BCĐ ngày 05 tháng 4 năm 2023)", italic=True)
    add_rule(document, 1000, TEXT_WIDTH)
    report = check_docx(save(document, tmp_path))
    assert report.rules == {"C27"}
    assert any("section" in f.found for f in report.failures)


def _cong_van(d: Document, number: str = "Số: 12/BCĐ-HCTĐ") -> None:
    for start in ("KẾ HOẠCH", "Thực hiện Chiến dịch"):
        p = para(d, start)
        if start != "KẾ HOẠCH":
            remove(type(p)(p._p.getnext(), p._parent))  # its rule
        remove(p)
    retext(d, "Số:", number)
    add_text(d.tables[0].cell(1, 0), "V/v tổ chức Chiến dịch hè năm 2023", size=13, before=6)
    first = para(d, "Thực hiện Hướng dẫn")
    for text in ("Kính gửi:\t- Ban Chỉ đạo các huyện, thị xã, thành phố;",
                 "- Hội Chữ thập đỏ các huyện, thị xã, thành phố."):
        new = add_text(d, text, before=6)
        first._p.addprevious(new._p)


def test_cong_van_passes(tmp_path: Path) -> None:
    document = good_document(annex=False)
    _cong_van(document)
    report = check_docx(save(document, tmp_path))
    assert report.findings == [], [f.as_dict() for f in report.findings]


def test_cong_van_with_a_type_segment(tmp_path: Path) -> None:
    document = good_document(annex=False)
    _cong_van(document, "Số: 12/KH-BCĐ")
    report = check_docx(save(document, tmp_path))
    assert report.rules == {"C13"}


def test_cong_van_recipient_without_semicolon(tmp_path: Path) -> None:
    document = good_document(annex=False)
    _cong_van(document)
    retext(document, "Kính gửi", "Kính gửi:\t- Ban Chỉ đạo các huyện, thị xã, thành phố")
    report = check_docx(save(document, tmp_path))
    assert report.rules == {"C26"}
