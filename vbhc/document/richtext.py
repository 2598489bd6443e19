"""Template filters that turn data into WordprocessingML: emphasis segments into runs, rules.

Segments come from ``vbhc.data.emphasis``; templates place them with ``{{r … | runs }}``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from vbhc.data.emphasis import Segment
from vbhc.document import blocks, docxml
from vbhc.document.chart import picture_paragraph
from vbhc.document.tables import grid


def runs(segments: list[Segment] | str) -> Markup:
    """Return Word runs for ``segments`` (template filter ``runs``, used as ``{{r … }}``)."""
    if isinstance(segments, str):
        segments = [{"chu": segments}]
    # -- "not not": bool() without a call, on the path of every paragraph --
    key = tuple([(s["chu"], not not s.get("dam"), not not s.get("nghieng")) for s in segments])
    for text, _, _ in key:
        if type(text) is not str:  # -- Markup or a number: not kept --
            return _joined(key)
    return _runs(key)


@lru_cache(maxsize=1024)  # -- the units of a batch share most of their paragraphs --
def _runs(key: tuple[tuple[str, bool, bool], ...]) -> Markup:
    return _joined(key)


def _joined(key: tuple[tuple[Any, bool, bool], ...]) -> Markup:
    return _markup("".join([docxml.run(text, bold=bold, italic=italic)
                            for text, bold, italic in key]))


def _markup(xml: str) -> Markup:
    """Return ``Markup(xml)`` for a plain str, without Markup's own checks (a third of a run).

    ``Markup(s)`` is ``str.__new__(Markup, s)`` once it has found no ``__html__`` on s.
    """
    return str.__new__(Markup, xml)


def rule(geometry: dict[str, int]) -> Markup:
    """Return a rule paragraph (template filter ``ke``, used as ``{{p … }}``)."""
    return Markup(docxml.rule_paragraph(geometry["dai"], geometry["khung"],
                                        before=geometry.get("truoc", 0),
                                        after=geometry.get("sau", 0)))


def quota_table(table: dict[str, Any]) -> Markup:
    """Return an annex's quota table (template filter ``bang_chi_tieu``, as ``{{p … }}``)."""
    return Markup(blocks.quota_table_xml(table))


TEMPLATE_FILTERS = {"runs": runs, "ke": rule, "bang_chi_tieu": quota_table,
                    "hinh": picture_paragraph, "bang": grid}
