"""Run every rule on one .docx and return its report."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from vbhc.core import safezip
from vbhc.core.errors import VbhcError, short_path

from .docmodel import CheckedDoc
from .locate import Layout
from .locate_tail import locate
from .model import Findings, Report
from .rules_annex import check_annexes, check_capitals, check_kem_theo
from .rules_body import check_body, check_can_cu, check_end_mark, check_numbering, check_title
from .rules_header import check_bodies, check_quoc_hieu, check_table
from .rules_number import check_date, check_number, check_vv
from .rules_page import check_fonts, check_page, check_page_numbers
from .rules_signature import check_kinh_gui, check_recipients, check_signature
from .rules_tags import check_template_tags

# Set to True (tests do) to let a bug in a rule raise instead of becoming a warning.
RAISE_INTERNAL_ERRORS = False

Step = Callable[[CheckedDoc, Layout, Findings], None]

STEPS: list[tuple[str, Step]] = [
    ("C01", lambda d, lay, o: check_page(d, o, annex_only=lay.annex_only)),
    ("C03", lambda d, lay, o: check_fonts(d, o)),
    ("C05", check_page_numbers),
    ("C06", check_table),
    ("C07", check_quoc_hieu),
    ("C10", check_bodies),
    ("C12", lambda d, lay, o: check_number(lay, o)),
    ("C14", lambda d, lay, o: check_date(lay, o)),
    ("C15", lambda d, lay, o: check_vv(lay, o)),
    ("C16", lambda d, lay, o: check_title(lay, o)),
    ("C18", lambda d, lay, o: check_body(lay, o)),
    ("C19", lambda d, lay, o: check_can_cu(lay, o)),
    ("C20", lambda d, lay, o: check_numbering(lay, o)),
    ("C21", lambda d, lay, o: check_end_mark(lay, o)),
    ("C22", check_signature),
    ("C24", lambda d, lay, o: check_recipients(lay, o)),
    ("C26", lambda d, lay, o: check_kinh_gui(lay, o)),
    ("C27", check_annexes),
    ("C28", lambda d, lay, o: check_kem_theo(lay, o)),
    ("C29", lambda d, lay, o: check_capitals(lay, o)),
    ("C34", check_template_tags),
]


# A phụ lục issued as its own file has no header, body or signature of its own.
ANNEX_ONLY = {"C01", "C03", "C05", "C27", "C29", "C34"}


def open_docx(path: Path) -> CheckedDoc:
    """Return the checked view of ``path``; raise :class:`VbhcError` if it is no .docx."""
    name = short_path(path)
    if not path.exists():
        raise VbhcError(f"không tìm thấy tệp {name}")
    if path.is_dir():
        raise VbhcError(f"{name} là thư mục, không phải tệp .docx")
    try:
        safezip.check_file(path)
        return CheckedDoc.open(path)
    except safezip.UnsafeArchive as exc:
        raise VbhcError(f"không đọc được {name}: {exc}") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        raise VbhcError(f"không đọc được {name}: không phải tệp .docx hợp lệ") from exc
    except OSError as exc:
        raise VbhcError(f"không đọc được {name}: {exc.strerror or exc}") from exc


def check_docx(path: Path) -> Report:
    """Return the NĐ30 conformance report of the .docx at ``path``.

    Raises :class:`vbhc.core.errors.VbhcError` when the file cannot be read as a .docx.
    """
    path = Path(path)
    doc = open_docx(path)
    out = Findings()
    try:
        layout = locate(doc)
    except Exception as exc:  # noqa: BLE001 - a strange document must not crash the check
        if RAISE_INTERNAL_ERRORS:
            raise
        out.warn("C06", "văn bản", f"không phân tích được bố cục ({type(exc).__name__})",
                 "văn bản theo thể thức NĐ30")
        return Report(path, list(out))
    steps = [s for s in STEPS if s[0] in ANNEX_ONLY] if layout.annex_only else STEPS
    for rule, step in steps:
        try:
            step(doc, layout, out)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other rules
            if RAISE_INTERNAL_ERRORS:
                raise
            out.warn(rule, "văn bản", f"không kiểm tra được ({type(exc).__name__})",
                     "kiểm tra thủ công")
    return Report(path, list(out))
