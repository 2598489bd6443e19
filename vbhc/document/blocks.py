"""Body blocks that kinds put between the frame's title and signature.

A block is template XML with docxtpl tags; it only places what the kind's
context computed (numbering labels, totals, cross-references). Kinds pick
blocks from here; two kinds never write the same block twice.
"""

from __future__ import annotations

from vbhc.document import docxml as x

# Paragraph kinds of the numbered body (context key ``noi_dung``) and their styles.
BODY_STYLES = {
    "muc": "VBMuc",
    "khoan_tieu_de": "VBKhoanTieuDe",
    "khoan": "VBKhoan",
    "diem": "VBDiem",
    "y": "VBY",
    "y_nho": "VBYNho",
    "doan": "VBDoan",
}


def paragraph_loop(variable: str, style: str) -> str:
    """Return a loop placing each rich-text paragraph of ``variable`` in ``style``."""
    return x.paragraph_loop(variable, style, "{{r doan|runs }}", item="doan")


def numbered_body(variable: str = "noi_dung") -> str:
    """Return the numbered body: one paragraph per entry, styled by its level.

    vbhc computes the labels (I., 1., a), -, +); each level's look is the named
    paragraph style, so a clerk restyles a level once in Word.
    """
    out = [x.tag_paragraph(f"{{%p for doan in {variable} %}}"),
           x.tag_paragraph("{%p set kieu = doan.kieu %}")]
    for index, (kind, style) in enumerate(BODY_STYLES.items()):
        keyword = "if" if index == 0 else "elif"
        out.append(x.tag_paragraph(f'{{%p {keyword} kieu == "{kind}" %}}'))
        out.append(x.paragraph(style, x.run("{{r doan.chu|runs }}", raw=True)))
    out += [x.tag_paragraph("{%p endif %}"), x.tag_paragraph("{%p endfor %}")]
    return "".join(out)


def standard_body() -> list[str]:
    """Return the blocks of a Kế hoạch/Báo cáo body: căn cứ, opening, sections, closing."""
    return [
        paragraph_loop("can_cu", "VBCanCu"),
        paragraph_loop("mo_dau", "VBDoan"),
        numbered_body(),
        paragraph_loop("ket_thuc[:-1]", "VBDoan"),
        paragraph_loop("ket_thuc[-1:]", "VBDoanCuoi"),
    ]


ANNEX_WIDTHS = [3355, 2000, 2000, 2000]  # name + three figures = the text width


def _cells(values: list[str], styles: list[str]) -> list[str]:
    return [x.paragraph(style, x.run(value, raw=True)) for value, style in zip(values, styles,
                                                                                 strict=True)]


def quota_table() -> str:
    """Return the quota table: header row repeated on each page, rows kept whole."""
    number_style = ["VBBangTrai", "VBBang", "VBBang", "VBBang"]
    header = _cells([f"{{{{ pl.bang.tieu_de_cot[{i}] }}}}" for i in range(4)], ["VBBangDau"] * 4)
    keys = ["ten", "ca_nam", "da_thuc_hien", "con_lai"]
    body = _cells([f"{{{{ r.{k} }}}}" for k in keys], number_style)
    total = _cells([f"{{{{ pl.bang.tong.{k} }}}}" for k in keys], ["VBBangDau"] * 4)
    loop_start = _cells(["{%tr for r in pl.bang.dong %}", "", "", ""], number_style)
    loop_end = _cells(["{%tr endfor %}", "", "", ""], number_style)
    return x.table(ANNEX_WIDTHS, [header, loop_start, body, loop_end, total], borders=True,
                   header_rows=1, cant_split=True, cell_margin=None)


def annexes(*, standalone: bool = False) -> str:
    """Return the annexes: each opens a new section (own page numbers), then label,
    title, the computed "Kèm theo" line, a short rule, paragraphs and its quota table.

    ``standalone`` is for a file holding only the annexes: the first needs no break.
    """
    section_break = x.section_break_paragraph()
    if standalone:
        section_break = (x.tag_paragraph("{%p if not loop.first %}") + section_break
                         + x.tag_paragraph("{%p endif %}"))
    return "".join([
        x.tag_paragraph("{%p for pl in phu_luc %}"),
        section_break,
        x.paragraph("VBPhuLucNhan", x.run("{{ pl.nhan }}", raw=True)),
        x.paragraph_loop("pl.tieu_de", "VBPhuLucTieuDe"),
        x.paragraph("VBKemTheo", x.run("{{ pl.kem_theo }}", raw=True)),
        x.rule_paragraph(1700, x.TEXT_WIDTH),
        x.paragraph_loop("pl.doan", "VBDoan", "{{ doan }}", item="doan"),
        x.tag_paragraph("{%p if pl.bang %}"),
        quota_table(),
        x.tag_paragraph("{%p endif %}"),
        x.tag_paragraph("{%p endfor %}"),
    ])
