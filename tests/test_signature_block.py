"""The Nơi nhận + signature block: room for the signature and seal, forms of 7a (§8)."""

from __future__ import annotations

import pytest
from docx.text.paragraph import Paragraph

from tests.docx_tools import open_docx, para_format, runs_format

CM = 567  # twips
TNR_SINGLE = 1.15  # Times New Roman's single line is 1.15 × the font size (reference §1)


def _height_twips(paragraph: Paragraph) -> float:
    """Return the printed height of an empty paragraph: its line plus its spacing."""
    fmt = para_format(paragraph)
    size = next((f.size_pt for f in runs_format(paragraph) if f.size_pt), None)
    if size is None:  # -- an empty paragraph has no run: its style's size --
        style = paragraph.style
        while style is not None and style.font.size is None:
            style = style.base_style
        size = style.font.size.pt if style is not None else 11
    single = TNR_SINGLE * size * 20
    if fmt.line_rule == "exact":
        line = fmt.line
    elif fmt.line_rule == "atLeast":
        line = max(fmt.line, single)
    else:
        line = single * (fmt.line or 240) / 240
    return line + fmt.before_twips + fmt.after_twips


@pytest.mark.parametrize(("kind", "data"), [("ke-hoach", "lao_cai_2023.yaml"),
                                             ("bao-cao", "tam_duong_2023.yaml"),
                                             ("ke-hoach", "ngoc_thuy_2023_dot2.yaml")])
def test_signature_space_is_about_3_cm(rendered, kind: str, data: str) -> None:  # noqa: ANN001
    document = open_docx(rendered(kind, data))
    right = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text
                 == "Nơi nhận:").rows[0].cells[1]
    paragraphs = right.paragraphs
    first_empty = next(i for i, p in enumerate(paragraphs) if not p.text.strip())
    after = next(i for i in range(first_empty, len(paragraphs)) if paragraphs[i].text.strip())
    space = sum(_height_twips(p) for p in paragraphs[first_empty:after])
    # -- §8: ≈ 3 cm for the ink signature and the seal (4 single 14 pt lines were 2.3 cm) --
    assert 2.9 * CM <= space <= 3.5 * CM, f"{space / CM:.2f} cm"
    assert after - first_empty >= 2  # -- C22 counts the empty lines --


@pytest.mark.parametrize(("kind", "data"), [("ke-hoach", "lao_cai_2023.yaml"),
                                             ("bao-cao", "tam_duong_2023.yaml")])
def test_closing_paragraph_keeps_with_the_block(rendered, kind: str, data: str) -> None:  # noqa: ANN001
    document = open_docx(rendered(kind, data))
    table = next(t for t in document.tables
                 if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    previous = table._tbl.getprevious()
    closing = Paragraph(previous, document._body)
    # -- no blank spacer: the closing paragraph itself sits above the table … --
    assert closing.text.endswith("./.")
    # -- … keeps with it on one page, and gives the gap above it (≥ 6 pt) --
    assert closing.paragraph_format.keep_with_next or closing.style.paragraph_format.keep_with_next
    assert para_format(closing).after_twips >= 120
