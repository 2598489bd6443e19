"""What a batch's units share is read once, and reads the same as read alone (issue 19).

Not timed: these check that the per-batch (per-reader, per-value) keeping of work
gives exactly what the work done afresh gives, and that it is really kept.

- the canonical reading of a document (the hand-edit fingerprint) keeps each
  paragraph's reading per reader: the same text as a reading from scratch, the
  shared paragraphs read once, an edited paragraph read again;
- the body's typed punctuation is walked once per batch and warns every unit;
- Babel's text of a number or date, the emphasis of a text and the Word runs of
  segments are kept per value, never confusing equal values of other types.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

from benchmarks.batch import make_dataset
from tests.trace_tools import calls_to
from vbhc.core.formatting import long_date, number, short_date
from vbhc.data import emphasis, punctuation
from vbhc.document import canonical, docxml, fingerprint
from vbhc.document.richtext import runs
from vbhc.pipeline.batch.merge import unit_source
from vbhc.pipeline.batch.run import UnitRenderer
from vbhc.pipeline.batch.units import load_batch

BODY = "word/document.xml"


def _bodies(tmp_path: Path, units: int) -> tuple[UnitRenderer, list[str]]:
    batch = load_batch("ke-hoach", make_dataset(tmp_path / "data", units))
    renderer = UnitRenderer(batch, tmp_path)
    parts = [renderer.template.render_parts(renderer.context(unit)[1])
             for unit in batch.units]
    return renderer, [p[BODY] for p in parts]


def test_a_readers_kept_paragraphs_read_as_a_reading_from_scratch(tmp_path: Path) -> None:
    renderer, bodies = _bodies(tmp_path, 3)
    reader = canonical.Reader("")  # -- a reader of its own, with the template's styles --
    reader.names = renderer.template._reader.names
    reader.default = renderer.template._reader.default
    paragraphs = bodies[0].count("<w:p>") + bodies[0].count("<w:p ")
    assert paragraphs > 20
    texts = []
    for body in bodies:
        kept = reader.part(BODY, body)
        fresh = canonical.text_part(body, reader.names, reader.default)
        assert kept == (BODY, fresh)
        texts.append(fresh)
    # -- each unit's body is its own (its name), yet most paragraphs were read once --
    assert len(set(texts)) == 3
    assert len(reader.memo.stretches) < 2 * paragraphs
    # -- read again, the same; a paragraph edited by hand reads differently --
    assert reader.part(BODY, bodies[1]) == (BODY, texts[1])
    word = "hiến máu tình nguyện"
    assert word in bodies[1]
    edited = bodies[1].replace(word, "hiến máu nhân đạo", 1)
    assert reader.part(BODY, edited) == (BODY, canonical.text_part(edited, reader.names,
                                                                   reader.default))
    assert reader.part(BODY, edited) != (BODY, texts[1])


def test_a_written_documents_stamp_is_the_reading_of_the_file(tmp_path: Path) -> None:
    # -- the engine's fingerprint (kept paragraphs) is what reading the file finds --
    batch = load_batch("ke-hoach", make_dataset(tmp_path / "data", 4))
    renderer = UnitRenderer(batch, tmp_path)
    for unit in batch.units:
        content = renderer.template.render(renderer.context(unit)[1])
        recorded, current = fingerprint.read_bytes(content)
        assert recorded is not None and recorded == current


def checked_once(tmp_path: Path, typed: str, replacement: str,
                 walk: Callable[..., Any]) -> tuple[list, list]:
    """Check 4 units whose shared text ``typed`` reads ``replacement``, with one ``Walks``.

    Return the frames of ``walk`` during those checks and, for each unit, (its warnings
    when rendered, its problems checked with the shared walks, its problems checked alone).
    """
    from vbhc.kinds import consistency

    data = make_dataset(tmp_path / "data", 4)
    text = data.read_text(encoding="utf-8")
    assert typed in text
    data.write_text(text.replace(typed, replacement), encoding="utf-8")
    batch = load_batch("ke-hoach", data)
    renderer = UnitRenderer(batch, tmp_path)
    units = [(unit, *renderer.context(unit)) for unit in batch.units]
    walks = consistency.Walks()
    found = []
    with calls_to(walk) as frames:
        for unit, document, _, _ in units:
            found.append(consistency.check(document, batch.kind,
                                           unit_source(batch, unit, unit.data), walks))
    checks = []
    for (unit, document, _, warnings), shared in zip(units, found, strict=True):
        own = consistency.check(document, batch.kind, unit_source(batch, unit, unit.data))
        checks.append(([str(p) for p in warnings], [str(p) for p in shared],
                       [str(p) for p in own]))
    return frames, checks


def test_the_body_punctuation_is_walked_once_and_warns_every_unit(tmp_path: Path) -> None:
    typed = "Các hoạt động của Chiến dịch cần"
    frames, checks = checked_once(tmp_path, typed, "• " + typed, punctuation.body_marks_in)
    assert len(frames) == 1
    for warnings, shared, own in checks:
        assert shared == own == warnings
        assert any("'•' ở đầu" in p for p in own), own


def test_the_recipients_marks_are_walked_once_and_warn_every_unit(tmp_path: Path) -> None:
    frames, checks = checked_once(tmp_path, "- Các thành viên BCĐ\n",
                                  "- Các thành viên BCĐ,\n", punctuation.frame_marks_in)
    assert len(frames) == 2  # -- the recipients, the Lưu line: once for the batch --
    for warnings, shared, own in checks:
        assert shared == own == warnings
        assert any("',' ở cuối" in p for p in own), own


def test_kept_formatting_is_babels_for_every_type() -> None:
    for value in (7000, 1, 0, -3, 10**12, 1.0, -0.0, 43.5):
        assert number(value) == format_decimal(value, locale="vi"), value
        assert number(value) == number(value)  # -- the kept text, asked again --
    assert number(1.0) == format_decimal(1.0, locale="vi")
    moment = datetime(2023, 5, 9, 14, 30)
    for day in (date(2023, 5, 9), moment, date(2023, 2, 3)):
        assert short_date(day) == format_date(day, "dd/M/y", locale="vi")
        assert short_date(day, with_year=False) == format_date(day, "dd/M", locale="vi")
    assert long_date(date(2023, 2, 3)) == "ngày 03 tháng 02 năm 2023"


def test_kept_emphasis_and_runs_are_fresh_and_exact() -> None:
    text = "Chiến dịch “*Những giọt máu hồng*” **năm** 2023"
    first = emphasis.parse(text)
    first[1]["chu"] = "changed"
    first.append({"chu": "more"})
    assert emphasis.parse(text) == [{"chu": "Chiến dịch “"},
                                    {"chu": "Những giọt máu hồng", "nghieng": True},
                                    {"chu": "” "}, {"chu": "năm", "dam": True},
                                    {"chu": " 2023"}]
    plain, markup = [{"chu": "a &amp; b"}], [{"chu": Markup("a &amp; b")}]
    assert str(runs(plain)) == docxml.run("a &amp; b")
    assert str(runs(markup)) == docxml.run(Markup("a &amp; b"))
    assert str(runs(plain)) == docxml.run("a &amp; b")  # -- not the Markup's, kept before --
    assert str(runs([{"chu": "x", "dam": 1, "nghieng": True}])) == docxml.run(
        "x", bold=True, italic=True)
