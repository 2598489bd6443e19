"""A lean reader of .xlsx worksheets: the values openpyxl's read-only mode gives, faster.

``vbhc.data.excel`` reads tables of units and quotas: thousands of rows, every cell
once, values only. openpyxl builds an object per shared string and a dict per cell
(most of a batch's serial work before any document is rendered) and takes a fifth
of a second to import. This module parses the few parts that matter with the
standard library's ElementTree (its C parser; lxml builds a Python object for every
cell it hands out, which costs more here) and yields rows as tuples of plain values,
the values openpyxl would give (``tests/test_xlsx_reader.py`` compares the two):

- shared and inline strings: the text and the text of its rich-text runs, not the
  phonetic guide (``rPh``);
- numbers: ``int`` when written without a point or an exponent, else ``float``;
  with a date or time number format in the cell's style, a ``datetime``, ``time``
  or ``timedelta`` counted from the workbook's epoch (1900, or 1904 on old Macs);
- booleans; errors (``#DIV/0!``) and text results of formulas as strings;
- a formula without a saved value (a file written by a program, never opened in
  Excel): ``Formula`` (openpyxl gives None, like an empty cell).

openpyxl is still what vbhc writes workbooks with. The zip is checked by ``safezip``
first; ElementTree fetches no external entity, and its expat (2.4.1 or later in the
Pythons vbhc runs on) refuses entity bombs: either is a damaged file.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from vbhc.core import safezip
from vbhc.data.xlsx_dates import (
    BUILTIN_DATES,
    MAC_EPOCH,
    WINDOWS_EPOCH,
    date_value,
    is_date_format,
    is_duration_format,
    iso_date,
)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _TEXT, _RUN, _STRING = (
    _MAIN + tag for tag in ("row", "c", "v", "f", "is", "t", "r", "si"))
_RELATION_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATION = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_WORKBOOK_TYPES = tuple(f"application/vnd.{kind}.main+xml" for kind in (
    "ms-excel.template.macroEnabled", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "openxmlformats-officedocument.spreadsheetml.sheet"))
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # -- Excel's own limits (column XFD) --


@dataclass(frozen=True)
class Formula:
    """A formula cell without the value Excel computes and saves with it."""

    text: str


class _BadCell(ValueError):
    """A cell whose value cannot be read (``ref``: where, if it says)."""

    def __init__(self, ref: str | None) -> None:
        super().__init__(ref)
        self.ref = ref


class Unreadable(ValueError):
    """A damaged worksheet; ``cell`` says where ('Sheet1!C7', or the sheet's first cell)."""

    def __init__(self, message: str, cell: str) -> None:
        super().__init__(message)
        self.cell = cell


@dataclass(frozen=True)
class Sheet:
    """A worksheet as the workbook lists it."""

    title: str
    state: str  # "visible", "hidden" or "veryHidden"
    part: str  # its XML file in the zip


class Workbook:
    """An open .xlsx: its worksheets, shared strings and date styles; rows read on demand.

    Raises what ``safezip.open_zip`` raises for a file that is no safe zip, and
    ``KeyError``, ``ValueError`` or ``ElementTree.ParseError`` for a zip that is no
    workbook; a damaged worksheet is found, and said, when its rows are read.
    """

    def __init__(self, path: Path) -> None:
        self._archive = safezip.open_zip(path)
        try:
            self._names = set(self._archive.namelist())
            types = self._content_types()
            part = next((types[kind] for kind in _WORKBOOK_TYPES if kind in types),
                        "xl/workbook.xml")
            root = self._xml(part)
            properties = root.find(f"{_MAIN}workbookPr")
            flag = properties.get("date1904") if properties is not None else None
            self.epoch = MAC_EPOCH if flag not in (None, "", "0", "false", "f") else WINDOWS_EPOCH
            targets = self._relations(part)
            self.sheets: list[Sheet] = []
            for sheet in root.iter(f"{_MAIN}sheet"):
                kind, target = targets.get(sheet.get(_RELATION_ID) or "", ("", ""))
                if target in self._names and "chartsheet" not in kind:
                    self.sheets.append(Sheet(sheet.get("name") or "",
                                             sheet.get("state") or "visible", target))
            strings = types.get(_STRINGS_TYPE)
            self._strings = self._shared_strings(strings) if strings in self._names else []
            self._dates, self._durations = (_date_styles(self._xml("xl/styles.xml"))
                                            if "xl/styles.xml" in self._names
                                            else (frozenset(), frozenset()))
        except BaseException:
            self._archive.close()
            raise

    @property
    def sheetnames(self) -> list[str]:
        """Return the worksheets' names, in the workbook's order."""
        return [sheet.title for sheet in self.sheets]

    def sheet(self, name: str | None = None) -> Sheet:
        """Return the worksheet ``name`` (the first when None); ``KeyError`` if there is none."""
        for sheet in self.sheets:
            if name is None or sheet.title == name:
                return sheet
        raise KeyError(name)

    def close(self) -> None:
        """Close the file."""
        self._archive.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    # -- the parts that say where everything is --

    def _xml(self, part: str) -> Any:
        return ElementTree.fromstring(safezip.read_member(self._archive, part))

    def _content_types(self) -> dict[str, str]:
        """Return the first part of each content type the package declares: type -> member."""
        types: dict[str, str] = {}
        if "[Content_Types].xml" in self._names:
            for override in self._xml("[Content_Types].xml").iter(_OVERRIDE):
                types.setdefault(override.get("ContentType") or "",
                                 (override.get("PartName") or "").lstrip("/"))
        return types

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Return the relations of ``part``: id -> (type, member in the zip)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self._names:
            return {}
        found = {}
        for relation in self._xml(rels).iter(_RELATION):
            target = relation.get("Target") or ""
            if relation.get("TargetMode") == "External":
                continue
            target = (target[1:] if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target)))
            found[relation.get("Id") or ""] = (relation.get("Type") or "", target)
        return found

    def _shared_strings(self, part: str) -> list[str]:
        with self._archive.open(part) as stream:
            strings = [text.replace("x005F_", "") if "x005F_" in text else text
                       for text in _texts(stream, _STRING)]  # -- as openpyxl reads them --
        return strings

    # -- the cells --

    def rows(self, sheet: Sheet, first: int = 1, hidden: list[int] | None = None
             ) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Yield (row number, values) of ``sheet`` from row ``first`` on.

        A row missing from the file is yielded as an empty row, as openpyxl does;
        the numbers of hidden rows go to ``hidden``. Raises ``Unreadable`` naming
        the sheet (and the cell, if any) when its XML or a value cannot be read.
        """
        hidden = [] if hidden is None else hidden
        number = 0
        expected = first
        try:
            with self._archive.open(sheet.part) as stream:
                for row in _elements(stream, _ROW):
                    number = _row_number(row.get("r"), number)
                    if number < first:
                        continue
                    while expected < number:
                        yield expected, ()
                        expected += 1
                    expected = number + 1
                    if row.get("hidden") in ("1", "true"):
                        hidden.append(number)
                    yield number, self._values(row)
        except (ElementTree.ParseError, ValueError, KeyError, EOFError,
                zipfile.BadZipFile) as error:
            where = getattr(error, "ref", None) or (f"{number}:{number}" if number else "A1")
            raise Unreadable(f"trang tính '{sheet.title}' bị hỏng", f"{sheet.title}!{where}"
                             ) from error

    def _values(self, row: Any) -> tuple[Any, ...]:
        """Return the values of a row's cells, each at its column (None between them)."""
        values: list[Any] = []
        column = 0
        strings, dates = self._strings, self._dates
        ref = None
        try:  # -- findall of a plain tag runs in C (iterfind does not) --
            for cell in row.findall(_CELL):
                ref = cell.get("r")
                column = _column(ref) if ref else column + 1
                kind = cell.get("t")
                value: Any = cell.findtext(_VALUE)
                if not value:
                    value = self._no_value(cell, kind)
                elif kind is None or kind == "n":
                    value = float(value) if "." in value or "E" in value or "e" in value \
                        else int(value)
                    if dates:
                        style = int(cell.get("s") or 0)
                        if style in dates:
                            value = date_value(value, self.epoch, style in self._durations)
                elif kind == "s":
                    value = strings[int(value)]
                elif kind == "b":
                    value = bool(int(value))
                elif kind == "d":
                    value = iso_date(value)
                # -- "str" (a formula's text), "e" (an error such as #N/A): the text as written --
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values[column - 1] = value
        except (ValueError, IndexError) as error:
            raise _BadCell(ref) from error
        return tuple(values)

    @staticmethod
    def _no_value(cell: Any, kind: str | None) -> Any:
        """Return the value of a cell without ``v``: an inline string, a Formula or None."""
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            if inline is not None:
                return _text(inline)
        formula = cell.find(_FORMULA)
        return None if formula is None else Formula(formula.text or "…")


