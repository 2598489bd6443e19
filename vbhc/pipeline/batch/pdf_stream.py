"""PDFs made while the batch is still rendering, by LibreOffices kept warm.

``batch --pdf`` used to wait for the last .docx before starting LibreOffice, and
then started one per chunk of 25 files. Here the lanes start with the batch (an
office takes seconds to start: that happens while the first documents render),
each a ``WarmOffice`` (one running LibreOffice driven through its own Python's
``uno``) that converts documents one after another as the batch hands them over.
A lane's office is restarted after ``RESTART_AFTER`` documents: long-running
offices are known to grow and die after some hundreds of files.

Each PDF is written under a temporary name in a hidden folder beside the
documents and renamed into place once complete: no half-written PDF appears.
Without a ``uno`` Python (``office.uno_python``) the stream says so
(``available`` False) and the batch converts at the end in chunks, as before.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from vbhc.pipeline import pdf
from vbhc.pipeline.office import OfficeError, WarmOffice, uno_python

RESTART_AFTER = 200  # documents per office before a fresh one
_POLL = 0.1


class PdfStream:
    """Convert .docx files to PDF as they are handed over; ``finish()`` returns the failures."""

    def __init__(self, lanes: int, *, timeout: float = 120.0,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.lanes = max(1, lanes)
        self.timeout = timeout
        self.progress = progress
        self.expected = 0
        self.done = 0
        self._todo: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._events: queue.SimpleQueue[tuple[Path, str | None]] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._offices: list[WarmOffice] = []
        self._stopping = threading.Event()
        self._staging: Path | None = None  # -- beside the first document handed over --
        self._staging_lock = threading.Lock()
        self.failures: dict[Path, str] = {}

    @staticmethod
    def available() -> bool:
        """Return whether warm lanes can run here (LibreOffice and a ``uno`` Python)."""
        soffice = pdf.find_soffice()
        return soffice is not None and uno_python(soffice) is not None

    def start(self, expected: int = 0) -> None:
        """Start the lanes (their offices warm up at once); ``expected`` documents will come."""
        self.expected = expected
        for number in range(self.lanes):
            office = WarmOffice(timeout=self.timeout)
            self._offices.append(office)
            thread = threading.Thread(target=self._lane, args=(office, number),
                                      name=f"pdf-warm-{number}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def add(self, docx: Path) -> None:
        """Hand over a written document (called from the batch's thread).

        PDFs are made in a hidden folder beside the first document (the same file
        system: renamed into place); every document must be in that folder.
        """
        with self._staging_lock:
            if self._staging is None:
                self._staging = Path(tempfile.mkdtemp(prefix=pdf.OUTDIR_PREFIX, dir=docx.parent))
        self._todo.put(docx)
        self._drain()

    def skip(self) -> None:
        """Count a document that will not come (its unit failed)."""
        self.expected = max(self.done, self.expected - 1)
        self._drain()

    def finish(self) -> dict[Path, str]:
        """Wait for every handed-over document; return {document: why it has no PDF}."""
        for _ in self._threads:
            self._todo.put(None)
        while any(thread.is_alive() for thread in self._threads):
            self._drain(wait=True)
        self._drain()
        self.close()
        return self.failures

    def close(self) -> None:
        """Stop the lanes and their offices, remove the temporary folder."""
        self._stopping.set()
        for _ in self._threads:
            self._todo.put(None)
        for office in self._offices:
            office.close()
        for thread in self._threads:
            thread.join(self.timeout)
        with self._staging_lock:
            if self._staging is not None:
                shutil.rmtree(self._staging, ignore_errors=True)
                self._staging = None

    def _drain(self, wait: bool = False) -> None:
        """Record finished conversions and report progress (in the batch's thread)."""
        while True:
            try:
                source, failure = (self._events.get(timeout=_POLL) if wait
                                   else self._events.get_nowait())
            except queue.Empty:
                return
            wait = False
            if failure is not None:
                self.failures[source] = failure
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, max(self.expected, self.done))

    def _lane(self, office: WarmOffice, number: int) -> None:
        converted = 0
        # -- warm up while the batch renders its first documents --
        with contextlib.suppress(OfficeError):
            office.start()
        while not self._stopping.is_set():
            source = self._todo.get()
            if source is None:
                break
            if converted and converted % RESTART_AFTER == 0:
                office.close()  # -- the next conversion starts a fresh office --
            assert self._staging is not None  # -- made by add() before the first document --
            made = self._staging / f"{number}-{converted}.pdf"
            try:
                office.convert(source, made)
                if not pdf.complete_pdf(made):
                    raise OfficeError("LibreOffice không chuyển xong tệp")
                os.replace(made, source.with_suffix(".pdf"))
            except (OfficeError, OSError) as error:
                message = error.format_message() if isinstance(error, OfficeError) else \
                    f"không ghi được {source.with_suffix('.pdf').name}: {error.strerror or error}"
                self._events.put((source, message))
            except Exception as error:  # noqa: BLE001 - one document's surprise, not the run's
                self._events.put((source, f"lỗi không mong đợi: {error}"))
            else:
                self._events.put((source, None))
            finally:
                with contextlib.suppress(OSError):
                    made.unlink()
            converted += 1
        office.close()
