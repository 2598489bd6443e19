"""Benchmark one render: a cold ``vbhc render`` as a clerk runs it, and the engine per document.

Run by hand from the repository root (not part of the test suite):

    python benchmarks/render.py               # 7 cold runs of each way, then the engine
    python benchmarks/render.py --cold 11 --runs 7 --docs 300
    python benchmarks/render.py --installed   # the cold runs from a clerk's kind of install

Cold (each a fresh process, ways alternated, median wall time and CPU of the process):

- ``python -c pass``: the interpreter's own start, the floor of any command;
- the libraries alone: a process that imports every module a ``vbhc render`` ends up
  with, except vbhc's own (click, PyYAML, pydantic, Jinja2, Babel and the standard
  library they pull in), and does nothing: the floor of any render built on them;
- plain docxtpl: a script importing docxtpl (and vbhc's template filters), rendering
  the Lào Cai plan's template with its context (read from JSON) and saving it: what a
  hand-written script costs;
- ``vbhc render ke-hoach --data data/lao_cai_2023.yaml`` (compiled template already in
  the cache, as from a clerk's second document on), then the same with ``--kiem-tra``
  (the NĐ 30 check after rendering), and the very first render (empty cache).

Warm: ``CompiledTemplate.render`` of the plan, CPU ms per document (7 runs of 300),
against the floor of writing the finished bytes to a file.

The package is byte-compiled first (``compileall``), as an installed one is. With
``--installed`` the cold runs use a virtual environment made for the run, into which
the project is installed as a clerk installs it (``pip install .``: a wheel, byte-compiled,
no editable-install finder; the libraries come from this environment's site-packages).
The machine is shared: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "data" / "lao_cai_2023.yaml"
# -- the template's filters (runs of rich text) are vbhc's: plain docxtpl gets them too --
LIBRARIES_WAY = "chỉ nạp các thư viện mà vbhc render dùng (không có mã vbhc)"
PLAIN = """
import json, sys
from docxtpl import DocxTemplate
from vbhc.document.engine import template_environment
context = json.loads(open(sys.argv[2], encoding="utf-8").read())
document = DocxTemplate(sys.argv[1])
document.render(context, jinja_env=template_environment())
document.save(sys.argv[3])
"""


# -- runs ``vbhc`` with the arguments after the first, then writes the modules it loaded
#    (all but vbhc's own) to the file named first --
MODULES = """
import sys
from vbhc.cli import cli
try:
    cli.main(args=sys.argv[2:], prog_name="vbhc", standalone_mode=False)
finally:
    names = [name for name in sys.modules if name.split(".")[0] != "vbhc"
             and not name.startswith(("__", "_frozen"))]
    open(sys.argv[1], "w", encoding="utf-8").write("\\n".join(names))
"""
# -- imports the modules listed in the file named first, in the order they were loaded --
LIBRARIES = """
import importlib, sys
for name in open(sys.argv[1], encoding="utf-8").read().split():
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "?"


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds) of one run of ``command``."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = os.times()
    return wall, (after.children_user - before.children_user
                  + after.children_system - before.children_system)


def installed_python(work: Path) -> str:
    """Return the interpreter of a new virtual environment with the project installed in it."""
    import venv

    folder = work / "venv"
    venv.create(folder, system_site_packages=True)  # -- the libraries: this environment's --
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps",
                    "--no-build-isolation", str(ROOT)], check=True, cwd=work)
    return str(python)