def _elements(stream: IO[bytes], tag: str) -> Iterator[Any]:
    """Yield each ``tag`` element of the XML in ``stream`` once it is complete, then drop it.

    Raises ``ElementTree.ParseError`` where the XML is damaged, or cut short.
    """
    for _, element in ElementTree.iterparse(stream, events=("end",)):
        if element.tag == tag:
            yield element
            element.clear()  # -- what is left of it: an empty element, a few dozen bytes --


def _texts(stream: IO[bytes], tag: str) -> Iterator[str]:
    for element in _elements(stream, tag):
        yield _text(element)


def _text(element: Any) -> str:
    """Return the text of a string item (``si``, ``is``): its own text, then its runs'."""
    if len(element) == 1 and element[0].tag == _TEXT:
        return element[0].text or ""
    plain, runs = None, []
    for child in element:
        if child.tag == _TEXT:
            plain = child.text
        elif child.tag == _RUN:
            run = None
            for part in child.iterfind(_TEXT):
                run = part.text
            if run is not None:
                runs.append(run)
    return (plain or "") + "".join(runs)


def _row_number(text: str | None, previous: int) -> int:
    """Return a row's number: its ``r``, else the one after the previous row's."""
    if not text:
        number = previous + 1
    else:
        try:
            number = int(text)
        except ValueError:
            value = float(text)  # -- '5.0' is written by some programs; '5.5' is no row --
            if not value.is_integer():
                raise
            number = int(value)
    if not 0 < number <= MAX_ROW:
        raise ValueError(f"no such row: {text}")
    return number


