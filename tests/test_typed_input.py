"""What clerks type: numbers grouped by dots, repeated keys, impossible dates, files saved
in other encodings. Each means what the clerk meant or is a located Vietnamese error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.docx_tools import open_docx, texts
from tests.test_validate import DATA, edited, line_of, located, validate
from vbhc.cli.main import cli
from vbhc.core.errors import DataError
from vbhc.data import excel
from vbhc.data.loading import load_yaml
from vbhc.data.model import ChiTieu

PLAN = "lao_cai_2023.yaml"
ENGLISH = ("Traceback", "Error", "codec", "token", "allowed", "Keys should", "zip",
           "template", "out of range", "Input should")


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args))


def no_english(output: str) -> None:
    for word in ENGLISH:
        assert word not in output, output


# -- 1. numbers written the Vietnamese way ------------------------------------------------

def test_grouped_numbers_render_as_the_plain_ones(tmp_path: Path) -> None:
    grouped = edited(tmp_path, PLAN,
                     ("{so: 7000, don_vi: người đăng ký}", "{so: 7.000, don_vi: người đăng ký}"),
                     ("{so: 3000, don_vi: đơn vị máu, ca_nam: 7000}",
                      "{so: \"3.000\", don_vi: đơn vị máu, ca_nam: 7.000}"),
                     ("{so: 1500, don_vi: người đăng ký}", "{so: '1.500', don_vi: người đăng ký}"))
    plain = tmp_path / "plain.docx"
    assert run("render", "ke-hoach", "--data", str(DATA / PLAN), "-o", str(plain)).exit_code == 0
    result = run("render", "ke-hoach", "--data", str(grouped), "-o", str(tmp_path / "g.docx"))
    assert result.exit_code == 0, result.output
    assert texts(open_docx(tmp_path / "g.docx")) == texts(open_docx(plain))
    assert any("trên 7.000 người" in text for text in texts(open_docx(plain)))


def test_a_million_grouped_by_dots_is_a_million(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1.500.000\nb: 7.000\nc: '7.000'\n", encoding="utf-8")
    data = load_yaml(path).data
    assert (data["a"], data["b"]) == (1_500_000, 7000)
    assert ChiTieu(so=data["c"], don_vi="người").so == 7000


@pytest.mark.parametrize("typed", ["7,000", "7.5", "\"7,000\"", "7.0", "'7.50'"])
def test_an_ambiguous_number_is_an_error_saying_how_to_write_it(tmp_path: Path,
                                                                typed: str) -> None:
    path = edited(tmp_path, PLAN, ("\nso: 5\n", f"\nso: {typed}\n"))
    result = validate(path)
    assert result.exit_code == 2
    [(_, line, field, message)] = located(result.stderr)
    assert field == "so" and line == line_of(path, f"so: {typed}")
    assert typed.strip("'\"") in message and "7000 hoặc 7.000" in message


def test_a_comma_inside_braces_is_not_taken_for_a_key(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN, ("{so: 7000, don_vi: người đăng ký}",
                                   "{so: 7,000, don_vi: người đăng ký}"))
    result = validate(path)
    assert result.exit_code == 2
    no_english(result.output)
    [(_, line, _, message)] = located(result.stderr)
    assert line == line_of(path, "so: 7,000") and "7000 hoặc 7.000" in message


def test_yaml_11_surprises_are_read_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("so: 012\ngio: 8:30\nmoc: 1_000\n", encoding="utf-8")
    assert load_yaml(path).data == {"so": 12, "gio": "8:30", "moc": 1000}


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("\nso: 5\n", "\nso: true\n", "không phải có/không"),
    ("ngay_ban_hanh: 2023-04-05", "ngay_ban_hanh: 2023-04-05 10:30:00", "không kèm giờ"),
])
def test_values_pydantic_would_take_or_explain_in_english(tmp_path: Path, old: str, new: str,
                                                          expected: str) -> None:
    path = edited(tmp_path, PLAN, (old, new))
    result = validate(path)
    assert result.exit_code == 2
    [(_, line, _, message)] = located(result.stderr)
    assert line == line_of(path, new.strip()) and expected in message
    no_english(result.output)


def test_excel_and_yaml_read_the_same_text_as_the_same_number(tmp_path: Path) -> None:
    table = excel.Table(tmp_path / "t.xlsx", "Đơn vị", [])
    path = tmp_path / "x.yaml"
    for typed in ("7.000", "1.500.000", "42"):
        problems: list = []
        from_excel = excel.integer(table, excel.Cell(typed, "Đơn vị!C2"), "so", problems)
        path.write_text(f"so: {typed}\n", encoding="utf-8")
        assert from_excel == load_yaml(path).data["so"] and not problems
    for typed in ("7,000", "7.5", 7.5):
        problems = []
        assert excel.integer(table, excel.Cell(typed, "Đơn vị!C2"), "so", problems) is None
        [problem] = problems
        assert problem.cell == "Đơn vị!C2" and "7000 hoặc 7.000" in problem.message


# -- 2. a key typed twice -------------------------------------------------------------------

def test_a_repeated_key_names_both_lines(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN, ("\nso: 5\n", "\nso: 5\ndia_danh_cu: x\nso: 7\n"))
    path.write_text(path.read_text(encoding="utf-8").replace("dia_danh_cu: x\n", ""),
                    encoding="utf-8")
    result = validate(path)
    assert result.exit_code == 2
    [(_, line, field, message)] = located(result.stderr)
    first, second = line_of(path, "so: 5"), line_of(path, "so: 7")
    assert field == "so" and line == second
    assert f"dòng {first}" in message and f"dòng {second}" in message


def test_a_repeated_key_deep_in_the_file_is_found_too(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN, ("  ho_ten: Giàng Thị Dung", "  ho_ten: Giàng Thị Dung\n"
                                   "  ho_ten: Giàng A Dung"))
    result = validate(path)
    assert result.exit_code == 2
    [(_, line, field, _)] = located(result.stderr)
    assert field == "nguoi_ky.ho_ten" and line == line_of(path, "Giàng A Dung")


# -- 7. a date that does not exist -----------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("ngay_ban_hanh: 2023-04-05", "ngay_ban_hanh: 2023-02-30"),
    ("ngay_ban_hanh: 2023-04-05", "ngay_ban_hanh: 2023-13-05"),
    ("- ngay: 2023-06-21", "- ngay: 2023-06-31"),
])
@pytest.mark.parametrize("command", ["render", "validate"])
def test_an_impossible_date_is_a_located_error(tmp_path: Path, command: str, old: str,
                                               new: str) -> None:
    path = edited(tmp_path, PLAN, (old, new))
    args = [command, "ke-hoach", "--data", str(path)]
    result = run(*args, *(["-o", str(tmp_path / "x.docx")] if command == "render" else []))
    assert result.exit_code == 2, result.output
    no_english(result.output)
    [(_, line, _, message)] = located(result.stderr)
    assert line == line_of(path, new) and "không có" in message
    assert not (tmp_path / "x.docx").exists()


def test_an_impossible_date_in_a_batch_is_a_located_error(tmp_path: Path) -> None:
    shared = yaml.safe_load((DATA / "lao_cai_2023_huyen.yaml").read_text(encoding="utf-8"))
    shared["don_vi"] = [{"ten": "huyện A", "chi_tieu": {"don_vi_mau": 1, "nguoi_dang_ky": 1}}]
    text = yaml.safe_dump(shared, allow_unicode=True, sort_keys=False)
    text = text.replace("ten: huyện A", "ten: huyện A\n  ngay_ban_hanh: 2023-04-31")
    path = tmp_path / "huyen.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("batch", "ke-hoach", "--data", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    no_english(result.output)
    [(_, line, field, message)] = located(result.stderr)
    assert field == "don_vi[0].ngay_ban_hanh" and line == line_of(path, "2023-04-31")
    assert "tháng 4/2023 chỉ có 30 ngày" in message
    assert not (tmp_path / "out").exists()


# -- 8. what reaches the clerk is Vietnamese -------------------------------------------------

def test_a_tab_says_it_is_a_tab(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN, ("  ho_ten: Giàng Thị Dung", "\tho_ten: Giàng Thị Dung"))
    result = validate(path)
    assert result.exit_code == 2
    no_english(result.output)
    assert "Tab" in result.stderr and f":{line_of(path, 'Giàng Thị Dung')}:" in result.stderr


def test_a_colon_out_of_place_says_what_to_do(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN, ("dia_danh: Lào Cai", "dia_danh: Lào Cai: tỉnh"))
    result = validate(path)
    assert result.exit_code == 2
    no_english(result.output)
    assert "ngoặc kép" in result.stderr and f":{line_of(path, 'Cai: tỉnh')}:" in result.stderr


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_a_file_not_in_utf8_says_how_to_save_it(tmp_path: Path, encoding: str) -> None:
    path = edited(tmp_path, PLAN)
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    result = validate(path)
    assert result.exit_code == 2
    no_english(result.output)
    assert "UTF-8" in result.stderr and "Save As" in result.stderr


def test_a_cp1258_file_names_the_first_line_it_cannot_read(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    result = validate(path)
    first = next(i for i, line in enumerate(path.read_bytes().split(b"\n"), start=1)
                 if not line.isascii())
    assert f"dòng {first}" in result.stderr and f"{path.name}:{first}:" in result.stderr


def test_a_nul_byte_is_located_by_line(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN, ("dia_danh: Lào Cai", "dia_danh: Lào\x00 Cai"))
    result = validate(path)
    assert result.exit_code == 2
    no_english(result.output)
    assert f"{path.name}:{line_of(path, 'dia_danh')}:" in result.stderr


def test_a_damaged_or_open_workbook_is_explained(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(DataError) as error:
        excel.open_workbook(bad)
    no_english(str(error.value))
    assert ".xlsx" in str(error.value) and "Save As" in str(error.value)

    from vbhc.core import safezip

    def locked(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safezip, "open_zip", locked)  # -- Windows: Excel holds the file --
    with pytest.raises(DataError) as error:
        excel.open_workbook(DATA / "lao_cai_2023_huyen.xlsx")
    assert "đóng tệp trong Excel" in str(error.value)


@pytest.mark.parametrize("typed", ["Tỷ lệ 50{% kế hoạch", "khẩu hiệu {{ chien_dich.nam"])
def test_a_jinja_syntax_error_says_how_to_write_a_literal(tmp_path: Path, typed: str) -> None:
    path = edited(tmp_path, PLAN, ("Mỗi giọt máu cho đi - Một cuộc đời ở lại.", typed))
    result = validate(path)
    assert result.exit_code == 2
    no_english(result.output)
    [(_, line, _, message)] = located(result.stderr)
    assert line == line_of(path, typed) and "{{ '{%' }}" in message


def test_a_space_in_an_abbreviation_is_said_in_words(tmp_path: Path) -> None:
    path = edited(tmp_path, PLAN, ("viet_tat: BCĐ", "viet_tat: BCĐ HMTN"))
    result = validate(path)
    assert result.exit_code == 2
    [(_, _, field, message)] = located(result.stderr)
    assert field == "co_quan_ban_hanh.viet_tat" and message == "không được có dấu cách"


def test_an_impossible_date_typed_in_an_excel_cell_is_explained(tmp_path: Path) -> None:
    import openpyxl

    for name in ("lao_cai_2023_huyen.yaml", PLAN):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    workbook = openpyxl.load_workbook(DATA / "lao_cai_2023_huyen.xlsx")
    sheet = workbook["Sự kiện"]
    column = next(cell.column_letter for cell in sheet[1] if cell.value == "Ngày")
    sheet[f"{column}2"] = "31/06/2023"
    workbook.save(tmp_path / "lao_cai_2023_huyen.xlsx")
    result = validate(tmp_path / "lao_cai_2023_huyen.yaml")
    assert result.exit_code == 2
    assert f"[Sự kiện!{column}2]" in result.stderr
    assert "ngày 31/06/2023 không có: tháng 6/2023 chỉ có 30 ngày" in result.stderr
