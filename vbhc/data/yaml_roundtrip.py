"""Edits written back into a data file, keeping the clerk's comments, order and quoting.

The studio's browser edits a plain copy of the data (``state``: what ``vbhc.data.loading`` reads,
dates as ISO text). Saving merges that copy into the file parsed with ruamel.yaml's
round-trip loader, value by value, so that a changed value keeps its key's comments,
its place, and its quoting; untouched values are written back exactly as they were.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from vbhc.data import yaml_reader

Path_ = tuple[str | int, ...]
_REFERENCE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
FOLD_WIDTH = 100  # -- where a rewritten folded (>-) value wraps, as the examples do --


def _yaml(text: str) -> tuple[YAML, Any]:
    """Return a round-trip YAML set to the file's own indentation, and the parsed file."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # -- never fold a clerk's long line --
    dash = _dash_offset(text)
    yaml.indent(mapping=2, sequence=dash + 2, offset=dash)
    return yaml, yaml.load(text) if text.strip() else CommentedMap()


def _dash_offset(text: str) -> int:
    """Return how far the file indents a list's '-' under its key (0 or 2 in practice)."""
    key_indent = None
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if stripped.startswith("- ") and key_indent is not None:
            return max(0, indent - key_indent)
        key_indent = indent if stripped.rstrip().endswith(":") else None
    return 2


def merged_text(original: str, state: dict[str, Any]) -> str:
    """Return ``original`` with its values replaced by those of ``state``.

    Raises ruamel's YAMLError when ``original`` is not YAML (the caller says so).
    """
    yaml, document = _yaml(original)
    merged = _merge(document, state)
    out = io.StringIO()
    yaml.dump(merged, out)
    return out.getvalue()


def replaced_text(original: str, changes: list[tuple[Path_, str, str | None]]) -> str:
    """Return ``original`` with the text values at the given paths replaced.

    Each change is (path, new text, note): the value keeps its style (folded ``>-``,
    literal ``|``, quoted), the rest of the file is written back as it was, and a note
    becomes a comment line above the value. Raises ``KeyError`` for a path the file does
    not hold (a value taken from another file).
    """
    yaml, document = _yaml(original)
    for path, value, note in changes:
        line: list[Any] = [document]
        for key in path[:-1]:
            line.append(line[-1][key])
        parent, key = line[-1], path[-1]
        if isinstance(parent, CommentedSeq) and not (isinstance(key, int)
                                                     and key < len(parent)):
            raise KeyError(key)
        if isinstance(parent, CommentedMap) and key not in parent:
            raise KeyError(key)
        parent[key] = _styled(parent[key], value, _indent_of(parent, key))
        if note:
            _note_above(line, path, note)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def missing(text: str, paths: list[Path_]) -> list[Path_]:
    """Return the paths the file does not hold itself (values read from a workbook …)."""
    _, document = _yaml(text)
    absent: list[Path_] = []
    for path in paths:
        node = document
        for key in path:
            if isinstance(node, CommentedMap) and key in node:
                node = node[key]
            elif (isinstance(node, CommentedSeq) and isinstance(key, int)
                  and 0 <= key < len(node)):
                node = node[key]
            else:
                absent.append(path)
                break
    return absent


def _note_above(line: list[Any], path: Path_, note: str) -> None:
    """Write ``note`` as a comment line above the value at ``path`` (``line``: its parents).

    A value that is the first key of a list item gets the note above the item's "-".
    """
    depth = len(path) - 1
    while (depth > 0 and isinstance(line[depth], CommentedMap)
           and next(iter(line[depth])) == path[depth]
           and isinstance(line[depth - 1], CommentedSeq)):
        depth -= 1
    parent, key = line[depth], path[depth]
    if isinstance(parent, CommentedMap):
        column = parent.lc.key(key)[1]
    else:
        column = parent.lc.item(key)[1] - 2  # -- the item's "-" stands before its value --
    parent.yaml_set_comment_before_after_key(key, before=note, indent=max(int(column), 0))


def _indent_of(parent: Any, key: Any) -> int:
    where = parent.lc.key(key) if isinstance(parent, CommentedMap) else parent.lc.item(key)
    return int(where[1]) + 2


