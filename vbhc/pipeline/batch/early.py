"""The worker pool of a big table, started while the table is read, and what it renders ahead.

Reading a table of 10,000 units takes this process seconds; the workers would
wait for it. ``EarlyPool`` starts them as soon as the table's size settles the
pool, and hands them the units read so far to render ahead, into the staging
folders, so the reading and the rendering overlap. Nothing is put in place before
the whole table has passed its checks.
"""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path

from vbhc.core.errors import OutputError
from vbhc.pipeline.batch import ownership
from vbhc.pipeline.batch.pool import MAX_CHUNK, WorkerPool
from vbhc.pipeline.batch.records import Batch, Unit

MIN_UNITS_PER_WORKER = 40  # -- starting a worker costs about as much as rendering 40 units --


class EarlyPool:
    """Starts the run's worker pool while the table is read, and gives it units to render ahead.

    ``worker_count`` only grows with the units: as soon as the units read so far
    call for the most workers the run may have (``jobs``, or one per core: from 41
    units on two cores), more units cannot change the pool, and it is started. Its
    workers that the free cores can warm up start at once: one fewer than the
    cores, this process's core reads the table; the others start with the first
    chunks. A smaller table starts no pool before it is read.

    From then on, each chunk of units read is rendered ahead into the staging
    folders, so the workers render while this process still reads. The staging
    folders are in the output folder: it is made, and locked, with the first
    chunk. The documents are put in place only once the whole table has passed its
    checks (``WorkerPool.run``); a wrong table, or Ctrl-C, leaves nothing: the
    staging is removed, the lock released, the folder removed if this run made it.
    """

    def __init__(self, kind: str, output_dir: Path, force: bool, jobs: int | None) -> None:
        self.kind, self.output_dir, self.force, self.jobs = kind, output_dir, force, jobs
        self.most = jobs if jobs is not None else cores()
        self.pool: WorkerPool | None = None
        self.lock: ownership.FolderLock | None = None
        self.made: list[Path] = []  # -- folders made to render ahead --
        self.sent = 0  # -- units of the table handed to the pool to render ahead --
        self.refused = False  # -- the folder could not be made or locked: no rendering ahead --

    def read(self, batch: Batch, unit: Unit) -> None:
        """Note that ``unit`` was read; start the pool, or give it a chunk to render ahead."""
        read = len(batch.units)
        if self.pool is None:
            if self.most <= 1 or worker_count(read, self.jobs) < self.most:
                return
            self.pool = WorkerPool(self.kind, self.output_dir, self.force, self.most,
                                   start=min(self.most, cores() - 1))
        while (read - self.sent >= MAX_CHUNK and self.pool.staging() < self.pool.workers * 3
               and self._folder_locked()):
            chunk = [unit for unit in batch.units[self.sent:self.sent + MAX_CHUNK]
                     if not unit.problems]
            self.sent += MAX_CHUNK
            if chunk:
                self.pool.stage(batch, chunk)

    def _folder_locked(self) -> bool:
        """Return whether the output folder exists and this run holds its lock."""
        if self.lock is None and not self.refused:
            missing = [folder for folder in (self.output_dir, *self.output_dir.parents)
                       if not folder.exists()]
            lock = ownership.FolderLock(self.output_dir)
            try:
                self.output_dir.mkdir(parents=True, exist_ok=True)
                self.made = missing
                lock.acquire()
            except (OSError, OutputError):
                # -- the run says why once the table is read; nothing is rendered ahead --
                self.refused = True
                self._remove_made()
                return False
            self.lock = lock
            ownership.sweep_staging(self.output_dir)  # -- what dead runs left --
        return self.lock is not None

    def take(self, workers: int) -> WorkerPool | None:
        """Return the started pool if it has ``workers`` workers (it always has)."""
        pool, self.pool = self.pool, None
        if pool is not None and pool.workers != workers:
            pool.close()
            return None
        return pool

    def hand_over_lock(self) -> ownership.FolderLock | None:
        """Return the output folder's lock if held (the run releases it), the folder kept."""
        lock, self.lock, self.made = self.lock, None, []
        return lock

    def close(self) -> None:
        """End what the run did not take: the pool, the staging, the lock, the folder."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.lock is not None:
            ownership.sweep_staging(self.output_dir, os.getpid())
            self.lock.release()
            self.lock = None
            self._remove_made()

    def _remove_made(self) -> None:
        for folder in self.made:  # -- the deepest first; only while empty --
            with contextlib.suppress(OSError):
                folder.rmdir()
        self.made = []


def worker_count(units: int, jobs: int | None) -> int:
    """Return how many worker processes to use (1: render in this process).

    An explicit ``jobs`` is honoured (up to one per unit); by default one per core,
    but no more than the units can keep busy.
    """
    if jobs is not None:
        return max(1, min(jobs, units))
    return max(1, min(cores(), math.ceil(units / MIN_UNITS_PER_WORKER)))


def cores() -> int:
    """Return the number of cores this process may run on."""
    counter = getattr(os, "process_cpu_count", None)  # -- Python 3.13 --
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):  # -- POSIX: honours CPU affinity and cpusets --
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1
