"""A batch's worker processes start while its table is read, and end with the run whatever happens.

Starting a worker costs about 0.4 s (imports, the compiled template): a big table's
pool is started as soon as the units read call for all its workers, so that cost
runs beside the reading. Each worker gets the batch's shared part with its first
chunk. The units read meanwhile are rendered ahead into the staging folders and
put in place only once the whole table has passed its checks. The documents are
those of one process; a bad table or a Ctrl-C during the reading ends the warming
workers and leaves the folder as it was; a small table starts none before it is read.
"""

from __future__ import annotations

import multiprocessing
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from benchmarks.batch import make_dataset
from vbhc.core.errors import DataError
from vbhc.pipeline.batch import early, pool, run
from vbhc.pipeline.batch.records import Batch, Unit
from vbhc.pipeline.batch.run import run_batch, worker_count

UNITS = 60


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the shared data file of a batch of 60 synthetic units."""
    return make_dataset(tmp_path_factory.mktemp("xa"), UNITS)


@pytest.fixture()
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """Record each pool: (its workers, those started at once, the units read by then)."""
    read: list[int] = []
    pools: list[tuple[int, int, int]] = []
    count, make = early.EarlyPool.read, pool.WorkerPool.__init__

    def counting(self: early.EarlyPool, batch: Batch, unit: Unit) -> None:
        read.append(len(batch.units))
        count(self, batch, unit)

    def recording(self: pool.WorkerPool, kind: str, output_dir: Path, force: bool,
                  size: int, start: int = 0) -> None:
        pools.append((size, start, read[-1] if read else 0))
        make(self, kind, output_dir, force, size, start)

    monkeypatch.setattr(early.EarlyPool, "read", counting)
    monkeypatch.setattr(pool.WorkerPool, "__init__", recording)
    monkeypatch.setattr(early, "cores", lambda: 2)
    return pools


def bodies(folder: Path) -> dict[str, bytes]:
    return {path.name: zipfile.ZipFile(path).read("word/document.xml")
            for path in sorted(folder.glob("*.docx"))}


def test_the_pool_starts_while_the_table_is_read(tmp_path: Path, dataset: Path,
                                                 started: list[tuple[int, int, int]]) -> None:
    alone = run_batch("ke-hoach", dataset, tmp_path / "one", jobs=1)
    assert started == []  # -- one process: no pool at all --
    result = run_batch("ke-hoach", dataset, tmp_path / "two", jobs=2)
    # -- two units read settle two workers; one starts at once (the other core reads) --
    assert started == [(2, 1, 2)]
    assert result.jobs == 2 and result.exit_code == 0 and len(result.written) == UNITS
    assert bodies(tmp_path / "two") == bodies(tmp_path / "one") and len(bodies(alone.output_dir))
    assert multiprocessing.active_children() == []


def test_by_default_the_pool_waits_for_units_enough(tmp_path: Path, dataset: Path,
                                                    started: list[tuple[int, int, int]]) -> None:
    assert worker_count(early.MIN_UNITS_PER_WORKER, None) == 1
    result = run_batch("ke-hoach", dataset, tmp_path / "out")
    assert started == [(2, 1, early.MIN_UNITS_PER_WORKER + 1)] and result.jobs == 2
    small = make_dataset(tmp_path / "small", 30)
    assert run_batch("ke-hoach", small, tmp_path / "small-out").jobs == 1
    assert len(started) == 1  # -- 30 units: rendered here, no worker started --


def orphaned_events(dataset: Path, folder: Path, *, other_issuer: bool = False) -> Path:
    """Return a copy of ``dataset`` whose last unit is renamed: its events name no unit, a
    whole-table error found only once the table is read. ``other_issuer``: every unit's
    issuer changed too, so that no document would be the same."""
    folder.mkdir()
    for path in dataset.parent.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    book = openpyxl.load_workbook(folder / "don_vi.xlsx")
    sheet = book["Đơn vị"]
    if other_issuer:
        for row in range(2, UNITS + 2):
            sheet.cell(row, 3).value = f"{sheet.cell(row, 3).value} mới"
    sheet.cell(UNITS + 1, 1).value = "xã không có sự kiện"
    book.save(folder / "don_vi.xlsx")
    return folder / dataset.name


def test_a_bad_table_ends_the_warming_workers(tmp_path: Path, dataset: Path,
                                              started: list[tuple[int, int, int]]) -> None:
    wrong = orphaned_events(dataset, tmp_path / "data")
    with pytest.raises(DataError, match="không có đơn vị"):
        run_batch("ke-hoach", wrong, tmp_path / "out", jobs=2)
    assert started and multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists()  # -- nothing written for a wrong table --


def test_ctrl_c_while_the_table_is_read_ends_the_workers(tmp_path: Path, dataset: Path,
                                                         started: list[tuple[int, int, int]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    count = early.EarlyPool.read
    sent: list[int] = []
    stops = [10, 40]  # -- units read when each run is interrupted --

    def interrupted(self: early.EarlyPool, batch: Batch, unit: Unit) -> None:
        count(self, batch, unit)
        if len(batch.units) == stops[len(sent)]:
            sent.append(self.sent)
            raise KeyboardInterrupt

    monkeypatch.setattr(early.EarlyPool, "read", interrupted)
    with pytest.raises(KeyboardInterrupt):  # -- 10 units read: the workers warm up --
        run_batch("ke-hoach", dataset, tmp_path / "out", jobs=2)
    assert started and multiprocessing.active_children() == []
    with pytest.raises(KeyboardInterrupt):  # -- 40: 32 of them were being rendered ahead --
        run_batch("ke-hoach", dataset, tmp_path / "ahead" / "out", jobs=2)
    assert sent == [0, 32] and multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists() and not (tmp_path / "ahead").exists()


@pytest.fixture()
def staged(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the size of each chunk rendered ahead; check that no document is placed
    before the whole table is read and checked."""
    chunks: list[int] = []
    stage, load = pool.WorkerPool.stage, run.load_batch

    def recording(self: pool.WorkerPool, batch: Batch, chunk: list[Unit]) -> None:
        chunks.append(len(chunk))
        stage(self, batch, chunk)

    def loading(*arguments: object, **options: object) -> Batch:
        batch = load(*arguments, **options)  # type: ignore[arg-type]
        out, first = pool_folder[-1] if pool_folder else (None, 0)
        if out is not None and chunks[first:]:
            # -- the staged documents are there, and none is in place yet --
            deadline = time.monotonic() + 60
            while staged_files(out) < sum(chunks[first:]) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert staged_files(out) == sum(chunks[first:])
            assert documents(out) == documents_before[-1]
        return batch

    pool_folder: list[tuple[Path, int]] = []  # -- each pool's folder, its first chunk --
    documents_before: list[dict[str, bytes]] = []
    make = pool.WorkerPool.__init__

    def remembering(self: pool.WorkerPool, kind: str, output_dir: Path, force: bool,
                    size: int, start: int = 0) -> None:
        pool_folder.append((output_dir, len(chunks)))
        documents_before.append(documents(output_dir))
        make(self, kind, output_dir, force, size, start)

    monkeypatch.setattr(pool.WorkerPool, "stage", recording)
    monkeypatch.setattr(pool.WorkerPool, "__init__", remembering)
    monkeypatch.setattr(run, "load_batch", loading)
    monkeypatch.setattr(early, "cores", lambda: 2)
    return chunks


