"""Printed layout: the Nơi nhận + signature block never stands alone on the last page;
the quota annex's table prints its cells unwrapped on one page.

Each example is rendered to PDF through LibreOffice; pdftotext reads every page.
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from vbhc.cli.main import cli
from vbhc.pipeline import render
from vbhc.pipeline.pdf import convert_to_pdf

DATA = Path(__file__).resolve().parent.parent / "data"
needs_office = pytest.mark.needs("libreoffice", "poppler")


def page_texts(pdf: Path) -> list[str]:
    """Return the text of each page, NFC."""
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode("utf-8")
    pages = unicodedata.normalize("NFC", raw).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("examples")
    documents = {
        "Lào Cai": render.render_file("ke-hoach", DATA / "lao_cai_2023.yaml",
                                      folder / "lao_cai.docx"),
        "Tam Đường": render.render_file("bao-cao", DATA / "tam_duong_2023.yaml",
                                        folder / "tam_duong.docx"),
        "Ngọc Thụy": render.render_file("ke-hoach", DATA / "ngoc_thuy_2023_dot2.yaml",
                                        folder / "ngoc_thuy.docx"),
    }
    result = CliRunner().invoke(cli, ["batch", "ke-hoach", "--data",
                                      str(DATA / "lao_cai_2023_huyen.yaml"),
                                      "--only", "huyện Bát Xát", "-o", str(folder / "bx")])
    assert result.exit_code == 0, result.output
    documents["Bát Xát"] = folder / "bx" / "huyen_bat_xat.docx"
    assert convert_to_pdf(list(documents.values())) == []
    return {name: path.with_suffix(".pdf") for name, path in documents.items()}


@needs_office
@pytest.mark.parametrize("name", ["Lào Cai", "Tam Đường", "Ngọc Thụy", "Bát Xát"])
def test_signature_block_shares_its_page_with_body_text(example_pdfs, name: str) -> None:  # noqa: ANN001
    pages = page_texts(example_pdfs[name])
    holding = [i for i, text in enumerate(pages) if "Nơi nhận" in text]
    assert len(holding) == 1, holding
    page = pages[holding[0]]
    before = page.split("Nơi nhận")[0]
    # -- body text above the block: more than the page number, and the closing's end mark --
    body_lines = [line for line in before.splitlines() if line.strip()
                  and not line.strip().isdigit()]
    assert body_lines, f"{name}: trang {holding[0] + 1} chỉ có khối Nơi nhận và chữ ký"
    assert "./." in before, f"{name}: dòng cuối của nội dung không cùng trang với chữ ký"


@needs_office
def test_quota_annex_prints_on_one_page_without_wrapped_cells(example_pdfs) -> None:  # noqa: ANN001
    pages = page_texts(example_pdfs["Ngọc Thụy"])
    annex = [i for i, text in enumerate(pages) if "PHÂN BỔ CHỈ TIÊU" in text]
    assert len(annex) == 1
    # -- the rows and the totals no longer spill onto an otherwise empty page --
    assert annex[0] == len(pages) - 1 and "Tổng cộng" in pages[annex[0]]
    lines = [line.strip() for line in pages[annex[0]].splitlines()]
    # -- "Vận động thêm 2-3" wrapped in five rows; the header read "Chỉ tiêu Cả / năm" --
    assert lines.count("Vận động thêm 2-3") == 5
    assert "Cả năm" in lines and "năm" not in lines
