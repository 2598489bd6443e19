"""What a document kind is: the declaration every kind fills in (tên loại, ký hiệu, model …).

A kind adds its model, its body blocks and its context to the NĐ30 frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vbhc.data.loading import Source, validate
from vbhc.data.model import VanBan
from vbhc.document import blocks
from vbhc.kinds.context import document_context

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
# Context keys a kind may set beside the template values: warnings found while computing
# the context, and pictures (``vbhc.document.chart.Picture``) the .docx must carry.
WARNINGS_KEY = "_canh_bao"
PICTURES_KEY = "_hinh"


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
