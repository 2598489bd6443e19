"""A table kept as typed among an annex's paragraphs (``phu_luc.doan: - bang: …``): what an
imported table whose figures vbhc cannot recompute becomes."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from tests.import_tools import paragraph_texts
from vbhc.core.errors import DataError
from vbhc.kinds import PROJECT_DIR
from vbhc.pipeline import render as api

SOURCE = PROJECT_DIR / "data" / "ct_tang_cuong_hmtn.yaml"
ANNEX = """
phu_luc:
  - tieu_de: Kết quả các đợt hiến máu
    doan:
      - Số liệu do các đơn vị báo cáo.
      - bang:
          cot: [STT, Đơn vị, Kết quả, Tỷ lệ]
          dong:
            - [1, "huyện Bát Xát, xã A", 1250, 105%]
            - [2, huyện Bắc Hà, 231, 92%]
          tong: ["", Tổng cộng, 1481, 101%]
      - "Ghi chú: tỷ lệ so với chỉ tiêu."
"""


def _render(tmp_path: Path, annex: str) -> docx.document.Document:
    text = SOURCE.read_text(encoding="utf-8") + annex
    loaded = api.load(None, tmp_path / "ct.yaml", text=text)
    return docx.Document(io.BytesIO(api.render_to_bytes(loaded)))


def test_the_table_is_placed_where_it_stands_among_the_paragraphs(tmp_path: Path) -> None:
    document = _render(tmp_path, ANNEX)
    table = document.tables[-1]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [["STT", "Đơn vị", "Kết quả", "Tỷ lệ"],
                     ["1", "huyện Bát Xát, xã A", "1.250", "105%"],  # -- numbers get dots --
                     ["2", "huyện Bắc Hà", "231", "92%"],
                     ["", "Tổng cộng", "1.481", "101%"]]
    assert all(run.bold for run in table.rows[-1].cells[1].paragraphs[0].runs)
    path = tmp_path / "ct.docx"
    document.save(str(path))
    texts = paragraph_texts(path)
    start = texts.index("Số liệu do các đơn vị báo cáo.")
    assert texts[start + 1:start + 5] == ["STT", "Đơn vị", "Kết quả", "Tỷ lệ"]
    assert texts[start + 5 + 8 + 3] == "Ghi chú: tỷ lệ so với chỉ tiêu."


def test_a_row_of_the_wrong_length_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataError) as raised:
        _render(tmp_path, ANNEX.replace("[2, huyện Bắc Hà, 231, 92%]", "[2, huyện Bắc Hà, 231]"))
    message = str(raised.value)
    assert "dòng 2 có 3 ô, bảng có 4 cột" in message
    assert "phu_luc" in message or "Phụ lục" in message
