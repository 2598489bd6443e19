"""Low-level WordprocessingML: small functions that return XML text.

Everything above this module (the frame, the kinds' body blocks, the template
filters) speaks in paragraphs, runs and styles; only this module knows the
element names. Text is always escaped here.
"""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# -- page geometry (twips) from nd30-format.md §1, vbhc defaults --
A4_WIDTH, A4_HEIGHT = 11906, 16838
MARGIN_TOP = MARGIN_BOTTOM = 1134  # 20 mm
MARGIN_LEFT, MARGIN_RIGHT = 1701, 850  # 30 mm, 15 mm
HEADER_DISTANCE = 567
TEXT_WIDTH = A4_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 9355 twips = 165 mm
LANDSCAPE_TEXT_WIDTH = A4_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT  # on a landscape page

# Relationship ids the frame's header parts always have, so sections can refer to them.
HEADER_DEFAULT_RID = "rIdHeaderDefault"
HEADER_FIRST_RID = "rIdHeaderFirst"

_CONTROL = {i: None for i in [*range(32), 0xFFFE, 0xFFFF] if i not in (9, 10, 13)}
# -- xml.sax.saxutils.escape, without the import of urllib.request it brings (a cold render) --
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def escape(value: str, entities: dict[str, str] | None = None) -> str:
    """Return ``value`` with ``& < >`` (and any ``entities``) replaced by XML entities."""
    for plain, entity in _ESCAPES:
        value = value.replace(plain, entity)
    for plain, entity in (entities or {}).items():
        value = value.replace(plain, entity)
    return value


_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    """Return ``value`` escaped for an XML text node, control characters removed."""
    value = str(value)
    if _NEEDS_WORK.search(value) is None:  # -- the common case, on the per-document path --
        return value
    return escape(value.translate(_CONTROL))


def attr(value: str) -> str:
    """Return ``value`` escaped for a double-quoted XML attribute."""
    return escape(str(value).translate(_CONTROL), {'"': "&quot;"})


_RUN_OPEN = {
    (False, False): "<w:r>",
    (True, False): "<w:r><w:rPr><w:b/><w:bCs/></w:rPr>",
    (False, True): "<w:r><w:rPr><w:i/><w:iCs/></w:rPr>",
    (True, True): "<w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr>",
}


def run(content: str, *, bold: bool = False, italic: bool = False, raw: bool = False) -> str:
    """Return a ``w:r`` holding ``content`` (escaped unless ``raw``)."""
    body = content if raw else text(content)
    return f'{_RUN_OPEN[bool(bold), bool(italic)]}<w:t xml:space="preserve">{body}</w:t></w:r>'


def paragraph(style: str | None, content: str = "", *, ppr_extra: str = "") -> str:
    """Return a ``w:p`` with paragraph style ``style`` and inner run XML ``content``."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr = f"<w:pPr>{style_xml}{ppr_extra}</w:pPr>" if (style_xml or ppr_extra) else ""
    return f"<w:p>{ppr}{content}</w:p>"


def tag_paragraph(tag: str, style: str | None = None) -> str:
    """Return a paragraph holding only a docxtpl tag such as ``{%p for … %}``."""
    return paragraph(style, run(tag, raw=True))


def paragraph_loop(sequence: str, style: str, content: str = "{{ dong }}",
                   item: str = "dong") -> str:
    """Return a docxtpl loop placing one ``style`` paragraph with ``content`` per item."""
    return "".join([
        tag_paragraph(f"{{%p for {item} in {sequence} %}}"),
        paragraph(style, run(content, raw=True)),
        tag_paragraph("{%p endfor %}"),
    ])


def rule_paragraph(length: int, container: int, *, before: int = 0, after: int = 0) -> str:
    """Return an empty paragraph whose bottom border is a centred rule ``length`` twips long.

    NĐ30 practice (§3): a rule is a paragraph border with indents, not typed "____".
    ``before`` and ``after`` (twips) leave space above and below it.
    """
    side = max(0, (container - length) // 2)
    spacing = (f'<w:spacing w:before="{before}" w:after="{after}"/>' if before or after
               else "")
    ppr = (f'<w:pStyle w:val="VBKe"/><w:pBdr><w:bottom w:val="single" w:sz="6" '
           f'w:space="1" w:color="auto"/></w:pBdr>{spacing}'
           f'<w:ind w:left="{side}" w:right="{side}"/>')
    return f"<w:p><w:pPr>{ppr}</w:pPr></w:p>"


def table(widths: list[int], rows: list[list[str]], *, borders: bool = False,
          style: str | None = None, header_rows: int = 0, cant_split: bool = False,
          cell_margin: int | None = 0) -> str:
    """Return a fixed-layout table; each cell is given as its inner paragraph XML.

    A row given as a single string is emitted as-is (e.g. a docxtpl ``{%tr %}`` row).
    """
    border = ('<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>' if borders
              else '<w:{side} w:val="nil"/>')
    sides = "top left bottom right insideH insideV".split()
    borders_xml = "".join(border.format(side=s) for s in sides)
    margins = ""
    if cell_margin is not None:
        margins = (f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/>'
                   f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>')
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    out = [f'<w:tbl><w:tblPr>{style_xml}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblBorders>{borders_xml}</w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/>{margins}'
           f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
           f'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append("</w:tblGrid>")
    for index, cells in enumerate(rows):
        if isinstance(cells, str):
            out.append(cells)
            continue
        out.append(row(widths, cells, header=index < header_rows, cant_split=cant_split))
    out.append("</w:tbl>")
    return "".join(out)


def row(widths: list[int], cells: list[str], *, header: bool = False,
        cant_split: bool = False) -> str:
    """Return a ``w:tr``; ``header`` repeats it on every page, ``cant_split`` keeps it whole."""
    trpr = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    out = [f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}"]
    for width, inner in zip(widths, cells, strict=True):
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                   f"{inner or paragraph(None)}</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def page_size(*, landscape: bool = False) -> str:
    """Return the ``w:pgSz`` of an A4 page."""
    width, height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    orient = ' w:orient="landscape"' if landscape else ""
    return f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'


def section_properties(*, landscape: bool = False, restart_numbering: bool = True) -> str:
    """Return a ``w:sectPr``: A4, NĐ30 margins, page number header hidden on page 1."""
    numbering = '<w:pgNumType w:start="1"/>' if restart_numbering else ""
    return (f'<w:sectPr><w:headerReference w:type="default" r:id="{HEADER_DEFAULT_RID}"/>'
            f'<w:headerReference w:type="first" r:id="{HEADER_FIRST_RID}"/>'
            f'{page_size(landscape=landscape)}'
            f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
            f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" '
            f'w:gutter="0"/>{numbering}<w:titlePg/></w:sectPr>')


def section_break_paragraph(*, landscape: bool = False) -> str:
    """Return an empty paragraph that ends a section (the next one starts a new page)."""
    return f"<w:p><w:pPr>{section_properties(landscape=landscape)}</w:pPr></w:p>"


def page_number_field() -> str:
    """Return the runs of a PAGE field (Word updates it on every page)."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>2</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
