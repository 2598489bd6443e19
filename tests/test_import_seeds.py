"""The seed documents (../shared/seeds, laid out as Word documents by the checker's seed
builders: header as a table, as tabbed lines, in text boxes) import and render back with
≥ 95% of their lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document

from tests.import_tools import coverage, import_and_render
from tests.test_checker_seeds import SEEDS, seed_000, seed_002, seed_003

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available")


@pytest.mark.parametrize("build", [seed_000, seed_002, seed_003])
def test_seed_imports_and_renders_back(build: Callable[[], Document], tmp_path: Path) -> None:
    path = tmp_path / f"{build.__name__}.docx"
    build().save(str(path))
    folder = tmp_path / "nhap"
    folder.mkdir()
    loaded, data, out = import_and_render(path, folder)
    share, missing = coverage(path, out)
    assert share >= 0.95, (round(share, 3), missing)
    assert loaded.kind.name == {"seed_002": "bao-cao"}.get(build.__name__, "ke-hoach")
    assert loaded.document.so and loaded.document.nguoi_ky.ho_ten


def test_seed_003_annex_quota_table_becomes_data(tmp_path: Path) -> None:
    path = tmp_path / "seed_003.docx"
    seed_003().save(str(path))
    folder = tmp_path / "nhap"
    folder.mkdir()
    loaded, data, _ = import_and_render(path, folder)
    table = loaded.document.phu_luc[0].bang_chi_tieu
    assert table is not None and table.khi_vuot == "Vận động thêm 2-3"
    first = table.dong[0]
    assert (first.ten, first.ca_nam, first.da_thuc_hien) == ("1", 18, 10)
    assert table.dong[-1].ten == "Trường THCS Lý thường kiệt"
    assert loaded.document.nguoi_ky.chuc_vu_khac == ["TRƯỞNG BCĐ HIẾN MÁU NHÂN ĐẠO"]
    # -- the Kèm theo line typed in the table's first row is computed, and reported --
    assert "# - trang 2: của UBND phường Ngọc Thụy)" in data.read_text(encoding="utf-8")
