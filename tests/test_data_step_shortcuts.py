"""The shortcuts of a batch unit's data step give what the long way gives (issue 19).

Not timed: each shortcut is compared with the plain computation it replaces, on
varied input (hypothesis where it fits).

- a text's values are filled in by one ``str.format`` per segment (``emphasis.fill``),
  a plain path looked up without ``value_of``'s filter handling (``references._filled``):
  the segments of the text rendered whole and parsed, braces in literals and values
  included;
- a body text without references becomes its paragraph once per plan
  (``numbering._fixed``): the paragraphs of the plan run text by text, fresh each time;
- ``punctuation.clean`` is kept per text (a batch validates the shared recipients for
  every unit): what ``split_marks`` gives, every time;
- ``forms.deputy_without_kt`` is kept per lines (the model checks the signer's titles
  on every validation): what the check itself gives, for lists and tuples alike;
- the consistency walk over dates appends to one list instead of chaining a generator
  per mapping, and ``Walks.found`` takes the walk's arguments instead of a ``partial``:
  the same findings, in the same order, as the generators' walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc.core import forms
from vbhc.data import emphasis, numbering, punctuation, references
from vbhc.data.loading import Source, dotted
from vbhc.data.model import Muc
from vbhc.data.references import RichValue, TextRenderer
from vbhc.kinds import consistency

SOURCE = Source(Path("du_lieu.yaml"), {}, "a: 1\n")


# ------------------------------------------------------------------ filled texts

def _long_way(text: str, facts: dict[str, Any]) -> tuple[Any, list[str]]:
    renderer = TextRenderer(facts, SOURCE)
    return emphasis.parse(renderer.text(text, ("a",))), [str(p) for p in renderer.problems]


def _short_way(text: str, facts: dict[str, Any]) -> tuple[Any, list[str]]:
    renderer = TextRenderer(facts, SOURCE)
    return renderer.segments(text, ("a",)), [str(p) for p in renderer.problems]


# -- literals with what str.format reads (braces) and what emphasis reads (stars,
# backslashes); values likewise, of the types facts hold --
_LITERAL = st.text(alphabet="ab *\\{}0:!ữ", max_size=7)
_VALUE = st.one_of(st.text(alphabet="ab *\\{}0:!ữ", max_size=5), st.integers(-5, 5),
                   st.none(), st.dates(), st.booleans(),
                   st.builds(RichValue, st.text(alphabet="ab *\\{}", max_size=4)))
# -- lookups: a plain path, a nested one, filtered ones (the filter may refuse the value) --
_LOOKUPS = ["{{ v%d }}", "{{ m.v%d }}", "{{ v%d | so }}", "{{ m.v%d|ngay }}",
            "{{ v%d | default('x') }}", "{{ l[0].v%d }}"]


@settings(max_examples=600, derandomize=True, deadline=None, database=None)
@given(literals=st.lists(_LITERAL, min_size=1, max_size=5),
       values=st.lists(_VALUE, min_size=3, max_size=3),
       forms=st.lists(st.sampled_from(_LOOKUPS), min_size=4, max_size=4))
def test_a_filled_text_reads_as_the_text_rendered_whole(literals: list[str],
                                                        values: list[Any],
                                                        forms: list[str]) -> None:
    own = {f"v{index}": value for index, value in enumerate(values)}
    facts = dict(own, m=dict(own), l=[dict(own)])
    text = "".join(literal + (forms[index % 4] % (index % 3)
                              if index < len(literals) - 1 else "")
                   for index, literal in enumerate(literals))
    assert _short_way(text, facts) == _long_way(text, facts), text


@pytest.mark.parametrize("text", [
    "Hội {0} *{{ dv.ten }}* {1} {{{{ x }}}} và }} {",
    "{{ dv.ten }}{{ dv.ten }}",
    "*{ {{ dv.ten }} }* **{{ dv.so | so }}** {:>10}",
    "Chiến dịch “*{{ cd.ten }}*” năm {{ cd.nam }} ({{ cd.ngay | ngay }})",
])
@pytest.mark.parametrize("name", ["xã {0} {}", "{dv.ten}", "a}b{c", "*x*", "plain"])
def test_braces_in_literals_and_values_are_text(text: str, name: str) -> None:
    facts = {"dv": {"ten": name, "so": 7000},
             "cd": {"ten": RichValue(name), "nam": 2023, "ngay": date(2023, 5, 1)}}
    assert _short_way(text, facts) == _long_way(text, facts)
    if "{{{{" not in text:
        assert references._shape(text) is not None  # -- the shortcut was taken --


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(literals=st.lists(_LITERAL, min_size=2, max_size=5),
       values=st.lists(st.text(alphabet="ab{}0 ữ", min_size=1, max_size=4),
                       min_size=4, max_size=4))
def test_fill_gives_the_parsed_text_with_values_escaped(literals: list[str],
                                                         values: list[str]) -> None:
    shape = emphasis.skeleton(tuple(literals))
    if shape is None:
        return
    used = values[:len(literals) - 1]
    whole = "".join(literal + (emphasis.escape_markers(used[index])
                               if index < len(used) else "")
                    for index, literal in enumerate(literals))
    assert emphasis.fill(shape, used) == emphasis.parse(whole)


# ------------------------------------------------------------------ a body's fixed texts

BODY = [
    {"tieu_de": "Mục *đích*, yêu cầu", "doan": ["Đoạn {{ dv.ten }}", "Đoạn **cố định**"],
     "muc": [{"tieu_de": "Khoản {{ dv.ten }}", "doan": ["a"],
              "muc": [{"tieu_de": "Điểm *có tên*", "doan": ["chạy tiếp", "sau"]},
                      {"tieu_de": "Điểm", "doan": ["chạy tiếp {{ dv.ten }}"]},
                      {"doan": ["không tên \\*"], "y": ["ý {{ dv.so | so }}", "ý"]}]},
             {"doan": ["khoản không tên"], "y_nho": ["cộng"], "doan_sau": ["sau *đó*"]}]},
    {"tieu_de": "tiêu đề {{ dv.ten }} thường", "y": [{"doan": "ý", "y": ["a", "b {{ dv.ten }}"]}],
     "su_kien": True},
    {"doan": ["mục cấp I không có tiêu đề"]},
]


def _paragraphs(body: list[Muc], facts: dict[str, Any]) -> tuple[Any, list[str]]:
    renderer = TextRenderer(facts, SOURCE)
    out = numbering.number_sections(body, renderer, [{"ten": "ngày hội"}],
                                    "- {{ su_kien.ten }} {{ dv.ten }}")
    return out, [str(p) for p in renderer.problems]


def test_fixed_paragraphs_are_those_of_the_texts_rendered(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    body = [Muc.model_validate(section) for section in BODY]
    units = [{"dv": {"ten": f"xã {index} *x*", "so": 1000 * index}} for index in range(3)]
    short = [_paragraphs(body, facts) for facts in units]
    steps = numbering._plan(body, ("noi_dung",))
    assert sum(step[0] == "fixed" for step in steps) >= 8  # -- the shortcut was taken --
    monkeypatch.setattr(numbering, "_fixed", lambda step: step)
    numbering._kept = None
    long = [_paragraphs(body, facts) for facts in units]
    assert short == long
    assert any(problems for _, problems in long)  # -- the untitled mục I is still reported --


def test_fixed_paragraphs_are_fresh_for_each_unit() -> None:
    body = [Muc.model_validate(section) for section in BODY]
    facts = {"dv": {"ten": "xã A", "so": 1}}
    first, _ = _paragraphs(body, facts)
    expected, _ = _paragraphs(body, facts)
    for paragraph in first:  # -- a caller changes its own paragraphs --
        paragraph["chu"].append({"chu": "thêm"})
        for segment in paragraph["chu"]:
            segment["chu"] = "đổi"
            segment["dam"] = True
    again, _ = _paragraphs(body, facts)
    assert again == expected


# ------------------------------------------------------------------ the dates' walk

def _generators_walk(value: Any, location: tuple, year: int, year_from: str,
                     period_end: Any) -> Iterator[tuple[tuple, date, str]]:
    """The walk as it was: a generator per mapping and list (the oracle)."""
    items: Any = ()
    if isinstance(value, dict):
        if consistency._is_year(value.get("nam")):
            year, year_from = value["nam"], dotted(location + ("nam",))
        period_end = value.get("den_ngay")
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for key, item in items:
        if not location and key == "van_ban":
            continue
        if isinstance(item, (dict, list)):
            yield from _generators_walk(item, location + (key,), year, year_from, period_end)
        elif isinstance(item, date) and consistency._stale(key, item, year, period_end):
            yield location + (key,), item, f"không thuộc năm {year} ({year_from})"


_DAYS = st.dates(min_value=date(2021, 1, 1), max_value=date(2024, 12, 31))
_KEYS = st.sampled_from(["nam", "den_ngay", "tu_ngay", "ngay", "van_ban", "x"])
_LEAVES = st.one_of(_DAYS, st.integers(2021, 2024), st.text(max_size=2), st.booleans())
_DATA = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=25)


@settings(max_examples=500, derandomize=True, deadline=None, database=None)
@given(data=st.dictionaries(_KEYS, _DATA, max_size=5), year=st.integers(2021, 2024),
       period_end=st.one_of(st.none(), _DAYS))
def test_the_dates_walk_finds_what_the_generators_found(data: dict[str, Any], year: int,
                                                        period_end: Any) -> None:
    for location in ((), ("chien_dich",)):
        expected = list(_generators_walk(data, location, year, "ngay_ban_hanh", period_end))
        assert consistency._outside_their_year(data, location, year, "ngay_ban_hanh",
                                               period_end) == expected


def test_walks_found_passes_the_arguments_and_walks_once_per_object() -> None:
    walks = consistency.Walks()
    calls: list[tuple] = []

    def walk(*arguments: Any) -> Iterator[Any]:
        calls.append(arguments)
        yield from arguments

    value, other = {"a": 1}, {"a": 1}
    assert walks.found(("k",), value, walk, 1, "b") == [1, "b"]
    assert walks.found(("k",), value, walk, 2, "c") == [1, "b"]  # -- kept: not walked --
    assert walks.found(("k",), other, walk, 3) == [3]  # -- another object: walked --
    assert calls == [(1, "b"), (3,)]


# ------------------------------------------------------------------ cleaned texts, kept

@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(text=st.text(alphabet=" -–+•·*;.,:/&#a\u1eef", max_size=8),
       bullet=st.sampled_from([None, "-", "+"]),
       endings=st.sampled_from([frozenset(), punctuation.RECIPIENT_ENDINGS]))
def test_a_kept_clean_is_what_split_marks_gives(text: str, bullet: str | None,
                                               endings: frozenset[str]) -> None:
    expected = punctuation.split_marks(text, bullet, endings)[0]
    assert punctuation.clean(text, bullet, endings) == expected
    assert punctuation.clean(text, bullet, endings) == expected  # -- from the cache --


_TITLE_LINES = st.lists(st.sampled_from(
    ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "TL. CHỦ TỊCH", "PHÓ TRƯỞNG BAN", "phó chủ tịch",
     "TRƯỞNG BAN", "Q. GIÁM ĐỐC", "  PHÓ GIÁM ĐỐC ", "TUQ. GIÁM ĐỐC", ""]), max_size=4)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(lines=_TITLE_LINES)
def test_a_kept_deputy_check_is_the_check(lines: list[str]) -> None:
    expected = forms._deputy_without_kt.__wrapped__(tuple(lines))
    assert forms.deputy_without_kt(lines) == expected
    assert forms.deputy_without_kt(tuple(lines)) == expected
    lines.append("PHÓ TRƯỞNG BAN")  # -- the caller's list changed: kept by its content --
    assert forms.deputy_without_kt(lines) == forms._deputy_without_kt.__wrapped__(tuple(lines))
