"""A kind as a declaration: what an NĐ30 model adds to the frame, and nothing else.

``Declaration`` (``declaration``) lists a kind's tên loại, Phụ lục III
abbreviation, model form, body structures and frame parts; ``DeclaredKind`` turns it
into a template (the
frame's blocks plus ``blocks_models``' parts) and a context (the frame's plus the
parts' computed text). The declarations themselves are in
``vbhc.kinds.declarations``: a few lines each.
"""

from __future__ import annotations

from typing import Any

from vbhc.core.errors import DataError, Problem
from vbhc.data import emphasis
from vbhc.data.loading import Source
from vbhc.data.model import NguoiKy, VanBan
from vbhc.data.references import RichValue, TextRenderer
from vbhc.data.structure import (
    STRUCTURES,
    article_numbers,
    dash_list,
    executing_article,
    number_articles,
    number_clauses,
)
from vbhc.document import blocks, blocks_models, frame
from vbhc.kinds.annex import arranged, attached_line
from vbhc.kinds.attached import attached_text_facts, lists_context
from vbhc.kinds.context import _punctuated, document_context, document_facts
from vbhc.kinds.declaration import Declaration
from vbhc.kinds.declared_model import PARTS, VanBanMau
from vbhc.kinds.kind import Kind
from vbhc.kinds.parts import cost_table, meeting_lines

__all__ = ["Declaration", "DeclaredKind", "VanBanMau"]


