"""What `vbhc import` accepts as a document, and how it refuses everything else."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from tests.legacy_docs import PLAN_BODY, legacy_plan, type_tcvn3
from vbhc.core.errors import VbhcError
from vbhc.importer.source import SourceError, open_source, read_source

TEXT = ["Kế hoạch tổ chức Ngày hội đọc sách năm 2023", "Hòa Bình, ngày 09 tháng 5 năm 2023"]
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _docx(folder: Path, name: str = "ke_hoach.docx") -> Path:
    document = docx.Document()
    for line in TEXT:
        document.add_paragraph(line)
    path = folder / name
    document.save(str(path))
    return path


def _rewrite(source: Path, target: Path, member: str, change) -> Path:  # noqa: ANN001
    """Copy the zip ``source`` to ``target``, passing ``member``'s bytes through ``change``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename == member else data)
    return target


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(SourceError) as caught:
        open_source(path)
    message = caught.value.format_message()
    assert path.name in message
    for word in words:
        assert word in message
    assert caught.value.exit_code == 2 and isinstance(caught.value, VbhcError)
    return message


def test_a_docx_opens_with_its_text(tmp_path: Path) -> None:
    source = read_source(_docx(tmp_path))
    assert [p.text for p in source.document.paragraphs] == TEXT
    assert (source.converted_from, source.legacy_runs) == (None, 0)


def test_a_tcvn3_docx_opens_in_unicode(tmp_path: Path) -> None:
    path = tmp_path / "ke_hoach_cu.docx"
    legacy_plan(type_tcvn3).save(str(path))
    source = read_source(path)
    assert [p.text for p in source.document.paragraphs][:len(PLAN_BODY)] == PLAN_BODY
    assert source.legacy_runs > len(PLAN_BODY)


