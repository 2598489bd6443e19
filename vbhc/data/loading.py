"""Read data files and map every problem back to its file, line and column.

YAML is parsed with libyaml (fast); line numbers are only needed when something
is wrong, so the node tree that carries them is composed lazily, once. Pydantic
errors become ``Problem`` records with Vietnamese messages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, ValidationError

from vbhc.core.errors import DataError, Problem, short_path
from vbhc.data import aliases, yaml_reader
from vbhc.data.base import nfc_context
from vbhc.data.model import PATTERN_MESSAGES

BASE_KEY = "dua_tren"


@dataclass
class Source:
    """A loaded data file: its data and a way back to the line of any value."""

    path: Path
    data: Any
    text: str
    base: Source | None = None  # the file this one is based on ('dua_tren')
    own_keys: frozenset[str] = frozenset()
    warnings: list[Problem] = field(default_factory=list)  # found while reading (workbooks)
    _nodes: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """Return the file's name as messages show it."""
        return short_path(self.path)

    def locate(self, location: tuple) -> tuple[int | None, int | None]:
        """Return the (line, column) of the key at ``location``, or of its nearest parent."""
        if self._nodes is None:
            self._nodes = yaml.compose(self.text, Loader=yaml_reader.ClerkLoader)
        node = self._nodes
        mark = node.start_mark if node is not None else None
        for key in location:
            key_node, value_node = _child(node, key)
            if key_node is None:
                break
            mark, node = key_node.start_mark, value_node
        return (mark.line + 1, mark.column + 1) if mark else (None, None)

    def problem(self, location: tuple, message: str, *, warning: bool = False) -> Problem:
        """Return a problem located at the value ``location`` in this file (or its base)."""
        if self.base is not None and location and location[0] not in self.own_keys:
            return self.base.problem(location, message, warning=warning)
        line, column = self.locate(location)
        return Problem(self.name, dotted(location), message, line, column, warning=warning)


