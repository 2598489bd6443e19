"""Báo cáo (report): the frame, a year's results by round and next year's plan.

The clerk types each round's figures once (target, units collected, participants);
vbhc computes "347/250", the totals ("737/550"), the share of the target ("134%")
and the verdict the text prints ("vượt 34%": the excess, never "vượt 134%"), and
offers them to ``{{ … }}`` references. A "-" item with ``cac_dot: ket_qua`` (or
``ke_hoach_nam_sau``) lists the rounds as its "+" sub-items, one sentence each, so
adding a round adds its line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from vbhc.core.errors import Problem
from vbhc.core.formatting import attainment, number, quota_share, short_date
from vbhc.data.loading import Source
from vbhc.data.model import DashItem, Model, Muc, VanBan, WholeNumber, Y
from vbhc.data.references import RichValue, TextRenderer
from vbhc.document.chart import Picture
from vbhc.kinds.context import document_context, document_facts
from vbhc.kinds.declaration import Declaration
from vbhc.kinds.kind import PICTURES_KEY, WARNINGS_KEY, Kind
from vbhc.kinds.results import KetQuaDonVi
from vbhc.kinds.results_annex import add_unit_results

ListName = Literal["ket_qua", "ke_hoach_nam_sau"]
Count = Annotated[WholeNumber, Field(ge=0)]

# Labels of commendation counts, in the order the text lists them.
RECIPIENTS = {"tap_the": "tập thể", "ca_nhan": "cá nhân", "ho_gia_dinh": "hộ gia đình"}


class Dot(Model):
    """A round (đợt): its programme or event, its date and the units it must collect."""

    ten: str = Field(min_length=1)
    ngay: date
    chi_tieu: WholeNumber = Field(gt=0)
    cau: str | None = None  # this round's sentence; default: the list's mau_dot


class DotKetQua(Dot):
    """A round already held: the target plus what it achieved."""

    nguoi_tham_gia: WholeNumber = Field(ge=0)
    tiep_nhan: WholeNumber = Field(ge=0)


class CacDot(Model):
    """A year's rounds, measured against the annual quota when one is given."""

    nam: WholeNumber = Field(ge=1945, le=2200)
    don_vi: str = Field(default="đơn vị máu", min_length=1)
    chi_tieu: WholeNumber | None = Field(default=None, gt=0)  # the annual quota
    mau_dot: str = "Đợt {{ dot.so }}: {{ dot.ten }}."
    dot: Sequence[Dot] = Field(min_length=1)

    @model_validator(mode="after")
    def _rounds_make_the_quota(self) -> CacDot:
        total = sum(round_.chi_tieu for round_ in self.dot)
        if self.chi_tieu is not None and total != self.chi_tieu:
            parts = " + ".join(number(round_.chi_tieu) for round_ in self.dot)
            raise ValueError(f"tổng chỉ tiêu các đợt ({number(total)}) khác chỉ tiêu cả năm "
                             f"({number(self.chi_tieu)}); các đợt: {parts}")
        return self


class KetQua(CacDot):
    """The reported year's results, round by round, counted from ``tu_ngay``."""

    tu_ngay: date | None = None
    mau_dot: str = ("Đợt {{ dot.so }}: {{ dot.ten }}, tiếp nhận {{ dot.chu }} "
                    "{{ ket_qua.don_vi }}.")
    dot: list[DotKetQua] = Field(min_length=1)

    @model_validator(mode="after")
    def _rounds_in_the_period(self) -> KetQua:
        for index, round_ in enumerate(self.dot, start=1):
            if self.tu_ngay and round_.ngay < self.tu_ngay:
                raise ValueError(f"đợt {index} ngày {short_date(round_.ngay)} trước tu_ngay "
                                 f"({short_date(self.tu_ngay)})")
        return self


class KeHoachNamSau(CacDot):
    """Next year's plan: the annual quota split into rounds that must add up to it."""

    chi_tieu: WholeNumber = Field(gt=0)
    mau_dot: str = ("Đợt {{ dot.so }} dự kiến tổ chức ngày {{ dot.ngay|ngay }} với chỉ tiêu "
                    "{{ dot.chi_tieu|so }} {{ ke_hoach_nam_sau.don_vi }}.")
    dot: list[Dot] = Field(min_length=1)

    @model_validator(mode="after")
    def _rounds_in_the_year(self) -> KeHoachNamSau:
        for index, round_ in enumerate(self.dot, start=1):
            if round_.ngay.year != self.nam:
                raise ValueError(f"đợt {index} ngày {short_date(round_.ngay)} không thuộc năm "
                                 f"{self.nam} của kế hoạch")
        return self


