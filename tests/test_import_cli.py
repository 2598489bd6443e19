"""``vbhc import`` on the command line: data file written, leftovers printed and kept as
comments, bad input a Vietnamese message with exit code 2; ``vbhc render`` without KIND."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner
from openpyxl import Workbook

from vbhc.cli.main import cli
from vbhc.pipeline import render as api

DATA = Path(__file__).resolve().parent.parent / "data"


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args))


def _rendered(tmp_path: Path, name: str = "cv_phan_bo_chi_tieu_2023") -> Path:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(api.render_to_bytes(api.load(None, DATA / f"{name}.yaml")))
    return path


def test_import_then_render_without_kind(tmp_path: Path) -> None:
    source = _rendered(tmp_path)
    data = tmp_path / "cong_van.yaml"
    result = run("import", str(source), "-o", str(data))
    assert result.exit_code == 0, result.output
    assert "loại: cong-van" in result.output
    assert data.read_text(encoding="utf-8").count("loai: cong-van") == 1
    out = tmp_path / "cong_van.docx"
    rendered = run("render", "--data", str(data), "-o", str(out))
    assert rendered.exit_code == 0, rendered.output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Ủy ban nhân dân tỉnh đề nghị các đơn vị quan tâm, triển khai thực hiện./." in texts


def test_paragraphs_not_placed_are_printed_and_kept(tmp_path: Path) -> None:
    document = docx.Document(str(_rendered(tmp_path)))
    body = document.paragraphs[-1]._p.getparent()
    table = document.add_table(rows=2, cols=2)  # -- a table a Công văn has no place for --
    table.cell(0, 0).text, table.cell(0, 1).text = "Đơn vị", "Ghi chú"
    table.cell(1, 0).text, table.cell(1, 1).text = "Sở Y tế", "Chủ trì"
    body.insert(6, table._tbl)
    source = tmp_path / "co_bang.docx"
    document.save(str(source))
    data = tmp_path / "co_bang.yaml"
    result = run("import", str(source), "-o", str(data))
    assert result.exit_code == 0, result.output
    assert "bảng: Đơn vị | Ghi chú / Sở Y tế | Chủ trì" in result.output
    text = data.read_text(encoding="utf-8")
    assert "# - trang 1: bảng: Đơn vị | Ghi chú / Sở Y tế | Chủ trì" in text


def test_existing_data_file_is_not_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "co_san.yaml"
    data.write_text("loai: ke-hoach\n", encoding="utf-8")
    result = run("import", str(_rendered(tmp_path)), "-o", str(data))
    assert result.exit_code == 2
    assert "đã có" in result.output and data.read_text(encoding="utf-8") == "loai: ke-hoach\n"
    forced = run("import", str(_rendered(tmp_path)), "-o", str(data), "--force")
    assert forced.exit_code == 0, forced.output
    assert "loai: cong-van" in data.read_text(encoding="utf-8")
    kept = list(tmp_path.glob("co_san.*.ban-cu.yaml"))
    assert [k.read_text(encoding="utf-8") for k in kept] == ["loai: ke-hoach\n"]
    assert kept[0].name in forced.output


def _workbook(path: Path) -> None:
    book = Workbook()
    book.active["A1"] = "Đơn vị"
    book.save(str(path))


def test_files_that_are_not_documents_exit_2(tmp_path: Path) -> None:
    renamed = tmp_path / "bang.docx"
    _workbook(renamed)
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    stray = tmp_path / "zip.docx"
    with zipfile.ZipFile(stray, "w") as archive:
        archive.writestr("a.txt", "x")
    for source in (renamed, broken, empty, stray, tmp_path / "khong_co.docx"):
        target = tmp_path / (source.stem + ".yaml")
        result = run("import", str(source), "-o", str(target))
        assert result.exit_code == 2, (source.name, result.output)
        assert "Lỗi" in result.output and source.name in result.output
        assert "Traceback" not in result.output
        assert not target.exists()


def test_update_option_names_a_missing_data_file(tmp_path: Path) -> None:
    result = run("import", "--cap-nhat", str(tmp_path / "a.yaml"), str(tmp_path / "b.docx"))
    assert result.exit_code == 2 and "không tìm thấy tệp dữ liệu" in result.output
    mixed = run("import", str(tmp_path / "c.docx"), "--cap-nhat", "a.yaml", "b.docx")
    assert mixed.exit_code == 2 and "--cap-nhat" in mixed.output


def test_missing_output_is_a_clear_error(tmp_path: Path) -> None:
    result = run("import", str(_rendered(tmp_path)))
    assert result.exit_code == 2 and "-o" in result.output


def test_the_clerks_round_trip_through_word(tmp_path: Path) -> None:
    # -- issue 16's session: import last year's file, render, edit in Word, bring it back --
    source = _rendered(tmp_path)
    data = tmp_path / "cong_van.yaml"
    assert run("import", str(source), "-o", str(data)).exit_code == 0
    out = tmp_path / "cong_van.docx"
    assert run("render", "--data", str(data), "-o", str(out)).exit_code == 0
    document = docx.Document(str(out))
    edited = {"Ủy ban nhân dân tỉnh đề nghị các đơn vị quan tâm, triển khai thực hiện./.":
              "Ủy ban nhân dân tỉnh đề nghị các đơn vị khẩn trương triển khai thực hiện./."}
    changed = 0
    for paragraph in document.paragraphs:
        if paragraph.text in edited:
            new = edited[paragraph.text]
            for run_ in paragraph.runs[1:]:
                run_.text = ""
            paragraph.runs[0].text = new
            changed += 1
    assert changed == 1
    document.save(str(out))

    result = run("import", "--cap-nhat", str(data), str(out))
    assert result.exit_code == 0, result.output
    assert "khẩn trương" in result.output
    again = tmp_path / "lan_hai.docx"
    assert run("render", "--data", str(data), "-o", str(again)).exit_code == 0
    texts = [p.text for p in docx.Document(str(again)).paragraphs]
    assert "Ủy ban nhân dân tỉnh đề nghị các đơn vị khẩn trương triển khai thực hiện./." in texts
    assert sorted(tmp_path.glob("cong_van.*.ban-cu.yaml"))  # -- the old data kept beside --


def test_cap_nhat_with_a_file_that_is_not_a_document(tmp_path: Path) -> None:
    data = tmp_path / "kh.yaml"
    data.write_bytes((DATA / "lao_cai_2023.yaml").read_bytes())
    fake = tmp_path / "sua.docx"
    fake.write_bytes(b"")
    before = data.read_bytes()
    result = run("import", "--cap-nhat", str(data), str(fake))
    assert result.exit_code == 2
    assert "tệp rỗng" in result.output and "Traceback" not in result.output
    assert data.read_bytes() == before


def test_a_password_protected_word_file_exit_2(tmp_path: Path) -> None:
    # -- encrypted as Word encrypts (ECMA-376 agile encryption), not a stub --
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _rendered(tmp_path)
    locked = tmp_path / "co_mat_khau.docx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("matkhau123", target)
    data = tmp_path / "co_mat_khau.yaml"
    result = run("import", str(locked), "-o", str(data))
    assert result.exit_code == 2
    assert "co_mat_khau.docx" in result.output and "mật khẩu" in result.output
    assert "Traceback" not in result.output and not data.exists()
