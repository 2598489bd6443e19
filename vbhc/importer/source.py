"""Open the document a clerk asks to import, whatever it really is, as a python-docx Document.

A .docx (and .docm, .dotx, .dotm) is opened directly; a .doc, .odt or .rtf is first
converted to .docx by a headless LibreOffice (a private profile and folder, a time
limit). The file's content decides, not its name: offices rename files freely, so an
Excel workbook called ``ke_hoach.docx`` is named as what it is. Every refusal is a
``SourceError`` (exit code 2) naming the file in Vietnamese, never a traceback.
Legacy-font text (TCVN3, VNI) is then converted to Unicode (``legacy.py``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from subprocess import DEVNULL

import docx
from docx.document import Document

from vbhc.core import safezip
from vbhc.core.errors import ToolMissing, VbhcError, short_path
from vbhc.core.limits import MAX_MEMBER_BYTES
from vbhc.importer.legacy import decode_document
from vbhc.pipeline import pdf

CONVERT_SECONDS = 120.0  # -- a first LibreOffice start creates its profile: seconds --
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)")
_CONTENT_TYPES = "[Content_Types].xml"
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# -- main parts python-docx refuses by content type, though their XML is a document's --
_WORD_VARIANTS = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
)
# -- what a package or compound file holds, found by a name inside it, and what to call it --
_OTHER_OOXML = {b"spreadsheetml": "bảng tính Excel",
                b"presentationml": "bài trình chiếu PowerPoint"}
_OLE_STREAMS = {"EncryptionInfo": "encrypted", "WordDocument": "doc",
                "Workbook": "bảng tính Excel cũ (.xls)",
                "PowerPoint Document": "bài trình chiếu PowerPoint cũ (.ppt)"}
_OPENDOCUMENT = {b"application/vnd.oasis.opendocument.text": "odt",
                 b"application/vnd.oasis.opendocument.spreadsheet": "bảng tính OpenDocument (.ods)",
                 b"application/vnd.oasis.opendocument.presentation":
                     "bài trình chiếu OpenDocument (.odp)"}
# -- LibreOffice's import filter per converted format: forced, so a wrong file fails --
_FILTERS = {".doc": "MS Word 97", ".odt": "writer8", ".rtf": "Rich Text Format"}


class SourceError(VbhcError):
    """The document to import cannot be read; the message names the file."""


@dataclass(frozen=True)
class Source:
    """An opened document and what was done to read it."""

    document: Document
    converted_from: str | None  # ".doc", ".odt" or ".rtf" when LibreOffice converted it
    legacy_runs: int  # runs converted from TCVN3 or VNI to Unicode


def open_source(path: Path) -> Document:
    """Return the document at ``path`` (.docx, .doc, .odt, .rtf), its text in Unicode."""
    return read_source(path).document


def read_source(path: Path, *, timeout: float = CONVERT_SECONDS) -> Source:
    """Return the document at ``path`` with how it was read; raise SourceError or ToolMissing."""
    path = Path(path)
    name = short_path(path)
    if path.is_dir():
        raise SourceError(f"{name}: là thư mục, không phải tệp văn bản")
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise SourceError(f"{name}: không tìm thấy tệp") from None
    except OSError as error:
        raise SourceError(f"{name}: không đọc được tệp ({error.strerror or error})") from None
    if not head:
        raise SourceError(f"{name}: tệp rỗng (0 byte), không có văn bản nào")
    if head.startswith(_ZIP):
        package = _zip_kind(path, name)
        if package != "odt":
            return _finish(_open_word(path, name), None)
        suffix = ".odt"
    elif head.startswith(_OLE):
        suffix = _ole_kind(path, name)
    elif head.startswith(b"{\\rtf"):
        suffix = ".rtf"
    elif head.startswith(b"%PDF"):
        raise SourceError(f"{name}: là tệp PDF, không phải văn bản Word: hãy dùng tệp .docx "
                          "gốc (hoặc mở PDF bằng Word rồi lưu lại dạng .docx)")
    else:
        raise SourceError(f"{name}: không phải văn bản Word: vbhc đọc được tệp .docx, .doc, "
                          ".odt và .rtf")
    return _finish(_open_word(_convert(path, name, suffix, timeout), name), suffix)


def _finish(document: Document, converted_from: str | None) -> Source:
    return Source(document, converted_from, decode_document(document))


def _zip_kind(path: Path, name: str) -> str:
    """Return "word" or "odt" for the zip at ``path``; raise for anything else."""
    try:
        with safezip.open_zip(path) as archive:
            names = set(archive.namelist())
            if _CONTENT_TYPES in names:
                types = safezip.read_member(archive, _CONTENT_TYPES)
                mimetype = b""
            else:
                types = b""
                mimetype = safezip.read_member(archive, "mimetype") if "mimetype" in names \
                    else b""
    except safezip.UnsafeArchive as error:
        raise SourceError(f"{name}: {error}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise SourceError(f"{name}: tệp bị hỏng (không giải nén được): hãy mở bằng Word, lưu "
                          "lại rồi thử lại") from None
    if any(main in types for main in (_DOCX_MAIN, *_WORD_VARIANTS)):
        return "word"
    # -- checked after Word: a .docx with a chart declares a spreadsheet part too --
    for marker, what in _OTHER_OOXML.items():
        if marker in types:
            raise SourceError(f"{name}: là {what}, không phải văn bản Word")
    kind = _OPENDOCUMENT.get(mimetype.strip())
    if kind == "odt":
        return kind
    if kind is not None:
        raise SourceError(f"{name}: là {kind}, không phải văn bản")
    raise SourceError(f"{name}: là tệp nén, không phải văn bản Word (.docx)")


def _ole_kind(path: Path, name: str) -> str:
    """Return ".doc" for a Word 97-2003 file; raise for a protected or other Office file.

    The names of a compound file's streams are stored in UTF-16 in its directory.
    """
    try:
        with path.open("rb") as stream:
            content = stream.read(MAX_MEMBER_BYTES)
    except OSError as error:
        raise SourceError(f"{name}: không đọc được tệp ({error.strerror or error})") from None
    for stream_name, kind in _OLE_STREAMS.items():
        if stream_name.encode("utf-16-le") not in content:
            continue
        if kind == "encrypted":
            raise SourceError(f"{name}: văn bản được đặt mật khẩu (mã hóa): hãy mở bằng Word, "
                              "bỏ mật khẩu (File ▸ Info ▸ Protect Document) rồi lưu lại")
        if kind == "doc":
            return ".doc"
        raise SourceError(f"{name}: là {kind}, không phải văn bản Word")
    raise SourceError(f"{name}: là tệp Office cũ nhưng không phải văn bản Word")


def _open_word(source: Path | bytes, name: str) -> Document:
    """Return the python-docx Document of a Word package (a path or its bytes)."""
    try:
        with safezip.open_zip(source) as archive:
            members = {info.filename: safezip.read_member(archive, info)
                       for info in archive.infolist()}
    except safezip.UnsafeArchive as error:
        raise SourceError(f"{name}: {error}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise SourceError(f"{name}: tệp bị hỏng (không giải nén được): hãy mở bằng Word, lưu "
                          "lại rồi thử lại") from None
    for member, data in members.items():
        # -- Word never writes a DTD; one here can only be an entity bomb or read files --
        if member.endswith((".xml", ".rels")) and _DTD.search(data):
            raise SourceError(f"{name} ({member}): có khai báo DOCTYPE/ENTITY, Word không bao "
                              "giờ tạo: không đọc tệp này")
    types = members.get(_CONTENT_TYPES, b"")
    for variant in _WORD_VARIANTS:
        types = types.replace(variant, _DOCX_MAIN)
    members[_CONTENT_TYPES] = types
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for member, data in members.items():
            package.writestr(member, data)
    try:
        return docx.Document(io.BytesIO(buffer.getvalue()))
    except Exception as error:  # noqa: BLE001 - any failure of an untrusted file is the file's
        raise SourceError(f"{name}: không đọc được văn bản Word (tệp hỏng?): "
                          f"{type(error).__name__}: {error}") from None


def _convert(path: Path, name: str, suffix: str, timeout: float) -> bytes:
    """Return the bytes of the .docx LibreOffice makes from ``path`` (a .doc/.odt/.rtf)."""
    soffice = pdf.find_soffice()
    if soffice is None:
        raise ToolMissing(f"{name}: cần LibreOffice (soffice) để đọc tệp {suffix} nhưng không "
                          f"tìm thấy. {pdf.INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="vbhc-import-", ignore_cleanup_errors=True) as temp:
        folder = Path(temp)
        # -- a plain ASCII name: LibreOffice on Windows stumbles on some Unicode paths --
        source = folder / f"nguon{suffix}"
        shutil.copyfile(path, source)
        command = [str(soffice), "--headless", "--norestore",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   f"--infilter={_FILTERS[suffix]}", "--convert-to", "docx:MS Word 2007 XML",
                   "--outdir", str(folder / "out"), str(source)]
        try:
            process = subprocess.Popen(command, stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL,
                                       **pdf.group_options())
        except OSError as error:
            raise ToolMissing(f"không chạy được LibreOffice ({soffice}): "
                              f"{error.strerror or error}") from error
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise SourceError(f"{name}: LibreOffice không chuyển xong sau {timeout:g} giây "
                              "(tệp quá lớn hay có mật khẩu?)") from None
        finally:
            pdf.kill_tree(process)  # -- soffice.bin may outlive soffice; also on Ctrl+C --
            process.wait()
        made = folder / "out" / "nguon.docx"
        if not made.is_file():
            raise SourceError(f"{name}: LibreOffice không đọc được tệp {suffix} (hỏng, sai định "
                              "dạng hay có mật khẩu?)")
        return made.read_bytes()