def cold(runs: int, work: Path, python: str = sys.executable) -> list[tuple[str, float, float]]:
    """Return (way, median wall, median CPU) of each cold way, run by ``python``."""
    from vbhc.pipeline.render import context_json, load

    loaded = load("ke-hoach", DATA)
    context = work / "context.json"
    context.write_text(context_json(loaded), encoding="utf-8")
    plain = work / "plain.py"
    plain.write_text(PLAIN, encoding="utf-8")
    cache = work / "cache"
    # -- vbhc sets it itself (vbhc.cli); the libraries-only way gets the same --
    env = dict(os.environ, VBHC_CACHE=str(cache), PYDANTIC_DISABLE_PLUGINS="__all__")
    if python == sys.executable:  # -- this checkout, not an installed copy --
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    vbhc = [python, "-m", "vbhc", "render", "ke-hoach", "--data", str(DATA), "-o",
            str(work / "vbhc.docx"), "--force"]
    modules = work / "modules.txt"
    ways = {
        "python -c pass": [python, "-c", "pass"],
        LIBRARIES_WAY: [python, "-c", LIBRARIES, str(modules)],
        "docxtpl thuần (script)": [python, str(plain), str(loaded.kind.template_path),
                                   str(context), str(work / "plain.docx")],
        "vbhc render (mẫu đã dịch trong cache)": vbhc,
        "vbhc render --kiem-tra": [*vbhc, "--kiem-tra"],
    }
    first = []
    for _ in range(max(1, runs // 3)):  # -- the very first render: the cache is empty --
        shutil.rmtree(cache, ignore_errors=True)
        first.append(_timed(vbhc, env))
    timings: dict[str, list[tuple[float, float]]] = {way: [] for way in ways}
    _timed(vbhc, env)  # -- fills the cache --
    # -- what a render loads with the template cached (else docxtpl and lxml would count) --
    subprocess.run([python, "-c", MODULES, str(modules), *vbhc[3:]], env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for way, command in ways.items():
            timings[way].append(_timed(command, env))
    timings["vbhc render lần đầu (cache trống)"] = first
    return [(way, statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
            for way, found in timings.items()]


def warm(runs: int, docs: int, work: Path) -> tuple[float, float, float]:
    """Return (median, best) CPU ms per engine render and the write-only floor per document."""
    from vbhc.document.engine import compiled_template
    from vbhc.pipeline.render import load

    loaded = load("ke-hoach", DATA)
    template = compiled_template(loaded.kind.template_path)
    for _ in range(50):  # -- warm up: caches, allocator --
        template.render(loaded.context)
    per_doc = []
    for _ in range(runs):
        start = time.process_time()
        for _ in range(docs):
            template.render(loaded.context)
        per_doc.append((time.process_time() - start) / docs * 1000)
    data = template.render(loaded.context)
    floors = []
    for _ in range(runs):
        start = time.process_time()
        for number in range(docs):
            (work / f"floor{number}.docx").write_bytes(data)
        floors.append((time.process_time() - start) / docs * 1000)
    return statistics.median(per_doc), min(per_doc), statistics.median(floors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", type=int, default=7, help="cold runs of each way")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--installed", action="store_true",
                        help="cold runs from a virtual environment with `pip install .`")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "vbhc", quiet=1)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} lõi, tải máy {_load()}")
    # -- under the project's output/, where clerks' documents go (creating files in /tmp
    # costs ten times as much on some machines: see benchmarks/batch.py) --
    (ROOT / "output").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vbhc-bench-render-", dir=ROOT / "output") as folder:
        work = Path(folder)
        python = installed_python(work) if args.installed else sys.executable
        print(f"cold runs: {python}")
        rows = cold(args.cold, work, python)
        base = dict((way, wall) for way, wall, _ in rows)["python -c pass"]
        plain = dict((way, wall) for way, wall, _ in rows)["docxtpl thuần (script)"]
        print(f"\n| lệnh, tiến trình mới (trung vị của {args.cold}) | giây | CPU giây "
              "| − python -c pass | × docxtpl thuần |")
        print("|---|---:|---:|---:|---:|")
        for way, wall, cpu in rows:
            print(f"| {way} | {wall:.3f} | {cpu:.3f} | {wall - base:.3f} | {wall / plain:.2f}× |")
        median, best, floor = warm(args.runs, args.docs, work)
    print(f"\nengine render: {median:.3f} CPU ms/văn bản (tốt nhất {best:.3f}, {args.runs} lần × "
          f"{args.docs}); sàn (chỉ ghi tệp) {floor:.3f} ms: {median / floor:.1f}× sàn; "
          f"tải máy {_load()}")


if __name__ == "__main__":
    main()
