"""Document kinds. A kind adds its model, its body blocks and its context to the frame.

Register a new kind by declaring it in ``declarations`` (or, for a kind that computes
facts of its own, adding its module's ``KIND`` to ``KINDS`` below); the CLI, the
template builder and ``vbhc kinds`` pick it up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vbhc.core.errors import DataError, Problem, short_path
from vbhc.data.loading import Source, load_yaml
from vbhc.data.model import VanBan
from vbhc.kinds import context
from vbhc.kinds.bao_cao import KIND as BAO_CAO
from vbhc.kinds.declarations import DECLARED
from vbhc.kinds.ke_hoach import KIND as KE_HOACH
from vbhc.kinds.kind import PROJECT_DIR, Kind
from vbhc.kinds.phu_luc import PhuLucKind

__all__ = ["KINDS", "PROJECT_DIR", "Kind", "get_kind", "load_any"]


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


KINDS: dict[str, Kind] = {kind.name: kind for kind in
                          (KE_HOACH, BAO_CAO, PhuLucKind(parent_named=get_kind), *DECLARED)}

# Cited documents may be of any kind: the context reads them through this registry.
context.install_cited_loader(load_any)
