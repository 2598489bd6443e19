"""Plain ``{{ path | filter }}`` references are evaluated without Jinja, to the same text.

The oracle is the Jinja sandbox itself (``references._environment``): every text here
is also rendered through it and the two must agree, in the text or in the problem
reported to the clerk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vbhc.data import reference_paths, references
from vbhc.data.loading import Source
from vbhc.data.references import RichValue, TextRenderer

FACTS: dict[str, Any] = {
    "chien_dich": {"nam": 2023, "ten": "Hè *đỏ*", "tu_ngay": date(2023, 5, 1),
                   "den_ngay": date(2023, 8, 31), "so": 7000, "chi_tieu": 550,
                   "su_kien": RichValue("Lễ *ra quân*"), "rong": None},
    "lich": [{"cau": "buổi một"}, {"cau": "buổi hai"}],
    "none": "không phải None",
    "ky_tu": "{{ 7*7 }} & <x>",
}

SIMPLE = [
    "Năm {{ chien_dich.nam }}",
    "“*{{ chien_dich.ten }}*” - Hè năm {{chien_dich.nam}}",
    "{{ lich[1].cau }}; {{ lich[0].cau }}",
    "{{ chien_dich.so|so }} đơn vị, {{ chien_dich.so | so_van_ban }}",
    "từ {{ chien_dich.tu_ngay|khoang_ngay(chien_dich.den_ngay) }}",
    "{{ chien_dich.tu_ngay | ngay(false) }} và {{ chien_dich.tu_ngay }}",
    "đạt {{ chien_dich.so|ti_le(chien_dich.chi_tieu, 1) }}",
    "{{ chien_dich.su_kien }} {{ ky_tu }} {{ chien_dich.rong }}",
    "} {{ chien_dich.nam }} { }}",
    "{{ chien_dich.so|so() }}",
]
NEEDS_JINJA = [
    "{{ none }}",  # a Jinja constant, not the key
    "dòng\n{{ chien_dich.nam }}\n",  # Jinja drops the last newline
    "{{ chien_dich.nam + 1 }}",
    "{% if chien_dich.nam %}có{% endif %} {{ chien_dich.nam }}",
    "{{- chien_dich.nam }}",
    "{{ chien_dich['nam'] }}",
]
FAILING = [
    "{{ chien_dich.khong_co }}",
    "{{ lich[2].cau }}",
    "{{ chien_dich.nam|khong_co_bo_loc }}",
    "{{ chien_dich.so|ti_le(0) }}",
    "{{ chien_dich.ten.__class__ }}",
    "{{ chien_dich.so|so(1) }}",
    "{{ chien_dich.so|ti_le(chien_dich.khong_co) }}",
    "{{ chien_dich.so|ti_le(chien_dich.chi_tieu, 'x') }}",
]


def sandbox(text: str) -> str:
    return references._environment().render(references._compile(text), FACTS)


def problems(text: str) -> list[str]:
    renderer = TextRenderer(FACTS, Source(Path("du_lieu.yaml"), {}, "a: 1\n"))
    out = renderer.text(text, ("a",))
    return [out, *(str(p) for p in renderer.problems)]


@pytest.mark.parametrize("text", SIMPLE + NEEDS_JINJA)
def test_the_text_is_the_sandboxes(text: str) -> None:
    assert references.render_text(text, FACTS) == sandbox(text)


@pytest.mark.parametrize("text", SIMPLE)
def test_plain_references_compile_no_template(text: str) -> None:
    assert reference_paths.plan(text) is not None
    misses = references._compile.cache_info().misses
    references.render_text(text, FACTS)
    assert references._compile.cache_info().misses == misses


@pytest.mark.parametrize("text", NEEDS_JINJA)
def test_anything_else_goes_to_jinja(text: str) -> None:
    pieces = reference_paths.plan(text)
    assert pieces is None or reference_paths.evaluate(
        pieces, FACTS, references._finalize, references._environment().filters) \
        is reference_paths.MISS


@pytest.mark.parametrize("text", FAILING)
def test_errors_are_left_to_the_sandbox(text: str) -> None:
    # -- a reference that fails is never answered by the plain path: the sandbox renders
    # it and reports the problem the clerk sees --
    pieces = reference_paths.plan(text)
    assert pieces is None or reference_paths.evaluate(
        pieces, FACTS, references._finalize, references._environment().filters) \
        is reference_paths.MISS
    reported = problems(text)
    assert reported[0] == text  # the text kept as typed
    assert len(reported) == 2 and "tham chiếu" in reported[1], reported
