"""Refuse YAML files whose anchors and aliases expand to more values than any document needs.

``&a [x, x, x]`` then ``&b [*a, *a, *a]`` … nine levels deep is a few lines of YAML
but a billion values for anything that walks the data (NFC normalisation, type
checks, validation). Loading is cheap — an alias is the same Python object again —
so the expansion is measured right after loading, counting each shared value once
per place it is reached but walking it only once. An alias that refers to its own
ancestor (``&a [*a]``) never ends and is refused too.
"""

from __future__ import annotations

from typing import Any

import yaml

from vbhc.core.errors import DataError, Problem
from vbhc.core.limits import MAX_ALIAS_NODES

_CYCLE = -1


class _Expansion:
    """Count values as a full expansion would reach them; walk each shared one once."""

    def __init__(self, children: Any) -> None:
        self.children = children  # value -> its child values ([] for a scalar)
        self.sizes: dict[int, int] = {}
        self.distinct = 0

    def size(self, value: Any) -> int:
        known = self.sizes.get(id(value))
        if known is not None:
            return known
        kids = self.children(value)
        if not kids:
            self.distinct += 1
            return 1
        self.sizes[id(value)] = _CYCLE
        total = 1
        for child in kids:
            size = self.size(child)
            if size == _CYCLE:
                return _CYCLE
            total += size
        self.distinct += 1
        self.sizes[id(value)] = total
        return total


def _data_children(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for pair in value.items() for x in pair]
    return list(value) if isinstance(value, list) else []


def _node_children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def check(text: str, data: Any, name: str, loader: Any) -> None:
    """Raise ``DataError`` at the alias that makes ``data`` expand past the bound."""
    if "&" not in text or "*" not in text:
        return  # -- no anchor, no alias: every value is reached once --
    expansion = _Expansion(_data_children)
    try:
        total = expansion.size(data)
    except RecursionError:
        total = _CYCLE
    if total != _CYCLE and total - expansion.distinct <= MAX_ALIAS_NODES:
        return
    line, column = _where(text, loader)
    if total == _CYCLE:
        message = "bí danh YAML (*…) trỏ vào chính giá trị chứa nó: dữ liệu lặp vô hạn"
    else:
        limit = f"{MAX_ALIAS_NODES:,}".replace(",", ".")
        message = (f"bí danh YAML (*…) lặp lại dữ liệu quá nhiều (hơn {limit} giá trị; một "
                   "tệp thật chỉ cần vài nghìn)")
    raise DataError([Problem(name, "", message, line, column)])


def _where(text: str, loader: Any) -> tuple[int | None, int | None]:
    """Return (line, column) of the alias at which the expansion passes the bound."""
    root = yaml.compose(text, Loader=loader)
    expansion = _Expansion(_node_children)
    seen: set[int] = set()
    extra = 0
    stack: list[tuple[Any, Any]] = [(root, root.start_mark)] if root is not None else []
    while stack:
        node, mark = stack.pop()
        if id(node) in seen:  # -- reached again: this is an alias --
            try:
                size = expansion.size(node)
            except RecursionError:
                size = _CYCLE
            extra += size
            if size == _CYCLE or extra > MAX_ALIAS_NODES:
                return mark.line + 1, mark.column + 1
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [(v, k.start_mark) for k, v in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, item.start_mark if id(item) not in seen else mark)
                      for item in reversed(node.value)]
    return None, None
