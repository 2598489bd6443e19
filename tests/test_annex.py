"""The Ngọc Thụy plan with its quota annex, from YAML and from Excel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.docx_tools import SEEDS, find, open_docx, para_format, runs_format, seed_coverage, texts
from vbhc.cli.main import cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEED = "003_2174714704a67c01.txt"
OVER = "Vận động thêm 2-3"


def seed_table() -> list[list[str]]:
    """Return the seed annex's rows as written in the seed (4 cells each)."""
    rows = []
    for line in (SEEDS / SEED).read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[1].strip().isdigit():
            rows.append([c.strip() for c in cells])
    return rows


@pytest.fixture(scope="module")
def plan(rendered):  # noqa: ANN001, ANN201
    return open_docx(rendered("ke-hoach", "ngoc_thuy_2023_dot2.yaml"))


def annex_table(document):  # noqa: ANN001, ANN201
    return document.tables[-1]


def test_every_annex_cell_matches_the_seed(plan) -> None:  # noqa: ANN001
    expected = seed_table()
    assert len(expected) == 36
    table = annex_table(plan)
    body = [[cell.text for cell in row.cells] for row in table.rows]
    # -- the headers are set on computed lines (line breaks where the seed has spaces) --
    assert [cell.replace("\n", " ") for cell in body[0]] == [
        "Tên chi hội (Tổ dân phố số)", "Chỉ tiêu Cả năm", "Chỉ tiêu đợt I đã thực hiện",
        "Còn thực hiện đợt II"]
    assert body[1:-1] == expected


def test_remainders_and_totals_are_computed(plan) -> None:  # noqa: ANN001
    rows = seed_table()
    table = [[cell.text for cell in row.cells] for row in annex_table(plan).rows]
    for (name, annual, done, _), row in zip(rows, table[1:-1], strict=True):
        if not done:
            assert row[2:] == ["", ""]
            continue
        left = int(annual) - int(done)
        assert row[3] == (str(left) if left > 0 else OVER), name
    annual_total = sum(int(r[1]) for r in rows)
    done_total = sum(int(r[2]) for r in rows if r[2])
    left_total = sum(max(int(r[1]) - int(r[2]), 0) for r in rows if r[2])
    assert table[-1] == ["Tổng cộng", str(annual_total), str(done_total), str(left_total)]
    total_runs = [f for p in annex_table(plan).rows[-1].cells[1].paragraphs
                  for f in runs_format(p)]
    assert all(f.bold for f in total_runs)


def test_table_header_repeats_and_rows_do_not_split(plan) -> None:  # noqa: ANN001
    rows = annex_table(plan).rows
    assert rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in rows)


def test_annex_heading_and_kem_theo_line(plan) -> None:  # noqa: ANN001
    body = texts(plan)
    start = body.index("Phụ lục")
    assert body[start:start + 4] == [
        "Phụ lục", "DANH SÁCH", "PHÂN BỔ CHỈ TIÊU HIẾN MÁU NHÂN ĐẠO ĐỢT II NĂM 2023",
        "(Kèm theo Kế hoạch số 13/KH-UBND ngày 25 tháng 9 năm 2023 của Ủy ban nhân dân "
        "phường Ngọc Thụy)"]
    label = find(plan, "Phụ lục")
    assert {(f.size_pt, f.bold) for f in runs_format(label)} == {(14, True)}
    kem_theo = find(plan, "(Kèm theo", exact=False)
    assert all(f.italic for f in runs_format(kem_theo))
    assert para_format(kem_theo).alignment == "center"
    assert "173/KH-UBND" not in "\n".join(body)


def test_main_text_points_to_the_annex(plan) -> None:  # noqa: ANN001
    pointer = find(plan, "2. Tổ chức ngày hiến máu", exact=False).text
    assert pointer.endswith("thực hiện (có danh sách phân bổ chỉ tiêu kèm theo).")


def test_annex_is_a_new_section_with_its_own_page_numbers(plan) -> None:  # noqa: ANN001
    assert len(plan.sections) == 2
    for section in plan.sections:
        numbering = section._sectPr.find(f"{W}pgNumType")
        assert numbering is not None and numbering.get(f"{W}start") == "1"
        assert section.different_first_page_header_footer
        assert section.page_width.twips == 11906 and section.orientation == 0
    # -- the main text ends (signature table) before the annex's section starts --
    assert texts(plan).index("Nguyễn Thị Thu Hương") < texts(plan).index("Phụ lục")


