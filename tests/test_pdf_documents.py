"""PDF of real vbhc documents: A4 pages, the frame's text with diacritics, Liberation Serif only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.pdf_tools import is_a4, page_sizes, pdf_fonts, pdf_text
from vbhc.cli.main import cli

DATA = Path(__file__).resolve().parent.parent / "data"
needs_office = pytest.mark.needs("libreoffice", "poppler")  # -- tests/conftest.py --


@needs_office
def test_lao_cai_plan_as_pdf(tmp_path: Path) -> None:
    target = tmp_path / "lao_cai_2023.docx"
    result = CliRunner().invoke(cli, ["render", "ke-hoach", "--data",
                                      str(DATA / "lao_cai_2023.yaml"), "-o", str(target),
                                      "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = target.with_suffix(".pdf")
    assert "lao_cai_2023.pdf" in result.output
    sizes = page_sizes(pdf)
    assert len(sizes) >= 4 and all(is_a4(size) for size in sizes)
    text = " ".join(pdf_text(pdf).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Lào Cai, ngày 05 tháng 4 năm 2023", "KẾ HOẠCH",
                     "Thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023",
                     "Giàng Thị Dung", "Số: 05/KH-BCĐ"):
        assert expected in text
    fonts = pdf_fonts(pdf)
    assert fonts and all("LiberationSerif" in font for font in fonts), fonts


def test_pdf_without_libreoffice_fails_at_once_but_keeps_the_docx(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vbhc.pipeline.pdf

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(vbhc.pipeline.pdf, "_install_candidates", lambda: [])
    target = tmp_path / "kh.docx"
    result = CliRunner().invoke(cli, ["render", "ke-hoach", "--data",
                                      str(DATA / "lao_cai_2023.yaml"), "-o", str(target),
                                      "--pdf"])
    assert result.exit_code == 2
    assert "LibreOffice" in result.stderr and "libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.output
    assert target.exists() and not target.with_suffix(".pdf").exists()
    assert os.path.getsize(target) > 5000
