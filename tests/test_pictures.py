"""Geometry of the electronic form's pictures (no LibreOffice needed)."""

from __future__ import annotations

import pytest

from tests.png_tools import seal_png, signature_png
from vbhc.document.pictures import EMU_PER_INCH, NotPng, Picture, layout, space_line_points

COLUMN, SPACE = 5145 * 635, 1701 * 635  # the signature column and a 3 cm space, in EMU
MM = EMU_PER_INCH / 25.4


def test_png_size_comes_from_its_resolution() -> None:
    seal = Picture.from_png(seal_png(36, dpi=150))
    assert abs(seal.size[0] / MM - 36) < 0.2 and seal.alpha
    with pytest.raises(NotPng):
        Picture.from_png(b"GIF89a")


def test_signature_centred_and_seal_over_its_left_third() -> None:
    sig, seal = layout(Picture.from_png(signature_png()), Picture.from_png(seal_png(36)),
                       column=COLUMN, space=SPACE)
    assert sig is not None and seal is not None
    assert abs(sig.x + sig.width / 2 - COLUMN / 2) <= 1
    assert abs(sig.y + sig.height / 2 - SPACE / 2) <= 1
    assert abs(seal.x + seal.width - (sig.x + sig.width / 3)) <= 1
    assert abs(seal.width / MM - 36) < 0.2  # actual size, never scaled


def test_a_tall_signature_is_scaled_into_the_space() -> None:
    for space in (SPACE, SPACE // 2):
        sig, _ = layout(Picture.from_png(signature_png(40, 60)), None, column=COLUMN,
                        space=space)
        assert sig is not None
        assert abs(sig.height - min(26 * MM, space)) <= 1  # 2.6 cm at most, or the space
        assert abs(sig.y + sig.height / 2 - space / 2) <= 1
        assert abs(sig.width / sig.height - 40 / 60) < 0.02


def test_space_line_height_follows_the_style() -> None:
    exact = ('<w:style w:type="paragraph" w:styleId="VBChoKy"><w:pPr><w:spacing w:before="0" '
             'w:after="0" w:line="425" w:lineRule="exact"/></w:pPr></w:style>')
    auto = exact.replace('w:line="425" w:lineRule="exact"', 'w:line="240" w:lineRule="auto"')
    assert space_line_points(exact) == 21.25
    assert abs(space_line_points(auto) - 14 * 1.15) < 0.01
