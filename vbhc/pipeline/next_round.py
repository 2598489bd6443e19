"""Next round: next year's units table, this year's with the quotas the report proposes.

A summary report's ``ket_qua_don_vi.de_xuat.tep`` names the workbook to write: a copy
of the plan's units table (names, bodies, signers …, everything the clerk typed) in
which the quota column holds the proposed quotas. Next year's batch data file names it
as its ``don_vi`` table, and ``vbhc batch`` checks their total against the level above.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from vbhc.core.errors import DataError, Problem, short_path
from vbhc.data.loading import load_yaml
from vbhc.pipeline.output import write_atomic


def write_next_units(document: Any, context: dict[str, Any], data_path: Path) -> Path | None:
    """Write next year's units workbook when the report asks for one; return its path."""
    spec = getattr(document, "ket_qua_don_vi", None)
    if spec is None or spec.de_xuat is None or not spec.de_xuat.tep:
        return None
    rule = spec.de_xuat
    # -- only a report asking for the workbook pays for these (not every render) --
    import openpyxl

    from vbhc.kinds.results import name_key

    folder = Path(data_path).parent
    plan = load_yaml(folder / spec.ke_hoach)
    table = plan.data.get("don_vi")
    where = ("ket_qua_don_vi", "de_xuat", "tep")
    if not isinstance(table, dict) or not table.get("tep"):
        raise DataError([Problem(short_path(data_path), ".".join(where),
                                 "chỉ ghi được bảng đơn vị năm sau khi bảng đơn vị của kế "
                                 f"hoạch {spec.ke_hoach} là tệp Excel ('don_vi: {{tep: …}}')")])
    source = plan.path.parent / str(table["tep"])
    label = context["ket_qua_don_vi"]["don_vi_tinh"]
    header_text = label[:1].upper() + label[1:]
    proposed = {name_key(row["ten"]): row["so"]
                for row in context["ket_qua_don_vi"]["de_xuat"]["dong"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
        workbook = openpyxl.load_workbook(source)
    sheet = workbook[table["sheet"]] if table.get("sheet") else workbook.worksheets[0]
    header_row = int(table.get("dong_tieu_de") or 1)
    headers = {str(cell.value).strip().casefold(): cell.column
               for cell in sheet[header_row] if cell.value is not None}
    name_column = headers.get("đơn vị")
    quota_column = headers.get(header_text.casefold())
    if name_column is None or quota_column is None:
        raise DataError([Problem(short_path(source), "", f"không tìm thấy cột 'Đơn vị' và "
                                 f"'{header_text}' ở dòng {header_row}",
                                 cell=f"{sheet.title}!{header_row}:{header_row}")])
    for row in range(header_row + 1, sheet.max_row + 1):
        name = sheet.cell(row, name_column).value
        if isinstance(name, str) and name_key(name) in proposed:
            sheet.cell(row, quota_column).value = proposed[name_key(name)]
    buffer = io.BytesIO()
    workbook.save(buffer)
    target = folder / rule.tep
    write_atomic(target, buffer.getvalue())
    return target
