"""What the reader found in a document: its NĐ30 parts as plain values.

The reader (``vbhc.importer.reader``) fills a ``Reading``; the writers
(``vbhc.importer.writer`` and the per-kind mappings) turn it into the data a kind
expects. Text values carry inline emphasis as ``*italic*`` / ``**bold**`` markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Node:
    """One body paragraph: its label's kind, the label and the text without it.

    ``level`` is one of: ``chuong``, ``muc_a`` (Mục of a Chương), ``dieu``, ``roman``
    (I.), ``number`` (1.), ``decimal`` (3.1.), ``letter`` (a)), ``dash`` (-),
    ``plus`` (+), ``text`` (no label), ``table``.
    """

    level: str
    label: str
    text: str
    page: int
    bold: bool = False  # the whole text (after the label) is bold: a heading
    centred: bool = False
    table: TableReading | None = None


@dataclass
class TableReading:
    """A table: header row, data rows and the totals row (left to be computed)."""

    header: list[str]
    rows: list[list[str]]
    total: list[str] | None = None
    page: int = 1
    caption: list[str] = field(default_factory=list)  # lines typed in the table above it


@dataclass
class Signer:
    """The signature block: authority chain, title lines, other offices, name."""

    quyen_han: list[str] = field(default_factory=list)
    chuc_danh: list[str] = field(default_factory=list)
    chuc_vu_khac: list[str] = field(default_factory=list)
    ho_ten: str = ""
    da_ky: bool = False


@dataclass
class AnnexReading:
    """An annex: its label, title lines, the Kèm theo line and its content."""

    label: str
    title: list[str]
    kem_theo: str
    nodes: list[Node] = field(default_factory=list)


@dataclass
class Reading:
    """Every NĐ30 part found in one document; ``leftovers`` holds what was not placed."""

    kind: str = "ke-hoach"
    kind_guessed: bool = True  # no ký hiệu or tên loại named the kind
    chu_quan: list[str] = field(default_factory=list)
    issuer_lines: list[str] = field(default_factory=list)
    quoc_hieu: bool = False
    so: int | None = None
    ky_hieu: str | None = None
    dia_danh: str = ""
    ngay: date | None = None
    ten_loai: str | None = None  # as printed, upper case
    trich_yeu: list[str] = field(default_factory=list)
    vv: list[str] = field(default_factory=list)  # Công văn: the V/v text without "V/v"
    kinh_gui: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)  # a Quyết định's "CHỦ TỊCH …" line
    lead_in: str | None = None  # "QUYẾT ĐỊNH:"
    can_cu: list[str] = field(default_factory=list)
    theo_de_nghi: str | None = None
    body: list[Node] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # without "- " and ";"
    luu: str | None = None  # the Lưu line's text after "Lưu:", without the final "."
    signer: Signer = field(default_factory=Signer)
    annexes: list[AnnexReading] = field(default_factory=list)
    leftovers: list[tuple[int, str]] = field(default_factory=list)  # (page, text)
    pages: int = 1
    converted_from: str | None = None  # ".doc", ".odt", ".rtf" when LibreOffice converted it
    legacy_runs: int = 0  # runs typed in TCVN3/VNI fonts, decoded to Unicode
