"""Old Vietnamese encodings (TCVN3, VNI) become Unicode, run by run, chosen by the font."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from tests.legacy_docs import (
    ALL_LOWER,
    ALL_UPPER,
    PLAN_BODY,
    PLAN_FOOTER,
    PLAN_HEADER_LEFT,
    PLAN_HEADER_RIGHT,
    PLAN_NESTED_CELL,
    PLAN_PAGE_HEADER,
    PLAN_TEXT_BOX,
    add_runs,
    legacy_plan,
    style_font,
    tcvn3,
    type_tcvn3,
    type_unicode,
    type_vni,
)
from vbhc.checker.effective import own_runs, stylesheet
from vbhc.importer.legacy import TCVN3, VNI, decode_document, font_encoding, to_unicode

BOX = qn("w:txbxContent")


def _text(p_el) -> str:  # noqa: ANN001 - an lxml element
    return "".join(t.text or "" for r in own_runs(p_el) for t in r.findall(qn("w:t")))


def _reopened(document: Document, folder: Path) -> Document:
    document.save(str(folder / "cu.docx"))
    return docx.Document(str(folder / "cu.docx"))


def _body_texts(document: Document) -> list[str]:
    body = document.element.body
    return [_text(p) for p in body.iterchildren(qn("w:p")) if _text(p)]


def _assert_plan(document: Document) -> None:
    expected = [*PLAN_BODY, ALL_LOWER, ALL_UPPER]
    assert _body_texts(document)[:len(expected)] == expected
    cells = document.tables[0].rows[0].cells
    assert [p.text for p in cells[0].paragraphs] == PLAN_HEADER_LEFT
    assert [p.text for p in cells[1].paragraphs] == PLAN_HEADER_RIGHT
    boxes = list(document.element.body.iter(BOX))
    assert len(boxes) == 2  # -- the DrawingML text box and its VML fallback --
    for box in boxes:
        assert [_text(p) for p in box.iter(qn("w:p"))] == PLAN_TEXT_BOX
    nested = document.tables[1].cell(0, 0).tables[0]
    assert nested.cell(0, 0).paragraphs[0].text == PLAN_NESTED_CELL
    section = document.sections[0]
    assert section.header.paragraphs[0].text == PLAN_PAGE_HEADER
    assert section.footer.paragraphs[0].text == PLAN_FOOTER


def _fonts(document: Document) -> set[str | None]:
    """Return the effective font of every run with text, in every part."""
    sheet = stylesheet(document.part)
    roots = [document.element.body, document.sections[0].header._element,
             document.sections[0].footer._element]
    return {sheet.run_format(p, r).font
            for root in roots for p in root.iter(qn("w:p")) for r in own_runs(p)
            if r.find(qn("w:t")) is not None}


def test_published_code_points() -> None:
    # -- TCVN3 (VN3 chart): ạ B9, ế D5, Đ A7, ư AD, đ AE, ờ EA --
    assert [to_unicode(chr(code), "tcvn3") for code in (0xB9, 0xD5, 0xA7, 0xAD, 0xAE, 0xEA)] \
        == ["ạ", "ế", "Đ", "ư", "đ", "ờ"]
    assert to_unicode("KÕ ho¹ch", "tcvn3") == "Kế hoạch"
    assert to_unicode("kÕ ho¹ch", "tcvn3-hoa") == "KẾ HOẠCH"
    # -- VNI Windows: ế = e + á, Ế = E + Á, Đ = Ñ, ợ = ô + ï, ỵ = î, Ư = Ö, ĩ = ó --
    assert [to_unicode(s, "vni") for s in ("eá", "EÁ", "Ñ", "ôï", "î", "Ö", "ó")] \
        == ["ế", "Ế", "Đ", "ợ", "ỵ", "Ư", "ĩ"]
    assert to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni") \
        == "Cộng hòa xã hội chủ nghĩa Việt Nam"


def test_the_tables_cover_all_134_letters() -> None:
    letters = set(ALL_LOWER + ALL_UPPER)
    assert len(letters) == 134
    assert set(VNI.values()) == letters
    # -- TCVN3 has the 67 lower-case letters; the capitals come from the H fonts --
    assert {letter for letter in TCVN3.values() if letter.islower()} == set(ALL_LOWER)
    assert {letter.upper() for letter in TCVN3.values()} == set(ALL_UPPER)


def test_a_letter_typed_in_either_encoding_comes_back() -> None:
    assert to_unicode(tcvn3(ALL_LOWER), "tcvn3") == ALL_LOWER
    assert to_unicode(tcvn3(ALL_LOWER), "tcvn3-hoa") == ALL_UPPER
    # -- text already in Unicode is the only thing these functions may not be given --
    assert to_unicode("Hello, 2023!", "vni") == "Hello, 2023!"


@pytest.mark.parametrize(("font", "encoding"), [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3-hoa"), (".VnArial", "tcvn3"),
    (".VnArialH", "tcvn3-hoa"), (".VnCentury Schoolbook", "tcvn3"), ("VNI-Times", "vni"),
    ("VNI-Helve", "vni"), ("Times New Roman", None), ("Arial", None), (None, None),
    ("vni-times", "vni"), ("Vinhan Serif", None),
])
def test_the_font_names_the_encoding(font: str | None, encoding: str | None) -> None:
    assert font_encoding(font) == encoding


def test_a_tcvn3_plan_reads_as_unicode(tmp_path: Path) -> None:
    document = _reopened(legacy_plan(type_tcvn3), tmp_path)
    assert _body_texts(document)[0] == "kÕ ho¹ch"  # -- as stored: the test is not vacuous --
    assert decode_document(document) > 0
    _assert_plan(document)
    assert _fonts(document) == {"Times New Roman"}
    _assert_plan(_reopened(document, tmp_path))  # -- the change is in the saved XML --


def test_a_vni_plan_reads_as_unicode(tmp_path: Path) -> None:
    document = _reopened(legacy_plan(type_vni), tmp_path)
    assert _body_texts(document)[0] == "KEÁ HOAÏCH"
    assert decode_document(document) > 0
    _assert_plan(document)
    assert _fonts(document) == {"Times New Roman"}


def test_a_mixed_document_converts_only_the_legacy_runs(tmp_path: Path) -> None:
    built = legacy_plan(type_tcvn3, header_typist=type_unicode)
    # -- Latin-1 letters in a Unicode run (ò, à, á) would be garbled as TCVN3 codes --
    add_runs(built.add_paragraph(), [("Tòa án ", "Times New Roman"),
                                     (tcvn3("hòa giải"), ".VnTime"),
                                     (" – mẫu số 2", "Arial")])
    section = built.sections[0]
    legacy_runs = sum(1 for root in (built.element, section.header._element,
                                     section.footer._element)
                      for fonts in root.iter(qn("w:rFonts"))
                      if fonts.get(qn("w:ascii"), "").startswith(".Vn"))
    document = _reopened(built, tmp_path)
    assert decode_document(document) == legacy_runs
    _assert_plan(document)
    assert document.paragraphs[-1].text == "Tòa án hòa giải – mẫu số 2"
    assert document.paragraphs[-1].runs[2].font.name == "Arial"
    assert decode_document(document) == 0  # -- nothing legacy is left --


def test_a_font_inherited_from_the_style_counts(tmp_path: Path) -> None:
    built = docx.Document()
    style_font(built, "Normal", ".VnTime")
    built.add_paragraph(tcvn3("Báo cáo tổng kết năm học"))  # -- the run names no font --
    add_runs(built.add_paragraph(), [("Tòa án", "Times New Roman")])
    add_runs(built.add_paragraph(), [("Kế hoạch", ".VnTime")])  # -- Unicode in an old font --
    document = _reopened(built, tmp_path)
    assert decode_document(document) == 2
    assert [p.text for p in document.paragraphs] == ["Báo cáo tổng kết năm học", "Tòa án",
                                                     "Kế hoạch"]
    assert _fonts(document) == {"Times New Roman"}


def test_a_tcvn3_u_horn_written_as_a_soft_hyphen_is_a_letter(tmp_path: Path) -> None:
    """ư is 0xAD in TCVN3, the soft hyphen: LibreOffice and Word write it as w:softHyphen."""
    built = docx.Document()
    run = add_runs(built.add_paragraph(), [("tr", ".VnTime")]).runs[0]
    run._r.append(run._r.makeelement(qn("w:softHyphen"), {}))
    run._r.append(run._r.makeelement(qn("w:t"), {}))
    run._r[-1].text = tcvn3("ờng học")
    document = _reopened(built, tmp_path)
    assert document.paragraphs[0].text != "trường học"
    assert decode_document(document) == 1
    assert document.paragraphs[0].text == "trường học"
    assert len(document.paragraphs[0].runs[0]._r.findall(qn("w:t"))) == 1


def test_a_theme_font_reached_through_the_defaults_counts(tmp_path: Path) -> None:
    """python-docx's template takes its body font from the theme (minorHAnsi)."""
    built = docx.Document()
    theme = built.part.part_related_by(RT.THEME)
    theme._blob = re.sub(rb'(<a:minorFont>\s*<a:latin typeface=")[^"]*', rb"\1.VnTime",
                         theme.blob)
    built.add_paragraph(tcvn3("Thông báo kết luận cuộc họp"))
    document = _reopened(built, tmp_path)
    assert decode_document(document) == 1
    assert document.paragraphs[0].text == "Thông báo kết luận cuộc họp"
    assert _fonts(document) == {"Times New Roman"}


def test_a_list_label_typed_in_tcvn3_is_converted(tmp_path: Path) -> None:
    """Quyết định often number "Điều 1." with a Word list whose label is in .VnTime."""
    built = docx.Document()
    numbering = built.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
        f'<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{tcvn3("Điều %1.")}"/>'
        '<w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/><w:b/></w:rPr></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId '
                               'w:val="90"/></w:num>'))
    document = _reopened(built, tmp_path)
    decode_document(document)
    level = document.part.numbering_part.element.find(f".//{qn('w:lvl')}")
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "Điều %1."
    assert level.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:hAnsi")) == "Times New Roman"
