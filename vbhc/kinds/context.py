"""Build what a template receives: the frame's computed values and the document's facts.

Every kind calls ``document_context``; it adds its own values on top. Numbers,
dates, labels, punctuation and cross-references are computed here, so
templates only place them. ``facts`` is what ``{{ … }}`` references in the data
may use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from vbhc.core.errors import DataError
from vbhc.core.formatting import dateline, long_date, serial_number, short_date
from vbhc.data import emphasis
from vbhc.data.loading import Source
from vbhc.data.model import VanBan, VanBanLienQuan
from vbhc.data.numbering import number_sections
from vbhc.data.references import TextRenderer
from vbhc.document import frame
from vbhc.document.engine import TRANG_CUOI_NGANG
from vbhc.kinds.annex import annexes_context


class Kind(Protocol):
    """What the context needs of a kind (``vbhc.kinds.kind.Kind`` has it)."""

    title: str
    abbreviation: str

    def event_arguments(self, facts: dict[str, Any]) -> dict[str, Any]: ...


# How a cited data file of any kind is read: (kind, document, source). The kinds'
# registry installs it, since the registry imports every kind and so this module.
CitedLoader = Callable[[Path], tuple[Kind, VanBan, Source]]
_cited_loader: CitedLoader | None = None


def install_cited_loader(loader: CitedLoader) -> None:
    """Set how cited vbhc data files are read (called once by ``vbhc.kinds``)."""
    global _cited_loader
    _cited_loader = loader

# Body texts are rendered into paragraphs, not offered to references.
_TEXT_FIELDS = {"trich_yeu", "can_cu", "mo_dau", "noi_dung", "ket_thuc"}


def full_ky_hieu(document: VanBan, kind: Kind) -> str:
    """Return the ký hiệu: as typed, or the kind's Phụ lục III abbreviation + the body's.

    A kind without abbreviation (Công văn) writes the body's and the drafting unit's,
    the unit of the "Lưu" line: 'UBND-VX'.
    """
    if document.ky_hieu:
        return document.ky_hieu
    if not kind.abbreviation:
        return f"{document.co_quan_ban_hanh.viet_tat}-{document.luu.don_vi or ''}".rstrip("-")
    return f"{kind.abbreviation}-{document.co_quan_ban_hanh.viet_tat}"


def citation(*, ten_loai: str, so: int | None, ky_hieu: str | None, ngay: Any,
             co_quan: str | None, ten: str | None = None, long: bool = False) -> str:
    """Return how running text cites a document: 'Kế hoạch số 05/KH-BCĐ ngày 05/4/2023 của …'.

    Parts the document lacks are left out ('Công văn số 893 của …'); a law is cited by
    its name ('Luật Tổ chức chính quyền địa phương'); ``long`` writes the date
    'ngày 15 tháng 9 năm 2017', as a căn cứ does.
    """
    out = f"{ten_loai} {ten}" if ten else ten_loai
    if so or ky_hieu:
        number = (f"{serial_number(so)}/{ky_hieu}" if so and ky_hieu
                  else str(so) if so else str(ky_hieu))
        out += f" số {number}"
    if ngay:
        out += f" {long_date(ngay)}" if long else f" ngày {short_date(ngay)}"
    return out + (f" của {co_quan}" if co_quan else "")


def cited_document(entry: VanBanLienQuan, source: Source, key: str,
                   citing: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Return the facts of a cited document, read from its vbhc data file when it names one.

    ``citing`` holds the files on the way here, so that two files citing each other
    are an error rather than an endless loop.
    """
    if entry.tep is None:
        facts = entry.model_dump(exclude={"tep"})
    else:
        if _cited_loader is None:
            raise RuntimeError("vbhc.kinds must be imported before citing a data file")
        path = (source.path.parent / entry.tep).resolve()
        if path in citing:
            raise DataError([source.problem(("van_ban", key, "tep"),
                             f"{entry.tep} trích dẫn ngược lại văn bản này (vòng lặp)")])
        try:
            kind, cited, cited_source = _cited_loader(path)
            cited_facts = document_facts(cited, kind, cited_source, citing + (path,))
            renderer = TextRenderer(cited_facts, cited_source)
            title = " ".join(emphasis.plain(renderer.segments(line, ("trich_yeu", index)))
                             for index, line in enumerate(cited.trich_yeu))
            renderer.raise_problems()
        except DataError as error:
            raise DataError([source.problem(("van_ban", key, "tep"),
                             f"văn bản được trích dẫn {entry.tep} có lỗi: "
                             f"{error.problems[0] if error.problems else error}")]) from None
        facts = {"ten_loai": cited_facts["ten_loai"], "so": cited.so,
                 "ky_hieu": cited_facts["ky_hieu"], "ngay": cited.ngay_ban_hanh,
                 "co_quan": cited.co_quan_ban_hanh.ten, "trich_yeu": title}
        # -- a value typed beside 'tep' must agree with the file it names --
        for field in ("so", "ky_hieu", "ngay"):
            typed = getattr(entry, field)
            if typed is not None and typed != facts[field]:
                raise DataError([source.problem(
                    ("van_ban", key, field),
                    f"ghi {typed} nhưng văn bản {entry.tep} có {field} = {facts[field]}")])
    facts["trich_dan"] = cite(facts)
    facts["trich_dan_day_du"] = full_citation(facts)
    return facts


