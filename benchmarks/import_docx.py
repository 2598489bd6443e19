"""Benchmark ``vbhc import`` on a generated 50-page Kế hoạch (issue 16: target < 2 s).

Run by hand from the repository root (not part of the test suite):

    python benchmarks/import_docx.py [--pages 50]

It builds with python-docx a plan of about 14 body paragraphs a page (I./1./a)/- headings
typed by hand, a header table and a signature table), then times, in the same run, the
baseline (python-docx opening the file and reading every paragraph's text: an importer
cannot read less), ``import_text`` (reading, structure, facts, YAML text) and
``import_file`` (the same, validated through vbhc's loader and written atomically), and
prints them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vbhc.importer.api import import_file, import_text  # noqa: E402

SENTENCE = ("Tổ chức tuyên truyền, vận động các tầng lớp Nhân dân tham gia hiến máu tình "
            "nguyện năm 2024, bảo đảm an toàn, tiết kiệm và hiệu quả trên địa bàn tỉnh.")


def build(path: Path, pages: int) -> int:
    """Write the plan; return its number of paragraphs."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "UBND TỈNH LÀO CAI\nBAN CHỈ ĐẠO"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 12/KH-BCĐ"
    table.cell(1, 1).text = "Lào Cai, ngày 15 tháng 3 năm 2024"
    document.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    document.add_paragraph("Vận động hiến máu tình nguyện năm 2024").runs[0].bold = True
    count = 0
    for section in range(1, pages + 1):
        document.add_paragraph(f"{_roman(section)}. NỘI DUNG PHẦN {section}").runs[0].bold = True
        for clause in range(1, 4):
            document.add_paragraph(f"{clause}. Nhiệm vụ {clause} của phần {section}")
            for point in "abc":
                document.add_paragraph(f"{point}) {SENTENCE}")
            document.add_paragraph(f"- {SENTENCE}")
            count += 5
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT, VX."
    signature.cell(0, 1).text = "TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN\n\n\nNguyễn Văn An"
    document.save(str(path))
    return count


def _roman(value: int) -> str:
    numerals = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out, value = out + letters, value - number
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ke_hoach_dai.docx"
        paragraphs = build(path, args.pages)
        start = time.perf_counter()
        texts = [p.text for p in docx.Document(str(path)).paragraphs]
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        imported = import_text(path)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        import_file(path, Path(folder) / "ke_hoach_dai.yaml")
        checked = time.perf_counter() - start
    print(f"{args.pages} trang, {paragraphs} đoạn nội dung ({len(texts)} đoạn trong tệp)")
    print(f"  python-docx đọc văn bản (mốc so sánh): {baseline:.2f} s")
    print(f"  vbhc import:                         {elapsed:.2f} s "
          f"({len(imported.text.splitlines())} dòng YAML, loại {imported.kind})")
    print(f"  vbhc import, kiểm tra dữ liệu và ghi tệp: {checked:.2f} s")
    print(f"  mục tiêu < 2 s: {'đạt' if checked < 2 else 'CHƯA ĐẠT'}")


if __name__ == "__main__":
    main()
