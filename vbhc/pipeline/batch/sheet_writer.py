"""A small writer of simple .xlsx workbooks: rows of text and numbers, a few fixed styles.

The batch's summary workbook (``tong_hop.xlsx``) has a row per unit on two sheets; with
openpyxl each cell became an object styled and serialised one by one (about 8 µs, some
0.2-0.3 ms per unit, in the parent process after the workers are done). Here a row is
formatted straight into SpreadsheetML text, about twenty times less work. Only what
vbhc's workbooks use is supported: column widths, frozen panes, the styles in ``STYLES``,
sheet protection that leaves the columns resizable, one whole-number validation.

Text goes in as inline strings (as openpyxl's write-only mode wrote them), numbers as
numbers; characters XML cannot carry (most control characters) are dropped.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

# -- the cell styles (indices of cellXfs): font 1 is the bold one --
PLAIN, BOLD, HEADER, UNLOCKED, BOLD_WRAP, WRAP = range(6)
STYLES = (
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1">'
    '<protection locked="0" hidden="0"/></xf>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' applyAlignment="1"><alignment wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1"/></xf>',
)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# -- what a text needs done before it goes between tags: escaping, removing characters XML
# forbids (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF), keeping its
# carriage returns (a parser turns a raw one into a newline); most texts need none of
# it, and pay one search --
_SPECIAL = re.compile("[&<>\"\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"))


def escape(text: str) -> str:
    """Return ``text`` fit for an XML attribute or element: escaped, forbidden characters out."""
    if _SPECIAL.search(text) is None:
        return text
    text = _FORBIDDEN.sub("", text)
    for character, entity in _ESCAPES:
        text = text.replace(character, entity)
    return text


def column_letter(index: int) -> str:
    """Return the letters of the 0-based column ``index``: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class WholeNumbers:
    """A validation: the cells of ``cells`` (a range, "E2:G9") take whole numbers ≥ ``minimum``."""

    cells: str
    minimum: int
    error_title: str
    error: str

    def xml(self) -> str:
        return ('<dataValidations count="1"><dataValidation type="whole" '
                'operator="greaterThanOrEqual" allowBlank="1" showErrorMessage="1" '
                f'errorTitle="{escape(self.error_title)}" error="{escape(self.error)}" '
                f'sqref="{self.cells}"><formula1>{self.minimum}</formula1></dataValidation>'
                '</dataValidations>')


@dataclass
class Sheet:
    """A worksheet being written: its settings, then its rows as ``append`` gives them."""

    name: str
    widths: Sequence[float] = ()
    freeze: str | None = None  # the top-left cell that scrolls: "A2" freezes the first row
    protected: bool = False  # locked cells (all but UNLOCKED ones) cannot be edited
    validation: WholeNumbers | None = None
    _rows: list[str] = field(default_factory=list, init=False, repr=False)
    _columns: int = field(default=0, init=False)
    _letters: list[str] = field(default_factory=list, init=False, repr=False)

    def append(self, values: Iterable[object], style: int | Sequence[int] = PLAIN) -> None:
        """Add a row of ``values`` (text, numbers, None), in one style or one per cell."""
        number = str(len(self._rows) + 1)
        values = list(values)
        letters = self._letters
        while len(letters) < len(values):
            letters.append(column_letter(len(letters)))
        styles = [style] * len(values) if isinstance(style, int) else style
        cells = [_cell(letter + number, value, look) for letter, value, look
                 in zip(letters[:len(values)], values, styles, strict=True)]
        self._columns = max(self._columns, len(values))
        self._rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    def xml(self) -> str:
        """Return the worksheet part."""
        last = f"{column_letter(max(self._columns, 1) - 1)}{max(len(self._rows), 1)}"
        columns = "".join(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
                          for index, width in enumerate(self.widths, start=1))
        # -- the attributes as openpyxl wrote them (1 = not allowed): a clerk may still
        # widen a column, and select any cell --
        protection = ('<sheetProtection sheet="1" objects="0" scenarios="0" formatCells="1" '
                      'formatColumns="0" formatRows="1" insertColumns="1" insertRows="1" '
                      'insertHyperlinks="1" deleteColumns="1" deleteRows="1" '
                      'selectLockedCells="0" selectUnlockedCells="0" sort="1" autoFilter="1" '
                      'pivotTables="1"/>') if self.protected else ""
        return "".join([
            f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/>',
            f"<sheetViews>{_view(self.freeze)}</sheetViews>",
            '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
            f"<cols>{columns}</cols>" if columns else "",
            "<sheetData>", *self._rows, "</sheetData>", protection,
            self.validation.xml() if self.validation else "",
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
            'footer="0.5"/></worksheet>'])