def cite(facts: dict[str, Any], *, long: bool = False) -> str:
    """Return the citation of a cited document's facts (``citation`` on its fields)."""
    return citation(ten_loai=facts["ten_loai"], so=facts.get("so"),
                    ky_hieu=facts.get("ky_hieu"), ngay=facts.get("ngay"),
                    co_quan=facts.get("co_quan"), ten=facts.get("ten"), long=long)


def full_citation(facts: dict[str, Any]) -> str:
    """Return a first citation, as a căn cứ gives it: long date, then 'về …' (its trích yếu)."""
    out = cite(facts, long=True)
    subject = (facts.get("trich_yeu") or "").strip()
    if subject:
        lowered = subject[0].lower() + subject[1:]
        out += " " + (lowered if lowered.startswith("về ") else f"về việc {lowered}")
    return out


def document_facts(document: VanBan, kind: Kind, source: Source,
                   citing: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Return the data ``{{ … }}`` references may use, with computed values added."""
    facts = document.model_dump(exclude=_TEXT_FIELDS)
    facts["ky_hieu"] = full_ky_hieu(document, kind)
    facts["so_ky_hieu"] = f"{serial_number(document.so)}/{facts['ky_hieu']}"
    facts["ten_loai"] = document.ten_loai or kind.title
    # -- resolved only when something is cited (a batch unit cites nothing itself:
    # the batch reads its cited documents once) --
    here = citing + (source.path.resolve(),) if document.van_ban else citing
    facts["van_ban"] = {key: cited_document(entry, source, key, here)
                        for key, entry in document.van_ban.items()}
    facts["trich_dan"] = citation(ten_loai=facts["ten_loai"], so=document.so,
                                  ky_hieu=facts["ky_hieu"], ngay=document.ngay_ban_hanh,
                                  co_quan=document.co_quan_ban_hanh.ten)
    # -- annexes are computed before the text, which points to them ("có … kèm theo") --
    facts["phu_luc"] = annexes_context(document.phu_luc, facts, source)
    return facts


def _punctuated(paragraphs: list[list[dict]], middle: str, last: str) -> list[list[dict]]:
    """Return paragraphs whose last segment ends with ``middle`` (``last`` for the last one)."""
    out = []
    for index, segments in enumerate(paragraphs):
        mark = last if index == len(paragraphs) - 1 else middle
        segments = [dict(s) for s in segments]
        tail = segments[-1]
        text, before = tail["chu"], None
        while text != before:  # -- "xong ./." and "xong. ;" alike end as "xong" + mark --
            before = text
            text = text.rstrip().removesuffix("./.").rstrip(".;,:")
        tail["chu"] = text + mark
        out.append(segments)
    return out


def document_context(document: VanBan, kind: Kind, source: Source,
                     facts: dict[str, Any] | None = None) -> tuple[dict[str, Any],
                                                                   TextRenderer]:
    """Return the frame and body context of ``document`` and the renderer it used.

    The caller (a kind) adds its own values and then calls ``renderer.raise_problems()``.
    """
    facts = facts if facts is not None else document_facts(document, kind, source)
    renderer = TextRenderer(facts, source)

    def paragraphs(field: str) -> list[list[dict]]:
        return [renderer.segments(text, (field, i))
                for i, text in enumerate(getattr(document, field))]

    title = paragraphs("trich_yeu")
    body = number_sections(document.noi_dung, renderer, **kind.event_arguments(facts))
    closing = paragraphs("ket_thuc")
    if closing:
        closing[-1:] = _punctuated(closing[-1:], "", "./.")
    recipients = [line + ";" for line in document.recipient_lines()] + [document.luu.line()]
    issuer_lines = document.co_quan_ban_hanh.header_lines
    context = dict(facts)
    context.update({
        "co_quan_chu_quan_dong": [line.upper() for line in document.co_quan_chu_quan],
        "co_quan_ban_hanh_dong": issuer_lines,
        "dia_danh_ngay": dateline(document.dia_danh, document.ngay_ban_hanh),
        "ten_loai": facts["ten_loai"].upper(),
        "trich_yeu": title,
        "can_cu": _punctuated(paragraphs("can_cu"), ";", "."),
        "mo_dau": paragraphs("mo_dau"),
        "noi_dung": body,
        "ket_thuc": closing,
        "noi_nhan": recipients,
        "nguoi_ky": {"chuc_danh": document.nguoi_ky.title_lines(),
                     "chuc_vu_khac": [line.upper() for line in document.nguoi_ky.chuc_vu_khac],
                     "ho_ten": document.nguoi_ky.ho_ten,
                     "da_ky": "(Đã ký)" if document.nguoi_ky.da_ky else ""},
        "khung": frame.frame_context(issuer_lines=issuer_lines,
                                     title_lines=[emphasis.plain(t) for t in title]),
        # -- the document's last section is the last annex's: landscape when its table is --
        TRANG_CUOI_NGANG: bool(facts["phu_luc"] and facts["phu_luc"][-1].get("ngang")),
    })
    return context, renderer

