"""Body structures other than Phần/mục (NĐ30 §7): Điều, khoản at the top, "-" lists.

Structure A: Chương / Mục / Điều / khoản / điểm (Quyết định, Quy chế, Quy định).
Điều run 1, 2, 3 … through the whole text, khoản restart in each Điều, điểm
restart in each khoản; ``Điều 1.`` is bold, the Điều's text upright. A body may
also start at khoản ("1." with a) below, as a Chỉ thị does) or be a plain list of
"-" items. The structure is chosen in the data by the key used (``chuong``,
``dieu``, ``khoan``, ``gach_dau_dong``; ``noi_dung`` is structure B, see
``numbering``); every number is computed here, so inserting an Điều renumbers
the ones after it and whatever cites them by key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field, field_validator, model_validator

from vbhc.core.formatting import point_letter, roman
from vbhc.data import emphasis
from vbhc.data.model import DashItem, Model, TextOr, Y
from vbhc.data.numbering import Paragraph, _item
from vbhc.data.references import TextRenderer

# The keys that choose a body structure, and how clerks read them in messages.
STRUCTURES = {"noi_dung": "phần, mục (I., 1., a))", "chuong": "chương, điều",
              "dieu": "điều (Điều 1., Điều 2.)", "khoan": "khoản (1., 2.)",
              "gach_dau_dong": "gạch đầu dòng (-)"}


TextOrY = TextOr[DashItem, Y]


def _lines(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Diem(Model):
    """A điểm (a), b) …): its text and "-" items under it."""

    doan: str = Field(min_length=1)
    y: list[TextOrY] = []


TextOrDiem = TextOr[str, Diem]


class Khoan(Model):
    """A khoản (1., 2. …): a title (own bold line) or a text, then điểm and "-" items."""

    tieu_de: str | None = None
    doan: list[str] = []
    diem: list[TextOrDiem] = []
    y: list[TextOrY] = []

    _one_or_many = field_validator("doan", mode="before")(_lines)

    @model_validator(mode="after")
    def _not_empty(self) -> Khoan:
        if not (self.tieu_de or self.doan):
            raise ValueError("khoản cần 'tieu_de' hoặc 'doan'")
        return self


TextOrKhoan = TextOr[str, Khoan]


class Dieu(Model):
    """An Điều: an optional title, its text, khoản, "-" items.

    ``khoa`` names it for references (``Điều {{ dieu.thanh_lap }}``); ``thi_hanh``
    marks the Điều naming who carries the text out (default: the last one).
    """

    khoa: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    tieu_de: str | None = None
    doan: list[str] = []
    khoan: list[TextOrKhoan] = []
    y: list[TextOrY] = []
    thi_hanh: bool = False

    _one_or_many = field_validator("doan", mode="before")(_lines)

    @model_validator(mode="after")
    def _not_empty(self) -> Dieu:
        if not (self.tieu_de or self.doan or self.khoan):
            raise ValueError("điều cần 'tieu_de', 'doan' hoặc 'khoan'")
        return self


class MucDieu(Model):
    """A Mục of a Chương (structure A): its title and its Điều."""

    tieu_de: str = Field(min_length=1)
    dieu: list[Dieu] = Field(min_length=1)


class Chuong(Model):
    """A Chương: its title and its Điều, directly or grouped in Mục."""

    tieu_de: str = Field(min_length=1)
    muc: list[MucDieu] = []
    dieu: list[Dieu] = []

    @model_validator(mode="after")
    def _one_way(self) -> Chuong:
        if bool(self.muc) == bool(self.dieu):
            raise ValueError("chương cần 'dieu' hoặc 'muc' (các mục chứa điều), một trong hai")
        return self


def articles(chapters: Sequence[Chuong], articles_: Sequence[Dieu]
             ) -> list[tuple[Dieu, tuple]]:
    """Return every Điều in order with its data location."""
    out: list[tuple[Dieu, tuple]] = [(d, ("dieu", i)) for i, d in enumerate(articles_)]
    for c, chapter in enumerate(chapters):
        out += [(d, ("chuong", c, "dieu", i)) for i, d in enumerate(chapter.dieu)]
        for m, section in enumerate(chapter.muc):
            out += [(d, ("chuong", c, "muc", m, "dieu", i)) for i, d in enumerate(section.dieu)]
    return out


def article_numbers(chapters: Sequence[Chuong], articles_: Sequence[Dieu]) -> dict[str, int]:
    """Return the number of each Điều that has a ``khoa``: what references cite."""
    return {d.khoa: n for n, (d, _) in enumerate(articles(chapters, articles_), start=1)
            if d.khoa}


def executing_article(chapters: Sequence[Chuong], articles_: Sequence[Dieu]) -> int | None:
    """Return the number of the Điều naming who carries the text out (marked, or the last)."""
    listed = articles(chapters, articles_)
    marked = [n for n, (d, _) in enumerate(listed, start=1) if d.thi_hanh]
    return marked[-1] if marked else (len(listed) or None)


def _para(kind: str, segments: list[emphasis.Segment]) -> Paragraph:
    return {"kieu": kind, "chu": segments}


def _bold(segments: list[emphasis.Segment]) -> list[emphasis.Segment]:
    return [dict(s, dam=True) for s in segments]


def _text_or(value: Any, model: type) -> Any:
    return model(doan=value) if isinstance(value, str) else value


def number_articles(chapters: Sequence[Chuong], articles_: Sequence[Dieu],
                    renderer: TextRenderer) -> list[Paragraph]:
    """Return structure A as numbered paragraphs: Chương, Mục, Điều, khoản, điểm."""
    out: list[Paragraph] = []
    counter = [0]
    for index, article in enumerate(articles_):
        _article(out, article, counter, renderer, ("dieu", index))
    for c, chapter in enumerate(chapters):
        where = ("chuong", c)
        out.append(_para("giua", [{"chu": f"Chương {roman(c + 1)}", "dam": True}]))
        out.append(_para("giua", _upper(renderer.segments(chapter.tieu_de, where + ("tieu_de",)))))
        for m, section in enumerate(chapter.muc):
            here = where + ("muc", m)
            out.append(_para("giua", [{"chu": f"Mục {m + 1}", "dam": True}]))
            out.append(_para("giua", _upper(renderer.segments(section.tieu_de,
                                                              here + ("tieu_de",)))))
            for i, article in enumerate(section.dieu):
                _article(out, article, counter, renderer, here + ("dieu", i))
        for i, article in enumerate(chapter.dieu):
            _article(out, article, counter, renderer, where + ("dieu", i))
    return out


def _upper(segments: list[emphasis.Segment]) -> list[emphasis.Segment]:
    return [dict(s, chu=s["chu"].upper(), dam=True) for s in segments]


def _article(out: list[Paragraph], article: Dieu, counter: list[int],
             renderer: TextRenderer, where: tuple) -> None:
    counter[0] += 1
    head: list[emphasis.Segment] = [{"chu": f"Điều {counter[0]}.", "dam": True}, {"chu": " "}]
    texts = [(t, where + ("doan", i)) for i, t in enumerate(article.doan)]
    if article.tieu_de:
        out.append(_para("dieu", head + _bold(renderer.segments(article.tieu_de,
                                                                where + ("tieu_de",)))))
    elif texts:
        text, location = texts.pop(0)
        out.append(_para("dieu", head + renderer.segments(text, location)))
    else:
        out.append(_para("dieu", head[:1]))
    out += [_para("doan", renderer.segments(t, loc)) for t, loc in texts]
    number_clauses(out, article.khoan, renderer, where + ("khoan",))
    for i, item in enumerate(article.y):
        _item(out, item, renderer, where + ("y", i))


def number_clauses(out: list[Paragraph], clauses: Sequence[Any], renderer: TextRenderer,
                   where: tuple = ("khoan",)) -> list[Paragraph]:
    """Append khoản "1.", "2." … with their điểm "a)", "b)" … and "-" items to ``out``."""
    for index, raw in enumerate(clauses):
        clause = _text_or(raw, Khoan)
        here = where + (index,)
        label = [{"chu": f"{index + 1}. "}]
        texts = [(t, here if isinstance(raw, str) else here + ("doan", i))
                 for i, t in enumerate(clause.doan)]
        if clause.tieu_de:
            out.append(_para("khoan_tieu_de", label + renderer.segments(clause.tieu_de,
                                                                        here + ("tieu_de",))))
        else:
            text, location = texts.pop(0)
            out.append(_para("khoan", label + renderer.segments(text, location)))
        out += [_para("doan", renderer.segments(t, loc)) for t, loc in texts]
        for i, raw_point in enumerate(clause.diem):
            point = _text_or(raw_point, Diem)
            place = here + ("diem", i) + (() if isinstance(raw_point, str) else ("doan",))
            out.append(_para("diem", [{"chu": f"{point_letter(i + 1)}) "}]
                             + renderer.segments(point.doan, place)))
            for j, item in enumerate(point.y):
                _item(out, item, renderer, here + ("diem", i, "y", j))
        for i, item in enumerate(clause.y):
            _item(out, item, renderer, here + ("y", i))
    return out


def dash_list(items: Sequence[Any], renderer: TextRenderer) -> list[Paragraph]:
    """Return an unnumbered body: one "-" paragraph per item ("+" under it)."""
    out: list[Paragraph] = []
    for index, item in enumerate(items):
        _item(out, item, renderer, ("gach_dau_dong", index))
    return out
