"""Safe writing of outputs: atomic replacement and protection of hand-edited files.

Every output is written to a temporary file in the target folder and renamed
into place, so an error or an interruption never leaves a half-written file and
never destroys the previous one. On Linux the data goes first into an unnamed
file (``O_TMPFILE``), which the kernel discards if the process dies, even by
``kill -9``; it gets a name only once complete, just before the rename.
Elsewhere (Windows, macOS, file systems without ``O_TMPFILE``) a named
``.<name>.<random>.tmp`` file is used, and the leftovers of an interrupted
write are removed the next time the same target is written.

A .docx that a clerk edited since vbhc generated it (its content: wording,
formatting, pictures, comments, headers, margins… no longer matches the
fingerprint vbhc recorded) is not overwritten without ``--force``; with it,
the edited file is kept as a timestamped backup beside the new one.

A batch writes thousands of files: syncing each one to disk (two ``fsync`` per
file) cost more than rendering it. ``write_staged`` writes a file completely
under a private name and renames it into place without syncing (a ``kill -9``
still leaves every file old or new: the page cache outlives the process), and
``flush_folder`` makes the whole batch durable with one file-system sync at the
end. Where no such sync exists (Windows) each file is synced as before.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import sys
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from vbhc.core.errors import OutputError, short_path
from vbhc.document import fingerprint

_TEMP_SUFFIX = ".tmp"
_REPLACE_TRIES = 5  # Windows: antivirus and indexers hold new files open for a moment
_REPLACE_PAUSE = 0.2  # seconds between tries
_OPEN_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_CLOEXEC", 0))
# errno values with which O_TMPFILE says "not here" rather than "not allowed"
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT, errno.ENOTDIR,
               getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


def temporary_name(path: Path) -> Path:
    """Return a fresh temporary file name beside ``path``: ``.<name>.<8 hex>.tmp``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")


def leftovers(path: Path) -> list[Path]:
    """Return the temporary files an interrupted write of ``path`` left beside it.

    Both this module's names and those of earlier versions (``tempfile.mkstemp``,
    8 characters of ``[a-z0-9_]``) are recognised; other files never are.
    """
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}{re.escape(_TEMP_SUFFIX)}")
    try:
        names = [entry.name for entry in os.scandir(path.parent)]
    except OSError:
        return []
    return [path.with_name(name) for name in sorted(names) if pattern.fullmatch(name)]


def _remove_leftovers(path: Path) -> None:
    for stale in leftovers(path):
        # -- a file still open by a running writer cannot be removed on Windows: kept --
        with contextlib.suppress(OSError):
            stale.unlink()


