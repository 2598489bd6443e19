"""Template blocks of the results annex: the table by unit, its chart, next round's quotas.

Like ``blocks.quota_table`` these only place what ``vbhc.kinds.results_annex`` computed.
A row below its quota is shaded light grey (its fill is a context value) and says
"Chưa đạt" in words, so the mark survives a black-and-white printer.
"""

from __future__ import annotations

from typing import cast

from vbhc.document import docxml as x

# STT, Đơn vị, Chỉ tiêu, Kết quả, Tỷ lệ, Xếp hạng, Đánh giá: the text width (9355), portrait.
RESULT_WIDTHS = [750, 3005, 1100, 1150, 1000, 1000, 1350]
PROPOSAL_WIDTHS = [800, 4055, 2250, 2250]  # STT, Đơn vị, Kết quả, Chỉ tiêu đề xuất
_KEYS = ["stt", "ten", "chi_tieu", "tiep_nhan", "ti_le", "xep_hang", "danh_gia"]
_STYLES = ["VBBang", "VBBangTrai", "VBBang", "VBBang", "VBBang", "VBBang", "VBBang"]


def _cell(width: int, inner: str, fill: str | None = None) -> str:
    """Return a ``w:tc``; ``fill`` is a template expression for its shading, if any."""
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}<w:vAlign '
            f'w:val="center"/></w:tcPr>{inner}</w:tc>')


def _row(widths: list[int], cells: list[str], *, header: bool = False,
         fill: str | None = None) -> str:
    trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    body = "".join(_cell(w, c, fill) for w, c in zip(widths, cells, strict=True))
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{body}</w:tr>"


def _texts(values: list[str], styles: list[str], *, keep: bool = False) -> list[str]:
    """Return cell paragraphs; ``keep`` holds the row on the page of the next one."""
    extra = "<w:keepNext/>" if keep else ""
    return [x.paragraph(style, x.run(value, raw=True), ppr_extra=extra)
            for value, style in zip(values, styles, strict=True)]


def _loop_row(widths: list[int], tag: str) -> str:
    """Return a row holding only a docxtpl ``{%tr … %}`` tag (removed when rendered)."""
    return _row(widths, [x.paragraph(None, x.run(tag, raw=True))] + [""] * (len(widths) - 1))


def results_table(variable: str = "pl.ket_qua") -> str:
    """Return the table of results by unit: header repeated on each page, a totals row."""
    widths = RESULT_WIDTHS
    header = _texts([f"{{{{ {variable}.tieu_de_cot[{i}] }}}}" for i in range(len(widths))],
                    ["VBBangDau"] * len(widths))
    body = _texts([f"{{{{ r.{k} }}}}" for k in _KEYS], _STYLES)
    total_keys = ["", "ten", "chi_tieu", "tiep_nhan", "ti_le", "", "danh_gia"]
    total = _texts([f"{{{{ {variable}.tong.{k} }}}}" if k else "" for k in total_keys],
                   ["VBBangDau"] * len(widths))
    rows = [_row(widths, header, header=True), _loop_row(widths, f"{{%tr for r in "
                                                                 f"{variable}.dong %}}"),
            _row(widths, body, fill="{{ r.nen }}"), _loop_row(widths, "{%tr endfor %}"),
            _row(widths, total)]
    return x.table(widths, cast(list, rows), borders=True, cell_margin=None)


def proposal_table(variable: str = "pl.de_xuat") -> str:
    """Return next round's quotas by unit, with the total that must match the level above."""
    widths = PROPOSAL_WIDTHS
    heads = ["STT", "Đơn vị", "Kết quả năm trước", f"Chỉ tiêu đề xuất năm "
             f"{{{{ {variable}.nam }}}}"]
    # -- one row per unit, a few rows: the table is kept on one page, with its heading --
    header = _texts(heads, ["VBBangDau"] * 4, keep=True)
    body = _texts(["{{ loop.index }}", "{{ r.ten }}", "{{ r.ket_qua }}", "{{ r.chi_tieu }}"],
                  ["VBBang", "VBBangTrai", "VBBang", "VBBang"], keep=True)
    total = _texts(["", "Tổng cộng", f"{{{{ {variable}.tong_ket_qua }}}}",
                    f"{{{{ {variable}.tong }}}}"], ["VBBangDau"] * 4)
    rows = [_row(widths, header, header=True),
            _loop_row(widths, f"{{%tr for r in {variable}.dong %}}"), _row(widths, body),
            _loop_row(widths, "{%tr endfor %}"), _row(widths, total)]
    return x.table(widths, cast(list, rows), borders=True, cell_margin=None)


def results_block() -> str:
    """Return what a results annex adds after its paragraphs: table, note, chart, proposal."""
    return "".join([
        x.tag_paragraph('{%p if pl.get("ket_qua") %}'),
        results_table(),
        x.paragraph("VBGhiChuBang", x.run("{{ pl.ket_qua.ghi_chu }}", raw=True)),
        x.tag_paragraph('{%p if pl.get("bieu_do") %}'),
        x.tag_paragraph("{{p pl.bieu_do|hinh }}"),
        x.paragraph("VBChuThichHinh", x.run("{{ pl.bieu_do.chu_thich }}", raw=True)),
        x.tag_paragraph("{%p endif %}"),
        x.tag_paragraph('{%p if pl.get("de_xuat") %}'),
        # -- a heading stays with its table, a blank line above it --
        x.paragraph("VBPhuLucTieuDe", x.run("{{ pl.de_xuat.tieu_de }}", raw=True),
                    ppr_extra='<w:keepNext/><w:spacing w:before="240"/>'),
        x.paragraph("VBGhiChuBang", x.run("{{ pl.de_xuat.cach_tinh }}", raw=True),
                    ppr_extra="<w:keepNext/>"),
        proposal_table(),
        x.tag_paragraph("{%p endif %}"),
        x.tag_paragraph("{%p endif %}"),
    ])
