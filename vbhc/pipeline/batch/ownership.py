"""Which run owns an output folder: a lock file with its process id, staging named after it.

Two ``vbhc batch`` runs into one folder at once would overwrite each other's
documents and summary, and one's clean-up would delete the other's staging
files. So a run takes ``.vbhc-dang-chay.lock`` (created exclusively, holding its
process id and start time) before it writes anything, and a second run is
refused while the first is alive. A lock left by a run that died (``kill -9``,
power cut) is taken over; the start time tells a dead run from an unrelated
process that later got the same id.

Every staging folder is named after the run's and the worker's process ids, so
a run removes only its own, and the staging of dead runs is swept by the next
run. Workers watch their parent (``die_with_parent``) and exit when it is gone.

Plain files and process ids only: the same code runs on Windows, Linux and macOS.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from vbhc.core.errors import OutputError, short_path
from vbhc.pipeline.output import reason

LOCK_NAME = ".vbhc-dang-chay.lock"
STAGING_PREFIX = ".vbhc-dang-ghi-"
_STAGING_OWNER = re.compile(rf"{re.escape(STAGING_PREFIX)}(\d+)")
_UNREADABLE_GRACE = 10.0  # seconds a lock may stay empty while its creator writes it
_TAKEOVER_TRIES = 5


def process_start(pid: int) -> str:
    """Return a mark of when process ``pid`` started ("" where it cannot be read).

    Linux: the start time in clock ticks (/proc/PID/stat, field 22); two processes
    that had the same id never have the same start time.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = stat.rpartition(")")[2].split()  # -- the name in () may hold spaces --
    return fields[19] if len(fields) > 19 else ""


def _windows_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # -- PROCESS_QUERY_LIMITED_INFORMATION --
    if not handle:
        return kernel.GetLastError() == 5  # -- access denied: it exists --
    try:
        code = ctypes.c_ulong()
        if not kernel.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # -- STILL_ACTIVE --
    finally:
        kernel.CloseHandle(handle)


def alive(pid: int, start: str = "") -> bool:
    """Return whether process ``pid`` (started at ``start``, when known) is running."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) would terminate it there
        running = _windows_alive(pid)
    else:
        try:
            os.kill(pid, 0)
            running = True
        except ProcessLookupError:
            running = False
        except PermissionError:  # -- another user's process --
            running = True
    if running and start:
        now = process_start(pid)
        return not now or now == start
    return running


class FolderLock:
    """The lock of an output folder, held for a whole batch run (a context manager)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.pid = os.getpid()
        self.content = f"{self.pid} {process_start(self.pid)}\n"
        self.held = False

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, unless held already; raise ``OutputError`` while another run holds it."""
        if self.held:
            return
        for _ in range(_TAKEOVER_TRIES):
            try:
                handle = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                                 | getattr(os, "O_BINARY", 0), 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is not None:
                    raise OutputError(self._refusal(holder)) from None
                continue  # -- a dead run's lock was removed: try again --
            except OSError as error:
                raise OutputError(f"không ghi được vào thư mục {short_path(self.folder)}: "
                                  f"{reason(error)}") from error
            try:
                os.write(handle, self.content.encode("ascii"))
            finally:
                os.close(handle)
            self.held = True
            return
        raise OutputError(f"không giành được {short_path(self.path)} sau {_TAKEOVER_TRIES} lần "
                          "thử; có lần chạy khác đang bắt đầu? Hãy chạy lại sau ít phút.")

    def _holder(self) -> int | None:
        """Return the pid of the live run holding the lock, or None once a dead one's is gone."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace")
            age = time.time() - self.path.stat().st_mtime
        except FileNotFoundError:
            return None
        except OSError:
            return -1
        parts = text.split()
        if not parts or not parts[0].isdigit():
            # -- being written by its creator this instant, or left empty by a crash --
            return -1 if age < _UNREADABLE_GRACE else self._take_over(text)
        pid, start = int(parts[0]), (parts[1] if len(parts) > 1 else "")
        if alive(pid, start):
            return pid
        return self._take_over(text)

    def _take_over(self, seen: str) -> int | None:
        """Remove a dead run's lock, unless another run replaced it meanwhile."""
        # -- rename first (atomic): of several runs taking over, one gets this very file --
        aside = self.path.with_name(f"{LOCK_NAME}.{self.pid}.cu")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return None  # -- another run took it over first --
        except OSError:
            return -1
        try:
            if aside.read_text(encoding="ascii", errors="replace") == seen:
                return None
            # -- we moved a lock a live run took meanwhile: give it back --
            with contextlib.suppress(OSError):
                os.link(aside, self.path)
            return -1
        finally:
            with contextlib.suppress(OSError):
                aside.unlink()

    def _refusal(self, pid: int) -> str:
        who = f" (tiến trình {pid})" if pid > 0 else ""
        return (f"thư mục {short_path(self.folder)} đang được một lần chạy vbhc batch khác "
                f"ghi{who}; hai lần chạy cùng lúc vào một thư mục sẽ ghi lẫn lên nhau.\n"
                "  Hãy chờ lần chạy đó xong rồi chạy lại, hoặc ghi ra thư mục khác với -o.\n"
                f"  Nếu chắc chắn không còn lần chạy nào, xóa tệp {short_path(self.path)}.")

    def release(self) -> None:
        """Remove the lock if it is still this run's."""
        self.held = False
        with contextlib.suppress(OSError):
            if self.path.read_text(encoding="ascii", errors="replace") == self.content:
                self.path.unlink()


def staging_folder(folder: Path, run_pid: int, worker_pid: int) -> Path:
    """Return the staging folder of one worker of one run inside ``folder``."""
    return folder / f"{STAGING_PREFIX}{run_pid}-{worker_pid}"


def sweep_staging(folder: Path, run_pid: int | None = None) -> None:
    """Remove the staging folders of run ``run_pid``, or (None) of every run no longer alive."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            owner = _STAGING_OWNER.match(entry.name)
            if owner is None or not entry.is_dir(follow_symlinks=False):
                continue
            pid = int(owner.group(1))
            if pid == run_pid or (run_pid is None and pid != os.getpid() and not alive(pid)):
                shutil.rmtree(entry.path, ignore_errors=True)


def die_with_parent(cleanup: Callable[[], None]) -> None:
    """In a worker process: exit as soon as the parent is gone, after ``cleanup()``.

    A worker blocks on the pool's queue, which it holds both ends of: the parent's
    death alone would never wake it. ``parent_process().sentinel`` (a pipe on
    POSIX, a process handle on Windows) becomes ready when the parent ends, for
    whatever reason, even ``kill -9``.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([parent.sentinel])
        with contextlib.suppress(Exception):
            cleanup()
        os._exit(1)

    threading.Thread(target=watch, name="vbhc-parent-watch", daemon=True).start()