def _cell(where: str, value: object, style: int) -> str:
    looks = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{where}"{looks}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{where}"{looks} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{where}"{looks}><v>{value!r}</v></c>'
    text = escape(value if isinstance(value, str) else str(value))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{where}"{looks} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _view(freeze: str | None) -> str:
    """Return the sheet view, with ``freeze`` the first cell of the scrolling pane."""
    if not freeze or freeze == "A1":
        return '<sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView>'
    match = re.fullmatch(r"([A-Z]+)(\d+)", freeze)
    if match is None:
        raise ValueError(f"not a cell: {freeze!r}")
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    split = ""
    split += f' xSplit="{column - 1}"' if column > 1 else ""
    split += f' ySplit="{int(row) - 1}"' if int(row) > 1 else ""
    pane = {(True, True): "bottomRight", (True, False): "topRight",
            (False, True): "bottomLeft"}[column > 1, int(row) > 1]
    return (f'<sheetView workbookViewId="0"><pane{split} topLeftCell="{freeze}" '
            f'activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/></sheetView>')


def workbook_bytes(sheets: Sequence[Sheet], creator: str = "vbhc") -> bytes:
    """Return the .xlsx file of ``sheets`` (the first one shown when it opens)."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    office = "application/vnd.openxmlformats-officedocument"
    parts = {
        "[Content_Types].xml": "".join([
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>',
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.'
            'sheet.main+xml"/>',
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.spreadsheetml.'
            'styles+xml"/>',
            *(f'<Override PartName="/xl/worksheets/sheet{number}.xml" '
              f'ContentType="{sheet_type}"/>' for number in range(1, len(sheets) + 1)),
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.'
            'openxmlformats-package.core-properties+xml"/>',
            f'<Override PartName="/docProps/app.xml" ContentType="{office}.'
            'extended-properties+xml"/></Types>']),
        "_rels/.rels": _relations([
            (f"{_RELATIONS}/officeDocument", "xl/workbook.xml"),
            (f"{_PACKAGE}/metadata/core-properties", "docProps/core.xml"),
            (f"{_RELATIONS}/extended-properties", "docProps/app.xml")]),
        "docProps/app.xml": ('<Properties xmlns="http://schemas.openxmlformats.org/'
                             'officeDocument/2006/extended-properties">'
                             f"<Application>{escape(creator)}</Application></Properties>"),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{escape(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>"),
        "xl/workbook.xml": "".join([
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><workbookPr/>',
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>',
            *(f'<sheet name="{escape(sheet.name)}" sheetId="{number}" r:id="rId{number}"/>'
              for number, sheet in enumerate(sheets, start=1)),
            '</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>']),
        "xl/_rels/workbook.xml.rels": _relations(
            [(f"{_RELATIONS}/worksheet", f"worksheets/sheet{number}.xml")
             for number in range(1, len(sheets) + 1)]
            + [(f"{_RELATIONS}/styles", "styles.xml")]),
        "xl/styles.xml": _styles(),
    }
    parts |= {f"xl/worksheets/sheet{number}.xml": sheet.xml()
              for number, sheet in enumerate(sheets, start=1)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, (_HEAD + text).encode("utf-8"))
    return buffer.getvalue()


def _relations(targets: list[tuple[str, str]]) -> str:
    links = "".join(f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"/>'
                    for number, (kind, target) in enumerate(targets, start=1))
    return f'<Relationships xmlns="{_PACKAGE}">{links}</Relationships>'


def _styles() -> str:
    font = '<font>{}<sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    return "".join([
        f'<styleSheet xmlns="{_MAIN}">',
        f'<fonts count="2">{font.format("")}{font.format("<b/>")}</fonts>',
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>',
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs>',
        f'<cellXfs count="{len(STYLES)}">{"".join(STYLES)}</cellXfs>',
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
        "</styleSheet>"])
