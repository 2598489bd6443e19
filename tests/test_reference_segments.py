"""A text's segments read once and filled per document are those of the text rendered whole.

``TextRenderer.segments`` reads a text's emphasis once (``emphasis.skeleton``) and fills
in each document's values; the oracle is the way it replaces: render the references
(``TextRenderer.text``), then ``emphasis.parse`` the result. Both must give the same
segments and the same problems, for values holding markers, backslashes, nothing, and
for literals whose markers would meet across an empty value.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc.core import limits
from vbhc.data import emphasis, references
from vbhc.data.loading import Source
from vbhc.data.references import RichValue, TextRenderer

SOURCE = Source(Path("du_lieu.yaml"), {}, "a: 1\n")
FACTS: dict[str, Any] = {
    "cd": {"ten": "Hè *đỏ*", "nam": 2023, "ngay": date(2023, 5, 1), "so": 7000,
           "rong": "", "gach": "a\\", "sao": "***", "giau": RichValue("Lễ *ra quân*"),
           "tron": RichValue("Lễ ra quân"),
           "khong": None},
    "dv": {"ten": "xã Sơn Hải"},
}
TEXTS = [
    "Chiến dịch “*{{ cd.ten }}*” - Hè năm {{ cd.nam }} trên địa bàn {{ dv.ten }}",
    "***{{ dv.ten }}*** và **{{ cd.sao }}** {{ cd.gach }}*x*",
    "*{{ cd.rong }}*",  # -- an empty value: the two stars meet as one bold marker --
    "a *{{ cd.rong }}* b",
    "\\{{ cd.ten }}",  # -- a backslash before a value escapes its first character --
    "\\\\{{ cd.sao }} *x",
    "*mở {{ dv.ten }} không đóng",
    "{{ cd.ngay }}, {{ cd.so | so }}, {{ cd.ngay | ngay(false) }} {{ cd.khong }}",
    "{{ cd.giau }} {{ dv.ten }}",
    "*{{ cd.tron }}* {{ dv.ten }}",
    "{{ cd.khong_co }} {{ dv.ten }}",
    "{{ cd.nam + 1 }} *{{ dv.ten }}*",
    "{{ dv.ten }}\n",
    "a \ue000 {{ dv.ten }}",
    "{ không phải tham chiếu } *a*",
]


def both(text: str, facts: dict[str, Any]) -> tuple[Any, Any]:
    fast = TextRenderer(facts, SOURCE)
    whole = TextRenderer(facts, SOURCE)
    segments = fast.segments(text, ("a",))
    expected = emphasis.parse(whole.text(text, ("a",)))
    return ((segments, [str(p) for p in fast.problems]),
            (expected, [str(p) for p in whole.problems]))


@pytest.mark.parametrize("text", TEXTS)
def test_filled_segments_are_the_parsed_text(text: str) -> None:
    fast, whole = both(text, FACTS)
    assert fast == whole


def test_the_filled_text_is_read_once_and_filled_per_unit() -> None:
    text = "Hội *Chữ thập đỏ* {{ dv.ten }}"
    units = [dict(FACTS, dv={"ten": f"xã {index}"}) for index in range(5)]
    references._shape.cache_clear()
    out = [TextRenderer(facts, SOURCE).segments(text, ("a",)) for facts in units]
    assert references._shape.cache_info().misses == 1
    assert [s[-1]["chu"] for s in out] == [f" xã {index}" for index in range(5)]
    out[0][0]["chu"] = "changed"  # -- fresh segments: a caller may change its own --
    assert TextRenderer(units[0], SOURCE).segments(text, ("a",))[0] == {"chu": "Hội "}


def test_a_text_past_the_limit_is_refused_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(references, "MAX_OUTPUT_CHARS", 12)
    monkeypatch.setattr(references.reference_paths, "MAX_OUTPUT_CHARS", 12)
    assert limits.MAX_OUTPUT_CHARS > 12
    for value in ("a" * 6, "*" * 4, "\\" * 3, "*" * 3):
        fast, whole = both("x {{ v }} y", {"v": value})
        assert fast == whole, value


_LITERAL = st.text(alphabet="ab *\\{}", max_size=6)
_VALUE = st.one_of(st.text(alphabet="ab *\\", max_size=4), st.integers(-5, 5),
                   st.none(), st.dates(),
                   st.builds(RichValue, st.text(alphabet="ab *\\", max_size=4)))


@settings(max_examples=500, derandomize=True, deadline=None, database=None)
@given(literals=st.lists(_LITERAL, min_size=1, max_size=5),
       values=st.lists(_VALUE, min_size=4, max_size=4))
def test_any_text_reads_as_the_parsed_text(literals: list[str], values: list[Any]) -> None:
    facts = {f"v{index}": value for index, value in enumerate(values)}
    text = "".join(literal + (f"{{{{ v{index % 4} }}}}" if index < len(literals) - 1 else "")
                   for index, literal in enumerate(literals))
    fast, whole = both(text, facts)
    assert fast == whole, text