def reason(error: OSError) -> str:
    """Return why a write failed, in words a clerk can act on."""
    if getattr(error, "winerror", None) in (32, 33):  # sharing or lock violation
        return "tệp đang mở trong chương trình khác (Word?); hãy đóng tệp rồi chạy lại"
    reasons = {
        errno.EACCES: "không có quyền ghi (thư mục chỉ đọc, hoặc tệp đang mở trong Word?)",
        errno.EPERM: "không có quyền ghi (thư mục chỉ đọc, hoặc tệp đang mở trong Word?)",
        errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho phép đọc",
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EFBIG: "tệp vượt quá dung lượng cho phép (ổ đĩa hoặc hạn mức đã đầy)",
        errno.EDQUOT: "đã hết hạn mức dung lượng",
        errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.EISDIR: "đó là một thư mục",
        errno.ENOENT: "thư mục không tồn tại",
    }
    return reasons.get(error.errno or 0) or error.strerror or str(error)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _replace(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target``; on Windows retry while the target is briefly locked."""
    for attempt in range(_REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == _REPLACE_TRIES - 1:
                raise
            time.sleep(_REPLACE_PAUSE)


def bulk_sync_available() -> bool:
    """Return whether one call can flush a whole folder's files (``flush_folder``)."""
    return sys.platform != "win32" and (hasattr(os, "sync") or _syncfs() is not None)


@lru_cache(maxsize=1)
def _syncfs() -> object | None:
    """Return libc's ``syncfs`` (Linux: flushes one file system, not all), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


def write_staged(staged: Path, path: Path, data: bytes) -> None:
    """Write ``data`` to ``staged`` (a private name) and rename it over ``path``; no sync.

    The caller owns ``staged`` (a batch worker's staging folder); a write
    interrupted by ``kill -9`` leaves only the staged file, never a partial
    ``path``. Durability comes from one ``flush_folder`` at the end, or, where
    that is not available, from a sync of this file before its rename.
    """
    write_unplaced(staged, data)
    place(staged, path)


def write_unplaced(staged: Path, data: bytes) -> None:
    """Write ``data`` whole to ``staged``, a private name ``place`` later renames into place.

    No sync where ``flush_folder`` makes the whole batch durable at the end.
    """
    handle = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
                     | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        _write_all(handle, data)
        if not bulk_sync_available():
            os.fsync(handle)
    finally:
        os.close(handle)


def place(staged: Path, path: Path) -> None:
    """Rename the file written by ``write_unplaced`` over ``path`` (atomic, same folder tree)."""
    _replace(staged, path)


def flush_folder(folder: Path) -> None:
    """Make every file renamed into ``folder`` durable: one file-system sync, then the folder.

    ``syncfs`` on Linux (only the folder's file system), ``sync`` on other POSIX
    systems; on Windows files written by ``write_staged`` were synced one by one.
    """
    if sys.platform == "win32":
        return
    syncfs = _syncfs()
    done = False
    if syncfs is not None:
        with contextlib.suppress(OSError):
            handle = os.open(folder, os.O_RDONLY)
            try:
                done = syncfs(handle) == 0  # type: ignore[operator]
            finally:
                os.close(handle)
    if not done and hasattr(os, "sync"):
        os.sync()
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of a rename to disk (POSIX; a no-op where unsupported)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _open_unnamed(folder: Path) -> int | None:
    """Return a descriptor of an unnamed file in ``folder``, or None where unsupported."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        if error.errno in _NO_TMPFILE:
            return None
        raise


def _write_unnamed(path: Path, data: bytes) -> bool:
    """Write through an unnamed file; return False when the platform cannot."""
    handle = _open_unnamed(path.parent)
    if handle is None:
        return False
    temporary = None
    try:
        _write_all(handle, data)
        os.fsync(handle)
        # -- the file exists complete and synced before it is given a name --
        candidate = temporary_name(path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            # -- an explicit dir fd makes os.link call linkat(AT_SYMLINK_FOLLOW) --
            os.link(f"/proc/self/fd/{handle}", candidate, src_dir_fd=folder,
                    follow_symlinks=True)
        except OSError:
            return False  # e.g. /proc restricted: the caller writes a named file instead
        finally:
            os.close(folder)
        temporary = candidate
        _replace(temporary, path)
        temporary = None
        return True
    finally:
        os.close(handle)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _write_named(path: Path, data: bytes) -> None:
    """Write through a named temporary file beside ``path``, then rename it into place."""
    for _ in range(100):
        temporary = temporary_name(path)
        try:
            handle = os.open(temporary, _OPEN_FLAGS, 0o666)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 collisions of 32 random bits
        raise FileExistsError(errno.EEXIST, "không tạo được tệp tạm", str(path))
    try:
        try:
            _write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        _replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    On any failure the previous file is left as it was and no temporary file
    remains; a problem a clerk can fix (missing or read-only folder, file open
    in Word, full disk) is an ``OutputError`` that names the path.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"thư mục {short_path(folder)} không tồn tại, không ghi được "
                          f"{short_path(path)}; hãy tạo thư mục hoặc chọn chỗ khác với -o")
    if path.is_dir():
        raise OutputError(f"không ghi được {short_path(path)}: đó là một thư mục")
    _remove_leftovers(path)
    try:
        if not _write_unnamed(path, data):
            _write_named(path, data)
    except OSError as error:
        raise OutputError(f"không ghi được {short_path(path)}: {reason(error)}") from error
    _sync_folder(folder)


def backup_name(path: Path, now: datetime | None = None, label: str = "ban-sua-tay") -> Path:
    """Return the name of a timestamped backup beside ``path``, not yet taken by a file.

    ``label`` says what the backup is: the hand-edited .docx (by default), or the data
    file as it was before Word edits were merged into it ("ban-cu").
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.{stamp}.{label}{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{stamp}-{number}.{label}{path.suffix}")
        number += 1
    return candidate


ELSEWHERE = "ghi ra tệp khác với -o <tên khác>.docx"  # how `vbhc render` writes elsewhere


def guard_docx(path: Path, *, force: bool = False, elsewhere: str = ELSEWHERE,
               replacement: bytes | None = None) -> Path | None:
    """Return the backup made of ``path`` before it is overwritten, or None if none is needed.

    Raises ``OutputError`` for a file edited since vbhc wrote it, or not written
    by vbhc at all, unless ``force``; with ``force`` such a file is first copied
    (atomically) to a timestamped backup beside it. The file itself stays in
    place until the new one replaces it, so a failed write loses nothing. ``elsewhere``
    tells the clerk how the command at hand writes to another place.

    An edited file whose content is exactly what ``replacement`` (the new document)
    holds loses nothing: its edits are in the data (``vbhc import --cap-nhat``), so it
    is overwritten without asking.
    """
    path = Path(path)
    if not path.exists():
        return None
    if path.is_dir():
        raise OutputError(f"không ghi được {short_path(path)}: đó là một thư mục")
    try:
        content = path.read_bytes()
    except OSError as error:
        raise OutputError(f"không đọc được {short_path(path)} để kiểm tra trước khi ghi đè: "
                          f"{reason(error)}") from error
    recorded, current = fingerprint.read_bytes(content)
    if recorded is not None and recorded == current:
        return None
    if recorded is not None and current is not None and replacement is not None \
            and fingerprint.read_bytes(replacement)[0] == current:
        return None
    if not force:
        raise OutputError(_refusal(path, edited=recorded is not None, elsewhere=elsewhere))
    backup = backup_name(path)
    write_atomic(backup, content)
    return backup


def _refusal(path: Path, *, edited: bool, elsewhere: str) -> str:
    """Return the message refusing to overwrite ``path``, with the ways forward."""
    name = short_path(path)
    example = short_path(backup_name(path, datetime(2000, 1, 1))).replace(
        "20000101-000000", "<ngày-giờ>")
    if edited:
        what = (f"{name} đã được sửa tay (trong Word) sau khi vbhc tạo ra; vbhc không ghi đè "
                "để khỏi mất phần đã sửa.")
        keep = ("đưa các chỗ sửa về tệp dữ liệu (vbhc import --cap-nhat <tệp dữ liệu> "
                f"{name}) rồi chạy lại, hoặc {elsewhere}")
    else:
        what = f"{name} không phải do vbhc tạo ra; vbhc không ghi đè tệp này."
        keep = elsewhere
    return (f"{what}\n"
            f"  Giữ tệp này: {keep}.\n"
            f"  Ghi đè: chạy lại với --force; tệp hiện có được giữ lại thành {example}.")
