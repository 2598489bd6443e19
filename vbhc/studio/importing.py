"""Import a Word document the clerk uploads into a data file of the studio's folder.

The browser sends the file's bytes as the request body (no multipart form). They are
written to a private temporary folder under the clerk's file name (so messages name the
file they know), capped in size while they arrive, then read by ``vbhc import``'s own
``import_file``: the same refusals and the same validation as the command line. The
temporary folder is removed whatever happens.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from vbhc.core.errors import VbhcError
from vbhc.importer.api import import_file
from vbhc.studio.workspace import DATA_SUFFIXES, PathRefused, Workspace

MAX_UPLOAD = 20 * 1024 * 1024  # bytes: a long plan with pictures is a few MB
_UNSAFE = re.compile(r"[^\w.\- ]+")


class UploadTooLarge(VbhcError):
    """The uploaded file is larger than ``MAX_UPLOAD``."""


class TargetExists(VbhcError):
    """The data file to create already exists: the clerk must agree to replace it."""


@dataclass
class ImportedUpload:
    """What the studio tells the clerk after an import."""

    path: str  # the data file, relative to the folder
    kind: str
    leftovers: list[tuple[int, str]]  # (page, paragraph) not placed in the data
    notes: list[str]  # what was done to read the file (conversion, legacy fonts)


def too_large_message(limit: int = MAX_UPLOAD) -> str:
    """Return the refusal of a file over ``limit`` bytes, in the clerk's words."""
    return (f"tệp quá lớn (hơn {limit // (1024 * 1024)} MB): văn bản hành chính thường chỉ vài "
            "MB; hãy bỏ bớt ảnh hoặc lưu lại bằng Word rồi thử lại")


def upload_name(name: str) -> str:
    """Return the base name of the clerk's file, safe to create in a private folder."""
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip(" .")
    return base[-120:] or "van_ban.docx"


def proposed_name(name: str) -> str:
    """Return the data file name proposed for the uploaded ``name`` (no diacritics)."""
    stem = Path(upload_name(name)).stem.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")
    return f"{words or 'van_ban'}.yaml"


def target_path(workspace: Workspace, name: str, original: str) -> Path:
    """Return where the data file goes: ``name`` (.yaml added) inside the folder."""
    name = name.strip() or proposed_name(original)
    if not name.lower().endswith(DATA_SUFFIXES):
        name += ".yaml"
    path = workspace.resolve(name)  # -- refuses "..", absolute paths and links out --
    if path.is_dir():
        raise PathRefused(f"{name} là một thư mục, không phải tệp dữ liệu")
    if not path.parent.is_dir():
        raise PathRefused(f"chưa có thư mục {workspace.relative(path.parent)} để ghi {name}")
    return path


def refuse_existing(workspace: Workspace, target: Path, overwrite: bool) -> None:
    """Raise TargetExists when ``target`` exists and the clerk has not agreed to replace it."""
    if target.exists() and not overwrite:
        raise TargetExists(f"đã có tệp {workspace.relative(target)}: chọn tên khác, hoặc xác "
                           "nhận để thay tệp đó bằng dữ liệu đọc từ văn bản này")


async def receive(chunks: AsyncIterator[bytes], destination: Path,
                  limit: int = MAX_UPLOAD) -> int:
    """Write the uploaded ``chunks`` to ``destination``; stop past ``limit`` bytes."""
    size = 0
    with destination.open("wb") as handle:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:  # -- a declared length can lie: count what arrives --
                raise UploadTooLarge(too_large_message(limit))
            handle.write(chunk)
    return size


def import_upload(workspace: Workspace, source: Path, target: Path, *,
                  overwrite: bool = False) -> ImportedUpload:
    """Import the uploaded ``source`` into ``target`` (a path from ``target_path``)."""
    refuse_existing(workspace, target, overwrite)
    imported = import_file(source, target, force=overwrite)
    reading, notes = imported.reading, []
    if reading.converted_from:
        notes.append(f"Đã chuyển tệp {reading.converted_from} sang .docx bằng LibreOffice.")
    if reading.legacy_runs:
        notes.append(f"Đã chuyển {reading.legacy_runs} đoạn chữ gõ bằng phông TCVN3/VNI "
                     "sang Unicode.")
    if imported.backup:
        notes.append(f"Tệp cũ được giữ lại: {workspace.relative(imported.backup)}")
    return ImportedUpload(workspace.relative(target), imported.kind, imported.leftovers, notes)


async def import_stream(workspace: Workspace, chunks: AsyncIterator[bytes], original: str,
                        name: str, *, overwrite: bool = False,
                        limit: int = MAX_UPLOAD) -> ImportedUpload:
    """Receive an upload and import it; the temporary copy is always removed."""
    import asyncio

    target = target_path(workspace, name, original)
    refuse_existing(workspace, target, overwrite)  # -- before the clerk waits for the upload --
    with tempfile.TemporaryDirectory(prefix="vbhc-nhap-") as folder:
        source = Path(folder) / upload_name(original)
        await receive(chunks, source, limit)
        try:
            return await asyncio.to_thread(import_upload, workspace, source, target,
                                           overwrite=overwrite)
        except VbhcError as error:
            # -- the clerk knows the file by its name, not by the private copy's folder --
            error.message = error.message.replace(str(source.parent) + os.sep, "")
            raise
