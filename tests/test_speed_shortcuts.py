"""The per-document shortcuts of the engine give what the long way gives (issue 19).

Not timed: each shortcut taken on the path every document follows is compared
with the plain computation it replaces, on varied input.

- ``{{ … }}`` in a .docx template prints with one call (``xml_output``) instead of
  Jinja's ``escape(finalize(…))``: the same text for every kind of value, and the
  same rendered template as Jinja's own code generator gives;
- docxtpl's listing pass is run exactly when the rendered body holds one of its
  characters.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from hypothesis import given
from hypothesis import strategies as st
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

from vbhc.core.sandbox import Sandbox, xml_output, xml_safe
from vbhc.document import engine
from vbhc.document.richtext import TEMPLATE_FILTERS

# -- text drawn mostly from what escaping and XML care about, and some Vietnamese --
_SPECIAL = "&<>'\"\x00\x01\x08\x0b\x0c\x0e\x1f\t\n\r\ufffe\uffff\ufffd "
TEXT = st.text(alphabet=st.sampled_from(list(_SPECIAL) + list("aăâđêôơưẠỹ0;#x"))
               | st.characters(), max_size=40)
VALUES = st.one_of(TEXT, TEXT.map(Markup), st.integers(), st.floats(allow_nan=False),
                   st.none(), st.booleans(), st.lists(TEXT, max_size=3))


@given(VALUES)
def test_xml_output_prints_what_escape_of_xml_safe_prints(value: Any) -> None:
    assert str(xml_output(value)) == str(escape(xml_safe(value)))


class _JinjasOwn(Sandbox):
    code_generator_class = CodeGenerator


def _environments() -> tuple[Sandbox, Sandbox]:
    fused, plain = (kind(autoescape=True, finalize=xml_safe) for kind in (Sandbox, _JinjasOwn))
    for env in (fused, plain):
        env.filters.update(TEMPLATE_FILTERS)
    return fused, plain


SOURCE = ("<w:p>{{ a }}|{{ a ~ b }}|{{ b|runs }}|{{ n }}|{% for x in items %}{{ x }},{% endfor %}"
          "{% set kept %}<{{ a }}>{% endset %}{{ kept }}|{{ '&' }}{{ missing is defined }}"
          "{% autoescape false %}{{ a }}{% endautoescape %}</w:p>")


@given(TEXT, TEXT, st.integers(), st.lists(st.one_of(TEXT, st.integers()), max_size=4))
def test_a_template_prints_as_with_jinjas_own_code_generator(a: str, b: str, n: int,
                                                              items: list[Any]) -> None:
    fused, plain = _environments()
    context = {"a": a, "b": b, "n": n, "items": items}
    assert (fused.render(fused.from_string(SOURCE), context)
            == plain.render(plain.from_string(SOURCE), context))


def test_the_fused_call_is_what_a_docx_template_is_compiled_to() -> None:
    # -- if Jinja renamed the hooks, templates would silently print the long way --
    code = engine.template_environment().compile("<w:t>{{ a }}</w:t>", raw=True)
    assert "environment.xml_output(" in code and "escape(" not in code
    # -- elsewhere (no xml_safe finalize, no autoescape) Jinja's code is left as it is --
    other = Sandbox(autoescape=False).compile("{{ a }}", raw=True)
    assert "xml_output" not in other


def test_a_strict_undefined_still_fails_when_printed() -> None:
    env = engine.template_environment()
    try:
        env.render(env.from_string("{{ nothing }}"), {})
    except jinja2.UndefinedError:
        return
    raise AssertionError("an unknown name printed without an error")


@given(st.text(alphabet=st.sampled_from(list("\t\n\a\f\r\x0b ab<>&ạ")), max_size=30))
def test_the_listing_pass_runs_exactly_for_its_characters(text: str) -> None:
    assert engine._has_listing_chars(text) == bool(re.search("[\t\n\a\f]", text))
