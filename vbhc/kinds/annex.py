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
from vbhc.data.loading import Source
from vbhc.data.model import Bang, BangChiTieu, DongChiTieu, PhuLuc
from vbhc.document import docxml as x

RULE_LENGTH = 1700  # twips (3 cm): the short rule under the Kèm theo line (§11 [M])


def rows_from_workbook(table: BangChiTieu, source: Source, where: tuple) -> list[DongChiTieu]:
    """Return the quota rows of the workbook a table names; every bad cell is reported."""
    from vbhc.data import excel  # -- only a table read from a workbook needs it --

    path = source.path.parent / str(table.tep)
    columns = {"ten": table.cot_ten, "ca_nam": table.cot_ca_nam,
               "da_thuc_hien": table.cot_da_thuc_hien}
    sheet = excel.read_table(path, columns, sheet=table.trang_tinh,
                             header_row=table.dong_tieu_de, optional=frozenset({"da_thuc_hien"}))
    source.warnings.extend(sheet.warnings)
    problems: list[Problem] = []
    rows: list[DongChiTieu] = []
    seen: dict[str, str] = {}
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
            if cell is not None and value is not None and value < 0:
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
    from vbhc.document.columns import fit_columns  # -- only a document with a table --

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
    headers = [table.cot_ten, table.cot_ca_nam, table.cot_da_thuc_hien, table.cot_con_lai]
    totals = {"ten": "Tổng cộng", "ca_nam": number(total_annual),
              "da_thuc_hien": number(total_done), "con_lai": number(total_left)}
    keys = list(totals)
    # -- widths from the cells themselves; landscape only when portrait cannot hold them --
    layout = fit_columns(headers, [[row[k] for k in keys] for row in out_rows],
                         [[totals[k] for k in keys]])
    return {
        "tieu_de_cot": headers,
        "tieu_de_dong": layout.headers,
        "rong": layout.widths,
        "ngang": layout.landscape,
        "dong": out_rows,
        "tong": totals,
        "so_don_vi": len(rows),
    }


def typed_table(table: Bang) -> dict[str, Any]:
    """Return a table kept as typed as the ``bang`` filter places it: numbers with their
    dots, text columns left-aligned, widths from the cells (landscape when they need it)."""
    from vbhc.document.columns import fit_columns  # -- only a document with a table --

    def shown(cell: int | str) -> str:
        return number(cell) if isinstance(cell, int) else cell

    rows = [[shown(c) for c in row] for row in table.dong]
    totals = [shown(c) for c in table.tong] or None
    layout = fit_columns(table.cot, rows, [totals] if totals else [])
    text = [any(isinstance(row[i], str) and row[i] for row in table.dong)
            for i in range(len(table.cot))]
    return {"cot": table.cot, "rong": layout.widths, "ngang": layout.landscape,
            "can": ["left" if t else "center" for t in text], "dong": rows, "tong": totals}


def attached_line(parent: dict[str, Any]) -> str:
    """Return an annex's "(Kèm theo Kế hoạch số … ngày … của …)" line from the parent's facts."""
    issued = long_date(parent["ngay_ban_hanh"])
    return (f"(Kèm theo {parent['ten_loai']} số {parent['so_ky_hieu']} {issued} "
            f"của {parent['co_quan_ban_hanh']['ten']})")


def annexes_context(annexes: list[PhuLuc], parent: dict[str, Any], source: Source
                    ) -> list[dict[str, Any]]:
    """Return each annex's label, title lines, "Kèm theo" line, pointer text and table.

    ``parent`` holds the parent document's computed facts (ten_loai, so_ky_hieu …).
    """
    attached = attached_line(parent)
    out: list[dict[str, Any]] = []
    for index, annex in enumerate(annexes, start=1):
        label = "Phụ lục" if len(annexes) == 1 else f"Phụ lục {roman(index)}"
        where = ("phu_luc", index - 1)
        table = None
        if annex.bang_chi_tieu is not None:
            spec = annex.bang_chi_tieu
            rows = (rows_from_workbook(spec, source, where + ("bang_chi_tieu",)) if spec.tep
                    else spec.dong)
            table = quota_table(spec, rows)
        paragraphs = [item if isinstance(item, str) else {"bang": typed_table(item.bang)}
                      for item in annex.doan]
        wide = any(not isinstance(item, str) and item["bang"]["ngang"] for item in paragraphs)
        out.append({
            "ngang": bool(table and table["ngang"]) or wide,
            "nhan": label,
            "tieu_de": [line.upper() for line in annex.tieu_de],
            "kem_theo": attached,
            "dan_chieu": f"(có {annex.ten_goi or label} kèm theo)",
            "doan": paragraphs,
            "bang": table,
        })
    return arranged(out)


def arranged(annexes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the annexes of a document labelled and laid out together.

    Every producer of annexes (the data's own, a Quyết định's lists, the units' results)
    adds its entries, then calls this: the label is "Phụ lục" alone, else "Phụ lục I",
    "II" …; a pointer the data named (``ten_goi``) is kept, the default one follows the
    label; each annex gets its page layout.
    """
    out: list[dict[str, Any]] = []
    for index, annex in enumerate(annexes, start=1):
        label = "Phụ lục" if len(annexes) == 1 else f"Phụ lục {roman(index)}"
        named = annex.get("ten_goi")
        pointer = annex.get("dan_chieu", "")
        if named:
            pointer = f"(có {named} kèm theo)"
        elif not pointer or pointer.startswith(f"(có {annex.get('nhan')} "):
            pointer = f"(có {label} kèm theo)"
        landscape = bool(annex.get("ngang"))
        out.append({
            # -- every annex answers the shared template's questions: a list table or none --
            "bang": None, "danh_sach": None,
            **annex, "nhan": label, "dan_chieu": pointer, "ngang": landscape,
            # -- a section's orientation is written where it ends: at the next annex --
            "truoc_ngang": bool(out and out[-1]["ngang"]),
            # -- the short rule under "Kèm theo", centred on this annex's page, with room
            # above (the line's descenders) and below (the table's top border) --
            "ke": {"dai": RULE_LENGTH, "khung": x.LANDSCAPE_TEXT_WIDTH if landscape
                   else x.TEXT_WIDTH, "truoc": 60, "sau": 240}})
    return out

