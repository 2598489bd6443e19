"""``vbhc check``: the click command, report formats, unreadable and strange inputs, and
vbhc's own output."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.checker_fixtures import good_document, restyle, retext, save
from vbhc.checker import (
    FAIL,
    Finding,
    Report,
    check_docx,
    format_json,
    format_text,
    summary_line,
)
from vbhc.cli.check import check
from vbhc.core.errors import VbhcError

# -- a bug in a rule must fail the test, not turn into a warning --
pytestmark = pytest.mark.usefixtures("strict_checker")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return save(good_document(), tmp_path, "good.docx")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    document = good_document()
    restyle(document, "CỘNG HÒA", bold=False)
    retext(document, "Trên đây", "Trên đây là Kế hoạch.")
    return save(document, tmp_path, "broken.docx")


def test_command_passes_a_good_document(good: Path) -> None:
    result = CliRunner().invoke(check, [str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("good.docx: 0 lỗi, 0 cảnh báo")


def test_command_fails_with_exit_1(broken: Path, good: Path) -> None:
    result = CliRunner().invoke(check, [str(broken), str(good)])
    assert result.exit_code == 1
    out = result.output
    assert out.index("Lỗi:") < out.index("[C07") < out.index("Cảnh báo:") < out.index("[C21")
    assert "broken.docx: 1 lỗi, 1 cảnh báo" in out
    assert "good.docx: 0 lỗi, 0 cảnh báo" in out


def test_command_json(broken: Path) -> None:
    result = CliRunner().invoke(check, [str(broken), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data[0]["failures"] == 1 and data[0]["warnings"] == 1
    first = data[0]["findings"][0]
    assert first == {**first, "rule": "C07", "section": "§3", "severity": FAIL}
    assert set(first) == {"rule", "section", "title", "severity", "where", "found", "required"}


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    document = good_document()
    retext(document, "Trên đây", "Trên đây là Kế hoạch.")
    result = CliRunner().invoke(check, [str(save(document, tmp_path))])
    assert result.exit_code == 0
    assert "0 lỗi, 1 cảnh báo" in result.output


@pytest.mark.parametrize("kind", ["text", "zip", "missing", "folder", "empty"])
def test_unreadable_input_exit_2(tmp_path: Path, good: Path, kind: str) -> None:
    path = tmp_path / "bad.docx"
    if kind == "text":
        path.write_text("không phải docx", encoding="utf-8")
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "x")
    elif kind == "folder":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    with pytest.raises(VbhcError) as info:
        check_docx(path)
    assert info.value.exit_code == 2
    result = CliRunner().invoke(check, [str(path), str(good)])
    assert result.exit_code == 2
    assert "Lỗi:" in result.output and "bad.docx" in result.output
    assert "good.docx: 0 lỗi" in result.output  # the readable file is still checked
    assert "Traceback" not in result.output


def test_blank_document_reports_missing_parts(tmp_path: Path) -> None:
    report = check_docx(save(docx.Document(), tmp_path))
    missing = {f.rule for f in report.failures if "không tìm thấy" in f.found}
    assert {"C07", "C12", "C14", "C16"} <= missing
    assert {"C01", "C02"} <= report.rules  # python-docx's template is US Letter, 1" margins
    assert "0 lỗi" not in summary_line(report)


def test_document_without_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Một đoạn văn bản bình thường, không có bảng nào cả.")
    document.add_paragraph("KẾ HOẠCH")
    report = check_docx(save(document, tmp_path))
    assert "C07" in report.rules and report.failures


def test_every_block_removed_in_turn_never_crashes(tmp_path: Path) -> None:
    base = good_document()
    blocks = list(base.element.body)
    for i in range(len(blocks) - 1):  # keep the final sectPr
        document = copy.deepcopy(base)
        body = document.element.body
        body.remove(list(body)[i])
        report = check_docx(save(document, tmp_path, f"cut{i}.docx"))
        assert isinstance(report, Report)


def test_format_text_and_json_of_several_reports() -> None:
    a = Report(Path("output/a.docx"), [Finding("C21", "cảnh báo", "đoạn «x»", "y", "z")])
    b = Report(Path("output/b.docx"), [])
    text = format_text([a, b])
    assert "output/a.docx: 0 lỗi, 1 cảnh báo" in text
    assert text.strip().endswith("output/b.docx: 0 lỗi, 0 cảnh báo")
    assert json.loads(format_json([a, b]))[1]["findings"] == []


OWN_OUTPUT = [("ke-hoach", "lao_cai_2023.yaml"), ("bao-cao", "tam_duong_2023.yaml"),
              ("ke-hoach", "ngoc_thuy_2023_dot2.yaml"), ("phu-luc", "ngoc_thuy_2023_dot2.yaml")]


@pytest.mark.parametrize(("kind", "data"), OWN_OUTPUT)
def test_vbhc_own_output_passes(rendered, kind: str, data: str) -> None:  # noqa: ANN001
    report = check_docx(rendered(kind, data))
    assert report.failures == [], format_text([report])


def test_a_template_with_its_tags_fails(tmp_path: Path) -> None:
    # -- the bundled template is the unfinished document par excellence --
    template = Path(__file__).resolve().parent.parent / "templates_docx" / "ke_hoach.docx"
    result = CliRunner().invoke(check, [str(template)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "[C34" in line]
    assert len(lines) == 6  # five paragraphs named, then how many more
    assert "{%p for dong in co_quan_chu_quan_dong %}" in lines[0]
    assert "thẻ mẫu chưa điền" in lines[0] and "còn" in lines[-1]
