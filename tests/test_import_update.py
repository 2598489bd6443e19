"""`vbhc import --cap-nhat`: edits made in Word to a generated document flow back into its data.

Each test renders an example through vbhc, edits the .docx with python-docx the way Word
saves a clerk's typing (the text of a run changes, its formatting stays), merges the
edits, and renders the updated data again.
"""

from __future__ import annotations

import io
import re
import shutil
from copy import deepcopy
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.run import Run

from vbhc.cli.cap_nhat import run_cap_nhat
from vbhc.core.errors import DataError, VbhcError
from vbhc.data import yaml_reader
from vbhc.data.yaml_roundtrip import replaced_text
from vbhc.importer.update import update_from_word
from vbhc.pipeline.render import load, render_to_bytes

DATA = Path(__file__).resolve().parent.parent / "data"


def example(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """Return a copy of an example data file and the .docx vbhc renders from it."""
    data = tmp_path / name
    shutil.copy(DATA / name, data)
    docx = tmp_path / (data.stem + ".docx")
    docx.write_bytes(render_to_bytes(load(None, data)))
    return data, docx


def edit(docx: Path, edits: dict[str, str]) -> None:
    """Replace text inside runs (body, tables), each edit exactly once."""
    document = Document(str(docx))
    done = dict.fromkeys(edits, 0)
    for run in document.element.body.iter(qn("w:t")):
        for old, new in edits.items():
            if run.text and old in run.text:
                run.text = run.text.replace(old, new)
                done[old] += 1
    assert done == dict.fromkeys(edits, 1), done
    document.save(str(docx))


def texts(data: bytes) -> list[str]:
    """Return the text of every paragraph of a .docx, tables included, in order."""
    body = Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def rerendered(data: Path) -> bytes:
    return render_to_bytes(load(None, data))


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def references(text: str) -> list[str]:
    return re.findall(r"\{\{.*?\}\}", text, re.DOTALL)


def test_edits_to_a_ke_hoach_update_the_fields_that_produced_them(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    before = data.read_text(encoding="utf-8")
    edit(docx, {"Tuyên truyền, vận động các tầng lớp": "Tuyên truyền sâu rộng, vận động các "
                                                      "tầng lớp",
                "Tham mưu tổ chức Chương trình": "Chủ trì tổ chức Chương trình",
                "Cổng TTĐT tỉnh": "Cổng Thông tin điện tử tỉnh"})

    report = update_from_word(data, docx)

    assert [c.field for c in report.changes] == [
        "noi_dung[0].muc[0].y[0]", "noi_dung[5].muc[1].y[2]", "noi_nhan[3]"]
    assert report.unmapped == []
    after = data.read_text(encoding="utf-8")
    assert comment_lines(after) == comment_lines(before)
    # -- the edited values keep their references: every {{ … }} of the file is still there --
    assert sorted(references(after)) == sorted(references(before))
    assert "Chủ trì tổ chức Chương trình “*{{ thong_tin.chuong_trinh_tinh }}*”" in " ".join(
        after.split())
    assert "  - Cổng Thông tin điện tử tỉnh\n" in after
    # -- the re-rendered document is the edited one, paragraph for paragraph --
    again = rerendered(data)
    assert texts(again) == texts(docx.read_bytes())
    assert texts(again) != texts(render_to_bytes(load(None, DATA / "lao_cai_2023.yaml")))
    edited = next(p for p in Document(io.BytesIO(again)).paragraphs
                  if p.text.startswith("- Chủ trì tổ chức"))
    assert [r.text for r in edited.runs if r.italic][0] == "Hành trình đỏ - Sắc đỏ biên cương"
    # -- the report names the fields; the old file is kept beside the new one --
    printed = "\n".join(report.lines())
    for change in report.changes:
        assert change.field in printed
    assert report.backup is not None and report.backup.parent == data.parent
    assert "ban-cu" in report.backup.name
    assert report.backup.read_text(encoding="utf-8") == before


def test_edits_to_a_quyet_dinh_update_its_dieu_khoan_and_noi_nhan(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "qd_thanh_lap_bcd_2023.yaml")
    before = data.read_text(encoding="utf-8")
    edit(docx, {"Giám đốc Sở Y tế, Chủ tịch Hội": "Giám đốc Sở Y tế tỉnh, Chủ tịch Hội",
                "Kiểm tra, giám sát việc": "Thanh tra, kiểm tra, giám sát việc",
                "Chủ tịch, các PCT UBND tỉnh": "Chủ tịch, các Phó Chủ tịch UBND tỉnh"})

    report = update_from_word(data, docx)

    assert [c.field for c in report.changes] == ["dieu[1].khoan[1]", "dieu[3].doan",
                                                 "noi_nhan[2]"]
    after = data.read_text(encoding="utf-8")
    assert comment_lines(after) == comment_lines(before)
    assert sorted(references(after)) == sorted(references(before))
    assert "Điều {{ dieu.thanh_lap }} chịu trách nhiệm thi hành Quyết định này." in " ".join(
        after.split())
    assert texts(rerendered(data)) == texts(docx.read_bytes())


def test_a_heading_edited_in_capitals_keeps_the_case_the_data_writes(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    edit(docx, {"MỤC ĐÍCH, YÊU CẦU": "MỤC ĐÍCH VÀ YÊU CẦU"})

    report = update_from_word(data, docx)

    assert [(c.field, c.old, c.new) for c in report.changes] == [
        ("noi_dung[0].tieu_de", "Mục đích, yêu cầu", "Mục đích và yêu cầu")]
    assert texts(rerendered(data)) == texts(docx.read_bytes())


def test_an_edit_over_a_referenced_fact_becomes_text_with_a_comment(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    edit(docx, {"Hè năm 2023. Ban Chỉ đạo": "Hè năm 2024. Ban Chỉ đạo"})

    report = update_from_word(data, docx)

    [change] = report.changes
    assert change.field == "ket_thuc[0]"
    assert change.replaced == ("{{ chien_dich.nam }}",)
    new = " ".join(change.new.split())
    assert new.startswith("Trên đây là Kế hoạch thực hiện Chiến dịch “*{{ chien_dich.ten }}*” - "
                          "Hè năm 2024. Ban Chỉ đạo")
    assert new.endswith("trong dịp Hè năm {{ chien_dich.nam }}")  # the untouched one stays
    after = data.read_text(encoding="utf-8")
    lines = after.splitlines()
    key = lines.index("ket_thuc:")
    assert lines[key + 1].lstrip().startswith("#")
    assert "{{ chien_dich.nam }}" in lines[key + 1] and "Word" in lines[key + 1]
    assert "{{ chien_dich.nam }}" in "\n".join(report.lines())
    assert texts(rerendered(data)) == texts(docx.read_bytes())


def test_an_edit_that_makes_the_data_invalid_writes_nothing(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    before = data.read_bytes()
    edit(docx, {"Số: 05/KH-BCĐ": "Số: 05/KH-BCĐ TỈNH"})  # a ký hiệu has no spaces

    with pytest.raises(DataError) as raised:
        update_from_word(data, docx)

    assert "co_quan_ban_hanh.viet_tat" in raised.value.format_message()
    assert "chưa bị thay đổi" in raised.value.format_message()
    assert data.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [docx.name, data.name]


def test_a_document_without_edits_changes_nothing(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data, docx = example(tmp_path, "qd_thanh_lap_bcd_2023.yaml")
    before = data.read_bytes()

    report = update_from_word(data, docx)
    run_cap_nhat(data, docx)

    assert report.changes == [] and report.unmapped == [] and report.backup is None
    assert data.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [docx.name, data.name]
    assert "Không có gì thay đổi" in capsys.readouterr().out


def test_an_edit_of_what_vbhc_computes_is_listed_not_dropped(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    before = data.read_bytes()
    edit(docx, {"ngày 05 tháng 4 năm 2023": "ngày 06 tháng 4 năm 2023",
                "Cổng TTĐT tỉnh": "Cổng TTĐT tỉnh Lào Cai"})

    report = update_from_word(data, docx)

    assert [c.field for c in report.changes] == ["noi_nhan[3]"]
    [unmapped] = report.unmapped
    assert unmapped.new == "Lào Cai, ngày 06 tháng 4 năm 2023"
    assert unmapped.old == "Lào Cai, ngày 05 tháng 4 năm 2023"
    printed = "\n".join(report.lines())
    assert "ngày 06 tháng 4 năm 2023" in printed and "sửa tay" in printed
    assert data.read_bytes() != before


def test_an_added_paragraph_is_listed(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    document = Document(str(docx))
    anchor = next(p for p in document.paragraphs if p.text.startswith("- Từ các nguồn vận"))
    anchor.insert_paragraph_before("- Kinh phí xã hội hóa từ doanh nghiệp.")
    document.save(str(docx))
    before = data.read_bytes()

    report = update_from_word(data, docx)

    assert report.changes == []
    assert [(u.old, u.new) for u in report.unmapped] == [
        (None, "- Kinh phí xã hội hóa từ doanh nghiệp.")]
    assert data.read_bytes() == before


@pytest.mark.parametrize(("content", "message"), [
    (b"", "tệp rỗng"), (b"PK\x03\x04 not really a zip", "hỏng"),
    (b"plain text", "không phải văn bản Word")])
def test_a_file_that_is_not_a_document_is_a_clear_error(tmp_path: Path, content: bytes,
                                                         message: str) -> None:
    data, _ = example(tmp_path, "lao_cai_2023.yaml")
    fake = tmp_path / "sua.docx"
    fake.write_bytes(content)
    with pytest.raises(VbhcError, match=message):
        update_from_word(data, fake)


def test_missing_or_excel_data_is_a_clear_error(tmp_path: Path) -> None:
    _, docx = example(tmp_path, "lao_cai_2023.yaml")
    with pytest.raises(VbhcError, match="không tìm thấy tệp dữ liệu"):
        update_from_word(tmp_path / "khong_co.yaml", docx)
    with pytest.raises(VbhcError, match="bảng tính Excel"):
        update_from_word(DATA / "lao_cai_2023_huyen.xlsx", docx)
    with pytest.raises(VbhcError, match="không tìm thấy tệp"):
        update_from_word(DATA / "lao_cai_2023.yaml", tmp_path / "khong_co.docx")


def test_a_windows_data_file_keeps_its_line_ends_and_bom(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "qd_thanh_lap_bcd_2023.yaml")
    windows = b"\xef\xbb\xbf" + data.read_bytes().replace(b"\n", b"\r\n")
    data.write_bytes(windows)
    edit(docx, {"Chủ tịch, các PCT UBND tỉnh": "Chủ tịch, các Phó Chủ tịch UBND tỉnh"})

    update_from_word(data, docx)

    written = data.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    assert written.count(b"\r\n") == written.count(b"\n") == windows.count(b"\r\n")
    assert written.replace("các Phó Chủ tịch UBND".encode(), "các PCT UBND".encode()) == windows


def test_a_fact_replaced_everywhere_it_prints_changes_where_it_is_typed(tmp_path: Path) -> None:
    """Word's Find and Replace over a fact's text: the fact changes, references stay."""
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    before = data.read_text(encoding="utf-8")
    document = Document(str(docx))
    count = 0
    for text in document.element.body.iter(qn("w:t")):
        if text.text and "Sắc đỏ biên cương" in text.text:
            text.text = text.text.replace("Sắc đỏ biên cương", "Sắc đỏ biên giới")
            count += 1
    document.save(str(docx))
    assert count == before.count("{{ thong_tin.chuong_trinh_tinh }}")

    report = update_from_word(data, docx)

    assert [(c.field, c.new, c.printed) for c in report.changes] == [
        ("thong_tin.chuong_trinh_tinh", "Hành trình đỏ - Sắc đỏ biên giới", count)]
    after = data.read_text(encoding="utf-8")
    assert after == before.replace("chuong_trinh_tinh: Hành trình đỏ - Sắc đỏ biên cương",
                                   "chuong_trinh_tinh: Hành trình đỏ - Sắc đỏ biên giới")
    assert texts(rerendered(data)) == texts(docx.read_bytes())


def test_words_made_bold_in_word_become_bold_markers(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    document = Document(str(docx))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("- Tuyên truyền, vận"))
    run = next(r for r in paragraph.runs if "Hiến máu tình nguyện" in r.text)
    head, tail = run.text.split("Hiến máu tình nguyện")
    run.text = head
    bold, rest = deepcopy(run._r), deepcopy(run._r)
    run._r.addnext(bold)
    bold.addnext(rest)
    Run(bold, paragraph).text, Run(bold, paragraph).bold = "Hiến máu tình nguyện", True
    Run(rest, paragraph).text = tail
    document.save(str(docx))

    [change] = update_from_word(data, docx).changes

    assert change.field == "noi_dung[0].muc[0].y[0]"
    assert "tham gia **Hiến máu tình nguyện**, đáp ứng" in " ".join(change.new.split())
    again = Document(io.BytesIO(rerendered(data)))
    runs = next(p for p in again.paragraphs if p.text.startswith("- Tuyên truyền, vận")).runs
    assert [r.text for r in runs if r.bold] == ["Hiến máu tình nguyện"]


def test_values_taken_from_the_base_file_are_listed_not_written(tmp_path: Path) -> None:
    """A file 'dua_tren' another: its own values update, the base file's are listed."""
    shutil.copy(DATA / "lao_cai_2023.yaml", tmp_path)
    shutil.copytree(DATA / "anh", tmp_path / "anh")
    data, docx = example(tmp_path, "lao_cai_2023_dien_tu.yaml")
    base_before = (tmp_path / "lao_cai_2023.yaml").read_bytes()
    edit(docx, {"Giàng Thị Dung": "Giàng Thị Dung (ký thay)",
                "Cổng TTĐT tỉnh": "Cổng Thông tin điện tử tỉnh"})

    report = update_from_word(data, docx)

    assert [(c.field, c.new) for c in report.changes] == [
        ("nguoi_ky.ho_ten", "Giàng Thị Dung (ký thay)")]
    [unmapped] = report.unmapped
    assert "noi_nhan[3]" in unmapped.reason and "lao_cai_2023.yaml" in unmapped.reason
    assert unmapped.new == "- Cổng Thông tin điện tử tỉnh;"
    assert (tmp_path / "lao_cai_2023.yaml").read_bytes() == base_before
    assert "ho_ten: Giàng Thị Dung (ký thay)" in data.read_text(encoding="utf-8")


def test_a_batch_data_file_is_refused_clearly(tmp_path: Path) -> None:
    _, docx = example(tmp_path, "lao_cai_2023.yaml")
    with pytest.raises(VbhcError, match="vbhc batch"):
        update_from_word(DATA / "lao_cai_2023_huyen.yaml", docx)


def test_an_edit_in_the_page_header_is_listed(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    document = Document(str(docx))
    document.sections[0].header.paragraphs[0].add_run(" - Bản dự thảo")
    document.save(str(docx))
    before = data.read_bytes()

    report = update_from_word(data, docx)

    assert report.changes == []
    assert [u.new for u in report.unmapped] == ["2 - Bản dự thảo"]
    assert data.read_bytes() == before


def test_a_value_edited_where_it_prints_once_but_not_where_it_prints_again(
        tmp_path: Path) -> None:
    """The minutes print the chair's name twice: an edit of one of them is listed, not
    written (it would silently change the other)."""
    data, docx = example(tmp_path, "bb_hop_bcd_2023.yaml")
    before = data.read_bytes()
    document = Document(str(docx))
    signature = [t for t in document.element.body.iter(qn("w:t"))
                 if t.text == "Giàng Thị Dung"]
    assert len(signature) == 1  # the signature; the other print is "Chủ trì: Giàng Thị Dung, …"
    signature[0].text = "Giàng Thị Dũng"
    document.save(str(docx))

    report = update_from_word(data, docx)

    assert report.changes == []
    [unmapped] = report.unmapped
    assert unmapped.new == "Giàng Thị Dũng" and "bien_ban.chu_tri.ho_ten" in unmapped.reason
    assert data.read_bytes() == before


def test_a_value_left_alone_in_an_edited_paragraph_is_not_overwritten(tmp_path: Path) -> None:
    data, docx = example(tmp_path, "bb_hop_bcd_2023.yaml")
    document = Document(str(docx))
    signature = next(t for t in document.element.body.iter(qn("w:t"))
                     if t.text == "Giàng Thị Dung")
    signature.text = "Giàng Thị Dũng"
    document.save(str(docx))
    edit(docx, {"Trưởng Ban Chỉ đạo.": "Trưởng Ban Chỉ đạo tỉnh."})

    report = update_from_word(data, docx)

    assert [(c.field, c.new) for c in report.changes] == [
        ("bien_ban.chu_tri.chuc_vu", "Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo tỉnh")]
    [unmapped] = report.unmapped
    assert unmapped.new == "Giàng Thị Dũng"
    assert "bien_ban.chu_tri.ho_ten" in unmapped.reason and "không sửa" in unmapped.reason
    assert "ho_ten: Giàng Thị Dung\n" in data.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["yes", "7.000", "null", "- Cổng TTĐT", "Cổng: TTĐT # tỉnh",
                                   "Chữ có “ngoặc” và 'nháy'"])
def test_a_rewritten_value_reads_back_as_the_same_text(value: str) -> None:
    """ruamel writes "yes" or "7.000" bare; vbhc's reader must still read them as text."""
    original = (DATA / "lao_cai_2023.yaml").read_text(encoding="utf-8")
    path: tuple[str | int, ...] = ("noi_nhan", 3)

    text = replaced_text(original, [(path, value, "ghi chú")])

    data, _, troubles = yaml_reader.read(text)
    assert troubles == [] and data["noi_nhan"][3] == value
    assert [c for c in comment_lines(text) if c != "# ghi chú"] == comment_lines(original)
    lines = text.splitlines()
    note = lines.index("  # ghi chú")
    assert yaml_reader.read(lines[note + 1].lstrip()[2:])[0] == value  # the item below it


def test_a_workbook_renamed_docx_is_a_clear_error(tmp_path: Path) -> None:
    from openpyxl import Workbook

    data, _ = example(tmp_path, "lao_cai_2023.yaml")
    fake = tmp_path / "sua.docx"
    Workbook().save(fake)
    with pytest.raises(VbhcError, match="bảng tính Excel") as raised:
        update_from_word(data, fake)
    assert raised.value.exit_code == 2


def test_a_document_made_before_the_data_changed_is_refused(tmp_path: Path) -> None:
    """Merging it would undo the correction typed into the data file since."""
    data, docx = example(tmp_path, "lao_cai_2023.yaml")
    corrected = data.read_text(encoding="utf-8").replace("- Cổng TTĐT tỉnh", "- Cổng TTĐT")
    data.write_text(corrected, encoding="utf-8")
    edit(docx, {"Tham mưu tổ chức Chương trình": "Chủ trì tổ chức Chương trình"})

    with pytest.raises(VbhcError, match="không được tạo từ"):
        update_from_word(data, docx)

    assert data.read_text(encoding="utf-8") == corrected


def test_a_word_added_at_the_end_of_a_tagged_noi_nhan_item(tmp_path: Path) -> None:
    """'- UBND huyện (b/c);': words typed just before the tag vbhc adds go to the name."""
    data, docx = example(tmp_path, "tam_duong_2023.yaml")
    edit(docx, {"Lãnh đạo UBND huyện": "Lãnh đạo UBND huyện Tam Đường"})

    report = update_from_word(data, docx)

    assert [(c.field, c.new) for c in report.changes] == [
        ("noi_nhan[1].ten", "TT. Huyện uỷ, Lãnh đạo UBND huyện Tam Đường")]
    assert texts(rerendered(data)) == texts(docx.read_bytes())
