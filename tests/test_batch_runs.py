"""Batch runs that meet each other, get killed, or fill the disk (issue 13, items 8–10).

The kill tests start a real ``vbhc batch`` process whose progress report stalls
after a few units (its workers then wait for more work, as they do between
chunks), kill it, and look at the processes in /proc and at the folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from benchmarks.batch import PLACES, make_dataset
from vbhc.cli.batch import batch as batch_command
from vbhc.pipeline.batch import ownership
from vbhc.pipeline.batch.run import run_batch

PROJECT = Path(__file__).resolve().parent.parent
LINUX = Path("/proc/self/stat").exists()
UNITS = 60
needs_proc = pytest.mark.skipif(not LINUX, reason="reads processes from /proc (Linux)")

RUN_STALLED = """

if __name__ == "__main__":  # -- the workers (spawn) import this file as well --
    stall_after(Path(sys.argv[1]), int(sys.argv[2]))
    from vbhc.cli.main import main

    sys.argv = ["vbhc", *sys.argv[3:]]
    main()
"""

STALLING = """
import os, sys, time
from pathlib import Path


def stall_after(marker, after):
    import vbhc.cli.batch as command

    report = command._Progress.__call__

    def stall(self, done, total, result):
        report(self, done, total, result)
        if done >= after:  # -- announce, then wait to be killed --
            marker.write_text(str(os.getpid()))
            time.sleep(600)

    command._Progress.__call__ = stall

"""

STALLING_WHILE_READING = """
import os, sys, time
from pathlib import Path


def stall_after(marker, after):
    from vbhc.pipeline.batch import early

    read = early.EarlyPool.read

    def stall(self, batch, unit):
        read(self, batch, unit)
        if len(batch.units) == after:  # -- once the units sent ahead are staged, wait --
            staged = lambda: len(list(self.output_dir.glob(".vbhc-dang-ghi-*/*.docx")))
            while 0 < self.sent and staged() < self.sent:
                time.sleep(0.05)
            marker.write_text(str(staged()))
            time.sleep(600)

    early.EarlyPool.read = stall

"""

LIMITED = """
import resource, signal, sys

