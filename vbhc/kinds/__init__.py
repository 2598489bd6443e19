"""Document kinds. A kind adds its model, its body blocks and its context to the frame.

Register a new kind by declaring it in ``declarations`` (or, for a kind that computes
facts of its own, adding its module to ``_OWN_MODULES`` below); the CLI, the template
builder and ``vbhc kinds`` pick it up.

``KINDS`` is a read-only mapping whose names are known without importing any kind:
a kind (its module, its pydantic model) is built the first time it is looked up, so
a single render builds only its own kind.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from vbhc.core.errors import DataError, Problem, short_path
from vbhc.data.loading import Source, load_yaml
from vbhc.data.model import VanBan
from vbhc.kinds import context
from vbhc.kinds.declarations import DECLARATIONS
from vbhc.kinds.kind import PROJECT_DIR, Kind

__all__ = ["KINDS", "PROJECT_DIR", "Kind", "get_kind", "load_any"]

# Kinds with Python of their own: name -> module whose ``KIND`` it is.
_OWN_MODULES = {"ke-hoach": "vbhc.kinds.ke_hoach", "bao-cao": "vbhc.kinds.bao_cao"}
_PHU_LUC = "phu-luc"


class _Registry(Mapping[str, Kind]):
    """The kinds by name, each built on its first lookup (names in listing order)."""

    def __init__(self) -> None:
        self._declared = {d.name: d for d in DECLARATIONS}
        self._names = (*_OWN_MODULES, _PHU_LUC, *self._declared)
        self._built: dict[str, Kind] = {}

    def __getitem__(self, name: str) -> Kind:
        kind = self._built.get(name)
        if kind is None:
            kind = self._built[name] = self._build(name)
        return kind

    def _build(self, name: str) -> Kind:
        if name in _OWN_MODULES:
            kind: Kind = importlib.import_module(_OWN_MODULES[name]).KIND
        elif name == _PHU_LUC:
            from vbhc.kinds.phu_luc import PhuLucKind

            kind = PhuLucKind(parent_named=get_kind)
        elif name in self._declared:
            from vbhc.kinds.declared import DeclaredKind

            kind = DeclaredKind(self._declared[name])
        else:
            raise KeyError(name)
        assert kind.name == name, f"kind {kind.name!r} registered as {name!r}"
        return kind

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def get_kind(name: str) -> Kind:
    """Return the kind called ``name``; an unknown name is a clear error."""
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(KINDS)
        raise DataError([Problem("dòng lệnh", "loai", f"không có loại văn bản '{name}' "
                                 f"(có: {known})")]) from None


def load_any(path: Path, kinds: Sequence[str] | None = None) -> tuple[Kind, VanBan, Source]:
    """Return (kind, document, source) for a data file, the kind named by its ``loai`` key.

    Used to read documents that other documents cite.
    """
    source = load_yaml(path)
    name = source.data.get("loai", "ke-hoach")
    kind = get_kind(name)
    if kinds and kind.name not in kinds:
        raise DataError([Problem(short_path(path), "loai", f"cần một trong {kinds}")])
    return kind, kind.load(source), source


KINDS: Mapping[str, Kind] = _Registry()

# Cited documents may be of any kind: the context reads them through this registry.
context.install_cited_loader(load_any)
