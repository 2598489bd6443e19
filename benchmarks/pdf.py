"""Benchmark PDF output: one soffice per document against vbhc.pipeline.pdf.convert_to_pdf.

Run by hand from the repository root (needs LibreOffice and python-docx):

    python benchmarks/pdf.py                  # 20 copies of a built 4-page Kế hoạch
    python benchmarks/pdf.py --docs 40 some.docx

Both ways run in the same invocation, on the same copies, after one warm-up start of
LibreOffice, so compare the ratio rather than absolute times across machines or runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def main(argv: list[str] | None = None) -> int:
    """Return the exit status after running both ways and printing the table."""
    from vbhc.pipeline.pdf import convert_to_pdf, require_soffice

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", nargs="?", type=Path, help="document to copy (default: built)")
    parser.add_argument("--docs", type=int, default=20, help="number of copies (default 20)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="lanes for (b)")
    args = parser.parse_args(argv)
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="vbhc-bench-") as work:
        base = Path(work)
        source = args.docx or build_document(base / "ke-hoach.docx")
        serial_dir, lanes_dir = base / "serial", base / "lanes"
        serial_dir.mkdir()
        lanes_dir.mkdir()
        names = [f"vb-{number:03d}.docx" for number in range(args.docs)]
        serial = [shutil.copyfile(source, serial_dir / name) for name in names]
        lanes = [shutil.copyfile(source, lanes_dir / name) for name in names]

        # Warm-up: load LibreOffice's files into the OS cache for both ways alike.
        one_process_per_document(soffice, serial[:1], base)
        a_seconds = one_process_per_document(soffice, serial, serial_dir)
        started = time.perf_counter()
        failures = convert_to_pdf(lanes, jobs=args.jobs)
        b_seconds = time.perf_counter() - started

        made_a = len(list(serial_dir.glob("*.pdf")))
        made_b = len(list(lanes_dir.glob("*.pdf")))
        pages = page_count(lanes[0].with_suffix(".pdf"))

    print(f"soffice: {soffice}; {args.docs} documents of {pages} pages; {os.cpu_count()} CPUs")
    print()
    print("| way | PDFs | seconds | PDFs/s | s/doc |")
    print("|---|---:|---:|---:|---:|")
    for label, made, seconds in (
        ("(a) one soffice per document, serial", made_a, a_seconds),
        (f"(b) convert_to_pdf, {args.jobs} lanes", made_b, b_seconds),
    ):
        print(f"| {label} | {made} | {seconds:.2f} | {made / seconds:.2f} | {seconds / made:.3f} |")
    print()
    print(f"ratio (b)/(a): {a_seconds / b_seconds:.1f}x (target >= 5x)")
    if failures or made_a != args.docs or made_b != args.docs:
        print(f"PROBLEM: {len(failures)} failures: {failures}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
