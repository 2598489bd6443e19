"""Document kinds. A kind adds its model, its body blocks and its context to the frame.

Register a new kind by adding its module's ``KIND`` to ``KINDS``; the CLI, the
template builder and ``vbhc kinds`` pick it up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vbhc import blocks
from vbhc.context import document_context
from vbhc.errors import DataError, Problem, short_path
from vbhc.loading import Source, load_yaml, validate
from vbhc.model import VanBan

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


class Kind:
    """A document kind: Kế hoạch, Báo cáo … Subclasses set the class attributes."""

    name: str = ""  # command-line name, e.g. "ke-hoach"
    title: str = ""  # tên loại in running text, e.g. "Kế hoạch"
    abbreviation: str = ""  # Phụ lục III abbreviation, e.g. "KH"
    model: type[VanBan] = VanBan
    example: str = ""  # example data file, relative to the project
    framed: bool = True  # False: a template without the NĐ30 frame (the annexes alone)

    @property
    def template_name(self) -> str:
        """Return the file name of the kind's template in templates_docx/."""
        return self.name.replace("-", "_") + ".docx"

    @property
    def template_path(self) -> Path:
        """Return the kind's bundled template."""
        return PROJECT_DIR / "templates_docx" / self.template_name

    def body_blocks(self) -> list[str]:
        """Return the template XML between the title block and the signature."""
        return blocks.standard_body()

    def event_arguments(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Return how '- su_kien' lists in the body are written (none by default)."""
        return {}

    def accepts(self, declared: str | None) -> bool:
        """Return whether a data file declaring kind ``declared`` can be rendered as this kind."""
        return declared in (None, self.name)

    def load(self, source: Source) -> VanBan:
        """Return the validated document of ``source``."""
        return validate(self.model, source)

    def context(self, document: VanBan, source: Source) -> dict[str, Any]:
        """Return everything the template receives; raises every data problem at once."""
        context, renderer = document_context(document, self, source)
        renderer.raise_problems()
        return context


def _registry() -> dict[str, Kind]:
    from vbhc.kinds.bao_cao import KIND as BAO_CAO
    from vbhc.kinds.ke_hoach import KIND as KE_HOACH
    from vbhc.kinds.phu_luc import KIND as PHU_LUC

    return {kind.name: kind for kind in (KE_HOACH, BAO_CAO, PHU_LUC)}


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


KINDS: dict[str, Kind] = _registry()
