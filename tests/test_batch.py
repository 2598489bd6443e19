"""vbhc batch: one Kế hoạch per district of Lào Cai from one data file and one table of units."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from docxtpl import DocxTemplate
from lxml import etree

from tests.docx_tools import open_docx, texts
from vbhc.checker import check_docx
from vbhc.cli.batch import batch as batch_command
from vbhc.core.errors import DataError
from vbhc.document.engine import compiled_template, template_environment
from vbhc.pipeline.batch.run import UnitRenderer, check_batch, run_batch
from vbhc.pipeline.batch.units import file_stem, load_batch

DATA = Path(__file__).resolve().parent.parent / "data"
SHARED = "lao_cai_2023_huyen.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROVINCIAL_PLAN = ("Kế hoạch số 05/KH-BCĐ ngày 05/4/2023 của Ban Chỉ đạo vận động hiến máu "
                   "tình nguyện tỉnh Lào Cai")
# name, file, số, đơn vị máu, người đăng ký, signer, office, events (day, place)
UNITS = [
    ("thành phố Lào Cai", "thanh_pho_lao_cai", "21", "800", "1.800", "Nguyễn Văn An",
     "PHÓ CHỦ TỊCH UBND THÀNH PHỐ", [("22/6/2023", "Trung tâm Hội nghị tỉnh Lào Cai"),
                                      ("16/7/2023", "Nhà Văn hóa phường Kim Tân")]),
    ("thị xã Sa Pa", "thi_xa_sa_pa", None, "300", "700", "Lý Thị Bình",
     "PHÓ CHỦ TỊCH UBND THỊ XÃ", [("21/6/2023", "Quảng trường thị xã Sa Pa")]),
    ("huyện Bát Xát", "huyen_bat_xat", "12", "250", "600", "Hoàng Văn Cường",
     "PHÓ CHỦ TỊCH UBND HUYỆN", [("20/7/2023", "Trung tâm Văn hóa huyện Bát Xát")]),
    ("huyện Bảo Thắng", "huyen_bao_thang", "18", "450", "1.000", "Trần Thị Dung",
     "PHÓ CHỦ TỊCH UBND HUYỆN", [("09/5/2023", "Khu Công nghiệp Tăng Loỏng"),
                                  ("25/7/2023", "thị trấn Phố Lu")]),
    ("huyện Bảo Yên", "huyen_bao_yen", "09", "300", "700", "Lương Văn Hải",
     "PHÓ CHỦ TỊCH UBND HUYỆN", [("08/6/2023", "Trung tâm huyện Bảo Yên")]),
    ("huyện Bắc Hà", "huyen_bac_ha", "15", "250", "600", "Giàng Seo Khánh",
     "PHÓ CHỦ TỊCH UBND HUYỆN", [("12/7/2023", "Trung tâm huyện Bắc Hà")]),
    ("huyện Mường Khương", "huyen_muong_khuong", "11", "200", "500", "Vàng Thị Lan",
     "PHÓ CHỦ TỊCH UBND HUYỆN", [("08/8/2023", "Trung tâm huyện Mường Khương")]),
    ("huyện Si Ma Cai", "huyen_si_ma_cai", "07", "150", "400", "Sùng Văn Minh",
     "PHÓ CHỦ TỊCH UBND HUYỆN", [("11/7/2023", "Trung tâm huyện Si Ma Cai")]),
    ("huyện Văn Bàn", "huyen_van_ban", "14", "300", "700", "Đỗ Thị Ngọc",
     "PHÓ CHỦ TỊCH UBND HUYỆN", [("01/6/2023", "Trung tâm huyện Văn Bàn")]),
]


@pytest.fixture(scope="module")
def lao_cai(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """Return the result of the Lào Cai batch, rendered once for the module."""
    return run_batch("ke-hoach", DATA / SHARED, tmp_path_factory.mktemp("huyen") / "out")


def _inline(folder: Path, edit=None) -> Path:  # noqa: ANN001
    """Return a copy of the batch with its table written inline in the YAML (after ``edit``)."""
    batch = load_batch("ke-hoach", DATA / SHARED)
    shared = yaml.safe_load((DATA / SHARED).read_text(encoding="utf-8"))
    shared["don_vi"] = [unit.data for unit in batch.units]
    if edit is not None:
        edit(shared)
    for name in ("lao_cai_2023.yaml",):
        (folder / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / "huyen_inline.yaml"
    path.write_text(yaml.safe_dump(shared, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _workbook_copy(folder: Path, edit) -> Path:  # noqa: ANN001
    """Return a copy of the batch whose workbook ``edit(workbook)`` changed."""
    for name in (SHARED, "lao_cai_2023.yaml"):
        (folder / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    workbook = openpyxl.load_workbook(DATA / "lao_cai_2023_huyen.xlsx")
    edit(workbook)
    workbook.save(folder / "lao_cai_2023_huyen.xlsx")
    return folder / SHARED


# -- the Lào Cai batch ----------------------------------------------------------------

def test_one_document_per_unit_named_after_it(lao_cai) -> None:  # noqa: ANN001
    assert lao_cai.exit_code == 0
    names = sorted(p.name for p in lao_cai.output_dir.iterdir())
    assert names == sorted([f"{unit[1]}.docx" for unit in UNITS] + ["tong_hop.xlsx"])
    assert lao_cai.output_dir.name == "out"


@pytest.mark.parametrize("unit", UNITS, ids=[u[1] for u in UNITS])
def test_each_document_is_its_units_plan(lao_cai, unit) -> None:  # noqa: ANN001
    name, stem, number, blood, donors, signer, office, events = unit
    document = open_docx(lao_cai.output_dir / f"{stem}.docx")
    lines = texts(document)
    whole = "\n".join(lines)
    header = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert header == [f"UBND {name.upper()}", "BAN CHỈ ĐẠO VẬN ĐỘNG", "HIẾN MÁU TÌNH NGUYỆN"]
    assert (f"Số: {number}/KH-BCĐ" if number else "Số:      /KH-BCĐ") in lines
    place = name.removeprefix("huyện ").removeprefix("thị xã ").removeprefix("thành phố ")
    assert f"{place}, ngày 20 tháng 4 năm 2023" in lines
    assert ("Thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023 trên địa bàn "
            f"{name}") in lines
    # -- the căn cứ cites the provincial plan, computed from data/lao_cai_2023.yaml --
    assert (f"Căn cứ {PROVINCIAL_PLAN} về việc thực hiện Chiến dịch “Những giọt máu hồng” - "
            "Hè năm 2023;") in lines
    assert (f"{name} vận động trên {donors} người đăng ký hiến máu và tiếp nhận tối thiểu "
            f"{blood} đơn vị máu.") in whole
    listed = [line for line in lines if line.startswith("- Ngày ")]
    assert [(line.split()[2], line.rsplit(" tại ", 1)[1]) for line in listed] == [
        (day, f"{where}.") for day, where in events]
    assert lines[-4:] == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", office, signer]
    # -- nothing of another unit leaks in --
    for other in UNITS:
        if other[0] != name and other[0] not in name:
            assert other[5] not in whole


@pytest.mark.parametrize("stem", [u[1] for u in UNITS])
@pytest.mark.usefixtures("strict_checker")  # -- a rule that crashes fails, not a warning --
def test_documents_pass_the_nd30_checker(lao_cai, stem: str) -> None:  # noqa: ANN001
    report = check_docx(lao_cai.output_dir / f"{stem}.docx")
    assert report.failures == [], [f"{f.rule}: {f.found}" for f in report.failures]


def test_the_cited_plan_is_read_from_its_file(tmp_path: Path) -> None:
    province = (DATA / "lao_cai_2023.yaml").read_text(encoding="utf-8")
    (tmp_path / "lao_cai_2023.yaml").write_text(province.replace("so: 5\n", "so: 6\n"),
                                                encoding="utf-8")
    (tmp_path / SHARED).write_text((DATA / SHARED).read_text(encoding="utf-8"),
                                   encoding="utf-8")
    (tmp_path / "lao_cai_2023_huyen.xlsx").write_bytes(
        (DATA / "lao_cai_2023_huyen.xlsx").read_bytes())
    result = run_batch("ke-hoach", tmp_path / SHARED, tmp_path / "out",
                       only="huyện Bát Xát")
    lines = texts(open_docx(result.output_dir / "huyen_bat_xat.docx"))
    assert any(line.startswith("Căn cứ Kế hoạch số 06/KH-BCĐ ngày 05/4/2023") for line in lines)


def test_summary_has_one_correct_row_per_unit(lao_cai) -> None:  # noqa: ANN001
    sheet = openpyxl.load_workbook(lao_cai.summary).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["STT", "Đơn vị", "Tệp", "Số, ký hiệu", "Đơn vị máu", "Người đăng ký",
                       "Số sự kiện", "Người ký", "Kết quả", "Ghi chú"]
    for number, (unit, row) in enumerate(zip(UNITS, rows[1:10], strict=True), start=1):
        name, stem, so, blood, donors, signer, _, events = unit
        assert row[:9] == [number, name, f"{stem}.docx",
                           f"{so}/KH-BCĐ" if so else "/KH-BCĐ (bản nháp)",
                           int(blood.replace(".", "")), int(donors.replace(".", "")),
                           len(events), signer, "Đã tạo"]
        assert not row[9]
    assert rows[10][1] == "Tổng cộng" and rows[10][4:6] == [3000, 7000]
    assert rows[11][1] == "Chỉ tiêu cấp trên" and rows[11][4:6] == [3000, 7000]


def test_inline_table_gives_the_same_documents(tmp_path: Path, lao_cai) -> None:  # noqa: ANN001
    result = run_batch("ke-hoach", _inline(tmp_path), tmp_path / "out")
    assert result.exit_code == 0
    for _, stem, *_ in UNITS:
        assert (texts(open_docx(result.output_dir / f"{stem}.docx"))
                == texts(open_docx(lao_cai.output_dir / f"{stem}.docx")))


def test_worker_processes_give_the_same_documents(tmp_path: Path, lao_cai) -> None:  # noqa: ANN001
    result = run_batch("ke-hoach", DATA / SHARED, tmp_path / "out", jobs=2, make_zip=True)
    assert result.jobs == 2 and result.exit_code == 0
    for _, stem, *_ in UNITS:
        assert (texts(open_docx(result.output_dir / f"{stem}.docx"))
                == texts(open_docx(lao_cai.output_dir / f"{stem}.docx")))
    with zipfile.ZipFile(result.archive) as archive:
        assert sorted(archive.namelist()) == sorted(
            [f"out/{u[1]}.docx" for u in UNITS] + ["out/tong_hop.xlsx"])
    assert not [p for p in result.output_dir.iterdir() if p.name.startswith(".")]


# -- the engine renders what plain docxtpl renders ------------------------------------

def _empty_runs(body: etree._Element) -> list[etree._Element]:
    """Return the runs holding one empty text (what a {{r …}} tag leaves on each side)."""
    return [run for run in body.iter(f"{W}r")
            if len(run) == 1 and run[0].tag == f"{W}t" and not run[0].text]


def _body(xml: bytes, *, without_empty_runs: bool = False) -> bytes:
    body = etree.fromstring(xml).find(f"{W}body")
    if without_empty_runs:
        for run in _empty_runs(body):
            run.getparent().remove(run)
    return etree.tostring(body, method="c14n")


@pytest.mark.parametrize("index", [0, 1, 6])
def test_engine_output_equals_plain_docxtpl(tmp_path: Path, index: int) -> None:
    batch = load_batch("ke-hoach", DATA / SHARED)
    context = UnitRenderer(batch, tmp_path).context(batch.units[index])[1]
    template = batch.kind.template_path
    plain = DocxTemplate(template)
    plain.render(context, jinja_env=template_environment())
    plain.save(tmp_path / "plain.docx")
    (tmp_path / "engine.docx").write_bytes(compiled_template(template).render(context))
    assert texts(open_docx(tmp_path / "engine.docx")) == texts(open_docx(tmp_path / "plain.docx"))
    with zipfile.ZipFile(tmp_path / "plain.docx") as a, zipfile.ZipFile(
            tmp_path / "engine.docx") as b:
        plain_xml, engine = a.read("word/document.xml"), b.read("word/document.xml")
        # -- the engine drops the empty runs docxtpl leaves; everything else is the same --
        assert (_body(plain_xml, without_empty_runs=True)
                == _body(engine, without_empty_runs=True))
        empty = [len(_empty_runs(etree.fromstring(xml))) for xml in (plain_xml, engine)]
        assert empty[1] < empty[0] / 10, empty


# -- whole-batch errors: reported before anything is written --------------------------

def test_quotas_that_do_not_add_up_stop_the_run(tmp_path: Path) -> None:
    def edit(workbook) -> None:  # noqa: ANN001
        workbook["Đơn vị"]["F4"] = 200  # huyện Bát Xát: 250 → 200 đơn vị máu

    data = _workbook_copy(tmp_path, edit)
    with pytest.raises(DataError) as error:
        run_batch("ke-hoach", data, tmp_path / "out")
    message = error.value.format_message()
    assert "tổng chỉ tiêu 'đơn vị máu' của 9 đơn vị là 2.950" in message
    assert "khác chỉ tiêu 3.000 của Kế hoạch số 05/KH-BCĐ" in message
    assert "thiếu 50" in message
    assert not (tmp_path / "out").exists()


def test_duplicated_unit_names_are_errors(tmp_path: Path) -> None:
    def edit(shared: dict) -> None:
        shared["don_vi"][3]["ten"] = "Huyện  Bát Xát"

    with pytest.raises(DataError) as error:
        run_batch("ke-hoach", _inline(tmp_path, edit), tmp_path / "out")
    assert "tên đơn vị 'Huyện  Bát Xát' trùng với đơn vị thứ 3" in error.value.format_message()
    assert not (tmp_path / "out").exists()


def test_duplicated_file_names_are_errors(tmp_path: Path) -> None:
    def edit(workbook) -> None:  # noqa: ANN001
        workbook["Đơn vị"]["A5"] = "huyện Bat Xat"  # huyện Bảo Thắng renamed, and its events
        workbook["Sự kiện"]["A6"] = workbook["Sự kiện"]["A7"] = "huyện Bat Xat"

    with pytest.raises(DataError) as error:
        run_batch("ke-hoach", _workbook_copy(tmp_path, edit), tmp_path / "out")
    problem = error.value.problems[0]
    assert problem.cell == "Đơn vị!A5"
    assert "huyen_bat_xat.docx của 'huyện Bat Xat' trùng với của 'huyện Bát Xát'" in str(problem)


def test_an_event_of_an_unknown_unit_is_an_error(tmp_path: Path) -> None:
    def edit(workbook) -> None:  # noqa: ANN001
        workbook["Sự kiện"]["A5"] = "huyện Bát Sát"

    with pytest.raises(DataError) as error:
        run_batch("ke-hoach", _workbook_copy(tmp_path, edit), tmp_path / "out")
    assert "không có đơn vị 'huyện Bát Sát' trong bảng đơn vị — có phải 'huyện Bát Xát'?" in (
        error.value.format_message())


# -- per-unit errors: the others are written ------------------------------------------

def test_a_bad_unit_does_not_stop_the_others(tmp_path: Path) -> None:
    def edit(workbook) -> None:  # noqa: ANN001
        workbook["Đơn vị"]["D5"] = "mười tám"  # huyện Bảo Thắng: Số
        workbook["Đơn vị"]["I8"] = None  # huyện Mường Khương: Người ký

    data = _workbook_copy(tmp_path, edit)
    out = tmp_path / "out"
    result = CliRunner().invoke(batch_command, ["ke-hoach", "--data", str(data), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "Lỗi: 2 đơn vị không tạo được văn bản:" in result.output
    # -- the failed units' quotas still count: the totals were checked --
    assert "Tổng chỉ tiêu đơn vị máu của các đơn vị: 3.000, khớp" in result.output
    listed = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert len(listed) == 2
    assert listed[0].startswith("huyện Bảo Thắng: ")
    assert listed[0].endswith("lao_cai_2023_huyen.xlsx[Đơn vị!D5]: so: cần một số nguyên, ô "
                              "ghi 'mười tám'")
    assert listed[1].startswith("huyện Mường Khương: ")
    assert listed[1].endswith("lao_cai_2023_huyen.xlsx[Đơn vị!I8]: nguoi_ky.ho_ten: thiếu "
                              "trường bắt buộc")
    written = sorted(p.stem for p in out.glob("*.docx"))
    assert written == sorted(u[1] for u in UNITS if u[1] not in ("huyen_bao_thang",
                                                                 "huyen_muong_khuong"))
    for stem in written:
        assert texts(open_docx(out / f"{stem}.docx"))[-1] in {u[5] for u in UNITS}
    rows = list(openpyxl.load_workbook(out / "tong_hop.xlsx").active.iter_rows(values_only=True))
    assert rows[4][8] == "Lỗi" and "cần một số nguyên" in rows[4][9]
    assert rows[7][8] == "Lỗi" and rows[3][8] == "Đã tạo"


def test_a_reference_a_unit_cannot_fill_fails_that_unit(tmp_path: Path) -> None:
    def edit(shared: dict) -> None:
        shared["mo_dau"].append("Đơn vị có {{ don_vi.thong_tin.so_xa }} xã.")
        for unit in shared["don_vi"]:
            unit["thong_tin"] = {"so_xa": 10}
        del shared["don_vi"][2]["thong_tin"]

    result = run_batch("ke-hoach", _inline(tmp_path, edit), tmp_path / "out")
    assert [u.name for u in result.failures] == ["huyện Bát Xát"]
    problem = result.failures[0].problems[0]
    assert problem.field == "mo_dau[1]" and "'thong_tin'" in problem.message
    assert len(result.written) == 8


def test_an_inline_unit_error_names_its_line(tmp_path: Path) -> None:
    def edit(shared: dict) -> None:
        shared["don_vi"][4]["so"] = "chín"

    data = _inline(tmp_path, edit)
    result = run_batch("ke-hoach", data, tmp_path / "out")
    assert [u.name for u in result.failures] == ["huyện Bảo Yên"]
    problem = result.failures[0].problems[0]
    line = data.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert problem.field == "so" and "chín" in line


def test_an_error_in_the_shared_part_stops_the_run(tmp_path: Path) -> None:
    def edit(shared: dict) -> None:
        shared["trich_yue"] = shared.pop("trich_yeu")

    with pytest.raises(DataError) as error:
        run_batch("ke-hoach", _inline(tmp_path, edit), tmp_path / "out")
    assert {p.field for p in error.value.problems} == {"trich_yue", "trich_yeu"}
    assert not (tmp_path / "out").exists()


def test_checking_a_batch_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    def edit(shared: dict) -> None:
        shared["don_vi"][1]["su_kien"][0]["ngay"] = "2023-09-21"  # after the campaign

    monkeypatch.chdir(tmp_path)
    result = check_batch("ke-hoach", _inline(tmp_path, edit))
    assert result.exit_code == 0 and len(result.units) == 9
    [warned] = [unit for unit in result.units if unit.warnings]
    assert warned.name == "thị xã Sa Pa"
    assert "nằm ngoài thời gian chiến dịch" in warned.warnings[0].message
    assert warned.warnings[0].field == "su_kien[0].ngay" and warned.warnings[0].line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huyen_inline.yaml",
                                                          "lao_cai_2023.yaml"]


def test_interrupting_leaves_no_partial_file(tmp_path: Path) -> None:
    def stop(done: int, total: int, result) -> None:  # noqa: ANN001
        if done == 3:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch("ke-hoach", DATA / SHARED, out, progress=stop)
    names = sorted(p.name for p in out.iterdir())
    written = ["huyen_bat_xat.docx", "thanh_pho_lao_cai.docx", "thi_xa_sa_pa.docx"]
    assert names == [*written, "tong_hop.xlsx"]
    for name in written:
        with zipfile.ZipFile(out / name) as archive:
            assert archive.testzip() is None
    # -- the summary describes what is there: three written, six not yet created --
    rows = list(openpyxl.load_workbook(out / "tong_hop.xlsx").active.iter_rows(values_only=True))
    states = {row[2]: row[-2] for row in rows[1:len(UNITS) + 1]}
    assert states == {f"{unit[1]}.docx": "Đã tạo" if f"{unit[1]}.docx" in written
                      else "Chưa tạo" for unit in UNITS}


# -- the command ----------------------------------------------------------------------

def test_only_renders_one_unit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(batch_command, ["ke-hoach", "--data", str(DATA / SHARED),
                                                "-o", str(out), "--only", "thi_xa_sa_pa"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["thi_xa_sa_pa.docx"]
    assert "Đã ghi 1/1 văn bản" in result.output
    result = CliRunner().invoke(batch_command, ["ke-hoach", "--data", str(DATA / SHARED),
                                                "-o", str(out), "--only", "huyện Bát Sát"])
    assert result.exit_code == 2
    assert "không có đơn vị 'huyện Bát Sát'" in result.output
    assert "có phải: huyện Bát Xát" in result.output


def test_command_reports_totals_summary_and_zip(tmp_path: Path) -> None:
    out = tmp_path / "ket_qua"
    result = CliRunner().invoke(batch_command, ["ke-hoach", "--data", str(DATA / SHARED),
                                                "-o", str(out), "--zip", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "Đã ghi 9/9 văn bản" in result.output
    assert "Tổng chỉ tiêu đơn vị máu của các đơn vị: 3.000, khớp kế hoạch cấp trên." in (
        result.output)
    assert "[9/9] huyện Văn Bàn: xong" in result.output  # -- plain lines: not a terminal --
    assert (tmp_path / "ket_qua.zip").is_file()


def test_kinds_with_their_own_context_are_refused() -> None:
    with pytest.raises(DataError) as error:
        run_batch("bao-cao", DATA / SHARED)
    assert "loại 'bao-cao' tự tính thêm dữ kiện riêng" in error.value.format_message()


def test_file_stems() -> None:
    assert [file_stem(u[0]) for u in UNITS] == [u[1] for u in UNITS]
    assert file_stem("Đồng Đăng") == "dong_dang"
    assert file_stem("Con") == "con_"
