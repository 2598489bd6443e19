"""PDF output through a headless LibreOffice (``soffice --convert-to pdf``).

Starting LibreOffice costs about a second, converting one more document in a running
process a tenth of that. So a few worker *lanes* (threads, one per core) each run
``soffice`` on chunks of files, one chunk after another, each lane with its own profile
(``-env:UserInstallation``; processes sharing a profile hand their work to the first one).
LibreOffice writes into a temp directory inside the target folder and every finished PDF
is moved into place with ``os.replace``: no half-written PDF ever appears there.

LibreOffice quirks handled here:
- Random bytes named .docx are detected as plain text and "converted" into pages of
  garbage, so the Word import filter is forced (``--infilter``): such a file fails to load.
- It prints ``convert A -> OUT/A.pdf ...`` *before* converting ``A``, one line per file:
  that line tells us the earlier files of the chunk are finished (used for progress).
- It exits with status 0 even when files failed: success is judged by the PDFs alone.
"""

from __future__ import annotations

import contextlib
import locale
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from subprocess import DEVNULL, PIPE, STDOUT
from typing import Any

from vbhc.core.errors import ToolMissing

DOCX_IMPORT_FILTER = "MS Word 2007 XML"
INSTALL_HINT = (
    "Cài đặt LibreOffice rồi chạy lại: trên Debian/Ubuntu: "
    "`sudo apt-get install libreoffice-writer-nogui fonts-liberation2`; "
    "trên Windows: tải và cài LibreOffice từ https://www.libreoffice.org/download/ "
    "(thư mục mặc định C:\\Program Files\\LibreOffice)."
)
OUTDIR_PREFIX = ".vbhc-pdf-"  # temp dirs inside the target folder
PROFILE_PREFIX = "vbhc-soffice-"  # LibreOffice profiles, under tempfile.gettempdir()
_CONVERT_LINE = re.compile(r" -> (.+) using filter")
_POLL = 0.1  # seconds; how often waiting threads look for Ctrl+C


@dataclass(frozen=True)
class PdfFailure:
    """A document that could not be converted; ``message`` is in Vietnamese."""

    source: Path
    message: str


def find_soffice() -> Path | None:
    """Return the LibreOffice program (``soffice``), or None when it cannot be found."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((path for path in _install_candidates() if path.is_file()), None)


def _install_candidates() -> list[Path]:
    """Return where LibreOffice's installers put ``soffice`` when it is not on PATH."""
    found = [
        Path(os.environ[var], "LibreOffice", "program", "soffice.exe")
        for var in ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)")
        if os.environ.get(var)
    ]
    found.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    # The .deb/.rpm packages from libreoffice.org install into /opt/libreofficeX.Y.
    found.extend(sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True))
    found.append(Path("/usr/lib/libreoffice/program/soffice"))
    return found


def require_soffice() -> Path:
    """Return the LibreOffice program, or raise ToolMissing saying how to install it."""
    found = find_soffice()
    if found is None:
        raise ToolMissing(f"không tìm thấy LibreOffice (soffice) để xuất PDF. {INSTALL_HINT}")
    return found


def convert_to_pdf(
    docx_paths: Sequence[Path],
    *,
    jobs: int | None = None,
    chunk_size: int = 25,
    timeout: float = 120.0,
    progress: Callable[[int, int], None] | None = None,
    export: str = "pdf",
) -> list[PdfFailure]:
    """Return the documents that could not be converted, after writing ``X.pdf`` beside each.

    ``jobs`` LibreOffice processes (default: one per core) run side by side, each on
    chunks of up to ``chunk_size`` files; a chunk still running after ``timeout`` seconds
    is killed. A file whose PDF is missing after its chunk is retried alone once.
    ``progress(done, total)`` is called from the calling thread as files finish.
    ``export`` is soffice's ``--convert-to`` value: plain ``pdf``, or the PDF/A filter
    options of ``vbhc.pipeline.electronic.PDFA_EXPORT``.
    Raises ToolMissing when LibreOffice is not installed.
    """
    jobs = jobs if jobs is not None else os.cpu_count() or 1
    if jobs < 1 or chunk_size < 1 or timeout <= 0:
        raise ValueError("jobs và chunk_size phải từ 1 trở lên, timeout phải lớn hơn 0")
    unique: dict[str, Path] = {}  # each file once, even if spelled differently
    for given in map(Path, docx_paths):
        unique.setdefault(os.path.normcase(given.resolve()), given)
    originals = {given.resolve(): given for given in unique.values()}  # absolute -> as given
    if not originals:
        return []
    soffice = require_soffice()
    total, done = len(originals), 0
    failures: dict[Path, PdfFailure] = {}

    def finish(source: Path, failure: PdfFailure | None) -> None:
        nonlocal done
        if failure is not None:
            failures[source] = PdfFailure(originals[source], failure.message)
        done += 1
        if progress is not None:
            progress(done, total)

    todo: list[Path] = []
    claimed: dict[str, Path] = {}  # output PDF -> the source that makes it
    for source in originals:
        problem = _precheck(source, claimed)
        if problem:
            finish(source, PdfFailure(source, problem))
        else:
            todo.append(source)
    if todo:
        run = _Run(soffice, timeout, export)
        try:
            run.start(_plan(todo, jobs, chunk_size), jobs)
            while done < total:
                try:
                    event = run.events.get(timeout=_POLL)
                except queue.Empty:
                    if not run.alive() and run.events.empty():  # only a bug gets here
                        raise RuntimeError("lỗi nội bộ: các luồng xuất PDF dừng sớm") from None
                    continue
                if isinstance(event, BaseException):
                    raise event
                finish(*event)
        finally:
            run.close()
    return [failures[source] for source in originals if source in failures]


