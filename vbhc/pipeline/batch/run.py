"""Render one document per unit of a batch, in worker processes, with a summary workbook.

``run_batch`` loads and checks the whole batch first (``vbhc.pipeline.batch.units``): nothing
is written while the table as a whole is wrong. Units are then rendered through the
one engine (``compiled_template``: each worker compiles the template once), in
``jobs`` worker processes started with ``spawn`` (safe on Windows), which receive
units in chunks and write each document atomically (``workers``, ``pool``). A big
table's pool is started while the table is still read, as soon as it has units
enough to keep all its workers busy, and renders the units read so far into its
staging folders meanwhile; they are put in place once the whole table has passed
its checks (``early``). A unit whose data is bad fails on its own; the others are
written. The run ends with ``tong_hop.xlsx`` (one row per unit)
and, on request, a .zip of the folder.

The run holds the folder's lock for its whole length (``ownership``), replaces
the previous ``tong_hop.xlsx`` by an "in progress" notice before the first
document and writes the real one last, so the summary never describes documents
that are not there. Interrupted (Ctrl-C, SIGTERM), it writes a summary naming the
units not re-created; killed outright, it leaves the notice. A summary or .zip
that cannot be written (full disk) is recorded in the result, never raised: the
list of failed units must reach the user all the same.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from vbhc.core.errors import CommandLineError, DataError, OutputError, Problem, short_path
from vbhc.pipeline.batch import ownership
from vbhc.pipeline.batch.early import EarlyPool, cores, worker_count
from vbhc.pipeline.batch.pdf_stream import PdfStream
from vbhc.pipeline.batch.pool import WorkerPool
from vbhc.pipeline.batch.records import SUMMARY_STEM, Batch, BatchResult, Unit, UnitResult
from vbhc.pipeline.batch.summary import mark_in_progress, write_summary, write_zip
from vbhc.pipeline.batch.units import file_stem, load_batch, name_key
from vbhc.pipeline.batch.workers import NOT_DONE_MISSING, NOT_DONE_STALE, UnitRenderer, failed
from vbhc.pipeline.output import flush_folder
from vbhc.pipeline.render import OUTPUT_DIR

__all__ = ["UnitRenderer", "check_batch", "failed", "find_unit", "run_batch", "worker_count"]

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

    With ``pdf`` the LibreOffice lanes start first (they warm up while the data is
    read) and convert each document as soon as it is written (``PdfStream``); the
    documents then render in this process: a tenth of a second of conversion per
    document leaves rendering idle time enough, and worker processes would only
    take the cores from LibreOffice.
    """
    started = time.perf_counter()
    # -- ToolMissing before anything is read or written --
    stream = _pdf_stream(jobs, pdf_progress) if pdf else None
    target = Path(output_dir) if output_dir else OUTPUT_DIR / Path(data_path).stem
    early = EarlyPool(kind, target, force, jobs) if stream is None and only is None else None
    try:
        return _run(kind, data_path, target, jobs=jobs, only=only, make_zip=make_zip,
                    progress=progress, force=force, pdf=pdf, pdf_progress=pdf_progress,
                    stream=stream, early=early, started=started)
    finally:
        if stream is not None:
            stream.close()
        if early is not None:
            early.close()  # -- the run ended before its pool was used (bad table, Ctrl-C) --


def _run(kind: str, data_path: Path, target: Path, *, jobs: int | None, only: str | None,
         make_zip: bool, progress: Progress | None, force: bool, pdf: bool,
         pdf_progress: Callable[[int, int], None] | None, stream: PdfStream | None,
         early: EarlyPool | None, started: float) -> BatchResult:
    """Return the result of ``run_batch``, the PDF lanes or the early pool (if any) started."""
    batch = load_batch(kind, Path(data_path), on_unit=early.read if early else None)
    units = batch.units if only is None else [find_unit(batch, only)]
    workers = 1 if stream is not None else worker_count(len(units), jobs)
    if stream is not None:
        stream.expected = len(units)
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
        if stream is not None:  # -- converted while the next units render --
            if result.ok:
                stream.add(target / result.file)
            else:
                stream.skip()
        if progress is not None:
            progress(len(results), len(units), result)

    def outcome() -> BatchResult:
        return BatchResult(target, [results.get(u.index) or not_done(u, target) for u in units],
                           batch.targets, batch.totals, warnings=batch.warnings, jobs=workers)

    # -- held already if units were rendered ahead while the table was read --
    lock = (early.hand_over_lock() if early else None) or ownership.FolderLock(target)
    with lock:
        ownership.sweep_staging(target)  # -- what dead runs left --
        if only is None:
            mark_in_progress(target)
        try:
            todo = []
            for unit in units:
                if unit.problems:
                    done(failed(unit, unit.problems))
                else:
                    todo.append(unit)
            if stream is not None:
                _render_behind_office(UnitRenderer(batch, target, force), todo, done)
            elif workers <= 1:
                renderer = UnitRenderer(batch, target, force)
                for unit in todo:
                    done(renderer.run(unit))
            else:
                pool = (early.take(workers) if early else None) or WorkerPool(
                    batch.kind_name, target, force, workers)
                pool.run(batch, todo, done)
        except KeyboardInterrupt:
            if stream is not None:
                stream.close()  # -- no more PDFs: the documents in hand are finished --
            if only is None:  # -- say which documents this run did not re-create --
                _shared_outputs(outcome(), make_zip=False)
            raise
        finally:
            ownership.sweep_staging(target, os.getpid())
            # -- one sync for the whole batch, not two per document (output.write_staged) --
            flush_folder(target)
        result = outcome()
        if stream is not None:
            _record_pdf_failures(result, stream.finish())
            flush_folder(target)
        elif pdf:
            _convert(result, jobs, pdf_progress)
        if only is None:
            _shared_outputs(result, make_zip)
    result.seconds = time.perf_counter() - started
    return result


