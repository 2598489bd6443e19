"""Benchmark batch rendering: plain docxtpl, the engine, vbhc batch at 1 and 2 workers, the floor.

Run by hand from the repository root (not part of the test suite):

    python benchmarks/batch.py                 # 2,000 synthetic district plans
    python benchmarks/batch.py --units 10000   # the issue's 10,000
    python benchmarks/batch.py --big           # also a 10,000-unit run (RSS, wall)

It generates N synthetic units (a provincial plan whose targets are the units' sum,
the shared district plan of data/lao_cai_2023_huyen.yaml and an .xlsx table with
events), then in ONE run measures:

- plain docxtpl: ``DocxTemplate(path).render(ctx).save(file)`` per document, serial
  (on the first ``--docxtpl`` units only: it is 30-40x slower);
- vbhc's engine on one core: ``compiled_template(path).render(ctx)`` + write, serial;
- the floor: writing the same finished documents' bytes, no rendering;
- one unit step by step (CPU per unit, 1 process): reading and checking the table, the
  unit's data (merge, validation, context, checks), then the engine's Jinja render,
  fingerprint and zip, and the atomic write; their sum is what target 1's 1.0 ms covers;
- vbhc batch end to end (load, validate, contexts, render, atomic writes, sync,
  tong_hop.xlsx) in a fresh process, with 1 and with 2 workers: wall time, CPU of
  all its processes (ms per unit: what a unit costs whatever else runs) and the peak
  resident memory of the whole process tree.

After each 2-process run it measures the host's own ceiling: how much faster two
processes finish two pure-Python loops than one process runs them in turn (2.0 where
the cores do not slow each other; on a shared host less), against which the batch's
2-against-1 figure is read.

With ``--rounds N`` the 1-process and the parallel run of the full table are repeated N
times, alternately, and each pair's ratio and the median of the times are printed: on a
shared host a single pair can be off by a third.

Everything is written under the project's ``output/`` (``--dir`` to choose), where
``vbhc batch`` writes by default, and removed at the end.

The first three get the same template and the same contexts (built once, untimed).
The machine may be shared and noisy: compare the ratios of one run, not absolute
figures across runs; the load average is printed with each figure.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

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


# -- the steps of one unit in a 1-process batch, each timed on its own (CPU) --
STEP_LOAD = "đọc bảng, kiểm tra từng đơn vị và cả bảng (`load_batch`)"
STEP_DATA = "dữ liệu của đơn vị: hợp nhất, kiểm tra, ngữ cảnh (`UnitRenderer.context`)"
STEP_JINJA = "engine: Jinja dựng các phần XML (`render_parts`)"
STEP_FINGERPRINT = "engine: dấu vân tay chống sửa tay (`fingerprint`)"
STEP_ZIP = "engine: đóng gói .docx (`package`)"
STEP_WRITE = "ghi nguyên tử qua thư mục tạm (`UnitRenderer.write`)"
STEP_UNITS = 3000  # -- units timed step by step (enough for a steady figure) --
DOCXTPL = "docxtpl thuần (1 lõi)"
ENGINE = "engine vbhc (1 lõi)"
FLOOR = "sàn: chỉ ghi tệp"


def measure_stages(data: Path, work: Path, sample: int) -> list[tuple[str, int, float]]:
    """Return (stage, documents, seconds) for docxtpl, the engine and the floor."""
    from docxtpl import DocxTemplate

    from vbhc.document.engine import compiled_template, template_environment
    from vbhc.pipeline.batch.run import UnitRenderer
    from vbhc.pipeline.batch.units import load_batch

    started = time.process_time()
    batch = load_batch("ke-hoach", data)
    unit_cpu = {STEP_LOAD: (time.process_time() - started) / len(batch.units)}
    renderer = UnitRenderer(batch, work)
    contexts = [renderer.context(batch.units[0])[1]]  # -- validates the shared part once --
    started = time.process_time()
    contexts += [renderer.context(unit)[1] for unit in batch.units[1:]]
    unit_cpu[STEP_DATA] = (time.process_time() - started) / max(1, len(batch.units) - 1)
    template = batch.kind.template_path
    count = len(contexts)
    stages = []

    folder = work / "docxtpl"
    folder.mkdir()
    environment = template_environment()
    started = time.perf_counter()
    for number, context in enumerate(contexts[:sample]):
        document = DocxTemplate(template)
        document.render(context, jinja_env=environment)
        document.save(folder / f"{number}.docx")
    stages.append((DOCXTPL, min(sample, count), time.perf_counter() - started))
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
    stages.append((ENGINE, count, time.perf_counter() - started))

    folder = work / "floor"
    folder.mkdir()
    started = time.perf_counter()
    for number, data_bytes in enumerate(finished):
        (folder / f"{number}.docx").write_bytes(data_bytes)
    stages.append((FLOOR, count, time.perf_counter() - started))
    unit_cpu.update(_engine_steps(compiled, contexts[:STEP_UNITS], renderer, work / "steps"))
    return stages, unit_cpu


def _engine_steps(compiled: Any, contexts: list[dict[str, Any]], renderer: Any,
                  folder: Path) -> dict[str, float]:
    """Return the CPU seconds per document of each step of ``compiled.render`` and the write."""
    clock = time.process_time
    spent = dict.fromkeys((STEP_JINJA, STEP_FINGERPRINT, STEP_ZIP, STEP_WRITE), 0.0)
    folder.mkdir()
    for number, context in enumerate(contexts):
        started = clock()
        parts = compiled.render_parts(context)
        rendered = clock()
        stamp = compiled.fingerprint(parts)
        stamped = clock()
        data_bytes = compiled.package(parts, stamp)
        packed = clock()
        renderer.write(folder / f"{number}.docx", data_bytes)
        written = clock()
        spent[STEP_JINJA] += rendered - started
        spent[STEP_FINGERPRINT] += stamped - rendered
        spent[STEP_ZIP] += packed - stamped
        spent[STEP_WRITE] += written - packed
    return {step: seconds / max(1, len(contexts)) for step, seconds in spent.items()}


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


# -- a fixed amount of pure-Python work (about a second here), no I/O, no memory to share --
SPIN = "total = 0\nfor i in range(12_000_000):\n    total += i & 7\n"


def host_ceiling(rounds: int = 3) -> float:
    """Return how much faster two processes finish two loops than one process does them.

    One loop alone, then two side by side, alternated ``rounds`` times; the ratio of
    the medians is 2 × alone / side by side: the most any two-process run can gain on
    this host (2.0 on a machine whose cores do not slow each other down).
    """
    alone, together = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", SPIN], check=True)
        alone.append(time.perf_counter() - started)
        started = time.perf_counter()
        loops = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(2)]
        for loop in loops:
            loop.wait()
        together.append(time.perf_counter() - started)
    return 2 * statistics.median(alone) / statistics.median(together)


def _child(data: str, output: str, jobs: str) -> None:
    from vbhc.pipeline.batch.run import run_batch

    result = run_batch("ke-hoach", Path(data), Path(output), jobs=int(jobs))
    print(len(result.written))


def _print_steps(unit_cpu: dict[str, float]) -> None:
    """Print what each step of a unit costs, and their sum against target 1 (1.0 ms)."""
    from vbhc.core.formatting import number

    print(f"\n| một đơn vị, từng bước (1 tiến trình, CPU; bước engine trên "
          f"{number(STEP_UNITS)} đơn vị đầu) | ms/đơn vị |")
    print("|---|---:|")
    for step, seconds in unit_cpu.items():
        print(f"| {step} | {seconds * 1000:.3f} |")
    engine_steps = sum(v for k, v in unit_cpu.items() if k.startswith("engine"))
    print(f"| **cộng** (mục tiêu ≤ 1,0; riêng ba bước engine: {engine_steps * 1000:.3f}) "
          f"| **{sum(unit_cpu.values()) * 1000:.3f}** |")


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel run")
    parser.add_argument("--docxtpl", type=int, default=200, help="units given to plain docxtpl")
    parser.add_argument("--big", action="store_true", help="also run 10,000 units")
    parser.add_argument("--rounds", type=int, default=1,
                        help="1-process and parallel runs of the full table, alternated")
    parser.add_argument("--dir", type=Path, default=ROOT / "output",
                        help="where to write (default: the project's output/, where vbhc "
                             "batch writes; a folder under it is made and removed)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        _child(*arguments.child)
        return
    from vbhc.core.formatting import number
    # -- in the folder clerks' documents go to by default: file creation costs what it
    # costs there (on some machines /tmp is watched, and creating a file there costs
    # ten times as much; the floor line shows what writing costs where this runs) --
    arguments.dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="vbhc-bench-", dir=arguments.dir))
    try:
        print(f"{arguments.units} đơn vị, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} lõi, tải máy {_load()}; thư mục làm việc {work}")
        data = make_dataset(work / "data", arguments.units)
        stages, unit_cpu = measure_stages(data, work, arguments.docxtpl)
        rates = {label: _rate(count, seconds) for label, count, seconds in stages}
        base = rates[DOCXTPL]
        engine = rates[ENGINE]
        print("\n| cách | văn bản | giây | văn bản/s | ms/văn bản | × docxtpl | × engine |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, count, seconds in stages:
            rate = rates[label]
            print(f"| {label} | {number(count)} | {seconds:.2f} | {number(round(rate))} "
                  f"| {1000 / rate:.3f} | {rate / base:.1f}× | {rate / engine:.2f}× |")
        print(f"\nengine / sàn (chỉ ghi): {rates[FLOOR] / engine:.1f}× chậm hơn sàn")
        _print_steps(unit_cpu)
        small = max(1, arguments.units // 4)
        runs = [(small, 1)]
        for _ in range(max(1, arguments.rounds)):
            runs += [(arguments.units, 1), (arguments.units, arguments.jobs)]
        if arguments.big:
            runs.append((10000, arguments.jobs))
        print("\n| vbhc batch từ đầu đến cuối (tiến trình mới) | văn bản | giây | văn bản/s "
              "| × docxtpl | CPU (giây) | ms CPU/đơn vị | RSS đỉnh, mọi tiến trình | tải máy |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        walls: dict[tuple[int, int], list[float]] = {}
        ceilings: list[float] = []
        cpus: dict[tuple[int, int], list[float]] = {}
        for units, jobs in runs:
            folder = data if units == arguments.units else make_dataset(work / f"data{units}",
                                                                        units)
            load = _load()
            seconds, count, peak, cpu = measure_run(folder, work / f"out{units}-{jobs}", jobs)
            walls.setdefault((units, jobs), []).append(seconds)
            cpus.setdefault((units, jobs), []).append(cpu)
            print(f"| {number(units)} đơn vị, {jobs} tiến trình | {number(count)} | "
                  f"{seconds:.2f} | {number(round(_rate(count, seconds)))} | "
                  f"{_rate(count, seconds) / base:.1f}× | {cpu:.2f} | "
                  f"{cpu / max(count, 1) * 1000:.2f} | {peak / 2**20:.0f} MB | {load} |")
            if units == arguments.units and jobs == 2:
                ceilings.append(host_ceiling())  # -- right after its pair: the same host --
        # -- what one more unit costs, without the start (imports, reading the table's
        # first rows, the summary's fixed part): two runs of different sizes, 1 process,
        # one right after the other (a shared host's speed drifts over minutes) --
        full_cpu = cpus[(arguments.units, 1)][0]
        marginal = (full_cpu - cpus[(small, 1)][0]) / max(1, arguments.units - small)
        fixed = full_cpu - marginal * arguments.units
        print(f"\nCPU mỗi đơn vị thêm (1 tiến trình, {number(small)} → "
              f"{number(arguments.units)} đơn vị): {marginal * 1000:.2f} ms/đơn vị "
              f"(mục tiêu ≤ 1,0); chi phí cố định mỗi lần chạy {fixed:.2f} giây CPU; "
              f"engine {1000 / engine:.2f} ms, sàn {1000 / rates[FLOOR]:.3f} ms")
        ones, manys = walls[(arguments.units, 1)], walls[(arguments.units, arguments.jobs)]
        pairs = ", ".join(f"{one / many:.2f}" for one, many in zip(ones, manys, strict=True))
        speedup = statistics.median(ones) / statistics.median(manys)
        print(f"\n{arguments.jobs} tiến trình / 1 tiến trình: từng cặp {pairs}; trung vị thời "
              f"gian {statistics.median(ones):.2f} / {statistics.median(manys):.2f} giây = "
              f"{speedup:.2f}× nhanh hơn (tải máy lúc cuối {_load()})")
        if ceilings:
            own = ", ".join(f"{one / many / ceiling:.0%}" for one, many, ceiling
                            in zip(ones, manys, ceilings, strict=True))
            print(f"trần của máy, đo ngay sau mỗi cặp: 2 vòng lặp Python thuần chạy cùng lúc "
                  f"xong nhanh hơn {', '.join(f'{c:.2f}×' for c in ceilings)} so với chạy lần "
                  f"lượt (2,00× nếu hai lõi không làm chậm nhau); vbhc đạt {own} trần đó")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
