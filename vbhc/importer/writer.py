"""A ``Reading`` as the data a kind expects: the frame keys, the body in the kind's structure.

``build`` returns the data in the order the examples in data/ use, with the
comments (Vietnamese, for the clerk) on what was guessed. The facts typed once
(year, campaign, cited documents, events) are made by ``vbhc.importer.facts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vbhc.core import forms
from vbhc.data.model import KY_HIEU
from vbhc.importer import annexes, body, facts, meetings
from vbhc.importer.reading import Node, Reading
from vbhc.kinds import KINDS, Kind

Data = dict[str, Any]
Path_ = tuple[Any, ...]
_AS_RECIPIENT = re.compile(r"^Như (trên|Điều \d+)$")
_LUU = re.compile(r"^VT\b\s*,?\s*(.*?)\s*(?:\((\d+)\))?$")
_BODY_KEYS = ("chuong", "dieu", "noi_dung", "khoan", "gach_dau_dong")


@dataclass
class Built:
    """The data of one document, the comments to print above keys, and what was left out."""

    data: Data
    comments: dict[Path_, str] = field(default_factory=dict)
    leftovers: list[tuple[int, str]] = field(default_factory=list)


def build(reading: Reading) -> Built:
    """Return the data of ``reading`` for its kind."""
    kind = KINDS[reading.kind]
    built = Built({}, leftovers=list(reading.leftovers))
    _frame(reading, kind, built)
    _body(reading, kind, built)
    annexes.place_annexes(reading, _parts(kind), built.data, built.leftovers)
    _tail(reading, kind, built)
    facts.make_facts(built.data, kind, built.comments)
    return built


def _declared(kind: Kind) -> Any:
    return kind.declaration


def _parts(kind: Kind) -> frozenset[str]:
    declaration = _declared(kind)
    return declaration.parts if declaration is not None else frozenset()


def _frame(reading: Reading, kind: Kind, built: Built) -> None:
    data, notes = built.data, built.comments
    data["loai"] = kind.name
    if reading.kind_guessed:
        notes[("loai",)] = ("vbhc không nhận ra loại văn bản (ký hiệu, tên loại): tạm coi là "
                            f"{kind.title}; sửa nếu sai")
    if reading.chu_quan:
        data["co_quan_chu_quan"] = (reading.chu_quan[0] if len(reading.chu_quan) == 1
                                    else reading.chu_quan)
    lines = reading.issuer_lines or ["<TÊN CƠ QUAN>"]
    code = _issuer_code(reading, kind)
    data["co_quan_ban_hanh"] = {"ten": _name(reading, " ".join(lines)),
                                "viet_tat": code or _initials(lines), "dong": lines}
    notes[("co_quan_ban_hanh", "ten")] = "tên đầy đủ đoán từ các dòng in hoa: sửa cho đúng"
    if not code:
        notes[("co_quan_ban_hanh", "viet_tat")] = "văn bản không có ký hiệu: chữ viết tắt đoán"
    if reading.so:
        data["so"] = reading.so
    data["dia_danh"] = reading.dia_danh or "<địa danh>"
    if reading.ngay:
        data["ngay_ban_hanh"] = reading.ngay
    else:
        notes[("dia_danh",)] = "không đọc được ngày ban hành: hãy thêm ngay_ban_hanh"
    printed = (reading.ten_loai or "").strip()
    if printed and printed != kind.title.upper():
        data["ten_loai"] = printed.capitalize()
    subject = reading.trich_yeu or reading.vv
    data["trich_yeu"] = subject[0] if len(subject) == 1 else subject
    if reading.authority and "tham_quyen" in _parts(kind):
        data["tham_quyen"] = [_name(reading, line) for line in reading.authority]
        notes[("tham_quyen",)] = "viết thường đoán từ dòng in hoa (vbhc tự in hoa)"
    elif reading.authority:
        built.leftovers += [(1, line) for line in reading.authority]
    if reading.lead_in and not (_declared(kind) and _declared(kind).lead_in):
        built.leftovers.append((1, reading.lead_in))
    if reading.kinh_gui:
        if "kinh_gui" in _parts(kind):
            data["kinh_gui"] = reading.kinh_gui
        else:
            built.leftovers += [(1, "Kính gửi: " + name) for name in reading.kinh_gui]
    if reading.can_cu:
        data["can_cu"] = reading.can_cu
    if reading.theo_de_nghi:
        if "theo_de_nghi" in _parts(kind):
            data["theo_de_nghi"] = reading.theo_de_nghi
        else:
            data.setdefault("can_cu", []).append("Theo đề nghị của " + reading.theo_de_nghi)
    _ky_hieu(reading, kind, data)


def _ky_hieu(reading: Reading, kind: Kind, data: Data) -> None:
    """Keep the ký hiệu as typed when vbhc would not compute the same one."""
    if not reading.ky_hieu:
        return
    issuer = data["co_quan_ban_hanh"]["viet_tat"]
    computed = f"{kind.abbreviation}-{issuer}" if kind.abbreviation else None
    if computed != reading.ky_hieu and kind.abbreviation and re.match(KY_HIEU,
                                                                         reading.ky_hieu):
        data["ky_hieu"] = reading.ky_hieu


def _issuer_code(reading: Reading, kind: Kind) -> str | None:
    parts = (reading.ky_hieu or "").split("-")
    if kind.abbreviation and len(parts) >= 2 and parts[0] == kind.abbreviation:
        return "-".join(parts[1:]) or None
    if not kind.abbreviation and parts and parts[0]:
        return parts[0]
    return None


def _initials(lines: list[str]) -> str:
    words = " ".join(lines).split()
    return "".join(word[0] for word in words if word[:1].isalpha()).upper() or "CQ"


def _name(reading: Reading, caps: str) -> str:
    """Return a name printed in capitals as running text spells it, when it does."""
    texts = [a.kem_theo for a in reading.annexes] + [n.text for n in reading.body]
    pattern = re.compile(re.escape(caps).replace(r"\ ", r"\s+"), re.IGNORECASE)
    for text in texts:
        match = pattern.search(text)
        if match:
            longer = re.match(r"[^,;.()]*", text[match.start():])
            found = match.group(0)
            # -- the Kèm theo line names the issuer in full: "… của Ủy ban nhân dân tỉnh X)" --
            if longer and text.endswith(")") and "Kèm theo" in text:
                found = longer.group(0).strip()
            return found
    return _sentence_case(caps)


def _sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


# -- body -----------------------------------------------------------------------------------

def _body(reading: Reading, kind: Kind, built: Built) -> None:
    data = built.data
    nodes = annexes.take_costs(list(reading.body), _parts(kind), data)
    built.leftovers += [(n.page, annexes.table_text(n.table)) for n in nodes
                        if n.table is not None]
    nodes = [n for n in nodes if n.table is None]
    nodes = _model_parts(kind, nodes, data)
    opening, rest, closing = body.split_ends(nodes)
    if "giay_moi" in data and not rest:  # -- a Giấy mời's text after its lines closes it --
        opening, closing = [], opening + closing
    declared_end = hasattr(kind, "build_context")  # -- declared kinds add "./." themselves --
    if closing:
        closing[-1].text = body.strip_end_mark(closing[-1].text)
    elif declared_end and (rest or opening) and body.has_end_mark((rest or opening)[-1].text):
        last = (rest or opening)[-1]
        last.text = body.strip_end_mark(last.text)
    if opening:
        data["mo_dau"] = [body.as_line(n) for n in opening]
    structures = _declared(kind).structures if _declared(kind) else ("noi_dung",)
    key, value = _structure(rest, structures)
    if key == "dieu":
        chapters, articles, stray = value
        built.leftovers += [(n.page, body.as_line(n)) for n in stray]
        if chapters:
            data["chuong"] = chapters
        if articles:
            data["dieu"] = articles
    elif key and value:
        data[key] = value
    if closing:
        data["ket_thuc"] = [n.text for n in closing]


def _model_parts(kind: Kind, nodes: list[Node], data: Data) -> list[Node]:
    """Take a Giấy mời's or a Biên bản's own lines out of the body, as their parts."""
    parts = _parts(kind)
    if "giay_moi" in parts:
        invitation, rest = meetings.invitation(nodes)
        if invitation:
            # -- "<issuer> trân trọng kính mời:" spells the issuer's full name --
            data["co_quan_ban_hanh"]["ten"] = invitation.pop("_co_quan")
            data["giay_moi"] = invitation
            return rest
    if "bien_ban" in parts:
        record, rest = meetings.meeting(nodes)
        if record:
            data["bien_ban"] = record
            return rest
    return nodes


def _structure(nodes: list[Node], structures: tuple[str, ...]) -> tuple[str | None, Any]:
    """Return the body key the kind allows that fits the nodes, and its data."""
    if not nodes:
        return None, None
    levels = {n.level for n in nodes}
    if levels & {"dieu", "chuong"} and "dieu" in structures:
        stray: list[Node] = []
        chapters, articles = body.articles(nodes, stray)
        return "dieu", (chapters, articles, stray)
    if "noi_dung" in structures and ("roman" in levels or "khoan" not in structures):
        return "noi_dung", body.sections(nodes)
    if levels <= {"dash", "plus", "text"} and "gach_dau_dong" in structures:
        return "gach_dau_dong", body.dash_items(nodes)
    if "khoan" in structures:
        clauses, loose = body.clauses_of(nodes)
        return "khoan", clauses + loose
    return "noi_dung", body.sections(nodes)


# -- Nơi nhận and signature -------------------------------------------------------------------

def _tail(reading: Reading, kind: Kind, built: Built) -> None:
    data = built.data
    recipients = list(reading.recipients)
    first = _declared(kind).first_recipient if _declared(kind) else None
    if first and len(recipients) > 1 and _AS_RECIPIENT.match(recipients[0]):
        recipients.pop(0)  # -- vbhc writes "- Như trên;" / "- Như Điều N;" itself --
    if recipients:
        data["noi_nhan"] = recipients
    luu = _luu(reading.luu)
    if luu:
        data["luu"] = luu
    if reading.luu and not reading.luu.startswith("VT"):
        built.comments[("luu",)] = f"dòng Lưu gốc: «{reading.luu}»; vbhc luôn in «Lưu: VT, …»"
    signer = reading.signer
    if signer.ho_ten and "bien_ban" not in _parts(kind):  # -- a Biên bản's signers: its chair --
        entry: Data = {}
        if signer.quyen_han:
            entry["quyen_han"] = " ".join(signer.quyen_han)
        entry["chuc_danh"] = signer.chuc_danh or ["<CHỨC DANH>"]
        lines = [f"{p} {t}" for p, t in zip(signer.quyen_han, entry["chuc_danh"], strict=False)]
        lines += entry["chuc_danh"][len(lines):]
        if signer.quyen_han and forms.deputy_without_kt(lines):
            # -- a deputy signing without KT.: vbhc only prints the NĐ30 form --
            fixed = forms.kt_form(lines)
            entry["quyen_han"] = " ".join(line.split()[0] for line in fixed
                                          if re.match(r"^(TM|KT|TL|TUQ|Q)\.", line))
            entry["chuc_danh"] = [re.sub(r"^(TM|KT|TL|TUQ|Q)\.\s+", "", line) for line in fixed]
            built.comments[("nguoi_ky",)] = (f"bản gốc in «{' / '.join(lines)}»: cấp phó phải "
                                              "ký thay (KT.), vbhc in theo NĐ 30")
        if signer.chuc_vu_khac:
            entry["chuc_vu_khac"] = signer.chuc_vu_khac
        entry["ho_ten"] = signer.ho_ten
        if signer.da_ky:
            entry["da_ky"] = True
        data["nguoi_ky"] = entry


def _luu(text: str | None) -> Data:
    if not text:
        return {}
    match = _LUU.match(text.rstrip("."))
    unit, copies = (match.group(1), match.group(2)) if match else (text, None)
    out: Data = {}
    if unit:
        out["don_vi"] = unit.strip(" ,")
    if copies:
        out["so_ban"] = int(copies)
    return out