if __name__ == "__main__":  # -- the workers inherit the limit and the ignored signal --
    limit = int(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # -- a write past the limit fails (EFBIG) --
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from vbhc.cli.main import main

    sys.argv = ["vbhc", *sys.argv[2:]]
    main()
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the shared data file of a batch of 60 synthetic units."""
    return make_dataset(tmp_path_factory.mktemp("xa"), UNITS)


def environment() -> dict[str, str]:
    paths = [str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PYTHONIOENCODING="utf-8")


def batch_args(data: Path, out: Path, *extra: str) -> list[str]:
    return ["ke-hoach", "--data", str(data), "-o", str(out), *extra]


def children(pid: int) -> list[int]:
    """Return the ids of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Return whether ``pid`` is a live process (a zombie is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def wait_until(condition, seconds: float = 20.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def start_stalling(folder: Path, data: Path, out: Path, after: int = 5,
                   stalling: str = STALLING) -> subprocess.Popen:
    """Start ``vbhc batch`` (2 workers) and return it once it stalls after ``after`` units
    (reported, or with ``STALLING_WHILE_READING`` read)."""
    script, marker = folder / "stalling.py", folder / "stalled"
    marker.unlink(missing_ok=True)
    script.write_text(stalling + RUN_STALLED, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(marker), str(after),
         "batch", *batch_args(data, out, "--jobs", "2")],
        cwd=folder, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)  # -- its own process group, as a terminal or a service gives --
    if not wait_until(lambda: marker.exists() or child.poll() is not None, 120):
        child.kill()
        pytest.fail("the batch did not reach its stall within 120 s")
    if child.poll() is not None:
        pytest.fail(f"the batch ended early: {child.stdout.read().decode()}")  # type: ignore[union-attr]
    return child


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def assert_complete_documents(out: Path) -> None:
    for path in out.glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path


def summary_rows(out: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(out / "tong_hop.xlsx").active.iter_rows(values_only=True))


# =========================================================================== item 9: kills

@needs_proc
@pytest.mark.parametrize(("how", "group"), [(signal.SIGKILL, False), (signal.SIGTERM, False),
                                           (signal.SIGTERM, True)],
                         ids=["kill-9", "sigterm", "sigterm-to-the-group"])
def test_killed_batch_takes_its_workers_along(tmp_path: Path, dataset: Path, how: int,
                                              group: bool) -> None:
    out = tmp_path / "out"
    first = run_batch("ke-hoach", dataset, out, jobs=1)  # -- an earlier, complete output --
    assert first.exit_code == 0
    child = start_stalling(tmp_path, dataset, out)
    workers = children(child.pid)
    try:
        assert len(workers) >= 2, workers  # -- two workers (and multiprocessing's tracker) --
        if group:  # -- a service manager stops the whole group: workers included --
            os.killpg(child.pid, how)
        else:
            child.send_signal(how)
        child.wait(timeout=60)
        assert wait_until(lambda: not any(running(pid) for pid in workers), 10), [
            pid for pid in workers if running(pid)]
    finally:  # -- a failed test must not leave processes behind either --
        for pid in [child.pid, *workers]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        child.wait()
    assert_complete_documents(out)
    if how == signal.SIGKILL:
        assert child.returncode == -signal.SIGKILL
        # -- the old summary no longer describes the folder: a notice replaced it --
        assert summary_rows(out)[0][0] == "Bảng tổng hợp đang được tạo lại"
        assert all(not name.startswith(ownership.STAGING_PREFIX) for name in hidden(out))
    else:
        assert child.returncode == 130
        assert hidden(out) == []  # -- no staging, no lock --
        rows = summary_rows(out)[1:UNITS + 1]
        states = [row[-2] for row in rows]
        assert "Đã tạo" in states and "Bản cũ" in states and set(states) <= {"Đã tạo", "Bản cũ"}
        stale = next(row for row in rows if row[-2] == "Bản cũ")
        assert "chưa tạo lại" in stale[-1]
    again = CliRunner().invoke(batch_command, batch_args(dataset, out))
    assert again.exit_code == 0, again.output
    assert hidden(out) == []
    assert [row[-2] for row in summary_rows(out)[1:UNITS + 1]] == ["Đã tạo"] * UNITS


@needs_proc
def test_killed_while_rendering_ahead_leaves_the_earlier_output(tmp_path: Path,
                                                                dataset: Path) -> None:
    out = tmp_path / "out"
    assert run_batch("ke-hoach", dataset, out, jobs=1).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    # -- 50 units read, the first 32 rendered ahead into the staging: kill -9 --
    child = start_stalling(tmp_path, dataset, out, 50, STALLING_WHILE_READING)
    assert (tmp_path / "stalled").read_text() == "32"
    workers = children(child.pid)
    try:
        child.kill()
        child.wait(timeout=60)
        assert wait_until(lambda: not any(running(pid) for pid in workers), 10)
    finally:
        for pid in [child.pid, *workers]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        child.wait()
    # -- nothing was put in place: the earlier documents and summary, no staging left --
    after = {path.name: path.read_bytes() for path in out.iterdir()
             if path.name != ownership.LOCK_NAME}
    assert after == before
    again = CliRunner().invoke(batch_command, batch_args(dataset, out, "--jobs", "2"))
    assert again.exit_code == 0, again.output
    assert hidden(out) == []
    assert [row[-2] for row in summary_rows(out)[1:UNITS + 1]] == ["Đã tạo"] * UNITS


# =========================================================================== item 8: two runs

def test_a_run_into_a_folder_in_use_is_refused(tmp_path: Path, dataset: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # -- a live process (a sleeping child) holds the folder --
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        (out / ownership.LOCK_NAME).write_text(
            f"{holder.pid} {ownership.process_start(holder.pid)}\n", encoding="ascii")
        result = CliRunner().invoke(batch_command, batch_args(dataset, out))
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2, result.output
    assert f"đang được một lần chạy vbhc batch khác ghi (tiến trình {holder.pid})" in (
        result.output)
    assert "ghi ra thư mục khác với -o" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == [ownership.LOCK_NAME]
    # -- its process is gone now: the lock is stale and taken over --
    again = CliRunner().invoke(batch_command, batch_args(dataset, out))
    assert again.exit_code == 0, again.output
    assert hidden(out) == [] and len(list(out.glob("*.docx"))) == UNITS


def test_staging_of_a_live_run_is_kept_and_of_a_dead_run_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mine = ownership.staging_folder(tmp_path, os.getpid(), 1)
    other_live = ownership.staging_folder(tmp_path, os.getppid(), 2)
    other_dead = ownership.staging_folder(tmp_path, dead.pid, 3)
    for folder in (mine, other_live, other_dead):
        folder.mkdir()
        (folder / "van_ban.docx").write_bytes(b"x")
    ownership.sweep_staging(tmp_path)
    assert mine.exists() and other_live.exists() and not other_dead.exists()
    ownership.sweep_staging(tmp_path, os.getpid())
    assert not mine.exists() and other_live.exists()


def test_two_runs_into_one_folder_at_once(tmp_path: Path, dataset: Path) -> None:
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-m", "vbhc", "batch",
                              *batch_args(dataset, out, "-j", "1")],
                             cwd=tmp_path, env=environment(), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0].decode() for run in runs]
    codes = sorted(run.returncode for run in runs)
    # -- either the second is refused while the first runs, or they ran one after the other --
    assert codes in ([0, 0], [0, 2]), outputs
    if codes == [0, 2]:
        assert any("đang được một lần chạy vbhc batch khác ghi" in text for text in outputs)
    assert hidden(out) == []
    assert len(list(out.glob("*.docx"))) == UNITS
    assert_complete_documents(out)
    assert [row[-2] for row in summary_rows(out)[1:UNITS + 1]] == ["Đã tạo"] * UNITS


