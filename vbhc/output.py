"""Safe writing of outputs: atomic replacement and protection of hand-edited files.

Every output is written to a temporary file in the target folder and renamed
into place, so an error or an interruption (even ``kill -9``) never leaves a
half-written file and never destroys the previous one. A .docx that a clerk
edited since vbhc generated it (its text no longer matches the fingerprint
vbhc recorded) is not overwritten without ``--force``; with it, the edited file
is kept as a timestamped backup.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path

from vbhc import fingerprint
from vbhc.errors import OutputError, short_path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"thư mục {short_path(folder)} không tồn tại, không ghi được "
                          f"{short_path(path)}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as error:
        raise OutputError(f"không ghi được vào thư mục {short_path(folder)}: "
                          f"{error.strerror or error}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"không ghi được {short_path(path)}: {error.strerror or error} "
                              "(tệp đang mở trong Word, hoặc thư mục chỉ đọc?)") from error
        raise


def backup_name(path: Path, now: datetime | None = None) -> Path:
    """Return the name of a timestamped backup beside ``path``."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.{stamp}.ban-sua-tay{path.suffix}")


def guard_docx(path: Path, *, force: bool = False) -> Path | None:
    """Check that ``path`` may be overwritten; return the backup made, if any.

    Raises ``OutputError`` for a file edited since vbhc wrote it, or not written
    by vbhc at all, unless ``force``; with ``force`` such a file is first copied
    to a timestamped backup.
    """
    path = Path(path)
    if not path.exists():
        return None
    recorded, current = fingerprint.read(path)
    if recorded is not None and recorded == current:
        return None
    if recorded is None:
        reason = "không phải do vbhc tạo ra"
    else:
        reason = "đã được sửa tay sau khi vbhc tạo ra"
    if not force:
        raise OutputError(
            f"{short_path(path)} {reason}; vbhc không ghi đè để khỏi mất phần đã sửa. "
            "Hãy chép các chỗ sửa vào tệp dữ liệu rồi tạo lại, hoặc ghi sang tệp khác với "
            "-o, hoặc thêm --force để ghi đè (bản cũ được giữ lại bên cạnh).")
    backup = backup_name(path)
    try:
        os.replace(path, backup)
    except OSError as error:
        raise OutputError(f"không tạo được bản lưu {short_path(backup)}: {error}") from error
    return backup