def _styled(old: Any, value: str, indent: int) -> Any:
    """Return ``value`` written the way ``old`` was (folded, literal, quoted or plain)."""
    if isinstance(old, FoldedScalarString) and "\n" not in value:
        folded = FoldedScalarString(value)
        folded.fold_pos = _fold_positions(value, FOLD_WIDTH - indent)
        return folded
    if isinstance(old, LiteralScalarString) or "\n" in value:
        return LiteralScalarString(value)
    for style in (DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, style):
            return style(value)
    # -- ruamel writes "yes" or "7.000" bare; vbhc's reader would take them for a yes/no or
    # a number: such text is quoted --
    return value if _reads_as_text(value) else DoubleQuotedScalarString(value)


def _reads_as_text(value: str) -> bool:
    """Return whether ``value`` written bare reads back, through vbhc's reader, as itself."""
    try:
        return bool(yaml_reader.read(value)[0] == value)
    except yaml.YAMLError:
        return True  # -- not YAML alone (": " …): ruamel quotes such text itself --


def _fold_positions(text: str, width: int) -> list[int]:
    """Return the spaces where a folded value wraps to stay within ``width`` columns."""
    positions: list[int] = []
    start = 0
    candidate = None
    inside = {index for match in _REFERENCE.finditer(text)
              for index in range(match.start(), match.end())}
    for index, character in enumerate(text):
        # -- a line may only break at a single space (more would change the value), and
        # never inside a {{ … }} reference, which reads best whole --
        if (character == " " and 0 < index < len(text) - 1 and text[index - 1] != " "
                and text[index + 1] != " " and index not in inside):
            if index - start > width and candidate is not None:
                positions.append(candidate)
                start = candidate + 1
            candidate = index
    if len(text) - start > width and candidate is not None and candidate > start:
        positions.append(candidate)
    return positions


def plain(value: Any) -> Any:
    """Return ``value`` (loaded data) as JSON-able data: dates as ISO text."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def comments(text: str) -> dict[str, str]:
    """Return the comment written beside or just above each key, by dotted path."""
    lines = text.splitlines()
    try:
        _, document = _yaml(text)
    except YAMLError:
        return {}
    found: dict[str, str] = {}

    def visit(node: Any, path: Path_) -> None:
        if isinstance(node, CommentedMap):
            for key in node:
                where = path + (str(key),)
                # -- keys of a flow mapping ({so: 1, …}) share their parent's line --
                note = "" if node.fa.flow_style() else _comment_at(node, key, lines)
                if note:
                    found[".".join(map(str, where))] = note
                visit(node[key], where)
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                visit(item, path + (index,))

    visit(document, ())
    return found


def _comment_at(node: CommentedMap, key: Any, lines: list[str]) -> str:
    """Return the key's end-of-line comment, or the comment lines right above it."""
    token = node.ca.items.get(key, [None, None, None, None])[2]
    if token is not None and token.start_mark.line == node.lc.key(key)[0]:
        return token.value.split("\n")[0].lstrip("# ").strip()
    above: list[str] = []
    line = node.lc.key(key)[0] - 1
    while line >= 0 and lines[line].lstrip().startswith("#"):
        text = lines[line].lstrip().lstrip("#").strip()
        if not text or text[0] in "-=":  # '# --- Phần đầu ---' heads a part, not this key
            break
        above.insert(0, text)
        line -= 1
    return " ".join(above)


def _merge(node: Any, new: Any) -> Any:
    """Return ``node`` updated in place to hold ``new`` (a fresh node where types differ)."""
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        for key in [key for key in node if str(key) not in new]:
            del node[key]
        keys = {str(key): key for key in node}
        for key, value in new.items():
            if key in keys:
                node[keys[key]] = _merge(node[keys[key]], value)
            else:
                node[key] = _fresh(value)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        for index, value in enumerate(new):
            if index < len(node):
                node[index] = _merge(node[index], value)
            else:
                node.append(_fresh(value))
        del node[len(new):]
        return node
    if _same(node, new):
        return node  # -- keeps its quoting, block style and number spelling --
    if isinstance(node, date) and isinstance(new, str):
        try:
            return date.fromisoformat(new)
        except ValueError:
            return new
    return _fresh(new)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, date):
        return old.isoformat() == new
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new or (isinstance(old, bool) and isinstance(new, bool) and old == new)
    if isinstance(old, CommentedMap | CommentedSeq):
        return False
    return type(old) is not type(new) and old == new or old == new


def _fresh(value: Any) -> Any:
    if isinstance(value, dict):
        fresh = CommentedMap()
        for key, item in value.items():
            fresh[key] = _fresh(item)
        return fresh
    if isinstance(value, list):
        return CommentedSeq(_fresh(item) for item in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value
