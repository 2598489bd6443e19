"""The quota annex's table: widths from its content, headers unbroken mid-phrase,
landscape only when needed, space under the Kèm theo rule (issue 12, item 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.text.paragraph import Paragraph

from tests.docx_tools import open_docx, para_format
from vbhc.checker import check_docx
from vbhc.core.textwidth import text_width_twips
from vbhc.pipeline import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PORTRAIT_TEXT = 11906 - 1701 - 850  # A4 less the NĐ30 margins (reference §1)
LANDSCAPE_TEXT = 16838 - 1701 - 850
PADDING = 2 * 108  # default left + right cell margins


def _grid(table) -> list[int]:  # noqa: ANN001
    return [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.iterfind(f"{W}gridCol")]


def _lines(cell) -> list[str]:  # noqa: ANN001
    return [line for p in cell.paragraphs for line in p.text.split("\n")]


def _fits(table) -> list[str]:  # noqa: ANN001
    """Return the cell lines wider than their column (measured in bold: the widest case)."""
    widths = _grid(table)
    return [line for row in table.rows for cell, width in zip(row.cells, widths, strict=True)
            for line in _lines(cell)
            if text_width_twips(line, 13, bold=True) + PADDING > width]


@pytest.fixture(scope="module")
def plan(rendered):  # noqa: ANN001, ANN201
    return open_docx(rendered("ke-hoach", "ngoc_thuy_2023_dot2.yaml"))


def test_columns_hold_their_cells_on_one_line(plan) -> None:  # noqa: ANN001
    table = plan.tables[-1]
    assert sum(_grid(table)) <= PORTRAIT_TEXT
    # -- "Vận động thêm 2-3" wrapped in five rows with the fixed widths --
    assert _fits(table) == []
    over = [cell for row in table.rows for cell in row.cells if cell.text == "Vận động thêm 2-3"]
    assert len(over) == 5


def test_headers_break_between_phrases(plan) -> None:  # noqa: ANN001
    headers = [_lines(cell) for cell in plan.tables[-1].rows[0].cells]
    assert [" ".join(lines) for lines in headers] == [
        "Tên chi hội (Tổ dân phố số)", "Chỉ tiêu Cả năm", "Chỉ tiêu đợt I đã thực hiện",
        "Còn thực hiện đợt II"]
    # -- never "Chỉ tiêu Cả / năm": "Cả năm" stays on one line --
    assert any("Cả năm" in line for line in headers[1])
    assert all(line != "năm" for lines in headers for line in lines)


def test_annex_stays_portrait_and_the_rule_has_room(plan) -> None:  # noqa: ANN001
    assert [s.orientation for s in plan.sections] == [WD_ORIENT.PORTRAIT] * 2
    rule = Paragraph(plan.tables[-1]._tbl.getprevious(), plan._body)
    assert rule.text == "" and para_format(rule).bottom_border
    # -- ≥ 6 pt between the short rule and the table's top border --
    assert para_format(rule).after_twips >= 120


def _wide_annex(index: int) -> dict:
    return {"tieu_de": [f"Danh sách {index}"], "ten_goi": f"danh sách {index}",
            "bang_chi_tieu": {
                "cot_ten": "Tên đơn vị hành chính cấp xã, phường, thị trấn trực thuộc quận",
                "cot_ca_nam": "Chỉ tiêu hiến máu tình nguyện được giao cả năm 2023",
                "cot_da_thuc_hien": "Số đơn vị máu đã tiếp nhận trong đợt I năm 2023",
                "cot_con_lai": "Số đơn vị máu còn phải tiếp nhận trong đợt II năm 2023",
                "khi_vuot": "Đã hoàn thành",
                "dong": [{"ten": "Phường Ngọc Thụy, quận Long Biên, thành phố Hà Nội",
                          "ca_nam": 20, "da_thuc_hien": 25}]}}


@pytest.mark.parametrize("order", ["wide-last", "wide-first"])
def test_wide_table_gets_a_landscape_section(data_copy, tmp_path: Path, order: str) -> None:  # noqa: ANN001
    path = data_copy("ngoc_thuy_2023_dot2.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    narrow = data["phu_luc"][0]
    annexes = [narrow, _wide_annex(2)] if order == "wide-last" else [_wide_annex(1), narrow]
    data["phu_luc"] = annexes
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    document = open_docx(render.render_file("ke-hoach", path, tmp_path / "out.docx"))
    wide = 2 if order == "wide-last" else 1
    expected = [WD_ORIENT.PORTRAIT] * 3
    expected[wide] = WD_ORIENT.LANDSCAPE
    assert [s.orientation for s in document.sections] == expected
    for index, section in enumerate(document.sections):
        width, height = section.page_width.twips, section.page_height.twips
        assert (width, height) == ((16838, 11906) if index == wide else (11906, 16838))
    table = document.tables[-1] if order == "wide-last" else document.tables[-2]
    assert PORTRAIT_TEXT < sum(_grid(table)) <= LANDSCAPE_TEXT
    assert _fits(table) == []
    # -- the short rule under Kèm theo is centred on the landscape text width --
    rule = para_format(Paragraph(table._tbl.getprevious(), document._body))
    assert rule.bottom_border and rule.left_twips == rule.right_twips
    assert 1134 <= LANDSCAPE_TEXT - rule.left_twips - rule.right_twips <= 2268  # 2–4 cm
    report = check_docx(tmp_path / "out.docx")
    assert not [f for f in report.failures if f.rule in ("C01", "C02", "C27")], report.failures


def test_annex_alone_may_open_on_a_landscape_page(data_copy, tmp_path: Path) -> None:  # noqa: ANN001
    path = data_copy("ngoc_thuy_2023_dot2.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["phu_luc"] = [_wide_annex(1)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    target = render.render_file("phu-luc", path, tmp_path / "annex.docx")
    document = open_docx(target)
    assert [s.orientation for s in document.sections] == [WD_ORIENT.LANDSCAPE]
    assert check_docx(target).failures == []
