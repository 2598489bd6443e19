"""Facts typed once: the year, the campaign's name, cited documents and events.

Each fact replaces its literal text with a ``{{ … }}`` reference only where the
reference renders the very same text (checked with vbhc's own formatting), so an
imported document renders back unchanged and next year's copy is one change.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from vbhc.core.formatting import short_date
from vbhc.kinds import Kind
from vbhc.kinds.context import citation

Data = dict[str, Any]
# Keys whose text is running text a reference may stand in (not names, not recipients).
TEXT_KEYS = ("trich_yeu", "can_cu", "mo_dau", "noi_dung", "dieu", "chuong", "khoan",
             "gach_dau_dong", "ket_thuc")
_CAMPAIGN = re.compile(r"Chiến dịch\s+“\**([^”*]{3,80})\**”", re.IGNORECASE)
_CITED = re.compile(
    r"(?P<loai>Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Thông tư|Kế hoạch|Hướng dẫn|"
    r"Công văn|Thông báo|Báo cáo|Tờ trình|Chương trình|Đề án|Phương án)\s+số\s+"
    r"(?P<so>\d+)/(?P<kh>[^\s,;/]+)\s*,?\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"\s+của\s+(?P<cq>[^,;.:]+?)(?=\s+(?:về|V/v|như sau|đã|và)\b|[,;.:]|$)")
_EVENT = re.compile(r"^Ngày (\d{1,2})/(\d{1,2})/(\d{4}) tổ chức (.+) tại (.+)\.$")
_ABBREVIATIONS = {"Luật": "luat", "Nghị định": "nd", "Nghị quyết": "nq", "Quyết định": "qd",
                  "Chỉ thị": "ct", "Thông tư": "tt", "Kế hoạch": "kh", "Hướng dẫn": "hd",
                  "Công văn": "cv", "Thông báo": "tb", "Báo cáo": "bc", "Tờ trình": "ttr",
                  "Chương trình": "ctr", "Đề án": "da", "Phương án": "pa"}


def make_facts(data: Data, kind: Kind, notes: dict[tuple, str]) -> None:
    """Turn recurring facts of ``data`` into references, in place."""
    campaign_key = "chien_dich" in _model_fields(kind)
    _cited(data, notes)
    _events(data, campaign_key, notes)
    issued = data.get("ngay_ban_hanh")
    year = issued.year if isinstance(issued, date) else None
    name = _campaign_name(data)
    if campaign_key and year and (name or "chien_dich" in data):
        data["chien_dich"] = {"ten": name or _first(data.get("trich_yeu")), "nam": year,
                              **data.get("chien_dich", {})}
        if not name:
            notes[("chien_dich", "ten")] = "không thấy tên chiến dịch: tạm lấy trích yếu"
            name = "\x00"  # -- nothing to replace --
        _replace(data, re.compile(re.escape(name)), "{{ chien_dich.ten }}")
        _replace(data, _year_pattern(year), "{{ chien_dich.nam }}")
        notes[("chien_dich",)] = ("tên chiến dịch và năm lặp lại trong văn bản: gõ một lần ở "
                                  "đây, các câu dùng {{ chien_dich.ten }}, {{ chien_dich.nam }}")
        return
    info: Data = {}
    if name and _count(data, re.compile(re.escape(name))) >= 2:
        info["chien_dich"] = name
        _replace(data, re.compile(re.escape(name)), "{{ thong_tin.chien_dich }}")
    if year and _count(data, _year_pattern(year)) >= 2:
        info["nam"] = year
        _replace(data, _year_pattern(year), "{{ thong_tin.nam }}")
    if info:
        data["thong_tin"] = {**info, **data.get("thong_tin", {})}
        notes[("thong_tin",)] = "dữ kiện lặp lại trong văn bản: gõ một lần ở đây"


def _first(value: Any) -> str:
    return (value[0] if isinstance(value, list) else value) or "Chiến dịch"


def _model_fields(kind: Kind) -> set[str]:
    if kind.declaration is not None and kind.name != "ke-hoach":
        return set(kind.declaration.parts)
    return set(kind.model.model_fields)


def _year_pattern(year: int) -> re.Pattern[str]:
    # -- a year standing alone: not inside a date (05/9/2023) nor a number --
    return re.compile(rf"(?<![/\d.,]){year}(?![\d/])")


def _texts(data: Data) -> list[tuple[Any, Any]]:
    """Return (container, key) of every running-text string in ``data``."""
    out: list[tuple[Any, Any]] = []

    def walk(container: Any, key: Any) -> None:
        value = container[key]
        if isinstance(value, str):
            out.append((container, key))
        elif isinstance(value, list):
            for index in range(len(value)):
                walk(value, index)
        elif isinstance(value, dict):
            for name in value:
                if name not in ("khoa", "danh_so", "su_kien"):
                    walk(value, name)

    for key in TEXT_KEYS:
        if key in data:
            walk(data, key)
    return out


def _count(data: Data, pattern: re.Pattern[str]) -> int:
    return sum(len(pattern.findall(c[k])) for c, k in _texts(data))


def _replace(data: Data, pattern: re.Pattern[str], reference: str) -> None:
    for container, key in _texts(data):
        container[key] = pattern.sub(reference, container[key])


def _campaign_name(data: Data) -> str | None:
    names = [m.group(1).strip() for c, k in _texts(data) for m in _CAMPAIGN.finditer(c[k])]
    for name in dict.fromkeys(names):
        if names.count(name) >= 2 or len(names) == 1:
            return name
    return None


def _cited(data: Data, notes: dict[tuple, str]) -> None:
    """Cited documents written in full become ``van_ban`` entries and references."""
    entries: Data = dict(data.get("van_ban", {}))
    for container, key in _texts(data):
        def swap(match: re.Match[str]) -> str:
            try:
                day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return match.group(0)
            entry: dict[str, Any] = {"ten_loai": match["loai"], "so": int(match["so"]),
                                     "ky_hieu": match["kh"],
                     "ngay": day, "co_quan": match["cq"].strip()}
            if citation(**entry) != match.group(0):
                return match.group(0)  # -- vbhc would write it otherwise: kept as typed --
            name = f"{_ABBREVIATIONS[match['loai']]}_{match['so']}"
            entries[name] = entry
            return f"{{{{ van_ban.{name}.trich_dan }}}}"
        container[key] = _CITED.sub(swap, container[key])
    if entries:
        data["van_ban"] = entries
        notes[("van_ban",)] = "văn bản được trích dẫn, đọc từ câu chữ: kiểm tra cơ quan ban hành"


def _events(data: Data, campaign_key: bool, notes: dict[tuple, str]) -> None:
    """A section listing only "Ngày … tổ chức … tại …" items lists the campaign's events."""
    if not campaign_key:
        return
    for section in _sections(data.get("noi_dung", [])):
        items = section.get("y") or []
        found = [_EVENT.match(item) if isinstance(item, str) else None for item in items]
        if not items or not all(found) or section.get("y_nho"):
            continue
        events = []
        for match in found:
            assert match is not None
            day = date(int(match[3]), int(match[2]), int(match[1]))
            if short_date(day) != f"{match[1]}/{match[2]}/{match[3]}":
                return
            events.append({"ngay": day, "ten": match[4], "dia_diem": match[5]})
        del section["y"]
        section["su_kien"] = True
        data.setdefault("chien_dich", {})["su_kien"] = events
        notes[("chien_dich", "su_kien")] = ("các sự kiện đọc từ câu «Ngày … tổ chức … tại …»; "
                                            "vbhc viết lại chúng ở mục có su_kien: true")
        return


def _sections(items: list[Any]) -> list[Data]:
    out = []
    for section in items:
        if isinstance(section, dict):
            out.append(section)
            out += _sections(section.get("muc", []))
    return out
