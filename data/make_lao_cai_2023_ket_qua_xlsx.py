"""Write data/lao_cai_2023_ket_qua.xlsx: the results form of the Lào Cai batch, filled in.

Run once (``python data/make_lao_cai_2023_ket_qua_xlsx.py``) to (re)create the example.
The form is the sheet "Kết quả" that ``vbhc batch ke-hoach --data
data/lao_cai_2023_huyen.yaml`` writes into ``tong_hop.xlsx``; here the province has
filled in every district's row. The RESULTS ARE INVENTED for the example (plausible
figures around the quotas of lao_cai_2023_huyen.xlsx: two districts fall short);
they are not the real results of the 2023 campaign.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "lao_cai_2023_ket_qua.xlsx"
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_lao_cai_2023_huyen_xlsx import UNITS  # noqa: E402 - the quotas given

from vbhc.kinds.results import (  # noqa: E402 - the form's headers, as vbhc reads them
    FORM_NAME_HEADER,
    FORM_SHEET,
    NOTE_HEADER,
    RESULT_HEADERS,
    quota_header,
)

# name -> (đơn vị máu tiếp nhận, người tham gia, số đợt, ghi chú): MADE UP.
RESULTS = {
    "thành phố Lào Cai": (912, 1150, 4, ""),
    "thị xã Sa Pa": (287, 360, 2, "Đợt tháng 8 hoãn do mưa lũ"),
    "huyện Bát Xát": (263, 330, 2, ""),
    "huyện Bảo Thắng": (518, 640, 3, ""),
    "huyện Bảo Yên": (300, 380, 2, ""),
    "huyện Bắc Hà": (231, 300, 2, ""),
    "huyện Mường Khương": (214, 270, 2, ""),
    "huyện Si Ma Cai": (163, 210, 1, ""),
    "huyện Văn Bàn": (327, 410, 2, ""),
}


def build(target: Path = TARGET) -> Path:
    """Return ``target`` after writing the filled-in form there."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = FORM_SHEET
    sheet.append(["STT", FORM_NAME_HEADER, quota_header("đơn vị máu"),
                  quota_header("người đăng ký"), *RESULT_HEADERS.values(), NOTE_HEADER])
    for number, unit in enumerate(UNITS, start=1):
        name, blood, donors = unit[0], unit[3], unit[4]
        collected, people, rounds, note = RESULTS[name]
        sheet.append([number, name, blood, donors, collected, people, rounds, note or None])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", [6, 26, 14, 14, 14, 14, 10, 40], strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(target)
    return target


if __name__ == "__main__":
    print(f"Đã ghi {build()}")
