"""A batch's worker processes start while its table is read, and end with the run whatever happens.

Starting a worker costs about 0.4 s (imports, the compiled template): a big table's
pool is started as soon as the units read call for all its workers, so that cost
runs beside the reading. Each worker gets the batch's shared part with its first
chunk. The documents are those of one process; a bad table or a Ctrl-C during the
reading ends the warming workers; a small table starts none before it is read.
"""

from __future__ import annotations

import multiprocessing
import zipfile
from pathlib import Path

import openpyxl
import pytest

from benchmarks.batch import make_dataset
from vbhc.core.errors import DataError
from vbhc.pipeline.batch import run, workers
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
    count, make = run._EarlyPool.count, workers.WorkerPool.__init__

    def counting(self: run._EarlyPool, units: int) -> None:
        read.append(units)
        count(self, units)

    def recording(self: workers.WorkerPool, kind: str, output_dir: Path, force: bool,
                  size: int, start: int = 0) -> None:
        pools.append((size, start, read[-1] if read else 0))
        make(self, kind, output_dir, force, size, start)

    monkeypatch.setattr(run._EarlyPool, "count", counting)
    monkeypatch.setattr(workers.WorkerPool, "__init__", recording)
    monkeypatch.setattr(run, "cores", lambda: 2)
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
    assert worker_count(run.MIN_UNITS_PER_WORKER, None) == 1
    result = run_batch("ke-hoach", dataset, tmp_path / "out")
    assert started == [(2, 1, run.MIN_UNITS_PER_WORKER + 1)] and result.jobs == 2
    small = make_dataset(tmp_path / "small", 30)
    assert run_batch("ke-hoach", small, tmp_path / "small-out").jobs == 1
    assert len(started) == 1  # -- 30 units: rendered here, no worker started --


def test_a_bad_table_ends_the_warming_workers(tmp_path: Path, dataset: Path,
                                              started: list[tuple[int, int, int]]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in dataset.parent.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    book = openpyxl.load_workbook(folder / "don_vi.xlsx")
    sheet = book["Đơn vị"]
    sheet.cell(UNITS + 1, 1).value = "xã không có sự kiện"  # -- its events name no unit now --
    book.save(folder / "don_vi.xlsx")
    with pytest.raises(DataError, match="không có đơn vị"):
        run_batch("ke-hoach", folder / dataset.name, tmp_path / "out", jobs=2)
    assert started and multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists()  # -- nothing written for a wrong table --


def test_ctrl_c_while_the_table_is_read_ends_the_workers(tmp_path: Path, dataset: Path,
                                                         started: list[tuple[int, int, int]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    count = run._EarlyPool.count

    def interrupted(self: run._EarlyPool, units: int) -> None:
        count(self, units)
        if units == 10:
            raise KeyboardInterrupt

    monkeypatch.setattr(run._EarlyPool, "count", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch("ke-hoach", dataset, tmp_path / "out", jobs=2)
    assert started and multiprocessing.active_children() == []
