"""Annexes (Phụ lục) of any document, and the quota table (Danh sách phân bổ chỉ tiêu).

An annex starts a new section with its own page numbering (NĐ30 §11); its label
(``Phụ lục``, or ``Phụ lục I``, ``Phụ lục II`` … when there are several) and its
"(Kèm theo Kế hoạch số … ngày … của …)" line are computed from the parent
document, never typed. A quota table's rows come from the YAML or from an Excel
workbook; remainders and totals are computed.
"""

from __future__ import annotations

from typing import Any

from vbhc.core.errors import DataError, Problem
from vbhc.core.formatting import long_date, number, roman
from vbhc.data import excel
from vbhc.data.loading import Source
from vbhc.data.model import BangChiTieu, DongChiTieu, PhuLuc


def rows_from_workbook(table: BangChiTieu, source: Source, where: tuple) -> list[DongChiTieu]:
    """Return the quota rows of the workbook a table names; every bad cell is reported."""
    path = source.path.parent / str(table.tep)
    columns = {"ten": table.cot_ten, "ca_nam": table.cot_ca_nam,
               "da_thuc_hien": table.cot_da_thuc_hien}
    sheet = excel.read_table(path, columns, sheet=table.trang_tinh,
                             header_row=table.dong_tieu_de, optional=frozenset({"da_thuc_hien"}))
    source.warnings.extend(sheet.warnings)
    problems: list[Problem] = []
    rows, seen = [], {}
    for cells in sheet.rows:
        name = excel.text(sheet, cells["ten"], "ten", problems)
        annual = excel.integer(sheet, cells["ca_nam"], "ca_nam", problems)
        done = None
        if "da_thuc_hien" in cells:
            done = excel.integer(sheet, cells["da_thuc_hien"], "da_thuc_hien", problems,
                                 required=False)
        if name is not None and name in seen:
            problems.append(sheet.problem(cells["ten"], "ten", f"đơn vị '{name}' bị lặp "
                                          f"(đã có ở {seen[name]})"))
        elif name is not None:
            seen[name] = cells["ten"].ref
        for cell, value in ((cells["ca_nam"], annual), (cells.get("da_thuc_hien"), done)):
            if value is not None and value < 0:
                problems.append(sheet.problem(cell, "so", f"số âm ({value})"))
        if name is not None and annual is not None:
            rows.append(DongChiTieu(ten=name, ca_nam=annual, da_thuc_hien=done))
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([source.problem(where + ("tep",), f"{table.tep} không có dòng nào "
                                        f"dưới dòng tiêu đề {table.dong_tieu_de}")])
    return rows


def quota_table(table: BangChiTieu, rows: list[DongChiTieu]) -> dict[str, Any]:
    """Return the table as the template places it: formatted cells, computed totals."""
    out_rows = []
    total_annual = total_done = total_left = 0
    for row in rows:
        total_annual += row.ca_nam
        if row.da_thuc_hien is None:
            done = left = ""
        else:
            total_done += row.da_thuc_hien
            remaining = row.ca_nam - row.da_thuc_hien
            done = number(row.da_thuc_hien)
            if remaining > 0:
                total_left += remaining
                left = number(remaining)
            else:
                left = table.khi_vuot
        out_rows.append({"ten": row.ten, "ca_nam": number(row.ca_nam), "da_thuc_hien": done,
                         "con_lai": left})
    return {
        "tieu_de_cot": [table.cot_ten, table.cot_ca_nam, table.cot_da_thuc_hien,
                        table.cot_con_lai],
        "dong": out_rows,
        "tong": {"ten": "Tổng cộng", "ca_nam": number(total_annual),
                 "da_thuc_hien": number(total_done), "con_lai": number(total_left)},
        "so_don_vi": len(rows),
    }


def annexes_context(annexes: list[PhuLuc], parent: dict[str, Any], source: Source
                    ) -> list[dict[str, Any]]:
    """Return each annex's label, title lines, "Kèm theo" line, pointer text and table.

    ``parent`` holds the parent document's computed facts (ten_loai, so_ky_hieu …).
    """
    issued = long_date(parent["ngay_ban_hanh"])
    attached = (f"(Kèm theo {parent['ten_loai']} số {parent['so_ky_hieu']} {issued} "
                f"của {parent['co_quan_ban_hanh']['ten']})")
    out = []
    for index, annex in enumerate(annexes, start=1):
        label = "Phụ lục" if len(annexes) == 1 else f"Phụ lục {roman(index)}"
        where = ("phu_luc", index - 1)
        table = None
        if annex.bang_chi_tieu is not None:
            spec = annex.bang_chi_tieu
            rows = (rows_from_workbook(spec, source, where + ("bang_chi_tieu",)) if spec.tep
                    else spec.dong)
            table = quota_table(spec, rows)
        out.append({
            "nhan": label,
            "tieu_de": [line.upper() for line in annex.tieu_de],
            "kem_theo": attached,
            "dan_chieu": f"(có {annex.ten_goi or label} kèm theo)",
            "doan": annex.doan,
            "bang": table,
        })
    return out
