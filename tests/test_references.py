"""References in data text: substituted once, sandboxed, emphasis kept literal in values."""

from __future__ import annotations

from pathlib import Path

import pytest

from vbhc.core.errors import DataError
from vbhc.data import emphasis
from vbhc.data.loading import Source
from vbhc.data.references import TextRenderer


def renderer(facts: dict) -> TextRenderer:
    return TextRenderer(facts, Source(Path("du_lieu.yaml"), {}, "a: 1\n"))


def test_values_are_inserted_once_and_never_evaluated() -> None:
    text = renderer({"ten": "{{ 7*7 }} **đậm** & <x>"})
    assert text.text("Tên: {{ ten }}", ("a",)) == r"Tên: {{ 7\*7 }} \*\*đậm\*\* & <x>"
    segments = text.segments("“*{{ ten }}*”", ("a",))
    assert emphasis.plain(segments) == "“{{ 7*7 }} **đậm** & <x>”"
    assert segments[1] == {"chu": "{{ 7*7 }} **đậm** & <x>", "nghieng": True}


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ten.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
])
def test_sandbox_escapes_are_clean_errors(expression: str) -> None:
    text = renderer({"ten": "a"})
    text.text(expression, ("a",))
    with pytest.raises(DataError) as error:
        text.raise_problems()
    assert "tham chiếu" in str(error.value.message)


def test_filters_format_numbers_and_dates() -> None:
    from datetime import date

    text = renderer({"n": 3000, "d": date(2023, 6, 14)})
    assert text.text("{{ n|so }} ({{ n|ti_le(7000) }}) {{ d }} {{ d|ngay(false) }}",
                     ("a",)) == "3.000 (43%) 14/6/2023 14/6"
