"""tong_hop.xlsx as its readers see it (issue 19): openpyxl, LibreOffice, vbhc's results import.

The workbook is written by vbhc's own small writer (vbhc.pipeline.batch.sheet_writer);
every cell read back is compared with the rows ``summary_rows`` computes, including
text XML cannot carry as it is (& < > ", control characters, leading spaces).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from vbhc.core.errors import Problem
from vbhc.kinds.results import NguonKetQua, read_form
from vbhc.pipeline.batch.records import BatchResult, Total, UnitResult
from vbhc.pipeline.batch.results_form import GUIDE
from vbhc.pipeline.batch.sheet_writer import column_letter, escape
from vbhc.pipeline.batch.summary import IN_PROGRESS, mark_in_progress, summary_rows, write_summary

TARGETS = {"don_vi_mau": "đơn vị máu", "nguoi_dang_ky": "người đăng ký"}
# -- what XML 1.0 cannot carry: the writer drops these (tab, newline and CR stay) --
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def tricky_result(folder: Path) -> BatchResult:
    """Return a batch outcome whose texts need escaping, with missing figures and failures."""
    units = [
        UnitResult(1, "xã Tân Lập", "xa_tan_lap.docx", ok=True, so_ky_hieu="01/KH-BCĐ",
                   chi_tieu={"don_vi_mau": 27, "nguoi_dang_ky": 175}, su_kien=2,
                   nguoi_ky="Nguyễn Văn An"),
        UnitResult(2, 'Hợp tác xã "Cốc San" & <Nậm Chạc>', "hop_tac_xa.docx", ok=True,
                   so_ky_hieu="02/KH-BCĐ", chi_tieu={"don_vi_mau": 0}, su_kien=0,
                   nguoi_ky="Lý\x01 Thị\x0b Bình\x1f", warnings=[Problem("x", "", "a < b & c")]),
        UnitResult(3, "  phường có dấu cách đầu", "", problems=[
            Problem("x", "nguoi_ky.ho_ten", "thiếu\ttên\r\nngười ký"),
            Problem("x", "", "lỗi khác")], backup="phuong.20240101-000000.ban-sua-tay.docx"),
        UnitResult(4, "thị trấn Phố Lu ", "thi_tran_pho_lu.docx", interrupted=True, stale=True,
                   chi_tieu={"don_vi_mau": 120000, "nguoi_dang_ky": 3}),
        UnitResult(5, "huyện Văn Bàn", "huyen_van_ban.docx", interrupted=True),
    ]
    return BatchResult(folder, units, dict(TARGETS),
                       [Total("don_vi_mau", "đơn vị máu", 120027, 120027)])


def as_read(value: object) -> object:
    """Return what a reader gets back for a value written: no empty text, no forbidden chars."""
    if isinstance(value, str):
        value = FORBIDDEN.sub("", value)
        return value or None
    return value


def cells(sheet: Any) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture()
def written(tmp_path: Path) -> tuple[BatchResult, Path]:
    result = tricky_result(tmp_path)
    return result, write_summary(result)


def test_the_summary_sheet_reads_back_cell_by_cell(written: tuple[BatchResult, Path]) -> None:
    result, path = written
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Tổng hợp", "Kết quả", "Hướng dẫn"]
    sheet = workbook["Tổng hợp"]
    assert workbook.active.title == "Tổng hợp"
    rows = summary_rows(result)
    assert len(rows) == len(result.units) + 3  # header, units, totals, the level above's
    assert sheet.max_row == len(rows) and sheet.max_column == len(rows[0])
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(number, column)
            assert cell.value == as_read(value), (number, column, value)
            assert type(cell.value) is type(as_read(value))  # numbers stay numbers
            # -- the header and the two totals rows are bold, the units' rows are not --
            assert cell.font.b == (number == 1 or number > len(result.units) + 1)
    # -- the texts that needed care, as a clerk sees them --
    assert sheet["B3"].value == 'Hợp tác xã "Cốc San" & <Nậm Chạc>'
    assert sheet["H3"].value == "Lý Thị Bình"
    assert sheet["J3"].value == "cảnh báo: a < b & c"
    assert sheet["B4"].value == "  phường có dấu cách đầu"
    assert sheet["J4"].value.startswith("nguoi_ky.ho_ten: thiếu\ttên\r\nngười ký; lỗi khác")
    assert [sheet.cell(row, 9).value for row in range(2, 7)] == [
        "Đã tạo", "Đã tạo", "Lỗi", "Bản cũ", "Chưa tạo"]
    assert sheet["F4"].value is None and sheet["E7"].value == 120027
    widths = [6, 24, 28, 18, 14, 14, 10, 22, 10, 60]
    assert [sheet.column_dimensions[column_letter(i)].width for i in range(10)] == widths
    assert sheet.freeze_panes == "A2"
    assert not sheet.protection.sheet


def test_the_form_reads_back_locked_quotas_and_open_result_cells(
        written: tuple[BatchResult, Path]) -> None:
    result, path = written
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Kết quả"]
    assert cells(sheet)[0] == ["STT", "Đơn vị", "Chỉ tiêu đơn vị máu", "Chỉ tiêu người đăng ký",
                               "Đơn vị máu tiếp nhận", "Người tham gia", "Số đợt", "Ghi chú"]
    for cell in sheet[1]:
        assert cell.font.b and cell.alignment.wrap_text and cell.alignment.vertical == "center"
        assert cell.protection.locked
    for number, (unit, row) in enumerate(zip(result.units, sheet.iter_rows(min_row=2),
                                             strict=True), start=1):
        quotas = [unit.chi_tieu.get(key) for key in TARGETS]
        assert [cell.value for cell in row] == [number, as_read(unit.name), *quotas,
                                                None, None, None, None]
        assert [cell.protection.locked for cell in row] == [True] * 4 + [False] * 4
        assert not any(cell.font.b for cell in row)
    assert sheet.protection.sheet and not sheet.protection.formatColumns
    assert sheet.protection.formatCells and sheet.protection.insertRows  # still protected
    assert sheet.protection.password is None
    assert sheet.freeze_panes == "C2"
    assert [sheet.column_dimensions[column_letter(i)].width for i in range(8)] == [
        6, 26, 14, 14, 14, 14, 14, 40]
    [validation] = sheet.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.formula1) == (
        "whole", "greaterThanOrEqual", "0")
    assert str(validation.sqref) == "E2:G6"
    assert validation.allow_blank and validation.showErrorMessage
    assert validation.errorTitle == "Số liệu không hợp lệ"
    assert validation.error == "Chỉ ghi số nguyên không âm (ví dụ 250)."

    guide = workbook["Hướng dẫn"]
    assert [row[0] for row in cells(guide)] == [line or None for line in GUIDE]
    assert guide["A1"].font.b and not guide["A3"].font.b
    assert all(row[0].alignment.wrap_text for row in guide.iter_rows())
    assert guide.column_dimensions["A"].width == 120 and guide.freeze_panes is None


def test_streaming_readers_get_the_same_rows(written: tuple[BatchResult, Path]) -> None:
    """vbhc reads workbooks in openpyxl's read-only mode, which trusts the sheet's dimension."""
    result, path = written
    full = openpyxl.load_workbook(path)
    streamed = openpyxl.load_workbook(path, read_only=True)
    for name in full.sheetnames:
        assert [list(row) for row in streamed[name].iter_rows(values_only=True)] == [
            list(row) for row in full[name].iter_rows(values_only=True)]
    assert streamed["Tổng hợp"].max_row == len(summary_rows(result))


def test_the_import_reads_the_form_as_a_clerk_returns_it(
        written: tuple[BatchResult, Path], tmp_path: Path) -> None:
    result, path = written
    spec = NguonKetQua(tep=str(path))
    assert read_form(path, spec, "đơn vị máu") == ([], {})  # nothing reported yet
    # -- fill two units' result cells in the file's own XML, leaving the rest untouched --
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    form = parts["xl/worksheets/sheet2.xml"].decode()
    for where, figure in (("E2", 30), ("F2", 180), ("G2", 2), ("E3", 0), ("H3", "đủ & đúng")):
        value = f"<v>{figure}</v>" if isinstance(figure, int) else (
            f'<is><t>{escape(figure)}</t></is>')
        kind = "" if isinstance(figure, int) else ' t="inlineStr"'
        assert f'<c r="{where}" s="3"/>' in form
        form = form.replace(f'<c r="{where}" s="3"/>',
                            f'<c r="{where}" s="3"{kind}>{value}</c>')
    parts["xl/worksheets/sheet2.xml"] = form.encode()
    filled = tmp_path / "filled.xlsx"
    with zipfile.ZipFile(filled, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    reported, quotas = read_form(filled, spec, "đơn vị máu")
    assert [(r.name, r.tiep_nhan, r.nguoi_tham_gia, r.so_dot, r.ghi_chu) for r in reported] == [
        ("xã Tân Lập", 30, 180, 2, ""), (result.units[1].name, 0, None, None, "đủ & đúng")]
    assert [quota for quota, _ in quotas.values()] == [27, 0]


def test_an_empty_batch_still_gives_a_workbook(tmp_path: Path) -> None:
    result = BatchResult(tmp_path, [], dict(TARGETS), [])
    workbook = openpyxl.load_workbook(write_summary(result))
    assert cells(workbook["Tổng hợp"])[1] == [None, "Tổng cộng", None, None, 0, 0, None, None,
                                              "0/0 đã tạo", None]
    form = workbook["Kết quả"]
    assert form.max_row == 1 and not form.data_validations.dataValidation


def test_the_notice_of_a_run_under_way_is_a_workbook(tmp_path: Path) -> None:
    mark_in_progress(tmp_path)
    workbook = openpyxl.load_workbook(tmp_path / "tong_hop.xlsx")
    assert workbook.sheetnames == ["Tổng hợp"]
    sheet = workbook.active
    lines = [row[0] for row in cells(sheet)]
    assert lines[0] == IN_PROGRESS and len(lines) == 3 and "vbhc batch" in lines[2]
    assert sheet.column_dimensions["A"].width == 120


def test_escaping_and_column_letters() -> None:
    assert escape("a & b < c > d \"e\"") == "a &amp; b &lt; c &gt; d &quot;e&quot;"
    assert escape("x\x00y\x08z\x0b\x0c\x1f\ufffe\t\n") == "xyz\t\n"
    assert escape("dòng\r\nmới") == "dòng&#13;\nmới"
    assert escape("Tiếng Việt") == "Tiếng Việt"
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == [
        "A", "Z", "AA", "AZ", "ZZ", "AAA"]


@pytest.mark.needs("libreoffice")
def test_libreoffice_opens_every_sheet(written: tuple[BatchResult, Path], tmp_path: Path) -> None:
    result, path = written
    out = tmp_path / "csv"
    profile = (tmp_path / "profile").as_uri()
    # -- the last option (-1) writes every sheet, each to <name>-<sheet>.csv --
    done = subprocess.run([shutil.which("soffice") or "soffice", "--headless",
                           f"-env:UserInstallation={profile}", "--convert-to",
                           "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
                           "false,false,-1", "--outdir", str(out), str(path)],
                          capture_output=True, timeout=180)
    assert "could not be loaded" not in done.stdout.decode() + done.stderr.decode(), (
        "LibreOffice did not open the workbook (is libreoffice-calc-nogui installed?)")
    sheets = {}
    for name in ("Tổng hợp", "Kết quả", "Hướng dẫn"):
        text = (out / f"tong_hop-{name}.csv").read_text(encoding="utf-8")
        sheets[name] = list(csv.reader(text.splitlines(keepends=True)))

    def shown(value: object) -> str:
        return "" if as_read(value) is None else str(as_read(value)).replace("\r\n", "\n")

    expected = [[shown(value) for value in row] for row in summary_rows(result)]
    assert [[value.replace("\r\n", "\n") for value in row] for row in sheets["Tổng hợp"]
            ] == expected
    assert sheets["Kết quả"][2][:4] == ["2", shown(result.units[1].name), "0", ""]
    assert len(sheets["Kết quả"]) == len(result.units) + 1
    assert [row[0] if row else "" for row in sheets["Hướng dẫn"]] == GUIDE