def _child(node: Any, key: Any) -> tuple[Any, Any]:
    """Return (key node, value node) of ``key`` in a mapping or sequence node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key], node.value[key]
    return None, None


def dotted(location: tuple) -> str:
    """Return a data path as clerks read it: ``noi_dung[2].muc[0].tieu_de``."""
    out = ""
    for key in location:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def load_yaml(path: Path, text: str | None = None) -> Source:
    """Return the parsed data file; a missing file or bad YAML is a ``DataError``.

    ``text`` given: it is parsed as the content of ``path`` (edits not yet saved);
    files it names (``dua_tren``, ``tep``) are still found beside ``path``.
    """
    path = Path(path)
    name = short_path(path)
    if text is None:
        text = read_text(path)
    try:
        data, nodes, troubles = yaml_reader.read(text)
    except yaml.reader.ReaderError as error:
        # -- libyaml counts bytes, not characters: find the character itself --
        character = error.character if isinstance(error.character, str) else chr(error.character)
        at = _line_column(text, max(text.find(character), 0))
        raise DataError([Problem(name, "", _strange_character(character), *at)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise DataError([Problem(name, "", yaml_reader.syntax_message(error, text), line,
                                 column)]) from None
    if troubles:
        raise DataError([Problem(name, dotted(yaml_reader.path_to(nodes, trouble.node)),
                                 trouble.message, trouble.node.start_mark.line + 1,
                                 trouble.node.start_mark.column + 1) for trouble in troubles])
    aliases.check(text, data, name, yaml_reader.ClerkLoader)
    if not isinstance(data, dict):
        raise DataError([Problem(name, "", "tệp dữ liệu phải là một bảng khóa: giá trị "
                                 "(ví dụ 'trich_yeu: …')", 1, 1)])
    based_on = data.pop(BASE_KEY, None)
    if based_on is None:
        return Source(path, data, text)
    # -- a file may take everything from another and replace some top-level keys --
    base = load_yaml(path.parent / str(based_on))
    return Source(path, {**base.data, **data}, text, base=base, own_keys=frozenset(data))


SAVE_AS_UTF8 = ("mở tệp bằng Notepad, chọn File ▸ Save As (Lưu thành), ở ô Encoding chọn "
                "UTF-8 rồi lưu")


def read_text(path: Path) -> str:
    """Return the text of a UTF-8 file; another encoding is a ``DataError`` saying what to do."""
    name = short_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, "", "không tìm thấy tệp dữ liệu")]) from None
    except IsADirectoryError:
        raise DataError([Problem(name, "", "đây là một thư mục, không phải tệp dữ liệu")]) \
            from None
    except OSError as error:
        raise DataError([Problem(name, "", f"không đọc được tệp: {error.strerror or error}")]) \
            from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError([Problem(name, "", "tệp đang lưu dạng UTF-16 (Unicode), vbhc cần "
                                 f"UTF-8: {SAVE_AS_UTF8}", 1, 1)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[:error.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise DataError([Problem(name, "", "tệp không lưu dạng UTF-8 (có thể là bảng mã "
                                 f"Windows/TCVN3 hay cp1258); chữ đầu tiên không đọc được ở "
                                 f"dòng {line}: {SAVE_AS_UTF8}", line, column)]) from None


def _line_column(text: str, position: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character position in ``text``."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _strange_character(character: str) -> str:
    code = f"{ord(character):04X}"
    return (f"có ký tự không in được (mã U+{code}), thường do tệp lưu dạng UTF-16 hoặc chép "
            f"từ phần mềm khác; xóa ký tự đó, hoặc {SAVE_AS_UTF8}")


_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "int_parsing": "phải là số nguyên (ví dụ 5)",
    "int_type": "phải là số nguyên (ví dụ 5)",
    "int_from_float": "phải là số nguyên, không có phần thập phân",
    "float_parsing": "phải là một số",
    "string_type": "phải là chữ (văn bản)",
    "bool_parsing": "phải là có/không (true/false)",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng '- ')",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "date_from_datetime_inexact": "phải là ngày, không kèm giờ: dạng NĂM-THÁNG-NGÀY, ví dụ "
                                  "2023-04-05",
    "date_from_datetime_parsing": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-04-05",
    "date_parsing": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-04-05",
    "date_type": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-04-05",
    **dict.fromkeys(("datetime_from_date_parsing", "datetime_parsing", "datetime_type"),
                    "phải là ngày giờ dạng NĂM-THÁNG-NGÀYTGIỜ:PHÚT:GIÂY, ví dụ "
                    "2023-09-25T10:15:30"),
    "string_too_short": "không được để trống",
    "too_short": "cần ít nhất {min_length} mục",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "too_long": "nhiều nhất {max_length} mục",
    "string_too_long": "dài nhất {max_length} ký tự",
    "bool_type": "phải là có/không (true/false)",
    "float_type": "phải là một số",
    "union_tag_invalid": "phải là chữ, hoặc một bảng khóa: giá trị",
    "literal_error": "phải là một trong: {expected}",
    "string_pattern_mismatch": "không đúng dạng",
}


def _message(error: Any, model: type[BaseModel], location: tuple) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = location[-1]
        known = _known_keys(model, location[:-1])
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f" — có phải '{close[0]}'?" if close else ""
        return f"không có khóa '{key}'{hint}"
    if kind == "string_pattern_mismatch":
        return PATTERN_MESSAGES.get(str(error.get("ctx", {}).get("pattern")),
                                    _MESSAGES[kind])
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind.startswith("date") and isinstance(error.get("input"), str):
        # -- quoted in YAML or text in an Excel cell: say why the date does not exist --
        why = yaml_reader.impossible_date(error["input"])
        if why:
            return why
    template = _MESSAGES.get(kind)
    if template is None:
        return error["msg"]
    context = dict(error.get("ctx", {}))
    if "expected" in context:
        context["expected"] = str(context["expected"]).replace(" or ", ", ")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template


def _known_keys(model: type[BaseModel], location: tuple) -> list[str]:
    """Return the keys allowed at ``location`` (for 'did you mean …' hints)."""
    current: Any = model
    for key in location:
        if isinstance(key, int) or current is None:
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(key)
        current = _model_in(info.annotation) if info else None
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    """Return the first pydantic model found inside a type annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


_MODEL_NAME = r"[A-Z][A-Za-z]*"  # -- compiled (and kept by ``re``) at the first error --
_UNION_BRANCHES = {"str", "int", "list[str]", "function-after", "function-before",
                   "constrained-str", "function-wrap", "tagged-union", "text", "record"}


def _clean_location(location: tuple) -> tuple:
    """Drop pydantic's union branch names ('str', 'NoiNhan') from an error location."""
    # -- model names are ASCII CamelCase; a clerk's key ('Lưu') is kept --
    return tuple(k for k in location if isinstance(k, int) or not re.fullmatch(_MODEL_NAME, k)
                 and k not in _UNION_BRANCHES)


class Locator(Protocol):
    """Anything that places a problem at a location of a file (a Source, a unit's row …)."""

    def problem(self, location: tuple, message: str, *, warning: bool = False) -> Problem: ...


def validate(model: type[BaseModel], source: Locator, data: Any = None,
             normalized: set[int] | None = None) -> Any:
    """Return ``model`` validated from the source's data, or raise every problem at once.

    ``data`` defaults to ``source.data``; a locator that is not a Source must pass it.
    ``normalized``: the ids of the data's mappings already made NFC (``base.nfc_context``).
    """
    try:
        return model.model_validate(getattr(source, "data", None) if data is None else data,
                                    context=nfc_context(normalized))
    except ValidationError as error:
        problems, seen = [], set()
        for item in error.errors():
            location = _clean_location(item["loc"])
            message = _message(item, model, location)
            if (location, message) in seen:
                continue
            seen.add((location, message))
            problems.append(source.problem(location, message))
        raise DataError(problems) from None