_COLUMNS: dict[str, int] = {}


def _column(ref: str) -> int:
    """Return the column number of a cell reference: 'C7' -> 3."""
    letters = ref.rstrip("0123456789")
    number = _COLUMNS.get(letters)
    if number is None:
        if len(letters) > 3:
            raise ValueError(f"not a cell reference: {ref[:20]}")
        number = 0
        for letter in letters.upper():
            if not "A" <= letter <= "Z":
                raise ValueError(f"not a cell reference: {ref}")
            number = number * 26 + ord(letter) - 64
        if not 0 < number <= MAX_COLUMN:  # -- 'ZZZ1' must not make a row of 18,278 cells --
            raise ValueError(f"not a cell reference: {ref}")
        _COLUMNS[letters] = number
    return number


def column_letter(number: int) -> str:
    """Return the letters of column ``number``: 1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _date_styles(styles: Any) -> tuple[frozenset[int], frozenset[int]]:
    """Return the cell styles (indexes of cellXfs) showing dates, and those showing durations."""
    custom = {}  # -- the numFmts of the stylesheet itself, not those of dxfs --
    for number_format in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
        custom[int(number_format.get("numFmtId"))] = number_format.get("formatCode")
    dates, durations = set(), set()
    for index, style in enumerate(styles.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
        number = int(style.get("numFmtId") or 0)
        code = custom[number] if number in custom else BUILTIN_DATES.get(number)
        if is_date_format(code):
            dates.add(index)
        if is_duration_format(code):
            durations.add(index)
    return frozenset(dates), frozenset(durations)
