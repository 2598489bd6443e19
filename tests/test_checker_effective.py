"""Effective formatting through the style chain (vbhc.checker.effective)."""

from __future__ import annotations

import docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from vbhc.checker.effective import paragraph_format, paragraph_runs_format, run_format


def _style(document, xml: str) -> None:  # noqa: ANN001
    document.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} {xml}</w:style>'))


def test_direct_formatting_wins() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    run = p.add_run("chữ")
    run.font.size, run.font.bold, run.font.name = Pt(13), True, "Times New Roman"
    fmt = run_format(p, run)
    assert (fmt.font, fmt.size_pt, fmt.bold, fmt.italic) == ("Times New Roman", 13.0, True, False)


def test_theme_fonts_and_doc_defaults() -> None:
    document = docx.Document()
    p = document.add_paragraph("x")
    fmt = run_format(p, p.runs[0])
    # python-docx's template: docDefaults minorHAnsi (Cambria in its theme), 11 pt
    assert fmt.font == "Cambria"
    assert fmt.size_pt == 11.0
    assert fmt.color is None


def test_based_on_chain_and_false_toggle() -> None:
    document = docx.Document()
    _style(document, 'w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/>'
           '<w:pPr><w:jc w:val="both"/><w:ind w:firstLine="720"/></w:pPr>'
           '<w:rPr><w:rFonts w:ascii="Times New Roman"/><w:b/><w:sz w:val="26"/></w:rPr>')
    _style(document, 'w:type="paragraph" w:styleId="Child"><w:name w:val="Child"/>'
           '<w:basedOn w:val="Base"/><w:pPr><w:spacing w:before="120"/></w:pPr>'
           '<w:rPr><w:sz w:val="28"/></w:rPr>')
    p = document.add_paragraph("a", style="Child")
    off = p.add_run("b")
    off._r.get_or_add_rPr().append(parse_xml(f'<w:b {nsdecls("w")} w:val="0"/>'))
    formats = paragraph_runs_format(p)
    assert [f.bold for f in formats] == [True, False]
    assert {f.size_pt for f in formats} == {14.0}
    assert formats[0].font == "Times New Roman"
    pf = paragraph_format(p)
    assert (pf.alignment, pf.first_line_twips, pf.before_twips) == ("both", 720, 120)


def test_character_style_toggles_against_paragraph_style() -> None:
    document = docx.Document()
    heading = document.add_heading("Đầu", 1)  # Heading 1 is bold
    strong = heading.add_run("mạnh")
    strong.style = document.styles["Strong"]  # bold too: the toggles cancel (ECMA §17.7.3)
    assert [f.bold for f in paragraph_runs_format(heading)] == [True, False]


def test_table_style_applies_below_paragraph_style() -> None:
    document = docx.Document()
    _style(document, 'w:type="table" w:styleId="Tb"><w:name w:val="Tb"/>'
           '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:sz w:val="24"/></w:rPr>')
    table = document.add_table(rows=1, cols=1)
    table._tbl.tblPr.append(parse_xml(f'<w:tblStyle {nsdecls("w")} w:val="Tb"/>'))
    p = table.cell(0, 0).paragraphs[0]
    p.add_run("ô")
    fmt = paragraph_runs_format(p)[0]
    assert fmt.italic and fmt.size_pt == 12.0
    assert paragraph_format(p).alignment == "center"


def test_borders_hanging_contextual_and_caps() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    run = p.add_run("hoa")
    run.font.all_caps = True
    p_pr = p._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6"/></w:pBdr>'))
    p_pr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="300" w:right="200" w:hanging="360"/>'))
    p_pr.append(OxmlElement("w:contextualSpacing"))
    pf = paragraph_format(p)
    assert pf.bottom_border and pf.contextual_spacing
    assert (pf.left_twips, pf.right_twips, pf.first_line_twips) == (300, 200, -360)
    assert run_format(p, run).all_caps


def test_header_paragraphs_use_document_styles() -> None:
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.add_run("7").font.size = Pt(14)
    assert paragraph_runs_format(header)[0].size_pt == 14.0


def test_runs_in_hyperlinks_counted_and_empty_runs_skipped() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    p.add_run("")
    link = OxmlElement("w:hyperlink")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "liên kết"
    r.append(t)
    link.append(r)
    p._p.append(link)
    assert len(paragraph_runs_format(p)) == 1
    assert qn("w:hyperlink") == link.tag


def test_style_changes_after_a_first_call_are_seen() -> None:
    document = docx.Document()
    p = document.add_paragraph("x")
    assert run_format(p, p.runs[0]).size_pt == 11.0
    document.styles["Normal"].font.size = Pt(14)
    assert run_format(p, p.runs[0]).size_pt == 14.0


def test_numbering_indent_sits_between_style_and_direct() -> None:
    document = docx.Document()
    p = document.add_paragraph("- mục", style="List Bullet")
    pf = paragraph_format(p)
    assert pf.left_twips > 0 and pf.first_line_twips < 0  # from the numbering level
    p.paragraph_format.left_indent = Pt(0)
    assert paragraph_format(p).left_twips == 0
