"""Render one document per unit of a batch, in worker processes, with a summary workbook.

``run_batch`` loads and checks the whole batch first (``vbhc.pipeline.batch.units``): nothing
is written while the table as a whole is wrong. Units are then rendered through the
one engine (``compiled_template``: each worker compiles the template once), in
``jobs`` worker processes started with ``spawn`` (safe on Windows), which receive
units in chunks and write each document atomically. A unit whose data is bad fails
on its own; the others are written. The run ends with ``tong_hop.xlsx`` (one row
per unit) and, on request, a .zip of the folder.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import shutil
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, OutputError, Problem, VbhcError, short_path
from vbhc.document.engine import CompiledTemplate, compiled_template
from vbhc.kinds import consistency
from vbhc.kinds.context import document_context, document_facts
from vbhc.pipeline.batch.merge import unit_document
from vbhc.pipeline.batch.records import Batch, BatchResult, Unit, UnitResult
from vbhc.pipeline.batch.summary import write_summary, write_zip
from vbhc.pipeline.batch.units import file_stem, load_batch, name_key
from vbhc.pipeline.output import guard_docx, write_atomic
from vbhc.pipeline.render import OUTPUT_DIR

STAGING_PREFIX = ".vbhc-dang-ghi-"  # per-process staging folders inside the output folder
_REPLACE_TRIES = 5
MIN_UNITS_PER_WORKER = 40  # -- starting a worker costs about as much as rendering 40 units --
MAX_CHUNK = 32


Progress = Callable[[int, int, UnitResult], None]


def run_batch(kind: str, data_path: Path, output_dir: Path | None = None, *,
              jobs: int | None = None, only: str | None = None, make_zip: bool = False,
              progress: Progress | None = None, force: bool = False, pdf: bool = False,
              pdf_progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Return the result of rendering every unit of ``data_path`` into ``output_dir``.

    Raises ``DataError`` (nothing written) when the batch as a whole is wrong: the
    shared part, the table, duplicated names, targets that do not add up. ``only``
    renders the one unit of that name (no summary, no zip). ``progress(done, total,
    result)`` is called after each unit. ``pdf`` also converts every written document
    through LibreOffice (``ToolMissing`` at once when it is not installed); a document
    that fails to convert puts its unit on the failure list.
    """
    started = time.perf_counter()
    batch = load_batch(kind, Path(data_path))
    units = batch.units if only is None else [find_unit(batch, only)]
    target = Path(output_dir) if output_dir else OUTPUT_DIR / Path(data_path).stem
    workers = worker_count(len(units), jobs)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{short_path(target)} là một tệp, không phải thư mục: chọn thư mục "
                          "kết quả khác (-o THƯ_MỤC)") from None
    except OSError as error:
        raise OutputError(f"không tạo được thư mục kết quả {short_path(target)}: "
                          f"{error.strerror or error}") from None
    results: dict[int, UnitResult] = {}

    def done(result: UnitResult) -> None:
        results[result.index] = result
        if progress is not None:
            progress(len(results), len(units), result)

    todo = []
    for unit in units:
        if unit.problems:
            done(failed(unit, unit.problems))
        else:
            todo.append(unit)
    try:
        if workers <= 1:
            renderer = UnitRenderer(batch, target, force)
            for unit in todo:
                done(renderer.run(unit))
        else:
            _run_pool(batch, todo, target, force, workers, done)
    finally:
        _sweep(target)
    outcome = BatchResult(target, [results[u.index] for u in units], batch.targets,
                          batch.totals, warnings=batch.warnings, jobs=workers)
    if pdf:
        _convert(outcome, jobs, pdf_progress)
    if only is None:
        outcome.summary = write_summary(outcome)
        if make_zip:
            outcome.archive = write_zip(outcome)
    outcome.seconds = time.perf_counter() - started
    return outcome


def check_batch(kind: str, data_path: Path, *, progress: Progress | None = None
                ) -> BatchResult:
    """Return every unit's problems and warnings, writing nothing (for ``vbhc validate``).

    Like ``run_batch`` it raises ``DataError`` when the batch as a whole is wrong;
    each unit's document is validated and its context built, but not rendered.
    """
    started = time.perf_counter()
    batch = load_batch(kind, Path(data_path))
    checker = UnitRenderer(batch, OUTPUT_DIR / Path(data_path).stem)
    results = []
    for unit in batch.units:
        if unit.problems:
            result = failed(unit, unit.problems)
        else:
            try:
                warnings = checker.context(unit)[2]
            except DataError as error:
                result = failed(unit, error.problems)
            else:
                result = UnitResult(unit.index, unit.name, f"{unit.stem}.docx", ok=True,
                                    warnings=warnings)
        results.append(result)
        if progress is not None:
            progress(len(results), len(batch.units), result)
    return BatchResult(checker.output_dir, results, batch.targets, batch.totals,
                       warnings=batch.warnings, seconds=time.perf_counter() - started)


def _convert(outcome: BatchResult, jobs: int | None,
             progress: Callable[[int, int], None] | None) -> None:
    """Write a PDF beside each written document; failed conversions fail their unit."""
    from vbhc.pipeline.render import write_pdfs

    by_path = {outcome.output_dir / unit.file: unit for unit in outcome.written}
    for failure in write_pdfs(list(by_path), jobs=jobs, progress=progress):
        unit = by_path[failure.source]
        unit.ok = False
        unit.problems.append(Problem(unit.file, "pdf", f"không tạo được PDF: {failure.message}"))


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


