"""The command line: output paths, context JSON, kinds, and clean errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.docx_tools import open_docx, texts
from vbhc.cli.main import cli

DATA = Path(__file__).resolve().parent.parent / "data" / "lao_cai_2023.yaml"


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args))


def test_render_writes_default_output_and_prints_path(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "lao_cai_2023.yaml"
    data.write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("render", "ke-hoach", "--data", "lao_cai_2023.yaml")
    assert result.exit_code == 0, result.output
    written = Path("output") / "lao_cai_2023.docx"
    assert str(written) in result.output
    assert "KẾ HOẠCH" in texts(open_docx(written))
    other = run("render", "ke-hoach", "--data", "lao_cai_2023.yaml", "-o", "khac.docx")
    assert other.exit_code == 0 and Path("khac.docx").exists()


def test_context_prints_what_the_template_receives() -> None:
    result = run("context", "ke-hoach", "--data", str(DATA))
    assert result.exit_code == 0, result.output
    context = json.loads(result.output)
    assert context["so_ky_hieu"] == "05/KH-BCĐ"
    assert context["dia_danh_ngay"] == "Lào Cai, ngày 05 tháng 4 năm 2023"
    assert context["chien_dich"]["chi_tieu"]["don_vi_mau"]["so"] == 3000
    assert context["noi_dung"][0] == {"kieu": "muc",
                                      "chu": [{"chu": "I. "}, {"chu": "MỤC ĐÍCH, YÊU CẦU"}]}
    assert context["noi_nhan"][-1] == "- Lưu: VT, VX4."


def test_kinds_lists_templates_and_examples() -> None:
    result = run("kinds")
    assert result.exit_code == 0
    assert "ke-hoach" in result.output and "templates_docx/ke_hoach.docx" in result.output
    assert "data/lao_cai_2023.yaml" in result.output


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "hong.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.mark.parametrize(("old", "new", "field", "needle", "words"), [
    ("\nso: 5\n", "\nso: năm\n", "so", "so: năm", "số nguyên"),
    ("\ndia_danh: Lào Cai\n", "\n", "dia_danh", None, "thiếu trường bắt buộc"),
    ("ngay_ban_hanh: 2023-04-05", "ngay_ban_hanh: 05/04/2023", "ngay_ban_hanh",
     "ngay_ban_hanh:", "NĂM-THÁNG-NGÀY"),
    ("ho_ten: Giàng Thị Dung", "ho_ten: [1, 2]", "nguoi_ky.ho_ten", "ho_ten:", "chữ"),
    ("trich_yeu: Thực hiện Chiến dịch “*{{ chien_dich.ten }}*”",
     "trich_yeu: Thực hiện Chiến dịch “*{{ chien_dich.tenn }}*”", "trich_yeu[0]",
     "trich_yeu:", "'tenn'"),
    ("\ntrich_yeu:", "\ntrich_yue:", "trich_yue", "trich_yue:", "có phải 'trich_yeu'"),
])
def test_bad_data_gives_one_clear_message(tmp_path: Path, old: str, new: str, field: str,
                                          needle: str | None, words: str) -> None:
    path = _broken(tmp_path, old, new)
    output = tmp_path / "out.docx"
    result = run("render", "ke-hoach", "--data", str(path), "-o", str(output))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    message = result.stderr
    assert message.startswith("Lỗi:")
    line = f":{_line_of(path, needle)}:" if needle else ":"
    assert any(line in m and f" {field}:" in m and words in m for m in message.splitlines()), \
        message
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_missing_file_and_invalid_yaml(tmp_path: Path) -> None:
    result = run("render", "ke-hoach", "--data", str(tmp_path / "khong_co.yaml"))
    assert result.exit_code == 2 and "khong_co.yaml" in result.stderr
    assert "không tìm thấy tệp dữ liệu" in result.stderr
    bad = tmp_path / "sai.yaml"
    bad.write_text("trich_yeu: [a\nso: 5\n", encoding="utf-8")
    result = run("render", "ke-hoach", "--data", str(bad), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "sai.yaml:2:" in result.stderr
    assert "YAML sai cú pháp" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "x.docx").exists()


def test_unknown_kind_is_a_usage_error() -> None:
    result = run("render", "cong-van", "--data", str(DATA))
    assert result.exit_code == 2


def test_render_with_an_office_template(tmp_path: Path) -> None:
    """An office restyles the template in Word (here: python-docx) and adds its own line."""
    import docx
    from docx.shared import Pt

    from vbhc.kinds import get_kind

    template = docx.Document(str(get_kind("ke-hoach").template_path))
    template.styles["VB Mục (I.)"].font.size = Pt(13)
    template.add_paragraph("Mẫu riêng: {{ chien_dich.ten }} - {{ so_ky_hieu }}")
    own = tmp_path / "mau_rieng.docx"
    template.save(str(own))
    output = tmp_path / "kh.docx"
    result = run("render", "ke-hoach", "--data", str(DATA), "--template", str(own),
                 "-o", str(output))
    assert result.exit_code == 0, result.output
    document = open_docx(output)
    assert "Mẫu riêng: Những giọt máu hồng - 05/KH-BCĐ" in texts(document)
    heading = next(p for p in document.paragraphs if p.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.style.font.size == Pt(13)


def test_office_template_with_an_unknown_name_is_a_clean_error(tmp_path: Path) -> None:
    import docx

    from vbhc.kinds import get_kind

    template = docx.Document(str(get_kind("ke-hoach").template_path))
    template.add_paragraph("{{ ten_khong_co }}")
    own = tmp_path / "mau.docx"
    template.save(str(own))
    result = run("render", "ke-hoach", "--data", str(DATA), "--template", str(own),
                 "-o", str(tmp_path / "kh.docx"))
    assert result.exit_code == 2
    assert "mau.docx" in result.stderr and "ten_khong_co" in result.stderr
    assert not (tmp_path / "kh.docx").exists()


def test_console_script_usage_errors_are_vietnamese(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "vbhc", "render", "ke-hoach"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi dòng lệnh: thiếu tùy chọn '--data'")
    assert "vbhc render -h" in result.stderr and "Traceback" not in result.stderr
    bad = subprocess.run([sys.executable, "-m", "vbhc", "render", "ke-hoach", "--data",
                          "khong_co.yaml"], capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 2 and "không tìm thấy tệp dữ liệu" in bad.stderr
