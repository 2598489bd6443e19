"""The library entry: data file in, document out. The CLI and the tests call these.

``load`` validates everything before anything is written; ``render_to_bytes``
goes through the one engine; ``render_file`` writes atomically and refuses to
overwrite a hand-edited document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, OutputError, Problem, short_path
from vbhc.data.loading import Source, load_yaml
from vbhc.data.model import VanBan
from vbhc.document.chart import Picture, embed_media
from vbhc.document.engine import compiled_template
from vbhc.kinds import Kind, consistency, get_kind
from vbhc.kinds.kind import PICTURES_KEY, WARNINGS_KEY
from vbhc.pipeline.next_round import write_next_units
from vbhc.pipeline.output import guard_docx, write_atomic

OUTPUT_DIR = Path("output")


@dataclass
class Loaded:
    """A validated document with its kind, its source and its template context."""

    kind: Kind
    document: VanBan
    source: Source
    context: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    backup: Path | None = None  # the hand-edited file kept by --force, if any
    pictures: list[Picture] = field(default_factory=list)  # charts the .docx carries
    written: list[Path] = field(default_factory=list)  # other files written (next round)


def load(kind_name: str | None, data_path: Path, text: str | None = None) -> Loaded:
    """Return the validated document and its context; raises ``DataError`` listing every problem.

    ``kind_name`` None takes the kind the file declares (its ``loai``), Kế hoạch by default.
    ``text``: the file's content as edited but not saved (the studio's preview).
    """
    source = load_yaml(Path(data_path), text)
    declared = source.data.get("loai")
    kind = get_kind(kind_name or declared or "ke-hoach")
    if declared and declared != kind.name and not kind.accepts(declared):
        raise DataError([source.problem(("loai",), f"tệp này là '{declared}', không phải "
                                        f"'{kind.name}'")])
    document = kind.load(source)
    context = kind.context(document, source)
    problems = [*source.warnings, *context.pop(WARNINGS_KEY, []),
                *consistency.check(document, kind, source)]
    if any(not problem.warning for problem in problems):
        raise DataError(problems)
    return Loaded(kind, document, source, context, problems, pictures=context.pop(PICTURES_KEY,
                                                                                   []))


def render_to_bytes(loaded: Loaded, template: Path | None = None) -> bytes:
    """Return the .docx bytes of a loaded document."""
    data = compiled_template(template or loaded.kind.template_path).render(loaded.context)
    return embed_media(data, loaded.pictures)


def default_output(data_path: Path, suffix: str = ".docx") -> Path:
    """Return ``output/<data file stem>.docx``."""
    return OUTPUT_DIR / (Path(data_path).stem + suffix)


def render_file(kind_name: str, data_path: Path, output: Path | None = None, *,
                template: Path | None = None, force: bool = False) -> Path:
    """Render a data file to a .docx and return the path written."""
    return render_loaded(load(kind_name, data_path), data_path, output, template=template,
                         force=force)


def render_loaded(loaded: Loaded, data_path: Path, output: Path | None = None, *,
                  template: Path | None = None, force: bool = False) -> Path:
    """Render an already loaded document to a .docx and return the path written.

    With ``force``, a hand-edited file is kept beside it; ``loaded.backup`` names it.
    """
    target = write_docx(loaded, data_path, output, render_to_bytes(loaded, template),
                        force=force)
    units = write_next_units(loaded.document, loaded.context, data_path)
    if units is not None:
        loaded.written.append(units)
    return target


def write_docx(loaded: Loaded, data_path: Path, output: Path | None, data: bytes, *,
               force: bool = False) -> Path:
    """Write a rendered .docx: refused over a hand-edited file (unless ``force``), atomically."""
    target = Path(output) if output else default_output(data_path)
    if output is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"không tạo được thư mục {short_path(target.parent)}: "
                              f"{error.strerror or error}") from error
    loaded.backup = guard_docx(target, force=force, replacement=data)
    write_atomic(target, data)
    return target


def write_pdfs(paths: list[Path], *, jobs: int | None = None,
               progress: Any = None) -> list[Any]:
    """Write a PDF beside each .docx through LibreOffice; return the failures.

    Raises ``ToolMissing`` at once when LibreOffice is not installed.
    """
    from vbhc.pipeline import pdf

    pdf.require_soffice()
    return pdf.convert_to_pdf(paths, jobs=jobs, progress=progress)


def context_json(loaded: Loaded) -> str:
    """Return the template context as indented JSON (dates in ISO form)."""
    def default(value: Any) -> str:
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"{type(value).__name__} không chuyển được sang JSON")

    return json.dumps(loaded.context, ensure_ascii=False, indent=2, default=default)


__all__ = ["Loaded", "load", "render_to_bytes", "render_file", "write_pdfs", "context_json"]
