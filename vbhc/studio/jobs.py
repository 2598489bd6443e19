"""Batches started from the studio: run in a thread, polled by the page for progress."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from vbhc.core.errors import VbhcError


@dataclass
class BatchJob:
    """One batch run: its progress, and the zip or the error when it ends."""

    id: str
    total: int = 0
    done: int = 0
    finished: bool = False
    archive: Path | None = None
    failures: list[str] = field(default_factory=list)
    error: str = ""


class BatchJobs:
    """The studio's batch runs, one thread each."""

    def __init__(self) -> None:
        self.jobs: dict[str, BatchJob] = {}

    def start(self, kind: str, data: Path, output_dir: Path) -> BatchJob:
        """Start rendering every unit of ``data`` into ``output_dir`` (and its .zip)."""
        job = BatchJob(secrets.token_hex(8))
        self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, kind, data, output_dir),
                         daemon=True).start()
        return job

    def _run(self, job: BatchJob, kind: str, data: Path, output_dir: Path) -> None:
        from vbhc.pipeline.batch.run import run_batch

        def progress(done: int, total: int, _result: object) -> None:
            job.done, job.total = done, total

        try:
            result = run_batch(kind, data, output_dir, make_zip=True, progress=progress,
                               jobs=1)
            job.archive = result.archive
            job.failures = [f"{unit.name}: " + "; ".join(p.message for p in unit.problems)
                            for unit in result.failures]
            job.done = job.total = len(result.units)
        except VbhcError as error:
            job.error = error.format_message()
        except Exception as error:  # noqa: BLE001 - shown on the page, never a dead thread
            job.error = f"lỗi không mong đợi: {error}"
        finally:
            job.finished = True
