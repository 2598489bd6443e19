"""Closing the campaign loop (issue 18): the batch's results form, filled in as a unit would,
imported into the province's Báo cáo tổng kết, every figure checked against sums computed here.
"""

from __future__ import annotations

import warnings
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from tests.docx_tools import open_docx, texts
from vbhc.checker import check_docx
from vbhc.cli.main import cli
from vbhc.core.errors import DataError
from vbhc.pipeline.batch.run import run_batch
from vbhc.pipeline.render import load, render_file

DATA = Path(__file__).resolve().parent.parent / "data"
FORM = "Kết quả"
# What each district reports in this test: đơn vị máu, người tham gia, số đợt.
FIGURES = {
    "thành phố Lào Cai": (880, 1200, 3), "thị xã Sa Pa": (300, 410, 2),
    "huyện Bát Xát": (199, 260, 1), "huyện Bảo Thắng": (603, 700, 4),
    "huyện Bảo Yên": (297, 350, 2), "huyện Bắc Hà": (250, 330, 2),
    "huyện Mường Khương": (236, 280, 2), "huyện Si Ma Cai": (165, 190, 1),
    "huyện Văn Bàn": (331, 400, 2),
}
NEXT_TOTAL = 3300


def grouped(value: int) -> str:
    """Return 3215 as '3.215' (Vietnamese grouping), computed here, not by vbhc."""
    return f"{value:,}".replace(",", ".")


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the results form (tong_hop.xlsx) of a real batch run of the Lào Cai plans."""
    out = tmp_path_factory.mktemp("batch") / "out"
    result = run_batch("ke-hoach", DATA / "lao_cai_2023_huyen.yaml", out, jobs=1)
    assert result.summary is not None
    return result.summary


def columns(sheet: Any) -> dict[str, int]:
    """Return each header's 1-based column, as a unit finds the cells to fill."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def fill(form: Path, target: Path, figures: dict[str, tuple[Any, ...]]) -> dict[str, int]:
    """Fill the form's rows named in ``figures`` with openpyxl; return each unit's quota."""
    workbook = openpyxl.load_workbook(form)
    sheet = workbook[FORM]
    where = columns(sheet)
    quotas = {}
    for row in range(2, sheet.max_row + 1):
        name = sheet.cell(row, where["Đơn vị"]).value
        quotas[name] = sheet.cell(row, where["Chỉ tiêu đơn vị máu"]).value
        if name in figures:
            blood, people, rounds = figures[name][:3]
            sheet.cell(row, where["Đơn vị máu tiếp nhận"]).value = blood
            sheet.cell(row, where["Người tham gia"]).value = people
            sheet.cell(row, where["Số đợt"]).value = rounds
    workbook.save(target)
    return quotas


def report_file(folder: Path, sources: list[Any], *, chart: bool = True) -> Path:
    """Write a summary report citing the real plan and naming ``sources``; return its path."""
    data = yaml.safe_load((DATA / "lao_cai_2023_tong_ket.yaml").read_text(encoding="utf-8"))
    data["van_ban"]["kh_05"]["tep"] = str(DATA / "lao_cai_2023.yaml")
    data["ket_qua_don_vi"].update({
        "ke_hoach": str(DATA / "lao_cai_2023_huyen.yaml"),
        "nguon": [s if isinstance(s, dict) else {"tep": str(s)} for s in sources],
        "bieu_do": chart,
        "de_xuat": {"nam": 2024, "tang": 5, "lam_tron": 10, "tong": NEXT_TOTAL}})
    path = folder / "tong_ket.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def table_with(document: Any, header: str) -> list[list[str]]:
    """Return the cell texts of the table whose first row holds ``header``."""
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if header in rows[0]:
            return rows
    raise AssertionError(f"no table headed {header!r}")


