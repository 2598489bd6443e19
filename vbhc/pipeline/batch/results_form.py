"""The results form in ``tong_hop.xlsx``: the sheet units fill in and send back (issue 18).

One row per unit: its name and quotas (locked, plain numbers, no formulas, so a unit
cannot change what it was given, and the province's import compares them with the
plan), then empty result cells (unlocked, whole numbers ≥ 0 by data validation) and a
note. A second sheet tells the clerk, in Vietnamese, how to fill it in. The import
(``vbhc.kinds.results``) finds the columns by these header texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vbhc.kinds.results import (
    FORM_NAME_HEADER,
    FORM_SHEET,
    NOTE_HEADER,
    RESULT_HEADERS,
    quota_header,
)
from vbhc.pipeline.batch.sheet_writer import (
    BOLD_WRAP,
    HEADER,
    PLAIN,
    UNLOCKED,
    WRAP,
    Sheet,
    WholeNumbers,
    column_letter,
)

if TYPE_CHECKING:
    from vbhc.pipeline.batch.records import BatchResult

GUIDE_SHEET = "Hướng dẫn"
GUIDE = [
    "HƯỚNG DẪN ĐIỀN KẾT QUẢ THỰC HIỆN CHỈ TIÊU",
    "",
    f"1. Mở trang tính «{FORM_SHEET}». Mỗi đơn vị một dòng; tìm đúng dòng có tên đơn vị mình.",
    "2. Các cột tên đơn vị và chỉ tiêu được khóa: đó là chỉ tiêu kế hoạch đã giao, "
    "không sửa.",
    "3. Điền vào các ô để trống: "
    + ", ".join(f"«{header}»" for header in RESULT_HEADERS.values())
    + " (chỉ ghi số nguyên, không âm, không dấu chấm, không chữ); "
    f"«{NOTE_HEADER}» ghi nội dung cần giải thích (nếu có).",
    "4. Không thêm, xóa, đổi tên hay đổi chỗ các cột; không thêm dòng trống giữa các đơn vị.",
    "5. Mỗi đơn vị có thể điền dòng của mình rồi gửi lại cả tệp; hoặc cơ quan tổng hợp "
    "điền kết quả của tất cả các đơn vị vào một tệp.",
    "6. Lưu tệp dạng Excel (.xlsx) và gửi lại cơ quan tổng hợp đúng hạn. Cơ quan tổng hợp "
    "dùng vbhc đọc tệp: ô nào ghi sai, vbhc báo tên trang tính và ô đó (ví dụ "
    f"«{FORM_SHEET}!E4»).",
]


def results_form(result: BatchResult) -> list[Sheet]:
    """Return the results form of the batch and its guide, as sheets of ``tong_hop.xlsx``."""
    quota_headers = [quota_header(label) for label in result.targets.values()]
    headers = (["STT", FORM_NAME_HEADER] + quota_headers + list(RESULT_HEADERS.values())
               + [NOTE_HEADER])
    first_result = 2 + len(quota_headers)  # 0-based column of the first result
    validation = None
    if result.units:
        first = column_letter(first_result)
        last = column_letter(first_result + len(RESULT_HEADERS) - 1)
        validation = WholeNumbers(f"{first}2:{last}{len(result.units) + 1}", 0,
                                  "Số liệu không hợp lệ",
                                  "Chỉ ghi số nguyên không âm (ví dụ 250).")
    # -- no password: the lock prevents slips, not a determined clerk (the import checks);
    # widening a column stays allowed --
    sheet = Sheet(FORM_SHEET, [6, 26] + [14] * len(quota_headers) + [14] * len(RESULT_HEADERS)
                  + [40], freeze="C2", protected=True, validation=validation)
    sheet.append(headers, HEADER)
    editable = len(RESULT_HEADERS) + 1  # -- the results and the note --
    # -- a cell without a style is locked (Excel's default protection): only the cells a
    # unit fills in carry one --
    looks = [PLAIN] * first_result + [UNLOCKED] * editable
    blanks = [None] * editable
    for number, unit in enumerate(result.units, start=1):
        quotas = [unit.chi_tieu.get(key) for key in result.targets]
        sheet.append([number, unit.name, *quotas, *blanks], looks)

    guide = Sheet(GUIDE_SHEET, [120])
    for index, line in enumerate(GUIDE):
        guide.append([line], BOLD_WRAP if index == 0 else WRAP)
    return [sheet, guide]