def find_unit(batch: Batch, wanted: str) -> Unit:
    """Return the unit named ``wanted`` (or whose file is ``wanted``); else a ``DataError``."""
    for unit in batch.units:
        if wanted.strip() and (name_key(unit.name) == name_key(wanted)
                               or unit.stem in (wanted, file_stem(wanted),
                                                file_stem(Path(wanted).stem))):
            return unit
    import difflib

    names = [unit.name for unit in batch.units]
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    hint = f" — có phải: {', '.join(close)}?" if close else ""
    raise DataError([Problem("dòng lệnh", "--only", f"không có đơn vị '{wanted}' trong bảng "
                             f"{batch.table_name}{hint}")])


def failed(unit: Unit, problems: list[Problem]) -> UnitResult:
    """Return the result of a unit that could not be written."""
    data = unit.data
    signer = (data.get("nguoi_ky") or {}).get("ho_ten", "")
    return UnitResult(unit.index, unit.name, f"{unit.stem}.docx" if unit.stem else "",
                      chi_tieu=dict(data.get("chi_tieu", {})),
                      su_kien=len(data.get("su_kien") or []), nguoi_ky=signer,
                      problems=problems)


class UnitRenderer:
    """Renders and writes units' documents; one per process, the template compiled once."""

    def __init__(self, batch: Batch, output_dir: Path, force: bool = False) -> None:
        self.batch = batch
        self.output_dir = output_dir
        self.force = force
        self.staging: Path | None = None

    @cached_property
    def template(self) -> CompiledTemplate:
        """Return the kind's template, compiled once for this process."""
        return compiled_template(self.batch.kind.template_path)

    def write(self, path: Path, data: bytes) -> None:
        """Write ``path`` atomically, through this process's staging folder.

        ``write_atomic`` looks for leftovers of the file it writes in the file's
        folder: once per file, that is quadratic in a folder of 10,000 documents.
        In a staging folder of one file it is constant; the finished, synced file
        is then renamed into place (atomic, same file system).
        """
        if self.staging is None:
            self.staging = self.output_dir / f"{STAGING_PREFIX}{os.getpid()}"
            self.staging.mkdir(exist_ok=True)
        # -- one name for every staged file: write_atomic's leftover pattern stays cached --
        staged = self.staging / "van_ban.docx"
        write_atomic(staged, data)
        for attempt in range(_REPLACE_TRIES):
            try:
                os.replace(staged, path)
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
                                  f"{error.strerror or error}") from error

    def context(self, unit: Unit) -> tuple[Any, dict[str, Any], list[Problem]]:
        """Return the unit's document, its template context and its warnings.

        Raises ``DataError`` listing the unit's problems: its data, the references a
        unit's data cannot fill, and the consistency checks ``vbhc render`` applies.
        """
        batch = self.batch
        kind = batch.kind
        data = unit.data
        document, source = unit_document(batch, unit, data)
        # -- cited documents were read once for the batch, not once per unit --
        facts = document_facts(document.model_copy(update={"van_ban": {}}), kind, source)
        facts["van_ban"] = batch.cited
        facts["don_vi"] = data
        context, renderer = document_context(document, kind, source, facts)
        renderer.raise_problems()
        problems = consistency.check(document, kind, source)
        if any(not problem.warning for problem in problems):
            raise DataError(problems)
        return document, context, problems

    def run(self, unit: Unit) -> UnitResult:
        """Return the result of rendering and writing ``unit``; never raises for bad data."""
        try:
            document, context, warnings = self.context(unit)
            data = self.template.render(context)
            path = self.output_dir / f"{unit.stem}.docx"
            backup = guard_docx(path, force=self.force)
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

_WORKER: UnitRenderer | None = None


def _start_worker(batch: Batch, output_dir: Path, force: bool) -> None:
    """Prepare a worker: compile the template once; Ctrl-C is the parent's to handle."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = UnitRenderer(batch, output_dir, force)


def _render_chunk(units: list[Unit]) -> list[UnitResult]:
    """Return the results of a chunk of units rendered in this worker."""
    assert _WORKER is not None, "worker not started"
    return [_WORKER.run(unit) for unit in units]


def _chunks(units: list[Unit], size: int) -> Iterator[list[Unit]]:
    for start in range(0, len(units), size):
        yield units[start:start + size]


def _run_pool(batch: Batch, todo: list[Unit], output_dir: Path, force: bool, workers: int,
              done: Callable[[UnitResult], None]) -> None:
    """Render ``todo`` in ``workers`` processes, a few chunks in flight at a time."""
    # -- workers get the shared part only; units travel in chunks --
    shared = replace(batch, units=[], source=replace(batch.source, _nodes=None))
    size = max(1, min(MAX_CHUNK, len(todo) // (workers * 8) or 1))
    chunks = _chunks(todo, size)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(shared, output_dir, force))
    pending: dict[Future, list[Unit]] = {}
    try:
        while True:
            while len(pending) < workers * 3:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending[pool.submit(_render_chunk, chunk)] = chunk
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except Exception as error:  # -- a worker died (killed, out of memory) --
                    message = f"tiến trình con dừng bất thường: {error or type(error).__name__}"
                    results = [failed(unit, [Problem(f"{unit.stem}.docx", "", message)])
                               for unit in chunk]
                for unit, result in zip(chunk, results, strict=True):
                    result.name = unit.name  # -- one copy of the name, not two --
                    unit.payload = b""  # -- rendered: its data is no longer needed here --
                    done(result)
    except BaseException:
        # -- Ctrl-C: drop the chunks not started, let the running ones finish their files --
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _sweep(folder: Path) -> None:
    """Remove the staging folders of this run (and of an interrupted earlier one)."""
    with contextlib.suppress(OSError):
        for staging in folder.glob(f"{STAGING_PREFIX}*"):
            if staging.is_dir():
                shutil.rmtree(staging, ignore_errors=True)