@pytest.fixture(scope="module")
def report(form: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """Return the rendered summary report and the quotas the form carried."""
    folder = tmp_path_factory.mktemp("report")
    quotas = fill(form, folder / "filled.xlsx", FIGURES)
    path = render_file("bao-cao", report_file(folder, [folder / "filled.xlsx"]),
                       folder / "tong_ket.docx")
    return path, quotas


# --------------------------------------------------------------------------- the form

def test_the_form_has_locked_quotas_validated_result_cells_and_a_guide(form: Path) -> None:
    workbook = openpyxl.load_workbook(form)
    assert {"Kết quả", "Hướng dẫn"} <= set(workbook.sheetnames)
    sheet = workbook[FORM]
    where = columns(sheet)
    assert sheet.protection.sheet
    assert sheet.max_row == len(FIGURES) + 1
    validations = sheet.data_validations.dataValidation
    assert [(v.type, v.operator, v.formula1) for v in validations] == [
        ("whole", "greaterThanOrEqual", "0")]
    for row in range(2, sheet.max_row + 1):
        quota = sheet.cell(row, where["Chỉ tiêu đơn vị máu"])
        assert isinstance(quota.value, int) and quota.protection.locked  # a number, no formula
        for header in ("Đơn vị máu tiếp nhận", "Người tham gia", "Số đợt", "Ghi chú"):
            cell = sheet.cell(row, where[header])
            assert cell.value is None and not cell.protection.locked
            if header != "Ghi chú":
                assert any(cell.coordinate in v.sqref for v in validations)
    guide = " ".join(str(c.value or "") for c in workbook["Hướng dẫn"]["A"])
    assert "Đơn vị máu tiếp nhận" in guide and "số nguyên" in guide


# --------------------------------------------------------------------------- the report

def test_every_figure_of_the_annex_checks_against_sums(report: tuple[Path, dict[str, int]]
                                                        ) -> None:
    path, quotas = report
    rows = table_with(open_docx(path), "Xếp hạng")
    assert rows[0] == ["STT", "Đơn vị", "Chỉ tiêu", "Kết quả", "Tỷ lệ", "Xếp hạng", "Đánh giá"]
    body, total = rows[1:-1], rows[-1]
    assert [r[1] for r in body] == list(FIGURES)
    ratios = {name: FIGURES[name][0] / quotas[name] for name in FIGURES}
    order = sorted(FIGURES, key=lambda name: -ratios[name])
    for number, (name, row) in enumerate(zip(FIGURES, body, strict=True), start=1):
        got, quota = FIGURES[name][0], quotas[name]
        share = half_up(got * 100, quota)  # all test figures are clear of 0 and 100
        rank = 1 + sum(1 for other in FIGURES if ratios[other] > ratios[name])
        verdict = "Vượt" if got > quota else ("Đạt" if got == quota else "Chưa đạt")
        assert row == [str(number), name, grouped(quota), grouped(got), f"{share}%",
                       str(rank), verdict]
    assert order[0] == "huyện Bảo Thắng"
    got_total, quota_total = sum(f[0] for f in FIGURES.values()), sum(quotas.values())
    assert total[1:5] == ["Tổng cộng", grouped(quota_total), grouped(got_total),
                          f"{half_up(got_total * 100, quota_total)}%"]



def half_up(numerator: int, denominator: int) -> int:
    """Return numerator/denominator rounded to a whole number, halves up (as clerks round)."""
    return int(Fraction(numerator, denominator) + Fraction(1, 2))


def test_units_below_their_quota_are_marked(report: tuple[Path, dict[str, int]]) -> None:
    path, quotas = report
    document = open_docx(path)
    table = next(t for t in document.tables if "Xếp hạng" in [c.text for c in t.rows[0].cells])
    below = {name for name in FIGURES if FIGURES[name][0] < quotas[name]}
    assert below == {"huyện Bát Xát", "huyện Bảo Yên"}
    for row in list(table.rows)[1:-1]:
        shading = row.cells[1]._tc.tcPr.xpath("./w:shd/@w:fill")
        marked = shading != ["FFFFFF"]
        assert marked == (row.cells[1].text in below), row.cells[1].text


def test_the_body_text_places_the_computed_facts(report: tuple[Path, dict[str, int]]) -> None:
    path, quotas = report
    text = " ".join(texts(open_docx(path)))
    got_total, quota_total = sum(f[0] for f in FIGURES.values()), sum(quotas.values())
    people = sum(f[1] for f in FIGURES.values())
    rounds = sum(f[2] for f in FIGURES.values())
    share = half_up(got_total * 100, quota_total)
    wording = (f"đạt {share}%, vượt {share - 100}%" if got_total > quota_total else None)
    assert wording is not None  # the figures above exceed the quota in total
    assert (f"tiếp nhận {grouped(got_total)}/{grouped(quota_total)} đơn vị máu theo chỉ tiêu "
            f"giao cho các đơn vị, {wording}; vận động {grouped(people)} lượt người tham gia "
            f"trong {rounds} đợt") in text
    met = sum(1 for name in FIGURES if FIGURES[name][0] >= quotas[name])
    assert f"{met}/{len(FIGURES)} đơn vị đạt và vượt chỉ tiêu" in text
    assert "cao nhất là huyện Bảo Thắng (134%)" in text  # 603/450
    assert "thấp nhất là huyện Bát Xát (80%)" in text  # 199/250 = 79,6%, rounded half up
    assert "chưa đạt chỉ tiêu: huyện Bát Xát, huyện Bảo Yên." in text


def test_next_years_quotas_add_up_to_the_upper_quota(report: tuple[Path, dict[str, int]]
                                                     ) -> None:
    path, _ = report
    rows = table_with(open_docx(path), "Chỉ tiêu đề xuất năm 2024")
    body, total = rows[1:-1], rows[-1]
    proposed = [int(r[3].replace(".", "")) for r in body]
    assert sum(proposed) == NEXT_TOTAL and total[3] == grouped(NEXT_TOTAL)
    assert [r[2] for r in body] == [grouped(f[0]) for f in FIGURES.values()]
    assert all(q % 10 == 0 for q in proposed[1:])


def test_the_report_passes_the_checker_and_carries_the_chart(report: tuple[Path, dict[str, int]]
                                                             ) -> None:
    path, _ = report
    result = check_docx(path)
    assert result.failures == [], [f"{f.rule}: {f.found}" for f in result.failures]
    document = open_docx(path)
    assert len(document.inline_shapes) == 1
    inline = document.inline_shapes[0]._inline
    alt = inline.docPr.get("descr")
    assert alt.startswith("Tỷ lệ thực hiện chỉ tiêu của các đơn vị") and "huyện Bảo Thắng" in alt
    with zipfile.ZipFile(path) as archive:
        png = archive.read("word/media/bieu_do_ket_qua.png")
    assert png.startswith(b"\x89PNG")


def test_the_chart_is_off_by_default(form: Path, tmp_path: Path) -> None:
    fill(form, tmp_path / "filled.xlsx", FIGURES)
    path = render_file("bao-cao", report_file(tmp_path, [tmp_path / "filled.xlsx"],
                                              chart=False), tmp_path / "r.docx")
    assert len(open_docx(path).inline_shapes) == 0


# --------------------------------------------------------------------------- bad input

def test_a_missing_unit_is_named(form: Path, tmp_path: Path) -> None:
    figures = {k: v for k, v in FIGURES.items() if k != "huyện Bắc Hà"}
    fill(form, tmp_path / "filled.xlsx", figures)
    with pytest.raises(DataError) as error:
        load("bao-cao", report_file(tmp_path, [tmp_path / "filled.xlsx"]))
    assert "thiếu kết quả của 1 đơn vị: huyện Bắc Hà" in str(error.value)


def test_a_unit_reported_twice_is_named_with_both_places(form: Path, tmp_path: Path) -> None:
    fill(form, tmp_path / "a.xlsx", FIGURES)
    fill(form, tmp_path / "b.xlsx", {"huyện Si Ma Cai": FIGURES["huyện Si Ma Cai"]})
    with pytest.raises(DataError) as error:
        load("bao-cao", report_file(tmp_path, [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]))
    message = str(error.value)
    assert "kết quả của huyện Si Ma Cai bị lặp" in message
    assert "a.xlsx[Kết quả!B9]" in message and "b.xlsx[Kết quả!B9]" in message


def test_a_text_figure_names_its_cell(form: Path, tmp_path: Path) -> None:
    figures = dict(FIGURES, **{"huyện Bát Xát": ("khoảng 200", 260, 1)})
    fill(form, tmp_path / "filled.xlsx", figures)
    result = CliRunner().invoke(cli, ["render", "bao-cao", "--data",
                                      str(report_file(tmp_path, [tmp_path / "filled.xlsx"]))])
    assert result.exit_code == 2
    assert "[Kết quả!E4]" in result.output and "'khoảng 200'" in result.output
    assert "Traceback" not in result.output


def test_a_unit_unknown_to_the_plan_and_a_changed_quota_are_named(form: Path,
                                                                   tmp_path: Path) -> None:
    fill(form, tmp_path / "filled.xlsx", FIGURES)
    workbook = openpyxl.load_workbook(tmp_path / "filled.xlsx")
    sheet = workbook[FORM]
    sheet["B10"] = "huyện Than Uyên"  # not a Lào Cai district: replaces huyện Văn Bàn
    sheet["C3"] = 250  # thị xã Sa Pa was given 300
    workbook.save(tmp_path / "filled.xlsx")
    with pytest.raises(DataError) as error:
        load("bao-cao", report_file(tmp_path, [tmp_path / "filled.xlsx"]))
    message = str(error.value)
    assert "[Kết quả!B10]" in message and "'huyện Than Uyên' không có trong kế hoạch" in message
    assert "[Kết quả!C3]" in message and "chỉ tiêu của thị xã Sa Pa trong biểu mẫu (250)" in message
    assert "thiếu kết quả của 1 đơn vị: huyện Văn Bàn" in message


def test_figures_changed_since_the_last_import_are_reported(form: Path, tmp_path: Path) -> None:
    fill(form, tmp_path / "filled.xlsx", FIGURES)
    data = report_file(tmp_path, [tmp_path / "filled.xlsx"], chart=False)
    assert load("bao-cao", data).warnings == []
    fill(form, tmp_path / "filled.xlsx", dict(FIGURES, **{"huyện Bắc Hà": (262, 330, 2)}))
    warnings = [w.message for w in load("bao-cao", data).warnings]
    assert warnings == ["số liệu của huyện Bắc Hà đã thay đổi so với lần nhập trước "
                        "(đơn vị máu tiếp nhận 250 → 262)"]
    assert load("bao-cao", data).warnings == []  # reported once, then recorded


def test_a_units_own_report_file_is_a_source(form: Path, tmp_path: Path) -> None:
    """Bát Xát sends its Báo cáo data file (rounds), the others the form."""
    unit = yaml.safe_load((DATA / "tam_duong_2023.yaml").read_text(encoding="utf-8"))
    unit["co_quan_ban_hanh"]["ten"] = "Ban Chỉ đạo vận động hiến máu tình nguyện huyện Bát Xát"
    rounds = unit["ket_qua"]["dot"]
    (tmp_path / "bat_xat.yaml").write_text(yaml.safe_dump(unit, allow_unicode=True),
                                            encoding="utf-8")
    others = {k: v for k, v in FIGURES.items() if k != "huyện Bát Xát"}
    fill(form, tmp_path / "filled.xlsx", others)
    path = render_file("bao-cao", report_file(tmp_path, [tmp_path / "filled.xlsx",
                                                         tmp_path / "bat_xat.yaml"],
                                              chart=False), tmp_path / "r.docx")
    rows = table_with(open_docx(path), "Xếp hạng")
    bat_xat = next(r for r in rows if r[1] == "huyện Bát Xát")
    assert bat_xat[3] == grouped(sum(r["tiep_nhan"] for r in rounds))


def test_proposed_quotas_feed_the_next_batch(form: Path, tmp_path: Path) -> None:
    """The report writes next year's units table; next year's batch reads those quotas."""
    from vbhc.pipeline.batch.units import load_batch

    fill(form, tmp_path / "filled.xlsx", FIGURES)
    data = report_file(tmp_path, [tmp_path / "filled.xlsx"], chart=False)
    report = yaml.safe_load(data.read_text(encoding="utf-8"))
    report["ket_qua_don_vi"]["de_xuat"]["tep"] = "huyen_2024.xlsx"
    data.write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", "bao-cao", "--data", str(data), "-o",
                                      str(tmp_path / "r.docx")])
    assert result.exit_code == 0, result.output
    assert "huyen_2024.xlsx" in result.output
    rows = table_with(open_docx(tmp_path / "r.docx"), "Chỉ tiêu đề xuất năm 2024")
    proposed = {r[1]: int(r[3].replace(".", "")) for r in rows[1:-1]}

    plan = yaml.safe_load((DATA / "lao_cai_2023_huyen.yaml").read_text(encoding="utf-8"))
    plan["don_vi"]["tep"] = str(tmp_path / "huyen_2024.xlsx")
    plan["van_ban"]["kh_05"]["tep"] = str(DATA / "lao_cai_2023.yaml")
    plan.pop("chi_tieu_cap_tren")  # -- 2024's provincial plan is not written yet --
    (tmp_path / "huyen_2024.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True),
                                              encoding="utf-8")
    batch = load_batch("ke-hoach", tmp_path / "huyen_2024.yaml")
    position = list(batch.targets).index("don_vi_mau")
    assert {unit.name: unit.quotas[position] for unit in batch.units} == proposed
    assert sum(proposed.values()) == NEXT_TOTAL


