"""Benchmark ``vbhc check`` on documents with a long quota table (issue 13, item 4).

Run by hand from the repository root (not part of the test suite):

    python benchmarks/checker.py                      # 2,500, 5,000, 10,000, 20,000 rows
    python benchmarks/checker.py --rows 2500 100000

For each size it renders the Ngọc Thụy plan (data/ngoc_thuy_2023_dot2.yaml) with a
quota table of that many rows, then times ``check_docx`` on the result and prints
wall and CPU seconds, and CPU seconds per 1,000 rows: a linear checker keeps the last
column flat (CPU time, because wall time on a shared machine varies several-fold).
It exits 1 when the largest table takes longer than ``--bound`` seconds (generous:
the point is to catch a quadratic pass, not to time the machine).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vbhc.checker.check import check_docx  # noqa: E402
from vbhc.pipeline.render import load, render_to_bytes  # noqa: E402

SAMPLE = ROOT / "data" / "ngoc_thuy_2023_dot2.yaml"


def quota_document(rows: int, folder: Path) -> Path:
    """Return a rendered .docx whose annex holds a quota table of ``rows`` rows."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["phu_luc"][0]["bang_chi_tieu"]["dong"] = [
        {"ten": f"Tổ dân phố {i}", "ca_nam": 10 + i % 7} for i in range(1, rows + 1)]
    source = folder / f"quota_{rows}.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = folder / f"quota_{rows}.docx"
    out.write_bytes(render_to_bytes(load("ke-hoach", source)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    parser.add_argument("--bound", type=float, default=60.0,
                        help="CPU seconds the largest table may take (default 60)")
    args = parser.parse_args()
    print(f"{'rows':>8} {'document.xml KB':>16} {'wall s':>8} {'CPU s':>8} {'CPU s/1k rows':>14}")
    cpu = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = quota_document(rows, Path(tmp))
            with zipfile.ZipFile(path) as archive:
                size = archive.getinfo("word/document.xml").file_size // 1024
            start, cpu = time.perf_counter(), time.process_time()
            check_docx(path)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"{rows:>8,} {size:>16,} {seconds:>8.2f} {cpu:>8.2f} {cpu / rows * 1000:>14.3f}",
                  flush=True)
            path.unlink()
    if cpu > args.bound:
        print(f"the {args.rows[-1]:,}-row table took {cpu:.1f} CPU s > {args.bound:.0f} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
