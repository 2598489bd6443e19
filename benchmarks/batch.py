"""Benchmark batch rendering: plain docxtpl, vbhc's engine, vbhc batch, and the floor.

Run by hand from the repository root (not part of the test suite):

    python benchmarks/batch.py                 # 2,000 synthetic units, then RSS runs
    python benchmarks/batch.py --units 10000
    python benchmarks/batch.py --no-rss        # skip the 1,000/10,000-unit RSS runs

It generates N synthetic units (a provincial plan whose targets are the units' sum,
the shared district plan of data/lao_cai_2023_huyen.yaml and an .xlsx table with
events), then in ONE run measures docs/s for:

- plain docxtpl: ``DocxTemplate(path).render(ctx).save(file)`` per document, serial;
- vbhc's engine on one core: ``compiled_template(path).render(ctx)`` + write, serial;
- vbhc batch: ``run_batch`` with all cores, end to end (load, validate, contexts,
  render, atomic writes, tong_hop.xlsx); also with one core;
- the floor: writing the same finished documents' bytes, no rendering.

The first two get the same template and the same contexts (built once, untimed).
Then it runs the batch on 1,000 and 10,000 units in fresh processes, sampling the
resident memory of the whole process tree. The machine may be shared and noisy:
compare the ratios of one run, not absolute figures across runs.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "data"
PLACES = ["Hòa Bình", "Tân Lập", "Phúc Khánh", "Bản Vược", "Cốc San", "Nậm Chạc",
          "Sơn Hải", "Xuân Quang", "Gia Phú", "Thái Niên"]


def make_dataset(folder: Path, units: int, seed: int = 1) -> Path:
    """Return the shared data file of a synthetic batch of ``units`` units in ``folder``."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows, events = [], []
    for index in range(1, units + 1):
        name = f"xã {PLACES[index % len(PLACES)]} {index:05d}"
        rows.append([name, f"UBND {name.upper()}",
                     f"Ban Chỉ đạo vận động hiến máu tình nguyện {name}",
                     index if index % 7 else None, PLACES[index % len(PLACES)],
                     rng.randint(10, 90), rng.randint(30, 200), "PHÓ CHỦ TỊCH UBND XÃ",
                     f"Người Ký Số {index}"])
        for number in range(1 + index % 2):
            events.append([name, f"{10 + number:02d}/{6 + index % 3}/2023",
                           "ngày hội hiến máu tình nguyện", f"Nhà văn hóa {name}"])
    workbook = Workbook()  # -- not write-only: like Excel, it records each sheet's size --
    sheet = workbook.active
    sheet.title = "Đơn vị"
    sheet.append(["Đơn vị", "Cơ quan chủ quản", "Cơ quan ban hành", "Số", "Địa danh",
                  "Đơn vị máu", "Người đăng ký", "Chức vụ khác", "Người ký"])
    for row in rows:
        sheet.append(row)
    sheet = workbook.create_sheet("Sự kiện")
    sheet.append(["Đơn vị", "Ngày", "Sự kiện", "Địa điểm"])
    for row in events:
        sheet.append(row)
    workbook.save(folder / "don_vi.xlsx")
    blood, donors = sum(r[5] for r in rows), sum(r[6] for r in rows)
    province = (DATA / "lao_cai_2023.yaml").read_text(encoding="utf-8")
    province = re.sub(r"nguoi_dang_ky: \{so: \d+", f"nguoi_dang_ky: {{so: {donors}", province)
    province = re.sub(r"don_vi_mau: \{so: \d+", f"don_vi_mau: {{so: {blood}", province)
    (folder / "tinh.yaml").write_text(province, encoding="utf-8")
    shared = (DATA / "lao_cai_2023_huyen.yaml").read_text(encoding="utf-8")
    shared = shared.replace("tep: lao_cai_2023_huyen.xlsx", "tep: don_vi.xlsx")
    shared = shared.replace("tep: lao_cai_2023.yaml", "tep: tinh.yaml")
    path = folder / "ke_hoach_xa.yaml"
    path.write_text(shared, encoding="utf-8")
    return path


