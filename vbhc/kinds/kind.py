"""What a document kind is: the declaration every kind fills in (tên loại, ký hiệu, model …).

A kind adds its model, its body blocks and its context to the NĐ30 frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbhc.core.errors import DataError
from vbhc.data.loading import Source, validate
from vbhc.data.model import VanBan
from vbhc.document import blocks, frame
from vbhc.kinds.context import document_context, document_facts

if TYPE_CHECKING:
    from vbhc.kinds.declaration import Declaration

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
# -- the checkout's templates_docx/ (where `vbhc mau` rebuilds them); an installed package
# (pip install ., a wheel) carries them as vbhc/templates_docx (pyproject.toml) --
_CHECKOUT_TEMPLATES = PROJECT_DIR / "templates_docx"
TEMPLATES_DIR = (_CHECKOUT_TEMPLATES if _CHECKOUT_TEMPLATES.is_dir()
                 else Path(__file__).resolve().parent.parent / "templates_docx")
# Context keys a kind may set beside the template values: warnings found while computing
# the context, and pictures (``vbhc.document.chart.Picture``) the .docx must carry.
WARNINGS_KEY = "_canh_bao"
PICTURES_KEY = "_hinh"


class Kind:
    """A document kind: Kế hoạch, Báo cáo … Subclasses set the class attributes, or name a
    ``declaration`` (``vbhc.kinds.declaration.Declaration``) they are read from."""

    declaration: Declaration | None = None

    name: str = ""  # command-line name, e.g. "ke-hoach"
    title: str = ""  # tên loại in running text, e.g. "Kế hoạch"
    abbreviation: str = ""  # Phụ lục III abbreviation, e.g. "KH"
    model: type[VanBan] = VanBan
    example: str = ""  # example data file, relative to the project
    framed: bool = True  # False: a template without the NĐ30 frame (the annexes alone)
    model_form: str = "1.4"  # the Phụ lục III model (Mẫu 1.x) the kind follows
    unit_field: tuple[str, ...] = ()  # what a batch row's "ten" fills, if anything
    batch_ready: bool = False  # True: batch_context computes the kind's own facts

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = cls.__dict__.get("declaration")
        if declared is not None:
            # -- a kind with Python of its own still has its facts in one declaration --
            cls.name, cls.title, cls.abbreviation = (declared.name, declared.title,
                                                     declared.abbreviation)
            cls.model_form, cls.example = declared.model_form, declared.example

    @property
    def template_name(self) -> str:
        """Return the file name of the kind's template in templates_docx/."""
        return self.name.replace("-", "_") + ".docx"

    @property
    def template_path(self) -> Path:
        """Return the kind's bundled template."""
        return TEMPLATES_DIR / self.template_name

    def body_blocks(self) -> list[str]:
        """Return the template XML between the title block and the signature."""
        return blocks.standard_body()

    def document_blocks(self) -> list[str]:
        """Return the template's blocks in order: the frame around ``body_blocks``."""
        if not self.framed:
            return self.body_blocks()
        return [frame.header_block(), frame.title_block(), *self.body_blocks(),
                frame.signature_block(), blocks.annexes()]

    def extra_styles(self) -> tuple[str, ...]:
        """Return paragraph styles the kind's blocks use beyond the frame's."""
        return ()

    def batch_context(self, document: VanBan, source: Source, cited: dict[str, Any],
                      unit: dict[str, Any]) -> dict[str, Any]:
        """Return a batch unit's context: cited documents read once, the unit as ``don_vi``."""
        facts = document_facts(document.model_copy(update={"van_ban": {}}), self, source)
        facts["van_ban"] = cited
        facts["don_vi"] = unit
        context, renderer = document_context(document, self, source, facts)
        renderer.raise_problems()
        return context

    def event_arguments(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Return how '- su_kien' lists in the body are written (none by default)."""
        return {}

    def accepts(self, declared: str | None) -> bool:
        """Return whether a data file declaring kind ``declared`` can be rendered as this kind."""
        return declared in (None, self.name)

    def load(self, source: Source) -> VanBan:
        """Return the validated document of ``source``; a ``<…>`` left unfilled is an error."""
        from vbhc.kinds.skeleton import placeholders

        unfilled = placeholders(source)
        if unfilled:
            raise DataError(unfilled)
        return validate(self.model, source)

    def context(self, document: VanBan, source: Source) -> dict[str, Any]:
        """Return everything the template receives; raises every data problem at once."""
        context, renderer = document_context(document, self, source)
        renderer.raise_problems()
        return context
