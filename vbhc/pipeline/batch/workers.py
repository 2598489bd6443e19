"""Rendering and writing units: ``UnitRenderer``, one per process, and placing staged documents.

A unit's document is rendered through the one engine and written atomically
through the process's staging folder (named after the run and the process, see
``ownership``). Units rendered while the table is still read are only staged;
``place_staged`` puts them in place once the whole table has passed its checks.
The worker processes that run ``UnitRenderer`` are ``vbhc.pipeline.batch.pool``'s.
"""

from __future__ import annotations

import contextlib
import os
import time
import traceback
from functools import cached_property
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, OutputError, Problem, VbhcError, short_path
from vbhc.document.engine import CompiledTemplate, compiled_template
from vbhc.kinds import consistency
from vbhc.pipeline.batch import ownership
from vbhc.pipeline.batch.merge import shared_fields, unit_document
from vbhc.pipeline.batch.records import Batch, Unit, UnitResult
from vbhc.pipeline.output import guard_docx, place, reason, write_staged, write_unplaced

_REPLACE_TRIES = 5
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

    def _staging(self) -> Path:
        """Return this process's staging folder, made on first use."""
        if self.staging is None:
            self.staging = ownership.staging_folder(self.output_dir, self.run_pid, os.getpid())
            self.staging.mkdir(exist_ok=True)
        return self.staging

    def write(self, path: Path, data: bytes) -> None:
        """Write ``path`` atomically, through this process's staging folder.

        The document is written whole under one staging name and renamed into
        place (atomic, same file system), without a sync: ``run_batch`` makes
        the batch durable with one ``flush_folder`` at the end. Killed midway,
        the worker leaves at most its staged file, which the next run sweeps.
        """
        staged = self._staging() / "van_ban.docx"
        for attempt in range(_REPLACE_TRIES):
            try:
                write_staged(staged, path, data)
                return
            except PermissionError as error:
                # -- Windows: an indexer or antivirus may hold a new file for a moment --
                if attempt == _REPLACE_TRIES - 1 or os.name != "nt":
                    _discard(staged)
                    raise OutputError(_busy(path)) from error
                time.sleep(0.2)
            except OSError as error:
                _discard(staged)
                raise OutputError(f"không ghi được {short_path(path)}: "
                                  f"{reason(error)}") from error

    def _stage(self, unit: Unit, data: bytes) -> Path:
        """Write a unit's document under its own staging name, to be placed later."""
        staged = self._staging() / f"{unit.index}.docx"
        try:
            write_unplaced(staged, data)
        except OSError as error:
            _discard(staged)
            raise OutputError(f"không ghi được {unit.stem}.docx: {reason(error)}") from error
        return staged

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

    def run(self, unit: Unit, *, stage: bool = False) -> UnitResult:
        """Return the result of rendering and writing ``unit``; never raises for bad data.

        ``stage``: for a unit rendered while the table is still read, its document is
        only written to a staging file (``UnitResult.staged``); ``place_staged`` puts it
        in place, guarding hand edits then, once the whole table has passed its checks.
        """
        staged = backup = None
        try:
            document, context, warnings = self.context(unit)
            data = self.template.render(context)
            path = self.output_dir / f"{unit.stem}.docx"
            if stage:
                staged = self._stage(unit, data)
            else:
                backup = _guard(path, self.force)
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
            warnings=warnings, staged=str(staged) if staged else None)


def _guard(path: Path, force: bool) -> Path | None:
    """Return the backup of a hand-edited ``path`` (``force``); raise ``OutputError`` without.

    An empty file is a document whose sync a power cut prevented, not an edit; no
    file at all (a new batch) needs no guard: one stat, not three.
    """
    size = _size(path)
    if size is None or size == 0:
        return None
    return guard_docx(path, force=force, elsewhere=BATCH_ELSEWHERE)


def place_staged(unit: Unit, result: UnitResult, output_dir: Path, force: bool) -> UnitResult:
    """Return the result of putting a staged document (``UnitRenderer.run(stage=True)``) in place.

    The hand-edit guard runs now, just before the document replaces the file, as for a
    document written at once; a refusal or a failed rename fails the unit and
    removes the staged file.
    """
    assert result.staged is not None
    staged, result.staged = Path(result.staged), None
    path = output_dir / result.file
    try:
        backup = _guard(path, force)
        place(staged, path)
    except VbhcError as error:
        _discard(staged)
        return failed(unit, [Problem(result.file, "", error.format_message())])
    except PermissionError:
        _discard(staged)
        return failed(unit, [Problem(result.file, "", _busy(path))])
    except OSError as error:
        _discard(staged)
        return failed(unit, [Problem(result.file, "",
                                     f"không ghi được {short_path(path)}: {reason(error)}")])
    result.backup = str(backup) if backup else None
    return result


def _busy(path: Path) -> str:
    return (f"không ghi được {short_path(path)}: tệp đang mở trong chương trình khác (Word?) "
            "hoặc không có quyền ghi")


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
