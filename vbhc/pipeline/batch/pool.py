"""The worker processes of a batch: started early, fed chunks of units, ended with the run.

Workers are started with ``spawn`` (safe on Windows) and receive units in chunks,
a few chunks in flight at a time. A worker costs about 0.4 s to start (imports, the
compiled template), so the pool may be started before the batch is known, while
the run still reads the table; the batch's shared part then comes with the first
chunks, once to each worker. Chunks read before the table is checked are rendered
ahead into the staging folders and put in place by ``WorkerPool.run``. Each worker
exits as soon as the run's process is gone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import shutil
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

from vbhc.core.errors import Problem
from vbhc.document.engine import compiled_template
from vbhc.kinds import get_kind
from vbhc.pipeline.batch import ownership
from vbhc.pipeline.batch.records import Batch, Unit, UnitResult
from vbhc.pipeline.batch.workers import UnitRenderer, failed, place_staged

MAX_CHUNK = 32
_WORKER_LOST = "tiến trình con dừng bất thường (bị tắt, hoặc hết bộ nhớ)"

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


def _render_chunk(shared: bytes | None, units: list[Unit], stage: bool = False
                  ) -> tuple[int, list[UnitResult]]:
    """Return this worker's pid and the results of a chunk of units rendered here.

    ``shared`` (the pickled shared part of the batch) comes with every chunk until
    each worker has said it has one: a worker's first chunk always brings it.
    ``stage``: the documents are only staged (``UnitRenderer.run``).
    """
    global _WORKER
    if _WORKER is None:
        if _SETUP is None or shared is None:
            raise RuntimeError("worker not started, or its first chunk without the batch")
        _WORKER = UnitRenderer(pickle.loads(shared), *_SETUP)
    return os.getpid(), [_WORKER.run(unit, stage=stage) for unit in units]


def _shared_part(batch: Batch) -> bytes:
    """Return the batch without its units, pickled: what each worker needs once."""
    return pickle.dumps(replace(batch, units=[], source=replace(batch.source, _nodes=None)),
                        protocol=pickle.HIGHEST_PROTOCOL)


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
    first chunks. Units the caller has read may be rendered ahead (``stage``):
    their documents wait in the staging folders until ``run``, called once the
    whole table has passed its checks, puts them in place. ``run`` renders the
    rest and ends the pool, ``close`` ends it unused.
    """

    def __init__(self, kind: str, output_dir: Path, force: bool, workers: int,
                 start: int = 0) -> None:
        self.workers = workers
        self.output_dir, self.force = output_dir, force
        self._shared: bytes | None = None
        self._ahead: dict[Future, list[Unit]] = {}  # chunks staged while the table is read
        self._running: set[Future] = set()  # … of which not finished yet
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
            try:
                return self._pool.submit(task, *arguments)
            except BrokenProcessPool:  # -- a worker died: the pool takes no more --
                future: Future = Future()
                future.set_exception(BrokenProcessPool(_WORKER_LOST))
                return future

    def close(self) -> None:
        """End the workers, once each has finished what it is doing."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def staging(self) -> int:
        """Return how many chunks rendered ahead are not finished yet."""
        return len(self._running)

    def stage(self, batch: Batch, chunk: list[Unit]) -> None:
        """Render ``chunk`` now, while the table is still read, into staging files.

        ``batch`` is the batch as read so far (its shared part is complete).
        """
        if self._shared is None:
            self._shared = _shared_part(batch)
        future = self._submit(_render_chunk, self._shared, chunk, True)
        self._ahead[future] = chunk
        self._running.add(future)
        future.add_done_callback(self._running.discard)  # -- from the pool's own thread --

    def run(self, batch: Batch, todo: list[Unit], done: Callable[[UnitResult], None]) -> None:
        """Render ``todo``, a few chunks in flight at a time; ``done`` gets each result.

        The units rendered ahead are put in place as their chunks come back.
        """
        # -- workers get the shared part once each; units travel in chunks --
        shared = self._shared or _shared_part(batch)
        ready: set[int] = set()  # -- the workers that have it --
        staged = {unit.index for chunk in self._ahead.values() for unit in chunk}
        rest = [unit for unit in todo if unit.index not in staged]
        size = max(1, min(MAX_CHUNK, len(rest) // (self.workers * 8) or 1))
        chunks = _chunks(rest, size)
        pending: dict[Future, list[Unit]] = dict(self._ahead)
        try:
            while True:
                while len(pending) < self.workers * 3:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    pending[self._submit(_render_chunk, shared if len(ready) < self.workers
                                         else None, chunk)] = chunk
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
                        if result.staged is not None:
                            result = place_staged(unit, result, self.output_dir, self.force)
                        result.name = unit.name  # -- one copy of the name, not two --
                        unit.payload = b""  # -- rendered: its data is no longer needed here --
                        done(result)
        except BaseException:
            # -- Ctrl-C: drop the chunks not started, let the running ones finish their files --
            self.close()
            raise
        self._pool.shutdown(wait=True)
