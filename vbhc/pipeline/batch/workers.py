"""Rendering and writing units: the per-process ``UnitRenderer`` and the pool of workers.

Workers are started with ``spawn`` (safe on Windows) and receive units in chunks,
a few chunks in flight at a time. A worker costs about 0.4 s to start (imports, the
compiled template), so the pool may be started before the batch is known, while
the run still reads the table (``WorkerPool``); the batch's shared part then comes
with the first chunks, once to each worker. Each worker writes each document
through its own staging folder (named after the run and the worker, see
``ownership``) and exits as soon as the run's process is gone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import shutil
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, OutputError, Problem, VbhcError, short_path
from vbhc.document.engine import CompiledTemplate, compiled_template
from vbhc.kinds import consistency, get_kind
from vbhc.pipeline.batch import ownership
from vbhc.pipeline.batch.merge import shared_fields, unit_document
from vbhc.pipeline.batch.records import Batch, Unit, UnitResult
from vbhc.pipeline.output import guard_docx, reason, write_staged

_REPLACE_TRIES = 5
MAX_CHUNK = 32
_WORKER_LOST = "tiến trình con dừng bất thường (bị tắt, hoặc hết bộ nhớ)"
# -- batch's -o names a folder, not a file --
BATCH_ELSEWHERE = "ghi cả loạt văn bản ra thư mục khác với -o <thư mục khác>"


def failed(unit: Unit, problems: list[Problem]) -> UnitResult:
    """Return the result of a unit that could not be written."""
    data = unit.data
    signer = (data.get("nguoi_ky") or {}).get("ho_ten", "")
    return UnitResult(unit.index, unit.name, f"{unit.stem}.docx" if unit.stem else "",
                      chi_tieu=dict(data.get("chi_tieu", {})),
                      su_kien=len(data.get("su_kien") or []), nguoi_ky=signer,
                      problems=problems)


NOT_DONE_STALE = ("chưa tạo lại (lần chạy bị dừng): tệp hiện có là của lần chạy trước, có thể "
                  "không khớp dữ liệu hiện tại")
NOT_DONE_MISSING = "chưa tạo (lần chạy bị dừng)"


class UnitRenderer:
    """Renders and writes units' documents; one per process, the template compiled once."""

    def __init__(self, batch: Batch, output_dir: Path, force: bool = False,
                 run_pid: int | None = None) -> None:
        self.batch = batch
        self.output_dir = output_dir
        self.force = force
        self.run_pid = run_pid or os.getpid()  # -- the run that owns the staging --
        self.staging: Path | None = None
        self.shared: dict[str, Any] | None = None  # the shared part's validated records
        self.walks = consistency.Walks()  # -- the shared part's values walked once --

    @cached_property
    def template(self) -> CompiledTemplate:
        """Return the kind's template, compiled once for this process."""
        return compiled_template(self.batch.kind.template_path)

    def write(self, path: Path, data: bytes) -> None:
        """Write ``path`` atomically, through this process's staging folder.

        The document is written whole under one staging name and renamed into
        place (atomic, same file system), without a sync: ``run_batch`` makes
        the batch durable with one ``flush_folder`` at the end. Killed midway,
        the worker leaves at most its staged file, which the next run sweeps.
        """
        if self.staging is None:
            self.staging = ownership.staging_folder(self.output_dir, self.run_pid, os.getpid())
            self.staging.mkdir(exist_ok=True)
        staged = self.staging / "van_ban.docx"
        for attempt in range(_REPLACE_TRIES):
            try:
                write_staged(staged, path, data)
                return
            except PermissionError as error:
                # -- Windows: an indexer or antivirus may hold a new file for a moment --
                if attempt == _REPLACE_TRIES - 1 or os.name != "nt":
                    _discard(staged)
                    raise OutputError(f"không ghi được {short_path(path)}: tệp đang mở trong "
                                      "chương trình khác (Word?) hoặc không có quyền ghi"
                                      ) from error
                time.sleep(0.2)
            except OSError as error:
                _discard(staged)
                raise OutputError(f"không ghi được {short_path(path)}: "
                                  f"{reason(error)}") from error

    def context(self, unit: Unit) -> tuple[Any, dict[str, Any], list[Problem]]:
        """Return the unit's document, its template context and its warnings.

        Raises ``DataError`` listing the unit's problems: its data, the references a
        unit's data cannot fill, and the consistency checks ``vbhc render`` applies.
        """
        batch = self.batch
        kind = batch.kind
        data = unit.data
        document, source = unit_document(batch, unit, data, self.shared)
        if self.shared is None:  # -- the first unit validates the shared part for all --
            self.shared = shared_fields(batch, document, source.data)
        # -- cited documents were read once for the batch, not once per unit --
        context = kind.batch_context(document, source, batch.cited, data)
        problems = consistency.check(document, kind, source, self.walks)
        if any(not problem.warning for problem in problems):
            raise DataError(problems)
        return document, context, problems

    def run(self, unit: Unit) -> UnitResult:
        """Return the result of rendering and writing ``unit``; never raises for bad data."""
        try:
            document, context, warnings = self.context(unit)
            data = self.template.render(context)
            path = self.output_dir / f"{unit.stem}.docx"
            # -- an empty file is a document whose sync a power cut prevented, not an edit;
            # no file at all (a new batch) needs no guard: one stat, not three --
            size = _size(path)
            backup = (None if size is None or size == 0 else
                      guard_docx(path, force=self.force, elsewhere=BATCH_ELSEWHERE))
            self.write(path, data)
        except DataError as error:
            return failed(unit, error.problems)
        except VbhcError as error:
            return failed(unit, [Problem(f"{unit.stem}.docx", "", error.format_message())])
        except Exception as error:  # -- one unit's surprise must not stop the others --
            detail = traceback.format_exception_only(type(error), error)[-1].strip()
            return failed(unit, [Problem(f"{unit.stem}.docx", "", f"lỗi không mong đợi: {detail}")])
        campaign = getattr(document, "chien_dich", None)
        so_ky_hieu = context["so_ky_hieu"].strip()
        return UnitResult(
            unit.index, unit.name, path.name, ok=True,
            so_ky_hieu=so_ky_hieu if document.so else f"{so_ky_hieu} (bản nháp)",
            chi_tieu={k: v.so for k, v in campaign.chi_tieu.items()} if campaign else {},
            su_kien=len(campaign.su_kien) if campaign else 0,
            nguoi_ky=document.nguoi_ky.ho_ten, backup=str(backup) if backup else None,
            warnings=warnings)


