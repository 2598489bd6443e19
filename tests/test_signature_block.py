"""The Nơi nhận + signature block: room for the signature and seal, forms of 7a (§8)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx.text.paragraph import Paragraph

from tests.docx_tools import open_docx, para_format, runs_format
from tests.test_validate import DATA, edited, line_of, located, validate
from vbhc.checker import check_docx
from vbhc.pipeline import render

CM = 567  # twips
TNR_SINGLE = 1.15  # Times New Roman's single line is 1.15 × the font size (reference §1)


def _height_twips(paragraph: Paragraph) -> float:
    """Return the printed height of an empty paragraph: its line plus its spacing."""
    fmt = para_format(paragraph)
    size = next((f.size_pt for f in runs_format(paragraph) if f.size_pt), None)
    if size is None:  # -- an empty paragraph has no run: its style's size --
        style = paragraph.style
        while style is not None and style.font.size is None:
            style = style.base_style
        size = style.font.size.pt if style is not None else 11
    single = TNR_SINGLE * size * 20
    if fmt.line_rule == "exact":
        line = fmt.line
    elif fmt.line_rule == "atLeast":
        line = max(fmt.line, single)
    else:
        line = single * (fmt.line or 240) / 240
    return line + fmt.before_twips + fmt.after_twips


@pytest.mark.parametrize(("kind", "data"), [("ke-hoach", "lao_cai_2023.yaml"),
                                             ("bao-cao", "tam_duong_2023.yaml"),
                                             ("ke-hoach", "ngoc_thuy_2023_dot2.yaml")])
def test_signature_space_is_about_3_cm(rendered, kind: str, data: str) -> None:  # noqa: ANN001
    document = open_docx(rendered(kind, data))
    right = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text
                 == "Nơi nhận:").rows[0].cells[1]
    paragraphs = right.paragraphs
    first_empty = next(i for i, p in enumerate(paragraphs) if not p.text.strip())
    after = next(i for i in range(first_empty, len(paragraphs)) if paragraphs[i].text.strip())
    space = sum(_height_twips(p) for p in paragraphs[first_empty:after])
    # -- §8: ≈ 3 cm for the ink signature and the seal (4 single 14 pt lines were 2.3 cm) --
    assert 2.9 * CM <= space <= 3.5 * CM, f"{space / CM:.2f} cm"
    assert after - first_empty >= 2  # -- C22 counts the empty lines --


@pytest.mark.parametrize(("kind", "data"), [("ke-hoach", "lao_cai_2023.yaml"),
                                             ("bao-cao", "tam_duong_2023.yaml")])
def test_closing_paragraph_keeps_with_the_block(rendered, kind: str, data: str) -> None:  # noqa: ANN001
    document = open_docx(rendered(kind, data))
    table = next(t for t in document.tables
                 if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    previous = table._tbl.getprevious()
    closing = Paragraph(previous, document._body)
    # -- no blank spacer: the closing paragraph itself sits above the table … --
    assert closing.text.endswith("./.")
    # -- … keeps with it on one page, and gives the gap above it (≥ 6 pt) --
    assert closing.paragraph_format.keep_with_next or closing.style.paragraph_format.keep_with_next
    assert para_format(closing).after_twips >= 120


# --------------------------------------------------------------------------- forms of 7a (§8)

def test_deputy_under_tm_without_kt_is_a_located_error(tmp_path: Path) -> None:
    # -- the seed's own form: "TM. BAN CHỈ ĐẠO / PHÓ TRƯỞNG BAN" --
    path = edited(tmp_path, "tam_duong_2023.yaml",
                  ("quyen_han: TM. KT.", "quyen_han: TM."),
                  ("chuc_danh: [BAN CHỈ ĐẠO, TRƯỞNG BAN, PHÓ TRƯỞNG BAN]",
                   "chuc_danh: [BAN CHỈ ĐẠO, PHÓ TRƯỞNG BAN]"))
    result = validate(path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    problems = located(result.stderr)
    assert len(problems) == 1, result.stderr
    name, line, field, message = problems[0]
    assert name.endswith("tam_duong_2023.yaml")
    assert line == line_of(path, "chuc_danh: [BAN CHỈ ĐẠO, PHÓ TRƯỞNG BAN]")
    assert field == "nguoi_ky.chuc_danh"
    assert "PHÓ TRƯỞNG BAN là cấp phó" in message
    assert "TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN" in message


@pytest.mark.parametrize(("authority", "titles", "needle"), [
    ("KT. TM.", "[ỦY BAN NHÂN DÂN, CHỦ TỊCH, PHÓ CHỦ TỊCH]", "không ghép được KT. TM."),
    ("TM. KT.", "[ỦY BAN NHÂN DÂN, PHÓ CHỦ TỊCH]", "TM. KT. cần 3 dòng chức danh"),
    ("TL.", "[CHỦ TỊCH, PHÓ CHÁNH VĂN PHÒNG]", "PHÓ CHÁNH VĂN PHÒNG là cấp phó"),
    ("TM", "[BAN CHỈ ĐẠO, TRƯỞNG BAN]", "phải là một trong"),
])
def test_wrong_authority_chains_are_refused(tmp_path: Path, authority: str, titles: str,
                                            needle: str) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml",
                  ("quyen_han: TM. ", f"quyen_han: {authority} "),
                  ("chuc_danh: [BAN CHỈ ĐẠO, TRƯỞNG BAN]", f"chuc_danh: {titles}"))
    result = validate(path)
    assert result.exit_code == 2, result.output
    problems = located(result.stderr)
    assert len(problems) == 1 and needle in problems[0][3], result.stderr
    assert problems[0][2].startswith("nguoi_ky.")


@pytest.mark.parametrize(("authority", "titles", "expected"), [
    ("TM. KT.", ["ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("TL. KT.", ["BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ", "PHÓ VỤ TRƯỞNG"],
     ["TL. BỘ TRƯỞNG", "KT. VỤ TRƯỞNG VỤ PHÁP CHẾ", "PHÓ VỤ TRƯỞNG"]),
    ("Q.", ["GIÁM ĐỐC"], ["Q. GIÁM ĐỐC"]),
])
def test_authority_combinations_render(tmp_path: Path, authority: str, titles: list[str],
                                       expected: list[str]) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml",
                  ("quyen_han: TM. ", f"quyen_han: {authority} "),
                  ("chuc_danh: [BAN CHỈ ĐẠO, TRƯỞNG BAN]", f"chuc_danh: [{', '.join(titles)}]"))
    target = render.render_file("ke-hoach", path, tmp_path / "out.docx")
    right = _signature_table(open_docx(target)).rows[0].cells[1]
    lines = [p.text for p in right.paragraphs]
    assert lines[:len(expected)] == expected
    assert lines[len(expected)] == ""  # -- then the signature space --
    # -- the concurrent office (kiêm nhiệm, 7b) stays above the name --
    assert lines[-2:] == ["PHÓ CHỦ TỊCH UBND TỈNH", "Giàng Thị Dung"]
    report = check_docx(target)
    assert not [f for f in report.failures if f.rule == "C22"], report.failures


def test_examples_sign_with_kt_and_name_the_ubnd_in_full(rendered) -> None:  # noqa: ANN001
    report = open_docx(rendered("bao-cao", "tam_duong_2023.yaml"))
    lines = [p.text for p in _signature_table(report).rows[0].cells[1].paragraphs]
    assert lines[:3] == ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    plan = open_docx(rendered("ke-hoach", "ngoc_thuy_2023_dot2.yaml"))
    lines = [p.text for p in _signature_table(plan).rows[0].cells[1].paragraphs]
    assert lines[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    header = plan.tables[0].rows[0].cells[0]
    names = [p.text for p in header.paragraphs if p.text.strip()]
    # -- no chủ quản line; the body's own name in full, bold (its first line) --
    assert names == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NGỌC THỤY"]
    assert all(f.bold for p in header.paragraphs if p.text.strip() for f in runs_format(p))


@pytest.mark.parametrize(("changes", "field", "needle"), [
    ((("co_quan_ban_hanh:\n", "co_quan_chu_quan: UBND QUẬN LONG BIÊN\nco_quan_ban_hanh:\n"),),
     "co_quan_chu_quan", "không có dòng cơ quan chủ quản"),
    ((("dong: [ỦY BAN NHÂN DÂN, PHƯỜNG NGỌC THỤY]", "dong: [UBND PHƯỜNG NGỌC THỤY]"),),
     "co_quan_ban_hanh.dong", "tên cơ quan ban hành viết tắt (UBND)"),
])
def test_header_forms_warn_with_file_and_line(tmp_path: Path, changes: tuple, field: str,
                                              needle: str) -> None:
    path = edited(tmp_path, "ngoc_thuy_2023_dot2.yaml", *changes)
    result = validate(path)
    assert result.exit_code == 0, result.output
    warnings = [p for p in located(result.stderr) if p[2] == field]
    assert len(warnings) == 1 and needle in warnings[0][3], result.output + result.stderr
    assert warnings[0][1] == line_of(path, field.split(".")[-1] + ":")


def test_examples_have_no_data_warnings() -> None:
    for name in ("lao_cai_2023.yaml", "tam_duong_2023.yaml", "ngoc_thuy_2023_dot2.yaml",
                 "ngoc_thuy_2023_dot2_xlsx.yaml"):
        result = validate(DATA / name)
        assert result.exit_code == 0 and "(0 cảnh báo)" in result.output, result.output


def _signature_table(document):  # noqa: ANN001, ANN202
    return next(t for t in document.tables
                if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")


def test_without_closing_a_blank_line_still_precedes_the_block(data_copy, tmp_path: Path) -> None:  # noqa: ANN001
    path = data_copy("lao_cai_2023.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["ket_thuc"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    document = open_docx(render.render_file("ke-hoach", path, tmp_path / "out.docx"))
    spacer = Paragraph(_signature_table(document)._tbl.getprevious(), document._body)
    assert spacer.text == "" and spacer.style.name == "VB Đoạn văn"
