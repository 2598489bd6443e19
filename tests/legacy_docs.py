"""Word documents typed the pre-Unicode way (TCVN3 ``.VnTime`` or ``VNI-Times`` fonts).

The encoders here are written independently of ``vbhc.importer.legacy``: TCVN3 from the
VN3 code chart in code-point order (as Wikipedia "VSCII" prints it), VNI by composing
each letter from its Unicode decomposition (base letter, vowel mark, tone), the way a
VNI keyboard driver types it. A test decoding these documents back therefore checks
vbhc's tables against a second, differently built copy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

# -- VN3, 0xA1..0xFE in code order; "." where VN3 assigns nothing --
_VN3_CHART = (
    "ĂÂÊÔƠƯĐăâêôơưđ."  # A1..AF
    ".....àảãáạ.ằẳẵắ."  # B0..BF
    "......ặầẩẫấậè.ẻẽ"  # C0..CF
    "éẹềểễếệìỉ...ĩíịò"  # D0..DF
    ".ỏõóọồổỗốộờởỡớợù"  # E0..EF
    ".ủũúụừửữứựỳỷỹýỵ"  # F0..FE
)
_TCVN3 = {char: chr(0xA1 + index) for index, char in enumerate(_VN3_CHART) if char != "."}

# -- VNI marks: tone after a vowel; circumflex and breve fused with the tone --
_VNI_TONE = {"": "", "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}

PLAN_HEADER_LEFT = ["UBND TỈNH LÀO CAI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 125/KH-SGDĐT"]
PLAN_HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Lào Cai, ngày 09 tháng 5 năm 2023"]
PLAN_BODY = [
    "KẾ HOẠCH",
    "Tổ chức Ngày hội đọc sách năm 2023",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Nâng cao ý thức đọc sách của học sinh; phát triển văn hóa đọc trong trường học.",
    "2. Yêu cầu",
    "Ủy ban nhân dân các huyện, thị xã phối hợp chặt chẽ; bảo đảm tiết kiệm, hiệu quả.",
    "II. NỘI DUNG",
    "Ngày 09/5/2023 tổ chức khai mạc tại Thư viện tỉnh: trưng bày sách, thi kể chuyện.",
    "Ở mỗi trường, Ấn phẩm mới được giới thiệu; Ước tính kinh phí 12.500.000 đồng.",
    "KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "Nguyễn Thị Hương Giang",
]
PLAN_TEXT_BOX = ["Nơi nhận:", "- Sở Văn hóa, Thể thao và Du lịch;", "- Lưu: VT, GDTrH."]
PLAN_NESTED_CELL = "Tổng cộng: 12 đơn vị trường học, 3.450 lượt người đọc"
PLAN_PAGE_HEADER = "Kế hoạch số 125/KH-SGDĐT, trang đầu"
PLAN_FOOTER = "Địa chỉ: số 8, đường Hoàng Liên, thành phố Lào Cai"

# -- every Vietnamese letter, lower then upper case: the whole table must come back --
ALL_LOWER = "".join(unicodedata.normalize("NFC", vowel + tone)
                    for vowel in "aăâeêioôơuưy"
                    for tone in ("", *"\u0301\u0300\u0309\u0303\u0323")
                    if not (vowel + tone).isascii()) + "đ"
ALL_UPPER = ALL_LOWER.upper()


def tcvn3(text: str) -> str:
    """Return ``text`` as typed in a ``.VnTime`` font (lower case and bare capitals only)."""
    return "".join(_TCVN3.get(char, char) for char in text)


def tcvn3_hoa(text: str) -> str:
    """Return ``text`` as typed in a ``.VnTimeH`` font: lower-case codes, capital glyphs."""
    return tcvn3(text.lower())


def vni(text: str) -> str:
    """Return ``text`` as typed in a ``VNI-Times`` font."""
    return "".join(_vni_letter(char) for char in text)


def _vni_letter(char: str) -> str:
    if char in "đĐ":
        return "ñ" if char == "đ" else "Ñ"
    parts = unicodedata.normalize("NFD", char.lower())
    base, marks = parts[0], parts[1:]
    if base not in "aeiouy" or not marks:
        return char
    tone = next((m for m in marks if m in _VNI_TONE and m), "")
    if base == "i":
        out = _VNI_I[tone]
    elif base == "y" and tone == "\u0323":
        out = "î"
    elif "\u0302" in marks:  # -- circumflex: â ê ô --
        out = base + _VNI_HAT[tone]
    elif "\u0306" in marks:  # -- breve: ă --
        out = base + _VNI_BREVE[tone]
    elif "\u031b" in marks:  # -- horn: ơ ư are one character, the tone follows --
        out = {"o": "ô", "u": "ö"}[base] + _VNI_TONE[tone]
    else:
        out = base + _VNI_TONE[tone]
    return out.upper() if char.isupper() else out


# -- the runs of one paragraph: (text as stored, font name) --
Runs = list[tuple[str, str]]
Typist = Callable[[str], Runs]


def type_tcvn3(text: str) -> Runs:
    """Return the runs a clerk types for ``text`` with the ABC fonts.

    A line in capitals is typed in ``.VnTimeH``; in other lines a toned capital (Ủ, Ấ)
    has no ``.VnTime`` code, so that letter alone is typed in ``.VnTimeH``.
    """
    if text.isupper():
        return [(tcvn3_hoa(text), ".VnTimeH")]
    runs: Runs = []
    for char in text:
        font = ".VnTimeH" if char.isupper() and char not in _TCVN3 and not char.isascii() \
            else ".VnTime"
        typed = tcvn3_hoa(char) if font == ".VnTimeH" else tcvn3(char)
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + typed, font)
        else:
            runs.append((typed, font))
    return runs


def type_vni(text: str) -> Runs:
    """Return the runs of ``text`` typed in ``VNI-Times``, split inside the first letter
    that has a mark (Word splits runs anywhere an edit began)."""
    typed = vni(text)
    cut = next((i for i, char in enumerate(typed) if i and ord(char) > 0x7F
                and typed[i - 1].isascii() and typed[i - 1].isalpha()), 0)
    if not cut:
        return [(typed, "VNI-Times")]
    return [(typed[:cut], "VNI-Times"), (typed[cut:], "VNI-Times")]


def type_unicode(text: str) -> Runs:
    return [(text, "Times New Roman")]


def add_runs(paragraph: Paragraph, runs: Runs) -> Paragraph:
    for text, font in runs:
        run = paragraph.add_run(text)
        run.font.name = font  # -- python-docx names it as w:ascii and w:hAnsi --
    return paragraph


def _text_box(document: Document, lines: list[str], typist: Typist) -> str:
    """Return a ``w:r`` holding a text box (DrawingML with its VML fallback) of ``lines``."""
    paragraphs = ""
    for line in lines:
        p = add_runs(document.add_paragraph(), typist(line))
        paragraphs += p._p.xml
        p._p.getparent().remove(p._p)
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    content = f"<w:txbxContent>{paragraphs}</w:txbxContent>"
    return (f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:inline><wp:extent cx="2743200" cy="914400"/><wp:docPr id="7" name="Hộp"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            f'wordprocessingShape"><wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/>'
            '</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape><v:textbox>'
            f'{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def legacy_plan(typist: Typist, header_typist: Typist | None = None) -> Document:
    """Return a Kế hoạch typed with ``typist``: header table, body, the Nơi nhận in a
    text box, a table nested in a table, a page header and footer, and a line of every
    Vietnamese letter in each case.
    ``header_typist`` types the header table (a Unicode header over an old body)."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (PLAN_HEADER_LEFT, PLAN_HEADER_RIGHT),
                           strict=True):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        for line in lines:
            add_runs(cell.add_paragraph(), (header_typist or typist)(line))
    for line in [*PLAN_BODY, ALL_LOWER, ALL_UPPER]:
        add_runs(document.add_paragraph(), typist(line))
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(_text_box(document, PLAN_TEXT_BOX, typist)))
    inner = document.add_table(rows=1, cols=1).cell(0, 0).add_table(rows=1, cols=1)
    add_runs(inner.cell(0, 0).paragraphs[0], typist(PLAN_NESTED_CELL))
    section = document.sections[0]
    add_runs(section.header.paragraphs[0], typist(PLAN_PAGE_HEADER))
    add_runs(section.footer.paragraphs[0], typist(PLAN_FOOTER))
    return document


def style_font(document: Document, style: str, font: str) -> None:
    """Give paragraph style ``style`` the font ``font`` (runs naming no font inherit it)."""
    r_pr = document.styles[style].element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), font)