def test_one_returned_form_per_unit_in_a_folder(form: Path, tmp_path: Path) -> None:
    """Each unit fills its own row of its own copy; a pattern names the whole folder."""
    folder = tmp_path / "ket_qua"
    folder.mkdir()
    for number, name in enumerate(FIGURES):
        fill(form, folder / f"don_vi_{number}.xlsx", {name: FIGURES[name]})
    path = render_file("bao-cao", report_file(tmp_path, [{"tep": "ket_qua/*.xlsx"}],
                                              chart=False), tmp_path / "r.docx")
    rows = table_with(open_docx(path), "Xếp hạng")
    assert [r[3] for r in rows[1:-1]] == [grouped(f[0]) for f in FIGURES.values()]
    assert rows[-1][3] == grouped(sum(f[0] for f in FIGURES.values()))


def test_an_inline_plan_and_a_zero_quota(form: Path, tmp_path: Path) -> None:
    """A plan whose units are listed in its YAML works too; a zero quota is named by line."""
    quotas = fill(form, tmp_path / "filled.xlsx", FIGURES)
    plan = yaml.safe_load((DATA / "lao_cai_2023_huyen.yaml").read_text(encoding="utf-8"))
    plan["don_vi"] = [{"ten": name, "chi_tieu": {"don_vi_mau": quota}}
                      for name, quota in quotas.items()]
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True,
                                                       sort_keys=False), encoding="utf-8")
    data = report_file(tmp_path, [tmp_path / "filled.xlsx"], chart=False)
    report = yaml.safe_load(data.read_text(encoding="utf-8"))
    report["ket_qua_don_vi"]["ke_hoach"] = "plan.yaml"
    data.write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    assert load("bao-cao", data).context["ket_qua_don_vi"]["so_don_vi"] == len(FIGURES)

    plan["don_vi"][2]["chi_tieu"]["don_vi_mau"] = 0
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True,
                                                       sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load("bao-cao", data)
    problem = error.value.problems[0]
    assert problem.source.endswith("plan.yaml") and problem.line is not None
    assert "lớn hơn 0" in problem.message


