"""Turn a data file's text into data the way a clerk means it, or say in Vietnamese why not.

PyYAML alone reads ``so: 7.000`` as the float 7.0 (``012`` as octal 10, ``8:30`` as
510), keeps the last of two ``so:`` lines without a word, and crashes on
``2023-02-30``. Here numbers grouped with dots are whole numbers
(``vbhc.core.numbers``), leading zeros are decimal, times stay text, decimals keep
the text as typed, and a
repeated key, an impossible date or a number used as a key is a problem located at
its line. Syntax errors get Vietnamese messages that say how to fix them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from vbhc.core.numbers import GROUPED, HOW_TO_WRITE, TypedDecimal

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_GROUPED_TAG = "tag:vbhc,2024:grouped-integer"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Trouble:
    """A problem found while reading: the node it concerns and what is wrong."""

    node: Any
    message: str


class ClerkLoader(_Base):
    """A safe loader that records what a clerk would not mean instead of guessing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.troubles: list[Trouble] = []

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        """Return the mapping; repeated keys and numbers used as keys are troubles."""
        keys = [(k.tag, k.value) for k, _ in node.value if k.tag == _STR_TAG]
        if len(keys) == len(node.value) and len(set(keys)) == len(keys):
            return super().construct_mapping(node, deep=deep)  # -- the usual case, quickly --
        seen: dict[tuple[str, str], Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            first = seen.setdefault((key_node.tag, key_node.value), key_node)
            if first is not key_node:
                self.troubles.append(Trouble(key_node, (
                    f"khóa '{key_node.value}' ghi hai lần (dòng {first.start_mark.line + 1} "
                    f"và dòng {key_node.start_mark.line + 1}); xóa một trong hai dòng")))
            elif key_node.tag != _STR_TAG and not _is_empty(key_node):
                self.troubles.append(Trouble(key_node, _number_key(key_node, value_node,
                                                                   node.flow_style)))
        return super().construct_mapping(node, deep=deep)


def _is_empty(node: Any) -> bool:
    return node.tag == "tag:yaml.org,2002:null"


def _number_key(key_node: Any, value_node: Any, flow: bool) -> str:
    """Return the message for a key that is not a name (a number, a date, true)."""
    if flow and _is_empty(value_node) and re.fullmatch(r"[0-9]+", key_node.value):
        return (f"'{key_node.value}' đứng riêng sau dấu phẩy: trong {{…}} dấu phẩy ngăn các "
                f"trường, nên một số như 7,{key_node.value} bị tách đôi; {HOW_TO_WRITE}")
    return (f"khóa '{key_node.value}' phải là tên trường (chữ không dấu, ví dụ 'so'), "
            "không phải một số hay một ngày")


def _grouped_integer(loader: ClerkLoader, node: Any) -> int:
    return int(node.value.replace(".", ""))


def _integer(loader: ClerkLoader, node: Any) -> Any:
    digits = node.value.replace("_", "")
    if re.fullmatch(r"[-+]?[0-9]+", digits):
        return int(digits, 10)  # -- "012" is twelve, not YAML 1.1's octal ten --
    if ":" in digits:
        return node.value  # -- "8:30" is a time of day, not YAML 1.1's base 60 --
    return SafeConstructor.construct_yaml_int(loader, node)


def _decimal(loader: ClerkLoader, node: Any) -> Any:
    if ":" in node.value:
        return node.value  # -- "8:30.5": not base 60 either --
    value = SafeConstructor.construct_yaml_float(loader, node)
    return TypedDecimal(value, node.value) if isinstance(value, float) else value


def _timestamp(loader: ClerkLoader, node: Any) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        why = impossible_date(node.value) or f"ngày {node.value} không có"
        loader.troubles.append(Trouble(node, why))
        return node.value


# -- pattern texts, compiled (and kept by ``re``) when a date is first found wrong --
_ISO_DATE = r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*$"
_VN_DATE = r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*$"


def impossible_date(typed: str) -> str | None:
    """Return why the date typed as ``typed`` (2023-02-30 or 30/02/2023) does not exist;
    None when it is not written as a date, or exists.

    >>> impossible_date("2023-02-30"), impossible_date("31/6/2023")
    ('ngày 2023-02-30 không có: tháng 2/2023 chỉ có 28 ngày', 'ngày 31/6/2023 không có: \
tháng 6/2023 chỉ có 30 ngày')
    """
    iso, vietnamese = re.match(_ISO_DATE, typed), re.match(_VN_DATE, typed)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif vietnamese:
        day, month, year = (int(part) for part in vietnamese.groups())
    else:
        return None
    typed = typed.strip()
    if not 1 <= month <= 12:
        return f"ngày {typed} không có: không có tháng {month} (tháng từ 1 đến 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"ngày {typed} không có: tháng {month}/{year} chỉ có {days} ngày"
    return None


ClerkLoader.add_constructor(_GROUPED_TAG, _grouped_integer)
ClerkLoader.add_constructor("tag:yaml.org,2002:int", _integer)
ClerkLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
ClerkLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
# -- "7.000" also matches YAML's float pattern: the grouped form must be tried first --
ClerkLoader.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in _Base.yaml_implicit_resolvers.items()}
for _first in "+-0123456789":
    ClerkLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(0, (_GROUPED_TAG, GROUPED))


