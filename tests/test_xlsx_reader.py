"""The lean .xlsx reader gives the values openpyxl's read-only mode gives, on the same files.

Workbooks are written here by openpyxl (inline strings, rich text, numbers, dates in
many formats, a 1904 workbook, hidden rows and sheets) or by hand, as Excel writes
them (a shared string table with rich text and phonetic guides, formulas with and
without saved values, rows and cells without a reference). Each is read by both
readers and compared, value by value and type by type.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from vbhc.core.errors import DataError
from vbhc.data import excel, xlsx_dates
from vbhc.data.xlsx_reader import Formula, Workbook

PROJECT = Path(__file__).resolve().parent.parent


def trimmed(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Return rows without trailing empty cells, and without trailing empty rows."""
    out = []
    for row in rows:
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        out.append(tuple(values))
    while out and not out[-1]:
        out.pop()
    return out


def typed(rows: list[tuple[Any, ...]]) -> list[tuple[tuple[str, Any], ...]]:
    """Return each value with its type's name: 1 and 1.0 and True must not compare equal."""
    return [tuple((type(value).__name__, value) for value in row) for row in rows]


def by_openpyxl(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Return each worksheet's rows as openpyxl's read-only mode reads them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # -- "no default style", "outside the limits for dates" --
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return {sheet.title: trimmed(list(sheet.iter_rows(values_only=True)))
                    for sheet in book.worksheets}
    finally:
        book.close()


def by_reader(path: Path, formulas: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Return each worksheet's rows as the lean reader reads them (Formula as None unless asked)."""
    with Workbook(path) as book:
        assert [number for number, _ in book.rows(book.sheets[0])] == list(
            range(1, 1 + sum(1 for _ in book.rows(book.sheets[0]))))  # -- gaps filled --
        return {sheet.title: trimmed([tuple(None if isinstance(v, Formula) and not formulas
                                            else v for v in values)
                                      for _, values in book.rows(sheet)])
                for sheet in book.sheets}


def same(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Assert both readers read ``path`` alike; return the lean reader's rows."""
    ours, theirs = by_reader(path), by_openpyxl(path)
    assert list(ours) == list(theirs)
    for title in ours:
        assert typed(ours[title]) == typed(theirs[title]), title
    return ours


# -- written by openpyxl ------------------------------------------------------------

DATE_FORMATS = ["dd/mm/yyyy", "yyyy-mm-dd h:mm:ss", "h:mm", "[h]:mm:ss", "mmm-yy",
                "[$-42A]dd/mm/yyyy", 'd "tháng" m "năm" yyyy', "mm:ss", "General", "0.00",
                '"Ngày" 0', "#,##0;[Red]-#,##0", "hh:mm:ss AM/PM", "d-mmm", "[mm]:ss"]


def test_every_kind_of_value_openpyxl_writes(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    sheet.append(["Đơn vị", "  có khoảng trắng  ", "dòng 1\ndòng 2", "", None, "=SUM(A1:A2)"])
    sheet.append([0, 1, -7, 2**53 + 1, 10**20, 0.1, -3.5, 1e-7, 1.5e300, 7.0])
    sheet.append([True, False, "#N/A", "#DIV/0!", "TRUE", "7.000", "x005F_y"])
    rich = CellRichText("Ủy ban ", TextBlock(InlineFont(b=True), "nhân dân"), " xã")
    sheet.append([rich, CellRichText(TextBlock(InlineFont(i=True), "chỉ một khối"))])
    moments = [datetime(2023, 6, 15), datetime(2023, 6, 15, 8, 30, 15), date(1900, 2, 28),
               date(1900, 3, 1), time(13, 45), time(0, 0, 1, 500_000), timedelta(hours=30),
               timedelta(days=2, seconds=1.5), datetime(1899, 12, 31)]
    for format_code in DATE_FORMATS:
        sheet.append(moments)
        for cell in sheet[sheet.max_row]:
            cell.number_format = format_code
    sheet.append(moments)  # -- openpyxl's own formats for each type --
    sheet.append([])
    sheet.append([None, None, "after a gap"])
    sheet.row_dimensions[3].hidden = True
    sheet["E30"] = "far away"
    hidden = book.create_sheet("Ẩn")
    hidden.append(["a", 1])
    hidden.sheet_state = "hidden"
    very = book.create_sheet("Rất ẩn")
    very.append([date(2024, 2, 29)])
    very.sheet_state = "veryHidden"
    path = tmp_path / "all.xlsx"
    book.save(path)

    assert same(path)["Đơn vị"][0] == ("Đơn vị", "  có khoảng trắng  ", "dòng 1\ndòng 2")
    with Workbook(path) as ours:
        assert [(s.title, s.state) for s in ours.sheets] == [
            ("Đơn vị", "visible"), ("Ẩn", "hidden"), ("Rất ẩn", "veryHidden")]
        found: list[int] = []
        values = dict(ours.rows(ours.sheets[0], 1, found))
        assert found == [3] and values[1][5] == Formula("SUM(A1:A2)")
        assert values[4][0] == "Ủy ban nhân dân xã" and values[5][0] == datetime(2023, 6, 15)
        assert values[6][4] == time(13, 45) and values[8][6] == timedelta(hours=30)


def test_a_1904_workbook_counts_its_dates_from_1904(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active.append([date(2023, 6, 15), datetime(1904, 1, 2, 12), time(6), 42])
    book.active["A1"].number_format = "dd/mm/yyyy"
    path = tmp_path / "mac.xlsx"
    book.save(path)
    assert same(path)["Sheet"] == [(datetime(2023, 6, 15), datetime(1904, 1, 2, 12), time(6),
                                    42)]


def test_iso_dates_cells_of_type_d(tmp_path: Path) -> None:
    book = openpyxl.Workbook(iso_dates=True)
    book.active.append([datetime(2023, 6, 15, 8, 30), date(2023, 6, 15), time(7, 5, 3),
                        datetime(2023, 1, 2, 3, 4, 5, 678_000)])
    path = tmp_path / "iso.xlsx"
    book.save(path)
    same(path)


def test_the_builtin_formats_that_are_dates_are_openpyxls() -> None:
    for number, code in BUILTIN_FORMATS.items():
        assert xlsx_dates.is_date_format(xlsx_dates.BUILTIN_DATES.get(number)) \
            == is_date_format(code), code
        assert xlsx_dates.is_duration_format(code) == is_timedelta_format(code), code
    for code in DATE_FORMATS + ["[Red]0", '"h" 0', r"\d0", "_d0", "yyyy;@", "0;dd"]:
        assert xlsx_dates.is_date_format(code) == is_date_format(code), code


cells = st.one_of(
    st.none(),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.dates(min_value=date(1900, 3, 1)),
    st.sampled_from(["#N/A", "#REF!", "=1+1", "  ", "x005F_"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=st.lists(st.lists(cells, max_size=6), max_size=6),
       formats=st.lists(st.sampled_from(DATE_FORMATS), min_size=6, max_size=6),
       mac=st.booleans())
def test_random_sheets_read_alike(tmp_path_factory: pytest.TempPathFactory,
                                 grid: list[list[Any]], formats: list[str], mac: bool) -> None:
    book = openpyxl.Workbook()
    if mac:
        book.epoch = CALENDAR_MAC_1904
    for row in grid:
        book.active.append(row)
    for row in book.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = formats[cell.column - 1]
    path = tmp_path_factory.mktemp("random") / "random.xlsx"
    book.save(path)
    same(path)


# -- written by hand, as Excel writes ---------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def handmade(path: Path, sheets: dict[str, str], strings: str, styles: str = "",
             workbook_properties: str = "") -> Path:
    """Write an .xlsx of ``sheets`` (title -> sheetData XML) and a shared string table."""
    names = list(sheets)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{TYPES}'
                      f'.worksheet+xml"/>' for n in range(1, len(names) + 1)) + "</Types>"),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="{RELATIONS}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}">{workbook_properties}<sheets>'
            + "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
                      for n, name in enumerate(names, 1)) + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{RELATIONS}/worksheet" '
                      f'Target="{"/xl/" if n % 2 else ""}worksheets/sheet{n}.xml"/>'
                      for n in range(1, len(names) + 1)) + "</Relationships>"),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>',
    }
    if styles:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>'
    for n, data in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = (f'<worksheet xmlns="{MAIN}"><sheetData>{data}'
                                                "</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + text)
    return path


STRINGS = (
    '<si><t>Đơn vị</t></si>'
    '<si><r><t>Ủy ban </t></r><r><rPr><b/></rPr><t xml:space="preserve">nhân dân </t></r>'
    '<r><t>xã</t></r></si>'
    '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>'
    '<si><t/></si>'
    '<si><t>_x000D_a x005F_x000D_ b</t></si>'
    '<si><t>đầu </t><r><t>và runs</t></r></si>'
)
STYLES = (
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="14" formatCode="0.00"/></numFmts>'
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>'
    '<xf numFmtId="22"/><xf numFmtId="46"/></cellXfs>'
    '<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="General"/></dxf></dxfs>'
)
SHEET = (
    '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
    '<c r="F1" t="s"><v>5</v></c></row>'
    '<row r="2"><c r="A2"><f>B2*2</f><v>14</v></c><c r="B2"><v>7</v></c>'
    '<c r="C2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D2"><f>1/0</f></c>'
    '<c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F2" t="b"><f>TRUE()</f><v>1</v></c>'
    '<c r="G2" t="str"><f>""</f><v></v></c></row>'
    '<row r="4" hidden="1"><c r="A4" s="1"><v>45092</v></c><c r="B4" s="2"><v>45092</v></c>'
    '<c r="C4" s="3"><v>45092.75</v></c><c r="D4" s="4"><v>1.25</v></c>'
    '<c r="E4" s="1"><v>0.5</v></c><c r="F4" s="1"><v>59</v></c>'
    '<c r="G4" s="1"><v>9999999999</v></c></row>'
    '<row><c t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c><c><v>1E3</v></c>'
    '<c r="D5" t="inlineStr"><is><t>after C</t></is></c><c t="n"><v>-0.5</v></c></row>'
    '<row r="7" hidden="true"><c r="AB7"><v>2</v></c></row>'
)


def test_excels_own_parts_read_alike(tmp_path: Path) -> None:
    path = handmade(tmp_path / "excel.xlsx", {"Đơn vị": SHEET, "Hai": SHEET}, STRINGS, STYLES)
    rows = same(path)["Đơn vị"]
    assert rows[0] == ("Đơn vị", "Ủy ban nhân dân xã", "東京", "", "_x000D_a x000D_ b",
                       "đầu và runs")  # -- no phonetic guide; x005F_ unescaped as openpyxl --
    assert rows[1] == (14, 7, "ab", None, "#DIV/0!", True)
    assert rows[3][:3] == (datetime(2023, 6, 15), 45092.0, datetime(2023, 6, 15, 18))
    assert rows[3][4] == time(12) and rows[3][6] == "#VALUE!"  # -- 9999999999 days: no date --
    assert rows[4] == ("inline", 1000.0, None, "after C", -0.5)
    with Workbook(path) as book:
        hidden: list[int] = []
        values = dict(book.rows(book.sheets[1], 2, hidden))
    assert values[2][3] == Formula("1/0") and values[2][6] == Formula('""')
    assert list(values) == [2, 3, 4, 5, 6, 7] and values[3] == () and hidden == [4, 7]
    assert len(values[7]) == 28


def test_a_1904_workbook_by_hand(tmp_path: Path) -> None:
    path = handmade(tmp_path / "mac.xlsx", {"S": SHEET}, STRINGS, STYLES,
                    '<workbookPr date1904="1"/>')
    assert same(path)["S"][3][0] == datetime(2027, 6, 16)


def test_no_styles_and_no_strings_read_alike(tmp_path: Path) -> None:
    path = handmade(tmp_path / "bare.xlsx", {"S": '<row r="1"><c r="A1"><v>45092</v></c>'
                                                  '<c r="B1" t="s"><v>0</v></c></row>'},
                    "<si><t>&amp;ok</t></si>")
    assert same(path)["S"] == [(45092, "&ok")]


BOMB = ('<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8)))


@pytest.mark.parametrize(("doctype", "entity"), [
    ('<!ENTITY x SYSTEM "file:///etc/passwd">', "x"), (BOMB, "i")], ids=["xxe", "bomb"])
def test_entities_in_a_workbook_are_refused(tmp_path: Path, doctype: str, entity: str) -> None:
    bad = handmade(tmp_path / "dtd.xlsx", {"S": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'},
                   "<si><t>ok</t></si>")
    with zipfile.ZipFile(bad, "a") as archive:  # -- a second, later entry wins on reading --
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # -- "Duplicate name" --
            archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><!DOCTYPE sst '
                             f'[{doctype}]><sst xmlns="{MAIN}"><si><t>&{entity};</t></si></sst>')
    with pytest.raises(DataError) as error:
        excel.open_workbook(bad)
    assert "Save As" in str(error.value) and "root:" not in str(error.value)


def test_a_damaged_sheet_is_a_located_data_error(tmp_path: Path) -> None:
    path = handmade(tmp_path / "hong.xlsx", {"Đơn vị": '<row r="1"><c r="A1" t="s"><v>0</v></c>'
                                                       '</row><row r="2"><c r="A2" t="s">'
                                                       '<v>9</v></c></row>'}, STRINGS)
    with pytest.raises(DataError) as error:
        excel.read_table(path, {"ten": "Đơn vị"})
    [problem] = error.value.problems
    assert problem.cell == "Đơn vị!A2" and "hỏng" in problem.message
    assert "Error" not in str(error.value)
    far = handmade(tmp_path / "xa.xlsx", {"Đơn vị": '<row r="1"><c r="A1" t="s"><v>0</v></c>'
                                                   '</row><row r="2"><c r="ZZZZZZ2"><v>1</v>'
                                                   '</c></row>'}, STRINGS)
    with pytest.raises(DataError) as error:
        excel.read_table(far, {"ten": "Đơn vị"})
    assert error.value.problems[0].cell == "Đơn vị!ZZZZZZ2"
    truncated = tmp_path / "cut.xlsx"
    handmade(truncated, {"Đơn vị": '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2">'},
             STRINGS)
    with pytest.raises(DataError) as error:
        excel.read_table(truncated, {"ten": "Đơn vị"})
    assert "Đơn vị!" in str(error.value) and "lưu lại" in str(error.value)


def test_reading_a_table_does_not_import_openpyxl() -> None:
    code = ("import sys; from pathlib import Path; from vbhc.data import excel; "
            "t = excel.read_table(Path('data/ngoc_thuy_chi_tieu.xlsx'), "
            "{'ten': 'Tên chi hội (Tổ dân phố số)'}); assert t.rows; print(sorted(m for m in "
            "sys.modules "
            "if m.startswith('openpyxl')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"
