"""Write data/lao_cai_2023_huyen.xlsx: the table of Lào Cai's nine district-level units.

Run once (``python data/make_lao_cai_2023_huyen_xlsx.py``) to (re)create the example
workbook; clerks then edit the workbook in Excel. The quotas, numbers, events and
signers are INVENTED for the example (only the units' names and the provincial
events come from the provincial plan); the quotas add up to the provincial targets
(3.000 đơn vị máu, 7.000 người đăng ký) of data/lao_cai_2023.yaml.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "lao_cai_2023_huyen.xlsx"

UNIT_HEADERS = ["Đơn vị", "Cơ quan chủ quản", "Cơ quan ban hành", "Số", "Địa danh",
                "Đơn vị máu", "Người đăng ký", "Chức vụ khác", "Người ký"]
EVENT_HEADERS = ["Đơn vị", "Ngày", "Sự kiện", "Địa điểm"]

# (name, place name, số or None for a draft, đơn vị máu, người đăng ký, office, signer)
UNITS = [
    ("thành phố Lào Cai", "Lào Cai", 21, 800, 1800, "PHÓ CHỦ TỊCH UBND THÀNH PHỐ",
     "Nguyễn Văn An"),
    ("thị xã Sa Pa", "Sa Pa", None, 300, 700, "PHÓ CHỦ TỊCH UBND THỊ XÃ", "Lý Thị Bình"),
    ("huyện Bát Xát", "Bát Xát", 12, 250, 600, "PHÓ CHỦ TỊCH UBND HUYỆN", "Hoàng Văn Cường"),
    ("huyện Bảo Thắng", "Bảo Thắng", 18, 450, 1000, "PHÓ CHỦ TỊCH UBND HUYỆN",
     "Trần Thị Dung"),
    ("huyện Bảo Yên", "Bảo Yên", 9, 300, 700, "PHÓ CHỦ TỊCH UBND HUYỆN", "Lương Văn Hải"),
    ("huyện Bắc Hà", "Bắc Hà", 15, 250, 600, "PHÓ CHỦ TỊCH UBND HUYỆN", "Giàng Seo Khánh"),
    ("huyện Mường Khương", "Mường Khương", 11, 200, 500, "PHÓ CHỦ TỊCH UBND HUYỆN",
     "Vàng Thị Lan"),
    ("huyện Si Ma Cai", "Si Ma Cai", 7, 150, 400, "PHÓ CHỦ TỊCH UBND HUYỆN", "Sùng Văn Minh"),
    ("huyện Văn Bàn", "Văn Bàn", 14, 300, 700, "PHÓ CHỦ TỊCH UBND HUYỆN", "Đỗ Thị Ngọc"),
]

HANH_TRINH = "ngày hội hiến máu hưởng ứng Chương trình “*Hành trình đỏ*”"
# The provincial plan's events in each unit, plus invented local ones.
EVENTS = [
    ("thành phố Lào Cai", date(2023, 6, 22),
     "Chương trình hiến máu “*Chủ nhật đỏ - Sắc đỏ Biên cương*” năm 2023",
     "Trung tâm Hội nghị tỉnh Lào Cai"),
    ("thành phố Lào Cai", date(2023, 7, 16), "ngày hội hiến máu tình nguyện",
     "Nhà Văn hóa phường Kim Tân"),
    ("thị xã Sa Pa", date(2023, 6, 21), HANH_TRINH, "Quảng trường thị xã Sa Pa"),
    ("huyện Bát Xát", date(2023, 7, 20), "ngày hội hiến máu tình nguyện",
     "Trung tâm Văn hóa huyện Bát Xát"),
    ("huyện Bảo Thắng", date(2023, 5, 9), "Chương trình hiến máu",
     "Khu Công nghiệp Tăng Loỏng"),
    ("huyện Bảo Thắng", date(2023, 7, 25), "ngày hội hiến máu tình nguyện",
     "thị trấn Phố Lu"),
    ("huyện Bảo Yên", date(2023, 6, 8), HANH_TRINH, "Trung tâm huyện Bảo Yên"),
    ("huyện Bắc Hà", date(2023, 7, 12), HANH_TRINH, "Trung tâm huyện Bắc Hà"),
    ("huyện Mường Khương", date(2023, 8, 8), "ngày hội hiến máu",
     "Trung tâm huyện Mường Khương"),
    ("huyện Si Ma Cai", date(2023, 7, 11), HANH_TRINH, "Trung tâm huyện Si Ma Cai"),
    ("huyện Văn Bàn", date(2023, 6, 1), HANH_TRINH, "Trung tâm huyện Văn Bàn"),
]


def unit_rows() -> list[list[object]]:
    """Return the rows of the units sheet (without the header)."""
    rows = []
    for name, place, number, blood, donors, office, signer in UNITS:
        rows.append([name, f"UBND {name.upper()}",
                     f"Ban Chỉ đạo vận động hiến máu tình nguyện {name}", number, place,
                     blood, donors, office, signer])
    return rows


def build(target: Path = TARGET) -> Path:
    """Return ``target`` after writing the workbook there."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    units = workbook.active
    units.title = "Đơn vị"
    units.append(UNIT_HEADERS)
    for row in unit_rows():
        units.append(row)
    events = workbook.create_sheet("Sự kiện")
    events.append(EVENT_HEADERS)
    for row in EVENTS:
        events.append(list(row))
    for sheet, widths in ((units, [20, 26, 52, 6, 14, 12, 14, 30, 20]),
                          (events, [20, 12, 60, 36])):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
    for cell in events["B"][1:]:
        cell.number_format = "DD/MM/YYYY"
    workbook.save(target)
    return target


if __name__ == "__main__":
    print(f"Đã ghi {build()}")
