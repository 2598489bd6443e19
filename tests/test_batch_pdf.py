"""`vbhc batch --pdf`: many documents per LibreOffice process, failures listed per unit."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.pdf_tools import is_a4, page_sizes, pdf_fonts, pdf_text
from vbhc.cli.main import cli

pytestmark = pytest.mark.needs("libreoffice", "poppler")  # -- tests/conftest.py --

UNITS = [
    ("huyện Bát Xát", "Bát Xát", 12, "Hoàng Văn Cường"),
    ("huyện Bắc Hà", "Bắc Hà", 7, "Lù Thị Mỷ"),
    ("thị xã Sa Pa", "Sa Pa", 21, "Sùng A Páo"),
]


def three_units(data_copy) -> Path:  # noqa: ANN001
    path = data_copy("lao_cai_2023_huyen.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("chi_tieu_cap_tren")  # -- three units do not add up to the province's targets --
    data["don_vi"] = [{
        "ten": name, "co_quan_chu_quan": f"UBND {name.upper()}",
        "co_quan_ban_hanh": {"ten": f"Ban Chỉ đạo vận động hiến máu tình nguyện {name}"},
        "so": number, "dia_danh": place,
        "chi_tieu": {"don_vi_mau": 250, "nguoi_dang_ky": 600},
        "su_kien": [{"ngay": "2023-07-20", "ten": "ngày hội hiến máu", "dia_diem": name}],
        "nguoi_ky": {"chuc_vu_khac": [f"PHÓ CHỦ TỊCH UBND {name.split()[0].upper()}"],
                     "ho_ten": signer},
    } for name, place, number, signer in UNITS]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def test_three_unit_batch_as_pdf(data_copy, tmp_path: Path) -> None:  # noqa: ANN001
    output = tmp_path / "ra"
    result = CliRunner().invoke(cli, ["batch", "ke-hoach", "--data", str(three_units(data_copy)),
                                      "-o", str(output), "--pdf"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "[PDF 3/3]" in result.stderr
    for stem, (_name, place, number, signer) in zip(
            ["huyen_bat_xat", "huyen_bac_ha", "thi_xa_sa_pa"], UNITS, strict=True):
        pdf = output / f"{stem}.pdf"
        assert all(is_a4(size) for size in page_sizes(pdf))
        text = " ".join(pdf_text(pdf).split())
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert f"Số: {number:02d}/KH-BCĐ" in text and f"{place}, ngày " in text
        assert signer in text
        assert all("LiberationSerif" in font for font in pdf_fonts(pdf))


def test_a_document_that_cannot_be_converted_is_listed(data_copy, tmp_path: Path
                                                        ) -> None:  # noqa: ANN001
    output = tmp_path / "ra"
    output.mkdir()
    (output / "huyen_bac_ha.pdf").mkdir()  # -- the PDF cannot be put in place --
    result = CliRunner().invoke(cli, ["batch", "ke-hoach", "--data", str(three_units(data_copy)),
                                      "-o", str(output), "--pdf"])
    assert result.exit_code == 1, result.output
    assert "1 đơn vị không tạo được văn bản" in result.stderr
    assert "huyện Bắc Hà:" in result.stderr and "không tạo được PDF" in result.stderr
    assert (output / "huyen_bat_xat.pdf").is_file() and (output / "thi_xa_sa_pa.pdf").is_file()
    assert (output / "huyen_bac_ha.docx").is_file()
    assert not [p for p in output.iterdir() if p.name.startswith(".")]
