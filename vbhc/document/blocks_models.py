"""Blocks of the Phụ lục III models beyond Kế hoạch/Báo cáo (Mẫu 1.2–1.9).

The frame stays in ``frame``; these are the parts a kind may add to it, picked by
its declaration (``vbhc.kinds.declarations``): the authority line and the
"QUYẾT ĐỊNH:" lead-in of a Quyết định, Kính gửi, a Giấy mời's lines, a Biên
bản's meeting lines and its two signatures side by side, tables (``bang``
filter), and the body styles of structure A (Điều, Chương).
"""

from __future__ import annotations

from typing import Any

from vbhc.core.textwidth import text_width_twips
from vbhc.document import blocks, frame
from vbhc.document import docxml as x

# -- Kính gửi: the model indents the label about 3.5 cm; the dashes line up after it --
KINH_GUI_INDENT = 1985
KINH_GUI_TEXT = KINH_GUI_INDENT + text_width_twips("Kính gửi: ", frame.SIZE_BODY) + 60

BODY: dict[str, Any] = frame.BODY
EXTRA_STYLES = (
    frame.style("VBThamQuyen", "VB Thẩm quyền ban hành", size=frame.SIZE_BODY, bold=True,
                align="center", before=240, keep_next=True),
    frame.style("VBDanNhap", "VB Lời dẫn (QUYẾT ĐỊNH:)", size=frame.SIZE_BODY, bold=True,
                align="center", before=120, after=120, keep_next=True),
    frame.style("VBGiua", "VB Chương, mục (giữa)", size=frame.SIZE_BODY, bold=True,
                align="center", before=120, keep_next=True),
    frame.style("VBDieu", "VB Điều", **BODY),
    frame.style("VBVv", "VB V/v (trích yếu công văn)", size=12, align="center", before=120),
    frame.style("VBKinhGui", "VB Kính gửi", size=frame.SIZE_BODY, before=240,
                left=KINH_GUI_TEXT, hanging=KINH_GUI_TEXT - KINH_GUI_INDENT, keep_next=True),
    frame.style("VBKinhGuiTiep", "VB Kính gửi (dòng tiếp)", size=frame.SIZE_BODY,
                left=KINH_GUI_TEXT, keep_next=True),
    frame.style("VBBangPhai", "VB Ô bảng (phải)", size=13, align="right", line=240),
    frame.style("VBBangChu", "VB Bằng chữ", **BODY),
    frame.style("VBChucDanhBienBan", "VB Chức danh (biên bản)", size=frame.SIZE_BODY,
                bold=True, align="center", before=240),
)

# -- styles the ``bang`` filter places at render time, so not seen in a template's XML --
RENDER_TIME_STYLES = ("VBBangPhai",)


def styles_used(document_xml: str) -> tuple[str, ...]:
    """Return the extra styles ``document_xml`` refers to, plus those tables need."""
    return tuple(s for s in EXTRA_STYLES if any(
        f'w:styleId="{sid}"' in s for sid in RENDER_TIME_STYLES)
        or f'w:val="{_style_id(s)}"' in document_xml)


def _style_id(style_xml: str) -> str:
    return style_xml.split('w:styleId="', 1)[1].split('"', 1)[0]


BODY_STYLES = {**blocks.BODY_STYLES, "dieu": "VBDieu", "giua": "VBGiua"}


def authority_line() -> str:
    """Return the Quyết định's authority line(s) under the title (caps, bold, centred)."""
    return x.paragraph_loop("tham_quyen", "VBThamQuyen")


def lead_in() -> str:
    """Return the centred "QUYẾT ĐỊNH:" line between the căn cứ and the Điều."""
    return x.paragraph("VBDanNhap", x.run("{{ dan_nhap }}", raw=True))


def kinh_gui() -> str:
    """Return Kính gửi: the first recipient after the label, the others lined up below."""
    first = x.paragraph("VBKinhGui", x.run("Kính gửi:") + "<w:r><w:tab/></w:r>"
                        + x.run("{{ kinh_gui.dau }}", raw=True))
    return first + x.paragraph_loop("kinh_gui.tiep", "VBKinhGuiTiep")


def body(variable: str = "noi_dung") -> str:
    """Return the numbered body with the styles of both structures (A and B)."""
    return blocks.numbered_body(variable, BODY_STYLES)


def lines(variable: str) -> str:
    """Return one body paragraph per rich-text entry of ``variable``."""
    return blocks.paragraph_loop(variable, "VBDoan")


def table(variable: str) -> str:
    """Return a table computed as ``variable`` (``bang`` filter), if there is one."""
    return (x.tag_paragraph(f"{{%p if {variable} %}}") + x.tag_paragraph(
        f"{{{{p {variable}|bang }}}}") + x.tag_paragraph("{%p endif %}"))


def costs() -> str:
    """Return a Tờ trình's cost table: caption, the table, "Bằng chữ: …"."""
    return "".join([
        x.tag_paragraph("{%p if kinh_phi %}"),
        x.tag_paragraph("{%p if kinh_phi.tieu_de %}"),
        x.paragraph("VBKhoanTieuDe", x.run("{{ kinh_phi.tieu_de }}", raw=True)),
        x.tag_paragraph("{%p endif %}"),
        x.tag_paragraph("{{p kinh_phi.bang|bang }}"),
        x.paragraph("VBBangChu", x.run("Bằng chữ: {{ kinh_phi.bang_chu }}.", raw=True)),
        x.tag_paragraph("{%p endif %}"),
    ])


def two_signatures() -> str:
    """Return a Biên bản's signatures: THƯ KÝ on the left, CHỦ TỌA on the right."""
    half = x.TEXT_WIDTH // 2
    cells = []
    for who in ("thu_ky", "chu_toa"):
        cells.append("".join([
            x.paragraph("VBChucDanhBienBan", x.run(f"{{{{ ky.{who}.chuc_danh }}}}", raw=True)),
            *[x.paragraph("VBChoKy") for _ in range(4)],
            x.paragraph("VBHoTen", x.run(f"{{{{ ky.{who}.ho_ten }}}}", raw=True)),
        ]))
    return x.paragraph("VBDoan") + x.table([half, x.TEXT_WIDTH - half], [cells],
                                           cant_split=True)


def annexes() -> str:
    """Return the annexes, which may hold a list (Danh sách) table."""
    return blocks.annexes(extra=table("pl.danh_sach"))


def attached_texts() -> str:
    """Return the texts a Quyết định issues (Mẫu 1.3): each on a new section with boxes 1–2
    and the Quốc hiệu, its tên loại and trích yếu, the "(Kèm theo …)" line, Điều; no
    signature."""
    return "".join([
        x.tag_paragraph("{%p for vb in van_ban_kem_theo %}"),
        x.section_break_paragraph(),
        frame.header_block(number_row=False),
        x.paragraph("VBTenLoai", x.run("{{ vb.ten_loai }}", raw=True)),
        blocks.paragraph_loop("vb.trich_yeu", "VBTrichYeu"),
        x.paragraph("VBKemTheo", x.run("{{ vb.kem_theo }}", raw=True)),
        x.tag_paragraph("{{p vb.ke|ke }}"),
        body("vb.noi_dung"),
        x.tag_paragraph("{%p endfor %}"),
    ])
