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
from vbhc.data.references import RichValue, TextRenderer, fixed_segments

Paragraph = dict[str, Any]  # {"kieu": level name, "chu": segments}
MAX_DEPTH = 3


def number_sections(sections: Sequence[Muc], renderer: TextRenderer,
                    events: Sequence[Any] = (), event_text: str = "",
                    root: tuple = ("noi_dung",)) -> list[Paragraph]:
    """Return the body as numbered paragraphs, each with its level and its runs."""
    return _run(_plan(sections, root), renderer, events, event_text)


def _run(steps: list[Step], renderer: TextRenderer, events: Sequence[Any] = (),
         event_text: str = "") -> list[Paragraph]:
    """Return the paragraphs of planned ``steps``, their texts rendered by ``renderer``."""
    out: list[Paragraph] = []
    for step in steps:
        if step[0] is _FIXED:
            # -- fresh segments each time: a caller may change its own --
            out.append({"kieu": step[1], "chu": [dict(items) for items in step[2]]})
        elif step[0] is _TEXT:
            _, kind, head, text, location, upper, run_on = step
            out.append(_paragraph(kind, head, renderer.segments(text, location), upper,
                                  None if run_on is None else renderer.segments(*run_on)))
        elif step[0] is _EVENTS:
            for event in events:
                rich = {k: RichValue(v) if isinstance(v, str) else v for k, v in event.items()}
                facts = dict(renderer.facts, su_kien=rich)
                event_renderer = TextRenderer(facts, renderer.source)
                segments = event_renderer.segments(event_text, ("chien_dich", "mau_su_kien"))
                renderer.problems += event_renderer.problems
                out.append(_para("y", [{"chu": "- "}] + segments))
        else:
            renderer.problems.append(renderer.source.problem(step[1], step[2]))
    return out


def _paragraph(kind: str, head: str | None, segments: list[emphasis.Segment], upper: bool,
               run_on: list[emphasis.Segment] | None) -> Paragraph:
    """Return a text step's paragraph from its text's segments (and its run-on text's)."""
    if upper:
        segments = [dict(s, chu=s["chu"].upper()) for s in segments]
    if run_on is not None:
        segments = segments + [{"chu": " "}] + run_on
    return _para(kind, [{"chu": head}] + segments if head else segments)


def _para(kind: str, segments: list[emphasis.Segment]) -> Paragraph:
    return {"kieu": kind, "chu": segments}


def _fixed(step: Step) -> Step:
    """Return a text step whose texts hold no reference as its paragraph, made once.

    Such a text reads the same for every unit of a batch (``TextRenderer.segments``
    only parses it, ``references.fixed_segments``), so its paragraph is kept with the plan as
    (``_FIXED``, kind, each segment's items); ``_run`` copies it. Texts with ``{`` are
    left to the renderer.
    """
    if step[0] is not _TEXT:
        return step
    _, kind, head, text, _, upper, run_on = step
    segments = fixed_segments(text)
    more = None if run_on is None else fixed_segments(run_on[0])
    if segments is None or (run_on is not None and more is None):
        return step
    paragraph = _paragraph(kind, head, segments, upper, more)
    return (_FIXED, kind, tuple(tuple(segment.items()) for segment in paragraph["chu"]))


# -- what numbering a body does, in order, apart from its values: the texts to render
#    (kind, number or bullet before, text, location, in capitals, a text run on after
#    it), where the events go, the problems of its shape. A batch's units share their
#    body (the very same records): it is planned once, each unit only renders texts --
_TEXT, _EVENTS, _PROBLEM, _FIXED = "text", "events", "problem", "fixed"
Step = tuple[Any, ...]
_kept: tuple[tuple[Muc, ...], tuple, list[Step]] | None = None
_KINDS = {1: "muc", 2: "khoan_tieu_de", 3: "diem"}


def _plan(sections: Sequence[Muc], root: tuple) -> list[Step]:
    """Return the steps numbering ``sections`` takes (kept for the last body planned)."""
    global _kept
    kept = _kept
    if kept is not None and kept[1] == root and len(kept[0]) == len(sections) and all(
            a is b for a, b in zip(kept[0], sections, strict=True)):
        return kept[2]
    steps: list[Step] = []
    for index, section in enumerate(sections, start=1):
        _section(steps, section, 1, str(index), roman(index) + ".", root + (index - 1,))
    steps = [_fixed(step) for step in steps]
    _kept = (tuple(sections), root, steps)
    return steps


def _text(kind: str, head: str | None, text: str, location: tuple, upper: bool = False,
          run_on: tuple[str, tuple] | None = None) -> Step:
    return (_TEXT, kind, head, text, location, upper, run_on)


def _section(steps: list[Step], section: Muc, depth: int, number: str, label: str,
             where: tuple) -> None:
    if depth > MAX_DEPTH:
        steps.append((_PROBLEM, where, f"nội dung chỉ có {MAX_DEPTH} cấp đánh số (I., 1., a)); "
                      "hãy dùng 'y'"))
        return
    paragraphs = [(text, where + ("doan", i)) for i, text in enumerate(section.doan)]
    head = label + " "
    if section.tieu_de:
        # -- a titled điểm runs on: "a) Title: text" in one paragraph --
        run_on = paragraphs.pop(0) if depth == 3 and paragraphs else None
        steps.append(_text(_KINDS[depth], head, section.tieu_de, where + ("tieu_de",),
                           depth == 1, run_on))
    elif depth == 1:
        steps.append((_PROBLEM, where, "mục cấp I cần 'tieu_de'"))
    else:
        text, location = paragraphs.pop(0)
        steps.append(_text("khoan" if depth == 2 else "diem", head, text, location))
    steps += [_text("doan", None, text, location) for text, location in paragraphs]
    for i, item in enumerate(section.y):
        _item_steps(steps, item, where + ("y", i))
    steps += [_text("y_nho", "+ ", text, where + ("y_nho", i))
              for i, text in enumerate(section.y_nho)]
    if section.su_kien:
        steps.append((_EVENTS,))
    for index, child in enumerate(section.muc, start=1):
        if depth == 1:
            child_number, child_label = str(index), f"{index}."
        elif section.danh_so == "thap_phan":
            child_number = f"{number}.{index}"
            child_label = child_number + "."
        else:
            child_number, child_label = point_letter(index), point_letter(index) + ")"
        _section(steps, child, depth + 1, child_number, child_label, where + ("muc", index - 1))
    steps += [_text("doan", None, text, where + ("doan_sau", i))
              for i, text in enumerate(section.doan_sau)]


def _item(out: list[Paragraph], item: str | Y, renderer: TextRenderer, where: tuple) -> None:
    """Add the paragraphs of a "-" item (and its "+" items) to ``out``."""
    steps: list[Step] = []
    _item_steps(steps, item, where)
    out += _run(steps, renderer)


def _item_steps(steps: list[Step], item: str | Y, where: tuple) -> None:
    if isinstance(item, str):
        steps.append(_text("y", "- ", item, where))
        return
    steps.append(_text("y", "- ", item.doan, where + ("doan",)))
    steps += [_text("y_nho", "+ ", sub, where + ("y", i)) for i, sub in enumerate(item.y)]
