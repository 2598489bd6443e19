"""The results form in ``tong_hop.xlsx``: the sheet units fill in and send back (issue 18).

One row per unit: its name and quotas (locked, plain numbers, no formulas, so a unit
cannot change what it was given, and the province's import compares them with the
plan), then empty result cells (unlocked, whole numbers ≥ 0 by data validation) and a
note. A second sheet tells the clerk, in Vietnamese, how to fill it in. The import
(``vbhc.kinds.results``) finds the columns by these header texts.
"""

from __future__ import annotations

from copy import copy
from typing import TYPE_CHECKING, Any

from vbhc.kinds.results import (
    FORM_NAME_HEADER,
    FORM_SHEET,
    NOTE_HEADER,
    RESULT_HEADERS,
    quota_header,
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


def add_results_form(workbook: Any, result: BatchResult) -> None:
    """Add the results form and its guide to a write-only ``workbook`` of the batch."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = workbook.create_sheet(FORM_SHEET)
    quota_headers = [quota_header(label) for label in result.targets.values()]
    headers = (["STT", FORM_NAME_HEADER] + quota_headers + list(RESULT_HEADERS.values())
               + [NOTE_HEADER])
    widths = [6, 26] + [14] * len(quota_headers) + [14] * len(RESULT_HEADERS) + [40]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "C2"
    first_result = 3 + len(quota_headers)  # 1-based column of the first result
    last_row = len(result.units) + 1
    if result.units:
        validation = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
            error="Chỉ ghi số nguyên không âm (ví dụ 250).")
        first = get_column_letter(first_result)
        last = get_column_letter(first_result + len(RESULT_HEADERS) - 1)
        validation.add(f"{first}2:{last}{last_row}")
        sheet.data_validations.append(validation)
    locked, unlocked = Protection(locked=True), Protection(locked=False)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center")
    # -- a style is registered once and its index copied to each cell: setting the
    # protection cell by cell looked it up again in the workbook for every cell --
    looks = {}
    for can_edit, header in ((True, False), (False, True)):
        model = WriteOnlyCell(sheet)
        model.protection = unlocked if can_edit else locked
        if header:
            model.font, model.alignment = bold, wrap
        looks[can_edit, header] = model._style

    def cell(value: Any, *, editable: bool = False, header: bool = False) -> Any:
        out = WriteOnlyCell(sheet, value=value)
        out._style = copy(looks[editable, header])
        return out

    sheet.append([cell(text, header=True) for text in headers])
    editable = len(RESULT_HEADERS) + 1  # -- the results and the note --
    for number, unit in enumerate(result.units, start=1):
        # -- a cell without a style is locked (Excel's default protection): only the
        # cells a unit fills in carry one --
        quotas = [unit.chi_tieu.get(key) for key in result.targets]
        sheet.append([number, unit.name, *quotas]
                     + [cell(None, editable=True) for _ in range(editable)])
    # -- no password: the lock prevents slips, not a determined clerk (the import checks) --
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column stays allowed

    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 120
    for index, line in enumerate(GUIDE):
        text = WriteOnlyCell(guide, value=line)
        text.alignment = Alignment(wrap_text=True)
        if index == 0:
            text.font = bold
        guide.append([text])
