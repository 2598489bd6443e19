"""The form of a document: its kind's JSON Schema walked alongside the data.

A form is a tree of ``Field``: each names its data path (``noi_nhan.2``), its label
and help, the widget that edits it and, for groups and lists, its children. The
page template only draws the tree, so a new kind (a new pydantic model) gets its form
with no studio code. Problems found by validation carry the same dotted paths, which
is how the page puts each message beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vbhc.core.formatting import point_letter, roman
from vbhc.data.labels import HELP, label

# Free text that runs over lines: a text area rather than a one-line box.
LONG_TEXT = {"trich_yeu", "can_cu", "mo_dau", "doan", "doan_sau", "y", "y_nho", "ket_thuc",
             "tieu_de", "mau_su_kien", "mau_dot", "cau", "kinh_phi"}
Schema = dict[str, Any]


@dataclass
class Field:
    """One field of the form."""

    path: str  # dotted data path; "" for the whole document
    name: str  # the key or the list position
    label: str
    widget: str  # text, textarea, number, date, check, select, group, list, map
    value: Any = None
    help: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)
    numbering: str = ""  # "I.", "1.", "a)" for the sections of the body
    new_item: Any = None  # what "Thêm" adds to a list or map


class FormBuilder:
    """Builds the form of one document from its model's JSON Schema."""

    def __init__(self, schema: Schema, comments: dict[str, str] | None = None) -> None:
        self.schema = schema
        self.definitions = schema.get("$defs", {})
        self.comments = comments or {}

    def build(self, data: dict[str, Any]) -> Field:
        """Return the form of ``data`` (the whole document)."""
        return self._field(self.schema, data, (), required=True)

    def _resolve(self, schema: Schema) -> tuple[Schema, bool]:
        """Return the schema behind refs and ``X | None``, and whether None is allowed."""
        optional = False
        while True:
            if "$ref" in schema:
                schema = self.definitions[schema["$ref"].rsplit("/", 1)[-1]]
            elif "anyOf" in schema and not _is_text_or(schema["anyOf"]):
                options = [s for s in schema["anyOf"] if s.get("type") != "null"]
                optional = optional or len(options) < len(schema["anyOf"])
                schema = options[0] if len(options) == 1 else {"oneOf": options}
            else:
                return schema, optional

    def _field(self, schema: Schema, value: Any, path: tuple, *, required: bool) -> Field:
        schema, optional = self._resolve(schema)
        name = str(path[-1]) if path else ""
        key = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        dotted = ".".join(map(str, path))
        made = Field(dotted, name, label(key) if name == key else f"{label(key)} {int(name) + 1}",
                     "text", value, help=self.comments.get(dotted) or HELP.get(name, ""),
                     required=required and not optional)
        alternatives = schema.get("oneOf") or schema.get("anyOf")
        if alternatives:  # -- "text, or a record", "rows or a workbook": the value decides --
            return self._field(_matching(alternatives, value), value, path, required=required)
        kind = schema.get("type")
        if key == "loai" and len(path) == 1:
            made.widget = "fixed"  # -- the kind is chosen when the file is made --
        elif "enum" in schema:
            made.widget, made.options = "select", [str(option) for option in schema["enum"]]
        elif kind == "string":
            long_text = key in LONG_TEXT or (isinstance(value, str) and len(value) > 90)
            made.widget = "date" if schema.get("format") == "date" else (
                "textarea" if long_text else "text")
        elif kind in ("integer", "number"):
            made.widget = "number"
        elif kind == "boolean":
            made.widget = "check"
        elif kind == "array":
            self._list(made, schema.get("items", {}), value, path)
        elif kind == "object" or "properties" in schema:
            self._object(made, schema, value, path)
        else:
            self._free(made, value, path)
        if key == "noi_dung" or (len(path) > 2 and path[0] == "noi_dung"):
            made.numbering = _section_label(path)
        return made

    def _object(self, made: Field, schema: Schema, value: Any, path: tuple) -> None:
        value = value if isinstance(value, dict) else {}
        properties = schema.get("properties")
        if properties:
            made.widget = "group"
            needed = set(schema.get("required", []))
            made.children = [self._field(sub, value.get(key), path + (key,),
                                         required=key in needed)
                             for key, sub in properties.items()]
            return
        made.widget = "map"
        items = schema.get("additionalProperties")
        for key, item in value.items():
            if isinstance(items, dict):
                made.children.append(self._field(items, item, path + (str(key),),
                                                 required=True))
            else:
                child = Field("", "", "", "text")
                self._free(child, item, path + (str(key),))
                made.children.append(child)
        made.new_item = _empty(self._resolve(items)[0] if isinstance(items, dict) else {})

    def _list(self, made: Field, items: Schema, value: Any, path: tuple) -> None:
        made.widget = "list"
        if isinstance(value, str):  # -- "one line or many": a single line is a list of one --
            value = [value]
        for index, item in enumerate(value if isinstance(value, list) else []):
            made.children.append(self._field(items, item, path + (index,), required=True))
        made.new_item = _empty(self._resolve(items)[0])

    def _free(self, made: Field, value: Any, path: tuple) -> None:
        """Fill a field the schema leaves open (``thong_tin``): the value's type decides."""
        dotted = ".".join(map(str, path))
        made.path, made.name = dotted, str(path[-1])
        made.label = made.label or label(made.name)
        made.help = made.help or self.comments.get(dotted, "")
        if isinstance(value, dict):
            made.widget, made.new_item = "map", ""
            for key, item in value.items():
                child = Field("", "", "", "text")
                self._free(child, item, path + (str(key),))
                made.children.append(child)
        elif isinstance(value, list):
            made.widget, made.new_item = "list", ""
            for index, item in enumerate(value):
                child = Field("", "", f"{made.label} {index + 1}", "text")
                self._free(child, item, path + (index,))
                made.children.append(child)
        elif isinstance(value, bool):
            made.widget = "check"
        elif isinstance(value, int | float):
            made.widget = "number"
        elif isinstance(value, str) and _looks_like_date(value):
            made.widget = "date"
        else:
            made.widget = "textarea" if isinstance(value, str) and len(value) > 90 else "text"
        made.value = value


def _matching(alternatives: list[Schema], value: Any) -> Schema:
    """Return the alternative whose JSON type is the value's (the first when none is)."""
    wanted = ("object" if isinstance(value, dict) else "array" if isinstance(value, list)
              else "string")
    for alternative in alternatives:
        if alternative.get("type", "object" if "$ref" in alternative else None) == wanted:
            return alternative
    return alternatives[0]


def _is_text_or(options: list[Schema]) -> bool:
    return any(o.get("type") == "string" for o in options) and any(
        "$ref" in o or o.get("type") == "object" for o in options)


def _empty(schema: Schema) -> Any:
    """Return what a new list item of ``schema`` starts as."""
    kind = schema.get("type")
    if "oneOf" in schema or kind == "string":
        return ""
    if kind in ("integer", "number"):
        return 0
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        first = required[0] if required else next(iter(schema.get("properties", {})), "ten")
        return {first: ""}
    if kind == "array":
        return []
    return ""


def _section_label(path: tuple) -> str:
    """Return how vbhc will number the body section at ``path`` (I., 1., a))."""
    depth = sum(1 for part in path if part in ("noi_dung", "muc"))
    if not isinstance(path[-1], int) or path[-2] not in ("noi_dung", "muc"):
        return ""
    position = path[-1] + 1
    return {1: f"{roman(position)}.", 2: f"{position}."}.get(depth, f"{point_letter(position)})")


def _looks_like_date(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit()
