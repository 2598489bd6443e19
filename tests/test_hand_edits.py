"""Hand edits other than wording are edits too (issue 13, item 7).

A clerk who bolds a paragraph, inserts a picture, adds a comment, edits the
header or changes the margins in Word must not lose that work to a re-render;
a plain re-save by Word or LibreOffice is still not an edit.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document
from docx.shared import Cm

from vbhc.cli.main import cli
from vbhc.document import fingerprint
from vbhc.pipeline.pdf import find_soffice

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data" / "lao_cai_2023.yaml"
TARGET = Path("out") / "ke_hoach.docx"


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a freshly generated document (in ``tmp_path/out``), the working folder set."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA, tmp_path / DATA.name)
    (tmp_path / "out").mkdir()
    result = render()
    assert result.exit_code == 0, result.output
    return tmp_path / TARGET


def render(*extra: str):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(cli, ["render", "ke-hoach", "--data", DATA.name, "-o",
                                    str(TARGET), *extra])


def paragraph(document: Document, start: str):  # noqa: ANN201
    return next(p for p in document.paragraphs if p.text.startswith(start))


def picture(path: Path) -> Path:
    from PIL import Image

    image = path.with_name("con_dau.png")
    Image.new("RGB", (8, 8), "red").save(image)
    return image


def bold(document: Document, folder: Path) -> None:
    for run in paragraph(document, "Thực hiện Hướng dẫn").runs:
        run.bold = True


def insert_picture(document: Document, folder: Path) -> None:
    document.add_picture(str(picture(folder / "x")), width=Cm(2))


def comment(document: Document, folder: Path) -> None:
    runs = paragraph(document, "Thực hiện Hướng dẫn").runs
    document.add_comment(runs, text="Xem lại số liệu", author="Văn thư")


def header(document: Document, folder: Path) -> None:
    document.sections[0].header.paragraphs[0].add_run("MẬT")


def margins(document: Document, folder: Path) -> None:
    document.sections[0].left_margin = Cm(2.5)


def alignment(document: Document, folder: Path) -> None:
    paragraph(document, "Thực hiện Hướng dẫn").alignment = 2  # -- right --


def style(document: Document, folder: Path) -> None:
    document.styles["VB Đoạn văn"].font.italic = True


EDITS: dict[str, Callable[[Document, Path], None]] = {
    "bold": bold, "picture": insert_picture, "comment": comment, "header": header,
    "margins": margins, "alignment": alignment, "style": style}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_in_word_is_not_overwritten(generated: Path, edit: str) -> None:
    document = docx.Document(str(generated))
    EDITS[edit](document, generated.parent)
    document.save(str(generated))
    edited = generated.read_bytes()
    result = render()
    assert result.exit_code == 2, result.output
    assert "đã được sửa tay" in result.output and "Traceback" not in result.output
    assert generated.read_bytes() == edited
    forced = render("--force")
    assert forced.exit_code == 0, forced.output
    [backup] = generated.parent.glob("ke_hoach.*.ban-sua-tay.docx")
    assert backup.read_bytes() == edited


def members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def word_save(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Return the parts as Word rewrites them on a plain save, every habit at once."""
    saved = dict(parts)
    namespaces = ('xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
                  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                  'mc:Ignorable="w14"')
    for name in [n for n in saved if re.fullmatch(r"word/(document|header\d|styles)\.xml", n)]:
        xml = saved[name].decode()
        xml = re.sub(r"(<w:(?:document|hdr|styles)) ", rf"\1 {namespaces} ", xml, count=1)
        xml = re.sub(r"<w:p>", '<w:p w14:paraId="1A2B3C4D" w:rsidR="00A1B2C3" '
                     'w:rsidRDefault="00D4E5F6">', xml)
        # -- proofing language and font hints on plain runs change nothing visible --
        xml = re.sub(r"<w:r><w:t", '<w:r w:rsidRPr="00F00BA5"><w:rPr><w:rFonts w:hint="eastAsia"/>'
                     '<w:noProof/><w:lang w:val="vi-VN"/></w:rPr><w:t', xml)
        xml = re.sub(r"<w:r>", '<w:r w:rsidRPr="00F00BA5">', xml)
        # -- attribute order and an explicit "on" value --
        xml = xml.replace('<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:h="16838" w:w="11906"/>')
        xml = xml.replace("<w:i/>", '<w:i w:val="1"/>')
        saved[name] = xml.encode()
    settings = saved["word/settings.xml"].decode()
    saved["word/settings.xml"] = settings.replace(
        "</w:settings>", '<w:rsids><w:rsidRoot w:val="00A1B2C3"/></w:rsids><w:compat>'
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
        'office/word" w:val="15"/></w:compat></w:settings>').encode()
    saved["docProps/app.xml"] = b'<?xml version="1.0"?><Properties><Application>Microsoft ' \
        b"Office Word</Application><TotalTime>3</TotalTime></Properties>"
    saved["docProps/core.xml"] = saved.get("docProps/core.xml", b"").replace(b"2023", b"2026")
    saved["word/theme/theme1.xml"] = b'<a:theme name="Office Theme"/>'
    saved["word/fontTable.xml"] = b'<w:fonts><w:font w:name="Times New Roman"/></w:fonts>'
    saved["word/webSettings.xml"] = b"<w:webSettings/>"
    return saved