def _load() -> str:
    """Return the machine's 1-minute load average (other users' work skews the timings)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):  # -- Windows --
        return "?"


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def measure_stages(data: Path, work: Path, jobs: int) -> list[tuple[str, int, float]]:
    """Return (stage, documents, seconds) for each way of producing the documents."""
    from docxtpl import DocxTemplate

    from vbhc.document.engine import compiled_template, template_environment
    from vbhc.pipeline.batch.run import UnitRenderer, run_batch
    from vbhc.pipeline.batch.units import load_batch

    batch = load_batch("ke-hoach", data)
    renderer = UnitRenderer(batch, work)
    contexts = [renderer.context(unit)[1] for unit in batch.units]
    template = batch.kind.template_path
    count = len(contexts)
    stages = []

    folder = work / "docxtpl"
    folder.mkdir()
    environment = template_environment()
    started = time.perf_counter()
    for number, context in enumerate(contexts):
        document = DocxTemplate(template)
        document.render(context, jinja_env=environment)
        document.save(folder / f"{number}.docx")
    stages.append(("docxtpl thuần (1 lõi)", count, time.perf_counter() - started))
    del document

    folder = work / "engine"
    folder.mkdir()
    finished = []
    started = time.perf_counter()
    compiled = compiled_template(template)
    for number, context in enumerate(contexts):
        data_bytes = compiled.render(context)
        (folder / f"{number}.docx").write_bytes(data_bytes)
        finished.append(data_bytes)
    stages.append(("engine vbhc (1 lõi)", count, time.perf_counter() - started))

    folder = work / "floor"
    folder.mkdir()
    started = time.perf_counter()
    for number, data_bytes in enumerate(finished):
        (folder / f"{number}.docx").write_bytes(data_bytes)
    stages.append(("sàn: chỉ ghi tệp", count, time.perf_counter() - started))
    del finished, contexts

    for label, workers in (("vbhc batch (1 lõi)", 1), (f"vbhc batch ({jobs} lõi)", jobs)):
        started = time.perf_counter()
        result = run_batch("ke-hoach", data, work / f"batch{workers}", jobs=workers)
        stages.append((label, len(result.written), time.perf_counter() - started))
        assert not result.failures, result.failures[:3]
    return stages


# -- peak memory of a process tree --------------------------------------------------

def _tree_rss(root: int) -> int:
    """Return the resident memory (bytes) of ``root`` and its descendants."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            process = psutil.Process(root)
            members = [process] + process.children(recursive=True)
            return sum(p.memory_info().rss for p in members if p.is_running())
        except psutil.Error:
            return 0
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) * 1024 if match else 0
    return total


def measure_run(data: Path, output: Path, jobs: int) -> tuple[float, int, int, float]:
    """Return (wall seconds, documents, peak RSS, CPU seconds) of one batch run.

    RSS is the sum over the process and its workers, sampled every 20 ms; CPU is
    user + system time of all of them (what the run costs whatever else runs).
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(data),
               str(output), str(jobs)]
    before = os.times()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(child.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    seconds = time.perf_counter() - started
    after = os.times()
    stop.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"batch run failed ({child.returncode}): {out}")
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    return seconds, int(out.strip() or 0), peak, cpu


def _child(data: str, output: str, jobs: str) -> None:
    from vbhc.pipeline.batch.run import run_batch

    result = run_batch("ke-hoach", Path(data), Path(output), jobs=int(jobs))
    print(len(result.written))


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-rss", action="store_true", help="skip the RSS runs")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        _child(*arguments.child)
        return
    from vbhc.core.formatting import number
    work = Path(tempfile.mkdtemp(prefix="vbhc-bench-"))
    try:
        print(f"{arguments.units} đơn vị, {arguments.jobs} lõi, Python "
              f"{sys.version.split()[0]}, tải máy {_load()}; thư mục tạm {work}")
        data = make_dataset(work / "data", arguments.units)
        stages = measure_stages(data, work, arguments.jobs)
        rates = {label: _rate(count, seconds) for label, count, seconds in stages}
        base = rates["docxtpl thuần (1 lõi)"]
        engine = rates["engine vbhc (1 lõi)"]
        print("\n| cách | văn bản | giây | văn bản/s | × docxtpl | × engine |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, count, seconds in stages:
            rate = rates[label]
            print(f"| {label} | {number(count)} | {seconds:.2f} | {number(round(rate))} "
                  f"| {rate / base:.1f}× | {rate / engine:.2f}× |")
        if arguments.no_rss:
            return
        print(f"\n| lần chạy vbhc batch ({arguments.jobs} lõi, từ đầu đến cuối) | văn bản "
              "| giây | văn bản/s | CPU (giây) | RSS đỉnh, mọi tiến trình | tải máy |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        peaks = {}
        for units in (1000, 10000):
            data = make_dataset(work / f"data{units}", units)
            load = _load()
            seconds, count, peak, cpu = measure_run(data, work / f"out{units}", arguments.jobs)
            peaks[units] = peak
            print(f"| {number(units)} đơn vị | {number(count)} | {seconds:.1f} "
                  f"| {number(round(_rate(count, seconds)))} | {cpu:.1f} | {peak / 2**20:.0f} MB "
                  f"| {load} |")
        print(f"\nRSS 10.000 / 1.000 đơn vị: {peaks[10000] / peaks[1000]:.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
