"""The preview: the real document, rendered by the engine and printed by LibreOffice.

Each preview renders the edited data through the same ``vbhc.pipeline.render`` path as
``vbhc render``, converts it in a LibreOffice kept warm between edits, and cuts the PDF
into page images with their text (pypdfium2), so the page shows what will print.

Edits arrive faster than a document renders. Only the newest request of a file is
rendered: a request that finds a newer one waiting gives way (``superseded``) instead
of queueing behind it.
"""

from __future__ import annotations

import io
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, Problem, VbhcError
from vbhc.pipeline import render
from vbhc.pipeline.office import WarmOffice

PAGE_SCALE = 1.25  # 90 dpi: sharp enough beside the form, 0.02 s a page
MAX_KEPT = 12  # previews whose pages the browser may still fetch


@dataclass
class Page:
    """One printed page: its image and its text (for search and for tests)."""

    png: bytes
    text: str


@dataclass
class Preview:
    """What one edit produced: problems, and the pages when the data was valid."""

    number: int
    problems: list[Problem] = field(default_factory=list)
    findings: list[dict[str, str]] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    error: str = ""  # the conversion failed (LibreOffice stopped …): shown in the pane
    superseded: bool = False
    docx: bytes = b""
    names: list[str] = field(default_factory=list)  # what {{ … }} may use, for completion


class Previewer:
    """Previews for one studio: one warm LibreOffice, the newest edit of each file first."""

    def __init__(self, office: WarmOffice | None = None) -> None:
        self.office = office or WarmOffice()
        self._render_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._latest: dict[Path, int] = {}
        self._count = 0
        self.kept: dict[int, Preview] = {}

    def close(self) -> None:
        """Stop LibreOffice."""
        self.office.close()

    def request(self, path: Path) -> int:
        """Return the number of a new preview of ``path``; older ones will give way."""
        with self._state_lock:
            self._count += 1
            self._latest[path] = self._count
            return self._count

    def preview(self, number: int, kind: str | None, path: Path, text: str) -> Preview:
        """Return the preview of ``text`` (the edited content of ``path``)."""
        with self._render_lock:
            if self._latest.get(path) != number:
                return Preview(number, superseded=True)
            result = self._make(number, kind, path, text)
        with self._state_lock:
            self.kept[number] = result
            for old in sorted(self.kept)[:-MAX_KEPT]:
                del self.kept[old]
        return result

    def _make(self, number: int, kind: str | None, path: Path, text: str) -> Preview:
        result = Preview(number)
        try:
            loaded = (_first_unit(kind, path, text) if _is_batch(text)
                      else render.load(kind, path, text))
            result.docx = render.render_to_bytes(loaded)
        except DataError as error:
            result.problems = [*error.problems, *error.warnings]
            return result
        except VbhcError as error:
            result.error = error.format_message()
            return result
        except Exception as error:  # noqa: BLE001 - a bug must not take the editor down
            result.error = f"lỗi nội bộ của vbhc khi tạo văn bản: {type(error).__name__}: {error}"
            return result
        result.problems = list(loaded.warnings)
        result.names = reference_names(loaded.context)
        with tempfile.TemporaryDirectory(prefix="vbhc-xem-truoc-") as folder:
            docx = Path(folder) / "van_ban.docx"
            docx.write_bytes(result.docx)
            result.findings = _findings(docx)
            target = docx.with_suffix(".pdf")
            try:
                self.office.convert(docx, target)
            except VbhcError as error:
                result.error = error.format_message()
                return result
            result.pages = pdf_pages(target.read_bytes())
        return result


def _is_batch(text: str) -> bool:
    """Return whether the data holds a table of units (a top-level ``don_vi:`` key)."""
    return any(line.startswith("don_vi:") for line in text.splitlines())


def _first_unit(kind: str | None, path: Path, text: str) -> render.Loaded:
    """Return the document of a batch's first unit: what the studio shows for a batch file."""
    from vbhc.pipeline.batch.units import load_batch
    from vbhc.pipeline.batch.workers import UnitRenderer

    batch = load_batch(kind or "ke-hoach", path, text)
    if not batch.units:
        raise DataError([Problem(path.name, "don_vi", "bảng đơn vị chưa có đơn vị nào")])
    unit = batch.units[0]
    if unit.problems:
        raise DataError(unit.problems)
    document, context, warnings = UnitRenderer(batch, path.parent).context(unit)
    return render.Loaded(batch.kind, document, batch.source, context, warnings)


def _findings(docx: Path) -> list[dict[str, str]]:
    """Return the NĐ30 checker's findings of the rendered document."""
    from vbhc.checker import check_docx

    report = check_docx(docx)
    return [{"muc": finding.rule, "muc_do": finding.severity, "o_dau": finding.where,
             "thay": finding.found, "can": finding.required} for finding in report.findings]


def pdf_pages(pdf: bytes) -> list[Page]:
    """Return each page of ``pdf`` as a grey-scale PNG and its text."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            image = page.render(scale=PAGE_SCALE, grayscale=True).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=1)
            text = page.get_textpage().get_text_range()
            pages.append(Page(buffer.getvalue(), text.replace("\r\n", "\n")))
    finally:
        document.close()
    return pages


# What the template receives besides the facts: laid-out text, not for references.
_LAYOUT_KEYS = {"co_quan_chu_quan_dong", "co_quan_ban_hanh_dong", "dia_danh_ngay", "trich_yeu",
                "can_cu", "mo_dau", "noi_dung", "ket_thuc", "noi_nhan", "khung", "nguoi_ky",
                "phu_luc"}


def reference_names(context: dict[str, Any], depth: int = 4) -> list[str]:
    """Return the dotted names a ``{{ … }}`` reference may use (``chien_dich.nam`` …)."""
    names: list[str] = []

    def walk(value: Any, prefix: str, level: int) -> None:
        if isinstance(value, dict) and level < depth:
            for key, item in value.items():
                if isinstance(key, str) and key.isidentifier():
                    walk(item, f"{prefix}.{key}" if prefix else key, level + 1)
        elif prefix and not isinstance(value, list | dict):
            names.append(prefix)

    walk({k: v for k, v in context.items() if k not in _LAYOUT_KEYS}, "", 0)
    return sorted(names)


def problem_json(problem: Problem) -> dict[str, Any]:
    """Return a problem as the page shows it: where, which field, the message."""
    field = re.sub(r"\[(\d+)\]", r".\1", problem.field)  # su_kien[1].ngay -> su_kien.1.ngay
    return {"truong": field, "thong_bao": problem.message, "dong": problem.line,
            "canh_bao": problem.warning, "day_du": str(problem)}
