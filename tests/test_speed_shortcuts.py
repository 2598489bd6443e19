"""The per-document shortcuts of the engine give what the long way gives (issue 19).

Not timed: each shortcut taken on the path every document follows is compared
with the plain computation it replaces, on varied input.

- ``{{ … }}`` in a .docx template prints with one call (``xml_output``) instead of
  Jinja's ``escape(finalize(…))``: the same text for every kind of value, and the
  same rendered template as Jinja's own code generator gives;
- docxtpl's listing pass is run exactly when the rendered body holds one of its
  characters;
- the Word runs of segments are made as ``Markup`` makes them;
- the canonical reading finds a paragraph's and a run's properties with a
  possessive loop instead of ``.*?``: the same elements on any text; it keeps what
  comes before a part's first paragraph apart from the paragraphs it keeps, and
  keeps no stretch holding what it rewrites (fields' results, text boxes' fallback
  copies), so that a part is rewritten exactly when a stretch not kept says so.
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
from vbhc.document import canonical, docxml, engine, richtext
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


SEGMENT = st.fixed_dictionaries({"chu": TEXT}, optional={"dam": st.booleans(),
                                                          "nghieng": st.integers(0, 2)})


@given(st.lists(SEGMENT, max_size=4))
def test_runs_are_the_markup_of_their_runs(segments: list[dict[str, Any]]) -> None:
    made = richtext.runs(segments)
    expected = Markup("".join(docxml.run(s["chu"], bold=bool(s.get("dam")),
                                         italic=bool(s.get("nghieng"))) for s in segments))
    assert type(made) is Markup and made == expected
    assert richtext.runs(segments) == expected  # -- kept, asked again --


# -- the element pattern as it was written first (vbhc-3's reading): ``.*?`` up to the
# closing tag of a paragraph's or a run's properties --
_LAZY = re.compile(r"(<w:(?:p(?=[\s>])[^>]*>(?:<w:pPr>.*?</w:pPr>)?"
                   r"|r(?=[\s>])[^>]*>(?:<w:rPr>.*?</w:rPr>)?(?:<w:t(?=[\s>])[^>]*>)?"
                   r"|t(?=[\s>])[^>]*>|instrText\b[^>]*>|fldSimple\b[^>]*>"
                   r"|(?:tab|br|cr|tr|tc|drawing|pict|object|commentReference|footnoteReference"
                   r"|endnoteReference|sym|pgSz|pgMar)(?=[\s/>])[^>]*>))([^<]*)", re.DOTALL)
# -- pieces of WordprocessingML put together at random: whole tags and text ... --
_WHOLE = [
    "<w:p>", '<w:p w:rsidR="1">', "<w:pPr>", "</w:pPr>", '<w:pStyle w:val="VBDoan"/>',
    '<w:jc w:val="center"/>', "<w:r>", '<w:r w:rsidR="2">', "<w:rPr>", "</w:rPr>", "<w:b/>",
    '<w:i w:val="0"/>', "<w:t>", '<w:t xml:space="preserve">', "</w:t>", "</w:r>", "</w:p>",
    "<w:tab/>", "<w:tc>", "<w:tr>", "<w:sectPr>", '<w:pgSz w:w="11906" w:h="16838"/>',
    "<w:instrText>", " PAGE ", "a", "Việt ", "&amp;", "\t",
    # -- what the reading rewrites before reading: a stretch holding it is never kept --
    '<w:fldChar w:fldCharType="separate"/>', '<w:fldChar w:fldCharType="end"/>',
    '<w:fldSimple w:instr="PAGE">', "</w:fldSimple>", "<mc:Fallback>", "</mc:Fallback>"]
WELL_FORMED = st.lists(st.sampled_from(_WHOLE), max_size=40).map("".join)
# -- ... and broken ones, also inside properties (where the patterns differ) --
_BROKEN = st.sampled_from([*_WHOLE, "<w:p\n>", "</w:pP", "</w:pPx", "<w:pPr", "</w:rP",
                           "</w:rPr", "<", ">", "/", "<w:p", "<w:r"])
# -- a paragraph's or run's properties, closed or not, holding tags and near-closing tags --
_PROPERTIES = st.builds(
    lambda kind, inner, closed: f"<w:{kind}><w:{kind}Pr>{''.join(inner)}"
                                + (f"</w:{kind}Pr>" if closed else ""),
    st.sampled_from(["p", "r"]),
    st.lists(st.sampled_from(["<w:b/>", "</w:pP", "</w:pPx>", "</w:rP", "</w:rPx>", "<", "/",
                              "a", "</w:pPr>", "</w:rPr>", '<w:pStyle w:val="A"/>']), max_size=6),
    st.booleans())
XML = st.lists(_BROKEN | _PROPERTIES, max_size=30).map("".join)


@given(XML)
def test_the_element_pattern_finds_what_the_lazy_one_finds(xml: str) -> None:
    assert canonical._ELEMENT.pattern != _LAZY.pattern
    assert canonical._ELEMENT.findall(xml) == _LAZY.findall(xml)


def _outcome(read: Any, *args: Any) -> Any:
    """Return what ``read(*args)`` gives, or the kind of error it raises."""
    try:
        return read(*args)
    except Exception as error:  # noqa: BLE001 -- a tag like "<w:p\t>" is not read either way
        return type(error)


@given(st.lists(WELL_FORMED, min_size=1, max_size=6))
def test_a_readers_openings_and_paragraphs_read_as_from_scratch(bodies: list[str]) -> None:
    reader = canonical.Reader("")
    # -- first two that would be confused if openings were kept with the stretches: the
    # opening ">…" (no paragraph) and the same stretch of "<w:p>…" (a paragraph) --
    run = "<w:r><w:t>x</w:t></w:r>"
    for body in [">" + run, run, *bodies, *bodies]:  # -- the second time, from what was kept --
        for xml in (body, "<w:p>" + body, body + "<w:p>x"):
            fresh = _outcome(canonical.text_part, xml, reader.names, reader.default)
            kept = _outcome(reader.part, "word/document.xml", xml)
            assert kept == (fresh if isinstance(fresh, type) else ("word/document.xml", fresh))
    assert len(reader.memo.openings) <= 2 * len(bodies) + 4


def test_a_fields_result_over_paragraphs_is_left_out_after_its_start_was_kept() -> None:
    # -- the first part's stretches, rewritten, hold the field's start; in the second the
    # start comes again, with a result in the next paragraph that rewriting removes --
    start = '<w:p><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>'
    end = '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    result = "<w:p><w:r><w:t>trang 1</w:t></w:r></w:p>"
    reader = canonical.Reader("")
    for xml in (start + end, start + result + end):
        fresh = canonical.text_part(xml, reader.names, reader.default)
        assert reader.part("word/document.xml", xml) == ("word/document.xml", fresh)
        assert "trang 1" not in fresh


def test_render_is_its_three_steps_that_the_benchmark_times_one_by_one() -> None:
    """``benchmarks/batch.py`` times render_parts, fingerprint and package apart: together
    they must be the very document ``render`` gives; a template compiled without the
    stamp packs no fingerprint, and its document still opens."""
    import io
    import zipfile
    from pathlib import Path

    from docx import Document

    from vbhc.document import fingerprint
    from vbhc.pipeline.render import load

    root = Path(__file__).resolve().parents[1]
    loaded = load("ke-hoach", root / "data" / "lao_cai_2023.yaml")
    compiled = engine.compiled_template(loaded.kind.template_path)
    parts = compiled.render_parts(loaded.context)
    stamp = compiled.fingerprint(parts)
    whole = compiled.render(loaded.context)
    assert compiled.package(parts, stamp) == whole == compiled.package(parts)
    with zipfile.ZipFile(io.BytesIO(whole)) as archive:
        assert stamp in archive.read(fingerprint.CUSTOM_PART).decode()
    plain = engine.compiled_template(loaded.kind.template_path, stamp=False)
    bare = plain.package(plain.render_parts(loaded.context))
    with zipfile.ZipFile(io.BytesIO(bare)) as archive:
        assert fingerprint.CUSTOM_PART not in archive.namelist()
    text = "\n".join(p.text for p in Document(io.BytesIO(bare)).paragraphs)
    assert "Những giọt máu hồng" in text