def test_plan_body_and_signature(plan) -> None:  # noqa: ANN001
    body = texts(plan)
    # -- a UBND has no chủ quản line and its name is in full (issue 12, item 6) --
    assert body[:6] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NGỌC THỤY",
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                        "Số: 13/KH-UBND", "Ngọc Thụy, ngày 25 tháng 9 năm 2023"]
    assert "- Đợt II vào Ngày 21 tháng 10 năm 2023 (Thứ bảy)" in body
    assert [line[:5] for line in body if line[:4] in ("3.1.", "3.2.", "3.3.", "3.4.",
                                                        "3.5.")] == \
        ["3.1. ", "3.2. ", "3.3. ", "3.4. ", "3.5. "]
    assert "SĐT 036.700.9886 hoặc Đ/c Lê Thu Thủy: SĐT 035.446.5959" in \
        find(plan, "3.2. Các TDP:", exact=False).text
    assert body.count("+ Công đoàn phường: vận động đoàn viên công đoàn có đủ tiêu chuẩn "
                      "hiến máu gương mẫu đăng ký tham gia. Phối hợp BCD tổ chức tốt ngày "
                      "hiến máu.") == 1
    signature = [p.text for p in plan.tables[1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                         "TRƯỞNG BCĐ HIẾN MÁU NHÂN ĐẠO", "Nguyễn Thị Thu Hương"]
    assert body[body.index("Nơi nhận:") + 6] == "- Lưu: VT, CTĐ."


def test_reproduces_the_seed(plan) -> None:  # noqa: ANN001
    coverage, missing = seed_coverage(SEED, plan)
    assert coverage >= 0.95, missing


def test_excel_rows_give_the_same_document(rendered, plan) -> None:  # noqa: ANN001
    from_excel = open_docx(rendered("ke-hoach", "ngoc_thuy_2023_dot2_xlsx.yaml"))
    assert texts(from_excel) == texts(plan)


def test_annex_alone(rendered) -> None:  # noqa: ANN001
    alone = open_docx(rendered("phu-luc", "ngoc_thuy_2023_dot2.yaml"))
    body = texts(alone)
    assert body[0] == "Phụ lục" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in body
    assert "(Kèm theo Kế hoạch số 13/KH-UBND" in body[3]
    assert len(alone.sections) == 1 and len(alone.tables) == 1
    assert len(alone.tables[0].rows) == 38


def _workbook_case(data_copy, change) -> tuple[Path, Path]:  # noqa: ANN001
    data = data_copy("ngoc_thuy_2023_dot2_xlsx.yaml")
    workbook = data.parent / "ngoc_thuy_chi_tieu.xlsx"
    book = openpyxl.load_workbook(workbook)
    change(book["Sheet1"])
    book.save(workbook)
    return data, data.parent / "out.docx"


@pytest.mark.parametrize(("change", "cell", "words"), [
    (lambda s: s.__setitem__("B7", "mười hai"), "Sheet1!B7", "cần một số nguyên"),
    (lambda s: s.__setitem__("C9", "7 người"), "Sheet1!C9", "cần một số nguyên"),
    (lambda s: s.__setitem__("A5", None), "Sheet1!A5", "ô trống"),
    # -- openpyxl writes a formula without the value Excel would compute and save --
    (lambda s: s.__setitem__("B7", "=B6*2"), "Sheet1!B7", "công thức =B6*2 nhưng chưa có giá "
     "trị đã tính"),
    (lambda s: s.__setitem__("A12", 4), "Sheet1!A12", "'4' bị lặp"),
    (lambda s: s.__setitem__("B1", "Chỉ tiêu năm"), "Sheet1!1:1", "thiếu cột 'Chỉ tiêu Cả năm'"),
])
def test_bad_cells_are_named(data_copy, change, cell: str, words: str) -> None:  # noqa: ANN001
    data, output = _workbook_case(data_copy, change)
    result = CliRunner().invoke(cli, ["render", "ke-hoach", "--data", str(data),
                                      "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert "ngoc_thuy_chi_tieu.xlsx" in result.stderr
    assert f"[{cell}]" in result.stderr and words in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert not output.exists()


def test_a_hidden_sheet_and_hidden_rows_are_used_with_a_warning(data_copy) -> None:  # noqa: ANN001
    def hide(sheet) -> None:  # noqa: ANN001
        sheet["B3"] = 23  # -- was '=20+3': openpyxl saves formulas without their values --
        sheet.row_dimensions[5].hidden = sheet.row_dimensions[9].hidden = True
        sheet.parent.create_sheet("Trang khác")
        sheet.sheet_state = "hidden"

    data, output = _workbook_case(data_copy, hide)
    result = CliRunner().invoke(cli, ["render", "ke-hoach", "--data", str(data),
                                      "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "ngoc_thuy_chi_tieu.xlsx[Sheet1!A1]: trang tính 'Sheet1' đang bị ẩn" in result.stderr
    assert "2 dòng bị ẩn nhưng vẫn được dùng (dòng 5, 9)" in result.stderr
    assert len(open_docx(output).tables[-1].rows) == 38  # -- hidden rows are still rows --


def test_batch_warns_about_hidden_rows_of_the_units_table(data_copy) -> None:  # noqa: ANN001
    data = data_copy("lao_cai_2023_huyen.yaml")
    workbook = data.parent / "lao_cai_2023_huyen.xlsx"
    book = openpyxl.load_workbook(workbook)
    book.worksheets[0].row_dimensions[3].hidden = True
    book.save(workbook)
    result = CliRunner().invoke(cli, ["batch", "ke-hoach", "--data", str(data),
                                      "-o", str(data.parent / "out")])
    assert result.exit_code == 0, result.output
    assert "1 dòng bị ẩn nhưng vẫn được dùng (dòng 3)" in result.stderr