def test_the_table_fits_the_page_and_the_chart_is_print_ready(
        report: tuple[Path, dict[str, int]]) -> None:
    from PIL import Image

    from vbhc.document.docxml import TEXT_WIDTH

    path, _ = report
    document = open_docx(path)
    for table in document.tables[2:]:  # -- after the header and signature tables --
        widths = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
        assert sum(widths) <= TEXT_WIDTH
    with zipfile.ZipFile(path) as archive:
        picture = Image.open(archive.open("word/media/bieu_do_ket_qua.png"))
        picture.load()
    assert [round(d) for d in picture.info["dpi"]] == [300, 300]
    shape = document.inline_shapes[0]
    assert shape.width <= TEXT_WIDTH * 635  # twips → EMU
    # -- grey levels only: the chart prints the same in black and white --
    rgb = picture.convert("RGB")
    assert all(r == g == b for (_, (r, g, b)) in rgb.getcolors(maxcolors=1 << 16))


def test_the_chart_draws_every_vietnamese_letter() -> None:
    # -- with fonts-liberation 1.07 beside liberation2, matplotlib picked the face without
    #    "ị" and drew an empty box in "huyện Bắc Hà … Chưa đạt" --
    from vbhc.document.chart import share_chart

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        share_chart(["huyện Mường Khương", "thị xã Sa Pa"], [98.3, 134.0], ["98,3%", "134%"],
                    title="Kết quả tiếp nhận máu của các huyện, thị xã, thành phố")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []


def test_a_report_with_its_chart_renders_again_over_itself(report: tuple[Path, dict[str, int]]
                                                             ) -> None:
    # -- the chart is added after the engine stamps the document: the stamp must cover it,
    #    else the fresh file reads as edited by hand and a second render is refused --
    from vbhc.document import fingerprint

    path, _ = report
    assert "word/media/" in " ".join(zipfile.ZipFile(path).namelist())
    recorded, current = fingerprint.read_bytes(path.read_bytes())
    assert recorded is not None and recorded == current
    again = render_file("bao-cao", path.parent / "tong_ket.yaml", path)
    assert again == path
