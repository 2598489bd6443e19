"""``vbhc batch … --dien-tu``: the electronic form of every unit and one register workbook.

Runs after the batch has written the .docx files: each unit's document and context
are rebuilt from the batch data (cheap next to LibreOffice), its images placed,
every document exported as PDF/A in LibreOffice lanes, each PDF checked and its
metadata written beside it; then one sổ đăng ký văn bản đi with a row per
document. A unit that fails any step joins the batch's failure list with the reason;
the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, OutputError, Problem
from vbhc.pipeline import metadata, pdfa
from vbhc.pipeline.batch.merge import unit_document
from vbhc.pipeline.batch.records import BatchResult, UnitResult
from vbhc.pipeline.batch.run import UnitRenderer
from vbhc.pipeline.batch.units import load_batch
from vbhc.pipeline.images import pictures_of, place_pictures
from vbhc.pipeline.output import write_atomic


def _fail(unit: UnitResult, message: str | list[Problem]) -> None:
    unit.ok = False
    if isinstance(message, str):
        unit.problems.append(Problem(unit.file, "dien_tu", message))
    else:
        unit.problems.extend(message)


def issue_batch(kind: str, data_path: Path, outcome: BatchResult, *, jobs: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> Path | None:
    """Make the electronic form of every written unit; return the register written, if any."""
    batch = load_batch(kind, Path(data_path))
    renderer = UnitRenderer(batch, outcome.output_dir)
    units = {unit.index: unit for unit in batch.units}
    prepared: dict[Path, tuple[UnitResult, Any, dict[str, Any]]] = {}
    for result in outcome.written:
        unit = units[result.index]
        path = outcome.output_dir / result.file
        try:
            document, context, _ = renderer.context(unit)
            _, source = unit_document(batch, unit)
            found = pictures_of(document, source)
            if found.signature is not None or found.seal is not None:
                # -- the text is unchanged, so the vbhc fingerprint stays valid --
                write_atomic(path, place_pictures(path.read_bytes(), found))
        except DataError as error:
            _fail(result, error.problems)
            continue
        prepared[path] = (result, document, context)
    for failure in pdfa.export_pdfa(list(prepared), jobs=jobs, progress=progress):
        result, _, _ = prepared.pop(failure.source)
        _fail(result, f"không tạo được PDF: {failure.message}")
    entries = []
    for path, (result, document, context) in prepared.items():
        pdf = path.with_suffix(".pdf")
        try:
            level = pdfa.require_valid(pdf)  # -- a plain PDF (old LibreOffice) is accepted --
        except OutputError as error:
            _fail(result, error.format_message())
            continue
        entry = metadata.outgoing_metadata(document, context, pages=pdfa.page_count(pdf),
                                           pdf_name=pdf.name)
        entry["Format"] = level or "PDF"
        metadata.write_metadata(pdf, entry)
        entries.append(entry)
    if not entries:
        return None
    return metadata.write_register(outcome.output_dir / metadata.REGISTER_NAME, entries)


def electronic_files(outcome: BatchResult, register: Path | None) -> list[str]:
    """Return the names of the files the electronic issue added to the folder (for --zip)."""
    names = []
    for unit in outcome.written:
        pdf = Path(unit.file).with_suffix(".pdf")
        names += [pdf.name, metadata.metadata_path(pdf).name]
    return names + ([register.name] if register is not None else [])
