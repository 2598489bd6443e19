"""C34: template tags left in the document ({{ x }}, {% … %}): the file is unfinished.

A template opened in Word, or a document whose data was never filled in, still
shows the docxtpl/Jinja tags; printing it would send the tags out. Every story
is read (body, tables, text boxes, headers, footers), one paragraph at a time
so that a tag split over several runs is still found.
"""

from __future__ import annotations

import re

from .docmodel import CheckedDoc
from .locate import Layout
from .model import Findings
from .rulekit import where
from .rules_page import story_paras, text_of
from .textkit import quote

# A whole tag first; an opening or closing marker alone (a tag split by a hand edit) next.
MAX_LISTED = 5
TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%|%\}|\}\}")


def check_template_tags(doc: CheckedDoc, layout: Layout, out: Findings) -> None:
    """C34: no ``{{ … }}`` / ``{% … %}`` tag is left anywhere in the document."""
    found = []
    for p_el, para in story_paras(doc):
        text = text_of(p_el)
        tags = TAG_RE.findall(text)
        if tags:
            place = where(para) if para is not None else f"đầu/chân trang {quote(text)}"
            found.append((place, ", ".join(quote(tag) for tag in dict.fromkeys(tags))))
    required = ("văn bản hoàn chỉnh, không còn {{ … }} hay {% … %} "
                "(tạo lại bằng vbhc render từ tệp dữ liệu)")
    # -- a whole template has dozens: the first few say enough, then a count --
    for place, shown in found[:MAX_LISTED]:
        out.fail("C34", place, f"còn thẻ mẫu chưa điền dữ liệu: {shown}", required)
    if len(found) > MAX_LISTED:
        out.fail("C34", "văn bản", f"còn {len(found) - MAX_LISTED} đoạn khác có thẻ mẫu",
                 required)
