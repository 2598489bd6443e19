"""The opening lines of a Giấy mời (Mẫu 1.7) and of a Biên bản (Mẫu 1.9) as their facts.

vbhc writes these lines itself from ``giay_moi`` / ``bien_ban``; reading them back
takes each fact out of its line ("Thời gian: 07h30 – 11h00, Thứ Tư, ngày 14/6/2023.").
A line that does not read as expected leaves the part unread (the kind then says
what is missing).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from vbhc.importer.body import strip_end_mark
from vbhc.importer.reading import Node

Data = dict[str, Any]
_SHORT_DATE = re.compile(r"ngày (\d{1,2})/(\d{1,2})/(\d{4})")
_LONG_DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
_HOURS = re.compile(r"^(\d{1,2})h(\d{2})(?:\s*[–-]\s*(\d{1,2})h(\d{2}))?,\s*")


def _bare(text: str) -> str:
    return strip_end_mark(text).strip()


def _after(node: Node, label: str) -> str | None:
    text = node.text if not node.label else f"{node.label} {node.text}"
    return _bare(text[len(label):]) if text.startswith(label) else None


def _person(text: str) -> Data:
    name, _, office = text.partition(", ")
    return {"ho_ten": name, "chuc_vu": office} if office else {"ho_ten": name}


def _dates(text: str, pattern: re.Pattern[str]) -> list[date]:
    out = []
    for match in pattern.finditer(text):
        try:
            out.append(date(int(match[3]), int(match[2]), int(match[1])))
        except ValueError:
            continue
    return out


def invitation(nodes: list[Node]) -> tuple[Data | None, list[Node]]:
    """Return ``giay_moi`` read from the opening lines, and the nodes left.

    The issuer's name, as the first line spells it, comes back as ``_co_quan``.
    """
    found: Data = {}
    rest = list(nodes)
    while rest:
        node, text = rest[0], rest[0].text
        marker = " trân trọng kính mời: "
        if marker in text and "kinh_moi" not in found:
            found["_co_quan"], invited = text.split(marker, 1)
            found["kinh_moi"] = _bare(invited)
        elif text.startswith("Tới dự ") and "toi_du" not in found:
            found["toi_du"] = _bare(text.removeprefix("Tới dự "))
        elif (value := _after(node, "Chủ trì: ")) is not None:
            found["chu_tri"] = value
        elif (value := _after(node, "Thời gian: ")) is not None:
            when: Data = {}
            hours = _HOURS.match(value)
            if hours:
                when["tu"] = f"{hours[1]}:{hours[2]}"
                if hours[3]:
                    when["den"] = f"{hours[3]}:{hours[4]}"
            days = _dates(value, _SHORT_DATE)
            if not days:
                break
            when["ngay"] = days[0] if len(days) == 1 else days
            found["thoi_gian"] = when
        elif (value := _after(node, "Địa điểm: ")) is not None:
            found["dia_diem"] = value
        else:
            break
        rest.pop(0)
    if not {"kinh_moi", "toi_du", "thoi_gian", "dia_diem"} <= set(found):
        return None, nodes
    return found, rest


def meeting(nodes: list[Node]) -> tuple[Data | None, list[Node]]:
    """Return ``bien_ban`` read from the opening and closing lines, and the nodes left."""
    found: Data = {}
    rest = list(nodes)
    while rest:
        node = rest[0]
        if (value := _after(node, "Thời gian bắt đầu: ")) is not None:
            clock = re.match(r"^(\d{1,2}) giờ (\d{2})", value)
            days = _dates(value, _LONG_DATE)
            if not clock or not days:
                break
            found["bat_dau"] = {"tu": f"{clock[1]}:{clock[2]}", "ngay": days[0]}
        elif (value := _after(node, "Địa điểm: ")) is not None:
            found["dia_diem"] = value
        elif node.text == "Thành phần tham dự:":
            found["thanh_phan"] = []
        elif node.level == "dash" and "thanh_phan" in found and "chu_tri" not in found:
            found["thanh_phan"].append(node.text.rstrip(";."))
        elif (value := _after(node, "Chủ trì: ")) is not None:
            found["chu_tri"] = _person(value)
        elif (value := _after(node, "Thư ký: ")) is not None:
            found["thu_ky"] = _person(value)
        elif node.text == "Nội dung cuộc họp:":
            pass
        else:
            break
        rest.pop(0)
    if rest:
        end = re.match(r"^Cuộc họp kết thúc vào (\d{1,2}) giờ (\d{2})", rest[-1].text)
        if end:
            found["ket_thuc"] = f"{end[1]}:{end[2]}"
            rest.pop()
    if not {"bat_dau", "ket_thuc", "dia_diem", "thanh_phan", "chu_tri", "thu_ky"} <= set(found):
        return None, nodes
    ordered = ("bat_dau", "ket_thuc", "dia_diem", "thanh_phan", "chu_tri", "thu_ky")
    return {key: found[key] for key in ordered}, rest