def _shared_outputs(result: BatchResult, make_zip: bool) -> None:
    """Write the summary (and the .zip); a failure is recorded, the run's results kept."""
    try:
        result.summary = write_summary(result)
    except OutputError as error:
        result.output_errors.append(error.format_message())
        # -- the "in progress" notice would claim the run stopped midway: it did not --
        with contextlib.suppress(OSError):
            (result.output_dir / f"{SUMMARY_STEM}.xlsx").unlink()
        return
    if make_zip:
        try:
            result.archive = write_zip(result)
        except OutputError as error:
            result.output_errors.append(error.format_message())


def not_done(unit: Unit, folder: Path) -> UnitResult:
    """Return the result of a unit an interrupted run did not get to."""
    result = failed(unit, [])
    result.interrupted = True
    result.stale = (folder / result.file).exists() if result.file else False
    result.problems.append(Problem(result.file, "", NOT_DONE_STALE if result.stale
                                   else NOT_DONE_MISSING))
    return result


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


def _pdf_stream(jobs: int | None, progress: Callable[[int, int], None] | None
                ) -> PdfStream | None:
    """Return the started warm PDF lanes, or None to convert at the end (no ``uno`` Python).

    Raises ``ToolMissing`` at once, before anything renders, without LibreOffice.
    """
    from vbhc.pipeline import pdf

    pdf.require_soffice()
    if not PdfStream.available():
        return None
    stream = PdfStream(jobs or cores(), progress=progress)
    stream.start()
    return stream


def _render_behind_office(renderer: UnitRenderer, todo: list[Unit],
                          done: Callable[[UnitResult], None]) -> None:
    """Render ``todo`` in a thread of lower priority, reporting each result from this one.

    LibreOffice gets the cores first and the rendering fills the gaps it leaves
    (Linux: a thread's own nice value; the thread ends with the rendering, so no
    caller's thread is left slowed). ``done`` runs here, in the calling thread.
    """
    results: queue.SimpleQueue[UnitResult | None] = queue.SimpleQueue()
    stop = threading.Event()

    def work() -> None:
        if sys.platform.startswith("linux") and hasattr(os, "setpriority"):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        try:
            for unit in todo:
                if stop.is_set():
                    break
                results.put(renderer.run(unit))
        finally:
            results.put(None)

    thread = threading.Thread(target=work, name="vbhc-render", daemon=True)
    thread.start()
    try:
        while True:
            try:
                result = results.get(timeout=0.1)  # -- a timeout keeps Ctrl-C prompt --
            except queue.Empty:
                continue
            if result is None:
                break
            done(result)
    finally:
        stop.set()  # -- Ctrl-C: the document in hand is finished, no other is started --
        thread.join()


def _record_pdf_failures(outcome: BatchResult, failures: dict[Path, str]) -> None:
    """Put each unit whose document has no PDF on the failure list."""
    by_path = {outcome.output_dir / unit.file: unit for unit in outcome.written}
    for source, message in failures.items():
        unit = by_path.get(source)
        if unit is not None:
            unit.ok = False
            unit.problems.append(Problem(unit.file, "pdf", f"không tạo được PDF: {message}"))


def _convert(outcome: BatchResult, jobs: int | None,
             progress: Callable[[int, int], None] | None) -> None:
    """Write a PDF beside each written document; failed conversions fail their unit."""
    from vbhc.pipeline.render import write_pdfs

    by_path = {outcome.output_dir / unit.file: unit for unit in outcome.written}
    for failure in write_pdfs(list(by_path), jobs=jobs, progress=progress):
        unit = by_path[failure.source]
        unit.ok = False
        unit.problems.append(Problem(unit.file, "pdf", f"không tạo được PDF: {failure.message}"))


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
    raise CommandLineError("--only", f"không có đơn vị '{wanted}' trong bảng "
                           f"{batch.table_name}{hint}")
