"""Benchmark reading a table of units: openpyxl's read-only mode against vbhc's xlsx_reader.

Run by hand from the repository root (not part of the test suite):

    python benchmarks/table.py                 # 2,000 synthetic units, 7 rounds
    python benchmarks/table.py --units 10000

It writes the synthetic table of ``benchmarks/batch.py`` (units and their events,
two sheets) twice: as openpyxl writes it (inline strings) and as Excel saves it (a
shared string table), then reads every row of both sheets with each reader, the two
alternating, and prints the median CPU time of each and their ratio. The baseline
is what ``vbhc.data.excel`` did before: ``openpyxl.load_workbook(read_only=True,
data_only=True)`` and its sheet parser. It also times ``import openpyxl`` against
``import vbhc.data.xlsx_reader`` in fresh processes (a cost every run used to pay).

The machine may be shared and noisy: compare the ratios of one run, not absolute
figures across runs; the load average is printed with each figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.batch import _load, make_dataset  # noqa: E402

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_RELATION = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "sharedStrings")


def as_excel_saves(source: Path, target: Path) -> Path:
    """Write ``source`` (inline strings, as openpyxl writes) with a shared string table."""
    ElementTree.register_namespace("", MAIN)
    strings: dict[str, int] = {}
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w",
                                                             zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.startswith("xl/worksheets/"):
                root = ElementTree.fromstring(data)
                for cell in root.iter(f"{{{MAIN}}}c"):
                    inline = cell.find(f"{{{MAIN}}}is")
                    if cell.get("t") == "inlineStr" and inline is not None:
                        text = "".join(inline.itertext())
                        cell.remove(inline)
                        cell.set("t", "s")
                        value = ElementTree.SubElement(cell, f"{{{MAIN}}}v")
                        value.text = str(strings.setdefault(text, len(strings)))
                data = ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                    f'ContentType="{STRINGS_TYPE}"/></Types>'.encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdStrings" '
                                    f'Type="{STRINGS_RELATION}" Target="sharedStrings.xml"/>'
                                    "</Relationships>".encode())
            out.writestr(info.filename, data)
        table = ElementTree.Element(f"{{{MAIN}}}sst", count=str(len(strings)))
        for text in strings:
            ElementTree.SubElement(ElementTree.SubElement(table, f"{{{MAIN}}}si"),
                                   f"{{{MAIN}}}t").text = text
        out.writestr("xl/sharedStrings.xml",
                     ElementTree.tostring(table, encoding="UTF-8", xml_declaration=True))
    return target


def by_openpyxl(path: Path) -> int:
    """Return the rows read by openpyxl's read-only mode, every sheet, every row."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def by_reader(path: Path) -> int:
    """Return the rows read by vbhc's xlsx_reader, every sheet, every row."""
    from vbhc.data.xlsx_reader import Workbook

    with Workbook(path) as book:
        return sum(1 for sheet in book.sheets for _ in book.rows(sheet))


def import_cost(module: str, rounds: int) -> float:
    """Return the median CPU seconds of importing ``module`` in a fresh process, less Python's."""
    def child(code: str) -> float:
        before = os.times()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        after = os.times()
        return (after.children_user - before.children_user
                + after.children_system - before.children_system)

    costs = [child(f"import {module}") - child("pass") for _ in range(rounds)]
    return statistics.median(costs)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vbhc-table-"))
    try:
        make_dataset(work, arguments.units)
        files = {"openpyxl writes (inline strings)": work / "don_vi.xlsx",
                 "Excel saves (shared strings)": as_excel_saves(work / "don_vi.xlsx",
                                                                work / "excel.xlsx")}
        print(f"{arguments.units} units (+ their events), {arguments.rounds} rounds, "
              f"Python {sys.version.split()[0]}, load {_load()}\n")
        print("| file | openpyxl ms | xlsx_reader ms | µs/unit, openpyxl → reader | × faster "
              "| load |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, path in files.items():
            assert by_openpyxl(path) == by_reader(path)  # -- the same rows, warmed up --
            times: dict[str, list[float]] = {"openpyxl": [], "reader": []}
            for _ in range(arguments.rounds):
                for name, read in (("openpyxl", by_openpyxl), ("reader", by_reader)):
                    started = time.process_time()
                    read(path)
                    times[name].append(time.process_time() - started)
            old, new = (statistics.median(times[name]) for name in ("openpyxl", "reader"))
            print(f"| {label} | {old * 1000:.0f} | {new * 1000:.0f} | "
                  f"{old / arguments.units * 1e6:.0f} → {new / arguments.units * 1e6:.0f} | "
                  f"{old / new:.1f}× | {_load()} |")
        rounds = max(3, arguments.rounds // 2)
        old, new = import_cost("openpyxl", rounds), import_cost("vbhc.data.xlsx_reader", rounds)
        print(f"\nimport (CPU, fresh process, median of {rounds}): openpyxl {old * 1000:.0f} ms, "
              f"vbhc.data.xlsx_reader {new * 1000:.0f} ms (load {_load()})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
