"""The committed templates are what the builder makes, slim, and open in python-docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.docx_tools import open_docx
from vbhc.kinds import KINDS, template_build


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_template_matches_the_builder(kind: str) -> None:
    spec = KINDS[kind]
    expected = template_build.kind_members(spec)
    with zipfile.ZipFile(spec.template_path) as archive:
        committed = {name: archive.read(name) for name in archive.namelist()}
    assert committed == expected, "run: python -m vbhc.kinds.template_build"


def test_the_builder_writes_where_the_kinds_read() -> None:
    """``python -m vbhc.kinds.template_build`` (README) rewrites the committed templates."""
    for kind in KINDS.values():
        assert (template_build.TEMPLATES_DIR / kind.template_name).resolve() == \
            kind.template_path.resolve()
    assert template_build.TEMPLATES_DIR.resolve() == \
        Path(__file__).resolve().parent.parent / "templates_docx"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_template_is_slim_and_opens(kind: str) -> None:
    path = KINDS[kind].template_path
    assert path.stat().st_size < 30_000
    document = open_docx(path)
    styles = {s.name for s in document.styles}
    assert {"VB Mục (I.)", "VB Quốc hiệu", "VB Nơi nhận", "VB Phụ lục (nhãn)"} <= styles
    assert len(styles) < 50  # -- the frame, the body levels and the kinds' own parts; no bloat --


def test_frame_has_one_source() -> None:
    """Every kind's template holds the same frame XML, produced by vbhc.document.frame only."""
    from vbhc.document import frame

    for kind in (k for k in KINDS.values() if k.framed):
        parts = kind.document_blocks()
        # -- a kind picks frame blocks (Công văn: V/v header, no tên loại; Biên bản: two
        # signers) but never writes its own copy of one --
        header = frame.header_block(subject_line=frame.title_block() not in parts)
        blocks = [header] + [b for b in (frame.title_block(), frame.signature_block())
                             if b in parts]
        with zipfile.ZipFile(kind.template_path) as archive:
            document = archive.read("word/document.xml").decode("utf-8")
        assert all(document.count(block) == 1 for block in blocks)
        assert frame.signature_block() in parts or kind.name == "bien-ban"
