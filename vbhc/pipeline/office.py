"""A LibreOffice kept warm between conversions, for previews that must come back fast.

``vbhc.pipeline.pdf`` starts LibreOffice for each batch of files: right for batches,
but a second or more for one document. The studio converts the same document after
every edit, so ``WarmOffice`` keeps one office running and converts through it
(``uno_bridge.py``, run by LibreOffice's own Python, which has the ``uno`` module):
about 0.2 s for the 7-page Lào Cai plan.

Without a Python that has ``uno`` (Debian: package ``python3-uno``; Windows and macOS:
the one LibreOffice ships), it falls back to a fresh ``soffice`` per conversion.
A bridge or office that dies is reported once; the next conversion starts a fresh one.
"""

from __future__ import annotations

import contextlib
import functools
import json
import queue
import secrets
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from subprocess import DEVNULL, PIPE
from typing import IO, Any

from vbhc.core.errors import ToolMissing, VbhcError
from vbhc.pipeline import pdf

BRIDGE = Path(__file__).with_name("uno_bridge.py")
START_SECONDS = 90.0  # a first start creates the profile: several seconds on a slow disk


class OfficeError(VbhcError):
    """A conversion failed; the message is Vietnamese and names the document."""


def uno_python(soffice: Path) -> Path | None:
    """Return a Python that can ``import uno`` for this LibreOffice, or None."""
    program = soffice.resolve().parent
    candidates = [program / "python.exe", program / "python",
                  program.parent / "Resources" / "python"]  # Windows, Linux tarballs, macOS
    # -- Debian's python3-uno serves the system Python, which a venv or pyenv may hide --
    candidates.append(Path("/usr/bin/python3"))
    system = shutil.which("python3")
    if system:
        candidates.append(Path(system))
    return next((c for c in candidates if c.is_file() and _imports_uno(str(c))), None)


@functools.cache
def _imports_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], stdin=DEVNULL, stdout=DEVNULL,
                              stderr=DEVNULL, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class WarmOffice:
    """One LibreOffice kept running; ``convert`` is thread-safe (one document at a time)."""

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._bridge: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._profile: Path | None = None

    @property
    def warm(self) -> bool:
        """Return whether an office is running now."""
        return self._bridge is not None and self._bridge.poll() is None

    def convert(self, docx: Path, target: Path) -> None:
        """Write ``target`` (a PDF) from ``docx``; raise OfficeError or ToolMissing."""
        with self._lock:
            soffice = pdf.require_soffice()
            python = uno_python(soffice)
            if python is None:
                self._convert_cold(docx, target)
                return
            if not self.warm:
                self._start(soffice, python)
            try:
                reply = self._ask({"docx": str(docx), "pdf": str(target)}, self.timeout)
            except OfficeError:
                self._stop()  # the next conversion starts a fresh office
                raise
            if not reply.get("ok"):
                if reply.get("office_gone"):
                    self._stop()
                    raise OfficeError("LibreOffice đã dừng đột ngột; lần sửa sau sẽ khởi động "
                                      "lại")
                raise OfficeError(f"LibreOffice không chuyển được {docx.name} sang PDF: "
                                  f"{reply.get('error', 'không rõ lỗi')}")

    def start(self) -> bool:
        """Start the office now rather than at the first conversion; return whether it runs.

        Without a ``uno`` Python there is nothing to keep warm: False.
        """
        with self._lock:
            soffice = pdf.require_soffice()
            python = uno_python(soffice)
            if python is None:
                return False
            if not self.warm:
                self._start(soffice, python)
            return True

    def close(self) -> None:
        """Stop the office (the studio calls this when it stops)."""
        with self._lock:
            self._stop()

    def _start(self, soffice: Path, python: Path) -> None:
        self._stop()
        self._profile = Path(tempfile.mkdtemp(prefix=pdf.PROFILE_PREFIX))
        pipe_name = f"vbhc-{secrets.token_hex(8)}"
        self._bridge = subprocess.Popen(
            [str(python), str(BRIDGE), str(soffice), self._profile.as_uri(), pipe_name],
            stdin=PIPE, stdout=PIPE, stderr=DEVNULL, text=True, encoding="utf-8",
            **pdf.group_options())
        self._replies = queue.Queue()
        assert self._bridge.stdout is not None
        threading.Thread(target=_read_lines, args=(self._bridge.stdout, self._replies),
                         daemon=True).start()
        try:
            self._wait(START_SECONDS)
        except OfficeError:
            self._stop()
            raise

    def _ask(self, request: dict[str, str], seconds: float) -> dict[str, Any]:
        assert self._bridge is not None and self._bridge.stdin is not None
        try:
            self._bridge.stdin.write(json.dumps(request) + "\n")
            self._bridge.stdin.flush()
        except OSError as error:
            raise OfficeError("LibreOffice đã dừng đột ngột; lần sửa sau sẽ khởi động lại") \
                from error
        return self._wait(seconds)

    def _wait(self, seconds: float) -> dict[str, Any]:
        try:
            reply = self._replies.get(timeout=seconds)
        except queue.Empty:
            raise OfficeError(f"LibreOffice không trả lời sau {seconds:.0f} giây") from None
        if reply is None:
            raise OfficeError("LibreOffice đã dừng đột ngột; lần sửa sau sẽ khởi động lại")
        return reply

    def _stop(self) -> None:
        if self._bridge is not None:
            with contextlib.suppress(OSError):
                if self._bridge.stdin is not None:
                    self._bridge.stdin.close()
            pdf.kill_tree(self._bridge)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._bridge.wait(timeout=10)
            self._bridge = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def _convert_cold(self, docx: Path, target: Path) -> None:
        """Convert with a fresh soffice (no ``uno`` Python found): slower, same result."""
        with tempfile.TemporaryDirectory(prefix="vbhc-pdf-") as folder:
            copy = Path(folder) / "van_ban.docx"
            shutil.copyfile(docx, copy)
            failures = pdf.convert_to_pdf([copy], jobs=1, timeout=self.timeout)
            if failures:
                raise OfficeError(f"LibreOffice không chuyển được {docx.name} sang PDF: "
                                  f"{failures[0].message}")
            shutil.move(copy.with_suffix(".pdf"), target)


def _read_lines(stream: IO[str], replies: queue.Queue[dict[str, Any] | None]) -> None:
    """Put each JSON line of the bridge on ``replies``; None when it ends (it died)."""
    try:
        for line in stream:
            with contextlib.suppress(ValueError):
                replies.put(json.loads(line))
    finally:
        replies.put(None)


__all__ = ["OfficeError", "ToolMissing", "WarmOffice", "uno_python"]