def read(text: str) -> tuple[Any, Any, list[Trouble]]:
    """Return (data, node tree, troubles) of YAML ``text``; raises ``yaml.YAMLError``."""
    loader = ClerkLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return data, root, loader.troubles


def path_to(root: Any, target: Any) -> tuple:
    """Return the data path (keys and indexes) of the node ``target`` in the tree ``root``."""
    stack: list[tuple[Any, tuple]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                here = path + (key_node.value,)
                if key_node is target or value_node is target:
                    return here
                stack.append((value_node, here))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                if item is target:
                    return path + (index,)
                stack.append((item, path + (index,)))
    return ()


# PyYAML's (libyaml's) syntax problems, as a clerk can act on them.
_SYNTAX = [
    ("mapping values are not allowed",
     "dấu ':' không đúng chỗ. Nếu nội dung có dấu ': ' (ví dụ 'Lưu: VT'), đặt cả nội dung "
     "trong ngoặc kép \"…\"; nếu không, kiểm tra thụt lề của dòng này so với dòng trên"),
    ("could not find expected ':'",
     "thiếu dấu ':' sau tên trường (dạng 'ten: nội dung'), hoặc dòng viết tiếp chưa thụt lề"),
    ("did not find expected key",
     "thụt lề không khớp: các trường cùng cấp phải bắt đầu ở cùng một cột"),
    ("did not find expected '-' indicator",
     "thụt lề không khớp trong danh sách: các mục '- ' cùng cấp phải bắt đầu ở cùng một cột"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên"),
    ("did not find expected node content", "thiếu nội dung sau dấu '-' hoặc ':'"),
    ("alphabetic or numeric character",
     "nội dung bắt đầu bằng '*' hoặc '&' (ví dụ *chữ nghiêng*) phải đặt trong ngoặc kép "
     "\"…\""),
    ("undefined alias",
     "nội dung bắt đầu bằng '*' (ví dụ *chữ nghiêng*) phải đặt trong ngoặc kép \"…\""),
    ("unexpected end of stream",
     "thiếu dấu ngoặc kép đóng: chuỗi mở bằng \" hoặc ' chưa được đóng đến hết tệp"),
    ("unknown escape character",
     "trong ngoặc kép \"…\" dấu '\\' phải viết hai lần (\\\\); hoặc dùng ngoặc đơn '…'"),
    ("expected ',' or '}'", "thiếu dấu '}' đóng, hoặc thiếu dấu phẩy giữa các trường trong {…}"),
    ("expected ',' or ']'", "thiếu dấu ']' đóng, hoặc thiếu dấu phẩy giữa các mục trong […]"),
]
TAB = ("có ký tự Tab: YAML chỉ thụt lề bằng dấu cách. Thay mỗi Tab bằng dấu cách (Notepad++: "
       "Edit ▸ Blank Operations ▸ TAB to Space)")


def syntax_message(error: yaml.YAMLError, text: str) -> str:
    """Return a YAML syntax error in Vietnamese, with how to fix it."""
    return f"YAML sai cú pháp: {_syntax_reason(error, text)}"


def _syntax_reason(error: yaml.YAMLError, text: str) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or ""
    if mark is not None and mark.index < len(text):
        character = text[mark.index]
        if character == "\t" or "tab" in problem:
            return TAB
        if "cannot start any token" in problem:
            return (f"ký tự '{character}' không được đứng đầu nội dung; đặt cả nội dung trong "
                    "ngoặc kép \"…\"")
    for english, vietnamese in _SYNTAX:
        if english in problem:
            return vietnamese
    return ("kiểm tra thụt lề (chỉ dùng dấu cách), dấu ':' sau tên trường và các dấu ngoặc "
            "kép đóng mở")
