"""Template filters that turn data into WordprocessingML: emphasis segments into runs, rules.

Segments come from ``vbhc.data.emphasis``; templates place them with ``{{r … | runs }}``.
"""

from __future__ import annotations

from markupsafe import Markup

from vbhc.data.emphasis import Segment
from vbhc.document import docxml
from vbhc.document.chart import picture_paragraph


def runs(segments: list[Segment] | str) -> Markup:
    """Return Word runs for ``segments`` (template filter ``runs``, used as ``{{r … }}``)."""
    if isinstance(segments, str):
        segments = [{"chu": segments}]
    return Markup("".join(
        docxml.run(s["chu"], bold=s.get("dam", False), italic=s.get("nghieng", False))
        for s in segments))


def rule(geometry: dict[str, int]) -> Markup:
    """Return a rule paragraph (template filter ``ke``, used as ``{{p … }}``)."""
    return Markup(docxml.rule_paragraph(geometry["dai"], geometry["khung"]))


TEMPLATE_FILTERS = {"runs": runs, "ke": rule, "hinh": picture_paragraph}
