"""Data as the YAML text a clerk would have written: keys in the examples' order,
comments above what was guessed, long text folded, dates ISO, numbers as numbers."""

from __future__ import annotations

import json
import re
import textwrap
from datetime import date
from typing import Any

# The top-level order of the examples in data/ (records keep the order they are built in).
KEY_ORDER = [
    "loai", "co_quan_chu_quan", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh",
    "ngay_ban_hanh", "ten_loai", "trich_yeu", "tham_quyen", "kinh_gui", "chien_dich",
    "thong_tin", "van_ban", "can_cu", "theo_de_nghi", "giay_moi", "bien_ban", "mo_dau",
    "chuong", "dieu", "noi_dung", "khoan", "gach_dau_dong", "kinh_phi", "ket_thuc",
    "kem_theo", "danh_sach", "phu_luc", "noi_nhan", "luu", "nguoi_ky",
]
_RANK = {key: index for index, key in enumerate(KEY_ORDER)}
# Comment rules opening each part of the file, at the first key of the part present.
SECTIONS = [("co_quan_chu_quan", "Phần đầu văn bản (NĐ 30/2020)"),
            ("chien_dich", "Dữ kiện gõ một lần, dùng nhiều nơi"),
            ("can_cu", "Nội dung"), ("noi_nhan", "Nơi nhận và chữ ký")]
_WIDTH = 92
_REFERENCE = re.compile(r"\{\{.*?\}\}")
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~][^#]*$")
_SPECIAL = re.compile(r"^(true|false|yes|no|on|off|null|~|[-+]?[\d._]+([eE][-+]?\d+)?|"
                      r"\d{4}-\d{2}-\d{2}.*)$", re.IGNORECASE)


def ordered(data: dict[str, Any]) -> list[str]:
    """Return the keys of ``data`` in the examples' order."""
    return sorted(data, key=lambda key: _RANK.get(key, len(_RANK)))


def scalar(value: Any) -> str:
    """Return a scalar as YAML: numbers, dates and booleans bare, text plain when safe."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    if (_PLAIN.match(text) and ": " not in text and not text.endswith(":")
            and not _SPECIAL.match(text) and "\n" not in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(values: list[Any], indent: int) -> str | None:
    """Return a table row as one flow line (``[1, huyện Bát Xát, 250]``), when it fits."""
    if any(isinstance(v, (dict, list)) for v in values):
        return None
    cells = [json.dumps(v, ensure_ascii=False) if isinstance(v, str) and (
        not v or set(v) & set(",[]{}") or scalar(v).startswith('"')) else scalar(v)
        for v in values]
    line = "[" + ", ".join(cells) + "]"
    return line if indent + len(line) <= _WIDTH else None


def _folded(text: str, indent: int) -> list[str] | None:
    """Return ``text`` as a folded block (``>-``) when long and safe to fold."""
    if len(text) + indent < _WIDTH or "\n" in text or "  " in text or text != text.strip():
        return None
    width = max(_WIDTH - indent, 40)
    # -- a {{ reference }} is never split over two lines --
    glued = _REFERENCE.sub(lambda m: m.group(0).replace(" ", "\x00"), text)
    lines = textwrap.wrap(glued, width, break_long_words=False, break_on_hyphens=False)
    lines = [line.replace("\x00", " ") for line in lines]
    if " ".join(lines) != text:
        return None
    return lines


def emit(data: dict[str, Any], comments: dict[tuple, str]) -> str:
    """Return the YAML text of ``data`` with ``comments`` above the keys they name."""
    out: list[str] = []
    parts = [(_RANK[key], title) for key, title in SECTIONS]
    for key in ordered(data):
        while parts and _RANK.get(key, len(_RANK)) >= parts[0][0]:
            title = parts.pop(0)[1]
            if not parts or _RANK.get(key, len(_RANK)) < parts[0][0]:
                out += ["", f"# --- {title} " + "-" * max(3, 70 - len(title))]
        _entry(out, key, data[key], 0, (key,), comments)
    return "\n".join(out) + "\n"


def _comment(out: list[str], path: tuple, indent: int, comments: dict[tuple, str]) -> None:
    if path in comments:
        for line in textwrap.wrap(comments[path], _WIDTH - indent - 2):
            out.append(" " * indent + "# " + line)


def _entry(out: list[str], key: str, value: Any, indent: int, path: tuple,
           comments: dict[tuple, str]) -> None:
    _comment(out, path, indent, comments)
    pad = " " * indent
    if isinstance(value, dict):
        out.append(f"{pad}{key}:" if value else f"{pad}{key}: {{}}")
        for child in value:  # -- records keep the order the writer built them in --
            _entry(out, child, value[child], indent + 2, path + (child,), comments)
    elif isinstance(value, list) and path[-2:-1] == ("bang",) and _flow(value, indent + 6):
        out.append(f"{pad}{key}: {_flow(value, indent + 6)}")  # -- a typed table's row --
    elif isinstance(value, list):
        out.append(f"{pad}{key}:" if value else f"{pad}{key}: []")
        for index, item in enumerate(value):
            _item(out, item, indent + 2, path + (index,), comments)
    else:
        folded = _folded(str(value), indent + len(key) + 2) if isinstance(value, str) else None
        if folded:
            out.append(f"{pad}{key}: >-")
            out += [f"{pad}  {line}" for line in folded]
        else:
            out.append(f"{pad}{key}: {scalar(value)}")


def _item(out: list[str], item: Any, indent: int, path: tuple,
          comments: dict[tuple, str]) -> None:
    _comment(out, path, indent, comments)
    pad = " " * indent
    if isinstance(item, dict):
        keys = list(item)
        if not keys:
            out.append(f"{pad}- {{}}")
            return
        first = len(out)
        for key in keys:
            _entry(out, key, item[key], indent + 2, path + (key,), comments)
        # -- the first key goes on the dash's line --
        out[first] = f"{pad}- " + out[first][indent + 2:]
    elif isinstance(item, list) and _flow(item, indent + 2):
        out.append(f"{pad}- {_flow(item, indent + 2)}")
    elif isinstance(item, list):
        out.append(f"{pad}-")
        for index, sub in enumerate(item):
            _item(out, sub, indent + 2, path + (index,), comments)
    else:
        folded = _folded(str(item), indent + 2) if isinstance(item, str) else None
        if folded:
            out.append(f"{pad}- >-")
            out += [f"{pad}  {line}" for line in folded]
        else:
            out.append(f"{pad}- {scalar(item)}")


def leftover_comments(leftovers: list[tuple[int, str]]) -> str:
    """Return the paragraphs not placed, as comments for the end of the file."""
    if not leftovers:
        return ""
    lines = ["", "# --- Chưa đưa vào dữ liệu (vbhc import) " + "-" * 30,
             "# Các đoạn sau có trong văn bản gốc nhưng chưa có chỗ trong dữ liệu:"]
    for page, text in leftovers:
        lines.append(f"# - trang {page}: {text}")
    return "\n".join(lines) + "\n"