def test_word_save_habits_are_not_edits(generated: Path) -> None:
    content = generated.read_bytes()
    recorded, current = fingerprint.read_bytes(content)
    assert recorded is not None and recorded.startswith("vbhc-3:") and recorded == current
    resaved = package(word_save(members(content)))
    assert resaved != content
    assert fingerprint.read_bytes(resaved) == (recorded, recorded)


def test_python_docx_save_is_not_an_edit(generated: Path) -> None:
    docx.Document(str(generated)).save(str(generated))
    result = render()
    assert result.exit_code == 0, result.output
    assert list(generated.parent.glob("*.ban-sua-tay.docx")) == []


def libreoffice_resave(path: Path) -> None:
    """Re-save ``path`` in place as LibreOffice writes a .docx."""
    soffice = find_soffice()
    assert soffice is not None
    folder = path.parent / "lo"
    subprocess.run([str(soffice), "--headless", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "docx", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=120)
    shutil.move(folder / path.name, path)
    shutil.rmtree(folder)


@pytest.mark.needs("libreoffice")
def test_libreoffice_resave_is_not_an_edit_but_its_edits_are(generated: Path) -> None:
    before = generated.read_bytes()
    libreoffice_resave(generated)
    assert generated.read_bytes() != before
    result = render()
    assert result.exit_code == 0, result.output
    assert list(generated.parent.glob("*.ban-sua-tay.docx")) == []
    # -- an edit made before LibreOffice's save is still seen after it --
    document = docx.Document(str(generated))
    bold(document, generated.parent)
    document.save(str(generated))
    libreoffice_resave(generated)
    assert render().exit_code == 2


def test_field_results_and_text_box_copies_are_not_content() -> None:
    from vbhc.document.canonical import text_part

    def page_field(*codes: str, result: str) -> str:
        runs = "".join(f"<w:r><w:instrText>{code}</w:instrText></w:r>" for code in codes)
        return (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar '
                f'w:fldCharType="separate"/></w:r><w:r><w:t>{result}</w:t></w:r><w:r><w:fldChar '
                'w:fldCharType="end"/></w:r></w:p>')

    # -- the page number a program last showed, the field code split over runs: the same --
    same = {text_part(xml, {}, "Normal") for xml in (
        page_field(" PAGE ", result="2"), page_field(" PA", "GE ", result="7"),
        '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>')}
    assert len(same) == 1 and "PAGE" in same.pop()
    assert text_part(page_field(" NUMPAGES ", result="2"), {}, "Normal") != text_part(
        page_field(" PAGE ", result="2"), {}, "Normal")
    box = "<w:txbxContent><w:p><w:r><w:t>Hộp</w:t></w:r></w:p></w:txbxContent>"
    plain = (f'<w:body><w:p><w:r><w:t>A</w:t></w:r><w:r><mc:AlternateContent><mc:Choice '
             f'Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice></mc:AlternateContent>'
             "</w:r></w:p></w:body>")
    saved = plain.replace("</mc:Choice>", f"</mc:Choice><mc:Fallback><w:pict>{box}</w:pict>"
                          "</mc:Fallback>")
    assert text_part(plain, {}, "Normal") == text_part(saved, {}, "Normal")
    assert "Hộp" in text_part(plain, {}, "Normal")


def test_stamps_of_version_2_are_still_read_as_text(generated: Path) -> None:
    parts = members(generated.read_bytes())
    xml = parts["word/document.xml"].decode()
    parts[fingerprint.CUSTOM_PART] = fingerprint.custom_part(fingerprint.of_document_xml(xml))
    document = package(parts)
    recorded, current = fingerprint.read_bytes(document)
    assert recorded is not None and recorded.startswith("vbhc-2:") and recorded == current
    # -- a file stamped by version 2 is judged by its text, as it was when written --
    parts["word/document.xml"] = xml.replace("<w:i/>", "").encode()
    assert fingerprint.read_bytes(package(parts)) == (recorded, recorded)