class DeclaredKind(Kind):
    """A kind made from a ``Declaration``."""

    model = VanBanMau
    declaration: Declaration

    def __init__(self, declaration: Declaration) -> None:
        self.declaration = declaration
        self.name = declaration.name
        self.title = declaration.title
        self.abbreviation = declaration.abbreviation
        self.example = declaration.example
        self.model_form = declaration.model_form
        self.unit_field = declaration.unit_field
        self.batch_ready = True

    # ------------------------------------------------------------------ template

    def document_blocks(self) -> list[str]:
        """Return the template's blocks: the frame with this model's parts."""
        d = self.declaration
        parts = [frame.header_block(subject_line=not d.printed_title)]
        if d.printed_title:
            parts.append(frame.title_block())
        if "tham_quyen" in d.parts:
            parts.append(blocks_models.authority_line())
        if "kinh_gui" in d.parts:
            parts.append(blocks_models.kinh_gui())
        parts += self.body_blocks()
        parts.append(blocks_models.two_signatures() if "bien_ban" in d.parts
                     else frame.signature_block())
        if "kem_theo" in d.parts:
            parts.append(blocks_models.attached_texts())
        parts.append(blocks_models.annexes())
        return parts

    def body_blocks(self) -> list[str]:
        """Return the blocks between the title (or Kính gửi) and the signature."""
        d = self.declaration
        out = [blocks.paragraph_loop("can_cu", "VBCanCu")]
        if d.lead_in:
            out.append(blocks_models.lead_in())
        out.append(blocks_models.lines("mo_dau"))
        if "giay_moi" in d.parts or "bien_ban" in d.parts:
            out.append(blocks_models.lines("phan_dau"))
        out.append(blocks_models.body())
        if "kinh_phi" in d.parts:
            out.append(blocks_models.costs())
        out.append(blocks_models.lines("ket_thuc"))
        return out

    def extra_styles(self) -> tuple[str, ...]:
        """Return the styles this kind's blocks use beyond the frame's (templates stay slim)."""
        return blocks_models.styles_used("".join(self.document_blocks()))

    # ------------------------------------------------------------------ data

    def load(self, source: Source) -> VanBan:
        """Return the validated document; a part or structure this kind lacks is an error."""
        document = super().load(source)
        assert isinstance(document, VanBanMau)
        problems = self._shape_problems(document, source)
        if problems:
            raise DataError(problems)
        return document

    def _shape_problems(self, document: VanBanMau, source: Source) -> list[Problem]:
        d = self.declaration
        given = document.model_fields_set
        problems = []
        for part in PARTS:
            if part in given and part not in d.parts and getattr(document, part):
                problems.append(source.problem((part,), f"{d.title} không có phần "
                                               f"'{part}' ({PARTS[part]})"))
        for part in d.required:
            if not getattr(document, part):
                problems.append(source.problem((part,), f"{d.title} cần '{part}' "
                                               f"({PARTS.get(part, part)})"))
        used = [key for key in STRUCTURES if getattr(document, key)]
        allowed = ", ".join(f"'{k}' ({STRUCTURES[k]})" for k in d.structures)
        for key in used:
            if key not in d.structures:
                problems.append(source.problem((key,), f"{d.title} không viết theo cấu trúc "
                                               f"'{key}'; dùng {allowed}"))
        if len(used) > 1:
            problems.append(source.problem((used[1],), f"nội dung chỉ theo một cấu trúc: đã có "
                                           f"'{used[0]}', không thêm '{used[1]}'"))
        if "dieu" in d.structures and not (document.dieu or document.chuong):
            problems.append(source.problem(("dieu",), f"{d.title} cần ít nhất một Điều "
                                           "(khóa 'dieu': danh sách các điều)"))
        if not document.trich_yeu:
            what = ("dòng «V/v …» dưới số, ký hiệu" if not d.printed_title
                    else "dòng trích yếu dưới tên loại")
            problems.append(source.problem(("trich_yeu",), f"{d.title} cần 'trich_yeu' ({what})"))
        if "bien_ban" not in d.parts:
            if document.nguoi_ky is None:
                problems.append(source.problem(("nguoi_ky",), "cần 'nguoi_ky' (người ký)"))
            if not document.noi_nhan:
                problems.append(source.problem(("noi_nhan",), "cần 'noi_nhan' (nơi nhận)"))
        if not d.abbreviation and not (document.ky_hieu or document.luu.don_vi):
            problems.append(source.problem(("luu",), f"{d.title} cần 'luu.don_vi' (đơn vị soạn "
                                           "thảo, ghép vào ký hiệu: UBND-VX) hoặc 'ky_hieu'"))
        return problems

    # ------------------------------------------------------------------ context

    def context(self, document: VanBan, source: Source) -> dict[str, Any]:
        """Return the template context: the frame's, the body's structure and the parts."""
        return self.build_context(document, source, None)

    def batch_context(self, document: VanBan, source: Source, cited: dict[str, Any],
                      unit: dict[str, Any]) -> dict[str, Any]:
        """Return a batch unit's context (cited documents read once for the batch)."""
        facts = self.facts(document.model_copy(update={"van_ban": {}}), source)
        facts["van_ban"] = cited
        facts["don_vi"] = unit
        return self.build_context(document, source, facts)

    def facts(self, document: VanBan, source: Source) -> dict[str, Any]:
        """Return what ``{{ … }}`` may use: the frame's facts and the parts' computed ones."""
        assert isinstance(document, VanBanMau)
        facts = document_facts(document, self, source)
        for key in ("chuong", "khoan", "gach_dau_dong", "don_vi", "mau_lich"):
            facts.pop(key, None)
        facts["dieu"] = article_numbers(document.chuong, document.dieu)
        facts["chi_tieu"] = {k: v.text() for k, v in document.chi_tieu.items()}
        if document.kinh_phi:
            facts["kinh_phi"] = cost_table(document.kinh_phi)
        if document.giay_moi:
            facts["giay_moi"]["thoi_gian"] = document.giay_moi.thoi_gian.text()
        facts["lich"] = self._schedule(document, facts, source)
        if document.kem_theo:
            facts["kem_theo"] = attached_text_facts(document.kem_theo)
        lists, listed = lists_context(document.danh_sach, facts)
        facts["danh_sach"] = listed
        facts["phu_luc"] = arranged(facts["phu_luc"] + lists)
        return facts

    def _schedule(self, document: VanBanMau, facts: dict[str, Any], source: Source
                  ) -> list[dict[str, Any]]:
        """Return the schedule's sessions with their sentence (``mau_lich``) rendered."""
        out = []
        for index, session in enumerate(document.lich):
            entry = dict(facts["lich"][index], thoi_gian=session.thoi_gian.text(),
                         chi_tieu=session.chi_tieu.text() if session.chi_tieu else None)
            renderer = TextRenderer(dict(facts, lich=entry), source)
            entry["cau"] = RichValue(renderer.text(document.mau_lich, ("mau_lich",)))
            renderer.raise_problems()
            out.append(entry)
        return out

    def event_arguments(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Return what a section with ``su_kien: true`` lists: the schedule's sessions, or
        the campaign's events."""
        if facts.get("lich"):
            return {"events": [{"cau": entry["cau"]} for entry in facts["lich"]],
                    "event_text": "{{ su_kien.cau }}"}
        campaign = facts.get("chien_dich")
        if not campaign:
            return {}
        return {"events": campaign["su_kien"], "event_text": campaign["mau_su_kien"]}

    def build_context(self, document: VanBan, source: Source,
                      facts: dict[str, Any] | None) -> dict[str, Any]:
        """Return the context; ``facts`` already computed (batch) or None."""
        assert isinstance(document, VanBanMau)
        d = self.declaration
        facts = facts if facts is not None else self.facts(document, source)
        problems: list[Problem] = []
        shaped = document.model_copy(update={
            "can_cu": self._basis(document, facts, source, problems),
            "mo_dau": self._opening(document),
            "ket_thuc": document.ket_thuc + ([meeting_lines(document.bien_ban)["ket"]]
                                              if document.bien_ban else []),
            "nguoi_ky": document.nguoi_ky or self._chair(document),
        })
        context, renderer = document_context(shaped, self, source, facts)
        renderer.problems[:0] = problems
        if document.chuong or document.dieu:
            context["noi_dung"] = number_articles(document.chuong, document.dieu, renderer)
        elif document.khoan:
            context["noi_dung"] = number_clauses([], document.khoan, renderer)
        elif document.gach_dau_dong:
            context["noi_dung"] = dash_list(document.gach_dau_dong, renderer)
        context["phan_dau"] = self._lines(document, renderer)
        context["tham_quyen"] = [line.upper() for line in document.tham_quyen]
        context["dan_nhap"] = d.lead_in or ""
        context["vv"] = self._subject(context)
        context["kinh_gui"] = self._kinh_gui(document)
        context["noi_nhan"] = self._recipients(document, context["noi_nhan"])
        context["ky"] = self._signers(document)
        context["van_ban_kem_theo"] = self._attached(document, facts, renderer)
        self._end_mark(context)
        renderer.raise_problems()
        return context

    # ------------------------------------------------------------------ parts

    def _basis(self, document: VanBanMau, facts: dict[str, Any], source: Source,
               problems: list[Problem]) -> list[str]:
        """Return the căn cứ lines: cited documents written out, then «Theo đề nghị …»."""
        out = []
        for index, item in enumerate(document.can_cu):
            if isinstance(item, str):
                out.append(item)
            elif item.van_ban not in facts["van_ban"]:
                known = ", ".join(facts["van_ban"]) or "chưa có"
                problems.append(source.problem(("can_cu", index, "van_ban"),
                                f"không có văn bản '{item.van_ban}' trong van_ban (có: {known})"))
            else:
                out.append(f"Căn cứ {{{{ van_ban.{item.van_ban}.trich_dan_day_du }}}}")
        if document.theo_de_nghi:
            out.append(f"Theo đề nghị của {document.theo_de_nghi}")
        return out

    def _opening(self, document: VanBanMau) -> list[str]:
        """Return the opening; a Chỉ thị's ends "…, <who> chỉ thị:"."""
        opening = list(document.mo_dau)
        if document.nguoi_chi_thi and opening:
            opening[-1] = opening[-1].rstrip(" .,;:") + f", {document.nguoi_chi_thi} chỉ thị:"
        elif document.nguoi_chi_thi:
            opening.append(f"{document.nguoi_chi_thi} chỉ thị:")
        return opening

    def _chair(self, document: VanBanMau) -> NguoiKy:
        """Return a Biên bản's chair as the frame's signer (the template shows both)."""
        assert document.bien_ban is not None
        return NguoiKy(chuc_danh=["CHỦ TỌA"], ho_ten=document.bien_ban.chu_tri.ho_ten)

    def _lines(self, document: VanBanMau, renderer: TextRenderer) -> list[list[dict]]:
        """Return a Giấy mời's or a Biên bản's opening lines."""
        if document.giay_moi:
            invite = document.giay_moi
            issuer = document.co_quan_ban_hanh.ten
            out = [[{"chu": f"{issuer} trân trọng kính mời: "}]
                   + renderer.segments(invite.kinh_moi, ("giay_moi", "kinh_moi")),
                   [{"chu": "Tới dự "}] + renderer.segments(invite.toi_du,
                                                              ("giay_moi", "toi_du"))]
            if invite.chu_tri:
                out.append([{"chu": "Chủ trì: "}]
                           + renderer.segments(invite.chu_tri, ("giay_moi", "chu_tri")))
            out.append([{"chu": f"Thời gian: {invite.thoi_gian.text()}"}])
            out.append([{"chu": "Địa điểm: "}]
                       + renderer.segments(invite.dia_diem, ("giay_moi", "dia_diem")))
            return [_punctuated([line], ".", ".")[0] for line in out]
        if document.bien_ban:
            lines = meeting_lines(document.bien_ban)
            texts = [*lines["mo"], *lines["thanh_phan"], lines["chu_tri"], lines["thu_ky"],
                     "Nội dung cuộc họp:"]
            return [[{"chu": t}] for t in texts]
        return []

    def _subject(self, context: dict[str, Any]) -> list[str]:
        """Return a Công văn's "V/v …" line (box 5b)."""
        if self.declaration.printed_title:
            return []
        # -- one paragraph, wrapped by Word inside the cell --
        return ["V/v " + " ".join(emphasis.plain(t).strip() for t in context["trich_yeu"])]

    def _kinh_gui(self, document: VanBanMau) -> dict[str, Any]:
        """Return Kính gửi: one recipient on the label's line, several as "- …;" lines."""
        names = [n.strip().rstrip(";.") for n in document.kinh_gui]
        if len(names) <= 1:
            return {"dau": names[0] if names else "", "tiep": []}
        lines = [f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]
        return {"dau": lines[0], "tiep": lines[1:]}

    def _recipients(self, document: VanBanMau, lines: list[str]) -> list[str]:
        """Return Nơi nhận, beginning "- Như Điều N;" or "- Như trên;" as the model has it."""
        first = self.declaration.first_recipient
        if "bien_ban" in self.declaration.parts:
            return []
        if first == "dieu":
            article = executing_article(document.chuong, document.dieu)
            if article:
                return [f"- Như Điều {article};", *lines]
        if first == "tren" and document.kinh_gui:
            return ["- Như trên;", *lines]
        return lines

    def _signers(self, document: VanBanMau) -> dict[str, Any]:
        """Return a Biên bản's two signers."""
        meeting = document.bien_ban
        if meeting is None:
            return {}
        return {"thu_ky": {"chuc_danh": "THƯ KÝ", "ho_ten": meeting.thu_ky.ho_ten},
                "chu_toa": {"chuc_danh": "CHỦ TỌA", "ho_ten": meeting.chu_tri.ho_ten}}

    def _attached(self, document: VanBanMau, facts: dict[str, Any],
                  renderer: TextRenderer) -> list[dict[str, Any]]:
        """Return the text the Quyết định issues (Mẫu 1.3), numbered on its own."""
        text = document.kem_theo
        if text is None:
            return []
        where = ("kem_theo",)
        title = [renderer.segments(line, where + ("trich_yeu", i))
                 for i, line in enumerate(text.trich_yeu)]
        body = number_articles(text.chuong, text.dieu, renderer)
        if body:
            last = body[-1]
            body[-1] = dict(last, chu=_punctuated([last["chu"]], "", "./.")[0])
        geometry = frame.frame_context(
            issuer_lines=document.co_quan_ban_hanh.header_lines,
            title_lines=[emphasis.plain(t) for t in title])
        return [{"ten_loai": text.ten_loai.upper(), "trich_yeu": title,
                 "kem_theo": attached_line(facts), "ke": geometry["ke_trich_yeu"],
                 "noi_dung": body}]

    def _end_mark(self, context: dict[str, Any]) -> None:
        """End the last paragraph of the text with "./." (when no closing paragraph did)."""
        for key in ("ket_thuc", "noi_dung", "phan_dau", "mo_dau"):
            paragraphs = context.get(key) or []
            if not paragraphs:
                continue
            last = paragraphs[-1]
            segments = last["chu"] if isinstance(last, dict) else last
            if not emphasis.plain(segments).rstrip().endswith("./."):
                marked = _punctuated([segments], "", "./.")[0]
                if isinstance(last, dict):
                    paragraphs[-1] = dict(last, chu=marked)
                else:
                    paragraphs[-1] = marked
            return
