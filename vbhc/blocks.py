"""Body blocks that kinds put between the frame's title and signature.

A block is template XML with docxtpl tags; it only places what the kind's
context computed (numbering labels, totals, cross-references). Kinds pick
blocks from here; two kinds never write the same block twice.
"""

from __future__ import annotations

from vbhc import docxml as x

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
    return "".join([
        x.tag_paragraph(f"{{%p for doan in {variable} %}}"),
        x.paragraph(style, x.run("{{r doan|runs }}", raw=True)),
        x.tag_paragraph("{%p endfor %}"),
    ])


def numbered_body(variable: str = "noi_dung") -> str:
    """Return the numbered body: one paragraph per entry, styled by its level.

    vbhc computes the labels (I., 1., a), -, +); each level's look is the named
    paragraph style, so a clerk restyles a level once in Word.
    """
    out = [x.tag_paragraph(f"{{%p for doan in {variable} %}}")]
    for index, (kind, style) in enumerate(BODY_STYLES.items()):
        keyword = "if" if index == 0 else "elif"
        out.append(x.tag_paragraph(f'{{%p {keyword} doan.kieu == "{kind}" %}}'))
        out.append(x.paragraph(style, x.run("{{r doan.chu|runs }}", raw=True)))
    out += [x.tag_paragraph("{%p endif %}"), x.tag_paragraph("{%p endfor %}")]
    return "".join(out)


def standard_body() -> list[str]:
    """Return the blocks of a Kế hoạch/Báo cáo body: căn cứ, opening, sections, closing."""
    return [
        paragraph_loop("can_cu", "VBCanCu"),
        paragraph_loop("mo_dau", "VBDoan"),
        numbered_body(),
        paragraph_loop("ket_thuc", "VBDoan"),
    ]