def _precheck(source: Path, claimed: dict[str, Path]) -> str | None:
    """Return why ``source`` cannot be converted before even starting LibreOffice."""
    if not source.is_file():
        return "không tìm thấy tệp .docx"
    other = claimed.setdefault(os.path.normcase(source.with_suffix(".pdf")), source)
    if other != source:
        return f"trùng tên tệp PDF với {other.name} (cùng thư mục, cùng tên)"
    return None


def _plan(todo: list[Path], jobs: int, chunk_size: int) -> list[list[Path]]:
    """Return the chunks to convert: files of one folder, small enough to feed every lane."""
    size = max(1, min(chunk_size, -(-len(todo) // jobs)))
    by_folder: dict[Path, list[Path]] = {}
    for source in todo:
        by_folder.setdefault(source.parent, []).append(source)
    return [fs[i : i + size] for fs in by_folder.values() for i in range(0, len(fs), size)]


class _Cancelled(Exception):
    """Raised inside a lane when the whole conversion is being abandoned."""


class _Run:
    """The state one ``convert_to_pdf`` call shares between its lanes."""

    def __init__(self, soffice: Path, timeout: float, export: str = "pdf") -> None:
        self.soffice = soffice
        self.timeout = timeout
        self.export = export
        self.chunks: queue.SimpleQueue[list[Path]] = queue.SimpleQueue()
        # (source, None): PDF in place; (source, failure); or an exception to re-raise
        self.events: queue.SimpleQueue[tuple[Path, PdfFailure | None] | BaseException] = (
            queue.SimpleQueue()
        )
        self.cancelled = False
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen[bytes]] = set()
        self._temp_dirs: set[Path] = set()
        self._threads: list[threading.Thread] = []

    def start(self, chunks: list[list[Path]], jobs: int) -> None:
        for chunk in chunks:
            self.chunks.put(chunk)
        for number in range(min(jobs, len(chunks))):
            thread = threading.Thread(target=_Lane(self).work, name=f"pdf-{number}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def alive(self) -> bool:
        """Return whether any lane is still working."""
        return any(thread.is_alive() for thread in self._threads)

    def close(self) -> None:
        """Stop every soffice process, wait for the lanes and delete all temp dirs."""
        with self._lock:
            self.cancelled = True
            procs = list(self._procs)
        for proc in procs:
            kill_tree(proc)
        for thread in self._threads:
            while thread.is_alive():
                thread.join(_POLL)
        for path in list(self._temp_dirs):
            _remove_dir(path)

    def popen(self, command: list[str]) -> subprocess.Popen[bytes]:
        """Return a started soffice process, unless the run is being cancelled."""
        with self._lock:  # so that close() cannot miss a process starting right now
            if self.cancelled:
                raise _Cancelled
            try:
                proc = subprocess.Popen(
                    command, stdin=DEVNULL, stdout=PIPE, stderr=STDOUT, **group_options()
                )
            except OSError as exc:
                why = exc.strerror or exc
                raise ToolMissing(f"không chạy được LibreOffice ({self.soffice}): {why}") from exc
            self._procs.add(proc)
            return proc

    def forget(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._procs.discard(proc)

    def fail(self, source: Path, message: str) -> None:
        self.events.put((source, PdfFailure(source, message)))

    def temp_dir(self, parent: Path | None, prefix: str) -> Path:
        """Return a new temporary directory (inside ``parent`` if given) that close() removes."""
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        with self._lock:
            self._temp_dirs.add(path)
        return path

    def drop_dir(self, path: Path) -> None:
        _remove_dir(path)
        with self._lock:
            self._temp_dirs.discard(path)


class _Lane:
    """One worker: converts chunks one after another with its own LibreOffice profile."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.profile: Path | None = None

    def work(self) -> None:
        try:
            while not self.run.cancelled:
                try:
                    chunk = self.run.chunks.get_nowait()
                except queue.Empty:
                    return
                missing, _ = self._attempt(chunk)
                for source in missing:  # failed, or never reached because the chunk hung
                    self._retry(source)
        except _Cancelled:
            pass
        except BaseException as exc:  # handed over to the calling thread, which re-raises
            self.run.events.put(exc)

    def _retry(self, source: Path) -> None:
        missing, timed_out = self._attempt([source])
        if missing and timed_out:
            self.run.fail(source, f"LibreOffice không chuyển xong sau {self.run.timeout:g} giây")
        elif missing:
            self.run.fail(source, "LibreOffice không đọc được tệp (hỏng hay sai định dạng?)")

    def _attempt(self, files: list[Path]) -> tuple[list[Path], bool]:
        """Return the files still without a PDF after one soffice run, and whether it hung."""
        try:
            outdir = self.run.temp_dir(files[0].parent, OUTDIR_PREFIX)
        except OSError as exc:
            for source in files:
                self.run.fail(source, f"không tạo được thư mục tạm: {exc.strerror or exc}")
            return [], False
        settled: set[int] = set()

        def settle(upto: int) -> None:
            for index in range(upto):
                if index not in settled and self._place(files[index], outdir):
                    settled.add(index)

        try:
            timed_out = self._soffice(files, outdir, settle)
            settle(len(files))
        finally:
            self.run.drop_dir(outdir)
        return [source for index, source in enumerate(files) if index not in settled], timed_out

    def _place(self, source: Path, outdir: Path) -> bool:
        """Return whether ``source`` is settled: its finished PDF moved into place, or unmovable."""
        made = outdir / _pdf_name(source)
        if not complete_pdf(made):
            return False
        target = source.with_suffix(".pdf")
        try:
            os.replace(made, target)
        except OSError as exc:  # on Windows: the old PDF is open in a viewer
            why = exc.strerror or exc
            self.run.fail(source, f"không ghi được {target.name} (tệp đang mở?): {why}")
        else:
            self.run.events.put((source, None))
        return True

    def _soffice(self, files: list[Path], outdir: Path, started: Callable[[int], None]) -> bool:
        """Return whether soffice had to be killed; ``started(i)`` runs as it begins file i."""
        if self.profile is None:
            self.profile = self.run.temp_dir(None, PROFILE_PREFIX)
        command = [
            *(str(self.run.soffice), "--headless", "--norestore"),
            *(f"-env:UserInstallation={self.profile.as_uri()}", f"--infilter={DOCX_IMPORT_FILTER}"),
            *("--convert-to", self.run.export, "--outdir", str(outdir)),
            *(str(source) for source in files),
        ]
        # Names are unique within a chunk: _precheck refused two sources making one PDF.
        position = {_pdf_name(source): index for index, source in enumerate(files)}
        proc = self.run.popen(command)
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            kill_tree(proc)

        timer = threading.Timer(self.run.timeout, expire)
        timer.daemon = True
        timer.start()
        try:
            assert proc.stdout is not None
            for line in proc.stdout:  # ends when soffice exits or is killed
                started(position.get(_output_name(line) or "", 0))
            proc.wait()
        finally:
            timer.cancel()
            if proc.returncode is None:
                kill_tree(proc)
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
            self.run.forget(proc)
        if self.run.cancelled:
            raise _Cancelled
        if expired.is_set():  # a killed LibreOffice may leave its profile half-written
            self.run.drop_dir(self.profile)
            self.profile = None
        return expired.is_set()


def _pdf_name(source: Path) -> str:
    """Return the name of the PDF LibreOffice makes from ``source``."""
    return unicodedata.normalize("NFC", source.with_suffix(".pdf").name)


def _output_name(raw: bytes) -> str | None:
    """Return the PDF name from a ``convert A -> B using filter`` line, or None."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:  # Windows prints in the ANSI code page
        line = raw.decode(locale.getpreferredencoding(False), "replace")
    match = _CONVERT_LINE.search(line)
    if match is None:
        return None
    return unicodedata.normalize("NFC", re.split(r"[\\/]", match.group(1).strip())[-1])


def complete_pdf(path: Path) -> bool:
    """Return whether ``path`` is a PDF written to the end (a killed soffice leaves a stub)."""
    try:
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                return False
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 1024))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


def group_options() -> dict[str, Any]:
    """Return Popen options that give soffice and its children their own process group."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW}
    return {"start_new_session": True}


def kill_tree(proc: subprocess.Popen[Any]) -> None:
    """Kill ``proc`` and everything it started (soffice runs soffice.bin as a child)."""
    if proc.returncode is not None:
        return
    if os.name == "nt":
        command = ["taskkill", "/F", "/T", "/PID", str(proc.pid)]
        subprocess.run(command, stdout=DEVNULL, stderr=DEVNULL, check=False, **group_options())
    else:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):  # already gone
        proc.kill()


def _remove_dir(path: Path) -> None:
    """Delete ``path``; retry briefly because Windows keeps files locked for a moment."""
    for _ in range(10):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.2)