# -- worker processes --------------------------------------------------------------

_STOP = {signal.SIGINT, signal.SIGTERM}
_SETUP: tuple[Path, bool, int] | None = None  # output folder, force, the run's pid
_WORKER: UnitRenderer | None = None  # made from the first chunk's shared part


def _start_worker(kind: str, output_dir: Path, force: bool, run_pid: int) -> None:
    """Prepare a worker; Ctrl-C is the parent's to handle, the parent's end is the worker's.

    Ctrl-C and a SIGTERM sent to the whole process group reach the workers too:
    they ignore both, the parent stops them once the document in hand is written.
    Both were blocked since the worker was born (``WorkerPool``): one that came
    during its imports is dropped here instead of killing it midway.
    """
    global _SETUP
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # -- POSIX --
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP)
    _SETUP = (output_dir, force, run_pid)
    ownership.die_with_parent(_discard_staging)
    with contextlib.suppress(Exception):  # -- a broken template fails each unit, as it says --
        compiled_template(get_kind(kind).template_path)  # -- kept for the UnitRenderer --


def _discard_staging() -> None:
    """Remove this worker's staging folder (the parent is gone: nobody else will)."""
    if _WORKER is not None and _WORKER.staging is not None:
        shutil.rmtree(_WORKER.staging, ignore_errors=True)


