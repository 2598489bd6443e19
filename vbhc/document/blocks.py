"""Body blocks that kinds put between the frame's title and signature.

A block is template XML with docxtpl tags; it only places what the kind's
context computed (numbering labels, totals, cross-references). Kinds pick
blocks from here; two kinds never write the same block twice.
"""

from __future__ import annotations

from typing import Any

from vbhc.document import docxml as x
from vbhc.document.results_table import results_block

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


def numbered_body(variable: str = "noi_dung", styles: dict[str, str] | None = None) -> str:
    """Return the numbered body: one paragraph per entry, styled by its level.

    vbhc computes the labels (I., 1., a), -, +); each level's look is the named
    paragraph style, so a clerk restyles a level once in Word.
    """
    out = [x.tag_paragraph(f"{{%p for doan in {variable} %}}"),
           x.tag_paragraph("{%p set kieu = doan.kieu %}")]
    for index, (kind, style) in enumerate((styles or BODY_STYLES).items()):
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
        # -- the last closing paragraph keeps with the Nơi nhận/signature table --
        paragraph_loop("ket_thuc[-1:]", "VBDoanCuoi"),
        # -- without one, a blank line still separates the body from that table --
        x.tag_paragraph("{%p if not ket_thuc %}"),
        x.paragraph("VBDoan"),
        x.tag_paragraph("{%p endif %}"),
    ]


def _cell(style: str, lines: list[str]) -> str:
    """Return a cell paragraph; several lines are joined by explicit line breaks."""
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{x.text(line)}</w:t>' for line in lines)
    return x.paragraph(style, f"<w:r>{inner}</w:r>")


def quota_table_xml(table: dict[str, Any]) -> str:
    """Return the quota table of an annex's context (``pl.bang``): the widths computed
    from its content (``rong``), the header on its computed lines, the header row
    repeated on each page and every row kept whole.
    """
    keys = ["ten", "ca_nam", "da_thuc_hien", "con_lai"]
    number_style = ["VBBangTrai", "VBBang", "VBBang", "VBBang"]
    rows = [[_cell("VBBangDau", lines) for lines in table["tieu_de_dong"]]]
    rows += [[_cell(style, [row[k]]) for k, style in zip(keys, number_style, strict=True)]
             for row in table["dong"]]
    rows.append([_cell("VBBangDau", [table["tong"][k]]) for k in keys])
    return x.table(table["rong"], rows, borders=True, header_rows=1, cant_split=True,
                   cell_margin=None)


def quota_table() -> str:
    """Return the tag placing an annex's quota table (built by ``quota_table_xml``).

    The table is computed XML, like the frame's rules: its widths follow its content.
    """
    return x.tag_paragraph("{{p pl.bang|bang_chi_tieu }}")


def _section_break() -> str:
    """Return the break that ends the section before an annex, in that section's orientation."""
    return "".join([x.tag_paragraph("{%p if pl.truoc_ngang %}"),
                    x.section_break_paragraph(landscape=True),
                    x.tag_paragraph("{%p else %}"),
                    x.section_break_paragraph(),
                    x.tag_paragraph("{%p endif %}")])


def annex_paragraphs() -> str:
    """Return an annex's paragraphs; an item that is a table (kept as typed) is placed
    where it stands among them by the ``bang`` filter."""
    return "".join([
        x.tag_paragraph("{%p for doan in pl.doan %}"),
        x.tag_paragraph("{%p if doan is string %}"),
        x.paragraph("VBDoan", x.run("{{ doan }}", raw=True)),
        x.tag_paragraph("{%p else %}"),
        x.tag_paragraph("{{p doan.bang|bang }}"),
        x.tag_paragraph("{%p endif %}"),
        x.tag_paragraph("{%p endfor %}"),
    ])


def annexes(*, standalone: bool = False, extra: str = "") -> str:
    """Return the annexes: each opens a new section (own page numbers), then label,
    title, the computed "Kèm theo" line, a short rule, paragraphs and its quota table.

    ``standalone`` is for a file holding only the annexes: the first needs no break.
    ``extra`` is placed after the quota table (other tables).
    """
    section_break = _section_break()
    if standalone:
        section_break = (x.tag_paragraph("{%p if not loop.first %}") + section_break
                         + x.tag_paragraph("{%p endif %}"))
    return "".join([
        x.tag_paragraph("{%p for pl in phu_luc %}"),
        section_break,
        x.paragraph("VBPhuLucNhan", x.run("{{ pl.nhan }}", raw=True)),
        x.paragraph_loop("pl.tieu_de", "VBPhuLucTieuDe"),
        x.paragraph("VBKemTheo", x.run("{{ pl.kem_theo }}", raw=True)),
        x.tag_paragraph("{{p pl.ke|ke }}"),
        annex_paragraphs(),
        x.tag_paragraph("{%p if pl.bang %}"),
        quota_table(),
        x.tag_paragraph("{%p endif %}"),
        results_block(),  # -- the units' results against their quotas (issue 18) --
        extra,
        x.tag_paragraph("{%p endfor %}"),
    ])
