"""Benchmark PDF output: batch --pdf against conversion alone and one soffice per document.

Run by hand from the repository root (needs LibreOffice; its Python's ``uno`` for warm lanes):

    python benchmarks/pdf.py                  # 40 district plans (benchmarks/batch.py data)
    python benchmarks/pdf.py --docs 80 --jobs 2
    python benchmarks/pdf.py --docs 40 some.docx   # copies of one document, (a)-(c) only

In ONE run, on the same documents:

- (a) one ``soffice --convert-to pdf`` per document, serial (what a script would do);
- (b) ``convert_to_pdf``: one LibreOffice per chunk of 25 files, ``--jobs`` lanes side by side;
- (c) conversion alone with warm lanes (``PdfStream``: an office per lane kept running);
- (d) ``run_batch(..., pdf=True)`` end to end: load, render, write AND convert, the
  conversion running while documents render (target: at most 5 % over (c)).

(c) and (d) run alternately ``--rounds`` times (default 3); the median of the rounds'
(d)/(c) ratios is printed, one pair alone being too noisy on a shared machine.

Compare the ratios of one run, not absolute times across runs: the machine is shared.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_document(path: Path) -> Path:
    """Return ``path`` after writing a multi-page Vietnamese Kế hoạch in Times New Roman."""
    import docx
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)

    def para(text: str, *, bold: bool = False, italic: bool = False) -> None:
        run = document.add_paragraph().add_run(text)
        run.bold, run.italic, run.font.name = bold, italic, "Times New Roman"

    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND TỈNH LÀO CAI\nSỞ Y TẾ"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 125/KH-SYT"
    header.cell(1, 1).text = "Lào Cai, ngày 05 tháng 4 năm 2023"
    para("KẾ HOẠCH", bold=True)
    para("Thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023", bold=True)
    for number in range(1, 13):
        para(f"{number}. Mục tiêu, nhiệm vụ và giải pháp thực hiện số {number}", bold=True)
        para(
            "Tổ chức tuyên truyền, vận động cán bộ, công chức, viên chức, người lao động và "
            "nhân dân trên địa bàn tỉnh tích cực tham gia hiến máu tình nguyện; phối hợp với "
            "các cơ quan, đơn vị bảo đảm an toàn, hiệu quả, tiết kiệm và đúng quy định."
        )
    table = document.add_table(rows=31, cols=4)
    for column, title in enumerate(("STT", "Đơn vị", "Chỉ tiêu (đơn vị máu)", "Ghi chú")):
        table.cell(0, column).text = title
    for row in range(1, 31):
        cells = (str(row), f"Trung tâm Y tế huyện số {row}", str(50 + row * 5), "Hè 2023")
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    para("Nơi nhận:", bold=True, italic=True)
    for receiver in ("- UBND tỉnh (b/c);", "- Các đơn vị trực thuộc;", "- Lưu: VT, NVY."):
        para(receiver)
    para("GIÁM ĐỐC", bold=True)
    para("Giàng Thị Dung", bold=True)
    document.save(path)
    return path


def one_process_per_document(soffice: Path, copies: list[Path], outdir: Path) -> float:
    """Return the seconds taken by one soffice start per document, sharing a fresh profile."""
    from vbhc.pipeline.pdf import DOCX_IMPORT_FILTER

    profile = Path(tempfile.mkdtemp(prefix="vbhc-bench-profile-"))
    try:
        started = time.perf_counter()
        for source in copies:
            command = [
                *(str(soffice), "--headless", "--norestore"),
                f"-env:UserInstallation={profile.as_uri()}",
                f"--infilter={DOCX_IMPORT_FILTER}",
                *("--convert-to", "pdf", "--outdir", str(outdir), str(source)),
            ]
            subprocess.run(command, capture_output=True, check=True, timeout=300)
        return time.perf_counter() - started
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def page_count(pdf: Path) -> str:
    """Return the page count pdfinfo reports, or "?" without poppler-utils."""
    if shutil.which("pdfinfo") is None or not pdf.exists():
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[1] for line in info.splitlines() if line.startswith("Pages")), "?")


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "?"


def warm_lanes(copies: list[Path], jobs: int) -> float:
    """Return the seconds warm lanes take to convert ``copies`` (offices started inside)."""
    from vbhc.pipeline.batch.pdf_stream import PdfStream

    started = time.perf_counter()
    stream = PdfStream(jobs)
    stream.start(len(copies))
    for source in copies:
        stream.add(source)
    failures = stream.finish()
    if failures:
        raise SystemExit(f"warm lanes failed: {failures}")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Return the exit status after running every way and printing the table."""
    from benchmarks.batch import make_dataset
    from vbhc.pipeline.batch.pdf_stream import PdfStream
    from vbhc.pipeline.batch.run import run_batch
    from vbhc.pipeline.pdf import convert_to_pdf, require_soffice

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", nargs="?", type=Path, help="document to copy (default: a batch)")
    parser.add_argument("--docs", type=int, default=40, help="number of documents (default 40)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="lanes")
    parser.add_argument("--skip-serial", action="store_true", help="skip way (a), the slowest")
    parser.add_argument("--rounds", type=int, default=3,
                        help="(c) and (d) run alternately this many times (default 3)")
    args = parser.parse_args(argv)
    soffice = require_soffice()
    warm = PdfStream.available()
    rows: list[tuple[str, int, float]] = []
    load = _load()
    with tempfile.TemporaryDirectory(prefix="vbhc-bench-") as work:
        base = Path(work)
        data = None
        if args.docx:
            originals = []
            for number in range(args.docs):
                originals.append(Path(shutil.copyfile(args.docx, base / f"vb-{number:03d}.docx")))
        else:
            data = make_dataset(base / "data", args.docs)
            run_batch("ke-hoach", data, base / "docs", jobs=1)
            originals = sorted((base / "docs").glob("*.docx"))
        folders = {}
        for way in ("serial", "chunks"):
            folder = folders[way] = base / way
            folder.mkdir()
            for source in originals:
                shutil.copyfile(source, folder / source.name)
        copies = {way: sorted(folder.glob("*.docx")) for way, folder in folders.items()}
        # -- warm-up: LibreOffice's files into the OS cache for every way alike --
        one_process_per_document(soffice, copies["serial"][:1], base)
        if not args.skip_serial:
            seconds = one_process_per_document(soffice, copies["serial"], folders["serial"])
            rows.append(("(a) one soffice per document, serial",
                         len(list(folders["serial"].glob("*.pdf"))), seconds))
        started = time.perf_counter()
        failures = convert_to_pdf(copies["chunks"], jobs=args.jobs)
        rows.append((f"(b) convert_to_pdf: soffice per chunk of 25, {args.jobs} lanes",
                     len(list(folders["chunks"].glob("*.pdf"))), time.perf_counter() - started))
        # -- (c) and (d) alternate, each round on fresh copies: on a shared machine one
        # pair of runs can differ by 30 %; the median of the rounds' ratios is reported --
        ratios = []
        for number in range(max(1, args.rounds) if warm else 1):
            if warm:
                folder = base / f"warm{number}"
                folder.mkdir()
                for source in originals:
                    shutil.copyfile(source, folder / source.name)
                seconds = warm_lanes(sorted(folder.glob("*.docx")), args.jobs)
                rows.append((f"(c) warm lanes alone (PdfStream), {args.jobs} lanes",
                             len(list(folder.glob("*.pdf"))), seconds))
            if data is not None:
                started = time.perf_counter()
                result = run_batch("ke-hoach", data, base / f"batch{number}", jobs=args.jobs,
                                   pdf=True)
                seconds = time.perf_counter() - started
                failures += [unit.problems for unit in result.failures]
                rows.append((f"(d) vbhc batch --pdf end to end, {args.jobs} lanes",
                             len(list((base / f"batch{number}").glob("*.pdf"))), seconds))
                if warm:
                    ratios.append(rows[-1][2] / rows[-2][2])
        pages = page_count(copies["chunks"][0].with_suffix(".pdf"))

    print(f"soffice: {soffice}; {args.docs} documents of {pages} pages; {os.cpu_count()} CPUs; "
          f"load average {load} at start, {_load()} at end; warm lanes: {warm}")
    print()
    print("| way | PDFs | seconds | PDFs/s | × (a) |")
    print("|---|---:|---:|---:|---:|")
    serial = rows[0][2] / max(rows[0][1], 1) if not args.skip_serial else None
    for label, made, seconds in rows:
        rate = made / seconds if seconds else 0.0
        ratio = f"{rate * serial:.1f}×" if serial else "–"
        print(f"| {label} | {made} | {seconds:.2f} | {rate:.2f} | {ratio} |")
    if ratios:
        listed = ", ".join(f"{ratio:.3f}" for ratio in ratios)
        print(f"\nbatch --pdf / conversion alone, round by round: {listed}; median "
              f"{statistics.median(ratios):.3f} (target <= 1.05)")
    if failures or any(made != args.docs for _, made, _ in rows):
        print(f"PROBLEM: {len(failures)} failures: {failures[:3]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
