"""Phụ lục alone: the annexes of any document, for offices that issue the table separately.

The data file is the parent document's own (its ``loai`` names the kind, Kế hoạch
by default), so the "Kèm theo" line cites the parent exactly as in the full file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vbhc.core.errors import DataError
from vbhc.data.loading import Source
from vbhc.data.model import VanBan
from vbhc.document import blocks
from vbhc.kinds.kind import Kind


class PhuLucKind(Kind):
    name = "phu-luc"
    title = "Phụ lục"
    abbreviation = ""
    example = "data/ngoc_thuy_2023_dot2.yaml"
    framed = False

    def __init__(self, parent_named: Callable[[str], Kind]) -> None:
        # The registry passes its lookup: the parent may be any registered kind.
        self.parent_named = parent_named

    def parent(self, source: Source) -> Kind:
        """Return the kind of the document whose annexes these are."""
        return self.parent_named(source.data.get("loai") or "ke-hoach")

    def body_blocks(self) -> list[str]:
        """Return only the annexes."""
        return [blocks.annexes(standalone=True)]

    def accepts(self, declared: str | None) -> bool:
        """Return whether a data file declaring kind ``declared`` can be rendered by this kind."""
        return True

    def load(self, source: Source) -> VanBan:
        """Return the parent document, validated as its own kind."""
        document = self.parent(source).load(source)
        # -- a report's results annex (issue 18) is computed, not listed in phu_luc --
        if not document.phu_luc and getattr(document, "ket_qua_don_vi", None) is None:
            raise DataError([source.problem(("phu_luc",), "văn bản này không có phụ lục nào")])
        return document

    def context(self, document: VanBan, source: Source) -> dict[str, Any]:
        """Return the parent's context (the annexes cite the parent)."""
        return self.parent(source).context(document, source)