def documents(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in out.glob("*.docx")}


def staged_files(out: Path) -> int:
    return len(list(out.glob(".vbhc-dang-ghi-*/*.docx")))


def folder_state(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def test_units_read_are_rendered_ahead_and_placed_after_the_checks(
        tmp_path: Path, dataset: Path, staged: list[int]) -> None:
    alone = run_batch("ke-hoach", dataset, tmp_path / "one", jobs=1)
    assert staged == []
    result = run_batch("ke-hoach", dataset, tmp_path / "two", jobs=2)
    # -- the pool starts with 2 units read; each 32 units read go ahead, the rest after --
    assert staged == [32] and result.exit_code == 0 and len(result.written) == UNITS
    assert bodies(tmp_path / "two") == bodies(alone.output_dir)
    assert [unit.file for unit in result.units] == [unit.file for unit in alone.units]
    assert all(unit.staged is None for unit in result.units)
    assert sorted(p.name for p in (tmp_path / "two").iterdir() if p.name.startswith(".")) == []
    assert multiprocessing.active_children() == []


def test_a_wrong_table_leaves_the_earlier_run_as_it_was(tmp_path: Path, dataset: Path,
                                                        staged: list[int]) -> None:
    out = tmp_path / "out"
    run_batch("ke-hoach", dataset, out, jobs=1)
    before = folder_state(out)
    wrong = orphaned_events(dataset, tmp_path / "data", other_issuer=True)
    with pytest.raises(DataError, match="không có đơn vị"):
        run_batch("ke-hoach", wrong, out, jobs=2)
    assert staged  # -- units were rendered ahead: none of them was put in place --
    assert folder_state(out) == before  # -- no staging, no lock, the documents and summary --
    assert multiprocessing.active_children() == []


def test_a_hand_edited_document_is_kept_when_rendered_ahead(tmp_path: Path, dataset: Path,
                                                            staged: list[int]) -> None:
    out = tmp_path / "out"
    first = run_batch("ke-hoach", dataset, out, jobs=1)
    edited = out / first.units[0].file  # -- the first unit: rendered ahead next time --
    with zipfile.ZipFile(edited) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = members["word/document.xml"].replace(
        "KẾ HOẠCH".encode(), "KẾ HOẠCH ĐÃ SỬA".encode(), 1)
    with zipfile.ZipFile(edited, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    kept = edited.read_bytes()
    result = run_batch("ke-hoach", dataset, out, jobs=2)
    assert staged and len(result.written) == UNITS - 1
    (refused,) = result.failures
    assert refused.file == edited.name and "sửa tay" in refused.problems[0].message
    assert edited.read_bytes() == kept
    forced = run_batch("ke-hoach", dataset, out, jobs=2, force=True)
    assert forced.exit_code == 0 and forced.units[0].backup is not None
    assert Path(forced.units[0].backup).read_bytes() == kept
    assert edited.read_bytes() != kept
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
