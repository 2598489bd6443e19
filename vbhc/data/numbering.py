"""Number the body's section tree: I., II. …; 1., 2. … per mục; a), b) … with đ.

Numbers are computed, never typed and never left to Word's list numbering (which
restarts wrongly inside template loops), so inserting a section renumbers
everything after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vbhc.core.formatting import point_letter, roman
from vbhc.data import emphasis
from vbhc.data.model import Muc, Y
from vbhc.data.references import RichValue, TextRenderer

Paragraph = dict[str, Any]  # {"kieu": level name, "chu": segments}
MAX_DEPTH = 3


def number_sections(sections: Sequence[Muc], renderer: TextRenderer,
                    events: Sequence[Any] = (), event_text: str = "",
                    root: tuple = ("noi_dung",)) -> list[Paragraph]:
    """Return the body as numbered paragraphs, each with its level and its runs."""
    out: list[Paragraph] = []
    for index, section in enumerate(sections, start=1):
        _section(out, section, 1, str(index), roman(index) + ".", renderer, events, event_text,
                 root + (index - 1,))
    return out


def _para(kind: str, segments: list[emphasis.Segment]) -> Paragraph:
    return {"kieu": kind, "chu": segments}


def _section(out: list[Paragraph], section: Muc, depth: int, number: str, label: str,
             renderer: TextRenderer, events: Sequence[Any], event_text: str,
             where: tuple) -> None:
    if depth > MAX_DEPTH:
        renderer.problems.append(renderer.source.problem(
            where, f"nội dung chỉ có {MAX_DEPTH} cấp đánh số (I., 1., a)); hãy dùng 'y'"))
        return
    paragraphs = [(text, where + ("doan", i)) for i, text in enumerate(section.doan)]
    head = [{"chu": label + " "}]
    if section.tieu_de:
        title = renderer.segments(section.tieu_de, where + ("tieu_de",))
        if depth == 1:
            title = [dict(s, chu=s["chu"].upper()) for s in title]
        if depth == 3 and paragraphs:
            # -- a titled điểm runs on: "a) Title: text" in one paragraph --
            text, location = paragraphs.pop(0)
            title = title + [{"chu": " "}] + renderer.segments(text, location)
        kind = {1: "muc", 2: "khoan_tieu_de", 3: "diem"}[depth]
        out.append(_para(kind, head + title))
    elif depth == 1:
        renderer.problems.append(renderer.source.problem(where, "mục cấp I cần 'tieu_de'"))
    else:
        text, location = paragraphs.pop(0)
        out.append(_para("khoan" if depth == 2 else "diem",
                         head + renderer.segments(text, location)))
    for text, location in paragraphs:
        out.append(_para("doan", renderer.segments(text, location)))
    for i, item in enumerate(section.y):
        _item(out, item, renderer, where + ("y", i))
    for i, text in enumerate(section.y_nho):
        out.append(_para("y_nho", [{"chu": "+ "}] + renderer.segments(text, where + ("y_nho", i))))
    if section.su_kien:
        for event in events:
            rich = {k: RichValue(v) if isinstance(v, str) else v for k, v in event.items()}
            facts = dict(renderer.facts, su_kien=rich)
            event_renderer = TextRenderer(facts, renderer.source)
            segments = event_renderer.segments(event_text, ("chien_dich", "mau_su_kien"))
            renderer.problems += event_renderer.problems
            out.append(_para("y", [{"chu": "- "}] + segments))
    for index, child in enumerate(section.muc, start=1):
        if depth == 1:
            child_number, child_label = str(index), f"{index}."
        elif section.danh_so == "thap_phan":
            child_number = f"{number}.{index}"
            child_label = child_number + "."
        else:
            child_number, child_label = point_letter(index), point_letter(index) + ")"
        _section(out, child, depth + 1, child_number, child_label, renderer, events,
                 event_text, where + ("muc", index - 1))
    for i, text in enumerate(section.doan_sau):
        out.append(_para("doan", renderer.segments(text, where + ("doan_sau", i))))


def _item(out: list[Paragraph], item: str | Y, renderer: TextRenderer, where: tuple) -> None:
    if isinstance(item, str):
        out.append(_para("y", [{"chu": "- "}] + renderer.segments(item, where)))
        return
    out.append(_para("y", [{"chu": "- "}] + renderer.segments(item.doan, where + ("doan",))))
    for i, sub in enumerate(item.y):
        out.append(_para("y_nho", [{"chu": "+ "}] + renderer.segments(sub, where + ("y", i))))
