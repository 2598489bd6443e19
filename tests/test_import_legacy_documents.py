"""Issue 16, Done when: a plan typed in TCVN3 (.VnTime/.VnTimeH) and one typed in VNI-Times
import like the same plan in Unicode: the text comes back, and kind, Số, date, signer and
Nơi nhận are read from the decoded text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.text.paragraph import Paragraph

from tests.import_tools import coverage, import_and_render
from tests.legacy_docs import Typist, type_tcvn3, type_vni
from tests.test_import_documents import _plan


def _retype(document: Document, typist: Typist) -> int:
    """Type every run of ``document`` (body and table cells) again with ``typist``'s font
    and byte values, keeping bold and italic; return how many runs were retyped."""
    paragraphs: list[Paragraph] = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    count = 0
    for paragraph in paragraphs:
        for run in list(paragraph.runs):
            if not run.text:
                continue
            typed = typist(run.text)
            run.text, run.font.name = typed[0]
            anchor = run._r
            for text, font in typed[1:]:
                extra = paragraph.add_run(text)
                extra.font.name, extra.bold, extra.italic = font, run.bold, run.italic
                anchor.addnext(extra._r)
                anchor = extra._r
            count += 1
    return count


@pytest.mark.parametrize("typist", [type_tcvn3, type_vni], ids=["tcvn3", "vni"])
def test_a_plan_typed_in_old_fonts_imports_as_unicode(typist: Typist, tmp_path: Path) -> None:
    original = tmp_path / "goc.docx"
    _plan("typed").save(str(original))
    legacy = _plan("typed")
    assert _retype(legacy, typist) > 30
    old = tmp_path / "cu.docx"
    legacy.save(str(old))
    raw = " ".join(p.text for p in docx.Document(str(old)).paragraphs)
    assert "hiến máu" not in raw and "Nguyễn" not in raw  # -- the bytes are not Unicode --

    folder = tmp_path / "nhap"
    folder.mkdir()
    loaded, data, rendered = import_and_render(old, folder)
    share, missing = coverage(original, rendered)
    assert share >= 0.95, missing
    document = loaded.document
    assert loaded.kind.name == "ke-hoach"
    assert (document.so, document.ngay_ban_hanh) == (12, date(2024, 3, 15))
    assert document.nguoi_ky.ho_ten == "Nguyễn Văn An"
    assert [r.ten for r in document.recipients()] == ["UBND tỉnh (b/c)", "Các huyện, thị xã"]
    text = data.read_text(encoding="utf-8")
    assert "Tổ chức vận động hiến máu tình nguyện" in text
