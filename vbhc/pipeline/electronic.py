"""The electronic issue path (văn bản điện tử, ``--dien-tu``): the PDF for signing and its metadata.

One document: the .docx (with the signature and seal images when the data names
them), then from that same .docx a PDF/A-2b through LibreOffice, checked by
reading it back, then the register entry (``X.metadata.json``, PageAmount counted
in the PDF), then, when asked, the PAdES signature.

Order matters for "nothing half-written": the certificate and the images are
checked before the first file is written; the .docx, the PDF and the JSON are each
written atomically; a signed PDF replaces the unsigned one in one rename.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from vbhc.core.errors import OutputError, Problem, short_path
from vbhc.pipeline import images, metadata, pdfa
from vbhc.pipeline.output import write_atomic
from vbhc.pipeline.render import Loaded, render_to_bytes, write_docx
from vbhc.pipeline.signing import Certificate, sign_pdf, validate_pdf


@dataclass
class Issued:
    """What the electronic issue of one document wrote."""

    docx: Path
    pdf: Path
    metadata: Path
    pages: int
    entry: dict[str, Any]
    pdf_seconds: float
    signed: bool = False
    backup: Path | None = None
    pdfa: str | None = None  # "PDF/A-2b", or None for a plain PDF
    warnings: list[Problem] = field(default_factory=list)


def electronic_docx(loaded: Loaded, *, template: Path | None = None,
                    pictures: images.Pictures | None = None) -> bytes:
    """Return the .docx bytes of the electronic form: the paper form plus the images.

    An annex issued alone also gets the body's signature info box (Phụ lục I Phần II).
    """
    pictures = pictures if pictures is not None else images.read_pictures(loaded)
    if loaded.kind.name != "phu-luc":
        return images.place_pictures(render_to_bytes(loaded, template), pictures)
    context = dict(loaded.context)
    line = attachment_line(context)
    context["phu_luc"] = [{**annex, "kem_theo": line} for annex in context["phu_luc"]]
    separate = replace(loaded, context=context)
    data = render_to_bytes(separate, template)
    return images.add_signature_info(data, images.signature_info(loaded))


BLANK = " " * 6  # room left for a number or a date, as in the paper draft's "Số:      /"


def attachment_line(context: dict[str, Any]) -> str:
    """Return the "(Kèm theo …)" line of an attachment issued in its own file.

    The body's number and signing time are in the signature info box the office
    signs (top right of page 1), so the line leaves them blank (NĐ30 §11: an
    e-document need not fill them in); the type, ký hiệu and issuer stay.
    """
    return (f"(Kèm theo {context['ten_loai'].capitalize()} số {BLANK}/{context['ky_hieu']} "
            f"ngày {BLANK} tháng {BLANK} năm {BLANK} của {context['co_quan_ban_hanh']['ten']})")


def issue(loaded: Loaded, data_path: Path, output: Path | None = None, *,
          template: Path | None = None, force: bool = False,
          certificate: Certificate | None = None) -> Issued:
    """Issue one document electronically; return what was written.

    Raises ``DataError`` for a bad image (before anything is written), ``OutputError``
    when LibreOffice fails or the PDF is not fit for signing.
    """
    pictures = images.read_pictures(loaded)
    data = electronic_docx(loaded, template=template, pictures=pictures)
    warnings = list(pictures.warnings)
    if pictures.any and loaded.kind.framed and not images.placed(data):
        warnings.append(loaded.source.problem(images.FIELDS["signature"], (
            "mẫu không có chỗ ký (kiểu đoạn «VB Chỗ ký»): chưa đặt được ảnh chữ ký, dấu"),
            warning=True))
    docx = write_docx(loaded, data_path, output, data, force=force)
    pdf = docx.with_suffix(".pdf")
    started = time.perf_counter()
    failures = pdfa.export_pdfa([docx])
    seconds = time.perf_counter() - started
    if failures:
        raise OutputError("; ".join(f"{short_path(f.source)}: không tạo được PDF: {f.message}"
                                    for f in failures))
    level = pdfa.require_valid(pdf)
    if level is None:
        warnings.append(Problem(short_path(pdf), "", "LibreOffice ở máy này không xuất được "
                                "PDF/A (cần bản 7.4 trở lên): đây là bản PDF thường",
                                warning=True))
    pages = pdfa.page_count(pdf)
    signed_at = None
    if certificate is not None:
        signed_at = sign_file(pdf, certificate, pictures)
    entry = metadata.outgoing_metadata(loaded.document, loaded.context, pages=pages,
                                       pdf_name=pdf.name, signed_at=signed_at,
                                       attachment=loaded.kind.name == "phu-luc")
    entry["Format"] = level or "PDF"
    meta = metadata.write_metadata(pdf, entry)
    return Issued(docx, pdf, meta, pages, entry, seconds, certificate is not None,
                  loaded.backup, level, warnings)


def sign_file(pdf: Path, certificate: Certificate, pictures: images.Pictures) -> datetime:
    """Sign ``pdf`` in place (one atomic replace); return the signing time."""
    from vbhc.pipeline import pdfgeom

    page, box = 0, None
    if pictures.signature is not None:
        found = pdfgeom.find_image(pdf, pictures.signature.pixels)
        if found is not None:
            page, box = found.page, found.box
    signed_at = datetime.now(timezone.utc)
    signed = sign_pdf(pdf.read_bytes(), certificate, page=page, box=box)
    # -- read back before it replaces the unsigned PDF: a broken signature is never issued --
    check = validate_pdf(signed)
    if not (check.intact and check.valid):
        raise OutputError(f"chữ ký số trên {short_path(pdf)} không hợp lệ khi kiểm tra lại "
                          f"({check.summary}); bản PDF chưa ký được giữ nguyên")
    write_atomic(pdf, signed)
    return signed_at