class CauLacBo(Model):
    """A donors' club and its members."""

    ten: str | None = None
    thanh_vien: WholeNumber = Field(ge=0)


class ToChuc(Model):
    """How the network is organised: communes with a committee, clubs."""

    xa_thi_tran: WholeNumber = Field(gt=0)  # communes and townships of the district
    xa_co_ban_chi_dao: WholeNumber = Field(ge=0)  # of which have set up a steering committee
    cau_lac_bo: list[CauLacBo] = []

    @model_validator(mode="after")
    def _part_of_the_whole(self) -> ToChuc:
        if self.xa_co_ban_chi_dao > self.xa_thi_tran:
            raise ValueError(f"số xã, thị trấn có Ban Chỉ đạo ({self.xa_co_ban_chi_dao}) lớn "
                             f"hơn tổng số xã, thị trấn ({self.xa_thi_tran})")
        return self


class KhenThuong(Model):
    """One form of commendation (Bằng khen, Giấy khen …) and how many received it."""

    tap_the: WholeNumber = Field(default=0, ge=0)
    ca_nhan: WholeNumber = Field(default=0, ge=0)
    ho_gia_dinh: WholeNumber = Field(default=0, ge=0)


class YDot(Y):
    """A "-" item whose "+" sub-items may list the rounds of ``ket_qua`` or ``ke_hoach_nam_sau``."""

    cac_dot: ListName | None = None


def _item_kind(value: Any) -> str:
    """Return the tag of a "-" item: plain text or a mapping."""
    return "str" if isinstance(value, str) else "YDot"


# -- a "-" item is text or a mapping; the tag keeps a mapping's errors free of the text branch --
Item = Annotated[Annotated[DashItem, Tag("str")] | Annotated[YDot, Tag("YDot")],
                 Discriminator(_item_kind)]


class MucBaoCao(Muc):
    """A report section: a ``Muc`` whose "-" items may list rounds."""

    # -- pydantic narrows fields in subclasses; mypy sees lists as invariant --
    y: list[Item] = []  # type: ignore[assignment]
    muc: list[MucBaoCao] = []  # type: ignore[assignment]


class BaoCao(VanBan):
    """A report: the common frame, the results by round, counts and next year's plan."""

    noi_dung: list[MucBaoCao] = []  # type: ignore[assignment]
    ket_qua: KetQua | None = None
    ke_hoach_nam_sau: KeHoachNamSau | None = None
    to_chuc: ToChuc | None = None
    khen_thuong: dict[str, KhenThuong] = {}
    tuyen_truyen: dict[str, Count] = {}  # leaflets, banners …: counts referred to by name
    ket_qua_don_vi: KetQuaDonVi | None = None  # the units' results against a batch's quotas


# --------------------------------------------------------------------------- computed facts

def ratio(done: int, target: int) -> dict[str, Any]:
    """Return "done/target", its share of the target and the verdict for the text.

    The verdict ("vượt 34%", "đạt 100%", "đạt 73%, chưa đạt") is decided from the
    figures by ``attainment``, so a text cannot say "vượt 134%".
    """
    return {"chu": f"{number(done)}/{number(target)}", "ti_le": quota_share(done, target),
            "danh_gia": attainment(done, target)}


def commendation_text(counts: KhenThuong) -> str:
    """Return '1 tập thể, 1 cá nhân, 1 hộ gia đình' (categories with none left out)."""
    parts = [f"{number(getattr(counts, key))} {label}" for key, label in RECIPIENTS.items()
             if getattr(counts, key)]
    return ", ".join(parts) or "không có"


def add_counts(facts: dict[str, Any], document: BaoCao) -> None:
    """Add the organisation and commendation figures computed from the counts."""
    if document.to_chuc:
        organisation = document.to_chuc
        facts["to_chuc"].update({
            "ban_chi_dao_xa": (f"{number(organisation.xa_co_ban_chi_dao)}/"
                               f"{number(organisation.xa_thi_tran)}"),
            "so_cau_lac_bo": len(organisation.cau_lac_bo),
            "thanh_vien_cau_lac_bo": sum(c.thanh_vien for c in organisation.cau_lac_bo),
        })
    for key, counts in document.khen_thuong.items():
        facts["khen_thuong"][key].update({
            "chu": commendation_text(counts),
            "tong": sum(getattr(counts, k) for k in RECIPIENTS)})