@pytest.mark.parametrize(("suffix", "content_type"), [
    (".dotx", b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
    (".docm", b"application/vnd.ms-word.document.macroEnabled.main+xml"),
])
def test_templates_and_macro_documents_open(tmp_path: Path, suffix: str,
                                            content_type: bytes) -> None:
    path = _rewrite(_docx(tmp_path), tmp_path / f"mau{suffix}", "[Content_Types].xml",
                    lambda types: types.replace(DOCX_MAIN, content_type))
    with pytest.raises(ValueError):  # -- python-docx alone refuses them --
        docx.Document(str(path))
    assert [p.text for p in open_source(path).paragraphs] == TEXT


def test_a_missing_file_an_empty_file_and_a_folder(tmp_path: Path) -> None:
    _refused(tmp_path / "khong_co.docx", "không tìm thấy")
    (tmp_path / "rong.docx").write_bytes(b"")
    _refused(tmp_path / "rong.docx", "rỗng")
    (tmp_path / "thu_muc.docx").mkdir()
    _refused(tmp_path / "thu_muc.docx", "thư mục")


def test_an_excel_workbook_renamed_docx_is_named_as_such(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Tên đơn vị", "Chỉ tiêu"])
    book.save(tmp_path / "chi_tieu.docx")
    _refused(tmp_path / "chi_tieu.docx", "bảng tính Excel", "không phải văn bản Word")


def test_a_powerpoint_and_a_plain_zip_are_not_documents(tmp_path: Path) -> None:
    slides = tmp_path / "trinh_chieu.docx"
    with zipfile.ZipFile(slides, "w") as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'))
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
    _refused(slides, "PowerPoint")
    plain = tmp_path / "tai_lieu.docx"
    with zipfile.ZipFile(plain, "w") as package:
        package.writestr("ghi_chu.txt", "Kế hoạch")
    _refused(plain, "tệp nén")


def test_a_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    whole = _docx(tmp_path).read_bytes()
    for cut in (len(whole) // 2, len(whole) - 30):
        broken = tmp_path / "hong.docx"
        broken.write_bytes(whole[:cut])
        _refused(broken, "bị hỏng")


def test_a_docx_missing_its_document_part_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "thieu.docx"
    with zipfile.ZipFile(_docx(tmp_path)) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            if info.filename != "word/document.xml":
                new.writestr(info, old.read(info))
    _refused(path, "không đọc được văn bản Word")


def _ole(path: Path, *streams: str) -> Path:
    """Write a compound-file stub: the OLE signature and directory names in UTF-16."""
    names = b"".join(name.encode("utf-16-le") + bytes(64) for name in streams)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + names + bytes(1000))
    return path


def test_a_password_protected_docx_says_so(tmp_path: Path) -> None:
    path = _ole(tmp_path / "mat_khau.docx", "EncryptionInfo", "EncryptedPackage")
    _refused(path, "mật khẩu", "bỏ mật khẩu")


def test_old_excel_and_powerpoint_files_are_named(tmp_path: Path) -> None:
    _refused(_ole(tmp_path / "bang.doc", "Workbook"), "bảng tính Excel cũ (.xls)")
    _refused(_ole(tmp_path / "slide.doc", "PowerPoint Document"), "PowerPoint cũ")
    _refused(_ole(tmp_path / "la.doc", "Contents"), "không phải văn bản Word")


def test_a_pdf_and_a_text_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "ke_hoach.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n")
    _refused(tmp_path / "ke_hoach.pdf", "PDF")
    (tmp_path / "ghi_chu.docx").write_text("Kế hoạch năm 2023", encoding="utf-8")
    _refused(tmp_path / "ghi_chu.docx", "không phải văn bản Word", ".docx, .doc")


def test_a_part_declaring_a_huge_size_is_refused(tmp_path: Path) -> None:
    """A zip bomb: document.xml's central directory entry claims 300 MB."""
    path = _docx(tmp_path, "bom.docx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        names = [info.filename for info in archive.infolist()]
    entry = data.find(b"PK\x01\x02")
    for _ in names:  # -- walk the central directory to document.xml's entry --
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, entry + 28)
        if data[entry + 46:entry + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, entry + 24, 300 * 2**20)
            break
        entry += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    _refused(path, "word/document.xml", "giới hạn")


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
], ids=["xxe", "billion laughs"])
def test_a_document_with_a_dtd_is_refused(tmp_path: Path, doctype: str) -> None:
    path = _rewrite(_docx(tmp_path), tmp_path / "dtd.docx", "word/document.xml",
                    lambda xml: xml.replace(b"?>", b"?>" + doctype.encode(), 1))
    _refused(path, "word/document.xml", "DOCTYPE")


def _soffice(source: Path, target_format: str) -> Path:
    """Convert ``source`` with LibreOffice itself (not vbhc's code) into ``target_format``."""
    profile = (source.parent / "profile").as_uri()
    subprocess.run([shutil.which("soffice") or "soffice", "--headless",
                    f"-env:UserInstallation={profile}", "--convert-to", target_format,
                    "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True, timeout=180)
    made = source.with_suffix("." + target_format)
    assert made.is_file()
    return made


@pytest.mark.needs("libreoffice")
@pytest.mark.parametrize("target_format", ["odt", "doc"])
def test_odt_and_doc_are_converted_and_decoded(tmp_path: Path, target_format: str) -> None:
    built = tmp_path / "ke_hoach_cu.docx"
    legacy_plan(type_tcvn3).save(str(built))
    converted = _soffice(built, target_format)
    built.unlink()
    source = read_source(converted)
    assert source.converted_from == "." + target_format
    assert [p.text for p in source.document.paragraphs][:len(PLAN_BODY)] == PLAN_BODY
    assert source.legacy_runs > 0


@pytest.mark.needs("libreoffice")
def test_a_broken_doc_is_refused_by_name(tmp_path: Path) -> None:
    _refused(_ole(tmp_path / "hong.doc", "WordDocument"), "LibreOffice không đọc được")
