"""Open the zip containers vbhc reads (.docx, templates, .xlsx) without inflating a bomb.

A 3 MB .docx can hold a document.xml that inflates to gigabytes. Every container is
checked here before anything parses it: the number of members and the size each
member declares, one by one and together. Python's ``zipfile`` (which python-docx,
docxtpl and openpyxl read through) never returns more than a member declares — a
member that inflates past it fails its CRC check — so declared sizes within bounds
bound what is actually inflated. ``read_member`` still stops reading past the cap,
so vbhc's own reads hold even if that ever changes.

An Office file protected by a password is not a zip at all but an OLE compound file
(it starts with D0 CF 11 E0): it gets its own message instead of "not a .docx".
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from vbhc.core.limits import MAX_ARCHIVE_BYTES, MAX_MEMBER_BYTES, MAX_MEMBERS

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # -- a stream only encrypted OOXML has --


class UnsafeArchive(ValueError):
    """A container vbhc refuses to open; the message (Vietnamese) says why."""


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB".replace(",", ".")


def refuse_ole(head: bytes, content: bytes = b"") -> None:
    """Raise when ``head`` (the file's first bytes) starts an OLE compound file."""
    if head.startswith(_OLE):
        if _ENCRYPTED in content or not content:
            raise UnsafeArchive("tệp được đặt mật khẩu (mã hóa): hãy mở bằng Word/Excel, bỏ mật "
                                "khẩu (File ▸ Info ▸ Protect) rồi lưu lại")
        raise UnsafeArchive("là tệp Office cũ (.doc/.xls), không phải .docx/.xlsx: hãy mở bằng "
                            "Word/Excel và lưu lại dạng .docx/.xlsx")


def check(archive: zipfile.ZipFile) -> zipfile.ZipFile:
    """Return ``archive`` after checking its member count and declared sizes."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnsafeArchive(f"tệp nén có {len(members):,} thành phần, quá nhiều"
                            .replace(",", "."))
    total = 0
    for info in members:
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnsafeArchive(f"thành phần {info.filename} giải nén ra {_mb(info.file_size)}, "
                                f"quá giới hạn {_mb(MAX_MEMBER_BYTES)}")
        total += info.file_size
    if total > MAX_ARCHIVE_BYTES:
        raise UnsafeArchive(f"tệp giải nén ra {_mb(total)}, quá giới hạn "
                            f"{_mb(MAX_ARCHIVE_BYTES)}")
    return archive


def open_zip(source: Path | bytes) -> zipfile.ZipFile:
    """Return the checked zip at ``source`` (a path or the file's bytes).

    Raises ``UnsafeArchive`` (a ``ValueError``) for a bomb or a password-protected
    file, ``zipfile.BadZipFile`` or ``OSError`` as ``zipfile`` does otherwise.
    """
    if isinstance(source, bytes):
        refuse_ole(source[:8], source)
        return check(zipfile.ZipFile(io.BytesIO(source)))
    with open(source, "rb") as stream:
        head = stream.read(8)
        if head.startswith(_OLE):
            refuse_ole(head, stream.read(MAX_MEMBER_BYTES))
    return check(zipfile.ZipFile(source))


def check_file(path: Path) -> None:
    """Raise unless ``path`` is a zip that is safe to hand to python-docx or openpyxl."""
    open_zip(path).close()


def read_member(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> bytes:
    """Return one member's bytes, stopping as soon as it inflates past the cap."""
    with archive.open(member) as stream:
        data = stream.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        name = member if isinstance(member, str) else member.filename
        raise UnsafeArchive(f"thành phần {name} giải nén ra hơn {_mb(MAX_MEMBER_BYTES)}")
    return data