def _render_chunk(shared: bytes | None, units: list[Unit]) -> tuple[int, list[UnitResult]]:
    """Return this worker's pid and the results of a chunk of units rendered here.

    ``shared`` (the pickled shared part of the batch) comes with every chunk until
    each worker has said it has one: a worker's first chunk always brings it.
    """
    global _WORKER
    if _WORKER is None:
        if _SETUP is None or shared is None:
            raise RuntimeError("worker not started, or its first chunk without the batch")
        _WORKER = UnitRenderer(pickle.loads(shared), *_SETUP)
    return os.getpid(), [_WORKER.run(unit) for unit in units]


def _chunks(units: list[Unit], size: int) -> Iterator[list[Unit]]:
    for start in range(0, len(units), size):
        yield units[start:start + size]


@contextlib.contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back in this thread, delivering them afterwards (POSIX).

    Processes started meanwhile are born with them blocked, and keep them blocked
    through their imports until ``_start_worker`` ignores them.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class WorkerPool:
    """``workers`` worker processes for a batch of ``kind`` written into ``output_dir``.

    ``start`` of them are started at once and warm up (imports, the compiled
    template) while the caller still reads the batch; the others start with the
    first chunks. ``run`` then renders the batch and ends the pool, ``close`` ends
    it unused.
    """

    def __init__(self, kind: str, output_dir: Path, force: bool, workers: int,
                 start: int = 0) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start_worker,
                                         initargs=(kind, output_dir, force, os.getpid()))
        try:
            for _ in range(min(start, workers)):  # -- a task no idle worker takes starts one --
                self._submit(os.getpid)
        except BaseException:
            self.close()
            raise

    def _submit(self, task: Callable[..., Any], *arguments: Any) -> Future:
        """Submit ``task``; a process it starts is born with Ctrl-C and SIGTERM blocked."""
        with _stop_signals_blocked():
            return self._pool.submit(task, *arguments)

    def close(self) -> None:
        """End the workers, once each has finished what it is doing."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def run(self, batch: Batch, todo: list[Unit], done: Callable[[UnitResult], None]) -> None:
        """Render ``todo``, a few chunks in flight at a time; ``done`` gets each result."""
        # -- workers get the shared part once each; units travel in chunks --
        shared = pickle.dumps(replace(batch, units=[], source=replace(batch.source, _nodes=None)),
                              protocol=pickle.HIGHEST_PROTOCOL)
        ready: set[int] = set()  # -- the workers that have it --
        size = max(1, min(MAX_CHUNK, len(todo) // (self.workers * 8) or 1))
        chunks = _chunks(todo, size)
        pending: dict[Future, list[Unit]] = {}
        try:
            while True:
                while len(pending) < self.workers * 3:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    try:
                        future = self._submit(
                            _render_chunk, shared if len(ready) < self.workers else None, chunk)
                    except BrokenProcessPool:  # -- a worker died: the pool takes no more --
                        future = Future()
                        future.set_exception(BrokenProcessPool(_WORKER_LOST))
                    pending[future] = chunk
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk = pending.pop(future)
                    try:
                        worker, results = future.result()
                        ready.add(worker)
                    except BrokenProcessPool:  # -- a worker died (killed, out of memory) --
                        results = [failed(unit, [Problem(f"{unit.stem}.docx", "", _WORKER_LOST)])
                                   for unit in chunk]
                    for unit, result in zip(chunk, results, strict=True):
                        result.name = unit.name  # -- one copy of the name, not two --
                        unit.payload = b""  # -- rendered: its data is no longer needed here --
                        done(result)
        except BaseException:
            # -- Ctrl-C: drop the chunks not started, let the running ones finish their files --
            self.close()
            raise
        self._pool.shutdown(wait=True)


def _size(path: Path) -> int | None:
    """Return the size of the file at ``path``, or None when there is none (or no access)."""
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return None
    except OSError:
        return -1  # -- the guard looks closer and says what is wrong --


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
