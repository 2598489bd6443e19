"""What the studio does to a data file: open it, edit its data, save it safely.

These are plain functions over a ``Workspace``: the web layer (``vbhc.studio.app``) only
turns requests into calls, and tests call them directly.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from vbhc.core.errors import DataError, Problem, VbhcError
from vbhc.data.loading import BASE_KEY, load_yaml
from vbhc.data.yaml_roundtrip import comments, merged_text, plain
from vbhc.kinds import KINDS, get_kind
from vbhc.pipeline import render
from vbhc.pipeline.output import write_atomic
from vbhc.studio.form import Field, FormBuilder
from vbhc.studio.workspace import Workspace, version

BATCH_KEYS = ("don_vi", "chi_tieu_cap_tren")


class Conflict(VbhcError):
    """The file changed since this page opened it: saving would lose the other change."""


class NeedsConfirmation(VbhcError):
    """The edited data is invalid and would replace a valid file: the clerk must agree."""


@dataclass
class Opened:
    """A data file as the editor shows it."""

    path: str
    kind: str
    state: dict[str, Any]  # the data as the browser edits it
    text: str
    version: str

    @property
    def is_batch(self) -> bool:
        """Return whether the file holds a table of units (one document per unit)."""
        return any(key in self.state for key in BATCH_KEYS)


def open_document(workspace: Workspace, relative: str) -> Opened:
    """Return the file's data; unreadable YAML is a DataError naming the line."""
    path = workspace.resolve(relative)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    source = load_yaml(path, text)
    state = plain(source.data)
    if source.base is not None:  # -- keep what the file takes from its base out of it --
        state = {BASE_KEY: _raw_base(text), **{k: state[k] for k in source.own_keys}}
    kind = str(source.data.get("loai") or "ke-hoach")
    return Opened(workspace.relative(path), kind if kind in KINDS else "ke-hoach", state, text,
                  version(raw))


def edited_text(opened_text: str, state: dict[str, Any]) -> str:
    """Return the file's text holding ``state`` (what saving writes, comments kept)."""
    try:
        return merged_text(opened_text, state)
    except YAMLError:
        return merged_text("", state)


def form(kind: str, state: dict[str, Any], text: str) -> Field:
    """Return the form of ``state`` for its kind, with the file's comments as help."""
    model = get_kind(kind).model
    schema = model.model_json_schema()
    if any(key in state for key in BATCH_KEYS):
        from vbhc.pipeline.batch.table import BangDonVi
        from vbhc.pipeline.batch.units import DonVi

        unit, table = DonVi.model_json_schema(), BangDonVi.model_json_schema()
        schema["$defs"] = {**schema.get("$defs", {}), **unit.pop("$defs", {}),
                           **table.pop("$defs", {}), "DonVi": unit, "BangDonVi": table}
        units = {"anyOf": [{"type": "array", "items": {"$ref": "#/$defs/DonVi"}},
                           {"$ref": "#/$defs/BangDonVi"}]}  # inline rows, or a workbook
        schema["properties"] = {**schema["properties"], "don_vi": units,
                                "chi_tieu_cap_tren": {"type": "string"}}
    if BASE_KEY in state:  # -- a file based on another: it holds only what it changes --
        schema["properties"] = {BASE_KEY: {"type": "string"}, **schema["properties"]}
        schema["required"] = []
    return FormBuilder(schema, comments(text)).build(state)


def change(state: dict[str, Any], operation: str, path: str, key: str = "",
           item: Any = "") -> dict[str, Any]:
    """Return ``state`` with a list or map changed: them (add), xoa, len, xuong."""
    state = copy.deepcopy(state)
    *parent_path, last = _parts(path)
    if operation == "them":
        container = _get(state, _parts(path), create=True)
        if isinstance(container, list):
            container.append(item)
        elif isinstance(container, dict) and key and key not in container:
            container[key] = item
        else:
            _set(state, _parts(path), [container, item] if container not in ("", None) else [item])
        return state
    parent = _get(state, parent_path)
    if operation == "xoa":
        if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            del parent[last]
        elif isinstance(parent, dict):
            parent.pop(str(last), None)
    elif operation in ("len", "xuong") and isinstance(parent, list) and isinstance(last, int):
        other = last - 1 if operation == "len" else last + 1
        if 0 <= other < len(parent) and last < len(parent):
            parent[last], parent[other] = parent[other], parent[last]
    return state


def save(workspace: Workspace, relative: str, state: dict[str, Any], held_version: str, *,
         confirmed: bool = False) -> tuple[str, list[Problem], str]:
    """Write ``state`` into the file (comments kept); return its version, problems and text.

    Refuses (Conflict) when the file changed since ``held_version``, and
    (NeedsConfirmation) an invalid edit over a valid file unless ``confirmed``.
    """
    path = workspace.resolve(relative)
    raw = path.read_bytes() if path.exists() else b""
    if version(raw) != held_version:
        raise Conflict("tệp đã được lưu ở nơi khác (một thẻ khác hoặc chương trình khác) "
                       "sau khi trang này mở nó. Hãy tải lại trang để xem bản mới rồi sửa tiếp.")
    old_text = raw.decode("utf-8-sig", errors="replace")
    text = edited_text(old_text, state)
    problems = validate_text(path, text)
    errors = [problem for problem in problems if not problem.warning]
    if errors and not confirmed and old_text and not _errors(path, old_text):
        raise NeedsConfirmation(f"dữ liệu đang có {len(errors)} lỗi; lưu sẽ ghi đè tệp đang "
                                "hợp lệ. Bấm Lưu lần nữa và xác nhận nếu vẫn muốn lưu.")
    data = text.encode("utf-8")
    write_atomic(path, data)
    return version(data), problems, text


def validate_text(path: Path, text: str) -> list[Problem]:
    """Return the problems of ``text`` as the content of ``path`` (errors and warnings)."""
    try:
        return list(render.load(None, path, text).warnings)
    except DataError as error:
        return [*error.problems, *error.warnings]


def new_document(workspace: Workspace, kind_name: str, name: str) -> str:
    """Create ``name``.yaml, the kind's commented skeleton (as ``vbhc new``); return its path."""
    from vbhc.kinds.skeleton import skeleton

    kind = get_kind(kind_name)
    stem = Path(name.strip() or kind.name.replace("-", "_")).stem
    relative = f"{stem}.yaml"
    target = workspace.resolve(relative)
    if target.exists():
        raise VbhcError(f"đã có tệp {relative}: hãy chọn tên khác")
    write_atomic(target, skeleton(kind).encode("utf-8"))
    return relative


def _errors(path: Path, text: str) -> list[Problem]:
    return [problem for problem in validate_text(path, text) if not problem.warning]


def _raw_base(text: str) -> str:
    for line in text.splitlines():
        if line.startswith(f"{BASE_KEY}:"):
            return line.partition(":")[2].split("#")[0].strip().strip("'\"")
    return ""


def _parts(path: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in path.split(".") if part]


def _get(data: Any, parts: list[str | int], *, create: bool = False) -> Any:
    for index, part in enumerate(parts):
        if isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        elif isinstance(data, dict):
            if part not in data and create:
                data[part] = [] if index == len(parts) - 1 else {}
            data = data.get(str(part))
        else:
            return None
    return data


def _set(data: Any, parts: list[str | int], value: Any) -> None:
    parent = _get(data, parts[:-1], create=True)
    if isinstance(parent, list) and isinstance(parts[-1], int):
        parent[parts[-1]] = value
    elif isinstance(parent, dict):
        parent[str(parts[-1])] = value