# =========================================================================== item 10: full disk

@pytest.fixture(scope="module")
def half_unsigned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], int, int]:
    """Return a batch where 35 of 60 units lack a signer, its failing units' names, and
    the sizes of its largest document and of its summary (from a run without limits)."""
    folder = tmp_path_factory.mktemp("ky")
    data = make_dataset(folder / "du_lieu", UNITS)
    workbook = openpyxl.load_workbook(data.with_name("don_vi.xlsx"))
    unsigned = [workbook["Đơn vị"].cell(row, 1).value for row in range(2, 37)]
    for row in range(2, 37):  # -- more failures than MAX_LISTED --
        workbook["Đơn vị"].cell(row, 9).value = None
    workbook.save(data.with_name("don_vi.xlsx"))
    probe = run_batch("ke-hoach", data, folder / "probe", jobs=1)
    largest = max(path.stat().st_size for path in (folder / "probe").glob("*.docx"))
    assert probe.summary is not None
    return data, unsigned, largest, probe.summary.stat().st_size


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("full_at", ["summary", "documents"])
def test_failures_are_listed_when_the_summary_cannot_be_written(
        tmp_path: Path, half_unsigned: tuple[Path, list[str], int, int], full_at: str) -> None:
    data, unsigned, largest, summary = half_unsigned
    assert summary > largest + 400
    # -- the limit lets every document through, or none (the disk filled up early) --
    limit = largest + 200 if full_at == "summary" else 4096
    script = tmp_path / "limited.py"
    script.write_text(LIMITED, encoding="utf-8")
    out = tmp_path / "out"
    child = subprocess.run([sys.executable, str(script), str(limit), "batch",
                            *batch_args(data, out)],
                           cwd=tmp_path, env=environment(), capture_output=True, timeout=300)
    stderr = child.stderr.decode()
    assert child.returncode == 1, stderr
    assert "Traceback" not in stderr, stderr
    assert "Lỗi: không ghi được" in stderr and "tong_hop.xlsx" in stderr
    assert "vượt quá dung lượng cho phép" in stderr
    failed = unsigned if full_at == "summary" else [
        f"xã {PLACES[index % len(PLACES)]} {index:05d}" for index in range(1, UNITS + 1)]
    assert f"Lỗi: {len(failed)} đơn vị không tạo được văn bản:" in stderr
    for name in failed:
        assert f"  {name}: " in stderr
    assert "… và" not in stderr  # -- no pointer to a summary that is not there --
    assert len(list(out.glob("*.docx"))) == UNITS - len(failed)
    assert_complete_documents(out)
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".docx")) == []