def add_rounds(facts: dict[str, Any], document: BaoCao) -> None:
    """Add per-round numbers and figures, and the results' totals."""
    for name in ("ket_qua", "ke_hoach_nam_sau"):
        rounds = getattr(document, name)
        if rounds is None:
            continue
        listed = facts[name]
        listed.pop("mau_dot")
        listed["so_dot"] = len(rounds.dot)
        for index, (round_, entry) in enumerate(zip(rounds.dot, listed["dot"], strict=True)):
            entry["so"] = index + 1
            if isinstance(round_, DotKetQua):
                entry.update(ratio(round_.tiep_nhan, round_.chi_tieu))
    results = document.ket_qua
    if results:
        collected = sum(r.tiep_nhan for r in results.dot)
        target = sum(r.chi_tieu for r in results.dot)
        facts["ket_qua"]["tong"] = {
            "nguoi_tham_gia": sum(r.nguoi_tham_gia for r in results.dot),
            "chi_tieu": target, "tiep_nhan": collected, **ratio(collected, target)}


def round_sentences(facts: dict[str, Any], document: BaoCao, source: Source) -> list[Problem]:
    """Render each round's sentence into ``<list>.dot[i].cau``; return the problems found."""
    problems = []
    for name in ("ket_qua", "ke_hoach_nam_sau"):
        rounds = getattr(document, name)
        if rounds is None:
            continue
        for index, (round_, entry) in enumerate(zip(rounds.dot, facts[name]["dot"], strict=True)):
            where: tuple[str | int, ...]
            if round_.cau:
                pattern, where = round_.cau, (name, "dot", index, "cau")
            else:
                pattern, where = rounds.mau_dot, (name, "mau_dot")
            # -- names keep their emphasis, as the campaign's events do --
            own = {k: RichValue(v) if isinstance(v, str) else v
                   for k, v in entry.items() if k != "cau"}
            renderer = TextRenderer(dict(facts, dot=own), source)
            entry["cau"] = RichValue(renderer.text(pattern, where))
            problems += renderer.problems
    return problems


def held_before_the_report(document: BaoCao, source: Source) -> list[Problem]:
    """Return a problem for each reported round dated after the report itself."""
    if document.ket_qua is None:
        return []
    day = document.ngay_ban_hanh
    return [source.problem(("ket_qua", "dot", index, "ngay"),
                           f"đợt {index + 1} ngày {short_date(round_.ngay)} sau ngày ban hành "
                           f"báo cáo ({short_date(day)}): chỉ báo cáo các đợt đã tổ chức")
            for index, round_ in enumerate(document.ket_qua.dot) if round_.ngay > day]


# --------------------------------------------------------------------------- listed rounds

def _with_rounds(sections: list[MucBaoCao], document: BaoCao, source: Source,
                 problems: list[Problem], where: tuple = ("noi_dung",)) -> list[Muc]:
    """Return the sections with each ``cac_dot`` item's rounds added as "+" sub-items."""
    out: list[Muc] = []
    for index, section in enumerate(sections):
        here = where + (index,)
        items: list[str | Y] = []
        for position, item in enumerate(section.y):
            if isinstance(item, YDot) and item.cac_dot:
                rounds = getattr(document, item.cac_dot)
                if rounds is None:
                    problems.append(source.problem(
                        here + ("y", position, "cac_dot"),
                        f"liệt kê các đợt của '{item.cac_dot}' nhưng tệp chưa khai báo "
                        f"'{item.cac_dot}'"))
                else:
                    listed = [f"{{{{ {item.cac_dot}.dot[{i}].cau }}}}"
                              for i in range(len(rounds.dot))]
                    item = item.model_copy(update={"y": item.y + listed})
            items.append(item)
        children = _with_rounds(section.muc, document, source, problems, here + ("muc",))
        out.append(section.model_copy(update={"y": items, "muc": children}))
    return out


class BaoCaoKind(Kind):
    declaration = Declaration("bao-cao", "Báo cáo", "BC", "1.4", "data/tam_duong_2023.yaml",
                              structures=("noi_dung",))
    model = BaoCao

    def context(self, document: VanBan, source: Source) -> dict[str, Any]:
        """Return the template context with the computed figures offered to references."""
        assert isinstance(document, BaoCao)
        facts = document_facts(document, self, source)
        warnings: list[Problem] = []
        pictures: list[Picture] = []
        if document.ket_qua_don_vi is not None:
            warnings, pictures = add_unit_results(facts, document.ket_qua_don_vi, source)
        add_counts(facts, document)
        add_rounds(facts, document)
        problems = held_before_the_report(document, source)
        problems += round_sentences(facts, document, source)
        body = _with_rounds(document.noi_dung, document, source, problems)
        context, renderer = document_context(document.model_copy(update={"noi_dung": body}),
                                             self, source, facts=facts)
        renderer.problems[:0] = problems
        renderer.raise_problems()
        # -- not template values: the pipeline takes them out (see pipeline.render.load) --
        context[WARNINGS_KEY], context[PICTURES_KEY] = warnings, pictures
        return context


KIND = BaoCaoKind()
