"""Formatting that comes from styles, and rules made the hand-typed way."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from tests.checker_fixtures import good_document, para, paragraphs, save
from vbhc.checker import check_docx

# -- a bug in a rule must fail the test, not turn into a warning --
pytestmark = pytest.mark.usefixtures("strict_checker")


def _add_style(document: Document, xml: str) -> None:
    document.styles.element.append(parse_xml(f'<w:style {nsdecls("w")} {xml}</w:style>'))


def _styled(document: Document) -> None:
    """Move the body's direct formatting into a paragraph style based on Normal, and the
    Quốc hiệu's into a character style."""
    _add_style(document, 'w:type="paragraph" w:styleId="NoiDung"><w:name w:val="Nội dung"/>'
               '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="120" w:after="0" '
               'w:line="276" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/>'
               '</w:pPr><w:rPr><w:sz w:val="28"/></w:rPr>')
    _add_style(document, 'w:type="character" w:styleId="QH"><w:name w:val="Quốc hiệu"/>'
               '<w:rPr><w:b/><w:sz w:val="24"/></w:rPr>')
    for p in paragraphs(document):
        p_pr = p._p.pPr
        if p_pr is None or p_pr.find(qn("w:jc")) is None or \
                p_pr.find(qn("w:jc")).get(qn("w:val")) != "both":
            continue
        for tag in ("w:jc", "w:ind", "w:spacing"):
            p_pr.remove(p_pr.find(qn(tag)))
        p_pr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="NoiDung"/>'))
        for run in p.runs:
            run.font.size = None
    qh = para(document, "CỘNG HÒA")
    for run in qh.runs:
        run.font.size = None
        run.font.bold = None
        run._r.get_or_add_rPr().insert(0, parse_xml(f'<w:rStyle {nsdecls("w")} w:val="QH"/>'))


def test_formatting_from_styles_passes(tmp_path: Path) -> None:
    document = good_document()
    _styled(document)
    report = check_docx(save(document, tmp_path))
    assert report.findings == [], [f.as_dict() for f in report.findings]


def test_style_change_is_seen(tmp_path: Path) -> None:
    document = good_document()
    _styled(document)
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='NoiDung']")
    style.find(qn("w:pPr")).find(qn("w:jc")).set(qn("w:val"), "left")
    report = check_docx(save(document, tmp_path))
    assert report.rules == {"C18"}
    assert "12 đoạn" in report.failures[0].found


def test_typed_underscore_rule_warns(tmp_path: Path) -> None:
    document = good_document()
    rule = para(document, "Thực hiện Chiến dịch")._p.getnext()
    run = parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:b/><w:sz w:val="28"/></w:rPr>'
                    '<w:t>____________________</w:t></w:r>')
    rule.find(qn("w:pPr")).remove(rule.find(qn("w:pPr")).find(qn("w:pBdr")))
    rule.append(run)
    report = check_docx(save(document, tmp_path))
    assert report.rules == {"C17"}
    assert not report.failures  # 20 underscores at 14 pt: 4,9 cm, 1/3–1/2 of the trích yếu
    assert "ký tự" in report.warnings[0].found


def test_page_number_on_first_page(tmp_path: Path) -> None:
    document = good_document()
    first = document.sections[0].first_page_header.paragraphs[0]
    first.add_run("1")
    report = check_docx(save(document, tmp_path))
    assert report.rules == {"C05"}
    assert "trang 1" in report.failures[0].found


def test_underlined_tieu_ngu_instead_of_a_rule_warns(tmp_path: Path) -> None:
    from tests.checker_fixtures import cell_of, remove
    document = good_document()
    remove(cell_of(document, "Độc lập").paragraphs[2])
    for run in para(document, "Độc lập").runs:
        run.font.underline = True
    report = check_docx(save(document, tmp_path))
    assert report.rules == {"C09"} and not report.failures
    assert "gạch chân" in report.warnings[0].found
