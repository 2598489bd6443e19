"""The PDF for signing: PDF/A-2b through LibreOffice, checked by reading it back.

veraPDF is not available here, so the file is checked with pikepdf for what a
signing tool and an e-office system rely on (NĐ30 Phụ lục I Phần II): every page
A4, every font embedded (the text must look the same on every computer and stay
searchable), a PDF/A output intent and the XMP ``pdfaid`` identification.

LibreOffice 7.4 takes the export options as JSON after the filter name
(``SelectPdfVersion`` 2 = PDF/A-2b); it writes an sRGB output intent and the XMP.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vbhc.core.errors import OutputError, short_path

PDFA_EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
A4_POINTS = (595.28, 841.89)
_A4_TOLERANCE = 1.0  # points
_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def export_pdfa(docx_paths: Sequence[Path], *, jobs: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """Write a PDF/A-2b ``X.pdf`` beside each .docx; return the failures (``PdfFailure``)."""
    from vbhc.pipeline import pdf

    pdf.require_soffice()
    return pdf.convert_to_pdf(docx_paths, jobs=jobs, progress=progress, export=PDFA_EXPORT)


def pdf_problems(path: Path, *, pdfa: bool = True) -> list[str]:
    """Return what keeps ``path`` from being a PDF for signing (empty when it is one).

    ``pdfa`` False leaves out the PDF/A identification (output intent, XMP pdfaid).
    """
    import pikepdf

    problems: list[str] = []
    try:
        document = pikepdf.open(path)
    except (OSError, pikepdf.PdfError) as error:
        return [f"không đọc được PDF: {error}"]
    with document:
        for number, page in enumerate(document.pages, start=1):
            box = [float(v) for v in page.mediabox]
            size = (box[2] - box[0], box[3] - box[1])
            if any(abs(got - want) > _A4_TOLERANCE
                   for got, want in zip(sorted(size), A4_POINTS, strict=True)):
                problems.append(f"trang {number} không phải khổ A4 "
                                f"({size[0]:.0f}×{size[1]:.0f} pt)")
        missing = sorted(not_embedded_fonts(document))
        if missing:
            problems.append(f"phông chữ chưa được nhúng: {', '.join(missing)}")
        if not pdfa:
            return problems
        intents = document.Root.get("/OutputIntents")
        if not intents or not any(str(i.get("/S")) == "/GTS_PDFA1" for i in intents):
            problems.append("thiếu output intent PDF/A")
        part, conformance = pdfa_identification(document)
        if part is None:
            problems.append("thiếu nhận dạng PDF/A (XMP pdfaid) trong siêu dữ liệu")
    return problems


def pdfa_identification(document: Any) -> tuple[str | None, str | None]:
    """Return the PDF/A part and conformance the XMP declares, e.g. ("2", "B")."""
    try:
        meta = document.open_metadata()
    except Exception:  # -- a broken XMP packet reads as "not declared" --
        return None, None
    return meta.get(f"{_PDFAID}part"), meta.get(f"{_PDFAID}conformance")


def not_embedded_fonts(document: Any) -> set[str]:
    """Return the base names of the fonts used on any page without their font program."""
    missing: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def visit(resources: Any) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            key = font.objgen
            if key in seen and key != (0, 0):
                continue
            seen.add(key)
            fonts = list(font.get("/DescendantFonts") or []) or [font]
            for face in fonts:
                descriptor = face.get("/FontDescriptor")
                if face.get("/Subtype") == "/Type3":
                    continue  # -- glyphs drawn by content streams: nothing to embed --
                if descriptor is None or not any(k in descriptor for k in
                                                 ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(face.get("/BaseFont", "?")).lstrip("/"))
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in document.pages:
        visit(page.get("/Resources"))
    return missing


def page_count(path: Path) -> int:
    """Return the number of pages of a PDF."""
    import pikepdf

    with pikepdf.open(path) as document:
        return len(document.pages)


def require_valid(path: Path) -> str | None:
    """Return the PDF/A level of ``path`` ("PDF/A-2b"), or None when it is a plain PDF.

    Raises ``OutputError`` naming ``path`` when it is not fit for signing at all (not A4,
    fonts not embedded). A plain PDF is accepted: an older LibreOffice (before 7.4)
    ignores the PDF/A options; the caller warns.
    """
    import pikepdf

    problems = pdf_problems(path, pdfa=False)
    if problems:
        raise OutputError(f"{short_path(path)} chưa đạt yêu cầu bản PDF để ký số: "
                          + "; ".join(problems))
    if pdf_problems(path):
        return None
    with pikepdf.open(path) as document:
        part, conformance = pdfa_identification(document)
    return f"PDF/A-{part}{(conformance or '').lower()}"
