"""Benchmark writing tong_hop.xlsx: vbhc's sheet writer against openpyxl's write-only mode.

Run by hand from the repository root (not part of the test suite):

    python benchmarks/summary.py                 # 2,000 synthetic units, 7 rounds
    python benchmarks/summary.py --units 10000

It makes a batch outcome of N units (names, quotas, a few failures with notes, as a
run of benchmarks/batch.py's data gives), then writes the same three sheets (summary,
results form, guide) in turn with ``write_summary`` and with the openpyxl write-only
code vbhc used before (bold header and totals, unlocked result cells, the validation),
alternating, under the project's ``output/``. It prints the CPU and wall time per unit
of each, the ratio, and the load average: the machine may be shared, so compare the
figures of one run.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time
from copy import copy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vbhc.core.errors import Problem  # noqa: E402
from vbhc.pipeline.batch.records import BatchResult, Total, UnitResult  # noqa: E402
from vbhc.pipeline.batch.results_form import GUIDE  # noqa: E402
from vbhc.pipeline.batch.summary import summary_rows, write_summary  # noqa: E402
from vbhc.pipeline.output import write_atomic  # noqa: E402

PLACES = ["Hòa Bình", "Tân Lập", "Phúc Khánh", "Bản Vược", "Cốc San", "Nậm Chạc"]


def make_result(folder: Path, units: int, seed: int = 1) -> BatchResult:
    """Return a batch outcome of ``units`` units, one in 20 failed with a note."""
    rng = random.Random(seed)
    targets = {"don_vi_mau": "đơn vị máu", "nguoi_dang_ky": "người đăng ký"}
    out = []
    for index in range(1, units + 1):
        name = f"xã {PLACES[index % len(PLACES)]} {index:05d}"
        failed = index % 20 == 0
        out.append(UnitResult(
            index, name, f"xa_{index:05d}.docx", ok=not failed,
            so_ky_hieu=f"{index:02d}/KH-BCĐ",
            chi_tieu={"don_vi_mau": rng.randint(10, 90), "nguoi_dang_ky": rng.randint(30, 200)},
            su_kien=1 + index % 2, nguoi_ky=f"Người Ký Số {index}",
            problems=[Problem("don_vi.xlsx", "nguoi_ky", "thiếu người ký")] if failed else []))
    totals = [Total(key, label, sum(u.chi_tieu[key] for u in out), 0)
              for key, label in targets.items()]
    return BatchResult(folder, out, targets, totals)


def openpyxl_summary(result: BatchResult) -> Path:
    """Write the same workbook as vbhc did before its own writer (the baseline)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tổng hợp")
    widths = [6, 24, 28, 18] + [14] * len(result.targets) + [10, 22, 10, 60]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def styled(where: Any, value: Any, **looks: Any) -> Any:
        cell = WriteOnlyCell(where, value=value)
        for name, look in looks.items():
            setattr(cell, name, look)
        return cell

    for number, row in enumerate(summary_rows(result)):
        if number == 0 or number > len(result.units):
            sheet.append([styled(sheet, value, font=bold) for value in row])
        else:
            sheet.append(row)

    form = workbook.create_sheet("Kết quả")
    for index, width in enumerate([6, 26, 14, 14, 14, 14, 14, 40]):
        form.column_dimensions[get_column_letter(index + 1)].width = width
    form.freeze_panes = "C2"
    validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                allow_blank=True, showErrorMessage=True,
                                errorTitle="Số liệu không hợp lệ", error="Chỉ ghi số nguyên.")
    validation.add(f"E2:G{len(result.units) + 1}")
    form.data_validations.append(validation)
    wrap = Alignment(wrap_text=True, vertical="center")
    form.append([styled(form, text, font=bold, alignment=wrap) for text in
                 ["STT", "Đơn vị", "Chỉ tiêu 1", "Chỉ tiêu 2", "Kq 1", "Kq 2", "Kq 3", "Ghi chú"]])
    unlocked = styled(form, None, protection=Protection(locked=False))._style
    for number, unit in enumerate(result.units, start=1):
        blanks = []
        for _ in range(4):
            blank = WriteOnlyCell(form)
            blank._style = copy(unlocked)
            blanks.append(blank)
        form.append([number, unit.name, *unit.chi_tieu.values(), *blanks])
    form.protection.sheet = True
    form.protection.formatColumns = False
    guide = workbook.create_sheet("Hướng dẫn")
    for line in GUIDE:
        guide.append([styled(guide, line, alignment=Alignment(wrap_text=True))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = result.output_dir / "tong_hop_openpyxl.xlsx"
    write_atomic(path, buffer.getvalue())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=ROOT / "output")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-summary-", dir=args.dir))
    try:
        result = make_result(folder, args.units)
        ways = {"openpyxl write-only (trước)": openpyxl_summary, "vbhc sheet_writer": write_summary}
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        for write in ways.values():  # -- imports and first-call costs, untimed --
            write(result)
        for round_ in range(args.rounds):
            order = list(ways.items()) if round_ % 2 == 0 else list(ways.items())[::-1]
            for name, write in order:
                cpu, wall = time.process_time(), time.perf_counter()
                write(result)
                figures[name].append(((time.process_time() - cpu) * 1000 / args.units,
                                      (time.perf_counter() - wall) * 1000 / args.units))
            load = getattr(os, "getloadavg", lambda: (float("nan"),))()[0]  # -- none on Windows --
            print(f"vòng {round_ + 1}: tải {load:.2f}", flush=True)
        medians, sizes = {}, {name: write(result).stat().st_size for name, write in ways.items()}
        for name, pairs in figures.items():
            cpus, walls = sorted(c for c, _ in pairs), sorted(w for _, w in pairs)
            medians[name] = cpus[len(cpus) // 2]
            print(f"{name:30} CPU {medians[name]:.3f} ms/đơn vị (thấp nhất {cpus[0]:.3f}), "
                  f"thời gian thực {walls[len(walls) // 2]:.3f} ms/đơn vị, "
                  f"tệp {sizes[name] / 1000:.0f} kB")
        before, after = medians.values()
        print(f"nhanh hơn (CPU, trung vị): {before / after:.1f} lần ({args.units} đơn vị)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
