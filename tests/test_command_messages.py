"""What the commands tell the clerk (issue 12.9): advice that fits the command, errors filed
where they belong, every problem located, every warning named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from tests.test_validate import DATA, located
from vbhc.checker import check_docx
from vbhc.cli.main import cli

SHARED = "lao_cai_2023_huyen.yaml"


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args))


def test_batch_advice_for_a_hand_edited_document_names_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("batch", "ke-hoach", "--data", str(DATA / SHARED), "-o", str(out), "--jobs", "1",
            "--only", "thi_xa_sa_pa")
    assert run(*args).exit_code == 0
    document = docx.Document(str(out / "thi_xa_sa_pa.docx"))
    document.paragraphs[-1].add_run(" (đã sửa trong Word)")
    document.save(str(out / "thi_xa_sa_pa.docx"))
    result = run(*args)
    assert result.exit_code == 1
    assert "đã được sửa tay" in result.stderr
    assert "-o <thư mục khác>" in result.stderr and "<tên khác>.docx" not in result.stderr


def test_an_unknown_only_is_a_command_line_error(tmp_path: Path) -> None:
    result = run("batch", "ke-hoach", "--data", str(DATA / SHARED), "-o", str(tmp_path / "o"),
                 "--only", "huyện Bát Sát")
    assert result.exit_code == 2
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Lỗi")]
    assert error.startswith("Lỗi dòng lệnh: --only: không có đơn vị 'huyện Bát Sát'")
    assert "không hợp lệ" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_inline_units_with_the_same_name_are_located_by_line(tmp_path: Path) -> None:
    shared = yaml.safe_load((DATA / SHARED).read_text(encoding="utf-8"))
    unit = {"ten": "huyện A", "dia_danh": "A", "co_quan_ban_hanh": {"ten": "BCĐ huyện A"},
            "nguoi_ky": {"ho_ten": "Nguyễn Văn A"},
            "chi_tieu": {"don_vi_mau": 1, "nguoi_dang_ky": 1}}
    shared["don_vi"] = [unit, dict(unit, dia_danh="B")]
    del shared["chi_tieu_cap_tren"]
    (tmp_path / "lao_cai_2023.yaml").write_bytes((DATA / "lao_cai_2023.yaml").read_bytes())
    path = tmp_path / "huyen.yaml"
    path.write_text(yaml.safe_dump(shared, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    result = run("batch", "ke-hoach", "--data", str(path), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    [(_, line, field, message)] = located(result.stderr)
    lines = [i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "ten: huyện A" in text]
    assert field == "ten" and line == lines[1] and f"dòng {lines[0]}" in message


def test_render_names_the_checker_findings_it_counts(tmp_path: Path) -> None:
    output = tmp_path / "kh.docx"
    result = run("render", "ke-hoach", "--data", str(DATA / "lao_cai_2023.yaml"), "-o",
                 str(output), "--kiem-tra")
    assert result.exit_code == 0, result.output
    report = check_docx(output)
    assert report.findings, "the example has a finding to name"
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Kiểm tra NĐ 30:"))
    named = lines[start + 1:start + 1 + len(report.findings)]
    for finding, line in zip(report.findings, named, strict=True):
        assert finding.where in line and finding.required in line


# -- 8. click's own words -------------------------------------------------------------------

CLICK_ENGLISH = ("Usage", "Options", "Commands", "Show this message", "Show the version",
                 "required", "default:", "PATH", "INTEGER", "RANGE", "TEXT", "OPTIONS",
                 "COMMAND", "ARGS", "FILES", "KIND", "x>=")


@pytest.mark.parametrize("command", [[], ["render"], ["batch"], ["check"], ["validate"],
                                     ["context"], ["kinds"]])
def test_help_pages_have_no_english(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "-h"], prog_name="vbhc")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Cách dùng: vbhc {' '.join(command)}".rstrip())
    assert "Tùy chọn:" in result.output and "Xem hướng dẫn này rồi thoát." in result.output
    for word in CLICK_ENGLISH:
        assert word not in result.output, (word, result.output)


@pytest.mark.parametrize(("args", "expected"), [
    (["batch", "ke-hoach", "--data", "x.yaml", "-j", "0"], "phải từ 1 trở lên"),
    (["batch", "ke-hoach", "--data", "x.yaml", "-j", "hai"], "không phải số nguyên"),
    (["render", "sai-loai", "--data", "x.yaml"],
     "giá trị không hợp lệ cho '[LOẠI]': 'sai-loai' không thuộc 'bao-cao'"),
])
def test_command_line_errors_have_no_english(tmp_path: Path, args: list[str],
                                             expected: str) -> None:
    result = subprocess.run([sys.executable, "-m", "vbhc", *args], capture_output=True,
                            text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi dòng lệnh: ") and expected in result.stderr
    for word in ("is not", "range", "Choose", "valid", "Error", "Traceback"):
        assert word not in result.stderr, result.stderr
