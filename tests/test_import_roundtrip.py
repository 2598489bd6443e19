"""Round trip: every example in data/ rendered, imported and rendered again gives the
same paragraph texts (tables included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.import_tools import import_and_render, paragraph_texts
from vbhc.cli.batch import is_batch_file
from vbhc.kinds import PROJECT_DIR
from vbhc.pipeline import render as api
from vbhc.pipeline.batch.run import run_batch

DATA = PROJECT_DIR / "data"
# Examples whose round trip gives identical text. The Báo cáo's results annex (table and
# chart computed from a workbook) comes back as typed tables among the annex's paragraphs.
ROUND_TRIP = [
    "bb_hop_bcd_2023", "ct_tang_cuong_hmtn", "ctr_hanh_trinh_do_2023",
    "cv_phan_bo_chi_tieu_2023", "gm_le_ton_vinh_2023",
    "da_ngan_hang_mau_song", "hd_to_chuc_ngay_hoi", "lao_cai_2023", "lao_cai_2023_dien_tu",
    "lao_cai_2023_tong_ket", "ngoc_thuy_2023_dot2", "ngoc_thuy_2023_dot2_xlsx",
    "pa_tiep_nhan_mau_tet_2024", "qc_phoi_hop_tiep_nhan_mau", "qd_ban_hanh_quy_che_bcd",
    "qd_khen_thuong_2023", "qd_thanh_lap_bcd_2023", "qyd_che_do_nguoi_hien_mau",
    "tam_duong_2023", "tb_lich_hien_mau_2023", "tc_ngay_hoi_hien_mau_2023", "ttr_kinh_phi_2023",
]
# Batch files describe many documents (one per unit of a table): `vbhc batch` renders
# them, and each unit's document must round-trip like the examples above.
BATCH = ["lao_cai_2023_huyen"]


def test_every_example_is_accounted_for() -> None:
    examples = {path.stem for path in DATA.glob("*.yaml")}
    assert examples == set(ROUND_TRIP) | set(BATCH)
    assert all(is_batch_file(DATA / f"{name}.yaml") for name in BATCH)


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_render_import_render_gives_the_same_text(name: str, tmp_path: Path) -> None:
    source = DATA / f"{name}.yaml"
    first = tmp_path / f"{name}.docx"
    first.write_bytes(api.render_to_bytes(api.load(None, source)))
    folder = tmp_path / "nhap"
    folder.mkdir()
    loaded, data, second = import_and_render(first, folder)
    assert loaded.kind.name == api.load(None, source).kind.name
    assert paragraph_texts(second) == paragraph_texts(first)
    assert "loai:" in data.read_text(encoding="utf-8").splitlines()[4]


@pytest.mark.parametrize("name", BATCH)
def test_every_unit_of_a_batch_round_trips(name: str, tmp_path: Path) -> None:
    """Each unit's document, as `vbhc batch` writes it, imports and renders back the same."""
    result = run_batch("ke-hoach", DATA / f"{name}.yaml", tmp_path / "lo", jobs=1)
    assert len(result.units) > 2 and all(unit.ok for unit in result.units)
    for unit in result.units:
        first = tmp_path / "lo" / unit.file
        folder = tmp_path / "nhap" / first.stem
        folder.mkdir(parents=True)
        loaded, _, second = import_and_render(first, folder)
        assert loaded.kind.name == "ke-hoach"
        before = paragraph_texts(first)
        assert any(unit.name in line for line in before)  # -- each unit's own document --
        assert paragraph_texts(second) == before, unit.file


def test_report_results_annex_comes_back_as_typed_tables(tmp_path: Path) -> None:
    """The Báo cáo's results annex: its tables come back as typed tables where they stood
    among the annex's paragraphs, figures as numbers; its chart, a picture, is listed in
    the leftovers at the end of the data file."""
    first = tmp_path / "bao_cao.docx"
    first.write_bytes(api.render_to_bytes(api.load(None, DATA / "lao_cai_2023_tong_ket.yaml")))
    folder = tmp_path / "nhap"
    folder.mkdir()
    _, data, _ = import_and_render(first, folder)
    text = data.read_text(encoding="utf-8")
    annex = api.load(None, data).document.phu_luc[0]
    tables = [item.bang for item in annex.doan if not isinstance(item, str)]
    assert [t.cot for t in tables] == [
        ["STT", "Đơn vị", "Chỉ tiêu", "Kết quả", "Tỷ lệ", "Xếp hạng", "Đánh giá"],
        ["STT", "Đơn vị", "Kết quả năm trước", "Chỉ tiêu đề xuất năm 2024"]]
    assert tables[0].dong[0] == [1, "thành phố Lào Cai", 800, 912, "114%", 2, "Vượt"]
    assert tables[0].tong == ["", "Tổng cộng", 3000, 3215, "107%", "", "Vượt"]
    assert isinstance(annex.doan[1], str) and annex.doan[1].startswith("Ghi chú:")
    assert "- [1, thành phố Lào Cai, 800, 912, 114%, 2, Vượt]" in text
    leftovers = text.split("# --- Chưa đưa vào dữ liệu")[1]
    assert "hình (không phải chữ" in leftovers
    assert "Tỷ lệ thực hiện chỉ tiêu của các đơn vị" in leftovers
    assert "bảng:" not in leftovers
